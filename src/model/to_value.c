/* to_value.c - the cluster as template data (td_cluster_to_value); the
 * names are documented in docs/data-format.md. */
#include "model/cluster.h"
#include "model/content.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

static td_value *num_or_null(int64_t h) { return h ? td_v_num(h) : td_v_null(); }

static td_value *texts(const td_text_item *items, size_t n)
{
	td_value *l = td_v_list();
	size_t i;

	for (i = 0; l && i < n; i++)
		td_v_list_push(l, td_v_str(items[i].text));
	return l;
}

/* The tie-break rules in force, as labels: the cluster's, else the
 * defaults (base total, fewer deductions, vote). */
static td_value *tiebreaks(const thidua_cluster *c)
{
	static const td_tiebreak_kind defaults[] = { TD_TIE_BASE, TD_TIE_FEWER_DEDUCT, TD_TIE_VOTE };
	td_value *l = td_v_list();
	size_t i, n = c->n_tiebreaks ? c->n_tiebreaks : sizeof defaults / sizeof *defaults;

	for (i = 0; l && i < n; i++) {
		td_tiebreak_kind k = c->n_tiebreaks ? c->tiebreaks[i].kind : defaults[i];
		td_buf b = TD_BUF_INIT;

		switch (k) {
		case TD_TIE_BASE: td_buf_puts(&b, "Tổng điểm các phần chính"); break;
		case TD_TIE_SECTION:
			td_buf_printf(&b, "Điểm Phần %s", c->tiebreaks[i].section ? c->tiebreaks[i].section : "");
			break;
		case TD_TIE_FEWER_DEDUCT: td_buf_puts(&b, "Ít điểm trừ hơn"); break;
		case TD_TIE_MORE_BONUS: td_buf_puts(&b, "Nhiều điểm cộng hơn"); break;
		default: td_buf_puts(&b, "Biểu quyết"); break;
		}
		td_v_list_push(l, td_buf_oom(&b) ? NULL : td_v_str_take(td_buf_detach(&b)));
		td_buf_free(&b);
	}
	return l;
}

static td_value *general(const thidua_cluster *c)
{
	td_value *m = td_v_map();

	if (!m)
		return NULL;
	td_v_map_set(m, "loai", td_v_str(td_kind_label(c->kind)));
	td_v_map_set(m, "ten", td_v_str_or_null(c->name));
	td_v_map_set(m, "ten_hoa", td_v_str_upper(c->name));
	td_v_map_set(m, "co_quan_chu_quan", td_v_str_or_null(c->parent_body));
	td_v_map_set(m, "nam", td_v_int(c->year));
	td_v_map_set(m, "dia_danh", td_v_str_or_null(c->place));
	td_v_map_set(m, "ngay_ky", td_date_valid(c->sign_y, c->sign_m, c->sign_d)
	                               ? td_v_date(c->sign_y, c->sign_m, c->sign_d)
	                               : td_v_null());
	td_v_map_set(m, "so_ky_hieu", td_v_str_or_null(c->number));
	td_v_map_set(m, "chu_de", td_v_str_or_null(c->theme));
	td_v_map_set(m, "khau_hieu", td_v_str_or_null(c->slogan));
	td_v_map_set(m, "noi_nhan", texts(c->recipients, c->n_recipients));
	td_v_map_set(m, "so_don_vi", td_v_int((int64_t)c->n_units));
	td_v_map_set(m, "buoc_diem", td_v_num(c->step > 0 ? c->step : 25));
	td_v_map_set(m, "cham_cheo", td_v_bool(c->cross_scoring));
	td_v_map_set(m, "bo_diem_cao_thap", td_v_bool(c->cross_scoring && c->drop_extremes));
	td_v_map_set(m, "xep_hang_phu", tiebreaks(c));
	{
		td_value *l = td_v_list();
		td_crit_kind k;

		for (k = TD_CRIT_ITEM; l && k <= TD_CRIT_CONDITION; k++)
			if (c->empty_zero & (1u << k))
				td_v_list_push(l, td_v_str(td_crit_kind_label(k)));
		td_v_map_set(m, "o_trong_tinh_la_0", l);
	}
	return m;
}

