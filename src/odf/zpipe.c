/* zpipe.c - a raw-deflate stream compressed on a thread of its own (see
 * zpipe.h). The caller copies each block into one of three slots, a ring
 * the thread empties in order; one mutex and one condition guard the ring
 * and the thread's state. Nothing but the slots' contents and the ring's
 * counters is shared: the z_stream, the output and the CRC belong to the
 * thread until it says it is done. */
#include "odf/zpipe.h"
#include "odf/package.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/parallel.h"

#include <pthread.h>
#include <string.h>
#include <zlib.h>

#define SLOTS 3
#define OUT_STEP 65536
#define MEM_LEVEL 8 /* as package_write.c */

struct td_zpipe {
	z_stream z;
	int z_ok;              /* deflateInit2 succeeded */
	td_buf out;            /* deflated so far */
	uint32_t crc;
	uint64_t size;
	int failed;            /* 0, THIDUA_ENOMEM or THIDUA_ERROR (zr) */
	int zr;
	int finished;          /* the stream has its end */
	int taken;             /* td_zpipe_finish was called */
	/* the thread, when there is one */
	int threaded;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	td_buf slot[SLOTS];
	size_t head, count;    /* slots [head, head + count) wait, mod SLOTS */
	int end;               /* the caller has no more: finish the stream */
	int stop;              /* the caller gives up: stop now */
	int done;              /* the thread has ended (finished or failed) */
};

/* Compress data into p->out (flush Z_FINISH: and end the stream). Runs on
 * one thread at a time; sets no error message (a thread's own). */
static int deflate_some(td_zpipe *p, const char *data, size_t len, int flush)
{
	z_stream *z = &p->z;
	int zr;

	if (len) {
		p->crc = (uint32_t)crc32(p->crc, (const Bytef *)data, (uInt)len);
		p->size += len;
	}
	z->next_in = (Bytef *)data;
	z->avail_in = (uInt)len;
	do {
		if (td_buf_grow(&p->out, OUT_STEP) < 0) {
			p->failed = THIDUA_ENOMEM;
			return -1;
		}
		z->next_out = (Bytef *)p->out.ptr + p->out.len;
		z->avail_out = OUT_STEP;
		zr = deflate(z, flush);
		p->out.len += OUT_STEP - z->avail_out;
		if (zr == Z_STREAM_ERROR) {
			p->failed = THIDUA_ERROR;
			p->zr = zr;
			return -1;
		}
	} while (z->avail_in || (flush == Z_FINISH && zr != Z_STREAM_END));
	if (flush == Z_FINISH)
		p->finished = 1;
	return 0;
}

/* Blocks of at most 1 GiB: zlib counts in uInt. */
static int deflate_all(td_zpipe *p, const char *data, size_t len)
{
	while (len) {
		size_t n = len > ((size_t)1 << 30) ? (size_t)1 << 30 : len;

		if (deflate_some(p, data, n, Z_NO_FLUSH) < 0)
			return -1;
		data += n;
		len -= n;
	}
	return 0;
}

/* The error of a failed stream, set on the calling thread. */
static int fail(const td_zpipe *p)
{
	if (p->failed == THIDUA_ENOMEM)
		return td_error_oom();
	return td_error(THIDUA_ERROR, "Lỗi nén dữ liệu (zlib %d).", "Compression failed (zlib %d).",
	                p->zr);
}

static void *thread_main(void *arg)
{
	td_zpipe *p = arg;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		td_buf *s;
		int r;

		while (!p->count && !p->end && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->stop)
			break;
		if (!p->count) { /* p->end: a failure is in p->failed */
			pthread_mutex_unlock(&p->mu);
			deflate_some(p, NULL, 0, Z_FINISH);
			pthread_mutex_lock(&p->mu);
			break;
		}
		s = &p->slot[p->head];
		pthread_mutex_unlock(&p->mu);
		r = deflate_all(p, s->ptr, s->len);
		pthread_mutex_lock(&p->mu);
		td_buf_clear(s);
		p->head = (p->head + 1) % SLOTS;
		p->count--;
		pthread_cond_broadcast(&p->cv); /* a slot is free */
		if (r < 0)
			break;
	}
	p->done = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Tells the thread to stop (it finishes the block it is on), waits for it
 * and goes on without one: whatever it wrote is the caller's to read. */
