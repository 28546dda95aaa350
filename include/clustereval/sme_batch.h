/* sme_batch.h - the size class of every enterprise of a CSV file under an
 * SME size standard (sme.h): `clustereval sme`.
 *
 * The file has the columns id, industry, employees, revenue, assets (any
 * order, others ignored; revenue and assets in 10k yuan); industry is the
 * standard's industry id or Chinese name. The batch reads the whole file,
 * refuses an empty id or two ids with the same key (idkey.h), classifies
 * every row, then passes the rows to emit in file order. A row that cannot
 * be classified (unknown industry, a needed measure missing, a bad number)
 * is not an error of the batch: it is emitted unclassified with the reason
 * "error: ...", and a warning "FILE:LINE: id "x": ..." goes to diag.
 *
 * The batch owns everything it reads; the rows passed to emit are valid
 * only during the call.
 */
#ifndef CLUSTEREVAL_SME_BATCH_H
#define CLUSTEREVAL_SME_BATCH_H

#include <stddef.h>

#include "clustereval/csvio.h"
#include "clustereval/sme.h"
#include "clustereval/status.h"
#include "clustereval/summary.h"

/* One enterprise as the output shows it: the five cells as written, the
 * size when classified, and the reason (ce_sme_classify's, or "error: ..."
 * for a row that was not classified). Never NULL. */
typedef struct {
    const char *id, *industry, *employees, *revenue, *assets;
    size_t line;
    int classified;
    ce_sme_size size; /* only when classified */
    const char *reason;
} ce_sme_batch_row;

typedef struct {
    const char *enterprises; /* the CSV file */
    ce_encoding encoding;
    const char *sheet;        /* an .xlsx input's sheet; NULL: the first */
    ce_summary_rows summary;  /* totals rows (summary.h): refused, or dropped
                                 with a warning; labels NULL = not looked for */
    const ce_sme_standard *standard;
    /* Called once when the file is read and checked, before the first
     * emit (e.g. to write a header); may be NULL. */
    ce_status (*begin)(void *ud, ce_error *err);
    /* Called once per enterprise in file order; may be NULL. */
    ce_status (*emit)(void *ud, const ce_sme_batch_row *row, ce_error *err);
    void *ud;
} ce_sme_batch_opts;

typedef struct {
    size_t enterprises;
    size_t sizes[CE_SME_N_SIZES]; /* classified enterprises per size */
    size_t not_classified;
} ce_sme_batch_summary;

/* Runs the batch; *sum is set only on success. Errors: CE_ERR_DATA for a
 * bad file (missing column, empty or duplicate id: with file and line),
 * CE_ERR_IO when it cannot be read, or the error of begin or emit. */
ce_status ce_sme_batch_run(const ce_sme_batch_opts *o, ce_sme_batch_summary *sum,
                           ce_diag *diag, ce_error *err);

#endif
