/* fuzz_package.c - fuzz target: any bytes as a whole file handed to the
 * readers of packages (zip structure): the ODF package reader (open, every
 * part read and the XML ones parsed), the .ods and .xlsx returned-sheet
 * readers, and the sniffer that tells them apart. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_util.h"
#include "intake/intake_int.h"
#include "odf/package.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	td_pkg *pkg = NULL;
	td_grid g = TD_GRID_INIT;
	td_file_kind kind;
	char path[128];
	size_t i;

	fz_path(path, sizeof path, "in.pkg");
	fz_write(path, data, size);
	td_file_sniff(&kind, path);
	if (td_pkg_open(&pkg, path, NULL) == 0) {
		for (i = 0; i < td_pkg_part_count(pkg); i++) {
			const char *name = td_pkg_part_name(pkg, i);
			size_t n = strlen(name), len;
			char *bytes = NULL;

			if (n > 4 && strcmp(name + n - 4, ".xml") == 0) {
				xmlDocPtr doc = NULL;

				if (td_pkg_parse(pkg, name, &doc) == 0)
					xmlFreeDoc(doc);
			} else if (td_pkg_read(pkg, name, &bytes, &len) == 0) {
				td_free(bytes);
			}
		}
		td_pkg_free(pkg);
	}
	td_grid_read_ods(&g, path);
	td_grid_clear(&g);
	td_grid_read_xlsx(&g, path);
	td_grid_clear(&g);
	unlink(path);
	return 0;
}
