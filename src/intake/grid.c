/* grid.c - the format-neutral cell grid of a returned file
 * (intake_int.h): sheets and their non-empty cells as the ODS and xlsx
 * readers find them, sorted row-major. */
#include "intake/intake_int.h"
#include "odf/sheet.h"
#include "util/alloc.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

int td_grid_add_sheet(td_grid *g, const char *name)
{
	td_gsheet *sh;

	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 4;
		td_gsheet *n = td_realloc(g->sheets, cap * sizeof *n);
		if (!n)
			return td_error_oom();
		g->sheets = n;
		g->cap = cap;
	}
	sh = &g->sheets[g->n];
	memset(sh, 0, sizeof *sh);
	if (!(sh->name = td_strdup(name ? name : "")))
		return td_error_oom();
	g->n++;
	return 0;
}

static int grid_add(td_grid *g, uint32_t row, uint32_t col, td_gtype type, char *block,
                    char *text, char *value, char *formula)
{
	td_gsheet *sh;
	td_gcell *c;
	uint64_t cost;
	int rc = 0;

	if (g->n == 0)
		goto cleanup; /* cells outside any sheet: none in a valid file */
	sh = &g->sheets[g->n - 1];
	if (g->cells >= TD_GRID_MAX_CELLS) {
		rc = td_error(THIDUA_ELIMIT, "Trang tính \"%s\": quá %u ô không trống.",
		              "Sheet \"%s\": more than %u non-empty cells.", sh->name,
		              TD_GRID_MAX_CELLS);
		goto cleanup;
	}
	cost = (text ? strlen(text) : 0) + (value ? strlen(value) : 0) +
	       (formula ? strlen(formula) : 0) + 3;
	if (cost > TD_GRID_MAX_BYTES - g->bytes) {
		char a1[32];

		td_a1(a1, sizeof a1, row, col);
		rc = td_error(THIDUA_ELIMIT,
		              "%s: trang tính \"%s\", ô %s: nội dung các ô (kể cả chuỗi dùng chung và ô lặp lại) vượt %llu MiB; tệp có thể bị hỏng hoặc được làm ra để gây hại.",
		              "%s: sheet \"%s\", cell %s: the cells' content (shared strings and repeats included) exceeds %llu MiB; the file may be damaged or made to do harm.",
		              g->file ? g->file : "?", sh->name, a1,
		              (unsigned long long)(TD_GRID_MAX_BYTES >> 20));
		goto cleanup;
	}
	if (sh->n == sh->cap) {
		size_t cap = sh->cap ? sh->cap * 2 : 64;
		td_gcell *n = td_realloc(sh->cells, cap * sizeof *n);
		if (!n) {
			rc = td_error_oom();
			goto cleanup;
		}
		sh->cells = n;
		sh->cap = cap;
	}
	c = &sh->cells[sh->n++];
	c->row = row;
	c->col = col;
	c->type = type;
	c->text = text;
	c->value = value;
	c->formula = formula;
	c->block = block;
	c->seq = sh->n - 1;
	g->cells++;
	g->bytes += cost;
	return 0;
cleanup:
	if (block) {
		td_free(block);
	} else {
		td_free(text);
		td_free(value);
		td_free(formula);
	}
	return rc;
}

int td_grid_add_cell(td_grid *g, uint32_t row, uint32_t col, td_gtype type, char *text,
                     char *value, char *formula)
{
	return grid_add(g, row, col, type, NULL, text, value, formula);
}

int td_grid_add_cell_block(td_grid *g, uint32_t row, uint32_t col, td_gtype type, char *block,
                           char *text, char *value, char *formula)
{
	return grid_add(g, row, col, type, block, text, value, formula);
}

static void gcell_clear(td_gcell *c)
{
	if (c->block) {
		td_free(c->block);
		return;
	}
	td_free(c->text);
	td_free(c->value);
	td_free(c->formula);
}

/* Row-major; of equal addresses, in the order they came. */
static int cmp_gcell(const void *a, const void *b)
{
	const td_gcell *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void td_grid_finish(td_grid *g)
{
	size_t i, j, k;

	for (i = 0; i < g->n; i++) {
		td_gsheet *sh = &g->sheets[i];
		int sorted = 1;

		for (j = 1; j < sh->n && sorted; j++)
			sorted = sh->cells[j - 1].row < sh->cells[j].row ||
			         (sh->cells[j - 1].row == sh->cells[j].row &&
			          sh->cells[j - 1].col < sh->cells[j].col);
		if (sorted)
			continue;
		qsort(sh->cells, sh->n, sizeof *sh->cells, cmp_gcell);
		/* of two cells at one address, keep the later */
		for (j = 0, k = 0; j < sh->n; j++) {
			if (k > 0 && sh->cells[k - 1].row == sh->cells[j].row &&
			    sh->cells[k - 1].col == sh->cells[j].col) {
				gcell_clear(&sh->cells[k - 1]);
				sh->cells[k - 1] = sh->cells[j];
				g->cells--;
				continue;
			}
			sh->cells[k++] = sh->cells[j];
		}
		sh->n = k;
	}
}

void td_grid_clear(td_grid *g)
{
	size_t i, j;

	for (i = 0; i < g->n; i++) {
		for (j = 0; j < g->sheets[i].n; j++)
			gcell_clear(&g->sheets[i].cells[j]);
		td_free(g->sheets[i].cells);
		td_free(g->sheets[i].name);
	}
	td_free(g->sheets);
	memset(g, 0, sizeof *g);
}

