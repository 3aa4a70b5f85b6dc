/* service.c - the vn.thidua.Thidua service: vn.thidua.XThidua over the
 * library (with XServiceInfo and XTypeProvider from uno_util.c). The object
 * has no state, so calls on several threads at once are independent. */
#include "uno/component.h"
#include "uno/convert.h"
#include "uno/work.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rtl/alloc.h>

typedef struct service {
	uu_object head;
} service;

static const char *const service_names[] = { "vn.thidua.Thidua", NULL };
static const enum uu_type service_types[] = { UU_XTHIDUA, UU_TYPE_COUNT };

/* Path arguments: *out is a system path (owned) or NULL when the argument
 * is empty. Raises and returns -1 for a URL that names no local file. */
static int path_arg(char **out, rtl_uString *arg, uno_Any *slot)
{
	if (uu_to_path(out, arg) == 0)
		return 0;
	return tu_raise(slot, THIDUA_EINVAL,
	                "Đường dẫn không hợp lệ (không phải tệp trên máy). / "
	                "Invalid path (not a local file).", NULL);
}

static int need(const char *value, const char *what_vi, const char *what_en, uno_Any *slot)
{
	char msg[256];

	if (value && *value)
		return 0;
	snprintf(msg, sizeof msg, "Thiếu %s. / Missing %s.", what_vi, what_en);
	return tu_raise(slot, THIDUA_EINVAL, msg, NULL);
}

static int oom(uno_Any *slot)
{
	return tu_raise(slot, THIDUA_ENOMEM, "Hết bộ nhớ. / Out of memory.", NULL);
}

/* The (dataPath, templatePath, outDir) arguments of generateAgreement and
 * generateSheets as system paths (owned by the caller, free()); data and
 * outDir required. */
static int document_args(char **data, char **tmpl, char **dir, void **args, uno_Any *slot)
{
	int rc;

	if ((rc = path_arg(data, *(rtl_uString **)args[0], slot)) < 0 ||
	    (rc = path_arg(tmpl, *(rtl_uString **)args[1], slot)) < 0 ||
	    (rc = path_arg(dir, *(rtl_uString **)args[2], slot)) < 0 ||
	    (rc = need(*data, "tệp dữ liệu", "the data file", slot)) < 0 ||
	    (rc = need(*dir, "thư mục kết quả", "the output folder", slot)) < 0)
		return rc;
	return 0;
}

/* string generateAgreement(dataPath, templatePath, outDir, overwrite) */
static int agreement(void *ret, void **args, uno_Any *slot)
{
	char *data = NULL, *tmpl = NULL, *dir = NULL, *out = NULL;
	thidua_diags *diags = thidua_diags_new();
	rtl_uString *s;
	int rc;

	if (!diags)
		return oom(slot);
	if ((rc = document_args(&data, &tmpl, &dir, args, slot)) < 0)
		goto cleanup;
	rc = tu_agreement(&out, data, tmpl, dir, *(sal_Bool *)args[3], diags);
	if (rc < 0) {
		rc = tu_raise(slot, rc, NULL, diags);
		goto cleanup;
	}
	s = uu_str(out);
	if (!s) {
		rc = oom(slot);
		goto cleanup;
	}
	*(rtl_uString **)ret = s;
cleanup:
	free(data);
	free(tmpl);
	free(dir);
	free(out);
	thidua_diags_free(diags);
	return rc;
}

