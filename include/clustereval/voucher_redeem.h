/* voucher_redeem.h - one batch of voucher claims paid against the ledger:
 * `clustereval voucher redeem`.
 *
 * Claims (columns voucher_id, credit_code, contract_amount, service,
 * redeemed_at) are decided in file order. A claim is paid
 *   subsidy = min(subsidy_ratio x contract_amount, face value)
 * (rounded down to the fen: never more than the ratio, 不超过合同金额的30%)
 * unless one of these holds, each a reason:
 *   missing:<column>, invalid:<column>   an empty or unreadable cell
 *   unknown_voucher     the ledger has no such voucher
 *   foreign_voucher     the voucher belongs to another credit code
 *   service_mismatch    the service is not the voucher's
 *   before_issue        redeemed_at is before the voucher was issued
 *   expired             redeemed_at is after expires_at (validity_days
 *                       after the issue day)
 *   already_redeemed    the voucher was redeemed before (by an earlier batch
 *                       or an earlier claim of this one)
 * A claim identical to the recorded redemption of its voucher (same credit
 * code, contract amount, service and day) is the same claim again: it keeps
 * its decision and pays nothing twice, so a re-run changes nothing.
 * The whole batch is one transaction, committed only after emit and finish
 * succeeded.
 */
#ifndef CLUSTEREVAL_VOUCHER_REDEEM_H
#define CLUSTEREVAL_VOUCHER_REDEEM_H

#include "clustereval/csvio.h"
#include "clustereval/ledger.h"
#include "clustereval/status.h"
#include "clustereval/voucher.h"

typedef struct {
    const char *voucher_id;
    int redeemed;
    const char *reasons;
    long long subsidy_fen; /* 0 when rejected */
} ce_voucher_claim_decision;

typedef struct {
    const char *claims; /* the CSV file */
    ce_encoding encoding;
    const char *sheet;        /* an .xlsx input's sheet; NULL: the first */
    const ce_voucher_policy *policy;
    ce_ledger *ledger;
    ce_status (*emit)(void *ud, const ce_voucher_claim_decision *d, ce_error *err);
    ce_status (*finish)(void *ud, ce_error *err); /* before the commit; may be NULL */
    void *ud;
} ce_voucher_redeem_opts;

typedef struct {
    size_t claims, redeemed, rejected, kept;
    long long paid_fen; /* subsidy paid in this batch */
} ce_voucher_redeem_summary;

/* Runs the batch. Errors: CE_ERR_DATA for a bad claims file (missing column,
 * empty voucher_id: with file and line), CE_ERR_IO for a ledger or output
 * failure. */
ce_status ce_voucher_redeem(const ce_voucher_redeem_opts *o, ce_voucher_redeem_summary *sum,
                            ce_diag *diag, ce_error *err);

#endif
