/* model_int.h - helpers shared by the cluster loaders and checks (private to
 * src/model): limits, problem reporting, text and number normalisation,
 * criteria codes. */
#ifndef TD_MODEL_INT_H
#define TD_MODEL_INT_H

#include <stddef.h>
#include <stdint.h>

#include "model/cluster.h"
#include "odf/sheet.h"

/* Bounds on cluster data; more is an error (data.too-many / data.too-large). */
#define TD_MAX_UNITS 500
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
	__attribute__((format(printf, 5, 7)));
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

/* Criteria codes: segments separated by '.', "I" (Roman numeral, upper
 * case), "I.1" (number, no leading zero), "I.1.a" (Vietnamese letter a, b,
 * c, d, đ, e, g, ... y, lower case). Returns the depth (0..2), or -1 when
 * the code is not well formed. */
int td_crit_code_depth(const char *code);
/* The kind of one segment: 'R' Roman, 'N' number, 'L' letter, 0 none. */
int td_crit_segment_kind(const char *seg, size_t n);

/* Set depth and parent of every criterion from its code (parent: the
 * nearest earlier criterion whose code is the code less its last segment;
 * SIZE_MAX when none). */
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
