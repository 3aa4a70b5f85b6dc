/* filters.c - the filters of template expressions (`x | upper`,
 * `don_vi | sum("diem")`, `ngay | date`): the table the parser checks names
 * and arities against, and their implementations.
 *
 * Every filter borrows its input and arguments and returns a new reference
 * through *out (left NULL on failure). */
#include "tmpl/expr_int.h"
#include "text/vi.h"
#include "util/alloc.h"

#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* ---- errors ------------------------------------------------------------- */

static int wrong_type(const td_fctx *fx, const td_value *in)
{
	return td_expr_fail(fx->err, fx->pos, "expr.filter-type",
		"Bộ lọc «%s» không dùng được cho giá trị kiểu %s (%s)",
		"Filter «%s» cannot take a %.0s%s",
		fx->name, td_vtype_vi(in->type), td_v_type_name(in->type));
}

/* An item of a list of the wrong type (index from 1 in messages). */
static int wrong_item(const td_fctx *fx, size_t i, const td_value *item, const char *want_vi,
                      const char *want_en)
{
	return td_expr_fail(fx->err, fx->pos, "expr.filter-type",
		"Bộ lọc «%s» cần %s%.0s, nhưng phần tử thứ %zu là %s (%s)",
		"Filter «%s» needs %.0s%s, but item %zu is a %.0s%s",
		fx->name, want_vi, want_en, i + 1, td_vtype_vi(item->type), td_v_type_name(item->type));
}

static int bad_arg(const td_fctx *fx, const char *what_vi, const char *what_en)
{
	return td_expr_fail(fx->err, fx->pos, "expr.filter-arg", "Bộ lọc «%s»: %s%.0s",
		"Filter «%s»: %.0s%s", fx->name, what_vi, what_en);
}

static int bad_value(const td_fctx *fx, const td_value *in, const char *what_vi,
                     const char *what_en)
{
	td_buf b = TD_BUF_INIT;
	char q[64];
	int rc;

	if (td_value_to_text(&b, in) == THIDUA_ENOMEM) {
		td_buf_free(&b);
		return td_expr_oom(fx->err);
	}
	td_expr_quote(q, sizeof q, td_buf_cstr(&b), b.len);
	td_buf_free(&b);
	rc = td_expr_fail(fx->err, fx->pos, "expr.filter-value",
		"Bộ lọc «%s» không dùng được cho «%s»: %s%.0s",
		"Filter «%s» cannot take «%s»: %.0s%s", fx->name, q, what_vi, what_en);
	return rc;
}

/* A failure of a src/text function: out of memory, or the input. */
static int text_failed(const td_fctx *fx, int rc, const td_value *in)
{
	if (rc == THIDUA_ENOMEM)
		return td_expr_oom(fx->err);
	return bad_value(fx, in, "giá trị không hợp lệ", "invalid value");
}

static int put(const td_fctx *fx, td_value **out, td_value *v)
{
	*out = v;
	return v ? 0 : td_expr_oom(fx->err);
}

/* The buffer as a new string value (the buffer is emptied). */
static int put_buf(const td_fctx *fx, td_value **out, td_buf *b)
{
	if (td_buf_oom(b)) {
		td_buf_free(b);
		return td_expr_oom(fx->err);
	}
	if (b->len == 0) {
		td_buf_free(b);
		return put(fx, out, td_v_str(""));
	}
	return put(fx, out, td_v_str_take(td_buf_detach(b)));
}

/* ---- input helpers ------------------------------------------------------ */

/* Text of a scalar input into b (lists and maps are a type error). */
static int text_in(const td_fctx *fx, const td_value *in, td_buf *b)
{
	int rc;

	if (in->type == TD_V_LIST || in->type == TD_V_MAP)
		return wrong_type(fx, in);
	if ((rc = td_value_to_text(b, in)) < 0) {
		td_buf_free(b);
		return text_failed(fx, rc, in);
	}
	if (td_buf_put(b, "", 0) < 0) {   /* make sure there is a string */
		td_buf_free(b);
		return td_expr_oom(fx->err);
	}
	return 0;
}

/* A whole number (hundredths divisible by 100) -> *n. */
static int whole(const td_value *v, int64_t *n)
{
	if (!v || v->type != TD_V_NUM || v->u.num % 100 != 0)
		return -1;
	*n = v->u.num / 100;
	return 0;
}

