/* xlsx_private.h - what xlsx.c lends the other workbook writers of the
 * report layer (not installed): a sheet the caller lays out with
 * libxlsxwriter itself, for what the table-shaped ce_xlsx_sheet cannot say
 * (merged titles, data validation: the data-collection template,
 * template.c), inside a ce_xlsx workbook so that the atomic write, the
 * reproducible date and the sheet-name rules stay the ones of xlsx.h. */
#ifndef CLUSTEREVAL_XLSX_PRIVATE_H
#define CLUSTEREVAL_XLSX_PRIVATE_H

#include <xlsxwriter.h>

#include "clustereval/xlsx.h"

/* Adds a sheet named like ce_xlsx_sheet names one (cleaned, unique) with
 * nothing in it and makes it the current one: *ws gets it, *wb the
 * workbook (for formats). The sheet is written with libxlsxwriter in row
 * order (the workbook streams: a row before the last one written is lost);
 * ce_xlsx_row refuses rows until the next ce_xlsx_sheet. The sheet and the
 * workbook live until ce_xlsx_close or ce_xlsx_abort. Errors as
 * ce_xlsx_sheet's (CE_ERR_NOMEM, CE_ERR_IO, CE_ERR_DATA); *ws and *wb are
 * set only on success. */
ce_status ce_xlsx_raw_sheet(ce_xlsx *x, const char *name, lxw_worksheet **ws, lxw_workbook **wb,
                            ce_error *err);

/* A libxlsxwriter call on a raw sheet failed with e: marks the workbook
 * broken (it can then only be discarded) and returns the error, naming
 * what ("cannot write the header"). */
ce_status ce_xlsx_raw_failed(ce_xlsx *x, lxw_error e, const char *what, ce_error *err);

/* The width ce_xlsx_sheet gives a column headed by text (valid UTF-8): a
 * CJK or full-width character counts as two, 8 to 60. */
double ce_xlsx_text_width(const char *text);

#endif
