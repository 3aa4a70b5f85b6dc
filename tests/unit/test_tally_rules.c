/* test_tally_rules.c - every rule of the tally (docs/tally.md) on clusters
 * built in memory: each Cách chấm's points, the leader rule and its edge
 * cases, inner rules with floors, the precedence body > head > self,
 * cross-scoring means of points, blank sheets, bands with criterion and
 * section shares, percentage and unlimited quotas, award conditions, bars
 * (first, all, named), groups ranked and awarded apart, the per-criterion
 * getter. Each expectation is worked out by hand in its comment. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intake/intake.h"
#include "model/rules.h"
#include "tally/tally_int.h"
#include "tally_build.h"
#include "util/alloc.h"
#include "testutil.h"

#include <sys/stat.h>

#define NO TB_NO
#define NB SIZE_MAX
#define NONE -1

static thidua_tally *compute(const thidua_cluster *c, const td_scores_set *s, thidua_diags *d)
{
	thidua_tally *t = NULL;

	assert_int_equal(td_tally_compute(&t, c, s, d), 0);
	assert_non_null(t);
	return t;
}

static const td_tunit *unit(const thidua_tally *t, size_t i)
{
	assert_true(i < t->n_units);
	return &t->units[i];
}

static int64_t fin(const thidua_tally *t, const thidua_cluster *c, size_t u, const char *code)
{
	return unit(t, u)->fin[tb_crit_index(c, code)];
}

/* ---- the rules engine alone ---------------------------------------------- */

static void leader_formula(void **state)
{
	(void)state;
	/* max 10: leader R = 1,5 */
	assert_int_equal(td_rules_leader_points(1000, 150, 100, 150, 100), 1000);
	/* r = 1,25: 5 + 5 x 0,25 / 0,5 = 7,5 */
	assert_int_equal(td_rules_leader_points(1000, 125, 100, 150, 100), 750);
	/* r = 1: 5 */
	assert_int_equal(td_rules_leader_points(1000, 100, 100, 150, 100), 500);
	/* r = 0,8 < 1: 5 x 0,8 = 4 */
	assert_int_equal(td_rules_leader_points(1000, 80, 100, 150, 100), 400);
	/* the leader itself below target: max/2 x r, never the full mark */
	assert_int_equal(td_rules_leader_points(1000, 90, 100, 90, 100), 450);
	/* leader exactly at target: the leader's full mark */
	assert_int_equal(td_rules_leader_points(1000, 100, 100, 100, 100), 1000);
	/* tied with the leader by ratio (300/200 = 150/100): full mark */
	assert_int_equal(td_rules_leader_points(1000, 300, 200, 150, 100), 1000);
	/* rounding half up: r = 1/3 -> 10/2 x 1/3 = 1,6667 -> 1,67;
	 * r = 1,1 of R = 1,3 (max 7): 3,5 + 3,5 x 0,1/0,3 = 4,6667 -> 4,67 */
	assert_int_equal(td_rules_leader_points(1000, 1, 3, 3, 3), 167);
	assert_int_equal(td_rules_leader_points(700, 110, 100, 130, 100), 467);
	/* 0,005 exactly rounds up: max 1 (100), a/t = 1/100 -> 0,5 x 0,01 = 0,005 -> 0,01 */
	assert_int_equal(td_rules_leader_points(100, 1, 100, 1, 100), 1);
	/* nothing without a target */
	assert_int_equal(td_rules_leader_points(1000, 100, 0, 100, 100), 0);
	assert_int_equal(td_rules_ratio_cmp(300, 200, 150, 100), 0);
	assert_int_equal(td_rules_ratio_cmp(301, 200, 150, 100), 1);
	assert_int_equal(td_muldiv_round(1000, 1, 8), 125);
	assert_int_equal(td_muldiv_round(5, 1, 2), 3);
}

/* ---- each Cách chấm --------------------------------------------------------- */

static const tb_crit methods_def[] = {
	{ "I", TD_CRIT_SECTION, 0, 4000, 0, 0, NONE, 0, NULL, NONE, 0 },
	{ "I.1", TD_CRIT_ITEM, TD_METHOD_DIRECT, 1000, 0, 0, NONE, 0, NULL, NONE, 0 },
	{ "I.2", TD_CRIT_ITEM, TD_METHOD_PASS, 500, 0, 0, NONE, 0, NULL, NONE, 0 },
	{ "I.3", TD_CRIT_ITEM, TD_METHOD_COUNT, 500, 150, 0, NONE, 0, NULL, NONE, 0 },
	{ "I.4", TD_CRIT_ITEM, TD_METHOD_TARGET, 1000, 0, 0, NONE, 0, NULL, NONE, 0 },
	{ "I.5", TD_CRIT_ITEM, TD_METHOD_LEADER, 1000, 0, 0, NONE, 0, NULL, NONE, 0 },
	{ "II", TD_CRIT_SECTION, 0, 0, 0, 300, NONE, 0, NULL, NONE, 0 },
	{ "II.1", TD_CRIT_BONUS, TD_METHOD_COUNT, 0, 50, 200, NONE, 0, NULL, NONE, 0 },
	{ "II.2", TD_CRIT_BONUS, TD_METHOD_PASS, 150, 0, 0, NONE, 0, NULL, NONE, 0 },
	{ "III", TD_CRIT_SECTION, 0, 0, 0, 0, NONE, 0, NULL, NONE, 0 },
	{ "III.1", TD_CRIT_DEDUCTION, TD_METHOD_COUNT, 0, 100, 0, NONE, 0, NULL, NONE, 0 },
	{ "III.2", TD_CRIT_CONDITION, TD_METHOD_DIRECT, 0, 0, 0, NONE, 0, NULL, NONE, 0 },
};

