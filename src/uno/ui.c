/* ui.c - what the menu commands show: folder and file pickers, message
 * boxes, the problems and about dialogs (from .xdl files through
 * com.sun.star.awt.DialogProvider2), progress through XStatusIndicator, and
 * documents opened through the Desktop's XComponentLoader. */
#include "uno/ui.h"
#include "uno/work.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* com.sun.star.ui.dialogs and com.sun.star.awt constants */
enum { DIALOG_OK = 1, FILEOPEN_SIMPLE = 0, FILESAVE_AUTOEXTENSION = 10 };
enum { MB_INFOBOX = 1, MB_ERRORBOX = 3, MB_QUERYBOX = 4 };
enum { MB_BUTTONS_OK = 1, MB_BUTTONS_YES_NO = 3, MB_RESULT_OK = 1, MB_RESULT_YES = 2 };

/* Call a method whose one argument is a UTF-8 string. */
static int call_str(uno_Interface *obj, enum uu_method m, const char *s)
{
	rtl_uString *u = uu_str(s);
	void *a[1] = { &u };
	int rc;

	if (!u)
		return -1;
	rc = uu_call(obj, m, NULL, a, NULL);
	rtl_uString_release(u);
	return rc;
}

/* Call a method whose one argument is the file URL of a system path. */
static int call_url(uno_Interface *obj, enum uu_method m, const char *path)
{
	rtl_uString *u = uu_path_url(path);
	void *a[1] = { &u };
	int rc;

	if (!u)
		return -1;
	rc = uu_call(obj, m, NULL, a, NULL);
	rtl_uString_release(u);
	return rc;
}

/* Run an XExecutableDialog; 1 when the user confirmed. */
static int execute(uno_Interface *dlg, const char *title)
{
	sal_Int16 r = 0;

	if (title)
		call_str(dlg, UU_M_EXECDIALOG_SETTITLE, title);
	if (uu_call(dlg, UU_M_EXECDIALOG_EXECUTE, &r, NULL, NULL) < 0)
		return 0;
	return r == DIALOG_OK;
}

static char *url_to_path(rtl_uString *url)
{
	char *path = NULL;

	if (uu_to_path(&path, url) < 0)
		return NULL;
	return path;
}

char *tu_ui_pick_folder(const tu_ui *u, const char *title, const char *start_dir)
{
	uno_Interface *fp = uu_create(u->ctx, "com.sun.star.ui.dialogs.FolderPicker", NULL, NULL);
	rtl_uString *url = NULL;
	char *path = NULL;

	if (!fp)
		return NULL;
	if (start_dir)
		call_url(fp, UU_M_FOLDERPICKER_SETDISPLAYDIRECTORY, start_dir);
	if (execute(fp, title) && uu_call(fp, UU_M_FOLDERPICKER_GETDIRECTORY, &url, NULL, NULL) == 0) {
		path = url_to_path(url);
		rtl_uString_release(url);
	}
	uu_release(fp);
	return path;
}

/* A sequence<any> holding one short. */
static uno_Sequence *short_args(sal_Int16 v)
{
	uno_Sequence *seq = uu_seq_new(UU_SEQ_ANY, 1);

	if (seq)
		uu_any_set(uu_seq_elem(seq, UU_SEQ_ANY, 0), &v, UU_SHORT);
	return seq;
}

static void add_filter(uno_Interface *fp, const char *title, const char *pattern, int current)
{
	rtl_uString *t = uu_str(title), *p = uu_str(pattern);
	void *a[2] = { &t, &p };

	if (t && p) {
		uu_call(fp, UU_M_FILTERMANAGER_APPENDFILTER, NULL, a, NULL);
		if (current)
			uu_call(fp, UU_M_FILTERMANAGER_SETCURRENTFILTER, NULL, a, NULL);
	}
	if (t)
		rtl_uString_release(t);
	if (p)
		rtl_uString_release(p);
}

