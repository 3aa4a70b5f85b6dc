/* sheets_int.h - what the parts of the sheet writer share (internal to
 * src/sheets): the template's parts (sheet_tpl.c), the generation state,
 * cell primitives (sheet_cells.c), validations (sheet_valid.c), the rows
 * of the criteria and totals with their formulas (sheet_rows.c), the
 * header block and signatures (sheet_head.c); sheet_write.c puts a file
 * together. Layout contract: form/form.h. */
#ifndef TD_SHEETS_INT_H
#define TD_SHEETS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "form/form.h"
#include "odf/package.h"
#include "util/buf.h"

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define MT_ODS "application/vnd.oasis.opendocument.spreadsheet"

/* Common cell styles (office:styles of the template) the sheet uses. */
enum {
	S_BODY, S_UNIT, S_NATION, S_MOTTO, S_TITLE, S_SUBTITLE, S_HINT, S_COLHEAD,
	S_SECTT, S_SECTEXT, S_SECNUM, S_SECCAP, S_TT, S_TEXT, S_NUM, S_CAP,
	S_SCORE, S_NOTE, S_TOTTEXT, S_TOTNUM, S_TOTCAP, S_GRANDTEXT, S_GRANDNUM,
	S_DATE, S_SIGN, S_SIGNHINT, S_CODE, S_COUNT
};
extern const char *const td_sheet_style_names[S_COUNT];

/* The automatic cell style of the verification entry cells (Kết quả thẩm
 * định): TdScore's look, cell protected, so that only the head, who knows
 * the sheet's password, types there (tpl_open adds it to the template's
 * automatic styles). */
#define TD_VERIFY_STYLE "TdVerifyLocked"
/* The automatic cell style of the rule under the issuing body (Nghị định
 * 30: 1/3 to 1/2 of the name's line): underlined no-break spaces at
 * TD_RULE_PT (td_rule_spaces), the name being TD_NAME_PT bold. */
#define TD_RULE_STYLE "TdIssuerRule"
#define TD_RULE_PT 700
#define TD_NAME_PT 1200

/* The namespaces content.xml declares; a template may add others. */
extern const char *const td_sheet_ns[][2];
extern const size_t td_sheet_n_ns;

/* What the template gives. Everything owned (tpl_clear). */
typedef struct tpl {
	td_pkg *pkg;
	td_buf ns;               /* extra xmlns declarations for content.xml */
	td_buf decls;            /* font-face-decls + automatic-styles, serialized */
	char *table_style;       /* table:style-name of the sample table, or NULL */
	char *col_style[TD_NCOLS];
	char *col_default[TD_NCOLS];
	int64_t name_width;      /* columns A and B (the issuing body's), hundredths of a cm */
} tpl;

/* sheet_tpl.c: open and check a template (problems to diags, located). */
int tpl_open(tpl *t, const char *path, thidua_diags *diags);
void tpl_clear(tpl *t);

/* Generation state of one file. */
typedef struct gen {
	const thidua_cluster *c;
	const tpl *t;
	td_crit_info *info;      /* one per criterion (owned) */
	unsigned char *has_item, *has_bon, *has_ded; /* per row: what it can add
	                            to its parent (sheet_rows.c; owned) */
	int64_t step;            /* hundredths */
	td_buf body;             /* the tables */
	td_buf vals;             /* table:content-validation elements */
	unsigned nval;           /* validations written so far (all tables) */
	/* current table */
	size_t unit;             /* the scored unit */
	const td_unit *scorer;   /* cross-scoring: the scoring unit, or NULL */
	size_t body_ix;          /* a scoring body's table: its body; SIZE_MAX */
	int pc[TD_NCOLS];        /* physical column of each TD_COL_*, -1 absent */
	unsigned nvis;           /* visible columns (the code column follows) */
	char *qname;             /* the table name quoted for references: 'Name' */
	uint32_t *crow;          /* 0-based row of each criterion (UINT32_MAX: none) */
	char **sigs;             /* validations of this table: signature ... */
	unsigned *sigval;        /* ... and number */
	size_t nsig, capsig;
	const size_t *tgt_start;  /* borrowed, or NULL: the targets given of unit
	                            u are targets_given[tgt_idx[tgt_start[u]
	                            .. tgt_start[u + 1]]] */
	const size_t *tgt_idx;
	struct td_sheet_cache *cache; /* borrowed, or NULL */
	int one_table;           /* the file has this table alone */
	char *const *sig_cache;  /* borrowed: each criterion's rule signature
	                            (valid_signature), computed once for every
	                            file of a call; NULL, or NULL items: make it */
	size_t *cuts;            /* offsets in body where a piece of content.xml
	                            ends (owned) */
	size_t ncuts, capcuts;
	size_t *ends;            /* the pieces' ends in content.xml (owned) */
	size_t nends;
	int rc;                  /* first failure (sticky), besides buffer OOM */
	const char *prot_key;    /* table:protection-key (base64 SHA-256), or
	                            NULL: protected without a password (borrowed) */
} gen;

/* Rows of one table (0-based). */
typedef struct layout {
	uint32_t title, unit, hint, header, first, base, bonus, deduct, total, sign, last;
	int cross, body, totals;
} layout;

void gen_fail(gen *g, int rc);

/* sheet_cells.c */
void put_paras(td_buf *b, const char *s);
void put_uint(td_buf *b, uint64_t v);
void put_decimal(td_buf *b, int64_t h);
void put_number_text(gen *g, td_buf *b, int64_t h);
void put_ref(td_buf *b, int col, uint32_t row);
void put_sum(td_buf *b, int col, const uint32_t *rows, size_t n);
void cell_text(gen *g, int style, const char *text, unsigned span);
void cell_text_note(gen *g, int style, const char *text, const char *note);
void cell_number(gen *g, int style, int64_t h);
void cell_formula(gen *g, int style, const char *formula, int64_t cached);
void cell_empty(gen *g, int style);
void cell_code(gen *g, const char *key);
void row_open(gen *g);
void row_close(gen *g);
void empty_rows(gen *g, unsigned n);

/* sheet_valid.c: the entry cell of row i in logical column col (an _IN
 * column), with its validation. */
void cell_entry(gen *g, size_t i, int col);
void valid_reset(gen *g);
/* The signature of row i's validity rule (the same in every table and
 * file of a cluster); owned by the caller (td_free), NULL when out of
 * memory. */
char *valid_signature(gen *g, size_t i);

/* sheet_rows.c */
void rows_prepare(gen *g);
int row_in_table(const gen *g, size_t i);
void criterion_row(gen *g, size_t i);
void total_row(gen *g, const layout *L, td_crit_kind cls);
/* The unit's target of criterion crit in hundredths, or 0 when none. */
int64_t unit_target(const gen *g, size_t unit, size_t crit);

/* sheet_xlsx.c: write the tables of a generated content.xml as an .xlsx;
 * the page setup comes from the template's styles.xml. pkg_flags as for
 * td_pkg_writer_open (TD_PKG_PLAIN is added). prot_hash: the attributes of
 * sheetProtection that carry the password (algorithmName, hashValue,
 * saltValue, spinCount, each with a leading space), or NULL for none. */
int td_sheet_xlsx_write(const char *content, size_t len, const td_pkg *tpl_pkg,
                        const char *out_path, unsigned pkg_flags, const char *prot_hash);

/* sheet_head.c */
void header_block(gen *g, const layout *L, const char *identity);
void column_header(gen *g);
void signatures(gen *g, const layout *L);
char *gen_upper(gen *g, const char *s);

#endif
