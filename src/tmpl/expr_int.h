/* expr_int.h - internals of the template expression language shared by the
 * lexer, parser, evaluator and filters (not part of any public API).
 *
 * Grammar as implemented (filters sit between `~` and arithmetic, so that
 * `a + b | number(2)` formats the sum and `"Tổng: " ~ x | number` formats x):
 *   or      := and ("or" and)*
 *   and     := not ("and" not)*
 *   not     := "not" not | cmp
 *   cmp     := concat (("=="|"!="|"<"|"<="|">"|">="|"in") concat)?
 *   concat  := filtered ("~" filtered)*
 *   filtered:= sum ("|" filter)* (arith-op sum-rest ("|" filter)*)*
 *   sum     := prod (("+"|"-") prod)*
 *   prod    := unary (("*"|"/"|"%") unary)*
 *   unary   := "-" unary | postfix
 *   postfix := primary ("." name | "[" expr "]")*
 *
 * Chains (`a or b or c`, `a + b - c`, `x.y[0].z`, `x | f | g`) are n-ary
 * nodes, so the depth of the tree is the nesting depth of the source, which
 * the parser bounds by TD_EXPR_MAX_DEPTH; the evaluator recurses over that
 * tree only. */
#ifndef TD_EXPR_INT_H
#define TD_EXPR_INT_H

#include <stddef.h>
#include <stdint.h>

#include "thidua.h"
#include "util/compat.h"
#include "tmpl/expr.h"
#include "tmpl/value.h"

#define TD_EXPR_MAX_DEPTH 64
#define TD_EXPR_MAX_LEN 4096
#define TD_EXPR_MAX_STR 4096
#define TD_EXPR_MAX_BATCH 100

/* ---- tokens ------------------------------------------------------------- */

typedef enum {
	TK_EOF, TK_NUM, TK_STR, TK_NAME,
	TK_LPAREN, TK_RPAREN, TK_LBRACK, TK_RBRACK, TK_COMMA, TK_DOT, TK_PIPE,
	TK_TILDE, TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH, TK_PERCENT,
	TK_EQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE,
	TK_AND, TK_OR, TK_NOT, TK_IN, TK_TRUE, TK_FALSE, TK_NONE
} td_tok_kind;

typedef struct td_tok {
	td_tok_kind kind;
	size_t start, end;   /* byte offsets into the source */
	int64_t num;         /* TK_NUM: hundredths */
} td_tok;

/* Scan the token that starts at or after pos (white space skipped).
 * Returns 0, or THIDUA_ETEMPLATE with *err filled (bad character, unclosed
 * string, bad number). */
int td_lex_next(td_tok *tok, const char *src, size_t len, size_t pos, td_expr_error *err);
/* The decoded text of a TK_STR token, td_malloc'd (caller frees); *n gets
 * its length. NULL when out of memory. */
char *td_lex_string(const char *src, const td_tok *tok, size_t *n);

/* ---- tree --------------------------------------------------------------- */

typedef enum {
	N_NUM,      /* num */
	N_STR,      /* str, len */
	N_BOOL,     /* num: 0 or 1 */
	N_NONE,
	N_NAME,     /* str: the name */
	N_LIST,     /* kids: items */
	N_GET,      /* kids[0]: base; kids[1..]: N_ATTR / N_INDEX steps */
	N_ATTR,     /* str: key (a step of N_GET) */
	N_INDEX,    /* kids[0]: index expression (a step of N_GET) */
	N_NEG,      /* kids[0] */
	N_NOT,      /* kids[0] */
	N_ARITH,    /* kids[0] op kids[1] op ...; kids[i]->lop is the op before it */
	N_CONCAT,   /* kids joined with ~ */
	N_FILTERS,  /* kids[0]: input; kids[1..]: N_CALL */
	N_CALL,     /* filter: num = index in the filter table; kids: arguments */
	N_CMP,      /* kids[0] op kids[1]; op = TK_EQ ... TK_IN */
	N_AND,      /* kids */
	N_OR        /* kids */
} td_node_kind;

typedef struct td_node td_node;
struct td_node {
	td_node_kind kind;
	int depth;           /* 1 for a leaf; bounded by TD_EXPR_MAX_DEPTH */
	int op;              /* N_CMP: token kind */
	int lop;             /* in an N_ARITH: the operator before this operand */
	size_t lpos;         /* ... and its position */
	size_t start, end;   /* source span of the node */
	int64_t num;
	char *str;           /* owned */
	const char *key;     /* N_NAME, N_ATTR: str interned (td_v_intern) */
	size_t len;
	td_node **kids;      /* owned */
	size_t n;
};

struct td_expr {
	char *src;           /* owned copy of the source, NUL-terminated */
	size_t len;
	td_node *root;
};

void td_node_free(td_node *n);

/* ---- errors ------------------------------------------------------------- */

/* Fill err (may be NULL) and return THIDUA_ETEMPLATE. The formats take the
 * same arguments. */
int td_expr_fail(td_expr_error *err, size_t pos, const char *code,
                 const char *fmt_vi, const char *fmt_en, ...)
	__attribute__((format(TD_PRINTF_FMT, 4, 6), format(TD_PRINTF_FMT, 5, 6)));
/* Fill err with the out-of-memory error and return THIDUA_ENOMEM. */
int td_expr_oom(td_expr_error *err);
/* Write s[0..n) into dst (size cap) for quoting in a message: cut on a
 * UTF-8 boundary with "…" when too long. Returns dst. */
char *td_expr_quote(char *dst, size_t cap, const char *s, size_t n);

/* ---- numbers ------------------------------------------------------------ */

/* Exact arithmetic on hundredths; return 0, or -1 on overflow (and -2 for
 * division by zero). Products and quotients round half away from zero. */
int td_num_add(int64_t *r, int64_t a, int64_t b);
int td_num_sub(int64_t *r, int64_t a, int64_t b);
int td_num_mul(int64_t *r, int64_t a, int64_t b);
int td_num_div(int64_t *r, int64_t a, int64_t b);
/* a * p / q rounded half away from zero (q > 0). */
int td_num_muldiv(int64_t *r, int64_t a, int64_t p, int64_t q);

/* ---- filters ------------------------------------------------------------ */

#define TD_FILTER_MAX_ARGS 4

/* Where a filter runs: for its error messages. */
typedef struct td_fctx {
	const char *src;     /* expression source */
	size_t pos;          /* position of the filter name */
	const char *name;    /* filter name */
	td_expr_error *err;
} td_fctx;

/* A filter: in is borrowed, args borrowed; *out gets a new reference.
 * Returns 0, THIDUA_ENOMEM or THIDUA_ETEMPLATE (err filled). */
typedef int (*td_filter_fn)(td_value **out, td_value *in, td_value **args, size_t nargs,
                            const td_fctx *fx);

typedef struct td_filter_def {
	const char *name;
	int min_args, max_args;
	td_filter_fn fn;
} td_filter_def;

/* The filter table; index from td_filter_find, or -1. */
int td_filter_find(const char *name, size_t len);
const td_filter_def *td_filter_get(int index);
/* Index of the `default` filter (which also stands in for undefined input). */
int td_filter_default_index(void);
/* Append the filter names near `name` (edit distance, prefix), comma
 * separated, and return how many; when none is near, append all names and
 * return 0. */
int td_filter_suggest(td_buf *out, const char *name, size_t len);

/* Vietnamese name of a value type for messages ("số", "danh sách"). */
const char *td_vtype_vi(td_vtype t);

#endif
