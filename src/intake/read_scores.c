/* read_scores.c - td_scores_read: returned scoring sheets (.ods, .fods,
 * .xlsx) read through the format-neutral cell grid of intake_int.h, found by
 * their identity cell, rows found by the criterion code in the hidden code
 * column (form/form.h), values read exactly in hundredths and checked against
 * the cluster; every problem goes to the diags with file and cell. */
#include "intake/intake_int.h"
#include "intake/intake.h"
#include "odf/sheet.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/error.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define ID_MARK "thidua:"     /* any identity version starts with this */
#define MAX_DIR_FILES 100000u /* files looked at in one folder */

/* ---- the grid ---------------------------------------------------------- */

int td_grid_add_sheet(td_grid *g, const char *name)
{
	td_gsheet *sh;

	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 4;
		td_gsheet *n = td_realloc(g->sheets, cap * sizeof *n);
		if (!n)
			return td_error_oom();
		g->sheets = n;
		g->cap = cap;
	}
	sh = &g->sheets[g->n];
	memset(sh, 0, sizeof *sh);
	if (!(sh->name = td_strdup(name ? name : "")))
		return td_error_oom();
	g->n++;
	return 0;
}

int td_grid_add_cell(td_grid *g, uint32_t row, uint32_t col, td_gtype type, char *text,
                     char *value, char *formula)
{
	td_gsheet *sh;
	td_gcell *c;
	int rc = 0;

	if (g->n == 0)
		goto cleanup; /* cells outside any sheet: none in a valid file */
	sh = &g->sheets[g->n - 1];
	if (g->cells >= TD_GRID_MAX_CELLS) {
		rc = td_error(THIDUA_ELIMIT, "Trang tính \"%s\": quá %u ô không trống.",
		              "Sheet \"%s\": more than %u non-empty cells.", sh->name,
		              TD_GRID_MAX_CELLS);
		goto cleanup;
	}
	if (sh->n == sh->cap) {
		size_t cap = sh->cap ? sh->cap * 2 : 64;
		td_gcell *n = td_realloc(sh->cells, cap * sizeof *n);
		if (!n) {
			rc = td_error_oom();
			goto cleanup;
		}
		sh->cells = n;
		sh->cap = cap;
	}
	c = &sh->cells[sh->n++];
	c->row = row;
	c->col = col;
	c->type = type;
	c->text = text;
	c->value = value;
	c->formula = formula;
	c->seq = sh->n - 1;
	g->cells++;
	return 0;
cleanup:
	td_free(text);
	td_free(value);
	td_free(formula);
	return rc;
}

static void gcell_clear(td_gcell *c)
{
	td_free(c->text);
	td_free(c->value);
	td_free(c->formula);
}

