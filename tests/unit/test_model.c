/* test_model.c - the cluster model: both loaders, validation, template
 * data, the bundled examples, bad input with codes and locations, memory
 * failures. Workbooks are written at run time from a compact spec. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/cluster.h"
#include "model/model_int.h"
#include "odf/package.h"
#include "text/vi.h"
#include "tmpl/value.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/diag.h"
#include "testutil.h"

#define EXAMPLES TD_SOURCE_DIR "/examples/"

static char *tmp;

/* Workbooks are written from compact specs (tu_spec_fods, testutil.h). */
static const char *base_spec =
	"== Cụm\n"
	"Mục|Giá trị\n"
	"Loại|Cụm\n"
	"Tên|Cụm thi đua số I\n"
	"Năm|#2018\n"
	"Địa danh|Hà Nội\n"
	"Ngày ký|@2018-02-15\n"
	"Nơi nhận|Các đơn vị trong Cụm\\nLưu: VT\n"
	"== Đơn vị\n"
	"Thứ tự|Mã|Tên đơn vị|Vai trò|Quyền hạn ký|Chức vụ|Người ký\n"
	"#1|U1|Sở Một|Cụm trưởng||GIÁM ĐỐC|Nguyễn Văn A\n"
	"#2|U2|Sở Hai|Cụm phó|KT. GIÁM ĐỐC|PHÓ GIÁM ĐỐC|Trần Văn B\n"
	"#3|U3|Sở Ba|Thành viên||GIÁM ĐỐC|Lê Thị C\n"
	"== Căn cứ\n"
	"Căn cứ\n"
	"Căn cứ Luật Thi đua, Khen thưởng;\n"
	"== Nội dung\n"
	"Mục|Nội dung\n"
	"Cam kết|Một\n"
	"|Hai\n"
	"Chỉ tiêu|Ba\n"
	"== Tiêu chí\n"
	"Mã|Nội dung|Điểm chuẩn|Loại|Điểm mỗi lần|Tối đa|Ghi chú\n"
	"I|Phần một|#50|Phần\n"
	"1|Tiêu chí một|#30|Tiêu chí\n"
	"2|Tiêu chí hai|#20\n"
	"II|Điểm cộng||Phần\n"
	"II.1|Cộng một||Cộng|#1|#3|ghi chú\n"
	"== Khen thưởng\n"
	"Hình thức|Số lượng|Điểm tối thiểu|Cần biểu quyết\n"
	"Cờ thi đua|#1|#95|Có\n"
	"Bằng khen|#2||?false\n";

/* s with the first occurrence of `from` replaced by `to` (asserted found). */
static char *replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	td_buf b = TD_BUF_INIT;

	assert_non_null(at);
	td_buf_put(&b, s, (size_t)(at - s));
	td_buf_puts(&b, to);
	td_buf_puts(&b, at + strlen(from));
	return td_buf_detach(&b);
}

static char *write_spec(const char *spec)
{
	char *doc = tu_spec_fods(spec), *path = tu_write_new(tmp, doc, "fods");

	free(doc);
	return path;
}

/* Load the base spec with one replacement (from may be NULL). */
static int load_variant(thidua_cluster **c, thidua_diags *d, const char *from, const char *to)
{
	char *spec = from ? replace(base_spec, from, to) : td_strdup(base_spec);
	char *path = write_spec(spec);
	int rc = thidua_cluster_load_ex(c, path, THIDUA_LOAD_NORMALIZE, d);

	td_free(spec);
	free(path);
	return rc;
}

/* The first diag with this code, asserted present. */
static const thidua_diag *diag_with(const thidua_diags *d, const char *code)
{
	size_t i;

	for (i = 0; i < thidua_diags_count(d); i++)
		if (strcmp(thidua_diags_get(d, i)->code, code) == 0)
			return thidua_diags_get(d, i);
	{
		char *s = NULL;
		thidua_diags_to_text(&s, d, THIDUA_LANG_EN);
		print_error("no diag %s in:\n%s", code, s ? s : "");
		free(s);
	}
	fail();
	return NULL;
}

static void expect_error(const char *from, const char *to, const char *code, const char *where)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	const thidua_diag *g;

	assert_int_equal(load_variant(&c, d, from, to), THIDUA_EDATA);
	assert_null(c);
	g = diag_with(d, code);
	assert_int_equal(g->severity, THIDUA_SEV_ERROR);
	assert_string_equal(g->where, where);
	assert_non_null(g->file);
	assert_true(strlen(g->message_vi) > 10 && strlen(g->message_en) > 10);
	thidua_diags_free(d);
}

/* ---- the examples ----------------------------------------------------- */

static int all_nfc(const thidua_cluster *c)
{
	size_t i;

	for (i = 0; i < c->n_units; i++)
		if (!td_text_is_nfc(c->units[i].name, strlen(c->units[i].name)) ||
		    (c->units[i].signer && !td_text_is_nfc(c->units[i].signer, strlen(c->units[i].signer))))
			return 0;
	for (i = 0; i < c->n_criteria; i++)
		if (!td_text_is_nfc(c->criteria[i].text, strlen(c->criteria[i].text)))
			return 0;
	return td_text_is_nfc(c->name, strlen(c->name));
}

static void example_ha_noi_loads(void **state)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	(void)state;
	assert_int_equal(thidua_cluster_load(&c, EXAMPLES "cum-xii-ha-noi-2018.fods", d), 0);
	assert_int_equal(thidua_diags_count(d), 0);
	assert_int_equal(c->kind, TD_KIND_CUM);
	assert_string_equal(thidua_cluster_name(c), "Cụm thi đua số XII");
	assert_int_equal(thidua_cluster_year(c), 2018);
	assert_int_equal(thidua_cluster_unit_count(c), 10);
	assert_int_equal(c->sign_y * 10000 + c->sign_m * 100 + c->sign_d, 20180111);
	assert_string_equal(c->place, "Hà Nội");
	assert_string_equal(c->theme, "Trách nhiệm - Kỷ cương - Chuyên nghiệp");
	assert_string_equal(c->units[0].name, "Bảo hiểm xã hội thành phố Hà Nội");
	assert_int_equal(c->units[0].role, TD_ROLE_HEAD);
	assert_string_equal(c->units[9].name, "Bưu điện thành phố Hà Nội");
	assert_int_equal(c->units[9].role, TD_ROLE_DEPUTY);
	assert_string_equal(c->units[5].authority, "KT. CỤC TRƯỞNG");
	assert_string_equal(c->units[8].name, "VNPT Hà Nội");
	assert_int_equal(c->n_bases, 2);
	assert_int_equal(c->n_sections, 3);
	assert_string_equal(c->sections[0].title, "Cam kết");
	assert_int_equal(c->sections[0].n_items, 6);
	assert_string_equal(c->sections[1].title, "Chỉ tiêu");
	assert_int_equal(c->sections[1].n_items, 3);
	assert_string_equal(c->sections[2].title, "Tổ chức thực hiện");
	assert_int_equal(c->sections[2].n_items, 3);
	assert_int_equal(c->n_recipients, 2);
	assert_int_equal(c->n_criteria, 26);
	assert_int_equal(c->n_awards, 2);
	assert_int_equal(c->awards[0].min_total, 9500);
	assert_true(c->awards[0].needs_vote);
	assert_false(c->awards[1].needs_vote);
	assert_true(all_nfc(c));
	thidua_cluster_free(c);
	thidua_diags_free(d);
}

