/* validate_rules.c - the checks of a cluster's scoring rules (part of
 * td_cluster_validate): criteria codes, the tree's shapes, sums, Cách chấm
 * and the values each needs, floors, conditions, bars, scoring bodies,
 * each unit's targets and the classification bands. Every shape the
 * engine (criteria.c) could not compute exactly is an error at its cell. */
#include "model/cluster.h"
#include "model/model_int.h"
#include "model/rules.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <string.h>

static const char *nz(const char *s) { return s ? s : ""; }

/* The cell of field f of criterion k. */
#define AT(f) td_m_at(wb, k->where, c->crit_col[(f)])

static int key_eq(td_mctx *m, const char *a, const char *b)
{
	char *ka = NULL, *kb = NULL;
	int eq = 0;

	if (td_text_match_key(&ka, a) || td_text_match_key(&kb, b))
		td_m_oom(m);
	else
		eq = strcmp(ka, kb) == 0;
	td_free(ka);
	td_free(kb);
	return eq;
}

/* A scored child of a node: an ITEM, or a SECTION of items. */
static int counts_in_sum(const td_criterion *k, const td_crit_info *x)
{
	return k->kind == TD_CRIT_ITEM || (k->kind == TD_CRIT_SECTION && x->cls == TD_CRIT_ITEM);
}

static void check_sum(td_mctx *m, const thidua_cluster *c, const td_crit_info *info, size_t p,
                      td_buf *b1, td_buf *b2)
{
	const td_criterion *parent = &c->criteria[p];
	char wb[TD_M_WHERE];
	int64_t sum = 0;
	size_t i, n = 0;

	if (!counts_in_sum(parent, &info[p]) || (parent->bad & TD_BAD_MAX))
		return;
	for (i = p + 1; i < c->n_criteria; i++) {
		const td_criterion *k = &c->criteria[i];
		if (k->parent != p || !counts_in_sum(k, &info[i]))
			continue;
		if (k->bad & TD_BAD_MAX)
			return;
		sum += k->max;
		n++;
	}
	if (n == 0 || sum == parent->max)
		return;
	if (parent->keep_max)
		td_m_warn(m, "data.sum-kept", td_m_at(wb, parent->where, c->crit_col[TD_CF_MAX]),
		          "%s %s có điểm chuẩn %s, các tiêu chí con cộng lại được %s; giữ điểm chuẩn đã công bố (cột Giữ điểm chuẩn): điểm của nó không vượt quá %s.",
		          "%s %s has Điểm chuẩn %s and its criteria add up to %s; the published maximum is kept (column Giữ điểm chuẩn): its score goes no higher than %s.",
		          td_crit_kind_label(parent->kind), nz(parent->code), td_m_points(b1, parent->max),
		          td_m_points(b2, sum), td_m_points(b1, parent->max));
	else
		td_m_error(m, "data.sum-mismatch", parent->where,
		           "%s %s có điểm chuẩn %s nhưng các tiêu chí con cộng lại được %s (sửa cho khớp, hoặc ghi x ở cột \"Giữ điểm chuẩn\" nếu bảng đã công bố như vậy).",
		           "%s %s has Điểm chuẩn %s but its criteria add up to %s (make them agree, or write x in the column \"Giữ điểm chuẩn\" when the table was published so).",
		           td_crit_kind_label(parent->kind), nz(parent->code), td_m_points(b1, parent->max),
		           td_m_points(b2, sum));
}

