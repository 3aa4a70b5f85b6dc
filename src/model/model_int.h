/* model_int.h - helpers shared by the cluster loaders and checks (private to
 * src/model): limits, problem reporting, text and number normalisation,
 * criteria codes. */
#ifndef TD_MODEL_INT_H
#define TD_MODEL_INT_H

#include <stddef.h>
#include <stdint.h>

#include "model/cluster.h"
#include "util/compat.h"
#include "odf/sheet.h"
#include "util/buf.h"

/* Bounds on cluster data; more is an error (data.too-many / data.too-large). */
#define TD_MAX_UNITS 100000      /* a province has ten thousand: every step is
                                    O(n log n) in units (make bench measures it) */
#define TD_MAX_CROSS_UNITS 500    /* in a cross-scoring cluster each unit's sheet has
                                    a table per other unit: n*n tables */
#define TD_MAX_CRITERIA 2000
#define TD_MAX_BASES 200
#define TD_MAX_CONTENT 200        /* items in each Nội dung section */
#define TD_MAX_AWARDS 100
#define TD_MAX_RECIPIENTS 100
#define TD_MAX_TEXT 20000         /* bytes of one text value */
#define TD_MAX_FILE (64u << 20)   /* bytes of an XML data file */
#define TD_MAX_BOOK_CELLS 200000  /* non-empty cells of a workbook */
#define TD_MAX_POINTS 100000000   /* |points| of one number, in hundredths (1,000,000) */
#define TD_MAX_SCHEMA_DIAGS 50

/* A loader's or checker's state: where problems go and how many errors. */
typedef struct td_mctx {
	thidua_diags *diags; /* borrowed, may be NULL */
	const char *file;    /* borrowed, may be NULL */
	size_t errors;
	size_t rejected;     /* texts td_m_text refused (bad UTF-8, legacy...) */
	int fatal;           /* THIDUA_ENOMEM once memory ran out: stop */
	unsigned flags;      /* THIDUA_LOAD_* */
} td_mctx;

/* Add a problem (fmt_vi and fmt_en take the same arguments). Errors are
 * counted in m->errors; running out of memory sets m->fatal. */
void td_m_diag(td_mctx *m, thidua_severity sev, const char *code, const char *where,
               const char *fmt_vi, const char *fmt_en, ...)
	__attribute__((format(TD_PRINTF_FMT, 5, 7)));
#define td_m_error(m, code, where, ...) td_m_diag((m), THIDUA_SEV_ERROR, (code), (where), __VA_ARGS__)
#define td_m_warn(m, code, where, ...) td_m_diag((m), THIDUA_SEV_WARNING, (code), (where), __VA_ARGS__)
/* The same with ready-made messages. */
void td_m_diag_msg(td_mctx *m, thidua_severity sev, const char *code, const char *where,
                   const char *msg_vi, const char *msg_en);
/* Record an out-of-memory failure (sets m->fatal, the last error). */
void td_m_oom(td_mctx *m);

/* Normalise one text value read from user input: invalid UTF-8 is an error
 * (data.bad-utf8), text that looks like a legacy 8-bit encoding is an error
 * (data.legacy-encoding), text not in NFC gets a warning (data.not-nfc) and
 * is normalised; then it is trimmed and inner white space squashed (or, when
 * lines is set, each line is and empty lines are dropped). Longer than
 * TD_MAX_TEXT is an error (data.too-long). *out is owned by the caller, NULL
 * when the text is empty or was rejected (then m->rejected is counted up).
 * Sets m->fatal on out-of-memory. */
void td_m_text(td_mctx *m, char **out, const char *s, size_t n, int lines, const char *where);

/* A legal basis as stored: as written ("Căn cứ Luật ..."), without the
 * trailing ";" or "." that the template adds back. Edits s in place. */
void td_m_basis_trim(char *s);

/* A number written as xsd:double ("8.5", "1E2", "-0.25"), as in
 * office:value and the XML format: 0 and *h in hundredths; 1 when it has
 * more than two decimals (beyond floating-point noise); -1 when malformed
 * or out of range. */
