/* sheet_cells.c - writing the cells of a scoring sheet's content.xml:
 * text (paragraphs, kept spaces), numbers, formulas with their cached
 * value, references and sums in OpenFormula ("of:" namespace, ODF 1.3
 * Part 4), rows. Buffer failures are sticky in the td_buf and checked
 * by the caller. */
#include "sheets/sheets_int.h"
#include "text/vi.h"
#include "util/error.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define MAX_SUM_ARGS 200 /* OpenFormula implementations accept 255 */

void gen_fail(gen *g, int rc)
{
	if (!g->rc)
		g->rc = rc;
}

/* Text as text:p elements: one per line; spaces that XML white-space
 * processing would drop (leading, trailing, repeated) as text:s. */
void put_paras(td_buf *b, const char *s)
{
	const char *p = s, *line = s;

	td_buf_puts(b, "<text:p>");
	while (*p) {
		size_t run = 0, rest;
		if (*p == '\n') {
			td_buf_puts(b, "</text:p><text:p>");
			line = ++p;
		} else if (*p == '\r') {
			p++;
		} else if (*p == '\t') {
			td_buf_puts(b, "<text:tab/>");
			p++;
		} else if (*p == ' ') {
			while (p[run] == ' ')
				run++;
			rest = run;
			if (p != line && p[run] && p[run] != '\n' && p[run] != '\r') {
				td_buf_putc(b, ' ');
				rest--;
			}
			if (rest == 1)
				td_buf_puts(b, "<text:s/>");
			else if (rest > 1)
				td_buf_printf(b, "<text:s text:c=\"%zu\"/>", rest);
			p += run;
		} else {
			while (p[run] && !strchr("\n\r\t ", p[run]))
				run++;
			td_buf_put_xml(b, p, run, 0);
			p += run;
		}
	}
	td_buf_puts(b, "</text:p>");
}

