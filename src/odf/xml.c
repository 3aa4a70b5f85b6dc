/* xml.c - safe XML parsing for every ODF part: no entity substitution, no DTD
 * loading, no network, no DOCTYPE at all, errors kept off stderr and reported
 * with their line number (ODF 1.3 Part 3, 3.1: parts are namespaced XML). */
#include "odf/package_int.h"
#include "odf/xml.h"
#include "util/alloc.h"
#include "util/error.h"

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <strings.h>
#include <string.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

/* ---- libxml2's allocator ------------------------------------------------ */

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static _Thread_local int thread_quiet;
static _Thread_local td_xml_err *capture;
static _Thread_local unsigned long capture_failures;

static void set_msg(td_xml_err *e, const char *msg)
{
	size_t n, i;

	snprintf(e->msg, sizeof e->msg, "%s", msg && *msg ? msg : "?");
	n = strlen(e->msg);
	while (n && (e->msg[n - 1] == '\n' || e->msg[n - 1] == ' '))
		e->msg[--n] = '\0';
	for (i = 0; i < n; i++)
		if (e->msg[i] == '\n' || e->msg[i] == '\r')
			e->msg[i] = ' ';
}

void td_xml_err_record(td_xml_err *e, const void *p)
{
	const xmlError *err = p;

	if (!e || !err)
		return;
	if (err->code == XML_ERR_NO_MEMORY)
		e->nomem = 1;
	if (err->level < XML_ERR_ERROR || e->count++)
		return;
	e->line = err->line > 0 ? err->line : 0;
	set_msg(e, err->message);
}

/* The thread's handlers: into the capture when one runs, else nowhere
 * (outside a parse, libxml2 only reports running out of memory, which the
 * library sees through td_alloc_failures). */
static void capture_structured(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	td_xml_err_record(capture, err);
}

/* The generic handler receives messages in pieces ("encoding error : ",
 * then the text): keep the first piece that says something. */
static void capture_generic(void *ctx, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	(void)ctx;
	if (!capture || capture->count)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (strspn(buf, " :\n") == strlen(buf))
		return;
	capture->count++;
	set_msg(capture, buf);
}

static void xml_init_once(void)
{
	/* td_strdup has xmlStrdupFunc's signature; the others wrap malloc,
	 * realloc and free, so blocks allocated before this call can still
	 * be freed after it. */
	xmlMemSetup(td_free, td_malloc, td_realloc, td_strdup);
	xmlInitParser();
	/* threads created from now on start quiet */
	xmlThrDefSetStructuredErrorFunc(NULL, capture_structured);
	xmlThrDefSetGenericErrorFunc(NULL, capture_generic);
}

void td_xml_init(void)
{
	pthread_once(&xml_once, xml_init_once);
	if (!thread_quiet) {
		/* libxml2's handlers are per thread */
		xmlSetStructuredErrorFunc(NULL, capture_structured);
		xmlSetGenericErrorFunc(NULL, capture_generic);
		thread_quiet = 1;
	}
}

void td_xml_capture_begin(td_xml_err *e)
{
	td_xml_init();
	memset(e, 0, sizeof *e);
	capture = e;
	capture_failures = td_alloc_failures();
}

void td_xml_capture_end(td_xml_err *e)
{
	if (td_alloc_failures() != capture_failures)
		e->nomem = 1;
	capture = NULL;
}

/* ---- reading from memory ------------------------------------------------ */

typedef struct mem_in {
	const char *p;
	size_t left;
} mem_in;

static int mem_read(void *ctx, char *buf, int len)
{
	mem_in *m = ctx;
	size_t n = m->left < (size_t)len ? m->left : (size_t)len;

	memcpy(buf, m->p, n);
	m->p += n;
	m->left -= n;
	return (int)n;
}

xmlDocPtr td_xml_ctxt_read(xmlParserCtxtPtr ctxt, const char *data, size_t len, int options)
{
	mem_in m;

	m.p = data;
	m.left = len;
	return xmlCtxtReadIO(ctxt, mem_read, NULL, &m, NULL, NULL, options);
}

/* ---- the encoding rule ------------------------------------------------- */

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

int td_xml_check_encoding(const char *data, size_t len, const char *file, const char *part)
{
	char enc[64], where[512];
	size_t i = 0, end, n;
	char q;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	if (len - i < 6 || memcmp(data + i, "<?xml", 5) != 0 || !is_ws(data[i + 5]))
		return 0;   /* no declaration (or UTF-16/32, which a BOM or NULs tell) */
	for (end = i + 5; end + 1 < len && end < i + 1024; end++)
		if (data[end] == '?' && data[end + 1] == '>')
			break;
	if (end + 1 >= len || end >= i + 1024)
		return 0;   /* libxml2 will say what is wrong with it */
	for (i += 5; i + 8 < end; i++) {
		if (memcmp(data + i, "encoding", 8) != 0 || !is_ws(data[i - 1]))
			continue;
		i += 8;
		while (i < end && is_ws(data[i]))
			i++;
		if (i >= end || data[i++] != '=')
			return 0;
		while (i < end && is_ws(data[i]))
			i++;
		if (i >= end || (data[i] != '"' && data[i] != '\''))
			return 0;
		q = data[i++];
		for (n = 0; i + n < end && data[i + n] != q; n++)
			;
		if (i + n >= end)
			return 0;
		snprintf(enc, sizeof enc, "%.*s", (int)(n < 60 ? n : 60), data + i);
		for (n = 0; enc[n]; n++)
			if ((unsigned char)enc[n] < 0x20 || (unsigned char)enc[n] >= 0x7f)
				enc[n] = '?';
		if (!strcasecmp(enc, "UTF-8") || !strcasecmp(enc, "UTF-16") ||
		    !strcasecmp(enc, "UTF-16LE") || !strcasecmp(enc, "UTF-16BE"))
			return 0;
		/* without a file or part (the caller locates it): no prefix */
		if (file && part)
			snprintf(where, sizeof where, "%s: %s ", file, part);
		else if (file || part)
			snprintf(where, sizeof where, "%s ", file ? file : part);
		else
			where[0] = '\0';
		return td_error(THIDUA_EFORMAT,
		                "%s%s%.0stệp khai báo bảng mã «%s»; thidua chỉ đọc UTF-8 hoặc UTF-16. "
		                "Hãy mở tệp trong LibreOffice và lưu lại (LibreOffice luôn lưu UTF-8).",
		                "%s%.0s%sthe file declares the encoding «%s»; thidua reads only UTF-8 "
		                "or UTF-16. Open it in LibreOffice and save it again (LibreOffice always "
		                "saves UTF-8).", where, *where ? "dòng 1: " : "", *where ? "line 1: " : "", enc);
	}
	return 0;
}

