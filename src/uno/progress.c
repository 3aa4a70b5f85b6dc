/* progress.c - the progress dialog of the long commands
 * (dialogs/progress.xdl): shown without blocking at the first step, its bar
 * and step label moved at each one, and its handler (XDialogEventHandler
 * for the Hủy / Cancel button, XTopWindowListener for the close box and
 * Escape) raising a flag the command's progress callback returns. The
 * command runs on the thread that dispatched it (the office's main thread
 * from the menu), so every step lets the office handle its pending events
 * through the toolkit's XReschedule; that is when a click is seen. Without
 * the dialog the frame's status bar shows the steps. */
#include "uno/progress.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the dialog's handler ---------------------------------------------- */

enum { NOT_CANCELLED = 0, BY_BUTTON = 1, BY_CLOSE_BOX = 2 };

/* Called on the office's main thread while the command may run on another
 * (a macro's): the flag is atomic. It holds nothing of the command, since
 * the dialog may release it after the command has ended. */
typedef struct handler {
	uu_object head;
	atomic_int cancelled;
} handler;

static const char *const handler_names[] = { "vn.thidua.ProgressHandler", NULL };
static const enum uu_type handler_types[] = {
	UU_XDIALOGEVENTHANDLER, UU_XTOPWINDOWLISTENER, UU_XEVENTLISTENER, UU_TYPE_COUNT
};
static const char *const handler_methods[] = { "cancel" };

static int handler_call(uu_object *obj, const char *member, void *ret, void **args,
                        uno_Any *slot)
{
	handler *h = (handler *)obj;
	uno_Sequence *seq;
	int none = NOT_CANCELLED;

	if (strcmp(member, "com.sun.star.awt.XDialogEventHandler::callHandlerMethod") == 0) {
		*(sal_Bool *)ret = uu_str_eq(*(rtl_uString **)args[2], "cancel");
		if (*(sal_Bool *)ret)
			atomic_compare_exchange_strong(&h->cancelled, &none, BY_BUTTON);
		return 0;
	}
	if (strcmp(member, "com.sun.star.awt.XDialogEventHandler::getSupportedMethodNames") == 0) {
		seq = uu_seq_strings(handler_methods, 1);
		if (!seq)
			return uu_raise(slot, UU_RUNTIMEEXCEPTION, "thidua: out of memory");
		*(uno_Sequence **)ret = seq;
		return 0;
	}
	if (strcmp(member, "com.sun.star.awt.XTopWindowListener::windowClosing") == 0) {
		atomic_compare_exchange_strong(&h->cancelled, &none, BY_CLOSE_BOX);
		return 0;
	}
	if (strncmp(member, "com.sun.star.awt.XTopWindowListener::", 37) == 0 ||
	    strcmp(member, "com.sun.star.lang.XEventListener::disposing") == 0)
		return 0;
	return 1;
}

static void handler_destroy(uu_object *obj)
{
	free(obj);
}

static const uu_class handler_class = {
	"vn.thidua.ProgressHandler", handler_names, handler_types, handler_destroy, handler_call,
};

/* ---- the progress ------------------------------------------------------- */

/* Progress dialogs shown now, in the whole office. */
static atomic_int dialogs_shown;

int tu_progress_busy(void)
{
	return atomic_load(&dialogs_shown) > 0;
}

struct tu_progress {
	const tu_ui *ui;          /* borrowed */
	char *heading;            /* owned */
	int shown;                /* the first step has shown the dialog or the bar */
	handler *h;               /* owned reference; NULL without a dialog */
	uno_Interface *dlg;       /* owned; NULL without a dialog */
	uno_Interface *resched;   /* owned: the toolkit's XReschedule, or NULL */
	uno_Interface *parent;    /* owned: the frame's window, disabled while
	                             the dialog is shown; or NULL */
	uno_Interface *si;        /* owned status indicator, without a dialog */
	size_t total;             /* the bar's maximum as set */
	int noted;                /* the cancel was noted in the transcript */
	pthread_t owner;          /* the command's thread: the only one that
	                             touches the UI (the library promises to
	                             report progress on it; another thread only
	                             learns whether she cancelled) */
};

