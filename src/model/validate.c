/* validate.c - cross-field checks of a cluster (td_cluster_validate): the
 * general data, units and roles, groups, awards, the scoring rules of the
 * Cụm sheet; the criteria, bodies, targets and bands are checked in
 * validate_rules.c. */
#include "model/cluster.h"
#include "model/content.h"
#include "model/model_int.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <string.h>

static const char *nz(const char *s) { return s ? s : ""; }

const char *td_m_points(td_buf *b, int64_t h)
{
	td_buf_clear(b);
	if (td_fmt_number(b, h, -1) != 0 || td_buf_oom(b))
		return "?";
	return td_buf_cstr(b);
}

static void check_general(td_mctx *m, const thidua_cluster *c)
{
	if (!c->name && !(c->bad & TD_BAD_NAME))
		td_m_error(m, "data.missing-value", c->where,
		           "Thiếu tên cụm/khối thi đua (mục \"Tên\").",
		           "The cluster's name is missing (item \"Tên\").");
	if (!c->place && !(c->bad & TD_BAD_PLACE))
		td_m_error(m, "data.missing-value", c->where,
		           "Thiếu địa danh (mục \"Địa danh\"), ví dụ \"Hà Nội\".",
		           "The place name is missing (item \"Địa danh\"), e.g. \"Hà Nội\".");
	if (!(c->bad & TD_BAD_YEAR) && (c->year < 1945 || c->year > 2100))
		td_m_error(m, "data.bad-number", c->where,
		           "Năm %d không hợp lệ: cần một năm từ 1945 đến 2100.",
		           "Year %d is not valid: expected a year from 1945 to 2100.", c->year);
	if (!(c->bad & TD_BAD_DATE)) {
		if (!td_date_valid(c->sign_y, c->sign_m, c->sign_d))
			td_m_error(m, "data.bad-date", c->where,
			           "Thiếu ngày ký hoặc ngày ký không hợp lệ (mục \"Ngày ký\", dạng 15/02/2018).",
			           "The signing date is missing or not valid (item \"Ngày ký\", like 15/02/2018).");
		else if (!(c->bad & TD_BAD_YEAR) && c->year >= 1945 && c->year <= 2100 &&
		         c->sign_y != c->year && c->sign_y != c->year - 1)
			td_m_warn(m, "data.date-year", c->where,
			          "Ngày ký %02d/%02d/%d không thuộc năm %d (hay cuối năm trước).",
			          "The signing date %02d/%02d/%d is not in year %d (nor late in the year before).",
			          c->sign_d, c->sign_m, c->sign_y, c->year);
	}
}

/* A unit's sort key for finding duplicates: its code's match key or its
 * order, and its index, so that the first of equal keys sorts first. */
typedef struct ukey {
	char *key; /* owned: td_text_match_key of the code; NULL for orders */
	int order;
	size_t i;
} ukey;

static int cmp_code_key(const void *a, const void *b)
{
	const ukey *x = a, *y = b;
	int d = strcmp(x->key, y->key);

	return d ? d : (x->i > y->i) - (x->i < y->i);
}

