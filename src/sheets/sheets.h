/* sheets.h - scoring sheets written for each unit (sheet_write.c). */
#ifndef TD_SHEETS_H
#define TD_SHEETS_H

#include <stddef.h>

#include "model/cluster.h"
#include "thidua.h"

/* Write the scoring sheet of one unit (self-scoring; in a cross-scoring
 * cluster, one table per other unit, scored by `unit`). */
int td_sheet_write(const thidua_cluster *c, size_t unit, const char *template_path,
                   const char *out_path, int overwrite, thidua_diags *diags);

#endif
