/* sheet_write.c - writing the scoring sheets (Bảng tự chấm điểm) of one
 * unit, and the sheets of one scoring body: an .ods whose content.xml is
 * generated from the cluster's criteria (layout: form/form.h; rows and
 * formulas: sheet_rows.c; entry cells: sheet_valid.c; header and
 * signatures: sheet_head.c) and whose styles, column widths and page setup
 * come from the template (sheet_tpl.c, docs/scoring-sheet.md).
 *
 * ODF 1.3 Part 3: tables 9.1, content validations 9.4.4-9.4.7, formulas
 * (OpenFormula, "of:" namespace) 19.642, cell protection 20.246. */
#include "sheets/sheets.h"
#include "sheets/sheets_int.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/diag.h"
#include "util/error.h"
#include "util/random.h"
#include "util/sha2.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define SIGN_ROWS 7     /* date, titles, hints, four rows to sign in */

/* ---- criteria ----------------------------------------------------------- */

static int crit_problem(thidua_diags *diags, const td_criterion *k, const char *vi,
                        const char *en)
{
	if (td_diag_add(diags, THIDUA_SEV_ERROR, "sheet.criteria", NULL, k ? k->where : NULL,
	                NULL, NULL, "%s", "%s", vi, en) < 0)
		return td_error_oom();
	return td_error(THIDUA_EDATA, "%s", "%s", vi, en);
}

/* Leaves, classes, limits and sections of the criteria (td_crit_analyse),
 * with a located message when the criteria cannot make a sheet. */
static int analyse(td_crit_info **out, const thidua_cluster *c, thidua_diags *diags)
{
	td_crit_info *info;
	size_t i;

	*out = NULL;
	if (c->n_criteria == 0)
		return crit_problem(diags, NULL, "Chưa có tiêu chí chấm điểm (trang Tiêu chí).",
		                    "There are no scoring criteria (sheet Tiêu chí).");
	info = td_calloc(c->n_criteria, sizeof *info);
	if (!info)
		return td_error_oom();
	if (td_crit_analyse(info, c) < 0) {
		for (i = 0; i < c->n_criteria; i++)
			if (!c->criteria[i].code || !*c->criteria[i].code ||
			    (c->criteria[i].parent != SIZE_MAX && c->criteria[i].parent >= i))
				break;
		td_free(info);
		if (i < c->n_criteria && (!c->criteria[i].code || !*c->criteria[i].code))
			return crit_problem(diags, &c->criteria[i], "Tiêu chí không có mã.",
			                    "A criterion has no code.");
		return crit_problem(diags, i < c->n_criteria ? &c->criteria[i] : NULL,
		                    "Tiêu chí đứng trước mục cha của nó.",
		                    "A criterion comes before its parent.");
	}
	*out = info;
	return 0;
}

/* Every TARGET / LEADER row of the table's unit has its target (the
 * loader requires one; a sheet without it could not compute). */
static int check_targets(gen *g, thidua_diags *diags)
{
	const thidua_cluster *c = g->c;
	const td_unit *u = &c->units[g->unit];
	size_t i;
	int rc = 0;

	for (i = 0; i < c->n_criteria; i++) {
		const td_crit_info *x = &g->info[i];
		if (!x->takes_entry || x->cls == TD_CRIT_CONDITION ||
		    (x->method != TD_METHOD_TARGET && x->method != TD_METHOD_LEADER) ||
		    g->crow[i] == UINT32_MAX || unit_target(g, g->unit, i) > 0)
			continue;
		if (td_diag_add(diags, THIDUA_SEV_ERROR, "sheet.no-target", NULL, c->criteria[i].where,
		                NULL, NULL,
		                "Tiêu chí %s chấm theo chỉ tiêu nhưng đơn vị %s chưa có chỉ tiêu giao (trang Chỉ tiêu giao).",
		                "Criterion %s is scored against a target but unit %s has no target (sheet Chỉ tiêu giao).",
		                c->criteria[i].code, u->code ? u->code : "?") < 0)
			return td_error_oom();
		rc = td_error(THIDUA_EDATA, "Thiếu chỉ tiêu giao.", "A target is missing.");
	}
	return rc;
}

/* ---- one table ---------------------------------------------------------- */

static void layout_rows(layout *L, const gen *g, size_t nrows)
{
	memset(L, 0, sizeof *L);
	L->cross = g->scorer != NULL;
	L->body = g->body_ix != SIZE_MAX;
	L->totals = !L->body;
	L->title = 3;
	L->unit = L->title + 1;
	L->hint = L->unit + (L->cross || L->body ? 2 : 1);
	L->header = L->hint + 2;
	L->first = L->header + 1;
	L->base = L->first + (uint32_t)nrows;
	if (L->totals) {
		L->bonus = L->base + 1;
		L->deduct = L->bonus + 1;
		L->total = L->deduct + 1;
	} else {
		L->total = L->base - 1;
	}
	L->sign = L->total + 2;
	L->last = L->sign + SIGN_ROWS - 1;
}

