/* read_xlsx.c - the cells of a returned .xlsx scoring sheet (Office Open
 * XML SpreadsheetML, ECMA-376 Part 1 §18: workbook, relationships, shared
 * string table, worksheets), streamed from the zip with libzip and
 * libxml2's xmlReader into the grid of intake_int.h; and sniffing what a file
 * is. Only cells present in the XML cost anything: the sheet dimension and
 * row spans are not used. Styles, comments and drawings are not read. */
#include "intake/intake_int.h"
#include "odf/sheet.h"
#include "odf/xml.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libxml/xmlreader.h>
#include <zip.h>

/* Bounds (the same spirit as td_pkg_limits). */
#define X_MAX_ENTRIES 10000u
#define X_MAX_PART ((uint64_t)256 << 20)   /* inflated bytes of one part */
#define X_MAX_TOTAL ((uint64_t)1024 << 20) /* inflated bytes of all parts read */
#define X_MAX_RATIO 200u                   /* checked past 1 MiB */
#define X_MAX_SHEETS 4096u
#define X_MAX_RELS 10000u
#define X_MAX_STRINGS 2000000u
#define X_MAX_SHARED_F 100000u

#define REL_OFFICE_DOC "/officeDocument"
#define REL_WORKSHEET "/worksheet"
#define REL_SHARED_STRINGS "/sharedStrings"

typedef struct xrel {
	char *id, *type, *target; /* owned; target resolved to a part name */
} xrel;

typedef struct xsheet {
	char *name, *rid;        /* owned */
} xsheet;

typedef struct xfshared {
	unsigned long si;
	char *text;              /* owned */
} xfshared;

typedef struct xctx {
	const char *path;
	td_grid *g;
	zip_t *za;
	uint64_t total;          /* bytes inflated so far */
	char **strings;          /* owned: the shared string table */
	size_t n_strings, cap_strings;
	uint64_t string_bytes;   /* their length in all */
	xrel *rels;              /* owned: relationships of the part being resolved */
	size_t n_rels, cap_rels;
	xsheet *sheets;          /* owned */
	size_t n_sheets, cap_sheets;
} xctx;

/* One part being streamed into an xmlReader. */
typedef struct xstream {
	xctx *x;
	zip_file_t *zf;
	const char *name;
	uint64_t got, comp;
	int rc;
	char head[1024];         /* the first bytes, read before parsing so that
	                            the XML declaration can be checked whole */
	size_t head_len, head_pos;
} xstream;

/* ---- sniffing --------------------------------------------------------- */

int td_file_sniff(td_file_kind *kind, const char *path)
{
	return td_file_sniff_zip(kind, path, NULL);
}

int td_file_sniff_zip(td_file_kind *kind, const char *path, struct zip **keep)
{
	unsigned char b[8];
	ssize_t n;
	size_t i = 0;
	int fd;

	*kind = TD_FILE_OTHER;
	fd = td_open(path, O_RDONLY, 0);
	if (fd < 0)
		return td_error(THIDUA_EIO, "Không mở được %s: %s", "Cannot open %s: %s", path,
		                strerror(errno));
	do
		n = read(fd, b, sizeof b);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		int e = errno;

		close(fd);
		return td_error(THIDUA_EIO, "Không đọc được %s: %s", "Cannot read %s: %s", path,
		                strerror(e));
	}
	close(fd);
	if (n == 0) {
		*kind = TD_FILE_EMPTY;
		return 0;
	}
	if (n >= 4 && b[0] == 'P' && b[1] == 'K' &&
	    ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6))) {
		int zerr = 0;
		zip_t *za;

		*kind = TD_FILE_ZIP_ODF;
		/* opened as the package reader opens an archive, so that an ODF
		 * package is not opened a second time; one that fails that
		 * open's checks is looked into as it always was */
		if (keep && (za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr))) {
			if (zip_name_locate(za, "[Content_Types].xml", ZIP_FL_NOCASE) >= 0) {
				*kind = TD_FILE_ZIP_OOXML;
				zip_discard(za);
			} else {
				*keep = za;
			}
			return 0;
		}
		zerr = 0;
		za = zip_open(path, ZIP_RDONLY, &zerr);
		if (za) {
			if (zip_name_locate(za, "[Content_Types].xml", ZIP_FL_NOCASE) >= 0)
				*kind = TD_FILE_ZIP_OOXML;
			zip_discard(za);
		} else if (zerr == ZIP_ER_MEMORY) {
			return td_error_oom();
		}
		return 0;
	}
	if (n >= 4 && b[0] == 0xd0 && b[1] == 0xcf && b[2] == 0x11 && b[3] == 0xe0) {
		*kind = TD_FILE_OLE;
		return 0;
	}
	if (n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf)
		i = 3;
	if (n >= 2 && ((b[0] == 0xff && b[1] == 0xfe) || (b[0] == 0xfe && b[1] == 0xff))) {
		*kind = TD_FILE_XML;
		return 0;
	}
	while (i < (size_t)n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
		i++;
	if (i < (size_t)n && b[i] == '<')
		*kind = TD_FILE_XML;
	return 0;
}

/* An OLE2 compound file holding an encrypted OOXML package has a stream
 * named "EncryptionInfo" (MS-OFFCRYPTO); look for its UTF-16 name in the
 * first MiB, where the directory of a small file is. */
