/* sheet.h - reading spreadsheet cells from an ODF package (content.xml of
 * .ods/.fods) as a stream, without expanding repeated rows or columns.
 *
 * ODF 1.3 Part 3 §9.1 (tables). Cells are delivered row by row, left to
 * right; empty cells are skipped, and a repeated non-empty cell is delivered
 * once per repetition only up to the used area (a row repeated 1,048,000
 * times with no content costs nothing). Every string is UTF-8 and borrowed
 * for the duration of the callback. */
#ifndef TD_SHEET_H
#define TD_SHEET_H

#include <stddef.h>
#include <stdint.h>

#include "odf/package.h"

typedef enum {
	TD_CELL_STRING,  /* office:value-type="string" or no type with text */
	TD_CELL_FLOAT,   /* float, percentage, currency */
	TD_CELL_DATE,
	TD_CELL_TIME,
	TD_CELL_BOOL
} td_cell_type;

typedef struct td_cell {
	const char *sheet;     /* table:name */
	uint32_t row, col;     /* 0-based */
	td_cell_type type;
	const char *text;      /* the displayed text: paragraphs joined by '\n',
	                          text:s expanded, text:tab as '\t' */
	const char *value;     /* office:value / date-value / time-value /
	                          boolean-value as written, or NULL for strings */
	const char *formula;   /* table:formula or NULL */
} td_cell;

/* Return 0 to go on, non-zero to stop (that value is returned by
 * td_sheet_read). */
typedef int (*td_cell_fn)(void *ctx, const td_cell *cell);
/* Called at the start of each sheet, in document order (may be NULL). */
typedef int (*td_sheet_fn)(void *ctx, const char *sheet, size_t index);

int td_sheet_read(const td_pkg *pkg, td_sheet_fn on_sheet, td_cell_fn on_cell, void *ctx);

/* Bounds of the cell stream. A non-empty cell at or beyond them, a cell
 * text longer than TD_SHEET_MAX_TEXT bytes, or more than
 * TD_SHEET_MAX_DELIVERED cells delivered in all (repeats count) fails with
 * THIDUA_ELIMIT. Empty repeats cost nothing, however many. */
#define TD_SHEET_MAX_ROWS 1048576u
#define TD_SHEET_MAX_COLS 16384u
#define TD_SHEET_MAX_TEXT (1u << 20)
#define TD_SHEET_MAX_DELIVERED 10000000u

/* Bytes of cell content (text, value and formula of every cell delivered,
 * each repetition of a repeated cell counted again) one read may deliver;
 * beyond: THIDUA_ELIMIT naming the file, the sheet and the cell. A 1 MB
 * cell repeated 16,000 times is refused after 32 MiB, not copied 16,000
 * times. */
#define TD_SHEET_MAX_BYTES ((uint64_t)32 << 20)

typedef struct td_sheet_opts {
	const char *file;      /* named in messages (NULL: "content.xml") */
	uint64_t max_bytes;    /* content budget; 0 = TD_SHEET_MAX_BYTES */
	int want_sheet;        /* td_sheet_read_path: refuse a document that
	                          is not a spreadsheet (THIDUA_EFORMAT) */
} td_sheet_opts;

/* The same, from the text of a content.xml (or a whole flat .fods) in
 * memory. XML errors give THIDUA_EFORMAT with the line number; a DOCTYPE
 * is refused (THIDUA_EFORMAT), and so is an encoding other than UTF-8 or
 * UTF-16. Messages name "content.xml". */
int td_sheet_read_xml(const char *xml, size_t len, td_sheet_fn on_sheet,
                      td_cell_fn on_cell, void *ctx);
/* The same with options (may be NULL). */
int td_sheet_read_xml_ex(const char *xml, size_t len, const td_sheet_opts *opts,
                         td_sheet_fn on_sheet, td_cell_fn on_cell, void *ctx);

/* The cells of the spreadsheet document at path: a zip package (.ods, its
 * content.xml), or a flat document (.fods) streamed from the file, never
 * held whole, so that memory stays small whatever its size; a flat file over
 * TD_FLAT_MAX (odf/xml.h) is refused before parsing (THIDUA_ELIMIT). Every
 * message names path. opts may be NULL; opts->file is ignored. */
int td_sheet_read_path(const char *path, const td_sheet_opts *opts, td_sheet_fn on_sheet,
                       td_cell_fn on_cell, void *ctx);

/* The same from a spreadsheet package opened already (the zip branch of
 * td_sheet_read_path: its mimetype checked when opts->want_sheet, then its
 * content.xml); messages name path. */
int td_sheet_read_pkg(const td_pkg *pkg, const char *path, const td_sheet_opts *opts,
                      td_sheet_fn on_sheet, td_cell_fn on_cell, void *ctx);

/* Scan the prolog of an XML text (BOM, white space, <?...?>, comments) and
 * return the offset of the root element's '<', or (size_t)-1 when there is
 * none. *has_doctype (may be NULL) is set when a <!DOCTYPE comes first. */
size_t td_xml_root_offset(const char *xml, size_t len, int *has_doctype);

/* "B3" for row 2, col 1 (0-based) into buf (at least 16 bytes). */
void td_a1(char *buf, size_t size, uint32_t row, uint32_t col);
/* "Sheet!B3", owned by the caller (td_free). */
char *td_a1_where(const char *sheet, uint32_t row, uint32_t col);

/* ---- a small in-memory workbook, for data sheets that are read whole ---- */

typedef struct td_book td_book;
typedef struct td_book_sheet td_book_sheet;

/* Read every non-empty cell of every sheet. Bounded by max_cells (error
 * THIDUA_ELIMIT beyond). Caller owns *out (td_book_free). */
int td_book_read(td_book **out, const td_pkg *pkg, size_t max_cells);
/* The same from content.xml text in memory (see td_sheet_read_xml). */
int td_book_read_xml(td_book **out, const char *xml, size_t len, size_t max_cells);
/* The same from a file, .ods or streamed .fods (see td_sheet_read_path);
 * messages name path. */
int td_book_read_path(td_book **out, const char *path, size_t max_cells);
void td_book_free(td_book *book);
size_t td_book_sheet_count(const td_book *book);
const td_book_sheet *td_book_sheet_at(const td_book *book, size_t i);
/* By exact name, or NULL. */
const td_book_sheet *td_book_sheet_by_name(const td_book *book, const char *name);
const char *td_book_sheet_name(const td_book_sheet *sh);
/* One past the last row with a non-empty cell. */
uint32_t td_book_sheet_rows(const td_book_sheet *sh);
/* One past the last column with a non-empty cell. */
uint32_t td_book_sheet_cols(const td_book_sheet *sh);
/* The cell, or NULL when empty. Borrowed. */
const td_cell *td_book_cell(const td_book_sheet *sh, uint32_t row, uint32_t col);
/* The non-empty cells in row-major order (row, then column). Borrowed. */
size_t td_book_sheet_cell_count(const td_book_sheet *sh);
const td_cell *td_book_sheet_cell_at(const td_book_sheet *sh, size_t i);

#endif
