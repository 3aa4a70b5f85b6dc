/* render.c - write a compiled part as XML text, evaluating values and
 * expanding blocks on the way. The compiled tree is only read. */
#include "tmpl/tmpl_int.h"
#include "odf/xml.h"
#include "util/alloc.h"
#include "util/diag.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_REPORTED 64
#define NS_SEEN 64 /* a part's elements share a few dozen declarations */

/* What an element's namespace is, for the checks made on every node. */
enum { NSK_OTHER, NSK_TD, NSK_TABLE, NSK_TEXT };

typedef struct rstate {
	td_render *rc;
	td_buf *out;
	const td_tag *reported[MAX_REPORTED];
	size_t n_reported;
	int oom;
	long table_rows;  /* rows written in the innermost table so far */
	/* the budget (tmpl_int.h): loop turns taken, the budget once the
	 * fixed part is passed (0 before), and the loop being repeated,
	 * named when the budget is spent */
	uint64_t turns;
	uint64_t budget;
	const td_value *data;
	const td_tag *loop;
	thidua_diags *limit_diags; /* where a spent budget is reported, in
	                              either pass */
	int limited;      /* a budget is spent: stop */
	int sink_rc;      /* the sink's failure, which stops the render */
	int calcext;      /* the document declares LibreOffice's calcext */
	/* the kinds of the namespace declarations last seen (ns_kind) */
	const xmlNs *ns_seen[NS_SEEN];
	unsigned char ns_seen_kind[NS_SEEN];
} rstate;

/* The kind of namespace ns is: compared by its URI once per declaration,
 * then known by its address (the compiled tree is not changed while it is
 * written). */
static int ns_kind(rstate *st, const xmlNs *ns)
{
	size_t slot;
	int k;

	if (!ns || !ns->href)
		return NSK_OTHER;
	slot = (size_t)(((uint64_t)(uintptr_t)ns * 0x9E3779B97F4A7C15u) >> 58); /* 0..63 */
	if (st->ns_seen[slot] == ns)
		return st->ns_seen_kind[slot];
	k = strcmp((const char *)ns->href, TD_NS) == 0      ? NSK_TD
	    : strcmp((const char *)ns->href, NS_TABLE) == 0 ? NSK_TABLE
	    : strcmp((const char *)ns->href, NS_TEXT) == 0  ? NSK_TEXT
	                                                    : NSK_OTHER;
	st->ns_seen[slot] = ns;
	st->ns_seen_kind[slot] = (unsigned char)k;
	return k;
}

/* td_node_is for the namespaces of ns_kind. */
static int node_is(rstate *st, const xmlNode *n, int kind, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && ns_kind(st, n->ns) == kind &&
	       strcmp((const char *)n->name, name) == 0;
}

/* Whether doc's root declares LibreOffice's calcext namespace, which typed
 * cells then use too. */
static int declares_calcext(const xmlDoc *doc)
{
	const xmlNs *ns;

	for (ns = doc && doc->children ? doc->children->nsDef : NULL; ns; ns = ns->next)
		if (ns->prefix && strcmp((const char *)ns->href, NS_CALCEXT) == 0)
			return 1;
	return 0;
}

#define FLUSH_AT ((size_t)1 << 20)

/* Between two loop turns: hand a megabyte or more of written text on (pass
 * 2, to the sink, which deflates it) or drop it (pass 1 only counts rows),
 * so that a province's summary is never held whole. */
static void maybe_flush(rstate *st)
{
	td_render *r = st->rc;
	int rc = 0;

	if (st->out->len < FLUSH_AT || st->oom || td_buf_oom(st->out) ||
	    (r->pass != 1 && !r->sink))
		return;
	r->flushed += st->out->len;
	if (r->pass != 1)
		rc = r->sink(r->sink_ctx, st->out);
	td_buf_clear(st->out);
	if (rc < 0) {
		st->sink_rc = rc;
		st->oom = 1; /* stops every loop */
	}
}

/* Values of the data a template sees (shared ones as often as they are
 * seen), at most `cap`. */