static int ole_is_encrypted(const char *path)
{
	static const char name[] = "EncryptionInfo";
	unsigned char pat[2 * (sizeof name - 1)];
	unsigned char *buf;
	ssize_t n;
	size_t len = 0, i, cap = 1u << 20;
	int fd, found = 0;

	for (i = 0; i < sizeof name - 1; i++) {
		pat[2 * i] = (unsigned char)name[i];
		pat[2 * i + 1] = 0;
	}
	buf = td_malloc(cap);
	if (!buf)
		return 0;
	fd = td_open(path, O_RDONLY, 0);
	if (fd >= 0) {
		while (len < cap) {
			n = read(fd, buf + len, cap - len);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			len += (size_t)n;
		}
		close(fd);
	}
	for (i = 0; !found && i + sizeof pat <= len; i++)
		found = memcmp(buf + i, pat, sizeof pat) == 0;
	td_free(buf);
	return found;
}

/* ---- zip parts -------------------------------------------------------- */

static int zip_error_rc(xctx *x, const char *part, zip_error_t *ze)
{
	switch (zip_error_code_zip(ze)) {
	case ZIP_ER_MEMORY:
		return td_error_oom();
	case ZIP_ER_OPEN:
	case ZIP_ER_READ:
	case ZIP_ER_SEEK:
		return td_error(THIDUA_EIO, "Không đọc được %s (%s): %s", "Cannot read %s (%s): %s",
		                x->path, part, zip_error_strerror(ze));
	case ZIP_ER_ENCRNOTSUPP:
	case ZIP_ER_NOPASSWD:
	case ZIP_ER_WRONGPASSWD:
		return td_error(THIDUA_EENCRYPTED,
		                "Tệp %s có mật khẩu; hãy bỏ mật khẩu rồi gửi lại.",
		                "%s is password-protected; remove the password and send it again.",
		                x->path);
	default:
		return td_error(THIDUA_EFORMAT, "Tệp %s bị hỏng: phần %s không đọc được (%s).",
		                "%s is damaged: part %s cannot be read (%s).", x->path, part,
		                zip_error_strerror(ze));
	}
}

static int limit_rc(xctx *x, const char *part)
{
	return td_error(THIDUA_ELIMIT,
	                "Tệp %s: phần %s quá lớn hoặc nén bất thường (có thể là tệp độc hại).",
	                "%s: part %s is too large or unusually compressed (hostile file?).",
	                x->path, part);
}

/* Read from the zip entry, counting against the bounds. */
static int zip_chunk(xstream *s, char *buf, int len)
{
	zip_int64_t n;

	if (s->rc)
		return -1;
	n = zip_fread(s->zf, buf, (zip_uint64_t)len);
	if (n < 0) {
		s->rc = zip_error_rc(s->x, s->name, zip_file_get_error(s->zf));
		return -1;
	}
	s->got += (uint64_t)n;
	s->x->total += (uint64_t)n;
	if (s->got > X_MAX_PART || s->x->total > X_MAX_TOTAL ||
	    (s->got > (1u << 20) && s->got / (s->comp ? s->comp : 1) > X_MAX_RATIO)) {
		s->rc = limit_rc(s->x, s->name);
		return -1;
	}
	return (int)n;
}

/* xmlReader input: the head read before parsing, then the rest. */
static int stream_read(void *ctx, char *buf, int len)
{
	xstream *s = ctx;

	if (s->rc)
		return -1;
	if (s->head_pos < s->head_len) {
		size_t k = s->head_len - s->head_pos;

		if (k > (size_t)len)
			k = (size_t)len;
		memcpy(buf, s->head + s->head_pos, k);
		s->head_pos += k;
		return (int)k;
	}
	return zip_chunk(s, buf, len);
}

/* Index of a part by name (case-insensitive, as OPC part names are), or -1. */
static zip_int64_t part_index(xctx *x, const char *name)
{
	if (!name || !*name)
		return -1;
	return zip_name_locate(x->za, name, ZIP_FL_NOCASE);
}

typedef int (*node_fn)(void *ud, xmlTextReaderPtr rd);

static void on_xml_error(void *arg, xmlErrorPtr err)
{
	td_xml_err_record(arg, err);
}

/* Stream part `name` through an xmlReader, calling fn on every node.
 * *found (may be NULL) tells whether the part exists; when it does not and
 * found is NULL, that is an error. */
