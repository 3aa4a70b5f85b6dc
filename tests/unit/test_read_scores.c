/* test_read_scores.c - reading returned scoring sheets (.fods, .ods, .xlsx)
 * written by a small fixture writer that follows the layout contract of
 * form/form.h: exact scores, every problem kind with its cell, reordered and
 * inserted rows, identities of another cluster/year/unit, duplicates and
 * missing units, unreadable files, huge empty areas, allocation failures. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zip.h>

#include "rules_fixture.h"
#include "testutil.h"
#include "thidua.h"
#include "model/cluster.h"
#include "odf/package.h"
#include "intake/intake_int.h"
#include "intake/intake.h"
#include "sheets/sheets.h"
#include "util/alloc.h"
#include "util/buf.h"

/* ---- the cluster ----------------------------------------------------------- */

enum { C_I, C_I1, C_I2, C_I3, C_II, C_II1, C_II1a, C_II1b, C_II2, C_V, C_V1, C_V2, C_VI,
       C_VI1, C_VI2, NCRIT };

static const struct {
	const char *code, *text, *note;
	td_crit_kind kind;
	int64_t max, per_event, cap;
} crit_def[NCRIT] = {
	{ "I", "THỰC HIỆN NHIỆM VỤ CHÍNH TRỊ, CHUYÊN MÔN", NULL, TD_CRIT_SECTION, 6000, 0, 0 },
	{ "I.1", "Hoàn thành các chỉ tiêu, nhiệm vụ trọng tâm được giao trong năm", NULL,
	  TD_CRIT_ITEM, 3000, 0, 0 },
	{ "I.2", "Thực hiện chế độ thông tin, báo cáo đúng thời hạn (chậm trừ 0,5 điểm/lần)", NULL,
	  TD_CRIT_ITEM, 2000, 0, 0 },
	{ "I.3", "Cải cách hành chính, chuyển đổi số, ứng dụng chữ ký số", NULL, TD_CRIT_ITEM, 1000,
	  0, 0 },
	{ "II", "CÔNG TÁC THI ĐUA, KHEN THƯỞNG VÀ HOẠT ĐỘNG CỦA CỤM", NULL, TD_CRIT_SECTION, 4000, 0,
	  0 },
	{ "II.1", "Xây dựng kế hoạch, đăng ký và phát động thi đua", NULL, TD_CRIT_ITEM, 2000, 0, 0 },
	{ "II.1.a", "Xây dựng kế hoạch thi đua", NULL, TD_CRIT_ITEM, 1000, 0, 0 },
	{ "II.1.b", "Đăng ký và phát động thi đua", NULL, TD_CRIT_ITEM, 1000, 0, 0 },
	{ "II.2", "Tham gia đầy đủ các hoạt động do Cụm tổ chức", NULL, TD_CRIT_ITEM, 2000, 0, 0 },
	{ "V", "ĐIỂM CỘNG (tổng không quá 5 điểm)", NULL, TD_CRIT_SECTION, 0, 0, 500 },
	{ "V.1", "Được khen thưởng cấp Nhà nước, Thủ tướng Chính phủ", "2 điểm/lượt, tối đa 4 điểm",
	  TD_CRIT_BONUS, 0, 200, 400 },
	{ "V.2", "Sáng kiến, mô hình mới được công nhận", NULL, TD_CRIT_BONUS, 0, 100, 300 },
	{ "VI", "ĐIỂM TRỪ", NULL, TD_CRIT_SECTION, 0, 0, 0 },
	{ "VI.1", "Có cán bộ bị kỷ luật từ khiển trách trở lên", "Trừ 3 điểm/trường hợp",
	  TD_CRIT_DEDUCTION, 0, 300, 0 },
	{ "VI.2", "Vắng mặt hoạt động của Cụm không có lý do", NULL, TD_CRIT_DEDUCTION, 0, 100, 0 },
};

static const char *const unit_def[][2] = {
	{ "BHXH", "Bảo hiểm xã hội thành phố Hà Nội" },
	{ "CT", "Cục Thuế thành phố Hà Nội" },
	{ "BD", "Bưu điện thành phố Hà Nội" },
};
#define NUNITS 3

static char *dup_str(const char *s) { return s ? td_strdup(s) : NULL; }

static thidua_cluster *make_cluster(const char *source, int cross, td_cluster_kind kind)
{
	thidua_cluster *c = td_cluster_new(source);
	size_t i, j;
	char w[32];

	assert_non_null(c);
	c->kind = kind;
	c->name = dup_str(kind == TD_KIND_KHOI ? "Khối thi đua các cơ quan Đảng" : "Cụm thi đua số XII");
	c->year = 2018;
	c->step = 25;
	c->cross_scoring = cross;
	/* the empty cluster workbook's setting: empty bonus and deduction
	 * cells count 0 */
	c->empty_zero = 1u << TD_CRIT_BONUS | 1u << TD_CRIT_DEDUCTION;
	c->units = td_calloc(NUNITS, sizeof *c->units);
	c->n_units = NUNITS;
	for (i = 0; i < NUNITS; i++) {
		c->units[i].order = (int)i + 1;
		c->units[i].code = dup_str(unit_def[i][0]);
		c->units[i].name = dup_str(unit_def[i][1]);
		snprintf(w, sizeof w, "Đơn vị!A%zu", i + 2);
		c->units[i].where = dup_str(w);
	}
	c->criteria = td_calloc(NCRIT, sizeof *c->criteria);
	c->n_criteria = NCRIT;
	for (i = 0; i < NCRIT; i++) {
		td_criterion *k = &c->criteria[i];
		const char *dot = strrchr(crit_def[i].code, '.');

		k->code = dup_str(crit_def[i].code);
		k->text = dup_str(crit_def[i].text);
		k->note = dup_str(crit_def[i].note);
		k->kind = crit_def[i].kind;
		k->max = crit_def[i].max;
		k->per_event = crit_def[i].per_event;
		k->cap = crit_def[i].cap;
		k->parent = SIZE_MAX;
		snprintf(w, sizeof w, "Tiêu chí!A%zu", i + 2);
		k->where = dup_str(w);
		for (j = i; dot && j-- > 0;)
			if (strlen(crit_def[j].code) == (size_t)(dot - crit_def[i].code) &&
			    !strncmp(crit_def[j].code, crit_def[i].code, (size_t)(dot - crit_def[i].code))) {
				k->parent = j;
				k->depth = c->criteria[j].depth + 1;
				break;
			}
	}
	return c;
}

/* ---- fixture sheets ------------------------------------------------------------ */

enum { T_NUM = 'n', T_STR = 's', T_BOOL = 'b' };

typedef struct fcell {
	uint32_t row, col;
	int type;
	char text[1024];
	char value[128];
	char formula[200];   /* ODF form "of:=..." */
	char extra[300];     /* raw XML inside an ODS cell (annotations) */
} fcell;

typedef struct fsheet {
	char name[64];
	fcell cells[400];
	int n;
	const char *tail;    /* raw rows appended to the ODS table */
} fsheet;

#define SHEET "Bảng chấm điểm"
/* Columns of form.h: entries, points, notes. */
#define CS TD_COL_SELF_IN
#define CC TD_COL_CLUSTER_IN
#define CN TD_COL_NOTE
#define PS TD_COL_SELF
#define PC TD_COL_CLUSTER
#define HDR_ROW 4
#define ROW(i) (HDR_ROW + 1 + (uint32_t)(i)) /* 0-based row of criterion i */

static fcell *fs_find(fsheet *sh, uint32_t row, uint32_t col)
{
	int i;

	for (i = 0; i < sh->n; i++)
		if (sh->cells[i].row == row && sh->cells[i].col == col)
			return &sh->cells[i];
	return NULL;
}

static fcell *fs_set(fsheet *sh, uint32_t row, uint32_t col, int type, const char *text,
                     const char *value, const char *formula)
{
	fcell *c = fs_find(sh, row, col);

	if (!c) {
		assert_true(sh->n < (int)(sizeof sh->cells / sizeof sh->cells[0]));
		c = &sh->cells[sh->n++];
	}
	memset(c, 0, sizeof *c);
	c->row = row;
	c->col = col;
	c->type = type;
	snprintf(c->text, sizeof c->text, "%s", text ? text : "");
	snprintf(c->value, sizeof c->value, "%s", value ? value : "");
	snprintf(c->formula, sizeof c->formula, "%s", formula ? formula : "");
	return c;
}

static void fs_str(fsheet *sh, uint32_t row, uint32_t col, const char *text)
{
	fs_set(sh, row, col, T_STR, text, NULL, NULL);
}

/* A number in hundredths as a decimal string. */
static const char *hstr(char *buf, int64_t h)
{
	if (h % 100)
		snprintf(buf, 32, "%s%lld.%02lld", h < 0 ? "-" : "", llabs((long long)h) / 100,
		         llabs((long long)h) % 100);
	else
		snprintf(buf, 32, "%lld", (long long)h / 100);
	if (strchr(buf, '.') && buf[strlen(buf) - 1] == '0')
		buf[strlen(buf) - 1] = '\0';
	return buf;
}

static void fs_num(fsheet *sh, uint32_t row, uint32_t col, int64_t h, const char *formula)
{
	char b[32];

	hstr(b, h);
	fs_set(sh, row, col, T_NUM, b, b, formula);
}

static void fs_del(fsheet *sh, uint32_t row, uint32_t col)
{
	fcell *c = fs_find(sh, row, col);

	if (c)
		*c = sh->cells[--sh->n];
}

static void fs_delete_row(fsheet *sh, uint32_t row)
{
	int i;

	for (i = 0; i < sh->n;) {
		if (sh->cells[i].row == row) {
			sh->cells[i] = sh->cells[--sh->n];
			continue;
		}
		if (sh->cells[i].row > row)
			sh->cells[i].row--;
		i++;
	}
}

static void fs_insert_row(fsheet *sh, uint32_t row)
{
	int i;

	for (i = 0; i < sh->n; i++)
		if (sh->cells[i].row >= row)
			sh->cells[i].row++;
}

static void fs_swap_rows(fsheet *sh, uint32_t a, uint32_t b)
{
	int i;

	for (i = 0; i < sh->n; i++)
		if (sh->cells[i].row == a)
			sh->cells[i].row = b;
		else if (sh->cells[i].row == b)
			sh->cells[i].row = a;
}

