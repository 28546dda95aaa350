/* compare_side.h - this run's ranking and another side by side, index i
 * the same cluster, compared (compare.h): against a baseline ranking of the
 * same rows (another weighting of the same file), or against an earlier
 * year's ranked CSV matched by id (ce_compare_previous): this run's rows
 * first, then, in file order, the clusters of the previous file that are
 * not in the data (dropped). What `clustereval rank --baseline/--previous`
 * prints and writes to the comparison CSV.
 *
 * The side-by-side owns its arrays and comparison lists; its ids and names
 * point into the tables and the previous file, which must outlive it.
 * ce_side_by_side_fini releases it, also after a failed build.
 */
#ifndef CLUSTEREVAL_COMPARE_SIDE_H
#define CLUSTEREVAL_COMPARE_SIDE_H

#include <stddef.h>

#include "clustereval/compare.h"
#include "clustereval/pipeline.h"
#include "clustereval/status.h"
#include "clustereval/table.h"

typedef struct {
    const char *label; /* "baseline" or "previous" */
    const char *rank_column, *change_column; /* its columns in the ranked CSV */
    char *against;     /* what the other ranking is, for the summary */
    size_t n;
    const char **id, **name;
    double *rank_a, *rank_b, *change, *score_a, *score_b;
    ce_award *award_a, *award_b;
    unsigned char *in_a, *in_b;
    int matched;       /* matched by id: in_a/in_b count */
    int awards_b;      /* the other side has awards */
    int scores_b;      /* the other side has scores */
    ce_compare_input in;
    ce_comparison cmp;
    int compared;      /* cmp holds lists to release */
} ce_side_by_side;

/* Builds s (zeroed by the caller) for the baseline: t/r this run, tb/rb the
 * baseline's ranking of the same file (tb may be t); against describes the
 * baseline (copied). movers: how many largest movers ce_compare_run lists.
 * CE_ERR_DATA at data_path when the baseline's rows are not the same ids in
 * the same order ("the file changed while it was read for the baseline"). */
ce_status ce_side_by_side_baseline(ce_side_by_side *s, const char *against,
                                   const char *data_path, const ce_table *t, const ce_result *r,
                                   const ce_table *tb, const ce_result *rb, size_t movers,
                                   ce_error *err);

/* Builds s (zeroed by the caller) against the earlier ranked CSV p, matched
 * by id (ce_compare_previous_find). */
ce_status ce_side_by_side_previous(ce_side_by_side *s, const ce_table *t, const ce_result *r,
                                   const ce_compare_previous *p, size_t movers, ce_error *err);

/* Releases what s holds; s may be zeroed or partly built. */
void ce_side_by_side_fini(ce_side_by_side *s);

#endif
