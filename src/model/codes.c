/* codes.c - criteria codes ("I", "I.1", "I.1.a", "A.I.1", "II.1.1"):
 * segments and their kinds, well-formedness, placing a code as written
 * (relative or absolute) under the rows above, and linking each criterion
 * to its parent. */
#include "model/model_int.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

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

/* The Vietnamese capitals for lettered parts (A, B, C ...), in order. */
static const char *const capitals[] = {
	"A", "B", "C", "D", "\xC4\x90" /* Đ */, "E", "G", "H", "I", "K", "L", "M",
	"N", "O", "P", "Q", "R", "S", "T", "U", "V", "X", "Y"
};

static long roman_number(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		int a = roman_value(s[i]), b = i + 1 < n ? roman_value(s[i + 1]) : 0;
		v += a < b ? -a : a;
	}
	return v;
}

static long in_alphabet(const char *const *tab, size_t count, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strlen(tab[i]) == n && memcmp(tab[i], s, n) == 0)
			return (long)i + 1;
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

unsigned td_crit_segment_kinds(const char *seg, size_t n)
{
	unsigned k = 0;

	if (is_roman(seg, n))
		k |= TD_SEG_ROMAN;
	if (is_number(seg, n))
		k |= TD_SEG_NUMBER;
	if (in_alphabet(letters, sizeof letters / sizeof *letters, seg, n))
		k |= TD_SEG_LETTER;
	if (in_alphabet(capitals, sizeof capitals / sizeof *capitals, seg, n))
		k |= TD_SEG_PART;
	return k;
}

int td_crit_segment_kind(const char *seg, size_t n)
{
	unsigned k = td_crit_segment_kinds(seg, n);

	return k & TD_SEG_ROMAN ? 'R' : k & TD_SEG_NUMBER ? 'N' : k & TD_SEG_LETTER ? 'L'
	     : k & TD_SEG_PART ? 'P' : 0;
}

long td_crit_segment_value(const char *seg, size_t n, unsigned kind)
{
	long v = 0;
	size_t i;

	if (!(td_crit_segment_kinds(seg, n) & kind))
		return 0;
	switch (kind) {
	case TD_SEG_ROMAN:
		return roman_number(seg, n);
	case TD_SEG_NUMBER:
		for (i = 0; i < n; i++)
			v = v * 10 + (seg[i] - '0');
		return v;
	case TD_SEG_LETTER:
		return in_alphabet(letters, sizeof letters / sizeof *letters, seg, n);
	case TD_SEG_PART:
		return in_alphabet(capitals, sizeof capitals / sizeof *capitals, seg, n);
	default:
		return 0;
	}
}

int td_crit_code_depth(const char *code)
{
	const char *p = code, *dot;
	int depth = 0;

	if (!code || !*code)
		return -1;
	for (;;) {
		size_t n;

		if (depth >= TD_MAX_DEPTH)
			return -1;
		dot = strchr(p, '.');
		n = dot ? (size_t)(dot - p) : strlen(p);
		if (!td_crit_segment_kinds(p, n))
			return -1;
		if (!dot)
			return depth;
		p = dot + 1;
		depth++;
	}
}

/* The last segment of a code. */
static const char *last_segment(const char *code, size_t *n)
{
	const char *dot = strrchr(code, '.');
	const char *s = dot ? dot + 1 : code;

	*n = strlen(s);
	return s;
}

/* The kind a single segment takes where it starts a new level: Roman
 * before a capital (I, V, X ... open sections more often than parts). */
static unsigned first_kind(unsigned kinds)
{
	static const unsigned order[] = { TD_SEG_ROMAN, TD_SEG_NUMBER, TD_SEG_LETTER, TD_SEG_PART };
	size_t i;

	for (i = 0; i < sizeof order / sizeof *order; i++)
		if (kinds & order[i])
			return order[i];
	return 0;
}

