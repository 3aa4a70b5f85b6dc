/* problems.c - the problems dialog: the text (grouped by file, the place
 * first in words, the code last, in one language), and the dialog's handler
 * (XDialogEventHandler for its buttons, XWindowListener to lay it out again
 * when resized), the clipboard text (XTransferable). */
#include "uno/problems.h"
#include "uno/doc.h"
#include "uno/work.h"
#include "util/compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the text ---------------------------------------------------------- */

const char *tu_place_words(char *buf, size_t size, const char *where, thidua_lang lang)
{
	const char *bang = where ? strrchr(where, '!') : NULL, *paren;
	int en = lang == THIDUA_LANG_EN;

	if (!where || !*where) {
		snprintf(buf, size, "%s", "");
	} else if (bang) {
		snprintf(buf, size, en ? "sheet %.*s, cell %s" : "trang tính %.*s, ô %s",
		         (int)(bang - where), where, bang + 1);
	} else if (strncmp(where, "đoạn ", strlen("đoạn ")) == 0 ||
	           strncmp(where, "dòng ", strlen("dòng ")) == 0) {
		/* "đoạn 12 (paragraph 12)", "dòng 40" */
		paren = strstr(where, " (");
		if (en && paren)
			snprintf(buf, size, "%.*s", (int)strcspn(paren + 2, ")"), paren + 2);
		else if (en)
			snprintf(buf, size, "%s %s",
			         strncmp(where, "đoạn", strlen("đoạn")) == 0 ? "paragraph" : "line",
			         where + strcspn(where, " ") + 1);
		else
			snprintf(buf, size, "%.*s", paren ? (int)(paren - where) : (int)strlen(where), where);
	} else {
		snprintf(buf, size, "%s", where);
	}
	return buf;
}

/* UTF-16 units of UTF-8 text (4-byte sequences take two). */
static size_t utf16_len(const char *s, size_t n)
{
	size_t i, units = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c & 0xC0) != 0x80)
			units += c >= 0xF0 ? 2 : 1;
	}
	return units;
}

static const char *base_name(const char *path)
{
	const char *slash = td_last_sep(path);

	return slash ? slash + 1 : path;
}

