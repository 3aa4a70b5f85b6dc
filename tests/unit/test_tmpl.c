/* test_tmpl.c - the template engine on ODT and ODS snippets: values, split
 * tags, loops and conditions at every scope, headers, typed cells, located
 * errors, no output on failure, concurrent fills. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "thidua.h"
#include "tmpl/template.h"
#include "tmpl/value.h"
#include "util/alloc.h"

static td_value *unit(const char *name, int head)
{
	td_value *u = td_v_map();
	td_v_map_set(u, "ten", td_v_str(name));
	td_v_map_set(u, "truong", td_v_bool(head));
	return u;
}

static td_value *sample_data(void)
{
	td_value *root = td_v_map(), *cum = td_v_map(), *dv = td_v_list();

	td_v_map_set(cum, "ten", td_v_str("Cụm thi đua số XII"));
	td_v_map_set(cum, "nam", td_v_int(2018));
	td_v_map_set(cum, "ngay_ky", td_v_date(2018, 1, 11));
	td_v_map_set(cum, "diem", td_v_num(9850));
	td_v_list_push(dv, unit("Bảo hiểm xã hội thành phố Hà Nội", 1));
	td_v_list_push(dv, unit("Cục Thuế thành phố Hà Nội", 0));
	td_v_list_push(dv, unit("Bưu điện thành phố Hà Nội", 0));
	td_v_map_set(root, "cum", cum);
	td_v_map_set(root, "don_vi", dv);
	return root;
}

typedef struct result {
	int rc;
	char *body;      /* inner XML of office:text / office:spreadsheet */
	char *styles;
	thidua_diags *diags;
	int output_exists;
} result;

static void result_free(result *r)
{
	free(r->body);
	free(r->styles);
	thidua_diags_free(r->diags);
}

static result run_doc(const char *doc, const char *ext)
{
	result r;
	char *dir = tu_tmpdir();
	char name[32];
	char *in, *out;
	thidua_template *t = NULL;
	td_value *data = sample_data();

	memset(&r, 0, sizeof r);
	r.diags = thidua_diags_new();
	snprintf(name, sizeof name, "t.%s", ext);
	in = tu_path(dir, name);
	snprintf(name, sizeof name, "out.%s", strcmp(ext, "fods") == 0 ? "ods" : "odt");
	out = tu_path(dir, name);
	tu_write(in, doc, strlen(doc));
	r.rc = thidua_template_open(&t, in, r.diags);
	if (r.rc == 0)
		r.rc = td_template_fill_value(t, data, out, NULL, r.diags);
	r.output_exists = tu_exists(out);
	if (r.rc == 0) {
		char *content = tu_read_part(out, "content.xml");
		r.body = tu_inner(content, strcmp(ext, "fods") == 0 ? "office:spreadsheet" : "office:text");
		free(content);
		r.styles = tu_read_part(out, "styles.xml");
	}
	thidua_template_free(t);
	td_v_unref(data);
	tu_rmtree(dir);
	free(in);
	free(out);
	free(dir);
	return r;
}

static result run(const char *body, const char *header)
{
	char *doc = tu_fodt(body, header);
	result r = run_doc(doc, "fodt");
	free(doc);
	return r;
}

static void expect(const char *body, const char *want)
{
	result r = run(body, NULL);
	if (r.rc != 0) {
		char *txt = NULL;
		thidua_diags_to_text(&txt, r.diags, THIDUA_LANG_EN);
		fprintf(stderr, "fill failed (%d): %s %s\n", r.rc, thidua_error_last() ? thidua_error_last()->message_en : "", txt ? txt : "");
		free(txt);
	}
	assert_int_equal(r.rc, 0);
	assert_non_null(r.body);
	if (strcmp(r.body, want) != 0)
		fprintf(stderr, "got:  %s\nwant: %s\n", r.body, want);
	assert_string_equal(r.body, want);
	assert_null(strstr(r.body, "{{"));
	result_free(&r);
}

/* The code of the first diagnostic, and its location. */
static void expect_error(const char *body, const char *code, const char *where)
{
	result r = run(body, NULL);
	const thidua_diag *d;

	assert_true(r.rc < 0);
	assert_false(r.output_exists);
	d = thidua_diags_get(r.diags, 0);
	assert_non_null(d);
	if (strcmp(d->code, code) != 0 || (where && (!d->where || !strstr(d->where, where))))
		fprintf(stderr, "got %s at %s: %s\n", d->code, d->where ? d->where : "-", d->message_en);
	assert_string_equal(d->code, code);
	if (where)
		assert_non_null(strstr(d->where, where));
	assert_non_null(d->message_vi);
	assert_non_null(d->message_en);
	result_free(&r);
}

static void value_plain(void **s)
{
	(void)s;
	expect("<text:p>Tên: {{ cum.ten }}, năm {{cum.nam}}</text:p>",
	       "<text:p>Tên: Cụm thi đua số XII, năm 2018</text:p>");
}

static void value_filters_and_escaping(void **s)
{
	(void)s;
	expect("<text:p>{{ cum.ten | upper }} &amp; {{ cum.ngay_ky | date }} {{ cum.diem }}</text:p>",
	       "<text:p>CỤM THI ĐUA SỐ XII &amp; ngày 11 tháng 01 năm 2018 98,5</text:p>");
}

