/* test_package.c - the ODF package layer: reading zip and flat documents,
 * refusing hostile or foreign ones, writing packages atomically. Fixtures
 * are generated at run time in a temporary directory. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "odf/package.h"
#include "odf/zpipe.h"
#include "util/alloc.h"
#include "testutil.h"

#include <zlib.h>

#define ODT "application/vnd.oasis.opendocument.text"
#define OTT "application/vnd.oasis.opendocument.text-template"
#define NS_DECLS \
	"xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
	"xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" " \
	"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
	"xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" " \
	"xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" " \
	"xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\" " \
	"xmlns:config=\"urn:oasis:names:tc:opendocument:xmlns:config:1.0\" " \
	"xmlns:loext=\"urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0\""

static const char CONTENT[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<office:document-content " NS_DECLS " office:version=\"1.3\">"
	"<office:body><office:text><text:p>Xin chào cụm thi đua</text:p></office:text>"
	"</office:body></office:document-content>\n";
static const char STYLES[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<office:document-styles " NS_DECLS " office:version=\"1.3\">"
	"<office:styles><style:style style:name=\"Standard\" style:family=\"paragraph\"/>"
	"</office:styles></office:document-styles>\n";
static const char META[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<office:document-meta " NS_DECLS " office:version=\"1.3\">"
	"<office:meta><meta:generator>thidua-test</meta:generator></office:meta>"
	"</office:document-meta>\n";
static const unsigned char PNG[] =
	"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01"
	"\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x0d\x49\x44\x41"
	"\x54\x78\x9c\x63\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99\x3d\x1d\x00\x00"
	"\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";
static const char MANIFEST_HEAD[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\""
	" manifest:version=\"1.3\">"
	"<manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.3\""
	" manifest:media-type=\"" ODT "\"/>";

/* A flat text template: every top-level element, namespaces declared only
 * on the root, one automatic style used by the body and one page layout used
 * by the master page. */
static const char FODT[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<office:document " NS_DECLS " office:version=\"1.3\" office:mimetype=\"" OTT "\">\n"
	" <office:meta><meta:generator>thidua-test</meta:generator></office:meta>\n"
	" <office:settings><config:config-item-set config:name=\"ooo:view-settings\">"
	"<config:config-item config:name=\"ShowRedlineChanges\" config:type=\"boolean\">true"
	"</config:config-item></config:config-item-set></office:settings>\n"
	" <office:font-face-decls><style:font-face style:name=\"Liberation Serif\""
	" svg:font-family=\"'Liberation Serif'\"/></office:font-face-decls>\n"
	" <office:styles><style:style style:name=\"Standard\" style:family=\"paragraph\"/>"
	"</office:styles>\n"
	" <office:automatic-styles><style:style style:name=\"P1\" style:family=\"paragraph\">"
	"<style:text-properties fo:font-weight=\"bold\"/></style:style>"
	"<style:page-layout style:name=\"pm1\"/></office:automatic-styles>\n"
	" <office:master-styles><style:master-page style:name=\"Standard\""
	" style:page-layout-name=\"pm1\"/></office:master-styles>\n"
	" <office:body><office:text><text:p text:style-name=\"P1\">Cụm thi đua "
	"<text:span>{{ cum.ten }}</text:span></text:p></office:text></office:body>\n"
	"</office:document>\n";

static char tmpdir[256];

static const char *P(const char *name)
{
	static char bufs[8][512];
	static int next;
	char *b = bufs[next++ % 8];

	snprintf(b, 512, "%s/%s", tmpdir, name);
	return b;
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)n + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return b;
}

static int exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

/* Number of ".thidua-" temporary files in the test directory. */
static int temp_files(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, ".thidua-", 8))
			n++;
	closedir(d);
	return n;
}

static const char *last_en(void)
{
	return thidua_error_last() ? thidua_error_last()->message_en : "";
}

static const char *last_vi(void)
{
	return thidua_error_last() ? thidua_error_last()->message_vi : "";
}

typedef struct zentry {
	const char *name;
	const void *data;
	size_t len;
	int method;   /* ZIP_CM_STORE or ZIP_CM_DEFLATE */
	int level;    /* deflate level, 0 = default */
} zentry;

/* Build a zip with libzip directly, for fixtures the writer must not make. */
static void make_zip(const char *path, const zentry *e, size_t n)
{
	zip_t *za;
	zip_source_t *src;
	zip_int64_t idx;
	size_t i;
	int err = 0;

	unlink(path);
	za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(za);
	for (i = 0; i < n; i++) {
		src = zip_source_buffer(za, e[i].data, e[i].len, 0);
		assert_non_null(src);
		idx = zip_file_add(za, e[i].name, src, ZIP_FL_ENC_UTF_8);
		assert_true(idx >= 0);
		assert_int_equal(zip_set_file_compression(za, (zip_uint64_t)idx, e[i].method,
		                                          (zip_uint32_t)e[i].level), 0);
	}
	assert_int_equal(zip_close(za), 0);
}

#define S(x) (x), (sizeof(x) - 1)

/* Write a simple text package with the writer. */
static void write_simple(const char *path)
{
	td_pkg_writer *w;

	assert_int_equal(td_pkg_writer_open(&w, path, ODT, 0), 0);
	assert_int_equal(td_pkg_writer_add(w, "content.xml", NULL, S(CONTENT)), 0);
	assert_int_equal(td_pkg_writer_add(w, "styles.xml", NULL, S(STYLES)), 0);
	assert_int_equal(td_pkg_writer_add(w, "meta.xml", NULL, S(META)), 0);
	assert_int_equal(td_pkg_writer_add(w, "Pictures/1.png", NULL, PNG, sizeof PNG - 1), 0);
	assert_int_equal(td_pkg_writer_commit(w), 0);
	td_pkg_writer_free(w);
}

static void fill_random(unsigned char *b, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		b[i] = (unsigned char)(seed >> 16);
	}
}

/* ---- writing and reading back ---------------------------------------- */

static void write_then_reopen(void **state)
{
	const char *path = P("simple.odt");
	td_pkg *pkg;
	char *data;
	size_t len;

	(void)state;
	write_simple(path);
	assert_int_equal(td_pkg_open(&pkg, path, NULL), 0);
	assert_false(td_pkg_is_flat(pkg));
	assert_string_equal(td_pkg_path(pkg), path);
	assert_string_equal(td_pkg_mimetype(pkg), ODT);
	assert_int_equal(td_pkg_part_count(pkg), 6);
	assert_string_equal(td_pkg_part_name(pkg, 0), "mimetype");
	assert_string_equal(td_pkg_part_name(pkg, 1), "content.xml");
	assert_string_equal(td_pkg_part_name(pkg, 5), "META-INF/manifest.xml");
	assert_null(td_pkg_part_name(pkg, 6));
	assert_true(td_pkg_has_part(pkg, "Pictures/1.png"));
	assert_false(td_pkg_has_part(pkg, "Pictures/2.png"));
	assert_string_equal(td_pkg_part_media_type(pkg, "content.xml"), "text/xml");
	assert_string_equal(td_pkg_part_media_type(pkg, "Pictures/1.png"), "image/png");
	assert_null(td_pkg_part_media_type(pkg, "mimetype"));
	assert_int_equal(td_pkg_read(pkg, "content.xml", &data, &len), 0);
	assert_int_equal(len, sizeof CONTENT - 1);
	assert_memory_equal(data, CONTENT, len);
	assert_int_equal(data[len], '\0');
	td_free(data);
	assert_int_equal(td_pkg_read(pkg, "Pictures/1.png", &data, &len), 0);
	assert_int_equal(len, sizeof PNG - 1);
	assert_memory_equal(data, PNG, len);
	td_free(data);
	assert_int_equal(td_pkg_read(pkg, "nope.xml", &data, &len), THIDUA_EFORMAT);
	assert_null(data);
	assert_non_null(strstr(last_en(), path));
	td_pkg_free(pkg);
}

