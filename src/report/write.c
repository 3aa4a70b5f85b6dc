/* write.c - the summary and the report: the results as template data (names in
 * docs/tally.md) filled into the bundled templates summary.fods (the Bảng
 * tổng hợp kết quả chấm điểm: results, by criterion, problems) and
 * report.fodt (the report to attach to the minutes). */
#include "odf/outset.h"
#include "report/report.h"
#include "tally/tally_int.h"
#include "text/vi.h"
#include "tmpl/template.h"
#include "tmpl/value.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/error.h"
#include "util/compat.h"

#include <stdio.h>
#include <string.h>



static td_value *from_buf(td_buf *b)
{
	if (td_buf_oom(b)) {
		td_buf_free(b);
		return NULL;
	}
	return td_v_str_take(td_buf_detach(b));
}

static td_value *general(const thidua_tally *t)
{
	td_value *m = td_v_map(), *l = td_v_list();
	int khoi = t->kind == TD_KIND_KHOI;
	size_t i;

	for (i = 0; l && i < t->n_recipients; i++)
		td_v_list_push(l, td_v_str_or_null(t->recipients[i]));
	if (!m) {
		td_v_unref(l);
		return NULL;
	}
	td_v_map_set(m, "ten", td_v_str_or_null(t->name));
	td_v_map_set(m, "ten_hoa", td_v_str_upper(t->name));
	td_v_map_set(m, "loai", td_v_str(khoi ? "Khối" : "Cụm"));
	td_v_map_set(m, "loai_thuong", td_v_str(khoi ? "khối" : "cụm"));
	td_v_map_set(m, "loai_hoa", td_v_str(khoi ? "KHỐI" : "CỤM"));
	td_v_map_set(m, "ky_hieu", td_v_str(khoi ? "KTĐ" : "CTĐ"));
	td_v_map_set(m, "co_quan_chu_quan", td_v_str_or_null(t->parent_body));
	td_v_map_set(m, "co_quan_hoa", t->parent_body ? td_v_str_upper(t->parent_body) : td_v_str(""));
	td_v_map_set(m, "nam", td_v_int(t->year));
	td_v_map_set(m, "dia_danh", td_v_str_or_null(t->place));
	td_v_map_set(m, "noi_nhan", l);
	td_v_map_set(m, "so_don_vi", td_v_int((int64_t)t->n_units));
	td_v_map_set(m, "cham_cheo", td_v_bool(t->cross));
	td_v_map_set(m, "bo_diem_cao_thap", td_v_bool(t->drop_extremes));
	return m;
}

/* The proposal as shown: "Bằng khen ... (đề nghị, cần biểu quyết)". */
static td_value *award_text(const thidua_tally *t, const td_tunit *u)
{
	const td_taward *a;
	td_buf b = TD_BUF_INIT;

	if (u->award < 0)
		return td_v_null();
	a = &t->awards[u->award];
	td_buf_puts(&b, a->name ? a->name : "");
	if (a->needs_vote && u->award_vote)
		td_buf_puts(&b, " (đề nghị, cần biểu quyết; bằng điểm ở suất cuối)");
	else if (a->needs_vote)
		td_buf_puts(&b, " (đề nghị, cần biểu quyết)");
	else if (u->award_vote)
		td_buf_puts(&b, " (biểu quyết: bằng điểm ở suất cuối)");
	return from_buf(&b);
}

