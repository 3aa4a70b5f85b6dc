/* package_read.c - opening ODF documents: zip packages with their mimetype
 * and manifest (ODF 1.3 Part 2, sections 3 and 4), or flat documents (Part
 * 3, 3.1.2, split by flat.c); bounded reading of parts. */
#include "odf/package_int.h"
#include "odf/xml.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libxml/parser.h>

#define MIMETYPE_MAX 256
#define RATIO_FLOOR (1u << 20)

static const td_pkg_limits default_limits = TD_PKG_LIMITS_DEFAULT;

/* ---- lookup ---------------------------------------------------------- */

static int cmp_part(const void *a, const void *b)
{
	return strcmp((*(td_part *const *)a)->name, (*(td_part *const *)b)->name);
}

/* Build pkg->by_name; a name that appears twice makes the package invalid. */
static int index_parts(td_pkg *pkg)
{
	size_t i;

	pkg->by_name = td_calloc(pkg->nparts ? pkg->nparts : 1, sizeof *pkg->by_name);
	if (!pkg->by_name)
		return td_error_oom();
	for (i = 0; i < pkg->nparts; i++)
		pkg->by_name[i] = &pkg->parts[i];
	qsort(pkg->by_name, pkg->nparts, sizeof *pkg->by_name, cmp_part);
	for (i = 1; i < pkg->nparts; i++)
		if (!strcmp(pkg->by_name[i - 1]->name, pkg->by_name[i]->name))
			return td_error(THIDUA_EFORMAT, "Tệp %s bị hỏng: mục %s xuất hiện hai lần.",
			                "%s is damaged: entry %s appears twice.", pkg->path,
			                pkg->by_name[i]->name);
	return 0;
}

