/* sheet_write.c - writing the scoring sheet (Bảng tự chấm điểm) of one unit:
 * an .ods whose content.xml is generated here from the cluster's criteria
 * (layout: form/form.h) and whose styles, column widths and page setup come from
 * the template (templates/scoring-sheet.fods, docs/scoring-sheet.md).
 *
 * ODF 1.3 Part 3: tables 9.1, content validations 9.4.4-9.4.7, formulas
 * (OpenFormula, "of:" namespace) 19.642, cell protection 20.246. */
#include "form/form.h"
#include "sheets/sheets.h"
#include "odf/package.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/error.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define MT_ODS "application/vnd.oasis.opendocument.spreadsheet"

/* The namespaces content.xml declares; a template may add others. */
static const char *const our_ns[][2] = {
	{ "office", NS_OFFICE },
	{ "style", NS_STYLE },
	{ "text", "urn:oasis:names:tc:opendocument:xmlns:text:1.0" },
	{ "table", NS_TABLE },
	{ "fo", "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" },
	{ "number", "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" },
	{ "svg", "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" },
	{ "of", "urn:oasis:names:tc:opendocument:xmlns:of:1.2" },
};
#define N_OUR_NS (sizeof our_ns / sizeof our_ns[0])

/* Common cell styles (office:styles of the template) the sheet uses. */
enum {
	S_BODY, S_UNIT, S_NATION, S_MOTTO, S_TITLE, S_SUBTITLE, S_HINT, S_COLHEAD,
	S_SECTT, S_SECTEXT, S_SECNUM, S_SECCAP, S_TT, S_TEXT, S_NUM, S_CAP,
	S_SCORE, S_NOTE, S_TOTTEXT, S_TOTNUM, S_TOTCAP, S_GRANDTEXT, S_GRANDNUM,
	S_DATE, S_SIGN, S_SIGNHINT, S_CODE, S_COUNT
};
static const char *const style_names[S_COUNT] = {
	"TdBody", "TdUnit", "TdNation", "TdMotto", "TdTitle", "TdSubtitle", "TdHint",
	"TdColHead", "TdSecTT", "TdSecText", "TdSecNum", "TdSecCap", "TdTT", "TdText",
	"TdNum", "TdCap", "TdScore", "TdNote", "TdTotText", "TdTotNum", "TdTotCap",
	"TdGrandText", "TdGrandNum", "TdDate", "TdSign", "TdSignHint", "TdCode",
};

/* What the template gives. Everything owned. */
typedef struct tpl {
	td_pkg *pkg;
	td_buf ns;               /* extra xmlns declarations for content.xml */
	td_buf decls;            /* font-face-decls + automatic-styles, serialized */
	char *table_style;       /* table:style-name of the sample table, or NULL */
	char *col_style[TD_NCOLS];
	char *col_default[TD_NCOLS];
} tpl;

/* Facts about the criteria, shared by every table of a file. */
/* Generation state. */
typedef struct gen {
	const thidua_cluster *c;
	const tpl *t;
	td_crit_info *info;         /* one per criterion */
	int64_t step;            /* hundredths */
	td_buf body;             /* the tables */
	td_buf vals;             /* table:content-validation elements */
	unsigned nval;           /* validations written so far (all tables) */
	/* current table */
	char *qname;             /* the table name quoted for references: 'Name' */
	uint32_t *crow;          /* 0-based row of each criterion */
	size_t *lim;             /* leaves whose rule has a validation in this table ... */
	unsigned *limval;        /* ... and that validation's number */
	size_t nlim;
	int rc;                  /* first failure (sticky), besides buffer OOM */
} gen;

/* Rows of one table (0-based). */
typedef struct layout {
	uint32_t title, unit, hint, header, first, base, bonus, deduct, total, sign, last;
	int cross;
} layout;

#define SIGN_ROWS 7     /* date, titles, hints, four rows to sign in */
#define MAX_SUM_ARGS 200 /* OpenFormula implementations accept 255 */

/* ---- the template ------------------------------------------------------- */

static void tpl_clear(tpl *t)
{
	size_t i;

	td_pkg_free(t->pkg);
	td_buf_free(&t->ns);
	td_buf_free(&t->decls);
	td_free(t->table_style);
	for (i = 0; i < TD_NCOLS; i++) {
		td_free(t->col_style[i]);
		td_free(t->col_default[i]);
	}
	memset(t, 0, sizeof *t);
}

static int is_el(xmlNodePtr n, const char *ns, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       !strcmp((const char *)n->ns->href, ns) && !strcmp((const char *)n->name, local);
}

static xmlNodePtr child_el(xmlNodePtr n, const char *ns, const char *local)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (is_el(n, ns, local))
			return n;
	return NULL;
}

/* A copy of an attribute's value (td_malloc), NULL when absent; *oom set
 * when the copy failed. */
static char *attr_dup(xmlNodePtr n, const char *ns, const char *local, int *oom)
{
	xmlChar *v = xmlGetNsProp(n, (const xmlChar *)local, (const xmlChar *)ns);
	char *r;

	if (!v)
		return NULL;
	r = td_strdup((const char *)v);
	xmlFree(v);
	if (!r)
		*oom = 1;
	return r;
}

static int attr_is(xmlNodePtr n, const char *ns, const char *local, const char *value)
{
	xmlChar *v = xmlGetNsProp(n, (const xmlChar *)local, (const xmlChar *)ns);
	int r = v && !strcmp((const char *)v, value);

	xmlFree(v);
	return r;
}

static int tpl_problem(thidua_diags *diags, const char *path, const char *vi, const char *en)
{
	if (td_diag_add_msg(diags, THIDUA_SEV_ERROR, "sheet.template", path, NULL, NULL, NULL,
	                    vi, en) < 0)
		return td_error_oom();
	return td_error(THIDUA_ETEMPLATE, "Mẫu bảng chấm điểm %s không dùng được: %s",
	                "The scoring-sheet template %s cannot be used: %s", path, vi, en);
}