char *tu_ui_pick_file(const tu_ui *u, enum tu_pick what, const char *title,
                      const char *default_name, const char *start_dir)
{
	uno_Sequence *args = short_args(what == TU_PICK_DATA ? FILEOPEN_SIMPLE
	                                                     : FILESAVE_AUTOEXTENSION);
	uno_Interface *fp = NULL;
	uno_Sequence *files = NULL;
	char *path = NULL;

	if (!args)
		return NULL;
	fp = uu_create(u->ctx, "com.sun.star.ui.dialogs.FilePicker", args, NULL);
	uno_type_destructData(&args, uu_ref(UU_SEQ_ANY), NULL);
	if (!fp)
		return NULL;
	if (what == TU_PICK_DATA) {
		add_filter(fp, "Dữ liệu cụm thi đua / Cluster data", "*.ods;*.fods;*.xml", 1);
		add_filter(fp, "Tất cả / All files", "*", 0);
	} else {
		add_filter(fp, "Bảng tính ODF / ODF spreadsheet (.ods)", "*.ods", 1);
	}
	if (default_name)
		call_str(fp, UU_M_FILEPICKER_SETDEFAULTNAME, default_name);
	if (start_dir)
		call_url(fp, UU_M_FILEPICKER_SETDISPLAYDIRECTORY, start_dir);
	if (execute(fp, title) && uu_call(fp, UU_M_FILEPICKER_GETFILES, &files, NULL, NULL) == 0) {
		if (files->nElements > 0)
			path = url_to_path(UU_SEQ_AT(files, rtl_uString *)[0]);
		uno_type_destructData(&files, uu_ref(UU_SEQ_STRING), NULL);
	}
	uu_release(fp);
	return path;
}

/* The frame's window as a parent for message boxes, or NULL. Owned. */
static uno_Interface *parent_peer(const tu_ui *u)
{
	uno_Interface *win = NULL, *peer;

	if (!u->frame || uu_call(u->frame, UU_M_FRAME_GETCONTAINERWINDOW, &win, NULL, NULL) < 0)
		return NULL;
	peer = uu_query(win, UU_XWINDOWPEER);
	uu_release(win);
	return peer;
}

int tu_ui_message(const tu_ui *u, enum tu_box kind, const char *title, const char *text)
{
	uno_Interface *tk = NULL, *peer = NULL, *box = NULL;
	rtl_uString *t = NULL, *m = NULL;
	sal_Int32 type, buttons;
	sal_Int16 r = 0;
	void *a[5];

	if (u->quiet)
		return 0;
	type = kind == TU_BOX_ERROR ? MB_ERRORBOX : kind == TU_BOX_QUERY ? MB_QUERYBOX : MB_INFOBOX;
	buttons = kind == TU_BOX_QUERY ? MB_BUTTONS_YES_NO : MB_BUTTONS_OK;
	tk = uu_create(u->ctx, "com.sun.star.awt.Toolkit", NULL, NULL);
	t = uu_str(title);
	m = uu_str(text);
	if (!tk || !t || !m)
		goto cleanup;
	peer = parent_peer(u);
	a[0] = &peer;
	a[1] = &type;
	a[2] = &buttons;
	a[3] = &t;
	a[4] = &m;
	if (uu_call(tk, UU_M_MBFACTORY_CREATE, &box, a, NULL) < 0 || !box)
		goto cleanup;
	uu_call(box, UU_M_MESSAGEBOX_EXECUTE, &r, NULL, NULL);
	/* a message box is a window: dispose it */
	uu_call(box, UU_M_COMPONENT_DISPOSE, NULL, NULL, NULL);
cleanup:
	uu_release(box);
	uu_release(peer);
	uu_release(tk);
	if (t)
		rtl_uString_release(t);
	if (m)
		rtl_uString_release(m);
	return r == MB_RESULT_OK || r == MB_RESULT_YES;
}

