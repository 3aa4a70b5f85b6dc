/* alloc.c - malloc wrappers with failure injection for tests. */
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

static long fail_countdown = -1;

static int should_fail(void)
{
	if (fail_countdown < 0)
		return 0;
	if (fail_countdown == 0)
		return 1;
	fail_countdown--;
	return 0;
}

void td_alloc_fail_after(long n) { fail_countdown = n; }

void *td_malloc(size_t n)
{
	if (should_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *td_calloc(size_t count, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(count ? count : 1, size ? size : 1);
}

void *td_realloc(void *p, size_t n)
{
	if (should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
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
