/* expr_eval.c - evaluation of compiled template expressions against a scope
 * chain, exact arithmetic on hundredths, and the text form of values. */
#include "tmpl/expr_int.h"
#include "text/vi.h"
#include "util/alloc.h"

#include <string.h>

/* Evaluation state, one per call (the compiled tree is never written). */
typedef struct ectx {
	const td_expr *e;
	const td_scope *scope;
	td_expr_error *err;  /* never NULL */
	int lenient;         /* truth test: undefined data reads as null */
	int depth;
} ectx;

/* ---- numbers ------------------------------------------------------------ */

int td_num_add(int64_t *r, int64_t a, int64_t b) { return __builtin_add_overflow(a, b, r) ? -1 : 0; }
int td_num_sub(int64_t *r, int64_t a, int64_t b) { return __builtin_sub_overflow(a, b, r) ? -1 : 0; }

int td_num_muldiv(int64_t *r, int64_t a, int64_t p, int64_t q)
{
#ifdef __SIZEOF_INT128__
	__int128 x = (__int128)a * p, quo, rem;

	if (q == 0)
		return -2;
	quo = x / q;
	rem = x % q;
	if (rem < 0)
		rem = -rem;
	if (2 * rem >= (q < 0 ? -(__int128)q : (__int128)q))
		quo += ((x < 0) != (q < 0)) ? -1 : 1;
	if (quo > INT64_MAX || quo < INT64_MIN)
		return -1;
	*r = (int64_t)quo;
	return 0;
#else
	int64_t x, quo, rem;

	if (q == 0)
		return -2;
	if (__builtin_mul_overflow(a, p, &x) || (x == INT64_MIN && q == -1))
		return -1;
	quo = x / q;
	rem = x % q;
	if (rem < 0)
		rem = -rem;
	if (rem >= (q < 0 ? -(q / 2) : q / 2) + (q % 2 != 0))
		quo += ((x < 0) != (q < 0)) ? -1 : 1;
	*r = quo;
	return 0;
#endif
}

int td_num_mul(int64_t *r, int64_t a, int64_t b) { return td_num_muldiv(r, a, b, 100); }
int td_num_div(int64_t *r, int64_t a, int64_t b) { return b == 0 ? -2 : td_num_muldiv(r, a, 100, b); }

/* ---- text form ---------------------------------------------------------- */

const char *td_vtype_vi(td_vtype t)
{
	static const char *names[] = { "rỗng", "đúng/sai", "số", "chuỗi", "ngày", "danh sách", "bảng" };
	return (unsigned)t < sizeof names / sizeof *names ? names[t] : "?";
}

/* The default text of a number: decimal comma, as few decimals as needed,
 * no grouping (a year stays "2018"; `| number` groups: "1.234,5"). */
static int plain_number(td_buf *out, int64_t h)
{
	return td_buf_put_hundredths(out, h, ',') < 0 ? THIDUA_ENOMEM : 0;
}

static int to_text(td_buf *out, const td_value *v, int depth)
{
	size_t i;
	int rc;

	if (!v)
		return 0;
	switch (v->type) {
	case TD_V_NULL:
		return 0;
	case TD_V_BOOL:
		return td_buf_puts(out, v->u.b ? "có" : "không") < 0 ? THIDUA_ENOMEM : 0;
	case TD_V_NUM:
		return plain_number(out, v->u.num);
	case TD_V_STR:
		return td_buf_put(out, v->u.str.s, v->u.str.len) < 0 ? THIDUA_ENOMEM : 0;
	case TD_V_DATE:
		return td_fmt_date_short(out, v->u.date.y, v->u.date.m, v->u.date.d);
	case TD_V_LIST:
	case TD_V_MAP:
		if (depth >= TD_EXPR_MAX_DEPTH)
			return THIDUA_ELIMIT;
		for (i = 0; i < td_v_len(v); i++) {
			if (i > 0)
				td_buf_puts(out, ", ");
			if (v->type == TD_V_MAP) {
				td_buf_puts(out, v->u.map.items[i].key);
				td_buf_puts(out, ": ");
				rc = to_text(out, v->u.map.items[i].val, depth + 1);
			} else {
				rc = to_text(out, v->u.list.items[i], depth + 1);
			}
			if (rc < 0)
				return rc;
		}
		return td_buf_oom(out) ? THIDUA_ENOMEM : 0;
	}
	return 0;
}

