/* ui.c - what the menu commands show: folder and file pickers, message
 * boxes, the problems and about dialogs (from .xdl files through
 * com.sun.star.awt.DialogProvider2), progress through XStatusIndicator, and
 * documents opened through the Desktop's XComponentLoader. */
#include "uno/ui.h"
#include "uno/work.h"
#include "util/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* com.sun.star.ui.dialogs and com.sun.star.awt constants */
enum { DIALOG_OK = 1, FILEOPEN_SIMPLE = 0, FILESAVE_AUTOEXTENSION = 10 };
enum { MB_INFOBOX = 1, MB_ERRORBOX = 3, MB_QUERYBOX = 4 };
enum {
	MB_BUTTONS_OK = 1, MB_BUTTONS_YES_NO = 3, MB_BUTTONS_YES_NO_CANCEL = 4,
	MB_DEFAULT_CANCEL = 0x20000, MB_DEFAULT_YES = 0x40000, MB_DEFAULT_NO = 0x50000,
	MB_RESULT_CANCEL = 0, MB_RESULT_OK = 1, MB_RESULT_YES = 2, MB_RESULT_NO = 3
};

void tu_ui_note(const tu_ui *u, const char *kind, const char *text)
{
	FILE *f;

	if (!u->transcript || !(f = td_fopen(u->transcript, "a")))
		return;
	fprintf(f, "%s: %s\n", kind, text ? text : "");
	fclose(f);
}

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

/* Note a picker in the transcript, with where it started and what came of it. */
static void note_pick(const tu_ui *u, const char *kind, const char *title, const char *start,
                      const char *picked)
{
	char line[2048];

	snprintf(line, sizeof line, "%s | start: %s | -> %s", title, start ? start : "-",
	         picked ? picked : "(cancelled)");
	tu_ui_note(u, kind, line);
}