/* The common cell style `name` in office:styles, or NULL. */
static xmlNodePtr find_style(xmlNodePtr styles, const char *name)
{
	xmlNodePtr n;

	for (n = styles ? styles->children : NULL; n; n = n->next)
		if (is_el(n, NS_STYLE, "style") && attr_is(n, NS_STYLE, "family", "table-cell") &&
		    attr_is(n, NS_STYLE, "name", name))
			return n;
	return NULL;
}

/* Whether a cell style, or the nearest parent that says so, leaves cells
 * unprotected. */
static int style_unprotected(xmlNodePtr styles, xmlNodePtr st)
{
	int depth;

	for (depth = 0; st && depth < 16; depth++) {
		xmlNodePtr p = child_el(st, NS_STYLE, "table-cell-properties");
		xmlChar *v = p ? xmlGetNsProp(p, (const xmlChar *)"cell-protect",
		                              (const xmlChar *)NS_STYLE) : NULL;
		xmlChar *parent;
		if (v) {
			int r = !strcmp((const char *)v, "none");
			xmlFree(v);
			return r;
		}
		parent = xmlGetNsProp(st, (const xmlChar *)"parent-style-name",
		                      (const xmlChar *)NS_STYLE);
		st = parent ? find_style(styles, (const char *)parent) : NULL;
		xmlFree(parent);
	}
	return 0;
}

static int check_styles(const tpl *t, const char *path, thidua_diags *diags)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr styles;
	td_buf missing = TD_BUF_INIT;
	size_t i;
	int rc;

	rc = td_pkg_parse(t->pkg, "styles.xml", &doc);
	if (rc < 0)
		return rc;
	styles = child_el(xmlDocGetRootElement(doc), NS_OFFICE, "styles");
	for (i = 0; i < S_COUNT; i++) {
		if (find_style(styles, style_names[i]))
			continue;
		td_buf_printf(&missing, "%s%s", missing.len ? ", " : "", style_names[i]);
	}
	if (td_buf_oom(&missing)) {
		rc = td_error_oom();
		goto cleanup;
	}
	if (missing.len) {
		td_buf vi = TD_BUF_INIT, en = TD_BUF_INIT;
		td_buf_printf(&vi, "thiếu kiểu ô %s.", missing.ptr);
		td_buf_printf(&en, "cell styles missing: %s.", missing.ptr);
		rc = td_buf_oom(&vi) || td_buf_oom(&en) ? td_error_oom()
		     : tpl_problem(diags, path, vi.ptr, en.ptr);
		td_buf_free(&vi);
		td_buf_free(&en);
		goto cleanup;
	}
	if (!style_unprotected(styles, find_style(styles, "TdScore")) ||
	    !style_unprotected(styles, find_style(styles, "TdNote"))) {
		rc = tpl_problem(diags, path,
		                 "kiểu ô TdScore và TdNote phải bỏ bảo vệ ô (style:cell-protect=\"none\").",
		                 "the cell styles TdScore and TdNote must leave cells unprotected "
		                 "(style:cell-protect=\"none\").");
		goto cleanup;
	}
cleanup:
	td_buf_free(&missing);
	xmlFreeDoc(doc);
	return rc;
}

/* Drop the comments under n (the template's notes to its readers). */
static void drop_comments(xmlNodePtr n)
{
	xmlNodePtr c, next;

	for (c = n->children; c; c = next) {
		next = c->next;
		if (c->type == XML_COMMENT_NODE) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		} else if (c->type == XML_ELEMENT_NODE) {
			drop_comments(c);
		}
	}
}

/* Serialize a node (without comments) and append it. */
static int dump_node(td_buf *b, xmlDocPtr doc, xmlNodePtr n)
{
	xmlBufferPtr xb = xmlBufferCreate();
	int rc = 0;

	if (!xb)
		return td_error_oom();
	drop_comments(n);
	if (xmlNodeDump(xb, doc, n, 0, 0) < 0 ||
	    td_buf_put(b, (const char *)xmlBufferContent(xb), (size_t)xmlBufferLength(xb)) < 0)
		rc = td_error_oom();
	xmlBufferFree(xb);
	return rc;
}

/* Columns of the sample table, repeats expanded, into t->col_*. */
static void take_columns(tpl *t, xmlNodePtr parent, size_t *col, int *oom)
{
	xmlNodePtr n;

	for (n = parent->children; n && *col < TD_NCOLS; n = n->next) {
		if (is_el(n, NS_TABLE, "table-column")) {
			xmlChar *rep = xmlGetNsProp(n, (const xmlChar *)"number-columns-repeated",
			                            (const xmlChar *)NS_TABLE);
			long k, r = rep ? strtol((const char *)rep, NULL, 10) : 1;
			xmlFree(rep);
			if (r < 1)
				r = 1;
			for (k = 0; k < r && *col < TD_NCOLS; k++, (*col)++) {
				t->col_style[*col] = attr_dup(n, NS_TABLE, "style-name", oom);
				t->col_default[*col] =
					attr_dup(n, NS_TABLE, "default-cell-style-name", oom);
			}
		} else if (is_el(n, NS_TABLE, "table-columns") ||
		           is_el(n, NS_TABLE, "table-header-columns") ||
		           is_el(n, NS_TABLE, "table-column-group")) {
			take_columns(t, n, col, oom);
		}
	}
}

