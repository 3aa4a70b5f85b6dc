/* tally.c - the tally's arithmetic (docs/tally.md): the final score of each
 * criterion of each unit (the cluster's score where given, else the unit's
 * own; with cross-scoring, the mean of the other units' scores), the caps
 * of bonus and deduction items and sections, disqualifying deductions and
 * the totals, all in exact hundredths. */
#include "tally/tally_int.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

int64_t td_tally_mean(const int64_t *v, size_t n, int drop_extremes)
{
	int64_t sum = 0, lo, hi, d;
	size_t i;

	if (n == 0)
		return 0;
	lo = hi = v[0];
	for (i = 0; i < n; i++) {
		sum += v[i];
		if (v[i] < lo)
			lo = v[i];
		if (v[i] > hi)
			hi = v[i];
	}
	if (drop_extremes && n >= 3) {
		sum -= lo + hi;
		n -= 2;
	}
	d = (int64_t)n;
	/* half away from zero: (2|s| + n) / 2n */
	if (sum >= 0)
		return (2 * sum + d) / (2 * d);
	return -((-2 * sum + d) / (2 * d));
}

char *td_tally_tiebreak_label(td_tiebreak_kind kind, const char *section)
{
	td_buf b = TD_BUF_INIT;

	switch (kind) {
	case TD_TIE_BASE: td_buf_puts(&b, "Tổng điểm các phần chính"); break;
	case TD_TIE_SECTION: td_buf_printf(&b, "Điểm Phần %s", section ? section : "?"); break;
	case TD_TIE_FEWER_DEDUCT: td_buf_puts(&b, "Ít điểm trừ hơn"); break;
	case TD_TIE_MORE_BONUS: td_buf_puts(&b, "Nhiều điểm cộng hơn"); break;
	default: td_buf_puts(&b, "Biểu quyết"); break;
	}
	return td_buf_detach(&b);
}

/* *dst = a copy of src (NULL stays NULL); -1 when out of memory. */
static int dup(char **dst, const char *src)
{
	*dst = NULL;
	if (!src)
		return 0;
	*dst = td_strdup(src);
	return *dst ? 0 : -1;
}

/* ---- copies of the cluster ------------------------------------------------ */

static int copy_general(thidua_tally *t, const thidua_cluster *c)
{
	size_t i;

	t->cross = c->cross_scoring;
	t->drop_extremes = c->cross_scoring && c->drop_extremes;
	t->kind = c->kind;
	t->year = c->year;
	if (dup(&t->name, c->name) || dup(&t->parent_body, c->parent_body) ||
	    dup(&t->place, c->place))
		return -1;
	if (c->n_recipients) {
		if (!(t->recipients = td_calloc(c->n_recipients, sizeof *t->recipients)))
			return -1;
		t->n_recipients = c->n_recipients;
		for (i = 0; i < c->n_recipients; i++)
			if (dup(&t->recipients[i], c->recipients[i].text))
				return -1;
	}
	for (i = 0; i < c->n_units; i++)
		if (c->units[i].role == TD_ROLE_HEAD)
			return dup(&t->head_name, c->units[i].name) ||
			       dup(&t->head_title, c->units[i].title) ||
			       dup(&t->head_signer, c->units[i].signer) ? -1 : 0;
	return 0;
}

static int copy_criteria(thidua_tally *t, const thidua_cluster *c)
{
	size_t i;

	if (!c->n_criteria)
		return 0;
	if (!(t->crit = td_calloc(c->n_criteria, sizeof *t->crit)) ||
	    !(t->info = td_calloc(c->n_criteria, sizeof *t->info)))
		return -1;
	t->n_crit = c->n_criteria;
	for (i = 0; i < c->n_criteria; i++) {
		const td_criterion *k = &c->criteria[i];
		td_tcrit *x = &t->crit[i];

		if (dup(&x->code, k->code) || dup(&x->text, k->text))
			return -1;
		x->kind = k->kind;
		x->max = k->max;
		x->cap = k->cap;
		x->depth = k->depth;
	}
	td_crit_analyse(t->info, c); /* loaded criteria are always well-formed */
	return 0;
}

static int copy_awards(thidua_tally *t, const thidua_cluster *c)
{
	size_t i;

	if (!c->n_awards)
		return 0;
	if (!(t->awards = td_calloc(c->n_awards, sizeof *t->awards)))
		return -1;
	t->n_awards = c->n_awards;
	for (i = 0; i < c->n_awards; i++) {
		if (dup(&t->awards[i].name, c->awards[i].name))
			return -1;
		t->awards[i].quota = c->awards[i].quota > 0 ? c->awards[i].quota : 0;
		t->awards[i].min_total = c->awards[i].min_total;
		t->awards[i].needs_vote = c->awards[i].needs_vote;
	}
	return 0;
}

