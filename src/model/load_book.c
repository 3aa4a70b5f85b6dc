/* load_book.c - loading a cluster from a Calc workbook (.ods / .fods): the
 * sheets Cụm, Đơn vị, Căn cứ, Nội dung and Khen thưởng, the order of the
 * whole load and the sheets it does not know (docs/data-format.md); the
 * scoring rules' sheets are in load_rules.c, the cell readers in book.c. */
#include "model/book_int.h"
#include "model/content.h"
#include "odf/package.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* ---- Cụm ---------------------------------------------------------------- */

enum { CI_LOAI, CI_TEN, CI_CQ, CI_NAM, CI_DIADANH, CI_NGAYKY, CI_SO, CI_CHUDE, CI_KHAUHIEU,
       CI_NOINHAN, CI_GHICHU, CI_BUOC, CI_CHEO, CI_BOCUCTRI, CI_XEPHANG, CI_EMPTY0,
       CI_CK, CI_CK_QH, CI_CK_CV, CI_CK_NK, CI_PHULUC, CI_SOCOT, CI_N };
static const char *const cum_items[CI_N] = {
	"Loại", "Tên", "Cơ quan chủ quản", "Năm", "Địa danh", "Ngày ký", "Số ký hiệu",
	"Chủ đề", "Khẩu hiệu", "Nơi nhận", "Ghi chú", "Bước điểm", "Chấm chéo",
	"Bỏ điểm cao nhất và thấp nhất", "Tiêu chí xếp hạng phụ", "Ô trống tính là 0",
	"Chứng kiến", "Quyền hạn ký chứng kiến", "Chức vụ chứng kiến", "Người ký chứng kiến",
	"Phụ lục tiêu chí", "Số cột chữ ký"
};
static const unsigned cum_bad[CI_N] = {
	TD_BAD_KIND, TD_BAD_NAME, 0, TD_BAD_YEAR, TD_BAD_PLACE, TD_BAD_DATE, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
};
static const int cum_required[CI_N] = { 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                        0, 0, 0, 0, 0, 0 };

/* Ô trống tính là 0: kinds (Loại words), one a line. */
static void parse_empty_zero(bload *b, const char *val, const char *where)
{
	const char *p = val;

	while (p && *p && !b->m.fatal) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = td_strndup(p, n);
		td_crit_kind k;
		int rc;

		p = nl ? nl + 1 : NULL;
		if (!line) {
			td_m_oom(&b->m);
			return;
		}
		rc = td_m_parse_crit_kind(&k, line);
		if (rc < 0)
			td_m_oom(&b->m);
		else if (rc || k == TD_CRIT_SECTION)
			td_m_error(&b->m, "data.bad-value", where,
			           "Ô trống tính là 0: \"%s\" không hợp lệ: cần mỗi dòng một loại \"Tiêu chí\", \"Cộng\", \"Trừ\" hoặc \"Điều kiện\".",
			           "Ô trống tính là 0 (empty counts as 0): \"%s\" is not valid: expected one kind a line, \"Tiêu chí\", \"Cộng\", \"Trừ\" or \"Điều kiện\".",
			           line);
		else
			b->c->empty_zero |= 1u << k;
		td_free(line);
	}
}

/* A step of the scores that whole points can be reached with: 0,01 to 1
 * point, dividing 1 point (0,25, 0,5, 0,1, 1 ...). */
static int step_ok(int64_t h)
{
	return h > 0 && h <= 100 && 100 % h == 0;
}

/* Tie-break rules as written (matched by td_text_match_key). */
static const char *const tb_labels[] = {
	"Tổng điểm các phần chính", "Điểm các phần chính", "Tổng điểm các tiêu chí",
	"Ít điểm trừ hơn", "Ít điểm trừ", "Điểm trừ ít hơn",
	"Nhiều điểm cộng hơn", "Nhiều điểm cộng", "Điểm cộng nhiều hơn",
	"Biểu quyết", "Bỏ phiếu", "Biểu quyết tại hội nghị", "Hội nghị biểu quyết"
};
static const td_tiebreak_kind tb_kinds[] = {
	TD_TIE_BASE, TD_TIE_BASE, TD_TIE_BASE,
	TD_TIE_FEWER_DEDUCT, TD_TIE_FEWER_DEDUCT, TD_TIE_FEWER_DEDUCT,
	TD_TIE_MORE_BONUS, TD_TIE_MORE_BONUS, TD_TIE_MORE_BONUS,
	TD_TIE_VOTE, TD_TIE_VOTE, TD_TIE_VOTE, TD_TIE_VOTE
};
/* "Điểm Phần I": these words, then a section code. */
static const char *const tb_section_prefixes[] = { "Điểm Phần", "Tổng điểm Phần", "Phần" };
#define TD_MAX_TIEBREAKS 20

/* A list marker at the start of a line ("1.", "2)", "a)", "-", "+", "•")
 * and a trailing ";" "." or "," are not part of the rule: *n is shortened
 * and the start returned. */
