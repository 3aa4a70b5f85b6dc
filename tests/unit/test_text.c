/* test_text.c - Vietnamese text: UTF-8, NFC, case, matching keys,
 * collation, number/date formats, parsing, legacy-encoding detection and
 * out-of-memory paths. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "text/vi.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- UTF-8 and NFC ------------------------------------------------------ */

static void utf8_validation(void **state)
{
	static const struct { const char *s; int ok; } t[] = {
		{ "", 1 },
		{ "plain ASCII", 1 },
		{ "Hòa Bình – Việt Nam", 1 },
		{ "\xF0\x9F\x98\x80", 1 },            /* U+1F600 */
		{ "\xEF\xBF\xBF", 1 },                /* U+FFFF */
		{ "\xF4\x8F\xBF\xBF", 1 },            /* U+10FFFF */
		{ "\xC0\xAF", 0 },                    /* overlong '/' */
		{ "\xC1\xBF", 0 },                    /* overlong */
		{ "\xE0\x80\xAF", 0 },                /* overlong, 3 bytes */
		{ "\xE0\x9F\xBF", 0 },                /* overlong U+07FF */
		{ "\xF0\x80\x80\xAF", 0 },            /* overlong, 4 bytes */
		{ "\xF0\x8F\xBF\xBF", 0 },            /* overlong U+FFFF */
		{ "\xED\xA0\x80", 0 },                /* surrogate U+D800 */
		{ "\xED\xBF\xBF", 0 },                /* surrogate U+DFFF */
		{ "\xF4\x90\x80\x80", 0 },            /* U+110000 */
		{ "\xF5\x80\x80\x80", 0 },
		{ "\xFF", 0 },
		{ "\x80", 0 },                        /* lone continuation */
		{ "ab\xC3", 0 },                      /* truncated */
		{ "\xE1\xBB", 0 },                    /* truncated */
		{ "\xF0\x9F\x98", 0 },                /* truncated */
		{ "\xC3\x28", 0 },                    /* bad continuation */
	};
	size_t i;
	(void)state;

	for (i = 0; i < N(t); i++)
		assert_int_equal(td_utf8_valid(t[i].s, strlen(t[i].s)), t[i].ok);
	/* The length is honoured: a cut inside a character is invalid. */
	assert_int_equal(td_utf8_valid("Hò", 2), 0);
	assert_int_equal(td_utf8_valid("Hò", 3), 1);
	assert_int_equal(td_utf8_valid(NULL, 0), 1);
}

static void nfc_composes_decomposed_input(void **state)
{
	const char *nfd = "Ho\xCC\x80""a Vie\xCC\xA3\xCC\x82t";   /* o + U+0300, e + dot + circumflex */
	const char *nfd2 = "Ho\xCC\x80""a Vie\xCC\x82\xCC\xA3t";  /* circumflex first */
	char *out = NULL;
	(void)state;

	assert_false(td_text_is_nfc(nfd, strlen(nfd)));
	assert_true(td_text_is_nfc("Hòa Việt", strlen("Hòa Việt")));
	assert_true(td_text_is_nfc("ASCII only", 10));
	assert_true(td_text_is_nfc("", 0));
	assert_false(td_text_is_nfc("\xC0\xAF", 2));
	assert_int_equal(td_text_nfc(&out, nfd, strlen(nfd)), 0);
	assert_string_equal(out, "Hòa Việt");
	td_free(out);
	assert_int_equal(td_text_nfc(&out, nfd2, strlen(nfd2)), 0);
	assert_string_equal(out, "Hòa Việt");
	td_free(out);
	/* Already NFC: an equal copy. */
	assert_int_equal(td_text_nfc(&out, "Cần Thơ", strlen("Cần Thơ")), 0);
	assert_string_equal(out, "Cần Thơ");
	td_free(out);
	/* Only the first n bytes. */
	assert_int_equal(td_text_nfc(&out, "abcdef", 3), 0);
	assert_string_equal(out, "abc");
	td_free(out);
	/* Invalid UTF-8 is refused. */
	out = (char *)1;
	assert_int_equal(td_text_nfc(&out, "a\xED\xA0\x80", 4), THIDUA_EFORMAT);
	assert_null(out);
	assert_non_null(thidua_error_last());
	assert_int_equal(thidua_error_last()->code, THIDUA_EFORMAT);
	assert_int_equal(td_text_nfc(&out, "\xE1\xBB", 2), THIDUA_EFORMAT);
	assert_int_equal(td_text_nfc(&out, NULL, 0), THIDUA_EINVAL);
}

static void squash_white_space(void **state)
{
	static const struct { const char *in, *out; } t[] = {
		{ "  Hà \t Nội\xC2\xA0 ", "Hà Nội" },
		{ "Cụm\xE2\x80\xAFthi\xC2\xA0\xC2\xA0""đua\r\nsố 1", "Cụm thi đua số 1" },
		{ "\xE3\x80\x80Sở\xE2\x80\x83Y tế ", "Sở Y tế" },
		{ " \t\n ", "" },
		{ "", "" },
		{ "a", "a" },
	};
	char *out;
	size_t i;
	(void)state;

	for (i = 0; i < N(t); i++) {
		assert_int_equal(td_text_squash(&out, t[i].in), 0);
		assert_string_equal(out, t[i].out);
		td_free(out);
	}
	assert_int_equal(td_text_squash(&out, "a \xC3"), THIDUA_EFORMAT);
	assert_null(out);
}