static td_value *unit(const td_unit *u, td_cluster_kind kind)
{
	td_value *m = td_v_map();

	if (!m)
		return NULL;
	td_v_map_set(m, "thu_tu", td_v_int(u->order));
	td_v_map_set(m, "ma", td_v_str_or_null(u->code));
	td_v_map_set(m, "ten", td_v_str_or_null(u->name));
	td_v_map_set(m, "vai_tro", td_v_str(td_role_label(u->role, kind)));
	td_v_map_set(m, "truong", td_v_bool(u->role == TD_ROLE_HEAD));
	td_v_map_set(m, "pho", td_v_bool(u->role == TD_ROLE_DEPUTY));
	td_v_map_set(m, "quyen_han", td_v_str_or_null(u->authority));
	td_v_map_set(m, "chuc_vu", td_v_str_or_null(u->title));
	td_v_map_set(m, "nguoi_ky", td_v_str_or_null(u->signer));
	td_v_map_set(m, "nhom", td_v_str_or_null(u->group));
	return m;
}

static td_value *pct_or_null(int64_t h) { return h >= 0 ? td_v_num(h) : td_v_null(); }

static const char *bar_label(td_bar b)
{
	switch (b) {
	case TD_BAR_FIRST: return "Hình thức đầu tiên";
	case TD_BAR_ALL: return "Tất cả";
	case TD_BAR_NAMED: return "Theo tên";
	default: return NULL;
	}
}

static td_value *criterion(const thidua_cluster *c, const td_criterion *k)
{
	td_value *m = td_v_map(), *l;
	size_t i;

	if (!m)
		return NULL;
	td_v_map_set(m, "ma", td_v_str_or_null(k->code));
	td_v_map_set(m, "ma_ghi", td_v_str_or_null(k->label ? k->label : k->code));
	td_v_map_set(m, "noi_dung", td_v_str_or_null(k->text));
	td_v_map_set(m, "loai", td_v_str(td_crit_kind_label(k->kind)));
	td_v_map_set(m, "cach_cham", td_v_str(td_method_label(k->method)));
	td_v_map_set(m, "diem_san", k->has_floor ? td_v_num(k->floor) : td_v_null());
	td_v_map_set(m, "giu_diem_chuan", td_v_bool(k->keep_max));
	td_v_map_set(m, "don_vi_tinh", td_v_str_or_null(k->measure));
	td_v_map_set(m, "don_vi_cham", k->body < c->n_bodies ? td_v_str_or_null(c->bodies[k->body].name)
	                                                     : td_v_null());
	td_v_map_set(m, "ma_don_vi_cham", k->body < c->n_bodies ? td_v_str_or_null(c->bodies[k->body].code)
	                                                        : td_v_null());
	td_v_map_set(m, "khong_xet_khen_loai", bar_label(k->bars) ? td_v_str(bar_label(k->bars)) : td_v_null());
	l = td_v_list();
	for (i = 0; l && i < c->n_awards; i++) {
		size_t j;
		int barred = k->bars == TD_BAR_ALL || (k->bars == TD_BAR_FIRST && i == 0);

		for (j = 0; k->bars == TD_BAR_NAMED && k->bar_award_index && j < k->n_bar_awards; j++)
			barred |= k->bar_award_index[j] == i;
		if (barred)
			td_v_list_push(l, td_v_str_or_null(c->awards[i].name));
	}
	td_v_map_set(m, "khong_xet_khen_hinh_thuc", l);
	td_v_map_set(m, "diem_chuan", num_or_null(k->max));
	td_v_map_set(m, "diem_moi_lan", num_or_null(k->per_event));
	td_v_map_set(m, "toi_da", num_or_null(k->cap));
	td_v_map_set(m, "ghi_chu", td_v_str_or_null(k->note));
	td_v_map_set(m, "cap", td_v_int(k->depth));
	td_v_map_set(m, "khong_xet_khen", td_v_bool(k->disqualifies));
	return m;
}