static const char *strip_marker(const char *p, size_t *n)
{
	size_t i = 0;

	while (i < *n && p[i] >= '0' && p[i] <= '9')
		i++;
	if (i == 0 && *n >= 2 && p[0] >= 'a' && p[0] <= 'z' && p[1] == ')')
		i = 1;
	if (i > 0 && i < *n && (p[i] == '.' || p[i] == ')') && i + 1 < *n && p[i + 1] == ' ')
		p += i + 2, *n -= i + 2;
	else if (*n >= 2 && (p[0] == '-' || p[0] == '+') && p[1] == ' ')
		p += 2, *n -= 2;
	else if (*n >= 4 && memcmp(p, "\xE2\x80\xA2 ", 4) == 0) /* "• " */
		p += 4, *n -= 4;
	while (*n && (p[*n - 1] == ';' || p[*n - 1] == '.' || p[*n - 1] == ',' || p[*n - 1] == ' '))
		(*n)--;
	return p;
}

/* The section code of "Điểm Phần I" (owned, upper case), NULL when the
 * line is not of that form; m.fatal on out of memory. */
static char *section_rule(bload *b, const char *line)
{
	char *key = NULL, *pk = NULL, *code = NULL;
	size_t i, n;

	if (td_text_match_key(&key, line)) {
		td_m_oom(&b->m);
		return NULL;
	}
	for (i = 0; i < sizeof tb_section_prefixes / sizeof *tb_section_prefixes && !code; i++) {
		if (td_text_match_key(&pk, tb_section_prefixes[i])) {
			td_m_oom(&b->m);
			break;
		}
		n = strlen(pk);
		if (strncmp(key, pk, n) == 0 && key[n] == ' ' && key[n + 1]) {
			char *q;

			if (!(code = td_strdup(key + n + 1))) {
				td_m_oom(&b->m);
			} else {
				for (q = code; *q; q++)
					if (*q >= 'a' && *q <= 'z')
						*q = (char)(*q - 'a' + 'A');
				if (td_crit_code_depth(code) != 0) {
					td_free(code);
					code = NULL;
				}
			}
		}
		td_free(pk);
		pk = NULL;
	}
	td_free(key);
	return code;
}

/* Tiêu chí xếp hạng phụ: one rule a line, in order. */
static void parse_tiebreaks(bload *b, const char *val, const char *where)
{
	thidua_cluster *c = b->c;
	const char *p = val;
	int said = 0;

	while (p && *p && !b->m.fatal) {
		const char *nl = strchr(p, '\n'), *t;
		size_t n = nl ? (size_t)(nl - p) : strlen(p), k = 0;
		char *line, *section = NULL, *w;
		td_tiebreak *tb;
		int rc;

		t = strip_marker(p, &n);
		p = nl ? nl + 1 : NULL;
		if (n == 0)
			continue;
		if (!(line = td_strndup(t, n))) {
			td_m_oom(&b->m);
			return;
		}
		rc = td_m_match(&k, line, tb_labels, sizeof tb_labels / sizeof *tb_labels);
		if (rc < 0) {
			td_m_oom(&b->m);
			td_free(line);
			return;
		}
		if (rc) {
			section = section_rule(b, line);
			if (!section) {
				if (!b->m.fatal)
					td_m_error(&b->m, "data.bad-tiebreak", where,
					           "Tiêu chí xếp hạng phụ \"%s\" không hợp lệ: cần mỗi dòng một trong \"Tổng điểm các phần chính\", \"Điểm Phần I\" (mã một phần), \"Ít điểm trừ hơn\", \"Nhiều điểm cộng hơn\", \"Biểu quyết\".",
					           "Tie-break rule \"%s\" is not valid: expected one a line of \"Tổng điểm các phần chính\" (base total), \"Điểm Phần I\" (a section's code), \"Ít điểm trừ hơn\" (fewer deductions), \"Nhiều điểm cộng hơn\" (more bonus), \"Biểu quyết\" (vote).",
					           line);
				td_free(line);
				continue;
			}
		}
		td_free(line);
		if (c->n_tiebreaks >= TD_MAX_TIEBREAKS) {
			if (!said)
				td_m_error(&b->m, "data.too-many", where,
				           "Quá nhiều tiêu chí xếp hạng phụ (tối đa %d); phần sau bị bỏ qua.",
				           "Too many tie-break rules (at most %d); the rest is ignored.",
				           TD_MAX_TIEBREAKS);
			said = 1;
			td_free(section);
			continue;
		}
		w = td_strdup(where);
		if (!w || td_m_grow((void **)&c->tiebreaks, c->n_tiebreaks, sizeof *c->tiebreaks)) {
			td_free(w);
			td_free(section);
			td_m_oom(&b->m);
			return;
		}
		tb = &c->tiebreaks[c->n_tiebreaks++];
		tb->kind = section ? TD_TIE_SECTION : tb_kinds[k];
		tb->section = section;
		tb->where = w;
	}
}

typedef struct cum_state {
	uint32_t seen[CI_N]; /* row + 1 where each item was given */
	int said_recipients;
} cum_state;

