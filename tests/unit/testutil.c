/* testutil.c - helpers shared by the unit tests. */
#define _XOPEN_SOURCE 700
#include "testutil.h"
#include "util/compat.h"
#include "odf/package.h"
#include "util/alloc.h"
#include "util/buf.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *p = malloc(4096);

	snprintf(p, 4096, "%s/thidua-test-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(p)) {
		perror("mkdtemp");
		abort();
	}
	return p;
}

char *tu_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

void tu_write(const char *path, const char *data, size_t len)
{
	FILE *f = td_fopen(path, "wb"); /* UTF-8 names on Windows too */

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	/* Windows' remove() takes files only */
	return flag == FTW_DP ? rmdir(p) : remove(p);
}

void tu_rmtree(const char *dir) { nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS); }

int tu_exists(const char *path) { return access(path, F_OK) == 0; }

static char *join3(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
	char *p = malloc(n);

	snprintf(p, n, "%s%s%s", a, b, c);
	return p;
}

char *tu_fodt(const char *body, const char *header)
{
	char *head, *mid, *r;
	size_t n;

	n = strlen(header ? header : "") + 2048;
	head = malloc(n);
	snprintf(head, n,
	         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	         "<office:document " ODF_NS " office:version=\"1.3\" "
	         "office:mimetype=\"application/vnd.oasis.opendocument.text\">"
	         "<office:master-styles><style:master-page style:name=\"Standard\">%s%s%s"
	         "</style:master-page></office:master-styles>"
	         "<office:body><office:text>",
	         header ? "<style:header><text:p>" : "", header ? header : "",
	         header ? "</text:p></style:header>" : "");
	mid = join3(head, body, "</office:text></office:body></office:document>\n");
	free(head);
	r = mid;
	return r;
}

char *tu_fods(const char *body)
{
	return join3("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	             "<office:document " ODF_NS " office:version=\"1.3\" "
	             "office:mimetype=\"application/vnd.oasis.opendocument.spreadsheet\">"
	             "<office:body><office:spreadsheet>",
	             body, "</office:spreadsheet></office:body></office:document>\n");
}

char *tu_read_part(const char *pkg_path, const char *part)
{
	td_pkg *pkg = NULL;
	char *data = NULL, *r;
	size_t len = 0;

	if (td_pkg_open(&pkg, pkg_path, NULL) < 0)
		return NULL;
	if (td_pkg_read(pkg, part, &data, &len) < 0) {
		td_pkg_free(pkg);
		return NULL;
	}
	r = malloc(len + 1);
	memcpy(r, data, len);
	r[len] = '\0';
	td_free(data);
	td_pkg_free(pkg);
	return r;
}

char *tu_inner(const char *xml, const char *name)
{
	char open[128], close[128];
	const char *a, *b;
	char *r;

	snprintf(open, sizeof open, "<%s", name);
	snprintf(close, sizeof close, "</%s>", name);
	a = xml ? strstr(xml, open) : NULL;
	if (!a)
		return NULL;
	a = strchr(a, '>');
	if (!a)
		return NULL;
	if (a[-1] == '/')
		return strdup("");
	a++;
	b = strstr(a, close);
	if (!b)
		return NULL;
	r = malloc((size_t)(b - a) + 1);
	memcpy(r, a, (size_t)(b - a));
	r[b - a] = '\0';
	return r;
}

/* ---- workbooks from a spec ---------------------------------------------- */

static void put_text(td_buf *b, const char *s, size_t n)
{
	size_t i, start = 0;

	td_buf_puts(b, "<text:p>");
	for (i = 0; i + 1 < n; i++)
		if (s[i] == '\\' && s[i + 1] == 'n') {
			td_buf_put_xml(b, s + start, i - start, 0);
			td_buf_puts(b, "</text:p><text:p>");
			start = i + 2;
			i++;
		}
	td_buf_put_xml(b, s + start, n - start, 0);
	td_buf_puts(b, "</text:p>");
}

static void put_cell(td_buf *b, const char *s, size_t n)
{
	if (n == 0) {
		td_buf_puts(b, "<table:table-cell/>");
	} else if (s[0] == '\'') { /* 'text: a string as it is */
		td_buf_puts(b, "<table:table-cell office:value-type=\"string\">");
		put_text(b, s + 1, n - 1);
		td_buf_puts(b, "</table:table-cell>");
	} else if (s[0] == '#') {
		td_buf_printf(b, "<table:table-cell office:value-type=\"float\" office:value=\"%.*s\">",
		              (int)n - 1, s + 1);
		put_text(b, s + 1, n - 1);
		td_buf_puts(b, "</table:table-cell>");
	} else if (s[0] == '@') {
		td_buf_printf(b, "<table:table-cell office:value-type=\"date\" office:date-value=\"%.*s\">"
		              "<text:p>%.*s</text:p></table:table-cell>",
		              (int)n - 1, s + 1, (int)n - 1, s + 1);
	} else if (s[0] == '?') {
		td_buf_printf(b, "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"%.*s\">"
		              "<text:p>%.*s</text:p></table:table-cell>",
		              (int)n - 1, s + 1, (int)n - 1, s + 1);
	} else {
		td_buf_puts(b, "<table:table-cell office:value-type=\"string\">");
		put_text(b, s, n);
		td_buf_puts(b, "</table:table-cell>");
	}
}

char *tu_spec_fods(const char *spec)
{
	td_buf b = TD_BUF_INIT;
	const char *p = spec;
	int in_table = 0;
	char *body, *doc;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (n >= 3 && strncmp(p, "== ", 3) == 0) {
			if (in_table)
				td_buf_puts(&b, "</table:table>\n");
			td_buf_puts(&b, "<table:table table:name=\"");
			td_buf_put_xml(&b, p + 3, n - 3, 1);
			td_buf_puts(&b, "\">\n");
			in_table = 1;
		} else if (n > 0) {
			const char *c = p, *end = p + n;
			td_buf_puts(&b, "<table:table-row>");
			for (;;) {
				const char *bar = memchr(c, '|', (size_t)(end - c));
				const char *ce = bar ? bar : end;
				put_cell(&b, c, (size_t)(ce - c));
				if (!bar)
					break;
				c = bar + 1;
			}
			td_buf_puts(&b, "</table:table-row>\n");
		}
		p += n;
		if (*p == '\n')
			p++;
	}
	if (in_table)
		td_buf_puts(&b, "</table:table>\n");
	body = td_buf_detach(&b);
	if (!body)
		abort();
	doc = tu_fods(body);
	td_free(body);
	return doc;
}

char *tu_write_new(const char *dir, const char *text, const char *ext)
{
	static int counter;
	char name[64], *path;

	snprintf(name, sizeof name, "f%d.%s", counter++, ext);
	path = tu_path(dir, name);
	tu_write(path, text, strlen(text));
	return path;
}

void tu_setenv(const char *name, const char *value)
{
#ifdef _WIN32
	_putenv_s(name, value ? value : "");
#else
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
#endif
}