/* Notes on a unit's row: no sheet or a blank one, ties, bars. */
static td_value *unit_note(const thidua_tally *t, const td_tunit *u, int shared)
{
	td_buf b = TD_BUF_INIT;
	const char *sep = "";

	if (u->r.unscored) {
		td_buf_puts(&b, "Bảng chấm để trống (chưa chấm): không xếp hạng, không xếp loại, không xét khen");
		sep = "; ";
	} else if (!u->r.has_sheet) {
		td_buf_puts(&b, t->cross ? "Chưa có bảng chấm chéo nào cho đơn vị này"
		                         : "Chưa có bảng tự chấm điểm");
		sep = "; ";
	}
	if (u->r.tie_by_vote) {
		td_buf_printf(&b, "%sBằng điểm sau các tiêu chí xếp hạng phụ: Hội nghị biểu quyết", sep);
		sep = "; ";
	} else if (shared) {
		td_buf_printf(&b, "%sĐồng hạng", sep);
		sep = "; ";
	}
	if (u->barred_text) {
		td_buf_printf(&b, "%sKhông xét khen (%s): không xét %s", sep,
		              u->bar_reason ? u->bar_reason : "", u->barred_text);
		sep = "; ";
	}
	if (t->cross && u->r.has_sheet) {
		td_buf_printf(&b, "%sTrung bình của %zu bảng chấm", sep, u->n_scorers);
		sep = "; ";
	}
	if (!b.len) {
		td_buf_free(&b);
		return td_v_null();
	}
	return from_buf(&b);
}

/* The places of award w in group g as said: "1", "không quá 20% (1)",
 * "không giới hạn". */
static td_value *places_text(const td_taward *w, size_t g)
{
	td_buf b = TD_BUF_INIT;

	if (w->quota_kind == TD_QUOTA_UNLIMITED)
		td_buf_puts(&b, "không giới hạn");
	else if (w->quota_kind == TD_QUOTA_PERCENT) {
		td_buf_puts(&b, "không quá ");
		td_fmt_number(&b, w->quota, -1);
		td_buf_printf(&b, "%% số đơn vị, làm tròn xuống: %zu", w->places[g]);
	} else
		td_buf_printf(&b, "%zu", w->places[g]);
	return from_buf(&b);
}

/* A percentage in hundredths of a percent as shown: "85%", "82,5%". */
static td_value *pct_text(int64_t pct)
{
	td_buf b = TD_BUF_INIT;

	if (pct < 0)
		return td_v_null();
	td_fmt_number(&b, pct, -1);
	td_buf_putc(&b, '%');
	return from_buf(&b);
}

/* Values shared by the many rows of a province (immutable once built,
 * so one value may stand in every row that shows it): the null, one
 * number per value, one string per scorer's name. References returned are
 * new; NULL when out of memory. */
typedef struct vshare {
	td_value *null;
	int64_t *num_key;        /* open addressing, cap a power of two */
	td_value **num;
	size_t n_num, cap_num;
	const char *by_key[32];  /* td_tally_scored_by's strings, by address */
	td_value *by[32];
	size_t n_by;
	td_value *bools[2];
	td_value **names;        /* each unit's name (protocol order), or NULL */
	size_t n_names;
} vshare;

static void vshare_free(vshare *v)
{
	size_t i;

	td_v_unref(v->null);
	for (i = 0; i < v->cap_num; i++)
		td_v_unref(v->num[i]);
	td_free(v->num);
	td_free(v->num_key);
	for (i = 0; i < v->n_by; i++)
		td_v_unref(v->by[i]);
	td_v_unref(v->bools[0]);
	td_v_unref(v->bools[1]);
	for (i = 0; v->names && i < v->n_names; i++)
		td_v_unref(v->names[i]);
	td_free(v->names);
}

static td_value *sh_bool(vshare *v, int b)
{
	b = !!b;
	if (!v->bools[b])
		v->bools[b] = td_v_bool(b);
	return td_v_ref(v->bools[b]);
}

static td_value *sh_null(vshare *v)
{
	if (!v->null)
		v->null = td_v_null();
	return td_v_ref(v->null);
}

static size_t num_slot(const vshare *v, int64_t h)
{
	uint64_t x = (uint64_t)h * 0x9E3779B97F4A7C15ull;
	size_t i = (size_t)(x >> 17) & (v->cap_num - 1);

	while (v->num[i] && v->num_key[i] != h)
		i = (i + 1) & (v->cap_num - 1);
	return i;
}

