/* compat.c - the file system and process calls that differ on Windows
 * (compat.h): the POSIX calls, or the wide-character Windows API. */
#ifndef _WIN32
#define _GNU_SOURCE /* dladdr */
#endif
#include "util/compat.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *td_last_sep(const char *path)
{
	const char *last = NULL;

	for (; *path; path++)
		if (td_is_sep(*path))
			last = path;
	return last;
}

#ifndef _WIN32 /* ---------------------------------------------------------- */

#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int td_is_sep(char c) { return c == '/'; }

FILE *td_fopen(const char *path, const char *mode) { return fopen(path, mode); }

int td_open(const char *path, int flags, int mode) { return open(path, flags | O_CLOEXEC, mode); }

static void from_stat(const struct stat *sb, td_fileinfo *fi)
{
	fi->is_dir = S_ISDIR(sb->st_mode);
	fi->is_reg = S_ISREG(sb->st_mode);
	fi->mode = (unsigned)(sb->st_mode & 07777);
	fi->size = (uint64_t)sb->st_size;
	fi->dev = (uint64_t)sb->st_dev;
	fi->ino = (uint64_t)sb->st_ino;
}

int td_stat(const char *path, td_fileinfo *fi)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return -1;
	from_stat(&sb, fi);
	return 0;
}

int td_lstat(const char *path, td_fileinfo *fi)
{
	struct stat sb;

	if (lstat(path, &sb) != 0)
		return -1;
	from_stat(&sb, fi);
	return 0;
}

int td_fstat(int fd, td_fileinfo *fi)
{
	struct stat sb;

	if (fstat(fd, &sb) != 0)
		return -1;
	from_stat(&sb, fi);
	return 0;
}

long long td_pread(int fd, void *buf, size_t n, uint64_t off)
{
	return pread(fd, buf, n, (off_t)off);
}

long long td_pwrite(int fd, const void *buf, size_t n, uint64_t off)
{
	return pwrite(fd, buf, n, (off_t)off);
}

int td_trylock(int fd) { return flock(fd, LOCK_EX | LOCK_NB); }

