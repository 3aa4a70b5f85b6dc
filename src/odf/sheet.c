/* sheet.c - streaming the cells of an ODF spreadsheet (content.xml) with
 * libxml2's xmlReader, without expanding repeated rows or columns (ODF 1.3
 * Part 3 §9.1 tables, §6.1 paragraph text and white space). */
#include "odf/sheet.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <libxml/xmlreader.h>

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"

/* Largest repeat count taken from an attribute; anything larger is clamped
 * (it is beyond every bound anyway). */
#define REPEAT_MAX ((uint64_t)1 << 32)
/* Largest text:s count honoured before the text bound applies. */
#define SPACES_MAX 4096u

/* A non-empty cell of the current row, kept until the row ends so that a
 * repeated row can be delivered again. Strings owned (td_malloc). */
typedef struct rcell {
	uint64_t col, repeat;
	td_cell_type type;
	char *text, *value, *formula;
} rcell;

typedef struct reader {
	xmlTextReaderPtr rd;
	td_sheet_fn on_sheet;
	td_cell_fn on_cell;
	void *ctx;
	int rc;                 /* first failure or callback stop value */

	char *sheet;            /* owned: current table:name */
	size_t sheet_index;
	int table_depth;        /* XML depth of the current table, -1 outside */
	int skip_depth;         /* XML depth of a subtree being skipped, -1 none */

	int in_row;
	uint64_t row, row_repeat, col;
	rcell *cells;           /* owned: the current row's non-empty cells */
	size_t n_cells, cap_cells;

	int in_cell, cell_depth;
	rcell cur;              /* the cell being read (text in `text`) */
	td_buf text;
	int paras, in_para, para_depth, pending_space, para_started;
	uint64_t delivered;

	int err_line;           /* first XML error */
	char err_msg[256];
} reader;

size_t td_xml_root_offset(const char *xml, size_t len, int *has_doctype)
{
	size_t i = 0;

	if (has_doctype)
		*has_doctype = 0;
	if (len >= 3 && memcmp(xml, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len) {
		char c = xml[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			i++;
			continue;
		}
		if (c != '<')
			return (size_t)-1;
		if (i + 1 < len && xml[i + 1] == '?') {
			const char *e = NULL;
			size_t j;
			for (j = i + 2; j + 1 < len; j++)
				if (xml[j] == '?' && xml[j + 1] == '>') {
					e = xml + j;
					break;
				}
			if (!e)
				return (size_t)-1;
			i = (size_t)(e - xml) + 2;
			continue;
		}
		if (i + 3 < len && memcmp(xml + i, "<!--", 4) == 0) {
			size_t j;
			int found = 0;
			for (j = i + 4; j + 2 < len; j++)
				if (memcmp(xml + j, "-->", 3) == 0) {
					found = 1;
					break;
				}
			if (!found)
				return (size_t)-1;
			i = j + 3;
			continue;
		}
		if (i + 1 < len && xml[i + 1] == '!') {
			if (has_doctype)
				*has_doctype = 1;
			return (size_t)-1;
		}
		return i;
	}
	return (size_t)-1;
}

static void on_xml_error(void *arg, xmlErrorPtr err)
{
	reader *r = arg;
	size_t n;

	if (!err || r->err_line)
		return;
	r->err_line = err->line > 0 ? err->line : 1;
	snprintf(r->err_msg, sizeof r->err_msg, "%s", err->message ? err->message : "?");
	n = strlen(r->err_msg);
	while (n && (r->err_msg[n - 1] == '\n' || r->err_msg[n - 1] == ' '))
		r->err_msg[--n] = '\0';
}

static int is(const xmlChar *ns, const xmlChar *local, const char *want_ns, const char *want)
{
	return ns && local && strcmp((const char *)ns, want_ns) == 0 &&
	       strcmp((const char *)local, want) == 0;
}

/* An attribute copied with td_strdup into *out (NULL when absent). */
static int attr_dup(reader *r, const char *ns, const char *name, char **out)
{
	xmlChar *v = xmlTextReaderGetAttributeNs(r->rd, BAD_CAST name, BAD_CAST ns);

	*out = NULL;
	if (!v)
		return 0;
	*out = td_strdup((const char *)v);
	xmlFree(v);
	return *out ? 0 : td_error_oom();
}

/* A non-negative count attribute (number-rows-repeated, text:c, ...);
 * `def` when absent, malformed or zero. */
static uint64_t attr_count(reader *r, const char *ns, const char *name, uint64_t def)
{
	xmlChar *v = xmlTextReaderGetAttributeNs(r->rd, BAD_CAST name, BAD_CAST ns);
	const char *p;
	uint64_t n = 0;

	if (!v)
		return def;
	for (p = (const char *)v; *p == ' '; p++)
		;
	if (*p < '0' || *p > '9')
		n = 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		n = n * 10 + (uint64_t)(*p - '0');
		if (n > REPEAT_MAX)
			n = REPEAT_MAX;
	}
	xmlFree(v);
	return n ? n : def;
}

