/* test_model_rules.c - the loaders on tables as councils publish them
 * (issue 7): codes and levels, the words of Loại and Cách chấm, the new
 * columns and sheets, quotas, bars, targets, bands, groups; every shape
 * the loader refuses, each with its code and the cell it names; the same
 * model from XML; memory failures on the new paths. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/cluster.h"
#include "model/model_int.h"
#include "model/rules.h"
#include "tmpl/value.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/diag.h"
#include "testutil.h"

static char *tmp;

/* A cluster using every sheet and column of issue 7. Tiêu chí columns:
 * A Mã, B Nội dung, C Điểm chuẩn, D Loại, E Cách chấm, F Điểm mỗi lần,
 * G Tối đa, H Điểm sàn, I Giữ điểm chuẩn, J Đơn vị tính, K Đơn vị chấm,
 * L Không xét khen, M Ghi chú. */
static const char *rules_spec =
	"== Cụm\n"
	"Mục|Giá trị\n"
	"Loại|Cụm\n"
	"Tên|Cụm thi đua số I\n"
	"Năm|#2024\n"
	"Địa danh|Vinh\n"
	"Ngày ký|@2024-02-15\n"
	"Nơi nhận|Các đơn vị trong Cụm\n"
	"Ô trống tính là 0|Cộng\\nTrừ\n"
	"== Đơn vị\n"
	"Thứ tự|Mã|Tên đơn vị|Vai trò|Quyền hạn ký|Chức vụ|Người ký|Nhóm\n"
	"#1|U1|Sở Một|Cụm trưởng||GIÁM ĐỐC|Nguyễn Văn A|Nhóm 1\n"
	"#2|U2|Sở Hai|Cụm phó||GIÁM ĐỐC|Trần Văn B|Nhóm 1\n"
	"#3|U3|Sở Ba|Thành viên||GIÁM ĐỐC|Lê Thị C|Nhóm 2\n"
	"== Căn cứ\n"
	"Căn cứ\n"
	"Căn cứ Luật Thi đua, khen thưởng\n"
	"== Nội dung\n"
	"Mục|Nội dung\n"
	"Cam kết|Một\n"
	"== Đơn vị chấm\n"
	"Mã|Tên\n"
	"VP|Văn phòng UBND tỉnh\n"
	"== Tiêu chí\n"
	"Mã|Nội dung|Điểm chuẩn|Loại|Cách chấm|Điểm mỗi lần|Tối đa|Điểm sàn|Giữ điểm chuẩn|Đơn vị tính|Đơn vị chấm|Không xét khen|Ghi chú\n"
	"I|Phần một|#50|Phần\n"
	"1|Tiêu chí một|#30|Tiêu chí\n"
	"2|Tiêu chí hai|#20\n"
	"II|Điểm cộng||Cộng\n"
	"1|Cộng một||||#1|#3\n"
	"III|ĐIỂM TRỪ||Trừ\n"
	"1|Trừ một||||#1\n"
	"== Chỉ tiêu giao\n"
	"Đơn vị|Tiêu chí|Chỉ tiêu\n"
	"== Xếp loại\n"
	"Xếp loại|Điểm tối thiểu|Tiêu chí không dưới (%)|Phần không dưới (%)\n"
	"Hoàn thành tốt|#80|#85\n"
	"Không hoàn thành\n"
	"== Khen thưởng\n"
	"Hình thức|Số lượng|Điểm tối thiểu|Cần biểu quyết|Xếp loại tối thiểu|Tiêu chí không dưới (%)\n"
	"Cờ thi đua|#1|#95|Có|Hoàn thành tốt|#85\n"
	"Bằng khen|không quá 20%|#90\n";

static char *replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	td_buf b = TD_BUF_INIT;

	if (!at)
		print_error("not in the spec: %s\n", from);
	assert_non_null(at);
	td_buf_put(&b, s, (size_t)(at - s));
	td_buf_puts(&b, to);
	td_buf_puts(&b, at + strlen(from));
	return td_buf_detach(&b);
}

static int load_spec(thidua_cluster **c, thidua_diags *d, const char *spec)
{
	char *doc = tu_spec_fods(spec), *path = tu_write_new(tmp, doc, "fods");
	int rc = thidua_cluster_load_ex(c, path, THIDUA_LOAD_NORMALIZE, d);

	free(doc);
	free(path);
	return rc;
}

/* The spec with one replacement, loaded. */
static int load_variant(thidua_cluster **c, thidua_diags *d, const char *from, const char *to)
{
	char *spec = from ? replace(rules_spec, from, to) : td_strdup(rules_spec);
	int rc = load_spec(c, d, spec);

	td_free(spec);
	return rc;
}

static void dump(const thidua_diags *d)
{
	char *s = NULL;

	thidua_diags_to_text(&s, d, THIDUA_LANG_EN);
	print_error("%s", s ? s : "");
	free(s);
}

/* The diag with this code (and where, when given), NULL when none. */
static const thidua_diag *find_diag(const thidua_diags *d, const char *code, const char *where)
{
	size_t i;

	for (i = 0; i < thidua_diags_count(d); i++) {
		const thidua_diag *g = thidua_diags_get(d, i);
		if (strcmp(g->code, code) == 0 && (!where || (g->where && strcmp(g->where, where) == 0)))
			return g;
	}
	return NULL;
}

static const thidua_diag *diag_with(const thidua_diags *d, const char *code, const char *where)
{
	const thidua_diag *g = find_diag(d, code, where);

	if (!g) {
		print_error("no diag %s at %s in:\n", code, where ? where : "*");
		dump(d);
	}
	assert_non_null(g);
	return g;
}

/* ---- the base spec and the words --------------------------------------- */

