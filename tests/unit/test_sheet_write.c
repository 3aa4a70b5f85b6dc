/* test_sheet_write.c - scoring sheets (sheets/sheet_write.c, api/sheets.c,
 * form/identity.c): layout, identity, formulas, validations, protection,
 * the khối and cross-scoring variants, file names, refusal to overwrite,
 * clean-up on failure, allocation failures and ODF conformance. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <zip.h>

#include "model/cluster.h"
#include "odf/sheet.h"
#include "form/form.h"
#include "intake/intake.h"
#include "sheets/sheets.h"
#include "rules_fixture.h"
#include "testutil.h"
#include "text/vi.h"
#include "thidua.h"
#include "util/alloc.h"
#include "util/sha2.h"

#define TEMPLATE TD_SOURCE_DIR "/templates/scoring-sheet.fods"
#define SCHEMA TD_SOURCE_DIR "/../shared/odf/schema/odf1.3/OpenDocument-v1.3-schema.rng"
#define ODFCHECK TD_SOURCE_DIR "/../shared/odf/odfcheck"

/* ---- fixtures ------------------------------------------------------------ */

static void add_unit(thidua_cluster *c, int order, const char *code, const char *name)
{
	td_unit *u;

	c->units = td_realloc(c->units, (c->n_units + 1) * sizeof *c->units);
	assert_non_null(c->units);
	u = &c->units[c->n_units++];
	memset(u, 0, sizeof *u);
	u->order = order;
	u->code = td_strdup(code);
	u->name = td_strdup(name);
	u->role = order == 1 ? TD_ROLE_HEAD : TD_ROLE_MEMBER;
}

/* Points in hundredths; the parent is found from the code. */
static void add_crit(thidua_cluster *c, const char *code, const char *text, td_crit_kind kind,
                     int64_t max, int64_t per_event, int64_t cap)
{
	td_criterion *k;
	const char *dot = strrchr(code, '.');
	size_t i;

	c->criteria = td_realloc(c->criteria, (c->n_criteria + 1) * sizeof *c->criteria);
	assert_non_null(c->criteria);
	k = &c->criteria[c->n_criteria];
	memset(k, 0, sizeof *k);
	k->code = td_strdup(code);
	k->text = td_strdup(text);
	k->kind = kind;
	k->max = max;
	k->per_event = per_event;
	k->cap = cap;
	k->parent = SIZE_MAX;
	if (dot) {
		for (i = 0; i < c->n_criteria; i++)
			if (strlen(c->criteria[i].code) == (size_t)(dot - code) &&
			    !strncmp(c->criteria[i].code, code, (size_t)(dot - code)))
				k->parent = i;
		assert_true(k->parent != SIZE_MAX);
		k->depth = c->criteria[k->parent].depth + 1;
	}
	c->n_criteria++;
}

/* The example table of domain.md §4 (sections I-IV = 100, V bonus capped
 * at 10, VI deductions); with `deep`, I.3 has sub-points a and b. */
static thidua_cluster *fixture(int deep)
{
	thidua_cluster *c = td_cluster_new("mem");

	assert_non_null(c);
	c->kind = TD_KIND_CUM;
	c->name = td_strdup("Cụm thi đua số XII");
	c->parent_body = td_strdup("Ủy ban nhân dân thành phố Hà Nội");
	c->year = 2025;
	c->place = td_strdup("Hà Nội");
	add_unit(c, 1, "BHXH", "Bảo hiểm xã hội thành phố Hà Nội");
	add_unit(c, 2, "CT", "Cục Thuế thành phố Hà Nội");
	add_unit(c, 3, "HQ", "Cục Hải quan thành phố Hà Nội");
	add_crit(c, "I", "THỰC HIỆN NHIỆM VỤ CHÍNH TRỊ, CHUYÊN MÔN", TD_CRIT_SECTION, 5000, 0, 0);
	add_crit(c, "I.1", "Hoàn thành các chỉ tiêu, nhiệm vụ trọng tâm được giao trong năm",
	         TD_CRIT_ITEM, 3000, 0, 0);
	add_crit(c, "I.2", "Thực hiện chế độ thông tin, báo cáo đúng thời hạn", TD_CRIT_ITEM, 1000,
	         0, 0);
	add_crit(c, "I.3", "Cải cách hành chính, chuyển đổi số, ứng dụng chữ ký số", TD_CRIT_ITEM,
	         1000, 0, 0);
	if (deep) {
		add_crit(c, "I.3.a", "Cải cách hành chính", TD_CRIT_ITEM, 500, 0, 0);
		add_crit(c, "I.3.b", "Chuyển đổi số & chữ ký số <số hóa>", TD_CRIT_ITEM, 500, 0, 0);
	}
	add_crit(c, "II", "CÔNG TÁC THI ĐUA, KHEN THƯỞNG VÀ HOẠT ĐỘNG CỦA CỤM", TD_CRIT_SECTION,
	         2000, 0, 0);
	add_crit(c, "II.1", "Xây dựng kế hoạch, đăng ký và phát động thi đua", TD_CRIT_ITEM, 500, 0, 0);
	add_crit(c, "II.2", "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", TD_CRIT_ITEM, 500,
	         0, 0);
	add_crit(c, "II.3", "Thực hiện đúng quy trình, thủ tục khen thưởng", TD_CRIT_ITEM, 500, 0, 0);
	add_crit(c, "II.4", "Tham gia đầy đủ các hoạt động do Cụm tổ chức", TD_CRIT_ITEM, 500, 0, 0);
	add_crit(c, "III", "XÂY DỰNG ĐẢNG, ĐOÀN THỂ VÀ CƠ QUAN", TD_CRIT_SECTION, 2000, 0, 0);
	add_crit(c, "III.1", "Tổ chức cơ sở đảng trong sạch, vững mạnh", TD_CRIT_ITEM, 500, 0, 0);
	add_crit(c, "III.2", "Các tổ chức đoàn thể vững mạnh", TD_CRIT_ITEM, 500, 0, 0);
	add_crit(c, "III.3", "Thực hiện dân chủ cơ sở, phòng, chống tham nhũng, tiêu cực",
	         TD_CRIT_ITEM, 500, 0, 0);
	add_crit(c, "III.4", "Quản lý, sử dụng tài chính, tài sản công đúng quy định", TD_CRIT_ITEM,
	         500, 0, 0);
	add_crit(c, "IV", "CÔNG TÁC XÃ HỘI, NHÂN ĐẠO; VĂN HÓA, THỂ THAO", TD_CRIT_SECTION, 1000, 0, 0);
	add_crit(c, "IV.1", "Tham gia các cuộc vận động, ủng hộ các quỹ", TD_CRIT_ITEM, 500, 0, 0);
	add_crit(c, "IV.2", "Tổ chức, tham gia hoạt động văn hóa, văn nghệ, thể thao", TD_CRIT_ITEM,
	         500, 0, 0);
	add_crit(c, "V", "ĐIỂM CỘNG (tổng không quá 10 điểm)", TD_CRIT_SECTION, 0, 0, 1000);
	add_crit(c, "V.1", "Được khen thưởng cấp Nhà nước, Thủ tướng Chính phủ", TD_CRIT_BONUS, 0,
	         200, 400);
	add_crit(c, "V.2", "Sáng kiến, mô hình mới được công nhận", TD_CRIT_BONUS, 0, 100, 300);
	add_crit(c, "V.3", "Đăng cai tổ chức hoạt động của Cụm", TD_CRIT_BONUS, 0, 100, 200);
	add_crit(c, "V.4", "Hoàn thành xuất sắc nhiệm vụ đột xuất, được biểu dương", TD_CRIT_BONUS, 0,
	         100, 100);
	add_crit(c, "VI", "ĐIỂM TRỪ", TD_CRIT_SECTION, 0, 0, 0);
	add_crit(c, "VI.1", "Có cán bộ bị kỷ luật từ khiển trách trở lên", TD_CRIT_DEDUCTION, 0, 300, 0);
	c->criteria[c->n_criteria - 1].disqualifies = 1;
	c->criteria[c->n_criteria - 1].note = td_strdup("Trừ 3 điểm/trường hợp; không xét Cờ thi đua");
	add_crit(c, "VI.2", "Vắng mặt hoạt động của Cụm không có lý do", TD_CRIT_DEDUCTION, 0, 100, 0);
	add_crit(c, "VI.3", "Nộp bảng tự chấm điểm, báo cáo chậm", TD_CRIT_DEDUCTION, 0, 100, 500);
	return c;
}

/* ---- reading a generated sheet -------------------------------------------- */

typedef struct sheet_doc {
	char *content;
	size_t len;
	xmlDocPtr doc;
	xmlXPathContextPtr xp;
	td_book *book;
} sheet_doc;

