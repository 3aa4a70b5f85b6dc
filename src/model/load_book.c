/* load_book.c - loading a cluster from a Calc workbook (.ods / .fods): the
 * sheets Cụm, Đơn vị, Căn cứ, Nội dung, Tiêu chí and Khen thưởng
 * (docs/data-format.md). */
#include "model/cluster.h"
#include "model/model_int.h"
#include "odf/package.h"
#include "odf/sheet.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#define MAXCOLS 8
#define WHERE_MAX 320

typedef struct col_def {
	const char *header;
	int required;
} col_def;

/* One sheet as found: its columns by field index (-1 when absent). */
typedef struct bsheet {
	const td_book_sheet *sh;
	const char *name;        /* borrowed from the book */
	long col[MAXCOLS];
} bsheet;

typedef struct bload {
	td_mctx m;
	thidua_cluster *c;
	const td_book *book;
	int structural;          /* a sheet or column is missing */
} bload;

static const char *cell_where(char *buf, const char *sheet, uint32_t row, long col)
{
	char a1[32];

	td_a1(a1, sizeof a1, row, col < 0 ? 0 : (uint32_t)col);
	snprintf(buf, WHERE_MAX, "%s!%s", sheet, a1);
	return buf;
}

/* An owned copy of a where, or NULL (m.fatal set) when out of memory. */
static char *where_dup(bload *b, const char *sheet, uint32_t row, long col)
{
	char buf[WHERE_MAX];
	char *w = td_strdup(cell_where(buf, sheet, row, col));

	if (!w)
		td_m_oom(&b->m);
	return w;
}

/* The text of a cell as read, NULL when empty. */
static const char *raw_text(const td_cell *cell)
{
	if (!cell)
		return NULL;
	if (cell->text && *cell->text)
		return cell->text;
	if (cell->type != TD_CELL_STRING && cell->value)
		return cell->value;
	return NULL;
}

static const td_cell *cell_of(const bsheet *s, uint32_t row, int field)
{
	return s->col[field] < 0 ? NULL : td_book_cell(s->sh, row, (uint32_t)s->col[field]);
}

/* The normalised text of a field (owned), or NULL when empty or rejected;
 * when rejected (reported), `bit` goes into *bad (bad may be NULL). */
static char *get_text_bad(bload *b, const bsheet *s, uint32_t row, int field, int lines,
                          unsigned *bad, unsigned bit);
#define get_text(b, s, row, field, lines) get_text_bad((b), (s), (row), (field), (lines), NULL, 0)

static char *get_text_bad(bload *b, const bsheet *s, uint32_t row, int field, int lines,
                          unsigned *bad, unsigned bit)
{
	size_t rej = b->m.rejected;
	char buf[WHERE_MAX];
	const char *t = raw_text(cell_of(s, row, field));
	char *out = NULL;

	if (!t)
		return NULL;
	td_m_text(&b->m, &out, t, strlen(t), lines, cell_where(buf, s->name, row, s->col[field]));
	if (bad && b->m.rejected != rej)
		*bad |= bit;
	return out;
}

enum { VAL_OK = 0, VAL_EMPTY = 1, VAL_BAD = -1 };

/* A number field in hundredths: a float cell, or text read with
 * td_parse_decimal (with a warning). */
static int get_number(bload *b, const bsheet *s, uint32_t row, int field, const char *label,
                      int whole, int64_t *h)
{
	const td_cell *cell = cell_of(s, row, field);
	const char *t = raw_text(cell);
	char buf[WHERE_MAX];
	const char *w;
	char *txt = NULL;
	int r;

	*h = 0;
	if (!t)
		return VAL_EMPTY;
	w = cell_where(buf, s->name, row, s->col[field]);
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

static int get_date(bload *b, const bsheet *s, uint32_t row, int field, int *y, int *mo, int *d)
{
	const td_cell *cell = cell_of(s, row, field);
	const char *t = raw_text(cell);
	char buf[WHERE_MAX];
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

		td_m_text(&b->m, &txt, t, strlen(t), 0, cell_where(buf, s->name, row, s->col[field]));
		if (!txt)
			return b->m.fatal || b->m.rejected != rej ? VAL_BAD : VAL_EMPTY;
		ok = td_parse_date(y, mo, d, txt) == 0 && td_date_valid(*y, *mo, *d);
		td_free(txt);
	}
	if (ok)
		return VAL_OK;
	*y = *mo = *d = 0;
	td_m_error(&b->m, "data.bad-date", cell_where(buf, s->name, row, s->col[field]),
	           "\"%s\" không phải là ngày hợp lệ: cần dạng 15/02/2018 hoặc một ô kiểu ngày.",
	           "\"%s\" is not a valid date: expected 15/02/2018 or a date cell.", t);
	return VAL_BAD;
}

/* Có / Không, x, TRUE / FALSE, boolean cells; empty is "no". */
static int get_bool(bload *b, const bsheet *s, uint32_t row, int field, int *v)
{
	static const char *const yes[] = { "Có", "x", "TRUE", "Đúng", "yes", "1" };
	static const char *const no[] = { "Không", "FALSE", "Sai", "no", "0", "-" };
	const td_cell *cell = cell_of(s, row, field);
	const char *t = raw_text(cell);
	char buf[WHERE_MAX];
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
	td_m_error(&b->m, "data.bad-value", cell_where(buf, s->name, row, s->col[field]),
	           "\"%s\" không hợp lệ: cần \"Có\" hoặc \"Không\".",
	           "\"%s\" is not valid: expected \"Có\" (yes) or \"Không\" (no).", t);
	return VAL_BAD;
}