static void rules_spec_loads(void **state)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	(void)state;
	if (load_variant(&c, d, NULL, NULL) != 0)
		dump(d);
	assert_non_null(c);
	assert_int_equal(thidua_diags_count(d), 0);
	assert_int_equal(c->n_criteria, 7);
	assert_string_equal(c->criteria[1].code, "I.1");
	assert_string_equal(c->criteria[1].label, "1");
	assert_int_equal(c->criteria[3].kind, TD_CRIT_BONUS);
	/* an empty Loại under a Cộng row: Cộng; with Điểm mỗi lần: per event */
	assert_int_equal(c->criteria[4].kind, TD_CRIT_BONUS);
	assert_int_equal(c->criteria[4].method, TD_METHOD_COUNT);
	assert_int_equal(c->criteria[6].kind, TD_CRIT_DEDUCTION);
	assert_int_equal(c->criteria[6].method, TD_METHOD_COUNT);
	assert_int_equal(c->criteria[2].kind, TD_CRIT_ITEM);
	assert_int_equal(c->criteria[2].method, TD_METHOD_DIRECT);
	assert_int_equal(c->empty_zero, (1u << TD_CRIT_BONUS) | (1u << TD_CRIT_DEDUCTION));
	assert_string_equal(c->units[2].group, "Nhóm 2");
	assert_int_equal(c->n_bodies, 1);
	assert_string_equal(c->bodies[0].code, "VP");
	assert_int_equal(c->n_bands, 2);
	assert_int_equal(c->bands[0].min_total, 8000);
	assert_int_equal(c->bands[0].min_crit_pct, 8500);
	assert_int_equal(c->bands[0].min_section_pct, -1);
	assert_false(c->bands[1].has_min_total);
	assert_int_equal(c->awards[0].quota_kind, TD_QUOTA_COUNT);
	assert_int_equal(c->awards[0].quota, 1);
	assert_int_equal(c->awards[0].min_band, 0);
	assert_int_equal(c->awards[0].min_crit_pct, 8500);
	assert_int_equal(c->awards[1].quota_kind, TD_QUOTA_PERCENT);
	assert_int_equal(c->awards[1].quota, 2000);
	assert_int_equal(c->awards[1].min_band, SIZE_MAX);
	assert_int_equal(c->awards[1].min_crit_pct, -1);
	thidua_cluster_free(c);
	thidua_diags_free(d);
}

/* Codes as written -> canonical codes (the whole Tiêu chí table replaced). */
static void code_shapes(void **state)
{
	static const struct {
		const char *rows;      /* Mã|Nội dung|Điểm chuẩn|Loại rows */
		const char *codes;     /* the canonical codes, space-separated */
	} cases[] = {
		/* relative, with marks */
		{ "I.|P|#50|Phần\n1.|A|#30\n2)|B|#20\n", "I I.1 I.2" },
		{ "I|P|#50|Phần\n1|A|#50\na)|x|#25\n(b)|y|#25\n", "I I.1 I.1.a I.1.b" },
		/* absolute and decimal */
		{ "I|P|#50|Phần\nI.1|A|#50\nI.1.1|x|#25\nI.1.2|y|#25\n", "I I.1 I.1.1 I.1.2" },
		/* decimal written relative to the row above: 1.1 under I.1 */
		{ "I|P|#50|Phần\n1|A|#50\n1.1|x|#25\n1.2|y|#25\n", "I I.1 I.1.1 I.1.2" },
		/* lettered parts: C after B is a part, not the numeral 100 */
		{ "A|Phần A|#50|Phần\nI|P|#50|Phần\n1|x|#50\nB|Phần B|#25|Phần\nI|P|#25|Phần\n1|y|#25\n"
		  "C|Phần C|#25|Phần\nI|P|#25|Phần\n1|z|#25\n",
		  "A A.I A.I.1 B B.I B.I.1 C C.I C.I.1" },
		/* six levels, then back to the top */
		{ "I|P|#50|Phần\n1|A|#50\na|x|#50\n1|y|#50\na|z|#25\nb|w|#25\nII|Q|#50|Phần\n1|B|#50\n",
		  "I I.1 I.1.a I.1.a.1 I.1.a.1.a I.1.a.1.b II II.1" },
		/* đ comes after d; a table of numbered criteria only */
		{ "1|A|#50|Tiêu chí\na|x|#10\nb|x|#10\nc|x|#10\nd|x|#10\nđ|x|#10\n2|B|#50|Tiêu chí\n",
		  "1 1.a 1.b 1.c 1.d 1.đ 2" },
		/* Roman numerals continue across a deep path: V after IV.2.a */
		{ "IV|P|#50|Phần\n1|A|#25\n2|B|#25\na|x|#25\nV|Q|#50|Phần\n1|C|#50\n",
		  "IV IV.1 IV.2 IV.2.a V V.1" },
		/* a sub-point numbered again under a letter */
		{ "I|P|#50|Phần\n1|A|#50\na|x|#50\n1|y|#25\n2|z|#25\n", "I I.1 I.1.a I.1.a.1 I.1.a.2" },
	};
	const char *table = "I|Phần một|#50|Phần\n1|Tiêu chí một|#30|Tiêu chí\n2|Tiêu chí hai|#20\n"
	                    "II|Điểm cộng||Cộng\n1|Cộng một||||#1|#3\nIII|ĐIỂM TRỪ||Trừ\n1|Trừ một||||#1\n";
	size_t i;
	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *spec = replace(rules_spec, table, cases[i].rows);
		thidua_diags *d = thidua_diags_new();
		thidua_cluster *c = NULL;
		td_buf got = TD_BUF_INIT;
		size_t k;
		char *str;

		if (load_spec(&c, d, spec) != 0) {
			print_error("case %lu:\n", (unsigned long)i);
			dump(d);
		}
		assert_non_null(c);
		for (k = 0; k < c->n_criteria; k++)
			td_buf_printf(&got, "%s%s", got.len ? " " : "", c->criteria[k].code);
		str = td_buf_detach(&got);
		if (strcmp(str, cases[i].codes) != 0)
			print_error("case %lu: got \"%s\"\n", (unsigned long)i, str);
		assert_string_equal(str, cases[i].codes);
		td_free(str);
		thidua_cluster_free(c);
		thidua_diags_free(d);
		td_free(spec);
	}
}

