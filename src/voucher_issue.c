/* voucher_issue.c - see voucher_issue.h. */
#include "clustereval/voucher_issue.h"

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/dates.h"

/* ---- pass 1: the file into the queue --------------------------------------- */

/* What the queue keeps of a row: the assessment, then the NUL-terminated
 * name, service and credit code as written. */
typedef struct {
    ce_voucher_assessment a;
    char text[];
} staged;

typedef struct {
    const ce_voucher_issue_opts *o;
    long col[CE_VCOL_N];
    staged *buf;
    size_t buf_cap;
    size_t rows;
} stager;

static ce_status on_header(stager *s, const ce_csv_record *rec, ce_diag *diag, ce_error *err)
{
    const char *path = s->o->applications;
    for (int c = 0; c < CE_VCOL_N; c++)
        s->col[c] = -1;
    char extra[512] = "";
    size_t used = 0;
    for (size_t i = 0; i < rec->nfields; i++) {
        int c = 0;
        while (c < CE_VCOL_N && strcmp(rec->fields[i], ce_voucher_column_name(c)) != 0)
            c++;
        if (c == CE_VCOL_N) {
            if (used < sizeof extra)
                used += (size_t)snprintf(extra + used, sizeof extra - used, "%s\"%s\"",
                                         used ? ", " : "", rec->fields[i]);
            continue;
        }
        if (s->col[c] >= 0)
            return ce_error_set(err, CE_ERR_DATA, path, rec->line, "column \"%s\" appears twice",
                                rec->fields[i]);
        s->col[c] = (long)i;
    }
    for (int c = 0; c < CE_VCOL_N; c++)
        if (s->col[c] < 0)
            return ce_error_set(err, CE_ERR_DATA, path, rec->line,
                                "missing column \"%s\" (voucher applications need app_id, "
                                "applied_at, credit_code, name, legal_person, established, "
                                "green_threshold, industry, employees, revenue, assets, titles, "
                                "dcmm, service, requested)",
                                ce_voucher_column_name(c));
    if (used && ce_diag_add(diag, "%s:%zu: columns ignored (not voucher columns): %s", path,
                            rec->line, extra) != CE_OK)
        return ce_error_nomem(err);
    return CE_OK;
}

typedef struct {
    stager *s;
    ce_diag *diag;
} stage_ctx;

static ce_status on_record(void *ud, const ce_csv_record *rec, ce_error *err)
{
    stage_ctx *ctx = ud;
    stager *s = ctx->s;
    const ce_voucher_issue_opts *o = s->o;
    if (rec->index == 0)
        return on_header(s, rec, ctx->diag, err);
    const char *cells[CE_VCOL_N];
    for (int c = 0; c < CE_VCOL_N; c++)
        cells[c] = rec->fields[s->col[c]];
    const char *app_id = cells[CE_VCOL_APP_ID];
    if (!app_id[0])
        return ce_error_set(err, CE_ERR_DATA, o->applications, rec->line, "empty app_id");

    const char *name = cells[CE_VCOL_NAME], *service = cells[CE_VCOL_SERVICE];
    const char *code = cells[CE_VCOL_CREDIT_CODE];
    size_t ln = strlen(name) + 1, ls = strlen(service) + 1, lc = strlen(code) + 1;
    size_t size = sizeof(staged) + ln + ls + lc;
    if (size > INT_MAX)
        return ce_error_set(err, CE_ERR_DATA, o->applications, rec->line, "row too long");
    if (size > s->buf_cap) {
        staged *b = realloc(s->buf, size);
        if (!b)
            return ce_error_nomem(err);
        s->buf = b;
        s->buf_cap = size;
    }
    ce_voucher_assess(o->policy, o->standard, cells, o->strict_cap, &s->buf->a);
    memcpy(s->buf->text, name, ln);
    memcpy(s->buf->text + ln, service, ls);
    memcpy(s->buf->text + ln + ls, code, lc);
    long long key = s->buf->a.has_applied_at ? s->buf->a.applied_at : LLONG_MAX;
    long long first = 0;
    ce_status st = ce_ledger_queue_add(o->ledger, key, app_id, (long long)rec->line, s->buf,
                                       (int)size, &first, err);
    if (st == CE_ERR_DATA) {
        char q[256];
        return ce_error_set(err, CE_ERR_DATA, o->applications, rec->line,
                            "duplicate app_id \"%s\" (first on line %lld)",
                            ce_error_quote(app_id, strlen(app_id), q, sizeof q), first);
    }
    s->rows++;
    return st;
}

