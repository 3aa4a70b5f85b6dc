/* package.h - ODF packages: reading zip (.odt/.ott/.ods/.ots) and flat
 * (.fodt/.fods) documents, and writing zip packages atomically.
 *
 * ODF 1.3 Part 2 (packages). A flat document is presented as if it were a
 * package: its office:document root is split into virtual parts
 * "content.xml", "styles.xml", "meta.xml" and "settings.xml" (automatic
 * styles and font declarations are copied into both content and styles), so
 * that callers never care which form they read.
 *
 * Safety: entry count, total uncompressed size, per-entry size and
 * compression ratio are bounded (td_pkg_limits); encrypted packages are
 * refused (THIDUA_EENCRYPTED); an OOXML file renamed .odt is refused with a
 * message that says so; XML is parsed with no entity substitution, no DTD
 * loading and no network, and a document with a DOCTYPE is refused. */
#ifndef TD_PACKAGE_H
#define TD_PACKAGE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <libxml/tree.h>

#include "thidua.h"
#include "util/buf.h"
#include "util/compat.h"

typedef struct td_pkg_limits {
	uint64_t max_entries;      /* default 10000 */
	uint64_t max_entry_size;   /* uncompressed bytes of one part, default 256 MiB */
	uint64_t max_total_size;   /* all parts, default 1 GiB */
	uint32_t max_ratio;        /* uncompressed/compressed of one part, default 200
	                              (checked only for parts over 1 MiB) */
} td_pkg_limits;

#define TD_PKG_LIMITS_DEFAULT { 10000, 256u << 20, 1024u << 20, 200 }

typedef struct td_pkg td_pkg;

/* Open a document read-only. The input file is never modified. Fails with
 * THIDUA_EIO, THIDUA_EFORMAT, THIDUA_EENCRYPTED or THIDUA_ELIMIT and a
 * message naming the file (thidua_error_last()). limits may be NULL. */
int td_pkg_open(td_pkg **out, const char *path, const td_pkg_limits *limits);
/* Opens path, a file and not a folder, reads up to cap of its first bytes
 * into head (*n how many; fewer for a short file) and rewinds it: the
 * descriptor (the caller closes it), or a negative error code with the
 * error set, naming the file. */
int td_file_peek(const char *path, unsigned char *head, size_t cap, ssize_t *n,
                 td_fileinfo *sb);
/* 0 when a flat ODF document of size bytes is within TD_FLAT_MAX, else
 * THIDUA_ELIMIT with the error set, naming path and the limit. */
int td_flat_size_ok(const char *path, uint64_t size);
/* td_pkg_open of a zip archive that the caller has opened already, with
 * ZIP_RDONLY | ZIP_CHECKCONS as td_pkg_open opens it (so that a file
 * looked into to tell its kind is not opened twice): the same result and
 * messages. Takes za, also on failure. */
struct zip;
int td_pkg_open_zip(td_pkg **out, const char *path, struct zip *za,
                    const td_pkg_limits *limits);
void td_pkg_free(td_pkg *pkg);

const char *td_pkg_path(const td_pkg *pkg);      /* borrowed */
/* The document media type ("application/vnd.oasis.opendocument.text", ...),
 * from the mimetype entry or the flat root's office:mimetype. Borrowed. */
const char *td_pkg_mimetype(const td_pkg *pkg);
int td_pkg_is_flat(const td_pkg *pkg);
/* Part names in package order (virtual ones for a flat document). */
size_t td_pkg_part_count(const td_pkg *pkg);
const char *td_pkg_part_name(const td_pkg *pkg, size_t i);
int td_pkg_has_part(const td_pkg *pkg, const char *name);
/* Media type of a part as the manifest gives it, or NULL. Borrowed. */
const char *td_pkg_part_media_type(const td_pkg *pkg, const char *name);

/* Read a whole part; *data is owned by the caller (td_free), NUL-terminated
 * (not counted in *len). */
int td_pkg_read(const td_pkg *pkg, const char *name, char **data, size_t *len);
/* Parse a part as XML, safely. The document is owned by the caller
 * (xmlFreeDoc). */
int td_pkg_parse(const td_pkg *pkg, const char *name, xmlDocPtr *doc);

/* Parse XML from memory with the same safe options; `name` is used in error
 * messages. Caller owns *doc. */
int td_xml_parse(xmlDocPtr *doc, const char *data, size_t len, const char *name);

/* ---- writing ------------------------------------------------------------ */

typedef struct td_pkg_writer td_pkg_writer;

/* zlib level of every written part. Measured (make bench prints it again):
 * deflating the agreement's own parts takes 0.16 ms at level 1, 0.27 at 6
 * and 0.35 at 9, for 6.5, 5.6 and 5.6 KB; a whole warm fill is 0.23 ms at
 * level 1 against 0.30 at 6, the file 7.1 KB against 6.2. Documents of a few
 * kilobytes (and ten thousand scoring sheets) gain more from the time than
 * they lose in size, and 9 buys nothing over 6: level 1. */
#define TD_PKG_DEFLATE_LEVEL 1

/* Flags of td_pkg_writer_open. */
#define TD_PKG_OVERWRITE 1u /* replace an existing file at path */
#define TD_PKG_STAGED 2u    /* path is in an output set's staging folder
                               (odf/outset.h): written there directly, with
                               no temporary file and no fsync of its own */
#define TD_PKG_PLAIN 4u     /* a plain zip (Office Open XML): no mimetype
                               entry and no META-INF/manifest.xml; the parts
                               in the order added (the mimetype argument is
                               then only checked, not written) */

