/* ledger.h - the voucher ledger: a SQLite database that keeps a cycle's
 * history between batches: the pool of each cycle, every application
 * decided, every voucher issued and its redemption.
 *
 * Tables (schema version 1, in the file's user_version):
 *   cycles(cycle, pool_fen, left_fen, exhausted, next_seq)
 *   decisions(cycle, app_id, line, credit_code, name, decision, reasons, size,
 *             voucher_type, face_fen, voucher_id, expires_at, pool_left_fen)
 *   vouchers(voucher_id, cycle, app_id, credit_code, service, voucher_type,
 *            face_fen, issued_on, expires_at, redeemed_on, contract_fen,
 *            subsidy_fen)   -- at most one voucher per (cycle, credit_code)
 * Money is integer fen; dates are "YYYY-MM-DD" text.
 *
 * A batch is one transaction (ce_ledger_begin .. ce_ledger_commit): SQLite's
 * rollback journal makes a crash or kill at any moment leave the ledger as
 * before the batch or with all of it. The staging table of a batch is a
 * TEMP table, gone with the connection.
 *
 * Whoever calls ce_ledger_open owns the ledger and closes it with
 * ce_ledger_close (which rolls back an open batch).
 */
#ifndef CLUSTEREVAL_LEDGER_H
#define CLUSTEREVAL_LEDGER_H

#include "clustereval/status.h"

typedef struct ce_ledger ce_ledger;

/* Opens the ledger at path, creating the file and its tables when missing.
 * CE_ERR_DATA when path is not a SQLite database or not a clustereval
 * ledger (foreign tables, another schema version); CE_ERR_IO when it cannot
 * be opened or created. */
ce_status ce_ledger_open(const char *path, ce_ledger **out, ce_error *err);
/* Rolls back an open batch and closes; NULL is a no-op. */
void ce_ledger_close(ce_ledger *l);

/* Starts a batch (BEGIN IMMEDIATE: one writer at a time; a second waits up
 * to 5 s, then CE_ERR_IO "the ledger is busy"). */
ce_status ce_ledger_begin(ce_ledger *l, ce_error *err);
ce_status ce_ledger_commit(ce_ledger *l, ce_error *err);
void ce_ledger_rollback(ce_ledger *l);

/* ---- cycles --------------------------------------------------------------- */

typedef struct {
    long long pool_fen, left_fen;
    int exhausted;     /* an eligible request did not fit: the pool is closed */
    long long next_seq; /* number of the next voucher of the cycle */
} ce_ledger_cycle;

/* Sets *found, and *out when found. */
ce_status ce_ledger_cycle_get(ce_ledger *l, const char *cycle, ce_ledger_cycle *out,
                              int *found, ce_error *err);
/* Inserts or replaces the cycle's row. */
ce_status ce_ledger_cycle_put(ce_ledger *l, const char *cycle, const ce_ledger_cycle *c,
                              ce_error *err);

/* ---- decisions ------------------------------------------------------------ */

/* One decided application, as the output shows it. Text fields are never
 * NULL ("" when empty); in a record returned by the ledger they stay valid
 * until the next call on the ledger. */
typedef struct {
    const char *app_id, *credit_code, *name;
    int granted;
    const char *reasons, *size, *voucher_type;
    long long face_fen; /* 0 when rejected */
    const char *voucher_id, *expires_at;
    long long pool_left_fen;
    long long line; /* line of the applications file that was decided */
} ce_ledger_decision;

ce_status ce_ledger_decision_get(ce_ledger *l, const char *cycle, const char *app_id,
                                 ce_ledger_decision *out, int *found, ce_error *err);
/* CE_ERR_DATA "already decided" when (cycle, app_id) exists. */
ce_status ce_ledger_decision_add(ce_ledger *l, const char *cycle, const ce_ledger_decision *d,
                                 ce_error *err);

/* ---- vouchers ------------------------------------------------------------- */

typedef struct {
    const char *voucher_id, *cycle, *app_id, *credit_code, *service, *voucher_type;
    long long face_fen;
    const char *issued_on, *expires_at;
    const char *redeemed_on; /* "" when not redeemed */
    long long contract_fen, subsidy_fen;
} ce_ledger_voucher;

/* Whether the enterprise holds a voucher of the cycle. */
ce_status ce_ledger_holds_voucher(ce_ledger *l, const char *cycle, const char *credit_code,
                                  int *holds, ce_error *err);
ce_status ce_ledger_voucher_add(ce_ledger *l, const ce_ledger_voucher *v, ce_error *err);
/* Sets *found, and *out (valid until the next call) when found. */
ce_status ce_ledger_voucher_get(ce_ledger *l, const char *voucher_id, ce_ledger_voucher *out,
                                int *found, ce_error *err);
ce_status ce_ledger_voucher_redeem(ce_ledger *l, const char *voucher_id,
                                   const char *redeemed_on, long long contract_fen,
                                   long long subsidy_fen, ce_error *err);

/* ---- the queue of a batch ------------------------------------------------- */

/* The staging table of a batch: one row per application, read back in queue
 * order (applied_at, then app_id bytewise; rows without a valid applied_at
 * last). payload is opaque bytes kept for the caller. */
ce_status ce_ledger_queue_reset(ce_ledger *l, ce_error *err);
/* CE_ERR_DATA "duplicate app_id" when app_id is already queued; *first_line
 * is then the line it was queued from. */
ce_status ce_ledger_queue_add(ce_ledger *l, long long key, const char *app_id,
                              long long line, const void *payload, int payload_size,
                              long long *first_line, ce_error *err);

typedef struct ce_ledger_queue_iter ce_ledger_queue_iter;
ce_status ce_ledger_queue_open(ce_ledger *l, ce_ledger_queue_iter **out, ce_error *err);
/* Advances; *has is 0 at the end. The row's fields stay valid until the
 * next call. */
ce_status ce_ledger_queue_next(ce_ledger_queue_iter *it, int *has, const char **app_id,
                               long long *line, const void **payload, int *payload_size,
                               ce_error *err);
void ce_ledger_queue_close(ce_ledger_queue_iter *it);

/* ---- reporting ------------------------------------------------------------ */

typedef struct {
    char cycle[64];
    long long pool_fen, left_fen;
    long long issued, issued_fen;     /* vouchers and their face value */
    long long redeemed, paid_fen;     /* redeemed vouchers and subsidy paid */
    long long expired;                /* not redeemed, expired before as_of */
    long long outstanding;            /* not redeemed, still valid on as_of */
    long long decisions, rejected;
} ce_ledger_cycle_summary;

/* Calls fn for every cycle in cycle order, counting as of the date as_of
 * ("YYYY-MM-DD"). */
ce_status ce_ledger_summarize(ce_ledger *l, const char *as_of,
                              ce_status (*fn)(void *ud, const ce_ledger_cycle_summary *s,
                                              ce_error *err),
                              void *ud, ce_error *err);

#endif
