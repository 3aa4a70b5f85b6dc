/* common.c - helpers shared by the cluster loaders and checks: problem
 * reporting, text normalisation, numbers, labels, growing arrays. */
#include "model/model_int.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void td_m_oom(td_mctx *m)
{
	m->fatal = THIDUA_ENOMEM;
	td_error_oom();
}

void td_m_diag_msg(td_mctx *m, thidua_severity sev, const char *code, const char *where,
                   const char *msg_vi, const char *msg_en)
{
	if (sev == THIDUA_SEV_ERROR)
		m->errors++;
	if (!m->diags || m->fatal)
		return;
	if (td_diag_add_msg(m->diags, sev, code, m->file, where, NULL, NULL,
	                    msg_vi ? msg_vi : "", msg_en ? msg_en : "") != 0)
		td_m_oom(m);
}

void td_m_diag(td_mctx *m, thidua_severity sev, const char *code, const char *where,
               const char *fmt_vi, const char *fmt_en, ...)
{
	td_buf vi = TD_BUF_INIT, en = TD_BUF_INIT;
	va_list ap, cp;

	if (!m->diags || m->fatal) {
		if (sev == THIDUA_SEV_ERROR)
			m->errors++;
		return;
	}
	va_start(ap, fmt_en);
	va_copy(cp, ap);
	td_buf_vprintf(&vi, fmt_vi, cp);
	va_end(cp);
	td_buf_vprintf(&en, fmt_en, ap);
	va_end(ap);
	if (td_buf_oom(&vi) || td_buf_oom(&en)) {
		if (sev == THIDUA_SEV_ERROR)
			m->errors++;
		td_m_oom(m);
	} else {
		td_m_diag_msg(m, sev, code, where, td_buf_cstr(&vi), td_buf_cstr(&en));
	}
	td_buf_free(&vi);
	td_buf_free(&en);
}


/* Squash each line of s, drop empty ones, join with '\n'. */
static int squash_lines(char **out, const char *s)
{
	td_buf b = TD_BUF_INIT;
	const char *p = s;

	*out = NULL;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = td_strndup(p, n), *sq = NULL;
		int rc;

		if (!line) {
			td_buf_free(&b);
			return THIDUA_ENOMEM;
		}
		rc = td_text_squash(&sq, line);
		td_free(line);
		if (rc) {
			td_buf_free(&b);
			return rc;
		}
		if (*sq) {
			if (b.len)
				td_buf_putc(&b, '\n');
			td_buf_puts(&b, sq);
		}
		td_free(sq);
		p += n;
		if (*p == '\n')
			p++;
	}
	if (td_buf_oom(&b)) {
		td_buf_free(&b);
		return THIDUA_ENOMEM;
	}
	if (b.len == 0) {
		td_buf_free(&b);
		return 0;
	}
	*out = td_buf_detach(&b);
	return *out ? 0 : THIDUA_ENOMEM;
}

void td_m_text(td_mctx *m, char **out, const char *s, size_t n, int lines, const char *where)
{
	char *nfc = NULL, *res = NULL;
	int rc;

	*out = NULL;
	if (m->fatal || !s || n == 0)
		return;
	if (!td_utf8_valid(s, n)) {
		td_m_error(m, "data.bad-utf8", where,
		           "Văn bản không phải UTF-8 hợp lệ.",
		           "The text is not valid UTF-8.");
		m->rejected++;
		return;
	}
	rc = td_text_nfc(&nfc, s, n);
	if (rc == THIDUA_ENOMEM) {
		td_m_oom(m);
		return;
	}
	if (rc) {
		td_m_error(m, "data.bad-utf8", where,
		           "Văn bản không chuẩn hoá được sang Unicode NFC.",
		           "The text cannot be normalised to Unicode NFC.");
		m->rejected++;
		return;
	}
	if (td_text_looks_legacy(nfc)) {
		td_m_error(m, "data.legacy-encoding", where,
		           "Văn bản có vẻ gõ bằng bảng mã cũ (TCVN3/VNI), không phải Unicode: \"%.60s\". Hãy chuyển sang Unicode (dựng sẵn).",
		           "The text looks like a legacy 8-bit Vietnamese encoding (TCVN3/VNI), not Unicode: \"%.60s\". Convert it to Unicode (precomposed).",
		           nfc);
		m->rejected++;
		goto done;
	}
	/* not NFC: normalising changed it (compared, so no allocation can
	 * be mistaken for a difference) */
	if (strlen(nfc) != n || memcmp(nfc, s, n) != 0) {
		if (m->flags & THIDUA_LOAD_NORMALIZE)
			td_m_warn(m, "data.not-nfc", where,
			          "Văn bản ở dạng Unicode tổ hợp (NFD); đã chuẩn hoá sang dạng dựng sẵn (NFC).",
			          "The text is in decomposed Unicode (NFD); it was normalised to NFC.");
		else
			td_m_error(m, "data.not-nfc", where,
			           "Văn bản ở dạng Unicode tổ hợp (NFD), không dùng được trong văn bản ký: hãy gõ lại bằng bảng mã Unicode dựng sẵn, hoặc chạy với --normalize để chuyển sang dạng dựng sẵn (NFC).",
			           "The text is in decomposed Unicode (NFD), unfit for a signed document: retype it as precomposed Unicode, or run with --normalize to convert it to NFC.");
	}
	rc = lines ? squash_lines(&res, nfc) : td_text_squash(&res, nfc);
	if (rc) {
		td_m_oom(m);
		goto done;
	}
	if (res && !*res) {
		td_free(res);
		res = NULL;
	}
	if (res && strlen(res) > TD_MAX_TEXT) {
		td_m_error(m, "data.too-long", where,
		           "Văn bản dài quá %d byte.", "The text is longer than %d bytes.",
		           TD_MAX_TEXT);
		m->rejected++;
		td_free(res);
		res = NULL;
	}
	*out = res;
done:
	td_free(nfc);
}