/* Default scores (hundredths, -1 = empty). */
static const int64_t self_default[NCRIT] = {
	[C_I] = -1, [C_I1] = 2850, [C_I2] = 2000, [C_I3] = 975, [C_II] = -1, [C_II1] = -1,
	[C_II1a] = 1000, [C_II1b] = 950, [C_II2] = 1800, [C_V] = -1, [C_V1] = 400, [C_V2] = 300,
	[C_VI] = -1, [C_VI1] = -1, [C_VI2] = 100
};
static const int64_t clus_default[NCRIT] = {
	[C_I] = -1, [C_I1] = 2800, [C_I2] = -1, [C_I3] = -1, [C_II] = -1, [C_II1] = -1,
	[C_II1a] = -1, [C_II1b] = -1, [C_II2] = -1, [C_V] = -1, [C_V1] = -1, [C_V2] = -1,
	[C_VI] = -1, [C_VI1] = -1, [C_VI2] = -1
};
/* Computed by hand: base 28,5+20+9,75+10+9,5+18 = 95,75; bonus 4+3 = 7
 * capped at 5; deductions 1; total 99,75. */
#define SELF_TOTAL 9975
#define CLUS_TOTAL 2800

/* The sheet a unit gets and returns, in the layout of form/form.h. */
static void std_sheet(fsheet *sh, const thidua_cluster *c, size_t unit, size_t scorer,
                      const int64_t *self, const int64_t *clus)
{
	char *id;
	size_t i;
	uint32_t r;

	memset(sh, 0, sizeof *sh);
	snprintf(sh->name, sizeof sh->name, "%s", SHEET);
	id = td_identity_format(c, &c->units[unit], scorer < c->n_units ? &c->units[scorer] : NULL);
	assert_non_null(id);
	fs_str(sh, 0, 0, "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI");
	fs_str(sh, 0, 3, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	fs_str(sh, TD_ROW_ID, TD_COL_CODE, id);
	td_free(id);
	fs_str(sh, 1, 0, "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2018");
	fs_str(sh, 2, 0, c->units[unit].name);
	fs_str(sh, HDR_ROW, 0, "TT");
	fs_str(sh, HDR_ROW, 1, "Nội dung tiêu chí");
	fs_str(sh, HDR_ROW, 2, "Điểm chuẩn");
	fs_str(sh, HDR_ROW, TD_COL_HOW, "Cách tính");
	fs_str(sh, HDR_ROW, CS, "Kết quả tự chấm");
	fs_str(sh, HDR_ROW, PS, "Điểm tự chấm");
	fs_str(sh, HDR_ROW, CC, "Kết quả thẩm định");
	fs_str(sh, HDR_ROW, PC, c->kind == TD_KIND_KHOI ? "Điểm Khối thẩm định" : "Điểm Cụm thẩm định");
	fs_str(sh, HDR_ROW, CN, "Ghi chú");
	fs_str(sh, HDR_ROW, TD_COL_CODE, TD_KEY_HEADER);
	for (i = 0; i < c->n_criteria; i++) {
		const td_criterion *k = &c->criteria[i];
		const char *last = strrchr(k->code, '.');

		r = ROW(i);
		fs_str(sh, r, 0, last ? last + 1 : k->code);
		fs_str(sh, r, 1, k->text);
		if (k->kind == TD_CRIT_ITEM || k->kind == TD_CRIT_SECTION) {
			if (k->max)
				fs_num(sh, r, 2, k->max, NULL);
		} else if (k->cap) {
			fs_num(sh, r, 2, k->cap, NULL);
		}
		if (k->note)
			fs_str(sh, r, CN, k->note);
		fs_str(sh, r, TD_COL_CODE, k->code);
		if (k->kind == TD_CRIT_SECTION || i == C_II1) {
			/* subtotals: formulas with a cached value */
			fs_num(sh, r, PS, 0, "of:=SUM([.F7:.F9])");
			continue;
		}
		if (self && self[i] >= 0)
			fs_num(sh, r, CS, self[i], NULL);
		if (clus && clus[i] >= 0)
			fs_num(sh, r, CC, clus[i], NULL);
	}
	r = ROW(c->n_criteria);
	fs_str(sh, r, 1, "Điểm các phần");
	fs_str(sh, r, TD_COL_CODE, TD_KEY_BASE);
	fs_num(sh, r, PS, 9575, "of:=[.F6]+[.F10]");
	fs_str(sh, r + 1, 1, "Điểm cộng");
	fs_str(sh, r + 1, TD_COL_CODE, TD_KEY_BONUS);
	fs_num(sh, r + 1, PS, 500, "of:=MIN(5;[.F16]+[.F17])");
	fs_str(sh, r + 2, 1, "Điểm trừ");
	fs_str(sh, r + 2, TD_COL_CODE, TD_KEY_DEDUCT);
	fs_num(sh, r + 2, PS, 100, "of:=SUM([.F19:.F20])");
	fs_str(sh, r + 3, 1, "TỔNG ĐIỂM");
	fs_str(sh, r + 3, TD_COL_CODE, TD_KEY_TOTAL);
	fs_num(sh, r + 3, PS, SELF_TOTAL, "of:=[.F21]+[.F22]-[.F23]");
	fs_num(sh, r + 3, PC, CLUS_TOTAL, "of:=SUM([.H6:.H20])");
	/* the signature block below the table, in the score columns */
	fs_str(sh, r + 5, CC, "THỦ TRƯỞNG ĐƠN VỊ");
	fs_str(sh, r + 6, CC, "(Ký tên, đóng dấu)");
}

#define TOTAL_ROW ROW(NCRIT + 3)

static int cmp_fcell(const void *a, const void *b)
{
	const fcell *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

static void put_xml(td_buf *b, const char *s) { td_buf_put_xml(b, s, strlen(s), 1); }

/* The office:spreadsheet content of some sheets. */
static char *ods_body(fsheet *sheets, int n)
{
	td_buf b = TD_BUF_INIT;
	int s, i;

	for (s = 0; s < n; s++) {
		fsheet *sh = &sheets[s];
		uint32_t row = 0, col = 0;
		int open = 0;

		qsort(sh->cells, (size_t)sh->n, sizeof *sh->cells, cmp_fcell);
		td_buf_puts(&b, "<table:table table:name=\"");
		put_xml(&b, sh->name);
		td_buf_puts(&b, "\"><table:table-column table:number-columns-repeated=\"7\"/>");
		for (i = 0; i < sh->n; i++) {
			fcell *c = &sh->cells[i];

			if (!open || c->row != row) {
				if (open)
					td_buf_puts(&b, "</table:table-row>");
				if (c->row > row + (open ? 1 : 0))
					td_buf_printf(&b, "<table:table-row table:number-rows-repeated=\"%u\">"
					              "<table:table-cell/></table:table-row>",
					              c->row - row - (open ? 1 : 0));
				td_buf_puts(&b, "<table:table-row>");
				row = c->row;
				col = 0;
				open = 1;
			}
			if (c->col > col)
				td_buf_printf(&b, "<table:table-cell table:number-columns-repeated=\"%u\"/>",
				              c->col - col);
			td_buf_puts(&b, "<table:table-cell");
			if (c->type == T_NUM)
				td_buf_printf(&b, " office:value-type=\"float\" office:value=\"%s\"", c->value);
			else if (c->type == T_BOOL)
				td_buf_printf(&b, " office:value-type=\"boolean\" office:boolean-value=\"%s\"",
				              c->value);
			else
				td_buf_puts(&b, " office:value-type=\"string\"");
			if (*c->formula) {
				td_buf_puts(&b, " table:formula=\"");
				put_xml(&b, c->formula);
				td_buf_puts(&b, "\"");
			}
			td_buf_puts(&b, ">");
			td_buf_puts(&b, c->extra);
			td_buf_puts(&b, "<text:p>");
			put_xml(&b, c->text);
			td_buf_puts(&b, "</text:p></table:table-cell>");
			col = c->col + 1;
		}
		if (open)
			td_buf_puts(&b, "</table:table-row>");
		if (sh->tail)
			td_buf_puts(&b, sh->tail);
		td_buf_puts(&b, "</table:table>");
	}
	assert_false(td_buf_oom(&b));
	return td_buf_detach(&b);
}

static void write_fods(const char *path, fsheet *sheets, int n)
{
	char *body = ods_body(sheets, n), *doc = tu_fods(body);

	tu_write(path, doc, strlen(doc));
	free(doc);
	td_free(body);
}

static void write_ods(const char *path, fsheet *sheets, int n)
{
	char *body = ods_body(sheets, n);
	td_pkg_writer *w = NULL;
	td_buf b = TD_BUF_INIT;

	td_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content "
	            ODF_NS " office:version=\"1.3\"><office:body><office:spreadsheet>");
	td_buf_puts(&b, body);
	td_buf_puts(&b, "</office:spreadsheet></office:body></office:document-content>");
	assert_int_equal(td_pkg_writer_open(&w, path, "application/vnd.oasis.opendocument.spreadsheet", 1), 0);
	assert_int_equal(td_pkg_writer_add(w, "content.xml", NULL, b.ptr, b.len), 0);
	assert_int_equal(td_pkg_writer_commit(w), 0);
	td_pkg_writer_free(w);
	td_buf_free(&b);
	td_free(body);
}

/* ---- xlsx ---------------------------------------------------------------- */

enum { X_SHARED = 0, X_INLINE = 1 };

static void zadd(zip_t *z, const char *name, const char *data)
{
	char *copy = strdup(data);
	zip_source_t *src = zip_source_buffer(z, copy, strlen(copy), 1);

	assert_non_null(src);
	assert_true(zip_file_add(z, name, src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) >= 0);
}

static void a1(char *buf, uint32_t row, uint32_t col)
{
	char l[8];
	int n = 0;
	uint32_t c = col + 1;

	while (c) {
		c--;
		l[n++] = (char)('A' + c % 26);
		c /= 26;
	}
	buf[0] = '\0';
	while (n)
		sprintf(buf + strlen(buf), "%c", l[--n]);
	sprintf(buf + strlen(buf), "%u", row + 1);
}

/* An .xlsx of the sheets. Strings go to the shared string table (the
 * header row's labels as rich text runs, with a phonetic run) or inline;
 * ODF formulas lose their "of:=" and the [. ] of references. */
static void write_xlsx_ex(const char *path, fsheet *sheets, int n, int mode, const char *extra_rows)
{
	int err = 0, s, i;
	zip_t *z;
	td_buf wb = TD_BUF_INIT, rels = TD_BUF_INIT, ct = TD_BUF_INIT, sst = TD_BUF_INIT;
	int nsst = 0;

	remove(path);
	z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(z);
	td_buf_puts(&ct, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	            "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	            "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	            "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>");
	td_buf_puts(&wb, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	            "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	            "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>");
	td_buf_puts(&rels, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	            "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>");
	for (s = 0; s < n; s++) {
		fsheet *sh = &sheets[s];
		td_buf ws = TD_BUF_INIT;
		uint32_t row = UINT32_MAX;
		char name[64], ref[16];

		qsort(sh->cells, (size_t)sh->n, sizeof *sh->cells, cmp_fcell);
		td_buf_printf(&wb, "<sheet name=\"");
		put_xml(&wb, sh->name);
		td_buf_printf(&wb, "\" sheetId=\"%d\" r:id=\"rId%d\"/>", s + 1, s + 1);
		/* a relative target with a ".." detour, as some producers write */
		td_buf_printf(&rels, "<Relationship Id=\"rId%d\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"%sworksheets/sheet%d.xml\"/>",
		              s + 1, s == 1 ? "../xl/" : "", s + 1);
		td_buf_printf(&ct, "<Override PartName=\"/xl/worksheets/sheet%d.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>", s + 1);
		td_buf_puts(&ws, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
		            "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		            "<dimension ref=\"A1:XFD1048576\"/><cols><col min=\"7\" max=\"7\" hidden=\"1\"/></cols><sheetData>");
		for (i = 0; i < sh->n; i++) {
			fcell *c = &sh->cells[i];

			if (c->row != row) {
				if (row != UINT32_MAX)
					td_buf_puts(&ws, "</row>");
				td_buf_printf(&ws, "<row r=\"%u\" spans=\"1:7\">", c->row + 1);
				row = c->row;
			}
			a1(ref, c->row, c->col);
			td_buf_printf(&ws, "<c r=\"%s\"", ref);
			if (c->type == T_STR && !*c->formula) {
				if (mode == X_INLINE) {
					td_buf_puts(&ws, " t=\"inlineStr\"><is><t xml:space=\"preserve\">");
					put_xml(&ws, c->text);
					td_buf_puts(&ws, "</t></is></c>");
					continue;
				}
				td_buf_printf(&ws, " t=\"s\"><v>%d</v></c>", nsst++);
				if (c->row == HDR_ROW && strchr(c->text, ' ')) {
					const char *sp = strchr(c->text, ' ');
					td_buf_puts(&sst, "<si><r><t xml:space=\"preserve\">");
					td_buf_put_xml(&sst, c->text, (size_t)(sp - c->text) + 1, 0);
					td_buf_puts(&sst, "</t></r><r><rPr><b/></rPr><t>");
					put_xml(&sst, sp + 1);
					td_buf_puts(&sst, "</t></r><rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si>");
				} else {
					td_buf_puts(&sst, "<si><t xml:space=\"preserve\">");
					put_xml(&sst, c->text);
					td_buf_puts(&sst, "</t></si>");
				}
				continue;
			}
			if (c->type == T_STR)
				td_buf_puts(&ws, " t=\"str\"");
			else if (c->type == T_BOOL)
				td_buf_puts(&ws, " t=\"b\"");
			td_buf_puts(&ws, ">");
			if (*c->formula) {
				const char *f = c->formula;
				const char *p;

				if (!strncmp(f, "of:=", 4))
					f += 4;
				else if (*f == '=')
					f++;
				td_buf_puts(&ws, "<f>");
				for (p = f; *p; p++)
					if (*p != '[' && *p != ']' && !(*p == '.' && p > f && (p[-1] == '[' || p[-1] == ':')))
						td_buf_put_xml(&ws, p, 1, 0);
				td_buf_puts(&ws, "</f>");
			}
			td_buf_puts(&ws, "<v>");
			put_xml(&ws, c->type == T_STR ? c->text : c->value);
			td_buf_puts(&ws, "</v></c>");
		}
		if (row != UINT32_MAX)
			td_buf_puts(&ws, "</row>");
		if (extra_rows && s == 0)
			td_buf_puts(&ws, extra_rows);
		td_buf_puts(&ws, "</sheetData><legacyDrawing r:id=\"rIdC\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"/></worksheet>");
		snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", s + 1);
		assert_false(td_buf_oom(&ws));
		zadd(z, name, ws.ptr);
		td_buf_free(&ws);
	}
	td_buf_puts(&wb, "</sheets></workbook>");
	td_buf_puts(&rels, "</Relationships>");
	td_buf_puts(&ct, "</Types>");
	{
		td_buf full = TD_BUF_INIT;

		td_buf_printf(&full, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
		              "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"%d\" uniqueCount=\"%d\">%s</sst>",
		              nsst, nsst, sst.ptr ? sst.ptr : "");
		zadd(z, "xl/sharedStrings.xml", full.ptr);
		td_buf_free(&full);
	}
	zadd(z, "[Content_Types].xml", ct.ptr);
	zadd(z, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	     "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	     "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
	     "</Relationships>");
	zadd(z, "xl/workbook.xml", wb.ptr);
	zadd(z, "xl/_rels/workbook.xml.rels", rels.ptr);
	assert_int_equal(zip_close(z), 0);
	td_buf_free(&wb);
	td_buf_free(&rels);
	td_buf_free(&ct);
	td_buf_free(&sst);
}

static void write_xlsx(const char *path, fsheet *sheets, int n, int mode)
{
	write_xlsx_ex(path, sheets, n, mode, NULL);
}

/* ---- running the reader ----------------------------------------------------- */

typedef struct run {
	td_scores_set set;
	thidua_diags *diags;
	int rc;
} run;

static run read_inputs(const thidua_cluster *c, const char *const *in, size_t n)
{
	run r;

	memset(&r, 0, sizeof r);
	r.diags = thidua_diags_new();
	assert_non_null(r.diags);
	r.rc = td_scores_read(&r.set, c, in, n, r.diags);
	return r;
}

static run read_one(const thidua_cluster *c, const char *path)
{
	return read_inputs(c, &path, 1);
}

static void run_free(run *r)
{
	td_scores_set_clear(&r->set);
	thidua_diags_free(r->diags);
}

static void dump(const run *r)
{
	size_t i;

	for (i = 0; i < thidua_diags_count(r->diags); i++) {
		const thidua_diag *d = thidua_diags_get(r->diags, i);
		fprintf(stderr, "  %s %s %s [%s] %s\n", d->severity ? "W" : "E", d->code,
		        d->file ? d->file : "-", d->where ? d->where : "-", d->message_en);
	}
}

/* The number of diags with this code (and, when where is not NULL, this
 * location). */
static size_t count(const run *r, const char *code, const char *where)
{
	size_t i, n = 0;

	for (i = 0; i < thidua_diags_count(r->diags); i++) {
		const thidua_diag *d = thidua_diags_get(r->diags, i);
		if (strcmp(d->code, code) == 0 &&
		    (!where || (d->where && strcmp(d->where, where) == 0)))
			n++;
	}
	return n;
}

static const thidua_diag *find(const run *r, const char *code)
{
	size_t i;

	for (i = 0; i < thidua_diags_count(r->diags); i++) {
		const thidua_diag *d = thidua_diags_get(r->diags, i);
		if (strcmp(d->code, code) == 0)
			return d;
	}
	return NULL;
}

/* Diags other than the missing units'. */
static size_t others(const run *r)
{
	return thidua_diags_count(r->diags) - count(r, "score.missing-unit", NULL);
}

static void expect_only(const run *r, const char *code, const char *where)
{
	if (count(r, code, where) != 1 || others(r) != 1) {
		fprintf(stderr, "expected exactly one %s at %s, got:\n", code, where ? where : "-");
		dump(r);
	}
	assert_int_equal(count(r, code, where), 1);
	assert_int_equal(others(r), 1);
}

static const td_row_scores *row_of(const td_sheet_scores *s, size_t crit)
{
	size_t i;

	for (i = 0; i < s->n_rows; i++)
		if (s->rows[i].crit == crit)
			return &s->rows[i];
	return NULL;
}

static void check_default_scores(const td_sheet_scores *s)
{
	size_t i;

	for (i = 0; i < NCRIT; i++) {
		const td_row_scores *rw = row_of(s, i);

		/* an empty bonus or deduction cell counts 0 (Ô trống tính là 0) */
		int zero = self_default[i] < 0 && (crit_def[i].kind == TD_CRIT_BONUS ||
		                                   crit_def[i].kind == TD_CRIT_DEDUCTION);

		assert_non_null(rw);
		assert_int_equal(rw->has_self, self_default[i] >= 0 || zero);
		if (self_default[i] >= 0 || zero)
			assert_int_equal(rw->self, zero ? 0 : self_default[i]);
		assert_int_equal(rw->has_cluster, clus_default[i] >= 0);
		if (clus_default[i] >= 0)
			assert_int_equal(rw->cluster, clus_default[i]);
	}
}

static char *W(uint32_t row, uint32_t col)
{
	static char buf[8][64];
	static int k;
	char ref[16];

	a1(ref, row, col);
	k = (k + 1) % 8;
	snprintf(buf[k], sizeof buf[k], "%s!%s", SHEET, ref);
	return buf[k];
}

/* ---- the tests ---------------------------------------------------------------- */

typedef struct fx {
	char *dir;
	thidua_cluster *c;
	char *data;
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->data = tu_path(f->dir, "cum-xii.xml");
	tu_write(f->data, "<cluster/>", 10);
	f->c = make_cluster(f->data, 0, TD_KIND_CUM);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;

	thidua_cluster_free(f->c);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f->data);
	free(f);
	return 0;
}

static char *fpath(fx *f, const char *name) { return tu_path(f->dir, name); }

static void clean_sheet_reads_exact_scores(void **state)
{
	fx *f = *state;
	static fsheet sh;
	const char *fmts[] = { "a.fods", "b.ods", "c.xlsx", "d.xlsx" };
	size_t k;

	std_sheet(&sh, f->c, 0, SIZE_MAX, self_default, clus_default);
	for (k = 0; k < 4; k++) {
		char *p = fpath(f, fmts[k]);
		run r;
		const td_sheet_scores *s;

		if (k == 0)
			write_fods(p, &sh, 1);
		else if (k == 1)
			write_ods(p, &sh, 1);
		else
			write_xlsx(p, &sh, 1, k == 2 ? X_SHARED : X_INLINE);
		r = read_one(f->c, p);
		if (others(&r))
			dump(&r);
		assert_int_equal(r.rc, 0);
		assert_int_equal(others(&r), 0);
		/* the two other units sent nothing */
		assert_int_equal(count(&r, "score.missing-unit", "Đơn vị!A3"), 1);
		assert_int_equal(count(&r, "score.missing-unit", "Đơn vị!A4"), 1);
		assert_string_equal(find(&r, "score.missing-unit")->file, f->data);
		assert_int_equal(r.set.n, 1);
		s = &r.set.sheets[0];
		assert_string_equal(s->file, p);
		assert_string_equal(s->sheet, SHEET);
		assert_int_equal(s->unit, 0);
		assert_int_equal(s->scorer, SIZE_MAX);
		assert_int_equal(s->id.year, 2018);
		assert_string_equal(s->id.unit_code, "BHXH");
		assert_int_equal(s->n_rows, NCRIT);
		check_default_scores(s);
		assert_string_equal(row_of(s, C_I1)->where_self, W(ROW(C_I1), CS));
		assert_string_equal(row_of(s, C_I1)->where_cluster, W(ROW(C_I1), CC));
		assert_string_equal(row_of(s, C_V1)->note, "2 điểm/lượt, tối đa 4 điểm");
		assert_true(s->has_typed_total);
		assert_int_equal(s->typed_total, SELF_TOTAL);
		assert_string_equal(s->where_total, W(TOTAL_ROW, PS));
		run_free(&r);
		free(p);
	}
}

/* One sheet for unit 0 with a change, as .fods and as .xlsx; exactly one
 * problem of `code` at `where` each time. */
typedef void (*mutate_fn)(fsheet *sh, const thidua_cluster *c);

static void expect_problem(fx *f, mutate_fn mutate, const char *code, const char *where)
{
	static fsheet sh;
	int k;

	for (k = 0; k < 2; k++) {
		char *p = fpath(f, k ? "m.xlsx" : "m.fods");
		run r;

		std_sheet(&sh, f->c, 0, SIZE_MAX, self_default, clus_default);
		mutate(&sh, f->c);
		if (k)
			write_xlsx(p, &sh, 1, X_SHARED);
		else
			write_fods(p, &sh, 1);
		r = read_one(f->c, p);
		assert_int_equal(r.rc, 0);
		expect_only(&r, code, where);
		assert_string_equal(find(&r, code)->file, p);
		run_free(&r);
		remove(p);
		free(p);
	}
}

static void m_out_of_range(fsheet *sh, const thidua_cluster *c)
{
	(void)c;
	fs_num(sh, ROW(C_I3), CS, 1025, NULL);
}
static void m_negative(fsheet *sh, const thidua_cluster *c)
{
	(void)c;
	fs_num(sh, ROW(C_VI2), CC, -100, NULL);
}
static void m_bonus_over_cap(fsheet *sh, const thidua_cluster *c)
{
	(void)c;
	fs_num(sh, ROW(C_V2), CC, 400, NULL);
}
static void m_off_step(fsheet *sh, const thidua_cluster *c)
{
	(void)c;
	fs_num(sh, ROW(C_I2), CC, 1910, NULL);
}
static void m_too_precise(fsheet *sh, const thidua_cluster *c)
{
	(void)c;
	fs_set(sh, ROW(C_II2), CC, T_NUM, "8,33", "8.3333333", NULL);
}
static void m_not_a_number(fsheet *sh, const thidua_cluster *c)
{
	(void)c;
	fs_str(sh, ROW(C_I3), CC, "tám");
}
static void m_bool(fsheet *sh, const thidua_cluster *c)
{
	(void)c;
	fs_set(sh, ROW(C_I3), CC, T_BOOL, "TRUE", "true", NULL);
}
static void m_text_number(fsheet *sh, const thidua_cluster *c)
{
	(void)c;
	fs_str(sh, ROW(C_I3), CS, "9,75");
}
static void m_formula(fsheet *sh, const thidua_cluster *c)
{
	(void)c;
	fs_num(sh, ROW(C_I3), CC, 850, "of:=8+0.5");
}
static void m_text_changed(fsheet *sh, const thidua_cluster *c)
{
	(void)c;
	fs_str(sh, ROW(C_II2), 1, "Tham gia một số hoạt động do Cụm tổ chức");
}
static void m_max_changed(fsheet *sh, const thidua_cluster *c)
{
	(void)c;
	fs_num(sh, ROW(C_I1), 2, 3500, NULL);
}
static void m_header_changed(fsheet *sh, const thidua_cluster *c)
{
	(void)c;
	fs_str(sh, HDR_ROW, CS, "Điểm");
}
static void m_row_missing(fsheet *sh, const thidua_cluster *c)
{
	(void)c;
	fs_delete_row(sh, ROW(C_I2));
}
static void m_row_inserted(fsheet *sh, const thidua_cluster *c)
{
	(void)c;
	fs_insert_row(sh, ROW(C_II2));
	fs_str(sh, ROW(C_II2), 1, "Tham gia hoạt động khác");
	fs_num(sh, ROW(C_II2), CS, 500, NULL);
}
static void m_row_unknown_code(fsheet *sh, const thidua_cluster *c)
{
	(void)c;
	fs_insert_row(sh, ROW(C_II));
	fs_str(sh, ROW(C_II), 1, "Tiêu chí lạ");
	fs_str(sh, ROW(C_II), TD_COL_CODE, "I.9");
}
static void m_duplicate_row(fsheet *sh, const thidua_cluster *c)
{
	int i, n = sh->n;

	(void)c;
	fs_insert_row(sh, ROW(C_I3) + 1);
	for (i = 0; i < n; i++)
		if (sh->cells[i].row == ROW(C_I3)) {
			fcell *d = &sh->cells[sh->n++];
			*d = sh->cells[i];
			d->row = ROW(C_I3) + 1;
		}
}
static void m_total(fsheet *sh, const thidua_cluster *c)
{
	(void)c;
	fs_num(sh, TOTAL_ROW, PS, 10000, NULL);
}
static void m_total_clus(fsheet *sh, const thidua_cluster *c)
{
	(void)c;
	fs_num(sh, TOTAL_ROW, PC, 2850, "of:=SUM([.H6:.H20])");
}
static void m_no_identity(fsheet *sh, const thidua_cluster *c)
{
	(void)c;
	fs_del(sh, TD_ROW_ID, TD_COL_CODE);
}
static void m_bad_identity(fsheet *sh, const thidua_cluster *c)
{
	(void)c;
	fs_str(sh, TD_ROW_ID, TD_COL_CODE, "thidua:1|cụm thi đua số xii|2018");
}

static thidua_cluster *variant;

static void m_identity_of_variant(fsheet *sh, const thidua_cluster *c)
{
	char *id = td_identity_format(variant, &variant->units[0], NULL);

	(void)c;
	fs_str(sh, TD_ROW_ID, TD_COL_CODE, id);
	td_free(id);
}

static void m_unknown_unit(fsheet *sh, const thidua_cluster *c)
{
	td_unit u = c->units[0];
	char *id;

	u.code = (char *)"KBNN";
	id = td_identity_format(c, &u, NULL);
	fs_str(sh, TD_ROW_ID, TD_COL_CODE, id);
	td_free(id);
}

static void every_problem_has_its_cell(void **state)
{
	fx *f = *state;

	expect_problem(f, m_out_of_range, "score.out-of-range", W(ROW(C_I3), CS));
	expect_problem(f, m_negative, "score.out-of-range", W(ROW(C_VI2), CC));
	expect_problem(f, m_bonus_over_cap, "score.out-of-range", W(ROW(C_V2), CC));
	expect_problem(f, m_off_step, "score.off-step", W(ROW(C_I2), CC));
	expect_problem(f, m_too_precise, "score.off-step", W(ROW(C_II2), CC));
	expect_problem(f, m_not_a_number, "score.not-a-number", W(ROW(C_I3), CC));
	expect_problem(f, m_bool, "score.not-a-number", W(ROW(C_I3), CC));
	expect_problem(f, m_text_number, "score.text-number", W(ROW(C_I3), CS));
	expect_problem(f, m_formula, "score.formula", W(ROW(C_I3), CC));
	expect_problem(f, m_text_changed, "score.criteria-changed", W(ROW(C_II2), 1));
	expect_problem(f, m_max_changed, "score.criteria-changed", W(ROW(C_I1), 2));
	expect_problem(f, m_header_changed, "score.criteria-changed", W(HDR_ROW, CS));
	/* the missing row belongs after the row of I.1 */
	expect_problem(f, m_row_missing, "score.row-missing", W(ROW(C_I1), 0));
	expect_problem(f, m_row_inserted, "score.row-unknown", W(ROW(C_II2), CS));
	expect_problem(f, m_row_unknown_code, "score.row-unknown", W(ROW(C_II), 0));
	expect_problem(f, m_duplicate_row, "score.duplicate-row", W(ROW(C_I3) + 1, 0));
	expect_problem(f, m_total, "score.total-differs", W(TOTAL_ROW, PS));
	expect_problem(f, m_total_clus, "score.total-differs", W(TOTAL_ROW, PC));
	expect_problem(f, m_no_identity, "score.no-identity", W(TD_ROW_ID, TD_COL_CODE));
	expect_problem(f, m_bad_identity, "score.no-identity", W(TD_ROW_ID, TD_COL_CODE));
	expect_problem(f, m_unknown_unit, "score.unknown-unit", W(TD_ROW_ID, TD_COL_CODE));

	variant = make_cluster(f->data, 0, TD_KIND_CUM);
	td_free(variant->name);
	variant->name = td_strdup("Cụm thi đua số IX");
	expect_problem(f, m_identity_of_variant, "score.foreign-cluster", W(TD_ROW_ID, TD_COL_CODE));
	thidua_cluster_free(variant);
	variant = make_cluster(f->data, 0, TD_KIND_CUM);
	variant->year = 2017;
	expect_problem(f, m_identity_of_variant, "score.foreign-year", W(TD_ROW_ID, TD_COL_CODE));
	thidua_cluster_free(variant);
	/* criteria changed since the sheet was issued */
	variant = make_cluster(f->data, 0, TD_KIND_CUM);
	variant->criteria[C_I3].max = 1500;
	expect_problem(f, m_identity_of_variant, "score.fingerprint", W(TD_ROW_ID, TD_COL_CODE));
	thidua_cluster_free(variant);
	variant = NULL;
}

static void messages_name_the_values(void **state)
{
	fx *f = *state;
	static fsheet sh;
	char *p = fpath(f, "msg.fods");
	const thidua_diag *d;
	run r;

	std_sheet(&sh, f->c, 0, SIZE_MAX, self_default, clus_default);
	m_formula(&sh, f->c);
	m_text_number(&sh, f->c);
	fs_num(&sh, ROW(C_I1), CC, 3100, NULL);
	write_fods(p, &sh, 1);
	r = read_one(f->c, p);
	d = find(&r, "score.formula");
	assert_non_null(d);
	assert_non_null(strstr(d->message_en, "\"=8+0.5\""));
	assert_non_null(strstr(d->message_vi, "\"=8+0.5\""));
	assert_int_equal(d->severity, THIDUA_SEV_ERROR);
	d = find(&r, "score.text-number");
	assert_int_equal(d->severity, THIDUA_SEV_WARNING);
	assert_non_null(strstr(d->message_vi, "9,75"));
	assert_non_null(strstr(d->message_en, "9.75"));
	d = find(&r, "score.out-of-range");
	assert_non_null(strstr(d->message_vi, "31 của tiêu chí I.1 ngoài khoảng cho phép 0 – 30"));
	assert_non_null(strstr(d->message_en, "31 of criterion I.1 is outside the allowed range 0 – 30"));
	/* the text number is read; the formula and the out-of-range are not */
	assert_int_equal(row_of(&r.set.sheets[0], C_I3)->self, 975);
	assert_true(row_of(&r.set.sheets[0], C_I3)->has_self);
	assert_false(row_of(&r.set.sheets[0], C_I3)->has_cluster);
	assert_false(row_of(&r.set.sheets[0], C_I1)->has_cluster);
	run_free(&r);
	free(p);
}

static void reordered_and_inserted_rows_are_read_by_code(void **state)
{
	fx *f = *state;
	static fsheet sh;
	int k;

	for (k = 0; k < 2; k++) {
		char *p = fpath(f, k ? "r.xlsx" : "r.fods");
		run r;

		std_sheet(&sh, f->c, 0, SIZE_MAX, self_default, clus_default);
		fs_swap_rows(&sh, ROW(C_I1), ROW(C_I3));
		fs_swap_rows(&sh, ROW(C_II1a), ROW(C_II1b));
		fs_swap_rows(&sh, ROW(C_V1), ROW(C_VI2));
		/* an empty inserted row, and one with a note only */
		fs_insert_row(&sh, ROW(C_II));
		fs_insert_row(&sh, ROW(C_II));
		fs_str(&sh, ROW(C_II), 1, "(ghi chú của đơn vị)");
		fs_str(&sh, ROW(C_II), CN, "xem báo cáo số 12");
		if (k)
			write_xlsx(p, &sh, 1, X_INLINE);
		else
			write_fods(p, &sh, 1);
		r = read_one(f->c, p);
		if (others(&r))
			dump(&r);
		assert_int_equal(others(&r), 0);
		assert_int_equal(r.set.n, 1);
		check_default_scores(&r.set.sheets[0]);
		/* rows in sheet order */
		assert_int_equal(r.set.sheets[0].rows[1].crit, C_I3);
		assert_string_equal(row_of(&r.set.sheets[0], C_I1)->where_self, W(ROW(C_I3), CS));
		run_free(&r);
		free(p);
	}
}

/* A row inserted above everything and a column inserted before the score
 * columns: the identity, the header and the columns are found again. */
static void inserted_top_row_and_column(void **state)
{
	fx *f = *state;
	static fsheet sh;
	int k, i;

	for (k = 0; k < 2; k++) {
		char *p = fpath(f, k ? "col.xlsx" : "col.fods");
		const td_sheet_scores *s;
		char want[64];
		run r;

		std_sheet(&sh, f->c, 0, SIZE_MAX, self_default, clus_default);
		fs_insert_row(&sh, 0);
		for (i = 0; i < sh.n; i++)
			if (sh.cells[i].col >= 2)
				sh.cells[i].col++;
		fs_str(&sh, HDR_ROW + 1, 2, "Minh chứng");
		fs_str(&sh, ROW(C_I1) + 1, 2, "Báo cáo số 12");
		if (k)
			write_xlsx(p, &sh, 1, X_INLINE);
		else
			write_fods(p, &sh, 1);
		r = read_one(f->c, p);
		if (others(&r))
			dump(&r);
		assert_int_equal(others(&r), 0);
		s = &r.set.sheets[0];
		check_default_scores(s);
		snprintf(want, sizeof want, "%s", W(ROW(C_I1) + 1, CS + 1));
		assert_string_equal(row_of(s, C_I1)->where_self, want);
		run_free(&r);
		free(p);
	}
}

static void folders_duplicates_and_missing_units(void **state)
{
	fx *f = *state;
	static fsheet a, b, c2;
	char *in = fpath(f, "in"), *p;
	char *pa, *pb, *pc, *pd;
	const char *inputs[2];
	const thidua_diag *d;
	run r;

	assert_int_equal(mkdir(in, 0700), 0);
	std_sheet(&a, f->c, 0, SIZE_MAX, self_default, clus_default);
	std_sheet(&b, f->c, 1, SIZE_MAX, self_default, clus_default);
	std_sheet(&c2, f->c, 0, SIZE_MAX, self_default, NULL);
	pa = tu_path(in, "Bảo hiểm XH.fods");
	pb = tu_path(in, "Cục thuế.xlsx");
	pc = tu_path(in, "Z bản sửa.ODS");
	pd = tu_path(in, "công văn.docx");
	write_fods(pa, &a, 1);
	write_xlsx(pb, &b, 1, X_SHARED);
	write_ods(pc, &c2, 1);
	/* noise: lock files, hidden files, other files, the data file */
	p = tu_path(in, ".~lock.Cục thuế.xlsx#");
	tu_write(p, "x", 1);
	free(p);
	p = tu_path(in, "~$Cục thuế.xlsx");
	tu_write(p, "x", 1);
	free(p);
	p = tu_path(in, ".hidden.ods");
	tu_write(p, "x", 1);
	free(p);
	p = tu_path(in, "ghi chú.txt");
	tu_write(p, "x", 1);
	free(p);
	{
		int e = 0;
		zip_t *z = zip_open(pd, ZIP_CREATE | ZIP_TRUNCATE, &e);
		zadd(z, "[Content_Types].xml", "<Types/>");
		zadd(z, "word/document.xml", "<document/>");
		zip_close(z);
	}
	/* the folder, and one of its files again: read once */
	inputs[0] = in;
	inputs[1] = pa;
	r = read_inputs(f->c, inputs, 2);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.set.n, 2);
	assert_string_equal(r.set.sheets[0].file, pa);
	assert_string_equal(r.set.sheets[1].file, pb);
	assert_int_equal(r.set.sheets[1].unit, 1);
	check_default_scores(&r.set.sheets[1]);
	/* the .ODS is a second sheet for unit 0 */
	assert_int_equal(count(&r, "score.duplicate-unit", W(TD_ROW_ID, TD_COL_CODE)), 1);
	d = find(&r, "score.duplicate-unit");
	assert_string_equal(d->file, pc);
	assert_non_null(strstr(d->message_en, pa));
	assert_non_null(strstr(d->message_en, pc));
	/* the .docx is reported, not read */
	d = find(&r, "score.unreadable");
	assert_non_null(d);
	assert_int_equal(d->severity, THIDUA_SEV_WARNING);
	assert_string_equal(d->file, pd);
	/* unit 2 sent nothing */
	assert_int_equal(count(&r, "score.missing-unit", NULL), 1);
	d = find(&r, "score.missing-unit");
	assert_string_equal(d->where, "Đơn vị!A4");
	assert_string_equal(d->file, f->data);
	assert_non_null(strstr(d->message_vi, "Bưu điện thành phố Hà Nội"));
	assert_int_equal(thidua_diags_count(r.diags), 3);
	run_free(&r);
	free(pa);
	free(pb);
	free(pc);
	free(pd);
	free(in);
}

static void unreadable_files_are_named(void **state)
{
	fx *f = *state;
	static const unsigned char ole[] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };
	unsigned char enc[2048];
	const char *names[] = { "enc.xlsx", "old.xls", "broken.xlsx", "text.ods", "empty.ods",
		                    "word.docx", "writer.fods", "nothing.ods" };
	const char *want_en[] = { "password-protected", "Excel 97-2003", "damaged", "neither",
		                      "empty", "Word document", "not a spreadsheet", "Cannot open" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *p = fpath(f, names[i]);
		const thidua_diag *d;
		run r;

		switch (i) {
		case 0: /* an encrypted OOXML package: an OLE2 file with EncryptionInfo */
			memset(enc, 0, sizeof enc);
			memcpy(enc, ole, sizeof ole);
			{
				const char *s = "EncryptionInfo";
				size_t j;
				for (j = 0; s[j]; j++)
					enc[1024 + 2 * j] = (unsigned char)s[j];
			}
			tu_write(p, (const char *)enc, sizeof enc);
			break;
		case 1:
			memset(enc, 0, sizeof enc);
			memcpy(enc, ole, sizeof ole);
			tu_write(p, (const char *)enc, sizeof enc);
			break;
		case 2:
			tu_write(p, "PK\3\4garbage that is not a zip", 30);
			break;
		case 3:
			tu_write(p, "Điểm: 98,5\n", strlen("Điểm: 98,5\n"));
			break;
		case 4:
			tu_write(p, "", 0);
			break;
		case 5: {
			int e = 0;
			zip_t *z = zip_open(p, ZIP_CREATE | ZIP_TRUNCATE, &e);
			zadd(z, "[Content_Types].xml", "<Types/>");
			zadd(z, "word/document.xml", "<document/>");
			zip_close(z);
			break;
		}
		case 6: {
			char *doc = tu_fodt("<text:p>x</text:p>", NULL);
			tu_write(p, doc, strlen(doc));
			free(doc);
			break;
		}
		default:
			break;
		}
		r = read_one(f->c, p);
		assert_int_equal(r.rc, 0);
		d = find(&r, "score.unreadable");
		if (!d || !strstr(d->message_en, want_en[i])) {
			fprintf(stderr, "%s:\n", names[i]);
			dump(&r);
		}
		assert_non_null(d);
		assert_int_equal(d->severity, THIDUA_SEV_ERROR);
		assert_string_equal(d->file, p);
		assert_non_null(strstr(d->message_en, want_en[i]));
		assert_non_null(strstr(d->message_en, p));
		assert_int_equal(others(&r), 1);
		assert_int_equal(r.set.n, 0);
		run_free(&r);
		free(p);
	}
}