static int cmp_order_key(const void *a, const void *b)
{
	const ukey *x = a, *y = b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

/* For every unit, the first unit before it with the same code (compared by
 * match key) in first_code[], with the same order in first_order[], else
 * SIZE_MAX. Keys are computed once and sorted: O(n log n) for a province's
 * ten thousand units, where comparing every pair was not. */
static int find_duplicates(td_mctx *m, const thidua_cluster *c, size_t *first_code,
                           size_t *first_order)
{
	size_t n = c->n_units, nk = 0, i, head;
	ukey *k = td_calloc(n ? n : 1, sizeof *k);

	if (!k) {
		td_m_oom(m);
		return -1;
	}
	for (i = 0; i < n; i++) {
		first_code[i] = first_order[i] = SIZE_MAX;
		if (!c->units[i].code)
			continue;
		if (td_text_match_key(&k[nk].key, c->units[i].code)) {
			td_m_oom(m);
			goto cleanup;
		}
		k[nk++].i = i;
	}
	qsort(k, nk, sizeof *k, cmp_code_key);
	for (i = 0, head = 0; i < nk; i++) {
		if (i > 0 && strcmp(k[i].key, k[head].key) == 0)
			first_code[k[i].i] = k[head].i;
		else
			head = i;
	}
	for (i = 0; i < nk; i++) {
		td_free(k[i].key);
		k[i].key = NULL;
	}
	for (i = 0, nk = 0; i < n; i++) {
		if (c->units[i].order < 1)
			continue;
		k[nk].order = c->units[i].order;
		k[nk++].i = i;
	}
	qsort(k, nk, sizeof *k, cmp_order_key);
	for (i = 0, head = 0; i < nk; i++) {
		if (i > 0 && k[i].order == k[head].order)
			first_order[k[i].i] = k[head].i;
		else
			head = i;
	}
	nk = 0;
cleanup:
	for (i = 0; i < nk; i++)
		td_free(k[i].key);
	td_free(k);
	return m->fatal ? -1 : 0;
}

static void check_units(td_mctx *m, const thidua_cluster *c)
{
	size_t i, j, heads = 0, deputies = 0;
	char wb[TD_M_WHERE];
	int groups = 0;
	size_t *first_code = NULL, *first_order = NULL;

	for (i = 0; i < c->n_units; i++)
		groups |= c->units[i].group != NULL;
	if (c->n_units == 0) {
		td_m_error(m, "data.no-units", c->where,
		           "Cụm/khối chưa có đơn vị nào (trang \"Đơn vị\").",
		           "The cluster has no units (sheet \"Đơn vị\").");
		return;
	}
	if (c->n_units > TD_MAX_UNITS)
		td_m_error(m, "data.too-many", c->units[TD_MAX_UNITS].where,
		           "Quá nhiều đơn vị: %zu (tối đa %d).", "Too many units: %zu (at most %d).",
		           c->n_units, TD_MAX_UNITS);
	if (c->cross_scoring && c->n_units > TD_MAX_CROSS_UNITS)
		td_m_error(m, "data.too-many", c->units[TD_MAX_CROSS_UNITS].where,
		           "Quá nhiều đơn vị để chấm chéo: %zu (tối đa %d; mỗi đơn vị chấm mọi đơn vị khác).",
		           "Too many units for cross-scoring: %zu (at most %d; each unit scores every other).",
		           c->n_units, TD_MAX_CROSS_UNITS);
	first_code = td_malloc(c->n_units * sizeof *first_code);
	first_order = td_malloc(c->n_units * sizeof *first_order);
	if (!first_code || !first_order)
		td_m_oom(m);
	else
		find_duplicates(m, c, first_code, first_order);
	for (i = 0; i < c->n_units && !m->fatal; i++) {
		const td_unit *u = &c->units[i];

		if (u->order < 1 && !(u->bad & TD_BAD_ORDER))
			td_m_error(m, "data.missing-value", u->where,
			           "Đơn vị \"%s\": thiếu Thứ tự (số nguyên từ 1).",
			           "Unit \"%s\": Thứ tự (order, a whole number from 1) is missing.",
			           nz(u->name));
		if ((j = first_order[i]) != SIZE_MAX)
			td_m_error(m, "data.duplicate-order", u->where,
			           "Thứ tự %d bị trùng (đã dùng ở %s); mỗi đơn vị cần một thứ tự riêng.",
			           "Order %d is used twice (also at %s); each unit needs its own.",
			           u->order, nz(c->units[j].where));
		if (!u->code && !(u->bad & TD_BAD_CODE))
			td_m_error(m, "data.missing-value", u->where,
			           "Đơn vị \"%s\": thiếu Mã đơn vị.", "Unit \"%s\": the unit code (Mã) is missing.",
			           nz(u->name));
		if ((j = first_code[i]) != SIZE_MAX)
			td_m_error(m, "data.duplicate-code", u->where,
			           "Mã đơn vị \"%s\" bị trùng (đã dùng ở %s).",
			           "Unit code \"%s\" is used twice (also at %s).",
			           u->code, nz(c->units[j].where));
		if (u->code && u->code[0] == '@')
			td_m_error(m, "data.bad-code", td_m_at(wb, u->where, c->unit_col[TD_UF_CODE]),
			           "Mã đơn vị \"%s\" không được bắt đầu bằng \"@\" (dành cho đơn vị chấm).",
			           "The unit code \"%s\" must not start with \"@\" (kept for scoring bodies).",
			           u->code);
		if (groups && !u->group)
			td_m_error(m, "data.missing-value", td_m_at(wb, u->where, c->unit_col[TD_UF_GROUP]),
			           "Đơn vị \"%s\" chưa có Nhóm: khi cụm chia nhóm, mỗi đơn vị thuộc một nhóm.",
			           "Unit \"%s\" has no Nhóm (group): when the cluster has groups, every unit is in one.",
			           nz(u->name));
		if (!u->name && !(u->bad & TD_BAD_NAME))
			td_m_error(m, "data.empty-name", u->where,
			           "Đơn vị có mã \"%s\" chưa có tên (cột \"Tên đơn vị\").",
			           "The unit with code \"%s\" has no name (column \"Tên đơn vị\").",
			           nz(u->code));
		if (u->authority && !td_authority_valid(u->authority))
			td_m_error(m, "data.bad-authority", u->where,
			           "Quyền hạn ký \"%s\" không hợp lệ: để trống, hoặc bắt đầu bằng " TD_AUTHORITY_LIST_VI ".",
			           "Signing authority \"%s\" is not valid: leave it empty or start it with " TD_AUTHORITY_LIST_EN ".",
			           u->authority);
		if (!u->title || !u->signer)
			td_m_warn(m, "data.missing-signer", u->where,
			          "Đơn vị \"%s\": chưa có %s; khối chữ ký sẽ để trống.",
			          "Unit \"%s\": %s missing; the signature block will be left blank.",
			          nz(u->name), !u->title ? (!u->signer ? "Chức vụ, Người ký" : "Chức vụ") : "Người ký");
		if (u->role == TD_ROLE_HEAD && ++heads > 1)
			td_m_error(m, "data.multiple-heads", u->where,
			           "Đơn vị \"%s\" là %s thứ hai: mỗi %s chỉ có một.",
			           "Unit \"%s\" is a second %s: a cluster has exactly one.",
			           nz(u->name), td_role_label(TD_ROLE_HEAD, c->kind),
			           c->kind == TD_KIND_KHOI ? "khối" : "cụm");
		if (u->role == TD_ROLE_DEPUTY && ++deputies > 2)
			td_m_error(m, "data.too-many-deputies", u->where,
			           "Đơn vị \"%s\": quá hai %s.", "Unit \"%s\": more than two deputies (%s).",
			           nz(u->name), td_role_label(TD_ROLE_DEPUTY, c->kind));
		if (u->role != TD_ROLE_MEMBER && u->role_kind != c->kind)
			td_m_warn(m, "data.role-kind", u->where,
			          "Vai trò \"%s\" không khớp loại \"%s\"; hiểu là \"%s\".",
			          "Role \"%s\" does not match the kind \"%s\"; read as \"%s\".",
			          td_role_label(u->role, u->role_kind), td_kind_label(c->kind),
			          td_role_label(u->role, c->kind));
	}
	td_free(first_code);
	td_free(first_order);
	if (heads == 0)
		td_m_error(m, "data.no-head", c->units[0].where,
		           "Chưa có đơn vị %s (cột \"Vai trò\"): cần đúng một.",
		           "No unit is the head (%s, column \"Vai trò\"): exactly one is needed.",
		           td_role_label(TD_ROLE_HEAD, c->kind));
}

static void check_awards(td_mctx *m, const thidua_cluster *c)
{
	char wb[TD_M_WHERE];
	size_t i;

	for (i = 0; i < c->n_awards && !m->fatal; i++) {
		const td_award *a = &c->awards[i];

		if (!a->name && !(a->bad & TD_BAD_NAME))
			td_m_error(m, "data.missing-value", a->where,
			           "Thiếu tên hình thức khen thưởng (cột \"Hình thức\").",
			           "The award's name is missing (column \"Hình thức\").");
		if (!(a->bad & TD_BAD_QUOTA) &&
		    (a->quota < 0 || (a->quota_kind == TD_QUOTA_PERCENT && a->quota > 10000)))
			td_m_error(m, "data.bad-number", td_m_at(wb, a->where, c->award_col[TD_AF_QUOTA]),
			           "Số lượng %d%s không hợp lệ: cần số nguyên không âm hoặc tỉ lệ từ 0 đến 100%%.",
			           "Quota %d%s is not valid: expected a whole number, 0 or more, or a share from 0 to 100%%.",
			           a->quota_kind == TD_QUOTA_PERCENT ? a->quota / 100 : a->quota,
			           a->quota_kind == TD_QUOTA_PERCENT ? "%" : "");
		if (a->min_crit_pct > 10000 && !(a->bad & TD_BAD_PCT))
			td_m_error(m, "data.bad-number", td_m_at(wb, a->where, c->award_col[TD_AF_MIN_PCT]),
			           "Tiêu chí không dưới (%%) phải từ 0 đến 100.",
			           "Tiêu chí không dưới (%%) (no criterion below) must be from 0 to 100.");
		/* Xếp loại tối thiểu: resolved by name when loaded (td_m_resolve) */
		if (a->min_total < 0 && !(a->bad & TD_BAD_MIN))
			td_m_error(m, "data.bad-number", a->where,
			           "Điểm tối thiểu không được âm.", "The minimum total must not be negative.");
	}
}

/* The scoring rules: the step, cross-scoring, the tie-break list, the
 * disqualifying flags. */
static void check_scoring(td_mctx *m, const thidua_cluster *c)
{
	int64_t step = c->step ? c->step : 25;
	td_buf b1 = TD_BUF_INIT, b2 = TD_BUF_INIT;
	size_t i, j;

	if (c->step < 0 || c->step > 100 || (c->step > 0 && 100 % c->step != 0)) {
		td_m_error(m, "data.bad-step", c->where,
		           "Bước điểm %s không hợp lệ: cần 0,25 hoặc 0,5 (hay một bước chia hết 1 điểm).",
		           "The step %s is not valid: expected 0,25 or 0,5 (or a step that divides 1 point).",
		           td_m_points(&b1, c->step));
		step = 25;
	}
	if (c->empty_zero & (1u << TD_CRIT_SECTION))
		td_m_error(m, "data.bad-value", c->where,
		           "Ô trống tính là 0: \"Phần\" không có ô chấm điểm; chỉ ghi Tiêu chí, Cộng, Trừ, Điều kiện.",
		           "Ô trống tính là 0 (empty counts as 0): a \"Phần\" (section) has no score cells; write only Tiêu chí, Cộng, Trừ, Điều kiện.");
	if (c->drop_extremes && !c->cross_scoring)
		td_m_warn(m, "data.drop-without-cross", c->where,
		          "\"Bỏ điểm cao nhất và thấp nhất\" chỉ dùng khi chấm chéo; %s%.0s không chấm chéo nên mục này bị bỏ qua.",
		          "\"Bỏ điểm cao nhất và thấp nhất\" (drop the extremes) applies to cross-scoring only; the %.0s%s does not cross-score, so it is ignored.",
		          c->kind == TD_KIND_KHOI ? "khối" : "cụm", c->kind == TD_KIND_KHOI ? "bloc" : "cluster");
	for (i = 0; i < c->n_tiebreaks && !m->fatal; i++) {
		const td_tiebreak *t = &c->tiebreaks[i];

		if (t->kind == TD_TIE_VOTE && i + 1 < c->n_tiebreaks)
			td_m_error(m, "data.bad-tiebreak", t->where,
			           "\"Biểu quyết\" phải là tiêu chí xếp hạng phụ cuối cùng (sau nó còn %zu tiêu chí).",
			           "\"Biểu quyết\" (vote) must be the last tie-break rule (%zu more follow it).",
			           c->n_tiebreaks - i - 1);
		if (t->kind == TD_TIE_SECTION) {
			for (j = 0; j < c->n_criteria; j++)
				if (c->criteria[j].kind == TD_CRIT_SECTION && c->criteria[j].code && t->section &&
				    strcmp(c->criteria[j].code, t->section) == 0)
					break;
			if (j == c->n_criteria)
				td_m_error(m, "data.bad-tiebreak", t->where,
				           "Tiêu chí xếp hạng phụ \"Điểm Phần %s\": không có phần mã %s trong trang \"Tiêu chí\".",
				           "Tie-break rule \"Điểm Phần %s\": there is no section %s on the \"Tiêu chí\" sheet.",
				           nz(t->section), nz(t->section));
		}
		for (j = 0; j < i; j++)
			if (c->tiebreaks[j].kind == t->kind &&
			    (t->kind != TD_TIE_SECTION ||
			     (t->section && c->tiebreaks[j].section &&
			      strcmp(t->section, c->tiebreaks[j].section) == 0))) {
				td_m_warn(m, "data.duplicate-tiebreak", t->where,
				          "Tiêu chí xếp hạng phụ thứ %zu lặp lại tiêu chí thứ %zu; không có tác dụng.",
				          "Tie-break rule %zu repeats rule %zu; it has no effect.", i + 1, j + 1);
				break;
			}
	}
	for (i = 0; i < c->n_criteria && !m->fatal; i++) {
		const td_criterion *k = &c->criteria[i];

		/* Không xét khen on the wrong kind: validate_rules.c */
		if (k->kind == TD_CRIT_SECTION || k->kind == TD_CRIT_CONDITION)
			continue;
		if ((k->max % step) || (k->has_floor && k->floor % step) || (k->per_event % step) || (k->cap % step))
			td_m_warn(m, "data.off-step", k->where,
			          "Tiêu chí \"%s\": điểm chuẩn, điểm mỗi lần hay tối đa không theo bước điểm %s, nên không chấm được đúng mức đó.",
			          "Criterion \"%s\": its maximum, points per event or cap is not a multiple of the step %s, so that score cannot be entered.",
			          nz(k->code), td_m_points(&b2, step));
	}
	td_buf_free(&b1);
	td_buf_free(&b2);
}

/* The witness (Chứng kiến): named when any of its lines is given, with an
 * authority of Nghị định 30. */
static void check_witness(td_mctx *m, const thidua_cluster *c)
{
	const td_witness *w = &c->witness;

	if (!w->name && (w->authority || w->title || w->signer))
		td_m_error(m, "data.missing-value", w->where,
		           "Có người ký chứng kiến nhưng chưa ghi cơ quan chứng kiến (mục \"Chứng kiến\").",
		           "A witness's signer is given but not the witnessing body (item \"Chứng kiến\").");
	if (w->authority && !td_authority_valid(w->authority))
		td_m_error(m, "data.bad-authority", w->where,
		           "Quyền hạn ký chứng kiến \"%s\" không hợp lệ: để trống, hoặc bắt đầu bằng " TD_AUTHORITY_LIST_VI ".",
		           "The witness's signing authority \"%s\" is not valid: leave it empty or start it with " TD_AUTHORITY_LIST_EN ".",
		           w->authority);
}

int td_cluster_validate(const thidua_cluster *c, thidua_diags *diags)
{
	td_mctx m;

	memset(&m, 0, sizeof m);
	m.diags = diags;
	m.file = c->source;
	check_general(&m, c);
	if (!m.fatal)
		check_units(&m, c);
	if (!m.fatal)
		check_witness(&m, c);
	if (!m.fatal)
		td_m_check_rules(&m, c);
	if (!m.fatal)
		check_awards(&m, c);
	if (!m.fatal)
		check_scoring(&m, c);
	if (m.fatal)
		return m.fatal;
	return m.errors ? THIDUA_EDATA : 0;
}
