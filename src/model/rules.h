/* rules.h - the scoring rules of a cluster as the sheets and the tally
 * apply them: which criteria take scores, their limits, their classes, and
 * the totals of one column of scores (the arithmetic the sheet's formulas
 * and the tally share). Implemented in criteria.c. */
#ifndef TD_RULES_H
#define TD_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "model/cluster.h"

/* ---- the criteria as the sheet scores them ---------------------------- */

/* What a scoring sheet makes of each criterion. One analysis serves the
 * sheet generator (which cells take scores, their validity limits), the
 * reader (the same limits, the recomputed totals) and the tally. */
typedef struct td_crit_info {
	int leaf;           /* no children: the row has score cells */
	td_crit_kind cls;   /* what its leaves score: ITEM, BONUS or DEDUCTION
	                       (a node: the class of its first leaf) */
	int64_t limit;      /* a leaf: the largest score its cells accept */
	int64_t cap;        /* a node: its Tối đa (0 when none) */
	size_t parent;      /* SIZE_MAX for a top-level criterion */
	size_t top;         /* its top-level criterion (itself for one) */
	int disqualifies;   /* itself or an ancestor bars from the top award */
} td_crit_info;

#define TD_NO_RULE_LIMIT 100000 /* 1000 points: a leaf no rule bounds */

/* Fill info[0..c->n_criteria). A leaf accepts 0 to its Điểm chuẩn (a
 * Tiêu chí), else its Tối đa, else its Điểm chuẩn, else for a bonus the
 * section's Tối đa, else TD_NO_RULE_LIMIT. Returns 0, or THIDUA_EDATA when
 * a criterion has no code or comes before its parent (loaders never let
 * that through). */
int td_crit_analyse(td_crit_info *info, const thidua_cluster *c);

/* The totals of one column of scores, as the sheet's formulas compute
 * them. v[i] holds leaf i's score on entry (nodes' entries are ignored)
 * and every criterion's subtotal on return; each leaf is held to [0, its
 * limit]; a node sums its children, its bonus and deduction parts held to
 * its Tối đa. scratch has 3 * n slots. *base, *bonus and *deduct get the
 * totals (deduct positive); the total is base + bonus - deduct. */
void td_crit_column(const td_crit_info *info, size_t n, int64_t *v, int64_t *scratch,
                    int64_t *base, int64_t *bonus, int64_t *deduct);

#endif
