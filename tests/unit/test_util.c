/* test_util.c - buffers, errors, diagnostics, values, SHA-2 and the
 * spreadsheet password hashes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/error.h"
#include "util/parallel.h"
#include "testutil.h"
#include <stdatomic.h>
#include "util/sha2.h"
#include "tmpl/value.h"

static void buf_appends_and_escapes(void **state)
{
	td_buf b = TD_BUF_INIT;
	(void)state;
	td_buf_puts(&b, "a<b");
	td_buf_put_xml(&b, "&\"x\"<", 5, 1);
	td_buf_printf(&b, "%d", 42);
	assert_string_equal(td_buf_cstr(&b), "a<b&amp;&quot;x&quot;&lt;42");
	td_buf_clear(&b);
	td_buf_put_json(&b, "q\"\n\x01");
	assert_string_equal(td_buf_cstr(&b), "\"q\\\"\\n\\u0001\"");
	td_buf_free(&b);
}

static void buf_oom_is_sticky(void **state)
{
	td_buf b = TD_BUF_INIT;
	(void)state;
	td_alloc_fail_after(0);
	assert_int_equal(td_buf_puts(&b, "x"), -1);
	td_alloc_fail_after(-1);
	assert_int_equal(td_buf_puts(&b, "y"), -1);
	assert_true(td_buf_oom(&b));
	assert_null(td_buf_detach(&b));
}

static void error_last_is_bilingual(void **state)
{
	(void)state;
	thidua_error_clear();
	assert_null(thidua_error_last());
	assert_int_equal(td_error(THIDUA_EIO, "Không đọc được %s", "Cannot read %s", "a.ods"), THIDUA_EIO);
	assert_string_equal(thidua_error_last()->message_vi, "Không đọc được a.ods");
	assert_string_equal(thidua_error_last()->message_en, "Cannot read a.ods");
}

static void diags_collect_and_render(void **state)
{
	thidua_diags *d = thidua_diags_new();
	char *s = NULL;
	(void)state;
	assert_non_null(d);
	td_diag_error(d, "data.missing-sheet", "x.ods", "Cụm!B3", "Thiếu %s", "Missing %s", "Năm");
	td_diag_warn(d, "data.text", NULL, NULL, "cảnh báo", "warning");
	td_diags_set_file(d, 0, "y.ods");
	assert_int_equal(thidua_diags_count(d), 2);
	assert_int_equal(thidua_diags_error_count(d), 1);
	assert_string_equal(thidua_diags_get(d, 1)->file, "y.ods");
	assert_int_equal(thidua_diags_to_text(&s, d, THIDUA_LANG_EN), 0);
	assert_non_null(strstr(s, "x.ods: Cụm!B3: error [data.missing-sheet]: Missing Năm"));
	free(s);
	assert_int_equal(thidua_diags_to_json(&s, d), 0);
	assert_non_null(strstr(s, "\"where\":\"Cụm!B3\""));
	assert_non_null(strstr(s, "\"severity\":\"warning\""));
	free(s);
	thidua_diags_free(d);
}

static void values_build_and_fail_sticky(void **state)
{
	td_value *m = td_v_map(), *l = td_v_list();
	(void)state;
	td_v_list_push(l, td_v_str("a"));
	td_v_list_push(l, td_v_int(3));
	td_v_map_set(m, "l", l);
	td_v_map_set(m, "n", td_v_num(9875));
	assert_false(td_v_failed(m));
	assert_int_equal(td_v_len(td_v_map_get(m, "l")), 2);
	assert_int_equal(td_v_list_at(td_v_map_get(m, "l"), 1)->u.num, 300);
	assert_true(td_v_truthy(td_v_map_get(m, "n")));
	td_v_map_set(m, "bad", NULL);
	assert_true(td_v_failed(m));
	td_v_unref(m);
}

/* Every index runs exactly once, on every worker count. */
typedef struct par_ctx {
	atomic_int *runs;
	size_t fail_from; /* indexes >= this fail (SIZE_MAX: none) */
	atomic_int ran_after_fail;
} par_ctx;

static int par_task(void *ctx, size_t i, unsigned worker)
{
	par_ctx *c = ctx;

	assert_true(worker < TD_PARALLEL_MAX);
	atomic_fetch_add(&c->runs[i], 1);
	if (i >= c->fail_from)
		return td_error(THIDUA_EDATA, "hỏng ở %zu", "broken at %zu", i);
	return 0;
}

static void parallel_runs_each_index_once(void **state)
{
	enum { N = 5000 };
	static atomic_int runs[N];
	unsigned threads;

	(void)state;
	for (threads = 0; threads <= 4; threads++) {
		par_ctx c = { runs, SIZE_MAX, 0 };
		size_t i;

		for (i = 0; i < N; i++)
			atomic_init(&runs[i], 0);
		assert_int_equal(td_parallel_for(N, threads, par_task, &c), 0);
		for (i = 0; i < N; i++)
			assert_int_equal(atomic_load(&runs[i]), 1);
	}
	assert_int_equal(td_parallel_for(0, 0, par_task, NULL), 0);
}

