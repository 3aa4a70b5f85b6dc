/* package_write.c - writing ODF zip packages atomically: mimetype first and
 * stored with no extra field, parts deflated or copied without
 * recompressing, META-INF/manifest.xml listing every part (ODF 1.3 Part 2,
 * sections 3.3 and 4).
 *
 * Speed: each part is deflated when it is added, by one zlib stream per
 * thread that is reset between parts rather than set up anew, and handed to
 * libzip already compressed; libzip assembles the archive in memory (no
 * temporary file of its own, no random name); the bytes go to our own
 * temporary file, locked while it is written so that a later run can tell
 * it from a dead run's leftover. A part too large to hold whole (a
 * province's summary) is streamed: compressed on a thread of its own while
 * the template is still writing it (zpipe.h). */
#include "odf/package_int.h"
#include "odf/zpipe.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/compat.h"
#include "util/cthreads.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define TMP_PREFIX ".thidua-"
#define TMP_TRIES 100
#define MEM_LEVEL 8 /* zlib's default; 6 measured no faster */

typedef struct wpart {
	char *name;            /* owned */
	char *media_type;      /* owned */
	char *data;            /* owned: the bytes, compressed with comp_method when raw */
	size_t len;
	int raw;               /* compressed: copied from a package as it was stored
	                          there, or deflated when added */
	int32_t comp_method;   /* raw parts */
	uint64_t size;         /* raw parts: uncompressed size */
	uint32_t crc;          /* raw parts */
} wpart;

typedef struct wdir {
	char *path;            /* owned */
	char *media_type;      /* owned */
	char *version;         /* owned, may be NULL */
} wdir;

struct td_pkg_writer {
	char *path;            /* owned: the target */
	char *tmp;             /* owned: the temporary file next to it (with
	                          TD_PKG_STAGED, the target itself); NULL once
	                          renamed into place or removed */
	int fd;                /* open on tmp, locked (td_trylock); -1 when closed */
	char *mimetype;        /* owned */
	int plain;             /* a plain zip (Office Open XML): no mimetype
	                          entry, no manifest (TD_PKG_PLAIN) */
	int overwrite;
	int staged;            /* TD_PKG_STAGED */
	int done;              /* commit was attempted */
	mode_t mode;           /* 0644 & ~umask, as the kernel gave the temp file */
	wpart *parts;          /* owned array */
	size_t nparts, cap;
	wdir *dirs;            /* owned array: manifest entries of sub-documents */
	size_t ndirs;
	/* the part being streamed (td_pkg_writer_stream_*), or none */
	td_zpipe *zs;          /* owned: compressed on a thread of its own */
	size_t spart;          /* its index in parts */
	td_zcache *zcache;     /* borrowed, or NULL: where the manifest's
	                          deflated bytes may already be */
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
	td_fileinfo sb;

