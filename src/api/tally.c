/* tally.c - the public tally calls: thidua_tally_run (read the returned
 * sheets, strict unless allow_incomplete), the getters, thidua_tally_free,
 * and the outputs (src/report): thidua_tally_write, thidua_tally_to_json. */
#include "intake/intake.h"
#include "report/report.h"
#include "tally/tally_int.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <inttypes.h>
#include <string.h>

void thidua_tally_free(thidua_tally *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n_crit; i++) {
		td_free(t->crit[i].code);
		td_free(t->crit[i].text);
	}
	td_free(t->crit);
	td_free(t->info);
	for (i = 0; i < t->n_bodies; i++)
		td_free(t->bodies[i]);
	td_free(t->bodies);
	for (i = 0; i < t->n_units; i++) {
		td_tunit *u = &t->units[i];
		td_free(u->code);
		td_free(u->name);
		td_free(u->barred_text);
		td_free(u->bar_reason);
		td_free(u->in_self);
		td_free(u->in_head);
		td_free(u->in_body);
		td_free(u->has);
		td_free(u->src);
		td_free(u->target);
		td_free(u->self);
		td_free(u->clus);
		td_free(u->fin);
		td_free(u->has_clus);
		td_free(u->barred);
	}
	td_free(t->units);
	td_free(t->ranked);
	for (i = 0; t->groups && i < t->n_groups; i++) {
		td_free(t->groups[i].name);
		td_free(t->groups[i].key);
	}
	td_free(t->groups);
	for (i = 0; i < t->n_awards; i++) {
		td_free(t->awards[i].name);
		td_free(t->awards[i].key);
		td_free(t->awards[i].places);
		td_free(t->awards[i].given);
	}
	td_free(t->awards);
	for (i = 0; i < t->n_bands; i++)
		td_free(t->bands[i].name);
	td_free(t->bands);
	for (i = 0; t->tb_label && i < t->n_tb; i++)
		td_free(t->tb_label[i]);
	td_free(t->tb_label);
	td_free(t->tb_kind);
	td_free(t->tb_section);
	for (i = 0; i < t->n_recipients; i++)
		td_free(t->recipients[i]);
	td_free(t->recipients);
	td_free(t->name);
	td_free(t->parent_body);
	td_free(t->place);
	td_free(t->head_name);
	td_free(t->head_authority);
	td_free(t->head_title);
	td_free(t->head_signer);
	td_free(t);
}

int thidua_tally_provisional(const thidua_tally *t) { return t ? t->provisional : 0; }
size_t thidua_tally_count(const thidua_tally *t) { return t ? t->n_units : 0; }

const thidua_unit_result *thidua_tally_result(const thidua_tally *t, size_t i)
{
	if (!t || i >= t->n_units)
		return NULL;
	return &t->units[t->ranked[i]].r;
}

size_t thidua_tally_band_count(const thidua_tally *t) { return t ? t->n_bands : 0; }

const char *thidua_tally_band(const thidua_tally *t, size_t i)
{
	return t && i < t->n_bands ? t->bands[i].name : NULL;
}

size_t thidua_tally_criterion_count(const thidua_tally *t) { return t ? t->n_crit : 0; }

int thidua_tally_criterion(thidua_criterion_result *out, const thidua_tally *t, size_t i,
                           size_t k)
{
	const td_tunit *u;

	if (!out || !t || i >= t->n_units || k >= t->n_crit)
		return td_error(THIDUA_EINVAL, "Tham số không hợp lệ.", "Invalid argument.");
	u = &t->units[t->ranked[i]];
	memset(out, 0, sizeof *out);
	out->code = t->crit[k].code;
	out->text = t->crit[k].text;
	out->has_score = u->has_results;
	if (!u->has_results)
		return 0;
	out->self = u->self[k];
	out->has_cluster = u->has_clus[k];
	out->cluster = u->clus[k];
	out->final = u->fin[k];
	out->source = t->info[k].takes_entry ? (thidua_scored_by)u->src[k] : THIDUA_SCORED_NONE;
	out->scored_by = t->info[k].takes_entry ? td_tally_scored_by(t, u, k) : NULL;
	return 0;
}

int thidua_tally_run(thidua_tally **out, const thidua_cluster *cluster,
                     const char *const *inputs, size_t n_inputs,
                     const thidua_tally_options *opts, thidua_diags *diags)
{
	td_scores_set set = { NULL, 0 };
	thidua_diags *own = NULL;
	thidua_tally *t = NULL;
	size_t before, errors;
	int rc;

	if (out)
		*out = NULL;
	if (!out || !cluster || (n_inputs && !inputs) ||
	    (opts && (opts->version < 1 || opts->version > THIDUA_TALLY_OPTIONS_VERSION)))
		return td_error(THIDUA_EINVAL, "Tham số không hợp lệ.", "Invalid argument.");
	/* errors must be counted even when the caller wants no list */
	if (!diags && !(diags = own = thidua_diags_new()))
		return td_error_oom();
	before = thidua_diags_error_count(diags);
	if (opts && opts->version >= 2)
		rc = td_scores_read_progress(&set, cluster, inputs, n_inputs, opts->progress,
		                             opts->progress_data, diags);
	else
		rc = td_scores_read(&set, cluster, inputs, n_inputs, diags);
	if (rc < 0)
		goto cleanup;
	rc = td_tally_compute(&t, cluster, &set, diags);
	if (rc < 0)
		goto cleanup;
	errors = thidua_diags_error_count(diags) - before;
	if (errors && !(opts && opts->allow_incomplete)) {
		rc = td_error(THIDUA_EDATA,
		              "Các bảng chấm điểm có %zu lỗi (xem danh sách vấn đề): chưa tính kết quả. Sửa các lỗi, hoặc tính tạm với kết quả đánh dấu TẠM TÍNH.",
		              "The scoring sheets have %zu errors (see the list of problems): no results. Fix them, or compute provisional results marked as such.",
		              errors);
		goto cleanup;
	}
	t->provisional = errors > 0;
	*out = t;
	t = NULL;
cleanup:
	thidua_tally_free(t);
	td_scores_set_clear(&set);
	thidua_diags_free(own);
	return rc;
}

int thidua_tally_to_json(char **out, const thidua_tally *t)
{
	if (out)
		*out = NULL;
	if (!out || !t)
		return td_error(THIDUA_EINVAL, "Tham số không hợp lệ.", "Invalid argument.");
	return td_report_json(out, t);
}

int thidua_tally_write(thidua_paths *out, const thidua_tally *t, const char *out_dir,
                       const thidua_fill_options *opts, const thidua_diags *diags)
{
	return td_report_write(out, t, out_dir, opts, diags);
}
