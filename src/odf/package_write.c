/* package_write.c - writing ODF zip packages atomically: mimetype first and
 * stored with no extra field, parts deflated or copied without
 * recompressing, META-INF/manifest.xml listing every part (ODF 1.3 Part 2,
 * sections 3.3 and 4). */
#include "odf/package_int.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TMP_PREFIX ".thidua-"
#define TMP_TRIES 100

typedef struct wpart {
	char *name;            /* owned */
	char *media_type;      /* owned */
	char *data;            /* owned: the bytes, compressed with comp_method when raw */
	size_t len;
	int raw;               /* copied from a package as it was stored there */
	int32_t comp_method;   /* raw parts */
	uint64_t size;         /* raw parts: uncompressed size */
	uint32_t crc;          /* raw parts */
	size_t pos;            /* read position of the raw source */
	zip_error_t err;       /* error of the raw source */
} wpart;

typedef struct wdir {
	char *path;            /* owned */
	char *media_type;      /* owned */
	char *version;         /* owned, may be NULL */
} wdir;

struct td_pkg_writer {
	char *path;            /* owned: the target */
	char *tmp;             /* owned: the temporary file next to it; NULL once
	                          renamed into place or removed */
	char *mimetype;        /* owned */
	int plain;             /* a plain zip (Office Open XML): no mimetype
	                          entry, no manifest */
	int overwrite;
	int done;              /* commit was attempted */
	mode_t mode;           /* 0644 & ~umask, as the kernel gave the temp file */
	wpart *parts;          /* owned array */
	size_t nparts, cap;
	wdir *dirs;            /* owned array: manifest entries of sub-documents */
	size_t ndirs;
};

/* ---- names and media types ------------------------------------------- */

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	size_t i;

	if (m > n)
		return 0;
	for (i = 0; i < m; i++) {
		char c = s[n - m + i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != suffix[i])
			return 0;
	}
	return 1;
}

static const char *guess_media_type(const char *name)
{
	static const char *const map[][2] = {
		{ ".xml", "text/xml" },      { ".png", "image/png" },
		{ ".jpg", "image/jpeg" },    { ".jpeg", "image/jpeg" },
		{ ".gif", "image/gif" },     { ".svg", "image/svg+xml" },
		{ ".bmp", "image/bmp" },     { ".tif", "image/tiff" },
		{ ".tiff", "image/tiff" },   { ".webp", "image/webp" },
		{ ".wmf", "image/x-wmf" },   { ".emf", "image/x-emf" },
		{ ".rdf", "application/rdf+xml" }, { ".pdf", "application/pdf" },
		{ ".txt", "text/plain" },    { ".json", "application/json" },
	};
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (ends_with(name, map[i][0]))
			return map[i][1];
	return "";
}

/* Parts the writer makes itself, or that a copy leaves out. */
static int is_generated(const char *name)
{
	return !strcmp(name, "mimetype") || !strcmp(name, "META-INF/manifest.xml");
}

static int is_dropped(const char *name)
{
	return !strncmp(name, "Thumbnails/", 11) ||
	       (!strncmp(name, "META-INF/", 9) && strstr(name + 9, "signatures"));
}

static const wpart *find_part(const td_pkg_writer *w, const char *name)
{
	size_t i;

	for (i = 0; i < w->nparts; i++)
		if (!strcmp(w->parts[i].name, name))
			return &w->parts[i];
	return NULL;
}

static int check_name(const td_pkg_writer *w, const char *name)
{
	if (!name || td_pkg_unsafe_name(name) || name[strlen(name) - 1] == '/' ||
	    is_generated(name))
		return td_error(THIDUA_EINVAL, "Tên phần không hợp lệ khi ghi %s: \"%s\".",
		                "Invalid part name while writing %s: \"%s\".", w->path,
		                name ? name : "(null)");
	if (find_part(w, name))
		return td_error(THIDUA_EINVAL, "Phần %s đã được thêm vào %s.",
		                "Part %s was already added to %s.", name, w->path);
	return 0;
}

/* ---- opening ---------------------------------------------------------- */

static int check_target(const char *path, int overwrite)
{
	struct stat sb;

	if (lstat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return td_error(THIDUA_EIO, "Không ghi được %s: đó là một thư mục.",
			                "Cannot write %s: it is a directory.", path);
		if (!overwrite)
			return td_error(THIDUA_EEXISTS,
			                "Tệp %s đã có; hãy chọn tên khác hoặc cho phép ghi đè.",
			                "%s already exists; choose another name or allow overwriting.",
			                path);
		return 0;
	}
	if (errno != ENOENT)
		return td_error(THIDUA_EIO, "Không ghi được %s: %s", "Cannot write %s: %s", path,
		                strerror(errno));
	return 0;
}

