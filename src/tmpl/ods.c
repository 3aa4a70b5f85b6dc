/* ods.c - spreadsheet templates (ODF 1.3 Part 3 §9.1): cells and rows that
 * hold tags are expanded out of table:number-columns/rows-repeated before
 * scanning, and a cell whose whole content is one value tag is marked to
 * receive the value's type (number, date, boolean) when filled. */
#include "tmpl/tmpl_int.h"
#include "util/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EXPAND 1024

static int holds_tag(const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content &&
		    (strstr((const char *)c->content, "{{") || strstr((const char *)c->content, "{%")))
			return 1;
		if (c->type == XML_ELEMENT_NODE && holds_tag(c))
			return 1;
	}
	return 0;
}

/* 64-bit whatever long is (32 bits on Windows): a repeat count above
 * 2^31 must not wrap. */
static int64_t get_repeat(xmlNodePtr n, const char *attr)
{
	xmlChar *v = xmlGetNsProp(n, (const xmlChar *)attr, (const xmlChar *)NS_TABLE);
	int64_t r = 1;

	if (v) {
		r = strtoll((const char *)v, NULL, 10);
		xmlFree(v);
	}
	return r < 1 ? 1 : r;
}

/* Replace one element repeated `attr` times by that many copies. */
static int expand(td_compile *cc, xmlNodePtr n, const char *attr)
{
	int64_t r = get_repeat(n, attr), i;
	xmlAttrPtr a;

	if (r <= 1)
		return 0;
	if (r > MAX_EXPAND) {
		td_compile_error(cc, NULL, "tmpl.repeat-too-large",
		                 "Một ô hoặc dòng chứa thẻ được lặp lại %lld lần (tối đa %d).",
		                 "A cell or row holding a tag is repeated %lld times (at most %d).",
		                 (long long)r, MAX_EXPAND, (long long)r, MAX_EXPAND);
		return 0;
	}
	a = xmlHasNsProp(n, (const xmlChar *)attr, (const xmlChar *)NS_TABLE);
	if (a)
		xmlRemoveProp(a);
	for (i = 1; i < r; i++) {
		xmlNodePtr copy = xmlDocCopyNode(n, n->doc, 1);
		if (!copy)
			return -1;
		xmlAddNextSibling(n, copy);
	}
	return 0;
}

static int prepare(td_compile *cc, xmlNodePtr n)
{
	xmlNodePtr c, next;

	for (c = n->children; c; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if ((td_node_is(c, NS_TABLE, "table-row") && holds_tag(c) &&
		     expand(cc, c, "number-rows-repeated") < 0) ||
		    (td_node_is(c, NS_TABLE, "table-cell") && holds_tag(c) &&
		     expand(cc, c, "number-columns-repeated") < 0))
			return -1;
		if (prepare(cc, c) < 0)
			return -1;
	}
	return 0;
}

int td_ods_prepare(td_compile *cc, xmlNodePtr root) { return prepare(cc, root); }

static void mark(xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (td_node_is(c, NS_TABLE, "table-cell")) {
			xmlNodePtr p = NULL, m = NULL, k;
			int ok = 1;
			for (k = c->children; k; k = k->next) {
				if (k->type != XML_ELEMENT_NODE)
					continue;
				if (p || !td_node_is(k, NS_TEXT, "p"))
					ok = 0;
				p = k;
			}
			for (k = p ? p->children : NULL; ok && k; k = k->next) {
				if (k->type == XML_TEXT_NODE && k->content && *k->content)
					ok = 0;
				else if (k->type == XML_ELEMENT_NODE) {
					if (m || !td_is_marker(k, "value"))
						ok = 0;
					m = k;
				}
			}
			if (ok && m)
				((td_tag *)m->_private)->cell_typed = 1;
		}
		mark(c);
	}
}

int td_ods_mark_typed(td_compile *cc, xmlNodePtr root)
{
	(void)cc;
	mark(root);
	return 0;
}

static int index_table(td_compile *cc, xmlNodePtr n, uint32_t *next, int *formulas)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (td_node_is(c, NS_TABLE, "table-row")) {
			td_rowinfo *ri = td_calloc(1, sizeof *ri);
			int64_t rep = get_repeat(c, "number-rows-repeated");
			if (!ri || td_compile_own(cc, ri, 'p') < 0) {
				td_free(ri);
				return -1;
			}
			ri->trow = *next;
			c->_private = ri;
			*next += (uint32_t)(rep > (int64_t)UINT32_MAX - (int64_t)*next ? 0 : rep);
			if (index_table(cc, c, next, formulas) < 0)
				return -1;
			continue;
		}
		if (td_node_is(c, NS_TABLE, "table-cell")) {
			if (xmlHasNsProp(c, (const xmlChar *)"formula", (const xmlChar *)NS_TABLE))
				*formulas = 1;
			continue; /* a table inside a cell is not this table's rows */
		}
		if (index_table(cc, c, next, formulas) < 0)
			return -1;
	}
	return 0;
}

static int index_rows(td_compile *cc, xmlNodePtr n, int *formulas)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (td_node_is(c, NS_TABLE, "named-range") || td_node_is(c, NS_TABLE, "named-expression"))
			*formulas = 1;
		if (td_node_is(c, NS_TABLE, "table")) {
			uint32_t next = 0;
			if (index_table(cc, c, &next, formulas) < 0)
				return -1;
			continue;
		}
		if (index_rows(cc, c, formulas) < 0)
			return -1;
	}
	return 0;
}

int td_ods_index_rows(td_compile *cc, xmlNodePtr root)
{
	int formulas = 0;

	if (index_rows(cc, root, &formulas) < 0)
		return -1;
	return formulas;
}