static void huge_empty_areas_cost_nothing(void **state)
{
	fx *f = *state;
	static fsheet sh;
	char *p = fpath(f, "huge.fods"), *px = fpath(f, "huge.xlsx");
	clock_t t0 = clock();
	run r;

	std_sheet(&sh, f->c, 0, SIZE_MAX, self_default, clus_default);
	sh.tail = "<table:table-row table:number-rows-repeated=\"1000000\">"
	          "<table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>"
	          "<table:table-row table:number-rows-repeated=\"48000\">"
	          "<table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>";
	/* an annotation on a score cell is not its value */
	snprintf(fs_find(&sh, ROW(C_I1), CS)->extra, sizeof sh.cells[0].extra,
	         "<office:annotation><text:p>đã kiểm tra 99</text:p></office:annotation>");
	write_fods(p, &sh, 1);
	r = read_one(f->c, p);
	assert_int_equal(others(&r), 0);
	check_default_scores(&r.set.sheets[0]);
	run_free(&r);
	write_xlsx_ex(px, &sh, 1, X_SHARED,
	              "<row r=\"1048576\" s=\"3\" customFormat=\"1\"><c r=\"XFD1048576\" s=\"3\"/></row>");
	r = read_one(f->c, px);
	assert_int_equal(others(&r), 0);
	check_default_scores(&r.set.sheets[0]);
	run_free(&r);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
	free(p);
	free(px);
}

