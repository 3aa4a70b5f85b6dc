/* testutil.h - helpers shared by the unit tests: temporary directories,
 * files, ODF documents built from snippets. Everything returned is owned by
 * the caller (free()). */
#ifndef TD_TESTUTIL_H
#define TD_TESTUTIL_H

/* 1 where system() runs a POSIX shell (not under wine: the Windows build's
 * tests skip the checks that shell out to Linux tools). */
#ifdef _WIN32
#define TU_CAN_SHELL 0
#else
#define TU_CAN_SHELL 1
#endif

#include <stddef.h>

#define ODF_NS \
	"xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
	"xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" " \
	"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
	"xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " \
	"xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" " \
	"xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" " \
	"xmlns:of=\"urn:oasis:names:tc:opendocument:xmlns:of:1.2\""

/* A new empty directory under $TMPDIR. */
char *tu_tmpdir(void);
/* dir + "/" + name. */
char *tu_path(const char *dir, const char *name);
void tu_write(const char *path, const char *data, size_t len);
/* rm -rf */
void tu_rmtree(const char *dir);
int tu_exists(const char *path);
/* A flat text document (.fodt) around body (office:text content) and an
 * optional master page header paragraph content. */
char *tu_fodt(const char *body, const char *header);
/* A flat spreadsheet (.fods) around body (office:spreadsheet content). */
char *tu_fods(const char *body);
/* A flat spreadsheet from a compact spec: "== Sheet" starts a sheet; every
 * other line is a row, cells separated by '|': "#8.5" a float cell,
 * "@2018-01-11" a date cell, "?true" a boolean cell, "'@x" the string "@x",
 * "" an empty cell, anything else a string ("\\n" in it splits paragraphs). */
char *tu_spec_fods(const char *spec);
/* text written to a new file "f<n>.<ext>" in dir; returns its path. */
char *tu_write_new(const char *dir, const char *text, const char *ext);
/* Sets the environment variable name to value, or unsets it when value is
 * NULL (setenv/unsetenv; _putenv_s on Windows, which has neither). */
void tu_setenv(const char *name, const char *value);
/* One part of a package, NUL-terminated. */
char *tu_read_part(const char *pkg_path, const char *part);
/* The inner XML of the first element named `name` (e.g. "office:text"). */
char *tu_inner(const char *xml, const char *name);

#endif
