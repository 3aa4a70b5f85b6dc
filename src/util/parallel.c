/* parallel.c - td_parallel_for on POSIX threads or Windows threads. */
#include "util/parallel.h"
#include "util/error.h"

#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <process.h>
#include <windows.h>
#else
#include <pthread.h>
#include <unistd.h>
#endif

typedef struct pool {
	td_task_fn fn;
	void *ctx;
	size_t n;
	atomic_size_t next;       /* the next index to hand out */
	atomic_size_t fail_index; /* lowest failing index so far, or SIZE_MAX */
	/* the failing task's error, copied out of its thread's storage */
	atomic_flag lock;
	int rc;
	int has_msg;
	char msg_vi[1024], msg_en[1024];
} pool;

typedef struct worker_arg {
	pool *p;
	unsigned id;
} worker_arg;

static void record_failure(pool *p, size_t i, int rc)
{
	const thidua_error *e = thidua_error_last();

	while (atomic_flag_test_and_set_explicit(&p->lock, memory_order_acquire))
		;
	if (i < atomic_load(&p->fail_index)) {
		atomic_store(&p->fail_index, i);
		p->rc = rc;
		p->has_msg = e && e->code == rc;
		if (p->has_msg) {
			strncpy(p->msg_vi, e->message_vi, sizeof p->msg_vi - 1);
			p->msg_vi[sizeof p->msg_vi - 1] = '\0';
			strncpy(p->msg_en, e->message_en, sizeof p->msg_en - 1);
			p->msg_en[sizeof p->msg_en - 1] = '\0';
		}
	}
	atomic_flag_clear_explicit(&p->lock, memory_order_release);
}

static void work(pool *p, unsigned id)
{
	for (;;) {
		size_t i;
		int rc;

		if (atomic_load(&p->fail_index) != SIZE_MAX)
			return; /* hand out nothing after a failure */
		i = atomic_fetch_add(&p->next, 1);
		if (i >= p->n)
			return;
		thidua_error_clear();
		rc = p->fn(p->ctx, i, id);
		if (rc)
			record_failure(p, i, rc);
	}
}

#ifdef _WIN32
typedef HANDLE td_thread;

static unsigned __stdcall thread_main(void *arg)
{
	worker_arg *w = arg;

	work(w->p, w->id);
	return 0;
}

static int thread_start(td_thread *t, worker_arg *w)
{
	uintptr_t h = _beginthreadex(NULL, 0, thread_main, w, 0, NULL);

	if (!h)
		return -1;
	*t = (HANDLE)h;
	return 0;
}

static void thread_join(td_thread t)
{
	WaitForSingleObject(t, INFINITE);
	CloseHandle(t);
}

static long online_cpus(void)
{
	SYSTEM_INFO si;

	GetSystemInfo(&si);
	return (long)si.dwNumberOfProcessors;
}
#else
typedef pthread_t td_thread;

static void *thread_main(void *arg)
{
	worker_arg *w = arg;

	work(w->p, w->id);
	return NULL;
}

static int thread_start(td_thread *t, worker_arg *w)
{
	return pthread_create(t, NULL, thread_main, w) ? -1 : 0;
}

static void thread_join(td_thread t) { pthread_join(t, NULL); }

static long online_cpus(void) { return sysconf(_SC_NPROCESSORS_ONLN); }
#endif

unsigned td_parallel_workers(size_t n)
{
	const char *env = getenv("THIDUA_THREADS");
	long cpus = online_cpus();

	if (env && *env) {
		char *end;
		long v = strtol(env, &end, 10);

		if (*end == '\0' && v >= 1 && v <= TD_PARALLEL_MAX)
			cpus = v;
	}
	if (cpus < 1)
		cpus = 1;
	if (cpus > TD_PARALLEL_MAX)
		cpus = TD_PARALLEL_MAX;
	if ((size_t)cpus > n)
		cpus = n ? (long)n : 1;
	return (unsigned)cpus;
}

int td_parallel_for(size_t n, unsigned threads, td_task_fn fn, void *ctx)
{
	pool p;
	td_thread th[TD_PARALLEL_MAX];
	worker_arg args[TD_PARALLEL_MAX];
	unsigned started = 0, k;

	if (threads == 0)
		threads = td_parallel_workers(n);
	if (threads > TD_PARALLEL_MAX)
		threads = TD_PARALLEL_MAX;
	memset(&p, 0, sizeof p);
	p.fn = fn;
	p.ctx = ctx;
	p.n = n;
	atomic_init(&p.next, 0);
	atomic_init(&p.fail_index, SIZE_MAX);
	atomic_flag_clear(&p.lock);

	for (k = 1; k < threads; k++) {
		args[k].p = &p;
		args[k].id = k;
		if (thread_start(&th[k], &args[k]))
			break; /* fewer workers; the calling thread still runs */
		started++;
	}
	work(&p, 0);
	for (k = 1; k <= started; k++)
		thread_join(th[k]);

	if (atomic_load(&p.fail_index) == SIZE_MAX)
		return 0;
	if (p.has_msg) {
		/* both formats take both messages; each prints its own */
		td_error(p.rc, "%s%.0s", "%.0s%s", p.msg_vi, p.msg_en);
	}
	return p.rc;
}