/* Row-major; of equal addresses, in the order they came. */
static int cmp_gcell(const void *a, const void *b)
{
	const td_gcell *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void td_grid_finish(td_grid *g)
{
	size_t i, j, k;

	for (i = 0; i < g->n; i++) {
		td_gsheet *sh = &g->sheets[i];
		int sorted = 1;

		for (j = 1; j < sh->n && sorted; j++)
			sorted = sh->cells[j - 1].row < sh->cells[j].row ||
			         (sh->cells[j - 1].row == sh->cells[j].row &&
			          sh->cells[j - 1].col < sh->cells[j].col);
		if (sorted)
			continue;
		qsort(sh->cells, sh->n, sizeof *sh->cells, cmp_gcell);
		/* of two cells at one address, keep the later */
		for (j = 0, k = 0; j < sh->n; j++) {
			if (k > 0 && sh->cells[k - 1].row == sh->cells[j].row &&
			    sh->cells[k - 1].col == sh->cells[j].col) {
				gcell_clear(&sh->cells[k - 1]);
				sh->cells[k - 1] = sh->cells[j];
				g->cells--;
				continue;
			}
			sh->cells[k++] = sh->cells[j];
		}
		sh->n = k;
	}
}

void td_grid_clear(td_grid *g)
{
	size_t i, j;

	for (i = 0; i < g->n; i++) {
		for (j = 0; j < g->sheets[i].n; j++)
			gcell_clear(&g->sheets[i].cells[j]);
		td_free(g->sheets[i].cells);
		td_free(g->sheets[i].name);
	}
	td_free(g->sheets);
	memset(g, 0, sizeof *g);
}

/* ---- exact numbers ----------------------------------------------------- */

/* "8,5" (sep ',') or "8.5" (sep '.'): as few decimals as needed. */
static const char *fmt_h(char *buf, size_t size, int64_t h, char sep)
{
	uint64_t a = h < 0 ? (uint64_t)0 - (uint64_t)h : (uint64_t)h;
	unsigned frac = (unsigned)(a % 100);

	if (frac == 0)
		snprintf(buf, size, "%s%llu", h < 0 ? "-" : "", (unsigned long long)(a / 100));
	else if (frac % 10 == 0)
		snprintf(buf, size, "%s%llu%c%u", h < 0 ? "-" : "", (unsigned long long)(a / 100),
		         sep, frac / 10);
	else
		snprintf(buf, size, "%s%llu%c%02u", h < 0 ? "-" : "", (unsigned long long)(a / 100),
		         sep, frac);
	return buf;
}

/* ---- the reading context ---------------------------------------------- */

enum { H_TT, H_TEXT, H_MAX, H_SELF, H_CLUSTER_CUM, H_CLUSTER_KHOI, H_NOTE, H_STT, H_N };
static const char *const header_label[H_N] = {
	"TT", "Nội dung tiêu chí", "Điểm chuẩn", "Điểm tự chấm", "Điểm Cụm thẩm định",
	"Điểm Khối thẩm định", "Ghi chú", "STT"
};

typedef struct file_id {
	dev_t dev;
	ino_t ino;
} file_id;

typedef struct rctx {
	const thidua_cluster *c;
	thidua_diags *diags;
	td_scores_set *out;
	size_t cap_sheets;
	int fatal;               /* THIDUA_ENOMEM once memory ran out */

	char *cluster_key;       /* owned: the identity's cluster key of this cluster */
	char fp[17];
	char **unit_keys;        /* owned: match keys of the unit codes */
	char *header_key[H_N];   /* owned */
	td_crit_info *info;      /* owned: one per criterion */
	int64_t step;

	file_id *seen;           /* owned: files already read */
	size_t n_seen, cap_seen;

	char clipped[4][256];    /* clip()'s buffers, used in turn */
	unsigned n_clip;

	const char *file;        /* the file being read */
	const char *sheet;       /* the sheet being read */
} rctx;

/* s cut to at most max bytes (< 250) on a character boundary, with "…"
 * when cut; borrowed from one of r's buffers, valid for the next three
 * calls. */
static const char *clip(rctx *r, const char *s, size_t max)
{
	char *b = r->clipped[r->n_clip++ % 4];
	size_t n = strlen(s);

	if (n <= max)
		return s;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--; /* s[n] continues a character: cut before it */
	memcpy(b, s, n);
	memcpy(b + n, "…", sizeof "…");
	return b;
}

static void oom(rctx *r)
{
	td_error_oom();
	r->fatal = THIDUA_ENOMEM;
}

/* Add a problem; fmt_vi and fmt_en take the same arguments. */
static void problem(rctx *r, thidua_severity sev, const char *code, const char *file,
                    const char *where, const char *fmt_vi, const char *fmt_en, ...)
{
	td_buf vi = TD_BUF_INIT, en = TD_BUF_INIT;
	va_list ap;

	if (r->fatal)
		return;
	va_start(ap, fmt_en);
	td_buf_vprintf(&vi, fmt_vi, ap);
	va_end(ap);
	va_start(ap, fmt_en);
	td_buf_vprintf(&en, fmt_en, ap);
	va_end(ap);
	if (td_buf_oom(&vi) || td_buf_oom(&en) ||
	    td_diag_add_msg(r->diags, sev, code, file, where, NULL, NULL, vi.ptr ? vi.ptr : "",
	                    en.ptr ? en.ptr : "") < 0)
		oom(r);
	td_buf_free(&vi);
	td_buf_free(&en);
}

#define err(r, code, where, ...) problem((r), THIDUA_SEV_ERROR, (code), (r)->file, (where), __VA_ARGS__)
#define warn(r, code, where, ...) problem((r), THIDUA_SEV_WARNING, (code), (r)->file, (where), __VA_ARGS__)

/* "Sheet!D12" of the current sheet, owned; NULL (and r->fatal) when out of
 * memory. */
static char *where_of(rctx *r, uint32_t row, uint32_t col)
{
	char *w = td_a1_where(r->sheet, row, col);

	if (!w)
		oom(r);
	return w;
}

/* A match key, owned; NULL and r->fatal on out of memory; invalid text
 * gives an empty key. */
static char *key_of(rctx *r, const char *s)
{
	char *k = NULL;
	int rc = td_text_match_key(&k, s ? s : "");

	if (rc == THIDUA_ENOMEM) {
		oom(r);
		return NULL;
	}
	if (rc < 0 || !k) {
		k = td_strdup("");
		if (!k)
			oom(r);
	}
	return k;
}

static int ctx_init(rctx *r, const thidua_cluster *c)
{
	size_t i;

	r->c = c;
	r->step = c->step > 0 ? c->step : 25;
	td_criteria_fingerprint(r->fp, c);
	if (c->n_units > 0) {
		char *s = td_identity_format(c, &c->units[0], NULL);
		td_identity id;
		int rc;

		if (!s)
			return THIDUA_ENOMEM;
		rc = td_identity_parse(&id, s);
		td_free(s);
		if (rc == THIDUA_ENOMEM)
			return rc;
		if (rc == 0) {
			r->cluster_key = id.cluster_key;
			id.cluster_key = NULL;
			td_identity_clear(&id);
		}
	}
	if (!r->cluster_key && !(r->cluster_key = key_of(r, c->name)))
		return THIDUA_ENOMEM;
	if (c->n_units && !(r->unit_keys = td_calloc(c->n_units, sizeof *r->unit_keys)))
		return THIDUA_ENOMEM;
	for (i = 0; i < c->n_units; i++)
		if (!(r->unit_keys[i] = key_of(r, c->units[i].code)))
			return THIDUA_ENOMEM;
	for (i = 0; i < H_N; i++)
		if (!(r->header_key[i] = key_of(r, header_label[i])))
			return THIDUA_ENOMEM;
	if (c->n_criteria && !(r->info = td_calloc(c->n_criteria, sizeof *r->info)))
		return THIDUA_ENOMEM;
	td_crit_analyse(r->info, c); /* loaded criteria are always well-formed */
	return 0;
}

static void ctx_clear(rctx *r)
{
	size_t i;

	td_free(r->cluster_key);
	for (i = 0; r->unit_keys && i < r->c->n_units; i++)
		td_free(r->unit_keys[i]);
	td_free(r->unit_keys);
	for (i = 0; i < H_N; i++)
		td_free(r->header_key[i]);
	td_free(r->info);
	td_free(r->seen);
}

/* ---- the result set ----------------------------------------------------- */

static void sheet_scores_clear(td_sheet_scores *s)
{
	size_t i;

	for (i = 0; i < s->n_rows; i++) {
		td_free(s->rows[i].note);
		td_free(s->rows[i].where_self);
		td_free(s->rows[i].where_cluster);
	}
	td_free(s->rows);
	td_free(s->file);
	td_free(s->sheet);
	td_free(s->where_total);
	td_identity_clear(&s->id);
	memset(s, 0, sizeof *s);
}

void td_scores_set_clear(td_scores_set *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->n; i++)
		sheet_scores_clear(&set->sheets[i]);
	td_free(set->sheets);
	set->sheets = NULL;
	set->n = 0;
}

/* ---- one sheet ------------------------------------------------------------ */

/* The cells of one row: [b, e) of the sheet's cells. */
typedef struct grow {
	const td_gcell *b, *e;
	uint32_t row;
} grow;

static const td_gcell *row_cell(const grow *g, uint32_t col)
{
	const td_gcell *c;

	for (c = g->b; c < g->e; c++)
		if (c->col == col)
			return c;
	return NULL;
}

/* The text of a cell as a person sees it ("" when none); numbers in their
 * lexical form. Borrowed. */
static const char *cell_str(const td_gcell *c)
{
	if (!c)
		return "";
	if (c->text)
		return c->text;
	return c->value ? c->value : "";
}

/* A copy of s without surrounding white space (td_free), or NULL when out
 * of memory. */
static char *trimmed(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return td_strndup(s, n);
}

static int blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

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

/* Read one score cell. *has and *v get the value when it is usable; *bad
 * is set when the cell has an error (its column's total is then not
 * checked). */
