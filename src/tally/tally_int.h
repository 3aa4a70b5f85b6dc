/* tally_int.h - the tally's internals (private to src/tally, src/report, src/api
 * and the tests): the result object; the set-up and copies of the cluster
 * (tally.c); the entries of each unit by source (sources.c); points, leader
 * rows, totals, bars and classification (points.c); the ranking and the
 * proposed awards per group (rank.c). The rules are in docs/tally.md.
 *
 * A tally owns copies of everything it shows (names, criteria, awards,
 * bands, groups, bodies), so it does not depend on the cluster it was
 * computed from. Points are int64 hundredths. */
#ifndef TD_TALLY_INT_H
#define TD_TALLY_INT_H

#include <stddef.h>
#include <stdint.h>

#include "model/cluster.h"
#include "model/rules.h"
#include "form/form.h"
#include "thidua.h"

/* One criterion as the tally sees it. */
typedef struct td_tcrit {
	char *code;           /* owned */
	char *text;           /* owned, may be NULL */
	td_crit_kind kind;
	td_method method;
	int64_t max, cap;
	int depth;
	size_t body;          /* index into the tally's bodies, or SIZE_MAX */
} td_tcrit;

/* Where a value of a criterion comes from (the final column: the first
 * given of body, head, self). */
typedef enum {
	TD_SRC_NONE = 0,
	TD_SRC_SELF = 1,      /* the unit's own entry (cross-scoring: the mean) */
	TD_SRC_HEAD = 2,      /* the cluster's (head's) verification */
	TD_SRC_BODY = 3       /* the scoring body of the criterion */
} td_src;

/* Bits of td_tunit.has: which sources gave a value. */
enum { TD_HAS_SELF = 1, TD_HAS_HEAD = 2, TD_HAS_BODY = 4 };

/* The columns computed for each unit. */
enum { TD_COL_S = 0, TD_COL_H = 1, TD_COL_F = 2 };

/* One unit's scores and result. */
typedef struct td_tunit {
	thidua_unit_result r; /* the public view; its strings point at the
	                         strings below and the tally's */
	char *code, *name;    /* owned */
	char *barred_text;    /* owned: the awards it is barred from, or NULL */
	char *bar_reason;     /* owned: the codes of the rows that bar it
	                         ("IV.1, V.2"), or NULL */
	size_t index;         /* in the cluster's protocol order */
	size_t group;         /* index into the tally's groups */
	/* Per criterion (owned, n_crit each). The values gathered from the
	 * sheets, for takes_entry rows: a LEADER row's actual value, a
	 * CONDITION's answer (1 Có, 0 Không), any other row's points
	 * (td_rules_points of the entry; cross-scoring: the mean of the
	 * scorers' points). */
	int64_t *in_self, *in_head, *in_body;
	unsigned char *has;   /* TD_HAS_* bits */
	unsigned char *src;   /* td_src of the final value (takes_entry rows) */
	int64_t *target;      /* the unit's target (TARGET/LEADER rows), 0 none */
	/* Points per criterion as each column shows them: a row's points, a
	 * node's subtotal after caps and inner rules (td_crit_column). */
	int64_t *self;        /* the unit's own (cross-scoring: the means) */
	int64_t *clus;        /* the cluster's column (0 where empty) */
	int64_t *fin;         /* the final scores */
	unsigned char *has_clus; /* a cluster score was given (for a node: for
	                            some row below it) */
	int has_cluster;      /* any cluster score at all */
	int has_results;      /* a usable (not blank) sheet: scored, ranked */
	size_t n_scorers;     /* cross-scoring: sheets that scored this unit */
	size_t band;          /* index into bands, SIZE_MAX none */
	unsigned char *barred;/* per award (n_awards): barred from it */
	int award;            /* index into the tally's awards, -1 for none */
	int award_vote;       /* tied for the award's last places: the meeting votes */
} td_tunit;

typedef struct td_taward {
	char *name;           /* owned */
	char *key;            /* owned: td_text_match_key of the name */
	td_quota_kind quota_kind;
	int quota;            /* COUNT: the count; PERCENT: hundredths of a % */
	int64_t min_total;
	int needs_vote;
	size_t min_band;      /* index into bands, SIZE_MAX none */
	int64_t min_crit_pct; /* hundredths of a percent, -1 none */
	size_t *places;       /* per group: places (SIZE_MAX: unlimited) */
	size_t *given;        /* per group: units proposed (votes included) */
} td_taward;

