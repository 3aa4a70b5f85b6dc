/* stmt.c - statement tags `{%[scope] for x in expr %}`, `{% if expr %}`,
 * `{% elif expr %}`, `{% else %}`, `{% endif %}`, `{% endfor %}`, and the
 * template's compile-time problem reports. */
#include "tmpl/tmpl_int.h"
#include "util/alloc.h"
#include "util/diag.h"
#include "util/error.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int td_compile_own(td_compile *cc, void *p, char kind)
{
	void **n;

	if (*cc->n_owned == *cc->cap_owned) {
		size_t cap = *cc->cap_owned ? *cc->cap_owned * 2 : 32;
		n = td_realloc(*cc->owned, cap * sizeof *n);
		if (!n)
			return -1;
		*cc->owned = n;
		*cc->cap_owned = cap;
	}
	/* the kind is kept in the two low bits (allocations are aligned) */
	(*cc->owned)[(*cc->n_owned)++] =
		(void *)((uintptr_t)p | (kind == 't' ? 1u : kind == 'b' ? 2u : 3u));
	return 0;
}

void td_tag_free(td_tag *t)
{
	if (!t)
		return;
	td_free(t->text);
	td_free(t->where);
	td_free(t->snippet);
	td_free(t->var);
	td_expr_free(t->expr);
	td_free(t);
}

void td_compile_error(td_compile *cc, const td_tag *t, const char *code,
                      const char *fmt_vi, const char *fmt_en, ...)
{
	va_list ap;
	char vi[768], en[768];

	va_start(ap, fmt_en);
	vsnprintf(vi, sizeof vi, fmt_vi, ap);
	va_end(ap);
	va_start(ap, fmt_en);
	vsnprintf(en, sizeof en, fmt_en, ap);
	va_end(ap);
	cc->failed = 1;
	td_diag_add_msg(cc->diags, THIDUA_SEV_ERROR, code, cc->file,
	                t ? t->where : NULL, t ? t->text : NULL, t ? t->snippet : NULL,
	                vi, en);
}

int td_tag_compile_expr(td_compile *cc, td_tag *t, const char *src, size_t len)
{
	td_expr_error err;
	int rc;

	memset(&err, 0, sizeof err);
	rc = td_expr_parse(&t->expr, src, len, &err);
	if (rc == THIDUA_ENOMEM)
		return -1;
	if (rc < 0)
		td_compile_error(cc, t, err.code[0] ? err.code : "expr.syntax", "%s", "%s",
		                 err.msg_vi, err.msg_en);
	return 0;
}

static const char *skip_ws(const char *s, const char *end)
{
	while (s < end && isspace((unsigned char)*s))
		s++;
	return s;
}

static size_t word_len(const char *s, const char *end)
{
	const char *p = s;

	while (p < end && (isalnum((unsigned char)*p) || *p == '_' || (unsigned char)*p >= 0x80))
		p++;
	return (size_t)(p - s);
}

static int word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(s, w, n) == 0;
}

int td_stmt_parse(td_compile *cc, td_tag *t, const char *inner, size_t len)
{
	const char *p = inner, *end = inner + len;
	size_t n;

	p = skip_ws(p, end);
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	n = word_len(p, end);
	/* optional explicit scope */
	{
		static const struct { const char *w; td_scope_kind k; } scopes[] = {
			{ "p", TD_SCOPE_P }, { "li", TD_SCOPE_LI }, { "row", TD_SCOPE_ROW },
			{ "tr", TD_SCOPE_ROW }, { "section", TD_SCOPE_SECTION },
			{ "cell", TD_SCOPE_CELL }, { "td", TD_SCOPE_CELL }
		};
		size_t i;
		for (i = 0; i < sizeof scopes / sizeof *scopes; i++) {
			if (word_is(p, n, scopes[i].w)) {
				const char *q = skip_ws(p + n, end);
				size_t m = word_len(q, end);
				if (m && (word_is(q, m, "for") || word_is(q, m, "if") ||
				          word_is(q, m, "elif") || word_is(q, m, "else") ||
				          word_is(q, m, "endif") || word_is(q, m, "endfor"))) {
					t->scope = scopes[i].k;
					p = q;
					n = m;
				}
				break;
			}
		}
	}
	if (word_is(p, n, "for")) {
		const char *v, *in;
		size_t vn;
		t->kind = TD_STMT_FOR;
		v = skip_ws(p + n, end);
		vn = word_len(v, end);
		in = skip_ws(v + vn, end);
		if (!vn || word_len(in, end) != 2 || memcmp(in, "in", 2) != 0) {
			td_compile_error(cc, t, "tmpl.bad-for",
			                 "Lệnh lặp phải có dạng «{%% for x in danh_sach %%}».",
			                 "A loop must read «{%% for x in list %%}».");
			return 0;
		}
		t->var = td_strndup(v, vn);
		if (!t->var)
			return -1;
		in = skip_ws(in + 2, end);
		return td_tag_compile_expr(cc, t, in, (size_t)(end - in));
	}
	if (word_is(p, n, "if") || word_is(p, n, "elif")) {
		const char *e = skip_ws(p + n, end);
		t->kind = word_is(p, n, "if") ? TD_STMT_IF : TD_STMT_ELIF;
		if (e == end) {
			td_compile_error(cc, t, "tmpl.missing-condition",
			                 "Thiếu điều kiện sau «%.*s».", "Missing condition after «%.*s».",
			                 (int)n, p, (int)n, p);
			return 0;
		}
		return td_tag_compile_expr(cc, t, e, (size_t)(end - e));
	}
	if (word_is(p, n, "else") || word_is(p, n, "endif") || word_is(p, n, "endfor")) {
		t->kind = word_is(p, n, "else") ? TD_STMT_ELSE
		        : word_is(p, n, "endif") ? TD_STMT_ENDIF : TD_STMT_ENDFOR;
		if (skip_ws(p + n, end) != end)
			td_compile_error(cc, t, "tmpl.trailing",
			                 "Thừa nội dung sau «%.*s».", "Unexpected text after «%.*s».",
			                 (int)n, p, (int)n, p);
		return 0;
	}
	td_compile_error(cc, t, "tmpl.unknown-statement",
	                 "Lệnh «%.*s» không có; dùng for, endfor, if, elif, else, endif.",
	                 "Unknown statement «%.*s»; use for, endfor, if, elif, else, endif.",
	                 (int)n, p, (int)n, p);
	return 0;
}