static void cum_row(bload *b, const bsheet *s, uint32_t row, void *arg)
{
	static const char *const kinds[] = { "Cụm", "Khối", "Cụm thi đua", "Khối thi đua" };
	cum_state *st = arg;
	thidua_cluster *c = b->c;
	char buf[TD_BK_WHERE], *muc, *val = NULL, **slot = NULL;
	size_t item = 0, rej;
	int64_t h;
	int rc;

	muc = td_bk_text(b, s, row, 0, 0);
	if (!muc)
		return;
	rc = td_m_match(&item, muc, cum_items, CI_N);
	if (rc < 0) {
		td_m_oom(&b->m);
		goto done;
	}
	if (rc) {
		td_m_warn(&b->m, "data.unknown-item", td_bk_where(buf, s->name, row, s->col[0]),
		          "Mục \"%s\" không được dùng; bỏ qua.", "Item \"%s\" is not used; ignored.", muc);
		goto done;
	}
	if (st->seen[item] && item != CI_NOINHAN && item != CI_GHICHU) {
		td_m_error(&b->m, "data.duplicate-item", td_bk_where(buf, s->name, row, s->col[0]),
		           "Mục \"%s\" có hai lần (đã có ở hàng %u).",
		           "Item \"%s\" is given twice (also on row %u).", cum_items[item],
		           (unsigned)st->seen[item]);
		goto done;
	}
	st->seen[item] = row + 1;
	switch (item) {
	case CI_NAM:
		rc = td_bk_number(b, s, row, 1, "Giá trị", 1, &h);
		if (rc == VAL_OK && (h < 0 || h / 100 > INT_MAX))
			rc = VAL_BAD;
		if (rc == VAL_OK)
			c->year = (int)(h / 100);
		break;
	case CI_NGAYKY:
		rc = td_bk_date(b, s, row, 1, &c->sign_y, &c->sign_m, &c->sign_d);
		break;
	case CI_NOINHAN:
		rej = b->m.rejected;
		val = td_bk_text(b, s, row, 1, 1);
		rc = val ? VAL_OK : b->m.rejected != rej ? VAL_BAD : VAL_EMPTY;
		if (val) {
			char *p = val;
			while (p && !b->m.fatal) {
				char *nl = strchr(p, '\n'), *line, *w;
				if (nl)
					*nl = '\0';
				if (c->n_recipients >= TD_MAX_RECIPIENTS) {
					td_bk_too_many(b, s, row, "nơi nhận / recipients", TD_MAX_RECIPIENTS,
					         &st->said_recipients);
					break;
				}
				line = td_strdup(p);
				w = td_bk_where_dup(b, s->name, row, s->col[1]);
				if (!line || !w || td_m_push_text(&c->recipients, &c->n_recipients, line, w)) {
					if (!line || !w) {
						td_free(line);
						td_free(w);
					}
					td_m_oom(&b->m);
				}
				p = nl ? nl + 1 : NULL;
			}
		}
		break;
	case CI_GHICHU:
		rc = VAL_OK;
		break;
	case CI_BUOC:
		rc = td_bk_number(b, s, row, 1, "Giá trị", 0, &h);
		if (rc == VAL_OK && !step_ok(h)) {
			td_m_error(&b->m, "data.bad-step", td_bk_where(buf, s->name, row, s->col[1]),
			           "Bước điểm \"%s\" không hợp lệ: cần 0,25 hoặc 0,5 (hay một bước chia hết 1 điểm: 0,1; 0,2; 1).",
			           "Bước điểm (step) \"%s\" is not valid: expected 0,25 or 0,5 (or a step that divides 1 point: 0,1; 0,2; 1).",
			           td_bk_raw(td_bk_cell(s, row, 1)));
			rc = VAL_BAD;
		}
		if (rc == VAL_OK)
			c->step = h;
		break;
	case CI_CHEO:
		rc = td_bk_bool(b, s, row, 1, &c->cross_scoring);
		break;
	case CI_BOCUCTRI:
		rc = td_bk_bool(b, s, row, 1, &c->drop_extremes);
		break;
	case CI_EMPTY0:
		rej = b->m.rejected;
		val = td_bk_text(b, s, row, 1, 1);
		rc = val ? VAL_OK : b->m.rejected != rej ? VAL_BAD : VAL_EMPTY;
		if (val)
			parse_empty_zero(b, val, td_bk_where(buf, s->name, row, s->col[1]));
		break;
	case CI_PHULUC:
		rc = td_bk_bool(b, s, row, 1, &c->annex_criteria);
		break;
	case CI_SOCOT:
		rc = td_bk_number(b, s, row, 1, "Giá trị", 1, &h);
		if (rc == VAL_OK && h != 200 && h != 300) {
			td_m_error(&b->m, "data.bad-number", td_bk_where(buf, s->name, row, s->col[1]),
			           "Số cột chữ ký \"%s\" không hợp lệ: cần 2 hoặc 3.",
			           "Số cột chữ ký (signature columns) \"%s\" is not valid: expected 2 or 3.",
			           td_bk_raw(td_bk_cell(s, row, 1)));
			rc = VAL_BAD;
		}
		if (rc == VAL_OK)
			c->sign_columns = (int)(h / 100);
		break;
	case CI_XEPHANG:
		rej = b->m.rejected;
		val = td_bk_text(b, s, row, 1, 1);
		rc = val ? VAL_OK : b->m.rejected != rej ? VAL_BAD : VAL_EMPTY;
		if (val)
			parse_tiebreaks(b, val, td_bk_where(buf, s->name, row, s->col[1]));
		break;
	default:
		rej = b->m.rejected;
		val = td_bk_text(b, s, row, 1, 0);
		rc = val ? VAL_OK : b->m.rejected != rej ? VAL_BAD : VAL_EMPTY;
		if (!val)
			break;
		if (item == CI_LOAI) {
			size_t k = 0;
			int r = td_m_match(&k, val, kinds, 4);
			if (r < 0)
				td_m_oom(&b->m);
			else if (r == 0)
				c->kind = k % 2 ? TD_KIND_KHOI : TD_KIND_CUM;
			else {
				td_m_error(&b->m, "data.bad-kind", td_bk_where(buf, s->name, row, s->col[1]),
				           "Loại \"%s\" không hợp lệ: cần \"Cụm\" hoặc \"Khối\".",
				           "Kind \"%s\" is not valid: expected \"Cụm\" or \"Khối\".", val);
				rc = VAL_BAD;
			}
			break;
		}
		if (item >= CI_CK && item <= CI_CK_NK && !c->witness.where)
			c->witness.where = td_bk_where_dup(b, s->name, row, s->col[0]);
		slot = item == CI_TEN ? &c->name : item == CI_CQ ? &c->parent_body
		     : item == CI_CK ? &c->witness.name : item == CI_CK_QH ? &c->witness.authority
		     : item == CI_CK_CV ? &c->witness.title : item == CI_CK_NK ? &c->witness.signer
		     : item == CI_DIADANH ? &c->place : item == CI_SO ? &c->number
		     : item == CI_CHUDE ? &c->theme : &c->slogan;
		*slot = val;
		val = NULL;
		break;
	}
	if (rc == VAL_EMPTY && cum_required[item] && !b->m.fatal)
		td_m_error(&b->m, "data.missing-value", td_bk_where(buf, s->name, row, s->col[1]),
		           "Mục \"%s\" chưa có giá trị.", "Item \"%s\" has no value.", cum_items[item]);
	if (rc != VAL_OK)
		c->bad |= cum_bad[item];
done:
	td_free(val);
	td_free(muc);
}

