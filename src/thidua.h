/*
 * thidua.h - the public C API of thidua: fill ODF agreement and scoring-sheet
 * templates from emulation-cluster data.
 *
 * Conventions (after libgit2):
 *  - every exported name starts with `thidua_` / `THIDUA_`;
 *  - functions return an int: 0 on success, a negative THIDUA_E* code on
 *    failure; thidua_error_last() then describes the failure (thread-local);
 *  - output parameters come first; what a function returns through a
 *    pointer-to-pointer is owned by the caller and released with the
 *    matching _free; getters return borrowed pointers valid as long as the
 *    object they came from;
 *  - problems found in user input (a cell, a paragraph, a tag) are collected
 *    in a thidua_diags list, each with a code and a human location, so that
 *    one run reports every problem, not just the first.
 */
#ifndef THIDUA_H
#define THIDUA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define THIDUA_VERSION "0.1.0"

/* ---- errors ------------------------------------------------------------ */

enum {
	THIDUA_OK = 0,
	THIDUA_ERROR = -1,      /* generic failure */
	THIDUA_ENOMEM = -2,     /* out of memory */
	THIDUA_EIO = -3,        /* cannot read or write a file */
	THIDUA_EFORMAT = -4,    /* a file is not what it claims to be */
	THIDUA_ETEMPLATE = -5,  /* template errors (see the diags) */
	THIDUA_EDATA = -6,      /* cluster data errors (see the diags) */
	THIDUA_EEXISTS = -7,    /* output exists and overwrite was not asked */
	THIDUA_ELIMIT = -8,     /* a size limit was exceeded (hostile input?) */
	THIDUA_EENCRYPTED = -9, /* password-protected document */
	THIDUA_EINVAL = -10,    /* invalid argument from the caller */
	THIDUA_ECANCELLED = -11 /* the progress callback asked to stop: nothing
	                           was written, earlier outputs are as they were */
};

typedef enum { THIDUA_LANG_VI = 0, THIDUA_LANG_EN = 1 } thidua_lang;

typedef struct thidua_error {
	int code;
	const char *message_vi; /* Vietnamese, UTF-8 */
	const char *message_en; /* English */
} thidua_error;

/* The last error of the calling thread, or NULL. Borrowed: valid until the
 * next thidua call on this thread. */
const thidua_error *thidua_error_last(void);
void thidua_error_clear(void);

/* ---- diagnostics --------------------------------------------------------- */

typedef enum { THIDUA_SEV_ERROR = 0, THIDUA_SEV_WARNING = 1 } thidua_severity;

/* One problem found in user input. All strings are UTF-8 and borrowed from
 * the list; any of file, where, tag and snippet may be NULL. */
typedef struct thidua_diag {
	thidua_severity severity;
	const char *code;       /* stable id, e.g. "tmpl.unclosed-block" */
	const char *file;       /* the input file it concerns */
	const char *where;      /* "Đơn vị!C5", "đoạn 12", "dòng 40" */
	const char *tag;        /* the template tag as written, if any */
	const char *snippet;    /* surrounding text, if any */
	const char *message_vi;
	const char *message_en;
} thidua_diag;

typedef struct thidua_diags thidua_diags;

/* A new, empty list; NULL when out of memory. Free with thidua_diags_free. */
thidua_diags *thidua_diags_new(void);
void thidua_diags_free(thidua_diags *diags);
size_t thidua_diags_count(const thidua_diags *diags);
size_t thidua_diags_error_count(const thidua_diags *diags);
/* Borrowed; NULL when i is out of range. */
const thidua_diag *thidua_diags_get(const thidua_diags *diags, size_t i);
/* Render as text lines in one language, or as a JSON array. *out is owned
 * by the caller (free()). */
int thidua_diags_to_text(char **out, const thidua_diags *diags, thidua_lang lang);
int thidua_diags_to_json(char **out, const thidua_diags *diags);

/* ---- cluster data ------------------------------------------------------- */

typedef struct thidua_cluster thidua_cluster;

