/* commands.c - the commands of the "Thi đua" menu (NewWorkbook,
 * OpenExample, GenerateAgreement, GenerateSheets, Tally, Help, About) and
 * GoToCell (the problems dialog's "Đi tới ô"): their arguments, what they
 * ask, the library calls, and their outcome. */
#include "uno/commands.h"
#include "uno/config.h"
#include "uno/convert.h"
#include "uno/doc.h"
#include "uno/problems.h"
#include "uno/progress.h"
#include "uno/ui.h"
#include "uno/work.h"
#include "util/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROTOCOL "vnd.thidua:"

/* ---- arguments ------------------------------------------------------- */

static int arg_path(char **dst, const uno_Any *v)
{
	rtl_uString *s = uu_any_str(v);

	free(*dst);
	*dst = NULL;
	return s ? uu_to_path(dst, s) : 0;
}

static int add_input(tu_job *j, rtl_uString *s)
{
	char **grown, *p = NULL;

	if (uu_to_path(&p, s) < 0)
		return -1;
	if (!p)
		return 0;
	grown = realloc(j->inputs, (j->n_inputs + 1) * sizeof *grown);
	if (!grown) {
		free(p);
		return -1;
	}
	j->inputs = grown;
	j->inputs[j->n_inputs++] = p;
	return 0;
}

/* Inputs: a string, a sequence<string>, or a sequence<any> of strings. */
static int arg_inputs(tu_job *j, const uno_Any *v)
{
	uno_Sequence *seq;
	sal_Int32 i;

	if (uu_any_str(v))
		return add_input(j, uu_any_str(v));
	if ((seq = uu_any_seq(v, UU_SEQ_STRING)) != NULL) {
		for (i = 0; i < seq->nElements; i++)
			if (add_input(j, UU_SEQ_AT(seq, rtl_uString *)[i]) < 0)
				return -1;
		return 0;
	}
	if ((seq = uu_any_seq(v, UU_SEQ_ANY)) != NULL) {
		for (i = 0; i < seq->nElements; i++) {
			rtl_uString *s = uu_any_str(&UU_SEQ_AT(seq, uno_Any)[i]);

			if (s && add_input(j, s) < 0)
				return -1;
		}
	}
	return 0;
}

int tu_job_args(tu_job *j, uno_Sequence *args)
{
	sal_Int32 i;
	void *el;
	rtl_uString *name;
	const uno_Any *v;
	int rc = 0;

	for (i = 0; args && i < args->nElements && rc == 0; i++) {
		el = uu_seq_elem(args, UU_SEQ_PROPERTYVALUE, (size_t)i);
		name = *(rtl_uString **)uu_field(el, UU_PROPERTYVALUE, "Name");
		v = uu_field(el, UU_PROPERTYVALUE, "Value");
		if (uu_str_eq(name, "DataPath"))
			rc = arg_path(&j->data, v);
		else if (uu_str_eq(name, "TemplatePath"))
			rc = arg_path(&j->tmpl, v);
		else if (uu_str_eq(name, "OutDir"))
			rc = arg_path(&j->out_dir, v);
		else if (uu_str_eq(name, "Target"))
			rc = arg_path(&j->target, v);
		else if (uu_str_eq(name, "Inputs"))
			rc = arg_inputs(j, v);
		else if (uu_str_eq(name, "Overwrite"))
			j->overwrite = uu_any_bool(v, 0);
		else if (uu_str_eq(name, "AllowIncomplete"))
			j->allow_incomplete = uu_any_bool(v, 0);
		else if (uu_str_eq(name, "Open"))
			j->open = uu_any_bool(v, 1);
		else if (uu_str_eq(name, "Hidden"))
			j->ui.hidden = uu_any_bool(v, 0);
		else if (uu_str_eq(name, "Quiet"))
			j->ui.quiet = uu_any_bool(v, 0);
		else if (uu_str_eq(name, "Answer") && uu_any_str(v))
			j->ui.answer = uu_str_eq(uu_any_str(v), "enter")    ? TU_AS_ENTER
			               : uu_str_eq(uu_any_str(v), "escape") ? TU_AS_ESCAPE
			                                                    : TU_SHOW;
		else if (uu_str_eq(name, "Transcript"))
			rc = arg_path(&j->transcript, v);
		else if (uu_str_eq(name, "SheetFormat") && uu_any_str(v))
			j->sheet_format = uu_str_eq(uu_any_str(v), "xlsx") ? THIDUA_SHEET_XLSX
			                                                    : THIDUA_SHEET_ODS;
		else if (uu_str_eq(name, "CancelAfter"))
			j->cancel_after = uu_any_int(v, 0);
		else if (uu_str_eq(name, "PressCancelAt"))
			j->press_cancel_at = uu_any_int(v, 0);
		else if (uu_str_eq(name, "HoldAt"))
			j->hold_at = uu_any_int(v, 0);
		else if (uu_str_eq(name, "HoldSeconds"))
			j->hold_seconds = uu_any_int(v, 0);
		else if (uu_str_eq(name, "Where") && uu_any_str(v))
			j->where = uu_utf8(uu_any_str(v));
	}
	return rc;
}

