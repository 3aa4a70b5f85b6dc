/* test_tally.c - the tally: arithmetic (cluster score over self score,
 * caps, deductions, cross-scoring means), ranking and tie-breaks, awards
 * (quotas, minimum totals, disqualification, votes), strict and
 * provisional runs over real sheet files, the written summary and report,
 * JSON, and allocation failures. Clusters and scores are built in memory;
 * every expectation is worked out by hand in the comments. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/cluster.h"
#include "model/model_int.h"
#include "form/form.h"
#include "intake/intake.h"
#include "sheets/sheets.h"
#include "tally/tally_int.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/diag.h"
#include "testutil.h"

static char *tmp;

/* ---- the cluster -------------------------------------------------------------
 * I (60) = I.1 (30) + I.2 (30); II (40) = II.1 (20) + II.2 (20);
 * III bonus, Tối đa 5: III.1 (2/lượt, ≤ 4), III.2 (1/lượt, ≤ 3);
 * IV deductions: IV.1 (3, disqualifying), IV.2 (1). */

enum { C_I, C_I1, C_I2, C_II, C_II1, C_II2, C_III, C_III1, C_III2, C_IV, C_IV1, C_IV2, NCRIT };

static const struct {
	const char *code, *text;
	td_crit_kind kind;
	int64_t max, per_event, cap;
	int disq;
} crit_def[NCRIT] = {
	{ "I", "THỰC HIỆN NHIỆM VỤ CHÍNH TRỊ", TD_CRIT_SECTION, 6000, 0, 0, 0 },
	{ "I.1", "Hoàn thành các chỉ tiêu được giao", TD_CRIT_ITEM, 3000, 0, 0, 0 },
	{ "I.2", "Cải cách hành chính", TD_CRIT_ITEM, 3000, 0, 0, 0 },
	{ "II", "CÔNG TÁC THI ĐUA, KHEN THƯỞNG", TD_CRIT_SECTION, 4000, 0, 0, 0 },
	{ "II.1", "Phát động thi đua", TD_CRIT_ITEM, 2000, 0, 0, 0 },
	{ "II.2", "Tham gia hoạt động của Cụm", TD_CRIT_ITEM, 2000, 0, 0, 0 },
	{ "III", "ĐIỂM CỘNG (tổng không quá 5 điểm)", TD_CRIT_SECTION, 0, 0, 500, 0 },
	{ "III.1", "Được khen thưởng cấp Nhà nước", TD_CRIT_BONUS, 0, 200, 400, 0 },
	{ "III.2", "Sáng kiến được công nhận", TD_CRIT_BONUS, 0, 100, 300, 0 },
	{ "IV", "ĐIỂM TRỪ", TD_CRIT_SECTION, 0, 0, 0, 0 },
	{ "IV.1", "Có cán bộ bị kỷ luật", TD_CRIT_DEDUCTION, 0, 300, 0, 1 },
	{ "IV.2", "Vắng mặt hoạt động của Cụm", TD_CRIT_DEDUCTION, 0, 100, 0, 0 },
};

#define NUNITS 5
static const char *const unit_def[NUNITS][2] = {
	{ "U1", "Sở Tư pháp" }, { "U2", "Sở Tài chính" }, { "U3", "Sở Nội vụ" },
	{ "U4", "Sở Y tế" }, { "U5", "Sở Xây dựng" },
};

static char *sdup(const char *s)
{
	char *d = td_strdup(s);

	assert_non_null(d);
	return d;
}

/* The cluster with n units (2..5), awards Cờ thi đua (1, ≥ 95, vote) and
 * Bằng khen (2, ≥ 90). */
static thidua_cluster *make_cluster(size_t n)
{
	thidua_cluster *c = td_cluster_new("cum.fods");
	size_t i;

	assert_non_null(c);
	c->kind = TD_KIND_CUM;
	c->name = sdup("Cụm thi đua số I");
	c->parent_body = sdup("Hội đồng Thi đua - Khen thưởng tỉnh");
	c->year = 2018;
	c->place = sdup("Hà Nội");
	/* as the empty cluster workbook sets it: empty bonus and deduction
	 * entries count 0 */
	c->empty_zero = 1u << TD_CRIT_BONUS | 1u << TD_CRIT_DEDUCTION;
	c->sign_y = 2018;
	c->sign_m = 2;
	c->sign_d = 15;
	c->units = td_calloc(n, sizeof *c->units);
	assert_non_null(c->units);
	c->n_units = n;
	for (i = 0; i < n; i++) {
		c->units[i].order = (int)i + 1;
		c->units[i].code = sdup(unit_def[i][0]);
		c->units[i].name = sdup(unit_def[i][1]);
		c->units[i].role = i == 0 ? TD_ROLE_HEAD : TD_ROLE_MEMBER;
		c->units[i].title = sdup("GIÁM ĐỐC");
		c->units[i].signer = sdup("Nguyễn Văn A");
	}
	c->criteria = td_calloc(NCRIT, sizeof *c->criteria);
	assert_non_null(c->criteria);
	c->n_criteria = NCRIT;
	for (i = 0; i < NCRIT; i++) {
		td_criterion *k = &c->criteria[i];
		k->code = sdup(crit_def[i].code);
		k->text = sdup(crit_def[i].text);
		k->kind = crit_def[i].kind;
		k->max = crit_def[i].max;
		k->per_event = crit_def[i].per_event;
		k->cap = crit_def[i].cap;
		k->disqualifies = crit_def[i].disq;
	}
	td_cluster_link_criteria(c);
	c->awards = td_calloc(2, sizeof *c->awards);
	assert_non_null(c->awards);
	c->n_awards = 2;
	c->awards[0].name = sdup("Cờ thi đua");
	c->awards[0].quota = 1;
	c->awards[0].min_total = 9500;
	c->awards[0].needs_vote = 1;
	c->awards[1].name = sdup("Bằng khen");
	c->awards[1].quota = 2;
	c->awards[1].min_total = 9000;
	assert_int_equal(td_cluster_validate(c, NULL), 0);
	return c;
}

static void set_tiebreaks(thidua_cluster *c, const td_tiebreak_kind *k, const char *const *sec,
                          size_t n)
{
	size_t i;

	c->tiebreaks = td_calloc(n, sizeof *c->tiebreaks);
	assert_non_null(c->tiebreaks);
	c->n_tiebreaks = n;
	for (i = 0; i < n; i++) {
		c->tiebreaks[i].kind = k[i];
		c->tiebreaks[i].section = sec && sec[i] ? sdup(sec[i]) : NULL;
		c->tiebreaks[i].where = sdup("Cụm!B12");
	}
}

/* ---- scores by hand ----------------------------------------------------------
 * A sheet is given as self scores and cluster scores per leaf, in points
 * times 100; NO means "empty cell". */

#define NO (-1)

static td_sheet_scores *add_sheet(td_scores_set *s, size_t unit, size_t scorer)
{
	td_sheet_scores *sh;

	s->sheets = td_realloc(s->sheets, (s->n + 1) * sizeof *s->sheets);
	assert_non_null(s->sheets);
	sh = &s->sheets[s->n++];
	memset(sh, 0, sizeof *sh);
	sh->unit = unit;
	sh->scorer = scorer;
	sh->body = SIZE_MAX;
	sh->file = sdup(scorer == SIZE_MAX ? "self.ods" : "cross.ods");
	sh->rows = td_calloc(NCRIT, sizeof *sh->rows);
	assert_non_null(sh->rows);
	return sh;
}

static void put(td_sheet_scores *sh, size_t crit, int64_t self, int64_t cluster)
{
	td_row_scores *r = &sh->rows[sh->n_rows++];

	r->crit = crit;
	r->has_self = self != NO;
	r->self = self == NO ? 0 : self;
	r->has_cluster = cluster != NO;
	r->cluster = cluster == NO ? 0 : cluster;
	r->where_cluster = sdup("Bảng!E5");
}

/* A self-scoring sheet with the scores of the eight leaves in sheet order
 * (I.1 I.2 II.1 II.2 III.1 III.2 IV.1 IV.2); cluster scores all empty. */
