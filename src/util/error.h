/* error.h - setting the thread-local last error (thidua_error_last()). */
#ifndef TD_ERROR_H
#define TD_ERROR_H

#include "thidua.h"

/* Record the calling thread's last error, with a Vietnamese and an English
 * printf format that take the same arguments. Returns code, so that
 * `return td_error(THIDUA_EIO, "...", "...", path);` reads naturally. */
int td_error(int code, const char *fmt_vi, const char *fmt_en, ...);
/* Shorthand for the out-of-memory error. */
int td_error_oom(void);

#endif
