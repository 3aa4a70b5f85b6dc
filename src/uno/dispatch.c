/* dispatch.c - the protocol handler for vnd.thidua: URLs (the "Thi đua"
 * menu): XInitialization (the frame), XDispatchProvider, XDispatch and
 * XNotifyingDispatch; the commands themselves are in commands.c.
 *
 * A command's arguments (PropertyValues) can replace what it would ask:
 * DataPath, TemplatePath, OutDir, Inputs (string or sequence), Target (the
 * new workbook), Overwrite, AllowIncomplete, and Open (open the results;
 * default true), Hidden (open them hidden), Quiet (no message box or
 * dialog). dispatchWithNotification reports SUCCESS with the written paths
 * (sequence<string>), FAILURE with a vn.thidua.Failure, or
 * DONTKNOW when the user cancelled. */
#include "uno/commands.h"
#include "uno/component.h"
#include "uno/config.h"
#include "uno/convert.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rtl/alloc.h>

typedef struct dispatcher {
	uu_object head;
	uno_Interface *ctx;                 /* acquired */
	_Atomic(uno_Interface *) frame;     /* acquired; set by initialize */
} dispatcher;

static const char *const dispatch_names[] = { "com.sun.star.frame.ProtocolHandler", NULL };
static const enum uu_type dispatch_types[] = {
	UU_XINITIALIZATION, UU_XDISPATCHPROVIDER, UU_XDISPATCH, UU_XNOTIFYINGDISPATCH,
	UU_TYPE_COUNT
};

/* ---- the interfaces -------------------------------------------------- */

/* Tell the listener (borrowed, may be NULL) how the job ended. */
static void notify(dispatcher *d, uno_Interface *listener, tu_job *j)
{
	void *ev, *a[1], *failure;
	uno_Interface **src;
	uno_Sequence *paths;

	if (!listener)
		return;
	ev = uu_struct_new(UU_DISPATCHRESULTEVENT);
	if (!ev)
		return;
	src = uu_field(ev, UU_DISPATCHRESULTEVENT, "Source");
	*src = &d->head.iface;
	(*src)->acquire(*src);
	*(sal_Int16 *)uu_field(ev, UU_DISPATCHRESULTEVENT, "State") = (sal_Int16)j->state;
	if (j->state == TU_RESULT_SUCCESS) {
		paths = uu_seq_strings((const char *const *)j->results, j->n_results);
		if (paths) {
			uu_any_set(uu_field(ev, UU_DISPATCHRESULTEVENT, "Result"), &paths, UU_SEQ_STRING);
			uno_type_destructData(&paths, uu_ref(UU_SEQ_STRING), NULL);
		}
	} else if (j->state == TU_RESULT_FAILURE && (failure = tu_failure(j->exc)) != NULL) {
		uu_any_set(uu_field(ev, UU_DISPATCHRESULTEVENT, "Result"), failure, UU_FAILURE);
		uu_struct_free(failure, UU_FAILURE);
	}
	a[0] = ev;
	uu_call(listener, UU_M_RESULTLISTENER_FINISHED, NULL, a, NULL);
	uu_struct_free(ev, UU_DISPATCHRESULTEVENT);
}

static int do_dispatch(dispatcher *d, void **args, uno_Interface *listener, uno_Any *slot)
{
	int k = tu_command_of(args[0]);
	tu_job j;

	if (k < 0)
		return uu_raise(slot, UU_ILLEGALARGUMENTEXCEPTION, "thidua: unknown command URL");
	memset(&j, 0, sizeof j);
	j.ui.ctx = d->ctx;
	j.ui.frame = atomic_load(&d->frame);
	j.overwrite = -1;
	j.allow_incomplete = -1;
	j.sheet_format = -1;
	j.open = 1;
	j.state = TU_RESULT_DONTKNOW;
	j.ui.lang = tu_lang(d->ctx);
	if (j.ui.frame)
		j.ui.frame->acquire(j.ui.frame);
	if (tu_job_args(&j, *(uno_Sequence **)args[1]) < 0) {
		j.state = TU_RESULT_FAILURE;
		j.exc = tu_exception(THIDUA_EINVAL, "Đường dẫn không hợp lệ. / Invalid path.", NULL);
	} else {
		tu_command_run(k, &j);
	}
	notify(d, listener, &j);
	uu_release(j.ui.frame);
	tu_job_free(&j);
	return 0;
}