/* Codes, parents and numbers of each row (the checks of every loader). */
static void check_rows(td_mctx *m, const thidua_cluster *c, td_buf *b1, td_buf *b2)
{
	char wb[TD_M_WHERE];
	size_t i, j;

	for (i = 0; i < c->n_criteria && !m->fatal; i++) {
		const td_criterion *k = &c->criteria[i];
		int depth;

		if (!k->code) {
			if (!(k->bad & TD_BAD_CODE))
				td_m_error(m, "data.missing-value", AT(TD_CF_CODE),
				           "Tiêu chí \"%.60s\" chưa có mã (cột \"Mã\").",
				           "Criterion \"%.60s\" has no code (column \"Mã\").", nz(k->text));
			continue;
		}
		depth = td_crit_code_depth(k->code);
		if (depth < 0) {
			td_m_error(m, "data.bad-code", AT(TD_CF_CODE),
			           "Mã tiêu chí \"%s\" không đúng dạng: mỗi phần của mã là số La Mã (I, II), số (1, 2), chữ cái (a, b, c, d, đ, e, g ... y) hoặc chữ in hoa (A, B, C), cách nhau bằng dấu chấm, tối đa 8 cấp (ví dụ I.1.a, II.1.1, A.I.1).",
			           "Criterion code \"%s\" is not well formed: each part is a Roman numeral (I, II), a number (1, 2), a letter (a, b, c, d, đ, e, g ... y) or a capital (A, B, C), joined by dots, at most 8 levels (e.g. I.1.a, II.1.1, A.I.1).",
			           k->code);
			continue;
		}
		for (j = 0; j < i; j++)
			if (c->criteria[j].code && strcmp(c->criteria[j].code, k->code) == 0) {
				td_m_error(m, "data.duplicate-code", AT(TD_CF_CODE),
				           "Mã tiêu chí \"%s\" bị trùng (đã dùng ở %s).",
				           "Criterion code \"%s\" is used twice (also at %s).",
				           k->code, nz(c->criteria[j].where));
				break;
			}
		if (depth > 0 && k->parent == SIZE_MAX)
			td_m_error(m, "data.unknown-parent", AT(TD_CF_CODE),
			           "Tiêu chí \"%s\" không có mục cha ở phía trên nó.",
			           "Criterion \"%s\" has no parent above it.", k->code);
		if (k->max < 0 || k->per_event < 0 || k->cap < 0 || (k->has_floor && k->floor < 0))
			td_m_error(m, "data.bad-number", k->where,
			           "Tiêu chí \"%s\": điểm không được âm (điểm trừ ghi số dương ở cột \"Điểm mỗi lần\").",
			           "Criterion \"%s\": points must not be negative (deductions are written as positive \"Điểm mỗi lần\").",
			           k->code);
		if (k->kind == TD_CRIT_ITEM && k->max == 0 && !(k->bad & TD_BAD_MAX))
			td_m_error(m, "data.missing-value", AT(TD_CF_MAX),
			           "Tiêu chí \"%s\" chưa có Điểm chuẩn.", "Criterion \"%s\" has no Điểm chuẩn (maximum).",
			           k->code);
		if (k->per_event > 0 && k->cap > 0 && k->cap < k->per_event)
			td_m_warn(m, "data.cap-below-step", AT(TD_CF_CAP),
			          "Tiêu chí \"%s\": Tối đa (%s) nhỏ hơn Điểm mỗi lần (%s).",
			          "Criterion \"%s\": Tối đa (%s) is less than Điểm mỗi lần (%s).",
			          k->code, td_m_points(b1, k->cap), td_m_points(b2, k->per_event));
	}
}

/* The unit has a target for criterion i. */
static int has_target(const thidua_cluster *c, size_t unit, size_t i)
{
	size_t t;

	for (t = 0; t < c->n_targets_given; t++)
		if (c->targets_given[t].unit == unit && c->targets_given[t].crit == i &&
		    c->targets_given[t].value > 0)
			return 1;
	return 0;
}

/* The shapes: what sits under what, Cách chấm and what it needs, floors,
 * conditions, bars, targets. */
