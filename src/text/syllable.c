/* syllable.c - does a word read as Vietnamese syllables? A phonotactic check
 * (onset, vowel cluster, final, one tone, stop finals with sắc or nặng)
 * used to tell which legacy decoding of a text is the right one. */
#include "text/vi.h"
#include "text/text_int.h"
#include "util/error.h"

#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>

/* Vowels are coded as single characters: a ă â e ê i o ô ơ u ư y ->
 * a A B e E i o O P u U y; consonants are themselves, đ is 'D'. Each vowel
 * cluster comes with the positions its tone may take (bit i: the i-th
 * vowel; old and new placement both allowed: "hoà"/"hòa"). */
static const struct { const char *v; unsigned tone; } nuclei[] = {
	{ "a", 1 }, { "A", 1 }, { "B", 1 }, { "e", 1 }, { "E", 1 }, { "i", 1 },
	{ "o", 1 }, { "O", 1 }, { "P", 1 }, { "u", 1 }, { "U", 1 }, { "y", 1 },
	{ "ai", 1 }, { "ao", 1 }, { "au", 1 }, { "ay", 1 }, { "Bu", 1 },
	{ "By", 1 }, { "eo", 1 }, { "Eu", 1 }, { "ia", 1 }, { "iE", 2 },
	{ "iu", 1 }, { "oa", 3 }, { "oA", 2 }, { "oe", 3 }, { "oi", 1 },
	{ "oo", 3 }, { "Oi", 1 }, { "Pi", 1 }, { "ua", 1 }, { "uB", 2 },
	{ "uE", 2 }, { "ui", 1 }, { "uO", 2 }, { "uP", 2 }, { "uy", 3 },
	{ "Ua", 1 }, { "Ui", 1 }, { "UP", 2 }, { "Uu", 1 }, { "yE", 2 },
	{ "iEu", 2 }, { "oai", 2 }, { "oao", 2 }, { "oay", 2 }, { "oeo", 2 },
	{ "uBy", 2 }, { "uOi", 2 }, { "uya", 2 }, { "uyE", 4 }, { "uyu", 2 },
	{ "UPi", 2 }, { "UPu", 2 }, { "yEu", 2 },
};

static const char *const onsets[] = {
	"", "b", "c", "ch", "d", "D", "g", "gh", "h", "k", "kh", "l", "m", "n",
	"ng", "ngh", "nh", "p", "ph", "q", "r", "s", "t", "th", "tr", "v", "x",
};

static const char *const finals[] = {
	"", "c", "ch", "m", "n", "ng", "nh", "p", "t",
};

static int in(const char *const *set, size_t n, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(set[i]) == len && memcmp(set[i], s, len) == 0)
			return 1;
	return 0;
}

#define IN(set, s, len) in(set, sizeof set / sizeof set[0], s, len)

static int is_v(char c) { return strchr("aABeEioOPuUy", c) != NULL && c; }

static int nucleus(const char *s, size_t len, size_t tpos)
{
	size_t i;

	for (i = 0; i < sizeof nuclei / sizeof nuclei[0]; i++)
		if (strlen(nuclei[i].v) == len && memcmp(nuclei[i].v, s, len) == 0)
			return tpos == (size_t)-1 ||
			       (tpos < len && (nuclei[i].tone >> tpos & 1));
	return 0;
}

/* tone: 0 none, 1 sắc, 2 nặng, 3 other; tpos: index in t of the letter
 * carrying it. */