static uint64_t count_values(const td_value *v, uint64_t cap, unsigned depth)
{
	uint64_t n = 1;
	size_t i;

	if (!v || depth > 256)
		return 0;
	if (v->type == TD_V_LIST)
		for (i = 0; i < v->u.list.n && n < cap; i++)
			n += count_values(v->u.list.items[i], cap - n, depth + 1);
	else if (v->type == TD_V_MAP)
		for (i = 0; i < v->u.map.n && n < cap; i++)
			n += count_values(v->u.map.items[i].val, cap - n, depth + 1);
	return n < cap ? n : cap;
}

/* Has the part spent its budget (tmpl_int.h)? */
static int spent(rstate *st)
{
	uint64_t used = st->rc->flushed + st->out->len + st->turns * TD_RENDER_TURN_COST;

	if (used <= TD_RENDER_MAX_OUTPUT)
		return 0;
	if (!st->budget) {
		uint64_t cap = UINT64_MAX / TD_RENDER_PER_VALUE;
		uint64_t n = count_values(st->data, cap, 0);

		st->budget = n * TD_RENDER_PER_VALUE > TD_RENDER_MAX_OUTPUT ? n * TD_RENDER_PER_VALUE
		                                                            : TD_RENDER_MAX_OUTPUT;
	}
	return used > st->budget;
}

/* The budget is spent: report it once, located at the loop being repeated
 * (tag and paragraph), and stop rendering. */
static void over_budget(rstate *st)
{
	const td_tag *t = st->loop;
	unsigned mib = (unsigned)((st->budget ? st->budget : TD_RENDER_MAX_OUTPUT) >> 20);

	if (st->limited)
		return;
	st->limited = 1;
	st->rc->failed = 1;
	td_error(THIDUA_ELIMIT,
	         "%s: văn bản điền ra (mỗi lượt lặp tính thêm %u byte) dài quá %u MiB%s%s; "
	         "mẫu có thể lặp lồng nhau quá nhiều.",
	         "%s: the filled document (each loop turn counted as %u bytes more) grows past "
	         "%u MiB%s%s; the template may nest loops too deeply.",
	         st->rc->file ? st->rc->file : "?", TD_RENDER_TURN_COST, mib, t ? ", " : "",
	         t ? t->where : "");
	if (td_diag_add(st->limit_diags, THIDUA_SEV_ERROR, "tmpl.too-large", st->rc->file,
	                t ? t->where : NULL, t ? t->text : NULL, t ? t->snippet : NULL,
	                "Văn bản điền ra (mỗi lượt lặp tính thêm %u byte) dài quá %u MiB: hãy bớt "
	                "các vòng lặp lồng nhau.",
	                "The filled document (each loop turn counted as %u bytes more) grows past "
	                "%u MiB: nest fewer loops.",
	                TD_RENDER_TURN_COST, mib) < 0)
		st->oom = 1;
}

static void report(rstate *st, const td_tag *t, const td_expr_error *err)
{
	size_t i;

	st->rc->failed = 1;
	for (i = 0; i < st->n_reported; i++)
		if (st->reported[i] == t)
			return; /* once per tag, not once per loop turn */
	if (st->n_reported < MAX_REPORTED)
		st->reported[st->n_reported++] = t;
	if (td_diag_add_msg(st->rc->diags, THIDUA_SEV_ERROR,
	                    err->code[0] ? err->code : "expr.eval", st->rc->file, t->where,
	                    t->text, t->snippet, err->msg_vi, err->msg_en) < 0)
		st->oom = 1;
}

/* After evaluating tag t (result rc): 0 when it succeeded; else 1, with
 * the render stopped (out of memory) or the error reported (once per tag). */
static int eval_failed(rstate *st, const td_tag *t, int rc, const td_expr_error *err)
{
	if (rc == THIDUA_ENOMEM) {
		st->oom = 1;
		return 1;
	}
	if (rc < 0) {
		report(st, t, err);
		return 1;
	}
	return 0;
}

static void put_qname(td_buf *b, const xmlNs *ns, const xmlChar *name)
{
	size_t pl = ns && ns->prefix ? strlen((const char *)ns->prefix) : 0;
	size_t nl = strlen((const char *)name);
	char *o;

	if (td_buf_grow(b, pl + 1 + nl) < 0)
		return;
	o = b->ptr + b->len;
	if (pl) {
		memcpy(o, ns->prefix, pl);
		o[pl++] = ':';
	}
	memcpy(o + pl, name, nl);
	b->len += pl + nl;
	b->ptr[b->len] = '\0';
}

