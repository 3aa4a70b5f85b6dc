/* sheet_rows.c - the rows of the criteria and of the totals of a scoring
 * sheet, with the formulas that turn entries into points. The formulas
 * compute exactly what model/criteria.c computes (td_rules_points for an
 * entry, td_crit_column for the rows above it), so that the sheet shows
 * the points the tally will count:
 *  - an entry's points by Cách chấm: DIRECT MIN(MAX(e;0);limit); PASS
 *    IF(TRIM(e)="Đạt";limit;0); COUNT MIN(limit;MAX(e;0)*per_event);
 *    TARGET MIN(limit;ROUND(limit*MAX(e;0)/target;2)); LEADER below the
 *    target ROUND(limit*MAX(e;0)/(2*target);2), at or above it
 *    limit/2 (the rest is computed at the tally: it depends on the
 *    cluster's leader); CONDITION no points;
 *  - an ITEM with rules under it: MAX(P-D;MIN(P;floor))+B, P its own
 *    points or the sum of its items (held to its max with Giữ điểm
 *    chuẩn), D and B the deductions and bonus under it;
 *  - any other node: its items + bonus - deductions, the bonus and the
 *    deductions each held to its Tối đa (a node of deductions shows them
 *    as a positive number);
 *  - the totals: the items, bonus and deductions of the top-level rows.
 * The Cách tính column says in words how each row is scored. */
#include "sheets/sheets_int.h"
#include "util/alloc.h"
#include "util/error.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

int64_t unit_target(const gen *g, size_t unit, size_t crit)
{
	const thidua_cluster *c = g->c;
	size_t i;

	if (g->tgt_start) {
		/* the unit's own targets (a province gives tens of thousands) */
		for (i = g->tgt_start[unit]; i < g->tgt_start[unit + 1]; i++)
			if (c->targets_given[g->tgt_idx[i]].crit == crit)
				return c->targets_given[g->tgt_idx[i]].value;
		return 0;
	}
	for (i = 0; i < c->n_targets_given; i++)
		if (c->targets_given[i].unit == unit && c->targets_given[i].crit == crit)
			return c->targets_given[i].value;
	return 0;
}

/* What each row can add to its parent, structurally: items, bonus,
 * deductions (an ITEM spends the rules under it). Children come after
 * their parent, so going backwards every row is complete first. */
void rows_prepare(gen *g)
{
	const thidua_cluster *c = g->c;
	size_t i;

	for (i = c->n_criteria; i-- > 0;) {
		const td_crit_info *x = &g->info[i];

		if (x->item) {
			g->has_item[i] = 1;
			g->has_bon[i] = g->has_ded[i] = 0;
		} else if (x->takes_entry) {
			g->has_bon[i] = x->cls == TD_CRIT_BONUS;
			g->has_ded[i] = x->cls == TD_CRIT_DEDUCTION;
		}
		if (x->parent != SIZE_MAX) {
			g->has_item[x->parent] |= g->has_item[i];
			g->has_bon[x->parent] |= g->has_bon[i];
			g->has_ded[x->parent] |= g->has_ded[i];
		}
	}
	/* an ITEM keeps its own flags: what its children add is spent in it */
	for (i = 0; i < c->n_criteria; i++)
		if (g->info[i].item) {
			g->has_item[i] = 1;
			g->has_bon[i] = g->has_ded[i] = 0;
		}
}

int row_in_table(const gen *g, size_t i)
{
	return g->body_ix == SIZE_MAX || td_form_in_body_table(g->c, i, g->body_ix);
}

/* Whether the table computes row i's points: every table its own rows;
 * a body's table only rows wholly scored by the body. */
static int computed(const gen *g, size_t i)
{
	const thidua_cluster *c = g->c;
	size_t j, p;

	if (g->body_ix == SIZE_MAX)
		return 1;
	if (c->criteria[i].body != g->body_ix)
		return 0;
	for (j = i + 1; j < c->n_criteria; j++)
		for (p = c->criteria[j].parent; p != SIZE_MAX; p = c->criteria[p].parent)
			if (p == i) {
				if (c->criteria[j].body != g->body_ix)
					return 0;
				break;
			}
	return 1;
}