static void each_method(void **state)
{
	thidua_cluster *c = tb_cluster(methods_def, 12, 2, NULL, NULL, 0);
	td_scores_set s = { NULL, 0 };
	td_sheet_scores *sh;
	thidua_tally *t;
	const thidua_unit_result *r;
	(void)state;
	tb_target(c, 0, "I.4", 12000); /* 120 hồ sơ */
	tb_target(c, 1, "I.4", 8000);
	tb_target(c, 0, "I.5", 10000);
	tb_target(c, 1, "I.5", 10000);
	/* U1: I.1 7,5; I.2 Đạt; I.3 2 lần x 1,5 = 3; I.4 90 of 120 -> 10 x 0,75 =
	 * 7,5; I.5 120 of 100 (the leader) -> 10; II.1 5 lần x 0,5 = 2,5 held to
	 * its Tối đa 2; II.2 Đạt 1,5 -> section II min(3,5; 3) = 3; III.1 1 lần
	 * = 1; III.2 Có (no points) */
	sh = tb_sheet(&s, 0, NB, NB);
	tb_entry(sh, c, "I.1", 750, NO);
	tb_entry(sh, c, "I.2", 1, NO);
	tb_entry(sh, c, "I.3", 2, NO);
	tb_entry(sh, c, "I.4", 9000, NO);
	tb_entry(sh, c, "I.5", 12000, NO);
	tb_entry(sh, c, "II.1", 5, NO);
	tb_entry(sh, c, "II.2", 1, NO);
	tb_entry(sh, c, "III.1", 1, NO);
	tb_entry(sh, c, "III.2", 1, NO);
	/* U2: I.1 10; I.2 Không đạt; I.3 4 lần = 6 held to 5; I.4 100 of 80 ->
	 * 10 (held to the max); I.5 110 of 100 -> 5 + 5 x 0,1/0,2 = 7,5 */
	sh = tb_sheet(&s, 1, NB, NB);
	tb_entry(sh, c, "I.1", 1000, NO);
	tb_entry(sh, c, "I.2", 0, NO);
	tb_entry(sh, c, "I.3", 4, NO);
	tb_entry(sh, c, "I.4", 10000, NO);
	tb_entry(sh, c, "I.5", 11000, NO);
	tb_entry(sh, c, "II.1", 0, NO);
	tb_entry(sh, c, "II.2", 0, NO);
	tb_entry(sh, c, "III.1", 0, NO);
	tb_entry(sh, c, "III.2", 0, NO);
	t = compute(c, &s, NULL);
	assert_int_equal(fin(t, c, 0, "I.1"), 750);
	assert_int_equal(fin(t, c, 0, "I.2"), 500);
	assert_int_equal(fin(t, c, 0, "I.3"), 300);
	assert_int_equal(fin(t, c, 0, "I.4"), 750);
	assert_int_equal(fin(t, c, 0, "I.5"), 1000);
	assert_int_equal(fin(t, c, 0, "II.1"), 200);
	assert_int_equal(fin(t, c, 0, "II.2"), 150);
	assert_int_equal(fin(t, c, 0, "II"), 300);
	assert_int_equal(fin(t, c, 0, "III.1"), 100);
	assert_int_equal(fin(t, c, 0, "III.2"), 0);
	r = &unit(t, 0)->r;
	/* 7,5 + 5 + 3 + 7,5 + 10 = 33; + 3 - 1 = 35 */
	assert_int_equal(r->base, 3300);
	assert_int_equal(r->bonus, 300);
	assert_int_equal(r->deduction, 100);
	assert_int_equal(r->final_total, 3500);
	assert_int_equal(r->self_total, 3500);
	assert_int_equal(fin(t, c, 1, "I.2"), 0);
	assert_int_equal(fin(t, c, 1, "I.3"), 500);
	assert_int_equal(fin(t, c, 1, "I.4"), 1000);
	assert_int_equal(fin(t, c, 1, "I.5"), 750);
	/* 10 + 0 + 5 + 10 + 7,5 = 32,5 */
	assert_int_equal(unit(t, 1)->r.final_total, 3250);
	thidua_tally_free(t);
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
}

/* ---- the leader over the cluster ------------------------------------------ */

static const tb_crit leader_def[] = {
	{ "I", TD_CRIT_ITEM, TD_METHOD_LEADER, 1000, 0, 0, NONE, 0, NULL, NONE, 0 },
};

/* Units U1..n with targets tg[i] and actual values a[i] (NO: empty; -1:
 * blank sheet); groups g (may be NULL). */
static thidua_tally *leader_run(size_t n, const int64_t *tg, const int64_t *a,
                                const char *const *g, thidua_diags *d)
{
	thidua_cluster *c = tb_cluster(leader_def, 1, n, g, NULL, 0);
	td_scores_set s = { NULL, 0 };
	thidua_tally *t;
	size_t i;

	for (i = 0; i < n; i++) {
		td_sheet_scores *sh;

		if (tg[i] > 0)
			tb_target(c, i, "I", tg[i]);
		sh = tb_sheet(&s, i, NB, NB);
		if (a[i] == -1)
			sh->blank = 1;
		else
			tb_entry(sh, c, "I", a[i], NO);
	}
	t = compute(c, &s, d);
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
	return t;
}

static void leader_cases(void **state)
{
	thidua_tally *t;
	thidua_diags *d = thidua_diags_new();
	(void)state;
	{
		/* the example of docs/tally.md: targets 100, 200, 100, 100; actual
		 * 150 (1,5: the leader), 250 (1,25), 100 (1), 80 (0,8) ->
		 * 10; 5 + 5 x 0,25/0,5 = 7,5; 5; 4 */
		const int64_t tg[4] = { 10000, 20000, 10000, 10000 };
		const int64_t a[4] = { 15000, 25000, 10000, 8000 };
		t = leader_run(4, tg, a, NULL, NULL);
		assert_int_equal(unit(t, 0)->fin[0], 1000);
		assert_int_equal(unit(t, 1)->fin[0], 750);
		assert_int_equal(unit(t, 2)->fin[0], 500);
		assert_int_equal(unit(t, 3)->fin[0], 400);
		assert_string_equal(thidua_tally_result(t, 0)->code, "U1");
		thidua_tally_free(t);
	}
	{
		/* two leaders tied by ratio (150/100 and 300/200): both 10 */
		const int64_t tg[3] = { 10000, 20000, 10000 };
		const int64_t a[3] = { 15000, 30000, 12000 };
		t = leader_run(3, tg, a, NULL, NULL);
		assert_int_equal(unit(t, 0)->fin[0], 1000);
		assert_int_equal(unit(t, 1)->fin[0], 1000);
		/* 1,2 of 1,5: 5 + 5 x 0,2/0,5 = 7 */
		assert_int_equal(unit(t, 2)->fin[0], 700);
		assert_int_equal(unit(t, 0)->r.rank, 1);
		assert_int_equal(unit(t, 1)->r.rank, 1);
		thidua_tally_free(t);
	}
	{
		/* the leader exactly at target: it leads, 10; the others below: 4,5 */
		const int64_t tg[2] = { 10000, 10000 };
		const int64_t a[2] = { 10000, 9000 };
		t = leader_run(2, tg, a, NULL, NULL);
		assert_int_equal(unit(t, 0)->fin[0], 1000);
		assert_int_equal(unit(t, 1)->fin[0], 450);
		thidua_tally_free(t);
	}
	{
		/* everybody below target: nobody gets the full mark; 0,9 -> 4,5,
		 * 0,5 -> 2,5; an empty cell and a zero count 0 */
		const int64_t tg[4] = { 10000, 10000, 10000, 10000 };
		const int64_t a[4] = { 9000, 5000, NO, 0 };
		t = leader_run(4, tg, a, NULL, NULL);
		assert_int_equal(unit(t, 0)->fin[0], 450);
		assert_int_equal(unit(t, 1)->fin[0], 250);
		assert_int_equal(unit(t, 2)->fin[0], 0);
		assert_int_equal(unit(t, 3)->fin[0], 0);
		thidua_tally_free(t);
	}
	{
		/* a blank sheet takes no part: U1 is not scored, so U2 (1,2) leads */
		const int64_t tg[3] = { 10000, 10000, 10000 };
		const int64_t a[3] = { -1, 12000, 11000 };
		t = leader_run(3, tg, a, NULL, NULL);
		assert_false(unit(t, 0)->r.has_sheet);
		assert_true(unit(t, 0)->r.unscored);
		assert_int_equal(unit(t, 1)->fin[0], 1000);
		assert_int_equal(unit(t, 2)->fin[0], 750);
		thidua_tally_free(t);
	}
	{
		/* groups: each group has its leader. A: U1 1,5 (10), U2 1,25 (7,5);
		 * B: U3 1,1 (10, its group's leader), U4 1 (5) */
		const int64_t tg[4] = { 10000, 10000, 10000, 10000 };
		const int64_t a[4] = { 15000, 12500, 11000, 10000 };
		const char *const g[4] = { "Miền Bắc", "Miền Bắc", "Miền Nam", "Miền Nam" };
		t = leader_run(4, tg, a, g, NULL);
		assert_int_equal(unit(t, 0)->fin[0], 1000);
		assert_int_equal(unit(t, 1)->fin[0], 750);
		assert_int_equal(unit(t, 2)->fin[0], 1000);
		assert_int_equal(unit(t, 3)->fin[0], 500);
		thidua_tally_free(t);
	}
	{
		/* no target for U2: 0 points and an error naming the unit */
		const int64_t tg[2] = { 10000, 0 };
		const int64_t a[2] = { 12000, 50000 };
		t = leader_run(2, tg, a, NULL, d);
		assert_int_equal(unit(t, 0)->fin[0], 1000);
		assert_int_equal(unit(t, 1)->fin[0], 0);
		assert_int_equal(thidua_diags_error_count(d), 1);
		assert_string_equal(thidua_diags_get(d, 0)->code, "tally.missing-target");
		assert_non_null(strstr(thidua_diags_get(d, 0)->message_vi, "Đơn vị 2"));
		thidua_tally_free(t);
	}
	thidua_diags_free(d);
}

