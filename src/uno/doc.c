/* doc.c - what the commands do in documents: select the cell a problem
 * names (XSpreadsheetView, XSelectionSupplier), drop-down lists in a new
 * cluster workbook (the ranges' Validation property), and the user guide
 * (com.sun.star.system.SystemShellExecute). */
#include "uno/doc.h"
#include "uno/work.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small calls ------------------------------------------------------- */

/* sheets.getByName(name) as an interface (owned), or NULL. */
static uno_Interface *sheet_by_name(uno_Interface *doc, const char *name)
{
	uno_Interface *sheets = NULL, *sheet = NULL;
	rtl_uString *n = uu_str(name);
	sal_Bool has = 0;
	void *a[1] = { &n };
	uno_Any v;

	if (!n)
		return NULL;
	if (uu_call(doc, UU_M_SSDOC_GETSHEETS, &sheets, NULL, NULL) == 0 && sheets &&
	    uu_call(sheets, UU_M_NAMEACCESS_HASBYNAME, &has, a, NULL) == 0 && has &&
	    uu_call(sheets, UU_M_NAMEACCESS_GETBYNAME, &v, a, NULL) == 0) {
		sheet = uu_any_iface(&v);
		if (sheet)
			sheet->acquire(sheet);
		uno_any_destruct(&v, NULL);
	}
	rtl_uString_release(n);
	uu_release(sheets);
	return sheet;
}

static uno_Interface *cell_at(uno_Interface *range, sal_Int32 col, sal_Int32 row)
{
	uno_Interface *cell = NULL;
	void *a[2] = { &col, &row };

	if (uu_call(range, UU_M_CELLRANGE_CELL, &cell, a, NULL) < 0)
		return NULL;
	return cell;
}

/* The text of a cell (owned), or NULL. */
static char *cell_text(uno_Interface *range, sal_Int32 col, sal_Int32 row)
{
	uno_Interface *cell = cell_at(range, col, row);
	rtl_uString *s = NULL;
	char *out = NULL;

	if (cell && uu_call(cell, UU_M_TEXTRANGE_GETSTRING, &s, NULL, NULL) == 0 && s) {
		out = uu_utf8(s);
		rtl_uString_release(s);
	}
	uu_release(cell);
	return out;
}

/* obj.setPropertyValue(name, value). */
static int set_any(uno_Interface *obj, const char *name, uno_Any *value)
{
	rtl_uString *n = uu_str(name);
	void *a[2] = { &n, value };
	int rc;

	if (!n)
		return -1;
	rc = uu_call(obj, UU_M_PROPERTYSET_SETVALUE, NULL, a, NULL);
	rtl_uString_release(n);
	return rc;
}

static int set_value(uno_Interface *obj, const char *name, void *value, enum uu_type t)
{
	uno_Any any;
	int rc;

	uno_any_construct(&any, NULL, NULL, NULL);
	uu_any_set(&any, value, t);
	rc = set_any(obj, name, &any);
	uno_any_destruct(&any, NULL);
	return rc;
}

static int set_text(uno_Interface *obj, const char *name, const char *text)
{
	rtl_uString *s = uu_str(text);
	int rc;

	if (!s)
		return -1;
	rc = set_value(obj, name, &s, UU_STRING);
	rtl_uString_release(s);
	return rc;
}

/* ---- go to a cell ------------------------------------------------------- */

