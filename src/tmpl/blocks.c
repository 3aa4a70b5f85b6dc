/* blocks.c - match for/if statements and settle what each block repeats or
 * keeps: paragraphs, list items or table rows when its tags stand alone,
 * the text between them when they are inline, or the explicit scope written
 * in the tag ({%row for ... %}). The scope becomes a <td:block> element whose
 * <td:seg> children hold the branches. */
#include "tmpl/tmpl_int.h"
#include "util/alloc.h"

#include <ctype.h>
#include <string.h>

#define MAX_DEPTH TD_MAX_NESTING

typedef struct marker_list {
	xmlNodePtr *m;
	size_t n, cap;
} marker_list;

static int collect_stmts(marker_list *l, xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (td_is_marker(c, "stmt")) {
			if (l->n == l->cap) {
				size_t cap = l->cap ? l->cap * 2 : 16;
				xmlNodePtr *nm = td_realloc(l->m, cap * sizeof *nm);
				if (!nm)
					return -1;
				l->m = nm;
				l->cap = cap;
			}
			l->m[l->n++] = c;
		} else if (collect_stmts(l, c) < 0) {
			return -1;
		}
	}
	return 0;
}

static td_tag *tag_of(xmlNodePtr m) { return (td_tag *)m->_private; }

static int is_para(const xmlNode *n)
{
	return td_node_is(n, NS_TEXT, "p") || td_node_is(n, NS_TEXT, "h");
}

static xmlNodePtr ancestor(xmlNodePtr n, td_scope_kind k)
{
	for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
		switch (k) {
		case TD_SCOPE_P: if (is_para(n)) return n; break;
		case TD_SCOPE_LI: if (td_node_is(n, NS_TEXT, "list-item")) return n; break;
		case TD_SCOPE_ROW: if (td_node_is(n, NS_TABLE, "table-row")) return n; break;
		case TD_SCOPE_SECTION: if (td_node_is(n, NS_TEXT, "section")) return n; break;
		case TD_SCOPE_CELL: if (td_node_is(n, NS_TABLE, "table-cell")) return n; break;
		default: return NULL;
		}
	}
	return NULL;
}

static int blank(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

/* Does the subtree hold anything but white space and empty milestones?
 * `except` (a marker) does not count. */
static int has_content(const xmlNode *n, const xmlNode *except)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		if (c == except)
			continue;
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (!blank((const char *)c->content))
				return 1;
		} else if (c->type == XML_ELEMENT_NODE) {
			if (td_node_is(c, NS_TEXT, "s") || td_node_is(c, NS_TEXT, "soft-page-break") ||
			    td_node_is(c, NS_TEXT, "bookmark") || td_node_is(c, NS_TEXT, "bookmark-start") ||
			    td_node_is(c, NS_TEXT, "bookmark-end") ||
			    /* revision marks (ODF 1.3 Part 3 §5.5.7): zero width */
			    td_node_is(c, NS_TEXT, "change") || td_node_is(c, NS_TEXT, "change-start") ||
			    td_node_is(c, NS_TEXT, "change-end"))
				continue;
			if (td_node_is(c, NS_TEXT, "span") || td_node_is(c, NS_TEXT, "p") ||
			    td_node_is(c, NS_TEXT, "h") || td_node_is(c, NS_TABLE, "table-cell") ||
			    td_node_is(c, NS_TABLE, "covered-table-cell")) {
				if (has_content(c, except))
					return 1;
				continue;
			}
			return 1;
		}
	}
	return 0;
}

static int only_element_child(const xmlNode *parent, const xmlNode *child)
{
	const xmlNode *c;

	for (c = parent->children; c; c = c->next) {
		if (c == child)
			continue;
		if (c->type == XML_ELEMENT_NODE)
			return 0;
		if (c->type == XML_TEXT_NODE && !blank((const char *)c->content))
			return 0;
	}
	return 1;
}

/* The unit a marker that stands alone in its paragraph stands for: the
 * paragraph, its list item, or its table row; NULL when it is not alone. */