static int tpl_open(tpl *t, const char *path, thidua_diags *diags)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr root, n, table = NULL;
	xmlNsPtr ns;
	const char *mt;
	size_t i, col = 0;
	int rc, oom = 0;

	memset(t, 0, sizeof *t);
	rc = td_pkg_open(&t->pkg, path, NULL);
	if (rc < 0) {
		const thidua_error *e = thidua_error_last();
		if (rc != THIDUA_ENOMEM &&
		    td_diag_add_msg(diags, THIDUA_SEV_ERROR, "sheet.template", path, NULL, NULL,
		                    NULL, e ? e->message_vi : "Không mở được mẫu.",
		                    e ? e->message_en : "Cannot open the template.") < 0)
			return td_error_oom();
		return rc;
	}
	mt = td_pkg_mimetype(t->pkg);
	if (!mt || strncmp(mt, MT_ODS, strlen(MT_ODS)) != 0)
		return tpl_problem(diags, path, "không phải bảng tính ODF (.ods/.fods/.ots).",
		                   "not an ODF spreadsheet (.ods/.fods/.ots).");
	rc = check_styles(t, path, diags);
	if (rc < 0)
		return rc;
	rc = td_pkg_parse(t->pkg, "content.xml", &doc);
	if (rc < 0)
		return rc;
	root = xmlDocGetRootElement(doc);
	for (ns = root ? root->nsDef : NULL; ns; ns = ns->next) {
		int known = 0;
		if (!ns->prefix)
			continue;
		for (i = 0; i < N_OUR_NS; i++) {
			if (strcmp((const char *)ns->prefix, our_ns[i][0]) != 0)
				continue;
			known = 1;
			if (strcmp((const char *)ns->href, our_ns[i][1]) != 0) {
				rc = tpl_problem(diags, path,
				                 "một tiền tố không gian tên chuẩn ODF trỏ tới không gian tên khác.",
				                 "a standard ODF namespace prefix is bound to another namespace.");
				goto cleanup;
			}
		}
		if (known)
			continue;
		td_buf_printf(&t->ns, " xmlns:%s=\"", (const char *)ns->prefix);
		td_buf_put_xml(&t->ns, (const char *)ns->href, strlen((const char *)ns->href), 1);
		td_buf_putc(&t->ns, '"');
	}
	n = child_el(root, NS_OFFICE, "font-face-decls");
	if (n && (rc = dump_node(&t->decls, doc, n)) < 0)
		goto cleanup;
	n = child_el(root, NS_OFFICE, "automatic-styles");
	if (n && (rc = dump_node(&t->decls, doc, n)) < 0)
		goto cleanup;
	n = child_el(child_el(root, NS_OFFICE, "body"), NS_OFFICE, "spreadsheet");
	table = child_el(n, NS_TABLE, "table");
	if (!table) {
		rc = tpl_problem(diags, path,
		                 "không có bảng mẫu (bảng đầu tiên cho độ rộng cột và kiểu trang).",
		                 "no sample table (the first table gives column widths and the page style).");
		goto cleanup;
	}
	t->table_style = attr_dup(table, NS_TABLE, "style-name", &oom);
	take_columns(t, table, &col, &oom);
	if (oom || td_buf_oom(&t->ns) || td_buf_oom(&t->decls))
		rc = td_error_oom();
cleanup:
	xmlFreeDoc(doc);
	return rc;
}

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

/* ---- writing cells ------------------------------------------------------ */

static void fail(gen *g, int rc)
{
	if (!g->rc)
		g->rc = rc;
}

/* Text as text:p elements: one per line; spaces that XML white-space
 * processing would drop (leading, trailing, repeated) as text:s. */
static void put_paras(td_buf *b, const char *s)
{
	const char *p = s, *line = s;

	td_buf_puts(b, "<text:p>");
	while (*p) {
		size_t run = 0, rest;
		if (*p == '\n') {
			td_buf_puts(b, "</text:p><text:p>");
			line = ++p;
		} else if (*p == '\r') {
			p++;
		} else if (*p == '\t') {
			td_buf_puts(b, "<text:tab/>");
			p++;
		} else if (*p == ' ') {
			while (p[run] == ' ')
				run++;
			rest = run;
			if (p != line && p[run] && p[run] != '\n' && p[run] != '\r') {
				td_buf_putc(b, ' ');
				rest--;
			}
			if (rest == 1)
				td_buf_puts(b, "<text:s/>");
			else if (rest > 1)
				td_buf_printf(b, "<text:s text:c=\"%zu\"/>", rest);
			p += run;
		} else {
			while (p[run] && !strchr("\n\r\t ", p[run]))
				run++;
			td_buf_put_xml(b, p, run, 0);
			p += run;
		}
	}
	td_buf_puts(b, "</text:p>");
}

static void open_cell(gen *g, int style, unsigned span)
{
	td_buf_printf(&g->body, "<table:table-cell table:style-name=\"%s\"", style_names[style]);
	if (span > 1)
		td_buf_printf(&g->body,
		              " table:number-columns-spanned=\"%u\" table:number-rows-spanned=\"1\"",
		              span);
}

static void covered(gen *g, unsigned span)
{
	for (; span > 1; span--)
		td_buf_puts(&g->body, "<table:covered-table-cell/>");
}

/* A text cell spanning `span` columns; empty text gives an empty cell. */
static void cell_text(gen *g, int style, const char *text, unsigned span)
{
	open_cell(g, style, span);
	if (!text || !*text) {
		td_buf_puts(&g->body, "/>");
	} else {
		td_buf_puts(&g->body, " office:value-type=\"string\">");
		put_paras(&g->body, text);
		td_buf_puts(&g->body, "</table:table-cell>");
	}
	covered(g, span);
}

/* A text cell with the criterion's note as a comment (office:annotation,
 * hidden until pointed at; readers of returned sheets ignore comments). */
static void cell_text_note(gen *g, int style, const char *text, const char *note)
{
	open_cell(g, style, 1);
	td_buf_puts(&g->body, " office:value-type=\"string\"><office:annotation>");
	put_paras(&g->body, note);
	td_buf_puts(&g->body, "</office:annotation>");
	put_paras(&g->body, text ? text : "");
	td_buf_puts(&g->body, "</table:table-cell>");
}

/* Hundredths as an OpenFormula / office:value number: 3000 -> "30",
 * 250 -> "2.5", -25 -> "-0.25". */
static void put_decimal(td_buf *b, int64_t h)
{
	uint64_t m = h < 0 ? (uint64_t)(-(h + 1)) + 1 : (uint64_t)h;

	td_buf_printf(b, "%s%" PRIu64, h < 0 ? "-" : "", m / 100);
	if (m % 100 == 0)
		return;
	if (m % 10 == 0)
		td_buf_printf(b, ".%" PRIu64, (m % 100) / 10);
	else
		td_buf_printf(b, ".%02" PRIu64, m % 100);
}

