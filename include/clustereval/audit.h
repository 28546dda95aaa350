/* audit.h - the statistical audit of the data (issue 3): descriptive
 * statistics and flags per indicator, data availability per cluster, the
 * internal consistency of every group of the framework (Cronbach's alpha,
 * first principal component), and the correlations of each indicator with
 * its parent, with the composite index and with the other indicators.
 *
 * The audit reads the raw data (ce_table) for the indicator statistics and
 * the output of the default pipeline (ce_result: normalised indicators and
 * node scores) for everything about coherence. Missing values are left out
 * pairwise: each statistic uses the clusters that have the values it needs.
 *
 * Whoever calls ce_audit_run owns the result and frees it with
 * ce_audit_free.
 */
#ifndef CLUSTEREVAL_AUDIT_H
#define CLUSTEREVAL_AUDIT_H

#include <stddef.h>
#include <stdio.h>

#include "clustereval/pipeline.h"
#include "clustereval/profile.h"
#include "clustereval/status.h"
#include "clustereval/table.h"

/* Thresholds. The indicator ones are COINr's get_stats() defaults (t_avail,
 * t_zero, t_unq, t_skew, t_kurt), the practice of the JRC's audits of
 * composite indicators; see README "clustereval audit". */
typedef struct {
    double min_availability;         /* indicator: share present below this is flagged (0.65) */
    double min_nonzero;              /* indicator: non-zero share below this (0.5) */
    double min_unique;               /* indicator: unique share below this (0.5) */
    double max_abs_skew;             /* outlier flag: |skew| above this ... (2) */
    double max_kurt;                 /* ... and kurtosis above this (3.5) */
    double min_cluster_availability; /* cluster: share present below this (2/3) */
    double collinear;                /* pairs of indicators with |r| >= this are listed (0.9) */
} ce_audit_options;

/* Sets the defaults above. */
void ce_audit_options_init(ce_audit_options *o);

/* Indicator flags (bits of ce_audit_indicator.flags). */
enum {
    CE_AUDIT_FLAG_AVAILABILITY = 1u << 0, /* n / clusters < min_availability */
    CE_AUDIT_FLAG_NONZERO = 1u << 1,      /* nonzero_share < min_nonzero */
    CE_AUDIT_FLAG_UNIQUE = 1u << 2,       /* unique_share < min_unique */
    CE_AUDIT_FLAG_OUTLIER = 1u << 3       /* |skew| > max_abs_skew and kurt > max_kurt */
};

/* One indicator, statistics of its raw values. NaN where undefined: every
 * statistic when no value is present, sd below 2 values, skew below 3,
 * kurt below 4, skew and kurt of a constant indicator. */
typedef struct {
    size_t node;                   /* profile node index */
    size_t n;                      /* present values */
    double availability;           /* n / clusters */
    double missing_share;          /* (clusters - n) / clusters */
    double min, max, mean, median; /* median: mean of the middle two for even n */
    double sd;                     /* sample standard deviation (n - 1) */
    double skew, kurt;             /* G1, G2 (ce_stats_skew, ce_stats_kurt) */
    double unique_share;           /* distinct present values / n */
    double nonzero_share;          /* present values != 0 / n */
    unsigned flags;                /* CE_AUDIT_FLAG_* */
} ce_audit_indicator;

/* One cluster (data order). */
typedef struct {
    double availability; /* share of all indicators present */
    int low;             /* availability < min_cluster_availability */
    size_t low_dims;     /* dimensions whose availability is below it */
} ce_audit_cluster;

/* The pseudo node index of the composite index in ce_audit_group.node. */
#define CE_AUDIT_COMPOSITE ((size_t)-1)

/* One aggregate: a group of the profile or the composite index, with the
 * internal consistency of its children's normalised scores. */
typedef struct {
    size_t node;      /* profile node index, or CE_AUDIT_COMPOSITE */
    size_t level;     /* 0 the composite, 1 a dimension, 2 its sub-groups, ... */
    size_t k;         /* children */
    size_t min_pairs; /* fewest clusters having both values, over the pairs of children
                         (0 when k < 2) */
    double alpha;     /* Cronbach's alpha; NaN when not defined */
    double pc1_share; /* variance share of the first principal component; NaN when not defined */
    char *note;       /* why a value is not defined; "" otherwise, never NULL */
} ce_audit_group;

/* One indicator's normalised values against its parent's score and the
 * composite (Pearson, pairwise deletion). For an indicator at the top of
 * the framework the parent is the composite. */