static int number_in(const td_fctx *fx, const td_value *in, int64_t *n)
{
	if (in->type != TD_V_NUM)
		return wrong_type(fx, in);
	if (whole(in, n) < 0)
		return bad_value(fx, in, "cần một số nguyên", "a whole number is needed");
	return 0;
}

static int date_in(const td_fctx *fx, const td_value *in, int *y, int *m, int *d)
{
	if (in->type == TD_V_DATE) {
		*y = in->u.date.y;
		*m = in->u.date.m;
		*d = in->u.date.d;
		return 0;
	}
	if (in->type != TD_V_STR)
		return wrong_type(fx, in);
	if (td_parse_date(y, m, d, in->u.str.s) < 0)
		return bad_value(fx, in, "không phải ngày tháng", "not a date");
	return 0;
}

static int list_in(const td_fctx *fx, const td_value *in)
{
	return in->type == TD_V_LIST ? 0 : wrong_type(fx, in);
}

/* An attribute-name argument. */
static int name_arg(const td_fctx *fx, const td_value *a, const char **name)
{
	if (a->type != TD_V_STR)
		return bad_arg(fx, "tên thuộc tính phải là chuỗi, ví dụ \"diem\"",
			"the attribute name must be a string, e.g. \"diem\"");
	*name = a->u.str.s;
	return 0;
}

/* item[name] (borrowed), or an error naming the item. */
static int item_attr(const td_fctx *fx, const td_value *item, size_t i, const char *name,
                     td_value **v)
{
	if (item->type != TD_V_MAP)
		return wrong_item(fx, i, item, "danh sách các bảng", "a list of maps");
	*v = td_v_map_get(item, name);
	if (!*v)
		return td_expr_fail(fx->err, fx->pos, "expr.undefined",
			"Phần tử thứ %zu không có dữ liệu «%s» (bộ lọc «%s»)",
			"Item %zu has no data named «%s» (filter «%s»)", i + 1, name, fx->name);
	return 0;
}

/* ---- text --------------------------------------------------------------- */

static int f_case(td_value **out, td_value *in, const td_fctx *fx, int upper)
{
	td_buf b = TD_BUF_INIT;
	char *s = NULL;
	int rc;

	if ((rc = text_in(fx, in, &b)) < 0)
		return rc;
	rc = upper ? td_text_upper(&s, b.ptr) : td_text_lower(&s, b.ptr);
	td_buf_free(&b);
	if (rc < 0)
		return text_failed(fx, rc, in);
	return put(fx, out, td_v_str_take(s));
}

static int f_upper(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	(void)a; (void)na;
	return f_case(out, in, fx, 1);
}

static int f_lower(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	(void)a; (void)na;
	return f_case(out, in, fx, 0);
}

static int f_trim(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	td_buf b = TD_BUF_INIT;
	int32_t start = 0, end, i;
	UChar32 c;
	int rc;

	(void)a; (void)na;
	if ((rc = text_in(fx, in, &b)) < 0)
		return rc;
	end = (int32_t)b.len;
	while (start < end) {
		i = start;
		U8_NEXT(b.ptr, i, end, c);
		if (c < 0 || !(u_isUWhiteSpace(c) || c == 0xFEFF))
			break;
		start = i;
	}
	while (end > start) {
		i = end;
		U8_PREV(b.ptr, start, i, c);
		if (c < 0 || !(u_isUWhiteSpace(c) || c == 0xFEFF))
			break;
		end = i;
	}
	rc = put(fx, out, td_v_strn(b.ptr + start, (size_t)(end - start)));
	td_buf_free(&b);
	return rc;
}

/* A unit name broken where a clerk would break it: the spaces of its place
 * tail ("THÀNH PHỐ HÀ NỘI", "CHI NHÁNH HÀ NỘI", "TỈNH …", "QUẬN …", "HUYỆN
 * …", "THỊ XÃ …", at most five words, not the whole name) become no-break
 * spaces (U+00A0), else the space before the last word does, so a wrapped
 * name never leaves its last word alone; a lone "-" is glued to both
 * neighbours. Case does not matter; trailing white space is kept. */
static int tail_word(const char *u, size_t n, const char *const *words, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strlen(words[i]) == n && memcmp(u, words[i], n) == 0)
			return 1;
	return 0;
}

#define GLUE_MAX_WORDS 64

