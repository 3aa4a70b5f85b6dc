/* rules.h - the scoring rules of a cluster as the sheets and the tally
 * apply them: which rows take entries and how an entry becomes points (the
 * Cách chấm of each leaf), what each row counts toward, and the totals of
 * one column of points. One implementation (criteria.c) serves the sheet
 * writer (its formulas must compute the same), the reader of returned
 * sheets (limits, recomputed totals) and the tally. docs/tally.md states
 * every rule with worked examples.
 *
 * All points are int64 hundredths. Entries are int64 too, by method:
 * DIRECT the points (hundredths); PASS and CONDITION 1 (Đạt / Có) or 0
 * (Không đạt / Không); COUNT a whole number of events (not hundredths:
 * 3 events -> 3); TARGET and LEADER the actual value in hundredths. */
#ifndef TD_RULES_H
#define TD_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "model/cluster.h"

/* What each row of the criteria makes of its entries. */
typedef struct td_crit_info {
	int leaf;           /* no children */
	int item;           /* a scored criterion: an ITEM row, or a SECTION
	                       without children (scored like one) */
	int takes_entry;    /* the row has entry cells: a leaf, or an ITEM whose
	                       children are all rules (BONUS/DEDUCTION under it:
	                       the unit still scores the item itself) */
	td_crit_kind cls;   /* what it counts toward: ITEM (the base), BONUS,
	                       DEDUCTION, CONDITION (no points). A node: the
	                       class of its first child that has one (a section
	                       of items: ITEM). Inner rules have their own
	                       class (BONUS/DEDUCTION) but count in their owner */
	size_t owner;       /* a BONUS/DEDUCTION with a scored criterion (item)
	                       above it: the nearest, whose score it adds to or
	                       takes from; SIZE_MAX for rules that count in the
	                       unit's bonus / deduction totals, and for others */
	td_method method;   /* how its entry becomes points (takes_entry rows) */
	int64_t limit;      /* the most points the row gives: an ITEM its max
	                       (for TARGET / LEADER / PASS too); a COUNT rule its
	                       Tối đa, else its Điểm chuẩn, else unbounded
	                       (TD_NO_RULE_LIMIT); a DIRECT rule its Tối đa, else
	                       Điểm chuẩn, else (bonus) the section's Tối đa, else
	                       TD_NO_RULE_LIMIT */
	int64_t entry_max;  /* the largest entry its cells accept: DIRECT the
	                       limit; PASS and CONDITION 1; COUNT
	                       TD_MAX_COUNT; TARGET and LEADER TD_MAX_ACTUAL */
	int64_t cap;        /* a node: its Tối đa for its bonus and deduction
	                       parts (0 when none) */
	int64_t max;        /* Điểm chuẩn (0 when none) */
	int64_t floor;      /* an ITEM's lowest score after the deductions under
	                       it (Điểm sàn, default 0) */
	int hold_max;       /* a node (ITEM, or SECTION of items) whose
	                       children's items are held to its max (Giữ điểm
	                       chuẩn) */
	size_t parent;      /* SIZE_MAX for a top-level row */
	size_t top;         /* its top-level row (itself for one) */
	td_bar bars;        /* itself or an ancestor: what it bars from */
	size_t bars_from;   /* the criterion whose Không xét khen applies
	                       (itself or the ancestor), SIZE_MAX when none */
} td_crit_info;

#define TD_NO_RULE_LIMIT 100000    /* 1000 points: a rule nothing bounds */
#define TD_MAX_COUNT 100000        /* events in one count cell */
#define TD_MAX_ACTUAL 100000000000 /* an actual value: 10^9, in hundredths */

/* Fill info[0..c->n_criteria). Returns 0, or THIDUA_EDATA when a criterion
 * has no code or comes before its parent (loaders never let that
 * through). */
int td_crit_analyse(td_crit_info *info, const thidua_cluster *c);

/* The points of one entry of a takes_entry row, for the methods that need
 * nothing but the row and (TARGET) the unit's target in hundredths:
 * DIRECT min(max(entry, 0), limit); PASS entry ? max : 0; COUNT
 * min(entry x per_event, limit); TARGET max x min(entry / target, 1),
 * rounded to hundredths half up; CONDITION 0. LEADER rows: use
 * td_rules_leader_points (this returns the below-target part for them,
 * which is exact when entry < target). target <= 0 for TARGET/LEADER
 * gives 0 (the loader requires a target). */
int64_t td_rules_points(const td_criterion *k, const td_crit_info *x, int64_t entry,
                        int64_t target);

/* TD_METHOD_LEADER: the points of a unit with actual a and target t, when
 * the leader (the highest ratio a / t in the cluster or group, ties
 * included) has al / tl. With r = a / t and R = al / tl (all > 0):
 * r < 1: max/2 x r; r >= 1 and r = R: max; else max/2 + max/2 x (r - 1) /
 * (R - 1) (r = 1 gives max/2). Exact, rounded to hundredths half up. */
int64_t td_rules_leader_points(int64_t max, int64_t a, int64_t t, int64_t al, int64_t tl);

/* Compare two ratios a/t and b/u (t, u > 0) exactly: -1, 0 or 1. */
int td_rules_ratio_cmp(int64_t a, int64_t t, int64_t b, int64_t u);

/* round(a x b / c) half up, exactly, for a, b >= 0 and c > 0 (128-bit
 * intermediate). */
int64_t td_muldiv_round(int64_t a, int64_t b, int64_t c);

/* The totals of one column of points. v[i] holds, on entry, the points of
 * every takes_entry row (td_rules_points / td_rules_leader_points; other
 * rows' values are ignored), and on return every row's points as its
 * sheet row shows them:
 *  - an ITEM leaf: its points; an ITEM with rules under it:
 *      max(floor, items - inner deductions) + inner bonus,
 *    where items is its own points (takes_entry) or the sum of its ITEM
 *    children (held to its max when hold_max);
 *  - a BONUS or DEDUCTION row: its points (positive), a node's held to
 *    its Tối đa;
 *  - a SECTION: items (held to its max when hold_max) + bonus -
 *    deductions of the rows under it (bonus and deductions held to its
 *    Tối đa); a section of deductions only
 *    shows them positive;
 *  - a CONDITION: 0.
 * scratch has 3 * n slots. *base (the sum of the top-level ITEM rows),
 * *bonus and *deduct (positive; rules not owned by an ITEM) get the
 * totals: the total is base + bonus - deduct. */
void td_crit_column(const td_crit_info *info, size_t n, int64_t *v, int64_t *scratch,
                    int64_t *base, int64_t *bonus, int64_t *deduct);

#endif