typedef struct {
    size_t node;          /* profile node index of the indicator */
    double r_parent;      /* NaN when not defined (see ce_stats_pearson) */
    size_t n_parent;      /* clusters with both values */
    double r_composite;
    size_t n_composite;
    int negative;         /* r_parent < 0 */
} ce_audit_correlation;

/* A pair of indicators whose normalised values correlate with |r| >= the
 * collinear threshold. */
typedef struct {
    size_t a, b;     /* profile node indices; a before b in indicator order */
    double r;
    size_t pairs;    /* clusters with both values */
    int same_parent;
} ce_audit_pair;

typedef struct {
    ce_audit_options options;
    size_t rows, n_indicators, n_dims, n_groups, n_pairs;
    ce_audit_indicator *indicators;     /* n_indicators, profile indicator order */
    ce_audit_cluster *clusters;         /* rows, data order */
    double *dim_availability;           /* rows x n_dims: share of each dimension's
                                           indicators (at any depth) present */
    ce_audit_group *groups;             /* n_groups: the composite, then every group
                                           in profile order */
    ce_audit_correlation *correlations; /* n_indicators, profile indicator order */
    ce_audit_pair *pairs;               /* n_pairs, in indicator order of (a, b) */
} ce_audit;

/* The most indicators an audit takes: its pairs grow with the square of the
 * indicators and a group's PC1 share with the cube of its children (2,000
 * indicators in one group: about 4 s). */
#define CE_AUDIT_MAX_INDICATORS 2000

/* Audits table t under profile p, given the default pipeline's result r for
 * the same table and profile. o may be NULL (the defaults). Errors:
 * CE_ERR_DATA naming the profile when it has more than
 * CE_AUDIT_MAX_INDICATORS indicators; CE_ERR_IO when out of memory or when
 * GSL's eigen solver fails. */
ce_status ce_audit_run(const ce_table *t, const ce_profile *p, const ce_result *r,
                       const ce_audit_options *o, ce_audit **out, ce_error *err);
void ce_audit_free(ce_audit *a);

/* The building blocks, on k variables stored column after column
 * (cols[j * rows + i] is cluster i of variable j; NaN missing). */

/* The covariance and Pearson correlation matrices with pairwise deletion:
 * entry (a, b) uses the clusters where both a and b are present, with means
 * taken over those clusters, as R's cov() and cor() with
 * use = "pairwise.complete.obs" (and COINr's get_cronbach, get_corr).
 *   cov: divisor n - 1; NaN below 2 clusters.
 *   cor: NaN below 3 clusters (as ce_stats_pearson) or when a side is
 *        constant over them; the diagonal is 1, or NaN for a variable with
 *        fewer than 3 values or all equal; clamped to [-1, 1].
 * Computed in one pass per pair over columns centred once (each variable
 * minus its mean over all its values, missing set to 0), the terms of the
 * rows where only one side is present being taken out afterwards; the
 * result equals the two-pass formula up to rounding. cov, cor and pairs
 * (k * k each) may be NULL. CE_ERR_IO when out of memory. */
ce_status ce_audit_pairwise(const double *cols, size_t rows, size_t k, double *cov, double *cor,
                            size_t *pairs, ce_error *err);

/* Cronbach's alpha from a k x k covariance matrix (Cronbach 1951):
 *   alpha = k / (k - 1) * (1 - sum_i cov_ii / sum_ij cov_ij)
 * as COINr's get_cronbach(). NaN when k < 2, an entry is NaN, or
 * sum_ij cov_ij <= 0. */
double ce_audit_cronbach_alpha(const double *cov, size_t k);

/* The share of variance explained by the first principal component of a
 * k x k correlation matrix: lambda_1 / k, lambda_1 its largest eigenvalue
 * (GSL gsl_eigen_symm on a copy; OECD/JRC Handbook 2008, step 4, PCA).
 * *share is NaN when k < 2 or an entry is not finite. CE_ERR_IO when out of
 * memory or the solver fails (GSL's error handler is the program's:
 * status.h). */
ce_status ce_audit_pc1_share(const double *cor, size_t k, double *share, ce_error *err);

/* The text of an indicator's flags: "low_availability; few_nonzero;
 * few_unique; outlier" (those set, in this order); "" for none. Writes into
 * buf (size >= 64) and returns it. */
const char *ce_audit_flags_text(unsigned flags, char *buf, size_t size);

#endif