/* A dialog from <extension>/dialogs/<name>, owned, or NULL. */
static uno_Interface *load_dialog(const tu_ui *u, const char *name)
{
	char *path = tu_ext_file("dialogs", name);
	uno_Interface *dp = NULL, *dlg = NULL;
	rtl_uString *url = NULL;
	void *a[1] = { &url };

	if (!path)
		return NULL;
	url = uu_path_url(path);
	dp = uu_create(u->ctx, "com.sun.star.awt.DialogProvider2", NULL, NULL);
	if (url && dp && uu_call(dp, UU_M_DIALOGPROVIDER_CREATE, &dlg, a, NULL) < 0)
		dlg = NULL;
	uu_release(dp);
	if (url)
		rtl_uString_release(url);
	free(path);
	return dlg;
}

/* The model of control name in dialog dlg, as an XPropertySet; owned. */
static uno_Interface *control_model(uno_Interface *dlg, const char *name)
{
	uno_Interface *ctl = NULL, *model = NULL, *props;
	rtl_uString *n = uu_str(name);
	void *a[1] = { &n };

	if (!n)
		return NULL;
	if (uu_call(dlg, UU_M_CONTROLCONTAINER_GETCONTROL, &ctl, a, NULL) < 0 || !ctl) {
		rtl_uString_release(n);
		return NULL;
	}
	rtl_uString_release(n);
	if (uu_call(ctl, UU_M_CONTROL_GETMODEL, &model, NULL, NULL) < 0)
		model = NULL;
	uu_release(ctl);
	props = uu_query(model, UU_XPROPERTYSET);
	uu_release(model);
	return props;
}

/* Set a property of a control's model to a string or a boolean. */
static void set_prop(uno_Interface *dlg, const char *control, const char *prop,
                     const char *text, int flag)
{
	uno_Interface *ps = control_model(dlg, control);
	rtl_uString *n = uu_str(prop), *v = text ? uu_str(text) : NULL;
	sal_Bool b = flag != 0;
	uno_Any any;
	void *a[2] = { &n, &any };

	uno_any_construct(&any, NULL, NULL, NULL);
	if (ps && n && (!text || v)) {
		if (text)
			uu_any_set(&any, &v, UU_STRING);
		else
			uu_any_set(&any, &b, UU_BOOLEAN);
		uu_call(ps, UU_M_PROPERTYSET_SETVALUE, NULL, a, NULL);
	}
	uno_any_destruct(&any, NULL);
	uu_release(ps);
	if (n)
		rtl_uString_release(n);
	if (v)
		rtl_uString_release(v);
}

static int run_dialog(uno_Interface *dlg)
{
	sal_Int16 r = 0;

	uu_call(dlg, UU_M_DIALOG_EXECUTE, &r, NULL, NULL);
	uu_call(dlg, UU_M_COMPONENT_DISPOSE, NULL, NULL, NULL);
	return r;
}

/* Every problem in both languages, as the command line prints them. */
static char *problems_text(const char *summary, const thidua_diags *diags)
{
	char *vi = NULL, *en = NULL, *out = NULL;
	size_t n;

	if (diags && thidua_diags_count(diags) > 0 &&
	    (thidua_diags_to_text(&vi, diags, THIDUA_LANG_VI) < 0 ||
	     thidua_diags_to_text(&en, diags, THIDUA_LANG_EN) < 0))
		goto cleanup;
	n = strlen(summary) + (vi ? strlen(vi) : 0) + (en ? strlen(en) : 0) + 64;
	out = malloc(n);
	if (!out)
		goto cleanup;
	if (vi && en)
		snprintf(out, n, "%s\n\n— Tiếng Việt —\n%s\n— English —\n%s", summary, vi, en);
	else
		snprintf(out, n, "%s", summary);
cleanup:
	free(vi);
	free(en);
	return out;
}

