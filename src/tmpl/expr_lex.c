/* expr_lex.c - the tokens of template expressions, and the error helpers the
 * lexer, parser, evaluator and filters share. */
#include "tmpl/expr_int.h"
#include "util/alloc.h"
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* ---- errors ------------------------------------------------------------- */

int td_expr_fail(td_expr_error *err, size_t pos, const char *code,
                 const char *fmt_vi, const char *fmt_en, ...)
{
	va_list ap;

	if (!err)
		return THIDUA_ETEMPLATE;
	err->pos = pos > (size_t)TD_EXPR_MAX_LEN ? -1 : (int)pos;
	snprintf(err->code, sizeof err->code, "%s", code);
	va_start(ap, fmt_en);
	vsnprintf(err->msg_vi, sizeof err->msg_vi, fmt_vi, ap);
	va_end(ap);
	va_start(ap, fmt_en);
	vsnprintf(err->msg_en, sizeof err->msg_en, fmt_en, ap);
	va_end(ap);
	return THIDUA_ETEMPLATE;
}

int td_expr_oom(td_expr_error *err)
{
	if (err) {
		err->pos = -1;
		snprintf(err->code, sizeof err->code, "%s", "nomem");
		snprintf(err->msg_vi, sizeof err->msg_vi, "%s", "Hết bộ nhớ.");
		snprintf(err->msg_en, sizeof err->msg_en, "%s", "Out of memory.");
	}
	td_error_oom();
	return THIDUA_ENOMEM;
}

char *td_expr_quote(char *dst, size_t cap, const char *s, size_t n)
{
	static const char ell[] = "…";
	size_t keep = n;

	if (cap == 0)
		return dst;
	if (n + 1 > cap) {
		keep = cap > sizeof ell ? cap - sizeof ell : 0;
		/* back up to the start of a UTF-8 sequence */
		while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
			keep--;
	}
	memcpy(dst, s, keep);
	if (keep < n && keep + sizeof ell <= cap) {
		memcpy(dst + keep, ell, sizeof ell);
	} else {
		dst[keep] = '\0';
	}
	return dst;
}

/* ---- characters --------------------------------------------------------- */

/* Decode the code point at s[*i] (advancing *i); -1 on a malformed
 * sequence. */
static UChar32 next_cp(const char *s, size_t len, size_t *i)
{
	UChar32 c;
	int32_t at = (int32_t)*i;

	U8_NEXT(s, at, (int32_t)len, c);
	*i = (size_t)at;
	return c;
}

static int is_name_start(UChar32 c)
{
	return c == '_' || (c < 0x80 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') : u_isalpha(c));
}

static int is_name_cont(UChar32 c)
{
	int8_t t;

	if (is_name_start(c) || (c >= '0' && c <= '9'))
		return 1;
	if (c < 0x80)
		return 0;
	t = (int8_t)u_charType(c);
	return u_isdigit(c) || t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK;
}

/* Length of the white space at s[i] (ASCII blanks and NBSP), 0 if none. */
static size_t space_at(const char *s, size_t len, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
		return 1;
	if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0)
		return 2;
	return 0;
}

static const struct { const char *word; td_tok_kind kind; } keywords[] = {
	{ "and", TK_AND }, { "or", TK_OR }, { "not", TK_NOT }, { "in", TK_IN },
	{ "true", TK_TRUE }, { "false", TK_FALSE }, { "none", TK_NONE },
};

/* ---- tokens ------------------------------------------------------------- */

static int lex_number(td_tok *tok, const char *src, size_t len, size_t i, td_expr_error *err)
{
	size_t start = i, nd = 0;
	int64_t whole = 0, frac = 0;
	char q[64];

	while (i < len && src[i] >= '0' && src[i] <= '9') {
		if (whole > (INT64_MAX / 100 - 9) / 10)
			goto too_big;
		whole = whole * 10 + (src[i] - '0');
		i++;
	}
	if (i + 1 < len && src[i] == '.' && src[i + 1] >= '0' && src[i + 1] <= '9') {
		i++;
		while (i < len && src[i] >= '0' && src[i] <= '9') {
			if (++nd > 2) {
				while (i < len && src[i] >= '0' && src[i] <= '9')
					i++;
				td_expr_quote(q, sizeof q, src + start, i - start);
				return td_expr_fail(err, start, "expr.number",
					"Số «%s» có quá 2 chữ số thập phân",
					"Number «%s» has more than 2 decimals", q);
			}
			frac = frac * 10 + (src[i] - '0');
			i++;
		}
		if (nd == 1)
			frac *= 10;
	}
	tok->kind = TK_NUM;
	tok->end = i;
	tok->num = whole * 100 + frac;
	return 0;
too_big:
	while (i < len && ((src[i] >= '0' && src[i] <= '9') || src[i] == '.'))
		i++;
	td_expr_quote(q, sizeof q, src + start, i - start);
	return td_expr_fail(err, start, "expr.number", "Số «%s» quá lớn",
		"Number «%s» is too large", q);
}

