/* test_sheet.c - the spreadsheet cell stream (odf/sheet.c) and the
 * in-memory workbook (odf/book.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "odf/sheet.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#define NS \
	"xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
	"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
	"xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " \
	"xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" " \
	"xmlns:dc=\"http://purl.org/dc/elements/1.1/\" " \
	"xmlns:calcext=\"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0\""

#define DOC(tables) \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content " NS \
	" office:version=\"1.3\"><office:body><office:spreadsheet>" tables \
	"</office:spreadsheet></office:body></office:document-content>"

/* Every delivered cell, as "sheet!A1=type:text|value|formula" lines. */
typedef struct rec {
	td_buf out;
	size_t cells, sheets;
	int stop_at;   /* stop (return 7) at this cell count, 0 never */
} rec;

static int rec_sheet(void *ctx, const char *sheet, size_t index)
{
	rec *r = ctx;

	td_buf_printf(&r->out, "== %zu %s\n", index, sheet);
	r->sheets++;
	return 0;
}

static int rec_cell(void *ctx, const td_cell *c)
{
	static const char types[] = "sfdtb";
	rec *r = ctx;
	char a1[32];

	td_a1(a1, sizeof a1, c->row, c->col);
	td_buf_printf(&r->out, "%s!%s=%c:%s", c->sheet, a1, types[c->type], c->text);
	if (c->value)
		td_buf_printf(&r->out, "|%s", c->value);
	if (c->formula)
		td_buf_printf(&r->out, "|%s", c->formula);
	td_buf_putc(&r->out, '\n');
	r->cells++;
	return r->stop_at && r->cells == (size_t)r->stop_at ? 7 : 0;
}

static int count_cell(void *ctx, const td_cell *c)
{
	(void)c;
	++*(size_t *)ctx;
	return 0;
}

static int run(rec *r, const char *xml)
{
	memset(r, 0, sizeof *r);
	return td_sheet_read_xml(xml, strlen(xml), rec_sheet, rec_cell, r);
}

static void repeats_are_delivered_but_empties_skipped(void **state)
{
	rec r;
	(void)state;
	assert_int_equal(run(&r, DOC(
		"<table:table table:name=\"T\">"
		"<table:table-column table:number-columns-repeated=\"1024\"/>"
		"<table:table-row table:number-rows-repeated=\"2\">"
		"<table:table-cell table:number-columns-repeated=\"3\"/>"
		"<table:table-cell office:value-type=\"string\" table:number-columns-repeated=\"2\"><text:p>x</text:p></table:table-cell>"
		"<table:table-cell table:number-columns-repeated=\"16000\"/>"
		"</table:table-row>"
		"<table:table-row><table:table-cell/><table:table-cell office:value-type=\"string\"><text:p>y</text:p></table:table-cell></table:table-row>"
		"</table:table>")), 0);
	assert_string_equal(td_buf_cstr(&r.out),
		"== 0 T\n"
		"T!D1=s:x\nT!E1=s:x\nT!D2=s:x\nT!E2=s:x\n"
		"T!B3=s:y\n");
	td_buf_free(&r.out);
}

static void huge_repeated_empty_rows_cost_nothing(void **state)
{
	rec r;
	clock_t t0 = clock();
	(void)state;
	assert_int_equal(run(&r, DOC(
		"<table:table table:name=\"Big\">"
		"<table:table-row table:number-rows-repeated=\"1048000\">"
		"<table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>"
		"<table:table-row><table:table-cell office:value-type=\"float\" office:value=\"1\"><text:p>1</text:p></table:table-cell></table:table-row>"
		"<table:table-row table:number-rows-repeated=\"575\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>"
		"</table:table>")), 0);
	assert_string_equal(td_buf_cstr(&r.out), "== 0 Big\nBig!A1048001=f:1|1\n");
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 0.5);
	td_buf_free(&r.out);
}