static void example_can_tho_loads(void **state)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	size_t i, heads = 0;
	(void)state;
	assert_int_equal(thidua_cluster_load(&c, EXAMPLES "khoi-dang-can-tho-2018.fods", d), 0);
	assert_int_equal(thidua_diags_count(d), 0);
	assert_int_equal(c->kind, TD_KIND_KHOI);
	assert_string_equal(c->name, "Khối thi đua các cơ quan Đảng");
	assert_string_equal(c->parent_body, "Thành ủy Cần Thơ");
	assert_int_equal(c->n_units, 11);
	assert_string_equal(c->units[0].name, "Văn phòng Thành ủy");
	assert_string_equal(c->units[10].name, "Đảng ủy các khu Chế xuất và Công nghiệp");
	for (i = 0; i < c->n_units; i++) {
		assert_int_equal(c->units[i].order, (int)i + 1);
		if (c->units[i].role == TD_ROLE_HEAD) {
			heads++;
			assert_string_equal(c->units[i].name, "Đảng ủy khối cơ quan Dân Chính Đảng");
			assert_string_equal(c->units[i].signer, "Lê Văn Thành");
			assert_string_equal(c->units[i].title, "BÍ THƯ");
		} else {
			assert_non_null(strstr(c->units[i].signer, "(ví dụ)"));
		}
	}
	assert_int_equal(heads, 1);
	assert_int_equal(c->sign_y * 10000 + c->sign_m * 100 + c->sign_d, 20180413);
	assert_int_equal(c->n_recipients, 2); /* one cell, two lines */
	assert_string_equal(c->recipients[1].text, "Các cơ quan, đơn vị trong Khối thi đua");
	assert_string_equal(c->sections[0].title, "Cam kết");
	assert_int_equal(c->sections[0].n_items, 6);
	assert_true(all_nfc(c));
	thidua_cluster_free(c);
	thidua_diags_free(d);
}

static void xml_and_workbook_give_the_same_data(void **state)
{
	thidua_cluster *a = NULL, *b = NULL;
	td_value *va = NULL, *vb = NULL, *cum, *dv;
	thidua_diags *d = thidua_diags_new();
	(void)state;
	assert_int_equal(thidua_cluster_load(&a, EXAMPLES "cum-xii-ha-noi-2018.fods", d), 0);
	assert_int_equal(thidua_cluster_load(&b, EXAMPLES "cum-xii-ha-noi-2018.xml", d), 0);
	assert_int_equal(thidua_diags_count(d), 0);
	assert_string_equal(b->units[9].where, "dòng 61");
	assert_int_equal(td_cluster_to_value(&va, a), 0);
	assert_int_equal(td_cluster_to_value(&vb, b), 0);
	assert_true(td_v_equal(va, vb));
	cum = td_v_map_get(va, "cum");
	assert_string_equal(td_v_map_get(cum, "ten_hoa")->u.str.s, "CỤM THI ĐUA SỐ XII");
	assert_string_equal(td_v_map_get(cum, "loai")->u.str.s, "Cụm");
	assert_int_equal(td_v_map_get(cum, "so_don_vi")->u.num, 1000);
	assert_int_equal(td_v_map_get(cum, "nam")->u.num, 201800);
	assert_int_equal(td_v_map_get(cum, "ngay_ky")->type, TD_V_DATE);
	assert_int_equal(td_v_map_get(cum, "khau_hieu")->type, TD_V_NULL);
	assert_int_equal(td_v_len(td_v_map_get(cum, "noi_nhan")), 2);
	dv = td_v_list_at(td_v_map_get(va, "don_vi"), 0);
	assert_string_equal(td_v_map_get(dv, "vai_tro")->u.str.s, "Cụm trưởng");
	assert_true(td_v_truthy(td_v_map_get(dv, "truong")));
	assert_false(td_v_truthy(td_v_map_get(dv, "pho")));
	assert_int_equal(td_v_map_get(dv, "thu_tu")->u.num, 100);
	assert_int_equal(td_v_map_get(dv, "quyen_han")->type, TD_V_NULL);
	dv = td_v_list_at(td_v_map_get(va, "tieu_chi"), 18); /* V.1 */
	assert_string_equal(td_v_map_get(dv, "ma")->u.str.s, "V.1");
	assert_string_equal(td_v_map_get(dv, "loai")->u.str.s, "Cộng");
	assert_int_equal(td_v_map_get(dv, "diem_moi_lan")->u.num, 200);
	assert_int_equal(td_v_map_get(dv, "toi_da")->u.num, 400);
	assert_int_equal(td_v_map_get(dv, "diem_chuan")->type, TD_V_NULL);
	assert_int_equal(td_v_map_get(dv, "cap")->u.num, 100);
	assert_int_equal(td_v_len(td_v_map_get(va, "can_cu")), 2);
	assert_int_equal(td_v_len(td_v_map_get(va, "khen_thuong")), 2);
	td_v_unref(va);
	td_v_unref(vb);
	thidua_cluster_free(a);
	thidua_cluster_free(b);
	thidua_diags_free(d);
}

static void zip_workbook_loads(void **state)
{
	char *doc = tu_spec_fods(base_spec), *path = tu_path(tmp, "book.ods");
	td_pkg_writer *w = NULL;
	thidua_cluster *c = NULL;
	(void)state;
	assert_int_equal(td_pkg_writer_open(&w, path, "application/vnd.oasis.opendocument.spreadsheet", 1), 0);
	assert_int_equal(td_pkg_writer_add(w, "content.xml", "text/xml", doc, strlen(doc)), 0);
	assert_int_equal(td_pkg_writer_commit(w), 0);
	td_pkg_writer_free(w);
	assert_int_equal(thidua_cluster_load(&c, path, NULL), 0);
	assert_int_equal(c->n_units, 3);
	thidua_cluster_free(c);
	free(doc);
	free(path);
}

/* ---- the small workbook and its variants ---------------------------------- */

static void base_workbook_reads_everything(void **state)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	(void)state;
	assert_int_equal(load_variant(&c, d, NULL, NULL), 0);
	assert_int_equal(thidua_diags_count(d), 0);
	assert_int_equal(c->n_units, 3);
	assert_string_equal(c->units[1].where, "Đơn vị!A3");
	assert_string_equal(c->bases[0].text, "Căn cứ Luật Thi đua, Khen thưởng");
	assert_int_equal(c->n_sections, 2);
	assert_int_equal(c->sections[0].n_items, 2);
	assert_string_equal(c->sections[0].items[1].text, "Hai");
	assert_string_equal(c->sections[0].items[1].where, "Nội dung!B3");
	assert_int_equal(c->sections[0].numbering, TD_NUM_AUTO);
	assert_int_equal(c->sections[1].n_items, 1);
	assert_null(c->witness.name);
	assert_int_equal(c->annex_criteria, 0);
	assert_int_equal(c->sign_columns, 0);
	assert_int_equal(c->n_recipients, 2);
	assert_int_equal(c->n_criteria, 5);
	assert_string_equal(c->criteria[1].code, "I.1");
	assert_string_equal(c->criteria[2].code, "I.2");
	assert_int_equal(c->criteria[2].kind, TD_CRIT_ITEM);
	assert_int_equal(c->criteria[2].parent, 0);
	assert_int_equal(c->criteria[2].depth, 1);
	assert_int_equal(c->criteria[4].kind, TD_CRIT_BONUS);
	assert_int_equal(c->criteria[4].per_event, 100);
	assert_int_equal(c->criteria[4].cap, 300);
	assert_string_equal(c->criteria[4].note, "ghi chú");
	assert_int_equal(c->criteria[3].parent, SIZE_MAX);
	assert_int_equal(c->awards[1].quota, 2);
	assert_int_equal(c->awards[1].min_total, 0);
	thidua_cluster_free(c);
	thidua_diags_free(d);
}

static void missing_sheet(void **state)
{
	(void)state;
	expect_error("== Căn cứ\n", "== Căn cứ cũ\n", "data.missing-sheet", "Căn cứ!A1");
}

static void missing_column(void **state)
{
	(void)state;
	expect_error("|Người ký\n", "|Người  ký tên\n", "data.missing-column", "Đơn vị!A1");
}

