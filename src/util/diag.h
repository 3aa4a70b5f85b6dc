/* diag.h - adding problems to a thidua_diags list (see thidua.h). */
#ifndef TD_DIAG_H
#define TD_DIAG_H

#include "thidua.h"

/* Append a problem. Every string argument is copied; file, where, tag and
 * snippet may be NULL. The two formats take the same arguments. diags may be
 * NULL (the problem is then only counted by the caller's return code).
 * Returns 0, or THIDUA_ENOMEM. */
int td_diag_add(thidua_diags *diags, thidua_severity sev, const char *code,
                const char *file, const char *where, const char *tag,
                const char *snippet, const char *fmt_vi, const char *fmt_en, ...);

/* The same with ready-made messages (no formatting). */
int td_diag_add_msg(thidua_diags *diags, thidua_severity sev, const char *code,
                    const char *file, const char *where, const char *tag,
                    const char *snippet, const char *msg_vi, const char *msg_en);

/* Shorthands for the common cases. */
#define td_diag_error(d, code, file, where, ...) \
	td_diag_add((d), THIDUA_SEV_ERROR, (code), (file), (where), NULL, NULL, __VA_ARGS__)
#define td_diag_warn(d, code, file, where, ...) \
	td_diag_add((d), THIDUA_SEV_WARNING, (code), (file), (where), NULL, NULL, __VA_ARGS__)

/* Set the file name of every entry from index `from` on that has none. */
int td_diags_set_file(thidua_diags *diags, size_t from, const char *file);

#endif