const td_part *td_pkg_find(const td_pkg *pkg, const char *name)
{
	size_t lo = 0, hi = pkg->nparts, mid;
	int c;

	if (!name || !pkg->by_name)
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(name, pkg->by_name[mid]->name);
		if (!c)
			return pkg->by_name[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const td_pkg_dir *td_pkg_find_dir(const td_pkg *pkg, const char *path)
{
	size_t i;

	for (i = 0; i < pkg->ndirs; i++)
		if (!strcmp(pkg->dirs[i].path, path))
			return &pkg->dirs[i];
	return NULL;
}

/* ---- accessors ------------------------------------------------------- */

const char *td_pkg_path(const td_pkg *pkg) { return pkg->path; }
const char *td_pkg_mimetype(const td_pkg *pkg) { return pkg->mimetype; }
int td_pkg_is_flat(const td_pkg *pkg) { return pkg->flat; }
size_t td_pkg_part_count(const td_pkg *pkg) { return pkg->nparts; }

const char *td_pkg_part_name(const td_pkg *pkg, size_t i)
{
	return i < pkg->nparts ? pkg->parts[i].name : NULL;
}

int td_pkg_has_part(const td_pkg *pkg, const char *name) { return td_pkg_find(pkg, name) != NULL; }

const char *td_pkg_part_media_type(const td_pkg *pkg, const char *name)
{
	const td_part *p = td_pkg_find(pkg, name);

	return p ? p->media_type : NULL;
}

const char *td_odf_filled_mimetype(const char *template_mimetype)
{
	static const char *const map[][2] = {
		{ "application/vnd.oasis.opendocument.text-template",
		  "application/vnd.oasis.opendocument.text" },
		{ "application/vnd.oasis.opendocument.spreadsheet-template",
		  "application/vnd.oasis.opendocument.spreadsheet" },
		{ "application/vnd.oasis.opendocument.presentation-template",
		  "application/vnd.oasis.opendocument.presentation" },
		{ "application/vnd.oasis.opendocument.graphics-template",
		  "application/vnd.oasis.opendocument.graphics" },
		{ "application/vnd.oasis.opendocument.chart-template",
		  "application/vnd.oasis.opendocument.chart" },
		{ "application/vnd.oasis.opendocument.formula-template",
		  "application/vnd.oasis.opendocument.formula" },
		{ "application/vnd.oasis.opendocument.image-template",
		  "application/vnd.oasis.opendocument.image" },
		{ "application/vnd.oasis.opendocument.text-master-template",
		  "application/vnd.oasis.opendocument.text-master" },
	};
	size_t i;

	if (!template_mimetype)
		return NULL;
	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(template_mimetype, map[i][0]))
			return map[i][1];
	return template_mimetype;
}

/* ---- releasing ------------------------------------------------------- */

void td_pkg_free(td_pkg *pkg)
{
	size_t i;

	if (!pkg)
		return;
	for (i = 0; i < pkg->nparts; i++) {
		td_free(pkg->parts[i].name);
		td_free(pkg->parts[i].media_type);
		if (pkg->parts[i].xml)
			td_free(pkg->parts[i].xml);
	}
	td_free(pkg->parts);
	td_free(pkg->by_name);
	for (i = 0; i < pkg->ndirs; i++) {
		td_free(pkg->dirs[i].path);
		td_free(pkg->dirs[i].media_type);
		td_free(pkg->dirs[i].version);
	}
	td_free(pkg->dirs);
	if (pkg->za)
		zip_discard(pkg->za);
	if (pkg->lock_ok)
		pthread_mutex_destroy(&pkg->lock);
	td_free(pkg->path);
	td_free(pkg->mimetype);
	td_free(pkg);
}

/* ---- bounded reading of zip entries ---------------------------------- */

/* Map a libzip error on pkg's archive or one of its files to a thidua
 * error naming the file and the part. */
static int zip_fail(const td_pkg *pkg, const char *part, zip_error_t *ze)
{
	switch (zip_error_code_zip(ze)) {
	case ZIP_ER_MEMORY:
		return td_error_oom();
	case ZIP_ER_OPEN:
	case ZIP_ER_READ:
	case ZIP_ER_SEEK:
	case ZIP_ER_TELL:
		return td_error(THIDUA_EIO, "Không đọc được %s (%s): %s", "Cannot read %s (%s): %s",
		                pkg->path, part, zip_error_strerror(ze));
	default:
		return td_error(THIDUA_EFORMAT, "Tệp %s bị hỏng: phần %s không đọc được (%s).",
		                "%s is damaged: part %s cannot be read (%s).", pkg->path, part,
		                zip_error_strerror(ze));
	}
}

/* Read one entry, inflated (raw == 0) or as stored in the archive (raw ==
 * 1), into a new NUL-terminated buffer. The declared size is never trusted:
 * reading stops one byte past it and fails if that byte exists. The caller
 * holds pkg->lock. */
static int zip_read_locked(const td_pkg *pkg, const td_part *p, int raw, char **out,
                           size_t *outlen)
{
	zip_file_t *zf = NULL;
	uint64_t want = raw ? p->comp_size : p->size, got = 0;
	zip_int64_t n;
	char *buf = NULL, extra;
	int rc = 0;

	*out = NULL;
	*outlen = 0;
	if (want >= SIZE_MAX || want > (uint64_t)INT64_MAX) {
		rc = td_error(THIDUA_ELIMIT, "Phần %s của %s quá lớn.", "Part %s of %s is too large.",
		              p->name, pkg->path);
		goto cleanup;
	}
	buf = td_malloc((size_t)want + 1);
	if (!buf) {
		rc = td_error_oom();
		goto cleanup;
	}
	zf = zip_fopen_index(pkg->za, p->index, raw ? ZIP_FL_COMPRESSED : 0);
	if (!zf) {
		rc = zip_fail(pkg, p->name, zip_get_error(pkg->za));
		goto cleanup;
	}
	while (got < want) {
		n = zip_fread(zf, buf + got, want - got);
		if (n < 0) {
			rc = zip_fail(pkg, p->name, zip_file_get_error(zf));
			goto cleanup;
		}
		if (n == 0) {
			rc = td_error(THIDUA_EFORMAT,
			              "Tệp %s bị hỏng: phần %s ngắn hơn kích thước đã khai báo.",
			              "%s is damaged: part %s is shorter than its declared size.",
			              pkg->path, p->name);
			goto cleanup;
		}
		got += (uint64_t)n;
	}
	n = zip_fread(zf, &extra, 1);
	if (n > 0) {
		rc = td_error(THIDUA_EFORMAT,
		              "Tệp %s bị hỏng: phần %s dài hơn kích thước đã khai báo.",
		              "%s is damaged: part %s is longer than its declared size.",
		              pkg->path, p->name);
		goto cleanup;
	}
	if (n < 0) {
		rc = zip_fail(pkg, p->name, zip_file_get_error(zf));
		goto cleanup;
	}
	buf[want] = '\0';
	*out = buf;
	*outlen = (size_t)want;
	buf = NULL;
cleanup:
	if (zf)
		zip_fclose(zf);
	td_free(buf);
	return rc;
}

static int zip_read(const td_pkg *pkg, const td_part *p, char **out, size_t *outlen)
{
	td_pkg *mpkg = (td_pkg *)pkg;   /* the lock is not part of the value */
	int rc;

	pthread_mutex_lock(&mpkg->lock);
	rc = zip_read_locked(pkg, p, 0, out, outlen);
	pthread_mutex_unlock(&mpkg->lock);
	return rc;
}

int td_pkg_read_raw(const td_pkg *pkg, const td_part *part, td_raw_part *raw)
{
	td_pkg *mpkg = (td_pkg *)pkg;
	td_part *p = (td_part *)part;   /* `verified` is a cache, under lock */
	char *data = NULL;
	size_t len;
	int rc = 0;

	memset(raw, 0, sizeof *raw);
	if (pkg->flat)
		return td_error(THIDUA_EINVAL, "%s không phải là gói zip.", "%s is not a zip package.",
		                pkg->path);
	pthread_mutex_lock(&mpkg->lock);
	if (!p->verified) {
		rc = zip_read_locked(pkg, p, 0, &data, &len);
		td_free(data);
		data = NULL;
		if (rc)
			goto cleanup;
		p->verified = 1;
	}
	rc = zip_read_locked(pkg, p, 1, &data, &len);
	if (rc)
		goto cleanup;
	raw->data = data;
	raw->comp_size = len;
	raw->size = p->size;
	raw->crc = p->crc;
	raw->comp_method = p->comp_method;
cleanup:
	pthread_mutex_unlock(&mpkg->lock);
	return rc;
}

int td_pkg_read(const td_pkg *pkg, const char *name, char **data, size_t *len)
{
	const td_part *p;
	char *buf;

	*data = NULL;
	*len = 0;
	p = td_pkg_find(pkg, name);
	if (!p)
		return td_error(THIDUA_EFORMAT, "Tệp %s không có phần %s.", "%s has no part %s.",
		                pkg->path, name ? name : "(null)");
	if (!pkg->flat)
		return zip_read(pkg, p, data, len);
	buf = td_malloc(p->xml_len + 1);
	if (!buf)
		return td_error_oom();
	memcpy(buf, p->xml, p->xml_len);
	buf[p->xml_len] = '\0';
	*data = buf;
	*len = p->xml_len;
	return 0;
}

static int td_pkg_parse_impl(const td_pkg *pkg, const char *name, xmlDocPtr *doc)
{
	const td_part *p;
	char *data = NULL;
	size_t len;
	int rc;

	*doc = NULL;
	p = td_pkg_find(pkg, name);
	if (p && pkg->flat)
		return td_xml_parse_in(doc, (const char *)p->xml, p->xml_len, pkg->path, name);
	rc = td_pkg_read(pkg, name, &data, &len);
	if (rc)
		return rc;
	rc = td_xml_parse_in(doc, data, len, pkg->path, name);
	td_free(data);
	return rc;
}

/* Allocation failures inside libxml2 surface as what they are. */
int td_pkg_parse(const td_pkg *pkg, const char *name, xmlDocPtr *doc)
{
	unsigned long failures = td_alloc_failures();

	return td_error_oom_since(td_pkg_parse_impl(pkg, name, doc), failures);
}

/* ---- opening zip packages ------------------------------------------- */

static int limit_error(const td_pkg *pkg, const char *what_vi, const char *what_en,
                       const char *part, uint64_t value, uint64_t limit)
{
	return td_error(THIDUA_ELIMIT,
	                "Tệp %s vượt giới hạn an toàn: %s%.0s%s%s (%llu, tối đa %llu).",
	                "%s exceeds a safety limit: %.0s%s%s%s (%llu, limit %llu).", pkg->path,
	                what_vi, what_en, part ? " " : "", part ? part : "",
	                (unsigned long long)value, (unsigned long long)limit);
}

/* Entry names are used as they are in the written copy, so refuse the ones
 * that no ODF producer writes and that could escape a directory. */
int td_pkg_unsafe_name(const char *name)
{
	const char *s = name;

	if (!*name || *name == '/' || strchr(name, '\\'))
		return 1;
	while (*s) {
		size_t n = strcspn(s, "/");

		if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return 1;
		s += n;
		if (*s == '/')
			s++;
	}
	return 0;
}

static int zip_list_parts(td_pkg *pkg)
{
	zip_int64_t count = zip_get_num_entries(pkg->za, 0);
	uint64_t total = 0, i;
	zip_stat_t st;
	td_part *p;

	if (count < 0)
		count = 0;
	if ((uint64_t)count > pkg->limits.max_entries)
		return limit_error(pkg, "số mục", "number of entries", NULL, (uint64_t)count,
		                   pkg->limits.max_entries);
	pkg->parts = td_calloc((size_t)count ? (size_t)count : 1, sizeof *pkg->parts);
	if (!pkg->parts)
		return td_error_oom();
	for (i = 0; i < (uint64_t)count; i++) {
		if (zip_stat_index(pkg->za, i, 0, &st) < 0)
			return zip_fail(pkg, "?", zip_get_error(pkg->za));
		if (!(st.valid & ZIP_STAT_NAME) || !st.name || td_pkg_unsafe_name(st.name))
			return td_error(THIDUA_EFORMAT, "Tệp %s có mục với tên không hợp lệ (%s).",
			                "%s has an entry with an invalid name (%s).", pkg->path,
			                st.name ? st.name : "");
		if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
			return td_error(THIDUA_EENCRYPTED,
			                "Tài liệu %s được bảo vệ bằng mật khẩu; hãy lưu lại không có mật khẩu.",
			                "%s is password-protected; save it without a password.",
			                pkg->path);
		if (st.name[strlen(st.name) - 1] == '/')
			continue;   /* a directory entry carries no data */
		if (st.comp_method != ZIP_CM_STORE && st.comp_method != ZIP_CM_DEFLATE)
			return td_error(THIDUA_EFORMAT,
			                "Tệp %s dùng kiểu nén ODF không cho phép (%d) cho %s.",
			                "%s uses a compression method ODF does not allow (%d) for %s.",
			                pkg->path, (int)st.comp_method, st.name);
		if (st.size > pkg->limits.max_entry_size)
			return limit_error(pkg, "kích thước của", "size of", st.name, st.size,
			                   pkg->limits.max_entry_size);
		total += st.size;
		if (total > pkg->limits.max_total_size)
			return limit_error(pkg, "tổng kích thước", "total size", NULL, total,
			                   pkg->limits.max_total_size);
		if (st.size > RATIO_FLOOR &&
		    st.size / (st.comp_size ? st.comp_size : 1) > pkg->limits.max_ratio)
			return limit_error(pkg, "tỉ lệ nén của", "compression ratio of", st.name,
			                   st.size / (st.comp_size ? st.comp_size : 1),
			                   pkg->limits.max_ratio);
		/* Stored data is its own size; deflate never grows data by more
		 * than a few bytes per 16 KiB block. */
		if ((st.comp_method == ZIP_CM_STORE && st.comp_size != st.size) ||
		    st.comp_size > st.size + st.size / 8 + 1024)
			return td_error(THIDUA_EFORMAT,
			                "Tệp %s bị hỏng: kích thước của %s không khớp.",
			                "%s is damaged: the sizes of %s do not match.", pkg->path,
			                st.name);
		p = &pkg->parts[pkg->nparts];
		p->name = td_strdup(st.name);
		if (!p->name)
			return td_error_oom();
		pkg->nparts++;
		p->index = i;
		p->size = st.size;
		p->comp_size = st.comp_size;
		p->crc = st.crc;
		p->comp_method = (int32_t)st.comp_method;
	}
	return 0;
}

static int read_mimetype(td_pkg *pkg)
{
	const td_part *p = td_pkg_find(pkg, "mimetype");
	char *data = NULL;
	size_t len, i;
	int rc;

	if (!p)
		return 0;
	if (p->size > MIMETYPE_MAX)
		return td_error(THIDUA_EFORMAT, "Tệp %s có mục mimetype không hợp lệ.",
		                "%s has an invalid mimetype entry.", pkg->path);
	rc = zip_read(pkg, p, &data, &len);
	if (rc)
		return rc;
	while (len && (data[len - 1] == '\n' || data[len - 1] == '\r' || data[len - 1] == ' '))
		data[--len] = '\0';
	for (i = 0; i < len; i++)
		if ((unsigned char)data[i] <= ' ' || (unsigned char)data[i] >= 0x7f)
			break;
	if (i < len || !len) {
		td_free(data);
		return td_error(THIDUA_EFORMAT, "Tệp %s có mục mimetype không hợp lệ.",
		                "%s has an invalid mimetype entry.", pkg->path);
	}
	pkg->mimetype = data;
	return 0;
}

static int is_manifest(xmlNodePtr n, const char *local)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       !strcmp((const char *)n->ns->href, TD_NS_MANIFEST) &&
	       !strcmp((const char *)n->name, local);
}

