/* criteria.c - the scoring rules applied (rules.h, docs/tally.md): what
 * each row of the criteria takes and counts toward, an entry turned into
 * points by its Cách chấm, the leader rule, and the totals of a column of
 * points. Shared by the sheet writer, the reader and the tally, so that
 * all three count alike. Exact integer arithmetic only. */
#include "model/rules.h"

#include <string.h>

int64_t td_muldiv_round(int64_t a, int64_t b, int64_t c)
{
	__extension__ typedef unsigned __int128 u128;
	u128 n;

	if (a <= 0 || b <= 0 || c <= 0)
		return 0;
	n = (u128)a * (u128)b;
	return (int64_t)((2 * n + (u128)c) / (2 * (u128)c));
}

int td_rules_ratio_cmp(int64_t a, int64_t t, int64_t b, int64_t u)
{
	__extension__ typedef __int128 i128;
	i128 l = (i128)a * u, r = (i128)b * t;

	return l < r ? -1 : l > r;
}

int64_t td_rules_leader_points(int64_t max, int64_t a, int64_t t, int64_t al, int64_t tl)
{
	__extension__ typedef __int128 i128;
	i128 num, den;

	if (max <= 0 || t <= 0 || tl <= 0 || a < 0)
		return 0;
	if (a < t)
		return td_muldiv_round(max, a, 2 * t);
	if (td_rules_ratio_cmp(a, t, al, tl) >= 0)
		return max; /* the leader, or tied with it */
	if (a == t)
		return td_muldiv_round(max, 1, 2);
	/* max/2 + max/2 (r - 1)/(R - 1) = max (t(al - tl) + (a - t)tl) / (2t(al - tl)),
	 * with R > r > 1 here, so al - tl > 0 */
	num = (i128)max * ((i128)t * (al - tl) + (i128)(a - t) * tl);
	den = (i128)2 * t * (al - tl);
	return (int64_t)((2 * num + den) / (2 * den));
}

int64_t td_rules_points(const td_criterion *k, const td_crit_info *x, int64_t entry,
                        int64_t target)
{
	int64_t p;

	if (entry < 0 || x->cls == TD_CRIT_CONDITION)
		return 0;
	switch (x->method) {
	case TD_METHOD_PASS:
		return entry ? x->limit : 0;
	case TD_METHOD_COUNT:
		if (entry > TD_MAX_COUNT)
			entry = TD_MAX_COUNT;
		p = entry * k->per_event;
		break;
	case TD_METHOD_TARGET:
		if (target <= 0)
			return 0;
		return entry >= target ? x->limit : td_muldiv_round(x->limit, entry, target);
	case TD_METHOD_LEADER:
		if (target <= 0)
			return 0;
		return entry >= target ? td_muldiv_round(x->limit, 1, 2)
		                       : td_muldiv_round(x->limit, entry, 2 * target);
	case TD_METHOD_DIRECT:
	default:
		p = entry;
		break;
	}
	return p > x->limit ? x->limit : p;
}

/* The limit of a rule row (BONUS / DEDUCTION) that takes entries. */
static int64_t rule_limit(const td_criterion *k, const td_criterion *sec)
{
	if (k->cap > 0)
		return k->cap;
	if (k->max > 0)
		return k->max;
	if (k->kind == TD_CRIT_BONUS && sec != k && sec->cap > 0)
		return sec->cap;
	return TD_NO_RULE_LIMIT;
}