static td_value *sh_num(vshare *v, int64_t h)
{
	size_t i;

	if ((v->n_num + 1) * 2 > v->cap_num) {
		vshare o = *v;
		size_t cap = v->cap_num ? v->cap_num * 2 : 256;

		v->num = td_calloc(cap, sizeof *v->num);
		v->num_key = td_calloc(cap, sizeof *v->num_key);
		if (!v->num || !v->num_key) {
			td_free(v->num);
			td_free(v->num_key);
			v->num = o.num;
			v->num_key = o.num_key;
			return NULL;
		}
		v->cap_num = cap;
		for (i = 0; i < o.cap_num; i++)
			if (o.num[i]) {
				size_t j = num_slot(v, o.num_key[i]);

				v->num[j] = o.num[i];
				v->num_key[j] = o.num_key[i];
			}
		td_free(o.num);
		td_free(o.num_key);
	}
	i = num_slot(v, h);
	if (!v->num[i]) {
		if (!(v->num[i] = td_v_num(h)))
			return NULL;
		v->num_key[i] = h;
		v->n_num++;
	}
	return td_v_ref(v->num[i]);
}

static td_value *sh_num_if(vshare *v, int present, int64_t h)
{
	return present ? sh_num(v, h) : sh_null(v);
}

/* s, or the shared null. */
static td_value *sh_opt(vshare *v, const char *s) { return s ? td_v_str(s) : sh_null(v); }

/* Unit u's name (t->units order). */
static td_value *sh_unit_name(vshare *v, const thidua_tally *t, size_t u)
{
	if (!v->names) {
		if (!(v->names = td_calloc(t->n_units ? t->n_units : 1, sizeof *v->names)))
			return NULL;
		v->n_names = t->n_units;
	}
	if (!v->names[u])
		v->names[u] = t->units[u].name ? td_v_str(t->units[u].name) : td_v_null();
	return td_v_ref(v->names[u]);
}

static td_value *sh_str(vshare *v, const char *s)
{
	size_t i;

	if (!s)
		return sh_null(v);
	for (i = 0; i < v->n_by; i++)
		if (v->by_key[i] == s)
			return td_v_ref(v->by[i]);
	if (v->n_by == sizeof v->by / sizeof v->by[0])
		return td_v_str(s);
	if (!(v->by[v->n_by] = td_v_str(s)))
		return NULL;
	v->by_key[v->n_by] = s;
	return td_v_ref(v->by[v->n_by++]);
}

/* ket_qua: one row per unit in the order of thidua_tally_result; only the
 * units of group g unless g is SIZE_MAX. */
static td_value *results(const thidua_tally *t, size_t g, vshare *sv)
{
	td_value *l = td_v_list();
	size_t i, tt = 0;

	for (i = 0; l && i < t->n_units; i++) {
		const td_tunit *u = &t->units[t->ranked[i]];
		const thidua_unit_result *r = &u->r;
		td_value *m;
		int has = r->has_sheet, shared = 0;

		if (g != SIZE_MAX && u->group != g)
			continue;
		m = td_v_map_sized(21);
		if (has)
			shared = (i > 0 && t->units[t->ranked[i - 1]].group == u->group &&
			          t->units[t->ranked[i - 1]].r.rank == r->rank) ||
			         (i + 1 < t->n_units && t->units[t->ranked[i + 1]].r.has_sheet &&
			          t->units[t->ranked[i + 1]].group == u->group &&
			          t->units[t->ranked[i + 1]].r.rank == r->rank);
		td_v_map_set_static(m, "tt", sh_num(sv, (int64_t)++tt * 100));
		td_v_map_set_static(m, "ma", sh_opt(sv, r->code));
		td_v_map_set_static(m, "ten", sh_unit_name(sv, t, t->ranked[i]));
		td_v_map_set_static(m, "nhom", sh_opt(sv, r->group));
		td_v_map_set_static(m, "co_bang", sh_bool(sv, has));
		td_v_map_set_static(m, "chua_cham", sh_bool(sv, r->unscored));
		td_v_map_set_static(m, "diem_chinh", sh_num_if(sv, has, r->base));
		td_v_map_set_static(m, "diem_cong", sh_num_if(sv, has, r->bonus));
		td_v_map_set_static(m, "diem_tru", sh_num_if(sv, has, r->deduction));
		td_v_map_set_static(m, "tu_cham", sh_num_if(sv, has, r->self_total));
		td_v_map_set_static(m, "tham_dinh", sh_num_if(sv, has && u->has_cluster, r->cluster_total));
		td_v_map_set_static(m, "cuoi_cung", sh_num_if(sv, has, r->final_total));
		td_v_map_set_static(m, "xep_hang", r->rank > 0 ? sh_num(sv, (int64_t)r->rank * 100) : sh_null(sv));
		td_v_map_set_static(m, "dong_hang", sh_bool(sv, shared));
		td_v_map_set_static(m, "bieu_quyet", sh_bool(sv, r->tie_by_vote));
		td_v_map_set_static(m, "xep_loai", sh_opt(sv, r->band));
		td_v_map_set_static(m, "khong_xet_khen", sh_bool(sv, r->disqualified));
		td_v_map_set_static(m, "khong_xet", sh_opt(sv, r->barred_from));
		td_v_map_set_static(m, "khen_thuong", award_text(t, u));
		td_v_map_set_static(m, "hinh_thuc", u->award >= 0 ? sh_opt(sv, r->award) : sh_null(sv));
		td_v_map_set_static(m, "ghi_chu", unit_note(t, u, shared));
		if (td_v_list_push(l, m))
			break;
	}
	return l;
}

