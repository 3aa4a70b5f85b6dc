/* expr.h - template expressions: `don_vi | length`, `u.ten | upper`,
 * `loop.index > 1 and not u.truong`, `cum.ngay_ky | date`, `x ~ " "`.
 *
 * Grammar (lowest precedence first):
 *   expr    := or
 *   or      := and ("or" and)*
 *   and     := not ("and" not)*
 *   not     := "not" not | cmp
 *   cmp     := concat (("=="|"!="|"<"|"<="|">"|">="|"in") concat)?
 *   concat  := filtered ("~" filtered)*
 *   filtered:= sum ("|" filter)*                     -- see below
 *   sum     := prod (("+"|"-") prod)*
 *   prod    := unary (("*"|"/"|"%") unary)*         (exact, on hundredths)
 *   unary   := "-" unary | postfix
 *   postfix := primary ("." name | "[" expr "]")*
 *   filter  := name ("(" expr ("," expr)* ")")?
 *   primary := number | string | "true" | "false" | "none" | name
 *              | "(" expr ")" | "[" (expr ("," expr)*)? "]"
 * Filters bind looser than arithmetic: `a + b | number(2)` formats the sum;
 * arithmetic may go on after a filter: `ds | length + 1` is (ds | length) + 1.
 * Strings take '...' or "..." with \\ \" \' \n escapes. Numbers: 12, 2.5.
 * Names: letters (any Unicode letter), digits, '_'.
 *
 * A compiled expression is immutable and may be evaluated from several
 * threads at once. */
#ifndef TD_EXPR_H
#define TD_EXPR_H

#include <stddef.h>

#include "tmpl/value.h"
#include "util/buf.h"

typedef struct td_expr td_expr;

/* What went wrong, in both languages; pos is a byte offset into the source
 * expression (or -1). */
typedef struct td_expr_error {
	int pos;
	char code[48];      /* "expr.syntax", "expr.unknown-filter", "expr.undefined" ... */
	char msg_vi[320];
	char msg_en[320];
} td_expr_error;

/* Compile src[0..len). Unknown filter names and wrong filter arities are
 * compile errors. On failure returns THIDUA_ETEMPLATE (or THIDUA_ENOMEM) and
 * fills *err. Caller owns *out (td_expr_free). */
int td_expr_parse(td_expr **out, const char *src, size_t len, td_expr_error *err);
void td_expr_free(td_expr *e);
/* The source text as given (borrowed). */
const char *td_expr_source(const td_expr *e);

/* Variable bindings: a chain of frames on the caller's stack. A name is
 * looked up from the innermost frame out; `root`, when set on a frame, is a
 * map whose keys are also visible as names. */
typedef struct td_scope {
	const struct td_scope *parent;
	const char *name;      /* may be NULL for a root-only frame */
	td_value *value;       /* borrowed */
	td_value *root;        /* borrowed map, or NULL */
} td_scope;

/* Evaluate. An undefined name or attribute is an error (expr.undefined),
 * except under the `default` filter and in a truth test of `if` (where
 * td_expr_eval_truth treats it as false). *out is owned by the caller. */
int td_expr_eval(td_value **out, const td_expr *e, const td_scope *scope, td_expr_error *err);
/* Evaluate for `if`: undefined -> false, no error. */
int td_expr_eval_truth(int *truth, const td_expr *e, const td_scope *scope, td_expr_error *err);

/* Text of a value as it appears in a document: strings as they are,
 * numbers like "98,5" (Vietnamese), dates "15/02/2017", booleans "có" /
 * "không", null as "", lists joined by ", ". */
int td_value_to_text(td_buf *out, const td_value *v);

#endif
