/* read_files.c - td_scores_read: the returned files and folders walked
 * (.ods, .fods, .xlsx; files of other kinds reported), each file read
 * into a cell grid by its format (found by its first bytes), its sheets
 * with an identity read (read_sheet.c), and, at the end, the units and
 * scoring bodies whose sheets did not come. */
#include "intake/intake_int.h"
#include "intake/intake.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/error.h"
#include "util/compat.h"
#include "util/parallel.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#define ID_MARK "thidua:"     /* any identity version starts with this */
#define MAX_DIR_FILES 100000u /* files looked at in one folder */
/* Files read together on the cores, then merged in order (their progress
 * steps are taken when they are queued). */
#define BATCH 128u

/* A file of the batch and what reading it gave. */
typedef struct fslot {
	char *path;              /* owned */
	int in_folder;
	thidua_diags *diags;     /* owned: its problems, in order */
	td_scores_set set;       /* its sheets whose identity passed */
	sheet_mark *marks;       /* owned */
	size_t n_marks;
	int fatal;
} fslot;

/* ---- one file ------------------------------------------------------------ */

static const td_gcell *identity_cell(const td_gsheet *sh)
{
	size_t i;
	const td_gcell *first = NULL;

	for (i = 0; i < sh->n; i++) {
		const td_gcell *c = &sh->cells[i];

		if (c->type != TD_G_STRING || !c->text ||
		    strncmp(c->text, ID_MARK, strlen(ID_MARK)) != 0)
			continue;
		if (c->row == TD_ROW_ID && c->col == TD_COL_CODE)
			return c;
		if (!first)
			first = c;
	}
	return first;
}

static void unreadable(rctx *r, int rc)
{
	const thidua_error *e = thidua_error_last();
	char vi[512], en[512];

	if (rc == THIDUA_ENOMEM) {
		r->fatal = THIDUA_ENOMEM;
		return;
	}
	snprintf(vi, sizeof vi, "%s", e && e->message_vi ? e->message_vi : "?");
	snprintf(en, sizeof en, "%s", e && e->message_en ? e->message_en : "?");
	err(r, "score.unreadable", NULL, "Không đọc được tệp: %s%.0s", "Cannot read the file: %.0s%s",
	    vi, en);
}

/* Read one file. in_folder: it was found in a folder rather than named;
 * a spreadsheet there with no identity at all (the summary of an earlier
 * tally, a list of the cluster's own) is passed over with a warning, not
 * refused. */
static void read_one(rctx *r, const char *path, int in_folder)
{
	struct zip *za = NULL;
	td_grid g = TD_GRID_INIT;
	td_file_kind kind;
	size_t i, found = 0;
	int rc;

	r->file = path;
	rc = td_file_sniff_zip(&kind, path, &za);
	if (rc) {
		unreadable(r, rc);
		goto cleanup;
	}
	switch (kind) {
	case TD_FILE_ZIP_OOXML:
	case TD_FILE_OLE:
		rc = td_grid_read_xlsx(&g, path);
		break;
	case TD_FILE_ZIP_ODF:
	case TD_FILE_XML:
		rc = za ? td_grid_read_ods_zip(&g, path, za) : td_grid_read_ods(&g, path);
		za = NULL;
		break;
	case TD_FILE_EMPTY:
		rc = td_error(THIDUA_EFORMAT, "Tệp %s rỗng.", "%s is empty.", path);
		break;
	default:
		rc = td_error(THIDUA_EFORMAT,
		              "Tệp %s không phải bảng tính .ods hay .xlsx.",
		              "%s is neither an .ods nor an .xlsx spreadsheet.", path);
		break;
	}
	if (rc) {
		unreadable(r, rc);
		goto cleanup;
	}
	for (i = 0; i < g.n && !r->fatal; i++) {
		const td_gcell *idc = identity_cell(&g.sheets[i]);

		if (!idc)
			continue;
		found++;
		read_sheet(r, &g.sheets[i], idc);
	}
	if (!found && !r->fatal) {
		char *w = NULL;

		if (g.n > 0) {
			r->sheet = g.sheets[0].name;
			if (!(w = where_of(r, TD_ROW_ID, TD_COL_CODE)))
				goto cleanup;
		}
		if (in_folder)
			warn(r, "score.no-identity", w,
			     "Tệp này không phải bảng chấm điểm do thidua phát (không có ô nhận dạng) nên không được đọc.",
			     "This file is not a scoring sheet issued by thidua (it has no identity cell), so it is not read.");
		else
			err(r, "score.no-identity", w,
			    "Tệp này không phải bảng chấm điểm do thidua phát (không có ô nhận dạng): hãy dùng bảng đã được phát cho đơn vị.",
			    "This file is not a scoring sheet issued by thidua (it has no identity cell): use the sheet issued to the unit.");
		td_free(w);
	}
cleanup:
	r->file = NULL;
	r->sheet = NULL;
	if (za)
		zip_discard(za);
	td_grid_clear(&g);
}

