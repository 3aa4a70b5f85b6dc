/* options.c - vn.thidua.OptionsHandler: the handler of the options page
 * Tools ▸ Options ▸ Thi đua (dialogs/options.xdl, registered by
 * OptionsDialog.xcu; also the Extension Manager's Options button). It
 * implements XContainerWindowEventHandler: "external_event" with
 * "initialize" / "back" fills the page from the settings, "ok" stores it;
 * "chooseFolder" picks the default output folder. */
#include "uno/component.h"
#include "uno/config.h"
#include "uno/ui.h"

#include <stdlib.h>
#include <string.h>

typedef struct options {
	uu_object head;
	uno_Interface *ctx; /* acquired */
} options;

static const char *const options_names[] = { "vn.thidua.OptionsHandler", NULL };
static const enum uu_type options_types[] = { UU_XCONTAINERWINDOWEVENTHANDLER, UU_TYPE_COUNT };
static const char *const options_methods[] = { "external_event", "chooseFolder" };

/* The model of a control of the page, as an XPropertySet (owned), or NULL. */
static uno_Interface *model_of(uno_Interface *page, const char *name)
{
	uno_Interface *cc = uu_query(page, UU_XCONTROLCONTAINER), *ctl = NULL, *model = NULL, *ps;
	rtl_uString *n = uu_str(name);
	void *a[1] = { &n };

	if (cc && n && uu_call(cc, UU_M_CONTROLCONTAINER_GETCONTROL, &ctl, a, NULL) == 0 && ctl)
		uu_call(ctl, UU_M_CONTROL_GETMODEL, &model, NULL, NULL);
	ps = uu_query(model, UU_XPROPERTYSET);
	uu_release(model);
	uu_release(ctl);
	uu_release(cc);
	if (n)
		rtl_uString_release(n);
	return ps;
}

static void put(uno_Interface *page, const char *control, const char *prop, void *value,
                enum uu_type t)
{
	uno_Interface *ps = model_of(page, control);
	rtl_uString *p = uu_str(prop);
	uno_Any any;
	void *a[2] = { &p, &any };

	uno_any_construct(&any, NULL, NULL, NULL);
	uu_any_set(&any, value, t);
	if (ps && p)
		uu_call(ps, UU_M_PROPERTYSET_SETVALUE, NULL, a, NULL);
	uno_any_destruct(&any, NULL);
	if (p)
		rtl_uString_release(p);
	uu_release(ps);
}

static void put_text(uno_Interface *page, const char *control, const char *prop, const char *s)
{
	rtl_uString *v = uu_str(s);

	if (v) {
		put(page, control, prop, &v, UU_STRING);
		rtl_uString_release(v);
	}
}

static void put_state(uno_Interface *page, const char *control, int on)
{
	sal_Int16 st = on ? 1 : 0;

	put(page, control, "State", &st, UU_SHORT);
}

/* A property of a control's model, read into v (destruct it); 0 or -1. */
static int get(uno_Interface *page, const char *control, const char *prop, uno_Any *v)
{
	uno_Interface *ps = model_of(page, control);
	rtl_uString *p = uu_str(prop);
	void *a[1] = { &p };
	int rc = -1;

	if (ps && p && uu_call(ps, UU_M_PROPERTYSET_GETVALUE, v, a, NULL) == 0)
		rc = 0;
	if (p)
		rtl_uString_release(p);
	uu_release(ps);
	return rc;
}

static int checked(uno_Interface *page, const char *control)
{
	uno_Any v;
	int on = 0;

	if (get(page, control, "State", &v) == 0) {
		on = v.pType->eTypeClass == typelib_TypeClass_SHORT && *(sal_Int16 *)v.pData == 1;
		uno_any_destruct(&v, NULL);
	}
	return on;
}

/* The labels, in the interface's language. */
static void labels(uno_Interface *page, thidua_lang lang)
{
	int en = lang == THIDUA_LANG_EN;

	put_text(page, "FolderLabel", "Label",
	         en ? "Default folder for the results (empty: ask each time)"
	            : "Thư mục lưu kết quả mặc định (để trống: hỏi mỗi lần)");
	put_text(page, "Choose", "Label", en ? "Choose…" : "Chọn…");
	put_text(page, "LangLabel", "Label", en ? "Language of the messages" : "Ngôn ngữ thông báo");
	put_text(page, "LangAuto", "Label",
	         en ? "As LibreOffice's interface" : "Theo giao diện LibreOffice");
	put_text(page, "FormatLabel", "Label",
	         en ? "Format of the self-scoring sheets" : "Định dạng bảng tự chấm điểm");
	put_text(page, "FormatOds", "Label", en ? "ODF spreadsheet (.ods)" : "Bảng tính ODF (.ods)");
	put_text(page, "FormatXlsx", "Label",
	         en ? "Excel workbook (.xlsx), for units that use Microsoft Excel"
	            : "Bảng tính Excel (.xlsx), cho đơn vị dùng Microsoft Excel");
}