/* de_nghi: each award with the units proposed for it in group g, in rank
 * order (every group's when g is SIZE_MAX: one entry per group and award). */
static td_value *proposals(const thidua_tally *t, size_t g)
{
	td_value *l = td_v_list();
	size_t a, i, gi;

	for (gi = 0; l && gi < t->n_groups; gi++) {
		if (g != SIZE_MAX && gi != g)
			continue;
		for (a = 0; l && a < t->n_awards; a++) {
			const td_taward *w = &t->awards[a];
			td_value *m = td_v_map(), *units = td_v_list(), *barred = td_v_list();
			size_t n_vote = 0;

			for (i = 0; units && barred && i < t->n_units; i++) {
				const td_tunit *u = &t->units[t->ranked[i]];
				td_value *d;

				if (u->group != gi)
					continue;
				if (u->has_results && u->barred[a])
					td_v_list_push(barred, td_v_str_or_null(u->name));
				if (u->award != (int)a)
					continue;
				d = td_v_map();
				td_v_map_set(d, "ten", td_v_str_or_null(u->name));
				td_v_map_set(d, "ma", td_v_str_or_null(u->code));
				td_v_map_set(d, "tong", td_v_num(u->r.final_total));
				td_v_map_set(d, "xep_hang", td_v_int(u->r.rank));
				td_v_map_set(d, "xep_loai", td_v_str_or_null(u->r.band));
				td_v_map_set(d, "bieu_quyet", td_v_bool(u->award_vote));
				n_vote += u->award_vote != 0;
				if (td_v_list_push(units, d))
					break;
			}
			td_v_map_set(m, "hinh_thuc", td_v_str_or_null(w->name));
			td_v_map_set(m, "nhom", td_v_str_or_null(t->groups[gi].name));
			td_v_map_set(m, "so_luong", w->places[gi] == SIZE_MAX ? td_v_null()
			                                                    : td_v_int((int64_t)w->places[gi]));
			td_v_map_set(m, "so_luong_chu", places_text(w, gi));
			td_v_map_set(m, "diem_toi_thieu", w->min_total > 0 ? td_v_num(w->min_total) : td_v_null());
			td_v_map_set(m, "xep_loai_toi_thieu", w->min_band != SIZE_MAX
			                                          ? td_v_str_or_null(t->bands[w->min_band].name)
			                                          : td_v_null());
			td_v_map_set(m, "tieu_chi_toi_thieu", pct_text(w->min_crit_pct));
			td_v_map_set(m, "can_bieu_quyet", td_v_bool(w->needs_vote));
			td_v_map_set(m, "so_bieu_quyet", td_v_int((int64_t)n_vote));
			td_v_map_set(m, "suat_bieu_quyet",
			             td_v_int(n_vote ? (int64_t)w->places[gi] - (int64_t)(w->given[gi] - n_vote) : 0));
			td_v_map_set(m, "khong_xet", td_v_bool(a == 0));
			td_v_map_set(m, "khong_xet_don_vi", barred);
			td_v_map_set(m, "don_vi", units);
			if (td_v_list_push(l, m))
				break;
		}
	}
	return l;
}

