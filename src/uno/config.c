/* config.c - the extension's settings in the office configuration
 * (/vn.thidua.Settings/Options, schema extension/config/Settings.xcs) and
 * the few office settings the component reads (the interface's language,
 * the user's Documents folder). */
#include "uno/config.h"

#include <stdlib.h>
#include <string.h>

#define SETTINGS "/vn.thidua.Settings/Options"

/* A configuration access (update access when update) on nodepath; owned,
 * or NULL. */
static uno_Interface *access_node(uno_Interface *ctx, const char *nodepath, int update)
{
	uno_Interface *cp, *node = NULL;
	uno_Sequence *args = uu_seq_new(UU_SEQ_ANY, 1);
	void *pv = uu_struct_new(UU_PROPERTYVALUE);
	rtl_uString *svc = uu_str(update ? "com.sun.star.configuration.ConfigurationUpdateAccess"
	                                 : "com.sun.star.configuration.ConfigurationAccess");
	rtl_uString *path = uu_str(nodepath);
	void *a[2] = { &svc, &args };

	cp = uu_create(ctx, "com.sun.star.configuration.ConfigurationProvider", NULL, NULL);
	if (!cp || !args || !pv || !svc || !path ||
	    uu_set_str(uu_field(pv, UU_PROPERTYVALUE, "Name"), "nodepath") < 0)
		goto cleanup;
	uu_any_set(uu_field(pv, UU_PROPERTYVALUE, "Value"), &path, UU_STRING);
	uu_any_set(uu_seq_elem(args, UU_SEQ_ANY, 0), pv, UU_PROPERTYVALUE);
	if (uu_call(cp, UU_M_MSF_CREATE_ARGS, &node, a, NULL) < 0)
		node = NULL;
cleanup:
	uu_release(cp);
	if (args)
		uno_type_destructData(&args, uu_ref(UU_SEQ_ANY), NULL);
	uu_struct_free(pv, UU_PROPERTYVALUE);
	if (svc)
		rtl_uString_release(svc);
	if (path)
		rtl_uString_release(path);
	return node;
}

char *tu_config_read(uno_Interface *ctx, const char *nodepath, const char *name)
{
	uno_Interface *node = access_node(ctx, nodepath, 0);
	rtl_uString *n = uu_str(name);
	void *a[1] = { &n };
	uno_Any v;
	char *out = NULL;

	if (node && n && uu_call(node, UU_M_NAMEACCESS_GETBYNAME, &v, a, NULL) == 0) {
		if (uu_any_str(&v) && !uu_str_empty(uu_any_str(&v)))
			out = uu_utf8(uu_any_str(&v));
		uno_any_destruct(&v, NULL);
	}
	if (n)
		rtl_uString_release(n);
	uu_release(node);
	return out;
}

int tu_config_write(uno_Interface *ctx, const char *nodepath, const char *name,
                    const char *value)
{
	uno_Interface *node = access_node(ctx, nodepath, 1);
	rtl_uString *n = uu_str(name), *v = uu_str(value);
	uno_Any any;
	void *a[2] = { &n, &any };
	int rc = -1;

	uno_any_construct(&any, NULL, NULL, NULL);
	if (node && n && v) {
		uu_any_set(&any, &v, UU_STRING);
		if (uu_call(node, UU_M_NAMEREPLACE_REPLACEBYNAME, NULL, a, NULL) == 0 &&
		    uu_call(node, UU_M_CHANGESBATCH_COMMIT, NULL, NULL, NULL) == 0)
			rc = 0;
	}
	uno_any_destruct(&any, NULL);
	if (n)
		rtl_uString_release(n);
	if (v)
		rtl_uString_release(v);
	uu_release(node);
	return rc;
}

char *tu_setting(uno_Interface *ctx, const char *name)
{
	return tu_config_read(ctx, SETTINGS, name);
}

int tu_setting_set(uno_Interface *ctx, const char *name, const char *value)
{
	return tu_config_write(ctx, SETTINGS, name, value);
}

thidua_lang tu_lang(uno_Interface *ctx)
{
	char *pref = tu_setting(ctx, "Language"), *ui;
	thidua_lang lang;

	if (pref && strcmp(pref, "vi") == 0)
		lang = THIDUA_LANG_VI;
	else if (pref && strcmp(pref, "en") == 0)
		lang = THIDUA_LANG_EN;
	else {
		/* auto: the interface's language; Vietnamese unless it is another */
		ui = tu_config_read(ctx, "/org.openoffice.Setup/L10N", "ooLocale");
		lang = ui && strncmp(ui, "vi", 2) != 0 ? THIDUA_LANG_EN : THIDUA_LANG_VI;
		free(ui);
	}
	free(pref);
	return lang;
}

int tu_sheet_format(uno_Interface *ctx)
{
	char *f = tu_setting(ctx, "SheetFormat");
	int xlsx = f && strcmp(f, "xlsx") == 0;

	free(f);
	return xlsx ? THIDUA_SHEET_XLSX : THIDUA_SHEET_ODS;
}

char *tu_documents_dir(uno_Interface *ctx)
{
	uno_Interface *ps = uu_create(ctx, "com.sun.star.util.PathSettings", NULL, NULL);
	rtl_uString *n = uu_str("Work");
	void *a[1] = { &n };
	uno_Any v;
	char *path = NULL;

	if (ps && n && uu_call(ps, UU_M_PROPERTYSET_GETVALUE, &v, a, NULL) == 0) {
		if (uu_any_str(&v) && uu_to_path(&path, uu_any_str(&v)) < 0)
			path = NULL;
		uno_any_destruct(&v, NULL);
	}
	if (n)
		rtl_uString_release(n);
	uu_release(ps);
	return path;
}
