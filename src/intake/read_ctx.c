/* read_ctx.c - the context of reading returned sheets: the cluster's
 * keys, located problems in Vietnamese and English, the result set, and
 * small cell helpers shared by the readers of one sheet and one entry. */
#include "intake/intake_int.h"
#include "intake/intake.h"
#include "odf/sheet.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static const char *const header_label[H_N] = {
	TD_HEAD_TT, TD_HEAD_TEXT, TD_HEAD_MAX, TD_HEAD_HOW, TD_HEAD_SELF_IN, TD_HEAD_SELF,
	TD_HEAD_CLUSTER_IN, TD_HEAD_CLUSTER_CUM, TD_HEAD_CLUSTER_KHOI, TD_HEAD_NOTE, "STT"
};

/* "8,5" (sep ',') or "8.5" (sep '.'): as few decimals as needed. */
const char *fmt_h(char *buf, size_t size, int64_t h, char sep)
{
	uint64_t a = h < 0 ? (uint64_t)0 - (uint64_t)h : (uint64_t)h;
	unsigned frac = (unsigned)(a % 100);

	if (frac == 0)
		snprintf(buf, size, "%s%llu", h < 0 ? "-" : "", (unsigned long long)(a / 100));
	else if (frac % 10 == 0)
		snprintf(buf, size, "%s%llu%c%u", h < 0 ? "-" : "", (unsigned long long)(a / 100),
		         sep, frac / 10);
	else
		snprintf(buf, size, "%s%llu%c%02u", h < 0 ? "-" : "", (unsigned long long)(a / 100),
		         sep, frac);
	return buf;
}

const char *clip(rctx *r, const char *s, size_t max)
{
	char *b = r->clipped[r->n_clip++ % 4];
	size_t n = strlen(s);

	if (n <= max)
		return s;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--; /* s[n] continues a character: cut before it */
	memcpy(b, s, n);
	memcpy(b + n, "…", sizeof "…");
	return b;
}

void ctx_oom(rctx *r)
{
	td_error_oom();
	r->fatal = THIDUA_ENOMEM;
}

/* Add a problem; fmt_vi and fmt_en take the same arguments. */
void problem(rctx *r, thidua_severity sev, const char *code, const char *file,
                    const char *where, const char *fmt_vi, const char *fmt_en, ...)
{
	td_buf vi = TD_BUF_INIT, en = TD_BUF_INIT;
	va_list ap;

	if (r->fatal)
		return;
	va_start(ap, fmt_en);
	td_buf_vprintf(&vi, fmt_vi, ap);
	va_end(ap);
	va_start(ap, fmt_en);
	td_buf_vprintf(&en, fmt_en, ap);
	va_end(ap);
	if (td_buf_oom(&vi) || td_buf_oom(&en) ||
	    td_diag_add_msg(r->diags, sev, code, file, where, NULL, NULL, vi.ptr ? vi.ptr : "",
	                    en.ptr ? en.ptr : "") < 0)
		ctx_oom(r);
	td_buf_free(&vi);
	td_buf_free(&en);
}


/* "Sheet!D12" of the current sheet, owned; NULL (and r->fatal) when out of
 * memory. */
char *where_of(rctx *r, uint32_t row, uint32_t col)
{
	char a1[32], *w;
	size_t ns = r->sheet ? strlen(r->sheet) : 0, na;

	/* td_a1_where's text, made without printf (two a row of every sheet) */
	td_a1(a1, sizeof a1, row, col);
	na = strlen(a1);
	if (!(w = td_malloc(ns + na + 2))) {
		ctx_oom(r);
		return NULL;
	}
	if (ns)
		memcpy(w, r->sheet, ns);
	w[ns] = '!';
	memcpy(w + ns + 1, a1, na + 1);
	return w;
}

/* A match key, owned; NULL and r->fatal on out of memory; invalid text
 * gives an empty key. */
