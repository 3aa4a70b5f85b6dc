/* load.c - thidua_cluster_load: tell a workbook (zip or flat ODF) from the
 * XML format by the file's first bytes, and call the right loader. */
#include "model/cluster.h"
#include "model/model_int.h"
#include "odf/sheet.h"
#include "util/error.h"
#include "util/compat.h"

#include <stdio.h>
#include <string.h>

enum { FMT_BOOK, FMT_XML, FMT_UNKNOWN };

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Sniff the first bytes: "PK" zip -> workbook; an XML root element named
 * "document" (office:document) -> flat workbook; "cluster" or a DOCTYPE ->
 * XML (whose loader refuses a DOCTYPE with a proper message). XML whose
 * root lies beyond the first bytes goes by the file name. */
static int sniff(const char *head, size_t n, const char *path)
{
	size_t root, i;
	int doctype = 0;
	const char *name, *colon;
	size_t len;

	if (n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0)
		return FMT_BOOK;
	root = td_xml_root_offset(head, n, &doctype);
	if (root == (size_t)-1) {
		const char *p = head;

		if (doctype)
			return FMT_XML;
		if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
			p += 3;
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (*p != '<')
			return FMT_UNKNOWN;
		return ends_with(path, ".fods") || ends_with(path, ".ods") ? FMT_BOOK : FMT_XML;
	}
	name = head + root + 1;
	for (i = root + 1; i < n && head[i] != ' ' && head[i] != '>' && head[i] != '/' &&
	                   head[i] != '\t' && head[i] != '\r' && head[i] != '\n'; i++)
		;
	len = (size_t)(head + i - name);
	colon = memchr(name, ':', len);
	if (colon) {
		len -= (size_t)(colon + 1 - name);
		name = colon + 1;
	}
	if (len == 8 && memcmp(name, "document", 8) == 0)
		return FMT_BOOK;
	if (len == 7 && memcmp(name, "cluster", 7) == 0)
		return FMT_XML;
	return FMT_UNKNOWN;
}

int td_cluster_load(thidua_cluster **out, const char *path, unsigned flags,
                    thidua_diags *diags)
{
	char head[4096];
	size_t n;
	FILE *f;
	td_mctx m;

	if (!out || !path)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	*out = NULL;
	memset(&m, 0, sizeof m);
	m.diags = diags;
	m.file = path;
	f = td_fopen(path, "rb");
	if (!f) {
		td_m_error(&m, "data.unreadable", NULL, "Không mở được tệp %s.",
		           "Cannot open the file %s.", path);
		if (m.fatal)
			return m.fatal;
		return td_error(THIDUA_EIO, "Không mở được tệp %s.", "Cannot open the file %s.", path);
	}
	n = fread(head, 1, sizeof head - 1, f);
	fclose(f);
	head[n] = '\0';
	switch (sniff(head, n, path)) {
	case FMT_BOOK:
		return td_cluster_load_book(out, path, flags, diags);
	case FMT_XML:
		return td_cluster_load_xml(out, path, flags, diags);
	default:
		td_m_error(&m, "data.unknown-format", NULL,
		           "Không nhận ra định dạng: cần một bảng tính (.ods, .fods) hoặc tệp XML của thidua.",
		           "Unknown format: expected a workbook (.ods, .fods) or a thidua XML file.");
		if (m.fatal)
			return m.fatal;
		return td_error(THIDUA_EFORMAT, "%s: không nhận ra định dạng.",
		                "%s: unknown format.", path);
	}
}