static void duplicate_unit_code(void **state)
{
	(void)state;
	expect_error("#2|U2|", "#2|u1|", "data.duplicate-code", "Đơn vị!A3");
}

static void duplicate_order(void **state)
{
	(void)state;
	expect_error("#3|U3|", "#2|U3|", "data.duplicate-order", "Đơn vị!A4");
}

static void empty_unit_name(void **state)
{
	(void)state;
	expect_error("|Sở Hai|", "| |", "data.empty-name", "Đơn vị!C3");
}

static void bad_date(void **state)
{
	(void)state;
	expect_error("@2018-02-15", "31/02/2018", "data.bad-date", "Cụm!B6");
}

static void bad_number(void **state)
{
	(void)state;
	expect_error("#30|Tiêu chí", "ba mươi|Tiêu chí", "data.bad-number", "Tiêu chí!C3");
	expect_error("#30|Tiêu chí", "#30.125|Tiêu chí", "data.bad-number", "Tiêu chí!C3");
	expect_error("Năm|#2018", "Năm|#2018.5", "data.bad-number", "Cụm!B4");
}

static void bad_role_and_kind(void **state)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	(void)state;
	expect_error("Thành viên", "Thư ký", "data.bad-role", "Đơn vị!D4");
	expect_error("Loại|Cụm", "Loại|Nhóm", "data.bad-kind", "Cụm!B2");
	expect_error("||Phần\n", "||Chương\n", "data.bad-kind", "Tiêu chí!D5");
	/* the head named with the other kind's label: a warning */
	assert_int_equal(load_variant(&c, d, "Cụm trưởng", "khối  trưởng"), 0);
	assert_int_equal(diag_with(d, "data.role-kind")->severity, THIDUA_SEV_WARNING);
	assert_int_equal(c->units[0].role, TD_ROLE_HEAD);
	thidua_cluster_free(c);
	thidua_diags_free(d);
}

/* The agreement's body: any Mục is a section in its order, with its
 * numbering; lines of a cell are kept (sub-points); the witness, the annex
 * and the signature columns from the Cụm sheet. */
static void agreement_sections_witness_annex(void **state)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	char *spec = replace(base_spec, "Mục|Nội dung\n"
	                     "Cam kết|Một\n"
	                     "|Hai\n"
	                     "Chỉ tiêu|Ba\n",
	                     "Mục|Nội dung|Cách đánh số\n"
	                     "I. Mục đích, yêu cầu|Đoàn kết\\na) một ý\\nb) ý hai|-\n"
	                     "Nội dung giao ước|Thi đua|Một là\n"
	                     "|Hoàn thành|\n"
	                     "Chỉ tiêu|100%|\n"
	                     "Tổ chức thực hiện|Sơ kết|a)\n"
	                     "Mục đích, YÊU CẦU|Kỷ cương|\n");
	char *s2 = replace(spec, "Nơi nhận|", "Chứng kiến|Hội đồng Thi đua - Khen thưởng thành phố\n"
	                   "Quyền hạn ký chứng kiến|TM. HỘI ĐỒNG\n"
	                   "Chức vụ chứng kiến|PHÓ CHỦ TỊCH\n"
	                   "Người ký chứng kiến|Nguyễn Văn X\n"
	                   "Phụ lục tiêu chí|Có\n"
	                   "Số cột chữ ký|#3\n"
	                   "Nơi nhận|");
	td_value *v = NULL, *s0, *m;
	(void)state;
	{
		char *path = write_spec(s2);
		assert_int_equal(thidua_cluster_load_ex(&c, path, THIDUA_LOAD_NORMALIZE, d), 0);
		free(path);
	}
	assert_int_equal(thidua_diags_error_count(d), 0);
	assert_int_equal(c->n_sections, 4);
	assert_string_equal(c->sections[0].title, "I. Mục đích, yêu cầu");
	assert_int_equal(c->sections[0].numbering, TD_NUM_DASH);
	assert_int_equal(c->sections[0].n_items, 2); /* the Mục given again, loosely */
	assert_string_equal(c->sections[0].items[0].text, "Đoàn kết\na) một ý\nb) ý hai");
	assert_string_equal(c->sections[0].items[1].text, "Kỷ cương");
	assert_int_equal(c->sections[1].numbering, TD_NUM_WORDS);
	assert_int_equal(c->sections[1].n_items, 2);
	assert_int_equal(c->sections[3].numbering, TD_NUM_LETTER);
	assert_string_equal(c->witness.name, "Hội đồng Thi đua - Khen thưởng thành phố");
	assert_string_equal(c->witness.authority, "TM. HỘI ĐỒNG");
	assert_string_equal(c->witness.signer, "Nguyễn Văn X");
	assert_int_equal(c->annex_criteria, 1);
	assert_int_equal(c->sign_columns, 3);
	/* as template data */
	assert_int_equal(td_cluster_to_value(&v, c), 0);
	s0 = td_v_list_at(td_v_map_get(v, "noi_dung"), 0);
	assert_string_equal(td_v_map_get(s0, "tieu_de")->u.str.s, "MỤC ĐÍCH, YÊU CẦU");
	m = td_v_list_at(td_v_map_get(s0, "muc"), 0);
	assert_string_equal(td_v_map_get(m, "so")->u.str.s, "-");
	assert_string_equal(td_v_map_get(m, "noi_dung")->u.str.s, "Đoàn kết");
	assert_string_equal(td_v_list_at(td_v_map_get(m, "y"), 1)->u.str.s, "b) ý hai");
	m = td_v_list_at(td_v_map_get(td_v_list_at(td_v_map_get(v, "noi_dung"), 1), "muc"), 1);
	assert_string_equal(td_v_map_get(m, "so")->u.str.s, "Hai là,");
	m = td_v_list_at(td_v_map_get(td_v_list_at(td_v_map_get(v, "noi_dung"), 2), "muc"), 0);
	assert_string_equal(td_v_map_get(m, "so")->u.str.s, "-"); /* Chỉ tiêu: its own default */
	assert_string_equal(td_v_list_at(td_v_map_get(v, "chi_tieu"), 0)->u.str.s, "100%");
	assert_string_equal(td_v_map_get(td_v_map_get(v, "chung_kien"), "quyen_han")->u.str.s, "TM. HỘI ĐỒNG");
	assert_int_equal(td_v_map_get(v, "phu_luc_tieu_chi")->u.b, 1);
	assert_int_equal(td_v_map_get(td_v_map_get(v, "cum"), "so_cot_chu_ky")->u.num, 300);
	assert_int_equal(td_v_len(td_v_map_get(v, "chu_ky")), 1); /* 3 units, one row */
	td_v_unref(v);
	thidua_cluster_free(c);
	thidua_diags_free(d);
	free(spec);
	free(s2);
	/* refused: a numbering word, a witness without its body, 4 columns, an authority */
	expect_error("Mục|Nội dung\nCam kết|Một\n", "Mục|Nội dung|Cách đánh số\nCam kết|Một|1-\n",
	             "data.bad-value", "Nội dung!C2");
	expect_error("Nơi nhận|", "Người ký chứng kiến|Nguyễn Văn X\nNơi nhận|", "data.missing-value", "Cụm!A7");
	expect_error("Nơi nhận|", "Số cột chữ ký|#4\nNơi nhận|", "data.bad-number", "Cụm!B7");
	expect_error("Nơi nhận|", "Chứng kiến|Hội đồng\nQuyền hạn ký chứng kiến|Thay mặt\nNơi nhận|",
	             "data.bad-authority", "Cụm!A7");
}

