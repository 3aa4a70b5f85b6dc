/* generate.c - the year's documents from a cluster: the agreement, written
 * as an output set of one file (odf/outset.h). */
#include "model/cluster.h"
#include "odf/outset.h"
#include "thidua.h"
#include "tmpl/template.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/compat.h"

int thidua_generate_agreement(char **out_path, const thidua_cluster *cluster,
                              const char *template_path, const char *out_dir,
                              const thidua_fill_options *opts, thidua_diags *diags)
{
	thidua_template *t = NULL;
	td_buf tp = TD_BUF_INIT, op = TD_BUF_INIT;
	td_outset *set = NULL;
	td_value *data = NULL;
	const char *staged, *final;
	td_fileinfo st;
	int rc;

	if (out_path)
		*out_path = NULL;
	if (!cluster || !out_dir)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	if (td_stat(out_dir, &st) < 0 || !st.is_dir)
		return td_error(THIDUA_EIO, "Thư mục kết quả %s không tồn tại.",
		                "Output directory %s does not exist.", out_dir, out_dir);
	if (!template_path) {
		td_buf_printf(&tp, "%s/agreement.fodt", td_template_dir(opts));
		if (td_buf_oom(&tp))
			return td_error_oom();
		template_path = tp.ptr;
	}
	rc = thidua_template_open(&t, template_path, diags);
	if (rc < 0)
		goto cleanup;
	td_buf_printf(&op, "ban-giao-uoc-thi-dua-%d.%s", thidua_cluster_year(cluster),
	              td_template_is_sheet(t) ? "ods" : "odt");
	if (td_buf_oom(&op)) {
		rc = td_error_oom();
		goto cleanup;
	}
	if ((rc = td_cluster_to_value(&data, cluster)) < 0 ||
	    (rc = td_outset_begin(&set, out_dir, opts ? opts->overwrite : 0)) < 0 ||
	    (rc = td_outset_add(set, op.ptr, &staged, &final)) < 0 ||
	    (rc = td_template_fill_staged(t, data, staged, diags)) < 0 ||
	    (rc = td_outset_commit(set)) < 0)
		goto cleanup;
	if (out_path && !(*out_path = td_strdup(final)))
		rc = td_error_oom();
cleanup:
	td_outset_free(set);
	td_v_unref(data);
	thidua_template_free(t);
	td_buf_free(&tp);
	td_buf_free(&op);
	return rc;
}
