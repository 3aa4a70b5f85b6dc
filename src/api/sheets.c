/* sheets.c - thidua_generate_sheets: one scoring sheet per unit, named
 * "bang-tu-cham-diem-<year>-<unit code>.ods" (or .xlsx), and one per scoring body
 * that scores criteria, "bang-cham-diem-<year>-<body code>.ods" (or .xlsx), codes
 * made safe for file names, all written as one output set (odf/outset.h)
 * with the head's password file "mat-khau-tham-dinh-<year>.txt" (the
 * password that unlocks the verification column; kept from an earlier run
 * into the same folder, else made from the system's CSPRNG); and
 * thidua_paths_free. */
#include "form/form.h"
#include "odf/outset.h"
#include "odf/package.h"
#include "sheets/sheets.h"
#include "tmpl/template.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/error.h"
#include "util/compat.h"
#include "util/parallel.h"
#include "util/random.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unicode/unorm2.h>
#include <unicode/utf8.h>

void thidua_paths_free(thidua_paths *paths)
{
	size_t i;

	if (!paths)
		return;
	for (i = 0; i < paths->count; i++)
		td_free(paths->paths[i]);
	td_free(paths->paths);
	paths->paths = NULL;
	paths->count = 0;
}

/* The ASCII letter a code point decomposes to (its first canonical
 * component: "ệ" -> 'e'), 'd'/'D' for đ/Đ, or 0. */
static char ascii_base(const UNormalizer2 *nfd, UChar32 cp)
{
	UChar d[8];
	UErrorCode e = U_ZERO_ERROR;
	int32_t n;

	if (cp < 0x80)
		return (char)cp;
	if (cp == 0x111)
		return 'd';
	if (cp == 0x110)
		return 'D';
	if (!nfd)
		return 0;
	n = unorm2_getDecomposition(nfd, cp, d, 8, &e);
	if (U_FAILURE(e) || n < 1 || d[0] >= 0x80)
		return 0;
	return (char)d[0];
}

/* The unit code as a file-name part: ASCII letters, digits, '-' and '_';
 * Vietnamese letters lose their marks, anything else becomes '-', runs of
 * '-' are folded and trimmed. Appends to b. */
static void safe_code(td_buf *b, const char *code)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&e);
	const uint8_t *s = (const uint8_t *)(code ? code : "");
	int32_t i = 0, len = (int32_t)strlen((const char *)s);
	size_t start = b->len;
	int dash = 0;

	if (U_FAILURE(e))
		nfd = NULL;
	while (i < len) {
		UChar32 cp;
		char ch;
		U8_NEXT(s, i, len, cp);
		ch = cp < 0 ? 0 : ascii_base(nfd, cp);
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		    ch == '_') {
			if (dash && b->len > start)
				td_buf_putc(b, '-');
			dash = 0;
			td_buf_putc(b, ch);
		} else if (cp >= 0x300 && cp < 0x370) {
			/* a combining mark of decomposed input: dropped */
		} else {
			dash = 1;
		}
	}
}

static int ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return *a == *b;
}

/* Names already given, in an open-addressing hash set keyed without case
 * (the names are ASCII): a province's ten thousand sheets are checked
 * against each other without comparing every pair. */
typedef struct nameset {
	char **slot; /* owned array of borrowed names */
	size_t cap;  /* a power of two, at least twice the names */
} nameset;

static size_t name_hash(const char *s)
{
	size_t h = 1469598103934665603u;

	for (; *s; s++) {
		char ch = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
		h = (h ^ (unsigned char)ch) * 1099511628211u;
	}
	return h;
}

/* The slot of name: where it is, or the empty one where it would go. */
static char **name_slot(const nameset *ns, const char *name)
{
	size_t i = name_hash(name) & (ns->cap - 1);

	while (ns->slot[i] && !ieq(ns->slot[i], name))
		i = (i + 1) & (ns->cap - 1);
	return &ns->slot[i];
}

/* The file name of every unit, then of every body (NULL for a body that
 * scores nothing), unique (also on file systems that ignore case): a clash
 * gets "-<order>" (a body: "-<its position>") appended. names[i] owned by
 * the caller. */