static void mimetype_first_stored_no_extra(void **state)
{
	const char *path = P("mimetype.odt");
	unsigned char *b;
	size_t len;
	zip_t *za;
	zip_stat_t st;
	int err;

	(void)state;
	write_simple(path);
	b = slurp(path, &len);
	assert_true(len > 38 + sizeof ODT);
	assert_memory_equal(b, "PK\x03\x04", 4);
	assert_int_equal(b[8] | b[9] << 8, 0);                 /* method: stored */
	assert_int_equal(b[6] & 8, 0);                         /* no data descriptor */
	assert_int_equal(b[26] | b[27] << 8, 8);               /* name length */
	assert_int_equal(b[28] | b[29] << 8, 0);               /* extra field length */
	assert_memory_equal(b + 30, "mimetype", 8);
	assert_memory_equal(b + 38, ODT, sizeof ODT - 1);      /* data right after */
	free(b);
	za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &err);
	assert_non_null(za);
	assert_int_equal(zip_file_extra_fields_count(za, 0, ZIP_FL_CENTRAL), 0);
	assert_int_equal(zip_file_extra_fields_count(za, 0, ZIP_FL_LOCAL), 0);
	assert_int_equal(zip_stat_index(za, 1, 0, &st), 0);
	assert_string_equal(st.name, "content.xml");
	assert_int_equal(st.comp_method, ZIP_CM_DEFLATE);
	zip_discard(za);
}

static void manifest_lists_every_part(void **state)
{
	const char *path = P("manifest.odt");
	static const char *const want[][2] = {
		{ "/", ODT }, { "content.xml", "text/xml" }, { "styles.xml", "text/xml" },
		{ "meta.xml", "text/xml" }, { "Pictures/1.png", "image/png" },
	};
	td_pkg *pkg;
	xmlDocPtr doc;
	xmlNodePtr root, n;
	xmlChar *v;
	size_t i, found = 0, entries = 0;

	(void)state;
	write_simple(path);
	assert_int_equal(td_pkg_open(&pkg, path, NULL), 0);
	assert_int_equal(td_pkg_parse(pkg, "META-INF/manifest.xml", &doc), 0);
	root = xmlDocGetRootElement(doc);
	v = xmlGetProp(root, (const xmlChar *)"version");
	assert_string_equal((char *)v, "1.3");
	xmlFree(v);
	for (n = root->children; n; n = n->next) {
		xmlChar *fp, *mt;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		entries++;
		fp = xmlGetProp(n, (const xmlChar *)"full-path");
		mt = xmlGetProp(n, (const xmlChar *)"media-type");
		assert_non_null(fp);
		assert_non_null(mt);
		assert_string_not_equal((char *)fp, "mimetype");
		assert_string_not_equal((char *)fp, "META-INF/manifest.xml");
		for (i = 0; i < sizeof want / sizeof want[0]; i++)
			if (!strcmp((char *)fp, want[i][0])) {
				assert_string_equal((char *)mt, want[i][1]);
				found++;
			}
		if (!strcmp((char *)fp, "/")) {
			v = xmlGetProp(n, (const xmlChar *)"version");
			assert_string_equal((char *)v, "1.3");
			xmlFree(v);
		}
		xmlFree(fp);
		xmlFree(mt);
	}
	assert_int_equal(found, 5);
	assert_int_equal(entries, 5);
	xmlFreeDoc(doc);
	td_pkg_free(pkg);
}

/* A source whose parts were deflated at level 1: recompressing would change
 * the bytes, a raw copy keeps them. */
static void raw_copy_keeps_compressed_bytes(void **state)
{
	const char *src_path = P("raw-src.odt"), *out_path = P("raw-out.odt");
	static unsigned char noise[30000];
	char big[60000];
	char *manifest;
	td_pkg *src, *out;
	td_pkg_writer *w;
	zip_t *za, *zb;
	zip_stat_t sa, sb;
	const char *names[] = { "content.xml", "Pictures/noise.bin" };
	size_t i;
	int err;

	(void)state;
	for (i = 0; i < sizeof big - 1; i++)
		big[i] = "<text:p>thi đua khen thưởng</text:p>\n"[i % 38];
	big[sizeof big - 1] = '\0';
	fill_random(noise, sizeof noise, 7);
	manifest = malloc(4096);
	assert_non_null(manifest);
	snprintf(manifest, 4096, "%s<manifest:file-entry manifest:full-path=\"content.xml\""
	         " manifest:media-type=\"text/xml\"/><manifest:file-entry"
	         " manifest:full-path=\"Pictures/noise.bin\" manifest:media-type=\"\"/>"
	         "</manifest:manifest>", MANIFEST_HEAD);
	{
		zentry e[] = {
			{ "mimetype", S(ODT), ZIP_CM_STORE, 0 },
			{ "content.xml", big, sizeof big - 1, ZIP_CM_DEFLATE, 1 },
			{ "Pictures/noise.bin", noise, sizeof noise, ZIP_CM_STORE, 0 },
			{ "META-INF/manifest.xml", manifest, strlen(manifest), ZIP_CM_DEFLATE, 0 },
		};
		make_zip(src_path, e, 4);
	}
	free(manifest);
	assert_int_equal(td_pkg_open(&src, src_path, NULL), 0);
	assert_int_equal(td_pkg_writer_open(&w, out_path, ODT, 0), 0);
	assert_int_equal(td_pkg_writer_copy(w, src, "content.xml"), 0);
	assert_int_equal(td_pkg_writer_copy(w, src, "content.xml"), THIDUA_EINVAL);
	assert_int_equal(td_pkg_writer_copy(w, src, "missing.xml"), THIDUA_EFORMAT);
	assert_int_equal(td_pkg_writer_copy_rest(w, src), 0);
	td_pkg_free(src);       /* the writer does not need the source any more */
	assert_int_equal(td_pkg_writer_commit(w), 0);
	td_pkg_writer_free(w);

	za = zip_open(src_path, ZIP_RDONLY, &err);
	zb = zip_open(out_path, ZIP_RDONLY, &err);
	assert_non_null(za);
	assert_non_null(zb);
	for (i = 0; i < 2; i++) {
		zip_file_t *fa, *fb;
		char *ba, *bb;

		assert_int_equal(zip_stat(za, names[i], 0, &sa), 0);
		assert_int_equal(zip_stat(zb, names[i], 0, &sb), 0);
		assert_int_equal(sa.comp_method, sb.comp_method);
		assert_int_equal(sa.comp_size, sb.comp_size);
		assert_int_equal(sa.size, sb.size);
		assert_int_equal(sa.crc, sb.crc);
		ba = malloc(sa.comp_size);
		bb = malloc(sb.comp_size);
		fa = zip_fopen(za, names[i], ZIP_FL_COMPRESSED);
		fb = zip_fopen(zb, names[i], ZIP_FL_COMPRESSED);
		assert_int_equal(zip_fread(fa, ba, sa.comp_size), (zip_int64_t)sa.comp_size);
		assert_int_equal(zip_fread(fb, bb, sb.comp_size), (zip_int64_t)sb.comp_size);
		assert_memory_equal(ba, bb, sa.comp_size);
		zip_fclose(fa);
		zip_fclose(fb);
		free(ba);
		free(bb);
	}
	zip_discard(za);
	zip_discard(zb);
	assert_int_equal(td_pkg_open(&out, out_path, NULL), 0);
	assert_string_equal(td_pkg_part_media_type(out, "content.xml"), "text/xml");
	assert_string_equal(td_pkg_part_media_type(out, "Pictures/noise.bin"), "");
	{
		char *data;
		size_t len;

		assert_int_equal(td_pkg_read(out, "content.xml", &data, &len), 0);
		assert_int_equal(len, sizeof big - 1);
		assert_memory_equal(data, big, len);
		td_free(data);
	}
	td_pkg_free(out);
}