/* The tie-break rules in force: the cluster's, else base total, fewer
 * deductions, vote. */
static int copy_tiebreaks(thidua_tally *t, const thidua_cluster *c)
{
	static const td_tiebreak_kind defaults[] = { TD_TIE_BASE, TD_TIE_FEWER_DEDUCT, TD_TIE_VOTE };
	size_t i, j, n = c->n_tiebreaks ? c->n_tiebreaks : sizeof defaults / sizeof *defaults;

	if (!(t->tb_kind = td_calloc(n, sizeof *t->tb_kind)) ||
	    !(t->tb_section = td_calloc(n, sizeof *t->tb_section)) ||
	    !(t->tb_label = td_calloc(n, sizeof *t->tb_label)))
		return -1;
	t->n_tb = n;
	for (i = 0; i < n; i++) {
		const char *sec = c->n_tiebreaks ? c->tiebreaks[i].section : NULL;

		t->tb_kind[i] = c->n_tiebreaks ? c->tiebreaks[i].kind : defaults[i];
		t->tb_section[i] = SIZE_MAX;
		if (t->tb_kind[i] == TD_TIE_SECTION && sec)
			for (j = 0; j < t->n_crit; j++)
				if (t->crit[j].code && strcmp(t->crit[j].code, sec) == 0) {
					t->tb_section[i] = j;
					break;
				}
		if (!(t->tb_label[i] = td_tally_tiebreak_label(t->tb_kind[i], sec)))
			return -1;
	}
	return 0;
}

static int new_units(thidua_tally *t, const thidua_cluster *c)
{
	size_t i, n = t->n_crit ? t->n_crit : 1;

	if (!(t->units = td_calloc(c->n_units ? c->n_units : 1, sizeof *t->units)) ||
	    !(t->ranked = td_calloc(c->n_units ? c->n_units : 1, sizeof *t->ranked)))
		return -1;
	t->n_units = c->n_units;
	for (i = 0; i < c->n_units; i++) {
		td_tunit *u = &t->units[i];

		u->index = i;
		u->award = -1;
		u->r.cluster_total = -1;
		if (dup(&u->code, c->units[i].code) || dup(&u->name, c->units[i].name) ||
		    !(u->self = td_calloc(n, sizeof *u->self)) ||
		    !(u->clus = td_calloc(n, sizeof *u->clus)) ||
		    !(u->fin = td_calloc(n, sizeof *u->fin)) ||
		    !(u->has_clus = td_calloc(n, 1)))
			return -1;
		u->r.code = u->code;
		u->r.name = u->name;
		t->ranked[i] = i;
	}
	return 0;
}

/* ---- scores from the sheets ----------------------------------------------- */

/* Self-scoring: each unit's sheet (the first one, should there be two). */
static void self_scores(thidua_tally *t, const td_scores_set *set)
{
	size_t i, j;

	for (i = 0; i < set->n; i++) {
		const td_sheet_scores *s = &set->sheets[i];
		td_tunit *u;

		if (s->scorer != SIZE_MAX || s->unit >= t->n_units)
			continue;
		u = &t->units[s->unit];
		if (u->r.has_sheet)
			continue;
		u->r.has_sheet = 1;
		for (j = 0; j < s->n_rows; j++) {
			const td_row_scores *row = &s->rows[j];

			if (row->crit >= t->n_crit || !t->info[row->crit].leaf)
				continue;
			if (row->has_self)
				u->self[row->crit] = row->self;
			if (row->has_cluster) {
				u->clus[row->crit] = row->cluster;
				u->has_clus[row->crit] = 1;
				u->has_cluster = 1;
			}
		}
	}
}

static void points_text(char *buf, size_t size, int64_t h)
{
	td_buf b = TD_BUF_INIT;

	if (td_fmt_number(&b, h, -1) == 0 && !td_buf_oom(&b))
		snprintf(buf, size, "%s", td_buf_cstr(&b));
	else
		snprintf(buf, size, "%lld,%02lld", (long long)(h / 100), (long long)(h % 100));
	td_buf_free(&b);
}

/* Cross-scoring: unit u's score of each leaf is the mean of the scores
 * the other units gave it (an empty cell counts 0); a cluster score, the
 * first one given in the scorers' protocol order (two different ones are
 * an error). */