static void roles_counted(void **state)
{
	(void)state;
	expect_error("Cụm trưởng", "Thành viên", "data.no-head", "Đơn vị!A2");
	expect_error("|Sở Ba|Thành viên", "|Sở Ba|Cụm trưởng", "data.multiple-heads", "Đơn vị!A4");
	expect_error("KT. GIÁM ĐỐC", "Phó giám đốc", "data.bad-authority", "Đơn vị!A3");
	expect_error("KT. GIÁM ĐỐC", "T.L. GIÁM ĐỐC", "data.bad-authority", "Đơn vị!A3");
	{
		/* the five authorities of Nghị định 30 are all accepted */
		static const char *const ok[] = { "TM. BAN GIÁM ĐỐC", "Q. GIÁM ĐỐC", "TL. GIÁM ĐỐC",
		                                   "TUQ. GIÁM ĐỐC" };
		size_t i;
		for (i = 0; i < sizeof ok / sizeof *ok; i++) {
			thidua_diags *d = thidua_diags_new();
			thidua_cluster *c = NULL;
			assert_int_equal(load_variant(&c, d, "KT. GIÁM ĐỐC", ok[i]), 0);
			assert_string_equal(c->units[1].authority, ok[i]);
			thidua_cluster_free(c);
			thidua_diags_free(d);
		}
	}
}

static void criteria_checks(void **state)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	const thidua_diag *g;
	(void)state;
	assert_int_equal(load_variant(&c, d, "#20\n", "#15\n"), THIDUA_EDATA);
	g = diag_with(d, "data.sum-mismatch");
	assert_string_equal(g->where, "Tiêu chí!A2");
	assert_non_null(strstr(g->message_vi, "50"));
	assert_non_null(strstr(g->message_vi, "45"));
	thidua_diags_free(d);
	d = thidua_diags_new();
	assert_int_equal(load_variant(&c, d, "#20\n", "#14.5\n"), THIDUA_EDATA);
	assert_non_null(strstr(diag_with(d, "data.sum-mismatch")->message_vi, "44,5"));
	thidua_diags_free(d);
	expect_error("II.1|", "II.1.f|", "data.bad-code", "Tiêu chí!A6");
	expect_error("II.1|", "III.1|", "data.unknown-parent", "Tiêu chí!A6");
	expect_error("2|Tiêu chí hai", "1|Tiêu chí hai", "data.duplicate-code", "Tiêu chí!A4");
	/* named at the empty Điểm mỗi lần cell (issue 7: the value's cell) */
	expect_error("|Cộng|#1|#3|", "|Cộng||#3|", "data.missing-value", "Tiêu chí!E6");
	expect_error("Số lượng|Điểm tối thiểu|Cần biểu quyết\nCờ thi đua|#1",
	             "Số lượng|Điểm tối thiểu|Cần biểu quyết\nCờ thi đua|#-1",
	             "data.bad-number", "Khen thưởng!B2");
	expect_error("|Có\n", "|Chắc\n", "data.bad-value", "Khen thưởng!D2");
}

static void text_numbers_are_accepted_with_a_warning(void **state)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	const thidua_diag *g;
	(void)state;
	assert_int_equal(load_variant(&c, d, "#20\n", "20,0\n"), 0);
	g = diag_with(d, "data.number-as-text");
	assert_int_equal(g->severity, THIDUA_SEV_WARNING);
	assert_string_equal(g->where, "Tiêu chí!C4");
	assert_int_equal(c->criteria[2].max, 2000);
	thidua_cluster_free(c);
	thidua_diags_free(d);
}

static void nfd_text_is_normalised_with_a_warning(void **state)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	const thidua_diag *g;
	(void)state;
	/* "Sở Ba" decomposed: o + U+031B horn + U+0309 hook above */
	assert_int_equal(load_variant(&c, d, "|Sở Ba|", "|  So\xCC\x9B\xCC\x89   Ba |"), 0);
	g = diag_with(d, "data.not-nfc");
	assert_int_equal(g->severity, THIDUA_SEV_WARNING);
	assert_string_equal(g->where, "Đơn vị!C4");
	assert_string_equal(c->units[2].name, "Sở Ba");
	thidua_cluster_free(c);
	thidua_diags_free(d);
}

static void nfd_text_is_an_error_by_default(void **state)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	char *spec = replace(base_spec, "|Sở Ba|", "|  So\xCC\x9B\xCC\x89   Ba |");
	char *path = write_spec(spec);
	const thidua_diag *g;
	(void)state;
	assert_int_equal(thidua_cluster_load(&c, path, d), THIDUA_EDATA);
	assert_null(c);
	g = diag_with(d, "data.not-nfc");
	assert_int_equal(g->severity, THIDUA_SEV_ERROR);
	assert_string_equal(g->where, "Đơn vị!C4");
	assert_non_null(strstr(g->message_en, "--normalize"));
	td_free(spec);
	free(path);
	thidua_diags_free(d);
}

static void legacy_encoding_is_refused(void **state)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	(void)state;
	expect_error("|Sở Ba|", "|Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam|", "data.legacy-encoding",
	             "Đơn vị!C4");
	/* said once, not again as an empty name */
	assert_int_equal(load_variant(&c, d, "|Sở Ba|", "|Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam|"),
	                 THIDUA_EDATA);
	assert_int_equal(thidua_diags_error_count(d), 1);
	thidua_diags_free(d);
}

static void every_problem_is_reported(void **state)
{
	char *s1 = replace(base_spec, "@2018-02-15", "hôm qua");
	char *s2 = replace(s1, "#2|U2|", "#2|U1|");
	char *s3 = replace(s2, "Thành viên", "Thư ký");
	char *path = write_spec(s3);
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	(void)state;
	assert_int_equal(thidua_cluster_load(&c, path, d), THIDUA_EDATA);
	assert_int_equal(thidua_diags_error_count(d), 3);
	diag_with(d, "data.bad-date");
	diag_with(d, "data.duplicate-code");
	diag_with(d, "data.bad-role");
	thidua_diags_free(d);
	/* several structural problems together, and no diags list at all */
	assert_int_equal(load_variant(&c, NULL, "== Nội dung\n", "== X\n"), THIDUA_EDATA);
	td_free(s1);
	td_free(s2);
	td_free(s3);
	free(path);
}

static void cum_items(void **state)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	char *spec = replace(base_spec, "Nơi nhận|", "Chủ đề|Đoàn kết\nNơi nhận|Sở X\nNơi nhận|");
	char *path = write_spec(spec);
	(void)state;
	assert_int_equal(thidua_cluster_load(&c, path, d), 0);
	assert_string_equal(c->theme, "Đoàn kết");
	assert_int_equal(c->n_recipients, 3);
	assert_string_equal(c->recipients[0].text, "Sở X");
	thidua_cluster_free(c);
	thidua_diags_free(d);
	td_free(spec);
	free(path);
	expect_error("Năm|#2018\n", "", "data.missing-value", "Cụm!A1");
	expect_error("Địa danh|Hà Nội", "Địa danh|", "data.missing-value", "Cụm!B5");
	expect_error("Tên|Cụm thi đua số I\n", "Tên|Cụm thi đua số I\ntên|Khác\n", "data.duplicate-item",
	             "Cụm!A4");
}

/* ---- scoring rules ---------------------------------------------------------- */