static void copy_rest_drops_thumbnails_and_signatures(void **state)
{
	const char *src_path = P("rest-src.odt"), *out_path = P("rest-out.odt");
	static const char chart_mt[] = "application/vnd.oasis.opendocument.chart";
	char manifest[2048];
	td_pkg *src, *out;
	td_pkg_writer *w;
	xmlDocPtr doc;
	char *data;
	size_t len;

	(void)state;
	snprintf(manifest, sizeof manifest,
	         "%s<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
	         "<manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>"
	         "<manifest:file-entry manifest:full-path=\"Object 1/\" manifest:version=\"1.3\""
	         " manifest:media-type=\"%s\"/>"
	         "<manifest:file-entry manifest:full-path=\"Object 1/content.xml\""
	         " manifest:media-type=\"text/xml\"/>"
	         "<manifest:file-entry manifest:full-path=\"Thumbnails/thumbnail.png\""
	         " manifest:media-type=\"image/png\"/>"
	         "</manifest:manifest>", MANIFEST_HEAD, chart_mt);
	{
		zentry e[] = {
			{ "mimetype", S(ODT), ZIP_CM_STORE, 0 },
			{ "content.xml", S(CONTENT), ZIP_CM_DEFLATE, 0 },
			{ "styles.xml", S(STYLES), ZIP_CM_DEFLATE, 0 },
			{ "Object 1/content.xml", S(CONTENT), ZIP_CM_DEFLATE, 0 },
			{ "Thumbnails/thumbnail.png", PNG, sizeof PNG - 1, ZIP_CM_STORE, 0 },
			{ "META-INF/documentsignatures.xml", S("<x/>"), ZIP_CM_DEFLATE, 0 },
			{ "META-INF/manifest.xml", manifest, strlen(manifest), ZIP_CM_DEFLATE, 0 },
		};
		make_zip(src_path, e, 7);
	}
	assert_int_equal(td_pkg_open(&src, src_path, NULL), 0);
	assert_int_equal(td_pkg_writer_open(&w, out_path, td_odf_filled_mimetype(OTT), 0), 0);
	assert_int_equal(td_pkg_writer_add(w, "content.xml", "text/xml", S(CONTENT)), 0);
	assert_int_equal(td_pkg_writer_copy_rest(w, src), 0);
	assert_int_equal(td_pkg_writer_commit(w), 0);
	td_pkg_writer_free(w);
	td_pkg_free(src);

	assert_int_equal(td_pkg_open(&out, out_path, NULL), 0);
	assert_int_equal(td_pkg_part_count(out), 5);
	assert_true(td_pkg_has_part(out, "styles.xml"));
	assert_true(td_pkg_has_part(out, "Object 1/content.xml"));
	assert_false(td_pkg_has_part(out, "Thumbnails/thumbnail.png"));
	assert_false(td_pkg_has_part(out, "META-INF/documentsignatures.xml"));
	assert_int_equal(td_pkg_read(out, "META-INF/manifest.xml", &data, &len), 0);
	assert_non_null(strstr(data, "manifest:full-path=\"Object 1/\" manifest:version=\"1.3\""
	                             " manifest:media-type=\"application/vnd.oasis.opendocument.chart\""));
	assert_null(strstr(data, "Thumbnails"));
	td_free(data);
	assert_int_equal(td_pkg_parse(out, "Object 1/content.xml", &doc), 0);
	xmlFreeDoc(doc);
	td_pkg_free(out);
}

static void writer_refuses_overwrite(void **state)
{
	const char *path = P("exists.odt");
	td_pkg_writer *w = NULL;
	unsigned char *b;
	size_t len;

	(void)state;
	write_file(path, "keep", 4);
	assert_int_equal(td_pkg_writer_open(&w, path, ODT, 0), THIDUA_EEXISTS);
	assert_null(w);
	assert_non_null(strstr(last_en(), path));
	assert_non_null(strstr(last_vi(), path));

	/* The target appears between open and commit. */
	unlink(path);
	assert_int_equal(td_pkg_writer_open(&w, path, ODT, 0), 0);
	assert_int_equal(td_pkg_writer_add(w, "content.xml", NULL, S(CONTENT)), 0);
	write_file(path, "keep", 4);
	assert_int_equal(td_pkg_writer_commit(w), THIDUA_EEXISTS);
	assert_int_equal(td_pkg_writer_commit(w), THIDUA_EINVAL);
	assert_int_equal(td_pkg_writer_add(w, "x.xml", NULL, S("<x/>")), THIDUA_EINVAL);
	td_pkg_writer_free(w);
	b = slurp(path, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(b, "keep", 4);
	free(b);
	assert_int_equal(temp_files(), 0);

	/* Asked to, it replaces the file. */
	assert_int_equal(td_pkg_writer_open(&w, path, ODT, 1), 0);
	assert_int_equal(td_pkg_writer_add(w, "content.xml", NULL, S(CONTENT)), 0);
	assert_int_equal(td_pkg_writer_commit(w), 0);
	td_pkg_writer_free(w);
	b = slurp(path, &len);
	assert_memory_equal(b, "PK\x03\x04", 4);
	free(b);
	assert_int_equal(temp_files(), 0);
}

static void writer_leaves_nothing_behind(void **state)
{
	const char *path = P("abandoned.odt");
	td_pkg_writer *w;

	(void)state;
	assert_int_equal(td_pkg_writer_open(&w, path, ODT, 0), 0);
	assert_int_equal(temp_files(), 1);    /* the reserved temporary file */
	assert_int_equal(td_pkg_writer_add(w, "content.xml", NULL, S(CONTENT)), 0);
	td_pkg_writer_free(w);
	assert_false(exists(path));
	assert_int_equal(temp_files(), 0);

	assert_int_equal(td_pkg_writer_open(&w, P("no/such/dir/x.odt"), ODT, 0), THIDUA_EIO);
	assert_non_null(strstr(last_en(), "no/such/dir/x.odt"));
	assert_int_equal(td_pkg_writer_open(&w, tmpdir, ODT, 1), THIDUA_EIO);
	assert_int_equal(td_pkg_writer_open(&w, path, "bad type", 0), THIDUA_EINVAL);
	assert_int_equal(td_pkg_writer_open(&w, path, ODT, 0), 0);
	assert_int_equal(td_pkg_writer_add(w, "", NULL, S("x")), THIDUA_EINVAL);
	assert_int_equal(td_pkg_writer_add(w, "/abs.xml", NULL, S("x")), THIDUA_EINVAL);
	assert_int_equal(td_pkg_writer_add(w, "a/../b.xml", NULL, S("x")), THIDUA_EINVAL);
	assert_int_equal(td_pkg_writer_add(w, "dir/", NULL, S("x")), THIDUA_EINVAL);
	assert_int_equal(td_pkg_writer_add(w, "mimetype", NULL, S("x")), THIDUA_EINVAL);
	assert_int_equal(td_pkg_writer_add(w, "META-INF/manifest.xml", NULL, S("x")),
	                 THIDUA_EINVAL);
	assert_int_equal(td_pkg_writer_add(w, "a.xml", NULL, NULL, 3), THIDUA_EINVAL);
	assert_int_equal(td_pkg_writer_add(w, "a.xml", NULL, S("<a/>")), 0);
	assert_int_equal(td_pkg_writer_add(w, "a.xml", NULL, S("<a/>")), THIDUA_EINVAL);
	td_pkg_writer_free(w);
	assert_int_equal(temp_files(), 0);
	assert_false(exists(path));
}

static void writer_sets_permissions_from_umask(void **state)
{
	const char *path = P("perm.odt");
	struct stat sb;
	mode_t old;

	(void)state;
#ifdef _WIN32
	skip(); /* Windows has no umask and no POSIX permission bits */
#endif
	old = umask(022);
	write_simple(path);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0644);
	unlink(path);
	umask(077);
	write_simple(path);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	umask(old);
}

/* ---- flat documents --------------------------------------------------- */

static int no_ns_below_root(xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (c->nsDef || !c->ns || !no_ns_below_root(c))
			return 0;
	}
	return 1;
}

static void check_flat_part(td_pkg *pkg, const char *part, const char *root_name,
                            const char *const *children, size_t nchildren)
{
	xmlDocPtr doc;
	xmlNodePtr root, c;
	xmlNsPtr ns;
	xmlChar *v;
	size_t i = 0;

	assert_int_equal(td_pkg_parse(pkg, part, &doc), 0);
	root = xmlDocGetRootElement(doc);
	assert_string_equal((char *)root->name, root_name);
	assert_string_equal((char *)root->ns->prefix, "office");
	v = xmlGetNsProp(root, (const xmlChar *)"version",
	                 (const xmlChar *)"urn:oasis:names:tc:opendocument:xmlns:office:1.0");
	assert_string_equal((char *)v, "1.3");
	xmlFree(v);
	ns = xmlSearchNs(doc, root, (const xmlChar *)"loext");
	assert_non_null(ns);   /* declarations carried over, used or not */
	ns = xmlSearchNs(doc, root, (const xmlChar *)"text");
	assert_non_null(ns);
	assert_true(no_ns_below_root(root));
	for (c = root->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		assert_true(i < nchildren);
		assert_string_equal((char *)c->name, children[i]);
		i++;
	}
	assert_int_equal(i, nchildren);
	xmlFreeDoc(doc);
}