static int make_names(char **names, const thidua_cluster *c, const char *ext)
{
	size_t i, n = c->n_units + c->n_bodies;
	nameset ns = { NULL, 16 };
	td_buf b = TD_BUF_INIT;
	int rc = 0;

	while (ns.cap < 2 * n + 2)
		ns.cap *= 2;
	if (!(ns.slot = td_calloc(ns.cap, sizeof *ns.slot)))
		return td_error_oom();
	for (i = 0; i < n; i++) {
		int body = i >= c->n_units;
		size_t bi = i - c->n_units;
		int order = body ? (int)bi + 1 : c->units[i].order;
		unsigned k = 0;
		size_t stem;
		char **slot;
		if (body && !td_form_body_has_criteria(c, bi))
			continue;
		td_buf_clear(&b);
		td_buf_printf(&b, "%s-%d-", body ? "bang-cham-diem" : "bang-tu-cham-diem", c->year);
		stem = b.len;
		safe_code(&b, body ? c->bodies[bi].code : c->units[i].code);
		if (b.len == stem)
			td_buf_printf(&b, "%s-%d", body ? "co-quan" : "don-vi", order);
		for (;;) {
			td_buf_puts(&b, ext);
			if (td_buf_oom(&b))
				goto oom;
			slot = name_slot(&ns, b.ptr);
			if (!*slot)
				break;
			b.len -= strlen(ext);
			if (k++ == 0)
				td_buf_printf(&b, "-%d", order);
			else
				td_buf_printf(&b, "-%u", k);
		}
		if (!(names[i] = td_strdup(b.ptr)))
			goto oom;
		*slot = names[i];
	}
	goto cleanup;
oom:
	rc = td_error_oom();
cleanup:
	td_free(ns.slot);
	td_buf_free(&b);
	return rc;
}

/* Sheets are written CHUNK at a time on every core (util/parallel.h), each
 * into its own staged file with its own problems list, merged into the
 * caller's in unit order: the files, the problems and the error are those a
 * loop over the units would give, whatever the number of threads. */
#define CHUNK 256

typedef struct sheet_job {
	const td_sheet_gen *sg;
	size_t n_units;
	size_t *which;          /* owned: the unit (or n_units + body) of each step */
	const char **staged;    /* owned array of borrowed paths, one per step */
	size_t base;            /* the chunk's first step */
	thidua_diags **d;       /* the chunk's problems, one list per step, or NULL */
	int *rc;                /* the chunk's results, one per step */
	td_sheet_cache *cache[TD_PARALLEL_MAX]; /* owned: one per worker (NULL: none) */
} sheet_job;

static int write_step(void *ctx, size_t k, unsigned worker)
{
	sheet_job *j = ctx;
	size_t i = j->which[j->base + k];
	thidua_diags *d = j->d ? j->d[k] : NULL;
	int rc;

	if (i < j->n_units)
		rc = td_sheet_gen_write(j->sg, i, j->staged[j->base + k], TD_PKG_STAGED,
		                        j->cache[worker], d);
	else
		rc = td_sheet_gen_write_body(j->sg, i - j->n_units, j->staged[j->base + k],
		                             TD_PKG_STAGED, j->cache[worker], d);
	j->rc[k] = rc;
	return rc;
}

/* Problems of steps [0, upto] of a chunk, in order, into diags. */
static int merge_diags(thidua_diags *diags, thidua_diags *const *d, size_t upto)
{
	size_t k, m;

	for (k = 0; k <= upto; k++)
		for (m = 0; m < thidua_diags_count(d[k]); m++) {
			const thidua_diag *x = thidua_diags_get(d[k], m);

			if (td_diag_add_msg(diags, x->severity, x->code, x->file, x->where, x->tag,
			                    x->snippet, x->message_vi, x->message_en) < 0)
				return td_error_oom();
		}
	return 0;
}

static int write_chunk(sheet_job *j, size_t base, size_t len, thidua_diags *diags)
{
	thidua_diags *d[CHUNK];
	int rcs[CHUNK];
	size_t k, last;
	int rc = 0, mrc;

	memset(d, 0, sizeof d);
	memset(rcs, 0, sizeof rcs);
	j->base = base;
	j->rc = rcs;
	j->d = diags ? d : NULL;
	for (k = 0; diags && k < len; k++)
		if (!(d[k] = thidua_diags_new())) {
			rc = td_error_oom();
			goto cleanup;
		}
	rc = td_parallel_for(len, 0, write_step, j);
	if (diags) {
		for (last = 0; last + 1 < len && rcs[last] >= 0; last++)
			;
		/* the failing step's error stays the call's, unless merging fails */
		if ((mrc = merge_diags(diags, d, last)) < 0)
			rc = mrc;
	}
cleanup:
	for (k = 0; k < len; k++)
		thidua_diags_free(d[k]);
	j->d = NULL;
	j->rc = NULL;
	return rc;
}