static int lex_string(td_tok *tok, const char *src, size_t len, size_t i, td_expr_error *err)
{
	char quote = src[i];
	size_t start = i;

	for (i++; i < len; i++) {
		if (src[i] == quote) {
			if (i - start - 1 > TD_EXPR_MAX_STR)
				return td_expr_fail(err, start, "expr.too-long",
					"Chuỗi dài quá %d byte", "String longer than %d bytes",
					TD_EXPR_MAX_STR);
			tok->kind = TK_STR;
			tok->end = i + 1;
			return 0;
		}
		if (src[i] != '\\')
			continue;
		if (i + 1 >= len)
			break;
		switch (src[i + 1]) {
		case '\\': case '"': case '\'': case 'n':
			i++;
			break;
		default: {
			char q[16];
			size_t j = i + 1;
			if (next_cp(src, len, &j) < 0)
				j = i + 2;
			td_expr_quote(q, sizeof q, src + i, j - i);
			return td_expr_fail(err, i, "expr.syntax",
				"Chuỗi có ký tự thoát không hợp lệ «%s» (chỉ dùng \\\\ \\\" \\' \\n)",
				"Invalid escape «%s» in a string (use \\\\ \\\" \\' \\n)", q);
		}
		}
	}
	return td_expr_fail(err, start, "expr.unclosed",
		"Chuỗi mở bằng «%c» chưa được đóng", "String opened with «%c» is not closed",
		quote);
}

int td_lex_next(td_tok *tok, const char *src, size_t len, size_t pos, td_expr_error *err)
{
	size_t i = pos, sp, k;
	unsigned char c;
	td_tok_kind kind;

	while (i < len && (sp = space_at(src, len, i)) > 0)
		i += sp;
	memset(tok, 0, sizeof *tok);
	tok->start = tok->end = i;
	if (i >= len) {
		tok->kind = TK_EOF;
		return 0;
	}
	c = (unsigned char)src[i];
	if (c >= '0' && c <= '9')
		return lex_number(tok, src, len, i, err);
	if (c == '"' || c == '\'')
		return lex_string(tok, src, len, i, err);
	tok->end = i + 1;
	switch (c) {
	case '(': tok->kind = TK_LPAREN; return 0;
	case ')': tok->kind = TK_RPAREN; return 0;
	case '[': tok->kind = TK_LBRACK; return 0;
	case ']': tok->kind = TK_RBRACK; return 0;
	case ',': tok->kind = TK_COMMA; return 0;
	case '.': tok->kind = TK_DOT; return 0;
	case '|': tok->kind = TK_PIPE; return 0;
	case '~': tok->kind = TK_TILDE; return 0;
	case '+': tok->kind = TK_PLUS; return 0;
	case '-': tok->kind = TK_MINUS; return 0;
	case '*': tok->kind = TK_STAR; return 0;
	case '/': tok->kind = TK_SLASH; return 0;
	case '%': tok->kind = TK_PERCENT; return 0;
	case '<': case '>': case '=': case '!':
		if (i + 1 < len && src[i + 1] == '=') {
			tok->end = i + 2;
			tok->kind = c == '<' ? TK_LE : c == '>' ? TK_GE : c == '=' ? TK_EQ : TK_NE;
			return 0;
		}
		if (c == '<' || c == '>') {
			tok->kind = c == '<' ? TK_LT : TK_GT;
			return 0;
		}
		if (c == '=')
			return td_expr_fail(err, i, "expr.syntax",
				"Dấu «=» đơn: để so sánh hãy dùng «==»",
				"Single «=»: use «==» to compare");
		return td_expr_fail(err, i, "expr.syntax",
			"Dấu «!» đơn: hãy dùng «!=» hoặc «not»",
			"Single «!»: use «!=» or «not»");
	default:
		break;
	}
	/* a name or keyword */
	k = i;
	{
		UChar32 cp = next_cp(src, len, &k);
		if (cp < 0)
			return td_expr_fail(err, i, "expr.syntax",
				"Biểu thức có byte không phải UTF-8 hợp lệ",
				"The expression has bytes that are not valid UTF-8");
		if (!is_name_start(cp)) {
			char q[16];
			td_expr_quote(q, sizeof q, src + i, k - i);
			return td_expr_fail(err, i, "expr.syntax", "Ký tự không hợp lệ «%s»",
				"Unexpected character «%s»", q);
		}
	}
	for (;;) {
		size_t j = k;
		UChar32 cp;

		if (j >= len)
			break;
		cp = next_cp(src, len, &j);
		if (cp < 0 || !is_name_cont(cp))
			break;
		k = j;
	}
	tok->end = k;
	kind = TK_NAME;
	for (size_t w = 0; w < sizeof keywords / sizeof *keywords; w++) {
		if (strlen(keywords[w].word) == k - i && memcmp(keywords[w].word, src + i, k - i) == 0) {
			kind = keywords[w].kind;
			break;
		}
	}
	tok->kind = kind;
	return 0;
}

char *td_lex_string(const char *src, const td_tok *tok, size_t *n)
{
	size_t i, o = 0, end = tok->end - 1;
	char *s = td_malloc(end - tok->start);

	if (!s)
		return NULL;
	for (i = tok->start + 1; i < end; i++) {
		if (src[i] == '\\') {
			i++;
			s[o++] = src[i] == 'n' ? '\n' : src[i];
		} else {
			s[o++] = src[i];
		}
	}
	s[o] = '\0';
	*n = o;
	return s;
}
