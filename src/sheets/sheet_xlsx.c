/* sheet_xlsx.c - the scoring sheet as Office Open XML (.xlsx), for units
 * that work in Microsoft Excel. The tables are the ones the ODS writer
 * generated (content.xml of sheet_write.c, a closed subset of ODF that this
 * project writes itself): one table description, two serialisations. This
 * file walks that content and writes SpreadsheetML (ECMA-376 Part 1, 18):
 * the cells (numbers, inline strings, formulas in Excel syntax with their
 * cached values), merged cells, column widths and the hidden key column,
 * cell styles (a fixed translation of the Td styles: fonts, fills,
 * borders, alignment, number formats, locked / unlocked), data
 * validations (custom formulas and lists, with their messages, one per
 * cell so that relative references need no anchor), sheet protection
 * (with the head's password hash when given: ECMA-376 Part 1 §18.3.1.85),
 * and the print setup (A4 landscape, the template's
 * margins, one page wide, the header row repeated, the print area, the
 * page number in the header from page 2 on).
 *
 * Number formats carry the Vietnamese locale ([$-42A]): LibreOffice then
 * shows and parses the cells in Vietnamese, as in the .ods; Excel always
 * uses the computer's separators (the messages say so, sheet_valid.c).
 * Cell comments (a criterion's note) are not written. */
#include "odf/package.h"
#include "sheets/sheets_int.h"
#include "util/alloc.h"
#include "util/error.h"

#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_FO "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
#define NS_SML "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define MAX_TABLES 1000

/* ---- styles --------------------------------------------------------------- */

enum { H_GEN, H_CENTER, H_LEFT };
enum { V_BOTTOM, V_CENTER, V_TOP };
enum { F_NONE, F_GREY, F_YELLOW };
enum { N_GEN, N_NUM, N_CAP };

typedef struct xstyle {
	unsigned char bold, italic, underline, size, fill, border, h, v, wrap, num, unlocked, grey;
} xstyle;

/* The look of each Td style of templates/scoring-sheet.fods, indexed like
 * td_sheet_style_names; xf index = S_* + 1 (0 is the default). */
static const xstyle xstyles[S_COUNT] = {
	[S_BODY] = { 0, 0, 0, 12, F_NONE, 0, H_CENTER, V_BOTTOM, 1, N_GEN, 0, 0 },
	[S_UNIT] = { 1, 0, 0, 12, F_NONE, 0, H_CENTER, V_TOP, 1, N_GEN, 0, 0 },
	[S_NATION] = { 1, 0, 0, 12, F_NONE, 0, H_CENTER, V_BOTTOM, 0, N_GEN, 0, 0 },
	[S_MOTTO] = { 1, 0, 1, 13, F_NONE, 0, H_CENTER, V_TOP, 0, N_GEN, 0, 0 },
	[S_TITLE] = { 1, 0, 0, 14, F_NONE, 0, H_CENTER, V_CENTER, 1, N_GEN, 0, 0 },
	[S_SUBTITLE] = { 1, 0, 0, 13, F_NONE, 0, H_CENTER, V_CENTER, 1, N_GEN, 0, 0 },
	[S_HINT] = { 0, 1, 0, 11, F_NONE, 0, H_CENTER, V_CENTER, 1, N_GEN, 0, 0 },
	[S_COLHEAD] = { 1, 0, 0, 12, F_GREY, 1, H_CENTER, V_CENTER, 1, N_GEN, 0, 0 },
	[S_SECTT] = { 1, 0, 0, 12, F_NONE, 1, H_CENTER, V_TOP, 0, N_GEN, 0, 0 },
	[S_SECTEXT] = { 1, 0, 0, 12, F_NONE, 1, H_LEFT, V_TOP, 1, N_GEN, 0, 0 },
	[S_SECNUM] = { 1, 0, 0, 12, F_NONE, 1, H_CENTER, V_TOP, 0, N_NUM, 0, 0 },
	[S_SECCAP] = { 1, 0, 0, 12, F_NONE, 1, H_CENTER, V_TOP, 0, N_CAP, 0, 0 },
	[S_TT] = { 0, 0, 0, 12, F_NONE, 1, H_CENTER, V_TOP, 0, N_GEN, 0, 0 },
	[S_TEXT] = { 0, 0, 0, 12, F_NONE, 1, H_LEFT, V_TOP, 1, N_GEN, 0, 0 },
	[S_NUM] = { 0, 0, 0, 12, F_NONE, 1, H_CENTER, V_TOP, 0, N_NUM, 0, 0 },
	[S_CAP] = { 0, 0, 0, 12, F_NONE, 1, H_CENTER, V_TOP, 0, N_CAP, 0, 0 },
	[S_SCORE] = { 0, 0, 0, 12, F_YELLOW, 1, H_CENTER, V_TOP, 0, N_NUM, 1, 0 },
	[S_NOTE] = { 0, 0, 0, 11, F_YELLOW, 1, H_LEFT, V_TOP, 1, N_GEN, 1, 0 },
	[S_TOTTEXT] = { 1, 0, 0, 12, F_NONE, 1, H_LEFT, V_CENTER, 1, N_GEN, 0, 0 },
	[S_TOTNUM] = { 1, 0, 0, 12, F_NONE, 1, H_CENTER, V_CENTER, 0, N_NUM, 0, 0 },
	[S_TOTCAP] = { 1, 0, 0, 12, F_NONE, 1, H_CENTER, V_CENTER, 0, N_CAP, 0, 0 },
	[S_GRANDTEXT] = { 1, 0, 0, 13, F_GREY, 1, H_LEFT, V_CENTER, 1, N_GEN, 0, 0 },
	[S_GRANDNUM] = { 1, 0, 0, 13, F_GREY, 1, H_CENTER, V_CENTER, 0, N_NUM, 0, 0 },
	[S_DATE] = { 0, 1, 0, 13, F_NONE, 0, H_CENTER, V_CENTER, 0, N_GEN, 0, 0 },
	[S_SIGN] = { 1, 0, 0, 13, F_NONE, 0, H_CENTER, V_CENTER, 1, N_GEN, 0, 0 },
	[S_SIGNHINT] = { 0, 1, 0, 12, F_NONE, 0, H_CENTER, V_CENTER, 0, N_GEN, 0, 0 },
	[S_CODE] = { 0, 0, 0, 8, F_NONE, 0, H_GEN, V_CENTER, 0, N_GEN, 0, 1 },
};