static void example_scoring_rules(void **state)
{
	static const char *const files[] = { EXAMPLES "cum-xii-ha-noi-2018.fods",
	                                      EXAMPLES "cum-xii-ha-noi-2018.xml" };
	thidua_cluster *c = NULL;
	size_t i;
	(void)state;
	for (i = 0; i < 2; i++) {
		assert_int_equal(thidua_cluster_load(&c, files[i], NULL), 0);
		assert_int_equal(c->step, 25);
		assert_false(c->cross_scoring);
		assert_int_equal(c->n_tiebreaks, 4);
		assert_int_equal(c->tiebreaks[0].kind, TD_TIE_BASE);
		assert_int_equal(c->tiebreaks[1].kind, TD_TIE_SECTION);
		assert_string_equal(c->tiebreaks[1].section, "I");
		assert_int_equal(c->tiebreaks[2].kind, TD_TIE_FEWER_DEDUCT);
		assert_int_equal(c->tiebreaks[3].kind, TD_TIE_VOTE);
		assert_string_equal(c->criteria[23].code, "VI.1");
		assert_true(c->criteria[23].disqualifies);
		assert_false(c->criteria[24].disqualifies);
		if (i == 0)
			assert_string_equal(c->tiebreaks[0].where, "Cụm!B14");
		else
			assert_string_equal(c->tiebreaks[3].where, "dòng 175");
		thidua_cluster_free(c);
	}
	/* the other example keeps the defaults */
	assert_int_equal(thidua_cluster_load(&c, EXAMPLES "khoi-dang-can-tho-2018.fods", NULL), 0);
	assert_int_equal(c->step, 0);
	assert_int_equal(c->n_tiebreaks, 0);
	assert_true(c->criteria[23].disqualifies);
	thidua_cluster_free(c);
}

static const char *scoring_rows =
	"Nơi nhận|Các đơn vị trong Cụm\\nLưu: VT\n"
	"Bước điểm|#0.5\n"
	"chấm CHÉO|Có\n"
	"Bỏ điểm cao nhất và thấp nhất|x\n"
	"Tiêu chí xếp hạng phụ|1. tổng điểm các phần chính\\n- Điểm phần i;\\nít điểm trừ hơn\\n"
	"Nhiều điểm cộng hơn.\\n4) Biểu quyết\n";

static void scoring_rules_are_read(void **state)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	td_value *v = NULL, *cum, *l;
	char *spec = replace(base_spec, "Nơi nhận|Các đơn vị trong Cụm\\nLưu: VT\n", scoring_rows);
	char *spec2 = replace(spec, "|Ghi chú\n", "|Ghi chú|Không xét khen\n");
	char *spec3 = replace(spec2, "== Khen thưởng\n",
	                      "III|Điểm trừ||Phần\nIII.1|Kỷ luật||Trừ|#3|||Có\nIII.2|Vắng||Trừ|#1\n"
	                      "== Khen thưởng\n");
	char *path = write_spec(spec3);
	(void)state;
	assert_int_equal(thidua_cluster_load(&c, path, d), 0);
	assert_int_equal(thidua_diags_count(d), 0);
	assert_int_equal(c->step, 50);
	assert_true(c->cross_scoring);
	assert_true(c->drop_extremes);
	assert_int_equal(c->n_tiebreaks, 5);
	assert_int_equal(c->tiebreaks[0].kind, TD_TIE_BASE);
	assert_int_equal(c->tiebreaks[1].kind, TD_TIE_SECTION);
	assert_string_equal(c->tiebreaks[1].section, "I");
	assert_int_equal(c->tiebreaks[2].kind, TD_TIE_FEWER_DEDUCT);
	assert_int_equal(c->tiebreaks[3].kind, TD_TIE_MORE_BONUS);
	assert_int_equal(c->tiebreaks[4].kind, TD_TIE_VOTE);
	assert_string_equal(c->tiebreaks[4].where, "Cụm!B11");
	assert_true(c->criteria[6].disqualifies);
	assert_false(c->criteria[7].disqualifies);
	assert_int_equal(td_cluster_to_value(&v, c), 0);
	cum = td_v_map_get(v, "cum");
	assert_int_equal(td_v_map_get(cum, "buoc_diem")->u.num, 50);
	assert_true(td_v_truthy(td_v_map_get(cum, "cham_cheo")));
	assert_true(td_v_truthy(td_v_map_get(cum, "bo_diem_cao_thap")));
	l = td_v_map_get(cum, "xep_hang_phu");
	assert_int_equal(td_v_len(l), 5);
	assert_string_equal(td_v_list_at(l, 1)->u.str.s, "Điểm Phần I");
	assert_true(td_v_truthy(td_v_map_get(td_v_list_at(td_v_map_get(v, "tieu_chi"), 6),
	                                     "khong_xet_khen")));
	td_v_unref(v);
	thidua_cluster_free(c);
	free(path);
	td_free(spec);
	td_free(spec2);
	td_free(spec3);
	thidua_diags_free(d);
}

static void scoring_defaults(void **state)
{
	thidua_cluster *c = NULL;
	td_value *v = NULL, *l;
	(void)state;
	assert_int_equal(load_variant(&c, NULL, NULL, NULL), 0);
	assert_int_equal(c->step, 0);
	assert_false(c->cross_scoring);
	assert_int_equal(c->n_tiebreaks, 0);
	assert_int_equal(td_cluster_to_value(&v, c), 0);
	assert_int_equal(td_v_map_get(td_v_map_get(v, "cum"), "buoc_diem")->u.num, 25);
	l = td_v_map_get(td_v_map_get(v, "cum"), "xep_hang_phu");
	assert_int_equal(td_v_len(l), 3);
	assert_string_equal(td_v_list_at(l, 0)->u.str.s, "Tổng điểm các phần chính");
	assert_string_equal(td_v_list_at(l, 1)->u.str.s, "Ít điểm trừ hơn");
	assert_string_equal(td_v_list_at(l, 2)->u.str.s, "Biểu quyết");
	td_v_unref(v);
	thidua_cluster_free(c);
}

static void bad_scoring_rules(void **state)
{
	const char *nn = "Nơi nhận|Các đơn vị trong Cụm\\nLưu: VT\n";
	char *to;
	(void)state;
#define NN_PLUS(x) (to = replace(nn, "Lưu: VT\n", "Lưu: VT\n" x))
	expect_error(nn, NN_PLUS("Bước điểm|#0.3\n"), "data.bad-step", "Cụm!B8");
	td_free(to);
	expect_error(nn, NN_PLUS("Bước điểm|nửa điểm\n"), "data.bad-number", "Cụm!B8");
	td_free(to);
	expect_error(nn, NN_PLUS("Chấm chéo|Hmm\n"), "data.bad-value", "Cụm!B8");
	td_free(to);
	expect_error(nn, NN_PLUS("Tiêu chí xếp hạng phụ|Tổng điểm\\nBiểu quyết\n"), "data.bad-tiebreak",
	             "Cụm!B8");
	td_free(to);
	expect_error(nn, NN_PLUS("Tiêu chí xếp hạng phụ|Biểu quyết\\nÍt điểm trừ hơn\n"),
	             "data.bad-tiebreak", "Cụm!B8");
	td_free(to);
	expect_error(nn, NN_PLUS("Tiêu chí xếp hạng phụ|Điểm Phần IX\n"), "data.bad-tiebreak", "Cụm!B8");
	td_free(to);
	expect_error(nn, NN_PLUS("Tiêu chí xếp hạng phụ|Điểm Phần I.1\n"), "data.bad-tiebreak", "Cụm!B8");
	td_free(to);
#undef NN_PLUS
	/* a scored criterion cannot disqualify */
	{
		char *s1 = replace(base_spec, "|Ghi chú\n", "|Ghi chú|Không xét khen\n");
		char *s2 = replace(s1, "2|Tiêu chí hai|#20\n", "2|Tiêu chí hai|#20|||||x\n");
		thidua_diags *d = thidua_diags_new();
		thidua_cluster *c = NULL;
		char *path = write_spec(s2);
		const thidua_diag *g;

		assert_int_equal(thidua_cluster_load(&c, path, d), THIDUA_EDATA);
		g = diag_with(d, "data.bad-disqualifies");
		assert_string_equal(g->where, "Tiêu chí!H4"); /* the Không xét khen cell */
		thidua_diags_free(d);
		free(path);
		td_free(s1);
		td_free(s2);
	}
	/* warnings: dropping extremes without cross-scoring, a rule given twice,
	 * a maximum off the step */
	{
		char *s1 = replace(base_spec, nn, "Nơi nhận|X\nBước điểm|#0.5\nBỏ điểm cao nhất và thấp nhất|Có\n"
		                              "Tiêu chí xếp hạng phụ|Ít điểm trừ hơn\\nít điểm trừ\n");
		char *s2 = replace(s1, "2|Tiêu chí hai|#20\n", "2|Tiêu chí hai|#19.75\n");
		char *s3 = replace(s2, "1|Tiêu chí một|#30", "1|Tiêu chí một|#30.25");
		thidua_diags *d = thidua_diags_new();
		thidua_cluster *c = NULL;
		char *path = write_spec(s3);

		assert_int_equal(thidua_cluster_load(&c, path, d), 0);
		assert_int_equal(diag_with(d, "data.drop-without-cross")->severity, THIDUA_SEV_WARNING);
		assert_string_equal(diag_with(d, "data.duplicate-tiebreak")->where, "Cụm!B10");
		assert_string_equal(diag_with(d, "data.off-step")->where, "Tiêu chí!A3");
		thidua_cluster_free(c);
		thidua_diags_free(d);
		free(path);
		td_free(s1);
		td_free(s2);
		td_free(s3);
	}
}

