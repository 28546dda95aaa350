/* voucher_redeem.c - see voucher_redeem.h. */
#include "clustereval/voucher_redeem.h"

#include <stdio.h>
#include <string.h>

#include "clustereval/creditcode.h"
#include "clustereval/dates.h"
#include "clustereval/numparse.h"

#include "colmap.h"
#include "reasons.h"

enum { C_VOUCHER_ID, C_CREDIT_CODE, C_CONTRACT, C_SERVICE, C_REDEEMED_AT, N_COLS };
static const char *const col_names[N_COLS] = {"voucher_id", "credit_code", "contract_amount",
                                              "service", "redeemed_at"};

enum {
    R_UNKNOWN = 1u << 0,
    R_FOREIGN = 1u << 1,
    R_SERVICE = 1u << 2,
    R_BEFORE_ISSUE = 1u << 3,
    R_EXPIRED = 1u << 4,
    R_ALREADY = 1u << 5,
    N_REASONS = 6
};
static const char *const reason_codes[N_REASONS] = {
    "unknown_voucher", "foreign_voucher", "service_mismatch",
    "before_issue",    "expired",         "already_redeemed"};

typedef struct {
    const ce_voucher_redeem_opts *o;
    ce_voucher_redeem_summary *sum;
    ce_diag *diag;
    long col[N_COLS];
} redeemer;

static int is_blank(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return !*s;
}

/* The same service, ignoring surrounding spaces. */
static int same_text(const char *a, const char *b)
{
    while (*a == ' ' || *a == '\t')
        a++;
    size_t n = strlen(a);
    while (n && (a[n - 1] == ' ' || a[n - 1] == '\t'))
        n--;
    return strlen(b) == n && strncmp(a, b, n) == 0;
}

static ce_status on_record(void *ud, const ce_csv_record *rec, ce_error *err)
{
    redeemer *r = ud;
    const ce_voucher_redeem_opts *o = r->o;
    if (rec->index == 0)
        return ce_colmap_find_names(rec, col_names, N_COLS, o->claims,
                                    "claims need voucher_id, credit_code, contract_amount, "
                                    "service, redeemed_at",
                                    r->col, err);
    const char *cell[N_COLS];
    for (int c = 0; c < N_COLS; c++)
        cell[c] = rec->fields[r->col[c]];
    if (is_blank(cell[C_VOUCHER_ID]))
        return ce_error_set(err, CE_ERR_DATA, o->claims, rec->line, "empty voucher_id");
    r->sum->claims++;

    unsigned missing = 0, invalid = 0, why = 0;
    char code[19] = "";
    if (is_blank(cell[C_CREDIT_CODE]))
        missing |= 1u << C_CREDIT_CODE;
    else if (ce_credit_code_check(cell[C_CREDIT_CODE], strlen(cell[C_CREDIT_CODE]), code) !=
             CE_CREDIT_OK)
        invalid |= 1u << C_CREDIT_CODE;
    long long contract = 0;
    switch (ce_money_parse(cell[C_CONTRACT], strlen(cell[C_CONTRACT]), &contract)) {
    case 0:
        if (contract > 0)
            break;
        /* fall through - a contract of nothing */
    case -1: invalid |= 1u << C_CONTRACT; break;
    default: missing |= 1u << C_CONTRACT; break;
    }
    if (is_blank(cell[C_SERVICE]))
        missing |= 1u << C_SERVICE;
    long day = 0;
    if (is_blank(cell[C_REDEEMED_AT]))
        missing |= 1u << C_REDEEMED_AT;
    else if (ce_date_parse(cell[C_REDEEMED_AT], strlen(cell[C_REDEEMED_AT]), &day) != 0)
        invalid |= 1u << C_REDEEMED_AT;

    ce_ledger_voucher v;
    int found = 0;
    ce_status st = ce_ledger_voucher_get(o->ledger, cell[C_VOUCHER_ID], &v, &found, err);
    if (st != CE_OK)
        return st;
    char on[11] = "";
    if (!(missing & (1u << C_REDEEMED_AT)) && !(invalid & (1u << C_REDEEMED_AT)))
        ce_date_format(day, on);
    long long ratio = ce_voucher_policy_ratio_ppm(o->policy);
    /* "不超过合同金额的30%": down to the fen, so that the subsidy never
     * exceeds the ratio (half up paid 30.02 of 100.05); contract <= 10^12
     * fen and ratio <= 10^6, no overflow */
    long long subsidy = contract * ratio / 1000000;
    int kept = 0;
    if (!found)
        why |= R_UNKNOWN;
    else {
        if (!(invalid & (1u << C_CREDIT_CODE)) && code[0] && strcmp(code, v.credit_code) != 0)
            why |= R_FOREIGN;
        if (!is_blank(cell[C_SERVICE]) && !same_text(cell[C_SERVICE], v.service))
            why |= R_SERVICE;
        if (on[0] && strcmp(on, v.issued_on) < 0)
            why |= R_BEFORE_ISSUE;
        if (on[0] && strcmp(on, v.expires_at) > 0)
            why |= R_EXPIRED;
        if (v.redeemed_on[0]) {
            if (!why && !missing && !invalid && strcmp(on, v.redeemed_on) == 0 &&
                contract == v.contract_fen) {
                kept = 1;
                subsidy = v.subsidy_fen;
            } else
                why |= R_ALREADY;
        }
        if (subsidy > v.face_fen)
            subsidy = v.face_fen;
    }
    int paid = !why && !missing && !invalid;
    char reasons[256];
    ce_reasons list;
    ce_reasons_init(&list, reasons, sizeof reasons);
    ce_reasons_add_columns(&list, missing, invalid, col_names, N_COLS);
    for (int i = 0; i < N_REASONS; i++)
        if (why & (1u << i))
            ce_reasons_add(&list, "%s", reason_codes[i]);
    if (paid && !kept) {
        st = ce_ledger_voucher_redeem(o->ledger, cell[C_VOUCHER_ID], on, contract, subsidy, err);
        if (st != CE_OK)
            return st;
        r->sum->paid_fen += subsidy;
    }
    if (paid) {
        r->sum->redeemed++;
        r->sum->kept += (size_t)kept;
    } else
        r->sum->rejected++;
    ce_voucher_claim_decision d = {cell[C_VOUCHER_ID], paid, reasons, paid ? subsidy : 0};
    return o->emit(o->ud, &d, err);
}

ce_status ce_voucher_redeem(const ce_voucher_redeem_opts *o, ce_voucher_redeem_summary *sum,
                            ce_diag *diag, ce_error *err)
{
    memset(sum, 0, sizeof *sum);
    redeemer r = {.o = o, .sum = sum, .diag = diag};
    ce_status st = ce_ledger_begin(o->ledger, err);
    if (st != CE_OK)
        return st;
    st = ce_csv_read_opts(o->claims, &(ce_csv_read_options){o->encoding, o->sheet, 0},
                          on_record, &r, NULL, diag, err);
    if (st == CE_OK && o->finish)
        st = o->finish(o->ud, err);
    if (st == CE_OK)
        return ce_ledger_commit(o->ledger, err);
    ce_ledger_rollback(o->ledger);
    return st;
}
