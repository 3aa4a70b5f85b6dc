/* uno_util.c - helpers over the binary UNO C ABI: strings, anys,
 * sequences, structs, exceptions, objects, calls (types in types.c). */
#include "uno/uno_util.h"

#include <stdint.h>

#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <osl/file.h>
#include <rtl/alloc.h>
#include <rtl/string.h>
#include <rtl/textcvt.h>

/* ---- strings --------------------------------------------------------- */

rtl_uString *uu_str(const char *s)
{
	rtl_uString *u = NULL;

	if (!s)
		s = "";
	if (!rtl_convertStringToUString(&u, s, (sal_Int32)strlen(s), RTL_TEXTENCODING_UTF8,
	                                RTL_TEXTTOUNICODE_FLAGS_UNDEFINED_ERROR |
	                                RTL_TEXTTOUNICODE_FLAGS_MBUNDEFINED_ERROR |
	                                RTL_TEXTTOUNICODE_FLAGS_INVALID_ERROR)) {
		if (u)
			rtl_uString_release(u);
		return NULL;
	}
	return u;
}

char *uu_utf8(rtl_uString *s)
{
	rtl_String *b = NULL;
	char *out;

	if (!s || s->length == 0)
		return strdup("");
	if (!rtl_convertUStringToString(&b, s->buffer, s->length, RTL_TEXTENCODING_UTF8,
	                                RTL_UNICODETOTEXT_FLAGS_UNDEFINED_ERROR |
	                                RTL_UNICODETOTEXT_FLAGS_INVALID_ERROR))
		return NULL;
	out = malloc((size_t)b->length + 1);
	if (out) {
		memcpy(out, b->buffer, (size_t)b->length);
		out[b->length] = '\0';
	}
	rtl_string_release(b);
	return out;
}

int uu_str_empty(const rtl_uString *s) { return !s || s->length == 0; }

int uu_str_eq(const rtl_uString *s, const char *a)
{
	size_t n = strlen(a);

	return s && rtl_ustr_ascii_compare_WithLength(s->buffer, s->length, a) == 0 &&
	       (size_t)s->length == n;
}

/* 1 when s starts like a URL of another scheme than file ("http://"). */
static int other_url(const rtl_uString *s)
{
	sal_Int32 i = 0;
	sal_Unicode c;

	for (; i < s->length; i++) {
		c = s->buffer[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))))
			break;
	}
	return i > 1 && i + 2 < s->length && s->buffer[i] == ':' && s->buffer[i + 1] == '/' &&
	       s->buffer[i + 2] == '/';
}

int uu_to_path(char **out, rtl_uString *s)
{
	rtl_uString *sys = NULL;
	int rc = 0;

	*out = NULL;
	if (uu_str_empty(s))
		return 0;
	if (s->length >= 5 && rtl_ustr_ascii_shortenedCompareIgnoreAsciiCase_WithLength(
	                              s->buffer, s->length, "file:", 5) == 0) {
		if (osl_getSystemPathFromFileURL(s, &sys) != osl_File_E_None)
			rc = -1;
		else if (!(*out = uu_utf8(sys)))
			rc = -1;
	} else if (other_url(s) || !(*out = uu_utf8(s))) {
		rc = -1;
	}
	if (sys)
		rtl_uString_release(sys);
	return rc;
}

rtl_uString *uu_path_url(const char *path)
{
	rtl_uString *sys = uu_str(path), *url = NULL;

	if (!sys)
		return NULL;
	if (osl_getFileURLFromSystemPath(sys, &url) != osl_File_E_None && url) {
		rtl_uString_release(url);
		url = NULL;
	}
	rtl_uString_release(sys);
	return url;
}

/* ---- anys, sequences, structs -------------------------------------- */

uno_Interface *uu_any_iface(const uno_Any *a)
{
	return a && a->pType->eTypeClass == typelib_TypeClass_INTERFACE
	       ? *(uno_Interface **)a->pData : NULL;
}

rtl_uString *uu_any_str(const uno_Any *a)
{
	return a && a->pType->eTypeClass == typelib_TypeClass_STRING
	       ? *(rtl_uString **)a->pData : NULL;
}

uno_Sequence *uu_any_seq(const uno_Any *a, enum uu_type seq_type)
{
	typelib_TypeDescriptionReference *ref = uu_ref(seq_type);

	return a && ref && typelib_typedescriptionreference_equals(a->pType, ref)
	       ? *(uno_Sequence **)a->pData : NULL;
}

int uu_any_bool(const uno_Any *a, int dflt)
{
	return a && a->pType->eTypeClass == typelib_TypeClass_BOOLEAN
	       ? *(sal_Bool *)a->pData != 0 : dflt;
}