/* ---- terms of a sum ------------------------------------------------------ */

typedef struct terms {
	uint32_t *rows;    /* rows whose points cell is a term */
	size_t n;
	td_buf extra;      /* other terms, each followed by ';' */
	size_t nextra;
} terms;

static int terms_init(gen *g, terms *t)
{
	memset(t, 0, sizeof *t);
	t->rows = td_calloc(g->c->n_criteria + 1, sizeof *t->rows);
	if (!t->rows) {
		gen_fail(g, td_error_oom());
		return -1;
	}
	return 0;
}

static void terms_free(terms *t)
{
	td_free(t->rows);
	td_buf_free(&t->extra);
}

static int terms_empty(const terms *t) { return t->n == 0 && t->nextra == 0; }

/* SUM of the terms (rows as ranges where adjacent), or 0. */
static void put_terms(td_buf *f, const terms *t, int col)
{
	if (terms_empty(t)) {
		td_buf_putc(f, '0');
		return;
	}
	if (!t->nextra) {
		put_sum(f, col, t->rows, t->n);
		return;
	}
	td_buf_puts(f, "SUM(");
	if (t->n) {
		put_sum(f, col, t->rows, t->n);
		td_buf_putc(f, ';');
	}
	td_buf_put(f, t->extra.ptr, t->extra.len - 1); /* without the last ';' */
	td_buf_putc(f, ')');
}

static void add_row(terms *t, uint32_t row) { t->rows[t->n++] = row; }

static void add_bon(gen *g, terms *t, size_t j, int col);
static void add_ded(gen *g, terms *t, size_t j, int col);

static void add_item(gen *g, terms *t, size_t j, int col)
{
	const thidua_cluster *c = g->c;
	size_t k;

	terms sub;

	if (!g->has_item[j])
		return;
	if (g->info[j].item || (!g->has_bon[j] && !g->has_ded[j])) {
		add_row(t, g->crow[j]);
		return;
	}
	if (!g->info[j].hold_max) {
		for (k = j + 1; k < c->n_criteria; k++)
			if (c->criteria[k].parent == j)
				add_item(g, t, k, col);
		return;
	}
	/* Giữ điểm chuẩn on a section that also has rules: its items held */
	if (terms_init(g, &sub) < 0)
		return;
	for (k = j + 1; k < c->n_criteria; k++)
		if (c->criteria[k].parent == j)
			add_item(g, &sub, k, col);
	td_buf_puts(&t->extra, "MIN(");
	put_decimal(&t->extra, g->info[j].max);
	td_buf_putc(&t->extra, ';');
	put_terms(&t->extra, &sub, col);
	td_buf_puts(&t->extra, ");");
	t->nextra++;
	terms_free(&sub);
}

/* The bonus (ded = 0) or deductions (ded = 1) a non-item node passes up:
 * the sum of its children's, held to its Tối đa. */
static void add_rules_of(gen *g, terms *t, size_t j, int col, int ded)
{
	const thidua_cluster *c = g->c;
	terms sub;
	size_t k;

	if (terms_init(g, &sub) < 0)
		return;
	for (k = j + 1; k < c->n_criteria; k++)
		if (c->criteria[k].parent == j)
			(ded ? add_ded : add_bon)(g, &sub, k, col);
	if (g->info[j].cap > 0) {
		td_buf_puts(&t->extra, "MIN(");
		put_decimal(&t->extra, g->info[j].cap);
		td_buf_putc(&t->extra, ';');
		put_terms(&t->extra, &sub, col);
		td_buf_puts(&t->extra, ");");
	} else {
		put_terms(&t->extra, &sub, col);
		td_buf_putc(&t->extra, ';');
	}
	t->nextra++;
	terms_free(&sub);
}

static void add_bon(gen *g, terms *t, size_t j, int col)
{
	const td_crit_info *x = &g->info[j];

	if (!g->has_bon[j] || x->item)
		return;
	if (x->takes_entry || (!g->has_item[j] && !g->has_ded[j]))
		add_row(t, g->crow[j]);
	else
		add_rules_of(g, t, j, col, 0);
}