/* ---- rules inside a criterion ----------------------------------------------- */

static const tb_crit inner_def[] = {
	{ "I", TD_CRIT_SECTION, 0, 2000, 0, 0, NONE, 0, NULL, NONE, 0 },
	/* reports, 10 points, floor 4: late 2 points a time; a bonus up to 1 */
	{ "I.1", TD_CRIT_ITEM, TD_METHOD_DIRECT, 1000, 0, 0, 400, 0, NULL, NONE, 0 },
	{ "I.1.a", TD_CRIT_DEDUCTION, TD_METHOD_COUNT, 0, 200, 0, NONE, 0, NULL, NONE, 0 },
	{ "I.1.b", TD_CRIT_BONUS, TD_METHOD_DIRECT, 0, 0, 100, NONE, 0, NULL, NONE, 0 },
	/* no floor given: 0 */
	{ "I.2", TD_CRIT_ITEM, TD_METHOD_DIRECT, 1000, 0, 0, NONE, 0, NULL, NONE, 0 },
	{ "I.2.a", TD_CRIT_DEDUCTION, TD_METHOD_COUNT, 0, 300, 0, NONE, 0, NULL, NONE, 0 },
};

static void inner_rules_and_floors(void **state)
{
	static const struct {
		int64_t i1, late, bonus, i2, late2;
		int64_t want_i1, want_i2;
	} cases[] = {
		/* 9 - 3 x 2 = 3, below the floor 4: 4; + 1 = 5. I.2: 8 - 3 = 5 */
		{ 900, 3, 100, 800, 1, 500, 500 },
		/* 9 - 1 x 2 = 7 + 0,5 = 7,5; I.2: 5 - 2 x 3 = -1 -> 0 (floor 0) */
		{ 900, 1, 50, 500, 2, 750, 0 },
		/* below the floor already (3): deductions take nothing: 3 + 1 = 4 */
		{ 300, 2, 100, 1000, 0, 400, 1000 },
		/* no deduction: the floor does nothing; the bonus may pass the max */
		{ 1000, 0, 100, 0, 0, 1100, 0 },
		/* exactly the floor: 10 - 3 x 2 = 4 */
		{ 1000, 3, 0, 0, 0, 400, 0 },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		thidua_cluster *c = tb_cluster(inner_def, 6, 1, NULL, NULL, 0);
		td_scores_set s = { NULL, 0 };
		td_sheet_scores *sh = tb_sheet(&s, 0, NB, NB);
		thidua_tally *t;

		tb_entry(sh, c, "I.1", cases[i].i1, NO);
		tb_entry(sh, c, "I.1.a", cases[i].late, NO);
		tb_entry(sh, c, "I.1.b", cases[i].bonus, NO);
		tb_entry(sh, c, "I.2", cases[i].i2, NO);
		tb_entry(sh, c, "I.2.a", cases[i].late2, NO);
		t = compute(c, &s, NULL);
		assert_int_equal(fin(t, c, 0, "I.1"), cases[i].want_i1);
		assert_int_equal(fin(t, c, 0, "I.2"), cases[i].want_i2);
		/* inner rules count in the base, not in the unit's bonus/deductions */
		assert_int_equal(unit(t, 0)->r.base, cases[i].want_i1 + cases[i].want_i2);
		assert_int_equal(unit(t, 0)->r.bonus, 0);
		assert_int_equal(unit(t, 0)->r.deduction, 0);
		assert_int_equal(unit(t, 0)->r.final_total, cases[i].want_i1 + cases[i].want_i2);
		thidua_tally_free(t);
		td_scores_set_clear(&s);
		thidua_cluster_free(c);
	}
}

/* ---- who gave each score ------------------------------------------------------ */

static const tb_crit body_def[] = {
	{ "I", TD_CRIT_SECTION, 0, 2000, 0, 0, NONE, 0, NULL, NONE, 0 },
	{ "I.1", TD_CRIT_ITEM, TD_METHOD_DIRECT, 1000, 0, 0, NONE, 0, NULL, NONE, 0 },
	{ "I.2", TD_CRIT_ITEM, TD_METHOD_COUNT, 1000, 200, 0, NONE, 0, NULL, 0, 0 },
	{ "I.3", TD_CRIT_ITEM, TD_METHOD_DIRECT, 1000, 0, 0, NONE, 0, NULL, 0, 0 },
};

