/* read_ods.c - the cells of a returned .ods/.fods scoring sheet, through the
 * streaming ODF cell reader (odf/sheet.h; a .fods is streamed from its file),
 * into the grid of intake_int.h. The reader's content budget is the grid's,
 * so repeated cells are refused before they are copied. */
#include "intake/intake_int.h"
#include "odf/sheet.h"
#include "util/alloc.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

static int on_sheet(void *ctx, const char *sheet, size_t index)
{
	(void)index;
	return td_grid_add_sheet(ctx, sheet);
}

static int on_cell(void *ctx, const td_cell *cell)
{
	td_grid *g = ctx;
	td_gtype type;
	char *block, *text = NULL, *value = NULL, *formula = NULL;
	size_t lt = cell->text && *cell->text ? strlen(cell->text) + 1 : 0;
	size_t lv = cell->value ? strlen(cell->value) + 1 : 0;
	size_t lf = cell->formula ? strlen(cell->formula) + 1 : 0;

	switch (cell->type) {
	case TD_CELL_FLOAT: type = TD_G_NUMBER; break;
	case TD_CELL_DATE:
	case TD_CELL_TIME: type = TD_G_DATE; break;
	case TD_CELL_BOOL: type = TD_G_BOOL; break;
	default: type = TD_G_STRING; break;
	}
	if (!lt && !lv && !lf)
		return td_grid_add_cell(g, cell->row, cell->col, type, NULL, NULL, NULL);
	/* the three strings in one allocation (the grid's block) */
	if (!(block = td_malloc(lt + lv + lf)))
		return td_error_oom();
	if (lt)
		memcpy(text = block, cell->text, lt);
	if (lv)
		memcpy(value = block + lt, cell->value, lv);
	if (lf)
		memcpy(formula = block + lt + lv, cell->formula, lf);
	return td_grid_add_cell_block(g, cell->row, cell->col, type, block, text, value, formula);
}

int td_grid_read_ods(td_grid *g, const char *path)
{
	td_sheet_opts o;
	int rc;

	memset(&o, 0, sizeof o);
	g->file = path;
	o.want_sheet = 1;
	o.max_bytes = TD_GRID_MAX_BYTES;
	rc = td_sheet_read_path(path, &o, on_sheet, on_cell, g);
	if (!rc)
		td_grid_finish(g);
	return rc;
}

int td_grid_read_ods_zip(td_grid *g, const char *path, struct zip *za)
{
	td_sheet_opts o;
	td_pkg *pkg = NULL;
	int rc;

	memset(&o, 0, sizeof o);
	g->file = path;
	o.want_sheet = 1;
	o.max_bytes = TD_GRID_MAX_BYTES;
	rc = td_pkg_open_zip(&pkg, path, za, NULL);
	if (!rc)
		rc = td_sheet_read_pkg(pkg, path, &o, on_sheet, on_cell, g);
	td_pkg_free(pkg);
	if (!rc)
		td_grid_finish(g);
	return rc;
}