static void bounds_are_enforced(void **state)
{
	rec r;
	(void)state;
	/* a non-empty cell repeated past the last column */
	assert_int_equal(run(&r, DOC(
		"<table:table table:name=\"T\"><table:table-row>"
		"<table:table-cell office:value-type=\"string\" table:number-columns-repeated=\"20000\"><text:p>x</text:p></table:table-cell>"
		"</table:table-row></table:table>")), THIDUA_ELIMIT);
	td_buf_free(&r.out);
	/* a non-empty row repeated past the last row */
	assert_int_equal(run(&r, DOC(
		"<table:table table:name=\"T\"><table:table-row table:number-rows-repeated=\"2000000\">"
		"<table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell>"
		"</table:table-row></table:table>")), THIDUA_ELIMIT);
	assert_int_equal(r.cells, 0);
	td_buf_free(&r.out);
	/* content after the last row */
	assert_int_equal(run(&r, DOC(
		"<table:table table:name=\"T\"><table:table-row table:number-rows-repeated=\"1048576\"/>"
		"<table:table-row><table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell>"
		"</table:table-row></table:table>")), THIDUA_ELIMIT);
	td_buf_free(&r.out);
	/* too many cells delivered in all: 10,000 columns × 1,001 rows */
	{
		const char *many = DOC(
			"<table:table table:name=\"T\"><table:table-row table:number-rows-repeated=\"1001\">"
			"<table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"10000\"><text:p>1</text:p></table:table-cell>"
			"</table:table-row></table:table>");
		size_t count = 0;
		td_sheet_opts o = { NULL, (uint64_t)1 << 30, 0 }; /* past the content budget */
		assert_int_equal(td_sheet_read_xml_ex(many, strlen(many), &o, NULL, count_cell, &count),
		                 THIDUA_ELIMIT);
		assert_int_equal(count, TD_SHEET_MAX_DELIVERED);
		assert_non_null(strstr(thidua_error_last()->message_en, "more than"));
	}
	/* text:s with a huge count stays bounded */
	assert_int_equal(run(&r, DOC(
		"<table:table table:name=\"T\"><table:table-row>"
		"<table:table-cell><text:p>a<text:s text:c=\"4000000000\"/>b</text:p></table:table-cell>"
		"</table:table-row></table:table>")), 0);
	assert_true(r.out.len < 5000);
	td_buf_free(&r.out);
}

static void covered_cells_and_spans(void **state)
{
	rec r;
	(void)state;
	assert_int_equal(run(&r, DOC(
		"<table:table table:name=\"T\"><table:table-row>"
		"<table:table-cell table:number-columns-spanned=\"3\" office:value-type=\"string\"><text:p>A</text:p></table:table-cell>"
		"<table:covered-table-cell table:number-columns-repeated=\"2\"><text:p>hidden</text:p></table:covered-table-cell>"
		"<table:table-cell office:value-type=\"string\"><text:p>B</text:p></table:table-cell>"
		"</table:table-row>"
		"<table:table-row><table:covered-table-cell/><table:table-cell office:value-type=\"string\"><text:p>C</text:p></table:table-cell></table:table-row>"
		"</table:table>")), 0);
	assert_string_equal(td_buf_cstr(&r.out), "== 0 T\nT!A1=s:A\nT!D1=s:B\nT!B2=s:C\n");
	td_buf_free(&r.out);
}

static void paragraph_text(void **state)
{
	rec r;
	(void)state;
	assert_int_equal(run(&r, DOC(
		"<table:table table:name=\"T\"><table:table-row>"
		"<table:table-cell office:value-type=\"string\">"
		"<office:annotation><dc:creator>X</dc:creator><text:p>note</text:p></office:annotation>"
		"<text:p>  Cụm   <text:span text:style-name=\"T1\">thi <text:a xlink:href=\"x\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">đua</text:a></text:span>"
		"<text:s text:c=\"3\"/>số<text:tab/>XII<text:line-break/>dòng 2 </text:p>"
		"<text:p/>"
		"<text:p>đoạn<text:s/> 3</text:p>"
		"</table:table-cell>"
		"<table:table-cell office:value-type=\"string\" calcext:value-type=\"string\"><text:h>tiêu đề</text:h>"
		"<draw:frame><draw:text-box><text:p>shape</text:p></draw:text-box></draw:frame></table:table-cell>"
		"</table:table-row></table:table>")), 0);
	assert_string_equal(td_buf_cstr(&r.out),
		"== 0 T\n"
		"T!A1=s:Cụm thi đua   số\tXII\ndòng 2\n\nđoạn  3\n"
		"T!B1=s:tiêu đề\n");
	td_buf_free(&r.out);
}