void tu_job_free(tu_job *j)
{
	size_t i;

	free(j->data);
	free(j->tmpl);
	free(j->out_dir);
	free(j->target);
	free(j->transcript);
	free(j->where);
	for (i = 0; i < j->n_inputs; i++)
		free(j->inputs[i]);
	free(j->inputs);
	for (i = 0; i < j->n_results; i++)
		free(j->results[i]);
	free(j->results);
	uu_struct_free(j->exc, UU_THIDUAEXCEPTION);
}

/* ---- outcomes -------------------------------------------------------- */

static void succeed(tu_job *j, char *const *paths, size_t n)
{
	size_t i;

	j->results = calloc(n ? n : 1, sizeof *j->results);
	if (!j->results)
		goto oom;
	for (i = 0; i < n; i++) {
		j->results[i] = strdup(paths[i]);
		if (!j->results[i])
			goto oom;
		j->n_results = i + 1;
	}
	j->state = TU_RESULT_SUCCESS;
	return;
oom:
	j->state = TU_RESULT_FAILURE;
	j->exc = tu_exception(THIDUA_ENOMEM, "Hết bộ nhớ. / Out of memory.", NULL);
}

/* A library failure: keep the exception and show the problems. */
static void fail(tu_job *j, int rc, const thidua_diags *diags)
{
	char *summary = tu_summary(rc, diags);

	j->state = TU_RESULT_FAILURE;
	j->exc = tu_exception(rc, summary, diags);
	if (summary)
		tu_problems(&j->ui, rc, diags, 0);
	free(summary);
}

/* A failure that is not the library's (a document that cannot be opened):
 * vi and en are its two texts; detail (may be NULL) follows. */
static void fail_msg(tu_job *j, const char *vi, const char *en, const char *detail)
{
	char msg[2048], shown[1024];

	snprintf(msg, sizeof msg, "%s / %s%s%s", vi, en, detail ? "\n" : "", detail ? detail : "");
	snprintf(shown, sizeof shown, "%s%s%s", TU_T(&j->ui, vi, en), detail ? "\n" : "",
	         detail ? detail : "");
	j->state = TU_RESULT_FAILURE;
	j->exc = tu_exception(THIDUA_ERROR, msg, NULL);
	tu_ui_message(&j->ui, TU_BOX_ERROR, shown);
}

/* ---- folders ----------------------------------------------------------- */

/* The parent folder of a path, owned; NULL when it has none. */
static char *dir_of(const char *path)
{
	const char *slash = path ? td_last_sep(path) : NULL;
	char *d;

	if (!slash || slash == path)
		return NULL;
	d = malloc((size_t)(slash - path) + 1);
	if (d) {
		memcpy(d, path, (size_t)(slash - path));
		d[slash - path] = '\0';
	}
	return d;
}

static int is_dir(const char *path)
{
	td_fileinfo st;

	return path && td_stat(path, &st) == 0 && st.is_dir;
}

/* Where a picker starts: the folder last used, else the user's Documents
 * folder. Owned, or NULL. */
static char *start_folder(const tu_job *j)
{
	char *d = tu_setting(j->ui.ctx, "LastFolder");

	if (is_dir(d))
		return d;
	free(d);
	d = tu_documents_dir(j->ui.ctx);
	if (is_dir(d))
		return d;
	free(d);
	return NULL;
}

