/* rules_fixture.c - the cluster of rules_fixture.h. */
#include "rules_fixture.h"
#include "util/alloc.h"

#include <string.h>

static int add_unit(thidua_cluster *c, const char *code, const char *name)
{
	td_unit *n = td_realloc(c->units, (c->n_units + 1) * sizeof *n), *u;

	if (!n)
		return -1;
	c->units = n;
	u = &c->units[c->n_units++];
	memset(u, 0, sizeof *u);
	u->order = (int)c->n_units;
	u->role = c->n_units == 1 ? TD_ROLE_HEAD : TD_ROLE_MEMBER;
	u->code = td_strdup(code);
	u->name = td_strdup(name);
	return u->code && u->name ? 0 : -1;
}

/* The parent is found from the code. */
static td_criterion *add(thidua_cluster *c, const char *code, const char *text,
                         td_crit_kind kind, td_method method, int64_t max, int64_t per,
                         int64_t cap)
{
	td_criterion *n = td_realloc(c->criteria, (c->n_criteria + 1) * sizeof *n), *k;
	const char *dot = strrchr(code, '.');
	size_t i;

	if (!n)
		return NULL;
	c->criteria = n;
	k = &c->criteria[c->n_criteria];
	memset(k, 0, sizeof *k);
	k->code = td_strdup(code);
	k->text = td_strdup(text);
	k->kind = kind;
	k->method = method;
	k->max = max;
	k->per_event = per;
	k->cap = cap;
	k->parent = SIZE_MAX;
	k->body = SIZE_MAX;
	if (dot)
		for (i = 0; i < c->n_criteria; i++)
			if (strlen(c->criteria[i].code) == (size_t)(dot - code) &&
			    !strncmp(c->criteria[i].code, code, (size_t)(dot - code))) {
				k->parent = i;
				k->depth = c->criteria[i].depth + 1;
				k->body = c->criteria[i].body;
			}
	c->n_criteria++;
	return k->code && k->text ? k : NULL;
}

static int target(thidua_cluster *c, size_t unit, size_t crit, int64_t value)
{
	td_target *n = td_realloc(c->targets_given, (c->n_targets_given + 1) * sizeof *n);

	if (!n)
		return -1;
	c->targets_given = n;
	memset(&n[c->n_targets_given], 0, sizeof *n);
	n[c->n_targets_given].unit = unit;
	n[c->n_targets_given].crit = crit;
	n[c->n_targets_given].value = value;
	c->n_targets_given++;
	return 0;
}