static void upper_and_lower_case(void **state)
{
	char *out;
	(void)state;

	assert_int_equal(td_text_upper(&out, "đồng chí lê văn thành"), 0);
	assert_string_equal(out, "ĐỒNG CHÍ LÊ VĂN THÀNH");
	td_free(out);
	assert_int_equal(td_text_lower(&out, "ĐỒNG CHÍ LÊ VĂN THÀNH"), 0);
	assert_string_equal(out, "đồng chí lê văn thành");
	td_free(out);
	assert_int_equal(td_text_upper(&out, "cộng hòa xã hội chủ nghĩa việt nam"), 0);
	assert_string_equal(out, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	td_free(out);
	/* Decomposed input comes out in NFC. */
	assert_int_equal(td_text_upper(&out, "ho\xCC\x80""a"), 0);
	assert_string_equal(out, "HÒA");
	td_free(out);
	assert_int_equal(td_text_upper(&out, "ư ơ ă â ê ô đ"), 0);
	assert_string_equal(out, "Ư Ơ Ă Â Ê Ô Đ");
	td_free(out);
	assert_int_equal(td_text_upper(&out, ""), 0);
	assert_string_equal(out, "");
	td_free(out);
	assert_int_equal(td_text_upper(&out, "\xFF"), THIDUA_EFORMAT);
	assert_null(out);
}

/* ---- matching keys ------------------------------------------------------ */

static int same_key(const char *a, const char *b)
{
	char *ka = NULL, *kb = NULL;
	int r;

	assert_int_equal(td_text_match_key(&ka, a), 0);
	assert_int_equal(td_text_match_key(&kb, b), 0);
	r = strcmp(ka, kb) == 0;
	td_free(ka);
	td_free(kb);
	return r;
}

static void match_keys(void **state)
{
	char *k;
	(void)state;

	assert_true(same_key("Hoà", "Hòa"));
	assert_true(same_key("Thuý", "Thúy"));
	assert_true(same_key("Khoẻ", "Khỏe"));
	assert_true(same_key("Hoà Bình", "Hòa Bình"));
	assert_true(same_key("Uỷ ban", "Ủy ban"));
	assert_true(same_key("Thuỵ Khuê", "Thụy Khuê"));
	assert_true(same_key("Ho\xCC\x80""a", "Hòa"));           /* NFD */
	assert_true(same_key("ho\xCC\x80""a", "Hòa"));           /* NFD, old style */
	assert_true(same_key("HÒA BÌNH", "hoà bình"));
	assert_true(same_key("Đoàn Thanh niên", "ĐOÀN THANH NIÊN"));
	assert_true(same_key("  Sở   Y\xC2\xA0tế ", "Sở Y tế"));
	assert_true(same_key("Bà Rịa - Vũng Tàu", "Bà Rịa–Vũng Tàu"));
	assert_true(same_key("Thi\xC2\xAD""đua", "Thiđua"));        /* soft hyphen */
	assert_false(same_key("Hòa", "Hóa"));
	assert_false(same_key("Hòa", "Hoa"));
	assert_false(same_key("Đà", "Da"));
	assert_false(same_key("Dà", "Đà"));
	assert_false(same_key("ăn", "ân"));
	assert_false(same_key("Hòa Bình", "Hòa  Bình x"));
	assert_false(same_key("Hoa Lư", "Hóa Lư"));
	assert_int_equal(td_text_match_key(&k, "  Hoà  BÌNH "), 0);
	assert_string_equal(k, "hoà bình");
	td_free(k);
	assert_int_equal(td_text_match_key(&k, ""), 0);
	assert_string_equal(k, "");
	td_free(k);
	assert_int_equal(td_text_match_key(&k, "\xC0\xAF"), THIDUA_EFORMAT);
	assert_null(k);
}

/* ---- collation ---------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return td_text_compare(*(const char *const *)a, *(const char *const *)b);
}

static void collation_order(void **state)
{
	static const char *const seq[] = {
		"a", "à", "ả", "ã", "á", "ạ", "ă", "â", "b", "c", "d", "đ", "e",
		"ê", "g", "o", "ô", "ơ", "u", "ư", "y",
	};
	const char *units[] = {
		"Ủy ban nhân dân tỉnh", "Sở Y tế", "Đài Phát thanh và Truyền hình",
		"Công an tỉnh", "Bảo hiểm xã hội tỉnh", "Ban Dân tộc", "Cục Thuế",
		"Chi cục Kiểm lâm", "Sở Tài chính", "Ân", "An", "Ăn",
	};
	static const char *const sorted[] = {
		"An", "Ăn", "Ân", "Ban Dân tộc", "Bảo hiểm xã hội tỉnh",
		"Chi cục Kiểm lâm", "Công an tỉnh", "Cục Thuế",
		"Đài Phát thanh và Truyền hình", "Sở Tài chính", "Sở Y tế",
		"Ủy ban nhân dân tỉnh",
	};
	size_t i;
	(void)state;

	for (i = 0; i + 1 < N(seq); i++) {
		assert_true(td_text_compare(seq[i], seq[i + 1]) < 0);
		assert_true(td_text_compare(seq[i + 1], seq[i]) > 0);
	}
	assert_true(td_text_compare("d", "đ") < 0);
	assert_true(td_text_compare("đ", "e") < 0);
	assert_true(td_text_compare("dz", "đa") < 0);
	assert_int_equal(td_text_compare("Hòa", "Hòa"), 0);
	/* Canonically equivalent: the collator ties, the bytes decide. */
	assert_true(td_text_compare("Hòa", "Ho\xCC\x80""a") != 0);
	assert_int_equal(td_text_compare("Hòa", "Ho\xCC\x80""a"),
	                 -td_text_compare("Ho\xCC\x80""a", "Hòa"));
	assert_true(td_text_compare("Hòa", "Ho\xCC\x80""b") < 0);
	assert_true(td_text_compare(NULL, "a") < 0);
	assert_true(td_text_compare("a", NULL) > 0);
	assert_int_equal(td_text_compare(NULL, NULL), 0);
	qsort(units, N(units), sizeof units[0], cmp_str);
	for (i = 0; i < N(units); i++)
		assert_string_equal(units[i], sorted[i]);
}