/* ---- files read on every core, merged in order --------------------------- */

int sheet_mark_begin(rctx *r, const td_sheet_scores *s, const char *where)
{
	sheet_mark *m;

	if (r->n_marks == r->cap_marks) {
		size_t cap = r->cap_marks ? r->cap_marks * 2 : 4;
		sheet_mark *n = td_realloc(r->marks, cap * sizeof *n);
		if (!n) {
			ctx_oom(r);
			return -1;
		}
		r->marks = n;
		r->cap_marks = cap;
	}
	m = &r->marks[r->n_marks];
	memset(m, 0, sizeof *m);
	m->sheet = SIZE_MAX;
	m->unit = s->unit;
	m->scorer = s->scorer;
	m->body = s->body;
	m->diag_mark = m->diag_end = thidua_diags_count(r->diags);
	if (!(m->where = td_strdup(where ? where : "")) ||
	    !(m->sheet_name = td_strdup(r->sheet ? r->sheet : ""))) {
		td_free(m->where);
		ctx_oom(r);
		return -1;
	}
	r->n_marks++;
	return 0;
}

void sheet_mark_end(rctx *r, size_t kept)
{
	sheet_mark *m = &r->marks[r->n_marks - 1];

	m->diag_end = thidua_diags_count(r->diags);
	m->sheet = kept;
}

static void marks_free(sheet_mark *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		td_free(m[i].where);
		td_free(m[i].sheet_name);
	}
	td_free(m);
}

static void slot_clear(fslot *s)
{
	td_free(s->path);
	thidua_diags_free(s->diags);
	td_scores_set_clear(&s->set);
	marks_free(s->marks, s->n_marks);
	memset(s, 0, sizeof *s);
}

/* Read file i of the batch with a context of its own: the cluster's keys
 * shared (read only), its problems and sheets into its slot. */
static int read_task(void *ctx, size_t i, unsigned worker)
{
	const rctx *base = ctx;
	fslot *s = &base->batch[i];
	rctx r;

	(void)worker;
	if (!(s->diags = thidua_diags_new())) {
		s->fatal = THIDUA_ENOMEM;
		return td_error_oom();
	}
	r = *base;
	r.diags = s->diags;
	r.out = &s->set;
	r.cap_sheets = 0;
	r.fatal = 0;
	r.n_clip = 0;
	r.file = r.sheet = NULL;
	r.progress = NULL;
	r.seen = NULL;
	r.n_seen = r.cap_seen = 0;
	r.batch = NULL;
	r.n_batch = 0;
	r.dup_tab = NULL;
	r.dup_cap = 0;
	r.marks = NULL;
	r.n_marks = r.cap_marks = 0;
	read_one(&r, s->path, s->in_folder);
	s->marks = r.marks;
	s->n_marks = r.n_marks;
	s->fatal = r.fatal;
	return r.fatal ? td_error_oom() : 0;
}

