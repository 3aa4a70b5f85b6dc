/* sheet_valid.c - the entry cells of a scoring sheet and their validity
 * rules (ODF 1.3 Part 3, 9.4.4-9.4.7 table:content-validation), by Cách
 * chấm (model/rules.h): DIRECT a number from 0 to the row's limit on the
 * step; COUNT a whole number >= 0; TARGET / LEADER a number >= 0 with at
 * most two decimals; PASS a drop-down list "Đạt" / "Không đạt"; CONDITION
 * a list "Có" / "Không". Custom conditions are written as
 * of:is-true-formula, lists as of:cell-content-is-in-list: LibreOffice
 * honours both and keeps them through .xlsx (Excel's Custom and List data
 * validation). Cells with the same rule in one table share one
 * validation (its references are relative to its base cell). */
#include "sheets/sheets_int.h"
#include "util/alloc.h"
#include "util/error.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* How to type a decimal, in every numeric rule's messages. The entry
 * cells' number format is Vietnamese (the template's TdNumFmt carries
 * number:language="vi" number:country="VN"), and LibreOffice parses what
 * is typed into a cell by the language of the cell's format: "28,5" is a
 * number there whatever the office's own locale, "28.5" is text and
 * refused. Excel parses by the computer's settings instead. Kept short:
 * Excel cuts an input message at 255 and an error message at 225
 * characters. */
#define DECIMAL_HOW "Số lẻ gõ dấu phẩy: 18,5 (Excel: theo dấu thập phân của máy, 18,5 hoặc 18.5)."

void valid_reset(gen *g)
{
	size_t i;

	for (i = 0; i < g->nsig; i++)
		td_free(g->sigs[i]);
	g->nsig = 0;
}

/* Is row i scored as a yes/no question? */
static int is_list(const gen *g, size_t i, int *condition)
{
	const td_crit_info *x = &g->info[i];

	*condition = x->cls == TD_CRIT_CONDITION;
	return *condition || x->method == TD_METHOD_PASS;
}

/* The condition of row i's rule with the base cell ref; the title and the
 * help and error texts. */
