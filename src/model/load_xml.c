/* load_xml.c - loading a cluster from thidua's XML format (namespace
 * urn:thidua:cluster:1), checked against the embedded RELAX NG schema
 * src/model/cluster.rng. Parsed with no entities, no DTD and no network;
 * a DOCTYPE is refused. */
#include "model/cluster.h"
#include "model/content.h"
#include "model/model_int.h"
#include "odf/sheet.h"
#include "odf/xml.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/compat.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>

#define NS_CLUSTER "urn:thidua:cluster:1"

extern const unsigned char td_cluster_rng[];
extern const size_t td_cluster_rng_len;

typedef struct xload {
	td_mctx m;
	thidua_cluster *c;
	size_t n_xml_errors, n_schema_errors;
} xload;

static const char *line_where(char *buf, size_t size, long line)
{
	snprintf(buf, size, "dòng %ld", line > 0 ? line : 1);
	return buf;
}

/* One line: inner line breaks become spaces, trailing ones go. */
static void trim_message(char *s)
{
	size_t n = strlen(s), i;

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
	for (i = 0; i < n; i++)
		if (s[i] == '\n')
			s[i] = ' ';
}

/* Parser errors (data is the parser context, whose _private is the xload). */
static void on_parse_error(void *data, xmlErrorPtr err)
{
	xmlParserCtxtPtr ctxt = data;
	xload *x = ctxt ? ctxt->_private : NULL;
	char buf[32], msg[300];

	if (!x || !err || err->level < XML_ERR_ERROR || x->n_xml_errors++ >= TD_MAX_SCHEMA_DIAGS)
		return;
	snprintf(msg, sizeof msg, "%s", err->message ? err->message : "?");
	trim_message(msg);
	td_m_error(&x->m, "data.bad-xml", line_where(buf, sizeof buf, err->line),
	           "XML hỏng: %s", "Malformed XML: %s", msg);
}

static void on_schema_error(void *data, xmlErrorPtr err)
{
	xload *x = data;
	char buf[32], msg[300];
	long line;

	if (!err || err->level < XML_ERR_ERROR || x->n_schema_errors++ >= TD_MAX_SCHEMA_DIAGS)
		return;
	line = err->line;
	if (line <= 0 && err->node)
		line = xmlGetLineNo((xmlNodePtr)err->node);
	snprintf(msg, sizeof msg, "%s", err->message ? err->message : "?");
	trim_message(msg);
	td_m_error(&x->m, "data.schema", line_where(buf, sizeof buf, line),
	           "Không đúng lược đồ urn:thidua:cluster:1: %s",
	           "Does not follow the urn:thidua:cluster:1 schema: %s", msg);
}

static void on_schema_build_error(void *data, xmlErrorPtr err)
{
	(void)data;
	(void)err;
}

static int is_el(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, NS_CLUSTER) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr first_el(xmlNodePtr parent, const char *name)
{
	xmlNodePtr n;

	for (n = parent ? parent->children : NULL; n; n = n->next)
		if (is_el(n, name))
			return n;
	return NULL;
}

static char *where_of(xload *x, xmlNodePtr n)
{
	char *w = td_m_line_where(n ? xmlGetLineNo(n) : 1);

	if (!w)
		td_m_oom(&x->m);
	return w;
}

static char *norm(xload *x, const char *s, xmlNodePtr at)
{
	char buf[32], *out = NULL;

	if (s)
		td_m_text(&x->m, &out, s, strlen(s), 0, line_where(buf, sizeof buf, xmlGetLineNo(at)));
	return out;
}

/* The normalised text of an element (owned), NULL when empty or absent. */
static char *el_text(xload *x, xmlNodePtr n)
{
	xmlChar *v;
	char *out;

	if (!n)
		return NULL;
	v = xmlNodeGetContent(n);
	if (!v) {
		td_m_oom(&x->m);
		return NULL;
	}
	out = norm(x, (const char *)v, n);
	xmlFree(v);
	return out;
}

static char *child_text(xload *x, xmlNodePtr parent, const char *name)
{
	return el_text(x, first_el(parent, name));
}

/* An attribute value, borrowed until xmlFree (NULL when absent). */
static xmlChar *attr(xmlNodePtr n, const char *name)
{
	return xmlGetNoNsProp(n, BAD_CAST name);
}

static int attr_is(xmlNodePtr n, const char *name, const char *want)
{
	xmlChar *v = attr(n, name);
	int eq = v && strcmp((const char *)v, want) == 0;

	xmlFree(v);
	return eq;
}

/* A points attribute (pattern-checked by the schema) in hundredths. */
static int64_t attr_points(xmlNodePtr n, const char *name)
{
	xmlChar *v = attr(n, name);
	int64_t h = 0;

	if (v && td_m_parse_xsd_number(&h, (const char *)v) != 0)
		h = 0;
	xmlFree(v);
	return h;
}

static long attr_long(xmlNodePtr n, const char *name)
{
	xmlChar *v = attr(n, name);
	long r = 0;
	const char *p;

	for (p = v ? (const char *)v : ""; *p >= '0' && *p <= '9' && r < 100000000; p++)
		r = r * 10 + (*p - '0');
	xmlFree(v);
	return r;
}