int td_value_to_text(td_buf *out, const td_value *v)
{
	int rc = to_text(out, v, 0);

	if (rc == 0 && td_buf_oom(out))
		rc = THIDUA_ENOMEM;
	return rc;
}

/* ---- errors ------------------------------------------------------------- */

/* Quote the source span [start, end) into q. */
#define QUOTE(c, q, start, end) \
	td_expr_quote((q), sizeof (q), (c)->e->src + (start), (end) - (start))

static int is_undefined(const ectx *c, int rc)
{
	return rc == THIDUA_ETEMPLATE && strcmp(c->err->code, "expr.undefined") == 0;
}

/* Missing data named by the source span [start, end): an error, or null in
 * a truth test. hint_vi/hint_en (may be "") are appended. */
static int undefined(ectx *c, td_value **out, size_t start, size_t end,
                     const char *hint_vi, const char *hint_en)
{
	char q[128];

	if (c->lenient) {
		*out = td_v_null();
		return *out ? 0 : td_expr_oom(c->err);
	}
	QUOTE(c, q, start, end);
	return td_expr_fail(c->err, start, "expr.undefined", "Không có dữ liệu «%s»%s%.0s",
		"No data named «%s»%.0s%s", q, hint_vi, hint_en);
}

/* The text form failed: out of memory or data nested too deeply. */
static int text_failed(ectx *c, int rc, const td_node *n)
{
	char q[128];

	if (rc == THIDUA_ENOMEM)
		return td_expr_oom(c->err);
	QUOTE(c, q, n->start, n->end);
	return td_expr_fail(c->err, n->start, "expr.too-deep",
		"Không viết được «%s» thành chữ: dữ liệu lồng nhau quá sâu",
		"Cannot write «%s» as text: the data is nested too deeply", q);
}

static int new_or_oom(ectx *c, td_value **out, td_value *v)
{
	*out = v;
	return v ? 0 : td_expr_oom(c->err);
}

/* ---- evaluation --------------------------------------------------------- */

static int eval(ectx *c, const td_node *n, td_value **out);

static td_value *scope_lookup(const td_scope *s, const char *name)
{
	td_value *v;

	for (; s; s = s->parent) {
		if (s->name && strcmp(s->name, name) == 0 && s->value)
			return s->value;
		if (s->root && (v = td_v_map_get(s->root, name)) != NULL)
			return v;
	}
	return NULL;
}

