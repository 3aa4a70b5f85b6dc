/* uno_util.h - helpers over the binary UNO C ABI: type descriptions, strings,
 * anys, sequences, structs, exceptions, objects and outgoing calls. */
#ifndef THIDUA_UNO_UTIL_H
#define THIDUA_UNO_UTIL_H

/* typelib/typedescription.h is not valid C as shipped: it needs bool and the
 * typedef of the type class enum first (../shared/uno-in-c.md). */
#include <stdbool.h>
#include <stddef.h>
#include <typelib/typeclass.h>
typedef enum _typelib_TypeClass _typelib_TypeClass;
#include <typelib/typedescription.h>
#include <uno/any2.h>
#include <uno/data.h>
#include <uno/dispatcher.h>
#include <uno/sequence2.h>
#include <rtl/ustring.h>
#include <osl/interlck.h>

/* ---- type descriptions ------------------------------------------------ */

/* Every type the component names. The table in uno_util.c gives the names. */
enum uu_type {
	/* interfaces the component implements */
	UU_XINTERFACE, UU_XTYPEPROVIDER, UU_XSERVICEINFO, UU_XSINGLECOMPONENTFACTORY,
	UU_XINITIALIZATION, UU_XDISPATCHPROVIDER, UU_XDISPATCH, UU_XNOTIFYINGDISPATCH,
	UU_XTHIDUA,
	/* interfaces it calls */
	UU_XCOMPONENTCONTEXT, UU_XMULTICOMPONENTFACTORY, UU_XFRAME, UU_XCONTROLLER,
	UU_XMODEL, UU_XSTORABLE, UU_XMODIFIABLE, UU_XCOMPONENTLOADER, UU_XCOMPONENT,
	UU_XEXECUTABLEDIALOG, UU_XFILEPICKER, UU_XFILTERMANAGER, UU_XFOLDERPICKER,
	UU_XSTATUSINDICATORFACTORY, UU_XSTATUSINDICATOR, UU_XMESSAGEBOXFACTORY,
	UU_XMESSAGEBOX, UU_XWINDOW, UU_XWINDOWPEER, UU_XDIALOGPROVIDER, UU_XDIALOG,
	UU_XCONTROLCONTAINER, UU_XCONTROL, UU_XPROPERTYSET, UU_XDISPATCHRESULTLISTENER,
	UU_XMULTISERVICEFACTORY, UU_XNAMEACCESS, UU_XNAMEREPLACE, UU_XCHANGESBATCH,
	UU_XDESKTOP, UU_XENUMERATIONACCESS, UU_XENUMERATION, UU_XCLOSEABLE, UU_XTOPWINDOW,
	UU_XSPREADSHEETDOCUMENT, UU_XCELLRANGE, UU_XSELECTIONSUPPLIER, UU_XSPREADSHEETVIEW,
	UU_XDIALOGPROVIDER2, UU_XTEXTCOMPONENT, UU_XSYSTEMSHELLEXECUTE, UU_XRESCHEDULE,
	UU_XCLIPBOARD, UU_XINDEXACCESS, UU_XSPREADSHEETS, UU_XTEXTRANGE, UU_XSHEETCONDITION,
	UU_XWINDOWLISTENER, UU_XEVENTLISTENER, UU_XACCESSIBLE, UU_XACCESSIBLEACTION,
	/* interfaces of the dialogs' and the options page's handlers */
	UU_XDIALOGEVENTHANDLER, UU_XCONTAINERWINDOWEVENTHANDLER, UU_XTRANSFERABLE,
	UU_XCLIPBOARDOWNER, UU_XTOPWINDOWLISTENER,
	/* exceptions and structs */
	UU_THIDUAEXCEPTION, UU_RUNTIMEEXCEPTION, UU_ILLEGALARGUMENTEXCEPTION, UU_PROBLEM,
	UU_TALLYRESULT, UU_UNITRESULT, UU_FAILURE, UU_URL, UU_PROPERTYVALUE, UU_DISPATCHRESULTEVENT,
	UU_DISPATCHDESCRIPTOR, UU_SELECTION, UU_RECTANGLE, UU_DATAFLAVOR, UU_VALIDATIONTYPE,
	UU_WINDOWEVENT,
	/* sequences and simple types */
	UU_SEQ_STRING, UU_SEQ_TYPE, UU_SEQ_BYTE, UU_SEQ_ANY, UU_SEQ_PROPERTYVALUE,
	UU_SEQ_PROBLEM, UU_SEQ_UNITRESULT, UU_SEQ_XDISPATCH, UU_SEQ_DATAFLAVOR, UU_STRING,
	UU_SHORT, UU_LONG, UU_BOOLEAN, UU_TYPE, UU_BYTE, UU_ANY,
	UU_TYPE_COUNT
};

