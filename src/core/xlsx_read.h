/* xlsx_read.h - reading one sheet of an .xlsx workbook as records, for
 * ce_csv_read (csvio.h), which calls it when a file is a zip archive.
 * Private to src/core.
 *
 * The workbook is opened with libzip and every part is parsed by expat as
 * it streams out of the archive (nothing is unpacked to disk). A sheet's
 * rows become ce_csv_records exactly as the CSV that Excel would save:
 * every record has the sheet's width (its last column holding a value),
 * columns start at A, missing cells and sparse rows are empty fields, rows
 * with no value are skipped, and record.line is the Excel row number. See
 * ce_xlsx_read for what a cell becomes.
 *
 * Nothing is allocated beyond the call.
 */
#ifndef CLUSTEREVAL_XLSX_READ_H
#define CLUSTEREVAL_XLSX_READ_H

#include <stdio.h>

#include "clustereval/csvio.h"
#include "clustereval/status.h"

/* Limits against hostile workbooks (zip bombs, absurd tables): a part of
 * the archive that expands past its limit is refused with CE_ERR_DATA. */
#define CE_XLSX_SHEET_MAX ((size_t)1 << 30)         /* 1 GiB of sheet XML */
#define CE_XLSX_STRINGS_MAX ((size_t)256 << 20)     /* 256 MiB of shared strings XML */
#define CE_XLSX_PART_MAX ((size_t)64 << 20)         /* 64 MiB: workbook, styles, rels */
#define CE_XLSX_MAX_ROW 1048576                     /* Excel's last row */
#define CE_XLSX_MAX_COL 16384                       /* Excel's last column, XFD */

/* 1 when the first bytes of a file (n of them) are a zip archive's
 * signature "PK\3\4" (an .xlsx workbook is one). */
int ce_xlsx_is_zip(const unsigned char *head, size_t n);

/* "数据!C17" for column col (0-based) of row in sheet, quoted ('My
 * data'!C17) when the name holds ASCII other than letters, digits and '_';
 * "" when sheet is NULL. Writes into out (size >= 64) and returns it. */
const char *ce_xlsx_cell_ref(const char *sheet, size_t col, size_t row, char *out, size_t size);

/* Reads the sheet named sheet (NULL: the first visible sheet in tab order)
 * of the workbook open as fp (read from its start; fp stays the caller's)
 * and calls fn for every row holding a value. path names the file in
 * errors. A cell becomes:
 *   number      the text Excel stored (<v>), unchanged: no conversion
 *   percentage  (a number whose cell style is a % format) in percent units
 *               as Excel shows it and saves it as CSV: 0.8315 -> "83.15%"
 *               (the decimal point moved in the text; the number parser
 *               reads it as 83.15)
 *   date        (a number whose cell style is a date or time format) ISO
 *               8601: YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS when the format shows
 *               a time too, HH:MM:SS for a time alone (1900 and 1904 date
 *               systems)
 *   string      shared or inline, rich text runs joined, phonetic runs left
 *               out, _xHHHH_ escapes decoded (_x000D_ is a CR); surrounding
 *               spaces and tabs trimmed as the CSV reader trims an unquoted
 *               field
 *   boolean     TRUE or FALSE
 *   formula     its cached result as above
 * Merged cells hold their value in the first cell, the others are empty.
 * Errors (CE_ERR_DATA, naming path, the Excel row and SHEET!CELL in the
 * message): not a workbook, a part that is missing, malformed or too big, a
 * DOCTYPE (no entities are ever expanded), no such sheet (the sheets are
 * listed), a cell reference past XFD1048576 or out of order, an error cell
 * (#DIV/0!, #N/A, ...), a formula without a computed value, a date serial
 * that is no day. An error the callback returns for the row it was given
 * gets "SHEET!CELL: " (or "SHEET!ROW:ROW: ") put before its message, the
 * cell found from the column the message names. CE_ERR_IO when the file
 * cannot be read. When the workbook has several sheets and sheet is NULL a
 * note naming the sheet read goes into diag. */
ce_status ce_xlsx_read(FILE *fp, const char *path, const char *sheet, ce_csv_record_fn fn,
                       void *ud, ce_diag *diag, ce_error *err);

#endif