static void put_number_text(gen *g, td_buf *b, int64_t h)
{
	int rc = td_fmt_number(b, h, -1);

	if (rc < 0)
		fail(g, rc);
}

/* A number cell; cap cells show "≤ n". */
static void cell_number(gen *g, int style, int64_t h)
{
	int cap = style == S_CAP || style == S_SECCAP || style == S_TOTCAP;

	open_cell(g, style, 1);
	td_buf_puts(&g->body, " office:value-type=\"float\" office:value=\"");
	put_decimal(&g->body, h);
	td_buf_puts(&g->body, "\"><text:p>");
	if (cap)
		td_buf_puts(&g->body, "≤ ");
	put_number_text(g, &g->body, h);
	td_buf_puts(&g->body, "</text:p></table:table-cell>");
}

/* A formula cell (formula without "of:="), cached result 0. */
static void cell_formula(gen *g, int style, const char *formula)
{
	open_cell(g, style, 1);
	td_buf_puts(&g->body, " table:formula=\"of:=");
	td_buf_put_xml(&g->body, formula, strlen(formula), 1);
	td_buf_puts(&g->body, "\" office:value-type=\"float\" office:value=\"0\">"
	                      "<text:p>0</text:p></table:table-cell>");
}

/* "D12" for a 0-based column and row. */
static void put_ref(td_buf *b, int col, uint32_t row)
{
	td_buf_printf(b, "[.%c%" PRIu32 "]", 'A' + col, row + 1);
}

/* SUM over the given rows of one column, runs of adjacent rows as ranges;
 * nested when there are more terms than a function accepts. */
static void put_sum(td_buf *b, int col, const uint32_t *rows, size_t n)
{
	size_t i = 0, terms = 0, groups = 0;

	td_buf_puts(b, "SUM(");
	while (i < n) {
		size_t j = i;
		while (j + 1 < n && rows[j + 1] == rows[j] + 1)
			j++;
		if (terms % MAX_SUM_ARGS == 0 && n > MAX_SUM_ARGS) {
			if (groups++)
				td_buf_puts(b, ");");
			td_buf_puts(b, "SUM(");
		} else if (terms) {
			td_buf_putc(b, ';');
		}
		if (j == i)
			put_ref(b, col, rows[i]);
		else
			td_buf_printf(b, "[.%c%" PRIu32 ":.%c%" PRIu32 "]", 'A' + col, rows[i] + 1,
			              'A' + col, rows[j] + 1);
		terms++;
		i = j + 1;
	}
	if (groups)
		td_buf_putc(b, ')');
	td_buf_putc(b, ')');
}

/* Whether two leaves can share a validation (same bound, kind and
 * points per event: the messages say all three). */
static int same_rule(const gen *g, size_t a, size_t b)
{
	const td_criterion *x = &g->c->criteria[a], *y = &g->c->criteria[b];

	return g->info[a].limit == g->info[b].limit && g->info[a].cls == g->info[b].cls &&
	       x->per_event == y->per_event && (x->cap > 0) == (y->cap > 0);
}

/* The help and error messages of a leaf's validation. */
static void rule_messages(gen *g, td_buf *v, size_t i)
{
	const td_criterion *k = &g->c->criteria[i];
	const td_crit_info *in = &g->info[i];
	int open_ended = in->cls == TD_CRIT_DEDUCTION && k->cap <= 0 && k->max <= 0;
	td_buf lim = TD_BUF_INIT, step = TD_BUF_INIT, per = TD_BUF_INIT;

	put_number_text(g, &lim, in->limit);
	put_number_text(g, &step, g->step);
	if (k->per_event > 0) {
		td_buf_puts(&per, in->cls == TD_CRIT_DEDUCTION ? " (trừ " : " (");
		put_number_text(g, &per, k->per_event);
		td_buf_puts(&per, " điểm mỗi lần)");
	}
	td_buf_puts(v, "<table:help-message table:title=\"");
	td_buf_puts(v, in->cls == TD_CRIT_DEDUCTION ? "Điểm trừ" : in->cls == TD_CRIT_BONUS ?
	               "Điểm cộng" : "Điểm");
	td_buf_puts(v, "\" table:display=\"true\"><text:p>");
	if (in->cls == TD_CRIT_DEDUCTION)
		td_buf_printf(v, "Tổng số điểm bị trừ, ghi số dương%s%s%s, bước %s.",
		              td_buf_cstr(&per), open_ended ? "" : ", tối đa ",
		              open_ended ? "" : td_buf_cstr(&lim), td_buf_cstr(&step));
	else
		td_buf_printf(v, "Từ 0 đến %s điểm%s, bước %s.", td_buf_cstr(&lim),
		              td_buf_cstr(&per), td_buf_cstr(&step));
	td_buf_puts(v, "</text:p></table:help-message>"
	               "<table:error-message table:title=\"Điểm không hợp lệ\" "
	               "table:message-type=\"stop\" table:display=\"true\"><text:p>");
	if (open_ended)
		td_buf_printf(v, "Điểm trừ phải là một số không âm, theo bước %s",
		              td_buf_cstr(&step));
	else
		td_buf_printf(v, "Điểm phải là một số từ 0 đến %s, theo bước %s",
		              td_buf_cstr(&lim), td_buf_cstr(&step));
	td_buf_puts(v, " (không nhập chữ hay công thức). Để trống nếu không có điểm."
	               "</text:p></table:error-message>");
	if (td_buf_oom(&lim) || td_buf_oom(&step) || td_buf_oom(&per))
		fail(g, td_error_oom());
	td_buf_free(&lim);
	td_buf_free(&step);
	td_buf_free(&per);
}

/* The validation number for leaf i in the current table (made on first
 * use, with the cell at row/col as its base cell). */
