/* unlegacy.c - converting TCVN3 (ABC) and VNI mojibake (legacy 8-bit
 * Vietnamese read as Latin-1) back to Unicode. */
#include "text/vi.h"
#include "text/text_int.h"
#include "util/alloc.h"
#include "util/error.h"

#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>

/* TCVN 5712 (VN3) bytes 0xA0-0xFF. 0xB0-0xB4 are the combining tones. */
static const uint16_t tcvn3[96] = {
	0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,
	0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0,
	0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3,
	0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4,
	0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7,
	0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD,
	0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,
	0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2,
	0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,
	0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,
	0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,
	0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,
};

static int put_cp(td_buf *b, uint32_t c)
{
	char u[4];

	return td_buf_put(b, u, (size_t)td_utf8_put(u, c));
}

/* ---- TCVN3 -------------------------------------------------------------- */

/* Text whose ASCII letters are all capitals (at least two) was typed with
 * the capitals-only fonts (.VnTimeH), which show the lower-case codes as
 * capitals. */
static int all_caps(const char *s, size_t n)
{
	size_t i, upper = 0;

	for (i = 0; i < n; i++) {
		if (s[i] >= 'a' && s[i] <= 'z')
			return 0;
		upper += s[i] >= 'A' && s[i] <= 'Z';
	}
	return upper >= 2;
}

/* When an upper-case vowel is followed by the code of the same vowel with
 * a tone ("A¸", "¢Ê": the usual way to write Á, Ấ in TCVN3), the upper-case
 * toned letter; else 0. */
static uint32_t tcvn3_capital(uint32_t prev, uint32_t toned)
{
	const UNormalizer2 *nfd = td_nfd();
	UErrorCode e = U_ZERO_ERROR;
	UChar a[8], b[8];
	int32_t al, bl, i, j, tones = 0;
	UChar32 lp = u_tolower((UChar32)prev);

	if (!nfd || lp == (UChar32)prev || !u_isalpha(lp))
		return 0;
	al = unorm2_getDecomposition(nfd, lp, a, 8, &e);
	if (al < 0) {
		a[0] = (UChar)lp;
		al = 1;
	}
	bl = unorm2_getDecomposition(nfd, (UChar32)toned, b, 8, &e);
	if (U_FAILURE(e) || bl != al + 1 || !strchr("aeiouy", a[0] < 0x80 ? (int)a[0] : 'x'))
		return 0;
	/* b is a with one tone mark somewhere after the base (NFD puts the dot
	 * below before a circumflex). */
	for (i = 1, j = 1; i < bl; i++) {
		if (b[i] == 0x0300 || b[i] == 0x0301 || b[i] == 0x0303 ||
		    b[i] == 0x0309 || b[i] == 0x0323)
			tones++;
		else if (j >= al || b[i] != a[j++])
			return 0;
	}
	if (tones != 1 || b[0] != a[0])
		return 0;
	return (uint32_t)u_toupper((UChar32)toned);
}

static void from_tcvn3(td_buf *b, const char *s, size_t n, int utf8)
{
	int caps = all_caps(s, n);
	size_t i = 0, prev_at = 0;
	uint32_t c, prev = 0, cap;

	while (i < n) {
		c = td_text_next_or_byte(s, n, &i, utf8);
		if (c >= 0xA1 && c <= 0xFF) {
			c = tcvn3[c - 0xA0];
			if ((cap = tcvn3_capital(prev, c)) != 0) {
				b->len = prev_at;
				c = cap;
			} else if (caps) {
				c = (uint32_t)u_toupper((UChar32)c);
			}
		}
		prev_at = b->len;
		prev = c;
		put_cp(b, c);
	}
}

/* ---- VNI ---------------------------------------------------------------- */