/* The quoted form of a table name for references: 'It''s'. */
static char *quote_name(const char *name)
{
	td_buf b = TD_BUF_INIT;
	const char *p;

	td_buf_putc(&b, '\'');
	for (p = name; *p; p++) {
		if (*p == '\'')
			td_buf_putc(&b, '\'');
		td_buf_putc(&b, *p);
	}
	td_buf_putc(&b, '\'');
	if (td_buf_oom(&b)) {
		td_buf_free(&b);
		return NULL;
	}
	return td_buf_detach(&b);
}

/* The columns of the current table: all of form.h's, or, in a body's
 * table, without the verification pair. */
static void set_columns(gen *g)
{
	int i;

	for (i = 0; i < TD_NCOLS; i++)
		g->pc[i] = i;
	if (g->body_ix != SIZE_MAX) {
		g->pc[TD_COL_CLUSTER_IN] = g->pc[TD_COL_CLUSTER] = -1;
		g->pc[TD_COL_NOTE] = TD_BODY_COL_NOTE;
		g->pc[TD_COL_CODE] = TD_BODY_COL_CODE;
	}
	g->nvis = (unsigned)g->pc[TD_COL_CODE];
}

/* ---- what a thread remembers ------------------------------------------- */

struct td_sheet_cache {
	td_zcache *z;             /* owned */
	/* the rows of a one-table sheet: valid when rows != NULL */
	char *qname;              /* owned: the table they were written in */
	int64_t *targets;         /* owned: the unit's targets they show */
	size_t n_targets;
	char *rows, *vals;        /* owned: the rows, the validations */
	size_t rows_len, vals_len;
	unsigned nval;
};

td_sheet_cache *td_sheet_cache_new(void)
{
	td_sheet_cache *c = td_calloc(1, sizeof *c);

	if (c && !(c->z = td_zcache_new())) {
		td_free(c);
		c = NULL;
	}
	return c;
}

static void rows_forget(td_sheet_cache *c)
{
	td_free(c->qname);
	td_free(c->targets);
	td_free(c->rows);
	td_free(c->vals);
	c->qname = c->rows = c->vals = NULL;
	c->targets = NULL;
	c->n_targets = c->rows_len = c->vals_len = 0;
	c->nval = 0;
}

void td_sheet_cache_free(td_sheet_cache *c)
{
	if (!c)
		return;
	rows_forget(c);
	td_zcache_free(c->z);
	td_free(c);
}

/* The targets the rows of the current table show (those of its TARGET and
 * LEADER rows, in order): what, besides the table, the rows depend on.
 * *out owned by the caller; -1 when out of memory. */
static int row_targets(gen *g, int64_t **out, size_t *n)
{
	const thidua_cluster *c = g->c;
	size_t i, k = 0;

	*out = NULL;
	*n = 0;
	for (i = 0; i < c->n_criteria; i++)
		if (g->crow[i] != UINT32_MAX &&
		    (g->info[i].method == TD_METHOD_TARGET || g->info[i].method == TD_METHOD_LEADER))
			k++;
	if (!k)
		return 0;
	if (!(*out = td_calloc(k, sizeof **out)))
		return -1;
	for (i = 0; i < c->n_criteria; i++)
		if (g->crow[i] != UINT32_MAX &&
		    (g->info[i].method == TD_METHOD_TARGET || g->info[i].method == TD_METHOD_LEADER))
			(*out)[(*n)++] = unit_target(g, g->unit, i);
	return 0;
}

/* The criteria rows and totals of the current table. A one-table sheet
 * (no validation yet) whose rows this thread wrote last time, in the same
 * table with the same targets, gets them again: the same text, the same
 * validations, numbered the same. */
