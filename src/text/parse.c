/* parse.c - decimals written by people ("98,5", "1.234,5", "1,234.5",
 * "1 234,5") to exact hundredths.
 *
 * Accepted: optional white space (NBSP too) around; a sign "-", "+" or
 * U+2212; digits, optionally grouped by threes with "." "," or a space
 * (space, NBSP, thin, figure or narrow no-break space, one at a time);
 * optionally one decimal separator "." or "," with 1-2 digits after it, or
 * a leading one (",5"). When both "." and "," appear the last one is the
 * decimal separator. A lone "." or "," after 1-3 digits (not starting with
 * 0) and before exactly 3 digits ("1.234") is ambiguous: it is read as
 * grouping and *ambiguous is set. Anything else fails with THIDUA_EFORMAT,
 * as do values beyond the int64 range in hundredths. */
#include "text/vi.h"
#include "text/text_int.h"
#include "util/error.h"

#include <string.h>

#define MAX_GROUPS 16

struct num {
	const char *g[MAX_GROUPS];  /* digit runs */
	size_t glen[MAX_GROUPS];
	char sep[MAX_GROUPS];       /* sep[i] precedes g[i]; sep[0] unused */
	int n;                      /* number of digit runs */
	int lead;                   /* a separator came before the first run */
};

static int fail(const char *s)
{
	char snip[48];

	if (!td_utf8_valid(s, strlen(s)))
		return td_error(THIDUA_EFORMAT,
		                "Số không phải UTF-8 hợp lệ.",
		                "The number is not valid UTF-8.");
	td_text_snippet(snip, sizeof snip, s);
	return td_error(THIDUA_EFORMAT, "Không đọc được số \"%s\".",
	                "Cannot read the number \"%s\".", snip);
}

/* Split s[0..n) (trimmed, sign removed) into digit runs and separators. */
static int split(struct num *t, const char *s, size_t n)
{
	size_t i = 0;
	char pend = 0;
	uint32_t cp;
	int k;

	memset(t, 0, sizeof *t);
	while (i < n) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (t->n == MAX_GROUPS)
				return -1;
			if (t->n == 0 && pend)
				t->lead = 1;
			t->g[t->n] = s + i;
			t->sep[t->n] = pend;
			while (i < n && s[i] >= '0' && s[i] <= '9')
				i++;
			t->glen[t->n] = (size_t)(s + i - t->g[t->n]);
			t->n++;
			pend = 0;
			continue;
		}
		if (pend)
			return -1;           /* two separators in a row */
		if (s[i] == '.' || s[i] == ',') {
			pend = s[i++];
			continue;
		}
		k = td_utf8_next(s + i, n - i, &cp);
		if (!k || !td_text_is_group_space(cp) || t->n == 0)
			return -1;
		pend = ' ';
		i += (size_t)k;
	}
	if (pend || t->n == 0)
		return -1;                   /* trailing separator, no digits */
	if (t->lead && (t->n != 1 || t->sep[0] == ' '))
		return -1;
	return 0;
}

static int add_digits(uint64_t *v, const char *g, size_t len)
{
	const uint64_t limit = (uint64_t)INT64_MAX / 100;
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned d = (unsigned)(g[i] - '0');

		if (*v > (limit - d) / 10)
			return -1;
		*v = *v * 10 + d;
	}
	return 0;
}