static void xlsx_details(void **state)
{
	fx *f = *state;
	static fsheet sh;
	char *p = fpath(f, "x.xlsx");
	td_grid g = TD_GRID_INIT;
	const td_gsheet *gs;
	size_t i;
	int seen_hdr = 0;
	run r;

	/* two sheets; the second reached through "../xl/worksheets" */
	std_sheet(&sh, f->c, 0, SIZE_MAX, self_default, clus_default);
	/* floating-point noise as older Excel writes it, and exact values */
	fs_set(&sh, ROW(C_I1), CS, T_NUM, "", "28.499999999999996", NULL);
	fs_set(&sh, ROW(C_I3), CS, T_NUM, "", "9.7500000000000018", NULL);
	fs_set(&sh, ROW(C_II2), CS, T_NUM, "", "1.8E1", NULL);
	{
		static fsheet two[2];
		two[0] = sh;
		std_sheet(&two[1], f->c, 1, SIZE_MAX, self_default, clus_default);
		snprintf(two[1].name, sizeof two[1].name, "Trang 2");
		write_xlsx(p, two, 2, X_SHARED);
	}
	assert_int_equal(td_grid_read_xlsx(&g, p), 0);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.sheets[1].name, "Trang 2");
	gs = &g.sheets[0];
	for (i = 0; i < gs->n; i++)
		if (gs->cells[i].row == HDR_ROW && gs->cells[i].col == PS) {
			/* rich text runs joined, the phonetic run left out */
			assert_string_equal(gs->cells[i].text, "Điểm tự chấm");
			seen_hdr = 1;
		}
	assert_true(seen_hdr);
	td_grid_clear(&g);
	r = read_one(f->c, p);
	if (others(&r))
		dump(&r);
	assert_int_equal(others(&r), 0);
	assert_int_equal(r.set.n, 2);
	check_default_scores(&r.set.sheets[0]);
	assert_string_equal(r.set.sheets[1].sheet, "Trang 2");
	run_free(&r);
	free(p);
}

