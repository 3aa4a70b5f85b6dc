/* test_outset.c - output sets as transactions (src/odf/outset.c): a failing
 * later file leaves the previous set as it was, two runs into one folder do
 * not mix, the folder's lock is waited for within a bound, leftovers of dead
 * runs are cleaned (or completed) by the next, and the thidua command killed
 * with SIGKILL in the middle of a set leaves one whole set. */
#define _GNU_SOURCE /* flock, setenv */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "odf/outset.h"
#include "testutil.h"
#include "thidua.h"
#include "util/alloc.h"

static char cli[4096]; /* the thidua command next to this test's folder */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s = calloc(1, 65536);
	size_t n;

	assert_non_null(f);
	n = fread(s, 1, 65535, f);
	s[n] = '\0';
	fclose(f);
	return s;
}

static void put(const char *dir, const char *name, const char *text)
{
	char *p = tu_path(dir, name);

	tu_write(p, text, strlen(text));
	free(p);
}

static void expect(const char *dir, const char *name, const char *text)
{
	char *p = tu_path(dir, name), *s = slurp(p);

	assert_string_equal(s, text);
	free(s);
	free(p);
}

/* Entries of dir whose name starts with ".thidua-" (the lock file aside). */
static int leftovers(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, ".thidua-", 8))
			n++;
	closedir(d);
	return n;
}

/* A set of names with text "<tag>-<name>" written into their staged paths. */
static int write_set(const char *dir, const char *const *names, size_t n, const char *tag,
                     int overwrite, size_t drop)
{
	td_outset *s = NULL;
	const char *staged;
	char text[256];
	size_t i;
	int rc = td_outset_begin(&s, dir, overwrite);

	for (i = 0; rc == 0 && i < n; i++) {
		rc = td_outset_add(s, names[i], &staged, NULL);
		if (rc == 0) {
			snprintf(text, sizeof text, "%s-%s", tag, names[i]);
			tu_write(staged, text, strlen(text));
			if (i == drop) /* a file that went missing: moving it in fails */
				unlink(staged);
		}
	}
	if (rc == 0)
		rc = td_outset_commit(s);
	td_outset_free(s);
	return rc;
}

static const char *const names3[] = { "a.ods", "b.ods", "c.ods" };

static void a_failing_later_file_keeps_the_previous_set(void **state)
{
	char *dir = tu_tmpdir();
	(void)state;
	assert_int_equal(write_set(dir, names3, 3, "old", 0, SIZE_MAX), 0);
	expect(dir, "c.ods", "old-c.ods");
	/* the third file fails after the first two have replaced theirs */
	assert_int_equal(write_set(dir, names3, 3, "new", 1, 2), THIDUA_EIO);
	expect(dir, "a.ods", "old-a.ods");
	expect(dir, "b.ods", "old-b.ods");
	expect(dir, "c.ods", "old-c.ods");
	assert_int_equal(leftovers(dir), 0);
	/* and a set that succeeds replaces all of them */
	assert_int_equal(write_set(dir, names3, 3, "new", 1, SIZE_MAX), 0);
	expect(dir, "a.ods", "new-a.ods");
	expect(dir, "c.ods", "new-c.ods");
	assert_int_equal(leftovers(dir), 0);
	/* without overwrite nothing is replaced */
	assert_int_equal(write_set(dir, names3, 3, "third", 0, SIZE_MAX), THIDUA_EEXISTS);
	expect(dir, "a.ods", "new-a.ods");
	assert_int_equal(leftovers(dir), 0);
	tu_rmtree(dir);
	free(dir);
}