static void load_cum(bload *b)
{
	static const col_def cols[] = { { "Mục", 1, NULL }, { "Giá trị", 1, NULL } };
	thidua_cluster *c = b->c;
	cum_state st;
	bsheet s;
	char buf[TD_BK_WHERE];
	size_t i;

	memset(&st, 0, sizeof st);
	if (td_bk_find_sheet(b, &s, "Cụm", cols, 2, 1)) {
		c->bad |= TD_BAD_NAME | TD_BAD_PLACE | TD_BAD_YEAR | TD_BAD_DATE | TD_BAD_KIND;
		return;
	}
	c->where = td_bk_where_dup(b, s.name, 0, 0);
	td_bk_each_row(b, &s, 2, cum_row, &st);
	for (i = 0; i < CI_N && !b->m.fatal; i++)
		if (cum_required[i] && !st.seen[i]) {
			td_m_error(&b->m, "data.missing-value", td_bk_where(buf, s.name, 0, 0),
			           "Trang \"%s\" thiếu mục \"%s\" (một hàng có Mục = \"%s\").",
			           "Sheet \"%s\" lacks the item \"%s\" (a row with Mục = \"%s\").",
			           s.name, cum_items[i], cum_items[i]);
			c->bad |= cum_bad[i];
		}
}

/* ---- Đơn vị ------------------------------------------------------------- */

enum { U_ORDER, U_CODE, U_NAME, U_ROLE, U_AUTH, U_TITLE, U_SIGNER, U_GROUP, U_N };

typedef struct list_state {
	int said;
	int cur;              /* Nội dung: current section */
} list_state;

