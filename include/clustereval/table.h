/* table.h - the indicator data: one row per cluster, one column per
 * indicator of the profile (in profile order), missing values as NaN
 * (DESIGN.md §3.1). Read by streaming the CSV; memory grows with the table.
 *
 * Whoever calls ce_table_read owns the result and frees it with
 * ce_table_free.
 *
 * Where a data error is (DESIGN.md §5): "FILE:LINE: column "x": what
 * "text" (row N, cluster "ID NAME")": LINE is the physical line of the
 * file, row N the row a spreadsheet shows it in (they differ below a
 * quoted cell holding a line break), the cluster the row's id and name as
 * far as the row has them. A workbook's message names the cell instead of
 * the row ("数据!C17: column ...").
 */
#ifndef CLUSTEREVAL_TABLE_H
#define CLUSTEREVAL_TABLE_H

#include <stddef.h>

#include "clustereval/csvio.h"
#include "clustereval/problems.h"
#include "clustereval/profile.h"
#include "clustereval/status.h"
#include "clustereval/summary.h"

typedef struct ce_table ce_table;

/* Reads the data file for the indicators of prof. Columns: id (required,
 * unique, non-empty), name, eligible (default 1), veto (default 0), one per
 * indicator; other columns are ignored with one warning in diag.
 * The denominator columns named by the profile are read too.
 * Errors (CE_ERR_DATA): those of ce_csv_read, no id column, a column named
 * twice, an indicator or denominator of the profile missing from the data
 * (reported at the profile's line), an empty or duplicate id, a bad boolean
 * or number, no data rows. Rows whose fields are all empty are skipped
 * (csvio.h). */
ce_status ce_table_read(const char *path, const ce_profile *prof, ce_encoding enc,
                        ce_table **out, ce_diag *diag, ce_error *err);

typedef struct {
    ce_encoding encoding;
    const char *const *text_columns; /* extra columns to keep as text */
    size_t n_text_columns;
    const char *text_purpose;        /* for the message when one is absent,
                                        e.g. "(named by --impute)" */
    const char *sheet;               /* an .xlsx file's sheet; NULL: the first */
    /* The header (issue 15): NULL/0 for the defaults. */
    const char *id_column;   /* the id's header (--id-column); NULL: id,
                                集群编号, 集群代码, 编号, 代码, 序号 */
    const char *name_column; /* the name's header (--name-column); NULL:
                                name, 集群名称, 名称 */
    size_t header_row;       /* the header's line (a workbook's row); 0:
                                the first of the first 10 rows with an id
                                column and an indicator */
    ce_summary_rows summary;         /* totals rows (summary.h): refused, or
                                        dropped with a warning; labels NULL =
                                        not looked for */
} ce_table_options;

/* ce_table_read with extra text columns (e.g. the group of
 * --impute group-mean:COLUMN) and the summary-row check: a row whose id or
 * name is a summary label (合计, 全省合计, Total ...) is CE_ERR_DATA at its
 * line, or with summary.drop left out with a warning in diag
 * (ce_summary_rows_check). A missing text column is CE_ERR_DATA. */
ce_status ce_table_read_opts(const char *path, const ce_profile *prof,
                             const ce_table_options *opt, ce_table **out, ce_diag *diag,
                             ce_error *err);

/* Checks the data file as ce_table_read_opts reads it, listing every
 * problem on problems (problems.h) instead of stopping at the first: each
 * bad cell, row and id, the mixed-% columns (warnings), and the missing
 * values of each cluster and each indicator (information), in the order
 * the read meets them, the ids' repeats and the columns' missing values
 * last. A problem of the file as a whole (not CSV, bad encoding) or of its
 * header (no header row found, a column named twice, an indicator that is
 * no column) is one problem, and no row is checked. Returns CE_OK when the check ran (clean
 * or not: see the list), CE_ERR_IO (with err) when the file cannot be
 * opened or memory runs out. Notes (the encoding, ignored columns) go to
 * diag. */
ce_status ce_table_check(const char *path, const ce_profile *prof, const ce_table_options *opt,
                         ce_problems *problems, ce_diag *diag, ce_error *err);
void ce_table_free(ce_table *t);

const char *ce_table_path(const ce_table *t);
size_t ce_table_rows(const ce_table *t);
size_t ce_table_cols(const ce_table *t);
/* Row-major rows x cols values; NaN is missing. */
const double *ce_table_values(const ce_table *t);
const char *ce_table_id(const ce_table *t, size_t row);
const char *ce_table_name(const ce_table *t, size_t row); /* "" when absent */
int ce_table_eligible(const ce_table *t, size_t row);
int ce_table_veto(const ce_table *t, size_t row);
size_t ce_table_line(const ce_table *t, size_t row); /* line of the row in the file */

/* The denominator columns named by the profile (`denominator`), read as
 * numbers (NaN missing): rows x count, row-major. */
size_t ce_table_denominator_count(const ce_table *t);
const char *ce_table_denominator_name(const ce_table *t, size_t k);
/* The denominator column of indicator column col, or -1. */
long ce_table_denominator_of(const ce_table *t, size_t col);
const double *ce_table_denominators(const ce_table *t);

/* Text column k of ce_table_options.text_columns in row. */
const char *ce_table_text(const ce_table *t, size_t row, size_t k);
/* Index k of the text column called name, or -1. */
long ce_table_text_find(const ce_table *t, const char *name);

#endif