static void add_ded(gen *g, terms *t, size_t j, int col)
{
	const td_crit_info *x = &g->info[j];

	if (!g->has_ded[j] || x->item)
		return;
	if (x->takes_entry ||
	    (!g->has_item[j] && !g->has_bon[j] && x->cls == TD_CRIT_DEDUCTION))
		add_row(t, g->crow[j]);
	else
		add_rules_of(g, t, j, col, 1);
}

/* ---- formulas -------------------------------------------------------------- */

/* The points of row i's entry in column ein (td_rules_points). */
static void entry_points(gen *g, td_buf *f, size_t i, int ein)
{
	const td_criterion *k = &g->c->criteria[i];
	const td_crit_info *x = &g->info[i];
	td_buf e = TD_BUF_INIT;
	int64_t t;

	put_ref(&e, ein, g->crow[i]);
	switch (x->method) {
	case TD_METHOD_PASS:
		td_buf_printf(f, "IF(TRIM(%s)=\"Đạt\";", td_buf_cstr(&e));
		put_decimal(f, x->limit);
		td_buf_puts(f, ";0)");
		break;
	case TD_METHOD_COUNT:
		td_buf_puts(f, "MIN(");
		put_decimal(f, x->limit);
		td_buf_printf(f, ";MAX(%s;0)*", td_buf_cstr(&e));
		put_decimal(f, k->per_event);
		td_buf_putc(f, ')');
		break;
	case TD_METHOD_TARGET:
		t = unit_target(g, g->unit, i);
		td_buf_puts(f, "MIN(");
		put_decimal(f, x->limit);
		td_buf_puts(f, ";ROUND(");
		put_decimal(f, x->limit);
		td_buf_printf(f, "*MAX(%s;0)/", td_buf_cstr(&e));
		put_decimal(f, t);
		td_buf_puts(f, ";2))");
		break;
	case TD_METHOD_LEADER:
		t = unit_target(g, g->unit, i);
		td_buf_printf(f, "IF(%s>=", td_buf_cstr(&e));
		put_decimal(f, t);
		td_buf_putc(f, ';');
		put_decimal(f, td_muldiv_round(x->limit, 1, 2));
		td_buf_puts(f, ";ROUND(");
		put_decimal(f, x->limit);
		td_buf_printf(f, "*MAX(%s;0)/", td_buf_cstr(&e));
		put_decimal(f, 2 * t);
		td_buf_puts(f, ";2))");
		break;
	case TD_METHOD_DIRECT:
	default:
		td_buf_printf(f, "MIN(MAX(%s;0);", td_buf_cstr(&e));
		put_decimal(f, x->limit);
		td_buf_putc(f, ')');
		break;
	}
	if (td_buf_oom(&e))
		gen_fail(g, td_error_oom());
	td_buf_free(&e);
}

/* The formula of row i's points cell (column col, entries in ein); empty
 * when the row has no points (a CONDITION). */
