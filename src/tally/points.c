/* points.c - the points of each unit (docs/tally.md): the value of every
 * row in three columns (the unit's own, the cluster's, the final one by
 * precedence body > head > self), LEADER rows computed over the group (the
 * whole cluster when there are no groups), the totals of each column
 * (td_crit_column: caps, inner rules, floors), the awards a unit is barred
 * from (a deduction with points, a condition answered Có), and the band
 * (Xếp loại) of each unit with results. */
#include "tally/tally_int.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <string.h>

/* The value of row k of u in column col, and whether there is one; the final
 * column also says where it came from. */
static int col_value(const td_tunit *u, size_t k, int col, int64_t *v, td_src *src)
{
	unsigned h = u->has[k];

	*src = TD_SRC_NONE;
	*v = 0;
	if (col == TD_COL_S) {
		*v = u->in_self[k];
		return (h & TD_HAS_SELF) != 0;
	}
	if (col == TD_COL_H) {
		*v = u->in_head[k];
		return (h & TD_HAS_HEAD) != 0;
	}
	if (h & TD_HAS_BODY) {
		*src = TD_SRC_BODY;
		*v = u->in_body[k];
	} else if (h & TD_HAS_HEAD) {
		*src = TD_SRC_HEAD;
		*v = u->in_head[k];
	} else if (h & TD_HAS_SELF) {
		*src = TD_SRC_SELF;
		*v = u->in_self[k];
	}
	return *src != TD_SRC_NONE;
}

static int64_t *col_array(td_tunit *u, int col)
{
	return col == TD_COL_S ? u->self : col == TD_COL_H ? u->clus : u->fin;
}

/* Row k (LEADER) in column col: the leader of each group is the highest
 * ratio actual / target among its units with results, a value and a
 * target; each unit's points follow td_rules_leader_points. */
static void leader_row(thidua_tally *t, size_t k, int col)
{
	int64_t lim = t->info[k].limit;
	size_t g, i;

	for (g = 0; g < t->n_groups; g++) {
		int64_t al = 0, tl = 0, a;
		td_src src;
		int found = 0;

		for (i = 0; i < t->n_units; i++) {
			td_tunit *u = &t->units[i];

			if (u->group != g || !u->has_results || u->target[k] <= 0 ||
			    !col_value(u, k, col, &a, &src))
				continue;
			if (!found || td_rules_ratio_cmp(a, u->target[k], al, tl) > 0) {
				al = a;
				tl = u->target[k];
				found = 1;
			}
		}
		for (i = 0; i < t->n_units; i++) {
			td_tunit *u = &t->units[i];

			if (u->group != g || !u->has_results)
				continue;
			col_array(u, col)[k] = found && u->target[k] > 0 && col_value(u, k, col, &a, &src)
			                           ? td_rules_leader_points(lim, a, u->target[k], al, tl) : 0;
		}
	}
}

int td_tally_crit_pct_ok(const thidua_tally *t, const td_tunit *u, int64_t pct)
{
	size_t k;

	for (k = 0; k < t->n_crit; k++)
		if (t->info[k].item && t->crit[k].max > 0 && u->fin[k] * 10000 < pct * t->crit[k].max)
			return 0;
	return 1;
}

/* Every top-level row of the base (class ITEM) with a max reaches pct. */
static int section_pct_ok(const thidua_tally *t, const td_tunit *u, int64_t pct)
{
	size_t k;

	for (k = 0; k < t->n_crit; k++)
		if (t->info[k].parent == SIZE_MAX && t->info[k].cls == TD_CRIT_ITEM &&
		    t->crit[k].max > 0 && u->fin[k] * 10000 < pct * t->crit[k].max)
			return 0;
	return 1;
}

static void classify(thidua_tally *t, td_tunit *u)
{
	size_t b;

	for (b = 0; b < t->n_bands; b++) {
		const td_tband *x = &t->bands[b];

		if (x->has_min_total && u->r.final_total < x->min_total)
			continue;
		if (x->min_crit_pct >= 0 && !td_tally_crit_pct_ok(t, u, x->min_crit_pct))
			continue;
		if (x->min_section_pct >= 0 && !section_pct_ok(t, u, x->min_section_pct))
			continue;
		u->band = b;
		u->r.band = x->name;
		return;
	}
}

/* Mark the awards the bar of criterion kb takes away from u. */
static int bar(thidua_tally *t, const thidua_cluster *c, td_tunit *u, size_t kb)
{
	const td_criterion *k = &c->criteria[kb];
	size_t a, j;
	char *key;

	switch (k->bars) {
	case TD_BAR_FIRST:
		if (t->n_awards)
			u->barred[0] = 1;
		return 0;
	case TD_BAR_ALL:
		memset(u->barred, 1, t->n_awards);
		return 0;
	case TD_BAR_NAMED:
		for (j = 0; j < k->n_bar_awards; j++) {
			if (!k->bar_awards[j])
				continue;
			if (td_text_match_key(&key, k->bar_awards[j]) != 0)
				return THIDUA_ENOMEM;
			for (a = 0; a < t->n_awards; a++)
				if (t->awards[a].key && strcmp(t->awards[a].key, key) == 0)
					u->barred[a] = 1;
			td_free(key);
		}
		return 0;
	default:
		return 0;
	}
}