static xmlNodePtr alone_unit(xmlNodePtr m)
{
	xmlNodePtr p = ancestor(m, TD_SCOPE_P), up;

	if (!p || has_content(p, m))
		return NULL;
	up = p->parent;
	if (td_node_is(up, NS_TEXT, "list-item") && only_element_child(up, p))
		return up;
	if (td_node_is(up, NS_TABLE, "table-cell") && only_element_child(up, p)) {
		xmlNodePtr row = up->parent, c;
		if (!td_node_is(row, NS_TABLE, "table-row"))
			return p;
		for (c = row->children; c; c = c->next)
			if (c != up && c->type == XML_ELEMENT_NODE && has_content(c, NULL))
				return p;
		return row;
	}
	return p;
}

/* The table row holding every marker (NULL if none); with two_cells, only
 * when the first and the last marker are in different cells of it. */
static xmlNodePtr shared_row(xmlNodePtr *mk, size_t n, int two_cells)
{
	xmlNodePtr row = ancestor(mk[0], TD_SCOPE_ROW), a, z;
	size_t i;

	for (i = 1; row && i < n; i++)
		if (ancestor(mk[i], TD_SCOPE_ROW) != row)
			return NULL;
	if (!row || !two_cells)
		return row;
	for (a = mk[0]; a && a->parent != row; a = a->parent)
		;
	for (z = mk[n - 1]; z && z->parent != row; z = z->parent)
		;
	return a && z && a != z ? row : NULL;
}

static int precedes(xmlNodePtr a, xmlNodePtr b)
{
	for (a = a->next; a; a = a->next)
		if (a == b)
			return 1;
	return 0;
}

static const char *stmt_name(td_stmt_kind k)
{
	switch (k) {
	case TD_STMT_FOR: return "for";
	case TD_STMT_ENDFOR: return "endfor";
	case TD_STMT_IF: return "if";
	case TD_STMT_ELIF: return "elif";
	case TD_STMT_ELSE: return "else";
	case TD_STMT_ENDIF: return "endif";
	}
	return "?";
}

/* Move the siblings from `from` up to (not including) `to` (NULL: to the
 * end) into a new <td:seg> appended to block. */
static int make_segment(td_compile *cc, xmlNodePtr block, xmlNodePtr from, xmlNodePtr to)
{
	xmlNodePtr seg = xmlNewDocNode(block->doc, cc->td_ns, (const xmlChar *)"seg", NULL);
	xmlNodePtr c, next;

	if (!seg)
		return -1;
	xmlAddChild(block, seg);
	for (c = from; c && c != to; c = next) {
		next = c->next;
		xmlUnlinkNode(c);
		/* xmlAddChild may merge adjacent text nodes; that is harmless */
		xmlAddChild(seg, c);
	}
	return 0;
}

static void remove_node(xmlNodePtr n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

/* After taking an explicit-scope marker out: a paragraph inside the unit
 * left with nothing in it goes too. */
/* Does the cell hold anything but paragraphs (a frame, a marker)? */
static int has_elements_but_paragraphs(const xmlNode *cell)
{
	const xmlNode *c, *k;

	for (c = cell->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!is_para(c))
			return 1;
		for (k = c->children; k; k = k->next)
			if (k->type == XML_ELEMENT_NODE && !td_node_is(k, NS_TEXT, "span") &&
			    !td_node_is(k, NS_TEXT, "s"))
				return 1;
	}
	return 0;
}

static void remove_marker_explicit(xmlNodePtr m, xmlNodePtr unit)
{
	xmlNodePtr p = ancestor(m, TD_SCOPE_P);

	remove_node(m);
	if (p && p != unit && !has_content(p, NULL)) {
		xmlNodePtr c;
		for (c = p->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && !td_node_is(c, NS_TEXT, "span") &&
			    !td_node_is(c, NS_TEXT, "s"))
				return; /* a marker or a frame: keep */
		remove_node(p);
	}
}