static void points_formula(gen *g, td_buf *f, size_t i, int ein, int col)
{
	const thidua_cluster *c = g->c;
	const td_crit_info *x = &g->info[i];
	terms it, bon, ded;
	td_buf p = TD_BUF_INIT;
	size_t k;

	if (x->cls == TD_CRIT_CONDITION && x->takes_entry)
		return;
	if (!x->item && x->takes_entry) {
		entry_points(g, f, i, ein);
		return;
	}
	if (terms_init(g, &it) < 0)
		return;
	if (terms_init(g, &bon) < 0) {
		terms_free(&it);
		return;
	}
	if (terms_init(g, &ded) < 0) {
		terms_free(&it);
		terms_free(&bon);
		return;
	}
	for (k = i + 1; k < c->n_criteria; k++) {
		if (c->criteria[k].parent != i)
			continue;
		add_item(g, &it, k, col);
		add_bon(g, &bon, k, col);
		add_ded(g, &ded, k, col);
	}
	if (x->item) {
		if (x->takes_entry) {
			entry_points(g, &p, i, ein);
		} else if (x->hold_max) {
			td_buf_puts(&p, "MIN(");
			put_decimal(&p, x->max);
			td_buf_putc(&p, ';');
			put_terms(&p, &it, col);
			td_buf_putc(&p, ')');
		} else {
			put_terms(&p, &it, col);
		}
		if (terms_empty(&ded)) {
			td_buf_put(f, td_buf_cstr(&p), p.len);
		} else {
			td_buf_printf(f, "MAX(%s-", td_buf_cstr(&p));
			put_terms(f, &ded, col);
			if (x->floor > 0) {
				td_buf_printf(f, ";MIN(%s;", td_buf_cstr(&p));
				put_decimal(f, x->floor);
				td_buf_puts(f, "))");
			} else {
				td_buf_puts(f, ";0)");
			}
		}
		if (!terms_empty(&bon)) {
			td_buf_putc(f, '+');
			put_terms(f, &bon, col);
		}
		goto cleanup;
	}
	/* a node: its items + bonus - deductions, capped parts */
	if (x->cap > 0) {
		/* the parts of the children, held to this node's Tối đa */
		terms b2, d2;
		if (terms_init(g, &b2) == 0) {
			if (!terms_empty(&bon)) {
				td_buf_puts(&b2.extra, "MIN(");
				put_decimal(&b2.extra, x->cap);
				td_buf_putc(&b2.extra, ';');
				put_terms(&b2.extra, &bon, col);
				td_buf_puts(&b2.extra, ");");
				b2.nextra = 1;
			}
			terms_free(&bon);
			bon = b2;
		}
		if (terms_init(g, &d2) == 0) {
			if (!terms_empty(&ded)) {
				td_buf_puts(&d2.extra, "MIN(");
				put_decimal(&d2.extra, x->cap);
				td_buf_putc(&d2.extra, ';');
				put_terms(&d2.extra, &ded, col);
				td_buf_puts(&d2.extra, ");");
				d2.nextra = 1;
			}
			terms_free(&ded);
			ded = d2;
		}
	}
	if (x->cls == TD_CRIT_DEDUCTION && !g->has_item[i] && !g->has_bon[i]) {
		/* deductions only: shown as a positive number */
		if (ded.nextra == 1 && ded.n == 0)
			td_buf_put(f, ded.extra.ptr, ded.extra.len - 1);
		else
			put_terms(f, &ded, col);
		goto cleanup;
	}
	if (x->hold_max && !terms_empty(&it)) {
		/* Giữ điểm chuẩn: the items held to the published maximum */
		td_buf_puts(&p, "MIN(");
		put_decimal(&p, x->max);
		td_buf_putc(&p, ';');
		put_terms(&p, &it, col);
		td_buf_putc(&p, ')');
	} else if (!terms_empty(&it) || terms_empty(&bon)) {
		put_terms(&p, &it, col);
	}
	if (!terms_empty(&bon)) {
		if (p.len)
			td_buf_putc(&p, '+');
		if (bon.nextra == 1 && bon.n == 0)
			td_buf_put(&p, bon.extra.ptr, bon.extra.len - 1);
		else
			put_terms(&p, &bon, col);
	}
	if (terms_empty(&ded)) {
		td_buf_put(f, td_buf_cstr(&p), p.len);
	} else if (x->cls == TD_CRIT_DEDUCTION) {
		/* deductions shown positive unless items or bonus were scored */
		td_buf_printf(f, "IF(%s=0;", td_buf_cstr(&p));
		put_terms(f, &ded, col);
		td_buf_printf(f, ";%s-", td_buf_cstr(&p));
		put_terms(f, &ded, col);
		td_buf_putc(f, ')');
	} else {
		td_buf_printf(f, "%s-", td_buf_cstr(&p));
		put_terms(f, &ded, col);
	}
cleanup:
	if (td_buf_oom(&p) || td_buf_oom(&it.extra) || td_buf_oom(&bon.extra) ||
	    td_buf_oom(&ded.extra))
		gen_fail(g, td_error_oom());
	td_buf_free(&p);
	terms_free(&it);
	terms_free(&bon);
	terms_free(&ded);
}

/* ---- Cách tính --------------------------------------------------------------- */

static void put_points(gen *g, td_buf *b, int64_t h) { put_number_text(g, b, h); }

