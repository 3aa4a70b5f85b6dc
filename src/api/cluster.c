/* cluster.c - the public cluster calls: load (src/model/load.c) and the
 * getters. */
#include "model/cluster.h"
#include "thidua.h"
#include "util/alloc.h"
#include "util/error.h"

int thidua_cluster_load(thidua_cluster **out, const char *path, thidua_diags *diags)
{
	return thidua_cluster_load_ex(out, path, 0, diags);
}

int thidua_cluster_load_ex(thidua_cluster **out, const char *path, unsigned flags,
                           thidua_diags *diags)
{
	unsigned long failures = td_alloc_failures();

	/* libxml2 turns some allocation failures into other errors (a schema
	 * that does not compile, XML that is not well-formed) */
	return td_error_oom_since(td_cluster_load(out, path, flags, diags), failures);
}

const char *thidua_cluster_name(const thidua_cluster *c) { return c ? c->name : NULL; }
int thidua_cluster_year(const thidua_cluster *c) { return c ? c->year : 0; }
size_t thidua_cluster_unit_count(const thidua_cluster *c) { return c ? c->n_units : 0; }