/* Remember the folder she just picked for the next picker. */
static void remember_folder(const tu_job *j, const char *dir)
{
	if (dir && *dir)
		tu_setting_set(j->ui.ctx, "LastFolder", dir);
}

/* ---- what a command asks --------------------------------------------- */

/* The cluster data: the argument, the open workbook, or a file she picks.
 * -1 when she cancels. */
static int need_data(tu_job *j)
{
	char *start, *d;

	if (!j->data && tu_ui_current_data(&j->ui, &j->data) < 0)
		return -1;
	if (j->data)
		return 0;
	start = start_folder(j);
	j->data = tu_ui_pick_file(&j->ui, TU_PICK_DATA,
	                          TU_T(&j->ui, "Chọn dữ liệu của cụm", "Choose the cluster data"),
	                          NULL, start);
	free(start);
	if (!j->data)
		return -1;
	d = dir_of(j->data);
	remember_folder(j, d);
	free(d);
	return 0;
}

/* Load and check the data, before anything else is asked: on problems the
 * command fails and shows them. */
static int check_data(tu_job *j, thidua_cluster **cluster, thidua_diags *diags)
{
	int rc = tu_load(cluster, j->data, diags);

	if (rc < 0)
		fail(j, rc, diags);
	return rc;
}

/* The output folder: the argument, the OutputFolder setting, or a folder
 * she picks. -1 when she cancels. */
static int need_out_dir(tu_job *j, const char *title)
{
	char *start;

	if (j->out_dir)
		return 0;
	j->out_dir = tu_setting(j->ui.ctx, "OutputFolder");
	if (is_dir(j->out_dir)) {
		tu_ui_note(&j->ui, "OUTPUT-FOLDER", j->out_dir);
		return 0;
	}
	free(j->out_dir);
	start = start_folder(j);
	j->out_dir = tu_ui_pick_folder(&j->ui, title, start);
	free(start);
	if (!j->out_dir)
		return -1;
	remember_folder(j, j->out_dir);
	return 0;
}

/* ---- replacing outputs ----------------------------------------------- */

/* The outputs a command will write, as far as they are known before
 * (the library names the sheets only in its problems). */
typedef struct outputs {
	char *names[2];
	size_t n;
} outputs;

static void outputs_free(outputs *o)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		free(o->names[i]);
	o->n = 0;
}

static void outputs_add(outputs *o, const char *dir, const char *stem, int year, const char *ext)
{
	size_t n = strlen(dir) + strlen(stem) + strlen(ext) + 16;
	char *p;

	if (o->n >= 2 || !(p = malloc(n)))
		return;
	snprintf(p, n, "%s/%s-%d.%s", dir, stem, year, ext);
	o->names[o->n++] = p;
}

/* The question before replacing outputs: which files, in which folder,
 * which of them are open (and then reloaded), which have unsaved changes;
 * for provisional results, that final ones may be replaced. Default: No.
 * Returns 1 to replace, 0 when not asked (Overwrite given, or a quiet UI:
 * the command fails), -1 when she declines (the command is cancelled). */