static void read_score(rctx *r, size_t ki, const td_gcell *cell, uint32_t row, uint32_t col,
                       int *has, int64_t *v, int *bad)
{
	const td_criterion *k = &r->c->criteria[ki];
	char *where = NULL, b1[32], b2[32], b3[32], b4[32];
	int64_t h = 0, hi;
	int rc, amb = 0, ok = 1;

	*has = 0;
	*v = 0;
	if (!cell)
		return;
	if (cell->type == TD_G_STRING && !cell->formula && blank(cell_str(cell)))
		return;
	if (!(where = where_of(r, row, col)))
		return;
	if (cell->formula) {
		err(r, "score.formula", where,
		    "Ô điểm của tiêu chí %s có công thức \"%s\": hãy gõ một số, không dùng công thức.",
		    "The score cell of criterion %s holds a formula \"%s\": type a number, not a formula.",
		    k->code, formula_shown(cell->formula));
		ok = 0;
		goto cleanup;
	}
	switch (cell->type) {
	case TD_G_NUMBER:
		rc = td_parse_xsd_number(&h, cell->value ? cell->value : "");
		if (rc < 0) {
			err(r, "score.not-a-number", where,
			    "Điểm của tiêu chí %s không đọc được (\"%s\").",
			    "The score of criterion %s cannot be read (\"%s\").", k->code,
			    cell_str(cell));
			ok = 0;
		} else if (rc > 0) {
			err(r, "score.off-step", where,
			    "Điểm %s của tiêu chí %s có quá hai chữ số thập phân; điểm đi theo bước %s%.0s.",
			    "The score %s of criterion %s has more than two decimals; scores move in steps of %.0s%s.",
			    cell->value, k->code, fmt_h(b1, sizeof b1, r->step, ','),
			    fmt_h(b2, sizeof b2, r->step, '.'));
			ok = 0;
		}
		break;
	case TD_G_STRING:
		rc = td_parse_decimal(&h, cell_str(cell), &amb);
		if (rc == THIDUA_ENOMEM) {
			oom(r);
			goto cleanup;
		}
		if (rc < 0) {
			err(r, "score.not-a-number", where,
			    "Điểm của tiêu chí %s không phải là số: \"%s\".",
			    "The score of criterion %s is not a number: \"%s\".", k->code,
			    clip(r, cell_str(cell), 60));
			ok = 0;
		} else {
			warn(r, "score.text-number", where,
			     "Điểm của tiêu chí %s được gõ dạng chữ (\"%s\"); đã đọc là %s%.0s. Nên gõ dạng số.",
			     "The score of criterion %s was typed as text (\"%s\"); read as %.0s%s. Better type it as a number.",
			     k->code, clip(r, cell_str(cell), 40), fmt_h(b1, sizeof b1, h, ','),
			     fmt_h(b2, sizeof b2, h, '.'));
		}
		break;
	default:
		err(r, "score.not-a-number", where,
		    "Điểm của tiêu chí %s không phải là số: \"%s\".",
		    "The score of criterion %s is not a number: \"%s\".", k->code,
		    clip(r, cell_str(cell), 60));
		ok = 0;
		break;
	}
	if (!ok)
		goto cleanup;
	hi = r->info[ki].limit;
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
cleanup:
	if (ok && !r->fatal) {
		*has = 1;
		*v = h;
	} else {
		*bad = 1;
	}
	td_free(where);
}

/* A typed or cached total: 0 and *v, or -1 when there is none. */
static int read_total(const td_gcell *cell, int64_t *v)
{
	if (!cell)
		return -1;
	if (cell->type == TD_G_NUMBER && cell->value)
		return td_parse_xsd_number(v, cell->value) < 0 ? -1 : 0;
	if (cell->type == TD_G_STRING && cell->text && !blank(cell->text))
		return td_parse_decimal(v, cell->text, NULL) < 0 ? -1 : 0;
	return -1;
}

/* The total of one column as the sheet's formulas compute it (missing
 * scores count as 0). acc has 4 slots per criterion. */
static int64_t column_total(const thidua_cluster *c, const td_crit_info *info,
                            const int64_t *v, const unsigned char *has, int64_t *acc)
{
	int64_t *col = acc + 3 * c->n_criteria, base, bonus, ded;
	size_t i;

	for (i = 0; i < c->n_criteria; i++)
		col[i] = has[i] ? v[i] : 0;
	td_crit_column(info, c->n_criteria, col, acc, &base, &bonus, &ded);
	return base + bonus - ded;
}

/* Map the header row's texts to columns. cols[] starts at the contract's
 * positions; a column whose header is not found is reported and kept at
 * its contract position. */
static void map_columns(rctx *r, const grow *hdr, uint32_t code_col, uint32_t *cols)
{
	static const struct { int col, label, alt; } want[] = {
		{ TD_COL_TT, H_TT, H_STT },
		{ TD_COL_TEXT, H_TEXT, -1 },
		{ TD_COL_MAX, H_MAX, -1 },
		{ TD_COL_SELF, H_SELF, -1 },
		{ TD_COL_CLUSTER, H_CLUSTER_CUM, H_CLUSTER_KHOI },
		{ TD_COL_NOTE, H_NOTE, -1 }
	};
	int found[TD_NCOLS] = { 0 };
	const td_gcell *c;
	size_t i;

	for (c = hdr->b; c < hdr->e && !r->fatal; c++) {
		char *k;

		if (c->col == code_col || c->type != TD_G_STRING || !c->text)
			continue;
		if (!(k = key_of(r, c->text)))
			return;
		for (i = 0; i < sizeof want / sizeof want[0]; i++) {
			if (found[want[i].col])
				continue;
			if (strcmp(k, r->header_key[want[i].label]) == 0 ||
			    (want[i].alt >= 0 && strcmp(k, r->header_key[want[i].alt]) == 0)) {
				found[want[i].col] = 1;
				cols[want[i].col] = c->col;
				break;
			}
		}
		td_free(k);
	}
	for (i = 0; i < sizeof want / sizeof want[0] && !r->fatal; i++) {
		const char *label;
		char *w;

		if (found[want[i].col])
			continue;
		label = header_label[want[i].label];
		if (want[i].col == TD_COL_CLUSTER && r->c->kind == TD_KIND_KHOI)
			label = header_label[H_CLUSTER_KHOI];
		if (!(w = where_of(r, hdr->row, cols[want[i].col])))
			return;
		err(r, "score.criteria-changed", w,
		    "Dòng tiêu đề của bảng đã bị sửa: không thấy cột \"%s\".",
		    "The table's header row was altered: column \"%s\" is not there.", label);
		td_free(w);
	}
}

/* Compare a row's text with the criterion's: the text, or the text with
 * the note in brackets after it, match by td_text_match_key. 1 when they
 * match, 0 when not; r->fatal on out of memory. */