static void tag_split_across_spans_is_repaired(void **s)
{
	(void)s;
	/* half the tag bold, a bookmark and a space element inside it */
	expect("<text:p>A<text:span text:style-name=\"B\">{{ cum.</text:span>te<text:bookmark text:name=\"x\"/>n<text:s/>}}Z</text:p>",
	       "<text:p>A<text:span text:style-name=\"B\">Cụm thi đua số XII</text:span>Z</text:p>");
}

static void smart_quotes_and_nbsp_inside_tags(void **s)
{
	(void)s;
	expect("<text:p>{{\xC2\xA0" "cum.khong | default(\xE2\x80\x9C" "không có\xE2\x80\x9D) }}</text:p>",
	       "<text:p>không có</text:p>");
}

static void input_field_holds_a_tag(void **s)
{
	(void)s;
	expect("<text:p>X <text:text-input text:description=\"ten\">{{ cum.ten }}</text:text-input></text:p>",
	       "<text:p>X Cụm thi đua số XII</text:p>");
}

static void paragraph_loop(void **s)
{
	(void)s;
	expect("<text:p>{% for u in don_vi %}</text:p>"
	       "<text:p>{{ loop.index }}. {{ u.ten }}</text:p>"
	       "<text:p>{% endfor %}</text:p><text:p>hết</text:p>",
	       "<text:p>1. Bảo hiểm xã hội thành phố Hà Nội</text:p>"
	       "<text:p>2. Cục Thuế thành phố Hà Nội</text:p>"
	       "<text:p>3. Bưu điện thành phố Hà Nội</text:p><text:p>hết</text:p>");
}

static void nested_loop_and_condition(void **s)
{
	(void)s;
	expect("<text:p>{% for u in don_vi %}</text:p>"
	       "<text:p>{% if u.truong %}</text:p><text:p>TRƯỞNG</text:p><text:p>{% else %}</text:p>"
	       "<text:p>{{ loop.index }}</text:p><text:p>{% endif %}</text:p>"
	       "<text:p>{% endfor %}</text:p>",
	       "<text:p>TRƯỞNG</text:p><text:p>2</text:p><text:p>3</text:p>");
}

/* A loop's map (loop.index...) is made only for bodies that mention it;
 * an inner loop that does not still sees the outer one's, and one that
 * does sees its own. */
static void loop_map_where_a_body_reads_it(void **s)
{
	(void)s;
	expect("<text:p>{% for u in don_vi %}</text:p>"
	       "<text:p>{% for w in don_vi %}</text:p><text:p>x</text:p><text:p>{% endfor %}</text:p>"
	       "<text:p>{{ loop.index }}/{{ loop.length }}</text:p>"
	       "<text:p>{% endfor %}</text:p>",
	       "<text:p>x</text:p><text:p>x</text:p><text:p>x</text:p><text:p>1/3</text:p>"
	       "<text:p>x</text:p><text:p>x</text:p><text:p>x</text:p><text:p>2/3</text:p>"
	       "<text:p>x</text:p><text:p>x</text:p><text:p>x</text:p><text:p>3/3</text:p>");
	expect("<text:p>{% for u in don_vi %}</text:p>"
	       "<text:p>{% for w in don_vi %}</text:p><text:p>{% if loop.first %}</text:p>"
	       "<text:p>{{ u.ten }}</text:p><text:p>{% endif %}</text:p><text:p>{% endfor %}</text:p>"
	       "<text:p>{% endfor %}</text:p>",
	       "<text:p>Bảo hiểm xã hội thành phố Hà Nội</text:p>"
	       "<text:p>Cục Thuế thành phố Hà Nội</text:p><text:p>Bưu điện thành phố Hà Nội</text:p>");
	/* no body mentions it: the outer data is reached all the same */
	expect("<text:p>{% for u in don_vi %}</text:p>"
	       "<text:p>{% for w in don_vi %}</text:p><text:p>{% if w.truong %}</text:p>"
	       "<text:p>{{ u.ten }}</text:p><text:p>{% endif %}</text:p><text:p>{% endfor %}</text:p>"
	       "<text:p>{% endfor %}</text:p>",
	       "<text:p>Bảo hiểm xã hội thành phố Hà Nội</text:p>"
	       "<text:p>Cục Thuế thành phố Hà Nội</text:p><text:p>Bưu điện thành phố Hà Nội</text:p>");
}

static void inline_condition(void **s)
{
	(void)s;
	expect("<text:p>A{% if cum.khong_co %}B{% elif cum.nam > 2017 %}C{% else %}D{% endif %}E</text:p>",
	       "<text:p>ACE</text:p>");
}

static void list_item_loop(void **s)
{
	(void)s;
	expect("<text:list><text:list-item><text:p>{% for u in don_vi | batch(2) %}</text:p></text:list-item>"
	       "<text:list-item><text:p>{{ u | length }}</text:p></text:list-item>"
	       "<text:list-item><text:p>{% endfor %}</text:p></text:list-item></text:list>",
	       "<text:list><text:list-item><text:p>2</text:p></text:list-item>"
	       "<text:list-item><text:p>1</text:p></text:list-item></text:list>");
}

#define ROW(x) "<table:table-row>" x "</table:table-row>"
#define CELL(x) "<table:table-cell><text:p>" x "</text:p></table:table-cell>"
#define ECELL "<table:table-cell/>"

