/* form.h - the scoring sheet's form (Bảng tự chấm điểm): the layout
 * contract shared by the sheet writer (src/sheets) and the reader of
 * returned sheets (src/intake), the identity a sheet carries, and the
 * entries read back from a returned sheet (what the tally computes from).
 *
 * Layout of a generated sheet (one table per scored unit):
 *  - a header block (ND 30: body and cluster left, national name right,
 *    title, unit, year) of free layout above the column header row;
 *  - the column header row: TT | Nội dung tiêu chí | Điểm chuẩn |
 *    Điểm tự chấm | Điểm Cụm thẩm định (Điểm Khối thẩm định in a khối) |
 *    Ghi chú | Mã  — the last column (TD_COL_CODE) is hidden and holds each
 *    row's key: the criterion code ("I", "I.1", "V.2") or one of the
 *    TD_KEY_* totals; rows are found by this key, never by position;
 *  - the identity in the hidden code column of the first row (TD_ROW_ID),
 *    as text: "thidua:1|<cluster match key>|<year>|<unit code>|<scorer
 *    code or '-'>|<criteria fingerprint>" (see td_identity_format);
 *  - score cells (self and cluster columns of criterion rows of kind
 *    Tiêu chí/Cộng/Trừ) are the only unprotected cells; section and total
 *    rows hold formulas.
 * Scores are int64 hundredths everywhere. */
#ifndef TD_FORM_H
#define TD_FORM_H

#include <stddef.h>
#include <stdint.h>

#include "model/cluster.h"
#include "model/rules.h"
#include "thidua.h"

/* 0-based columns */
enum {
	TD_COL_TT = 0,
	TD_COL_TEXT = 1,
	TD_COL_MAX = 2,
	TD_COL_SELF = 3,
	TD_COL_CLUSTER = 4,
	TD_COL_NOTE = 5,
	TD_COL_CODE = 6,
	TD_NCOLS = 7
};
#define TD_ROW_ID 0 /* 0-based row of the identity cell (in TD_COL_CODE) */

#define TD_ID_PREFIX "thidua:1|"
#define TD_KEY_BASE "=BASE"       /* total of the base sections */
#define TD_KEY_BONUS "=BONUS"     /* bonus after caps */
#define TD_KEY_DEDUCT "=DEDUCT"   /* deductions (a positive number subtracted) */
#define TD_KEY_TOTAL "=TOTAL"     /* final total */
#define TD_KEY_HEADER "=HEADER"   /* the column header row */

/* A stable fingerprint of the criteria (codes, texts, kinds, maxima, per
 * event points, caps): 16 lowercase hex digits into buf (>= 17 bytes). */
void td_criteria_fingerprint(char *buf, const thidua_cluster *c);

/* The identity text for a sheet. scorer may be NULL (self-scoring).
 * Caller owns the result (td_free). */
char *td_identity_format(const thidua_cluster *c, const td_unit *unit, const td_unit *scorer);

/* A parsed identity. Strings owned by the struct (td_identity_clear). */
typedef struct td_identity {
	char *cluster_key;
	int year;
	char *unit_code;
	char *scorer_code;   /* NULL for self-scoring; a unit's code (cross-
	                        scoring); "@" + a scoring body's code for a
	                        body's sheet */
	char *fingerprint;
} td_identity;
/* 0, or THIDUA_EFORMAT when s is not an identity. */
int td_identity_parse(td_identity *id, const char *s);
void td_identity_clear(td_identity *id);

/* ---- scores read back from a returned sheet --------------------------- */

/* The entries of one criterion row, as typed (model/rules.h says what an
 * entry is for each Cách chấm: points, Đạt = 1, a count, an actual value);
 * the points are computed from them (td_rules_points), never read. */
typedef struct td_row_scores {
	size_t crit;          /* index into cluster->criteria */
	int has_self, has_cluster;
	int64_t self;         /* the scorer's entry: the unit's own, a cross-
	                         scorer's, or a scoring body's (see the sheet) */
	int64_t cluster;      /* the head's verification entry */
	char *note;           /* Ghi chú, or NULL */
	char *where_self;     /* "Sheet!D12" */
	char *where_cluster;  /* "Sheet!E12" */
} td_row_scores;

typedef struct td_sheet_scores {
	char *file;
	char *sheet;          /* table name */
	td_identity id;
	size_t unit;          /* index into cluster->units of the scored unit */
	size_t scorer;        /* index of the scoring unit (cross-scoring), or SIZE_MAX */
	size_t body;          /* a scoring body's sheet: index into
	                         cluster->bodies; SIZE_MAX otherwise */
	int blank;            /* no entry at all in the scorer's column: the
	                         sheet was returned unscored ("chưa chấm", an
	                         error; never counted as zeros) */
	td_row_scores *rows;  /* one per criterion that has a row, in sheet order */
	size_t n_rows;
	int has_typed_total;  /* the TD_KEY_TOTAL row's cached value */
	int64_t typed_total;
	char *where_total;
} td_sheet_scores;

typedef struct td_scores_set {
	td_sheet_scores *sheets;
	size_t n;
} td_scores_set;

#endif
