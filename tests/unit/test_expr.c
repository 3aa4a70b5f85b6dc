/* test_expr.c - template expressions: lexer, parser, evaluator, filters,
 * text form of values, errors, limits, scopes and out-of-memory paths. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "thidua.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "tmpl/expr.h"
#include "tmpl/value.h"

/* ---- fixtures ----------------------------------------------------------- */

static td_value *unit(const char *ten, int64_t diem, int truong)
{
	td_value *m = td_v_map();
	td_v_map_set(m, "ten", td_v_str(ten));
	td_v_map_set(m, "diem", td_v_num(diem));
	td_v_map_set(m, "truong", td_v_bool(truong));
	return m;
}

/* The data every table case sees. */
static td_value *make_data(void)
{
	td_value *root = td_v_map(), *cum = td_v_map(), *dv = td_v_list(), *ds = td_v_list();
	td_value *u = td_v_map(), *nums = td_v_list();

	td_v_map_set(cum, "ten", td_v_str("Cụm thi đua số 3"));
	td_v_map_set(cum, "ngay_ky", td_v_date(2017, 2, 5));
	td_v_map_set(cum, "truong", td_v_str("Sở Nội vụ"));
	td_v_map_set(root, "cum", cum);
	td_v_list_push(dv, unit("Sở Tư pháp", 9850, 1));
	td_v_list_push(dv, unit("Sở Y tế", 9725, 0));
	td_v_list_push(dv, unit("Ủy ban nhân dân", 10000, 0));
	td_v_map_set(root, "don_vi", dv);
	td_v_list_push(ds, td_v_int(1));
	td_v_list_push(ds, td_v_int(2));
	td_v_list_push(ds, td_v_int(3));
	td_v_map_set(root, "ds", ds);
	td_v_list_push(nums, td_v_int(1));
	td_v_list_push(nums, td_v_null());
	td_v_list_push(nums, td_v_int(3));
	td_v_map_set(root, "co_rong", nums);
	td_v_map_set(u, "ten", td_v_str("Nguyễn Văn An"));
	td_v_map_set(u, "truong", td_v_bool(0));
	td_v_map_set(root, "u", u);
	td_v_map_set(root, "x", td_v_num(9850));
	td_v_map_set(root, "n", td_v_int(5));
	td_v_map_set(root, "ten", td_v_str("đặng thị ánh"));
	td_v_map_set(root, "s", td_v_str(" \t đơn vị \xC2\xA0"));
	td_v_map_set(root, "rong", td_v_str(""));
	td_v_map_set(root, "nul", td_v_null());
	td_v_map_set(root, "f", td_v_bool(0));
	td_v_map_set(root, "ngay", td_v_str("2017-02-15"));
	return root;
}

static td_value *data;

static int setup(void **state)
{
	(void)state;
	data = make_data();
	return td_v_failed(data) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	td_v_unref(data);
	return 0;
}

/* Parse, evaluate and render; returns the text (td_free) or NULL with *rc
 * and *err set. */
static char *run(const char *src, const td_scope *sc, td_expr_error *err, int *rc)
{
	td_expr *e = NULL;
	td_value *v = NULL;
	td_buf b = TD_BUF_INIT;
	char *out = NULL;

	*rc = td_expr_parse(&e, src, strlen(src), err);
	if (*rc < 0)
		return NULL;
	*rc = td_expr_eval(&v, e, sc, err);
	if (*rc == 0) {
		*rc = td_value_to_text(&b, v);
		if (*rc == 0)
			out = td_buf_detach(&b);
		if (!out && *rc == 0)
			*rc = THIDUA_ENOMEM;
	}
	td_buf_free(&b);
	td_v_unref(v);
	td_expr_free(e);
	return out;
}

/* ---- table of good expressions ------------------------------------------ */