tu_progress *tu_progress_new(const tu_ui *u, const char *heading)
{
	tu_progress *p = calloc(1, sizeof *p);

	if (!p)
		return NULL;
	p->ui = u;
	p->owner = pthread_self();
	if (!(p->heading = strdup(heading ? heading : ""))) {
		free(p);
		return NULL;
	}
	return p;
}

static void reschedule(tu_progress *p)
{
	if (p->resched)
		uu_call(p->resched, UU_M_RESCHEDULE, NULL, NULL, NULL);
}

static void enable(uno_Interface *win, int on)
{
	sal_Bool b = on != 0;
	void *a[1] = { &b };

	if (win)
		uu_call(win, UU_M_WINDOW_SETENABLE, NULL, a, NULL);
}

/* The frame's window (owned), or NULL. */
static uno_Interface *frame_window(const tu_ui *u)
{
	uno_Interface *win = NULL;

	if (!u->frame || uu_call(u->frame, UU_M_FRAME_GETCONTAINERWINDOW, &win, NULL, NULL) < 0)
		return NULL;
	return win;
}

/* The dialog with its texts in the UI's language, shown; 0, or -1 (then
 * nothing is left over). */
static int show_dialog(tu_progress *p)
{
	const tu_ui *u = p->ui;
	uno_Interface *self, *top = NULL, *win = NULL, *tk = NULL;
	sal_Bool yes = 1;
	void *a[1];

	if (!(p->h = calloc(1, sizeof *p->h)))
		return -1;
	uu_object_init(&p->h->head, &handler_class);
	atomic_init(&p->h->cancelled, NOT_CANCELLED);
	self = &p->h->head.iface;
	p->dlg = tu_ui_dialog(u, "progress.xdl", self);
	if (!p->dlg) {
		uu_release(self);
		p->h = NULL;
		return -1;
	}
	tu_ui_set_text(p->dlg, "Heading", "Label", p->heading);
	tu_ui_set_text(p->dlg, "Step", "Label", "");
	tu_ui_set_text(p->dlg, "Hint", "Label",
	               TU_T(u, "Hủy: dừng lại; không tệp nào thay đổi.",
	                    "Cancel: stop; no file is changed."));
	tu_ui_set_text(p->dlg, "Cancel", "Label", TU_T(u, "Hủy", "Cancel"));
	/* the close box and Escape cancel too */
	top = uu_query(p->dlg, UU_XTOPWINDOW);
	a[0] = &self;
	if (top)
		uu_call(top, UU_M_TOPWINDOW_ADDLISTENER, NULL, a, NULL);
	uu_release(top);
	tk = uu_create(u->ctx, "com.sun.star.awt.Toolkit", NULL, NULL);
	p->resched = uu_query(tk, UU_XRESCHEDULE);
	uu_release(tk);
	/* like a modal dialog, keep her from the document meanwhile (and from
	   starting the command again from its menu) */
	p->parent = frame_window(u);
	enable(p->parent, 0);
	win = uu_query(p->dlg, UU_XWINDOW);
	a[0] = &yes;
	if (win) {
		tu_ui_center(u, p->dlg);
		uu_call(win, UU_M_WINDOW_SETVISIBLE, NULL, a, NULL);
	}
	uu_release(win);
	atomic_fetch_add(&dialogs_shown, 1);
	tu_ui_note(u, "PROGRESS-DIALOG", p->heading);
	reschedule(p);
	return 0;
}

static void show(tu_progress *p)
{
	p->shown = 1;
	p->total = 0;
	if (!p->ui->quiet && show_dialog(p) == 0)
		return;
	p->si = tu_ui_progress(p->ui, p->heading, 1000);
}

int tu_progress_step(tu_progress *p, size_t n, size_t total, const char *line)
{
	sal_Int32 v;

	if (!p)
		return 0;
	if (!pthread_equal(pthread_self(), p->owner))
		return p->h && atomic_load(&p->h->cancelled) != NOT_CANCELLED;
	if (!p->shown)
		show(p);
	if (p->si)
		tu_ui_progress_set(p->si, total ? (int)(n * 1000 / total) : 0, line);
	if (p->dlg) {
		if (total != p->total) {
			v = total > 0x7fffffff ? 0x7fffffff : (sal_Int32)total;
			tu_ui_set(p->dlg, "Bar", "ProgressValueMax", &v, UU_LONG);
			p->total = total;
		}
		/* the steps done so far */
		v = n > 0 && n - 1 <= 0x7fffffff ? (sal_Int32)(n - 1) : 0;
		tu_ui_set(p->dlg, "Bar", "ProgressValue", &v, UU_LONG);
		tu_ui_set_text(p->dlg, "Step", "Label", line ? line : "");
		reschedule(p);
	}
	return tu_progress_cancelled(p);
}

