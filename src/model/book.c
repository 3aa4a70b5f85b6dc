/* book.c - reading a cluster workbook's cells (book_int.h): sheets and
 * columns found by header (with the other names a council may write),
 * text, numbers, percentages, dates and yes/no values, each problem named
 * by its cell. */
#include "model/book_int.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

const char *td_bk_where(char *buf, const char *sheet, uint32_t row, long col)
{
	char a1[32];

	td_a1(a1, sizeof a1, row, col < 0 ? 0 : (uint32_t)col);
	snprintf(buf, TD_BK_WHERE, "%s!%s", sheet, a1);
	return buf;
}

/* An owned copy of a where, or NULL (m.fatal set) when out of memory. */
char *td_bk_where_dup(bload *b, const char *sheet, uint32_t row, long col)
{
	char buf[TD_BK_WHERE];
	char *w = td_strdup(td_bk_where(buf, sheet, row, col));

	if (!w)
		td_m_oom(&b->m);
	return w;
}

/* The text of a cell as read, NULL when empty. */
const char *td_bk_raw(const td_cell *cell)
{
	if (!cell)
		return NULL;
	if (cell->text && *cell->text)
		return cell->text;
	if (cell->type != TD_CELL_STRING && cell->value)
		return cell->value;
	return NULL;
}

const td_cell *td_bk_cell(const bsheet *s, uint32_t row, int field)
{
	return s->col[field] < 0 ? NULL : td_book_cell(s->sh, row, (uint32_t)s->col[field]);
}

char *td_bk_text_bad(bload *b, const bsheet *s, uint32_t row, int field, int lines,
                     unsigned *bad, unsigned bit)
{
	size_t rej = b->m.rejected;
	char buf[TD_BK_WHERE];
	const char *t = td_bk_raw(td_bk_cell(s, row, field));
	char *out = NULL;

	if (!t)
		return NULL;
	td_m_text(&b->m, &out, t, strlen(t), lines, td_bk_where(buf, s->name, row, s->col[field]));
	if (bad && b->m.rejected != rej)
		*bad |= bit;
	return out;
}


/* A number field in hundredths: a float cell, or text read with
 * td_parse_decimal (with a warning). */
int td_bk_number(bload *b, const bsheet *s, uint32_t row, int field, const char *label,
                      int whole, int64_t *h)
{
	const td_cell *cell = td_bk_cell(s, row, field);
	const char *t = td_bk_raw(cell);
	char buf[TD_BK_WHERE];
	const char *w;
	char *txt = NULL;
	int r;

	*h = 0;
	if (!t)
		return VAL_EMPTY;
	w = td_bk_where(buf, s->name, row, s->col[field]);
	if (cell->type == TD_CELL_FLOAT && cell->value) {
		r = td_m_parse_xsd_number(h, cell->value);
		if (r == 1) {
			td_m_error(&b->m, "data.bad-number", w,
			           "Cột \"%s\": số %s có quá hai chữ số thập phân (điểm tính đến 0,01).",
			           "Column \"%s\": the number %s has more than two decimals (points go to 0.01).",
			           label, cell->value);
			return VAL_BAD;
		}
	} else if (cell->type == TD_CELL_STRING) {
		size_t rej = b->m.rejected;
		int amb = 0;

		td_m_text(&b->m, &txt, t, strlen(t), 0, w);
		if (!txt)
			return b->m.fatal || b->m.rejected != rej ? VAL_BAD : VAL_EMPTY;
		r = td_parse_decimal(h, txt, &amb);
		if (r == 0) {
			td_buf num = TD_BUF_INIT;

			td_fmt_number(&num, *h, -1);
			if (td_buf_oom(&num))
				td_m_oom(&b->m);
			else
				td_m_warn(&b->m, "data.number-as-text", w,
				          "Cột \"%s\": số \"%s\" được nhập dạng văn bản; đã đọc là %s. Nên nhập dạng số.",
				          "Column \"%s\": the number \"%s\" was typed as text; read as %s. Better type it as a number.",
				          label, txt, td_buf_cstr(&num));
			td_buf_free(&num);
		}
	} else {
		r = -1;
	}
	if (r != 0) {
		td_m_error(&b->m, "data.bad-number", w,
		           "Cột \"%s\": \"%s\" không phải là số (cần ví dụ 8 hoặc 8,5).",
		           "Column \"%s\": \"%s\" is not a number (expected e.g. 8 or 8,5).",
		           label, txt ? txt : t);
		td_free(txt);
		return VAL_BAD;
	}
	td_free(txt);
	if (*h > TD_MAX_POINTS || *h < -TD_MAX_POINTS || (whole && *h % 100 != 0)) {
		if (whole)
			td_m_error(&b->m, "data.bad-number", w,
			           "Cột \"%s\": \"%s\" không hợp lệ (cần một số nguyên).",
			           "Column \"%s\": \"%s\" is not valid (expected a whole number).",
			           label, t);
		else
			td_m_error(&b->m, "data.bad-number", w,
			           "Cột \"%s\": \"%s\" quá lớn (tối đa 1.000.000).",
			           "Column \"%s\": \"%s\" is too large (at most 1,000,000).", label, t);
		*h = 0;
		return VAL_BAD;
	}
	return VAL_OK;
}