/* The bars of u from its final values (before the column totals): a
 * DEDUCTION row with points, a CONDITION answered Có. */
static int bars(thidua_tally *t, const thidua_cluster *c, td_tunit *u)
{
	td_buf names = TD_BUF_INIT, why = TD_BUF_INIT;
	size_t k, a;
	int rc = 0;

	for (k = 0; k < t->n_crit && !rc; k++) {
		const td_crit_info *x = &t->info[k];

		if (!x->takes_entry || x->bars == TD_BAR_NONE || x->bars_from >= t->n_crit)
			continue;
		if (x->cls == TD_CRIT_DEDUCTION ? u->fin[k] > 0
		                                : x->cls == TD_CRIT_CONDITION && u->fin[k] == 1) {
			rc = bar(t, c, u, x->bars_from);
			td_buf_printf(&why, "%s%s", why.len ? ", " : "", t->crit[k].code ? t->crit[k].code : "?");
		}
	}
	for (a = 0; a < t->n_awards && !rc; a++)
		if (u->barred[a])
			td_buf_printf(&names, "%s%s", names.len ? "; " : "",
			              t->awards[a].name ? t->awards[a].name : "?");
	if (rc || td_buf_oom(&names) || td_buf_oom(&why)) {
		td_buf_free(&names);
		td_buf_free(&why);
		return THIDUA_ENOMEM;
	}
	u->r.disqualified = t->n_awards && u->barred[0];
	/* not out of memory here: the buffers hold text (detach cannot fail) */
	if (names.len)
		u->barred_text = td_buf_detach(&names);
	if (why.len)
		u->bar_reason = td_buf_detach(&why);
	td_buf_free(&names);
	td_buf_free(&why);
	u->r.barred_from = u->barred_text;
	return 0;
}

int td_tally_points(thidua_tally *t, const thidua_cluster *c)
{
	int64_t *scratch, base, bonus, ded;
	size_t i, k, n = t->n_crit ? t->n_crit : 1;
	int col;

	/* every row but the leader rows: the values are points already (a
	 * condition counts none) */
	for (i = 0; i < t->n_units; i++) {
		td_tunit *u = &t->units[i];

		for (k = 0; u->has_results && k < t->n_crit; k++) {
			const td_crit_info *x = &t->info[k];

			if (!x->takes_entry)
				continue;
			for (col = TD_COL_S; col <= TD_COL_F; col++) {
				int64_t v;
				td_src src;

				col_value(u, k, col, &v, &src);
				if (col == TD_COL_F)
					u->src[k] = (unsigned char)src;
				if (x->method != TD_METHOD_LEADER || x->cls == TD_CRIT_CONDITION)
					col_array(u, col)[k] = v;
			}
		}
	}
	for (k = 0; k < t->n_crit; k++)
		if (t->info[k].takes_entry && t->info[k].method == TD_METHOD_LEADER &&
		    t->info[k].cls != TD_CRIT_CONDITION)
			for (col = TD_COL_S; col <= TD_COL_F; col++)
				leader_row(t, k, col);
	if (!(scratch = td_calloc(3 * n, sizeof *scratch)))
		return THIDUA_ENOMEM;
	for (i = 0; i < t->n_units; i++) {
		td_tunit *u = &t->units[i];

		if (!u->has_results)
			continue;
		if (bars(t, c, u)) {
			td_free(scratch);
			return THIDUA_ENOMEM;
		}
		/* a condition's answer was kept for the bars; it counts nothing */
		for (k = 0; k < t->n_crit; k++)
			if (t->info[k].takes_entry && t->info[k].cls == TD_CRIT_CONDITION)
				u->self[k] = u->clus[k] = u->fin[k] = 0;
		for (k = 0; k < t->n_crit; k++)
			u->has_clus[k] = (u->has[k] & TD_HAS_HEAD) != 0;
		td_crit_column(t->info, t->n_crit, u->self, scratch, &base, &bonus, &ded);
		u->r.self_total = base + bonus - ded;
		td_crit_column(t->info, t->n_crit, u->clus, scratch, &base, &bonus, &ded);
		if (u->has_cluster)
			u->r.cluster_total = base + bonus - ded;
		u->r.has_cluster_total = u->has_cluster;
		td_crit_column(t->info, t->n_crit, u->fin, scratch, &base, &bonus, &ded);
		u->r.base = base;
		u->r.bonus = bonus;
		u->r.deduction = ded;
		u->r.final_total = base + bonus - ded;
		/* a node has a cluster score when a row below it has */
		for (k = t->n_crit; k-- > 0;)
			if (u->has_clus[k] && t->info[k].parent != SIZE_MAX)
				u->has_clus[t->info[k].parent] = 1;
		classify(t, u);
	}
	td_free(scratch);
	return 0;
}
