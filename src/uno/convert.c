/* convert.c - UNO values from the library's results: the summary message,
 * ThiduaException with its problems, TallyResult. */
#include "uno/convert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const thidua_diag *first_error(const thidua_diags *diags)
{
	size_t i, n = diags ? thidua_diags_count(diags) : 0;
	const thidua_diag *d;

	for (i = 0; i < n; i++) {
		d = thidua_diags_get(diags, i);
		if (d && d->severity == THIDUA_SEV_ERROR)
			return d;
	}
	return NULL;
}

/* What failed, when the library left no error of its own. */
static void generic(int rc, size_t errors, char *vi, char *en, size_t size)
{
	if (errors > 0) {
		snprintf(vi, size, "Có %zu lỗi trong dữ liệu hoặc mẫu.", errors);
		snprintf(en, size, "%zu error%s in the data or the template.", errors,
		         errors == 1 ? "" : "s");
	} else if (rc == THIDUA_EEXISTS) {
		snprintf(vi, size, "Tệp kết quả đã có.");
		snprintf(en, size, "The output file exists.");
	} else if (rc == THIDUA_EIO) {
		snprintf(vi, size, "Không đọc hoặc ghi được tệp.");
		snprintf(en, size, "A file cannot be read or written.");
	} else {
		snprintf(vi, size, "Thao tác không thành công (mã %d).", rc);
		snprintf(en, size, "The operation failed (code %d).", rc);
	}
}

char *tu_summary(int rc, const thidua_diags *diags)
{
	const thidua_error *e = thidua_error_last();
	const thidua_diag *d = first_error(diags);
	size_t errors = diags ? thidua_diags_error_count(diags) : 0;
	char gvi[128], gen[128];
	const char *vi = gvi, *en = gen, *where, *sep;
	char *out;
	size_t n;

	if (e && e->message_vi && e->message_en) {
		vi = e->message_vi;
		en = e->message_en;
	} else {
		generic(rc, errors, gvi, gen, sizeof gvi);
	}
	where = d && d->where ? d->where : "";
	sep = d && d->where ? ": " : "";
	n = strlen(vi) + strlen(en) + 8;
	if (d)
		n += 2 * strlen(where) + strlen(d->message_vi) + strlen(d->message_en) + 16;
	out = malloc(n);
	if (!out)
		return NULL;
	if (d)
		snprintf(out, n, "%s / %s\n%s%s%s / %s%s%s", vi, en, where, sep, d->message_vi,
		         where, sep, d->message_en);
	else
		snprintf(out, n, "%s / %s", vi, en);
	return out;
}

/* Replace the sequence at *field with new (non-NULL). */
static void put_seq(void *field, enum uu_type t, uno_Sequence *seq)
{
	uno_type_destructData(field, uu_ref(t), NULL);
	*(uno_Sequence **)field = seq;
}

static int fill_problem(void *p, const thidua_diag *d)
{
	if (uu_set_str(uu_field(p, UU_PROBLEM, "severity"),
	               d->severity == THIDUA_SEV_ERROR ? "error" : "warning") < 0 ||
	    uu_set_str(uu_field(p, UU_PROBLEM, "code"), d->code) < 0 ||
	    uu_set_str(uu_field(p, UU_PROBLEM, "file"), d->file) < 0 ||
	    uu_set_str(uu_field(p, UU_PROBLEM, "where"), d->where) < 0 ||
	    uu_set_str(uu_field(p, UU_PROBLEM, "tag"), d->tag) < 0 ||
	    uu_set_str(uu_field(p, UU_PROBLEM, "snippet"), d->snippet) < 0 ||
	    uu_set_str(uu_field(p, UU_PROBLEM, "messageVi"), d->message_vi) < 0 ||
	    uu_set_str(uu_field(p, UU_PROBLEM, "messageEn"), d->message_en) < 0)
		return -1;
	return 0;
}

void *tu_exception(int rc, const char *msg, const thidua_diags *diags)
{
	typelib_TypeDescription *ptd = uu_td(UU_PROBLEM);
	void *exc = uu_struct_new(UU_THIDUAEXCEPTION);
	size_t i, n = diags ? thidua_diags_count(diags) : 0;
	uno_Sequence *problems;
	char *summary = NULL;

	if (!exc || !ptd)
		goto fail;
	summary = msg ? NULL : tu_summary(rc, diags);
	if (!msg && !summary)
		goto fail;
	if (uu_set_str(uu_field(exc, UU_THIDUAEXCEPTION, "Message"), msg ? msg : summary) < 0)
		goto fail;
	*(sal_Int32 *)uu_field(exc, UU_THIDUAEXCEPTION, "errorCode") = rc;
	problems = uu_seq_new(UU_SEQ_PROBLEM, n);
	if (!problems)
		goto fail;
	put_seq(uu_field(exc, UU_THIDUAEXCEPTION, "problems"), UU_SEQ_PROBLEM, problems);
	for (i = 0; i < n; i++)
		if (fill_problem(problems->elements + i * (size_t)ptd->nSize,
		                 thidua_diags_get(diags, i)) < 0)
			goto fail;
	free(summary);
	return exc;
fail:
	free(summary);
	uu_struct_free(exc, UU_THIDUAEXCEPTION);
	return NULL;
}

int tu_raise(uno_Any *slot, int rc, const char *msg, const thidua_diags *diags)
{
	return uu_throw(slot, UU_THIDUAEXCEPTION, tu_exception(rc, msg, diags));
}