thidua_cluster *tu_rules_cluster(void)
{
	static const int64_t t3[] = { 10000, 8000, 12000, 5000 };
	static const int64_t t4[] = { 20000, 15000, 10000, 10000 };
	thidua_cluster *c = td_cluster_new("rules-fixture");
	td_criterion *k;
	size_t u;
	int ok = 1;

	if (!c)
		return NULL;
	c->kind = TD_KIND_CUM;
	c->name = td_strdup("Cụm thi đua số 5 (ví dụ)");
	c->parent_body = td_strdup("Ủy ban nhân dân tỉnh (ví dụ)");
	c->year = 2025;
	c->place = td_strdup("Hưng Yên");
	c->empty_zero = 1u << TD_CRIT_BONUS | 1u << TD_CRIT_DEDUCTION | 1u << TD_CRIT_CONDITION;
	ok &= c->name && c->parent_body && c->place;
	ok &= add_unit(c, "A", "Sở Nội vụ (ví dụ)") == 0;
	ok &= add_unit(c, "B", "Sở Tư pháp (ví dụ)") == 0;
	ok &= add_unit(c, "C", "Sở Xây dựng (ví dụ)") == 0;
	ok &= add_unit(c, "D", "Sở Y tế (ví dụ)") == 0;
	c->bodies = td_calloc(1, sizeof *c->bodies);
	if (c->bodies) {
		c->n_bodies = 1;
		c->bodies[0].code = td_strdup("STC");
		c->bodies[0].name = td_strdup("Sở Tài chính");
		ok &= c->bodies[0].code && c->bodies[0].name;
	} else {
		ok = 0;
	}
	c->awards = td_calloc(2, sizeof *c->awards);
	if (c->awards) {
		c->n_awards = 2;
		c->awards[0].name = td_strdup("Cờ thi đua của UBND tỉnh");
		c->awards[0].quota = 1;
		c->awards[0].min_band = SIZE_MAX;
		c->awards[0].min_crit_pct = -1;
		c->awards[1].name = td_strdup("Bằng khen của Chủ tịch UBND tỉnh");
		c->awards[1].quota = 2;
		c->awards[1].min_band = SIZE_MAX;
		c->awards[1].min_crit_pct = -1;
		ok &= c->awards[0].name && c->awards[1].name;
	} else {
		ok = 0;
	}
	ok &= add(c, "I", "CÔNG TÁC CHUYÊN MÔN", TD_CRIT_SECTION, TD_METHOD_DIRECT, 6000, 0, 0) != NULL;
	ok &= add(c, "I.1", "Hoàn thành nhiệm vụ trọng tâm", TD_CRIT_ITEM, TD_METHOD_DIRECT, 2000,
	          0, 0) != NULL;
	ok &= add(c, "I.2", "Chấp hành chế độ báo cáo", TD_CRIT_ITEM, TD_METHOD_PASS, 1000, 0, 0) !=
	      NULL;
	k = add(c, "I.3", "Thu ngân sách", TD_CRIT_ITEM, TD_METHOD_TARGET, 1000, 0, 0);
	ok &= k && (k->measure = td_strdup("tỷ đồng")) != NULL;
	k = add(c, "I.4", "Giải quyết hồ sơ đúng hạn", TD_CRIT_ITEM, TD_METHOD_LEADER, 1000, 0, 0);
	ok &= k && (k->measure = td_strdup("hồ sơ")) != NULL;
	k = add(c, "I.5", "Quản lý tài chính, tài sản công", TD_CRIT_ITEM, TD_METHOD_DIRECT, 1000, 0,
	        0);
	if (k) {
		k->body = 0;
		k->has_floor = 1;
		k->floor = 500;
	}
	ok &= k != NULL;
	ok &= add(c, "I.5.1", "Chậm nộp báo cáo quyết toán", TD_CRIT_DEDUCTION, TD_METHOD_COUNT, 0,
	          100, 0) != NULL;
	ok &= add(c, "I.5.2", "Báo cáo được biểu dương", TD_CRIT_BONUS, TD_METHOD_DIRECT, 0, 0,
	          100) != NULL;
	ok &= add(c, "II", "CÔNG TÁC THI ĐUA", TD_CRIT_SECTION, TD_METHOD_DIRECT, 4000, 0, 0) != NULL;
	ok &= add(c, "II.1", "Xây dựng kế hoạch thi đua", TD_CRIT_ITEM, TD_METHOD_DIRECT, 2000, 0,
	          0) != NULL;
	ok &= add(c, "II.2", "Phong trào thi đua phát động", TD_CRIT_ITEM, TD_METHOD_COUNT, 2000, 500,
	          0) != NULL;
	ok &= add(c, "III", "ĐIỂM CỘNG", TD_CRIT_SECTION, TD_METHOD_DIRECT, 0, 0, 500) != NULL;
	ok &= add(c, "III.1", "Khen thưởng cấp Nhà nước", TD_CRIT_BONUS, TD_METHOD_COUNT, 0, 200,
	          400) != NULL;
	ok &= add(c, "III.2", "Sáng kiến được công nhận", TD_CRIT_BONUS, TD_METHOD_DIRECT, 0, 0,
	          300) != NULL;
	ok &= add(c, "IV", "ĐIỂM TRỪ", TD_CRIT_SECTION, TD_METHOD_DIRECT, 0, 0, 0) != NULL;
	k = add(c, "IV.1", "Cán bộ bị kỷ luật", TD_CRIT_DEDUCTION, TD_METHOD_COUNT, 0, 300, 0);
	if (k) {
		k->bars = TD_BAR_FIRST;
		k->disqualifies = 1;
	}
	ok &= k != NULL;
	k = add(c, "IV.2", "Không đăng ký thi đua", TD_CRIT_CONDITION, TD_METHOD_DIRECT, 0, 0, 0);
	if (k) {
		k->bars = TD_BAR_ALL;
		k->disqualifies = 1;
	}
	ok &= k != NULL;
	for (u = 0; u < 4 && ok; u++) {
		ok &= target(c, u, 3, t3[u]) == 0;
		ok &= target(c, u, 4, t4[u]) == 0;
	}
	if (!ok) {
		thidua_cluster_free(c);
		return NULL;
	}
	return c;
}