static void criteria_rows(gen *g, const layout *L)
{
	td_sheet_cache *m = g->cache;
	const thidua_cluster *c = g->c;
	int64_t *t = NULL;
	size_t i, nt = 0, rows_at = g->body.len;
	int memo = m && g->one_table && g->nval == 0 && g->vals.len == 0 && g->nsig == 0 &&
	           !g->rc && row_targets(g, &t, &nt) == 0;

	if (memo && m->rows && !strcmp(m->qname, g->qname) && m->n_targets == nt &&
	    (!nt || !memcmp(m->targets, t, nt * sizeof *t))) {
		td_buf_put(&g->body, m->rows, m->rows_len);
		td_buf_put(&g->vals, m->vals, m->vals_len);
		g->nval = m->nval;
		td_free(t);
		return;
	}
	for (i = 0; i < c->n_criteria; i++)
		if (g->crow[i] != UINT32_MAX)
			criterion_row(g, i);
	if (L->totals) {
		total_row(g, L, TD_CRIT_ITEM);
		total_row(g, L, TD_CRIT_BONUS);
		total_row(g, L, TD_CRIT_DEDUCTION);
		total_row(g, L, TD_CRIT_SECTION);
	}
	if (!memo || g->rc || td_buf_oom(&g->body) || td_buf_oom(&g->vals)) {
		td_free(t);
		return;
	}
	/* remember them; out of memory only means they are not */
	rows_forget(m);
	m->qname = td_strdup(g->qname);
	m->rows = td_malloc(g->body.len - rows_at + 1);
	m->vals = td_malloc(g->vals.len + 1);
	if (!m->qname || !m->rows || !m->vals) {
		rows_forget(m);
		td_free(t);
		return;
	}
	m->rows_len = g->body.len - rows_at;
	memcpy(m->rows, g->body.ptr + rows_at, m->rows_len);
	m->vals_len = g->vals.len;
	if (m->vals_len)
		memcpy(m->vals, g->vals.ptr, m->vals_len);
	m->targets = t;
	m->n_targets = nt;
	m->nval = g->nval;
}

/* Mark the end of a piece of content.xml here (sheet_write.c, put_content):
 * what comes between two marks is often the same in every file of a call
 * (the criteria rows), and then deflated once. */
static void cut(gen *g)
{
	if (g->ncuts == g->capcuts) {
		size_t cap = g->capcuts ? 2 * g->capcuts : 8;
		size_t *n = td_realloc(g->cuts, cap * sizeof *n);

		if (!n) {
			gen_fail(g, td_error_oom());
			return;
		}
		g->cuts = n;
		g->capcuts = cap;
	}
	g->cuts[g->ncuts++] = g->body.len;
}

/* Write the table of unit g->unit (scorer, body as set in g). */
static int write_table(gen *g, const char *tname, thidua_diags *diags)
{
	const thidua_cluster *c = g->c;
	const td_unit *unit = &c->units[g->unit];
	layout L;
	char *identity = NULL;
	size_t i, nrows = 0;
	int col, rc;

	set_columns(g);
	valid_reset(g);
	td_free(g->qname);
	g->qname = quote_name(tname);
	if (!g->qname)
		return td_error_oom();
	for (i = 0; i < c->n_criteria; i++)
		g->crow[i] = row_in_table(g, i) ? (uint32_t)nrows++ : UINT32_MAX;
	layout_rows(&L, g, nrows);
	for (i = 0; i < c->n_criteria; i++)
		if (g->crow[i] != UINT32_MAX)
			g->crow[i] += L.first;
	rc = check_targets(g, diags);
	if (rc < 0)
		return rc;
	identity = g->body_ix != SIZE_MAX ? td_identity_format_body(c, unit, &c->bodies[g->body_ix])
	                                  : td_identity_format(c, unit, g->scorer);
	if (!identity) {
		const thidua_error *e = thidua_error_last();
		return e && e->code < 0 ? e->code : td_error_oom();
	}

	cut(g);
	td_buf_puts(&g->body, "<table:table table:name=\"");
	td_buf_put_xml(&g->body, tname, strlen(tname), 1);
	td_buf_puts(&g->body, "\"");
	if (g->t->table_style) {
		td_buf_puts(&g->body, " table:style-name=\"");
		td_buf_put_xml(&g->body, g->t->table_style, strlen(g->t->table_style), 1);
		td_buf_puts(&g->body, "\"");
	}
	td_buf_puts(&g->body, " table:protected=\"true\"");
	if (g->prot_key && g->body_ix == SIZE_MAX) {
		td_buf_puts(&g->body, " table:protection-key=\"");
		td_buf_put_xml(&g->body, g->prot_key, strlen(g->prot_key), 1);
		td_buf_puts(&g->body, "\" table:protection-key-digest-algorithm="
		                      "\"http://www.w3.org/2000/09/xmldsig#sha256\"");
	}
	td_buf_puts(&g->body, " table:print-ranges=\"");
	td_buf_put_xml(&g->body, g->qname, strlen(g->qname), 1);
	td_buf_puts(&g->body, ".A1:");
	td_buf_put_xml(&g->body, g->qname, strlen(g->qname), 1);
	td_buf_printf(&g->body, ".%c%" PRIu32 "\">", 'A' + g->nvis - 1, L.last + 1);
	for (col = 0; col < TD_NCOLS; col++) {
		const char *st = g->t->col_style[col], *dc = g->t->col_default[col];
		if (g->pc[col] < 0)
			continue;
		td_buf_puts(&g->body, "<table:table-column");
		if (st) {
			td_buf_puts(&g->body, " table:style-name=\"");
			td_buf_put_xml(&g->body, st, strlen(st), 1);
			td_buf_putc(&g->body, '"');
		}
		if (col == TD_COL_CODE)
			td_buf_puts(&g->body, " table:visibility=\"collapse\"");
		if (dc) {
			td_buf_puts(&g->body, " table:default-cell-style-name=\"");
			td_buf_put_xml(&g->body, dc, strlen(dc), 1);
			td_buf_putc(&g->body, '"');
		}
		td_buf_puts(&g->body, "/>");
	}
	header_block(g, &L, identity);
	column_header(g);
	cut(g);
	criteria_rows(g, &L);
	cut(g);
	signatures(g, &L);
	td_buf_puts(&g->body, "</table:table>");
	td_free(identity);
	return g->rc;
}