static void too_many(xload *x, xmlNodePtr n, const char *what, int max)
{
	char buf[32];

	td_m_error(&x->m, "data.too-many", line_where(buf, sizeof buf, xmlGetLineNo(n)),
	           "Quá nhiều %s (tối đa %d); phần sau bị bỏ qua.",
	           "Too many %s (at most %d); the rest is ignored.", what, max);
}

/* Append the text of each `name` child of parent to a text list. */
static void texts(xload *x, xmlNodePtr parent, const char *name, td_text_item **items,
                  size_t *n, int max, const char *what, int basis)
{
	xmlNodePtr e;

	for (e = parent ? parent->children : NULL; e && !x->m.fatal; e = e->next) {
		char *t, *w;

		if (!is_el(e, name))
			continue;
		if (*n >= (size_t)max) {
			too_many(x, e, what, max);
			return;
		}
		t = el_text(x, e);
		if (t && basis)
			td_m_basis_trim(t);
		if (!t || !*t) {
			td_free(t);
			continue;
		}
		w = where_of(x, e);
		if (!w) {
			td_free(t);
			return;
		}
		if (td_m_push_text(items, n, t, w))
			td_m_oom(&x->m);
	}
}

static void read_general(xload *x, xmlNodePtr root)
{
	thidua_cluster *c = x->c;
	xmlNodePtr d;
	char *s, buf[32];
	size_t rej;

	c->where = where_of(x, root);
	c->kind = attr_is(root, "kind", "khoi") ? TD_KIND_KHOI : TD_KIND_CUM;
	c->year = (int)attr_long(root, "year");
	rej = x->m.rejected;
	c->name = child_text(x, root, "name");
	if (x->m.rejected != rej)
		c->bad |= TD_BAD_NAME;
	c->parent_body = child_text(x, root, "parent-body");
	rej = x->m.rejected;
	c->place = child_text(x, root, "place");
	if (x->m.rejected != rej)
		c->bad |= TD_BAD_PLACE;
	c->number = child_text(x, root, "number");
	c->theme = child_text(x, root, "theme");
	c->slogan = child_text(x, root, "slogan");
	d = first_el(root, "signing-date");
	s = el_text(x, d);
	if (s && td_parse_date(&c->sign_y, &c->sign_m, &c->sign_d, s) == 0 &&
	    td_date_valid(c->sign_y, c->sign_m, c->sign_d)) {
		td_free(s);
		return;
	}
	c->sign_y = c->sign_m = c->sign_d = 0;
	if (d && !x->m.fatal) {
		td_m_error(&x->m, "data.bad-date", line_where(buf, sizeof buf, xmlGetLineNo(d)),
		           "Ngày ký \"%s\" không hợp lệ: cần dạng 2018-01-11.",
		           "The signing date \"%s\" is not valid: expected 2018-01-11.", s ? s : "");
		c->bad |= TD_BAD_DATE;
	}
	td_free(s);
}

static void read_units(xload *x, xmlNodePtr units)
{
	thidua_cluster *c = x->c;
	xmlNodePtr e;

	for (e = units ? units->children : NULL; e && !x->m.fatal; e = e->next) {
		td_unit *u;
		xmlChar *code;
		size_t rej;

		if (!is_el(e, "unit"))
			continue;
		if (c->n_units >= TD_MAX_UNITS) {
			too_many(x, e, "đơn vị / units", TD_MAX_UNITS);
			break;
		}
		if (td_m_grow((void **)&c->units, c->n_units, sizeof *c->units)) {
			td_m_oom(&x->m);
			break;
		}
		u = &c->units[c->n_units++];
		memset(u, 0, sizeof *u);
		u->where = where_of(x, e);
		u->order = (int)attr_long(e, "order");
		code = attr(e, "code");
		rej = x->m.rejected;
		u->code = norm(x, (const char *)code, e);
		xmlFree(code);
		if (x->m.rejected != rej)
			u->bad |= TD_BAD_CODE;
		u->role = attr_is(e, "role", "head") ? TD_ROLE_HEAD
		        : attr_is(e, "role", "deputy") ? TD_ROLE_DEPUTY : TD_ROLE_MEMBER;
		u->role_kind = c->kind;
		rej = x->m.rejected;
		u->name = child_text(x, e, "name");
		if (x->m.rejected != rej)
			u->bad |= TD_BAD_NAME;
		u->authority = child_text(x, e, "authority");
		u->title = child_text(x, e, "title");
		u->signer = child_text(x, e, "signer");
		code = attr(e, "group");
		u->group = norm(x, (const char *)code, e);
		xmlFree(code);
	}
	td_cluster_sort_units(c);
}

/* The index of the body with this code, SIZE_MAX when none (reported). */
static size_t body_index(xload *x, const char *code, xmlNodePtr at)
{
	const thidua_cluster *c = x->c;
	char buf[32];
	size_t i;

	for (i = 0; i < c->n_bodies; i++)
		if (c->bodies[i].code && strcmp(c->bodies[i].code, code) == 0)
			return i;
	td_m_error(&x->m, "data.unknown-body", line_where(buf, sizeof buf, xmlGetLineNo(at)),
	           "Đơn vị chấm \"%s\" không có trong <bodies>.",
	           "The scoring body \"%s\" is not in <bodies>.", code);
	return SIZE_MAX;
}