static unsigned validation(gen *g, size_t i, int col, uint32_t row)
{
	td_buf *v = &g->vals;
	td_buf cond = TD_BUF_INIT, ref = TD_BUF_INIT;
	int64_t limit = g->info[i].limit;
	size_t j;
	unsigned num;

	for (j = 0; j < g->nlim; j++)
		if (same_rule(g, g->lim[j], i))
			return g->limval[j];
	num = ++g->nval;
	g->lim[g->nlim] = i;
	g->limval[g->nlim++] = num;

	put_ref(&ref, col, row);
	/* of:is-true-formula: a number, 0..limit, a whole number of steps.
	 * References are relative to the base cell. */
	td_buf_printf(&cond, "of:is-true-formula(AND(ISNUMBER(%s);%s>=0;%s<=", ref.ptr, ref.ptr,
	              ref.ptr);
	put_decimal(&cond, limit);
	td_buf_printf(&cond, ";ROUND(%s*100/%" PRId64 ";0)=%s*100/%" PRId64 "))", ref.ptr,
	              g->step, ref.ptr, g->step);

	td_buf_printf(v, "<table:content-validation table:name=\"td_val%u\" table:condition=\"",
	              num);
	td_buf_put_xml(v, td_buf_cstr(&cond), cond.len, 1);
	td_buf_puts(v, "\" table:allow-empty-cell=\"true\" table:base-cell-address=\"");
	td_buf_put_xml(v, g->qname, strlen(g->qname), 1);
	td_buf_printf(v, ".%c%" PRIu32 "\">", 'A' + col, row + 1);
	rule_messages(g, v, i);
	td_buf_puts(v, "</table:content-validation>");
	if (td_buf_oom(&cond) || td_buf_oom(&ref))
		fail(g, td_error_oom());
	td_buf_free(&cond);
	td_buf_free(&ref);
	return num;
}

static void cell_input(gen *g, size_t i, int col, uint32_t row)
{
	unsigned num = validation(g, i, col, row);

	td_buf_printf(&g->body, "<table:table-cell table:style-name=\"%s\" "
	                        "table:content-validation-name=\"td_val%u\"/>",
	              style_names[S_SCORE], num);
}

static void row_open(gen *g) { td_buf_puts(&g->body, "<table:table-row>"); }

static void row_close(gen *g) { td_buf_puts(&g->body, "</table:table-row>"); }

static void empty_rows(gen *g, unsigned n)
{
	if (n == 1)
		td_buf_puts(&g->body, "<table:table-row><table:table-cell/></table:table-row>");
	else if (n > 1)
		td_buf_printf(&g->body, "<table:table-row table:number-rows-repeated=\"%u\">"
		                        "<table:table-cell/></table:table-row>", n);
}

/* The code cell (hidden column G); the row's cells A..F come first. */
static void cell_code(gen *g, const char *key) { cell_text(g, S_CODE, key, 1); }

/* ---- one table ---------------------------------------------------------- */

static const char *kind_word(const thidua_cluster *c) { return td_kind_label(c->kind); }

/* Upper case copy, or NULL (and g->rc set) on failure; NULL in -> "". */
static char *upper(gen *g, const char *s)
{
	char *r = NULL;
	int rc = td_text_upper(&r, s ? s : "");

	if (rc < 0)
		fail(g, rc);
	return r;
}

static void header_block(gen *g, const layout *L, const td_unit *unit, const td_unit *scorer,
                         const char *identity)
{
	const thidua_cluster *c = g->c;
	char *body = c->parent_body && *c->parent_body ? upper(g, c->parent_body) : NULL;
	char *name = upper(g, c->name);
	td_buf s = TD_BUF_INIT;

	/* ND 30: issuing body left, national name right. */
	row_open(g);
	if (body)
		cell_text(g, S_BODY, body, 2);
	else
		cell_text(g, S_UNIT, name, 2);
	cell_text(g, S_NATION, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 4);
	cell_code(g, identity);
	row_close(g);
	row_open(g);
	cell_text(g, S_UNIT, body ? name : NULL, 2);
	cell_text(g, S_MOTTO, "Độc lập - Tự do - Hạnh phúc", 4);
	row_close(g);
	empty_rows(g, L->title - 2);

	row_open(g);
	td_buf_printf(&s, "%s NĂM %d", L->cross ? "BẢNG CHẤM ĐIỂM THI ĐUA" :
	              "BẢNG TỰ CHẤM ĐIỂM THI ĐUA", c->year);
	cell_text(g, S_TITLE, td_buf_cstr(&s), 6);
	row_close(g);
	if (L->cross) {
		td_buf_clear(&s);
		td_buf_printf(&s, "Đơn vị chấm: %s", scorer->name ? scorer->name : "");
		row_open(g);
		cell_text(g, S_SUBTITLE, td_buf_cstr(&s), 6);
		row_close(g);
		td_buf_clear(&s);
		td_buf_printf(&s, "Đơn vị được chấm: %s", unit->name ? unit->name : "");
	} else {
		td_buf_clear(&s);
		td_buf_printf(&s, "Đơn vị: %s", unit->name ? unit->name : "");
	}
	row_open(g);
	cell_text(g, S_SUBTITLE, td_buf_cstr(&s), 6);
	row_close(g);

	td_buf_clear(&s);
	td_buf_printf(&s, "(%s nhập điểm vào các ô trống của cột “Điểm tự chấm”: số từ 0 đến điểm "
	                  "tối đa của dòng, bước ", L->cross ? "Đơn vị chấm" : "Đơn vị");
	put_number_text(g, &s, g->step);
	td_buf_printf(&s, "; ghi tài liệu kiểm chứng ở cột “Ghi chú”. Cột “Điểm %s thẩm định” do "
	                  "%s ghi. Điểm các phần và tổng điểm được tính tự động.)",
	              kind_word(c), kind_word(c));
	row_open(g);
	cell_text(g, S_HINT, td_buf_cstr(&s), 6);
	row_close(g);
	empty_rows(g, L->header - L->hint - 1);
	if (td_buf_oom(&s))
		fail(g, td_error_oom());
	td_buf_free(&s);
	td_free(body);
	td_free(name);
}

