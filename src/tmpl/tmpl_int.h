/* tmpl_int.h - internals of the template engine shared by its phases:
 * scan (find tags in the logical text of paragraphs and repair them),
 * blocks (match for/if and settle their scope), render (write the filled
 * XML). A compiled part is the template's own libxml2 tree in which tags
 * have become marker elements in the private TD_NS namespace:
 *
 *   <td:value>    an expression to print; info: td_tag
 *   <td:stmt>     a statement tag, only until blocks.c has consumed it
 *   <td:block>    a for/if, whose <td:seg> children are the branches
 *
 * After compilation the tree is only read, so one template can be filled
 * from several threads at once. */
#ifndef TD_TMPL_INT_H
#define TD_TMPL_INT_H

#include <stddef.h>
#include <libxml/tree.h>

#include "odf/package.h"
#include "thidua.h"
#include "tmpl/expr.h"
#include "util/buf.h"

#define TD_NS "urn:thidua:template-internal"

/* Blocks nest at most this deep (blocks.c). */
#define TD_MAX_NESTING 64

#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_CALCEXT "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"

typedef enum {
	TD_STMT_FOR, TD_STMT_ENDFOR, TD_STMT_IF, TD_STMT_ELIF, TD_STMT_ELSE, TD_STMT_ENDIF
} td_stmt_kind;

typedef enum {
	TD_SCOPE_AUTO = 0, TD_SCOPE_P, TD_SCOPE_LI, TD_SCOPE_ROW, TD_SCOPE_SECTION, TD_SCOPE_CELL
} td_scope_kind;

/* One tag as found in the template (value or statement). */
typedef struct td_tag {
	int is_stmt;
	td_stmt_kind kind;
	td_scope_kind scope;
	char *text;        /* the tag as written, normalised (for messages) */
	char *where;       /* "đoạn 12 (paragraph 12)" / "Bảng1!B3" */
	char *snippet;     /* the paragraph's text around the tag */
	char *var;         /* for: loop variable */
	td_expr *expr;     /* value, for, if, elif: the expression */
	int cell_typed;    /* ODS: the tag is the whole content of a cell */
} td_tag;

/* A for/if block. */
typedef struct td_block {
	td_stmt_kind kind;       /* TD_STMT_FOR or TD_STMT_IF */
	td_tag **branches;       /* for: 1; if: if, elif..., else (expr NULL) */
	size_t n_branches;
	td_tag *closer;
	int uses_loop;           /* for: a tag of its body may read `loop`
	                            (td_blocks_mark_loop_use); else the
	                            turns go without it */
} td_block;

/* Spreadsheets: the template row a table:table-row element is (its first
 * row when repeated), kept in the row element's _private. */
typedef struct td_rowinfo {
	uint32_t trow;
} td_rowinfo;

/* Output rows of one template row, of one table, of a document. */
typedef struct td_rowvec {
	uint32_t *out;
	uint32_t *turn;    /* the loop turn each was written in (0: none) */
	size_t n, cap;
} td_rowvec;

typedef struct td_tablemap {
	char *name;
	td_rowvec *rows;   /* indexed by template row */
	size_t n_rows;
} td_tablemap;

typedef struct td_rowmap td_rowmap;

td_rowmap *td_rowmap_new(void);
void td_rowmap_free(td_rowmap *m);
/* The map of a table by name; create: add it when absent (NULL on OOM). */
td_tablemap *td_rowmap_table(td_rowmap *m, const char *name, int create);
int td_rowmap_add(td_tablemap *t, uint32_t trow, uint32_t out, uint32_t turn);

/* Where the formula being rewritten sits. */
typedef struct td_refctx {
	const char *table;   /* current table name */
	uint32_t trow;       /* template row of the cell */
	uint32_t out_row;    /* output row of the cell */
	const uint32_t *turns; /* the loop turns the cell is written in, outermost first */
	size_t n_turns;
} td_refctx;

/* Append formula f with its row references moved to the output rows. */
void td_rewrite_formula(td_buf *b, td_rowmap *m, const td_refctx *ctx, const char *f);
/* The same for a table:cell-range-address value (no brackets). */
void td_rewrite_range_address(td_buf *b, td_rowmap *m, const td_refctx *ctx, const char *a);

/* Per-part compile context. */
typedef struct td_compile {
	const char *file;        /* template path, for diags */
	const char *part;        /* "content.xml" / "styles.xml" */
	int is_sheet;            /* spreadsheet document */
	thidua_diags *diags;
	/* every td_tag / td_block allocated, freed with the template */
	void ***owned;
	size_t *n_owned, *cap_owned;
	int paragraph_no;        /* running paragraph counter (1-based) */
	int failed;              /* an error was reported */
	xmlNsPtr td_ns;          /* the private namespace */
} td_compile;

/* Remember a pointer to free with the template: kind 't' (td_tag, freed
 * with td_tag_free), 'b' (td_block), or 'p' (plain, td_free). Returns 0 or
 * -1 (OOM). */
int td_compile_own(td_compile *cc, void *p, char kind);

int td_is_marker(const xmlNode *n, const char *name);
int td_node_is(const xmlNode *n, const char *ns, const char *name);

