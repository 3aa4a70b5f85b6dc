/* scan.c - find template tags in the logical text of each paragraph (ODF 1.3
 * Part 3 §6.1: text:p/text:h with text:span, text:s, text:tab ...), repair
 * tags that the word processor split across spans, and replace each tag by a
 * marker element (see tmpl_int.h). */
#include "tmpl/tmpl_int.h"
#include "odf/sheet.h"
#include "util/alloc.h"
#include "util/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SPACES 64 /* a run of spaces counts as at most this many in the
                       * logical text: tags never need more, and a hostile
                       * text:c must not blow up memory */
#define SNIPPET_MAX 90

typedef enum { RUN_TEXT, RUN_CHARS, RUN_ZERO, RUN_OPAQUE } run_kind;

typedef struct run {
	xmlNodePtr node;
	size_t off, len; /* in the logical text */
	run_kind kind;
} run;

typedef struct para {
	td_buf text;
	run *runs;
	size_t n, cap;
	int oom;
} para;

int td_node_is(const xmlNode *n, const char *ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, ns) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

int td_is_marker(const xmlNode *n, const char *name)
{
	return td_node_is(n, TD_NS, name ? name : (const char *)n->name);
}

static int is_inline_container(const xmlNode *n)
{
	static const char *names[] = { "span", "a", "meta", "ruby", "ruby-base", NULL };
	int i;

	for (i = 0; names[i]; i++)
		if (td_node_is(n, NS_TEXT, names[i]))
			return 1;
	return 0;
}

static int is_milestone(const xmlNode *n)
{
	static const char *names[] = {
		"bookmark", "bookmark-start", "bookmark-end", "reference-mark",
		"reference-mark-start", "reference-mark-end", "soft-page-break",
		"change", "change-start", "change-end", "alphabetical-index-mark",
		"alphabetical-index-mark-start", "alphabetical-index-mark-end",
		"toc-mark", "toc-mark-start", "toc-mark-end", NULL
	};
	int i;

	if (td_node_is(n, NS_OFFICE, "annotation-end"))
		return 1;
	for (i = 0; names[i]; i++)
		if (td_node_is(n, NS_TEXT, names[i]))
			return 1;
	return 0;
}

static long space_count(const xmlNode *n)
{
	xmlChar *c = xmlGetNsProp(n, (const xmlChar *)"c", (const xmlChar *)NS_TEXT);
	long v = 1;

	if (c) {
		v = strtol((const char *)c, NULL, 10);
		xmlFree(c);
	}
	if (v < 1)
		v = 1;
	if (v > MAX_SPACES)
		v = MAX_SPACES;
	return v;
}

void td_logical_text(td_buf *out, const xmlNode *n)
{
	const xmlNode *c;
	long i;

	for (c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			td_buf_puts(out, (const char *)c->content);
		} else if (td_node_is(c, NS_TEXT, "s")) {
			for (i = space_count(c); i > 0; i--)
				td_buf_putc(out, ' ');
		} else if (td_node_is(c, NS_TEXT, "tab")) {
			td_buf_putc(out, '\t');
		} else if (td_node_is(c, NS_TEXT, "line-break")) {
			td_buf_putc(out, '\n');
		} else if (c->type == XML_ELEMENT_NODE && c->ns && c->ns->href &&
		           strcmp((const char *)c->ns->href, TD_NS) == 0) {
			continue;
		} else if (is_inline_container(c) || td_node_is(c, NS_TEXT, "p") ||
		           td_node_is(c, NS_TEXT, "h") || td_node_is(c, NS_TEXT, "text-input") ||
		           td_node_is(c, NS_TEXT, "placeholder")) {
			td_logical_text(out, c);
		}
	}
}

static void para_add(para *p, xmlNodePtr node, const char *s, size_t len, run_kind k)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		run *r = td_realloc(p->runs, cap * sizeof *r);
		if (!r) {
			p->oom = 1;
			return;
		}
		p->runs = r;
		p->cap = cap;
	}
	p->runs[p->n].node = node;
	p->runs[p->n].off = p->text.len;
	p->runs[p->n].len = len;
	p->runs[p->n].kind = k;
	p->n++;
	if (len)
		td_buf_put(&p->text, s, len);
}