int tu_goto_cell(const tu_ui *u, const char *file, const char *where, char **err)
{
	const char *bang = strrchr(where, '!');
	uno_Interface *doc = NULL, *sheet = NULL, *range = NULL, *ctl = NULL, *frame = NULL, *win = NULL,
	              *top;
	rtl_uString *cell = NULL;
	char *sheet_name = NULL, msg[512];
	sal_Bool ok = 0;
	void *a[1];
	uno_Any any;
	int rc = -1;

	*err = NULL;
	tu_ui_note(u, "GOTO", where);
	if (!bang || bang == where || !bang[1])
		goto fail;
	sheet_name = malloc((size_t)(bang - where) + 1);
	if (!sheet_name)
		goto fail;
	memcpy(sheet_name, where, (size_t)(bang - where));
	sheet_name[bang - where] = '\0';
	doc = tu_ui_find_open(u, file);
	if (!doc && tu_ui_open(u, file, 0, &doc, err) < 0)
		goto cleanup;
	sheet = sheet_by_name(doc, sheet_name);
	cell = uu_str(bang + 1);
	a[0] = &cell;
	if (!sheet || !cell || uu_call(sheet, UU_M_CELLRANGE_BYNAME, &range, a, NULL) < 0 || !range)
		goto fail;
	if (uu_call(doc, UU_M_MODEL_GETCURRENTCONTROLLER, &ctl, NULL, NULL) < 0 || !ctl)
		goto fail;
	a[0] = &sheet;
	uu_call(ctl, UU_M_SSVIEW_SETACTIVESHEET, NULL, a, NULL);
	uno_any_construct(&any, NULL, NULL, NULL);
	uno_type_any_construct(&any, &range, uu_ref(UU_XCELLRANGE), NULL);
	a[0] = &any;
	if (uu_call(ctl, UU_M_SELECTION_SELECT, &ok, a, err) == 0 && ok)
		rc = 0;
	uno_any_destruct(&any, NULL);
	if (rc == 0 && uu_call(ctl, UU_M_CONTROLLER_GETFRAME, &frame, NULL, NULL) == 0 && frame) {
		uu_call(frame, UU_M_FRAME_ACTIVATE, NULL, NULL, NULL);
		if (uu_call(frame, UU_M_FRAME_GETCONTAINERWINDOW, &win, NULL, NULL) == 0 &&
		    (top = uu_query(win, UU_XTOPWINDOW)) != NULL) {
			uu_call(top, UU_M_TOPWINDOW_TOFRONT, NULL, NULL, NULL);
			uu_release(top);
		}
	}
	if (rc == 0)
		goto cleanup;
fail:
	if (!*err) {
		snprintf(msg, sizeof msg, TU_T(u, "Không tìm thấy ô %s trong %s.",
		                               "Cell %s was not found in %s."), where, file);
		*err = strdup(msg);
	}
cleanup:
	free(sheet_name);
	if (cell)
		rtl_uString_release(cell);
	uu_release(win);
	uu_release(frame);
	uu_release(ctl);
	uu_release(range);
	uu_release(sheet);
	uu_release(doc);
	return rc;
}

/* ---- drop-down lists ---------------------------------------------------- */

enum { VALIDATION_LIST = 6, SHOW_LIST_UNSORTED = 1, ROWS = 500, HEADER_SCAN = 40 };

static const struct fixed_words {
	const char *sheet;
	const char *name;      /* column header, or (by_row) the item in column A */
	int by_row;
	const char *words;     /* the list, as a Calc formula */
	int strict;            /* refuse other words (else the list only suggests) */
} lists[] = {
	{ "Cụm", "Loại", 1, "\"Cụm\";\"Khối\"", 1 },
	{ "Cụm", "Chấm chéo", 1, "\"Có\";\"Không\"", 1 },
	{ "Cụm", "Bỏ điểm cao nhất và thấp nhất", 1, "\"Có\";\"Không\"", 1 },
	/* one kind a line may be wanted: the list only suggests */
	{ "Cụm", "Ô trống tính là 0", 1, "\"Cộng\";\"Trừ\";\"Điều kiện\";\"Tiêu chí\"", 0 },
	{ "Đơn vị", "Vai trò", 0,
	  "\"Cụm trưởng\";\"Cụm phó\";\"Khối trưởng\";\"Khối phó\";\"Thành viên\"", 1 },
	{ "Đơn vị", "Quyền hạn ký", 0, "\"TM.\";\"KT.\";\"Q.\"", 0 },
	{ "Nội dung", "Mục", 0, "\"Cam kết\";\"Chỉ tiêu\";\"Tổ chức thực hiện\"", 1 },
	{ "Tiêu chí", "Loại", 0, "\"Phần\";\"Tiêu chí\";\"Cộng\";\"Trừ\";\"Điều kiện\"", 1 },
	/* the data also takes other spellings (docs/data-format.md): suggested */
	{ "Tiêu chí", "Cách chấm", 0,
	  "\"Chấm trực tiếp\";\"Định tính\";\"Chấm thẳng\";\"Định lượng\";\"Dẫn đầu cụm\";"
	  "\"Dẫn đầu khối\"", 0 },
	/* the codes of the scoring bodies, as she typed them */
	{ "Tiêu chí", "Đơn vị chấm", 0, "$'Đơn vị chấm'.$A$2:$A$500", 0 },
	{ "Tiêu chí", "Không xét khen", 0, "\"x\";\"Có\";\"Tất cả\"", 0 },
	{ "Khen thưởng", "Cần biểu quyết", 0, "\"Có\";\"Không\"", 1 },
};

/* The words of a list formula for a message: "Cụm, Khối". */
static void words_text(char *buf, size_t size, const char *formula)
{
	size_t n = 0;

	for (; *formula && n + 3 < size; formula++) {
		if (*formula == '"')
			continue;
		if (*formula == ';') {
			buf[n++] = ',';
			buf[n++] = ' ';
		} else {
			buf[n++] = *formula;
		}
	}
	buf[n] = '\0';
}