static void check_shapes(td_mctx *m, const thidua_cluster *c, const td_crit_info *info,
                         td_buf *b1, td_buf *b2)
{
	char wb[TD_M_WHERE];
	size_t i, j, u;

	for (i = 0; i < c->n_criteria && !m->fatal; i++) {
		const td_criterion *k = &c->criteria[i];
		const td_crit_info *x = &info[i];
		const char *code = nz(k->code);
		int rule = k->kind == TD_CRIT_BONUS || k->kind == TD_CRIT_DEDUCTION;

		/* what sits under what */
		for (j = k->parent; j != SIZE_MAX && !(k->bad & TD_BAD_KIND); j = c->criteria[j].parent) {
			const td_criterion *a = &c->criteria[j];

			if ((k->kind == TD_CRIT_ITEM || k->kind == TD_CRIT_SECTION) &&
			    (a->kind == TD_CRIT_BONUS || a->kind == TD_CRIT_DEDUCTION || a->kind == TD_CRIT_CONDITION)) {
				td_m_error(m, "data.item-under-rule", AT(TD_CF_KIND),
				           "\"%s\" là %s nhưng nằm dưới \"%s\" (%s): dưới điểm cộng, điểm trừ hay điều kiện chỉ có điểm cộng, điểm trừ hay điều kiện; hãy sửa Loại hoặc mã.",
				           "\"%s\" is a %s row but sits under \"%s\" (%s): under a bonus, deduction or condition there are only bonuses, deductions or conditions; correct the Loại (kind) or the code.",
				           code, td_crit_kind_label(k->kind), nz(a->code), td_crit_kind_label(a->kind));
				break;
			}
			if (rule && a->kind == TD_CRIT_CONDITION) {
				td_m_error(m, "data.item-under-rule", AT(TD_CF_KIND),
				           "\"%s\" là điểm %s nhưng nằm dưới điều kiện \"%s\": điều kiện không có điểm; hãy sửa Loại hoặc mã.",
				           "\"%s\" is a %s row but sits under the condition \"%s\": conditions have no points; correct the Loại (kind) or the code.",
				           code, td_crit_kind_label(k->kind), nz(a->code));
				break;
			}
			if (k->kind == TD_CRIT_SECTION && a->kind == TD_CRIT_ITEM) {
				td_m_error(m, "data.section-under-item", AT(TD_CF_KIND),
				           "\"%s\" là Phần nhưng nằm dưới tiêu chí \"%s\": trong một tiêu chí chỉ có tiêu chí con, điểm cộng, điểm trừ hay điều kiện.",
				           "\"%s\" is a section (Phần) but sits under the criterion \"%s\": a criterion holds only sub-criteria, bonuses, deductions or conditions.",
				           code, nz(a->code));
				break;
			}
		}
		if (k->bad & TD_BAD_METHOD)
			goto values;
		/* Cách chấm */
		if (!x->takes_entry && k->method != TD_METHOD_DIRECT) {
			td_m_error(m, "data.bad-method", AT(TD_CF_METHOD),
			           "\"%s\" có các hàng con nên điểm của nó là tổng các hàng con; Cách chấm \"%s\" ghi ở các hàng con.",
			           "\"%s\" has rows under it, so its score is theirs added up; write Cách chấm \"%s\" on those rows.",
			           code, td_method_label(k->method));
		} else if ((k->method == TD_METHOD_TARGET || k->method == TD_METHOD_LEADER) && !x->item) {
			td_m_error(m, "data.bad-method", AT(TD_CF_METHOD),
			           "\"%s\" là %s: Cách chấm \"%s\" chỉ dùng cho tiêu chí (Loại \"Tiêu chí\").",
			           "\"%s\" is a %s row: Cách chấm \"%s\" is for criteria (Loại \"Tiêu chí\") only.",
			           code, td_crit_kind_label(k->kind), td_method_label(k->method));
		} else if (k->kind == TD_CRIT_CONDITION && k->method != TD_METHOD_DIRECT &&
		           k->method != TD_METHOD_PASS) {
			td_m_error(m, "data.bad-method", AT(TD_CF_METHOD),
			           "\"%s\" là điều kiện (Có / Không): Cách chấm \"%s\" không dùng được; để trống.",
			           "\"%s\" is a condition (yes / no): Cách chấm \"%s\" does not apply; leave it empty.",
			           code, td_method_label(k->method));
		} else if (k->method == TD_METHOD_COUNT && k->per_event <= 0 && !(k->bad & TD_BAD_PER_EVENT)) {
			td_m_error(m, "data.missing-value", AT(TD_CF_PER),
			           "\"%s\" chấm theo số lần (%s) nên cần \"Điểm mỗi lần\"; nếu đơn vị ghi thẳng số điểm, ghi Cách chấm = \"Chấm trực tiếp\" và Tối đa.",
			           "\"%s\" is scored per event (%s), so it needs \"Điểm mỗi lần\" (points per event); if the unit enters the points, write Cách chấm = \"Chấm trực tiếp\" and Tối đa.",
			           code, rule ? "Cộng/Trừ" : "Chấm thẳng");
		} else if (k->method == TD_METHOD_PASS && !x->item && k->kind != TD_CRIT_CONDITION &&
		           k->max == 0 && k->cap == 0) {
			td_m_error(m, "data.missing-value", AT(TD_CF_MAX),
			           "\"%s\" chấm Đạt / Không đạt nên cần số điểm khi đạt (Điểm chuẩn hoặc Tối đa).",
			           "\"%s\" is scored pass / fail, so it needs the points it gives when passed (Điểm chuẩn or Tối đa).",
			           code);
		} else if ((k->method == TD_METHOD_TARGET || k->method == TD_METHOD_LEADER) && x->takes_entry) {
			for (u = 0; u < c->n_units && !m->fatal; u++)
				if (!has_target(c, u, i))
					td_m_error(m, "data.missing-target", AT(TD_CF_METHOD),
					           "Tiêu chí \"%s\" chấm theo chỉ tiêu (%s) nhưng đơn vị \"%s\" chưa có chỉ tiêu: thêm một hàng ở trang \"Chỉ tiêu giao\" (Đơn vị | Tiêu chí | Chỉ tiêu): %s | %s | số lớn hơn 0.",
					           "Criterion \"%s\" is scored against a target (%s) but unit \"%s\" has none: add a row to the \"Chỉ tiêu giao\" sheet (Đơn vị | Tiêu chí | Chỉ tiêu): %s | %s | a number above 0.",
					           code, td_method_label(k->method), nz(c->units[u].code),
					           nz(c->units[u].code), code);
		}
values:
		/* values that would not be used */
		/* (a Cộng / Trừ with Chấm trực tiếp written and Điểm mỗi lần is
		 * refused by the loaders; a cluster built in C may keep both, the
		 * entry then being the points) */
		if (k->per_event > 0 && k->method != TD_METHOD_COUNT && k->kind != TD_CRIT_CONDITION &&
		    !(rule && k->method == TD_METHOD_DIRECT) &&
		    !(k->bad & (TD_BAD_METHOD | TD_BAD_PER_EVENT)))
			td_m_error(m, "data.unused-value", AT(TD_CF_PER),
			           "\"%s\": Điểm mỗi lần chỉ dùng khi chấm theo số lần (Cách chấm \"Chấm thẳng\"; Cộng/Trừ để trống Cách chấm); ở đây Cách chấm là \"%s\".",
			           "\"%s\": Điểm mỗi lần (points per event) is used only when scoring per event (Cách chấm \"Chấm thẳng\"; Cộng/Trừ with Cách chấm empty); here Cách chấm is \"%s\".",
			           code, td_method_label(k->method));
		if (k->cap > 0 && k->kind == TD_CRIT_ITEM)
			td_m_error(m, "data.unused-value", AT(TD_CF_CAP),
			           "\"%s\" là tiêu chí: điểm cao nhất là Điểm chuẩn, Tối đa không dùng; giới hạn điểm cộng/trừ thì ghi Tối đa ở các hàng Cộng/Trừ.",
			           "\"%s\" is a criterion: its most is its Điểm chuẩn and Tối đa is not used; to cap a bonus or deduction, write Tối đa on the Cộng/Trừ rows.",
			           code);
		if (k->kind == TD_CRIT_CONDITION && (k->max || k->per_event || k->cap || k->has_floor))
			td_m_error(m, "data.condition-points", AT(k->max ? TD_CF_MAX : k->per_event ? TD_CF_PER
			                                            : k->cap ? TD_CF_CAP : TD_CF_FLOOR),
			           "\"%s\" là điều kiện (Có / Không): không có điểm; để trống Điểm chuẩn, Điểm mỗi lần, Tối đa, Điểm sàn (nếu có điểm trừ, ghi Loại = \"Trừ\").",
			           "\"%s\" is a condition (yes / no) and has no points; leave Điểm chuẩn, Điểm mỗi lần, Tối đa and Điểm sàn empty (for a deduction write Loại = \"Trừ\").",
			           code);
		if (k->has_floor && !(k->bad & TD_BAD_FLOOR) && k->kind != TD_CRIT_CONDITION) {
			int ded = 0;

			for (j = i + 1; j < c->n_criteria && !ded; j++)
				ded = info[j].owner == i && info[j].cls == TD_CRIT_DEDUCTION;
			if (!x->item)
				td_m_error(m, "data.bad-floor", AT(TD_CF_FLOOR),
				           "\"%s\" là %s: Điểm sàn chỉ dùng cho tiêu chí có điểm trừ bên trong.",
				           "\"%s\" is a %s row: Điểm sàn (floor) is for a criterion with deductions under it only.",
				           code, td_crit_kind_label(k->kind));
			else if (k->floor > k->max)
				td_m_error(m, "data.bad-floor", AT(TD_CF_FLOOR),
				           "\"%s\": Điểm sàn %s lớn hơn Điểm chuẩn %s.",
				           "\"%s\": Điểm sàn (floor) %s is above its Điểm chuẩn %s.",
				           code, td_m_points(b1, k->floor), td_m_points(b2, k->max));
			else if (!ded)
				td_m_warn(m, "data.unused-value", AT(TD_CF_FLOOR),
				          "\"%s\": Điểm sàn không có tác dụng vì không có điểm trừ nào bên trong tiêu chí này.",
				          "\"%s\": Điểm sàn (floor) has no effect: there is no deduction under this criterion.",
				          code);
		}
		if (k->keep_max && !x->hold_max && !(x->item && !x->leaf))
			td_m_warn(m, "data.unused-value", AT(TD_CF_KEEP),
			          "\"%s\": Giữ điểm chuẩn chỉ có tác dụng ở hàng có tiêu chí con.",
			          "\"%s\": Giữ điểm chuẩn (keep the published maximum) only matters on a row with criteria under it.",
			          code);
		if (k->measure && k->method != TD_METHOD_TARGET && k->method != TD_METHOD_LEADER &&
		    k->method != TD_METHOD_COUNT)
			td_m_warn(m, "data.unused-value", AT(TD_CF_MEASURE),
			          "\"%s\": Đơn vị tính chỉ dùng khi chấm theo chỉ tiêu hay theo số lần; bỏ qua.",
			          "\"%s\": Đơn vị tính (the unit of measure) is used with targets or counts only; ignored.",
			          code);
		/* bars: a deduction with points or a condition answered Có */
		if (k->bars != TD_BAR_NONE && !(k->bad & TD_BAD_BARS) &&
		    (k->kind == TD_CRIT_ITEM || k->kind == TD_CRIT_BONUS ||
		     (k->kind == TD_CRIT_SECTION && (x->cls == TD_CRIT_ITEM || x->cls == TD_CRIT_BONUS))))
			td_m_error(m, "data.bad-disqualifies", AT(TD_CF_BARS),
			           "Tiêu chí \"%s\" là %s: cột \"Không xét khen\" chỉ dùng cho điểm trừ (Loại \"Trừ\") hoặc điều kiện (Loại \"Điều kiện\").",
			           "Criterion \"%s\" is a %s row: the column \"Không xét khen\" is for deductions (kind \"Trừ\") and conditions (kind \"Điều kiện\") only.",
			           code, td_crit_kind_label(x->cls == TD_CRIT_BONUS ? TD_CRIT_BONUS : k->kind));
		/* a scoring body's code */
		if (k->body != SIZE_MAX && k->body >= c->n_bodies)
			td_m_error(m, "data.unknown-body", AT(TD_CF_BODY),
			           "Tiêu chí \"%s\": đơn vị chấm không có ở danh sách Đơn vị chấm.",
			           "Criterion \"%s\": its scoring body is not in the list of bodies.", code);
	}
}

