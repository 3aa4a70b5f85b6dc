/* main.c - the `thidua` command: a thin front over the library. */
#include "thidua.h"
#include "util/compat.h"

#include <libxml/parser.h>
#include <libxml/xmlversion.h>
#include <unicode/uversion.h>
#include <zip.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
#include <fcntl.h>
#include <io.h>
#include <shellapi.h>

/* The arguments in UTF-8, from GetCommandLineW (the argv main gets is in
 * the ANSI code page: "Cụm thi đua số XII.ods" would arrive mangled), and
 * standard output and error without CRLF translation, so that the JSON and
 * messages are the same bytes as on Linux. Replaces *argv; the strings live
 * until exit. */
static int cli_init(int *argc, char ***argv)
{
	int n, i, len;
	wchar_t **w = CommandLineToArgvW(GetCommandLineW(), &n);
	char **a;

	_setmode(_fileno(stdout), _O_BINARY);
	_setmode(_fileno(stderr), _O_BINARY);
	SetConsoleOutputCP(CP_UTF8);
	if (!w)
		return -1;
	if (!(a = calloc((size_t)n + 1, sizeof *a))) {
		LocalFree(w);
		return -1;
	}
	for (i = 0; i < n; i++) {
		len = WideCharToMultiByte(CP_UTF8, 0, w[i], -1, NULL, 0, NULL, NULL);
		if (len <= 0 || !(a[i] = malloc((size_t)len))) {
			LocalFree(w);
			return -1;
		}
		WideCharToMultiByte(CP_UTF8, 0, w[i], -1, a[i], len, NULL, NULL);
	}
	LocalFree(w);
	*argc = n;
	*argv = a;
	return 0;
}
#else
static int cli_init(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}
#endif

#ifdef THIDUA_TEST_HOOKS
/* The test build (build/tests/thidua-failalloc, never installed): the
 * allocation failure tests make the k-th allocation of a whole run fail. */
#include "util/alloc.h"

/* A run's allocation count varies a little (the names of temporary
 * files), so a k near the end may not be reached: say so. */
static void report_unreached(void)
{
	if (td_alloc_failures() == 0)
		fputs("thidua-failalloc: no allocation failed\n", stderr);
}

static void test_hooks(void)
{
	const char *k = getenv("THIDUA_FAIL_ALLOC");

	if (k && *k) {
		td_alloc_fail_after(strtol(k, NULL, 10));
		atexit(report_unreached);
	}
}
#endif

/* Exit codes (documented in --help and README). */
enum {
	EXIT_OK = 0,
	EXIT_INPUT = 1,   /* problems in the data or the template */
	EXIT_USAGE = 2,   /* wrong command line */
	EXIT_IO = 3,      /* a file could not be read or written, or exists */
	EXIT_INTERNAL = 4 /* out of memory or another internal failure */
};

typedef struct opts {
	const char *cmd;
	const char *data;
	const char *tmpl;
	const char *outdir;
	int force;
	int normalize;
	int json;
	int allow_incomplete;
	int lang; /* -1 both, else thidua_lang */
	int format; /* sheets: thidua_sheet_format */
	const char **inputs; /* tally: the returned sheets (files or folders) */
	size_t n_inputs;
	int progress;
} opts;