struct thread_arg { int ok; };

static void *compare_worker(void *p)
{
	struct thread_arg *a = p;
	int i, ok = 1;

	for (i = 0; i < 2000; i++) {
		td_buf b = TD_BUF_INIT;

		ok &= td_text_compare("ă", "â") < 0;
		ok &= td_text_compare("đ", "d") > 0;
		ok &= td_fmt_number(&b, 123450 + i % 10, 2) == 0;
		ok &= strncmp(td_buf_cstr(&b), "1.234,5", 7) == 0;
		td_buf_free(&b);
	}
	a->ok = ok;
	return NULL;
}

static void shared_icu_objects_across_threads(void **state)
{
	pthread_t t[4];
	struct thread_arg a[4];
	int i;
	(void)state;

	for (i = 0; i < 4; i++) {
		a[i].ok = 0;
		assert_int_equal(pthread_create(&t[i], NULL, compare_worker, &a[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_true(a[i].ok);
	}
}

/* ---- formats ------------------------------------------------------------ */

static void number_format(void **state)
{
	static const struct { int64_t h; int dec; const char *s; } t[] = {
		{ 9850, -1, "98,5" },
		{ 10000, -1, "100" },
		{ 9875, -1, "98,75" },
		{ 123450, 1, "1.234,5" },
		{ 123450, -1, "1.234,5" },
		{ 123400, -1, "1.234" },
		{ 5, 2, "0,05" },
		{ 5, -1, "0,05" },
		{ 0, -1, "0" },
		{ 0, 2, "0,00" },
		{ 9850, 2, "98,50" },
		{ 9850, 0, "99" },               /* half away from zero */
		{ 9849, 0, "98" },
		{ 9875, 1, "98,8" },
		{ -9875, 1, "-98,8" },
		{ -9850, -1, "-98,5" },
		{ -123450, -1, "-1.234,5" },
		{ -4, 0, "0" },                  /* no "-0" */
		{ -4, -1, "-0,04" },
		{ 100000000, 0, "1.000.000" },
		{ 12345678900, 2, "123.456.789,00" },
		{ INT64_MAX, 2, "92.233.720.368.547.758,07" },
		{ INT64_MIN, 2, "-92.233.720.368.547.758,08" },
	};
	td_buf b = TD_BUF_INIT;
	size_t i;
	(void)state;

	for (i = 0; i < N(t); i++) {
		td_buf_clear(&b);
		assert_int_equal(td_fmt_number(&b, t[i].h, t[i].dec), 0);
		assert_string_equal(td_buf_cstr(&b), t[i].s);
	}
	/* Appends. */
	td_buf_clear(&b);
	td_buf_puts(&b, "Tổng: ");
	assert_int_equal(td_fmt_number(&b, 9850, -1), 0);
	assert_string_equal(td_buf_cstr(&b), "Tổng: 98,5");
	assert_int_equal(td_fmt_number(&b, 1, 3), THIDUA_EINVAL);
	assert_int_equal(td_fmt_number(NULL, 1, 1), THIDUA_EINVAL);
	td_buf_free(&b);
}

static int roman_value(const char *s)
{
	int v = 0, prev = 0, i, cur;

	for (i = (int)strlen(s) - 1; i >= 0; i--) {
		switch (s[i]) {
		case 'I': cur = 1; break;
		case 'V': cur = 5; break;
		case 'X': cur = 10; break;
		case 'L': cur = 50; break;
		case 'C': cur = 100; break;
		case 'D': cur = 500; break;
		case 'M': cur = 1000; break;
		default: return -1;
		}
		v += cur < prev ? -cur : cur;
		if (cur > prev)
			prev = cur;
	}
	return v;
}

static void roman_numerals(void **state)
{
	static const struct { int n; const char *s; } t[] = {
		{ 1, "I" }, { 2, "II" }, { 3, "III" }, { 4, "IV" }, { 5, "V" },
		{ 9, "IX" }, { 14, "XIV" }, { 40, "XL" }, { 90, "XC" },
		{ 400, "CD" }, { 944, "CMXLIV" }, { 1994, "MCMXCIV" },
		{ 2026, "MMXXVI" }, { 3888, "MMMDCCCLXXXVIII" }, { 3999, "MMMCMXCIX" },
	};
	td_buf b = TD_BUF_INIT;
	size_t i;
	int n;
	(void)state;

	for (i = 0; i < N(t); i++) {
		td_buf_clear(&b);
		assert_int_equal(td_fmt_roman(&b, t[i].n), 0);
		assert_string_equal(td_buf_cstr(&b), t[i].s);
	}
	for (n = 1; n <= 3999; n++) {
		td_buf_clear(&b);
		assert_int_equal(td_fmt_roman(&b, n), 0);
		assert_int_equal(roman_value(td_buf_cstr(&b)), n);
		assert_null(strstr(td_buf_cstr(&b), "IIII"));
		assert_null(strstr(td_buf_cstr(&b), "XXXX"));
		assert_null(strstr(td_buf_cstr(&b), "CCCC"));
	}
	td_buf_clear(&b);
	assert_int_equal(td_fmt_roman(&b, 0), THIDUA_EINVAL);
	assert_int_equal(td_fmt_roman(&b, 4000), THIDUA_EINVAL);
	assert_int_equal(td_fmt_roman(&b, -5), THIDUA_EINVAL);
	assert_string_equal(td_buf_cstr(&b), "");
	td_buf_free(&b);
}

static void letter_numbering(void **state)
{
	static const char *const want[30] = {
		"a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n",
		"o", "p", "q", "r", "s", "t", "u", "v", "x", "y",
		"aa", "ab", "ac", "ad", "ađ", "ae", "ag",
	};
	td_buf b = TD_BUF_INIT;
	int n;
	(void)state;

	for (n = 1; n <= 30; n++) {
		td_buf_clear(&b);
		assert_int_equal(td_fmt_letter(&b, n), 0);
		assert_string_equal(td_buf_cstr(&b), want[n - 1]);
	}
	td_buf_clear(&b);
	assert_int_equal(td_fmt_letter(&b, 46), 0);
	assert_string_equal(td_buf_cstr(&b), "ay");
	td_buf_clear(&b);
	assert_int_equal(td_fmt_letter(&b, 47), 0);
	assert_string_equal(td_buf_cstr(&b), "ba");
	td_buf_clear(&b);
	assert_int_equal(td_fmt_letter(&b, 23 * 24), 0);
	assert_string_equal(td_buf_cstr(&b), "yy");
	td_buf_clear(&b);
	assert_int_equal(td_fmt_letter(&b, 23 * 24 + 1), 0);
	assert_string_equal(td_buf_cstr(&b), "aaa");
	td_buf_clear(&b);
	assert_int_equal(td_fmt_letter(&b, 2147483647), 0);
	assert_int_equal(td_fmt_letter(&b, 0), THIDUA_EINVAL);
	assert_int_equal(td_fmt_letter(&b, -1), THIDUA_EINVAL);
	td_buf_free(&b);
}

static void date_formats(void **state)
{
	td_buf b = TD_BUF_INIT;
	(void)state;

	assert_int_equal(td_fmt_date_long(&b, 2017, 2, 5), 0);
	assert_string_equal(td_buf_cstr(&b), "ngày 05 tháng 02 năm 2017");
	td_buf_clear(&b);
	assert_int_equal(td_fmt_date_long(&b, 2017, 3, 15), 0);
	assert_string_equal(td_buf_cstr(&b), "ngày 15 tháng 3 năm 2017");
	td_buf_clear(&b);
	assert_int_equal(td_fmt_date_long(&b, 2026, 1, 1), 0);
	assert_string_equal(td_buf_cstr(&b), "ngày 01 tháng 01 năm 2026");
	td_buf_clear(&b);
	assert_int_equal(td_fmt_date_long(&b, 2026, 12, 20), 0);
	assert_string_equal(td_buf_cstr(&b), "ngày 20 tháng 12 năm 2026");
	td_buf_clear(&b);
	assert_int_equal(td_fmt_date_long(&b, 2026, 10, 9), 0);
	assert_string_equal(td_buf_cstr(&b), "ngày 09 tháng 10 năm 2026");
	td_buf_clear(&b);
	assert_int_equal(td_fmt_date_short(&b, 2017, 2, 15), 0);
	assert_string_equal(td_buf_cstr(&b), "15/02/2017");
	td_buf_clear(&b);
	assert_int_equal(td_fmt_date_iso(&b, 2017, 2, 5), 0);
	assert_string_equal(td_buf_cstr(&b), "2017-02-05");
	td_buf_clear(&b);
	assert_int_equal(td_fmt_date_long(&b, 2017, 2, 29), THIDUA_EINVAL);
	assert_int_equal(td_fmt_date_short(&b, 2017, 13, 1), THIDUA_EINVAL);
	assert_int_equal(td_fmt_date_iso(&b, 2017, 0, 1), THIDUA_EINVAL);
	assert_string_equal(td_buf_cstr(&b), "");
	td_buf_free(&b);
}

/* ---- parsing ------------------------------------------------------------ */

static void parse_decimals(void **state)
{
	static const struct { const char *s; int64_t v; int amb; } ok[] = {
		{ "8", 800, 0 },
		{ "8,5", 850, 0 },
		{ "8.5", 850, 0 },
		{ "8,25", 825, 0 },
		{ "8.25", 825, 0 },
		{ "98,50", 9850, 0 },
		{ "0", 0, 0 },
		{ "-0", 0, 0 },
		{ "007", 700, 0 },
		{ "-3", -300, 0 },
		{ "+3", 300, 0 },
		{ "\xE2\x88\x92""3,5", -350, 0 },         /* U+2212 minus */
		{ "1.234,5", 123450, 0 },
		{ "1,234.5", 123450, 0 },
		{ "-1.234,56", -123456, 0 },
		{ "1.234.567", 123456700, 0 },
		{ "1,234,567", 123456700, 0 },
		{ "1.234.567,89", 123456789, 0 },
		{ "1 234,5", 123450, 0 },
		{ "1\xC2\xA0""234\xC2\xA0""567", 123456700, 0 },
		{ "1\xE2\x80\xAF""234.5", 123450, 0 },
		{ "1.234", 123400, 1 },
		{ "1,234", 123400, 1 },
		{ "8.555", 855500, 1 },
		{ "12345", 1234500, 0 },
		{ "12345,6", 1234560, 0 },
		{ ",5", 50, 0 },
		{ ".75", 75, 0 },
		{ "  8,5  ", 850, 0 },
		{ "\xC2\xA0\t8,5\xE2\x80\xAF\n", 850, 0 },
		{ "92233720368547758,07", INT64_MAX, 0 },
		{ "-92233720368547758,07", -INT64_MAX, 0 },
	};
	static const char *const bad[] = {
		"", "   ", "abc", "8,5,5", "8.5.5", "8,", "8.", ",", ".", "-", "+",
		"--3", "- 3", "3-", "1e5", "8,555.5.5", "1.234,5.6", "1,23,456",
		"1.2345", "1234.567", "0.555", "0,555", "8,5000", "1,234,5",
		"1.234 567", "1  234", "1 23", "8 ,5", "8, 5", "1 234.567",
		"1.234,567", "٣", "8%", "8,5đ", "\xC3", "92233720368547758,08",
		"100000000000000000000", ".5.5", " ,5 5",
	};
	int64_t v;
	int amb;
	size_t i;
	(void)state;

	for (i = 0; i < N(ok); i++) {
		amb = -1;
		if (td_parse_decimal(&v, ok[i].s, &amb) != 0)
			fail_msg("rejected \"%s\"", ok[i].s);
		assert_int_equal(v, ok[i].v);
		assert_int_equal(amb, ok[i].amb);
	}
	for (i = 0; i < N(bad); i++) {
		amb = -1;
		v = 42;
		if (td_parse_decimal(&v, bad[i], &amb) != THIDUA_EFORMAT)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(v, 0);
		assert_int_equal(amb, 0);
	}
	assert_int_equal(td_parse_decimal(&v, "8,5", NULL), 0);
	assert_int_equal(v, 850);
	assert_int_equal(td_parse_decimal(&v, NULL, NULL), THIDUA_EINVAL);
	assert_int_equal(td_parse_decimal(&v, "8,555", NULL), 0);
	assert_int_equal(v, 855500);
	assert_int_equal(td_parse_decimal(&v, "8,123", NULL), 0);
	assert_int_equal(td_parse_decimal(&v, "1234,567", NULL), THIDUA_EFORMAT);
	assert_non_null(strstr(thidua_error_last()->message_en, "2 decimals"));
}

static void parse_dates(void **state)
{
	static const struct { const char *s; int y, m, d; } ok[] = {
		{ "2017-02-15", 2017, 2, 15 },
		{ "2017-2-5", 2017, 2, 5 },
		{ "2017/02/15", 2017, 2, 15 },
		{ "15/02/2017", 2017, 2, 15 },
		{ "15/2/2017", 2017, 2, 15 },
		{ "5/2/2017", 2017, 2, 5 },
		{ "15-02-2017", 2017, 2, 15 },
		{ "15.02.2017", 2017, 2, 15 },
		{ " 15/02/2017\xC2\xA0", 2017, 2, 15 },
		{ "29/02/2016", 2016, 2, 29 },
		{ "29/02/2000", 2000, 2, 29 },
		{ "31/12/9999", 9999, 12, 31 },
		{ "2017-02-15T10:30:00", 2017, 2, 15 },
		{ "2017-02-15T10:30:00.123", 2017, 2, 15 },
		{ "2017-02-15T10:30:00Z", 2017, 2, 15 },
		{ "2017-02-15T10:30:00+07:00", 2017, 2, 15 },
		{ "2017-02-15 10:30", 2017, 2, 15 },
		{ "15/02/2017 00:00:00", 2017, 2, 15 },
		{ "ngày 05 tháng 02 năm 2017", 2017, 2, 5 },
		{ "Ngày 15 tháng 3 năm 2017", 2017, 3, 15 },
		{ "ngày  5 tháng 3  năm 2017", 2017, 3, 5 },
	};
	static const char *const bad[] = {
		"", "abc", "15/02/17", "2017-13-01", "2017-00-10", "32/01/2017",
		"0/01/2017", "29/02/2017", "29/02/1900", "31/04/2017", "15/02-2017",
		"15/02/2017x", "2017-02-15T25:00", "2017-02-15T", "2017-02",
		"15//02/2017", "115/02/2017", "15/02/20171", "0000-01-01",
		"ngày 05 tháng 02", "ngày 30 tháng 02 năm 2017", "2017-02-15 10:3",
		"\xC3\xA9\xFF",
	};
	int y, m, d;
	size_t i;
	(void)state;

	for (i = 0; i < N(ok); i++) {
		if (td_parse_date(&y, &m, &d, ok[i].s) != 0)
			fail_msg("rejected \"%s\"", ok[i].s);
		assert_int_equal(y, ok[i].y);
		assert_int_equal(m, ok[i].m);
		assert_int_equal(d, ok[i].d);
	}
	for (i = 0; i < N(bad); i++) {
		int rc = td_parse_date(&y, &m, &d, bad[i]);

		if (rc != THIDUA_EFORMAT)
			fail_msg("\"%s\" gave %d", bad[i], rc);
		assert_int_equal(y, 0);
	}
	assert_int_equal(td_parse_date(&y, &m, &d, NULL), THIDUA_EINVAL);
	assert_true(td_date_valid(2024, 2, 29));
	assert_false(td_date_valid(2023, 2, 29));
	assert_false(td_date_valid(2100, 2, 29));
	assert_false(td_date_valid(0, 1, 1));
	assert_false(td_date_valid(10000, 1, 1));
}

static void serial_days(void **state)
{
	static const struct { int64_t serial; int y, m, d; } t[] = {
		{ 0, 1899, 12, 30 }, { 1, 1899, 12, 31 }, { 2, 1900, 1, 1 },
		{ -1, 1899, 12, 29 }, { 61, 1900, 3, 1 }, { 42781, 2017, 2, 15 },
		{ 46023, 2026, 1, 1 }, { 2958465, 9999, 12, 31 },
		{ -693593, 1, 1, 1 }, { 36526, 2000, 1, 1 }, { 36585, 2000, 2, 29 },
	};
	int y, m, d;
	int64_t s, back;
	size_t i;
	(void)state;

	for (i = 0; i < N(t); i++) {
		assert_int_equal(td_date_from_serial(&y, &m, &d, t[i].serial), 0);
		assert_int_equal(y, t[i].y);
		assert_int_equal(m, t[i].m);
		assert_int_equal(d, t[i].d);
		assert_int_equal(td_date_to_serial(&back, y, m, d), 0);
		assert_int_equal(back, t[i].serial);
	}
	for (s = -1000; s < 80000; s += 7) {
		assert_int_equal(td_date_from_serial(&y, &m, &d, s), 0);
		assert_true(td_date_valid(y, m, d));
		assert_int_equal(td_date_to_serial(&back, y, m, d), 0);
		assert_int_equal(back, s);
	}
	assert_int_equal(td_date_from_serial(&y, &m, &d, 2958466), THIDUA_EINVAL);
	assert_int_equal(td_date_from_serial(&y, &m, &d, -693594), THIDUA_EINVAL);
	assert_int_equal(td_date_from_serial(&y, &m, &d, INT64_MIN), THIDUA_EINVAL);
	assert_int_equal(td_date_to_serial(&back, 2017, 2, 30), THIDUA_EINVAL);
}

/* ---- legacy encodings --------------------------------------------------- */

static void legacy_detection(void **state)
{
	static const char *const legacy[] = {
		/* TCVN3 (.VnTime) read as Latin-1 */
		"Céng hßa x· héi chñ nghÜa ViÖt Nam",
		"§éc lËp - Tù do - H¹nh phóc",
		"Hµ Néi",
		"NguyÔn V¨n An",
		"Uû ban nh©n d©n tØnh",
		"B¶o hiÓm x· héi",
		"§iÒu 5",
		"tr\xC2\xAD""êng häc",
		/* VNI read as Latin-1 */
		"Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam",
		"Ñoäc laäp - Töï do - Haïnh phuùc",
		"Nguyeãn Vaên An",
		"Tröôøng Ñaïi hoïc",
		"Vieät",
		"NGUYEÃN VAÊN AN",
		/* raw TCVN3 bytes, never decoded */
		"C\xE9ng h\xDF""a x\xB7 h\xE9i",
	};
	static const char *const fine[] = {
		"Hà Nội", "Cần Thơ", "Bảo hiểm xã hội thành phố Hà Nội",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
		"Hoà Bình", "Hòa Bình", "Thuý", "Thúy", "khoẻ", "Quý", "Quà tặng",
		"Nguyễn Văn An", "Thừa Thiên Huế", "Bà Rịa - Vũng Tàu",
		"HOÀ BÌNH", "THUÝ", "Giá cả", "già", "Gió", "Xuân", "Thuê",
		"Tiên", "Yên Bái", "Muôn", "Uỷ ban nhân dân tỉnh", "Đoàn Thanh niên",
		"Ho\xCC\x80""a Bi\xCC\x80nh",       /* NFD */
		"Sở Y tế", "Cụm thi đua các sở, ban, ngành tỉnh",
		"Quyết định số 01/QĐ-UBND ngày 05 tháng 02 năm 2026",
		"An Giang", "Bà Rịa – Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu",
		"Bắc Ninh", "Bến Tre", "Bình Định", "Bình Dương", "Bình Phước",
		"Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk", "Đắk Nông",
		"Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam",
		"Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình",
		"Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
		"Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An",
		"Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
		"Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng",
		"Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa",
		"Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc",
		"Yên Bái", "Thành phố Hồ Chí Minh", "Ông", "Bà", "ÔNG", "Ô Môn",
		"The quick brown fox jumps over the lazy dog.", "ABC-123, x=5;",
		"25°C", "100 m²", "50 m³", "café", "Microsoft®", "José García",
		"München", "Công ty TNHH Müller Việt Nam", "«Tên đơn vị»",
		"§ 5", "a · b", "Nº 5", "1½", "", "iPhone", "McDonald",
	};
	size_t i;
	(void)state;

	for (i = 0; i < N(legacy); i++)
		if (!td_text_looks_legacy(legacy[i]))
			fail_msg("not flagged: \"%s\"", legacy[i]);
	for (i = 0; i < N(fine); i++)
		if (td_text_looks_legacy(fine[i]))
			fail_msg("flagged: \"%s\"", fine[i]);
	assert_false(td_text_looks_legacy(NULL));
}

static void legacy_conversion(void **state)
{
	static const struct { const char *in, *out; td_legacy enc; } t[] = {
		{ "Céng hßa x· héi chñ nghÜa ViÖt Nam",
		  "Cộng hòa xã hội chủ nghĩa Việt Nam", TD_LEGACY_TCVN3 },
		{ "§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc",
		  TD_LEGACY_TCVN3 },
		{ "Uû ban nh©n d©n tØnh Thõa Thiªn HuÕ",
		  "Uỷ ban nhân dân tỉnh Thừa Thiên Huế", TD_LEGACY_TCVN3 },
		{ "tr\xC2\xAD""êng häc", "trường học", TD_LEGACY_TCVN3 },
		{ "CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM",
		  "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", TD_LEGACY_TCVN3 },
		{ "C\xE9ng h\xDF""a x\xB7 h\xE9i", "Cộng hòa xã hội", TD_LEGACY_TCVN3 },
		{ "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam",
		  "Cộng hòa xã hội chủ nghĩa Việt Nam", TD_LEGACY_VNI },
		{ "Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc",
		  TD_LEGACY_VNI },
		{ "Tröôøng Ñaïi hoïc Quoác gia", "Trường Đại học Quốc gia",
		  TD_LEGACY_VNI },
		{ "NGUYEÃN VAÊN AN", "NGUYỄN VĂN AN", TD_LEGACY_VNI },
		{ "Hà Nội", "Hà Nội", TD_LEGACY_NONE },
		{ "plain", "plain", TD_LEGACY_NONE },
		{ "", "", TD_LEGACY_NONE },
	};
	char *out;
	td_legacy used;
	size_t i;
	(void)state;

	for (i = 0; i < N(t); i++) {
		used = (td_legacy)-1;
		assert_int_equal(td_text_from_legacy(&out, t[i].in, TD_LEGACY_AUTO, &used), 0);
		assert_string_equal(out, t[i].out);
		assert_int_equal(used, t[i].enc);
		assert_false(td_text_looks_legacy(out));
		td_free(out);
	}
	/* Forced. */
	assert_int_equal(td_text_from_legacy(&out, "chÝnh", TD_LEGACY_TCVN3, &used), 0);
	assert_string_equal(out, "chính");
	assert_int_equal(used, TD_LEGACY_TCVN3);
	td_free(out);
	assert_int_equal(td_text_from_legacy(&out, "chính", TD_LEGACY_VNI, NULL), 0);
	assert_string_equal(out, "chính");
	td_free(out);
	assert_int_equal(td_text_from_legacy(&out, "ñua", TD_LEGACY_VNI, NULL), 0);
	assert_string_equal(out, "đua");
	td_free(out);
	/* Unchanged when not UTF-8: read as Latin-1. */
	assert_int_equal(td_text_from_legacy(&out, "caf\xE9", TD_LEGACY_AUTO, &used), 0);
	assert_string_equal(out, "café");
	assert_int_equal(used, TD_LEGACY_NONE);
	td_free(out);
	assert_int_equal(td_text_from_legacy(&out, NULL, TD_LEGACY_AUTO, NULL), THIDUA_EINVAL);
	assert_int_equal(td_text_from_legacy(&out, "x", (td_legacy)7, NULL), THIDUA_EINVAL);
}

/* ---- out of memory ------------------------------------------------------ */

typedef int (*str_fn)(char **out, const char *s);

static int call_nfc(char **out, const char *s) { return td_text_nfc(out, s, strlen(s)); }

static void oom_loop_str(str_fn f, const char *in, const char *want)
{
	char *out;
	long n;
	int rc;

	for (n = 0; n < 100; n++) {
		out = (char *)1;
		td_alloc_fail_after(n);
		rc = f(&out, in);
		td_alloc_fail_after(-1);
		if (rc == 0)
			break;
		assert_int_equal(rc, THIDUA_ENOMEM);
		assert_null(out);
		assert_int_equal(thidua_error_last()->code, THIDUA_ENOMEM);
	}
	assert_int_equal(rc, 0);
	assert_true(n > 0);
	assert_string_equal(out, want);
	td_free(out);
}

typedef int (*buf_fn)(td_buf *b);

static int fmt_number_case(td_buf *b) { return td_fmt_number(b, -123450, -1); }
static int fmt_letter_case(td_buf *b) { return td_fmt_letter(b, 28); }
static int fmt_roman_case(td_buf *b) { return td_fmt_roman(b, 1994); }
static int fmt_date_case(td_buf *b) { return td_fmt_date_long(b, 2017, 2, 5); }

static void oom_loop_buf(buf_fn f, const char *want)
{
	td_buf b;
	long n;
	int rc;

	for (n = 0; n < 100; n++) {
		memset(&b, 0, sizeof b);
		td_alloc_fail_after(n);
		rc = f(&b);
		td_alloc_fail_after(-1);
		if (rc == 0)
			break;
		assert_int_equal(rc, THIDUA_ENOMEM);
		td_buf_free(&b);
	}
	assert_int_equal(rc, 0);
	assert_string_equal(td_buf_cstr(&b), want);
	td_buf_free(&b);
	/* An already failed buffer stays failed. */
	memset(&b, 0, sizeof b);
	td_alloc_fail_after(0);
	td_buf_puts(&b, "x");
	td_alloc_fail_after(-1);
	assert_int_equal(f(&b), THIDUA_ENOMEM);
	td_buf_free(&b);
}

static int unlegacy_tcvn(char **out, const char *s)
{
	return td_text_from_legacy(out, s, TD_LEGACY_AUTO, NULL);
}

static void out_of_memory_fails_cleanly(void **state)
{
	const char *nfd = "Ho\xCC\x80""a Bi\xCC\x80nh";
	int y, m, d;
	long n;
	int rc;
	(void)state;

	oom_loop_str(call_nfc, nfd, "Hòa Bình");
	oom_loop_str(call_nfc, "ASCII", "ASCII");
	oom_loop_str(td_text_squash, "  Hà   Nội ", "Hà Nội");
	oom_loop_str(td_text_upper, "đồng chí lê văn thành", "ĐỒNG CHÍ LÊ VĂN THÀNH");
	oom_loop_str(td_text_lower, "ĐỒNG CHÍ", "đồng chí");
	oom_loop_str(td_text_match_key, "  Hoà  BÌNH ", "hoà bình");
	oom_loop_str(unlegacy_tcvn, "Céng hßa x· héi", "Cộng hòa xã hội");
	oom_loop_str(unlegacy_tcvn, "Coäng hoøa", "Cộng hòa");
	oom_loop_str(unlegacy_tcvn, "caf\xE9", "café");
	oom_loop_buf(fmt_number_case, "-1.234,5");
	oom_loop_buf(fmt_letter_case, "ađ");
	oom_loop_buf(fmt_roman_case, "MCMXCIV");
	oom_loop_buf(fmt_date_case, "ngày 05 tháng 02 năm 2017");
	for (n = 0; n < 100; n++) {
		td_alloc_fail_after(n);
		rc = td_parse_date(&y, &m, &d, " 15/02/2017 ");
		td_alloc_fail_after(-1);
		if (rc == 0)
			break;
		assert_int_equal(rc, THIDUA_ENOMEM);
		assert_int_equal(y, 0);
	}
	assert_int_equal(rc, 0);
	assert_int_equal(d, 15);
	/* is_nfc cannot report errors: out of memory reads as "not NFC". */
	td_alloc_fail_after(0);
	assert_false(td_text_is_nfc(nfd, strlen(nfd)));
	assert_true(td_text_is_nfc("abc", 3));
	td_alloc_fail_after(-1);
	/* Parsing numbers and comparing never allocate. */
	td_alloc_fail_after(0);
	assert_int_equal(td_parse_decimal(&(int64_t){0}, "1.234,5", NULL), 0);
	assert_true(td_text_compare("a", "b") < 0);
	assert_true(td_text_looks_legacy("Hµ Néi"));
	td_alloc_fail_after(-1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_validation),
		cmocka_unit_test(nfc_composes_decomposed_input),
		cmocka_unit_test(squash_white_space),
		cmocka_unit_test(upper_and_lower_case),
		cmocka_unit_test(match_keys),
		cmocka_unit_test(collation_order),
		cmocka_unit_test(shared_icu_objects_across_threads),
		cmocka_unit_test(number_format),
		cmocka_unit_test(roman_numerals),
		cmocka_unit_test(letter_numbering),
		cmocka_unit_test(date_formats),
		cmocka_unit_test(parse_decimals),
		cmocka_unit_test(parse_dates),
		cmocka_unit_test(serial_days),
		cmocka_unit_test(legacy_detection),
		cmocka_unit_test(legacy_conversion),
		cmocka_unit_test(out_of_memory_fails_cleanly),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
