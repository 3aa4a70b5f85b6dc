/* expr_parse.c - the recursive-descent parser of template expressions:
 * source text to an immutable tree (td_expr), with bounded nesting. */
#include "tmpl/expr_int.h"
#include "util/alloc.h"

#include <string.h>

#include <unicode/utf8.h>

typedef struct parser {
	const char *src;
	size_t len;
	td_tok tok;          /* the current token */
	int depth;           /* nested sub-expressions being parsed */
	td_expr_error *err;
} parser;

/* ---- nodes -------------------------------------------------------------- */

void td_node_free(td_node *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->n; i++)
		td_node_free(n->kids[i]);
	td_free(n->kids);
	td_free(n->str);
	td_free(n);
}

static td_node *node_new(td_node_kind kind, size_t start, size_t end)
{
	td_node *n = td_calloc(1, sizeof *n);

	if (n) {
		n->kind = kind;
		n->depth = 1;
		n->start = start;
		n->end = end;
	}
	return n;
}

/* Append kid to n (taking it over, also on failure); n's span and depth
 * grow to cover it. */
static int node_add(parser *p, td_node *n, td_node *kid)
{
	td_node **k;

	if (kid->depth + 1 > TD_EXPR_MAX_DEPTH) {
		td_node_free(kid);
		return td_expr_fail(p->err, n->start, "expr.too-deep",
			"Biểu thức lồng nhau quá %d cấp", "Expression nested more than %d levels deep",
			TD_EXPR_MAX_DEPTH);
	}
	if (n->n == 0 || (n->n >= 2 && (n->n & (n->n - 1)) == 0)) { /* full: grow */
		size_t cap = n->n ? n->n * 2 : 2;
		k = td_realloc(n->kids, cap * sizeof *k);
		if (!k) {
			td_node_free(kid);
			return td_expr_oom(p->err);
		}
		n->kids = k;
	}
	n->kids[n->n++] = kid;
	if (kid->depth + 1 > n->depth)
		n->depth = kid->depth + 1;
	if (kid->start < n->start)
		n->start = kid->start;
	if (kid->end > n->end)
		n->end = kid->end;
	return 0;
}

/* A new n-ary node of the given kind whose first operand is *first; on
 * success *first is the new node. */
static int wrap(parser *p, td_node **first, td_node_kind kind)
{
	td_node *n = node_new(kind, (*first)->start, (*first)->end);
	int rc;

	if (!n)
		return td_expr_oom(p->err);
	rc = node_add(p, n, *first);
	*first = n;
	if (rc < 0)
		return rc;
	return 0;
}

/* ---- tokens ------------------------------------------------------------- */

static int advance(parser *p)
{
	return td_lex_next(&p->tok, p->src, p->len, p->tok.end, p->err);
}

static int unexpected(parser *p)
{
	char q[96];

	if (p->tok.kind == TK_EOF) {
		td_expr_quote(q, sizeof q, p->src, p->len);
		return td_expr_fail(p->err, p->len, "expr.syntax",
			"Biểu thức «%s» còn thiếu phần cuối",
			"Expression «%s» ends too early", q);
	}
	td_expr_quote(q, sizeof q, p->src + p->tok.start, p->tok.end - p->tok.start);
	return td_expr_fail(p->err, p->tok.start, "expr.syntax",
		"Không chờ đợi «%s» ở đây", "Unexpected «%s» here", q);
}

/* Expect the closing token of a bracket opened at open_pos. */
static int expect_close(parser *p, td_tok_kind kind, size_t open_pos)
{
	const char *o = kind == TK_RPAREN ? "(" : "[";

	if (p->tok.kind == kind)
		return advance(p);
	if (p->tok.kind == TK_EOF)
		return td_expr_fail(p->err, open_pos, "expr.unclosed",
			"Dấu «%s» chưa được đóng", "«%s» is not closed", o);
	{
		char q[96];
		const char *c = kind == TK_RPAREN ? ")" : "]";
		td_expr_quote(q, sizeof q, p->src + p->tok.start, p->tok.end - p->tok.start);
		return td_expr_fail(p->err, p->tok.start, "expr.syntax",
			"Chờ «%s» (đóng «%s»), gặp «%s»", "Expected «%s» (closing «%s»), found «%s»",
			c, o, q);
	}
}

/* ---- grammar ------------------------------------------------------------ */