	if (td_lstat(path, &sb) == 0) {
		if (sb.is_dir)
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
 * kernel applies the umask), open and locked (flock) until the writer is
 * done (td_trylock); *tmp is owned by the caller. The name comes from the clock, the
 * process id and a counter: no random generator to set up. */
static int make_temp(const char *path, char **tmp, int *fd_out, mode_t *mode)
{
	static atomic_ulong seq;
	static const char alphabet[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	const char *slash = td_last_sep(path);
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	struct timespec ts;
	td_fileinfo sb;
	unsigned long long x;
	char *name, *suffix;
	int fd = -1, i, k;

	*tmp = NULL;
	*fd_out = -1;
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
		fd = td_open(name, O_RDWR | O_CREAT | O_EXCL, 0644);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0) {
		int e = errno;

		td_free(name);
		return td_error(THIDUA_EIO, "Không tạo được tệp tạm để ghi %s: %s",
		                "Cannot create a temporary file to write %s: %s", path, strerror(e));
	}
	td_trylock(fd); /* ours alone: it was just created */
	*mode = (td_fstat(fd, &sb) == 0 ? sb.mode : 0644) & 0777;
	*fd_out = fd;
	*tmp = name;
	return 0;
}

/* TD_PKG_STAGED: the target itself, created with O_EXCL inside a staging
 * folder that nobody else writes. */
static int make_staged(const char *path, char **tmp, int *fd_out)
{
	int fd;

	*fd_out = -1;
	if (!(*tmp = td_strdup(path)))
		return td_error_oom();
	fd = td_open(path, O_RDWR | O_CREAT | O_EXCL, 0644);
	if (fd < 0) {
		int e = errno;

		td_free(*tmp);
		*tmp = NULL;
		if (e == EEXIST)
			return td_error(THIDUA_EEXISTS,
			                "Tệp %s đã có; hãy chọn tên khác hoặc cho phép ghi đè.",
			                "%s already exists; choose another name or allow overwriting.",
			                path);
		return td_error(THIDUA_EIO, "Không ghi được %s: %s", "Cannot write %s: %s", path,
		                strerror(e));
	}
	*fd_out = fd;
	return 0;
}

int td_pkg_writer_open(td_pkg_writer **out, const char *path, const char *mimetype,
                       unsigned flags)
{
	td_pkg_writer *w = NULL;
	const char *s;
	int rc;

	if (!out)
		return td_error(THIDUA_EINVAL, "Thiếu đối số.", "Missing argument.");
	*out = NULL;
	if (!path || !*path || td_is_sep(path[strlen(path) - 1]))
		return td_error(THIDUA_EINVAL, "Đường dẫn tệp ra không hợp lệ.",
		                "Invalid output path.");
	for (s = mimetype; s && *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f)
			break;
	if (!mimetype || !*mimetype || *s)
		return td_error(THIDUA_EINVAL, "Kiểu tài liệu (mimetype) không hợp lệ khi ghi %s.",
		                "Invalid document media type while writing %s.", path);
	if (!(flags & TD_PKG_STAGED) && (rc = check_target(path, flags & TD_PKG_OVERWRITE)))
		return rc;
	w = td_calloc(1, sizeof *w);
	if (!w)
		return td_error_oom();
	w->fd = -1;
	w->overwrite = (flags & TD_PKG_OVERWRITE) != 0;
	w->staged = (flags & TD_PKG_STAGED) != 0;
	w->plain = (flags & TD_PKG_PLAIN) != 0;
	w->path = td_strdup(path);
	w->mimetype = td_strdup(mimetype);
	if (!w->path || !w->mimetype) {
		rc = td_error_oom();
		goto cleanup;
	}
	if (w->staged)
		rc = make_staged(path, &w->tmp, &w->fd);
	else
		rc = make_temp(path, &w->tmp, &w->fd, &w->mode);
	if (rc)
		goto cleanup;
	*out = w;
	w = NULL;
cleanup:
	td_pkg_writer_free(w);
	return rc;
}

/* ---- deflating ----------------------------------------------------------- */

/* One raw-deflate stream per thread, reset between parts: setting one up
 * allocates and clears about 256 KiB, which used to cost more than
 * compressing a small part. Freed when the thread ends. */
static once_flag zkey_once = ONCE_FLAG_INIT;
static tss_t zkey;
/* set with release after zkey: call_once orders them already, but a
 * thread sanitizer does not see inside C11's call_once */
static atomic_int zkey_ok;

static void zfree_stream(void *p)
{
	if (p) {
		deflateEnd(p);
		free(p);
	}
}

static void zkey_init(void)
{
	atomic_store_explicit(&zkey_ok, tss_create(&zkey, zfree_stream) == thrd_success,
	                      memory_order_release);
}

static z_stream *thread_stream(void)
{
	z_stream *z;

	call_once(&zkey_once, zkey_init);
	if (!atomic_load_explicit(&zkey_ok, memory_order_acquire))
		return NULL;
	z = tss_get(zkey);
	if (z)
		return deflateReset(z) == Z_OK ? z : NULL;
	z = calloc(1, sizeof *z);
	if (!z)
		return NULL;
	if (deflateInit2(z, TD_PKG_DEFLATE_LEVEL, Z_DEFLATED, -MAX_WBITS, MEM_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(z);
		return NULL;
	}
	if (tss_set(zkey, z) != thrd_success) {
		zfree_stream(z);
		return NULL;
	}
	return z;
}

/* Deflate data into *out (owned by the caller, td_free). */
int td_pkg_deflate(const char *data, size_t len, char **out, size_t *out_len, uint32_t *crc)
{
	z_stream *z;
	uLong cap;
	char *buf;
	int zr;

	*out = NULL;
	if (len > (1u << 30)) /* zlib counts in uInt; a part is far smaller */
		return td_error(THIDUA_ELIMIT, "Phần tài liệu quá lớn để ghi (%zu byte).",
		                "A document part is too large to write (%zu bytes).", len);
	if (!(z = thread_stream()))
		return td_error_oom();
	cap = deflateBound(z, (uLong)len);
	if (!(buf = td_malloc(cap)))
		return td_error_oom();
	*crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), (const Bytef *)data, (uInt)len);
	z->next_in = (Bytef *)data;
	z->avail_in = (uInt)len;
	z->next_out = (Bytef *)buf;
	z->avail_out = (uInt)cap;
	zr = deflate(z, Z_FINISH); /* deflateBound: one call is enough */
	if (zr != Z_STREAM_END) {
		td_free(buf);
		return td_error(THIDUA_ERROR, "Lỗi nén dữ liệu (zlib %d).",
		                "Compression failed (zlib %d).", zr);
	}
	*out_len = (size_t)z->total_out;
	*out = buf;
	return 0;
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

/* Append a part already deflated (raw deflate): takes z (td_free)
 * whatever happens. */
static int push_deflated(td_pkg_writer *w, const char *name, const char *media_type, char *z,
                         size_t zlen, uint64_t size, uint32_t crc)
{
	wpart *p;
	int rc;

	if ((rc = push_part(w, name, media_type, z, zlen, &p)))
		return rc;
	p->raw = 1;
	p->comp_method = 8; /* deflate */
	p->size = size;
	p->crc = crc;
	return 0;
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
	char *copy;
	size_t clen = 0;
	uint32_t crc = 0;
	int rc;

	if ((rc = writer_usable(w)) || (rc = check_name(w, name)))
		return rc;
	if (!data && len)
		return td_error(THIDUA_EINVAL, "Thiếu dữ liệu cho phần %s.", "No data for part %s.",
		                name);
	if ((rc = td_pkg_deflate(data, len, &copy, &clen, &crc)))
		return rc;
	return push_deflated(w, name, media_type, copy, clen, len, crc);
}

/* ---- a part in pieces, reusing deflated ones ---------------------------- */

#define ZC_SLOTS 8         /* pieces kept per cache */
#define ZC_MIN 512         /* smaller pieces are not worth keeping */

typedef struct zc_entry {
	char *data;            /* owned: the piece's bytes, NULL for an empty slot */
	size_t len;
	int last;              /* deflated as the end of a stream */
	char *z;               /* owned: its deflated bytes */
	size_t zlen;
	uint32_t crc;
	unsigned long hits;    /* times reused: a piece every document has
	                          stays, one of a single document goes */
} zc_entry;

struct td_zcache {
	zc_entry e[ZC_SLOTS];
	unsigned next;         /* where the search for a slot to reuse starts */
};

td_zcache *td_zcache_new(void) { return td_calloc(1, sizeof(td_zcache)); }

static void zc_clear(zc_entry *e)
{
	td_free(e->data);
	td_free(e->z);
	memset(e, 0, sizeof *e);
}

void td_zcache_free(td_zcache *c)
{
	unsigned i;

	if (!c)
		return;
	for (i = 0; i < ZC_SLOTS; i++)
		zc_clear(&c->e[i]);
	td_free(c);
}

static const zc_entry *zc_find(td_zcache *c, const char *p, size_t len, int last)
{
	unsigned i;

	for (i = 0; c && len >= ZC_MIN && i < ZC_SLOTS; i++)
		if (c->e[i].data && c->e[i].len == len && c->e[i].last == last &&
		    !memcmp(c->e[i].data, p, len)) {
			c->e[i].hits++;
			return &c->e[i];
		}
	return NULL;
}

/* Keep a piece; out of memory only means it is not kept. */
static void zc_keep(td_zcache *c, const char *p, size_t len, int last, const char *z,
                    size_t zlen, uint32_t crc)
{
	zc_entry *e;

	unsigned i, k;

	if (!c || len < ZC_MIN)
		return;
	/* the least reused slot, the first from c->next among equals */
	e = &c->e[c->next];
	for (i = 1; i < ZC_SLOTS; i++) {
		k = (c->next + i) % ZC_SLOTS;
		if (c->e[k].hits < e->hits)
			e = &c->e[k];
	}
	c->next = (c->next + 1) % ZC_SLOTS;
	zc_clear(e);
	e->data = td_malloc(len);
	e->z = td_malloc(zlen ? zlen : 1);
	if (!e->data || !e->z) {
		zc_clear(e);
		return;
	}
	memcpy(e->data, p, len);
	memcpy(e->z, z, zlen);
	e->len = len;
	e->zlen = zlen;
	e->last = last;
	e->crc = crc;
}

/* Deflate one piece onto out with the thread's stream, reset: flushed to a
 * byte boundary (Z_SYNC_FLUSH), or finished when last. */
static int deflate_piece(td_buf *out, const char *p, size_t len, int last)
{
	z_stream *z;
	int zr;

	if (len > (1u << 30))
		return td_error(THIDUA_ELIMIT, "Phần tài liệu quá lớn để ghi (%zu byte).",
		                "A document part is too large to write (%zu bytes).", len);
	if (!(z = thread_stream()))
		return td_error_oom();
	z->next_in = (Bytef *)p;
	z->avail_in = (uInt)len;
	do {
		size_t room = deflateBound(z, (uLong)len) + 16;

		if (td_buf_grow(out, room) < 0)
			return td_error_oom();
		z->next_out = (Bytef *)out->ptr + out->len;
		z->avail_out = (uInt)room;
		zr = deflate(z, last ? Z_FINISH : Z_SYNC_FLUSH);
		out->len += room - z->avail_out;
		if (zr == Z_STREAM_ERROR)
			return td_error(THIDUA_ERROR, "Lỗi nén dữ liệu (zlib %d).",
			                "Compression failed (zlib %d).", zr);
	} while (last ? zr != Z_STREAM_END : (z->avail_in || z->avail_out == 0));
	return 0;
}

void td_pkg_writer_set_cache(td_pkg_writer *w, td_zcache *cache)
{
	if (w)
		w->zcache = cache;
}

/* td_pkg_deflate (the same bytes), or a copy of what cache kept of it. */
static int deflate_cached(td_zcache *cache, const char *data, size_t len, char **out,
                          size_t *out_len, uint32_t *crc)
{
	const zc_entry *e = zc_find(cache, data, len, 1);
	int rc;

	if (e) {
		if (!(*out = td_malloc(e->zlen ? e->zlen : 1)))
			return td_error_oom();
		memcpy(*out, e->z, e->zlen);
		*out_len = e->zlen;
		*crc = e->crc;
		return 0;
	}
	if ((rc = td_pkg_deflate(data, len, out, out_len, crc)) == 0)
		zc_keep(cache, data, len, 1, *out, *out_len, *crc);
	return rc;
}

int td_pkg_deflate_piece(const char *data, size_t len, char **z, td_zpiece *out)
{
	td_buf b = TD_BUF_INIT;
	int rc;

	*z = NULL;
	memset(out, 0, sizeof *out);
	if ((rc = deflate_piece(&b, data, len, 0)) < 0 || td_buf_oom(&b)) {
		td_buf_free(&b);
		return rc < 0 ? rc : td_error_oom();
	}
	out->zlen = b.len;
	out->len = len;
	out->crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), (const Bytef *)data, (uInt)len);
	if (!(*z = td_buf_detach(&b)))
		return td_error_oom();
	out->z = *z;
	return 0;
}

