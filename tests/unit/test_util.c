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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_appends_and_escapes),
		cmocka_unit_test(buf_oom_is_sticky),
		cmocka_unit_test(error_last_is_bilingual),
		cmocka_unit_test(diags_collect_and_render),
		cmocka_unit_test(values_build_and_fail_sticky),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