/* The complete type description, looked up once and kept for the library's
 * life (the library is never unloaded). Borrowed; NULL when the type is not
 * known to the office (our .rdb not registered). Thread-safe. */
typelib_TypeDescription *uu_td(enum uu_type t);
/* Its reference (borrowed), or NULL. */
typelib_TypeDescriptionReference *uu_ref(enum uu_type t);

/* Interface methods the component calls, each from the interface that
 * declares it. */
enum uu_method {
	UU_M_QUERYINTERFACE,
	UU_M_CTX_GETSERVICEMANAGER,
	UU_M_SM_CREATE, UU_M_SM_CREATE_ARGS,
	UU_M_FRAME_GETCONTROLLER, UU_M_FRAME_GETCONTAINERWINDOW,
	UU_M_CONTROLLER_GETMODEL, UU_M_MODEL_GETURL,
	UU_M_STORABLE_STORE, UU_M_STORABLE_STOREASURL, UU_M_MODIFIABLE_ISMODIFIED,
	UU_M_LOADER_LOAD, UU_M_COMPONENT_DISPOSE,
	UU_M_EXECDIALOG_SETTITLE, UU_M_EXECDIALOG_EXECUTE,
	UU_M_FILEPICKER_SETDEFAULTNAME, UU_M_FILEPICKER_SETDISPLAYDIRECTORY,
	UU_M_FILEPICKER_GETFILES, UU_M_FILTERMANAGER_APPENDFILTER,
	UU_M_FILTERMANAGER_SETCURRENTFILTER,
	UU_M_FOLDERPICKER_SETDISPLAYDIRECTORY, UU_M_FOLDERPICKER_GETDIRECTORY,
	UU_M_SIFACTORY_CREATE, UU_M_SI_START, UU_M_SI_END, UU_M_SI_SETTEXT, UU_M_SI_SETVALUE,
	UU_M_MBFACTORY_CREATE, UU_M_MESSAGEBOX_EXECUTE,
	UU_M_DIALOGPROVIDER_CREATE,
	UU_M_DIALOG_SETTITLE, UU_M_DIALOG_EXECUTE,
	UU_M_CONTROLCONTAINER_GETCONTROL, UU_M_CONTROL_GETMODEL,
	UU_M_PROPERTYSET_SETVALUE, UU_M_WINDOW_SETVISIBLE,
	UU_M_RESULTLISTENER_FINISHED, UU_M_INIT_INITIALIZE,
	UU_M_MSF_CREATE_ARGS, UU_M_NAMEACCESS_GETBYNAME, UU_M_NAMEACCESS_HASBYNAME,
	UU_M_NAMEREPLACE_REPLACEBYNAME, UU_M_CHANGESBATCH_COMMIT, UU_M_PROPERTYSET_GETVALUE,
	UU_M_DESKTOP_GETCOMPONENTS, UU_M_ENUMACCESS_CREATE, UU_M_ENUM_HASMORE, UU_M_ENUM_NEXT,
	UU_M_CLOSEABLE_CLOSE, UU_M_TOPWINDOW_TOFRONT, UU_M_FRAME_ACTIVATE,
	UU_M_MODEL_GETCURRENTCONTROLLER, UU_M_MODIFIABLE_SETMODIFIED, UU_M_CONTROLLER_GETFRAME,
	UU_M_SSDOC_GETSHEETS, UU_M_CELLRANGE_BYNAME, UU_M_CELLRANGE_BYPOSITION, UU_M_CELLRANGE_CELL,
	UU_M_SELECTION_SELECT, UU_M_SELECTION_GET, UU_M_SSVIEW_SETACTIVESHEET,
	UU_M_DIALOGPROVIDER2_CREATE_HANDLER, UU_M_TEXTCOMPONENT_GETSELECTION,
	UU_M_TEXTCOMPONENT_SETTEXT, UU_M_TEXTCOMPONENT_GETTEXT, UU_M_SHELLEXECUTE,
	UU_M_RESCHEDULE, UU_M_CLIPBOARD_SETCONTENTS, UU_M_INDEX_COUNT, UU_M_INDEX_GET,
	UU_M_SPREADSHEETS_INSERTNEW, UU_M_TEXTRANGE_GETSTRING, UU_M_TEXTRANGE_SETSTRING,
	UU_M_CONDITION_SETFORMULA1, UU_M_WINDOW_GETPOSSIZE, UU_M_WINDOW_SETPOSSIZE,
	UU_M_WINDOW_ADDLISTENER, UU_M_DIALOG_ENDEXECUTE, UU_M_SI_RESET,
	UU_M_WINDOW_SETENABLE, UU_M_TOPWINDOW_ADDLISTENER, UU_M_CONTROL_GETPEER,
	UU_M_ACCESSIBLE_GETCONTEXT, UU_M_ACCESSIBLEACTION_DO,
	UU_METHOD_COUNT
};

