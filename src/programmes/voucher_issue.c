/* voucher_issue.c - see voucher_issue.h. */
#include "clustereval/voucher_issue.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/dates.h"

#include "colmap.h"
#include "textindex.h"

/* ---- app_ids seen: an open-addressing set of 64-bit hashes ---------------- */

typedef struct {
    uint64_t *slot; /* 0 = empty */
    size_t cap, n;
} hash_set;

static int hash_set_has(const hash_set *s, uint64_t h)
{
    if (!s->cap)
        return 0;
    for (size_t j = h & (s->cap - 1); s->slot[j]; j = (j + 1) & (s->cap - 1))
        if (s->slot[j] == h)
            return 1;
    return 0;
}

/* Grows the table (to a power of two) so that it holds at least n hashes at
 * most half full. Returns 0, or -1 out of memory. */
static int hash_set_reserve(hash_set *s, size_t n)
{
    size_t cap = s->cap ? s->cap : 1024;
    while (cap < 2 * n + 2)
        cap *= 2;
    if (cap == s->cap)
        return 0;
    uint64_t *slot = calloc(cap, sizeof *slot);
    if (!slot)
        return -1;
    for (size_t i = 0; i < s->cap; i++)
        if (s->slot[i]) {
            size_t j = s->slot[i] & (cap - 1);
            while (slot[j])
                j = (j + 1) & (cap - 1);
            slot[j] = s->slot[i];
        }
    free(s->slot);
    s->slot = slot;
    s->cap = cap;
    return 0;
}

/* Adds h; returns 1 when it was there, 0 when added, -1 out of memory. */
static int hash_set_add(hash_set *s, uint64_t h)
{
    if (2 * (s->n + 1) > s->cap && hash_set_reserve(s, s->n + 1) != 0)
        return -1;
    size_t j = h & (s->cap - 1);
    while (s->slot[j]) {
        if (s->slot[j] == h)
            return 1;
        j = (j + 1) & (s->cap - 1);
    }
    s->slot[j] = h;
    s->n++;
    return 0;
}

/* ---- pass 1: the file into the queue --------------------------------------- */

/* What the queue keeps of a row (the payload): the part of the assessment
 * that deciding needs and the row's digest, packed, then the NUL-terminated
 * name, service and credit code (normalised when valid, else as written).
 * Small rows make the queue's sort cheap. */
typedef struct {
    uint16_t rules, missing, invalid;
    uint8_t code_valid, reduced;
    int8_t size, type;
    int64_t face_fen;
    int64_t applied_at;
    uint64_t row_digest;
} packed_row;
#define PACKED_SIZE sizeof(packed_row)

static void pack(const ce_voucher_assessment *a, uint64_t row_digest, unsigned char *out)
{
    packed_row p = {(uint16_t)a->rules, (uint16_t)a->missing, (uint16_t)a->invalid,
                    (uint8_t)a->code_valid, (uint8_t)a->reduced, (int8_t)a->size,
                    (int8_t)a->type, a->face_fen, a->applied_at, row_digest};
    memcpy(out, &p, sizeof p);
}

/* The assessment and the row's digest back from a payload (which need not
 * be aligned). */
static void unpack(const void *payload, ce_voucher_assessment *a, uint64_t *row_digest)
{
    packed_row p;
    memcpy(&p, payload, sizeof p);
    *row_digest = p.row_digest;
    memset(a, 0, sizeof *a);
    a->rules = p.rules;
    a->missing = p.missing;
    a->invalid = p.invalid;
    a->code_valid = p.code_valid;
    a->reduced = p.reduced;
    a->size = p.size;
    a->type = p.type;
    a->face_fen = p.face_fen;
    a->applied_at = p.applied_at;
    a->has_applied_at = !(a->missing & (1u << CE_VCOL_APPLIED_AT)) &&
                        !(a->invalid & (1u << CE_VCOL_APPLIED_AT));
}

typedef struct {
    const ce_voucher_issue_opts *o;
    ce_diag *diag;
    long col[CE_VCOL_N];
    unsigned char *buf;
    size_t buf_cap;
    size_t rows;
    hash_set seen;
    uint64_t digest;     /* FNV-1a over every field of the file, and the options */
    int in_order;        /* the rows so far are in queue order */
    long long last_key;
    char *last_app_id;
} stager;

/* Maps the header (colmap.h): every voucher column is required; the others
 * get one warning. */