/* Find a sheet by name and its columns in the header row (row 1). 0 when
 * usable, 1 when missing or lacking a required column (reported). */
static int find_sheet(bload *b, bsheet *s, const char *name, const col_def *cols, size_t ncols)
{
	const char *labels[MAXCOLS];
	char buf[WHERE_MAX];
	size_t i, k, n = td_book_sheet_count(b->book);
	int rc, bad = 0;

	memset(s, 0, sizeof *s);
	for (k = 0; k < MAXCOLS; k++)
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

		for (k = 0; k < ncols; k++)
			td_buf_printf(&list, "%s%s", k ? " | " : "", cols[k].header);
		if (td_buf_oom(&list))
			td_m_oom(&b->m);
		else
			td_m_error(&b->m, "data.missing-sheet", cell_where(buf, name, 0, 0),
			           "Thiếu trang tính \"%s\" (hàng tiêu đề: %s).",
			           "The sheet \"%s\" is missing (header row: %s).", name, td_buf_cstr(&list));
		td_buf_free(&list);
		b->structural = 1;
		return 1;
	}
	for (k = 0; k < ncols; k++)
		labels[k] = cols[k].header;
	for (i = 0; i < td_book_sheet_cell_count(s->sh); i++) {
		const td_cell *cell = td_book_sheet_cell_at(s->sh, i);
		const char *t;

		if (cell->row > 0)
			break;
		t = raw_text(cell);
		rc = td_m_match(&k, t, labels, ncols);
		if (rc < 0) {
			td_m_oom(&b->m);
			return 1;
		}
		if (rc)
			continue;
		if (s->col[k] >= 0) {
			td_m_error(&b->m, "data.duplicate-column", cell_where(buf, s->name, 0, cell->col),
			           "Cột \"%s\" xuất hiện hai lần trong hàng tiêu đề.",
			           "Column \"%s\" appears twice in the header row.", cols[k].header);
			bad = 1;
			continue;
		}
		s->col[k] = cell->col;
	}
	for (k = 0; k < ncols; k++)
		if (cols[k].required && s->col[k] < 0) {
			td_m_error(&b->m, "data.missing-column", cell_where(buf, s->name, 0, 0),
			           "Trang \"%s\" thiếu cột \"%s\" ở hàng tiêu đề (hàng 1).",
			           "Sheet \"%s\" lacks the column \"%s\" in its header row (row 1).",
			           s->name, cols[k].header);
			bad = 1;
		}
	if (bad)
		b->structural = 1;
	return bad;
}

/* Call fn for each data row (row 2 on) that has something in a known
 * column. */
static void each_row(bload *b, const bsheet *s, size_t ncols,
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
			any = raw_text(cell_of(s, row, (int)k)) != NULL;
		if (any)
			fn(b, s, row, arg);
	}
}

static void too_many(bload *b, const bsheet *s, uint32_t row, const char *what, int max, int *said)
{
	char buf[WHERE_MAX];

	if (*said)
		return;
	*said = 1;
	td_m_error(&b->m, "data.too-many", cell_where(buf, s->name, row, 0),
	           "Quá nhiều %s (tối đa %d); phần sau bị bỏ qua.",
	           "Too many %s (at most %d); the rest is ignored.", what, max);
}

/* ---- Cụm ---------------------------------------------------------------- */

enum { CI_LOAI, CI_TEN, CI_CQ, CI_NAM, CI_DIADANH, CI_NGAYKY, CI_SO, CI_CHUDE, CI_KHAUHIEU,
       CI_NOINHAN, CI_GHICHU, CI_BUOC, CI_CHEO, CI_BOCUCTRI, CI_XEPHANG, CI_N };