static td_sheet_scores *self_sheet(td_scores_set *s, size_t unit, const int64_t v[8])
{
	static const size_t leaves[8] = { C_I1, C_I2, C_II1, C_II2, C_III1, C_III2, C_IV1, C_IV2 };
	td_sheet_scores *sh = add_sheet(s, unit, SIZE_MAX);
	size_t i;

	for (i = 0; i < 8; i++)
		put(sh, leaves[i], v[i], NO);
	return sh;
}

static const thidua_unit_result *by_code(const thidua_tally *t, const char *code)
{
	size_t i;

	for (i = 0; i < thidua_tally_count(t); i++)
		if (strcmp(thidua_tally_result(t, i)->code, code) == 0)
			return thidua_tally_result(t, i);
	fail_msg("no unit %s", code);
	return NULL;
}

static thidua_tally *compute(const thidua_cluster *c, const td_scores_set *s, thidua_diags *d)
{
	thidua_tally *t = NULL;

	assert_int_equal(td_tally_compute(&t, c, s, d), 0);
	assert_non_null(t);
	return t;
}

/* ---- arithmetic ------------------------------------------------------------- */

static void cluster_score_overrides_self(void **state)
{
	thidua_cluster *c = make_cluster(2);
	td_scores_set s = { NULL, 0 };
	td_sheet_scores *sh;
	thidua_tally *t;
	const thidua_unit_result *r;
	(void)state;
	/* U1 self: I.1 28, I.2 27,5, II.1 19, II.2 18,25, III.1 4, III.2 2, IV.2 1;
	 * the cluster: I.2 26, III.2 1. */
	sh = add_sheet(&s, 0, SIZE_MAX);
	put(sh, C_I, NO, NO);
	put(sh, C_I1, 2800, NO);
	put(sh, C_I2, 2750, 2600);
	put(sh, C_II1, 1900, NO);
	put(sh, C_II2, 1825, NO);
	put(sh, C_III1, 400, NO);
	put(sh, C_III2, 200, 100);
	put(sh, C_IV2, 100, NO);
	t = compute(c, &s, NULL);
	r = by_code(t, "U1");
	assert_true(r->has_sheet);
	/* self: base 28 + 27,5 + 19 + 18,25 = 92,75; bonus min(4 + 2, 5) = 5;
	 * minus 1 = 96,75 */
	assert_int_equal(r->self_total, 9675);
	/* final: base 28 + 26 + 19 + 18,25 = 91,25; bonus 4 + 1 = 5; minus 1 */
	assert_int_equal(r->base, 9125);
	assert_int_equal(r->bonus, 500);
	assert_int_equal(r->deduction, 100);
	assert_int_equal(r->final_total, 9525);
	/* the cluster's column alone: 26 + 1 */
	assert_int_equal(r->cluster_total, 2700);
	assert_false(r->disqualified);
	/* U2 sent nothing: no rank, after U1 */
	r = thidua_tally_result(t, 1);
	assert_string_equal(r->code, "U2");
	assert_false(r->has_sheet);
	assert_int_equal(r->rank, 0);
	assert_int_equal(r->cluster_total, -1);
	assert_null(r->award);
	/* per criterion: section I = 28 + 26 (final), 28 + 27,5 (self) */
	assert_int_equal(t->units[0].fin[C_I], 5400);
	assert_int_equal(t->units[0].self[C_I], 5550);
	assert_true(t->units[0].has_clus[C_I]);
	assert_false(t->units[0].has_clus[C_II]);
	thidua_tally_free(t);
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
}

static void capped_bonus(void **state)
{
	thidua_cluster *c = make_cluster(3);
	td_scores_set s = { NULL, 0 };
	thidua_tally *t;
	/* U1: III.1 4 + III.2 3 = 7, held to the section's Tối đa 5.
	 * U2: III.1 6 (over its Tối đa 4: counts 4) + III.2 0 = 4.
	 * U3: III.1 2 + III.2 2 = 4; deductions IV.1 3 + IV.2 2 = 5. */
	const int64_t u1[8] = { 3000, 3000, 2000, 2000, 400, 300, NO, NO };
	const int64_t u2[8] = { 3000, 3000, 2000, 2000, 600, NO, NO, NO };
	const int64_t u3[8] = { 3000, 3000, 2000, 2000, 200, 200, 300, 200 };
	(void)state;
	self_sheet(&s, 0, u1);
	self_sheet(&s, 1, u2);
	self_sheet(&s, 2, u3);
	t = compute(c, &s, NULL);
	assert_int_equal(by_code(t, "U1")->bonus, 500);
	assert_int_equal(by_code(t, "U1")->final_total, 10500);
	assert_int_equal(t->units[0].fin[C_III], 500);
	assert_int_equal(by_code(t, "U2")->bonus, 400);
	assert_int_equal(by_code(t, "U2")->final_total, 10400);
	assert_int_equal(by_code(t, "U3")->bonus, 400);
	assert_int_equal(by_code(t, "U3")->deduction, 500);
	assert_int_equal(by_code(t, "U3")->final_total, 9900);
	assert_int_equal(t->units[2].fin[C_IV], 500);
	thidua_tally_free(t);
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
}

static void mean_rounding(void **state)
{
	const int64_t a[2] = { 2775, 2800 };         /* 27,875 -> 27,88 */
	const int64_t b[3] = { 2800, 2775, 2775 };   /* 27,8333 -> 27,83 */
	const int64_t d[4] = { 2000, 2500, 2625, 3000 };
	const int64_t neg[2] = { -1, -2 };           /* -0,015 -> -0,02 */
	const int64_t one[1] = { 1234 };
	(void)state;
	assert_int_equal(td_tally_mean(a, 2, 0), 2788);
	assert_int_equal(td_tally_mean(b, 3, 0), 2783);
	/* 101,25 / 4 = 25,3125 -> 25,31; without 20 and 30: 51,25 / 2 = 25,625 -> 25,63 */
	assert_int_equal(td_tally_mean(d, 4, 0), 2531);
	assert_int_equal(td_tally_mean(d, 4, 1), 2563);
	/* fewer than three: nothing dropped */
	assert_int_equal(td_tally_mean(a, 2, 1), 2788);
	assert_int_equal(td_tally_mean(neg, 2, 0), -2);
	assert_int_equal(td_tally_mean(one, 1, 1), 1234);
	assert_int_equal(td_tally_mean(NULL, 0, 0), 0);
}

/* Cross-scoring: each of the other units scores U1; the cluster's score,
 * when given, still overrides. */
static void cross_scoring(void **state)
{
	thidua_cluster *c = make_cluster(5);
	td_scores_set s = { NULL, 0 };
	thidua_diags *d = thidua_diags_new();
	static const int64_t i1[4] = { 2000, 2500, 2625, 3000 };
	thidua_tally *t;
	size_t k;
	int drop;
	(void)state;
	c->cross_scoring = 1;
	for (k = 0; k < 4; k++) {
		td_sheet_scores *sh = add_sheet(&s, 0, k + 1);  /* U2..U5 score U1 */
		put(sh, C_I1, i1[k], NO);
		/* I.2: 27,75 from U2, empty from the others (counts 0) */
		put(sh, C_I2, k == 0 ? 2775 : NO, NO);
		/* II.1: verified 15 by the cluster on two sheets (the same) */
		put(sh, C_II1, 2000, k < 2 ? 1500 : NO);
		put(sh, C_II2, 1000 + (int64_t)k * 25, NO);  /* 10, 10,25, 10,5, 10,75 */
	}
	/* U1 scores itself: ignored */
	put(add_sheet(&s, 0, 0), C_I1, 3000, NO);
	for (drop = 0; drop < 2; drop++) {
		const thidua_unit_result *r;

		c->drop_extremes = drop;
		t = compute(c, &s, d);
		r = by_code(t, "U1");
		assert_int_equal(t->units[0].n_scorers, 4);
		if (!drop) {
			/* I.1 25,31; I.2 27,75/4 = 6,9375 -> 6,94; II.2 41,5/4 = 10,375 -> 10,38 */
			assert_int_equal(t->units[0].self[C_I1], 2531);
			assert_int_equal(t->units[0].self[C_I2], 694);
			assert_int_equal(t->units[0].self[C_II2], 1038);
			/* self (the mean): 25,31 + 6,94 + 20 + 10,38 = 62,63;
			 * final: II.1 is 15: 57,63 */
			assert_int_equal(r->self_total, 6263);
			assert_int_equal(r->final_total, 5763);
		} else {
			/* I.1 25,63; I.2 (0 + 0) / 2 = 0 (27,75 and one 0 dropped);
			 * II.2 (10,25 + 10,5) / 2 = 10,375 -> 10,38 */
			assert_int_equal(t->units[0].self[C_I1], 2563);
			assert_int_equal(t->units[0].self[C_I2], 0);
			assert_int_equal(t->units[0].self[C_II2], 1038);
			assert_int_equal(r->final_total, 2563 + 0 + 1500 + 1038);
		}
		assert_int_equal(r->cluster_total, 1500);
		/* the others were scored by nobody */
		assert_false(by_code(t, "U2")->has_sheet);
		thidua_tally_free(t);
	}
	assert_int_equal(thidua_diags_count(d), 0);
	/* two different cluster scores for one criterion: an error at the second */
	s.sheets[1].rows[2].cluster = 1600;
	t = compute(c, &s, d);
	assert_int_equal(thidua_diags_error_count(d), 1);
	assert_string_equal(thidua_diags_get(d, 0)->code, "tally.cluster-conflict");
	assert_string_equal(thidua_diags_get(d, 0)->where, "Bảng!E5");
	assert_int_equal(t->units[0].clus[C_II1], 1500); /* the first scorer's, U2 */
	thidua_tally_free(t);
	thidua_diags_free(d);
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
}

