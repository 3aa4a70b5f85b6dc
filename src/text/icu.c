/* icu.c - UTF-16 buffers for ICU, ICU string operations and error mapping. */
#include "text/vi.h"
#include "text/text_int.h"
#include "util/alloc.h"
#include "util/error.h"

#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

int td_icu_error(UErrorCode e, const char *what)
{
	if (e == U_MEMORY_ALLOCATION_ERROR)
		return td_error_oom();
	if (e == U_INVALID_CHAR_FOUND || e == U_ILLEGAL_CHAR_FOUND ||
	    e == U_TRUNCATED_CHAR_FOUND)
		return td_error(THIDUA_EFORMAT,
		                "Văn bản không phải UTF-8 hợp lệ (%s).",
		                "Text is not valid UTF-8 (%s).", what);
	return td_error(THIDUA_ERROR, "Lỗi ICU khi %s: %s.",
	                "ICU failed to %s: %s.", what, u_errorName(e));
}

const struct UNormalizer2 *td_nfc(void)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *n = unorm2_getNFCInstance(&e);

	if (U_FAILURE(e) || !n) {
		td_icu_error(U_FAILURE(e) ? e : U_INTERNAL_PROGRAM_ERROR,
		             "load NFC data");
		return NULL;
	}
	return n;
}

const struct UNormalizer2 *td_nfd(void)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *n = unorm2_getNFDInstance(&e);

	if (U_FAILURE(e) || !n) {
		td_icu_error(U_FAILURE(e) ? e : U_INTERNAL_PROGRAM_ERROR,
		             "load NFD data");
		return NULL;
	}
	return n;
}

void td_u16_free(td_u16 *u)
{
	td_free(u->p);
	u->p = NULL;
	u->len = 0;
}

static int too_long(void)
{
	return td_error(THIDUA_ELIMIT, "Văn bản quá dài.", "Text too long.");
}

int td_u16_from_utf8(td_u16 *out, const char *s, size_t n)
{
	UErrorCode e = U_ZERO_ERROR;
	UChar *p;
	int32_t len = 0;

	out->p = NULL;
	out->len = 0;
	if (n > TD_TEXT_MAX)
		return too_long();
	if (!td_utf8_valid(s, n))
		return td_error(THIDUA_EFORMAT, "Văn bản không phải UTF-8 hợp lệ.",
		                "Text is not valid UTF-8.");
	/* UTF-16 never needs more units than UTF-8 needs bytes. */
	p = td_malloc((n + 1) * sizeof *p);
	if (!p)
		return td_error_oom();
	if (n)
		u_strFromUTF8(p, (int32_t)n + 1, &len, s, (int32_t)n, &e);
	if (U_FAILURE(e)) {
		td_free(p);
		return td_icu_error(e, "convert UTF-8");
	}
	p[len] = 0;
	out->p = p;
	out->len = len;
	return 0;
}

int td_u16_to_utf8(char **out, const UChar *s, int32_t len)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t need = 0;
	size_t cap;
	char *r;

	*out = NULL;
	/* At most 3 bytes per UTF-16 unit. */
	if ((size_t)len > TD_TEXT_MAX)
		return too_long();
	cap = (size_t)len * 3 + 1;
	r = td_malloc(cap);
	if (!r)
		return td_error_oom();
	if (len)
		u_strToUTF8(r, (int32_t)cap, &need, s, len, &e);
	if (U_FAILURE(e)) {
		td_free(r);
		return td_icu_error(e, "convert to UTF-8");
	}
	r[need] = '\0';
	*out = r;
	return 0;
}

int td_u16_apply(td_u16 *out, td_u16_op op, const void *ctx,
                 const UChar *src, int32_t len)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t cap, need;
	UChar *p;

	if (len > INT32_MAX / 4)
		return too_long();
	cap = len + len / 2 + 16;
	p = td_malloc((size_t)cap * sizeof *p);
	if (!p)
		return td_error_oom();
	need = op(ctx, p, cap, src, len, &e);
	if ((e == U_BUFFER_OVERFLOW_ERROR || (U_SUCCESS(e) && need >= cap)) &&
	    need >= cap && need < INT32_MAX - 1) {
		td_free(p);
		cap = need + 1;
		p = td_malloc((size_t)cap * sizeof *p);
		if (!p)
			return td_error_oom();
		e = U_ZERO_ERROR;
		need = op(ctx, p, cap, src, len, &e);
	}
	if (U_FAILURE(e) || need >= cap) {
		td_free(p);
		return td_icu_error(U_FAILURE(e) ? e : U_BUFFER_OVERFLOW_ERROR,
		                    "transform text");
	}
	p[need] = 0;
	out->p = p;
	out->len = need;
	return 0;
}

int32_t td_op_normalize(const void *ctx, UChar *dst, int32_t cap,
                        const UChar *src, int32_t len, UErrorCode *err)
{
	return unorm2_normalize((const UNormalizer2 *)ctx, src, len, dst, cap, err);
}

int32_t td_op_upper(const void *ctx, UChar *dst, int32_t cap,
                    const UChar *src, int32_t len, UErrorCode *err)
{
	return u_strToUpper(dst, cap, src, len, (const char *)ctx, err);
}

int32_t td_op_lower(const void *ctx, UChar *dst, int32_t cap,
                    const UChar *src, int32_t len, UErrorCode *err)
{
	return u_strToLower(dst, cap, src, len, (const char *)ctx, err);
}

int32_t td_op_fold(const void *ctx, UChar *dst, int32_t cap,
                   const UChar *src, int32_t len, UErrorCode *err)
{
	(void)ctx;
	return u_strFoldCase(dst, cap, src, len, U_FOLD_CASE_DEFAULT, err);
}