static int contains_tag_open(const char *s)
{
	return s && (strstr(s, "{{") || strstr(s, "{%"));
}

/* A text input field or placeholder whose text holds a tag is replaced by
 * that text, so the tag is handled like any other (fields cannot be split by
 * editing, which makes them a safe place for tags). */
static xmlNodePtr unwrap_field(xmlNodePtr f)
{
	td_buf t = TD_BUF_INIT;
	xmlNodePtr tn;

	td_logical_text(&t, f);
	if (td_buf_oom(&t) || !contains_tag_open(td_buf_cstr(&t))) {
		td_buf_free(&t);
		return NULL;
	}
	tn = xmlNewDocText(f->doc, (const xmlChar *)td_buf_cstr(&t));
	td_buf_free(&t);
	if (!tn)
		return NULL;
	xmlReplaceNode(f, tn);
	xmlFreeNode(f);
	return tn;
}

static void collect(para *p, xmlNodePtr n)
{
	xmlNodePtr c, next;
	char sp[64];

	for (c = n->children; c; c = next) {
		next = c->next;
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			const char *s = (const char *)c->content;
			para_add(p, c, s, s ? strlen(s) : 0, RUN_TEXT);
		} else if (c->type != XML_ELEMENT_NODE) {
			continue;
		} else if (td_node_is(c, NS_TEXT, "s")) {
			long k = space_count(c);
			para_add(p, c, NULL, 0, RUN_CHARS);
			/* out of memory: the run was not added, and the part fails */
			while (k > 0 && !p->oom) {
				long m = k > (long)sizeof sp ? (long)sizeof sp : k;
				memset(sp, ' ', (size_t)m);
				td_buf_put(&p->text, sp, (size_t)m);
				p->runs[p->n - 1].len += (size_t)m;
				k -= m;
			}
		} else if (td_node_is(c, NS_TEXT, "tab")) {
			para_add(p, c, "\t", 1, RUN_CHARS);
		} else if (td_node_is(c, NS_TEXT, "line-break")) {
			para_add(p, c, "\n", 1, RUN_CHARS);
		} else if (is_milestone(c)) {
			para_add(p, c, NULL, 0, RUN_ZERO);
		} else if (is_inline_container(c)) {
			collect(p, c);
		} else if (td_node_is(c, NS_TEXT, "text-input") ||
		           td_node_is(c, NS_TEXT, "placeholder")) {
			xmlNodePtr tn = unwrap_field(c);
			if (tn)
				para_add(p, tn, (const char *)tn->content,
				         strlen((const char *)tn->content), RUN_TEXT);
			else
				para_add(p, c, "\xEF\xBF\xBC", 3, RUN_OPAQUE);
		} else {
			para_add(p, c, "\xEF\xBF\xBC", 3, RUN_OPAQUE);
		}
	}
}

/* Normalise what autocorrect does inside a tag: curly quotes to straight,
 * NBSP and other spaces to a space, "…" to "...". */
static char *normalise_tag(const char *s, size_t n)
{
	td_buf b = TD_BUF_INIT;
	size_t i = 0;

	while (i < n) {
		const unsigned char *u = (const unsigned char *)s + i;
		size_t left = n - i;
		if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
		    (u[2] == 0x9C || u[2] == 0x9D || u[2] == 0x9E || u[2] == 0x9F)) {
			td_buf_putc(&b, '"'); /* “ ” „ ‟ */
			i += 3;
		} else if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
		           (u[2] == 0x98 || u[2] == 0x99 || u[2] == 0x9A || u[2] == 0x9B)) {
			td_buf_putc(&b, '\''); /* ‘ ’ ‚ ‛ */
			i += 3;
		} else if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0xA6) {
			td_buf_puts(&b, "..."); /* … */
			i += 3;
		} else if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
		           ((u[2] >= 0x80 && u[2] <= 0x8B) || u[2] == 0xAF)) {
			td_buf_putc(&b, ' '); /* en/em/thin/narrow spaces */
			i += 3;
		} else if (left >= 2 && u[0] == 0xC2 && u[1] == 0xA0) {
			td_buf_putc(&b, ' '); /* NBSP */
			i += 2;
		} else if (u[0] == '\t' || u[0] == '\n') {
			td_buf_putc(&b, ' ');
			i++;
		} else {
			td_buf_putc(&b, (char)u[0]);
			i++;
		}
	}
	return td_buf_detach(&b);
}

