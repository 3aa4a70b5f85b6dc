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
/* rc, unless rc is a failure other than THIDUA_ENOMEM and an allocation
 * failed on this thread since td_alloc_failures() was `failures_before`:
 * then the out-of-memory error. For calls into libxml2, which turns some
 * allocation failures into "not well-formed" or a missing attribute. */
int td_error_oom_since(int rc, unsigned long failures_before);

#endif