/* Create "<dir>/.thidua-XXXXXX" with O_EXCL and mode 0644 (so that the
 * kernel applies the umask); *tmp is owned by the caller. */
static int make_temp(const char *path, char **tmp, mode_t *mode)
{
	static atomic_ulong seq;
	static const char alphabet[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	struct timespec ts;
	struct stat sb;
	unsigned long long x;
	char *name, *suffix;
	int fd = -1, i, k;

	*tmp = NULL;
	name = td_malloc(dirlen + sizeof TMP_PREFIX + 6);
	if (!name)
		return td_error_oom();
	memcpy(name, path, dirlen);
	memcpy(name + dirlen, TMP_PREFIX, sizeof TMP_PREFIX - 1);
	suffix = name + dirlen + sizeof TMP_PREFIX - 1;
	for (i = 0; i < TMP_TRIES; i++) {
		clock_gettime(CLOCK_REALTIME, &ts);
		x = (unsigned long long)ts.tv_nsec ^ ((unsigned long long)ts.tv_sec << 30) ^
		    ((unsigned long long)getpid() << 16) ^
		    (atomic_fetch_add(&seq, 1) * 0x9e3779b97f4a7c15ull);
		x ^= x >> 29;
		x *= 0xbf58476d1ce4e5b9ull;
		x ^= x >> 32;
		for (k = 0; k < 6; k++) {
			suffix[k] = alphabet[x % (sizeof alphabet - 1)];
			x /= sizeof alphabet - 1;
		}
		suffix[6] = '\0';
		fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0) {
		int e = errno;

		td_free(name);
		return td_error(THIDUA_EIO, "Không tạo được tệp tạm để ghi %s: %s",
		                "Cannot create a temporary file to write %s: %s", path, strerror(e));
	}
	*mode = (fstat(fd, &sb) == 0 ? sb.st_mode : 0644) & 0777;
	close(fd);
	*tmp = name;
	return 0;
}

int td_pkg_writer_open(td_pkg_writer **out, const char *path, const char *mimetype,
                       int overwrite)
{
	td_pkg_writer *w = NULL;
	const char *s;
	int rc;

	if (!out)
		return td_error(THIDUA_EINVAL, "Thiếu đối số.", "Missing argument.");
	*out = NULL;
	if (!path || !*path || path[strlen(path) - 1] == '/')
		return td_error(THIDUA_EINVAL, "Đường dẫn tệp ra không hợp lệ.",
		                "Invalid output path.");
	for (s = mimetype; s && *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f)
			break;
	if (!mimetype || !*mimetype || *s)
		return td_error(THIDUA_EINVAL, "Kiểu tài liệu (mimetype) không hợp lệ khi ghi %s.",
		                "Invalid document media type while writing %s.", path);
	if ((rc = check_target(path, overwrite)))
		return rc;
	w = td_calloc(1, sizeof *w);
	if (!w)
		return td_error_oom();
	w->overwrite = overwrite;
	w->path = td_strdup(path);
	w->mimetype = td_strdup(mimetype);
	if (!w->path || !w->mimetype) {
		rc = td_error_oom();
		goto cleanup;
	}
	if ((rc = make_temp(path, &w->tmp, &w->mode)))
		goto cleanup;
	*out = w;
	w = NULL;
cleanup:
	td_pkg_writer_free(w);
	return rc;
}

int td_pkg_writer_open_plain(td_pkg_writer **out, const char *path, int overwrite)
{
	int rc = td_pkg_writer_open(out, path, "application/zip", overwrite);

	if (rc == 0)
		(*out)->plain = 1;
	return rc;
}

/* ---- adding parts ----------------------------------------------------- */

/* Append a part; takes ownership of data (td_free) whatever happens. */
static int push_part(td_pkg_writer *w, const char *name, const char *media_type, char *data,
                     size_t len, wpart **out)
{
	wpart *p;

	*out = NULL;
	if (w->nparts == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;

		p = td_realloc(w->parts, cap * sizeof *p);
		if (!p)
			goto oom;
		w->parts = p;
		w->cap = cap;
	}
	p = &w->parts[w->nparts];
	memset(p, 0, sizeof *p);
	p->name = td_strdup(name);
	p->media_type = td_strdup(media_type ? media_type : guess_media_type(name));
	if (!p->name || !p->media_type) {
		td_free(p->name);
		td_free(p->media_type);
		goto oom;
	}
	p->data = data;
	p->len = len;
	w->nparts++;
	*out = p;
	return 0;
oom:
	td_free(data);
	return td_error_oom();
}

static int writer_usable(const td_pkg_writer *w)
{
	if (!w || w->done)
		return td_error(THIDUA_EINVAL, "Gói đang ghi đã đóng.",
		                "The package being written is already closed.");
	return 0;
}

int td_pkg_writer_add(td_pkg_writer *w, const char *name, const char *media_type,
                      const void *data, size_t len)
{
	wpart *p;
	char *copy;
	int rc;

	if ((rc = writer_usable(w)) || (rc = check_name(w, name)))
		return rc;
	if (!data && len)
		return td_error(THIDUA_EINVAL, "Thiếu dữ liệu cho phần %s.", "No data for part %s.",
		                name);
	copy = td_malloc(len ? len : 1);
	if (!copy)
		return td_error_oom();
	if (len)
		memcpy(copy, data, len);
	return push_part(w, name, media_type, copy, len, &p);
}

/* Keep the manifest entries of the sub-documents (directories such as
 * "Object 1/") that contain a copied part. */
static int copy_dirs(td_pkg_writer *w, const td_pkg *src, const char *name)
{
	const char *slash;
	const td_pkg_dir *d;
	wdir *dirs, *nd;
	size_t i, n;

	for (slash = strchr(name, '/'); slash; slash = strchr(slash + 1, '/')) {
		n = (size_t)(slash - name) + 1;
		for (i = 0; i < src->ndirs; i++) {
			d = &src->dirs[i];
			if (strlen(d->path) == n && !strncmp(d->path, name, n))
				break;
		}
		if (i == src->ndirs)
			continue;
		for (i = 0; i < w->ndirs; i++)
			if (!strcmp(w->dirs[i].path, d->path))
				break;
		if (i < w->ndirs)
			continue;
		dirs = td_realloc(w->dirs, (w->ndirs + 1) * sizeof *dirs);
		if (!dirs)
			return td_error_oom();
		w->dirs = dirs;
		nd = &dirs[w->ndirs];
		nd->path = td_strdup(d->path);
		nd->media_type = td_strdup(d->media_type);
		nd->version = d->version ? td_strdup(d->version) : NULL;
		if (!nd->path || !nd->media_type || (d->version && !nd->version)) {
			td_free(nd->path);
			td_free(nd->media_type);
			td_free(nd->version);
			return td_error_oom();
		}
		w->ndirs++;
	}
	return 0;
}

int td_pkg_writer_copy(td_pkg_writer *w, const td_pkg *src, const char *name)
{
	const td_part *sp;
	td_raw_part raw;
	char *data = NULL;
	size_t len;
	wpart *p;
	int rc;

	if ((rc = writer_usable(w)))
		return rc;
	if (!src)
		return td_error(THIDUA_EINVAL, "Thiếu tài liệu nguồn.", "Missing source document.");
	if ((rc = check_name(w, name)))
		return rc;
	sp = td_pkg_find(src, name);
	if (!sp)
		return td_error(THIDUA_EFORMAT, "Tệp %s không có phần %s.", "%s has no part %s.",
		                src->path, name);
	if (src->flat) {
		if ((rc = td_pkg_read(src, name, &data, &len)))
			return rc;
		return push_part(w, name, sp->media_type, data, len, &p);
	}
	if ((rc = td_pkg_read_raw(src, sp, &raw)))
		return rc;
	if ((rc = push_part(w, name, sp->media_type, raw.data, (size_t)raw.comp_size, &p)))
		return rc;
	p->raw = 1;
	p->comp_method = raw.comp_method;
	p->size = raw.size;
	p->crc = raw.crc;
	if ((rc = copy_dirs(w, src, name))) {
		w->nparts--;
		td_free(p->name);
		td_free(p->media_type);
		td_free(p->data);
	}
	return rc;
}

int td_pkg_writer_copy_rest(td_pkg_writer *w, const td_pkg *src)
{
	const char *name;
	size_t i;
	int rc;

	if ((rc = writer_usable(w)))
		return rc;
	if (!src)
		return td_error(THIDUA_EINVAL, "Thiếu tài liệu nguồn.", "Missing source document.");
	for (i = 0; i < src->nparts; i++) {
		name = src->parts[i].name;
		if (is_generated(name) || is_dropped(name) || find_part(w, name))
			continue;
		if ((rc = td_pkg_writer_copy(w, src, name)))
			return rc;
	}
	return 0;
}

/* ---- committing ------------------------------------------------------- */

/* A libzip source serving a part's compressed bytes as they are, so that
 * zip_close copies them without inflating and deflating again. */
static zip_int64_t raw_source(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	wpart *p = ud;
	zip_stat_t *st;
	size_t n;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		p->pos = 0;
		return 0;
	case ZIP_SOURCE_READ:
		n = p->len - p->pos;
		if (n > len)
			n = (size_t)len;
		memcpy(data, p->data + p->pos, n);
		p->pos += n;
		return (zip_int64_t)n;
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_STAT:
		if (len < sizeof *st) {
			zip_error_set(&p->err, ZIP_ER_INVAL, 0);
			return -1;
		}
		st = data;
		zip_stat_init(st);
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC |
		            ZIP_STAT_ENCRYPTION_METHOD;
		st->size = p->size;
		st->comp_size = p->len;
		st->comp_method = (zip_uint16_t)p->comp_method;
		st->crc = p->crc;
		st->encryption_method = ZIP_EM_NONE;
		return (zip_int64_t)sizeof *st;
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&p->err, data, len);
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
		                                      ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		                                      ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&p->err, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

static int zip_write_error(const td_pkg_writer *w, zip_error_t *ze)
{
	if (zip_error_code_zip(ze) == ZIP_ER_MEMORY)
		return td_error_oom();
	return td_error(THIDUA_EIO, "Không ghi được %s: %s", "Cannot write %s: %s", w->path,
	                zip_error_strerror(ze));
}

/* Add one entry; the data stays owned by the writer until zip_close. */
static int add_entry(const td_pkg_writer *w, zip_t *za, const char *name, const void *data,
                     size_t len, int32_t method, wpart *raw)
{
	zip_source_t *src;
	zip_int64_t idx;

	if (raw && raw->comp_method != ZIP_CM_STORE) {
		zip_error_init(&raw->err);
		src = zip_source_function(za, raw_source, raw);
		method = raw->comp_method;
	} else {
		src = zip_source_buffer(za, data, len, 0);
	}
	if (!src)
		return zip_write_error(w, zip_get_error(za));
	idx = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		zip_source_free(src);
		return zip_write_error(w, zip_get_error(za));
	}
	if (zip_set_file_compression(za, (zip_uint64_t)idx, method, 0) < 0)
		return zip_write_error(w, zip_get_error(za));
	return 0;
}

