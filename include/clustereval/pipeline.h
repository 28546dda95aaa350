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

#include "clustereval/aggregate.h"
#include "clustereval/impute.h"
#include "clustereval/normalize.h"
#include "clustereval/profile.h"
#include "clustereval/rank.h"
#include "clustereval/treat.h"
#include "clustereval/status.h"
#include "clustereval/table.h"

typedef struct {
    size_t top;             /* awards to give (--top), default 10 */
    double award_amount;    /* CNY per award (--award), default 1000000 */
    const char *tie_break;  /* node code for --tie-break, or NULL */
    ce_impute_method impute;      /* --impute, default none */
    const char *impute_column;    /* the group column of group-mean/-median; the
                                     table must have been read with it as a text
                                     column (ce_table_read_opts) */
    double min_coverage;          /* --min-coverage, 0 = everyone is ranked */
    ce_treat_method treat;        /* --treat, default none */
    ce_normalize_options normalize; /* --normalize, --range, --zscore */
    int range_given;              /* --range given: keep it even for geometric */
    ce_agg_method aggregate;      /* --aggregate: the composite and every group
                                     without an `aggregate` in the profile */
    int flatten;                  /* --flatten */
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

/* Runs the pipeline: denominate -> screen (--min-coverage) -> impute ->
 * treat -> normalise -> aggregate -> rank -> award. Warnings (constant or
 * empty indicators, treated indicators, an award tie) go to diag.
 * Errors: CE_ERR_USAGE for an unknown --tie-break node or an --impute
 * column the table lacks; CE_ERR_DATA for a zero denominator, an unknown
 * `aggregate` or missing target/goalposts in the profile, a non-positive
 * value under geometric/harmonic aggregation (each naming file and line);
 * CE_ERR_IO when out of memory. */
ce_status ce_pipeline_run(const ce_table *t, const ce_profile *p, const ce_pipeline_options *o,
                          ce_result **out, ce_diag *diag, ce_error *err);
void ce_result_free(ce_result *r);

/* Stage 1 on its own, for commands that work on the indicator values as
 * the pipeline sees them: divides, in x (rows x indicators, a copy of
 * ce_table_values), every indicator that has a `denominator` in the
 * profile by that column of the table. A missing denominator makes the
 * value missing (no_den, if not NULL, marks it); a zero denominator is
 * CE_ERR_DATA naming the file, line and column. */
ce_status ce_pipeline_denominate(const ce_table *t, const ce_profile *p, double *x,
                                 unsigned char *no_den, ce_error *err);

#endif