static void row_loop_marker_rows(void **s)
{
	(void)s;
	expect("<table:table table:name=\"T\">" ROW(CELL("TT") CELL("Tên"))
	       ROW(CELL("{% for u in don_vi %}") ECELL) ROW(CELL("{{ loop.index }}") CELL("{{ u.ten }}"))
	       ROW(ECELL CELL("{% endfor %}")) "</table:table>",
	       "<table:table table:name=\"T\">" ROW(CELL("TT") CELL("Tên"))
	       ROW(CELL("1") CELL("Bảo hiểm xã hội thành phố Hà Nội"))
	       ROW(CELL("2") CELL("Cục Thuế thành phố Hà Nội"))
	       ROW(CELL("3") CELL("Bưu điện thành phố Hà Nội")) "</table:table>");
}

static void row_loop_first_and_last_cell(void **s)
{
	(void)s;
	/* implicit: tags in the first and last cell of one row repeat it */
	expect("<table:table table:name=\"T\">"
	       ROW(CELL("{% for u in don_vi %}{{ loop.index }}") CELL("{{ u.ten }}{% endfor %}"))
	       "</table:table>",
	       "<table:table table:name=\"T\">" ROW(CELL("1") CELL("Bảo hiểm xã hội thành phố Hà Nội"))
	       ROW(CELL("2") CELL("Cục Thuế thành phố Hà Nội"))
	       ROW(CELL("3") CELL("Bưu điện thành phố Hà Nội")) "</table:table>");
}

static void explicit_row_scope_with_own_paragraphs(void **s)
{
	(void)s;
	/* the signature grid: tag paragraphs vanish, the row repeats */
	expect("<table:table table:name=\"K\"><table:table-row><table:table-cell>"
	       "<text:p>{%row for cap in don_vi | batch(2) %}</text:p><text:p>{{ cap[0].ten }}</text:p>"
	       "</table:table-cell><table:table-cell>"
	       "<text:p>{% if cap[1] %}</text:p><text:p>{{ cap[1].ten }}</text:p><text:p>{% endif %}</text:p>"
	       "<text:p>{%row endfor %}</text:p></table:table-cell></table:table-row></table:table>",
	       "<table:table table:name=\"K\"><table:table-row><table:table-cell>"
	       "<text:p>Bảo hiểm xã hội thành phố Hà Nội</text:p></table:table-cell><table:table-cell>"
	       "<text:p>Cục Thuế thành phố Hà Nội</text:p></table:table-cell></table:table-row>"
	       "<table:table-row><table:table-cell><text:p>Bưu điện thành phố Hà Nội</text:p>"
	       "</table:table-cell><table:table-cell></table:table-cell></table:table-row></table:table>");
}

static void explicit_paragraph_condition(void **s)
{
	(void)s;
	expect("<text:p>{%p if cum.so %}Số: {{ cum.so }}{%p endif %}</text:p><text:p>x</text:p>",
	       "<text:p>x</text:p>");
}

static void header_is_filled(void **s)
{
	result r = run("<text:p>x</text:p>", "Năm {{ cum.nam }}");
	(void)s;
	assert_int_equal(r.rc, 0);
	assert_non_null(r.styles);
	assert_non_null(strstr(r.styles, "Năm 2018"));
	result_free(&r);
}

static void whitespace_in_values(void **s)
{
	td_value *v;
	(void)s;
	(void)v;
	expect("<text:p>{{ \"a  b\\nc\" }}</text:p>",
	       "<text:p>a <text:s text:c=\"1\"/>b<text:line-break/>c</text:p>");
}

static void errors_are_located(void **s)
{
	(void)s;
	expect_error("<text:p>x</text:p><text:p>{{ cum.</text:p><text:p>ten }}</text:p>",
	             "tmpl.unclosed-tag", "đoạn 2");
	expect_error("<text:p>{% if cum.ten %}</text:p><text:p>{% endfor %}</text:p>",
	             "tmpl.mismatched-end", "đoạn 2");
	expect_error("<text:p>{% for u in don_vi %}</text:p><text:p>a</text:p>",
	             "tmpl.unclosed-block", "đoạn 1");
	expect_error("<text:p>a</text:p><text:p>{{ cum.ten | khong_co }}</text:p>",
	             "expr.unknown-filter", "đoạn 2");
	expect_error("<text:p>{{ cum.tenn }}</text:p>", "expr.undefined", "đoạn 1");
	expect_error("<text:p>{% frobnicate %}</text:p>", "tmpl.unknown-statement", "đoạn 1");
	expect_error("<table:table table:name=\"T\">" ROW(CELL("{% for u in don_vi %}")) "</table:table>"
	             "<text:p>{% endfor %}</text:p>", "tmpl.block-structure", NULL);
}