static int text_matches(rctx *r, const td_criterion *k, const char *text)
{
	char *a = NULL, *b = NULL, *ab = NULL;
	td_buf t = TD_BUF_INIT;
	int same = 0;

	if (!(a = key_of(r, text)) || !(b = key_of(r, k->text)))
		goto cleanup;
	same = strcmp(a, b) == 0;
	if (!same && k->note) {
		td_buf_printf(&t, "%s (%s)", k->text ? k->text : "", k->note);
		if (td_buf_oom(&t)) {
			oom(r);
			goto cleanup;
		}
		if (!(ab = key_of(r, t.ptr)))
			goto cleanup;
		same = strcmp(a, ab) == 0;
	}
cleanup:
	td_free(a);
	td_free(b);
	td_free(ab);
	td_buf_free(&t);
	return same;
}

typedef struct sheet_state {
	td_sheet_scores s;
	uint32_t *row_of;         /* owned: 1 + the row of each criterion, 0 none */
	int64_t *self, *clus;     /* owned */
	int64_t *acc;             /* owned: column_total's work space */
	unsigned char *has_self, *has_clus;
	int bad_self, bad_clus;
	int structure_bad;        /* rows missing, doubled or unknown */
	const td_gcell *total_self, *total_clus;
	uint32_t total_row;
} sheet_state;

static void state_clear(sheet_state *st)
{
	sheet_scores_clear(&st->s);
	td_free(st->row_of);
	td_free(st->self);
	td_free(st->clus);
	td_free(st->acc);
	td_free(st->has_self);
	td_free(st->has_clus);
}

/* One criterion row. */
static void criterion_row(rctx *r, sheet_state *st, const grow *g, size_t ki,
                          const uint32_t *cols)
{
	const thidua_cluster *c = r->c;
	const td_criterion *k = &c->criteria[ki];
	td_row_scores *row;
	const td_gcell *text_cell, *max_cell, *note_cell;
	char *w = NULL, b1[32], b2[32], b3[32], b4[32];
	int has;
	int64_t v;

	if (st->row_of[ki]) {
		st->structure_bad = 1;
		if ((w = where_of(r, g->row, cols[TD_COL_TT])))
			err(r, "score.duplicate-row", w,
			    "Tiêu chí %s có hai dòng (dòng %u và dòng %u); chỉ đọc dòng %u. Hãy xoá dòng thừa.",
			    "Criterion %s has two rows (rows %u and %u); only row %u is read. Delete the extra row.",
			    k->code, (unsigned)st->row_of[ki], (unsigned)g->row + 1,
			    (unsigned)st->row_of[ki]);
		td_free(w);
		return;
	}
	st->row_of[ki] = g->row + 1;
	row = &st->s.rows[st->s.n_rows++];
	row->crit = ki;
	/* the text and the maximum as issued */
	text_cell = row_cell(g, cols[TD_COL_TEXT]);
	if (!text_matches(r, k, cell_str(text_cell)) && !r->fatal) {
		if ((w = where_of(r, g->row, cols[TD_COL_TEXT])))
			err(r, "score.criteria-changed", w,
			    "Nội dung tiêu chí %s đã bị sửa: \"%s\" (đúng là \"%s\").",
			    "The text of criterion %s was altered: \"%s\" (it is \"%s\").", k->code,
			    clip(r, cell_str(text_cell), 80), clip(r, k->text ? k->text : "", 80));
		td_free(w);
		w = NULL;
	}
	max_cell = row_cell(g, cols[TD_COL_MAX]);
	if (max_cell && max_cell->type == TD_G_NUMBER && max_cell->value && !r->fatal) {
		int64_t want = r->info[ki].cls == TD_CRIT_ITEM ? k->max
		               : k->cap > 0 ? k->cap : k->max;
		int64_t got = 0;

		if (want > 0 && (td_parse_xsd_number(&got, max_cell->value) != 0 || got != want)) {
			if ((w = where_of(r, g->row, cols[TD_COL_MAX])))
				err(r, "score.criteria-changed", w,
				    "Điểm chuẩn của tiêu chí %s đã bị sửa: %s%.0s (đúng là %s%.0s).",
				    "The maximum (Điểm chuẩn) of criterion %s was altered: %.0s%s (it is %.0s%s).",
				    k->code, fmt_h(b1, sizeof b1, got, ','), fmt_h(b3, sizeof b3, got, '.'),
				    fmt_h(b2, sizeof b2, want, ','), fmt_h(b4, sizeof b4, want, '.'));
			td_free(w);
			w = NULL;
		}
	}
	note_cell = row_cell(g, cols[TD_COL_NOTE]);
	if (note_cell && !blank(cell_str(note_cell)) && !(row->note = td_strdup(cell_str(note_cell)))) {
		oom(r);
		return;
	}
	if (!(row->where_self = where_of(r, g->row, cols[TD_COL_SELF])) ||
	    !(row->where_cluster = where_of(r, g->row, cols[TD_COL_CLUSTER])))
		return;
	if (!r->info[ki].leaf)
		return; /* a node: its cells are subtotal formulas */
	read_score(r, ki, row_cell(g, cols[TD_COL_SELF]), g->row, cols[TD_COL_SELF], &has, &v,
	           &st->bad_self);
	row->has_self = has;
	row->self = v;
	st->has_self[ki] = (unsigned char)has;
	st->self[ki] = v;
	read_score(r, ki, row_cell(g, cols[TD_COL_CLUSTER]), g->row, cols[TD_COL_CLUSTER], &has,
	           &v, &st->bad_clus);
	row->has_cluster = has;
	row->cluster = v;
	st->has_clus[ki] = (unsigned char)has;
	st->clus[ki] = v;
}

/* A row with content in a score column but no code, or an unknown code:
 * 1 when reported. */
static int unknown_row(rctx *r, const grow *g, const char *code, const uint32_t *cols)
{
	const td_gcell *c = row_cell(g, cols[TD_COL_SELF]);
	uint32_t col = cols[TD_COL_SELF];
	char *w;

	if (!c || blank(cell_str(c))) {
		const td_gcell *c2 = row_cell(g, cols[TD_COL_CLUSTER]);
		if (c2 && !blank(cell_str(c2))) {
			c = c2;
			col = cols[TD_COL_CLUSTER];
		} else {
			c = NULL;
		}
	}
	if (!*code) {
		if (!c)
			return 0; /* an inserted row with nothing to read: ignored */
		if ((w = where_of(r, g->row, col)))
			err(r, "score.row-unknown", w,
			    "Dòng %u không thuộc tiêu chí nào (dòng chèn thêm?) nhưng có điểm \"%s\": điểm này không được tính. Hãy chuyển điểm vào đúng dòng tiêu chí và xoá dòng thêm.",
			    "Row %u belongs to no criterion (an inserted row?) but holds a score \"%s\": it is not counted. Move the score to the criterion's row and delete the extra row.",
			    (unsigned)g->row + 1, clip(r, cell_str(c), 40));
		td_free(w);
		return 1;
	}
	if ((w = where_of(r, g->row, c ? col : cols[TD_COL_TT])))
		err(r, "score.row-unknown", w,
		    "Dòng %u có mã tiêu chí \"%s\" không có trong bộ tiêu chí của %s: dòng này không được đọc.",
		    "Row %u has a criterion code \"%s\" that the %s's criteria do not have: the row is not read.",
		    (unsigned)g->row + 1, clip(r, code, 40), td_kind_label(r->c->kind));
	td_free(w);
	return 1;
}

