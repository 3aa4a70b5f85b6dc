/* outset.c - output sets as transactions (outset.h): a locked output folder,
 * a staging folder moved in whole, the previous set kept until then, and
 * the leftovers of killed runs cleaned (or, when their set was complete,
 * moved in) by the next run. The file system calls, the advisory locks
 * (flock(2), LockFileEx on Windows) and the flush of the staging folder
 * (Linux's syncfs(2)) go through util/compat.h. */
#include "odf/outset.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/compat.h"
#include "util/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LOCK_NAME ".thidua.lock"
#define STAGE_PREFIX ".thidua-set-"
#define TEMP_PREFIX ".thidua-"   /* also the single-file writer's temporaries */
#define MARK_NAME ".commit"      /* in a staging folder: the set is complete */
#define OLD_NAME ".old"          /* in a staging folder: the previous files */
#define LOCK_WAIT_DEFAULT 10     /* seconds */
#define FRESH_SECONDS 60         /* an unlocked empty temporary this young may
                                    be one being created: left alone */

typedef struct ofile {
	char *name;    /* owned */
	char *staged;  /* owned: <stage>/<name> */
	char *final;   /* owned: <dir>/<name> */
	char *prev;    /* owned: <stage>/.old/<name>, where the previous file
	                  waits (paths are made in advance: moving in and
	                  putting back allocate nothing) */
	int backed_up; /* the previous file is in <stage>/.old/<name> */
	int moved;     /* the new file is at final */
} ofile;

struct td_outset {
	char *dir;        /* owned */
	char *stage;      /* owned; NULL when there is none */
	char *old;        /* owned: <stage>/.old */
	char *mark;       /* owned: <stage>/.commit */
	int lock_fd;      /* the folder's lock, held */
	char *lock_path;  /* owned: <dir>/.thidua.lock, removed when released */
	int stage_fd;     /* the staging folder, locked: it belongs to a live run */
	int overwrite;
	int committed;
	int keep_stage;   /* a failed commit could not be undone: the staging
	                     folder (with its mark) is left for the next run */
	ofile *files;     /* owned */
	size_t n, cap;
};

/* ---- small helpers ------------------------------------------------------ */

static char *join(const char *a, const char *b)
{
	td_buf p = TD_BUF_INIT;

	td_buf_printf(&p, "%s/%s", a, b);
	return td_buf_detach(&p);
}

static int io_error(const char *path, int e)
{
	return td_error(THIDUA_EIO, "Không ghi được %s: %s", "Cannot write %s: %s", path,
	                strerror(e));
}

/* Test hook (tests/unit/test_outset.c): THIDUA_STALL_AT="staged" stops a run
 * once every file is staged, "moved:K" once K files are moved in, so that a
 * test can kill it there. Prints a line and waits for the signal. */
static void stall(const char *point, size_t k)
{
	const char *at = getenv("THIDUA_STALL_AT");
	char want[64];

	if (!at)
		return;
	if (!strcmp(point, "moved"))
		snprintf(want, sizeof want, "moved:%zu", k);
	else
		snprintf(want, sizeof want, "%s", point);
	if (strcmp(at, want))
		return;
	fprintf(stderr, "thidua: stalled at %s\n", want);
	fflush(stderr);
	for (;;) {
		struct timespec t = { 3600, 0 };
		nanosleep(&t, NULL);
	}
}

/* Remove the files of the folder dir, and those of its ".old" (deeper
 * there is nothing of ours). Allocates nothing of thidua's, so that it works
 * after an allocation failure; a path too long for the buffer stays. */
static void empty_dir(const char *dir, int depth)
{
	char p[4096];
	const char *name;
	td_dir *d = td_opendir(dir);

	if (!d)
		return;
	while ((name = td_readdir(d))) {
		if (!strcmp(name, ".") || !strcmp(name, ".."))
			continue;
		if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, name) >= sizeof p)
			continue;
		if (td_unlink(p) == 0)
			continue;
		/* a symbolic link named .old was removed above: never followed */
		if (depth == 0 && !strcmp(name, OLD_NAME)) {
			empty_dir(p, 1);
			td_rmdir(p);
		}
	}
	td_closedir(d);
}

/* rm -r of a staging folder, not held (Windows removes no held folder). */
static void remove_stage(const char *stage)
{
	empty_dir(stage, 0);
	td_rmdir(stage);
}

/* A staging folder left by a dead run: when its set was complete (the
 * commit mark is there) its files still in it are moved in, since the ones
 * already moved are new; otherwise nothing of it was moved and it goes. */