static int cross_scores(thidua_tally *t, const td_scores_set *set, size_t u, thidua_diags *diags)
{
	td_tunit *tu = &t->units[u];
	const td_sheet_scores **by = NULL;   /* by scorer */
	int64_t *vals = NULL;
	size_t i, j, n = 0, k;
	int rc = THIDUA_ENOMEM;

	if (!(by = td_calloc(t->n_units, sizeof *by)) ||
	    !(vals = td_calloc(t->n_units, sizeof *vals)))
		goto cleanup;
	for (i = 0; i < set->n; i++) {
		const td_sheet_scores *s = &set->sheets[i];

		if (s->unit == u && s->scorer < t->n_units && s->scorer != u && !by[s->scorer]) {
			by[s->scorer] = s;
			n++;
		}
	}
	tu->n_scorers = n;
	tu->r.has_sheet = n > 0;
	for (k = 0; k < t->n_crit && n; k++) {
		const td_sheet_scores *first_cl = NULL;
		const td_row_scores *first_row = NULL;
		size_t m = 0;

		if (!t->info[k].leaf)
			continue;
		for (i = 0; i < t->n_units; i++) {
			const td_sheet_scores *s = by[i];
			const td_row_scores *row = NULL;

			if (!s)
				continue;
			for (j = 0; j < s->n_rows && !row; j++)
				if (s->rows[j].crit == k)
					row = &s->rows[j];
			vals[m++] = row && row->has_self ? row->self : 0;
			if (!row || !row->has_cluster)
				continue;
			if (!first_cl) {
				first_cl = s;
				first_row = row;
				tu->clus[k] = row->cluster;
				tu->has_clus[k] = 1;
				tu->has_cluster = 1;
			} else if (row->cluster != first_row->cluster) {
				char a[32], b[32];

				points_text(a, sizeof a, first_row->cluster);
				points_text(b, sizeof b, row->cluster);
				if (td_diag_error(diags, "tally.cluster-conflict", s->file, row->where_cluster,
				                  "Điểm thẩm định tiêu chí %s của đơn vị %s khác nhau giữa các bảng chấm chéo: %s (ở %s, %s) và %s ở đây; dùng %s. Hãy ghi cùng một điểm thẩm định.",
				                  "The verified score of criterion %s of unit %s differs between cross-scoring sheets: %s (at %s, %s) and %s here; %s is used. Write the same verified score.",
				                  t->crit[k].code ? t->crit[k].code : "?", tu->name ? tu->name : "?",
				                  a, first_cl->file ? first_cl->file : "?",
				                  first_row->where_cluster ? first_row->where_cluster : "?", b, a) < 0)
					goto cleanup;
			}
		}
		tu->self[k] = td_tally_mean(vals, m, t->drop_extremes);
	}
	rc = 0;
cleanup:
	td_free(by);
	td_free(vals);
	return rc;
}

/* ---- totals ---------------------------------------------------------------- */

static void unit_totals(thidua_tally *t, td_tunit *u, int64_t *scratch)
{
	int64_t base, bonus, ded;
	size_t i;

	if (!u->r.has_sheet)
		return;
	for (i = 0; i < t->n_crit; i++)
		if (t->info[i].leaf)
			u->fin[i] = u->has_clus[i] ? u->clus[i] : u->self[i];
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
	/* a node has a cluster score when a leaf below it has */
	for (i = t->n_crit; i-- > 0;) {
		const td_crit_info *x = &t->info[i];

		if (x->leaf && x->cls == TD_CRIT_DEDUCTION && x->bars != TD_BAR_NONE && u->fin[i] > 0)
			u->r.disqualified = 1;
		if (u->has_clus[i] && x->parent != SIZE_MAX)
			u->has_clus[x->parent] = 1;
	}
}

int td_tally_compute(thidua_tally **out, const thidua_cluster *c, const td_scores_set *set,
                     thidua_diags *diags)
{
	static const td_scores_set none = { NULL, 0 };
	thidua_tally *t;
	int64_t *scratch = NULL;
	size_t i, n;
	int rc = THIDUA_ENOMEM;

	*out = NULL;
	if (!set)
		set = &none;
	if (!(t = td_calloc(1, sizeof *t)))
		return td_error_oom();
	if (copy_general(t, c) || copy_criteria(t, c) || copy_awards(t, c) ||
	    copy_tiebreaks(t, c) || new_units(t, c))
		goto cleanup;
	n = t->n_crit ? t->n_crit : 1;
	if (!(scratch = td_calloc(3 * n, sizeof *scratch)))
		goto cleanup;
	if (t->cross) {
		for (i = 0; i < t->n_units; i++)
			if (cross_scores(t, set, i, diags))
				goto cleanup;
	} else {
		self_scores(t, set);
	}
	for (i = 0; i < t->n_units; i++)
		unit_totals(t, &t->units[i], scratch);
	if (td_tally_rank(t))
		goto cleanup;
	rc = 0;
cleanup:
	td_free(scratch);
	if (rc) {
		thidua_tally_free(t);
		return td_error_oom();
	}
	*out = t;
	return 0;
}