/* Where the sheets kept are found by who they score: (unit, scorer, body). */
static size_t dup_hash(size_t unit, size_t scorer, size_t body)
{
	uint64_t h = 1469598103934665603ull;

	h = (h ^ (uint64_t)unit) * 1099511628211ull;
	h = (h ^ (uint64_t)scorer) * 1099511628211ull;
	h = (h ^ (uint64_t)body) * 1099511628211ull;
	return (size_t)(h ^ (h >> 29));
}

/* The kept sheet scoring the same as m, or NULL. */
static const td_sheet_scores *dup_find(const rctx *r, const sheet_mark *m)
{
	size_t i;

	if (!r->dup_cap)
		return NULL;
	for (i = dup_hash(m->unit, m->scorer, m->body) & (r->dup_cap - 1); r->dup_tab[i];
	     i = (i + 1) & (r->dup_cap - 1)) {
		const td_sheet_scores *o = &r->out->sheets[r->dup_tab[i] - 1];

		if (o->unit == m->unit && o->scorer == m->scorer && o->body == m->body)
			return o;
	}
	return NULL;
}

/* Record out->sheets[k] in the table; -1 when out of memory. */
static int dup_add(rctx *r, size_t k)
{
	size_t i, j;

	if ((r->out->n) * 2 > r->dup_cap) {
		size_t cap = r->dup_cap ? r->dup_cap * 2 : 64, *t;

		while (r->out->n * 2 > cap)
			cap *= 2;
		if (!(t = td_calloc(cap, sizeof *t))) {
			ctx_oom(r);
			return -1;
		}
		for (j = 0; j < r->dup_cap; j++) {
			const td_sheet_scores *o;

			if (!r->dup_tab[j])
				continue;
			o = &r->out->sheets[r->dup_tab[j] - 1];
			for (i = dup_hash(o->unit, o->scorer, o->body) & (cap - 1); t[i];
			     i = (i + 1) & (cap - 1))
				;
			t[i] = r->dup_tab[j];
		}
		td_free(r->dup_tab);
		r->dup_tab = t;
		r->dup_cap = cap;
	}
	{
		const td_sheet_scores *o = &r->out->sheets[k];

		for (i = dup_hash(o->unit, o->scorer, o->body) & (r->dup_cap - 1); r->dup_tab[i];
		     i = (i + 1) & (r->dup_cap - 1))
			;
		r->dup_tab[i] = k + 1;
	}
	return 0;
}

/* A second sheet scoring what o scores: only the first is read. */
static void dup_error(rctx *r, const td_sheet_scores *o, const sheet_mark *m)
{
	const thidua_cluster *c = r->c;

	if (m->body != SIZE_MAX)
		err(r, "score.duplicate-unit", m->where,
		    "Có hai bảng %s chấm đơn vị %s: %s (trang \"%s\") và %s (trang \"%s\"); chỉ đọc bảng thứ nhất.",
		    "There are two sheets of %s scoring unit %s: %s (sheet \"%s\") and %s (sheet \"%s\"); only the first is read.",
		    body_name(c, m->body), unit_name(c, m->unit), o->file, o->sheet,
		    r->file, r->sheet);
	else if (m->scorer == SIZE_MAX)
		err(r, "score.duplicate-unit", m->where,
		    "Đơn vị %s có hai bảng chấm điểm: %s (trang \"%s\") và %s (trang \"%s\"); chỉ đọc bảng thứ nhất. Hãy bỏ bảng thừa.",
		    "Unit %s has two scoring sheets: %s (sheet \"%s\") and %s (sheet \"%s\"); only the first is read. Remove the extra one.",
		    unit_name(c, m->unit), o->file, o->sheet, r->file, r->sheet);
	else
		err(r, "score.duplicate-unit", m->where,
		    "Có hai bảng đơn vị %s chấm đơn vị %s: %s (trang \"%s\") và %s (trang \"%s\"); chỉ đọc bảng thứ nhất.",
		    "There are two sheets of unit %s scoring unit %s: %s (sheet \"%s\") and %s (sheet \"%s\"); only the first is read.",
		    unit_name(c, m->scorer), unit_name(c, m->unit), o->file, o->sheet,
		    r->file, r->sheet);
}