/* Every word of Loại and Cách chấm, and header synonyms. */
static void words_and_headers(void **state)
{
	static const struct { const char *word; td_crit_kind kind; } kinds[] = {
		{ "Cộng", TD_CRIT_BONUS }, { "Điểm cộng", TD_CRIT_BONUS }, { "điểm THƯỞNG", TD_CRIT_BONUS },
		{ "Thưởng", TD_CRIT_BONUS }, { "Cộng điểm", TD_CRIT_BONUS }, { "Trừ", TD_CRIT_DEDUCTION },
		{ "Điểm trừ", TD_CRIT_DEDUCTION }, { "Phạt", TD_CRIT_DEDUCTION }, { "Trừ điểm", TD_CRIT_DEDUCTION },
		{ "Điều kiện", TD_CRIT_CONDITION }, { "Tiêu chí", TD_CRIT_ITEM }, { "Phần", TD_CRIT_SECTION },
		{ "Mục", TD_CRIT_SECTION },
	};
	static const struct { const char *word; td_method method; } methods[] = {
		{ "Chấm trực tiếp", TD_METHOD_DIRECT }, { "Trực tiếp", TD_METHOD_DIRECT },
		{ "Chấm điểm", TD_METHOD_DIRECT }, { "Định tính", TD_METHOD_PASS },
		{ "Đạt/Không đạt", TD_METHOD_PASS }, { "Đạt / Không đạt", TD_METHOD_PASS },
		{ "Chấm thẳng", TD_METHOD_COUNT }, { "Theo lần", TD_METHOD_COUNT }, { "Mỗi lần", TD_METHOD_COUNT },
		{ "Theo số lần", TD_METHOD_COUNT }, { "Định lượng", TD_METHOD_TARGET },
		{ "Theo chỉ tiêu", TD_METHOD_TARGET }, { "Dẫn đầu cụm", TD_METHOD_LEADER },
		{ "Định lượng dẫn đầu cụm", TD_METHOD_LEADER }, { "Dẫn đầu khối", TD_METHOD_LEADER },
		{ "Định lượng dẫn đầu khối", TD_METHOD_LEADER },
	};
	static const char *const bad_kinds[] = { "Cộng thêm", "Bonus", "" };
	size_t i;
	td_crit_kind k;
	td_method me;
	td_bar bar;
	(void)state;
	for (i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		assert_int_equal(td_m_parse_crit_kind(&k, kinds[i].word), 0);
		assert_int_equal(k, kinds[i].kind);
	}
	for (i = 0; i + 1 < sizeof bad_kinds / sizeof *bad_kinds; i++)
		assert_int_equal(td_m_parse_crit_kind(&k, bad_kinds[i]), 1);
	for (i = 0; i < sizeof methods / sizeof *methods; i++) {
		assert_int_equal(td_m_parse_method(&me, methods[i].word), 0);
		assert_int_equal(me, methods[i].method);
	}
	assert_int_equal(td_m_parse_method(&me, "Tự chấm"), 1);
	assert_int_equal(td_m_parse_bar_word(&bar, "x"), 0);
	assert_int_equal(bar, TD_BAR_FIRST);
	assert_int_equal(td_m_parse_bar_word(&bar, "có"), 0);
	assert_int_equal(bar, TD_BAR_FIRST);
	assert_int_equal(td_m_parse_bar_word(&bar, "Tất cả"), 0);
	assert_int_equal(bar, TD_BAR_ALL);
	assert_int_equal(td_m_parse_bar_word(&bar, "Không"), 0);
	assert_int_equal(bar, TD_BAR_NONE);
	assert_int_equal(td_m_parse_bar_word(&bar, "Cờ thi đua"), 1);
	assert_int_equal(td_m_rule_heading(&k, "ĐIỂM CỘNG (tối đa 10 điểm)"), 1);
	assert_int_equal(k, TD_CRIT_BONUS);
	assert_int_equal(td_m_rule_heading(&k, "V. ĐIỂM THƯỞNG"), 1);
	assert_int_equal(k, TD_CRIT_BONUS);
	assert_int_equal(td_m_rule_heading(&k, "Điểm trừ"), 1);
	assert_int_equal(k, TD_CRIT_DEDUCTION);
	assert_int_equal(td_m_rule_heading(&k, "Cộng tác viên"), 0);
	assert_int_equal(td_m_rule_heading(&k, "CÔNG TÁC CHUYÊN MÔN"), 0);
	/* headers: TT / Nội dung tiêu chí / Điểm tối đa, and a written kind word */
	{
		thidua_diags *d = thidua_diags_new();
		thidua_cluster *c = NULL;
		char *s1 = replace(rules_spec, "Mã|Nội dung|Điểm chuẩn|Loại|",
		                   "TT|Nội dung tiêu chí|Điểm tối đa|Loại tiêu chí|");
		char *s2 = replace(s1, "II|Điểm cộng||Cộng\n", "II|Điểm cộng||Điểm thưởng\n");
		char *s3 = replace(s2, "III|ĐIỂM TRỪ||Trừ\n", "III|ĐIỂM TRỪ||Phạt\n");

		assert_int_equal(load_spec(&c, d, s3), 0);
		assert_int_equal(c->criteria[0].max, 5000);
		assert_int_equal(c->criteria[4].kind, TD_CRIT_BONUS);
		assert_int_equal(c->criteria[6].kind, TD_CRIT_DEDUCTION);
		thidua_cluster_free(c);
		thidua_diags_free(d);
		td_free(s1);
		td_free(s2);
		td_free(s3);
	}
}