static int code_depth_of(const thidua_cluster *c, size_t i)
{
	const char *p;
	int d = 0;

	for (p = c->criteria[i].code; p && *p; p++)
		d += *p == '.';
	return d;
}

int td_crit_place(char **code, unsigned *kind, size_t *parent, const char *label,
                  const thidua_cluster *c, size_t n, const unsigned char *segkind)
{
	char *w = td_strdup(label), *seg;
	size_t len, i, j, sn;
	unsigned kinds = 0, k = 0;
	size_t par = SIZE_MAX;
	int rc = TD_PLACE_OK, nseg = 1;
	td_buf out = TD_BUF_INIT;

	*code = NULL;
	*kind = 0;
	*parent = SIZE_MAX;
	if (!w)
		return THIDUA_ENOMEM;
	/* "1." "a)" "(a)" "II.1.": the marks around a code are not part of it */
	len = strlen(w);
	while (len && (w[len - 1] == '.' || w[len - 1] == ')' || w[len - 1] == ' '))
		w[--len] = '\0';
	seg = w;
	while (*seg == '(' || *seg == ' ')
		seg++, len--;
	if (!len) {
		rc = TD_PLACE_BAD_SEGMENT;
		goto cleanup;
	}
	for (i = 0; seg[i]; i++)
		nseg += seg[i] == '.';
	if (nseg > TD_MAX_DEPTH) {
		rc = TD_PLACE_TOO_DEEP;
		goto cleanup;
	}
	/* every segment must be a code */
	{
		const char *p = seg;
		for (;;) {
			const char *dot = strchr(p, '.');
			size_t m = dot ? (size_t)(dot - p) : strlen(p);
			if (!td_crit_segment_kinds(p, m)) {
				rc = TD_PLACE_BAD_SEGMENT;
				goto cleanup;
			}
			if (!dot)
				break;
			p = dot + 1;
		}
	}
	if (nseg > 1) {
		const char *ls = strrchr(seg, '.') + 1;
		size_t plen = (size_t)(ls - 1 - seg);

		kinds = td_crit_segment_kinds(ls, strlen(ls));
		/* absolute: an earlier row has the prefix as its code */
		for (j = n; j-- > 0;) {
			const char *pc = c->criteria[j].code;
			if (pc && strlen(pc) == plen && memcmp(pc, seg, plen) == 0) {
				par = j;
				break;
			}
		}
		/* relative to a row on the path above ("1.1" under II.1 is
		 * II.1.1): the deepest whose code ends with the prefix, unless a
		 * shallower one's list this code continues ("1.2" after II.1.1
		 * is II.1.2, not II.1.1.2) */
		for (j = n ? n - 1 : SIZE_MAX; j != SIZE_MAX; j = c->criteria[j].parent) {
			const char *pc = c->criteria[j].code;
			size_t pl = pc ? strlen(pc) : 0, q;
			long v;

			if (!(pl > plen && pc[pl - plen - 1] == '.' && memcmp(pc + pl - plen, seg, plen) == 0))
				continue;
			if (par == SIZE_MAX)
				par = j;
			for (q = n; q-- > j + 1;)
				if (c->criteria[q].parent == j) {
					const char *qs = last_segment(c->criteria[q].code, &sn);
					unsigned qk = segkind[q];

					v = td_crit_segment_value(ls, strlen(ls), qk);
					if (qk && v && v == td_crit_segment_value(qs, sn, qk) + 1) {
						par = j;
						j = SIZE_MAX - 1; /* found: stop */
					}
					break;
				}
			if (j == SIZE_MAX - 1)
				break;
		}
		if (par == SIZE_MAX) {
			rc = TD_PLACE_NO_PARENT;
			goto cleanup;
		}
		/* an ambiguous last segment (C: a capital or 100) is of the kind
		 * of its previous sibling */
		k = 0;
		for (j = n; j-- > par + 1;)
			if (c->criteria[j].parent == par) {
				if (kinds & segkind[j])
					k = segkind[j];
				break;
			}
		if (!k)
			k = first_kind(kinds);
		td_buf_printf(&out, "%s.%s", c->criteria[par].code, ls);
	} else {
		size_t best_next = SIZE_MAX, best_more = SIZE_MAX, same = SIZE_MAX;
		unsigned k_next = 0, k_more = 0, k_same = 0;

		kinds = td_crit_segment_kinds(seg, len);
		/* a sibling of a row on the path of the row above, the deepest
		 * first: best the next in its sequence (after "b" comes "c", after
		 * "I.3" comes "II"), else a later one of the same kind */
		for (j = n ? n - 1 : SIZE_MAX; j != SIZE_MAX; j = c->criteria[j].parent) {
			const char *ps;
			long v, pv;

			if (!c->criteria[j].code || !(kinds & segkind[j]))
				continue;
			ps = last_segment(c->criteria[j].code, &sn);
			pv = td_crit_segment_value(ps, sn, segkind[j]);
			v = td_crit_segment_value(seg, len, segkind[j]);
			if (v == pv + 1 && best_next == SIZE_MAX) {
				best_next = j;
				k_next = segkind[j];
			} else if (v > pv && best_more == SIZE_MAX) {
				best_more = j;
				k_more = segkind[j];
			} else if (same == SIZE_MAX) {
				same = j;
				k_same = segkind[j];
			}
		}
		{
			unsigned f = 0, t;
			/* a new level starts its list: 1, a, I or A */
			for (t = 1; t <= TD_SEG_PART; t <<= 1)
				if ((kinds & t) && td_crit_segment_value(seg, len, t) == 1 && !f)
					f = t;
			/* "1" right under "1" repeats it: no list starts under a
			 * row of its own kind (decimal codes are written "1.1") */
			if (f && n > 0 && segkind[n - 1] == f && (same != SIZE_MAX || best_more != SIZE_MAX))
				f = 0;
			if (best_next != SIZE_MAX) {
				/* the next in a list on the path: "c" after "b", "II" after "I.3" */
				par = c->criteria[best_next].parent;
				k = k_next;
			} else if (f && n > 0) {
				if (code_depth_of(c, n - 1) + 1 >= TD_MAX_DEPTH) {
					rc = TD_PLACE_TOO_DEEP;
					goto cleanup;
				}
				par = n - 1;
				k = f;
			} else if (f || n == 0) {
				/* the first row of a table may open with any code */
				k = f ? f : first_kind(kinds);
			} else if (best_more != SIZE_MAX) {
				/* a later one of a list on the path ("4" after "2") */
				par = c->criteria[best_more].parent;
				k = k_more;
			} else if (same != SIZE_MAX) {
				/* written again or out of order: a sibling all the
				 * same (a code used twice is reported) */
				par = c->criteria[same].parent;
				k = k_same;
			} else {
				rc = TD_PLACE_NO_PARENT;
				goto cleanup;
			}
		}
		if (par != SIZE_MAX && !c->criteria[par].code) {
			rc = TD_PLACE_NO_PARENT; /* under a row whose code was refused */
			goto cleanup;
		}
		if (par != SIZE_MAX)
			td_buf_printf(&out, "%s.%s", c->criteria[par].code, seg);
		else
			td_buf_puts(&out, seg);
	}
	if (td_buf_oom(&out)) {
		rc = THIDUA_ENOMEM;
		goto cleanup;
	}
	*code = td_buf_detach(&out);
	if (!*code) {
		rc = THIDUA_ENOMEM;
		goto cleanup;
	}
	*kind = k;
	*parent = par;
cleanup:
	td_buf_free(&out);
	td_free(w);
	return rc;
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
		k->disqualifies = k->bars != TD_BAR_NONE;
		if (k->body >= c->n_bodies)
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
		/* the scoring body is inherited from the parent */
		if (k->body == SIZE_MAX && k->parent != SIZE_MAX)
			k->body = c->criteria[k->parent].body;
	}
}