static ce_status on_header(stager *s, const ce_csv_record *rec, ce_error *err)
{
    ce_colmap_column cols[CE_VCOL_N];
    for (int c = 0; c < CE_VCOL_N; c++)
        cols[c] = (ce_colmap_column){ce_voucher_column_name(c), NULL, NULL, 1};
    ce_colmap_options o = {.path = s->o->applications,
                           .hint = "voucher applications need app_id, applied_at, "
                                   "credit_code, name, legal_person, established, "
                                   "green_threshold, industry, employees, revenue, assets, "
                                   "titles, dcmm, service, requested",
                           .ignored_reason = "unknown to voucher applications",
                           .diag = s->diag};
    return ce_colmap_find(rec, cols, CE_VCOL_N, &o, s->col, err);
}

/* Fails when app_id was queued before (its hash seen and the queue confirms). */
static ce_status check_repeat(stager *s, const char *app_id, size_t line, ce_error *err)
{
    int seen = hash_set_add(&s->seen, ce_text_hash(app_id));
    if (seen < 0)
        return ce_error_nomem(err);
    if (!seen)
        return CE_OK;
    long long first = 0;
    ce_status st = ce_ledger_queue_line(s->o->ledger, app_id, &first, err);
    if (st != CE_OK || first == 0) /* 0: two app_ids with one hash */
        return st;
    char q[256];
    return ce_error_set(err, CE_ERR_DATA, s->o->applications, line,
                        "duplicate app_id \"%s\" (first on line %lld)",
                        ce_error_quote(app_id, strlen(app_id), q, sizeof q), first);
}

/* The application itself: FNV-1a over its voucher columns, in column order
 * (not the file's: another export with its columns in another order or
 * with other extra columns holds the same application), each cell as read. An
 * app_id that comes again is the application granted before only with this
 * digest and the same holder. */
static uint64_t row_digest(const char *const cells[CE_VCOL_N])
{
    uint64_t h = 1469598103934665603ULL;
    for (int c = 0; c < CE_VCOL_N; c++) {
        for (const unsigned char *p = (const unsigned char *)cells[c]; *p; p++)
            h = (h ^ *p) * 1099511628211ULL;
        h = (h ^ 0x1fu) * 1099511628211ULL; /* field separator */
    }
    return h;
}

/* Keeps track of whether the file is in queue order already. */
static ce_status note_order(stager *s, long long key, const char *app_id, ce_error *err)
{
    if (!s->in_order)
        return CE_OK;
    if (s->rows > 0 && (key < s->last_key ||
                        (key == s->last_key && strcmp(app_id, s->last_app_id) < 0))) {
        s->in_order = 0;
        return CE_OK;
    }
    char *copy = strdup(app_id);
    if (!copy)
        return ce_error_nomem(err);
    free(s->last_app_id);
    s->last_app_id = copy;
    s->last_key = key;
    return CE_OK;
}

static ce_status on_record(void *ud, const ce_csv_record *rec, ce_error *err)
{
    stager *s = ud;
    const ce_voucher_issue_opts *o = s->o;
    for (size_t i = 0; i < rec->nfields; i++) {
        for (size_t k = 0; k < rec->lens[i]; k++)
            s->digest = (s->digest ^ (unsigned char)rec->fields[i][k]) * 1099511628211ULL;
        s->digest = (s->digest ^ 0x1fu) * 1099511628211ULL; /* field separator */
    }
    s->digest = (s->digest ^ 0x1eu) * 1099511628211ULL; /* record separator */
    if (rec->index == 0)
        return on_header(s, rec, err);
    const char *cells[CE_VCOL_N];
    for (int c = 0; c < CE_VCOL_N; c++)
        cells[c] = rec->fields[s->col[c]];
    const char *app_id = cells[CE_VCOL_APP_ID];
    int drop;
    ce_status sst = ce_summary_rows_check(&o->summary, o->applications, rec->line, "app_id",
                                          app_id, "name", cells[CE_VCOL_NAME], &drop, s->diag,
                                          err);
    if (sst != CE_OK || drop)
        return sst;
    if (!app_id[0])
        return ce_error_set(err, CE_ERR_DATA, o->applications, rec->line, "empty app_id");
    if (!s->seen.cap &&
        hash_set_reserve(&s->seen, rec->max_records < (1u << 22) ? rec->max_records : 1u << 22) != 0)
        return ce_error_nomem(err);
    ce_status st = check_repeat(s, app_id, rec->line, err);
    if (st != CE_OK)
        return st;

    ce_voucher_assessment a;
    ce_voucher_assess(o->policy, o->standard, cells, o->strict_cap, &a);
    const char *name = cells[CE_VCOL_NAME], *service = cells[CE_VCOL_SERVICE];
    const char *code = a.code_valid ? a.credit_code : cells[CE_VCOL_CREDIT_CODE];
    size_t ln = strlen(name) + 1, ls = strlen(service) + 1, lc = strlen(code) + 1;
    size_t size = PACKED_SIZE + ln + ls + lc;
    if (size > INT_MAX)
        return ce_error_set(err, CE_ERR_DATA, o->applications, rec->line, "row too long");
    if (size > s->buf_cap) {
        unsigned char *b = realloc(s->buf, size);
        if (!b)
            return ce_error_nomem(err);
        s->buf = b;
        s->buf_cap = size;
    }
    pack(&a, row_digest(cells), s->buf);
    memcpy(s->buf + PACKED_SIZE, name, ln);
    memcpy(s->buf + PACKED_SIZE + ln, service, ls);
    memcpy(s->buf + PACKED_SIZE + ln + ls, code, lc);
    long long key = a.has_applied_at ? a.applied_at : LLONG_MAX;
    st = note_order(s, key, app_id, err);
    if (st == CE_OK)
        st = ce_ledger_queue_add(o->ledger, key, app_id, (long long)rec->line, s->buf,
                                 (int)size, err);
    s->rows++;
    return st;
}