/* sequence<string> generateSheets(dataPath, templatePath, outDir, overwrite) */
static int sheets(void *ret, void **args, uno_Any *slot)
{
	char *data = NULL, *tmpl = NULL, *dir = NULL;
	thidua_diags *diags = thidua_diags_new();
	thidua_paths out = THIDUA_PATHS_INIT;
	uno_Sequence *seq;
	int rc;

	if (!diags)
		return oom(slot);
	if ((rc = document_args(&data, &tmpl, &dir, args, slot)) < 0)
		goto cleanup;
	rc = tu_sheets(&out, data, tmpl, dir, *(sal_Bool *)args[3], diags);
	if (rc < 0) {
		rc = tu_raise(slot, rc, NULL, diags);
		goto cleanup;
	}
	seq = uu_seq_strings((const char *const *)out.paths, out.count);
	if (!seq) {
		rc = oom(slot);
		goto cleanup;
	}
	*(uno_Sequence **)ret = seq;
cleanup:
	free(data);
	free(tmpl);
	free(dir);
	thidua_paths_free(&out);
	thidua_diags_free(diags);
	return rc;
}

/* TallyResult tally(dataPath, inputs, outDir, allowIncomplete, overwrite) */
static int tally(void *ret, void **args, uno_Any *slot)
{
	uno_Sequence *in = *(uno_Sequence **)args[1];
	rtl_uString **items = UU_SEQ_AT(in, rtl_uString *);
	char *data = NULL, *dir = NULL, **inputs = NULL;
	thidua_diags *diags = thidua_diags_new();
	tu_tally_job job = TU_TALLY_JOB_INIT;
	sal_Int32 i, n = 0;
	void *res;
	int rc;

	if (!diags)
		return oom(slot);
	inputs = calloc((size_t)in->nElements + 1, sizeof *inputs);
	if (!inputs) {
		rc = oom(slot);
		goto cleanup;
	}
	for (i = 0; i < in->nElements; i++) {
		if ((rc = path_arg(&inputs[n], items[i], slot)) < 0)
			goto cleanup;
		if (inputs[n])
			n++;
	}
	if ((rc = path_arg(&data, *(rtl_uString **)args[0], slot)) < 0 ||
	    (rc = path_arg(&dir, *(rtl_uString **)args[2], slot)) < 0 ||
	    (rc = need(data, "tệp dữ liệu", "the data file", slot)) < 0 ||
	    (rc = need(dir, "thư mục kết quả", "the output folder", slot)) < 0 ||
	    (rc = need(n ? inputs[0] : NULL, "các bảng chấm điểm đã gửi về",
	               "the returned scoring sheets", slot)) < 0)
		goto cleanup;
	rc = tu_tally(&job, data, (const char *const *)inputs, (size_t)n, dir,
	              *(sal_Bool *)args[3], *(sal_Bool *)args[4], diags);
	if (rc < 0) {
		rc = tu_raise(slot, rc, NULL, diags);
		goto cleanup;
	}
	res = tu_tally_result(&job);
	if (!res) {
		rc = oom(slot);
		goto cleanup;
	}
	/* move the struct's value into the return storage */
	memcpy(ret, res, (size_t)uu_td(UU_TALLYRESULT)->nSize);
	rtl_freeMemory(res);
cleanup:
	if (inputs)
		for (i = 0; i < n; i++)
			free(inputs[i]);
	free(inputs);
	free(data);
	free(dir);
	tu_tally_free(&job);
	thidua_diags_free(diags);
	return rc;
}

static int service_call(uu_object *obj, const char *member, void *ret, void **args,
                        uno_Any *slot)
{
	(void)obj;
	if (strcmp(member, "vn.thidua.XThidua::generateAgreement") == 0)
		return agreement(ret, args, slot);
	if (strcmp(member, "vn.thidua.XThidua::generateSheets") == 0)
		return sheets(ret, args, slot);
	if (strcmp(member, "vn.thidua.XThidua::tally") == 0)
		return tally(ret, args, slot);
	return 1;
}

static void service_destroy(uu_object *obj)
{
	free(obj);
}

const uu_class tu_service_class = {
	TU_SERVICE_IMPL, service_names, service_types, service_destroy, service_call,
};

uno_Interface *tu_service_new(void)
{
	service *s = malloc(sizeof *s);

	if (!s)
		return NULL;
	uu_object_init(&s->head, &tu_service_class);
	return &s->head.iface;
}
