/* diag.c - the list of problems found in user input, and its text and JSON
 * renderings. */
#include "util/diag.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct thidua_diags {
	thidua_diag *items;
	size_t count;
	size_t cap;
	size_t errors;
};

thidua_diags *thidua_diags_new(void) { return td_calloc(1, sizeof(thidua_diags)); }

static void diag_clear(thidua_diag *d)
{
	td_free((char *)d->code);
	td_free((char *)d->file);
	td_free((char *)d->where);
	td_free((char *)d->tag);
	td_free((char *)d->snippet);
	td_free((char *)d->message_vi);
	td_free((char *)d->message_en);
}

void thidua_diags_free(thidua_diags *diags)
{
	size_t i;

	if (!diags)
		return;
	for (i = 0; i < diags->count; i++)
		diag_clear(&diags->items[i]);
	td_free(diags->items);
	td_free(diags);
}

size_t thidua_diags_count(const thidua_diags *d) { return d ? d->count : 0; }
size_t thidua_diags_error_count(const thidua_diags *d) { return d ? d->errors : 0; }

const thidua_diag *thidua_diags_get(const thidua_diags *d, size_t i)
{
	return d && i < d->count ? &d->items[i] : NULL;
}

static char *vformat(const char *fmt, va_list ap)
{
	td_buf b = TD_BUF_INIT;

	td_buf_vprintf(&b, fmt, ap);
	return td_buf_detach(&b);
}

static int diag_push(thidua_diags *diags, thidua_severity sev, const char *code,
                     const char *file, const char *where, const char *tag,
                     const char *snippet, char *msg_vi, char *msg_en)
{
	thidua_diag d;

	if (diags->count == diags->cap) {
		size_t cap = diags->cap ? diags->cap * 2 : 8;
		thidua_diag *n = td_realloc(diags->items, cap * sizeof *n);
		if (!n) {
			td_free(msg_vi);
			td_free(msg_en);
			return td_error_oom();
		}
		diags->items = n;
		diags->cap = cap;
	}
	memset(&d, 0, sizeof d);
	d.severity = sev;
	d.code = td_strdup(code ? code : "error");
	d.file = td_strdup(file);
	d.where = td_strdup(where);
	d.tag = td_strdup(tag);
	d.snippet = td_strdup(snippet);
	d.message_vi = msg_vi;
	d.message_en = msg_en;
	if (!d.code || !d.message_vi || !d.message_en || (file && !d.file) ||
	    (where && !d.where) || (tag && !d.tag) || (snippet && !d.snippet)) {
		diag_clear(&d);
		return td_error_oom();
	}
	diags->items[diags->count++] = d;
	if (sev == THIDUA_SEV_ERROR)
		diags->errors++;
	return 0;
}

int td_diag_add(thidua_diags *diags, thidua_severity sev, const char *code,
                const char *file, const char *where, const char *tag,
                const char *snippet, const char *fmt_vi, const char *fmt_en, ...)
{
	char *vi, *en;
	va_list ap;

	if (!diags)
		return 0;
	va_start(ap, fmt_en);
	vi = vformat(fmt_vi, ap);
	va_end(ap);
	va_start(ap, fmt_en);
	en = vformat(fmt_en, ap);
	va_end(ap);
	return diag_push(diags, sev, code, file, where, tag, snippet, vi, en);
}

int td_diag_add_msg(thidua_diags *diags, thidua_severity sev, const char *code,
                    const char *file, const char *where, const char *tag,
                    const char *snippet, const char *msg_vi, const char *msg_en)
{
	if (!diags)
		return 0;
	return diag_push(diags, sev, code, file, where, tag, snippet,
	                 td_strdup(msg_vi), td_strdup(msg_en));
}

int td_diags_set_file(thidua_diags *diags, size_t from, const char *file)
{
	size_t i;

	if (!diags || !file)
		return 0;
	for (i = from; i < diags->count; i++) {
		if (diags->items[i].file)
			continue;
		diags->items[i].file = td_strdup(file);
		if (!diags->items[i].file)
			return td_error_oom();
	}
	return 0;
}

int thidua_diags_to_text(char **out, const thidua_diags *diags, thidua_lang lang)
{
	td_buf b = TD_BUF_INIT;
	size_t i;

	*out = NULL;
	for (i = 0; diags && i < diags->count; i++) {
		const thidua_diag *d = &diags->items[i];
		int vi = lang == THIDUA_LANG_VI;

		if (d->file)
			td_buf_printf(&b, "%s: ", d->file);
		if (d->where)
			td_buf_printf(&b, "%s: ", d->where);
		td_buf_printf(&b, "%s [%s]: %s",
		              d->severity == THIDUA_SEV_ERROR ? (vi ? "lỗi" : "error")
		                                              : (vi ? "cảnh báo" : "warning"),
		              d->code, vi ? d->message_vi : d->message_en);
		if (d->tag)
			td_buf_printf(&b, vi ? " — thẻ: %s" : " — tag: %s", d->tag);
		if (d->snippet)
			td_buf_printf(&b, vi ? " — đoạn văn: «%s»" : " — text: «%s»", d->snippet);
		td_buf_putc(&b, '\n');
	}
	*out = td_buf_detach(&b);
	return *out ? 0 : td_error_oom();
}

int thidua_diags_to_json(char **out, const thidua_diags *diags)
{
	td_buf b = TD_BUF_INIT;
	size_t i;

	*out = NULL;
	td_buf_putc(&b, '[');
	for (i = 0; diags && i < diags->count; i++) {
		const thidua_diag *d = &diags->items[i];

		td_buf_puts(&b, i ? ",\n {" : "{");
		td_buf_printf(&b, "\"severity\":\"%s\",\"code\":",
		              d->severity == THIDUA_SEV_ERROR ? "error" : "warning");
		td_buf_put_json(&b, d->code);
		td_buf_puts(&b, ",\"file\":");
		td_buf_put_json(&b, d->file);
		td_buf_puts(&b, ",\"where\":");
		td_buf_put_json(&b, d->where);
		td_buf_puts(&b, ",\"tag\":");
		td_buf_put_json(&b, d->tag);
		td_buf_puts(&b, ",\"snippet\":");
		td_buf_put_json(&b, d->snippet);
		td_buf_puts(&b, ",\"message_vi\":");
		td_buf_put_json(&b, d->message_vi);
		td_buf_puts(&b, ",\"message_en\":");
		td_buf_put_json(&b, d->message_en);
		td_buf_putc(&b, '}');
	}
	td_buf_putc(&b, ']');
	*out = td_buf_detach(&b);
	return *out ? 0 : td_error_oom();
}