static int eval_get(ectx *c, const td_node *n, td_value **out)
{
	td_value *cur = NULL, *idx, *next;
	size_t i;
	int rc;

	if ((rc = eval(c, n->kids[0], &cur)) < 0)
		return rc;
	for (i = 1; i < n->n; i++) {
		const td_node *st = n->kids[i];

		next = NULL;
		if (st->kind == N_ATTR) {
			if (cur->type == TD_V_MAP && (next = td_v_map_get(cur, st->key)) != NULL) {
				td_v_ref(next);
			} else if (cur->type == TD_V_LIST &&
			           (strcmp(st->str, "length") == 0 || strcmp(st->str, "count") == 0)) {
				rc = undefined(c, &next, n->start, st->end,
					" (danh sách không có thuộc tính; hãy dùng bộ lọc «| length»)",
					" (a list has no attributes; use the filter «| length»)");
			} else {
				rc = undefined(c, &next, n->start, st->end, "", "");
			}
		} else {
			char q[128];

			idx = NULL;
			if ((rc = eval(c, st->kids[0], &idx)) < 0)
				goto fail;
			if (cur->type == TD_V_LIST && idx->type == TD_V_NUM && idx->u.num % 100 == 0) {
				int64_t k = idx->u.num / 100, len = (int64_t)cur->u.list.n;
				if (k < 0)
					k += len;
				if (k >= 0 && k < len)
					next = td_v_ref(cur->u.list.items[k]);
				else
					rc = undefined(c, &next, n->start, st->end, " (ngoài danh sách)",
						" (past the end of the list)");
			} else if (cur->type == TD_V_MAP && idx->type == TD_V_STR) {
				if ((next = td_v_map_get(cur, idx->u.str.s)) != NULL)
					td_v_ref(next);
				else
					rc = undefined(c, &next, n->start, st->end, "", "");
			} else if (cur->type == TD_V_NULL) {
				rc = undefined(c, &next, n->start, st->end, "", "");
			} else if (cur->type == TD_V_LIST) {
				QUOTE(c, q, st->start, st->end);
				rc = td_expr_fail(c->err, st->start, "expr.type",
					"Chỉ số «%s» của danh sách phải là số nguyên, ở đây là %s (%s)",
					"The index «%s» of a list must be a whole number, not a %.0s%s",
					q, idx->type == TD_V_NUM ? "số lẻ" : td_vtype_vi(idx->type),
					idx->type == TD_V_NUM ? "fraction" : td_v_type_name(idx->type));
			} else if (cur->type == TD_V_MAP) {
				QUOTE(c, q, st->start, st->end);
				rc = td_expr_fail(c->err, st->start, "expr.type",
					"Khóa «%s» của bảng phải là chuỗi, ở đây là %s (%s)",
					"The key «%s» of a map must be a string, not a %.0s%s",
					q, td_vtype_vi(idx->type), td_v_type_name(idx->type));
			} else {
				QUOTE(c, q, n->start, st->end);
				rc = td_expr_fail(c->err, st->start, "expr.type",
					"Không lấy phần tử «%s» được: giá trị là %s (%s), không phải danh sách hay bảng",
					"Cannot index «%s»: the value is a %.0s%s, not a list or a map",
					q, td_vtype_vi(cur->type), td_v_type_name(cur->type));
			}
			td_v_unref(idx);
		}
		if (rc < 0)
			goto fail;
		td_v_unref(cur);
		cur = next;
	}
	*out = cur;
	return 0;
fail:
	td_v_unref(cur);
	return rc;
}

static int eval_arith(ectx *c, const td_node *n, td_value **out)
{
	td_value *a = NULL, *b = NULL;
	int64_t acc = 0, r = 0;
	size_t i;
	int rc, bad = 0;
	char q[128];

	if ((rc = eval(c, n->kids[0], &a)) < 0)
		return rc;
	for (i = 1; i < n->n; i++) {
		const td_node *k = n->kids[i];
		const char *op = k->lop == TK_PLUS ? "+" : k->lop == TK_MINUS ? "-" :
		                 k->lop == TK_STAR ? "*" : k->lop == TK_SLASH ? "/" : "%";

		b = NULL;
		if ((rc = eval(c, k, &b)) < 0)
			goto done;
		if (a->type != TD_V_NUM || b->type != TD_V_NUM) {
			const td_value *w = a->type != TD_V_NUM ? a : b;
			if (c->lenient && (a->type == TD_V_NULL || b->type == TD_V_NULL)) {
				/* missing data in a truth test: the result is missing too */
				td_v_unref(b);
				td_v_unref(a);
				return new_or_oom(c, out, td_v_null());
			}
			QUOTE(c, q, n->start, k->end);
			rc = td_expr_fail(c->err, k->lpos, "expr.type",
				"Phép «%s» cần hai số, nhưng có %s (%s) trong «%s»%s%.0s",
				"«%s» needs two numbers, but got a %.0s%s in «%s»%.0s%s",
				op, td_vtype_vi(w->type), td_v_type_name(w->type), q,
				k->lop == TK_PLUS && w->type == TD_V_STR ? " (nối chuỗi bằng «~»)" : "",
				k->lop == TK_PLUS && w->type == TD_V_STR ? " (join text with «~»)" : "");
			goto done;
		}
		acc = a->u.num;
		switch (k->lop) {
		case TK_PLUS: bad = td_num_add(&r, acc, b->u.num); break;
		case TK_MINUS: bad = td_num_sub(&r, acc, b->u.num); break;
		case TK_STAR: bad = td_num_mul(&r, acc, b->u.num); break;
		case TK_SLASH: bad = td_num_div(&r, acc, b->u.num); break;
		default:
			if (b->u.num == 0)
				bad = -2;
			else
				r = b->u.num == -1 ? 0 : acc % b->u.num;
			break;
		}
		if (bad) {
			QUOTE(c, q, n->start, k->end);
			if (bad == -2)
				rc = td_expr_fail(c->err, k->lpos, "expr.div-zero",
					"Chia cho 0 trong «%s»", "Division by zero in «%s»", q);
			else
				rc = td_expr_fail(c->err, k->lpos, "expr.overflow",
					"Kết quả của «%s» quá lớn", "The result of «%s» is too large", q);
			goto done;
		}
		td_v_unref(a);
		td_v_unref(b);
		b = NULL;
		a = td_v_num(r);
		if (!a) {
			rc = td_expr_oom(c->err);
			goto done;
		}
	}
	*out = a;
	return 0;
done:
	td_v_unref(a);
	td_v_unref(b);
	return rc;
}

