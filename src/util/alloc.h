/* alloc.h - the library's allocator: malloc wrappers that a test can make
 * fail after N calls, so that every out-of-memory path gets exercised. */
#ifndef TD_ALLOC_H
#define TD_ALLOC_H

#include <stddef.h>

void *td_malloc(size_t n);
void *td_calloc(size_t count, size_t size);
void *td_realloc(void *p, size_t n);
void td_free(void *p);
/* Copies; NULL when s is NULL or memory runs out. Free with td_free. */
char *td_strdup(const char *s);
char *td_strndup(const char *s, size_t n);

/* Tests only: make the (n+1)-th allocation from now on fail and every one
 * after it (n < 0 turns failure injection off). Not thread-safe. */
void td_alloc_fail_after(long n);

#endif