/* Letters VNI writes with one byte. */
static uint32_t vni_single(uint32_t c)
{
	switch (c) {
	case 0xF1: return 0x0111;   /* ñ đ */
	case 0xD1: return 0x0110;
	case 0xF4: return 0x01A1;   /* ô ơ */
	case 0xD4: return 0x01A0;
	case 0xF6: return 0x01B0;   /* ö ư */
	case 0xD6: return 0x01AF;
	case 0xF3: return 0x0129;   /* ó ĩ */
	case 0xD3: return 0x0128;
	case 0xF2: return 0x1ECB;   /* ò ị */
	case 0xD2: return 0x1ECA;
	case 0xE6: return 0x1EC9;   /* æ ỉ */
	case 0xC6: return 0x1EC8;
	case 0xEE: return 0x1EF5;   /* î ỵ */
	case 0xCE: return 0x1EF4;
	default: return 0;
	}
}

/* The marks VNI writes after a vowel: the combining characters, and the
 * vowels they go on ('t' any, 'c' a/e/o for circumflexes, 'b' a for
 * breves). */
struct vni_mark {
	unsigned char byte;
	char on;
	uint16_t m1, m2;
};

static const struct vni_mark vni_marks[] = {
	{ 0xF8, 't', 0x0300, 0 }, { 0xF9, 't', 0x0301, 0 },
	{ 0xFB, 't', 0x0309, 0 }, { 0xF5, 't', 0x0303, 0 },
	{ 0xEF, 't', 0x0323, 0 },
	{ 0xE2, 'c', 0x0302, 0 }, { 0xE1, 'c', 0x0302, 0x0301 },
	{ 0xE0, 'c', 0x0302, 0x0300 }, { 0xE5, 'c', 0x0302, 0x0309 },
	{ 0xE3, 'c', 0x0302, 0x0303 }, { 0xE4, 'c', 0x0302, 0x0323 },
	{ 0xEA, 'b', 0x0306, 0 }, { 0xE9, 'b', 0x0306, 0x0301 },
	{ 0xE8, 'b', 0x0306, 0x0300 }, { 0xFA, 'b', 0x0306, 0x0309 },
	{ 0xFC, 'b', 0x0306, 0x0303 }, { 0xEB, 'b', 0x0306, 0x0323 },
};

static const struct vni_mark *vni_mark(uint32_t c, uint32_t base)
{
	uint32_t lc = c >= 0xC0 && c <= 0xDE ? c + 0x20 : c;
	uint32_t lb = base >= 'A' && base <= 'Z' ? base + 0x20 : base;
	size_t i;

	if (!base)
		return NULL;
	for (i = 0; i < sizeof vni_marks / sizeof vni_marks[0]; i++) {
		const struct vni_mark *m = &vni_marks[i];

		if (m->byte != lc)
			continue;
		if (m->on == 't' || (m->on == 'c' && (lb == 'a' || lb == 'e' || lb == 'o')) ||
		    (m->on == 'b' && lb == 'a'))
			return m;
		return NULL;
	}
	return NULL;
}

static uint32_t vni_base(uint32_t c)
{
	uint32_t l = c >= 'A' && c <= 'Z' ? c + 0x20 : c;

	if (l == 'a' || l == 'e' || l == 'i' || l == 'o' || l == 'u' || l == 'y' ||
	    c == 0x01A0 || c == 0x01A1 || c == 0x01AF || c == 0x01B0)
		return c;
	return 0;
}

static void from_vni(td_buf *b, const char *s, size_t n, int utf8)
{
	size_t i = 0;
	uint32_t c, base = 0, one;
	const struct vni_mark *m;

	while (i < n) {
		c = td_text_next_or_byte(s, n, &i, utf8);
		if ((m = vni_mark(c, base)) != NULL) {
			put_cp(b, m->m1);
			if (m->m2)
				put_cp(b, m->m2);
			base = 0;
			continue;
		}
		if ((one = vni_single(c)) != 0)
			c = one;
		put_cp(b, c);
		base = vni_base(c);
	}
}