static void body_head_self(void **state)
{
	static const char *const bodies[1] = { "Sở Tài chính" };
	thidua_cluster *c = tb_cluster(body_def, 4, 2, NULL, bodies, 1);
	td_scores_set s = { NULL, 0 };
	thidua_diags *d = thidua_diags_new();
	td_sheet_scores *sh;
	thidua_tally *t;
	thidua_criterion_result cr;
	(void)state;
	/* U1's own sheet: I.1 8 (verified 7); I.2 4 lần (verified 3 lần); I.3 9 */
	sh = tb_sheet(&s, 0, NB, NB);
	tb_entry(sh, c, "I.1", 800, 700);
	tb_entry(sh, c, "I.2", 4, 3);
	tb_entry(sh, c, "I.3", 900, NO);
	/* the body's sheet for U1: I.2 2 lần; I.3 empty; I.1 is not the body's */
	sh = tb_sheet(&s, 0, NB, 0);
	tb_entry(sh, c, "I.2", 2, NO);
	tb_entry(sh, c, "I.3", NO, NO);
	tb_entry(sh, c, "I.1", 100, NO);
	/* U2: own sheet only, no body sheet */
	sh = tb_sheet(&s, 1, NB, NB);
	tb_entry(sh, c, "I.1", 500, NO);
	tb_entry(sh, c, "I.2", 5, 4);
	tb_entry(sh, c, "I.3", 600, NO);
	t = compute(c, &s, d);
	/* U1: I.1 head 7 (not the body's row); I.2 body 2 x 2 = 4 over head and
	 * self; I.3 the body left it empty: self 9 */
	assert_int_equal(fin(t, c, 0, "I.1"), 700);
	assert_int_equal(fin(t, c, 0, "I.2"), 400);
	assert_int_equal(fin(t, c, 0, "I.3"), 900);
	assert_int_equal(unit(t, 0)->src[tb_crit_index(c, "I.1")], TD_SRC_HEAD);
	assert_int_equal(unit(t, 0)->src[tb_crit_index(c, "I.2")], TD_SRC_BODY);
	assert_int_equal(unit(t, 0)->src[tb_crit_index(c, "I.3")], TD_SRC_SELF);
	assert_int_equal(unit(t, 0)->r.final_total, 2000);
	/* self 8 + 8 + 9; cluster column 7 + 6 */
	assert_int_equal(unit(t, 0)->r.self_total, 2500);
	assert_int_equal(unit(t, 0)->r.cluster_total, 1300);
	/* U2 has no body sheet: an error, and I.2 falls back to the head (4 x 2) */
	assert_int_equal(fin(t, c, 1, "I.2"), 800);
	assert_int_equal(thidua_diags_error_count(d), 1);
	assert_string_equal(thidua_diags_get(d, 0)->code, "tally.missing-body-sheet");
	assert_non_null(strstr(thidua_diags_get(d, 0)->message_vi, "Sở Tài chính"));
	assert_non_null(strstr(thidua_diags_get(d, 0)->message_vi, "Đơn vị 2"));
	assert_null(strstr(thidua_diags_get(d, 0)->message_vi, "Đơn vị 1"));
	/* the public getter: U1 ranks first (20 against 19) */
	assert_string_equal(thidua_tally_result(t, 0)->code, "U1");
	assert_int_equal(thidua_tally_criterion_count(t), 4);
	assert_int_equal(thidua_tally_criterion(&cr, t, 0, 2), 0);
	assert_string_equal(cr.code, "I.2");
	assert_int_equal(cr.final, 400);
	assert_int_equal(cr.self, 800);
	assert_int_equal(cr.cluster, 600);
	assert_true(cr.has_cluster);
	assert_int_equal(cr.source, THIDUA_SCORED_BODY);
	assert_string_equal(cr.scored_by, "Sở Tài chính");
	assert_int_equal(thidua_tally_criterion(&cr, t, 0, 1), 0);
	assert_string_equal(cr.scored_by, "Cụm");
	assert_int_equal(thidua_tally_criterion(&cr, t, 0, 3), 0);
	assert_string_equal(cr.scored_by, "Đơn vị");
	assert_int_equal(thidua_tally_criterion(&cr, t, 0, 0), 0);
	assert_int_equal(cr.source, THIDUA_SCORED_NONE); /* a section */
	assert_null(cr.scored_by);
	assert_int_equal(cr.final, 2000);
	assert_int_equal(thidua_tally_criterion(&cr, t, 2, 0), THIDUA_EINVAL);
	assert_int_equal(thidua_tally_criterion(&cr, t, 0, 4), THIDUA_EINVAL);
	thidua_tally_free(t);
	thidua_diags_free(d);
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
}

/* Cross-scoring: the mean of each scorer's points, not the points of the
 * mean entry; a condition is Có when any scorer says so. */
static const tb_crit cross_def[] = {
	{ "I", TD_CRIT_ITEM, TD_METHOD_DIRECT, 1000, 0, 0, NONE, 0, NULL, NONE, 0 },
	{ "II", TD_CRIT_SECTION, 0, 0, 0, 0, NONE, 0, NULL, NONE, 0 },
	{ "II.1", TD_CRIT_BONUS, TD_METHOD_COUNT, 0, 50, 100, NONE, 0, NULL, NONE, 0 },
	{ "III", TD_CRIT_CONDITION, TD_METHOD_DIRECT, 0, 0, 0, NONE, TD_BAR_ALL, NULL, NONE, 0 },
};

static void cross_scoring_means_points(void **state)
{
	thidua_cluster *c = tb_cluster(cross_def, 4, 3, NULL, NULL, 0);
	td_scores_set s = { NULL, 0 };
	td_sheet_scores *sh;
	thidua_tally *t;
	(void)state;
	c->cross_scoring = 1;
	tb_award(c, "Bằng khen", TD_QUOTA_UNLIMITED, 0, 0, SIZE_MAX, -1);
	/* U2 and U3 score U1: II.1 1 lần (0,5) and 4 lần (2 held to 1): the
	 * mean of points is 0,75 (the mean count 2,5 would give 1) */
	sh = tb_sheet(&s, 0, 1, NB);
	tb_entry(sh, c, "I", 800, NO);
	tb_entry(sh, c, "II.1", 1, NO);
	tb_entry(sh, c, "III", 0, NO);
	sh = tb_sheet(&s, 0, 2, NB);
	tb_entry(sh, c, "I", 900, NO);
	tb_entry(sh, c, "II.1", 4, NO);
	tb_entry(sh, c, "III", 1, NO);
	/* a blank cross sheet for U2 from U1: not counted; U2 unscored */
	tb_sheet(&s, 1, 0, NB)->blank = 1;
	t = compute(c, &s, NULL);
	assert_int_equal(fin(t, c, 0, "II.1"), 75);
	assert_int_equal(fin(t, c, 0, "I"), 850);
	/* U3 answered Có: barred from every award */
	assert_int_equal(unit(t, 0)->r.final_total, 925);
	assert_null(unit(t, 0)->r.award);
	assert_string_equal(unit(t, 0)->r.barred_from, "Bằng khen");
	assert_string_equal(unit(t, 0)->bar_reason, "III");
	assert_true(unit(t, 1)->r.unscored);
	assert_false(unit(t, 1)->r.has_sheet);
	assert_false(unit(t, 2)->r.unscored);
	thidua_tally_free(t);
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
}

