/* rowmap.c - spreadsheet templates: which output rows each template row
 * became, and formulas and named ranges rewritten to match (OpenFormula
 * references, ODF 1.3 Part 4 §5.8; table:cell-range-address, Part 3
 * §19.595). A SUM over the rows of a loop is stretched over every row the
 * loop produced; a reference to a row below a loop moves down with it. */
#include "tmpl/tmpl_int.h"
#include "util/alloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 1048576u

struct td_rowmap {
	td_tablemap *tables;
	size_t n, cap;
};

td_rowmap *td_rowmap_new(void) { return td_calloc(1, sizeof(td_rowmap)); }

void td_rowmap_free(td_rowmap *m)
{
	size_t i, j;

	if (!m)
		return;
	for (i = 0; i < m->n; i++) {
		for (j = 0; j < m->tables[i].n_rows; j++) {
			td_free(m->tables[i].rows[j].out);
			td_free(m->tables[i].rows[j].turn);
		}
		td_free(m->tables[i].rows);
		td_free(m->tables[i].name);
	}
	td_free(m->tables);
	td_free(m);
}

td_tablemap *td_rowmap_table(td_rowmap *m, const char *name, int create)
{
	size_t i;
	td_tablemap *t;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->tables[i].name, name) == 0)
			return &m->tables[i];
	if (!create)
		return NULL;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 4;
		td_tablemap *n = td_realloc(m->tables, cap * sizeof *n);
		if (!n)
			return NULL;
		m->tables = n;
		m->cap = cap;
	}
	t = &m->tables[m->n];
	memset(t, 0, sizeof *t);
	t->name = td_strdup(name);
	if (!t->name)
		return NULL;
	m->n++;
	return t;
}

int td_rowmap_add(td_tablemap *t, uint32_t trow, uint32_t out, uint32_t turn)
{
	td_rowvec *v;

	if (trow >= MAX_ROWS)
		return 0;
	if (trow >= t->n_rows) {
		size_t n = trow + 1 > t->n_rows * 2 ? trow + 1 : t->n_rows * 2;
		td_rowvec *r = td_realloc(t->rows, n * sizeof *r);
		if (!r)
			return -1;
		memset(r + t->n_rows, 0, (n - t->n_rows) * sizeof *r);
		t->rows = r;
		t->n_rows = n;
	}
	v = &t->rows[trow];
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 2;
		uint32_t *o = td_realloc(v->out, cap * sizeof *o), *tu;
		if (!o)
			return -1;
		v->out = o;
		tu = td_realloc(v->turn, cap * sizeof *tu);
		if (!tu)
			return -1;
		v->turn = tu;
		v->cap = cap;
	}
	v->turn[v->n] = turn;
	v->out[v->n++] = out;
	return 0;
}

/* The output of template row trow written in the loop turn the formula is
 * written in (the innermost one that wrote the row), if any. */
static int in_turn(const td_tablemap *t, uint32_t trow, const td_refctx *ctx, uint32_t *out)
{
	const td_rowvec *v = trow < t->n_rows ? &t->rows[trow] : NULL;
	size_t d, i;

	if (!v)
		return 0;
	for (d = ctx->n_turns; d > 0; d--)
		for (i = 0; i < v->n; i++)
			if (v->turn[i] == ctx->turns[d - 1]) {
				*out = v->out[i];
				return 1;
			}
	return 0;
}

/* The first output row of template rows t, t+1, ... (a range's start). */
static int first_out(const td_tablemap *t, uint32_t trow, uint32_t *out)
{
	for (; trow < t->n_rows; trow++)
		if (t->rows[trow].n) {
			*out = t->rows[trow].out[0];
			return 1;
		}
	return 0;
}

/* The last output row of template rows t, t-1, ... (a range's end). */
static int last_out(const td_tablemap *t, uint32_t trow, uint32_t *out)
{
	uint32_t r = trow < t->n_rows ? trow : (uint32_t)t->n_rows - 1;

	if (!t->n_rows)
		return 0;
	for (;; r--) {
		if (t->rows[r].n) {
			*out = t->rows[r].out[t->rows[r].n - 1];
			return 1;
		}
		if (r == 0)
			return 0;
	}
}

/* One reference "$Sheet.$C$5" split into its pieces (pointers into src). */
typedef struct refpart {
	const char *sheet; size_t sheet_len; /* with quotes and $, may be empty */
	int has_dot;
	const char *col; size_t col_len;     /* "$C" */
	int row_abs;
	uint32_t row;                        /* 0-based */
	int has_row;
} refpart;

static const char *parse_part(refpart *p, const char *s, const char *end)
{
	const char *q = s;

	memset(p, 0, sizeof *p);
	p->sheet = q;
	if (q < end && *q == '$')
		q++;
	if (q < end && *q == '\'') {
		q++;
		while (q < end && !(*q == '\'' && (q + 1 >= end || q[1] != '\'')))
			q += *q == '\'' ? 2 : 1;
		if (q < end)
			q++;
	} else {
		while (q < end && *q != '.' && *q != ':')
			q++;
	}
	if (q >= end || *q != '.')
		return NULL;
	p->sheet_len = (size_t)(q - s);
	p->has_dot = 1;
	q++;
	p->col = q;
	if (q < end && *q == '$')
		q++;
	while (q < end && isalpha((unsigned char)*q))
		q++;
	p->col_len = (size_t)(q - p->col);
	if (q < end && *q == '$') {
		p->row_abs = 1;
		q++;
	}
	if (q < end && isdigit((unsigned char)*q)) {
		unsigned long v = 0;
		while (q < end && isdigit((unsigned char)*q)) {
			v = v * 10 + (unsigned long)(*q - '0');
			if (v > MAX_ROWS)
				return NULL;
			q++;
		}
		if (v == 0)
			return NULL;
		p->row = (uint32_t)(v - 1);
		p->has_row = 1;
	}
	return q;
}

