/* bench_fill.c - how fast and how lean filling is: the default agreement
 * from the example cluster (template compiled once, filled N times), and a
 * 10,000-row table. Prints the median of N runs, the peak memory, the cost
 * of deflating the document's own parts with one reused stream (the floor a
 * writer can reach) at levels 1, 6 and 9, and each target with the measured
 * figure (PASS/MISS). Files go to /dev/shm when there is one, so that the
 * figures are the work of filling, not the latency of the disk's fsync
 * (printed apart). */
#define _DEFAULT_SOURCE /* getloadavg */
#include "odf/package.h"
#include "thidua.h"
#include "tmpl/template.h"
#include "tmpl/value.h"

#include <zlib.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time of the process (every thread), for a busy machine where wall
 * time also counts the other processes' turns. */
static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
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

static void target(const char *what, double v, const char *unit, double limit)
{
	printf("  %-52s %10.3f %-3s  target <= %-8g %s\n", what, v, unit, limit,
	       v <= limit ? "PASS" : "MISS");
}

/* Median ms of deflating every part of the written document (as the writer
 * does: one stream, reset between parts) at a level; *zbytes the output. */
static double deflate_floor(const char *path, int level, int runs, size_t *zbytes)
{
	td_pkg *pkg = NULL;
	char *data[16];
	size_t len[16], np = 0, i, cap;
	double ms[64], t0;
	unsigned char *out;
	z_stream z;
	int r;

	if (td_pkg_open(&pkg, path, NULL) < 0)
		return -1;
	for (i = 0; i < td_pkg_part_count(pkg) && np < 16; i++) {
		const char *name = td_pkg_part_name(pkg, i);
		if (!strcmp(name, "mimetype"))
			continue;
		if (td_pkg_read(pkg, name, &data[np], &len[np]) == 0)
			np++;
	}
	td_pkg_free(pkg);
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	cap = 0;
	for (i = 0; i < np; i++)
		if (deflateBound(&z, len[i]) > cap)
			cap = deflateBound(&z, len[i]);
	out = malloc(cap);
	if (runs > 64)
		runs = 64;
	for (r = 0; r < runs && out; r++) {
		*zbytes = 0;
		t0 = now_ms();
		for (i = 0; i < np; i++) {
			deflateReset(&z);
			z.next_in = (unsigned char *)data[i];
			z.avail_in = (unsigned)len[i];
			z.next_out = out;
			z.avail_out = (unsigned)cap;
			deflate(&z, Z_FINISH);
			*zbytes += z.total_out;
		}
		ms[r] = now_ms() - t0;
	}
	deflateEnd(&z);
	free(out);
	for (i = 0; i < np; i++)
		free(data[i]);
	return median(ms, runs);
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
	char dir[] = "/dev/shm/thidua-bench-XXXXXX", out[512], tpath[512];
	double fill_ms, floor_ms, fs_ms, big_ms;
	size_t zb;
	struct stat sb;
	thidua_cluster *c = NULL;
	thidua_template *t = NULL;
	thidua_fill_options o = THIDUA_FILL_OPTIONS_INIT;
	double *ms = calloc((size_t)n, sizeof *ms), *cms = calloc((size_t)n, sizeof *cms), t0, c0;
	double fill_cpu;
	FILE *f;

	o.overwrite = 1;
	if (stat("/dev/shm", &sb) != 0 || !S_ISDIR(sb.st_mode))
		memcpy(dir, "/tmp/thidua-bench-XXXXXX", sizeof "/tmp/thidua-bench-XXXXXX");
	if (!ms || !cms || !mkdtemp(dir) || thidua_cluster_load(&c, data, NULL) < 0) {
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
		c0 = cpu_ms();
		if (thidua_template_fill(t, c, out, &o, NULL) < 0) {
			fprintf(stderr, "bench: fill failed\n");
			return 1;
		}
		cms[i] = cpu_ms() - c0;
		ms[i] = now_ms() - t0;
	}
	fill_ms = median(ms, n);
	fill_cpu = median(cms, n);
	printf("agreement, %d units, filled %d times into %s: median %.3f ms per document "
	       "(CPU %.3f ms)\n", (int)thidua_cluster_unit_count(c), n, dir, fill_ms, fill_cpu);
	for (i = 1; i <= 9; i += i == 1 ? 5 : 3) {
		double fl = deflate_floor(out, i, n, &zb);
		printf("  deflating its own parts, level %d, one reused stream: %.3f ms, %zu bytes%s\n", i,
		       fl, zb, i == TD_PKG_DEFLATE_LEVEL ? " (the writer's level)" : "");
	}
	floor_ms = deflate_floor(out, TD_PKG_DEFLATE_LEVEL, n, &zb);
	/* the same fill into a folder on the disk: the one fsync it costs */
	{
		char disk[] = "/tmp/thidua-bench-XXXXXX", dout[600];
		int runs = n < 20 ? n : 20;
		if (mkdtemp(disk)) {
			snprintf(dout, sizeof dout, "%s/a.odt", disk);
			for (i = 0; i < runs; i++) {
				t0 = now_ms();
				if (thidua_template_fill(t, c, dout, &o, NULL) < 0)
					break;
				ms[i] = now_ms() - t0;
			}
			fs_ms = median(ms, runs);
			printf("  the same into %s (with its fsync): median %.3f ms\n", disk, fs_ms);
			unlink(dout);
			rmdir(disk);
		}
	}
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
		big_ms = median(ms, runs);
		printf("table of 10,000 rows: median %.1f ms per document (%d runs)\n", big_ms, runs);
		thidua_template_free(t);
		td_v_unref(root);
	}
	printf("peak memory: %.1f MB\n", peak_kb() / 1024.0);
	{
		double load[3] = { 0, 0, 0 };
		if (getloadavg(load, 3) < 0)
			load[0] = -1;
		printf("targets (2 cores; Carbone's warm fill: 4.81 ms, ../shared/peers.md; wall time, "
		       "load average %.1f: CPU time is above):\n", load[0]);
	}
	target("warm agreement fill, ms (20x faster than Carbone)", fill_ms, "ms", 4.81 / 20);
	target("warm fill / deflating its own parts", fill_ms / floor_ms, "x", 3);
	unlink(out);
	snprintf(out, sizeof out, "%s/a.odt", dir);
	unlink(out);
	unlink(tpath);
	rmdir(dir);
	thidua_cluster_free(c);
	free(ms);
	free(cms);
	return 0;
}