static void check_bodies(td_mctx *m, const thidua_cluster *c)
{
	size_t i, j;

	for (i = 0; i < c->n_bodies && !m->fatal; i++) {
		const td_body *y = &c->bodies[i];

		if (!y->code) {
			if (!(y->bad & TD_BAD_CODE))
				td_m_error(m, "data.missing-value", y->where,
				           "Đơn vị chấm \"%s\" chưa có Mã.", "The scoring body \"%s\" has no code (Mã).",
				           nz(y->name));
			continue;
		}
		if (!y->name && !(y->bad & TD_BAD_NAME))
			td_m_error(m, "data.empty-name", y->where,
			           "Đơn vị chấm \"%s\" chưa có Tên.", "The scoring body \"%s\" has no name (Tên).",
			           y->code);
		if (y->code[0] == '@')
			td_m_error(m, "data.bad-code", y->where,
			           "Mã đơn vị chấm \"%s\" không được bắt đầu bằng \"@\".",
			           "The scoring body code \"%s\" must not start with \"@\".", y->code);
		for (j = 0; j < i && !m->fatal; j++)
			if (c->bodies[j].code && key_eq(m, c->bodies[j].code, y->code)) {
				td_m_error(m, "data.duplicate-code", y->where,
				           "Mã đơn vị chấm \"%s\" bị trùng (đã dùng ở %s).",
				           "The scoring body code \"%s\" is used twice (also at %s).",
				           y->code, nz(c->bodies[j].where));
				break;
			}
		for (j = 0; j < c->n_units && !m->fatal; j++)
			if (c->units[j].code && key_eq(m, c->units[j].code, y->code)) {
				td_m_error(m, "data.duplicate-code", y->where,
				           "Mã đơn vị chấm \"%s\" trùng mã của đơn vị \"%s\" (%s): đặt một mã khác.",
				           "The scoring body code \"%s\" is also the code of the unit \"%s\" (%s): choose another.",
				           y->code, nz(c->units[j].name), nz(c->units[j].where));
				break;
			}
	}
}