static void recover_stage(const char *dir, const char *stage)
{
	char *mark = join(stage, MARK_NAME);
	td_fileinfo sb;
	const char *name;
	td_dir *d;

	if (mark && td_stat(mark, &sb) == 0 && (d = td_opendir(stage))) {
		while ((name = td_readdir(d))) {
			char *from, *to;
			if (name[0] == '.')
				continue;
			from = join(stage, name);
			to = join(dir, name);
			if (from && to)
				td_rename(from, to);
			td_free(from);
			td_free(to);
		}
		td_closedir(d);
	}
	td_free(mark);
	remove_stage(stage);
}

/* Remove what dead runs left in dir. Called with the folder's lock held;
 * anything whose own lock is held still belongs to a live run. */
static void clean_leftovers(const char *dir)
{
	size_t plen = strlen(TEMP_PREFIX);
	const char *name;
	td_fileinfo sb;
	td_dir *d = td_opendir(dir);

	if (!d)
		return;
	while ((name = td_readdir(d))) {
		char *p;
		int fd;

		if (strncmp(name, TEMP_PREFIX, plen) || !strcmp(name, LOCK_NAME))
			continue;
		if (!(p = join(dir, name)))
			break;
		fd = td_open_locked(p, &sb);
		if (fd >= 0) {
			if (sb.is_dir) {
				/* the lock is released first: Windows removes no held
				 * folder (the folder's lock, held, keeps other runs out) */
				close(fd);
				fd = -1;
				if (!strncmp(name, STAGE_PREFIX, strlen(STAGE_PREFIX)))
					recover_stage(dir, p);
			} else if (sb.is_reg &&
			           (sb.size > 0 || (int64_t)time(NULL) - sb.mtime > FRESH_SECONDS)) {
				td_unlink(p);
			}
		}
		if (fd >= 0)
			close(fd); /* releases the lock taken above */
		td_free(p);
	}
	td_closedir(d);
}

/* ---- the folder's lock -------------------------------------------------- */

static int lock_wait_seconds(void)
{
	const char *s = getenv("THIDUA_LOCK_WAIT");
	char *end;
	long v;

	if (!s || !*s)
		return LOCK_WAIT_DEFAULT;
	v = strtol(s, &end, 10);
	if (*end || v < 0 || v > 3600)
		return LOCK_WAIT_DEFAULT;
	return (int)v;
}

/* Take the folder's lock: td_trylock on <dir>/.thidua.lock, waiting at most
 * THIDUA_LOCK_WAIT seconds. The holder removes the file when it is done (so
 * that no lock file stays in the user's folder); a waiter that then gets
 * the lock on a removed file opens the path again. */
static int lock_dir(td_outset *s)
{
	struct timespec nap = { 0, 50 * 1000 * 1000 };
	int fd = -1, waited = 0, limit = lock_wait_seconds() * 20, rc = 0;
	td_fileinfo a, b;
	char pid[32];
	long long n;

	if (!(s->lock_path = join(s->dir, LOCK_NAME)))
		return td_error_oom();
	for (;;) {
		fd = td_open(s->lock_path, O_RDWR | O_CREAT | O_NOFOLLOW, 0644);
		if (fd < 0)
			return io_error(s->lock_path, errno);
		while (td_trylock(fd) < 0) {
			if (errno != EWOULDBLOCK && errno != EINTR) {
				rc = io_error(s->lock_path, errno);
				goto cleanup;
			}
			if (waited++ >= limit) {
				n = td_pread(fd, pid, sizeof pid - 1, 0);
				pid[n > 0 ? n : 0] = '\0';
				pid[strcspn(pid, "\n")] = '\0';
				rc = td_error(THIDUA_EIO,
				              "Thư mục %s đang được một lần chạy khác của thidua ghi (tiến trình %s); đã chờ %d giây. Hãy thử lại khi lần chạy đó xong, hoặc chọn thư mục khác.",
				              "Folder %s is being written by another run of thidua (process %s); waited %d seconds. Try again when that run is over, or choose another folder.",
				              s->dir, *pid ? pid : "?", limit / 20);
				goto cleanup;
			}
			nanosleep(&nap, NULL);
		}
		if (td_fstat(fd, &a) == 0 && td_stat(s->lock_path, &b) == 0 && a.dev == b.dev &&
		    a.ino == b.ino)
			break;
		close(fd); /* the holder removed it meanwhile: open the path again */
	}
	n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0 && td_pwrite(fd, pid, (size_t)n, 0) != n) {
		/* only informative: who holds the lock */
	}
	s->lock_fd = fd;
	fd = -1;