static void sheet_open(sheet_doc *s, const char *path)
{
	memset(s, 0, sizeof *s);
	s->content = tu_read_part(path, "content.xml");
	assert_non_null(s->content);
	s->len = strlen(s->content);
	s->doc = xmlReadMemory(s->content, (int)s->len, "content.xml", NULL, XML_PARSE_NONET);
	assert_non_null(s->doc);
	s->xp = xmlXPathNewContext(s->doc);
	xmlXPathRegisterNs(s->xp, BAD_CAST "table", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:table:1.0");
	xmlXPathRegisterNs(s->xp, BAD_CAST "office", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:office:1.0");
	xmlXPathRegisterNs(s->xp, BAD_CAST "text", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:text:1.0");
	xmlXPathRegisterNs(s->xp, BAD_CAST "style", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:style:1.0");
	assert_int_equal(td_book_read_xml(&s->book, s->content, s->len, 100000), 0);
}

static void sheet_close(sheet_doc *s)
{
	td_book_free(s->book);
	xmlXPathFreeContext(s->xp);
	xmlFreeDoc(s->doc);
	free(s->content);
}

static double xp_num(sheet_doc *s, const char *expr)
{
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, s->xp);
	double r;

	assert_non_null(o);
	r = xmlXPathCastToNumber(o);
	xmlXPathFreeObject(o);
	return r;
}

/* The string value of an XPath expression; caller frees. */
static char *xp_str(sheet_doc *s, const char *expr)
{
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, s->xp);
	xmlChar *v;
	char *r;

	assert_non_null(o);
	v = xmlXPathCastToString(o);
	r = strdup((const char *)v);
	xmlFree(v);
	xmlXPathFreeObject(o);
	return r;
}

static const char *cell_text(const td_book_sheet *sh, uint32_t row, uint32_t col)
{
	const td_cell *c = td_book_cell(sh, row, col);

	return c ? c->text : "";
}

static const char *cell_formula(const td_book_sheet *sh, uint32_t row, uint32_t col)
{
	const td_cell *c = td_book_cell(sh, row, col);

	return c && c->formula ? c->formula : "";
}

/* The 0-based row whose code column holds key, or UINT32_MAX. */
static uint32_t row_of(const td_book_sheet *sh, const char *key)
{
	uint32_t r;

	for (r = 0; r < td_book_sheet_rows(sh); r++)
		if (!strcmp(cell_text(sh, r, TD_COL_CODE), key))
			return r;
	return UINT32_MAX;
}

/* "[.D12]" for a key's row. */
static char *ref(const td_book_sheet *sh, char col, const char *key)
{
	static char buf[8][32];
	static int next;
	char *b = buf[next++ % 8];
	uint32_t r = row_of(sh, key);

	assert_true(r != UINT32_MAX);
	snprintf(b, 32, "[.%c%u]", col, r + 1);
	return b;
}

typedef struct gen_out {
	char *dir;
	thidua_paths paths;
	thidua_diags *diags;
	int rc;
} gen_out;

static gen_out generate(const thidua_cluster *c, const char *tmpl, int overwrite)
{
	gen_out g;
	thidua_fill_options o = THIDUA_FILL_OPTIONS_INIT;

	memset(&g, 0, sizeof g);
	g.dir = tu_tmpdir();
	g.diags = thidua_diags_new();
	o.overwrite = overwrite;
	g.rc = thidua_generate_sheets(&g.paths, c, tmpl, g.dir, &o, g.diags);
	return g;
}

static void gen_free(gen_out *g)
{
	thidua_paths_free(&g->paths);
	thidua_diags_free(g->diags);
	tu_rmtree(g->dir);
	free(g->dir);
}

static size_t dir_count(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static char *zip_part(const char *path, const char *name);

/* The head's password of a generated folder (its "Mật khẩu: " line);
 * NULL when there is no password file. Caller frees. */
static char *password_of(const char *dir, int year)
{
	char path[4096], line[256], *pw = NULL;
	FILE *f;

	snprintf(path, sizeof path, "%s/mat-khau-tham-dinh-%d.txt", dir, year);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	while (!pw && fgets(line, sizeof line, f)) {
		const char *v = line + strlen("Mật khẩu: ");
		size_t n;
		if (strncmp(line, "Mật khẩu: ", strlen("Mật khẩu: ")) != 0)
			continue;
		n = strcspn(v, "\r\n");
		pw = malloc(n + 1);   /* no strndup on Windows */
		assert_non_null(pw);
		memcpy(pw, v, n);
		pw[n] = '\0';
	}
	fclose(f);
	return pw;
}

/* ---- tests --------------------------------------------------------------- */

static void column_headers_are_exact(void **state)
{
	static const char *const want[] = { "TT", "Nội dung tiêu chí", "Điểm chuẩn", "Cách tính",
	                                    "Kết quả tự chấm", "Điểm tự chấm", "Kết quả thẩm định",
	                                    "Điểm Cụm thẩm định", "Ghi chú" };
	thidua_cluster *c = fixture(0);
	gen_out g = generate(c, TEMPLATE, 0);
	sheet_doc s;
	const td_book_sheet *sh;
	uint32_t h;
	int col;

	(void)state;
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.paths.count, 3);
	assert_non_null(strstr(g.paths.paths[0], "/bang-tu-cham-diem-2025-BHXH.ods"));
	assert_non_null(strstr(g.paths.paths[2], "/bang-tu-cham-diem-2025-HQ.ods"));
	sheet_open(&s, g.paths.paths[1]);
	assert_int_equal(td_book_sheet_count(s.book), 1);
	sh = td_book_sheet_at(s.book, 0);
	h = row_of(sh, TD_KEY_HEADER);
	assert_true(h != UINT32_MAX);
	for (col = 0; col < 9; col++)
		assert_string_equal(cell_text(sh, h, (uint32_t)col), want[col]);
	/* the header row repeats on every printed page */
	assert_int_equal((int)xp_num(&s, "count(//table:table-header-rows/table:table-row)"), 1);
	assert_int_equal((int)xp_num(&s, "count(//table:table-header-rows//table:table-cell"
	                                 "[text:p='Điểm tự chấm'])"), 1);
	/* ND 30 header, title, unit */
	assert_string_equal(cell_text(sh, 0, 0), "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI");
	assert_string_equal(cell_text(sh, 1, 0), "CỤM THI ĐUA SỐ XII");
	assert_string_equal(cell_text(sh, 0, 2), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	assert_string_equal(cell_text(sh, 1, 2), "Độc lập - Tự do - Hạnh phúc");
	assert_int_equal((int)xp_num(&s, "count(//table:table-row[1]/table:table-cell"
	                                 "[@table:number-columns-spanned])"), 2);
	assert_string_equal(cell_text(sh, 3, 0), "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025");
	assert_string_equal(cell_text(sh, 4, 0), "Đơn vị: Cục Thuế thành phố Hà Nội");
	/* the code column is hidden */
	assert_int_equal((int)xp_num(&s, "count(//table:table-column[10][@table:visibility='collapse'])"),
	                 1);
	assert_int_equal((int)xp_num(&s, "count(//table:table-column[@table:visibility='collapse'])"),
	                 1);
	sheet_close(&s);
	gen_free(&g);
	thidua_cluster_free(c);
}

static void every_criterion_has_its_row(void **state)
{
	thidua_cluster *c = fixture(1);
	gen_out g = generate(c, TEMPLATE, 0);
	sheet_doc s;
	const td_book_sheet *sh;
	uint32_t prev = 0;
	size_t i;

	(void)state;
	assert_int_equal(g.rc, 0);
	sheet_open(&s, g.paths.paths[0]);
	sh = td_book_sheet_at(s.book, 0);
	for (i = 0; i < c->n_criteria; i++) {
		const td_criterion *k = &c->criteria[i];
		uint32_t r = row_of(sh, k->code);
		const char *tt = strrchr(k->code, '.');
		assert_true(r != UINT32_MAX);
		assert_true(r > prev); /* in order */
		prev = r;
		assert_string_equal(cell_text(sh, r, TD_COL_TEXT), k->text);
		assert_string_equal(cell_text(sh, r, TD_COL_TT), tt ? tt + 1 : k->code);
	}
	/* maxima as numbers; caps shown as "≤ n" */
	assert_string_equal(td_book_cell(sh, row_of(sh, "I.1"), TD_COL_MAX)->value, "30");
	assert_string_equal(td_book_cell(sh, row_of(sh, "I.3.a"), TD_COL_MAX)->value, "5");
	assert_string_equal(td_book_cell(sh, row_of(sh, "V.1"), TD_COL_MAX)->value, "4");
	assert_string_equal(cell_text(sh, row_of(sh, "V.1"), TD_COL_MAX), "≤ 4");
	assert_string_equal(cell_text(sh, row_of(sh, "V"), TD_COL_MAX), "≤ 10");
	assert_null(td_book_cell(sh, row_of(sh, "VI.1"), TD_COL_MAX));
	/* the note goes into a comment, not into the text */
	assert_int_equal((int)xp_num(&s, "count(//office:annotation)"), 1);
	assert_int_equal((int)xp_num(&s, "count(//office:annotation[text:p='Trừ 3 điểm/trường hợp; "
	                                 "không xét Cờ thi đua'])"), 1);
	/* escaping */
	assert_non_null(strstr(s.content, "Chuyển đổi số &amp; chữ ký số &lt;số hóa&gt;"));
	/* totals keys */
	assert_true(row_of(sh, TD_KEY_BASE) < row_of(sh, TD_KEY_BONUS));
	assert_true(row_of(sh, TD_KEY_BONUS) < row_of(sh, TD_KEY_DEDUCT));
	assert_true(row_of(sh, TD_KEY_DEDUCT) < row_of(sh, TD_KEY_TOTAL));
	assert_string_equal(td_book_cell(sh, row_of(sh, TD_KEY_BASE), TD_COL_MAX)->value, "100");
	sheet_close(&s);
	gen_free(&g);
	thidua_cluster_free(c);
}

static void identity_parses_back(void **state)
{
	thidua_cluster *c = fixture(0);
	gen_out g = generate(c, TEMPLATE, 0);
	sheet_doc s;
	td_identity id;
	char fp[17], *key = NULL;

	(void)state;
	assert_int_equal(g.rc, 0);
	sheet_open(&s, g.paths.paths[2]);
	assert_int_equal(td_identity_parse(&id, cell_text(td_book_sheet_at(s.book, 0), TD_ROW_ID,
	                                                  TD_COL_CODE)), 0);
	assert_int_equal(td_text_match_key(&key, c->name), 0);
	assert_string_equal(id.cluster_key, key);
	assert_int_equal(id.year, 2025);
	assert_string_equal(id.unit_code, "HQ");
	assert_null(id.scorer_code);
	td_criteria_fingerprint(fp, c);
	assert_string_equal(id.fingerprint, fp);
	td_identity_clear(&id);
	td_free(key);
	sheet_close(&s);
	gen_free(&g);
	thidua_cluster_free(c);
}

static void formulas_reference_the_right_rows(void **state)
{
	thidua_cluster *c = fixture(1);
	gen_out g = generate(c, TEMPLATE, 0);
	sheet_doc s;
	const td_book_sheet *sh;
	char want[512];
	const char cols[] = "FH", ins[] = "EG";
	int i;

	(void)state;
	assert_int_equal(g.rc, 0);
	sheet_open(&s, g.paths.paths[0]);
	sh = td_book_sheet_at(s.book, 0);
	for (i = 0; i < 2; i++) {
		char col = cols[i], in = ins[i];
		uint32_t ci = (uint32_t)(i ? TD_COL_CLUSTER : TD_COL_SELF);
		/* three levels: I sums I.1, I.2 and the subtotal I.3 (not its
		 * sub-points); I.3 sums a and b */
		snprintf(want, sizeof want, "of:=SUM([.%c%u:.%c%u])", col, row_of(sh, "I.1") + 1, col,
		         row_of(sh, "I.3") + 1);
		assert_string_equal(cell_formula(sh, row_of(sh, "I"), ci), want);
		snprintf(want, sizeof want, "of:=SUM([.%c%u:.%c%u])", col, row_of(sh, "I.3.a") + 1, col,
		         row_of(sh, "I.3.b") + 1);
		assert_string_equal(cell_formula(sh, row_of(sh, "I.3"), ci), want);
		snprintf(want, sizeof want, "of:=SUM([.%c%u:.%c%u])", col, row_of(sh, "II.1") + 1, col,
		         row_of(sh, "II.4") + 1);
		assert_string_equal(cell_formula(sh, row_of(sh, "II"), ci), want);
		/* bonus capped by the section's Tối đa */
		snprintf(want, sizeof want, "of:=MIN(10;SUM([.%c%u:.%c%u]))", col, row_of(sh, "V.1") + 1,
		         col, row_of(sh, "V.4") + 1);
		assert_string_equal(cell_formula(sh, row_of(sh, "V"), ci), want);
		snprintf(want, sizeof want, "of:=SUM([.%c%u:.%c%u])", col, row_of(sh, "VI.1") + 1, col,
		         row_of(sh, "VI.3") + 1);
		assert_string_equal(cell_formula(sh, row_of(sh, "VI"), ci), want);
		/* totals */
		snprintf(want, sizeof want, "of:=SUM(%s;%s;%s;%s)", ref(sh, col, "I"), ref(sh, col, "II"),
		         ref(sh, col, "III"), ref(sh, col, "IV"));
		assert_string_equal(cell_formula(sh, row_of(sh, TD_KEY_BASE), ci), want);
		snprintf(want, sizeof want, "of:=SUM(%s)", ref(sh, col, "V"));
		assert_string_equal(cell_formula(sh, row_of(sh, TD_KEY_BONUS), ci), want);
		snprintf(want, sizeof want, "of:=SUM(%s)", ref(sh, col, "VI"));
		assert_string_equal(cell_formula(sh, row_of(sh, TD_KEY_DEDUCT), ci), want);
		snprintf(want, sizeof want, "of:=%s+%s-%s", ref(sh, col, TD_KEY_BASE),
		         ref(sh, col, TD_KEY_BONUS), ref(sh, col, TD_KEY_DEDUCT));
		assert_string_equal(cell_formula(sh, row_of(sh, TD_KEY_TOTAL), ci), want);
		/* cached results: 0 for an empty sheet */
		assert_string_equal(td_book_cell(sh, row_of(sh, TD_KEY_TOTAL), ci)->value, "0");
		/* entries (points, DIRECT here) become points: held to the row's
		 * limit; the entry cells are empty */
		snprintf(want, sizeof want, "of:=MIN(MAX([.%c%u];0);5)", in, row_of(sh, "I.3.a") + 1);
		assert_string_equal(cell_formula(sh, row_of(sh, "I.3.a"), ci), want);
		snprintf(want, sizeof want, "of:=MIN(MAX([.%c%u];0);3)", in, row_of(sh, "V.2") + 1);
		assert_string_equal(cell_formula(sh, row_of(sh, "V.2"), ci), want);
		assert_null(td_book_cell(sh, row_of(sh, "I.3.a"), ci - 1));
		assert_null(td_book_cell(sh, row_of(sh, "V.2"), ci - 1));
	}
	sheet_close(&s);
	gen_free(&g);
	thidua_cluster_free(c);
}

/* The validation of a score cell: its condition, or NULL. */
static char *rule_of(sheet_doc *s, const td_book_sheet *sh, const char *code, int col)
{
	char expr[512], *name, *cond;

	snprintf(expr, sizeof expr,
	         "string((//table:table-row[table:table-cell[last()]/text:p='%s']/table:table-cell)"
	         "[%d]/@table:content-validation-name)", code, col + 1);
	(void)sh;
	name = xp_str(s, expr);
	if (!*name) {
		free(name);
		return NULL;
	}
	snprintf(expr, sizeof expr, "string(//table:content-validation[@table:name='%s']/"
	                            "@table:condition)", name);
	cond = xp_str(s, expr);
	free(name);
	return cond;
}

static void validations_and_protection(void **state)
{
	thidua_cluster *c = fixture(1);
	gen_out g;
	sheet_doc s;
	const td_book_sheet *sh;
	char *r, *styles;
	size_t i;
	int col;

	(void)state;
	c->step = 50;
	g = generate(c, TEMPLATE, 0);
	assert_int_equal(g.rc, 0);
	sheet_open(&s, g.paths.paths[0]);
	sh = td_book_sheet_at(s.book, 0);
	/* protected with the head's password (SHA-256, named by
	 * table:protection-key-digest-algorithm); the password itself is
	 * nowhere in the sheet */
	assert_int_equal((int)xp_num(&s, "count(//table:table[@table:protected='true'])"), 1);
	{
		char *pw = password_of(g.dir, c->year), key[TD_ODF_KEY_LEN], *got, *content;
		assert_non_null(pw);
		assert_int_equal(strlen(pw), 14);
		td_odf_protection_key(key, pw);
		got = xp_str(&s, "string(//table:table/@table:protection-key)");
		assert_string_equal(got, key);
		free(got);
		got = xp_str(&s, "string(//table:table/@table:protection-key-digest-algorithm)");
		assert_string_equal(got, "http://www.w3.org/2000/09/xmldsig#sha256");
		free(got);
		content = zip_part(g.paths.paths[0], "content.xml");
		assert_non_null(content);
		assert_null(strstr(content, pw));
		free(content);
		free(pw);
	}
	/* the unit's entry cells open (TdScore), the head's verification cells
	 * locked (TdVerifyLocked: TdScore with the cell protected) */
	assert_int_equal((int)xp_num(&s, "count(//style:style[@style:name='TdVerifyLocked']"
	                                 "[@style:parent-style-name='TdScore']/style:table-cell-"
	                                 "properties[@style:cell-protect='protected'])"), 1);
	assert_true(xp_num(&s, "count(//table:table-cell[@table:style-name='TdVerifyLocked'])") > 0);
	assert_int_equal((int)xp_num(&s, "count(//table:table-cell[@table:style-name='TdScore'])"),
	                 (int)xp_num(&s, "count(//table:table-cell[@table:style-name='TdVerifyLocked'])"));
	for (i = 0; i < c->n_criteria; i++) {
		const td_criterion *k = &c->criteria[i];
		int leaf = 1;
		size_t j;
		for (j = 0; j < c->n_criteria; j++)
			if (c->criteria[j].parent == i)
				leaf = 0;
		for (col = TD_COL_SELF_IN; col <= TD_COL_CLUSTER_IN; col += 2) {
			r = rule_of(&s, sh, k->code, col);
			if (!leaf) {
				assert_null(r);
				continue;
			}
			assert_non_null(r);
			assert_non_null(strstr(r, "of:is-true-formula(AND(ISNUMBER("));
			assert_non_null(strstr(r, "*100/50;0)"));
			free(r);
		}
	}
	r = rule_of(&s, sh, "I.1", TD_COL_SELF_IN);
	assert_non_null(strstr(r, "<=30;"));
	free(r);
	r = rule_of(&s, sh, "I.3.b", TD_COL_CLUSTER_IN);
	assert_non_null(strstr(r, "<=5;"));
	free(r);
	r = rule_of(&s, sh, "V.2", TD_COL_SELF_IN);  /* Cộng: its cap */
	assert_non_null(strstr(r, "<=3;"));
	free(r);
	r = rule_of(&s, sh, "VI.1", TD_COL_SELF_IN); /* Trừ without cap: 0..1000 */
	assert_non_null(strstr(r, "<=1000;"));
	free(r);
	r = rule_of(&s, sh, "VI.3", TD_COL_SELF_IN); /* Trừ with cap */
	assert_non_null(strstr(r, "<=5;"));
	free(r);
	/* a rule's references are relative to its base cell, in its table */
	assert_int_equal((int)xp_num(&s, "count(//table:content-validation[not(starts-with("
	                                 "@table:base-cell-address, \"'Tự chấm điểm'.\"))])"), 0);
	/* error and help messages in Vietnamese */
	assert_int_equal((int)xp_num(&s, "count(//table:content-validation[table:error-message"
	                                 "[@table:message-type='stop'][@table:display='true']"
	                                 "[contains(text:p, 'bước 0,5')]][table:help-message])"),
	                 (int)xp_num(&s, "count(//table:content-validation)"));
	/* every numeric rule says how to type a decimal (the entry cells'
	 * format is Vietnamese: "18,5"; Excel: the computer's separator) */
	assert_int_equal((int)xp_num(&s, "count(//table:content-validation[starts-with(@table:condition,"
	                                 " 'of:is-true-formula')][contains(table:error-message/text:p,"
	                                 " 'gõ dấu phẩy: 18,5')][contains(table:help-message/text:p,"
	                                 " 'gõ dấu phẩy: 18,5')])"),
	                 (int)xp_num(&s, "count(//table:content-validation[starts-with(@table:condition,"
	                                 " 'of:is-true-formula')][not(contains(@table:condition, 'INT('))])"));
	/* the messages fit Excel's limits (input 255, error 225 characters)
	 * so that an .xlsx keeps them whole */
	assert_int_equal((int)xp_num(&s, "count(//table:help-message[string-length(text:p) > 255])"), 0);
	assert_int_equal((int)xp_num(&s, "count(//table:error-message[string-length(text:p) > 225])"), 0);
	/* the printed instruction above the table */
	assert_int_equal((int)xp_num(&s, "count(//table:table-cell[@table:style-name='TdHint']"
	                                 "[starts-with(text:p, 'Hướng dẫn: đơn vị nhập kết quả vào các ô nền vàng')]"
	                                 "[contains(text:p, 'Số lẻ gõ dấu phẩy, ví dụ 18,5')]"
	                                 "[contains(text:p, 'Kết quả thẩm định')])"), 1);
	/* the unit's score cells (and notes) are the only cells with an
	 * unprotected style; the head's have the same rules, locked */
	assert_int_equal((int)xp_num(&s, "count(//table:table-cell[@table:content-validation-name])"),
	                 (int)xp_num(&s, "count(//table:table-cell[@table:style-name='TdScore' or "
	                                 "@table:style-name='TdVerifyLocked'])"));
	assert_int_equal((int)xp_num(&s, "count(//table:table-cell[@table:style-name='TdNote'])"),
	                 (int)c->n_criteria);
	styles = tu_read_part(g.paths.paths[0], "styles.xml");
	assert_non_null(strstr(styles, "style:name=\"TdScore\""));
	assert_non_null(strstr(strstr(styles, "style:name=\"TdScore\""), "style:cell-protect=\"none\""));
	assert_true(strstr(strstr(styles, "style:name=\"TdScore\""), "style:cell-protect=\"none\"") <
	            strstr(strstr(styles, "style:name=\"TdScore\""), "</style:style>"));
	/* numbers are formatted in Vietnamese on any computer: 9,25 */
	assert_non_null(strstr(styles, "<number:number-style style:name=\"TdNumFmt\" "
	                               "number:language=\"vi\" number:country=\"VN\">"));
	assert_non_null(strstr(styles, "<number:number-style style:name=\"TdCapFmt\" "
	                               "number:language=\"vi\" number:country=\"VN\">"));
	/* Nghị định 30: page numbers from page 2, centred at the top */
	assert_non_null(strstr(styles, "<style:header-first>"));
	assert_non_null(strstr(styles, "<text:page-number>"));
	/* page setup from the template */
	assert_non_null(strstr(styles, "fo:page-width=\"29.7cm\""));
	assert_non_null(strstr(styles, "style:print-orientation=\"landscape\""));
	assert_non_null(strstr(styles, "style:scale-to-X=\"1\""));
	free(styles);
	/* print range */
	r = xp_str(&s, "string(//table:table/@table:print-ranges)");
	assert_true(!strncmp(r, "'Tự chấm điểm'.A1:'Tự chấm điểm'.I", 35));
	free(r);
	sheet_close(&s);
	gen_free(&g);
	thidua_cluster_free(c);
}

static void khoi_header(void **state)
{
	thidua_cluster *c = fixture(0);
	gen_out g;
	sheet_doc s;
	const td_book_sheet *sh;

	(void)state;
	c->kind = TD_KIND_KHOI;
	td_free(c->parent_body);
	c->parent_body = NULL;
	g = generate(c, TEMPLATE, 0);
	assert_int_equal(g.rc, 0);
	sheet_open(&s, g.paths.paths[0]);
	sh = td_book_sheet_at(s.book, 0);
	assert_string_equal(cell_text(sh, row_of(sh, TD_KEY_HEADER), TD_COL_CLUSTER),
	                    "Điểm Khối thẩm định");
	/* no parent body: the cluster's name opens the header */
	assert_string_equal(cell_text(sh, 0, 0), "CỤM THI ĐUA SỐ XII");
	assert_null(strstr(s.content, "Điểm Cụm thẩm định"));
	sheet_close(&s);
	gen_free(&g);
	thidua_cluster_free(c);
}

static void cross_scoring_tables(void **state)
{
	thidua_cluster *c = fixture(0);
	gen_out g;
	size_t f, t;

	(void)state;
	c->cross_scoring = 1;
	g = generate(c, TEMPLATE, 0);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.paths.count, 3);
	for (f = 0; f < 3; f++) {
		sheet_doc s;
		size_t other = 0;
		sheet_open(&s, g.paths.paths[f]);
		assert_int_equal(td_book_sheet_count(s.book), 2);
		for (t = 0; t < 2; t++, other++) {
			const td_book_sheet *sh = td_book_sheet_at(s.book, t);
			td_identity id;
			char want[128];
			if (other == f)
				other++;
			assert_string_equal(td_book_sheet_name(sh), c->units[other].code);
			assert_int_equal(td_identity_parse(&id, cell_text(sh, TD_ROW_ID, TD_COL_CODE)), 0);
			assert_string_equal(id.unit_code, c->units[other].code);
			assert_string_equal(id.scorer_code, c->units[f].code);
			td_identity_clear(&id);
			assert_string_equal(cell_text(sh, 3, 0), "BẢNG CHẤM ĐIỂM THI ĐUA NĂM 2025");
			snprintf(want, sizeof want, "Đơn vị chấm: %s", c->units[f].name);
			assert_string_equal(cell_text(sh, 4, 0), want);
			snprintf(want, sizeof want, "Đơn vị được chấm: %s", c->units[other].name);
			assert_string_equal(cell_text(sh, 5, 0), want);
			assert_true(row_of(sh, "VI.3") != UINT32_MAX);
		}
		/* every table has its own rules, based in that table */
		assert_int_equal((int)xp_num(&s, "count(//table:content-validation[starts-with("
		                                 "@table:base-cell-address, \"'HQ'.\")])") > 0,
		                 f != 2);
		sheet_close(&s);
	}
	gen_free(&g);
	/* one unit cannot score the others */
	c->n_units = 1;
	g = generate(c, TEMPLATE, 0);
	assert_int_equal(g.rc, THIDUA_EDATA);
	assert_int_equal(dir_count(g.dir), 0);
	c->n_units = 3;
	gen_free(&g);
	thidua_cluster_free(c);
}

static void fingerprint_is_stable_and_sensitive(void **state)
{
	thidua_cluster *a = fixture(1), *b = fixture(1);
	char fa[17], fb[17];

	(void)state;
	td_criteria_fingerprint(fa, a);
	td_criteria_fingerprint(fb, b);
	assert_int_equal(strlen(fa), 16);
	assert_string_equal(fa, fb);
	/* texts that are not criteria do not count */
	td_free(b->units[0].name);
	b->units[0].name = td_strdup("Tên khác");
	td_criteria_fingerprint(fb, b);
	assert_string_equal(fa, fb);
	/* one letter of one criterion */
	td_free(b->criteria[3].text);
	b->criteria[3].text = td_strdup("Cải cách hành chính, chuyển đổi số, ứng dụng chữ kí số");
	td_criteria_fingerprint(fb, b);
	assert_string_not_equal(fa, fb);
	thidua_cluster_free(b);
	/* a maximum, a kind, a cap */
	b = fixture(1);
	b->criteria[1].max = 2900;
	td_criteria_fingerprint(fb, b);
	assert_string_not_equal(fa, fb);
	b->criteria[1].max = 3000;
	b->criteria[b->n_criteria - 1].cap = 0;
	td_criteria_fingerprint(fb, b);
	assert_string_not_equal(fa, fb);
	thidua_cluster_free(a);
	thidua_cluster_free(b);
}

static void identity_text_round_trips(void **state)
{
	thidua_cluster *c = fixture(0);
	td_unit u, sc;
	td_identity id;
	char *s;

	(void)state;
	memset(&u, 0, sizeof u);
	memset(&sc, 0, sizeof sc);
	u.code = "A|B%1";
	sc.code = "-";
	s = td_identity_format(c, &u, &sc);
	assert_non_null(s);
	assert_true(!strncmp(s, TD_ID_PREFIX, strlen(TD_ID_PREFIX)));
	assert_non_null(strstr(s, "|2025|A%7CB%251|%2D|"));
	assert_int_equal(td_identity_parse(&id, s), 0);
	assert_string_equal(id.unit_code, "A|B%1");
	assert_string_equal(id.scorer_code, "-");
	assert_int_equal(id.year, 2025);
	td_identity_clear(&id);
	td_free(s);
	/* not identities */
	assert_int_equal(td_identity_parse(&id, "thidua:2|x|2025|A|-|0123456789abcdef"), THIDUA_EFORMAT);
	assert_int_equal(td_identity_parse(&id, "thidua:1|x|2025|A|-|0123456789abcde"), THIDUA_EFORMAT);
	assert_int_equal(td_identity_parse(&id, "thidua:1|x|20a5|A|-|0123456789abcdef"), THIDUA_EFORMAT);
	assert_int_equal(td_identity_parse(&id, "thidua:1|x|2025||-|0123456789abcdef"), THIDUA_EFORMAT);
	assert_int_equal(td_identity_parse(&id, "thidua:1|x|2025|A|-|0123456789abcdef|"), THIDUA_EFORMAT);
	assert_int_equal(td_identity_parse(&id, "thidua:1|x%2|2025|A|-|0123456789abcdef"), THIDUA_EFORMAT);
	assert_int_equal(td_identity_parse(&id, "Bảng tự chấm"), THIDUA_EFORMAT);
	assert_int_equal(td_identity_parse(&id, NULL), THIDUA_EFORMAT);
	assert_int_equal(td_identity_parse(&id, " thidua:1|x|2025|A|-|0123456789abcdef "), 0);
	assert_null(id.scorer_code);
	td_identity_clear(&id);
	thidua_cluster_free(c);
}

static void file_names_are_safe(void **state)
{
	thidua_cluster *c = fixture(0);
	gen_out g;
	size_t i;

	(void)state;
	td_free(c->units[0].code);
	c->units[0].code = td_strdup("Sở Tư pháp/HN");
	td_free(c->units[1].code);
	c->units[1].code = td_strdup("ĐOÀN TN");
	td_free(c->units[2].code);
	c->units[2].code = td_strdup("so tu phap hn");  /* clashes with the first, ignoring case */
	add_unit(c, 4, "../..", "Đơn vị thứ tư");
	g = generate(c, TEMPLATE, 0);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.paths.count, 4);
	assert_non_null(strstr(g.paths.paths[0], "/bang-tu-cham-diem-2025-So-Tu-phap-HN.ods"));
	assert_non_null(strstr(g.paths.paths[1], "/bang-tu-cham-diem-2025-DOAN-TN.ods"));
	assert_non_null(strstr(g.paths.paths[2], "/bang-tu-cham-diem-2025-so-tu-phap-hn-3.ods"));
	assert_non_null(strstr(g.paths.paths[3], "/bang-tu-cham-diem-2025-don-vi-4.ods"));
	for (i = 0; i < g.paths.count; i++) {
		const char *base = strrchr(g.paths.paths[i], '/') + 1;
		const char *p;
		assert_true(tu_exists(g.paths.paths[i]));
		assert_int_equal(strncmp(g.paths.paths[i], g.dir, strlen(g.dir)), 0);
		for (p = base; *p; p++)
			assert_true(strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			                   "0123456789-_.", *p) != NULL);
	}
	assert_int_equal(dir_count(g.dir), 5); /* and the head's password */
	{
		char *pw = password_of(g.dir, c->year);
		assert_non_null(pw);
		free(pw);
	}
	gen_free(&g);
	thidua_cluster_free(c);
}