int td_m_parse_xsd_number(int64_t *h, const char *s);

/* Find text among labels by td_text_match_key (case, spacing and tone
 * placement do not matter): 0 and *index; 1 when none matches;
 * THIDUA_ENOMEM. */
int td_m_match(size_t *index, const char *text, const char *const *labels, size_t n);

/* Role labels ("Cụm trưởng", "khối phó", "Thành viên", ...) matched by
 * td_text_match_key: 0 and *role / *kind (the kind the label names; the
 * cluster kind is not known here, members get TD_KIND_CUM); 1 when unknown;
 * THIDUA_ENOMEM. */
int td_m_parse_role(td_role *role, td_cluster_kind *kind, const char *label);

/* Criteria codes: segments separated by '.', each a Roman numeral (I, II;
 * canonical, upper case), a number (1, 12; no leading zero), a Vietnamese
 * letter (a, b, c, d, đ, e, g ... y; lower case) or a Vietnamese capital
 * (A, B, C, Đ ...: lettered parts), at most TD_MAX_DEPTH segments, of any
 * kind at any level ("II.1.1", "A.I.1.a"). */
#define TD_SEG_ROMAN 1u
#define TD_SEG_NUMBER 2u
#define TD_SEG_LETTER 4u
#define TD_SEG_PART 8u
/* The kinds a segment can be (C is both a Roman numeral and a capital). */
unsigned td_crit_segment_kinds(const char *seg, size_t n);
/* One kind: 'R' Roman (preferred), 'N' number, 'L' letter, 'P' capital, 0 none. */
int td_crit_segment_kind(const char *seg, size_t n);
/* The place of a segment in its kind's list from 1 (II -> 2, đ -> 5), 0
 * when it is not of that kind. */
long td_crit_segment_value(const char *seg, size_t n, unsigned kind);
/* The depth of a code (0 for "I", 1 for "I.1" ...), or -1 when a segment
 * is not a code or there are more than TD_MAX_DEPTH. */
int td_crit_code_depth(const char *code);

/* Placing a code as written (td_crit_place). */
enum {
	TD_PLACE_OK = 0,
	TD_PLACE_BAD_SEGMENT = 1, /* a part is not a code ("f", "01", "ii") */
	TD_PLACE_NO_PARENT = 2,   /* no row above it can be its parent */
	TD_PLACE_TOO_DEEP = 3     /* more than TD_MAX_DEPTH levels */
};
/* Place label ("1", "a)", "II.1.1", "1.2.") under rows [0, n) of c, whose
 * parents are set, n - 1 being the row above; segkind[i] is the kind each
 * row's last segment was read as (TD_SEG_*). Trailing "." and ")" (and a
 * leading "(") are dropped. A code with dots is absolute when an earlier
 * row has its prefix as code, else relative to a row on the path above
 * ("1.1" under II.1 is II.1.1). A single segment is a sibling of a row on
 * the path above, the deepest first: the next in that row's list, else a
 * later one of the same kind (which is how C after B is a part, not 100);
 * else it starts a new level under the row above when it is the first of
 * its list (1, a, I, A); else it repeats a sibling. *code (owned) is the
 * canonical code, *kind its last segment's kind, *parent the index or
 * SIZE_MAX. Returns TD_PLACE_*, or THIDUA_ENOMEM. */
int td_crit_place(char **code, unsigned *kind, size_t *parent, const char *label,
                  const thidua_cluster *c, size_t n, const unsigned char *segkind);

/* The words of the criteria table (vocab.c), matched by td_text_match_key;
 * 0 and the value, 1 when unknown, THIDUA_ENOMEM. Loại: Phần, Mục; Tiêu
 * chí; Cộng, Điểm cộng, Điểm thưởng, Thưởng, Cộng điểm; Trừ, Điểm trừ,
 * Phạt, Trừ điểm; Điều kiện. */