/* Load and validate cluster data from a Calc workbook (.ods, .fods) or the
 * XML format (.xml). Problems go to diags (which may be NULL); when any is an
 * error the call fails with THIDUA_EDATA and *out is NULL. */
int thidua_cluster_load(thidua_cluster **out, const char *path, thidua_diags *diags);
/* Flags for thidua_cluster_load_ex. */
#define THIDUA_LOAD_NORMALIZE 1u /* accept decomposed (NFD) text: normalise it to
                                    NFC with a warning instead of an error */
/* thidua_cluster_load with flags (0 = strict, as thidua_cluster_load). */
int thidua_cluster_load_ex(thidua_cluster **out, const char *path, unsigned flags,
                           thidua_diags *diags);
void thidua_cluster_free(thidua_cluster *cluster);
/* Borrowed getters. */
const char *thidua_cluster_name(const thidua_cluster *cluster);
int thidua_cluster_year(const thidua_cluster *cluster);
size_t thidua_cluster_unit_count(const thidua_cluster *cluster);

/* ---- templates --------------------------------------------------------- */

typedef struct thidua_template thidua_template;

/* Parse and compile a template (.ott/.odt/.fodt/.ots/.ods/.fods) once; it
 * can then be filled many times, from several threads at once. Template
 * errors go to diags; on any error the call fails with THIDUA_ETEMPLATE. */
int thidua_template_open(thidua_template **out, const char *path, thidua_diags *diags);
void thidua_template_free(thidua_template *tmpl);

/* Progress of a long call (thidua_generate_sheets, thidua_tally_run):
 * called before step n of total (n from 1), with what the step works on
 * (a unit's or scoring body's name, a returned file's path; borrowed, may
 * be NULL). Return 0 to go on, non-zero to stop: the call then fails with
 * THIDUA_ECANCELLED, writes nothing and leaves earlier outputs as they
 * were. Called on the calling thread. */
typedef int (*thidua_progress_fn)(void *data, size_t n, size_t total, const char *what);

/* The file format of the scoring sheets. */
typedef enum thidua_sheet_format {
	THIDUA_SHEET_ODS = 0,     /* OpenDocument spreadsheet (.ods) */
	THIDUA_SHEET_XLSX = 1     /* Office Open XML (.xlsx), for Microsoft Excel */
} thidua_sheet_format;

/* Version 2 added progress and progress_data, version 3 sheet_format;
 * callers built against versions 1 and 2 are still accepted. */
#define THIDUA_FILL_OPTIONS_VERSION 3
typedef struct thidua_fill_options {
	unsigned int version;
	int overwrite;            /* replace an existing output file */
	const char *template_dir; /* where the bundled templates are (an
	                             installed extension's folder); NULL means
	                             thidua_template_dir(). Borrowed. */
	/* Since version 2: */
	thidua_progress_fn progress; /* NULL: none (thidua_generate_sheets: one
	                                step per sheet) */
	void *progress_data;         /* passed to progress */
	/* Since version 3: */
	int sheet_format;            /* thidua_generate_sheets: a thidua_sheet_format */
} thidua_fill_options;
#define THIDUA_FILL_OPTIONS_INIT { THIDUA_FILL_OPTIONS_VERSION, 0, NULL, NULL, NULL, THIDUA_SHEET_ODS }

/* Fill the template with the cluster's data and write out_path atomically
 * (temporary file + rename). Evaluation errors go to diags; on error no
 * output file is left behind. opts may be NULL. */
int thidua_template_fill(const thidua_template *tmpl, const thidua_cluster *cluster,
                         const char *out_path, const thidua_fill_options *opts,
                         thidua_diags *diags);

/* The default templates bundled with thidua: the directory they are read
 * from when the options name none (THIDUA_TEMPLATE_DIR, else the
 * compiled-in one). Borrowed. */
const char *thidua_template_dir(void);

/* ---- the year's documents -------------------------------------------- */

