/* convert.h - UNO values from the library's results: the summary message,
 * ThiduaException with its problems, TallyResult. */
#ifndef THIDUA_UNO_CONVERT_H
#define THIDUA_UNO_CONVERT_H

#include "thidua.h"
#include "uno/uno_util.h"
#include "uno/work.h"

/* The Vietnamese and English summary of a failure with code rc: the
 * thread's last library error and the first error in diags (may be NULL).
 * Owned (free()); NULL when out of memory. Call on the failing thread. */
char *tu_summary(int rc, const thidua_diags *diags);

/* A vn.thidua.ThiduaException for a failure with code rc: Message from
 * tu_summary (or msg when not NULL), errorCode rc, problems from diags.
 * Owned struct memory (uu_struct_free / uu_throw); NULL when out of memory. */
void *tu_exception(int rc, const char *msg, const thidua_diags *diags);
/* Raise it into slot; returns -1. */
int tu_raise(uno_Any *slot, int rc, const char *msg, const thidua_diags *diags);

/* A vn.thidua.Failure with the members of exception exc (built by
 * tu_exception). Owned struct memory (uu_struct_free with UU_FAILURE); NULL
 * when out of memory. */
void *tu_failure(void *exc);

/* A vn.thidua.TallyResult of a finished tally. Owned struct memory
 * (uu_struct_free with UU_TALLYRESULT); NULL when out of memory. */
void *tu_tally_result(const tu_tally_job *job);

#endif