int td_open_locked(const char *path, td_fileinfo *fi)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK), e;

	if (fd < 0)
		return -1;
	if (td_fstat(fd, fi) == 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
		return fd;
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

int td_access(const char *path, int mode) { return access(path, mode); }
int td_mkdir(const char *path, unsigned mode) { return mkdir(path, (mode_t)mode); }
int td_rmdir(const char *path) { return rmdir(path); }
char *td_mkdtemp(char *tmpl) { return mkdtemp(tmpl); }
int td_rename(const char *from, const char *to) { return rename(from, to); }
int td_link(const char *from, const char *to) { return link(from, to); }
int td_unlink(const char *path) { return unlink(path); }
int td_chmod(const char *path, unsigned mode) { return chmod(path, (mode_t)mode); }
int td_fsync(int fd) { return fsync(fd); }

int td_sync_folder(int dfd, const char *path)
{
	(void)path;
#ifdef __linux__
	return syncfs(dfd);
#else
	(void)dfd;
	sync();
	return 0;
#endif
}

int td_fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

struct td_dir {
	DIR *d;
};

td_dir *td_opendir(const char *path)
{
	td_dir *d = malloc(sizeof *d);

	if (!d) {
		errno = ENOMEM;
		return NULL;
	}
	if (!(d->d = opendir(path))) {
		free(d);
		return NULL;
	}
	return d;
}

const char *td_readdir(td_dir *d)
{
	struct dirent *e = readdir(d->d);

	return e ? e->d_name : NULL;
}

void td_closedir(td_dir *d)
{
	if (d) {
		closedir(d->d);
		free(d);
	}
}

int td_module_path(const void *addr, char *buf, size_t size)
{
	Dl_info info;
	size_t n;

	if (!dladdr(addr, &info) || !info.dli_fname || info.dli_fname[0] != '/')
		return -1;
	n = strlen(info.dli_fname);
	if (n >= size)
		return -1;
	memcpy(buf, info.dli_fname, n + 1);
	return 0;
}

#else /* _WIN32 ------------------------------------------------------------ */

#include <windows.h>
#include <direct.h>
#include <fcntl.h>
#include <io.h>
#include <sys/stat.h>

int td_is_sep(char c) { return c == '/' || c == '\\'; }

/* errno for the calling thread's last Windows error. */
static int set_errno_from_win(void)
{
	switch (GetLastError()) {
	case ERROR_FILE_NOT_FOUND:
	case ERROR_PATH_NOT_FOUND:
	case ERROR_INVALID_NAME:
	case ERROR_BAD_NETPATH:
	case ERROR_INVALID_DRIVE:
		errno = ENOENT;
		break;
	case ERROR_ALREADY_EXISTS:
	case ERROR_FILE_EXISTS:
		errno = EEXIST;
		break;
	case ERROR_ACCESS_DENIED:
	case ERROR_SHARING_VIOLATION:
	case ERROR_LOCK_VIOLATION:
		errno = EACCES;
		break;
	case ERROR_NOT_SAME_DEVICE:
		errno = EXDEV;
		break;
	case ERROR_NOT_ENOUGH_MEMORY:
	case ERROR_OUTOFMEMORY:
		errno = ENOMEM;
		break;
	case ERROR_DISK_FULL:
		errno = ENOSPC;
		break;
	case ERROR_DIRECTORY:
		errno = ENOTDIR;
		break;
	case ERROR_INVALID_FUNCTION:
	case ERROR_NOT_SUPPORTED:
		errno = ENOSYS;
		break;
	default:
		errno = EIO;
	}
	return -1;
}

/* path in UTF-16, malloc'ed; NULL with errno set when it is not UTF-8. */
static wchar_t *widen(const char *s)
{
	int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
	wchar_t *w;

	if (n <= 0) {
		errno = EINVAL;
		return NULL;
	}
	if (!(w = malloc((size_t)n * sizeof *w))) {
		errno = ENOMEM;
		return NULL;
	}
	MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n);
	return w;
}

/* w in UTF-8, malloc'ed; NULL on failure. */
static char *narrow(const wchar_t *w)
{
	int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
	char *s;

	if (n <= 0 || !(s = malloc((size_t)n)))
		return NULL;
	WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL);
	return s;
}

FILE *td_fopen(const char *path, const char *mode)
{
	wchar_t *wp = widen(path), *wm = widen(mode);
	FILE *f = NULL;

	if (wp && wm)
		f = _wfopen(wp, wm);
	free(wp);
	free(wm);
	return f;
}

/* A C runtime descriptor for a new handle, which it then owns; -1 when
 * there is none (the handle is closed). */
static int wrap_handle(HANDLE h, int flags)
{
	int fd = _open_osfhandle((intptr_t)h, flags | _O_BINARY);

	if (fd < 0) {
		CloseHandle(h);
		errno = EMFILE;
	}
	return fd;
}

int td_open(const char *path, int flags, int mode)
{
	wchar_t *wp = widen(path);
	int acc = flags & (_O_RDONLY | _O_WRONLY | _O_RDWR);
	DWORD access, disp, attrs = FILE_ATTRIBUTE_NORMAL;
	HANDLE h;

	if (!wp)
		return -1;
	access = acc == _O_WRONLY ? GENERIC_WRITE
	       : acc == _O_RDWR   ? GENERIC_READ | GENERIC_WRITE
	                          : GENERIC_READ;
	if (flags & _O_CREAT)
		disp = (flags & _O_EXCL)   ? CREATE_NEW
		     : (flags & _O_TRUNC) ? CREATE_ALWAYS
		                          : OPEN_ALWAYS;
	else
		disp = (flags & _O_TRUNC) ? TRUNCATE_EXISTING : OPEN_EXISTING;
	if ((flags & _O_CREAT) && !(mode & 0200))
		attrs = FILE_ATTRIBUTE_READONLY;
	/* _wopen would not share deletion: an open file could then be neither
	 * renamed nor removed, which the writers and the output sets do */
	h = CreateFileW(wp, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
	                disp, attrs, NULL);
	free(wp);
	if (h == INVALID_HANDLE_VALUE)
		return set_errno_from_win();
	return wrap_handle(h, flags & (_O_RDONLY | _O_WRONLY | _O_RDWR | _O_APPEND));
}