static int run_part(xctx *x, const char *name, node_fn fn, void *ud, int *found)
{
	xstream s;
	xmlTextReaderPtr rd = NULL;
	zip_stat_t st;
	zip_int64_t idx;
	td_xml_err e;
	int ret, rc = 0, capturing = 0;

	memset(&s, 0, sizeof s);
	memset(&e, 0, sizeof e);
	if (found)
		*found = 0;
	idx = part_index(x, name);
	if (idx < 0) {
		if (found)
			return 0;
		return td_error(THIDUA_EFORMAT, "Tệp %s bị hỏng: thiếu phần %s.",
		                "%s is damaged: part %s is missing.", x->path, name);
	}
	if (found)
		*found = 1;
	zip_stat_init(&st);
	if (zip_stat_index(x->za, (zip_uint64_t)idx, 0, &st) < 0)
		return zip_error_rc(x, name, zip_get_error(x->za));
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return td_error(THIDUA_EENCRYPTED,
		                "Tệp %s có mật khẩu; hãy bỏ mật khẩu rồi gửi lại.",
		                "%s is password-protected; remove the password and send it again.",
		                x->path);
	if ((st.valid & ZIP_STAT_SIZE) && st.size > X_MAX_PART)
		return limit_rc(x, name);
	s.x = x;
	s.name = name;
	s.comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
	s.zf = zip_fopen_index(x->za, (zip_uint64_t)idx, 0);
	if (!s.zf)
		return zip_error_rc(x, name, zip_get_error(x->za));
	/* the declaration: read (and counted) before libxml2 sees it */
	while (s.head_len < sizeof s.head) {
		int k = zip_chunk(&s, s.head + s.head_len, (int)(sizeof s.head - s.head_len));

		if (k < 0) {
			rc = s.rc;
			goto cleanup;
		}
		if (k == 0)
			break;
		s.head_len += (size_t)k;
	}
	if ((rc = td_xml_check_encoding(s.head, s.head_len, x->path, name)))
		goto cleanup;
	td_xml_capture_begin(&e);
	capturing = 1;
	/* no URL: libxml2 2.9 leaks the input stream when copying one fails */
	rd = xmlReaderForIO(stream_read, NULL, &s, NULL, NULL, XML_PARSE_NONET);
	if (!rd) {
		rc = s.rc ? s.rc : td_error_oom();
		goto cleanup;
	}
	xmlTextReaderSetStructuredErrorHandler(rd, on_xml_error, &e);
	while ((ret = xmlTextReaderRead(rd)) == 1) {
		if (xmlTextReaderNodeType(rd) == XML_READER_TYPE_DOCUMENT_TYPE) {
			rc = td_error(THIDUA_EFORMAT,
			              "Tệp %s: phần %s có khai báo DOCTYPE: không được phép.",
			              "%s: part %s has a DOCTYPE declaration: refused.", x->path, name);
			goto cleanup;
		}
		rc = fn(ud, rd);
		if (rc)
			goto cleanup;
	}
	td_xml_capture_end(&e);
	capturing = 0;
	if (s.rc)
		rc = s.rc;
	else if ((ret < 0 || e.count) && e.nomem)
		rc = td_error_oom();
	else if (ret < 0 || e.count)
		rc = td_error(THIDUA_EFORMAT, "Tệp %s bị hỏng: %s, dòng %d: %s",
		              "%s is damaged: %s, line %d: %s", x->path, name, e.line ? e.line : 1,
		              e.count ? e.msg : "malformed XML");
cleanup:
	if (capturing)
		td_xml_capture_end(&e);
	if (rd)
		xmlFreeTextReader(rd);
	zip_fclose(s.zf);
	return rc;
}

static int local_is(xmlTextReaderPtr rd, const char *name)
{
	const xmlChar *l = xmlTextReaderConstLocalName(rd);

	return l && strcmp((const char *)l, name) == 0;
}

static int is_start(xmlTextReaderPtr rd, const char *name)
{
	return xmlTextReaderNodeType(rd) == XML_READER_TYPE_ELEMENT && local_is(rd, name);
}

static int is_end(xmlTextReaderPtr rd, const char *name)
{
	return xmlTextReaderNodeType(rd) == XML_READER_TYPE_END_ELEMENT && local_is(rd, name);
}

static int is_text(xmlTextReaderPtr rd)
{
	int t = xmlTextReaderNodeType(rd);

	return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
	       t == XML_READER_TYPE_WHITESPACE || t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* An attribute without namespace, copied (td_free), or NULL. */
static int attr_dup(xmlTextReaderPtr rd, const char *name, char **out)
{
	xmlChar *v = xmlTextReaderGetAttribute(rd, BAD_CAST name);

	*out = NULL;
	if (!v)
		return 0;
	*out = td_strdup((const char *)v);
	xmlFree(v);
	return *out ? 0 : td_error_oom();
}

/* The r:id attribute (transitional or strict relationships namespace). */
static int attr_rid(xmlTextReaderPtr rd, char **out)
{
	static const char *const ns[] = {
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
		"http://purl.oclc.org/ooxml/officeDocument/relationships"
	};
	size_t i;

	*out = NULL;
	for (i = 0; i < sizeof ns / sizeof ns[0]; i++) {
		xmlChar *v = xmlTextReaderGetAttributeNs(rd, BAD_CAST "id", BAD_CAST ns[i]);
		if (v) {
			*out = td_strdup((const char *)v);
			xmlFree(v);
			return *out ? 0 : td_error_oom();
		}
	}
	return 0;
}

/* Append text to b, bounded by the cell text limit. */
static int text_put(xctx *x, td_buf *b, xmlTextReaderPtr rd)
{
	const xmlChar *v = xmlTextReaderConstValue(rd);
	size_t n = v ? strlen((const char *)v) : 0;

	if (b->len + n > TD_SHEET_MAX_TEXT)
		return td_error(THIDUA_ELIMIT, "Tệp %s: một ô có nội dung dài quá %u byte.",
		                "%s: a cell's text is longer than %u bytes.", x->path,
		                TD_SHEET_MAX_TEXT);
	td_buf_put(b, (const char *)v, n);
	return td_buf_oom(b) ? td_error_oom() : 0;
}

/* ---- part names and relationships ------------------------------------ */

/* Resolve a relationship target against the directory of the source part
 * (base, e.g. "xl/workbook.xml"; "" for the package root), with "." and
 * ".." segments applied. Owned result; NULL when it escapes the package
 * (*rc 0) or memory runs out (*rc set). */
static char *resolve(const char *base, const char *target, int *rc)
{
	td_buf in = TD_BUF_INIT;
	const char *slash, *p;
	char *out = NULL;
	size_t n = 0;

	*rc = 0;
	if (target[0] != '/' && (slash = strrchr(base, '/')))
		td_buf_put(&in, base, (size_t)(slash - base) + 1);
	td_buf_puts(&in, target[0] == '/' ? target + 1 : target);
	if (td_buf_oom(&in) || !(out = td_malloc(in.len + 1))) {
		*rc = td_error_oom();
		goto cleanup;
	}
	for (p = in.ptr ? in.ptr : ""; *p;) {
		const char *seg = p;
		size_t len;

		while (*p && *p != '/')
			p++;
		len = (size_t)(p - seg);
		if (*p)
			p++;
		if (len == 0 || (len == 1 && seg[0] == '.'))
			continue;
		if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			if (n == 0) {
				td_free(out);
				out = NULL;
				goto cleanup;
			}
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
			continue;
		}
		if (n > 0)
			out[n++] = '/';
		memcpy(out + n, seg, len);
		n += len;
	}
	out[n] = '\0';
cleanup:
	td_buf_free(&in);
	return out;
}