/* ---- pass 2: deciding in queue order --------------------------------------- */

/* The pool as the queue goes: a new batch starts from the cycle's state; a
 * batch run again (same digest) starts from the state recorded when it
 * first ran, and meets its own vouchers again in the same places, so every
 * row comes out as it did then and nothing is written. */
typedef struct {
    const ce_voucher_issue_opts *o;
    ce_ledger_batch batch; /* this batch: number and the state it began with */
    int replay;            /* the batch ran before: nothing new may be granted */
    long long left_fen, next_seq;
    int exhausted;
    hash_set granted_apps; /* hashes: app_ids of the cycle's vouchers (kept ones) */
    hash_set prior;        /* hashes: holders of vouchers of earlier batches */
    hash_set holders;      /* hashes: holders of vouchers of this batch, so far */
    ce_voucher_issue_summary *sum;
    size_t decided;
} decider;

/* Prints an application granted before as recorded; in a replay its grant
 * moves the pool on as it did the first time. */
static ce_status emit_kept(decider *d, const ce_ledger_voucher *v, ce_error *err)
{
    if (v->batch == d->batch.batch) { /* replayed: granted by this very batch */
        d->left_fen = v->pool_left_fen;
        if (hash_set_add(&d->holders, ce_text_hash(v->credit_code)) < 0)
            return ce_error_nomem(err);
        d->sum->granted++;
        d->sum->granted_fen += v->face_fen;
    } else
        d->sum->kept++;
    ce_voucher_decision dec = {
        .app_id = v->app_id,
        .credit_code = v->credit_code,
        .name = v->name,
        .granted = 1,
        .reasons = v->reasons,
        .size = v->size,
        .voucher_type = v->voucher_type,
        .face_fen = v->face_fen,
        .voucher_id = v->voucher_id,
        .expires_at = v->expires_at,
        .pool_left_fen = v->pool_left_fen,
    };
    return d->o->emit(d->o->ud, &dec, err);
}

/* Whether the enterprise held a voucher of the cycle at this point of the
 * queue: from an earlier batch, or granted earlier in this one. */
static ce_status holds_voucher(decider *d, const char *code, uint64_t code_hash, int *holds,
                               ce_error *err)
{
    *holds = 0;
    long long up_to; /* the ledger decides: the hashes only say where to look */
    if (hash_set_has(&d->holders, code_hash))
        up_to = d->batch.batch;
    else if (hash_set_has(&d->prior, code_hash))
        up_to = d->batch.batch - 1;
    else
        return CE_OK;
    return ce_ledger_holds_voucher(d->o->ledger, d->o->cycle, code, up_to, holds, err);
}