/* scan.c: find every tag in the paragraphs under root, repair tags split
 * across spans, and replace each by a <td:value>/<td:stmt> element. */
int td_scan_part(td_compile *cc, xmlNodePtr root);

/* stmt.c: parse the inside of a `{% ... %}` tag into t (kind, scope, var,
 * expr). Reports problems to cc. */
int td_stmt_parse(td_compile *cc, td_tag *t, const char *inner, size_t len);
/* Compile an expression for a tag; reports problems to cc. */
int td_tag_compile_expr(td_compile *cc, td_tag *t, const char *src, size_t len);
void td_tag_free(td_tag *t);
/* Report a template problem about tag t (or a paragraph: t NULL). */
void td_compile_error(td_compile *cc, const td_tag *t, const char *code,
                      const char *fmt_vi, const char *fmt_en, ...);

/* blocks.c: match statements and wrap their scope into <td:block>. */
int td_blocks_build(td_compile *cc, xmlNodePtr root);
/* After td_blocks_build: notes which loops' bodies have a tag that
 * mentions `loop` at all (a conservative test on the tags' text), so that
 * only those make the loop's map (index, first, last...) every turn. */
void td_blocks_mark_loop_use(xmlNodePtr root);

/* ods.c: spreadsheet-specific preparation before scanning (expand repeated
 * cells that hold tags) and marking of typed cells after it. */
int td_ods_prepare(td_compile *cc, xmlNodePtr root);
int td_ods_mark_typed(td_compile *cc, xmlNodePtr root);
/* Number the template rows of every table (td_rowinfo on each row) and say
 * whether the part has formulas or named ranges to rewrite (1) or not (0);
 * -1 when out of memory. */
int td_ods_index_rows(td_compile *cc, xmlNodePtr root);

/* Where a rendered part's large static subtrees are (td_render.pieces):
 * ends[k] the end of piece k in the output, pre[k] its deflated form or
 * NULL; owned by the caller (td_pieces_clear). */
typedef struct td_pieces {
	size_t *ends;
	const td_zpiece **pre;
	size_t n, cap;
	int oom;
} td_pieces;
void td_pieces_clear(td_pieces *p);

/* render.c: write the filled part as XML text. */
typedef struct td_render {
	const char *file;
	const char *part;
	thidua_diags *diags;
	int failed;
	int is_sheet;
	/* spreadsheets with formulas: pass 1 records the row map, pass 2
	 * rewrites references with it */
	td_rowmap *map;
	int pass;
	td_tablemap *table;      /* pass 1: the table being written */
	const char *table_name;
	uint32_t out_row;        /* next output row of the current table */
	uint32_t cur_trow, cur_orow; /* the row being written */
	/* loop turns being written, outermost first: each turn of each loop
	 * has its own number, the same in both passes */
	uint32_t turns[TD_MAX_NESTING];
	size_t n_turns;
	uint32_t turn_counter;
	/* A large part is not held whole: once a loop has written a megabyte,
	 * pass 2 hands the text to sink (which deflates it) and pass 1 drops
	 * it. sink may be NULL (everything stays in the output buffer); it
	 * takes the text, leaving the buffer empty (its memory may have been
	 * swapped for other room), and returns 0 or a negative THIDUA_E* code,
	 * which stops the render. */
	int (*sink)(void *ctx, td_buf *text);
	void *sink_ctx;
	size_t flushed;          /* bytes of this pass handed on or dropped */
	td_pieces *pieces;       /* NULL, or where to note the static pieces */
} td_render;

/* The budget of one part's rendering (each pass), whatever the template:
 * the bytes written, each loop turn counted as TD_RENDER_TURN_COST more
 * (turns that write little still cost time: seven loops nested over ten
 * units are ten million turns). The budget is TD_RENDER_MAX_OUTPUT, or
 * TD_RENDER_PER_VALUE for each value of the data when that is more: what
 * a template may write grows with its data, so a province's summary
 * (10,000 units x 95 criteria, 350 MB of XML streamed to the writer a
 * megabyte at a time) is never refused for its size, while loops nested
 * over little data are stopped early. A spent budget is reported located
 * at the loop (tag and paragraph) and the part fails with THIDUA_ELIMIT. */
#define TD_RENDER_MAX_OUTPUT ((uint64_t)384 << 20)
#define TD_RENDER_TURN_COST 128u
#define TD_RENDER_PER_VALUE 256u

int td_render_part(td_render *rc, td_buf *out, xmlDocPtr doc, const td_scope *scope);

/* Text documents: each largest subtree without a tag is written once, when
 * the template is compiled, and kept on its element's _private (owned by
 * cc's template); a fill then copies the text. 0, or -1 when out of
 * memory. */
typedef struct td_static {
	size_t len;
	long rows;             /* table rows it adds to the table around it */
	td_zpiece z;           /* a large one deflated too (z.z into this
	                          block), else z.z NULL */
	char text[];           /* len bytes and a NUL (then z's bytes) */
} td_static;


int td_render_fix_static(td_compile *cc, xmlNodePtr root);

/* Logical text helpers (scan.c): the text of an element as a reader sees it
 * (spans flattened, text:s as spaces), appended to out. */
void td_logical_text(td_buf *out, const xmlNode *n);

#endif