static int build_block(td_compile *cc, xmlNodePtr *mk, size_t n)
{
	td_tag *open = tag_of(mk[0]);
	td_scope_kind scope = open->scope;
	xmlNodePtr units[MAX_DEPTH + 2];
	xmlNodePtr block = NULL, parent;
	td_block *info = NULL;
	size_t i;
	int explicit_mode = 0, inline_mode = 0;

	if (n > MAX_DEPTH) {
		td_compile_error(cc, open, "tmpl.too-many-branches",
		                 "Khối có quá nhiều nhánh elif.", "The block has too many elif branches.");
		return 0;
	}
	for (i = 1; i < n; i++) {
		td_scope_kind s = tag_of(mk[i])->scope;
		if (s != TD_SCOPE_AUTO && s != scope) {
			td_compile_error(cc, tag_of(mk[i]), "tmpl.scope-mismatch",
			                 "Phạm vi của thẻ này khác với thẻ mở ở %s.",
			                 "This tag's scope differs from the opening tag's at %s.",
			                 open->where, open->where);
			return 0;
		}
	}

	if (scope != TD_SCOPE_AUTO) {
		explicit_mode = 1;
	} else {
		size_t alone = 0;
		for (i = 0; i < n; i++) {
			units[i] = alone_unit(mk[i]);
			if (units[i])
				alone++;
		}
		if (alone == n) {
			/* unit mode, unless the units are not siblings */
			parent = units[0]->parent;
			for (i = 1; i < n; i++)
				if (units[i]->parent != parent || !precedes(units[i - 1], units[i]))
					break;
			if (i < n && shared_row(mk, n, 1)) {
				/* each tag alone in its own cell of one row, the
				 * row having other content: rule 2, that row */
				scope = TD_SCOPE_ROW;
				explicit_mode = 1;
			} else if (i < n) {
				td_compile_error(cc, open, "tmpl.block-structure",
				                 "Thẻ «%s» và thẻ «%s» ở %s không cùng một cấp (ví dụ một thẻ nằm trong bảng, thẻ kia ở ngoài).",
				                 "Tag «%s» and tag «%s» at %s are not at the same level (for example one inside a table, the other outside).",
				                 open->text, tag_of(mk[i])->text, tag_of(mk[i])->where,
				                 open->text, tag_of(mk[i])->text, tag_of(mk[i])->where);
				return 0;
			}
		} else if (alone == 0) {
			parent = mk[0]->parent;
			for (i = 1; i < n; i++)
				if (mk[i]->parent != parent)
					break;
			if (i == n) {
				inline_mode = 1;
				for (i = 0; i < n; i++)
					units[i] = mk[i];
			} else {
				/* tags in different cells of one row repeat that row */
				if (!shared_row(mk, n, 0)) {
					td_compile_error(cc, open, "tmpl.inline-scope",
					                 "Các thẻ của khối «%s» nằm ở những chỗ khác nhau (khác đoạn hoặc khác kiểu chữ). Hãy đặt mỗi thẻ thành một đoạn riêng, hoặc ghi rõ phạm vi như «{%%p if … %%}», «{%%row for … %%}».",
					                 "The tags of block «%s» are in different places (another paragraph or formatting). Put each tag in a paragraph of its own, or give the scope, as in «{%%p if … %%}», «{%%row for … %%}».",
					                 open->text, open->text);
					return 0;
				}
				scope = TD_SCOPE_ROW;
				explicit_mode = 1;
			}
		} else if (shared_row(mk, n, 1)) {
			/* some tags alone in their cell, some with text, in the
			 * first and last cell of one row: rule 2, that row */
			scope = TD_SCOPE_ROW;
			explicit_mode = 1;
		} else {
			td_compile_error(cc, open, "tmpl.mixed-scope",
			                 "Trong khối «%s», có thẻ đứng riêng một đoạn và có thẻ nằm giữa văn bản. Hãy đặt mọi thẻ của khối theo cùng một cách, hoặc ghi rõ phạm vi như «{%%p if … %%}».",
			                 "In block «%s», some tags stand in a paragraph of their own and some inside text. Place all of them the same way, or give the scope, as in «{%%p if … %%}».",
			                 open->text, open->text);
			return 0;
		}
	}

	if (explicit_mode) {
		for (i = 0; i < n; i++) {
			units[i] = ancestor(mk[i], scope);
			if (!units[i]) {
				td_compile_error(cc, tag_of(mk[i]), "tmpl.no-scope",
				                 "Thẻ ghi phạm vi nhưng không nằm trong phần tử tương ứng (đoạn, mục danh sách, dòng bảng, vùng).",
				                 "The tag names a scope but is not inside such an element (paragraph, list item, table row, section).");
				return 0;
			}
		}
		parent = units[0]->parent;
		for (i = 1; i < n; i++) {
			if (units[i]->parent != parent ||
			    (units[i] != units[i - 1] && !precedes(units[i - 1], units[i]))) {
				td_compile_error(cc, open, "tmpl.block-structure",
				                 "Thẻ «%s» và thẻ «%s» ở %s không cùng một cấp.",
				                 "Tag «%s» and tag «%s» at %s are not at the same level.",
				                 open->text, tag_of(mk[i])->text, tag_of(mk[i])->where,
				                 open->text, tag_of(mk[i])->text, tag_of(mk[i])->where);
				return 0;
			}
			if (i < n - 1 && units[i] == units[i - 1]) {
				td_compile_error(cc, tag_of(mk[i]), "tmpl.scope-branches",
				                 "Với phạm vi ghi rõ, mỗi nhánh elif/else phải ở một phần tử riêng.",
				                 "With an explicit scope, each elif/else branch must be in an element of its own.");
				return 0;
			}
		}
	}

	info = td_calloc(1, sizeof *info);
	if (!info || td_compile_own(cc, info, 'b') < 0) {
		td_free(info);
		return -1;
	}
	info->kind = open->kind;
	info->closer = tag_of(mk[n - 1]);
	info->n_branches = n - 1;
	info->branches = td_calloc(n - 1, sizeof *info->branches);
	if (!info->branches)
		return -1;
	for (i = 0; i + 1 < n; i++)
		info->branches[i] = tag_of(mk[i]);

	block = xmlNewDocNode(mk[0]->doc, cc->td_ns, (const xmlChar *)"block", NULL);
	if (!block)
		return -1;
	block->_private = info;
	xmlAddPrevSibling(units[0], block);

	if (explicit_mode) {
		/* branches are [unit_i, unit_{i+1}); the last includes the closer's unit */
		for (i = 0; i + 1 < n; i++) {
			xmlNodePtr end = i + 2 < n ? units[i + 1] : units[n - 1]->next;
			if (make_segment(cc, block, units[i], end) < 0)
				return -1;
		}
		for (i = 0; i < n; i++)
			remove_marker_explicit(mk[i], units[i]);
		/* a cell that held only its tag goes too, as a tag paragraph
		 * does: it would otherwise add an empty column each turn */
		for (i = 0; scope == TD_SCOPE_CELL && i < n; i++)
			if ((i == 0 || units[i] != units[i - 1]) && !has_content(units[i], NULL) &&
			    !has_elements_but_paragraphs(units[i]))
				remove_node(units[i]);
	} else {
		for (i = 0; i + 1 < n; i++)
			if (make_segment(cc, block, units[i]->next, units[i + 1]) < 0)
				return -1;
		for (i = 0; i < n; i++)
			remove_node(units[i]);
	}
	(void)inline_mode;
	return 0;
}