static void put_entry(td_buf *b, const char *path, const char *version, const char *type)
{
	td_buf_puts(b, " <manifest:file-entry manifest:full-path=\"");
	td_buf_put_xml(b, path, strlen(path), 1);
	td_buf_puts(b, "\"");
	if (version) {
		td_buf_puts(b, " manifest:version=\"");
		td_buf_put_xml(b, version, strlen(version), 1);
		td_buf_puts(b, "\"");
	}
	td_buf_puts(b, " manifest:media-type=\"");
	td_buf_put_xml(b, type, strlen(type), 1);
	td_buf_puts(b, "\"/>\n");
}

/* META-INF/manifest.xml: the root "/", the sub-documents, every part except
 * the ones under META-INF/. Caller owns *out (td_free). */
static int build_manifest(const td_pkg_writer *w, char **out, size_t *len)
{
	td_buf b = TD_BUF_INIT;
	size_t i;

	td_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                "<manifest:manifest xmlns:manifest=\"" TD_NS_MANIFEST "\""
	                " manifest:version=\"1.3\">\n");
	put_entry(&b, "/", "1.3", w->mimetype);
	for (i = 0; i < w->ndirs; i++)
		put_entry(&b, w->dirs[i].path, w->dirs[i].version, w->dirs[i].media_type);
	for (i = 0; i < w->nparts; i++)
		if (strncmp(w->parts[i].name, "META-INF/", 9))
			put_entry(&b, w->parts[i].name, NULL, w->parts[i].media_type);
	td_buf_puts(&b, "</manifest:manifest>\n");
	*len = b.len;
	*out = td_buf_detach(&b);
	if (!*out)
		return td_error_oom();
	return 0;
}