cleanup:
	if (fd >= 0)
		close(fd);
	return rc;
}

/* ---- the set ------------------------------------------------------------ */

int td_outset_begin(td_outset **out, const char *out_dir, int overwrite)
{
	td_outset *s;
	td_fileinfo sb;
	int rc;

	if (!out || !out_dir || !*out_dir)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	*out = NULL;
	if (td_stat(out_dir, &sb) < 0 || !sb.is_dir)
		return td_error(THIDUA_EIO, "Thư mục kết quả %s không tồn tại.",
		                "Output directory %s does not exist.", out_dir);
	s = td_calloc(1, sizeof *s);
	if (!s)
		return td_error_oom();
	s->lock_fd = s->stage_fd = -1;
	s->overwrite = overwrite;
	if (!(s->dir = td_strdup(out_dir))) {
		rc = td_error_oom();
		goto fail;
	}
	if ((rc = lock_dir(s)))
		goto fail;
	clean_leftovers(s->dir);
	if (!(s->stage = join(s->dir, STAGE_PREFIX "XXXXXX"))) {
		rc = td_error_oom();
		goto fail;
	}
	if (!td_mkdtemp(s->stage)) {
		rc = io_error(s->dir, errno);
		td_free(s->stage);
		s->stage = NULL;
		goto fail;
	}
	s->old = join(s->stage, OLD_NAME);
	s->mark = join(s->stage, MARK_NAME);
	if (!s->old || !s->mark) {
		rc = td_error_oom();
		goto fail;
	}
	s->stage_fd = td_open_locked(s->stage, &sb);
	if (s->stage_fd < 0) {
		rc = io_error(s->stage, errno);
		goto fail;
	}
	*out = s;
	return 0;
fail:
	td_outset_free(s);
	return rc;
}

int td_outset_add(td_outset *s, const char *name, const char **staged, const char **final)
{
	ofile *f;
	td_fileinfo sb;

	if (!s || !s->stage || s->committed || !name || !*name || strchr(name, '/') ||
	    name[0] == '.')
		return td_error(THIDUA_EINVAL, "Tên tệp kết quả không hợp lệ: \"%s\".",
		                "Invalid output file name: \"%s\".", name ? name : "(null)");
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		f = td_realloc(s->files, cap * sizeof *f);
		if (!f)
			return td_error_oom();
		s->files = f;
		s->cap = cap;
	}
	f = &s->files[s->n];
	memset(f, 0, sizeof *f);
	f->name = td_strdup(name);
	f->staged = join(s->stage, name);
	f->final = join(s->dir, name);
	f->prev = join(s->old, name);
	if (!f->name || !f->staged || !f->final || !f->prev) {
		td_free(f->name);
		td_free(f->staged);
		td_free(f->final);
		td_free(f->prev);
		return td_error_oom();
	}
	s->n++;
	if (!s->overwrite && td_lstat(f->final, &sb) == 0)
		return td_error(THIDUA_EEXISTS,
		                "Tệp %s đã có; hãy chọn tên khác hoặc cho phép ghi đè.",
		                "%s already exists; choose another name or allow overwriting.",
		                f->final);
	if (staged)
		*staged = f->staged;
	if (final)
		*final = f->final;
	return 0;
}

static int ci_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	for (;; x++, y++) {
		int p = (*x >= 'A' && *x <= 'Z') ? *x - 'A' + 'a' : (unsigned char)*x;
		int q = (*y >= 'A' && *y <= 'Z') ? *y - 'A' + 'a' : (unsigned char)*y;
		if (p != q || !p)
			return p - q;
	}
}

/* Two names of the set that a case-insensitive file system would take for
 * one: refused before anything moves. */
static int check_unique(const td_outset *s)
{
	const char **v = td_malloc((s->n ? s->n : 1) * sizeof *v);
	size_t i;
	int rc = 0;

	if (!v)
		return td_error_oom();
	for (i = 0; i < s->n; i++)
		v[i] = s->files[i].name;
	qsort(v, s->n, sizeof *v, ci_cmp);
	for (i = 1; i < s->n && !rc; i++)
		if (!ci_cmp(&v[i - 1], &v[i]))
			rc = td_error(THIDUA_EINVAL, "Tệp kết quả %s có hai lần trong một bộ.",
			              "Output file %s appears twice in one set.", v[i]);
	td_free(v);
	return rc;
}

/* Undo the moves of files [0, n): each new file goes back into the staging
 * folder, each previous one comes back. A crash meanwhile leaves the commit
 * mark, so the next run completes the new set instead. 0 when every file is
 * back, -1 when one could not be moved (the set is then completed by the
 * next run, as after a crash). */
