/* component.c - the component's entry points and its factories
 * (XSingleComponentFactory, one per implementation). */
#include "uno/component.h"
#include "uno/work.h"

#include <stdlib.h>
#include <string.h>

#include <sal/types.h>

typedef struct factory {
	uu_object head;
	const uu_class *product;
} factory;

static const enum uu_type factory_types[] = { UU_XSINGLECOMPONENTFACTORY, UU_TYPE_COUNT };

/* A new instance of the factory's implementation; ctx borrowed. */
static uno_Interface *create(const factory *f, uno_Interface *ctx)
{
	if (f->product == &tu_service_class)
		return tu_service_new();
	if (f->product == &tu_options_class)
		return tu_options_new(ctx);
	return tu_dispatch_new(ctx);
}

/* Pass the arguments to XInitialization::initialize, as the default UNO
 * factories do. */
static int initialize(uno_Interface *obj, uno_Sequence *args, uno_Any *slot)
{
	void *a[1] = { &args };
	char *err = NULL;
	uno_Interface *init;
	int rc;

	if (!args || args->nElements == 0)
		return 0;
	init = uu_query(obj, UU_XINITIALIZATION);
	if (!init)
		return 0; /* nothing to initialise: the arguments are not used */
	uu_release(init);
	if (uu_call(obj, UU_M_INIT_INITIALIZE, NULL, a, &err) == 0)
		return 0;
	rc = uu_raise(slot, UU_RUNTIMEEXCEPTION, err ? err : "thidua: initialize failed");
	free(err);
	return rc;
}

static int factory_call(uu_object *obj, const char *member, void *ret, void **args,
                        uno_Any *slot)
{
	factory *f = (factory *)obj;
	uno_Interface *made;
	int with_args;

	if (strcmp(member, "com.sun.star.lang.XSingleComponentFactory::createInstanceWithContext") == 0)
		with_args = 0;
	else if (strcmp(member, "com.sun.star.lang.XSingleComponentFactory::"
	                        "createInstanceWithArgumentsAndContext") == 0)
		with_args = 1;
	else
		return 1;
	made = create(f, *(uno_Interface **)args[with_args ? 1 : 0]);
	if (!made)
		return uu_raise(slot, UU_RUNTIMEEXCEPTION, "thidua: out of memory");
	if (with_args && initialize(made, *(uno_Sequence **)args[0], slot) < 0) {
		uu_release(made);
		return -1;
	}
	*(uno_Interface **)ret = made; /* the creation's reference goes to the caller */
	return 0;
}

static void factory_destroy(uu_object *obj)
{
	free(obj);
}

static const char *const service_factory_names[] = { "vn.thidua.Thidua", NULL };
static const char *const dispatch_factory_names[] = { "com.sun.star.frame.ProtocolHandler", NULL };
static const char *const options_factory_names[] = { "vn.thidua.OptionsHandler", NULL };

/* The factories answer XServiceInfo for their product. */
static const uu_class service_factory_class = {
	TU_SERVICE_IMPL, service_factory_names, factory_types, factory_destroy, factory_call,
};
static const uu_class dispatch_factory_class = {
	TU_DISPATCH_IMPL, dispatch_factory_names, factory_types, factory_destroy, factory_call,
};
static const uu_class options_factory_class = {
	TU_OPTIONS_IMPL, options_factory_names, factory_types, factory_destroy, factory_call,
};

SAL_DLLPUBLIC_EXPORT void component_getImplementationEnvironment(const char **env_type_name,
                                                                 void **env);
SAL_DLLPUBLIC_EXPORT void *component_getFactory(const char *impl_name, void *service_manager,
                                                void *registry_key);

/* The environment of the objects this library makes: plain binary UNO. */
void component_getImplementationEnvironment(const char **env_type_name, void **env)
{
	(void)env;
	*env_type_name = "uno";
}

/* A factory for impl_name, one reference owned by the caller; NULL for an
 * unknown name or when out of memory. The arguments are borrowed/unused. */
void *component_getFactory(const char *impl_name, void *service_manager, void *registry_key)
{
	factory *f;

	(void)service_manager;
	(void)registry_key;
	if (!impl_name)
		return NULL;
	tu_init();
	f = malloc(sizeof *f);
	if (!f)
		return NULL;
	if (strcmp(impl_name, TU_SERVICE_IMPL) == 0) {
		uu_object_init(&f->head, &service_factory_class);
		f->product = &tu_service_class;
	} else if (strcmp(impl_name, TU_DISPATCH_IMPL) == 0) {
		uu_object_init(&f->head, &dispatch_factory_class);
		f->product = &tu_dispatch_class;
	} else if (strcmp(impl_name, TU_OPTIONS_IMPL) == 0) {
		uu_object_init(&f->head, &options_factory_class);
		f->product = &tu_options_class;
	} else {
		free(f);
		return NULL;
	}
	return &f->head.iface;
}