/* 1 when a and b name the same file (both may be NULL). */
static int same_file(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* A growing text (open_memstream is not on Windows). */
typedef struct growtext {
	char *p;
	size_t len, cap;
	int oom;
} growtext;

static int text_grow(growtext *t, size_t more)
{
	size_t cap = t->cap ? t->cap : 256;
	char *p;

	while (cap < t->len + more)
		cap *= 2;
	if (!(p = realloc(t->p, cap)))
		return 0;
	t->p = p;
	t->cap = cap;
	return 1;
}

static void text_printf(growtext *t, const char *fmt, ...) __attribute__((format(TD_PRINTF_FMT, 2, 3)));
static void text_printf(growtext *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (t->len + (size_t)n + 1 > t->cap && !text_grow(t, (size_t)n + 1))) {
		t->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

char *tu_problems_text(int rc, const thidua_diags *diags, thidua_lang lang, size_t **starts)
{
	const thidua_error *e = thidua_error_last();
	size_t i, k, n = diags ? thidua_diags_count(diags) : 0, errors = 0, warnings = 0;
	const thidua_diag *d, *g;
	int en = lang == THIDUA_LANG_EN, seen;
	char place[512];
	growtext t = { NULL, 0, 0, 0 };

	if (starts && !(*starts = malloc((n ? n : 1) * sizeof **starts))) {
		return NULL;
	}
	for (i = 0; i < n; i++) {
		d = thidua_diags_get(diags, i);
		if (d->severity == THIDUA_SEV_ERROR)
			errors++;
		else
			warnings++;
		if (starts)
			(*starts)[i] = (size_t)-1;
	}
	if (e && e->message_vi && e->message_en)
		text_printf(&t, "%s\n", en ? e->message_en : e->message_vi);
	else if (rc < 0 && !errors)
		text_printf(&t, en ? "The operation failed (code %d).\n" : "Thao tác không thành công (mã %d).\n", rc);
	if (n)
		text_printf(&t, en ? "%zu error(s), %zu warning(s).\n" : "%zu lỗi, %zu cảnh báo.\n", errors,
		        warnings);
	/* grouped by file, files in the order they first appear */
	for (i = 0; i < n; i++) {
		g = thidua_diags_get(diags, i);
		for (seen = 0, k = 0; k < i && !seen; k++)
			seen = same_file(thidua_diags_get(diags, k)->file, g->file);
		if (seen)
			continue;
		if (g->file)
			text_printf(&t, en ? "\nFile %s (in %.*s)\n" : "\nTệp %s (trong thư mục %.*s)\n",
			        base_name(g->file), (int)(base_name(g->file) - g->file) > 1
			            ? (int)(base_name(g->file) - g->file) - 1 : 1, g->file);
		else
			text_printf(&t, en ? "\nGeneral\n" : "\nChung\n");
		for (k = i; k < n; k++) {
			d = thidua_diags_get(diags, k);
			if (!same_file(d->file, g->file))
				continue;
			if (starts)
				(*starts)[k] = utf16_len(t.p, t.len);
			tu_place_words(place, sizeof place, d->where, lang);
			text_printf(&t, "  • %s%s%s%s", place, *place ? " — " : "",
			        d->severity == THIDUA_SEV_WARNING ? (en ? "warning: " : "cảnh báo: ") : "",
			        en ? d->message_en : d->message_vi);
			if (d->tag)
				text_printf(&t, en ? " Tag: %s" : " Thẻ: %s", d->tag);
			text_printf(&t, " [%s]\n", d->code ? d->code : "");
		}
	}
	if (t.oom) {
		free(t.p);
		t.p = NULL;
	}
	if (!t.p && starts) {
		free(*starts);
		*starts = NULL;
	}
	return t.p;
}

/* ---- the clipboard's text (XTransferable) -------------------------------- */

typedef struct transfer {
	uu_object head;
	rtl_uString *text;
} transfer;

static const char *const transfer_names[] = { "vn.thidua.ProblemsText", NULL };
static const enum uu_type transfer_types[] = { UU_XTRANSFERABLE, UU_TYPE_COUNT };

static int flavor_is_text(void *flavor)
{
	rtl_uString *mime = *(rtl_uString **)uu_field(flavor, UU_DATAFLAVOR, "MimeType");

	return mime && mime->length >= 10 &&
	       rtl_ustr_ascii_shortenedCompare_WithLength(mime->buffer, mime->length,
	                                                  "text/plain", 10) == 0;
}

static int transfer_call(uu_object *obj, const char *member, void *ret, void **args,
                         uno_Any *slot)
{
	transfer *t = (transfer *)obj;
	uno_Sequence *seq;
	void *fl;

	(void)slot;
	if (strcmp(member, "com.sun.star.datatransfer.XTransferable::getTransferData") == 0) {
		if (flavor_is_text(args[0]))
			uno_type_any_construct(ret, &t->text, uu_ref(UU_STRING), NULL);
		else
			uno_any_construct(ret, NULL, NULL, NULL);
		return 0;
	}
	if (strcmp(member, "com.sun.star.datatransfer.XTransferable::getTransferDataFlavors") == 0) {
		seq = uu_seq_new(UU_SEQ_DATAFLAVOR, 1);
		if (!seq)
			return uu_raise(slot, UU_RUNTIMEEXCEPTION, "thidua: out of memory");
		fl = uu_seq_elem(seq, UU_SEQ_DATAFLAVOR, 0);
		uu_set_str(uu_field(fl, UU_DATAFLAVOR, "MimeType"), "text/plain;charset=utf-16");
		uu_set_str(uu_field(fl, UU_DATAFLAVOR, "HumanPresentableName"), "Unicode-Text");
		typelib_typedescriptionreference_assign(uu_field(fl, UU_DATAFLAVOR, "DataType"),
		                                        uu_ref(UU_STRING));
		*(uno_Sequence **)ret = seq;
		return 0;
	}
	if (strcmp(member, "com.sun.star.datatransfer.XTransferable::isDataFlavorSupported") == 0) {
		*(sal_Bool *)ret = flavor_is_text(args[0]) != 0;
		return 0;
	}
	return 1;
}

static void transfer_destroy(uu_object *obj)
{
	transfer *t = (transfer *)obj;

	rtl_uString_release(t->text);
	free(t);
}

static const uu_class transfer_class = {
	"vn.thidua.ProblemsText", transfer_names, transfer_types, transfer_destroy, transfer_call,
};

/* Put text on the system clipboard. */
static void copy_text(uno_Interface *ctx, const char *text)
{
	uno_Interface *cb = uu_create(ctx, "com.sun.star.datatransfer.clipboard.SystemClipboard",
	                              NULL, NULL), *owner = NULL;
	transfer *t = malloc(sizeof *t);
	void *a[2];

	if (!cb || !t || !(t->text = uu_str(text))) {
		free(t);
		uu_release(cb);
		return;
	}
	uu_object_init(&t->head, &transfer_class);
	a[0] = &t;
	a[1] = &owner;
	uu_call(cb, UU_M_CLIPBOARD_SETCONTENTS, NULL, a, NULL);
	uu_release(&t->head.iface);
	uu_release(cb);
}

/* ---- the dialog --------------------------------------------------------- */

/* Controls that move with the dialog's right or bottom edge. */
enum { C_INTRO, C_DETAILS, C_GOTO, C_COPY, C_LANG, C_HELP, C_PROVISIONAL, C_CLOSE, C_N };
static const char *const control_names[C_N] = {
	"Intro", "Details", "GoTo", "Copy", "Lang", "Help", "Provisional", "Close"
};

typedef struct rect {
	sal_Int32 x, y, w, h;
} rect;

typedef struct handler {
	uu_object head;
	const tu_ui *ui;               /* borrowed for the dialog's life */
	int rc;
	const thidua_diags *diags;     /* borrowed */
	thidua_lang lang;              /* shown now */
	int provisional;
	char *text;                    /* shown now */
	size_t *starts;                /* problem offsets in text */
	uno_Interface *dlg;            /* borrowed while it runs */
	rect dlg0, ctl0[C_N];          /* first layout, in pixels */
	int laid_out;
	long go_to;                    /* the problem to go to after the dialog, or -1 */
} handler;

static const char *const handler_names[] = { "vn.thidua.ProblemsHandler", NULL };
static const enum uu_type handler_types[] = {
	UU_XDIALOGEVENTHANDLER, UU_XWINDOWLISTENER, UU_XEVENTLISTENER, UU_TYPE_COUNT
};
static const char *const methods[] = { "goToCell", "copyAll", "switchLanguage", "help" };

/* The window of a control of the dialog (owned), or NULL. */
static uno_Interface *control_window(uno_Interface *dlg, const char *name)
{
	uno_Interface *ctl = NULL, *win;
	rtl_uString *n = uu_str(name);
	void *a[1] = { &n };

	if (!n)
		return NULL;
	if (uu_call(dlg, UU_M_CONTROLCONTAINER_GETCONTROL, &ctl, a, NULL) < 0)
		ctl = NULL;
	rtl_uString_release(n);
	win = uu_query(ctl, UU_XWINDOW);
	uu_release(ctl);
	return win;
}

static int get_rect(uno_Interface *win, rect *r)
{
	void *mem = uu_struct_new(UU_RECTANGLE);
	int rc = -1;

	if (mem && win && uu_call(win, UU_M_WINDOW_GETPOSSIZE, mem, NULL, NULL) == 0) {
		r->x = *(sal_Int32 *)uu_field(mem, UU_RECTANGLE, "X");
		r->y = *(sal_Int32 *)uu_field(mem, UU_RECTANGLE, "Y");
		r->w = *(sal_Int32 *)uu_field(mem, UU_RECTANGLE, "Width");
		r->h = *(sal_Int32 *)uu_field(mem, UU_RECTANGLE, "Height");
		rc = 0;
	}
	uu_struct_free(mem, UU_RECTANGLE);
	return rc;
}

static void set_rect(uno_Interface *win, rect r)
{
	sal_Int16 flags = 15; /* PosSize.POSSIZE */
	void *a[5] = { &r.x, &r.y, &r.w, &r.h, &flags };

	uu_call(win, UU_M_WINDOW_SETPOSSIZE, NULL, a, NULL);
}

/* Remember the first layout (pixels), to move controls by how much the
 * dialog grew. */
static void first_layout(handler *h)
{
	uno_Interface *win = uu_query(h->dlg, UU_XWINDOW), *c;
	int i;

	h->laid_out = win && get_rect(win, &h->dlg0) == 0;
	for (i = 0; i < C_N && h->laid_out; i++) {
		c = control_window(h->dlg, control_names[i]);
		if (!c || get_rect(c, &h->ctl0[i]) < 0)
			h->laid_out = 0;
		uu_release(c);
	}
	uu_release(win);
}

/* The dialog is w x h pixels now: the text grows with it, the buttons
 * follow the bottom edge, the provisional and close buttons the right. */
static void relayout(handler *h, sal_Int32 w, sal_Int32 hh)
{
	sal_Int32 dw = w - h->dlg0.w, dh = hh - h->dlg0.h;
	uno_Interface *c;
	rect r;
	int i;

	if (!h->laid_out || !h->dlg)
		return;
	if (dw < 0)
		dw = 0;
	if (dh < 0)
		dh = 0;
	for (i = 0; i < C_N; i++) {
		r = h->ctl0[i];
		if (i == C_INTRO) {
			r.w += dw;
		} else if (i == C_DETAILS) {
			r.w += dw;
			r.h += dh;
		} else {
			r.y += dh;
			if (i == C_PROVISIONAL || i == C_CLOSE)
				r.x += dw;
		}
		c = control_window(h->dlg, control_names[i]);
		if (c)
			set_rect(c, r);
		uu_release(c);
	}
}

/* Set a string or boolean property of a control's model. */
static void set_model(uno_Interface *dlg, const char *control, const char *prop, const char *text,
                      int flag)
{
	uno_Interface *ctl = NULL, *model = NULL, *ps;
	rtl_uString *n = uu_str(control), *p = uu_str(prop), *v = text ? uu_str(text) : NULL;
	sal_Bool b = flag != 0;
	uno_Any any;
	void *a[2] = { &p, &any };
	void *g[1] = { &n };

	uno_any_construct(&any, NULL, NULL, NULL);
	if (n && p && (!text || v) && uu_call(dlg, UU_M_CONTROLCONTAINER_GETCONTROL, &ctl, g, NULL) == 0 &&
	    ctl && uu_call(ctl, UU_M_CONTROL_GETMODEL, &model, NULL, NULL) == 0 &&
	    (ps = uu_query(model, UU_XPROPERTYSET)) != NULL) {
		if (text)
			uu_any_set(&any, &v, UU_STRING);
		else
			uu_any_set(&any, &b, UU_BOOLEAN);
		uu_call(ps, UU_M_PROPERTYSET_SETVALUE, NULL, a, NULL);
		uu_release(ps);
	}
	uno_any_destruct(&any, NULL);
	uu_release(model);
	uu_release(ctl);
	if (n)
		rtl_uString_release(n);
	if (p)
		rtl_uString_release(p);
	if (v)
		rtl_uString_release(v);
}

/* Fill the dialog in h->lang. */
static void fill(handler *h)
{
	int en = h->lang == THIDUA_LANG_EN;
	char *text;
	size_t *starts = NULL;

	text = tu_problems_text(h->rc, h->diags, h->lang, &starts);
	if (text) {
		free(h->text);
		free(h->starts);
		h->text = text;
		h->starts = starts;
	}
	set_model(h->dlg, "Details", "Text", h->text ? h->text : "", 0);
	set_model(h->dlg, "Intro", "Label",
	          en ? "It could not be done because of these problems. Put the cursor on a problem "
	               "and press “Go to cell” to select its cell."
	             : "Chưa làm được vì các vấn đề dưới đây. Đặt con trỏ vào một vấn đề rồi bấm "
	               "“Đi tới ô” để chọn ô đó.", 0);
	set_model(h->dlg, "GoTo", "Label", en ? "Go to cell" : "Đi tới ô", 0);
	set_model(h->dlg, "Copy", "Label", en ? "Copy all" : "Sao chép tất cả", 0);
	set_model(h->dlg, "Lang", "Label", en ? "Tiếng Việt" : "English", 0);
	set_model(h->dlg, "Help", "Label", en ? "Help" : "Hướng dẫn", 0);
	set_model(h->dlg, "Provisional", "Label",
	          en ? "Tally anyway (provisional)" : "Vẫn tổng hợp (tạm tính)", 0);
	set_model(h->dlg, "Close", "Label", en ? "Close" : "Đóng", 0);
}

/* The problem under the cursor of the text: the last one starting at or
 * before it. -1 when none. */
static long problem_at_cursor(handler *h)
{
	uno_Interface *win = control_window(h->dlg, "Details"), *tc;
	void *sel = uu_struct_new(UU_SELECTION);
	size_t i, n = h->diags ? thidua_diags_count(h->diags) : 0, pos = 0, best = 0;
	long found = -1;

	tc = uu_query(win, UU_XTEXTCOMPONENT);
	if (tc && sel && uu_call(tc, UU_M_TEXTCOMPONENT_GETSELECTION, sel, NULL, NULL) == 0)
		pos = (size_t)*(sal_Int32 *)uu_field(sel, UU_SELECTION, "Min");
	for (i = 0; h->starts && i < n; i++)
		if (h->starts[i] != (size_t)-1 && h->starts[i] <= pos && h->starts[i] >= best) {
			best = h->starts[i];
			found = (long)i;
		}
	uu_struct_free(sel, UU_SELECTION);
	uu_release(tc);
	uu_release(win);
	return found;
}

static int handle(handler *h, rtl_uString *method)
{
	const thidua_diag *d;
	char *guide, *err = NULL;
	long k;

	if (uu_str_eq(method, "goToCell")) {
		k = problem_at_cursor(h);
		d = k >= 0 ? thidua_diags_get(h->diags, (size_t)k) : NULL;
		if (d && d->file && d->where && strchr(d->where, '!')) {
			h->go_to = k;
			uu_call(h->dlg, UU_M_DIALOG_ENDEXECUTE, NULL, NULL, NULL);
		}
		return 1;
	}
	if (uu_str_eq(method, "copyAll")) {
		if (h->text)
			copy_text(h->ui->ctx, h->text);
		return 1;
	}
	if (uu_str_eq(method, "switchLanguage")) {
		h->lang = h->lang == THIDUA_LANG_EN ? THIDUA_LANG_VI : THIDUA_LANG_EN;
		fill(h);
		return 1;
	}
	if (uu_str_eq(method, "help")) {
		guide = tu_help_path(h->lang);
		if (guide)
			tu_open_guide(h->ui, guide, &err);
		free(guide);
		free(err);
		return 1;
	}
	return 0;
}

static int handler_call(uu_object *obj, const char *member, void *ret, void **args,
                        uno_Any *slot)
{
	handler *h = (handler *)obj;
	void *ev;

	(void)slot;
	if (strcmp(member, "com.sun.star.awt.XDialogEventHandler::callHandlerMethod") == 0) {
		*(sal_Bool *)ret = handle(h, *(rtl_uString **)args[2]) != 0;
		return 0;
	}
	if (strcmp(member, "com.sun.star.awt.XDialogEventHandler::getSupportedMethodNames") == 0) {
		uno_Sequence *seq = uu_seq_strings(methods, sizeof methods / sizeof methods[0]);

		if (!seq)
			return uu_raise(slot, UU_RUNTIMEEXCEPTION, "thidua: out of memory");
		*(uno_Sequence **)ret = seq;
		return 0;
	}
	if (strcmp(member, "com.sun.star.awt.XWindowListener::windowResized") == 0) {
		ev = args[0];
		relayout(h, *(sal_Int32 *)uu_field(ev, UU_WINDOWEVENT, "Width"),
		         *(sal_Int32 *)uu_field(ev, UU_WINDOWEVENT, "Height"));
		return 0;
	}
	if (strncmp(member, "com.sun.star.awt.XWindowListener::", 34) == 0 ||
	    strcmp(member, "com.sun.star.lang.XEventListener::disposing") == 0)
		return 0;
	return 1;
}

static void handler_destroy(uu_object *obj)
{
	handler *h = (handler *)obj;

	free(h->text);
	free(h->starts);
	free(h);
}

static const uu_class handler_class = {
	"vn.thidua.ProblemsHandler", handler_names, handler_types, handler_destroy, handler_call,
};

int tu_problems(const tu_ui *u, int rc, const thidua_diags *diags, int offer_provisional)
{
	handler *h;
	uno_Interface *dlg, *win, *self;
	sal_Int16 r = 0;
	char *text, *err = NULL;
	const thidua_diag *d;
	void *a[1];

	text = tu_problems_text(rc, diags, u->lang, NULL);
	tu_ui_note(u, "PROBLEMS", text);
	if (u->quiet || u->answer != TU_SHOW || !text) {
		free(text);
		return 0;
	}
	h = calloc(1, sizeof *h);
	if (!h) {
		free(text);
		return 0;
	}
	uu_object_init(&h->head, &handler_class);
	self = &h->head.iface;
	h->ui = u;
	h->rc = rc;
	h->diags = diags;
	h->lang = u->lang;
	h->provisional = offer_provisional;
	h->go_to = -1;
	dlg = tu_ui_dialog(h->ui, "problems.xdl", &h->head.iface);
	if (!dlg) {
		/* no dialog file (not an installed extension): a message box */
		tu_ui_message(u, TU_BOX_ERROR, text);
		free(text);
		uu_release(self);
		return 0;
	}
	free(text);
	h->dlg = dlg;
	fill(h);
	set_model(dlg, "Provisional", "EnableVisible", NULL, offer_provisional);
	tu_ui_center(u, dlg);
	first_layout(h);
	win = uu_query(dlg, UU_XWINDOW);
	a[0] = &self;
	if (win)
		uu_call(win, UU_M_WINDOW_ADDLISTENER, NULL, a, NULL);
	uu_call(dlg, UU_M_DIALOG_EXECUTE, &r, NULL, NULL);
	h->dlg = NULL;
	uu_call(dlg, UU_M_COMPONENT_DISPOSE, NULL, NULL, NULL);
	uu_release(win);
	uu_release(dlg);
	if (h->go_to >= 0) {
		d = thidua_diags_get(diags, (size_t)h->go_to);
		if (tu_goto_cell(u, d->file, d->where, &err) < 0)
			tu_ui_message(u, TU_BOX_ERROR, err ? err : d->where);
		free(err);
		r = 0;
	}
	uu_release(self);
	return r == 1 && offer_provisional;
}
