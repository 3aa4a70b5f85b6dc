/* utf8.c - strict UTF-8 decoding and validation, white space classes. */
#include "text/vi.h"
#include "text/text_int.h"

#include <string.h>

int td_utf8_next(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c = u[0];
	unsigned char lo = 0x80, hi = 0xBF;
	int len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
		if (u[0] == 0xE0)
			lo = 0xA0;        /* overlong */
		else if (u[0] == 0xED)
			hi = 0x9F;        /* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		c &= 0x07;
		if (u[0] == 0xF0)
			lo = 0x90;        /* overlong */
		else if (u[0] == 0xF4)
			hi = 0x8F;        /* above U+10FFFF */
	} else {
		return 0;
	}
	if ((size_t)len > n)
		return 0;
	for (i = 1; i < len; i++) {
		unsigned char b = u[i];

		if (b < lo || b > hi)
			return 0;
		lo = 0x80;
		hi = 0xBF;
		c = (c << 6) | (b & 0x3F);
	}
	*cp = c;
	return len;
}

int td_utf8_put(char *dst, uint32_t cp)
{
	unsigned char *d = (unsigned char *)dst;

	if (cp < 0x80) {
		d[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (unsigned char)(0xC0 | (cp >> 6));
		d[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (unsigned char)(0xE0 | (cp >> 12));
		d[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		d[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	d[0] = (unsigned char)(0xF0 | (cp >> 18));
	d[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	d[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	d[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

uint32_t td_text_next_or_byte(const char *s, size_t n, size_t *i, int utf8)
{
	uint32_t c;
	int k;

	if (*i >= n)
		return 0;
	if (utf8) {
		k = td_utf8_next(s + *i, n - *i, &c);
		*i += (size_t)(k ? k : 1);
		return k ? c : 0xFFFD;
	}
	return (unsigned char)s[(*i)++];
}

int td_utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	int k;

	if (!s)
		return n == 0;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		k = td_utf8_next(s + i, n - i, &cp);
		if (!k)
			return 0;
		i += (size_t)k;
	}
	return 1;
}

void td_text_snippet(char *dst, size_t cap, const char *s)
{
	size_t n = strlen(s), k;

	if (n < cap) {
		memcpy(dst, s, n + 1);
		return;
	}
	k = cap - 4;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	memcpy(dst, s, k);
	memcpy(dst + k, "...", 4);
}

int td_text_is_space(uint32_t cp)
{
	if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D))
		return 1;
	if (cp < 0x85)
		return 0;
	return cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

int td_text_is_group_space(uint32_t cp)
{
	return cp == ' ' || cp == 0xA0 || cp == 0x2007 || cp == 0x2009 ||
	       cp == 0x202F;
}