static void check_bands(td_mctx *m, const thidua_cluster *c, td_buf *b1)
{
	char wb[TD_M_WHERE];
	size_t i, j;

	for (i = 0; i < c->n_bands && !m->fatal; i++) {
		const td_band *y = &c->bands[i];

		if (!y->name) {
			if (!(y->bad & TD_BAD_NAME))
				td_m_error(m, "data.missing-value", td_m_at(wb, y->where, c->band_col[TD_BF_NAME]),
				           "Chưa có tên xếp loại (cột \"Xếp loại\").",
				           "The band has no name (column \"Xếp loại\").");
		} else {
			for (j = 0; j < i && !m->fatal; j++)
				if (c->bands[j].name && key_eq(m, c->bands[j].name, y->name)) {
					td_m_error(m, "data.duplicate-band", td_m_at(wb, y->where, c->band_col[TD_BF_NAME]),
					           "Xếp loại \"%s\" có hai lần (đã có ở %s).",
					           "The band \"%s\" is given twice (also at %s).", y->name,
					           nz(c->bands[j].where));
					break;
				}
		}
		if (y->has_min_total && y->min_total < 0 && !(y->bad & TD_BAD_MIN))
			td_m_error(m, "data.bad-number", td_m_at(wb, y->where, c->band_col[TD_BF_MIN]),
			           "Điểm tối thiểu %s của xếp loại không được âm.",
			           "The band's minimum total %s must not be negative.", td_m_points(b1, y->min_total));
		if ((y->min_crit_pct > 10000 || y->min_section_pct > 10000) && !(y->bad & TD_BAD_PCT))
			td_m_error(m, "data.bad-number", y->where,
			           "Tỉ lệ phần trăm của xếp loại \"%s\" phải từ 0 đến 100.",
			           "The percentages of the band \"%s\" must be from 0 to 100.", nz(y->name));
	}
	if (c->n_bands) {
		const td_band *y = &c->bands[c->n_bands - 1];

		if (y->has_min_total || y->min_crit_pct >= 0 || y->min_section_pct >= 0)
			td_m_error(m, "data.bad-band", y->where,
			           "Xếp loại cuối cùng (\"%s\") còn điều kiện, nên có đơn vị không được xếp loại nào: để trống Điểm tối thiểu và các tỉ lệ của nó, hoặc thêm một hàng cuối như \"Không hoàn thành\".",
			           "The last band (\"%s\") has conditions, so a unit could get no band: leave its Điểm tối thiểu and percentages empty, or add a last row such as \"Không hoàn thành\".",
			           nz(y->name));
	}
}

