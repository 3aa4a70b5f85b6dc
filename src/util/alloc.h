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
 * after it (n < 0 turns failure injection off). The countdown is shared by
 * all threads (atomic). libxml2's allocations count too (odf/xml.h);
 * libzip's and ICU's cannot be hooked and never fail here. */
void td_alloc_fail_after(long n);
/* How many allocations returned NULL on the calling thread so far
 * (injected or real): a parser that failed without saying why failed for
 * want of memory when this grew during the parse. */
unsigned long td_alloc_failures(void);
/* Tests' failure injection skips the calling thread's allocations between
 * td_alloc_shield(1) and td_alloc_shield(0) (they nest). Only for library
 * code that cannot survive a failed allocation and is not ours to fix:
 * libxml2 2.9's RELAX NG validator dereferences NULL after one. */
void td_alloc_shield(int on);

#endif
