/* table_writer.h - one writer for the tables the commands output: a CSV
 * stream and, when asked, the same rows as a sheet of an Excel workbook
 * (xlsx.h). It owns the chores every table shares: the UTF-8 BOM, the
 * column titles in the asked language (labels.h), the formula guard of text
 * cells (csvio.h), the formats of numbers (money with two decimals, numbers
 * with their digits, never "-0.000") and the workbook's number format of
 * each column, and the flush-and-check that turns a full disk into an error.
 *
 * A row is given cell by cell (ce_tw_text, ce_tw_money, ...), in column
 * order, and ended with ce_tw_end_row, which writes it to both sinks. Text
 * cells (ce_tw_text, in any column) are formula-guarded in the CSV; numbers
 * (ce_tw_money, _integer, _number) are written as they are ("-0.5" is no
 * formula) and become numbers in the workbook where the column's kind is
 * numeric.
 *
 * Whoever calls ce_tw_open owns the ce_tw until ce_tw_close, which frees
 * it; the CSV stream and the workbook stay the caller's (the atomic file
 * around them is outfile.h's and xlsx.h's).
 */
#ifndef CLUSTEREVAL_TABLE_WRITER_H
#define CLUSTEREVAL_TABLE_WRITER_H

#include <stddef.h>
#include <stdio.h>

#include "clustereval/labels.h"
#include "clustereval/status.h"
#include "clustereval/xlsx.h"

/* What a column holds, which says how the workbook shows it. */
typedef enum {
    CE_TW_TEXT = 0, /* a string in the workbook */
    CE_TW_MONEY,    /* CNY from fen, "50000.00"; workbook #,##0.00 */
    CE_TW_INTEGER,  /* a whole number; workbook 0 */
    CE_TW_NUMBER,   /* a number with the cell's digits; workbook General */
    CE_TW_SCORE,    /* a number with the cell's digits; workbook 0.00 */
    CE_TW_SHARE     /* a number 0..1 with the cell's digits; workbook 0.0% */
} ce_tw_kind;

typedef struct {
    const char *code; /* the column's code: its CSV title in English, ce_label's key */
    ce_tw_kind kind;
} ce_tw_column;

/* Where the table goes. */
typedef struct {
    FILE *csv;         /* the CSV stream, or NULL for a workbook only */
    int bom;           /* start the CSV with a UTF-8 BOM (a file, for Excel) */
    ce_lang csv_lang;  /* the CSV's column titles */
    ce_xlsx *xlsx;     /* the workbook getting the same rows as a sheet, or NULL */
    ce_lang xlsx_lang; /* the sheet's column titles */
    const char *what;  /* named in a write error: "cannot write the WHAT: ...";
                          NULL when the stream's owner checks it (as
                          ce_cli_write_output does): ce_tw_close then does
                          not flush, ce_tw_flush says "output" */
} ce_tw_sinks;

typedef struct ce_tw ce_tw;

/* Starts a table on the sinks; nothing is written yet. *out is set only
 * on success; CE_ERR_NOMEM (with err) otherwise. */
ce_status ce_tw_open(const ce_tw_sinks *sinks, ce_tw **out, ce_error *err);

/* The header: the BOM (first header of the CSV only, when asked), the
 * n_cols titles as one CSV line, and a new sheet named sheet in the
 * workbook (ce_xlsx_sheet). cols must outlive the table's rows. */
ce_status ce_tw_header(ce_tw *w, const char *sheet, size_t n_cols, const ce_tw_column *cols,
                       ce_error *err);

/* ce_tw_header with the caller's titles: titles[c], when not NULL, is
 * column c's title in both sinks as it is (a profile's dimension name, a
 * sheet's own words), instead of the label of its code; titles NULL is
 * ce_tw_header. The titles need to live only for this call. */
ce_status ce_tw_header_titled(ce_tw *w, const char *sheet, size_t n_cols,
                              const ce_tw_column *cols, const char *const *titles,
                              ce_error *err);

/* The next cell of the row. text NULL is an empty cell. */
void ce_tw_text(ce_tw *w, const char *text);
void ce_tw_money(ce_tw *w, long long fen);
void ce_tw_integer(ce_tw *w, long long v);
/* v with digits decimals (ce_report_format_number): NaN is an empty cell. */
void ce_tw_number(ce_tw *w, double v, int digits);
/* v as the shortest text that reads back as the same double: data passed
 * on unchanged. A plain decimal with the fewest decimals ("50", "45.3")
 * when 1e-5 <= |v| < 1e15, else the fewest significant digits of %g
 * ("1e+20"). NaN is an empty cell, -0 is "0". */
void ce_tw_number_exact(ce_tw *w, double v);
void ce_tw_empty(ce_tw *w);

/* Writes the row: the CSV line, and the sheet's row filled by mark.
 * CE_ERR_USAGE, with nothing written, when the row does not have as many
 * cells as the header has columns or there is no header; CE_ERR_NOMEM; the
 * errors of ce_xlsx_row. The next cell starts a new row either way. */
ce_status ce_tw_end_row(ce_tw *w, ce_xlsx_mark mark, ce_error *err);

/* Flushes the CSV stream and checks it: CE_ERR_IO "cannot write the WHAT:
 * strerror" when anything written so far failed. */
ce_status ce_tw_flush(ce_tw *w, ce_error *err);

/* ce_tw_flush (when st is CE_OK and sinks.what was given), then frees w
 * (w may be NULL). Returns st when it is not CE_OK, else the flush's
 * status: ends a write with `return ce_tw_close(w, st, err);`. */
ce_status ce_tw_close(ce_tw *w, ce_status st, ce_error *err);

#endif