static int is_attr(const xmlAttr *a, const char *ns, const char *name)
{
	return a->ns && strcmp((const char *)a->ns->href, ns) == 0 &&
	       strcmp((const char *)a->name, name) == 0;
}

/* Pass 2 of a spreadsheet with formulas: the value of a reference-bearing
 * attribute with rows moved; NULL when it is not one (or out of memory). */
static char *moved_attr(const td_render *rc, const xmlAttr *a, const char *value)
{
	td_buf b = TD_BUF_INIT;
	td_refctx ctx;

	if (!rc || !rc->map || rc->pass != 2)
		return NULL;
	ctx.table = rc->table_name ? rc->table_name : "";
	ctx.trow = rc->cur_trow;
	ctx.out_row = rc->cur_orow;
	ctx.turns = rc->turns;
	ctx.n_turns = rc->n_turns;
	if (is_attr(a, NS_TABLE, "formula") || is_attr(a, NS_TABLE, "expression") ||
	    is_attr(a, NS_TABLE, "condition"))
		td_rewrite_formula(&b, rc->map, &ctx, value);
	else if (is_attr(a, NS_TABLE, "cell-range-address") ||
	         is_attr(a, NS_TABLE, "base-cell-address") ||
	         is_attr(a, NS_TABLE, "target-range-address"))
		td_rewrite_range_address(&b, rc->map, &ctx, value);
	else
		return NULL;
	return td_buf_detach(&b);
}

static void put_attrs_rc(td_buf *b, const xmlNode *n, const char *const *skip_ns_names,
                         const td_render *rc);

static void put_attrs(td_buf *b, const xmlNode *n, const char *const *skip_ns_names)
{
	put_attrs_rc(b, n, skip_ns_names, NULL);
}

static void put_attrs_rc(td_buf *b, const xmlNode *n, const char *const *skip_ns_names,
                         const td_render *rc)
{
	const xmlNs *ns;
	const xmlAttr *a;

	for (ns = n->nsDef; ns; ns = ns->next) {
		/* copies made by the engine carry declarations their new
		 * ancestors already make: leave those out */
		if (n->parent && n->parent->type == XML_ELEMENT_NODE) {
			const xmlNs *up = xmlSearchNs(n->doc, n->parent, ns->prefix);
			if (up && xmlStrEqual(up->href, ns->href))
				continue;
		}
		td_buf_puts(b, ns->prefix ? " xmlns:" : " xmlns");
		if (ns->prefix)
			td_buf_puts(b, (const char *)ns->prefix);
		td_buf_puts(b, "=\"");
		td_buf_put_xml(b, (const char *)ns->href, strlen((const char *)ns->href), 1);
		td_buf_putc(b, '"');
	}
	for (a = n->properties; a; a = a->next) {
		const xmlNode *c;
		if (skip_ns_names) {
			const char *const *s;
			int skip = 0;
			for (s = skip_ns_names; *s && !skip; s += 2)
				if (a->ns && strcmp((const char *)a->name, s[1]) == 0 &&
				    strcmp((const char *)a->ns->href, s[0]) == 0)
					skip = 1;
			if (skip)
				continue;
		}
		td_buf_putc(b, ' ');
		put_qname(b, a->ns, a->name);
		td_buf_puts(b, "=\"");
		if (rc && rc->map && rc->pass == 2 && a->children && !a->children->next &&
		    a->children->content) {
			const char *v = (const char *)a->children->content;
			char *m = moved_attr(rc, a, v);
			if (m) {
				td_buf_put_xml(b, m, strlen(m), 1);
				td_free(m);
				td_buf_putc(b, '"');
				continue;
			}
		}
		for (c = a->children; c; c = c->next)
			if (c->content)
				td_buf_put_xml(b, (const char *)c->content,
				               strlen((const char *)c->content), 1);
		td_buf_putc(b, '"');
	}
}

