/* load_rules.c - the scoring rules' sheets of a cluster workbook: Đơn vị
 * chấm (scoring bodies), Tiêu chí (codes as written, kinds, Cách chấm,
 * points, floors, bodies, bars), Xếp loại (bands) and Chỉ tiêu giao (each
 * unit's targets), as docs/data-format.md describes them. */
#include "model/book_int.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

/* ---- Đơn vị chấm ---------------------------------------------------------- */

enum { B_CODE, B_NAME, B_N };

static void body_row(bload *b, const bsheet *s, uint32_t row, void *arg)
{
	thidua_cluster *c = b->c;
	int *said = arg;
	td_body *y;

	if (c->n_bodies >= TD_MAX_UNITS) {
		td_bk_too_many(b, s, row, "đơn vị chấm / scoring bodies", TD_MAX_UNITS, said);
		return;
	}
	if (td_m_grow((void **)&c->bodies, c->n_bodies, sizeof *c->bodies)) {
		td_m_oom(&b->m);
		return;
	}
	y = &c->bodies[c->n_bodies++];
	memset(y, 0, sizeof *y);
	y->where = td_bk_where_dup(b, s->name, row, 0);
	y->code = td_bk_text_bad(b, s, row, B_CODE, 0, &y->bad, TD_BAD_CODE);
	y->name = td_bk_text_bad(b, s, row, B_NAME, 0, &y->bad, TD_BAD_NAME);
}

void td_bk_load_bodies(bload *b)
{
	static const col_def cols[B_N] = { { "Mã", 1, "Mã đơn vị chấm" }, { "Tên", 1, "Tên đơn vị chấm" } };
	bsheet s;
	int said = 0;

	if (td_bk_find_sheet(b, &s, "Đơn vị chấm", cols, B_N, 0))
		return;
	td_bk_each_row(b, &s, B_N, body_row, &said);
}

/* ---- Tiêu chí ----------------------------------------------------------- */

typedef struct crit_state {
	int said;
	unsigned char *segkind;  /* TD_SEG_* of each row's last segment */
	unsigned char *written;  /* each row's Cách chấm was written */
	size_t cap;
} crit_state;

static const char *place_error_vi(int rc)
{
	switch (rc) {
	case TD_PLACE_BAD_SEGMENT:
		return "không phải là mã: mỗi phần của mã là số La Mã (I, II), số (1, 2), chữ cái (a, b, c, d, đ, e, g ... y; không có f, j, w, z) hoặc chữ in hoa cho phần lớn (A, B, C)";
	case TD_PLACE_TOO_DEEP:
		return "quá 8 cấp";
	default:
		return "không xếp được dưới hàng nào ở trên: hãy ghi mã đầy đủ (ví dụ II.1.1), hoặc bắt đầu cấp mới bằng 1, a, I hay A dưới mục cha";
	}
}

static const char *place_error_en(int rc)
{
	switch (rc) {
	case TD_PLACE_BAD_SEGMENT:
		return "is not a code: each part of a code is a Roman numeral (I, II), a number (1, 2), a letter (a, b, c, d, đ, e, g ... y; no f, j, w, z) or a capital for a part (A, B, C)";
	case TD_PLACE_TOO_DEEP:
		return "has more than 8 levels";
	default:
		return "cannot be placed under any row above: write the full code (e.g. II.1.1), or start a new level with 1, a, I or A under its parent";
	}
}

/* Không xét khen: a word (x, Có, Tất cả, Không) or award names one a line. */
static void read_bars(bload *b, const bsheet *s, uint32_t row, td_criterion *k)
{
	const td_cell *cell = td_bk_cell(s, row, TD_CF_BARS);
	char *t;
	td_bar bar;
	int rc;

	if (cell && cell->type == TD_CELL_BOOL && cell->value) {
		k->bars = strcmp(cell->value, "true") == 0 ? TD_BAR_FIRST : TD_BAR_NONE;
		return;
	}
	t = td_bk_text_bad(b, s, row, TD_CF_BARS, 1, &k->bad, TD_BAD_BARS);
	if (!t)
		return;
	rc = td_m_parse_bar_word(&bar, t);
	if (rc < 0) {
		td_m_oom(&b->m);
	} else if (rc == 0) {
		k->bars = bar;
	} else {
		char *p = t;

		k->bars = TD_BAR_NAMED;
		while (p && !b->m.fatal) {
			char *nl = strchr(p, '\n'), *one;

			if (nl)
				*nl = '\0';
			one = td_strdup(p);
			if (!one || td_m_grow((void **)&k->bar_awards, k->n_bar_awards, sizeof *k->bar_awards)) {
				td_free(one);
				td_m_oom(&b->m);
				break;
			}
			k->bar_awards[k->n_bar_awards++] = one;
			p = nl ? nl + 1 : NULL;
		}
	}
	td_free(t);
}