/* ---- pass 2: deciding in queue order --------------------------------------- */

typedef struct {
    const ce_voucher_issue_opts *o;
    ce_ledger_cycle cycle;
    ce_voucher_issue_summary *sum;
    size_t decided;
} decider;

static ce_status decide(decider *d, const char *app_id, long long line, const void *payload,
                        ce_error *err)
{
    const ce_voucher_issue_opts *o = d->o;
    ce_ledger_decision kept;
    int found = 0;
    ce_status st = ce_ledger_decision_get(o->ledger, o->cycle, app_id, &kept, &found, err);
    if (st != CE_OK)
        return st;
    if (found) {
        d->sum->kept++;
        return o->emit(o->ud, &kept, err);
    }

    ce_voucher_assessment a; /* copied out: a blob from SQLite need not be aligned */
    memcpy(&a, payload, sizeof a);
    const char *name = (const char *)payload + offsetof(staged, text);
    const char *service = name + strlen(name) + 1;
    const char *code_text = service + strlen(service) + 1;
    if (a.code_valid) {
        int holds = 0;
        st = ce_ledger_holds_voucher(o->ledger, o->cycle, a.credit_code, &holds, err);
        if (st != CE_OK)
            return st;
        if (holds)
            a.rules |= CE_VRULE_DUPLICATE_IN_CYCLE;
    }
    if (ce_voucher_assessment_ok(&a) &&
        (d->cycle.exhausted || a.face_fen > d->cycle.left_fen)) {
        a.rules |= CE_VRULE_POOL_EXHAUSTED;
        d->cycle.exhausted = 1;
    }
    int granted = ce_voucher_assessment_ok(&a);

    char reasons[512], voucher_id[96] = "", issued[11] = "", expires[11] = "";
    ce_voucher_reasons(&a, reasons, sizeof reasons);
    const char *type = a.type >= 0 ? ce_voucher_type_name(a.type) : "";
    if (granted) {
        snprintf(voucher_id, sizeof voucher_id, "%s-%06lld", o->cycle, d->cycle.next_seq++);
        long day = (long)(a.applied_at / 86400);
        ce_date_format(day, issued);
        ce_date_format(day + ce_voucher_policy_validity_days(o->policy), expires);
        d->cycle.left_fen -= a.face_fen;
        ce_ledger_voucher v = {voucher_id, o->cycle, app_id,  a.credit_code, service,
                               type,       a.face_fen, issued, expires,   "", 0, 0};
        st = ce_ledger_voucher_add(o->ledger, &v, err);
        if (st != CE_OK)
            return st;
        d->sum->granted++;
        d->sum->granted_fen += a.face_fen;
    } else {
        d->sum->rejected++;
        for (int i = 0; i < CE_VRULE_N; i++)
            if (a.rules & (1u << i))
                d->sum->reasons[i]++;
    }
    ce_ledger_decision dec = {
        .app_id = app_id,
        .credit_code = a.code_valid ? a.credit_code : code_text,
        .name = name,
        .granted = granted,
        .reasons = reasons,
        .size = a.size >= 0 ? ce_sme_size_name(a.size) : "",
        .voucher_type = type,
        .face_fen = granted ? a.face_fen : 0,
        .voucher_id = voucher_id,
        .expires_at = expires,
        .pool_left_fen = d->cycle.left_fen,
        .line = line,
    };
    st = ce_ledger_decision_add(o->ledger, o->cycle, &dec, err);
    if (st == CE_OK)
        st = o->emit(o->ud, &dec, err);
    return st;
}