static ce_status grant(decider *d, const char *app_id, const ce_voucher_assessment *a,
                       uint64_t digest, const char *name, const char *service, const char *type,
                       const char *size, const char *reasons, uint64_t code_hash,
                       char *voucher_id, size_t id_size, char *expires, ce_error *err)
{
    const ce_voucher_issue_opts *o = d->o;
    if (d->replay)
        return ce_error_set(err, CE_ERR_DATA, o->applications, 0,
                            "this file was decided as batch %lld of cycle \"%s\", but now "
                            "application \"%s\" would get a voucher it did not get then: the "
                            "policy or the size standard changed? Nothing was changed",
                            d->batch.batch, o->cycle, app_id);
    char issued[11];
    long day = ce_datetime_day(a->applied_at), last;
    /* ce_voucher_assess refused an expiry outside the calendar */
    if (ce_date_add_days(day, ce_voucher_policy_validity_days(o->policy), &last) != 0 ||
        ce_date_format(day, issued) != 0 || ce_date_format(last, expires) != 0)
        return ce_error_set(err, CE_ERR_DATA, o->applications, 0,
                            "application \"%s\": no expiry day in the calendar", app_id);
    snprintf(voucher_id, id_size, "%s-%06lld", o->cycle, d->next_seq++);
    d->left_fen -= a->face_fen;
    ce_ledger_voucher v = {
        .voucher_id = voucher_id,
        .cycle = o->cycle,
        .app_id = app_id,
        .credit_code = a->credit_code,
        .name = name,
        .service = service,
        .voucher_type = type,
        .size = size,
        .reasons = reasons,
        .face_fen = a->face_fen,
        .pool_left_fen = d->left_fen,
        .issued_on = issued,
        .expires_at = expires,
        .batch = d->batch.batch,
        .row_digest = (long long)digest,
    };
    ce_status st = ce_ledger_voucher_add(o->ledger, &v, err);
    if (st == CE_OK && hash_set_add(&d->holders, code_hash) < 0)
        st = ce_error_nomem(err);
    d->sum->granted++;
    d->sum->granted_fen += a->face_fen;
    return st;
}

