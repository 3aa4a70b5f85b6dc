/* text_int.h - internals shared by the src/text files (not a public API):
 * a UTF-8 decoder, UTF-16 buffers for ICU, ICU error mapping, and the
 * white space classes used by squash, match keys and parsing. */
#ifndef TD_TEXT_INT_H
#define TD_TEXT_INT_H

#include <stddef.h>
#include <stdint.h>

#include <unicode/utypes.h>

/* Longest input (bytes) that is handed to ICU, whose lengths are int32_t. */
#define TD_TEXT_MAX ((size_t)INT32_MAX / 4)

/* Decode one code point of well-formed UTF-8 at s[0..n) (n >= 1). Returns
 * the number of bytes used (1-4) and sets *cp, or 0 when the sequence is
 * ill-formed (overlong, surrogate, above U+10FFFF, truncated). */
int td_utf8_next(const char *s, size_t n, uint32_t *cp);
/* Append the UTF-8 encoding of cp (<= U+10FFFF, not a surrogate) to dst,
 * which has room for 4 bytes. Returns the number of bytes written. */
int td_utf8_put(char *dst, uint32_t cp);

/* The code point at s[*i..n), advancing *i; 0 at the end. utf8 = 0 reads
 * bytes as Latin-1 (for text known not to be UTF-8). */
uint32_t td_text_next_or_byte(const char *s, size_t n, size_t *i, int utf8);

/* Copy at most cap-1 bytes of s into dst for an error message, cut at a
 * character boundary, with "..." when cut. cap >= 8. */
void td_text_snippet(char *dst, size_t cap, const char *s);

/* White space for squashing and trimming: ASCII blanks and controls
 * HT LF VT FF CR, NEL, NBSP, Ogham space, U+2000-U+200A, line and paragraph
 * separators, NNBSP (U+202F), MMSP (U+205F), ideographic space. */
int td_text_is_space(uint32_t cp);
/* Spaces that may group digits in a number: space, NBSP, figure space
 * (U+2007), thin space (U+2009), NNBSP (U+202F). */
int td_text_is_group_space(uint32_t cp);

/* A UTF-16 string owned through td_malloc. */
typedef struct td_u16 {
	UChar *p;
	int32_t len;
} td_u16;

/* UTF-8 -> UTF-16. Fails with THIDUA_EFORMAT on ill-formed input,
 * THIDUA_ELIMIT when longer than TD_TEXT_MAX, THIDUA_ENOMEM. */
int td_u16_from_utf8(td_u16 *out, const char *s, size_t n);
/* UTF-16 -> a td_malloc'd NUL-terminated UTF-8 string. */
int td_u16_to_utf8(char **out, const UChar *s, int32_t len);
void td_u16_free(td_u16 *u);

/* An ICU transformation with the preflighting convention of ICU's string
 * functions (returns the needed length, U_BUFFER_OVERFLOW_ERROR when cap is
 * too small). ctx is passed through. */
typedef int32_t (*td_u16_op)(const void *ctx, UChar *dst, int32_t cap,
                             const UChar *src, int32_t len, UErrorCode *err);
/* Run op over src into a new buffer *out (replacing nothing: out is written
 * only on success). */
int td_u16_apply(td_u16 *out, td_u16_op op, const void *ctx,
                 const UChar *src, int32_t len);

/* Ready-made operations for td_u16_apply. ctx: a UNormalizer2 for
 * td_op_normalize, a locale string for the case mappings, unused for the
 * case fold. */
int32_t td_op_normalize(const void *ctx, UChar *dst, int32_t cap,
                        const UChar *src, int32_t len, UErrorCode *err);
int32_t td_op_upper(const void *ctx, UChar *dst, int32_t cap,
                    const UChar *src, int32_t len, UErrorCode *err);
int32_t td_op_lower(const void *ctx, UChar *dst, int32_t cap,
                    const UChar *src, int32_t len, UErrorCode *err);
int32_t td_op_fold(const void *ctx, UChar *dst, int32_t cap,
                   const UChar *src, int32_t len, UErrorCode *err);

/* Record an ICU failure as the thread's last error: THIDUA_ENOMEM for
 * U_MEMORY_ALLOCATION_ERROR, THIDUA_EFORMAT for ill-formed text, else
 * THIDUA_ERROR naming what failed. Returns the code. */
int td_icu_error(UErrorCode e, const char *what);

/* Legacy-encoding signals in s[0..n) (see legacy.c), and whether they say
 * "legacy". */
struct td_legacy_score {
	long strong, weak, evidence;
};
void td_legacy_score(const char *s, size_t n, struct td_legacy_score *sc);
int td_legacy_verdict(const struct td_legacy_score *sc);

/* Count the words of s (letter runs) and those that are not well-formed
 * Vietnamese syllables (see syllable.c). */
int td_viet_syllables(const char *s, long *bad, long *total);

/* The NFC and NFD normalizers (ICU singletons, never freed), or NULL after
 * recording the error. */
const struct UNormalizer2 *td_nfc(void);
const struct UNormalizer2 *td_nfd(void);

#endif