char *tu_ui_pick_folder(const tu_ui *u, const char *title, const char *start_dir)
{
	uno_Interface *fp;
	rtl_uString *url = NULL;
	char *path = NULL;

	if (u->answer != TU_SHOW) {
		path = u->answer == TU_AS_ENTER && start_dir ? strdup(start_dir) : NULL;
		note_pick(u, "FOLDER", title, start_dir, path);
		return path;
	}
	fp = uu_create(u->ctx, "com.sun.star.ui.dialogs.FolderPicker", NULL, NULL);
	if (!fp)
		return NULL;
	if (start_dir)
		call_url(fp, UU_M_FOLDERPICKER_SETDISPLAYDIRECTORY, start_dir);
	if (execute(fp, title) && uu_call(fp, UU_M_FOLDERPICKER_GETDIRECTORY, &url, NULL, NULL) == 0) {
		path = url_to_path(url);
		rtl_uString_release(url);
	}
	uu_release(fp);
	note_pick(u, "FOLDER", title, start_dir, path);
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
	size_t n;

	if (u->answer != TU_SHOW) {
		if (args)
			uno_type_destructData(&args, uu_ref(UU_SEQ_ANY), NULL);
		if (u->answer == TU_AS_ENTER && start_dir && default_name) {
			n = strlen(start_dir) + strlen(default_name) + 2;
			if ((path = malloc(n)) != NULL)
				snprintf(path, n, "%s/%s", start_dir, default_name);
		}
		note_pick(u, "FILE", title, start_dir, path);
		return path;
	}
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
	note_pick(u, "FILE", title, start_dir, path);
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

/* A message box; the button the user pressed (MB_RESULT_*). */
static int box(const tu_ui *u, sal_Int32 type, sal_Int32 buttons, const char *text)
{
	uno_Interface *tk = NULL, *peer = NULL, *b = NULL;
	rtl_uString *t = NULL, *m = NULL;
	sal_Int16 r = MB_RESULT_CANCEL;
	void *a[5];

	tk = uu_create(u->ctx, "com.sun.star.awt.Toolkit", NULL, NULL);
	t = uu_str("Thi đua");
	m = uu_str(text);
	if (!tk || !t || !m)
		goto cleanup;
	peer = parent_peer(u);
	a[0] = &peer;
	a[1] = &type;
	a[2] = &buttons;
	a[3] = &t;
	a[4] = &m;
	if (uu_call(tk, UU_M_MBFACTORY_CREATE, &b, a, NULL) < 0 || !b)
		goto cleanup;
	uu_call(b, UU_M_MESSAGEBOX_EXECUTE, &r, NULL, NULL);
	/* a message box is a window: dispose it */
	uu_call(b, UU_M_COMPONENT_DISPOSE, NULL, NULL, NULL);
cleanup:
	uu_release(b);
	uu_release(peer);
	uu_release(tk);
	if (t)
		rtl_uString_release(t);
	if (m)
		rtl_uString_release(m);
	return r;
}

void tu_ui_message(const tu_ui *u, enum tu_box kind, const char *text)
{
	tu_ui_note(u, kind == TU_BOX_ERROR ? "ERROR" : "INFO", text);
	if (u->quiet || u->answer != TU_SHOW)
		return;
	box(u, kind == TU_BOX_ERROR ? MB_ERRORBOX : MB_INFOBOX, MB_BUTTONS_OK, text);
}

static const char *reply_word(const tu_ui *u, enum tu_reply r)
{
	return r == TU_YES ? TU_T(u, "Có", "Yes") : r == TU_NO ? TU_T(u, "Không", "No")
	                                                       : TU_T(u, "Thôi", "Cancel");
}

enum tu_reply tu_ui_ask(const tu_ui *u, const char *text, enum tu_buttons buttons,
                        enum tu_reply dflt)
{
	sal_Int32 b = buttons == TU_YES_NO_CANCEL ? MB_BUTTONS_YES_NO_CANCEL : MB_BUTTONS_YES_NO;
	enum tu_reply r = TU_CANCEL;
	char line[4096];
	int res;

	if (dflt == TU_CANCEL && buttons == TU_YES_NO)
		dflt = TU_NO;
	b |= dflt == TU_YES ? MB_DEFAULT_YES : dflt == TU_NO ? MB_DEFAULT_NO : MB_DEFAULT_CANCEL;
	if (!u->quiet && u->answer == TU_AS_ENTER) {
		r = dflt;
	} else if (!u->quiet && u->answer == TU_SHOW) {
		res = box(u, MB_QUERYBOX, b, text);
		r = res == MB_RESULT_YES ? TU_YES : res == MB_RESULT_NO ? TU_NO : TU_CANCEL;
	}
	snprintf(line, sizeof line, "[%s/%s%s%s; Enter: %s] %s -> %s", reply_word(u, TU_YES),
	         reply_word(u, TU_NO), buttons == TU_YES_NO_CANCEL ? "/" : "",
	         buttons == TU_YES_NO_CANCEL ? reply_word(u, TU_CANCEL) : "",
	         reply_word(u, dflt), text, reply_word(u, r));
	tu_ui_note(u, "ASK", line);
	return r;
}

static uno_Interface *control_model(uno_Interface *dlg, const char *name);

/* A window's position and size in pixels; 0, or -1. */
static int pos_size(uno_Interface *win, sal_Int32 r[4])
{
	static const char *const f[4] = { "X", "Y", "Width", "Height" };
	void *mem = uu_struct_new(UU_RECTANGLE);
	int rc = -1, i;

	if (mem && win && uu_call(win, UU_M_WINDOW_GETPOSSIZE, mem, NULL, NULL) == 0) {
		for (i = 0; i < 4; i++)
			r[i] = *(sal_Int32 *)uu_field(mem, UU_RECTANGLE, f[i]);
		rc = 0;
	}
	uu_struct_free(mem, UU_RECTANGLE);
	return rc;
}

void tu_ui_center(const tu_ui *u, uno_Interface *dlg)
{
	uno_Interface *win = uu_query(dlg, UU_XWINDOW), *parent = NULL;
	sal_Int32 d[4], pw[4], x, y, w, h;
	sal_Int16 flags = 3; /* PosSize.POS */
	void *a[5] = { &x, &y, &w, &h, &flags };

	if (u->frame && uu_call(u->frame, UU_M_FRAME_GETCONTAINERWINDOW, &parent, NULL, NULL) < 0)
		parent = NULL;
	if (win && parent && pos_size(win, d) == 0 && pos_size(parent, pw) == 0 && pw[2] > d[2] &&
	    pw[3] > d[3]) {
		x = (pw[2] - d[2]) / 2;
		y = (pw[3] - d[3]) / 3;
		w = d[2];
		h = d[3];
		uu_call(win, UU_M_WINDOW_SETPOSSIZE, NULL, a, NULL);
	}
	uu_release(parent);
	uu_release(win);
}

uno_Interface *tu_ui_dialog(const tu_ui *u, const char *name, uno_Interface *handler)
{
	char *path = tu_ext_file("dialogs", name);
	uno_Interface *dp = NULL, *dlg = NULL;
	rtl_uString *url = NULL;
	void *a[2] = { &url, &handler };

	if (!path)
		return NULL;
	url = uu_path_url(path);
	dp = uu_create(u->ctx, "com.sun.star.awt.DialogProvider2", NULL, NULL);
	/* without a handler, the plain createDialog */
	if (url && dp &&
	    uu_call(dp, handler ? UU_M_DIALOGPROVIDER2_CREATE_HANDLER : UU_M_DIALOGPROVIDER_CREATE,
	            &dlg, a, NULL) < 0)
		dlg = NULL;
	uu_release(dp);
	if (url)
		rtl_uString_release(url);
	free(path);
	return dlg;
}

void tu_ui_set(uno_Interface *dlg, const char *control, const char *prop, void *value,
               enum uu_type t)
{
	uno_Interface *ps = control ? control_model(dlg, control) : NULL;
	rtl_uString *n = uu_str(prop);
	uno_Any any;
	void *a[2] = { &n, &any };

	uno_any_construct(&any, NULL, NULL, NULL);
	if (ps && n) {
		uu_any_set(&any, value, t);
		uu_call(ps, UU_M_PROPERTYSET_SETVALUE, NULL, a, NULL);
	}
	uno_any_destruct(&any, NULL);
	uu_release(ps);
	if (n)
		rtl_uString_release(n);
}

void tu_ui_set_text(uno_Interface *dlg, const char *control, const char *prop, const char *text)
{
	rtl_uString *v = uu_str(text);

	if (v) {
		tu_ui_set(dlg, control, prop, &v, UU_STRING);
		rtl_uString_release(v);
	}
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

void tu_ui_about(const tu_ui *u)
{
	uno_Interface *dlg;
	char version[64];

	if (u->quiet)
		return;
	dlg = tu_ui_dialog(u, "about.xdl", NULL);
	snprintf(version, sizeof version, "Phiên bản / Version %s", THIDUA_VERSION);
	if (!dlg) {
		tu_ui_message(u, TU_BOX_INFO, version);
		return;
	}
	set_prop(dlg, "Version", "Label", version, 0);
	tu_ui_center(u, dlg);
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

/* The base name of a path (borrowed from it). */
static const char *base_name(const char *path)
{
	const char *slash = td_last_sep(path);

	return slash ? slash + 1 : path;
}

int tu_ui_current_data(const tu_ui *u, char **out)
{
	uno_Interface *ctl = NULL, *model = NULL;
	rtl_uString *url = NULL;
	char *path = NULL, q[2048];
	enum tu_reply r;
	int rc = 0;

	*out = NULL;
	if (!u->frame || uu_call(u->frame, UU_M_FRAME_GETCONTROLLER, &ctl, NULL, NULL) < 0 || !ctl)
		return 0;
	if (uu_call(ctl, UU_M_CONTROLLER_GETMODEL, &model, NULL, NULL) < 0 || !model)
		goto cleanup;
	if (uu_call(model, UU_M_MODEL_GETURL, &url, NULL, NULL) < 0)
		goto cleanup;
	path = url_to_path(url);
	if (path && !has_ext(path, ".ods") && !has_ext(path, ".fods") && !has_ext(path, ".xml")) {
		free(path);
		path = NULL;
	}
	if (path && tu_ui_is_modified(model)) {
		/* Enter saves: the documents are then made from what she sees */
		snprintf(q, sizeof q, TU_T(u,
		         "Sổ dữ liệu “%s” có thay đổi chưa lưu.\n\n"
		         "Có: lưu lại rồi làm từ sổ đã lưu.\n"
		         "Không: làm từ bản đã lưu trước đó, bỏ qua các thay đổi chưa lưu.\n"
		         "Thôi: không làm gì.",
		         "The workbook “%s” has unsaved changes.\n\n"
		         "Yes: save it, then work from the saved workbook.\n"
		         "No: work from the copy saved before, leaving out the unsaved changes.\n"
		         "Cancel: do nothing."), base_name(path));
		r = tu_ui_ask(u, q, TU_YES_NO_CANCEL, TU_YES);
		if (r == TU_CANCEL) {
			free(path);
			path = NULL;
			rc = -1;
		} else if (r == TU_YES) {
			uu_call(model, UU_M_STORABLE_STORE, NULL, NULL, NULL);
		}
	}
	*out = path;
cleanup:
	if (url)
		rtl_uString_release(url);
	uu_release(model);
	uu_release(ctl);
	return rc;
}

int tu_ui_is_modified(uno_Interface *model)
{
	sal_Bool modified = 0;

	return uu_call(model, UU_M_MODIFIABLE_ISMODIFIED, &modified, NULL, NULL) == 0 && modified;
}

uno_Interface *tu_ui_find_open(const tu_ui *u, const char *path)
{
	uno_Interface *desktop, *comps = NULL, *en = NULL, *found = NULL, *model;
	rtl_uString *want = uu_path_url(path), *url;
	sal_Bool more = 0;
	uno_Any el;

	desktop = uu_create(u->ctx, "com.sun.star.frame.Desktop", NULL, NULL);
	if (!desktop || !want ||
	    uu_call(desktop, UU_M_DESKTOP_GETCOMPONENTS, &comps, NULL, NULL) < 0 || !comps ||
	    uu_call(comps, UU_M_ENUMACCESS_CREATE, &en, NULL, NULL) < 0 || !en)
		goto cleanup;
	while (!found && uu_call(en, UU_M_ENUM_HASMORE, &more, NULL, NULL) == 0 && more) {
		if (uu_call(en, UU_M_ENUM_NEXT, &el, NULL, NULL) < 0)
			break;
		model = uu_query(uu_any_iface(&el), UU_XMODEL);
		uno_any_destruct(&el, NULL);
		url = NULL;
		if (model && uu_call(model, UU_M_MODEL_GETURL, &url, NULL, NULL) == 0 && url &&
		    rtl_ustr_compare_WithLength(url->buffer, url->length, want->buffer,
		                                want->length) == 0)
			found = model;
		else
			uu_release(model);
		if (url)
			rtl_uString_release(url);
	}
cleanup:
	uu_release(en);
	uu_release(comps);
	uu_release(desktop);
	if (want)
		rtl_uString_release(want);
	return found;
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

/* Load path into loader (the Desktop, or a frame for "_self"). */
static int load(const tu_ui *u, uno_Interface *loader, const char *target_name, const char *path,
                int as_template, uno_Interface **doc, char **err)
{
	static const char *const names[] = { "Hidden", "AsTemplate" };
	int flags[2] = { u->hidden, as_template };
	uno_Interface *comp = NULL;
	rtl_uString *url = uu_path_url(path), *target = uu_str(target_name);
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
	if (uu_call(loader, UU_M_LOADER_LOAD, &comp, a, err) < 0)
		goto cleanup;
	if (!comp)
		goto cleanup;
	rc = 0;
	if (doc)
		*doc = comp;
	else
		uu_release(comp);
cleanup:
	if (args)
		uno_type_destructData(&args, uu_ref(UU_SEQ_PROPERTYVALUE), NULL);
	if (url)
		rtl_uString_release(url);
	if (target)
		rtl_uString_release(target);
	return rc;
}

int tu_ui_open(const tu_ui *u, const char *path, int as_template, uno_Interface **doc,
               char **err)
{
	uno_Interface *desktop = uu_create(u->ctx, "com.sun.star.frame.Desktop", NULL, err);
	int rc;

	if (doc)
		*doc = NULL;
	if (!desktop)
		return -1;
	rc = load(u, desktop, "_blank", path, as_template, doc, err);
	uu_release(desktop);
	return rc;
}

/* The frame showing model (owned), or NULL. */
static uno_Interface *frame_of(uno_Interface *model)
{
	uno_Interface *ctl = NULL, *frame = NULL;

	if (uu_call(model, UU_M_MODEL_GETCURRENTCONTROLLER, &ctl, NULL, NULL) < 0 || !ctl)
		return NULL;
	if (uu_call(ctl, UU_M_CONTROLLER_GETFRAME, &frame, NULL, NULL) < 0)
		frame = NULL;
	uu_release(ctl);
	return frame;
}

/* Bring a frame's window to the front. */
static void to_front(uno_Interface *frame)
{
	uno_Interface *win = NULL, *top;

	uu_call(frame, UU_M_FRAME_ACTIVATE, NULL, NULL, NULL);
	if (uu_call(frame, UU_M_FRAME_GETCONTAINERWINDOW, &win, NULL, NULL) < 0 || !win)
		return;
	top = uu_query(win, UU_XTOPWINDOW);
	if (top)
		uu_call(top, UU_M_TOPWINDOW_TOFRONT, NULL, NULL, NULL);
	uu_release(top);
	uu_release(win);
}

int tu_ui_show(const tu_ui *u, const char *path, char **err)
{
	uno_Interface *model = tu_ui_find_open(u, path), *frame;
	sal_Bool no = 0;
	void *a[1] = { &no };
	int rc;

	if (err)
		*err = NULL;
	if (!model)
		return tu_ui_open(u, path, 0, NULL, err);
	/* the file under it was replaced: load it again into the same window,
	   without the save question of a modified document (she was asked) */
	frame = frame_of(model);
	uu_call(model, UU_M_MODIFIABLE_SETMODIFIED, NULL, a, NULL);
	uu_release(model);
	if (!frame)
		return tu_ui_open(u, path, 0, NULL, err);
	rc = load(u, frame, "_self", path, 0, NULL, err);
	if (rc == 0)
		to_front(frame);
	uu_release(frame);
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
	sal_Bool deliver = 1;
	void *a[1] = { &deliver };

	if (!doc)
		return;
	/* close, as its window does: disposing the model under a live view
	   leaves the office timers with a dead window */
	if (uu_call(doc, UU_M_CLOSEABLE_CLOSE, NULL, a, NULL) < 0)
		uu_call(doc, UU_M_COMPONENT_DISPOSE, NULL, NULL, NULL);
	uu_release(doc);
}