static int parse_or(parser *p, td_node **out);
static int parse_unary(parser *p, td_node **out);

/* One level deeper: a parenthesised, bracketed or argument expression. */
static int parse_nested(parser *p, td_node **out)
{
	int rc;

	if (p->depth >= TD_EXPR_MAX_DEPTH)
		return td_expr_fail(p->err, p->tok.start, "expr.too-deep",
			"Biểu thức lồng nhau quá %d cấp", "Expression nested more than %d levels deep",
			TD_EXPR_MAX_DEPTH);
	p->depth++;
	rc = parse_or(p, out);
	p->depth--;
	return rc;
}

/* The items of a list literal or a filter's arguments: expressions
 * separated by commas, added to n, up to and with the closing token close
 * (its opening at open, for the message when it is missing). */
static int parse_items(parser *p, td_node *n, td_tok_kind close, size_t open)
{
	int rc;

	if (p->tok.kind != close) {
		for (;;) {
			td_node *item = NULL;

			if ((rc = parse_nested(p, &item)) < 0)
				return rc;
			if ((rc = node_add(p, n, item)) < 0)
				return rc;
			if (p->tok.kind != TK_COMMA)
				break;
			if ((rc = advance(p)) < 0)
				return rc;
		}
	}
	n->end = p->tok.end;
	return expect_close(p, close, open);
}

static int parse_list(parser *p, td_node **out)
{
	size_t open = p->tok.start;
	td_node *n = node_new(N_LIST, open, p->tok.end);
	int rc;

	if (!n)
		return td_expr_oom(p->err);
	if ((rc = advance(p)) < 0 || (rc = parse_items(p, n, TK_RBRACK, open)) < 0)
		goto fail;
	*out = n;
	return 0;
fail:
	td_node_free(n);
	return rc;
}

static int parse_primary(parser *p, td_node **out)
{
	td_tok t = p->tok;
	td_node *n = NULL;
	int rc;

	switch (t.kind) {
	case TK_NUM: case TK_TRUE: case TK_FALSE: case TK_NONE:
		n = node_new(t.kind == TK_NUM ? N_NUM : t.kind == TK_NONE ? N_NONE : N_BOOL,
			t.start, t.end);
		if (!n)
			return td_expr_oom(p->err);
		n->num = t.kind == TK_NUM ? t.num : t.kind == TK_TRUE;
		break;
	case TK_STR:
	case TK_NAME:
		n = node_new(t.kind == TK_STR ? N_STR : N_NAME, t.start, t.end);
		if (!n)
			return td_expr_oom(p->err);
		if (t.kind == TK_STR) {
			n->str = td_lex_string(p->src, &t, &n->len);
		} else {
			n->len = t.end - t.start;
			n->str = td_strndup(p->src + t.start, n->len);
			if (n->str && !(n->key = td_v_intern(n->str))) {
				td_free(n->str);
				n->str = NULL;
			}
		}
		if (!n->str) {
			td_node_free(n);
			return td_expr_oom(p->err);
		}
		break;
	case TK_LPAREN:
		if ((rc = advance(p)) < 0)
			return rc;
		if ((rc = parse_nested(p, &n)) < 0)
			return rc;
		n->start = t.start;
		n->end = p->tok.end;
		if ((rc = expect_close(p, TK_RPAREN, t.start)) < 0) {
			td_node_free(n);
			return rc;
		}
		*out = n;
		return 0;
	case TK_LBRACK:
		return parse_list(p, out);
	default:
		return unexpected(p);
	}
	if ((rc = advance(p)) < 0) {
		td_node_free(n);
		return rc;
	}
	*out = n;
	return 0;
}

static int is_word(td_tok_kind k)
{
	return k == TK_NAME || (k >= TK_AND && k <= TK_NONE);
}