/* Text for a paragraph: runs of spaces, tabs and line breaks as ODF wants
 * them (ODF 1.3 Part 3 §6.1.2-6.1.5: white space is collapsed otherwise).
 * A space that starts or ends the value, or follows a tab or line break,
 * is a text:s too: as character data it would be dropped at the start of
 * a paragraph or next to a space of the surrounding text. */
static void put_odf_text(td_buf *b, const char *s, size_t n)
{
	size_t i = 0, start = 0;

	while (i < n) {
		char c = s[i];
		if (c == ' ' && (i == 0 || i + 1 == n || s[i - 1] == '\n' || s[i - 1] == '\t' ||
		                 s[i - 1] == '\r')) {
			size_t k = i + 1;
			while (k < n && s[k] == ' ')
				k++;
			td_buf_put_xml(b, s + start, i - start, 0);
			td_buf_printf(b, "<text:s text:c=\"%zu\"/>", k - i);
			start = i = k;
		} else if (c == '\n' || c == '\t' || c == '\r') {
			td_buf_put_xml(b, s + start, i - start, 0);
			if (c == '\n')
				td_buf_puts(b, "<text:line-break/>");
			else if (c == '\t')
				td_buf_puts(b, "<text:tab/>");
			start = ++i;
		} else if (c == ' ' && i + 1 < n && s[i + 1] == ' ') {
			size_t k = i + 1;
			while (k < n && s[k] == ' ')
				k++;
			td_buf_put_xml(b, s + start, i + 1 - start, 0);
			td_buf_printf(b, "<text:s text:c=\"%zu\"/>", k - i - 1);
			start = i = k;
		} else {
			i++;
		}
	}
	td_buf_put_xml(b, s + start, n - start, 0);
}

static void render_children(rstate *st, const xmlNode *n, const td_scope *scope);
static void render_element(rstate *st, const xmlNode *n, const td_scope *scope);
static void pieces_add(td_pieces *p, size_t end, const td_zpiece *pre);
static void render_table(rstate *st, const xmlNode *n, const td_scope *scope);
static void render_row(rstate *st, const xmlNode *n, const td_scope *scope);

static td_value *loop_info(size_t i, size_t len)
{
	td_value *m = td_v_map();

	td_v_map_set(m, "index", td_v_int((int64_t)i + 1));
	td_v_map_set(m, "index0", td_v_int((int64_t)i));
	td_v_map_set(m, "first", td_v_bool(i == 0));
	td_v_map_set(m, "last", td_v_bool(i + 1 == len));
	td_v_map_set(m, "length", td_v_int((int64_t)len));
	td_v_map_set(m, "revindex", td_v_int((int64_t)(len - i)));
	return m;
}

static const xmlNode *segment(const xmlNode *block, size_t i)
{
	const xmlNode *c;

	for (c = block->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && i-- == 0)
			return c;
	return NULL;
}

static void render_block(rstate *st, const xmlNode *n, const td_scope *scope)
{
	const td_block *b = n->_private;
	td_expr_error err;
	size_t i;

	memset(&err, 0, sizeof err);
	if (b->kind == TD_STMT_FOR) {
		const td_tag *t = b->branches[0];
		td_value *list = NULL;
		const xmlNode *seg = segment(n, 0);

		if (eval_failed(st, t, td_expr_eval(&list, t->expr, scope, &err), &err))
			return;
		if (list->type == TD_V_NULL) {
			td_v_unref(list);
			return; /* nothing to repeat */
		}
		if (list->type != TD_V_LIST) {
			snprintf(err.code, sizeof err.code, "tmpl.for-not-list");
			snprintf(err.msg_vi, sizeof err.msg_vi,
			         "Lệnh lặp cần một danh sách, nhưng «%s» là %s.",
			         td_expr_source(t->expr), td_v_type_name(list->type));
			snprintf(err.msg_en, sizeof err.msg_en, "A loop needs a list, but «%s» is a %s.",
			         td_expr_source(t->expr), td_v_type_name(list->type));
			report(st, t, &err);
			td_v_unref(list);
			return;
		}
		for (i = 0; i < list->u.list.n && !st->oom && !st->limited; i++) {
			td_scope item, loop;
			const td_tag *outer = st->loop;
			td_value *info = b->uses_loop ? loop_info(i, list->u.list.n) : NULL;
			td_render *r = st->rc;
			int pushed = r->n_turns < TD_MAX_NESTING;
			st->turns++;
			if (spent(st)) {
				st->loop = t;
				over_budget(st);
				td_v_unref(info);
				break;
			}
			if (info && td_v_failed(info)) {
				td_v_unref(info);
				st->oom = 1;
				break;
			}
			item.parent = scope;
			item.name = t->var;
			item.value = list->u.list.items[i];
			item.root = NULL;
			loop.parent = &item;
			loop.name = "loop";
			loop.value = info;
			loop.root = NULL;
			/* a new turn: formulas in it refer to rows of the same turn */
			r->turn_counter++;
			if (pushed)
				r->turns[r->n_turns++] = r->turn_counter;
			st->loop = t;
			if (seg)
				render_children(st, seg, info ? &loop : &item);
			st->loop = outer;
			if (pushed)
				r->n_turns--;
			td_v_unref(info);
			maybe_flush(st);
		}
		td_v_unref(list);
		return;
	}
	for (i = 0; i < b->n_branches; i++) {
		const td_tag *t = b->branches[i];
		int truth = 1;
		if (t->expr &&
		    eval_failed(st, t, td_expr_eval_truth(&truth, t->expr, scope, &err), &err))
			return;
		if (truth) {
			const xmlNode *seg = segment(n, i);
			if (seg)
				render_children(st, seg, scope);
			return;
		}
	}
}

