/* fuzz_expr.c - fuzz target: compile any text as a template expression and
 * evaluate it against a small data tree. */
#include <stddef.h>
#include <stdint.h>

#include "tmpl/expr.h"
#include "tmpl/value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	td_expr *e = NULL;
	td_expr_error err;
	td_value *root = td_v_map(), *list = td_v_list(), *u = td_v_map(), *out = NULL;
	td_scope scope = { NULL, NULL, NULL, NULL };
	int truth;

	td_v_map_set(u, "ten", td_v_str("Cục Thuế thành phố Hà Nội"));
	td_v_map_set(u, "diem", td_v_num(9875));
	td_v_list_push(list, u);
	td_v_list_push(list, td_v_date(2018, 1, 11));
	td_v_map_set(root, "don_vi", list);
	td_v_map_set(root, "nam", td_v_int(2018));
	scope.root = root;
	if (td_expr_parse(&e, (const char *)data, size, &err) == 0) {
		if (td_expr_eval(&out, e, &scope, &err) == 0) {
			td_buf b = TD_BUF_INIT;
			td_value_to_text(&b, out);
			td_buf_free(&b);
			td_v_unref(out);
		}
		td_expr_eval_truth(&truth, e, &scope, &err);
		td_expr_free(e);
	}
	td_v_unref(root);
	return 0;
}