/* Each Cách chấm with what it needs; bars; bodies; targets; floors. */
static void methods_bars_bodies_targets(void **state)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	char *s1 = replace(rules_spec, "1|Tiêu chí một|#30|Tiêu chí\n2|Tiêu chí hai|#20\n",
	                   "1|Tiêu chí một|#30|Tiêu chí|Dẫn đầu cụm|||||hồ sơ|VP\n"
	                   "2|Tiêu chí hai|#20||Định tính|||#5\n"
	                   "a|Chậm 1 lần trừ 0,5 điểm||Trừ||#0.5\n");
	char *s2 = replace(s1, "Đơn vị|Tiêu chí|Chỉ tiêu\n",
	                   "Đơn vị|Tiêu chí|Chỉ tiêu\nU1|I.1|#120\nSở Hai|I.1|#80\nu3|I.1.|#100.5\n");
	char *s3 = replace(s2, "1|Trừ một||||#1\n",
	                   "1|Trừ một||||#1||||||Bằng khen\\nCờ thi đua\n"
	                   "2|Không đăng ký thi đua||Điều kiện||||||||Tất cả\n");
	(void)state;
	if (load_spec(&c, d, s3) != 0)
		dump(d);
	assert_non_null(c);
	assert_int_equal(c->criteria[1].method, TD_METHOD_LEADER);
	assert_string_equal(c->criteria[1].measure, "hồ sơ");
	assert_int_equal(c->criteria[1].body, 0);
	assert_int_equal(c->criteria[2].method, TD_METHOD_PASS);
	assert_true(c->criteria[2].has_floor);
	assert_int_equal(c->criteria[2].floor, 500);
	assert_string_equal(c->criteria[3].code, "I.2.a");
	assert_int_equal(c->criteria[3].kind, TD_CRIT_DEDUCTION);
	assert_int_equal(c->criteria[3].method, TD_METHOD_COUNT);
	assert_int_equal(c->criteria[3].per_event, 50);
	assert_int_equal(c->n_targets_given, 3);
	assert_int_equal(c->targets_given[1].unit, 1);
	assert_int_equal(c->targets_given[2].unit, 2);
	assert_int_equal(c->targets_given[2].value, 10050);
	assert_int_equal(c->criteria[7].bars, TD_BAR_NAMED);
	assert_int_equal(c->criteria[7].n_bar_awards, 2);
	assert_int_equal(c->criteria[7].bar_award_index[0], 1);
	assert_int_equal(c->criteria[7].bar_award_index[1], 0);
	assert_int_equal(c->criteria[8].kind, TD_CRIT_CONDITION);
	assert_int_equal(c->criteria[8].bars, TD_BAR_ALL);
	/* the template data carries it */
	{
		td_value *v = NULL, *t;

		assert_int_equal(td_cluster_to_value(&v, c), 0);
		t = td_v_list_at(td_v_map_get(v, "tieu_chi"), 1);
		assert_string_equal(td_v_map_get(t, "cach_cham")->u.str.s, "Dẫn đầu cụm");
		assert_string_equal(td_v_map_get(t, "don_vi_cham")->u.str.s, "Văn phòng UBND tỉnh");
		assert_string_equal(td_v_map_get(t, "don_vi_tinh")->u.str.s, "hồ sơ");
		t = td_v_list_at(td_v_map_get(v, "tieu_chi"), 7);
		assert_int_equal(td_v_len(td_v_map_get(t, "khong_xet_khen_hinh_thuc")), 2);
		assert_string_equal(td_v_map_get(td_v_list_at(td_v_map_get(v, "don_vi"), 0), "nhom")->u.str.s, "Nhóm 1");
		assert_int_equal(td_v_len(td_v_map_get(v, "xep_loai")), 2);
		assert_int_equal(td_v_len(td_v_map_get(v, "chi_tieu_giao")), 3);
		assert_int_equal(td_v_len(td_v_map_get(v, "don_vi_cham")), 1);
		assert_int_equal(td_v_len(td_v_map_get(td_v_map_get(v, "cum"), "o_trong_tinh_la_0")), 2);
		t = td_v_list_at(td_v_map_get(v, "khen_thuong"), 1);
		assert_int_equal(td_v_map_get(t, "so_luong")->type, TD_V_NULL);
		assert_int_equal(td_v_map_get(t, "so_luong_ti_le")->type, TD_V_NUM);
		td_v_unref(v);
	}
	thidua_cluster_free(c);
	thidua_diags_free(d);
	td_free(s1);
	td_free(s2);
	td_free(s3);
}