static void usage(FILE *f)
{
	fputs("thidua " THIDUA_VERSION " — điền Bản giao ước thi đua từ dữ liệu cụm/khối thi đua\n"
	      "(fills the emulation agreement from cluster data)\n\n"
	      "Cách dùng / usage:\n"
	      "  thidua generate DỮ_LIỆU [-t MẪU] -o THƯ_MỤC [--force] [--normalize] [--json] [--lang vi|en]\n"
	      "      Bản giao ước thi đua / the emulation agreement\n"
	      "  thidua sheets DỮ_LIỆU [-t MẪU] -o THƯ_MỤC [--format ods|xlsx] [--force] [--normalize] [--json]\n"
	      "      Bảng tự chấm điểm cho từng đơn vị / a scoring sheet per unit\n"
	      "  thidua tally DỮ_LIỆU BẢNG_CHẤM... -o THƯ_MỤC [--allow-incomplete] [--force] [--json]\n"
	      "      tổng hợp các bảng đã chấm (tệp hoặc thư mục .ods/.xlsx) / tally the returned sheets\n"
	      "  thidua --help | --version\n\n"
	      "  DỮ_LIỆU / DATA   bảng tính cụm (.ods, .fods) hoặc tệp XML (.xml)\n"
	      "  -t, --template   mẫu (.ott/.odt/.fodt); mặc định: mẫu kèm theo\n"
	      "  -o, --output     thư mục ghi kết quả / output directory\n"
	      "  -f, --force      ghi đè tệp đã có / overwrite existing files\n"
	      "      --normalize  chấp nhận chữ Unicode tổ hợp (NFD), tự chuyển sang dựng sẵn\n"
	      "                   / accept decomposed (NFD) text, converting it to NFC\n"
	      "      --allow-incomplete  vẫn tổng hợp khi có lỗi, đánh dấu TẠM TÍNH\n"
	      "                   / tally despite errors, marking every output provisional\n"
	      "      --json       kết quả và lỗi dạng JSON / machine-readable result\n"
	      "      --progress   in tiến độ \"n/N tên\" ra stderr (sheets, tally)\n"
	      "                   / print progress lines \"n/N name\" to stderr\n"
	      "      --lang       ngôn ngữ thông báo (mặc định: cả hai) / message language\n\n"
	      "Mã thoát / exit codes:\n"
	      "  0  thành công / success\n"
	      "  1  dữ liệu hoặc mẫu có lỗi / errors in the data or the template\n"
	      "  2  sai cú pháp lệnh / usage error\n"
	      "  3  lỗi đọc/ghi tệp, hoặc tệp kết quả đã có / file error, or output exists\n"
	      "  4  lỗi nội bộ (hết bộ nhớ...) / internal error (out of memory...)\n", f);
}

static int exit_for(int rc)
{
	switch (rc) {
	case THIDUA_OK: return EXIT_OK;
	case THIDUA_EDATA:
	case THIDUA_ETEMPLATE:
	case THIDUA_EFORMAT:
	case THIDUA_EENCRYPTED:
	case THIDUA_ELIMIT: return EXIT_INPUT;
	case THIDUA_EIO:
	case THIDUA_EEXISTS: return EXIT_IO;
	case THIDUA_EINVAL: return EXIT_USAGE;
	default: return EXIT_INTERNAL;
	}
}