/* ---- table names -------------------------------------------------------- */

/* A table name from a unit code: no []*?:/\' (refused by spreadsheet
 * programs), at most 31 characters with a " (n)" suffix, unique among names[0..n). */
static char *table_name(const char *code, char *const *names, size_t n)
{
	td_buf b = TD_BUF_INIT;
	const unsigned char *p = (const unsigned char *)(code && *code ? code : "Đơn vị");
	size_t chars = 0, base_len, i;
	unsigned k;

	for (; *p; p++) {
		if ((*p & 0xC0) != 0x80 && chars++ == 26)
			break;
		if (*p < 0x80 && (strchr("[]*?:/\\'", *p) || *p < 0x20))
			td_buf_putc(&b, '-');
		else
			td_buf_putc(&b, (char)*p);
	}
	base_len = b.len;
	for (k = 2; !td_buf_oom(&b); k++) {
		int dup = 0;
		for (i = 0; i < n && !dup; i++)
			dup = !strcmp(names[i], td_buf_cstr(&b));
		if (!dup)
			break;
		b.len = base_len;
		td_buf_printf(&b, " (%u)", k);
	}
	if (td_buf_oom(&b)) {
		td_buf_free(&b);
		return NULL;
	}
	return td_buf_detach(&b);
}

/* ---- the file ----------------------------------------------------------- */

/* content.xml into out, and the ends of its pieces into g->ends (the
 * head and validations, then the body's pieces as cut, then the end). */
static int put_content(gen *g, td_buf *out)
{
	size_t i, body_at;

	td_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content");
	for (i = 0; i < td_sheet_n_ns; i++)
		td_buf_printf(out, " xmlns:%s=\"%s\"", td_sheet_ns[i][0], td_sheet_ns[i][1]);
	td_buf_put(out, td_buf_cstr(&g->t->ns), g->t->ns.len);
	td_buf_puts(out, " office:version=\"1.3\">");
	td_buf_put(out, td_buf_cstr(&g->t->decls), g->t->decls.len);
	td_buf_puts(out, "<office:body><office:spreadsheet>");
	if (g->vals.len) {
		td_buf_puts(out, "<table:content-validations>");
		td_buf_put(out, g->vals.ptr, g->vals.len);
		td_buf_puts(out, "</table:content-validations>");
	}
	body_at = out->len;
	td_buf_put(out, td_buf_cstr(&g->body), g->body.len);
	td_buf_puts(out, "</office:spreadsheet></office:body></office:document-content>\n");
	if (td_buf_oom(out) || td_buf_oom(&g->body) || td_buf_oom(&g->vals))
		return td_error_oom();
	if (!(g->ends = td_calloc(g->ncuts + 1, sizeof *g->ends)))
		return td_error_oom();
	for (i = 0; i < g->ncuts; i++)
		g->ends[g->nends++] = body_at + g->cuts[i];
	g->ends[g->nends++] = out->len;
	return 0;
}

/* The tables of one file: a unit's (unit < n_units; body SIZE_MAX) or a
 * body's (one table per unit). */
