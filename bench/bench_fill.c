/* bench_fill.c - how fast and how lean filling is: the default agreement
 * from the example cluster (template compiled once, filled N times), and a
 * 10,000-row table. Prints the median of N runs and the peak memory. */
#include "thidua.h"
#include "tmpl/template.h"
#include "tmpl/value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static long peak_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static const char big_table[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
	"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
	"xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" office:version=\"1.3\" "
	"office:mimetype=\"application/vnd.oasis.opendocument.text\"><office:body><office:text>"
	"<table:table table:name=\"T\"><table:table-column table:number-columns-repeated=\"3\"/>"
	"<table:table-row><table:table-cell><text:p>{% for u in rows %}</text:p></table:table-cell>"
	"<table:table-cell/><table:table-cell/></table:table-row>"
	"<table:table-row><table:table-cell><text:p>{{ loop.index }}</text:p></table:table-cell>"
	"<table:table-cell><text:p>{{ u.ten | upper }}</text:p></table:table-cell>"
	"<table:table-cell><text:p>{{ u.diem | number(2) }}</text:p></table:table-cell></table:table-row>"
	"<table:table-row><table:table-cell><text:p>{% endfor %}</text:p></table:table-cell>"
	"<table:table-cell/><table:table-cell/></table:table-row>"
	"</table:table></office:text></office:body></office:document>\n";

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 100, i;
	const char *data = argc > 2 ? argv[2] : "examples/cum-xii-ha-noi-2018.fods";
	char dir[] = "/tmp/thidua-bench-XXXXXX", out[512], tpath[512];
	thidua_cluster *c = NULL;
	thidua_template *t = NULL;
	thidua_fill_options o = THIDUA_FILL_OPTIONS_INIT;
	double *ms = calloc((size_t)n, sizeof *ms), t0;
	FILE *f;

	o.overwrite = 1;
	if (!ms || !mkdtemp(dir) || thidua_cluster_load(&c, data, NULL) < 0) {
		fprintf(stderr, "bench: setup failed\n");
		return 1;
	}
	snprintf(tpath, sizeof tpath, "%s/agreement.fodt", thidua_template_dir());
	t0 = now_ms();
	if (thidua_template_open(&t, tpath, NULL) < 0) {
		fprintf(stderr, "bench: cannot open %s\n", tpath);
		return 1;
	}
	printf("agreement template compiled once: %.2f ms\n", now_ms() - t0);
	snprintf(out, sizeof out, "%s/a.odt", dir);
	for (i = 0; i < n; i++) {
		t0 = now_ms();
		if (thidua_template_fill(t, c, out, &o, NULL) < 0) {
			fprintf(stderr, "bench: fill failed\n");
			return 1;
		}
		ms[i] = now_ms() - t0;
	}
	printf("agreement, %d units, filled %d times: median %.2f ms per document\n",
	       (int)thidua_cluster_unit_count(c), n, median(ms, n));
	thidua_template_free(t);

	/* 10,000 rows */
	snprintf(tpath, sizeof tpath, "%s/big.fodt", dir);
	f = fopen(tpath, "w");
	if (!f || fputs(big_table, f) < 0 || fclose(f) != 0)
		return 1;
	{
		td_value *root = td_v_map(), *rows = td_v_list();
		char name[64];
		int k, runs = n < 5 ? n : 5;
		for (k = 0; k < 10000; k++) {
			td_value *u = td_v_map();
			snprintf(name, sizeof name, "Đơn vị thứ %d của cụm", k + 1);
			td_v_map_set(u, "ten", td_v_str(name));
			td_v_map_set(u, "diem", td_v_num(9000 + k % 1000));
			td_v_list_push(rows, u);
		}
		td_v_map_set(root, "rows", rows);
		if (td_v_failed(root) || thidua_template_open(&t, tpath, NULL) < 0)
			return 1;
		snprintf(out, sizeof out, "%s/big.odt", dir);
		for (i = 0; i < runs; i++) {
			t0 = now_ms();
			if (td_template_fill_value(t, root, out, &o, NULL) < 0)
				return 1;
			ms[i] = now_ms() - t0;
		}
		printf("table of 10,000 rows: median %.1f ms per document (%d runs)\n", median(ms, runs), runs);
		thidua_template_free(t);
		td_v_unref(root);
	}
	printf("peak memory: %.1f MB\n", peak_kb() / 1024.0);
	unlink(out);
	snprintf(out, sizeof out, "%s/a.odt", dir);
	unlink(out);
	unlink(tpath);
	rmdir(dir);
	thidua_cluster_free(c);
	free(ms);
	return 0;
}
