/* xml.c - safe XML parsing for every ODF part: no entity substitution, no DTD
 * loading, no network, no DOCTYPE at all, errors kept off stderr and reported
 * with their line number (ODF 1.3 Part 3, 3.1: parts are namespaced XML). */
#include "odf/package_int.h"
#include "util/error.h"

#include <limits.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

/* Per-parse state, reached through ctxt->_private. */
typedef struct parse_state {
	int doctype;
	int errors;            /* errors seen; the first one is kept */
	int line;
	int code;
	char message[256];
} parse_state;

/* Structured error sink: keeps the first error (the later ones are mostly
 * its consequences); nothing reaches stderr. data is ctxt->userData, which
 * is the parser context itself. */
static void quiet_error(void *data, xmlErrorPtr err)
{
	xmlParserCtxtPtr ctxt = data;
	parse_state *st = ctxt ? ctxt->_private : NULL;

	if (!st || !err || err->level < XML_ERR_ERROR || st->errors++)
		return;
	st->line = err->line;
	st->code = err->code;
	snprintf(st->message, sizeof st->message, "%s", err->message ? err->message : "");
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
	parse_state st = { 0 };
	char detail[300];
	int rc = 0, line;
	size_t n;

	*out = NULL;
	if (len > INT_MAX)
		return report(THIDUA_ELIMIT, file, part, 0, "quá lớn để phân tích",
		              "too large to parse", "");
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return td_error_oom();
	ctxt->_private = &st;
	ctxt->sax->serror = quiet_error;
	ctxt->sax->internalSubset = refuse_doctype;
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL,
	                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (st.doctype || (doc && (doc->intSubset || doc->extSubset))) {
		rc = report(THIDUA_EFORMAT, file, part, 0,
		            "có khai báo DOCTYPE; thidua từ chối vì lý do an toàn",
		            "has a DOCTYPE declaration, which thidua refuses for safety", "");
		goto cleanup;
	}
	if (!doc || !ctxt->wellFormed || !ctxt->nsWellFormed) {
		const xmlError *e = &ctxt->lastError;

		if (!st.errors) {   /* no error went through the handler */
			st.line = e->line;
			st.code = e->code;
			snprintf(st.message, sizeof st.message, "%s", e->message ? e->message : "");
		}
		if (st.code == XML_ERR_NO_MEMORY) {
			rc = td_error_oom();
			goto cleanup;
		}
		n = strlen(st.message);
		while (n && (st.message[n - 1] == '\n' || st.message[n - 1] == ' '))
			st.message[--n] = '\0';
		detail[0] = '\0';
		if (n)
			snprintf(detail, sizeof detail, " (%s)", st.message);
		line = st.line > 0 ? st.line : 0;
		rc = report(THIDUA_EFORMAT, file, part, line, "XML không hợp lệ",
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