/* Start a package to be written to `path`. Nothing appears at `path` until
 * td_pkg_writer_commit succeeds (a temporary file in the same directory,
 * fsync'ed, is renamed over it). Fails with THIDUA_EEXISTS when path exists
 * and TD_PKG_OVERWRITE is not among flags. The mimetype entry is written
 * first, stored, with no extra field. */
int td_pkg_writer_open(td_pkg_writer **out, const char *path, const char *mimetype,
                       unsigned flags);
/* Add a part from memory (deflated at once: data may be freed after the
 * call). media_type goes into the manifest (may be
 * "" for parts that need none, like thumbnails; NULL = guess from the name:
 * .xml -> text/xml, .png -> image/png, ...). */
int td_pkg_writer_add(td_pkg_writer *w, const char *name, const char *media_type,
                      const void *data, size_t len);
/* Add a part already deflated (raw deflate, as td_pkg_deflate makes it):
 * zdata (zlen bytes, copied) inflates to `size` bytes with CRC-32 crc. */
int td_pkg_writer_add_deflated(td_pkg_writer *w, const char *name, const char *media_type,
                               const void *zdata, size_t zlen, uint64_t size, uint32_t crc);
/* Deflated pieces kept for reuse by td_pkg_writer_add_pieces: documents
 * of one batch (ten thousand scoring sheets) share most of their bytes,
 * which are then compressed once. A cache belongs to one thread at a time;
 * td_zcache_new returns NULL when out of memory (pass NULL: no reuse). */
typedef struct td_zcache td_zcache;
td_zcache *td_zcache_new(void);
void td_zcache_free(td_zcache *cache);
/* Add a part given as consecutive pieces, ends[k] the offset where piece k
 * ends (increasing; ends[n - 1] == len). Each piece is deflated by itself
 * (the stream flushed to a byte boundary after it, the last one finished),
 * which makes one valid deflate stream of the whole; a piece already
 * deflated into cache (the same bytes, compared) is copied instead. One
 * piece (n == 1) gives the same bytes as td_pkg_writer_add. cache may be
 * NULL. */
int td_pkg_writer_add_pieces(td_pkg_writer *w, const char *name, const char *media_type,
                             const char *data, size_t len, const size_t *ends, size_t n,
                             td_zcache *cache);
/* A piece deflated ahead of time by td_pkg_deflate_piece (flushed to a
 * byte boundary, not the end of a stream): valid anywhere in a part's
 * stream, in place of the len bytes it came from. */
typedef struct td_zpiece {
	const char *z;
	size_t zlen;
	size_t len;            /* its bytes before deflating */
	uint32_t crc;
} td_zpiece;
/* Deflate data as such a piece: *z (zlen bytes) owned by the caller
 * (td_free); out->z points into it. */
int td_pkg_deflate_piece(const char *data, size_t len, char **z, td_zpiece *out);
/* td_pkg_writer_add_pieces where pre[k] (pre may be NULL, pre[k] NULL for
 * the pieces to deflate) gives piece k already deflated; the last piece
 * is always deflated (it ends the stream). */
int td_pkg_writer_add_pieces_pre(td_pkg_writer *w, const char *name, const char *media_type,
                                 const char *data, size_t len, const size_t *ends,
                                 const td_zpiece *const *pre, size_t n, td_zcache *cache);
/* The manifest a batch's documents share is then deflated once too. */
void td_pkg_writer_set_cache(td_pkg_writer *w, td_zcache *cache);
/* Raw-deflate data at TD_PKG_DEFLATE_LEVEL with the calling thread's stream;
 * *out owned by the caller (td_free), *crc the CRC-32 of data. */
int td_pkg_deflate(const char *data, size_t len, char **out, size_t *out_len, uint32_t *crc);
/* A part too large to hold whole (a province's summary): begin, write its
 * bytes in pieces (deflated as they come, with a stream of its own), end.
 * One part at a time; nothing else may be added meanwhile. */
int td_pkg_writer_stream_begin(td_pkg_writer *w, const char *name, const char *media_type);
int td_pkg_writer_stream_write(td_pkg_writer *w, const char *data, size_t len);
/* As stream_write, without a copy: takes text's bytes and leaves it empty
 * (holding other memory, or none), whatever the result. */
int td_pkg_writer_stream_take(td_pkg_writer *w, td_buf *text);
int td_pkg_writer_stream_end(td_pkg_writer *w);
/* Copy a part of a zip package as it is, without recompressing it; for a
 * flat source the part is read and added. */
int td_pkg_writer_copy(td_pkg_writer *w, const td_pkg *src, const char *name);
/* Copy every part of src that has not been added yet, except mimetype,
 * META-INF/manifest.xml, Thumbnails/ and signatures. */
int td_pkg_writer_copy_rest(td_pkg_writer *w, const td_pkg *src);
/* Write META-INF/manifest.xml (every part with its media type, root "/"
 * with the package mimetype and office version 1.3), close and rename into
 * place. On failure nothing is left at path. */
int td_pkg_writer_commit(td_pkg_writer *w);
/* Release; when not committed, removes the temporary file. */
void td_pkg_writer_free(td_pkg_writer *w);

/* The document media type that filling a template of this type produces:
 * ...text-template -> ...text, ...spreadsheet-template -> ...spreadsheet;
 * others unchanged. Borrowed static string, or the argument. */
const char *td_odf_filled_mimetype(const char *template_mimetype);

#endif
