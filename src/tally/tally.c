/* tally.c - the tally set up (docs/tally.md): copies of the cluster (general
 * data, criteria, bodies, groups, awards, bands, tie-break rules), the
 * units, and td_tally_compute, which runs the steps: values by source
 * (sources.c), points, totals, bars and bands (points.c), ranking and
 * awards per group (rank.c). */
#include "tally/tally_int.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

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

const char *td_tally_scored_by(const thidua_tally *t, const td_tunit *u, size_t k)
{
	if (!u->has_results || k >= t->n_crit)
		return NULL;
	switch ((td_src)u->src[k]) {
	case TD_SRC_SELF:
		return t->cross ? "Chấm chéo" : "Đơn vị";
	case TD_SRC_HEAD:
		return t->kind == TD_KIND_KHOI ? "Khối" : "Cụm";
	case TD_SRC_BODY:
		return t->crit[k].body < t->n_bodies ? t->bodies[t->crit[k].body] : NULL;
	default:
		return NULL;
	}
}

/* *dst = a copy of src (NULL stays NULL); -1 when out of memory. */
static int dup_str(char **dst, const char *src)
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
	if (dup_str(&t->name, c->name) || dup_str(&t->parent_body, c->parent_body) ||
	    dup_str(&t->place, c->place))
		return -1;
	if (c->n_recipients) {
		if (!(t->recipients = td_calloc(c->n_recipients, sizeof *t->recipients)))
			return -1;
		t->n_recipients = c->n_recipients;
		for (i = 0; i < c->n_recipients; i++)
			if (dup_str(&t->recipients[i], c->recipients[i].text))
				return -1;
	}
	if (c->n_bodies) {
		if (!(t->bodies = td_calloc(c->n_bodies, sizeof *t->bodies)))
			return -1;
		t->n_bodies = c->n_bodies;
		for (i = 0; i < c->n_bodies; i++)
			if (dup_str(&t->bodies[i], c->bodies[i].name ? c->bodies[i].name : c->bodies[i].code))
				return -1;
	}
	for (i = 0; i < c->n_units; i++)
		if (c->units[i].role == TD_ROLE_HEAD)
			return dup_str(&t->head_name, c->units[i].name) ||
			       dup_str(&t->head_authority, c->units[i].authority) ||
			       dup_str(&t->head_title, c->units[i].title) ||
			       dup_str(&t->head_signer, c->units[i].signer) ? -1 : 0;
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

		if (dup_str(&x->code, k->code) || dup_str(&x->text, k->text))
			return -1;
		x->kind = k->kind;
		x->method = k->method;
		x->max = k->max;
		x->cap = k->cap;
		x->depth = k->depth;
		x->body = k->body < c->n_bodies ? k->body : SIZE_MAX;
	}
	td_crit_analyse(t->info, c); /* loaded criteria are always well-formed */
	return 0;
}

/* The groups, in order of first appearance; groups are told apart by the
 * match key of their names (a unit with no group is in the group ""). */
static int copy_groups(thidua_tally *t, const thidua_cluster *c)
{
	size_t i, g;

	if (!(t->groups = td_calloc(c->n_units ? c->n_units : 1, sizeof *t->groups)))
		return -1;
	if (!c->n_units) {
		t->n_groups = 1;
		return (t->groups[0].key = td_strdup("")) ? 0 : -1;
	}
	for (i = 0; i < c->n_units; i++) {
		const char *name = c->units[i].group && *c->units[i].group ? c->units[i].group : NULL;
		char *key = NULL;

		if (name ? td_text_match_key(&key, name) != 0 : !(key = td_strdup("")))
			return -1;
		for (g = 0; g < t->n_groups && strcmp(t->groups[g].key, key) != 0; g++)
			;
		if (g == t->n_groups) {
			t->groups[g].key = key;
			t->n_groups++;
			if (dup_str(&t->groups[g].name, name))
				return -1;
		} else {
			td_free(key);
		}
		t->groups[g].members++;
		t->units[i].group = g;
		t->units[i].r.group = t->groups[g].name;
	}
	return 0;
}

