/* legacy.c - detecting Vietnamese text in TCVN3 (ABC, .VnTime) or VNI that
 * was read as Latin-1 / Windows-1252 (mojibake).
 *
 * Both encodings put Vietnamese letters on the bytes 0xA1-0xFF. Read as
 * Latin-1, TCVN3 shows symbols and foreign letters inside words ("Céng hßa
 * x· héi chñ nghÜa ViÖt Nam") and VNI shows a vowel followed by a byte for
 * its marks ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"). Text in Unicode
 * Vietnamese instead uses only 32 Latin-1 letters (à á â ã è é ê ì í ò ó ô õ
 * ù ú ý and capitals), in a few positions, plus letters beyond U+00FF.
 *
 * Each character of a word is checked against what Unicode Vietnamese
 * allows after the character before it:
 *   strong: a C1 control; a symbol U+00A1-U+00BF, × or ÷ against a letter
 *           or another such symbol (except trailing ¹²³°©®ª º »,
 *           word-initial « ¿ ¡ µ, or after a digit as in "25°C"); a switch
 *           from lower to upper case next to a Latin-1 letter; a foreign
 *           Latin-1 letter (ä ë ï ö ü ø ñ ß ...) after a vowel; "ñ" starting
 *           a word; a Vietnamese Latin-1 vowel after a, e, after o (other
 *           than à á ã è é), ù or õ after u or y, or after another non-ASCII
 *           vowel; a soft hyphen between a letter and a non-ASCII Latin-1
 *           letter;
 *   weak:   a foreign Latin-1 letter after a consonant (German "ü",
 *           Spanish "ñ"), another soft hyphen after a letter, a
 *           word-initial "«".
 * Letters beyond Latin-1 that Vietnamese uses (ă đ ĩ ũ ơ ư, U+1EA0-U+1EF9,
 * combining tone marks) count as evidence of real Unicode text. The text
 * looks legacy when there is a strong signal and the signals, weighted
 * (strong 2, weak 1), outweigh a quarter of that evidence, or when there are
 * three weak signals and no evidence. Invalid UTF-8 is read byte by byte as
 * Latin-1 (raw legacy bytes). */
#include "text/vi.h"
#include "text/text_int.h"

#include <string.h>

#include <unicode/uchar.h>