static void xlsx_shared_formula_in_score_cell(void **state)
{
	fx *f = *state;
	static fsheet sh;
	char *p = fpath(f, "sf.xlsx");
	const char *rows =
		"<row r=\"40\"><c r=\"A40\"><f t=\"shared\" ref=\"A40:A41\" si=\"0\">B40*2</f><v>0</v></c></row>";
	const thidua_diag *d;
	run r;
	td_grid g = TD_GRID_INIT;
	size_t i;

	std_sheet(&sh, f->c, 0, SIZE_MAX, self_default, clus_default);
	write_xlsx_ex(p, &sh, 1, X_SHARED, rows);
	assert_int_equal(td_grid_read_xlsx(&g, p), 0);
	for (i = 0; i < g.sheets[0].n; i++)
		if (g.sheets[0].cells[i].row == 39)
			assert_string_equal(g.sheets[0].cells[i].formula, "=B40*2");
	td_grid_clear(&g);
	/* a formula typed into a score cell of an xlsx */
	fs_num(&sh, ROW(C_I2), CS, 2000, "of:=10+10");
	write_xlsx(p, &sh, 1, X_SHARED);
	r = read_one(f->c, p);
	expect_only(&r, "score.formula", W(ROW(C_I2), CS));
	d = find(&r, "score.formula");
	assert_non_null(strstr(d->message_en, "\"=10+10\""));
	run_free(&r);
	free(p);
}

