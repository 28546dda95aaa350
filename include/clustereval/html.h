/* html.h - the HTML report of `rank --html FILE` and `uncertainty --html
 * FILE`: one self-contained page (inline CSS and SVG, no network) with the
 * ranked table, a bar chart of the composite scores with the award cut-off,
 * a radar chart per award winner, a heat map of the dimension ranks, and,
 * when the model has them, a slope chart of the rank changes and the rank
 * intervals with P(award) of the Monte Carlo analysis; then the effective
 * weights and the method's key/value table.
 *
 * The caller fills a plain ce_html_report from the pipeline's results and
 * owns it; ce_html_write only reads it. Strings are UTF-8; a NULL string
 * prints as "" and a NULL per-cluster array counts as all missing.
 */
#ifndef CLUSTEREVAL_HTML_H
#define CLUSTEREVAL_HTML_H

#include <stddef.h>
#include <stdio.h>

#include "clustereval/labels.h"
#include "clustereval/status.h"


typedef enum { CE_HTML_NO = 0, CE_HTML_AWARD, CE_HTML_TIE } ce_html_award;

typedef struct {
    const char *id, *name;   /* name may be "" (the id is shown instead) */
    int ranked;              /* 0: no composite (listed unranked at the end) */
    long rank;               /* competition rank, when ranked */
    double score;            /* composite, 0..100 typically; NaN when unranked */
    ce_html_award award;     /* CE_HTML_TIE: tied at the last award place, undecided */
    const double *dim_score; /* n_dims scores, NaN = missing */
    const long *dim_rank;    /* n_dims ranks, 0 = missing */
    int has_previous;        /* a comparison is given: */
    long previous_rank;      /* 0 = not ranked before */
    int has_interval;        /* an uncertainty analysis is given: */
    double rank_p05, rank_median, rank_p95; /* ranks over the draws, NaN = none */
    double p_award;                         /* share of draws awarded, 0..1 */
} ce_html_cluster;

typedef struct {
    const char *key, *value;
} ce_html_pair;

typedef struct {
    ce_lang lang;      /* headings and labels */
    const char *title; /* e.g. "2023年山东省特色产业集群综合评价"; NULL or "": the default */
    size_t n_clusters;
    const ce_html_cluster *clusters; /* in output order (rank, then id; unranked last) */
    size_t n_dims;
    const char *const *dim_codes, *const *dim_names; /* n_dims each; a "" name shows the code */
    size_t top;                                      /* award places (--top) */
    int has_cutoff;
    double cutoff;              /* score of the last award place: a line on the bar chart */
    const char *previous_label; /* e.g. "2022" or "baseline": the slope chart's left column */
    size_t n_weights;           /* the effective weight of every indicator: */
    const char *const *weight_codes, *const *weight_names;
    const double *weights;     /* fractions (summing to 1), printed as percents */
    size_t n_method;           /* profile, options, input files with SHA-256, version, date: */
    const ce_html_pair *method; /* printed as a table, in this order */
} ce_html_report;

/* Writes r as one HTML5 document (UTF-8, <meta charset>, inline CSS and SVG,
 * a font stack with CJK fonts; a small inline script sorts the ranked table
 * on a header click, the page is complete without it). Every text of the
 * model is escaped (& < > " '); missing values print as "—", never as NaN.
 * Deterministic: the same model gives the same bytes. Sections (headings in
 * r->lang): ranking, scores, profiles, dimension ranks, then rank changes
 * when a cluster has has_previous, rank uncertainty when one has
 * has_interval, and method. In the page: each cluster's <tr> has
 * data-id="ID", award rows class="award", tie rows class="tie"; one
 * <rect class="bar" data-id="ID"> per ranked cluster; <line class="cutoff">
 * when has_cutoff; one <svg class="radar"> per award winner (with at least
 * 3 dimensions; fewer give <svg class="profile-bars">); <svg class="slope">;
 * <line class="interval"> and <rect class="paward"> per cluster with an
 * interval. Returns CE_ERR_DATA when an array that a count promises is NULL
 * (clusters, weights, method) and nothing is written; CE_ERR_IO (with err)
 * when writing fails (ferror after a flush) or memory runs out. */
ce_status ce_html_write(FILE *out, const ce_html_report *r, ce_error *err);

#endif