/* A snippet of the paragraph around [s, e), cut on UTF-8 boundaries. */
static char *make_snippet(const char *text, size_t len, size_t s, size_t e)
{
	size_t a = 0, b = len;
	td_buf out = TD_BUF_INIT;

	if (len > SNIPPET_MAX) {
		size_t mid = (s + e) / 2;
		a = mid > SNIPPET_MAX / 2 ? mid - SNIPPET_MAX / 2 : 0;
		b = a + SNIPPET_MAX < len ? a + SNIPPET_MAX : len;
		while (a > 0 && ((unsigned char)text[a] & 0xC0) == 0x80)
			a--;
		while (b < len && ((unsigned char)text[b] & 0xC0) == 0x80)
			b++;
	}
	if (a > 0)
		td_buf_puts(&out, "…");
	td_buf_put(&out, text + a, b - a);
	if (b < len)
		td_buf_puts(&out, "…");
	return td_buf_detach(&out);
}

typedef struct scan_ctx {
	td_compile *cc;
	/* spreadsheet position */
	const char *sheet;
	uint32_t row, col;
	int in_cell;
	int in_header;  /* styles.xml header/footer */
} scan_ctx;

static int set_where(scan_ctx *sc, td_tag *t)
{
	td_buf w = TD_BUF_INIT;

	if (sc->in_cell && sc->sheet) {
		t->where = td_a1_where(sc->sheet, sc->row, sc->col);
		return t->where ? 0 : -1;
	}
	if (sc->in_header)
		td_buf_printf(&w, "đầu/chân trang, đoạn %d (header/footer, paragraph %d)",
		              sc->cc->paragraph_no, sc->cc->paragraph_no);
	else
		td_buf_printf(&w, "đoạn %d (paragraph %d)", sc->cc->paragraph_no,
		              sc->cc->paragraph_no);
	t->where = td_buf_detach(&w);
	return t->where ? 0 : -1;
}

/* Turn tag text [s, e) of the paragraph into a marker element and put it in
 * place of the text, in the span where the tag starts. */
static int repair_tag(scan_ctx *sc, para *p, size_t s, size_t e)
{
	td_compile *cc = sc->cc;
	td_tag *t = NULL;
	xmlNodePtr m = NULL, mark, first;
	size_t ra, rb, i;
	char *norm = NULL, *before = NULL;
	int is_stmt = p->text.ptr[s + 1] == '%';
	int rc = -1;

	for (ra = 0; ra < p->n; ra++)
		if (p->runs[ra].kind == RUN_TEXT && s >= p->runs[ra].off &&
		    s < p->runs[ra].off + p->runs[ra].len)
			break;
	for (rb = ra; rb < p->n; rb++)
		if (p->runs[rb].len && e - 1 >= p->runs[rb].off &&
		    e - 1 < p->runs[rb].off + p->runs[rb].len)
			break;
	if (ra >= p->n || rb >= p->n)
		return 0; /* cannot happen: tags start and end in text */

	t = td_calloc(1, sizeof *t);
	if (!t || td_compile_own(cc, t, 't') < 0) {
		td_free(t);
		return -1;
	}
	norm = normalise_tag(p->text.ptr + s, e - s);
	if (!norm)
		goto cleanup;
	t->text = norm;
	norm = NULL;
	t->snippet = make_snippet(p->text.ptr, p->text.len, s, e);
	if (!t->snippet || set_where(sc, t) < 0)
		goto cleanup;
	for (i = ra + 1; i < rb; i++) {
		if (p->runs[i].kind == RUN_OPAQUE) {
			td_compile_error(cc, t, "tmpl.tag-contains-field",
			                 "Thẻ chứa một trường, hình hay ghi chú ở giữa; hãy gõ lại thẻ thành văn bản thường.",
			                 "The tag has a field, picture or comment inside it; retype the tag as plain text.");
			rc = 0;
			goto cleanup;
		}
	}
	if (is_stmt) {
		size_t len = strlen(t->text);
		t->is_stmt = 1;
		if (td_stmt_parse(cc, t, t->text + 2, len - 4) < 0)
			goto cleanup;
	} else {
		size_t len = strlen(t->text);
		if (td_tag_compile_expr(cc, t, t->text + 2, len - 4) < 0)
			goto cleanup;
	}

	m = xmlNewDocNode(p->runs[ra].node->doc, cc->td_ns,
	                  (const xmlChar *)(is_stmt ? "stmt" : "value"), NULL);
	if (!m)
		goto cleanup;
	m->_private = t;

	first = p->runs[ra].node;
	{
		const char *c = (const char *)first->content;
		size_t off = s - p->runs[ra].off;
		before = td_strndup(c, off);
		if (!before)
			goto cleanup;
		/* Note: libxml2 merges a text node added next to another text
		 * node, so the marker goes in first and the rest after it. */
		xmlAddNextSibling(first, m);
		mark = m;
		m = NULL; /* the tree owns it now */
		if (ra == rb) {
			const char *after = c + (e - p->runs[ra].off);
			if (*after) {
				xmlNodePtr an = xmlNewDocText(first->doc, (const xmlChar *)after);
				if (!an)
					goto cleanup;
				xmlAddNextSibling(mark, an);
			}
		} else {
			xmlNodePtr last = p->runs[rb].node;
			const char *lc = (const char *)last->content;
			char *rest = td_strdup(lc + (e - p->runs[rb].off));
			if (!rest)
				goto cleanup;
			xmlNodeSetContent(last, NULL);
			xmlNodeAddContent(last, (const xmlChar *)rest);
			td_free(rest);
			for (i = ra + 1; i < rb; i++) {
				xmlUnlinkNode(p->runs[i].node);
				xmlFreeNode(p->runs[i].node);
				p->runs[i].node = NULL;
			}
		}
		xmlNodeSetContent(first, NULL);
		xmlNodeAddContent(first, (const xmlChar *)before);
	}
	rc = 0;
cleanup:
	if (m)
		xmlFreeNode(m);
	td_free(before);
	td_free(norm);
	return rc;
}