static void typed_values(void **state)
{
	rec r;
	(void)state;
	assert_int_equal(run(&r, DOC(
		"<table:table table:name=\"Số\"><table:table-row>"
		"<table:table-cell office:value-type=\"float\" office:value=\"8.5\" calcext:value-type=\"float\"><text:p>8,5</text:p></table:table-cell>"
		"<table:table-cell office:value-type=\"percentage\" office:value=\"0.25\"><text:p>25%</text:p></table:table-cell>"
		"<table:table-cell office:value-type=\"currency\" office:currency=\"VND\" office:value=\"1000\"><text:p>1.000 ₫</text:p></table:table-cell>"
		"<table:table-cell office:value-type=\"date\" office:date-value=\"2018-01-11\"><text:p>11/01/2018</text:p></table:table-cell>"
		"<table:table-cell office:value-type=\"time\" office:time-value=\"PT13H45M00S\"><text:p>13:45</text:p></table:table-cell>"
		"<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"true\"><text:p>TRUE</text:p></table:table-cell>"
		"<table:table-cell table:formula=\"of:=SUM([.A1:.B1])\" office:value-type=\"float\" office:value=\"8.75\"><text:p>8,75</text:p></table:table-cell>"
		"<table:table-cell office:value-type=\"float\" office:value=\"3\"/>"
		"<table:table-cell office:value-type=\"float\"><text:p>no value</text:p></table:table-cell>"
		"</table:table-row></table:table>")), 0);
	assert_string_equal(td_buf_cstr(&r.out),
		"== 0 Số\n"
		"Số!A1=f:8,5|8.5\n"
		"Số!B1=f:25%|0.25\n"
		"Số!C1=f:1.000 ₫|1000\n"
		"Số!D1=d:11/01/2018|2018-01-11\n"
		"Số!E1=t:13:45|PT13H45M00S\n"
		"Số!F1=b:TRUE|true\n"
		"Số!G1=f:8,75|8.75|of:=SUM([.A1:.B1])\n"
		"Số!H1=f:|3\n"
		"Số!I1=s:no value\n");
	td_buf_free(&r.out);
}

static void sheets_rows_groups_and_nested_tables(void **state)
{
	rec r;
	(void)state;
	assert_int_equal(run(&r, DOC(
		"<table:table table:name=\"Một\">"
		"<table:table-header-rows><table:table-row><table:table-cell office:value-type=\"string\"><text:p>h</text:p></table:table-cell></table:table-row></table:table-header-rows>"
		"<table:table-row-group><table:table-rows><table:table-row><table:table-cell office:value-type=\"string\"><text:p>g</text:p>"
		"<table:table table:name=\"inner\"><table:table-row><table:table-cell><text:p>no</text:p></table:table-cell></table:table-row></table:table>"
		"</table:table-cell></table:table-row></table:table-rows></table:table-row-group>"
		"<table:shapes><draw:frame><draw:text-box><text:p>shape</text:p></draw:text-box></draw:frame></table:shapes>"
		"</table:table>"
		"<table:table table:name=\"Hai\"/>"
		"<table:table table:name=\"Ba\"><table:table-row><table:table-cell><text:p>c</text:p></table:table-cell></table:table-row></table:table>")), 0);
	assert_string_equal(td_buf_cstr(&r.out),
		"== 0 Một\nMột!A1=s:h\nMột!A2=s:g\n== 1 Hai\n== 2 Ba\nBa!A1=s:c\n");
	td_buf_free(&r.out);
}