static long long rw_at(int fd, void *buf, size_t n, uint64_t off, int write)
{
	HANDLE h = (HANDLE)_get_osfhandle(fd);
	OVERLAPPED ov;
	DWORD done = 0;
	BOOL ok;

	if (h == INVALID_HANDLE_VALUE) {
		errno = EBADF;
		return -1;
	}
	memset(&ov, 0, sizeof ov);
	ov.Offset = (DWORD)off;
	ov.OffsetHigh = (DWORD)(off >> 32);
	if (n > 0x7fffffff)
		n = 0x7fffffff;
	ok = write ? WriteFile(h, buf, (DWORD)n, &done, &ov)
	           : ReadFile(h, buf, (DWORD)n, &done, &ov);
	if (!ok && GetLastError() != ERROR_HANDLE_EOF)
		return set_errno_from_win();
	return (long long)done;
}

long long td_pread(int fd, void *buf, size_t n, uint64_t off) { return rw_at(fd, buf, n, off, 0); }

long long td_pwrite(int fd, const void *buf, size_t n, uint64_t off)
{
	return rw_at(fd, (void *)buf, n, off, 1);
}

int td_trylock(int fd)
{
	HANDLE h = (HANDLE)_get_osfhandle(fd);
	OVERLAPPED ov;

	if (h == INVALID_HANDLE_VALUE) {
		errno = EBADF;
		return -1;
	}
	memset(&ov, 0, sizeof ov);
	ov.OffsetHigh = 0x40000000; /* byte 2^62 */
	if (LockFileEx(h, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ov))
		return 0;
	if (GetLastError() == ERROR_LOCK_VIOLATION || GetLastError() == ERROR_IO_PENDING) {
		errno = EWOULDBLOCK;
		return -1;
	}
	return set_errno_from_win();
}

