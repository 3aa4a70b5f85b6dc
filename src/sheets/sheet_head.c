/* sheet_head.c - the parts of a scoring sheet around its table: the
 * header block (Nghị định 30: the parent body and the cluster left, the
 * national name and motto right; the title, who scores whom, how to
 * fill), the column header row (form/form.h), and the place, date and
 * signatures under the table. */
#include "sheets/sheets_int.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

static const char *kind_word(const thidua_cluster *c) { return td_kind_label(c->kind); }

char *gen_upper(gen *g, const char *s)
{
	char *r = NULL;
	int rc = td_text_upper(&r, s ? s : "");

	if (rc < 0)
		gen_fail(g, rc);
	return r;
}

static const char *body_name(const gen *g)
{
	const td_body *b = &g->c->bodies[g->body_ix];

	return b->name && *b->name ? b->name : b->code ? b->code : "";
}

static void wide_row(gen *g, int style, const char *text)
{
	row_open(g);
	cell_text(g, style, text, g->nvis);
	row_close(g);
}

/* The rule under the issuing body's name (columns A-B): no-break spaces
 * in the underlined TD_RULE_STYLE, 0.42 of the name's line. */
static void issuer_rule(gen *g, const char *name)
{
	/* the cell's text is 0,2 cm narrower than its columns (padding) */
	int n = td_rule_spaces(name ? name : "", g->t->name_width - 20, TD_NAME_PT, TD_RULE_PT);

	td_buf_puts(&g->body, "<table:table-cell table:style-name=\"" TD_RULE_STYLE "\" "
	                      "table:number-columns-spanned=\"2\" table:number-rows-spanned=\"1\"");
	if (n > 0) {
		td_buf_puts(&g->body, " office:value-type=\"string\"><text:p>");
		while (n-- > 0)
			td_buf_puts(&g->body, "\xC2\xA0");
		td_buf_puts(&g->body, "</text:p></table:table-cell>");
	} else {
		td_buf_puts(&g->body, "/>");
	}
	td_buf_puts(&g->body, "<table:covered-table-cell/>");
}