/* Flush the finished temporary file to disk before it takes the target's
 * name. */
static int sync_file(const td_pkg_writer *w)
{
	int fd = open(w->tmp, O_RDONLY | O_CLOEXEC), rc = 0;

	if (fd < 0 || fsync(fd) < 0) {
		if (fd < 0 || errno == EIO || errno == ENOSPC || errno == EDQUOT)
			rc = td_error(THIDUA_EIO, "Không ghi được %s: %s", "Cannot write %s: %s",
			              w->path, strerror(errno));
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Give the temporary file the target's name. Without overwrite, link()
 * fails atomically when the target appeared meanwhile; where hard links are
 * not supported the check and the rename are separate steps. */
static int publish(td_pkg_writer *w)
{
	int rc;

	if (!w->overwrite) {
		if (link(w->tmp, w->path) == 0) {
			unlink(w->tmp);
			return 0;
		}
		if (errno == EEXIST)
			return td_error(THIDUA_EEXISTS,
			                "Tệp %s đã có; hãy chọn tên khác hoặc cho phép ghi đè.",
			                "%s already exists; choose another name or allow overwriting.",
			                w->path);
		if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != ENOSYS &&
		    errno != EMLINK && errno != EXDEV)
			return td_error(THIDUA_EIO, "Không ghi được %s: %s", "Cannot write %s: %s",
			                w->path, strerror(errno));
		rc = check_target(w->path, 0);
		if (rc)
			return rc;
	}
	if (rename(w->tmp, w->path) < 0)
		return td_error(THIDUA_EIO, "Không ghi được %s: %s", "Cannot write %s: %s", w->path,
		                strerror(errno));
	return 0;
}

int td_pkg_writer_commit(td_pkg_writer *w)
{
	zip_t *za = NULL;
	char *manifest = NULL;
	size_t manifest_len = 0, i;
	int zcode = 0, rc;
	zip_error_t ze;

	if ((rc = writer_usable(w)))
		return rc;
	w->done = 1;
	if ((rc = check_target(w->path, w->overwrite)) ||
	    (!w->plain && (rc = build_manifest(w, &manifest, &manifest_len))))
		goto cleanup;
	za = zip_open(w->tmp, ZIP_TRUNCATE, &zcode);
	if (!za) {
		zip_error_init_with_code(&ze, zcode);
		rc = zip_write_error(w, &ze);
		zip_error_fini(&ze);
		goto cleanup;
	}
	if (!w->plain && (rc = add_entry(w, za, "mimetype", w->mimetype, strlen(w->mimetype),
	                                 ZIP_CM_STORE, NULL)))
		goto cleanup;
	for (i = 0; i < w->nparts; i++) {
		wpart *p = &w->parts[i];

		rc = add_entry(w, za, p->name, p->data, p->len,
		               p->raw ? p->comp_method : ZIP_CM_DEFLATE, p->raw ? p : NULL);
		if (rc)
			goto cleanup;
	}
	if (!w->plain && (rc = add_entry(w, za, "META-INF/manifest.xml", manifest, manifest_len,
	                                 ZIP_CM_DEFLATE, NULL)))
		goto cleanup;
	if (zip_close(za) < 0) {
		rc = zip_write_error(w, zip_get_error(za));
		goto cleanup;
	}
	za = NULL;
	if (chmod(w->tmp, w->mode) < 0) {
		rc = td_error(THIDUA_EIO, "Không ghi được %s: %s", "Cannot write %s: %s", w->path,
		              strerror(errno));
		goto cleanup;
	}
	if ((rc = sync_file(w)) || (rc = publish(w)))
		goto cleanup;
	td_free(w->tmp);
	w->tmp = NULL;
cleanup:
	if (za)
		zip_discard(za);
	if (rc && w->tmp) {
		unlink(w->tmp);
		td_free(w->tmp);
		w->tmp = NULL;
	}
	td_free(manifest);
	return rc;
}

void td_pkg_writer_free(td_pkg_writer *w)
{
	size_t i;

	if (!w)
		return;
	if (w->tmp)
		unlink(w->tmp);
	for (i = 0; i < w->nparts; i++) {
		td_free(w->parts[i].name);
		td_free(w->parts[i].media_type);
		td_free(w->parts[i].data);
		zip_error_fini(&w->parts[i].err);
	}
	td_free(w->parts);
	for (i = 0; i < w->ndirs; i++) {
		td_free(w->dirs[i].path);
		td_free(w->dirs[i].media_type);
		td_free(w->dirs[i].version);
	}
	td_free(w->dirs);
	td_free(w->tmp);
	td_free(w->path);
	td_free(w->mimetype);
	td_free(w);
}
