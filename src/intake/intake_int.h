/* intake_int.h - what the returned-sheet readers share (internal to
 * src/intake): a format-neutral grid of the non-empty cells of every sheet
 * of one file, filled by read_ods.c (.ods/.fods) and read_xlsx.c (.xlsx)
 * and checked by read_scores.c. */
#ifndef TD_INTAKE_INT_H
#define TD_INTAKE_INT_H

#include <stddef.h>
#include <stdint.h>

/* What a cell holds, whatever the format. */
typedef enum {
	TD_G_STRING = 0, /* text (ODS string, xlsx s/str/inlineStr) */
	TD_G_NUMBER = 1, /* a number; `value` is its lexical form ("8.25", "1E2") */
	TD_G_BOOL = 2,   /* `value` is "true"/"false" or "1"/"0" */
	TD_G_DATE = 3,   /* a date or time; `value` as written */
	TD_G_ERROR = 4   /* an error value (xlsx t="e": "#DIV/0!"), in `text` */
} td_gtype;

typedef struct td_gcell {
	uint32_t row, col;   /* 0-based */
	td_gtype type;
	char *text;          /* owned: the text (strings; displayed text of an ODS
	                        number), or NULL */
	char *value;         /* owned: the typed value as written, or NULL */
	char *formula;       /* owned: the formula as written ("of:=A1+1",
	                        "=A1+1"), or NULL */
	size_t seq;          /* order of arrival in its sheet */
} td_gcell;

typedef struct td_gsheet {
	char *name;          /* owned */
	td_gcell *cells;     /* owned; row-major once td_grid_finish has run */
	size_t n, cap;
} td_gsheet;

typedef struct td_grid {
	td_gsheet *sheets;   /* owned, in document order */
	size_t n, cap;
	size_t cells;        /* cells in all sheets */
} td_grid;

/* Non-empty cells of one file, at most; beyond: THIDUA_ELIMIT. */
#define TD_GRID_MAX_CELLS 200000u
/* Largest row and column index + 1 (those of the ODS reader). */
#define TD_GRID_MAX_ROWS 1048576u
#define TD_GRID_MAX_COLS 16384u

#define TD_GRID_INIT { NULL, 0, 0, 0 }

/* read_scores.c: grid bookkeeping. td_grid_add_sheet starts a sheet (the
 * name is copied); td_grid_add_cell appends a cell to the last sheet and
 * takes ownership of text, value and formula (freed on failure too).
 * 0, THIDUA_ENOMEM or THIDUA_ELIMIT. */
int td_grid_add_sheet(td_grid *g, const char *name);
int td_grid_add_cell(td_grid *g, uint32_t row, uint32_t col, td_gtype type, char *text,
                     char *value, char *formula);
/* Sort each sheet's cells row-major; of two cells at one address the later
 * one is kept. */
void td_grid_finish(td_grid *g);
void td_grid_clear(td_grid *g);

/* read_ods.c: every non-empty cell of an .ods or .fods. Fails with the
 * package reader's codes (THIDUA_EIO, THIDUA_EFORMAT, THIDUA_EENCRYPTED,
 * THIDUA_ELIMIT, THIDUA_ENOMEM) and a message naming the file; a document
 * that is not a spreadsheet is THIDUA_EFORMAT. */
int td_grid_read_ods(td_grid *g, const char *path);

/* read_xlsx.c: every non-empty cell of every worksheet of an .xlsx
 * (SpreadsheetML). Same failure codes; an encrypted (OLE2) file is
 * THIDUA_EENCRYPTED, an Excel 97-2003 file or a Word document is
 * THIDUA_EFORMAT with a message that says what it is. */
int td_grid_read_xlsx(td_grid *g, const char *path);

/* What a file is, by its first bytes (never by its name). */
typedef enum {
	TD_FILE_OTHER = 0,
	TD_FILE_ZIP_ODF = 1,   /* a zip with no [Content_Types].xml */
	TD_FILE_ZIP_OOXML = 2, /* a zip with [Content_Types].xml */
	TD_FILE_XML = 3,       /* text starting with '<' (flat ODF?) */
	TD_FILE_OLE = 4,       /* an OLE2 compound file (.xls, encrypted OOXML) */
	TD_FILE_EMPTY = 5
} td_file_kind;
/* read_xlsx.c: 0 and *kind, or THIDUA_EIO (message names the file). */
int td_file_sniff(td_file_kind *kind, const char *path);

#endif
