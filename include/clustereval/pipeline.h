/* pipeline.h - the ranking pipeline of DESIGN.md §4: normalise, aggregate,
 * rank, award. Stages are separate functions so that a step which changes
 * only weights can re-run aggregation and ranking on the normalised matrix:
 *
 *   ce_pipeline_prepare   stages 1-5 once: denominate, screen, impute, treat,
 *                         normalise -> a ce_prepared
 *   ce_pipeline_score     stages 6-8 as often as wanted, with other weights
 *                         or another --aggregate: aggregate, rank, award,
 *                         into the caller's buffers, without allocating
 *   ce_pipeline_run       both, plus dimension ranks, amounts, output order
 *                         and notes -> a ce_result (what `rank` prints)
 *
 * Ownership: whoever calls ce_pipeline_run owns the result and frees it with
 * ce_result_free; whoever calls ce_pipeline_prepare owns the ce_prepared
 * (ce_prepared_free) and whoever calls ce_pipeline_ws_new the workspace
 * (ce_pipeline_ws_free). A ce_prepared borrows the table, the profile and
 * the option strings (tie_break, impute_column): they must outlive it.
 */
#ifndef CLUSTEREVAL_PIPELINE_H
#define CLUSTEREVAL_PIPELINE_H

#include <stddef.h>

#include "clustereval/aggregate.h"
#include "clustereval/impute.h"
#include "clustereval/missing.h"
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
    ce_impute_method impute;      /* --impute, default none: when not none, the
                                     command line's missing-value rule */
    ce_missing_rule missing;      /* --missing, default unset (missing.h says
                                     which rule wins) */
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

/* ---- The stages on their own ---- */

typedef struct ce_prepared ce_prepared;

/* Stages 1-5 of ce_pipeline_run (denominate, screen, impute, treat,
 * normalise), with its warnings (into diag, may be NULL) and its errors but
 * those of aggregation, which ce_pipeline_score reports. */
ce_status ce_pipeline_prepare(const ce_table *t, const ce_profile *p, const ce_pipeline_options *o,
                              ce_prepared **out, ce_diag *diag, ce_error *err);
void ce_prepared_free(ce_prepared *pp);

size_t ce_prepared_rows(const ce_prepared *pp);
/* rows x indicators (profile leaf order), NaN missing; inactive rows too. */
const double *ce_prepared_norm(const ce_prepared *pp);
/* rows: 0 when screened out by --min-coverage. */
const unsigned char *ce_prepared_active(const ce_prepared *pp);
/* rows: share of the indicator values present before imputation. */
const double *ce_prepared_coverage(const ce_prepared *pp);
/* per node: the aggregation method of each group (the profile's
 * `aggregate`, else --aggregate); the composite uses options->aggregate. */
const ce_agg_method *ce_prepared_methods(const ce_prepared *pp);
/* The options it was prepared with. */
const ce_pipeline_options *ce_prepared_options(const ce_prepared *pp);

/* Scratch memory for ce_pipeline_score, made once per thread: it fits every
 * ce_prepared of the same table and profile. Returns NULL when out of
 * memory. _free(NULL) is a no-op. */
typedef struct ce_pipeline_ws ce_pipeline_ws;
ce_pipeline_ws *ce_pipeline_ws_new(const ce_prepared *pp);
void ce_pipeline_ws_free(ce_pipeline_ws *ws);
/* rows x nodes: the node scores of the last ce_pipeline_score with ws. */
const double *ce_pipeline_ws_nodes(const ce_pipeline_ws *ws);

/* Stages 6-8 on a prepared pipeline: aggregate, rank, award.
 * node_weights: per profile node index, the weight relative among its
 *   siblings (>= 0; the weights of the present children are rescaled to sum
 *   1, as the profile's are); NULL = the profile's weights. With --flatten
 *   the effective weights are derived from them.
 * aggregate: replaces --aggregate (the composite and every group without an
 *   `aggregate` in the profile); NULL = as prepared. Geometric and harmonic
 *   need a pipeline prepared for them (min-max from 1): prepare with that
 *   --aggregate.
 * composite (rows, NaN = unranked) and rank (rows, competition ranks as
 *   ce_rank_competition, 0 = unranked) are required; award (rows, the rule
 *   of ce_award_assign with the prepared --top and --tie-break) may be NULL.
 * With NULL weights and aggregate the results equal ce_pipeline_run's
 * exactly. It does not allocate and only reads pp, so several threads may
 * score the same ce_prepared at once, each with its own ws and buffers.
 * Errors: CE_ERR_DATA for a non-positive value under geometric/harmonic
 * aggregation (naming the cluster, as ce_pipeline_run); CE_ERR_USAGE for a
 * ws made for another table or profile. */
ce_status ce_pipeline_score(const ce_prepared *pp, const double *node_weights,
                            const ce_agg_method *aggregate, ce_pipeline_ws *ws,
                            double *composite, size_t *rank, ce_award *award, ce_error *err);

/* Stage 1 on its own, for commands that work on the indicator values as
 * the pipeline sees them: divides, in x (rows x indicators, a copy of
 * ce_table_values), every indicator that has a `denominator` in the
 * profile by that column of the table. A missing denominator makes the
 * value missing (no_den, if not NULL, marks it); a zero denominator is
 * CE_ERR_DATA naming the file, line and column. */
ce_status ce_pipeline_denominate(const ce_table *t, const ce_profile *p, double *x,
                                 unsigned char *no_den, ce_error *err);

#endif
