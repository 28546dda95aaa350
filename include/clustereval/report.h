/* report.h - the ranked CSV (DESIGN.md §4 "Output").
 *
 * Columns: rank,id,name,score,award,award_amount, then <code>,<code>_rank
 * for each dimension in profile order, then coverage and notes.
 */
#ifndef CLUSTEREVAL_REPORT_H
#define CLUSTEREVAL_REPORT_H

#include <stdio.h>

#include "clustereval/pipeline.h"

typedef struct {
    int digits; /* decimals of scores, 0..17 (--digits), default 6 */
    int bom;    /* start with a UTF-8 BOM (files, for Excel) */
} ce_report_options;

/* Writes the ranking to out in r->order. Returns CE_ERR_IO (with err) when
 * the stream reports a write error. */
ce_status ce_report_ranking_csv(FILE *out, const ce_result *r, const ce_table *t,
                                const ce_profile *p, const ce_report_options *o, ce_error *err);

/* Formats v with `digits` decimals into buf, never as "-0.000"; NaN gives "". */
void ce_report_format_number(double v, int digits, char *buf, size_t size);

#endif