static void read_criteria(xload *x, xmlNodePtr list, unsigned char **written)
{
	static const char *const kinds[] = { "section", "item", "bonus", "deduction", "condition" };
	static const char *const methods[] = { "direct", "pass", "count", "target", "leader" };
	static const char *const bars[] = { "none", "first", "all", "named" };
	thidua_cluster *c = x->c;
	xmlNodePtr e, g;
	size_t n = 0;

	for (e = list ? list->children : NULL; e && !x->m.fatal; e = e->next)
		n += is_el(e, "criterion");
	if (n) {
		*written = td_calloc(n, 1);
		if (!*written) {
			td_m_oom(&x->m);
			return;
		}
	}
	for (e = list ? list->children : NULL; e && !x->m.fatal; e = e->next) {
		td_criterion *k;
		xmlChar *v;
		size_t i, rej;

		if (!is_el(e, "criterion"))
			continue;
		if (c->n_criteria >= TD_MAX_CRITERIA) {
			too_many(x, e, "tiêu chí / criteria", TD_MAX_CRITERIA);
			break;
		}
		if (td_m_grow((void **)&c->criteria, c->n_criteria, sizeof *c->criteria)) {
			td_m_oom(&x->m);
			break;
		}
		k = &c->criteria[c->n_criteria++];
		memset(k, 0, sizeof *k);
		k->parent = SIZE_MAX;
		k->body = SIZE_MAX;
		k->where = where_of(x, e);
		v = attr(e, "code");
		rej = x->m.rejected;
		k->code = norm(x, (const char *)v, e);
		xmlFree(v);
		if (x->m.rejected != rej)
			k->bad |= TD_BAD_CODE;
		v = attr(e, "label");
		k->label = norm(x, (const char *)v, e);
		xmlFree(v);
		for (i = 0; i < sizeof kinds / sizeof *kinds; i++)
			if (attr_is(e, "kind", kinds[i]))
				k->kind = (td_crit_kind)i;
		for (i = 0; i < sizeof methods / sizeof *methods; i++)
			if (attr_is(e, "method", methods[i])) {
				k->method = (td_method)i;
				(*written)[c->n_criteria - 1] = 1;
			}
		for (i = 0; i < sizeof bars / sizeof *bars; i++)
			if (attr_is(e, "bars", bars[i]))
				k->bars = (td_bar)i;
		k->disqualifies = attr_is(e, "disqualifies", "true");
		k->keep_max = attr_is(e, "keep-max", "true");
		k->max = attr_points(e, "max");
		k->per_event = attr_points(e, "per-event");
		k->cap = attr_points(e, "cap");
		v = attr(e, "floor");
		k->has_floor = v != NULL;
		xmlFree(v);
		k->floor = attr_points(e, "floor");
		v = attr(e, "measure");
		k->measure = norm(x, (const char *)v, e);
		xmlFree(v);
		v = attr(e, "body");
		if (v) {
			k->body = body_index(x, (const char *)v, e);
			if (k->body == SIZE_MAX)
				k->bad |= TD_BAD_BODY;
		}
		xmlFree(v);
		k->text = child_text(x, e, "text");
		k->note = child_text(x, e, "note");
		if (attr_is(e, "method", "direct") && k->per_event > 0 && !x->m.fatal) {
			char buf[32];

			td_m_error(&x->m, "data.unused-value", line_where(buf, sizeof buf, xmlGetLineNo(e)),
			           "Tiêu chí \"%s\": per-event chỉ dùng với method=\"count\".",
			           "Criterion \"%s\": per-event is used with method=\"count\" only.",
			           k->code ? k->code : "");
			k->bad |= TD_BAD_PER_EVENT;
		}
		for (g = e->children; g && !x->m.fatal; g = g->next) {
			char *name;

			if (!is_el(g, "bar-award") || !(name = el_text(x, g)))
				continue;
			if (td_m_grow((void **)&k->bar_awards, k->n_bar_awards, sizeof *k->bar_awards)) {
				td_free(name);
				td_m_oom(&x->m);
				break;
			}
			k->bar_awards[k->n_bar_awards++] = name;
		}
		if (k->n_bar_awards && k->bars != TD_BAR_NAMED && !x->m.fatal) {
			char buf[32];

			td_m_error(&x->m, "data.bad-value", line_where(buf, sizeof buf, xmlGetLineNo(e)),
			           "Tiêu chí \"%s\": <bar-award> cần bars=\"named\".",
			           "Criterion \"%s\": <bar-award> needs bars=\"named\".", k->code ? k->code : "");
			k->bad |= TD_BAD_BARS;
		}
	}
	td_cluster_link_criteria(c);
	if (!x->m.fatal && c->n_criteria)
		td_m_default_methods(c, *written);
}