static int f_glue_last(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	static const char *const two[] = { "THÀNH PHỐ", "CHI NHÁNH", "THỊ XÃ" };
	static const char *const one[] = { "TỈNH", "QUẬN", "HUYỆN", "TP." };
	td_buf b = TD_BUF_INIT, r = TD_BUF_INIT;
	size_t start[GLUE_MAX_WORDS], len[GLUE_MAX_WORDS], n = 0, end, i, from;
	char *up = NULL;
	unsigned char glue[GLUE_MAX_WORDS] = { 0 }; /* glue[i]: the space before word i */
	int rc;

	(void)a; (void)na;
	if ((rc = text_in(fx, in, &b)) < 0)
		return rc;
	end = b.len;
	while (end > 0 && (b.ptr[end - 1] == ' ' || b.ptr[end - 1] == '\t'))
		end--;
	for (i = 0; i < end && n < GLUE_MAX_WORDS;) {
		while (i < end && b.ptr[i] == ' ')
			i++;
		if (i >= end)
			break;
		start[n] = i;
		while (i < end && b.ptr[i] != ' ')
			i++;
		len[n] = i - start[n];
		n++;
	}
	if (n < 2 || i < end || start[0] != 0) { /* one word, too many, or a leading space */
		rc = put(fx, out, td_v_strn(b.ptr, b.len));
		td_buf_free(&b);
		return rc;
	}
	if (td_text_upper(&up, b.ptr) < 0) {
		td_buf_free(&b);
		return text_failed(fx, -1, in);
	}
	from = n - 1; /* default: the last two words */
	if (strlen(up) == b.len) {
		for (i = n > 5 ? n - 5 : 1; i + 1 < n; i++) {
			int hit = 0;
			size_t k;
			for (k = 0; k < sizeof two / sizeof *two && !hit; k++) {
				size_t l = start[i + 1] + len[i + 1] - start[i];
				hit = strlen(two[k]) == l && memcmp(up + start[i], two[k], l) == 0;
			}
			if (hit || tail_word(up + start[i], len[i], one, sizeof one / sizeof *one)) {
				from = i + 1; /* the spaces inside the tail */
				break;
			}
		}
	}
	for (i = from; i < n; i++)
		glue[i] = 1;
	for (i = 1; i + 1 < n; i++)
		if (len[i] == 1 && b.ptr[start[i]] == '-')
			glue[i] = glue[i + 1] = 1;
	td_free(up);
	td_buf_put(&r, b.ptr, len[0]);
	for (i = 1; i < n; i++) {
		td_buf_puts(&r, glue[i] ? "\xC2\xA0" : " ");
		td_buf_put(&r, b.ptr + start[i], len[i]);
	}
	td_buf_put(&r, b.ptr + end, b.len - end);
	td_buf_free(&b);
	return put_buf(fx, out, &r);
}

static int f_capitalize(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	td_buf b = TD_BUF_INIT, r = TD_BUF_INIT;
	int32_t i = 0, at = 0, len;
	UChar32 c = 0;
	char *one = NULL, *up = NULL;
	int rc;

	(void)a; (void)na;
	if ((rc = text_in(fx, in, &b)) < 0)
		return rc;
	len = (int32_t)b.len;
	while (i < len) {
		at = i;
		U8_NEXT(b.ptr, i, len, c);
		if (c >= 0 && u_isalpha(c))
			break;
	}
	if (i > len || c < 0 || !u_isalpha(c)) {   /* no letter: unchanged */
		rc = put_buf(fx, out, &b);
		return rc;
	}
	one = td_strndup(b.ptr + at, (size_t)(i - at));
	if (!one) {
		rc = td_expr_oom(fx->err);
		goto done;
	}
	if ((rc = td_text_upper(&up, one)) < 0) {
		rc = text_failed(fx, rc, in);
		goto done;
	}
	td_buf_put(&r, b.ptr, (size_t)at);
	td_buf_puts(&r, up);
	td_buf_put(&r, b.ptr + i, (size_t)(len - i));
	rc = put_buf(fx, out, &r);
done:
	td_free(one);
	td_free(up);
	td_buf_free(&b);
	td_buf_free(&r);
	return rc;
}

/* ---- dates -------------------------------------------------------------- */