/* The result is the lowest failing index's, with its message, as a loop
 * would give; every index below it ran. */
static void parallel_reports_lowest_failure(void **state)
{
	enum { N = 2000 };
	static atomic_int runs[N];
	unsigned threads;

	(void)state;
	for (threads = 1; threads <= 4; threads++) {
		par_ctx c = { runs, 700, 0 };
		const thidua_error *e;
		size_t i;

		for (i = 0; i < N; i++)
			atomic_init(&runs[i], 0);
		thidua_error_clear();
		assert_int_equal(td_parallel_for(N, threads, par_task, &c), THIDUA_EDATA);
		e = thidua_error_last();
		assert_non_null(e);
		assert_string_equal(e->message_vi, "hỏng ở 700");
		assert_string_equal(e->message_en, "broken at 700");
		for (i = 0; i < 700; i++)
			assert_int_equal(atomic_load(&runs[i]), 1);
		if (threads == 1)
			assert_int_equal(atomic_load(&runs[701]), 0);
	}
}

static void parallel_workers_follow_environment(void **state)
{
	(void)state;
	tu_setenv("THIDUA_THREADS", "3");
	assert_int_equal(td_parallel_workers(100), 3);
	assert_int_equal(td_parallel_workers(2), 2);
	assert_int_equal(td_parallel_workers(0), 1);
	tu_setenv("THIDUA_THREADS", "99"); /* out of range: ignored */
	assert_true(td_parallel_workers(100) >= 1);
	assert_true(td_parallel_workers(100) <= TD_PARALLEL_MAX);
	tu_setenv("THIDUA_THREADS", NULL);
}