/* Cell and row references that are not references, or beyond the grid:
 * the file is refused, never read with the cell moved to where the reader
 * happens to be (here D of VI.1's row, an empty score cell). */
static void xlsx_malformed_references(void **state)
{
	fx *f = *state;
	static fsheet sh;
	char *p = fpath(f, "ref.xlsx");
	char rows[6][256];
	const char *want[6] = { "damaged", "damaged", "beyond", "beyond", "damaged", "beyond" };
	unsigned vi1 = ROW(C_VI1) + 1;
	size_t i;

	snprintf(rows[0], sizeof rows[0], "<row r=\"%u\"><c r=\"C%u\"/><c r=\"d%u\"><v>3</v></c></row>", vi1, vi1, vi1);
	snprintf(rows[1], sizeof rows[1], "<row r=\"%u\"><c r=\"C%u\"/><c r=\"D-1\"><v>3</v></c></row>", vi1, vi1);
	snprintf(rows[2], sizeof rows[2], "<row r=\"%u\"><c r=\"C%u\"/><c r=\"D99999999999\"><v>3</v></c></row>", vi1, vi1);
	snprintf(rows[3], sizeof rows[3], "<row r=\"%u\"><c r=\"C%u\"/><c r=\"ABCD%u\"><v>3</v></c></row>", vi1, vi1, vi1);
	snprintf(rows[4], sizeof rows[4], "<row r=\"x%u\"><c><v>3</v></c></row>", vi1);
	snprintf(rows[5], sizeof rows[5], "<row r=\"99999999999\"><c><v>3</v></c></row>");
	for (i = 0; i < 6; i++) {
		const thidua_diag *d;
		run r;

		std_sheet(&sh, f->c, 0, SIZE_MAX, self_default, clus_default);
		write_xlsx_ex(p, &sh, 1, X_SHARED, rows[i]);
		r = read_one(f->c, p);
		d = find(&r, "score.unreadable");
		if (!d || !strstr(d->message_en, want[i])) {
			fprintf(stderr, "case %zu:\n", i);
			dump(&r);
		}
		assert_non_null(d);
		assert_non_null(strstr(d->message_en, want[i]));
		assert_int_equal(r.set.n, 0);
		run_free(&r);
	}
	free(p);
}

static void cross_scoring_and_khoi(void **state)
{
	fx *f = *state;
	thidua_cluster *c = make_cluster(f->data, 1, TD_KIND_KHOI);
	static fsheet two[2], self;
	char *p1 = fpath(f, "bhxh-cham.fods"), *p2 = fpath(f, "ct-cham.xlsx"), *p3 = fpath(f, "self.fods");
	const char *in[3];
	run r;

	/* unit 0 scores units 1 and 2 in one file; unit 1 scores unit 0 only */
	std_sheet(&two[0], c, 1, 0, self_default, clus_default);
	std_sheet(&two[1], c, 2, 0, self_default, clus_default);
	snprintf(two[1].name, sizeof two[1].name, "%s", "Bưu điện");
	write_fods(p1, two, 2);
	std_sheet(&two[0], c, 0, 1, self_default, clus_default);
	write_xlsx(p2, two, 1, X_INLINE);
	std_sheet(&self, c, 2, SIZE_MAX, self_default, clus_default);
	write_fods(p3, &self, 1);
	in[0] = p1;
	in[1] = p2;
	in[2] = p3;
	r = read_inputs(c, in, 3);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.set.n, 3);
	assert_int_equal(r.set.sheets[0].unit, 1);
	assert_int_equal(r.set.sheets[0].scorer, 0);
	assert_int_equal(r.set.sheets[1].unit, 2);
	assert_string_equal(r.set.sheets[1].sheet, "Bưu điện");
	assert_int_equal(r.set.sheets[2].unit, 0);
	assert_int_equal(r.set.sheets[2].scorer, 1);
	check_default_scores(&r.set.sheets[2]);
	/* a self-scoring sheet in a cross-scoring khối */
	assert_int_equal(count(&r, "score.foreign-cluster", W(TD_ROW_ID, TD_COL_CODE)), 1);
	assert_string_equal(find(&r, "score.foreign-cluster")->file, p3);
	/* missing: unit 1 scoring unit 2; unit 2 sent nothing */
	assert_int_equal(count(&r, "score.missing-unit", "Đơn vị!A3"), 1);
	assert_int_equal(count(&r, "score.missing-unit", "Đơn vị!A4"), 1);
	assert_int_equal(thidua_diags_count(r.diags), 3);
	run_free(&r);
	thidua_cluster_free(c);
	free(p1);
	free(p2);
	free(p3);
}