/* <bodies><body code="P_TH"><name>…</name></body></bodies> */
static void read_bodies(xload *x, xmlNodePtr list)
{
	thidua_cluster *c = x->c;
	xmlNodePtr e;

	for (e = list ? list->children : NULL; e && !x->m.fatal; e = e->next) {
		td_body *y;
		xmlChar *v;

		if (!is_el(e, "body"))
			continue;
		if (c->n_bodies >= TD_MAX_UNITS) {
			too_many(x, e, "đơn vị chấm / scoring bodies", TD_MAX_UNITS);
			break;
		}
		if (td_m_grow((void **)&c->bodies, c->n_bodies, sizeof *c->bodies)) {
			td_m_oom(&x->m);
			break;
		}
		y = &c->bodies[c->n_bodies++];
		memset(y, 0, sizeof *y);
		y->where = where_of(x, e);
		v = attr(e, "code");
		y->code = norm(x, (const char *)v, e);
		xmlFree(v);
		y->name = child_text(x, e, "name");
	}
}

/* <unit-targets><unit-target unit="U1" criterion="I.1" value="120"/> */
static void read_unit_targets(xload *x, xmlNodePtr list)
{
	thidua_cluster *c = x->c;
	xmlNodePtr e;
	char buf[32];

	for (e = list ? list->children : NULL; e && !x->m.fatal; e = e->next) {
		xmlChar *u, *k;
		size_t ui = SIZE_MAX, ki = SIZE_MAX, i;
		td_target *t;

		if (!is_el(e, "unit-target"))
			continue;
		u = attr(e, "unit");
		k = attr(e, "criterion");
		for (i = 0; u && i < c->n_units && ui == SIZE_MAX; i++)
			if (c->units[i].code && strcmp(c->units[i].code, (const char *)u) == 0)
				ui = i;
		for (i = 0; k && i < c->n_criteria && ki == SIZE_MAX; i++)
			if (c->criteria[i].code && strcmp(c->criteria[i].code, (const char *)k) == 0)
				ki = i;
		line_where(buf, sizeof buf, xmlGetLineNo(e));
		if (ui == SIZE_MAX)
			td_m_error(&x->m, "data.unknown-unit", buf, "Không có đơn vị mã \"%s\".",
			           "There is no unit \"%s\".", u ? (const char *)u : "");
		if (ki == SIZE_MAX)
			td_m_error(&x->m, "data.unknown-criterion", buf, "Không có tiêu chí mã \"%s\".",
			           "There is no criterion \"%s\".", k ? (const char *)k : "");
		else if (c->criteria[ki].method != TD_METHOD_TARGET && c->criteria[ki].method != TD_METHOD_LEADER)
			td_m_error(&x->m, "data.bad-target", buf,
			           "Tiêu chí \"%s\" không chấm theo chỉ tiêu (method=\"target\" hoặc \"leader\").",
			           "Criterion \"%s\" is not scored against a target (method=\"target\" or \"leader\").",
			           (const char *)k);
		for (i = 0; ui != SIZE_MAX && ki != SIZE_MAX && i < c->n_targets_given; i++)
			if (c->targets_given[i].unit == ui && c->targets_given[i].crit == ki) {
				td_m_error(&x->m, "data.duplicate-target", buf,
				           "Chỉ tiêu của đơn vị \"%s\" cho tiêu chí \"%s\" đã có ở %s.",
				           "The target of unit \"%s\" for criterion \"%s\" is already given at %s.",
				           (const char *)u, (const char *)k, c->targets_given[i].where);
				ui = SIZE_MAX;
			}
		xmlFree(u);
		xmlFree(k);
		if (ui == SIZE_MAX || ki == SIZE_MAX)
			continue;
		if (td_m_grow((void **)&c->targets_given, c->n_targets_given, sizeof *c->targets_given)) {
			td_m_oom(&x->m);
			break;
		}
		t = &c->targets_given[c->n_targets_given++];
		t->unit = ui;
		t->crit = ki;
		t->value = attr_points(e, "value");
		t->where = where_of(x, e);
		if (t->value <= 0)
			td_m_error(&x->m, "data.bad-number", buf, "Chỉ tiêu phải là một số lớn hơn 0.",
			           "The target must be a number above 0.");
	}
}

/* A percentage attribute (0..100, schema-checked) in hundredths of a
 * percent; -1 when absent. */
static int64_t attr_pct(xmlNodePtr n, const char *name)
{
	xmlChar *v = attr(n, name);
	int64_t h = -1;

	if (v && td_m_parse_xsd_number(&h, (const char *)v) != 0)
		h = -1;
	xmlFree(v);
	return h;
}

/* <bands><band min-total="90" min-criterion-pct="85"><name>…</name></band> */
static void read_bands(xload *x, xmlNodePtr list)
{
	thidua_cluster *c = x->c;
	xmlNodePtr e;

	for (e = list ? list->children : NULL; e && !x->m.fatal; e = e->next) {
		td_band *y;
		xmlChar *v;

		if (!is_el(e, "band"))
			continue;
		if (c->n_bands >= TD_MAX_AWARDS) {
			too_many(x, e, "xếp loại / bands", TD_MAX_AWARDS);
			break;
		}
		if (td_m_grow((void **)&c->bands, c->n_bands, sizeof *c->bands)) {
			td_m_oom(&x->m);
			break;
		}
		y = &c->bands[c->n_bands++];
		memset(y, 0, sizeof *y);
		y->where = where_of(x, e);
		v = attr(e, "min-total");
		y->has_min_total = v != NULL;
		xmlFree(v);
		y->min_total = attr_points(e, "min-total");
		y->min_crit_pct = attr_pct(e, "min-criterion-pct");
		y->min_section_pct = attr_pct(e, "min-section-pct");
		y->name = child_text(x, e, "name");
	}
}