static void ods_cells_are_typed(void **s)
{
	char *doc = tu_fods("<table:table table:name=\"Bảng\">"
	                    "<table:table-row><table:table-cell table:style-name=\"ce1\" office:value-type=\"string\">"
	                    "<text:p>{{ cum.nam }}</text:p></table:table-cell>"
	                    "<table:table-cell><text:p>{{ cum.ngay_ky }}</text:p></table:table-cell>"
	                    "<table:table-cell table:number-columns-repeated=\"2\"><text:p>N: {{ cum.diem }}</text:p></table:table-cell>"
	                    "</table:table-row>"
	                    "<table:table-row><table:table-cell><text:p>{{ cum.khong }}</text:p></table:table-cell></table:table-row>"
	                    "</table:table>");
	result r = run_doc(doc, "fods");
	const thidua_diag *d;
	(void)s;
	/* the undefined name is reported at its cell */
	assert_true(r.rc < 0);
	d = thidua_diags_get(r.diags, 0);
	assert_non_null(d);
	assert_string_equal(d->where, "Bảng!A2");
	result_free(&r);
	free(doc);

	doc = tu_fods("<table:table table:name=\"Bảng\">"
	              "<table:table-row><table:table-cell table:style-name=\"ce1\" office:value-type=\"string\">"
	              "<text:p>{{ cum.nam }}</text:p></table:table-cell>"
	              "<table:table-cell><text:p>{{ cum.ngay_ky }}</text:p></table:table-cell>"
	              "<table:table-cell table:number-columns-repeated=\"2\"><text:p>N: {{ cum.diem }}</text:p></table:table-cell>"
	              "</table:table-row></table:table>");
	r = run_doc(doc, "fods");
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.body, "<table:table-cell table:style-name=\"ce1\" office:value-type=\"float\" office:value=\"2018\"><text:p>2018</text:p>"));
	assert_non_null(strstr(r.body, "office:value-type=\"date\" office:date-value=\"2018-01-11\"><text:p>11/01/2018</text:p>"));
	/* a repeated cell holding a tag was expanded: two copies */
	assert_non_null(strstr(r.body, "<text:p>N: 98,5</text:p></table:table-cell><table:table-cell><text:p>N: 98,5</text:p>"));
	result_free(&r);
	free(doc);
}

/* {%cell for %}: the cells from the opening tag's to the closing tag's are
 * repeated across the row (one column per item); a cell holding one value
 * between the tags is still typed. */
static void ods_cell_loop_repeats_columns(void **s)
{
	char *doc = tu_fods("<table:table table:name=\"Bảng\">"
	                    "<table:table-row><table:table-cell><text:p>Mã</text:p></table:table-cell>"
	                    "<table:table-cell><text:p>{%cell for u in don_vi %}{{ u.ten }}{%cell endfor %}</text:p></table:table-cell>"
	                    "<table:table-cell><text:p>Cuối</text:p></table:table-cell></table:table-row>"
	                    "<table:table-row><table:table-cell><text:p>I.1</text:p></table:table-cell>"
	                    "<table:table-cell><text:p>{%cell for u in don_vi %}</text:p></table:table-cell>"
	                    "<table:table-cell><text:p>{{ cum.diem }}</text:p></table:table-cell>"
	                    "<table:table-cell><text:p>{%cell endfor %}</text:p></table:table-cell>"
	                    "</table:table-row></table:table>");
	result r = run_doc(doc, "fods");
	const char *p;
	(void)s;
	assert_int_equal(r.rc, 0);
	p = strstr(r.body, "<text:p>Mã</text:p></table:table-cell>"
	                   "<table:table-cell office:value-type=\"string\"><text:p>Bảo hiểm xã hội thành phố Hà Nội</text:p></table:table-cell>"
	                   "<table:table-cell office:value-type=\"string\"><text:p>Cục Thuế thành phố Hà Nội</text:p></table:table-cell>"
	                   "<table:table-cell office:value-type=\"string\"><text:p>Bưu điện thành phố Hà Nội</text:p></table:table-cell>"
	                   "<table:table-cell><text:p>Cuối</text:p>");
	assert_non_null(p);
	/* second row: the marker cells are gone, the value cell is repeated and typed */
	p = strstr(r.body, "<text:p>I.1</text:p></table:table-cell>");
	assert_non_null(p);
	assert_non_null(strstr(p, "<table:table-cell office:value-type=\"float\" office:value=\"98.5\"><text:p>98,5</text:p></table:table-cell>"
	                          "<table:table-cell office:value-type=\"float\" office:value=\"98.5\"><text:p>98,5</text:p></table:table-cell>"
	                          "<table:table-cell office:value-type=\"float\" office:value=\"98.5\"><text:p>98,5</text:p></table:table-cell></table:table-row>"));
	assert_null(strstr(r.body, "{%"));
	result_free(&r);
	free(doc);
}

static void ods_formulas_follow_generated_rows(void **s)
{
	/* rows: 1 header, 2 {% for %}, 3 body, 4 {% endfor %}, 5 total, 6 double */
	char *doc = tu_fods("<table:table table:name=\"S\">"
	                    ROW(CELL("Tên") CELL("Điểm"))
	                    ROW(CELL("{% for u in don_vi %}") ECELL)
	                    ROW(CELL("{{ u.ten }}") CELL("{{ loop.index }}"))
	                    ROW(CELL("{% endfor %}") ECELL)
	                    "<table:table-row>" CELL("Tổng")
	                    "<table:table-cell table:formula=\"of:=SUM([.B2:.B4])\" office:value-type=\"float\" office:value=\"0\"><text:p>0</text:p></table:table-cell></table:table-row>"
	                    "<table:table-row>" CELL("x2")
	                    "<table:table-cell table:formula=\"of:=[.B5]*2&amp;&quot;[.B5]&quot;\"/></table:table-row>"
	                    "</table:table>"
	                    "<table:named-expressions><table:named-range table:name=\"Diem\" "
	                    "table:base-cell-address=\"$S.$B$3\" table:cell-range-address=\"$S.$B$3:.$B$3\"/>"
	                    "</table:named-expressions>");
	result r = run_doc(doc, "fods");
	(void)s;
	assert_int_equal(r.rc, 0);
	/* three units: the body became rows 2-4, the total row 5, the last 6 */
	assert_non_null(strstr(r.body, "table:formula=\"of:=SUM([.B2:.B4])\""));
	assert_non_null(strstr(r.body, "table:formula=\"of:=[.B5]*2&amp;&quot;[.B5]&quot;\""));
	assert_non_null(strstr(r.body, "table:cell-range-address=\"$S.$B$2:.$B$4\""));
	assert_non_null(strstr(r.body, "table:base-cell-address=\"$S.$B$2\""));
	result_free(&r);
	free(doc);

	/* a loop that grew the table: the sum stretches, refs below move */
	doc = tu_fods("<table:table table:name=\"S\">"
	              ROW(CELL("{% for u in don_vi %}") ECELL)
	              ROW(CELL("{{ u.ten }}") CELL("{{ loop.index }}"))
	              ROW(CELL("{{ u.ten }}") CELL("{{ loop.index }}"))
	              ROW(CELL("{% endfor %}") ECELL)
	              "<table:table-row>" CELL("Tổng")
	              "<table:table-cell table:formula=\"of:=SUM([.B1:.B4])\"/></table:table-row>"
	              "<table:table-row>" CELL("x2")
	              "<table:table-cell table:formula=\"of:=[.B5]*2+[.B3]\"/></table:table-row>"
	              "</table:table>");
	r = run_doc(doc, "fods");
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.body, "of:=SUM([.B1:.B6])"));
	/* [.B3] (a loop row) seen from outside the loop: its first output */
	assert_non_null(strstr(r.body, "of:=[.B7]*2+[.B2]"));
	result_free(&r);
	free(doc);
}

