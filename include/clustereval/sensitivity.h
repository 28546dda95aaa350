/* sensitivity.h - variance-based (Sobol) sensitivity of the ranking to
 * each uncertain input, as COINr's get_sensitivity(SA_type = "SA") does it
 * (OECD/JRC Handbook 2008, step 7; Saisana, Saltelli & Tarantola 2005,
 * J. R. Stat. Soc. A 168(2)), and COINr's remove_elements check.
 *
 * Inputs, in this order: "weights:<parent>" for every sibling group with at
 * least two members of positive weight ("weights:composite" for the
 * dimensions, then each group in profile order; none when the weights are
 * fixed: uniform with noise 0), then "normalize", "aggregate", "impute" for
 * the method lists of the options that are not empty. Each input is a
 * discrete uniform choice among its alternatives: for a weights input, L
 * alternative weight vectors of the group, drawn once per group from (seed,
 * group) with the perturbation of uncertainty.h; for a method input, the
 * listed methods. A design coordinate u in [0, 1) picks alternative
 * floor(u L).
 *
 * Output Y of a run: the mean absolute rank shift against the nominal
 * ranking over the clusters ranked in both (COINr's "mean absolute rank
 * change"; 0 when no cluster is ranked in both). The N (d + 2) runs of the
 * Sobol design (sobol.c) are independent: Y is stored per run index,
 * so the result is bit-identical for any number of threads.
 *
 * Whoever calls ce_sensitivity_run / ce_sensitivity_remove owns the result
 * and frees it with ce_sensitivity_result_free / ce_sensitivity_removal_free.
 */
#ifndef CLUSTEREVAL_SENSITIVITY_H
#define CLUSTEREVAL_SENSITIVITY_H

#include <stddef.h>

#include "clustereval/pipeline.h"
#include "clustereval/uncertainty.h"

/* GSL's Sobol generator supports at most 40 dimensions; A and B together
 * take 2d of them. */
#define CE_SENS_MAX_INPUTS 20

/* The Sobol indices of one input. */
typedef struct {
    double si, si_lo, si_hi;    /* first order and its bootstrap 5-95 % interval */
    double sti, sti_lo, sti_hi; /* total and its interval */
} ce_sens_index;

typedef struct {
    /* Borrowed from uncertainty: draws = N, the base sample, 1-1000000
     * (default 1000); seed (also of the bootstrap), jobs, weight_dist,
     * weight_noise, concentration, and the method lists (impute, normalize,
     * aggregate); progress is called with the runs done so far. */
    ce_uncertainty_options mc;
    size_t levels;    /* L: alternative weight vectors per group, 2-100000 (default 100) */
    size_t bootstrap; /* bootstrap resamples of the intervals (default 1000); 0 = none */
} ce_sensitivity_options;

/* Sets the defaults above (and those of ce_uncertainty_options_init). */
void ce_sensitivity_options_init(ce_sensitivity_options *s);

typedef enum {
    CE_SENS_INPUT_WEIGHTS = 0,
    CE_SENS_INPUT_NORMALIZE,
    CE_SENS_INPUT_AGGREGATE,
    CE_SENS_INPUT_IMPUTE
} ce_sens_input_kind;

typedef struct {
    ce_sens_input_kind kind;
    size_t group;          /* weights: the parent node, CE_NO_PARENT for the composite */
    size_t alternatives;   /* L, or the length of the method list */
    char name[96];         /* "weights:composite", "weights:<code>", "normalize", ... */
} ce_sens_input;

/* The inputs of a run with p and s (see above), into out (room for
 * CE_SENS_MAX_INPUTS). Errors: CE_ERR_USAGE when there are none ("nothing
 * varies") or more than CE_SENS_MAX_INPUTS, saying how many and why. */
ce_status ce_sensitivity_inputs(const ce_profile *p, const ce_sensitivity_options *s,
                                ce_sens_input *out, size_t *n, ce_error *err);

typedef struct {
    size_t n_inputs, base, runs;   /* d, N and N (d + 2) */
    ce_sens_input *inputs;         /* n_inputs */
    ce_sens_index *index;          /* n_inputs: Si, STi and their intervals */
    double *y;                     /* runs: Y of f(A) (N), f(B) (N), then f(AB_i) (N each) */
    double y_mean, y_sd;           /* of Y over the 2N runs of A and B (sd with 2N - 1) */
} ce_sensitivity_result;

/* Runs the design with the nominal pipeline options o (--top, --min-coverage,
 * --treat, ranges... apply to every run) and estimates the indices with
 * ce_sobol_estimate of sobol.c (s->bootstrap resamples, s->mc.seed) on Y centred on its
 * mean over A and B (the indices do not change, the variance of the
 * first-order estimator falls; as SALib's sobol.analyze). Every distinct
 * (imputation, normalisation, positive range) is prepared once, and every
 * combination of the listed methods is scored once with the nominal weights
 * first, so that one that cannot work fails before the runs, naming it.
 * Errors: CE_ERR_USAGE for bad options (draws, jobs or levels out of range,
 * noise outside [0, 1), K <= 0) and those of ce_sensitivity_inputs; those
 * of ce_pipeline_prepare and ce_pipeline_score; CE_ERR_IO when out of
 * memory. */
ce_status ce_sensitivity_run(const ce_table *t, const ce_profile *p, const ce_pipeline_options *o,
                             const ce_sensitivity_options *s, ce_sensitivity_result **out,
                             ce_error *err);
void ce_sensitivity_result_free(ce_sensitivity_result *r);

/* The alternative weights of weights input `in` (kind CE_SENS_INPUT_WEIGHTS):
 * alternative l of s->levels, as per node index weights (only the group's
 * members are written; they sum to 1). A function of (s->mc.seed, the
 * group, l) only. scratch: 3 x the node count doubles. */
void ce_sensitivity_alternative(const ce_profile *p, const ce_sensitivity_options *s,
                                const ce_sens_input *in, size_t l, double *node_weights,
                                double *scratch);

/* Y of one run: the mean of |rank[i] - nominal[i]| over the rows ranked in
 * both (rank > 0), 0 when there is none; *max_shift (may be NULL) gets the
 * largest shift and *compared (may be NULL) the number of such rows. */
double ce_sensitivity_rank_shift(const size_t *nominal, const size_t *rank, size_t rows,
                                 size_t *max_shift, size_t *compared);

/* COINr's remove_elements: the nominal pipeline with each dimension dropped
 * in turn (its weight 0, the others rescaled), against the nominal ranking.
 * Per dimension (profile order): */
typedef struct {
    size_t n_dims;
    size_t *dim;          /* node index */
    double *mean_shift;   /* mean absolute rank shift; NaN when no cluster is ranked in both */
    size_t *max_shift;    /* largest absolute rank shift */
    size_t *compared;     /* clusters ranked in both */
    size_t *award_changes; /* award places that change hands: the larger of the
                              nominal winners (award yes) that are no longer
                              winners and the new winners */
} ce_sensitivity_removal;

/* Errors: those of ce_pipeline_prepare and ce_pipeline_score; CE_ERR_IO
 * when out of memory. */
ce_status ce_sensitivity_remove(const ce_table *t, const ce_profile *p,
                                const ce_pipeline_options *o, ce_sensitivity_removal **out,
                                ce_error *err);
void ce_sensitivity_removal_free(ce_sensitivity_removal *r);

#endif