/* xep_loai of group g (every unit when SIZE_MAX): each band with its units. */
static td_value *bands_of(const thidua_tally *t, size_t g)
{
	td_value *l = td_v_list();
	size_t b, i;

	for (b = 0; l && b < t->n_bands; b++) {
		const td_tband *x = &t->bands[b];
		td_value *m = td_v_map(), *units = td_v_list();

		for (i = 0; units && i < t->n_units; i++) {
			const td_tunit *u = &t->units[t->ranked[i]];

			if (u->band == b && (g == SIZE_MAX || u->group == g))
				td_v_list_push(units, td_v_str_or_null(u->name));
		}
		td_v_map_set(m, "ten", td_v_str_or_null(x->name));
		td_v_map_set(m, "diem_toi_thieu", x->has_min_total ? td_v_num(x->min_total) : td_v_null());
		td_v_map_set(m, "tieu_chi_toi_thieu", pct_text(x->min_crit_pct));
		td_v_map_set(m, "phan_toi_thieu", pct_text(x->min_section_pct));
		td_v_map_set(m, "don_vi", units);
		if (td_v_list_push(l, m))
			break;
	}
	return l;
}

/* nhom: each group with its results, bands and proposals. */
static td_value *groups(const thidua_tally *t, td_value *root, vshare *sv)
{
	td_value *l = td_v_list();
	size_t g, i;
	int whole = t->n_groups == 1;

	/* one group of every unit: its lists are the whole cluster's, the
	 * same values (a province's results are not built twice) */
	for (i = 0; whole && i < t->n_units; i++)
		whole = t->units[i].group == 0;
	for (g = 0; l && g < t->n_groups; g++) {
		td_value *m = td_v_map();

		td_v_map_set(m, "ten", td_v_str_or_null(t->groups[g].name));
		td_v_map_set(m, "so_don_vi", td_v_int((int64_t)t->groups[g].members));
		if (whole && td_v_map_get(root, "ket_qua") && td_v_map_get(root, "xep_loai") &&
		    td_v_map_get(root, "de_nghi")) {
			td_v_map_set(m, "ket_qua", td_v_ref(td_v_map_get(root, "ket_qua")));
			td_v_map_set(m, "xep_loai", td_v_ref(td_v_map_get(root, "xep_loai")));
			td_v_map_set(m, "de_nghi", td_v_ref(td_v_map_get(root, "de_nghi")));
		} else {
			td_v_map_set(m, "ket_qua", results(t, g, sv));
			td_v_map_set(m, "xep_loai", bands_of(t, g));
			td_v_map_set(m, "de_nghi", proposals(t, g));
		}
		if (td_v_list_push(l, m))
			break;
	}
	return l;
}

/* The maximum shown for a criterion: Điểm chuẩn, or Tối đa of a bonus or
 * deduction. */
static td_value *shown_max(const td_tcrit *x, const td_crit_info *in)
{
	if (in->cls == TD_CRIT_ITEM)
		return x->max > 0 ? td_v_num(x->max) : td_v_null();
	if (x->cap > 0)
		return td_v_num(x->cap);
	return x->max > 0 ? td_v_num(x->max) : td_v_null();
}

/* theo_tieu_chi: one row per criterion and unit (criteria in sheet order,
 * units in protocol order). A province's 10,000 units make 260,000 rows,
 * so what the rows of one criterion (or of one unit) share is one value
 * referenced by each, not a copy in each; equal numbers, the null and the
 * scorers' names are shared too, and the rows keep their keys as
 * literals: about 230 bytes a row. */
