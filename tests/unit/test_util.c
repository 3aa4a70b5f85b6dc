/* test_util.c - buffers, errors, diagnostics, values. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <stdlib.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/error.h"
#include "util/parallel.h"
#include "testutil.h"
#include <stdatomic.h>
#include "tmpl/value.h"

static void buf_appends_and_escapes(void **state)
{
	td_buf b = TD_BUF_INIT;
	(void)state;
	td_buf_puts(&b, "a<b");
	td_buf_put_xml(&b, "&\"x\"<", 5, 1);
	td_buf_printf(&b, "%d", 42);
	assert_string_equal(td_buf_cstr(&b), "a<b&amp;&quot;x&quot;&lt;42");
	td_buf_clear(&b);
	td_buf_put_json(&b, "q\"\n\x01");
	assert_string_equal(td_buf_cstr(&b), "\"q\\\"\\n\\u0001\"");
	td_buf_free(&b);
}

static void buf_oom_is_sticky(void **state)
{
	td_buf b = TD_BUF_INIT;
	(void)state;
	td_alloc_fail_after(0);
	assert_int_equal(td_buf_puts(&b, "x"), -1);
	td_alloc_fail_after(-1);
	assert_int_equal(td_buf_puts(&b, "y"), -1);
	assert_true(td_buf_oom(&b));
	assert_null(td_buf_detach(&b));
}

static void error_last_is_bilingual(void **state)
{
	(void)state;
	thidua_error_clear();
	assert_null(thidua_error_last());
	assert_int_equal(td_error(THIDUA_EIO, "Không đọc được %s", "Cannot read %s", "a.ods"), THIDUA_EIO);
	assert_string_equal(thidua_error_last()->message_vi, "Không đọc được a.ods");
	assert_string_equal(thidua_error_last()->message_en, "Cannot read a.ods");
}

static void diags_collect_and_render(void **state)
{
	thidua_diags *d = thidua_diags_new();
	char *s = NULL;
	(void)state;
	assert_non_null(d);
	td_diag_error(d, "data.missing-sheet", "x.ods", "Cụm!B3", "Thiếu %s", "Missing %s", "Năm");
	td_diag_warn(d, "data.text", NULL, NULL, "cảnh báo", "warning");
	td_diags_set_file(d, 0, "y.ods");
	assert_int_equal(thidua_diags_count(d), 2);
	assert_int_equal(thidua_diags_error_count(d), 1);
	assert_string_equal(thidua_diags_get(d, 1)->file, "y.ods");
	assert_int_equal(thidua_diags_to_text(&s, d, THIDUA_LANG_EN), 0);
	assert_non_null(strstr(s, "x.ods: Cụm!B3: error [data.missing-sheet]: Missing Năm"));
	free(s);
	assert_int_equal(thidua_diags_to_json(&s, d), 0);
	assert_non_null(strstr(s, "\"where\":\"Cụm!B3\""));
	assert_non_null(strstr(s, "\"severity\":\"warning\""));
	free(s);
	thidua_diags_free(d);
}

static void values_build_and_fail_sticky(void **state)
{
	td_value *m = td_v_map(), *l = td_v_list();
	(void)state;
	td_v_list_push(l, td_v_str("a"));
	td_v_list_push(l, td_v_int(3));
	td_v_map_set(m, "l", l);
	td_v_map_set(m, "n", td_v_num(9875));
	assert_false(td_v_failed(m));
	assert_int_equal(td_v_len(td_v_map_get(m, "l")), 2);
	assert_int_equal(td_v_list_at(td_v_map_get(m, "l"), 1)->u.num, 300);
	assert_true(td_v_truthy(td_v_map_get(m, "n")));
	td_v_map_set(m, "bad", NULL);
	assert_true(td_v_failed(m));
	td_v_unref(m);
}

/* Every index runs exactly once, on every worker count. */
typedef struct par_ctx {
	atomic_int *runs;
	size_t fail_from; /* indexes >= this fail (SIZE_MAX: none) */
	atomic_int ran_after_fail;
} par_ctx;

static int par_task(void *ctx, size_t i, unsigned worker)
{
	par_ctx *c = ctx;

	assert_true(worker < TD_PARALLEL_MAX);
	atomic_fetch_add(&c->runs[i], 1);
	if (i >= c->fail_from)
		return td_error(THIDUA_EDATA, "hỏng ở %zu", "broken at %zu", i);
	return 0;
}

static void parallel_runs_each_index_once(void **state)
{
	enum { N = 5000 };
	static atomic_int runs[N];
	unsigned threads;

	(void)state;
	for (threads = 0; threads <= 4; threads++) {
		par_ctx c = { runs, SIZE_MAX, 0 };
		size_t i;

		for (i = 0; i < N; i++)
			atomic_init(&runs[i], 0);
		assert_int_equal(td_parallel_for(N, threads, par_task, &c), 0);
		for (i = 0; i < N; i++)
			assert_int_equal(atomic_load(&runs[i]), 1);
	}
	assert_int_equal(td_parallel_for(0, 0, par_task, NULL), 0);
}

/* The result is the lowest failing index's, with its message, as a loop
 * would give; every index below it ran. */
static void parallel_reports_lowest_failure(void **state)
{
	enum { N = 2000 };
	static atomic_int runs[N];
	unsigned threads;

	(void)state;
	for (threads = 1; threads <= 4; threads++) {
		par_ctx c = { runs, 700, 0 };
		const thidua_error *e;
		size_t i;

		for (i = 0; i < N; i++)
			atomic_init(&runs[i], 0);
		thidua_error_clear();
		assert_int_equal(td_parallel_for(N, threads, par_task, &c), THIDUA_EDATA);
		e = thidua_error_last();
		assert_non_null(e);
		assert_string_equal(e->message_vi, "hỏng ở 700");
		assert_string_equal(e->message_en, "broken at 700");
		for (i = 0; i < 700; i++)
			assert_int_equal(atomic_load(&runs[i]), 1);
		if (threads == 1)
			assert_int_equal(atomic_load(&runs[701]), 0);
	}
}

static void parallel_workers_follow_environment(void **state)
{
	(void)state;
	tu_setenv("THIDUA_THREADS", "3");
	assert_int_equal(td_parallel_workers(100), 3);
	assert_int_equal(td_parallel_workers(2), 2);
	assert_int_equal(td_parallel_workers(0), 1);
	tu_setenv("THIDUA_THREADS", "99"); /* out of range: ignored */
	assert_true(td_parallel_workers(100) >= 1);
	assert_true(td_parallel_workers(100) <= TD_PARALLEL_MAX);
	tu_setenv("THIDUA_THREADS", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_appends_and_escapes),
		cmocka_unit_test(buf_oom_is_sticky),
		cmocka_unit_test(error_last_is_bilingual),
		cmocka_unit_test(diags_collect_and_render),
		cmocka_unit_test(values_build_and_fail_sticky),
		cmocka_unit_test(parallel_runs_each_index_once),
		cmocka_unit_test(parallel_reports_lowest_failure),
		cmocka_unit_test(parallel_workers_follow_environment),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