static int query_dispatch(dispatcher *d, void *ret, void **args)
{
	uno_Interface *self = &d->head.iface;

	if (tu_command_of(args[0]) < 0) {
		*(uno_Interface **)ret = NULL;
	} else {
		self->acquire(self);
		*(uno_Interface **)ret = self;
	}
	return 0;
}

static int query_dispatches(dispatcher *d, void *ret, void **args, uno_Any *slot)
{
	uno_Sequence *in = *(uno_Sequence **)args[0], *out;
	typelib_TypeDescription *dtd = uu_td(UU_DISPATCHDESCRIPTOR);
	uno_Interface *self = &d->head.iface;
	sal_Int32 i;
	void *desc;

	out = dtd ? uu_seq_new(UU_SEQ_XDISPATCH, (size_t)in->nElements) : NULL;
	if (!out)
		return uu_raise(slot, UU_RUNTIMEEXCEPTION, "thidua: out of memory");
	for (i = 0; i < in->nElements; i++) {
		desc = in->elements + (size_t)i * (size_t)dtd->nSize;
		if (tu_command_of(uu_field(desc, UU_DISPATCHDESCRIPTOR, "FeatureURL")) >= 0) {
			self->acquire(self);
			UU_SEQ_AT(out, uno_Interface *)[i] = self;
		}
	}
	*(uno_Sequence **)ret = out;
	return 0;
}

static int initialize(dispatcher *d, void **args)
{
	uno_Sequence *seq = *(uno_Sequence **)args[0];
	uno_Interface *frame = NULL, *old;
	sal_Int32 i;

	for (i = 0; i < seq->nElements && !frame; i++)
		frame = uu_query(uu_any_iface(&UU_SEQ_AT(seq, uno_Any)[i]), UU_XFRAME);
	old = atomic_exchange(&d->frame, frame);
	uu_release(old);
	return 0;
}

static int dispatch_call(uu_object *obj, const char *member, void *ret, void **args,
                         uno_Any *slot)
{
	dispatcher *d = (dispatcher *)obj;

	if (strcmp(member, "com.sun.star.frame.XDispatch::dispatch") == 0)
		return do_dispatch(d, args, NULL, slot);
	if (strcmp(member, "com.sun.star.frame.XNotifyingDispatch::dispatchWithNotification") == 0)
		return do_dispatch(d, args, *(uno_Interface **)args[2], slot);
	if (strcmp(member, "com.sun.star.frame.XDispatch::addStatusListener") == 0 ||
	    strcmp(member, "com.sun.star.frame.XDispatch::removeStatusListener") == 0)
		return 0; /* the commands are always enabled */
	if (strcmp(member, "com.sun.star.frame.XDispatchProvider::queryDispatch") == 0)
		return query_dispatch(d, ret, args);
	if (strcmp(member, "com.sun.star.frame.XDispatchProvider::queryDispatches") == 0)
		return query_dispatches(d, ret, args, slot);
	if (strcmp(member, "com.sun.star.lang.XInitialization::initialize") == 0)
		return initialize(d, args);
	return 1;
}

static void dispatch_destroy(uu_object *obj)
{
	dispatcher *d = (dispatcher *)obj;

	uu_release(atomic_load(&d->frame));
	uu_release(d->ctx);
	free(d);
}

const uu_class tu_dispatch_class = {
	TU_DISPATCH_IMPL, dispatch_names, dispatch_types, dispatch_destroy, dispatch_call,
};

uno_Interface *tu_dispatch_new(uno_Interface *ctx)
{
	dispatcher *d = malloc(sizeof *d);

	if (!d)
		return NULL;
	uu_object_init(&d->head, &tu_dispatch_class);
	d->ctx = ctx;
	if (ctx)
		ctx->acquire(ctx);
	atomic_init(&d->frame, NULL);
	return &d->head.iface;
}