static const char *const cum_items[CI_N] = {
	"Loại", "Tên", "Cơ quan chủ quản", "Năm", "Địa danh", "Ngày ký", "Số ký hiệu",
	"Chủ đề", "Khẩu hiệu", "Nơi nhận", "Ghi chú", "Bước điểm", "Chấm chéo",
	"Bỏ điểm cao nhất và thấp nhất", "Tiêu chí xếp hạng phụ"
};
static const unsigned cum_bad[CI_N] = {
	TD_BAD_KIND, TD_BAD_NAME, 0, TD_BAD_YEAR, TD_BAD_PLACE, TD_BAD_DATE, 0, 0, 0, 0, 0,
	0, 0, 0, 0
};
static const int cum_required[CI_N] = { 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

/* A step of the scores that whole points can be reached with: 0,01 to 1
 * point, dividing 1 point (0,25, 0,5, 0,1, 1 ...). */
static int step_ok(int64_t h)
{
	return h > 0 && h <= 100 && 100 % h == 0;
}

/* Tie-break rules as written (matched by td_text_match_key). */
static const char *const tb_labels[] = {
	"Tổng điểm các phần chính", "Điểm các phần chính", "Tổng điểm các tiêu chí",
	"Ít điểm trừ hơn", "Ít điểm trừ", "Điểm trừ ít hơn",
	"Nhiều điểm cộng hơn", "Nhiều điểm cộng", "Điểm cộng nhiều hơn",
	"Biểu quyết", "Bỏ phiếu", "Biểu quyết tại hội nghị", "Hội nghị biểu quyết"
};
static const td_tiebreak_kind tb_kinds[] = {
	TD_TIE_BASE, TD_TIE_BASE, TD_TIE_BASE,
	TD_TIE_FEWER_DEDUCT, TD_TIE_FEWER_DEDUCT, TD_TIE_FEWER_DEDUCT,
	TD_TIE_MORE_BONUS, TD_TIE_MORE_BONUS, TD_TIE_MORE_BONUS,
	TD_TIE_VOTE, TD_TIE_VOTE, TD_TIE_VOTE, TD_TIE_VOTE
};
/* "Điểm Phần I": these words, then a section code. */
static const char *const tb_section_prefixes[] = { "Điểm Phần", "Tổng điểm Phần", "Phần" };
#define TD_MAX_TIEBREAKS 20

/* A list marker at the start of a line ("1.", "2)", "a)", "-", "+", "•")
 * and a trailing ";" "." or "," are not part of the rule: *n is shortened
 * and the start returned. */
static const char *strip_marker(const char *p, size_t *n)
{
	size_t i = 0;

	while (i < *n && p[i] >= '0' && p[i] <= '9')
		i++;
	if (i == 0 && *n >= 2 && p[0] >= 'a' && p[0] <= 'z' && p[1] == ')')
		i = 1;
	if (i > 0 && i < *n && (p[i] == '.' || p[i] == ')') && i + 1 < *n && p[i + 1] == ' ')
		p += i + 2, *n -= i + 2;
	else if (*n >= 2 && (p[0] == '-' || p[0] == '+') && p[1] == ' ')
		p += 2, *n -= 2;
	else if (*n >= 4 && memcmp(p, "\xE2\x80\xA2 ", 4) == 0) /* "• " */
		p += 4, *n -= 4;
	while (*n && (p[*n - 1] == ';' || p[*n - 1] == '.' || p[*n - 1] == ',' || p[*n - 1] == ' '))
		(*n)--;
	return p;
}

/* The section code of "Điểm Phần I" (owned, upper case), NULL when the
 * line is not of that form; m.fatal on out of memory. */
static char *section_rule(bload *b, const char *line)
{
	char *key = NULL, *pk = NULL, *code = NULL;
	size_t i, n;

	if (td_text_match_key(&key, line)) {
		td_m_oom(&b->m);
		return NULL;
	}
	for (i = 0; i < sizeof tb_section_prefixes / sizeof *tb_section_prefixes && !code; i++) {
		if (td_text_match_key(&pk, tb_section_prefixes[i])) {
			td_m_oom(&b->m);
			break;
		}
		n = strlen(pk);
		if (strncmp(key, pk, n) == 0 && key[n] == ' ' && key[n + 1]) {
			char *q;

			if (!(code = td_strdup(key + n + 1))) {
				td_m_oom(&b->m);
			} else {
				for (q = code; *q; q++)
					if (*q >= 'a' && *q <= 'z')
						*q = (char)(*q - 'a' + 'A');
				if (td_crit_code_depth(code) != 0) {
					td_free(code);
					code = NULL;
				}
			}
		}
		td_free(pk);
		pk = NULL;
	}
	td_free(key);
	return code;
}

/* Tiêu chí xếp hạng phụ: one rule a line, in order. */
static void parse_tiebreaks(bload *b, const char *val, const char *where)
{
	thidua_cluster *c = b->c;
	const char *p = val;
	int said = 0;

	while (p && *p && !b->m.fatal) {
		const char *nl = strchr(p, '\n'), *t;
		size_t n = nl ? (size_t)(nl - p) : strlen(p), k = 0;
		char *line, *section = NULL, *w;
		td_tiebreak *tb;
		int rc;

		t = strip_marker(p, &n);
		p = nl ? nl + 1 : NULL;
		if (n == 0)
			continue;
		if (!(line = td_strndup(t, n))) {
			td_m_oom(&b->m);
			return;
		}
		rc = td_m_match(&k, line, tb_labels, sizeof tb_labels / sizeof *tb_labels);
		if (rc < 0) {
			td_m_oom(&b->m);
			td_free(line);
			return;
		}
		if (rc) {
			section = section_rule(b, line);
			if (!section) {
				if (!b->m.fatal)
					td_m_error(&b->m, "data.bad-tiebreak", where,
					           "Tiêu chí xếp hạng phụ \"%s\" không hợp lệ: cần mỗi dòng một trong \"Tổng điểm các phần chính\", \"Điểm Phần I\" (mã một phần), \"Ít điểm trừ hơn\", \"Nhiều điểm cộng hơn\", \"Biểu quyết\".",
					           "Tie-break rule \"%s\" is not valid: expected one a line of \"Tổng điểm các phần chính\" (base total), \"Điểm Phần I\" (a section's code), \"Ít điểm trừ hơn\" (fewer deductions), \"Nhiều điểm cộng hơn\" (more bonus), \"Biểu quyết\" (vote).",
					           line);
				td_free(line);
				continue;
			}
		}
		td_free(line);
		if (c->n_tiebreaks >= TD_MAX_TIEBREAKS) {
			if (!said)
				td_m_error(&b->m, "data.too-many", where,
				           "Quá nhiều tiêu chí xếp hạng phụ (tối đa %d); phần sau bị bỏ qua.",
				           "Too many tie-break rules (at most %d); the rest is ignored.",
				           TD_MAX_TIEBREAKS);
			said = 1;
			td_free(section);
			continue;
		}
		w = td_strdup(where);
		if (!w || td_m_grow((void **)&c->tiebreaks, c->n_tiebreaks, sizeof *c->tiebreaks)) {
			td_free(w);
			td_free(section);
			td_m_oom(&b->m);
			return;
		}
		tb = &c->tiebreaks[c->n_tiebreaks++];
		tb->kind = section ? TD_TIE_SECTION : tb_kinds[k];
		tb->section = section;
		tb->where = w;
	}
}

typedef struct cum_state {
	uint32_t seen[CI_N]; /* row + 1 where each item was given */
	int said_recipients;
} cum_state;

static void cum_row(bload *b, const bsheet *s, uint32_t row, void *arg)
{
	static const char *const kinds[] = { "Cụm", "Khối", "Cụm thi đua", "Khối thi đua" };
	cum_state *st = arg;
	thidua_cluster *c = b->c;
	char buf[WHERE_MAX], *muc, *val = NULL, **slot = NULL;
	size_t item = 0, rej;
	int64_t h;
	int rc;

	muc = get_text(b, s, row, 0, 0);
	if (!muc)
		return;
	rc = td_m_match(&item, muc, cum_items, CI_N);
	if (rc < 0) {
		td_m_oom(&b->m);
		goto done;
	}
	if (rc) {
		td_m_warn(&b->m, "data.unknown-item", cell_where(buf, s->name, row, s->col[0]),
		          "Mục \"%s\" không được dùng; bỏ qua.", "Item \"%s\" is not used; ignored.", muc);
		goto done;
	}
	if (st->seen[item] && item != CI_NOINHAN && item != CI_GHICHU) {
		td_m_error(&b->m, "data.duplicate-item", cell_where(buf, s->name, row, s->col[0]),
		           "Mục \"%s\" có hai lần (đã có ở hàng %u).",
		           "Item \"%s\" is given twice (also on row %u).", cum_items[item],
		           (unsigned)st->seen[item]);
		goto done;
	}
	st->seen[item] = row + 1;
	switch (item) {
	case CI_NAM:
		rc = get_number(b, s, row, 1, "Giá trị", 1, &h);
		if (rc == VAL_OK && (h < 0 || h / 100 > INT_MAX))
			rc = VAL_BAD;
		if (rc == VAL_OK)
			c->year = (int)(h / 100);
		break;
	case CI_NGAYKY:
		rc = get_date(b, s, row, 1, &c->sign_y, &c->sign_m, &c->sign_d);
		break;
	case CI_NOINHAN:
		rej = b->m.rejected;
		val = get_text(b, s, row, 1, 1);
		rc = val ? VAL_OK : b->m.rejected != rej ? VAL_BAD : VAL_EMPTY;
		if (val) {
			char *p = val;
			while (p && !b->m.fatal) {
				char *nl = strchr(p, '\n'), *line, *w;
				if (nl)
					*nl = '\0';
				if (c->n_recipients >= TD_MAX_RECIPIENTS) {
					too_many(b, s, row, "nơi nhận / recipients", TD_MAX_RECIPIENTS,
					         &st->said_recipients);
					break;
				}
				line = td_strdup(p);
				w = where_dup(b, s->name, row, s->col[1]);
				if (!line || !w || td_m_push_text(&c->recipients, &c->n_recipients, line, w)) {
					if (!line || !w) {
						td_free(line);
						td_free(w);
					}
					td_m_oom(&b->m);
				}
				p = nl ? nl + 1 : NULL;
			}
		}
		break;
	case CI_GHICHU:
		rc = VAL_OK;
		break;
	case CI_BUOC:
		rc = get_number(b, s, row, 1, "Giá trị", 0, &h);
		if (rc == VAL_OK && !step_ok(h)) {
			td_m_error(&b->m, "data.bad-step", cell_where(buf, s->name, row, s->col[1]),
			           "Bước điểm \"%s\" không hợp lệ: cần 0,25 hoặc 0,5 (hay một bước chia hết 1 điểm: 0,1; 0,2; 1).",
			           "Bước điểm (step) \"%s\" is not valid: expected 0,25 or 0,5 (or a step that divides 1 point: 0,1; 0,2; 1).",
			           raw_text(cell_of(s, row, 1)));
			rc = VAL_BAD;
		}
		if (rc == VAL_OK)
			c->step = h;
		break;
	case CI_CHEO:
		rc = get_bool(b, s, row, 1, &c->cross_scoring);
		break;
	case CI_BOCUCTRI:
		rc = get_bool(b, s, row, 1, &c->drop_extremes);
		break;
	case CI_XEPHANG:
		rej = b->m.rejected;
		val = get_text(b, s, row, 1, 1);
		rc = val ? VAL_OK : b->m.rejected != rej ? VAL_BAD : VAL_EMPTY;
		if (val)
			parse_tiebreaks(b, val, cell_where(buf, s->name, row, s->col[1]));
		break;
	default:
		rej = b->m.rejected;
		val = get_text(b, s, row, 1, 0);
		rc = val ? VAL_OK : b->m.rejected != rej ? VAL_BAD : VAL_EMPTY;
		if (!val)
			break;
		if (item == CI_LOAI) {
			size_t k = 0;
			int r = td_m_match(&k, val, kinds, 4);
			if (r < 0)
				td_m_oom(&b->m);
			else if (r == 0)
				c->kind = k % 2 ? TD_KIND_KHOI : TD_KIND_CUM;
			else {
				td_m_error(&b->m, "data.bad-kind", cell_where(buf, s->name, row, s->col[1]),
				           "Loại \"%s\" không hợp lệ: cần \"Cụm\" hoặc \"Khối\".",
				           "Kind \"%s\" is not valid: expected \"Cụm\" or \"Khối\".", val);
				rc = VAL_BAD;
			}
			break;
		}
		slot = item == CI_TEN ? &c->name : item == CI_CQ ? &c->parent_body
		     : item == CI_DIADANH ? &c->place : item == CI_SO ? &c->number
		     : item == CI_CHUDE ? &c->theme : &c->slogan;
		*slot = val;
		val = NULL;
		break;
	}
	if (rc == VAL_EMPTY && cum_required[item] && !b->m.fatal)
		td_m_error(&b->m, "data.missing-value", cell_where(buf, s->name, row, s->col[1]),
		           "Mục \"%s\" chưa có giá trị.", "Item \"%s\" has no value.", cum_items[item]);
	if (rc != VAL_OK)
		c->bad |= cum_bad[item];
done:
	td_free(val);
	td_free(muc);
}

static void load_cum(bload *b)
{
	static const col_def cols[] = { { "Mục", 1 }, { "Giá trị", 1 } };
	thidua_cluster *c = b->c;
	cum_state st;
	bsheet s;
	char buf[WHERE_MAX];
	size_t i;

	memset(&st, 0, sizeof st);
	if (find_sheet(b, &s, "Cụm", cols, 2)) {
		c->bad |= TD_BAD_NAME | TD_BAD_PLACE | TD_BAD_YEAR | TD_BAD_DATE | TD_BAD_KIND;
		return;
	}
	c->where = where_dup(b, s.name, 0, 0);
	each_row(b, &s, 2, cum_row, &st);
	for (i = 0; i < CI_N && !b->m.fatal; i++)
		if (cum_required[i] && !st.seen[i]) {
			td_m_error(&b->m, "data.missing-value", cell_where(buf, s.name, 0, 0),
			           "Trang \"%s\" thiếu mục \"%s\" (một hàng có Mục = \"%s\").",
			           "Sheet \"%s\" lacks the item \"%s\" (a row with Mục = \"%s\").",
			           s.name, cum_items[i], cum_items[i]);
			c->bad |= cum_bad[i];
		}
}

/* ---- Đơn vị ------------------------------------------------------------- */

enum { U_ORDER, U_CODE, U_NAME, U_ROLE, U_AUTH, U_TITLE, U_SIGNER, U_N };

typedef struct list_state {
	int said;
	int cur;              /* Nội dung: current section */
	size_t last_sec, last_item;
	int last_kind;        /* Tiêu chí: kind of the previous non-section row, -1 none */
} list_state;

static void unit_row(bload *b, const bsheet *s, uint32_t row, void *arg)
{
	list_state *st = arg;
	thidua_cluster *c = b->c;
	td_unit *u;
	char buf[WHERE_MAX], *role;
	int64_t h;
	int rc;

	if (c->n_units >= TD_MAX_UNITS) {
		too_many(b, s, row, "đơn vị / units", TD_MAX_UNITS, &st->said);
		return;
	}
	if (td_m_grow((void **)&c->units, c->n_units, sizeof *c->units)) {
		td_m_oom(&b->m);
		return;
	}
	u = &c->units[c->n_units++];
	memset(u, 0, sizeof *u);
	u->where = where_dup(b, s->name, row, 0);
	rc = get_number(b, s, row, U_ORDER, "Thứ tự", 1, &h);
	if (rc == VAL_OK && (h < 100 || h / 100 > INT_MAX)) {
		td_m_error(&b->m, "data.bad-number", cell_where(buf, s->name, row, s->col[U_ORDER]),
		           "Thứ tự phải là số nguyên từ 1.", "Thứ tự (order) must be a whole number from 1.");
		rc = VAL_BAD;
	}
	if (rc == VAL_OK)
		u->order = (int)(h / 100);
	else if (rc == VAL_BAD)
		u->bad |= TD_BAD_ORDER;
	u->code = get_text_bad(b, s, row, U_CODE, 0, &u->bad, TD_BAD_CODE);
	u->name = get_text_bad(b, s, row, U_NAME, 0, &u->bad, TD_BAD_NAME);
	/* An empty code or name is reported here, at its own cell: validation
	   knows only the row (u->where, column A). */
	if (!u->code && !(u->bad & TD_BAD_CODE)) {
		td_m_error(&b->m, "data.missing-value", cell_where(buf, s->name, row, s->col[U_CODE]),
		           "Đơn vị \"%s\": thiếu Mã đơn vị.", "Unit \"%s\": the unit code (Mã) is missing.",
		           u->name ? u->name : "");
		u->bad |= TD_BAD_CODE;
	}
	if (!u->name && !(u->bad & TD_BAD_NAME)) {
		td_m_error(&b->m, "data.empty-name", cell_where(buf, s->name, row, s->col[U_NAME]),
		           "Đơn vị có mã \"%s\" chưa có tên (cột \"Tên đơn vị\").",
		           "The unit with code \"%s\" has no name (column \"Tên đơn vị\").",
		           u->code ? u->code : "");
		u->bad |= TD_BAD_NAME;
	}
	u->authority = get_text(b, s, row, U_AUTH, 0);
	u->title = get_text(b, s, row, U_TITLE, 0);
	u->signer = get_text(b, s, row, U_SIGNER, 0);
	role = get_text(b, s, row, U_ROLE, 0);
	u->role = TD_ROLE_MEMBER;
	u->role_kind = c->kind;
	if (role) {
		rc = td_m_parse_role(&u->role, &u->role_kind, role);
		if (rc < 0)
			td_m_oom(&b->m);
		else if (rc)
			td_m_error(&b->m, "data.bad-role", cell_where(buf, s->name, row, s->col[U_ROLE]),
			           "Vai trò \"%s\" không hợp lệ: cần Cụm trưởng, Cụm phó, Khối trưởng, Khối phó hoặc Thành viên.",
			           "Role \"%s\" is not valid: expected Cụm trưởng, Cụm phó, Khối trưởng, Khối phó or Thành viên.",
			           role);
		if (u->role == TD_ROLE_MEMBER)
			u->role_kind = c->kind;
		td_free(role);
	}
}

static void load_units(bload *b)
{
	static const col_def cols[U_N] = {
		{ "Thứ tự", 1 }, { "Mã", 1 }, { "Tên đơn vị", 1 }, { "Vai trò", 1 },
		{ "Quyền hạn ký", 0 }, { "Chức vụ", 1 }, { "Người ký", 1 }
	};
	list_state st;
	bsheet s;

	memset(&st, 0, sizeof st);
	if (find_sheet(b, &s, "Đơn vị", cols, U_N))
		return;
	each_row(b, &s, U_N, unit_row, &st);
	td_cluster_sort_units(b->c);
}

/* ---- Căn cứ, Nội dung ---------------------------------------------------- */

static void basis_row(bload *b, const bsheet *s, uint32_t row, void *arg)
{
	list_state *st = arg;
	thidua_cluster *c = b->c;
	char *t, *w;

	if (c->n_bases >= TD_MAX_BASES) {
		too_many(b, s, row, "căn cứ / legal bases", TD_MAX_BASES, &st->said);
		return;
	}
	t = get_text(b, s, row, 0, 0);
	if (!t)
		return;
	td_m_basis_trim(t);
	if (!*t) {
		td_free(t);
		return;
	}
	w = where_dup(b, s->name, row, s->col[0]);
	if (!w) {
		td_free(t);
		return;
	}
	if (td_m_push_text(&c->bases, &c->n_bases, t, w))
		td_m_oom(&b->m);
}

static void load_bases(bload *b)
{
	static const col_def cols[] = { { "Căn cứ", 1 } };
	list_state st;
	bsheet s;

	memset(&st, 0, sizeof st);
	if (find_sheet(b, &s, "Căn cứ", cols, 1))
		return;
	each_row(b, &s, 1, basis_row, &st);
}

static void content_row(bload *b, const bsheet *s, uint32_t row, void *arg)
{
	static const char *const sections[] = { "Cam kết", "Chỉ tiêu", "Tổ chức thực hiện" };
	list_state *st = arg;
	thidua_cluster *c = b->c;
	td_text_item **items;
	size_t *n, k = 0;
	char buf[WHERE_MAX], *muc, *t, *w;
	int rc;

	muc = get_text(b, s, row, 0, 0);
	if (muc) {
		rc = td_m_match(&k, muc, sections, 3);
		if (rc < 0) {
			td_m_oom(&b->m);
			td_free(muc);
			return;
		}
		if (rc) {
			td_m_error(&b->m, "data.bad-item", cell_where(buf, s->name, row, s->col[0]),
			           "Mục \"%s\" không hợp lệ: cần \"Cam kết\", \"Chỉ tiêu\" hoặc \"Tổ chức thực hiện\".",
			           "Item \"%s\" is not valid: expected \"Cam kết\", \"Chỉ tiêu\" or \"Tổ chức thực hiện\".",
			           muc);
			st->cur = -2;
			td_free(muc);
			return;
		}
		st->cur = (int)k + 1;
		td_free(muc);
	}
	t = get_text(b, s, row, 1, 0);
	if (!t)
		return;
	if (st->cur == -2) { /* under a bad Mục: already reported */
		td_free(t);
		return;
	}
	if (st->cur <= 0) {
		td_m_error(&b->m, "data.missing-value", cell_where(buf, s->name, row, s->col[0]),
		           "Chưa ghi Mục (Cam kết, Chỉ tiêu hoặc Tổ chức thực hiện) cho nội dung này.",
		           "No Mục (Cam kết, Chỉ tiêu or Tổ chức thực hiện) is given for this item.");
		td_free(t);
		return;
	}
	items = st->cur == 1 ? &c->commitments : st->cur == 2 ? &c->targets : &c->implementation;
	n = st->cur == 1 ? &c->n_commitments : st->cur == 2 ? &c->n_targets : &c->n_implementation;
	if (*n >= TD_MAX_CONTENT) {
		td_free(t);
		too_many(b, s, row, "nội dung / items", TD_MAX_CONTENT, &st->said);
		return;
	}
	w = where_dup(b, s->name, row, s->col[1]);
	if (!w) {
		td_free(t);
		return;
	}
	if (td_m_push_text(items, n, t, w))
		td_m_oom(&b->m);
}

static void load_content(bload *b)
{
	static const col_def cols[] = { { "Mục", 1 }, { "Nội dung", 1 } };
	list_state st;
	bsheet s;

	memset(&st, 0, sizeof st);
	if (find_sheet(b, &s, "Nội dung", cols, 2))
		return;
	each_row(b, &s, 2, content_row, &st);
}

/* ---- Tiêu chí ----------------------------------------------------------- */

enum { K_CODE, K_TEXT, K_MAX, K_KIND, K_PER, K_CAP, K_NOTE, K_DISQ, K_N };

/* A code as written, completed from the rows above when relative ("1"
 * under section I is "I.1"; "a" under I.1 is "I.1.a"). Takes code. */
static char *complete_code(bload *b, char *code, const list_state *st)
{
	const thidua_cluster *c = b->c;
	size_t n = strlen(code);
	const char *prefix = NULL;
	td_buf out = TD_BUF_INIT;
	int kind;

	while (n && code[n - 1] == '.') /* "1." -> "1" */
		code[--n] = '\0';
	if (!n || strchr(code, '.'))
		return code;
	kind = td_crit_segment_kind(code, n);
	if (kind == 'N' && st->last_sec != SIZE_MAX)
		prefix = c->criteria[st->last_sec].code;
	else if (kind == 'L' && st->last_item != SIZE_MAX)
		prefix = c->criteria[st->last_item].code;
	if (!prefix)
		return code;
	td_buf_printf(&out, "%s.%s", prefix, code);
	td_free(code);
	code = td_buf_detach(&out);
	if (!code)
		td_m_oom(&b->m);
	return code;
}

static void crit_row(bload *b, const bsheet *s, uint32_t row, void *arg)
{
	static const char *const kinds[] = { "Phần", "Tiêu chí", "Cộng", "Trừ", "Điểm cộng", "Điểm trừ" };
	static const td_crit_kind kind_of[] = { TD_CRIT_SECTION, TD_CRIT_ITEM, TD_CRIT_BONUS,
	                                        TD_CRIT_DEDUCTION, TD_CRIT_BONUS, TD_CRIT_DEDUCTION };
	list_state *st = arg;
	thidua_cluster *c = b->c;
	td_criterion *k;
	char buf[WHERE_MAX], *kind;
	int depth;

	if (c->n_criteria >= TD_MAX_CRITERIA) {
		too_many(b, s, row, "tiêu chí / criteria", TD_MAX_CRITERIA, &st->said);
		return;
	}
	if (td_m_grow((void **)&c->criteria, c->n_criteria, sizeof *c->criteria)) {
		td_m_oom(&b->m);
		return;
	}
	k = &c->criteria[c->n_criteria++];
	memset(k, 0, sizeof *k);
	k->parent = SIZE_MAX;
	k->where = where_dup(b, s->name, row, 0);
	k->code = get_text_bad(b, s, row, K_CODE, 0, &k->bad, TD_BAD_CODE);
	if (k->code)
		k->code = complete_code(b, k->code, st);
	depth = k->code ? td_crit_code_depth(k->code) : -1;
	k->text = get_text(b, s, row, K_TEXT, 0);
	k->note = get_text(b, s, row, K_NOTE, 0);
	if (get_number(b, s, row, K_MAX, "Điểm chuẩn", 0, &k->max) == VAL_BAD)
		k->bad |= TD_BAD_MAX;
	if (get_number(b, s, row, K_PER, "Điểm mỗi lần", 0, &k->per_event) == VAL_BAD)
		k->bad |= TD_BAD_PER_EVENT;
	if (get_number(b, s, row, K_CAP, "Tối đa", 0, &k->cap) == VAL_BAD)
		k->bad |= TD_BAD_CAP;
	get_bool(b, s, row, K_DISQ, &k->disqualifies);
	kind = get_text(b, s, row, K_KIND, 0);
	if (kind) {
		size_t i = 0;
		int rc = td_m_match(&i, kind, kinds, sizeof kinds / sizeof *kinds);

		if (rc < 0)
			td_m_oom(&b->m);
		else if (rc == 0)
			k->kind = kind_of[i];
		else {
			td_m_error(&b->m, "data.bad-kind", cell_where(buf, s->name, row, s->col[K_KIND]),
			           "Loại \"%s\" không hợp lệ: cần \"Phần\", \"Tiêu chí\", \"Cộng\" hoặc \"Trừ\".",
			           "Kind \"%s\" is not valid: expected \"Phần\", \"Tiêu chí\", \"Cộng\" or \"Trừ\".",
			           kind);
			k->kind = depth == 0 ? TD_CRIT_SECTION : TD_CRIT_ITEM;
			k->bad |= TD_BAD_KIND;
		}
		td_free(kind);
	} else if (depth == 0) {
		k->kind = TD_CRIT_SECTION;
	} else {
		k->kind = st->last_kind >= 0 ? (td_crit_kind)st->last_kind : TD_CRIT_ITEM;
	}
	if (k->kind == TD_CRIT_SECTION) {
		st->last_kind = -1;
	} else if (!(k->bad & TD_BAD_KIND)) {
		st->last_kind = (int)k->kind;
	}
	if (depth == 0) {
		st->last_sec = c->n_criteria - 1;
		st->last_item = SIZE_MAX;
	} else if (depth == 1) {
		st->last_item = c->n_criteria - 1;
	}
}

static void load_criteria(bload *b)
{
	static const col_def cols[K_N] = {
		{ "Mã", 1 }, { "Nội dung", 1 }, { "Điểm chuẩn", 1 }, { "Loại", 0 },
		{ "Điểm mỗi lần", 0 }, { "Tối đa", 0 }, { "Ghi chú", 0 }, { "Không xét khen", 0 }
	};
	list_state st;
	bsheet s;

	memset(&st, 0, sizeof st);
	st.last_sec = st.last_item = SIZE_MAX;
	st.last_kind = -1;
	if (find_sheet(b, &s, "Tiêu chí", cols, K_N))
		return;
	each_row(b, &s, K_N, crit_row, &st);
	td_cluster_link_criteria(b->c);
}

/* ---- Khen thưởng -------------------------------------------------------- */

enum { A_NAME, A_QUOTA, A_MIN, A_VOTE, A_N };

static void award_row(bload *b, const bsheet *s, uint32_t row, void *arg)
{
	list_state *st = arg;
	thidua_cluster *c = b->c;
	td_award *a;
	char buf[WHERE_MAX];
	int64_t h;
	int rc;

	if (c->n_awards >= TD_MAX_AWARDS) {
		too_many(b, s, row, "hình thức khen thưởng / awards", TD_MAX_AWARDS, &st->said);
		return;
	}
	if (td_m_grow((void **)&c->awards, c->n_awards, sizeof *c->awards)) {
		td_m_oom(&b->m);
		return;
	}
	a = &c->awards[c->n_awards++];
	memset(a, 0, sizeof *a);
	a->where = where_dup(b, s->name, row, 0);
	a->name = get_text_bad(b, s, row, A_NAME, 0, &a->bad, TD_BAD_NAME);
	rc = get_number(b, s, row, A_QUOTA, "Số lượng", 1, &h);
	if (rc == VAL_OK && (h < 0 || h / 100 > 100000)) {
		td_m_error(&b->m, "data.bad-number", cell_where(buf, s->name, row, s->col[A_QUOTA]),
		           "Số lượng phải là số nguyên không âm.", "Số lượng (quota) must be a whole number, 0 or more.");
		rc = VAL_BAD;
	}
	if (rc == VAL_EMPTY)
		td_m_error(&b->m, "data.missing-value", cell_where(buf, s->name, row, s->col[A_QUOTA]),
		           "Chưa có Số lượng cho hình thức khen thưởng này.",
		           "No Số lượng (quota) is given for this award.");
	if (rc == VAL_OK)
		a->quota = (int)(h / 100);
	else
		a->bad |= TD_BAD_QUOTA;
	if (get_number(b, s, row, A_MIN, "Điểm tối thiểu", 0, &a->min_total) == VAL_BAD)
		a->bad |= TD_BAD_MIN;
	get_bool(b, s, row, A_VOTE, &a->needs_vote);
}

static void load_awards(bload *b)
{
	static const col_def cols[A_N] = {
		{ "Hình thức", 1 }, { "Số lượng", 1 }, { "Điểm tối thiểu", 0 }, { "Cần biểu quyết", 0 }
	};
	list_state st;
	bsheet s;

	memset(&st, 0, sizeof st);
	if (find_sheet(b, &s, "Khen thưởng", cols, A_N))
		return;
	each_row(b, &s, A_N, award_row, &st);
}

/* ---- entry points ------------------------------------------------------- */

int td_cluster_from_book(thidua_cluster **out, const td_book *book, const char *path,
                         unsigned flags,
                         thidua_diags *diags)
{
	bload b;
	int rc;

	*out = NULL;
	memset(&b, 0, sizeof b);
	b.m.diags = diags;
	b.m.file = path;
	b.m.flags = flags;
	b.book = book;
	b.c = td_cluster_new(path);
	if (!b.c)
		return THIDUA_ENOMEM;
	load_cum(&b);
	if (!b.m.fatal)
		load_units(&b);
	if (!b.m.fatal)
		load_bases(&b);
	if (!b.m.fatal)
		load_content(&b);
	if (!b.m.fatal)
		load_criteria(&b);
	if (!b.m.fatal)
		load_awards(&b);
	rc = b.m.fatal;
	/* With a sheet or a column missing, the cross-field checks would only
	 * repeat what is already said. */
	if (!rc && !b.structural) {
		rc = td_cluster_validate(b.c, diags);
		if (rc == THIDUA_EDATA) {
			rc = 0;
			b.m.errors++;
		}
	}
	if (!rc && b.m.errors)
		rc = THIDUA_EDATA;
	if (rc) {
		thidua_cluster_free(b.c);
		return rc;
	}
	*out = b.c;
	return 0;
}

int td_cluster_load_book(thidua_cluster **out, const char *path, unsigned flags,
                         thidua_diags *diags)
{
	td_pkg *pkg = NULL;
	td_book *book = NULL;
	td_mctx m;
	int rc;

	*out = NULL;
	memset(&m, 0, sizeof m);
	m.diags = diags;
	m.file = path;
	rc = td_pkg_open(&pkg, path, NULL);
	if (!rc)
		rc = td_book_read(&book, pkg, TD_MAX_BOOK_CELLS);
	if (rc && rc != THIDUA_ENOMEM) {
		const thidua_error *e = thidua_error_last();

		td_m_diag_msg(&m, THIDUA_SEV_ERROR, rc == THIDUA_EIO ? "data.unreadable"
		              : rc == THIDUA_ELIMIT ? "data.too-large" : "data.bad-file",
		              NULL, e ? e->message_vi : "Không đọc được bảng tính.",
		              e ? e->message_en : "Cannot read the workbook.");
		if (m.fatal)
			rc = m.fatal;
	}
	if (!rc)
		rc = td_cluster_from_book(out, book, path, flags, diags);
	td_book_free(book);
	td_pkg_free(pkg);
	return rc;
}