static int build_content(gen *g, td_buf *out, size_t unit, size_t body, thidua_diags *diags)
{
	const thidua_cluster *c = g->c;
	char **names = NULL;
	size_t i, nt = 0, ntables;
	int rc = 0;

	ntables = body != SIZE_MAX ? c->n_units : c->cross_scoring ? c->n_units - 1 : 1;
	g->crow = td_calloc(c->n_criteria, sizeof *g->crow);
	names = td_calloc(ntables, sizeof *names);
	if (!g->crow || !names) {
		rc = td_error_oom();
		goto cleanup;
	}
	g->body_ix = body;
	g->one_table = body == SIZE_MAX && !c->cross_scoring;
	if (body != SIZE_MAX || c->cross_scoring) {
		for (i = 0; i < c->n_units; i++) {
			if (body == SIZE_MAX && i == unit)
				continue;
			names[nt] = table_name(c->units[i].code, names, nt);
			if (!names[nt]) {
				rc = td_error_oom();
				goto cleanup;
			}
			nt++;
			g->unit = i;
			g->scorer = body == SIZE_MAX ? &c->units[unit] : NULL;
			rc = write_table(g, names[nt - 1], diags);
			if (rc < 0)
				goto cleanup;
		}
	} else {
		names[nt] = td_strdup("Tự chấm điểm");
		if (!names[nt]) {
			rc = td_error_oom();
			goto cleanup;
		}
		nt++;
		g->unit = unit;
		g->scorer = NULL;
		rc = write_table(g, names[0], diags);
		if (rc < 0)
			goto cleanup;
	}
	rc = put_content(g, out);
cleanup:
	for (i = 0; i < nt; i++)
		td_free(names[i]);
	td_free(names);
	return rc;
}

static int build_meta(td_buf *out, const thidua_cluster *c, const char *who, int scoring)
{
	td_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-meta "
	                 "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
	                 "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" "
	                 "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" office:version=\"1.3\">"
	                 "<office:meta><meta:generator>thidua/" THIDUA_VERSION "</meta:generator>"
	                 "<dc:title>");
	td_buf_printf(out, "%s năm %d - ", scoring ? "Bảng chấm điểm thi đua" :
	              "Bảng tự chấm điểm thi đua", c->year);
	td_buf_put_xml(out, who ? who : "", who ? strlen(who) : 0, 0);
	td_buf_puts(out, "</dc:title><dc:language>vi-VN</dc:language></office:meta>"
	                 "</office:document-meta>\n");
	return td_buf_oom(out) ? td_error_oom() : 0;
}

/* A flat template's styles.xml, deflated once for every sheet of a call
 * (the same bytes each sheet would deflate it to). */
typedef struct fixed_part {
	char *z;               /* owned; NULL: copy the part at each sheet */
	size_t zlen;
	uint64_t size;
	uint32_t crc;
	const char *media_type; /* borrowed from the template */
} fixed_part;

/* What the files of one call share (td_sheet_gen), or NULL members. */
typedef struct shared_parts {
	const tpl *t;             /* the template, parsed */
	const fixed_part *styles; /* its styles.xml, deflated */
	char *const *sigs;        /* each criterion's rule signature */
	const size_t *tgt_start;  /* the targets given by unit (gen) */
	const size_t *tgt_idx;
	/* the password's hashes (td_sheet_gen_set_password) for a unit's
	 * sheet, or NULL: ODF table:protection-key, .xlsx sheetProtection */
	const char *odf_key;
	const char *xlsx_prot;
} shared_parts;