static void table_left_without_rows_stays_valid(void **s)
{
	(void)s;
	expect("<table:table table:name=\"T\">"
	       ROW(CELL("{% for u in cum.khong_co_gi | default([]) %}") ECELL)
	       ROW(CELL("{{ u }}") ECELL)
	       ROW(CELL("{% endfor %}") ECELL) "</table:table>",
	       "<table:table table:name=\"T\"><table:table-row><table:table-cell/></table:table-row></table:table>");
}

static void refuses_to_overwrite(void **s)
{
	char *dir = tu_tmpdir(), *in = tu_path(dir, "t.fodt"), *out = tu_path(dir, "o.odt");
	char *doc = tu_fodt("<text:p>{{ cum.ten }}</text:p>", NULL);
	thidua_template *t = NULL;
	td_value *data = sample_data();
	thidua_fill_options o = THIDUA_FILL_OPTIONS_INIT;
	(void)s;
	tu_write(in, doc, strlen(doc));
	tu_write(out, "keep", 4);
	assert_int_equal(thidua_template_open(&t, in, NULL), 0);
	assert_int_equal(td_template_fill_value(t, data, out, NULL, NULL), THIDUA_EEXISTS);
	{
		char *k = tu_read_part(out, "content.xml");
		assert_null(k); /* still the 4 bytes "keep", not a package */
	}
	o.overwrite = 1;
	assert_int_equal(td_template_fill_value(t, data, out, &o, NULL), 0);
	thidua_template_free(t);
	td_v_unref(data);
	tu_rmtree(dir);
	free(dir);
	free(in);
	free(out);
	free(doc);
}

typedef struct job {
	const thidua_template *t;
	char *out;
	int rc;
} job;

static void *fill_job(void *arg)
{
	job *j = arg;
	td_value *data = sample_data();

	j->rc = td_template_fill_value(j->t, data, j->out, NULL, NULL);
	td_v_unref(data);
	return NULL;
}

static void concurrent_fills_agree(void **s)
{
	char *dir = tu_tmpdir(), *in = tu_path(dir, "t.fodt");
	char *doc = tu_fodt("<text:p>{% for u in don_vi %}</text:p><text:p>{{ u.ten | upper }}</text:p>"
	                    "<text:p>{% endfor %}</text:p>", NULL);
	thidua_template *t = NULL;
	pthread_t th[4];
	job jobs[4];
	char *first = NULL;
	int i;
	(void)s;
	tu_write(in, doc, strlen(doc));
	assert_int_equal(thidua_template_open(&t, in, NULL), 0);
	for (i = 0; i < 4; i++) {
		char name[16];
		snprintf(name, sizeof name, "o%d.odt", i);
		jobs[i].t = t;
		jobs[i].out = tu_path(dir, name);
		pthread_create(&th[i], NULL, fill_job, &jobs[i]);
	}
	for (i = 0; i < 4; i++) {
		char *c;
		pthread_join(th[i], NULL);
		assert_int_equal(jobs[i].rc, 0);
		c = tu_read_part(jobs[i].out, "content.xml");
		assert_non_null(c);
		assert_non_null(strstr(c, "BƯU ĐIỆN THÀNH PHỐ HÀ NỘI"));
		if (!first)
			first = c;
		else {
			assert_string_equal(first, c);
			free(c);
		}
		free(jobs[i].out);
	}
	free(first);
	thidua_template_free(t);
	tu_rmtree(dir);
	free(dir);
	free(in);
	free(doc);
}