static int find_unit(rctx *r, const char *code, size_t *out)
{
	char *k = key_of(r, code);
	size_t i;

	*out = SIZE_MAX;
	if (!k)
		return -1;
	for (i = 0; i < r->c->n_units; i++)
		if (strcmp(k, r->unit_keys[i]) == 0) {
			*out = i;
			break;
		}
	td_free(k);
	return 0;
}

static const char *unit_name(const thidua_cluster *c, size_t u)
{
	return u < c->n_units && c->units[u].name ? c->units[u].name : "?";
}

static int push_sheet(rctx *r, td_sheet_scores *s)
{
	td_scores_set *out = r->out;

	if (out->n == r->cap_sheets) {
		size_t cap = r->cap_sheets ? r->cap_sheets * 2 : 8;
		td_sheet_scores *n = td_realloc(out->sheets, cap * sizeof *n);
		if (!n) {
			oom(r);
			return -1;
		}
		out->sheets = n;
		r->cap_sheets = cap;
	}
	out->sheets[out->n++] = *s;
	memset(s, 0, sizeof *s);
	return 0;
}

/* Identity checks: 0 to go on reading the sheet, 1 to skip it. */
static int check_identity(rctx *r, sheet_state *st, const char *where)
{
	const thidua_cluster *c = r->c;
	const td_identity *id = &st->s.id;
	size_t i;
	int skip = 0;

	if (!id->cluster_key || strcmp(id->cluster_key, r->cluster_key) != 0) {
		err(r, "score.foreign-cluster", where,
		    "Bảng này của một cụm/khối khác (\"%s\"), không phải của %s.",
		    "This sheet belongs to another cluster (\"%s\"), not to %s.",
	    clip(r, id->cluster_key ? id->cluster_key : "", 80),
		    c->name ? c->name : "?");
		skip = 1;
	}
	if (id->year != c->year) {
		err(r, "score.foreign-year", where,
		    "Bảng này của năm %d, không phải năm %d.", "This sheet is for the year %d, not %d.",
		    id->year, c->year);
		skip = 1;
	}
	if (find_unit(r, id->unit_code ? id->unit_code : "", &st->s.unit) < 0)
		return 1;
	if (st->s.unit == SIZE_MAX) {
		err(r, "score.unknown-unit", where,
		    "Mã đơn vị \"%s\" của bảng này không có trong danh sách đơn vị của %s.",
		    "The unit code \"%s\" of this sheet is not in the %s's list of units.",
		    clip(r, id->unit_code ? id->unit_code : "", 40), td_kind_label(c->kind));
		skip = 1;
	}
	st->s.scorer = SIZE_MAX;
	if (id->scorer_code) {
		if (find_unit(r, id->scorer_code, &st->s.scorer) < 0)
			return 1;
		if (st->s.scorer == SIZE_MAX) {
			err(r, "score.unknown-unit", where,
			    "Mã đơn vị chấm \"%s\" của bảng này không có trong danh sách đơn vị của %s.",
			    "The scoring unit's code \"%s\" of this sheet is not in the %s's list of units.",
			    clip(r, id->scorer_code, 40), td_kind_label(c->kind));
			skip = 1;
		} else if (!c->cross_scoring) {
			err(r, "score.foreign-cluster", where,
			    "Đây là bảng chấm chéo nhưng %s không chấm chéo.",
			    "This is a cross-scoring sheet but the %s does not use cross-scoring.",
			    td_kind_label(c->kind));
			skip = 1;
		}
	} else if (c->cross_scoring) {
		err(r, "score.foreign-cluster", where,
		    "Đây là bảng tự chấm nhưng %s chấm chéo: cần bảng chấm chéo đã phát.",
		    "This is a self-scoring sheet but the %s uses cross-scoring: the issued cross-scoring sheets are needed.",
		    td_kind_label(c->kind));
		skip = 1;
	}
	if (skip || r->fatal)
		return 1;
	for (i = 0; i < r->out->n; i++) {
		const td_sheet_scores *o = &r->out->sheets[i];

		if (o->unit != st->s.unit || o->scorer != st->s.scorer)
			continue;
		if (st->s.scorer == SIZE_MAX)
			err(r, "score.duplicate-unit", where,
			    "Đơn vị %s có hai bảng chấm điểm: %s (trang \"%s\") và %s (trang \"%s\"); chỉ đọc bảng thứ nhất. Hãy bỏ bảng thừa.",
			    "Unit %s has two scoring sheets: %s (sheet \"%s\") and %s (sheet \"%s\"); only the first is read. Remove the extra one.",
			    unit_name(c, st->s.unit), o->file, o->sheet, r->file, r->sheet);
		else
			err(r, "score.duplicate-unit", where,
			    "Có hai bảng đơn vị %s chấm đơn vị %s: %s (trang \"%s\") và %s (trang \"%s\"); chỉ đọc bảng thứ nhất.",
			    "There are two sheets of unit %s scoring unit %s: %s (sheet \"%s\") and %s (sheet \"%s\"); only the first is read.",
			    unit_name(c, st->s.scorer), unit_name(c, st->s.unit), o->file, o->sheet,
			    r->file, r->sheet);
		return 1;
	}
	if (!id->fingerprint || strcmp(id->fingerprint, r->fp) != 0)
		err(r, "score.fingerprint", where,
		    "Bộ tiêu chí đã thay đổi từ khi phát bảng này: hãy phát lại bảng chấm điểm mới cho đơn vị %s.",
		    "The criteria have changed since this sheet was issued: issue a new scoring sheet to unit %s.",
		    unit_name(c, st->s.unit));
	return 0;
}

