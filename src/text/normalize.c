/* normalize.c - NFC checks and conversion, white space squashing. */
#include "text/vi.h"
#include "text/text_int.h"
#include "util/alloc.h"
#include "util/error.h"

#include <string.h>

#include <unicode/unorm2.h>

/* 1 when every code point of the valid UTF-8 s[0..n) is below U+0300: such
 * text is NFC already (nothing there composes or reorders). */
static int below_combining(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < n; i++) {
		/* Lead bytes of U+0300 and above: 0xCC and up. */
		if (u[i] >= 0xCC && u[i] < 0xF8)
			return 0;
	}
	return 1;
}

int td_text_is_nfc(const char *s, size_t n)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *nfc;
	td_u16 u;
	UBool yes;

	if (!s || !td_utf8_valid(s, n))
		return 0;
	if (below_combining(s, n))
		return 1;
	nfc = td_nfc();
	/* Out of memory: answer "not known to be NFC"; td_text_nfc then
	 * reports the error. */
	if (!nfc || td_u16_from_utf8(&u, s, n) < 0)
		return 0;
	yes = unorm2_isNormalized(nfc, u.p, u.len, &e);
	td_u16_free(&u);
	return U_SUCCESS(e) && yes;
}

int td_text_nfc(char **out, const char *s, size_t n)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *nfc;
	td_u16 u = { NULL, 0 }, v = { NULL, 0 };
	int rc;

	if (!out)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	*out = NULL;
	if (!s)
		return td_error(THIDUA_EINVAL, "Thiếu văn bản.", "Missing text.");
	if (!td_utf8_valid(s, n))
		return td_error(THIDUA_EFORMAT, "Văn bản không phải UTF-8 hợp lệ.",
		                "Text is not valid UTF-8.");
	if (below_combining(s, n))
		goto copy;
	if (!(nfc = td_nfc()))
		return THIDUA_ERROR;
	if ((rc = td_u16_from_utf8(&u, s, n)) < 0)
		return rc;
	if (unorm2_isNormalized(nfc, u.p, u.len, &e) && U_SUCCESS(e)) {
		td_u16_free(&u);
		goto copy;
	}
	if ((rc = td_u16_apply(&v, td_op_normalize, nfc, u.p, u.len)) < 0)
		goto cleanup;
	rc = td_u16_to_utf8(out, v.p, v.len);
cleanup:
	td_u16_free(&u);
	td_u16_free(&v);
	return rc;
copy:
	*out = td_strndup(s, n);
	return *out ? 0 : td_error_oom();
}

int td_text_squash(char **out, const char *s)
{
	size_t n, i = 0, len = 0;
	uint32_t cp;
	int k, pending = 0;
	char *r;

	if (!out)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	*out = NULL;
	if (!s)
		return td_error(THIDUA_EINVAL, "Thiếu văn bản.", "Missing text.");
	n = strlen(s);
	r = td_malloc(n + 1);
	if (!r)
		return td_error_oom();
	while (i < n) {
		k = td_utf8_next(s + i, n - i, &cp);
		if (!k) {
			td_free(r);
			return td_error(THIDUA_EFORMAT,
			                "Văn bản không phải UTF-8 hợp lệ.",
			                "Text is not valid UTF-8.");
		}
		if (td_text_is_space(cp)) {
			pending = len > 0;
		} else {
			if (pending)
				r[len++] = ' ';
			pending = 0;
			memcpy(r + len, s + i, (size_t)k);
			len += (size_t)k;
		}
		i += (size_t)k;
	}
	r[len] = '\0';
	*out = r;
	return 0;
}