/* Generate the emulation agreement (Bản giao ước thi đua) of a cluster into
 * directory out_dir as "ban-giao-uoc-thi-dua-<year>.odt" (".ods" when the
 * template is a spreadsheet). template_path NULL
 * means the bundled default (agreement.fodt in opts->template_dir or
 * thidua_template_dir()).
 * *out_path (may be NULL) receives the written file's path, owned by the
 * caller (free()). */
int thidua_generate_agreement(char **out_path, const thidua_cluster *cluster,
                              const char *template_path, const char *out_dir,
                              const thidua_fill_options *opts, thidua_diags *diags);

/* ---- lists of written files ----------------------------------------- */

typedef struct thidua_paths {
	char **paths;  /* owned; each free()d by thidua_paths_free */
	size_t count;
} thidua_paths;
#define THIDUA_PATHS_INIT { NULL, 0 }
void thidua_paths_free(thidua_paths *paths);

/* ---- scoring sheets (Bảng tự chấm điểm) ------------------------------- */

/* One self-scoring sheet per unit, in protocol order, into out_dir as
 * "bang-tu-cham-diem-<year>-<unit code>.ods", then one per scoring body
 * that scores criteria (Đơn vị chấm), "bang-cham-diem-<year>-<body
 * code>.ods", with a table per unit. template_path NULL means the
 * bundled default (scoring-sheet.fods). The sheets are written as hidden
 * temporary files beside their names and renamed when all are written: on
 * an error or a cancel (opts->progress) nothing is written and sheets of an
 * earlier run are left as they were. out receives the written paths.
 *
 * The verification column (Kết quả thẩm định) of every unit's sheet is
 * locked by a sheet-protection password that only the head gets: the file
 * thidua_sheets_password_path() names, written with the sheets (not listed
 * in out). A password file already in out_dir from an earlier run is kept
 * and its password used again, so sheets sent out before stay unlockable. */
int thidua_generate_sheets(thidua_paths *out, const thidua_cluster *cluster,
                           const char *template_path, const char *out_dir,
                           const thidua_fill_options *opts, thidua_diags *diags);

/* The head's password file of thidua_generate_sheets in out_dir:
 * "<out_dir>/mat-khau-tham-dinh-<year>.txt". Owned by the caller (free());
 * NULL when out of memory or an argument is missing. */
char *thidua_sheets_password_path(const thidua_cluster *cluster, const char *out_dir);

/* ---- tally (tổng hợp kết quả) ----------------------------------------- */

typedef struct thidua_tally thidua_tally;

/* Version 2 adds progress and progress_data; version 1 is still accepted. */
#define THIDUA_TALLY_OPTIONS_VERSION 2
typedef struct thidua_tally_options {
	unsigned int version;
	int allow_incomplete;   /* give results despite errors, marked provisional */
	/* Since version 2: */
	thidua_progress_fn progress; /* NULL: none; one step per returned file
	                                read (the files in the folders given
	                                counted first) */
	void *progress_data;
} thidua_tally_options;
#define THIDUA_TALLY_OPTIONS_INIT { THIDUA_TALLY_OPTIONS_VERSION, 0, NULL, NULL }

/* One unit's result. Points are hundredths (98,75 -> 9875). Borrowed. */
typedef struct thidua_unit_result {
	const char *code;
	const char *name;
	int has_sheet;
	int64_t base;           /* points of the base sections (final scores) */
	int64_t bonus;          /* after caps */
	int64_t deduction;      /* positive number subtracted */
	int64_t self_total;     /* as the unit scored itself */
	int has_cluster_total;  /* the cluster entered at least one score */
	int64_t cluster_total;  /* as verified by the cluster (-1 when none; a
	                           real total may be negative: see the flag) */
	int64_t final_total;
	int rank;               /* 1-based; equal ranks when a tie is left to a vote */
	int tie_by_vote;        /* the tie-break list ended in a vote */
	int disqualified;       /* a disqualifying deduction */
	const char *award;      /* proposed award, or NULL */
	/* Since THIDUA_TALLY_RESULT_VERSION 2: */
	const char *group;      /* Nhóm: units of a group are ranked and awarded
	                           apart (rank is within the group); NULL when the
	                           unit has none */
	const char *band;       /* Xếp loại (classification), or NULL: no results,
	                           or the cluster has no bands */
	int unscored;           /* its sheet came back blank ("chưa chấm"): no
	                           results, no rank, no band, no award */
	const char *barred_from;/* the awards a disqualifier (a deduction, a
	                           condition answered Có) bars it from, joined by
	                           "; ", or NULL */
} thidua_unit_result;