/* ---- the head's password -------------------------------------------------- */

#define PW_LABEL "Mật khẩu: "
#define PW_MAX 64

char *thidua_sheets_password_path(const thidua_cluster *c, const char *out_dir)
{
	td_buf b = TD_BUF_INIT;

	if (!c || !out_dir)
		return NULL;
	td_buf_printf(&b, "%s/mat-khau-tham-dinh-%d.txt", out_dir, c->year);
	if (td_buf_oom(&b)) {
		td_buf_free(&b);
		return NULL;
	}
	return td_buf_detach(&b);
}

/* A new password: 12 letters and digits that cannot be mistaken for one
 * another when read aloud or copied by hand (no 0/o, 1/l/i), in groups of
 * four; 60 bits from the CSPRNG (32 symbols, so no bias). */
static int new_password(char out[PW_MAX + 1])
{
	static const char sym[] = "abcdefghjkmnpqrstuvwxyz23456789A";
	unsigned char r[12];
	int i, k = 0, rc;

	if ((rc = td_random_bytes(r, sizeof r)) < 0)
		return rc;
	for (i = 0; i < 12; i++) {
		if (i && i % 4 == 0)
			out[k++] = '-';
		out[k++] = sym[r[i] & 31];
	}
	out[k] = '\0';
	return 0;
}

/* The password of an earlier run's file at path: its "Mật khẩu: " line,
 * printable ASCII without spaces. 1 found, 0 not (no file, or no such
 * line: a new password replaces it). */
static int old_password(char out[PW_MAX + 1], const char *path)
{
	FILE *f = td_fopen(path, "rb");
	char line[256];
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof line, f)) {
		char *p = line, *e;
		if (!strncmp(p, "\xEF\xBB\xBF", 3))
			p += 3;
		if (strncmp(p, PW_LABEL, strlen(PW_LABEL)) != 0)
			continue;
		p += strlen(PW_LABEL);
		for (e = p; *e > ' ' && *e < 0x7F; e++)
			;
		if (e == p || e - p > PW_MAX || (*e && *e != '\r' && *e != '\n'))
			continue;
		memcpy(out, p, (size_t)(e - p));
		out[e - p] = '\0';
		found = 1;
	}
	fclose(f);
	return found;
}

/* The password file for the head (UTF-8, CRLF lines for Windows'
 * Notepad): the password and how to use it. */
static int write_password(const char *path, const thidua_cluster *c, const char *pw)
{
	td_buf b = TD_BUF_INIT;
	FILE *f;
	int rc = 0;

	td_buf_printf(&b,
		"MẬT KHẨU THẨM ĐỊNH - BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM %d\r\n%s\r\n\r\n"
		PW_LABEL "%s\r\n\r\n"
		"Tệp này chỉ dành cho %s (đơn vị thẩm định). KHÔNG gửi tệp này cho các đơn vị.\r\n"
		"Cột \"Kết quả thẩm định\" trong bảng chấm điểm của mọi đơn vị bị khóa bằng mật khẩu trên;\r\n"
		"đơn vị chỉ nhập được cột \"Kết quả tự chấm\" và \"Ghi chú\".\r\n\r\n"
		"Nhập điểm thẩm định vào bảng một đơn vị gửi lại:\r\n"
		"  1. Mở bảng (.ods hoặc .xlsx) trong LibreOffice Calc.\r\n"
		"  2. Công cụ > Bảo vệ trang tính (Tools > Protect Sheet): bỏ dấu chọn, gõ mật khẩu trên, OK.\r\n"
		"     Trong Excel: Xem lại > Bỏ bảo vệ trang tính (Review > Unprotect Sheet).\r\n"
		"  3. Nhập vào cột \"Kết quả thẩm định\", rồi lưu (giữ định dạng của tệp).\r\n"
		"Tạo lại các bảng vào cùng thư mục này thì mật khẩu được giữ nguyên.\r\n\r\n"
		"(English) The verification column of every scoring sheet is locked with the password\r\n"
		"above. Keep this file; do not send it to the units. To verify a returned sheet, remove\r\n"
		"the sheet protection with this password (Tools > Protect Sheet) and type.\r\n",
		c->year, c->name ? c->name : "", pw, td_role_label(TD_ROLE_HEAD, c->kind));
	if (td_buf_oom(&b)) {
		td_buf_free(&b);
		return td_error_oom();
	}
	f = td_fopen(path, "wb");
	if (!f || fwrite(b.ptr, 1, b.len, f) != b.len)
		rc = -1;
	if (f && fclose(f) != 0)
		rc = -1;
	td_buf_free(&b);
	if (rc < 0)
		return td_error(THIDUA_EIO, "Không ghi được %s.", "Cannot write %s.", path);
	return 0;
}

