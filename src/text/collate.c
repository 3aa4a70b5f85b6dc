/* collate.c - comparison by the Vietnamese collator (ICU "vi").
 *
 * One collator is opened on first use and shared: ICU guarantees that its
 * const APIs (ucol_strcollUTF8 takes a const UCollator *) are safe to call
 * from many threads at once. Opening is guarded by a mutex and retried on a
 * later call if it failed. */
#include "text/vi.h"
#include "text/text_int.h"
#include "util/error.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include <unicode/ucol.h>

static pthread_mutex_t coll_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic(UCollator *) coll_vi;

static const UCollator *collator(void)
{
	UCollator *c = atomic_load_explicit(&coll_vi, memory_order_acquire);
	UErrorCode e = U_ZERO_ERROR;

	if (c)
		return c;
	pthread_mutex_lock(&coll_lock);
	c = atomic_load_explicit(&coll_vi, memory_order_relaxed);
	if (!c) {
		c = ucol_open("vi", &e);
		if (U_FAILURE(e)) {
			if (c)
				ucol_close(c);
			c = NULL;
			td_icu_error(e, "open the Vietnamese collator");
		} else {
			/* Canonically equivalent input (NFD) compares equal. */
			ucol_setAttribute(c, UCOL_NORMALIZATION_MODE, UCOL_ON, &e);
			atomic_store_explicit(&coll_vi, c, memory_order_release);
		}
	}
	pthread_mutex_unlock(&coll_lock);
	return c;
}

static int sign(int v) { return (v > 0) - (v < 0); }

int td_text_compare(const char *a, const char *b)
{
	const UCollator *c;
	UErrorCode e = U_ZERO_ERROR;
	UCollationResult r;

	if (!a || !b)
		return (a != NULL) - (b != NULL);
	c = collator();
	if (c) {
		r = ucol_strcollUTF8(c, a, -1, b, -1, &e);
		if (U_SUCCESS(e) && r != UCOL_EQUAL)
			return r == UCOL_LESS ? -1 : 1;
	}
	/* Equal for the collator (or no collator): bytes decide, so that the
	 * order is total and sorting is deterministic. */
	return sign(strcmp(a, b));
}