/* The table a part names (unquoted, without $), or the current one. */
static const td_tablemap *part_table(td_rowmap *m, const refpart *p, const char *current)
{
	char name[256];
	size_t i = 0, n = 0;
	const char *s = p->sheet;
	size_t len = p->sheet_len;

	if (len && *s == '$') {
		s++;
		len--;
	}
	if (!len)
		return td_rowmap_table(m, current, 0);
	if (*s == '\'') {
		for (i = 1; i + 1 < len && n + 1 < sizeof name; i++) {
			name[n++] = s[i];
			if (s[i] == '\'' && s[i + 1] == '\'')
				i++;
		}
	} else {
		for (i = 0; i < len && n + 1 < sizeof name; i++)
			name[n++] = s[i];
	}
	name[n] = '\0';
	return td_rowmap_table(m, name, 0);
}

static void put_part(td_buf *b, const refpart *p, uint32_t row)
{
	td_buf_put(b, p->sheet, p->sheet_len);
	td_buf_putc(b, '.');
	td_buf_put(b, p->col, p->col_len);
	if (p->row_abs)
		td_buf_putc(b, '$');
	td_buf_printf(b, "%u", row + 1);
}

/* Rewrite the reference text [s, end) ("A.B5:.B9" without brackets). Writes
 * the original when it is not a row reference of a mapped table. */
static void rewrite_ref(td_buf *b, td_rowmap *m, const td_refctx *ctx, const char *s,
                        const char *end)
{
	refpart a, z;
	const char *q = parse_part(&a, s, end);
	const td_tablemap *ta, *tz;
	uint32_t r1, r2;

	if (!q || !a.has_row)
		goto asis;
	ta = part_table(m, &a, ctx->table);
	if (!ta)
		goto asis;
	if (q == end) {
		/* a single cell: in the same loop turn when the row was written
		 * in the formula's own turn, else the row's first output */
		if (!in_turn(ta, a.row, ctx, &r1) && !first_out(ta, a.row, &r1))
			goto asis;
		put_part(b, &a, r1);
		return;
	}
	if (*q != ':' || parse_part(&z, q + 1, end) != end || !z.has_row)
		goto asis;
	tz = z.sheet_len ? part_table(m, &z, ctx->table) : ta;
	if (tz != ta)
		goto asis;
	/* each end in the formula's own loop turn when its row was written in
	 * it (a per-row subtotal, a running total), else stretched over every
	 * output of the rows */
	if (!(in_turn(ta, a.row, ctx, &r1) || first_out(ta, a.row, &r1)) ||
	    !(in_turn(ta, z.row, ctx, &r2) || last_out(ta, z.row, &r2)) || r2 < r1) {
		/* the range produced no row: keep it pointing at one row */
		if (!first_out(ta, a.row, &r1) && !last_out(ta, a.row, &r1))
			goto asis;
		r2 = r1;
	}
	put_part(b, &a, r1);
	td_buf_putc(b, ':');
	put_part(b, &z, r2);
	return;
asis:
	td_buf_put(b, s, (size_t)(end - s));
}

void td_rewrite_formula(td_buf *b, td_rowmap *m, const td_refctx *ctx, const char *f)
{
	const char *p = f, *start = f;

	while (*p) {
		if (*p == '"') {
			/* string literal: copy through */
			p++;
			while (*p && !(*p == '"' && p[1] != '"'))
				p += *p == '"' ? 2 : 1;
			if (*p)
				p++;
			continue;
		}
		if (*p == '[') {
			const char *e = p + 1;
			while (*e && *e != ']') {
				if (*e == '\'') {
					e++;
					while (*e && !(*e == '\'' && e[1] != '\''))
						e += *e == '\'' ? 2 : 1;
				}
				if (*e)
					e++;
			}
			if (!*e)
				break;
			td_buf_put(b, start, (size_t)(p + 1 - start));
			rewrite_ref(b, m, ctx, p + 1, e);
			td_buf_putc(b, ']');
			p = start = e + 1;
			continue;
		}
		p++;
	}
	td_buf_puts(b, start);
}

void td_rewrite_range_address(td_buf *b, td_rowmap *m, const td_refctx *ctx, const char *a)
{
	/* a list of ranges separated by spaces (not those of a quoted sheet
	 * name: '$'Bảng 1'.A1') */
	const char *p = a;

	while (*p) {
		const char *e = p;
		int quoted = 0;
		while (*e && (quoted || *e != ' ')) {
			if (*e == '\'')
				quoted = !quoted; /* '' inside a name toggles twice */
			e++;
		}
		rewrite_ref(b, m, ctx, p, e);
		if (!*e)
			break;
		td_buf_putc(b, ' ');
		p = e + 1;
	}
}
