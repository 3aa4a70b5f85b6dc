/* tally_build.c - clusters and entries built in memory for the tally's tests
 * (tally_build.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "model/model_int.h"
#include "tally_build.h"
#include "util/alloc.h"

static char *sdup(const char *s)
{
	char *d = s ? td_strdup(s) : NULL;

	assert_true(!s || d);
	return d;
}

static void *grow(void *p, size_t n, size_t size)
{
	void *q = td_realloc(p, (n + 1) * size);

	assert_non_null(q);
	memset((char *)q + n * size, 0, size);
	return q;
}

thidua_cluster *tb_cluster(const tb_crit *crit, size_t n_crit, size_t n_units,
                           const char *const *groups, const char *const *body_names,
                           size_t n_bodies)
{
	thidua_cluster *c = td_cluster_new("cum.fods");
	size_t i;
	char buf[32];

	assert_non_null(c);
	c->kind = TD_KIND_CUM;
	c->name = sdup("Cụm thi đua số I");
	c->year = 2018;
	c->place = sdup("Hà Nội");
	c->units = td_calloc(n_units ? n_units : 1, sizeof *c->units);
	assert_non_null(c->units);
	c->n_units = n_units;
	for (i = 0; i < n_units; i++) {
		td_unit *u = &c->units[i];

		u->order = (int)i + 1;
		snprintf(buf, sizeof buf, "U%zu", i + 1);
		u->code = sdup(buf);
		snprintf(buf, sizeof buf, "Đơn vị %zu", i + 1);
		u->name = sdup(buf);
		u->role = i == 0 ? TD_ROLE_HEAD : TD_ROLE_MEMBER;
		u->group = groups ? sdup(groups[i]) : NULL;
	}
	c->criteria = td_calloc(n_crit ? n_crit : 1, sizeof *c->criteria);
	assert_non_null(c->criteria);
	c->n_criteria = n_crit;
	for (i = 0; i < n_crit; i++) {
		td_criterion *k = &c->criteria[i];

		k->code = sdup(crit[i].code);
		k->text = sdup(crit[i].code);
		k->kind = crit[i].kind;
		k->method = crit[i].method;
		k->max = crit[i].max;
		k->per_event = crit[i].per_event;
		k->cap = crit[i].cap;
		k->has_floor = crit[i].floor >= 0;
		k->floor = crit[i].floor >= 0 ? crit[i].floor : 0;
		k->keep_max = crit[i].keep_max;
	}
	td_cluster_link_criteria(c);
	/* after linking (it resets them): bodies and bars */
	for (i = 0; i < n_crit; i++) {
		td_criterion *k = &c->criteria[i];

		k->body = crit[i].body >= 0 ? (size_t)crit[i].body : SIZE_MAX;
		if (k->body == SIZE_MAX && k->parent != SIZE_MAX)
			k->body = c->criteria[k->parent].body;
		k->bars = crit[i].bars;
		k->disqualifies = k->bars != TD_BAR_NONE;
		if (crit[i].bar_names) {
			const char *p = crit[i].bar_names, *e;

			for (;;) {
				e = strchr(p, '\n');
				k->bar_awards = grow(k->bar_awards, k->n_bar_awards, sizeof *k->bar_awards);
				k->bar_awards[k->n_bar_awards] = e ? td_strndup(p, (size_t)(e - p)) : sdup(p);
				assert_non_null(k->bar_awards[k->n_bar_awards]);
				k->n_bar_awards++;
				if (!e)
					break;
				p = e + 1;
			}
		}
	}
	for (i = 0; i < n_bodies; i++) {
		c->bodies = grow(c->bodies, c->n_bodies, sizeof *c->bodies);
		snprintf(buf, sizeof buf, "B%zu", i + 1);
		c->bodies[i].code = sdup(buf);
		c->bodies[i].name = sdup(body_names[i]);
		c->n_bodies++;
	}
	return c;
}

size_t tb_crit_index(const thidua_cluster *c, const char *code)
{
	size_t i;

	for (i = 0; i < c->n_criteria; i++)
		if (strcmp(c->criteria[i].code, code) == 0)
			return i;
	fail_msg("no criterion %s", code);
	return SIZE_MAX;
}

void tb_target(thidua_cluster *c, size_t unit, const char *code, int64_t value)
{
	td_target *g;

	c->targets_given = grow(c->targets_given, c->n_targets_given, sizeof *c->targets_given);
	g = &c->targets_given[c->n_targets_given++];
	g->unit = unit;
	g->crit = tb_crit_index(c, code);
	g->value = value;
}

void tb_band(thidua_cluster *c, const char *name, int64_t min_total, int64_t crit_pct,
             int64_t section_pct)
{
	td_band *b;

	c->bands = grow(c->bands, c->n_bands, sizeof *c->bands);
	b = &c->bands[c->n_bands++];
	b->name = sdup(name);
	b->has_min_total = min_total >= 0;
	b->min_total = min_total >= 0 ? min_total : 0;
	b->min_crit_pct = crit_pct;
	b->min_section_pct = section_pct;
}

void tb_award(thidua_cluster *c, const char *name, td_quota_kind kind, int quota,
              int64_t min_total, size_t min_band, int64_t min_crit_pct)
{
	td_award *a;

	c->awards = grow(c->awards, c->n_awards, sizeof *c->awards);
	a = &c->awards[c->n_awards++];
	a->name = sdup(name);
	a->quota_kind = kind;
	a->quota = quota;
	a->min_total = min_total;
	a->min_band = min_band;
	a->min_crit_pct = min_crit_pct;
}

td_sheet_scores *tb_sheet(td_scores_set *s, size_t unit, size_t scorer, size_t body)
{
	td_sheet_scores *sh;

	s->sheets = grow(s->sheets, s->n, sizeof *s->sheets);
	sh = &s->sheets[s->n++];
	sh->unit = unit;
	sh->scorer = scorer;
	sh->body = body;
	sh->file = sdup(body != SIZE_MAX ? "co-quan.ods" : scorer == SIZE_MAX ? "tu-cham.ods" : "cheo.ods");
	return sh;
}

void tb_entry(td_sheet_scores *sh, const thidua_cluster *c, const char *code, int64_t self,
              int64_t head)
{
	td_row_scores *r;

	sh->rows = grow(sh->rows, sh->n_rows, sizeof *sh->rows);
	r = &sh->rows[sh->n_rows++];
	r->crit = tb_crit_index(c, code);
	r->has_self = self != TB_NO;
	r->self = self == TB_NO ? 0 : self;
	r->has_cluster = head != TB_NO;
	r->cluster = head == TB_NO ? 0 : head;
	r->where_cluster = sdup("Bảng!G9");
	r->where_self = sdup("Bảng!E9");
}
