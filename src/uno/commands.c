/* commands.c - the five commands of the "Thi đua" menu (NewWorkbook,
 * GenerateAgreement, GenerateSheets, Tally, About): their arguments, what
 * they ask, the library calls, and their outcome. */
#include "uno/commands.h"
#include "uno/convert.h"
#include "uno/ui.h"
#include "uno/work.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		tu_ui_problems(&j->ui, summary, diags, 0);
	free(summary);
}

/* A failure that is not the library's (a document that cannot be opened). */
static void fail_msg(tu_job *j, const char *vi_en, const char *detail)
{
	char msg[1024];

	snprintf(msg, sizeof msg, "%s%s%s", vi_en, detail ? "\n" : "", detail ? detail : "");
	j->state = TU_RESULT_FAILURE;
	j->exc = tu_exception(THIDUA_ERROR, msg, NULL);
	tu_ui_message(&j->ui, TU_BOX_ERROR, "Thi đua", msg);
}

/* ---- what a command asks --------------------------------------------- */

/* The parent folder of a path, owned; NULL when it has none. */
static char *dir_of(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
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

/* The cluster data: the argument, the open workbook, or a file she picks. */
static int need_data(tu_job *j)
{
	if (!j->data)
		j->data = tu_ui_current_data(&j->ui);
	if (!j->data)
		j->data = tu_ui_pick_file(&j->ui, TU_PICK_DATA,
		                          "Chọn dữ liệu của cụm / Choose the cluster data", NULL, NULL);
	return j->data ? 0 : -1;
}

static int need_out_dir(tu_job *j, const char *title)
{
	char *start;

	if (j->out_dir)
		return 0;
	start = dir_of(j->data);
	j->out_dir = tu_ui_pick_folder(&j->ui, title, start);
	free(start);
	return j->out_dir ? 0 : -1;
}

/* After THIDUA_EEXISTS: replace? Only when Overwrite was not given. */
static int ask_overwrite(tu_job *j, int rc)
{
	if (rc != THIDUA_EEXISTS || j->overwrite >= 0)
		return 0;
	j->overwrite = tu_ui_message(&j->ui, TU_BOX_QUERY, "Thi đua",
	                             "Tệp kết quả đã có. Ghi đè?\n"
	                             "The output file exists. Replace it?");
	return j->overwrite;
}

static void open_results(tu_job *j)
{
	size_t i;
	char *err;

	if (!j->open)
		return;
	for (i = 0; i < j->n_results; i++) {
		if (tu_ui_open(&j->ui, j->results[i], 0, NULL, &err) < 0)
			fail_msg(j, "Không mở được tệp kết quả. / Cannot open the result.", err);
		free(err);
	}
}

/* ---- the commands ---------------------------------------------------- */

static void cmd_agreement(tu_job *j)
{
	thidua_diags *diags = NULL;
	uno_Interface *si;
	char *out = NULL;
	int rc;

	if (need_data(j) < 0 ||
	    need_out_dir(j, "Lưu bản giao ước vào thư mục / Folder for the agreement") < 0)
		return;
	si = tu_ui_progress(&j->ui, "Đang tạo bản giao ước… / Generating the agreement…", 2);
	do {
		thidua_diags_free(diags);
		diags = thidua_diags_new();
		if (!diags) {
			rc = THIDUA_ENOMEM;
			break;
		}
		rc = tu_agreement(&out, j->data, j->tmpl, j->out_dir, j->overwrite > 0, diags);
	} while (rc < 0 && ask_overwrite(j, rc));
	tu_ui_progress_set(si, 2, NULL);
	tu_ui_progress_end(si);
	if (rc < 0) {
		fail(j, rc, diags);
	} else {
		succeed(j, &out, 1);
		open_results(j);
	}
	free(out);
	thidua_diags_free(diags);
}

static void cmd_sheets(tu_job *j)
{
	thidua_paths out = THIDUA_PATHS_INIT;
	thidua_diags *diags = NULL;
	uno_Interface *si;
	char msg[1024];
	int rc;

	if (need_data(j) < 0 ||
	    need_out_dir(j, "Lưu các bảng tự chấm điểm vào thư mục / Folder for the scoring sheets") < 0)
		return;
	si = tu_ui_progress(&j->ui, "Đang tạo các bảng tự chấm điểm… / Generating the scoring sheets…", 2);
	do {
		thidua_diags_free(diags);
		thidua_paths_free(&out);
		diags = thidua_diags_new();
		if (!diags) {
			rc = THIDUA_ENOMEM;
			break;
		}
		rc = tu_sheets(&out, j->data, j->tmpl, j->out_dir, j->overwrite > 0, diags);
	} while (rc < 0 && ask_overwrite(j, rc));
	tu_ui_progress_set(si, 2, NULL);
	tu_ui_progress_end(si);
	if (rc < 0) {
		fail(j, rc, diags);
	} else {
		succeed(j, out.paths, out.count);
		snprintf(msg, sizeof msg, "Đã tạo %zu bảng tự chấm điểm trong %s\n"
		         "Wrote %zu scoring sheets to %s", out.count, j->out_dir, out.count, j->out_dir);
		tu_ui_message(&j->ui, TU_BOX_INFO, "Thi đua", msg);
	}
	thidua_paths_free(&out);
	thidua_diags_free(diags);
}

static void cmd_tally(tu_job *j)
{
	tu_tally_job t = TU_TALLY_JOB_INIT;
	thidua_diags *diags = NULL;
	uno_Interface *si;
	char *summary;
	int rc, again;

	if (need_data(j) < 0)
		return;
	if (j->n_inputs == 0) {
		char *start = dir_of(j->data), *in;

		in = tu_ui_pick_folder(&j->ui, "Thư mục các bảng chấm điểm đã gửi về / "
		                       "Folder of the returned scoring sheets", start);
		free(start);
		if (!in)
			return;
		j->inputs = malloc(sizeof *j->inputs);
		if (!j->inputs) {
			free(in);
			fail(j, THIDUA_ENOMEM, NULL);
			return;
		}
		j->inputs[0] = in;
		j->n_inputs = 1;
	}
	if (need_out_dir(j, "Lưu bảng tổng hợp vào thư mục / Folder for the summary") < 0)
		return;
	si = tu_ui_progress(&j->ui, "Đang tổng hợp kết quả… / Tallying…", 2);
	do {
		again = 0;
		tu_tally_free(&t);
		thidua_diags_free(diags);
		diags = thidua_diags_new();
		if (!diags) {
			rc = THIDUA_ENOMEM;
			break;
		}
		rc = tu_tally(&t, j->data, (const char *const *)j->inputs, j->n_inputs, j->out_dir,
		              j->allow_incomplete > 0, j->overwrite > 0, diags);
		if (rc == THIDUA_EDATA && j->allow_incomplete < 0 && !j->ui.quiet) {
			/* offer provisional results in the problems dialog */
			summary = tu_summary(rc, diags);
			j->allow_incomplete = summary && tu_ui_problems(&j->ui, summary, diags, 1);
			free(summary);
			if (j->allow_incomplete) {
				again = 1;
				continue;
			}
			j->state = TU_RESULT_FAILURE;
			j->exc = tu_exception(rc, NULL, diags);
			goto done;
		}
		again = rc < 0 && ask_overwrite(j, rc);
	} while (again);
	if (rc < 0) {
		fail(j, rc, diags);
	} else {
		succeed(j, t.outputs.paths, t.outputs.count);
		open_results(j);
	}
done:
	tu_ui_progress_set(si, 2, NULL);
	tu_ui_progress_end(si);
	tu_tally_free(&t);
	thidua_diags_free(diags);
}

/* The bundled empty workbook, saved where she picks, opened. */
static void cmd_new(tu_job *j)
{
	char *tmpl = tu_ext_file("templates", "cluster-empty.fods"), *err = NULL, *lib_tmpl = NULL;
	uno_Interface *doc = NULL;
	const char *path;
	size_t n;

	if (!tmpl) {
		/* outside an installed extension: the library's template folder */
		n = strlen(thidua_template_dir()) + sizeof "/cluster-empty.fods";
		lib_tmpl = malloc(n);
		if (!lib_tmpl) {
			fail(j, THIDUA_ENOMEM, NULL);
			return;
		}
		snprintf(lib_tmpl, n, "%s/cluster-empty.fods", thidua_template_dir());
	}
	if (!j->target)
		j->target = tu_ui_pick_file(&j->ui, TU_PICK_SAVE_WORKBOOK,
		                            "Lưu sổ dữ liệu cụm mới / Save the new cluster workbook",
		                            "du-lieu-cum-thi-dua.ods", NULL);
	if (!j->target)
		goto cleanup;
	if (tu_ui_open(&j->ui, tmpl ? tmpl : lib_tmpl, 1, &doc, &err) < 0) {
		fail_msg(j, "Không mở được mẫu sổ dữ liệu. / Cannot open the workbook template.", err);
		goto cleanup;
	}
	if (tu_ui_store_as(doc, j->target, j->overwrite > 0, &err) < 0) {
		fail_msg(j, "Không lưu được sổ dữ liệu. / Cannot save the workbook.", err);
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
	free(lib_tmpl);
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
	{ "GenerateAgreement", cmd_agreement },
	{ "GenerateSheets", cmd_sheets },
	{ "Tally", cmd_tally },
	{ "About", cmd_about },
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
	commands[k].run(j);
}