static void rule_of(gen *g, size_t i, const char *ref, td_buf *cond, td_buf *title,
                    td_buf *help, td_buf *error)
{
	const td_criterion *k = &g->c->criteria[i];
	const td_crit_info *x = &g->info[i];
	td_buf lim = TD_BUF_INIT, step = TD_BUF_INIT, per = TD_BUF_INIT;
	int condition, open_ended = x->limit >= TD_NO_RULE_LIMIT;

	put_number_text(g, &lim, x->limit);
	put_number_text(g, &step, g->step);
	if (is_list(g, i, &condition)) {
		td_buf_puts(cond, condition ? "of:cell-content-is-in-list(\"Có\";\"Không\")"
		                            : "of:cell-content-is-in-list(\"Đạt\";\"Không đạt\")");
		td_buf_puts(title, condition ? "Có / Không" : "Đạt / Không đạt");
		if (condition)
			td_buf_puts(help, "Chọn “Có” nếu đơn vị có trường hợp này, “Không” nếu không.");
		else
			td_buf_printf(help, "Chọn “Đạt” (%s điểm) hoặc “Không đạt” (0 điểm).",
			              td_buf_cstr(&lim));
		td_buf_puts(error, condition ? "Chọn “Có” hoặc “Không” trong danh sách."
		                             : "Chọn “Đạt” hoặc “Không đạt” trong danh sách.");
		goto done;
	}
	switch (x->method) {
	case TD_METHOD_COUNT:
		td_buf_printf(cond, "of:is-true-formula(AND(ISNUMBER(%s);%s>=0;%s<=%d;INT(%s)=%s))",
		              ref, ref, ref, TD_MAX_COUNT, ref, ref);
		td_buf_puts(title, x->cls == TD_CRIT_DEDUCTION ? "Số lần (điểm trừ)" :
		                   x->cls == TD_CRIT_BONUS ? "Số lần (điểm cộng)" : "Số lần");
		put_number_text(g, &per, k->per_event);
		td_buf_printf(help, "Số lần (số nguyên, 0 trở lên); mỗi lần %s %s điểm%s%s.",
		              x->cls == TD_CRIT_DEDUCTION ? "trừ" : "được", td_buf_cstr(&per),
		              open_ended ? "" : ", tối đa ", open_ended ? "" : td_buf_cstr(&lim));
		td_buf_puts(error, "Nhập số lần: một số nguyên từ 0 trở lên (không nhập chữ hay "
		                   "công thức). Để trống nếu không có.");
		break;
	case TD_METHOD_TARGET:
	case TD_METHOD_LEADER:
		td_buf_printf(cond, "of:is-true-formula(AND(ISNUMBER(%s);%s>=0;%s<=1000000000;"
		                    "ROUND(%s*100;0)=%s*100))", ref, ref, ref, ref, ref);
		td_buf_puts(title, "Kết quả thực hiện");
		td_buf_printf(help, "Kết quả thực hiện%s%s%s (số, tối đa hai chữ số thập phân). %s",
		              k->measure ? " (" : "", k->measure ? k->measure : "",
		              k->measure ? ")" : "", DECIMAL_HOW);
		td_buf_printf(error, "Nhập kết quả thực hiện: một số không âm, tối đa hai chữ số thập "
		                     "phân (không nhập chữ hay công thức). %s", DECIMAL_HOW);
		break;
	case TD_METHOD_DIRECT:
	default:
		td_buf_printf(cond, "of:is-true-formula(AND(ISNUMBER(%s);%s>=0;%s<=", ref, ref, ref);
		put_decimal(cond, x->limit);
		td_buf_printf(cond, ";ROUND(%s*100/%" PRId64 ";0)=%s*100/%" PRId64 "))", ref, g->step,
		              ref, g->step);
		td_buf_puts(title, x->cls == TD_CRIT_DEDUCTION ? "Điểm trừ" : x->cls == TD_CRIT_BONUS ?
		                   "Điểm cộng" : "Điểm");
		if (k->per_event > 0) {
			td_buf_puts(&per, x->cls == TD_CRIT_DEDUCTION ? " (trừ " : " (");
			put_number_text(g, &per, k->per_event);
			td_buf_puts(&per, " điểm mỗi lần)");
		}
		if (x->cls == TD_CRIT_DEDUCTION)
			td_buf_printf(help, "Tổng số điểm bị trừ, ghi số dương%s%s%s, bước %s.",
			              td_buf_cstr(&per), open_ended ? "" : ", tối đa ",
			              open_ended ? "" : td_buf_cstr(&lim), td_buf_cstr(&step));
		else
			td_buf_printf(help, "Từ 0 đến %s điểm%s, bước %s.", td_buf_cstr(&lim),
			              td_buf_cstr(&per), td_buf_cstr(&step));
		td_buf_printf(help, " %s", DECIMAL_HOW);
		if (open_ended)
			td_buf_printf(error, "Điểm trừ phải là một số không âm, theo bước %s",
			              td_buf_cstr(&step));
		else
			td_buf_printf(error, "Điểm phải là một số từ 0 đến %s, theo bước %s",
			              td_buf_cstr(&lim), td_buf_cstr(&step));
		td_buf_printf(error, " (không nhập chữ hay công thức). %s Để trống nếu không có điểm.",
		              DECIMAL_HOW);
		break;
	}
done:
	if (td_buf_oom(&lim) || td_buf_oom(&step) || td_buf_oom(&per))
		gen_fail(g, td_error_oom());
	td_buf_free(&lim);
	td_buf_free(&step);
	td_buf_free(&per);
}

/* The signature of row i's rule: the rule written for a cell "@". */
static void signature(gen *g, size_t i, td_buf *sig)
{
	td_buf cond = TD_BUF_INIT, title = TD_BUF_INIT, help = TD_BUF_INIT, error = TD_BUF_INIT;

	rule_of(g, i, "@", &cond, &title, &help, &error);
	td_buf_put(sig, td_buf_cstr(&cond), cond.len);
	td_buf_putc(sig, '\x1f');
	td_buf_put(sig, td_buf_cstr(&title), title.len);
	td_buf_putc(sig, '\x1f');
	td_buf_put(sig, td_buf_cstr(&help), help.len);
	td_buf_putc(sig, '\x1f');
	td_buf_put(sig, td_buf_cstr(&error), error.len);
	if (td_buf_oom(&cond) || td_buf_oom(&title) || td_buf_oom(&help) || td_buf_oom(&error))
		sig->oom = 1;
	td_buf_free(&cond);
	td_buf_free(&title);
	td_buf_free(&help);
	td_buf_free(&error);
}

