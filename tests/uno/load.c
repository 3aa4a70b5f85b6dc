/* load.c - load the component library as LibreOffice's shared-library
 * loader does (dlopen, the two entry points) and check what it answers
 * without a running office: the environment, a factory per implementation
 * name, none for another name, and the factory's reference counting.
 * Usage: uno_load path/to/libthidua_uno.so */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* The binary UNO interface head (uno/dispatcher.h), to avoid the SDK
 * headers in this test. */
typedef struct uno_iface {
	void (*acquire)(struct uno_iface *);
	void (*release)(struct uno_iface *);
	void *dispatcher;
} uno_iface;

typedef void (*env_fn)(const char **, void **);
typedef void *(*factory_fn)(const char *, void *, void *);

static int passed, failed;

static void check(int ok, const char *what)
{
	printf("%s %s\n", ok ? "ok  " : "FAIL", what);
	if (ok)
		passed++;
	else
		failed++;
}

int main(int argc, char **argv)
{
	const char *env = NULL;
	uno_iface *f;
	void *lib;
	env_fn get_env;
	factory_fn get_factory;

	if (argc != 2) {
		fprintf(stderr, "usage: %s libthidua_uno.so\n", argv[0]);
		return 2;
	}
	lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
	check(lib != NULL, "dlopen of the component library");
	if (!lib) {
		fprintf(stderr, "%s\n", dlerror());
		printf("uno-load: %d passed, %d failed\n", passed, failed);
		return 1;
	}
	*(void **)&get_env = dlsym(lib, "component_getImplementationEnvironment");
	*(void **)&get_factory = dlsym(lib, "component_getFactory");
	check(get_env && get_factory, "both entry points are exported");
	check(dlsym(lib, "tu_service_new") == NULL && dlsym(lib, "uu_call") == NULL,
	      "internal functions are not exported");
	if (get_env) {
		get_env(&env, NULL);
		check(env && strcmp(env, "uno") == 0, "environment is \"uno\"");
	}
	if (get_factory) {
		check(get_factory("vn.thidua.Nothing", NULL, NULL) == NULL, "no factory for another name");
		check(get_factory(NULL, NULL, NULL) == NULL, "no factory for NULL");
		f = get_factory("vn.thidua.ThiduaImpl", NULL, NULL);
		check(f && f->acquire && f->release && f->dispatcher, "factory of the service");
		if (f) {
			f->acquire(f);
			f->release(f);
			f->release(f); /* the caller's reference: frees it */
		}
		f = get_factory("vn.thidua.DispatchImpl", NULL, NULL);
		check(f != NULL, "factory of the protocol handler");
		if (f)
			f->release(f);
	}
	printf("uno-load: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