static void rels_clear(xctx *x)
{
	size_t i;

	for (i = 0; i < x->n_rels; i++) {
		td_free(x->rels[i].id);
		td_free(x->rels[i].type);
		td_free(x->rels[i].target);
	}
	td_free(x->rels);
	x->rels = NULL;
	x->n_rels = x->cap_rels = 0;
}

typedef struct rels_ud {
	xctx *x;
	const char *source;  /* the part the relationships belong to */
} rels_ud;

static int rels_node(void *ud, xmlTextReaderPtr rd)
{
	rels_ud *u = ud;
	xctx *x = u->x;
	char *id = NULL, *type = NULL, *target = NULL, *mode = NULL, *resolved = NULL;
	int rc;

	if (!is_start(rd, "Relationship"))
		return 0;
	if ((rc = attr_dup(rd, "Id", &id)) || (rc = attr_dup(rd, "Type", &type)) ||
	    (rc = attr_dup(rd, "Target", &target)) || (rc = attr_dup(rd, "TargetMode", &mode)))
		goto cleanup;
	if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
		goto cleanup;
	resolved = resolve(u->source, target, &rc);
	if (rc || !resolved)
		goto cleanup;
	if (x->n_rels >= X_MAX_RELS) {
		rc = limit_rc(x, "relationships");
		goto cleanup;
	}
	if (x->n_rels == x->cap_rels) {
		size_t cap = x->cap_rels ? x->cap_rels * 2 : 8;
		xrel *n = td_realloc(x->rels, cap * sizeof *n);
		if (!n) {
			rc = td_error_oom();
			goto cleanup;
		}
		x->rels = n;
		x->cap_rels = cap;
	}
	x->rels[x->n_rels].id = id;
	x->rels[x->n_rels].type = type;
	x->rels[x->n_rels].target = resolved;
	x->n_rels++;
	id = type = resolved = NULL;
cleanup:
	td_free(id);
	td_free(type);
	td_free(target);
	td_free(mode);
	td_free(resolved);
	return rc;
}

/* Read the relationships of part `source` ("" for the package). */
static int read_rels(xctx *x, const char *source)
{
	td_buf name = TD_BUF_INIT;
	const char *slash = strrchr(source, '/');
	rels_ud u;
	int found, rc;

	rels_clear(x);
	if (slash)
		td_buf_put(&name, source, (size_t)(slash - source) + 1);
	td_buf_puts(&name, "_rels/");
	td_buf_puts(&name, slash ? slash + 1 : source);
	td_buf_puts(&name, ".rels");
	if (td_buf_oom(&name))
		return td_error_oom();
	u.x = x;
	u.source = source;
	rc = run_part(x, name.ptr, rels_node, &u, &found);
	td_buf_free(&name);
	return rc;
}

/* The target of the first relationship whose type ends with `suffix`
 * (borrowed), or NULL. */
static const char *rel_by_type(const xctx *x, const char *suffix)
{
	size_t i, ls = strlen(suffix);

	for (i = 0; i < x->n_rels; i++) {
		size_t lt = strlen(x->rels[i].type);
		if (lt >= ls && strcmp(x->rels[i].type + lt - ls, suffix) == 0)
			return x->rels[i].target;
	}
	return NULL;
}

static const xrel *rel_by_id(const xctx *x, const char *id)
{
	size_t i;

	for (i = 0; id && i < x->n_rels; i++)
		if (strcmp(x->rels[i].id, id) == 0)
			return &x->rels[i];
	return NULL;
}

/* ---- workbook --------------------------------------------------------- */

static int workbook_node(void *ud, xmlTextReaderPtr rd)
{
	xctx *x = ud;
	char *name = NULL, *rid = NULL;
	int rc;

	if (!is_start(rd, "sheet"))
		return 0;
	if ((rc = attr_dup(rd, "name", &name)) || (rc = attr_rid(rd, &rid)))
		goto cleanup;
	if (x->n_sheets >= X_MAX_SHEETS) {
		rc = limit_rc(x, "workbook");
		goto cleanup;
	}
	if (x->n_sheets == x->cap_sheets) {
		size_t cap = x->cap_sheets ? x->cap_sheets * 2 : 8;
		xsheet *n = td_realloc(x->sheets, cap * sizeof *n);
		if (!n) {
			rc = td_error_oom();
			goto cleanup;
		}
		x->sheets = n;
		x->cap_sheets = cap;
	}
	if (!name && !(name = td_strdup(""))) {
		rc = td_error_oom();
		goto cleanup;
	}
	x->sheets[x->n_sheets].name = name;
	x->sheets[x->n_sheets].rid = rid;
	x->n_sheets++;
	name = rid = NULL;
cleanup:
	td_free(name);
	td_free(rid);
	return rc;
}