static td_value *eval_value(rstate *st, const td_tag *t, const td_scope *scope)
{
	td_expr_error err;
	td_value *v = NULL;

	memset(&err, 0, sizeof err);
	if (eval_failed(st, t, td_expr_eval(&v, t->expr, scope, &err), &err))
		return NULL;
	return v;
}

static void render_value(rstate *st, const xmlNode *n, const td_scope *scope)
{
	td_value *v = eval_value(st, n->_private, scope);
	td_buf txt = TD_BUF_INIT;

	if (!v)
		return;
	if (td_value_to_text(&txt, v) < 0)
		st->oom = 1;
	else
		put_odf_text(st->out, td_buf_cstr(&txt), txt.len);
	td_buf_free(&txt);
	td_v_unref(v);
}

/* A spreadsheet cell whose only content is one value tag gets the value's
 * type (ODF 1.3 Part 3 §19.385-19.389): numbers stay numbers, dates dates,
 * keeping the cell's style. */
static const xmlNode *typed_cell_tag(rstate *st, const xmlNode *cell)
{
	const xmlNode *c, *p = NULL, *m = NULL;

	for (c = cell->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (p || !node_is(st, c, NSK_TEXT, "p"))
			return NULL;
		p = c;
	}
	if (!p)
		return NULL;
	for (c = p->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content && *c->content)
			return NULL;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (m || !node_is(st, c, NSK_TD, "value"))
			return NULL;
		m = c;
	}
	return m && ((const td_tag *)m->_private)->cell_typed ? m : NULL;
}

static const char *const value_attrs[] = {
	NS_OFFICE, "value-type", NS_OFFICE, "value", NS_OFFICE, "date-value",
	NS_OFFICE, "time-value", NS_OFFICE, "boolean-value", NS_OFFICE, "string-value",
	NS_OFFICE, "currency", NS_CALCEXT, "value-type", NULL
};