/* A cluster of n units written at run time (n = 1: the head alone). */
static char *spec_with_units(int n)
{
	td_buf b = TD_BUF_INIT;
	const char *units = strstr(base_spec, "== Đơn vị\n"), *after = strstr(base_spec, "== Căn cứ\n");
	int i;

	td_buf_put(&b, base_spec, (size_t)(units - base_spec));
	td_buf_puts(&b, "== Đơn vị\nThứ tự|Mã|Tên đơn vị|Vai trò|Quyền hạn ký|Chức vụ|Người ký\n");
	for (i = n; i >= 1; i--) /* written in reverse: protocol order comes from Thứ tự */
		td_buf_printf(&b, "#%d|DV%02d|Đơn vị số %d|%s||GIÁM ĐỐC|Người ký %d\n", i, i, i,
		              i == 1 ? "Cụm trưởng" : i == 2 ? "Cụm phó" : i == 3 ? "?true" : "Thành viên", i);
	td_buf_puts(&b, after);
	return td_buf_detach(&b);
}

static void big_and_tiny_clusters(void **state)
{
	char *spec, *path, *bad;
	thidua_cluster *c = NULL;
	thidua_diags *d;
	int i;
	(void)state;
	spec = spec_with_units(60);
	bad = replace(spec, "|?true|", "|Thành viên|");
	path = write_spec(bad);
	assert_int_equal(thidua_cluster_load(&c, path, NULL), 0);
	assert_int_equal(c->n_units, 60);
	for (i = 0; i < 60; i++)
		assert_int_equal(c->units[i].order, i + 1);
	assert_string_equal(c->units[59].name, "Đơn vị số 60");
	assert_string_equal(c->units[59].where, "Đơn vị!A2");
	thidua_cluster_free(c);
	free(path);
	td_free(bad);
	/* a boolean cell as a role is reported */
	path = write_spec(spec);
	d = thidua_diags_new();
	assert_int_equal(thidua_cluster_load(&c, path, d), THIDUA_EDATA);
	assert_string_equal(diag_with(d, "data.bad-role")->where, "Đơn vị!D59");
	thidua_diags_free(d);
	free(path);
	td_free(spec);
	spec = spec_with_units(1);
	path = write_spec(spec);
	assert_int_equal(thidua_cluster_load(&c, path, NULL), 0);
	assert_int_equal(c->n_units, 1);
	assert_int_equal(c->units[0].role, TD_ROLE_HEAD);
	thidua_cluster_free(c);
	free(path);
	td_free(spec);
	/* a province: ten thousand units load (the old bound was 500) */
	spec = spec_with_units(10000);
	bad = replace(spec, "|?true|", "|Thành viên|");
	path = write_spec(bad);
	assert_int_equal(thidua_cluster_load(&c, path, NULL), 0);
	assert_int_equal(c->n_units, 10000);
	assert_string_equal(c->units[9999].name, "Đơn vị số 10000");
	thidua_cluster_free(c);
	free(path);
	td_free(bad);
	td_free(spec);
	/* past the budget a file is refused, by the unit count or first by the
	 * workbook's cell budget */
	spec = spec_with_units(TD_MAX_UNITS + 1);
	path = write_spec(spec);
	d = thidua_diags_new();
	assert_true(thidua_cluster_load(&c, path, d) < 0);
	assert_null(c);
	thidua_diags_free(d);
	free(path);
	td_free(spec);
}

static void empty_template_asks_for_data(void **state)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	(void)state;
	assert_int_equal(thidua_cluster_load(&c, TD_SOURCE_DIR "/templates/cluster-empty.fods", d),
	                 THIDUA_EDATA);
	assert_string_equal(diag_with(d, "data.missing-value")->where, "Cụm!B2");
	diag_with(d, "data.no-units");
	thidua_diags_free(d);
}

/* ---- XML ---------------------------------------------------------------- */

static const char *xml_head =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<cluster xmlns=\"urn:thidua:cluster:1\" kind=\"khoi\" year=\"2018\">\n"
	"  <name>Khối thi đua Nội chính</name>\n"
	"  <place>Cần Thơ</place>\n"
	"  <signing-date>2018-04-13</signing-date>\n"
	"  <units>\n"
	"    <unit order=\"1\" code=\"A\" role=\"head\"><name>Đơn vị A</name><title>BÍ THƯ</title><signer>X</signer></unit>\n"
	"    <unit order=\"2\" code=\"B\"><name>Đơn vị B</name><title>TRƯỞNG BAN</title><signer>Y</signer></unit>\n"
	"  </units>\n"
	"</cluster>\n";

static int load_xml_text(thidua_cluster **c, thidua_diags *d, const char *text)
{
	char *path = tu_write_new(tmp, text, "xml");
	int rc = thidua_cluster_load_ex(c, path, THIDUA_LOAD_NORMALIZE, d);

	free(path);
	return rc;
}

static void xml_expect(const char *from, const char *to, int rc, const char *code, const char *where)
{
	char *text = replace(xml_head, from, to);
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	const thidua_diag *g;

	assert_int_equal(load_xml_text(&c, d, text), rc);
	assert_null(c);
	g = diag_with(d, code);
	assert_string_equal(g->where, where);
	thidua_diags_free(d);
	td_free(text);
}

static void xml_small_loads(void **state)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	(void)state;
	assert_int_equal(load_xml_text(&c, d, xml_head), 0);
	assert_int_equal(thidua_diags_count(d), 1); /* no criteria: a warning */
	assert_int_equal(c->kind, TD_KIND_KHOI);
	assert_int_equal(c->units[0].role_kind, TD_KIND_KHOI);
	assert_string_equal(td_role_label(c->units[0].role, c->kind), "Khối trưởng");
	assert_string_equal(c->units[1].where, "dòng 8");
	thidua_cluster_free(c);
	thidua_diags_free(d);
}