static const struct { const char *src, *want; } good[] = {
	/* literals and arithmetic on hundredths */
	{ "12", "12" },
	{ "2.5", "2,5" },
	{ "1 + 2", "3" },
	{ "1 - 2 - 3", "-4" },
	{ "2 + 3 * 4", "14" },
	{ "(2 + 3) * 4", "20" },
	{ "2.5 * 4", "10" },
	{ "10 / 3", "3,33" },
	{ "2 / 3", "0,67" },
	{ "-7 / 2", "-3,5" },
	{ "0.05 * 0.1", "0,01" },
	{ "-0.05 * 0.1", "-0,01" },
	{ "7 % 3", "1" },
	{ "7.5 % 2", "1,5" },
	{ "--3", "3" },
	{ "-(1 + 2)", "-3" },
	{ "-n", "-5" },
	{ "x + 1.5", "100" },
	{ "100 - x", "1,5" },
	/* text */
	{ "'a' ~ \"b\"", "ab" },
	{ "\"q\\\"\\\\\\n'\" ~ '\\''", "q\"\\\n''" },
	{ "cum.ten ~ ' - ' ~ n", "Cụm thi đua số 3 - 5" },
	{ "\"a\" ~ true ~ false ~ none ~ nul", "acókhông" },
	{ "ds ~ ''", "1, 2, 3" },
	{ "cum.ngay_ky ~ ''", "05/02/2017" },
	{ "[1, [2, 'ba']]", "1, 2, ba" },
	{ "[]", "" },
	/* comparisons */
	{ "1 < 2", "có" },
	{ "2 <= 2", "có" },
	{ "3 > 2.99", "có" },
	{ "2 >= 3", "không" },
	{ "'b' > 'a'", "có" },
	{ "'Ánh' < 'Bình'", "có" },
	{ "'Đức' > 'Dũng'", "có" },
	{ "'a' == 'a'", "có" },
	{ "1 == '1'", "không" },
	{ "1 != '1'", "có" },
	{ "nul == none", "có" },
	{ "x == 98.5", "có" },
	{ "[1, 2] == [1, 2]", "có" },
	{ "cum.ngay_ky < cum.ngay_ky", "không" },
	{ "cum.ngay_ky >= cum.ngay_ky", "có" },
	{ "2 in ds", "có" },
	{ "4 in ds", "không" },
	{ "'Tư' in 'Sở Tư pháp'", "có" },
	{ "'ten' in cum", "có" },
	{ "'' in 'abc'", "có" },
	/* logic */
	{ "true and false", "không" },
	{ "false or 1", "có" },
	{ "not nul", "có" },
	{ "not not 'x'", "có" },
	{ "not false and false", "không" },
	{ "not (false and false)", "có" },
	{ "false and u.khong_co", "không" },
	{ "true or u.khong_co", "có" },
	{ "1 < 2 and 'a' in 'abc' or false", "có" },
	/* precedence of filters */
	{ "x + 1 | number(2)", "99,50" },
	{ "'Điểm: ' ~ x | number(2)", "Điểm: 98,50" },
	{ "don_vi | length > 2", "có" },
	{ "-x | number(2)", "-98,50" },
	{ "ds | length + 1", "4" },
	{ "ds | length - 1 | pad2", "02" },
	{ "x | int * 2 + 1", "199" },
	{ "ds | sum * 2 > 10 and ds | length == 3", "có" },
	/* names, attributes, indexes */
	{ "don_vi[0].ten", "Sở Tư pháp" },
	{ "don_vi[-1].ten", "Ủy ban nhân dân" },
	{ "don_vi[1]['diem']", "97,25" },
	{ "cum['ten']", "Cụm thi đua số 3" },
	{ "ds[1 + 1]", "3" },
	{ "(don_vi | last).ten", "Ủy ban nhân dân" },
	{ "[10, 20][-2]", "10" },
	/* filters: text */
	{ "ten | upper", "ĐẶNG THỊ ÁNH" },
	{ "ten | upper | glue_last", "ĐẶNG THỊ\xC2\xA0ÁNH" },
	{ "'VNPT' | glue_last", "VNPT" },
	{ "'Hà Nội ' | glue_last", "Hà\xC2\xA0Nội " },
	/* rule: "MMMMMMMMMM" prints 10 x 944 thousandths of an em (Times Bold);
	 * 0,42 of it in quarter ems: 9 440 x 0,42 x 4 / 1 000 = 15,9 -> 16; at a
	 * 7 pt rule under 13 pt text x 13 / 7 = 29,5 -> 29; into 1 cm at 13 pt (a
	 * line of 72 / 2,54 / 13 = 2,18 em) every word is cut to the line: 2,18 x
	 * 1,68 = 3,7 -> 4; "IIII": 4 x 389 -> 2,6 -> 3; Đ is a D (722) -> 1,2 -> 1 */
	{ "'MMMMMMMMMM' | rule(20)", "\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0" },
	{ "'MMMMMMMMMM' | rule(20, 13, 7)", "\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0" },
	{ "'MMMMM MMMMM' | rule(1)", "\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0" },
	{ "'IIII' | rule(20, 13)", "\xC2\xA0\xC2\xA0\xC2\xA0" },
	{ "'Đ' | rule(20)", "\xC2\xA0" },
	{ "'' | rule(20)", "" },
	{ "'CỤC THỐNG KÊ THÀNH PHỐ HÀ NỘI' | glue_last", "CỤC THỐNG KÊ THÀNH\xC2\xA0PHỐ\xC2\xA0HÀ\xC2\xA0NỘI" },
	{ "'Ngân hàng Nhà nước Chi nhánh Hà Nội' | glue_last", "Ngân hàng Nhà nước Chi\xC2\xA0nhánh\xC2\xA0Hà\xC2\xA0Nội" },
	{ "'TRUNG TÂM KINH DOANH VNPT - HÀ NỘI' | glue_last", "TRUNG TÂM KINH DOANH VNPT\xC2\xA0-\xC2\xA0HÀ\xC2\xA0NỘI" },
	{ "'UBND THÀNH PHỐ HÀ NỘI' | glue_last", "UBND THÀNH\xC2\xA0PHỐ\xC2\xA0HÀ\xC2\xA0NỘI" },
	{ "'THÀNH PHỐ HÀ NỘI' | glue_last", "THÀNH PHỐ HÀ\xC2\xA0NỘI" },
	{ "'ĐƠN VỊ Ủy' | lower", "đơn vị ủy" },
	{ "s | trim", "đơn vị" },
	{ "ten | capitalize", "Đặng thị ánh" },
	{ "'«đơn»' | capitalize", "«Đơn»" },
	{ "'' | capitalize", "" },
	{ "x | upper", "98,5" },
	/* filters: dates */
	{ "cum.ngay_ky | date", "ngày 05 tháng 02 năm 2017" },
	{ "cum.ngay_ky | date_short", "05/02/2017" },
	{ "cum.ngay_ky | day", "5" },
	{ "cum.ngay_ky | month", "2" },
	{ "cum.ngay_ky | year | pad2", "2017" },
	{ "ngay | date", "ngày 15 tháng 02 năm 2017" },
	/* filters: numbers */
	{ "x | number", "98,5" },
	{ "x | number(2)", "98,50" },
	{ "1234567 | number", "1.234.567" },
	{ "4 | roman", "IV" },
	{ "14 | roman", "XIV" },
	{ "1 | letter", "a" },
	{ "5 | letter", "đ" },
	{ "7 | letter", "g" },
	{ "5 | pad2", "05" },
	{ "12 | pad2", "12" },
	{ "-3 | pad2", "-03" },
	{ "2.5 | int", "3" },
	{ "-2.5 | int", "-3" },
	{ "2.49 | int", "2" },
	{ "'8,4' | int", "8" },
	{ "x | string ~ '!'", "98,5!" },
	{ "x | string | length", "4" },
	/* filters: values and lists */
	{ "nul | default('—')", "—" },
	{ "rong | default('x')", "x" },
	{ "u.tenn | default('không rõ')", "không rõ" },
	{ "khong_co | upper | default('?')", "?" },
	{ "x | default(1)", "98,5" },
	{ "f | default(1)", "không" },
	{ "ds | join(' - ')", "1 - 2 - 3" },
	{ "ds | join", "1, 2, 3" },
	{ "don_vi | map('ten') | join('; ')", "Sở Tư pháp; Sở Y tế; Ủy ban nhân dân" },
	{ "don_vi | attr('diem') | join('/')", "98,5/97,25/100" },
	{ "don_vi | length", "3" },
	{ "don_vi | count", "3" },
	{ "ten | length", "12" },
	{ "cum | count", "3" },
	{ "nul | length", "0" },
	{ "ds | sum", "6" },
	{ "don_vi | sum('diem')", "295,75" },
	{ "don_vi | avg('diem')", "98,58" },
	{ "don_vi | min('diem')", "97,25" },
	{ "don_vi | max('diem')", "100" },
	{ "co_rong | avg", "2" },
	{ "co_rong | sum", "4" },
	{ "[] | avg", "" },
	{ "[] | sum", "0" },
	{ "[-1, 5, -7] | min", "-7" },
	{ "ds | first", "1" },
	{ "ds | last", "3" },
	{ "[] | first", "" },
	{ "ten | first", "đ" },
	{ "ten | last", "h" },
	{ "ds | batch(2) | length", "2" },
	{ "(ds | batch(2))[1] | join", "3" },
	{ "[1, 2, 3, 4, 5] | batch(2) | last | first", "5" },
	{ "don_vi | batch(2) | first | map('ten') | join(' & ')", "Sở Tư pháp & Sở Y tế" },
	{ "don_vi | batch(100) | length", "1" },
	{ "don_vi | where('truong') | map('ten') | join", "Sở Tư pháp" },
	{ "(don_vi | where('diem', 100) | first).ten", "Ủy ban nhân dân" },
	{ "don_vi | where('truong', false) | length", "2" },
	{ "don_vi | where('khong_co') | length", "0" },
	/* Unicode names */
	{ "ten ~ ''", "đặng thị ánh" },
};

