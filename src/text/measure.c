/* measure.c - how wide a line of text prints in Times New Roman Bold (the
 * font of Nghị định 30; Liberation Serif has the same metrics), for the
 * short rule under an issuing body's name (1/3 to 1/2 of its line): widths
 * of the Adobe Times-Bold metrics in thousandths of an em; a Vietnamese
 * letter is as wide as its base letter (its marks and horn sit on it; Ư
 * and Ơ are a little wider in print, which the range 1/3 to 1/2 absorbs),
 * a character outside the table counts 700. */
#include "text/vi.h"

#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/utf8.h>

static const short upper_w[26] = { 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667,
	                           944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722,
	                           722, 667 };
static const short lower_w[26] = { 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278,
	                           833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500,
	                           500, 444 };

static int char_width(const UNormalizer2 *nfd, UChar32 c)
{
	UChar d[8];
	UErrorCode e = U_ZERO_ERROR;

	if (c == 0x110)               /* Đ: a D with a bar */
		return 722;
	if (c == 0x111)
		return 556;
	if (c >= 0x80 && nfd && unorm2_getDecomposition(nfd, c, d, 8, &e) > 0 && U_SUCCESS(e) &&
	    d[0] < 0x80)
		c = d[0];
	if (c >= 'A' && c <= 'Z')
		return upper_w[c - 'A'];
	if (c >= 'a' && c <= 'z')
		return lower_w[c - 'a'];
	if (c >= '0' && c <= '9')
		return 500;
	switch (c) {
	case ' ': case 0xA0: case '.': case ',': return 250;
	case '-': case '(': case ')': case ':': return 333;
	case '/': return 278;
	case '&': return 833;
	default: return 700;
	}
}

int64_t td_text_width_bold(const char *s, size_t n)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&e);
	int32_t i = 0, len = (int32_t)n;
	int64_t w = 0;

	if (U_FAILURE(e))
		nfd = NULL;
	while (i < len) {
		UChar32 c;
		U8_NEXT((const uint8_t *)s, i, len, c);
		if (c >= 0x300 && c < 0x370)   /* a combining mark of decomposed text */
			continue;
		w += c < 0 ? 700 : char_width(nfd, c);
	}
	return w;
}

int td_rule_spaces(const char *s, int64_t width, int64_t text_pt, int64_t rule_pt)
{
	int64_t max, line, n;

	if (!s || width <= 0 || text_pt <= 0 || rule_pt <= 0)
		return 0;
	/* the line's width in thousandths of an em at text_pt: cm -> pt (72 /
	 * 2.54) / text_pt; all three in hundredths */
	max = width * 72 * 1000 * 100 / (254 * text_pt);
	line = *s ? td_text_longest_line_bold(s, max) : 0;
	/* 0.42 of the line in points, over a quarter em of rule_pt, rounded */
	n = (line * text_pt * TD_RULE_SHARE * 4 / 100 + 500 * rule_pt) / (1000 * rule_pt);
	if (line > 0 && n < 1)
		n = 1;
	return n > TD_RULE_MAX ? TD_RULE_MAX : (int)n;
}

int64_t td_text_longest_line_bold(const char *s, int64_t max)
{
	int64_t line = 0, longest = 0, space = 250;
	const char *p = s;

	while (*p) {
		const char *w = p;
		int64_t ww;
		while (*p && *p != ' ')
			p++;
		ww = td_text_width_bold(w, (size_t)(p - w));
		if (line > 0 && line + space + ww > max) {   /* wrap before this word */
			if (line > longest)
				longest = line;
			line = ww;
		} else {
			line += (line > 0 ? space : 0) + ww;
		}
		while (*p == ' ')
			p++;
	}
	if (line > longest)
		longest = line;
	return longest < max ? longest : max;
}