static int eval_concat(ectx *c, const td_node *n, td_value **out)
{
	td_buf b = TD_BUF_INIT;
	td_value *v;
	size_t i;
	int rc;

	for (i = 0; i < n->n; i++) {
		v = NULL;
		if ((rc = eval(c, n->kids[i], &v)) < 0)
			goto fail;
		rc = td_value_to_text(&b, v);
		td_v_unref(v);
		if (rc < 0) {
			rc = text_failed(c, rc, n->kids[i]);
			goto fail;
		}
	}
	if (b.len == 0) {
		td_buf_free(&b);
		return new_or_oom(c, out, td_v_str(""));
	}
	return new_or_oom(c, out, td_v_str_take(td_buf_detach(&b)));
fail:
	td_buf_free(&b);
	return rc;
}

/* Index of the first `default` call in chain kids[from..], or 0. */
static size_t default_after(const td_node *chain, size_t from)
{
	int d = td_filter_default_index();

	for (; from < chain->n; from++)
		if (chain->kids[from]->num == d)
			return from;
	return 0;
}

/* Run one filter call on *cur, which it replaces (NULL on failure). */
static int apply_call(ectx *c, const td_node *call, td_value **cur)
{
	const td_filter_def *def = td_filter_get((int)call->num);
	td_value *args[TD_FILTER_MAX_ARGS], *res = NULL;
	td_fctx fx;
	size_t j;
	int rc = 0;

	for (j = 0; j < call->n; j++)
		args[j] = NULL;
	for (j = 0; j < call->n && rc == 0; j++)
		rc = eval(c, call->kids[j], &args[j]);
	if (rc == 0) {
		fx.src = c->e->src;
		fx.pos = call->start;
		fx.name = def->name;
		fx.err = c->err;
		rc = def->fn(&res, *cur, args, call->n, &fx);
	}
	for (j = 0; j < call->n; j++)
		td_v_unref(args[j]);
	td_v_unref(*cur);
	*cur = rc < 0 ? NULL : res;
	if (rc < 0)
		td_v_unref(res);
	return rc;
}

/* x | f | g: an undefined input (or an undefined error from a filter) skips
 * to the next `default` in the chain, which then gets null. */
static int eval_filters(ectx *c, const td_node *n, td_value **out)
{
	td_value *cur = NULL;
	size_t i = 1, d;
	int rc = eval(c, n->kids[0], &cur);

	for (;;) {
		if (rc < 0) {
			if (!is_undefined(c, rc) || (d = default_after(n, i)) == 0)
				return rc;
			c->err->pos = -1;
			c->err->code[0] = c->err->msg_vi[0] = c->err->msg_en[0] = '\0';
			if (!(cur = td_v_null()))
				return td_expr_oom(c->err);
			i = d;
		}
		if (i >= n->n)
			break;
		rc = apply_call(c, n->kids[i++], &cur);
	}
	*out = cur;
	return 0;
}

/* Substring search on byte strings. */
static int contains(const char *h, size_t hn, const char *nd, size_t nn)
{
	size_t i;

	if (nn == 0)
		return 1;
	for (i = 0; i + nn <= hn; i++)
		if (h[i] == nd[0] && memcmp(h + i, nd, nn) == 0)
			return 1;
	return 0;
}

static int date_cmp(const td_value *a, const td_value *b)
{
	if (a->u.date.y != b->u.date.y)
		return a->u.date.y < b->u.date.y ? -1 : 1;
	if (a->u.date.m != b->u.date.m)
		return a->u.date.m < b->u.date.m ? -1 : 1;
	return a->u.date.d < b->u.date.d ? -1 : a->u.date.d > b->u.date.d;
}