void td_m_check_rules(td_mctx *m, const thidua_cluster *c)
{
	td_buf b1 = TD_BUF_INIT, b2 = TD_BUF_INIT;
	td_crit_info *info = NULL;
	size_t i;

	if (c->n_criteria == 0)
		td_m_warn(m, "data.no-criteria", c->where,
		          "Chưa có tiêu chí chấm điểm nào (trang \"Tiêu chí\").",
		          "There are no scoring criteria (sheet \"Tiêu chí\").");
	if (c->n_criteria > TD_MAX_CRITERIA)
		td_m_error(m, "data.too-many", c->criteria[TD_MAX_CRITERIA].where,
		           "Quá nhiều tiêu chí: %zu (tối đa %d).", "Too many criteria: %zu (at most %d).",
		           c->n_criteria, TD_MAX_CRITERIA);
	check_rows(m, c, &b1, &b2);
	if (c->n_criteria && !m->fatal) {
		info = td_calloc(c->n_criteria, sizeof *info);
		if (!info)
			td_m_oom(m);
	}
	/* the shapes need a linked tree: with a row lacking its code or
	 * coming before its parent, that is already reported */
	if (info && td_crit_analyse(info, c) == 0) {
		check_shapes(m, c, info, &b1, &b2);
		for (i = 0; i < c->n_criteria && !m->fatal; i++)
			check_sum(m, c, info, i, &b1, &b2);
	}
	if (!m->fatal)
		check_bodies(m, c);
	if (!m->fatal)
		check_bands(m, c, &b1);
	td_free(info);
	td_buf_free(&b1);
	td_buf_free(&b2);
}