char *valid_signature(gen *g, size_t i)
{
	td_buf sig = TD_BUF_INIT;

	signature(g, i, &sig);
	if (td_buf_oom(&sig)) {
		td_buf_free(&sig);
		return NULL;
	}
	return td_buf_detach(&sig);
}

/* The validation number for row i's entry cell at (col, row): an equal
 * rule of this table, or a new one with this cell as its base. */
static unsigned validation(gen *g, size_t i, int col, uint32_t row)
{
	td_buf cond = TD_BUF_INIT, title = TD_BUF_INIT, help = TD_BUF_INIT, error = TD_BUF_INIT;
	td_buf sig = TD_BUF_INIT, ref = TD_BUF_INIT, *v = &g->vals;
	int condition;
	unsigned num = 0;
	size_t j;

	if (g->sig_cache && g->sig_cache[i])
		td_buf_puts(&sig, g->sig_cache[i]);
	else
		signature(g, i, &sig);
	if (td_buf_oom(&sig))
		goto oom;
	for (j = 0; j < g->nsig; j++)
		if (!strcmp(g->sigs[j], sig.ptr)) {
			num = g->sigval[j];
			goto cleanup;
		}
	if (g->nsig == g->capsig) {
		size_t cap = g->capsig ? 2 * g->capsig : 16;
		char **s = td_realloc(g->sigs, cap * sizeof *s);
		unsigned *n;
		if (!s)
			goto oom;
		g->sigs = s;
		n = td_realloc(g->sigval, cap * sizeof *n);
		if (!n)
			goto oom;
		g->sigval = n;
		g->capsig = cap;
	}
	num = ++g->nval;
	g->sigs[g->nsig] = td_buf_detach(&sig);
	g->sigval[g->nsig++] = num;

	put_ref(&ref, col, row);
	rule_of(g, i, td_buf_cstr(&ref), &cond, &title, &help, &error);
	td_buf_printf(v, "<table:content-validation table:name=\"td_val%u\" table:condition=\"",
	              num);
	td_buf_put_xml(v, td_buf_cstr(&cond), cond.len, 1);
	td_buf_puts(v, "\" table:allow-empty-cell=\"true\"");
	if (is_list(g, i, &condition))
		td_buf_puts(v, " table:display-list=\"unsorted\"");
	td_buf_puts(v, " table:base-cell-address=\"");
	td_buf_put_xml(v, g->qname, strlen(g->qname), 1);
	td_buf_printf(v, ".%c%" PRIu32 "\">", 'A' + col, row + 1);
	td_buf_puts(v, "<table:help-message table:title=\"");
	td_buf_put_xml(v, td_buf_cstr(&title), title.len, 1);
	td_buf_puts(v, "\" table:display=\"true\"><text:p>");
	td_buf_put_xml(v, td_buf_cstr(&help), help.len, 0);
	td_buf_puts(v, "</text:p></table:help-message><table:error-message table:title=\"");
	td_buf_puts(v, is_list(g, i, &condition) ? "Giá trị không hợp lệ" : "Điểm không hợp lệ");
	td_buf_puts(v, "\" table:message-type=\"stop\" table:display=\"true\"><text:p>");
	td_buf_put_xml(v, td_buf_cstr(&error), error.len, 0);
	td_buf_puts(v, "</text:p></table:error-message></table:content-validation>");
	if (td_buf_oom(&cond) || td_buf_oom(&ref) || td_buf_oom(&title) || td_buf_oom(&help) ||
	    td_buf_oom(&error))
		goto oom;
	goto cleanup;
oom:
	gen_fail(g, td_error_oom());
cleanup:
	td_buf_free(&cond);
	td_buf_free(&title);
	td_buf_free(&help);
	td_buf_free(&error);
	td_buf_free(&sig);
	td_buf_free(&ref);
	return num;
}

void cell_entry(gen *g, size_t i, int col)
{
	unsigned num = validation(g, i, g->pc[col], g->crow[i]);

	/* the verification column is the head's: locked, so that the unit
	 * cannot type there while the table is protected */
	td_buf_puts(&g->body, "<table:table-cell table:style-name=\"");
	td_buf_puts(&g->body, col == TD_COL_CLUSTER_IN ? TD_VERIFY_STYLE
	                                               : td_sheet_style_names[S_SCORE]);
	td_buf_puts(&g->body, "\" table:content-validation-name=\"td_val");
	put_uint(&g->body, num);
	td_buf_puts(&g->body, "\"/>");
}