/* Remove text nodes and spans left empty by repairs (never markers). */
static void prune_empty(xmlNodePtr n)
{
	xmlNodePtr c, next;

	for (c = n->children; c; c = next) {
		next = c->next;
		if (c->type == XML_TEXT_NODE && (!c->content || !*c->content)) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		} else if (is_inline_container(c) && !td_node_is(c, NS_TEXT, "a")) {
			prune_empty(c);
			if (!c->children) {
				xmlUnlinkNode(c);
				xmlFreeNode(c);
			}
		}
	}
}

static int scan_paragraph(scan_ctx *sc, xmlNodePtr pn)
{
	td_compile *cc = sc->cc;
	para p;
	size_t i, ntags = 0, cap = 0;
	size_t *starts = NULL, *ends = NULL;
	int rc = 0;

	memset(&p, 0, sizeof p);
	cc->paragraph_no++;
	collect(&p, pn);
	if (p.oom || td_buf_oom(&p.text)) {
		rc = -1;
		goto cleanup;
	}
	if (!p.text.ptr || !contains_tag_open(p.text.ptr))
		goto cleanup;

	/* Find tags left to right. */
	for (i = 0; i + 1 < p.text.len; i++) {
		const char *t = p.text.ptr;
		const char *close;
		char *found;

		if (t[i] != '{' || (t[i + 1] != '{' && t[i + 1] != '%'))
			continue;
		close = t[i + 1] == '{' ? "}}" : "%}";
		found = strstr(t + i + 2, close);
		{
			/* a new opener before the closer means this one is unclosed */
			const char *o1 = strstr(t + i + 2, "{{"), *o2 = strstr(t + i + 2, "{%");
			const char *o = o1 && (!o2 || o1 < o2) ? o1 : o2;
			if (found && o && o < found)
				found = NULL;
		}
		if (!found) {
			td_tag tmp;
			memset(&tmp, 0, sizeof tmp);
			tmp.text = td_strndup(t + i, p.text.len - i > 40 ? 40 : p.text.len - i);
			tmp.snippet = make_snippet(t, p.text.len, i, i + 2);
			set_where(sc, &tmp);
			td_compile_error(cc, &tmp, "tmpl.unclosed-tag",
			                 "Thẻ mở «%s» không được đóng trong cùng đoạn văn (thiếu «%s»). Một thẻ phải nằm trọn trong một đoạn.",
			                 "Tag «%s» is not closed in the same paragraph (missing «%s»). A tag must stay within one paragraph.",
			                 t[i + 1] == '{' ? "{{" : "{%", close);
			td_free(tmp.text);
			td_free(tmp.snippet);
			td_free(tmp.where);
			i += 1;
			continue;
		}
		if (ntags == cap) {
			size_t nc = cap ? cap * 2 : 8;
			size_t *ns = td_realloc(starts, nc * sizeof *ns), *ne;
			if (!ns) {
				rc = -1;
				goto cleanup;
			}
			starts = ns;
			ne = td_realloc(ends, nc * sizeof *ne);
			if (!ne) {
				rc = -1;
				goto cleanup;
			}
			ends = ne;
			cap = nc;
		}
		starts[ntags] = i;
		ends[ntags] = (size_t)(found - t) + 2;
		ntags++;
		i = (size_t)(found - t) + 1;
	}
	/* Repair right to left so that earlier offsets stay valid. */
	while (ntags > 0) {
		ntags--;
		if (repair_tag(sc, &p, starts[ntags], ends[ntags]) < 0) {
			rc = -1;
			goto cleanup;
		}
	}
	prune_empty(pn);
cleanup:
	td_free(starts);
	td_free(ends);
	td_free(p.runs);
	td_buf_free(&p.text);
	return rc;
}