static void unit_row(bload *b, const bsheet *s, uint32_t row, void *arg)
{
	list_state *st = arg;
	thidua_cluster *c = b->c;
	td_unit *u;
	char buf[TD_BK_WHERE], *role;
	int64_t h;
	int rc;

	if (c->n_units >= TD_MAX_UNITS) {
		td_bk_too_many(b, s, row, "đơn vị / units", TD_MAX_UNITS, &st->said);
		return;
	}
	if (td_m_grow((void **)&c->units, c->n_units, sizeof *c->units)) {
		td_m_oom(&b->m);
		return;
	}
	u = &c->units[c->n_units++];
	memset(u, 0, sizeof *u);
	u->where = td_bk_where_dup(b, s->name, row, 0);
	rc = td_bk_number(b, s, row, U_ORDER, "Thứ tự", 1, &h);
	if (rc == VAL_OK && (h < 100 || h / 100 > INT_MAX)) {
		td_m_error(&b->m, "data.bad-number", td_bk_where(buf, s->name, row, s->col[U_ORDER]),
		           "Thứ tự phải là số nguyên từ 1.", "Thứ tự (order) must be a whole number from 1.");
		rc = VAL_BAD;
	}
	if (rc == VAL_OK)
		u->order = (int)(h / 100);
	else if (rc == VAL_BAD)
		u->bad |= TD_BAD_ORDER;
	u->code = td_bk_text_bad(b, s, row, U_CODE, 0, &u->bad, TD_BAD_CODE);
	u->name = td_bk_text_bad(b, s, row, U_NAME, 0, &u->bad, TD_BAD_NAME);
	/* An empty code or name is reported here, at its own cell: validation
	   knows only the row (u->where, column A). */
	if (!u->code && !(u->bad & TD_BAD_CODE)) {
		td_m_error(&b->m, "data.missing-value", td_bk_where(buf, s->name, row, s->col[U_CODE]),
		           "Đơn vị \"%s\": thiếu Mã đơn vị.", "Unit \"%s\": the unit code (Mã) is missing.",
		           u->name ? u->name : "");
		u->bad |= TD_BAD_CODE;
	}
	if (!u->name && !(u->bad & TD_BAD_NAME)) {
		td_m_error(&b->m, "data.empty-name", td_bk_where(buf, s->name, row, s->col[U_NAME]),
		           "Đơn vị có mã \"%s\" chưa có tên (cột \"Tên đơn vị\").",
		           "The unit with code \"%s\" has no name (column \"Tên đơn vị\").",
		           u->code ? u->code : "");
		u->bad |= TD_BAD_NAME;
	}
	u->authority = td_bk_text(b, s, row, U_AUTH, 0);
	u->title = td_bk_text(b, s, row, U_TITLE, 0);
	u->signer = td_bk_text(b, s, row, U_SIGNER, 0);
	u->group = td_bk_text(b, s, row, U_GROUP, 0);
	role = td_bk_text(b, s, row, U_ROLE, 0);
	u->role = TD_ROLE_MEMBER;
	u->role_kind = c->kind;
	if (role) {
		rc = td_m_parse_role(&u->role, &u->role_kind, role);
		if (rc < 0)
			td_m_oom(&b->m);
		else if (rc)
			td_m_error(&b->m, "data.bad-role", td_bk_where(buf, s->name, row, s->col[U_ROLE]),
			           "Vai trò \"%s\" không hợp lệ: cần Cụm trưởng, Cụm phó, Khối trưởng, Khối phó hoặc Thành viên.",
			           "Role \"%s\" is not valid: expected Cụm trưởng, Cụm phó, Khối trưởng, Khối phó or Thành viên.",
			           role);
		if (u->role == TD_ROLE_MEMBER)
			u->role_kind = c->kind;
		td_free(role);
	}
}

static void load_units(bload *b)
{
	static const col_def cols[U_N] = {
		{ "Thứ tự", 1, "STT|TT" }, { "Mã", 1, "Mã đơn vị" }, { "Tên đơn vị", 1, NULL },
		{ "Vai trò", 1, NULL }, { "Quyền hạn ký", 0, NULL }, { "Chức vụ", 1, NULL },
		{ "Người ký", 1, NULL }, { "Nhóm", 0, NULL }
	};
	list_state st;
	bsheet s;
	int i;

	memset(&st, 0, sizeof st);
	if (td_bk_find_sheet(b, &s, "Đơn vị", cols, U_N, 1))
		return;
	for (i = 0; i < U_N; i++)
		b->c->unit_col[i] = s.col[i];
	td_bk_each_row(b, &s, U_N, unit_row, &st);
	td_cluster_sort_units(b->c);
}

/* ---- Căn cứ, Nội dung ---------------------------------------------------- */

static void basis_row(bload *b, const bsheet *s, uint32_t row, void *arg)
{
	list_state *st = arg;
	thidua_cluster *c = b->c;
	char *t, *w;

	if (c->n_bases >= TD_MAX_BASES) {
		td_bk_too_many(b, s, row, "căn cứ / legal bases", TD_MAX_BASES, &st->said);
		return;
	}
	t = td_bk_text(b, s, row, 0, 0);
	if (!t)
		return;
	td_m_basis_trim(t);
	if (!*t) {
		td_free(t);
		return;
	}
	w = td_bk_where_dup(b, s->name, row, s->col[0]);
	if (!w) {
		td_free(t);
		return;
	}
	if (td_m_push_text(&c->bases, &c->n_bases, t, w))
		td_m_oom(&b->m);
}

static void load_bases(bload *b)
{
	static const col_def cols[] = { { "Căn cứ", 1, NULL } };
	list_state st;
	bsheet s;

	memset(&st, 0, sizeof st);
	if (td_bk_find_sheet(b, &s, "Căn cứ", cols, 1, 1))
		return;
	td_bk_each_row(b, &s, 1, basis_row, &st);
}

/* Nội dung: Mục | Nội dung | Cách đánh số. Each Mục is a section (content.c);
 * an empty Mục is the one above; the lines of a cell are kept (sub-points). */