static const char *cmp_op(int op)
{
	switch (op) {
	case TK_EQ: return "==";
	case TK_NE: return "!=";
	case TK_LT: return "<";
	case TK_LE: return "<=";
	case TK_GT: return ">";
	case TK_GE: return ">=";
	default: return "in";
	}
}

static int eval_cmp(ectx *c, const td_node *n, td_value **out)
{
	td_value *a = NULL, *b = NULL;
	int rc, res = 0, ord = 0;
	size_t i;
	char q[128];

	if ((rc = eval(c, n->kids[0], &a)) < 0)
		return rc;
	if ((rc = eval(c, n->kids[1], &b)) < 0)
		goto done;
	switch (n->op) {
	case TK_EQ:
	case TK_NE:
		res = td_v_equal(a, b) == (n->op == TK_EQ);
		break;
	case TK_IN:
		if (b->type == TD_V_LIST) {
			for (i = 0; i < b->u.list.n && !res; i++)
				res = td_v_equal(a, b->u.list.items[i]);
		} else if (b->type == TD_V_STR && a->type == TD_V_STR) {
			res = contains(b->u.str.s, b->u.str.len, a->u.str.s, a->u.str.len);
		} else if (b->type == TD_V_MAP && a->type == TD_V_STR) {
			res = td_v_map_get(b, a->u.str.s) != NULL;
		} else if (!(c->lenient && (a->type == TD_V_NULL || b->type == TD_V_NULL))) {
			QUOTE(c, q, n->start, n->end);
			rc = td_expr_fail(c->err, n->lpos, "expr.type",
				"«in» cần một danh sách, một bảng, hoặc hai chuỗi; ở đây là %s (%s) in %s (%s): «%s»",
				"«in» needs a list, a map, or two strings; got %.0s%s in %.0s%s: «%s»",
				td_vtype_vi(a->type), td_v_type_name(a->type),
				td_vtype_vi(b->type), td_v_type_name(b->type), q);
			goto done;
		}
		break;
	default:
		if (a->type == TD_V_NUM && b->type == TD_V_NUM)
			ord = a->u.num < b->u.num ? -1 : a->u.num > b->u.num;
		else if (a->type == TD_V_STR && b->type == TD_V_STR)
			ord = td_text_compare(a->u.str.s, b->u.str.s);
		else if (a->type == TD_V_DATE && b->type == TD_V_DATE)
			ord = date_cmp(a, b);
		else if (c->lenient && (a->type == TD_V_NULL || b->type == TD_V_NULL))
			break;  /* missing data in a truth test: false */
		else {
			QUOTE(c, q, n->start, n->end);
			rc = td_expr_fail(c->err, n->lpos, "expr.type",
				"Không so sánh được %s (%s) với %s (%s) bằng «%s»: «%s»",
				"Cannot compare a %.0s%s with a %.0s%s using «%s»: «%s»",
				td_vtype_vi(a->type), td_v_type_name(a->type),
				td_vtype_vi(b->type), td_v_type_name(b->type), cmp_op(n->op), q);
			goto done;
		}
		res = n->op == TK_LT ? ord < 0 : n->op == TK_LE ? ord <= 0 :
		      n->op == TK_GT ? ord > 0 : ord >= 0;
		break;
	}
	rc = new_or_oom(c, out, td_v_bool(res));
done:
	td_v_unref(a);
	td_v_unref(b);
	return rc;
}

