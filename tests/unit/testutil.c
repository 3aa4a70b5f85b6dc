/* testutil.c - helpers shared by the unit tests. */
#define _XOPEN_SOURCE 700
#include "testutil.h"
#include "odf/package.h"
#include "util/alloc.h"

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
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
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