/* Copy problems [from, to) of d into the run's list. */
static void copy_diags(rctx *r, const thidua_diags *d, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to && !r->fatal; i++) {
		const thidua_diag *x = thidua_diags_get(d, i);

		if (td_diag_add_msg(r->diags, x->severity, x->code, x->file, x->where, x->tag,
		                    x->snippet, x->message_vi, x->message_en) < 0)
			ctx_oom(r);
	}
}

/* One file's results into the run, as reading it alone would have given
 * them: a sheet scoring what an earlier one scores is reported and
 * dropped with what it reported after its identity. */
static void merge_slot(rctx *r, fslot *s)
{
	size_t k, at = 0;

	if (s->fatal) {
		r->fatal = s->fatal;
		return;
	}
	for (k = 0; k < s->n_marks && !r->fatal; k++) {
		const sheet_mark *m = &s->marks[k];
		const td_sheet_scores *o;

		copy_diags(r, s->diags, at, m->diag_mark);
		at = m->diag_end;
		if (r->fatal)
			break;
		if ((o = dup_find(r, m))) {
			r->file = s->path;
			r->sheet = m->sheet_name;
			dup_error(r, o, m);
			r->file = NULL;
			r->sheet = NULL;
			continue;
		}
		copy_diags(r, s->diags, m->diag_mark, m->diag_end);
		if (m->sheet == SIZE_MAX || r->fatal)
			continue;
		if (push_sheet(r, &s->set.sheets[m->sheet]) < 0 || dup_add(r, r->out->n - 1) < 0)
			break;
	}
	copy_diags(r, s->diags, at, thidua_diags_count(s->diags));
}

/* Read the files queued, on every core, and merge them in order. */
static void flush(rctx *r)
{
	size_t i;

	if (!r->n_batch)
		return;
	td_parallel_for(r->n_batch, 0, read_task, r);
	for (i = 0; i < r->n_batch; i++) {
		if (!r->fatal)
			merge_slot(r, &r->batch[i]);
		slot_clear(&r->batch[i]);
	}
	r->n_batch = 0;
}

/* Queue a file to be read, its progress step taken now (a cancel stops
 * the reading after the files queued before it). in_folder: it was
 * found in a folder rather than named. */
static void read_file(rctx *r, const char *path, int in_folder)
{
	fslot *s;

	if (r->progress) {
		if (++r->n_read > r->n_files)
			r->n_files = r->n_read;
		if (r->progress(r->progress_data, r->n_read, r->n_files, path)) {
			flush(r);
			if (!r->fatal)
				r->fatal = THIDUA_ECANCELLED;
			return;
		}
	}
	if (!r->batch && !(r->batch = td_calloc(BATCH, sizeof *r->batch))) {
		ctx_oom(r);
		return;
	}
	s = &r->batch[r->n_batch];
	memset(s, 0, sizeof *s);
	if (!(s->path = td_strdup(path))) {
		ctx_oom(r);
		return;
	}
	s->in_folder = in_folder;
	if (++r->n_batch == BATCH)
		flush(r);
}

/* ---- inputs ---------------------------------------------------------------- */

static int has_ext(const char *name, const char *const *exts)
{
	const char *dot = strrchr(name, '.');

	for (; dot && *exts; exts++)
		if (strcasecmp(dot + 1, *exts) == 0)
			return 1;
	return 0;
}

static const char *const read_exts[] = { "ods", "fods", "xlsx", NULL };
/* Files a unit may have sent instead of the sheet: reported, not read. */
static const char *const other_exts[] = { "xls", "xlsm", "xlsb", "ots", "xltx", "csv", "odt",
	                                      "fodt", "doc", "docx", "pdf", NULL };

/* 1 when the file was seen before (the same file named twice), else
 * records it. */