static void json_str(FILE *f, const char *s)
{
	const unsigned char *p;

	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void print_diags(const thidua_diags *d, int lang)
{
	size_t i;

	for (i = 0; i < thidua_diags_count(d); i++) {
		const thidua_diag *g = thidua_diags_get(d, i);
		int err = g->severity == THIDUA_SEV_ERROR;
		int l;
		for (l = 0; l < 2; l++) {
			if (lang >= 0 && lang != l)
				continue;
			if (l == 1 && lang < 0)
				fputs("    ", stderr);
			if (g->file)
				fprintf(stderr, "%s: ", g->file);
			if (g->where)
				fprintf(stderr, "%s: ", g->where);
			fprintf(stderr, "%s: %s", l == 0 ? (err ? "lỗi" : "cảnh báo") : (err ? "error" : "warning"),
			        l == 0 ? g->message_vi : g->message_en);
			if (g->tag)
				fprintf(stderr, l == 0 ? " [thẻ %s]" : " [tag %s]", g->tag);
			if (g->snippet && l == 0)
				fprintf(stderr, " — «%s»", g->snippet);
			fprintf(stderr, " (%s)\n", g->code);
		}
	}
}

static void print_error(int lang)
{
	const thidua_error *e = thidua_error_last();

	if (!e)
		return;
	if (lang != THIDUA_LANG_EN)
		fprintf(stderr, "thidua: lỗi: %s\n", e->message_vi);
	if (lang != THIDUA_LANG_VI)
		fprintf(stderr, "%serror: %s\n", lang < 0 ? "        " : "thidua: ", e->message_en);
}

static void print_json(int rc, const char *const *outs, size_t n_outs, const char *results,
                       const thidua_diags *d)
{
	const thidua_error *e = rc < 0 ? thidua_error_last() : NULL;
	char *dj = NULL;
	size_t i;

	printf("{\"ok\":%s,\"exit_code\":%d,\"outputs\":[", rc == 0 ? "true" : "false", exit_for(rc));
	for (i = 0; i < n_outs; i++) {
		if (i)
			putchar(',');
		json_str(stdout, outs[i]);
	}
	printf("],\"results\":%s,\"error\":", results ? results : "null");
	if (e) {
		printf("{\"code\":%d,\"message_vi\":", e->code);
		json_str(stdout, e->message_vi);
		printf(",\"message_en\":");
		json_str(stdout, e->message_en);
		printf("}");
	} else {
		printf("null");
	}
	printf(",\"diagnostics\":%s}\n", thidua_diags_to_json(&dj, d) == 0 ? dj : "[]");
	free(dj);
}

static int cmd_generate(const opts *o)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	thidua_fill_options fo = THIDUA_FILL_OPTIONS_INIT;
	char *out = NULL;
	int rc;

	if (!d) {
		fputs("thidua: hết bộ nhớ / out of memory\n", stderr);
		return EXIT_INTERNAL;
	}
	fo.overwrite = o->force;
	rc = thidua_cluster_load_ex(&c, o->data, o->normalize ? THIDUA_LOAD_NORMALIZE : 0, d);
	if (rc == 0)
		rc = thidua_generate_agreement(&out, c, o->tmpl, o->outdir, &fo, d);
	if (o->json) {
		const char *outs[1];
		outs[0] = out;
		print_json(rc, outs, out ? 1 : 0, NULL, d);
	} else {
		print_diags(d, o->lang);
		if (rc < 0)
			print_error(o->lang);
		else if (o->lang == THIDUA_LANG_EN)
			printf("Written: %s\n", out);
		else
			printf("Đã ghi / written: %s\n", out);
	}
	free(out);
	thidua_cluster_free(c);
	thidua_diags_free(d);
	return exit_for(rc);
}

static void print_written(const opts *o, const thidua_paths *p)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		printf(o->lang == THIDUA_LANG_EN ? "Written: %s\n" : "Đã ghi / written: %s\n", p->paths[i]);
}

/* --progress: "3/12 Tên đơn vị" (or a file's path) on stderr. */
static int print_progress(void *data, size_t n, size_t total, const char *what)
{
	(void)data;
	fprintf(stderr, "%zu/%zu %s\n", n, total, what ? what : "");
	return 0;
}

/* Where the head's password of the verification column is (sheets). */
static void print_password_file(const opts *o, const thidua_cluster *c)
{
	char *p = thidua_sheets_password_path(c, o->outdir);

	if (!p)
		return;
	printf(o->lang == THIDUA_LANG_EN
	               ? "Password of the verification column (for the head only, do not send): %s\n"
	               : "Mật khẩu cột thẩm định (chỉ đơn vị thẩm định giữ, không gửi các đơn vị) / "
	                 "verification password: %s\n",
	       p);
	free(p);
}

static int cmd_sheets(const opts *o)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	thidua_fill_options fo = THIDUA_FILL_OPTIONS_INIT;
	thidua_paths out = THIDUA_PATHS_INIT;
	int rc;

	if (!d) {
		fputs("thidua: hết bộ nhớ / out of memory\n", stderr);
		return EXIT_INTERNAL;
	}
	fo.overwrite = o->force;
	if (o->progress)
		fo.progress = print_progress;
	fo.sheet_format = o->format;
	rc = thidua_cluster_load_ex(&c, o->data, o->normalize ? THIDUA_LOAD_NORMALIZE : 0, d);
	if (rc == 0)
		rc = thidua_generate_sheets(&out, c, o->tmpl, o->outdir, &fo, d);
	if (o->json) {
		print_json(rc, (const char *const *)out.paths, out.count, NULL, d);
	} else {
		print_diags(d, o->lang);
		if (rc < 0)
			print_error(o->lang);
		else
			print_written(o, &out);
		if (rc == 0)
			print_password_file(o, c);
	}
	thidua_paths_free(&out);
	thidua_cluster_free(c);
	thidua_diags_free(d);
	return exit_for(rc);
}