static void flat_document_splits_into_parts(void **state)
{
	/* Named .odt on purpose: the content decides, not the extension. */
	const char *path = P("flat-named.odt");
	static const char *const content[] = { "font-face-decls", "automatic-styles", "body" };
	static const char *const styles[] = { "font-face-decls", "styles", "automatic-styles",
		                              "master-styles" };
	static const char *const meta[] = { "meta" };
	static const char *const settings[] = { "settings" };
	td_pkg *pkg;
	char *data;
	size_t len;

	(void)state;
	write_file(path, S(FODT));
	assert_int_equal(td_pkg_open(&pkg, path, NULL), 0);
	assert_true(td_pkg_is_flat(pkg));
	assert_string_equal(td_pkg_mimetype(pkg), OTT);
	assert_int_equal(td_pkg_part_count(pkg), 4);
	assert_string_equal(td_pkg_part_name(pkg, 0), "content.xml");
	assert_string_equal(td_pkg_part_name(pkg, 1), "styles.xml");
	assert_string_equal(td_pkg_part_name(pkg, 2), "meta.xml");
	assert_string_equal(td_pkg_part_name(pkg, 3), "settings.xml");
	assert_string_equal(td_pkg_part_media_type(pkg, "styles.xml"), "text/xml");
	check_flat_part(pkg, "content.xml", "document-content", content, 3);
	check_flat_part(pkg, "styles.xml", "document-styles", styles, 4);
	check_flat_part(pkg, "meta.xml", "document-meta", meta, 1);
	check_flat_part(pkg, "settings.xml", "document-settings", settings, 1);
	assert_int_equal(td_pkg_read(pkg, "content.xml", &data, &len), 0);
	assert_non_null(strstr(data, "<text:span>{{ cum.ten }}</text:span>"));
	assert_non_null(strstr(data, "fo:font-weight=\"bold\""));
	assert_int_equal(strlen(data), len);
	td_free(data);
	td_pkg_free(pkg);

	/* A zip named .fodt is still a zip. */
	write_simple(P("zip-named.fodt"));
	assert_int_equal(td_pkg_open(&pkg, P("zip-named.fodt"), NULL), 0);
	assert_false(td_pkg_is_flat(pkg));
	td_pkg_free(pkg);
}

static void flat_document_without_meta(void **state)
{
	static const char doc[] =
		"\xef\xbb\xbf<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
		" office:mimetype=\"application/vnd.oasis.opendocument.spreadsheet\">"
		"<office:body><office:spreadsheet/></office:body></office:document>";
	td_pkg *pkg;

	(void)state;
	write_file(P("bare.fods"), S(doc));
	assert_int_equal(td_pkg_open(&pkg, P("bare.fods"), NULL), 0);
	assert_int_equal(td_pkg_part_count(pkg), 2);
	assert_false(td_pkg_has_part(pkg, "meta.xml"));
	td_pkg_free(pkg);

	/* Office as the default namespace, UTF-16: office:version must still
	 * come out prefixed. */
	{
		static const char dflt[] =
			"<?xml version=\"1.0\" encoding=\"UTF-16\"?><document"
			" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
			" xmlns:o=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
			" o:version=\"1.3\" o:mimetype=\"" ODT "\"><body><text/></body></document>";
		char wide[2 * sizeof dflt + 2];
		xmlDocPtr d;
		xmlChar *v;
		size_t i;

		wide[0] = (char)0xff;
		wide[1] = (char)0xfe;
		for (i = 0; i < sizeof dflt - 1; i++) {
			wide[2 + 2 * i] = dflt[i];
			wide[3 + 2 * i] = 0;
		}
		write_file(P("default-ns.fodt"), wide, 2 + 2 * (sizeof dflt - 1));
		assert_int_equal(td_pkg_open(&pkg, P("default-ns.fodt"), NULL), 0);
		assert_string_equal(td_pkg_mimetype(pkg), ODT);
		assert_int_equal(td_pkg_parse(pkg, "content.xml", &d), 0);
		v = xmlGetNsProp(xmlDocGetRootElement(d), (const xmlChar *)"version",
		                 (const xmlChar *)"urn:oasis:names:tc:opendocument:xmlns:office:1.0");
		assert_non_null(v);
		assert_string_equal((char *)v, "1.3");
		xmlFree(v);
		xmlFreeDoc(d);
		td_pkg_free(pkg);
	}

	write_file(P("nomime.fodt"), S("<office:document xmlns:office=\"urn:oasis:names:tc:"
	                               "opendocument:xmlns:office:1.0\"/>"));
	assert_int_equal(td_pkg_open(&pkg, P("nomime.fodt"), NULL), THIDUA_EFORMAT);
	assert_non_null(strstr(last_en(), "office:mimetype"));
	write_file(P("other.fodt"), S("<html><body/></html>"));
	assert_int_equal(td_pkg_open(&pkg, P("other.fodt"), NULL), THIDUA_EFORMAT);
	assert_non_null(strstr(last_en(), "not a flat ODF"));
}

/* ---- refusing what is not a usable ODF document ---------------------- */

static void encrypted_package_refused(void **state)
{
	const char *path = P("secret.odt");
	char manifest[2048];
	td_pkg *pkg = NULL;

	(void)state;
	snprintf(manifest, sizeof manifest,
	         "%s<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\""
	         " manifest:size=\"1000\"><manifest:encryption-data manifest:checksum-type=\"SHA1/1K\""
	         " manifest:checksum=\"AAAA\"><manifest:algorithm manifest:algorithm-name=\"Blowfish CFB\""
	         " manifest:initialisation-vector=\"AAAA\"/><manifest:key-derivation"
	         " manifest:key-derivation-name=\"PBKDF2\" manifest:iteration-count=\"1024\""
	         " manifest:salt=\"AAAA\"/></manifest:encryption-data></manifest:file-entry>"
	         "</manifest:manifest>", MANIFEST_HEAD);
	{
		zentry e[] = {
			{ "mimetype", S(ODT), ZIP_CM_STORE, 0 },
			{ "content.xml", S("\x13\x37garbage"), ZIP_CM_STORE, 0 },
			{ "META-INF/manifest.xml", manifest, strlen(manifest), ZIP_CM_DEFLATE, 0 },
		};
		make_zip(path, e, 3);
	}
	assert_int_equal(td_pkg_open(&pkg, path, NULL), THIDUA_EENCRYPTED);
	assert_null(pkg);
	assert_non_null(strstr(last_en(), path));
	assert_non_null(strstr(last_en(), "password-protected; save it without a password"));
	assert_non_null(strstr(last_vi(), "được bảo vệ bằng mật khẩu"));

	/* Zip-level encryption, where libzip can write it. */
	if (zip_encryption_method_supported(ZIP_EM_AES_256, 1)) {
		zip_t *za;
		zip_source_t *src;
		zip_int64_t idx;
		int err;

		unlink(path);
		za = zip_open(path, ZIP_CREATE, &err);
		assert_non_null(za);
		src = zip_source_buffer(za, ODT, sizeof ODT - 1, 0);
		idx = zip_file_add(za, "mimetype", src, 0);
		zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
		src = zip_source_buffer(za, CONTENT, sizeof CONTENT - 1, 0);
		idx = zip_file_add(za, "content.xml", src, 0);
		assert_int_equal(zip_file_set_encryption(za, (zip_uint64_t)idx, ZIP_EM_AES_256,
		                                         "mật khẩu"), 0);
		assert_int_equal(zip_close(za), 0);
		assert_int_equal(td_pkg_open(&pkg, path, NULL), THIDUA_EENCRYPTED);
		assert_non_null(strstr(last_en(), path));
	}
}