/* Any encryption-data (ODF 1.2 encryption) or keyinfo (ODF 1.3 OpenPGP)
 * element below n. */
static int has_encryption(xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_manifest(c, "encryption-data") || is_manifest(c, "keyinfo") ||
		    has_encryption(c))
			return 1;
	}
	return 0;
}

static char *manifest_attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)TD_NS_MANIFEST);
	char *r;

	if (!v)
		return NULL;
	r = td_strdup((const char *)v);
	xmlFree(v);
	return r;
}

/* Record one file-entry: media type of a part, a directory entry, or the
 * root's media type (which stands in for a missing mimetype entry). */
static int manifest_entry(td_pkg *pkg, xmlNodePtr fe, char **root_type)
{
	char *path = manifest_attr(fe, "full-path");
	char *type = manifest_attr(fe, "media-type");
	char *version = NULL;
	td_pkg_dir *dirs;
	td_part *p;
	int rc = 0;

	if (!path) {
		if (xmlHasNsProp(fe, (const xmlChar *)"full-path", (const xmlChar *)TD_NS_MANIFEST))
			rc = td_error_oom();
		goto cleanup;
	}
	if (!type && xmlHasNsProp(fe, (const xmlChar *)"media-type", (const xmlChar *)TD_NS_MANIFEST)) {
		rc = td_error_oom();
		goto cleanup;
	}
	if (!strcmp(path, "/")) {
		if (!*root_type) {
			*root_type = type;
			type = NULL;
		}
	} else if (path[strlen(path) - 1] == '/') {
		if (!type || td_pkg_find_dir(pkg, path))
			goto cleanup;
		version = manifest_attr(fe, "version");
		if (!version && xmlHasNsProp(fe, (const xmlChar *)"version",
		                             (const xmlChar *)TD_NS_MANIFEST)) {
			rc = td_error_oom();
			goto cleanup;
		}
		dirs = td_realloc(pkg->dirs, (pkg->ndirs + 1) * sizeof *dirs);
		if (!dirs) {
			rc = td_error_oom();
			goto cleanup;
		}
		pkg->dirs = dirs;
		dirs[pkg->ndirs].path = path;
		dirs[pkg->ndirs].media_type = type;
		dirs[pkg->ndirs].version = version;
		pkg->ndirs++;
		path = type = version = NULL;
	} else if ((p = (td_part *)td_pkg_find(pkg, path)) && !p->media_type && type) {
		p->media_type = type;
		type = NULL;
	}
cleanup:
	td_free(path);
	td_free(type);
	td_free(version);
	return rc;
}