static void column_header(gen *g)
{
	char cl[40];

	snprintf(cl, sizeof cl, "Điểm %s thẩm định", kind_word(g->c));
	td_buf_puts(&g->body, "<table:table-header-rows>");
	row_open(g);
	cell_text(g, S_COLHEAD, "TT", 1);
	cell_text(g, S_COLHEAD, "Nội dung tiêu chí", 1);
	cell_text(g, S_COLHEAD, "Điểm chuẩn", 1);
	cell_text(g, S_COLHEAD, "Điểm tự chấm", 1);
	cell_text(g, S_COLHEAD, cl, 1);
	cell_text(g, S_COLHEAD, "Ghi chú", 1);
	cell_code(g, TD_KEY_HEADER);
	row_close(g);
	td_buf_puts(&g->body, "</table:table-header-rows>");
}

/* Display numbering: the code of a section, the last component else. */
static const char *tt_of(const td_criterion *k)
{
	const char *dot = strrchr(k->code, '.');

	return k->parent == SIZE_MAX || !dot ? k->code : dot + 1;
}

/* The score cell formula of a node: SUM of its direct children (which are
 * leaves or subtotals themselves), capped for bonus and deductions. */
static void node_formula(gen *g, td_buf *f, size_t i, int col, uint32_t *rows)
{
	const thidua_cluster *c = g->c;
	const td_criterion *k = &c->criteria[i];
	size_t j, n = 0;
	int capped = k->cap > 0 && g->info[i].cls != TD_CRIT_ITEM;

	for (j = i + 1; j < c->n_criteria; j++)
		if (c->criteria[j].parent == i)
			rows[n++] = g->crow[j];
	if (capped) {
		td_buf_puts(f, "MIN(");
		put_decimal(f, k->cap);
		td_buf_putc(f, ';');
	}
	put_sum(f, col, rows, n);
	if (capped)
		td_buf_putc(f, ')');
}

static void criterion_row(gen *g, size_t i, uint32_t *rows)
{
	const td_criterion *k = &g->c->criteria[i];
	const td_crit_info *in = &g->info[i];
	int sec = k->parent == SIZE_MAX, col;
	int64_t shown = 0;
	td_buf f = TD_BUF_INIT;

	row_open(g);
	cell_text(g, sec ? S_SECTT : S_TT, tt_of(k), 1);
	if (k->note && *k->note)
		cell_text_note(g, sec ? S_SECTEXT : S_TEXT, k->text, k->note);
	else
		cell_text(g, sec ? S_SECTEXT : S_TEXT, k->text, 1);
	if (in->cls == TD_CRIT_ITEM)
		shown = k->max;
	else
		shown = k->cap > 0 ? k->cap : k->max;
	if (shown > 0)
		cell_number(g, in->cls == TD_CRIT_ITEM ? (sec ? S_SECNUM : S_NUM)
		                                        : (sec ? S_SECCAP : S_CAP), shown);
	else
		cell_text(g, sec ? S_SECNUM : S_NUM, NULL, 1);
	for (col = TD_COL_SELF; col <= TD_COL_CLUSTER; col++) {
		if (in->leaf) {
			cell_input(g, i, col, g->crow[i]);
			continue;
		}
		td_buf_clear(&f);
		node_formula(g, &f, i, col, rows);
		if (td_buf_oom(&f))
			break;
		cell_formula(g, sec ? S_SECNUM : S_NUM, f.ptr);
	}
	cell_text(g, S_NOTE, NULL, 1);
	cell_code(g, k->code);
	row_close(g);
	if (td_buf_oom(&f))
		fail(g, td_error_oom());
	td_buf_free(&f);
}

/* Codes of the sections of one class: "I - IV" for three or more
 * adjacent sections, else "I, II". */
static void section_list(gen *g, td_buf *b, td_crit_kind cls)
{
	const thidua_cluster *c = g->c;
	size_t i, pos = 0, n = 0, first = 0, last = 0, first_pos = 0, last_pos = 0;

	for (i = 0; i < c->n_criteria; i++) {
		if (c->criteria[i].parent != SIZE_MAX)
			continue;
		if (g->info[i].cls == cls) {
			if (!n++) {
				first = i;
				first_pos = pos;
			}
			last = i;
			last_pos = pos;
		}
		pos++;
	}
	if (n >= 3 && last_pos - first_pos + 1 == n) {
		td_buf_printf(b, "%s - %s", c->criteria[first].code, c->criteria[last].code);
		return;
	}
	n = 0;
	for (i = 0; i < c->n_criteria; i++)
		if (c->criteria[i].parent == SIZE_MAX && g->info[i].cls == cls)
			td_buf_printf(b, "%s%s", n++ ? ", " : "", c->criteria[i].code);
}

/* Rows of the sections of one class into rows; their count. */
static size_t section_rows(gen *g, td_crit_kind cls, uint32_t *rows, int64_t *sum_max,
                           int *all_capped)
{
	const thidua_cluster *c = g->c;
	size_t i, n = 0;

	*sum_max = 0;
	*all_capped = 1;
	for (i = 0; i < c->n_criteria; i++) {
		if (c->criteria[i].parent != SIZE_MAX || g->info[i].cls != cls)
			continue;
		rows[n++] = g->crow[i];
		*sum_max += cls == TD_CRIT_ITEM ? c->criteria[i].max : c->criteria[i].cap;
		if (c->criteria[i].cap <= 0)
			*all_capped = 0;
	}
	return n;
}