int tu_ui_problems(const tu_ui *u, const char *summary, const thidua_diags *diags,
                   int offer_provisional)
{
	uno_Interface *dlg;
	char *text;
	int r = 0;

	if (u->quiet)
		return 0;
	text = problems_text(summary, diags);
	if (!text)
		return 0;
	dlg = load_dialog(u, "problems.xdl");
	if (!dlg) {
		/* no dialog file (not an installed extension): a message box */
		tu_ui_message(u, TU_BOX_ERROR, "Thi đua", text);
		free(text);
		return 0;
	}
	set_prop(dlg, "Details", "Text", text, 0);
	set_prop(dlg, "Provisional", "EnableVisible", NULL, offer_provisional);
	r = run_dialog(dlg) == DIALOG_OK && offer_provisional;
	uu_release(dlg);
	free(text);
	return r;
}

void tu_ui_about(const tu_ui *u)
{
	uno_Interface *dlg;
	char version[64];

	if (u->quiet)
		return;
	dlg = load_dialog(u, "about.xdl");
	snprintf(version, sizeof version, "Phiên bản / Version %s", THIDUA_VERSION);
	if (!dlg) {
		tu_ui_message(u, TU_BOX_INFO, "Thi đua", version);
		return;
	}
	set_prop(dlg, "Version", "Label", version, 0);
	run_dialog(dlg);
	uu_release(dlg);
}

uno_Interface *tu_ui_progress(const tu_ui *u, const char *text, int range)
{
	uno_Interface *si = NULL;
	rtl_uString *t;
	sal_Int32 r = range;
	void *a[2];

	if (!u->frame || uu_call(u->frame, UU_M_SIFACTORY_CREATE, &si, NULL, NULL) < 0 || !si)
		return NULL;
	t = uu_str(text);
	if (t) {
		a[0] = &t;
		a[1] = &r;
		uu_call(si, UU_M_SI_START, NULL, a, NULL);
		rtl_uString_release(t);
	}
	return si;
}

void tu_ui_progress_set(uno_Interface *si, int value, const char *text)
{
	sal_Int32 v = value;
	void *a[1] = { &v };

	if (!si)
		return;
	if (text)
		call_str(si, UU_M_SI_SETTEXT, text);
	uu_call(si, UU_M_SI_SETVALUE, NULL, a, NULL);
}

void tu_ui_progress_end(uno_Interface *si)
{
	if (!si)
		return;
	uu_call(si, UU_M_SI_END, NULL, NULL, NULL);
	uu_release(si);
}

static int has_ext(const char *path, const char *ext)
{
	size_t n = strlen(path), e = strlen(ext);

	return n > e && strcasecmp(path + n - e, ext) == 0;
}

char *tu_ui_current_data(const tu_ui *u)
{
	uno_Interface *ctl = NULL, *model = NULL;
	rtl_uString *url = NULL;
	sal_Bool modified = 0;
	char *path = NULL;

	if (!u->frame || uu_call(u->frame, UU_M_FRAME_GETCONTROLLER, &ctl, NULL, NULL) < 0 || !ctl)
		return NULL;
	if (uu_call(ctl, UU_M_CONTROLLER_GETMODEL, &model, NULL, NULL) < 0 || !model)
		goto cleanup;
	if (uu_call(model, UU_M_MODEL_GETURL, &url, NULL, NULL) < 0)
		goto cleanup;
	path = url_to_path(url);
	if (path && !has_ext(path, ".ods") && !has_ext(path, ".fods") && !has_ext(path, ".xml")) {
		free(path);
		path = NULL;
	}
	if (path && uu_call(model, UU_M_MODIFIABLE_ISMODIFIED, &modified, NULL, NULL) == 0 &&
	    modified &&
	    tu_ui_message(u, TU_BOX_QUERY, "Thi đua",
	                  "Sổ dữ liệu có thay đổi chưa lưu. Lưu lại rồi tiếp tục?\n"
	                  "The workbook has unsaved changes. Save it and go on?"))
		uu_call(model, UU_M_STORABLE_STORE, NULL, NULL, NULL);
cleanup:
	if (url)
		rtl_uString_release(url);
	uu_release(model);
	uu_release(ctl);
	return path;
}