static ce_status decide(decider *d, const char *app_id, const void *payload, ce_error *err)
{
    const ce_voucher_issue_opts *o = d->o;
    ce_status st = CE_OK;
    ce_voucher_assessment a;
    uint64_t digest;
    unpack(payload, &a, &digest);
    const char *name = (const char *)payload + PACKED_SIZE;
    const char *service = name + strlen(name) + 1;
    const char *code_text = service + strlen(service) + 1;
    if (a.code_valid)
        memcpy(a.credit_code, code_text, sizeof a.credit_code);

    /* An app_id with a voucher of the cycle: the same application (holder
     * and row) prints as recorded; any other is an error of this row, not
     * the other application's voucher. */
    if (hash_set_has(&d->granted_apps, ce_text_hash(app_id))) {
        ce_ledger_voucher kept;
        int found = 0;
        st = ce_ledger_voucher_of_app(o->ledger, o->cycle, app_id, &kept, &found, err);
        if (st != CE_OK)
            return st;
        if (found && a.code_valid && strcmp(kept.credit_code, a.credit_code) == 0 &&
            (uint64_t)kept.row_digest == digest)
            return emit_kept(d, &kept, err);
        if (found)
            a.rules |= CE_VRULE_APP_ID_REUSED;
    }
    uint64_t code_hash = a.code_valid ? ce_text_hash(a.credit_code) : 0;
    if (a.code_valid) {
        int holds = 0;
        st = holds_voucher(d, a.credit_code, code_hash, &holds, err);
        if (st != CE_OK)
            return st;
        if (holds)
            a.rules |= CE_VRULE_DUPLICATE_IN_CYCLE;
    }
    if (ce_voucher_assessment_ok(&a) && (d->exhausted || a.face_fen > d->left_fen)) {
        a.rules |= CE_VRULE_POOL_EXHAUSTED;
        d->exhausted = 1;
    }
    int granted = ce_voucher_assessment_ok(&a);

    char reasons[512], voucher_id[96] = "", expires[11] = "";
    ce_voucher_reasons(&a, reasons, sizeof reasons);
    const char *type = a.type >= 0 ? ce_voucher_type_name(a.type) : "";
    const char *size = a.size >= 0 ? ce_sme_size_name(a.size) : "";
    if (granted)
        st = grant(d, app_id, &a, digest, name, service, type, size, reasons, code_hash,
                   voucher_id, sizeof voucher_id, expires, err);
    else {
        d->sum->rejected++;
        for (int i = 0; i < CE_VRULE_N; i++)
            if (a.rules & (1u << i))
                d->sum->reasons[i]++;
        if (a.missing || a.invalid)
            d->sum->data_problems++;
    }
    if (st != CE_OK)
        return st;
    ce_voucher_decision dec = {
        .app_id = app_id,
        .credit_code = a.code_valid ? a.credit_code : code_text,
        .name = name,
        .granted = granted,
        .reasons = reasons,
        .size = size,
        .voucher_type = type,
        .face_fen = granted ? a.face_fen : 0,
        .voucher_id = voucher_id,
        .expires_at = expires,
        .pool_left_fen = d->left_fen,
    };
    return o->emit(o->ud, &dec, err);
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

/* Notes a voucher of the cycle in the decider's hash sets. */
static ce_status note_voucher(void *ud, const char *app_id, const char *credit_code,
                              long long batch, ce_error *err)
{
    decider *d = ud;
    if (hash_set_add(&d->granted_apps, ce_text_hash(app_id)) < 0 ||
        (batch < d->batch.batch && hash_set_add(&d->prior, ce_text_hash(credit_code)) < 0))
        return ce_error_nomem(err);
    return CE_OK;
}

/* Which batch this is: the one the ledger has with this digest (a replay),
 * or a new one beginning from the cycle's state. */
static ce_status identify_batch(decider *d, const ce_ledger_cycle *cycle, uint64_t digest,
                                size_t rows, ce_error *err)
{
    int found = 0;
    ce_status st = ce_ledger_batch_find(d->o->ledger, d->o->cycle, (long long)digest,
                                        &d->batch, &found, err);
    if (st != CE_OK)
        return st;
    d->replay = found;
    if (!found) {
        long long last = 0;
        st = ce_ledger_batch_last(d->o->ledger, d->o->cycle, &last, err);
        d->batch = (ce_ledger_batch){last + 1,           (long long)digest, (long long)rows,
                                     cycle->left_fen,    cycle->exhausted,  cycle->next_seq};
    }
    d->left_fen = d->batch.left_fen;
    d->exhausted = d->batch.exhausted;
    d->next_seq = d->batch.next_seq;
    if (st == CE_OK && cycle->next_seq > 1)
        st = ce_ledger_voucher_keys(d->o->ledger, d->o->cycle, note_voucher, d, err);
    return st;
}

static ce_status decide_queue(decider *d, int in_file_order, ce_error *err)
{
    const ce_voucher_issue_opts *o = d->o;
    ce_ledger_queue_iter *it = NULL;
    ce_status st = ce_ledger_queue_open(o->ledger, in_file_order, &it, err);
    while (st == CE_OK) {
        int has = 0, size = 0;
        const char *app_id = NULL;
        long long line = 0;
        const void *payload = NULL;
        st = ce_ledger_queue_next(it, &has, &app_id, &line, &payload, &size, err);
        if (st != CE_OK || !has)
            break;
        if ((size_t)size < PACKED_SIZE + 3) {
            st = ce_error_set(err, CE_ERR_IO, NULL, 0, "ledger: a queued row is damaged");
            break;
        }
        st = decide(d, app_id, payload, err);
        if (st == CE_OK && o->progress)
            o->progress(o->ud, ++d->decided);
    }
    ce_ledger_queue_close(it);
    return st;
}

static ce_status run_batch(const ce_voucher_issue_opts *o, ce_voucher_issue_summary *sum,
                           ce_diag *diag, ce_error *err)
{
    decider d = {.o = o, .sum = sum};
    stager s = {.o = o, .diag = diag, .in_order = 1,
                .digest = 1469598103934665603ULL ^ (uint64_t)(o->strict_cap ? 0x5c : 0)};
    ce_ledger_cycle cycle;
    ce_status st = open_cycle(o, &cycle, err);
    if (st == CE_OK)
        st = ce_ledger_queue_reset(o->ledger, err);
    if (st == CE_OK)
        st = ce_csv_read_opts(o->applications, &(ce_csv_read_options){o->encoding, o->sheet, 0},
                              on_record, &s, NULL, diag, err);
    sum->applications = s.rows;
    int in_order = s.in_order;
    free(s.buf);
    free(s.seen.slot);
    free(s.last_app_id);
    if (st == CE_OK)
        st = identify_batch(&d, &cycle, s.digest, s.rows, err);
    if (st == CE_OK)
        st = decide_queue(&d, in_order, err);
    free(d.holders.slot);
    free(d.prior.slot);
    free(d.granted_apps.slot);
    sum->replay = d.replay;
    sum->batch = d.batch.batch;
    if (st == CE_OK && !d.replay) {
        /* the cycle is written only when it changed */
        if (d.left_fen != cycle.left_fen || d.exhausted != cycle.exhausted ||
            d.next_seq != cycle.next_seq) {
            ce_ledger_cycle now = {cycle.pool_fen, d.left_fen, d.exhausted, d.next_seq};
            st = ce_ledger_cycle_put(o->ledger, o->cycle, &now, err);
            cycle = now;
        }
        if (st == CE_OK)
            st = ce_ledger_batch_add(o->ledger, o->cycle, &d.batch, err);
    }
    if (st == CE_OK)
        st = ce_ledger_queue_reset(o->ledger, err);
    sum->pool_fen = cycle.pool_fen;
    sum->left_fen = cycle.left_fen;
    sum->pool_closed = cycle.exhausted;
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
