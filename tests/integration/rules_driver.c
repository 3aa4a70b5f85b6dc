/* rules_driver.c - the library's sheets and tally entry points (those the
 * `thidua` command calls) run on the cluster of tests/unit/rules_fixture.h,
 * built in C: the cluster workbook loader of this branch does not read the
 * rules columns (Cách chấm, Đơn vị chấm, Chỉ tiêu giao, Ô trống tính là 0)
 * yet. Used by test_rules.py. Output as `thidua ... --json`:
 *
 *   rules_driver sheets OUT_DIR
 *   rules_driver tally OUT_DIR INPUT... [--allow-incomplete]
 *
 * prints {"ok":…,"exit_code":…,"outputs":[…],"results":…,"diagnostics":[…]}
 * and exits with the command's exit code (0, 1 data, 3 files, 4 memory). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rules_fixture.h"
#include "thidua.h"

static void json_str(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static int exit_for(int rc)
{
	switch (rc) {
	case THIDUA_OK: return 0;
	case THIDUA_EDATA: case THIDUA_ETEMPLATE: case THIDUA_EFORMAT: case THIDUA_EENCRYPTED:
	case THIDUA_ELIMIT: return 1;
	case THIDUA_EIO: case THIDUA_EEXISTS: return 3;
	case THIDUA_EINVAL: return 2;
	default: return 4;
	}
}

int main(int argc, char **argv)
{
	thidua_cluster *c;
	thidua_diags *d;
	thidua_paths out = THIDUA_PATHS_INIT;
	thidua_fill_options fo = THIDUA_FILL_OPTIONS_INIT;
	thidua_tally_options to = THIDUA_TALLY_OPTIONS_INIT;
	thidua_tally *t = NULL;
	const char **inputs = NULL;
	char *results = NULL, *dj = NULL;
	size_t i, n = 0;
	int rc, a;

	if (argc < 3 || (strcmp(argv[1], "sheets") && strcmp(argv[1], "tally"))) {
		fputs("usage: rules_driver sheets OUT_DIR | tally OUT_DIR INPUT... [--allow-incomplete]\n",
		      stderr);
		return 2;
	}
	c = tu_rules_cluster();
	d = thidua_diags_new();
	if (!c || !d) {
		fputs("rules_driver: out of memory\n", stderr);
		return 4;
	}
	fo.overwrite = 1;
	if (!strcmp(argv[1], "sheets")) {
		rc = thidua_generate_sheets(&out, c, NULL, argv[2], &fo, d);
	} else {
		mkdir(argv[2], 0777); /* as the command does with -o; an error shows below */
		inputs = calloc((size_t)argc, sizeof *inputs);
		if (!inputs)
			return 4;
		for (a = 3; a < argc; a++) {
			if (!strcmp(argv[a], "--allow-incomplete"))
				to.allow_incomplete = 1;
			else
				inputs[n++] = argv[a];
		}
		rc = thidua_tally_run(&t, c, inputs, n, &to, d);
		if (rc == 0)
			rc = thidua_tally_write(&out, t, argv[2], &fo, d);
		if (rc == 0)
			rc = thidua_tally_to_json(&results, t);
	}
	printf("{\"ok\":%s,\"exit_code\":%d,\"outputs\":[", rc == 0 ? "true" : "false", exit_for(rc));
	for (i = 0; i < out.count; i++) {
		if (i)
			putchar(',');
		json_str(out.paths[i]);
	}
	printf("],\"results\":%s,\"diagnostics\":%s}\n", results ? results : "null",
	       thidua_diags_to_json(&dj, d) == 0 ? dj : "[]");
	free(dj);
	free(results);
	free(inputs);
	thidua_paths_free(&out);
	thidua_tally_free(t);
	thidua_diags_free(d);
	tu_rules_cluster_free(c);
	return exit_for(rc);
}
