/* read_ods.c - the cells of a returned .ods/.fods scoring sheet, through the
 * streaming ODF cell reader (odf/sheet.h), into the grid of intake_int.h. */
#include "intake/intake_int.h"
#include "odf/package.h"
#include "odf/sheet.h"
#include "util/alloc.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

#define MIME_ODS "application/vnd.oasis.opendocument.spreadsheet"

static int on_sheet(void *ctx, const char *sheet, size_t index)
{
	(void)index;
	return td_grid_add_sheet(ctx, sheet);
}

static int on_cell(void *ctx, const td_cell *cell)
{
	td_grid *g = ctx;
	td_gtype type;
	char *text = NULL, *value = NULL, *formula = NULL;

	switch (cell->type) {
	case TD_CELL_FLOAT: type = TD_G_NUMBER; break;
	case TD_CELL_DATE:
	case TD_CELL_TIME: type = TD_G_DATE; break;
	case TD_CELL_BOOL: type = TD_G_BOOL; break;
	default: type = TD_G_STRING; break;
	}
	if ((cell->text && *cell->text && !(text = td_strdup(cell->text))) ||
	    (cell->value && !(value = td_strdup(cell->value))) ||
	    (cell->formula && !(formula = td_strdup(cell->formula)))) {
		td_free(text);
		td_free(value);
		td_free(formula);
		return td_error_oom();
	}
	return td_grid_add_cell(g, cell->row, cell->col, type, text, value, formula);
}

int td_grid_read_ods(td_grid *g, const char *path)
{
	td_pkg *pkg = NULL;
	const char *mt;
	int rc;

	rc = td_pkg_open(&pkg, path, NULL);
	if (rc)
		goto cleanup;
	mt = td_pkg_mimetype(pkg);
	/* a spreadsheet or a spreadsheet template */
	if (!mt || strncmp(mt, MIME_ODS, strlen(MIME_ODS)) != 0) {
		rc = td_error(THIDUA_EFORMAT,
		              "Tệp %s không phải bảng tính (loại tài liệu: %s).",
		              "%s is not a spreadsheet (document type: %s).", path,
		              mt ? mt : "?");
		goto cleanup;
	}
	rc = td_sheet_read(pkg, on_sheet, on_cell, g);
	if (rc == THIDUA_EFORMAT || rc == THIDUA_ELIMIT) {
		/* the cell reader's messages do not name the file */
		const thidua_error *e = thidua_error_last();
		char vi[512], en[512];

		snprintf(vi, sizeof vi, "%s", e && e->message_vi ? e->message_vi : "?");
		snprintf(en, sizeof en, "%s", e && e->message_en ? e->message_en : "?");
		rc = td_error(rc, "%s: %s%.0s", "%s: %.0s%s", path, vi, en);
	}
	if (!rc)
		td_grid_finish(g);
cleanup:
	td_pkg_free(pkg);
	return rc;
}