static void bars_text(gen *g, td_buf *b, const td_criterion *k)
{
	const thidua_cluster *c = g->c;
	size_t j;

	switch (k->bars) {
	case TD_BAR_FIRST:
		if (c->n_awards && c->awards[0].name)
			td_buf_printf(b, "không xét %s", c->awards[0].name);
		else
			td_buf_puts(b, "không xét hình thức khen thưởng cao nhất");
		break;
	case TD_BAR_ALL:
		td_buf_puts(b, "không xét mọi hình thức khen thưởng");
		break;
	case TD_BAR_NAMED:
		td_buf_puts(b, "không xét: ");
		for (j = 0; j < k->n_bar_awards; j++)
			td_buf_printf(b, "%s%s", j ? "; " : "", k->bar_awards[j]);
		break;
	case TD_BAR_NONE:
	default:
		break;
	}
}

static void how_text(gen *g, td_buf *b, size_t i)
{
	const thidua_cluster *c = g->c;
	const td_criterion *k = &c->criteria[i];
	const td_crit_info *x = &g->info[i];
	int open_ended = x->limit >= TD_NO_RULE_LIMIT;
	const char *kind = td_kind_label(c->kind);
	int64_t t;
	size_t start = b->len;

#define NL() do { if (b->len > start) td_buf_putc(b, '\n'); } while (0)
	if (x->takes_entry) {
		switch (x->cls == TD_CRIT_CONDITION ? TD_METHOD_DIRECT : x->method) {
		case TD_METHOD_PASS:
			td_buf_puts(b, "Đạt: ");
			put_points(g, b, x->limit);
			td_buf_puts(b, " điểm; Không đạt: 0");
			break;
		case TD_METHOD_COUNT:
			/* counted in the row's Đơn vị tính ("lượt", "trường hợp") */
			td_buf_puts(b, x->cls == TD_CRIT_DEDUCTION ? "Trừ " : "");
			put_points(g, b, k->per_event);
			td_buf_printf(b, " điểm/%s", k->measure ? k->measure : "lần");
			if (!open_ended) {
				td_buf_puts(b, ", tối đa ");
				put_points(g, b, x->limit);
				td_buf_puts(b, " điểm");
			}
			td_buf_printf(b, "; nhập số %s", k->measure ? k->measure : "lần");
			break;
		case TD_METHOD_TARGET:
		case TD_METHOD_LEADER:
			t = unit_target(g, g->unit, i);
			td_buf_puts(b, "Chỉ tiêu: ");
			put_points(g, b, t);
			if (k->measure && *k->measure)
				td_buf_printf(b, " %s", k->measure);
			td_buf_putc(b, '\n');
			if (x->method == TD_METHOD_TARGET) {
				td_buf_puts(b, "Điểm = ");
				put_points(g, b, x->limit);
				td_buf_puts(b, " × thực hiện / chỉ tiêu, tối đa ");
				put_points(g, b, x->limit);
			} else {
				td_buf_puts(b, "Dưới chỉ tiêu: ");
				put_points(g, b, x->limit);
				td_buf_puts(b, " × thực hiện / (2 × chỉ tiêu); ≥ chỉ tiêu: tính khi tổng hợp (");
				put_points(g, b, td_muldiv_round(x->limit, 1, 2));
				td_buf_puts(b, " – ");
				put_points(g, b, x->limit);
				td_buf_printf(b, " điểm, dẫn đầu %s: ", kind);
				put_points(g, b, x->limit);
				td_buf_putc(b, ')');
			}
			td_buf_puts(b, "; nhập kết quả thực hiện");
			break;
		case TD_METHOD_DIRECT:
		default:
			if (x->cls == TD_CRIT_CONDITION) {
				td_buf_puts(b, "Có / Không");
			} else if (x->cls == TD_CRIT_DEDUCTION) {
				td_buf_puts(b, "Nhập số điểm trừ (số dương)");
				if (k->per_event > 0) {
					td_buf_puts(b, ", trừ ");
					put_points(g, b, k->per_event);
					td_buf_puts(b, " điểm/lần");
				}
				if (!open_ended) {
					td_buf_puts(b, ", tối đa ");
					put_points(g, b, x->limit);
				}
			} else {
				td_buf_puts(b, x->cls == TD_CRIT_BONUS ? "Điểm cộng 0 – " : "Chấm điểm 0 – ");
				put_points(g, b, x->limit);
				if (k->per_event > 0) {
					td_buf_puts(b, " (");
					put_points(g, b, k->per_event);
					td_buf_puts(b, " điểm/lần)");
				}
			}
			break;
		}
	} else if (!x->item && x->cap > 0) {
		td_buf_puts(b, x->cls == TD_CRIT_DEDUCTION ? "Trừ tối đa " : "Tối đa ");
		put_points(g, b, x->cap);
		td_buf_puts(b, " điểm");
	}
	if (x->item && (g->has_bon[i] || g->has_ded[i] || !x->leaf)) {
		size_t j;
		int bon = 0, ded = 0;
		for (j = i + 1; j < c->n_criteria; j++)
			if (g->info[j].owner == i) {
				bon |= g->info[j].cls == TD_CRIT_BONUS;
				ded |= g->info[j].cls == TD_CRIT_DEDUCTION;
			}
		if (bon || ded) {
			NL();
			td_buf_puts(b, bon && ded ? "Cộng, trừ theo các dòng bên dưới"
			                          : bon ? "Cộng theo các dòng bên dưới"
			                                : "Trừ theo các dòng bên dưới");
			if (x->floor > 0) {
				td_buf_puts(b, "; điểm sau khi trừ không dưới ");
				put_points(g, b, x->floor);
			}
		}
	}
	if (x->bars_from == i && k->bars != TD_BAR_NONE) {
		NL();
		td_buf_puts(b, x->cls == TD_CRIT_CONDITION ? "Có: " : "Có điểm trừ: ");
		bars_text(g, b, k);
	}
	if (g->body_ix == SIZE_MAX && k->body != SIZE_MAX && k->body < c->n_bodies &&
	    (k->parent == SIZE_MAX || c->criteria[k->parent].body != k->body)) {
		NL();
		td_buf_printf(b, "Do %s chấm", c->bodies[k->body].name ? c->bodies[k->body].name
		                                                      : c->bodies[k->body].code);
	}
#undef NL
}

