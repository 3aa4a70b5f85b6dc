/* fill.c - thidua_template_fill: a compiled template filled from a
 * cluster's data (the template engine itself knows no cluster). */
#include "model/cluster.h"
#include "thidua.h"
#include "tmpl/template.h"
#include "util/error.h"

int thidua_template_fill(const thidua_template *t, const thidua_cluster *cluster,
                         const char *out_path, const thidua_fill_options *opts,
                         thidua_diags *diags)
{
	td_value *data = NULL;
	int rc;

	if (!t || !cluster || !out_path)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	rc = td_cluster_to_value(&data, cluster);
	if (rc == 0)
		rc = td_template_fill_value(t, data, out_path, opts, diags);
	td_v_unref(data);
	return rc;
}
