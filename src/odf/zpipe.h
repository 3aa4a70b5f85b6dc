/* zpipe.h - one raw-deflate stream (with its CRC-32 and size) fed by one
 * thread and compressed on another: a large part is written while it is
 * still being rendered, so its compression costs no time of the thread
 * that renders it.
 *
 * The work runs on a thread of the pipe's own when the machine has a
 * second core (td_parallel_workers, THIDUA_THREADS=1 turns it off) and the
 * thread can be started; otherwise on the caller's thread, as each write
 * comes. The bytes are the same either way (zlib is deterministic).
 *
 * Only one thread may call a pipe's functions. Errors: THIDUA_ENOMEM (out
 * of memory, on either thread) or THIDUA_ERROR (zlib), with the message
 * set on the calling thread; after one, every further call returns it. */
#ifndef TD_ZPIPE_H
#define TD_ZPIPE_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

typedef struct td_zpipe td_zpipe;

/* A new stream at TD_PKG_DEFLATE_LEVEL; *out owned by the caller
 * (td_zpipe_free). */
int td_zpipe_new(td_zpipe **out);

/* Hands len bytes of the part on (copied: data is the caller's again on
 * return). Waits while the compressing thread is three blocks behind. */
int td_zpipe_write(td_zpipe *p, const char *data, size_t len);

/* As td_zpipe_write, without a copy: takes text's bytes, leaving text
 * empty (holding the memory of a block the thread is done with, or none),
 * whatever the result. */
int td_zpipe_take(td_zpipe *p, td_buf *text);

/* Ends the stream and waits for it: *z (owned by the caller, td_free; never
 * NULL on success, even for an empty part) holds *zlen deflated bytes of a
 * part of *size bytes with CRC-32 *crc. The pipe can then only be freed. */
int td_zpipe_finish(td_zpipe *p, char **z, size_t *zlen, uint64_t *size, uint32_t *crc);

/* Stops the compressing thread (waiting for the block it is on) and frees
 * everything. NULL is a no-op. */
void td_zpipe_free(td_zpipe *p);

#endif
