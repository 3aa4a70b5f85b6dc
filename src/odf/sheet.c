/* sheet.c - streaming the cells of an ODF spreadsheet (content.xml) with
 * libxml2's xmlReader, without expanding repeated rows or columns (ODF 1.3
 * Part 3 §9.1 tables, §6.1 paragraph text and white space). */
#include "odf/sheet.h"
#include "odf/xml.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <libxml/uri.h>
#include <libxml/xmlreader.h>

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_ODF_PREFIX "urn:oasis:names:tc:opendocument:xmlns:"

/* The namespaces the reader tells apart. */
enum { NS_NONE = 0, NS_I_OFFICE, NS_I_TABLE, NS_I_TEXT, NS_I_DRAW };

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
	size_t cost;            /* bytes it counts against the budget, once
	                           per delivery */
	int in_log;             /* the strings are the log's (dlog_strndup) */
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

	const char *file;       /* named in messages; NULL: "content.xml" */
	uint64_t budget;        /* bytes of cell content that may be delivered
	                           (repeats count) or buffered */
	uint64_t used;          /* delivered so far */
	uint64_t row_bytes;     /* buffered in the current row */
	int flat;               /* a whole flat document: check its root */
	int want_sheet;         /* flat: refuse what is not a spreadsheet */
	int root_seen;

	td_xml_err err;         /* first XML error */
	struct scan *sc;        /* the fast path's scanner when it reads */
	struct dlog *log;       /* the fast path: sheets and cells kept here,
	                           given to the callbacks once the whole
	                           document is known to be within its subset */
} reader;

/* A sheet or a cell kept for delivery (type -1: a sheet starts). */
typedef struct dl_ev {
	const char *sheet, *text, *value, *formula;
	size_t index;
	uint32_t row, col;
	int type;
} dl_ev;

/* Past this many kept events the fast path gives up keeping them and
 * reads the document again, delivering as it goes (a bound on memory: a
 * hostile document may deliver millions of cells). */
#define DLOG_MAX_EVENTS ((size_t)1 << 18)
/* The same for the cells' strings, kept in the log's chunks. */
#define DLOG_MAX_BYTES ((size_t)64 << 20)
#define DLOG_CHUNK ((size_t)16 << 10)
#define DLOG_FULL 2 /* from the reader's code: the log is full */

typedef struct dl_chunk {
	struct dl_chunk *next;
	size_t used, cap;
	char data[];
} dl_chunk;

typedef struct dlog {
	dl_ev *ev;
	size_t n, cap;
	char **own;             /* strings the events borrow, freed at the end */
	size_t n_own, cap_own;
	dl_chunk *chunks;       /* the cells' strings, newest first */
	size_t bytes;           /* in all chunks */
} dlog;

/* A copy of s[0..n) and a NUL in the log's chunks (one allocation for
 * many cells' strings, all freed with the log): 0, DLOG_FULL, or out of
 * memory. */
static int dlog_strndup(dlog *l, const char *s, size_t n, char **out)
{
	dl_chunk *c = l->chunks;

	*out = NULL;
	if (n >= DLOG_MAX_BYTES)
		return DLOG_FULL;
	if (!c || c->cap - c->used < n + 1) {
		size_t cap = n + 1 > DLOG_CHUNK ? n + 1 : DLOG_CHUNK;

		if (cap > DLOG_MAX_BYTES - l->bytes)
			return DLOG_FULL;
		if (!(c = td_malloc(sizeof *c + cap)))
			return td_error_oom();
		c->used = 0;
		c->cap = cap;
		c->next = l->chunks;
		l->chunks = c;
		l->bytes += cap;
	}
	*out = c->data + c->used;
	memcpy(*out, s, n);
	(*out)[n] = '\0';
	c->used += n + 1;
	return 0;
}

static int dlog_event(dlog *l, const dl_ev *e)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		dl_ev *n;

		if (cap > DLOG_MAX_EVENTS)
			cap = DLOG_MAX_EVENTS;
		if (l->n == cap)
			return DLOG_FULL;
		if (!(n = td_realloc(l->ev, cap * sizeof *n)))
			return td_error_oom();
		l->ev = n;
		l->cap = cap;
	}
	l->ev[l->n++] = *e;
	return 0;
}

/* Take s (owned) into the log: 0, or out of memory (s still the caller's). */
static int dlog_own(dlog *l, char *s)
{
	if (!s)
		return 0;
	if (l->n_own == l->cap_own) {
		size_t cap = l->cap_own ? l->cap_own * 2 : 256;
		char **n = td_realloc(l->own, cap * sizeof *n);

		if (!n)
			return td_error_oom();
		l->own = n;
		l->cap_own = cap;
	}
	l->own[l->n_own++] = s;
	return 0;
}

static void dlog_free(dlog *l)
{
	size_t i;

	for (i = 0; i < l->n_own; i++)
		td_free(l->own[i]);
	while (l->chunks) {
		dl_chunk *c = l->chunks;

		l->chunks = c->next;
		td_free(c);
	}
	td_free(l->own);
	td_free(l->ev);
	memset(l, 0, sizeof *l);
}

static int scan_attr(struct scan *sc, int ns, const char *name, const xmlChar **v);

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

	td_xml_err_record(&r->err, err);
}

static const char *rfile(const reader *r) { return r->file ? r->file : "content.xml"; }

/* Whether the element {ns}local (llen bytes, not NUL-ended when the
 * scanner reads) is {want_ns}want, want a string literal. */
#define is(ns, local, llen, want_ns, want) \
	((ns) == (want_ns) && (llen) == sizeof(want) - 1 && \
	 memcmp((local), (want), sizeof(want) - 1) == 0)

/* The namespace of a node (NS_NONE for any other): one comparison of the
 * prefix the ODF namespaces share, then of the rest. */
static int ns_of(const xmlNode *n)
{
	const char *h;

	if (!n->ns || !n->ns->href)
		return NS_NONE;
	h = (const char *)n->ns->href;
	if (strncmp(h, NS_ODF_PREFIX, sizeof NS_ODF_PREFIX - 1) != 0)
		return NS_NONE;
	h += sizeof NS_ODF_PREFIX - 1;
	if (!strcmp(h, "table:1.0"))
		return NS_I_TABLE;
	if (!strcmp(h, "text:1.0"))
		return NS_I_TEXT;
	if (!strcmp(h, "office:1.0"))
		return NS_I_OFFICE;
	if (!strcmp(h, "drawing:1.0"))
		return NS_I_DRAW;
	return NS_NONE;
}

/* The element the reader is on (at its start or its end). */
static const xmlNode *cur(const reader *r) { return xmlTextReaderCurrentNode(r->rd); }

/* The attribute {ns}name of the current element, found and valued as
 * xmlTextReaderGetAttributeNs does (xmlGetNsProp: the first attribute of
 * that name and namespace; no DTD, so no defaults), without its copy:
 * *direct is the value, borrowed when it is one text node (the common
 * case), else *owned as libxml2 makes it (xmlFree). 1, or 0 when absent. */
static int attr_get(reader *r, int ns, const char *name, const xmlChar **direct,
                    xmlChar **owned)
{
	const xmlNode *n = r->sc ? NULL : cur(r);
	const xmlAttr *a;

	*direct = NULL;
	*owned = NULL;
	if (r->sc)
		return scan_attr(r->sc, ns, name, direct);
	if (!n || n->type != XML_ELEMENT_NODE)
		return 0;
	for (a = n->properties; a; a = a->next) {
		if (!a->ns || strcmp((const char *)a->name, name) != 0 ||
		    ns_of((const xmlNode *)a) != ns)
			continue;
		if (a->children && !a->children->next &&
		    (a->children->type == XML_TEXT_NODE ||
		     a->children->type == XML_CDATA_SECTION_NODE)) {
			*direct = a->children->content;
			return *direct != NULL;
		}
		/* anything else: as libxml2 makes it (NULL, as absent, when it
		 * runs out of memory: td_error_oom_since tells) */
		*owned = xmlGetNsProp(n, BAD_CAST name, a->ns->href);
		*direct = *owned;
		return *owned != NULL;
	}
	return 0;
}

