/* error.c - the thread-local last error. Messages are kept in fixed
 * thread-local storage so that reporting an error never allocates. */
#include "util/error.h"
#include "util/alloc.h"

#include <stdarg.h>
#include <stdio.h>

#define TD_ERRMSG_MAX 1024

static _Thread_local char msg_vi[TD_ERRMSG_MAX];
static _Thread_local char msg_en[TD_ERRMSG_MAX];
static _Thread_local thidua_error last;
static _Thread_local int has_last;

int td_error(int code, const char *fmt_vi, const char *fmt_en, ...)
{
	va_list ap;

	va_start(ap, fmt_en);
	vsnprintf(msg_vi, sizeof msg_vi, fmt_vi, ap);
	va_end(ap);
	va_start(ap, fmt_en);
	vsnprintf(msg_en, sizeof msg_en, fmt_en, ap);
	va_end(ap);
	last.code = code;
	last.message_vi = msg_vi;
	last.message_en = msg_en;
	has_last = 1;
	return code;
}

int td_error_oom(void)
{
	return td_error(THIDUA_ENOMEM, "Hết bộ nhớ.", "Out of memory.");
}

const thidua_error *thidua_error_last(void) { return has_last ? &last : NULL; }

void thidua_error_clear(void) { has_last = 0; }

int td_error_oom_since(int rc, unsigned long failures_before)
{
	if (rc == 0 || rc == THIDUA_ENOMEM || td_alloc_failures() == failures_before)
		return rc;
	return td_error_oom();
}