int td_m_parse_crit_kind(td_crit_kind *kind, const char *word);
/* Cách chấm: Chấm trực tiếp, Trực tiếp, Chấm điểm; Định tính, Đạt/Không
 * đạt; Chấm thẳng, Theo lần, Mỗi lần, Theo số lần; Định lượng, Theo chỉ
 * tiêu; Dẫn đầu cụm, Dẫn đầu khối, Định lượng dẫn đầu cụm/khối. */
int td_m_parse_method(td_method *method, const char *word);
/* Không xét khen: "x", "Có", TRUE -> FIRST; "Tất cả" -> ALL; "Không", "-"
 * -> NONE; 1 otherwise (the caller reads award names). */
int td_m_parse_bar_word(td_bar *bar, const char *word);
/* 1 when text begins like a bonus or deduction heading ("ĐIỂM CỘNG",
 * "Điểm thưởng", "ĐIỂM TRỪ"), with *kind; 0 when not; THIDUA_ENOMEM. */
int td_m_rule_heading(td_crit_kind *kind, const char *text);

/* A Cộng / Trừ leaf whose Cách chấm was not written (written[i] == 0) is
 * scored per event: TD_METHOD_COUNT. Parents must be linked. */
void td_m_default_methods(thidua_cluster *c, const unsigned char *written);

/* After loading, before td_cluster_validate (both loaders): award names of
 * Không xét khen to indexes (bar_award_index), Xếp loại tối thiểu to
 * min_band; an unknown name is an error at its cell
 * (data.unknown-award, data.unknown-band). */
void td_m_resolve(td_mctx *m, thidua_cluster *c);

/* The cell of one field of a row: where is the row's "Sheet!A7" and col
 * the field's column (>= 0), giving "Sheet!D7"; otherwise where itself
 * (XML: "dòng 12"). buf has TD_M_WHERE bytes; returns buf or where. */
#define TD_M_WHERE 320
const char *td_m_at(char *buf, const char *where, long col);

/* "50" / "98,5" into b (Vietnamese format); "?" when out of memory. */
const char *td_m_points(td_buf *b, int64_t h);
/* The checks of validate_rules.c: criteria, shapes, sums, bodies,
 * targets, bands. */
void td_m_check_rules(td_mctx *m, const thidua_cluster *c);

/* Set depth and parent of every criterion from its code (parent: the
 * nearest earlier criterion whose code is the code less its last segment;
 * SIZE_MAX when none), the scoring body inherited from the parent (body
 * SIZE_MAX when not a valid index), bars from the old disqualifies flag and
 * disqualifies from bars. Methods are left as they are (the loaders set
 * the default ones: td_m_default_methods). */
void td_cluster_link_criteria(thidua_cluster *c);
/* Sort units by protocol order, stably. */
void td_cluster_sort_units(thidua_cluster *c);

/* Make room for item n of an array of `size`-byte items that holds n (the
 * capacity is implied by n: 8, then doubling). 0 or THIDUA_ENOMEM. */
int td_m_grow(void **items, size_t n, size_t size);

/* Append a text item; takes text and where (freed on failure). 0 or
 * THIDUA_ENOMEM. */
int td_m_push_text(td_text_item **items, size_t *n, char *text, char *where);

/* Read a whole file of at most max bytes: *data owned (td_free),
 * NUL-terminated. THIDUA_EIO, THIDUA_ELIMIT or THIDUA_ENOMEM. */
int td_m_read_file(char **data, size_t *len, const char *path, size_t max);

/* "dòng 12": owned by the caller; NULL when out of memory. */
char *td_m_line_where(long line);

/* Fill a cluster from a workbook already read (td_cluster_load_book
 * without the file); path names the source in diags. Same contract as the
 * loaders. */
int td_cluster_from_book(thidua_cluster **out, const td_book *book, const char *path,
                         unsigned flags,
                         thidua_diags *diags);
/* Fill a cluster from the XML format in memory. Same contract. */
int td_cluster_from_xml(thidua_cluster **out, const char *xml, size_t len, const char *path,
                        unsigned flags,
                        thidua_diags *diags);

#endif