/* An attribute copied with td_strdup into *out (NULL when absent). */
static int attr_dup(reader *r, int ns, const char *name, char **out)
{
	const xmlChar *v;
	xmlChar *owned;
	int got = attr_get(r, ns, name, &v, &owned);

	*out = NULL;
	if (!got)
		return 0;
	*out = td_strdup((const char *)v);
	if (owned)
		xmlFree(owned);
	return *out ? 0 : td_error_oom();
}

/* A string of the cell being read, in the log when there is one (the
 * cell's in_log), else its own allocation. 0, DLOG_FULL, or out of
 * memory. */
static int cell_strndup(reader *r, const char *s, size_t n, char **out)
{
	if (r->log)
		return dlog_strndup(r->log, s, n, out);
	*out = td_strndup(s, n);
	return *out ? 0 : td_error_oom();
}

/* An attribute of the cell being read copied by cell_strndup into *out
 * (NULL when absent). */
static int attr_dup_cell(reader *r, int ns, const char *name, char **out)
{
	const xmlChar *v;
	xmlChar *owned;
	int got = attr_get(r, ns, name, &v, &owned), rc;

	*out = NULL;
	if (!got)
		return 0;
	rc = cell_strndup(r, (const char *)v, strlen((const char *)v), out);
	if (owned)
		xmlFree(owned);
	return rc;
}

/* A non-negative count attribute (number-rows-repeated, text:c, ...);
 * `def` when absent, malformed or zero. */
static uint64_t attr_count(reader *r, int ns, const char *name, uint64_t def)
{
	const xmlChar *v;
	xmlChar *owned;
	const char *p;
	uint64_t n = 0;

	if (attr_get(r, ns, name, &v, &owned) <= 0)
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
	if (owned)
		xmlFree(owned);
	return n ? n : def;
}

static void rcell_clear(rcell *c)
{
	if (!c->in_log) {
		td_free(c->text);
		td_free(c->value);
		td_free(c->formula);
	}
	memset(c, 0, sizeof *c);
}

static void row_clear(reader *r)
{
	size_t i;

	for (i = 0; i < r->n_cells; i++)
		rcell_clear(&r->cells[i]);
	r->n_cells = 0;
	r->row_bytes = 0;
}

static int fail_limit_cell(reader *r, uint64_t row, uint64_t col)
{
	return td_error(THIDUA_ELIMIT,
	                "%s: trang tính \"%s\": có ô không trống ở hàng %llu, cột %llu, vượt giới hạn %u hàng × %u cột.",
	                "%s: sheet \"%s\": a non-empty cell at row %llu, column %llu is beyond the limit of %u rows × %u columns.",
	                rfile(r), r->sheet ? r->sheet : "", (unsigned long long)row + 1,
	                (unsigned long long)col + 1, TD_SHEET_MAX_ROWS, TD_SHEET_MAX_COLS);
}

/* The content budget is spent: name the file, the sheet and the cell. */
static int fail_budget(reader *r, uint64_t row, uint64_t col)
{
	char a1[32];

	td_a1(a1, sizeof a1, (uint32_t)(row < UINT32_MAX ? row : UINT32_MAX),
	      (uint32_t)(col < UINT32_MAX ? col : UINT32_MAX));
	return td_error(THIDUA_ELIMIT,
	                "%s: trang tính \"%s\", ô %s: nội dung các ô (kể cả ô lặp lại) vượt %llu MiB; "
	                "tệp có thể bị hỏng hoặc được làm ra để gây hại.",
	                "%s: sheet \"%s\", cell %s: the cells' content (repeats included) exceeds "
	                "%llu MiB; the file may be damaged or made to do harm.",
	                rfile(r), r->sheet ? r->sheet : "", a1,
	                (unsigned long long)(r->budget >> 20));
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
					                "%s: trang tính \"%s\": quá %u ô (kể cả ô lặp lại).",
					                "%s: sheet \"%s\": more than %u cells (repeats included).",
					                rfile(r), r->sheet ? r->sheet : "",
					                TD_SHEET_MAX_DELIVERED);
				if (c->cost > r->budget - r->used)
					return fail_budget(r, r->row + rep, c->col + k);
				r->used += c->cost;
				cell.sheet = r->sheet ? r->sheet : "";
				cell.row = (uint32_t)(r->row + rep);
				cell.col = (uint32_t)(c->col + k);
				cell.type = c->type;
				cell.text = c->text;
				cell.value = c->value;
				cell.formula = c->formula;
				if (r->log) {
					dl_ev e;

					e.sheet = cell.sheet;
					e.text = cell.text;
					e.value = cell.value;
					e.formula = cell.formula;
					e.index = 0;
					e.row = cell.row;
					e.col = cell.col;
					e.type = (int)cell.type;
					if (!r->on_cell)
						continue;
					if ((stop = dlog_event(r->log, &e)))
						return stop;
					continue;
				}
				stop = r->on_cell ? r->on_cell(r->ctx, &cell) : 0;
				if (stop)
					return stop;
			}
		}
	}
	r->row += r->row_repeat;
	row_clear(r); /* with a log, the strings stay there (in_log) */
	return 0;
}

static int cell_start(reader *r, int depth)
{
	const xmlChar *vt;
	xmlChar *owned;
	int rc;

	memset(&r->cur, 0, sizeof r->cur);
	td_buf_clear(&r->text);
	r->paras = r->in_para = r->pending_space = r->para_started = 0;
	r->in_cell = 1;
	r->cell_depth = depth;
	r->cur.col = r->col;
	r->cur.in_log = r->log != NULL;
	r->cur.repeat = attr_count(r, NS_I_TABLE, "number-columns-repeated", 1);
	r->cur.type = TD_CELL_STRING;
	if (attr_get(r, NS_I_OFFICE, "value-type", &vt, &owned)) {
		const char *t = (const char *)vt, *attr = NULL;

		if (!strcmp(t, "float") || !strcmp(t, "percentage") || !strcmp(t, "currency")) {
			r->cur.type = TD_CELL_FLOAT;
			attr = "value";
		} else if (!strcmp(t, "date")) {
			r->cur.type = TD_CELL_DATE;
			attr = "date-value";
		} else if (!strcmp(t, "time")) {
			r->cur.type = TD_CELL_TIME;
			attr = "time-value";
		} else if (!strcmp(t, "boolean")) {
			r->cur.type = TD_CELL_BOOL;
			attr = "boolean-value";
		}
		if (owned)
			xmlFree(owned);
		if (attr) {
			rc = attr_dup_cell(r, NS_I_OFFICE, attr, &r->cur.value);
			if (rc)
				return rc;
			if (!r->cur.value) /* a typed cell without its value: keep the text */
				r->cur.type = TD_CELL_STRING;
		}
	}
	return attr_dup_cell(r, NS_I_TABLE, "formula", &r->cur.formula);
}