/* Put the list on range (an XCellRange). 0, or -1. */
static int add_list(uno_Interface *range, const struct fixed_words *w, thidua_lang lang)
{
	uno_Interface *val;
	rtl_uString *n = uu_str("Validation"), *f = uu_str(w->words);
	void *a[1] = { &n };
	sal_Int32 type = VALIDATION_LIST;
	sal_Int16 show = SHOW_LIST_UNSORTED;
	sal_Bool yes = 1, strict = w->strict != 0;
	char words[512], msg[1024];
	uno_Any v;
	int rc = -1;

	if (!n || !f || uu_call(range, UU_M_PROPERTYSET_GETVALUE, &v, a, NULL) < 0)
		goto cleanup;
	val = uu_any_iface(&v);
	words_text(words, sizeof words, w->words);
	if (w->words[0] == '$') /* a range: the codes of another sheet */
		snprintf(msg, sizeof msg, lang == THIDUA_LANG_EN
		                          ? "%s: choose a code of the sheet %s."
		                          : "%s: chọn một mã ở trang tính %s.", w->name, w->name);
	else
		snprintf(msg, sizeof msg, lang == THIDUA_LANG_EN ? "%s: choose one of %s."
		                                                 : "%s: chọn một trong %s.",
		         w->name, words);
	a[0] = &f;
	if (val && set_value(val, "Type", &type, UU_VALIDATIONTYPE) == 0 &&
	    set_value(val, "ShowList", &show, UU_SHORT) == 0 &&
	    set_value(val, "IgnoreBlankCells", &yes, UU_BOOLEAN) == 0 &&
	    set_value(val, "ShowErrorMessage", &strict, UU_BOOLEAN) == 0 &&
	    set_text(val, "ErrorTitle", "Thi đua") == 0 && set_text(val, "ErrorMessage", msg) == 0 &&
	    uu_call(val, UU_M_CONDITION_SETFORMULA1, NULL, a, NULL) == 0 &&
	    set_any(range, "Validation", &v) == 0)
		rc = 0;
	uno_any_destruct(&v, NULL);
cleanup:
	if (n)
		rtl_uString_release(n);
	if (f)
		rtl_uString_release(f);
	return rc;
}

/* The column whose header (row 1) is name, or the row whose column A is
 * name (by_row); -1 when none. */
static sal_Int32 find_name(uno_Interface *sheet, const char *name, int by_row)
{
	sal_Int32 i;
	char *t;
	int eq;

	for (i = 0; i < HEADER_SCAN; i++) {
		t = by_row ? cell_text(sheet, 0, i) : cell_text(sheet, i, 0);
		eq = t && strcmp(t, name) == 0;
		free(t);
		if (eq)
			return i;
	}
	return -1;
}

int tu_workbook_prepare(uno_Interface *doc, thidua_lang lang)
{
	uno_Interface *sheet, *range;
	sal_Int32 at, l, t, r, b;
	void *a[4] = { &l, &t, &r, &b };
	size_t i;
	int added = 0;

	for (i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		sheet = sheet_by_name(doc, lists[i].sheet);
		at = sheet ? find_name(sheet, lists[i].name, lists[i].by_row) : -1;
		range = NULL;
		if (at >= 0) {
			/* Cụm: the value cell (column B) of the item's row; else the
			   column below its header */
			l = lists[i].by_row ? 1 : at;
			r = l;
			t = lists[i].by_row ? at : 1;
			b = lists[i].by_row ? at : ROWS;
			if (uu_call(sheet, UU_M_CELLRANGE_BYPOSITION, &range, a, NULL) < 0)
				range = NULL;
		}
		if (range && add_list(range, &lists[i], lang) == 0)
			added++;
		uu_release(range);
		uu_release(sheet);
	}
	return added;
}

/* ---- the user guide ----------------------------------------------------- */

char *tu_help_path(thidua_lang lang)
{
	return tu_ext_file("help", lang == THIDUA_LANG_EN ? "guide-en.html" : "guide-vi.html");
}

int tu_open_guide(const tu_ui *u, const char *path, char **err)
{
	uno_Interface *sh;
	rtl_uString *url, *none = NULL;
	sal_Int32 flags = 1; /* SystemShellExecuteFlags.URIS_ONLY */
	void *a[3] = { &url, &none, &flags };
	int rc = -1;

	*err = NULL;
	tu_ui_note(u, "HELP", path);
	if (u->answer != TU_SHOW || u->quiet)
		return 0;
	url = uu_path_url(path);
	none = uu_str("");
	sh = uu_create(u->ctx, "com.sun.star.system.SystemShellExecute", NULL, NULL);
	if (sh && url && none && uu_call(sh, UU_M_SHELLEXECUTE, NULL, a, NULL) == 0)
		rc = 0;
	uu_release(sh);
	if (url)
		rtl_uString_release(url);
	if (none)
		rtl_uString_release(none);
	/* no browser: LibreOffice shows HTML too */
	return rc == 0 ? 0 : tu_ui_open(u, path, 0, NULL, err);
}