static void allocation_failures_are_clean(void **s)
{
	char *dir = tu_tmpdir(), *in = tu_path(dir, "t.fodt"), *out = tu_path(dir, "o.odt");
	char *doc = tu_fodt("<text:p>{% for u in don_vi %}</text:p><text:p>{{ u.ten }}</text:p>"
	                    "<text:p>{% endfor %}</text:p><text:p>{{ cum.ngay_ky | date }}</text:p>", NULL);
	long n;
	int ok = 0;
	(void)s;
	tu_write(in, doc, strlen(doc));
	for (n = 0; n < 20000 && !ok; n++) {
		thidua_template *t = NULL;
		td_value *data = sample_data();
		int rc;
		td_alloc_fail_after(n);
		rc = thidua_template_open(&t, in, NULL);
		if (rc == 0)
			rc = td_template_fill_value(t, data, out, NULL, NULL);
		td_alloc_fail_after(-1);
		thidua_template_free(t);
		td_v_unref(data);
		if (rc == 0)
			ok = 1;
		else
			assert_true(rc == THIDUA_ENOMEM || td_v_failed(data) || rc < 0);
		if (!ok)
			assert_false(tu_exists(out));
	}
	assert_true(ok);
	tu_rmtree(dir);
	free(dir);
	free(in);
	free(out);
	free(doc);
}

/* --- review: defects found by a second reading --- */

static void template_errors_fail_without_diags(void **s)
{
	char *dir = tu_tmpdir(), *in = tu_path(dir, "t.fodt");
	char *doc = tu_fodt("<text:p>{% for u in don_vi %}</text:p><text:p>{{ u.ten }}</text:p>", NULL);
	thidua_template *t = NULL;
	(void)s;
	tu_write(in, doc, strlen(doc));
	/* no diagnostics list: the unclosed block must still be an error */
	assert_int_equal(thidua_template_open(&t, in, NULL), THIDUA_ETEMPLATE);
	assert_null(t);
	tu_rmtree(dir);
	free(dir);
	free(in);
	free(doc);
}

static void row_loop_tags_alone_in_first_and_last_cell(void **s)
{
	(void)s;
	/* rule 2: tags in the first and last cell of a row with other content
	 * repeat that row, also when each tag has its cell to itself */
	expect("<table:table table:name=\"T\">"
	       ROW(CELL("{% for u in don_vi %}") CELL("{{ u.ten }}") CELL("{% endfor %}"))
	       "</table:table>",
	       "<table:table table:name=\"T\">"
	       ROW(ECELL CELL("Bảo hiểm xã hội thành phố Hà Nội") ECELL)
	       ROW(ECELL CELL("Cục Thuế thành phố Hà Nội") ECELL)
	       ROW(ECELL CELL("Bưu điện thành phố Hà Nội") ECELL) "</table:table>");
	expect("<table:table table:name=\"T\">"
	       ROW(CELL("{% for u in don_vi %}") CELL("{{ u.ten }}{% endfor %}"))
	       "</table:table>",
	       "<table:table table:name=\"T\">"
	       ROW(ECELL CELL("Bảo hiểm xã hội thành phố Hà Nội"))
	       ROW(ECELL CELL("Cục Thuế thành phố Hà Nội"))
	       ROW(ECELL CELL("Bưu điện thành phố Hà Nội")) "</table:table>");
}

static void leading_and_trailing_spaces_of_values_survive(void **s)
{
	(void)s;
	/* ODF collapses a space at the start of a paragraph or after another
	 * space: the value's own spaces there are written as text:s */
	expect("<text:p>{{ \" a \" }} b</text:p>",
	       "<text:p><text:s text:c=\"1\"/>a<text:s text:c=\"1\"/> b</text:p>");
	expect("<text:p>x{{ \"\\n b\" }}</text:p>",
	       "<text:p>x<text:line-break/><text:s text:c=\"1\"/>b</text:p>");
}

static void ods_single_ref_from_below_a_loop_is_its_first_copy(void **s)
{
	/* rows: 1 header, 2 for, 3 body, 4 endfor, 5 =[.B3] */
	char *doc = tu_fods("<table:table table:name=\"S\">"
	                    ROW(CELL("Tên") CELL("Điểm"))
	                    ROW(CELL("{% for u in don_vi %}") ECELL)
	                    ROW(CELL("{{ u.ten }}") CELL("{{ loop.index }}"))
	                    ROW(CELL("{% endfor %}") ECELL)
	                    "<table:table-row>" CELL("Đầu")
	                    "<table:table-cell table:formula=\"of:=[.B3]\"/></table:table-row>"
	                    "</table:table>");
	result r = run_doc(doc, "fods");
	(void)s;
	assert_int_equal(r.rc, 0);
	if (!strstr(r.body, "of:=[.B2]"))
		fprintf(stderr, "got: %s\n", r.body);
	assert_non_null(strstr(r.body, "of:=[.B2]\""));
	result_free(&r);
	free(doc);
}

static void ods_range_within_a_loop_row_stays_in_its_turn(void **s)
{
	/* a per-row subtotal SUM([.B2:.C2]) inside the loop row */
	char *doc = tu_fods("<table:table table:name=\"S\">"
	                    ROW(CELL("{% for u in don_vi %}") ECELL ECELL ECELL)
	                    "<table:table-row>" CELL("{{ u.ten }}") CELL("{{ loop.index }}") CELL("{{ loop.index }}")
	                    "<table:table-cell table:formula=\"of:=SUM([.B2:.C2])+[.B2]\"/></table:table-row>"
	                    ROW(CELL("{% endfor %}") ECELL ECELL ECELL)
	                    "<table:table-row>" CELL("Tổng") ECELL ECELL
	                    "<table:table-cell table:formula=\"of:=SUM([.D2:.D2])\"/></table:table-row>"
	                    "</table:table>");
	result r = run_doc(doc, "fods");
	(void)s;
	assert_int_equal(r.rc, 0);
	if (!strstr(r.body, "of:=SUM([.B2:.C2])+[.B2]"))
		fprintf(stderr, "got: %s\n", r.body);
	assert_non_null(strstr(r.body, "of:=SUM([.B1:.C1])+[.B1]\""));
	assert_non_null(strstr(r.body, "of:=SUM([.B2:.C2])+[.B2]\""));
	assert_non_null(strstr(r.body, "of:=SUM([.B3:.C3])+[.B3]\""));
	/* from outside the loop the same kind of range covers every turn */
	assert_non_null(strstr(r.body, "of:=SUM([.D1:.D3])\""));
	result_free(&r);
	free(doc);
}

