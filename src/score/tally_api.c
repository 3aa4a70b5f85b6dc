/* tally_api.c - the public tally calls: thidua_tally_run (read the returned
 * sheets, strict unless allow_incomplete), the getters, thidua_tally_free
 * and thidua_tally_to_json. */
#include "score/tally_int.h"
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
	for (i = 0; i < t->n_units; i++) {
		td_tunit *u = &t->units[i];
		td_free(u->code);
		td_free(u->name);
		td_free(u->self);
		td_free(u->clus);
		td_free(u->fin);
		td_free(u->has_clus);
	}
	td_free(t->units);
	td_free(t->ranked);
	for (i = 0; i < t->n_awards; i++)
		td_free(t->awards[i].name);
	td_free(t->awards);
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
	    (opts && opts->version != THIDUA_TALLY_OPTIONS_VERSION))
		return td_error(THIDUA_EINVAL, "Tham số không hợp lệ.", "Invalid argument.");
	/* errors must be counted even when the caller wants no list */
	if (!diags && !(diags = own = thidua_diags_new()))
		return td_error_oom();
	before = thidua_diags_error_count(diags);
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

/* ---- JSON ------------------------------------------------------------------ */

/* "98.75": a decimal with a dot and as few decimals as needed. */
static void put_points(td_buf *b, int64_t h)
{
	uint64_t a = h < 0 ? (uint64_t)(-(h + 1)) + 1 : (uint64_t)h;

	td_buf_printf(b, "\"%s%" PRIu64, h < 0 ? "-" : "", a / 100);
	if (a % 100 % 10)
		td_buf_printf(b, ".%02" PRIu64, a % 100);
	else if (a % 100)
		td_buf_printf(b, ".%" PRIu64, a % 100 / 10);
	td_buf_putc(b, '"');
}

/* "name": "98.75", "name_hundredths": 9875 */
static void put_field(td_buf *b, const char *name, int64_t h, int present)
{
	if (!present) {
		td_buf_printf(b, ",\"%s\":null,\"%s_hundredths\":null", name, name);
		return;
	}
	td_buf_printf(b, ",\"%s\":", name);
	put_points(b, h);
	td_buf_printf(b, ",\"%s_hundredths\":%" PRId64, name, h);
}

int thidua_tally_to_json(char **out, const thidua_tally *t)
{
	td_buf b = TD_BUF_INIT;
	size_t i;

	if (out)
		*out = NULL;
	if (!out || !t)
		return td_error(THIDUA_EINVAL, "Tham số không hợp lệ.", "Invalid argument.");
	td_buf_printf(&b, "{\"provisional\":%s,\"cluster\":", t->provisional ? "true" : "false");
	td_buf_put_json(&b, t->name);
	td_buf_printf(&b, ",\"year\":%d,\"cross_scoring\":%s,\"units\":[", t->year,
	              t->cross ? "true" : "false");
	for (i = 0; i < t->n_units; i++) {
		const td_tunit *u = &t->units[t->ranked[i]];
		const thidua_unit_result *r = &u->r;

		td_buf_puts(&b, i ? ",{\"code\":" : "{\"code\":");
		td_buf_put_json(&b, r->code);
		td_buf_puts(&b, ",\"name\":");
		td_buf_put_json(&b, r->name);
		td_buf_printf(&b, ",\"has_sheet\":%s", r->has_sheet ? "true" : "false");
		put_field(&b, "base", r->base, r->has_sheet);
		put_field(&b, "bonus", r->bonus, r->has_sheet);
		put_field(&b, "deduction", r->deduction, r->has_sheet);
		put_field(&b, "self_total", r->self_total, r->has_sheet);
		put_field(&b, "cluster_total", r->cluster_total, r->has_sheet && u->has_cluster);
		put_field(&b, "final_total", r->final_total, r->has_sheet);
		if (r->rank > 0)
			td_buf_printf(&b, ",\"rank\":%d", r->rank);
		else
			td_buf_puts(&b, ",\"rank\":null");
		td_buf_printf(&b, ",\"tie_by_vote\":%s,\"disqualified\":%s,\"award\":",
		              r->tie_by_vote ? "true" : "false", r->disqualified ? "true" : "false");
		td_buf_put_json(&b, r->award);
		td_buf_printf(&b, ",\"award_needs_vote\":%s,\"award_tie_vote\":%s}",
		              u->award >= 0 && t->awards[u->award].needs_vote ? "true" : "false",
		              u->award >= 0 && u->award_vote ? "true" : "false");
	}
	td_buf_puts(&b, "]}");
	if (td_buf_oom(&b)) {
		td_buf_free(&b);
		return td_error_oom();
	}
	*out = td_buf_detach(&b);
	return *out ? 0 : td_error_oom();
}
