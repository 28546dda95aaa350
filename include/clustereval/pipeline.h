/* pipeline.h - the ranking pipeline of DESIGN.md §4: normalise, aggregate,
 * rank, award. Stages are separate functions so that a step which changes
 * only weights can re-run aggregation and ranking on the normalised matrix.
 *
 * Whoever calls ce_pipeline_run owns the result and frees it with
 * ce_result_free.
 */
#ifndef CLUSTEREVAL_PIPELINE_H
#define CLUSTEREVAL_PIPELINE_H

#include <stddef.h>

#include "clustereval/profile.h"
#include "clustereval/rank.h"
#include "clustereval/status.h"
#include "clustereval/table.h"

typedef struct {
    size_t top;             /* awards to give (--top), default 10 */
    double award_amount;    /* CNY per award (--award), default 1000000 */
    const char *tie_break;  /* node code for --tie-break, or NULL */
} ce_pipeline_options;

/* Sets the defaults above. */
void ce_pipeline_options_init(ce_pipeline_options *o);

typedef struct {
    size_t rows, n_leaves, n_nodes, n_dims;
    double *norm;         /* rows x n_leaves normalised indicators (NaN missing) */
    double *nodes;        /* rows x n_nodes node scores (profile node order) */
    double *composite;    /* rows; NaN when unranked */
    size_t *rank;         /* rows; 0 when unranked */
    size_t *dim_rank;     /* rows x n_dims; 0 when the dimension score is missing */
    ce_award *award;      /* rows */
    double *amount;       /* rows: award amount in CNY */
    double *coverage;     /* rows: share of indicator values present, 0..1 */
    char **notes;         /* rows; "" when nothing to say, never NULL */
    size_t *order;        /* rows: output order (rank, then id bytewise; unranked last) */
    size_t n_ranked, n_candidates;
    ce_award_summary awards;
} ce_result;

/* Runs the default pipeline. Warnings (constant or empty indicators, an
 * award tie) go to diag. Errors: CE_ERR_USAGE for an unknown --tie-break
 * node, CE_ERR_IO when out of memory. */
ce_status ce_pipeline_run(const ce_table *t, const ce_profile *p, const ce_pipeline_options *o,
                          ce_result **out, ce_diag *diag, ce_error *err);
void ce_result_free(ce_result *r);

#endif