static void callback_stop_and_bad_xml(void **state)
{
	rec r;
	const char *doc = DOC("<table:table table:name=\"T\"><table:table-row>"
	                      "<table:table-cell office:value-type=\"string\" table:number-columns-repeated=\"5\"><text:p>x</text:p></table:table-cell>"
	                      "</table:table-row></table:table>");
	const char *bad = "<?xml version=\"1.0\"?>\n<office:document-content " NS ">\n<office:body>\n<table:table>\n</office:body>";
	const char *dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"aaaa\">]>\n<office:document-content " NS "/>";
	(void)state;
	memset(&r, 0, sizeof r);
	r.stop_at = 2;
	assert_int_equal(td_sheet_read_xml(doc, strlen(doc), NULL, rec_cell, &r), 7);
	assert_int_equal(r.cells, 2);
	td_buf_free(&r.out);
	assert_int_equal(run(&r, bad), THIDUA_EFORMAT);
	assert_non_null(strstr(thidua_error_last()->message_en, "line 5"));
	assert_non_null(strstr(thidua_error_last()->message_vi, "dòng 5"));
	td_buf_free(&r.out);
	assert_int_equal(run(&r, dtd), THIDUA_EFORMAT);
	assert_non_null(strstr(thidua_error_last()->message_en, "DOCTYPE"));
	td_buf_free(&r.out);
}

/* A content.xml of the usual shape is read by a fast scanner, anything
 * else by xmlTextReader (odf/sheet.c); a comment before the root sends a
 * document to the reader. Both must give the same cells, codes and
 * messages: the documents here are read both ways and compared, the
 * shapes the scanner takes as well as those it leaves to the reader. */
static void read_both_ways(const char *body, const char *ns, uint64_t budget, int stop_at,
                           char **fast, char **slow)
{
	static const char *const head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
	td_sheet_opts o;
	int k;

	memset(&o, 0, sizeof o);
	o.max_bytes = budget;
	for (k = 0; k < 2; k++) {
		td_buf doc = TD_BUF_INIT;
		rec r;
		int rc;

		td_buf_printf(&doc, "%s%s<office:document-content %s office:version=\"1.3\">"
		              "<office:body><office:spreadsheet>%s</office:spreadsheet></office:body>"
		              "</office:document-content>\n", head, k ? "<!---->" : "", ns, body);
		memset(&r, 0, sizeof r);
		r.stop_at = stop_at;
		rc = td_sheet_read_xml_ex(doc.ptr, doc.len, &o, rec_sheet, rec_cell, &r);
		td_buf_printf(&r.out, "rc %d %s\n", rc, rc ? thidua_error_last()->message_en : "");
		*(k ? slow : fast) = td_buf_detach(&r.out);
		td_buf_free(&doc);
	}
}

