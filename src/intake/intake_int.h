/* intake_int.h - what the returned-sheet readers share (internal to
 * src/intake): a format-neutral grid of the non-empty cells of every sheet
 * of one file (grid.c), filled by read_ods.c (.ods/.fods) and read_xlsx.c
 * (.xlsx); the reading context with its located problems (read_ctx.c);
 * files and folders (read_files.c), one sheet (read_sheet.c), one entry
 * by Cách chấm (read_entry.c). */
#ifndef TD_INTAKE_INT_H
#define TD_INTAKE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "form/form.h"
#include "util/diag.h"

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
	char *block;         /* when not NULL: one allocation holding text, value
	                        and formula, which are then not owned each */
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
	uint64_t bytes;      /* content bytes in all sheets */
	const char *file;    /* borrowed: named in messages (may be NULL) */
} td_grid;

/* Non-empty cells of one file, at most; beyond: THIDUA_ELIMIT. */
#define TD_GRID_MAX_CELLS 200000u
/* Bytes of cell content (text, value, formula) of one file, as expanded:
 * each repetition of a repeated ODS cell and each use of an xlsx shared
 * string counts again. Beyond: THIDUA_ELIMIT naming the file and cell. */
#define TD_GRID_MAX_BYTES ((uint64_t)32 << 20)
/* Largest row and column index + 1 (those of the ODS reader). */
#define TD_GRID_MAX_ROWS 1048576u
#define TD_GRID_MAX_COLS 16384u

#define TD_GRID_INIT { NULL, 0, 0, 0, 0, NULL }

/* grid.c: grid bookkeeping. td_grid_add_sheet starts a sheet (the
 * name is copied); td_grid_add_cell appends a cell to the last sheet and
 * takes ownership of text, value and formula (freed on failure too).
 * 0, THIDUA_ENOMEM or THIDUA_ELIMIT. */
int td_grid_add_sheet(td_grid *g, const char *name);
int td_grid_add_cell(td_grid *g, uint32_t row, uint32_t col, td_gtype type, char *text,
                     char *value, char *formula);
/* The same with text, value and formula (each may be NULL) inside block,
 * one allocation the grid then owns (freed on failure too). */
int td_grid_add_cell_block(td_grid *g, uint32_t row, uint32_t col, td_gtype type, char *block,
                           char *text, char *value, char *formula);
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
/* The same; for an ODF zip that opens as the package reader opens it,
 * *keep receives that open archive (the caller's: td_grid_read_ods_zip
 * takes it), else stays NULL. */
struct zip;
int td_file_sniff_zip(td_file_kind *kind, const char *path, struct zip **keep);
/* read_ods.c: td_grid_read_ods of the archive td_file_sniff_zip kept
 * (taken, also on failure). */
int td_grid_read_ods_zip(td_grid *g, const char *path, struct zip *za);

/* ---- the reading context (read_ctx.c) -------------------------------- */

enum { H_TT, H_TEXT, H_MAX, H_HOW, H_SELF_IN, H_SELF, H_CLUSTER_IN, H_CLUSTER_CUM,
       H_CLUSTER_KHOI, H_NOTE, H_STT, H_N };

typedef struct file_id {
	uint64_t dev, ino;
} file_id;

typedef struct rctx {
	const thidua_cluster *c;
	thidua_diags *diags;
	td_scores_set *out;
	size_t cap_sheets;
	int fatal;               /* THIDUA_ENOMEM once memory ran out */

	char *cluster_key;       /* owned: the identity's cluster key of this cluster */
	char fp[17];
	char **unit_keys;        /* owned: match keys of the unit codes */
	struct ctx_ukey *by_key; /* owned: the same sorted, for finding a unit by
	                            code among ten thousand */
	char **crit_keys;        /* owned: match keys of the criteria's texts ... */
	char **crit_note_keys;   /* ... and of "text (note)", NULL without a note */
	char **body_keys;        /* owned: match keys of the body codes */
	char *header_key[H_N];   /* owned */
	td_crit_info *info;      /* owned: one per criterion */
	int codes_unique;        /* no two criteria share a code (the loaders
	                            see to it): a row's code may be looked for
	                            where the last row's ended */
	int64_t step;

	file_id *seen;           /* owned: files already read */
	size_t n_seen, cap_seen;

	char clipped[4][256];    /* clip()'s buffers, used in turn */
	unsigned n_clip;

	const char *file;        /* the file being read */
	const char *sheet;       /* the sheet being read */

	thidua_progress_fn progress; /* may be NULL */
	void *progress_data;
	size_t n_files, n_read;  /* files to read (counted first), read so far */

	/* The caller's context: files waiting to be read on every core
	 * (read_files.c), and the sheets kept so far by who they score. */
	struct fslot *batch;     /* owned */
	size_t n_batch;
	size_t *dup_tab;         /* owned: 1 + index into out->sheets, 0 empty */
	size_t dup_cap;

	/* A worker's copy of the context, reading one file: the sheets whose
	 * identity passed, each with its place among the file's problems, so
	 * that the check for duplicates across files is made when the files
	 * are merged in order (read_files.c). */
	struct sheet_mark *marks; /* owned */
	size_t n_marks, cap_marks;
} rctx;