/* <scoring step="0.25" cross-scoring="true" drop-extremes="true"> with
 * <tiebreak rule="..." section="I"/> children, in order. */
static void read_scoring(xload *x, xmlNodePtr sc)
{
	static const char *const rules[] = { "base", "section", "fewer-deductions", "more-bonus",
	                                     "vote" };
	static const td_tiebreak_kind kinds[] = { TD_TIE_BASE, TD_TIE_SECTION, TD_TIE_FEWER_DEDUCT,
	                                          TD_TIE_MORE_BONUS, TD_TIE_VOTE };
	thidua_cluster *c = x->c;
	xmlNodePtr e;
	xmlChar *v;
	char buf[32];

	if (!sc)
		return;
	v = attr(sc, "step");
	if (v) {
		int64_t h = 0;

		if (td_m_parse_xsd_number(&h, (const char *)v) == 0 && h > 0 && h <= 100 && 100 % h == 0)
			c->step = h;
		else
			td_m_error(&x->m, "data.bad-step", line_where(buf, sizeof buf, xmlGetLineNo(sc)),
			           "Bước điểm \"%s\" không hợp lệ: cần 0.25 hoặc 0.5 (hay một bước chia hết 1 điểm: 0.1; 0.2; 1).",
			           "The step \"%s\" is not valid: expected 0.25 or 0.5 (or a step that divides 1 point: 0.1; 0.2; 1).",
			           (const char *)v);
		xmlFree(v);
	}
	c->cross_scoring = attr_is(sc, "cross-scoring", "true");
	v = attr(sc, "empty-zero");
	if (v) {
		static const char *const ez[] = { "section", "item", "bonus", "deduction", "condition" };
		const char *p = (const char *)v;
		size_t i;

		while (*p) {
			size_t n = strcspn(p, " \t\n");

			for (i = 1; i < sizeof ez / sizeof *ez; i++)
				if (n && strlen(ez[i]) == n && strncmp(p, ez[i], n) == 0)
					c->empty_zero |= 1u << i;
			p += n;
			while (*p == ' ' || *p == '\t' || *p == '\n')
				p++;
		}
		xmlFree(v);
	}
	c->drop_extremes = attr_is(sc, "drop-extremes", "true");
	for (e = sc->children; e && !x->m.fatal; e = e->next) {
		td_tiebreak *tb;
		size_t i;

		if (!is_el(e, "tiebreak"))
			continue;
		if (c->n_tiebreaks >= 20) {
			too_many(x, e, "tiêu chí xếp hạng phụ / tie-break rules", 20);
			break;
		}
		if (td_m_grow((void **)&c->tiebreaks, c->n_tiebreaks, sizeof *c->tiebreaks)) {
			td_m_oom(&x->m);
			break;
		}
		tb = &c->tiebreaks[c->n_tiebreaks++];
		memset(tb, 0, sizeof *tb);
		tb->where = where_of(x, e);
		for (i = 0; i < sizeof rules / sizeof *rules; i++)
			if (attr_is(e, "rule", rules[i]))
				tb->kind = kinds[i];
		if (tb->kind == TD_TIE_SECTION) {
			v = attr(e, "section");
			tb->section = norm(x, (const char *)v, e);
			xmlFree(v);
		}
	}
}

static void read_awards(xload *x, xmlNodePtr list)
{
	thidua_cluster *c = x->c;
	xmlNodePtr e;

	for (e = list ? list->children : NULL; e && !x->m.fatal; e = e->next) {
		td_award *a;
		size_t rej;

		if (!is_el(e, "award"))
			continue;
		if (c->n_awards >= TD_MAX_AWARDS) {
			too_many(x, e, "hình thức khen thưởng / awards", TD_MAX_AWARDS);
			break;
		}
		if (td_m_grow((void **)&c->awards, c->n_awards, sizeof *c->awards)) {
			td_m_oom(&x->m);
			break;
		}
		a = &c->awards[c->n_awards++];
		memset(a, 0, sizeof *a);
		a->where = where_of(x, e);
		a->min_band = SIZE_MAX;
		a->min_crit_pct = attr_pct(e, "min-criterion-pct");
		if (attr_is(e, "quota", "unlimited")) {
			a->quota_kind = TD_QUOTA_UNLIMITED;
		} else {
			xmlChar *q = attr(e, "quota");
			size_t ql = q ? strlen((const char *)q) : 0;

			if (ql && q[ql - 1] == '%') {
				int64_t h = 0;

				q[ql - 1] = '\0';
				if (td_m_parse_xsd_number(&h, (const char *)q) == 0) {
					a->quota_kind = TD_QUOTA_PERCENT;
					a->quota = (int)h;
				}
			} else {
				a->quota = (int)attr_long(e, "quota");
			}
			xmlFree(q);
		}
		{
			xmlChar *mb = attr(e, "min-band");
			a->min_band_name = norm(x, (const char *)mb, e);
			xmlFree(mb);
		}
		a->min_total = attr_points(e, "min-total");
		a->needs_vote = attr_is(e, "vote", "true");
		rej = x->m.rejected;
		a->name = child_text(x, e, "name");
		if (x->m.rejected != rej)
			a->bad |= TD_BAD_NAME;
	}
}