static void names_are_checked(void **state)
{
	char *dir = tu_tmpdir(), *p;
	td_outset *s = NULL;
	const char *staged;
	(void)state;
	assert_int_equal(td_outset_begin(&s, dir, 0), 0);
	assert_int_equal(td_outset_add(s, "../x.ods", &staged, NULL), THIDUA_EINVAL);
	assert_int_equal(td_outset_add(s, ".hidden", &staged, NULL), THIDUA_EINVAL);
	assert_int_equal(td_outset_add(s, "X.ods", &staged, NULL), 0);
	tu_write(staged, "1", 1);
	assert_int_equal(td_outset_add(s, "x.ODS", &staged, NULL), 0);
	tu_write(staged, "2", 1);
	/* one name to a file system that ignores case: refused before moving */
	assert_int_equal(td_outset_commit(s), THIDUA_EINVAL);
	td_outset_free(s);
	assert_false(tu_exists(p = tu_path(dir, "X.ods")));
	free(p);
	assert_int_equal(leftovers(dir), 0);
	assert_int_equal(td_outset_begin(&s, p = tu_path(dir, "missing"), 0), THIDUA_EIO);
	free(p);
	tu_rmtree(dir);
	free(dir);
}

/* Two processes write 30 files each into one folder at once: in the end all
 * 30 come from one of them. */
