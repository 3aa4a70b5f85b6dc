/* fuzz_ods.c - fuzz target: any bytes as the content.xml of a returned
 * scoring sheet (.ods), read by the streaming cell reader with its content
 * budget, into a workbook and into the intake grid (through a flat file,
 * which is how a .fods is read). */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_util.h"
#include "intake/intake_int.h"
#include "odf/sheet.h"

static int count_cell(void *ctx, const td_cell *cell)
{
	(*(size_t *)ctx) += cell->text ? 1 : 0;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	td_book *book = NULL;
	td_grid g = TD_GRID_INIT;
	char path[128];
	size_t n = 0;

	td_sheet_read_xml((const char *)data, size, NULL, count_cell, &n);
	if (td_book_read_xml(&book, (const char *)data, size, 200000) == 0)
		td_book_free(book);
	fz_path(path, sizeof path, "in.fods");
	fz_write(path, data, size);
	td_grid_read_ods(&g, path);
	td_grid_clear(&g);
	unlink(path);
	return 0;
}
