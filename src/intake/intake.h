/* intake.h - returned scoring sheets read back (.ods, .fods, .xlsx),
 * identified and checked against the cluster (read_scores.c). The entries
 * read are the form's (form/form.h). */
#ifndef TD_INTAKE_H
#define TD_INTAKE_H

#include <stddef.h>

#include "form/form.h"
#include "thidua.h"

/* Read every returned file (.ods, .fods, .xlsx; folders: their files of
 * those types, not recursive) and check each sheet against the cluster:
 * identity (cluster, year, unit, fingerprint), criteria text and
 * structure, values (number, range, step, no formula in a score cell),
 * duplicates and missing units. Every problem goes to diags with file and
 * cell. Returns 0 (even with problems: the caller decides), or a negative
 * code for failures that stop everything (out of memory). */
int td_scores_read(td_scores_set *out, const thidua_cluster *c, const char *const *inputs,
                   size_t n_inputs, thidua_diags *diags);
/* td_scores_read with progress (may be NULL): called before each file is
 * read, the files in folders counted first; a non-zero return stops the
 * reading with THIDUA_ECANCELLED. */
int td_scores_read_progress(td_scores_set *out, const thidua_cluster *c,
                            const char *const *inputs, size_t n_inputs,
                            thidua_progress_fn progress, void *progress_data,
                            thidua_diags *diags);
void td_scores_set_clear(td_scores_set *set);

#endif