static void put_styles(td_buf *b)
{
	static const char *const h[] = { NULL, "center", "left" };
	static const char *const v[] = { "bottom", "center", "top" };
	int i;

	td_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	               "<styleSheet xmlns=\"" NS_SML "\">"
	               "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"[$-42A]General\"/>"
	               "<numFmt numFmtId=\"165\" formatCode=\"[$-42A]&quot;≤ &quot;General\"/></numFmts>");
	td_buf_printf(b, "<fonts count=\"%d\">", S_COUNT + 2);
	td_buf_puts(b, "<font><sz val=\"12\"/><name val=\"Times New Roman\"/><family val=\"1\"/></font>");
	for (i = 0; i < S_COUNT; i++) {
		const xstyle *s = &xstyles[i];
		td_buf_puts(b, "<font>");
		if (s->bold)
			td_buf_puts(b, "<b/>");
		if (s->italic)
			td_buf_puts(b, "<i/>");
		if (s->underline)
			td_buf_puts(b, "<u/>");
		td_buf_printf(b, "<sz val=\"%d\"/>", s->size);
		if (s->grey)
			td_buf_puts(b, "<color rgb=\"FF808080\"/>");
		td_buf_puts(b, "<name val=\"Times New Roman\"/><family val=\"1\"/></font>");
	}
	/* S_COUNT + 1: the rule under the issuing body, underlined spaces */
	td_buf_puts(b, "<font><u/><sz val=\"7\"/><name val=\"Times New Roman\"/><family val=\"1\"/>"
	               "</font>");
	td_buf_puts(b, "</fonts><fills count=\"4\"><fill><patternFill patternType=\"none\"/></fill>"
	               "<fill><patternFill patternType=\"gray125\"/></fill>"
	               "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFE7E6E6\"/>"
	               "<bgColor indexed=\"64\"/></patternFill></fill>"
	               "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFFFF6D5\"/>"
	               "<bgColor indexed=\"64\"/></patternFill></fill></fills>"
	               "<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border>"
	               "<border><left style=\"thin\"><color rgb=\"FF000000\"/></left>"
	               "<right style=\"thin\"><color rgb=\"FF000000\"/></right>"
	               "<top style=\"thin\"><color rgb=\"FF000000\"/></top>"
	               "<bottom style=\"thin\"><color rgb=\"FF000000\"/></bottom><diagonal/></border>"
	               "</borders><cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" "
	               "fillId=\"0\" borderId=\"0\"/></cellStyleXfs>");
	td_buf_printf(b, "<cellXfs count=\"%d\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" "
	                 "borderId=\"0\" xfId=\"0\"/>", S_COUNT + 3);
	/* S_COUNT: the verification cells, TdScore's look but locked */
	for (i = 0; i <= S_COUNT; i++) {
		const xstyle *s = &xstyles[i < S_COUNT ? i : S_SCORE];
		int fill = s->fill == F_GREY ? 2 : s->fill == F_YELLOW ? 3 : 0;
		td_buf_printf(b, "<xf numFmtId=\"%d\" fontId=\"%d\" fillId=\"%d\" borderId=\"%d\" "
		                 "xfId=\"0\" applyNumberFormat=\"1\" applyFont=\"1\" applyFill=\"1\" "
		                 "applyBorder=\"1\" applyAlignment=\"1\" applyProtection=\"1\">",
		              s->num == N_NUM ? 164 : s->num == N_CAP ? 165 : 0,
		              (i < S_COUNT ? i : S_SCORE) + 1, fill, s->border);
		td_buf_puts(b, "<alignment");
		if (h[s->h])
			td_buf_printf(b, " horizontal=\"%s\"", h[s->h]);
		td_buf_printf(b, " vertical=\"%s\"%s/>", v[s->v], s->wrap ? " wrapText=\"1\"" : "");
		td_buf_printf(b, "<protection locked=\"%d\"/></xf>", s->unlocked && i < S_COUNT ? 0 : 1);
	}
	/* S_COUNT + 2: TD_RULE_STYLE */
	td_buf_printf(b, "<xf numFmtId=\"0\" fontId=\"%d\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
	                 "applyFont=\"1\" applyAlignment=\"1\"><alignment horizontal=\"center\" "
	                 "vertical=\"top\"/></xf>", S_COUNT + 1);
	td_buf_puts(b, "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" "
	               "builtinId=\"0\"/></cellStyles></styleSheet>\n");
}

