/* bench_scale.c - a province's scale: the thidua command run on 1,000 and
 * 10,000 units (generate, sheets, tally of the sheets filled in), each in a
 * process of its own so that wall time and peak memory are the command's.
 * Prints each figure beside its target (PASS/MISS); never a timed test.
 *
 *   bench_scale THIDUA EXAMPLE.xml [RUNS]
 *
 * The cluster data is the example's with its units replaced by N generated
 * ones. The returned sheets are the written ones with every self-score cell
 * filled in (0 points), written back with libzip. */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (s = malloc((size_t)n + 1)) && fread(s, 1, (size_t)n, f) == (size_t)n) {
		s[n] = '\0';
		*len = (size_t)n;
	} else {
		free(s);
		s = NULL;
	}
	fclose(f);
	return s;
}

/* The example's data with n units: DV00001 (the head), DV00002, ... */
static int make_cluster(const char *example, const char *out, int n)
{
	size_t len;
	char *x = slurp(example, &len), *a, *b;
	FILE *f;
	int i;

	if (!x || !(a = strstr(x, "<units>")) || !(b = strstr(x, "</units>")))
		return -1;
	f = fopen(out, "w");
	if (!f)
		return -1;
	fwrite(x, 1, (size_t)(a - x), f);
	fputs("<units>\n", f);
	for (i = 1; i <= n; i++)
		fprintf(f, "    <unit order=\"%d\" code=\"DV%05d\" role=\"%s\">\n"
		           "      <name>Đơn vị số %d của tỉnh Hà Tĩnh</name>\n"
		           "      <title>GIÁM ĐỐC</title>\n      <signer>Nguyễn Văn %d</signer>\n"
		           "    </unit>\n", i, i, i == 1 ? "head" : i == 2 ? "deputy" : "member", i, i);
	fputs(b, f);
	free(x);
	return fclose(f) == 0 ? 0 : -1;
}

/* Run argv with stdout and stderr to log; wall ms, CPU ms (user + system)
 * and peak RSS in MB. */
static int run(char *const *argv, const char *log, double *ms, double *cpu, double *mb)
{
	struct rusage ru;
	double t0 = now_ms();
	int status, fd;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*ms = now_ms() - t0;
	*cpu = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	*mb = ru.ru_maxrss / 1024.0;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* content.xml with the first TdScore cell of each row filled with 0.
 * Returns a malloc'ed string, or NULL. */
static char *fill_content(const char *c, size_t len, size_t *olen)
{
	static const char cell[] = "<table:table-cell table:style-name=\"TdScore\"";
	static const char val[] =
		" office:value-type=\"float\" office:value=\"0\"><text:p>0</text:p></table:table-cell>";
	char *o = malloc(len * 2 + 1);
	const char *p = c, *row, *end, *sc;
	size_t n = 0;

	if (!o)
		return NULL;
	while ((row = strstr(p, "<table:table-row")) && (end = strstr(row, "</table:table-row>"))) {
		sc = strstr(row, cell);
		if (sc && sc < end && (sc = strstr(sc, "/>")) && sc < end) {
			memcpy(o + n, p, (size_t)(sc - p));
			n += (size_t)(sc - p);
			memcpy(o + n, val, sizeof val - 1);
			n += sizeof val - 1;
			p = sc + 2;
		} else {
			memcpy(o + n, p, (size_t)(end - p));
			n += (size_t)(end - p);
			p = end;
		}
	}
	memcpy(o + n, p, strlen(p));
	n += strlen(p);
	*olen = n;
	return o;
}

/* One returned sheet: the written one with its scores filled in. */
static int fill_sheet(const char *in, const char *out)
{
	zip_t *z = zip_open(in, ZIP_RDONLY, NULL), *w = NULL;
	zip_file_t *zf = NULL;
	zip_stat_t st;
	char *c = NULL, *o = NULL;
	size_t olen = 0;
	zip_int64_t i, n;
	int rc = -1;

	if (!z || zip_stat(z, "content.xml", 0, &st) < 0 || !(c = malloc(st.size + 1)) ||
	    !(zf = zip_fopen(z, "content.xml", 0)) ||
	    zip_fread(zf, c, st.size) != (zip_int64_t)st.size)
		goto done;
	c[st.size] = '\0';
	if (!(o = fill_content(c, st.size, &olen)) ||
	    !(w = zip_open(out, ZIP_CREATE | ZIP_TRUNCATE, NULL)))
		goto done;
	n = zip_get_num_entries(z, 0);
	rc = 0;
	for (i = 0; i < n && rc == 0; i++) {
		const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
		zip_source_t *src = !strcmp(name, "content.xml") ? zip_source_buffer(w, o, olen, 0) :
		                    zip_source_zip(w, z, (zip_uint64_t)i, 0, 0, -1);
		zip_int64_t idx = src ? zip_file_add(w, name, src, ZIP_FL_ENC_UTF_8) : -1;

		if (idx < 0 || (!strcmp(name, "mimetype") &&
		                zip_set_file_compression(w, (zip_uint64_t)idx, ZIP_CM_STORE, 0) < 0))
			rc = -1;
	}
	if (zip_close(w) < 0)
		rc = -1;
	w = NULL;
done:
	if (zf)
		zip_fclose(zf);
	if (w)
		zip_discard(w);
	if (z)
		zip_close(z);
	free(c);
	free(o);
	return rc;
}

static int fill_dir(const char *in, const char *out)
{
	DIR *d = opendir(in);
	struct dirent *e;
	char a[8500], b[8500];
	int n = 0;

	if (!d || mkdir(out, 0755) < 0)
		return -1;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 5 || strcmp(e->d_name + l - 4, ".ods"))
			continue;
		snprintf(a, sizeof a, "%s/%s", in, e->d_name);
		snprintf(b, sizeof b, "%s/%s", out, e->d_name);
		if (fill_sheet(a, b) < 0) {
			closedir(d);
			return -1;
		}
		n++;
	}
	closedir(d);
	return n;
}