/* ---- choosing ----------------------------------------------------------- */

/* How well a text reads as Vietnamese: ill-formed syllables first, then
 * legacy signals. Lower is better. */
struct reading {
	long bad, words;
	struct td_legacy_score sc;
};

static int judge(struct reading *r, const char *s)
{
	td_legacy_score(s, strlen(s), &r->sc);
	return td_viet_syllables(s, &r->bad, &r->words);
}

static int better(const struct reading *a, const struct reading *b)
{
	long pa = 2 * a->sc.strong + a->sc.weak, pb = 2 * b->sc.strong + b->sc.weak;

	return a->bad < b->bad || (a->bad == b->bad && pa < pb);
}

/* Decode s as enc into an NFC string *out. */
static int decode(char **out, const char *s, size_t n, int utf8, td_legacy enc)
{
	td_buf b = TD_BUF_INIT;
	int rc;

	*out = NULL;
	if (enc == TD_LEGACY_TCVN3)
		from_tcvn3(&b, s, n, utf8);
	else
		from_vni(&b, s, n, utf8);
	if (td_buf_oom(&b)) {
		td_buf_free(&b);
		return td_error_oom();
	}
	rc = td_text_nfc(out, td_buf_cstr(&b), b.len);
	td_buf_free(&b);
	return rc;
}

/* Unchanged, as UTF-8 (bytes that are not UTF-8 read as Latin-1). */
static int copy(char **out, const char *s, size_t n, int utf8)
{
	td_buf b = TD_BUF_INIT;
	size_t i = 0;

	if (utf8) {
		*out = td_strdup(s);
		return *out ? 0 : td_error_oom();
	}
	while (i < n)
		put_cp(&b, td_text_next_or_byte(s, n, &i, 0));
	*out = td_buf_oom(&b) ? NULL : td_buf_detach(&b);
	td_buf_free(&b);
	return *out ? 0 : td_error_oom();
}

int td_text_from_legacy(char **out, const char *s, td_legacy enc,
                        td_legacy *used)
{
	struct reading ro, rt, rv;
	char *t = NULL, *v = NULL;
	size_t n;
	int utf8, rc;

	if (used)
		*used = TD_LEGACY_NONE;
	if (!out)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	*out = NULL;
	if (!s || enc < TD_LEGACY_NONE || enc > TD_LEGACY_AUTO)
		return td_error(THIDUA_EINVAL, "Tham số không hợp lệ.",
		                "Invalid argument.");
	n = strlen(s);
	utf8 = td_utf8_valid(s, n);
	if (enc == TD_LEGACY_NONE)
		return copy(out, s, n, utf8);
	if (enc != TD_LEGACY_AUTO) {
		rc = decode(out, s, n, utf8, enc);
		if (rc == 0 && used)
			*used = enc;
		return rc;
	}
	td_legacy_score(s, n, &ro.sc);
	if (!td_legacy_verdict(&ro.sc))
		return copy(out, s, n, utf8);
	if ((rc = judge(&ro, s)) < 0 ||
	    (rc = decode(&t, s, n, utf8, TD_LEGACY_TCVN3)) < 0 ||
	    (rc = judge(&rt, t)) < 0 ||
	    (rc = decode(&v, s, n, utf8, TD_LEGACY_VNI)) < 0 ||
	    (rc = judge(&rv, v)) < 0)
		goto cleanup;
	if (!better(&rv, &rt) && better(&rt, &ro)) {
		*out = t;
		t = NULL;
		if (used)
			*used = TD_LEGACY_TCVN3;
	} else if (better(&rv, &rt) && better(&rv, &ro)) {
		*out = v;
		v = NULL;
		if (used)
			*used = TD_LEGACY_VNI;
	} else {
		rc = copy(out, s, n, utf8);
	}
cleanup:
	td_free(t);
	td_free(v);
	return rc;
}