/* A whole number in decimal (the hot paths write without printf). */
void put_uint(td_buf *b, uint64_t v)
{
	char d[20];
	size_t n = sizeof d;

	do {
		d[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	td_buf_put(b, d + n, sizeof d - n);
}

static void open_cell(gen *g, int style, unsigned span)
{
	td_buf_puts(&g->body, "<table:table-cell table:style-name=\"");
	td_buf_puts(&g->body, td_sheet_style_names[style]);
	td_buf_putc(&g->body, '"');
	if (span > 1) {
		td_buf_puts(&g->body, " table:number-columns-spanned=\"");
		put_uint(&g->body, span);
		td_buf_puts(&g->body, "\" table:number-rows-spanned=\"1\"");
	}
}

static void covered(gen *g, unsigned span)
{
	for (; span > 1; span--)
		td_buf_puts(&g->body, "<table:covered-table-cell/>");
}

/* A text cell spanning `span` columns; empty text gives an empty cell. */
void cell_text(gen *g, int style, const char *text, unsigned span)
{
	open_cell(g, style, span);
	if (!text || !*text) {
		td_buf_puts(&g->body, "/>");
	} else {
		td_buf_puts(&g->body, " office:value-type=\"string\">");
		put_paras(&g->body, text);
		td_buf_puts(&g->body, "</table:table-cell>");
	}
	covered(g, span);
}

/* A text cell with the criterion's note as a comment (office:annotation,
 * hidden until pointed at; readers of returned sheets ignore comments). */
void cell_text_note(gen *g, int style, const char *text, const char *note)
{
	open_cell(g, style, 1);
	td_buf_puts(&g->body, " office:value-type=\"string\"><office:annotation>");
	put_paras(&g->body, note);
	td_buf_puts(&g->body, "</office:annotation>");
	put_paras(&g->body, text ? text : "");
	td_buf_puts(&g->body, "</table:table-cell>");
}

/* Hundredths as an OpenFormula / office:value number: 3000 -> "30",
 * 250 -> "2.5", -25 -> "-0.25". */
void put_decimal(td_buf *b, int64_t h)
{
	uint64_t m = h < 0 ? (uint64_t)(-(h + 1)) + 1 : (uint64_t)h;
	char f[3] = { '.', 0, 0 };

	if (h < 0)
		td_buf_putc(b, '-');
	put_uint(b, m / 100);
	if (m % 100 == 0)
		return;
	f[1] = (char)('0' + (m % 100) / 10);
	f[2] = (char)('0' + m % 10);
	td_buf_put(b, f, m % 10 == 0 ? 2 : 3);
}

/* Numbers as shown (td_fmt_number, through ICU) are remembered per thread:
 * a sheet shows a few dozen distinct numbers hundreds of times, and ten
 * thousand sheets show the same ones. Direct-mapped; a number whose text
 * does not fit is not kept. */
#define NUM_CACHE 256
typedef struct num_text {
	int64_t h;
	unsigned char len; /* 0: empty slot */
	char s[31];
} num_text;
static _Thread_local num_text num_cache[NUM_CACHE];

void put_number_text(gen *g, td_buf *b, int64_t h)
{
	num_text *e = &num_cache[(uint64_t)h % NUM_CACHE];
	size_t start = b->len;
	int rc;

	if (e->len && e->h == h) {
		td_buf_put(b, e->s, e->len);
		return;
	}
	rc = td_fmt_number(b, h, -1);
	if (rc < 0) {
		gen_fail(g, rc);
		return;
	}
	if (!td_buf_oom(b) && b->len - start < sizeof e->s && b->len > start) {
		e->h = h;
		e->len = (unsigned char)(b->len - start);
		memcpy(e->s, b->ptr + start, e->len);
	}
}

/* A number cell; cap cells show "≤ n". */
void cell_number(gen *g, int style, int64_t h)
{
	int cap = style == S_CAP || style == S_SECCAP || style == S_TOTCAP;

	open_cell(g, style, 1);
	td_buf_puts(&g->body, " office:value-type=\"float\" office:value=\"");
	put_decimal(&g->body, h);
	td_buf_puts(&g->body, "\"><text:p>");
	if (cap)
		td_buf_puts(&g->body, "≤ ");
	put_number_text(g, &g->body, h);
	td_buf_puts(&g->body, "</text:p></table:table-cell>");
}

/* A formula cell (formula without "of:="), cached result 0. */
void cell_formula(gen *g, int style, const char *formula, int64_t cached)
{
	open_cell(g, style, 1);
	td_buf_puts(&g->body, " table:formula=\"of:=");
	td_buf_put_xml(&g->body, formula, strlen(formula), 1);
	td_buf_puts(&g->body, "\" office:value-type=\"float\" office:value=\"");
	put_decimal(&g->body, cached);
	td_buf_puts(&g->body, "\"><text:p>");
	put_number_text(g, &g->body, cached);
	td_buf_puts(&g->body, "</text:p></table:table-cell>");
}

/* An empty cell with a style (a locked cell of the grid). */
void cell_empty(gen *g, int style)
{
	open_cell(g, style, 1);
	td_buf_puts(&g->body, "/>");
}

/* "D12" for a 0-based column and row. */
void put_ref(td_buf *b, int col, uint32_t row)
{
	char h[3] = { '[', '.', (char)('A' + col) };

	td_buf_put(b, h, 3);
	put_uint(b, (uint64_t)row + 1);
	td_buf_putc(b, ']');
}

/* SUM over the given rows of one column, runs of adjacent rows as ranges;
 * nested when there are more terms than a function accepts. */
void put_sum(td_buf *b, int col, const uint32_t *rows, size_t n)
{
	size_t i = 0, terms = 0, groups = 0;

	td_buf_puts(b, "SUM(");
	while (i < n) {
		size_t j = i;
		while (j + 1 < n && rows[j + 1] == rows[j] + 1)
			j++;
		if (terms % MAX_SUM_ARGS == 0 && n > MAX_SUM_ARGS) {
			if (groups++)
				td_buf_puts(b, ");");
			td_buf_puts(b, "SUM(");
		} else if (terms) {
			td_buf_putc(b, ';');
		}
		if (j == i)
			put_ref(b, col, rows[i]);
		else
			td_buf_printf(b, "[.%c%" PRIu32 ":.%c%" PRIu32 "]", 'A' + col, rows[i] + 1,
			              'A' + col, rows[j] + 1);
		terms++;
		i = j + 1;
	}
	if (groups)
		td_buf_putc(b, ')');
	td_buf_putc(b, ')');
}

void row_open(gen *g) { td_buf_puts(&g->body, "<table:table-row>"); }

void row_close(gen *g) { td_buf_puts(&g->body, "</table:table-row>"); }

void empty_rows(gen *g, unsigned n)
{
	if (n == 1)
		td_buf_puts(&g->body, "<table:table-row><table:table-cell/></table:table-row>");
	else if (n > 1)
		td_buf_printf(&g->body, "<table:table-row table:number-rows-repeated=\"%u\">"
		                        "<table:table-cell/></table:table-row>", n);
}

/* The code cell (the hidden last column); the row's other cells come first. */
void cell_code(gen *g, const char *key) { cell_text(g, S_CODE, key, 1); }