static void quotas_and_warnings(void **state)
{
	static const struct { const char *written; td_quota_kind kind; int quota; } q[] = {
		{ "#3", TD_QUOTA_COUNT, 3 }, { "20%", TD_QUOTA_PERCENT, 2000 },
		{ "không quá 20 %", TD_QUOTA_PERCENT, 2000 }, { "Tối đa 12,5%", TD_QUOTA_PERCENT, 1250 },
		{ "Không giới hạn", TD_QUOTA_UNLIMITED, 0 }, { "2", TD_QUOTA_COUNT, 2 },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof q / sizeof *q; i++) {
		thidua_diags *d = thidua_diags_new();
		thidua_cluster *c = NULL;
		char *to = NULL;
		td_buf b = TD_BUF_INIT;

		td_buf_printf(&b, "Bằng khen|%s|#90\n", q[i].written);
		to = td_buf_detach(&b);
		if (load_variant(&c, d, "Bằng khen|không quá 20%|#90\n", to) != 0)
			dump(d);
		assert_non_null(c);
		assert_int_equal(c->awards[1].quota_kind, q[i].kind);
		assert_int_equal(c->awards[1].quota, q[i].quota);
		thidua_cluster_free(c);
		thidua_diags_free(d);
		td_free(to);
	}
	/* unknown sheets and columns: warnings at their cells; Hướng dẫn and
	 * Ghi chú sheets and a Hướng dẫn column are passed over */
	{
		thidua_diags *d = thidua_diags_new();
		thidua_cluster *c = NULL;
		char *s1 = replace(rules_spec, "|Ghi chú\n", "|Ghi chú|Ghi chú thêm|Hướng dẫn\n");
		char *s2 = replace(s1, "== Khen thưởng\n", "== Hướng dẫn\nX\n== Ghi chú\nY\n== Bảng phụ\nZ\n== Khen thưởng\n");

		assert_int_equal(load_spec(&c, d, s2), 0);
		assert_int_equal(diag_with(d, "data.unknown-column", "Tiêu chí!N1")->severity, THIDUA_SEV_WARNING);
		assert_null(find_diag(d, "data.unknown-column", "Tiêu chí!O1"));
		assert_int_equal(diag_with(d, "data.unknown-sheet", "Bảng phụ!A1")->severity, THIDUA_SEV_WARNING);
		assert_null(find_diag(d, "data.unknown-sheet", "Hướng dẫn!A1"));
		assert_null(find_diag(d, "data.unknown-sheet", "Ghi chú!A1"));
		thidua_cluster_free(c);
		thidua_diags_free(d);
		td_free(s1);
		td_free(s2);
	}
	/* a published total kept: a warning, not an error */
	{
		thidua_diags *d = thidua_diags_new();
		thidua_cluster *c = NULL;

		assert_int_equal(load_variant(&c, d, "I|Phần một|#50|Phần\n", "I|Phần một|#45|Phần|||||x\n"), 0);
		assert_int_equal(diag_with(d, "data.sum-kept", "Tiêu chí!C2")->severity, THIDUA_SEV_WARNING);
		assert_true(c->criteria[0].keep_max);
		thidua_cluster_free(c);
		thidua_diags_free(d);
	}
}

/* ---- every shape the loader refuses ----------------------------------------- */