static void xml_bad_input(void **state)
{
	(void)state;
	/* malformed: the line of the problem */
	xml_expect("</units>", "</unit>", THIDUA_EFORMAT, "data.bad-xml", "dòng 9");
	/* schema: a unit without its code */
	xml_expect("<unit order=\"2\" code=\"B\">", "<unit order=\"2\">", THIDUA_EDATA, "data.schema", "dòng 8");
	xml_expect("kind=\"khoi\"", "kind=\"nhom\"", THIDUA_EDATA, "data.schema", "dòng 2");
	/* a DOCTYPE is refused */
	xml_expect("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
	           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE cluster [<!ENTITY e \"x\">]>\n",
	           THIDUA_EFORMAT, "data.bad-xml", "dòng 1");
	/* the same checks as for a workbook, at the element's line */
	xml_expect("code=\"B\"", "code=\"a\"", THIDUA_EDATA, "data.duplicate-code", "dòng 8");
	xml_expect("<name>Đơn vị B</name>", "<name> </name>", THIDUA_EDATA, "data.empty-name", "dòng 8");
	xml_expect("2018-04-13", "2018-02-30", THIDUA_EDATA, "data.bad-date", "dòng 5");
	xml_expect("<name>Đơn vị B</name>", "<name>Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam</name>",
	           THIDUA_EDATA, "data.legacy-encoding", "dòng 8");
	xml_expect("  </units>\n", "  </units>\n  <criteria><criterion code=\"I\" kind=\"section\" max=\"10\">"
	           "<text>A</text></criterion>\n<criterion code=\"I.1\" kind=\"item\" max=\"5\"><text>B</text>"
	           "</criterion></criteria>\n", THIDUA_EDATA, "data.sum-mismatch", "dòng 10");
}

static void xml_nfd_is_normalised(void **state)
{
	char *text = replace(xml_head, "<name>Đơn vị B</name>", "<name>Đơn vi\xCC\xA3 B</name>");
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	(void)state;
	assert_int_equal(load_xml_text(&c, d, text), 0);
	assert_string_equal(diag_with(d, "data.not-nfc")->where, "dòng 8");
	assert_string_equal(c->units[1].name, "Đơn vị B");
	thidua_cluster_free(c);
	thidua_diags_free(d);
	td_free(text);
}

static void xml_scoring_rules(void **state)
{
	const char *crit =
		"  </units>\n"
		"  <criteria>\n"
		"    <criterion code=\"I\" kind=\"section\" max=\"10\"><text>A</text></criterion>\n"
		"    <criterion code=\"I.1\" kind=\"item\" max=\"10\"><text>B</text></criterion>\n"
		"    <criterion code=\"II\" kind=\"section\"><text>Trừ</text></criterion>\n"
		"    <criterion code=\"II.1\" kind=\"deduction\" per-event=\"3\" disqualifies=\"true\"><text>C</text></criterion>\n"
		"  </criteria>\n"
		"  <scoring step=\"0.5\" cross-scoring=\"true\" drop-extremes=\"true\">\n"
		"    <tiebreak rule=\"section\" section=\"I\"/>\n"
		"    <tiebreak rule=\"more-bonus\"/>\n"
		"    <tiebreak rule=\"vote\"/>\n"
		"  </scoring>\n";
	char *text = replace(xml_head, "  </units>\n", crit);
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	char *bad;
	(void)state;
	assert_int_equal(load_xml_text(&c, d, text), 0);
	assert_int_equal(thidua_diags_count(d), 0);
	assert_int_equal(c->step, 50);
	assert_true(c->cross_scoring);
	assert_true(c->drop_extremes);
	assert_int_equal(c->n_tiebreaks, 3);
	assert_int_equal(c->tiebreaks[0].kind, TD_TIE_SECTION);
	assert_string_equal(c->tiebreaks[0].section, "I");
	assert_string_equal(c->tiebreaks[0].where, "dòng 17");
	assert_int_equal(c->tiebreaks[1].kind, TD_TIE_MORE_BONUS);
	assert_true(c->criteria[3].disqualifies);
	assert_false(c->criteria[1].disqualifies);
	thidua_cluster_free(c);
	c = NULL;
	thidua_diags_free(d);
	/* located errors */
	d = thidua_diags_new();
	bad = replace(text, "step=\"0.5\"", "step=\"0.3\"");
	assert_int_equal(load_xml_text(&c, d, bad), THIDUA_EDATA);
	assert_string_equal(diag_with(d, "data.bad-step")->where, "dòng 16");
	td_free(bad);
	thidua_diags_free(d);
	d = thidua_diags_new();
	bad = replace(text, "<tiebreak rule=\"vote\"/>\n", "");
	assert_non_null(bad);
	td_free(bad);
	bad = replace(text, "    <tiebreak rule=\"section\" section=\"I\"/>\n", "    <tiebreak rule=\"vote\"/>\n");
	assert_int_equal(load_xml_text(&c, d, bad), THIDUA_EDATA);
	assert_string_equal(diag_with(d, "data.bad-tiebreak")->where, "dòng 17");
	td_free(bad);
	thidua_diags_free(d);
	d = thidua_diags_new();
	bad = replace(text, "section=\"I\"", "section=\"III\"");
	assert_int_equal(load_xml_text(&c, d, bad), THIDUA_EDATA);
	assert_string_equal(diag_with(d, "data.bad-tiebreak")->where, "dòng 17");
	td_free(bad);
	thidua_diags_free(d);
	d = thidua_diags_new();
	bad = replace(text, "rule=\"more-bonus\"", "rule=\"coin\"");
	assert_int_equal(load_xml_text(&c, d, bad), THIDUA_EDATA);
	assert_string_equal(diag_with(d, "data.schema")->where, "dòng 18");
	td_free(bad);
	thidua_diags_free(d);
	td_free(text);
}

static void unknown_and_unreadable_files(void **state)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	char *path = tu_write_new(tmp, "hello, world\n", "txt");
	(void)state;
	assert_int_equal(thidua_cluster_load(&c, path, d), THIDUA_EFORMAT);
	diag_with(d, "data.unknown-format");
	assert_int_equal(thidua_cluster_load(&c, "/nonexistent/x.ods", d), THIDUA_EIO);
	diag_with(d, "data.unreadable");
	thidua_diags_free(d);
	free(path);
	{
		/* a root beyond the first bytes: XML by its name */
		td_buf b = TD_BUF_INIT;
		char *text;
		int i;

		td_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!--");
		for (i = 0; i < 600; i++)
			td_buf_puts(&b, " chú thích");
		td_buf_puts(&b, " -->\n");
		td_buf_puts(&b, strchr(xml_head, '\n') + 1);
		text = td_buf_detach(&b);
		assert_int_equal(load_xml_text(&c, NULL, text), 0);
		assert_int_equal(c->n_units, 2);
		thidua_cluster_free(c);
		td_free(text);
	}
}

/* Every file in tests/fixtures/data is bad input named CODE--what.ext: it
 * must fail with the diag data.CODE and nothing else going wrong. */
static void fixtures_fail_with_their_code(void **state)
{
	const char *dir = TD_SOURCE_DIR "/tests/fixtures/data";
	DIR *dh = opendir(dir);
	struct dirent *de;
	int seen = 0;
	(void)state;
	assert_non_null(dh);
	while ((de = readdir(dh)) != NULL) {
		const char *sep = strstr(de->d_name, "--");
		char code[64], *path;
		thidua_diags *d;
		thidua_cluster *c = NULL;
		int rc;

		if (de->d_name[0] == '.' || !sep)
			continue;
		snprintf(code, sizeof code, "data.%.*s", (int)(sep - de->d_name), de->d_name);
		path = tu_path(dir, de->d_name);
		d = thidua_diags_new();
		rc = thidua_cluster_load(&c, path, d);
		if (rc == 0 || c)
			print_error("%s loaded\n", de->d_name);
		assert_int_not_equal(rc, 0);
		assert_null(c);
		assert_int_equal(diag_with(d, code)->severity, THIDUA_SEV_ERROR);
		thidua_diags_free(d);
		free(path);
		seen++;
	}
	closedir(dh);
	assert_true(seen >= 10);
}

/* ---- validation and helpers on their own --------------------------------- */

