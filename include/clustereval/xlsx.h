/* xlsx.h - the Excel workbooks of `--xlsx FILE` (rank, voucher, training;
 * issue 7 §2): one sheet per table, a bold header row frozen above the data,
 * number formats per column (scores 0.00, money #,##0.00, shares 0.0%) and
 * whole rows filled by their mark (award, tie, rejected).
 *
 * The cells are the text the CSV shows; numeric columns turn it back into
 * numbers, anything else stays text (never a formula: "=SUM(A1)" is a
 * string). Rows are streamed (libxlsxwriter's constant_memory mode, its
 * temporary files in $TMPDIR, else /tmp), so memory does not grow
 * with the number of rows. The workbook is written beside the destination
 * and renamed over it on close, as outfile.h does for CSV: a failed or
 * aborted run leaves no file and never damages an existing one.
 *
 * Whoever calls ce_xlsx_open owns the ce_xlsx until ce_xlsx_close or
 * ce_xlsx_abort (exactly one of them), which frees it.
 */
#ifndef CLUSTEREVAL_XLSX_H
#define CLUSTEREVAL_XLSX_H

#include <stddef.h>

#include "clustereval/status.h"

/* How a column shows its cells. */
typedef enum {
    CE_XLSX_TEXT = 0, /* the cell as text */
    CE_XLSX_NUMBER,   /* a number as given (General) */
    CE_XLSX_SCORE,    /* number, format 0.00 */
    CE_XLSX_MONEY,    /* number, format #,##0.00 */
    CE_XLSX_INTEGER,  /* number, format 0 */
    CE_XLSX_SHARE     /* number 0..1, format 0.0% */
} ce_xlsx_format;

/* The fill of a whole row: none, light green C6EFCE, light amber FFEB9C,
 * light red FFC7CE (Excel's Good / Neutral / Bad cell colours). */
typedef enum { CE_XLSX_PLAIN = 0, CE_XLSX_AWARD, CE_XLSX_TIE, CE_XLSX_REJECTED } ce_xlsx_mark;

/* Rows and columns a worksheet holds: one header row + 1,048,575 data rows. */
#define CE_XLSX_MAX_DATA_ROWS 1048575u
#define CE_XLSX_MAX_COLS 16384u
/* Characters a cell holds. */
#define CE_XLSX_MAX_CELL_CHARS 32767u

typedef struct ce_xlsx ce_xlsx;

/* Starts a workbook that will become path, created at created_utc
 * (seconds since 1970-01-01T00:00:00Z, at least 1): the date its document
 * properties show as created and modified. Nothing here reads the clock,
 * and libxlsxwriter dates every zip entry 1980-01-01 00:00, so the same
 * sheets and rows with the same created_utc give the same bytes. The
 * temporary file is created now, beside path: CE_ERR_IO (with err) when the
 * folder does not exist or is not writable, or path is a folder;
 * CE_ERR_USAGE when created_utc is below 1 (libxlsxwriter would take 0 for
 * "now"). *out is set only on success. */
ce_status ce_xlsx_open(const char *path, long long created_utc, ce_xlsx **out, ce_error *err);

/* Adds a sheet and makes it the current one. The name is cleaned for Excel:
 * the characters []:*?/\ and bytes that are not UTF-8 become '_', a leading
 * or trailing ' becomes '_', it is cut to 31 characters, "" becomes
 * "Sheet<n>", and a name already used (ignoring ASCII case) gets " (2)",
 * " (3)", ... Row 1 holds the n_cols (1..16,384) headers in bold and is
 * frozen (panes below row 1). formats[c] says how column c shows its cells
 * (formats NULL: all text). Column widths are guessed from the header (a
 * CJK or full-width character counts as two), at least 14 for money, at
 * most 60. CE_ERR_DATA for a bad column count or a header that is not UTF-8
 * or longer than a cell holds; CE_ERR_IO when libxlsxwriter cannot create
 * the sheet (its temporary file or memory). */
ce_status ce_xlsx_sheet(ce_xlsx *x, const char *name, size_t n_cols, const char *const *headers,
                        const ce_xlsx_format *formats, ce_error *err);

/* Appends one row (n_cols cells) to the current sheet. cells[c] is the text
 * as the CSV would show it; "" (or NULL) is an empty cell. In a numeric
 * column the text must be a plain decimal, all of it ("-12.5", "0.125",
 * "1e3"; C locale, never hex, inf or nan, no spaces or thousands
 * separators) giving a finite number; any other text is written as text, so
 * nothing is lost. The number is stored as a double, which libxlsxwriter
 * prints with 16 significant digits: "87.65" is stored as
 * 87.65000000000001, the same double, shown as 87.65. mark fills the whole
 * row, empty cells included.
 * CE_ERR_DATA, with nothing written, when there is no sheet yet, when the
 * sheet already holds CE_XLSX_MAX_DATA_ROWS rows ("more rows than a
 * worksheet holds"), or when a cell is not UTF-8 or longer than
 * CE_XLSX_MAX_CELL_CHARS characters; the workbook stays usable. CE_ERR_IO when libxlsxwriter fails:
 * the workbook can then only be discarded. */
ce_status ce_xlsx_row(ce_xlsx *x, const char *const *cells, ce_xlsx_mark mark, ce_error *err);

/* Writes the workbook, syncs it and renames it over the path given to
 * ce_xlsx_open, then frees x. On failure (CE_ERR_IO; CE_ERR_DATA when no
 * sheet was added) nothing is left behind and an existing file at path is
 * untouched. */
ce_status ce_xlsx_close(ce_xlsx *x, ce_error *err);

/* Discards the workbook: no file is written, an existing file at path is
 * untouched. Frees x; x may be NULL. */
void ce_xlsx_abort(ce_xlsx *x);

#endif