static int cell_end(reader *r)
{
	rcell *c = &r->cur;
	uint64_t col = r->col;
	int rc;

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
	c->cost = r->text.len + (c->value ? strlen(c->value) : 0) +
	          (c->formula ? strlen(c->formula) : 0) + 3;
	if (c->cost > r->budget - r->row_bytes) {
		rcell_clear(c);
		return fail_budget(r, r->row, col);
	}
	r->row_bytes += c->cost;
	if (td_buf_oom(&r->text))
		goto oom;
	if ((rc = cell_strndup(r, r->text.ptr ? r->text.ptr : "", r->text.len, &c->text))) {
		rcell_clear(c);
		return rc;
	}
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
		                "%s: trang tính \"%s\": một ô có nội dung dài quá %u byte.",
		                "%s: sheet \"%s\": a cell's text is longer than %u bytes.",
		                rfile(r), r->sheet ? r->sheet : "", TD_SHEET_MAX_TEXT);
	return 0;
}

/* Character data inside a paragraph: runs of white space collapse to one
 * space, none at the start or end of the paragraph (§6.1.2). */
static int text_add_n(reader *r, const char *s, size_t len)
{
	const char *e = s + len;
	int rc = text_check(r, len + 1);

	if (rc)
		return rc;
	while (s < e) {
		const char *a;

		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			if (r->para_started)
				r->pending_space = 1;
			s++;
			continue;
		}
		for (a = s; s < e && !(*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'); s++)
			;
		if (r->pending_space) {
			td_buf_putc(&r->text, ' ');
			r->pending_space = 0;
		}
		td_buf_put(&r->text, a, (size_t)(s - a));
		r->para_started = 1;
	}
	return td_buf_oom(&r->text) ? td_error_oom() : 0;
}

static int text_add(reader *r, const char *s) { return text_add_n(r, s, strlen(s)); }

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

	if (r->log) { /* the log may borrow it */
		if ((rc = dlog_own(r->log, r->sheet)))
			return rc;
	} else {
		td_free(r->sheet);
	}
	r->sheet = NULL;
	rc = attr_dup(r, NS_I_TABLE, "name", &r->sheet);
	if (rc)
		return rc;
	if (!r->sheet && !(r->sheet = td_strdup("")))
		return td_error_oom();
	r->table_depth = empty ? -1 : depth;
	r->row = 0;
	if (r->on_sheet && r->log) {
		dl_ev e;

		memset(&e, 0, sizeof e);
		e.sheet = r->sheet;
		e.index = r->sheet_index++;
		e.type = -1;
		return dlog_event(r->log, &e);
	}
	if (r->on_sheet)
		return r->on_sheet(r->ctx, r->sheet, r->sheet_index++);
	r->sheet_index++;
	return 0;
}

#define MIME_ODS "application/vnd.oasis.opendocument.spreadsheet"

/* The root of a flat document: office:document, a spreadsheet (or a
 * spreadsheet template) when want_sheet. */
static int flat_root(reader *r, int ns, const xmlChar *local, size_t llen)
{
	xmlChar *mt;
	int ok;

	r->root_seen = 1;
	if (!is(ns, local, llen, NS_I_OFFICE, "document"))
		return td_error(THIDUA_EFORMAT,
		                "Tệp %s là XML nhưng không phải tài liệu ODF phẳng (.fodt/.fods).",
		                "%s is XML but not a flat ODF document (.fodt/.fods).", rfile(r));
	if (!r->want_sheet)
		return 0;
	mt = xmlTextReaderGetAttributeNs(r->rd, BAD_CAST "mimetype", BAD_CAST NS_OFFICE);
	ok = mt && strncmp((const char *)mt, MIME_ODS, strlen(MIME_ODS)) == 0;
	if (!ok) {
		char shown[128];

		snprintf(shown, sizeof shown, "%s", mt ? (const char *)mt : "?");
		if (mt)
			xmlFree(mt);
		return td_error(THIDUA_EFORMAT, "Tệp %s không phải bảng tính (loại tài liệu: %s).",
		                "%s is not a spreadsheet (document type: %s).", rfile(r), shown);
	}
	xmlFree(mt);
	return 0;
}

/* An element starts: its namespace, local name, depth (the root's 0) and
 * whether it is written empty (<a/>), as xmlTextReader tells them. */