static td_value *by_criterion(const thidua_tally *t, vshare *sv)
{
	td_value *l = td_v_list(), **names = td_calloc(t->n_units ? t->n_units : 1, sizeof *names);
	size_t k, i;

	for (i = 0; l && names && i < t->n_units; i++)
		if (!(names[i] = sh_unit_name(sv, t, i))) {
			td_v_unref(l);
			l = NULL;
		}
	if (!names) {
		td_v_unref(l);
		l = NULL;
	}
	for (k = 0; l && k < t->n_crit; k++) {
		const td_tcrit *x = &t->crit[k];
		td_value *ma = td_v_str_or_null(x->code), *text = td_v_str_or_null(x->text);
		td_value *max = shown_max(x, &t->info[k]);
		td_value *part = td_v_bool(t->info[k].parent == SIZE_MAX);

		for (i = 0; i < t->n_units; i++) {
			const td_tunit *u = &t->units[i];
			int has = u->r.has_sheet;
			td_value *m = td_v_map_sized(9);

			td_v_map_set_static(m, "ma", td_v_ref(ma));
			td_v_map_set_static(m, "noi_dung", td_v_ref(text));
			td_v_map_set_static(m, "diem_chuan", td_v_ref(max));
			td_v_map_set_static(m, "la_phan", td_v_ref(part));
			td_v_map_set_static(m, "don_vi", td_v_ref(names[i]));
			td_v_map_set_static(m, "tu_cham", sh_num_if(sv, has, u->self[k]));
			td_v_map_set_static(m, "tham_dinh", sh_num_if(sv, has && u->has_clus[k], u->clus[k]));
			td_v_map_set_static(m, "cuoi_cung", sh_num_if(sv, has, u->fin[k]));
			td_v_map_set_static(m, "cham_boi", sh_str(sv, t->info[k].takes_entry
			                                                  ? td_tally_scored_by(t, u, k) : NULL));
			if (td_v_list_push(l, m))
				break;
		}
		td_v_unref(ma);
		td_v_unref(text);
		td_v_unref(max);
		td_v_unref(part);
	}
	for (i = 0; names && i < t->n_units; i++)
		td_v_unref(names[i]);
	td_free(names);
	return l;
}

/* The criteria x units table of the summary (units in protocol order, one
 * column each): cot_don_vi (names), ma_tran[] {ma, noi_dung, diem_chuan,
 * la_phan, diem[] (final points, none without results)}, tong_cot[] (final
 * totals), hang_cot[] (ranks). */
static void matrix(td_value *root, const thidua_tally *t, vshare *sv)
{
	td_value *names = td_v_list(), *rows = td_v_list(), *tot = td_v_list(), *rank = td_v_list();
	size_t k, i;

	for (i = 0; i < t->n_units; i++) {
		const td_tunit *u = &t->units[i];
		int has = u->r.has_sheet;

		td_v_list_push(names, sh_unit_name(sv, t, i));
		td_v_list_push(tot, sh_num_if(sv, has, u->r.final_total));
		td_v_list_push(rank, u->r.rank > 0 ? sh_num(sv, (int64_t)u->r.rank * 100) : sh_null(sv));
	}
	for (k = 0; rows && k < t->n_crit; k++) {
		const td_tcrit *x = &t->crit[k];
		td_value *m = td_v_map(), *d = td_v_list();

		for (i = 0; d && i < t->n_units; i++)
			td_v_list_push(d, sh_num_if(sv, t->units[i].r.has_sheet, t->units[i].fin[k]));
		td_v_map_set(m, "ma", td_v_str_or_null(x->code));
		td_v_map_set(m, "noi_dung", td_v_str_or_null(x->text));
		td_v_map_set(m, "diem_chuan", shown_max(x, &t->info[k]));
		td_v_map_set(m, "la_phan", td_v_bool(t->info[k].parent == SIZE_MAX));
		td_v_map_set(m, "diem", d);
		if (td_v_list_push(rows, m))
			break;
	}
	td_v_map_set(root, "cot_don_vi", names);
	td_v_map_set(root, "ma_tran", rows);
	td_v_map_set(root, "tong_cot", tot);
	td_v_map_set(root, "hang_cot", rank);
}

static const char *base_name(const char *path)
{
	const char *s;

	if (!path)
		return NULL;
	s = td_last_sep(path);
	return s ? s + 1 : path;
}