static int parse_postfix(parser *p, td_node **out)
{
	td_node *n = NULL, *step;
	int rc;

	if ((rc = parse_primary(p, &n)) < 0)
		return rc;
	while (p->tok.kind == TK_DOT || p->tok.kind == TK_LBRACK) {
		td_tok t = p->tok;

		if (n->kind != N_GET && (rc = wrap(p, &n, N_GET)) < 0)
			goto fail;
		if ((rc = advance(p)) < 0)
			goto fail;
		if (t.kind == TK_DOT) {
			if (!is_word(p->tok.kind)) {
				rc = unexpected(p);
				goto fail;
			}
			step = node_new(N_ATTR, p->tok.start, p->tok.end);
			if (!step) {
				rc = td_expr_oom(p->err);
				goto fail;
			}
			step->len = p->tok.end - p->tok.start;
			step->str = td_strndup(p->src + p->tok.start, step->len);
			if (step->str && !(step->key = td_v_intern(step->str))) {
				td_free(step->str);
				step->str = NULL;
			}
			if (!step->str) {
				td_node_free(step);
				rc = td_expr_oom(p->err);
				goto fail;
			}
			if ((rc = node_add(p, n, step)) < 0)
				goto fail;
			if ((rc = advance(p)) < 0)
				goto fail;
		} else {
			td_node *idx = NULL;

			step = node_new(N_INDEX, t.start, t.end);
			if (!step) {
				rc = td_expr_oom(p->err);
				goto fail;
			}
			if ((rc = parse_nested(p, &idx)) < 0 || (rc = node_add(p, step, idx)) < 0) {
				td_node_free(step);
				goto fail;
			}
			step->start = t.start;
			step->end = p->tok.end;
			if ((rc = node_add(p, n, step)) < 0)
				goto fail;
			if ((rc = expect_close(p, TK_RBRACK, t.start)) < 0)
				goto fail;
		}
	}
	*out = n;
	return 0;
fail:
	td_node_free(n);
	return rc;
}

/* A prefix operator at p->tok (- or not) and its operand, parsed by rule
 * (the operator's own rule, so that `- -x` and `not not x` nest, within the
 * nesting bound): *out is the operand wrapped in a node of kind, or, for a
 * negated number literal (fold), the number negated (-5 is the number -5). */
static int parse_prefix(parser *p, td_node **out, int (*rule)(parser *, td_node **),
                        td_node_kind kind, int fold)
{
	td_node *n, *kid = NULL;
	size_t start = p->tok.start;
	int rc;

	if (p->depth >= TD_EXPR_MAX_DEPTH)
		return td_expr_fail(p->err, start, "expr.too-deep",
			"Biểu thức lồng nhau quá %d cấp", "Expression nested more than %d levels deep",
			TD_EXPR_MAX_DEPTH);
	if ((rc = advance(p)) < 0)
		return rc;
	p->depth++;
	rc = rule(p, &kid);
	p->depth--;
	if (rc < 0)
		return rc;
	if (fold && kid->kind == N_NUM) {
		kid->num = -kid->num;
		kid->start = start;
		*out = kid;
		return 0;
	}
	n = node_new(kind, start, kid->end);
	if (!n) {
		td_node_free(kid);
		return td_expr_oom(p->err);
	}
	if ((rc = node_add(p, n, kid)) < 0) {
		td_node_free(n);
		return rc;
	}
	*out = n;
	return 0;
}

static int parse_unary(parser *p, td_node **out)
{
	if (p->tok.kind != TK_MINUS)
		return parse_postfix(p, out);
	return parse_prefix(p, out, parse_unary, N_NEG, 1);
}

/* prod / sum: n-ary N_ARITH with the operator stored on each later
 * operand. first, when not NULL, is an operand already parsed (a filtered
 * value that arithmetic goes on from: `ds | length + 1`). */
static int parse_arith(parser *p, td_node **out, int sum, td_node *first)
{
	td_node *n = first, *rhs;
	int rc;

	if (sum)
		rc = parse_arith(p, &n, 0, first);
	else
		rc = first ? 0 : parse_unary(p, &n);
	if (rc < 0)
		return rc;
	for (;;) {
		td_tok_kind k = p->tok.kind;
		size_t opos = p->tok.start;

		if (sum ? (k != TK_PLUS && k != TK_MINUS)
		        : (k != TK_STAR && k != TK_SLASH && k != TK_PERCENT))
			break;
		if ((n->kind != N_ARITH || n->lop != 0 || n->op != sum) && (rc = wrap(p, &n, N_ARITH)) < 0)
			goto fail;
		n->op = sum;
		if ((rc = advance(p)) < 0)
			goto fail;
		rhs = NULL;
		if ((rc = sum ? parse_arith(p, &rhs, 0, NULL) : parse_unary(p, &rhs)) < 0)
			goto fail;
		rhs->lop = k;
		rhs->lpos = opos;
		if ((rc = node_add(p, n, rhs)) < 0)
			goto fail;
	}
	*out = n;
	return 0;
fail:
	td_node_free(n);
	return rc;
}

