/* template.h - library-internal entry points of the template engine beyond
 * the public API in thidua.h. */
#ifndef TD_TEMPLATE_H
#define TD_TEMPLATE_H

#include "thidua.h"
#include "tmpl/value.h"

/* Fill a compiled template from any data tree (the root map's keys are the
 * template's top-level names) and write out_path atomically. data is
 * borrowed. Same errors as thidua_template_fill. */
int td_template_fill_value(const thidua_template *t, td_value *data, const char *out_path,
                           const thidua_fill_options *opts, thidua_diags *diags);

/* The same into a file of an output set (odf/outset.h): staged_path is the
 * path td_outset_add gave; the set flushes and moves it in. */
int td_template_fill_staged(const thidua_template *t, td_value *data, const char *staged_path,
                            thidua_diags *diags);

/* The folder of the bundled templates for these options: opts->template_dir
 * when set, else thidua_template_dir(). Borrowed. */
const char *td_template_dir(const thidua_fill_options *opts);

/* 1 when the template is a spreadsheet (its output is .ods), else 0. */
int td_template_is_sheet(const thidua_template *t);

#endif