typedef struct content_state {
	char *muc;          /* the current Mục (owned), NULL before the first */
	int said, said_sections;
	int bad;            /* the current Mục was refused: skip its rows */
} content_state;

enum { NC_MUC, NC_TEXT, NC_NUM, NC_N };

static void content_row(bload *b, const bsheet *s, uint32_t row, void *arg)
{
	content_state *st = arg;
	thidua_cluster *c = b->c;
	td_numbering num = TD_NUM_AUTO;
	char buf[TD_BK_WHERE], *muc, *t = NULL, *w, *how;
	long k;

	muc = td_bk_text(b, s, row, NC_MUC, 0);
	if (muc) {
		td_free(st->muc);
		st->muc = muc;
		st->bad = 0;
	}
	how = td_bk_text(b, s, row, NC_NUM, 0);
	if (how) {
		int rc = td_numbering_parse(&num, how);
		if (rc == -2)
			td_m_oom(&b->m);
		else if (rc)
			td_m_error(&b->m, "data.bad-value", td_bk_where(buf, s->name, row, s->col[NC_NUM]),
			           "Cách đánh số \"%s\" không hợp lệ: cần một trong " TD_NUMBERING_LIST ".",
			           "Cách đánh số (numbering) \"%s\" is not valid: expected one of " TD_NUMBERING_LIST ".",
			           how);
		td_free(how);
		if (rc)
			return;
	}
	t = td_bk_text(b, s, row, NC_TEXT, 1);
	if (!t && num == TD_NUM_AUTO)
		return;
	if (!st->muc) {
		td_m_error(&b->m, "data.missing-value", td_bk_where(buf, s->name, row, s->col[NC_MUC]),
		           "Chưa ghi Mục (ví dụ Cam kết, Chỉ tiêu, Tổ chức thực hiện hoặc tên một phần của bản giao ước) cho nội dung này.",
		           "No Mục (e.g. Cam kết, Chỉ tiêu, Tổ chức thực hiện, or the title of a part of the agreement) is given for this item.");
		td_free(t);
		return;
	}
	if (st->bad) {
		td_free(t);
		return;
	}
	k = td_content_find(c, st->muc);
	if (k < -1) {
		td_m_oom(&b->m);
		td_free(t);
		return;
	}
	if (k < 0 && c->n_sections >= TD_MAX_SECTIONS) {
		td_bk_too_many(b, s, row, "phần nội dung / sections", TD_MAX_SECTIONS, &st->said_sections);
		st->bad = 1;
		td_free(t);
		return;
	}
	if (k >= 0 && t && c->sections[k].n_items >= TD_MAX_CONTENT) {
		td_free(t);
		td_bk_too_many(b, s, row, "nội dung / items", TD_MAX_CONTENT, &st->said);
		return;
	}
	if (k >= 0 && num != TD_NUM_AUTO && c->sections[k].numbering != TD_NUM_AUTO &&
	    c->sections[k].numbering != num)
		td_m_warn(&b->m, "data.numbering-conflict", td_bk_where(buf, s->name, row, s->col[NC_NUM]),
		          "Mục \"%s\" đã có cách đánh số khác ở trên; giữ cách đã ghi trước.",
		          "Mục \"%s\" already has another numbering above; the first one is kept.",
		          st->muc);
	w = td_bk_where_dup(b, s->name, row, s->col[t ? NC_TEXT : NC_NUM]);
	if (!w) {
		td_free(t);
		return;
	}
	if (td_content_add(c, st->muc, num, t, w))
		td_m_oom(&b->m);
}

static void load_content(bload *b)
{
	static const col_def cols[] = { { "Mục", 1, NULL }, { "Nội dung", 1, NULL },
	                                { "Cách đánh số", 0, NULL } };
	content_state st;
	bsheet s;

	memset(&st, 0, sizeof st);
	if (td_bk_find_sheet(b, &s, "Nội dung", cols, NC_N, 1))
		return;
	td_bk_each_row(b, &s, NC_N, content_row, &st);
	td_free(st.muc);
}
/* ---- Khen thưởng -------------------------------------------------------- */

enum { A_NAME, A_QUOTA, A_MIN, A_VOTE, A_MIN_BAND, A_MIN_PCT, A_N };

/* Số lượng: a whole number; "20%", "không quá 20%" (of the units of each
 * group); "Không giới hạn". */