static void ooxml_refused(void **state)
{
	const char *path = P("renamed-docx.odt");
	td_pkg *pkg;
	zentry e[] = {
		{ "[Content_Types].xml", S("<Types/>"), ZIP_CM_DEFLATE, 0 },
		{ "word/document.xml", S("<w:document/>"), ZIP_CM_DEFLATE, 0 },
	};

	(void)state;
	make_zip(path, e, 2);
	assert_int_equal(td_pkg_open(&pkg, path, NULL), THIDUA_EFORMAT);
	assert_non_null(strstr(last_en(), path));
	assert_non_null(strstr(last_en(), "Microsoft Office (OOXML"));
	assert_non_null(strstr(last_en(), "save it as ODF"));
	assert_non_null(strstr(last_vi(), "LibreOffice"));

	write_file(P("old.doc"), S("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 rest"));
	assert_int_equal(td_pkg_open(&pkg, P("old.doc"), NULL), THIDUA_EFORMAT);
	assert_non_null(strstr(last_en(), "97-2003"));
}

static void not_odf_refused(void **state)
{
	td_pkg *pkg;
	zentry e[] = { { "readme.txt", S("hello"), ZIP_CM_DEFLATE, 0 } };

	(void)state;
	make_zip(P("plain.zip"), e, 1);
	assert_int_equal(td_pkg_open(&pkg, P("plain.zip"), NULL), THIDUA_EFORMAT);
	assert_non_null(strstr(last_en(), "no mimetype"));
	write_file(P("empty.odt"), "", 0);
	assert_int_equal(td_pkg_open(&pkg, P("empty.odt"), NULL), THIDUA_EFORMAT);
	assert_non_null(strstr(last_en(), P("empty.odt")));
	write_file(P("text.odt"), S("just some words"));
	assert_int_equal(td_pkg_open(&pkg, P("text.odt"), NULL), THIDUA_EFORMAT);
	assert_int_equal(td_pkg_open(&pkg, P("missing.odt"), NULL), THIDUA_EIO);
	assert_non_null(strstr(last_en(), P("missing.odt")));
	assert_int_equal(td_pkg_open(&pkg, tmpdir, NULL), THIDUA_EIO);
	assert_int_equal(td_pkg_open(&pkg, NULL, NULL), THIDUA_EINVAL);
	{
		zentry bad[] = {
			{ "mimetype", S(ODT), ZIP_CM_STORE, 0 },
			{ "../evil.xml", S("<x/>"), ZIP_CM_DEFLATE, 0 },
		};
		make_zip(P("evil.odt"), bad, 2);
		assert_int_equal(td_pkg_open(&pkg, P("evil.odt"), NULL), THIDUA_EFORMAT);
	}
}

static void truncated_zip_refused(void **state)
{
	const char *path = P("truncated.odt");
	unsigned char *b;
	size_t len;
	td_pkg *pkg;

	(void)state;
	write_simple(P("whole.odt"));
	b = slurp(P("whole.odt"), &len);
	write_file(path, b, len / 2);
	assert_int_equal(td_pkg_open(&pkg, path, NULL), THIDUA_EFORMAT);
	assert_non_null(strstr(last_en(), path));
	assert_non_null(strstr(last_en(), "damaged or truncated"));
	assert_non_null(strstr(last_vi(), path));
	/* Cut inside the central directory. */
	write_file(path, b, len - 30);
	assert_int_equal(td_pkg_open(&pkg, path, NULL), THIDUA_EFORMAT);
	free(b);
}

/* Set the declared uncompressed size of `name` in both the local header and
 * the central directory, so that the package stays consistent but lies. */
static void patch_size(unsigned char *b, size_t len, const char *name, uint32_t size)
{
	size_t i, n = strlen(name);
	int patched = 0;

	for (i = 0; i + 46 + n <= len; i++) {
		if (!memcmp(b + i, "PK\x03\x04", 4) && (size_t)(b[i + 26] | b[i + 27] << 8) == n &&
		    !memcmp(b + i + 30, name, n)) {
			b[i + 22] = size & 0xff;
			b[i + 23] = (size >> 8) & 0xff;
			b[i + 24] = (size >> 16) & 0xff;
			b[i + 25] = size >> 24;
			patched++;
		}
		if (!memcmp(b + i, "PK\x01\x02", 4) && (size_t)(b[i + 28] | b[i + 29] << 8) == n &&
		    !memcmp(b + i + 46, name, n)) {
			b[i + 24] = size & 0xff;
			b[i + 25] = (size >> 8) & 0xff;
			b[i + 26] = (size >> 16) & 0xff;
			b[i + 27] = size >> 24;
			patched++;
		}
	}
	assert_int_equal(patched, 2);
}

static void declared_sizes_not_trusted(void **state)
{
	const char *path = P("liar.odt");
	char big[20000];
	unsigned char *b;
	char *data = (char *)1;
	size_t len, i;
	td_pkg *pkg;
	td_pkg_writer *w;

	(void)state;
	for (i = 0; i < sizeof big; i++)
		big[i] = 'a' + (char)(i % 26);
	assert_int_equal(td_pkg_writer_open(&w, path, ODT, 0), 0);
	assert_int_equal(td_pkg_writer_add(w, "content.xml", NULL, S(CONTENT)), 0);
	assert_int_equal(td_pkg_writer_add(w, "big.txt", NULL, big, sizeof big), 0);
	assert_int_equal(td_pkg_writer_commit(w), 0);
	td_pkg_writer_free(w);
	b = slurp(path, &len);
	patch_size(b, len, "big.txt", 100);
	write_file(path, b, len);
	assert_int_equal(td_pkg_open(&pkg, path, NULL), 0);
	assert_int_equal(td_pkg_read(pkg, "big.txt", &data, &len), THIDUA_EFORMAT);
	assert_null(data);
	assert_non_null(strstr(last_en(), "longer than its declared size"));
	assert_non_null(strstr(last_en(), "big.txt"));
	/* A raw copy checks the data once too. */
	assert_int_equal(td_pkg_writer_open(&w, P("liar-copy.odt"), ODT, 0), 0);
	assert_int_equal(td_pkg_writer_copy(w, pkg, "big.txt"), THIDUA_EFORMAT);
	td_pkg_writer_free(w);
	td_pkg_free(pkg);
	free(b);

	/* Damaged compressed data. */
	write_simple(path = P("damaged.odt"));
	b = slurp(path, &len);
	for (i = 0; i + 4 < len; i++)
		if (!memcmp(b + i, "PK\x03\x04", 4) && !memcmp(b + i + 30, "content.xml", 11))
			break;
	for (size_t k = 0; k < 20; k++)
		b[i + 30 + 11 + 10 + k] ^= 0x55;
	write_file(path, b, len);
	free(b);
	assert_int_equal(td_pkg_open(&pkg, path, NULL), 0);
	assert_int_equal(td_pkg_read(pkg, "content.xml", &data, &len), THIDUA_EFORMAT);
	assert_non_null(strstr(last_en(), "content.xml"));
	td_pkg_free(pkg);
}

static void limits_enforced(void **state)
{
	const char *path = P("limits.odt");
	td_pkg_limits few = TD_PKG_LIMITS_DEFAULT, small = TD_PKG_LIMITS_DEFAULT,
	              total = TD_PKG_LIMITS_DEFAULT;
	td_pkg *pkg;
	char *zeros;
	size_t bomb = 4u << 20;

	(void)state;
	write_simple(path);
	few.max_entries = 3;
	assert_int_equal(td_pkg_open(&pkg, path, &few), THIDUA_ELIMIT);
	assert_non_null(strstr(last_en(), "number of entries"));
	assert_non_null(strstr(last_en(), path));
	small.max_entry_size = 100;
	assert_int_equal(td_pkg_open(&pkg, path, &small), THIDUA_ELIMIT);
	assert_non_null(strstr(last_en(), "size of"));
	total.max_total_size = 300;
	assert_int_equal(td_pkg_open(&pkg, path, &total), THIDUA_ELIMIT);
	assert_non_null(strstr(last_en(), "total size"));

	/* A part that inflates a thousandfold. */
	zeros = calloc(1, bomb);
	assert_non_null(zeros);
	{
		zentry e[] = {
			{ "mimetype", S(ODT), ZIP_CM_STORE, 0 },
			{ "content.xml", zeros, bomb, ZIP_CM_DEFLATE, 9 },
		};
		make_zip(P("bomb.odt"), e, 2);
	}
	free(zeros);
	assert_int_equal(td_pkg_open(&pkg, P("bomb.odt"), NULL), THIDUA_ELIMIT);
	assert_non_null(strstr(last_en(), "compression ratio"));

	/* Flat documents are bounded too. */
	write_file(P("flat-big.fodt"), S(FODT));
	assert_int_equal(td_pkg_open(&pkg, P("flat-big.fodt"), &total), THIDUA_ELIMIT);
	assert_non_null(strstr(last_en(), P("flat-big.fodt")));
}

