/* read_files.c - td_scores_read: the returned files and folders walked
 * (.ods, .fods, .xlsx; files of other kinds reported), each file read
 * into a cell grid by its format (found by its first bytes), its sheets
 * with an identity read (read_sheet.c), and, at the end, the units and
 * scoring bodies whose sheets did not come. */
#include "intake/intake_int.h"
#include "intake/intake.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ID_MARK "thidua:"     /* any identity version starts with this */
#define MAX_DIR_FILES 100000u /* files looked at in one folder */

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
static void read_file(rctx *r, const char *path, int in_folder)
{
	td_grid g = TD_GRID_INIT;
	td_file_kind kind;
	size_t i, found = 0;
	int rc;

	if (r->progress) {
		if (++r->n_read > r->n_files)
			r->n_files = r->n_read;
		if (r->progress(r->progress_data, r->n_read, r->n_files, path)) {
			r->fatal = THIDUA_ECANCELLED;
			return;
		}
	}
	r->file = path;
	rc = td_file_sniff(&kind, path);
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
		rc = td_grid_read_ods(&g, path);
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
	td_grid_clear(&g);
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
		r->file = dir;
		err(r, "score.unreadable", NULL, "Không mở được thư mục %s: %s",
		    "Cannot open the folder %s: %s", dir, strerror(errno));
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
			r.file = in;
			err(&r, "score.unreadable", NULL, "Không mở được %s: %s", "Cannot open %s: %s", in,
			    strerror(errno));
			r.file = NULL;
			continue;
		}
		if (sb.is_dir) {
			read_dir(&r, in, have_data ? &data_sb : NULL);
			continue;
		}
		if (!sb.is_reg) {
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
	if (!r.fatal)
		check_missing(&r);
cleanup:
	rc = r.fatal;
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
