/* win_compat.h - the POSIX calls the unit tests use that mingw-w64 lacks or
 * declares otherwise, for the tests' Windows build (force-included by
 * tools/windows.mk; the tests run under wine). The library itself goes
 * through src/util/compat.h; the tests' own scratch files have ASCII names. */
#ifndef TU_WIN_COMPAT_H
#define TU_WIN_COMPAT_H
#ifdef _WIN32
#include <direct.h>
#include <io.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* no modes, no symbolic links */
#define mkdir(path, mode) ((void)(mode), _mkdir(path))
#define lstat stat

#include <errno.h>
#include <time.h>

/* _mktemp_s makes only 26 names a process, and wine gives runs the same
 * process ids: random letters, tried until a new folder is made. */
static inline char *tu_win_mkdtemp(char *tmpl)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	static unsigned long long x;
	size_t n = strlen(tmpl), i;
	int tries;

	if (n < 6 || strcmp(tmpl + n - 6, "XXXXXX") != 0)
		return NULL;
	if (!x)
		x = (unsigned long long)time(NULL) ^ ((unsigned long long)clock() << 20) ^
		    (unsigned long long)(size_t)tmpl;
	for (tries = 0; tries < 1000; tries++) {
		for (i = n - 6; i < n; i++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			tmpl[i] = set[(x >> 33) % (sizeof set - 1)];
		}
		if (_mkdir(tmpl) == 0)
			return tmpl;
		if (errno != EEXIST)
			return NULL;
	}
	return NULL;
}
#define mkdtemp tu_win_mkdtemp
#endif
#endif