static int award_quota(bload *b, const bsheet *s, uint32_t row, td_award *a)
{
	static const char *const unlimited[] = { "Không giới hạn", "Không hạn chế", "Không giới hạn số lượng" };
	static const char *const up_to[] = { "không quá ", "tối đa ", "không vượt quá " };
	const td_cell *cell = td_bk_cell(s, row, A_QUOTA);
	const char *t = td_bk_raw(cell);
	char buf[TD_BK_WHERE], *txt = NULL, *key = NULL;
	int64_t h = 0;
	size_t i;
	int rc = VAL_BAD;

	td_bk_where(buf, s->name, row, s->col[A_QUOTA]);
	if (!t) {
		td_m_error(&b->m, "data.missing-value", buf,
		           "Chưa có Số lượng cho hình thức khen thưởng này (một số, \"20%%\", \"không quá 20%%\" hoặc \"Không giới hạn\").",
		           "No Số lượng (quota) is given for this award (a number, \"20%%\", \"không quá 20%%\" or \"Không giới hạn\").");
		return VAL_EMPTY;
	}
	if (strchr(t, '%') || cell->type == TD_CELL_STRING) {
		const char *p;

		if (cell->type == TD_CELL_FLOAT) {
			/* a percentage cell: 0.2 shown as 20% */
			if (td_m_parse_xsd_number(&h, cell->value) == 0 && h >= 0 && h <= 100) {
				a->quota_kind = TD_QUOTA_PERCENT;
				a->quota = (int)h * 100;
				return VAL_OK;
			}
			goto bad;
		}
		td_m_text(&b->m, &txt, t, strlen(t), 0, buf);
		if (!txt)
			return VAL_BAD;
		rc = td_m_match(&i, txt, unlimited, sizeof unlimited / sizeof *unlimited);
		if (rc < 0)
			goto oom;
		if (rc == 0) {
			a->quota_kind = TD_QUOTA_UNLIMITED;
			a->quota = 0;
			rc = VAL_OK;
			goto done;
		}
		if (td_text_match_key(&key, txt))
			goto oom;
		p = key;
		for (i = 0; i < sizeof up_to / sizeof *up_to; i++) {
			char *pk = NULL;

			if (td_text_match_key(&pk, up_to[i]))
				goto oom;
			if (strncmp(p, pk, strlen(pk)) == 0)
				p += strlen(pk);
			td_free(pk);
			/* the key squashes the trailing space away: also "tối đa20%" */
		}
		while (*p == ' ')
			p++;
		{
			size_t n = strlen(p);
			char *num;
			int amb = 0;

			if (n < 2 || p[n - 1] != '%')
				goto whole;
			while (n > 1 && (p[n - 2] == ' '))
				n--;
			num = td_strndup(p, n - 1);
			if (!num)
				goto oom;
			rc = td_parse_decimal(&h, num, &amb);
			td_free(num);
			if (rc != 0 || h < 0 || h > 10000)
				goto bad;
			a->quota_kind = TD_QUOTA_PERCENT;
			a->quota = (int)h;
			rc = VAL_OK;
			goto done;
		}
	}
whole:
	td_free(txt);
	td_free(key);
	txt = key = NULL;
	rc = td_bk_number(b, s, row, A_QUOTA, "Số lượng", 1, &h);
	if (rc == VAL_OK && (h < 0 || h / 100 > 100000)) {
		td_m_error(&b->m, "data.bad-number", buf,
		           "Số lượng phải là số nguyên không âm.", "Số lượng (quota) must be a whole number, 0 or more.");
		return VAL_BAD;
	}
	if (rc == VAL_OK) {
		a->quota_kind = TD_QUOTA_COUNT;
		a->quota = (int)(h / 100);
	}
	return rc;
bad:
	td_m_error(&b->m, "data.bad-number", buf,
	           "Số lượng \"%s\" không hợp lệ: cần một số nguyên, \"20%%\", \"không quá 20%%\" hoặc \"Không giới hạn\".",
	           "Số lượng (quota) \"%s\" is not valid: expected a whole number, \"20%%\", \"không quá 20%%\" or \"Không giới hạn\" (unlimited).",
	           t);
	rc = VAL_BAD;
	goto done;
oom:
	td_m_oom(&b->m);
	rc = VAL_BAD;
done:
	td_free(txt);
	td_free(key);
	return rc;
}

static void award_row(bload *b, const bsheet *s, uint32_t row, void *arg)
{
	list_state *st = arg;
	thidua_cluster *c = b->c;
	td_award *a;
	int rc;

	if (c->n_awards >= TD_MAX_AWARDS) {
		td_bk_too_many(b, s, row, "hình thức khen thưởng / awards", TD_MAX_AWARDS, &st->said);
		return;
	}
	if (td_m_grow((void **)&c->awards, c->n_awards, sizeof *c->awards)) {
		td_m_oom(&b->m);
		return;
	}
	a = &c->awards[c->n_awards++];
	memset(a, 0, sizeof *a);
	a->min_band = SIZE_MAX;
	a->min_crit_pct = -1;
	a->where = td_bk_where_dup(b, s->name, row, 0);
	a->name = td_bk_text_bad(b, s, row, A_NAME, 0, &a->bad, TD_BAD_NAME);
	rc = award_quota(b, s, row, a);
	if (rc != VAL_OK)
		a->bad |= TD_BAD_QUOTA;
	if (td_bk_number(b, s, row, A_MIN, "Điểm tối thiểu", 0, &a->min_total) == VAL_BAD)
		a->bad |= TD_BAD_MIN;
	td_bk_bool(b, s, row, A_VOTE, &a->needs_vote);
	a->min_band_name = td_bk_text_bad(b, s, row, A_MIN_BAND, 0, &a->bad, TD_BAD_BAND);
	if (td_bk_percent(b, s, row, A_MIN_PCT, "Tiêu chí không dưới (%)", &a->min_crit_pct) == VAL_BAD)
		a->bad |= TD_BAD_PCT;
}