/* A sequence<PropertyValue> of n boolean properties (names[i] = flags[i])
 * and, when filter is not NULL, FilterName. Owned; NULL when out of memory. */
static uno_Sequence *props(const char *const *names, const int *flags, size_t n,
                           const char *filter)
{
	uno_Sequence *seq = uu_seq_new(UU_SEQ_PROPERTYVALUE, n + (filter ? 1 : 0));
	rtl_uString *f = NULL;
	sal_Bool b;
	void *el;
	size_t i;

	if (!seq)
		return NULL;
	for (i = 0; i < n; i++) {
		el = uu_seq_elem(seq, UU_SEQ_PROPERTYVALUE, i);
		b = flags[i] != 0;
		if (uu_set_str(uu_field(el, UU_PROPERTYVALUE, "Name"), names[i]) < 0)
			goto fail;
		uu_any_set(uu_field(el, UU_PROPERTYVALUE, "Value"), &b, UU_BOOLEAN);
	}
	if (filter) {
		el = uu_seq_elem(seq, UU_SEQ_PROPERTYVALUE, n);
		f = uu_str(filter);
		if (!f || uu_set_str(uu_field(el, UU_PROPERTYVALUE, "Name"), "FilterName") < 0)
			goto fail;
		uu_any_set(uu_field(el, UU_PROPERTYVALUE, "Value"), &f, UU_STRING);
		rtl_uString_release(f);
	}
	return seq;
fail:
	if (f)
		rtl_uString_release(f);
	uno_type_destructData(&seq, uu_ref(UU_SEQ_PROPERTYVALUE), NULL);
	return NULL;
}

int tu_ui_open(const tu_ui *u, const char *path, int as_template, uno_Interface **doc,
               char **err)
{
	static const char *const names[] = { "Hidden", "AsTemplate" };
	int flags[2] = { u->hidden, as_template };
	uno_Interface *desktop = NULL, *comp = NULL;
	rtl_uString *url = uu_path_url(path), *target = uu_str("_blank");
	uno_Sequence *args = props(names, flags, 2, NULL);
	sal_Int32 search = 0;
	void *a[4] = { &url, &target, &search, &args };
	int rc = -1;

	if (doc)
		*doc = NULL;
	if (err)
		*err = NULL;
	if (!url || !target || !args)
		goto cleanup;
	desktop = uu_create(u->ctx, "com.sun.star.frame.Desktop", NULL, err);
	if (!desktop)
		goto cleanup;
	if (uu_call(desktop, UU_M_LOADER_LOAD, &comp, a, err) < 0)
		goto cleanup;
	if (!comp)
		goto cleanup;
	rc = 0;
	if (doc)
		*doc = comp;
	else
		uu_release(comp);
cleanup:
	uu_release(desktop);
	if (args)
		uno_type_destructData(&args, uu_ref(UU_SEQ_PROPERTYVALUE), NULL);
	if (url)
		rtl_uString_release(url);
	if (target)
		rtl_uString_release(target);
	return rc;
}

int tu_ui_store_as(uno_Interface *doc, const char *path, int overwrite, char **err)
{
	static const char *const names[] = { "Overwrite" };
	int flags[1] = { overwrite };
	uno_Sequence *args = props(names, flags, 1, has_ext(path, ".fods")
	                           ? "OpenDocument Spreadsheet Flat XML" : "calc8");
	rtl_uString *url = uu_path_url(path);
	void *a[2] = { &url, &args };
	int rc = -1;

	if (err)
		*err = NULL;
	if (url && args)
		rc = uu_call(doc, UU_M_STORABLE_STOREASURL, NULL, a, err);
	if (args)
		uno_type_destructData(&args, uu_ref(UU_SEQ_PROPERTYVALUE), NULL);
	if (url)
		rtl_uString_release(url);
	return rc;
}

void tu_ui_close(uno_Interface *doc)
{
	if (!doc)
		return;
	uu_call(doc, UU_M_COMPONENT_DISPOSE, NULL, NULL, NULL);
	uu_release(doc);
}