/* The fields of thidua_unit_result present in this header: 2 adds group,
 * band, unscored and barred_from (appended; older fields unchanged), and
 * thidua_tally_criterion. */
#define THIDUA_TALLY_RESULT_VERSION 2

/* Who gave the final score of a criterion: the precedence is a scoring body
 * (Đơn vị chấm) of the criterion, then the head's verification (Cụm / Khối
 * thẩm định), then the unit's own score (cross-scoring: the mean). */
typedef enum {
	THIDUA_SCORED_NONE = 0, /* nobody: the row takes no entry, or no value */
	THIDUA_SCORED_SELF = 1,
	THIDUA_SCORED_HEAD = 2,
	THIDUA_SCORED_BODY = 3
} thidua_scored_by;

/* One criterion of one unit. Points in hundredths; strings borrowed from
 * the tally. */
typedef struct thidua_criterion_result {
	const char *code;       /* "II.1.1" */
	const char *text;       /* may be NULL */
	int has_score;          /* the unit has results */
	int64_t self;           /* its own (cross-scoring: the mean), after rules */
	int has_cluster;        /* the cluster verified it (a node: a row below) */
	int64_t cluster;        /* the cluster's column (0 when empty) */
	int64_t final;          /* the final score (a node: its subtotal) */
	thidua_scored_by source;
	const char *scored_by;  /* "Đơn vị" ("Chấm chéo"), "Cụm" / "Khối", or the
	                           body's name; NULL for THIDUA_SCORED_NONE */
} thidua_criterion_result;

/* Read the returned sheets (files, or folders whose .ods/.fods/.xlsx files
 * are read), check them against the cluster, and compute the results.
 * Every problem goes to diags with file, sheet and cell. When any problem
 * is an error, fails with THIDUA_EDATA unless opts->allow_incomplete, in
 * which case the result is marked provisional. */
int thidua_tally_run(thidua_tally **out, const thidua_cluster *cluster,
                     const char *const *inputs, size_t n_inputs,
                     const thidua_tally_options *opts, thidua_diags *diags);
void thidua_tally_free(thidua_tally *tally);
int thidua_tally_provisional(const thidua_tally *tally);
size_t thidua_tally_count(const thidua_tally *tally);
/* Group by group (in order of first appearance), in rank order within
 * each; then the units with no results. */
const thidua_unit_result *thidua_tally_result(const thidua_tally *tally, size_t i);
/* The classification bands (Xếp loại) of the cluster, best first; the name
 * is borrowed, NULL when i is out of range. */
size_t thidua_tally_band_count(const thidua_tally *tally);
const char *thidua_tally_band(const thidua_tally *tally, size_t i);
/* The criteria of the tally, in sheet order. */
size_t thidua_tally_criterion_count(const thidua_tally *tally);
/* Criterion k of unit i (i as in thidua_tally_result). 0, or THIDUA_EINVAL
 * when an index is out of range. */
int thidua_tally_criterion(thidua_criterion_result *out, const thidua_tally *tally, size_t i,
                           size_t k);
/* Write the summary (bang-tong-hop-ket-qua-<year>.ods: results, a sheet per
 * criterion, problems) and the report (bao-cao-ket-qua-<year>.odt) into
 * out_dir. */
int thidua_tally_write(thidua_paths *out, const thidua_tally *tally, const char *out_dir,
                       const thidua_fill_options *opts, const thidua_diags *diags);
/* The results as JSON; *out owned by the caller (free()). */
int thidua_tally_to_json(char **out, const thidua_tally *tally);

#ifdef __cplusplus
}
#endif
#endif