static void expressions_render(void **state)
{
	td_scope sc = { NULL, NULL, NULL, data };
	size_t i;
	(void)state;

	for (i = 0; i < sizeof good / sizeof *good; i++) {
		td_expr_error err;
		int rc;
		char *got = run(good[i].src, &sc, &err, &rc);

		if (!got || strcmp(got, good[i].want) != 0)
			fail_msg("%s\n  want «%s»\n  got  «%s» (rc %d %s: %s)", good[i].src, good[i].want,
			         got ? got : "(null)", rc, got ? "" : err.code, got ? "" : err.msg_en);
		td_free(got);
	}
}

/* attr/map take a list: on a single map, a type error (use `.name`). */
static void attr_needs_list(void **state)
{
	td_scope sc = { NULL, NULL, NULL, data };
	td_expr_error err;
	int rc;
	char *got = run("cum | attr('ten')", &sc, &err, &rc);
	(void)state;
	assert_null(got);
	assert_int_equal(rc, THIDUA_ETEMPLATE);
	assert_string_equal(err.code, "expr.filter-type");
	assert_non_null(strstr(err.msg_en, "map"));
}

/* ---- errors ------------------------------------------------------------- */

static const struct { const char *src, *code; int pos; const char *in_msg; } bad[] = {
	/* parse */
	{ "", "expr.empty", 0, NULL },
	{ "   ", "expr.empty", 0, NULL },
	{ "1 +", "expr.syntax", 3, "1 +" },
	{ "(1 + 2", "expr.unclosed", 0, "(" },
	{ "[1, 2", "expr.unclosed", 0, "[" },
	{ "a['x'", "expr.unclosed", 1, "[" },
	{ "x | number(2", "expr.unclosed", 10, "(" },
	{ "'abc", "expr.unclosed", 0, "'" },
	{ "\"abc\\\"", "expr.unclosed", 0, "\"" },
	{ "(1 + 2]", "expr.syntax", 6, "]" },
	{ "1 2", "expr.syntax", 2, "2" },
	{ "a b c", "expr.syntax", 2, "b c" },
	{ "1)", "expr.syntax", 1, ")" },
	{ "a = 1", "expr.syntax", 2, "==" },
	{ "a ! b", "expr.syntax", 2, "!=" },
	{ "a $ b", "expr.syntax", 2, "$" },
	{ "a < b < c", "expr.syntax", 6, "< c" },
	{ "a.1", "expr.syntax", 2, "1" },
	{ "a.", "expr.syntax", 2, NULL },
	{ "'\\t'", "expr.syntax", 1, "\\t" },
	{ "2.555", "expr.number", 0, "2.555" },
	{ "99999999999999999999", "expr.number", 0, "99999999999999999999" },
	{ "a |", "expr.syntax", 3, NULL },
	{ "a | 'x'", "expr.syntax", 4, "'x'" },
	{ "x | uper", "expr.unknown-filter", 4, "upper" },
	{ "x | dat", "expr.unknown-filter", 4, "date" },
	{ "x | zzzzzzzz", "expr.unknown-filter", 4, "pad2" },
	{ "x | number(1, 2)", "expr.filter-arity", 4, "number" },
	{ "x | batch", "expr.filter-arity", 4, "batch" },
	{ "x | default", "expr.filter-arity", 4, "default" },
	{ "x | upper(1)", "expr.filter-arity", 4, "upper" },
	{ "\xff", "expr.syntax", 0, "UTF-8" },
	{ "'a\xc3'", "expr.syntax", 2, "UTF-8" },
	/* evaluation */
	{ "u.tenn", "expr.undefined", 0, "«u.tenn»" },
	{ "khong_co", "expr.undefined", 0, "«khong_co»" },
	{ "u.ten.ho", "expr.undefined", 0, "«u.ten.ho»" },
	{ "don_vi.length", "expr.undefined", 0, "| length" },
	{ "ds[5]", "expr.undefined", 0, "«ds[5]»" },
	{ "ds[-4]", "expr.undefined", 0, "«ds[-4]»" },
	{ "cum['x']", "expr.undefined", 0, "«cum['x']»" },
	{ "ds[0.5]", "expr.type", 2, "whole" },
	{ "ds['a']", "expr.type", 2, "string" },
	{ "cum[1]", "expr.type", 3, "number" },
	{ "x[0]", "expr.type", 1, "number" },
	{ "1 / 0", "expr.div-zero", 2, "«1 / 0»" },
	{ "1 + 2 % (1 - 1)", "expr.div-zero", 6, NULL },
	{ "'a' + 1", "expr.type", 4, "~" },
	{ "1 - true", "expr.type", 2, "boolean" },
	{ "-'a'", "expr.type", 0, "string" },
	{ "'a' < 1", "expr.type", 4, "«<»" },
	{ "nul < 1", "expr.type", 4, "null" },
	{ "ds < ds", "expr.type", 3, "list" },
	{ "1 in 2", "expr.type", 2, "«in»" },
	{ "90000000000000000 + 90000000000000000", "expr.overflow", 18, "too large" },
	{ "90000000000000000 * 2", "expr.overflow", 18, NULL },
	{ "ds | upper", "expr.filter-type", 5, "list" },
	{ "x | date", "expr.filter-type", 4, "number" },
	{ "'hôm qua' | date", "expr.filter-value", 13, "hôm qua" },
	{ "ds | batch(0)", "expr.filter-arg", 5, "1 to 100" },
	{ "'X' | rule(0)", "expr.filter-arg", 6, "positive width" },
	{ "'X' | rule('6')", "expr.filter-arg", 6, NULL },
	{ "'X' | rule(6, 0.5)", "expr.filter-arg", 6, NULL },
	{ "ds | batch(101)", "expr.filter-arg", 5, NULL },
	{ "ds | batch('2')", "expr.filter-arg", 5, NULL },
	{ "x | number(3)", "expr.filter-arg", 4, NULL },
	{ "2.5 | roman", "expr.filter-value", 6, "whole" },
	{ "0 | roman", "expr.filter-value", 4, NULL },
	{ "0 | letter", "expr.filter-value", 4, NULL },
	{ "don_vi | sum('ten')", "expr.filter-type", 9, "item 1 is a string" },
	{ "ds | sum('diem')", "expr.filter-type", 5, "maps" },
	{ "don_vi | sum(1)", "expr.filter-arg", 9, NULL },
	{ "don_vi | map('tenn')", "expr.undefined", 9, "«tenn»" },
	{ "cum | join", "expr.filter-type", 6, "map" },
	{ "true | length", "expr.filter-type", 7, "boolean" },
	{ "ds | where('x')", "expr.filter-type", 5, "maps" },
	{ "nul | int", "expr.filter-type", 6, "null" },
	{ "'abc' | int", "expr.filter-value", 8, NULL },
	{ "x | pad2", "expr.filter-value", 4, "whole" },
	{ "x | default(u.tenn)", "expr.undefined", 12, "«u.tenn»" },
};