/* <witness>: the body the agreement is signed before (Chứng kiến). */
static void read_witness(xload *x, xmlNodePtr e)
{
	td_witness *w = &x->c->witness;

	if (!e)
		return;
	w->where = where_of(x, e);
	w->name = child_text(x, e, "name");
	w->authority = child_text(x, e, "authority");
	w->title = child_text(x, e, "title");
	w->signer = child_text(x, e, "signer");
}

/* One item of the agreement: its text, or <text> and its <point>s, as the
 * lines of one text (the first the item, the others its sub-points). */
static char *item_text(xload *x, xmlNodePtr e)
{
	xmlNodePtr p;
	td_buf b = TD_BUF_INIT;
	char *t;

	if (!first_el(e, "text"))
		return el_text(x, e);
	t = child_text(x, e, "text");
	td_buf_puts(&b, t ? t : "");
	td_free(t);
	for (p = e->children; p && !x->m.fatal; p = p->next) {
		if (!is_el(p, "point"))
			continue;
		t = el_text(x, p);
		if (t && *t) {
			td_buf_putc(&b, '\n');
			td_buf_puts(&b, t);
		}
		td_free(t);
	}
	if (td_buf_oom(&b)) {
		td_buf_free(&b);
		td_m_oom(&x->m);
		return NULL;
	}
	if (!b.len) {
		td_buf_free(&b);
		return NULL;
	}
	return td_buf_detach(&b);
}

/* Add one item to the section `muc` (content.c), with the limits. */
static void content_item(xload *x, xmlNodePtr e, const char *muc, td_numbering num, char *t)
{
	thidua_cluster *c = x->c;
	long k = td_content_find(c, muc);
	char *w;

	if (k < -1) {
		td_free(t);
		td_m_oom(&x->m);
		return;
	}
	if (k < 0 && c->n_sections >= TD_MAX_SECTIONS) {
		td_free(t);
		too_many(x, e, "phần nội dung / sections", TD_MAX_SECTIONS);
		return;
	}
	if (k >= 0 && t && c->sections[k].n_items >= TD_MAX_CONTENT) {
		td_free(t);
		too_many(x, e, "nội dung / items", TD_MAX_CONTENT);
		return;
	}
	w = where_of(x, e);
	if (!w) {
		td_free(t);
		return;
	}
	if (td_content_add(c, muc, num, t, w))
		td_m_oom(&x->m);
}

/* <content>: commitment, target and implementation are the three Mục of
 * the workbook; <section title numbering> any other; in document order. */
static void read_content(xload *x, xmlNodePtr content)
{
	xmlNodePtr e, i;
	xmlChar *v;

	if (!content)
		return;
	if (attr_is(content, "annex-criteria", "true") || attr_is(content, "annex-criteria", "1"))
		x->c->annex_criteria = 1;
	x->c->sign_columns = (int)attr_long(content, "sign-columns");
	for (e = content->children; e && !x->m.fatal; e = e->next) {
		const char *muc = is_el(e, "commitment") ? TD_MUC_COMMITMENTS
		                : is_el(e, "target") ? TD_MUC_TARGETS
		                : is_el(e, "implementation") ? TD_MUC_IMPLEMENTATION : NULL;
		td_numbering num = TD_NUM_AUTO;
		char *title;

		if (muc) {
			char *t = el_text(x, e);
			if (t && *t)
				content_item(x, e, muc, TD_NUM_AUTO, t);
			else
				td_free(t);
			continue;
		}
		if (!is_el(e, "section"))
			continue;
		v = attr(e, "title");
		title = v ? norm(x, (const char *)v, e) : NULL;
		xmlFree(v);
		if (!title || !*title) {
			td_free(title);
			continue;
		}
		v = attr(e, "numbering");
		if (v) {
			int rc = td_numbering_parse(&num, (const char *)v);
			char buf[32];
			if (rc == -2)
				td_m_oom(&x->m);
			else if (rc)
				td_m_error(&x->m, "data.bad-value", line_where(buf, sizeof buf, xmlGetLineNo(e)),
				           "Cách đánh số \"%s\" không hợp lệ: cần một trong " TD_NUMBERING_LIST ".",
				           "Numbering \"%s\" is not valid: expected one of " TD_NUMBERING_LIST ".",
				           (const char *)v);
			xmlFree(v);
		}
		content_item(x, e, title, num, NULL); /* the section, even with no item */
		for (i = e->children; i && !x->m.fatal; i = i->next) {
			char *t;
			if (!is_el(i, "item"))
				continue;
			t = item_text(x, i);
			if (t && *t)
				content_item(x, i, title, TD_NUM_AUTO, t);
			else
				td_free(t);
		}
		td_free(title);
	}
}

