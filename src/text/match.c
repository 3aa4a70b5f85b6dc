/* match.c - matching keys: NFC, case folded, white space squashed, dashes
 * unified, and the tone mark of each syllable moved after its last vowel so
 * that old and new tone placement ("Hoà"/"Hòa", "Thuý"/"Thúy") give one
 * key. */
#include "text/vi.h"
#include "text/text_int.h"
#include "util/alloc.h"
#include "util/error.h"

#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>

/* The five Vietnamese tone marks as combining characters (after NFD). The
 * circumflex, breve and horn are part of the letter, not tones. */
static int is_tone(UChar32 c)
{
	return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 ||
	       c == 0x0323;
}

static int is_mark(UChar32 c)
{
	int8_t t = u_charType(c);

	return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK ||
	       t == U_COMBINING_SPACING_MARK;
}

/* Base vowels after NFD and case folding. */
static int is_vowel(UChar32 c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ||
	       c == 'y';
}

struct keyw {
	UChar *d;        /* output */
	int32_t dl;
	UChar *t;        /* tones of the current syllable */
	int32_t nt;
	int32_t vend;    /* output position after the syllable's last vowel
	                  * and its marks, or -1 */
	int vowel;       /* the last letter written was a vowel */
	int in_syl;
	int space;       /* a space is due before the next output */
	int after_dash;  /* spaces right after a dash are dropped */
};

static void put(struct keyw *w, UChar32 c)
{
	if (w->space && !w->after_dash)
		w->d[w->dl++] = ' ';
	w->space = 0;
	w->after_dash = 0;
	U16_APPEND_UNSAFE(w->d, w->dl, c);
}

/* Put the syllable's tones right after its last vowel (with that vowel's
 * marks), or at its end when it has no vowel. */
static void end_syllable(struct keyw *w)
{
	int32_t at = w->vend >= 0 ? w->vend : w->dl;

	if (w->nt) {
		memmove(w->d + at + w->nt, w->d + at,
		        (size_t)(w->dl - at) * sizeof *w->d);
		memcpy(w->d + at, w->t, (size_t)w->nt * sizeof *w->d);
		w->dl += w->nt;
	}
	w->nt = 0;
	w->in_syl = 0;
	w->vend = -1;
	w->vowel = 0;
}

/* Rewrite the NFD, case-folded s[0..len) into w->d (room for len units:
 * every unit read gives at most one written). */
static void build_key(struct keyw *w, const UChar *s, int32_t len)
{
	int32_t i = 0;
	UChar32 c;

	while (i < len) {
		U16_NEXT(s, i, len, c);
		if (w->in_syl && is_tone(c)) {
			w->t[w->nt++] = (UChar)c;
			continue;
		}
		if (u_charType(c) == U_FORMAT_CHAR)
			continue;   /* soft hyphen, zero width space, BOM */
		if (w->in_syl && is_mark(c)) {
			put(w, c);
			if (w->vowel)
				w->vend = w->dl;
			continue;
		}
		if (u_isalpha(c)) {
			put(w, c);
			w->in_syl = 1;
			w->vowel = is_vowel(c);
			if (w->vowel)
				w->vend = w->dl;
			continue;
		}
		end_syllable(w);
		if (td_text_is_space((uint32_t)c) || u_isUWhiteSpace(c)) {
			w->space = w->dl > 0;
			continue;
		}
		if (u_charType(c) == U_DASH_PUNCTUATION) {
			w->space = 0;
			put(w, '-');
			w->after_dash = 1;
			continue;
		}
		put(w, c);
	}
	end_syllable(w);
}

int td_text_match_key(char **out, const char *s)
{
	const UNormalizer2 *nfd, *nfc;
	td_u16 u = { NULL, 0 }, a = { NULL, 0 }, b = { NULL, 0 };
	struct keyw w;
	int rc;

	if (!out)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	*out = NULL;
	if (!s)
		return td_error(THIDUA_EINVAL, "Thiếu văn bản.", "Missing text.");
	memset(&w, 0, sizeof w);
	w.vend = -1;
	if (!(nfd = td_nfd()) || !(nfc = td_nfc()))
		return THIDUA_ERROR;
	if ((rc = td_u16_from_utf8(&u, s, strlen(s))) < 0)
		goto cleanup;
	/* Canonical caseless form: NFD(fold(NFD(s))). */
	if ((rc = td_u16_apply(&a, td_op_normalize, nfd, u.p, u.len)) < 0)
		goto cleanup;
	td_u16_free(&u);
	if ((rc = td_u16_apply(&b, td_op_fold, NULL, a.p, a.len)) < 0)
		goto cleanup;
	td_u16_free(&a);
	if ((rc = td_u16_apply(&a, td_op_normalize, nfd, b.p, b.len)) < 0)
		goto cleanup;
	td_u16_free(&b);
	w.d = td_malloc(((size_t)a.len + 1) * sizeof *w.d);
	w.t = td_malloc(((size_t)a.len + 1) * sizeof *w.t);
	if (!w.d || !w.t) {
		rc = td_error_oom();
		goto cleanup;
	}
	build_key(&w, a.p, a.len);
	/* NFC puts each tone back on its vowel: a readable key, and still an
	 * unambiguous one (removing the tones gives back the syllable). */
	if ((rc = td_u16_apply(&b, td_op_normalize, nfc, w.d, w.dl)) < 0)
		goto cleanup;
	rc = td_u16_to_utf8(out, b.p, b.len);
cleanup:
	td_free(w.d);
	td_free(w.t);
	td_u16_free(&u);
	td_u16_free(&a);
	td_u16_free(&b);
	return rc;
}
