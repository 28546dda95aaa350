/* report_private.h - what report.c shares with the other writers of the
 * report layer inside the library (not installed): the ranking as a table
 * on the table writer's sinks, so that the ranked CSV and the workbook's
 * ranking sheet are one writer of one set of columns; the flush-and-check
 * of a stream, the same for tables (table_writer.c) and the HTML report. */
#ifndef CLUSTEREVAL_REPORT_PRIVATE_H
#define CLUSTEREVAL_REPORT_PRIVATE_H

#include <stddef.h>
#include <stdio.h>

#include "clustereval/labels.h"
#include "clustereval/report.h"
#include "clustereval/table_writer.h"

/* Writes the ranking to tw in r->order, as a table (a sheet named sheet in a
 * workbook): the columns of report.h, the n_extra columns after
 * award_amount. lang gives the words in the cells and the dimensions'
 * titles: the award (yes/tie/no, or 是/并列/否) and, for each dimension,
 * its code and code_rank in English, its name (its code when it has none)
 * and name排名 in Chinese; the other titles are the sinks' labels. Scores
 * and dimension scores with digits decimals, coverage with 4, amounts
 * with 2 unless whole. Award rows are marked CE_XLSX_AWARD, ties
 * CE_XLSX_TIE. Errors of ce_tw_header and ce_tw_end_row; CE_ERR_NOMEM. */
ce_status ce_report_ranking_table(ce_tw *tw, const char *sheet, const ce_result *r,
                                  const ce_table *t, const ce_profile *p, ce_lang lang,
                                  int digits, const ce_report_column *extra, size_t n_extra,
                                  ce_error *err);

/* Flushes out and checks it: CE_ERR_IO (with err) "cannot write the WHAT:
 * strerror" when anything written to out so far failed (the flush's errno,
 * else the one an earlier failed write left, else "write error"). */
ce_status ce_report_flush_check(FILE *out, const char *what, ce_error *err);

#endif