static void errors_have_codes_and_positions(void **state)
{
	td_scope sc = { NULL, NULL, NULL, data };
	size_t i;
	(void)state;

	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		td_expr_error err;
		int rc;
		char *got;

		memset(&err, 0, sizeof err);
		got = run(bad[i].src, &sc, &err, &rc);
		if (got)
			fail_msg("%s: no error, got «%s»", bad[i].src, got);
		if (rc != THIDUA_ETEMPLATE || strcmp(err.code, bad[i].code) != 0 || err.pos != bad[i].pos)
			fail_msg("%s: want %s at %d, got rc %d %s at %d: %s", bad[i].src, bad[i].code,
			         bad[i].pos, rc, err.code, err.pos, err.msg_en);
		if (!err.msg_vi[0] || !err.msg_en[0])
			fail_msg("%s: empty message", bad[i].src);
		if (bad[i].in_msg && (!strstr(err.msg_en, bad[i].in_msg) ||
		                      (strchr(bad[i].in_msg, '\xab') && !strstr(err.msg_vi, bad[i].in_msg))))
			fail_msg("%s: message lacks «%s»: %s / %s", bad[i].src, bad[i].in_msg,
			         err.msg_en, err.msg_vi);
	}
}

static void undefined_messages_both_languages(void **state)
{
	td_scope sc = { NULL, NULL, NULL, data };
	td_expr_error err;
	int rc;
	char *got = run("u.tenn", &sc, &err, &rc);
	(void)state;
	assert_null(got);
	assert_string_equal(err.msg_vi, "Không có dữ liệu «u.tenn»");
	assert_string_equal(err.msg_en, "No data named «u.tenn»");
	/* the error is also right with a NULL err */
	{
		td_expr *e = NULL;
		td_value *v = NULL;
		assert_int_equal(td_expr_parse(&e, "u.tenn", 6, NULL), 0);
		assert_int_equal(td_expr_eval(&v, e, &sc, NULL), THIDUA_ETEMPLATE);
		assert_null(v);
		td_expr_free(e);
		assert_int_equal(td_expr_parse(&e, "(", 1, NULL), THIDUA_ETEMPLATE);
		assert_null(e);
	}
}