int uu_any_int(const uno_Any *a, int dflt)
{
	if (!a)
		return dflt;
	switch (a->pType->eTypeClass) {
	case typelib_TypeClass_BYTE: return *(sal_Int8 *)a->pData;
	case typelib_TypeClass_SHORT: return *(sal_Int16 *)a->pData;
	case typelib_TypeClass_LONG: return (int)*(sal_Int32 *)a->pData;
	case typelib_TypeClass_HYPER: {
		sal_Int64 v = *(sal_Int64 *)a->pData;
		return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int)v;
	}
	default: return dflt;
	}
}

void uu_any_set(uno_Any *a, void *value, enum uu_type t)
{
	uno_any_destruct(a, NULL);
	if (t == UU_TYPE_COUNT || !uu_ref(t))
		uno_any_construct(a, NULL, NULL, NULL);
	else
		uno_type_any_construct(a, value, uu_ref(t), NULL);
}

uno_Sequence *uu_seq_new(enum uu_type seq_type, size_t n)
{
	typelib_TypeDescriptionReference *ref = uu_ref(seq_type);
	uno_Sequence *seq = NULL;

	if (!ref || n > 0x7fffffff)
		return NULL;
	if (!uno_type_sequence_construct(&seq, ref, NULL, (sal_Int32)n, NULL))
		return NULL;
	return seq;
}

uno_Sequence *uu_seq_strings(const char *const *v, size_t n)
{
	uno_Sequence *seq = uu_seq_new(UU_SEQ_STRING, n);
	rtl_uString **el;
	size_t i;

	if (!seq)
		return NULL;
	el = UU_SEQ_AT(seq, rtl_uString *);
	for (i = 0; i < n; i++) {
		if (uu_set_str(&el[i], v[i]) < 0) {
			uno_type_destructData(&seq, uu_ref(UU_SEQ_STRING), NULL);
			return NULL;
		}
	}
	return seq;
}

void *uu_struct_new(enum uu_type t)
{
	typelib_TypeDescription *td = uu_td(t);
	void *mem;

	if (!td)
		return NULL;
	mem = rtl_allocateMemory((sal_Size)td->nSize);
	if (mem)
		uno_constructData(mem, td);
	return mem;
}

void uu_struct_free(void *mem, enum uu_type t)
{
	if (!mem)
		return;
	uno_destructData(mem, uu_td(t), NULL);
	rtl_freeMemory(mem);
}

void *uu_field(void *mem, enum uu_type t, const char *name)
{
	typelib_CompoundTypeDescription *c = (typelib_CompoundTypeDescription *)uu_td(t);
	sal_Int32 i;

	for (; c; c = c->pBaseTypeDescription)
		for (i = 0; i < c->nMembers; i++)
			if (uu_str_eq(c->ppMemberNames[i], name))
				return (char *)mem + c->pMemberOffsets[i];
	return NULL;
}

int uu_set_str(void *field, const char *s)
{
	rtl_uString **f = field, *n = uu_str(s);

	if (!n)
		return -1;
	if (*f)
		rtl_uString_release(*f);
	*f = n;
	return 0;
}

/* ---- exceptions ------------------------------------------------------ */

/* A RuntimeException with an empty message, built without allocating our
 * own memory: the last resort when memory is short. */
static int raise_bare(uno_Any *slot)
{
	union { max_align_t align; char bytes[128]; } buf;
	typelib_TypeDescription *td = uu_td(UU_RUNTIMEEXCEPTION);

	if (!td || (size_t)td->nSize > sizeof buf.bytes) {
		uno_any_construct(slot, NULL, NULL, NULL);
		return -1;
	}
	uno_constructData(buf.bytes, td);
	uno_type_any_construct(slot, buf.bytes, td->pWeakRef, NULL);
	uno_destructData(buf.bytes, td, NULL);
	return -1;
}

int uu_throw(uno_Any *slot, enum uu_type t, void *exc)
{
	if (!exc)
		return raise_bare(slot);
	uno_type_any_construct(slot, exc, uu_ref(t), NULL);
	uu_struct_free(exc, t);
	return -1;
}

int uu_raise(uno_Any *slot, enum uu_type t, const char *msg)
{
	void *exc = uu_struct_new(t);

	if (!exc || uu_set_str(uu_field(exc, t, "Message"), msg) < 0) {
		uu_struct_free(exc, t);
		return raise_bare(slot);
	}
	return uu_throw(slot, t, exc);
}

char *uu_exc_text(uno_Any *exc)
{
	char *type = uu_utf8(exc->pType->pTypeName), *msg = NULL, *out = NULL;
	size_t n;

	/* Message is the first member of com.sun.star.uno.Exception */
	if (exc->pType->eTypeClass == typelib_TypeClass_EXCEPTION)
		msg = uu_utf8(*(rtl_uString **)exc->pData);
	if (type) {
		n = strlen(type) + (msg ? strlen(msg) : 0) + 3;
		out = malloc(n);
		if (out)
			snprintf(out, n, "%s: %s", type, msg ? msg : "");
	}
	free(type);
	free(msg);
	uno_any_destruct(exc, NULL);
	return out;
}