static long repeat_attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)NS_TABLE);
	long r = 1;

	if (v) {
		r = strtol((const char *)v, NULL, 10);
		xmlFree(v);
	}
	return r < 1 ? 1 : r;
}

static int walk(scan_ctx *sc, xmlNodePtr n)
{
	xmlNodePtr c, next;

	for (c = n->children; c; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (td_node_is(c, NS_OFFICE, "annotation"))
			continue;
		if (td_node_is(c, NS_TABLE, "table")) {
			xmlChar *name = xmlGetNsProp(c, (const xmlChar *)"name", (const xmlChar *)NS_TABLE);
			const char *saved = sc->sheet;
			uint32_t srow = sc->row, scol = sc->col;
			int r;
			sc->sheet = name ? (const char *)name : "?";
			sc->row = 0;
			r = walk(sc, c);
			sc->sheet = saved;
			sc->row = srow;
			sc->col = scol;
			if (name)
				xmlFree(name);
			if (r < 0)
				return -1;
			continue;
		}
		if (td_node_is(c, NS_TABLE, "table-row")) {
			sc->col = 0;
			if (walk(sc, c) < 0)
				return -1;
			sc->row += (uint32_t)repeat_attr(c, "number-rows-repeated");
			continue;
		}
		if (td_node_is(c, NS_TABLE, "table-cell") ||
		    td_node_is(c, NS_TABLE, "covered-table-cell")) {
			int saved = sc->in_cell;
			sc->in_cell = 1;
			if (walk(sc, c) < 0)
				return -1;
			sc->in_cell = saved;
			sc->col += (uint32_t)repeat_attr(c, "number-columns-repeated");
			continue;
		}
		if (td_node_is(c, NS_STYLE, "header") || td_node_is(c, NS_STYLE, "footer") ||
		    td_node_is(c, NS_STYLE, "header-left") || td_node_is(c, NS_STYLE, "footer-left") ||
		    td_node_is(c, NS_STYLE, "header-first") || td_node_is(c, NS_STYLE, "footer-first")) {
			int saved = sc->in_header;
			sc->in_header = 1;
			if (walk(sc, c) < 0)
				return -1;
			sc->in_header = saved;
			continue;
		}
		if (td_node_is(c, NS_TEXT, "p") || td_node_is(c, NS_TEXT, "h")) {
			if (scan_paragraph(sc, c) < 0)
				return -1;
		}
		/* nested paragraphs: frames, text boxes, notes, sections, lists */
		if (walk(sc, c) < 0)
			return -1;
	}
	return 0;
}

int td_scan_part(td_compile *cc, xmlNodePtr root)
{
	scan_ctx sc;

	memset(&sc, 0, sizeof sc);
	sc.cc = cc;
	return walk(&sc, root);
}