static int eval_node(ectx *c, const td_node *n, td_value **out)
{
	td_value *v = NULL, *list;
	size_t i;
	int rc;

	switch (n->kind) {
	case N_NUM:
		return new_or_oom(c, out, td_v_num(n->num));
	case N_STR:
		return new_or_oom(c, out, td_v_strn(n->str, n->len));
	case N_BOOL:
		return new_or_oom(c, out, td_v_bool((int)n->num));
	case N_NONE:
		return new_or_oom(c, out, td_v_null());
	case N_NAME:
		v = scope_lookup(c->scope, n->key);
		if (!v)
			return undefined(c, out, n->start, n->end, "", "");
		*out = td_v_ref(v);
		return 0;
	case N_LIST:
		if (!(list = td_v_list()))
			return td_expr_oom(c->err);
		for (i = 0; i < n->n; i++) {
			v = NULL;
			if ((rc = eval(c, n->kids[i], &v)) < 0) {
				td_v_unref(list);
				return rc;
			}
			if (td_v_list_push(list, v) < 0) {
				td_v_unref(list);
				return td_expr_oom(c->err);
			}
		}
		*out = list;
		return 0;
	case N_GET:
		return eval_get(c, n, out);
	case N_NEG: {
		char q[128];
		if ((rc = eval(c, n->kids[0], &v)) < 0)
			return rc;
		if (v->type == TD_V_NUM && v->u.num != INT64_MIN) {
			int64_t x = -v->u.num;
			td_v_unref(v);
			return new_or_oom(c, out, td_v_num(x));
		}
		if (c->lenient && v->type == TD_V_NULL) {
			*out = v;
			return 0;
		}
		QUOTE(c, q, n->start, n->end);
		rc = v->type == TD_V_NUM
			? td_expr_fail(c->err, n->start, "expr.overflow",
				"Kết quả của «%s» quá lớn", "The result of «%s» is too large", q)
			: td_expr_fail(c->err, n->start, "expr.type",
				"Dấu «-» cần một số, ở đây là %s (%s): «%s»",
				"«-» needs a number, not a %.0s%s: «%s»",
				td_vtype_vi(v->type), td_v_type_name(v->type), q);
		td_v_unref(v);
		return rc;
	}
	case N_NOT:
		if ((rc = eval(c, n->kids[0], &v)) < 0)
			return rc;
		rc = td_v_truthy(v);
		td_v_unref(v);
		return new_or_oom(c, out, td_v_bool(!rc));
	case N_ARITH:
		return eval_arith(c, n, out);
	case N_CONCAT:
		return eval_concat(c, n, out);
	case N_FILTERS:
		return eval_filters(c, n, out);
	case N_CMP:
		return eval_cmp(c, n, out);
	case N_AND:
	case N_OR:
		for (i = 0; i < n->n; i++) {
			v = NULL;
			if ((rc = eval(c, n->kids[i], &v)) < 0)
				return rc;
			rc = td_v_truthy(v);
			td_v_unref(v);
			if (rc != (n->kind == N_AND))
				return new_or_oom(c, out, td_v_bool(n->kind == N_OR));
		}
		return new_or_oom(c, out, td_v_bool(n->kind == N_AND));
	case N_ATTR:
	case N_INDEX:
	case N_CALL:
		break;
	}
	return td_expr_fail(c->err, n->start, "expr.internal", "Lỗi nội bộ của biểu thức",
		"Internal expression error");
}

static int eval(ectx *c, const td_node *n, td_value **out)
{
	int rc;

	*out = NULL;
	if (c->depth >= TD_EXPR_MAX_DEPTH)
		return td_expr_fail(c->err, n->start, "expr.too-deep",
			"Biểu thức lồng nhau quá %d cấp", "Expression nested more than %d levels deep",
			TD_EXPR_MAX_DEPTH);
	c->depth++;
	rc = eval_node(c, n, out);
	c->depth--;
	return rc;
}

static int eval_top(td_value **out, const td_expr *e, const td_scope *scope,
                    td_expr_error *err, int lenient)
{
	td_expr_error local;
	ectx c;

	*out = NULL;
	if (!err)
		err = &local;
	err->pos = -1;
	err->code[0] = err->msg_vi[0] = err->msg_en[0] = '\0';
	if (!e)
		return td_expr_fail(err, 0, "expr.invalid", "Chưa có biểu thức",
			"No expression given");
	c.e = e;
	c.scope = scope;
	c.err = err;
	c.lenient = lenient;
	c.depth = 0;
	return eval(&c, e->root, out);
}

int td_expr_eval(td_value **out, const td_expr *e, const td_scope *scope, td_expr_error *err)
{
	return eval_top(out, e, scope, err, 0);
}

int td_expr_eval_truth(int *truth, const td_expr *e, const td_scope *scope, td_expr_error *err)
{
	td_value *v = NULL;
	int rc;

	*truth = 0;
	if ((rc = eval_top(&v, e, scope, err, 1)) < 0)
		return rc;
	*truth = td_v_truthy(v);
	td_v_unref(v);
	return 0;
}