static void refuses_to_overwrite(void **state)
{
	thidua_cluster *c = fixture(0);
	thidua_fill_options o = THIDUA_FILL_OPTIONS_INIT;
	thidua_paths p = THIDUA_PATHS_INIT;
	thidua_diags *d = thidua_diags_new();
	gen_out g = generate(c, TEMPLATE, 0);
	char *keep = tu_path(g.dir, "bang-tu-cham-diem-2025-CT.ods");
	struct stat before, after;

	(void)state;
	assert_int_equal(g.rc, 0);
	tu_write(keep, "mine", 4);
	assert_int_equal(stat(keep, &before), 0);
	assert_int_equal(thidua_generate_sheets(&p, c, TEMPLATE, g.dir, &o, d), THIDUA_EEXISTS);
	assert_int_equal(p.count, 0);
	assert_int_equal(thidua_diags_error_count(d), 3);
	assert_string_equal(thidua_diags_get(d, 0)->code, "sheet.exists");
	assert_int_equal(stat(keep, &after), 0);
	assert_int_equal(after.st_size, 4);
	/* asked to */
	o.overwrite = 1;
	assert_int_equal(thidua_generate_sheets(&p, c, TEMPLATE, g.dir, &o, d), 0);
	assert_int_equal(p.count, 3);
	assert_int_equal(stat(keep, &after), 0);
	assert_true(after.st_size > 4);
	thidua_paths_free(&p);
	thidua_diags_free(d);
	free(keep);
	gen_free(&g);
	thidua_cluster_free(c);
}