/* ---- blank sheets --------------------------------------------------------------- */

static void blank_sheet_unranked(void **state)
{
	thidua_cluster *c = tb_cluster(leader_def, 1, 3, NULL, NULL, 0);
	td_scores_set s = { NULL, 0 };
	thidua_tally *t;
	char *j = NULL;
	size_t i;
	(void)state;
	c->criteria[0].method = TD_METHOD_DIRECT;
	tb_band(c, "Hoàn thành", -1, -1, -1);
	tb_award(c, "Bằng khen", TD_QUOTA_UNLIMITED, 0, 0, SIZE_MAX, -1);
	/* U1 blank, U2 5, U3 7 */
	tb_sheet(&s, 0, NB, NB)->blank = 1;
	tb_entry(tb_sheet(&s, 1, NB, NB), c, "I", 500, NO);
	tb_entry(tb_sheet(&s, 2, NB, NB), c, "I", 700, NO);
	t = compute(c, &s, NULL);
	/* ranked U3, U2, then U1 unranked with nothing */
	assert_string_equal(thidua_tally_result(t, 0)->code, "U3");
	assert_string_equal(thidua_tally_result(t, 1)->code, "U2");
	assert_string_equal(thidua_tally_result(t, 2)->code, "U1");
	assert_int_equal(thidua_tally_result(t, 2)->rank, 0);
	assert_true(thidua_tally_result(t, 2)->unscored);
	assert_false(thidua_tally_result(t, 2)->has_sheet);
	assert_null(thidua_tally_result(t, 2)->band);
	assert_null(thidua_tally_result(t, 2)->award);
	for (i = 0; i < 2; i++) {
		assert_string_equal(thidua_tally_result(t, i)->band, "Hoàn thành");
		assert_string_equal(thidua_tally_result(t, i)->award, "Bằng khen");
	}
	assert_int_equal(thidua_tally_to_json(&j, t), 0);
	assert_non_null(strstr(j, "\"code\":\"U1\",\"name\":\"Đơn vị 1\",\"has_sheet\":false,\"unscored\":true"));
	free(j);
	thidua_tally_free(t);
	/* a blank sheet and a usable one for the same unit: the usable one counts */
	tb_entry(tb_sheet(&s, 0, NB, NB), c, "I", 900, NO);
	t = compute(c, &s, NULL);
	assert_true(unit(t, 0)->r.has_sheet);
	assert_false(unit(t, 0)->r.unscored);
	assert_int_equal(unit(t, 0)->r.rank, 1);
	thidua_tally_free(t);
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
}

/* ---- bands ----------------------------------------------------------------------- */

static const tb_crit band_def[] = {
	{ "I", TD_CRIT_SECTION, 0, 6000, 0, 0, NONE, 0, NULL, NONE, 0 },
	{ "I.1", TD_CRIT_ITEM, TD_METHOD_DIRECT, 4000, 0, 0, NONE, 0, NULL, NONE, 0 },
	{ "I.2", TD_CRIT_ITEM, TD_METHOD_DIRECT, 2000, 0, 0, NONE, 0, NULL, NONE, 0 },
	{ "II", TD_CRIT_ITEM, TD_METHOD_DIRECT, 4000, 0, 0, NONE, 0, NULL, NONE, 0 },
	{ "III", TD_CRIT_SECTION, 0, 0, 0, 1000, NONE, 0, NULL, NONE, 0 },
	{ "III.1", TD_CRIT_BONUS, TD_METHOD_DIRECT, 0, 0, 1000, NONE, 0, NULL, NONE, 0 },
};

/* The Nghệ An bands: >= 90 and no criterion under 85 %; >= 80 and none
 * under 80 %; >= 70 (and part I not under 70 %); the rest. */
static thidua_cluster *band_cluster(size_t n)
{
	thidua_cluster *c = tb_cluster(band_def, 6, n, NULL, NULL, 0);

	tb_band(c, "Hoàn thành xuất sắc", 9000, 8500, -1);
	tb_band(c, "Hoàn thành tốt", 8000, 8000, -1);
	tb_band(c, "Hoàn thành", 7000, -1, 7000);
	tb_band(c, "Không hoàn thành", -1, -1, -1);
	return c;
}

static void bands(void **state)
{
	static const struct {
		int64_t i1, i2, ii, bonus;
		const char *want;
	} cases[] = {
		/* 95: every criterion >= 85 % (34/40, 17/20, 36/40 = 85 %, 85 %, 90 %) */
		{ 3400, 1700, 3600, 300, "Hoàn thành xuất sắc" },
		/* 99 but I.2 16,9/20 = 84,5 % < 85 %: the next band (>= 80 %) */
		{ 4000, 1690, 4000, 210, "Hoàn thành tốt" },
		/* the bonus counts in the total, not in the shares: 82 + 10 = 92,
		 * I.1 30/40 = 75 %: not tốt; >= 70 and part I 50/60 >= 70 % */
		{ 3000, 2000, 3200, 1000, "Hoàn thành" },
		/* 75 but part I 40/60 = 66,7 % < 70 %: Không hoàn thành */
		{ 2000, 2000, 3500, 0, "Không hoàn thành" },
		/* exactly 85 % and exactly 90: xuất sắc */
		{ 3400, 1700, 3400, 500, "Hoàn thành xuất sắc" },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		thidua_cluster *c = band_cluster(1);
		td_scores_set s = { NULL, 0 };
		td_sheet_scores *sh = tb_sheet(&s, 0, NB, NB);
		thidua_tally *t;

		tb_entry(sh, c, "I.1", cases[i].i1, NO);
		tb_entry(sh, c, "I.2", cases[i].i2, NO);
		tb_entry(sh, c, "II", cases[i].ii, NO);
		tb_entry(sh, c, "III.1", cases[i].bonus, NO);
		t = compute(c, &s, NULL);
		assert_string_equal(unit(t, 0)->r.band, cases[i].want);
		thidua_tally_free(t);
		td_scores_set_clear(&s);
		thidua_cluster_free(c);
	}
}

/* ---- quotas ---------------------------------------------------------------------- */

static const tb_crit one_def[] = {
	{ "I", TD_CRIT_ITEM, TD_METHOD_DIRECT, 10000, 0, 0, NONE, 0, NULL, NONE, 0 },
};

