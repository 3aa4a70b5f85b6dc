/* config.h - the extension's settings (/vn.thidua.Settings/Options in the
 * office configuration: LastFolder, OutputFolder, Language, SheetFormat) and
 * the office settings the component reads. ctx is the component context
 * (borrowed). */
#ifndef THIDUA_UNO_CONFIG_H
#define THIDUA_UNO_CONFIG_H

#include "thidua.h"
#include "uno/uno_util.h"

/* The string value name under nodepath (owned UTF-8), or NULL when it is
 * empty, missing or not a string. */
char *tu_config_read(uno_Interface *ctx, const char *nodepath, const char *name);
/* Set and commit it. 0, or -1. */
int tu_config_write(uno_Interface *ctx, const char *nodepath, const char *name,
                    const char *value);

/* One of the extension's settings (owned, NULL when empty), and setting it. */
char *tu_setting(uno_Interface *ctx, const char *name);
int tu_setting_set(uno_Interface *ctx, const char *name, const char *value);

/* The language of messages: the Language setting, or for "auto" the
 * interface's (Vietnamese for a Vietnamese interface, else English). */
thidua_lang tu_lang(uno_Interface *ctx);

/* The format of the scoring sheets (a thidua_sheet_format): the
 * SheetFormat setting, "xlsx" or else .ods. */
int tu_sheet_format(uno_Interface *ctx);

/* The user's Documents folder (PathSettings "Work") as a system path,
 * owned, or NULL. */
char *tu_documents_dir(uno_Interface *ctx);

#endif