static td_value *problems(const thidua_diags *diags, size_t *n_err, size_t *n_warn)
{
	td_value *l = td_v_list();
	size_t i, n = thidua_diags_count(diags);

	*n_err = *n_warn = 0;
	for (i = 0; l && i < n; i++) {
		const thidua_diag *d = thidua_diags_get(diags, i);
		td_value *m = td_v_map();

		if (d->severity == THIDUA_SEV_ERROR)
			++*n_err;
		else
			++*n_warn;
		td_v_map_set(m, "tt", td_v_int((int64_t)i + 1));
		td_v_map_set(m, "tep", td_v_str_or_null(base_name(d->file)));
		td_v_map_set(m, "vi_tri", td_v_str_or_null(d->where));
		td_v_map_set(m, "muc_do", td_v_str(d->severity == THIDUA_SEV_ERROR ? "Lỗi" : "Cảnh báo"));
		td_v_map_set(m, "ma", td_v_str_or_null(d->code));
		td_v_map_set(m, "noi_dung", td_v_str_or_null(d->message_vi));
		td_v_map_set(m, "noi_dung_en", td_v_str_or_null(d->message_en));
		if (td_v_list_push(l, m))
			break;
	}
	return l;
}

/* The data of both documents; *out owned by the caller (td_v_unref). */
static int build_data(td_value **out, const thidua_tally *t, const thidua_diags *diags)
{
	td_value *root = td_v_map(), *tb = td_v_list(), *head = td_v_map(), *dq = td_v_list();
	td_buf tbs = TD_BUF_INIT;
	size_t i, with_sheet = 0, n_err = 0, n_warn = 0;
	int any_vote = 0;
	vshare sv;

	*out = NULL;
	memset(&sv, 0, sizeof sv);
	for (i = 0; tb && i < t->n_tb; i++) {
		td_v_list_push(tb, td_v_str(t->tb_label[i]));
		td_buf_printf(&tbs, "%s%s", i ? "; " : "", t->tb_label[i]);
	}
	for (i = 0; i < t->n_units; i++) {
		const td_tunit *u = &t->units[t->ranked[i]];

		with_sheet += u->r.has_sheet != 0;
		any_vote |= u->r.tie_by_vote;
		if (u->r.disqualified && dq)
			td_v_list_push(dq, td_v_str_or_null(u->name));
	}
	if (head) {
		td_v_map_set(head, "ten", td_v_str_or_null(t->head_name));
		td_v_map_set(head, "quyen_han", td_v_str_or_null(t->head_authority));
		td_v_map_set(head, "chuc_vu", td_v_str_or_null(t->head_title));
		td_v_map_set(head, "nguoi_ky", td_v_str_or_null(t->head_signer));
	}
	if (!root) {
		td_v_unref(tb);
		td_v_unref(head);
		td_v_unref(dq);
		td_buf_free(&tbs);
		return td_error_oom();
	}
	td_v_map_set(root, "cum", general(t));
	td_v_map_set(root, "tam_tinh", td_v_bool(t->provisional));
	td_v_map_set(root, "ket_qua", results(t, SIZE_MAX, &sv));
	td_v_map_set(root, "de_nghi", proposals(t, SIZE_MAX));
	td_v_map_set(root, "xep_loai", bands_of(t, SIZE_MAX));
	td_v_map_set(root, "nhom", groups(t, root, &sv));
	/* one group, named or not, is the whole cluster: no group shown */
	td_v_map_set(root, "co_nhom", td_v_bool(t->n_groups > 1));
	td_v_map_set(root, "co_xep_loai", td_v_bool(t->n_bands > 0));
	td_v_map_set(root, "theo_tieu_chi", by_criterion(t, &sv));
	matrix(root, t, &sv);
	vshare_free(&sv);
	td_v_map_set(root, "van_de", problems(diags, &n_err, &n_warn));
	td_v_map_set(root, "so_loi", td_v_int((int64_t)n_err));
	td_v_map_set(root, "so_canh_bao", td_v_int((int64_t)n_warn));
	td_v_map_set(root, "xep_hang_phu", tb);
	td_v_map_set(root, "xep_hang_phu_chuoi", from_buf(&tbs));
	td_v_map_set(root, "truong", head);
	td_v_map_set(root, "khong_xet_khen", dq);
	td_v_map_set(root, "khen_cao_nhat",
	             t->n_awards ? td_v_str_or_null(t->awards[0].name) : td_v_null());
	td_v_map_set(root, "so_don_vi_co_bang", td_v_int((int64_t)with_sheet));
	td_v_map_set(root, "co_bieu_quyet_hang", td_v_bool(any_vote));
	td_v_map_set(root, "co_thieu_bang", td_v_bool(with_sheet < t->n_units));
	if (td_v_failed(root)) {
		td_v_unref(root);
		return td_error_oom();
	}
	*out = root;
	return 0;
}