static void rcell_clear(rcell *c)
{
	td_free(c->text);
	td_free(c->value);
	td_free(c->formula);
	memset(c, 0, sizeof *c);
}

static void row_clear(reader *r)
{
	size_t i;

	for (i = 0; i < r->n_cells; i++)
		rcell_clear(&r->cells[i]);
	r->n_cells = 0;
}

static int fail_limit_cell(reader *r, uint64_t row, uint64_t col)
{
	return td_error(THIDUA_ELIMIT,
	                "Trang tính \"%s\": có ô không trống ở hàng %llu, cột %llu, vượt giới hạn %u hàng × %u cột.",
	                "Sheet \"%s\": a non-empty cell at row %llu, column %llu is beyond the limit of %u rows × %u columns.",
	                r->sheet ? r->sheet : "", (unsigned long long)row + 1,
	                (unsigned long long)col + 1, TD_SHEET_MAX_ROWS, TD_SHEET_MAX_COLS);
}

/* Deliver the buffered row `row_repeat` times. */
static int row_end(reader *r)
{
	uint64_t rep, k;
	size_t i;
	td_cell cell;

	r->in_row = 0;
	if (r->n_cells == 0) {
		r->row += r->row_repeat;
		return 0;
	}
	if (r->row + r->row_repeat > TD_SHEET_MAX_ROWS)
		return fail_limit_cell(r, r->row + r->row_repeat - 1, r->cells[0].col);
	for (rep = 0; rep < r->row_repeat; rep++) {
		for (i = 0; i < r->n_cells; i++) {
			const rcell *c = &r->cells[i];
			for (k = 0; k < c->repeat; k++) {
				int stop;

				if (++r->delivered > TD_SHEET_MAX_DELIVERED)
					return td_error(THIDUA_ELIMIT,
					                "Trang tính \"%s\": quá %u ô (kể cả ô lặp lại).",
					                "Sheet \"%s\": more than %u cells (repeats included).",
					                r->sheet ? r->sheet : "", TD_SHEET_MAX_DELIVERED);
				cell.sheet = r->sheet ? r->sheet : "";
				cell.row = (uint32_t)(r->row + rep);
				cell.col = (uint32_t)(c->col + k);
				cell.type = c->type;
				cell.text = c->text;
				cell.value = c->value;
				cell.formula = c->formula;
				stop = r->on_cell ? r->on_cell(r->ctx, &cell) : 0;
				if (stop)
					return stop;
			}
		}
	}
	r->row += r->row_repeat;
	row_clear(r);
	return 0;
}