static int ask_overwrite(tu_job *j, int rc, const thidua_diags *diags, const outputs *known,
                         int provisional)
{
	char q[4096];
	const char *files[12];
	size_t nf = 0, more = 0, i, n = diags ? thidua_diags_count(diags) : 0, len;
	const thidua_diag *d;
	uno_Interface *open;
	const char *tail;
	int pos;

	if (rc != THIDUA_EEXISTS || j->overwrite >= 0 || j->ui.quiet)
		return 0;
	for (i = 0; i < n; i++) {
		d = thidua_diags_get(diags, i);
		len = d && d->code ? strlen(d->code) : 0;
		if (!d || !d->file || len < 7 || strcmp(d->code + len - 7, ".exists") != 0)
			continue;
		if (nf < 10)
			files[nf++] = d->file;
		else
			more++;
	}
	for (i = 0; known && i < known->n; i++)
		if (td_access(known->names[i], F_OK) == 0 && nf < 10)
			files[nf++] = known->names[i];
	pos = snprintf(q, sizeof q, TU_T(&j->ui, "Trong thư mục “%s” đã có:\n",
	                                 "The folder “%s” already has:\n"), j->out_dir);
	for (i = 0; i < nf && pos > 0 && (size_t)pos < sizeof q; i++) {
		open = tu_ui_find_open(&j->ui, files[i]);
		tail = !open ? ""
		       : tu_ui_is_modified(open)
		           ? TU_T(&j->ui, " — đang mở, có thay đổi chưa lưu sẽ mất",
		                  " — open, with unsaved changes that will be lost")
		           : TU_T(&j->ui, " — đang mở, sẽ được tải lại", " — open; it will be reloaded");
		uu_release(open);
		pos += snprintf(q + pos, sizeof q - (size_t)pos, "  • %s%s\n",
		                td_last_sep(files[i]) ? td_last_sep(files[i]) + 1 : files[i], tail);
	}
	if (more && pos > 0 && (size_t)pos < sizeof q)
		pos += snprintf(q + pos, sizeof q - (size_t)pos,
		                TU_T(&j->ui, "  • và %zu tệp khác\n", "  • and %zu more files\n"), more);
	if (provisional && pos > 0 && (size_t)pos < sizeof q)
		pos += snprintf(q + pos, sizeof q - (size_t)pos, "%s", TU_T(&j->ui,
		                "\nKết quả mới chỉ là TẠM TÍNH (các bảng chấm còn lỗi). Nếu các tệp trên "
		                "là kết quả chính thức, chúng sẽ bị thay bằng kết quả tạm tính.\n",
		                "\nThe new results are only PROVISIONAL (the sheets have errors). If the "
		                "files above are final results, provisional ones will replace them.\n"));
	if (pos > 0 && (size_t)pos < sizeof q)
		snprintf(q + pos, sizeof q - (size_t)pos, "%s",
		         TU_T(&j->ui, "\nGhi đè các tệp này?", "\nReplace these files?"));
	if (tu_ui_ask(&j->ui, q, TU_YES_NO, TU_NO) == TU_YES) {
		j->overwrite = 1;
		return 1;
	}
	j->state = TU_RESULT_DONTKNOW;
	return -1;
}

/* Show the results: an open one is reloaded in its window; the others are
 * opened when show_new. */
static void show_results(tu_job *j, int show_new)
{
	size_t i;
	char *err;
	uno_Interface *open;

	if (!j->open)
		return;
	for (i = 0; i < j->n_results; i++) {
		open = tu_ui_find_open(&j->ui, j->results[i]);
		uu_release(open);
		if (!open && !show_new)
			continue;
		if (tu_ui_show(&j->ui, j->results[i], &err) < 0)
			fail_msg(j, "Không mở được tệp kết quả.", "Cannot open the result.", err);
		free(err);
	}
}

/* ---- progress --------------------------------------------------------- */

/* A long command's steps in the progress dialog ("Đơn vị 3 / 12 — name",
 * with Cancel) and the transcript ("PROGRESS: 3/12 name"). */
typedef struct progress {
	tu_job *j;
	tu_progress *bar;      /* borrowed; may be NULL */
	const char *vi, *en;   /* what a step is: "Đơn vị", "Tệp" */
	int files;             /* what is a path: show its base name */
} progress;

static int on_progress(void *data, size_t n, size_t total, const char *what)
{
	progress *p = data;
	const char *w = what ? what : "", *slash = p->files ? td_last_sep(w) : NULL;
	char text[512];
	int stop;

	if (slash)
		w = slash + 1;
	snprintf(text, sizeof text, "%zu/%zu %s", n, total, w);
	tu_ui_note(&p->j->ui, "PROGRESS", text);
	snprintf(text, sizeof text, "%s %zu / %zu — %s", TU_T(&p->j->ui, p->vi, p->en), n, total, w);
	stop = tu_progress_step(p->bar, n, total, text);
	/* the hooks of tests and screenshots */
	if (!stop && p->j->press_cancel_at > 0 && n == (size_t)p->j->press_cancel_at)
		stop = tu_progress_press_cancel(p->bar) == 0;
	if (!stop && p->j->hold_at > 0 && n == (size_t)p->j->hold_at) {
		tu_progress_hold(p->bar, p->j->hold_seconds > 0 ? p->j->hold_seconds : 120);
		stop = tu_progress_cancelled(p->bar);
	}
	return stop || (p->j->cancel_after > 0 && n > (size_t)p->j->cancel_after);
}

