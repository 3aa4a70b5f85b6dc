/* rank.c - ranking and proposed awards, group by group (docs/tally.md): the
 * units of each group (Nhóm; one group when none is given) by final total,
 * ties broken by the ordered tie-break rules, units still equal sharing the
 * rank (left to the meeting's vote when the list ends in a vote); then each
 * award, in the order of the Khen thưởng sheet, goes down the group's
 * ranking within the group's places and the award's conditions (minimum
 * total, minimum band, no criterion below a share of its max, not barred). */
#include "tally/tally_int.h"
#include "util/alloc.h"

#include <string.h>

/* A unit's value for tie-break rule r: higher is better. */
static int64_t rule_value(const thidua_tally *t, const td_tunit *u, size_t r)
{
	size_t k;

	switch (t->tb_kind[r]) {
	case TD_TIE_BASE:
		return u->r.base;
	case TD_TIE_SECTION:
		k = t->tb_section[r];
		if (k >= t->n_crit)
			return 0;
		return t->info[k].cls == TD_CRIT_DEDUCTION ? -u->fin[k] : u->fin[k];
	case TD_TIE_FEWER_DEDUCT:
		return -u->r.deduction;
	case TD_TIE_MORE_BONUS:
		return u->r.bonus;
	default:
		return 0;
	}
}

/* <0 when a ranks before b, >0 after, 0 when nothing tells them apart
 * (both have results). */
static int compare(const thidua_tally *t, const td_tunit *a, const td_tunit *b)
{
	size_t r;

	if (a->r.final_total != b->r.final_total)
		return a->r.final_total > b->r.final_total ? -1 : 1;
	for (r = 0; r < t->n_tb && t->tb_kind[r] != TD_TIE_VOTE; r++) {
		int64_t x = rule_value(t, a, r), y = rule_value(t, b, r);

		if (x != y)
			return x > y ? -1 : 1;
	}
	return 0;
}

static int eligible(const thidua_tally *t, const td_tunit *u, size_t a)
{
	const td_taward *w = &t->awards[a];

	if (u->r.final_total < w->min_total || u->barred[a])
		return 0;
	if (w->min_band != SIZE_MAX && (u->band == SIZE_MAX || u->band > w->min_band))
		return 0;
	if (w->min_crit_pct >= 0 && !td_tally_crit_pct_ok(t, u, w->min_crit_pct))
		return 0;
	return 1;
}

/* Awards for the units ranked[from, to) (one rank of group g); rem[a] is
 * what is left of award a's places in the group (SIZE_MAX: unlimited). */
static void award_rank(thidua_tally *t, size_t g, size_t from, size_t to, size_t *rem)
{
	size_t a, i, n;

	for (a = 0; a < t->n_awards; a++) {
		if (rem[a] == 0)
			continue;
		n = 0;
		for (i = from; i < to; i++) {
			const td_tunit *u = &t->units[t->ranked[i]];
			if (u->award < 0 && eligible(t, u, a))
				n++;
		}
		if (!n)
			continue;
		for (i = from; i < to; i++) {
			td_tunit *u = &t->units[t->ranked[i]];

			if (u->award >= 0 || !eligible(t, u, a))
				continue;
			u->award = (int)a;
			u->award_vote = n > rem[a];
			u->r.award = t->awards[a].name ? t->awards[a].name : "";
			t->awards[a].given[g]++;
		}
		if (rem[a] != SIZE_MAX)
			rem[a] = n > rem[a] ? 0 : rem[a] - n;
	}
}

/* Rank ranked[from, to): the units of one group with results. */
static void rank_group(thidua_tally *t, size_t g, size_t from, size_t to, size_t *rem)
{
	int vote_last = t->n_tb > 0 && t->tb_kind[t->n_tb - 1] == TD_TIE_VOTE;
	size_t i, j, a, s, e;

	/* insertion sort: stable (equal units stay in protocol order), and n
	 * is small */
	for (i = from + 1; i < to; i++) {
		size_t x = t->ranked[i];
		for (j = i; j > from && compare(t, &t->units[t->ranked[j - 1]], &t->units[x]) > 0; j--)
			t->ranked[j] = t->ranked[j - 1];
		t->ranked[j] = x;
	}
	for (a = 0; a < t->n_awards; a++)
		rem[a] = t->awards[a].places[g];
	/* ranks 1, 2, 2, 4 within the group; awards rank by rank */
	for (s = from; s < to; s = e) {
		const td_tunit *u = &t->units[t->ranked[s]];

		for (e = s + 1; e < to && compare(t, u, &t->units[t->ranked[e]]) == 0; e++)
			;
		for (i = s; i < e; i++) {
			t->units[t->ranked[i]].r.rank = (int)(s - from) + 1;
			t->units[t->ranked[i]].r.tie_by_vote = e - s > 1 && vote_last;
		}
		award_rank(t, g, s, e, rem);
	}
}

int td_tally_rank(thidua_tally *t)
{
	size_t *rem, i, g, n = 0, from;

	if (!(rem = td_calloc(t->n_awards ? t->n_awards : 1, sizeof *rem)))
		return THIDUA_ENOMEM;
	for (g = 0; g < t->n_groups; g++) {
		from = n;
		for (i = 0; i < t->n_units; i++)
			if (t->units[i].group == g && t->units[i].has_results)
				t->ranked[n++] = i;
		rank_group(t, g, from, n, rem);
	}
	for (i = 0; i < t->n_units; i++)
		if (!t->units[i].has_results)
			t->ranked[n++] = i;
	td_free(rem);
	return 0;
}