/* ---- ranking ---------------------------------------------------------------- */

static void tie_broken_by_base_total(void **state)
{
	thidua_cluster *c = make_cluster(3);
	td_scores_set s = { NULL, 0 };
	thidua_tally *t;
	/* U1 90 + 5 = 95; U2 92 + 3 = 95; U3 80. Default rules: base first. */
	const int64_t u1[8] = { 3000, 3000, 1500, 1500, 400, 100, NO, NO };
	const int64_t u2[8] = { 3000, 3000, 1600, 1600, 200, 100, NO, NO };
	const int64_t u3[8] = { 2000, 2000, 2000, 2000, NO, NO, NO, NO };
	(void)state;
	self_sheet(&s, 0, u1);
	self_sheet(&s, 1, u2);
	self_sheet(&s, 2, u3);
	t = compute(c, &s, NULL);
	assert_string_equal(thidua_tally_result(t, 0)->code, "U2");
	assert_int_equal(thidua_tally_result(t, 0)->rank, 1);
	assert_string_equal(thidua_tally_result(t, 1)->code, "U1");
	assert_int_equal(thidua_tally_result(t, 1)->rank, 2);
	assert_false(thidua_tally_result(t, 0)->tie_by_vote);
	assert_int_equal(thidua_tally_result(t, 2)->rank, 3);
	/* awards: U2 Cờ (95 ≥ 95), U1 Bằng khen (95 ≥ 90), U3 nothing (80) */
	assert_string_equal(by_code(t, "U2")->award, "Cờ thi đua");
	assert_string_equal(by_code(t, "U1")->award, "Bằng khen");
	assert_null(by_code(t, "U3")->award);
	thidua_tally_free(t);
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
}

static void tie_broken_by_section(void **state)
{
	static const td_tiebreak_kind rules[] = { TD_TIE_BASE, TD_TIE_SECTION, TD_TIE_VOTE };
	static const char *const secs[] = { NULL, "I", NULL };
	thidua_cluster *c = make_cluster(2);
	td_scores_set s = { NULL, 0 };
	thidua_tally *t;
	/* both 90 + 5: base equal; section I: U1 50, U2 55 */
	const int64_t u1[8] = { 2500, 2500, 2000, 2000, 400, 100, NO, NO };
	const int64_t u2[8] = { 3000, 2500, 1500, 2000, 400, 100, NO, NO };
	(void)state;
	set_tiebreaks(c, rules, secs, 3);
	self_sheet(&s, 0, u1);
	self_sheet(&s, 1, u2);
	t = compute(c, &s, NULL);
	assert_string_equal(thidua_tally_result(t, 0)->code, "U2");
	assert_int_equal(thidua_tally_result(t, 0)->rank, 1);
	assert_int_equal(thidua_tally_result(t, 1)->rank, 2);
	assert_false(thidua_tally_result(t, 1)->tie_by_vote);
	assert_string_equal(t->tb_label[1], "Điểm Phần I");
	thidua_tally_free(t);
	/* more bonus decides when sections are equal too: give U1 more */
	{
		static const td_tiebreak_kind r2[] = { TD_TIE_MORE_BONUS };
		td_sheet_scores *sh;

		thidua_cluster_free(c);
		c = make_cluster(2);
		set_tiebreaks(c, r2, NULL, 1);
		td_scores_set_clear(&s);
		self_sheet(&s, 0, u1);
		sh = self_sheet(&s, 1, u1);
		sh->rows[4].self = 300;  /* U2: III.1 3 instead of 4 ... */
		sh->rows[0].self = 2600; /* ... and I.1 26 instead of 25: same total */
		t = compute(c, &s, NULL);
		assert_int_equal(by_code(t, "U1")->final_total, by_code(t, "U2")->final_total);
		assert_string_equal(thidua_tally_result(t, 0)->code, "U1");
		assert_int_equal(thidua_tally_result(t, 1)->rank, 2);
		thidua_tally_free(t);
	}
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
}

static void tie_left_to_vote(void **state)
{
	thidua_cluster *c = make_cluster(4);
	td_scores_set s = { NULL, 0 };
	thidua_tally *t;
	/* U2 and U3 equal in everything (97); U1 93; U4 92 */
	const int64_t top[8] = { 3000, 3000, 2000, 1700, NO, NO, NO, NO };
	const int64_t u1[8] = { 3000, 3000, 1800, 1500, NO, NO, NO, NO };
	const int64_t u4[8] = { 3000, 3000, 1800, 1400, NO, NO, NO, NO };
	(void)state;
	self_sheet(&s, 0, u1);
	self_sheet(&s, 1, top);
	self_sheet(&s, 2, top);
	self_sheet(&s, 3, u4);
	t = compute(c, &s, NULL);
	/* shared rank 1 (protocol order between them), then 3, 4 */
	assert_string_equal(thidua_tally_result(t, 0)->code, "U2");
	assert_string_equal(thidua_tally_result(t, 1)->code, "U3");
	assert_int_equal(thidua_tally_result(t, 0)->rank, 1);
	assert_int_equal(thidua_tally_result(t, 1)->rank, 1);
	assert_true(thidua_tally_result(t, 0)->tie_by_vote);
	assert_true(thidua_tally_result(t, 1)->tie_by_vote);
	assert_int_equal(by_code(t, "U1")->rank, 3);
	assert_false(by_code(t, "U1")->tie_by_vote);
	assert_int_equal(by_code(t, "U4")->rank, 4);
	/* one flag for two tied units: both proposed, left to the vote; then
	 * Bằng khen to U1 and U4 */
	assert_string_equal(by_code(t, "U2")->award, "Cờ thi đua");
	assert_string_equal(by_code(t, "U3")->award, "Cờ thi đua");
	assert_true(t->units[1].award_vote);
	assert_true(t->units[2].award_vote);
	assert_string_equal(by_code(t, "U1")->award, "Bằng khen");
	assert_string_equal(by_code(t, "U4")->award, "Bằng khen");
	assert_false(t->units[0].award_vote);
	thidua_tally_free(t);
	/* without a vote at the end of the list: still a shared rank */
	{
		static const td_tiebreak_kind r[] = { TD_TIE_FEWER_DEDUCT };

		set_tiebreaks(c, r, NULL, 1);
		t = compute(c, &s, NULL);
		assert_int_equal(thidua_tally_result(t, 1)->rank, 1);
		assert_false(thidua_tally_result(t, 1)->tie_by_vote);
		thidua_tally_free(t);
	}
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
}

