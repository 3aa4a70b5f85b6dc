/* criteria.c - the criteria as a scoring sheet scores them: leaves and
 * nodes, the class of each node, the limits of the score cells, and the
 * totals of a column of scores (shared by the sheet generator, the reader
 * and the tally, so that all three count alike). */
#include "model/rules.h"
#include "util/alloc.h"

#include <string.h>

int td_crit_analyse(td_crit_info *info, const thidua_cluster *c)
{
	size_t i, j;

	for (i = 0; i < c->n_criteria; i++) {
		const td_criterion *k = &c->criteria[i];

		memset(&info[i], 0, sizeof info[i]);
		info[i].leaf = 1;
		info[i].cls = TD_CRIT_SECTION; /* not known yet */
		info[i].cap = k->cap;
		info[i].parent = SIZE_MAX;
		info[i].top = i;
		info[i].disqualifies = k->disqualifies;
		if (!k->code || !*k->code)
			return THIDUA_EDATA;
		if (k->parent == SIZE_MAX)
			continue;
		if (k->parent >= i)
			return THIDUA_EDATA;
		info[i].parent = k->parent;
		info[k->parent].leaf = 0;
		info[i].top = info[k->parent].top;
		info[i].disqualifies |= info[k->parent].disqualifies;
	}
	/* a leaf scores its kind (a section with no children: like a
	 * criterion); a node, what its first leaf scores */
	for (i = 0; i < c->n_criteria; i++) {
		td_crit_kind kind;

		if (!info[i].leaf)
			continue;
		kind = c->criteria[i].kind == TD_CRIT_SECTION ? TD_CRIT_ITEM : c->criteria[i].kind;
		info[i].cls = kind;
		for (j = info[i].parent; j != SIZE_MAX; j = info[j].parent)
			if (info[j].cls == TD_CRIT_SECTION)
				info[j].cls = kind;
	}
	for (i = 0; i < c->n_criteria; i++) {
		const td_criterion *k = &c->criteria[i];
		const td_criterion *sec = &c->criteria[info[i].top];

		if (info[i].cls == TD_CRIT_SECTION)
			info[i].cls = TD_CRIT_ITEM; /* a node without leaves */
		if (!info[i].leaf)
			continue;
		if (info[i].cls == TD_CRIT_ITEM)
			info[i].limit = k->max;
		else if (k->cap > 0)
			info[i].limit = k->cap;
		else if (k->max > 0)
			info[i].limit = k->max;
		else if (info[i].cls == TD_CRIT_BONUS && sec != k && sec->cap > 0)
			info[i].limit = sec->cap;
		else
			info[i].limit = TD_NO_RULE_LIMIT;
	}
	return 0;
}

void td_crit_column(const td_crit_info *info, size_t n, int64_t *v, int64_t *scratch,
                    int64_t *base, int64_t *bonus, int64_t *deduct)
{
	int64_t *item = scratch, *bon = scratch + n, *ded = scratch + 2 * n;
	size_t i;

	*base = *bonus = *deduct = 0;
	memset(scratch, 0, 3 * n * sizeof *scratch);
	/* children come after their parents: go backwards */
	for (i = n; i-- > 0;) {
		const td_crit_info *x = &info[i];

		if (x->leaf) {
			int64_t s = v[i] < 0 ? 0 : v[i];
			if (s > x->limit)
				s = x->limit;
			if (x->cls == TD_CRIT_BONUS)
				bon[i] = s;
			else if (x->cls == TD_CRIT_DEDUCTION)
				ded[i] = s;
			else
				item[i] = s;
		} else if (x->cap > 0) {
			if (bon[i] > x->cap)
				bon[i] = x->cap;
			if (ded[i] > x->cap)
				ded[i] = x->cap;
		}
		v[i] = item[i] + bon[i] + ded[i];
		if (x->parent != SIZE_MAX) {
			item[x->parent] += item[i];
			bon[x->parent] += bon[i];
			ded[x->parent] += ded[i];
		} else {
			*base += item[i];
			*bonus += bon[i];
			*deduct += ded[i];
		}
	}
}