static void load_awards(bload *b)
{
	static const col_def cols[A_N] = {
		{ "Hình thức", 1, "Hình thức khen thưởng|Danh hiệu" }, { "Số lượng", 1, NULL },
		{ "Điểm tối thiểu", 0, NULL }, { "Cần biểu quyết", 0, "Biểu quyết" },
		{ "Xếp loại tối thiểu", 0, NULL }, { "Tiêu chí không dưới (%)", 0, "Tiêu chí không dưới" }
	};
	list_state st;
	bsheet s;
	int i;

	memset(&st, 0, sizeof st);
	if (td_bk_find_sheet(b, &s, "Khen thưởng", cols, A_N, 1))
		return;
	for (i = 0; i < A_N; i++)
		b->c->award_col[i] = s.col[i];
	td_bk_each_row(b, &s, A_N, award_row, &st);
}

/* Sheets other than the known ones get a warning; Hướng dẫn and Ghi chú
 * are for people. */
static void unknown_sheets(bload *b)
{
	static const char *const known[] = {
		"Cụm", "Đơn vị", "Căn cứ", "Nội dung", "Tiêu chí", "Khen thưởng", "Đơn vị chấm",
		"Chỉ tiêu giao", "Xếp loại", "Hướng dẫn", "Ghi chú"
	};
	char buf[TD_BK_WHERE];
	size_t i, k, n = td_book_sheet_count(b->book);

	for (i = 0; i < n && !b->m.fatal; i++) {
		const char *name = td_book_sheet_name(td_book_sheet_at(b->book, i));
		int rc = td_m_match(&k, name, known, sizeof known / sizeof *known);

		if (rc < 0)
			td_m_oom(&b->m);
		else if (rc)
			td_m_warn(&b->m, "data.unknown-sheet", td_bk_where(buf, name, 0, 0),
			          "Trang tính \"%s\" không được dùng; bỏ qua.",
			          "The sheet \"%s\" is not used; ignored.", name);
	}
}

/* ---- entry points ------------------------------------------------------- */

int td_cluster_from_book(thidua_cluster **out, const td_book *book, const char *path,
                         unsigned flags,
                         thidua_diags *diags)
{
	bload b;
	int rc;

	*out = NULL;
	memset(&b, 0, sizeof b);
	b.m.diags = diags;
	b.m.file = path;
	b.m.flags = flags;
	b.book = book;
	b.c = td_cluster_new(path);
	if (!b.c)
		return THIDUA_ENOMEM;
	load_cum(&b);
	if (!b.m.fatal)
		load_units(&b);
	if (!b.m.fatal)
		load_bases(&b);
	if (!b.m.fatal)
		load_content(&b);
	if (!b.m.fatal)
		td_bk_load_bodies(&b);
	if (!b.m.fatal)
		td_bk_load_criteria(&b);
	if (!b.m.fatal)
		td_bk_load_bands(&b);
	if (!b.m.fatal)
		load_awards(&b);
	if (!b.m.fatal)
		td_bk_load_targets(&b);
	if (!b.m.fatal)
		unknown_sheets(&b);
	if (!b.m.fatal && !b.structural)
		td_m_resolve(&b.m, b.c);
	rc = b.m.fatal;
	/* With a sheet or a column missing, the cross-field checks would only
	 * repeat what is already said. */
	if (!rc && !b.structural) {
		rc = td_cluster_validate(b.c, diags);
		if (rc == THIDUA_EDATA) {
			rc = 0;
			b.m.errors++;
		}
	}
	if (!rc && b.m.errors)
		rc = THIDUA_EDATA;
	if (rc) {
		thidua_cluster_free(b.c);
		return rc;
	}
	*out = b.c;
	return 0;
}

int td_cluster_load_book(thidua_cluster **out, const char *path, unsigned flags,
                         thidua_diags *diags)
{
	td_book *book = NULL;
	td_mctx m;
	int rc;

	*out = NULL;
	memset(&m, 0, sizeof m);
	m.diags = diags;
	m.file = path;
	/* .ods or streamed .fods, within the cell reader's content budget */
	rc = td_book_read_path(&book, path, TD_MAX_BOOK_CELLS);
	if (rc && rc != THIDUA_ENOMEM) {
		const thidua_error *e = thidua_error_last();

		td_m_diag_msg(&m, THIDUA_SEV_ERROR, rc == THIDUA_EIO ? "data.unreadable"
		              : rc == THIDUA_ELIMIT ? "data.too-large" : "data.bad-file",
		              NULL, e ? e->message_vi : "Không đọc được bảng tính.",
		              e ? e->message_en : "Cannot read the workbook.");
		if (m.fatal)
			rc = m.fatal;
	}
	if (!rc)
		rc = td_cluster_from_book(out, book, path, flags, diags);
	td_book_free(book);
	return rc;
}