static void check_total(rctx *r, const td_gcell *cell, uint32_t row, uint32_t col,
                        const int64_t *v, const unsigned char *has, int64_t *acc, int bad,
                        const char *what_vi, const char *what_en)
{
	int64_t typed, want;
	char *w, b1[32], b2[32], b3[32], b4[32];

	if (bad || read_total(cell, &typed) < 0)
		return;
	want = column_total(r->c, r->info, v, has, acc);
	if (typed == want)
		return;
	if (!(w = where_of(r, row, col)))
		return;
	warn(r, "score.total-differs", w,
	     "Tổng điểm %s%.0s ghi trong bảng (%s%.0s) khác tổng tính lại từ các ô điểm (%s%.0s); thidua dùng tổng tính lại.",
	     "The %.0s%s total in the sheet (%.0s%s) differs from the total recomputed from the score cells (%.0s%s); thidua uses the recomputed one.",
	     what_vi, what_en, fmt_h(b1, sizeof b1, typed, ','), fmt_h(b3, sizeof b3, typed, '.'),
	     fmt_h(b2, sizeof b2, want, ','), fmt_h(b4, sizeof b4, want, '.'));
	td_free(w);
}

/* Read one sheet that has an identity cell. */
static void read_sheet(rctx *r, const td_gsheet *sh, const td_gcell *idc)
{
	const thidua_cluster *c = r->c;
	sheet_state st;
	uint32_t cols[TD_NCOLS], code_col = idc->col, body_start, body_end = 0, prev;
	int has_header = 0, rc;
	char *idw = NULL, *code = NULL, *w = NULL;
	size_t i, j;
	grow g, hdr;

	memset(&st, 0, sizeof st);
	memset(&hdr, 0, sizeof hdr);
	r->sheet = sh->name;
	if (!(idw = where_of(r, idc->row, idc->col)))
		goto cleanup;
	rc = td_identity_parse(&st.s.id, idc->text);
	if (rc == THIDUA_ENOMEM) {
		oom(r);
		goto cleanup;
	}
	if (rc < 0) {
		err(r, "score.no-identity", idw,
		    "Ô nhận dạng của bảng đã bị sửa (\"%s\"): không biết bảng này của đơn vị nào. Hãy dùng bảng đã được phát.",
		    "The sheet's identity cell was altered (\"%s\"): which unit it belongs to is unknown. Use the sheet as issued.",
		    clip(r, idc->text, 60));
		goto cleanup;
	}
	if (check_identity(r, &st, idw))
		goto cleanup;
	if (!(st.s.file = td_strdup(r->file)) || !(st.s.sheet = td_strdup(sh->name)) ||
	    (c->n_criteria && (!(st.s.rows = td_calloc(c->n_criteria, sizeof *st.s.rows)) ||
	                       !(st.row_of = td_calloc(c->n_criteria, sizeof *st.row_of)) ||
	                       !(st.self = td_calloc(c->n_criteria, sizeof *st.self)) ||
	                       !(st.clus = td_calloc(c->n_criteria, sizeof *st.clus)) ||
	                       !(st.acc = td_calloc(4 * c->n_criteria, sizeof *st.acc)) ||
	                       !(st.has_self = td_calloc(c->n_criteria, 1)) ||
	                       !(st.has_clus = td_calloc(c->n_criteria, 1))))) {
		oom(r);
		goto cleanup;
	}
	/* the header row and the end of the table: the last row with a key */
	for (i = 0; i < sh->n; i++) {
		const td_gcell *cc = &sh->cells[i];

		if (cc->col != code_col || cc->row <= idc->row || blank(cell_str(cc)))
			continue;
		if (!has_header && strcmp(cell_str(cc), TD_KEY_HEADER) == 0) {
			has_header = 1;
			hdr.row = cc->row;
		}
		body_end = cc->row + 1;
	}
	for (i = 0; i < TD_NCOLS; i++)
		cols[i] = (uint32_t)i;
	cols[TD_COL_CODE] = code_col;
	if (has_header) {
		for (i = 0; i < sh->n && sh->cells[i].row < hdr.row; i++)
			;
		hdr.b = sh->cells + i;
		for (; i < sh->n && sh->cells[i].row == hdr.row; i++)
			;
		hdr.e = sh->cells + i;
		map_columns(r, &hdr, code_col, cols);
		body_start = hdr.row + 1;
	} else {
		if ((w = where_of(r, idc->row, code_col)))
			err(r, "score.criteria-changed", w,
			    "Không thấy dòng tiêu đề của bảng (TT | Nội dung tiêu chí | Điểm chuẩn | …): cấu trúc bảng đã bị sửa.",
			    "The table's header row (TT | Nội dung tiêu chí | Điểm chuẩn | …) is not there: the sheet's structure was altered.");
		body_start = idc->row + 1;
	}
	if (r->fatal)
		goto cleanup;
	/* the rows of the table */
	for (i = 0; i < sh->n && !r->fatal;) {
		const td_gcell *kc;

		g.row = sh->cells[i].row;
		g.b = sh->cells + i;
		for (j = i; j < sh->n && sh->cells[j].row == g.row; j++)
			;
		g.e = sh->cells + j;
		i = j;
		if (g.row < body_start || g.row >= body_end)
			continue;
		kc = row_cell(&g, code_col);
		td_free(code);
		if (!(code = trimmed(cell_str(kc)))) {
			oom(r);
			break;
		}
		if (!*code) {
			st.structure_bad |= unknown_row(r, &g, code, cols);
			continue;
		}
		if (code[0] == '=') {
			if (strcmp(code, TD_KEY_TOTAL) == 0) {
				st.total_self = row_cell(&g, cols[TD_COL_SELF]);
				st.total_clus = row_cell(&g, cols[TD_COL_CLUSTER]);
				st.total_row = g.row;
			} else if (strcmp(code, TD_KEY_BASE) != 0 && strcmp(code, TD_KEY_BONUS) != 0 &&
			           strcmp(code, TD_KEY_DEDUCT) != 0 && strcmp(code, TD_KEY_HEADER) != 0) {
				st.structure_bad |= unknown_row(r, &g, code, cols);
			}
			continue;
		}
		for (j = 0; j < c->n_criteria; j++)
			if (c->criteria[j].code && strcmp(c->criteria[j].code, code) == 0)
				break;
		if (j == c->n_criteria)
			st.structure_bad |= unknown_row(r, &g, code, cols);
		else
			criterion_row(r, &st, &g, j, cols);
	}
	if (r->fatal)
		goto cleanup;
	/* rows that are not there */
	prev = has_header ? hdr.row : idc->row;
	for (i = 0; i < c->n_criteria && !r->fatal; i++) {
		const td_criterion *k = &c->criteria[i];

		if (st.row_of[i]) {
			prev = st.row_of[i] - 1;
			continue;
		}
		td_free(w);
		st.structure_bad = 1;
		if (!(w = where_of(r, prev, cols[TD_COL_TT])))
			break;
		err(r, "score.row-missing", w,
		    "Thiếu dòng của tiêu chí %s \"%s\" (đáng lẽ ở sau dòng %u): bảng đã bị xoá dòng.",
		    "The row of criterion %s \"%s\" is missing (it belongs after row %u): a row was deleted.",
		    k->code, clip(r, k->text ? k->text : "", 60), (unsigned)prev + 1);
	}
	/* the totals, unless rows are missing, doubled or unknown (their
	 * problems say more than a total would) */
	if (st.total_self || st.total_clus) {
		int64_t t;

		check_total(r, st.total_self, st.total_row, cols[TD_COL_SELF], st.self, st.has_self,
		            st.acc, st.bad_self || st.structure_bad, "tự chấm", "self-scored");
		check_total(r, st.total_clus, st.total_row, cols[TD_COL_CLUSTER], st.clus,
		            st.has_clus, st.acc, st.bad_clus || st.structure_bad, "thẩm định", "verified");
		if (read_total(st.total_self, &t) == 0) {
			st.s.has_typed_total = 1;
			st.s.typed_total = t;
			if (!(st.s.where_total = where_of(r, st.total_row, cols[TD_COL_SELF])))
				goto cleanup;
		}
	}
	if (!r->fatal)
		push_sheet(r, &st.s);
cleanup:
	state_clear(&st);
	td_free(idw);
	td_free(code);
	td_free(w);
}