int td_bk_date(bload *b, const bsheet *s, uint32_t row, int field, int *y, int *mo, int *d)
{
	const td_cell *cell = td_bk_cell(s, row, field);
	const char *t = td_bk_raw(cell);
	char buf[TD_BK_WHERE];
	int ok = 0;
	int64_t h;

	if (!t)
		return VAL_EMPTY;
	if (cell->type == TD_CELL_DATE && cell->value)
		ok = sscanf(cell->value, "%4d-%2d-%2d", y, mo, d) == 3 && td_date_valid(*y, *mo, *d);
	else if (cell->type == TD_CELL_FLOAT && cell->value)
		ok = td_m_parse_xsd_number(&h, cell->value) == 0 && h > 0 &&
		     td_date_from_serial(y, mo, d, h / 100) == 0 && td_date_valid(*y, *mo, *d);
	else if (cell->type == TD_CELL_STRING) {
		size_t rej = b->m.rejected;
		char *txt = NULL;

		td_m_text(&b->m, &txt, t, strlen(t), 0, td_bk_where(buf, s->name, row, s->col[field]));
		if (!txt)
			return b->m.fatal || b->m.rejected != rej ? VAL_BAD : VAL_EMPTY;
		ok = td_parse_date(y, mo, d, txt) == 0 && td_date_valid(*y, *mo, *d);
		td_free(txt);
	}
	if (ok)
		return VAL_OK;
	*y = *mo = *d = 0;
	td_m_error(&b->m, "data.bad-date", td_bk_where(buf, s->name, row, s->col[field]),
	           "\"%s\" không phải là ngày hợp lệ: cần dạng 15/02/2018 hoặc một ô kiểu ngày.",
	           "\"%s\" is not a valid date: expected 15/02/2018 or a date cell.", t);
	return VAL_BAD;
}

/* Có / Không, x, TRUE / FALSE, boolean cells; empty is "no". */
int td_bk_bool(bload *b, const bsheet *s, uint32_t row, int field, int *v)
{
	static const char *const yes[] = { "Có", "x", "TRUE", "Đúng", "yes", "1" };
	static const char *const no[] = { "Không", "FALSE", "Sai", "no", "0", "-" };
	const td_cell *cell = td_bk_cell(s, row, field);
	const char *t = td_bk_raw(cell);
	char buf[TD_BK_WHERE];
	size_t i;
	int r;

	*v = 0;
	if (!t)
		return VAL_EMPTY;
	if (cell->type == TD_CELL_BOOL && cell->value) {
		*v = strcmp(cell->value, "true") == 0;
		return VAL_OK;
	}
	if (cell->type == TD_CELL_FLOAT && cell->value) {
		*v = strcmp(cell->value, "0") != 0;
		return VAL_OK;
	}
	r = td_m_match(&i, t, yes, sizeof yes / sizeof *yes);
	if (r == 0) {
		*v = 1;
		return VAL_OK;
	}
	if (r == 1)
		r = td_m_match(&i, t, no, sizeof no / sizeof *no);
	if (r == 0)
		return VAL_OK;
	if (r < 0) {
		td_m_oom(&b->m);
		return VAL_BAD;
	}
	td_m_error(&b->m, "data.bad-value", td_bk_where(buf, s->name, row, s->col[field]),
	           "\"%s\" không hợp lệ: cần \"Có\" hoặc \"Không\".",
	           "\"%s\" is not valid: expected \"Có\" (yes) or \"Không\" (no).", t);
	return VAL_BAD;
}