static void read_cluster(xload *x, xmlNodePtr root)
{
	thidua_cluster *c = x->c;
	xmlNodePtr content = first_el(root, "content");
	unsigned char *written = NULL;

	read_general(x, root);
	if (!x->m.fatal)
		texts(x, first_el(root, "recipients"), "recipient", &c->recipients, &c->n_recipients,
		      TD_MAX_RECIPIENTS, "nơi nhận / recipients", 0);
	if (!x->m.fatal)
		read_units(x, first_el(root, "units"));
	if (!x->m.fatal)
		texts(x, first_el(root, "bases"), "basis", &c->bases, &c->n_bases, TD_MAX_BASES,
		      "căn cứ / legal bases", 1);
	if (!x->m.fatal)
		read_witness(x, first_el(root, "witness"));
	if (!x->m.fatal)
		read_content(x, content);
	if (!x->m.fatal)
		read_bodies(x, first_el(root, "bodies"));
	if (!x->m.fatal)
		read_criteria(x, first_el(root, "criteria"), &written);
	td_free(written);
	if (!x->m.fatal)
		read_unit_targets(x, first_el(root, "unit-targets"));
	if (!x->m.fatal)
		read_bands(x, first_el(root, "bands"));
	if (!x->m.fatal)
		read_scoring(x, first_el(root, "scoring"));
	if (!x->m.fatal)
		read_awards(x, first_el(root, "awards"));
	if (!x->m.fatal)
		td_m_resolve(&x->m, c);
}

static int run_schema(xload *x, xmlDocPtr doc);

/* Validate doc against the embedded schema; problems go to x. */
static int check_schema(xload *x, xmlDocPtr doc)
{
	int rc;

	/* libxml2 2.9's RELAX NG code crashes on a failed allocation: the
	 * tests' failure injection must not reach it (a real shortage there
	 * is libxml2's to survive) */
	td_alloc_shield(1);
	rc = run_schema(x, doc);
	td_alloc_shield(0);
	return rc;
}

static int run_schema(xload *x, xmlDocPtr doc)
{
	xmlRelaxNGParserCtxtPtr pctxt;
	xmlRelaxNGPtr schema = NULL;
	xmlRelaxNGValidCtxtPtr vctxt = NULL;
	int rc = 0;

	pctxt = xmlRelaxNGNewMemParserCtxt((const char *)td_cluster_rng, (int)td_cluster_rng_len);
	if (!pctxt)
		return td_error_oom();
	xmlRelaxNGSetParserStructuredErrors(pctxt, on_schema_build_error, NULL);
	schema = xmlRelaxNGParse(pctxt);
	xmlRelaxNGFreeParserCtxt(pctxt);
	if (!schema)
		return td_error(THIDUA_ERROR, "Lược đồ RELAX NG nhúng sẵn bị hỏng.",
		                "The embedded RELAX NG schema is broken.");
	vctxt = xmlRelaxNGNewValidCtxt(schema);
	if (!vctxt) {
		rc = td_error_oom();
		goto cleanup;
	}
	xmlRelaxNGSetValidStructuredErrors(vctxt, on_schema_error, x);
	if (xmlRelaxNGValidateDoc(vctxt, doc) != 0 && x->n_schema_errors == 0)
		td_m_error(&x->m, "data.schema", "dòng 1",
		           "Không đúng lược đồ urn:thidua:cluster:1.",
		           "Does not follow the urn:thidua:cluster:1 schema.");
cleanup:
	xmlRelaxNGFreeValidCtxt(vctxt);
	xmlRelaxNGFree(schema);
	return rc;
}

