/* score.h - scoring sheets (Bảng tự chấm điểm) and the tally: the layout
 * contract shared by the sheet generator and the sheet reader, the scores
 * read back from a returned sheet, and the tally's internal entry points.
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
#ifndef TD_SCORE_H
#define TD_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "model/cluster.h"
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

/* ---- the criteria as the sheet scores them ---------------------------- */

/* What a scoring sheet makes of each criterion. One analysis serves the
 * sheet generator (which cells take scores, their validity limits), the
 * reader (the same limits, the recomputed totals) and the tally. */
typedef struct td_crit_info {
	int leaf;           /* no children: the row has score cells */
	td_crit_kind cls;   /* what its leaves score: ITEM, BONUS or DEDUCTION
	                       (a node: the class of its first leaf) */
	int64_t limit;      /* a leaf: the largest score its cells accept */
	int64_t cap;        /* a node: its Tối đa (0 when none) */
	size_t parent;      /* SIZE_MAX for a top-level criterion */
	size_t top;         /* its top-level criterion (itself for one) */
	int disqualifies;   /* itself or an ancestor bars from the top award */
} td_crit_info;

#define TD_NO_RULE_LIMIT 100000 /* 1000 points: a leaf no rule bounds */

/* Fill info[0..c->n_criteria). A leaf accepts 0 to its Điểm chuẩn (a
 * Tiêu chí), else its Tối đa, else its Điểm chuẩn, else for a bonus the
 * section's Tối đa, else TD_NO_RULE_LIMIT. Returns 0, or THIDUA_EDATA when
 * a criterion has no code or comes before its parent (loaders never let
 * that through). */
int td_crit_analyse(td_crit_info *info, const thidua_cluster *c);

/* The totals of one column of scores, as the sheet's formulas compute
 * them. v[i] holds leaf i's score on entry (nodes' entries are ignored)
 * and every criterion's subtotal on return; each leaf is held to [0, its
 * limit]; a node sums its children, its bonus and deduction parts held to
 * its Tối đa. scratch has 3 * n slots. *base, *bonus and *deduct get the
 * totals (deduct positive); the total is base + bonus - deduct. */
void td_crit_column(const td_crit_info *info, size_t n, int64_t *v, int64_t *scratch,
                    int64_t *base, int64_t *bonus, int64_t *deduct);

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
	char *scorer_code;   /* NULL for self-scoring */
	char *fingerprint;
} td_identity;
/* 0, or THIDUA_EFORMAT when s is not an identity. */
int td_identity_parse(td_identity *id, const char *s);
void td_identity_clear(td_identity *id);

/* ---- scores read back from a returned sheet --------------------------- */

typedef struct td_row_scores {
	size_t crit;          /* index into cluster->criteria */
	int has_self, has_cluster;
	int64_t self, cluster;
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

/* Read every returned file (.ods, .fods, .xlsx; folders: their files of
 * those types, not recursive) and check each sheet against the cluster:
 * identity (cluster, year, unit, fingerprint), criteria text and
 * structure, values (number, range, step, no formula in a score cell),
 * duplicates and missing units. Every problem goes to diags with file and
 * cell. Returns 0 (even with problems: the caller decides), or a negative
 * code for failures that stop everything (out of memory). */
int td_scores_read(td_scores_set *out, const thidua_cluster *c, const char *const *inputs,
                   size_t n_inputs, thidua_diags *diags);
void td_scores_set_clear(td_scores_set *set);

/* ---- generation ------------------------------------------------------- */

/* Write the scoring sheet of one unit (self-scoring; in a cross-scoring
 * cluster, one table per other unit, scored by `unit`). */
int td_sheet_write(const thidua_cluster *c, size_t unit, const char *template_path,
                   const char *out_path, int overwrite, thidua_diags *diags);

#endif
