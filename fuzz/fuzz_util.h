/* fuzz_util.h - what the file-based fuzz targets share: a private
 * temporary directory and writing the input into a file there. Header-only
 * so that each target stays one .c file (see the Makefile's FUZZ_TARGETS). */
#ifndef TD_FUZZ_UTIL_H
#define TD_FUZZ_UTIL_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fz_dir[] = "/tmp/thidua-fuzz-XXXXXX";

static void fz_cleanup(void) { rmdir(fz_dir); }

/* dir/name into buf. The directory is made on first use, made again if
 * something removed it meanwhile (a test suite cleaning /tmp beside us),
 * and removed at exit (the targets unlink their files). */
static inline void fz_path(char *buf, size_t size, const char *name)
{
	static int registered;

	if (fz_dir[sizeof fz_dir - 2] != 'X' && access(fz_dir, F_OK) != 0)
		memcpy(fz_dir + sizeof fz_dir - 7, "XXXXXX", 6);
	if (fz_dir[sizeof fz_dir - 2] == 'X' && !mkdtemp(fz_dir))
		abort();
	if (!registered++)
		atexit(fz_cleanup);
	snprintf(buf, size, "%s/%s", fz_dir, name);
}

static inline void fz_write(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
}

#endif
