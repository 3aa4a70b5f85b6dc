/* bench_peer.c - thidua's side of `make bench PEERS=1`: fill a template with
 * the peers' data (bench/peers/run.py builds the same for Carbone and
 * relatorio: a heading, three fields, a 5-column table, totals), the
 * template compiled once. Prints "<median ms per document> <runs>".
 *
 *   bench_peer TEMPLATE ROWS RUNS OUT.odt */
#include "thidua.h"
#include "tmpl/template.h"
#include "tmpl/value.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

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

/* The data, as bench/peers/run.py makes it for the peers. */
static td_value *make_data(int n)
{
	td_value *root = td_v_map(), *rows = td_v_list();
	long t[3] = { 0, 0, 0 };
	char name[96];
	int i;

	td_v_map_set(root, "tieu_de", td_v_str("BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA"));
	td_v_map_set(root, "ten", td_v_str("Cụm thi đua số XII"));
	td_v_map_set(root, "nam", td_v_str("2018"));
	td_v_map_set(root, "dia_danh", td_v_str("Hà Nội"));
	for (i = 1; i <= n; i++) {
		td_value *r = td_v_map();
		long a = 80 + i % 20, b = 78 + i % 22, c = (a + b) / 2;
		snprintf(name, sizeof name, "%d", i);
		td_v_map_set(r, "stt", td_v_str(name));
		snprintf(name, sizeof name, "Đơn vị thứ %d của cụm", i);
		td_v_map_set(r, "ten", td_v_str(name));
		snprintf(name, sizeof name, "%ld", a);
		td_v_map_set(r, "tu_cham", td_v_str(name));
		snprintf(name, sizeof name, "%ld", b);
		td_v_map_set(r, "tham_dinh", td_v_str(name));
		snprintf(name, sizeof name, "%ld", c);
		td_v_map_set(r, "cuoi_cung", td_v_str(name));
		td_v_list_push(rows, r);
		t[0] += a;
		t[1] += b;
		t[2] += c;
	}
	td_v_map_set(root, "rows", rows);
	for (i = 0; i < 3; i++) {
		static const char *const k[3] = { "tong_tu_cham", "tong_tham_dinh", "tong_cuoi_cung" };
		snprintf(name, sizeof name, "%ld", t[i]);
		td_v_map_set(root, k[i], td_v_str(name));
	}
	return root;
}

int main(int argc, char **argv)
{
	thidua_template *t = NULL;
	thidua_fill_options o = THIDUA_FILL_OPTIONS_INIT;
	td_value *data;
	double *ms, t0;
	int rows, runs, i;

	if (argc != 5)
		return 2;
	rows = atoi(argv[2]);
	runs = atoi(argv[3]);
	if (rows < 1 || runs < 1 || !(ms = calloc((size_t)runs, sizeof *ms)))
		return 2;
	o.overwrite = 1;
	data = make_data(rows);
	if (td_v_failed(data) || thidua_template_open(&t, argv[1], NULL) < 0) {
		fprintf(stderr, "bench_peer: cannot open %s\n", argv[1]);
		return 1;
	}
	for (i = 0; i < runs; i++) {
		t0 = now_ms();
		if (td_template_fill_value(t, data, argv[4], &o, NULL) < 0) {
			fprintf(stderr, "bench_peer: fill failed: %s\n", thidua_error_last()->message_en);
			return 1;
		}
		ms[i] = now_ms() - t0;
	}
	qsort(ms, (size_t)runs, sizeof *ms, cmp);
	printf("%.4f %d\n", ms[runs / 2], runs);
	thidua_template_free(t);
	td_v_unref(data);
	free(ms);
	return 0;
}