static const struct refused {
	const char *what, *from, *to, *code, *where;
} refused[] = {
	{ "a code part that is no code", "2|Tiêu chí hai|#20\n", "f|Tiêu chí hai|#20\n", "data.bad-code", "Tiêu chí!A4" },
	{ "a letter that starts no list", "2|Tiêu chí hai|#20\n", "c|Tiêu chí hai|#20\n", "data.bad-code", "Tiêu chí!A4" },
	{ "a lower-case Roman numeral", "2|Tiêu chí hai|#20\n", "ii|Tiêu chí hai|#20\n", "data.bad-code", "Tiêu chí!A4" },
	{ "more than eight levels", "2|Tiêu chí hai|#20\n", "I.1.a.1.a.1.a.1.a|Tiêu chí hai|#20\n", "data.bad-code", "Tiêu chí!A4" },
	{ "an absolute code with no parent", "2|Tiêu chí hai|#20\n", "IX.2|Tiêu chí hai|#20\n", "data.unknown-parent", "Tiêu chí!A4" },
	{ "a code used twice", "2|Tiêu chí hai|#20\n", "1|Tiêu chí hai|#20\n", "data.duplicate-code", "Tiêu chí!A4" },
	{ "an unknown Loại", "#30|Tiêu chí\n", "#30|Loại lạ\n", "data.bad-kind", "Tiêu chí!D3" },
	{ "a bonus heading with no Loại", "II|Điểm cộng||Cộng\n", "II|ĐIỂM CỘNG (tối đa 3)||\n", "data.missing-kind", "Tiêu chí!D5" },
	{ "a deduction heading with no Loại", "III|ĐIỂM TRỪ||Trừ\n", "III|ĐIỂM TRỪ||\n", "data.missing-kind", "Tiêu chí!D7" },
	{ "an unknown Cách chấm", "#30|Tiêu chí\n", "#30|Tiêu chí|Chấm lạ\n", "data.bad-method", "Tiêu chí!E3" },
	{ "a count with no Điểm mỗi lần", "1|Cộng một||||#1|#3\n", "1|Cộng một|||||#3\n", "data.missing-value", "Tiêu chí!F6" },
	{ "Chấm thẳng on a criterion with no Điểm mỗi lần", "#30|Tiêu chí\n", "#30|Tiêu chí|Chấm thẳng\n", "data.missing-value", "Tiêu chí!F3" },
	{ "Điểm mỗi lần with Chấm trực tiếp written", "1|Cộng một||||#1|#3\n", "1|Cộng một|||Trực tiếp|#1|#3\n", "data.unused-value", "Tiêu chí!F6" },
	{ "Điểm mỗi lần with Định tính", "#30|Tiêu chí\n", "#30|Tiêu chí|Định tính|#1\n", "data.unused-value", "Tiêu chí!F3" },
	{ "a criterion under a bonus", "1|Cộng một||||#1|#3\n", "1|Cộng một|#3|Tiêu chí\n", "data.item-under-rule", "Tiêu chí!D6" },
	{ "a bonus under a condition", "1|Trừ một||||#1\n", "1|Điều kiện một||Điều kiện\na|Cộng con||Cộng||#1\n", "data.item-under-rule", "Tiêu chí!D9" },
	{ "a section under a criterion", "#30|Tiêu chí\n", "#30|Tiêu chí\na|Mục con|#30|Phần\n", "data.section-under-item", "Tiêu chí!D4" },
	{ "a pass/fail rule with no points", "1|Cộng một||||#1|#3\n", "1|Cộng một|||Định tính\n", "data.missing-value", "Tiêu chí!C6" },
	{ "Định lượng on a bonus", "1|Cộng một||||#1|#3\n", "1|Cộng một|||Định lượng||#3\n", "data.bad-method", "Tiêu chí!E6" },
	{ "Dẫn đầu cụm on a section with rows", "I|Phần một|#50|Phần\n", "I|Phần một|#50|Phần|Dẫn đầu cụm\n", "data.bad-method", "Tiêu chí!E2" },
	{ "a condition scored per event", "1|Trừ một||||#1\n", "1|Trừ một||||#1\n2|Điều kiện||Điều kiện|Chấm thẳng\n", "data.bad-method", "Tiêu chí!E9" },
	{ "Định lượng with no target for a unit", "2|Tiêu chí hai|#20\n", "2|Tiêu chí hai|#20||Định lượng\n", "data.missing-target", "Tiêu chí!E4" },
	{ "a floor above the maximum", "#30|Tiêu chí\n", "#30|Tiêu chí||||#31\n", "data.bad-floor", "Tiêu chí!H3" },
	{ "a floor on a deduction", "1|Trừ một||||#1\n", "1|Trừ một||||#1||#0\n", "data.bad-floor", "Tiêu chí!H8" },
	{ "a condition with points", "1|Trừ một||||#1\n", "1|Trừ một||||#1\n2|Điều kiện một|#1|Điều kiện\n", "data.condition-points", "Tiêu chí!C9" },
	{ "Tối đa on a criterion", "#30|Tiêu chí\n", "#30|Tiêu chí|||#5\n", "data.unused-value", "Tiêu chí!G3" },
	{ "Không xét khen on a criterion", "2|Tiêu chí hai|#20\n", "2|Tiêu chí hai|#20|||||||||x\n", "data.bad-disqualifies", "Tiêu chí!L4" },
	{ "Không xét khen on a bonus", "1|Cộng một||||#1|#3\n", "1|Cộng một||||#1|#3|||||x\n", "data.bad-disqualifies", "Tiêu chí!L6" },
	{ "Không xét khen naming no award", "1|Trừ một||||#1\n", "1|Trừ một||||#1||||||Giải lạ\n", "data.unknown-award", "Tiêu chí!L8" },
	{ "an unknown scoring body", "#30|Tiêu chí\n", "#30|Tiêu chí|||||||XX\n", "data.unknown-body", "Tiêu chí!K3" },
	{ "a value Giữ điểm chuẩn cannot read", "#30|Tiêu chí\n", "#30|Tiêu chí|||||Hmm\n", "data.bad-value", "Tiêu chí!I3" },
	{ "children that do not add up", "2|Tiêu chí hai|#20\n", "2|Tiêu chí hai|#15\n", "data.sum-mismatch", "Tiêu chí!A2" },
	{ "a body code that is a unit code", "VP|Văn phòng UBND tỉnh\n", "U1|Văn phòng UBND tỉnh\n", "data.duplicate-code", "Đơn vị chấm!A2" },
	{ "a body code starting with @", "VP|Văn phòng UBND tỉnh\n", "'@VP|Văn phòng UBND tỉnh\n", "data.bad-code", "Đơn vị chấm!A2" },
	{ "a unit code starting with @", "#3|U3|", "#3|'@U3|", "data.bad-code", "Đơn vị!B4" },
	{ "a unit with no group in a grouped cluster", "Lê Thị C|Nhóm 2\n", "Lê Thị C|\n", "data.missing-value", "Đơn vị!H4" },
	{ "a last band with a condition", "Không hoàn thành\n", "Không hoàn thành|#10\n", "data.bad-band", "Xếp loại!A3" },
	{ "a percentage above 100", "Hoàn thành tốt|#80|#85\n", "Hoàn thành tốt|#80|#185\n", "data.bad-number", "Xếp loại!C2" },
	{ "a band given twice", "Không hoàn thành\n", "Hoàn thành tốt\nKhông hoàn thành\n", "data.duplicate-band", "Xếp loại!A3" },
	{ "a minimum band not in Xếp loại", "|Có|Hoàn thành tốt|", "|Có|Xuất sắc|", "data.unknown-band", "Khen thưởng!E2" },
	{ "a quota share above 100%", "không quá 20%", "không quá 120%", "data.bad-number", "Khen thưởng!B3" },
	{ "a quota that is no quota", "không quá 20%", "vài đơn vị", "data.bad-number", "Khen thưởng!B3" },
	{ "an award percentage above 100", "Hoàn thành tốt|#85\n", "Hoàn thành tốt|#101\n", "data.bad-number", "Khen thưởng!F2" },
	{ "a target for a directly scored criterion", "Đơn vị|Tiêu chí|Chỉ tiêu\n", "Đơn vị|Tiêu chí|Chỉ tiêu\nU1|I.1|#100\n", "data.bad-target", "Chỉ tiêu giao!B2" },
	{ "a target for an unknown unit", "Đơn vị|Tiêu chí|Chỉ tiêu\n", "Đơn vị|Tiêu chí|Chỉ tiêu\nZZ|I.1|#100\n", "data.unknown-unit", "Chỉ tiêu giao!A2" },
	{ "a target for an unknown criterion", "Đơn vị|Tiêu chí|Chỉ tiêu\n", "Đơn vị|Tiêu chí|Chỉ tiêu\nU1|IX.9|#100\n", "data.unknown-criterion", "Chỉ tiêu giao!B2" },
	{ "a target of 0", "Đơn vị|Tiêu chí|Chỉ tiêu\n", "Đơn vị|Tiêu chí|Chỉ tiêu\nU1|I.1|#0\n", "data.bad-number", "Chỉ tiêu giao!C2" },
	{ "Ô trống tính là 0 naming a section", "Ô trống tính là 0|Cộng\\nTrừ\n", "Ô trống tính là 0|Phần\n", "data.bad-value", "Cụm!B8" },
};