int td_pkg_writer_add_pieces(td_pkg_writer *w, const char *name, const char *media_type,
                             const char *data, size_t len, const size_t *ends, size_t n,
                             td_zcache *cache)
{
	return td_pkg_writer_add_pieces_pre(w, name, media_type, data, len, ends, NULL, n, cache);
}

int td_pkg_writer_add_pieces_pre(td_pkg_writer *w, const char *name, const char *media_type,
                                 const char *data, size_t len, const size_t *ends,
                                 const td_zpiece *const *pre, size_t n, td_zcache *cache)
{
	td_buf z = TD_BUF_INIT;
	uint32_t crc = (uint32_t)crc32(0L, Z_NULL, 0);
	size_t k, start = 0, zlen;
	int rc;

	if ((rc = writer_usable(w)) || (rc = check_name(w, name)))
		return rc;
	if ((!data && len) || !ends || !n || ends[n - 1] != len)
		return td_error(THIDUA_EINVAL, "Thiếu dữ liệu cho phần %s.", "No data for part %s.",
		                name);
	if (n == 1)
		return td_pkg_writer_add(w, name, media_type, data, len);
	for (k = 0; k < n; k++) {
		const char *piece = data + start;
		size_t plen, zstart = z.len;
		int last = k == n - 1;
		const zc_entry *e;
		uint32_t pcrc;

		if (ends[k] < start) {
			td_buf_free(&z);
			return td_error(THIDUA_EINVAL, "Thiếu dữ liệu cho phần %s.",
			                "No data for part %s.", name);
		}
		plen = ends[k] - start;
		start = ends[k];
		if (!plen && !last)
			continue;
		if (pre && pre[k] && !last) {
			if (pre[k]->len != plen) {
				td_buf_free(&z);
				return td_error(THIDUA_EINVAL, "Thiếu dữ liệu cho phần %s.",
				                "No data for part %s.", name);
			}
			td_buf_put(&z, pre[k]->z, pre[k]->zlen);
			pcrc = pre[k]->crc;
		} else if ((e = zc_find(cache, piece, plen, last))) {
			td_buf_put(&z, e->z, e->zlen);
			pcrc = e->crc;
		} else {
			if ((rc = deflate_piece(&z, piece, plen, last)) < 0) {
				td_buf_free(&z);
				return rc;
			}
			pcrc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), (const Bytef *)piece, (uInt)plen);
			if (!td_buf_oom(&z))
				zc_keep(cache, piece, plen, last, z.ptr + zstart, z.len - zstart, pcrc);
		}
		crc = (uint32_t)crc32_combine(crc, pcrc, (z_off_t)plen);
	}
	if (td_buf_oom(&z)) {
		td_buf_free(&z);
		return td_error_oom();
	}
	zlen = z.len;
	return push_deflated(w, name, media_type, td_buf_detach(&z), zlen, len, crc);
}