static int style_index(const char *name)
{
	int i;

	if (!name)
		return 0;
	if (!strcmp(name, TD_VERIFY_STYLE))
		return S_COUNT + 1;
	if (!strcmp(name, TD_RULE_STYLE))
		return S_COUNT + 2;
	for (i = 0; i < S_COUNT; i++)
		if (!strcmp(name, td_sheet_style_names[i]))
			return i + 1;
	return 0;
}

/* The look of xf index si (style_index): a Td style's, the verification
 * cells' (TdScore's) or the rule's (7 pt, one line). */
static const xstyle *xstyle_of(int si)
{
	static const xstyle rule = { 0, 0, 1, 7, F_NONE, 0, H_CENTER, V_TOP, 0, N_GEN, 0, 0 };

	if (si >= 1 && si <= S_COUNT)
		return &xstyles[si - 1];
	return si == S_COUNT + 1 ? &xstyles[S_SCORE] : &rule;
}

/* ---- references and formulas --------------------------------------------- */

static void put_col(td_buf *b, unsigned col)
{
	char s[8];
	int n = 0;

	col++;
	while (col && n < 7) {
		s[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	while (n)
		td_buf_putc(b, s[--n]);
}

static void put_cell(td_buf *b, unsigned col, unsigned row)
{
	put_col(b, col);
	td_buf_printf(b, "%u", row + 1);
}

/* Parse "E10" (no sheet, no $) at *p; 0 on success. */
static int parse_ref(const char **p, long *col, long *row)
{
	const char *s = *p;
	long c = 0, r = 0;

	if (*s == '$')
		s++;
	if (!(*s >= 'A' && *s <= 'Z'))
		return -1;
	while (*s >= 'A' && *s <= 'Z')
		c = c * 26 + (*s++ - 'A' + 1);
	if (*s == '$')
		s++;
	if (!(*s >= '0' && *s <= '9'))
		return -1;
	while (*s >= '0' && *s <= '9')
		r = r * 10 + (*s++ - '0');
	*col = c - 1;
	*row = r - 1;
	*p = s;
	return 0;
}

/* An OpenFormula expression of this project's sheets (references to the
 * same table: [.E10], [.F21:.F22]; ";" separators; "…" strings) in Excel
 * syntax, each reference moved by (dc, dr). -1 on what it cannot read. */
static int formula_xl(td_buf *b, const char *f, long dc, long dr)
{
	const char *p = f;

	if (!strncmp(p, "of:", 3))
		p += 3;
	if (*p == '=')
		p++;
	while (*p) {
		if (*p == '"') {
			const char *q = strchr(p + 1, '"');
			while (q && q[1] == '"')
				q = strchr(q + 2, '"');
			if (!q)
				return -1;
			td_buf_put(b, p, (size_t)(q + 1 - p));
			p = q + 1;
		} else if (*p == '[') {
			p++;
			for (;;) {
				long col, row;
				if (*p == '.')
					p++;
				if (parse_ref(&p, &col, &row) < 0 || col + dc < 0 || row + dr < 0)
					return -1;
				put_cell(b, (unsigned)(col + dc), (unsigned)(row + dr));
				if (*p == ':') {
					td_buf_putc(b, ':');
					p++;
					continue;
				}
				break;
			}
			if (*p++ != ']')
				return -1;
		} else if (*p == ';') {
			td_buf_putc(b, ',');
			p++;
		} else {
			td_buf_putc(b, *p++);
		}
	}
	return 0;
}

/* ---- one worksheet ------------------------------------------------------ */

typedef struct xval {
	const char *name;
	xmlNodePtr node;
	long bcol, brow;       /* base cell */
} xval;

typedef struct xsheet {
	td_buf data, merges, dvs;
	unsigned nmerge, ndv;
	unsigned head_first, head_last; /* 1-based; 0 none */
	char *name;
	int protect;
	const char *prot_hash; /* sheetProtection's password attributes, or NULL */
	char *print_area;      /* "A1:I40" or NULL */
	double width[64];      /* column widths, Excel characters */
	unsigned ncol;
} xsheet;

static int is_el(xmlNodePtr n, const char *ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && !strcmp((const char *)n->ns->href, ns) &&
	       !strcmp((const char *)n->name, name);
}

static char *attr(xmlNodePtr n, const char *ns, const char *name)
{
	return (char *)xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)ns);
}

static unsigned uattr(xmlNodePtr n, const char *ns, const char *name, unsigned dflt)
{
	char *s = attr(n, ns, name);
	unsigned long v = dflt;

	if (s) {
		v = strtoul(s, NULL, 10);
		xmlFree(s);
	}
	return v == 0 ? dflt : (unsigned)v;
}

static void put_attr(td_buf *b, const char *name, const char *v)
{
	td_buf_printf(b, " %s=\"", name);
	td_buf_put_xml(b, v ? v : "", v ? strlen(v) : 0, 1);
	td_buf_putc(b, '"');
}

/* The text of a cell: its text:p children joined with new lines (not the
 * text of an annotation). */
static void cell_text_of(td_buf *b, xmlNodePtr cell)
{
	xmlNodePtr p;
	int first = 1;

	for (p = cell->children; p; p = p->next) {
		xmlChar *s;
		if (!is_el(p, NS_TEXT, "p"))
			continue;
		if (!first)
			td_buf_putc(b, '\n');
		first = 0;
		s = xmlNodeGetContent(p);
		if (s)
			td_buf_puts(b, (const char *)s);
		xmlFree(s);
	}
}