/* Đơn vị chấm of a row: a code of the Đơn vị chấm sheet. */
static void read_body(bload *b, const bsheet *s, uint32_t row, td_criterion *k)
{
	const thidua_cluster *c = b->c;
	char buf[TD_BK_WHERE], *t = td_bk_text_bad(b, s, row, TD_CF_BODY, 0, &k->bad, TD_BAD_BODY);
	size_t i;

	if (!t)
		return;
	for (i = 0; i < c->n_bodies && k->body == SIZE_MAX; i++) {
		char *a = NULL, *z = NULL;

		if (!c->bodies[i].code)
			continue;
		if (td_text_match_key(&a, t) || td_text_match_key(&z, c->bodies[i].code))
			td_m_oom(&b->m);
		else if (strcmp(a, z) == 0)
			k->body = i;
		td_free(a);
		td_free(z);
	}
	if (k->body == SIZE_MAX && !b->m.fatal) {
		k->bad |= TD_BAD_BODY;
		td_m_error(&b->m, "data.unknown-body", td_bk_where(buf, s->name, row, s->col[TD_CF_BODY]),
		           "Đơn vị chấm \"%s\" không có ở trang \"Đơn vị chấm\" (cột Mã); để trống khi đơn vị tự chấm và %s thẩm định.",
		           "Đơn vị chấm (scoring body) \"%s\" is not on the \"Đơn vị chấm\" sheet (column Mã); leave it empty when the unit scores itself and the head verifies (%s).",
		           t, c->kind == TD_KIND_KHOI ? "Khối" : "Cụm");
	}
	td_free(t);
}

static void crit_kind(bload *b, const bsheet *s, uint32_t row, td_criterion *k)
{
	const thidua_cluster *c = b->c;
	char buf[TD_BK_WHERE], *word = td_bk_text_bad(b, s, row, TD_CF_KIND, 0, &k->bad, TD_BAD_KIND);
	size_t j;
	int rc;

	if (word) {
		rc = td_m_parse_crit_kind(&k->kind, word);
		if (rc < 0) {
			td_m_oom(&b->m);
		} else if (rc) {
			td_m_error(&b->m, "data.bad-kind", td_bk_where(buf, s->name, row, s->col[TD_CF_KIND]),
			           "Loại \"%s\" không hợp lệ: cần \"Phần\", \"Tiêu chí\", \"Cộng\", \"Trừ\" hoặc \"Điều kiện\".",
			           "Kind \"%s\" is not valid: expected \"Phần\" (section), \"Tiêu chí\" (criterion), \"Cộng\" (bonus), \"Trừ\" (deduction) or \"Điều kiện\" (condition).",
			           word);
			k->kind = k->parent == SIZE_MAX ? TD_CRIT_SECTION : TD_CRIT_ITEM;
			k->bad |= TD_BAD_KIND;
		}
		td_free(word);
		return;
	}
	if (k->bad & TD_BAD_KIND)
		return;
	if (k->parent == SIZE_MAX && !(k->bad & TD_BAD_CODE)) {
		td_crit_kind h;

		k->kind = TD_CRIT_SECTION;
		rc = td_m_rule_heading(&h, k->text);
		if (rc < 0) {
			td_m_oom(&b->m);
		} else if (rc) {
			td_m_error(&b->m, "data.missing-kind", td_bk_where(buf, s->name, row, s->col[TD_CF_KIND]),
			           "\"%.60s\" là phần điểm %s%.0s nhưng cột Loại để trống, nên sẽ bị tính như điểm các tiêu chí: hãy ghi Loại = \"%s\".",
			           "\"%.60s\" is a %.0s%s section but its Loại (kind) is empty, so it would count as base points: write Loại = \"%s\".",
			           k->text, h == TD_CRIT_BONUS ? "cộng" : "trừ",
			           h == TD_CRIT_BONUS ? "bonus" : "deduction", td_crit_kind_label(h));
			k->bad |= TD_BAD_KIND;
		}
		return;
	}
	/* the kind of the nearest ancestor that is not a Phần */
	k->kind = TD_CRIT_ITEM;
	for (j = k->parent; j != SIZE_MAX; j = c->criteria[j].parent)
		if (c->criteria[j].kind != TD_CRIT_SECTION) {
			k->kind = c->criteria[j].kind;
			break;
		}
}