/* ---- safe XML ----------------------------------------------------------- */

static void doctype_and_entities_refused(void **state)
{
	static const char laughs[] =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
		" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
		" <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
		" <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
		" <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
		" <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
		" <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
		" <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
		" <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
		" <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
		"]>\n<lolz>&lol9;</lolz>\n";
	static const char xxe[] =
		"<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
	static const char ext[] = "<!DOCTYPE x SYSTEM \"http://example.invalid/x.dtd\"><x/>";
	xmlDocPtr doc = NULL;
	td_pkg *pkg;
	zentry e[] = {
		{ "mimetype", S(ODT), ZIP_CM_STORE, 0 },
		{ "content.xml", S(xxe), ZIP_CM_DEFLATE, 0 },
	};

	(void)state;
	assert_int_equal(td_xml_parse(&doc, S(laughs), "laughs.xml"), THIDUA_EFORMAT);
	assert_null(doc);
	assert_non_null(strstr(last_en(), "laughs.xml"));
	assert_non_null(strstr(last_en(), "DOCTYPE"));
	assert_int_equal(td_xml_parse(&doc, S(xxe), "xxe.xml"), THIDUA_EFORMAT);
	assert_int_equal(td_xml_parse(&doc, S(ext), "ext.xml"), THIDUA_EFORMAT);
	assert_int_equal(td_xml_parse(&doc, S("<x>&undefined;</x>"), "u.xml"), THIDUA_EFORMAT);
	assert_int_equal(td_xml_parse(&doc, S("<a:x/>"), "ns.xml"), THIDUA_EFORMAT);
	assert_int_equal(td_xml_parse(&doc, S("<x>&amp;&#233;</x>"), "ok.xml"), 0);
	assert_string_equal((char *)xmlDocGetRootElement(doc)->children->content, "&é");
	xmlFreeDoc(doc);

	write_file(P("laughs.fodt"), S(laughs));
	assert_int_equal(td_pkg_open(&pkg, P("laughs.fodt"), NULL), THIDUA_EFORMAT);
	assert_non_null(strstr(last_en(), P("laughs.fodt")));
	make_zip(P("xxe.odt"), e, 2);
	assert_int_equal(td_pkg_open(&pkg, P("xxe.odt"), NULL), 0);
	assert_int_equal(td_pkg_parse(pkg, "content.xml", &doc), THIDUA_EFORMAT);
	assert_non_null(strstr(last_en(), "content.xml"));
	assert_non_null(strstr(last_en(), "DOCTYPE"));
	td_pkg_free(pkg);
}

static void parse_errors_name_line_quietly(void **state)
{
	static const char bad[] = "<?xml version=\"1.0\"?>\n<a>\n<b>\n</a>\n";
	char errfile[600];
	xmlDocPtr doc;
	td_pkg *pkg;
	zentry e[] = {
		{ "mimetype", S(ODT), ZIP_CM_STORE, 0 },
		{ "content.xml", S(bad), ZIP_CM_DEFLATE, 0 },
	};
	int saved, fd;
	struct stat sb;

	(void)state;
	snprintf(errfile, sizeof errfile, "%s/stderr.txt", tmpdir);
	fflush(stderr);
	saved = dup(2);
	fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, 2);
	close(fd);

	assert_int_equal(td_xml_parse(&doc, S(bad), "x.xml"), THIDUA_EFORMAT);
	make_zip(P("badxml.odt"), e, 2);
	assert_int_equal(td_pkg_open(&pkg, P("badxml.odt"), NULL), 0);
	assert_int_equal(td_pkg_parse(pkg, "content.xml", &doc), THIDUA_EFORMAT);
	td_pkg_free(pkg);

	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	assert_int_equal(stat(errfile, &sb), 0);
	assert_int_equal(sb.st_size, 0);
	assert_non_null(strstr(last_en(), P("badxml.odt")));
	assert_non_null(strstr(last_en(), "content.xml line 4"));
	assert_non_null(strstr(last_vi(), "content.xml dòng 4"));
}

static void filled_mimetype(void **state)
{
	(void)state;
	assert_string_equal(td_odf_filled_mimetype(OTT), ODT);
	assert_string_equal(td_odf_filled_mimetype("application/vnd.oasis.opendocument.spreadsheet-template"),
	                    "application/vnd.oasis.opendocument.spreadsheet");
	assert_string_equal(td_odf_filled_mimetype(ODT), ODT);
	assert_string_equal(td_odf_filled_mimetype("x/y"), "x/y");
	assert_null(td_odf_filled_mimetype(NULL));
}

/* ---- concurrency -------------------------------------------------------- */

static void *reader_thread(void *arg)
{
	const td_pkg *pkg = arg;
	char *data;
	size_t len;
	int i, bad = 0;

	for (i = 0; i < 200; i++) {
		if (td_pkg_read(pkg, i % 2 ? "content.xml" : "styles.xml", &data, &len))
			bad++;
		else if (len != (i % 2 ? sizeof CONTENT : sizeof STYLES) - 1)
			bad++;
		td_free(data);
	}
	return (void *)(intptr_t)bad;
}

static void concurrent_reads(void **state)
{
	pthread_t t[4];
	td_pkg *pkg;
	void *r;
	int i;

	(void)state;
	write_simple(P("threads.odt"));
	assert_int_equal(td_pkg_open(&pkg, P("threads.odt"), NULL), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, reader_thread, pkg), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &r), 0);
		assert_int_equal((intptr_t)r, 0);
	}
	td_pkg_free(pkg);
}

/* ---- out of memory -------------------------------------------------------- */

/* A part written in pieces reads back whole (libzip checks its CRC), whether each
 * piece is deflated or copied from the cache (the same bytes as deflating
 * it); one piece gives td_pkg_writer_add's bytes; bad ends are refused;
 * out of memory anywhere fails cleanly or only skips the cache. */