static void fast_path_reads_as_the_reader(void **state)
{
	static const char *const bodies[] = {
		/* entities, character references, white space in text */
		"<table:table table:name=\"A&amp;B &#x1EA1;\"><table:table-row>"
		"<table:table-cell office:value-type=\"string\"><text:p> a &amp; b &lt;c&gt; &#38; &#x20;&#x20; d "
		"<text:s text:c=\"3\"/>e<text:tab/>f<text:line-break/>g<text:span> </text:span>h</text:p>"
		"<text:p/><text:p>  </text:p><text:h>i</text:h></table:table-cell>"
		"<table:table-cell office:value-type=\"float\" office:value=\"2.5\" "
		"table:formula=\"of:=&quot;a&quot;&amp;[.A1]&lt;3\"><text:p>2,5</text:p></table:table-cell>"
		"<table:table-cell table:style-name=\"a&#9;b\" office:value-type=\"string\"><text:p>tab&#9;ref</text:p></table:table-cell>"
		"</table:table-row></table:table>",
		/* attribute values with tabs and newlines (normalised to spaces) */
		"<table:table table:name=\"T\tU\nV\"><table:table-row table:number-rows-repeated=\"2\">"
		"<table:table-cell table:number-columns-repeated=\" 2\" office:value-type=\"boolean\" office:boolean-value=\"true\"><text:p>T</text:p></table:table-cell>"
		"<table:covered-table-cell table:number-columns-repeated=\"2\"><text:p>hidden</text:p></table:covered-table-cell>"
		"<table:table-cell office:value-type=\"date\" office:date-value=\"2020-01-02\"/>"
		"<table:table-cell office:value-type=\"float\"><text:p>no value</text:p></table:table-cell>"
		"</table:table-row></table:table>",
		/* notes, drawings, a nested table, empty and open-close elements */
		"<table:table table:name=\"N\"><table:table-row><table:table-cell office:value-type=\"string\">"
		"<office:annotation><text:p>note</text:p></office:annotation><text:p>x<text:note><text:note-body>"
		"<text:p>y</text:p></text:note-body></text:note></text:p><draw:frame><text:p>d</text:p></draw:frame>"
		"<table:table table:name=\"inner\"><table:table-row><table:table-cell><text:p>in</text:p></table:table-cell></table:table-row></table:table>"
		"</table:table-cell><table:table-cell></table:table-cell><table:table-cell><text:p></text:p></table:table-cell>"
		"</table:table-row></table:table><table:table table:name=\"E\"/>",
		/* left to the reader: '&' from a reference in an attribute, xml:id,
		 * a namespace declared below the root, CR, CDATA */
		"<table:table table:name=\"a&#38;lt;b\"><table:table-row><table:table-cell><text:p>1</text:p></table:table-cell></table:table-row></table:table>",
		"<table:table table:name=\"X\" xml:id=\"i1\"><table:table-row><table:table-cell><text:p>1</text:p></table:table-cell></table:table-row></table:table>",
		"<table:table table:name=\"X\"><table:table-row xmlns:t=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"><t:table-cell><text:p>1</text:p></t:table-cell></table:table-row></table:table>",
		"<table:table table:name=\"X\"><table:table-row><table:table-cell><text:p>a\r\nb</text:p></table:table-cell></table:table-row></table:table>",
		"<table:table table:name=\"X\"><table:table-row><table:table-cell><text:p><![CDATA[<x>]]></text:p></table:table-cell></table:table-row></table:table>",
		/* refused: malformed, an undeclared prefix, twice the same attribute */
		"<table:table table:name=\"X\"><table:table-row><table:table-cell><text:p>1</text:p></table:table-row></table:table>",
		"<table:table table:name=\"X\"><q:x/></table:table>",
		"<table:table table:name=\"X\" table:name=\"Y\"/>",
		"<table:table table:name=\"X\"><table:table-row><table:table-cell><text:p>]]></text:p></table:table-cell></table:table-row></table:table>",
		/* a cell beyond the limits, and the budget spent */
		"<table:table table:name=\"X\"><table:table-row><table:table-cell table:number-columns-repeated=\"20000\"><text:p>w</text:p></table:table-cell></table:table-row></table:table>",
		"<table:table table:name=\"X\"><table:table-row table:number-rows-repeated=\"100\"><table:table-cell table:number-columns-repeated=\"100\"><text:p>0123456789</text:p></table:table-cell></table:table-row></table:table>",
		/* cells, then a limit: the callbacks see the first ones either way */
		"<table:table table:name=\"X\"><table:table-row><table:table-cell table:number-columns-repeated=\"3\"><text:p>a</text:p></table:table-cell></table:table-row>"
		"<table:table-row><table:table-cell table:number-columns-repeated=\"20000\"><text:p>w</text:p></table:table-cell></table:table-row></table:table>",
		/* sheets and cells, then something only the reader takes */
		"<table:table table:name=\"X\"><table:table-row><table:table-cell table:number-columns-repeated=\"3\"><text:p>a</text:p></table:table-cell></table:table-row></table:table>"
		"<table:table table:name=\"Y\"><table:table-row><table:table-cell><text:p>b<!-- c --></text:p></table:table-cell></table:table-row></table:table>",
	};
	/* the same namespaces through other prefixes, and an unusual one */
	static const char *const other_ns =
		"xmlns:o=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
		"xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
		"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
		"xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
		"xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" xmlns:x=\"urn:x\"";
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
		for (k = 0; k < 4; k++) {
			char *fast = NULL, *slow = NULL;

			/* k & 2: a callback stops at the second cell */
			read_both_ways(bodies[i], k & 1 ? other_ns : NS, 4096, k & 2 ? 2 : 0, &fast, &slow);
			if (strcmp(fast, slow) != 0)
				fail_msg("document %lu (namespaces %d, stop %d):\nfast:\n%s\nreader:\n%s",
				         (unsigned long)i, k & 1, k & 2 ? 2 : 0, fast, slow);
			td_free(fast);
			td_free(slow);
		}
}

/* The fast path keeps what it reads until the document is checked to its
 * end; past a bound on what it keeps it reads the document again. Either
 * way the callbacks see what the reader gives them. */
