/* vocab.c - the words of a criteria table as councils write them (Loại,
 * Cách chấm, Không xét khen, bonus and deduction headings), naming the cell
 * of one value, and resolving names between sheets (awards barred from,
 * the minimum band of an award). docs/data-format.md lists every word. */
#include "model/model_int.h"
#include "odf/sheet.h"
#include "text/vi.h"
#include "util/alloc.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_words[] = {
	"Phần", "Mục",
	"Tiêu chí",
	"Cộng", "Điểm cộng", "Điểm thưởng", "Thưởng", "Cộng điểm",
	"Trừ", "Điểm trừ", "Phạt", "Trừ điểm",
	"Điều kiện"
};
static const td_crit_kind kind_of[] = {
	TD_CRIT_SECTION, TD_CRIT_SECTION,
	TD_CRIT_ITEM,
	TD_CRIT_BONUS, TD_CRIT_BONUS, TD_CRIT_BONUS, TD_CRIT_BONUS, TD_CRIT_BONUS,
	TD_CRIT_DEDUCTION, TD_CRIT_DEDUCTION, TD_CRIT_DEDUCTION, TD_CRIT_DEDUCTION,
	TD_CRIT_CONDITION
};

int td_m_parse_crit_kind(td_crit_kind *kind, const char *word)
{
	size_t i;
	int rc = td_m_match(&i, word, kind_words, sizeof kind_words / sizeof *kind_words);

	if (rc == 0)
		*kind = kind_of[i];
	return rc;
}

static const char *const method_words[] = {
	"Chấm trực tiếp", "Trực tiếp", "Chấm điểm",
	"Định tính", "Đạt/Không đạt", "Đạt / Không đạt", "Đạt hoặc không đạt",
	"Chấm thẳng", "Theo lần", "Mỗi lần", "Theo số lần",
	"Định lượng", "Theo chỉ tiêu",
	"Dẫn đầu cụm", "Dẫn đầu khối", "Định lượng dẫn đầu cụm", "Định lượng dẫn đầu khối",
	"Định lượng, dẫn đầu cụm", "Định lượng, dẫn đầu khối"
};
static const td_method method_of[] = {
	TD_METHOD_DIRECT, TD_METHOD_DIRECT, TD_METHOD_DIRECT,
	TD_METHOD_PASS, TD_METHOD_PASS, TD_METHOD_PASS, TD_METHOD_PASS,
	TD_METHOD_COUNT, TD_METHOD_COUNT, TD_METHOD_COUNT, TD_METHOD_COUNT,
	TD_METHOD_TARGET, TD_METHOD_TARGET,
	TD_METHOD_LEADER, TD_METHOD_LEADER, TD_METHOD_LEADER, TD_METHOD_LEADER,
	TD_METHOD_LEADER, TD_METHOD_LEADER
};

int td_m_parse_method(td_method *method, const char *word)
{
	size_t i;
	int rc = td_m_match(&i, word, method_words, sizeof method_words / sizeof *method_words);

	if (rc == 0)
		*method = method_of[i];
	return rc;
}

int td_m_parse_bar_word(td_bar *bar, const char *word)
{
	static const char *const words[] = {
		"x", "Có", "TRUE", "Tất cả", "Tất cả các hình thức", "Không xét tất cả",
		"Không", "-", "FALSE"
	};
	static const td_bar bars[] = {
		TD_BAR_FIRST, TD_BAR_FIRST, TD_BAR_FIRST, TD_BAR_ALL, TD_BAR_ALL, TD_BAR_ALL,
		TD_BAR_NONE, TD_BAR_NONE, TD_BAR_NONE
	};
	size_t i;
	int rc = td_m_match(&i, word, words, sizeof words / sizeof *words);

	if (rc == 0)
		*bar = bars[i];
	return rc;
}

int td_m_rule_heading(td_crit_kind *kind, const char *text)
{
	static const char *const heads[] = {
		"Điểm cộng", "Điểm thưởng", "Cộng điểm", "Điểm trừ", "Trừ điểm"
	};
	char *key = NULL, *hk = NULL;
	size_t i;
	int found = 0;

	if (!text)
		return 0;
	if (td_text_match_key(&key, text))
		return THIDUA_ENOMEM;
	for (i = 0; i < sizeof heads / sizeof *heads && !found; i++) {
		size_t n;

		if (td_text_match_key(&hk, heads[i])) {
			td_free(key);
			return THIDUA_ENOMEM;
		}
		n = strlen(hk);
		/* "ĐIỂM CỘNG", "V. ĐIỂM TRỪ", "Điểm thưởng (tối đa 10)" */
		{
			const char *p = key;
			while (*p && (strchr("ivxlcdm0123456789. ", *p)) && p - key < 8)
				p++;
			if (strncmp(p, hk, n) == 0 && (p[n] == '\0' || p[n] == ' ' || p[n] == '(' ||
			                              p[n] == ':' || p[n] == ','))
				found = 1;
			else if (strncmp(key, hk, n) == 0 && (key[n] == '\0' || key[n] == ' ' ||
			                                      key[n] == '(' || key[n] == ':' || key[n] == ','))
				found = 1;
		}
		if (found)
			*kind = i < 3 ? TD_CRIT_BONUS : TD_CRIT_DEDUCTION;
		td_free(hk);
		hk = NULL;
	}
	td_free(key);
	return found;
}