/* ---- shared strings --------------------------------------------------- */

typedef struct sst_ud {
	xctx *x;
	int in_si, in_t, skip_depth;
	td_buf text;
} sst_ud;

static int sst_push(xctx *x, td_buf *b)
{
	char *s;

	if (x->n_strings >= X_MAX_STRINGS)
		return limit_rc(x, "sharedStrings");
	x->string_bytes += b->len + 1;
	if (x->string_bytes > TD_GRID_MAX_BYTES)
		return td_error(THIDUA_ELIMIT,
		                "Tệp %s: bảng chuỗi dùng chung (sharedStrings) dài quá %llu MiB; tệp có thể bị hỏng hoặc được làm ra để gây hại.",
		                "%s: the shared string table (sharedStrings) is longer than %llu MiB; the file may be damaged or made to do harm.",
		                x->path, (unsigned long long)(TD_GRID_MAX_BYTES >> 20));
	if (x->n_strings == x->cap_strings) {
		size_t cap = x->cap_strings ? x->cap_strings * 2 : 64;
		char **n = td_realloc(x->strings, cap * sizeof *n);
		if (!n)
			return td_error_oom();
		x->strings = n;
		x->cap_strings = cap;
	}
	s = b->ptr ? td_buf_detach(b) : td_strdup("");
	if (!s)
		return td_error_oom();
	x->strings[x->n_strings++] = s;
	return 0;
}

/* <si> holds <t>, or rich text runs <r><rPr/><t/></r> whose texts are
 * joined; phonetic runs <rPh> are not part of the text. */
static int sst_node(void *ud, xmlTextReaderPtr rd)
{
	sst_ud *u = ud;
	int depth = xmlTextReaderDepth(rd);

	if (u->skip_depth >= 0) {
		if (xmlTextReaderNodeType(rd) == XML_READER_TYPE_END_ELEMENT &&
		    depth == u->skip_depth)
			u->skip_depth = -1;
		return 0;
	}
	if (is_start(rd, "si")) {
		u->in_si = 1;
		td_buf_clear(&u->text);
		if (xmlTextReaderIsEmptyElement(rd)) {
			u->in_si = 0;
			return sst_push(u->x, &u->text);
		}
		return 0;
	}
	if (!u->in_si)
		return 0;
	if (is_end(rd, "si")) {
		u->in_si = 0;
		return sst_push(u->x, &u->text);
	}
	if (is_start(rd, "rPh") || is_start(rd, "phoneticPr")) {
		if (!xmlTextReaderIsEmptyElement(rd))
			u->skip_depth = depth;
		return 0;
	}
	if (is_start(rd, "t")) {
		u->in_t = !xmlTextReaderIsEmptyElement(rd);
		return 0;
	}
	if (is_end(rd, "t")) {
		u->in_t = 0;
		return 0;
	}
	if (u->in_t && is_text(rd))
		return text_put(u->x, &u->text, rd);
	return 0;
}

/* ---- worksheets -------------------------------------------------------- */

typedef struct ws_ud {
	xctx *x;
	int in_data;             /* inside <sheetData> */
	uint64_t row;            /* current row, 0-based */
	uint64_t next_col;       /* column after the last cell */
	int row_seen;            /* a <row> was started */
	/* the cell being read */
	int in_c, in_v, in_f, in_is, in_t, skip_depth;
	uint64_t c_row, c_col;
	char *c_type;            /* owned: t attribute */
	int has_v, has_f, has_is;
	td_buf v, f, is;
	char *f_si;              /* owned: si of a shared formula */
	int f_shared;
	xfshared *shared;        /* owned: masters of shared formulas */
	size_t n_shared, cap_shared;
} ws_ud;

/* "D12" -> row 11, col 3. 0, or -1 when malformed. Indexes beyond the
 * grid saturate (and are refused as such for a non-empty cell), so that
 * "D99999999999" is never taken for a cell somewhere else. */
static int parse_ref(const char *s, uint64_t *row, uint64_t *col)
{
	uint64_t c = 0, r = 0;
	int nl = 0, nd = 0;

	for (; *s >= 'A' && *s <= 'Z'; s++, nl++)
		if (c < UINT32_MAX)
			c = c * 26 + (uint64_t)(*s - 'A' + 1);
	for (; *s >= '0' && *s <= '9'; s++, nd++)
		if (r < UINT32_MAX)
			r = r * 10 + (uint64_t)(*s - '0');
	if (*s || !nl || !nd || r == 0)
		return -1;
	*row = r - 1;
	*col = c - 1;
	return 0;
}

/* A row number attribute (1-based, saturating like parse_ref): 0 when
 * absent, -1 when malformed. */
static int parse_row_attr(const char *s, uint64_t *out)
{
	uint64_t r = 0;
	int nd = 0;

	*out = 0;
	if (!s)
		return 0;
	for (; *s >= '0' && *s <= '9'; s++, nd++)
		if (r < UINT32_MAX)
			r = r * 10 + (uint64_t)(*s - '0');
	if (*s || !nd || r == 0)
		return -1;
	*out = r;
	return 0;
}