/* One header among the columns and their other names: the field, or -1;
 * -2 when out of memory. */
static int header_field(const char *t, const col_def *cols, size_t ncols)
{
	size_t k, idx;
	int rc;

	for (k = 0; k < ncols; k++) {
		const char *p = cols[k].also;

		rc = td_m_match(&idx, t, &cols[k].header, 1);
		if (rc < 0)
			return -2;
		if (rc == 0)
			return (int)k;
		while (p && *p) {
			const char *bar = strchr(p, '|');
			size_t n = bar ? (size_t)(bar - p) : strlen(p);
			char *one = td_strndup(p, n);
			const char *lab = one;

			if (!one)
				return -2;
			rc = td_m_match(&idx, t, &lab, 1);
			td_free(one);
			if (rc < 0)
				return -2;
			if (rc == 0)
				return (int)k;
			p = bar ? bar + 1 : NULL;
		}
	}
	return -1;
}

int td_bk_find_sheet(bload *b, bsheet *s, const char *name, const col_def *cols, size_t ncols,
                     int required)
{
	static const char *const passed_over[] = { "Hướng dẫn" };
	char buf[TD_BK_WHERE];
	size_t i, k, n = td_book_sheet_count(b->book);
	int rc, bad = 0;

	memset(s, 0, sizeof *s);
	for (k = 0; k < TD_BK_MAXCOLS; k++)
		s->col[k] = -1;
	for (i = 0; i < n && !s->sh; i++) {
		const td_book_sheet *sh = td_book_sheet_at(b->book, i);
		rc = td_m_match(&k, td_book_sheet_name(sh), &name, 1);
		if (rc < 0) {
			td_m_oom(&b->m);
			return 1;
		}
		if (rc == 0) {
			s->sh = sh;
			s->name = td_book_sheet_name(sh);
		}
	}
	if (!s->sh) {
		td_buf list = TD_BUF_INIT;

		if (!required)
			return 1;
		for (k = 0; k < ncols; k++)
			td_buf_printf(&list, "%s%s", k ? " | " : "", cols[k].header);
		if (td_buf_oom(&list))
			td_m_oom(&b->m);
		else
			td_m_error(&b->m, "data.missing-sheet", td_bk_where(buf, name, 0, 0),
			           "Thiếu trang tính \"%s\" (hàng tiêu đề: %s).",
			           "The sheet \"%s\" is missing (header row: %s).", name, td_buf_cstr(&list));
		td_buf_free(&list);
		b->structural = 1;
		return 1;
	}
	for (i = 0; i < td_book_sheet_cell_count(s->sh); i++) {
		const td_cell *cell = td_book_sheet_cell_at(s->sh, i);
		const char *t;
		int f;

		if (cell->row > 0)
			break;
		t = td_bk_raw(cell);
		if (!t)
			continue;
		f = header_field(t, cols, ncols);
		if (f == -2) {
			td_m_oom(&b->m);
			return 1;
		}
		if (f < 0) {
			rc = td_m_match(&k, t, passed_over, sizeof passed_over / sizeof *passed_over);
			if (rc < 0) {
				td_m_oom(&b->m);
				return 1;
			}
			if (rc)
				td_m_warn(&b->m, "data.unknown-column", td_bk_where(buf, s->name, 0, cell->col),
				          "Cột \"%.80s\" không được dùng; bỏ qua (xem tên các cột trong docs/data-format.md).",
				          "The column \"%.80s\" is not used; ignored (see the column names in docs/data-format.md).",
				          t);
			continue;
		}
		if (s->col[f] >= 0) {
			td_m_error(&b->m, "data.duplicate-column", td_bk_where(buf, s->name, 0, cell->col),
			           "Cột \"%s\" xuất hiện hai lần trong hàng tiêu đề.",
			           "Column \"%s\" appears twice in the header row.", cols[f].header);
			bad = 1;
			continue;
		}
		s->col[f] = cell->col;
	}
	for (k = 0; k < ncols; k++)
		if (cols[k].required && s->col[k] < 0) {
			td_m_error(&b->m, "data.missing-column", td_bk_where(buf, s->name, 0, 0),
			           "Trang \"%s\" thiếu cột \"%s\" ở hàng tiêu đề (hàng 1).",
			           "Sheet \"%s\" lacks the column \"%s\" in its header row (row 1).",
			           s->name, cols[k].header);
			bad = 1;
		}
	if (bad)
		b->structural = 1;
	return bad;
}