/* The validation of cell (col, row). */
static int put_validation(xsheet *x, const xval *v, unsigned col, unsigned row)
{
	td_buf *b = &x->dvs;
	char *cond = attr(v->node, NS_TABLE, "condition");
	xmlNodePtr m;
	td_buf f = TD_BUF_INIT, t = TD_BUF_INIT;
	int rc = 0, list = 0;

	if (!cond)
		return td_error(THIDUA_EINVAL, "Quy tắc nhập %s không có điều kiện.",
		                "Validation %s has no condition.", v->name);
	if (!strncmp(cond, "of:is-true-formula(", 19) && cond[strlen(cond) - 1] == ')') {
		cond[strlen(cond) - 1] = 0;
		if (formula_xl(&f, cond + 19, (long)col - v->bcol, (long)row - v->brow) < 0)
			rc = -1;
	} else if (!strncmp(cond, "of:cell-content-is-in-list(", 27)) {
		const char *p = cond + 27;
		list = 1;
		td_buf_putc(&f, '"');
		while (*p == '"') {
			const char *q = strchr(p + 1, '"');
			if (!q)
				break;
			if (f.len > 1)
				td_buf_putc(&f, ',');
			td_buf_put(&f, p + 1, (size_t)(q - p - 1));
			p = q + 1;
			if (*p == ';')
				p++;
		}
		td_buf_putc(&f, '"');
		if (*p != ')')
			rc = -1;
	} else {
		rc = -1;
	}
	if (rc < 0) {
		rc = td_error(THIDUA_EINVAL, "Không chuyển được quy tắc nhập %s sang .xlsx: %s",
		              "Cannot write validation %s to .xlsx: %s", v->name, cond);
		goto done;
	}
	td_buf_printf(b, "<dataValidation type=\"%s\" errorStyle=\"stop\" allowBlank=\"1\" "
	                 "showInputMessage=\"1\" showErrorMessage=\"1\"", list ? "list" : "custom");
	for (m = v->node->children; m; m = m->next) {
		int help = is_el(m, NS_TABLE, "help-message");
		char *title;
		if (!help && !is_el(m, NS_TABLE, "error-message"))
			continue;
		title = attr(m, NS_TABLE, "title");
		put_attr(b, help ? "promptTitle" : "errorTitle", title);
		xmlFree(title);
		td_buf_clear(&t);
		cell_text_of(&t, m);
		put_attr(b, help ? "prompt" : "error", td_buf_cstr(&t));
	}
	td_buf_puts(b, " sqref=\"");
	put_cell(b, col, row);
	td_buf_puts(b, "\"><formula1>");
	td_buf_put_xml(b, td_buf_cstr(&f), f.len, 0);
	td_buf_puts(b, "</formula1></dataValidation>");
	x->ndv++;
done:
	xmlFree(cond);
	td_buf_free(&f);
	td_buf_free(&t);
	return rc;
}

static const xval *find_val(const xval *vals, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(vals[i].name, name))
			return &vals[i];
	return NULL;
}

/* The height in points that a text needs in a cell of style st spanning
 * columns col..col+span-1: lines of the font size, as many as the text
 * takes at about half an em a character (Times New Roman). */
static double text_height(const xsheet *x, const xstyle *st, const char *text, unsigned col,
                          unsigned span)
{
	double w = 0, cpl, lines = 0;
	unsigned k;
	size_t n = 0;
	const char *p;

	for (k = col; k < col + span && k < x->ncol; k++)
		w += x->width[k];
	if (w <= 0)
		w = 9.14 * span;
	/* an Excel width unit is a digit of Times New Roman 12, 8 pixels: 6 pt;
	 * padding aside; lines break at spaces, which in a narrow column loses
	 * a good part of each line ("Điểm Cụm thẩm định" takes four lines of
	 * 1.8 cm, not three) */
	cpl = (w * 6 - 4) / (st->size * (st->bold ? 0.6 : 0.5));
	if (cpl < 10)
		cpl *= 0.85;
	if (cpl < 1)
		cpl = 1;
	for (p = text;; p++) {
		if (*p == '\n' || !*p) {
			double q = (double)n / cpl;
			size_t l = (size_t)q;
			if (!st->wrap)
				l = 1;
			else if ((double)l < q || n == 0)
				l++;
			lines += (double)l;
			n = 0;
			if (!*p)
				break;
		} else if (((unsigned char)*p & 0xC0) != 0x80) {
			n++;
		}
	}
	return lines * st->size * 1.2 + 4;
}

