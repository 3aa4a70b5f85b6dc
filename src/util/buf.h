/* buf.h - a growable byte buffer (always NUL-terminated once non-empty).
 *
 * Errors are sticky: after an allocation failure every further append is a
 * no-op and returns -1, and td_buf_oom() says so, so a long run of appends can
 * be checked once at the end. */
#ifndef TD_BUF_H
#define TD_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/compat.h"

typedef struct td_buf {
	char *ptr;   /* owned; NULL until the first append */
	size_t len;
	size_t cap;
	int oom;
} td_buf;

#define TD_BUF_INIT { NULL, 0, 0, 0 }

int td_buf_grow(td_buf *b, size_t extra);
/* td_buf_put when the bytes do not fit (or after a failure) */
int td_buf_put_grow(td_buf *b, const char *s, size_t n);

/* The appends of a renderer's inner loops: inline while there is room. */
static inline int td_buf_put(td_buf *b, const char *s, size_t n)
{
	if (n < b->cap - b->len && !b->oom) { /* cap 0: len 0, never true */
		if (n)
			memcpy(b->ptr + b->len, s, n);
		b->len += n;
		b->ptr[b->len] = '\0';
		return 0;
	}
	return td_buf_put_grow(b, s, n);
}

static inline int td_buf_puts(td_buf *b, const char *s) { return td_buf_put(b, s, strlen(s)); }

static inline int td_buf_putc(td_buf *b, char c)
{
	if (b->cap - b->len > 1 && !b->oom) {
		b->ptr[b->len++] = c;
		b->ptr[b->len] = '\0';
		return 0;
	}
	return td_buf_put_grow(b, &c, 1);
}
int td_buf_printf(td_buf *b, const char *fmt, ...)
	__attribute__((format(TD_PRINTF_FMT, 2, 3)));
int td_buf_vprintf(td_buf *b, const char *fmt, va_list ap);
/* Append s escaped for XML character data (attr != 0: also for an attribute
 * value in double quotes). */
int td_buf_put_xml(td_buf *b, const char *s, size_t n, int attr);
/* Append hundredths h as a decimal: "-12", "98.5", "98.75" (point '.' or
 * ','), as few decimals as needed, no grouping. */
int td_buf_put_hundredths(td_buf *b, int64_t h, char point);
/* Append s as a JSON string literal, quotes included. NULL gives null. */
int td_buf_put_json(td_buf *b, const char *s);
void td_buf_clear(td_buf *b);
static inline int td_buf_oom(const td_buf *b) { return b->oom; }
/* The contents as a NUL-terminated string owned by the caller (td_free);
 * never NULL unless out of memory. The buffer is left empty. */
char *td_buf_detach(td_buf *b);
/* "" when empty; borrowed. */
const char *td_buf_cstr(const td_buf *b);
void td_buf_free(td_buf *b);

#endif