int td_bk_percent(bload *b, const bsheet *s, uint32_t row, int field, const char *label,
                  int64_t *h)
{
	const td_cell *cell = td_bk_cell(s, row, field);
	const char *t = td_bk_raw(cell);
	char buf[TD_BK_WHERE];
	int64_t v = 0;
	int rc;

	*h = -1;
	if (!t)
		return VAL_EMPTY;
	if (cell->type == TD_CELL_FLOAT && cell->value && strchr(t, '%')) {
		/* a percentage cell: 0.85 shown as 85% */
		if (td_m_parse_xsd_number(&v, cell->value) != 0 || v > TD_MAX_POINTS / 100) {
			rc = VAL_BAD;
		} else {
			v *= 100;
			rc = VAL_OK;
		}
	} else if (cell->type == TD_CELL_STRING && strchr(t, '%')) {
		char *txt = NULL, *pc;
		int amb = 0;

		td_m_text(&b->m, &txt, t, strlen(t), 0, td_bk_where(buf, s->name, row, s->col[field]));
		if (!txt)
			return VAL_BAD;
		pc = strchr(txt, '%');
		if (pc)
			*pc = '\0';
		rc = td_parse_decimal(&v, txt, &amb) == 0 && (!pc || !pc[1]) ? VAL_OK : VAL_BAD;
		td_free(txt);
	} else {
		rc = td_bk_number(b, s, row, field, label, 0, &v);
		if (rc != VAL_OK)
			return rc;
	}
	if (rc == VAL_OK && v >= 0 && v <= 10000) {
		*h = v;
		return VAL_OK;
	}
	td_m_error(&b->m, "data.bad-number", td_bk_where(buf, s->name, row, s->col[field]),
	           "Cột \"%s\": \"%s\" không hợp lệ: cần một tỉ lệ phần trăm từ 0 đến 100 (ví dụ 85 hoặc 85%%).",
	           "Column \"%s\": \"%s\" is not valid: expected a percentage from 0 to 100 (e.g. 85 or 85%%).",
	           label, t);
	return VAL_BAD;
}

/* Call fn for each data row (row 2 on) that has something in a known
 * column. */
void td_bk_each_row(bload *b, const bsheet *s, size_t ncols,
                     void (*fn)(bload *, const bsheet *, uint32_t, void *), void *arg)
{
	size_t i, n = td_book_sheet_cell_count(s->sh), k;
	uint32_t prev = 0;

	for (i = 0; i < n && !b->m.fatal; i++) {
		uint32_t row = td_book_sheet_cell_at(s->sh, i)->row;
		int any = 0;

		if (row == 0 || (i > 0 && row == prev))
			continue;
		prev = row;
		for (k = 0; k < ncols && !any; k++)
			any = td_bk_raw(td_bk_cell(s, row, (int)k)) != NULL;
		if (any)
			fn(b, s, row, arg);
	}
}

void td_bk_too_many(bload *b, const bsheet *s, uint32_t row, const char *what, int max, int *said)
{
	char buf[TD_BK_WHERE];

	if (*said)
		return;
	*said = 1;
	td_m_error(&b->m, "data.too-many", td_bk_where(buf, s->name, row, 0),
	           "Quá nhiều %s (tối đa %d); phần sau bị bỏ qua.",
	           "Too many %s (at most %d); the rest is ignored.", what, max);
}