/* ---- rows ---------------------------------------------------------------------- */

/* Display numbering: the label as written, else the code of a section,
 * the last component else. */
static const char *tt_of(const td_criterion *k)
{
	const char *dot = strrchr(k->code, '.');

	return k->parent == SIZE_MAX || !dot ? k->code : dot + 1;
}

void criterion_row(gen *g, size_t i)
{
	const td_criterion *k = &g->c->criteria[i];
	const td_crit_info *in = &g->info[i];
	static const int pairs[2][2] = { { TD_COL_SELF_IN, TD_COL_SELF },
	                                  { TD_COL_CLUSTER_IN, TD_COL_CLUSTER } };
	int sec = k->parent == SIZE_MAX, p;
	int64_t shown;
	td_buf f = TD_BUF_INIT, how = TD_BUF_INIT;
	int comp = computed(g, i);

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
	if (in->cls == TD_CRIT_CONDITION)
		shown = 0;
	if (shown > 0)
		cell_number(g, in->cls == TD_CRIT_ITEM ? (sec ? S_SECNUM : S_NUM)
		                                        : (sec ? S_SECCAP : S_CAP), shown);
	else
		cell_empty(g, sec ? S_SECNUM : S_NUM);
	how_text(g, &how, i);
	cell_text(g, sec ? S_SECTEXT : S_TEXT, td_buf_cstr(&how), 1);
	for (p = 0; p < 2; p++) {
		int ein = pairs[p][0], pts = pairs[p][1];
		if (g->pc[ein] < 0)
			continue;
		if (in->takes_entry && comp)
			cell_entry(g, i, ein);
		else
			cell_empty(g, sec ? S_SECNUM : S_NUM);
		td_buf_clear(&f);
		if (comp)
			points_formula(g, &f, i, g->pc[ein], g->pc[pts]);
		if (td_buf_oom(&f))
			break;
		if (f.len)
			cell_formula(g, sec ? S_SECNUM : S_NUM, f.ptr, 0);
		else
			cell_empty(g, sec ? S_SECNUM : S_NUM);
	}
	cell_text(g, S_NOTE, NULL, 1);
	cell_code(g, k->code);
	row_close(g);
	if (td_buf_oom(&f) || td_buf_oom(&how))
		gen_fail(g, td_error_oom());
	td_buf_free(&f);
	td_buf_free(&how);
}