static int read_manifest(td_pkg *pkg)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr root, fe;
	char *root_type = NULL;
	int rc;

	if (!td_pkg_find(pkg, "META-INF/manifest.xml"))
		return 0;
	rc = td_pkg_parse(pkg, "META-INF/manifest.xml", &doc);
	if (rc)
		goto cleanup;
	root = xmlDocGetRootElement(doc);
	if (!root || !is_manifest(root, "manifest")) {
		rc = td_error(THIDUA_EFORMAT, "Tệp %s có META-INF/manifest.xml không hợp lệ.",
		              "%s has an invalid META-INF/manifest.xml.", pkg->path);
		goto cleanup;
	}
	if (has_encryption(root)) {
		rc = td_error(THIDUA_EENCRYPTED,
		              "Tài liệu %s được bảo vệ bằng mật khẩu; hãy lưu lại không có mật khẩu.",
		              "%s is password-protected; save it without a password.", pkg->path);
		goto cleanup;
	}
	for (fe = root->children; fe; fe = fe->next)
		if (is_manifest(fe, "file-entry") && (rc = manifest_entry(pkg, fe, &root_type)))
			goto cleanup;
	if (!pkg->mimetype && root_type) {
		pkg->mimetype = root_type;
		root_type = NULL;
	}
cleanup:
	td_free(root_type);
	if (doc)
		xmlFreeDoc(doc);
	return rc;
}