/* One file: the sheet of a unit (body SIZE_MAX) or of a body. */
static int write_file(const thidua_cluster *c, size_t unit, size_t body,
                      const char *template_path, const shared_parts *sp,
                      const char *out_path, unsigned pkg_flags, int xlsx, td_sheet_cache *cache,
                      thidua_diags *diags)
{
	const tpl *shared = sp ? sp->t : NULL;
	const fixed_part *styles = sp ? sp->styles : NULL;
	tpl t;
	gen g;
	td_buf content = TD_BUF_INIT, meta = TD_BUF_INIT;
	td_pkg_writer *w = NULL;
	size_t n;
	int rc;

	memset(&t, 0, sizeof t);
	memset(&g, 0, sizeof g);
	if (c->cross_scoring && c->n_units < 2) {
		if (td_diag_add_msg(diags, THIDUA_SEV_ERROR, "sheet.cross-one-unit", NULL, c->where,
		                    NULL, NULL, "Chấm chéo cần ít nhất hai đơn vị.",
		                    "Cross-scoring needs at least two units.") < 0)
			return td_error_oom();
		return td_error(THIDUA_EDATA, "Chấm chéo cần ít nhất hai đơn vị.",
		                "Cross-scoring needs at least two units.");
	}
	g.c = c;
	g.t = shared ? shared : &t;
	g.step = c->step > 0 ? c->step : 25;
	g.sig_cache = sp ? sp->sigs : NULL;
	g.cache = cache;
	g.tgt_start = sp ? sp->tgt_start : NULL;
	g.tgt_idx = sp ? sp->tgt_idx : NULL;
	/* a body's file has no verification column: no password */
	g.prot_key = sp && body == SIZE_MAX ? sp->odf_key : NULL;
	rc = analyse(&g.info, c, diags);
	if (rc < 0)
		goto cleanup;
	n = c->n_criteria;
	g.has_item = td_calloc(n, 1);
	g.has_bon = td_calloc(n, 1);
	g.has_ded = td_calloc(n, 1);
	if (!g.has_item || !g.has_bon || !g.has_ded) {
		rc = td_error_oom();
		goto cleanup;
	}
	rows_prepare(&g);
	if (!shared && (rc = tpl_open(&t, template_path, diags)) < 0)
		goto cleanup;
	rc = build_content(&g, &content, unit, body, diags);
	if (rc < 0)
		goto cleanup;
	rc = build_meta(&meta, c, body != SIZE_MAX ? (c->bodies[body].name ? c->bodies[body].name
	                                                                   : c->bodies[body].code)
	                                           : c->units[unit].name,
	                c->cross_scoring || body != SIZE_MAX);
	if (rc < 0)
		goto cleanup;
	if (xlsx) {
		rc = td_sheet_xlsx_write(content.ptr, content.len, g.t->pkg, out_path, pkg_flags,
		                         sp && body == SIZE_MAX ? sp->xlsx_prot : NULL);
		goto cleanup;
	}
	rc = td_pkg_writer_open(&w, out_path, MT_ODS, pkg_flags);
	if (rc < 0)
		goto cleanup;
	td_pkg_writer_set_cache(w, cache ? cache->z : NULL);
	rc = td_pkg_writer_add_pieces(w, "content.xml", "text/xml", content.ptr, content.len,
	                              g.ends, g.nends, cache ? cache->z : NULL);
	if (rc == 0 && styles && styles->z)
		rc = td_pkg_writer_add_deflated(w, "styles.xml", styles->media_type, styles->z,
		                                styles->zlen, styles->size, styles->crc);
	else if (rc == 0)
		rc = td_pkg_writer_copy(w, g.t->pkg, "styles.xml");
	if (rc == 0)
		rc = td_pkg_writer_add(w, "meta.xml", "text/xml", meta.ptr, meta.len);
	if (rc == 0)
		rc = td_pkg_writer_commit(w);
cleanup:
	td_pkg_writer_free(w);
	if (!shared)
		tpl_clear(&t);
	td_buf_free(&content);
	td_buf_free(&meta);
	td_buf_free(&g.body);
	td_buf_free(&g.vals);
	valid_reset(&g);
	td_free(g.sigs);
	td_free(g.sigval);
	td_free(g.info);
	td_free(g.has_item);
	td_free(g.has_bon);
	td_free(g.has_ded);
	td_free(g.qname);
	td_free(g.crow);
	td_free(g.cuts);
	td_free(g.ends);
	return rc;
}

int td_sheet_write(const thidua_cluster *c, size_t unit, const char *template_path,
                   const char *out_path, int overwrite, thidua_diags *diags)
{
	return td_sheet_write_as(c, unit, template_path, out_path, overwrite, 0, diags);
}

int td_sheet_write_as(const thidua_cluster *c, size_t unit, const char *template_path,
                      const char *out_path, int overwrite, int xlsx, thidua_diags *diags)
{
	if (!c || !template_path || !out_path)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	if (unit >= c->n_units)
		return td_error(THIDUA_EINVAL, "Không có đơn vị thứ %zu.", "There is no unit %zu.",
		                unit + 1);
	return write_file(c, unit, SIZE_MAX, template_path, NULL, out_path,
	                  overwrite ? TD_PKG_OVERWRITE : 0, xlsx, NULL, diags);
}

int td_sheet_write_body(const thidua_cluster *c, size_t body, const char *template_path,
                        const char *out_path, int overwrite, thidua_diags *diags)
{
	return td_sheet_write_body_as(c, body, template_path, out_path, overwrite, 0, diags);
}

int td_sheet_write_body_as(const thidua_cluster *c, size_t body, const char *template_path,
                           const char *out_path, int overwrite, int xlsx, thidua_diags *diags)
{
	if (!c || !template_path || !out_path)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	if (body >= c->n_bodies)
		return td_error(THIDUA_EINVAL, "Không có cơ quan chấm thứ %zu.",
		                "There is no scoring body %zu.", body + 1);
	if (c->n_units == 0)
		return td_error(THIDUA_EDATA, "Chưa có đơn vị nào.", "There are no units.");
	return write_file(c, SIZE_MAX, body, template_path, NULL, out_path,
	                  overwrite ? TD_PKG_OVERWRITE : 0, xlsx, NULL, diags);
}