static void fast_path_rereads_past_its_log(void **state)
{
	/* 20 rows of 16,384 cells: 327,680 cells delivered */
	static const char *const body =
		"<table:table table:name=\"X\"><table:table-row table:number-rows-repeated=\"20\">"
		"<table:table-cell table:number-columns-repeated=\"16384\"><text:p>1</text:p></table:table-cell>"
		"</table:table-row></table:table><table:table table:name=\"Y\"><table:table-row>"
		"<table:table-cell><text:p>y</text:p></table:table-cell></table:table-row></table:table>";
	static const int stops[] = { 0, 5, 300000 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof stops / sizeof stops[0]; i++) {
		char *fast = NULL, *slow = NULL;

		read_both_ways(body, NS, 0, stops[i], &fast, &slow);
		if (!stops[i] && strlen(fast) < 327680 * 9)
			fail_msg("not every cell delivered:\n%.2000s", fast);
		if (strcmp(fast, slow) != 0)
			fail_msg("stop %d: the fast path and the reader differ (%lu and %lu bytes)",
			         stops[i], (unsigned long)strlen(fast), (unsigned long)strlen(slow));
		td_free(fast);
		td_free(slow);
	}
}

static void a1_addresses(void **state)
{
	char buf[16], *w;
	(void)state;
	td_a1(buf, sizeof buf, 0, 0);
	assert_string_equal(buf, "A1");
	td_a1(buf, sizeof buf, 4, 25);
	assert_string_equal(buf, "Z5");
	td_a1(buf, sizeof buf, 9, 26);
	assert_string_equal(buf, "AA10");
	td_a1(buf, sizeof buf, 1048575, 16383);
	assert_string_equal(buf, "XFD1048576");
	w = td_a1_where("Đơn vị", 4, 2);
	assert_string_equal(w, "Đơn vị!C5");
	td_free(w);
}

static void xml_root_offset(void **state)
{
	int dt = 0;
	const char *a = "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c -->\n<root/>";
	(void)state;
	assert_int_equal(td_xml_root_offset(a, strlen(a), &dt), strlen(a) - 7);
	assert_int_equal(dt, 0);
	assert_int_equal(td_xml_root_offset("<!DOCTYPE r><r/>", 16, &dt), (size_t)-1);
	assert_int_equal(dt, 1);
	assert_int_equal(td_xml_root_offset("PK\x03\x04", 4, &dt), (size_t)-1);
	assert_int_equal(dt, 0);
}

static const char *book_xml = DOC(
	"<table:table table:name=\"Đơn vị\">"
	"<table:table-row><table:table-cell office:value-type=\"string\"><text:p>Mã</text:p></table:table-cell>"
	"<table:table-cell office:value-type=\"string\"><text:p>Tên</text:p></table:table-cell></table:table-row>"
	"<table:table-row table:number-rows-repeated=\"3\"/>"
	"<table:table-row><table:table-cell table:number-columns-repeated=\"2\"/>"
	"<table:table-cell office:value-type=\"float\" office:value=\"5\"><text:p>5</text:p></table:table-cell></table:table-row>"
	"</table:table>"
	"<table:table table:name=\"Trống\"/>");

static void book_reads_and_looks_up(void **state)
{
	td_book *b = NULL;
	const td_book_sheet *sh;
	const td_cell *c;
	(void)state;
	assert_int_equal(td_book_read_xml(&b, book_xml, strlen(book_xml), 100), 0);
	assert_int_equal(td_book_sheet_count(b), 2);
	sh = td_book_sheet_by_name(b, "Đơn vị");
	assert_non_null(sh);
	assert_ptr_equal(sh, td_book_sheet_at(b, 0));
	assert_null(td_book_sheet_by_name(b, "đơn vị"));
	assert_string_equal(td_book_sheet_name(sh), "Đơn vị");
	assert_int_equal(td_book_sheet_rows(sh), 5);
	assert_int_equal(td_book_sheet_cols(sh), 3);
	assert_int_equal(td_book_sheet_cell_count(sh), 3);
	c = td_book_cell(sh, 0, 1);
	assert_non_null(c);
	assert_string_equal(c->text, "Tên");
	assert_string_equal(c->sheet, "Đơn vị");
	c = td_book_cell(sh, 4, 2);
	assert_non_null(c);
	assert_int_equal(c->type, TD_CELL_FLOAT);
	assert_string_equal(c->value, "5");
	assert_null(td_book_cell(sh, 4, 1));
	assert_null(td_book_cell(sh, 1, 0));
	assert_ptr_equal(td_book_sheet_cell_at(sh, 2), td_book_cell(sh, 4, 2));
	assert_int_equal(td_book_sheet_rows(td_book_sheet_at(b, 1)), 0);
	assert_null(td_book_sheet_at(b, 2));
	td_book_free(b);
	assert_int_equal(td_book_read_xml(&b, book_xml, strlen(book_xml), 2), THIDUA_ELIMIT);
	assert_null(b);
}