static td_value *award(const thidua_cluster *c, const td_award *a)
{
	td_value *m = td_v_map();

	if (!m)
		return NULL;
	td_v_map_set(m, "hinh_thuc", td_v_str_or_null(a->name));
	td_v_map_set(m, "so_luong", a->quota_kind == TD_QUOTA_COUNT ? td_v_int(a->quota) : td_v_null());
	td_v_map_set(m, "so_luong_ti_le", a->quota_kind == TD_QUOTA_PERCENT ? td_v_num(a->quota) : td_v_null());
	td_v_map_set(m, "khong_gioi_han", td_v_bool(a->quota_kind == TD_QUOTA_UNLIMITED));
	td_v_map_set(m, "xep_loai_toi_thieu", a->min_band < c->n_bands ? td_v_str_or_null(c->bands[a->min_band].name)
	                                                               : td_v_null());
	td_v_map_set(m, "tieu_chi_khong_duoi", pct_or_null(a->min_crit_pct));
	td_v_map_set(m, "diem_toi_thieu", num_or_null(a->min_total));
	td_v_map_set(m, "can_bieu_quyet", td_v_bool(a->needs_vote));
	return m;
}

int td_cluster_to_value(td_value **out, const thidua_cluster *c)
{
	td_value *root, *l;
	size_t i;

	*out = NULL;
	root = td_v_map();
	if (!root)
		return td_error_oom();
	td_v_map_set(root, "cum", general(c));
	td_v_map_set(root, "can_cu", texts(c->bases, c->n_bases));
	l = td_v_list();
	for (i = 0; l && i < c->n_units; i++)
		td_v_list_push(l, unit(&c->units[i], c->kind));
	td_v_map_set(root, "don_vi", l);
	l = td_v_list();
	for (i = 0; l && i < c->n_criteria; i++)
		td_v_list_push(l, criterion(c, &c->criteria[i]));
	td_v_map_set(root, "tieu_chi", l);
	l = td_v_list();
	for (i = 0; l && i < c->n_bodies; i++) {
		td_value *m = td_v_map();

		if (m) {
			td_v_map_set(m, "ma", td_v_str_or_null(c->bodies[i].code));
			td_v_map_set(m, "ten", td_v_str_or_null(c->bodies[i].name));
		}
		td_v_list_push(l, m);
	}
	td_v_map_set(root, "don_vi_cham", l);
	l = td_v_list();
	for (i = 0; l && i < c->n_targets_given; i++) {
		const td_target *t = &c->targets_given[i];
		td_value *m = td_v_map();

		if (m) {
			td_v_map_set(m, "don_vi", td_v_str_or_null(t->unit < c->n_units ? c->units[t->unit].code : NULL));
			td_v_map_set(m, "tieu_chi", td_v_str_or_null(t->crit < c->n_criteria ? c->criteria[t->crit].code : NULL));
			td_v_map_set(m, "chi_tieu", td_v_num(t->value));
		}
		td_v_list_push(l, m);
	}
	td_v_map_set(root, "chi_tieu_giao", l);
	l = td_v_list();
	for (i = 0; l && i < c->n_bands; i++) {
		const td_band *y = &c->bands[i];
		td_value *m = td_v_map();

		if (m) {
			td_v_map_set(m, "ten", td_v_str_or_null(y->name));
			td_v_map_set(m, "diem_toi_thieu", y->has_min_total ? td_v_num(y->min_total) : td_v_null());
			td_v_map_set(m, "tieu_chi_khong_duoi", pct_or_null(y->min_crit_pct));
			td_v_map_set(m, "phan_khong_duoi", pct_or_null(y->min_section_pct));
		}
		td_v_list_push(l, m);
	}
	td_v_map_set(root, "xep_loai", l);
	l = td_v_list();
	for (i = 0; l && i < c->n_awards; i++)
		td_v_list_push(l, award(c, &c->awards[i]));
	td_v_map_set(root, "khen_thuong", l);
	if (td_content_to_value(root, c) || td_v_failed(root)) {
		td_v_unref(root);
		return td_error_oom();
	}
	*out = root;
	return 0;
}