static void refused_shapes(void **state)
{
	size_t i;
	(void)state;
	for (i = 0; i < sizeof refused / sizeof *refused; i++) {
		thidua_diags *d = thidua_diags_new();
		thidua_cluster *c = NULL;
		const thidua_diag *g;
		int rc = load_variant(&c, d, refused[i].from, refused[i].to);

		if (rc != THIDUA_EDATA || !find_diag(d, refused[i].code, refused[i].where))
			print_error("refused shape %lu (%s): rc %d\n", (unsigned long)i, refused[i].what, rc);
		assert_int_equal(rc, THIDUA_EDATA);
		assert_null(c);
		g = diag_with(d, refused[i].code, refused[i].where);
		assert_int_equal(g->severity, THIDUA_SEV_ERROR);
		assert_true(strlen(g->message_vi) > 10 && strlen(g->message_en) > 10);
		thidua_diags_free(d);
	}
}

/* ---- XML ------------------------------------------------------------------ */

static const char *xml_rules =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<cluster xmlns=\"urn:thidua:cluster:1\" kind=\"cum\" year=\"2024\">\n"
	"  <name>Cụm thi đua số I</name>\n"
	"  <place>Vinh</place>\n"
	"  <signing-date>2024-02-15</signing-date>\n"
	"  <units>\n"
	"    <unit order=\"1\" code=\"U1\" role=\"head\" group=\"G1\"><name>Sở Một</name><title>GĐ</title><signer>A</signer></unit>\n"
	"    <unit order=\"2\" code=\"U2\" group=\"G2\"><name>Sở Hai</name><title>GĐ</title><signer>B</signer></unit>\n"
	"  </units>\n"
	"  <bodies><body code=\"VP\"><name>Văn phòng</name></body></bodies>\n"
	"  <criteria>\n"
	"    <criterion code=\"I\" kind=\"section\" max=\"50\" keep-max=\"true\"><text>P</text></criterion>\n"
	"    <criterion code=\"I.1\" label=\"1.\" kind=\"item\" max=\"30\" method=\"leader\" measure=\"hồ sơ\" body=\"VP\"><text>A</text></criterion>\n"
	"    <criterion code=\"I.2\" kind=\"item\" max=\"30\" floor=\"5\"><text>B</text></criterion>\n"
	"    <criterion code=\"I.2.a\" kind=\"deduction\" per-event=\"0.5\"><text>b</text></criterion>\n"
	"    <criterion code=\"II\" kind=\"deduction\"><text>TRỪ</text></criterion>\n"
	"    <criterion code=\"II.1\" kind=\"deduction\" per-event=\"3\" bars=\"named\"><text>K</text><bar-award>Bằng khen</bar-award></criterion>\n"
	"    <criterion code=\"II.2\" kind=\"condition\" bars=\"all\"><text>C</text></criterion>\n"
	"  </criteria>\n"
	"  <unit-targets>\n"
	"    <unit-target unit=\"U1\" criterion=\"I.1\" value=\"120\"/>\n"
	"    <unit-target unit=\"U2\" criterion=\"I.1\" value=\"80.5\"/>\n"
	"  </unit-targets>\n"
	"  <bands><band min-total=\"90\" min-criterion-pct=\"85\"><name>Xuất sắc</name></band><band><name>Khác</name></band></bands>\n"
	"  <scoring empty-zero=\"bonus deduction\"/>\n"
	"  <awards>\n"
	"    <award quota=\"1\" min-band=\"Xuất sắc\" min-criterion-pct=\"85\"><name>Cờ thi đua</name></award>\n"
	"    <award quota=\"20%\"><name>Bằng khen</name></award>\n"
	"    <award quota=\"unlimited\"><name>Giấy khen</name></award>\n"
	"  </awards>\n"
	"</cluster>\n";

static int load_xml(thidua_cluster **c, thidua_diags *d, const char *text)
{
	char *path = tu_write_new(tmp, text, "xml");
	int rc = thidua_cluster_load_ex(c, path, 0, d);

	free(path);
	return rc;
}

