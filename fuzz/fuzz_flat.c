/* fuzz_flat.c - fuzz target: any bytes as a flat ODF file (.fods/.fodt):
 * opened by the package reader (parsed and split into virtual parts, each
 * part then read and parsed), and streamed by the cell reader as a cluster
 * workbook. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_util.h"
#include "odf/package.h"
#include "odf/sheet.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	td_pkg *pkg = NULL;
	td_book *book = NULL;
	char path[128];
	size_t i;

	fz_path(path, sizeof path, "in.fods");
	fz_write(path, data, size);
	if (td_pkg_open(&pkg, path, NULL) == 0) {
		for (i = 0; i < td_pkg_part_count(pkg); i++) {
			xmlDocPtr doc = NULL;

			if (td_pkg_parse(pkg, td_pkg_part_name(pkg, i), &doc) == 0)
				xmlFreeDoc(doc);
		}
		td_pkg_free(pkg);
	}
	if (td_book_read_path(&book, path, 200000) == 0)
		td_book_free(book);
	unlink(path);
	return 0;
}
