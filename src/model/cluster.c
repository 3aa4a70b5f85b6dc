/* cluster.c - the cluster model's life cycle, public getters and labels. */
#include "model/cluster.h"
#include "model/model_int.h"
#include "util/alloc.h"
#include "util/error.h"

#include <string.h>

thidua_cluster *td_cluster_new(const char *source)
{
	thidua_cluster *c = td_calloc(1, sizeof *c);
	size_t i;

	if (!c) {
		td_error_oom();
		return NULL;
	}
	if (source && !(c->source = td_strdup(source))) {
		td_free(c);
		td_error_oom();
		return NULL;
	}
	for (i = 0; i < TD_CF_N; i++)
		c->crit_col[i] = -1;
	for (i = 0; i < TD_UF_N; i++)
		c->unit_col[i] = -1;
	for (i = 0; i < TD_AF_N; i++)
		c->award_col[i] = -1;
	for (i = 0; i < TD_BF_N; i++)
		c->band_col[i] = -1;
	return c;
}

static void free_texts(td_text_item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		td_free(items[i].text);
		td_free(items[i].where);
	}
	td_free(items);
}

void thidua_cluster_free(thidua_cluster *c)
{
	size_t i, j;

	if (!c)
		return;
	for (i = 0; i < c->n_units; i++) {
		td_unit *u = &c->units[i];
		td_free(u->code);
		td_free(u->name);
		td_free(u->authority);
		td_free(u->title);
		td_free(u->signer);
		td_free(u->group);
		td_free(u->where);
	}
	td_free(c->units);
	for (i = 0; i < c->n_criteria; i++) {
		td_criterion *k = &c->criteria[i];
		td_free(k->code);
		td_free(k->label);
		td_free(k->text);
		td_free(k->note);
		td_free(k->measure);
		for (j = 0; j < k->n_bar_awards; j++)
			td_free(k->bar_awards[j]);
		td_free(k->bar_awards);
		td_free(k->bar_award_index);
		td_free(k->where);
	}
	td_free(c->criteria);
	for (i = 0; i < c->n_awards; i++) {
		td_free(c->awards[i].name);
		td_free(c->awards[i].min_band_name);
		td_free(c->awards[i].where);
	}
	td_free(c->awards);
	for (i = 0; i < c->n_bodies; i++) {
		td_free(c->bodies[i].code);
		td_free(c->bodies[i].name);
		td_free(c->bodies[i].where);
	}
	td_free(c->bodies);
	for (i = 0; i < c->n_targets_given; i++)
		td_free(c->targets_given[i].where);
	td_free(c->targets_given);
	for (i = 0; i < c->n_bands; i++) {
		td_free(c->bands[i].name);
		td_free(c->bands[i].where);
	}
	td_free(c->bands);
	for (i = 0; i < c->n_tiebreaks; i++) {
		td_free(c->tiebreaks[i].section);
		td_free(c->tiebreaks[i].where);
	}
	td_free(c->tiebreaks);
	for (i = 0; i < c->n_sections; i++) {
		td_free(c->sections[i].title);
		td_free(c->sections[i].where);
		free_texts(c->sections[i].items, c->sections[i].n_items);
	}
	td_free(c->sections);
	td_free(c->witness.name);
	td_free(c->witness.authority);
	td_free(c->witness.title);
	td_free(c->witness.signer);
	td_free(c->witness.where);
	free_texts(c->recipients, c->n_recipients);
	free_texts(c->bases, c->n_bases);
	td_free(c->source);
	td_free(c->where);
	td_free(c->name);
	td_free(c->parent_body);
	td_free(c->place);
	td_free(c->number);
	td_free(c->theme);
	td_free(c->slogan);
	td_free(c);
}


const char *td_kind_label(td_cluster_kind kind)
{
	return kind == TD_KIND_KHOI ? "Khối" : "Cụm";
}

const char *td_crit_kind_label(td_crit_kind kind)
{
	switch (kind) {
	case TD_CRIT_SECTION: return "Phần";
	case TD_CRIT_ITEM: return "Tiêu chí";
	case TD_CRIT_BONUS: return "Cộng";
	case TD_CRIT_DEDUCTION: return "Trừ";
	default: return "Điều kiện";
	}
}

const char *td_method_label(td_method method)
{
	switch (method) {
	case TD_METHOD_PASS: return "Định tính";
	case TD_METHOD_COUNT: return "Chấm thẳng";
	case TD_METHOD_TARGET: return "Định lượng";
	case TD_METHOD_LEADER: return "Dẫn đầu cụm";
	default: return "Chấm trực tiếp";
	}
}

const char *td_role_label(td_role role, td_cluster_kind kind)
{
	switch (role) {
	case TD_ROLE_HEAD: return kind == TD_KIND_KHOI ? "Khối trưởng" : "Cụm trưởng";
	case TD_ROLE_DEPUTY: return kind == TD_KIND_KHOI ? "Khối phó" : "Cụm phó";
	default: return "Thành viên";
	}
}

void td_cluster_sort_units(thidua_cluster *c)
{
	size_t i, j;

	/* insertion sort: stable, and n is at most TD_MAX_UNITS */
	for (i = 1; i < c->n_units; i++) {
		td_unit u = c->units[i];
		for (j = i; j > 0 && c->units[j - 1].order > u.order; j--)
			c->units[j] = c->units[j - 1];
		c->units[j] = u;
	}
}
