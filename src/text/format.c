/* format.c - numbers (ICU "vi": decimal comma, dot grouping), ND 30 dates,
 * Roman numerals and Vietnamese letter numbering, appended to a td_buf. */
#include "text/vi.h"
#include "text/text_int.h"
#include "util/error.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include <unicode/unumberformatter.h>
#include <unicode/ustring.h>

static int bad_date(int y, int m, int d)
{
	return td_error(THIDUA_EINVAL, "Ngày không hợp lệ: %d-%d-%d.",
	                "Invalid date: %d-%d-%d.", y, m, d);
}

int td_fmt_date_long(td_buf *out, int y, int m, int d)
{
	if (!out)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	if (!td_date_valid(y, m, d))
		return bad_date(y, m, d);
	/* ND 30: day < 10 and months 1 and 2 take a leading zero. */
	if (td_buf_printf(out, "ngày %02d tháng %0*d năm %d", d, m < 3 ? 2 : 1,
	                  m, y) < 0)
		return td_error_oom();
	return 0;
}

int td_fmt_date_short(td_buf *out, int y, int m, int d)
{
	if (!out)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	if (!td_date_valid(y, m, d))
		return bad_date(y, m, d);
	if (td_buf_printf(out, "%02d/%02d/%04d", d, m, y) < 0)
		return td_error_oom();
	return 0;
}

int td_fmt_date_iso(td_buf *out, int y, int m, int d)
{
	if (!out)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	if (!td_date_valid(y, m, d))
		return bad_date(y, m, d);
	if (td_buf_printf(out, "%04d-%02d-%02d", y, m, d) < 0)
		return td_error_oom();
	return 0;
}

/* ---- numbers -------------------------------------------------------------
 * Three formatters, for 0, 1 and 2 fraction digits, opened on first use
 * (under a mutex, retried if it failed) and shared: UNumberFormatter is
 * immutable and thread-safe. The value reaches ICU as an exact decimal
 * string that already has the digits wanted, so ICU never rounds. */

static pthread_mutex_t fmt_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic(UNumberFormatter *) fmt_vi[3];

static const UNumberFormatter *formatter(int decimals)
{
	static const char *const skeleton[3] = {
		"precision-integer", ".0", ".00"
	};
	UNumberFormatter *f = atomic_load_explicit(&fmt_vi[decimals],
	                                           memory_order_acquire);
	UErrorCode e = U_ZERO_ERROR;
	UChar sk[32];

	if (f)
		return f;
	pthread_mutex_lock(&fmt_lock);
	f = atomic_load_explicit(&fmt_vi[decimals], memory_order_relaxed);
	if (!f) {
		u_uastrncpy(sk, skeleton[decimals], 31);
		sk[31] = 0;
		f = unumf_openForSkeletonAndLocale(sk, -1, "vi", &e);
		if (U_FAILURE(e)) {
			if (f)
				unumf_close(f);
			f = NULL;
			td_icu_error(e, "open the Vietnamese number format");
		} else {
			atomic_store_explicit(&fmt_vi[decimals], f,
			                      memory_order_release);
		}
	}
	pthread_mutex_unlock(&fmt_lock);
	return f;
}