/* A long command shows its progress and handles the office's events at
 * each step, so she can reach another window's menu meanwhile: a second
 * long command waits its turn. 1 (and she is told) when one is running. */
static int busy(tu_job *j)
{
	if (j->ui.quiet || !tu_progress_busy())
		return 0;
	j->state = TU_RESULT_DONTKNOW;
	tu_ui_message(&j->ui, TU_BOX_INFO,
	              TU_T(&j->ui, "Thi đua đang làm một việc khác (xem hộp tiến độ). Hãy chờ "
	                           "việc đó xong, hoặc bấm Hủy trong hộp đó, rồi làm lại.",
	                   "Thi đua is busy with another task (see its progress). Wait until it is "
	                   "done, or press Cancel there, then try again."));
	return 1;
}

/* A cancelled command: nothing was written; she is told so. */
static void cancelled(tu_job *j)
{
	j->state = TU_RESULT_DONTKNOW;
	tu_ui_note(&j->ui, "CANCELLED", thidua_error_last() ? thidua_error_last()->message_en : "");
	tu_ui_message(&j->ui, TU_BOX_INFO, TU_T(&j->ui, "Đã hủy — không tệp nào thay đổi.",
	                                        "Cancelled — no file was changed."));
}

/* ---- the commands ---------------------------------------------------- */

static int template_is_sheet(const char *t)
{
	size_t n = t ? strlen(t) : 0;

	return n > 4 && (strcmp(t + n - 4, ".ods") == 0 || strcmp(t + n - 4, ".ots") == 0 ||
	                 (n > 5 && strcmp(t + n - 5, ".fods") == 0));
}

static void cmd_agreement(tu_job *j)
{
	thidua_cluster *cluster = NULL;
	thidua_diags *diags = thidua_diags_new();
	outputs known = { { NULL, NULL }, 0 };
	uno_Interface *si = NULL;
	char *out = NULL;
	int rc, asked = 0;

	if (!diags) {
		fail(j, THIDUA_ENOMEM, NULL);
		return;
	}
	if (need_data(j) < 0 || check_data(j, &cluster, diags) < 0 ||
	    need_out_dir(j, TU_T(&j->ui, "Lưu bản giao ước vào thư mục",
	                         "Folder for the agreement")) < 0)
		goto cleanup;
	outputs_add(&known, j->out_dir, "ban-giao-uoc-thi-dua", thidua_cluster_year(cluster),
	            template_is_sheet(j->tmpl) ? "ods" : "odt");
	si = tu_ui_progress(&j->ui, TU_T(&j->ui, "Đang tạo bản giao ước…",
	                                 "Generating the agreement…"), 1);
	for (;;) {
		rc = tu_agreement_of(&out, cluster, j->tmpl, j->out_dir, j->overwrite > 0, diags);
		if (rc >= 0 || (asked = ask_overwrite(j, rc, diags, &known, 0)) <= 0)
			break;
		thidua_diags_free(diags);
		if (!(diags = thidua_diags_new())) {
			rc = THIDUA_ENOMEM;
			break;
		}
	}
	tu_ui_progress_end(si);
	if (asked < 0)
		goto cleanup;
	if (rc < 0) {
		fail(j, rc, diags);
	} else {
		succeed(j, &out, 1);
		show_results(j, 1);
	}
cleanup:
	outputs_free(&known);
	free(out);
	thidua_cluster_free(cluster);
	thidua_diags_free(diags);
}