/* ---- parsing a document -------------------------------------------------- */

/* Per-parse state, reached through ctxt->_private. */
typedef struct parse_state {
	int doctype;
	td_xml_err err;        /* the first error (later ones are mostly its
	                          consequences) */
} parse_state;

/* Structured error sink of the parser context: nothing reaches stderr.
 * data is ctxt->userData, which is the parser context itself. */
static void quiet_error(void *data, xmlErrorPtr err)
{
	xmlParserCtxtPtr ctxt = data;
	parse_state *st = ctxt ? ctxt->_private : NULL;

	if (st)
		td_xml_err_record(&st->err, err);
}

/* A DOCTYPE is refused before its internal subset is even read, so that no
 * entity declaration (billion laughs, external entities) is ever processed. */
static void refuse_doctype(void *data, const xmlChar *name, const xmlChar *ext_id,
                           const xmlChar *sys_id)
{
	xmlParserCtxtPtr ctxt = data;

	(void)name;
	(void)ext_id;
	(void)sys_id;
	if (ctxt->_private)
		((parse_state *)ctxt->_private)->doctype = 1;
	xmlStopParser(ctxt);
}

/* Both languages take the same arguments; %.0s skips the other language's
 * text. */
static int report(int code, const char *file, const char *part, int line, const char *msg_vi,
                  const char *msg_en, const char *detail)
{
	char where[512];

	if (file && part)
		snprintf(where, sizeof where, "%s: %s", file, part);
	else
		snprintf(where, sizeof where, "%s", file ? file : part ? part : "XML");
	if (line > 0)
		return td_error(code, "%s dòng %d: %s%.0s%s", "%s line %d: %.0s%s%s", where, line,
		                msg_vi, msg_en, detail);
	return td_error(code, "%s: %s%.0s%s", "%s: %.0s%s%s", where, msg_vi, msg_en, detail);
}

int td_xml_parse_in(xmlDocPtr *out, const char *data, size_t len, const char *file,
                    const char *part)
{
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	parse_state st;
	char detail[300];
	int rc = 0;

	*out = NULL;
	memset(&st, 0, sizeof st);
	if (len > INT_MAX)
		return report(THIDUA_ELIMIT, file, part, 0, "quá lớn để phân tích",
		              "too large to parse", "");
	rc = td_xml_check_encoding(data, len, file, part);
	if (rc)
		return rc;
	td_xml_capture_begin(&st.err);
	ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		td_xml_capture_end(&st.err);
		return td_error_oom();
	}
	ctxt->_private = &st;
	ctxt->sax->serror = quiet_error;
	ctxt->sax->internalSubset = refuse_doctype;
	doc = td_xml_ctxt_read(ctxt, data, len,
	                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	td_xml_capture_end(&st.err);
	if (st.err.nomem) {
		rc = td_error_oom();
		goto cleanup;
	}
	if (st.doctype || (doc && (doc->intSubset || doc->extSubset))) {
		rc = report(THIDUA_EFORMAT, file, part, 0,
		            "có khai báo DOCTYPE; thidua từ chối vì lý do an toàn",
		            "has a DOCTYPE declaration, which thidua refuses for safety", "");
		goto cleanup;
	}
	if (!doc || !ctxt->wellFormed || !ctxt->nsWellFormed) {
		if (!st.err.count)   /* no error went through a handler */
			td_xml_err_record(&st.err, &ctxt->lastError);
		if (st.err.nomem) {
			rc = td_error_oom();
			goto cleanup;
		}
		detail[0] = '\0';
		if (st.err.count && strcmp(st.err.msg, "?") != 0)
			snprintf(detail, sizeof detail, " (%s)", st.err.msg);
		rc = report(THIDUA_EFORMAT, file, part, st.err.line, "XML không hợp lệ",
		            "not well-formed XML", detail);
		goto cleanup;
	}
	*out = doc;
	doc = NULL;
cleanup:
	if (doc)
		xmlFreeDoc(doc);
	ctxt->_private = NULL;
	xmlFreeParserCtxt(ctxt);
	return rc;
}

int td_xml_parse(xmlDocPtr *doc, const char *data, size_t len, const char *name)
{
	return td_xml_parse_in(doc, data, len, NULL, name);
}