static void allocation_failures(void **state)
{
	fx *f = *state;
	static fsheet a, b;
	char *in = fpath(f, "oom");
	char *pa, *pb;
	const char *inputs[1];
	run base, r;
	long n;

	assert_int_equal(mkdir(in, 0700), 0);
	std_sheet(&a, f->c, 0, SIZE_MAX, self_default, clus_default);
	m_text_number(&a, f->c);
	m_formula(&a, f->c);
	std_sheet(&b, f->c, 1, SIZE_MAX, self_default, clus_default);
	m_row_inserted(&b, f->c);
	pa = tu_path(in, "a.fods");
	pb = tu_path(in, "b.xlsx");
	write_fods(pa, &a, 1);
	write_xlsx(pb, &b, 1, X_SHARED);
	inputs[0] = in;
	base = read_inputs(f->c, inputs, 1);
	assert_int_equal(base.rc, 0);
	assert_int_equal(base.set.n, 2);
	for (n = 0; n < 100000; n++) {
		memset(&r, 0, sizeof r);
		r.diags = thidua_diags_new();
		assert_non_null(r.diags);
		td_alloc_fail_after(n);
		r.rc = td_scores_read(&r.set, f->c, inputs, 1, r.diags);
		td_alloc_fail_after(-1);
		if (r.rc == 0) {
			assert_int_equal(r.set.n, base.set.n);
			assert_int_equal(thidua_diags_count(r.diags), thidua_diags_count(base.diags));
			run_free(&r);
			break;
		}
		assert_int_equal(r.rc, THIDUA_ENOMEM);
		assert_int_equal(r.set.n, 0);
		assert_null(r.set.sheets);
		run_free(&r);
	}
	assert_true(n > 50);
	run_free(&base);
	free(pa);
	free(pb);
	free(in);
}

static void exact_decimal_values(void **state)
{
	fx *f = *state;
	static fsheet sh;
	char *p = fpath(f, "dec.fods");
	run r;

	std_sheet(&sh, f->c, 0, SIZE_MAX, self_default, clus_default);
	/* the same numbers written every way a producer may */
	fs_set(&sh, ROW(C_I1), CS, T_NUM, "28,5", "2.85E1", NULL);
	fs_set(&sh, ROW(C_I2), CS, T_NUM, "20",
	       "20.000000000000000000000000000000000000000000000000000000000000000000000", NULL);
	fs_set(&sh, ROW(C_I3), CS, T_NUM, "9,75", "0.0975e2", NULL);
	fs_set(&sh, ROW(C_II1a), CS, T_NUM, "10", "+10", NULL);
	fs_set(&sh, ROW(C_II2), CS, T_NUM, "18", "0.0000000000000000000000000000000000000000000018e46", NULL);
	fs_set(&sh, ROW(C_V2), CS, T_NUM, "3", "3.00000000000000000000000000000000000000000000001", NULL);
	fs_set(&sh, ROW(C_II1b), CS, T_NUM, "9,5", "9.50000000000000000000000001", NULL);
	write_fods(p, &sh, 1);
	r = read_one(f->c, p);
	/* 9.5 plus a digit at the 26th decimal is not 9.5: too precise */
	assert_int_equal(count(&r, "score.off-step", W(ROW(C_II1b), CS)), 1);
	assert_int_equal(count(&r, "score.off-step", W(ROW(C_V2), CS)), 1);
	assert_int_equal(others(&r), 2);
	assert_int_equal(row_of(&r.set.sheets[0], C_II2)->self, 1800);
	assert_int_equal(row_of(&r.set.sheets[0], C_I1)->self, 2850);
	assert_int_equal(row_of(&r.set.sheets[0], C_I2)->self, 2000);
	assert_int_equal(row_of(&r.set.sheets[0], C_I3)->self, 975);
	assert_int_equal(row_of(&r.set.sheets[0], C_II1a)->self, 1000);
	assert_false(row_of(&r.set.sheets[0], C_II1b)->has_self);
	run_free(&r);
	free(p);
}

/* The generator's sheet (sheet_write.c) read back as generated, then
 * filled by code the way a person would and saved as .fods and .xlsx. */
static void round_trip_with_generator(void **state)
{
	fx *f = *state;
	static fsheet sh;
	const char *tpl = TD_SOURCE_DIR "/templates/scoring-sheet.fods";
	char *gen = fpath(f, "gen.ods"), *pf = fpath(f, "filled.fods"), *px = fpath(f, "filled.xlsx");
	thidua_diags *d = thidua_diags_new();
	td_grid g = TD_GRID_INIT;
	uint32_t code_row[NCRIT], total_row = 0;
	size_t i;
	int rc, k;
	run r;

	rc = td_sheet_write(f->c, 1, tpl, gen, 1, d);
	if (rc) {
		run tmp = { { NULL, 0 }, d, rc };
		dump(&tmp);
	}
	assert_int_equal(rc, 0);
	thidua_diags_free(d);
	/* returned as issued: not scored, an error naming the file and the
	 * unit at the entry column's header, never zeros */
	r = read_one(f->c, gen);
	expect_only(&r, "score.unscored", "Tự chấm điểm!E8");
	assert_non_null(strstr(find(&r, "score.unscored")->message_vi, "Cục Thuế"));
	assert_non_null(strstr(find(&r, "score.unscored")->message_en, gen));
	assert_int_equal(r.set.n, 1);
	assert_true(r.set.sheets[0].blank);
	assert_int_equal(r.set.sheets[0].unit, 1);
	assert_int_equal(r.set.sheets[0].n_rows, NCRIT);
	for (i = 0; i < NCRIT; i++) {
		assert_false(r.set.sheets[0].rows[i].has_self);
		assert_false(r.set.sheets[0].rows[i].has_cluster);
	}
	run_free(&r);

	/* fill it: rows found by the hidden code column */
	assert_int_equal(td_grid_read_ods(&g, gen), 0);
	memset(&sh, 0, sizeof sh);
	snprintf(sh.name, sizeof sh.name, "%s", g.sheets[0].name);
	memset(code_row, 0xff, sizeof code_row);
	for (i = 0; i < g.sheets[0].n; i++) {
		const td_gcell *c = &g.sheets[0].cells[i];
		fcell *fc = fs_set(&sh, c->row, c->col, c->type == TD_G_NUMBER ? T_NUM : T_STR,
		                   c->text, c->value, c->formula);
		size_t j;

		assert_true(strlen(c->text ? c->text : "") < sizeof fc->text);
		if (c->col != TD_COL_CODE || !c->text)
			continue;
		for (j = 0; j < NCRIT; j++)
			if (!strcmp(c->text, crit_def[j].code))
				code_row[j] = c->row;
		if (!strcmp(c->text, TD_KEY_TOTAL))
			total_row = c->row;
	}
	td_grid_clear(&g);
	for (i = 0; i < NCRIT; i++) {
		assert_int_not_equal(code_row[i], UINT32_MAX);
		if (self_default[i] >= 0)
			fs_num(&sh, code_row[i], TD_COL_SELF_IN, self_default[i], NULL);
		if (clus_default[i] >= 0)
			fs_num(&sh, code_row[i], TD_COL_CLUSTER_IN, clus_default[i], NULL);
	}
	/* what a spreadsheet program caches in the total's formula cells */
	assert_true(total_row > 0);
	fs_num(&sh, total_row, TD_COL_SELF, SELF_TOTAL, fs_find(&sh, total_row, TD_COL_SELF)->formula);
	fs_num(&sh, total_row, TD_COL_CLUSTER, CLUS_TOTAL,
	       fs_find(&sh, total_row, TD_COL_CLUSTER)->formula);
	for (k = 0; k < 2; k++) {
		if (k)
			write_xlsx(px, &sh, 1, X_SHARED);
		else
			write_fods(pf, &sh, 1);
		r = read_one(f->c, k ? px : pf);
		if (others(&r))
			dump(&r);
		assert_int_equal(others(&r), 0);
		assert_int_equal(r.set.n, 1);
		check_default_scores(&r.set.sheets[0]);
		assert_true(r.set.sheets[0].has_typed_total);
		assert_int_equal(r.set.sheets[0].typed_total, SELF_TOTAL);
		run_free(&r);
	}
	/* a changed total is noticed: the generator's formulas and the
	 * recomputation agree on caps */
	fs_num(&sh, total_row, TD_COL_SELF, SELF_TOTAL + 200, NULL);
	write_fods(pf, &sh, 1);
	r = read_one(f->c, pf);
	assert_int_equal(count(&r, "score.total-differs", NULL), 1);
	assert_int_equal(others(&r), 1);
	run_free(&r);
	free(gen);
	free(pf);
	free(px);
}

/* A generated sheet of the rules cluster (rules_fixture.h) as a fixture
 * sheet: table `table` of `path` (NULL: the first). */
static void load_generated(fsheet *sh, const char *path, const char *table)
{
	td_grid g = TD_GRID_INIT;
	size_t i, t = 0;

	assert_int_equal(td_grid_read_ods(&g, path), 0);
	for (i = 0; table && i < g.n; i++)
		if (!strcmp(g.sheets[i].name, table))
			t = i;
	memset(sh, 0, sizeof *sh);
	snprintf(sh->name, sizeof sh->name, "%s", g.sheets[t].name);
	for (i = 0; i < g.sheets[t].n; i++) {
		const td_gcell *c = &g.sheets[t].cells[i];
		fs_set(sh, c->row, c->col, c->type == TD_G_NUMBER ? T_NUM : T_STR, c->text, c->value,
		       c->formula);
	}
	td_grid_clear(&g);
}

/* The 0-based row of a code in a generated sheet. */
static uint32_t gen_row(fsheet *sh, const char *code, uint32_t code_col)
{
	int i;

	for (i = 0; i < sh->n; i++)
		if (sh->cells[i].col == code_col && !strcmp(sh->cells[i].text, code))
			return sh->cells[i].row;
	fail_msg("no row %s", code);
	return 0;
}

static const thidua_diag *diag_at(const run *r, const char *code)
{
	return find(r, code);
}

/* Entries by Cách chấm: numbers, counts, actual values, Đạt / Không đạt and
 * Có / Không (loosely), each bad one located; a blank sheet; an empty cell
 * with and without Ô trống tính là 0; a scoring body's sheet; .fods and
 * .xlsx alike. */