static int parse_call(parser *p, td_node *chain)
{
	td_tok name = p->tok;
	const td_filter_def *def;
	td_node *call;
	int idx, rc;
	char q[40];

	if (name.kind != TK_NAME)
		return unexpected(p);
	idx = td_filter_find(p->src + name.start, name.end - name.start);
	td_expr_quote(q, sizeof q, p->src + name.start, name.end - name.start);
	if (idx < 0) {
		td_buf near = TD_BUF_INIT;
		int nnear = td_filter_suggest(&near, p->src + name.start, name.end - name.start);

		if (td_buf_oom(&near))
			return td_expr_oom(p->err);
		if (nnear > 0)
			rc = td_expr_fail(p->err, name.start, "expr.unknown-filter",
				"Không có bộ lọc «%s»; có phải: %s?",
				"Unknown filter «%s»; did you mean: %s?", q, td_buf_cstr(&near));
		else
			rc = td_expr_fail(p->err, name.start, "expr.unknown-filter",
				"Không có bộ lọc «%s»; các bộ lọc: %s",
				"Unknown filter «%s»; the filters are: %s", q, td_buf_cstr(&near));
		td_buf_free(&near);
		return rc;
	}
	def = td_filter_get(idx);
	call = node_new(N_CALL, name.start, name.end);
	if (!call)
		return td_expr_oom(p->err);
	call->num = idx;
	if ((rc = advance(p)) < 0)
		goto fail;
	if (p->tok.kind == TK_LPAREN) {
		size_t open = p->tok.start;

		if ((rc = advance(p)) < 0 || (rc = parse_items(p, call, TK_RPAREN, open)) < 0)
			goto fail;
	}
	if ((int)call->n < def->min_args || (int)call->n > def->max_args) {
		if (def->min_args == def->max_args)
			rc = td_expr_fail(p->err, name.start, "expr.filter-arity",
				"Bộ lọc «%s» cần %d đối số, ở đây có %d",
				"Filter «%s» takes %d argument(s), given %d",
				q, def->min_args, (int)call->n);
		else
			rc = td_expr_fail(p->err, name.start, "expr.filter-arity",
				"Bộ lọc «%s» cần %d đến %d đối số, ở đây có %d",
				"Filter «%s» takes %d to %d arguments, given %d",
				q, def->min_args, def->max_args, (int)call->n);
		goto fail;
	}
	return node_add(p, chain, call);
fail:
	td_node_free(call);
	return rc;
}

static int is_arith_op(td_tok_kind k)
{
	return k == TK_PLUS || k == TK_MINUS || k == TK_STAR || k == TK_SLASH || k == TK_PERCENT;
}

/* sum ("|" filter)*, where arithmetic may go on after the filters and
 * more filters then apply to the whole: `ds | length - 1 | pad2`. */
static int parse_filtered(parser *p, td_node **out)
{
	td_node *n = NULL;
	int rc;

	if ((rc = parse_arith(p, &n, 1, NULL)) < 0)
		return rc;
	while (p->tok.kind == TK_PIPE) {
		if ((rc = wrap(p, &n, N_FILTERS)) < 0)
			goto fail;
		while (p->tok.kind == TK_PIPE) {
			if ((rc = advance(p)) < 0 || (rc = parse_call(p, n)) < 0)
				goto fail;
		}
		if (is_arith_op(p->tok.kind)) {
			td_node *first = n;
			n = NULL;
			if ((rc = parse_arith(p, &n, 1, first)) < 0)
				return rc;
		}
	}
	*out = n;
	return 0;
fail:
	td_node_free(n);
	return rc;
}

/* concat, and, or: plain n-ary chains */
static int parse_chain(parser *p, td_node **out, td_tok_kind op, td_node_kind kind,
                       int (*sub)(parser *, td_node **))
{
	td_node *n = NULL, *rhs;
	int rc;

	if ((rc = sub(p, &n)) < 0)
		return rc;
	if (p->tok.kind != op) {
		*out = n;
		return 0;
	}
	if ((rc = wrap(p, &n, kind)) < 0)
		goto fail;
	while (p->tok.kind == op) {
		rhs = NULL;
		if ((rc = advance(p)) < 0 || (rc = sub(p, &rhs)) < 0)
			goto fail;
		if ((rc = node_add(p, n, rhs)) < 0)
			goto fail;
	}
	*out = n;
	return 0;
fail:
	td_node_free(n);
	return rc;
}