/* The cycle's row: the ledger's, or a new one with the given pool. */
static ce_status open_cycle(const ce_voucher_issue_opts *o, ce_ledger_cycle *c, ce_error *err)
{
    int found = 0;
    ce_status st = ce_ledger_cycle_get(o->ledger, o->cycle, c, &found, err);
    if (st != CE_OK)
        return st;
    char a[32], b[32];
    if (!found) {
        if (!o->pool_given)
            return ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                                "cycle \"%s\" is new in the ledger: give its pool with --pool "
                                "AMOUNT", o->cycle);
        *c = (ce_ledger_cycle){o->pool_fen, o->pool_fen, 0, 1};
        return ce_ledger_cycle_put(o->ledger, o->cycle, c, err);
    }
    if (o->pool_given && o->pool_fen != c->pool_fen)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                            "--pool %s differs from the pool of cycle \"%s\" in the ledger (%s); "
                            "leave --pool out to go on with the cycle",
                            ce_money_format(o->pool_fen, a, sizeof a), o->cycle,
                            ce_money_format(c->pool_fen, b, sizeof b));
    return CE_OK;
}

static ce_status run_batch(const ce_voucher_issue_opts *o, ce_voucher_issue_summary *sum,
                           ce_diag *diag, ce_error *err)
{
    decider d = {.o = o, .sum = sum};
    ce_status st = open_cycle(o, &d.cycle, err);
    if (st == CE_OK)
        st = ce_ledger_queue_reset(o->ledger, err);
    stager s = {.o = o};
    stage_ctx ctx = {&s, diag};
    if (st == CE_OK)
        st = ce_csv_read(o->applications, o->encoding, on_record, &ctx, NULL, diag, err);
    free(s.buf);
    sum->applications = s.rows;

    ce_ledger_queue_iter *it = NULL;
    if (st == CE_OK)
        st = ce_ledger_queue_open(o->ledger, &it, err);
    while (st == CE_OK) {
        int has = 0, size = 0;
        const char *app_id = NULL;
        long long line = 0;
        const void *payload = NULL;
        st = ce_ledger_queue_next(it, &has, &app_id, &line, &payload, &size, err);
        if (st != CE_OK || !has)
            break;
        if ((size_t)size < sizeof(staged)) {
            st = ce_error_set(err, CE_ERR_IO, NULL, 0, "ledger: a queued row is damaged");
            break;
        }
        st = decide(&d, app_id, line, payload, err);
        if (st == CE_OK && o->progress)
            o->progress(o->ud, ++d.decided);
    }
    ce_ledger_queue_close(it);
    if (st == CE_OK)
        st = ce_ledger_cycle_put(o->ledger, o->cycle, &d.cycle, err);
    if (st == CE_OK)
        st = ce_ledger_queue_reset(o->ledger, err);
    sum->pool_fen = d.cycle.pool_fen;
    sum->left_fen = d.cycle.left_fen;
    sum->pool_closed = d.cycle.exhausted;
    return st;
}

ce_status ce_voucher_issue(const ce_voucher_issue_opts *o, ce_voucher_issue_summary *sum,
                           ce_diag *diag, ce_error *err)
{
    memset(sum, 0, sizeof *sum);
    ce_status st = ce_ledger_begin(o->ledger, err);
    if (st != CE_OK)
        return st;
    st = run_batch(o, sum, diag, err);
    if (st == CE_OK && o->finish)
        st = o->finish(o->ud, err);
    if (st == CE_OK)
        return ce_ledger_commit(o->ledger, err);
    ce_ledger_rollback(o->ledger);
    return st;
}