int td_open_locked(const char *path, td_fileinfo *fi)
{
	const char *lock_path = path;
	char *hold = NULL;
	int fd, e;

	if (td_lstat(path, fi) < 0)
		return -1;
	if (fi->is_dir) {
		size_t n = strlen(path);

		if (!(hold = malloc(n + sizeof TD_HOLD_NAME + 1))) {
			errno = ENOMEM;
			return -1;
		}
		memcpy(hold, path, n);
		hold[n] = '\\';
		memcpy(hold + n + 1, TD_HOLD_NAME, sizeof TD_HOLD_NAME);
		lock_path = hold;
	}
	fd = td_open(lock_path, hold ? _O_RDWR | _O_CREAT : _O_RDONLY, 0644);
	free(hold);
	if (fd < 0)
		return -1;
	if (td_trylock(fd) == 0)
		return fd;
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

static void from_handle_info(const BY_HANDLE_FILE_INFORMATION *h, td_fileinfo *fi)
{
	fi->is_dir = (h->dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
	fi->is_reg = !fi->is_dir && !(h->dwFileAttributes & FILE_ATTRIBUTE_DEVICE);
	fi->mode = (h->dwFileAttributes & FILE_ATTRIBUTE_READONLY) ? 0444 : 0644;
	fi->size = ((uint64_t)h->nFileSizeHigh << 32) | h->nFileSizeLow;
	/* 100 ns steps since 1601 */
	fi->mtime = (int64_t)(((((uint64_t)h->ftLastWriteTime.dwHighDateTime << 32) |
	                         h->ftLastWriteTime.dwLowDateTime) / 10000000ull) - 11644473600ull);
	fi->size = ((uint64_t)h->nFileSizeHigh << 32) | h->nFileSizeLow;
	fi->dev = h->dwVolumeSerialNumber;
	fi->ino = ((uint64_t)h->nFileIndexHigh << 32) | h->nFileIndexLow;
}

int td_stat(const char *path, td_fileinfo *fi)
{
	wchar_t *wp = widen(path);
	BY_HANDLE_FILE_INFORMATION info;
	HANDLE h;
	int ok;

	if (!wp)
		return -1;
	/* FILE_FLAG_BACKUP_SEMANTICS: folders open too */
	h = CreateFileW(wp, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
	                OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
	free(wp);
	if (h == INVALID_HANDLE_VALUE)
		return set_errno_from_win();
	ok = GetFileInformationByHandle(h, &info);
	if (!ok)
		set_errno_from_win();
	CloseHandle(h);
	if (!ok)
		return -1;
	from_handle_info(&info, fi);
	return 0;
}

int td_lstat(const char *path, td_fileinfo *fi) { return td_stat(path, fi); }

int td_fstat(int fd, td_fileinfo *fi)
{
	HANDLE h = (HANDLE)_get_osfhandle(fd);
	BY_HANDLE_FILE_INFORMATION info;

	if (h == INVALID_HANDLE_VALUE) {
		errno = EBADF;
		return -1;
	}
	if (!GetFileInformationByHandle(h, &info))
		return set_errno_from_win();
	from_handle_info(&info, fi);
	return 0;
}

int td_access(const char *path, int mode)
{
	wchar_t *wp = widen(path);
	int rc;

	if (!wp)
		return -1;
	rc = _waccess(wp, mode);
	free(wp);
	return rc;
}

int td_mkdir(const char *path, unsigned mode)
{
	wchar_t *wp = widen(path);
	int rc;

	(void)mode;
	if (!wp)
		return -1;
	rc = _wmkdir(wp);
	free(wp);
	return rc;
}

int td_rmdir(const char *path)
{
	wchar_t *wp = widen(path);
	int rc;

	if (!wp)
		return -1;
	rc = _wrmdir(wp);
	free(wp);
	return rc;
}

char *td_mkdtemp(char *tmpl)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	static volatile LONG64 seq;
	size_t n = strlen(tmpl), i;
	unsigned long long x;
	LARGE_INTEGER t;
	int tries;

	if (n < 6 || strcmp(tmpl + n - 6, "XXXXXX") != 0) {
		errno = EINVAL;
		return NULL;
	}
	for (tries = 0; tries < 100; tries++) {
		QueryPerformanceCounter(&t);
		x = (unsigned long long)t.QuadPart ^
		    ((unsigned long long)GetCurrentProcessId() << 32) ^
		    ((unsigned long long)InterlockedIncrement64(&seq) * 0x9e3779b97f4a7c15ull);
		x ^= x >> 29;
		x *= 0xbf58476d1ce4e5b9ull;
		x ^= x >> 32;
		for (i = n - 6; i < n; i++) {
			tmpl[i] = set[x % (sizeof set - 1)];
			x /= sizeof set - 1;
		}
		if (td_mkdir(tmpl, 0700) == 0)
			return tmpl;
		if (errno != EEXIST)
			return NULL;
	}
	return NULL;
}

/* MoveFileExW with flags, or CreateHardLinkW when link. */
static int move_or_link(const char *from, const char *to, DWORD flags, int link)
{
	wchar_t *wf = widen(from), *wt = widen(to);
	int ok = 0;

	if (wf && wt) {
		ok = link ? CreateHardLinkW(wt, wf, NULL) : MoveFileExW(wf, wt, flags);
		if (!ok)
			set_errno_from_win();
	}
	free(wf);
	free(wt);
	return ok ? 0 : -1;
}

int td_rename(const char *from, const char *to)
{
	return move_or_link(from, to, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH, 0);
}

int td_link(const char *from, const char *to) { return move_or_link(from, to, 0, 1); }

int td_unlink(const char *path)
{
	wchar_t *wp = widen(path);
	int rc;

	if (!wp)
		return -1;
	rc = _wunlink(wp);
	free(wp);
	return rc;
}

int td_chmod(const char *path, unsigned mode)
{
	wchar_t *wp = widen(path);
	int rc;

	if (!wp)
		return -1;
	rc = _wchmod(wp, (mode & 0200) ? _S_IREAD | _S_IWRITE : _S_IREAD);
	free(wp);
	return rc;
}

int td_fsync(int fd) { return _commit(fd); }

int td_sync_folder(int dfd, const char *path)
{
	size_t n = strlen(path);
	const char *name;
	td_dir *d;
	int rc = 0;

	(void)dfd;
	if (!(d = td_opendir(path)))
		return -1;
	while ((name = td_readdir(d))) {
		char *p = malloc(n + strlen(name) + 2);
		wchar_t *wp;
		HANDLE h;

		if (!p) {
			errno = ENOMEM;
			rc = -1;
			break;
		}
		memcpy(p, path, n);
		p[n] = '\\';
		strcpy(p + n + 1, name);
		wp = widen(p);
		free(p);
		if (!wp)
			continue;
		h = CreateFileW(wp, GENERIC_WRITE,
		                FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
		                OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
		free(wp);
		if (h == INVALID_HANDLE_VALUE)
			continue; /* a folder, or gone */
		if (!FlushFileBuffers(h))
			rc = set_errno_from_win();
		CloseHandle(h);
	}
	td_closedir(d);
	return rc;
}

int td_fsync_dir(const char *path)
{
	(void)path;
	return 0;
}

struct td_dir {
	HANDLE h;
	int first;      /* data holds the first entry, not yet returned */
	WIN32_FIND_DATAW data;
	char *name;     /* the last name returned */
};

td_dir *td_opendir(const char *path)
{
	size_t n = strlen(path);
	char *pattern = malloc(n + 3);
	wchar_t *wp;
	td_dir *d;

	if (!pattern) {
		errno = ENOMEM;
		return NULL;
	}
	memcpy(pattern, path, n);
	if (n && !td_is_sep(path[n - 1]))
		pattern[n++] = '\\';
	pattern[n++] = '*';
	pattern[n] = '\0';
	wp = widen(pattern);
	free(pattern);
	if (!wp)
		return NULL;
	if (!(d = calloc(1, sizeof *d))) {
		free(wp);
		errno = ENOMEM;
		return NULL;
	}
	d->h = FindFirstFileW(wp, &d->data);
	free(wp);
	if (d->h == INVALID_HANDLE_VALUE) {
		set_errno_from_win();
		free(d);
		return NULL;
	}
	d->first = 1;
	return d;
}

const char *td_readdir(td_dir *d)
{
	free(d->name);
	d->name = NULL;
	if (!d->first) {
		if (!FindNextFileW(d->h, &d->data)) {
			if (GetLastError() != ERROR_NO_MORE_FILES)
				set_errno_from_win();
			return NULL;
		}
	}
	d->first = 0;
	if (!(d->name = narrow(d->data.cFileName)))
		errno = ENOMEM;
	return d->name;
}

void td_closedir(td_dir *d)
{
	if (d) {
		FindClose(d->h);
		free(d->name);
		free(d);
	}
}

int td_module_path(const void *addr, char *buf, size_t size)
{
	HMODULE m;
	wchar_t w[4096];
	DWORD n;
	char *s;
	size_t len;

	if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
	                        GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
	                        (LPCWSTR)addr, &m))
		return -1;
	n = GetModuleFileNameW(m, w, sizeof w / sizeof w[0]);
	if (n == 0 || n >= sizeof w / sizeof w[0] || !(s = narrow(w)))
		return -1;
	len = strlen(s);
	if (len >= size) {
		free(s);
		return -1;
	}
	memcpy(buf, s, len + 1);
	free(s);
	return 0;
}

#endif