static int bad_ref(xctx *x, int row, const char *ref)
{
	char shown[48];
	size_t i;

	/* shown only when short and plain ASCII (never a cut character) */
	snprintf(shown, sizeof shown, "%s", strlen(ref) <= 40 ? ref : "…");
	for (i = 0; shown[i]; i++)
		if ((unsigned char)shown[i] < 0x20 || (unsigned char)shown[i] >= 0x7f) {
			snprintf(shown, sizeof shown, "…");
			break;
		}
	if (row)
		return td_error(THIDUA_EFORMAT, "Tệp %s bị hỏng: một hàng có số hàng sai (\"%s\").",
		                "%s is damaged: a row has a wrong row number (\"%s\").", x->path, shown);
	return td_error(THIDUA_EFORMAT, "Tệp %s bị hỏng: một ô có địa chỉ sai (\"%s\").",
	                "%s is damaged: a cell has a wrong reference (\"%s\").", x->path, shown);
}

static void cell_reset(ws_ud *u)
{
	td_free(u->c_type);
	td_free(u->f_si);
	u->c_type = u->f_si = NULL;
	u->in_c = u->in_v = u->in_f = u->in_is = u->in_t = 0;
	u->has_v = u->has_f = u->has_is = u->f_shared = 0;
	td_buf_clear(&u->v);
	td_buf_clear(&u->f);
	td_buf_clear(&u->is);
}

static int cell_start(ws_ud *u, xmlTextReaderPtr rd)
{
	char *ref = NULL;
	int rc;

	cell_reset(u);
	u->in_c = 1;
	if ((rc = attr_dup(rd, "r", &ref)) || (rc = attr_dup(rd, "t", &u->c_type))) {
		td_free(ref);
		return rc;
	}
	if (!ref) {
		u->c_row = u->row;
		u->c_col = u->next_col;
	} else if (parse_ref(ref, &u->c_row, &u->c_col) < 0) {
		rc = bad_ref(u->x, 0, ref);
		td_free(ref);
		return rc;
	}
	td_free(ref);
	u->next_col = u->c_col + 1;
	return 0;
}

static int shared_master(ws_ud *u, unsigned long si, const char *text)
{
	char *t;

	if (u->n_shared >= X_MAX_SHARED_F)
		return limit_rc(u->x, "shared formulas");
	if (u->n_shared == u->cap_shared) {
		size_t cap = u->cap_shared ? u->cap_shared * 2 : 16;
		xfshared *n = td_realloc(u->shared, cap * sizeof *n);
		if (!n)
			return td_error_oom();
		u->shared = n;
		u->cap_shared = cap;
	}
	if (!(t = td_strdup(text)))
		return td_error_oom();
	u->shared[u->n_shared].si = si;
	u->shared[u->n_shared].text = t;
	u->n_shared++;
	return 0;
}

static const char *shared_find(const ws_ud *u, unsigned long si)
{
	size_t i;

	for (i = 0; i < u->n_shared; i++)
		if (u->shared[i].si == si)
			return u->shared[i].text;
	return NULL;
}

/* The cell is complete: give it to the grid (empty cells are dropped). */
static int cell_end(ws_ud *u)
{
	xctx *x = u->x;
	const char *t = u->c_type ? u->c_type : "n";
	td_gtype type = TD_G_NUMBER;
	char *text = NULL, *value = NULL, *formula = NULL;
	const char *vs = u->v.ptr ? u->v.ptr : "";
	int rc = 0;

	u->in_c = 0;
	if (u->has_f) {
		const char *ftext = u->f.ptr ? u->f.ptr : "";
		unsigned long si = u->f_si ? strtoul(u->f_si, NULL, 10) : 0;

		if (u->f_shared && u->f_si) {
			if (*ftext)
				rc = shared_master(u, si, ftext);
			else if (shared_find(u, si))
				ftext = shared_find(u, si);
			if (rc)
				goto cleanup;
		}
		formula = td_malloc(strlen(ftext) + 2);
		if (!formula) {
			rc = td_error_oom();
			goto cleanup;
		}
		formula[0] = '=';
		strcpy(formula + 1, ftext);
	}
	if (!strcmp(t, "s")) {
		char *end;
		unsigned long i;

		type = TD_G_STRING;
		if (u->has_v) {
			errno = 0;
			i = strtoul(vs, &end, 10);
			if (errno || end == vs || *end || i >= x->n_strings) {
				rc = td_error(THIDUA_EFORMAT,
				              "Tệp %s bị hỏng: ô có chỉ số chuỗi dùng chung sai (%s).",
				              "%s is damaged: a cell has a wrong shared-string index (%s).",
				              x->path, vs);
				goto cleanup;
			}
			if (*x->strings[i] && !(text = td_strdup(x->strings[i])))
				goto oom;
		}
	} else if (!strcmp(t, "inlineStr")) {
		type = TD_G_STRING;
		if (u->is.len && !(text = td_strdup(u->is.ptr)))
			goto oom;
	} else if (!strcmp(t, "str")) {
		type = TD_G_STRING;
		if (u->v.len && !(text = td_strdup(vs)))
			goto oom;
	} else if (!strcmp(t, "b") || !strcmp(t, "e") || !strcmp(t, "d")) {
		type = !strcmp(t, "b") ? TD_G_BOOL : !strcmp(t, "e") ? TD_G_ERROR : TD_G_DATE;
		if (u->has_v) {
			if (!(value = td_strdup(vs)))
				goto oom;
			if (type == TD_G_ERROR && !(text = td_strdup(vs)))
				goto oom;
		}
	} else if (u->has_v && u->v.len) {
		if (!(value = td_strdup(vs)))
			goto oom;
	}
	if (!text && !value && !formula)
		goto cleanup; /* an empty (styled) cell */
	if (type == TD_G_NUMBER && !value)
		type = TD_G_STRING; /* a formula without a cached value */
	if (u->c_row >= TD_GRID_MAX_ROWS || u->c_col >= TD_GRID_MAX_COLS) {
		rc = td_error(THIDUA_ELIMIT,
		              "Tệp %s: có ô không trống ở hàng %llu, cột %llu, vượt giới hạn %u hàng × %u cột.",
		              "%s: a non-empty cell at row %llu, column %llu is beyond the limit of %u rows × %u columns.",
		              x->path, (unsigned long long)u->c_row + 1,
		              (unsigned long long)u->c_col + 1, TD_GRID_MAX_ROWS, TD_GRID_MAX_COLS);
		goto cleanup;
	}
	rc = td_grid_add_cell(x->g, (uint32_t)u->c_row, (uint32_t)u->c_col, type, text, value,
	                      formula);
	text = value = formula = NULL;
	goto cleanup;
oom:
	rc = td_error_oom();
cleanup:
	td_free(text);
	td_free(value);
	td_free(formula);
	cell_reset(u);
	return rc;
}