static void total_row(gen *g, const layout *L, td_crit_kind cls, uint32_t *rows)
{
	static const char *const tt[] = { "", "A", "B", "C" };
	td_buf label = TD_BUF_INIT, f = TD_BUF_INIT;
	const char *key;
	int64_t sum_max;
	int all_capped, col;
	size_t n = 0;

	row_open(g);
	if (cls == TD_CRIT_SECTION) { /* the grand total */
		cell_text(g, S_GRANDTEXT, NULL, 1);
		cell_text(g, S_GRANDTEXT, "TỔNG ĐIỂM (A + B - C)", 1);
		cell_text(g, S_GRANDNUM, NULL, 1);
		for (col = TD_COL_SELF; col <= TD_COL_CLUSTER; col++) {
			td_buf_clear(&f);
			put_ref(&f, col, L->base);
			td_buf_putc(&f, '+');
			put_ref(&f, col, L->bonus);
			td_buf_putc(&f, '-');
			put_ref(&f, col, L->deduct);
			if (!td_buf_oom(&f))
				cell_formula(g, S_GRANDNUM, f.ptr);
		}
		cell_text(g, S_GRANDTEXT, NULL, 1);
		key = TD_KEY_TOTAL;
		goto done;
	}
	n = section_rows(g, cls, rows, &sum_max, &all_capped);
	cell_text(g, S_SECTT, tt[cls], 1);
	if (cls == TD_CRIT_ITEM) {
		td_buf_puts(&label, n == 1 ? "Điểm phần " : "Điểm các phần ");
		key = TD_KEY_BASE;
	} else if (cls == TD_CRIT_BONUS) {
		td_buf_puts(&label, "Điểm cộng");
		key = TD_KEY_BONUS;
	} else {
		td_buf_puts(&label, "Điểm trừ");
		key = TD_KEY_DEDUCT;
	}
	if (cls != TD_CRIT_ITEM && n)
		td_buf_puts(&label, " (phần ");
	if (n)
		section_list(g, &label, cls);
	if (cls != TD_CRIT_ITEM && n)
		td_buf_putc(&label, ')');
	if (!td_buf_oom(&label))
		cell_text(g, S_TOTTEXT, label.ptr, 1);
	if (cls == TD_CRIT_ITEM && n && sum_max > 0)
		cell_number(g, S_TOTNUM, sum_max);
	else if (cls == TD_CRIT_BONUS && n && all_capped)
		cell_number(g, S_TOTCAP, sum_max);
	else
		cell_text(g, S_TOTNUM, NULL, 1);
	for (col = TD_COL_SELF; col <= TD_COL_CLUSTER; col++) {
		td_buf_clear(&f);
		if (n)
			put_sum(&f, col, rows, n);
		else
			td_buf_putc(&f, '0');
		if (!td_buf_oom(&f))
			cell_formula(g, S_TOTNUM, f.ptr);
	}
	cell_text(g, S_TOTTEXT, NULL, 1);
done:
	cell_code(g, key);
	row_close(g);
	if (td_buf_oom(&label) || td_buf_oom(&f))
		fail(g, td_error_oom());
	td_buf_free(&label);
	td_buf_free(&f);
}

static void signatures(gen *g, const layout *L)
{
	const thidua_cluster *c = g->c;
	td_buf s = TD_BUF_INIT;

	empty_rows(g, L->sign - L->total - 1);
	td_buf_printf(&s, "%s, ngày …… tháng …… năm ……", c->place && *c->place ? c->place : "……");
	row_open(g);
	cell_text(g, S_DATE, NULL, 2);
	cell_text(g, S_DATE, td_buf_cstr(&s), 4);
	row_close(g);
	row_open(g);
	cell_text(g, S_SIGN, "NGƯỜI LẬP BẢNG", 2);
	cell_text(g, S_SIGN, L->cross ? "THỦ TRƯỞNG ĐƠN VỊ CHẤM" : "THỦ TRƯỞNG ĐƠN VỊ", 4);
	row_close(g);
	row_open(g);
	cell_text(g, S_SIGNHINT, "(Ký, ghi rõ họ tên)", 2);
	cell_text(g, S_SIGNHINT, "(Ký tên, đóng dấu)", 4);
	row_close(g);
	empty_rows(g, L->last - L->sign - 2);
	if (td_buf_oom(&s))
		fail(g, td_error_oom());
	td_buf_free(&s);
}