static int cell_start(reader *r, int depth)
{
	char *vt = NULL;
	int rc;

	memset(&r->cur, 0, sizeof r->cur);
	td_buf_clear(&r->text);
	r->paras = r->in_para = r->pending_space = r->para_started = 0;
	r->in_cell = 1;
	r->cell_depth = depth;
	r->cur.col = r->col;
	r->cur.repeat = attr_count(r, NS_TABLE, "number-columns-repeated", 1);
	rc = attr_dup(r, NS_OFFICE, "value-type", &vt);
	if (rc)
		return rc;
	r->cur.type = TD_CELL_STRING;
	if (vt) {
		const char *attr = NULL;

		if (!strcmp(vt, "float") || !strcmp(vt, "percentage") || !strcmp(vt, "currency")) {
			r->cur.type = TD_CELL_FLOAT;
			attr = "value";
		} else if (!strcmp(vt, "date")) {
			r->cur.type = TD_CELL_DATE;
			attr = "date-value";
		} else if (!strcmp(vt, "time")) {
			r->cur.type = TD_CELL_TIME;
			attr = "time-value";
		} else if (!strcmp(vt, "boolean")) {
			r->cur.type = TD_CELL_BOOL;
			attr = "boolean-value";
		}
		td_free(vt);
		if (attr) {
			rc = attr_dup(r, NS_OFFICE, attr, &r->cur.value);
			if (rc)
				return rc;
			if (!r->cur.value) /* a typed cell without its value: keep the text */
				r->cur.type = TD_CELL_STRING;
		}
	}
	return attr_dup(r, NS_TABLE, "formula", &r->cur.formula);
}

static int cell_end(reader *r)
{
	rcell *c = &r->cur;
	uint64_t col = r->col;

	r->in_cell = 0;
	r->col += c->repeat;
	if (r->col > REPEAT_MAX * 2)
		r->col = REPEAT_MAX * 2;
	if (!c->value && !c->formula && r->text.len == 0) {
		rcell_clear(c);
		return 0;
	}
	if (col + c->repeat > TD_SHEET_MAX_COLS) {
		uint64_t last = col + c->repeat - 1;

		rcell_clear(c);
		return fail_limit_cell(r, r->row, last);
	}
	c->text = td_strndup(r->text.ptr ? r->text.ptr : "", r->text.len);
	if (!c->text || td_buf_oom(&r->text))
		goto oom;
	if (r->n_cells == r->cap_cells) {
		size_t cap = r->cap_cells ? r->cap_cells * 2 : 16;
		rcell *n = td_realloc(r->cells, cap * sizeof *n);
		if (!n)
			goto oom;
		r->cells = n;
		r->cap_cells = cap;
	}
	r->cells[r->n_cells++] = *c;
	memset(c, 0, sizeof *c);
	return 0;
oom:
	rcell_clear(c);
	return td_error_oom();
}

static int text_check(reader *r, size_t extra)
{
	if (r->text.len + extra > TD_SHEET_MAX_TEXT)
		return td_error(THIDUA_ELIMIT,
		                "Trang tính \"%s\": một ô có nội dung dài quá %u byte.",
		                "Sheet \"%s\": a cell's text is longer than %u bytes.",
		                r->sheet ? r->sheet : "", TD_SHEET_MAX_TEXT);
	return 0;
}

/* Character data inside a paragraph: runs of white space collapse to one
 * space, none at the start or end of the paragraph (§6.1.2). */
static int text_add(reader *r, const char *s)
{
	int rc = text_check(r, strlen(s) + 1);

	if (rc)
		return rc;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			if (r->para_started)
				r->pending_space = 1;
			continue;
		}
		if (r->pending_space) {
			td_buf_putc(&r->text, ' ');
			r->pending_space = 0;
		}
		td_buf_putc(&r->text, *s);
		r->para_started = 1;
	}
	return td_buf_oom(&r->text) ? td_error_oom() : 0;
}

/* Explicit white space (text:s, text:tab, text:line-break): kept as is. */
static int text_put_ws(reader *r, char c, uint64_t n)
{
	int rc;

	if (n > SPACES_MAX)
		n = SPACES_MAX;
	rc = text_check(r, (size_t)n + 1);
	if (rc)
		return rc;
	if (r->pending_space) {
		td_buf_putc(&r->text, ' ');
		r->pending_space = 0;
	}
	while (n--)
		td_buf_putc(&r->text, c);
	r->para_started = 1;
	return td_buf_oom(&r->text) ? td_error_oom() : 0;
}

