/* work.c - the library calls behind the service and the menu commands:
 * load the cluster, generate, tally, with the extension's bundled templates
 * by default. */
#include "uno/work.h"
#include "util/compat.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char ext_dir[4096];
static pthread_once_t ext_once = PTHREAD_ONCE_INIT;
static const char anchor = 0; /* an address inside this library */

/* The library is <extension>/lib/libthidua_uno.so (thidua_uno.dll). */
static void find_ext_dir(void)
{
	char *slash;

	if (td_module_path(&anchor, ext_dir, sizeof ext_dir) < 0) {
		ext_dir[0] = '\0';
		return;
	}
	for (int up = 0; up < 2; up++) {
		slash = (char *)td_last_sep(ext_dir);
		if (!slash || slash == ext_dir) {
			ext_dir[0] = '\0';
			return;
		}
		*slash = '\0';
	}
	if (strcmp(slash + 1, "lib") != 0)
		ext_dir[0] = '\0';
}

const char *tu_ext_dir(void)
{
	pthread_once(&ext_once, find_ext_dir);
	return ext_dir[0] ? ext_dir : NULL;
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static char template_dir[4096 + 16];

/* The bundled templates of the installed extension, passed to the library
 * in the fill options (the library's own default folder is the build
 * machine's). Found once, when LibreOffice asks for the first factory. */
static void find_template_dir(void)
{
	const char *ext = tu_ext_dir();

	if (!ext)
		return;
	snprintf(template_dir, sizeof template_dir, "%s/templates", ext);
	if (td_access(template_dir, R_OK) != 0)
		template_dir[0] = '\0';
}

void tu_init(void)
{
	pthread_once(&init_once, find_template_dir);
}

/* Fill options with the extension's template folder (NULL outside one:
 * the library's default). */
static void ext_options(thidua_fill_options *o, int overwrite)
{
	tu_init();
	o->overwrite = overwrite;
	o->template_dir = template_dir[0] ? template_dir : NULL;
}

char *tu_ext_file(const char *sub, const char *name)
{
	const char *dir = tu_ext_dir();
	size_t n;
	char *p;

	if (!dir)
		return NULL;
	n = strlen(dir) + strlen(sub) + strlen(name) + 3;
	p = malloc(n);
	if (!p)
		return NULL;
	snprintf(p, n, "%s/%s/%s", dir, sub, name);
	if (td_access(p, R_OK) != 0) {
		free(p);
		return NULL;
	}
	return p;
}

int tu_load(thidua_cluster **out, const char *data, thidua_diags *diags)
{
	thidua_error_clear();
	return thidua_cluster_load(out, data, diags);
}

int tu_agreement_of(char **out_path, const thidua_cluster *cluster, const char *tmpl,
                    const char *out_dir, int overwrite, thidua_diags *diags)
{
	thidua_fill_options opts = THIDUA_FILL_OPTIONS_INIT;

	ext_options(&opts, overwrite);
	thidua_error_clear();
	return thidua_generate_agreement(out_path, cluster, tmpl, out_dir, &opts, diags);
}

int tu_sheets_of(thidua_paths *out, const thidua_cluster *cluster, const char *tmpl,
                 const char *out_dir, int overwrite, int format, thidua_progress_fn progress,
                 void *progress_data, thidua_diags *diags)
{
	thidua_fill_options opts = THIDUA_FILL_OPTIONS_INIT;

	ext_options(&opts, overwrite);
	opts.sheet_format = format;
	opts.progress = progress;
	opts.progress_data = progress_data;
	thidua_error_clear();
	return thidua_generate_sheets(out, cluster, tmpl, out_dir, &opts, diags);
}

int tu_agreement(char **out_path, const char *data, const char *tmpl,
                 const char *out_dir, int overwrite, thidua_diags *diags)
{
	thidua_cluster *cluster = NULL;
	int rc = tu_load(&cluster, data, diags);

	if (rc == 0)
		rc = tu_agreement_of(out_path, cluster, tmpl, out_dir, overwrite, diags);
	thidua_cluster_free(cluster);
	return rc;
}

int tu_sheets(thidua_paths *out, const char *data, const char *tmpl,
              const char *out_dir, int overwrite, thidua_diags *diags)
{
	thidua_cluster *cluster = NULL;
	int rc = tu_load(&cluster, data, diags);

	if (rc == 0)
		rc = tu_sheets_of(out, cluster, tmpl, out_dir, overwrite, THIDUA_SHEET_ODS, NULL,
		                  NULL, diags);
	thidua_cluster_free(cluster);
	return rc;
}

int tu_tally_read(tu_tally_job *job, const char *const *inputs, size_t n_inputs,
                  int allow_incomplete, thidua_diags *diags)
{
	thidua_tally_options topts = THIDUA_TALLY_OPTIONS_INIT;

	topts.allow_incomplete = allow_incomplete;
	topts.progress = job->progress;
	topts.progress_data = job->progress_data;
	thidua_error_clear();
	thidua_paths_free(&job->outputs);
	thidua_tally_free(job->tally);
	job->tally = NULL;
	return thidua_tally_run(&job->tally, job->cluster, inputs, n_inputs, &topts, diags);
}

int tu_tally_write(tu_tally_job *job, const char *out_dir, int overwrite,
                   const thidua_diags *diags)
{
	thidua_fill_options fopts = THIDUA_FILL_OPTIONS_INIT;

	ext_options(&fopts, overwrite);
	thidua_error_clear();
	thidua_paths_free(&job->outputs);
	return thidua_tally_write(&job->outputs, job->tally, out_dir, &fopts, diags);
}

int tu_tally(tu_tally_job *job, const char *data, const char *const *inputs,
             size_t n_inputs, const char *out_dir, int allow_incomplete,
             int overwrite, thidua_diags *diags)
{
	int rc = tu_load(&job->cluster, data, diags);

	if (rc < 0)
		return rc;
	rc = tu_tally_read(job, inputs, n_inputs, allow_incomplete, diags);
	if (rc < 0)
		return rc;
	return tu_tally_write(job, out_dir, overwrite, diags);
}

void tu_tally_free(tu_tally_job *job)
{
	thidua_paths_free(&job->outputs);
	thidua_tally_free(job->tally);
	thidua_cluster_free(job->cluster);
	job->tally = NULL;
	job->cluster = NULL;
}