static void book_survives_allocation_failures(void **state)
{
	td_book *b = NULL;
	long n;
	int rc = -1;
	(void)state;
	for (n = 0; n < 1000; n++) {
		td_alloc_fail_after(n);
		rc = td_book_read_xml(&b, book_xml, strlen(book_xml), 100);
		td_alloc_fail_after(-1);
		if (rc == 0)
			break;
		assert_int_equal(rc, THIDUA_ENOMEM);
		assert_null(b);
	}
	assert_int_equal(rc, 0);
	assert_true(n > 5);
	td_book_free(b);
}

/* ---- hostile input (issue 11) ------------------------------------------- */

static char *big_text_doc(size_t text_len, const char *row_attrs, const char *cell_attrs)
{
	td_buf b = TD_BUF_INIT;
	size_t i;

	td_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content " NS
	                " office:version=\"1.3\"><office:body><office:spreadsheet>"
	                "<table:table table:name=\"T\">");
	td_buf_printf(&b, "<table:table-row %s><table:table-cell office:value-type=\"string\" %s><text:p>",
	              row_attrs, cell_attrs);
	for (i = 0; i < text_len; i++)
		td_buf_putc(&b, (char)('a' + i % 26));
	td_buf_puts(&b, "</text:p></table:table-cell></table:table-row></table:table>"
	                "</office:spreadsheet></office:body></office:document-content>");
	return td_buf_detach(&b);
}

/* Repeats count against the content budget as they expand: the error names
 * the cell where the budget ran out, before anything is copied that many
 * times. */
static void repeated_content_is_budgeted(void **state)
{
	char *cols = big_text_doc(10000, "", "table:number-columns-repeated=\"1000\"");
	char *rows = big_text_doc(10000, "table:number-rows-repeated=\"1000\"", "");
	td_sheet_opts o = { "x.ods", 10 * 10003, 0 };   /* ten copies (text + 3) */
	size_t n = 0;
	(void)state;
	assert_int_equal(td_sheet_read_xml_ex(cols, strlen(cols), &o, NULL, count_cell, &n),
	                 THIDUA_ELIMIT);
	assert_int_equal(n, 10);
	assert_non_null(strstr(thidua_error_last()->message_en, "x.ods: sheet \"T\", cell K1"));
	assert_non_null(strstr(thidua_error_last()->message_vi, "ô K1"));
	n = 0;
	assert_int_equal(td_sheet_read_xml_ex(rows, strlen(rows), &o, NULL, count_cell, &n),
	                 THIDUA_ELIMIT);
	assert_int_equal(n, 10);
	assert_non_null(strstr(thidua_error_last()->message_en, "cell A11"));
	/* the default budget takes the shapes whole when they fit */
	n = 0;
	assert_int_equal(td_sheet_read_xml(cols, strlen(cols), NULL, count_cell, &n), 0);
	assert_int_equal(n, 1000);
	free(cols);
	free(rows);
}

/* Declared encodings other than UTF-8/UTF-16 are refused on line 1. */
static void foreign_encodings_are_refused(void **state)
{
	static const char *const bad[] = { "UTF-7", "windows-1258", "ISO-8859-1", "UTF-32" };
	static const char *const good[] = { "UTF-8", "utf-8" };
	char doc[1024];
	size_t i, n;
	(void)state;
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(doc, sizeof doc, "<?xml version=\"1.0\" encoding='%s'?>\n<a/>", bad[i]);
		assert_int_equal(td_sheet_read_xml(doc, strlen(doc), NULL, count_cell, &n),
		                 THIDUA_EFORMAT);
		assert_non_null(strstr(thidua_error_last()->message_en, "content.xml line 1"));
		assert_non_null(strstr(thidua_error_last()->message_en, bad[i]));
	}
	for (i = 0; i < sizeof good / sizeof *good; i++) {
		snprintf(doc, sizeof doc, "<?xml version=\"1.0\" encoding=\"%s\"?>\n<a/>", good[i]);
		assert_int_equal(td_sheet_read_xml(doc, strlen(doc), NULL, count_cell, &n), 0);
	}
}