static void entries_by_method(void **state)
{
	fx *f = *state;
	thidua_cluster *c = tu_rules_cluster();
	char *dir = fpath(f, "rules"), *p = fpath(f, "rules/a.fods"), *px = fpath(f, "rules/a.xlsx");
	char *pb = fpath(f, "rules/stc.fods");
	thidua_diags *d = thidua_diags_new();
	thidua_paths out = THIDUA_PATHS_INIT;
	thidua_fill_options o = THIDUA_FILL_OPTIONS_INIT;
	static fsheet sh, bs[4];
	const td_sheet_scores *s;
	const char *in[2];
	size_t i;
	int k;
	run r;

	assert_non_null(c);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(thidua_generate_sheets(&out, c, NULL, dir, &o, d), 0);
	assert_int_equal(out.count, 5);
	load_generated(&sh, out.paths[0], NULL);
#define E(code) gen_row(&sh, code, TD_COL_CODE), TD_COL_SELF_IN
	fs_num(&sh, E("I.1"), 1850, NULL);
	fs_str(&sh, E("I.2"), " đạt ");
	fs_num(&sh, E("I.3"), 9550, NULL);
	fs_num(&sh, E("I.4"), 25000, NULL);
	fs_num(&sh, E("I.5"), 900, NULL);
	fs_num(&sh, E("I.5.1"), 200, NULL);
	fs_num(&sh, E("II.1"), 2000, NULL);
	fs_num(&sh, E("II.2"), 300, NULL);
	fs_num(&sh, E("III.1"), 300, NULL);
	fs_str(&sh, E("IV.2"), "Không");
	/* I.5.2, III.2 and IV.1 stay empty: bonus and deductions count 0 */
	/* the total as a spreadsheet caches it, worked by hand: 18,5 + 10 +
	 * 9,55 + 5 (I.4 at or above the target, on the sheet) + max(9 - 2, 5)
	 * + 20 + 3 x 5 = 85,05; bonus min(4, 3 x 2) = 4; 89,05. A different
	 * recomputation would warn (score.total-differs). */
	{
		uint32_t tr = gen_row(&sh, TD_KEY_TOTAL, TD_COL_CODE);
		fs_num(&sh, tr, TD_COL_SELF, 8905, fs_find(&sh, tr, TD_COL_SELF)->formula);
	}
	for (k = 0; k < 2; k++) {
		if (k)
			write_xlsx(px, &sh, 1, X_SHARED);
		else
			write_fods(p, &sh, 1);
		in[0] = k ? px : p;
		r = read_inputs(c, in, 1);
		for (i = 0; i < thidua_diags_count(r.diags); i++) {
			const char *code = thidua_diags_get(r.diags, i)->code;
			if (strcmp(code, "score.missing-unit") && strcmp(code, "score.missing-body-sheet"))
				dump(&r);
			assert_true(!strcmp(code, "score.missing-unit") ||
			            !strcmp(code, "score.missing-body-sheet"));
		}
		assert_int_equal(r.set.n, 1);
		s = &r.set.sheets[0];
		assert_false(s->blank);
		assert_int_equal(s->body, SIZE_MAX);
		for (i = 0; i < s->n_rows; i++) {
			const td_row_scores *w = &s->rows[i];
			const char *code = c->criteria[w->crit].code;
			if (!strcmp(code, "I.2"))
				assert_true(w->has_self && w->self == 1);    /* Đạt */
			if (!strcmp(code, "I.3"))
				assert_true(w->has_self && w->self == 9550); /* the actual value */
			if (!strcmp(code, "II.2"))
				assert_true(w->has_self && w->self == 3);    /* a count, not hundredths */
			if (!strcmp(code, "IV.2"))
				assert_true(w->has_self && w->self == 0);    /* Không */
			if (!strcmp(code, "IV.1"))
				assert_true(w->has_self && w->self == 0);    /* empty counts 0 */
			if (!strcmp(code, "I.5.2"))
				assert_false(w->has_self); /* the body's row: may stay empty here */
			if (!strcmp(code, "I"))
				assert_false(w->has_self);                   /* a node */
		}
		run_free(&r);
	}
	/* bad entries, each at its cell; an empty item is an error (the data
	 * counts only bonus, deductions and conditions as 0 when empty) */
	fs_str(&sh, E("I.2"), "Tốt");
	fs_num(&sh, E("II.2"), 250, NULL);
	fs_str(&sh, E("IV.2"), "chắc có");
	fs_num(&sh, E("I.3"), -100, NULL);
	fs_del(&sh, E("I.1"));
	write_fods(p, &sh, 1);
	r = read_one(c, p);
	assert_int_equal(count(&r, "score.not-pass", "Tự chấm điểm!E11"), 1);
	assert_int_equal(count(&r, "score.not-a-count", "Tự chấm điểm!E19"), 1);
	assert_int_equal(count(&r, "score.not-yes-no", "Tự chấm điểm!E25"), 1);
	assert_int_equal(count(&r, "score.out-of-range", "Tự chấm điểm!E12"), 1);
	assert_int_equal(count(&r, "score.empty", "Tự chấm điểm!E10"), 1);
	assert_non_null(strstr(diag_at(&r, "score.not-pass")->message_vi, "Tốt"));
	assert_int_equal(count(&r, "score.empty", NULL), 1);
	/* each language says what to enter in its own words only */
	assert_non_null(strstr(diag_at(&r, "score.empty")->message_vi, "hãy nhập điểm (0 nếu không có) ("));
	assert_null(strstr(diag_at(&r, "score.empty")->message_vi, "points"));
	assert_non_null(strstr(diag_at(&r, "score.empty")->message_en, "enter the points (0 for none) ("));
	assert_null(strstr(diag_at(&r, "score.empty")->message_en, "điểm"));
	run_free(&r);
	/* with Tiêu chí in Ô trống tính là 0 the empty item counts 0 */
	c->empty_zero |= 1u << TD_CRIT_ITEM;
	r = read_one(c, p);
	assert_int_equal(count(&r, "score.empty", NULL), 0);
	run_free(&r);
	c->empty_zero &= ~(1u << TD_CRIT_ITEM);
	/* a blank sheet: "chưa chấm", naming the file and the unit, never zeros */
	r = read_one(c, out.paths[1]);
	assert_int_equal(count(&r, "score.unscored", "Tự chấm điểm!E8"), 1);
	assert_non_null(strstr(diag_at(&r, "score.unscored")->message_vi, "Sở Tư pháp"));
	assert_non_null(strstr(diag_at(&r, "score.unscored")->message_en, out.paths[1]));
	assert_int_equal(count(&r, "score.empty", NULL), 0);
	assert_true(r.set.n == 1 && r.set.sheets[0].blank);
	run_free(&r);
	/* the body's sheet: identified by "@STC", only its rows, no
	 * verification pair; its tables for the four units */
	for (i = 0; i < 4; i++) {
		static const char *const t[4] = { "A", "B", "C", "D" };
		load_generated(&bs[i], out.paths[4], t[i]);
		fs_num(&bs[i], gen_row(&bs[i], "I.5", TD_BODY_COL_CODE), TD_COL_SELF_IN, 800, NULL);
		fs_num(&bs[i], gen_row(&bs[i], "I.5.1", TD_BODY_COL_CODE), TD_COL_SELF_IN, 100, NULL);
	}
	fs_del(&bs[3], gen_row(&bs[3], "I.5", TD_BODY_COL_CODE), TD_COL_SELF_IN);
	write_fods(pb, bs, 4);
	in[0] = pb;
	in[1] = p;
	r = read_inputs(c, in, 1);
	assert_int_equal(r.set.n, 4);
	for (i = 0; i < 4; i++) {
		s = &r.set.sheets[i];
		assert_int_equal(s->body, 0);
		assert_int_equal(s->unit, i);
		assert_int_equal(s->scorer, SIZE_MAX);
		assert_string_equal(s->id.scorer_code, "@STC");
	}
	assert_true(r.set.sheets[0].rows[1].has_self); /* I.5 */
	assert_int_equal(r.set.sheets[0].rows[1].self, 800);
	assert_null(r.set.sheets[0].rows[1].where_cluster);
	/* D's I.5 left empty: an item of the body, an error at its cell */
	assert_int_equal(count(&r, "score.empty", "D!E11"), 1);
	assert_int_equal(count(&r, "score.missing-body-sheet", NULL), 0);
	run_free(&r);
	/* the same file twice: duplicates; no body file at all: missing */
	in[1] = pb;
	{
		char *pb2 = fpath(f, "rules/stc2.fods");
		write_fods(pb2, bs, 4);
		in[1] = pb2;
		r = read_inputs(c, in, 2);
		assert_int_equal(count(&r, "score.duplicate-unit", NULL), 4);
		run_free(&r);
		free(pb2);
	}
	r = read_one(c, p);
	assert_int_equal(count(&r, "score.missing-body-sheet", NULL), 1);
	assert_non_null(strstr(diag_at(&r, "score.missing-body-sheet")->message_vi, "Sở Tài chính"));
	run_free(&r);
#undef E
	thidua_paths_free(&out);
	thidua_diags_free(d);
	thidua_cluster_free(c);
	free(dir);
	free(p);
	free(px);
	free(pb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(clean_sheet_reads_exact_scores, setup, teardown),
		cmocka_unit_test_setup_teardown(every_problem_has_its_cell, setup, teardown),
		cmocka_unit_test_setup_teardown(messages_name_the_values, setup, teardown),
		cmocka_unit_test_setup_teardown(reordered_and_inserted_rows_are_read_by_code, setup, teardown),
		cmocka_unit_test_setup_teardown(inserted_top_row_and_column, setup, teardown),
		cmocka_unit_test_setup_teardown(folders_duplicates_and_missing_units, setup, teardown),
		cmocka_unit_test_setup_teardown(unreadable_files_are_named, setup, teardown),
		cmocka_unit_test_setup_teardown(huge_empty_areas_cost_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(xlsx_details, setup, teardown),
		cmocka_unit_test_setup_teardown(xlsx_shared_formula_in_score_cell, setup, teardown),
		cmocka_unit_test_setup_teardown(xlsx_malformed_references, setup, teardown),
		cmocka_unit_test_setup_teardown(cross_scoring_and_khoi, setup, teardown),
		cmocka_unit_test_setup_teardown(exact_decimal_values, setup, teardown),
		cmocka_unit_test_setup_teardown(round_trip_with_generator, setup, teardown),
		cmocka_unit_test_setup_teardown(entries_by_method, setup, teardown),
		cmocka_unit_test_setup_teardown(allocation_failures, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