static void xml_carries_the_model(void **state)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	(void)state;
	if (load_xml(&c, d, xml_rules) != 0)
		dump(d);
	assert_non_null(c);
	diag_with(d, "data.sum-kept", NULL);
	assert_string_equal(c->units[1].group, "G2");
	assert_int_equal(c->criteria[1].method, TD_METHOD_LEADER);
	assert_string_equal(c->criteria[1].label, "1.");
	assert_int_equal(c->criteria[1].body, 0);
	assert_int_equal(c->criteria[2].floor, 500);
	assert_int_equal(c->criteria[3].method, TD_METHOD_COUNT);
	assert_int_equal(c->criteria[5].bars, TD_BAR_NAMED);
	assert_int_equal(c->criteria[5].bar_award_index[0], 1);
	assert_int_equal(c->criteria[6].kind, TD_CRIT_CONDITION);
	assert_int_equal(c->criteria[6].bars, TD_BAR_ALL);
	assert_int_equal(c->n_targets_given, 2);
	assert_int_equal(c->targets_given[1].value, 8050);
	assert_int_equal(c->n_bands, 2);
	assert_int_equal(c->bands[0].min_crit_pct, 8500);
	assert_int_equal(c->empty_zero, (1u << TD_CRIT_BONUS) | (1u << TD_CRIT_DEDUCTION));
	assert_int_equal(c->awards[0].min_band, 0);
	assert_int_equal(c->awards[0].min_crit_pct, 8500);
	assert_int_equal(c->awards[1].quota_kind, TD_QUOTA_PERCENT);
	assert_int_equal(c->awards[1].quota, 2000);
	assert_int_equal(c->awards[2].quota_kind, TD_QUOTA_UNLIMITED);
	thidua_cluster_free(c);
	thidua_diags_free(d);
	/* refused in XML too, at the line */
	{
		static const struct { const char *from, *to, *code; } bad[] = {
			{ "value=\"80.5\"/>\n", "value=\"80.5\"/>\n    <unit-target unit=\"U1\" criterion=\"I.1\" value=\"3\"/>\n", "data.duplicate-target" },
			{ "<unit-target unit=\"U2\" criterion=\"I.1\" value=\"80.5\"/>", "", "data.missing-target" },
			{ "body=\"VP\"", "body=\"XX\"", "data.unknown-body" },
			{ "<bar-award>Bằng khen</bar-award>", "<bar-award>Huân chương</bar-award>", "data.unknown-award" },
			{ "min-band=\"Xuất sắc\"", "min-band=\"Tốt\"", "data.unknown-band" },
			{ "<band><name>Khác</name></band>", "<band min-total=\"1\"><name>Khác</name></band>", "data.bad-band" },
			{ "quota=\"20%\"", "quota=\"120%\"", "data.schema" },
			{ "kind=\"condition\" bars=\"all\"", "kind=\"condition\" max=\"1\"", "data.condition-points" },
			{ "floor=\"5\"", "floor=\"31\"", "data.bad-floor" },
			{ "kind=\"deduction\" per-event=\"0.5\"", "kind=\"deduction\" method=\"direct\" per-event=\"0.5\"", "data.unused-value" },
		};
		size_t i;

		for (i = 0; i < sizeof bad / sizeof *bad; i++) {
			char *text = replace(xml_rules, bad[i].from, bad[i].to);

			d = thidua_diags_new();
			c = NULL;
			assert_int_not_equal(load_xml(&c, d, text), 0);
			assert_null(c);
			assert_int_equal(diag_with(d, bad[i].code, NULL)->severity, THIDUA_SEV_ERROR);
			assert_non_null(strstr(diag_with(d, bad[i].code, NULL)->where, "dòng"));
			thidua_diags_free(d);
			td_free(text);
		}
	}
}

/* ---- the council-style example and memory failures --------------------------- */

static void council_example_loads(void **state)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	size_t i, leader = SIZE_MAX, inner = SIZE_MAX;
	(void)state;
	if (thidua_cluster_load(&c, TD_SOURCE_DIR "/examples/cum-so-nganh-tinh-2024.fods", d) != 0)
		dump(d);
	assert_non_null(c);
	for (i = 0; i < thidua_diags_count(d); i++)
		assert_string_equal(thidua_diags_get(d, i)->code, "data.sum-kept");
	for (i = 0; i < c->n_criteria; i++) {
		if (strcmp(c->criteria[i].code, "I.1.1") == 0)
			leader = i;
		if (strcmp(c->criteria[i].code, "I.2.1") == 0)
			inner = i;
	}
	assert_int_not_equal(leader, SIZE_MAX);
	assert_int_equal(c->criteria[leader].method, TD_METHOD_LEADER);
	assert_int_not_equal(inner, SIZE_MAX);
	assert_int_equal(c->criteria[inner].kind, TD_CRIT_DEDUCTION);
	assert_int_equal(c->criteria[inner].method, TD_METHOD_COUNT);
	assert_int_equal(c->criteria[c->criteria[inner].parent].body, 0);
	assert_int_equal(c->criteria[inner].body, 0); /* inherited */
	assert_int_equal(c->n_bands, 4);
	assert_int_equal(c->awards[1].quota_kind, TD_QUOTA_PERCENT);
	assert_int_equal(c->awards[2].quota_kind, TD_QUOTA_UNLIMITED);
	assert_non_null(c->units[0].group);
	thidua_cluster_free(c);
	thidua_diags_free(d);
}

static void allocation_failures(void **state)
{
	static const char *const paths[] = { "fods", "xml" };
	size_t p;
	(void)state;
	for (p = 0; p < 2; p++) {
		char *path;
		long n;
		int rc = -1;

		if (p == 0) {
			char *s = replace(rules_spec, "Đơn vị|Tiêu chí|Chỉ tiêu\n", "Đơn vị|Tiêu chí|Chỉ tiêu|Lạ\n");
			char *doc = tu_spec_fods(s);

			path = tu_write_new(tmp, doc, "fods");
			free(doc);
			td_free(s);
		} else {
			path = tu_write_new(tmp, xml_rules, paths[p]);
		}
		for (n = 0; n < 200000; n++) {
			thidua_cluster *c = NULL;
			thidua_diags *d = thidua_diags_new();

			assert_non_null(d);
			td_alloc_fail_after(n);
			rc = thidua_cluster_load_ex(&c, path, 0, d);
			td_alloc_fail_after(-1);
			thidua_diags_free(d);
			if (rc == 0) {
				thidua_cluster_free(c);
				break;
			}
			assert_int_equal(rc, THIDUA_ENOMEM);
			assert_null(c);
		}
		assert_int_equal(rc, 0);
		assert_true(n > 50);
		free(path);
	}
}

static int setup(void **state)
{
	(void)state;
	tmp = tu_tmpdir();
	return tmp ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmtree(tmp);
	free(tmp);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rules_spec_loads),
		cmocka_unit_test(code_shapes),
		cmocka_unit_test(words_and_headers),
		cmocka_unit_test(methods_bars_bodies_targets),
		cmocka_unit_test(quotas_and_warnings),
		cmocka_unit_test(refused_shapes),
		cmocka_unit_test(xml_carries_the_model),
		cmocka_unit_test(council_example_loads),
		cmocka_unit_test(allocation_failures),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