static void crit_row(bload *b, const bsheet *s, uint32_t row, void *arg)
{
	crit_state *st = arg;
	thidua_cluster *c = b->c;
	td_criterion *k;
	char buf[TD_BK_WHERE], *label, *word;
	size_t n = c->n_criteria;
	unsigned segk = 0;
	int rc;

	if (c->n_criteria >= TD_MAX_CRITERIA) {
		td_bk_too_many(b, s, row, "tiêu chí / criteria", TD_MAX_CRITERIA, &st->said);
		return;
	}
	if (n >= st->cap) {
		size_t ncap = st->cap ? st->cap * 2 : 64;
		unsigned char *a = td_realloc(st->segkind, ncap), *w;

		if (!a) {
			td_m_oom(&b->m);
			return;
		}
		st->segkind = a;
		w = td_realloc(st->written, ncap);
		if (!w) {
			td_m_oom(&b->m);
			return;
		}
		st->written = w;
		st->cap = ncap;
	}
	if (td_m_grow((void **)&c->criteria, c->n_criteria, sizeof *c->criteria)) {
		td_m_oom(&b->m);
		return;
	}
	k = &c->criteria[c->n_criteria++];
	memset(k, 0, sizeof *k);
	k->parent = SIZE_MAX;
	k->body = SIZE_MAX;
	st->segkind[n] = 0;
	st->written[n] = 0;
	k->where = td_bk_where_dup(b, s->name, row, 0);
	label = td_bk_text_bad(b, s, row, TD_CF_CODE, 0, &k->bad, TD_BAD_CODE);
	if (label) {
		rc = td_crit_place(&k->code, &segk, &k->parent, label, c, n, st->segkind);
		if (rc < 0) {
			td_m_oom(&b->m);
		} else if (rc == TD_PLACE_NO_PARENT && strchr(label, '.') && label[strlen(label) - 1] != '.') {
			td_m_error(&b->m, "data.unknown-parent", td_bk_where(buf, s->name, row, s->col[TD_CF_CODE]),
			           "Mã \"%s\": không có hàng nào ở trên là mục cha của nó (thêm hàng mục cha phía trên, hoặc sửa mã).",
			           "Code \"%s\": no row above is its parent (add the parent's row above it, or correct the code).",
			           label);
			k->bad |= TD_BAD_CODE;
		} else if (rc) {
			td_m_error(&b->m, "data.bad-code", td_bk_where(buf, s->name, row, s->col[TD_CF_CODE]),
			           "Mã \"%s\" %s.%.0s", "Code \"%s\" %.0s%s.", label, place_error_vi(rc), place_error_en(rc));
			k->bad |= TD_BAD_CODE;
		}
		st->segkind[n] = (unsigned char)segk;
		k->label = label;
	}
	k->text = td_bk_text(b, s, row, TD_CF_TEXT, 0);
	k->note = td_bk_text(b, s, row, TD_CF_NOTE, 0);
	k->measure = td_bk_text(b, s, row, TD_CF_MEASURE, 0);
	if (td_bk_number(b, s, row, TD_CF_MAX, "Điểm chuẩn", 0, &k->max) == VAL_BAD)
		k->bad |= TD_BAD_MAX;
	if (td_bk_number(b, s, row, TD_CF_PER, "Điểm mỗi lần", 0, &k->per_event) == VAL_BAD)
		k->bad |= TD_BAD_PER_EVENT;
	if (td_bk_number(b, s, row, TD_CF_CAP, "Tối đa", 0, &k->cap) == VAL_BAD)
		k->bad |= TD_BAD_CAP;
	rc = td_bk_number(b, s, row, TD_CF_FLOOR, "Điểm sàn", 0, &k->floor);
	if (rc == VAL_BAD)
		k->bad |= TD_BAD_FLOOR;
	k->has_floor = rc == VAL_OK;
	td_bk_bool(b, s, row, TD_CF_KEEP, &k->keep_max);
	read_bars(b, s, row, k);
	read_body(b, s, row, k);
	crit_kind(b, s, row, k);
	word = td_bk_text_bad(b, s, row, TD_CF_METHOD, 0, &k->bad, TD_BAD_METHOD);
	if (word) {
		st->written[n] = 1;
		rc = td_m_parse_method(&k->method, word);
		if (rc < 0) {
			td_m_oom(&b->m);
		} else if (rc) {
			td_m_error(&b->m, "data.bad-method", td_bk_where(buf, s->name, row, s->col[TD_CF_METHOD]),
			           "Cách chấm \"%s\" không hợp lệ: cần \"Chấm trực tiếp\", \"Định tính\", \"Chấm thẳng\", \"Định lượng\" hoặc \"Dẫn đầu cụm\" (để trống là chấm trực tiếp; với Cộng/Trừ có Điểm mỗi lần là chấm thẳng).",
			           "Cách chấm (method) \"%s\" is not valid: expected \"Chấm trực tiếp\" (direct), \"Định tính\" (pass/fail), \"Chấm thẳng\" (per event), \"Định lượng\" (against a target) or \"Dẫn đầu cụm\" (against the cluster's leader); empty is direct, or per event for Cộng/Trừ.",
			           word);
			k->bad |= TD_BAD_METHOD;
		} else if (k->method == TD_METHOD_DIRECT && k->per_event > 0) {
			td_m_error(&b->m, "data.unused-value", td_bk_where(buf, s->name, row, s->col[TD_CF_PER]),
			           "Điểm mỗi lần chỉ dùng khi chấm theo số lần (Cách chấm \"Chấm thẳng\"), còn Cách chấm ở đây là \"%s\": bỏ Điểm mỗi lần, hoặc sửa Cách chấm.",
			           "Điểm mỗi lần (points per event) is used only when scoring per event (Cách chấm \"Chấm thẳng\") but Cách chấm here is \"%s\": remove Điểm mỗi lần or correct Cách chấm.",
			           word);
			k->bad |= TD_BAD_PER_EVENT;
		}
		td_free(word);
	}
}

