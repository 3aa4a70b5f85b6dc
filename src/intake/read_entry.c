/* read_entry.c - one entry cell of a returned sheet, read exactly and
 * checked by the row's Cách chấm (model/rules.h): DIRECT points from 0 to
 * the row's limit on the step; COUNT a whole number of events >= 0;
 * TARGET / LEADER an actual value >= 0 with at most two decimals; PASS
 * "Đạt" / "Không đạt" and CONDITION "Có" / "Không", matched loosely (case,
 * spaces, with or without marks; TRUE / FALSE as Excel may store them).
 * Anything else is an error at the cell. */
#include "intake/intake_int.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/error.h"

#include <string.h>

/* A formula for display: without the ODF namespace prefix ("of:=A1" ->
 * "=A1"). */
static const char *formula_shown(const char *f)
{
	const char *eq = strchr(f, '=');
	const char *colon = strchr(f, ':');

	if (colon && eq && colon < eq && colon - f < 8)
		return colon + 1;
	return f;
}

/* A yes/no word: 1, 0, or -1 when it is neither. */
static int yes_no(rctx *r, const td_gcell *cell, int condition)
{
	static const char *const pass_yes[] = { "đạt", "dat", "đ", NULL };
	static const char *const pass_no[] = { "không đạt", "khong dat", "chưa đạt", "chua dat",
		                               "kđ", "kd", NULL };
	static const char *const cond_yes[] = { "có", "co", "x", NULL };
	static const char *const cond_no[] = { "không", "khong", "k", NULL };
	const char *const *yes = condition ? cond_yes : pass_yes;
	const char *const *no = condition ? cond_no : pass_no;
	char *k;
	int v = -1;
	size_t i;

	if (cell->type == TD_G_BOOL && cell->value)
		return !strcmp(cell->value, "true") || !strcmp(cell->value, "1");
	if (cell->type != TD_G_STRING)
		return -1;
	if (!(k = key_of(r, cell_str(cell))))
		return -1;
	for (i = 0; yes[i] && v < 0; i++)
		if (!strcmp(k, yes[i]))
			v = 1;
	for (i = 0; no[i] && v < 0; i++)
		if (!strcmp(k, no[i]))
			v = 0;
	td_free(k);
	return v;
}

/* The number in a cell, exactly in hundredths: 0, or -1 after reporting
 * (what = "điểm" / "score" words of the message). */
static int number_of(rctx *r, size_t ki, const td_gcell *cell, const char *where, int64_t *h)
{
	const td_criterion *k = &r->c->criteria[ki];
	char b1[32], b2[32];
	int rc, amb = 0;

	switch (cell->type) {
	case TD_G_NUMBER:
		rc = td_parse_xsd_number(h, cell->value ? cell->value : "");
		if (rc < 0) {
			err(r, "score.not-a-number", where,
			    "Giá trị của tiêu chí %s không đọc được (\"%s\").",
			    "The value of criterion %s cannot be read (\"%s\").", k->code,
			    cell_str(cell));
			return -1;
		}
		if (rc > 0) {
			err(r, "score.off-step", where,
			    "Giá trị %s của tiêu chí %s có quá hai chữ số thập phân%.0s.",
			    "The value %s of criterion %s has more than two decimals%.0s.",
			    cell->value, k->code, "");
			return -1;
		}
		return 0;
	case TD_G_STRING:
		rc = td_parse_decimal(h, cell_str(cell), &amb);
		if (rc == THIDUA_ENOMEM) {
			ctx_oom(r);
			return -1;
		}
		if (rc < 0) {
			err(r, "score.not-a-number", where,
			    "Giá trị của tiêu chí %s không phải là số: \"%s\".",
			    "The value of criterion %s is not a number: \"%s\".", k->code,
			    clip(r, cell_str(cell), 60));
			return -1;
		}
		warn(r, "score.text-number", where,
		     "Giá trị của tiêu chí %s được gõ dạng chữ (\"%s\"); đã đọc là %s%.0s. Nên gõ dạng số.",
		     "The value of criterion %s was typed as text (\"%s\"); read as %.0s%s. Better type it as a number.",
		     k->code, clip(r, cell_str(cell), 40), fmt_h(b1, sizeof b1, *h, ','),
		     fmt_h(b2, sizeof b2, *h, '.'));
		return 0;
	default:
		err(r, "score.not-a-number", where,
		    "Giá trị của tiêu chí %s không phải là số: \"%s\".",
		    "The value of criterion %s is not a number: \"%s\".", k->code,
		    clip(r, cell_str(cell), 60));
		return -1;
	}
}