void td_m_basis_trim(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == ';' || s[n - 1] == '.' || s[n - 1] == ' '))
		s[--n] = '\0';
}

int td_m_parse_xsd_number(int64_t *h, const char *s)
{
	int64_t v;
	int r = td_parse_xsd_number(&v, s);

	if (r < 0 || v > TD_MAX_POINTS || v < -TD_MAX_POINTS)
		return -1;
	*h = v;
	return r;
}

int td_m_match(size_t *index, const char *text, const char *const *labels, size_t n)
{
	char *key = NULL, *lk = NULL;
	size_t i;
	int rc, found = 1;

	if (!text)
		return 1;
	rc = td_text_match_key(&key, text);
	if (rc)
		return rc == THIDUA_ENOMEM ? rc : 1;
	for (i = 0; i < n && found; i++) {
		rc = td_text_match_key(&lk, labels[i]);
		if (rc) {
			td_free(key);
			return THIDUA_ENOMEM;
		}
		if (strcmp(key, lk) == 0) {
			*index = i;
			found = 0;
		}
		td_free(lk);
	}
	td_free(key);
	return found;
}

int td_m_parse_role(td_role *role, td_cluster_kind *kind, const char *label)
{
	static const char *const labels[] = {
		"Cụm trưởng", "Khối trưởng", "Cụm phó", "Khối phó", "Thành viên",
		"Trưởng cụm", "Trưởng khối", "Phó cụm", "Phó khối"
	};
	static const td_role roles[] = {
		TD_ROLE_HEAD, TD_ROLE_HEAD, TD_ROLE_DEPUTY, TD_ROLE_DEPUTY, TD_ROLE_MEMBER,
		TD_ROLE_HEAD, TD_ROLE_HEAD, TD_ROLE_DEPUTY, TD_ROLE_DEPUTY
	};
	static const td_cluster_kind kinds[] = {
		TD_KIND_CUM, TD_KIND_KHOI, TD_KIND_CUM, TD_KIND_KHOI, TD_KIND_CUM,
		TD_KIND_CUM, TD_KIND_KHOI, TD_KIND_CUM, TD_KIND_KHOI
	};
	size_t i = 0;
	int rc = td_m_match(&i, label, labels, sizeof labels / sizeof *labels);

	if (rc)
		return rc;
	*role = roles[i];
	*kind = kinds[i];
	return 0;
}

int td_m_grow(void **items, size_t n, size_t size)
{
	size_t cap;
	void *p;

	if (n != 0 && (n < 8 || (n & (n - 1)) != 0))
		return 0;
	cap = n == 0 ? 8 : n * 2;
	if (cap > ((size_t)-1) / size)
		return td_error_oom();
	p = td_realloc(*items, cap * size);
	if (!p)
		return td_error_oom();
	*items = p;
	return 0;
}

int td_m_push_text(td_text_item **items, size_t *n, char *text, char *where)
{
	if (td_m_grow((void **)items, *n, sizeof **items) != 0) {
		td_free(text);
		td_free(where);
		return THIDUA_ENOMEM;
	}
	(*items)[*n].text = text;
	(*items)[*n].where = where;
	(*n)++;
	return 0;
}

char *td_m_line_where(long line)
{
	td_buf b = TD_BUF_INIT;

	td_buf_printf(&b, "dòng %ld", line);
	return td_buf_detach(&b);
}