static void cmd_sheets(tu_job *j)
{
	thidua_paths out = THIDUA_PATHS_INIT;
	thidua_cluster *cluster = NULL;
	thidua_diags *diags = thidua_diags_new();
	tu_progress *bar = NULL;
	progress pr = { j, NULL, "Đơn vị", "Unit", 0 };
	const char *ext;
	char msg[2048];
	int rc, asked = 0;

	if (!diags) {
		fail(j, THIDUA_ENOMEM, NULL);
		return;
	}
	if (busy(j))
		goto cleanup;
	if (j->sheet_format < 0)
		j->sheet_format = tu_sheet_format(j->ui.ctx);
	ext = j->sheet_format == THIDUA_SHEET_XLSX ? ".xlsx" : ".ods";
	snprintf(msg, sizeof msg, TU_T(&j->ui, "Lưu các bảng tự chấm điểm (%s) vào thư mục",
	                               "Folder for the scoring sheets (%s)"), ext);
	if (need_data(j) < 0 || check_data(j, &cluster, diags) < 0 || need_out_dir(j, msg) < 0)
		goto cleanup;
	snprintf(msg, sizeof msg, TU_T(&j->ui, "Đang tạo các bảng tự chấm điểm (%s)…",
	                               "Generating the scoring sheets (%s)…"), ext);
	bar = pr.bar = tu_progress_new(&j->ui, msg);
	for (;;) {
		rc = tu_sheets_of(&out, cluster, j->tmpl, j->out_dir, j->overwrite > 0,
		                  j->sheet_format, on_progress, &pr, diags);
		tu_progress_hide(bar);
		if (rc >= 0 || (asked = ask_overwrite(j, rc, diags, NULL, 0)) <= 0)
			break;
		thidua_diags_free(diags);
		thidua_paths_free(&out);
		if (!(diags = thidua_diags_new())) {
			rc = THIDUA_ENOMEM;
			break;
		}
	}
	if (asked < 0)
		goto cleanup;
	if (rc == THIDUA_ECANCELLED) {
		cancelled(j);
	} else if (rc < 0) {
		fail(j, rc, diags);
	} else {
		char *pw = thidua_sheets_password_path(cluster, j->out_dir);
		const char *pw_name = pw && td_last_sep(pw) ? td_last_sep(pw) + 1 : pw;

		succeed(j, out.paths, out.count);
		show_results(j, 0);
		snprintf(msg, sizeof msg,
		         TU_T(&j->ui, "Đã tạo %zu bảng tự chấm điểm (%s) trong thư mục\n%s",
		              "Wrote %zu scoring sheets (%s) to the folder\n%s"),
		         out.count, ext, j->out_dir);
		/* the head needs the password of the verification column, and
		 * must not send its file to the units */
		if (pw_name && strlen(msg) + strlen(pw_name) + 300 < sizeof msg)
			snprintf(msg + strlen(msg), sizeof msg - strlen(msg),
			         TU_T(&j->ui, "\n\nMật khẩu mở cột thẩm định ở tệp %s trong thư mục "
			                      "đó: chỉ đơn vị thẩm định giữ, không gửi cho các đơn vị.",
			              "\n\nThe password that opens the verification column is in %s "
			              "in that folder: for the verifying head only, never sent to the units."),
			         pw_name);
		free(pw);
		tu_ui_message(&j->ui, TU_BOX_INFO, msg);
	}
cleanup:
	tu_progress_free(bar);
	thidua_paths_free(&out);
	thidua_cluster_free(cluster);
	thidua_diags_free(diags);
}

/* The returned sheets: the argument, or a folder she picks. */
static int need_inputs(tu_job *j)
{
	char *start, *in;

	if (j->n_inputs > 0)
		return 0;
	start = start_folder(j);
	in = tu_ui_pick_folder(&j->ui, TU_T(&j->ui, "Thư mục các bảng chấm điểm đã gửi về",
	                                    "Folder of the returned scoring sheets"), start);
	free(start);
	if (!in)
		return -1;
	remember_folder(j, in);
	j->inputs = malloc(sizeof *j->inputs);
	if (!j->inputs) {
		free(in);
		fail(j, THIDUA_ENOMEM, NULL);
		return -1;
	}
	j->inputs[0] = in;
	j->n_inputs = 1;
	return 0;
}