/* Codes of the top-level rows of one class: "I - IV" for three or more
 * adjacent ones, else "I, II". */
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

/* Top-level rows of one class: their count, the sum of their maxima
 * (ITEM) or caps, and whether all have a cap. */
static size_t section_count(gen *g, td_crit_kind cls, int64_t *sum_max, int *all_capped)
{
	const thidua_cluster *c = g->c;
	size_t i, n = 0;

	*sum_max = 0;
	*all_capped = 1;
	for (i = 0; i < c->n_criteria; i++) {
		if (c->criteria[i].parent != SIZE_MAX || g->info[i].cls != cls)
			continue;
		n++;
		*sum_max += cls == TD_CRIT_ITEM ? c->criteria[i].max : c->criteria[i].cap;
		if (c->criteria[i].cap <= 0)
			*all_capped = 0;
	}
	return n;
}

void total_row(gen *g, const layout *L, td_crit_kind cls)
{
	static const char *const tt[] = { "", "A", "B", "C" };
	const thidua_cluster *c = g->c;
	static const int pts[2] = { TD_COL_SELF, TD_COL_CLUSTER };
	static const int ins[2] = { TD_COL_SELF_IN, TD_COL_CLUSTER_IN };
	td_buf label = TD_BUF_INIT, f = TD_BUF_INIT;
	const char *key;
	int64_t sum_max;
	int all_capped, p;
	size_t n = 0, i;

	row_open(g);
	if (cls == TD_CRIT_SECTION) { /* the grand total */
		cell_empty(g, S_GRANDTEXT);
		cell_text(g, S_GRANDTEXT, "TỔNG ĐIỂM (A + B - C)", 1);
		cell_empty(g, S_GRANDNUM);
		cell_empty(g, S_GRANDTEXT);
		for (p = 0; p < 2; p++) {
			int col = g->pc[pts[p]];
			if (col < 0)
				continue;
			cell_empty(g, S_GRANDNUM);
			td_buf_clear(&f);
			put_ref(&f, col, L->base);
			td_buf_putc(&f, '+');
			put_ref(&f, col, L->bonus);
			td_buf_putc(&f, '-');
			put_ref(&f, col, L->deduct);
			if (!td_buf_oom(&f))
				cell_formula(g, S_GRANDNUM, f.ptr, 0);
		}
		cell_empty(g, S_GRANDTEXT);
		key = TD_KEY_TOTAL;
		goto done;
	}
	n = section_count(g, cls, &sum_max, &all_capped);
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
		cell_empty(g, S_TOTNUM);
	cell_empty(g, S_TOTTEXT);
	for (p = 0; p < 2; p++) {
		int col = g->pc[pts[p]];
		terms t;
		if (col < 0 || g->pc[ins[p]] < 0)
			continue;
		cell_empty(g, S_TOTNUM);
		if (terms_init(g, &t) < 0)
			break;
		for (i = 0; i < c->n_criteria; i++) {
			if (c->criteria[i].parent != SIZE_MAX)
				continue;
			if (cls == TD_CRIT_ITEM)
				add_item(g, &t, i, col);
			else if (cls == TD_CRIT_BONUS)
				add_bon(g, &t, i, col);
			else
				add_ded(g, &t, i, col);
		}
		td_buf_clear(&f);
		put_terms(&f, &t, col);
		if (td_buf_oom(&t.extra))
			gen_fail(g, td_error_oom());
		terms_free(&t);
		if (!td_buf_oom(&f))
			cell_formula(g, S_TOTNUM, f.ptr, 0);
	}
	cell_empty(g, S_TOTTEXT);
done:
	cell_code(g, key);
	row_close(g);
	if (td_buf_oom(&label) || td_buf_oom(&f))
		gen_fail(g, td_error_oom());
	td_buf_free(&label);
	td_buf_free(&f);
}