static int f_date_fmt(td_value **out, td_value *in, const td_fctx *fx, int lng)
{
	td_buf b = TD_BUF_INIT;
	int y, m, d, rc;

	if ((rc = date_in(fx, in, &y, &m, &d)) < 0)
		return rc;
	rc = lng ? td_fmt_date_long(&b, y, m, d) : td_fmt_date_short(&b, y, m, d);
	if (rc < 0) {
		td_buf_free(&b);
		return text_failed(fx, rc, in);
	}
	return put_buf(fx, out, &b);
}

static int f_date(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	(void)a; (void)na;
	return f_date_fmt(out, in, fx, 1);
}

static int f_date_short(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	(void)a; (void)na;
	return f_date_fmt(out, in, fx, 0);
}

static int f_date_part(td_value **out, td_value *in, const td_fctx *fx, int part)
{
	int y, m, d, rc;

	if ((rc = date_in(fx, in, &y, &m, &d)) < 0)
		return rc;
	return put(fx, out, td_v_int(part == 0 ? d : part == 1 ? m : y));
}

static int f_day(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	(void)a; (void)na;
	return f_date_part(out, in, fx, 0);
}

static int f_month(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	(void)a; (void)na;
	return f_date_part(out, in, fx, 1);
}

static int f_year(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	(void)a; (void)na;
	return f_date_part(out, in, fx, 2);
}

/* ---- numbers ------------------------------------------------------------ */

static int f_number(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	td_buf b = TD_BUF_INIT;
	int64_t dec = -1;
	int rc;

	if (in->type != TD_V_NUM)
		return wrong_type(fx, in);
	if (na > 0 && (whole(a[0], &dec) < 0 || dec < 0 || dec > 2))
		return bad_arg(fx, "số chữ số thập phân phải là 0, 1 hoặc 2",
			"the number of decimals must be 0, 1 or 2");
	if ((rc = td_fmt_number(&b, in->u.num, (int)dec)) < 0) {
		td_buf_free(&b);
		return text_failed(fx, rc, in);
	}
	return put_buf(fx, out, &b);
}

static int f_roman_letter(td_value **out, td_value *in, const td_fctx *fx, int roman)
{
	td_buf b = TD_BUF_INIT;
	int64_t n = 0;
	int rc;

	if ((rc = number_in(fx, in, &n)) < 0)
		return rc;
	if (n < 1 || n > (roman ? 3999 : 100000))
		return bad_value(fx, in, roman ? "cần số từ 1 đến 3999" : "cần số từ 1 trở lên",
			roman ? "a number from 1 to 3999 is needed" : "a number from 1 up is needed");
	rc = roman ? td_fmt_roman(&b, (int)n) : td_fmt_letter(&b, (int)n);
	if (rc < 0) {
		td_buf_free(&b);
		return text_failed(fx, rc, in);
	}
	return put_buf(fx, out, &b);
}

static int f_roman(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	(void)a; (void)na;
	return f_roman_letter(out, in, fx, 1);
}

static int f_letter(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	(void)a; (void)na;
	return f_roman_letter(out, in, fx, 0);
}

static int f_pad2(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	td_buf b = TD_BUF_INIT;
	int64_t n = 0;
	int rc;

	(void)a; (void)na;
	if ((rc = number_in(fx, in, &n)) < 0)
		return rc;
	if (n < 0)
		td_buf_printf(&b, "-%02llu", (unsigned long long)-(n + 1) + 1);
	else
		td_buf_printf(&b, "%02lld", (long long)n);
	return put_buf(fx, out, &b);
}

/* rule(width_cm, text_pt = 13, rule_pt = text_pt): the short rule under an
 * issuing body's name (Nghị định 30: 1/3 to 1/2 of the name's line) as a
 * run of no-break spaces, for the template to underline: 0.42 of the
 * longest line the (bold, Times New Roman) text in takes when wrapped into
 * width_cm at text_pt, a no-break space being a quarter em of rule_pt
 * (td_rule_spaces). */