static void disqualification(void **state)
{
	thidua_cluster *c = make_cluster(4);
	td_scores_set s = { NULL, 0 };
	thidua_tally *t;
	/* U1: 98 + 5 - 3 (IV.1, disqualifying) = 100; U2 96; U3 91; U4 89 */
	const int64_t u1[8] = { 3000, 3000, 2000, 1800, 400, 100, 300, NO };
	const int64_t u2[8] = { 3000, 3000, 2000, 1600, NO, NO, NO, NO };
	const int64_t u3[8] = { 3000, 2500, 2000, 1600, NO, NO, NO, NO };
	const int64_t u4[8] = { 3000, 2500, 2000, 1400, NO, NO, NO, NO };
	(void)state;
	self_sheet(&s, 0, u1);
	self_sheet(&s, 1, u2);
	self_sheet(&s, 2, u3);
	self_sheet(&s, 3, u4);
	t = compute(c, &s, NULL);
	assert_int_equal(by_code(t, "U1")->final_total, 10000);
	assert_true(by_code(t, "U1")->disqualified);
	assert_int_equal(by_code(t, "U1")->rank, 1);
	/* the flag skips U1 and goes to U2; U1 still gets a Bằng khen, U3 the
	 * other; U4 is under 90 */
	assert_string_equal(by_code(t, "U1")->award, "Bằng khen");
	assert_string_equal(by_code(t, "U2")->award, "Cờ thi đua");
	assert_string_equal(by_code(t, "U3")->award, "Bằng khen");
	assert_null(by_code(t, "U4")->award);
	assert_false(by_code(t, "U2")->disqualified);
	thidua_tally_free(t);
	/* a non-disqualifying deduction does not bar; a zero never does;
	 * the cluster setting IV.1 back to 0 lifts it */
	s.sheets[0].rows[6].has_cluster = 1;
	s.sheets[0].rows[6].cluster = 0;
	t = compute(c, &s, NULL);
	assert_false(by_code(t, "U1")->disqualified);
	assert_int_equal(by_code(t, "U1")->final_total, 10300);
	assert_string_equal(by_code(t, "U1")->award, "Cờ thi đua");
	thidua_tally_free(t);
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
}

static void quotas_and_minimum_totals(void **state)
{
	thidua_cluster *c = make_cluster(5);
	td_scores_set s = { NULL, 0 };
	thidua_tally *t;
	/* U1 97, U2 94 (under the flag's 95), U3 93, U4 92 (Bằng khen used
	 * up), U5 85 */
	const int64_t v[5][8] = {
		{ 3000, 3000, 2000, 1700, NO, NO, NO, NO },
		{ 3000, 3000, 2000, 1400, NO, NO, NO, NO },
		{ 3000, 3000, 2000, 1300, NO, NO, NO, NO },
		{ 3000, 3000, 2000, 1200, NO, NO, NO, NO },
		{ 3000, 3000, 1500, 1000, NO, NO, NO, NO },
	};
	size_t i;
	(void)state;
	for (i = 5; i-- > 0;) /* sheet order does not matter */
		self_sheet(&s, i, v[i]);
	t = compute(c, &s, NULL);
	for (i = 0; i < 5; i++) {
		assert_string_equal(thidua_tally_result(t, i)->code, unit_def[i][0]);
		assert_int_equal(thidua_tally_result(t, i)->rank, (int)i + 1);
	}
	assert_string_equal(by_code(t, "U1")->award, "Cờ thi đua");
	assert_string_equal(by_code(t, "U2")->award, "Bằng khen");
	assert_string_equal(by_code(t, "U3")->award, "Bằng khen");
	assert_null(by_code(t, "U4")->award);
	assert_null(by_code(t, "U5")->award);
	assert_false(t->units[1].award_vote);
	thidua_tally_free(t);
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
}

/* ---- runs over files ---------------------------------------------------------- */

/* A returned sheet as a flat ODS, following form/form.h's layout: identity in
 * the hidden code column of row 1, the header row, one row per criterion
 * with its code; v: self scores of the eight leaves (NO: empty). */
static void write_sheet(const char *dir, const thidua_cluster *c, size_t unit, const int64_t v[8])
{
	static const int leaf_of[NCRIT] = { -1, 0, 1, -1, 2, 3, -1, 4, 5, -1, 6, 7 };
	td_buf b = TD_BUF_INIT;
	char *id = td_identity_format(c, &c->units[unit], NULL), *doc, *path, name[64];
	size_t i;

	assert_non_null(id);
	td_buf_puts(&b, "<table:table table:name=\"Bảng\"><table:table-row>"
	                "<table:table-cell table:number-columns-repeated=\"9\"/>"
	                "<table:table-cell office:value-type=\"string\"><text:p>");
	td_buf_put_xml(&b, id, strlen(id), 0);
	td_buf_puts(&b, "</text:p></table:table-cell></table:table-row><table:table-row>");
	{
		static const char *const h[10] = { "TT", "Nội dung tiêu chí", "Điểm chuẩn", "Cách tính",
		                                    "Kết quả tự chấm", "Điểm tự chấm",
		                                    "Kết quả thẩm định", "Điểm Cụm thẩm định", "Ghi chú",
		                                    TD_KEY_HEADER };
		for (i = 0; i < 10; i++)
			td_buf_printf(&b, "<table:table-cell office:value-type=\"string\"><text:p>%s</text:p>"
			              "</table:table-cell>", h[i]);
	}
	td_buf_puts(&b, "</table:table-row>");
	for (i = 0; i < NCRIT; i++) {
		int l = leaf_of[i];

		td_buf_printf(&b, "<table:table-row><table:table-cell office:value-type=\"string\">"
		              "<text:p>%s</text:p></table:table-cell><table:table-cell "
		              "office:value-type=\"string\"><text:p>%s</text:p></table:table-cell>"
		              "<table:table-cell table:number-columns-repeated=\"2\"/>", crit_def[i].code,
		              crit_def[i].text);
		if (l >= 0 && v[l] != NO)
			td_buf_printf(&b, "<table:table-cell office:value-type=\"float\" office:value=\"%lld.%02lld\">"
			              "<text:p>x</text:p></table:table-cell>",
			              (long long)(v[l] / 100), (long long)(v[l] % 100));
		else
			td_buf_puts(&b, "<table:table-cell/>");
		td_buf_printf(&b, "<table:table-cell table:number-columns-repeated=\"4\"/>"
		              "<table:table-cell office:value-type=\"string\"><text:p>%s</text:p>"
		              "</table:table-cell></table:table-row>", crit_def[i].code);
	}
	td_buf_puts(&b, "</table:table>");
	assert_false(td_buf_oom(&b));
	doc = tu_fods(b.ptr);
	snprintf(name, sizeof name, "bang-%s.fods", c->units[unit].code);
	path = tu_path(dir, name);
	tu_write(path, doc, strlen(doc));
	free(path);
	free(doc);
	td_buf_free(&b);
	td_free(id);
}

static const int64_t run_scores[4][8] = {
	{ 3000, 2800, 2000, 1900, 400, 100, NO, NO },  /* 97 + 5 = 102 */
	{ 3000, 3000, 2000, 1500, NO, NO, NO, 100 },   /* 95 - 1 = 94 */
	{ 2800, 2800, 1800, 1800, 200, NO, 300, NO },  /* 92 + 2 - 3 = 91 */
	{ 2500, 2500, 1500, 1500, NO, NO, NO, NO },    /* 80 */
};