static void hex(char *out, const unsigned char *d, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

/* FIPS 180-4's examples (NIST "Example Algorithm" pages: "abc", the 448-
 * and 896-bit messages), the empty message and a million 'a' (NIST CAVP
 * long message), and the padding edges (55, 56, 63, 64, 111, 112, 127, 128
 * bytes; digests from Python's hashlib, an independent implementation). */
static void sha2_vectors(void **state)
{
	static const struct { const char *msg; const char *d256, *d512; } v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		  "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
		  "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
		  "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", NULL },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
		  "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", NULL,
		  "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
		  "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909" },
	};
	static const struct { size_t n; const char *d256, *d512_head; } a[] = {
		{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
		  "b0220c772cbf6c1822e2cb38a437d0e1" },
		{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
		  "962b64aae357d2a4fee3ded8b539bdc9" },
		{ 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
		  "c1b0f5c6d3b03dfe4a2602e67242f54e" },
		{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
		  "01d35c10c6c38c2dcf48f7eebb3235fb" },
		{ 111, "6374f73208854473827f6f6a3f43b1f53eaa3b82c21c1a6d69a2110b2a79baad",
		  "fa9121c7b32b9e01733d034cfc78cbf6" },
		{ 112, "f54353008a2553262ecdc4a34749563ba0950e8b0fc8652780b0a614b99683c1",
		  "c01d080efd492776a1c43bd23dd99d0a" },
		{ 127, "c57e9278af78fa3cab38667bef4ce29d783787a2f731d4e12200270f0c32320a",
		  "828613968b501dc00a97e08c73b118aa" },
		{ 128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e",
		  "b73d1929aa615934e61a871596b3f3b3" },
	};
	unsigned char d[TD_SHA512_LEN], e[TD_SHA512_LEN], msg[300];
	char h[2 * TD_SHA512_LEN + 1];
	td_sha256_ctx s;
	td_sha512_ctx t;
	size_t i, n;
	(void)state;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		if (v[i].d256) {
			td_sha256(v[i].msg, strlen(v[i].msg), d);
			hex(h, d, TD_SHA256_LEN);
			assert_string_equal(h, v[i].d256);
		}
		if (v[i].d512) {
			td_sha512(v[i].msg, strlen(v[i].msg), d);
			hex(h, d, TD_SHA512_LEN);
			assert_string_equal(h, v[i].d512);
		}
	}
	memset(msg, 'a', sizeof msg);
	for (i = 0; i < sizeof a / sizeof a[0]; i++) {
		td_sha256(msg, a[i].n, d);
		hex(h, d, TD_SHA256_LEN);
		assert_string_equal(h, a[i].d256);
		td_sha512(msg, a[i].n, d);
		hex(h, d, 16);
		assert_string_equal(h, a[i].d512_head);
	}
	/* a million 'a' in uneven pieces */
	td_sha256_init(&s);
	td_sha512_init(&t);
	for (n = 0; n < 1000000; n += i) {
		i = 1 + n % 297;
		if (i > 1000000 - n)
			i = 1000000 - n;
		td_sha256_update(&s, msg, i);
		td_sha512_update(&t, msg, i);
	}
	td_sha256_final(&s, d);
	hex(h, d, TD_SHA256_LEN);
	assert_string_equal(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	td_sha512_final(&t, d);
	hex(h, d, TD_SHA512_LEN);
	assert_string_equal(h, "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
	                       "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
	/* byte by byte equals all at once, over every length up to 300 */
	for (n = 0; n <= sizeof msg; n++) {
		for (i = 0; i < n; i++)
			msg[i] = (unsigned char)(i * 7 + n);
		td_sha512_init(&t);
		for (i = 0; i < n; i++)
			td_sha512_update(&t, msg + i, 1);
		td_sha512_final(&t, e);
		td_sha512(msg, n, d);
		assert_memory_equal(d, e, TD_SHA512_LEN);
		td_sha256_init(&s);
		for (i = 0; i < n; i++)
			td_sha256_update(&s, msg + i, 1);
		td_sha256_final(&s, e);
		td_sha256(msg, n, d);
		assert_memory_equal(d, e, TD_SHA256_LEN);
	}
}

/* RFC 4648 §10's vectors; the password hashes against Python's hashlib
 * (LibreOffice checks the real ones: tests/integration/check_sheet_uno.py). */
static void base64_and_password_hashes(void **state)
{
	static const char *const rfc[][2] = { { "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" }, { "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
		{ "foobar", "Zm9vYmFy" } };
	unsigned char salt[16], d[TD_SHA512_LEN];
	char out[TD_BASE64_LEN(TD_SHA512_LEN)], key[TD_ODF_KEY_LEN];
	size_t i;
	(void)state;

	for (i = 0; i < sizeof rfc / sizeof rfc[0]; i++) {
		td_base64(out, (const unsigned char *)rfc[i][0], strlen(rfc[i][0]));
		assert_string_equal(out, rfc[i][1]);
	}
	td_odf_protection_key(key, "Thẩm-định 9😀");
	assert_string_equal(key, "QlCkxBfb9URIgs36LxO8CCdigsebQ5XV/dxrELNaGUg=");
	for (i = 0; i < sizeof salt; i++)
		salt[i] = (unsigned char)i;
	/* U+1F600 is a surrogate pair in UTF-16 */
	assert_int_equal(td_ooxml_password_hash(d, "Thẩm-định 9😀", salt, sizeof salt, 1000), 0);
	td_base64(out, d, sizeof d);
	assert_string_equal(out, "AmMxj4/0DKtNaGu6QV4XGAvkwNpNb1ig+nCfwKLvrzIdIdQ3PaHkugX7GN3wILvV"
	                         "ZupipVRsP3xcxao84u0Wlg==");
	assert_int_equal(td_ooxml_password_hash(d, "a\xC0\x80", salt, sizeof salt, 1), -1);
	assert_int_equal(td_ooxml_password_hash(d, "\xED\xA0\x80", salt, sizeof salt, 1), -1);
	assert_int_equal(td_ooxml_password_hash(d, "\xE1\xBA", salt, sizeof salt, 1), -1);
}

/* Hundredths as decimals: as few decimals as needed, either point, the
 * whole range of int64_t. */
static void buf_hundredths(void **state)
{
	static const struct { int64_t h; const char *dot; } cases[] = {
		{ 0, "0" }, { 5, "0.05" }, { 50, "0.5" }, { 100, "1" }, { 9875, "98.75" },
		{ 9870, "98.7" }, { -1, "-0.01" }, { -150, "-1.5" }, { 201800, "2018" },
		{ INT64_MAX, "92233720368547758.07" }, { INT64_MIN, "-92233720368547758.08" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		td_buf b = TD_BUF_INIT;
		char want[32];
		size_t k;

		assert_int_equal(td_buf_put_hundredths(&b, cases[i].h, '.'), 0);
		assert_string_equal(td_buf_cstr(&b), cases[i].dot);
		td_buf_clear(&b);
		td_buf_puts(&b, "x");
		assert_int_equal(td_buf_put_hundredths(&b, cases[i].h, ','), 0);
		snprintf(want, sizeof want, "x%s", cases[i].dot);
		for (k = 0; want[k]; k++)
			if (want[k] == '.')
				want[k] = ',';
		assert_string_equal(td_buf_cstr(&b), want);
		td_buf_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_appends_and_escapes),
		cmocka_unit_test(buf_oom_is_sticky),
		cmocka_unit_test(buf_hundredths),
		cmocka_unit_test(error_last_is_bilingual),
		cmocka_unit_test(diags_collect_and_render),
		cmocka_unit_test(values_build_and_fail_sticky),
		cmocka_unit_test(parallel_runs_each_index_once),
		cmocka_unit_test(parallel_reports_lowest_failure),
		cmocka_unit_test(parallel_workers_follow_environment),
		cmocka_unit_test(sha2_vectors),
		cmocka_unit_test(base64_and_password_hashes),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
