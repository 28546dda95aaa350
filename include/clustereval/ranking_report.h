/* ranking_report.h - the reports people read, built from a ranking: the HTML
 * report (html.h) and the Excel workbook (xlsx.h) of `rank --html/--xlsx`
 * and `uncertainty --html`. They turn a pipeline result into the plain
 * models those writers take; the writing itself is atomic (temp + rename).
 */
#ifndef CLUSTEREVAL_RANKING_REPORT_H
#define CLUSTEREVAL_RANKING_REPORT_H

#include <stddef.h>

#include "clustereval/labels.h"
#include "clustereval/pipeline.h"
#include "clustereval/profile.h"
#include "clustereval/status.h"
#include "clustereval/table.h"

/* What goes beside the ranking: optional per-row extras (table order). */
typedef struct {
    ce_lang lang;
    const char *title;           /* "" for the default */
    const char *data_path;       /* shown with its SHA-256 in the method section */
    const char *options;         /* the options in effect, one line */
    const double *previous_rank; /* rows, NaN = not ranked then; NULL = no comparison */
    const char *previous_label;  /* "2022", "baseline" */
    const double *rank_p05, *rank_median, *rank_p95, *p_award; /* rows; NULL = none */
    int digits;                  /* decimals of scores in the workbook */
    long long run_time;          /* when the run started (seconds since the epoch,
                                    UTC): the reports' date and the workbook's
                                    creation time */
} ce_ranking_report_extras;

/* Writes the HTML report of the ranking to path, atomically. */
ce_status ce_ranking_report_html(const char *path, const ce_result *r, const ce_table *t,
                            const ce_profile *p, const ce_pipeline_options *po,
                            const ce_ranking_report_extras *x, ce_error *err);

/* Writes the workbook of the ranking to path, atomically: sheet "ranking"
 * (the ranked CSV's columns, award rows green, ties amber), sheet
 * "dimensions" (dimension scores and ranks) and sheet "method" (the
 * effective weights and the provenance). */
ce_status ce_ranking_report_xlsx(const char *path, const ce_result *r, const ce_table *t,
                                    const ce_profile *p, const ce_pipeline_options *po,
                                    const ce_ranking_report_extras *x, ce_error *err);

#endif