static char *sheets_dir(const thidua_cluster *c, size_t n)
{
	char *dir = tu_path(tmp, "sheets");
	size_t i;

	tu_rmtree(dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	for (i = 0; i < n; i++)
		write_sheet(dir, c, i, run_scores[i]);
	return dir;
}

static void missing_unit_strict_and_provisional(void **state)
{
	thidua_cluster *c = make_cluster(5);
	char *dir = sheets_dir(c, 4);
	const char *inputs[1] = { dir };
	thidua_tally_options o = THIDUA_TALLY_OPTIONS_INIT;
	thidua_diags *d = thidua_diags_new();
	thidua_tally *t = (thidua_tally *)1;
	const thidua_unit_result *r;
	(void)state;
	/* strict: U5 has no sheet -> an error, no results */
	assert_int_equal(thidua_tally_run(&t, c, inputs, 1, NULL, d), THIDUA_EDATA);
	assert_null(t);
	assert_true(thidua_diags_error_count(d) >= 1);
	assert_non_null(thidua_error_last());
	/* the same with no list of problems */
	assert_int_equal(thidua_tally_run(&t, c, inputs, 1, NULL, NULL), THIDUA_EDATA);
	assert_null(t);
	thidua_diags_free(d);
	/* allow_incomplete: provisional results from the four sheets */
	d = thidua_diags_new();
	o.allow_incomplete = 1;
	assert_int_equal(thidua_tally_run(&t, c, inputs, 1, &o, d), 0);
	assert_true(thidua_tally_provisional(t));
	assert_int_equal(thidua_tally_count(t), 5);
	/* U1 97 + 5 = 102, U2 95 - 1 = 94, U3 92 + 2 - 3 = 91 (disqualified), U4 80 */
	r = thidua_tally_result(t, 0);
	assert_string_equal(r->code, "U1");
	assert_int_equal(r->final_total, 10200);
	assert_int_equal(r->self_total, 10200);
	assert_int_equal(r->cluster_total, -1);
	assert_string_equal(r->award, "Cờ thi đua");
	r = thidua_tally_result(t, 1);
	assert_string_equal(r->code, "U2");
	assert_int_equal(r->final_total, 9400);
	assert_string_equal(r->award, "Bằng khen");
	r = thidua_tally_result(t, 2);
	assert_int_equal(r->final_total, 9100);
	assert_true(r->disqualified);
	assert_string_equal(r->award, "Bằng khen");
	r = thidua_tally_result(t, 4);
	assert_string_equal(r->code, "U5");
	assert_false(r->has_sheet);
	assert_int_equal(r->rank, 0);
	assert_null(thidua_tally_result(t, 5));
	thidua_tally_free(t);
	thidua_diags_free(d);
	/* complete: not provisional */
	write_sheet(dir, c, 4, run_scores[3]);
	d = thidua_diags_new();
	assert_int_equal(thidua_tally_run(&t, c, inputs, 1, NULL, d), 0);
	assert_int_equal(thidua_diags_error_count(d), 0);
	assert_false(thidua_tally_provisional(t));
	assert_int_equal(by_code(t, "U5")->rank, 4); /* U4 and U5 both 80: shared */
	assert_int_equal(by_code(t, "U4")->rank, 4);
	assert_true(by_code(t, "U5")->tie_by_vote);
	thidua_tally_free(t);
	thidua_diags_free(d);
	/* bad arguments */
	assert_int_equal(thidua_tally_run(NULL, c, inputs, 1, NULL, NULL), THIDUA_EINVAL);
	assert_int_equal(thidua_tally_run(&t, NULL, inputs, 1, NULL, NULL), THIDUA_EINVAL);
	o.version = 99;
	assert_int_equal(thidua_tally_run(&t, c, inputs, 1, &o, NULL), THIDUA_EINVAL);
	tu_rmtree(dir);
	free(dir);
	thidua_cluster_free(c);
}

/* Progress: one call per returned file (the folder's files counted first,
 * a file named twice read once), the file's path given; a cancel stops
 * the reading with THIDUA_ECANCELLED and no results; version 1 options
 * are still accepted and their progress never read. */
typedef struct progress_log {
	size_t calls, stop_at, n[8], total[8];
	char what[8][256];
} progress_log;

static int log_progress(void *data, size_t n, size_t total, const char *what)
{
	progress_log *l = data;

	if (l->calls < 8) {
		l->n[l->calls] = n;
		l->total[l->calls] = total;
		snprintf(l->what[l->calls], sizeof l->what[0], "%s", what ? what : "");
	}
	l->calls++;
	return l->stop_at && n == l->stop_at;
}

static int never_called(void *data, size_t n, size_t total, const char *what)
{
	(void)data, (void)n, (void)total, (void)what;
	fail_msg("progress of version 1 options was called");
	return 1;
}

static void progress_per_file_and_cancel(void **state)
{
	thidua_cluster *c = make_cluster(4);
	char *dir = sheets_dir(c, 4), *first = tu_path(dir, "bang-U1.fods");
	char *notes = tu_path(dir, "notes.odt");
	const char *inputs[2] = { dir, first };
	thidua_tally_options o = THIDUA_TALLY_OPTIONS_INIT;
	thidua_diags *d = thidua_diags_new();
	thidua_tally *t = NULL;
	progress_log l;
	size_t i;

	(void)state;
	memset(&l, 0, sizeof l);
	o.progress = log_progress;
	o.progress_data = &l;
	tu_write(notes, "x", 1); /* reported, not read: no step */
	assert_int_equal(thidua_tally_run(&t, c, inputs, 2, &o, d), 0);
	assert_non_null(t);
	assert_int_equal(l.calls, 4); /* bang-U1.fods named again is not read again */
	for (i = 0; i < 4; i++) {
		char want[64];

		snprintf(want, sizeof want, "/bang-U%zu.fods", i + 1);
		assert_int_equal(l.n[i], i + 1);
		assert_int_equal(l.total[i], 5); /* 4 in the folder + the one named */
		assert_non_null(strstr(l.what[i], want));
	}
	thidua_tally_free(t);
	t = NULL;
	/* cancelled at the third file: no results, the code says why */
	memset(&l, 0, sizeof l);
	l.stop_at = 3;
	assert_int_equal(thidua_tally_run(&t, c, inputs, 1, &o, d), THIDUA_ECANCELLED);
	assert_null(t);
	assert_int_equal(l.calls, 3);
	assert_int_equal(l.total[0], 4);
	assert_int_equal(thidua_error_last()->code, THIDUA_ECANCELLED);
	/* version 1: accepted, progress not read */
	o.version = 1;
	o.progress = never_called;
	assert_int_equal(thidua_tally_run(&t, c, inputs, 1, &o, d), 0);
	thidua_tally_free(t);
	thidua_diags_free(d);
	tu_rmtree(dir);
	free(notes);
	free(first);
	free(dir);
	thidua_cluster_free(c);
}

/* ---- outputs ----------------------------------------------------------------- */

/* The text of each row of the table named `name` in content.xml, cells
 * separated by '|' (value-type and value shown for typed cells as
 * "#value"). Owned by the caller. */
static char *table_rows(const char *content, const char *name)
{
	td_buf want = TD_BUF_INIT, out = TD_BUF_INIT;
	const char *p, *end;

	td_buf_printf(&want, "<table:table table:name=\"%s\"", name);
	p = strstr(content, want.ptr);
	assert_non_null(p);
	end = strstr(p, "</table:table>");
	assert_non_null(end);
	while ((p = strstr(p, "<table:table-row")) && p < end) {
		const char *re = strstr(p, "</table:table-row>");
		const char *q = p;

		while ((q = strstr(q, "<table:table-cell")) && q < re) {
			const char *ce = strchr(q, '>'), *v = strstr(q, "office:value=\"");
			if (v && v < ce) {
				const char *vq = strchr(v + 14, '"');
				td_buf_printf(&out, "#%.*s", (int)(vq - v - 14), v + 14);
			} else if (ce[-1] != '/') {
				const char *tp = strstr(ce, "<text:p>"), *te;
				const char *cend = strstr(ce, "</table:table-cell>");
				if (tp && tp < cend) {
					te = strstr(tp, "</text:p>");
					td_buf_put(&out, tp + 8, (size_t)(te - tp - 8));
				}
			}
			td_buf_putc(&out, '|');
			q = ce;
		}
		td_buf_putc(&out, '\n');
		p = re;
	}
	td_buf_free(&want);
	return td_buf_detach(&out);
}

static thidua_tally *sample_tally(int provisional)
{
	thidua_cluster *c = make_cluster(4);
	td_scores_set s = { NULL, 0 };
	thidua_tally *t;
	td_sheet_scores *sh;

	/* the head signs as a deputy: both documents say so */
	td_free(c->units[0].authority);
	td_free(c->units[0].title);
	td_free(c->units[0].signer);
	c->units[0].authority = td_strdup("KT. GIÁM ĐỐC");
	c->units[0].title = td_strdup("Phó Giám đốc");
	c->units[0].signer = td_strdup("Trần Văn B");

	self_sheet(&s, 0, run_scores[0]);
	self_sheet(&s, 1, run_scores[1]);
	sh = self_sheet(&s, 2, run_scores[2]);
	sh->rows[0].has_cluster = 1; /* the cluster verifies I.1 of U3 at 27,75 */
	sh->rows[0].cluster = 2775;
	if (!provisional)
		self_sheet(&s, 3, run_scores[3]);
	t = compute(c, &s, NULL);
	t->provisional = provisional;
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
	return t;
}

static void outputs_are_written(void **state)
{
	thidua_tally *t = sample_tally(0);
	thidua_paths paths = THIDUA_PATHS_INIT;
	thidua_diags *d = thidua_diags_new();
	char *dir = tu_path(tmp, "out"), *content, *rows, *report;
	(void)state;
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(td_diag_add_msg(d, THIDUA_SEV_WARNING, "score.text-number", "/x/bang-U2.ods",
	                                 "Bảng!D7", NULL, NULL, "Điểm gõ dạng chữ.", "Typed as text."), 0);
	assert_int_equal(thidua_tally_write(&paths, t, dir, NULL, d), 0);
	assert_int_equal(paths.count, 2);
	assert_non_null(strstr(paths.paths[0], "/bang-tong-hop-ket-qua-2018.ods"));
	assert_non_null(strstr(paths.paths[1], "/bao-cao-ket-qua-2018.odt"));
	/* the summary: rows in rank order with typed numbers */
	content = tu_read_part(paths.paths[0], "content.xml");
	assert_non_null(content);
	rows = table_rows(content, "Tổng hợp");
	/* U1 102 (verified: none), U2 94, U3 91 - 0,25 = 90,75 (verified 27,75), U4 80 */
	assert_non_null(strstr(rows, "#1|Sở Tư pháp||#97|#5|#0|#102||#102|#1||Cờ thi đua (đề nghị, cần biểu quyết)||\n"));
	assert_non_null(strstr(rows, "#2|Sở Tài chính||#95|#0|#1|#94||#94|#2||Bằng khen||\n"));
	assert_non_null(strstr(rows, "#3|Sở Nội vụ||#91.75|#2|#3|#91|#27.75|#90.75|#3||Bằng khen|"
	                             "Không xét khen (IV.1): không xét Cờ thi đua|\n"));
	assert_non_null(strstr(rows, "#4|Sở Y tế||#80|#0|#0|#80||#80|#4||||\n"));
	assert_true(strstr(rows, "Sở Tư pháp") < strstr(rows, "Sở Tài chính"));
	assert_null(strstr(rows, "TẠM TÍNH"));
	assert_null(strstr(rows, "{{"));
	assert_non_null(strstr(rows, "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM 2018"));
	assert_non_null(strstr(rows, "CỤM THI ĐUA SỐ I"));
	assert_non_null(strstr(rows, "Tổng điểm các phần chính; Ít điểm trừ hơn; Biểu quyết"));
	free(rows);
	/* the matrix: a row per criterion, a column per unit (protocol order) */
	rows = table_rows(content, "Theo tiêu chí");
	assert_non_null(strstr(rows, "Mã|Nội dung tiêu chí|Điểm chuẩn|Sở Tư pháp|Sở Tài chính|Sở Nội vụ|Sở Y tế|\n"));
	assert_non_null(strstr(rows, "I|THỰC HIỆN NHIỆM VỤ CHÍNH TRỊ|#60|#58|"));
	assert_non_null(strstr(rows, "I.1|Hoàn thành các chỉ tiêu được giao|#30|"));
	assert_non_null(strstr(rows, "|#27.75|"));
	assert_non_null(strstr(rows, "Tổng điểm cuối cùng|#102|#94|#90.75|#80|\n"));
	assert_non_null(strstr(rows, "Xếp hạng|#1|#2|#3|#4|\n"));
	free(rows);
	/* the summary is the report's annex and is signed by the head unit */
	rows = table_rows(content, "Tổng hợp");
	assert_non_null(strstr(rows, "Phụ lục|"));
	assert_non_null(strstr(rows, "(Kèm theo Báo cáo số"));
	assert_non_null(strstr(rows, "NGƯỜI LẬP BIỂU||SỞ TƯ PHÁP|\n|(Cụm trưởng)|\n|KT. GIÁM ĐỐC|\n|PHÓ GIÁM ĐỐC|\n"));
	assert_non_null(strstr(rows, "|Trần Văn B|\n"));
	free(rows);
	/* the unprinted sheets */
	assert_non_null(strstr(content, "table:name=\"Chi tiết\" table:style-name=\"taMain\" table:print=\"false\""));
	assert_non_null(strstr(content, "table:name=\"Vấn đề\" table:style-name=\"taMain\" table:print=\"false\""));
	/* the detail: 12 criteria x 4 units, section I of U1 = 30 + 28 */
	rows = table_rows(content, "Chi tiết");
	assert_non_null(strstr(rows, "I|THỰC HIỆN NHIỆM VỤ CHÍNH TRỊ|#60|Sở Tư pháp|#58||#58||\n"));
	assert_non_null(strstr(rows, "I.1|Hoàn thành các chỉ tiêu được giao|#30|Sở Nội vụ|#28|#27.75|#27.75|Cụm|\n"));
	assert_non_null(strstr(rows, "III|ĐIỂM CỘNG (tổng không quá 5 điểm)|#5|Sở Tư pháp|#5||#5||\n"));
	free(rows);
	rows = table_rows(content, "Vấn đề");
	assert_non_null(strstr(rows, "#1|bang-U2.ods|Bảng!D7|Cảnh báo|score.text-number|Điểm gõ dạng chữ.|\n"));
	free(rows);
	free(content);
	/* the report */
	report = tu_read_part(paths.paths[1], "content.xml");
	assert_non_null(report);
	assert_non_null(strstr(report, ">BÁO CÁO</text:p>"));
	assert_non_null(strstr(report, ">Kết quả chấm điểm thi đua năm 2018 của Cụm thi đua số I</text:p>"));
	assert_non_null(strstr(report, "90,75"));
	/* an award by vote: the votes are blanks to fill, not an instruction */
	assert_non_null(strstr(report, "Sở Tư pháp: 102,00 điểm, xếp thứ 1; số phiếu đồng ý:"));
	assert_null(strstr(report, "Đề nghị này cần được Hội nghị"));
	/* the signature block as in the agreement: authority, title, signer */
	assert_non_null(strstr(report, ">SỞ TƯ\xC2\xA0PHÁP</text:p>"));
	assert_non_null(strstr(report, "\"TD_SignTitle\">KT. GIÁM ĐỐC</text:p>"));
	assert_true(strstr(report, ">KT. GIÁM ĐỐC<") < strstr(report, "\"TD_SignTitle\">PHÓ GIÁM ĐỐC</text:p>"));
	assert_non_null(strstr(report, ">Trần Văn B</text:p>"));
	assert_non_null(strstr(report, "không xét khen: Sở Nội vụ."));
	assert_null(strstr(report, "TẠM TÍNH"));
	assert_null(strstr(report, "{{"));
	assert_null(strstr(report, "{%"));
	free(report);
	/* no overwrite unless asked */
	thidua_paths_free(&paths);
	assert_int_equal(thidua_tally_write(&paths, t, dir, NULL, d), THIDUA_EEXISTS);
	assert_int_equal(paths.count, 0);
	{
		thidua_fill_options fo = THIDUA_FILL_OPTIONS_INIT;
		fo.overwrite = 1;
		assert_int_equal(thidua_tally_write(NULL, t, dir, &fo, NULL), 0);
	}
	assert_int_equal(thidua_tally_write(&paths, t, "/nonexistent/dir", NULL, d), THIDUA_EIO);
	thidua_tally_free(t);
	/* provisional: the banner in both, the missing unit without rank */
	t = sample_tally(1);
	tu_rmtree(dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(thidua_tally_write(&paths, t, dir, NULL, NULL), 0);
	content = tu_read_part(paths.paths[0], "content.xml");
	rows = table_rows(content, "Tổng hợp");
	assert_non_null(strstr(rows, "TẠM TÍNH: còn"));
	assert_null(strstr(rows, "provisional"));
	assert_non_null(strstr(rows, "#4|Sở Y tế|||||||||||Chưa có bảng tự chấm điểm|\n"));
	free(rows);
	rows = table_rows(content, "Vấn đề");
	assert_non_null(strstr(rows, "Không có vấn đề nào."));
	free(rows);
	free(content);
	report = tu_read_part(paths.paths[1], "content.xml");
	assert_non_null(strstr(report, "TẠM TÍNH"));
	assert_non_null(strstr(report, "chưa xếp hạng"));
	free(report);
	thidua_paths_free(&paths);
	thidua_tally_free(t);
	thidua_diags_free(d);
	tu_rmtree(dir);
	free(dir);
}

/* A tie for the last Bằng khen; then a cross-scoring cluster's headers. */
static void outputs_with_votes_and_cross_scoring(void **state)
{
	thidua_cluster *c = make_cluster(4);
	td_scores_set s = { NULL, 0 };
	thidua_paths paths = THIDUA_PATHS_INIT;
	thidua_fill_options fo = THIDUA_FILL_OPTIONS_INIT;
	char *dir = tu_path(tmp, "votes"), *content, *rows, *report;
	thidua_tally *t;
	/* U1 97 (the flag), U2 93 (Bằng khen), U3 = U4 = 92 for the last place */
	const int64_t v[4][8] = {
		{ 3000, 3000, 2000, 1700, NO, NO, NO, NO },
		{ 3000, 3000, 2000, 1300, NO, NO, NO, NO },
		{ 3000, 3000, 2000, 1200, NO, NO, NO, NO },
		{ 3000, 3000, 2000, 1200, NO, NO, NO, NO },
	};
	size_t i;
	(void)state;
	fo.overwrite = 1;
	assert_int_equal(mkdir(dir, 0700), 0);
	for (i = 0; i < 4; i++)
		self_sheet(&s, i, v[i]);
	t = compute(c, &s, NULL);
	assert_int_equal(by_code(t, "U3")->rank, 3);
	assert_int_equal(by_code(t, "U4")->rank, 3);
	assert_string_equal(by_code(t, "U4")->award, "Bằng khen");
	assert_int_equal(thidua_tally_write(&paths, t, dir, &fo, NULL), 0);
	content = tu_read_part(paths.paths[0], "content.xml");
	rows = table_rows(content, "Tổng hợp");
	assert_non_null(strstr(rows, "#3|Sở Nội vụ||#92|#0|#0|#92||#92|#3||Bằng khen (biểu quyết: bằng điểm ở suất cuối)|"
	                             "Bằng điểm sau các tiêu chí xếp hạng phụ: Hội nghị biểu quyết|\n"));
	assert_non_null(strstr(rows, "#4|Sở Y tế||#92|#0|#0|#92||#92|#3||Bằng khen (biểu quyết"));
	free(rows);
	free(content);
	report = tu_read_part(paths.paths[1], "content.xml");
	assert_non_null(strstr(report, "2 đơn vị bằng điểm ở suất cuối, còn 1 suất; đơn vị được Hội nghị biểu quyết chọn: …"));
	assert_non_null(strstr(report, "3(*)"));
	assert_non_null(strstr(report, "thứ hạng do Hội nghị biểu quyết"));
	free(report);
	thidua_paths_free(&paths);
	thidua_tally_free(t);
	td_scores_set_clear(&s);
	/* cross-scoring: the headers say so */
	c->cross_scoring = 1;
	c->drop_extremes = 1;
	for (i = 1; i < 4; i++)
		put(add_sheet(&s, 0, i), C_I1, 2000 + (int64_t)i * 100, NO);
	t = compute(c, &s, NULL);
	assert_int_equal(thidua_tally_write(&paths, t, dir, &fo, NULL), 0);
	content = tu_read_part(paths.paths[0], "content.xml");
	assert_non_null(strstr(content, "Tổng chấm chéo (trung bình)"));
	assert_non_null(strstr(content, "bỏ một điểm cao nhất và một điểm thấp nhất"));
	rows = table_rows(content, "Tổng hợp");
	/* 21, 22, 23 without 21 and 23: 22 */
	assert_non_null(strstr(rows, "#1|Sở Tư pháp||#22|#0|#0|#22||#22|#1|||Trung bình của 3 bảng chấm|\n"));
	free(rows);
	free(content);
	report = tu_read_part(paths.paths[1], "content.xml");
	assert_non_null(strstr(report, "bảng chấm chéo giữa các đơn vị"));
	free(report);
	thidua_paths_free(&paths);
	thidua_tally_free(t);
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
	tu_rmtree(dir);
	free(dir);
}

/* The bundled templates follow the ODF 1.3 schema, and so do the written
 * documents (the reference checker); skipped where the tools are absent. */
static void odf_conformance(void **state)
{
	const char *shared = TD_SOURCE_DIR "/../shared/odf";
	thidua_tally *t = sample_tally(1);
	thidua_paths paths = THIDUA_PATHS_INIT;
	char *dir = tu_path(tmp, "conform"), cmd[4096];
	size_t i;
	(void)state;
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(thidua_tally_write(&paths, t, dir, NULL, NULL), 0);
	if (access(TD_SOURCE_DIR "/../shared/odf/odfcheck", X_OK) != 0 ||
	    system("command -v xmllint >/dev/null 2>&1") != 0) {
		print_message("odfcheck or xmllint not found; conformance check skipped\n");
		thidua_paths_free(&paths);
		thidua_tally_free(t);
		tu_rmtree(dir);
		free(dir);
		skip();
	}
	snprintf(cmd, sizeof cmd, "xmllint --noout --relaxng '%s/schema/odf1.3/OpenDocument-v1.3-schema.rng' "
	         "'%s/templates/summary.fods' '%s/templates/report.fodt' >'%s/lint.txt' 2>&1",
	         shared, TD_SOURCE_DIR, TD_SOURCE_DIR, dir);
	if (system(cmd) != 0) {
		snprintf(cmd, sizeof cmd, "cat '%s/lint.txt' >&2", dir);
		if (system(cmd)) {
		}
		fail_msg("a template does not follow the ODF 1.3 schema");
	}
	for (i = 0; i < paths.count; i++) {
		snprintf(cmd, sizeof cmd, "'%s/odfcheck' '%s' >'%s/check.txt' 2>&1", shared, paths.paths[i], dir);
		if (system(cmd) != 0) {
			snprintf(cmd, sizeof cmd, "cat '%s/check.txt' >&2", dir);
			if (system(cmd)) {
			}
			fail_msg("odfcheck found problems in %s", paths.paths[i]);
		}
	}
	thidua_paths_free(&paths);
	thidua_tally_free(t);
	tu_rmtree(dir);
	free(dir);
}

static void json(void **state)
{
	thidua_tally *t = sample_tally(1);
	char *j = NULL;
	(void)state;
	assert_int_equal(thidua_tally_to_json(&j, t), 0);
	assert_non_null(strstr(j, "{\"provisional\":true,\"cluster\":\"Cụm thi đua số I\",\"year\":2018,"
	                          "\"cross_scoring\":false,\"units\":[{\"code\":\"U1\",\"name\":\"Sở Tư pháp\","
	                          "\"has_sheet\":true,\"unscored\":false,\"group\":null,"
	                          "\"base\":\"97\",\"base_hundredths\":9700,"
	                          "\"bonus\":\"5\",\"bonus_hundredths\":500,"
	                          "\"deduction\":\"0\",\"deduction_hundredths\":0,"
	                          "\"self_total\":\"102\",\"self_total_hundredths\":10200,"
	                          "\"cluster_total\":null,\"cluster_total_hundredths\":null,"
	                          "\"final_total\":\"102\",\"final_total_hundredths\":10200,"
	                          "\"rank\":1,\"tie_by_vote\":false,\"disqualified\":false,"
	                          "\"award\":\"Cờ thi đua\",\"award_needs_vote\":true,\"award_tie_vote\":false,"
	                          "\"band\":null,\"barred_from\":null,\"barred_by\":null,"
	                          "\"criteria\":[{\"code\":\"I\",\"final\":\"58\",\"final_hundredths\":5800,"
	                          "\"source\":null,\"scored_by\":null},{\"code\":\"I.1\",\"final\":\"30\","
	                          "\"final_hundredths\":3000,\"source\":\"self\",\"scored_by\":\"Đơn vị\"}"));
	/* U3: I.1 verified by the cluster */
	assert_non_null(strstr(j, "{\"code\":\"I.1\",\"final\":\"27.75\",\"final_hundredths\":2775,"
	                          "\"source\":\"head\",\"scored_by\":\"Cụm\"}"));
	assert_non_null(strstr(j, "\"barred_from\":\"Cờ thi đua\",\"barred_by\":\"IV.1\""));
	assert_non_null(strstr(j, "\"final_total\":\"90.75\",\"final_total_hundredths\":9075"));
	assert_non_null(strstr(j, "\"cluster_total\":\"27.75\""));
	assert_non_null(strstr(j, "\"code\":\"U4\",\"name\":\"Sở Y tế\",\"has_sheet\":false,"
	                          "\"unscored\":false,\"group\":null,\"base\":null"));
	assert_non_null(strstr(j, "\"criteria\":null}"));
	assert_non_null(strstr(j, "\"rank\":null"));
	free(j);
	assert_int_equal(thidua_tally_to_json(&j, NULL), THIDUA_EINVAL);
	assert_null(j);
	thidua_tally_free(t);
}

/* A cluster that verified only a deduction: its column totals below zero
 * (0 - 3 = -3), which is a cluster total all the same, not "none". */
static void negative_cluster_total(void **state)
{
	thidua_cluster *c = make_cluster(2);
	td_scores_set s = { NULL, 0 };
	thidua_paths paths = THIDUA_PATHS_INIT;
	thidua_fill_options fo = THIDUA_FILL_OPTIONS_INIT;
	char *dir = tu_path(tmp, "negclus"), *j = NULL, *content, *rows;
	const int64_t u1[8] = { 3000, 3000, 2000, 2000, NO, NO, NO, NO };
	td_sheet_scores *sh;
	thidua_tally *t;
	(void)state;
	fo.overwrite = 1;
	sh = self_sheet(&s, 0, u1);
	sh->rows[6].has_cluster = 1; /* the cluster found IV.1: 3 points */
	sh->rows[6].cluster = 300;
	self_sheet(&s, 1, u1);
	t = compute(c, &s, NULL);
	assert_int_equal(by_code(t, "U1")->cluster_total, -300);
	assert_true(by_code(t, "U1")->has_cluster_total);
	assert_int_equal(by_code(t, "U1")->final_total, 9700);
	assert_int_equal(by_code(t, "U2")->cluster_total, -1); /* none */
	assert_false(by_code(t, "U2")->has_cluster_total);
	assert_int_equal(thidua_tally_to_json(&j, t), 0);
	assert_non_null(strstr(j, "\"code\":\"U1\""));
	assert_non_null(strstr(j, "\"cluster_total\":\"-3\",\"cluster_total_hundredths\":-300"));
	free(j);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(thidua_tally_write(&paths, t, dir, &fo, NULL), 0);
	content = tu_read_part(paths.paths[0], "content.xml");
	rows = table_rows(content, "Tổng hợp");
	/* U2 (100) first, then U1: 100 - 3 = 97, verified -3 */
	assert_non_null(strstr(rows, "|Sở Tư pháp||#100|#0|#3|#100|#-3|#97|#2|"));
	free(rows);
	free(content);
	thidua_paths_free(&paths);
	thidua_tally_free(t);
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
	tu_rmtree(dir);
	free(dir);
}

/* ---- memory ------------------------------------------------------------------ */

static void allocation_failures(void **state)
{
	thidua_cluster *c = make_cluster(4);
	td_scores_set s = { NULL, 0 };
	char *dir = tu_path(tmp, "oom"), *j;
	thidua_paths paths = THIDUA_PATHS_INIT;
	thidua_fill_options fo = THIDUA_FILL_OPTIONS_INIT;
	thidua_diags *d;
	thidua_tally *t;
	long n;
	int rc;
	(void)state;
	fo.overwrite = 1;
	assert_int_equal(mkdir(dir, 0700), 0);
	self_sheet(&s, 0, run_scores[0]);
	self_sheet(&s, 1, run_scores[1]);
	self_sheet(&s, 3, run_scores[3]);
	/* compute */
	for (n = 0;; n++) {
		t = NULL;
		td_alloc_fail_after(n);
		rc = td_tally_compute(&t, c, &s, NULL);
		td_alloc_fail_after(-1);
		if (rc == 0)
			break;
		assert_int_equal(rc, THIDUA_ENOMEM);
		assert_null(t);
	}
	assert_true(n > 10);
	/* JSON and the documents */
	for (n = 0;; n++) {
		j = NULL;
		td_alloc_fail_after(n);
		rc = thidua_tally_to_json(&j, t);
		td_alloc_fail_after(-1);
		if (rc == 0)
			break;
		assert_int_equal(rc, THIDUA_ENOMEM);
	}
	free(j);
	for (n = 0;; n += 1 + n / 50) {
		td_alloc_fail_after(n);
		rc = thidua_tally_write(&paths, t, dir, &fo, NULL);
		td_alloc_fail_after(-1);
		if (rc == 0)
			break;
		assert_true(rc == THIDUA_ENOMEM || rc == THIDUA_EIO || rc == THIDUA_EFORMAT ||
		            rc == THIDUA_ETEMPLATE);
		assert_int_equal(paths.count, 0);
	}
	thidua_paths_free(&paths);
	thidua_tally_free(t);
	/* a whole run over files, cross-scoring compute too */
	{
		char *sd = sheets_dir(c, 4);
		const char *inputs[1] = { sd };

		for (n = 0;; n += 1 + n / 50) {
			t = NULL;
			d = thidua_diags_new();
			td_alloc_fail_after(n);
			rc = thidua_tally_run(&t, c, inputs, 1, NULL, d);
			td_alloc_fail_after(-1);
			thidua_diags_free(d);
			if (rc == 0)
				break;
			assert_int_equal(rc, THIDUA_ENOMEM);
			assert_null(t);
		}
		thidua_tally_free(t);
		tu_rmtree(sd);
		free(sd);
	}
	c->cross_scoring = 1;
	c->drop_extremes = 1;
	td_scores_set_clear(&s);
	put(add_sheet(&s, 0, 1), C_I1, 2000, 2100);
	put(add_sheet(&s, 0, 2), C_I1, 2100, 2200);
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
	}
	thidua_tally_free(t);
	td_scores_set_clear(&s);
	thidua_cluster_free(c);
	tu_rmtree(dir);
	free(dir);
}

static int setup(void **state)
{
	(void)state;
	tmp = tu_tmpdir();
	return tmp ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmtree(tmp);
	free(tmp);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cluster_score_overrides_self),
		cmocka_unit_test(capped_bonus),
		cmocka_unit_test(mean_rounding),
		cmocka_unit_test(cross_scoring),
		cmocka_unit_test(tie_broken_by_base_total),
		cmocka_unit_test(tie_broken_by_section),
		cmocka_unit_test(tie_left_to_vote),
		cmocka_unit_test(disqualification),
		cmocka_unit_test(quotas_and_minimum_totals),
		cmocka_unit_test(missing_unit_strict_and_provisional),
		cmocka_unit_test(progress_per_file_and_cancel),
		cmocka_unit_test(outputs_are_written),
		cmocka_unit_test(outputs_with_votes_and_cross_scoring),
		cmocka_unit_test(odf_conformance),
		cmocka_unit_test(json),
		cmocka_unit_test(negative_cluster_total),
		cmocka_unit_test(allocation_failures),
	};
	return cmocka_run_group_tests_name("tally", tests, setup, teardown);
}