void td_bk_load_criteria(bload *b)
{
	static const col_def cols[TD_CF_N] = {
		{ "Mã", 1, "TT|STT|Số TT|Mã số|Mã tiêu chí" },
		{ "Nội dung", 1, "Nội dung tiêu chí|Tiêu chí|Nội dung chấm điểm|Nội dung đánh giá" },
		{ "Điểm chuẩn", 1, "Điểm tối đa|Thang điểm" },
		{ "Loại", 0, "Loại tiêu chí" },
		{ "Cách chấm", 0, "Cách tính điểm|Phương pháp chấm" },
		{ "Điểm mỗi lần", 0, "Điểm/lần|Điểm một lần" },
		{ "Tối đa", 0, "Mức tối đa" },
		{ "Điểm sàn", 0, NULL },
		{ "Giữ điểm chuẩn", 0, NULL },
		{ "Đơn vị tính", 0, "ĐVT" },
		{ "Đơn vị chấm", 0, "Cơ quan chấm" },
		{ "Không xét khen", 0, NULL },
		{ "Ghi chú", 0, NULL }
	};
	crit_state st;
	bsheet s;
	int i;

	memset(&st, 0, sizeof st);
	if (td_bk_find_sheet(b, &s, "Tiêu chí", cols, TD_CF_N, 1))
		return;
	for (i = 0; i < TD_CF_N; i++)
		b->c->crit_col[i] = s.col[i];
	td_bk_each_row(b, &s, TD_CF_N, crit_row, &st);
	td_cluster_link_criteria(b->c);
	if (!b->m.fatal && b->c->n_criteria)
		td_m_default_methods(b->c, st.written);
	td_free(st.segkind);
	td_free(st.written);
}

/* ---- Xếp loại ----------------------------------------------------------- */

enum { XL_NAME, XL_MIN, XL_CRIT, XL_SEC, XL_N };