void header_block(gen *g, const layout *L, const char *identity)
{
	const thidua_cluster *c = g->c;
	const td_unit *unit = &c->units[g->unit];
	char *body = c->parent_body && *c->parent_body ? gen_upper(g, c->parent_body) : NULL;
	char *name = gen_upper(g, c->name);
	td_buf s = TD_BUF_INIT;
	const char *self_in = L->body ? "Kết quả chấm" : "Kết quả tự chấm";

	/* ND 30: issuing body left, national name right. */
	row_open(g);
	if (body)
		cell_text(g, S_BODY, body, 2);
	else
		cell_text(g, S_UNIT, name, 2);
	cell_text(g, S_NATION, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", g->nvis - 2);
	cell_code(g, identity);
	row_close(g);
	row_open(g);
	if (body)
		cell_text(g, S_UNIT, name, 2);
	else
		issuer_rule(g, name);
	cell_text(g, S_MOTTO, "Độc lập - Tự do - Hạnh phúc", g->nvis - 2);
	row_close(g);
	if (body) {
		row_open(g);
		issuer_rule(g, name);
		row_close(g);
	}
	empty_rows(g, L->title - 2 - (body != NULL));

	td_buf_printf(&s, "%s NĂM %d", L->cross || L->body ? "BẢNG CHẤM ĐIỂM THI ĐUA" :
	              "BẢNG TỰ CHẤM ĐIỂM THI ĐUA", c->year);
	wide_row(g, S_TITLE, td_buf_cstr(&s));
	if (L->cross || L->body) {
		td_buf_clear(&s);
		if (L->body)
			td_buf_printf(&s, "Cơ quan chấm: %s", body_name(g));
		else
			td_buf_printf(&s, "Đơn vị chấm: %s", g->scorer->name ? g->scorer->name : "");
		wide_row(g, S_SUBTITLE, td_buf_cstr(&s));
		td_buf_clear(&s);
		td_buf_printf(&s, "Đơn vị được chấm: %s", unit->name ? unit->name : "");
	} else {
		td_buf_clear(&s);
		td_buf_printf(&s, "Đơn vị: %s", unit->name ? unit->name : "");
	}
	wide_row(g, S_SUBTITLE, td_buf_cstr(&s));

	td_buf_clear(&s);
	/* The printed instruction: which cells, what to type, how to type a
	 * decimal (the entry cells' format is Vietnamese: sheet_valid.c), who
	 * writes the verification. */
	if (L->body)
		td_buf_printf(&s, "Hướng dẫn: %s nhập kết quả vào các ô nền vàng của cột “%s %s chấm”, "
		                  "theo cột “Cách tính”: điểm (bước ", body_name(g), "Kết quả", body_name(g));
	else
		td_buf_printf(&s, "Hướng dẫn: %s nhập kết quả vào các ô nền vàng của cột “%s”, theo cột "
		                  "“Cách tính”: điểm (bước ", L->cross ? "đơn vị chấm" : "đơn vị", self_in);
	put_number_text(g, &s, g->step);
	td_buf_puts(&s, "), số lần, kết quả thực hiện, hoặc chọn Đạt / Không đạt, Có / Không. "
	                "Số lẻ gõ dấu phẩy, ví dụ 18,5 (Excel: theo dấu thập phân của máy). "
	                "Tài liệu kiểm chứng ghi ở cột “Ghi chú”. Cột điểm tự tính.");
	if (!L->body)
		td_buf_printf(&s, " Cột “Kết quả thẩm định” do %s ghi (đã khóa, đơn vị không nhập).",
		              kind_word(c));
	wide_row(g, S_HINT, td_buf_cstr(&s));
	empty_rows(g, L->header - L->hint - 1);
	if (td_buf_oom(&s))
		gen_fail(g, td_error_oom());
	td_buf_free(&s);
	td_free(body);
	td_free(name);
}

void column_header(gen *g)
{
	td_buf a = TD_BUF_INIT, b = TD_BUF_INIT;

	td_buf_puts(&g->body, "<table:table-header-rows>");
	row_open(g);
	cell_text(g, S_COLHEAD, TD_HEAD_TT, 1);
	cell_text(g, S_COLHEAD, TD_HEAD_TEXT, 1);
	cell_text(g, S_COLHEAD, TD_HEAD_MAX, 1);
	cell_text(g, S_COLHEAD, TD_HEAD_HOW, 1);
	if (g->body_ix != SIZE_MAX) {
		td_buf_printf(&a, "Kết quả %s chấm", body_name(g));
		td_buf_printf(&b, "Điểm %s chấm", body_name(g));
		cell_text(g, S_COLHEAD, td_buf_cstr(&a), 1);
		cell_text(g, S_COLHEAD, td_buf_cstr(&b), 1);
	} else {
		cell_text(g, S_COLHEAD, TD_HEAD_SELF_IN, 1);
		cell_text(g, S_COLHEAD, TD_HEAD_SELF, 1);
		cell_text(g, S_COLHEAD, TD_HEAD_CLUSTER_IN, 1);
		cell_text(g, S_COLHEAD, g->c->kind == TD_KIND_KHOI ? TD_HEAD_CLUSTER_KHOI
		                                                   : TD_HEAD_CLUSTER_CUM, 1);
	}
	cell_text(g, S_COLHEAD, TD_HEAD_NOTE, 1);
	cell_code(g, TD_KEY_HEADER);
	row_close(g);
	td_buf_puts(&g->body, "</table:table-header-rows>");
	if (td_buf_oom(&a) || td_buf_oom(&b))
		gen_fail(g, td_error_oom());
	td_buf_free(&a);
	td_buf_free(&b);
}

void signatures(gen *g, const layout *L)
{
	const thidua_cluster *c = g->c;
	td_buf s = TD_BUF_INIT;
	unsigned left = 3, right = g->nvis - 3;

	empty_rows(g, L->sign - L->total - 1);
	td_buf_printf(&s, "%s, ngày …… tháng …… năm ……", c->place && *c->place ? c->place : "……");
	row_open(g);
	cell_text(g, S_DATE, NULL, left);
	cell_text(g, S_DATE, td_buf_cstr(&s), right);
	row_close(g);
	row_open(g);
	cell_text(g, S_SIGN, "NGƯỜI LẬP BẢNG", left);
	cell_text(g, S_SIGN, L->body ? "THỦ TRƯỞNG CƠ QUAN CHẤM" : L->cross ?
	          "THỦ TRƯỞNG ĐƠN VỊ CHẤM" : "THỦ TRƯỞNG ĐƠN VỊ", right);
	row_close(g);
	row_open(g);
	cell_text(g, S_SIGNHINT, "(Ký, ghi rõ họ tên)", left);
	cell_text(g, S_SIGNHINT, "(Ký tên, đóng dấu)", right);
	row_close(g);
	empty_rows(g, L->last - L->sign - 2);
	if (td_buf_oom(&s))
		gen_fail(g, td_error_oom());
	td_buf_free(&s);
}