static int element_start(reader *r, int ns, const xmlChar *local, size_t llen, int depth,
                         int empty)
{
	int rc;

	if (r->flat && !r->root_seen)
		return flat_root(r, ns, local, llen);
	if (is(ns, local, llen, NS_I_TABLE, "table")) {
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
		if (is(ns, local, llen, NS_I_TEXT, "p") || is(ns, local, llen, NS_I_TEXT, "h")) {
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
		if (is(ns, local, llen, NS_I_OFFICE, "annotation") ||
		    is(ns, local, llen, NS_I_TEXT, "note") || ns == NS_I_DRAW) {
			if (!empty)
				r->skip_depth = depth;
			return 0;
		}
		if (!r->in_para)
			return 0;
		if (is(ns, local, llen, NS_I_TEXT, "s"))
			return text_put_ws(r, ' ', attr_count(r, NS_I_TEXT, "c", 1));
		if (is(ns, local, llen, NS_I_TEXT, "tab"))
			return text_put_ws(r, '\t', 1);
		if (is(ns, local, llen, NS_I_TEXT, "line-break"))
			return text_put_ws(r, '\n', 1);
		return 0;
	}
	if (is(ns, local, llen, NS_I_TABLE, "table-row")) {
		r->in_row = 1;
		r->col = 0;
		r->row_repeat = attr_count(r, NS_I_TABLE, "number-rows-repeated", 1);
		row_clear(r);
		return empty ? row_end(r) : 0;
	}
	if (!r->in_row)
		return 0;
	if (is(ns, local, llen, NS_I_TABLE, "covered-table-cell")) {
		r->col += attr_count(r, NS_I_TABLE, "number-columns-repeated", 1);
		if (!empty)
			r->skip_depth = depth;
		return 0;
	}
	if (is(ns, local, llen, NS_I_TABLE, "table-cell")) {
		rc = cell_start(r, depth);
		if (rc)
			return rc;
		return empty ? cell_end(r) : 0;
	}
	return 0;
}

static int element_end(reader *r, int ns, const xmlChar *local, size_t llen, int depth)
{

	if (r->table_depth < 0)
		return 0;
	if (r->in_cell) {
		if (depth == r->cell_depth)
			return cell_end(r);
		if (r->in_para && depth == r->para_depth)
			r->in_para = 0;
		return 0;
	}
	if (r->in_row && is(ns, local, llen, NS_I_TABLE, "table-row"))
		return row_end(r);
	if (depth == r->table_depth && is(ns, local, llen, NS_I_TABLE, "table")) {
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
		return td_error(THIDUA_EFORMAT, "%s: tài liệu có khai báo DOCTYPE: không được phép.",
		                "%s: the document has a DOCTYPE declaration: refused.", rfile(r));
	case XML_READER_TYPE_ELEMENT:
	case XML_READER_TYPE_END_ELEMENT: {
		const xmlNode *n = cur(r);
		int ns = n ? ns_of(n) : NS_NONE;
		const xmlChar *local = n ? n->name : NULL;
		size_t llen = local ? strlen((const char *)local) : 0;
		int depth = xmlTextReaderDepth(r->rd);

		if (type == XML_READER_TYPE_ELEMENT)
			return element_start(r, ns, local, llen, depth,
			                     xmlTextReaderIsEmptyElement(r->rd));
		return element_end(r, ns, local, llen, depth);
	}
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

/* ---- the fast path: a content.xml of the usual shape ------------------------
 *
 * Most returned sheets are content.xml as LibreOffice or thidua wrote
 * them: UTF-8, every namespace declared on the root, no DTD, comment,
 * processing instruction or CDATA section. For those, a scanner of that
 * subset of XML finds the same elements, attributes and text nodes that
 * xmlTextReader would give, at a fraction of the cost. It checks that the
 * document is well-formed within the subset (anything outside it, or
 * anything libxml2 could call an error, sends the document to the reader,
 * which then decides and reports as always) and, in the same pass, gives
 * its nodes to the same code that takes the reader's (element_start,
 * element_end, text_add), so the cells, the budget and every limit are the
 * reader's; what that code would deliver is kept until the whole document
 * has passed (scan_read). What the subset leaves out, which the reader's tree would
 * treat otherwise: a character reference for '&' in an attribute (libxml2
 * decodes such a value twice), xml:* attributes (xml:id is checked as an
 * ID), namespace declarations below the root, CR characters (line ends are
 * normalised), names that are not ASCII, more than SCAN_MAX_DEPTH levels. */

#define SCAN_MAX_LEN ((size_t)8 << 20) /* below libxml2's 10,000,000-byte text node */
#define SCAN_MAX_DEPTH 200
#define SCAN_MAX_ATTRS 64
#define SCAN_MAX_NS 128
#define SCAN_NAME_MAX 100
#define SCAN_NO 1 /* not within the subset: the reader reads it */

typedef struct scan_ns {
	const char *pfx, *uri;
	size_t plen, ulen;
	int ns;
} scan_ns;

typedef struct scan_at {
	const char *pfx, *local;
	size_t plen, llen;
	const char *raw;         /* the value as written, at its quote */
	size_t vlen;             /* its length between the quotes */
	int plain;               /* nothing in it to decode or normalise */
	int decl;                /* its prefix's declaration, -1 none */
	int ns;
} scan_at;

struct scan {
	const char *p, *end;
	reader *r;               /* NULL: checking only */
	int keep_going;          /* a failure of the reader's code stops the
	                            reading, not the check (see scan_read) */
	int v_plain;             /* the last value sc_value checked had no
	                            reference, tab or newline */
	int deferred;            /* that failure, when it came */
	scan_ns nsd[SCAN_MAX_NS];
	size_t n_ns;
	scan_at at[SCAN_MAX_ATTRS];
	size_t n_at;
	td_buf vals, text;
	struct {
		const char *q;       /* the qname as written, for the end tag */
		size_t qlen;
		const char *local;
		size_t llen;
		int ns;
	} open[SCAN_MAX_DEPTH];
	int depth, root_seen, root_done;
	int hint[64];            /* 1 + the declaration last found for a
	                            prefix, by its length and first letter */
};

/* Byte classes of the scanner: 1 a name's first character, 2 any other
 * of a name, 4 plain text (printable ASCII but '<', '&', ']'), 8 plain in
 * an attribute value (printable ASCII but '<', '&' and the quotes). */
static const unsigned char sc_class[256] = {
	['-'] = 14, ['.'] = 14,
	['0'] = 14, ['1'] = 14, ['2'] = 14, ['3'] = 14, ['4'] = 14, ['5'] = 14, ['6'] = 14,
	['7'] = 14, ['8'] = 14, ['9'] = 14,
	['A'] = 15, ['B'] = 15, ['C'] = 15, ['D'] = 15, ['E'] = 15, ['F'] = 15, ['G'] = 15,
	['H'] = 15, ['I'] = 15, ['J'] = 15, ['K'] = 15, ['L'] = 15, ['M'] = 15, ['N'] = 15,
	['O'] = 15, ['P'] = 15, ['Q'] = 15, ['R'] = 15, ['S'] = 15, ['T'] = 15, ['U'] = 15,
	['V'] = 15, ['W'] = 15, ['X'] = 15, ['Y'] = 15, ['Z'] = 15, ['_'] = 15,
	['a'] = 15, ['b'] = 15, ['c'] = 15, ['d'] = 15, ['e'] = 15, ['f'] = 15, ['g'] = 15,
	['h'] = 15, ['i'] = 15, ['j'] = 15, ['k'] = 15, ['l'] = 15, ['m'] = 15, ['n'] = 15,
	['o'] = 15, ['p'] = 15, ['q'] = 15, ['r'] = 15, ['s'] = 15, ['t'] = 15, ['u'] = 15,
	['v'] = 15, ['w'] = 15, ['x'] = 15, ['y'] = 15, ['z'] = 15,
	[' '] = 12, ['!'] = 12, ['#'] = 12, ['$'] = 12, ['%'] = 12, ['('] = 12, [')'] = 12,
	['*'] = 12, ['+'] = 12, [','] = 12, ['/'] = 12, [':'] = 12, [';'] = 12, ['='] = 12,
	['>'] = 12, ['?'] = 12, ['@'] = 12, ['['] = 12, ['\\'] = 12, ['^'] = 12, ['`'] = 12,
	['{'] = 12, ['|'] = 12, ['}'] = 12, ['~'] = 12,
	['"'] = 4, ['\''] = 4, [']'] = 8
};

static int sc_name_start(unsigned char c) { return sc_class[c] & 1; }
static int sc_name_char(unsigned char c) { return sc_class[c] & 2; }

static int sc_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

/* A name part of ASCII letters, digits, '_', '-', '.' at sc->p: its length
 * (sc->p moves past it), or 0. */
static size_t sc_ncname(struct scan *sc)
{
	const char *q = sc->p;
	size_t n;

	if (q >= sc->end || !sc_name_start((unsigned char)*q))
		return 0;
	for (q++; q < sc->end && sc_name_char((unsigned char)*q); q++)
		;
	if (q - sc->p > SCAN_NAME_MAX || (q < sc->end && (unsigned char)*q >= 0x80))
		return 0;
	n = (size_t)(q - sc->p);
	sc->p = q;
	return n;
}

/* prefix:local or local. 0, or SCAN_NO. */
static int sc_qname(struct scan *sc, const char **pfx, size_t *plen, const char **local,
                    size_t *llen)
{
	const char *a = sc->p;
	size_t n = sc_ncname(sc);

	if (!n)
		return SCAN_NO;
	if (sc->p < sc->end && *sc->p == ':') {
		sc->p++;
		*pfx = a;
		*plen = n;
		*local = sc->p;
		if (!(*llen = sc_ncname(sc)))
			return SCAN_NO;
		return 0;
	}
	*pfx = NULL;
	*plen = 0;
	*local = a;
	*llen = n;
	return 0;
}

/* The UTF-8 character at s (left bytes, at least 1), a Char of XML 1.0
 * other than CR and the controls: its length, or 0. */
static size_t sc_utf8_at(const unsigned char *s, size_t left)
{
	uint32_t cp;

	if (s[0] < 0x80)
		return s[0] >= 0x20 || s[0] == '\t' || s[0] == '\n' ? 1 : 0;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		return left >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		if (left < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
			return 0;
		return 3;
	}
	if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		if (left < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		cp = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
		     ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		return cp >= 0x10000 && cp <= 0x10FFFF ? 4 : 0;
	}
	return 0;
}

static void sc_put_cp(td_buf *b, uint32_t cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	td_buf_put(b, u, n);
}

/* A reference at sc->p ('&'): the predefined entities and character
 * references of a Char, appended to b (when b). in_attr: a reference to
 * '&' is left to the reader. 0, or SCAN_NO. */
static int sc_ref(struct scan *sc, td_buf *b, int in_attr)
{
	static const struct { const char *name; size_t len; char c; } pre[] = {
		{ "lt;", 3, '<' }, { "gt;", 3, '>' }, { "amp;", 4, '&' }, { "quot;", 5, '"' },
		{ "apos;", 5, '\'' }
	};
	const char *p = sc->p + 1;
	size_t left = (size_t)(sc->end - p), i;
	uint32_t cp = 0;
	int digits = 0;

	if (left && *p == '#') {
		int hex = left > 1 && p[1] == 'x';

		for (p += hex ? 2 : 1; p < sc->end && *p != ';'; p++, digits++) {
			unsigned d;

			if (*p >= '0' && *p <= '9')
				d = (unsigned)(*p - '0');
			else if (hex && *p >= 'a' && *p <= 'f')
				d = (unsigned)(*p - 'a' + 10);
			else if (hex && *p >= 'A' && *p <= 'F')
				d = (unsigned)(*p - 'A' + 10);
			else
				return SCAN_NO;
			if (digits >= 7)
				return SCAN_NO;
			cp = cp * (hex ? 16 : 10) + d;
		}
		if (p >= sc->end || !digits)
			return SCAN_NO;
		if (!(cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
		      (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF)))
			return SCAN_NO;
		if (in_attr && cp == '&')
			return SCAN_NO;
		if (b)
			sc_put_cp(b, cp);
		sc->p = p + 1;
		return 0;
	}
	for (i = 0; i < sizeof pre / sizeof pre[0]; i++)
		if (left >= pre[i].len && memcmp(p, pre[i].name, pre[i].len) == 0) {
			if (b)
				td_buf_putc(b, pre[i].c);
			sc->p = p + pre[i].len;
			return 0;
		}
	return SCAN_NO;
}

/* Character data up to the next '<' into b (when b): the text of a node
 * as libxml2 makes it. 0, or SCAN_NO. What needs no decoding (plain
 * ASCII, tab, newline, ']' but in "]]>", well-formed UTF-8) is taken in
 * runs, each appended at once. */
static int sc_chars(struct scan *sc, td_buf *b)
{
	const unsigned char *p = (const unsigned char *)sc->p;
	const unsigned char *end = (const unsigned char *)sc->end, *run = p;
	size_t n;

	while (p < end) {
		unsigned char c = *p;

		if (sc_class[c] & 4) {
			p++;
			continue;
		}
		if (c == '<')
			break;
		if (c == '\t' || c == '\n') {
			p++;
			continue;
		}
		if (c == ']') {
			if (end - p >= 3 && p[1] == ']' && p[2] == '>')
				return SCAN_NO;
			p++;
			continue;
		}
		if (c == '&') {
			if (b && p > run)
				td_buf_put(b, (const char *)run, (size_t)(p - run));
			sc->p = (const char *)p;
			if (sc_ref(sc, b, 0))
				return SCAN_NO;
			p = run = (const unsigned char *)sc->p;
			continue;
		}
		if (!(n = sc_utf8_at(p, (size_t)(end - p))))
			return SCAN_NO;
		p += n;
	}
	if (b && p > run)
		td_buf_put(b, (const char *)run, (size_t)(p - run));
	sc->p = (const char *)p;
	return 0;
}

/* An attribute value in quotes at sc->p: checked and, when b, decoded
 * and normalised (tab and newline to a space) into b, NUL-ended. 0, or
 * SCAN_NO. Runs that need no decoding are appended at once. */
static int sc_value(struct scan *sc, td_buf *b)
{
	const unsigned char *p = (const unsigned char *)sc->p;
	const unsigned char *end = (const unsigned char *)sc->end, *run;
	unsigned char q;
	size_t n;

	if (p >= end || (*p != '"' && *p != '\''))
		return SCAN_NO;
	q = *p++;
	run = p;
	sc->v_plain = 1;
	while (p < end) {
		unsigned char c = *p;

		if (sc_class[c] & 8) {
			p++;
			continue;
		}
		if (c == q)
			break;
		if (c == '"' || c == '\'') { /* the other quote */
			p++;
			continue;
		}
		if (c == '<')
			return SCAN_NO;
		if (c == '&' || c == '\t' || c == '\n') {
			sc->v_plain = 0;
			if (b && p > run)
				td_buf_put(b, (const char *)run, (size_t)(p - run));
			if (c == '&') {
				sc->p = (const char *)p;
				if (sc_ref(sc, b, 1))
					return SCAN_NO;
				p = (const unsigned char *)sc->p;
			} else {
				if (b)
					td_buf_putc(b, ' ');
				p++;
			}
			run = p;
			continue;
		}
		if (!(n = sc_utf8_at(p, (size_t)(end - p))))
			return SCAN_NO;
		p += n;
	}
	if (p >= end)
		return SCAN_NO;
	if (b) {
		if (p > run)
			td_buf_put(b, (const char *)run, (size_t)(p - run));
		td_buf_putc(b, '\0');
	}
	sc->p = (const char *)(p + 1);
	return 0;
}

/* The value of attribute a, decoded into sc->vals (reused): NULL when out
 * of memory. */
static const char *sc_decode(struct scan *sc, const scan_at *a)
{
	const char *p = sc->p;

	td_buf_clear(&sc->vals);
	if (a->plain) { /* as written */
		td_buf_put(&sc->vals, a->raw + 1, a->vlen);
		td_buf_putc(&sc->vals, '\0');
		return td_buf_oom(&sc->vals) ? NULL : sc->vals.ptr;
	}
	sc->p = a->raw;
	sc_value(sc, &sc->vals); /* checked already */
	sc->p = p;
	return td_buf_oom(&sc->vals) ? NULL : sc->vals.len ? sc->vals.ptr : "";
}

static void sc_skip_space(struct scan *sc)
{
	while (sc->p < sc->end && sc_space(*sc->p))
		sc->p++;
}

static int ns_of_uri(const char *h, size_t n)
{
	static const struct { const char *s; int ns; } k[] = {
		{ "table:1.0", NS_I_TABLE }, { "text:1.0", NS_I_TEXT }, { "office:1.0", NS_I_OFFICE },
		{ "drawing:1.0", NS_I_DRAW }
	};
	size_t pl = sizeof NS_ODF_PREFIX - 1, i;

	if (n <= pl || memcmp(h, NS_ODF_PREFIX, pl) != 0)
		return NS_NONE;
	for (i = 0; i < sizeof k / sizeof k[0]; i++)
		if (n - pl == strlen(k[i].s) && memcmp(h + pl, k[i].s, n - pl) == 0)
			return k[i].ns;
	return NS_NONE;
}

/* The declaration of a prefix, or -1. */
static int sc_decl(struct scan *sc, const char *pfx, size_t plen)
{
	int *h = &sc->hint[(plen * 7 + (unsigned char)pfx[0]) & 63];
	size_t i;

	if (*h && sc->nsd[*h - 1].plen == plen && memcmp(sc->nsd[*h - 1].pfx, pfx, plen) == 0)
		return *h - 1;
	for (i = 0; i < sc->n_ns; i++)
		if (sc->nsd[i].plen == plen && memcmp(sc->nsd[i].pfx, pfx, plen) == 0) {
			*h = (int)i + 1;
			return (int)i;
		}
	return -1;
}

/* The root's namespace declarations (xmlns:p="uri"), taken out of the
 * attributes. 0, or SCAN_NO. */
static int sc_declare(struct scan *sc)
{
	size_t i, k = 0;

	for (i = 0; i < sc->n_at; i++) {
		scan_at *a = &sc->at[i];
		const char *uri;
		size_t ulen, c;

		if (!(a->pfx && a->plen == 5 && memcmp(a->pfx, "xmlns", 5) == 0)) {
			sc->at[k++] = *a;
			continue;
		}
		if (!(uri = sc_decode(sc, a)))
			return td_error_oom();
		ulen = strlen(uri);
		if (sc->n_ns == SCAN_MAX_NS || !ulen || ulen > 512 ||
		    (a->llen == 3 && memcmp(a->local, "xml", 3) == 0) ||
		    (a->llen == 5 && memcmp(a->local, "xmlns", 5) == 0) ||
		    sc_decl(sc, a->local, a->llen) >= 0 ||
		    !strcmp(uri, "http://www.w3.org/XML/1998/namespace") ||
		    !strcmp(uri, "http://www.w3.org/2000/xmlns/"))
			return SCAN_NO;
		for (c = 0; c < ulen; c++)
			if ((unsigned char)uri[c] <= 0x20 || (unsigned char)uri[c] >= 0x7f)
				return SCAN_NO;
		{
			/* libxml2 calls a namespace that is not a URI an error */
			xmlURIPtr u = xmlParseURI(uri);

			if (!u)
				return SCAN_NO;
			xmlFreeURI(u);
		}
		/* the URI is kept out of vals, which each element reuses */
		if (!(sc->nsd[sc->n_ns].uri = td_strndup(uri, ulen)))
			return td_error_oom();
		sc->nsd[sc->n_ns].pfx = a->local;
		sc->nsd[sc->n_ns].plen = a->llen;
		sc->nsd[sc->n_ns].ulen = ulen;
		sc->nsd[sc->n_ns].ns = ns_of_uri(uri, ulen);
		sc->n_ns++;
	}
	sc->n_at = k;
	return 0;
}

/* What the scanner makes of rc from the reader's code: with keep_going,
 * a failure is kept and the reading stops (the check goes on). */
static int sc_reader_rc(struct scan *sc, int rc)
{
	if (!rc || !sc->keep_going)
		return rc;
	sc->deferred = rc;
	sc->r = NULL;
	return 0;
}

/* A start tag after '<'. 0, or SCAN_NO, or a failure of the reader's code. */
static int sc_start_tag(struct scan *sc)
{
	const char *q = sc->p, *pfx, *local;
	size_t plen, llen, i, j;
	int empty = 0, ns = NS_NONE, d, rc;

	if (sc->root_done || sc->depth >= SCAN_MAX_DEPTH ||
	    sc_qname(sc, &pfx, &plen, &local, &llen))
		return SCAN_NO;
	sc->open[sc->depth].q = q;
	sc->open[sc->depth].qlen = (size_t)(sc->p - q);
	sc->n_at = 0;
	for (;;) {
		const char *s = sc->p;
		scan_at *a;

		sc_skip_space(sc);
		if (sc->p >= sc->end)
			return SCAN_NO;
		if (*sc->p == '>') {
			sc->p++;
			break;
		}
		if (*sc->p == '/') {
			if (sc->end - sc->p < 2 || sc->p[1] != '>')
				return SCAN_NO;
			sc->p += 2;
			empty = 1;
			break;
		}
		if (s == sc->p || sc->n_at == SCAN_MAX_ATTRS)
			return SCAN_NO; /* no space before an attribute */
		a = &sc->at[sc->n_at];
		if (sc_qname(sc, &a->pfx, &a->plen, &a->local, &a->llen))
			return SCAN_NO;
		sc_skip_space(sc);
		if (sc->p >= sc->end || *sc->p != '=')
			return SCAN_NO;
		sc->p++;
		sc_skip_space(sc);
		a->raw = sc->p;
		if (sc_value(sc, NULL))
			return SCAN_NO;
		a->vlen = (size_t)(sc->p - a->raw) - 2;
		a->plain = sc->v_plain;
		sc->n_at++;
	}
	if (!sc->root_seen) {
		sc->root_seen = 1;
		if ((rc = sc_declare(sc)))
			return rc;
	}
	/* every prefix declared; xml:*, xmlns and late declarations to the reader */
	if (plen) {
		if ((d = sc_decl(sc, pfx, plen)) < 0)
			return SCAN_NO;
		ns = sc->nsd[d].ns;
	}
	for (i = 0; i < sc->n_at; i++) {
		scan_at *a = &sc->at[i];

		a->decl = -1;
		a->ns = NS_NONE;
		if ((!a->pfx && a->llen == 5 && memcmp(a->local, "xmlns", 5) == 0) ||
		    (a->pfx && a->plen == 5 && memcmp(a->pfx, "xmlns", 5) == 0))
			return SCAN_NO;
		if (a->pfx) {
			if ((a->decl = sc_decl(sc, a->pfx, a->plen)) < 0)
				return SCAN_NO;
			a->ns = sc->nsd[a->decl].ns;
		}
		for (j = 0; j < i; j++) {
			const scan_at *b = &sc->at[j];

			if (a->llen != b->llen || memcmp(a->local, b->local, a->llen) != 0)
				continue;
			if (!a->pfx && !b->pfx)
				return SCAN_NO;
			if (a->pfx && b->pfx &&
			    sc->nsd[a->decl].ulen == sc->nsd[b->decl].ulen &&
			    memcmp(sc->nsd[a->decl].uri, sc->nsd[b->decl].uri, sc->nsd[a->decl].ulen) == 0)
				return SCAN_NO; /* the same name twice (also through two prefixes) */
		}
	}
	sc->open[sc->depth].ns = ns;
	sc->open[sc->depth].local = local;
	sc->open[sc->depth].llen = llen;
	if (sc->r && sc->r->skip_depth < 0) {
		if ((rc = sc_reader_rc(sc, element_start(sc->r, ns, (const xmlChar *)local, llen,
		                                         sc->depth, empty))))
			return rc;
	}
	if (empty) {
		if (sc->depth == 0)
			sc->root_done = 1;
	} else {
		sc->depth++;
	}
	return 0;
}

/* An end tag after "</". Its name is compared with the open element's
 * as written, not scanned: that name is a well-formed qname, so the tag
 * is well-formed exactly when it is that name, white space and '>'. */
static int sc_end_tag(struct scan *sc)
{
	size_t qlen;
	int rc;

	if (!sc->depth)
		return SCAN_NO;
	qlen = sc->open[sc->depth - 1].qlen;
	if ((size_t)(sc->end - sc->p) < qlen || memcmp(sc->p, sc->open[sc->depth - 1].q, qlen) != 0)
		return SCAN_NO;
	sc->p += qlen;
	sc_skip_space(sc);
	if (sc->p >= sc->end || *sc->p != '>')
		return SCAN_NO;
	sc->p++;
	sc->depth--;
	if (sc->depth == 0)
		sc->root_done = 1;
	if (sc->r) {
		reader *r = sc->r;

		if (r->skip_depth >= 0) {
			if (sc->depth == r->skip_depth)
				r->skip_depth = -1;
			return 0;
		}
		if ((rc = sc_reader_rc(sc, element_end(r, sc->open[sc->depth].ns,
		                                       (const xmlChar *)sc->open[sc->depth].local,
		                                       sc->open[sc->depth].llen, sc->depth))))
			return rc;
	}
	return 0;
}

/* <?xml version="1.0" encoding="UTF-8" standalone="yes"?>, each part but
 * the version optional, as LibreOffice and thidua write it. */
static int sc_decl_xml(struct scan *sc)
{
	static const char *const opt[2] = { " encoding=\"", " standalone=\"" };
	size_t i;

	if (sc->end - sc->p < 6 || memcmp(sc->p, "<?xml ", 6) != 0)
		return 0;
	sc->p += 5;
	if (sc->end - sc->p < 14 || memcmp(sc->p, " version=\"1.0\"", 14) != 0)
		return SCAN_NO;
	sc->p += 14;
	for (i = 0; i < 2; i++) {
		size_t n = strlen(opt[i]);

		if ((size_t)(sc->end - sc->p) < n || memcmp(sc->p, opt[i], n) != 0)
			continue;
		sc->p += n;
		if (i == 0 && sc->end - sc->p >= 6 && (sc->p[0] | 0x20) == 'u' &&
		    (sc->p[1] | 0x20) == 't' && (sc->p[2] | 0x20) == 'f' && !memcmp(sc->p + 3, "-8\"", 3))
			sc->p += 6;
		else if (i == 1 && sc->end - sc->p >= 4 && !memcmp(sc->p, "yes\"", 4))
			sc->p += 4;
		else if (i == 1 && sc->end - sc->p >= 3 && !memcmp(sc->p, "no\"", 3))
			sc->p += 3;
		else
			return SCAN_NO;
	}
	if (sc->end - sc->p < 2 || memcmp(sc->p, "?>", 2) != 0)
		return SCAN_NO;
	sc->p += 2;
	return 0;
}

/* Scan the document: r NULL to check it, else to read it into r. 0,
 * SCAN_NO, or a failure (the reader's code, or out of memory). */
static int scan_run(struct scan *sc, const char *xml, size_t len, reader *r, int keep_going)
{
	int rc = 0;
	size_t i;

	memset(sc, 0, sizeof *sc);
	sc->p = xml;
	sc->end = xml + len;
	sc->r = r;
	sc->keep_going = keep_going;
	if ((rc = sc_decl_xml(sc)))
		goto done;
	while (sc->p < sc->end) {
		if (*sc->p != '<') {
			if (!sc->depth) {
				/* outside the root: white space only */
				if (!sc_space(*sc->p)) {
					rc = SCAN_NO;
					goto done;
				}
				sc->p++;
				continue;
			}
			r = sc->r;
			if (!(r && r->skip_depth < 0 && r->in_cell && r->in_para)) {
				if ((rc = sc_chars(sc, NULL)))
					goto done;
				continue;
			}
			td_buf_clear(&sc->text);
			if ((rc = sc_chars(sc, &sc->text)))
				goto done;
			if (td_buf_oom(&sc->text)) {
				rc = td_error_oom();
				goto done;
			}
			if (sc->text.len &&
			    (rc = sc_reader_rc(sc, text_add_n(r, sc->text.ptr, sc->text.len))))
				goto done;
			continue;
		}
		sc->p++;
		if (sc->p < sc->end && *sc->p == '/') {
			sc->p++;
			rc = sc_end_tag(sc);
		} else {
			rc = sc_start_tag(sc);
		}
		if (rc)
			goto done;
	}
	if (!sc->root_done)
		rc = SCAN_NO;
	if (!rc && sc->r && sc->text.oom)
		rc = td_error_oom();
done:
	td_buf_free(&sc->vals);
	td_buf_free(&sc->text);
	for (i = 0; i < sc->n_ns; i++)
		td_free((char *)sc->nsd[i].uri);
	return rc;
}

/* An attribute of the element being scanned, as attr_get wants it
 * (decoded on demand: valid until the next one). */
static int scan_attr(struct scan *sc, int ns, const char *name, const xmlChar **v)
{
	size_t i, n = strlen(name);

	for (i = 0; i < sc->n_at; i++)
		if (sc->at[i].ns == ns && sc->at[i].pfx && sc->at[i].llen == n &&
		    memcmp(sc->at[i].local, name, n) == 0) {
			*v = (const xmlChar *)sc_decode(sc, &sc->at[i]);
			return *v != NULL;
		}
	return 0;
}

static void reader_init(reader *r, const td_sheet_opts *o, td_sheet_fn on_sheet,
                        td_cell_fn on_cell, void *ctx)
{
	memset(r, 0, sizeof *r);
	r->table_depth = -1;
	r->skip_depth = -1;
	r->on_sheet = on_sheet;
	r->on_cell = on_cell;
	r->ctx = ctx;
	r->file = o ? o->file : NULL;
	r->budget = o && o->max_bytes ? o->max_bytes : TD_SHEET_MAX_BYTES;
	r->want_sheet = o ? o->want_sheet : 0;
}

static void reader_release(reader *r)
{
	row_clear(r);
	rcell_clear(&r->cur);
	td_free(r->cells);
	r->cells = NULL;
	r->n_cells = r->cap_cells = 0;
	td_free(r->sheet);
	r->sheet = NULL;
	td_buf_free(&r->text);
}

/* Run the reader r->rd to the end (or the first failure), then free it. */
static int reader_run(reader *r)
{
	int ret;

	xmlTextReaderSetStructuredErrorHandler(r->rd, on_xml_error, r);
	while ((ret = xmlTextReaderRead(r->rd)) == 1) {
		r->rc = step(r);
		if (r->rc)
			break;
	}
	td_xml_capture_end(&r->err);
	if (!r->rc && (ret < 0 || r->err.count)) {
		if (r->err.nomem)
			r->rc = td_error_oom();
		else
			r->rc = td_error(THIDUA_EFORMAT, "%s, dòng %d: XML hỏng: %s",
			                 "%s, line %d: malformed XML: %s", rfile(r),
			                 r->err.line > 0 ? r->err.line : 1,
			                 r->err.count ? r->err.msg : "?");
	}
	xmlFreeTextReader(r->rd);
	r->rd = NULL;
	reader_release(r);
	return r->rc;
}

/* Give the kept sheets and cells to the callbacks, as the reader would
 * have given them. */
static int dlog_replay(reader *r, const dlog *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const dl_ev *e = &l->ev[i];
		td_cell cell;
		int stop;

		if (e->type < 0) {
			stop = r->on_sheet(r->ctx, e->sheet, e->index);
		} else {
			cell.sheet = e->sheet;
			cell.row = e->row;
			cell.col = e->col;
			cell.type = (td_cell_type)e->type;
			cell.text = e->text;
			cell.value = e->value;
			cell.formula = e->formula;
			stop = r->on_cell(r->ctx, &cell);
		}
		if (stop)
			return stop;
	}
	return 0;
}

/* Read a content.xml within the fast path's subset (SCAN_NO when it is
 * not, r then as it came), else as reader_run would.
 *
 * One pass checks the document and reads it at once, keeping what it
 * reads (dlog) rather than giving it to the callbacks: only once the
 * whole document is known to be within the subset are the kept sheets
 * and cells given to them (a document found outside it half way goes to
 * the reader, which must be the first to deliver anything). Should the
 * reader's code fail on the way (a limit, the budget), or the log fill
 * up, the pass goes on checking only; the document, within the subset,
 * is then read a second time delivering as it goes, so that the
 * callbacks see what they would have seen before the failure and the
 * failure is the same. */
static int scan_read(reader *r, const char *xml, size_t len)
{
	struct scan *sc;
	reader r0 = *r;
	dlog log;
	int rc, deferred;

	if (len > SCAN_MAX_LEN)
		return SCAN_NO;
	if (!(sc = td_malloc(sizeof *sc)))
		return td_error_oom();
	memset(&log, 0, sizeof log);
	r->sc = sc;
	r->log = &log;
	rc = scan_run(sc, xml, len, r, 1);
	deferred = sc->deferred;
	r->sc = NULL;
	r->log = NULL;
	if (rc) {
		reader_release(r);
		*r = r0; /* SCAN_NO: as the reader wants it */
		goto cleanup;
	}
	if (!deferred) {
		rc = dlog_replay(r, &log);
	} else {
		reader_release(r);
		*r = r0;
		r->sc = sc;
		rc = scan_run(sc, xml, len, r, 0);
		r->sc = NULL;
	}
	reader_release(r);
	if (rc == SCAN_NO) /* cannot be: the same scan passed */
		rc = td_error(THIDUA_ERROR, "%s: lỗi nội bộ khi đọc.", "%s: internal error while reading.",
		              rfile(r));
cleanup:
	dlog_free(&log);
	td_free(sc);
	return rc;
}

static int td_sheet_read_xml_ex_impl(const char *xml, size_t len, const td_sheet_opts *o,
                         td_sheet_fn on_sheet, td_cell_fn on_cell, void *ctx)
{
	reader r;
	int doctype = 0, rc;

	reader_init(&r, o, on_sheet, on_cell, ctx);
	if (len > INT_MAX)
		return td_error(THIDUA_ELIMIT, "%s quá lớn (%zu byte).", "%s is too large (%zu bytes).",
		                rfile(&r), len);
	if (td_xml_root_offset(xml, len, &doctype) == (size_t)-1 && doctype)
		return td_error(THIDUA_EFORMAT, "%s: tài liệu có khai báo DOCTYPE: không được phép.",
		                "%s: the document has a DOCTYPE declaration: refused.", rfile(&r));
	rc = td_xml_check_encoding(xml, len, r.file, r.file ? NULL : "content.xml");
	if (rc)
		return rc;
	if ((rc = scan_read(&r, xml, len)) != SCAN_NO)
		return rc;
	td_xml_capture_begin(&r.err);
	r.rd = xmlReaderForMemory(xml, (int)len, NULL, NULL, XML_PARSE_NONET);
	if (!r.rd) {
		td_xml_capture_end(&r.err);
		return td_error_oom();
	}
	return reader_run(&r);
}

/* Allocation failures inside libxml2 surface as what they are. */
int td_sheet_read_xml_ex(const char *xml, size_t len, const td_sheet_opts *o,
                         td_sheet_fn on_sheet, td_cell_fn on_cell, void *ctx)
{
	unsigned long failures = td_alloc_failures();

	return td_error_oom_since(td_sheet_read_xml_ex_impl(xml, len, o, on_sheet, on_cell, ctx), failures);
}

int td_sheet_read_xml(const char *xml, size_t len, td_sheet_fn on_sheet,
                      td_cell_fn on_cell, void *ctx)
{
	return td_sheet_read_xml_ex(xml, len, NULL, on_sheet, on_cell, ctx);
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

/* ---- a flat document streamed from its file ---------------------------- */

typedef struct fdin {
	int fd;
	const char *path;
	char head[4096];        /* read before parsing, for the encoding check */
	size_t head_len, head_pos;
	uint64_t total;
	int rc;
} fdin;

static int fd_read_some(fdin *in, char *buf, size_t len, ssize_t *got)
{
	ssize_t n;

	do
		n = read(in->fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return td_error(THIDUA_EIO, "Không đọc được %s: %s", "Cannot read %s: %s", in->path,
		                strerror(errno));
	*got = n;
	return 0;
}

static int fd_input(void *ctx, char *buf, int len)
{
	fdin *in = ctx;
	ssize_t n = 0;

	if (in->rc || len <= 0)
		return in->rc ? -1 : 0;
	if (in->head_pos < in->head_len) {
		size_t k = in->head_len - in->head_pos;

		if (k > (size_t)len)
			k = (size_t)len;
		memcpy(buf, in->head + in->head_pos, k);
		in->head_pos += k;
		return (int)k;
	}
	if ((in->rc = fd_read_some(in, buf, (size_t)len, &n)))
		return -1;
	in->total += (uint64_t)n;
	if (in->total > TD_FLAT_MAX) { /* it grew since it was measured */
		in->rc = td_error(THIDUA_ELIMIT,
		                  "Tệp %s quá lớn: tài liệu ODF phẳng tối đa %zu MiB.",
		                  "%s is too large: a flat ODF document may have at most %zu MiB.",
		                  in->path, TD_FLAT_MAX >> 20);
		return -1;
	}
	return (int)n;
}

static int read_flat(const char *path, int fd, const td_sheet_opts *o, td_sheet_fn on_sheet,
                     td_cell_fn on_cell, void *ctx)
{
	reader r;
	fdin in;
	ssize_t n = 0;
	int rc;

	reader_init(&r, o, on_sheet, on_cell, ctx);
	r.file = path;
	r.flat = 1;
	memset(&in, 0, sizeof in);
	in.fd = fd;
	in.path = path;
	while (in.head_len < sizeof in.head) {
		if ((rc = fd_read_some(&in, in.head + in.head_len, sizeof in.head - in.head_len, &n)))
			return rc;
		if (n == 0)
			break;
		in.head_len += (size_t)n;
	}
	in.total = in.head_len;
	rc = td_xml_check_encoding(in.head, in.head_len, path, NULL);
	if (rc)
		return rc;
	td_xml_capture_begin(&r.err);
	r.rd = xmlReaderForIO(fd_input, NULL, &in, NULL, NULL, XML_PARSE_NONET);
	if (!r.rd) {
		td_xml_capture_end(&r.err);
		return td_error_oom();
	}
	rc = reader_run(&r);
	if (in.rc)
		rc = in.rc;   /* the reader only saw the read fail */
	return rc;
}

/* The content.xml of a spreadsheet package; o->file names it. */
static int read_pkg(const td_pkg *pkg, const td_sheet_opts *o, td_sheet_fn on_sheet,
                    td_cell_fn on_cell, void *ctx)
{
	const char *mt = td_pkg_mimetype(pkg);
	char *xml = NULL;
	size_t len = 0;
	int rc;

	if (o->want_sheet && (!mt || strncmp(mt, MIME_ODS, strlen(MIME_ODS)) != 0))
		return td_error(THIDUA_EFORMAT, "Tệp %s không phải bảng tính (loại tài liệu: %s).",
		                "%s is not a spreadsheet (document type: %s).", o->file,
		                mt ? mt : "?");
	if ((rc = td_pkg_read(pkg, "content.xml", &xml, &len)))
		return rc;
	rc = td_sheet_read_xml_ex(xml, len, o, on_sheet, on_cell, ctx);
	td_free(xml);
	return rc;
}

int td_sheet_read_pkg(const td_pkg *pkg, const char *path, const td_sheet_opts *opts,
                      td_sheet_fn on_sheet, td_cell_fn on_cell, void *ctx)
{
	unsigned long failures = td_alloc_failures();
	td_sheet_opts o;

	memset(&o, 0, sizeof o);
	if (opts)
		o = *opts;
	o.file = path;
	return td_error_oom_since(read_pkg(pkg, &o, on_sheet, on_cell, ctx), failures);
}

static int td_sheet_read_path_impl(const char *path, const td_sheet_opts *opts, td_sheet_fn on_sheet,
                       td_cell_fn on_cell, void *ctx)
{
	td_sheet_opts o;
	td_pkg *pkg = NULL;
	unsigned char head[4];
	td_fileinfo sb;
	ssize_t n;
	int fd, rc;

	memset(&o, 0, sizeof o);
	if (opts)
		o = *opts;
	o.file = path;
	if ((fd = td_file_peek(path, head, sizeof head, &n, &sb)) < 0) {
		rc = fd;
		goto cleanup;
	}
	if (n == 4 && head[0] == 'P' && head[1] == 'K') {
		/* a zip package: its content.xml */
		close(fd);
		fd = -1;
		if ((rc = td_pkg_open(&pkg, path, NULL)))
			goto cleanup;
		rc = read_pkg(pkg, &o, on_sheet, on_cell, ctx);
		goto cleanup;
	}
	/* anything else is taken for a flat document; the reader says what
	 * is wrong with it otherwise */
	if ((rc = td_flat_size_ok(path, sb.size)) < 0)
		goto cleanup;
	rc = read_flat(path, fd, &o, on_sheet, on_cell, ctx);
cleanup:
	if (fd >= 0)
		close(fd);
	td_pkg_free(pkg);
	return rc;
}

/* Allocation failures inside libxml2 surface as what they are. */
int td_sheet_read_path(const char *path, const td_sheet_opts *opts, td_sheet_fn on_sheet,
                       td_cell_fn on_cell, void *ctx)
{
	unsigned long failures = td_alloc_failures();

	return td_error_oom_since(td_sheet_read_path_impl(path, opts, on_sheet, on_cell, ctx), failures);
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
