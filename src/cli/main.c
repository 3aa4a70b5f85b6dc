/* main.c - the `thidua` command: a thin front over the library. */
#include "thidua.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	int lang; /* -1 both, else thidua_lang */
} opts;

static void usage(FILE *f)
{
	fputs("thidua " THIDUA_VERSION " — điền Bản giao ước thi đua từ dữ liệu cụm/khối thi đua\n"
	      "(fills the emulation agreement from cluster data)\n\n"
	      "Cách dùng / usage:\n"
	      "  thidua generate DỮ_LIỆU [-t MẪU] -o THƯ_MỤC [--force] [--normalize] [--json] [--lang vi|en]\n"
	      "  thidua --help | --version\n\n"
	      "  DỮ_LIỆU / DATA   bảng tính cụm (.ods, .fods) hoặc tệp XML (.xml)\n"
	      "  -t, --template   mẫu (.ott/.odt/.fodt); mặc định: mẫu kèm theo\n"
	      "  -o, --output     thư mục ghi kết quả / output directory\n"
	      "  -f, --force      ghi đè tệp đã có / overwrite existing files\n"
	      "      --normalize  chấp nhận chữ Unicode tổ hợp (NFD), tự chuyển sang dựng sẵn\n"
	      "                   / accept decomposed (NFD) text, converting it to NFC\n"
	      "      --json       kết quả và lỗi dạng JSON / machine-readable result\n"
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

static void print_json(int rc, const char *out, const thidua_diags *d)
{
	const thidua_error *e = rc < 0 ? thidua_error_last() : NULL;
	char *dj = NULL;

	printf("{\"ok\":%s,\"exit_code\":%d,\"outputs\":[", rc == 0 ? "true" : "false", exit_for(rc));
	if (out)
		json_str(stdout, out);
	printf("],\"error\":");
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
		print_json(rc, out, d);
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

int main(int argc, char **argv)
{
	opts o;
	int i;

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
			puts("thidua " THIDUA_VERSION);
			return EXIT_OK;
		} else if (!strcmp(a, "-f") || !strcmp(a, "--force")) {
			o.force = 1;
		} else if (!strcmp(a, "--normalize")) {
			o.normalize = 1;
		} else if (!strcmp(a, "--json")) {
			o.json = 1;
		} else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) {
			o.outdir = argv[++i];
		} else if ((!strcmp(a, "-t") || !strcmp(a, "--template")) && i + 1 < argc) {
			o.tmpl = argv[++i];
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
		} else {
			fprintf(stderr, "thidua: thừa tham số / unexpected argument: %s\n", a);
			return EXIT_USAGE;
		}
	}
	if (!o.cmd) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(o.cmd, "generate")) {
		if (!o.data || !o.outdir) {
			fputs("thidua generate: cần DỮ_LIỆU và -o THƯ_MỤC / needs DATA and -o DIR\n", stderr);
			return EXIT_USAGE;
		}
		return cmd_generate(&o);
	}
	fprintf(stderr, "thidua: lệnh không có / unknown command: %s\n", o.cmd);
	usage(stderr);
	return EXIT_USAGE;
}