/* ---- streaming a large part ------------------------------------------------ */

static void stream_drop(td_pkg_writer *w)
{
	td_zpipe_free(w->zs);
	w->zs = NULL;
}

int td_pkg_writer_stream_begin(td_pkg_writer *w, const char *name, const char *media_type)
{
	wpart *p;
	char *none;
	int rc;

	if ((rc = writer_usable(w)) || (rc = check_name(w, name)))
		return rc;
	if (w->zs)
		return td_error(THIDUA_EINVAL, "Đang ghi dở một phần khác.",
		                "Another part is being streamed.");
	if ((rc = td_zpipe_new(&w->zs)))
		return rc;
	if (!(none = td_malloc(1)) || (rc = push_part(w, name, media_type, none, 0, &p))) {
		if (!none)
			rc = td_error_oom();
		stream_drop(w);
		return rc;
	}
	p->raw = 1;
	p->comp_method = 8;
	w->spart = w->nparts - 1;
	return 0;
}

int td_pkg_writer_stream_write(td_pkg_writer *w, const char *data, size_t len)
{
	int rc;

	if ((rc = writer_usable(w)))
		return rc;
	if (!w->zs)
		return td_error(THIDUA_EINVAL, "Chưa bắt đầu ghi phần nào.", "No part is being streamed.");
	if ((rc = td_zpipe_write(w->zs, data, len)))
		stream_drop(w);
	return rc;
}