static void unknown_filter_suggests(void **state)
{
	td_expr *e = NULL;
	td_expr_error err;
	(void)state;
	assert_int_equal(td_expr_parse(&e, "x | sume", 8, &err), THIDUA_ETEMPLATE);
	assert_non_null(strstr(err.msg_en, "did you mean: sum"));
	assert_non_null(strstr(err.msg_vi, "có phải: sum"));
	assert_int_equal(td_expr_parse(&e, "x | qqqqqqqqqq", 14, &err), THIDUA_ETEMPLATE);
	assert_non_null(strstr(err.msg_en, "the filters are: upper, lower"));
	assert_int_equal(td_expr_parse(&e, "x | cap", 7, &err), THIDUA_ETEMPLATE);
	assert_non_null(strstr(err.msg_en, "capitalize"));
}

/* ---- limits ------------------------------------------------------------- */

static char *repeat3(const char *pre, int n, const char *mid, const char *post)
{
	size_t lp = strlen(pre), lq = strlen(post);
	char *s = malloc(n * (lp + lq) + strlen(mid) + 1), *p = s;
	int i;

	for (i = 0; i < n; i++, p += lp)
		memcpy(p, pre, lp);
	strcpy(p, mid);
	p += strlen(mid);
	for (i = 0; i < n; i++, p += lq)
		memcpy(p, post, lq);
	*p = '\0';
	return s;
}