/* The description of method m (borrowed, kept), or NULL. Thread-safe. */
typelib_TypeDescription *uu_member(enum uu_method m);
/* The interface that declares method m, and the method's name. */
enum uu_type uu_member_iface(enum uu_method m);
const char *uu_member_name(enum uu_method m);

/* ---- strings --------------------------------------------------------- */

/* A new string from UTF-8 (s may be NULL: empty string); owned by the caller
 * (rtl_uString_release). NULL when out of memory or s is not UTF-8. */
rtl_uString *uu_str(const char *s);
/* The string as UTF-8 (s may be NULL: ""); owned by the caller (free()).
 * NULL when out of memory. */
char *uu_utf8(rtl_uString *s);
/* 1 when s (may be NULL) has no characters. */
int uu_str_empty(const rtl_uString *s);
/* 1 when s equals the ASCII string a. */
int uu_str_eq(const rtl_uString *s, const char *a);

/* A file URL or a system path, as a system path in *out (owned, free());
 * *out is NULL when s is empty. 0, or -1 when s is a URL that names no local
 * file or when out of memory. */
int uu_to_path(char **out, rtl_uString *s);
/* The file URL of a system path; owned by the caller; NULL on failure. */
rtl_uString *uu_path_url(const char *path);

/* ---- anys, sequences, structs -------------------------------------- */

/* Borrowed views of an any's value; NULL / 0 when the any holds another
 * type. */
uno_Interface *uu_any_iface(const uno_Any *a);
rtl_uString *uu_any_str(const uno_Any *a);
uno_Sequence *uu_any_seq(const uno_Any *a, enum uu_type seq_type);
int uu_any_bool(const uno_Any *a, int dflt);
/* An any holding an integer (byte, short, long, hyper clamped), or dflt. */
int uu_any_int(const uno_Any *a, int dflt);

/* Replace the value of any a with a copy of *value of type t (value NULL
 * with UU_TYPE_COUNT: void). */
void uu_any_set(uno_Any *a, void *value, enum uu_type t);

