/* sources.c - the values of each unit's criteria by source (docs/tally.md,
 * "Who gave each score"): the unit's own entries (self-scoring: its sheet;
 * cross-scoring: the mean of the points the other units gave it), the
 * head's verification column, and the scoring bodies' sheets. Entries
 * become points here (td_rules_points), except a LEADER row's actual value
 * (points need the whole cluster: points.c) and a CONDITION's answer.
 * Blank sheets give no values; a unit with no usable sheet has no results.
 * Missing body sheets and missing targets are reported here. */
#include "tally/tally_int.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

/* What row k keeps of entry e of unit u: the actual value (LEADER), the
 * answer (CONDITION: 1 Có, 0 Không), else the points. */
static int64_t value_of(const thidua_tally *t, const thidua_cluster *c, const td_tunit *u,
                        size_t k, int64_t e)
{
	const td_crit_info *x = &t->info[k];

	if (x->cls == TD_CRIT_CONDITION)
		return e > 0;
	if (x->method == TD_METHOD_LEADER)
		return e < 0 ? 0 : e;
	return td_rules_points(&c->criteria[k], x, e, u->target[k]);
}

static int takes(const thidua_tally *t, size_t k)
{
	return k < t->n_crit && t->info[k].takes_entry;
}

/* A body's sheet names one of the cluster's bodies; anything else is a
 * unit's sheet. */
static int body_sheet(const thidua_tally *t, const td_sheet_scores *s)
{
	return s->body < t->n_bodies;
}

static int own_sheet(const thidua_tally *t, const td_sheet_scores *s)
{
	return s->scorer == SIZE_MAX && !body_sheet(t, s);
}

/* Self-scoring: each unit's sheet (the first usable one, should there be
 * two; the reader reports duplicates). */