int tu_progress_cancelled(tu_progress *p)
{
	int how;

	if (!p || !p->h)
		return 0;
	how = atomic_load(&p->h->cancelled);
	if (how != NOT_CANCELLED && !p->noted && pthread_equal(pthread_self(), p->owner)) {
		p->noted = 1;
		tu_ui_note(p->ui, "CANCEL", how == BY_BUTTON ? "button" : "close box");
	}
	return how != NOT_CANCELLED;
}

void tu_progress_hide(tu_progress *p)
{
	if (!p)
		return;
	if (p->dlg) {
		/* dispose: the handler is let go with the dialog */
		uu_call(p->dlg, UU_M_COMPONENT_DISPOSE, NULL, NULL, NULL);
		uu_release(p->dlg);
		p->dlg = NULL;
		atomic_fetch_sub(&dialogs_shown, 1);
	}
	enable(p->parent, 1);
	uu_release(p->parent);
	p->parent = NULL;
	uu_release(p->resched);
	p->resched = NULL;
	if (p->h)
		uu_release(&p->h->head.iface);
	p->h = NULL;
	tu_ui_progress_end(p->si);
	p->si = NULL;
	p->shown = 0;
}

void tu_progress_free(tu_progress *p)
{
	if (!p)
		return;
	tu_progress_hide(p);
	free(p->heading);
	free(p);
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Handle the office's events until she cancels or ms pass; 1 when she did. */
static int wait_cancel(tu_progress *p, long ms)
{
	long waited;

	for (waited = 0; waited <= ms; waited += 20) {
		reschedule(p);
		if (tu_progress_cancelled(p))
			return 1;
		pause_ms(20);
	}
	return 0;
}

int tu_progress_press_cancel(tu_progress *p)
{
	uno_Interface *cc = NULL, *ctl = NULL, *peer = NULL, *acc = NULL, *ctx = NULL,
	              *action = NULL;
	rtl_uString *name = uu_str("Cancel");
	sal_Int32 first = 0;
	sal_Bool done = 0;
	void *a[1] = { &name };
	int rc = -1;

	if (!p || !p->dlg || !name || !pthread_equal(pthread_self(), p->owner))
		goto cleanup;
	cc = uu_query(p->dlg, UU_XCONTROLCONTAINER);
	if (!cc || uu_call(cc, UU_M_CONTROLCONTAINER_GETCONTROL, &ctl, a, NULL) < 0 || !ctl ||
	    uu_call(ctl, UU_M_CONTROL_GETPEER, &peer, NULL, NULL) < 0 || !peer)
		goto cleanup;
	acc = uu_query(peer, UU_XACCESSIBLE);
	if (!acc || uu_call(acc, UU_M_ACCESSIBLE_GETCONTEXT, &ctx, NULL, NULL) < 0 || !ctx)
		goto cleanup;
	action = uu_query(ctx, UU_XACCESSIBLEACTION);
	a[0] = &first;
	if (!action || uu_call(action, UU_M_ACCESSIBLEACTION_DO, &done, a, NULL) < 0 || !done)
		goto cleanup;
	tu_ui_note(p->ui, "PRESS", "Cancel");
	rc = wait_cancel(p, 10000) ? 0 : -1;
cleanup:
	uu_release(action);
	uu_release(ctx);
	uu_release(acc);
	uu_release(peer);
	uu_release(ctl);
	uu_release(cc);
	if (name)
		rtl_uString_release(name);
	return rc;
}

void tu_progress_hold(tu_progress *p, int seconds)
{
	if (p && p->dlg && pthread_equal(pthread_self(), p->owner))
		wait_cancel(p, (long)seconds * 1000);
}