static void layout_rows(layout *L, const thidua_cluster *c, int cross)
{
	memset(L, 0, sizeof *L);
	L->cross = cross;
	L->title = 3;
	L->unit = L->title + 1;
	L->hint = L->unit + (cross ? 2 : 1);
	L->header = L->hint + 2;
	L->first = L->header + 1;
	L->base = L->first + (uint32_t)c->n_criteria;
	L->bonus = L->base + 1;
	L->deduct = L->bonus + 1;
	L->total = L->deduct + 1;
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

static int write_table(gen *g, const char *tname, const td_unit *unit, const td_unit *scorer,
                       uint32_t *rows)
{
	const thidua_cluster *c = g->c;
	layout L;
	char *identity = NULL;
	size_t i;
	int col;

	layout_rows(&L, c, scorer != NULL);
	g->nlim = 0;
	td_free(g->qname);
	g->qname = quote_name(tname);
	if (!g->qname)
		return td_error_oom();
	identity = td_identity_format(c, unit, scorer);
	if (!identity) {
		const thidua_error *e = thidua_error_last();
		return e && e->code < 0 ? e->code : td_error_oom();
	}
	for (i = 0; i < c->n_criteria; i++)
		g->crow[i] = L.first + (uint32_t)i;

	td_buf_puts(&g->body, "<table:table table:name=\"");
	td_buf_put_xml(&g->body, tname, strlen(tname), 1);
	td_buf_puts(&g->body, "\"");
	if (g->t->table_style) {
		td_buf_puts(&g->body, " table:style-name=\"");
		td_buf_put_xml(&g->body, g->t->table_style, strlen(g->t->table_style), 1);
		td_buf_puts(&g->body, "\"");
	}
	td_buf_puts(&g->body, " table:protected=\"true\" table:print-ranges=\"");
	td_buf_put_xml(&g->body, g->qname, strlen(g->qname), 1);
	td_buf_puts(&g->body, ".A1:");
	td_buf_put_xml(&g->body, g->qname, strlen(g->qname), 1);
	td_buf_printf(&g->body, ".F%" PRIu32 "\">", L.last + 1);
	for (col = 0; col < TD_NCOLS; col++) {
		const char *st = g->t->col_style[col], *dc = g->t->col_default[col];
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
	header_block(g, &L, unit, scorer, identity);
	column_header(g);
	for (i = 0; i < c->n_criteria; i++)
		criterion_row(g, i, rows);
	total_row(g, &L, TD_CRIT_ITEM, rows);
	total_row(g, &L, TD_CRIT_BONUS, rows);
	total_row(g, &L, TD_CRIT_DEDUCTION, rows);
	total_row(g, &L, TD_CRIT_SECTION, rows);
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

static int build_content(gen *g, td_buf *out, size_t unit)
{
	const thidua_cluster *c = g->c;
	char **names = NULL;
	size_t i, nt = 0, ntables = c->cross_scoring ? c->n_units - 1 : 1;
	uint32_t *rows = NULL;
	int rc = 0;

	rows = td_calloc(c->n_criteria + 1, sizeof *rows);
	g->crow = td_calloc(c->n_criteria, sizeof *g->crow);
	g->lim = td_calloc(c->n_criteria, sizeof *g->lim);
	g->limval = td_calloc(c->n_criteria, sizeof *g->limval);
	names = td_calloc(ntables, sizeof *names);
	if (!rows || !g->crow || !g->lim || !g->limval || !names) {
		rc = td_error_oom();
		goto cleanup;
	}
	if (!c->cross_scoring) {
		names[nt] = td_strdup("Tự chấm điểm");
		if (!names[nt]) {
			rc = td_error_oom();
			goto cleanup;
		}
		nt++;
		rc = write_table(g, names[0], &c->units[unit], NULL, rows);
		if (rc < 0)
			goto cleanup;
	} else {
		for (i = 0; i < c->n_units; i++) {
			if (i == unit)
				continue;
			names[nt] = table_name(c->units[i].code, names, nt);
			if (!names[nt]) {
				rc = td_error_oom();
				goto cleanup;
			}
			nt++;
			rc = write_table(g, names[nt - 1], &c->units[i], &c->units[unit], rows);
			if (rc < 0)
				goto cleanup;
		}
	}
	td_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content");
	for (i = 0; i < N_OUR_NS; i++)
		td_buf_printf(out, " xmlns:%s=\"%s\"", our_ns[i][0], our_ns[i][1]);
	td_buf_put(out, td_buf_cstr(&g->t->ns), g->t->ns.len);
	td_buf_puts(out, " office:version=\"1.3\">");
	td_buf_put(out, td_buf_cstr(&g->t->decls), g->t->decls.len);
	td_buf_puts(out, "<office:body><office:spreadsheet>");
	if (g->vals.len) {
		td_buf_puts(out, "<table:content-validations>");
		td_buf_put(out, g->vals.ptr, g->vals.len);
		td_buf_puts(out, "</table:content-validations>");
	}
	td_buf_put(out, td_buf_cstr(&g->body), g->body.len);
	td_buf_puts(out, "</office:spreadsheet></office:body></office:document-content>\n");
	if (td_buf_oom(out) || td_buf_oom(&g->body) || td_buf_oom(&g->vals))
		rc = td_error_oom();
cleanup:
	for (i = 0; i < nt; i++)
		td_free(names[i]);
	td_free(names);
	td_free(rows);
	return rc;
}

static int build_meta(td_buf *out, const thidua_cluster *c, const td_unit *u)
{
	td_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-meta "
	                 "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
	                 "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" "
	                 "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" office:version=\"1.3\">"
	                 "<office:meta><meta:generator>thidua/" THIDUA_VERSION "</meta:generator>"
	                 "<dc:title>");
	td_buf_printf(out, "%s năm %d - ", c->cross_scoring ? "Bảng chấm điểm thi đua" :
	              "Bảng tự chấm điểm thi đua", c->year);
	td_buf_put_xml(out, u->name ? u->name : "", u->name ? strlen(u->name) : 0, 0);
	td_buf_puts(out, "</dc:title><dc:language>vi-VN</dc:language></office:meta>"
	                 "</office:document-meta>\n");
	return td_buf_oom(out) ? td_error_oom() : 0;
}

int td_sheet_write(const thidua_cluster *c, size_t unit, const char *template_path,
                   const char *out_path, int overwrite, thidua_diags *diags)
{
	tpl t;
	gen g;
	td_buf content = TD_BUF_INIT, meta = TD_BUF_INIT;
	td_pkg_writer *w = NULL;
	int rc;

	memset(&t, 0, sizeof t);
	memset(&g, 0, sizeof g);
	if (!c || !template_path || !out_path)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	if (unit >= c->n_units)
		return td_error(THIDUA_EINVAL, "Không có đơn vị thứ %zu.", "There is no unit %zu.",
		                unit + 1);
	if (c->cross_scoring && c->n_units < 2) {
		if (td_diag_add_msg(diags, THIDUA_SEV_ERROR, "sheet.cross-one-unit", NULL, c->where,
		                    NULL, NULL, "Chấm chéo cần ít nhất hai đơn vị.",
		                    "Cross-scoring needs at least two units.") < 0)
			return td_error_oom();
		return td_error(THIDUA_EDATA, "Chấm chéo cần ít nhất hai đơn vị.",
		                "Cross-scoring needs at least two units.");
	}
	g.c = c;
	g.t = &t;
	g.step = c->step > 0 ? c->step : 25;
	rc = analyse(&g.info, c, diags);
	if (rc < 0)
		goto cleanup;
	rc = tpl_open(&t, template_path, diags);
	if (rc < 0)
		goto cleanup;
	rc = build_content(&g, &content, unit);
	if (rc < 0)
		goto cleanup;
	rc = build_meta(&meta, c, &c->units[unit]);
	if (rc < 0)
		goto cleanup;
	rc = td_pkg_writer_open(&w, out_path, MT_ODS, overwrite);
	if (rc < 0)
		goto cleanup;
	rc = td_pkg_writer_add(w, "content.xml", "text/xml", content.ptr, content.len);
	if (rc == 0)
		rc = td_pkg_writer_copy(w, t.pkg, "styles.xml");
	if (rc == 0)
		rc = td_pkg_writer_add(w, "meta.xml", "text/xml", meta.ptr, meta.len);
	if (rc == 0)
		rc = td_pkg_writer_commit(w);
cleanup:
	td_pkg_writer_free(w);
	tpl_clear(&t);
	td_buf_free(&content);
	td_buf_free(&meta);
	td_buf_free(&g.body);
	td_buf_free(&g.vals);
	td_free(g.info);
	td_free(g.qname);
	td_free(g.crow);
	td_free(g.lim);
	td_free(g.limval);
	return rc;
}
