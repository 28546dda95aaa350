/* uncertainty.h - Monte Carlo uncertainty analysis of the ranking (OECD/JRC
 * Handbook 2008, step 7 "uncertainty analysis"; Saisana, Saltelli &
 * Tarantola 2005, J. R. Stat. Soc. A 168(2)): every draw perturbs the
 * analyst's choices — the weights of every sibling group of the profile and,
 * optionally, the normalisation, the aggregation and the imputation — and
 * re-runs aggregation, ranking and the award rule on a prepared pipeline
 * (pipeline.h). Per cluster it reports the distribution of its rank over the
 * draws and how often it is in the award list.
 *
 * Determinism: draw d uses its own random stream, a function of (seed, d)
 * only, and the per-draw results are combined exactly (integer counts and
 * rank histograms) or in a fixed order (score sums per block of draws, the
 * blocks in draw order), so the result is bit-identical for any number of
 * threads.
 *
 * Whoever calls ce_uncertainty_run owns the result and frees it with
 * ce_uncertainty_result_free.
 */
#ifndef CLUSTEREVAL_UNCERTAINTY_H
#define CLUSTEREVAL_UNCERTAINTY_H

#include <stddef.h>
#include <stdint.h>

#include "clustereval/pipeline.h"

typedef enum {
    CE_WEIGHT_UNIFORM = 0, /* w (1 + U(-a, a)), then rescaled within the group */
    CE_WEIGHT_DIRICHLET    /* Dirichlet(K w / sum w) over the group (sums to 1) */
} ce_weight_dist;

/* Parses uniform|dirichlet. Returns 0 on success. */
int ce_weight_dist_parse(const char *name, ce_weight_dist *out);

#define CE_UNCERTAINTY_MAX_CHOICES 16

