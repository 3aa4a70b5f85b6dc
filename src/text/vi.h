/* vi.h - Vietnamese text: Unicode normalisation, case mapping, matching keys,
 * collation, and the number and date formats of Vietnamese administrative
 * documents (Nghị định 30/2020/NĐ-CP). All text is UTF-8; ICU does the
 * Unicode work. Every function that returns a string through char **out
 * gives the caller a td_malloc'd string (td_free). Return 0 or a negative
 * THIDUA_E* code. */
#ifndef TD_VI_H
#define TD_VI_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* 1 when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
int td_utf8_valid(const char *s, size_t n);
/* 1 when s is already in NFC (and valid UTF-8). Out of memory reads as 0
 * ("not known to be NFC"); td_text_nfc then reports it. */
int td_text_is_nfc(const char *s, size_t n);
/* NFC copy of s. Fails with THIDUA_EFORMAT on invalid UTF-8. */
int td_text_nfc(char **out, const char *s, size_t n);
/* Trim leading/trailing white space (incl. NBSP, U+202F, tabs, line breaks)
 * and collapse inner runs of white space to one space. THIDUA_EFORMAT on
 * invalid UTF-8. */
int td_text_squash(char **out, const char *s);
/* Upper case by Vietnamese rules ("đ" -> "Đ"; ICU locale "vi"), in NFC. */
int td_text_upper(char **out, const char *s);
int td_text_lower(char **out, const char *s);
/* A key for matching names typed differently: NFC, case folded, white
 * space squashed, invisible format characters (soft hyphen, zero width
 * space) dropped, dashes made "-" with no space around, and old/new tone
 * placement unified ("Hoà" and "Hòa", "Thuý" and "Thúy" give the same
 * key). Not for display. */
int td_text_match_key(char **out, const char *s);
/* Compare by the Vietnamese collator (ICU "vi"): <0, 0, >0.
 * Thread-safe. Strings the collator finds equal (e.g. NFC and NFD forms)
 * are ordered by their bytes, so 0 means identical and sorting with this
 * function is deterministic. NULL sorts first. */
int td_text_compare(const char *a, const char *b);
/* Heuristic: 1 when s looks like text in a legacy 8-bit Vietnamese encoding
 * (TCVN3/ABC, VNI) read as Latin-1/Windows-1252 — mojibake that must not go
 * into a signed document. */
int td_text_looks_legacy(const char *s);

typedef enum {
	TD_LEGACY_NONE = 0,   /* not converted */
	TD_LEGACY_TCVN3 = 1,  /* TCVN 5712 VN3 / ABC (.VnTime, .VnTimeH) */
	TD_LEGACY_VNI = 2,    /* VNI-Windows */
	TD_LEGACY_AUTO = 3    /* decide (input to td_text_from_legacy only) */
} td_legacy;
/* Convert such mojibake back to Unicode (NFC). enc names the encoding, or
 * TD_LEGACY_AUTO: then text that td_text_looks_legacy does not flag is
 * copied unchanged, else both encodings are tried and the one whose result
 * reads as Vietnamese is kept (none if neither does: copied unchanged).
 * *used (may be NULL) says what was done. TCVN3 text whose ASCII letters
 * are all capitals is taken as typed with the capitals-only fonts
 * (.VnTimeH) and comes out in capitals. */
int td_text_from_legacy(char **out, const char *s, td_legacy enc,
                        td_legacy *used);

/* ---- formatting (appends to a td_buf) ---------------------------------- */

/* measure.c: the printed width of s[0..n) in Times New Roman Bold, in
 * thousandths of an em; and the width of the longest line s makes when
 * wrapped at spaces into lines of at most max (a word longer than a line
 * counts as max). */
int64_t td_text_width_bold(const char *s, size_t n);
int64_t td_text_longest_line_bold(const char *s, int64_t max);
/* The short rule under an issuing body's name s (Nghị định 30: 1/3 to 1/2
 * of its line) as a count of no-break spaces to underline: TD_RULE_SHARE
 * per cent of the longest line s makes in bold at text_pt wrapped into
 * width (cm), a no-break space being a quarter em of rule_pt; width and
 * sizes in hundredths. 0 for an empty s; at most TD_RULE_MAX. */