int thidua_generate_sheets(thidua_paths *out, const thidua_cluster *c, const char *template_path,
                           const char *out_dir, const thidua_fill_options *opts,
                           thidua_diags *diags)
{
	td_buf tp = TD_BUF_INIT, fp = TD_BUF_INIT;
	char pw[PW_MAX + 1], *pw_path = NULL;
	const char *pw_name;
	int pw_kept = 0;
	td_sheet_gen *sg = NULL;
	td_outset *set = NULL;
	sheet_job job;
	char **names = NULL, **finals = NULL;
	const char *staged, *final;
	size_t i, j, k, n = 0, existing = 0, step = 0, steps = 0;
	td_fileinfo st;
	int rc = 0, overwrite = opts ? opts->overwrite : 0, xlsx = 0;
	thidua_progress_fn progress = opts && opts->version >= 2 ? opts->progress : NULL;

	memset(&job, 0, sizeof job);
	if (out) {
		out->paths = NULL;
		out->count = 0;
	}
	if (!c || !out_dir)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	if (opts && (opts->version < 1 || opts->version > THIDUA_FILL_OPTIONS_VERSION))
		return td_error(THIDUA_EINVAL, "Phiên bản tùy chọn không hỗ trợ (%u).",
		                "Unsupported options version (%u).", opts->version);
	if (opts && opts->version >= 3) {
		if (opts->sheet_format != THIDUA_SHEET_ODS && opts->sheet_format != THIDUA_SHEET_XLSX)
			return td_error(THIDUA_EINVAL, "Định dạng bảng chấm không hỗ trợ (%d).",
			                "Unsupported sheet format (%d).", opts->sheet_format);
		xlsx = opts->sheet_format == THIDUA_SHEET_XLSX;
	}
	if (td_stat(out_dir, &st) < 0 || !st.is_dir)
		return td_error(THIDUA_EIO, "Thư mục kết quả %s không tồn tại.",
		                "Output directory %s does not exist.", out_dir);
	if (c->n_units == 0) {
		if (td_diag_add_msg(diags, THIDUA_SEV_ERROR, "sheet.no-units", c->source, NULL, NULL,
		                    NULL, "Chưa có đơn vị nào (trang Đơn vị).",
		                    "There are no units (sheet Đơn vị).") < 0)
			return td_error_oom();
		return td_error(THIDUA_EDATA, "Chưa có đơn vị nào.", "There are no units.");
	}
	if (!template_path) {
		td_buf_printf(&tp, "%s/scoring-sheet.fods", td_template_dir(opts));
		if (td_buf_oom(&tp))
			return td_error_oom();
		template_path = tp.ptr;
	}
	n = c->n_units + c->n_bodies;
	names = td_calloc(n, sizeof *names);
	finals = td_calloc(n, sizeof *finals);
	if (!names || !finals) {
		rc = td_error_oom();
		goto cleanup;
	}
	rc = make_names(names, c, xlsx ? ".xlsx" : ".ods");
	if (rc < 0)
		goto cleanup;
	if (!(pw_path = thidua_sheets_password_path(c, out_dir))) {
		rc = td_error_oom();
		goto cleanup;
	}
	pw_name = td_last_sep(pw_path) + 1;
	pw_kept = old_password(pw, pw_path);
	if (!pw_kept && (rc = new_password(pw)) < 0)
		goto cleanup;
	/* Refuse before writing anything, naming every file in the way. */
	for (i = 0; i < n && !overwrite; i++) {
		if (!names[i])
			continue;
		td_buf_clear(&fp);
		td_buf_printf(&fp, "%s/%s", out_dir, names[i]);
		if (td_buf_oom(&fp)) {
			rc = td_error_oom();
			goto cleanup;
		}
		if (td_access(fp.ptr, F_OK) != 0)
			continue;
		existing++;
		if (td_diag_add(diags, THIDUA_SEV_ERROR, "sheet.exists", fp.ptr, NULL, NULL, NULL,
		                "Tệp %s đã có; dùng tùy chọn ghi đè nếu muốn thay.",
		                "%s exists; ask for overwriting to replace it.", fp.ptr) < 0) {
			rc = td_error_oom();
			goto cleanup;
		}
	}
	if (!pw_kept && !overwrite && td_access(pw_path, F_OK) == 0) {
		/* a file of that name without a password in it: not ours */
		existing++;
		if (td_diag_add(diags, THIDUA_SEV_ERROR, "sheet.exists", pw_path, NULL, NULL, NULL,
		                "Tệp %s đã có; dùng tùy chọn ghi đè nếu muốn thay.",
		                "%s exists; ask for overwriting to replace it.", pw_path) < 0) {
			rc = td_error_oom();
			goto cleanup;
		}
	}
	if (existing) {
		rc = td_error(THIDUA_EEXISTS, "%zu bảng chấm điểm đã có trong %s.",
		              "%zu scoring sheets already exist in %s.", existing, out_dir);
		goto cleanup;
	}
	/* the template is parsed once for every sheet; the sheets are one set */
	if ((rc = td_sheet_gen_open(&sg, c, template_path, xlsx, diags)) < 0 ||
	    (rc = td_sheet_gen_set_password(sg, pw)) < 0 ||
	    (rc = td_outset_begin(&set, out_dir, overwrite)) < 0)
		goto cleanup;
	for (i = 0; i < n; i++)
		steps += names[i] != NULL;
	if (!(job.which = td_calloc(steps ? steps : 1, sizeof *job.which)) ||
	    !(job.staged = td_calloc(steps ? steps : 1, sizeof *job.staged))) {
		rc = td_error_oom();
		goto cleanup;
	}
	job.sg = sg;
	job.n_units = c->n_units;
	/* a worker without a cache (out of memory) compresses everything */
	for (k = 0; k < TD_PARALLEL_MAX; k++)
		job.cache[k] = td_sheet_cache_new();
	for (i = 0; i < n; i++) {
		if (!names[i])
			continue;
		if ((rc = td_outset_add(set, names[i], &staged, &final)) < 0)
			goto cleanup;
		if (!(finals[i] = td_strdup(final))) {
			rc = td_error_oom();
			goto cleanup;
		}
		job.which[step] = i;
		job.staged[step++] = staged;
	}
	/* a chunk at a time: its progress steps on this thread, then its
	 * sheets on every core */
	for (step = 0; step < steps; step += CHUNK) {
		size_t len = steps - step < CHUNK ? steps - step : CHUNK;

		for (k = 0; progress && k < len; k++) {
			i = job.which[step + k];
			if (progress(opts->progress_data, step + k + 1, steps,
			             i < c->n_units ? c->units[i].name : c->bodies[i - c->n_units].name)) {
				rc = td_error(THIDUA_ECANCELLED,
				              "Đã dừng theo yêu cầu: không bảng nào được ghi.",
				              "Stopped as asked: no sheet was written.");
				goto cleanup;
			}
		}
		if ((rc = write_chunk(&job, step, len, diags)) < 0)
			goto cleanup;
	}
	/* the head's password, with the set; a kept one is rewritten only when
	 * overwriting (the same password, the text of this version) */
	if (!pw_kept || overwrite) {
		if ((rc = td_outset_add(set, pw_name, &staged, &final)) < 0 ||
		    (rc = write_password(staged, c, pw)) < 0)
			goto cleanup;
	}
	if ((rc = td_outset_commit(set)) < 0)
		goto cleanup;
	if (out) {
		/* the paths in order, without the bodies that got no sheet */
		for (i = 0, j = 0; i < n; i++)
			if (finals[i])
				finals[j++] = finals[i];
		out->paths = finals;
		out->count = j;
		finals = NULL;
	}
cleanup:
	td_outset_free(set);
	td_sheet_gen_free(sg);
	for (i = 0; i < n; i++) {
		if (names)
			td_free(names[i]);
		if (finals)
			td_free(finals[i]);
	}
	td_free(names);
	td_free(finals);
	td_free(job.which);
	td_free(job.staged);
	for (k = 0; k < TD_PARALLEL_MAX; k++)
		td_sheet_cache_free(job.cache[k]);
	td_buf_free(&tp);
	td_buf_free(&fp);
	td_free(pw_path);
	memset(pw, 0, sizeof pw);
	return rc;
}