static void overlong_loop_is_an_error_not_a_shorter_document(void **s)
{
	char *dir = tu_tmpdir(), *in = tu_path(dir, "t.fodt"), *out = tu_path(dir, "o.odt");
	char *doc = tu_fodt("<text:p>{% for u in xs %}</text:p><text:p>{{ u }}</text:p>"
	                    "<text:p>{% endfor %}</text:p>", NULL);
	char *nested = tu_fodt("<text:p>{% for u in ys %}</text:p><text:p>{% for v in ys %}</text:p>"
	                       "<text:p>{{ v }}</text:p><text:p>{% endfor %}</text:p>"
	                       "<text:p>{% endfor %}</text:p>", NULL);
	thidua_template *t = NULL;
	thidua_diags *d = thidua_diags_new();
	td_value *data = td_v_map(), *xs = td_v_list(), *ys = td_v_list();
	const thidua_diag *g;
	char *content;
	int i;
	(void)s;
	/* a province's summary repeats a row per unit and criterion: more than
	 * the 100,000 items the old engine allowed a list */
	for (i = 0; i < 150000; i++)
		td_v_list_push(xs, td_v_int(i));
	for (i = 0; i < 4000; i++)
		td_v_list_push(ys, td_v_int(i));
	td_v_map_set(data, "xs", xs);
	td_v_map_set(data, "ys", ys);
	tu_write(in, doc, strlen(doc));
	assert_int_equal(thidua_template_open(&t, in, d), 0);
	assert_int_equal(td_template_fill_value(t, data, out, NULL, d), 0);
	content = tu_read_part(out, "content.xml");
	assert_non_null(strstr(content, "<text:p>149999</text:p>"));
	free(content);
	thidua_template_free(t);
	t = NULL;
	unlink(out);
	/* nested loops multiply: 4,000 x 4,000 turns are over the budget */
	tu_write(in, nested, strlen(nested));
	assert_int_equal(thidua_template_open(&t, in, d), 0);
	assert_int_equal(td_template_fill_value(t, data, out, NULL, d), THIDUA_ELIMIT);
	assert_false(tu_exists(out));
	g = thidua_diags_get(d, 0);
	assert_non_null(g);
	assert_string_equal(g->code, "tmpl.too-large");
	thidua_template_free(t);
	thidua_diags_free(d);
	td_v_unref(data);
	tu_rmtree(dir);
	free(dir);
	free(in);
	free(out);
	free(doc);
	free(nested);
}

/* Seven loops nested over ten units were ten million turns (9 s, 10 MB):
 * each turn counts against the part's output budget as 128 bytes more
 * than it writes, and the error names the loop. */
static void nested_loops_have_a_turn_budget(void **s)
{
	char body[2048], inner[1024] = "", ends[512] = "";
	result r;
	const thidua_diag *d;
	int i;
	(void)s;
	/* 3 units, 11 levels: 3^11 = 177,147 innermost turns, within budget */
	for (i = 0; i < 11; i++) {
		snprintf(inner + strlen(inner), sizeof inner - strlen(inner),
		         "{%% for v%d in don_vi %%}", i);
		strcat(ends, "{% endfor %}");
	}
	snprintf(body, sizeof body, "<text:p>%sx%s</text:p>", inner, ends);
	r = run(body, NULL);
	assert_int_equal(r.rc, 0);
	result_free(&r);
	/* 14 levels: 3^14 = 4,782,969 turns of 129 bytes, past 384 MiB */
	for (; i < 14; i++) {
		snprintf(inner + strlen(inner), sizeof inner - strlen(inner),
		         "{%% for v%d in don_vi %%}", i);
		strcat(ends, "{% endfor %}");
	}
	snprintf(body, sizeof body, "<text:p>%sx%s</text:p>", inner, ends);
	r = run(body, NULL);
	assert_int_equal(r.rc, THIDUA_ELIMIT);
	assert_false(r.output_exists);
	d = thidua_diags_get(r.diags, 0);
	assert_non_null(d);
	assert_string_equal(d->code, "tmpl.too-large");
	assert_non_null(d->where);
	assert_non_null(strstr(d->where, "1"));
	assert_non_null(d->tag);
	assert_non_null(strstr(d->tag, "for v"));
	assert_non_null(strstr(thidua_error_last()->message_en, "loop turn"));
	assert_non_null(strstr(thidua_error_last()->message_en, "384 MiB"));
	result_free(&r);
}