int td_parse_decimal(int64_t *hundredths, const char *s, int *ambiguous)
{
	const char *p, *end;
	struct num t;
	uint64_t ip = 0, fp = 0, total;
	int neg = 0, ngroup, i, amb = 0;
	char dsep = 0, gsep = 0;
	size_t n;
	uint32_t cp;
	int k;

	if (ambiguous)
		*ambiguous = 0;
	if (!hundredths || !s)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	*hundredths = 0;
	n = strlen(s);
	/* Trim white space. */
	p = s;
	end = s + n;
	while (p < end && (k = td_utf8_next(p, (size_t)(end - p), &cp)) &&
	       td_text_is_space(cp))
		p += k;
	{
		const char *q = p, *last = p;

		while (q < end) {
			k = td_utf8_next(q, (size_t)(end - q), &cp);
			if (!k)
				return fail(s);
			q += k;
			if (!td_text_is_space(cp))
				last = q;
		}
		end = last;
	}
	/* Sign. */
	if (p < end && (*p == '-' || *p == '+')) {
		neg = *p == '-';
		p++;
	} else if (end - p >= 3 && memcmp(p, "\xE2\x88\x92", 3) == 0) {
		neg = 1;
		p += 3;
	}
	if (split(&t, p, (size_t)(end - p)) < 0)
		return fail(s);

	/* Which separator is the decimal one? */
	ngroup = t.n;
	if (t.lead) {
		dsep = t.sep[0];
	} else if (t.n > 1 && t.sep[t.n - 1] != ' ') {
		char last = t.sep[t.n - 1];
		int count = 0, other = 0;

		for (i = 1; i < t.n; i++) {
			if (t.sep[i] == last)
				count++;
			else if (!gsep)
				gsep = t.sep[i];
			else if (t.sep[i] != gsep)
				return fail(s);
		}
		other = gsep != 0;
		if (count > 1) {
			if (other)
				return fail(s);  /* "1.234.567,8.9" */
			gsep = last;
		} else if (other) {
			dsep = last;
			ngroup = t.n - 1;
		} else if (t.glen[1] == 3 && t.glen[0] <= 3 && t.g[0][0] != '0') {
			gsep = last;             /* "1.234": grouping */
			amb = 1;
		} else {
			dsep = last;
			ngroup = 1;
		}
	} else if (t.n > 1) {
		gsep = ' ';
	}
	if (gsep) {
		for (i = 1; i < ngroup; i++)
			if (t.sep[i] != gsep)
				return fail(s);
	}
	/* Grouped digits: 1-3, then threes. */
	if (ngroup > 1) {
		if (t.glen[0] > 3 || t.g[0][0] == '0')
			return fail(s);
		for (i = 1; i < ngroup; i++)
			if (t.glen[i] != 3)
				return fail(s);
	}
	if (!t.lead) {
		for (i = 0; i < ngroup; i++)
			if (add_digits(&ip, t.g[i], t.glen[i]) < 0)
				return fail(s);
	}
	if (dsep) {
		const char *g = t.g[t.n - 1];
		size_t gl = t.glen[t.n - 1];

		if (gl > 2)
			return td_error(THIDUA_EFORMAT,
			                "Số có quá 2 chữ số thập phân.",
			                "A number has more than 2 decimals.");
		fp = (uint64_t)(g[0] - '0') * 10;
		if (gl == 2)
			fp += (uint64_t)(g[1] - '0');
	}
	total = ip * 100 + fp;
	if (total > (uint64_t)INT64_MAX)
		return fail(s);
	*hundredths = neg ? -(int64_t)total : (int64_t)total;
	if (ambiguous)
		*ambiguous = amb;
	return 0;
}

/* td_parse_xsd_number: see vi.h. Read from the digits, never through a
 * double. */
int td_parse_xsd_number(int64_t *h, const char *s)
{
	char d[40];
	int nd = 0, point = -1, neg = 0, any = 0, far = 0, i, keep, start, zeros, nines, rest;
	long ex = 0;
	int64_t v = 0;

	while (*s == ' ')
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; (*s >= '0' && *s <= '9') || *s == '.'; s++) {
		if (*s == '.') {
			if (point >= 0)
				return -1;
			point = nd;
			continue;
		}
		any = 1;
		if (nd == 0 && *s == '0') {
			if (point >= 0)
				ex--; /* 0.05: a leading zero after the point */
			continue;
		}
		if (nd >= (int)sizeof d) {
			if (point < 0)
				return -1; /* an integer part of 40 digits */
			far |= *s != '0'; /* a digit far beyond the hundredths */
			continue;
		}
		d[nd++] = *s;
	}
	if (!any)
		return -1;
	if (point < 0)
		point = nd;
	if (*s == 'e' || *s == 'E') {
		int eneg = 0;
		long e = 0;

		s++;
		if (*s == '-' || *s == '+')
			eneg = *s++ == '-';
		if (*s < '0' || *s > '9')
			return -1;
		for (; *s >= '0' && *s <= '9'; s++)
			if (e < 10000)
				e = e * 10 + (*s - '0');
		ex += eneg ? -e : e;
	}
	while (*s == ' ')
		s++;
	if (*s)
		return -1;
	/* value = 0.d[0]d[1]... × 10^(point + ex); digits before `keep` are
	 * hundredths and above */
	keep = (int)(point + ex + 2);
	if (keep > 15)
		return -1;
	for (i = 0; i < keep; i++)
		v = v * 10 + (i < nd ? d[i] - '0' : 0);
	/* the digits beyond the hundredths: -keep implied zeros (when keep <
	 * 0), then d[start..nd) */
	start = keep < 0 ? 0 : keep;
	rest = far;
	for (i = start; i < nd; i++)
		rest |= d[i] != '0';
	if (rest && !far && nd >= 15 && nd <= 17) {
		/* as many digits as a double prints: noise when they are
		 * 0.000000x or 0.999999x of a hundredth */
		zeros = keep < 0 ? -keep : 0;
		for (i = start; i < nd && d[i] == '0'; i++)
			zeros++;
		nines = 0;
		for (i = start; keep >= 0 && i < nd && d[i] == '9'; i++)
			nines++;
		if (zeros >= 6) {
			rest = 0;
		} else if (nines >= 6) {
			rest = 0;
			v++;
		}
	}
	*h = neg ? -v : v;
	return rest ? 1 : 0;
}