/* A failure on the third unit removes the two sheets already written. */
static void failure_removes_written_sheets(void **state)
{
	thidua_cluster *c = fixture(0);
	thidua_fill_options o = THIDUA_FILL_OPTIONS_INIT;
	thidua_paths p = THIDUA_PATHS_INIT;
	char *dir = tu_tmpdir();
	char *block = tu_path(dir, "bang-tu-cham-diem-2025-HQ.ods");
	char *inner = tu_path(block, "x");

	(void)state;
	o.overwrite = 1;
	assert_int_equal(mkdir(block, 0700), 0);
	tu_write(inner, "x", 1);  /* a non-empty directory where the third sheet goes */
	assert_true(thidua_generate_sheets(&p, c, TEMPLATE, dir, &o, NULL) < 0);
	assert_int_equal(p.count, 0);
	assert_int_equal(dir_count(dir), 1);
	assert_true(tu_exists(inner));
	tu_rmtree(dir);
	free(inner);
	free(block);
	free(dir);
	thidua_cluster_free(c);
}

/* Progress: one call per sheet, in order, with the unit's name; a cancel
 * writes nothing and leaves the earlier sheets (and a file of hers) as
 * they were, even when overwriting, and no temporary file behind;
 * version 1 options are still accepted and their progress never read. */