static int ws_node(void *ud, xmlTextReaderPtr rd)
{
	ws_ud *u = ud;
	int type = xmlTextReaderNodeType(rd);
	int depth = xmlTextReaderDepth(rd);
	int empty;
	char *s = NULL;
	int rc;

	if (u->skip_depth >= 0) {
		if (type == XML_READER_TYPE_END_ELEMENT && depth == u->skip_depth)
			u->skip_depth = -1;
		return 0;
	}
	if (!u->in_data) {
		if (is_start(rd, "sheetData") && !xmlTextReaderIsEmptyElement(rd))
			u->in_data = 1;
		return 0;
	}
	if (is_end(rd, "sheetData")) {
		u->in_data = 0;
		return 0;
	}
	empty = type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(rd);
	if (!u->in_c) {
		if (is_start(rd, "row")) {
			uint64_t r;

			if ((rc = attr_dup(rd, "r", &s)))
				return rc;
			if (parse_row_attr(s, &r) < 0) {
				rc = bad_ref(u->x, 1, s);
				td_free(s);
				return rc;
			}
			td_free(s);
			u->row = r ? r - 1 : (u->row_seen ? u->row + 1 : 0);
			u->row_seen = 1;
			u->next_col = 0;
			return 0;
		}
		if (is_start(rd, "c")) {
			if ((rc = cell_start(u, rd)))
				return rc;
			return empty ? cell_end(u) : 0;
		}
		return 0;
	}
	if (is_end(rd, "c"))
		return cell_end(u);
	if (u->in_is && (is_start(rd, "rPh") || is_start(rd, "phoneticPr"))) {
		if (!empty)
			u->skip_depth = depth;
		return 0;
	}
	if (type == XML_READER_TYPE_ELEMENT) {
		if (local_is(rd, "v")) {
			u->has_v = 1;
			u->in_v = !empty;
		} else if (local_is(rd, "f")) {
			u->has_f = 1;
			u->in_f = !empty;
			if ((rc = attr_dup(rd, "t", &s)))
				return rc;
			u->f_shared = s && strcmp(s, "shared") == 0;
			td_free(s);
			td_free(u->f_si);
			if ((rc = attr_dup(rd, "si", &u->f_si)))
				return rc;
		} else if (local_is(rd, "is")) {
			u->has_is = 1;
			u->in_is = !empty;
		} else if (u->in_is && local_is(rd, "t")) {
			u->in_t = !empty;
		}
		return 0;
	}
	if (type == XML_READER_TYPE_END_ELEMENT) {
		if (local_is(rd, "v"))
			u->in_v = 0;
		else if (local_is(rd, "f"))
			u->in_f = 0;
		else if (local_is(rd, "is"))
			u->in_is = 0;
		else if (local_is(rd, "t"))
			u->in_t = 0;
		return 0;
	}
	if (!is_text(rd))
		return 0;
	if (u->in_v)
		return text_put(u->x, &u->v, rd);
	if (u->in_f)
		return text_put(u->x, &u->f, rd);
	if (u->in_is && u->in_t)
		return text_put(u->x, &u->is, rd);
	return 0;
}

static int read_worksheet(xctx *x, const char *part)
{
	ws_ud u;
	size_t i;
	int rc;

	memset(&u, 0, sizeof u);
	u.x = x;
	u.skip_depth = -1;
	rc = run_part(x, part, ws_node, &u, NULL);
	cell_reset(&u);
	td_buf_free(&u.v);
	td_buf_free(&u.f);
	td_buf_free(&u.is);
	for (i = 0; i < u.n_shared; i++)
		td_free(u.shared[i].text);
	td_free(u.shared);
	return rc;
}

/* ---- the whole file --------------------------------------------------- */