/* ---- objects we implement ----------------------------------------- */

static void obj_acquire(uno_Interface *i)
{
	osl_atomic_increment(&((uu_object *)i)->refs);
}

static void obj_release(uno_Interface *i)
{
	uu_object *obj = (uu_object *)i;

	if (osl_atomic_decrement(&obj->refs) == 0)
		obj->cls->destroy(obj);
}

static int supports(const uu_object *obj, typelib_TypeDescriptionReference *type)
{
	const enum uu_type *t;
	static const enum uu_type always[] = { UU_XINTERFACE, UU_XTYPEPROVIDER, UU_XSERVICEINFO };
	size_t i;

	for (i = 0; i < sizeof always / sizeof always[0]; i++)
		if (uu_ref(always[i]) && typelib_typedescriptionreference_equals(type, uu_ref(always[i])))
			return 1;
	for (t = obj->cls->types; *t != UU_TYPE_COUNT; t++)
		if (uu_ref(*t) && typelib_typedescriptionreference_equals(type, uu_ref(*t)))
			return 1;
	return 0;
}

static int get_types(const uu_object *obj, void *ret, uno_Any *slot)
{
	typelib_TypeDescriptionReference *refs[32];
	const enum uu_type *t;
	sal_Int32 n = 0;
	uno_Sequence *seq = NULL;

	refs[n++] = uu_ref(UU_XTYPEPROVIDER);
	refs[n++] = uu_ref(UU_XSERVICEINFO);
	for (t = obj->cls->types; *t != UU_TYPE_COUNT && n < 32; t++)
		refs[n++] = uu_ref(*t);
	for (sal_Int32 i = 0; i < n; i++)
		if (!refs[i])
			return uu_raise(slot, UU_RUNTIMEEXCEPTION, "thidua: unknown interface type");
	if (!uu_ref(UU_SEQ_TYPE) ||
	    !uno_type_sequence_construct(&seq, uu_ref(UU_SEQ_TYPE), refs, n, NULL))
		return uu_raise(slot, UU_RUNTIMEEXCEPTION, "thidua: out of memory");
	*(uno_Sequence **)ret = seq;
	return 0;
}

static int service_names(const uu_object *obj, void *ret, uno_Any *slot)
{
	size_t n = 0;
	uno_Sequence *seq;

	while (obj->cls->services[n])
		n++;
	seq = uu_seq_strings(obj->cls->services, n);
	if (!seq)
		return uu_raise(slot, UU_RUNTIMEEXCEPTION, "thidua: out of memory");
	*(uno_Sequence **)ret = seq;
	return 0;
}

/* The member's name as ASCII, without the ":@..." that inherited members
 * can carry; truncated names match nothing. */
static void member_name(char *out, size_t size, rtl_uString *s)
{
	sal_Int32 i;
	size_t n = 0;

	for (i = 0; i < s->length && n + 1 < size; i++) {
		if (s->buffer[i] == ':' && i + 1 < s->length && s->buffer[i + 1] == '@')
			break;
		out[n++] = s->buffer[i] < 0x80 ? (char)s->buffer[i] : '?';
	}
	out[n] = '\0';
}

static void obj_dispatch(uno_Interface *i, const typelib_TypeDescription *mtd, void *ret,
                         void *args[], uno_Any **ppexc)
{
	uno_Any *slot = *ppexc; /* save it first: it is the caller's storage */
	uu_object *obj = (uu_object *)i;
	char name[256];
	int rc = 0;
	sal_Int32 k;

	member_name(name, sizeof name, mtd->pTypeName);
	if (strcmp(name, "com.sun.star.uno.XInterface::queryInterface") == 0) {
		typelib_TypeDescriptionReference *type = *(typelib_TypeDescriptionReference **)args[0];

		if (supports(obj, type))
			uno_type_any_construct(ret, &i, type, NULL);
		else
			uno_any_construct(ret, NULL, NULL, NULL);
	} else if (strcmp(name, "com.sun.star.uno.XInterface::acquire") == 0) {
		obj_acquire(i);
	} else if (strcmp(name, "com.sun.star.uno.XInterface::release") == 0) {
		obj_release(i);
	} else if (strcmp(name, "com.sun.star.lang.XTypeProvider::getTypes") == 0) {
		rc = get_types(obj, ret, slot);
	} else if (strcmp(name, "com.sun.star.lang.XTypeProvider::getImplementationId") == 0) {
		uno_Sequence *seq = uu_seq_new(UU_SEQ_BYTE, 0);

		if (seq)
			*(uno_Sequence **)ret = seq;
		else
			rc = uu_raise(slot, UU_RUNTIMEEXCEPTION, "thidua: out of memory");
	} else if (strcmp(name, "com.sun.star.lang.XServiceInfo::getImplementationName") == 0) {
		rtl_uString *s = uu_str(obj->cls->impl_name);

		if (s)
			*(rtl_uString **)ret = s;
		else
			rc = uu_raise(slot, UU_RUNTIMEEXCEPTION, "thidua: out of memory");
	} else if (strcmp(name, "com.sun.star.lang.XServiceInfo::supportsService") == 0) {
		rtl_uString *want = *(rtl_uString **)args[0];

		*(sal_Bool *)ret = 0;
		for (k = 0; obj->cls->services[k]; k++)
			if (uu_str_eq(want, obj->cls->services[k]))
				*(sal_Bool *)ret = 1;
	} else if (strcmp(name, "com.sun.star.lang.XServiceInfo::getSupportedServiceNames") == 0) {
		rc = service_names(obj, ret, slot);
	} else {
		rc = obj->cls->call(obj, name, ret, args, slot);
		if (rc == 1)
			rc = uu_raise(slot, UU_RUNTIMEEXCEPTION, "thidua: unknown method");
	}
	*ppexc = rc < 0 ? slot : NULL;
}