static int f_rule(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	td_buf b = TD_BUF_INIT, r = TD_BUF_INIT;
	int64_t width = a[0] && a[0]->type == TD_V_NUM ? a[0]->u.num : -1;
	int64_t text = na > 1 && a[1] && a[1]->type == TD_V_NUM ? a[1]->u.num : 1300;
	int64_t rule = na > 2 && a[2] && a[2]->type == TD_V_NUM ? a[2]->u.num : text;
	int n, rc;

	if (width <= 0 || width > 100000 || text < 100 || text > 20000 || rule < 100 || rule > 20000)
		return bad_arg(fx, "cần độ rộng (cm) và cỡ chữ (pt) dương",
		               "a positive width (cm) and font sizes (pt) are needed");
	if ((rc = text_in(fx, in, &b)) < 0)
		return rc;
	n = td_rule_spaces(b.ptr ? b.ptr : "", width, text, rule);
	td_buf_free(&b);
	while (n-- > 0)
		td_buf_puts(&r, "\xC2\xA0");
	return put_buf(fx, out, &r);
}

static int f_int(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	int64_t x, r;

	(void)a; (void)na;
	switch (in->type) {
	case TD_V_NUM:
		x = in->u.num;
		break;
	case TD_V_BOOL:
		x = in->u.b ? 100 : 0;
		break;
	case TD_V_STR:
		if (td_parse_decimal(&x, in->u.str.s, NULL) < 0)
			return bad_value(fx, in, "không phải số", "not a number");
		break;
	default:
		return wrong_type(fx, in);
	}
	td_num_muldiv(&r, x, 1, 100);   /* cannot overflow: |r| <= |x| */
	return put(fx, out, td_v_int(r));
}

static int f_string(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	td_buf b = TD_BUF_INIT;
	int rc;

	(void)a; (void)na;
	if ((rc = td_value_to_text(&b, in)) < 0) {
		td_buf_free(&b);
		if (rc == THIDUA_ENOMEM)
			return td_expr_oom(fx->err);
		return bad_value(fx, in, "dữ liệu lồng nhau quá sâu", "the data is nested too deeply");
	}
	return put_buf(fx, out, &b);
}

/* ---- values and lists --------------------------------------------------- */

static int f_default(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	(void)na; (void)fx;
	if (in->type == TD_V_NULL || (in->type == TD_V_STR && in->u.str.len == 0))
		*out = td_v_ref(a[0]);
	else
		*out = td_v_ref(in);
	return 0;
}

static int f_join(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	td_buf b = TD_BUF_INIT, sep = TD_BUF_INIT;
	size_t i;
	int rc;

	if ((rc = list_in(fx, in)) < 0)
		return rc;
	if (na > 0 && (rc = text_in(fx, a[0], &sep)) < 0) {
		if (rc == THIDUA_ETEMPLATE)
			rc = bad_arg(fx, "dấu nối phải là chuỗi", "the separator must be text");
		return rc;
	}
	for (i = 0; i < in->u.list.n; i++) {
		if (i > 0) {
			if (na > 0)
				td_buf_put(&b, sep.ptr, sep.len);
			else
				td_buf_puts(&b, ", ");
		}
		if ((rc = td_value_to_text(&b, in->u.list.items[i])) < 0)
			break;
	}
	td_buf_free(&sep);
	if (rc < 0) {
		td_buf_free(&b);
		if (rc == THIDUA_ENOMEM)
			return td_expr_oom(fx->err);
		return bad_value(fx, in, "dữ liệu lồng nhau quá sâu", "the data is nested too deeply");
	}
	return put_buf(fx, out, &b);
}

static int f_length(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	size_t i, n = 0;

	(void)a; (void)na;
	switch (in->type) {
	case TD_V_LIST:
	case TD_V_MAP:
		n = td_v_len(in);
		break;
	case TD_V_STR:
		for (i = 0; i < in->u.str.len; i++)
			n += ((unsigned char)in->u.str.s[i] & 0xC0) != 0x80;
		break;
	case TD_V_NULL:
		break;
	default:
		return wrong_type(fx, in);
	}
	return put(fx, out, td_v_int((int64_t)n));
}

/* sum, avg, min, max over numbers (nulls skipped), optionally of an
 * attribute of each item. */
enum { AGG_SUM, AGG_AVG, AGG_MIN, AGG_MAX };