#define UU_SEQ_AT(seq, type) ((type *)(void *)(seq)->elements)

/* A new sequence<string> of n UTF-8 strings; owned by the caller
 * (uno_type_destructData with uu_ref(UU_SEQ_STRING)). NULL when out of
 * memory. */
uno_Sequence *uu_seq_strings(const char *const *v, size_t n);
/* A new sequence of n default-constructed elements; owned; NULL on OOM. */
uno_Sequence *uu_seq_new(enum uu_type seq_type, size_t n);

/* A default-constructed struct or exception of type t in memory from
 * rtl_allocateMemory; owned (uu_struct_free). NULL when out of memory. */
void *uu_struct_new(enum uu_type t);
void uu_struct_free(void *mem, enum uu_type t);
/* The address of member name of a struct of type t (members of base types
 * included); NULL when there is no such member. */
void *uu_field(void *mem, enum uu_type t, const char *name);
/* Replace the string at *field with a copy of UTF-8 s. 0 or -1 (OOM). */
int uu_set_str(void *field, const char *s);
/* The address of element i of a sequence of type seq_type. */
void *uu_seq_elem(uno_Sequence *seq, enum uu_type seq_type, size_t i);

/* ---- exceptions ------------------------------------------------------ */

/* Raise an exception into slot (the caller's *ppException saved on entry):
 * exc is an exception built by uu_struct_new (taken over and freed). The
 * functions return -1, for `return uu_throw(...)`. */
int uu_throw(uno_Any *slot, enum uu_type t, void *exc);
/* Raise an exception of type t (RuntimeException, IllegalArgumentException)
 * with a message; when memory is short, a RuntimeException without one. */
int uu_raise(uno_Any *slot, enum uu_type t, const char *msg);
/* The message of a raised exception as UTF-8 "Type: Message" (owned,
 * free()); destructs the any. NULL when out of memory. */
char *uu_exc_text(uno_Any *exc);

/* ---- objects we implement ----------------------------------------- */

typedef struct uu_object uu_object;

/* What varies between the component's objects. */
typedef struct uu_class {
	const char *impl_name;
	const char *const *services;       /* NULL-terminated */
	const enum uu_type *types;         /* interfaces, ended by UU_TYPE_COUNT */
	void (*destroy)(uu_object *obj);   /* releases members and frees obj */
	/* One call of a member of the class's own interfaces. member is the
	 * member's full name ("vn.thidua.XThidua::tally"). Returns 0, or -1
	 * after raising into slot, or 1 when the member is unknown. */
	int (*call)(uu_object *obj, const char *member, void *ret, void **args,
	            uno_Any *slot);
} uu_class;

/* The head of every object: its binary UNO interface (one pointer serves
 * every interface of the object, and is also its identity) and the
 * reference count. */
struct uu_object {
	uno_Interface iface;
	oslInterlockedCount refs;
	const uu_class *cls;
};

/* Set up the head with one reference (the creator's). */
void uu_object_init(uu_object *obj, const uu_class *cls);

/* ---- calling other objects ----------------------------------------- */

/* Call method m on obj (queried for the interface that declares m; obj
 * borrowed). ret receives an owned value of the method's return type (pass
 * NULL for a void method). 0, or -1 with *err (when err is not NULL) set to
 * a text owned by the caller (free(); NULL when out of memory). */
int uu_call(uno_Interface *obj, enum uu_method m, void *ret, void **args, char **err);
/* obj queried for interface t: owned (release it), or NULL. */
uno_Interface *uu_query(uno_Interface *obj, enum uu_type t);
/* A new instance of service name from the context's service manager, with
 * optional arguments (a sequence<any>, borrowed; NULL for none). Owned, or
 * NULL with *err as for uu_call. */
uno_Interface *uu_create(uno_Interface *ctx, const char *name, uno_Sequence *args, char **err);
void uu_release(uno_Interface *i);

#endif