static int table_start(reader *r, int depth, int empty)
{
	int rc;

	td_free(r->sheet);
	r->sheet = NULL;
	rc = attr_dup(r, NS_TABLE, "name", &r->sheet);
	if (rc)
		return rc;
	if (!r->sheet && !(r->sheet = td_strdup("")))
		return td_error_oom();
	r->table_depth = empty ? -1 : depth;
	r->row = 0;
	if (r->on_sheet)
		return r->on_sheet(r->ctx, r->sheet, r->sheet_index++);
	r->sheet_index++;
	return 0;
}

static int element_start(reader *r)
{
	const xmlChar *ns = xmlTextReaderConstNamespaceUri(r->rd);
	const xmlChar *local = xmlTextReaderConstLocalName(r->rd);
	int depth = xmlTextReaderDepth(r->rd);
	int empty = xmlTextReaderIsEmptyElement(r->rd);
	int rc;

	if (is(ns, local, NS_TABLE, "table")) {
		if (r->table_depth >= 0) { /* a table inside a table: not cells of this sheet */
			if (!empty)
				r->skip_depth = depth;
			return 0;
		}
		return table_start(r, depth, empty);
	}
	if (r->table_depth < 0)
		return 0;
	if (r->in_cell) {
		if (is(ns, local, NS_TEXT, "p") || is(ns, local, NS_TEXT, "h")) {
			if (r->in_para)
				return 0;
			if (r->paras++) {
				rc = text_check(r, 1);
				if (rc)
					return rc;
				td_buf_putc(&r->text, '\n');
			}
			r->pending_space = 0;
			r->para_started = 0;
			if (!empty) {
				r->in_para = 1;
				r->para_depth = depth;
			}
			return td_buf_oom(&r->text) ? td_error_oom() : 0;
		}
		if (is(ns, local, NS_OFFICE, "annotation") || is(ns, local, NS_TEXT, "note") ||
		    (ns && strcmp((const char *)ns, NS_DRAW) == 0)) {
			if (!empty)
				r->skip_depth = depth;
			return 0;
		}
		if (!r->in_para)
			return 0;
		if (is(ns, local, NS_TEXT, "s"))
			return text_put_ws(r, ' ', attr_count(r, NS_TEXT, "c", 1));
		if (is(ns, local, NS_TEXT, "tab"))
			return text_put_ws(r, '\t', 1);
		if (is(ns, local, NS_TEXT, "line-break"))
			return text_put_ws(r, '\n', 1);
		return 0;
	}
	if (is(ns, local, NS_TABLE, "table-row")) {
		r->in_row = 1;
		r->col = 0;
		r->row_repeat = attr_count(r, NS_TABLE, "number-rows-repeated", 1);
		row_clear(r);
		return empty ? row_end(r) : 0;
	}
	if (!r->in_row)
		return 0;
	if (is(ns, local, NS_TABLE, "covered-table-cell")) {
		r->col += attr_count(r, NS_TABLE, "number-columns-repeated", 1);
		if (!empty)
			r->skip_depth = depth;
		return 0;
	}
	if (is(ns, local, NS_TABLE, "table-cell")) {
		rc = cell_start(r, depth);
		if (rc)
			return rc;
		return empty ? cell_end(r) : 0;
	}
	return 0;
}

static int element_end(reader *r)
{
	const xmlChar *ns = xmlTextReaderConstNamespaceUri(r->rd);
	const xmlChar *local = xmlTextReaderConstLocalName(r->rd);
	int depth = xmlTextReaderDepth(r->rd);

	if (r->table_depth < 0)
		return 0;
	if (r->in_cell) {
		if (depth == r->cell_depth)
			return cell_end(r);
		if (r->in_para && depth == r->para_depth)
			r->in_para = 0;
		return 0;
	}
	if (r->in_row && is(ns, local, NS_TABLE, "table-row"))
		return row_end(r);
	if (depth == r->table_depth && is(ns, local, NS_TABLE, "table")) {
		r->table_depth = -1;
		r->in_row = 0;
		row_clear(r);
	}
	return 0;
}