static void self_scores(thidua_tally *t, const thidua_cluster *c, const td_scores_set *set)
{
	size_t i, j;

	for (i = 0; i < set->n; i++) {
		const td_sheet_scores *s = &set->sheets[i];
		td_tunit *u;

		if (!own_sheet(t, s) || s->unit >= t->n_units)
			continue;
		u = &t->units[s->unit];
		if (s->blank) {
			u->r.unscored = 1;
			continue;
		}
		if (u->has_results)
			continue;
		u->has_results = 1;
		for (j = 0; j < s->n_rows; j++) {
			const td_row_scores *row = &s->rows[j];
			size_t k = row->crit;

			if (!takes(t, k))
				continue;
			if (row->has_self) {
				u->in_self[k] = value_of(t, c, u, k, row->self);
				u->has[k] |= TD_HAS_SELF;
			}
			if (row->has_cluster) {
				u->in_head[k] = value_of(t, c, u, k, row->cluster);
				u->has[k] |= TD_HAS_HEAD;
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

static const td_row_scores *row_of(const td_sheet_scores *s, size_t k)
{
	size_t j;

	for (j = 0; j < s->n_rows; j++)
		if (s->rows[j].crit == k)
			return &s->rows[j];
	return NULL;
}

/* Cross-scoring: unit u's value of each row is the mean of the values the
 * other units gave it (an empty cell counts 0): points, or a LEADER row's
 * actual value; a CONDITION is Có when any scorer answered Có. A cluster
 * score: the first one given in the scorers' protocol order (two different
 * ones are an error). */
static int cross_scores(thidua_tally *t, const thidua_cluster *c, const td_scores_set *set,
                        size_t u, thidua_diags *diags)
{
	td_tunit *tu = &t->units[u];
	const td_sheet_scores **by = NULL;   /* by scorer */
	int64_t *vals = NULL;
	size_t i, n = 0, k;
	int rc = THIDUA_ENOMEM, blank = 0;

	if (!(by = td_calloc(t->n_units, sizeof *by)) ||
	    !(vals = td_calloc(t->n_units, sizeof *vals)))
		goto cleanup;
	for (i = 0; i < set->n; i++) {
		const td_sheet_scores *s = &set->sheets[i];

		if (s->unit != u || body_sheet(t, s) || s->scorer >= t->n_units || s->scorer == u)
			continue;
		if (s->blank)
			blank = 1;
		else if (!by[s->scorer]) {
			by[s->scorer] = s;
			n++;
		}
	}
	tu->n_scorers = n;
	tu->has_results = n > 0;
	tu->r.unscored = blank && !n;
	for (k = 0; k < t->n_crit && n; k++) {
		const td_sheet_scores *first_cl = NULL;
		const td_row_scores *first_row = NULL;
		size_t m = 0;
		int any = 0, yes = 0;

		if (!t->info[k].takes_entry)
			continue;
		for (i = 0; i < t->n_units; i++) {
			const td_sheet_scores *s = by[i];
			const td_row_scores *row;

			if (!s)
				continue;
			row = row_of(s, k);
			if (row && row->has_self) {
				vals[m] = value_of(t, c, tu, k, row->self);
				yes |= vals[m] > 0;
				any = 1;
			} else {
				vals[m] = 0;
			}
			m++;
			if (!row || !row->has_cluster)
				continue;
			if (!first_cl) {
				first_cl = s;
				first_row = row;
				tu->in_head[k] = value_of(t, c, tu, k, row->cluster);
				tu->has[k] |= TD_HAS_HEAD;
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
		if (!any)
			continue;
		tu->has[k] |= TD_HAS_SELF;
		tu->in_self[k] = t->info[k].cls == TD_CRIT_CONDITION
		                     ? yes : td_tally_mean(vals, m, t->drop_extremes);
	}
	rc = 0;
cleanup:
	td_free(by);
	td_free(vals);
	return rc;
}

/* The scoring bodies' sheets: the scorer column of the body's criteria (the
 * first usable sheet of each body and unit). seen[u * n_bodies + b] marks
 * what was found. */
static void body_scores(thidua_tally *t, const thidua_cluster *c, const td_scores_set *set,
                        unsigned char *seen)
{
	size_t i, j;

	for (i = 0; i < set->n; i++) {
		const td_sheet_scores *s = &set->sheets[i];
		td_tunit *u;

		if (s->body >= t->n_bodies || s->unit >= t->n_units || s->blank ||
		    seen[s->unit * t->n_bodies + s->body])
			continue;
		seen[s->unit * t->n_bodies + s->body] = 1;
		u = &t->units[s->unit];
		for (j = 0; j < s->n_rows; j++) {
			const td_row_scores *row = &s->rows[j];
			size_t k = row->crit;

			if (!takes(t, k) || t->crit[k].body != s->body || !row->has_self)
				continue;
			u->in_body[k] = value_of(t, c, u, k, row->self);
			u->has[k] |= TD_HAS_BODY;
		}
	}
}

/* One error per body whose sheet is missing for some unit with results:
 * the fallback (head, then self) is used and the results are provisional. */
static int missing_bodies(const thidua_tally *t, const unsigned char *seen, thidua_diags *diags)
{
	size_t b, i, k;

	for (b = 0; b < t->n_bodies; b++) {
		td_buf units = TD_BUF_INIT;
		int used = 0, rc;

		for (k = 0; k < t->n_crit && !used; k++)
			used = t->crit[k].body == b && t->info[k].takes_entry;
		for (i = 0; used && i < t->n_units; i++)
			if (t->units[i].has_results && !seen[i * t->n_bodies + b])
				td_buf_printf(&units, "%s%s", units.len ? ", " : "",
				              t->units[i].name ? t->units[i].name : "?");
		if (td_buf_oom(&units)) {
			td_buf_free(&units);
			return THIDUA_ENOMEM;
		}
		if (!units.len)
			continue;
		rc = td_diag_error(diags, "tally.missing-body-sheet", NULL, NULL,
		                   "Chưa có bảng chấm của %s cho: %s. Các tiêu chí do %s chấm tạm lấy điểm thẩm định, nếu không có thì điểm tự chấm.",
		                   "No scoring sheet of %s for: %s. The criteria %s scores take the verified score for now, else the unit's own.",
		                   t->bodies[b], units.ptr, t->bodies[b]);
		td_buf_free(&units);
		if (rc < 0)
			return THIDUA_ENOMEM;
	}
	return 0;
}

/* A TARGET or LEADER row with a value but no target for the unit: its points
 * are 0; an error (the loaders require every target). */
static int missing_targets(const thidua_tally *t, thidua_diags *diags)
{
	size_t i, k;

	for (i = 0; i < t->n_units; i++) {
		const td_tunit *u = &t->units[i];

		for (k = 0; u->has_results && k < t->n_crit; k++) {
			td_method m = t->info[k].method;

			if (!t->info[k].takes_entry || (m != TD_METHOD_TARGET && m != TD_METHOD_LEADER) ||
			    !u->has[k] || u->target[k] > 0)
				continue;
			if (td_diag_error(diags, "tally.missing-target", NULL, NULL,
			                  "Đơn vị %s không có chỉ tiêu giao cho tiêu chí %s: tiêu chí được tính 0 điểm.",
			                  "Unit %s has no target for criterion %s: the criterion counts 0.",
			                  u->name ? u->name : "?", t->crit[k].code ? t->crit[k].code : "?") < 0)
				return THIDUA_ENOMEM;
		}
	}
	return 0;
}

int td_tally_sources(thidua_tally *t, const thidua_cluster *c, const td_scores_set *set,
                     thidua_diags *diags)
{
	unsigned char *seen = NULL;
	size_t i;
	int rc = THIDUA_ENOMEM;

	if (t->cross) {
		for (i = 0; i < t->n_units; i++)
			if (cross_scores(t, c, set, i, diags))
				goto cleanup;
	} else {
		self_scores(t, c, set);
	}
	if (t->n_bodies && t->n_units) {
		if (!(seen = td_calloc(t->n_units * t->n_bodies, 1)))
			goto cleanup;
		body_scores(t, c, set, seen);
		if (missing_bodies(t, seen, diags))
			goto cleanup;
	}
	if (missing_targets(t, diags))
		goto cleanup;
	for (i = 0; i < t->n_units; i++) {
		td_tunit *u = &t->units[i];

		u->r.has_sheet = u->has_results;
		if (u->has_results)
			u->r.unscored = 0;
	}
	rc = 0;
cleanup:
	td_free(seen);
	return rc;
}
