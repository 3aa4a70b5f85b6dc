/* compat.h - the file system and process calls that differ on Windows.
 *
 * Paths are UTF-8 everywhere in thidua. On POSIX systems these are the plain
 * calls; on Windows they go to the wide-character API (the narrow one reads
 * names in the ANSI code page and silently mangles "Cụm thi đua số XII.ods"),
 * files open in binary mode and are not inherited, rename replaces, and a
 * file's identity is its volume serial number and file index (st_ino is
 * always 0 there). Errors are reported through errno, as the POSIX calls do.
 */
#ifndef TD_COMPAT_H
#define TD_COMPAT_H

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifndef EDQUOT
#define EDQUOT ENOSPC /* no disk quotas on Windows */
#endif
#ifndef EWOULDBLOCK
#define EWOULDBLOCK EAGAIN
#endif
/* open(2) flags that Windows does without: no symbolic links to refuse, no
 * blocking opens */
#ifndef O_NOFOLLOW
#define O_NOFOLLOW 0
#endif
#ifndef O_NONBLOCK
#define O_NONBLOCK 0
#endif

#ifdef _WIN32
#define TD_PRINTF_FMT gnu_printf /* mingw's printf checks reject %zu */
#else
#define TD_PRINTF_FMT printf
#endif

/* What td_stat and friends say about a file. */
typedef struct td_fileinfo {
	int is_dir, is_reg;
	unsigned mode;        /* permission bits (0644 or 0444 on Windows) */
	uint64_t size;        /* in bytes */
	int64_t mtime;        /* last modified, seconds since 1970 */
	uint64_t dev, ino;    /* together: the file's identity */
} td_fileinfo;

FILE *td_fopen(const char *path, const char *mode);
/* open(2) with O_CLOEXEC added (on Windows: binary, not inherited, and
 * shared for reading, writing and deletion, so that an open file can be
 * renamed, linked or removed as on POSIX systems). */
int td_open(const char *path, int flags, int mode);
/* pread(2), pwrite(2). */
long long td_pread(int fd, void *buf, size_t n, uint64_t off);
long long td_pwrite(int fd, const void *buf, size_t n, uint64_t off);

/* Advisory locks, exclusive and never waited for; released when the
 * descriptor is closed. td_trylock returns 0, or -1 with errno EWOULDBLOCK
 * when another descriptor holds the lock. POSIX: flock(2). Windows:
 * LockFileEx on one byte at 2^62, far past any content, so that the file
 * stays readable by others.
 * td_open_locked opens path (a file or a folder, not following a final
 * symbolic link) for reading, fills *fi and takes the lock; it returns the
 * descriptor, or -1 with errno (EWOULDBLOCK: another holds it). Windows
 * cannot lock a folder: a folder's lock there is the lock of the file
 * TD_HOLD_NAME inside it, created when missing (removing the folder's
 * content removes it), and a held folder cannot be removed until the
 * descriptor is closed. */
#define TD_HOLD_NAME ".thidua-hold"
int td_trylock(int fd);
int td_open_locked(const char *path, td_fileinfo *fi);
int td_stat(const char *path, td_fileinfo *fi);
/* Does not follow a final symbolic link (Windows: as td_stat). */
int td_lstat(const char *path, td_fileinfo *fi);
int td_fstat(int fd, td_fileinfo *fi);
int td_access(const char *path, int mode);
/* A folder, mode before the umask (Windows: no modes). */
int td_mkdir(const char *path, unsigned mode);
/* Removes an empty folder. */
int td_rmdir(const char *path);
/* mkdtemp(3): the trailing "XXXXXX" of tmpl replaced, the folder made
 * (mode 0700); tmpl, or NULL with errno set. */
char *td_mkdtemp(char *tmpl);
/* Renames, replacing an existing target (MoveFileExW on Windows). */
int td_rename(const char *from, const char *to);
/* A hard link; fails with EEXIST when `to` exists. */
int td_link(const char *from, const char *to);
int td_unlink(const char *path);
/* Permission bits (on Windows only read-only or not). */
int td_chmod(const char *path, unsigned mode);
int td_fsync(int fd);
/* Flush to disk what was written into the folder open at dfd, the folder
 * path: syncfs(2) on Linux; on Windows each of its files, one by one. */
int td_sync_folder(int dfd, const char *path);
/* Flush a folder's entries (new names) to disk: fsync(2) on the folder;
 * nothing on Windows, where NTFS journals them. */
int td_fsync_dir(const char *path);

/* Reading a folder: the names of its entries, "." and ".." included, in
 * UTF-8. td_readdir returns NULL at the end (errno unchanged) or on an
 * error (errno set); the name lives until the next call. */
typedef struct td_dir td_dir;
td_dir *td_opendir(const char *path);
const char *td_readdir(td_dir *d);
void td_closedir(td_dir *d);

/* 1 when c separates path components ('/'; also '\\' on Windows). */
int td_is_sep(char c);
/* The last separator of path, or NULL. */
const char *td_last_sep(const char *path);

/* The UTF-8 path of the loaded module (executable, shared library, DLL)
 * that holds the address addr; 0, or -1 when unknown. */
int td_module_path(const void *addr, char *buf, size_t size);

#endif