/* DIRECT: points in 0..limit, on the step. */
static int check_points(rctx *r, size_t ki, const char *where, int64_t h)
{
	const td_criterion *k = &r->c->criteria[ki];
	int64_t hi = r->info[ki].limit;
	char b1[32], b2[32], b3[32], b4[32];
	int ok = 1;

	if (h < 0 || h > hi) {
		if (h >= 0)
			err(r, "score.out-of-range", where,
			    "Điểm %s%.0s của tiêu chí %s ngoài khoảng cho phép 0 – %s%.0s.",
			    "The score %.0s%s of criterion %s is outside the allowed range 0 – %.0s%s.",
			    fmt_h(b1, sizeof b1, h, ','), fmt_h(b3, sizeof b3, h, '.'), k->code,
			    fmt_h(b2, sizeof b2, hi, ','), fmt_h(b4, sizeof b4, hi, '.'));
		else
			err(r, "score.out-of-range", where,
			    "Điểm %s%.0s của tiêu chí %s không được âm (điểm trừ ghi số dương).",
			    "The score %.0s%s of criterion %s must not be negative (deductions are written as positive numbers).",
			    fmt_h(b1, sizeof b1, h, ','), fmt_h(b3, sizeof b3, h, '.'), k->code);
		ok = 0;
	}
	if (h % r->step != 0) {
		err(r, "score.off-step", where,
		    "Điểm %s%.0s của tiêu chí %s không theo bước điểm %s%.0s của %s.",
		    "The score %.0s%s of criterion %s is not a multiple of the step %.0s%s of the %s.",
		    fmt_h(b1, sizeof b1, h, ','), fmt_h(b3, sizeof b3, h, '.'), k->code,
		    fmt_h(b2, sizeof b2, r->step, ','), fmt_h(b4, sizeof b4, r->step, '.'),
		    td_kind_label(r->c->kind));
		ok = 0;
	}
	return ok;
}

void read_entry(rctx *r, size_t ki, const td_gcell *cell, uint32_t row, uint32_t col,
                int *present, int *has, int64_t *v, int *bad)
{
	const td_criterion *k = &r->c->criteria[ki];
	const td_crit_info *x = &r->info[ki];
	char *where = NULL, b1[32], b2[32];
	int64_t h = 0;
	int ok = 1, yn, condition = x->cls == TD_CRIT_CONDITION;

	*present = 0;
	*has = 0;
	*v = 0;
	if (!cell)
		return;
	if (cell->type == TD_G_STRING && !cell->formula && blank(cell_str(cell)))
		return;
	*present = 1;
	if (!(where = where_of(r, row, col)))
		return;
	if (cell->formula) {
		err(r, "score.formula", where,
		    "Ô nhập của tiêu chí %s có công thức \"%s\": hãy gõ giá trị, không dùng công thức.",
		    "The entry cell of criterion %s holds a formula \"%s\": type a value, not a formula.",
		    k->code, formula_shown(cell->formula));
		ok = 0;
		goto cleanup;
	}
	if (condition || x->method == TD_METHOD_PASS) {
		yn = yes_no(r, cell, condition);
		if (r->fatal)
			goto cleanup;
		if (yn < 0) {
			err(r, condition ? "score.not-yes-no" : "score.not-pass", where,
			    "Tiêu chí %s chỉ nhận \"%s\" hoặc \"%s\", không nhận \"%s\".",
			    "Criterion %s takes only \"%s\" or \"%s\", not \"%s\".", k->code,
			    condition ? TD_WORD_YES : TD_WORD_PASS, condition ? TD_WORD_NO : TD_WORD_FAIL,
			    clip(r, cell_str(cell), 40));
			ok = 0;
		}
		h = yn > 0;
		goto cleanup;
	}
	if (number_of(r, ki, cell, where, &h) < 0) {
		ok = 0;
		goto cleanup;
	}
	switch (x->method) {
	case TD_METHOD_COUNT:
		if (h < 0 || h % 100 != 0 || h / 100 > TD_MAX_COUNT) {
			err(r, "score.not-a-count", where,
			    "Số lần của tiêu chí %s phải là số nguyên từ 0 trở lên, không phải %s%.0s.",
			    "The count of criterion %s must be a whole number from 0, not %.0s%s.",
			    k->code, fmt_h(b1, sizeof b1, h, ','), fmt_h(b2, sizeof b2, h, '.'));
			ok = 0;
		}
		h /= 100;
		break;
	case TD_METHOD_TARGET:
	case TD_METHOD_LEADER:
		if (h < 0 || h > TD_MAX_ACTUAL) {
			err(r, "score.out-of-range", where,
			    "Kết quả thực hiện %s%.0s của tiêu chí %s phải là số không âm.",
			    "The actual value %.0s%s of criterion %s must be a number from 0.",
			    fmt_h(b1, sizeof b1, h, ','), fmt_h(b2, sizeof b2, h, '.'), k->code);
			ok = 0;
		}
		break;
	case TD_METHOD_DIRECT:
	default:
		ok = check_points(r, ki, where, h);
		break;
	}
cleanup:
	if (ok && !r->fatal) {
		*has = 1;
		*v = h;
	} else {
		*bad = 1;
	}
	td_free(where);
}

int read_total(const td_gcell *cell, int64_t *v)
{
	if (!cell)
		return -1;
	if (cell->type == TD_G_NUMBER && cell->value)
		return td_parse_xsd_number(v, cell->value) < 0 ? -1 : 0;
	if (cell->type == TD_G_STRING && cell->text && !blank(cell->text))
		return td_parse_decimal(v, cell->text, NULL) < 0 ? -1 : 0;
	return -1;
}