const char *td_m_at(char *buf, const char *where, long col)
{
	const char *bang, *p;
	char a1[32];
	long row;

	if (!where || col < 0 || !(bang = strrchr(where, '!')))
		return where;
	p = bang + 1;
	while (*p >= 'A' && *p <= 'Z')
		p++;
	if (p == bang + 1 || *p < '1' || *p > '9')
		return where;
	row = strtol(p, NULL, 10);
	if (row < 1)
		return where;
	td_a1(a1, sizeof a1, (uint32_t)(row - 1), (uint32_t)col);
	snprintf(buf, TD_M_WHERE, "%.*s!%s", (int)(bang - where), where, a1);
	return buf;
}

/* The index of the award whose name matches, SIZE_MAX when none (m.fatal
 * on out of memory). */
static size_t find_award(td_mctx *m, const thidua_cluster *c, const char *name)
{
	char *key = NULL, *ak = NULL;
	size_t i, found = SIZE_MAX;

	if (td_text_match_key(&key, name)) {
		td_m_oom(m);
		return SIZE_MAX;
	}
	for (i = 0; i < c->n_awards && found == SIZE_MAX; i++) {
		if (!c->awards[i].name)
			continue;
		if (td_text_match_key(&ak, c->awards[i].name)) {
			td_m_oom(m);
			break;
		}
		if (strcmp(ak, key) == 0)
			found = i;
		td_free(ak);
		ak = NULL;
	}
	td_free(key);
	return found;
}

void td_m_default_methods(thidua_cluster *c, const unsigned char *written)
{
	size_t i, j;

	for (i = 0; i < c->n_criteria; i++) {
		td_criterion *k = &c->criteria[i];
		int leaf = 1;

		for (j = i + 1; j < c->n_criteria && leaf; j++)
			leaf = c->criteria[j].parent != i;
		if (!written[i] && leaf && (k->kind == TD_CRIT_BONUS || k->kind == TD_CRIT_DEDUCTION))
			k->method = TD_METHOD_COUNT;
	}
}

void td_m_resolve(td_mctx *m, thidua_cluster *c)
{
	char buf[TD_M_WHERE];
	size_t i, j;

	for (i = 0; i < c->n_criteria && !m->fatal; i++) {
		td_criterion *k = &c->criteria[i];

		if (k->bars != TD_BAR_NAMED || !k->n_bar_awards)
			continue;
		k->bar_award_index = td_calloc(k->n_bar_awards, sizeof *k->bar_award_index);
		if (!k->bar_award_index) {
			td_m_oom(m);
			return;
		}
		for (j = 0; j < k->n_bar_awards && !m->fatal; j++) {
			k->bar_award_index[j] = find_award(m, c, k->bar_awards[j]);
			if (k->bar_award_index[j] == SIZE_MAX && !m->fatal) {
				k->bad |= TD_BAD_BARS;
				td_m_error(m, "data.unknown-award", td_m_at(buf, k->where, c->crit_col[TD_CF_BARS]),
				           "Không xét khen: \"%s\" không phải là hình thức nào ở trang \"Khen thưởng\"; ghi \"x\" (hình thức đầu tiên), \"Tất cả\", hoặc tên các hình thức, mỗi dòng một tên.",
				           "Không xét khen: \"%s\" is no award of the \"Khen thưởng\" sheet; write \"x\" (the first award), \"Tất cả\" (all), or award names, one a line.",
				           k->bar_awards[j]);
			}
		}
	}
	for (i = 0; i < c->n_awards && !m->fatal; i++) {
		td_award *a = &c->awards[i];
		char *key = NULL, *bk = NULL;

		a->min_band = SIZE_MAX;
		if (!a->min_band_name)
			continue;
		if (td_text_match_key(&key, a->min_band_name)) {
			td_m_oom(m);
			return;
		}
		for (j = 0; j < c->n_bands && a->min_band == SIZE_MAX; j++) {
			if (!c->bands[j].name)
				continue;
			if (td_text_match_key(&bk, c->bands[j].name)) {
				td_m_oom(m);
				break;
			}
			if (strcmp(bk, key) == 0)
				a->min_band = j;
			td_free(bk);
			bk = NULL;
		}
		td_free(key);
		if (a->min_band == SIZE_MAX && !m->fatal) {
			a->bad |= TD_BAD_BAND;
			td_m_error(m, "data.unknown-band", td_m_at(buf, a->where, c->award_col[TD_AF_MIN_BAND]),
			           "Xếp loại tối thiểu \"%s\" không có ở trang \"Xếp loại\".",
			           "Xếp loại tối thiểu (minimum band) \"%s\" is not on the \"Xếp loại\" sheet.",
			           a->min_band_name);
		}
	}
}