static int zip_opened(td_pkg *pkg);

static int open_zip(td_pkg *pkg)
{
	zip_error_t ze;
	int zcode = 0, rc;

	pkg->za = zip_open(pkg->path, ZIP_RDONLY | ZIP_CHECKCONS, &zcode);
	if (!pkg->za) {
		zip_error_init_with_code(&ze, zcode);
		switch (zcode) {
		case ZIP_ER_MEMORY:
			rc = td_error_oom();
			break;
		case ZIP_ER_OPEN:
		case ZIP_ER_READ:
		case ZIP_ER_SEEK:
			rc = td_error(THIDUA_EIO, "Không đọc được %s: %s", "Cannot read %s: %s",
			              pkg->path, zip_error_strerror(&ze));
			break;
		default:
			rc = td_error(THIDUA_EFORMAT,
			              "Tệp %s bị hỏng hoặc không đầy đủ (%s); hãy lấy lại bản gốc.",
			              "%s is damaged or truncated (%s); get the original again.",
			              pkg->path, zip_error_strerror(&ze));
		}
		zip_error_fini(&ze);
		return rc;
	}
	return zip_opened(pkg);
}

/* The package of the archive pkg->za. */
static int zip_opened(td_pkg *pkg)
{
	int rc;

	if (zip_name_locate(pkg->za, "[Content_Types].xml", 0) >= 0)
		return td_error(THIDUA_EFORMAT,
		                "Tệp %s là tệp Microsoft Office (OOXML: .docx/.xlsx), không phải ODF; "
		                "hãy mở nó trong LibreOffice và lưu lại dạng ODF (.odt/.ods).",
		                "%s is a Microsoft Office (OOXML: .docx/.xlsx) file, not ODF; "
		                "open it in LibreOffice and save it as ODF (.odt/.ods).",
		                pkg->path);
	if ((rc = zip_list_parts(pkg)) || (rc = index_parts(pkg)) || (rc = read_mimetype(pkg)) ||
	    (rc = read_manifest(pkg)))
		return rc;
	if (!pkg->mimetype)
		return td_error(THIDUA_EFORMAT,
		                "Tệp %s không phải là tài liệu ODF (không có mimetype).",
		                "%s is not an ODF document (it has no mimetype).", pkg->path);
	return 0;
}