char *key_of(rctx *r, const char *s)
{
	char *k = NULL;
	int rc = td_text_match_key(&k, s ? s : "");

	if (rc == THIDUA_ENOMEM) {
		ctx_oom(r);
		return NULL;
	}
	if (rc < 0 || !k) {
		k = td_strdup("");
		if (!k)
			ctx_oom(r);
	}
	return k;
}

static int cmp_ukey(const void *a, const void *b)
{
	const ctx_ukey *x = a, *y = b;
	int d = strcmp(x->key, y->key);

	return d ? d : (x->i > y->i) - (x->i < y->i);
}

size_t ctx_unit_by_key(const rctx *r, const char *k)
{
	size_t lo = 0, hi = r->c->n_units, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(r->by_key[mid].key, k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->c->n_units && strcmp(r->by_key[lo].key, k) == 0 ? r->by_key[lo].i
	                                                               : SIZE_MAX;
}

int ctx_init(rctx *r, const thidua_cluster *c)
{
	size_t i;

	r->c = c;
	r->step = c->step > 0 ? c->step : 25;
	td_criteria_fingerprint(r->fp, c);
	if (c->n_units > 0) {
		char *s = td_identity_format(c, &c->units[0], NULL);
		td_identity id;
		int rc;

		if (!s)
			return THIDUA_ENOMEM;
		rc = td_identity_parse(&id, s);
		td_free(s);
		if (rc == THIDUA_ENOMEM)
			return rc;
		if (rc == 0) {
			r->cluster_key = id.cluster_key;
			id.cluster_key = NULL;
			td_identity_clear(&id);
		}
	}
	if (!r->cluster_key && !(r->cluster_key = key_of(r, c->name)))
		return THIDUA_ENOMEM;
	if (c->n_units && !(r->unit_keys = td_calloc(c->n_units, sizeof *r->unit_keys)))
		return THIDUA_ENOMEM;
	for (i = 0; i < c->n_units; i++)
		if (!(r->unit_keys[i] = key_of(r, c->units[i].code)))
			return THIDUA_ENOMEM;
	/* a province's sheets find their unit by binary search, and the
	 * criteria's texts are keyed once, not once per sheet */
	if (c->n_units && !(r->by_key = td_calloc(c->n_units, sizeof *r->by_key)))
		return THIDUA_ENOMEM;
	for (i = 0; i < c->n_units; i++) {
		r->by_key[i].key = r->unit_keys[i];
		r->by_key[i].i = i;
	}
	if (c->n_units)
		qsort(r->by_key, c->n_units, sizeof *r->by_key, cmp_ukey);
	if (c->n_criteria && (!(r->crit_keys = td_calloc(c->n_criteria, sizeof *r->crit_keys)) ||
	                      !(r->crit_note_keys = td_calloc(c->n_criteria, sizeof *r->crit_keys))))
		return THIDUA_ENOMEM;
	for (i = 0; i < c->n_criteria; i++) {
		const td_criterion *k = &c->criteria[i];
		td_buf t = TD_BUF_INIT;

		if (!(r->crit_keys[i] = key_of(r, k->text)))
			return THIDUA_ENOMEM;
		if (!k->note)
			continue;
		td_buf_printf(&t, "%s (%s)", k->text ? k->text : "", k->note);
		r->crit_note_keys[i] = td_buf_oom(&t) ? NULL : key_of(r, t.ptr);
		td_buf_free(&t);
		if (!r->crit_note_keys[i])
			return THIDUA_ENOMEM;
	}
	if (c->n_bodies && !(r->body_keys = td_calloc(c->n_bodies, sizeof *r->body_keys)))
		return THIDUA_ENOMEM;
	for (i = 0; i < c->n_bodies; i++)
		if (!(r->body_keys[i] = key_of(r, c->bodies[i].code)))
			return THIDUA_ENOMEM;
	for (i = 0; i < H_N; i++)
		if (!(r->header_key[i] = key_of(r, header_label[i])))
			return THIDUA_ENOMEM;
	if (c->n_criteria && !(r->info = td_calloc(c->n_criteria, sizeof *r->info)))
		return THIDUA_ENOMEM;
	r->codes_unique = 1;
	for (i = 0; i < c->n_criteria && r->codes_unique; i++) {
		size_t j;

		for (j = 0; j < i && r->codes_unique; j++)
			r->codes_unique = !c->criteria[i].code || !c->criteria[j].code ||
			                  strcmp(c->criteria[i].code, c->criteria[j].code) != 0;
	}
	td_crit_analyse(r->info, c); /* loaded criteria are always well-formed */
	return 0;
}

void ctx_clear(rctx *r)
{
	size_t i;

	td_free(r->cluster_key);
	for (i = 0; r->unit_keys && i < r->c->n_units; i++)
		td_free(r->unit_keys[i]);
	td_free(r->unit_keys);
	td_free(r->by_key);
	for (i = 0; r->crit_keys && i < r->c->n_criteria; i++)
		td_free(r->crit_keys[i]);
	for (i = 0; r->crit_note_keys && i < r->c->n_criteria; i++)
		td_free(r->crit_note_keys[i]);
	td_free(r->crit_keys);
	td_free(r->crit_note_keys);
	for (i = 0; r->body_keys && i < r->c->n_bodies; i++)
		td_free(r->body_keys[i]);
	td_free(r->body_keys);
	for (i = 0; i < H_N; i++)
		td_free(r->header_key[i]);
	td_free(r->info);
	td_free(r->seen);
}

void sheet_scores_clear(td_sheet_scores *s)
{
	size_t i;

	for (i = 0; i < s->n_rows; i++) {
		td_free(s->rows[i].note);
		td_free(s->rows[i].where_self);
		td_free(s->rows[i].where_cluster);
	}
	td_free(s->rows);
	td_free(s->file);
	td_free(s->sheet);
	td_free(s->where_total);
	td_identity_clear(&s->id);
	memset(s, 0, sizeof *s);
}

void td_scores_set_clear(td_scores_set *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->n; i++)
		sheet_scores_clear(&set->sheets[i]);
	td_free(set->sheets);
	set->sheets = NULL;
	set->n = 0;
}

