/* sha2.h - SHA-256 and SHA-512 (FIPS 180-4), base64 (RFC 4648 §4) and the
 * password hashes of protected spreadsheet tables: ODF's
 * table:protection-key (base64 of SHA-256 of the UTF-8 password) and
 * OOXML's sheetProtection hashValue (ECMA-376 Part 1 §18.3.1.85 with the
 * iterated hash of Part 4's agile encryption: SHA-512 over the salt and the
 * UTF-16LE password, then spinCount rounds over the previous hash and the
 * round's 32-bit little-endian number).
 *
 * Only for these hashes: no secret is kept in the contexts beyond what the
 * caller passes, and nothing here is constant-time. */
#ifndef TD_SHA2_H
#define TD_SHA2_H

#include <stddef.h>
#include <stdint.h>

#define TD_SHA256_LEN 32
#define TD_SHA512_LEN 64

typedef struct td_sha256_ctx {
	uint32_t h[8];
	uint64_t len;            /* bytes hashed so far */
	unsigned char blk[64];
	size_t n;                /* bytes waiting in blk */
} td_sha256_ctx;

typedef struct td_sha512_ctx {
	uint64_t h[8];
	uint64_t len;            /* bytes hashed so far (< 2^64 is plenty) */
	unsigned char blk[128];
	size_t n;
} td_sha512_ctx;

void td_sha256_init(td_sha256_ctx *s);
void td_sha256_update(td_sha256_ctx *s, const void *data, size_t n);
void td_sha256_final(td_sha256_ctx *s, unsigned char out[TD_SHA256_LEN]);
void td_sha256(const void *data, size_t n, unsigned char out[TD_SHA256_LEN]);

void td_sha512_init(td_sha512_ctx *s);
void td_sha512_update(td_sha512_ctx *s, const void *data, size_t n);
void td_sha512_final(td_sha512_ctx *s, unsigned char out[TD_SHA512_LEN]);
void td_sha512(const void *data, size_t n, unsigned char out[TD_SHA512_LEN]);

/* Base64 of data[0..n) into out, NUL-terminated; out must hold
 * TD_BASE64_LEN(n) bytes. */
#define TD_BASE64_LEN(n) (((n) + 2) / 3 * 4 + 1)
void td_base64(char *out, const unsigned char *data, size_t n);

/* The ODF key of a password: base64 of SHA-256 of its UTF-8 bytes, for
 * table:protection-key with table:protection-key-digest-algorithm
 * "http://www.w3.org/2000/09/xmldsig#sha256". out holds 45 bytes. */
#define TD_ODF_KEY_LEN TD_BASE64_LEN(TD_SHA256_LEN)
void td_odf_protection_key(char out[TD_ODF_KEY_LEN], const char *password);

/* The OOXML hash of a password (valid UTF-8, at most 255 characters as
 * Excel allows): SHA-512 of salt || UTF-16LE(password), then spin rounds of
 * SHA-512(hash || LE32(round)). Returns -1 for a password that is not
 * valid UTF-8, else 0. */
int td_ooxml_password_hash(unsigned char out[TD_SHA512_LEN], const char *password,
                           const unsigned char *salt, size_t salt_len, uint32_t spin);

#endif