static void render_typed_cell(rstate *st, const xmlNode *cell, const xmlNode *m,
                              const td_scope *scope)
{
	td_value *v = eval_value(st, m->_private, scope);
	td_buf *b = st->out;
	td_buf txt = TD_BUF_INIT;
	int calcext = st->calcext;

	if (!v)
		return;
	td_buf_putc(b, '<');
	put_qname(b, cell->ns, cell->name);
	put_attrs(b, cell, (const char *const *)value_attrs);
	switch (v->type) {
	case TD_V_NUM:
		td_buf_puts(b, " office:value-type=\"float\" office:value=\"");
		td_buf_put_hundredths(b, v->u.num, '.');
		td_buf_puts(b, calcext ? "\" calcext:value-type=\"float\">" : "\">");
		break;
	case TD_V_DATE:
		td_buf_printf(b, " office:value-type=\"date\" office:date-value=\"%04d-%02d-%02d\"%s>",
		              v->u.date.y, v->u.date.m, v->u.date.d,
		              calcext ? " calcext:value-type=\"date\"" : "");
		break;
	case TD_V_BOOL:
		td_buf_printf(b, " office:value-type=\"boolean\" office:boolean-value=\"%s\"%s>",
		              v->u.b ? "true" : "false",
		              calcext ? " calcext:value-type=\"boolean\"" : "");
		break;
	default:
		td_buf_puts(b, calcext ? " office:value-type=\"string\" calcext:value-type=\"string\">"
		                       : " office:value-type=\"string\">");
	}
	if (td_value_to_text(&txt, v) < 0)
		st->oom = 1;
	if (v->type != TD_V_NULL) {
		const xmlNode *p = m->parent;
		td_buf_putc(b, '<');
		put_qname(b, p->ns, p->name);
		put_attrs(b, p, NULL);
		td_buf_putc(b, '>');
		put_odf_text(b, td_buf_cstr(&txt), txt.len);
		td_buf_puts(b, "</");
		put_qname(b, p->ns, p->name);
		td_buf_putc(b, '>');
	}
	td_buf_puts(b, "</");
	put_qname(b, cell->ns, cell->name);
	td_buf_putc(b, '>');
	td_buf_free(&txt);
	td_v_unref(v);
}

static void render_node(rstate *st, const xmlNode *n, const td_scope *scope)
{
	int k;

	if (st->oom || st->limited)
		return;
	if (spent(st)) {
		over_budget(st);
		return;
	}
	switch (n->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (n->content)
			td_buf_put_xml(st->out, (const char *)n->content,
			               strlen((const char *)n->content), 0);
		return;
	case XML_ELEMENT_NODE:
		break;
	default:
		return;
	}
	k = ns_kind(st, n->ns);
	if (k == NSK_TD) {
		if (strcmp((const char *)n->name, "value") == 0)
			render_value(st, n, scope);
		else if (strcmp((const char *)n->name, "block") == 0)
			render_block(st, n, scope);
		else
			render_children(st, n, scope);
		return;
	}
	if (!st->rc->is_sheet && n->_private) {
		/* a subtree without tags, written when the template was compiled */
		const td_static *f = n->_private;

		if (f->z.z && st->rc->pieces) {
			pieces_add(st->rc->pieces, st->out->len, NULL);
			td_buf_put(st->out, f->text, f->len);
			pieces_add(st->rc->pieces, st->out->len, &f->z);
		} else {
			td_buf_put(st->out, f->text, f->len);
		}
		st->table_rows += f->rows;
		return;
	}
	if (st->rc->is_sheet && k == NSK_TABLE && strcmp((const char *)n->name, "table-cell") == 0) {
		const xmlNode *m = typed_cell_tag(st, n);
		if (m) {
			render_typed_cell(st, n, m, scope);
			return;
		}
	}
	if (st->rc->map && k == NSK_TABLE && strcmp((const char *)n->name, "table") == 0) {
		render_table(st, n, scope);
		return;
	}
	if (st->rc->map && k == NSK_TABLE && strcmp((const char *)n->name, "table-row") == 0 &&
	    n->_private) {
		render_row(st, n, scope);
		return;
	}
	render_element(st, n, scope);
}

static void render_element(rstate *st, const xmlNode *n, const td_scope *scope)
{
	int is_table = node_is(st, n, NSK_TABLE, "table");
	long saved_rows = st->table_rows;

	if (!is_table && node_is(st, n, NSK_TABLE, "table-row"))
		st->table_rows++;
	td_buf_putc(st->out, '<');
	put_qname(st->out, n->ns, n->name);
	put_attrs_rc(st->out, n, NULL, st->rc);
	if (!n->children) {
		td_buf_puts(st->out, "/>");
		return;
	}
	td_buf_putc(st->out, '>');
	if (is_table)
		st->table_rows = 0;
	render_children(st, n, scope);
	if (is_table) {
		/* every row came from an empty loop or a false condition: a
		 * table needs one row to be valid ODF (Part 3 §9.1.2) */
		if (st->table_rows == 0)
			td_buf_puts(st->out, "<table:table-row><table:table-cell/></table:table-row>");
		st->table_rows = saved_rows;
	}
	td_buf_puts(st->out, "</");
	put_qname(st->out, n->ns, n->name);
	td_buf_putc(st->out, '>');
}

