/* alloc.c - malloc wrappers with failure injection for tests. */
#include "util/alloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Shared by every thread (libxml2 allocates through these too, see
 * odf/xml.h): -1 when injection is off, the common case, which costs one
 * atomic load. */
static atomic_long fail_countdown = -1;
/* Allocations that returned NULL on this thread, injected or real. */
static _Thread_local unsigned long failures;
/* td_alloc_shield depth of this thread. */
static _Thread_local int shielded;

static int should_fail(void)
{
	long n = atomic_load_explicit(&fail_countdown, memory_order_relaxed);

	if (n < 0 || shielded)
		return 0;
	while (n > 0) {
		if (atomic_compare_exchange_weak(&fail_countdown, &n, n - 1))
			return 0;
	}
	return n == 0;
}

void td_alloc_shield(int on) { shielded += on ? 1 : -1; }

void td_alloc_fail_after(long n) { atomic_store(&fail_countdown, n < 0 ? -1 : n); }

unsigned long td_alloc_failures(void) { return failures; }

static void *counted(void *p)
{
	if (!p)
		failures++;
	return p;
}

void *td_malloc(size_t n)
{
	if (should_fail())
		return counted(NULL);
	return counted(malloc(n ? n : 1));
}

void *td_calloc(size_t count, size_t size)
{
	if (should_fail())
		return counted(NULL);
	return counted(calloc(count ? count : 1, size ? size : 1));
}

void *td_realloc(void *p, size_t n)
{
	if (should_fail())
		return counted(NULL);
	return counted(realloc(p, n ? n : 1));
}

void td_free(void *p) { free(p); }

char *td_strndup(const char *s, size_t n)
{
	char *r;

	if (!s)
		return NULL;
	r = td_malloc(n + 1);
	if (!r)
		return NULL;
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

char *td_strdup(const char *s) { return s ? td_strndup(s, strlen(s)) : NULL; }