int td_pkg_writer_stream_take(td_pkg_writer *w, td_buf *text)
{
	int rc;

	if ((rc = writer_usable(w)) == 0 && !w->zs)
		rc = td_error(THIDUA_EINVAL, "Chưa bắt đầu ghi phần nào.",
		              "No part is being streamed.");
	if (rc) {
		td_buf_clear(text);
		return rc;
	}
	if ((rc = td_zpipe_take(w->zs, text)))
		stream_drop(w);
	return rc;
}

int td_pkg_writer_stream_end(td_pkg_writer *w)
{
	wpart *p;
	char *z;
	size_t zlen;
	uint64_t size;
	uint32_t crc;
	int rc;

	if ((rc = writer_usable(w)))
		return rc;
	if (!w->zs)
		return td_error(THIDUA_EINVAL, "Chưa bắt đầu ghi phần nào.", "No part is being streamed.");
	rc = td_zpipe_finish(w->zs, &z, &zlen, &size, &crc);
	stream_drop(w);
	if (rc)
		return rc;
	p = &w->parts[w->spart];
	td_free(p->data);
	p->data = z;
	p->len = zlen;
	p->size = size;
	p->crc = crc;
	return 0;
}

int td_pkg_writer_add_deflated(td_pkg_writer *w, const char *name, const char *media_type,
                               const void *zdata, size_t zlen, uint64_t size, uint32_t crc)
{
	char *copy;
	int rc;

	if ((rc = writer_usable(w)) || (rc = check_name(w, name)))
		return rc;
	if (!zdata || !zlen)
		return td_error(THIDUA_EINVAL, "Thiếu dữ liệu cho phần %s.", "No data for part %s.",
		                name);
	if (!(copy = td_malloc(zlen)))
		return td_error_oom();
	memcpy(copy, zdata, zlen);
	return push_deflated(w, name, media_type, copy, zlen, size, crc);
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
		rc = td_pkg_writer_add(w, name, sp->media_type, data, len);
		td_free(data);
		return rc;
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

/* The zip container (APPNOTE 6.3.x, sections 4.3.7, 4.3.12, 4.3.16): each
 * part's local header and bytes, then the central directory. Written here
 * rather than by libzip, whose zip_close cost more than deflating the
 * parts (every part is compressed already, so there is nothing left for it
 * to do but copy). No ZIP64: a package over 4 GiB or 65,535 entries is
 * refused. */

#define ZIP_VERSION 20 /* 2.0: deflate */
#define ZIP_UTF8 0x0800

static void put16(td_buf *b, unsigned v)
{
	char c[2] = { (char)(v & 0xff), (char)((v >> 8) & 0xff) };

	td_buf_put(b, c, 2);
}

static void put32(td_buf *b, uint32_t v)
{
	char c[4] = { (char)(v & 0xff), (char)((v >> 8) & 0xff), (char)((v >> 16) & 0xff),
	              (char)((v >> 24) & 0xff) };

	td_buf_put(b, c, 4);
}

typedef struct zentry {
	const char *name;
	const char *data;
	size_t len;            /* bytes as stored */
	uint64_t size;         /* inflated */
	uint32_t crc;
	unsigned method;
	uint32_t offset;       /* of the local header */
} zentry;

static unsigned name_flags(const char *name)
{
	for (; *name; name++)
		if ((unsigned char)*name >= 0x80)
			return ZIP_UTF8;
	return 0;
}

static void put_header(td_buf *b, const zentry *e, unsigned dtime, unsigned ddate, int central)
{
	put32(b, central ? 0x02014b50u : 0x04034b50u);
	if (central)
		put16(b, (3u << 8) | ZIP_VERSION); /* made by: Unix */
	put16(b, ZIP_VERSION);
	put16(b, name_flags(e->name));
	put16(b, e->method);
	put16(b, dtime);
	put16(b, ddate);
	put32(b, e->crc);
	put32(b, (uint32_t)e->len);
	put32(b, (uint32_t)e->size);
	put16(b, (unsigned)strlen(e->name));
	put16(b, 0); /* no extra field */
	if (central) {
		put16(b, 0);                      /* comment */
		put16(b, 0);                      /* disk */
		put16(b, 0);                      /* internal attributes */
		put32(b, (uint32_t)0100644 << 16); /* a regular file, rw-r--r-- */
		put32(b, e->offset);
	}
	td_buf_puts(b, e->name);
}

/* The whole archive into b. */
static int build_zip(const td_pkg_writer *w, td_buf *b, const zentry *e, size_t n)
{
	time_t now = time(NULL);
	struct tm tm;
	unsigned dtime = 0, ddate = (1u << 5) | 1u; /* 1980-01-01 */
	uint64_t total = 0, cd_start;
	size_t i, cd_len;
	zentry *pos;

	if (localtime_r(&now, &tm) && tm.tm_year >= 80) {
		dtime = (unsigned)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
		ddate = (unsigned)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
	}
	for (i = 0; i < n; i++)
		total += 30 + 46 + 2 * strlen(e[i].name) + e[i].len;
	if (n > 0xffff || total + 22 > 0xffffffffu) {
		return td_error(THIDUA_ELIMIT, "Tài liệu %s quá lớn để ghi (quá 4 GiB).",
		                "Document %s is too large to write (over 4 GiB).", w->path);
	}
	for (i = 0; i < n; i++)
		if (e[i].size > 0xffffffffu)
			return td_error(THIDUA_ELIMIT, "Tài liệu %s quá lớn để ghi (quá 4 GiB).",
			                "Document %s is too large to write (over 4 GiB).", w->path);
	if (td_buf_grow(b, (size_t)total + 22) < 0)
		return td_error_oom();
	for (i = 0; i < n; i++) {
		pos = (zentry *)&e[i];
		pos->offset = (uint32_t)b->len;
		put_header(b, &e[i], dtime, ddate, 0);
		td_buf_put(b, e[i].data, e[i].len);
	}
	cd_start = b->len;
	for (i = 0; i < n; i++)
		put_header(b, &e[i], dtime, ddate, 1);
	cd_len = b->len - (size_t)cd_start;
	put32(b, 0x06054b50u);
	put16(b, 0);
	put16(b, 0);
	put16(b, (unsigned)n);
	put16(b, (unsigned)n);
	put32(b, (uint32_t)cd_len);
	put32(b, (uint32_t)cd_start);
	put16(b, 0);
	return td_buf_oom(b) ? td_error_oom() : 0;
}

static int write_all(const td_pkg_writer *w, const char *p, size_t len)
{
	ssize_t k;

	while (len) {
		k = write(w->fd, p, len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return td_error(THIDUA_EIO, "Không ghi được %s: %s", "Cannot write %s: %s",
			                w->path, strerror(errno));
		p += k;
		len -= (size_t)k;
	}
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

/* Give the temporary file the target's name. Without overwrite, link()
 * fails atomically when the target appeared meanwhile; where hard links are
 * not supported the check and the rename are separate steps. */
static int publish(td_pkg_writer *w)
{
	int rc;

	if (!w->overwrite) {
		if (td_link(w->tmp, w->path) == 0) {
			td_unlink(w->tmp);
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
	if (td_rename(w->tmp, w->path) < 0)
		return td_error(THIDUA_EIO, "Không ghi được %s: %s", "Cannot write %s: %s", w->path,
		                strerror(errno));
	return 0;
}

int td_pkg_writer_commit(td_pkg_writer *w)
{
	td_buf zip = TD_BUF_INIT;
	zentry *e = NULL;
	char *xml = NULL, *mz = NULL;
	size_t xml_len = 0, mz_len = 0, i, n = 0;
	uint32_t mcrc = 0;
	int rc;

	if ((rc = writer_usable(w)))
		return rc;
	if (w->zs)
		return td_error(THIDUA_EINVAL, "Một phần chưa ghi xong.", "A part is still being streamed.");
	w->done = 1;
	if ((!w->staged && (rc = check_target(w->path, w->overwrite))) ||
	    (!w->plain && ((rc = build_manifest(w, &xml, &xml_len)) ||
	                   (rc = deflate_cached(w->zcache, xml, xml_len, &mz, &mz_len, &mcrc)))))
		goto cleanup;
	if (!(e = td_calloc(w->nparts + 2, sizeof *e))) {
		rc = td_error_oom();
		goto cleanup;
	}
	/* mimetype first, stored, no extra field (ODF 1.3 Part 2, 3.3) */
	if (!w->plain) {
		e[n].name = "mimetype";
		e[n].data = w->mimetype;
		e[n].len = e[n].size = strlen(w->mimetype);
		e[n].crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), (const Bytef *)w->mimetype,
		                           (uInt)e[n].len);
		e[n++].method = 0;
	}
	for (i = 0; i < w->nparts; i++, n++) {
		const wpart *p = &w->parts[i];

		e[n].name = p->name;
		e[n].data = p->data;
		e[n].len = p->len;
		e[n].size = p->size;
		e[n].crc = p->crc;
		e[n].method = (unsigned)p->comp_method;
	}
	if (!w->plain) {
		e[n].name = "META-INF/manifest.xml";
		e[n].data = mz;
		e[n].len = mz_len;
		e[n].size = xml_len;
		e[n].crc = mcrc;
		e[n++].method = 8;
	}
	if ((rc = build_zip(w, &zip, e, n)) || (rc = write_all(w, zip.ptr, zip.len)))
		goto cleanup;
	if (w->staged) {
		/* the output set flushes all its files at once */
		if (close(w->fd) < 0) {
			w->fd = -1;
			rc = td_error(THIDUA_EIO, "Không ghi được %s: %s", "Cannot write %s: %s",
			              w->path, strerror(errno));
			goto cleanup;
		}
		w->fd = -1;
	} else {
		/* on disk before it takes the target's name; the file stays open
		 * (and locked) until it has it */
		if (td_fsync(w->fd) < 0 && (errno == EIO || errno == ENOSPC || errno == EDQUOT)) {
			rc = td_error(THIDUA_EIO, "Không ghi được %s: %s", "Cannot write %s: %s",
			              w->path, strerror(errno));
			goto cleanup;
		}
		if ((rc = publish(w)))
			goto cleanup;
	}
	td_free(w->tmp);
	w->tmp = NULL;
cleanup:
	if (w->fd >= 0) {
		close(w->fd);
		w->fd = -1;
	}
	if (rc && w->tmp) {
		td_unlink(w->tmp);
		td_free(w->tmp);
		w->tmp = NULL;
	}
	td_buf_free(&zip);
	td_free(e);
	td_free(mz);
	td_free(xml);
	return rc;
}

void td_pkg_writer_free(td_pkg_writer *w)
{
	size_t i;

	if (!w)
		return;
	if (w->tmp)
		td_unlink(w->tmp);
	if (w->fd >= 0)
		close(w->fd);
	stream_drop(w);
	for (i = 0; i < w->nparts; i++) {
		td_free(w->parts[i].name);
		td_free(w->parts[i].media_type);
		td_free(w->parts[i].data);
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
