/* ledger.h - the voucher ledger: a SQLite database that keeps a cycle's
 * history between batches: the pool of each cycle and every voucher issued,
 * with the decision that granted it and its redemption.
 *
 * Tables (schema version 3, in the file's user_version):
 *   cycles(cycle, pool_fen, left_fen, exhausted, next_seq)
 *   vouchers(voucher_id, cycle, app_id, credit_code, name, service,
 *            voucher_type, size, reasons, face_fen, pool_left_fen, issued_on,
 *            expires_at, redeemed_on, contract_fen, subsidy_fen, batch)
 *            -- unique (cycle, credit_code): one voucher per enterprise and
 *               cycle; unique (cycle, app_id)
 *   batches(cycle, batch, digest, rows, left_fen, exhausted, next_seq)
 *            -- each committed batch: a digest of its file and options, and
 *               the cycle's state when it began (to replay it exactly)
 * Money is integer fen; dates are "YYYY-MM-DD" text. Rejected applications
 * are not recorded: the decisions file is their record.
 *
 * A batch is one transaction (ce_ledger_begin .. ce_ledger_commit): SQLite's
 * rollback journal makes a crash or kill at any moment leave the ledger as
 * before the batch or with all of it. The queue of a batch is a TEMP table,
 * gone with the connection.
 *
 * Whoever calls ce_ledger_open(_existing) owns the ledger and closes it with
 * ce_ledger_close (which rolls back an open batch) or, after a failure,
 * ce_ledger_discard.
 */
#ifndef CLUSTEREVAL_LEDGER_H
#define CLUSTEREVAL_LEDGER_H

#include "clustereval/status.h"

typedef struct ce_ledger ce_ledger;

/* Opens the ledger at path, creating the file (O_EXCL) and its tables when
 * missing. The file is held open under a shared flock(2) until the ledger is
 * closed. CE_ERR_DATA when path is not a SQLite database or not a clustereval
 * ledger: another schema version, or any schema object (table, index,
 * trigger, view) other than exactly the ones this clustereval creates (the
 * file is left unchanged). CE_ERR_IO when it cannot be opened or created.
 * The connection is defensive: no trigger fires, no view is read, no SQL
 * from the schema runs with trust, no extension loads. */
ce_status ce_ledger_open(const char *path, ce_ledger **out, ce_error *err);
/* The same for a ledger that must exist (redeem, status): never creates a
 * file or tables; CE_ERR_IO "no such ledger" when path is missing. */
ce_status ce_ledger_open_existing(const char *path, ce_ledger **out, ce_error *err);
/* Rolls back an open batch and closes; NULL is a no-op. */
void ce_ledger_close(ce_ledger *l);
/* Closes l after a failed run, and removes the ledger file only when all
 * of these hold, decided under SQLite's exclusive lock: this connection
 * created the file, committed no batch, no other run has the file open
 * (an exclusive flock), the path still names it, and it holds no row. A
 * -journal beside it is never touched. NULL is a no-op. */
void ce_ledger_discard(ce_ledger *l);
/* Whether a batch of this connection was committed (it is in the ledger for
 * good: a failure after it must keep the ledger). */
int ce_ledger_committed(const ce_ledger *l);

/* Starts a batch (BEGIN IMMEDIATE: one writer at a time; a second waits up
 * to 5 s, then CE_ERR_IO "the ledger is busy"). Under the lock, checks again
 * that the path names the open file and that the schema is the ledger's. */
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

/* ---- vouchers ------------------------------------------------------------- */

/* A voucher. Text fields are never NULL ("" when empty); in a record the
 * ledger returns they stay valid until the next call on the ledger. */
typedef struct {
    const char *voucher_id, *cycle, *app_id, *credit_code, *name, *service, *voucher_type;
    const char *size, *reasons; /* the granting decision's, as printed */
    long long face_fen;
    long long pool_left_fen;     /* the cycle's pool left after granting it */
    const char *issued_on, *expires_at;
    const char *redeemed_on;     /* "" when not redeemed */
    long long contract_fen, subsidy_fen;
    long long batch;             /* the cycle's batch that granted it (1, 2, ...) */
    long long row_digest;        /* of the application's row (voucher_issue.c) */
} ce_ledger_voucher;