#define TD_RULE_SHARE 42
#define TD_RULE_MAX 400
int td_rule_spaces(const char *s, int64_t width, int64_t text_pt, int64_t rule_pt);

/* ND 30 date: "ngày 05 tháng 02 năm 2017", "ngày 15 tháng 3 năm 2017"
 * (day < 10 and months 1-2 get a leading zero). */
int td_fmt_date_long(td_buf *out, int y, int m, int d);
/* Table date: "15/02/2017". */
int td_fmt_date_short(td_buf *out, int y, int m, int d);
/* ISO 8601 date "2017-02-15" (ODF office:date-value). */
int td_fmt_date_iso(td_buf *out, int y, int m, int d);
/* A number in hundredths with decimal comma and dot grouping (ICU "vi"):
 * decimals < 0 -> as few as needed (9850 -> "98,5", 10000 -> "100");
 * otherwise exactly that many (0..2), rounding half away from zero
 * (9850 with 0 -> "99"; never "-0"). THIDUA_EINVAL when decimals > 2.
 * Thread-safe. */
int td_fmt_number(td_buf *out, int64_t hundredths, int decimals);
/* Roman numerals 1..3999 ("IV"); fails with THIDUA_EINVAL outside. */
int td_fmt_roman(td_buf *out, int n);
/* Vietnamese letter numbering: 1 -> a, 2 -> b, 3 -> c, 4 -> d, 5 -> đ,
 * 6 -> e, 7 -> g, ... (no f, j, w, z); after the 23rd letter "aa", "ab"... */
int td_fmt_letter(td_buf *out, int n);
/* Number in words is out of scope. */

/* ---- parsing ----------------------------------------------------------- */

/* Parse a decimal written by a person: "8", "8,5", "8.5", "1.234,5",
 * "1,234.5", "1 234,5" (space/NBSP grouping), ",5", "-3", "+3", "−3", with
 * surrounding white space. Result in hundredths; fails (THIDUA_EFORMAT) on
 * anything else, on more than 2 decimals and beyond the int64 range.
 * *ambiguous is set (may be NULL) when the separator could be read either
 * way ("1.234" or "1,234"); such input is read as a decimal separator
 * only when followed by 1-2 digits, else as grouping. Never allocates.
 * Details in parse.c. */
int td_parse_decimal(int64_t *hundredths, const char *s, int *ambiguous);
/* A number as a spreadsheet writes it in office:value or an xlsx <v>
 * (xsd:double lexical form: "8.25", "-0.5", "1E2", "8.3000000000000007"),
 * read exactly from its digits, never through a double. Returns 0 with *h
 * in hundredths; 1 when it has more than two decimals (*h truncated); -1
 * when malformed or beyond 10^13. Binary floating-point noise written by
 * some producers (15 to 17 significant digits whose part beyond the
 * hundredths is 0.000000x or 0.999999x of a hundredth) is rounded away. */
int td_parse_xsd_number(int64_t *h, const char *s);
/* Parse a date: ISO "2017-02-15" (an ODF date-time "2017-02-15T10:00:00"
 * too), "15/02/2017", "15/2/2017", "15-02-2017", "15.02.2017",
 * "ngày 05 tháng 02 năm 2017". THIDUA_EFORMAT when unreadable or not a
 * calendar date ("29/02/2017"). Details in date.c. */
int td_parse_date(int *y, int *m, int *d, const char *s);
/* Days since 1899-12-30 (spreadsheet serial) to y/m/d; THIDUA_EINVAL
 * outside the years 1-9999. */
int td_date_from_serial(int *y, int *m, int *d, int64_t serial);
/* y/m/d to days since 1899-12-30; THIDUA_EINVAL for an invalid date. */
int td_date_to_serial(int64_t *serial, int y, int m, int d);
/* 1 when y-m-d is a date of the Gregorian calendar, years 1-9999. */
int td_date_valid(int y, int m, int d);

#endif
