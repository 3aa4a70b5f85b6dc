/* cluster.c - the public cluster calls: load (src/model/load.c) and the
 * getters. */
#include "model/cluster.h"
#include "thidua.h"

int thidua_cluster_load(thidua_cluster **out, const char *path, thidua_diags *diags)
{
	return td_cluster_load(out, path, 0, diags);
}

int thidua_cluster_load_ex(thidua_cluster **out, const char *path, unsigned flags,
                           thidua_diags *diags)
{
	return td_cluster_load(out, path, flags, diags);
}

const char *thidua_cluster_name(const thidua_cluster *c) { return c ? c->name : NULL; }
int thidua_cluster_year(const thidua_cluster *c) { return c ? c->year : 0; }
size_t thidua_cluster_unit_count(const thidua_cluster *c) { return c ? c->n_units : 0; }