static int ascii_letter(uint32_t c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

static int l1_letter(uint32_t c) { return c >= 0xC0 && c <= 0xFF && c != 0xD7 && c != 0xF7; }

static int is_letter(uint32_t c)
{
	if (c < 0x80)
		return ascii_letter(c);
	if (c <= 0xFF)
		return l1_letter(c);
	return u_isalpha((UChar32)c) || (c >= 0x0300 && c <= 0x036F);
}

static int is_upper(uint32_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

static int is_lower(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7);
}

/* Lower case of a Latin-1 letter. */
static uint32_t fold1(uint32_t c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
		return c + 0x20;
	return c;
}

/* The 16 lower-case Latin-1 letters of Vietnamese. */
static int l1_viet(uint32_t c)
{
	static const char v[] = "\xE0\xE1\xE2\xE3\xE8\xE9\xEA\xEC\xED\xF2\xF3"
	                        "\xF4\xF5\xF9\xFA\xFD";
	uint32_t f = fold1(c);

	return f >= 0xE0 && f <= 0xFD && memchr(v, (int)f, sizeof v - 1) != NULL;
}

static int is_vowel(uint32_t c)
{
	uint32_t f = fold1(c);

	if (f < 0x80)
		return f == 'a' || f == 'e' || f == 'i' || f == 'o' || f == 'u' ||
		       f == 'y';
	/* Latin-1 vowels, Vietnamese or not. */
	return (f >= 0xE0 && f <= 0xE6) || (f >= 0xE8 && f <= 0xEF) ||
	       (f >= 0xF2 && f <= 0xF6) || (f >= 0xF8 && f <= 0xFD) || f == 0xFF;
}

static int is_symbol(uint32_t c)
{
	return (c >= 0xA1 && c <= 0xBF) || c == 0xD7 || c == 0xF7;
}

/* Letters beyond Latin-1 that only Vietnamese text is likely to have. */
static int viet_evidence(uint32_t c)
{
	switch (c) {
	case 0x0102: case 0x0103: case 0x0110: case 0x0111:
	case 0x0128: case 0x0129: case 0x0168: case 0x0169:
	case 0x01A0: case 0x01A1: case 0x01AF: case 0x01B0:
	case 0x0300: case 0x0301: case 0x0302: case 0x0303: case 0x0306:
	case 0x0309: case 0x031B: case 0x0323:
		return 1;
	default:
		return c >= 0x1EA0 && c <= 0x1EF9;
	}
}

/* 2 for a strong signal at c (between p and nx), 1 for a weak one. */
static int signal(uint32_t p, uint32_t c, uint32_t nx)
{
	uint32_t fp = fold1(p), fc = fold1(c);

	if (c >= 0x80 && c <= 0x9F)
		return 2;
	if (is_symbol(c)) {
		if (is_letter(p) || is_symbol(p)) {
			if (c == 0xAD)
				return l1_letter(nx) ? 2 : 1;
			if (!is_letter(nx) && strchr("\xB9\xB2\xB3\xB0\xA9\xAE\xAA\xBA\xBB",
			                             (int)c))
				return 0;
			return 2;
		}
		if ((is_letter(nx) || is_symbol(nx)) && !(p >= '0' && p <= '9')) {
			if (c == 0xAB)
				return 1;
			if (c == 0xBF || c == 0xA1 || c == 0xB5)
				return 0;
			return 2;
		}
		return 0;
	}
	if (!l1_letter(c))
		return 0;
	/* A case switch inside a word, next to a non-ASCII letter. */
	if (is_letter(p) && is_lower(p) && is_upper(c))
		return 2;
	if (is_lower(c) && is_upper(nx) && is_letter(p))
		return 2;
	/* VNI's "đ" starting a word ("ñaïi", "Ñoaøn"). */
	if (fc == 0xF1 && !is_letter(p) && is_letter(nx))
		return 2;
	if (!l1_viet(c))
		return is_vowel(p) ? 2 : is_letter(p) ? 1 : 0;
	if (!is_vowel(p))
		return 0;
	if (fp >= 0x80)
		return 2;                  /* two non-ASCII vowels */
	if (fp == 'a' || fp == 'e')
		return 2;
	if (fp == 'o')
		return fc == 0xE0 || fc == 0xE1 || fc == 0xE3 || fc == 0xE8 ||
		       fc == 0xE9 ? 0 : 2;
	if (fp == 'u' || fp == 'y')
		return fc == 0xF9 || fc == 0xF5 ? 2 : 0;
	return 0;
}

void td_legacy_score(const char *s, size_t n, struct td_legacy_score *sc)
{
	size_t i = 0;
	uint32_t p = 0, c, nx;
	int utf8 = td_utf8_valid(s, n), sig;

	memset(sc, 0, sizeof *sc);
	c = td_text_next_or_byte(s, n, &i, utf8);
	while (c) {
		nx = td_text_next_or_byte(s, n, &i, utf8);
		if (viet_evidence(c)) {
			sc->evidence++;
		} else {
			sig = signal(p, c, nx);
			if (sig == 2)
				sc->strong++;
			else if (sig == 1)
				sc->weak++;
		}
		p = c;
		c = nx;
	}
}

int td_legacy_verdict(const struct td_legacy_score *sc)
{
	if (sc->strong == 0)
		return sc->weak >= 3 && sc->evidence == 0;
	return (2 * sc->strong + sc->weak) * 4 > sc->evidence;
}

int td_text_looks_legacy(const char *s)
{
	struct td_legacy_score sc;

	if (!s)
		return 0;
	td_legacy_score(s, strlen(s), &sc);
	return td_legacy_verdict(&sc);
}
