/* fuzz_xlsx.c - fuzz target: the parts of a returned .xlsx. The input is
 * the worksheet XML, optionally followed by "\n--thidua-part--\n" and the
 * shared string table, and by another separator and the workbook part; the
 * target packs them with fixed relationships into an .xlsx and reads it
 * into the intake grid. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <zip.h>

#include "fuzz_util.h"
#include "intake/intake_int.h"

#define SEP "\n--thidua-part--\n"

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
static const char rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
	"</Relationships>";
static const char workbook[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"Đơn vị\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char workbook_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"</Relationships>";

static void add(zip_t *z, const char *name, const void *data, size_t len)
{
	zip_source_t *src = zip_source_buffer(z, data, len, 0);

	if (!src || zip_file_add(z, name, src, ZIP_FL_OVERWRITE) < 0) {
		zip_source_free(src);
		abort();
	}
}

/* The next part of [*p, end): up to the separator (or the end). */
static size_t next_part(const char **p, const char *end, const char **part)
{
	const char *s = *p, *q;
	size_t sep = strlen(SEP);

	*part = s;
	for (q = s; q + sep <= end; q++)
		if (memcmp(q, SEP, sep) == 0) {
			*p = q + sep;
			return (size_t)(q - s);
		}
	*p = end;
	return (size_t)(end - s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *sheet, *sst = NULL, *wb = NULL;
	size_t n_sheet, n_sst = 0, n_wb = 0;
	td_grid g = TD_GRID_INIT;
	char path[128];
	zip_t *z;
	int err = 0;

	n_sheet = next_part(&p, end, &sheet);
	if (p < end)
		n_sst = next_part(&p, end, &sst);
	if (p < end)
		n_wb = next_part(&p, end, &wb);
	fz_path(path, sizeof path, "in.xlsx");
	z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!z)
		abort();
	add(z, "[Content_Types].xml", content_types, strlen(content_types));
	add(z, "_rels/.rels", rels, strlen(rels));
	add(z, "xl/workbook.xml", wb ? wb : workbook, wb ? n_wb : strlen(workbook));
	add(z, "xl/_rels/workbook.xml.rels", workbook_rels, strlen(workbook_rels));
	add(z, "xl/worksheets/sheet1.xml", sheet, n_sheet);
	if (sst)
		add(z, "xl/sharedStrings.xml", sst, n_sst);
	if (zip_close(z) < 0)
		abort();
	td_grid_read_xlsx(&g, path);
	td_grid_clear(&g);
	unlink(path);
	return 0;
}
