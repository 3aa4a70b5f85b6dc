/* cthreads.h - the part of C11's <threads.h> that thidua uses (call_once
 * and thread-specific storage). mingw-w64 has no <threads.h>: on Windows
 * it is winpthreads' (linked statically), elsewhere the C library's. */
#ifndef TD_CTHREADS_H
#define TD_CTHREADS_H

#ifdef _WIN32
#include <pthread.h>

typedef pthread_once_t once_flag;
#define ONCE_FLAG_INIT PTHREAD_ONCE_INIT
typedef pthread_key_t tss_t;
typedef void (*tss_dtor_t)(void *);
enum { thrd_success = 0, thrd_error = 2 };

static inline void call_once(once_flag *flag, void (*fn)(void)) { pthread_once(flag, fn); }

static inline int tss_create(tss_t *key, tss_dtor_t dtor)
{
	return pthread_key_create(key, dtor) ? thrd_error : thrd_success;
}

static inline void *tss_get(tss_t key) { return pthread_getspecific(key); }

static inline int tss_set(tss_t key, void *v)
{
	return pthread_setspecific(key, v) ? thrd_error : thrd_success;
}
#else
#include <threads.h>
#endif

#endif
