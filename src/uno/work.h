/* work.h - the library calls behind the service and the menu commands. */
#ifndef THIDUA_UNO_WORK_H
#define THIDUA_UNO_WORK_H

#include "thidua.h"

/* Each call loads the cluster from data (a system path), runs the library
 * function and frees the cluster; a NULL template means the template bundled
 * in the installed extension (or the library's default outside one).
 * Return the library's code; problems go to diags; thidua_error_last()
 * describes a failure on the calling thread. Thread-safe. */
int tu_agreement(char **out_path, const char *data, const char *tmpl,
                 const char *out_dir, int overwrite, thidua_diags *diags);
/* tu_sheets writes .ods sheets whatever the options page says: the
 * service's callers (macros) get what the interface documents. */
int tu_sheets(thidua_paths *out, const char *data, const char *tmpl,
              const char *out_dir, int overwrite, thidua_diags *diags);
/* A tally and what it borrows from: the results may point into the cluster,
 * so both live until tu_tally_free. */
typedef struct tu_tally_job {
	thidua_cluster *cluster;
	thidua_tally *tally;
	thidua_paths outputs;   /* the summary workbook and the report */
	thidua_progress_fn progress; /* per returned file read, or NULL */
	void *progress_data;
} tu_tally_job;
#define TU_TALLY_JOB_INIT { NULL, NULL, THIDUA_PATHS_INIT, NULL, NULL }

/* Fills job (initialised with TU_TALLY_JOB_INIT; free it with tu_tally_free
 * whatever the result). */
int tu_tally(tu_tally_job *job, const char *data, const char *const *inputs,
             size_t n_inputs, const char *out_dir, int allow_incomplete,
             int overwrite, thidua_diags *diags);
void tu_tally_free(tu_tally_job *job);

/* The variants the menu commands use: the cluster is loaded (and so
 * checked) once with tu_load, before any output folder is asked for. */
int tu_load(thidua_cluster **out, const char *data, thidua_diags *diags);
int tu_agreement_of(char **out_path, const thidua_cluster *cluster, const char *tmpl,
                    const char *out_dir, int overwrite, thidua_diags *diags);
/* format is a thidua_sheet_format; progress (may be NULL) is called per
 * sheet and can cancel. */
int tu_sheets_of(thidua_paths *out, const thidua_cluster *cluster, const char *tmpl,
                 const char *out_dir, int overwrite, int format, thidua_progress_fn progress,
                 void *progress_data, thidua_diags *diags);
/* The tally of job->cluster (loaded by the caller, owned by the job) in two
 * steps, so that the sheets are checked before the output folder is asked
 * for: read and compute (the job's earlier tally and outputs are freed
 * first), then write. */
int tu_tally_read(tu_tally_job *job, const char *const *inputs, size_t n_inputs,
                  int allow_incomplete, thidua_diags *diags);
int tu_tally_write(tu_tally_job *job, const char *out_dir, int overwrite,
                   const thidua_diags *diags);

/* Once, before the component makes its first object: find the extension's
 * templates/ folder, which every library call then gets in its fill
 * options. Does nothing outside an installed extension. */
void tu_init(void);

/* The installed extension's folder (holding lib/, templates/, dialogs/), or
 * NULL when the component does not run from an installed extension layout.
 * Borrowed, valid for the process's life. */
const char *tu_ext_dir(void);
/* "<extension>/<sub>/<name>" when that file exists; owned (free()); NULL
 * otherwise or when out of memory. */
char *tu_ext_file(const char *sub, const char *name);

#endif