/* n units scoring 99, 98, ... with awards as given; returns the tally. */
static thidua_tally *ladder(thidua_cluster *c, size_t n)
{
	td_scores_set s = { NULL, 0 };
	thidua_tally *t;
	size_t i;

	for (i = 0; i < n; i++)
		tb_entry(tb_sheet(&s, i, NB, NB), c, "I", 9900 - (int64_t)i * 100, NO);
	t = compute(c, &s, NULL);
	td_scores_set_clear(&s);
	return t;
}

static size_t count_award(const thidua_tally *t, const char *name)
{
	size_t i, n = 0;

	for (i = 0; i < thidua_tally_count(t); i++)
		n += thidua_tally_result(t, i)->award && !strcmp(thidua_tally_result(t, i)->award, name);
	return n;
}

static void percent_quotas(void **state)
{
	static const struct { size_t units; int pct; size_t want; } cases[] = {
		{ 7, 2000, 1 },   /* 20 % of 7 = 1,4 -> 1 */
		{ 10, 2000, 2 },  /* exactly 2 */
		{ 4, 2000, 0 },   /* 0,8 -> 0: nobody */
		{ 9, 3350, 3 },   /* 33,5 % of 9 = 3,015 -> 3 */
		{ 5, 10000, 5 },  /* 100 % */
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		thidua_cluster *c = tb_cluster(one_def, 1, cases[i].units, NULL, NULL, 0);
		thidua_tally *t;

		tb_award(c, "Cờ thi đua Chính phủ", TD_QUOTA_PERCENT, cases[i].pct, 0, SIZE_MAX, -1);
		t = ladder(c, cases[i].units);
		assert_int_equal(count_award(t, "Cờ thi đua Chính phủ"), cases[i].want);
		assert_int_equal(t->awards[0].places[0], cases[i].want);
		if (cases[i].want)
			assert_non_null(thidua_tally_result(t, 0)->award);
		thidua_tally_free(t);
		thidua_cluster_free(c);
	}
	/* unlimited: everyone eligible (>= 95: 99 .. 95, five of eight) */
	{
		thidua_cluster *c = tb_cluster(one_def, 1, 8, NULL, NULL, 0);
		thidua_tally *t;

		tb_award(c, "Giấy khen", TD_QUOTA_UNLIMITED, 0, 9500, SIZE_MAX, -1);
		t = ladder(c, 8);
		assert_int_equal(count_award(t, "Giấy khen"), 5);
		assert_null(thidua_tally_result(t, 5)->award);
		thidua_tally_free(t);
		thidua_cluster_free(c);
	}
	/* a blank unit still counts among the group's members: 20 % of 5 = 1 */
	{
		thidua_cluster *c = tb_cluster(one_def, 1, 5, NULL, NULL, 0);
		td_scores_set s = { NULL, 0 };
		thidua_tally *t;
		size_t i2;

		tb_award(c, "Cờ", TD_QUOTA_PERCENT, 2000, 0, SIZE_MAX, -1);
		for (i2 = 0; i2 < 4; i2++)
			tb_entry(tb_sheet(&s, i2, NB, NB), c, "I", 9000, NO);
		tb_sheet(&s, 4, NB, NB)->blank = 1;
		t = compute(c, &s, NULL);
		/* four equal: all four tied for one place, left to the vote */
		assert_int_equal(count_award(t, "Cờ"), 4);
		assert_true(unit(t, 0)->award_vote);
		assert_null(unit(t, 4)->r.award);
		thidua_tally_free(t);
		td_scores_set_clear(&s);
		thidua_cluster_free(c);
	}
}

/* Award conditions: minimum band, minimum criterion share. */
static void award_conditions(void **state)
{
	thidua_cluster *c = band_cluster(3);
	td_scores_set s = { NULL, 0 };
	td_sheet_scores *sh;
	thidua_tally *t;
	(void)state;
	/* Cờ: band Hoàn thành xuất sắc at least; Bằng khen: no criterion under 80 % */
	tb_award(c, "Cờ thi đua", TD_QUOTA_COUNT, 1, 0, 0, -1);
	tb_award(c, "Bằng khen", TD_QUOTA_COUNT, 2, 0, SIZE_MAX, 8000);
	/* U1 99, tốt (I.2 84,5 %); U2 95 xuất sắc; U3 92, I.1 75 % */
	sh = tb_sheet(&s, 0, NB, NB);
	tb_entry(sh, c, "I.1", 4000, NO);
	tb_entry(sh, c, "I.2", 1690, NO);
	tb_entry(sh, c, "II", 4000, NO);
	tb_entry(sh, c, "III.1", 210, NO);
	sh = tb_sheet(&s, 1, NB, NB);
	tb_entry(sh, c, "I.1", 3400, NO);
	tb_entry(sh, c, "I.2", 1700, NO);
	tb_entry(sh, c, "II", 3600, NO);
	tb_entry(sh, c, "III.1", 300, NO);
	sh = tb_sheet(&s, 2, NB, NB);
	tb_entry(sh, c, "I.1", 3000, NO);
	tb_entry(sh, c, "I.2", 2000, NO);
	tb_entry(sh, c, "II", 3200, NO);
	tb_entry(sh, c, "III.1", 1000, NO);
	t = compute(c, &s, NULL);
	assert_int_equal(unit(t, 0)->r.rank, 1);
	/* U1 leads but is only tốt: Bằng khen (84,5 % >= 80 %); the flag to U2 */
	assert_string_equal(unit(t, 0)->r.award, "Bằng khen");
	assert_string_equal(unit(t, 1)->r.award, "Cờ thi đua");
	/* U3: I.1 at 75 %: no Bằng khen though a place is left */
	assert_null(unit(t, 2)->r.award);
	assert_string_equal(unit(t, 2)->r.band, "Hoàn thành");
	thidua_tally_free(t);
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
}

/* ---- bars ------------------------------------------------------------------------- */

static const tb_crit bar_def[] = {
	{ "I", TD_CRIT_ITEM, TD_METHOD_DIRECT, 10000, 0, 0, NONE, 0, NULL, NONE, 0 },
	{ "II", TD_CRIT_SECTION, 0, 0, 0, 0, NONE, 0, NULL, NONE, 0 },
	{ "II.1", TD_CRIT_DEDUCTION, TD_METHOD_COUNT, 0, 100, 0, NONE, TD_BAR_FIRST, NULL, NONE, 0 },
	{ "II.2", TD_CRIT_DEDUCTION, TD_METHOD_COUNT, 0, 50, 0, NONE, TD_BAR_NAMED,
	  "bằng khen của bộ\nGiấy khen", NONE, 0 },
	{ "III", TD_CRIT_CONDITION, TD_METHOD_DIRECT, 0, 0, 0, NONE, TD_BAR_ALL, NULL, NONE, 0 },
};