typedef struct progress_log {
	size_t calls, stop_at, n[8], total[8];
	char what[8][128];
} progress_log;

static int log_progress(void *data, size_t n, size_t total, const char *what)
{
	progress_log *l = data;

	if (l->calls < 8) {
		l->n[l->calls] = n;
		l->total[l->calls] = total;
		snprintf(l->what[l->calls], sizeof l->what[0], "%s", what ? what : "");
	}
	l->calls++;
	return l->stop_at && n == l->stop_at;
}

static int never_called(void *data, size_t n, size_t total, const char *what)
{
	(void)data, (void)n, (void)total, (void)what;
	fail_msg("progress of version 1 options was called");
	return 1;
}

static size_t all_count(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void progress_and_cancel(void **state)
{
	thidua_cluster *c = fixture(0);
	thidua_fill_options o = THIDUA_FILL_OPTIONS_INIT;
	thidua_paths p = THIDUA_PATHS_INIT;
	char *dir = tu_tmpdir(), *mine;
	struct stat before[3], after;
	progress_log l;
	size_t i;

	(void)state;
	memset(&l, 0, sizeof l);
	o.progress = log_progress;
	o.progress_data = &l;
	/* the bundled template (its path must survive the temporary names) */
	assert_int_equal(thidua_generate_sheets(&p, c, NULL, dir, &o, NULL), 0);
	assert_int_equal(p.count, 3);
	assert_int_equal(l.calls, 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(l.n[i], i + 1);
		assert_int_equal(l.total[i], 3);
		assert_string_equal(l.what[i], c->units[i].name);
	}
	assert_int_equal(all_count(dir), 4); /* and the password; no temporary file left */
	/* cancelled at the third sheet while overwriting: all as they were */
	mine = p.paths[0];
	tu_write(mine, "mine", 4);
	for (i = 0; i < 3; i++)
		assert_int_equal(stat(p.paths[i], &before[i]), 0);
	memset(&l, 0, sizeof l);
	l.stop_at = 3;
	o.overwrite = 1;
	sleep(1); /* a rewrite would change the modification time */
	assert_int_equal(thidua_generate_sheets(&(thidua_paths)THIDUA_PATHS_INIT, c, TEMPLATE, dir,
	                                        &o, NULL),
	                 THIDUA_ECANCELLED);
	assert_int_equal(thidua_error_last()->code, THIDUA_ECANCELLED);
	assert_int_equal(l.calls, 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(stat(p.paths[i], &after), 0);
		assert_int_equal(after.st_size, before[i].st_size);
		assert_int_equal(after.st_mtime, before[i].st_mtime);
	}
	assert_int_equal(all_count(dir), 4);
	/* cancelled at the first sheet of an empty folder: nothing */
	tu_rmtree(dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	memset(&l, 0, sizeof l);
	l.stop_at = 1;
	o.overwrite = 0;
	assert_int_equal(thidua_generate_sheets(NULL, c, TEMPLATE, dir, &o, NULL), THIDUA_ECANCELLED);
	assert_int_equal(all_count(dir), 0);
	/* version 1 */
	o.version = 1;
	o.progress = never_called;
	assert_int_equal(thidua_generate_sheets(NULL, c, TEMPLATE, dir, &o, NULL), 0);
	assert_int_equal(all_count(dir), 4);
	o.version = THIDUA_FILL_OPTIONS_VERSION + 1;
	assert_int_equal(thidua_generate_sheets(NULL, c, TEMPLATE, dir, &o, NULL), THIDUA_EINVAL);
	thidua_paths_free(&p);
	tu_rmtree(dir);
	free(dir);
	thidua_cluster_free(c);
}

static void template_problems(void **state)
{
	thidua_cluster *c = fixture(0);
	char *dir = tu_tmpdir();
	char *tp = tu_path(dir, "t.fods"), *doc, *bad;
	thidua_diags *d = thidua_diags_new();
	thidua_paths p = THIDUA_PATHS_INIT;
	char *src = tu_read_part(TEMPLATE, "content.xml");
	FILE *f;
	long n;

	(void)state;
	assert_non_null(src);
	free(src);
	/* a template without the score style */
	f = fopen(TEMPLATE, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	doc = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(doc, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	bad = strstr(doc, "style:name=\"TdScore\"");
	assert_non_null(bad);
	memcpy(bad + strlen("style:name=\""), "TdXcore", 7);
	tu_write(tp, doc, strlen(doc));
	assert_int_equal(thidua_generate_sheets(&p, c, tp, dir, NULL, d), THIDUA_ETEMPLATE);
	assert_int_equal(thidua_diags_count(d), 1);
	assert_string_equal(thidua_diags_get(d, 0)->code, "sheet.template");
	assert_non_null(strstr(thidua_diags_get(d, 0)->message_vi, "TdScore"));
	assert_int_equal(dir_count(dir), 1);
	/* score cells that would stay locked */
	memcpy(bad + strlen("style:name=\""), "TdScore", 7);
	bad = strstr(bad, "style:cell-protect=\"none\"");
	memcpy(bad + strlen("style:cell-protect=\""), "all\" ", 5);
	tu_write(tp, doc, strlen(doc));
	assert_int_equal(thidua_generate_sheets(&p, c, tp, dir, NULL, d), THIDUA_ETEMPLATE);
	assert_non_null(strstr(thidua_diags_get(d, 1)->message_en, "unprotected"));
	/* not a spreadsheet */
	assert_int_equal(thidua_generate_sheets(&p, c, TD_SOURCE_DIR "/templates/agreement.fodt",
	                                        dir, NULL, d), THIDUA_ETEMPLATE);
	/* missing */
	assert_true(thidua_generate_sheets(&p, c, "/nonexistent/t.fods", dir, NULL, d) < 0);
	assert_int_equal(dir_count(dir), 1);
	/* no criteria */
	n = (long)c->n_criteria;
	c->n_criteria = 0;
	assert_int_equal(thidua_generate_sheets(&p, c, TEMPLATE, dir, NULL, d), THIDUA_EDATA);
	c->n_criteria = (size_t)n;
	thidua_cluster_free(c);
	free(doc);
	thidua_diags_free(d);
	tu_rmtree(dir);
	free(dir);
	free(tp);
}

static void allocation_failures(void **state)
{
	thidua_cluster *c = fixture(1);
	long n;
	int ok = 0;

	(void)state;
	c->cross_scoring = 1;
	/* every failure point of the start, then one in 37: libxml2's
	 * allocations count too now, so a run has tens of thousands, each
	 * try a whole run (tests/oom samples whole commands the same way) */
	for (n = 0; !ok && n < 1000000; n += n < 2000 ? 1 : 37) {
		char *dir = tu_tmpdir();
		thidua_paths p = THIDUA_PATHS_INIT;
		thidua_diags *d = thidua_diags_new();
		thidua_fill_options o = THIDUA_FILL_OPTIONS_INIT;
		int rc;

		td_alloc_fail_after(n);
		rc = thidua_generate_sheets(&p, c, TEMPLATE, dir, &o, d);
		td_alloc_fail_after(-1);
		if (rc == 0) {
			ok = 1;
			assert_int_equal(p.count, 3);
			assert_int_equal(dir_count(dir), 4);
		} else {
			assert_int_equal(rc, THIDUA_ENOMEM);
			assert_int_equal(p.count, 0);
			assert_int_equal(dir_count(dir), 0);
		}
		thidua_paths_free(&p);
		thidua_diags_free(d);
		tu_rmtree(dir);
		free(dir);
	}
	assert_true(ok);
	thidua_cluster_free(c);
}

/* A part of a zip package (any: .xlsx too), NUL-terminated; NULL when
 * absent. */
static char *zip_part(const char *path, const char *name)
{
	zip_t *z = zip_open(path, ZIP_RDONLY, NULL);
	zip_stat_t st;
	zip_file_t *f;
	char *r;

	assert_non_null(z);
	if (zip_stat(z, name, 0, &st) < 0) {
		zip_close(z);
		return NULL;
	}
	f = zip_fopen(z, name, 0);
	assert_non_null(f);
	r = malloc(st.size + 1);
	assert_int_equal(zip_fread(f, r, st.size), (zip_int64_t)st.size);
	r[st.size] = 0;
	zip_fclose(f);
	zip_close(z);
	return r;
}

static double sml_num(xmlXPathContextPtr xp, const char *expr)
{
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, xp);
	double r;

	assert_non_null(o);
	r = xmlXPathCastToNumber(o);
	xmlXPathFreeObject(o);
	return r;
}

/* --format xlsx: the package's parts, the same table as the .ods (cells,
 * keys, formulas in Excel syntax), protection with unlocked entry and
 * note cells only, a validation on every entry cell with its messages,
 * print setup; the ODF route's validations counted for comparison. */
static void xlsx_sheet_parts(void **state)
{
	thidua_cluster *c = tu_rules_cluster(); /* every Cách chấm */
	thidua_fill_options o = THIDUA_FILL_OPTIONS_INIT;
	thidua_paths paths = THIDUA_PATHS_INIT;
	thidua_diags *d = thidua_diags_new();
	char *dir = tu_tmpdir(), *sheet, *styles, *wb, *types, *content;
	gen_out g;
	sheet_doc s;
	xmlDocPtr doc;
	xmlXPathContextPtr xp;
	int nentry, nval_ods, rc;

	(void)state;
	o.sheet_format = THIDUA_SHEET_XLSX;
	rc = thidua_generate_sheets(&paths, c, TEMPLATE, dir, &o, d);
	assert_int_equal(rc, 0);
	assert_true(paths.count >= 1);
	assert_non_null(strstr(paths.paths[0], ".xlsx"));
	/* no ODF parts in an Office Open XML package */
	assert_null(zip_part(paths.paths[0], "mimetype"));
	assert_null(zip_part(paths.paths[0], "META-INF/manifest.xml"));
	types = zip_part(paths.paths[0], "[Content_Types].xml");
	assert_non_null(types);
	assert_non_null(strstr(types, "PartName=\"/xl/worksheets/sheet1.xml\""));
	assert_non_null(strstr(types, "spreadsheetml.sheet.main+xml"));
	{
		char *rels = zip_part(paths.paths[0], "_rels/.rels");
		char *wb_rels = zip_part(paths.paths[0], "xl/_rels/workbook.xml.rels");
		int both = rels && wb_rels;
		free(rels);
		free(wb_rels);
		assert_true(both);
	}
	wb = zip_part(paths.paths[0], "xl/workbook.xml");
	assert_non_null(strstr(wb, "<sheet name=\"Tự chấm điểm\" sheetId=\"1\" r:id=\"rId1\"/>"));
	assert_non_null(strstr(wb, "name=\"_xlnm.Print_Area\" localSheetId=\"0\">'Tự chấm điểm'!$A$1:$I$"));
	assert_non_null(strstr(wb, "name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'Tự chấm điểm'!$8:$8<"));
	styles = zip_part(paths.paths[0], "xl/styles.xml");
	assert_non_null(strstr(styles, "formatCode=\"[$-42A]General\""));
	sheet = zip_part(paths.paths[0], "xl/worksheets/sheet1.xml");
	doc = xmlReadMemory(sheet, (int)strlen(sheet), "sheet1.xml", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	xp = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(xp, BAD_CAST "x", BAD_CAST "http://schemas.openxmlformats.org/spreadsheetml/2006/main");
	/* protected with the head's password: SHA-512, a 16-byte salt, 100 000
	 * rounds (LibreOffice checks the hash: tests/integration/test_xlsx.py) */
	assert_int_equal((int)sml_num(xp, "count(/x:worksheet/x:sheetProtection[@sheet='1'][not(@password)]"
	                                  "[@algorithmName='SHA-512'][@spinCount='100000']"
	                                  "[string-length(@hashValue)=88][string-length(@saltValue)=24])"), 1);
	/* the identity in J1, the hidden key column J, a key per criterion */
	assert_int_equal((int)sml_num(xp, "count(//x:c[@r='J1'][starts-with(x:is/x:t, 'thidua:1|')])"), 1);
	assert_int_equal((int)sml_num(xp, "count(//x:col[@min='10'][@hidden='1'])"), 1);
	assert_int_equal((int)sml_num(xp, "count(//x:c[starts-with(@r, 'J')][x:is/x:t != ''])"),
	                 (int)c->n_criteria + 1 /* identity */ + 1 /* =HEADER */ + 4 /* totals */);
	/* formulas in Excel syntax */
	assert_int_equal((int)sml_num(xp, "count(//x:f[contains(., ';') or contains(., '[') or starts-with(., 'of:') or starts-with(., '=')])"), 0);
	assert_true(sml_num(xp, "count(//x:f[starts-with(., 'MIN(MAX(E')])") > 0);
	/* the unit's entry cells (style TdScore, xf 17, column E) and notes
	 * (xf 18) are the only unlocked ones; the head's verification cells
	 * (xf 28, column G) look the same but are locked (the last xf); every
	 * entry cell has its own validation */
	assert_non_null(strstr(styles, "<protection locked=\"0\"/>"));
	assert_non_null(strstr(styles, "<cellXfs count=\"30\">"));
	assert_non_null(strstr(styles, "<protection locked=\"1\"/></xf><xf numFmtId=\"0\" fontId=\"28\""));
	nentry = (int)sml_num(xp, "count(//x:c[@s='17'])");
	assert_true(nentry > 0);
	assert_int_equal((int)sml_num(xp, "count(//x:c[@s='17'][not(starts-with(@r, 'E'))])"), 0);
	assert_int_equal((int)sml_num(xp, "count(//x:c[@s='28'][not(starts-with(@r, 'G'))])"), 0);
	assert_int_equal((int)sml_num(xp, "count(//x:c[@s='28'])"), nentry);
	nentry *= 2;
	assert_int_equal((int)sml_num(xp, "count(//x:dataValidation)"), nentry);
	assert_int_equal((int)sml_num(xp, "count(//x:dataValidation[@sqref = //x:c[@s='17' or @s='28']/@r])"), nentry);
	assert_int_equal((int)sml_num(xp, "count(//x:dataValidation[@errorStyle='stop'][@showErrorMessage='1'][@showInputMessage='1'][@allowBlank='1'][@error != ''][@prompt != ''])"), nentry);
	assert_int_equal((int)sml_num(xp, "count(//x:dataValidation[@type='custom'][starts-with(x:formula1, concat('AND(ISNUMBER(', @sqref, '),'))])")
	                 + (int)sml_num(xp, "count(//x:dataValidation[@type='list'][starts-with(x:formula1, '\"')])"), nentry);
	assert_true(sml_num(xp, "count(//x:dataValidation[@type='list'][x:formula1 = '\"Đạt,Không đạt\"'])") > 0);
	assert_int_equal((int)sml_num(xp, "count(//x:dataValidation[string-length(@error) > 225 or string-length(@prompt) > 255])"), 0);
	/* print setup: A4 landscape, one page wide, ND 30 margins, page
	 * numbers in the header from page 2 */
	assert_int_equal((int)sml_num(xp, "count(//x:pageSetup[@paperSize='9'][@orientation='landscape'][@fitToWidth='1'][@fitToHeight='0'])"), 1);
	assert_int_equal((int)sml_num(xp, "count(//x:pageMargins[@left >= 1.18 and @left <= 1.38][@right >= 0.59 and @right <= 0.79][@top >= 0.78 and @top <= 0.99][@bottom >= 0.78 and @bottom <= 0.99])"), 1);
	assert_int_equal((int)sml_num(xp, "count(//x:headerFooter[@differentFirst='1'][x:oddHeader='&C&P'])"), 1);
	xmlXPathFreeContext(xp);
	xmlFreeDoc(doc);

	/* the same rules as the .ods: its validation cells, one per entry cell */
	g = generate(c, TEMPLATE, 0);
	assert_int_equal(g.rc, 0);
	sheet_open(&s, g.paths.paths[0]);
	nval_ods = (int)xp_num(&s, "count(//table:table-cell[@table:content-validation-name])");
	assert_int_equal(nval_ods, nentry);
	content = tu_read_part(g.paths.paths[0], "content.xml");
	assert_non_null(content);
	free(content);
	sheet_close(&s);
	gen_free(&g);

	/* a version 1 caller (no sheet_format) still gets .ods; a bad format is refused */
	{
		thidua_fill_options v1 = THIDUA_FILL_OPTIONS_INIT;
		thidua_paths p1 = THIDUA_PATHS_INIT;
		char *dir1 = tu_tmpdir();
		v1.version = 1;
		v1.sheet_format = THIDUA_SHEET_XLSX; /* not read under version 1 */
		assert_int_equal(thidua_generate_sheets(&p1, c, TEMPLATE, dir1, &v1, d), 0);
		assert_non_null(strstr(p1.paths[0], ".ods"));
		thidua_paths_free(&p1);
		v1.version = 2; /* progress, but no sheet_format yet */
		assert_int_equal(thidua_generate_sheets(&p1, c, TEMPLATE, dir1, &v1, d), THIDUA_EEXISTS);
		v1.version = 3;
		v1.sheet_format = 7;
		v1.overwrite = 1;
		assert_int_equal(thidua_generate_sheets(&p1, c, TEMPLATE, dir1, &v1, d), THIDUA_EINVAL);
		tu_rmtree(dir1);
		free(dir1);
	}
	free(sheet);
	free(styles);
	free(wb);
	free(types);
	thidua_paths_free(&paths);
	thidua_diags_free(d);
	tu_rmtree(dir);
	free(dir);
	thidua_cluster_free(c);
}

/* Every written part against the OASIS schema, and the package through
 * the reference checker. */
static void sheets_are_valid_odf(void **state)
{
	thidua_cluster *c = fixture(1);
	gen_out g;
	xmlRelaxNGParserCtxtPtr pc;
	xmlRelaxNGPtr schema;
	static const char *const parts[] = { "content.xml", "styles.xml", "meta.xml" };
	char cmd[4096];
	size_t i, f;

	(void)state;
	c->cross_scoring = 1;
	g = generate(c, TEMPLATE, 0);
	assert_int_equal(g.rc, 0);
	if (access(SCHEMA, R_OK) != 0) {
		print_message("ODF schema not found at %s; conformance check skipped\n", SCHEMA);
		gen_free(&g);
		thidua_cluster_free(c);
		skip();
	}
	pc = xmlRelaxNGNewParserCtxt(SCHEMA);
	schema = xmlRelaxNGParse(pc);
	assert_non_null(schema);
	for (f = 0; f < g.paths.count; f++) {
		for (i = 0; i < 3; i++) {
			char *xml = tu_read_part(g.paths.paths[f], parts[i]);
			xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), parts[i], NULL, XML_PARSE_NONET);
			xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
			assert_non_null(doc);
			if (xmlRelaxNGValidateDoc(vc, doc) != 0)
				fail_msg("%s of %s is not valid ODF 1.3", parts[i], g.paths.paths[f]);
			xmlRelaxNGFreeValidCtxt(vc);
			xmlFreeDoc(doc);
			free(xml);
		}
	}
	xmlRelaxNGFree(schema);
	xmlRelaxNGFreeParserCtxt(pc);
	if (TU_CAN_SHELL && access(ODFCHECK, R_OK) == 0) {
		snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' '%s' >/dev/null", ODFCHECK,
		         g.paths.paths[0]);
		assert_int_equal(system(cmd), 0);
	} else {
		print_message("odfcheck not found at %s (or no shell to run it); package check skipped\n",
		              ODFCHECK);
	}
	gen_free(&g);
	thidua_cluster_free(c);
}

/* Every Cách chấm on the sheet: the formula of each points cell (what
 * td_rules_points / td_crit_column compute), the validity rule of each
 * entry cell, locked points, the printed rules; the scoring body's file;
 * a missing target refused; the fingerprint covers the rules. */
static void rules_sheet_methods(void **state)
{
	thidua_cluster *c = tu_rules_cluster();
	gen_out g;
	sheet_doc s;
	const td_book_sheet *sh;
	char want[512], fp1[17], fp2[17], *r;

	size_t ki;

	(void)state;
	assert_non_null(c);
	/* a count in its own Đơn vị tính */
	for (ki = 0; ki < c->n_criteria; ki++)
		if (!strcmp(c->criteria[ki].code, "III.1"))
			assert_non_null(c->criteria[ki].measure = td_strdup("lượt"));
	g = generate(c, TEMPLATE, 0);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.paths.count, 5);
	assert_non_null(strstr(g.paths.paths[4], "/bang-cham-diem-2025-STC.ods"));
	sheet_open(&s, g.paths.paths[2]); /* unit C: targets 120 and 100 */
	sh = td_book_sheet_at(s.book, 0);
#define F(code) cell_formula(sh, row_of(sh, code), TD_COL_SELF)
#define R(code) (row_of(sh, code) + 1)
	snprintf(want, sizeof want, "of:=MIN(MAX([.E%u];0);20)", R("I.1"));
	assert_string_equal(F("I.1"), want);
	snprintf(want, sizeof want, "of:=IF(TRIM([.E%u])=\"Đạt\";10;0)", R("I.2"));
	assert_string_equal(F("I.2"), want);
	snprintf(want, sizeof want, "of:=MIN(10;ROUND(10*MAX([.E%u];0)/120;2))", R("I.3"));
	assert_string_equal(F("I.3"), want);
	snprintf(want, sizeof want, "of:=IF([.E%u]>=100;5;ROUND(10*MAX([.E%u];0)/200;2))", R("I.4"),
	         R("I.4"));
	assert_string_equal(F("I.4"), want);
	/* rules under an item, with its floor */
	snprintf(want, sizeof want,
	         "of:=MAX(MIN(MAX([.E%u];0);10)-SUM([.F%u]);MIN(MIN(MAX([.E%u];0);10);5))+SUM([.F%u])",
	         R("I.5"), R("I.5.1"), R("I.5"), R("I.5.2"));
	assert_string_equal(F("I.5"), want);
	snprintf(want, sizeof want, "of:=MIN(1000;MAX([.E%u];0)*1)", R("I.5.1"));
	assert_string_equal(F("I.5.1"), want);
	snprintf(want, sizeof want, "of:=MIN(20;MAX([.E%u];0)*5)", R("II.2"));
	assert_string_equal(F("II.2"), want);
	snprintf(want, sizeof want, "of:=MIN(4;MAX([.E%u];0)*2)", R("III.1"));
	assert_string_equal(F("III.1"), want);
	/* the section sums its items (I.5 spends its rules), conditions give
	 * no points */
	snprintf(want, sizeof want, "of:=SUM([.F%u:.F%u])", R("I.1"), R("I.5"));
	assert_string_equal(F("I"), want);
	snprintf(want, sizeof want, "of:=SUM([.F%u])", R("IV.1"));
	assert_string_equal(F("IV"), want);
	assert_null(td_book_cell(sh, row_of(sh, "IV.2"), TD_COL_SELF));
	/* validity rules by method */
	r = rule_of(&s, sh, "I.2", TD_COL_SELF_IN);
	assert_string_equal(r, "of:cell-content-is-in-list(\"Đạt\";\"Không đạt\")");
	free(r);
	r = rule_of(&s, sh, "IV.2", TD_COL_CLUSTER_IN);
	assert_string_equal(r, "of:cell-content-is-in-list(\"Có\";\"Không\")");
	free(r);
	r = rule_of(&s, sh, "II.2", TD_COL_SELF_IN);
	assert_non_null(strstr(r, "INT("));
	assert_non_null(strstr(r, "<=100000;"));
	free(r);
	r = rule_of(&s, sh, "I.3", TD_COL_SELF_IN);
	assert_non_null(strstr(r, "ROUND([.E"));
	assert_non_null(strstr(r, "*100;0)="));
	free(r);
	assert_int_equal((int)xp_num(&s, "count(//table:content-validation[@table:display-list="
	                                 "'unsorted'])"), 2);
	/* 13 rows take entries: the unit's entry cells (E) are the only open
	 * ones besides notes; the head's (G) locked, each with its rule */
	assert_int_equal((int)xp_num(&s, "count(//table:table-cell[@table:style-name='TdScore'])"),
	                 13);
	assert_int_equal((int)xp_num(&s, "count(//table:table-cell[@table:style-name="
	                                 "'TdVerifyLocked'])"), 13);
	assert_int_equal((int)xp_num(&s, "count(//table:table-cell[@table:style-name='TdScore' or "
	                                 "@table:style-name='TdVerifyLocked']"
	                                 "[not(@table:content-validation-name)])"), 0);
	/* the rules printed in Cách tính */
	assert_non_null(strstr(cell_text(sh, row_of(sh, "I.3"), TD_COL_HOW), "Chỉ tiêu: 120 tỷ đồng"));
	assert_non_null(strstr(cell_text(sh, row_of(sh, "I.4"), TD_COL_HOW),
	                       "≥ chỉ tiêu: tính khi tổng hợp"));
	assert_non_null(strstr(cell_text(sh, row_of(sh, "I.5"), TD_COL_HOW),
	                       "không dưới 5"));
	assert_non_null(strstr(cell_text(sh, row_of(sh, "I.5"), TD_COL_HOW), "Do Sở Tài chính chấm"));
	assert_non_null(strstr(cell_text(sh, row_of(sh, "IV.1"), TD_COL_HOW),
	                       "không xét Cờ thi đua của UBND tỉnh"));
	assert_non_null(strstr(cell_text(sh, row_of(sh, "IV.2"), TD_COL_HOW),
	                       "không xét mọi hình thức khen thưởng"));
	assert_non_null(strstr(cell_text(sh, row_of(sh, "II.2"), TD_COL_HOW), "5 điểm/lần"));
	assert_non_null(strstr(cell_text(sh, row_of(sh, "III.1"), TD_COL_HOW),
	                       "2 điểm/lượt, tối đa 4 điểm; nhập số lượt"));
#undef F
#undef R
	sheet_close(&s);
	/* the body's file: a table per unit, its rows only, no verification */
	sheet_open(&s, g.paths.paths[4]);
	assert_int_equal(td_book_sheet_count(s.book), 4);
	sh = td_book_sheet_at(s.book, 3);
	{
		td_identity id;
		uint32_t h, r2 = UINT32_MAX, i;
		for (i = 0; i < td_book_sheet_rows(sh); i++)
			if (!strcmp(cell_text(sh, i, TD_BODY_COL_CODE), "I.5"))
				r2 = i;
		assert_int_equal(td_identity_parse(&id, cell_text(sh, 0, TD_BODY_COL_CODE)), 0);
		assert_string_equal(id.scorer_code, "@STC");
		assert_string_equal(id.unit_code, "D");
		td_identity_clear(&id);
		for (h = 0; strcmp(cell_text(sh, h, TD_BODY_COL_CODE), TD_KEY_HEADER); h++)
			assert_true(h < 20);
		assert_string_equal(cell_text(sh, h, TD_COL_SELF_IN), "Kết quả Sở Tài chính chấm");
		assert_string_equal(cell_text(sh, h, TD_COL_SELF), "Điểm Sở Tài chính chấm");
		assert_string_equal(cell_text(sh, h, TD_BODY_COL_NOTE), "Ghi chú");
		assert_true(r2 != UINT32_MAX);
		for (i = 0; i < td_book_sheet_rows(sh); i++) {
			const char *k = cell_text(sh, i, TD_BODY_COL_CODE);
			assert_true(strcmp(k, "I.1") && strcmp(k, "II") && strcmp(k, TD_KEY_TOTAL));
		}
	}
	assert_int_equal((int)xp_num(&s, "count(//table:table[1]/table:table-column)"), 8);
	sheet_close(&s);
	gen_free(&g);
	/* the fingerprint covers the rules and the targets */
	td_criteria_fingerprint(fp1, c);
	c->criteria[3].method = TD_METHOD_LEADER;
	td_criteria_fingerprint(fp2, c);
	assert_string_not_equal(fp1, fp2);
	c->criteria[3].method = TD_METHOD_TARGET;
	c->criteria[5].floor = 400;
	td_criteria_fingerprint(fp2, c);
	assert_string_not_equal(fp1, fp2);
	c->criteria[5].floor = 500;
	c->targets_given[0].value++;
	td_criteria_fingerprint(fp2, c);
	assert_string_not_equal(fp1, fp2);
	c->targets_given[0].value--;
	td_criteria_fingerprint(fp2, c);
	assert_string_equal(fp1, fp2);
	/* a unit without its target: refused, named */
	c->n_targets_given = 7; /* D's I.4 target dropped */
	g = generate(c, TEMPLATE, 0);
	assert_int_equal(g.rc, THIDUA_EDATA);
	assert_int_equal(thidua_diags_count(g.diags), 1);
	assert_string_equal(thidua_diags_get(g.diags, 0)->code, "sheet.no-target");
	assert_non_null(strstr(thidua_diags_get(g.diags, 0)->message_en, "unit D"));
	assert_int_equal(dir_count(g.dir), 0);
	gen_free(&g);
	c->n_targets_given = 8;
	thidua_cluster_free(c);
}