typedef struct td_tband {
	char *name;           /* owned */
	int has_min_total;
	int64_t min_total;
	int64_t min_crit_pct, min_section_pct; /* -1 none */
} td_tband;

/* A group of units (Nhóm), in order of first appearance. */
typedef struct td_tgroup {
	char *name;           /* owned; NULL: units with no group */
	char *key;            /* owned: match key ("" for NULL) */
	size_t members;       /* units of the cluster in the group */
} td_tgroup;

struct thidua_tally {
	int provisional;
	int cross, drop_extremes;
	td_cluster_kind kind;
	int year;
	char *name, *parent_body, *place;        /* owned; parent_body may be NULL */
	char **recipients; size_t n_recipients;  /* owned */
	/* the head unit, who signs the report (owned, any may be NULL) */
	char *head_name, *head_authority, *head_title, *head_signer;
	td_tcrit *crit; size_t n_crit;
	td_crit_info *info;   /* owned, one per criterion: leaves, classes,
	                         limits, as the sheet scores them */
	char **bodies; size_t n_bodies;          /* owned: the scoring bodies' names */
	td_tunit *units; size_t n_units;         /* protocol order */
	size_t *ranked;       /* indexes into units: group by group (in order
	                         of appearance), each in rank order; then the
	                         units with no results, in protocol order */
	td_tgroup *groups; size_t n_groups;      /* at least one */
	td_taward *awards; size_t n_awards;
	td_tband *bands; size_t n_bands;
	td_tiebreak_kind *tb_kind; size_t n_tb;  /* the tie-break rules in force */
	size_t *tb_section;   /* for TD_TIE_SECTION: index into crit (SIZE_MAX
	                         when the code is unknown) */
	char **tb_label;      /* owned: "Điểm Phần I", ... */
};

/* Compute the results of a cluster from the entries read (tally.c): the
 * values of each unit by source (sources.c), the points, totals, bars and
 * bands (points.c), the ranking and the awards (rank.c). Problems found on
 * the way (a cross-scoring cluster score given twice with different
 * values, a missing body sheet, a missing target) go to diags. *out is
 * owned by the caller (thidua_tally_free); 0 or THIDUA_ENOMEM. */
int td_tally_compute(thidua_tally **out, const thidua_cluster *c, const td_scores_set *set,
                     thidua_diags *diags);

/* The mean of n values in hundredths, rounded half away from zero; with
 * drop_extremes and n >= 3, one highest and one lowest are left out
 * first. 0 when n is 0. */
int64_t td_tally_mean(const int64_t *v, size_t n, int drop_extremes);

/* sources.c: fill in_self / in_head / in_body / has of every unit from the
 * sheets, and has_results, unscored, n_scorers. c is the cluster the tally
 * was set up from. 0 or THIDUA_ENOMEM. */
int td_tally_sources(thidua_tally *t, const thidua_cluster *c, const td_scores_set *set,
                     thidua_diags *diags);

/* points.c: the points of every column (leader rows per group), the totals,
 * the bars and the band of every unit with results. 0 or THIDUA_ENOMEM. */
int td_tally_points(thidua_tally *t, const thidua_cluster *c);

/* 1 when every scored criterion (item with max > 0) of u has a final
 * score of at least pct (hundredths of a percent) of its max. */
int td_tally_crit_pct_ok(const thidua_tally *t, const td_tunit *u, int64_t pct);

/* Rank the units and propose the awards, per group (rank.c). 0 or
 * THIDUA_ENOMEM. */
int td_tally_rank(thidua_tally *t);

/* The text of a tie-break rule in Vietnamese ("Ít điểm trừ hơn"); section
 * may be NULL. Owned by the caller (td_free); NULL when out of memory. */
char *td_tally_tiebreak_label(td_tiebreak_kind kind, const char *section);

/* Who gave the final value of criterion k of unit u, as shown: "Đơn vị"
 * (cross-scoring: "Chấm chéo"), "Cụm" / "Khối", a body's name; NULL when
 * nobody did or the row takes no entry. Borrowed from the tally. */
const char *td_tally_scored_by(const thidua_tally *t, const td_tunit *u, size_t k);

#endif
