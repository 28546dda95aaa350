/* csvio.h - streaming CSV reading (libcsv, strict) with encoding detection,
 * and the CSV field writer every report uses.
 *
 * Reading: ce_csv_read streams a file record by record to a callback; it
 * never holds the whole file. It strips a UTF-8 BOM, accepts LF and CRLF,
 * quoted fields with commas, quotes and newlines, skips blank lines and rows
 * whose fields are all empty, and reports the physical line each record
 * starts on. Every record must have as many fields as the first (the
 * header). A file that is not valid UTF-8 is decoded from GB18030 with iconv
 * when the encoding is CE_ENC_AUTO.
 *
 * A file that is a zip archive is read as an .xlsx workbook instead: one
 * sheet's rows as records, as Excel would save the sheet as CSV (see
 * src/core/xlsx_read.h for what each kind of cell becomes); its records
 * carry the sheet's name and their Excel row number.
 */
#ifndef CLUSTEREVAL_CSVIO_H
#define CLUSTEREVAL_CSVIO_H

#include <stdio.h>

#include "clustereval/status.h"

typedef enum { CE_ENC_AUTO = 0, CE_ENC_UTF8, CE_ENC_GB18030 } ce_encoding;

/* Parses "auto", "utf-8"/"utf8", "gb18030" (ASCII case-insensitive).
 * Returns 0 on success. */
int ce_encoding_parse(const char *name, ce_encoding *out);
const char *ce_encoding_name(ce_encoding enc);

/* One record. The fields are NUL-terminated UTF-8 copies, valid only during
 * the callback. Unquoted fields are trimmed of surrounding spaces/tabs. */
typedef struct {
    size_t index;        /* 0 for the header, then 1, 2, ... */
    size_t line;         /* physical line the record starts on (1-based) */
    size_t nfields;
    char *const *fields; /* nfields pointers */
    const size_t *lens;  /* nfields lengths in bytes */
    size_t max_records;  /* upper bound on the records of the file (its line
                            count), for reserving memory once */
    const char *sheet;   /* a workbook's sheet, NULL for a CSV file; line is
                            then the Excel row and field i is column A + i */
    size_t row;          /* a CSV file's record as a spreadsheet shows it: its
                            row, which is line less the line breaks inside
                            the quoted fields above it; 0 in a workbook's
                            record (line is the row) */
} ce_csv_record;

/* The row a spreadsheet shows rec in: rec->row, or a workbook's line. */
size_t ce_csv_record_row(const ce_csv_record *rec);

/* Where field i of rec is, as a spreadsheet names a cell: "数据!C17" for a
 * workbook's record ('My data'!C17 when the sheet's name needs quotes), ""
 * for a CSV record. Writes into out (size >= 64) and returns it. */
const char *ce_csv_cell_ref(const ce_csv_record *rec, size_t field, char *out, size_t size);

/* Return CE_OK to continue; anything else stops the read and is returned
 * by ce_csv_read with the callback's err left as it was filled. */
typedef ce_status (*ce_csv_record_fn)(void *ud, const ce_csv_record *rec, ce_error *err);

/* Reads path, calling fn for every record. enc chooses the decoding; with
 * CE_ENC_AUTO a file that is not valid UTF-8 is read as GB18030 and so
 * noted in diag (ce_diag_add_gb18030). *used (may be NULL) receives the encoding applied.
 * Errors: CE_ERR_IO when the file cannot be read, CE_ERR_DATA for malformed
 * CSV, ragged rows, bad encoding or an empty file, each with file and line. */
ce_status ce_csv_read(const char *path, ce_encoding enc, ce_csv_record_fn fn, void *ud,
                      ce_encoding *used, ce_diag *diag, ce_error *err);

typedef struct {
    ce_encoding encoding; /* of a CSV file; a workbook is always UTF-8 */
    const char *sheet;    /* the workbook's sheet to read; NULL: the first
                             visible one (with a note in diag when there
                             are several) */
    int ragged;           /* a CSV record with more or fewer fields than the
                             header goes to the callback (which checks
                             nfields) instead of being an error */
} ce_csv_read_options;

/* ce_csv_read with options. A sheet named for a file that is not a
 * workbook is CE_ERR_USAGE; a workbook without that sheet CE_ERR_DATA
 * (its sheets listed). */
ce_status ce_csv_read_opts(const char *path, const ce_csv_read_options *opt,
                           ce_csv_record_fn fn, void *ud, ce_encoding *used, ce_diag *diag,
                           ce_error *err);

/* Writes one text field, quoted when it contains a comma, quote, CR or LF.
 * Text beginning with = + - @ TAB or CR gets a leading ' so that spreadsheet
 * programs never evaluate it (the formula guard). */
void ce_csv_write_text(FILE *out, const char *text);

#endif