static void pieces_read_back_whole(void **state)
{
	const char *path[3] = { P("pieces1.ods"), P("pieces2.ods"), P("pieces3.ods") };
	char big[6000], *data;
	size_t ends[4], len, k;
	td_zcache *zc = td_zcache_new();
	td_pkg_writer *w;
	td_pkg *pkg;
	long n;
	int rc;

	(void)state;
	assert_non_null(zc);
	for (k = 0; k < sizeof big; k++)
		big[k] = "<row>abcdefgh</row>"[k % 19];
	big[100] = 'X'; /* the first piece differs between the documents */
	ends[0] = 1000;
	ends[1] = 1003;
	ends[2] = 1003; /* an empty piece */
	ends[3] = sizeof big;
	for (k = 0; k < 2; k++) {
		big[100] = (char)('X' + k);
		assert_int_equal(td_pkg_writer_open(&w, path[k], ODT, 0), 0);
		assert_int_equal(td_pkg_writer_add_pieces(w, "content.xml", NULL, big, sizeof big, ends,
		                                          4, zc), 0);
		assert_int_equal(td_pkg_writer_commit(w), 0);
		td_pkg_writer_free(w);
		assert_int_equal(td_pkg_open(&pkg, path[k], NULL), 0);
		assert_int_equal(td_pkg_read(pkg, "content.xml", &data, &len), 0);
		assert_int_equal(len, sizeof big);
		assert_memory_equal(data, big, len);
		td_free(data);
		td_pkg_free(pkg);
	}
	/* one piece: td_pkg_writer_add's bytes */
	ends[0] = sizeof big;
	assert_int_equal(td_pkg_writer_open(&w, path[2], ODT, 0), 0);
	assert_int_equal(td_pkg_writer_add_pieces(w, "content.xml", NULL, big, sizeof big, ends, 1,
	                                          NULL), 0);
	assert_int_equal(td_pkg_writer_commit(w), 0);
	td_pkg_writer_free(w);
	assert_int_equal(td_pkg_open(&pkg, path[2], NULL), 0);
	assert_int_equal(td_pkg_read(pkg, "content.xml", &data, &len), 0);
	assert_memory_equal(data, big, sizeof big);
	td_free(data);
	td_pkg_free(pkg);
	/* the middle piece deflated ahead of time: the same part */
	{
		td_zpiece zp;
		const td_zpiece *pre[3] = { NULL, &zp, NULL };
		char *zb = NULL;

		ends[0] = 1000;
		ends[1] = 4000;
		ends[2] = sizeof big;
		assert_int_equal(td_pkg_deflate_piece(big + 1000, 3000, &zb, &zp), 0);
		assert_int_equal(td_pkg_writer_open(&w, P("pieces6.ods"), ODT, 0), 0);
		assert_int_equal(td_pkg_writer_add_pieces_pre(w, "content.xml", NULL, big, sizeof big,
		                                              ends, pre, 3, NULL), 0);
		assert_int_equal(td_pkg_writer_commit(w), 0);
		td_pkg_writer_free(w);
		assert_int_equal(td_pkg_open(&pkg, P("pieces6.ods"), NULL), 0);
		assert_int_equal(td_pkg_read(pkg, "content.xml", &data, &len), 0);
		assert_int_equal(len, sizeof big);
		assert_memory_equal(data, big, len);
		td_free(data);
		td_pkg_free(pkg);
		/* a piece of another length is refused */
		ends[1] = 3999;
		assert_int_equal(td_pkg_writer_open(&w, P("pieces7.ods"), ODT, 0), 0);
		assert_int_equal(td_pkg_writer_add_pieces_pre(w, "content.xml", NULL, big, sizeof big,
		                                              ends, pre, 3, NULL), THIDUA_EINVAL);
		td_pkg_writer_free(w);
		td_free(zb);
	}
	/* ends that do not cover the data */
	ends[0] = 10;
	assert_int_equal(td_pkg_writer_open(&w, P("pieces4.ods"), ODT, 0), 0);
	assert_int_equal(td_pkg_writer_add_pieces(w, "content.xml", NULL, big, sizeof big, ends, 1,
	                                          zc), THIDUA_EINVAL);
	ends[0] = 20;
	ends[1] = 10;
	ends[2] = sizeof big;
	assert_int_equal(td_pkg_writer_add_pieces(w, "content.xml", NULL, big, sizeof big, ends, 3,
	                                          zc), THIDUA_EINVAL);
	td_pkg_writer_free(w);
	/* out of memory */
	ends[0] = 1000;
	ends[1] = sizeof big;
	for (n = 0;; n++) {
		td_zcache *z2;

		td_alloc_fail_after(n);
		z2 = td_zcache_new();
		w = NULL;
		rc = td_pkg_writer_open(&w, P("pieces5.ods"), ODT, TD_PKG_OVERWRITE);
		if (!rc)
			rc = td_pkg_writer_add_pieces(w, "content.xml", NULL, big, sizeof big, ends, 2, z2);
		if (!rc)
			rc = td_pkg_writer_commit(w);
		td_alloc_fail_after(-1);
		td_pkg_writer_free(w);
		td_zcache_free(z2);
		if (!rc)
			break;
		assert_int_equal(rc, THIDUA_ENOMEM);
		assert_true(n < 1000);
	}
	assert_int_equal(td_pkg_open(&pkg, P("pieces5.ods"), NULL), 0);
	assert_int_equal(td_pkg_read(pkg, "content.xml", &data, &len), 0);
	assert_memory_equal(data, big, sizeof big);
	td_free(data);
	td_pkg_free(pkg);
	td_zcache_free(zc);
}

static void open_read_under_allocation_failures(void **state)
{
	const char *paths[] = { P("oom.odt"), P("oom.fodt") };
	td_pkg *pkg;
	char *data;
	size_t len, k;
	long n;
	int rc;

	(void)state;
	write_simple(paths[0]);
	write_file(paths[1], S(FODT));
	for (k = 0; k < 2; k++) {
		for (n = 0;; n++) {
			pkg = NULL;
			td_alloc_fail_after(n);
			rc = td_pkg_open(&pkg, paths[k], NULL);
			if (!rc)
				rc = td_pkg_read(pkg, "content.xml", &data, &len);
			td_alloc_fail_after(-1);
			if (!rc) {
				td_free(data);
				td_pkg_free(pkg);
				break;
			}
			assert_int_equal(rc, THIDUA_ENOMEM);
			td_pkg_free(pkg);
			assert_true(n < 10000);
		}
		assert_true(n > 3);
	}
}

static void write_under_allocation_failures(void **state)
{
	const char *src_path = P("oom-src.odt"), *out = P("oom-out.odt");
	td_pkg *src;
	td_pkg_writer *w;
	long n;
	int rc;

	(void)state;
	write_simple(src_path);
	assert_int_equal(td_pkg_open(&src, src_path, NULL), 0);
	for (n = 0;; n++) {
		w = NULL;
		td_alloc_fail_after(n);
		rc = td_pkg_writer_open(&w, out, ODT, 0);
		if (!rc)
			rc = td_pkg_writer_add(w, "content.xml", NULL, S(CONTENT));
		if (!rc)
			rc = td_pkg_writer_copy(w, src, "Pictures/1.png");
		if (!rc)
			rc = td_pkg_writer_copy_rest(w, src);
		if (!rc)
			rc = td_pkg_writer_commit(w);
		td_alloc_fail_after(-1);
		td_pkg_writer_free(w);
		assert_int_equal(temp_files(), 0);
		if (!rc)
			break;
		assert_int_equal(rc, THIDUA_ENOMEM);
		assert_false(exists(out));
		assert_true(n < 10000);
	}
	assert_true(n > 5);
	assert_true(exists(out));
	td_pkg_free(src);
}

/* ---- conformance ---------------------------------------------------------- */

/* Open the flat template, fill nothing, write it as a package and let the
 * reference checker validate package rules and schema. */
static void written_package_passes_odfcheck(void **state)
{
	const char *checker = TD_SOURCE_DIR "/../shared/odf/odfcheck";
	const char *out = P("conform.odt");
	char cmd[2048];
	td_pkg *src;
	td_pkg_writer *w;

	(void)state;
	write_file(P("conform.fodt"), S(FODT));
	assert_int_equal(td_pkg_open(&src, P("conform.fodt"), NULL), 0);
	assert_int_equal(td_pkg_writer_open(&w, out, td_odf_filled_mimetype(td_pkg_mimetype(src)), 0), 0);
	assert_int_equal(td_pkg_writer_copy(w, src, "content.xml"), 0);
	assert_int_equal(td_pkg_writer_add(w, "Pictures/1.png", NULL, PNG, sizeof PNG - 1), 0);
	assert_int_equal(td_pkg_writer_copy_rest(w, src), 0);
	assert_int_equal(td_pkg_writer_commit(w), 0);
	td_pkg_writer_free(w);
	td_pkg_free(src);
	if (getenv("THIDUA_TEST_KEEP")) {
		snprintf(cmd, sizeof cmd, "cp '%s' '%s'", out, getenv("THIDUA_TEST_KEEP"));
		assert_int_equal(system(cmd), 0);
	}
	if (access(checker, X_OK) != 0) {
		print_message("odfcheck not found at %s; conformance check skipped\n", checker);
		skip();
	}
	snprintf(cmd, sizeof cmd, "'%s' '%s' >'%s/odfcheck.txt' 2>&1", checker, out, tmpdir);
	if (system(cmd) != 0) {
		snprintf(cmd, sizeof cmd, "cat '%s/odfcheck.txt' >&2", tmpdir);
		if (system(cmd)) {
		}
		fail_msg("odfcheck found problems in %s", out);
	}
}

/* ---- fixture directory --------------------------------------------------- */

static int setup(void **state)
{
	const char *base = getenv("TMPDIR");

	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "%s/thidua-pkg-XXXXXX", base && *base ? base : "/tmp");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	char path[800];

	(void)state;
	if (d) {
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(tmpdir);
	xmlCleanupParser();
	return 0;
}

/* ---- zpipe: a large part compressed on a thread of its own ---------- */

/* Text like a summary's rows, compressible but not trivially. */
static char *zp_text(size_t n)
{
	char *s = malloc(n);
	size_t i;
	unsigned x = 12345;

	assert_non_null(s);
	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		s[i] = (x >> 16) % 7 == 0 ? '\n' : (char)('a' + (x >> 16) % 26 / 3);
	}
	return s;
}