static int seen_before(rctx *r, const td_fileinfo *sb)
{
	size_t i;

	for (i = 0; i < r->n_seen; i++)
		if (r->seen[i].dev == sb->dev && r->seen[i].ino == sb->ino)
			return 1;
	if (r->n_seen == r->cap_seen) {
		size_t cap = r->cap_seen ? r->cap_seen * 2 : 16;
		file_id *n = td_realloc(r->seen, cap * sizeof *n);
		if (!n) {
			ctx_oom(r);
			return 1;
		}
		r->seen = n;
		r->cap_seen = cap;
	}
	r->seen[r->n_seen].dev = sb->dev;
	r->seen[r->n_seen].ino = sb->ino;
	r->n_seen++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void read_dir(rctx *r, const char *dir, const td_fileinfo *data_sb)
{
	td_dir *d = td_opendir(dir);
	const char *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	td_buf p = TD_BUF_INIT;

	if (!d) {
		int en = errno;

		flush(r);
		r->file = dir;
		err(r, "score.unreadable", NULL, "Không mở được thư mục %s: %s",
		    "Cannot open the folder %s: %s", dir, strerror(en));
		r->file = NULL;
		return;
	}
	while ((e = td_readdir(d)) != NULL) {
		char *s;

		if (e[0] == '.' || (e[0] == '~' && e[1] == '$'))
			continue; /* hidden, LibreOffice (.~lock.*#) and Excel (~$*) lock files */
		if (!has_ext(e, read_exts) && !has_ext(e, other_exts))
			continue;
		if (n >= MAX_DIR_FILES)
			break;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			char **nn = td_realloc(names, nc * sizeof *nn);
			if (!nn) {
				ctx_oom(r);
				goto cleanup;
			}
			names = nn;
			cap = nc;
		}
		if (!(s = td_strdup(e))) {
			ctx_oom(r);
			goto cleanup;
		}
		names[n++] = s;
	}
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n && !r->fatal; i++) {
		td_fileinfo sb;

		td_buf_clear(&p);
		td_buf_printf(&p, "%s%s%s", dir, td_is_sep(dir[strlen(dir) - 1]) ? "" : "/", names[i]);
		if (td_buf_oom(&p)) {
			ctx_oom(r);
			break;
		}
		if (td_stat(p.ptr, &sb) != 0 || !sb.is_reg)
			continue;
		if (data_sb && sb.dev == data_sb->dev && sb.ino == data_sb->ino)
			continue; /* the cluster's own data workbook */
		if (!has_ext(names[i], read_exts)) {
			flush(r);
			r->file = p.ptr;
			warn(r, "score.unreadable", NULL,
			     "Tệp %s không phải bảng .ods hay .xlsx nên không được đọc; nếu đây là bảng chấm điểm, hãy lưu lại dạng .ods hoặc .xlsx.",
			     "%s is neither an .ods nor an .xlsx sheet, so it is not read; if it is a scoring sheet, save it as .ods or .xlsx.",
			     p.ptr);
			r->file = NULL;
			continue;
		}
		if (seen_before(r, &sb))
			continue;
		read_file(r, p.ptr, 1);
	}
cleanup:
	for (i = 0; i < n; i++)
		td_free(names[i]);
	td_free(names);
	td_buf_free(&p);
	td_closedir(d);
}

/* Scoring bodies without their sheet, or without a unit's table in it:
 * an error like a missing unit's sheet (the tally may then fall back, with
 * --allow-incomplete, to the head's and the unit's entries). */