/* ---- opening flat documents ------------------------------------------ */

/* Read the whole file, at most max bytes. */
static int read_whole(const td_pkg *pkg, int fd, uint64_t max, char **out, size_t *outlen)
{
	char *buf = NULL, *nb;
	size_t len = 0, cap = 0;
	ssize_t n;
	int rc = 0;

	*out = NULL;
	for (;;) {
		if (len == cap) {
			if (cap > max) {
				rc = limit_error(pkg, "kích thước", "size", NULL, len, max);
				goto cleanup;
			}
			cap = cap ? cap * 2 : 65536;
			if (cap > max + 1)
				cap = (size_t)max + 1;
			nb = td_realloc(buf, cap + 1);
			if (!nb) {
				rc = td_error_oom();
				goto cleanup;
			}
			buf = nb;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = td_error(THIDUA_EIO, "Không đọc được %s: %s", "Cannot read %s: %s", pkg->path,
			              strerror(errno));
			goto cleanup;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max) {
			rc = limit_error(pkg, "kích thước", "size", NULL, len, max);
			goto cleanup;
		}
	}
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	buf = NULL;
cleanup:
	td_free(buf);
	return rc;
}

static int open_flat(td_pkg *pkg, int fd)
{
	uint64_t max = pkg->limits.max_total_size;
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (pkg->limits.max_entry_size < max)
		max = pkg->limits.max_entry_size;
	/* the tree of a flat document costs several times its size: its cap
	 * is the XML data format's */
	if (max > TD_FLAT_MAX)
		max = TD_FLAT_MAX;
	rc = read_whole(pkg, fd, max, &data, &len);
	if (!rc)
		rc = td_flat_load(pkg, data, len);
	if (!rc)
		rc = index_parts(pkg);
	td_free(data);
	return rc;
}

