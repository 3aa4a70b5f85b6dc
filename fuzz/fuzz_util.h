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
static int fz_made; /* fz_dir holds a made directory's name */

static void fz_cleanup(void)
{
	if (fz_made)
		rmdir(fz_dir);
}

/* dir/name into buf. The directory is made on first use, made again if
 * something removed it meanwhile (a test suite cleaning /tmp beside us),
 * and removed at exit (the targets unlink their files). Whether it was
 * made is a flag of its own: mkdtemp may well end a name with 'X' (1 run
 * in 62), and taking that for the template made the next call's mkdtemp
 * fail on a name that no longer ends in six X, and abort. */
static inline void fz_path(char *buf, size_t size, const char *name)
{
	static int registered;

	if (fz_made && access(fz_dir, F_OK) != 0) {
		memcpy(fz_dir + sizeof fz_dir - 7, "XXXXXX", 6);
		fz_made = 0;
	}
	if (!fz_made) {
		if (!mkdtemp(fz_dir)) {
			perror("fuzz: mkdtemp");
			abort();
		}
		fz_made = 1;
	}
	if (!registered++)
		atexit(fz_cleanup);
	snprintf(buf, size, "%s/%s", fz_dir, name);
}

static inline void fz_write(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

#endif