static void stop_thread(td_zpipe *p)
{
	if (!p->threaded)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->th, NULL);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	p->threaded = 0;
}

int td_zpipe_new(td_zpipe **out)
{
	td_zpipe *p;

	*out = NULL;
	if (!(p = td_calloc(1, sizeof *p)))
		return td_error_oom();
	if (deflateInit2(&p->z, TD_PKG_DEFLATE_LEVEL, Z_DEFLATED, -MAX_WBITS, MEM_LEVEL,
	                 Z_DEFAULT_STRATEGY) != Z_OK) {
		td_free(p);
		return td_error_oom();
	}
	p->z_ok = 1;
	p->crc = (uint32_t)crc32(0L, Z_NULL, 0);
	if (td_parallel_workers(2) > 1) {
		if (pthread_mutex_init(&p->mu, NULL) == 0) {
			if (pthread_cond_init(&p->cv, NULL) == 0) {
				if (pthread_create(&p->th, NULL, thread_main, p) == 0)
					p->threaded = 1;
				else
					pthread_cond_destroy(&p->cv);
			}
			if (!p->threaded)
				pthread_mutex_destroy(&p->mu);
		}
		/* no thread: the caller's does the work, as on one core */
	}
	*out = p;
	return 0;
}

/* Hands data on: copied into a free slot, or (text) swapped into it. */
static int hand_on(td_zpipe *p, const char *data, size_t len, td_buf *text)
{
	td_buf *s;
	int done;

	if (p->taken)
		return td_error(THIDUA_EINVAL, "Luồng nén đã kết thúc.", "The stream has ended.");
	if (!p->threaded) {
		if (p->failed)
			return fail(p);
		return deflate_all(p, data, len) < 0 ? fail(p) : 0;
	}
	if (!len)
		return 0;
	pthread_mutex_lock(&p->mu);
	while (p->count == SLOTS && !p->done)
		pthread_cond_wait(&p->cv, &p->mu);
	done = p->done; /* before the end, only a failure ends the thread */
	s = &p->slot[(p->head + p->count) % SLOTS];
	pthread_mutex_unlock(&p->mu);
	if (done) {
		stop_thread(p); /* p->failed is now ours to read */
		return fail(p);
	}
	/* the thread reads only slots [head, head + count): this one is ours */
	if (text) {
		td_buf t = *s; /* empty, with the room of a block done with */

		*s = *text;
		*text = t;
	} else if (td_buf_put(s, data, len) < 0) {
		stop_thread(p);
		p->failed = THIDUA_ENOMEM;
		return fail(p);
	}
	pthread_mutex_lock(&p->mu);
	p->count++;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return 0;
}

int td_zpipe_write(td_zpipe *p, const char *data, size_t len)
{
	return hand_on(p, data, len, NULL);
}

int td_zpipe_take(td_zpipe *p, td_buf *text)
{
	int rc = hand_on(p, text->ptr, text->len, text);

	td_buf_clear(text);
	return rc;
}

int td_zpipe_finish(td_zpipe *p, char **z, size_t *zlen, uint64_t *size, uint32_t *crc)
{
	*z = NULL;
	*zlen = 0;
	if (p->taken)
		return td_error(THIDUA_EINVAL, "Luồng nén đã kết thúc.", "The stream has ended.");
	p->taken = 1;
	if (p->threaded) {
		pthread_mutex_lock(&p->mu);
		p->end = 1;
		pthread_cond_broadcast(&p->cv);
		while (!p->done)
			pthread_cond_wait(&p->cv, &p->mu);
		pthread_mutex_unlock(&p->mu);
		stop_thread(p); /* it has ended: joined, everything is ours */
	} else if (!p->failed) {
		deflate_some(p, NULL, 0, Z_FINISH);
	}
	if (p->failed)
		return fail(p);
	*zlen = p->out.len;
	*z = td_buf_detach(&p->out);
	if (!*z)
		return td_error_oom();
	*size = p->size;
	*crc = p->crc;
	return 0;
}

void td_zpipe_free(td_zpipe *p)
{
	size_t i;

	if (!p)
		return;
	stop_thread(p);
	for (i = 0; i < SLOTS; i++)
		td_buf_free(&p->slot[i]);
	if (p->z_ok)
		deflateEnd(&p->z);
	td_buf_free(&p->out);
	td_free(p);
}