static int copy_awards(thidua_tally *t, const thidua_cluster *c)
{
	size_t i, g;

	if (!c->n_awards)
		return 0;
	if (!(t->awards = td_calloc(c->n_awards, sizeof *t->awards)))
		return -1;
	t->n_awards = c->n_awards;
	for (i = 0; i < c->n_awards; i++) {
		const td_award *a = &c->awards[i];
		td_taward *w = &t->awards[i];

		if (dup_str(&w->name, a->name) ||
		    (a->name && td_text_match_key(&w->key, a->name) != 0) ||
		    !(w->places = td_calloc(t->n_groups, sizeof *w->places)) ||
		    !(w->given = td_calloc(t->n_groups, sizeof *w->given)))
			return -1;
		w->quota_kind = a->quota_kind;
		w->quota = a->quota > 0 ? a->quota : 0;
		w->min_total = a->min_total;
		w->needs_vote = a->needs_vote;
		w->min_band = a->min_band < c->n_bands ? a->min_band : SIZE_MAX;
		w->min_crit_pct = a->min_crit_pct > 0 ? a->min_crit_pct : -1;
		for (g = 0; g < t->n_groups; g++) {
			if (w->quota_kind == TD_QUOTA_UNLIMITED)
				w->places[g] = SIZE_MAX;
			else if (w->quota_kind == TD_QUOTA_PERCENT)
				/* rounded down: 20 % of 7 units is 1 */
				w->places[g] = (size_t)w->quota * t->groups[g].members / 10000;
			else
				w->places[g] = (size_t)w->quota;
		}
	}
	return 0;
}

static int copy_bands(thidua_tally *t, const thidua_cluster *c)
{
	size_t i;

	if (!c->n_bands)
		return 0;
	if (!(t->bands = td_calloc(c->n_bands, sizeof *t->bands)))
		return -1;
	t->n_bands = c->n_bands;
	for (i = 0; i < c->n_bands; i++) {
		const td_band *b = &c->bands[i];

		if (dup_str(&t->bands[i].name, b->name))
			return -1;
		t->bands[i].has_min_total = b->has_min_total;
		t->bands[i].min_total = b->min_total;
		t->bands[i].min_crit_pct = b->min_crit_pct > 0 ? b->min_crit_pct : -1;
		t->bands[i].min_section_pct = b->min_section_pct > 0 ? b->min_section_pct : -1;
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
	size_t i, n = t->n_crit ? t->n_crit : 1, na = c->n_awards ? c->n_awards : 1;

	if (!(t->units = td_calloc(c->n_units ? c->n_units : 1, sizeof *t->units)) ||
	    !(t->ranked = td_calloc(c->n_units ? c->n_units : 1, sizeof *t->ranked)))
		return -1;
	t->n_units = c->n_units;
	for (i = 0; i < c->n_units; i++) {
		td_tunit *u = &t->units[i];

		u->index = i;
		u->award = -1;
		u->band = SIZE_MAX;
		u->r.cluster_total = -1;
		if (dup_str(&u->code, c->units[i].code) || dup_str(&u->name, c->units[i].name) ||
		    !(u->in_self = td_calloc(n, sizeof *u->in_self)) ||
		    !(u->in_head = td_calloc(n, sizeof *u->in_head)) ||
		    !(u->in_body = td_calloc(n, sizeof *u->in_body)) ||
		    !(u->has = td_calloc(n, 1)) || !(u->src = td_calloc(n, 1)) ||
		    !(u->target = td_calloc(n, sizeof *u->target)) ||
		    !(u->self = td_calloc(n, sizeof *u->self)) ||
		    !(u->clus = td_calloc(n, sizeof *u->clus)) ||
		    !(u->fin = td_calloc(n, sizeof *u->fin)) ||
		    !(u->has_clus = td_calloc(n, 1)) || !(u->barred = td_calloc(na, 1)))
			return -1;
		u->r.code = u->code;
		u->r.name = u->name;
		t->ranked[i] = i;
	}
	/* the units' targets (Chỉ tiêu giao) */
	for (i = 0; i < c->n_targets_given; i++) {
		const td_target *g = &c->targets_given[i];

		if (g->unit < t->n_units && g->crit < t->n_crit)
			t->units[g->unit].target[g->crit] = g->value;
	}
	return 0;
}

int td_tally_compute(thidua_tally **out, const thidua_cluster *c, const td_scores_set *set,
                     thidua_diags *diags)
{
	static const td_scores_set none = { NULL, 0 };
	thidua_tally *t;
	int rc = THIDUA_ENOMEM;

	*out = NULL;
	if (!set)
		set = &none;
	if (!(t = td_calloc(1, sizeof *t)))
		return td_error_oom();
	if (copy_general(t, c) || copy_criteria(t, c) || new_units(t, c) || copy_groups(t, c) ||
	    copy_awards(t, c) || copy_bands(t, c) || copy_tiebreaks(t, c))
		goto cleanup;
	if (td_tally_sources(t, c, set, diags) || td_tally_points(t, c) || td_tally_rank(t))
		goto cleanup;
	rc = 0;
cleanup:
	if (rc) {
		thidua_tally_free(t);
		return td_error_oom();
	}
	*out = t;
	return 0;
}