static void limits(void **state)
{
	td_scope sc = { NULL, NULL, NULL, data };
	td_expr *e = NULL;
	td_expr_error err;
	int rc;
	char *s, *got;
	(void)state;

	/* nesting: 60 levels are fine, 65 are not; no way to recurse deeper */
	s = repeat3("(", 60, "1", ")");
	got = run(s, &sc, &err, &rc);
	assert_string_equal(got, "1");
	td_free(got);
	free(s);
	s = repeat3("[", 63, "1", "]");
	got = run(s, &sc, &err, &rc);
	assert_string_equal(got, "1");
	td_free(got);
	free(s);
	s = repeat3("(", 65, "1", ")");
	assert_int_equal(td_expr_parse(&e, s, strlen(s), &err), THIDUA_ETEMPLATE);
	assert_string_equal(err.code, "expr.too-deep");
	free(s);
	s = repeat3("[", 65, "1", "]");
	assert_int_equal(td_expr_parse(&e, s, strlen(s), &err), THIDUA_ETEMPLATE);
	assert_string_equal(err.code, "expr.too-deep");
	free(s);
	s = repeat3("not ", 1000, "1", "");
	assert_int_equal(td_expr_parse(&e, s, strlen(s), &err), THIDUA_ETEMPLATE);
	assert_string_equal(err.code, "expr.too-deep");
	free(s);
	s = repeat3("-", 2000, "x", "");
	assert_int_equal(td_expr_parse(&e, s, strlen(s), &err), THIDUA_ETEMPLATE);
	assert_string_equal(err.code, "expr.too-deep");
	free(s);
	s = repeat3("(-", 40, "x", ")");
	assert_int_equal(td_expr_parse(&e, s, strlen(s), &err), THIDUA_ETEMPLATE);
	assert_string_equal(err.code, "expr.too-deep");
	free(s);
	s = repeat3("ds[", 40, "0", "]");
	assert_int_equal(td_expr_parse(&e, s, strlen(s), &err), THIDUA_ETEMPLATE);
	assert_string_equal(err.code, "expr.too-deep");
	free(s);
	/* long chains are flat, not deep */
	s = repeat3("1 + ", 1000, "1", "");
	got = run(s, &sc, &err, &rc);
	assert_string_equal(got, "1001");
	td_free(got);
	free(s);
	{
		/* x | string | string ... 400 filters in one chain */
		char *chain = malloc(1 + 400 * 9 + 1), *p = chain;
		int i;
		*p++ = 'x';
		for (i = 0; i < 400; i++, p += 9)
			memcpy(p, " | string", 9);
		*p = '\0';
		got = run(chain, &sc, &err, &rc);
		assert_string_equal(got, "98,5");
		td_free(got);
		free(chain);
	}
	/* length: 4096 bytes are fine, 4097 are not */
	s = malloc(4098);
	memset(s, ' ', 4097);
	s[0] = '1';
	s[4097] = '\0';
	assert_int_equal(td_expr_parse(&e, s, 4096, &err), 0);
	td_expr_free(e);
	assert_int_equal(td_expr_parse(&e, s, 4097, &err), THIDUA_ETEMPLATE);
	assert_string_equal(err.code, "expr.too-long");
	/* a 4094-byte string literal */
	memset(s, 'a', 4096);
	s[0] = s[4095] = '\'';
	s[4096] = '\0';
	got = run(s, &sc, &err, &rc);
	assert_non_null(got);
	assert_int_equal(strlen(got), 4094);
	td_free(got);
	free(s);
	/* numbers: at most 2 decimals, large but exact */
	got = run("92233720368547 + 0.07", &sc, &err, &rc);
	assert_string_equal(got, "92233720368547,07");
	td_free(got);
}

/* ---- scopes ------------------------------------------------------------- */