static int roll_back(td_outset *s, size_t n)
{
	size_t i;
	int rc = 0;

	for (i = n; i-- > 0;) {
		ofile *f = &s->files[i];

		if (f->moved && td_rename(f->final, f->staged) == 0)
			f->moved = 0;
		if (f->backed_up && !f->moved && td_rename(f->prev, f->final) == 0)
			f->backed_up = 0;
		if (f->moved || f->backed_up)
			rc = -1;
	}
	return rc;
}

/* Move one staged file in, keeping the previous one in old/. */
static int move_in(td_outset *s, ofile *f)
{
	td_fileinfo sb;
	int rc = 0;

	if (td_lstat(f->final, &sb) == 0) {
		if (!s->overwrite)
			return td_error(THIDUA_EEXISTS,
			                "Tệp %s đã có; hãy chọn tên khác hoặc cho phép ghi đè.",
			                "%s already exists; choose another name or allow overwriting.",
			                f->final);
		if (sb.is_dir)
			return td_error(THIDUA_EIO, "Không ghi được %s: đó là một thư mục.",
			                "Cannot write %s: it is a directory.", f->final);
		if ((td_mkdir(s->old, 0700) < 0 && errno != EEXIST)) {
			rc = io_error(f->final, errno);
			goto cleanup;
		}
		/* a hard link keeps the previous file in place until the new one
		 * replaces it atomically; where links are not supported, move it */
		if (td_link(f->final, f->prev) == 0) {
			f->backed_up = 1;
		} else if (td_rename(f->final, f->prev) == 0) {
			f->backed_up = 1;
		} else {
			rc = io_error(f->final, errno);
			goto cleanup;
		}
		if (td_rename(f->staged, f->final) < 0) {
			rc = io_error(f->final, errno);
			goto cleanup;
		}
	} else if (errno != ENOENT) {
		rc = io_error(f->final, errno);
		goto cleanup;
	} else if (td_link(f->staged, f->final) == 0) {
		/* the name stayed free: no run outside thidua's lock took it */
		td_unlink(f->staged);
	} else if (errno == EEXIST && !s->overwrite) {
		rc = td_error(THIDUA_EEXISTS, "Tệp %s đã có; hãy chọn tên khác hoặc cho phép ghi đè.",
		              "%s already exists; choose another name or allow overwriting.",
		              f->final);
		goto cleanup;
	} else if (td_rename(f->staged, f->final) < 0) {
		rc = io_error(f->final, errno);
		goto cleanup;
	}
	f->moved = 1;
cleanup:
	return rc;
}

int td_outset_commit(td_outset *s)
{
	size_t i;
	int rc = 0, fd;

	if (!s || !s->stage || s->committed)
		return td_error(THIDUA_EINVAL, "Bộ tệp kết quả đã đóng.",
		                "The output set is already closed.");
	if ((rc = check_unique(s)))
		return rc;
	stall("staged", 0);
	/* one flush for the whole set, before any of it takes a final name */
	if (td_sync_folder(s->stage_fd, s->stage) < 0)
		return io_error(s->stage, errno);
	fd = td_open(s->mark, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		rc = io_error(s->stage, errno);
		goto cleanup;
	}
	close(fd);
	for (i = 0; i < s->n; i++) {
		stall("moved", i);
		if ((rc = move_in(s, &s->files[i]))) {
			if (roll_back(s, i + 1) == 0)
				td_unlink(s->mark);
			else
				s->keep_stage = 1;
			goto cleanup;
		}
	}
	s->committed = 1;
	td_fsync_dir(s->dir); /* the new names, on disk */
cleanup:
	return rc;
}

void td_outset_free(td_outset *s)
{
	size_t i;

	if (!s)
		return;
	/* the staging folder's lock first: Windows removes no held folder (the
	 * folder's lock, still held, keeps other runs out) */
	if (s->stage_fd >= 0)
		close(s->stage_fd);
	if (s->stage && !s->keep_stage)
		remove_stage(s->stage);
	if (s->lock_fd >= 0) {
		td_unlink(s->lock_path); /* while still holding it: see lock_dir */
		close(s->lock_fd);
	}
	for (i = 0; i < s->n; i++) {
		td_free(s->files[i].name);
		td_free(s->files[i].staged);
		td_free(s->files[i].final);
		td_free(s->files[i].prev);
	}
	td_free(s->files);
	td_free(s->old);
	td_free(s->mark);
	td_free(s->lock_path);
	td_free(s->stage);
	td_free(s->dir);
	td_free(s);
}
