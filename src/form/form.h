/* form.h - the scoring sheet's form (Bảng tự chấm điểm): the layout
 * contract shared by the sheet writer (src/sheets) and the reader of
 * returned sheets (src/intake), the identity a sheet carries, and the
 * entries read back from a returned sheet (what the tally computes from).
 *
 * Layout of a generated sheet (one table per scored unit):
 *  - a header block (ND 30: body and cluster left, national name right,
 *    title, unit, year) of free layout above the column header row;
 *  - the column header row: TT | Nội dung tiêu chí | Điểm chuẩn |
 *    Cách tính | Kết quả tự chấm | Điểm tự chấm | Kết quả thẩm định |
 *    Điểm Cụm thẩm định (Điểm Khối thẩm định in a khối) | Ghi chú | Mã —
 *    the last column (TD_COL_CODE) is hidden and holds each row's key: the
 *    criterion code ("I", "I.1", "V.2") or one of the TD_KEY_* totals;
 *    rows are found by this key, never by position, and columns by their
 *    header;
 *  - each pair "Kết quả … / Điểm …": the ENTRY the scorer types (the
 *    points, Đạt / Không đạt, Có / Không, a count, an actual value: see
 *    rules.h) and, beside it, a formula giving its points exactly as
 *    td_rules_points / td_crit_column compute them;
 *  - a scoring body's table (one file per body, identity scorer "@" +
 *    the body's code) has only the body's criteria, its scorer pair headed
 *    "Kết quả <body> chấm" / "Điểm <body> chấm" and no verification pair
 *    (the columns after it move left: TD_BODY_COL_NOTE, TD_BODY_COL_CODE);
 *  - the identity in the hidden code column of the first row (TD_ROW_ID),
 *    as text: "thidua:1|<cluster match key>|<year>|<unit code>|<scorer
 *    code, '@' + body code, or '-'>|<criteria fingerprint>" (see
 *    td_identity_format);
 *  - entry cells (of rows that take entries, rules.h) and notes are the
 *    only unprotected cells; everything else is text or formulas.
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
	TD_COL_TT = 0,         /* A */
	TD_COL_TEXT = 1,       /* B Nội dung tiêu chí */
	TD_COL_MAX = 2,        /* C Điểm chuẩn */
	TD_COL_HOW = 3,        /* D Cách tính (text: the rule, the target) */
	TD_COL_SELF_IN = 4,    /* E Kết quả tự chấm (entry) */
	TD_COL_SELF = 5,       /* F Điểm tự chấm (points, formula) */
	TD_COL_CLUSTER_IN = 6, /* G Kết quả thẩm định (entry) */
	TD_COL_CLUSTER = 7,    /* H Điểm Cụm / Khối thẩm định (formula) */
	TD_COL_NOTE = 8,       /* I Ghi chú */
	TD_COL_CODE = 9,       /* J the hidden key column */
	TD_NCOLS = 10
};
/* In a scoring body's table (no verification pair). */
#define TD_BODY_COL_NOTE 6
#define TD_BODY_COL_CODE 7
#define TD_BODY_NCOLS 8
/* Column headers (a body's table: "Kết quả <body> chấm", "Điểm <body>
 * chấm" for the scorer pair). */
#define TD_HEAD_TT "TT"
#define TD_HEAD_TEXT "Nội dung tiêu chí"
#define TD_HEAD_MAX "Điểm chuẩn"
#define TD_HEAD_HOW "Cách tính"
#define TD_HEAD_SELF_IN "Kết quả tự chấm"
#define TD_HEAD_SELF "Điểm tự chấm"
#define TD_HEAD_CLUSTER_IN "Kết quả thẩm định"
#define TD_HEAD_CLUSTER_CUM "Điểm Cụm thẩm định"
#define TD_HEAD_CLUSTER_KHOI "Điểm Khối thẩm định"
#define TD_HEAD_NOTE "Ghi chú"
/* The entry words of PASS and CONDITION rows (drop-down lists). */
#define TD_WORD_PASS "Đạt"
#define TD_WORD_FAIL "Không đạt"
#define TD_WORD_YES "Có"
#define TD_WORD_NO "Không"

#define TD_ROW_ID 0 /* 0-based row of the identity cell (in TD_COL_CODE) */

#define TD_ID_PREFIX "thidua:1|"
#define TD_KEY_BASE "=BASE"       /* total of the base sections */
#define TD_KEY_BONUS "=BONUS"     /* bonus after caps */
#define TD_KEY_DEDUCT "=DEDUCT"   /* deductions (a positive number subtracted) */
#define TD_KEY_TOTAL "=TOTAL"     /* final total */
#define TD_KEY_HEADER "=HEADER"   /* the column header row */

/* A stable fingerprint of the scoring rules a sheet was made from: per
 * criterion its code, text, kind, method, maximum, points per event, cap,
 * floor, Giữ điểm chuẩn, unit of measure, scoring body (its code) and
 * bars; the units' targets: 16 lowercase hex digits into buf (>= 17
 * bytes). Any change makes sheets issued before it recognisable. */
void td_criteria_fingerprint(char *buf, const thidua_cluster *c);

/* The identity text for a sheet. scorer may be NULL (self-scoring).
 * Caller owns the result (td_free). */
char *td_identity_format(const thidua_cluster *c, const td_unit *unit, const td_unit *scorer);
/* The identity text of a scoring body's table about one unit: the scorer
 * field is "@" + the body's code. Caller owns the result (td_free). */
char *td_identity_format_body(const thidua_cluster *c, const td_unit *unit, const td_body *body);

/* Whether scoring body `body` scores any criterion (then it gets a sheet,
 * and one is expected back). */
int td_form_body_has_criteria(const thidua_cluster *c, size_t body);
/* Whether criterion i has a row in the body's table: it, or a row under
 * it, is scored by the body (rows above a body's criteria give their
 * context; only the body's own rows take entries). */
int td_form_in_body_table(const thidua_cluster *c, size_t i, size_t body);

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