static int aggregate(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx,
                     int kind)
{
	const char *name = NULL;
	int64_t acc = 0, r;
	size_t i, count = 0;
	int rc;

	if ((rc = list_in(fx, in)) < 0)
		return rc;
	if (na > 0 && (rc = name_arg(fx, a[0], &name)) < 0)
		return rc;
	for (i = 0; i < in->u.list.n; i++) {
		td_value *v = in->u.list.items[i];

		if (name && (rc = item_attr(fx, v, i, name, &v)) < 0)
			return rc;
		if (v->type == TD_V_NULL)
			continue;
		if (v->type != TD_V_NUM)
			return wrong_item(fx, i, v, "các số", "numbers");
		if (kind == AGG_MIN || kind == AGG_MAX) {
			if (count == 0 || (kind == AGG_MIN ? v->u.num < acc : v->u.num > acc))
				acc = v->u.num;
		} else if (td_num_add(&acc, acc, v->u.num) < 0) {
			return td_expr_fail(fx->err, fx->pos, "expr.overflow",
				"Tổng của bộ lọc «%s» quá lớn", "The total of filter «%s» is too large",
				fx->name);
		}
		count++;
	}
	if (kind == AGG_SUM)
		return put(fx, out, td_v_num(acc));
	if (count == 0)
		return put(fx, out, td_v_null());
	if (kind == AGG_AVG) {
		td_num_muldiv(&r, acc, 1, (int64_t)count);   /* |r| <= |acc| */
		acc = r;
	}
	return put(fx, out, td_v_num(acc));
}

static int f_sum(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	return aggregate(out, in, a, na, fx, AGG_SUM);
}

static int f_avg(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	return aggregate(out, in, a, na, fx, AGG_AVG);
}

static int f_min(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	return aggregate(out, in, a, na, fx, AGG_MIN);
}

static int f_max(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	return aggregate(out, in, a, na, fx, AGG_MAX);
}

static int first_last(td_value **out, td_value *in, const td_fctx *fx, int last)
{
	size_t n, i;

	if (in->type == TD_V_LIST) {
		n = in->u.list.n;
		if (n == 0)
			return put(fx, out, td_v_null());
		*out = td_v_ref(in->u.list.items[last ? n - 1 : 0]);
		return 0;
	}
	if (in->type != TD_V_STR)
		return wrong_type(fx, in);
	n = in->u.str.len;
	if (n == 0)
		return put(fx, out, td_v_str(""));
	if (last) {
		i = n - 1;
		while (i > 0 && ((unsigned char)in->u.str.s[i] & 0xC0) == 0x80)
			i--;
		return put(fx, out, td_v_strn(in->u.str.s + i, n - i));
	}
	i = 1;
	while (i < n && ((unsigned char)in->u.str.s[i] & 0xC0) == 0x80)
		i++;
	return put(fx, out, td_v_strn(in->u.str.s, i));
}

static int f_first(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	(void)a; (void)na;
	return first_last(out, in, fx, 0);
}

static int f_last(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	(void)a; (void)na;
	return first_last(out, in, fx, 1);
}

static int f_batch(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	td_value *res, *row = NULL;
	int64_t size;
	size_t i;
	int rc;

	(void)na;
	if ((rc = list_in(fx, in)) < 0)
		return rc;
	if (whole(a[0], &size) < 0 || size < 1 || size > TD_EXPR_MAX_BATCH)
		return bad_arg(fx, "cỡ nhóm phải là số nguyên từ 1 đến 100",
			"the group size must be a whole number from 1 to 100");
	if (!(res = td_v_list()))
		return td_expr_oom(fx->err);
	for (i = 0; i < in->u.list.n; i++) {
		if (i % (size_t)size == 0) {
			/* res owns the row from here on; it is filled below */
			row = td_v_list();
			if (td_v_list_push(res, row) < 0)
				goto oom;
		}
		if (td_v_list_push(row, td_v_ref(in->u.list.items[i])) < 0)
			goto oom;
	}
	*out = res;
	return 0;
oom:
	td_v_unref(res);
	return td_expr_oom(fx->err);
}

static int f_where(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	const char *name = NULL;
	td_value *res, *v = NULL;
	size_t i;
	int rc, keep;

	if ((rc = list_in(fx, in)) < 0 || (rc = name_arg(fx, a[0], &name)) < 0)
		return rc;
	if (!(res = td_v_list()))
		return td_expr_oom(fx->err);
	for (i = 0; i < in->u.list.n; i++) {
		td_value *item = in->u.list.items[i];

		if (item->type != TD_V_MAP) {
			td_v_unref(res);
			return wrong_item(fx, i, item, "danh sách các bảng", "a list of maps");
		}
		v = td_v_map_get(item, name);
		keep = na > 1 ? td_v_equal(v, a[1]) : td_v_truthy(v);
		if (keep && td_v_list_push(res, td_v_ref(item)) < 0) {
			td_v_unref(res);
			return td_expr_oom(fx->err);
		}
	}
	*out = res;
	return 0;
}

