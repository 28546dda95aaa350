/* training_batch.h - the conditions of the public training projects for
 * every applicant of a CSV file, at application or at acceptance
 * (training.h): `clustereval training`.
 *
 * The file has the columns of ce_training_column_required for the stage
 * (any order, others ignored; province optional). The batch reads the whole
 * file, refuses an empty applicant_id or two with the same key (idkey.h),
 * assesses every applicant, then passes the rows to emit in file order. An
 * applicant that fails a condition, or has a missing or unreadable cell, is
 * not an error of the batch: it is emitted with pass 0 and its reasons.
 *
 * The batch owns everything it reads; the rows passed to emit are valid
 * only during the call.
 */
#ifndef CLUSTEREVAL_TRAINING_BATCH_H
#define CLUSTEREVAL_TRAINING_BATCH_H

#include <stddef.h>

#include "clustereval/csvio.h"
#include "clustereval/status.h"
#include "clustereval/summary.h"
#include "clustereval/training.h"

/* One applicant: its cells as written (cells[c] NULL for a column the file
 * does not have) and the assessment. */
typedef struct {
    const char *const *cells; /* CE_TCOL_N of them */
    size_t line;
    const ce_training_result *result;
} ce_training_batch_row;

typedef struct {
    const char *applicants; /* the CSV file */
    ce_encoding encoding;
    const char *sheet;        /* an .xlsx input's sheet; NULL: the first */
    ce_summary_rows summary;  /* totals rows (summary.h): refused, or dropped
                                 with a warning; labels NULL = not looked for */
    ce_training_stage stage;
    const ce_training_policy *policy;
    /* Called once when the file is read and checked, before the first
     * emit (e.g. to write a header); may be NULL. */
    ce_status (*begin)(void *ud, ce_error *err);
    /* Called once per applicant in file order; may be NULL. */
    ce_status (*emit)(void *ud, const ce_training_batch_row *row, ce_error *err);
    void *ud;
} ce_training_batch_opts;

typedef struct {
    size_t applicants, passed;
    long long subsidy_fen, reward_fen; /* summed over the applicants */
} ce_training_batch_summary;

/* Runs the batch; *sum is set only on success. Errors: CE_ERR_DATA for a
 * bad file (missing column, empty or duplicate applicant_id: with file and
 * line), CE_ERR_IO when it cannot be read, or the error of begin or emit. */
ce_status ce_training_batch_run(const ce_training_batch_opts *o,
                                ce_training_batch_summary *sum, ce_diag *diag, ce_error *err);

#endif