static int rmtree(const char *dir)
{
	char cmd[4200];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

typedef struct step {
	double ms, cpu, mb;
} step;

/* Median of runs of one command. Each run writes into a new folder and the
 * folders are removed only at the end: ext4 makes a file created just after
 * many were deleted wait while it skips their inodes, which would time the
 * benchmark's own clean-up. */
static int timed(char **argv, int out_arg, const char *log, int runs, step *s)
{
	double ms[9], cpu[9], mb = 0, m, t, c;
	char dir[4300], *base = argv[out_arg];
	int i, rc;

	for (i = 0; i < runs; i++) {
		snprintf(dir, sizeof dir, "%s-%d", base, i);
		argv[out_arg] = dir;
		rc = run(argv, log, &t, &c, &m);
		argv[out_arg] = base;
		if (rc != 0) {
			fprintf(stderr, "bench: %s %s failed (exit %d), see %s\n", argv[0], argv[1], rc, log);
			return -1;
		}
		ms[i] = t;
		cpu[i] = c;
		if (m > mb)
			mb = m;
	}
	qsort(ms, (size_t)runs, sizeof *ms, cmp);
	qsort(cpu, (size_t)runs, sizeof *cpu, cmp);
	s->ms = ms[runs / 2];
	s->cpu = cpu[runs / 2];
	s->mb = mb;
	return 0;
}

static void target(const char *what, double v, const char *unit, double limit)
{
	printf("  %-52s %10.2f %-3s  target <= %-8g %s\n", what, v, unit, limit,
	       v <= limit ? "PASS" : "MISS");
}

int main(int argc, char **argv)
{
	static const int sizes[2] = { 1000, 10000 };
	const char *thidua = argc > 1 ? argv[1] : "build/thidua";
	const char *example = argc > 2 ? argv[2] : "examples/cum-xii-ha-noi-2018.xml";
	int runs = argc > 3 ? atoi(argv[3]) : 3, k;
	char dir[] = "/tmp/thidua-scale-XXXXXX";
	char data[4200], gen[4200], sh[4200], ret[4200], tal[4200], log[4200];
	step g[2], s[2], t[2];
	double peak = 0;

	if (argc == 4 && !strcmp(argv[1], "--fill")) /* returned sheets, for profiling */
		return fill_dir(argv[2], argv[3]) < 0;
	if (runs < 1 || runs > 9)
		runs = 3;
	if (!mkdtemp(dir)) {
		perror("bench: mkdtemp");
		return 1;
	}
	snprintf(log, sizeof log, "%s/log.txt", dir);
	for (k = 0; k < 2; k++) {
		int n = sizes[k], got;
		snprintf(data, sizeof data, "%s/cum-%d.xml", dir, n);
		snprintf(gen, sizeof gen, "%s/gen-%d", dir, n);
		snprintf(sh, sizeof sh, "%s/sheets-%d", dir, n);
		snprintf(ret, sizeof ret, "%s/returned-%d", dir, n);
		snprintf(tal, sizeof tal, "%s/tally-%d", dir, n);
		if (make_cluster(example, data, n) < 0) {
			fprintf(stderr, "bench: cannot make the data of %d units\n", n);
			return 1;
		}
		{
			char *ga[] = { (char *)thidua, "generate", data, "-o", gen, NULL };
			char *sa[] = { (char *)thidua, "sheets", data, "-o", sh, NULL };
			char *ta[] = { (char *)thidua, "tally", data, ret, "-o", tal, NULL };

			if (timed(ga, 4, log, runs, &g[k]) < 0 || timed(sa, 4, log, runs, &s[k]) < 0)
				return 1;
			snprintf(sh, sizeof sh, "%s/sheets-%d-0", dir, n);
			got = fill_dir(sh, ret);
			if (got != n) {
				fprintf(stderr, "bench: filled %d sheets of %d\n", got, n);
				return 1;
			}
			if (timed(ta, 5, log, runs, &t[k]) < 0)
				return 1;
		}
		printf("%5d units, wall ms (CPU ms) and peak MB: generate %.0f (%.0f) %.1f MB | "
		       "sheets %.0f (%.0f) %.1f MB | tally %.0f (%.0f) %.1f MB\n", n, g[k].ms, g[k].cpu,
		       g[k].mb, s[k].ms, s[k].cpu, s[k].mb, t[k].ms, t[k].cpu, t[k].mb);
		fflush(stdout);
	}
	{
		double load[3] = { 0, 0, 0 };
		if (getloadavg(load, 3) < 0)
			load[0] = -1;
		printf("targets (2 cores, median of %d runs, each command in its own process; wall "
		       "time, load average %.1f: CPU time is above):\n", runs, load[0]);
	}
	target("10,000 sheets generated (thidua sheets)", s[1].ms / 1000, "s", 3);
	target("10,000 sheets tallied (thidua tally)", t[1].ms / 1000, "s", 3);
	target("time 10k/1k units: generate", g[1].ms / g[0].ms, "x", 11);
	target("time 10k/1k units: sheets", s[1].ms / s[0].ms, "x", 11);
	target("time 10k/1k units: tally", t[1].ms / t[0].ms, "x", 11);
	peak = g[1].mb > s[1].mb ? g[1].mb : s[1].mb;
	peak = t[1].mb > peak ? t[1].mb : peak;
	target("peak memory at 10,000 units (any command)", peak, "MB", 200);
	rmtree(dir);
	return 0;
}