static int valid(const char *t, size_t len, int tone, size_t tpos)
{
	size_t on = 0, v, fin;

	while (on < len && !is_v(t[on]))
		on++;
	v = on;
	while (v < len && is_v(t[v]))
		v++;
	fin = v;
	while (fin < len && !is_v(t[fin]))
		fin++;
	if (v == on || fin != len || !IN(onsets, t, on) || !IN(finals, t + v, len - v))
		return 0;
	/* Spelling: k, gh, ngh before i e ê y only; c, g, ng never there. */
	{
		char f = t[on];
		int front = f == 'i' || f == 'e' || f == 'E' || f == 'y';

		if ((on == 1 && t[0] == 'k') || (on == 2 && !memcmp(t, "gh", 2)) ||
		    (on == 3 && !memcmp(t, "ngh", 3))) {
			if (!front)
				return 0;
		} else if ((on == 1 && t[0] == 'c') || (on == 2 && !memcmp(t, "ng", 2)) ||
		           (on == 1 && t[0] == 'g' && f != 'i')) {
			if (front)
				return 0;
		}
	}
	/* "qu" and "gi" take the u / i of the cluster into the onset. */
	if (on == 1 && t[0] == 'q') {
		if (t[on] != 'u' || v - on < 2)
			return 0;
		on++;
	} else if (on == 1 && t[0] == 'g' && t[on] == 'i' && v - on >= 2) {
		on++;
	}
	if (tone && (tpos < on || tpos >= v))
		return 0;
	if (!nucleus(t + on, v - on, tone ? tpos - on : (size_t)-1))
		return 0;
	/* A stop final takes sắc or nặng. */
	if (len > v && strchr("cpt", t[v]) && tone != 1 && tone != 2)
		return 0;
	return 1;
}

struct word {
	char tok[16];    /* letters coded as above */
	size_t len;
	int tone;        /* as for valid() */
	int tones;       /* how many tone marks */
	size_t tpos;
	int broken;      /* a letter Vietnamese does not have */
};

/* Code the letter (or lone combining mark) c into w. */
static void add_letter(struct word *w, const UNormalizer2 *nfd, UChar32 c)
{
	UErrorCode e = U_ZERO_ERROR;
	UChar d[8];
	int32_t dl, k = 1;
	char code = 0;
	int t;

	c = u_tolower(c);
	dl = unorm2_getDecomposition(nfd, c, d, 8, &e);
	if (dl < 0 || U_FAILURE(e)) {
		d[0] = (UChar)c;
		dl = c > 0xFFFF ? 0 : 1;
	}
	if (dl == 0)
		w->broken = 1;
	else if (d[0] >= 0x0300 && d[0] <= 0x036F)
		k = 0;                          /* a lone combining mark */
	else if (d[0] == 0x0111)
		code = 'D';
	else if (d[0] >= 'a' && d[0] <= 'z' && !strchr("fjwz", (int)d[0]))
		code = (char)d[0];
	else
		w->broken = 1;
	for (; k < dl; k++) {
		t = 0;
		switch (d[k]) {
		case 0x0301: t = 1; break;
		case 0x0323: t = 2; break;
		case 0x0300: case 0x0303: case 0x0309: t = 3; break;
		case 0x0302:                    /* circumflex */
			code = code == 'a' ? 'B' : code == 'e' ? 'E' : code == 'o' ? 'O' : 0;
			break;
		case 0x0306:                    /* breve */
			code = code == 'a' ? 'A' : 0;
			break;
		case 0x031B:                    /* horn */
			code = code == 'o' ? 'P' : code == 'u' ? 'U' : 0;
			break;
		default:
			code = 0;
		}
		if (!code && k > 0)
			w->broken = 1;
		if (t) {
			w->tones++;
			w->tone = t;
			/* A lone mark belongs to the letter before. */
			w->tpos = k > 0 || w->len == 0 ? w->len : w->len - 1;
		}
	}
	if (code) {
		if (w->len < sizeof w->tok)
			w->tok[w->len++] = code;
		else
			w->broken = 1;
	}
}

int td_viet_syllables(const char *s, long *bad, long *total)
{
	const UNormalizer2 *nfd = td_nfd();
	struct word w;
	size_t n, i = 0;
	int in_word = 0;
	uint32_t c;

	*bad = *total = 0;
	if (!nfd)
		return THIDUA_ERROR;
	n = strlen(s);
	memset(&w, 0, sizeof w);
	do {
		c = td_text_next_or_byte(s, n, &i, 1);
		if (c && (u_isalpha((UChar32)c) ||
		          (in_word && u_getCombiningClass((UChar32)c)))) {
			in_word = 1;
			add_letter(&w, nfd, (UChar32)c);
			continue;
		}
		if (in_word) {
			++*total;
			if (w.broken || w.tones > 1 || !valid(w.tok, w.len, w.tone, w.tpos))
				++*bad;
		}
		in_word = 0;
		memset(&w, 0, sizeof w);
	} while (c);
	return 0;
}
