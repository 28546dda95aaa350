/* voucher_issue.h - one batch of voucher applications decided against the
 * ledger: `clustereval voucher issue`.
 *
 * The batch streams the applications file once, assessing every row
 * (voucher.h) into the ledger's queue, then decides the rows in queue order
 * (applied_at, then app_id bytewise; rows without a readable applied_at
 * last):
 *   - the same file (same rows, same --strict-cap) decided before in this
 *     cycle is a replay: it starts from the state recorded when it first ran
 *     (the batches table), meets its own vouchers in the same places and so
 *     prints every row exactly as then; the ledger is not written;
 *   - otherwise an app_id granted a voucher of this cycle keeps it (printed
 *     as recorded); a rejected one is decided again;
 *   - duplicate_in_cycle: the enterprise (valid credit code) already holds a
 *     voucher of the cycle, from an earlier batch or earlier in this one;
 *   - strict first come, first served: an application with nothing against
 *     it whose face value does not fit in what is left of the pool gets
 *     pool_exhausted, and so does every later one (the cycle's pool closes,
 *     also for later batches);
 *   - otherwise it is granted: voucher id "<cycle>-<6-digit number>", issued
 *     on the day of applied_at, valid for validity_days days after it.
 * Every decision is passed to emit in queue order and recorded in the
 * ledger. The whole batch is one transaction, committed only after emit and
 * finish succeeded: on any failure the ledger is left as before.
 */
#ifndef CLUSTEREVAL_VOUCHER_ISSUE_H
#define CLUSTEREVAL_VOUCHER_ISSUE_H

#include "clustereval/csvio.h"
#include "clustereval/ledger.h"
#include "clustereval/sme.h"
#include "clustereval/status.h"
#include "clustereval/summary.h"
#include "clustereval/voucher.h"

/* One decided application, as the output shows it. Text fields are never
 * NULL ("" when empty) and valid only during the emit call. */
typedef struct {
    const char *app_id, *credit_code, *name;
    int granted;
    const char *reasons, *size, *voucher_type;
    long long face_fen; /* 0 when rejected */
    const char *voucher_id, *expires_at;
    long long pool_left_fen;
} ce_voucher_decision;

typedef struct {
    const char *applications; /* the CSV file */
    ce_encoding encoding;
    const char *sheet;        /* an .xlsx input's sheet; NULL: the first */
    ce_summary_rows summary;  /* totals rows (summary.h): refused, or dropped
                                 with a warning; labels NULL = not looked for */
    const char *cycle;        /* the application cycle's id */
    long long pool_fen;       /* the cycle's pool; used when the cycle is new */
    int pool_given;           /* pool_fen was given: required for a new cycle,
                                 must match the ledger for a known one */
    int strict_cap;           /* reject a request above the cap (over_cap) */
    const ce_voucher_policy *policy;
    const ce_sme_standard *standard;
    ce_ledger *ledger;
    /* Called once per application in queue order. */
    ce_status (*emit)(void *ud, const ce_voucher_decision *d, ce_error *err);
    /* Called after the last emit, before the commit (e.g. to flush the
     * output); may be NULL. */
    ce_status (*finish)(void *ud, ce_error *err);
    /* Called after each decision is recorded with the number decided so far;
     * may be NULL. Tests use it to kill the process mid-batch. */
    void (*progress)(void *ud, size_t decided);
    void *ud;
} ce_voucher_issue_opts;

typedef struct {
    size_t applications, granted, rejected;
    size_t kept;               /* granted by an earlier batch, kept (in a
                                  replay the batch's own grants count as
                                  granted) */
    long long granted_fen;     /* face value granted in this batch */
    long long pool_fen, left_fen; /* the cycle's pool, and what is left */
    int pool_closed;           /* the pool is exhausted */
    size_t reasons[CE_VRULE_N]; /* rejections per rule, this batch */
    size_t data_problems;      /* rejections with a missing: or invalid: reason */
    int replay;                /* the file was decided before: printed again */
    long long batch;           /* the batch's number in the cycle */
} ce_voucher_issue_summary;

/* Runs the batch. Memory: the ledger's page cache and an 8-byte hash per
 * application (to catch a repeated app_id); the rows wait in the ledger's
 * TEMP queue. Errors: CE_ERR_DATA for a bad applications file (missing
 * column, empty or duplicate app_id: with file and line), CE_ERR_USAGE when
 * the cycle is new and no pool was given or the pool differs from the
 * ledger's, CE_ERR_IO for a ledger or output failure. */
ce_status ce_voucher_issue(const ce_voucher_issue_opts *o, ce_voucher_issue_summary *sum,
                           ce_diag *diag, ce_error *err);

#endif