static int parse_concat(parser *p, td_node **out)
{
	return parse_chain(p, out, TK_TILDE, N_CONCAT, parse_filtered);
}

static int parse_cmp(parser *p, td_node **out)
{
	td_node *n = NULL, *rhs = NULL;
	td_tok_kind k;
	int rc;

	if ((rc = parse_concat(p, &n)) < 0)
		return rc;
	k = p->tok.kind;
	if (!(k >= TK_EQ && k <= TK_GE) && k != TK_IN) {
		*out = n;
		return 0;
	}
	if ((rc = wrap(p, &n, N_CMP)) < 0)
		goto fail;
	n->op = k;
	n->lpos = p->tok.start;
	if ((rc = advance(p)) < 0 || (rc = parse_concat(p, &rhs)) < 0)
		goto fail;
	if ((rc = node_add(p, n, rhs)) < 0)
		goto fail;
	*out = n;
	return 0;
fail:
	td_node_free(n);
	return rc;
}

static int parse_not(parser *p, td_node **out)
{
	if (p->tok.kind != TK_NOT)
		return parse_cmp(p, out);
	return parse_prefix(p, out, parse_not, N_NOT, 0);
}

static int parse_and(parser *p, td_node **out)
{
	return parse_chain(p, out, TK_AND, N_AND, parse_not);
}

static int parse_or(parser *p, td_node **out)
{
	return parse_chain(p, out, TK_OR, N_OR, parse_and);
}

/* ---- public ------------------------------------------------------------- */

/* Offset of the first malformed UTF-8 sequence, or len. */
static size_t utf8_bad_at(const char *s, size_t len)
{
	int32_t i = 0;
	UChar32 c;

	while ((size_t)i < len) {
		int32_t at = i;
		U8_NEXT(s, i, (int32_t)len, c);
		if (c < 0)
			return (size_t)at;
	}
	return len;
}

int td_expr_parse(td_expr **out, const char *src, size_t len, td_expr_error *err)
{
	parser p;
	td_expr *e = NULL;
	td_node *root = NULL;
	size_t bad;
	int rc;

	*out = NULL;
	if (!src)
		len = 0;
	if (len > TD_EXPR_MAX_LEN)
		return td_expr_fail(err, 0, "expr.too-long",
			"Biểu thức dài quá %d byte", "Expression longer than %d bytes",
			TD_EXPR_MAX_LEN);
	if ((bad = utf8_bad_at(src, len)) < len)
		return td_expr_fail(err, bad, "expr.syntax",
			"Biểu thức có byte không phải UTF-8 hợp lệ",
			"The expression has bytes that are not valid UTF-8");
	memset(&p, 0, sizeof p);
	p.src = src ? src : "";
	p.len = len;
	p.err = err;
	if ((rc = td_lex_next(&p.tok, p.src, len, 0, err)) < 0)
		return rc;
	if (p.tok.kind == TK_EOF)
		return td_expr_fail(err, 0, "expr.empty", "Biểu thức trống", "Empty expression");
	if ((rc = parse_or(&p, &root)) < 0)
		return rc;
	if (p.tok.kind != TK_EOF) {
		char q[96];
		td_expr_quote(q, sizeof q, p.src + p.tok.start, len - p.tok.start);
		rc = td_expr_fail(err, p.tok.start, "expr.syntax",
			"Thừa «%s» sau khi biểu thức đã trọn",
			"Unexpected «%s» after the end of the expression", q);
		goto fail;
	}
	e = td_calloc(1, sizeof *e);
	if (!e || !(e->src = td_strndup(p.src, len))) {
		rc = td_expr_oom(err);
		goto fail;
	}
	e->len = len;
	e->root = root;
	*out = e;
	return 0;
fail:
	td_node_free(root);
	td_free(e);
	return rc;
}

void td_expr_free(td_expr *e)
{
	if (!e)
		return;
	td_node_free(e->root);
	td_free(e->src);
	td_free(e);
}

const char *td_expr_source(const td_expr *e) { return e ? e->src : NULL; }