void *tu_failure(void *exc)
{
	void *f = uu_struct_new(UU_FAILURE);
	rtl_uString **msg, **src;
	uno_Sequence **probs, **from;

	if (!f || !exc) {
		uu_struct_free(f, UU_FAILURE);
		return NULL;
	}
	*(sal_Int32 *)uu_field(f, UU_FAILURE, "errorCode") =
		*(sal_Int32 *)uu_field(exc, UU_THIDUAEXCEPTION, "errorCode");
	msg = uu_field(f, UU_FAILURE, "message");
	src = uu_field(exc, UU_THIDUAEXCEPTION, "Message");
	rtl_uString_assign(msg, *src);
	probs = uu_field(f, UU_FAILURE, "problems");
	from = uu_field(exc, UU_THIDUAEXCEPTION, "problems");
	uno_type_sequence_assign(probs, *from, uu_ref(UU_SEQ_PROBLEM), NULL);
	return f;
}

static int fill_unit(void *u, const thidua_unit_result *r)
{
	if (uu_set_str(uu_field(u, UU_UNITRESULT, "code"), r->code) < 0 ||
	    uu_set_str(uu_field(u, UU_UNITRESULT, "name"), r->name) < 0 ||
	    uu_set_str(uu_field(u, UU_UNITRESULT, "award"), r->award) < 0 ||
	    uu_set_str(uu_field(u, UU_UNITRESULT, "group"), r->group) < 0 ||
	    uu_set_str(uu_field(u, UU_UNITRESULT, "band"), r->band) < 0 ||
	    uu_set_str(uu_field(u, UU_UNITRESULT, "barredFrom"), r->barred_from) < 0)
		return -1;
	*(sal_Bool *)uu_field(u, UU_UNITRESULT, "unscored") = r->unscored != 0;
	*(sal_Bool *)uu_field(u, UU_UNITRESULT, "hasSheet") = r->has_sheet != 0;
	*(sal_Int64 *)uu_field(u, UU_UNITRESULT, "base") = r->base;
	*(sal_Int64 *)uu_field(u, UU_UNITRESULT, "bonus") = r->bonus;
	*(sal_Int64 *)uu_field(u, UU_UNITRESULT, "deduction") = r->deduction;
	*(sal_Int64 *)uu_field(u, UU_UNITRESULT, "selfTotal") = r->self_total;
	*(sal_Int64 *)uu_field(u, UU_UNITRESULT, "clusterTotal") = r->cluster_total;
	*(sal_Int64 *)uu_field(u, UU_UNITRESULT, "finalTotal") = r->final_total;
	*(sal_Int32 *)uu_field(u, UU_UNITRESULT, "rank") = r->rank;
	*(sal_Bool *)uu_field(u, UU_UNITRESULT, "tieByVote") = r->tie_by_vote != 0;
	*(sal_Bool *)uu_field(u, UU_UNITRESULT, "disqualified") = r->disqualified != 0;
	return 0;
}

/* The groups and the bands of TallyResult: each group once, in the order
 * of the units; the bands best first (thidua_tally_result does not list
 * bands no unit got, so they come from the tally's classification). */
static int tu_tally_names(void *res, const thidua_tally *t)
{
	size_t i, j, n = thidua_tally_count(t), ng = 0, nb = 0;
	const char **g = calloc(n ? n : 1, sizeof *g), **b = NULL;
	uno_Sequence *seq;
	int rc = -1;

	if (!g)
		return -1;
	for (i = 0; i < n; i++) {
		const char *x = thidua_tally_result(t, i)->group;

		for (j = 0; x && j < ng && strcmp(g[j], x) != 0; j++)
			;
		if (x && j == ng)
			g[ng++] = x;
	}
	if (!(seq = uu_seq_strings(g, ng)))
		goto cleanup;
	put_seq(uu_field(res, UU_TALLYRESULT, "groups"), UU_SEQ_STRING, seq);
	nb = thidua_tally_band_count(t);
	if (!(b = calloc(nb ? nb : 1, sizeof *b)))
		goto cleanup;
	for (i = 0; i < nb; i++)
		b[i] = thidua_tally_band(t, i);
	if (!(seq = uu_seq_strings(b, nb)))
		goto cleanup;
	put_seq(uu_field(res, UU_TALLYRESULT, "bands"), UU_SEQ_STRING, seq);
	rc = 0;
cleanup:
	free(g);
	free(b);
	return rc;
}

void *tu_tally_result(const tu_tally_job *job)
{
	typelib_TypeDescription *utd = uu_td(UU_UNITRESULT);
	void *res = uu_struct_new(UU_TALLYRESULT);
	size_t i, n = thidua_tally_count(job->tally);
	uno_Sequence *seq;
	const thidua_unit_result *r;

	if (!res || !utd)
		goto fail;
	*(sal_Bool *)uu_field(res, UU_TALLYRESULT, "provisional") =
		thidua_tally_provisional(job->tally) != 0;
	seq = uu_seq_strings((const char *const *)job->outputs.paths, job->outputs.count);
	if (!seq)
		goto fail;
	put_seq(uu_field(res, UU_TALLYRESULT, "outputs"), UU_SEQ_STRING, seq);
	if (tu_tally_names(res, job->tally) < 0)
		goto fail;
	seq = uu_seq_new(UU_SEQ_UNITRESULT, n);
	if (!seq)
		goto fail;
	put_seq(uu_field(res, UU_TALLYRESULT, "units"), UU_SEQ_UNITRESULT, seq);
	for (i = 0; i < n; i++) {
		r = thidua_tally_result(job->tally, i);
		if (r && fill_unit(seq->elements + i * (size_t)utd->nSize, r) < 0)
			goto fail;
	}
	return res;
fail:
	uu_struct_free(res, UU_TALLYRESULT);
	return NULL;
}