int td_fmt_number(td_buf *out, int64_t hundredths, int decimals)
{
	const UNumberFormatter *f;
	UFormattedNumber *res = NULL;
	UErrorCode e = U_ZERO_ERROR;
	uint64_t mag, ip, fp;
	int neg = hundredths < 0, digits, rc = 0;
	char dec[48], utf8[192];
	UChar u16[64];
	int32_t n;

	if (!out)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	if (decimals > 2)
		return td_error(THIDUA_EINVAL,
		                "Số chữ số thập phân phải từ 0 đến 2 (có %d).",
		                "Decimals must be 0 to 2 (got %d).", decimals);
	if (td_buf_oom(out))
		return td_error_oom();
	mag = neg ? (uint64_t)(-(hundredths + 1)) + 1 : (uint64_t)hundredths;
	if (decimals < 0)
		digits = mag % 100 == 0 ? 0 : mag % 10 == 0 ? 1 : 2;
	else
		digits = decimals;
	/* Round half away from zero to the digits kept. */
	if (digits == 0) {
		ip = mag / 100 + (mag % 100 >= 50);
		fp = 0;
	} else if (digits == 1) {
		uint64_t tenths = mag / 10 + (mag % 10 >= 5);

		ip = tenths / 10;
		fp = tenths % 10;
	} else {
		ip = mag / 100;
		fp = mag % 100;
	}
	if (ip == 0 && fp == 0)
		neg = 0;
	if (digits == 0)
		snprintf(dec, sizeof dec, "%s%" PRIu64, neg ? "-" : "", ip);
	else
		snprintf(dec, sizeof dec, "%s%" PRIu64 ".%0*" PRIu64,
		         neg ? "-" : "", ip, digits, fp);
	if (!(f = formatter(digits)))
		return THIDUA_ERROR;
	res = unumf_openResult(&e);
	if (U_FAILURE(e))
		goto icu_fail;
	unumf_formatDecimal(f, dec, -1, res, &e);
	if (U_FAILURE(e))
		goto icu_fail;
	n = unumf_resultToString(res, u16, 64, &e);
	if (U_FAILURE(e) || n >= 64)
		goto icu_fail;
	u_strToUTF8(utf8, (int32_t)sizeof utf8, &n, u16, n, &e);
	if (U_FAILURE(e) || n >= (int32_t)sizeof utf8)
		goto icu_fail;
	if (td_buf_put(out, utf8, (size_t)n) < 0)
		rc = td_error_oom();
	goto cleanup;
icu_fail:
	rc = td_icu_error(U_FAILURE(e) ? e : U_BUFFER_OVERFLOW_ERROR,
	                  "format a number");
cleanup:
	if (res)
		unumf_closeResult(res);
	return rc;
}

/* ---- numbering ---------------------------------------------------------- */

int td_fmt_roman(td_buf *out, int n)
{
	static const struct { int v; const char *s; } r[] = {
		{ 1000, "M" }, { 900, "CM" }, { 500, "D" }, { 400, "CD" },
		{ 100, "C" }, { 90, "XC" }, { 50, "L" }, { 40, "XL" },
		{ 10, "X" }, { 9, "IX" }, { 5, "V" }, { 4, "IV" }, { 1, "I" },
	};
	char s[32];
	size_t i, len = 0;

	if (!out)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	if (n < 1 || n > 3999)
		return td_error(THIDUA_EINVAL,
		                "Số La Mã chỉ từ 1 đến 3999 (có %d).",
		                "Roman numerals go from 1 to 3999 (got %d).", n);
	for (i = 0; i < sizeof r / sizeof r[0]; i++) {
		while (n >= r[i].v) {
			s[len++] = r[i].s[0];
			if (r[i].s[1])
				s[len++] = r[i].s[1];
			n -= r[i].v;
		}
	}
	if (td_buf_put(out, s, len) < 0)
		return td_error_oom();
	return 0;
}

int td_fmt_letter(td_buf *out, int n)
{
	/* The Vietnamese alphabet without f, j, w, z. */
	static const char *const letter[23] = {
		"a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
		"n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y",
	};
	int idx[16], k = 0;

	if (!out)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	if (n < 1)
		return td_error(THIDUA_EINVAL,
		                "Số thứ tự chữ cái phải từ 1 trở lên (có %d).",
		                "Letter numbering starts at 1 (got %d).", n);
	/* Bijective base 23, as spreadsheet columns: y, aa, ab, ... */
	while (n > 0) {
		n--;
		idx[k++] = n % 23;
		n /= 23;
	}
	while (k > 0) {
		if (td_buf_puts(out, letter[idx[--k]]) < 0)
			return td_error_oom();
	}
	return 0;
}
