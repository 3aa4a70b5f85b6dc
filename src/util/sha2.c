/* sha2.c - SHA-256 and SHA-512 as FIPS 180-4 §6.2 and §6.4 define them,
 * base64 (RFC 4648 §4), and the spreadsheet password hashes of sha2.h.
 * Test vectors: tests/unit/test_util.c (FIPS 180-4 examples, NIST CAVP
 * short and long messages, a million 'a'). */
#include "util/sha2.h"

#include <string.h>

/* ---- SHA-256 (FIPS 180-4 §4.1.2, §4.2.2, §5.3.3, §6.2) -------------------- */

static const uint32_t K256[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2
};

static uint32_t ror32(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

static void sha256_block(uint32_t h[8], const unsigned char *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, k, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (i = 16; i < 64; i++) {
		uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
	for (i = 0; i < 64; i++) {
		t1 = k + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] +
		     w[i];
		t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		k = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += k;
}

void td_sha256_init(td_sha256_ctx *s)
{
	static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	memcpy(s->h, iv, sizeof iv);
	s->len = 0;
	s->n = 0;
}

void td_sha256_update(td_sha256_ctx *s, const void *data, size_t n)
{
	const unsigned char *p = data;

	s->len += n;
	while (n > 0) {
		size_t k = 64 - s->n < n ? 64 - s->n : n;
		memcpy(s->blk + s->n, p, k);
		s->n += k, p += k, n -= k;
		if (s->n == 64) {
			sha256_block(s->h, s->blk);
			s->n = 0;
		}
	}
}

void td_sha256_final(td_sha256_ctx *s, unsigned char out[TD_SHA256_LEN])
{
	uint64_t bits = s->len * 8;
	int i;

	/* §5.1.1: a 1 bit, zeros, then the length in bits, big-endian */
	s->blk[s->n++] = 0x80;
	if (s->n > 56) {
		memset(s->blk + s->n, 0, 64 - s->n);
		sha256_block(s->h, s->blk);
		s->n = 0;
	}
	memset(s->blk + s->n, 0, 56 - s->n);
	for (i = 0; i < 8; i++)
		s->blk[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_block(s->h, s->blk);
	for (i = 0; i < 32; i++)
		out[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
	memset(s, 0, sizeof *s);
}

void td_sha256(const void *data, size_t n, unsigned char out[TD_SHA256_LEN])
{
	td_sha256_ctx s;

	td_sha256_init(&s);
	td_sha256_update(&s, data, n);
	td_sha256_final(&s, out);
}

/* ---- SHA-512 (FIPS 180-4 §4.1.3, §4.2.3, §5.3.5, §6.4) -------------------- */

static const uint64_t K512[80] = {
	0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
	0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
	0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
	0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
	0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
	0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
	0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
	0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
	0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
	0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
	0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
	0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
	0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
	0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
	0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
	0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
	0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
	0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
	0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
	0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL
};

static uint64_t ror64(uint64_t x, unsigned n) { return (x >> n) | (x << (64 - n)); }

static void sha512_block(uint64_t h[8], const unsigned char *p)
{
	uint64_t w[80], a, b, c, d, e, f, g, k, t1, t2;
	int i, j;

	for (i = 0; i < 16; i++)
		for (w[i] = 0, j = 0; j < 8; j++)
			w[i] = w[i] << 8 | p[8 * i + j];
	for (i = 16; i < 80; i++) {
		uint64_t s0 = ror64(w[i - 15], 1) ^ ror64(w[i - 15], 8) ^ (w[i - 15] >> 7);
		uint64_t s1 = ror64(w[i - 2], 19) ^ ror64(w[i - 2], 61) ^ (w[i - 2] >> 6);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
	for (i = 0; i < 80; i++) {
		t1 = k + (ror64(e, 14) ^ ror64(e, 18) ^ ror64(e, 41)) + ((e & f) ^ (~e & g)) +
		     K512[i] + w[i];
		t2 = (ror64(a, 28) ^ ror64(a, 34) ^ ror64(a, 39)) + ((a & b) ^ (a & c) ^ (b & c));
		k = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += k;
}

void td_sha512_init(td_sha512_ctx *s)
{
	static const uint64_t iv[8] = {
		0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
		0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
		0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL
	};
	memcpy(s->h, iv, sizeof iv);
	s->len = 0;
	s->n = 0;
}

void td_sha512_update(td_sha512_ctx *s, const void *data, size_t n)
{
	const unsigned char *p = data;

	s->len += n;
	while (n > 0) {
		size_t k = 128 - s->n < n ? 128 - s->n : n;
		memcpy(s->blk + s->n, p, k);
		s->n += k, p += k, n -= k;
		if (s->n == 128) {
			sha512_block(s->h, s->blk);
			s->n = 0;
		}
	}
}

void td_sha512_final(td_sha512_ctx *s, unsigned char out[TD_SHA512_LEN])
{
	uint64_t bits = s->len * 8;
	int i;

	/* §5.1.2: the length is a 128-bit big-endian number; its high half is
	 * the bits that overflowed len * 8 */
	s->blk[s->n++] = 0x80;
	if (s->n > 112) {
		memset(s->blk + s->n, 0, 128 - s->n);
		sha512_block(s->h, s->blk);
		s->n = 0;
	}
	memset(s->blk + s->n, 0, 112 - s->n);
	for (i = 0; i < 8; i++) {
		s->blk[112 + i] = (unsigned char)((s->len >> 61) >> (56 - 8 * i));
		s->blk[120 + i] = (unsigned char)(bits >> (56 - 8 * i));
	}
	sha512_block(s->h, s->blk);
	for (i = 0; i < 64; i++)
		out[i] = (unsigned char)(s->h[i / 8] >> (56 - 8 * (i % 8)));
	memset(s, 0, sizeof *s);
}

void td_sha512(const void *data, size_t n, unsigned char out[TD_SHA512_LEN])
{
	td_sha512_ctx s;

	td_sha512_init(&s);
	td_sha512_update(&s, data, n);
	td_sha512_final(&s, out);
}

/* ---- base64 and the password hashes ----------------------------------------- */

void td_base64(char *out, const unsigned char *data, size_t n)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8 | data[i + 2];
		*out++ = a[v >> 18], *out++ = a[(v >> 12) & 63], *out++ = a[(v >> 6) & 63];
		*out++ = a[v & 63];
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t)data[i] << 16;
		*out++ = a[v >> 18], *out++ = a[(v >> 12) & 63], *out++ = '=', *out++ = '=';
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8;
		*out++ = a[v >> 18], *out++ = a[(v >> 12) & 63], *out++ = a[(v >> 6) & 63];
		*out++ = '=';
	}
	*out = '\0';
}

void td_odf_protection_key(char out[TD_ODF_KEY_LEN], const char *password)
{
	unsigned char d[TD_SHA256_LEN];

	td_sha256(password, strlen(password), d);
	td_base64(out, d, sizeof d);
}

/* The next code point of UTF-8 s (advanced), or -1 when malformed
 * (overlong forms, surrogates and values past U+10FFFF included). */
static long next_cp(const unsigned char **s)
{
	const unsigned char *p = *s;
	long cp, min;
	int n, i;

	if (p[0] < 0x80)
		n = 0, cp = p[0], min = 0;
	else if ((p[0] & 0xE0) == 0xC0)
		n = 1, cp = p[0] & 0x1F, min = 0x80;
	else if ((p[0] & 0xF0) == 0xE0)
		n = 2, cp = p[0] & 0x0F, min = 0x800;
	else if ((p[0] & 0xF8) == 0xF0)
		n = 3, cp = p[0] & 0x07, min = 0x10000;
	else
		return -1;
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return -1;
		cp = cp << 6 | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*s = p + n + 1;
	return cp;
}

int td_ooxml_password_hash(unsigned char out[TD_SHA512_LEN], const char *password,
                           const unsigned char *salt, size_t salt_len, uint32_t spin)
{
	const unsigned char *p = (const unsigned char *)password;
	unsigned char u[4], buf[TD_SHA512_LEN + 4];
	td_sha512_ctx s;
	uint32_t i;

	td_sha512_init(&s);
	td_sha512_update(&s, salt, salt_len);
	while (*p) {
		long cp = next_cp(&p);
		if (cp < 0) {
			memset(&s, 0, sizeof s);
			return -1;
		}
		if (cp >= 0x10000) {
			long v = cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
			u[0] = (unsigned char)hi, u[1] = (unsigned char)(hi >> 8);
			u[2] = (unsigned char)lo, u[3] = (unsigned char)(lo >> 8);
			td_sha512_update(&s, u, 4);
		} else {
			u[0] = (unsigned char)cp, u[1] = (unsigned char)(cp >> 8);
			td_sha512_update(&s, u, 2);
		}
	}
	td_sha512_final(&s, buf);
	for (i = 0; i < spin; i++) {
		buf[64] = (unsigned char)i, buf[65] = (unsigned char)(i >> 8);
		buf[66] = (unsigned char)(i >> 16), buf[67] = (unsigned char)(i >> 24);
		td_sha512(buf, sizeof buf, buf);
	}
	memcpy(out, buf, TD_SHA512_LEN);
	return 0;
}