/* A table of a spreadsheet whose references move: count its output rows. */
static void render_table(rstate *st, const xmlNode *n, const td_scope *scope)
{
	td_render *rc = st->rc;
	td_tablemap *saved_t = rc->table;
	const char *saved_name = rc->table_name;
	uint32_t saved_row = rc->out_row;
	xmlChar *name = xmlGetNsProp(n, (const xmlChar *)"name", (const xmlChar *)NS_TABLE);

	rc->table_name = name ? (const char *)name : "";
	rc->table = NULL;
	if (rc->pass == 1 && !(rc->table = td_rowmap_table(rc->map, rc->table_name, 1)))
		st->oom = 1;
	rc->out_row = 0;
	render_element(st, n, scope);
	rc->table = saved_t;
	rc->table_name = saved_name;
	rc->out_row = saved_row;
	if (name)
		xmlFree(name);
}

static void render_row(rstate *st, const xmlNode *n, const td_scope *scope)
{
	td_render *rc = st->rc;
	const td_rowinfo *ri = n->_private;
	xmlChar *v = xmlGetNsProp(n, (const xmlChar *)"number-rows-repeated",
	                          (const xmlChar *)NS_TABLE);
	long rep = v ? strtol((const char *)v, NULL, 10) : 1;
	long k;

	if (v)
		xmlFree(v);
	if (rep < 1)
		rep = 1;
	if (rep > 1048576)
		rep = 1048576;
	if (rc->pass == 1 && rc->table)
		for (k = 0; k < rep && k < 4096 && !st->oom; k++)
			if (td_rowmap_add(rc->table, ri->trow + (uint32_t)k, rc->out_row + (uint32_t)k,
			                  rc->n_turns ? rc->turns[rc->n_turns - 1] : 0) < 0)
				st->oom = 1;
	rc->cur_trow = ri->trow;
	rc->cur_orow = rc->out_row;
	render_element(st, n, scope);
	rc->out_row += (uint32_t)rep;
}

static void render_children(rstate *st, const xmlNode *n, const td_scope *scope)
{
	const xmlNode *c;

	for (c = n->children; c && !st->oom && !st->limited; c = c->next)
		render_node(st, c, scope);
}

/* ---- subtrees without tags ----------------------------------------------- */

#define PIECE_MIN 1024 /* smaller subtrees are deflated with the rest */

void td_pieces_clear(td_pieces *p)
{
	td_free(p->ends);
	td_free(p->pre);
	memset(p, 0, sizeof *p);
}

static void pieces_add(td_pieces *p, size_t end, const td_zpiece *pre)
{
	if (p->oom)
		return;
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 16;
		size_t *e = td_realloc(p->ends, cap * sizeof *e);
		const td_zpiece **z;

		if (!e) {
			p->oom = 1;
			return;
		}
		p->ends = e;
		if (!(z = td_realloc(p->pre, cap * sizeof *z))) {
			p->oom = 1;
			return;
		}
		p->pre = z;
		p->cap = cap;
	}
	p->ends[p->n] = end;
	p->pre[p->n++] = pre;
}

static int static_sentinel;
#define IS_STATIC ((void *)&static_sentinel)

/* The table rows that writing n adds to the count of the table around it. */
static long rows_in(const xmlNode *n)
{
	const xmlNode *c;
	long k = 0;

	if (td_node_is(n, NS_TABLE, "table"))
		return 0;
	if (td_node_is(n, NS_TABLE, "table-row"))
		k = 1;
	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			k += rows_in(c);
	return k;
}