/* Removes the table's protection-key attributes (the head's password) from
 * a content.xml in place; 1 when there were some. */
static int drop_protection_key(char *xml)
{
	char *k = strstr(xml, " table:protection-key=\""), *e;

	if (!k)
		return 0;
	e = strstr(k, "table:protection-key-digest-algorithm=\"");
	assert_non_null(e);
	e = strchr(e + 40, '"');
	assert_non_null(e);
	memmove(k, e + 1, strlen(e + 1) + 1);
	return 1;
}

/* The sheets are written on several threads: the files, the problems and
 * the error are those of one thread, whatever the number (THIDUA_THREADS). */
static void same_on_any_number_of_threads(void **state)
{
	static const char *const parts[] = { "content.xml", "styles.xml", "meta.xml",
	                                     "META-INF/manifest.xml" };
	thidua_cluster *c = tu_rules_cluster();
	gen_out one, many;
	size_t i, k;

	(void)state;
	tu_setenv("THIDUA_THREADS", "1");
	one = generate(c, TEMPLATE, 0);
	tu_setenv("THIDUA_THREADS", "4");
	many = generate(c, TEMPLATE, 0);
	assert_int_equal(one.rc, 0);
	assert_int_equal(many.rc, 0);
	assert_int_equal(one.paths.count, many.paths.count);
	assert_true(one.paths.count >= 4);
	for (i = 0; i < one.paths.count; i++) {
		assert_string_equal(strrchr(one.paths.paths[i], '/'), strrchr(many.paths.paths[i], '/'));
		for (k = 0; k < sizeof parts / sizeof *parts; k++) {
			char *a = tu_read_part(one.paths.paths[i], parts[k]);
			char *b = tu_read_part(many.paths.paths[i], parts[k]);

			assert_non_null(a);
			assert_non_null(b);
			/* each run's folder has a password of its own */
			drop_protection_key(a);
			drop_protection_key(b);
			assert_string_equal(a, b);
			free(a);
			free(b);
		}
	}
	/* each the same as the sheet written alone (nothing remembered from
	 * another unit's); units B and D given A's targets, so that their rows
	 * are remembered ones */
	for (k = 0; k < c->n_targets_given; k++)
		if (c->targets_given[k].unit == 1 || c->targets_given[k].unit == 3)
			c->targets_given[k].value = c->targets_given[k % 2].value;
	gen_free(&one);
	tu_setenv("THIDUA_THREADS", "1");
	one = generate(c, TEMPLATE, 0);
	assert_int_equal(one.rc, 0);
	for (i = 0; i < c->n_units; i++) {
		char *alone = tu_path(many.dir, "alone.ods"), *a, *b;

		assert_int_equal(td_sheet_write(c, i, TEMPLATE, alone, 1, NULL), 0);
		a = tu_read_part(alone, "content.xml");
		b = tu_read_part(one.paths.paths[i], "content.xml");
		assert_non_null(a);
		assert_non_null(b);
		/* alone, a sheet has no head's password */
		assert_true(drop_protection_key(b));
		assert_string_equal(a, b);
		free(a);
		free(b);
		free(alone);
	}
	gen_free(&one);
	gen_free(&many);
	thidua_cluster_free(c);
	c = tu_rules_cluster();
	/* units A and C without a target: the first one stops the run, as a
	 * loop would, and only its problem is reported */
	c->targets_given[0].unit = 99;
	c->targets_given[5].unit = 99;
	for (k = 1; k <= 4; k *= 4) {
		tu_setenv("THIDUA_THREADS", k == 1 ? "1" : "4");
		many = generate(c, TEMPLATE, 0);
		assert_int_equal(many.rc, THIDUA_EDATA);
		assert_int_equal(thidua_diags_count(many.diags), 1);
		assert_string_equal(thidua_diags_get(many.diags, 0)->code, "sheet.no-target");
		assert_non_null(strstr(thidua_diags_get(many.diags, 0)->message_en, "unit A"));
		assert_int_equal(dir_count(many.dir), 0);
		gen_free(&many);
	}
	c->targets_given[0].unit = 0;
	c->targets_given[5].unit = 2;
	tu_setenv("THIDUA_THREADS", NULL);
	thidua_cluster_free(c);
}