static void cmd_tally(tu_job *j)
{
	tu_tally_job t = TU_TALLY_JOB_INIT;
	thidua_diags *diags = thidua_diags_new();
	outputs known = { { NULL, NULL }, 0 };
	tu_progress *bar = NULL;
	progress pr = { j, NULL, "Tệp", "File", 1 };
	int rc, asked = 0;

	if (!diags) {
		fail(j, THIDUA_ENOMEM, NULL);
		return;
	}
	if (busy(j))
		goto cleanup;
	if (need_data(j) < 0 || check_data(j, &t.cluster, diags) < 0 || need_inputs(j) < 0)
		goto cleanup;
	t.progress = on_progress;
	t.progress_data = &pr;
	/* the sheets are read and checked before the output folder is asked for */
	bar = pr.bar = tu_progress_new(&j->ui, TU_T(&j->ui, "Đang đọc các bảng chấm điểm đã gửi về…",
	                                            "Reading the returned scoring sheets…"));
	rc = tu_tally_read(&t, (const char *const *)j->inputs, j->n_inputs,
	                   j->allow_incomplete > 0, diags);
	tu_progress_hide(bar);
	if (rc == THIDUA_EDATA && j->allow_incomplete < 0 && !j->ui.quiet) {
		/* offer provisional results in the problems dialog */
		j->allow_incomplete = tu_problems(&j->ui, rc, diags, 1);
		if (!j->allow_incomplete) {
			j->state = TU_RESULT_FAILURE;
			j->exc = tu_exception(rc, NULL, diags);
			goto cleanup;
		}
		thidua_diags_free(diags);
		if (!(diags = thidua_diags_new())) {
			fail(j, THIDUA_ENOMEM, NULL);
			goto cleanup;
		}
		rc = tu_tally_read(&t, (const char *const *)j->inputs, j->n_inputs, 1, diags);
		tu_progress_hide(bar);
	}
	if (rc == THIDUA_ECANCELLED) {
		cancelled(j);
		goto cleanup;
	}
	if (rc < 0) {
		fail(j, rc, diags);
		goto cleanup;
	}
	if (need_out_dir(j, TU_T(&j->ui, "Lưu bảng tổng hợp vào thư mục",
	                         "Folder for the summary")) < 0)
		goto cleanup;
	outputs_add(&known, j->out_dir, "bang-tong-hop-ket-qua", thidua_cluster_year(t.cluster), "ods");
	outputs_add(&known, j->out_dir, "bao-cao-ket-qua", thidua_cluster_year(t.cluster), "odt");
	for (;;) {
		rc = tu_tally_write(&t, j->out_dir, j->overwrite > 0, diags);
		if (rc >= 0 ||
		    (asked = ask_overwrite(j, rc, diags, &known, thidua_tally_provisional(t.tally))) <= 0)
			break;
	}
	if (asked < 0)
		goto cleanup;
	if (rc < 0) {
		fail(j, rc, diags);
	} else {
		succeed(j, t.outputs.paths, t.outputs.count);
		show_results(j, 1);
	}
cleanup:
	tu_progress_free(bar);
	outputs_free(&known);
	tu_tally_free(&t);
	thidua_diags_free(diags);
}

/* A bundled file of the extension, or of the source tree outside one. */
static char *bundled(const char *sub, const char *name)
{
	char *p = tu_ext_file(sub, name);
	size_t n;

	if (p || strcmp(sub, "templates") != 0)
		return p;
	n = strlen(thidua_template_dir()) + strlen(name) + 2;
	if ((p = malloc(n)) != NULL)
		snprintf(p, n, "%s/%s", thidua_template_dir(), name);
	return p;
}

/* The bundled empty workbook, with its drop-down lists and instructions,
 * saved where she picks, opened. */
static void cmd_new(tu_job *j)
{
	char *tmpl = bundled("templates", "cluster-empty.fods"), *err = NULL, *start = NULL, *d;
	uno_Interface *doc = NULL;
	tu_ui ui;
	const char *path;

	if (!tmpl) {
		fail(j, THIDUA_ENOMEM, NULL);
		return;
	}
	if (!j->target) {
		start = start_folder(j);
		j->target = tu_ui_pick_file(&j->ui, TU_PICK_SAVE_WORKBOOK,
		                            TU_T(&j->ui, "Lưu sổ dữ liệu cụm mới",
		                                 "Save the new cluster workbook"),
		                            "du-lieu-cum-thi-dua.ods", start);
		if (!j->target)
			goto cleanup;
		d = dir_of(j->target);
		remember_folder(j, d);
		free(d);
	}
	ui = j->ui;
	ui.hidden |= !j->open;
	if (tu_ui_open(&ui, tmpl, 1, &doc, &err) < 0) {
		fail_msg(j, "Không mở được mẫu sổ dữ liệu.", "Cannot open the workbook template.", err);
		goto cleanup;
	}
	tu_workbook_prepare(doc, j->ui.lang);
	if (tu_ui_store_as(doc, j->target, j->overwrite > 0, &err) < 0) {
		fail_msg(j, "Không lưu được sổ dữ liệu.", "Cannot save the workbook.", err);
		goto cleanup;
	}
	path = j->target;
	succeed(j, (char *const *)&path, 1);
	if (!j->open) {
		tu_ui_close(doc);
		doc = NULL;
	}
cleanup:
	uu_release(doc);
	free(err);
	free(tmpl);
	free(start);
}