int td_cluster_from_xml(thidua_cluster **out, const char *xml, size_t len, const char *path,
                        unsigned flags,
                        thidua_diags *diags)
{
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	xload x;
	td_xml_err xe;
	int rc = 0, doctype = 0;

	*out = NULL;
	memset(&x, 0, sizeof x);
	x.m.diags = diags;
	x.m.file = path;
	x.m.flags = flags;
	if (len > TD_MAX_FILE || len > INT_MAX) {
		td_m_error(&x.m, "data.too-large", NULL, "Tệp dữ liệu quá lớn (%zu byte; tối đa %u).",
		           "The data file is too large (%zu bytes; at most %u).", len, TD_MAX_FILE);
		return x.m.fatal ? x.m.fatal : THIDUA_ELIMIT;
	}
	if (td_xml_root_offset(xml, len, &doctype) == (size_t)-1 && doctype) {
		td_m_error(&x.m, "data.bad-xml", "dòng 1",
		           "Tệp XML có khai báo DOCTYPE: không được phép (vì an toàn).",
		           "The XML file has a DOCTYPE declaration: refused (for safety).");
		return x.m.fatal ? x.m.fatal : THIDUA_EFORMAT;
	}
	if (td_xml_check_encoding(xml, len, NULL, NULL) /* located by the diag */ != 0) {
		const thidua_error *e = thidua_error_last();

		td_m_diag_msg(&x.m, THIDUA_SEV_ERROR, "data.bad-encoding", "dòng 1", e->message_vi,
		              e->message_en);
		return x.m.fatal ? x.m.fatal : THIDUA_EFORMAT;
	}
	x.c = td_cluster_new(path);
	if (!x.c)
		return THIDUA_ENOMEM;
	/* context-less messages (encoding, I/O) are captured, not printed */
	td_xml_capture_begin(&xe);
	ctxt = xmlNewParserCtxt();
	if (ctxt) {
		ctxt->_private = &x;
		ctxt->sax->serror = on_parse_error;
		doc = td_xml_ctxt_read(ctxt, xml, len, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	}
	td_xml_capture_end(&xe);
	if (!ctxt || (!doc && xe.nomem)) {
		rc = td_error_oom();
		goto cleanup;
	}
	if (x.m.fatal) {
		rc = x.m.fatal;
		goto cleanup;
	}
	if (!doc || x.n_xml_errors) {
		if (!x.n_xml_errors) {
			char buf[32];

			td_m_error(&x.m, "data.bad-xml", line_where(buf, sizeof buf, xe.line),
			           "XML hỏng: %s", "Malformed XML: %s", xe.count ? xe.msg : "?");
		}
		rc = x.m.fatal ? x.m.fatal : THIDUA_EFORMAT;
		goto cleanup;
	}
	if (doc->intSubset || doc->extSubset) {
		td_m_error(&x.m, "data.bad-xml", "dòng 1",
		           "Tệp XML có khai báo DOCTYPE: không được phép (vì an toàn).",
		           "The XML file has a DOCTYPE declaration: refused (for safety).");
		rc = x.m.fatal ? x.m.fatal : THIDUA_EFORMAT;
		goto cleanup;
	}
	rc = check_schema(&x, doc);
	if (!rc && x.m.fatal)
		rc = x.m.fatal;
	if (rc)
		goto cleanup;
	if (x.m.errors) {
		rc = THIDUA_EDATA;
		goto cleanup;
	}
	read_cluster(&x, xmlDocGetRootElement(doc));
	rc = x.m.fatal;
	if (!rc) {
		rc = td_cluster_validate(x.c, diags);
		if (rc == THIDUA_EDATA) {
			rc = 0;
			x.m.errors++;
		}
	}
	if (!rc && x.m.errors)
		rc = THIDUA_EDATA;
cleanup:
	if (doc)
		xmlFreeDoc(doc);
	if (ctxt)
		xmlFreeParserCtxt(ctxt);
	if (rc) {
		thidua_cluster_free(x.c);
		return rc;
	}
	*out = x.c;
	return 0;
}

/* Read a whole file (at most max bytes) into *data (owned, NUL-ended). */
int td_m_read_file(char **data, size_t *len, const char *path, size_t max)
{
	FILE *f;
	char *buf = NULL;
	size_t cap = 0, n = 0;
	int rc = 0;

	*data = NULL;
	*len = 0;
	f = td_fopen(path, "rb");
	if (!f)
		return td_error(THIDUA_EIO, "Không mở được tệp %s.", "Cannot open the file %s.", path);
	for (;;) {
		size_t got;

		if (n + 4096 + 1 > cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			char *p;

			if (n > max) {
				rc = td_error(THIDUA_ELIMIT, "Tệp %s quá lớn (hơn %zu byte).",
				              "The file %s is too large (over %zu bytes).", path, max);
				goto cleanup;
			}
			p = td_realloc(buf, ncap);
			if (!p) {
				rc = td_error_oom();
				goto cleanup;
			}
			buf = p;
			cap = ncap;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0) {
			if (ferror(f))
				rc = td_error(THIDUA_EIO, "Không đọc được tệp %s.", "Cannot read the file %s.", path);
			break;
		}
	}
	if (!rc && n > max)
		rc = td_error(THIDUA_ELIMIT, "Tệp %s quá lớn (hơn %zu byte).",
		              "The file %s is too large (over %zu bytes).", path, max);
cleanup:
	fclose(f);
	if (rc) {
		td_free(buf);
		return rc;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

int td_cluster_load_xml(thidua_cluster **out, const char *path, unsigned flags,
                        thidua_diags *diags)
{
	char *data = NULL;
	size_t len = 0;
	td_mctx m;
	int rc;

	*out = NULL;
	rc = td_m_read_file(&data, &len, path, TD_MAX_FILE);
	if (rc) {
		const thidua_error *e = thidua_error_last();

		memset(&m, 0, sizeof m);
		m.diags = diags;
		m.file = path;
		if (rc != THIDUA_ENOMEM)
			td_m_diag_msg(&m, THIDUA_SEV_ERROR,
			              rc == THIDUA_ELIMIT ? "data.too-large" : "data.unreadable", NULL,
			              e ? e->message_vi : "", e ? e->message_en : "");
		return m.fatal ? m.fatal : rc;
	}
	rc = td_cluster_from_xml(out, data, len, path, flags, diags);
	td_free(data);
	return rc;
}