/* Few turns, each writing much: the output of a part is budgeted too. */
static void filled_output_has_a_size_budget(void **s)
{
	char *dir = tu_tmpdir(), *in = tu_path(dir, "t.fodt"), *out = tu_path(dir, "o.odt");
	char *doc = tu_fodt("<text:p>{% for a in xs %}{% for b in xs %}{{ big }}{% endfor %}"
	                    "{% endfor %}</text:p>", NULL);
	thidua_template *t = NULL;
	thidua_diags *d = thidua_diags_new();
	td_value *data = td_v_map(), *xs = td_v_list();
	char *big = malloc(1001);
	const thidua_diag *g;
	int i;
	(void)s;
	memset(big, 'a', 1000);
	big[1000] = '\0';
	for (i = 0; i < 650; i++)  /* 422,500 turns of 1,000 bytes: 422 MB */
		td_v_list_push(xs, td_v_int(i));
	td_v_map_set(data, "xs", xs);
	td_v_map_set(data, "big", td_v_str(big));
	tu_write(in, doc, strlen(doc));
	assert_int_equal(thidua_template_open(&t, in, d), 0);
	assert_int_equal(td_template_fill_value(t, data, out, NULL, d), THIDUA_ELIMIT);
	assert_false(tu_exists(out));
	g = thidua_diags_get(d, 0);
	assert_non_null(g);
	assert_string_equal(g->code, "tmpl.too-large");
	assert_non_null(g->where);
	assert_non_null(strstr(g->message_en, "MiB"));
	thidua_template_free(t);
	thidua_diags_free(d);
	td_v_unref(data);
	tu_rmtree(dir);
	free(big);
	free(dir);
	free(in);
	free(out);
	free(doc);
}

static void ods_named_range_on_a_sheet_with_a_space(void **s)
{
	/* rows: 1 for, 2 body, 3 endfor; the sheet's name has a space */
	char *doc = tu_fods("<table:table table:name=\"Bảng 1\">"
	                    ROW(CELL("{% for u in don_vi %}") ECELL)
	                    ROW(CELL("{{ u.ten }}") CELL("{{ loop.index }}"))
	                    ROW(CELL("{% endfor %}") ECELL)
	                    "</table:table>"
	                    "<table:named-expressions><table:named-range table:name=\"Diem\" "
	                    "table:base-cell-address=\"$'Bảng 1'.$B$2\" "
	                    "table:cell-range-address=\"$'Bảng 1'.$B$2:.$B$2\"/>"
	                    "</table:named-expressions>");
	result r = run_doc(doc, "fods");
	(void)s;
	assert_int_equal(r.rc, 0);
	if (!strstr(r.body, "table:cell-range-address=\"$'Bảng 1'.$B$1:.$B$3\""))
		fprintf(stderr, "got: %s\n", strstr(r.body, "named-range"));
	assert_non_null(strstr(r.body, "table:cell-range-address=\"$'Bảng 1'.$B$1:.$B$3\""));
	assert_non_null(strstr(r.body, "table:base-cell-address=\"$'Bảng 1'.$B$1\""));
	result_free(&r);
	free(doc);
}

static void tag_paragraph_with_revision_marks_is_alone(void **s)
{
	(void)s;
	/* the tag typed with track changes on: the marks are not content */
	expect("<text:p><text:change-start text:change-id=\"c1\"/>{% for u in don_vi | batch(2) %}"
	       "<text:change-end text:change-id=\"c1\"/></text:p>"
	       "<text:p>{{ u | length }}</text:p>"
	       "<text:p>{% endfor %}<text:change text:change-id=\"c2\"/></text:p>",
	       "<text:p>2</text:p><text:p>1</text:p>");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(value_plain),
		cmocka_unit_test(nested_loops_have_a_turn_budget),
		cmocka_unit_test(filled_output_has_a_size_budget),
		cmocka_unit_test(value_filters_and_escaping),
		cmocka_unit_test(tag_split_across_spans_is_repaired),
		cmocka_unit_test(smart_quotes_and_nbsp_inside_tags),
		cmocka_unit_test(input_field_holds_a_tag),
		cmocka_unit_test(paragraph_loop),
		cmocka_unit_test(nested_loop_and_condition),
		cmocka_unit_test(loop_map_where_a_body_reads_it),
		cmocka_unit_test(inline_condition),
		cmocka_unit_test(list_item_loop),
		cmocka_unit_test(row_loop_marker_rows),
		cmocka_unit_test(row_loop_first_and_last_cell),
		cmocka_unit_test(explicit_row_scope_with_own_paragraphs),
		cmocka_unit_test(explicit_paragraph_condition),
		cmocka_unit_test(header_is_filled),
		cmocka_unit_test(whitespace_in_values),
		cmocka_unit_test(errors_are_located),
		cmocka_unit_test(ods_cells_are_typed),
		cmocka_unit_test(ods_formulas_follow_generated_rows),
		cmocka_unit_test(ods_cell_loop_repeats_columns),
		cmocka_unit_test(table_left_without_rows_stays_valid),
		cmocka_unit_test(refuses_to_overwrite),
		cmocka_unit_test(concurrent_fills_agree),
		cmocka_unit_test(allocation_failures_are_clean),
		cmocka_unit_test(template_errors_fail_without_diags),
		cmocka_unit_test(row_loop_tags_alone_in_first_and_last_cell),
		cmocka_unit_test(leading_and_trailing_spaces_of_values_survive),
		cmocka_unit_test(ods_single_ref_from_below_a_loop_is_its_first_copy),
		cmocka_unit_test(ods_range_within_a_loop_row_stays_in_its_turn),
		cmocka_unit_test(overlong_loop_is_an_error_not_a_shorter_document),
		cmocka_unit_test(ods_named_range_on_a_sheet_with_a_space),
		cmocka_unit_test(tag_paragraph_with_revision_marks_is_alone),
	};
	return cmocka_run_group_tests_name("tmpl", tests, NULL, NULL);
}
