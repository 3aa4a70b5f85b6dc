/* report.h - the tally's results written out: the summary workbook and the
 * report (write.c, from the bundled templates), and JSON (json.c). */
#ifndef TD_REPORT_H
#define TD_REPORT_H

#include "thidua.h"

/* Write bang-tong-hop-ket-qua-<year>.ods and bao-cao-ket-qua-<year>.odt
 * into out_dir, both or neither; out receives their paths (caller owns,
 * thidua_paths_free). Same contract as thidua_tally_write. */
int td_report_write(thidua_paths *out, const thidua_tally *t, const char *out_dir,
                    const thidua_fill_options *opts, const thidua_diags *diags);

/* The results as JSON; *out owned by the caller (free()). t not NULL. */
int td_report_json(char **out, const thidua_tally *t);

#endif