static void check_missing_bodies(rctx *r)
{
	const thidua_cluster *c = r->c;
	size_t b, u, i;
	unsigned char *have = NULL;

	if (!c->n_bodies || !c->n_units)
		return;
	if (!(have = td_calloc(c->n_units, 1))) {
		ctx_oom(r);
		return;
	}
	for (b = 0; b < c->n_bodies && !r->fatal; b++) {
		size_t n = 0;
		if (!td_form_body_has_criteria(c, b))
			continue;
		memset(have, 0, c->n_units);
		for (i = 0; i < r->out->n; i++)
			if (r->out->sheets[i].body == b && r->out->sheets[i].unit < c->n_units) {
				if (!have[r->out->sheets[i].unit])
					n++;
				have[r->out->sheets[i].unit] = 1;
			}
		if (n == 0) {
			err(r, "score.missing-body-sheet", c->bodies[b].where,
			    "Chưa có bảng chấm điểm của %s (mã %s, Đơn vị chấm).",
			    "There is no scoring sheet from %s (code %s, Đơn vị chấm).", body_name(c, b),
			    c->bodies[b].code ? c->bodies[b].code : "?");
			continue;
		}
		for (u = 0; u < c->n_units && !r->fatal; u++)
			if (!have[u])
				err(r, "score.missing-body-sheet", c->bodies[b].where,
				    "Bảng chấm điểm của %s thiếu bảng chấm đơn vị %s (mã %s).",
				    "The scoring sheet from %s lacks the table scoring unit %s (code %s).",
				    body_name(c, b), unit_name(c, u),
				    c->units[u].code ? c->units[u].code : "?");
	}
	td_free(have);
}

/* Units (or scorer/scored pairs) without a sheet. */
static void check_missing(rctx *r)
{
	const thidua_cluster *c = r->c;
	size_t nu = c->n_units, i, u, s;
	unsigned char *have = NULL;
	size_t *sent = NULL;

	r->file = c->source;
	if (nu == 0)
		goto cleanup;
	check_missing_bodies(r);
	if (!c->cross_scoring) {
		if (!(have = td_calloc(nu, 1))) {
			ctx_oom(r);
			goto cleanup;
		}
		for (i = 0; i < r->out->n; i++)
			if (r->out->sheets[i].unit < nu && r->out->sheets[i].body == SIZE_MAX)
				have[r->out->sheets[i].unit] = 1;
		for (u = 0; u < nu && !r->fatal; u++)
			if (!have[u])
				err(r, "score.missing-unit", c->units[u].where,
				    "Chưa có bảng tự chấm điểm của đơn vị %s (mã %s).",
				    "There is no scoring sheet from unit %s (code %s).",
				    unit_name(c, u), c->units[u].code ? c->units[u].code : "?");
		goto cleanup;
	}
	if (nu > SIZE_MAX / nu || !(have = td_calloc(nu * nu, 1)) ||
	    !(sent = td_calloc(nu, sizeof *sent))) {
		ctx_oom(r);
		goto cleanup;
	}
	for (i = 0; i < r->out->n; i++) {
		const td_sheet_scores *sh = &r->out->sheets[i];
		if (sh->scorer < nu && sh->unit < nu && sh->body == SIZE_MAX) {
			have[sh->scorer * nu + sh->unit] = 1;
			sent[sh->scorer]++;
		}
	}
	for (s = 0; s < nu && !r->fatal; s++) {
		if (!sent[s]) {
			err(r, "score.missing-unit", c->units[s].where,
			    "Chưa có bảng chấm chéo nào của đơn vị %s (mã %s).",
			    "There is no cross-scoring sheet from unit %s (code %s).", unit_name(c, s),
			    c->units[s].code ? c->units[s].code : "?");
			continue;
		}
		for (u = 0; u < nu && !r->fatal; u++)
			if (u != s && !have[s * nu + u])
				err(r, "score.missing-unit", c->units[s].where,
				    "Chưa có bảng đơn vị %s chấm đơn vị %s.",
				    "There is no sheet of unit %s scoring unit %s.", unit_name(c, s),
				    unit_name(c, u));
	}
cleanup:
	r->file = NULL;
	td_free(have);
	td_free(sent);
}