/* ---- one file ------------------------------------------------------------ */

static const td_gcell *identity_cell(const td_gsheet *sh)
{
	size_t i;
	const td_gcell *first = NULL;

	for (i = 0; i < sh->n; i++) {
		const td_gcell *c = &sh->cells[i];

		if (c->type != TD_G_STRING || !c->text ||
		    strncmp(c->text, ID_MARK, strlen(ID_MARK)) != 0)
			continue;
		if (c->row == TD_ROW_ID && c->col == TD_COL_CODE)
			return c;
		if (!first)
			first = c;
	}
	return first;
}

static void unreadable(rctx *r, int rc)
{
	const thidua_error *e = thidua_error_last();
	char vi[512], en[512];

	if (rc == THIDUA_ENOMEM) {
		r->fatal = THIDUA_ENOMEM;
		return;
	}
	snprintf(vi, sizeof vi, "%s", e && e->message_vi ? e->message_vi : "?");
	snprintf(en, sizeof en, "%s", e && e->message_en ? e->message_en : "?");
	err(r, "score.unreadable", NULL, "Không đọc được tệp: %s%.0s", "Cannot read the file: %.0s%s",
	    vi, en);
}

/* Read one file. in_folder: it was found in a folder rather than named;
 * a spreadsheet there with no identity at all (the summary of an earlier
 * tally, a list of the cluster's own) is passed over with a warning, not
 * refused. */
static void read_file(rctx *r, const char *path, int in_folder)
{
	td_grid g = TD_GRID_INIT;
	td_file_kind kind;
	size_t i, found = 0;
	int rc;

	r->file = path;
	rc = td_file_sniff(&kind, path);
	if (rc) {
		unreadable(r, rc);
		goto cleanup;
	}
	switch (kind) {
	case TD_FILE_ZIP_OOXML:
	case TD_FILE_OLE:
		rc = td_grid_read_xlsx(&g, path);
		break;
	case TD_FILE_ZIP_ODF:
	case TD_FILE_XML:
		rc = td_grid_read_ods(&g, path);
		break;
	case TD_FILE_EMPTY:
		rc = td_error(THIDUA_EFORMAT, "Tệp %s rỗng.", "%s is empty.", path);
		break;
	default:
		rc = td_error(THIDUA_EFORMAT,
		              "Tệp %s không phải bảng tính .ods hay .xlsx.",
		              "%s is neither an .ods nor an .xlsx spreadsheet.", path);
		break;
	}
	if (rc) {
		unreadable(r, rc);
		goto cleanup;
	}
	for (i = 0; i < g.n && !r->fatal; i++) {
		const td_gcell *idc = identity_cell(&g.sheets[i]);

		if (!idc)
			continue;
		found++;
		read_sheet(r, &g.sheets[i], idc);
	}
	if (!found && !r->fatal) {
		char *w = NULL;

		if (g.n > 0) {
			r->sheet = g.sheets[0].name;
			if (!(w = where_of(r, TD_ROW_ID, TD_COL_CODE)))
				goto cleanup;
		}
		if (in_folder)
			warn(r, "score.no-identity", w,
			     "Tệp này không phải bảng chấm điểm do thidua phát (không có ô nhận dạng) nên không được đọc.",
			     "This file is not a scoring sheet issued by thidua (it has no identity cell), so it is not read.");
		else
			err(r, "score.no-identity", w,
			    "Tệp này không phải bảng chấm điểm do thidua phát (không có ô nhận dạng): hãy dùng bảng đã được phát cho đơn vị.",
			    "This file is not a scoring sheet issued by thidua (it has no identity cell): use the sheet issued to the unit.");
		td_free(w);
	}
cleanup:
	r->file = NULL;
	r->sheet = NULL;
	td_grid_clear(&g);
}

/* ---- inputs ---------------------------------------------------------------- */

static int has_ext(const char *name, const char *const *exts)
{
	const char *dot = strrchr(name, '.');

	for (; dot && *exts; exts++)
		if (strcasecmp(dot + 1, *exts) == 0)
			return 1;
	return 0;
}

static const char *const read_exts[] = { "ods", "fods", "xlsx", NULL };
/* Files a unit may have sent instead of the sheet: reported, not read. */
static const char *const other_exts[] = { "xls", "xlsm", "xlsb", "ots", "xltx", "csv", "odt",
	                                      "fodt", "doc", "docx", "pdf", NULL };

/* 1 when the file was seen before (the same file named twice), else
 * records it. */