/* Raw-inflates z (zlen bytes) and checks it against want. */
static void zp_check_inflates_to(const char *z, size_t zlen, const char *want, size_t n)
{
	z_stream zs;
	char *got = malloc(n + 1);

	assert_non_null(got);
	memset(&zs, 0, sizeof zs);
	assert_int_equal(inflateInit2(&zs, -MAX_WBITS), Z_OK);
	zs.next_in = (Bytef *)z;
	zs.avail_in = (uInt)zlen;
	zs.next_out = (Bytef *)got;
	zs.avail_out = (uInt)n + 1;
	assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END);
	assert_int_equal(zs.total_out, n);
	assert_int_equal(zs.avail_in, 0);
	assert_memory_equal(got, want, n);
	inflateEnd(&zs);
	free(got);
}

/* The bytes of one run: blocks handed over by copy and by taking the
 * caller's buffer, of sizes that do not line up with anything. */
static char *zp_run(const char *data, size_t n, size_t *zlen)
{
	td_zpipe *p = NULL;
	size_t at = 0, k = 0;
	uint64_t size = 0;
	uint32_t crc = 0;
	char *z = NULL;

	assert_int_equal(td_zpipe_new(&p), 0);
	while (at < n) {
		size_t len = (k % 3 == 0 ? 1500000 : k % 3 == 1 ? 70001 : 1) + k;
		if (len > n - at)
			len = n - at;
		if (k % 2) {
			assert_int_equal(td_zpipe_write(p, data + at, len), 0);
		} else {
			td_buf b = TD_BUF_INIT;
			td_buf_put(&b, data + at, len);
			assert_int_equal(td_zpipe_take(p, &b), 0);
			assert_int_equal(b.len, 0); /* taken */
			td_buf_free(&b);
		}
		at += len;
		k++;
	}
	assert_int_equal(td_zpipe_write(p, data, 0), 0);
	assert_int_equal(td_zpipe_finish(p, &z, zlen, &size, &crc), 0);
	assert_non_null(z);
	assert_int_equal(size, n);
	assert_int_equal(crc, (uint32_t)crc32(crc32(0L, Z_NULL, 0), (const Bytef *)data, (uInt)n));
	/* the stream has ended */
	assert_int_equal(td_zpipe_write(p, "x", 1), THIDUA_EINVAL);
	{
		char *z2 = NULL;
		size_t l2;
		assert_int_equal(td_zpipe_finish(p, &z2, &l2, &size, &crc), THIDUA_EINVAL);
		assert_null(z2);
	}
	td_zpipe_free(p);
	return z;
}

static void zpipe_same_bytes_with_and_without_its_thread(void **state)
{
	size_t n = (size_t)9 << 20, l1, l2;
	char *data = zp_text(n), *z1, *z2;

	(void)state;
	tu_setenv("THIDUA_THREADS", "1");
	z1 = zp_run(data, n, &l1);
	tu_setenv("THIDUA_THREADS", "2");
	z2 = zp_run(data, n, &l2);
	tu_setenv("THIDUA_THREADS", NULL);
	zp_check_inflates_to(z2, l2, data, n);
	assert_int_equal(l1, l2);
	assert_memory_equal(z1, z2, l1);
	td_free(z1);
	td_free(z2);
	free(data);
}

static void zpipe_empty_part_still_ends_its_stream(void **state)
{
	td_zpipe *p = NULL;
	char *z = NULL;
	size_t zlen = 0;
	uint64_t size = 1;
	uint32_t crc = 1;

	(void)state;
	tu_setenv("THIDUA_THREADS", "2");
	assert_int_equal(td_zpipe_new(&p), 0);
	assert_int_equal(td_zpipe_finish(p, &z, &zlen, &size, &crc), 0);
	assert_non_null(z);
	assert_true(zlen > 0);
	assert_int_equal(size, 0);
	assert_int_equal(crc, 0);
	zp_check_inflates_to(z, zlen, "", 0);
	td_free(z);
	td_zpipe_free(p);
	tu_setenv("THIDUA_THREADS", NULL);
}

/* A fill that stops half-way frees its pipe while the thread still has
 * blocks to compress: it stops, and nothing leaks (ASan). */
static void zpipe_freed_while_busy(void **state)
{
	size_t n = (size_t)8 << 20, at;
	char *data = zp_text(n);
	td_zpipe *p = NULL;

	(void)state;
	tu_setenv("THIDUA_THREADS", "2");
	assert_int_equal(td_zpipe_new(&p), 0);
	for (at = 0; at < n; at += (size_t)1 << 20)
		assert_int_equal(td_zpipe_write(p, data + at, (size_t)1 << 20), 0);
	td_zpipe_free(p);
	td_zpipe_free(NULL);
	tu_setenv("THIDUA_THREADS", NULL);
	free(data);
}

/* Memory runs out at every point, on either thread: the caller gets
 * THIDUA_ENOMEM from a write or from finish, never a wrong stream. */
static void zpipe_out_of_memory_on_either_thread(void **state)
{
	size_t n = (size_t)3 << 20;
	char *data = zp_text(n);
	long k;
	int threads;

	(void)state;
	for (threads = 1; threads <= 2; threads++) {
		tu_setenv("THIDUA_THREADS", threads == 1 ? "1" : "2");
		for (k = 0; k < 40; k++) {
			td_zpipe *p = NULL;
			size_t at;
			int rc = 0;
			char *z = NULL;
			size_t zlen;
			uint64_t size;
			uint32_t crc;
			int finishing = 0;

			td_alloc_fail_after(k);
			rc = td_zpipe_new(&p);
			for (at = 0; rc == 0 && at < n; at += (size_t)1 << 19)
				rc = td_zpipe_write(p, data + at, (size_t)1 << 19);
			if (rc == 0 && (finishing = 1))
				rc = td_zpipe_finish(p, &z, &zlen, &size, &crc);
			td_alloc_fail_after(-1);
			if (rc == 0) {
				zp_check_inflates_to(z, zlen, data, n);
				td_free(z);
			} else {
				assert_int_equal(rc, THIDUA_ENOMEM);
				assert_null(z);
				/* a pipe that failed on a write stays failed */
				if (p && !finishing)
					assert_int_equal(td_zpipe_write(p, "x", 1), THIDUA_ENOMEM);
			}
			td_zpipe_free(p);
		}
	}
	tu_setenv("THIDUA_THREADS", NULL);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(write_then_reopen),
		cmocka_unit_test(mimetype_first_stored_no_extra),
		cmocka_unit_test(manifest_lists_every_part),
		cmocka_unit_test(raw_copy_keeps_compressed_bytes),
		cmocka_unit_test(copy_rest_drops_thumbnails_and_signatures),
		cmocka_unit_test(writer_refuses_overwrite),
		cmocka_unit_test(writer_leaves_nothing_behind),
		cmocka_unit_test(writer_sets_permissions_from_umask),
		cmocka_unit_test(flat_document_splits_into_parts),
		cmocka_unit_test(flat_document_without_meta),
		cmocka_unit_test(encrypted_package_refused),
		cmocka_unit_test(ooxml_refused),
		cmocka_unit_test(not_odf_refused),
		cmocka_unit_test(truncated_zip_refused),
		cmocka_unit_test(declared_sizes_not_trusted),
		cmocka_unit_test(limits_enforced),
		cmocka_unit_test(doctype_and_entities_refused),
		cmocka_unit_test(parse_errors_name_line_quietly),
		cmocka_unit_test(filled_mimetype),
		cmocka_unit_test(concurrent_reads),
		cmocka_unit_test(pieces_read_back_whole),
		cmocka_unit_test(open_read_under_allocation_failures),
		cmocka_unit_test(write_under_allocation_failures),
		cmocka_unit_test(written_package_passes_odfcheck),
		cmocka_unit_test(zpipe_same_bytes_with_and_without_its_thread),
		cmocka_unit_test(zpipe_empty_part_still_ends_its_stream),
		cmocka_unit_test(zpipe_freed_while_busy),
		cmocka_unit_test(zpipe_out_of_memory_on_either_thread),
	};

	return cmocka_run_group_tests_name("package", tests, setup, teardown);
}