/* A sheet of a file being read whose identity passed: the problems of the
 * file before the duplicate check [0, diag_mark) and of the sheet after it
 * [diag_mark, diag_end), the sheet kept (index into the file's set, or
 * SIZE_MAX), who it scores, and where its identity is. */
typedef struct sheet_mark {
	size_t diag_mark, diag_end;
	size_t sheet;
	size_t unit, scorer, body;
	char *where;             /* owned */
	char *sheet_name;        /* owned */
} sheet_mark;

/* read_files.c: the duplicate check point of read_sheet: records a mark for
 * the sheet (its problems so far counted); 0, or -1 when out of memory
 * (r->fatal). sheet_mark_end closes the last mark: its problems counted,
 * and the index of the sheet kept in the file's set (SIZE_MAX: none). */
int sheet_mark_begin(rctx *r, const td_sheet_scores *s, const char *where);
void sheet_mark_end(rctx *r, size_t kept);

/* A unit's code key and index, sorted by key then index (ctx_init). */
typedef struct ctx_ukey {
	const char *key; /* borrowed from unit_keys */
	size_t i;
} ctx_ukey;

int ctx_init(rctx *r, const thidua_cluster *c);
/* The first unit (in protocol order) whose code has match key k, or
 * SIZE_MAX. */
size_t ctx_unit_by_key(const rctx *r, const char *k);
void ctx_clear(rctx *r);
void ctx_oom(rctx *r);
/* s cut to at most max bytes (< 250) on a character boundary, with "…"
 * when cut; borrowed from one of r's buffers, valid for the next three
 * calls. */
const char *clip(rctx *r, const char *s, size_t max);
/* Add a problem; fmt_vi and fmt_en take the same arguments. */
void problem(rctx *r, thidua_severity sev, const char *code, const char *file,
             const char *where, const char *fmt_vi, const char *fmt_en, ...);
#define err(r, code, where, ...) problem((r), THIDUA_SEV_ERROR, (code), (r)->file, (where), __VA_ARGS__)
#define warn(r, code, where, ...) problem((r), THIDUA_SEV_WARNING, (code), (r)->file, (where), __VA_ARGS__)
/* "Sheet!D12" of the current sheet, owned; NULL (and r->fatal) when out
 * of memory. */
char *where_of(rctx *r, uint32_t row, uint32_t col);
/* A match key, owned; NULL and r->fatal on out of memory; invalid text
 * gives an empty key. */
char *key_of(rctx *r, const char *s);
/* "8,5" (sep ',') or "8.5" (sep '.'): as few decimals as needed. */
const char *fmt_h(char *buf, size_t size, int64_t h, char sep);
const char *unit_name(const thidua_cluster *c, size_t u);
const char *body_name(const thidua_cluster *c, size_t b);
int push_sheet(rctx *r, td_sheet_scores *s);
void sheet_scores_clear(td_sheet_scores *s);

/* The cells of one row: [b, e) of the sheet's cells. */
typedef struct grow {
	const td_gcell *b, *e;
	uint32_t row;
} grow;
const td_gcell *row_cell(const grow *g, uint32_t col);
/* The text of a cell as a person sees it ("" when none); numbers in
 * their lexical form. Borrowed. */
const char *cell_str(const td_gcell *c);
int blank(const char *s);
/* A copy of s without surrounding white space (td_free), or NULL. */
char *trimmed(const char *s);

/* ---- one entry (read_entry.c) ------------------------------------------- */

/* Read the entry cell of criterion ki (row, col). *present: the cell has
 * anything in it; *has and *v: a usable entry (rules.h: points, 1/0, a
 * count, an actual value in hundredths); *bad set when the cell has an
 * error (reported here). */
void read_entry(rctx *r, size_t ki, const td_gcell *cell, uint32_t row, uint32_t col,
                int *present, int *has, int64_t *v, int *bad);
/* A typed or cached total: 0 and *v, or -1 when there is none. */
int read_total(const td_gcell *cell, int64_t *v);

/* ---- one sheet (read_sheet.c), files (read_files.c) ---------------------- */

/* Read one sheet that has an identity cell. */
void read_sheet(rctx *r, const td_gsheet *sh, const td_gcell *idc);

#endif