typedef struct {
    size_t draws;               /* Monte Carlo draws, >= 1 (default 1000) */
    uint64_t seed;              /* default 20231 */
    size_t jobs;                /* threads, >= 1 (default 1); never changes the result */
    ce_weight_dist weight_dist; /* default uniform */
    double weight_noise;        /* uniform: a in [0, 1), default 0.25; 0 = weights fixed */
    double concentration;       /* dirichlet: K > 0, default 100 */
    /* The methods drawn from, each uniformly per draw; an empty list means
     * the nominal method of the pipeline options. */
    ce_impute_method impute[CE_UNCERTAINTY_MAX_CHOICES];
    size_t n_impute;
    ce_normalize_method normalize[CE_UNCERTAINTY_MAX_CHOICES];
    size_t n_normalize;
    ce_agg_method aggregate[CE_UNCERTAINTY_MAX_CHOICES];
    size_t n_aggregate;
    /* Called now and then with the draws done so far, always on the thread
     * that called ce_uncertainty_run; NULL = none. */
    void (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
} ce_uncertainty_options;

/* Sets the defaults above. */
void ce_uncertainty_options_init(ce_uncertainty_options *u);

/* Per cluster (table row order). */
typedef struct {
    size_t rows, draws;
    size_t *ranked;       /* draws in which the cluster has a rank */
    size_t *awarded;      /* draws in which it is in the award list (award yes) */
    double *p_award;      /* awarded / draws */
    double *mean_rank;    /* mean rank over the ranked draws; NaN if never ranked */
    size_t *median_rank;  /* nearest-rank percentiles (ce_uncertainty_percentile) of */
    size_t *p05_rank;     /*   the rank over the ranked draws: 50, 5 and 95; */
    size_t *p95_rank;     /*   0 if never ranked */
    double *mean_score;   /* mean composite over the ranked draws; NaN if never ranked */
} ce_uncertainty_result;

/* Runs u->draws draws of the pipeline with options o (the nominal choices;
 * --top, --tie-break, --min-coverage, --treat, ranges... apply to every
 * draw). Each distinct (imputation, normalisation, positive range)
 * combination is prepared once; every combination of the drawn methods is
 * scored once with the nominal weights before the draws, and one that
 * fails (z-scores, which are negative, under geometric aggregation) stops
 * the run with that error, naming the combination.
 * Errors: CE_ERR_USAGE for bad options (draws or jobs 0, noise outside
 * [0, 1), K <= 0, too many choices); those of ce_pipeline_prepare and
 * ce_pipeline_score; CE_ERR_IO when out of memory. */
ce_status ce_uncertainty_run(const ce_table *t, const ce_profile *p, const ce_pipeline_options *o,
                             const ce_uncertainty_options *u, ce_uncertainty_result **out,
                             ce_error *err);
void ce_uncertainty_result_free(ce_uncertainty_result *r);

/* The choices of draw d, a function of (u->seed, d) only: the index of the
 * imputation, normalisation and aggregation in u's lists (0 for an empty
 * list), and the weight of every profile node (node_weights, one per node):
 * within every sibling group — the dimensions, and the children of each
 * group — the members with a positive profile weight w get
 *   uniform:    w (1 + U(-a, a)), then rescaled to sum 1 in the group;
 *   dirichlet:  a Dirichlet draw with alpha = K w / sum(w) (mean w / sum(w),
 *               variance m (1 - m) / (K + 1) for a member of mean m);
 * members of weight 0 stay 0, and a group with one such member gives it 1.
 * scratch: 2 x the node count doubles. */
typedef struct {
    size_t impute, normalize, aggregate;
} ce_uncertainty_choice;
void ce_uncertainty_draw(const ce_profile *p, const ce_uncertainty_options *u, size_t d,
                         ce_uncertainty_choice *choice, double *node_weights, double *scratch);

/* The nearest-rank percentile of a rank histogram: count[r] draws had rank
 * r (1 <= r <= n; count[0], the unranked draws, is ignored). With N the
 * ranked draws, the result is the smallest rank r such that at least
 * ceil(percent * N / 100) draws have a rank <= r — so the median (50) is
 * the lower median, p05 the rank the cluster reaches or beats in at least 5%
 * of the draws. percent in 1..100; 0 when N = 0. */
size_t ce_uncertainty_percentile(const uint32_t *count, size_t n, unsigned percent);

/* ---- Shared with the Sobol runs of sensitivity.h ---- */

/* The checks of ce_uncertainty_run's options, with draws from 1 to
 * max_draws: CE_ERR_USAGE naming the option, else CE_OK. */
ce_status ce_uncertainty_check_options(const ce_uncertainty_options *u, size_t max_draws,
                                       ce_error *err);

/* The prepared pipelines of every choice a draw can make. Whoever calls
 * ce_uncertainty_prepare_all owns it (ce_uncertainty_prepared_free). */
typedef struct ce_uncertainty_prepared ce_uncertainty_prepared;

/* Fills the empty method lists of u with the nominal methods of o, prepares
 * each distinct (imputation, normalisation, positive range) combination
 * once, and scores every combination of the listed methods once with the
 * nominal weights, so that one that cannot work fails here, before any
 * draw: its CE_ERR_DATA message is prefixed "<unit> with --impute I
 * --normalize N --aggregate A cannot be scored: " (unit: "draws", "runs").
 * Errors: those of ce_pipeline_prepare and ce_pipeline_score; CE_ERR_IO
 * when out of memory. */
ce_status ce_uncertainty_prepare_all(const ce_table *t, const ce_profile *p,
                                     const ce_pipeline_options *o, ce_uncertainty_options *u,
                                     const char *unit, ce_uncertainty_prepared **out,
                                     ce_error *err);
void ce_uncertainty_prepared_free(ce_uncertainty_prepared *set);

/* The pipeline for choice c (indices into the filled lists of u). */
const ce_prepared *ce_uncertainty_prepared_get(const ce_uncertainty_prepared *set,
                                               const ce_uncertainty_choice *c);
/* One of them, for ce_pipeline_ws_new (a workspace fits them all). */
const ce_prepared *ce_uncertainty_prepared_any(const ce_uncertainty_prepared *set);

#endif