static void load_page(options *o, uno_Interface *page)
{
	char *folder = tu_setting(o->ctx, "OutputFolder"), *lang = tu_setting(o->ctx, "Language");
	int xlsx = tu_sheet_format(o->ctx) == THIDUA_SHEET_XLSX;

	labels(page, tu_lang(o->ctx));
	put_text(page, "OutputFolder", "Text", folder ? folder : "");
	put_state(page, "LangVi", lang && strcmp(lang, "vi") == 0);
	put_state(page, "LangEn", lang && strcmp(lang, "en") == 0);
	put_state(page, "LangAuto", !lang || (strcmp(lang, "vi") != 0 && strcmp(lang, "en") != 0));
	put_state(page, "FormatOds", !xlsx);
	put_state(page, "FormatXlsx", xlsx);
	free(folder);
	free(lang);
}

static void store_page(options *o, uno_Interface *page)
{
	uno_Any v;
	char *folder = NULL;

	if (get(page, "OutputFolder", "Text", &v) == 0) {
		folder = uu_any_str(&v) ? uu_utf8(uu_any_str(&v)) : NULL;
		uno_any_destruct(&v, NULL);
	}
	tu_setting_set(o->ctx, "OutputFolder", folder ? folder : "");
	tu_setting_set(o->ctx, "Language", checked(page, "LangVi")   ? "vi"
	                                   : checked(page, "LangEn") ? "en"
	                                                             : "auto");
	tu_setting_set(o->ctx, "SheetFormat", checked(page, "FormatXlsx") ? "xlsx" : "ods");
	free(folder);
}

static void choose_folder(options *o, uno_Interface *page)
{
	tu_ui ui;
	uno_Any v;
	char *start = NULL, *picked;

	memset(&ui, 0, sizeof ui);
	ui.ctx = o->ctx;
	ui.lang = tu_lang(o->ctx);
	if (get(page, "OutputFolder", "Text", &v) == 0) {
		start = uu_any_str(&v) && !uu_str_empty(uu_any_str(&v)) ? uu_utf8(uu_any_str(&v)) : NULL;
		uno_any_destruct(&v, NULL);
	}
	if (!start)
		start = tu_setting(o->ctx, "LastFolder");
	picked = tu_ui_pick_folder(&ui, TU_T(&ui, "Thư mục lưu kết quả mặc định",
	                                      "Default folder for the results"), start);
	if (picked)
		put_text(page, "OutputFolder", "Text", picked);
	free(picked);
	free(start);
}

static int options_call(uu_object *obj, const char *member, void *ret, void **args,
                        uno_Any *slot)
{
	options *o = (options *)obj;
	uno_Interface *page;
	rtl_uString *method, *what;

	if (strcmp(member, "com.sun.star.awt.XContainerWindowEventHandler::callHandlerMethod") == 0) {
		page = *(uno_Interface **)args[0];
		what = uu_any_str((uno_Any *)args[1]);
		method = *(rtl_uString **)args[2];
		*(sal_Bool *)ret = 1;
		if (uu_str_eq(method, "external_event") && (uu_str_eq(what, "initialize") ||
		                                             uu_str_eq(what, "back")))
			load_page(o, page);
		else if (uu_str_eq(method, "external_event") && uu_str_eq(what, "ok"))
			store_page(o, page);
		else if (uu_str_eq(method, "chooseFolder"))
			choose_folder(o, page);
		else
			*(sal_Bool *)ret = 0;
		return 0;
	}
	if (strcmp(member,
	           "com.sun.star.awt.XContainerWindowEventHandler::getSupportedMethodNames") == 0) {
		uno_Sequence *seq = uu_seq_strings(options_methods, 2);

		if (!seq)
			return uu_raise(slot, UU_RUNTIMEEXCEPTION, "thidua: out of memory");
		*(uno_Sequence **)ret = seq;
		return 0;
	}
	return 1;
}

static void options_destroy(uu_object *obj)
{
	options *o = (options *)obj;

	uu_release(o->ctx);
	free(o);
}

const uu_class tu_options_class = {
	TU_OPTIONS_IMPL, options_names, options_types, options_destroy, options_call,
};

uno_Interface *tu_options_new(uno_Interface *ctx)
{
	options *o = malloc(sizeof *o);

	if (!o)
		return NULL;
	uu_object_init(&o->head, &tu_options_class);
	o->ctx = ctx;
	if (ctx)
		ctx->acquire(ctx);
	return &o->head.iface;
}