const td_gcell *row_cell(const grow *g, uint32_t col)
{
	const td_gcell *c;

	for (c = g->b; c < g->e; c++)
		if (c->col == col)
			return c;
	return NULL;
}

/* The text of a cell as a person sees it ("" when none); numbers in their
 * lexical form. Borrowed. */
const char *cell_str(const td_gcell *c)
{
	if (!c)
		return "";
	if (c->text)
		return c->text;
	return c->value ? c->value : "";
}

/* A copy of s without surrounding white space (td_free), or NULL when out
 * of memory. */
char *trimmed(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return td_strndup(s, n);
}

int blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

const char *unit_name(const thidua_cluster *c, size_t u)
{
	return u < c->n_units && c->units[u].name ? c->units[u].name : "?";
}

const char *body_name(const thidua_cluster *c, size_t b)
{
	if (b >= c->n_bodies)
		return "?";
	return c->bodies[b].name ? c->bodies[b].name : c->bodies[b].code ? c->bodies[b].code : "?";
}

int push_sheet(rctx *r, td_sheet_scores *s)
{
	td_scores_set *out = r->out;

	if (out->n == r->cap_sheets) {
		size_t cap = r->cap_sheets ? r->cap_sheets * 2 : 8;
		td_sheet_scores *n = td_realloc(out->sheets, cap * sizeof *n);
		if (!n) {
			ctx_oom(r);
			return -1;
		}
		out->sheets = n;
		r->cap_sheets = cap;
	}
	out->sheets[out->n++] = *s;
	memset(s, 0, sizeof *s);
	return 0;
}