static void two_concurrent_runs_do_not_mix(void **state)
{
	static const char *const tags[2] = { "first", "second" };
	char *dir = tu_tmpdir(), name[32], *names[30];
	pid_t pid[2];
	int i, k, status;
	(void)state;
	for (i = 0; i < 30; i++) {
		snprintf(name, sizeof name, "f%02d.ods", i);
		names[i] = strdup(name);
	}
	setenv("THIDUA_LOCK_WAIT", "60", 1);
	for (k = 0; k < 2; k++) {
		pid[k] = fork();
		assert_true(pid[k] >= 0);
		if (pid[k] == 0)
			_exit(write_set(dir, (const char *const *)names, 30, tags[k], 1, SIZE_MAX) ? 1 : 0);
	}
	for (k = 0; k < 2; k++) {
		assert_int_equal(waitpid(pid[k], &status, 0), pid[k]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	{
		char *first = tu_path(dir, names[0]), *s = slurp(first);
		const char *winner = !strncmp(s, "first", 5) ? "first" : "second";
		char want[64];
		for (i = 0; i < 30; i++) {
			snprintf(want, sizeof want, "%s-%s", winner, names[i]);
			expect(dir, names[i], want);
		}
		free(s);
		free(first);
	}
	assert_int_equal(leftovers(dir), 0);
	for (i = 0; i < 30; i++)
		free(names[i]);
	unsetenv("THIDUA_LOCK_WAIT");
	tu_rmtree(dir);
	free(dir);
}

static void a_held_folder_is_waited_for_then_refused(void **state)
{
	char *dir = tu_tmpdir(), *lock = tu_path(dir, ".thidua.lock");
	const thidua_error *e;
	td_outset *s = NULL;
	int fd;
	(void)state;
	fd = open(lock, O_RDWR | O_CREAT, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "4242\n", 5), 5);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	setenv("THIDUA_LOCK_WAIT", "0", 1);
	assert_int_equal(td_outset_begin(&s, dir, 0), THIDUA_EIO);
	e = thidua_error_last();
	assert_non_null(strstr(e->message_vi, "4242"));
	assert_non_null(strstr(e->message_en, "another run of thidua"));
	assert_null(s);
	/* once released, the folder is free */
	close(fd);
	assert_int_equal(td_outset_begin(&s, dir, 0), 0);
	td_outset_free(s);
	unsetenv("THIDUA_LOCK_WAIT");
	tu_rmtree(dir);
	free(dir);
	free(lock);
}

static void leftovers_of_dead_runs_are_cleaned(void **state)
{
	char *dir = tu_tmpdir(), *p, *q;
	td_outset *s = NULL;
	int fd_held, fd_tmp;
	(void)state;
	put(dir, "x.ods", "old-x");
	put(dir, "y.ods", "old-y");
	/* a dead run that had not finished writing: its files go */
	p = tu_path(dir, ".thidua-set-aaaaaa");
	assert_int_equal(mkdir(p, 0700), 0);
	put(p, "x.ods", "half-x");
	free(p);
	/* a dead run killed while moving a complete set in: completed */
	p = tu_path(dir, ".thidua-set-bbbbbb");
	assert_int_equal(mkdir(p, 0700), 0);
	put(p, "y.ods", "new-y");
	put(p, ".commit", "");
	q = tu_path(p, ".old");
	assert_int_equal(mkdir(q, 0700), 0);
	put(q, "x.ods", "old-x");
	free(q);
	free(p);
	/* a staging folder whose run is alive (its lock held): left alone */
	p = tu_path(dir, ".thidua-set-cccccc");
	assert_int_equal(mkdir(p, 0700), 0);
	fd_held = open(p, O_RDONLY | O_DIRECTORY);
	assert_true(fd_held >= 0);
	assert_int_equal(flock(fd_held, LOCK_EX), 0);
	free(p);
	/* a dead run's temporary file, and a live one's */
	put(dir, ".thidua-dead00", "zip bytes");
	put(dir, ".thidua-live00", "zip bytes");
	p = tu_path(dir, ".thidua-live00");
	fd_tmp = open(p, O_RDONLY);
	assert_true(fd_tmp >= 0);
	assert_int_equal(flock(fd_tmp, LOCK_EX), 0);
	free(p);

	assert_int_equal(td_outset_begin(&s, dir, 0), 0);
	td_outset_free(s);
	expect(dir, "x.ods", "old-x");
	expect(dir, "y.ods", "new-y");
	assert_false(tu_exists(p = tu_path(dir, ".thidua-set-aaaaaa")));
	free(p);
	assert_false(tu_exists(p = tu_path(dir, ".thidua-set-bbbbbb")));
	free(p);
	assert_false(tu_exists(p = tu_path(dir, ".thidua-dead00")));
	free(p);
	assert_true(tu_exists(p = tu_path(dir, ".thidua-set-cccccc")));
	free(p);
	assert_true(tu_exists(p = tu_path(dir, ".thidua-live00")));
	free(p);
	assert_int_equal(leftovers(dir), 2);
	close(fd_held);
	close(fd_tmp);
	/* their locks released, the next run cleans them too */
	assert_int_equal(td_outset_begin(&s, dir, 0), 0);
	td_outset_free(s);
	assert_int_equal(leftovers(dir), 0);
	tu_rmtree(dir);
	free(dir);
}

/* The library's sheets under allocation failures: whatever fails, the
 * previous sheets are all there as they were, and nothing else is. */
static void sheets_fail_whole(void **state)
{
	char *dir = tu_tmpdir(), *path, *before, *after;
	thidua_cluster *c = NULL;
	thidua_fill_options o = THIDUA_FILL_OPTIONS_INIT;
	thidua_paths out = THIDUA_PATHS_INIT;
	long n;
	int rc, failures = 0;
	(void)state;
	assert_int_equal(thidua_cluster_load(&c, TD_SOURCE_DIR "/examples/cum-xii-ha-noi-2018.xml",
	                                     NULL), 0);
	assert_int_equal(thidua_generate_sheets(&out, c, NULL, dir, &o, NULL), 0);
	assert_int_equal(out.count, thidua_cluster_unit_count(c));
	path = strdup(out.paths[out.count - 1]);
	before = tu_read_part(path, "content.xml");
	thidua_paths_free(&out);
	o.overwrite = 1;
	for (n = 0; n < 400000; n += 61) {
		td_alloc_fail_after(n);
		rc = thidua_generate_sheets(&out, c, NULL, dir, &o, NULL);
		td_alloc_fail_after(-1);
		if (rc == 0)
			break;
		/* mostly THIDUA_ENOMEM; libxml2 reports some failures while parsing
		 * the template as a malformed template: whatever the code, the
		 * previous set must be intact */
		assert_true(rc < 0);
		failures++;
		assert_int_equal(leftovers(dir), 0);
		after = tu_read_part(path, "content.xml");
		assert_string_equal(before, after);
		free(after);
	}
	assert_int_equal(rc, 0);
	assert_true(failures > 10);
	thidua_paths_free(&out);
	thidua_cluster_free(c);
	free(before);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

/* ---- the command, killed ------------------------------------------------ */

/* Run the command with THIDUA_STALL_AT=at; once it says it stalled there,
 * SIGKILL it. */
static void run_killed_at(const char *at, char *const argv[])
{
	int fds[2], status;
	char buf[256];
	ssize_t n;
	size_t got = 0;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(fds[1], 2);
		close(fds[0]);
		setenv("THIDUA_STALL_AT", at, 1);
		execv(cli, argv);
		_exit(127);
	}
	close(fds[1]);
	while (got < sizeof buf - 1 && (n = read(fds[0], buf + got, sizeof buf - 1 - got)) > 0) {
		got += (size_t)n;
		buf[got] = '\0';
		if (strstr(buf, "stalled at"))
			break;
	}
	buf[got] = '\0';
	assert_non_null(strstr(buf, "stalled at"));
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	close(fds[0]);
}

static int run_cli(char *const argv[])
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		execv(cli, argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Every sheet in dir names the cluster `name` (in its title cell). */
static int sheets_of(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		char *p, *content;
		if (strncmp(e->d_name, "bang-tu-cham-diem-", 18))
			continue;
		p = tu_path(dir, e->d_name);
		content = tu_read_part(p, "content.xml");
		if (strstr(content, name))
			n++;
		free(content);
		free(p);
	}
	closedir(d);
	return n;
}

static void the_command_killed_leaves_one_whole_set(void **state)
{
	char *dir = tu_tmpdir(), *data2 = tu_path(dir, "cum2.xml"), *out = tu_path(dir, "out");
	char *xml = slurp(TD_SOURCE_DIR "/examples/cum-xii-ha-noi-2018.xml"), *at;
	char data1[] = TD_SOURCE_DIR "/examples/cum-xii-ha-noi-2018.xml";
	(void)state;
	/* the second data: the same cluster renamed */
	at = strstr(xml, "Cụm thi đua số XII<");
	assert_non_null(at);
	{
		char *x2 = malloc(strlen(xml) + 16);
		size_t pre = (size_t)(at - xml) + strlen("Cụm thi đua số XII");
		memcpy(x2, xml, pre);
		strcpy(x2 + pre, "I");
		strcat(x2, xml + pre);
		tu_write(data2, x2, strlen(x2));
		free(x2);
	}
	{
		char *first[] = { cli, "sheets", data1, "-o", out, NULL };
		char *again[] = { cli, "sheets", data2, "-o", out, "--force", NULL };
		char *agreement[] = { cli, "generate", data1, "-o", out, NULL };

		assert_int_equal(run_cli(first), 0);
		assert_int_equal(sheets_of(out, "SỐ XII<"), 10);
		/* killed with every new sheet written, none moved in: the old set
		 * stays, and the next run removes the dead run's staging folder */
		run_killed_at("staged", again);
		assert_int_equal(sheets_of(out, "SỐ XII<"), 10);
		assert_int_equal(leftovers(out), 1);
		assert_int_equal(run_cli(agreement), 0);
		assert_int_equal(leftovers(out), 0);
		assert_int_equal(sheets_of(out, "SỐ XII<"), 10);
		/* killed after moving 4 of 10 in: the next run completes the set */
		run_killed_at("moved:4", again);
		assert_int_equal(sheets_of(out, "SỐ XIII<"), 4);
		assert_int_equal(leftovers(out), 1);
		assert_int_equal(run_cli(again), 0);
		assert_int_equal(leftovers(out), 0);
		assert_int_equal(sheets_of(out, "SỐ XIII<"), 10);
		assert_int_equal(sheets_of(out, "SỐ XII<"), 0);
	}
	tu_rmtree(dir);
	free(dir);
	free(data2);
	free(out);
	free(xml);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_failing_later_file_keeps_the_previous_set),
		cmocka_unit_test(names_are_checked),
		cmocka_unit_test(two_concurrent_runs_do_not_mix),
		cmocka_unit_test(a_held_folder_is_waited_for_then_refused),
		cmocka_unit_test(leftovers_of_dead_runs_are_cleaned),
		cmocka_unit_test(sheets_fail_whole),
		cmocka_unit_test(the_command_killed_leaves_one_whole_set),
	};
	const char *slash = strrchr(argv[0], '/');

	(void)argc;
	/* build/tests/test_outset -> build/thidua */
	snprintf(cli, sizeof cli, "%.*s/../thidua", slash ? (int)(slash - argv[0]) : 1,
	         slash ? argv[0] : ".");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