/* What every sheet of one call shares: the template, parsed once. */
struct td_sheet_gen {
	const thidua_cluster *c;
	const char *template_path; /* borrowed */
	int xlsx;                  /* write Office Open XML (.xlsx) */
	tpl t;
	fixed_part styles;
	char **sigs;               /* owned: one per criterion, NULL items when
	                              the criteria could not be analysed */
	size_t *tgt_start;         /* owned: the targets given by unit, */
	size_t *tgt_idx;           /* (gen's tgt_start, tgt_idx) */
	shared_parts sp;           /* borrows the above */
	/* the password, once set (sp.odf_key and sp.xlsx_prot point here): */
	char odf_key[TD_ODF_KEY_LEN]; /* its table:protection-key */
	char *xlsx_prot;           /* its sheetProtection attributes (owned) */
};

void td_sheet_gen_free(td_sheet_gen *sg)
{
	size_t i;

	if (!sg)
		return;
	tpl_clear(&sg->t);
	td_free(sg->styles.z);
	for (i = 0; sg->sigs && i < sg->c->n_criteria; i++)
		td_free(sg->sigs[i]);
	td_free(sg->sigs);
	td_free(sg->tgt_start);
	td_free(sg->tgt_idx);
	td_free(sg->xlsx_prot);
	td_free(sg);
}

/* A flat template's styles.xml deflated once (a zip template's is copied
 * as it is stored, which costs no compression). */
static int fix_styles(fixed_part *f, const td_pkg *pkg)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (!td_pkg_is_flat(pkg) || !td_pkg_has_part(pkg, "styles.xml"))
		return 0;
	if ((rc = td_pkg_read(pkg, "styles.xml", &data, &len)) == 0)
		rc = td_pkg_deflate(data, len, &f->z, &f->zlen, &f->crc);
	f->size = len;
	f->media_type = td_pkg_part_media_type(pkg, "styles.xml");
	td_free(data);
	return rc;
}

/* The rule signature of every criterion that takes an entry, made once
 * (sheet_valid.c): the same in every file. Criteria that cannot make a
 * sheet get none; each file reports them. */
static int make_signatures(td_sheet_gen *sg)
{
	const thidua_cluster *c = sg->c;
	gen g;
	size_t i;
	int rc = 0;

	memset(&g, 0, sizeof g);
	g.c = c;
	g.step = c->step > 0 ? c->step : 25;
	if (c->n_criteria == 0)
		return 0;
	if (!(sg->sigs = td_calloc(c->n_criteria, sizeof *sg->sigs)))
		return td_error_oom();
	if (analyse(&g.info, c, NULL) < 0) {
		thidua_error_clear();
		return 0;
	}
	for (i = 0; i < c->n_criteria && !rc; i++) {
		if (!g.info[i].takes_entry)
			continue;
		sg->sigs[i] = valid_signature(&g, i);
		if (!sg->sigs[i] || g.rc)
			rc = g.rc ? g.rc : td_error_oom();
	}
	td_free(g.info);
	return rc;
}

/* The targets given, grouped by unit in their order (a counting sort):
 * each sheet looks up its own instead of scanning a province's. */
static int index_targets(td_sheet_gen *sg)
{
	const thidua_cluster *c = sg->c;
	size_t i, *next;

	if (!c->n_targets_given)
		return 0;
	sg->tgt_start = td_calloc(c->n_units + 1, sizeof *sg->tgt_start);
	sg->tgt_idx = td_calloc(c->n_targets_given, sizeof *sg->tgt_idx);
	next = td_calloc(c->n_units + 1, sizeof *next);
	if (!sg->tgt_start || !sg->tgt_idx || !next) {
		td_free(next);
		return td_error_oom();
	}
	for (i = 0; i < c->n_targets_given; i++)
		if (c->targets_given[i].unit < c->n_units)
			sg->tgt_start[c->targets_given[i].unit + 1]++;
	for (i = 0; i < c->n_units; i++)
		sg->tgt_start[i + 1] += sg->tgt_start[i];
	memcpy(next, sg->tgt_start, (c->n_units + 1) * sizeof *next);
	for (i = 0; i < c->n_targets_given; i++)
		if (c->targets_given[i].unit < c->n_units)
			sg->tgt_idx[next[c->targets_given[i].unit]++] = i;
	td_free(next);
	return 0;
}

/* ICU compiles a number formatter after a few uses and publishes it with
 * atomics a thread sanitizer cannot see: use each of the three (0, 1 and
 * 2 decimals) past that point here, before the sheets are written on
 * several threads. */
static void warm_numbers(void)
{
	static const int64_t h[3] = { 100, 150, 125 };
	td_buf b = TD_BUF_INIT;
	int i, k;

	for (i = 0; i < 3; i++)
		for (k = 0; k < 4; k++) {
			td_buf_clear(&b);
			td_fmt_number(&b, h[i], -1);
		}
	td_buf_free(&b);
}

