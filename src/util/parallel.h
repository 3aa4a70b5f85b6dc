/* parallel.h - running independent tasks on the machine's cores.
 *
 * One call, td_parallel_for, runs fn(ctx, i, worker) for every i in [0, n)
 * on a few threads and returns when all have finished. Tasks are handed out
 * in increasing order of i; after a task fails no further index is handed
 * out. The result is that of the lowest failing index, with its error
 * message (thidua_error_last) moved onto the calling thread, so a run gives
 * the same result as a loop over i would: every index below the lowest
 * failing one has run to completion.
 *
 * Tasks must not share mutable state except through ctx with their own
 * synchronisation; the usual pattern is one result slot per index (or per
 * worker, `worker` being in [0, threads)), merged by the caller in index
 * order so that output never depends on scheduling.
 */
#ifndef TD_PARALLEL_H
#define TD_PARALLEL_H

#include <stddef.h>

/* At most this many threads, whatever the machine. */
#define TD_PARALLEL_MAX 8

typedef int (*td_task_fn)(void *ctx, size_t i, unsigned worker);

/* How many workers td_parallel_for(n, 0, …) uses for n tasks: the online
 * CPUs, at most TD_PARALLEL_MAX and at most n, at least 1. The environment
 * variable THIDUA_THREADS (1 to TD_PARALLEL_MAX) overrides the CPU count. */
unsigned td_parallel_workers(size_t n);

/* Runs the tasks on `threads` workers (0: td_parallel_workers(n); 1: on the
 * calling thread alone, no thread created). The calling thread is one of
 * the workers (worker 0); a thread that cannot be started means one worker
 * fewer, never a failure, so a machine out of threads still does the job.
 * Returns 0 or the lowest failing index's code (its message set on the
 * calling thread when the task had set one). */
int td_parallel_for(size_t n, unsigned threads, td_task_fn fn, void *ctx);

#endif