/* ---- td_pkg_open ----------------------------------------------------- */

enum { KIND_ZIP, KIND_XML, KIND_OLE, KIND_OTHER };

/* Decide by content, never by extension. */
static int sniff(const unsigned char *b, size_t n)
{
	size_t i = 0;

	if (n >= 4 && b[0] == 'P' && b[1] == 'K' &&
	    ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6)))
		return KIND_ZIP;
	if (n >= 4 && b[0] == 0xd0 && b[1] == 0xcf && b[2] == 0x11 && b[3] == 0xe0)
		return KIND_OLE;
	if (n >= 2 && ((b[0] == 0xff && b[1] == 0xfe) || (b[0] == 0xfe && b[1] == 0xff)))
		return KIND_XML;   /* UTF-16 byte order mark */
	if (n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf)
		i = 3;
	while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
		i++;
	if (i < n && b[i] == '<')
		return KIND_XML;
	return KIND_OTHER;
}

int td_flat_size_ok(const char *path, uint64_t size)
{
	if (size <= TD_FLAT_MAX)
		return 0;
	return td_error(THIDUA_ELIMIT,
	                "Tệp %s quá lớn (%llu MiB): tài liệu ODF phẳng (.fodt/.fods) tối đa %zu MiB; "
	                "hãy lưu dạng .odt/.ods.",
	                "%s is too large (%llu MiB): a flat ODF document (.fodt/.fods) may have at "
	                "most %zu MiB; save it as .odt/.ods.",
	                path, (unsigned long long)(size >> 20), (size_t)TD_FLAT_MAX >> 20);
}

int td_file_peek(const char *path, unsigned char *head, size_t cap, ssize_t *n,
                 td_fileinfo *sb)
{
	int fd = td_open(path, O_RDONLY, 0), rc;

	if (fd < 0 || td_fstat(fd, sb) < 0) {
		rc = td_error(THIDUA_EIO, "Không mở được %s: %s", "Cannot open %s: %s", path,
		              strerror(errno));
		goto fail;
	}
	if (sb->is_dir) {
		rc = td_error(THIDUA_EIO, "%s là một thư mục, không phải tệp.",
		              "%s is a directory, not a file.", path);
		goto fail;
	}
	do
		*n = read(fd, head, cap);
	while (*n < 0 && errno == EINTR);
	if (*n < 0 || lseek(fd, 0, SEEK_SET) < 0) {
		rc = td_error(THIDUA_EIO, "Không đọc được %s: %s", "Cannot read %s: %s", path,
		              strerror(errno));
		goto fail;
	}
	return fd;
fail:
	if (fd >= 0)
		close(fd);
	return rc;
}

