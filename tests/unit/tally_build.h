/* tally_build.h - clusters and returned entries built in memory for the
 * tally's tests (test_tally_rules.c, test_tally_prop.c): criteria from a
 * table, units with groups, bodies, targets, bands, awards; sheets of
 * entries as the reader gives them (form/form.h). Everything is owned by
 * the cluster or the set and freed by thidua_cluster_free / td_scores_set_clear. */
#ifndef TD_TALLY_BUILD_H
#define TD_TALLY_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "form/form.h"
#include "model/cluster.h"
#include "thidua.h"

#define TB_NO INT64_MIN  /* an empty cell */

typedef struct tb_crit {
	const char *code;
	td_crit_kind kind;
	td_method method;
	int64_t max, per_event, cap;
	int64_t floor;        /* -1: none */
	td_bar bars;
	const char *bar_names;/* TD_BAR_NAMED: names separated by '\n' */
	int body;             /* index into bodies, -1 none */
	int keep_max;
} tb_crit;

/* A cluster "Cụm thi đua số I", 2018, units U1..Un named "Đơn vị n"
 * (groups[i] their Nhóm, groups may be NULL), the criteria of the table,
 * and bodies B1..Bm named body_names[j]; freed with thidua_cluster_free. */
thidua_cluster *tb_cluster(const tb_crit *crit, size_t n_crit, size_t n_units,
                           const char *const *groups, const char *const *body_names,
                           size_t n_bodies);
void tb_target(thidua_cluster *c, size_t unit, const char *code, int64_t value);
/* min_total < 0: none; pcts < 0: none. */
void tb_band(thidua_cluster *c, const char *name, int64_t min_total, int64_t crit_pct,
             int64_t section_pct);
/* min_band SIZE_MAX none; min_crit_pct < 0 none. */
void tb_award(thidua_cluster *c, const char *name, td_quota_kind kind, int quota,
              int64_t min_total, size_t min_band, int64_t min_crit_pct);
size_t tb_crit_index(const thidua_cluster *c, const char *code);

/* A sheet of unit `unit`: scorer SIZE_MAX and body SIZE_MAX for its own. */
td_sheet_scores *tb_sheet(td_scores_set *s, size_t unit, size_t scorer, size_t body);
/* The entries of the row with this code (TB_NO: empty). */
void tb_entry(td_sheet_scores *sh, const thidua_cluster *c, const char *code, int64_t self,
              int64_t head);

#endif