/* The bundled example workbook as a new untitled document. */
static void cmd_example(tu_job *j)
{
	char *ex = tu_ext_file("examples", "cum-xii-ha-noi-2018.fods"), *err = NULL;
	uno_Interface *doc = NULL;
	const char *none = "";
	tu_ui ui = j->ui;

	if (!ex) {
		fail_msg(j, "Không tìm thấy ví dụ đi kèm.", "The bundled example is missing.", NULL);
		return;
	}
	ui.hidden |= !j->open;
	if (tu_ui_open(&ui, ex, 1, &doc, &err) < 0) {
		fail_msg(j, "Không mở được ví dụ.", "Cannot open the example.", err);
	} else {
		succeed(j, (char *const *)&none, 1);
		if (!j->open)
			tu_ui_close(doc);
		else
			uu_release(doc);
	}
	free(ex);
	free(err);
}

static void cmd_help(tu_job *j)
{
	char *guide = tu_help_path(j->ui.lang), *err = NULL;

	if (!guide) {
		fail_msg(j, "Không tìm thấy hướng dẫn sử dụng.", "The user guide is missing.", NULL);
		return;
	}
	if (j->open && tu_open_guide(&j->ui, guide, &err) < 0)
		fail_msg(j, "Không mở được hướng dẫn sử dụng.", "Cannot open the user guide.", err);
	else
		succeed(j, &guide, 1);
	free(guide);
	free(err);
}

/* Select the cell a problem names (File + Where), opening the file. */
static void cmd_goto(tu_job *j)
{
	char *err = NULL;

	if (!j->data || !j->where) {
		j->state = TU_RESULT_FAILURE;
		j->exc = tu_exception(THIDUA_EINVAL, "Thiếu DataPath hoặc Where. / "
		                      "DataPath or Where is missing.", NULL);
		return;
	}
	if (tu_goto_cell(&j->ui, j->data, j->where, &err) < 0) {
		fail_msg(j, "Không tới được ô này.", "Cannot go to this cell.", err);
	} else {
		const char *w = j->where;

		succeed(j, (char *const *)&w, 1);
	}
	free(err);
}

static void cmd_about(tu_job *j)
{
	const char *version = THIDUA_VERSION;

	tu_ui_about(&j->ui);
	succeed(j, (char *const *)&version, 1);
}

static const struct {
	const char *name;
	void (*run)(tu_job *j);
} commands[] = {
	{ "NewWorkbook", cmd_new },
	{ "OpenExample", cmd_example },
	{ "GenerateAgreement", cmd_agreement },
	{ "GenerateSheets", cmd_sheets },
	{ "Tally", cmd_tally },
	{ "Help", cmd_help },
	{ "About", cmd_about },
	{ "GoToCell", cmd_goto },
};

/* The command a URL names ("vnd.thidua:Tally"), or -1. */
int tu_command_of(const void *url)
{
	rtl_uString *s = *(rtl_uString **)uu_field((void *)url, UU_URL, "Complete");
	size_t p = sizeof PROTOCOL - 1, i, k;

	if (!s || (size_t)s->length <= p)
		return -1;
	for (i = 0; i < p; i++)
		if (s->buffer[i] != (sal_Unicode)PROTOCOL[i])
			return -1;
	for (k = 0; k < sizeof commands / sizeof commands[0]; k++) {
		size_t n = strlen(commands[k].name);

		if ((size_t)s->length - p != n)
			continue;
		for (i = 0; i < n && s->buffer[p + i] == (sal_Unicode)commands[k].name[i]; i++)
			;
		if (i == n)
			return (int)k;
	}
	return -1;
}

void tu_command_run(int k, tu_job *j)
{
	j->ui.transcript = j->transcript;
	commands[k].run(j);
}