int td_sheet_gen_open(td_sheet_gen **out, const thidua_cluster *c, const char *template_path,
                      int xlsx, thidua_diags *diags)
{
	td_sheet_gen *sg;
	int rc;

	if (!out || !c || !template_path)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	*out = NULL;
	if (!(sg = td_calloc(1, sizeof *sg)))
		return td_error_oom();
	sg->c = c;
	sg->template_path = template_path;
	sg->xlsx = xlsx;
	if ((rc = tpl_open(&sg->t, template_path, diags)) < 0 ||
	    (!xlsx && (rc = fix_styles(&sg->styles, sg->t.pkg)) < 0) ||
	    (rc = make_signatures(sg)) < 0 || (rc = index_targets(sg)) < 0) {
		td_sheet_gen_free(sg);
		return rc;
	}
	warm_numbers();
	sg->sp.t = &sg->t;
	sg->sp.styles = &sg->styles;
	sg->sp.sigs = sg->sigs;
	sg->sp.tgt_start = sg->tgt_start;
	sg->sp.tgt_idx = sg->tgt_idx;
	*out = sg;
	return 0;
}

int td_sheet_gen_write(const td_sheet_gen *sg, size_t unit, const char *out_path,
                       unsigned pkg_flags, td_sheet_cache *cache, thidua_diags *diags)
{
	if (!sg || !out_path)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	if (unit >= sg->c->n_units)
		return td_error(THIDUA_EINVAL, "Không có đơn vị thứ %zu.", "There is no unit %zu.",
		                unit + 1);
	return write_file(sg->c, unit, SIZE_MAX, sg->template_path, &sg->sp, out_path,
	                  pkg_flags, sg->xlsx, cache, diags);
}

int td_sheet_gen_write_body(const td_sheet_gen *sg, size_t body, const char *out_path,
                            unsigned pkg_flags, td_sheet_cache *cache, thidua_diags *diags)
{
	if (!sg || !out_path)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	if (body >= sg->c->n_bodies)
		return td_error(THIDUA_EINVAL, "Không có cơ quan chấm thứ %zu.",
		                "There is no scoring body %zu.", body + 1);
	if (sg->c->n_units == 0)
		return td_error(THIDUA_EDATA, "Chưa có đơn vị nào.", "There are no units.");
	return write_file(sg->c, SIZE_MAX, body, sg->template_path, &sg->sp, out_path,
	                  pkg_flags, sg->xlsx, cache, diags);
}

/* Excel's limit, in UTF-16 units; LibreOffice takes more but must open
 * what Excel writes. */
#define MAX_PASSWORD 255
#define SPIN_COUNT 100000

int td_sheet_gen_set_password(td_sheet_gen *sg, const char *password)
{
	unsigned char salt[16], hash[TD_SHA512_LEN];
	char salt64[TD_BASE64_LEN(16)], hash64[TD_BASE64_LEN(TD_SHA512_LEN)];
	td_buf b = TD_BUF_INIT;
	size_t units = 0;
	const unsigned char *p;
	int rc;

	if (!sg || !password)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	for (p = (const unsigned char *)password; *p; p++)
		units += (*p & 0xC0) != 0x80 ? 1 + (*p >= 0xF0) : 0;
	if (units == 0 || units > MAX_PASSWORD)
		return td_error(THIDUA_EINVAL, "Mật khẩu phải có từ 1 đến %d ký tự.",
		                "The password must have 1 to %d characters.", MAX_PASSWORD);
	if (td_ooxml_password_hash(hash, password, NULL, 0, 0) < 0)
		return td_error(THIDUA_EINVAL, "Mật khẩu không phải UTF-8 hợp lệ.",
		                "The password is not valid UTF-8.");
	if (sg->xlsx) {
		if ((rc = td_random_bytes(salt, sizeof salt)) < 0)
			return rc;
		td_ooxml_password_hash(hash, password, salt, sizeof salt, SPIN_COUNT);
		td_base64(salt64, salt, sizeof salt);
		td_base64(hash64, hash, sizeof hash);
		td_buf_printf(&b, " algorithmName=\"SHA-512\" hashValue=\"%s\" saltValue=\"%s\""
		                  " spinCount=\"%d\"", hash64, salt64, SPIN_COUNT);
		if (td_buf_oom(&b))
			return td_error_oom();
		td_free(sg->xlsx_prot);
		sg->xlsx_prot = td_buf_detach(&b);
	}
	td_odf_protection_key(sg->odf_key, password);
	sg->sp.odf_key = sg->odf_key;
	sg->sp.xlsx_prot = sg->xlsx_prot;
	return 0;
}