static int f_map(td_value **out, td_value *in, td_value **a, size_t na, const td_fctx *fx)
{
	const char *name = NULL;
	td_value *res, *v = NULL;
	size_t i;
	int rc;

	(void)na;
	if ((rc = list_in(fx, in)) < 0 || (rc = name_arg(fx, a[0], &name)) < 0)
		return rc;
	if (!(res = td_v_list()))
		return td_expr_oom(fx->err);
	for (i = 0; i < in->u.list.n; i++) {
		if ((rc = item_attr(fx, in->u.list.items[i], i, name, &v)) < 0) {
			td_v_unref(res);
			return rc;
		}
		if (td_v_list_push(res, td_v_ref(v)) < 0) {
			td_v_unref(res);
			return td_expr_oom(fx->err);
		}
	}
	*out = res;
	return 0;
}

/* ---- table -------------------------------------------------------------- */

static const td_filter_def filters[] = {
	{ "upper", 0, 0, f_upper },
	{ "lower", 0, 0, f_lower },
	{ "trim", 0, 0, f_trim },
	{ "glue_last", 0, 0, f_glue_last },
	{ "capitalize", 0, 0, f_capitalize },
	{ "date", 0, 0, f_date },
	{ "date_short", 0, 0, f_date_short },
	{ "day", 0, 0, f_day },
	{ "month", 0, 0, f_month },
	{ "year", 0, 0, f_year },
	{ "number", 0, 1, f_number },
	{ "roman", 0, 0, f_roman },
	{ "letter", 0, 0, f_letter },
	{ "default", 1, 1, f_default },
	{ "join", 0, 1, f_join },
	{ "length", 0, 0, f_length },
	{ "count", 0, 0, f_length },
	{ "sum", 0, 1, f_sum },
	{ "avg", 0, 1, f_avg },
	{ "min", 0, 1, f_min },
	{ "max", 0, 1, f_max },
	{ "first", 0, 0, f_first },
	{ "last", 0, 0, f_last },
	{ "batch", 1, 1, f_batch },
	{ "where", 1, 2, f_where },
	{ "attr", 1, 1, f_map },
	{ "map", 1, 1, f_map },
	{ "pad2", 0, 0, f_pad2 },
	{ "rule", 1, 3, f_rule },
	{ "string", 0, 0, f_string },
	{ "int", 0, 0, f_int },
};

#define NFILTERS ((int)(sizeof filters / sizeof *filters))

int td_filter_find(const char *name, size_t len)
{
	int i;

	for (i = 0; i < NFILTERS; i++)
		if (strlen(filters[i].name) == len && memcmp(filters[i].name, name, len) == 0)
			return i;
	return -1;
}

const td_filter_def *td_filter_get(int index)
{
	return index >= 0 && index < NFILTERS ? &filters[index] : NULL;
}

int td_filter_default_index(void) { return td_filter_find("default", 7); }

/* Edit distance between a[0..an) and b (short names only). */
static size_t distance(const char *a, size_t an, const char *b)
{
	size_t bn = strlen(b), row[32], i, j, diag, up;

	for (j = 0; j <= bn; j++)
		row[j] = j;
	for (i = 1; i <= an; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= bn; j++) {
			up = row[j];
			row[j] = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[bn];
}

int td_filter_suggest(td_buf *out, const char *name, size_t len)
{
	int i, n = 0;
	size_t max = len <= 3 ? 1 : 2, d;

	for (d = 0; d <= max && len < 24; d++) {
		for (i = 0; i < NFILTERS; i++) {
			const char *f = filters[i].name;
			size_t fl = strlen(f), dist = distance(name, len, f);
			int prefix = len >= 3 && fl > len && memcmp(f, name, len) == 0;

			if (dist == d || (d == max && prefix && dist > max)) {
				td_buf_puts(out, n ? ", " : "");
				td_buf_puts(out, f);
				n++;
			}
		}
	}
	if (n == 0) {
		for (i = 0; i < NFILTERS; i++) {
			td_buf_puts(out, i ? ", " : "");
			td_buf_puts(out, filters[i].name);
		}
	}
	return n;
}