static void codes_and_numbers(void **state)
{
	int64_t h = 0;
	(void)state;
	assert_int_equal(td_crit_code_depth("I"), 0);
	assert_int_equal(td_crit_code_depth("XIV.12"), 1);
	assert_int_equal(td_crit_code_depth("I.1.đ"), 2);
	assert_int_equal(td_crit_code_depth("I.1.f"), -1);
	assert_int_equal(td_crit_code_depth("IIII"), -1);
	assert_int_equal(td_crit_code_depth("I.01"), -1);
	/* issue 7: numbers may open a table and levels go to TD_MAX_DEPTH */
	assert_int_equal(td_crit_code_depth("1"), 0);
	assert_int_equal(td_crit_code_depth("I.1.a.b"), 3);
	assert_int_equal(td_crit_code_depth("A.I.1.a.1.b.2.c"), 7);
	assert_int_equal(td_crit_code_depth("A.I.1.a.1.b.2.c.3"), -1);
	assert_int_equal(td_crit_code_depth("I..1"), -1);
	assert_int_equal(td_crit_code_depth("I.ii"), -1);
	assert_int_equal(td_m_parse_xsd_number(&h, "8.5"), 0);
	assert_int_equal(h, 850);
	assert_int_equal(td_m_parse_xsd_number(&h, "1E2"), 0);
	assert_int_equal(h, 10000);
	assert_int_equal(td_m_parse_xsd_number(&h, "-0.25"), 0);
	assert_int_equal(h, -25);
	/* a double's 17 digits of noise are rounded away; fewer digits are
	 * what someone typed, and too precise */
	assert_int_equal(td_m_parse_xsd_number(&h, "8.4999999999999996"), 0);
	assert_int_equal(h, 850);
	assert_int_equal(td_m_parse_xsd_number(&h, "8.4999999999"), 1);
	assert_int_equal(td_m_parse_xsd_number(&h, "0.001"), 1);
	assert_int_equal(td_m_parse_xsd_number(&h, "1.234"), 1);
	assert_int_equal(td_m_parse_xsd_number(&h, "1,5"), -1);
	assert_int_equal(td_m_parse_xsd_number(&h, ""), -1);
	assert_int_equal(td_m_parse_xsd_number(&h, "1e30"), -1);
}

static void validate_a_built_cluster(void **state)
{
	thidua_cluster *c = td_cluster_new("mem");
	thidua_diags *d = thidua_diags_new();
	td_value *v = NULL;
	(void)state;
	assert_non_null(c);
	c->name = td_strdup("Cụm thi đua số III");
	c->place = td_strdup("Hà Nội");
	c->year = 2017;
	c->sign_y = 2017;
	c->sign_m = 2;
	c->sign_d = 15;
	assert_int_equal(td_cluster_validate(c, d), THIDUA_EDATA);
	diag_with(d, "data.no-units");
	c->units = td_calloc(3, sizeof *c->units);
	c->n_units = 3;
	c->units[0].order = 1;
	c->units[0].code = td_strdup("A");
	c->units[0].name = td_strdup("A");
	c->units[0].role = TD_ROLE_DEPUTY;
	c->units[1].order = 2;
	c->units[1].code = td_strdup("B");
	c->units[1].name = td_strdup("B");
	c->units[1].role = TD_ROLE_DEPUTY;
	c->units[2].order = 3;
	c->units[2].code = td_strdup("C");
	c->units[2].name = td_strdup("C");
	c->units[2].role = TD_ROLE_DEPUTY;
	thidua_diags_free(d);
	d = thidua_diags_new();
	assert_int_equal(td_cluster_validate(c, d), THIDUA_EDATA);
	diag_with(d, "data.no-head");
	diag_with(d, "data.too-many-deputies");
	c->units[2].role = TD_ROLE_HEAD;
	c->sign_y = 2015;
	thidua_diags_free(d);
	d = thidua_diags_new();
	assert_int_equal(td_cluster_validate(c, d), 0);
	diag_with(d, "data.date-year");
	assert_int_equal(td_cluster_to_value(&v, c), 0);
	assert_int_equal(td_v_map_get(td_v_map_get(v, "cum"), "co_quan_chu_quan")->type, TD_V_NULL);
	td_v_unref(v);
	assert_string_equal(td_kind_label(TD_KIND_KHOI), "Khối");
	assert_string_equal(td_role_label(TD_ROLE_DEPUTY, TD_KIND_CUM), "Cụm phó");
	assert_string_equal(td_role_label(TD_ROLE_MEMBER, TD_KIND_KHOI), "Thành viên");
	thidua_diags_free(d);
	thidua_cluster_free(c);
}

/* ---- out of memory ---------------------------------------------------------- */

static void oom_loop(const char *path)
{
	thidua_cluster *c = NULL;
	thidua_diags *d;
	long n;
	int rc = -1;

	for (n = 0; n < 100000; n++) {
		d = thidua_diags_new();
		assert_non_null(d);
		td_alloc_fail_after(n);
		rc = thidua_cluster_load_ex(&c, path, THIDUA_LOAD_NORMALIZE, d);
		td_alloc_fail_after(-1);
		thidua_diags_free(d);
		if (rc == 0)
			break;
		assert_int_equal(rc, THIDUA_ENOMEM);
		assert_null(c);
	}
	assert_int_equal(rc, 0);
	assert_true(n > 50);
	thidua_cluster_free(c);
}

static void allocation_failures(void **state)
{
	char *path, *text, *spec;
	(void)state;
	/* the small workbook, with warnings (text number, NFD) on the way */
	spec = replace(base_spec, "#20\n", "20,0\n");
	path = write_spec(spec);
	oom_loop(path);
	free(path);
	td_free(spec);
	text = replace(xml_head, "<name>Đơn vị B</name>", "<name>Đơn vi\xCC\xA3 B</name>");
	path = tu_write_new(tmp, text, "xml");
	oom_loop(path);
	free(path);
	td_free(text);
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
		cmocka_unit_test(example_ha_noi_loads),
		cmocka_unit_test(example_can_tho_loads),
		cmocka_unit_test(xml_and_workbook_give_the_same_data),
		cmocka_unit_test(zip_workbook_loads),
		cmocka_unit_test(base_workbook_reads_everything),
		cmocka_unit_test(missing_sheet),
		cmocka_unit_test(missing_column),
		cmocka_unit_test(duplicate_unit_code),
		cmocka_unit_test(duplicate_order),
		cmocka_unit_test(empty_unit_name),
		cmocka_unit_test(bad_date),
		cmocka_unit_test(bad_number),
		cmocka_unit_test(bad_role_and_kind),
		cmocka_unit_test(roles_counted),
		cmocka_unit_test(agreement_sections_witness_annex),
		cmocka_unit_test(criteria_checks),
		cmocka_unit_test(text_numbers_are_accepted_with_a_warning),
		cmocka_unit_test(nfd_text_is_normalised_with_a_warning),
		cmocka_unit_test(nfd_text_is_an_error_by_default),
		cmocka_unit_test(legacy_encoding_is_refused),
		cmocka_unit_test(every_problem_is_reported),
		cmocka_unit_test(cum_items),
		cmocka_unit_test(example_scoring_rules),
		cmocka_unit_test(scoring_rules_are_read),
		cmocka_unit_test(scoring_defaults),
		cmocka_unit_test(bad_scoring_rules),
		cmocka_unit_test(xml_scoring_rules),
		cmocka_unit_test(big_and_tiny_clusters),
		cmocka_unit_test(empty_template_asks_for_data),
		cmocka_unit_test(xml_small_loads),
		cmocka_unit_test(xml_bad_input),
		cmocka_unit_test(xml_nfd_is_normalised),
		cmocka_unit_test(unknown_and_unreadable_files),
		cmocka_unit_test(fixtures_fail_with_their_code),
		cmocka_unit_test(codes_and_numbers),
		cmocka_unit_test(validate_a_built_cluster),
		cmocka_unit_test(allocation_failures),
	};
	return cmocka_run_group_tests_name("model", tests, setup, teardown);
}
