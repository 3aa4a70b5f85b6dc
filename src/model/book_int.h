/* book_int.h - the workbook loader's shared state and cell readers
 * (private to the load_*.c files of src/model): finding a sheet and its
 * columns by header, reading text, numbers, dates, yes/no values and
 * percentages from cells, each problem located at its cell. */
#ifndef TD_BOOK_INT_H
#define TD_BOOK_INT_H

#include <stddef.h>
#include <stdint.h>

#include "model/cluster.h"
#include "model/model_int.h"
#include "odf/sheet.h"

#define TD_BK_MAXCOLS 16
#define TD_BK_WHERE 320

/* A column a sheet may have: its header, other headers meaning the same
 * ('|'-separated, or NULL), and whether it is required. */
typedef struct col_def {
	const char *header;
	int required;
	const char *also;
} col_def;

/* One sheet as found: its columns by field index (-1 when absent). */
typedef struct bsheet {
	const td_book_sheet *sh;
	const char *name;        /* borrowed from the book */
	long col[TD_BK_MAXCOLS];
} bsheet;

typedef struct bload {
	td_mctx m;
	thidua_cluster *c;
	const td_book *book;
	int structural;          /* a sheet or column is missing */
} bload;

enum { VAL_OK = 0, VAL_EMPTY = 1, VAL_BAD = -1 };

/* "Sheet!B7" into buf (TD_BK_WHERE bytes); col < 0 names column A. */
const char *td_bk_where(char *buf, const char *sheet, uint32_t row, long col);
/* An owned copy of a where, or NULL (m.fatal set) when out of memory. */
char *td_bk_where_dup(bload *b, const char *sheet, uint32_t row, long col);
/* The text of a cell as read, NULL when empty. */
const char *td_bk_raw(const td_cell *cell);
/* The cell of a field in a row, NULL when absent. */
const td_cell *td_bk_cell(const bsheet *s, uint32_t row, int field);
/* The normalised text of a field (owned), or NULL when empty or rejected;
 * when rejected (reported), `bit` goes into *bad (bad may be NULL). */
char *td_bk_text_bad(bload *b, const bsheet *s, uint32_t row, int field, int lines,
                     unsigned *bad, unsigned bit);
#define td_bk_text(b, s, row, field, lines) td_bk_text_bad((b), (s), (row), (field), (lines), NULL, 0)
/* A number field in hundredths: a float cell, or text read with
 * td_parse_decimal (with a warning). VAL_*; whole: must be a whole number. */
int td_bk_number(bload *b, const bsheet *s, uint32_t row, int field, const char *label,
                 int whole, int64_t *h);
/* A percentage 0..100 in hundredths of a percent (85 -> 8500): a number
 * ("85"), a percentage cell or text ("85%"). Out of range is an error
 * (data.bad-number). VAL_*; *h is -1 unless VAL_OK. */
int td_bk_percent(bload *b, const bsheet *s, uint32_t row, int field, const char *label,
                  int64_t *h);
int td_bk_date(bload *b, const bsheet *s, uint32_t row, int field, int *y, int *mo, int *d);
/* Có / Không, x, TRUE / FALSE, boolean cells; empty is "no". */
int td_bk_bool(bload *b, const bsheet *s, uint32_t row, int field, int *v);
/* Find a sheet by name and its columns in the header row (row 1); other
 * headers get a warning (data.unknown-column) except "Hướng dẫn" (a column
 * for people). 0 when usable; 1 when missing (reported when required) or
 * lacking a required column (reported). */
int td_bk_find_sheet(bload *b, bsheet *s, const char *name, const col_def *cols, size_t ncols,
                     int required);
/* Call fn for each data row (row 2 on) that has something in a known
 * column. */
void td_bk_each_row(bload *b, const bsheet *s, size_t ncols,
                    void (*fn)(bload *, const bsheet *, uint32_t, void *), void *arg);
void td_bk_too_many(bload *b, const bsheet *s, uint32_t row, const char *what, int max,
                    int *said);

/* The sheets (load_rules.c): Đơn vị chấm (before Tiêu chí), Tiêu chí,
 * Xếp loại (before Khen thưởng), Chỉ tiêu giao (after Đơn vị and Tiêu
 * chí). */
void td_bk_load_bodies(bload *b);
void td_bk_load_criteria(bload *b);
void td_bk_load_bands(bload *b);
void td_bk_load_targets(bload *b);

#endif