static void band_row(bload *b, const bsheet *s, uint32_t row, void *arg)
{
	thidua_cluster *c = b->c;
	int *said = arg, rc;
	td_band *y;

	if (c->n_bands >= TD_MAX_AWARDS) {
		td_bk_too_many(b, s, row, "xếp loại / bands", TD_MAX_AWARDS, said);
		return;
	}
	if (td_m_grow((void **)&c->bands, c->n_bands, sizeof *c->bands)) {
		td_m_oom(&b->m);
		return;
	}
	y = &c->bands[c->n_bands++];
	memset(y, 0, sizeof *y);
	y->min_crit_pct = y->min_section_pct = -1;
	y->where = td_bk_where_dup(b, s->name, row, 0);
	y->name = td_bk_text_bad(b, s, row, XL_NAME, 0, &y->bad, TD_BAD_NAME);
	rc = td_bk_number(b, s, row, XL_MIN, "Điểm tối thiểu", 0, &y->min_total);
	if (rc == VAL_BAD)
		y->bad |= TD_BAD_MIN;
	y->has_min_total = rc == VAL_OK;
	if (td_bk_percent(b, s, row, XL_CRIT, "Tiêu chí không dưới (%)", &y->min_crit_pct) == VAL_BAD)
		y->bad |= TD_BAD_PCT;
	if (td_bk_percent(b, s, row, XL_SEC, "Phần không dưới (%)", &y->min_section_pct) == VAL_BAD)
		y->bad |= TD_BAD_PCT;
}

void td_bk_load_bands(bload *b)
{
	static const col_def cols[XL_N] = {
		{ "Xếp loại", 1, "Mức xếp loại" }, { "Điểm tối thiểu", 0, "Điểm từ" },
		{ "Tiêu chí không dưới (%)", 0, "Tiêu chí không dưới" },
		{ "Phần không dưới (%)", 0, "Phần không dưới" }
	};
	bsheet s;
	int said = 0, i;

	if (td_bk_find_sheet(b, &s, "Xếp loại", cols, XL_N, 0))
		return;
	for (i = 0; i < XL_N; i++)
		b->c->band_col[i] = s.col[i];
	td_bk_each_row(b, &s, XL_N, band_row, &said);
}

/* ---- Chỉ tiêu giao ------------------------------------------------------- */

enum { T_UNIT, T_CRIT, T_VALUE, T_N };

/* A unit by its code or its name; SIZE_MAX when none. */
static size_t find_unit(bload *b, const char *t)
{
	const thidua_cluster *c = b->c;
	char *key = NULL, *u = NULL;
	size_t i, found = SIZE_MAX;

	if (td_text_match_key(&key, t)) {
		td_m_oom(&b->m);
		return SIZE_MAX;
	}
	for (i = 0; i < c->n_units && found == SIZE_MAX; i++) {
		const char *names[2] = { c->units[i].code, c->units[i].name };
		int j;

		for (j = 0; j < 2 && found == SIZE_MAX; j++) {
			if (!names[j])
				continue;
			if (td_text_match_key(&u, names[j])) {
				td_m_oom(&b->m);
				i = c->n_units;
				break;
			}
			if (strcmp(u, key) == 0)
				found = i;
			td_free(u);
			u = NULL;
		}
	}
	td_free(u);
	td_free(key);
	return found;
}

