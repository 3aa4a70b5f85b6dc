/* fuzz_cluster.c - fuzz target: any bytes as cluster data (XML format, or
 * a flat workbook), loaded and validated. */
#include <stddef.h>
#include <stdint.h>

#include "model/cluster.h"
#include "model/model_int.h"
#include "odf/sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	thidua_cluster *c = NULL;
	thidua_diags *d = thidua_diags_new();
	td_book *book = NULL;

	if (td_cluster_from_xml(&c, (const char *)data, size, "fuzz.xml", THIDUA_LOAD_NORMALIZE, d) == 0)
		thidua_cluster_free(c);
	c = NULL;
	if (td_book_read_xml(&book, (const char *)data, size, 100000) == 0) {
		if (td_cluster_from_book(&c, book, "fuzz.fods", 0, d) == 0)
			thidua_cluster_free(c);
		td_book_free(book);
	}
	thidua_diags_free(d);
	return 0;
}