/* Whether the enterprise holds a voucher of the cycle granted by a batch
 * numbered up_to_batch or lower. */
ce_status ce_ledger_holds_voucher(ce_ledger *l, const char *cycle, const char *credit_code,
                                  long long up_to_batch, int *holds, ce_error *err);
/* Calls fn with the application, holder and batch of every voucher of the
 * cycle (in no particular order). */
ce_status ce_ledger_voucher_keys(ce_ledger *l, const char *cycle,
                                 ce_status (*fn)(void *ud, const char *app_id,
                                                 const char *credit_code, long long batch,
                                                 ce_error *err),
                                 void *ud, ce_error *err);
/* Records a new voucher (redeemed_on, contract and subsidy are ignored).
 * CE_ERR_DATA when its id, its (cycle, credit_code) or its (cycle, app_id)
 * is in the ledger already. */
ce_status ce_ledger_voucher_add(ce_ledger *l, const ce_ledger_voucher *v, ce_error *err);
/* The voucher granted to application app_id of the cycle, if any. */
ce_status ce_ledger_voucher_of_app(ce_ledger *l, const char *cycle, const char *app_id,
                                   ce_ledger_voucher *out, int *found, ce_error *err);
/* Sets *found, and *out (valid until the next call) when found. */
ce_status ce_ledger_voucher_get(ce_ledger *l, const char *voucher_id, ce_ledger_voucher *out,
                                int *found, ce_error *err);
ce_status ce_ledger_voucher_redeem(ce_ledger *l, const char *voucher_id,
                                   const char *redeemed_on, long long contract_fen,
                                   long long subsidy_fen, ce_error *err);

/* ---- batches ---------------------------------------------------------------- */

typedef struct {
    long long batch;  /* 1, 2, ... within the cycle */
    long long digest; /* of the applications and the options that decide them */
    long long rows;
    long long left_fen; /* the cycle's state when the batch began: */
    int exhausted;
    long long next_seq;
} ce_ledger_batch;

/* The first committed batch of the cycle with this digest, if any. */
ce_status ce_ledger_batch_find(ce_ledger *l, const char *cycle, long long digest,
                               ce_ledger_batch *out, int *found, ce_error *err);
/* The number of the cycle's last batch (0: none). */
ce_status ce_ledger_batch_last(ce_ledger *l, const char *cycle, long long *batch,
                               ce_error *err);
ce_status ce_ledger_batch_add(ce_ledger *l, const char *cycle, const ce_ledger_batch *b,
                              ce_error *err);

/* ---- the queue of a batch ------------------------------------------------- */

/* The staging table of a batch: one row per application with an opaque
 * payload for the caller, read back in file order or sorted by key, then
 * app_id bytewise. */
ce_status ce_ledger_queue_reset(ce_ledger *l, ce_error *err);
ce_status ce_ledger_queue_add(ce_ledger *l, long long key, const char *app_id,
                              long long line, const void *payload, int payload_size,
                              ce_error *err);
/* The first line app_id was queued from (0 when it is not queued). A full
 * scan: for confirming a suspected repeat, not for every row. */
ce_status ce_ledger_queue_line(ce_ledger *l, const char *app_id, long long *line,
                               ce_error *err);

typedef struct ce_ledger_queue_iter ce_ledger_queue_iter;
/* in_file_order: read the rows as added (the caller knows they are in queue
 * order already), else sorted. */
ce_status ce_ledger_queue_open(ce_ledger *l, int in_file_order, ce_ledger_queue_iter **out,
                               ce_error *err);
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
} ce_ledger_cycle_summary;

/* Calls fn for every cycle in cycle order, counting as of the date as_of
 * ("YYYY-MM-DD"). */
ce_status ce_ledger_summarize(ce_ledger *l, const char *as_of,
                              ce_status (*fn)(void *ud, const ce_ledger_cycle_summary *s,
                                              ce_error *err),
                              void *ud, ce_error *err);

#endif