/* The head's password: one per folder, from the CSPRNG, kept by a later
 * run into the same folder (sheets already sent stay unlockable), never in
 * a unit's file; a file of that name without a password is not ours. */
static void head_password_is_kept(void **state)
{
	thidua_cluster *c = fixture(0);
	thidua_fill_options o = THIDUA_FILL_OPTIONS_INIT;
	thidua_diags *d = thidua_diags_new();
	char *dir = tu_tmpdir(), *dir2 = tu_tmpdir(), *pw, *pw2, *path, key[TD_ODF_KEY_LEN];
	char *content;
	const char *p;

	(void)state;
	assert_int_equal(thidua_generate_sheets(NULL, c, TEMPLATE, dir, &o, NULL), 0);
	pw = password_of(dir, c->year);
	assert_non_null(pw);
	/* 12 symbols of the unambiguous set, in groups of four */
	assert_int_equal(strlen(pw), 14);
	assert_true(pw[4] == '-' && pw[9] == '-');
	for (p = pw; *p; p++)
		assert_non_null(strchr("abcdefghjkmnpqrstuvwxyz23456789A-", *p));
	/* another folder, another password */
	assert_int_equal(thidua_generate_sheets(NULL, c, TEMPLATE, dir2, &o, NULL), 0);
	pw2 = password_of(dir2, c->year);
	assert_non_null(pw2);
	assert_string_not_equal(pw, pw2);
	free(pw2);
	/* overwriting in the same folder keeps it, and the sheets use it */
	o.overwrite = 1;
	assert_int_equal(thidua_generate_sheets(NULL, c, TEMPLATE, dir, &o, NULL), 0);
	pw2 = password_of(dir, c->year);
	assert_string_equal(pw, pw2);
	free(pw2);
	path = tu_path(dir, "bang-tu-cham-diem-2025-BHXH.ods");
	content = tu_read_part(path, "content.xml");
	td_odf_protection_key(key, pw);
	assert_non_null(strstr(content, key));
	assert_null(strstr(content, pw));
	free(content);
	free(path);
	/* so does writing beside it without overwriting (sheets removed) */
	o.overwrite = 0;
	path = tu_path(dir, "bang-tu-cham-diem-2025-BHXH.ods");
	assert_int_equal(unlink(path), 0);
	free(path);
	path = tu_path(dir, "bang-tu-cham-diem-2025-CT.ods");
	assert_int_equal(unlink(path), 0);
	free(path);
	path = tu_path(dir, "bang-tu-cham-diem-2025-HQ.ods");
	assert_int_equal(unlink(path), 0);
	free(path);
	assert_int_equal(thidua_generate_sheets(NULL, c, TEMPLATE, dir, &o, NULL), 0);
	pw2 = password_of(dir, c->year);
	assert_string_equal(pw, pw2);
	free(pw2);
	/* a file of that name that holds no password: refused, unless overwriting */
	tu_rmtree(dir2);
	assert_int_equal(mkdir(dir2, 0700), 0);
	path = thidua_sheets_password_path(c, dir2);
	assert_non_null(strstr(path, "/mat-khau-tham-dinh-2025.txt"));
	tu_write(path, "ghi chú", strlen("ghi chú"));
	assert_int_equal(thidua_generate_sheets(NULL, c, TEMPLATE, dir2, &o, d), THIDUA_EEXISTS);
	assert_int_equal(thidua_diags_error_count(d), 1);
	assert_string_equal(thidua_diags_get(d, 0)->file, path);
	o.overwrite = 1;
	assert_int_equal(thidua_generate_sheets(NULL, c, TEMPLATE, dir2, &o, NULL), 0);
	pw2 = password_of(dir2, c->year);
	assert_non_null(pw2);
	free(pw2);
	free(path);
	free(pw);
	thidua_diags_free(d);
	tu_rmtree(dir);
	tu_rmtree(dir2);
	free(dir);
	free(dir2);
	thidua_cluster_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(column_headers_are_exact),
		cmocka_unit_test(same_on_any_number_of_threads),
		cmocka_unit_test(every_criterion_has_its_row),
		cmocka_unit_test(identity_parses_back),
		cmocka_unit_test(formulas_reference_the_right_rows),
		cmocka_unit_test(validations_and_protection),
		cmocka_unit_test(khoi_header),
		cmocka_unit_test(cross_scoring_tables),
		cmocka_unit_test(fingerprint_is_stable_and_sensitive),
		cmocka_unit_test(identity_text_round_trips),
		cmocka_unit_test(file_names_are_safe),
		cmocka_unit_test(refuses_to_overwrite),
		cmocka_unit_test(failure_removes_written_sheets),
		cmocka_unit_test(progress_and_cancel),
		cmocka_unit_test(head_password_is_kept),
		cmocka_unit_test(template_problems),
		cmocka_unit_test(allocation_failures),
		cmocka_unit_test(sheets_are_valid_odf),
		cmocka_unit_test(rules_sheet_methods),
		cmocka_unit_test(xlsx_sheet_parts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