/* The files that read_dir and td_scores_read will read, for progress. */
static size_t count_files(const char *const *inputs, size_t n_inputs, const td_fileinfo *data_sb)
{
	size_t i, n = 0;
	td_buf p = TD_BUF_INIT;

	for (i = 0; i < n_inputs; i++) {
		td_fileinfo sb;
		td_dir *d;
		const char *e;

		if (!inputs[i] || td_stat(inputs[i], &sb) != 0)
			continue;
		if (!sb.is_dir) {
			n += (size_t)sb.is_reg;
			continue;
		}
		if (!(d = td_opendir(inputs[i])))
			continue;
		while ((e = td_readdir(d)) != NULL) {
			if (e[0] == '.' || (e[0] == '~' && e[1] == '$') || !has_ext(e, read_exts))
				continue;
			td_buf_clear(&p);
			td_buf_printf(&p, "%s/%s", inputs[i], e);
			if (td_buf_oom(&p) || td_stat(p.ptr, &sb) != 0 || !sb.is_reg ||
			    (data_sb && sb.dev == data_sb->dev && sb.ino == data_sb->ino))
				continue;
			n++;
		}
		td_closedir(d);
	}
	td_buf_free(&p);
	return n;
}

int td_scores_read(td_scores_set *out, const thidua_cluster *c, const char *const *inputs,
                   size_t n_inputs, thidua_diags *diags)
{
	return td_scores_read_progress(out, c, inputs, n_inputs, NULL, NULL, diags);
}

int td_scores_read_progress(td_scores_set *out, const thidua_cluster *c,
                            const char *const *inputs, size_t n_inputs,
                            thidua_progress_fn progress, void *progress_data,
                            thidua_diags *diags)
{
	rctx r;
	td_fileinfo data_sb;
	int have_data = 0, rc;
	size_t i;

	if (!out || !c || (n_inputs && !inputs))
		return td_error(THIDUA_EINVAL, "Thiếu đối số.", "Missing argument.");
	memset(out, 0, sizeof *out);
	memset(&r, 0, sizeof r);
	r.diags = diags;
	r.out = out;
	rc = ctx_init(&r, c);
	if (rc) {
		r.fatal = rc == THIDUA_ENOMEM ? rc : THIDUA_ENOMEM;
		td_error_oom();
		goto cleanup;
	}
	if (c->source && td_stat(c->source, &data_sb) == 0)
		have_data = 1;
	r.progress = progress;
	r.progress_data = progress_data;
	if (progress)
		r.n_files = count_files(inputs, n_inputs, have_data ? &data_sb : NULL);
	for (i = 0; i < n_inputs && !r.fatal; i++) {
		const char *in = inputs[i];
		td_fileinfo sb;

		if (!in)
			continue;
		if (td_stat(in, &sb) != 0) {
			int e = errno;

			flush(&r);
			r.file = in;
			err(&r, "score.unreadable", NULL, "Không mở được %s: %s", "Cannot open %s: %s", in,
			    strerror(e));
			r.file = NULL;
			continue;
		}
		if (sb.is_dir) {
			read_dir(&r, in, have_data ? &data_sb : NULL);
			continue;
		}
		if (!sb.is_reg) {
			flush(&r);
			r.file = in;
			err(&r, "score.unreadable", NULL, "%s không phải là một tệp.",
			    "%s is not a regular file.", in);
			r.file = NULL;
			continue;
		}
		if (seen_before(&r, &sb))
			continue;
		read_file(&r, in, 0);
	}
	flush(&r);
	if (!r.fatal)
		check_missing(&r);
cleanup:
	rc = r.fatal;
	for (i = 0; i < r.n_batch; i++)
		slot_clear(&r.batch[i]);
	td_free(r.batch);
	td_free(r.dup_tab);
	ctx_clear(&r);
	if (rc) {
		td_scores_set_clear(out);
		if (rc == THIDUA_ECANCELLED)
			return td_error(rc, "Đã dừng theo yêu cầu khi đang đọc các bảng chấm.",
			                "Stopped as asked while reading the returned sheets.");
		return td_error_oom();
	}
	return 0;
}