static int seen_before(rctx *r, const struct stat *sb)
{
	size_t i;

	for (i = 0; i < r->n_seen; i++)
		if (r->seen[i].dev == sb->st_dev && r->seen[i].ino == sb->st_ino)
			return 1;
	if (r->n_seen == r->cap_seen) {
		size_t cap = r->cap_seen ? r->cap_seen * 2 : 16;
		file_id *n = td_realloc(r->seen, cap * sizeof *n);
		if (!n) {
			oom(r);
			return 1;
		}
		r->seen = n;
		r->cap_seen = cap;
	}
	r->seen[r->n_seen].dev = sb->st_dev;
	r->seen[r->n_seen].ino = sb->st_ino;
	r->n_seen++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void read_dir(rctx *r, const char *dir, const struct stat *data_sb)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	td_buf p = TD_BUF_INIT;

	if (!d) {
		r->file = dir;
		err(r, "score.unreadable", NULL, "Không mở được thư mục %s: %s",
		    "Cannot open the folder %s: %s", dir, strerror(errno));
		r->file = NULL;
		return;
	}
	while ((e = readdir(d)) != NULL) {
		char *s;

		if (e->d_name[0] == '.' || (e->d_name[0] == '~' && e->d_name[1] == '$'))
			continue; /* hidden, LibreOffice (.~lock.*#) and Excel (~$*) lock files */
		if (!has_ext(e->d_name, read_exts) && !has_ext(e->d_name, other_exts))
			continue;
		if (n >= MAX_DIR_FILES)
			break;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			char **nn = td_realloc(names, nc * sizeof *nn);
			if (!nn) {
				oom(r);
				goto cleanup;
			}
			names = nn;
			cap = nc;
		}
		if (!(s = td_strdup(e->d_name))) {
			oom(r);
			goto cleanup;
		}
		names[n++] = s;
	}
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n && !r->fatal; i++) {
		struct stat sb;

		td_buf_clear(&p);
		td_buf_printf(&p, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
		if (td_buf_oom(&p)) {
			oom(r);
			break;
		}
		if (stat(p.ptr, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		if (data_sb && sb.st_dev == data_sb->st_dev && sb.st_ino == data_sb->st_ino)
			continue; /* the cluster's own data workbook */
		if (!has_ext(names[i], read_exts)) {
			r->file = p.ptr;
			warn(r, "score.unreadable", NULL,
			     "Tệp %s không phải bảng .ods hay .xlsx nên không được đọc; nếu đây là bảng chấm điểm, hãy lưu lại dạng .ods hoặc .xlsx.",
			     "%s is neither an .ods nor an .xlsx sheet, so it is not read; if it is a scoring sheet, save it as .ods or .xlsx.",
			     p.ptr);
			r->file = NULL;
			continue;
		}
		if (seen_before(r, &sb))
			continue;
		read_file(r, p.ptr, 1);
	}
cleanup:
	for (i = 0; i < n; i++)
		td_free(names[i]);
	td_free(names);
	td_buf_free(&p);
	closedir(d);
}

/* Units (or scorer/scored pairs) without a sheet. */
static void check_missing(rctx *r)
{
	const thidua_cluster *c = r->c;
	size_t nu = c->n_units, i, u, s;
	unsigned char *have = NULL;
	size_t *sent = NULL;

	r->file = c->source;
	if (nu == 0)
		goto cleanup;
	if (!c->cross_scoring) {
		if (!(have = td_calloc(nu, 1))) {
			oom(r);
			goto cleanup;
		}
		for (i = 0; i < r->out->n; i++)
			if (r->out->sheets[i].unit < nu)
				have[r->out->sheets[i].unit] = 1;
		for (u = 0; u < nu && !r->fatal; u++)
			if (!have[u])
				err(r, "score.missing-unit", c->units[u].where,
				    "Chưa có bảng tự chấm điểm của đơn vị %s (mã %s).",
				    "There is no scoring sheet from unit %s (code %s).",
				    unit_name(c, u), c->units[u].code ? c->units[u].code : "?");
		goto cleanup;
	}
	if (nu > SIZE_MAX / nu || !(have = td_calloc(nu * nu, 1)) ||
	    !(sent = td_calloc(nu, sizeof *sent))) {
		oom(r);
		goto cleanup;
	}
	for (i = 0; i < r->out->n; i++) {
		const td_sheet_scores *sh = &r->out->sheets[i];
		if (sh->scorer < nu && sh->unit < nu) {
			have[sh->scorer * nu + sh->unit] = 1;
			sent[sh->scorer]++;
		}
	}
	for (s = 0; s < nu && !r->fatal; s++) {
		if (!sent[s]) {
			err(r, "score.missing-unit", c->units[s].where,
			    "Chưa có bảng chấm chéo nào của đơn vị %s (mã %s).",
			    "There is no cross-scoring sheet from unit %s (code %s).", unit_name(c, s),
			    c->units[s].code ? c->units[s].code : "?");
			continue;
		}
		for (u = 0; u < nu && !r->fatal; u++)
			if (u != s && !have[s * nu + u])
				err(r, "score.missing-unit", c->units[s].where,
				    "Chưa có bảng đơn vị %s chấm đơn vị %s.",
				    "There is no sheet of unit %s scoring unit %s.", unit_name(c, s),
				    unit_name(c, u));
	}
cleanup:
	r->file = NULL;
	td_free(have);
	td_free(sent);
}

int td_scores_read(td_scores_set *out, const thidua_cluster *c, const char *const *inputs,
                   size_t n_inputs, thidua_diags *diags)
{
	rctx r;
	struct stat data_sb;
	int have_data = 0, rc;
	size_t i;

	if (!out || !c || (n_inputs && !inputs))
		return td_error(THIDUA_EINVAL, "Thiếu đối số.", "Missing argument.");
	memset(out, 0, sizeof *out);
	memset(&r, 0, sizeof r);
	r.diags = diags;
	r.out = out;
	rc = ctx_init(&r, c);
	if (rc) {
		r.fatal = rc == THIDUA_ENOMEM ? rc : THIDUA_ENOMEM;
		td_error_oom();
		goto cleanup;
	}
	if (c->source && stat(c->source, &data_sb) == 0)
		have_data = 1;
	for (i = 0; i < n_inputs && !r.fatal; i++) {
		const char *in = inputs[i];
		struct stat sb;

		if (!in)
			continue;
		if (stat(in, &sb) != 0) {
			r.file = in;
			err(&r, "score.unreadable", NULL, "Không mở được %s: %s", "Cannot open %s: %s", in,
			    strerror(errno));
			r.file = NULL;
			continue;
		}
		if (S_ISDIR(sb.st_mode)) {
			read_dir(&r, in, have_data ? &data_sb : NULL);
			continue;
		}
		if (!S_ISREG(sb.st_mode)) {
			r.file = in;
			err(&r, "score.unreadable", NULL, "%s không phải là một tệp.",
			    "%s is not a regular file.", in);
			r.file = NULL;
			continue;
		}
		if (seen_before(&r, &sb))
			continue;
		read_file(&r, in, 0);
	}
	if (!r.fatal)
		check_missing(&r);
cleanup:
	rc = r.fatal;
	ctx_clear(&r);
	if (rc) {
		td_scores_set_clear(out);
		return td_error_oom();
	}
	return 0;
}
