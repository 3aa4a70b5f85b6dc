/* codes.c - criteria codes ("I", "I.1", "I.1.a"): well-formedness, depth,
 * and linking each criterion to its parent. */
#include "model/model_int.h"

#include <stdint.h>
#include <string.h>

/* The Vietnamese alphabet for sub-points, in order (no f, j, w, z). */
static const char *const letters[] = {
	"a", "b", "c", "d", "\xC4\x91" /* đ */, "e", "g", "h", "i", "k", "l", "m",
	"n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"
};

static int roman_value(char ch)
{
	switch (ch) {
	case 'I': return 1;
	case 'V': return 5;
	case 'X': return 10;
	case 'L': return 50;
	case 'C': return 100;
	case 'D': return 500;
	case 'M': return 1000;
	default: return 0;
	}
}

/* A canonical Roman numeral 1..3999 (checked by writing the value back). */
static int is_roman(const char *s, size_t n)
{
	static const struct { int v; const char *r; } tab[] = {
		{ 1000, "M" }, { 900, "CM" }, { 500, "D" }, { 400, "CD" }, { 100, "C" },
		{ 90, "XC" }, { 50, "L" }, { 40, "XL" }, { 10, "X" }, { 9, "IX" },
		{ 5, "V" }, { 4, "IV" }, { 1, "I" }
	};
	char back[32];
	size_t i, pos = 0;
	int v = 0;

	if (n == 0 || n > 15)
		return 0;
	for (i = 0; i < n; i++) {
		int a = roman_value(s[i]), b = i + 1 < n ? roman_value(s[i + 1]) : 0;
		if (!a)
			return 0;
		v += a < b ? -a : a;
	}
	if (v < 1 || v > 3999)
		return 0;
	for (i = 0; i < sizeof tab / sizeof *tab; i++)
		while (v >= tab[i].v) {
			size_t l = strlen(tab[i].r);
			if (pos + l >= sizeof back)
				return 0;
			memcpy(back + pos, tab[i].r, l);
			pos += l;
			v -= tab[i].v;
		}
	return pos == n && memcmp(back, s, n) == 0;
}

static int is_letter(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof letters / sizeof *letters; i++)
		if (strlen(letters[i]) == n && memcmp(letters[i], s, n) == 0)
			return 1;
	return 0;
}

static int is_number(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 4 || s[0] == '0')
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int td_crit_segment_kind(const char *seg, size_t n)
{
	if (is_roman(seg, n))
		return 'R';
	if (is_number(seg, n))
		return 'N';
	if (is_letter(seg, n))
		return 'L';
	return 0;
}

int td_crit_code_depth(const char *code)
{
	static const char want[] = { 'R', 'N', 'L' };
	const char *p = code, *dot;
	int depth = 0;

	if (!code || !*code)
		return -1;
	for (;;) {
		size_t n;

		if (depth > 2)
			return -1;
		dot = strchr(p, '.');
		n = dot ? (size_t)(dot - p) : strlen(p);
		if (td_crit_segment_kind(p, n) != want[depth])
			return -1;
		if (!dot)
			return depth;
		p = dot + 1;
		depth++;
	}
}

void td_cluster_link_criteria(thidua_cluster *c)
{
	size_t i, j;

	for (i = 0; i < c->n_criteria; i++) {
		td_criterion *k = &c->criteria[i];
		const char *dot = k->code ? strrchr(k->code, '.') : NULL;
		int depth = 0;
		const char *p;

		if (k->disqualifies && k->bars == TD_BAR_NONE)
			k->bars = TD_BAR_FIRST;
		k->body = SIZE_MAX;
		for (p = k->code; p && *p; p++)
			depth += *p == '.';
		k->depth = depth;
		k->parent = SIZE_MAX;
		if (!dot)
			continue;
		for (j = i; j-- > 0;) {
			const char *pc = c->criteria[j].code;
			if (pc && strlen(pc) == (size_t)(dot - k->code) &&
			    memcmp(pc, k->code, (size_t)(dot - k->code)) == 0) {
				k->parent = j;
				break;
			}
		}
	}
}