static char *tmp_file(const char *name, const char *data, size_t len)
{
	const char *base = getenv("TMPDIR");
	char *p = malloc(4096);
	FILE *f;

	snprintf(p, 4096, "%s/thidua-sheet-%ld-%s", base && *base ? base : "/tmp", (long)time(NULL),
	         name);
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return p;
}

/* A flat spreadsheet is streamed from its file: its root is checked, and a
 * file over the flat cap is refused before it is read. */
static void flat_files_are_streamed_and_capped(void **state)
{
	static const char fods[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document " NS
		" office:version=\"1.3\" office:mimetype=\"application/vnd.oasis.opendocument.spreadsheet\">"
		"<office:body><office:spreadsheet><table:table table:name=\"T\"><table:table-row>"
		"<table:table-cell office:value-type=\"float\" office:value=\"2\"><text:p>2</text:p></table:table-cell>"
		"</table:table-row></table:table></office:spreadsheet></office:body></office:document>";
	static const char fodt[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document " NS
		" office:version=\"1.3\" office:mimetype=\"application/vnd.oasis.opendocument.text\">"
		"<office:body><office:text/></office:body></office:document>";
	td_sheet_opts want = { NULL, 0, 1 };
	char *a = tmp_file("a.fods", fods, strlen(fods));
	char *b = tmp_file("b.fodt", fodt, strlen(fodt));
	char *c = tmp_file("c.fods", "", 0);
	rec r;
	FILE *f;
	(void)state;
	memset(&r, 0, sizeof r);
	assert_int_equal(td_sheet_read_path(a, &want, rec_sheet, rec_cell, &r), 0);
	assert_string_equal(td_buf_cstr(&r.out), "== 0 T\nT!A1=f:2|2\n");
	td_buf_free(&r.out);
	assert_int_equal(td_sheet_read_path(b, &want, NULL, count_cell, &r.cells), THIDUA_EFORMAT);
	assert_non_null(strstr(thidua_error_last()->message_en, "is not a spreadsheet"));
	assert_non_null(strstr(thidua_error_last()->message_en, b));
	/* one byte over the cap, as a sparse file: never read */
	f = fopen(c, "wb");
	assert_non_null(f);
	assert_int_equal(fseek(f, (long)(64 << 20), SEEK_SET), 0);
	assert_int_equal(fputc('>', f), '>');
	fclose(f);
	assert_int_equal(td_sheet_read_path(c, NULL, NULL, count_cell, &r.cells), THIDUA_ELIMIT);
	assert_non_null(strstr(thidua_error_last()->message_en, "64 MiB"));
	remove(a);
	remove(b);
	remove(c);
	free(a);
	free(b);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(repeats_are_delivered_but_empties_skipped),
		cmocka_unit_test(huge_repeated_empty_rows_cost_nothing),
		cmocka_unit_test(bounds_are_enforced),
		cmocka_unit_test(covered_cells_and_spans),
		cmocka_unit_test(paragraph_text),
		cmocka_unit_test(typed_values),
		cmocka_unit_test(sheets_rows_groups_and_nested_tables),
		cmocka_unit_test(callback_stop_and_bad_xml),
		cmocka_unit_test(fast_path_reads_as_the_reader),
		cmocka_unit_test(fast_path_rereads_past_its_log),
		cmocka_unit_test(a1_addresses),
		cmocka_unit_test(xml_root_offset),
		cmocka_unit_test(book_reads_and_looks_up),
		cmocka_unit_test(book_survives_allocation_failures),
		cmocka_unit_test(repeated_content_is_budgeted),
		cmocka_unit_test(foreign_encodings_are_refused),
		cmocka_unit_test(flat_files_are_streamed_and_capped),
	};
	return cmocka_run_group_tests_name("sheet", tests, NULL, NULL);
}
