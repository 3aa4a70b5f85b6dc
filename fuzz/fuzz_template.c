/* fuzz_template.c - fuzz target: any bytes as a template file (flat ODF
 * XML, or a zip package), compiled and, when it compiles, filled. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "thidua.h"
#include "tmpl/template.h"
#include "tmpl/value.h"

static char dir[] = "/tmp/thidua-fuzz-XXXXXX";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char in[64], out[64];
	FILE *f;
	thidua_template *t = NULL;
	thidua_diags *d;
	td_value *root, *list;
	int i;
	thidua_fill_options o = THIDUA_FILL_OPTIONS_INIT;

	if (dir[sizeof dir - 2] == 'X' && !mkdtemp(dir))
		abort();
	snprintf(in, sizeof in, "%s/t", dir);
	snprintf(out, sizeof out, "%s/o", dir);
	f = fopen(in, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	d = thidua_diags_new();
	root = td_v_map();
	list = td_v_list();
	for (i = 0; i < 3; i++) {
		td_value *u = td_v_map();
		td_v_map_set(u, "ten", td_v_str("Đơn vị"));
		td_v_map_set(u, "thu_tu", td_v_int(i + 1));
		td_v_list_push(list, u);
	}
	td_v_map_set(root, "don_vi", list);
	o.overwrite = 1;
	if (thidua_template_open(&t, in, d) == 0)
		td_template_fill_value(t, root, out, &o, d);
	thidua_template_free(t);
	thidua_diags_free(d);
	td_v_unref(root);
	unlink(out);
	unlink(in);
	return 0;
}