static int mentions_loop(const td_tag *t)
{
	return t && (!t->text || strstr(t->text, "loop"));
}

/* 1 when a tag in n's subtree mentions `loop`; notes it on each for
 * block on the way. Past MAX_LOOP_DEPTH, assumed. */
#define MAX_LOOP_DEPTH 512
static int mark_loop_use(xmlNodePtr n, unsigned depth)
{
	xmlNodePtr c;
	int inner = 0, own = 0;
	size_t i;

	if (n->type != XML_ELEMENT_NODE)
		return 0;
	for (c = n->children; c; c = c->next)
		if (depth >= MAX_LOOP_DEPTH || mark_loop_use(c, depth + 1))
			inner = 1;
	if (td_is_marker(n, "value") && n->_private) {
		own = mentions_loop(n->_private);
	} else if (td_is_marker(n, "block") && n->_private) {
		td_block *b = n->_private;

		for (i = 0; i < b->n_branches; i++)
			own |= mentions_loop(b->branches[i]);
		if (b->kind == TD_STMT_FOR)
			b->uses_loop = inner || depth >= MAX_LOOP_DEPTH;
	}
	return inner || own;
}

void td_blocks_mark_loop_use(xmlNodePtr root)
{
	if (root)
		mark_loop_use(root, 0);
}

