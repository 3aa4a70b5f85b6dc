/* book.c - a small in-memory workbook: every non-empty cell of every sheet,
 * read through the cell stream of sheet.c and looked up by position. */
#include "odf/sheet.h"
#include "util/alloc.h"
#include "util/error.h"

#include <string.h>

struct td_book_sheet {
	char *name;          /* owned */
	td_cell *cells;      /* owned, row-major; text/value/formula owned */
	size_t n, cap;
	uint32_t rows, cols;
};

struct td_book {
	td_book_sheet *sheets; /* owned */
	size_t n, cap;
	size_t cells, max_cells;
};

static void sheet_clear(td_book_sheet *sh)
{
	size_t i;

	for (i = 0; i < sh->n; i++) {
		td_free((char *)sh->cells[i].text);
		td_free((char *)sh->cells[i].value);
		td_free((char *)sh->cells[i].formula);
	}
	td_free(sh->cells);
	td_free(sh->name);
}

void td_book_free(td_book *book)
{
	size_t i;

	if (!book)
		return;
	for (i = 0; i < book->n; i++)
		sheet_clear(&book->sheets[i]);
	td_free(book->sheets);
	td_free(book);
}

static int book_on_sheet(void *ctx, const char *name, size_t index)
{
	td_book *b = ctx;
	td_book_sheet *sh;

	(void)index;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 8;
		td_book_sheet *n = td_realloc(b->sheets, cap * sizeof *n);
		if (!n)
			return td_error_oom();
		b->sheets = n;
		b->cap = cap;
	}
	sh = &b->sheets[b->n];
	memset(sh, 0, sizeof *sh);
	sh->name = td_strdup(name);
	if (!sh->name)
		return td_error_oom();
	b->n++; /* cells point at the name, which does not move with the array */
	return 0;
}

static int book_on_cell(void *ctx, const td_cell *cell)
{
	td_book *b = ctx;
	td_book_sheet *sh;
	td_cell *c;

	if (b->n == 0)
		return 0;
	if (b->cells >= b->max_cells)
		return td_error(THIDUA_ELIMIT, "Bảng tính có quá %zu ô không trống.",
		                "The workbook has more than %zu non-empty cells.", b->max_cells);
	sh = &b->sheets[b->n - 1];
	if (sh->n == sh->cap) {
		size_t cap = sh->cap ? sh->cap * 2 : 32;
		td_cell *n = td_realloc(sh->cells, cap * sizeof *n);
		if (!n)
			return td_error_oom();
		sh->cells = n;
		sh->cap = cap;
	}
	c = &sh->cells[sh->n];
	memset(c, 0, sizeof *c);
	c->sheet = sh->name;
	c->row = cell->row;
	c->col = cell->col;
	c->type = cell->type;
	c->text = td_strdup(cell->text ? cell->text : "");
	c->value = td_strdup(cell->value);
	c->formula = td_strdup(cell->formula);
	if (!c->text || (cell->value && !c->value) || (cell->formula && !c->formula)) {
		td_free((char *)c->text);
		td_free((char *)c->value);
		td_free((char *)c->formula);
		return td_error_oom();
	}
	sh->n++;
	b->cells++;
	if (cell->row + 1 > sh->rows)
		sh->rows = cell->row + 1;
	if (cell->col + 1 > sh->cols)
		sh->cols = cell->col + 1;
	return 0;
}

int td_book_read_xml(td_book **out, const char *xml, size_t len, size_t max_cells)
{
	td_book *b;
	int rc;

	*out = NULL;
	b = td_calloc(1, sizeof *b);
	if (!b)
		return td_error_oom();
	b->max_cells = max_cells;
	rc = td_sheet_read_xml(xml, len, book_on_sheet, book_on_cell, b);
	if (rc) {
		td_book_free(b);
		return rc;
	}
	*out = b;
	return 0;
}

int td_book_read_path(td_book **out, const char *path, size_t max_cells)
{
	td_book *b;
	int rc;

	*out = NULL;
	b = td_calloc(1, sizeof *b);
	if (!b)
		return td_error_oom();
	b->max_cells = max_cells;
	rc = td_sheet_read_path(path, NULL, book_on_sheet, book_on_cell, b);
	if (rc) {
		td_book_free(b);
		return rc;
	}
	*out = b;
	return 0;
}

int td_book_read(td_book **out, const td_pkg *pkg, size_t max_cells)
{
	char *xml = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	rc = td_pkg_read(pkg, "content.xml", &xml, &len);
	if (rc)
		return rc;
	rc = td_book_read_xml(out, xml, len, max_cells);
	td_free(xml);
	return rc;
}

size_t td_book_sheet_count(const td_book *book) { return book ? book->n : 0; }

const td_book_sheet *td_book_sheet_at(const td_book *book, size_t i)
{
	return book && i < book->n ? &book->sheets[i] : NULL;
}

const td_book_sheet *td_book_sheet_by_name(const td_book *book, const char *name)
{
	size_t i;

	for (i = 0; book && name && i < book->n; i++)
		if (strcmp(book->sheets[i].name, name) == 0)
			return &book->sheets[i];
	return NULL;
}

const char *td_book_sheet_name(const td_book_sheet *sh) { return sh ? sh->name : NULL; }
uint32_t td_book_sheet_rows(const td_book_sheet *sh) { return sh ? sh->rows : 0; }
uint32_t td_book_sheet_cols(const td_book_sheet *sh) { return sh ? sh->cols : 0; }
size_t td_book_sheet_cell_count(const td_book_sheet *sh) { return sh ? sh->n : 0; }

const td_cell *td_book_sheet_cell_at(const td_book_sheet *sh, size_t i)
{
	return sh && i < sh->n ? &sh->cells[i] : NULL;
}

const td_cell *td_book_cell(const td_book_sheet *sh, uint32_t row, uint32_t col)
{
	size_t lo = 0, hi;

	if (!sh)
		return NULL;
	hi = sh->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const td_cell *c = &sh->cells[mid];

		if (c->row < row || (c->row == row && c->col < col))
			lo = mid + 1;
		else if (c->row == row && c->col == col)
			return c;
		else
			hi = mid;
	}
	return NULL;
}