static void scope_chain_shadows(void **state)
{
	td_value *root = td_v_map(), *u = td_v_map(), *inner = td_v_str("trong vòng lặp");
	td_value *loop = td_v_map(), *frame_root = td_v_map();
	td_scope s_root = { NULL, NULL, NULL, root };
	td_scope s_u, s_loop, s_ten, s_fr;
	td_expr_error err;
	int rc;
	char *got;
	(void)state;

	td_v_map_set(root, "ten", td_v_str("gốc"));
	td_v_map_set(root, "x", td_v_int(1));
	td_v_map_set(u, "ten", td_v_str("Sở Tài chính"));
	td_v_map_set(u, "truong", td_v_bool(0));
	td_v_map_set(loop, "index", td_v_int(2));
	td_v_map_set(loop, "first", td_v_bool(0));
	td_v_map_set(frame_root, "x", td_v_int(2));
	assert_false(td_v_failed(root) || td_v_failed(u) || td_v_failed(loop));

	s_u = (td_scope){ &s_root, "u", u, NULL };
	s_loop = (td_scope){ &s_u, "loop", loop, NULL };
	s_ten = (td_scope){ &s_loop, "ten", inner, NULL };
	s_fr = (td_scope){ &s_ten, NULL, NULL, frame_root };

	got = run("ten", &s_root, &err, &rc);
	assert_string_equal(got, "gốc");
	td_free(got);
	got = run("ten", &s_fr, &err, &rc);
	assert_string_equal(got, "trong vòng lặp");
	td_free(got);
	got = run("u.ten ~ '/' ~ x", &s_loop, &err, &rc);
	assert_string_equal(got, "Sở Tài chính/1");
	td_free(got);
	got = run("x", &s_fr, &err, &rc);
	assert_string_equal(got, "2");
	td_free(got);
	got = run("loop.index > 1 and not u.truong", &s_fr, &err, &rc);
	assert_string_equal(got, "có");
	td_free(got);
	got = run("loop.index", &s_u, &err, &rc);
	assert_null(got);
	assert_string_equal(err.code, "expr.undefined");
	td_v_unref(root);
	td_v_unref(u);
	td_v_unref(inner);
	td_v_unref(loop);
	td_v_unref(frame_root);
}

static void truth_treats_undefined_as_false(void **state)
{
	static const struct { const char *src; int rc, truth; } cases[] = {
		{ "u.tenn", 0, 0 },
		{ "not u.tenn", 0, 1 },
		{ "khong.co.gi", 0, 0 },
		{ "khong_co[3].x", 0, 0 },
		{ "ds[10]", 0, 0 },
		{ "u.tenn > 5", 0, 0 },
		{ "u.tenn + 1 > 5", 0, 0 },
		{ "-u.tenn", 0, 0 },
		{ "'a' in u.tenn", 0, 0 },
		{ "u.tenn == none", 0, 1 },
		{ "u.tenn or u.ten", 0, 1 },
		{ "u.tenn | default(1)", 0, 1 },
		{ "don_vi | length > 2", 0, 1 },
		{ "rong", 0, 0 },
		{ "1 / 0", THIDUA_ETEMPLATE, 0 },
		{ "'a' < 1", THIDUA_ETEMPLATE, 0 },
	};
	td_scope sc = { NULL, NULL, NULL, data };
	size_t i;
	(void)state;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		td_expr *e = NULL;
		td_expr_error err;
		int truth = -1, rc;

		assert_int_equal(td_expr_parse(&e, cases[i].src, strlen(cases[i].src), &err), 0);
		rc = td_expr_eval_truth(&truth, e, &sc, &err);
		if (rc != cases[i].rc || truth != cases[i].truth)
			fail_msg("%s: want rc %d truth %d, got rc %d truth %d (%s)", cases[i].src,
			         cases[i].rc, cases[i].truth, rc, truth, rc ? err.msg_en : "");
		td_expr_free(e);
	}
}

/* ---- value text form ---------------------------------------------------- */

static void value_text_forms(void **state)
{
	td_value *l = td_v_list(), *m = td_v_map(), *deep = td_v_list(), *cur;
	td_buf b = TD_BUF_INIT;
	int i;
	(void)state;

	td_v_list_push(l, td_v_str("a"));
	td_v_list_push(l, td_v_num(9850));
	td_v_list_push(l, td_v_date(2017, 2, 15));
	td_v_list_push(l, td_v_bool(1));
	td_v_list_push(l, td_v_null());
	td_v_list_push(l, td_v_int(100));
	assert_int_equal(td_value_to_text(&b, l), 0);
	assert_string_equal(td_buf_cstr(&b), "a, 98,5, 15/02/2017, có, , 100");
	td_buf_clear(&b);
	td_v_map_set(m, "k", td_v_str("v"));
	td_v_map_set(m, "n", td_v_int(2));
	assert_int_equal(td_value_to_text(&b, m), 0);
	assert_string_equal(td_buf_cstr(&b), "k: v, n: 2");
	td_buf_clear(&b);
	assert_int_equal(td_value_to_text(&b, NULL), 0);
	assert_string_equal(td_buf_cstr(&b), "");
	/* data nested deeper than the bound is refused, not recursed into */
	cur = deep;
	for (i = 0; i < 200; i++) {
		td_value *next = td_v_list();
		td_v_list_push(cur, next);
		cur = next;
	}
	assert_false(td_v_failed(deep));
	assert_int_equal(td_value_to_text(&b, deep), THIDUA_ELIMIT);
	td_buf_free(&b);
	td_v_unref(l);
	td_v_unref(m);
	td_v_unref(deep);
}