static void target_row(bload *b, const bsheet *s, uint32_t row, void *arg)
{
	thidua_cluster *c = b->c;
	int *said = arg, rc;
	char buf[TD_BK_WHERE], *ut, *kt, *code = NULL;
	size_t unit = SIZE_MAX, crit = SIZE_MAX, i;
	int64_t v = 0;
	td_target *t;

	ut = td_bk_text(b, s, row, T_UNIT, 0);
	kt = td_bk_text(b, s, row, T_CRIT, 0);
	rc = td_bk_number(b, s, row, T_VALUE, "Chỉ tiêu", 0, &v);
	if (b->m.fatal)
		goto done;
	if (!ut)
		td_m_error(&b->m, "data.missing-value", td_bk_where(buf, s->name, row, s->col[T_UNIT]),
		           "Chưa ghi Đơn vị (mã hoặc tên đơn vị) cho chỉ tiêu này.",
		           "No Đơn vị (a unit's code or name) is given for this target.");
	else if ((unit = find_unit(b, ut)) == SIZE_MAX && !b->m.fatal)
		td_m_error(&b->m, "data.unknown-unit", td_bk_where(buf, s->name, row, s->col[T_UNIT]),
		           "\"%s\" không phải là mã hay tên đơn vị nào ở trang \"Đơn vị\".",
		           "\"%s\" is neither the code nor the name of a unit of the \"Đơn vị\" sheet.", ut);
	if (!kt) {
		td_m_error(&b->m, "data.missing-value", td_bk_where(buf, s->name, row, s->col[T_CRIT]),
		           "Chưa ghi Tiêu chí (mã đầy đủ, ví dụ I.1.2) cho chỉ tiêu này.",
		           "No Tiêu chí (the full code, e.g. I.1.2) is given for this target.");
	} else {
		/* the full code; "1.2." written with its marks is the same */
		size_t n = strlen(kt);
		while (n && (kt[n - 1] == '.' || kt[n - 1] == ')'))
			n--;
		code = td_strndup(kt, n);
		if (!code) {
			td_m_oom(&b->m);
			goto done;
		}
		for (i = 0; i < c->n_criteria && crit == SIZE_MAX; i++)
			if (c->criteria[i].code && strcmp(c->criteria[i].code, code) == 0)
				crit = i;
		if (crit == SIZE_MAX)
			td_m_error(&b->m, "data.unknown-criterion", td_bk_where(buf, s->name, row, s->col[T_CRIT]),
			           "Không có tiêu chí mã \"%s\" ở trang \"Tiêu chí\" (ghi mã đầy đủ, ví dụ II.1.2).",
			           "There is no criterion \"%s\" on the \"Tiêu chí\" sheet (write the full code, e.g. II.1.2).",
			           kt);
		else if (c->criteria[crit].method != TD_METHOD_TARGET &&
		         c->criteria[crit].method != TD_METHOD_LEADER)
			td_m_error(&b->m, "data.bad-target", td_bk_where(buf, s->name, row, s->col[T_CRIT]),
			           "Tiêu chí \"%s\" không chấm theo chỉ tiêu (Cách chấm \"Định lượng\" hoặc \"Dẫn đầu cụm\"), nên không cần chỉ tiêu giao.",
			           "Criterion \"%s\" is not scored against a target (Cách chấm \"Định lượng\" or \"Dẫn đầu cụm\"), so it takes no target.",
			           kt);
	}
	if (rc == VAL_EMPTY || (rc == VAL_OK && v <= 0)) {
		td_m_error(&b->m, "data.bad-number", td_bk_where(buf, s->name, row, s->col[T_VALUE]),
		           "Chỉ tiêu phải là một số lớn hơn 0.", "The target must be a number above 0.");
		rc = VAL_BAD;
	}
	if (rc != VAL_OK || unit == SIZE_MAX || crit == SIZE_MAX || b->m.fatal)
		goto done;
	for (i = 0; i < c->n_targets_given; i++)
		if (c->targets_given[i].unit == unit && c->targets_given[i].crit == crit) {
			td_m_error(&b->m, "data.duplicate-target", td_bk_where(buf, s->name, row, s->col[T_UNIT]),
			           "Chỉ tiêu của đơn vị \"%s\" cho tiêu chí \"%s\" đã có ở %s.",
			           "The target of unit \"%s\" for criterion \"%s\" is already given at %s.",
			           ut, kt, c->targets_given[i].where ? c->targets_given[i].where : "?");
			goto done;
		}
	if (c->n_targets_given >= (size_t)TD_MAX_UNITS * 20) {
		td_bk_too_many(b, s, row, "chỉ tiêu / targets", TD_MAX_UNITS * 20, said);
		goto done;
	}
	if (td_m_grow((void **)&c->targets_given, c->n_targets_given, sizeof *c->targets_given)) {
		td_m_oom(&b->m);
		goto done;
	}
	t = &c->targets_given[c->n_targets_given++];
	t->unit = unit;
	t->crit = crit;
	t->value = v;
	t->where = td_bk_where_dup(b, s->name, row, s->col[T_VALUE]);
done:
	td_free(code);
	td_free(ut);
	td_free(kt);
}

void td_bk_load_targets(bload *b)
{
	static const col_def cols[T_N] = {
		{ "Đơn vị", 1, "Mã đơn vị" }, { "Tiêu chí", 1, "Mã tiêu chí" }, { "Chỉ tiêu", 1, "Chỉ tiêu giao" }
	};
	bsheet s;
	int said = 0;

	if (td_bk_find_sheet(b, &s, "Chỉ tiêu giao", cols, T_N, 0))
		return;
	td_bk_each_row(b, &s, T_N, target_row, &said);
}
