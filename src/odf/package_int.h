/* package_int.h - what the package reader, the flat-document splitter, the
 * XML helpers and the package writer share (internal to src/odf). */
#ifndef TD_PACKAGE_INT_H
#define TD_PACKAGE_INT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <zip.h>

#include "odf/package.h"

#define TD_NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define TD_NS_MANIFEST "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"

/* One part of an open package. */
typedef struct td_part {
	char *name;            /* owned */
	char *media_type;      /* owned; NULL when the manifest gives none */
	/* zip packages */
	zip_uint64_t index;    /* entry index in pkg->za */
	uint64_t size;         /* declared uncompressed size */
	uint64_t comp_size;    /* declared compressed size */
	uint32_t crc;
	int32_t comp_method;   /* ZIP_CM_STORE or ZIP_CM_DEFLATE */
	int verified;          /* data inflated once and CRC checked (under lock) */
	/* flat documents: the serialized virtual part, owned (td_free) */
	unsigned char *xml;
	size_t xml_len;
} td_part;

/* A manifest entry for a directory (a sub-document such as "Object 1/"),
 * kept so that a copy of its files keeps the sub-document's media type. */
typedef struct td_pkg_dir {
	char *path;            /* owned, ends with '/' */
	char *media_type;      /* owned */
	char *version;         /* owned, may be NULL */
} td_pkg_dir;

struct td_pkg {
	char *path;            /* owned */
	char *mimetype;        /* owned */
	int flat;
	td_pkg_limits limits;
	zip_t *za;             /* zip packages; libzip is not thread-safe, so
	                          every use goes through lock */
	pthread_mutex_t lock;
	int lock_ok;
	td_part *parts;        /* owned array, package order */
	size_t nparts;
	td_part **by_name;     /* owned array of pointers into parts, sorted by name */
	td_pkg_dir *dirs;      /* owned array */
	size_t ndirs;
};

/* A zip part as its compressed bytes, for copying without recompressing. */
typedef struct td_raw_part {
	char *data;            /* owned (td_free): comp_size bytes */
	uint64_t comp_size;
	uint64_t size;
	uint32_t crc;
	int32_t comp_method;
} td_raw_part;

/* xml.c: parse with the safe options; error messages name `file` (may be
 * NULL) and `part`. Caller owns *doc. */
int td_xml_parse_in(xmlDocPtr *doc, const char *data, size_t len, const char *file,
                    const char *part);

/* flat.c: fill pkg (path and limits already set) from a flat document held
 * in data[0..len). */
int td_flat_load(td_pkg *pkg, const char *data, size_t len);

/* package_read.c */
/* Nonzero for a part name that no ODF producer writes and that could
 * escape a directory: empty, absolute, with a backslash, "." or "..". */
int td_pkg_unsafe_name(const char *name);
const td_part *td_pkg_find(const td_pkg *pkg, const char *name);
const td_pkg_dir *td_pkg_find_dir(const td_pkg *pkg, const char *path);
/* Read a zip part's compressed bytes (after checking once that they inflate
 * to the declared size and CRC). Caller owns raw->data. */
int td_pkg_read_raw(const td_pkg *pkg, const td_part *part, td_raw_part *raw);

#endif