static void source_is_kept(void **state)
{
	td_expr *e = NULL;
	(void)state;
	assert_int_equal(td_expr_parse(&e, "a | upper and more", 9, NULL), 0);
	assert_string_equal(td_expr_source(e), "a | upper");
	td_expr_free(e);
	assert_null(td_expr_source(NULL));
	td_expr_free(NULL);
	{
		td_value *v = NULL;
		td_expr_error err;
		assert_int_equal(td_expr_eval(&v, NULL, NULL, &err), THIDUA_ETEMPLATE);
		assert_null(v);
	}
}

/* ---- one compiled expression, several threads ---------------------------- */

static void *thread_eval(void *arg)
{
	const td_expr *e = arg;
	td_value *own = make_data();
	td_scope sc = { NULL, NULL, NULL, own };
	long ok = 0;
	int i;

	for (i = 0; i < 2000; i++) {
		td_value *v = NULL;
		td_expr_error err;
		if (td_expr_eval(&v, e, &sc, &err) == 0 && v->type == TD_V_STR &&
		    strcmp(v->u.str.s, "SỞ TƯ PHÁP: 98,50 / [1, 2]") == 0)
			ok++;
		td_v_unref(v);
	}
	td_v_unref(own);
	return (void *)(intptr_t)ok;
}

static void shared_expression_threads(void **state)
{
	const char *src = "(don_vi | first).ten | upper ~ ': ' ~ don_vi[0].diem | number(2) ~ "
	                  "' / [' ~ (ds | batch(2) | first | join(', ')) ~ ']'";
	td_expr *e = NULL;
	td_expr_error err;
	pthread_t t[4];
	void *res;
	int i;
	(void)state;

	assert_int_equal(td_expr_parse(&e, src, strlen(src), &err), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, thread_eval, e), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &res), 0);
		assert_int_equal((intptr_t)res, 2000);
	}
	td_expr_free(e);
}

/* ---- out of memory ------------------------------------------------------ */

/* Every allocation failure on the way gives THIDUA_ENOMEM (never a wrong
 * error or a crash); valgrind/ASan check that nothing leaks. */
static void oom_each_allocation(const char *src, int want_rc)
{
	td_scope sc = { NULL, NULL, NULL, data };
	long n;

	for (n = 0; n < 100000; n++) {
		td_expr_error err;
		int rc;
		char *got;

		td_alloc_fail_after(n);
		got = run(src, &sc, &err, &rc);
		td_alloc_fail_after(-1);
		td_free(got);
		if (rc == want_rc)
			return;
		if (rc != THIDUA_ENOMEM)
			fail_msg("%s: failing allocation %ld gave rc %d (%s: %s)", src, n, rc,
			         err.code, err.msg_en);
		if (strcmp(err.code, "nomem") != 0 && rc == THIDUA_ENOMEM && err.code[0])
			fail_msg("%s: failing allocation %ld: err code %s", src, n, err.code);
	}
	fail_msg("%s: never succeeded", src);
}

static void out_of_memory_is_clean(void **state)
{
	(void)state;
	oom_each_allocation("don_vi | where('truong', false) | map('ten') | join(', ') | upper ~ ' ' ~ "
	                    "(cum.ngay_ky | date) ~ (don_vi | sum('diem') | number(2)) ~ "
	                    "(ds | batch(2) | length) ~ (ten | capitalize) ~ (s | trim) ~ "
	                    "[1, 'a', [2]] ~ (ten | lower | first) ~ (x * 2 / 3 - 1 | int | pad2) ~ "
	                    "(u.khong | default('—')) ~ (ds | avg) ~ (4 | roman) ~ (5 | letter) ~ "
	                    "('Ánh' < 'Bình') ~ (2 in ds) ~ (not f and true) ~ cum.ngay_ky", 0);
	oom_each_allocation("x | uper", THIDUA_ETEMPLATE);
	oom_each_allocation("u.tenn", THIDUA_ETEMPLATE);
	oom_each_allocation("'hôm qua' | date", THIDUA_ETEMPLATE);
	oom_each_allocation("(1 + 2", THIDUA_ETEMPLATE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(expressions_render),
		cmocka_unit_test(attr_needs_list),
		cmocka_unit_test(errors_have_codes_and_positions),
		cmocka_unit_test(undefined_messages_both_languages),
		cmocka_unit_test(unknown_filter_suggests),
		cmocka_unit_test(limits),
		cmocka_unit_test(scope_chain_shadows),
		cmocka_unit_test(truth_treats_undefined_as_false),
		cmocka_unit_test(value_text_forms),
		cmocka_unit_test(source_is_kept),
		cmocka_unit_test(shared_expression_threads),
		cmocka_unit_test(out_of_memory_is_clean),
	};
	return cmocka_run_group_tests_name("expr", tests, setup, teardown);
}
