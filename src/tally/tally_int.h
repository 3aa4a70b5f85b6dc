/* tally_int.h - the tally's internals (private to src/tally, src/report and the
 * tests): the result object, the arithmetic (tally.c), the ranking and the
 * proposed awards (rank.c). The rules are documented in docs/tally.md.
 *
 * A tally owns copies of everything it shows (names, criteria, awards), so
 * it does not depend on the cluster it was computed from. Points are int64
 * hundredths. */
#ifndef TD_TALLY_INT_H
#define TD_TALLY_INT_H

#include <stddef.h>
#include <stdint.h>

#include "model/cluster.h"
#include "form/form.h"
#include "thidua.h"

/* One criterion as the tally sees it. */
typedef struct td_tcrit {
	char *code;           /* owned */
	char *text;           /* owned, may be NULL */
	td_crit_kind kind;
	int64_t max, cap;
	int depth;
} td_tcrit;

/* One unit's scores and result. */
typedef struct td_tunit {
	thidua_unit_result r; /* the public view; its strings point at code,
	                         name and the awards below */
	char *code, *name;    /* owned */
	size_t index;         /* in the cluster's protocol order */
	int64_t *self;        /* per criterion (owned): a leaf's score as the unit
	                         gave it (cross-scoring: the mean of the others'),
	                         a node's subtotal after caps */
	int64_t *clus;        /* the same from the cluster's scores (0 when none) */
	int64_t *fin;         /* the same from the final scores */
	unsigned char *has_clus; /* per criterion: a cluster score was given (for
	                            a node: for some leaf below it) */
	int has_cluster;      /* any cluster score at all */
	size_t n_scorers;     /* cross-scoring: sheets that scored this unit */
	int award;            /* index into the tally's awards, -1 for none */
	int award_vote;       /* tied for the award's last places: the meeting votes */
} td_tunit;

typedef struct td_taward {
	char *name;           /* owned */
	int quota;
	int64_t min_total;
	int needs_vote;
	size_t given;         /* units proposed (those left to a vote included) */
} td_taward;

struct thidua_tally {
	int provisional;
	int cross, drop_extremes;
	td_cluster_kind kind;
	int year;
	char *name, *parent_body, *place;        /* owned; parent_body may be NULL */
	char **recipients; size_t n_recipients;  /* owned */
	/* the head unit, who signs the report (owned, any may be NULL) */
	char *head_name, *head_title, *head_signer;
	td_tcrit *crit; size_t n_crit;
	td_crit_info *info;   /* owned, one per criterion: leaves, classes,
	                         limits, as the sheet scores them */
	td_tunit *units; size_t n_units;         /* protocol order */
	size_t *ranked;       /* indexes into units: rank order, units with no
	                         sheet last (in protocol order) */
	td_taward *awards; size_t n_awards;
	td_tiebreak_kind *tb_kind; size_t n_tb;  /* the tie-break rules in force */
	size_t *tb_section;   /* for TD_TIE_SECTION: index into crit (SIZE_MAX
	                         when the code is unknown) */
	char **tb_label;      /* owned: "Điểm Phần I", ... */
};

/* Compute the results of a cluster from the scores read (tally.c): the
 * scores of each unit, the totals, the ranking and the awards (rank.c).
 * Problems found on the way (a cross-scoring cluster score given twice
 * with different values) go to diags. *out is owned by the caller
 * (thidua_tally_free); 0 or THIDUA_ENOMEM. */
int td_tally_compute(thidua_tally **out, const thidua_cluster *c, const td_scores_set *set,
                     thidua_diags *diags);

/* The mean of n scores in hundredths, rounded half away from zero; with
 * drop_extremes and n >= 3, one highest and one lowest are left out
 * first. 0 when n is 0. */
int64_t td_tally_mean(const int64_t *v, size_t n, int drop_extremes);

/* Rank the units and propose the awards (rank.c). 0 or THIDUA_ENOMEM. */
int td_tally_rank(thidua_tally *t);

/* The text of a tie-break rule in Vietnamese ("Ít điểm trừ hơn"); section
 * may be NULL. Owned by the caller (td_free); NULL when out of memory. */
char *td_tally_tiebreak_label(td_tiebreak_kind kind, const char *section);

#endif
