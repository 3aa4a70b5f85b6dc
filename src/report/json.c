/* json.c - the tally's results as JSON (docs/tally.md, "JSON"). */
#include "report/report.h"
#include "tally/tally_int.h"
#include "util/buf.h"
#include "util/error.h"

#include <inttypes.h>

/* "98.75": a decimal with a dot and as few decimals as needed. */
static void put_points(td_buf *b, int64_t h)
{
	td_buf_putc(b, '"');
	td_buf_put_hundredths(b, h, '.');
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

static const char *const source_name[] = { NULL, "self", "head", "body" };

/* "criteria": every row of a unit with results: its final points and, for
 * rows that take entries, who gave them. */
static void put_criteria(td_buf *b, const thidua_tally *t, const td_tunit *u)
{
	size_t k;

	if (!u->has_results) {
		td_buf_puts(b, ",\"criteria\":null");
		return;
	}
	td_buf_puts(b, ",\"criteria\":[");
	for (k = 0; k < t->n_crit; k++) {
		int entry = t->info[k].takes_entry;
		unsigned src = entry ? u->src[k] : 0;

		td_buf_puts(b, k ? ",{\"code\":" : "{\"code\":");
		td_buf_put_json(b, t->crit[k].code);
		put_field(b, "final", u->fin[k], 1);
		td_buf_puts(b, ",\"source\":");
		td_buf_put_json(b, src < 4 ? source_name[src] : NULL);
		td_buf_puts(b, ",\"scored_by\":");
		td_buf_put_json(b, entry ? td_tally_scored_by(t, u, k) : NULL);
		td_buf_putc(b, '}');
	}
	td_buf_putc(b, ']');
}

int td_report_json(char **out, const thidua_tally *t)
{
	td_buf b = TD_BUF_INIT;
	size_t i;

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
		td_buf_printf(&b, ",\"has_sheet\":%s,\"unscored\":%s,\"group\":",
		              r->has_sheet ? "true" : "false", r->unscored ? "true" : "false");
		td_buf_put_json(&b, r->group);
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
		td_buf_printf(&b, ",\"award_needs_vote\":%s,\"award_tie_vote\":%s,\"band\":",
		              u->award >= 0 && t->awards[u->award].needs_vote ? "true" : "false",
		              u->award >= 0 && u->award_vote ? "true" : "false");
		td_buf_put_json(&b, r->band);
		td_buf_puts(&b, ",\"barred_from\":");
		td_buf_put_json(&b, r->barred_from);
		td_buf_puts(&b, ",\"barred_by\":");
		td_buf_put_json(&b, u->bar_reason);
		put_criteria(&b, t, u);
		td_buf_putc(&b, '}');
	}
	td_buf_puts(&b, "]}");
	if (td_buf_oom(&b)) {
		td_buf_free(&b);
		return td_error_oom();
	}
	*out = td_buf_detach(&b);
	return *out ? 0 : td_error_oom();
}