static int step(reader *r)
{
	int type = xmlTextReaderNodeType(r->rd);

	if (r->skip_depth >= 0) {
		if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r->rd) == r->skip_depth)
			r->skip_depth = -1;
		return 0;
	}
	switch (type) {
	case XML_READER_TYPE_DOCUMENT_TYPE:
		return td_error(THIDUA_EFORMAT, "Tài liệu có khai báo DOCTYPE: không được phép.",
		                "The document has a DOCTYPE declaration: refused.");
	case XML_READER_TYPE_ELEMENT:
		return element_start(r);
	case XML_READER_TYPE_END_ELEMENT:
		return element_end(r);
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_WHITESPACE:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		if (r->in_cell && r->in_para) {
			const xmlChar *v = xmlTextReaderConstValue(r->rd);
			return v ? text_add(r, (const char *)v) : 0;
		}
		return 0;
	default:
		return 0;
	}
}

int td_sheet_read_xml(const char *xml, size_t len, td_sheet_fn on_sheet,
                      td_cell_fn on_cell, void *ctx)
{
	reader r;
	int doctype = 0, ret;

	memset(&r, 0, sizeof r);
	r.table_depth = -1;
	r.skip_depth = -1;
	r.on_sheet = on_sheet;
	r.on_cell = on_cell;
	r.ctx = ctx;
	if (len > INT_MAX)
		return td_error(THIDUA_ELIMIT, "content.xml quá lớn (%zu byte).",
		                "content.xml is too large (%zu bytes).", len);
	if (td_xml_root_offset(xml, len, &doctype) == (size_t)-1 && doctype)
		return td_error(THIDUA_EFORMAT, "Tài liệu có khai báo DOCTYPE: không được phép.",
		                "The document has a DOCTYPE declaration: refused.");
	r.rd = xmlReaderForMemory(xml, (int)len, NULL, NULL, XML_PARSE_NONET);
	if (!r.rd)
		return td_error_oom();
	xmlTextReaderSetStructuredErrorHandler(r.rd, on_xml_error, &r);
	while ((ret = xmlTextReaderRead(r.rd)) == 1) {
		r.rc = step(&r);
		if (r.rc)
			break;
	}
	if (!r.rc && (ret < 0 || r.err_line))
		r.rc = td_error(THIDUA_EFORMAT, "content.xml, dòng %d: XML hỏng: %s",
		                "content.xml, line %d: malformed XML: %s",
		                r.err_line ? r.err_line : 1, r.err_line ? r.err_msg : "?");
	xmlFreeTextReader(r.rd);
	row_clear(&r);
	rcell_clear(&r.cur);
	td_free(r.cells);
	td_free(r.sheet);
	td_buf_free(&r.text);
	return r.rc;
}

int td_sheet_read(const td_pkg *pkg, td_sheet_fn on_sheet, td_cell_fn on_cell, void *ctx)
{
	char *xml = NULL;
	size_t len = 0;
	int rc;

	rc = td_pkg_read(pkg, "content.xml", &xml, &len);
	if (rc)
		return rc;
	rc = td_sheet_read_xml(xml, len, on_sheet, on_cell, ctx);
	td_free(xml);
	return rc;
}

void td_a1(char *buf, size_t size, uint32_t row, uint32_t col)
{
	char letters[8];
	int n = 0, i;
	uint64_t c = (uint64_t)col + 1;
	size_t pos = 0;

	if (!size)
		return;
	while (c > 0 && n < (int)sizeof letters) {
		c--;
		letters[n++] = (char)('A' + c % 26);
		c /= 26;
	}
	for (i = n - 1; i >= 0 && pos + 1 < size; i--)
		buf[pos++] = letters[i];
	snprintf(buf + pos, size - pos, "%llu", (unsigned long long)row + 1);
}

char *td_a1_where(const char *sheet, uint32_t row, uint32_t col)
{
	char a1[32];
	td_buf b = TD_BUF_INIT;

	td_a1(a1, sizeof a1, row, col);
	td_buf_printf(&b, "%s!%s", sheet ? sheet : "", a1);
	return td_buf_detach(&b);
}