static int td_pkg_open_impl(td_pkg **out, const char *path, const td_pkg_limits *limits)
{
	td_pkg *pkg = NULL;
	unsigned char head[64];
	td_fileinfo sb;
	ssize_t n;
	int fd = -1, rc = 0;

	if (!out)
		return td_error(THIDUA_EINVAL, "Thiếu đối số.", "Missing argument.");
	*out = NULL;
	if (!path || !*path)
		return td_error(THIDUA_EINVAL, "Thiếu đường dẫn tệp.", "Missing file path.");
	pkg = td_calloc(1, sizeof *pkg);
	if (!pkg)
		return td_error_oom();
	pkg->limits = limits ? *limits : default_limits;
	pkg->path = td_strdup(path);
	if (!pkg->path) {
		rc = td_error_oom();
		goto cleanup;
	}
	if (pthread_mutex_init(&pkg->lock, NULL)) {
		rc = td_error_oom();
		goto cleanup;
	}
	pkg->lock_ok = 1;
	if ((fd = td_file_peek(path, head, sizeof head, &n, &sb)) < 0) {
		rc = fd;
		goto cleanup;
	}
	switch (sniff(head, (size_t)n)) {
	case KIND_ZIP:
		close(fd);
		fd = -1;
		rc = open_zip(pkg);
		break;
	case KIND_XML:
		if ((rc = td_flat_size_ok(path, sb.size)) < 0)
			break;
		pkg->flat = 1;
		rc = open_flat(pkg, fd);
		break;
	case KIND_OLE:
		rc = td_error(THIDUA_EFORMAT,
		              "Tệp %s là tệp Microsoft Office 97-2003 (.doc/.xls), không phải ODF; "
		              "hãy mở nó trong LibreOffice và lưu lại dạng ODF (.odt/.ods).",
		              "%s is a Microsoft Office 97-2003 (.doc/.xls) file, not ODF; "
		              "open it in LibreOffice and save it as ODF (.odt/.ods).", path);
		break;
	default:
		rc = td_error(THIDUA_EFORMAT, "Tệp %s không phải là tài liệu ODF.",
		              "%s is not an ODF document.", path);
	}
	if (rc)
		goto cleanup;
	*out = pkg;
	pkg = NULL;
cleanup:
	if (fd >= 0)
		close(fd);
	td_pkg_free(pkg);
	return rc;
}

/* Allocation failures inside libxml2 surface as what they are. */
static int td_pkg_open_zip_impl(td_pkg **out, const char *path, struct zip *za,
                                const td_pkg_limits *limits)
{
	td_pkg *pkg;
	int rc;

	*out = NULL;
	if (!(pkg = td_calloc(1, sizeof *pkg))) {
		zip_discard(za);
		return td_error_oom();
	}
	pkg->za = za;
	pkg->limits = limits ? *limits : default_limits;
	if (!(pkg->path = td_strdup(path)) || pthread_mutex_init(&pkg->lock, NULL)) {
		td_pkg_free(pkg);
		return td_error_oom();
	}
	pkg->lock_ok = 1;
	if ((rc = zip_opened(pkg))) {
		td_pkg_free(pkg);
		return rc;
	}
	*out = pkg;
	return 0;
}

int td_pkg_open_zip(td_pkg **out, const char *path, struct zip *za,
                    const td_pkg_limits *limits)
{
	unsigned long failures = td_alloc_failures();

	return td_error_oom_since(td_pkg_open_zip_impl(out, path, za, limits), failures);
}

int td_pkg_open(td_pkg **out, const char *path, const td_pkg_limits *limits)
{
	unsigned long failures = td_alloc_failures();

	return td_error_oom_since(td_pkg_open_impl(out, path, limits), failures);
}