int td_crit_analyse(td_crit_info *info, const thidua_cluster *c)
{
	size_t i, j;

	for (i = 0; i < c->n_criteria; i++) {
		const td_criterion *k = &c->criteria[i];
		td_crit_info *x = &info[i];

		memset(x, 0, sizeof *x);
		x->leaf = 1;
		x->cls = TD_CRIT_SECTION; /* not known yet */
		x->owner = SIZE_MAX;
		x->cap = k->cap;
		x->max = k->max;
		x->floor = k->has_floor ? k->floor : 0;
		x->parent = SIZE_MAX;
		x->top = i;
		x->bars = k->bars;
		x->bars_from = k->bars != TD_BAR_NONE ? i : SIZE_MAX;
		if (!k->code || !*k->code)
			return THIDUA_EDATA;
		if (k->parent == SIZE_MAX)
			continue;
		if (k->parent >= i)
			return THIDUA_EDATA;
		x->parent = k->parent;
		info[k->parent].leaf = 0;
		x->top = info[k->parent].top;
		if (x->bars == TD_BAR_NONE) {
			x->bars = info[k->parent].bars;
			x->bars_from = info[k->parent].bars_from;
		}
	}
	/* classes: a row's own kind; a section without children is scored
	 * like a criterion; a section node takes the class of its first child
	 * that has one (children come after their parent: going backwards,
	 * the first child is the last to write) */
	for (i = c->n_criteria; i-- > 0;) {
		const td_criterion *k = &c->criteria[i];
		td_crit_info *x = &info[i];

		if (k->kind != TD_CRIT_SECTION)
			x->cls = k->kind;
		else if (x->leaf)
			x->cls = TD_CRIT_ITEM;
		else if (x->cls == TD_CRIT_SECTION)
			x->cls = TD_CRIT_ITEM; /* no child had a class */
		x->item = k->kind == TD_CRIT_ITEM || (k->kind == TD_CRIT_SECTION && x->leaf);
		if (x->parent != SIZE_MAX && c->criteria[x->parent].kind == TD_CRIT_SECTION)
			info[x->parent].cls = x->cls;
	}
	/* owners of inner rules, and items that still take an entry */
	for (i = 0; i < c->n_criteria; i++) {
		td_crit_info *x = &info[i];

		if (x->cls != TD_CRIT_BONUS && x->cls != TD_CRIT_DEDUCTION)
			continue;
		for (j = x->parent; j != SIZE_MAX; j = info[j].parent)
			if (info[j].item) {
				x->owner = j;
				break;
			}
	}
	for (i = 0; i < c->n_criteria; i++) {
		const td_criterion *k = &c->criteria[i];
		const td_criterion *sec = &c->criteria[info[i].top];
		td_crit_info *x = &info[i];
		int item_child = 0;

		if (!x->leaf) {
			for (j = i + 1; j < c->n_criteria; j++) {
				if (info[j].parent == i && (info[j].item || info[j].cls == TD_CRIT_ITEM)) {
					item_child = 1;
					break;
				}
			}
			/* an ITEM or a SECTION of items (Hưng Yên's part IV) */
			x->hold_max = k->keep_max && item_child;
		}
		x->takes_entry = x->leaf || (x->item && !item_child);
		if (!x->takes_entry)
			continue;
		x->method = k->method;
		if (x->item)
			x->limit = k->max;
		else if (x->cls == TD_CRIT_CONDITION)
			x->limit = 0;
		else
			x->limit = rule_limit(k, sec);
		switch (x->method) {
		case TD_METHOD_PASS:
			x->entry_max = 1;
			break;
		case TD_METHOD_COUNT:
			x->entry_max = TD_MAX_COUNT;
			break;
		case TD_METHOD_TARGET:
		case TD_METHOD_LEADER:
			x->entry_max = TD_MAX_ACTUAL;
			break;
		case TD_METHOD_DIRECT:
		default:
			x->entry_max = x->cls == TD_CRIT_CONDITION ? 1 : x->limit;
			break;
		}
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
	/* children come after their parents: going backwards, every row is
	 * complete before its parent is reached */
	for (i = n; i-- > 0;) {
		const td_crit_info *x = &info[i];
		int64_t own = 0;

		if (x->takes_entry && x->cls != TD_CRIT_CONDITION) {
			own = v[i] < 0 ? 0 : v[i];
			if (own > x->limit)
				own = x->limit;
		}
		if (x->item) {
			int64_t items = x->takes_entry ? own : item[i];
			int64_t s;

			if (x->hold_max && items > x->max)
				items = x->max;
			s = items - ded[i];
			if (ded[i] > 0 && s < x->floor)
				s = items < x->floor ? items : x->floor;
			s += bon[i];
			item[i] = s;
			bon[i] = ded[i] = 0; /* the rules under it are spent here */
			v[i] = s;
		} else {
			if (x->takes_entry) {
				if (x->cls == TD_CRIT_BONUS)
					bon[i] = own;
				else if (x->cls == TD_CRIT_DEDUCTION)
					ded[i] = own;
			} else if (x->cap > 0) {
				if (bon[i] > x->cap)
					bon[i] = x->cap;
				if (ded[i] > x->cap)
					ded[i] = x->cap;
			}
			if (x->hold_max && item[i] > x->max)
				item[i] = x->max; /* Giữ điểm chuẩn on a section */
			if (x->cls == TD_CRIT_DEDUCTION && item[i] == 0 && bon[i] == 0)
				v[i] = ded[i];
			else
				v[i] = item[i] + bon[i] - ded[i];
		}
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