/* Write element n now, as a fill would, into a td_static owned by cc. */
static int fix_subtree(td_compile *cc, xmlNodePtr n)
{
	td_render r;
	rstate st;
	td_buf b = TD_BUF_INIT;
	td_zpiece zp;
	char *z = NULL;
	td_static *f;

	memset(&zp, 0, sizeof zp);
	memset(&r, 0, sizeof r);
	memset(&st, 0, sizeof st);
	r.file = cc->file;
	r.part = cc->part;
	st.rc = &r;
	st.out = &b;
	render_element(&st, n, NULL);
	if (st.oom || st.limited || td_buf_oom(&b) ||
	    (b.len >= PIECE_MIN && td_pkg_deflate_piece(b.ptr, b.len, &z, &zp) < 0) ||
	    !(f = td_malloc(sizeof *f + b.len + 1 + zp.zlen))) {
		td_buf_free(&b);
		td_free(z);
		return -1;
	}
	f->len = b.len;
	f->rows = rows_in(n);
	memcpy(f->text, td_buf_cstr(&b), b.len + 1);
	f->z = zp;
	if (z) {
		memcpy(f->text + b.len + 1, z, zp.zlen);
		f->z.z = f->text + b.len + 1;
	}
	td_free(z);
	td_buf_free(&b);
	if (td_compile_own(cc, f, 'p') < 0) {
		td_free(f);
		return -1;
	}
	n->_private = f;
	return 0;
}

/* 1 when the subtree of n has no tag (its elements marked IS_STATIC for
 * their parent to see), 0 when it has one (its largest subtrees without
 * tags are then written), -1 when out of memory. */
static int mark_static(td_compile *cc, xmlNodePtr n, unsigned depth)
{
	xmlNodePtr c;
	int all = 1, r;

	if (n->type != XML_ELEMENT_NODE)
		return 1;
	if ((n->ns && n->ns->href && strcmp((const char *)n->ns->href, TD_NS) == 0) || n->_private ||
	    depth > 512)
		all = 0;
	for (c = n->children; c; c = c->next) {
		if ((r = mark_static(cc, c, depth + 1)) < 0)
			return -1;
		if (!r)
			all = 0;
	}
	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || c->_private != IS_STATIC)
			continue;
		c->_private = NULL;
		if (!all && fix_subtree(cc, c) < 0)
			return -1;
	}
	if (all)
		n->_private = IS_STATIC;
	return all;
}

int td_render_fix_static(td_compile *cc, xmlNodePtr root)
{
	int r = mark_static(cc, root, 0);

	if (r > 0)
		root->_private = NULL; /* no tag at all: the part is fixed whole */
	return r < 0 ? -1 : 0;
}

/* The data of the outermost scope. */
static const td_value *scope_data(const td_scope *s)
{
	while (s && s->parent)
		s = s->parent;
	return s ? (s->root ? s->root : s->value) : NULL;
}

int td_render_part(td_render *rc, td_buf *out, xmlDocPtr doc, const td_scope *scope)
{
	rstate st;
	xmlNodePtr root = xmlDocGetRootElement(doc);

	td_xml_init();   /* libxml2 quiet on this thread (tree calls below) */
	if (rc->map) {
		/* pass 1: where every template row lands; nothing reported */
		td_buf scratch = TD_BUF_INIT;
		thidua_diags *diags = rc->diags;
		memset(&st, 0, sizeof st);
		st.rc = rc;
		st.calcext = declares_calcext(doc);
		st.out = &scratch;
		st.data = scope_data(scope);
		st.limit_diags = diags;
		rc->diags = NULL;
		rc->flushed = 0;
		rc->pass = 1;
		rc->n_turns = 0;
		rc->turn_counter = 0;
		if (root)
			render_node(&st, root, scope);
		rc->diags = diags;
		rc->failed = 0;
		td_buf_free(&scratch);
		if (st.oom)
			return td_error_oom();
		if (st.limited)
			return THIDUA_ELIMIT; /* reported, with the error set */
		rc->pass = 2;
		rc->n_turns = 0;
		rc->turn_counter = 0;
	}
	memset(&st, 0, sizeof st);
	st.rc = rc;
	st.calcext = declares_calcext(doc);
	st.out = out;
	st.data = scope_data(scope);
	rc->flushed = 0;
	st.limit_diags = rc->diags;
	td_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	if (root)
		render_node(&st, root, scope);
	if (st.sink_rc)
		return st.sink_rc;
	if (st.oom || td_buf_oom(out))
		return td_error_oom();
	if (st.limited)
		return THIDUA_ELIMIT;
	return rc->failed ? THIDUA_ETEMPLATE : 0;
}