/* Print s left-aligned in width columns, counting characters, not bytes
 * ("BĐHN" is 4 wide). */
static int text_width(const char *s)
{
	const unsigned char *p;
	int n = 0;

	for (p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

/* A group name that already says it is a group ("Nhóm 1", "NHÓM A",
 * "Group 2"). */
static int has_group_word(const char *name)
{
	static const char *const words[] = { "Nhóm ", "nhóm ", "NHÓM ", "Group ", "group " };
	size_t i;

	for (i = 0; i < sizeof words / sizeof *words; i++)
		if (strncmp(name, words[i], strlen(words[i])) == 0)
			return 1;
	return 0;
}

static void put_padded(const char *s, int width)
{
	int n = text_width(s);

	fputs(s, stdout);
	for (; n < width; n++)
		putchar(' ');
}

static void print_results(const opts *o, const thidua_tally *t)
{
	const char *group = NULL;
	size_t i;
	int en = o->lang == THIDUA_LANG_EN;
	int bw = 10; /* the band column: its longest name and two spaces */

	for (i = 0; i < thidua_tally_count(t); i++) {
		const thidua_unit_result *r = thidua_tally_result(t, i);

		if (r->band && text_width(r->band) + 2 > bw)
			bw = text_width(r->band) + 2;
	}
	if (thidua_tally_provisional(t))
		puts(en ? "PROVISIONAL: some sheets had errors." : "TẠM TÍNH: có bảng chấm bị lỗi / provisional.");
	put_padded(en ? "Rank" : "Hạng", 5);
	putchar(' ');
	put_padded(en ? "Code" : "Mã", 10);
	put_padded(en ? "      Total" : "  Tổng điểm", 11);
	fputs("  ", stdout);
	put_padded(en ? "Band" : "Xếp loại", bw);
	printf("%s\n", en ? "Unit (award)" : "Đơn vị (đề nghị)");
	for (i = 0; i < thidua_tally_count(t); i++) {
		const thidua_unit_result *r = thidua_tally_result(t, i);
		int64_t a = r->final_total < 0 ? -r->final_total : r->final_total;
		char total[32];

		/* groups are ranked apart: a heading where one begins */
		if (r->has_sheet && r->group && (!group || strcmp(group, r->group) != 0)) {
			/* "Nhóm 1" is printed as it is, "Miền Bắc" as "Nhóm Miền Bắc" */
			if (has_group_word(r->group))
				printf("%s\n", r->group);
			else
				printf("%s %s\n", en ? "Group" : "Nhóm", r->group);
			group = r->group;
		}
		snprintf(total, sizeof total, "%s%lld,%02lld", r->final_total < 0 ? "-" : "",
		         (long long)(a / 100), (long long)(a % 100));
		if (!r->has_sheet) {
			printf("%-5s ", "-");
			put_padded(r->code, 10);
			printf(" %10s  ", "-");
			put_padded("", bw);
			printf("%s%s\n", r->name,
			       r->unscored ? (en ? " (blank sheet: not scored)" : " (bảng để trống: chưa chấm)") : "");
		} else {
			printf("%-5d ", r->rank);
			put_padded(r->code, 10);
			printf(" %10s  ", total);
			put_padded(r->band ? r->band : "-", bw);
			printf("%s%s%s%s\n", r->name, r->award ? " (" : "",
			       r->award ? r->award : "", r->award ? ")" : "");
		}
	}
}

static int cmd_tally(const opts *o)
{
	thidua_diags *d = thidua_diags_new();
	thidua_cluster *c = NULL;
	thidua_tally *t = NULL;
	thidua_tally_options to = THIDUA_TALLY_OPTIONS_INIT;
	thidua_fill_options fo = THIDUA_FILL_OPTIONS_INIT;
	thidua_paths out = THIDUA_PATHS_INIT;
	char *results = NULL;
	int rc;

	if (!d) {
		fputs("thidua: hết bộ nhớ / out of memory\n", stderr);
		return EXIT_INTERNAL;
	}
	to.allow_incomplete = o->allow_incomplete;
	if (o->progress)
		to.progress = print_progress;
	fo.overwrite = o->force;
	rc = thidua_cluster_load_ex(&c, o->data, o->normalize ? THIDUA_LOAD_NORMALIZE : 0, d);
	if (rc == 0)
		rc = thidua_tally_run(&t, c, o->inputs, o->n_inputs, &to, d);
	if (rc == 0)
		rc = thidua_tally_write(&out, t, o->outdir, &fo, d);
	if (rc == 0 && o->json)
		rc = thidua_tally_to_json(&results, t);
	if (o->json) {
		print_json(rc, (const char *const *)out.paths, out.count, results, d);
	} else {
		print_diags(d, o->lang);
		if (rc < 0) {
			print_error(o->lang);
		} else {
			print_results(o, t);
			print_written(o, &out);
		}
	}
	free(results);
	thidua_paths_free(&out);
	thidua_tally_free(t);
	thidua_cluster_free(c);
	thidua_diags_free(d);
	return exit_for(rc);
}

/* Create the output directory (and its parents) when it is missing, as a
 * user expects of `-o DIR`. Returns 0 or prints why not and returns -1. */
static int make_outdir(const char *dir)
{
	char path[4096];
	size_t i, n = strlen(dir);

	if (n == 0 || n >= sizeof path) {
		fprintf(stderr, "thidua: đường dẫn thư mục không hợp lệ / invalid directory path: %s\n", dir);
		return -1;
	}
	memcpy(path, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (!td_is_sep(path[i]) && path[i] != '\0')
			continue;
		/* a drive ("C:") is no folder to make */
		if (i == 2 && path[1] == ':')
			continue;
		path[i] = '\0';
		if (td_mkdir(path, 0777) != 0 && errno != EEXIST) {
			fprintf(stderr, "thidua: không tạo được thư mục / cannot create directory %s: %s\n",
			        path, strerror(errno));
			return -1;
		}
		path[i] = i < n ? dir[i] : '\0';
	}
	return 0;
}

/* --version: the libraries thidua was built with (their headers) and, where
 * they can tell, the ones in use now. */
static void print_version(void)
{
	UVersionInfo v;
	char icu[U_MAX_VERSION_STRING_LENGTH];
	int xml = atoi(xmlParserVersion);

	u_getVersion(v);
	u_versionToString(v, icu);
	printf("thidua %s\n", THIDUA_VERSION);
	printf("  libxml2 %s (đang dùng / in use %d.%d.%d)\n", LIBXML_DOTTED_VERSION,
	       xml / 10000, xml / 100 % 100, xml % 100);
	printf("  libzip  %s (đang dùng / in use %s)\n", LIBZIP_VERSION, zip_libzip_version());
	printf("  ICU     %s (đang dùng / in use %s)\n", U_ICU_VERSION, icu);
}

int main(int argc, char **argv)
{
	opts o;
	int i;

	if (cli_init(&argc, &argv) < 0) {
		fputs("thidua: không đọc được dòng lệnh / cannot read the command line\n", stderr);
		return EXIT_INTERNAL;
	}
#ifdef THIDUA_TEST_HOOKS
	test_hooks();
#endif
	memset(&o, 0, sizeof o);
	o.lang = -1;
	{
		const char *env = getenv("THIDUA_LANG");
		if (env && strcmp(env, "en") == 0)
			o.lang = THIDUA_LANG_EN;
		else if (env && strcmp(env, "vi") == 0)
			o.lang = THIDUA_LANG_VI;
	}
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			print_version();
			return EXIT_OK;
		} else if (!strcmp(a, "-f") || !strcmp(a, "--force")) {
			o.force = 1;
		} else if (!strcmp(a, "--allow-incomplete")) {
			o.allow_incomplete = 1;
		} else if (!strcmp(a, "--normalize")) {
			o.normalize = 1;
		} else if (!strcmp(a, "--json")) {
			o.json = 1;
		} else if (!strcmp(a, "--progress")) {
			o.progress = 1;
		} else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) {
			o.outdir = argv[++i];
		} else if ((!strcmp(a, "-t") || !strcmp(a, "--template")) && i + 1 < argc) {
			o.tmpl = argv[++i];
		} else if (!strcmp(a, "--format") && i + 1 < argc) {
			const char *f = argv[++i];
			if (!strcmp(f, "ods"))
				o.format = THIDUA_SHEET_ODS;
			else if (!strcmp(f, "xlsx"))
				o.format = THIDUA_SHEET_XLSX;
			else {
				fprintf(stderr, "thidua: --format nhận ods hoặc xlsx / --format takes ods or xlsx\n");
				return EXIT_USAGE;
			}
		} else if (!strcmp(a, "--lang") && i + 1 < argc) {
			const char *l = argv[++i];
			if (!strcmp(l, "vi"))
				o.lang = THIDUA_LANG_VI;
			else if (!strcmp(l, "en"))
				o.lang = THIDUA_LANG_EN;
			else {
				fprintf(stderr, "thidua: --lang nhận vi hoặc en / --lang takes vi or en\n");
				return EXIT_USAGE;
			}
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "thidua: tùy chọn không hợp lệ / unknown option: %s\n", a);
			usage(stderr);
			return EXIT_USAGE;
		} else if (!o.cmd) {
			o.cmd = a;
		} else if (!o.data) {
			o.data = a;
		} else if (o.cmd && !strcmp(o.cmd, "tally")) {
			if (!o.inputs)
				o.inputs = (const char **)&argv[i];
			else if (o.inputs + o.n_inputs != (const char **)&argv[i]) {
				fprintf(stderr, "thidua tally: các bảng chấm phải liền nhau / the sheets must come together: %s\n", a);
				return EXIT_USAGE;
			}
			o.n_inputs++;
		} else {
			fprintf(stderr, "thidua: thừa tham số / unexpected argument: %s\n", a);
			return EXIT_USAGE;
		}
	}
	if (!o.cmd) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (o.outdir && (!strcmp(o.cmd, "generate") || !strcmp(o.cmd, "sheets") ||
	                 !strcmp(o.cmd, "tally")) && make_outdir(o.outdir) < 0)
		return EXIT_IO;
	if (!strcmp(o.cmd, "generate")) {
		if (!o.data || !o.outdir) {
			fputs("thidua generate: cần DỮ_LIỆU và -o THƯ_MỤC / needs DATA and -o DIR\n", stderr);
			return EXIT_USAGE;
		}
		return cmd_generate(&o);
	}
	if (!strcmp(o.cmd, "sheets")) {
		if (!o.data || !o.outdir) {
			fputs("thidua sheets: cần DỮ_LIỆU và -o THƯ_MỤC / needs DATA and -o DIR\n", stderr);
			return EXIT_USAGE;
		}
		return cmd_sheets(&o);
	}
	if (!strcmp(o.cmd, "tally")) {
		if (!o.data || !o.n_inputs || !o.outdir) {
			fputs("thidua tally: cần DỮ_LIỆU, BẢNG_CHẤM... và -o THƯ_MỤC / needs DATA, SHEETS... and -o DIR\n", stderr);
			return EXIT_USAGE;
		}
		return cmd_tally(&o);
	}
	fprintf(stderr, "thidua: lệnh không có / unknown command: %s\n", o.cmd);
	usage(stderr);
	return EXIT_USAGE;
}