void uu_object_init(uu_object *obj, const uu_class *cls)
{
	obj->iface.acquire = obj_acquire;
	obj->iface.release = obj_release;
	obj->iface.pDispatcher = obj_dispatch;
	obj->refs = 1;
	obj->cls = cls;
}

/* ---- calling other objects ----------------------------------------- */

void uu_release(uno_Interface *i)
{
	if (i)
		(*i->release)(i);
}

uno_Interface *uu_query(uno_Interface *obj, enum uu_type t)
{
	typelib_TypeDescriptionReference *type = uu_ref(t);
	typelib_TypeDescription *mtd = uu_member(UU_M_QUERYINTERFACE);
	uno_Any ret, exc, *pexc = &exc;
	uno_Interface *found;
	void *args[1];

	if (!obj || !type || !mtd)
		return NULL;
	args[0] = &type;
	(*obj->pDispatcher)(obj, mtd, &ret, args, &pexc);
	if (pexc) {
		uno_any_destruct(pexc, NULL);
		return NULL;
	}
	found = uu_any_iface(&ret);
	if (found)
		(*found->acquire)(found);
	uno_any_destruct(&ret, NULL);
	return found;
}

static void set_err(char **err, const char *a, const char *b)
{
	size_t n;

	if (!err)
		return;
	n = strlen(a) + strlen(b) + 1;
	*err = malloc(n);
	if (*err)
		snprintf(*err, n, "%s%s", a, b);
}

int uu_call(uno_Interface *obj, enum uu_method m, void *ret, void **args, char **err)
{
	typelib_TypeDescription *mtd = uu_member(m);
	uno_Interface *target;
	uno_Any exc, *pexc = &exc;
	alignas(max_align_t) char unused[64];

	if (err)
		*err = NULL;
	if (!obj) {
		set_err(err, "thidua: no object to call ", uu_member_name(m));
		return -1;
	}
	if (!mtd) {
		set_err(err, "thidua: unknown method ", uu_member_name(m));
		return -1;
	}
	target = uu_query(obj, uu_member_iface(m));
	if (!target) {
		set_err(err, "thidua: the object lacks the interface of ", uu_member_name(m));
		return -1;
	}
	(*target->pDispatcher)(target, mtd, ret ? ret : unused, args, &pexc);
	uu_release(target);
	if (pexc) {
		if (err)
			*err = uu_exc_text(pexc);
		else
			uno_any_destruct(pexc, NULL);
		return -1;
	}
	return 0;
}

uno_Interface *uu_create(uno_Interface *ctx, const char *name, uno_Sequence *args, char **err)
{
	uno_Interface *sm = NULL, *obj = NULL;
	rtl_uString *n = uu_str(name);
	void *a[3];

	if (err)
		*err = NULL;
	if (!n) {
		set_err(err, "thidua: out of memory", "");
		return NULL;
	}
	if (uu_call(ctx, UU_M_CTX_GETSERVICEMANAGER, &sm, NULL, err) < 0)
		goto cleanup;
	if (args) {
		a[0] = &n;
		a[1] = &args;
		a[2] = &ctx;
		if (uu_call(sm, UU_M_SM_CREATE_ARGS, &obj, a, err) < 0)
			obj = NULL;
	} else {
		a[0] = &n;
		a[1] = &ctx;
		if (uu_call(sm, UU_M_SM_CREATE, &obj, a, err) < 0)
			obj = NULL;
	}
	if (!obj && err && !*err)
		set_err(err, "thidua: cannot create ", name);
cleanup:
	uu_release(sm);
	rtl_uString_release(n);
	return obj;
}
