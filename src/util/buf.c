/* buf.c - growable byte buffer with sticky out-of-memory state. */
#include "util/buf.h"
#include "util/alloc.h"

#include <stdio.h>
#include <string.h>

int td_buf_grow(td_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->oom)
		return -1;
	if (extra > ((size_t)-1) / 2 - b->len - 1)
		goto fail;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	p = td_realloc(b->ptr, cap);
	if (!p)
		goto fail;
	b->ptr = p;
	b->cap = cap;
	return 0;
fail:
	b->oom = 1;
	return -1;
}

int td_buf_put_grow(td_buf *b, const char *s, size_t n)
{
	if (td_buf_grow(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->ptr + b->len, s, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}


int td_buf_vprintf(td_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (b->oom)
		return -1;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || td_buf_grow(b, (size_t)n) < 0)
		return -1;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int td_buf_printf(td_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = td_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return r;
}

int td_buf_put_xml(td_buf *b, const char *s, size_t n, int attr)
{
	size_t i, start = 0;
	const char *rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = attr ? "&quot;" : NULL; break;
		case '\n': rep = attr ? "&#10;" : NULL; break;
		case '\t': rep = attr ? "&#9;" : NULL; break;
		case '\r': rep = "&#13;"; break;
		default: rep = NULL;
		}
		if (!rep)
			continue;
		td_buf_put(b, s + start, i - start);
		td_buf_puts(b, rep);
		start = i + 1;
	}
	td_buf_put(b, s + start, n - start);
	return b->oom ? -1 : 0;
}

int td_buf_put_hundredths(td_buf *b, int64_t h, char point)
{
	uint64_t a = h < 0 ? (uint64_t)(-(h + 1)) + 1 : (uint64_t)h;
	unsigned frac = (unsigned)(a % 100);
	char d[24], *p = d + sizeof d;
	uint64_t w = a / 100;

	/* written backwards: decimals, point, whole part, sign */
	if (frac % 10) {
		*--p = (char)('0' + frac % 10);
		*--p = (char)('0' + frac / 10);
		*--p = point;
	} else if (frac) {
		*--p = (char)('0' + frac / 10);
		*--p = point;
	}
	do {
		*--p = (char)('0' + w % 10);
		w /= 10;
	} while (w);
	if (h < 0)
		*--p = '-';
	return td_buf_put(b, p, (size_t)(d + sizeof d - p));
}

int td_buf_put_json(td_buf *b, const char *s)
{
	const unsigned char *p;

	if (!s)
		return td_buf_puts(b, "null");
	td_buf_putc(b, '"');
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': td_buf_puts(b, "\\\""); break;
		case '\\': td_buf_puts(b, "\\\\"); break;
		case '\n': td_buf_puts(b, "\\n"); break;
		case '\r': td_buf_puts(b, "\\r"); break;
		case '\t': td_buf_puts(b, "\\t"); break;
		default:
			if (*p < 0x20)
				td_buf_printf(b, "\\u%04x", *p);
			else
				td_buf_putc(b, (char)*p);
		}
	}
	td_buf_putc(b, '"');
	return b->oom ? -1 : 0;
}

void td_buf_clear(td_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

char *td_buf_detach(td_buf *b)
{
	char *p;

	if (b->oom) {
		td_buf_free(b);
		return NULL;
	}
	if (!b->ptr && td_buf_put(b, "", 0) < 0)
		return NULL;
	p = b->ptr;
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

const char *td_buf_cstr(const td_buf *b) { return b->ptr ? b->ptr : ""; }

void td_buf_free(td_buf *b)
{
	td_free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
}