int td_blocks_build(td_compile *cc, xmlNodePtr root)
{
	marker_list l = { NULL, 0, 0 };
	size_t stack[MAX_DEPTH];
	size_t depth = 0, i, j;
	xmlNodePtr group[MAX_DEPTH + 2];
	int rc = 0;

	if (collect_stmts(&l, root) < 0)
		return -1;
	for (i = 0; i < l.n; i++) {
		td_tag *t = tag_of(l.m[i]);
		switch (t->kind) {
		case TD_STMT_FOR:
		case TD_STMT_IF:
			if (depth == MAX_DEPTH) {
				td_compile_error(cc, t, "tmpl.too-deep",
				                 "Các khối lồng nhau quá sâu (tối đa %d).",
				                 "Blocks are nested too deeply (at most %d).", MAX_DEPTH, MAX_DEPTH);
				goto done;
			}
			stack[depth++] = i;
			break;
		case TD_STMT_ELIF:
		case TD_STMT_ELSE:
			if (!depth || tag_of(l.m[stack[depth - 1]])->kind != TD_STMT_IF) {
				td_compile_error(cc, t, "tmpl.stray-tag",
				                 "«%s» không nằm trong một khối {%% if %%}.",
				                 "«%s» is not inside an {%% if %%} block.", t->text, t->text);
				l.m[i] = NULL;
			}
			break;
		case TD_STMT_ENDFOR:
		case TD_STMT_ENDIF: {
			td_stmt_kind want = t->kind == TD_STMT_ENDFOR ? TD_STMT_FOR : TD_STMT_IF;
			td_tag *o;
			size_t n = 0, seen_else = 0;
			if (!depth) {
				td_compile_error(cc, t, "tmpl.stray-tag",
				                 "«%s» không có thẻ mở tương ứng.",
				                 "«%s» has no matching opening tag.", t->text, t->text);
				break;
			}
			o = tag_of(l.m[stack[depth - 1]]);
			if (o->kind != want) {
				td_compile_error(cc, t, "tmpl.mismatched-end",
				                 "«%s» đóng khối «%s» mở ở %s; cần «{%% end%s %%}».",
				                 "«%s» closes block «%s» opened at %s; expected «{%% end%s %%}».",
				                 t->text, o->text, o->where, stmt_name(o->kind),
				                 t->text, o->text, o->where, stmt_name(o->kind));
				depth--;
				break;
			}
			for (j = stack[depth - 1]; j <= i; j++) {
				td_tag *x;
				if (!l.m[j])
					continue;
				x = tag_of(l.m[j]);
				/* only this block's own markers: nested ones are gone from the tree */
				if (l.m[j]->parent == NULL)
					continue;
				if (j != stack[depth - 1] && j != i && x->kind != TD_STMT_ELIF &&
				    x->kind != TD_STMT_ELSE)
					continue;
				if (x->kind == TD_STMT_ELIF || x->kind == TD_STMT_ELSE) {
					if (want != TD_STMT_IF)
						continue;
					if (seen_else) {
						td_compile_error(cc, x, "tmpl.after-else",
						                 "«%s» đứng sau «{%% else %%}».",
						                 "«%s» comes after «{%% else %%}».", x->text, x->text);
						continue;
					}
					if (x->kind == TD_STMT_ELSE)
						seen_else = 1;
				}
				if (n < MAX_DEPTH + 1)
					group[n++] = l.m[j];
			}
			depth--;
			if (cc->failed)
				break; /* the tree may be inconsistent: stop building */
			if (build_block(cc, group, n) < 0) {
				rc = -1;
				goto done;
			}
			/* markers consumed by this block are freed: forget them */
			for (j = stack[depth]; j <= i; j++) {
				size_t k;
				for (k = 0; k < n; k++)
					if (l.m[j] == group[k])
						l.m[j] = NULL;
			}
			break;
		}
		}
	}
	while (depth > 0) {
		td_tag *o = tag_of(l.m[stack[--depth]]);
		td_compile_error(cc, o, "tmpl.unclosed-block",
		                 "Khối «%s» không được đóng (thiếu «{%% end%s %%}»).",
		                 "Block «%s» is never closed (missing «{%% end%s %%}»).",
		                 o->text, stmt_name(o->kind), o->text, stmt_name(o->kind));
	}
done:
	td_free(l.m);
	return rc;
}
