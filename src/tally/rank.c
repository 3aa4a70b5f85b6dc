/* rank.c - ranking and proposed awards (docs/tally.md): units by final
 * total, ties broken by the ordered tie-break rules; units still equal
 * share the rank (left to the meeting's vote when the list ends in a
 * vote); then each award, in the order of the Khen thưởng sheet, goes down
 * the ranking within its quota and minimum total, the first award never to
 * a unit with a disqualifying deduction. */
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

/* <0 when a ranks before b, >0 after, 0 when nothing tells them apart.
 * Units without a sheet come last and are not compared. */
static int compare(const thidua_tally *t, const td_tunit *a, const td_tunit *b)
{
	size_t r;

	if (a->r.has_sheet != b->r.has_sheet)
		return a->r.has_sheet ? -1 : 1;
	if (!a->r.has_sheet)
		return 0;
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
	return u->r.final_total >= t->awards[a].min_total && !(a == 0 && u->r.disqualified);
}

/* Awards for the units ranked[from, to) (one rank). */
static void award_group(thidua_tally *t, size_t from, size_t to, int *rem)
{
	size_t a, i, n;

	for (a = 0; a < t->n_awards; a++) {
		if (rem[a] <= 0)
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
			u->award_vote = n > (size_t)rem[a];
			u->r.award = t->awards[a].name ? t->awards[a].name : "";
			t->awards[a].given++;
		}
		rem[a] = n > (size_t)rem[a] ? 0 : rem[a] - (int)n;
	}
}

int td_tally_rank(thidua_tally *t)
{
	int vote_last = t->n_tb > 0 && t->tb_kind[t->n_tb - 1] == TD_TIE_VOTE;
	int *rem;
	size_t i, j, from;

	/* insertion sort: stable (equal units stay in protocol order), and n
	 * is at most TD_MAX_UNITS */
	for (i = 0; i < t->n_units; i++)
		t->ranked[i] = i;
	for (i = 1; i < t->n_units; i++) {
		size_t x = t->ranked[i];
		for (j = i; j > 0 && compare(t, &t->units[t->ranked[j - 1]], &t->units[x]) > 0; j--)
			t->ranked[j] = t->ranked[j - 1];
		t->ranked[j] = x;
	}
	/* ranks: 1, 2, 2, 4 */
	for (from = 0; from < t->n_units;) {
		td_tunit *u = &t->units[t->ranked[from]];
		size_t to = from + 1;

		if (!u->r.has_sheet)
			break;
		while (to < t->n_units && t->units[t->ranked[to]].r.has_sheet &&
		       compare(t, u, &t->units[t->ranked[to]]) == 0)
			to++;
		for (i = from; i < to; i++) {
			t->units[t->ranked[i]].r.rank = (int)from + 1;
			t->units[t->ranked[i]].r.tie_by_vote = to - from > 1 && vote_last;
		}
		from = to;
	}
	/* awards: rem holds what is left of each quota */
	if (!t->n_awards)
		return 0;
	if (!(rem = td_calloc(t->n_awards, sizeof *rem)))
		return THIDUA_ENOMEM;
	for (i = 0; i < t->n_awards; i++)
		rem[i] = t->awards[i].quota;
	for (from = 0; from < t->n_units;) {
		size_t to = from + 1;

		if (!t->units[t->ranked[from]].r.has_sheet)
			break;
		while (to < t->n_units && t->units[t->ranked[to]].r.rank ==
		       t->units[t->ranked[from]].r.rank)
			to++;
		award_group(t, from, to, rem);
		from = to;
	}
	td_free(rem);
	return 0;
}