/* Fill one bundled template into out_path, a file of the output set. Template problems are
 * collected in a list of our own (the caller's is read-only here) and the
 * first one goes into the error message. */
static int fill(const char *tmpl_name, td_value *data, const char *out_path,
                const thidua_fill_options *opts)
{
	thidua_template *tp = NULL;
	thidua_diags *d = thidua_diags_new();
	td_buf path = TD_BUF_INIT;
	int rc;

	if (!d)
		return td_error_oom();
	td_buf_printf(&path, "%s/%s", td_template_dir(opts), tmpl_name);
	if (td_buf_oom(&path)) {
		rc = td_error_oom();
		goto cleanup;
	}
	rc = thidua_template_open(&tp, path.ptr, d);
	if (!rc)
		rc = td_template_fill_staged(tp, data, out_path, d);
	if (rc && rc != THIDUA_ENOMEM && thidua_diags_error_count(d)) {
		const thidua_diag *g = NULL;
		size_t i;

		for (i = 0; i < thidua_diags_count(d) && !g; i++)
			if (thidua_diags_get(d, i)->severity == THIDUA_SEV_ERROR)
				g = thidua_diags_get(d, i);
		rc = td_error(rc, "Mẫu %s có lỗi (%s): %s", "The template %s has an error (%s): %s",
		              path.ptr, g->where ? g->where : "", g->message_vi);
	}
cleanup:
	thidua_template_free(tp);
	thidua_diags_free(d);
	td_buf_free(&path);
	return rc;
}

int td_report_write(thidua_paths *out, const thidua_tally *t, const char *out_dir,
                       const thidua_fill_options *opts, const thidua_diags *diags)
{
	static const char *const tmpl[2] = { "summary.fods", "report.fodt" };
	static const char *const name[2] = { "bang-tong-hop-ket-qua", "bao-cao-ket-qua" };
	static const char *const ext[2] = { "ods", "odt" };
	td_value *data = NULL;
	td_outset *set = NULL;
	const char *staged[2], *final;
	char **paths = NULL;
	size_t i;
	int rc;

	if (out) {
		out->paths = NULL;
		out->count = 0;
	}
	if (!t || !out_dir)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	if (!(paths = td_calloc(2, sizeof *paths)))
		return td_error_oom();
	/* all or nothing: the summary and the report are one set */
	rc = td_outset_begin(&set, out_dir, opts ? opts->overwrite : 0);
	for (i = 0; !rc && i < 2; i++) {
		td_buf p = TD_BUF_INIT;

		td_buf_printf(&p, "%s-%d.%s", name[i], t->year, ext[i]);
		if (td_buf_oom(&p)) {
			rc = td_error_oom();
			break;
		}
		rc = td_outset_add(set, p.ptr, &staged[i], &final);
		td_buf_free(&p);
		if (!rc && !(paths[i] = td_strdup(final)))
			rc = td_error_oom();
	}
	if (!rc)
		rc = build_data(&data, t, diags);
	for (i = 0; !rc && i < 2; i++)
		rc = fill(tmpl[i], data, staged[i], opts);
	if (!rc)
		rc = td_outset_commit(set);
	td_outset_free(set);
	td_v_unref(data);
	if (rc) {
		for (i = 0; i < 2; i++)
			td_free(paths[i]);
		td_free(paths);
		return rc;
	}
	if (out) {
		out->paths = paths;
		out->count = 2;
	} else {
		td_free(paths[0]);
		td_free(paths[1]);
		td_free(paths);
	}
	return 0;
}
