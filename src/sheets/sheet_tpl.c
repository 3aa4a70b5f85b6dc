/* sheet_tpl.c - the scoring sheet's template (templates/scoring-sheet.fods,
 * docs/scoring-sheet.md): opened, its Td… cell styles checked (present;
 * TdScore and TdNote unprotected), its fonts, automatic styles, column
 * styles and table style taken for the generated content.xml, with the
 * locked style of the verification cells (TD_VERIFY_STYLE) added. */
#include "sheets/sheets_int.h"
#include "util/alloc.h"
#include "util/diag.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

const char *const td_sheet_style_names[S_COUNT] = {
	"TdBody", "TdUnit", "TdNation", "TdMotto", "TdTitle", "TdSubtitle", "TdHint",
	"TdColHead", "TdSecTT", "TdSecText", "TdSecNum", "TdSecCap", "TdTT", "TdText",
	"TdNum", "TdCap", "TdScore", "TdNote", "TdTotText", "TdTotNum", "TdTotCap",
	"TdGrandText", "TdGrandNum", "TdDate", "TdSign", "TdSignHint", "TdCode",
};

const char *const td_sheet_ns[][2] = {
	{ "office", NS_OFFICE },
	{ "style", NS_STYLE },
	{ "text", "urn:oasis:names:tc:opendocument:xmlns:text:1.0" },
	{ "table", NS_TABLE },
	{ "fo", "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" },
	{ "number", "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" },
	{ "svg", "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" },
	{ "of", "urn:oasis:names:tc:opendocument:xmlns:of:1.2" },
};
const size_t td_sheet_n_ns = sizeof td_sheet_ns / sizeof td_sheet_ns[0];

void tpl_clear(tpl *t)
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
		if (find_style(styles, td_sheet_style_names[i]))
			continue;
		td_buf_printf(&missing, "%s%s", missing.len ? ", " : "", td_sheet_style_names[i]);
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

static int dump_write(void *ctx, const char *data, int len)
{
	return td_buf_put(ctx, data, (size_t)len) < 0 ? -1 : len;
}

/* Serialize a node (without comments) and append it. Through an output
 * buffer writing into b: libxml2 2.9's xmlNodeDump into an xmlBuffer frees
 * a block twice when an allocation fails. */
static int dump_node(td_buf *b, xmlDocPtr doc, xmlNodePtr n)
{
	xmlOutputBufferPtr out = xmlOutputBufferCreateIO(dump_write, NULL, b, NULL);
	unsigned long failures = td_alloc_failures();
	int rc = 0;

	if (!out)
		return td_error_oom();
	drop_comments(n);
	xmlNodeDumpOutput(out, doc, n, 0, 0, NULL);
	if (xmlOutputBufferClose(out) < 0 || td_buf_oom(b) || td_alloc_failures() != failures)
		rc = td_error_oom();
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

/* A length of ODF in hundredths of a cm ("7.6cm", "76mm", "3in", "72pt");
 * 0 when it is none of these. */
static int64_t length_cm(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || v <= 0 || v > 1000)
		return 0;
	if (!strcmp(end, "cm"))
		return (int64_t)(v * 100 + 0.5);
	if (!strcmp(end, "mm"))
		return (int64_t)(v * 10 + 0.5);
	if (!strcmp(end, "in"))
		return (int64_t)(v * 254 + 0.5);
	if (!strcmp(end, "pt"))
		return (int64_t)(v * 254 / 72 + 0.5);
	return 0;
}

/* The width of the column style `name` among the automatic styles of the
 * template's content.xml, hundredths of a cm; 0 when not found. */
static int64_t column_cm(xmlNodePtr root, const char *name)
{
	xmlNodePtr n = child_el(root, NS_OFFICE, "automatic-styles");
	int64_t w = 0;

	if (!name)
		return 0;
	for (n = n ? n->children : NULL; n && !w; n = n->next) {
		xmlNodePtr p;
		xmlChar *v;
		if (!is_el(n, NS_STYLE, "style") || !attr_is(n, NS_STYLE, "name", name))
			continue;
		p = child_el(n, NS_STYLE, "table-column-properties");
		v = p ? xmlGetNsProp(p, (const xmlChar *)"column-width", (const xmlChar *)NS_STYLE)
		      : NULL;
		if (v)
			w = length_cm((const char *)v);
		xmlFree(v);
	}
	return w;
}

int tpl_open(tpl *t, const char *path, thidua_diags *diags)
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
		for (i = 0; i < td_sheet_n_ns; i++) {
			if (strcmp((const char *)ns->prefix, td_sheet_ns[i][0]) != 0)
				continue;
			known = 1;
			if (strcmp((const char *)ns->href, td_sheet_ns[i][1]) != 0) {
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
	/* the template's automatic styles and the locked verification cell's */
	td_buf_puts(&t->decls, "<office:automatic-styles>");
	n = child_el(root, NS_OFFICE, "automatic-styles");
	for (n = n ? n->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && (rc = dump_node(&t->decls, doc, n)) < 0)
			goto cleanup;
	td_buf_puts(&t->decls, "<style:style style:name=\"" TD_VERIFY_STYLE "\" "
	                       "style:family=\"table-cell\" style:parent-style-name=\"TdScore\">"
	                       "<style:table-cell-properties style:cell-protect=\"protected\"/>"
	                       "</style:style>"
	                       "<style:style style:name=\"" TD_RULE_STYLE "\" "
	                       "style:family=\"table-cell\" style:parent-style-name=\"TdUnit\">"
	                       "<style:table-cell-properties style:vertical-align=\"top\"/>"
	                       "<style:paragraph-properties fo:text-align=\"center\"/>"
	                       "<style:text-properties fo:font-size=\"7pt\" fo:font-weight=\"normal\" "
	                       "style:text-underline-style=\"solid\" style:text-underline-width=\"auto\" "
	                       "style:text-underline-color=\"font-color\" "
	                       "style:text-underline-mode=\"continuous\"/>"
	                       "</style:style></office:automatic-styles>");
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
	t->name_width = column_cm(root, t->col_style[0]) + column_cm(root, t->col_style[1]);
	if (t->name_width <= 0)
		t->name_width = 860; /* the bundled template's 1 + 7,6 cm */
	if (oom || td_buf_oom(&t->ns) || td_buf_oom(&t->decls))
		rc = td_error_oom();
cleanup:
	xmlFreeDoc(doc);
	return rc;
}