static int open_zip(xctx *x)
{
	zip_error_t ze;
	zip_int64_t n;
	int zerr = 0, rc;

	x->za = zip_open(x->path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	if (!x->za) {
		zip_error_init_with_code(&ze, zerr);
		if (zerr == ZIP_ER_MEMORY)
			rc = td_error_oom();
		else if (zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ || zerr == ZIP_ER_SEEK)
			rc = td_error(THIDUA_EIO, "Không đọc được %s: %s", "Cannot read %s: %s",
			              x->path, zip_error_strerror(&ze));
		else
			rc = td_error(THIDUA_EFORMAT,
			              "Tệp %s bị hỏng hoặc không đầy đủ (%s); hãy lấy lại bản gốc.",
			              "%s is damaged or truncated (%s); get the original again.",
			              x->path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	n = zip_get_num_entries(x->za, 0);
	if (n < 0 || (uint64_t)n > X_MAX_ENTRIES)
		return td_error(THIDUA_ELIMIT, "Tệp %s có quá nhiều phần (%lld; tối đa %u).",
		                "%s has too many parts (%lld; at most %u).", x->path, (long long)n,
		                X_MAX_ENTRIES);
	return 0;
}

static int not_xlsx(xctx *x)
{
	if (part_index(x, "word/document.xml") >= 0)
		return td_error(THIDUA_EFORMAT,
		                "Tệp %s là văn bản Word (.docx), không phải bảng tính chấm điểm.",
		                "%s is a Word document (.docx), not a scoring sheet.", x->path);
	if (part_index(x, "ppt/presentation.xml") >= 0)
		return td_error(THIDUA_EFORMAT,
		                "Tệp %s là bản trình chiếu (.pptx), không phải bảng tính chấm điểm.",
		                "%s is a presentation (.pptx), not a scoring sheet.", x->path);
	return td_error(THIDUA_EFORMAT, "Tệp %s không phải bảng tính Excel (.xlsx): không có xl/workbook.xml.",
	                "%s is not an Excel workbook (.xlsx): it has no xl/workbook.xml.", x->path);
}

static int td_grid_read_xlsx_impl(td_grid *g, const char *path)
{
	xctx x;
	td_file_kind kind;
	char *workbook = NULL;
	const char *t;
	sst_ud sst;
	size_t i;
	int rc, found;

	memset(&x, 0, sizeof x);
	memset(&sst, 0, sizeof sst);
	x.path = path;
	x.g = g;
	g->file = path;
	rc = td_file_sniff(&kind, path);
	if (rc)
		goto cleanup;
	if (kind == TD_FILE_OLE) {
		if (ole_is_encrypted(path))
			rc = td_error(THIDUA_EENCRYPTED,
			              "Tệp %s có mật khẩu (Excel mã hoá); hãy bỏ mật khẩu rồi lưu lại dạng .xlsx hoặc .ods.",
			              "%s is password-protected (encrypted Excel); remove the password and save it as .xlsx or .ods.",
			              path);
		else
			rc = td_error(THIDUA_EFORMAT,
			              "Tệp %s là tệp Excel 97-2003 (.xls) hoặc tệp có mật khẩu; hãy lưu lại dạng .xlsx hoặc .ods, không đặt mật khẩu.",
			              "%s is an Excel 97-2003 (.xls) or password-protected file; save it as .xlsx or .ods without a password.",
			              path);
		goto cleanup;
	}
	if (kind != TD_FILE_ZIP_OOXML && kind != TD_FILE_ZIP_ODF) {
		rc = td_error(THIDUA_EFORMAT, "Tệp %s không phải bảng tính .xlsx.",
		              "%s is not an .xlsx workbook.", path);
		goto cleanup;
	}
	if ((rc = open_zip(&x)))
		goto cleanup;
	/* the package's main part */
	if ((rc = read_rels(&x, "")))
		goto cleanup;
	t = rel_by_type(&x, REL_OFFICE_DOC);
	if (t && !(workbook = td_strdup(t))) {
		rc = td_error_oom();
		goto cleanup;
	}
	if (!workbook || part_index(&x, workbook) < 0) {
		td_free(workbook);
		workbook = td_strdup("xl/workbook.xml");
		if (!workbook) {
			rc = td_error_oom();
			goto cleanup;
		}
	}
	if (part_index(&x, workbook) < 0) {
		rc = not_xlsx(&x);
		goto cleanup;
	}
	if ((rc = run_part(&x, workbook, workbook_node, &x, NULL)) || (rc = read_rels(&x, workbook)))
		goto cleanup;
	/* shared strings */
	sst.x = &x;
	sst.skip_depth = -1;
	t = rel_by_type(&x, REL_SHARED_STRINGS);
	rc = run_part(&x, t ? t : "xl/sharedStrings.xml", sst_node, &sst, &found);
	if (rc)
		goto cleanup;
	for (i = 0; i < x.n_sheets; i++) {
		const xrel *r = rel_by_id(&x, x.sheets[i].rid);
		size_t lt;

		if (!r)
			continue;
		lt = strlen(r->type);
		if (lt < strlen(REL_WORKSHEET) ||
		    strcmp(r->type + lt - strlen(REL_WORKSHEET), REL_WORKSHEET) != 0)
			continue; /* a chart sheet, a dialog sheet, a macro sheet */
		if ((rc = td_grid_add_sheet(g, x.sheets[i].name)) || (rc = read_worksheet(&x, r->target)))
			goto cleanup;
	}
	td_grid_finish(g);
cleanup:
	td_buf_free(&sst.text);
	td_free(workbook);
	rels_clear(&x);
	for (i = 0; i < x.n_sheets; i++) {
		td_free(x.sheets[i].name);
		td_free(x.sheets[i].rid);
	}
	td_free(x.sheets);
	for (i = 0; i < x.n_strings; i++)
		td_free(x.strings[i]);
	td_free(x.strings);
	if (x.za)
		zip_discard(x.za);
	return rc;
}

/* Allocation failures inside libxml2 surface as what they are. */
int td_grid_read_xlsx(td_grid *g, const char *path)
{
	unsigned long failures = td_alloc_failures();

	return td_error_oom_since(td_grid_read_xlsx_impl(g, path), failures);
}