static void bar_kinds(void **state)
{
	static const struct {
		int64_t ii1, ii2, iii;
		const char *award, *barred;
	} cases[] = {
		/* nothing: the flag */
		{ 0, 0, 0, "Cờ thi đua", NULL },
		/* II.1 (first award): Bằng khen instead */
		{ 1, 0, 0, "Bằng khen của Bộ", "Cờ thi đua" },
		/* II.2 names two awards (loosely: case): the flag still */
		{ 0, 2, 0, "Cờ thi đua", "Bằng khen của Bộ; Giấy khen" },
		/* II.1 and II.2: nothing left */
		{ 1, 1, 0, NULL, "Cờ thi đua; Bằng khen của Bộ; Giấy khen" },
		/* the condition answered Có: every award */
		{ 0, 0, 1, NULL, "Cờ thi đua; Bằng khen của Bộ; Giấy khen" },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		thidua_cluster *c = tb_cluster(bar_def, 5, 2, NULL, NULL, 0);
		td_scores_set s = { NULL, 0 };
		td_sheet_scores *sh;
		thidua_tally *t;

		tb_award(c, "Cờ thi đua", TD_QUOTA_COUNT, 1, 0, SIZE_MAX, -1);
		tb_award(c, "Bằng khen của Bộ", TD_QUOTA_COUNT, 1, 0, SIZE_MAX, -1);
		tb_award(c, "Giấy khen", TD_QUOTA_UNLIMITED, 0, 0, SIZE_MAX, -1);
		sh = tb_sheet(&s, 0, NB, NB);
		tb_entry(sh, c, "I", 9900, NO);
		tb_entry(sh, c, "II.1", cases[i].ii1, NO);
		tb_entry(sh, c, "II.2", cases[i].ii2, NO);
		tb_entry(sh, c, "III", cases[i].iii, NO);
		/* U2 far behind: takes what U1 cannot */
		sh = tb_sheet(&s, 1, NB, NB);
		tb_entry(sh, c, "I", 5000, NO);
		t = compute(c, &s, NULL);
		assert_int_equal(unit(t, 0)->r.rank, 1);
		if (cases[i].award)
			assert_string_equal(unit(t, 0)->r.award, cases[i].award);
		else
			assert_null(unit(t, 0)->r.award);
		if (cases[i].barred)
			assert_string_equal(unit(t, 0)->r.barred_from, cases[i].barred);
		else
			assert_null(unit(t, 0)->r.barred_from);
		assert_int_equal(unit(t, 0)->r.disqualified, cases[i].ii1 || cases[i].iii);
		/* U2 gets the flag whenever U1 cannot */
		if (!cases[i].award || strcmp(cases[i].award, "Cờ thi đua"))
			assert_string_equal(unit(t, 1)->r.award, "Cờ thi đua");
		thidua_tally_free(t);
		/* the head verifies II.1 down to 0: the bar goes */
		if (cases[i].ii1) {
			s.sheets[0].rows[1].has_cluster = 1;
			s.sheets[0].rows[1].cluster = 0;
			t = compute(c, &s, NULL);
			assert_false(unit(t, 0)->r.disqualified || cases[i].iii);
			thidua_tally_free(t);
		}
		td_scores_set_clear(&s);
		thidua_cluster_free(c);
	}
}

/* ---- groups ------------------------------------------------------------------------ */

static void groups_apart(void **state)
{
	/* units 1..6 alternate between two groups written loosely alike */
	static const char *const g[6] = { "Miền Bắc", "Miền Nam", "miền  bắc", "Miền Nam", "MIỀN BẮC", "Miền Nam" };
	thidua_cluster *c = tb_cluster(one_def, 1, 6, g, NULL, 0);
	td_scores_set s = { NULL, 0 };
	thidua_tally *t;
	static const int64_t v[6] = { 9000, 8000, 9500, 7000, 9500, 8500 };
	size_t i;
	char *j = NULL;
	(void)state;
	tb_award(c, "Cờ thi đua", TD_QUOTA_COUNT, 1, 0, SIZE_MAX, -1);
	tb_award(c, "Bằng khen", TD_QUOTA_PERCENT, 3400, 0, SIZE_MAX, -1); /* 34 % of 3 = 1 */
	for (i = 0; i < 6; i++)
		tb_entry(tb_sheet(&s, i, NB, NB), c, "I", v[i], NO);
	t = compute(c, &s, NULL);
	assert_int_equal(t->n_groups, 2);
	/* Bắc: U3 95, U5 95 (tied: both rank 1, vote for one flag), U1 90;
	 * Nam: U6 85 (flag), U2 80 (Bằng khen), U4 70 */
	assert_string_equal(thidua_tally_result(t, 0)->code, "U3");
	assert_string_equal(thidua_tally_result(t, 1)->code, "U5");
	assert_string_equal(thidua_tally_result(t, 2)->code, "U1");
	assert_string_equal(thidua_tally_result(t, 3)->code, "U6");
	assert_string_equal(thidua_tally_result(t, 4)->code, "U2");
	assert_string_equal(thidua_tally_result(t, 5)->code, "U4");
	assert_int_equal(unit(t, 2)->r.rank, 1);
	assert_int_equal(unit(t, 4)->r.rank, 1);
	assert_int_equal(unit(t, 0)->r.rank, 3);
	assert_int_equal(unit(t, 5)->r.rank, 1);
	assert_int_equal(unit(t, 1)->r.rank, 2);
	assert_int_equal(unit(t, 3)->r.rank, 3);
	assert_string_equal(unit(t, 2)->r.award, "Cờ thi đua");
	assert_string_equal(unit(t, 4)->r.award, "Cờ thi đua");
	assert_true(unit(t, 2)->award_vote);
	assert_string_equal(unit(t, 0)->r.award, "Bằng khen");
	assert_string_equal(unit(t, 5)->r.award, "Cờ thi đua");
	assert_false(unit(t, 5)->award_vote);
	assert_string_equal(unit(t, 1)->r.award, "Bằng khen");
	assert_null(unit(t, 3)->r.award);
	/* the group as first written */
	assert_string_equal(unit(t, 4)->r.group, "Miền Bắc");
	assert_string_equal(unit(t, 3)->r.group, "Miền Nam");
	assert_int_equal(thidua_tally_to_json(&j, t), 0);
	assert_non_null(strstr(j, "\"group\":\"Miền Bắc\""));
	free(j);
	thidua_tally_free(t);
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
}

/* ---- outputs ------------------------------------------------------------------------ */

/* The summary shows group, band and award side by side and who gave each
 * final score; the report gives bands and proposals group by group. */