static int put_row_cells(xsheet *x, xmlNodePtr row, unsigned r, const xval *vals, size_t nval)
{
	xmlNodePtr c;
	unsigned col = 0;
	int rc = 0;

	td_buf cells = TD_BUF_INIT, saved = x->data;
	double ht = 15.75;

	x->data = cells;   /* the cells first: the row's height depends on them */
	for (c = row->children; c && rc == 0; c = c->next) {
		unsigned rep, span, rspan, k;
		char *st, *type, *val, *form, *vname;
		int covered = is_el(c, NS_TABLE, "covered-table-cell");
		if (!covered && !is_el(c, NS_TABLE, "table-cell"))
			continue;
		rep = uattr(c, NS_TABLE, "number-columns-repeated", 1);
		if (covered || rep > 1) {  /* covered, or repeated empty cells */
			col += rep;
			continue;
		}
		st = attr(c, NS_TABLE, "style-name");
		type = attr(c, NS_OFFICE, "value-type");
		val = attr(c, NS_OFFICE, "value");
		form = attr(c, NS_TABLE, "formula");
		vname = attr(c, NS_TABLE, "content-validation-name");
		span = uattr(c, NS_TABLE, "number-columns-spanned", 1);
		rspan = uattr(c, NS_TABLE, "number-rows-spanned", 1);
		td_buf_puts(&x->data, "<c r=\"");
		put_cell(&x->data, col, r);
		td_buf_printf(&x->data, "\" s=\"%d\"", style_index(st));
		if (form) {
			td_buf_puts(&x->data, "><f>");
			{
				td_buf f = TD_BUF_INIT;
				if (formula_xl(&f, form, 0, 0) < 0)
					rc = td_error(THIDUA_EINVAL, "Không chuyển được công thức sang .xlsx: %s",
					              "Cannot write a formula to .xlsx: %s", form);
				td_buf_put_xml(&x->data, td_buf_cstr(&f), f.len, 0);
				td_buf_free(&f);
			}
			td_buf_printf(&x->data, "</f><v>%s</v></c>", val ? val : "0");
		} else if (type && !strcmp(type, "float") && val) {
			td_buf_printf(&x->data, "><v>%s</v></c>", val);
		} else if (type && !strcmp(type, "string")) {
			td_buf t = TD_BUF_INIT;
			int si = style_index(st);
			cell_text_of(&t, c);
			if (si > 0) {
				double h = text_height(x, xstyle_of(si), td_buf_cstr(&t), col, span);
				if (h > ht)
					ht = h;
			}
			td_buf_puts(&x->data, " t=\"inlineStr\"><is><t xml:space=\"preserve\">");
			td_buf_put_xml(&x->data, td_buf_cstr(&t), t.len, 0);
			td_buf_puts(&x->data, "</t></is></c>");
			td_buf_free(&t);
		} else {
			td_buf_puts(&x->data, "/>");
		}
		/* the other cells of a merge carry the style (borders) */
		for (k = 1; k < span; k++) {
			td_buf_puts(&x->data, "<c r=\"");
			put_cell(&x->data, col + k, r);
			td_buf_printf(&x->data, "\" s=\"%d\"/>", style_index(st));
		}
		if (span > 1 || rspan > 1) {
			td_buf_puts(&x->merges, "<mergeCell ref=\"");
			put_cell(&x->merges, col, r);
			td_buf_putc(&x->merges, ':');
			put_cell(&x->merges, col + span - 1, r + rspan - 1);
			td_buf_puts(&x->merges, "\"/>");
			x->nmerge++;
		}
		if (vname && rc == 0) {
			const xval *v = find_val(vals, nval, vname);
			rc = v ? put_validation(x, v, col, r)
			       : td_error(THIDUA_EINVAL, "Thiếu quy tắc nhập %s.", "Validation %s is missing.",
			                  vname);
		}
		col++;   /* the covered cells of a span follow */
		xmlFree(st);
		xmlFree(type);
		xmlFree(val);
		xmlFree(form);
		xmlFree(vname);
	}
	cells = x->data;
	x->data = saved;
	/* Excel and LibreOffice do not size rows of wrapped text when they
	 * open an .xlsx: the height is estimated from the text's length */
	td_buf_printf(&x->data, "<row r=\"%u\" ht=\"%.2f\" customHeight=\"1\">", r + 1, ht);
	td_buf_put(&x->data, td_buf_cstr(&cells), cells.len);
	td_buf_puts(&x->data, "</row>");
	td_buf_free(&cells);
	return rc;
}

/* The width of an ODF length in Excel's character units: pixels at 96 dpi
 * over the maximum digit width of the default font, Times New Roman 12 pt:
 * 8 pixels (half an em of 16). With 7 and a padding, the columns came out
 * a sixth wider than the template's and the page printed scaled to 83 %
 * (the text at 10 pt); now LibreOffice prints the .xlsx at the size of the
 * .ods (the issuing body's line measures the same in both PDFs). */
static double width_chars(const char *len)
{
	char *end;
	double v = strtod(len, &end), cm = v;

	if (!strcmp(end, "mm"))
		cm = v / 10;
	else if (!strcmp(end, "in"))
		cm = v * 2.54;
	else if (!strcmp(end, "pt"))
		cm = v * 2.54 / 72;
	return cm / 2.54 * 96 / 8;
}

static char *column_width(xmlNodePtr root, const char *style)
{
	xmlNodePtr as, s, p;

	for (as = root->children; as; as = as->next)
		if (is_el(as, NS_OFFICE, "automatic-styles"))
			for (s = as->children; s; s = s->next) {
				char *name;
				int match;
				if (!is_el(s, NS_STYLE, "style"))
					continue;
				name = attr(s, NS_STYLE, "name");
				match = name && !strcmp(name, style);
				xmlFree(name);
				if (!match)
					continue;
				for (p = s->children; p; p = p->next)
					if (is_el(p, NS_STYLE, "table-column-properties"))
						return attr(p, NS_STYLE, "column-width");
			}
	return NULL;
}

static int put_rows(xsheet *x, xmlNodePtr parent, unsigned *r, const xval *vals, size_t nval,
                    int header)
{
	xmlNodePtr n;
	int rc = 0;

	for (n = parent->children; n && rc == 0; n = n->next) {
		if (is_el(n, NS_TABLE, "table-header-rows")) {
			rc = put_rows(x, n, r, vals, nval, 1);
		} else if (is_el(n, NS_TABLE, "table-row")) {
			unsigned rep = uattr(n, NS_TABLE, "number-rows-repeated", 1);
			if (rep == 1) {
				if (header) {
					if (!x->head_first)
						x->head_first = *r + 1;
					x->head_last = *r + 1;
				}
				rc = put_row_cells(x, n, *r, vals, nval);
			}
			*r += rep;
		}
	}
	return rc;
}

