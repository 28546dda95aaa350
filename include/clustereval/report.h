/* report.h - the ranked CSV (DESIGN.md §4 "Output") and the comparison CSV
 * of `rank --compare-out`.
 *
 * Columns: rank,id,name,score,award,award_amount, then any extra columns
 * (the comparisons: baseline_rank,rank_change,previous_rank,
 * change_vs_previous), then <code>,<code>_rank for each dimension in
 * profile order, then coverage and notes.
 */
#ifndef CLUSTEREVAL_REPORT_H
#define CLUSTEREVAL_REPORT_H

#include <stdio.h>

#include "clustereval/compare.h"
#include "clustereval/pipeline.h"

typedef struct {
    int digits; /* decimals of scores, 0..17 (--digits), default 6 */
    int bom;    /* start with a UTF-8 BOM (files, for Excel) */
} ce_report_options;

/* Writes the ranking to out in r->order. Returns CE_ERR_IO (with err) when
 * the stream reports a write error. */
ce_status ce_report_ranking_csv(FILE *out, const ce_result *r, const ce_table *t,
                                const ce_profile *p, const ce_report_options *o, ce_error *err);

/* A numeric column added to the ranked CSV. */
typedef struct {
    const char *name;     /* header */
    const double *values; /* one per table row (table order, not output order); NaN = empty */
    int digits;           /* decimals */
} ce_report_column;

/* ce_report_ranking_csv with n_extra columns inserted after award_amount,
 * in the order given. With n_extra 0 the output is that of
 * ce_report_ranking_csv, byte for byte. */
ce_status ce_report_ranking_csv_extra(FILE *out, const ce_result *r, const ce_table *t,
                                      const ce_profile *p, const ce_report_options *o,
                                      const ce_report_column *extra, size_t n_extra,
                                      ce_error *err);

/* One comparison for the comparison CSV: side a is this run, b the other. */
typedef struct {
    const char *label;          /* the `comparison` cell: "baseline", "previous" */
    const char *against;        /* the value of the `against` summary row */
    const ce_compare_input *in; /* the rankings compared */
    const ce_comparison *cmp;   /* ce_compare_run of in */
    const char *const *name;    /* in->n names ("" when none) */
    const double *score_a;      /* in->n scores, NaN = none */
    const double *score_b;      /* in->n scores, NaN = none; NULL when b has none */
} ce_report_comparison;

/* Writes the comparison CSV (README "The comparison CSV"): columns
 * comparison,section,statistic,value,id,name,rank,other_rank,change,award,
 * other_award,score,other_score; for each comparison its summary rows, then
 * the sections enter, leave, mover, new, dropped. Scores with o->digits
 * decimals, rho and tau-b with 6. CE_ERR_IO on a write error. */
ce_status ce_report_comparison_csv(FILE *out, const ce_report_comparison *c, size_t n,
                                   const ce_report_options *o, ce_error *err);

/* Formats v with `digits` decimals into buf, never as "-0.000"; NaN gives "". */
void ce_report_format_number(double v, int digits, char *buf, size_t size);

#endif