static void outputs_with_groups_bands_bodies(void **state)
{
	static const char *const g[4] = { "Miền Bắc", "Miền Nam", "Miền Bắc", "Miền Nam" };
	static const char *const bodies[1] = { "Sở Tài chính" };
	static const tb_crit def[] = {
		{ "I", TD_CRIT_ITEM, TD_METHOD_DIRECT, 6000, 0, 0, NONE, 0, NULL, NONE, 0 },
		{ "II", TD_CRIT_ITEM, TD_METHOD_COUNT, 4000, 1000, 0, NONE, 0, NULL, 0, 0 },
		{ "III", TD_CRIT_CONDITION, TD_METHOD_DIRECT, 0, 0, 0, NONE, TD_BAR_ALL, NULL, NONE, 0 },
	};
	thidua_cluster *c = tb_cluster(def, 3, 4, g, bodies, 1);
	td_scores_set s = { NULL, 0 };
	thidua_paths paths = THIDUA_PATHS_INIT;
	thidua_fill_options fo = THIDUA_FILL_OPTIONS_INIT;
	char *tmp = tu_tmpdir(), *content, *report;
	thidua_tally *t;
	size_t i;
	(void)state;
	fo.overwrite = 1;
	tb_band(c, "Hoàn thành xuất sắc", 9000, 8500, -1);
	tb_band(c, "Hoàn thành", -1, -1, -1);
	tb_award(c, "Cờ thi đua", TD_QUOTA_PERCENT, 5000, 0, 0, -1);
	/* Bắc: U1 60 + 4 x 10 = 100 (xuất sắc, Cờ), U3 90 but II 30/40 = 75 %
	 * (Hoàn thành); Nam: U2 95 answered Có to III (barred), U4 blank */
	for (i = 0; i < 4; i++) {
		td_sheet_scores *sh;

		tb_entry(tb_sheet(&s, i, NB, 0), c, "II", i == 2 ? 3 : 4, NO);
		sh = tb_sheet(&s, i, NB, NB);
		if (i == 3) {
			sh->blank = 1;
			continue;
		}
		tb_entry(sh, c, "I", i == 1 ? 5500 : 6000, NO);
		tb_entry(sh, c, "II", 2, NO);
		tb_entry(sh, c, "III", i == 1, NO);
	}
	t = compute(c, &s, NULL);
	assert_int_equal(thidua_tally_write(&paths, t, tmp, &fo, NULL), 0);
	content = tu_read_part(paths.paths[0], "content.xml");
	assert_non_null(content);
	assert_non_null(strstr(content, "<text:p>Xếp loại</text:p>"));
	assert_non_null(strstr(content, "<text:p>Chấm bởi</text:p>"));
	assert_non_null(strstr(content, "<text:p>Miền Bắc</text:p>"));
	assert_non_null(strstr(content, "<text:p>Hoàn thành xuất sắc</text:p>"));
	assert_non_null(strstr(content, "<text:p>Sở Tài chính</text:p>"));
	assert_non_null(strstr(content, "Không xét khen (III): không xét Cờ thi đua"));
	assert_non_null(strstr(content, "Bảng chấm để trống (chưa chấm)"));
	assert_non_null(strstr(content, "Các nhóm được xếp hạng và xét khen riêng"));
	assert_null(strstr(content, "{{"));
	free(content);
	report = tu_read_part(paths.paths[1], "content.xml");
	assert_non_null(report);
	assert_non_null(strstr(report, "II. XẾP LOẠI"));
	/* the group's name as the data gives it, no "Nhóm" put before it */
	assert_non_null(strstr(report, ">Miền Bắc (2 đơn vị):"));
	assert_null(strstr(report, "Nhóm Miền Bắc"));
	assert_non_null(strstr(report, "Hoàn thành xuất sắc (từ 90 điểm, không tiêu chí nào dưới 85% điểm chuẩn): Đơn vị 1."));
	assert_non_null(strstr(report, "III. ĐỀ NGHỊ KHEN THƯỞNG"));
	assert_non_null(strstr(report, "không quá 50% số đơn vị, làm tròn xuống: 1"));
	assert_non_null(strstr(report, "xếp loại từ Hoàn thành xuất sắc trở lên"));
	assert_non_null(strstr(report, "Đơn vị 1: 100,00 điểm, xếp thứ 1, xếp loại Hoàn thành xuất sắc."));
	assert_non_null(strstr(report, "thuộc diện không xét khen: Đơn vị 2."));
	assert_null(strstr(report, "{{"));
	assert_null(strstr(report, "{%"));
	free(report);
	thidua_paths_free(&paths);
	thidua_tally_free(t);
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
	tu_rmtree(tmp);
	free(tmp);
}

/* ---- memory ------------------------------------------------------------------------ */

static void allocation_failures(void **state)
{
	static const char *const bodies[1] = { "Sở Tài chính" };
	static const char *const g[2] = { "A", "B" };
	thidua_cluster *c = tb_cluster(bar_def, 5, 2, g, bodies, 1);
	td_scores_set s = { NULL, 0 };
	thidua_diags *d;
	thidua_tally *t;
	long n;
	int rc;
	(void)state;
	c->criteria[0].body = 0;
	tb_award(c, "Cờ thi đua", TD_QUOTA_COUNT, 1, 0, SIZE_MAX, -1);
	tb_award(c, "Giấy khen", TD_QUOTA_PERCENT, 5000, 0, SIZE_MAX, -1);
	tb_band(c, "Tốt", 5000, 5000, -1);
	tb_band(c, "Khác", -1, -1, -1);
	tb_entry(tb_sheet(&s, 0, NB, NB), c, "II.2", 2, NO);
	tb_entry(tb_sheet(&s, 0, NB, 0), c, "I", 9000, NO);
	tb_entry(tb_sheet(&s, 1, NB, NB), c, "I", 8000, NO);
	for (n = 0;; n++) {
		t = NULL;
		d = thidua_diags_new();
		td_alloc_fail_after(n);
		rc = td_tally_compute(&t, c, &s, d);
		td_alloc_fail_after(-1);
		thidua_diags_free(d);
		if (rc == 0)
			break;
		assert_int_equal(rc, THIDUA_ENOMEM);
		assert_null(t);
	}
	assert_true(n > 20);
	assert_string_equal(unit(t, 0)->r.barred_from, "Giấy khen");
	thidua_tally_free(t);
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(leader_formula),
		cmocka_unit_test(each_method),
		cmocka_unit_test(leader_cases),
		cmocka_unit_test(inner_rules_and_floors),
		cmocka_unit_test(body_head_self),
		cmocka_unit_test(cross_scoring_means_points),
		cmocka_unit_test(blank_sheet_unranked),
		cmocka_unit_test(bands),
		cmocka_unit_test(percent_quotas),
		cmocka_unit_test(award_conditions),
		cmocka_unit_test(bar_kinds),
		cmocka_unit_test(groups_apart),
		cmocka_unit_test(outputs_with_groups_bands_bodies),
		cmocka_unit_test(allocation_failures),
	};
	return cmocka_run_group_tests_name("tally rules", tests, NULL, NULL);
}