static int table_sheet(xsheet *x, td_buf *out, xmlNodePtr root, xmlNodePtr table,
                       const xval *vals, size_t nval, const td_buf *page)
{
	xmlNodePtr n;
	unsigned col = 0, r = 0;
	char *prot = attr(table, NS_TABLE, "protected"), *pr = attr(table, NS_TABLE, "print-ranges");
	int rc;

	x->name = (char *)xmlGetNsProp(table, (const xmlChar *)"name", (const xmlChar *)NS_TABLE);
	x->protect = prot && !strcmp(prot, "true");
	xmlFree(prot);
	if (pr) {
		/* 'Name'.A1:'Name'.I40 -> A1:I40 */
		char *colon = strrchr(pr, ':'), *d1, *d2;
		if (colon) {
			*colon = 0;
			d1 = strrchr(pr, '.');
			d2 = strrchr(colon + 1, '.');
			if (d1 && d2) {
				td_buf a = TD_BUF_INIT;
				td_buf_printf(&a, "$%.*s$%s:$%.*s$%s", (int)strspn(d1 + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
				              d1 + 1, d1 + 1 + strspn(d1 + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
				              (int)strspn(d2 + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), d2 + 1,
				              d2 + 1 + strspn(d2 + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
				x->print_area = td_buf_oom(&a) ? NULL : td_buf_detach(&a);
				td_buf_free(&a);
			}
		}
		xmlFree(pr);
	}
	for (n = table->children; n && x->ncol < sizeof x->width / sizeof x->width[0]; n = n->next) {
		char *st, *w = NULL;
		if (!is_el(n, NS_TABLE, "table-column"))
			continue;
		st = attr(n, NS_TABLE, "style-name");
		if (st)
			w = column_width(root, st);
		x->width[x->ncol++] = w ? width_chars(w) : 9.14;
		xmlFree(st);
		xmlFree(w);
	}
	rc = put_rows(x, table, &r, vals, nval, 0);
	if (rc < 0)
		return rc;

	td_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	                 "<worksheet xmlns=\"" NS_SML "\" xmlns:r=\"" NS_R "\">"
	                 "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"
	                 "<sheetViews><sheetView workbookViewId=\"0\"/></sheetViews>"
	                 "<sheetFormatPr defaultRowHeight=\"15.75\"/><cols>");
	for (n = table->children; n && col < x->ncol; n = n->next) {
		char *vis;
		if (!is_el(n, NS_TABLE, "table-column"))
			continue;
		vis = attr(n, NS_TABLE, "visibility");
		td_buf_printf(out, "<col min=\"%u\" max=\"%u\" width=\"%.2f\" customWidth=\"1\"%s/>",
		              col + 1, col + 1, x->width[col],
		              vis && strcmp(vis, "visible") ? " hidden=\"1\"" : "");
		col++;
		xmlFree(vis);
	}
	td_buf_puts(out, "</cols><sheetData>");
	td_buf_put(out, td_buf_cstr(&x->data), x->data.len);
	td_buf_puts(out, "</sheetData>");
	if (x->protect) {
		td_buf_puts(out, "<sheetProtection");
		if (x->prot_hash)
			td_buf_puts(out, x->prot_hash);
		td_buf_puts(out, " sheet=\"1\" objects=\"1\" scenarios=\"1\"/>");
	}
	if (x->nmerge) {
		td_buf_printf(out, "<mergeCells count=\"%u\">", x->nmerge);
		td_buf_put(out, td_buf_cstr(&x->merges), x->merges.len);
		td_buf_puts(out, "</mergeCells>");
	}
	if (x->ndv) {
		td_buf_printf(out, "<dataValidations count=\"%u\">", x->ndv);
		td_buf_put(out, td_buf_cstr(&x->dvs), x->dvs.len);
		td_buf_puts(out, "</dataValidations>");
	}
	td_buf_put(out, td_buf_cstr(page), page->len);
	td_buf_puts(out, "</worksheet>\n");
	return td_buf_oom(out) || td_buf_oom(&x->data) ? td_error_oom() : 0;
}

/* ---- print setup from the template's page layout -------------------------- */

static double cm_of(xmlNodePtr n, const char *ns, const char *name, double dflt)
{
	char *s = attr(n, ns, name), *end;
	double v = dflt;

	if (s) {
		v = strtod(s, &end);
		if (!strcmp(end, "mm"))
			v /= 10;
		else if (!strcmp(end, "in"))
			v *= 2.54;
		else if (!strcmp(end, "pt"))
			v = v * 2.54 / 72;
		xmlFree(s);
	}
	return v;
}

static xmlNodePtr find_el(xmlNodePtr n, const char *ns, const char *name)
{
	for (; n; n = n->next) {
		xmlNodePtr r;
		if (is_el(n, ns, name))
			return n;
		if ((r = find_el(n->children, ns, name)))
			return r;
	}
	return NULL;
}

/* pageMargins, pageSetup, headerFooter (worksheet tail) from styles.xml. */
static int page_setup(td_buf *b, const td_pkg *pkg)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr pl, hf, root;
	double top = 2, bottom = 2, left = 3, right = 1.5, head = 0, foot = 0;
	int landscape = 1, rc, first = 0, number = 0;

	rc = td_pkg_parse(pkg, "styles.xml", &doc);
	if (rc < 0)
		return rc;
	root = xmlDocGetRootElement(doc);
	pl = find_el(root, NS_STYLE, "page-layout-properties");
	if (pl) {
		char *o = attr(pl, NS_STYLE, "print-orientation");
		landscape = !o || !strcmp(o, "landscape");
		xmlFree(o);
		top = cm_of(pl, NS_FO, "margin-top", top);
		bottom = cm_of(pl, NS_FO, "margin-bottom", bottom);
		left = cm_of(pl, NS_FO, "margin-left", left);
		right = cm_of(pl, NS_FO, "margin-right", right);
		hf = find_el(pl->parent->children, NS_STYLE, "header-style");
		if (hf && (hf = find_el(hf->children, NS_STYLE, "header-footer-properties")))
			head = cm_of(hf, NS_FO, "min-height", 0) + cm_of(hf, NS_FO, "margin-bottom", 0);
		hf = find_el(pl->parent->children, NS_STYLE, "footer-style");
		if (hf && (hf = find_el(hf->children, NS_STYLE, "header-footer-properties")))
			foot = cm_of(hf, NS_FO, "min-height", 0) + cm_of(hf, NS_FO, "margin-top", 0);
	}
	first = find_el(root, NS_STYLE, "header-first") != NULL;
	hf = find_el(root, NS_STYLE, "header");
	number = hf && find_el(hf->children, NS_TEXT, "page-number") != NULL;
	xmlFreeDoc(doc);
	/* Excel: top/bottom to the body, header/footer from the edge */
	td_buf_printf(b, "<printOptions horizontalCentered=\"1\"/><pageMargins left=\"%.3f\" "
	                 "right=\"%.3f\" top=\"%.3f\" bottom=\"%.3f\" header=\"%.3f\" footer=\"%.3f\"/>",
	              left / 2.54, right / 2.54, (top + head) / 2.54, (bottom + foot) / 2.54,
	              top / 2.54, bottom / 2.54);
	td_buf_printf(b, "<pageSetup paperSize=\"9\" orientation=\"%s\" fitToWidth=\"1\" "
	                 "fitToHeight=\"0\"/>", landscape ? "landscape" : "portrait");
	if (number)
		td_buf_printf(b, "<headerFooter%s><oddHeader>&amp;C&amp;P</oddHeader>%s</headerFooter>",
		              first ? " differentFirst=\"1\"" : "", first ? "<firstHeader></firstHeader>" : "");
	return td_buf_oom(b) ? td_error_oom() : 0;
}

/* ---- the package ----------------------------------------------------------- */

static void put_sheet_name(td_buf *b, const char *name)
{
	const char *p;

	td_buf_putc(b, '\'');
	for (p = name; *p; p++) {
		if (*p == '\'')
			td_buf_putc(b, '\'');
		td_buf_putc(b, *p);
	}
	td_buf_putc(b, '\'');
}

/* Only checked by the package writer (a plain zip has no mimetype entry). */
#define MT_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

int td_sheet_xlsx_write(const char *content, size_t len, const td_pkg *tpl_pkg,
                        const char *out_path, unsigned pkg_flags, const char *prot_hash)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr root, sp = NULL, n, m;
	xval *vals = NULL;
	size_t nval = 0, capval = 0, nt = 0, i;
	xsheet *xs = NULL;
	td_buf page = TD_BUF_INIT, part = TD_BUF_INIT, wb = TD_BUF_INIT, rels = TD_BUF_INIT,
	       types = TD_BUF_INIT, names = TD_BUF_INIT;
	td_pkg_writer *w = NULL;
	int rc;

	rc = td_xml_parse(&doc, content, len, "content.xml");
	if (rc < 0)
		return rc;
	root = xmlDocGetRootElement(doc);
	sp = find_el(root, NS_OFFICE, "spreadsheet");
	if (!sp) {
		rc = td_error(THIDUA_EINVAL, "Không có bảng tính.", "No spreadsheet.");
		goto cleanup;
	}
	rc = page_setup(&page, tpl_pkg);
	if (rc < 0)
		goto cleanup;
	for (n = sp->children; n; n = n->next) {
		if (is_el(n, NS_TABLE, "content-validations")) {
			for (m = n->children; m; m = m->next) {
				char *base, *dot;
				const char *q;
				xval *v;
				if (!is_el(m, NS_TABLE, "content-validation"))
					continue;
				if (nval == capval) {
					size_t cap = capval ? 2 * capval : 32;
					xval *nv = td_realloc(vals, cap * sizeof *nv);
					if (!nv) {
						rc = td_error_oom();
						goto cleanup;
					}
					vals = nv;
					capval = cap;
				}
				v = &vals[nval];
				v->node = m;
				v->name = (const char *)xmlGetNsProp(m, (const xmlChar *)"name",
				                                     (const xmlChar *)NS_TABLE);
				nval++;
				base = attr(m, NS_TABLE, "base-cell-address");
				dot = base ? strrchr(base, '.') : NULL;
				q = dot ? dot + 1 : "";
				if (!v->name || parse_ref(&q, &v->bcol, &v->brow) < 0) {
					xmlFree(base);
					rc = td_error(THIDUA_EINVAL, "Quy tắc nhập không có ô gốc.",
					              "A validation has no base cell.");
					goto cleanup;
				}
				xmlFree(base);
			}
		} else if (is_el(n, NS_TABLE, "table")) {
			nt++;
		}
	}
	if (nt == 0 || nt > MAX_TABLES) {
		rc = td_error(THIDUA_EINVAL, "Số bảng không hợp lệ.", "Invalid number of tables.");
		goto cleanup;
	}
	xs = td_calloc(nt, sizeof *xs);
	if (!xs) {
		rc = td_error_oom();
		goto cleanup;
	}
	rc = td_pkg_writer_open(&w, out_path, MT_XLSX, pkg_flags | TD_PKG_PLAIN);
	if (rc < 0)
		goto cleanup;

	td_buf_puts(&types, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	                    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	                    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	                    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	                    "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
	                    "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>");
	td_buf_puts(&wb, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	                 "<workbook xmlns=\"" NS_SML "\" xmlns:r=\"" NS_R "\"><bookViews>"
	                 "<workbookView/></bookViews><sheets>");
	td_buf_puts(&rels, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	                   "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
	i = 0;
	for (n = sp->children; n && rc == 0; n = n->next) {
		char pname[64];
		if (!is_el(n, NS_TABLE, "table"))
			continue;
		td_buf_clear(&part);
		xs[i].prot_hash = prot_hash;
		rc = table_sheet(&xs[i], &part, root, n, vals, nval, &page);
		if (rc < 0)
			break;
		snprintf(pname, sizeof pname, "xl/worksheets/sheet%zu.xml", i + 1);
		rc = td_pkg_writer_add(w, pname, "", part.ptr, part.len);
		td_buf_printf(&types, "<Override PartName=\"/%s\" ContentType=\"application/"
		                      "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>",
		              pname);
		td_buf_puts(&wb, "<sheet");
		put_attr(&wb, "name", xs[i].name);
		td_buf_printf(&wb, " sheetId=\"%zu\" r:id=\"rId%zu\"/>", i + 1, i + 1);
		td_buf_printf(&rels, "<Relationship Id=\"rId%zu\" Type=\"http://schemas.openxmlformats.org/"
		                     "officeDocument/2006/relationships/worksheet\" Target=\"worksheets/"
		                     "sheet%zu.xml\"/>", i + 1, i + 1);
		if (xs[i].print_area) {
			td_buf_printf(&names, "<definedName name=\"_xlnm.Print_Area\" localSheetId=\"%zu\">", i);
			{
				td_buf q = TD_BUF_INIT;
				put_sheet_name(&q, xs[i].name ? xs[i].name : "");
				td_buf_printf(&q, "!%s", xs[i].print_area);
				td_buf_put_xml(&names, td_buf_cstr(&q), q.len, 0);
				td_buf_free(&q);
			}
			td_buf_puts(&names, "</definedName>");
		}
		if (xs[i].head_first) {
			td_buf q = TD_BUF_INIT;
			td_buf_printf(&names, "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"%zu\">",
			              i);
			put_sheet_name(&q, xs[i].name ? xs[i].name : "");
			td_buf_printf(&q, "!$%u:$%u", xs[i].head_first, xs[i].head_last);
			td_buf_put_xml(&names, td_buf_cstr(&q), q.len, 0);
			td_buf_free(&q);
			td_buf_puts(&names, "</definedName>");
		}
		i++;
	}
	if (rc < 0)
		goto cleanup;
	td_buf_puts(&wb, "</sheets>");
	if (names.len) {
		td_buf_puts(&wb, "<definedNames>");
		td_buf_put(&wb, names.ptr, names.len);
		td_buf_puts(&wb, "</definedNames>");
	}
	td_buf_puts(&wb, "<calcPr calcId=\"191029\" fullCalcOnLoad=\"1\"/></workbook>\n");
	td_buf_printf(&rels, "<Relationship Id=\"rId%zu\" Type=\"http://schemas.openxmlformats.org/"
	                     "officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
	                     "</Relationships>\n", nt + 1);
	td_buf_puts(&types, "</Types>\n");
	td_buf_clear(&part);
	put_styles(&part);
	if (td_buf_oom(&wb) || td_buf_oom(&rels) || td_buf_oom(&types) || td_buf_oom(&part) ||
	    td_buf_oom(&names)) {
		rc = td_error_oom();
		goto cleanup;
	}
	rc = td_pkg_writer_add(w, "xl/styles.xml", "", part.ptr, part.len);
	if (rc == 0)
		rc = td_pkg_writer_add(w, "xl/workbook.xml", "", wb.ptr, wb.len);
	if (rc == 0)
		rc = td_pkg_writer_add(w, "xl/_rels/workbook.xml.rels", "", rels.ptr, rels.len);
	td_buf_clear(&part);
	td_buf_puts(&part, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	                   "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	                   "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
	                   "officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
	                   "</Relationships>\n");
	if (rc == 0)
		rc = td_buf_oom(&part) ? td_error_oom() : td_pkg_writer_add(w, "_rels/.rels", "", part.ptr,
		                                                          part.len);
	if (rc == 0)
		rc = td_pkg_writer_add(w, "[Content_Types].xml", "", types.ptr, types.len);
	if (rc == 0)
		rc = td_pkg_writer_commit(w);
cleanup:
	td_pkg_writer_free(w);
	for (i = 0; xs && i < nt; i++) {
		td_buf_free(&xs[i].data);
		td_buf_free(&xs[i].merges);
		td_buf_free(&xs[i].dvs);
		xmlFree(xs[i].name);
		td_free(xs[i].print_area);
	}
	td_free(xs);
	for (i = 0; i < nval; i++)
		xmlFree((void *)vals[i].name);
	td_free(vals);
	td_buf_free(&page);
	td_buf_free(&part);
	td_buf_free(&wb);
	td_buf_free(&rels);
	td_buf_free(&types);
	td_buf_free(&names);
	xmlFreeDoc(doc);
	return rc;
}
