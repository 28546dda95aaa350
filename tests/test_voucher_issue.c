/* test_voucher_issue.c - batches of voucher applications decided against the
 * ledger (src/programmes/voucher_issue.c): queue order, the strict first-come
 * first-served pool, one voucher per enterprise and cycle, voucher ids and
 * expiry, re-runs, cycles across batches, bad files, and that a batch is
 * all or nothing - also when the process is killed in the middle of it.
 *
 * Each test writes its applications into the scratch folder and keeps its
 * ledger there; the decisions passed to emit are copied into a sink. */
#include <criterion/criterion.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clustereval/creditcode.h"
#include "clustereval/ledger.h"
#include "clustereval/sme.h"
#include "clustereval/voucher.h"
#include "clustereval/voucher_issue.h"
#include "testutil.h"

static ce_voucher_policy *policy;
static ce_sme_standard *standard;

static void shipped_path(char *path, size_t cap, const char *name)
{
    const char *data = getenv("CE_TEST_DATA");
    cr_assert(data, "CE_TEST_DATA is not set");
    int n = snprintf(path, cap, "%s/../../weights/%s", data, name);
    cr_assert(n > 0 && (size_t)n < cap);
}

static void setup(void)
{
    ce_test_dir_init();
    char path[1024];
    ce_error err = {{0}, 0, {0}};
    shipped_path(path, sizeof path, "voucher-policy.csv");
    cr_assert_eq(ce_voucher_policy_load(path, &policy, NULL, &err), CE_OK, "%s:%zu: %s",
                 err.file, err.line, err.msg);
    shipped_path(path, sizeof path, "sme-standard-2011.csv");
    cr_assert_eq(ce_sme_standard_load(path, CE_ENC_AUTO, &standard, NULL, &err), CE_OK,
                 "%s:%zu: %s", err.file, err.line, err.msg);
}

/* Heap blocks of the running test (sinks, texts), so that a test that fails
 * half-way leaks nothing: teardown frees what is left. */
#define N_TRACKED 64
static void *tracked[N_TRACKED];

/* realloc that keeps tracked up to date. */
static void *tracked_realloc(void *old, size_t size)
{
    void *p = realloc(old, size);
    if (!p)
        return NULL;
    for (size_t i = 0; old && i < N_TRACKED; i++)
        if (tracked[i] == old) {
            tracked[i] = p;
            return p;
        }
    for (size_t i = 0; i < N_TRACKED; i++)
        if (!tracked[i]) {
            tracked[i] = p;
            return p;
        }
    return p;
}

static void tracked_free(void *p)
{
    for (size_t i = 0; p && i < N_TRACKED; i++)
        if (tracked[i] == p)
            tracked[i] = NULL;
    free(p);
}

static void teardown(void)
{
    for (size_t i = 0; i < N_TRACKED; i++) {
        free(tracked[i]);
        tracked[i] = NULL;
    }
    ce_voucher_policy_free(policy);
    ce_sme_standard_free(standard);
    policy = NULL;
    standard = NULL;
    ce_test_dir_fini();
}

TestSuite(voucher_issue, .init = setup, .fini = teardown, .timeout = 120);

/* ---- applications --------------------------------------------------------- */

/* Shandong (Jinan, 370102) credit code number n: "91370102MA" + 7 digits and
 * the check character. */
static void code_n(int n, char out[19])
{
    char first17[18];
    cr_assert(n >= 0 && n < 10000000, "code number %d", n);
    snprintf(first17, sizeof first17, "91370102MA%07u", (unsigned)n % 10000000u);
    char c = '?';
    cr_assert_eq(ce_credit_code_check_char(first17, &c), 0, "%s", first17);
    memcpy(out, first17, 17);
    out[17] = c;
    out[18] = '\0';
}

/* One application row, cells in ce_voucher_column order; a NULL credit_code
 * cell stands for code. */
typedef struct {
    const char *cell[CE_VCOL_N];
    char code[19];
} app;

/* An eligible small Shandong industrial enterprise, credit code number
 * code, applying at applied_at for requested CNY of 数字化赋能. */
static app app_row(const char *app_id, const char *applied_at, int code, const char *requested)
{
    app a;
    code_n(code, a.code);
    a.cell[CE_VCOL_APP_ID] = app_id;
    a.cell[CE_VCOL_APPLIED_AT] = applied_at;
    a.cell[CE_VCOL_CREDIT_CODE] = NULL;
    a.cell[CE_VCOL_NAME] = "济南云图科技有限公司";
    a.cell[CE_VCOL_LEGAL_PERSON] = "是";
    a.cell[CE_VCOL_ESTABLISHED] = "2015-06-01";
    a.cell[CE_VCOL_GREEN_THRESHOLD] = "1";
    a.cell[CE_VCOL_INDUSTRY] = "工业";
    a.cell[CE_VCOL_EMPLOYEES] = "50";
    a.cell[CE_VCOL_REVENUE] = "1000";
    a.cell[CE_VCOL_ASSETS] = "";
    a.cell[CE_VCOL_TITLES] = "";
    a.cell[CE_VCOL_DCMM] = "none";
    a.cell[CE_VCOL_SERVICE] = "数字化赋能";
    a.cell[CE_VCOL_REQUESTED] = requested;
    return a;
}

/* Appends text to a growing buffer. */
typedef struct {
    char *s;
    size_t n, cap;
} buf;

static void buf_add(buf *b, const char *text, size_t len)
{
    if (b->n + len + 1 > b->cap) {
        size_t cap = (b->n + len + 1) * 2;
        char *s = tracked_realloc(b->s, cap);
        cr_assert_not_null(s);
        b->s = s;
        b->cap = cap;
    }
    memcpy(b->s + b->n, text, len);
    b->n += len;
    b->s[b->n] = '\0';
}

static void buf_str(buf *b, const char *text) { buf_add(b, text, strlen(text)); }

/* Writes rows as dir/name, every field quoted, with the header in column
 * order; stores the path in path (cap bytes). */
static void write_apps(char *path, size_t cap, const char *name, const app *rows, size_t n)
{
    buf b = {NULL, 0, 0};
    for (int c = 0; c < CE_VCOL_N; c++) {
        buf_str(&b, c ? "," : "");
        buf_str(&b, ce_voucher_column_name((ce_voucher_column)c));
    }
    buf_str(&b, "\n");
    for (size_t i = 0; i < n; i++) {
        for (int c = 0; c < CE_VCOL_N; c++) {
            const char *t = rows[i].cell[c] ? rows[i].cell[c] : rows[i].code;
            buf_str(&b, c ? ",\"" : "\"");
            buf_str(&b, t);
            buf_str(&b, "\"");
        }
        buf_str(&b, "\n");
    }
    ce_test_write_text(path, cap, ce_test_dir, name, b.s);
    tracked_free(b.s);
}

/* ---- the decisions -------------------------------------------------------- */

typedef struct {
    char app_id[32], credit_code[64], name[128], reasons[512], size[16], type[32];
    char voucher_id[64], expires_at[16];
    int granted;
    long long face_fen, pool_left_fen;
} dec;

typedef struct {
    dec *d;
    size_t n, cap;
    int store;           /* copy the decisions (else only count them) */
    size_t fail_at;      /* emit number fail_at (1-based) fails; 0: never */
    int fail_finish;     /* finish fails */
    size_t kill_at;      /* progress raises SIGKILL at this count; 0: never */
    int kill_in_finish;  /* finish raises SIGKILL */
    int finished;        /* finish was called */
} sink;

static void copy(char *to, size_t cap, const char *from)
{
    snprintf(to, cap, "%s", from ? from : "(null)");
}

static ce_status emit(void *ud, const ce_voucher_decision *d, ce_error *err)
{
    sink *s = ud;
    if (s->fail_at && s->n + 1 == s->fail_at)
        return ce_error_set(err, CE_ERR_IO, "decisions.csv", 0, "cannot write: disk full");
    if (s->store) {
        if (s->n == s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 16;
            dec *g = tracked_realloc(s->d, cap * sizeof *g);
            if (!g)
                return ce_error_nomem(err);
            s->d = g;
            s->cap = cap;
        }
        dec *c = &s->d[s->n];
        memset(c, 0, sizeof *c);
        copy(c->app_id, sizeof c->app_id, d->app_id);
        copy(c->credit_code, sizeof c->credit_code, d->credit_code);
        copy(c->name, sizeof c->name, d->name);
        copy(c->reasons, sizeof c->reasons, d->reasons);
        copy(c->size, sizeof c->size, d->size);
        copy(c->type, sizeof c->type, d->voucher_type);
        copy(c->voucher_id, sizeof c->voucher_id, d->voucher_id);
        copy(c->expires_at, sizeof c->expires_at, d->expires_at);
        c->granted = d->granted;
        c->face_fen = d->face_fen;
        c->pool_left_fen = d->pool_left_fen;
    }
    s->n++;
    return CE_OK;
}

static ce_status finish(void *ud, ce_error *err)
{
    sink *s = ud;
    s->finished = 1;
    if (s->kill_in_finish)
        raise(SIGKILL);
    if (s->fail_finish)
        return ce_error_set(err, CE_ERR_IO, "decisions.csv", 0, "cannot flush");
    return CE_OK;
}

static void progress(void *ud, size_t decided)
{
    sink *s = ud;
    if (s->kill_at && decided == s->kill_at)
        raise(SIGKILL);
}

static void sink_free(sink *s)
{
    tracked_free(s->d);
    memset(s, 0, sizeof *s);
    s->store = 1;
}

#define NO_POOL (-1LL)

/* Runs one batch of apps for cycle on the ledger at ledger_path (opened
 * and closed here); pool_fen NO_POOL: not given. */
static ce_status issue_cycle(const char *ledger_path, const char *apps, const char *cycle,
                             long long pool_fen, int strict_cap, sink *s,
                             ce_voucher_issue_summary *sum, ce_error *err)
{
    ce_ledger *l = NULL;
    ce_status st = ce_ledger_open(ledger_path, &l, err);
    if (st != CE_OK)
        return st;
    ce_voucher_issue_opts o = {
        .applications = apps,
        .encoding = CE_ENC_AUTO,
        .cycle = cycle,
        .pool_fen = pool_fen == NO_POOL ? 0 : pool_fen,
        .pool_given = pool_fen != NO_POOL,
        .strict_cap = strict_cap,
        .policy = policy,
        .standard = standard,
        .ledger = l,
        .emit = emit,
        .finish = finish,
        .progress = progress,
        .ud = s,
    };
    st = ce_voucher_issue(&o, sum, NULL, err);
    ce_ledger_close(l);
    return st;
}

/* issue_cycle for cycle 2023A, cap not strict. */
static ce_status issue(const char *ledger_path, const char *apps, long long pool_fen, sink *s,
                       ce_voucher_issue_summary *sum, ce_error *err)
{
    return issue_cycle(ledger_path, apps, "2023A", pool_fen, 0, s, sum, err);
}

/* As issue, asserting CE_OK. */
static void issue_ok(const char *ledger_path, const char *apps, long long pool_fen, sink *s,
                     ce_voucher_issue_summary *sum)
{
    ce_error err = {{0}, 0, {0}};
    ce_status st = issue(ledger_path, apps, pool_fen, s, sum, &err);
    cr_assert_eq(st, CE_OK, "%s:%zu: %s", err.file, err.line, err.msg);
}

static void ledger_path(char *path, size_t cap)
{
    ce_test_path(path, cap, ce_test_dir, "ledger.db");
}

/* ---- looking into the ledger file ----------------------------------------- */

static int dump_row(void *ud, int n, char **v, char **names)
{
    (void)names;
    buf *b = ud;
    for (int i = 0; i < n; i++) {
        buf_str(b, i ? "|" : "");
        buf_str(b, v[i] ? v[i] : "NULL");
    }
    buf_str(b, "\n");
    return 0;
}

/* Every row of the ledger's tables, as text (the caller frees it with
 * tracked_free). */
static char *dump(const char *path)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    buf b = {NULL, 0, 0};
    buf_str(&b, "");
    static const char *const tables[] = {"cycles", "vouchers"};
    for (size_t i = 0; i < 2; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY 1, 2", tables[i]);
        buf_str(&b, tables[i]);
        buf_str(&b, ":\n");
        char *msg = NULL;
        cr_assert_eq(sqlite3_exec(db, sql, dump_row, &b, &msg), SQLITE_OK, "%s",
                     msg ? msg : "?");
    }
    sqlite3_close(db);
    return b.s;
}

static long long query_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(db));
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "%s", sql);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static long long count_rows(const char *path, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    return query_int(path, sql);
}

/* Asserts decision i of s. */
static void expect(const sink *s, size_t i, const char *app_id, int granted, const char *reasons,
                   long long face_fen, const char *voucher_id, long long pool_left_fen)
{
    cr_assert(i < s->n, "only %zu decisions", s->n);
    const dec *d = &s->d[i];
    cr_assert_str_eq(d->app_id, app_id, "decision %zu", i);
    cr_assert_eq(d->granted, granted, "decision %zu (%s)", i, app_id);
    cr_assert_str_eq(d->reasons, reasons, "decision %zu (%s): reasons \"%s\"", i, app_id,
                     d->reasons);
    cr_assert_eq(d->face_fen, face_fen, "decision %zu (%s): face %lld", i, app_id, d->face_fen);
    cr_assert_str_eq(d->voucher_id, voucher_id, "decision %zu (%s)", i, app_id);
    cr_assert_eq(d->pool_left_fen, pool_left_fen, "decision %zu (%s): left %lld", i, app_id,
                 d->pool_left_fen);
}

/* 100 million CNY: more than any test asks for. */
#define BIG_POOL 10000000000LL

/* ---- queue order ---------------------------------------------------------- */

Test(voucher_issue, queue_order)
{
    /* file order; lines 2 .. 9 */
    app rows[] = {
        app_row("A3", "2023-03-01T10:00:00", 1, "30000"),
        app_row("A0", "", 2, "30000"),
        app_row("B2", "2023-03-01T09:00:00", 3, "30000"),
        app_row("A9", "yesterday", 4, "30000"),
        app_row("A1", "2023-03-01T09:00:00", 5, "30000"),
        app_row("A5", "2023-02-28T23:59:59", 6, "30000"),
        app_row("A2", "2023-03-01T01:00:00Z", 7, "30000"), /* 09:00 China time */
        app_row("a0", "2023-03-01 09:00", 8, "30000"),
    };
    char apps[256], led[256];
    write_apps(apps, sizeof apps, "apps.csv", rows, sizeof rows / sizeof *rows);
    ledger_path(led, sizeof led);
    sink s = {.store = 1};
    ce_voucher_issue_summary sum;
    issue_ok(led, apps, BIG_POOL, &s, &sum);
    cr_assert_eq(s.n, 8);
    /* applied_at, then app_id bytewise ("A1" < "A2" < "B2" < "a0"); rows
     * without a valid applied_at last, by app_id */
    static const char *const order[] = {"A5", "A1", "A2", "B2", "a0", "A3", "A0", "A9"};
    for (size_t i = 0; i < 8; i++)
        cr_assert_str_eq(s.d[i].app_id, order[i], "position %zu", i);
    expect(&s, 0, "A5", 1, "", 3000000, "2023A-000001", BIG_POOL - 3000000);
    expect(&s, 4, "a0", 1, "", 3000000, "2023A-000005", BIG_POOL - 15000000);
    expect(&s, 5, "A3", 1, "", 3000000, "2023A-000006", BIG_POOL - 18000000);
    expect(&s, 6, "A0", 0, "missing:applied_at", 0, "", BIG_POOL - 18000000);
    expect(&s, 7, "A9", 0, "invalid:applied_at", 0, "", BIG_POOL - 18000000);
    cr_assert_eq(sum.applications, 8);
    cr_assert_eq(sum.granted, 6);
    cr_assert_eq(sum.rejected, 2);
    cr_assert_eq(sum.data_problems, 2);
    cr_assert_eq(s.finished, 1);
    sink_free(&s);
}

/* tests/data/voucher/: the same four applications as UTF-8 with a BOM and
 * CRLF line ends, and as GB18030 (as Excel saves CSV on a Chinese Windows),
 * with full-width digits, a thousands separator, 专精特新：省级 with the
 * full-width colon, and a column that is not a voucher column. */
static void shipped_applications(const char *file, const char *ledger_name)
{
    const char *data = getenv("CE_TEST_DATA");
    cr_assert(data, "CE_TEST_DATA is not set");
    char apps[1024], led[256];
    snprintf(apps, sizeof apps, "%s/voucher/%s", data, file);
    ce_test_path(led, sizeof led, ce_test_dir, ledger_name);
    ce_ledger *l = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_open(led, &l, &err), CE_OK, "%s", err.msg);
    sink s = {.store = 1};
    ce_diag diag;
    ce_diag_init(&diag);
    ce_voucher_issue_opts o = {
        .applications = apps,
        .encoding = CE_ENC_AUTO,
        .cycle = "2023A",
        .pool_fen = BIG_POOL,
        .pool_given = 1,
        .policy = policy,
        .standard = standard,
        .ledger = l,
        .emit = emit,
        .ud = &s,
    };
    ce_voucher_issue_summary sum;
    cr_assert_eq(ce_voucher_issue(&o, &sum, &diag, &err), CE_OK, "%s:%zu: %s", err.file, err.line,
                 err.msg);
    ce_ledger_close(l);
    cr_assert_eq(s.n, 4, "%s", file);
    expect(&s, 0, "S1", 1, "reduced_to_cap", 10000000, "2023A-000001", BIG_POOL - 10000000);
    cr_assert_str_eq(s.d[0].name, "济南泉城智造有限公司");
    cr_assert_str_eq(s.d[0].credit_code, "91370102MA3MQ8K1XW");
    cr_assert_str_eq(s.d[0].size, "medium"); /* 1200 persons, exempt by its title */
    cr_assert_str_eq(s.d[0].type, "digital_transformation");
    cr_assert_str_eq(s.d[0].expires_at, "2023-04-30");
    expect(&s, 1, "S2", 1, "", 4500000, "2023A-000002", BIG_POOL - 14500000);
    cr_assert_str_eq(s.d[1].name, "青岛海岸软件有限公司");
    cr_assert_str_eq(s.d[1].size, "small");
    cr_assert_str_eq(s.d[1].type, "general");
    expect(&s, 2, "S3", 0, "outside_province", 0, "", BIG_POOL - 14500000);
    expect(&s, 3, "S4", 0, "not_legal_person", 0, "", BIG_POOL - 14500000);
    cr_assert_str_eq(s.d[3].name, "历下区某某便利店");
    cr_assert_str_eq(s.d[3].size, "micro");
    int ignored = 0;
    for (size_t i = 0; i < diag.count; i++)
        ignored += strstr(diag.items[i], ": 1 column unknown to voucher applications, "
                                         "ignored: 备注") != NULL;
    cr_assert_eq(ignored, 1, "%s: %zu warnings", file, diag.count);
    ce_diag_fini(&diag);
    sink_free(&s);
}

Test(voucher_issue, shipped_utf8_file_with_bom_and_crlf)
{
    shipped_applications("applications-utf8-bom-crlf.csv", "utf8.db");
}

Test(voucher_issue, shipped_gb18030_file)
{
    shipped_applications("applications-gb18030.csv", "gb18030.db");
}

/* ---- the pool ------------------------------------------------------------- */

Test(voucher_issue, pool_is_strict_first_come_first_served)
{
    /* file order differs from time order */
    app rows[] = {
        app_row("R4", "2023-03-01T09:03:00", 4, "10000"),
        app_row("R2", "2023-03-01T09:01:00", 2, "50000"),
        app_row("R5", "2023-03-01T09:04:00", 5, "10000"),
        app_row("R1", "2023-03-01T09:00:00", 1, "30000"),
        app_row("R3", "2023-03-01T09:02:00", 3, "30000"),
    };
    rows[2].cell[CE_VCOL_LEGAL_PERSON] = "否";
    char apps[256], led[256];
    write_apps(apps, sizeof apps, "apps.csv", rows, 5);
    ledger_path(led, sizeof led);
    sink s = {.store = 1};
    ce_voucher_issue_summary sum;
    issue_ok(led, apps, 10000000, &s, &sum); /* 100000 CNY */
    cr_assert_eq(s.n, 5);
    expect(&s, 0, "R1", 1, "", 3000000, "2023A-000001", 7000000);
    expect(&s, 1, "R2", 1, "", 5000000, "2023A-000002", 2000000);
    /* 30000 > 20000 left: the pool closes ... */
    expect(&s, 2, "R3", 0, "pool_exhausted", 0, "", 2000000);
    /* ... also for a request that would fit */
    expect(&s, 3, "R4", 0, "pool_exhausted", 0, "", 2000000);
    /* an application with a reason of its own keeps only that reason */
    expect(&s, 4, "R5", 0, "not_legal_person", 0, "", 2000000);
    cr_assert_eq(sum.applications, 5);
    cr_assert_eq(sum.granted, 2);
    cr_assert_eq(sum.rejected, 3);
    cr_assert_eq(sum.kept, 0);
    cr_assert_eq(sum.granted_fen, 8000000);
    cr_assert_eq(sum.pool_fen, 10000000);
    cr_assert_eq(sum.left_fen, 2000000);
    cr_assert_eq(sum.pool_closed, 1);
    cr_assert_eq(sum.reasons[9], 2); /* pool_exhausted */
    cr_assert_eq(sum.reasons[2], 1); /* not_legal_person */
    cr_assert_eq(sum.reasons[0], 0);
    cr_assert_eq(query_int(led, "SELECT left_fen FROM cycles WHERE cycle='2023A'"), 2000000);
    cr_assert_eq(query_int(led, "SELECT exhausted FROM cycles WHERE cycle='2023A'"), 1);
    sink_free(&s);

    /* the pool stays closed for later batches, even for a request that fits */
    app later[] = {app_row("R6", "2023-03-02T09:00:00", 6, "10000")};
    write_apps(apps, sizeof apps, "later.csv", later, 1);
    issue_ok(led, apps, NO_POOL, &s, &sum);
    cr_assert_eq(s.n, 1);
    expect(&s, 0, "R6", 0, "pool_exhausted", 0, "", 2000000);
    cr_assert_eq(sum.pool_closed, 1);
    cr_assert_eq(sum.left_fen, 2000000);
    sink_free(&s);
}

Test(voucher_issue, pool_used_to_the_last_fen)
{
    app rows[] = {
        app_row("P1", "2023-03-01T09:00:00", 1, "50000"),
        app_row("P2", "2023-03-01T09:01:00", 2, "49999.99"),
        app_row("P3", "2023-03-01T09:02:00", 3, "0.01"),
        app_row("P4", "2023-03-01T09:03:00", 4, "0.01"),
    };
    char apps[256], led[256];
    write_apps(apps, sizeof apps, "apps.csv", rows, 4);
    ledger_path(led, sizeof led);
    sink s = {.store = 1};
    ce_voucher_issue_summary sum;
    issue_ok(led, apps, 10000000, &s, &sum);
    expect(&s, 0, "P1", 1, "", 5000000, "2023A-000001", 5000000);
    expect(&s, 1, "P2", 1, "", 4999999, "2023A-000002", 1);
    expect(&s, 2, "P3", 1, "", 1, "2023A-000003", 0);
    expect(&s, 3, "P4", 0, "pool_exhausted", 0, "", 0);
    cr_assert_eq(sum.left_fen, 0);
    cr_assert_eq(sum.pool_closed, 1);
    sink_free(&s);
}

Test(voucher_issue, reduced_face_value_is_taken_from_the_pool)
{
    app rows[] = {
        app_row("C1", "2023-03-01T09:00:00", 1, "80000"),
        app_row("C2", "2023-03-01T09:01:00", 2, "120000"),
    };
    rows[1].cell[CE_VCOL_TITLES] = "专精特新:省级";
    rows[1].cell[CE_VCOL_SERVICE] = "转型咨询";
    char apps[256], led[256];
    write_apps(apps, sizeof apps, "apps.csv", rows, 2);
    ledger_path(led, sizeof led);
    sink s = {.store = 1};
    ce_voucher_issue_summary sum;
    issue_ok(led, apps, BIG_POOL, &s, &sum);
    expect(&s, 0, "C1", 1, "reduced_to_cap", 5000000, "2023A-000001", BIG_POOL - 5000000);
    cr_assert_str_eq(s.d[0].type, "general");
    cr_assert_str_eq(s.d[0].size, "small");
    expect(&s, 1, "C2", 1, "reduced_to_cap", 10000000, "2023A-000002", BIG_POOL - 15000000);
    cr_assert_str_eq(s.d[1].type, "digital_transformation");
    cr_assert_eq(sum.granted_fen, 15000000);
    sink_free(&s);

    /* strict: over_cap, nothing taken */
    ce_test_path(led, sizeof led, ce_test_dir, "strict.db");
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(issue_cycle(led, apps, "2023A", BIG_POOL, 1, &s, &sum, &err), CE_OK, "%s",
                 err.msg);
    expect(&s, 0, "C1", 0, "over_cap", 0, "", BIG_POOL);
    expect(&s, 1, "C2", 0, "over_cap", 0, "", BIG_POOL);
    cr_assert_eq(sum.reasons[7], 2);
    sink_free(&s);
}

/* ---- one voucher per enterprise and cycle --------------------------------- */

Test(voucher_issue, duplicate_in_cycle_within_a_batch)
{
    app rows[] = {
        app_row("D2", "2023-03-01T10:00:00", 1, "30000"),
        app_row("D1", "2023-03-01T09:00:00", 1, "20000"),
        app_row("D3", "2023-03-01T11:00:00", 2, "30000"),
    };
    char apps[256], led[256];
    write_apps(apps, sizeof apps, "apps.csv", rows, 3);
    ledger_path(led, sizeof led);
    sink s = {.store = 1};
    ce_voucher_issue_summary sum;
    issue_ok(led, apps, BIG_POOL, &s, &sum);
    expect(&s, 0, "D1", 1, "", 2000000, "2023A-000001", BIG_POOL - 2000000);
    expect(&s, 1, "D2", 0, "duplicate_in_cycle", 0, "", BIG_POOL - 2000000);
    expect(&s, 2, "D3", 1, "", 3000000, "2023A-000002", BIG_POOL - 5000000);
    cr_assert_str_eq(s.d[1].credit_code, rows[0].code);
    cr_assert_eq(sum.reasons[8], 1);
    sink_free(&s);
}

Test(voucher_issue, duplicate_in_cycle_across_batches)
{
    app first[] = {app_row("E1", "2023-03-01T09:00:00", 1, "30000")};
    char apps[256], led[256];
    write_apps(apps, sizeof apps, "first.csv", first, 1);
    ledger_path(led, sizeof led);
    sink s = {.store = 1};
    ce_voucher_issue_summary sum;
    issue_ok(led, apps, BIG_POOL, &s, &sum);
    expect(&s, 0, "E1", 1, "", 3000000, "2023A-000001", BIG_POOL - 3000000);
    sink_free(&s);

    /* the same enterprise again, its code written in lower case */
    app second[] = {
        app_row("E2", "2023-03-05T09:00:00", 1, "10000"),
        app_row("E3", "2023-03-05T10:00:00", 2, "10000"),
    };
    char lower[19];
    for (int i = 0; i < 19; i++)
        lower[i] = (char)(second[0].code[i] >= 'A' && second[0].code[i] <= 'Z'
                              ? second[0].code[i] - 'A' + 'a'
                              : second[0].code[i]);
    second[0].cell[CE_VCOL_CREDIT_CODE] = lower;
    write_apps(apps, sizeof apps, "second.csv", second, 2);
    issue_ok(led, apps, NO_POOL, &s, &sum);
    expect(&s, 0, "E2", 0, "duplicate_in_cycle", 0, "", BIG_POOL - 3000000);
    cr_assert_str_eq(s.d[0].credit_code, first[0].code); /* normalised */
    expect(&s, 1, "E3", 1, "", 1000000, "2023A-000002", BIG_POOL - 4000000);
    sink_free(&s);

    /* another cycle is another matter */
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(issue_cycle(led, apps, "2023B", BIG_POOL, 0, &s, &sum, &err), CE_OK, "%s",
                 err.msg);
    expect(&s, 0, "E2", 1, "", 1000000, "2023B-000001", BIG_POOL - 1000000);
    sink_free(&s);
}

Test(voucher_issue, ineligible_application_does_not_block_a_later_one)
{
    app rows[] = {
        app_row("F1", "2023-03-01T09:00:00", 1, "30000"),
        app_row("F2", "2023-03-01T10:00:00", 1, "30000"),
    };
    rows[0].cell[CE_VCOL_GREEN_THRESHOLD] = "未通过";
    char apps[256], led[256];
    write_apps(apps, sizeof apps, "apps.csv", rows, 2);
    ledger_path(led, sizeof led);
    sink s = {.store = 1};
    ce_voucher_issue_summary sum;
    issue_ok(led, apps, BIG_POOL, &s, &sum);
    expect(&s, 0, "F1", 0, "green_threshold_failed", 0, "", BIG_POOL);
    expect(&s, 1, "F2", 1, "", 3000000, "2023A-000001", BIG_POOL - 3000000);
    sink_free(&s);
}

/* ---- vouchers ------------------------------------------------------------- */

Test(voucher_issue, voucher_ids_and_expiry)
{
    app rows[] = {
        app_row("G1", "2023-03-01T09:00:00", 1, "30000"),
        app_row("G2", "2023-02-28T20:30:00Z", 2, "40000"), /* 2023-03-01 04:30 China */
        app_row("G3", "2023/3/2", 3, "45,000"),
        app_row("G4", "2023-12-15T09:00:00", 4, "10000"),
    };
    rows[2].cell[CE_VCOL_SERVICE] = "首台(套)技术装备及关键核心零部件";
    char apps[256], led[256];
    write_apps(apps, sizeof apps, "apps.csv", rows, 4);
    ledger_path(led, sizeof led);
    sink s = {.store = 1};
    ce_voucher_issue_summary sum;
    issue_ok(led, apps, BIG_POOL, &s, &sum);
    cr_assert_eq(s.n, 4);
    expect(&s, 0, "G2", 1, "", 4000000, "2023A-000001", BIG_POOL - 4000000);
    cr_assert_str_eq(s.d[0].expires_at, "2023-04-30");
    expect(&s, 1, "G1", 1, "", 3000000, "2023A-000002", BIG_POOL - 7000000);
    cr_assert_str_eq(s.d[1].expires_at, "2023-04-30");
    expect(&s, 2, "G3", 1, "", 4500000, "2023A-000003", BIG_POOL - 11500000);
    cr_assert_str_eq(s.d[2].expires_at, "2023-05-01");
    expect(&s, 3, "G4", 1, "", 1000000, "2023A-000004", BIG_POOL - 12500000);
    cr_assert_str_eq(s.d[3].expires_at, "2024-02-13"); /* across the year end */
    cr_assert_str_eq(s.d[1].credit_code, rows[0].code);
    cr_assert_str_eq(s.d[1].name, "济南云图科技有限公司");
    cr_assert_str_eq(s.d[1].size, "small");
    cr_assert_str_eq(s.d[1].type, "general");

    /* what the ledger recorded */
    ce_ledger *l = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_open(led, &l, &err), CE_OK);
    ce_ledger_voucher v;
    int found = 0;
    cr_assert_eq(ce_ledger_voucher_get(l, "2023A-000001", &v, &found, &err), CE_OK);
    cr_assert_eq(found, 1);
    cr_assert_str_eq(v.cycle, "2023A");
    cr_assert_str_eq(v.app_id, "G2");
    cr_assert_str_eq(v.credit_code, rows[1].code);
    cr_assert_str_eq(v.service, "数字化赋能");
    cr_assert_str_eq(v.voucher_type, "general");
    cr_assert_eq(v.face_fen, 4000000);
    cr_assert_str_eq(v.issued_on, "2023-03-01");
    cr_assert_str_eq(v.expires_at, "2023-04-30");
    cr_assert_str_eq(v.redeemed_on, "");
    cr_assert_eq(ce_ledger_voucher_get(l, "2023A-000003", &v, &found, &err), CE_OK);
    cr_assert_str_eq(v.issued_on, "2023-03-02");
    cr_assert_str_eq(v.service, "首台(套)技术装备及关键核心零部件");
    /* the granting decision is kept with the voucher */
    cr_assert_eq(ce_ledger_voucher_of_app(l, "2023A", "G1", &v, &found, &err), CE_OK);
    cr_assert_eq(found, 1);
    cr_assert_str_eq(v.voucher_id, "2023A-000002");
    cr_assert_str_eq(v.name, "济南云图科技有限公司");
    cr_assert_str_eq(v.size, "small");
    cr_assert_str_eq(v.reasons, "");
    cr_assert_eq(v.pool_left_fen, BIG_POOL - 7000000);
    cr_assert_eq(ce_ledger_voucher_of_app(l, "2023A", "G4", &v, &found, &err), CE_OK);
    cr_assert_str_eq(v.voucher_id, "2023A-000004");
    cr_assert_str_eq(v.issued_on, "2023-12-15");
    cr_assert_str_eq(v.expires_at, "2024-02-13");
    cr_assert_eq(ce_ledger_voucher_of_app(l, "2023B", "G4", &v, &found, &err), CE_OK);
    cr_assert_eq(found, 0);
    ce_ledger_cycle c;
    cr_assert_eq(ce_ledger_cycle_get(l, "2023A", &c, &found, &err), CE_OK);
    cr_assert_eq(c.next_seq, 5);
    cr_assert_eq(c.left_fen, BIG_POOL - 12500000);
    ce_ledger_close(l);
    cr_assert_eq(count_rows(led, "vouchers"), 4);
    sink_free(&s);
}

/* ---- re-runs and cycles --------------------------------------------------- */

static void expect_same(const sink *a, const sink *b)
{
    cr_assert_eq(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        const dec *x = &a->d[i], *y = &b->d[i];
        cr_assert_str_eq(x->app_id, y->app_id, "%zu", i);
        cr_assert_str_eq(x->credit_code, y->credit_code, "%zu", i);
        cr_assert_str_eq(x->name, y->name, "%zu", i);
        cr_assert_str_eq(x->reasons, y->reasons, "%zu", i);
        cr_assert_str_eq(x->size, y->size, "%zu", i);
        cr_assert_str_eq(x->type, y->type, "%zu", i);
        cr_assert_str_eq(x->voucher_id, y->voucher_id, "%zu", i);
        cr_assert_str_eq(x->expires_at, y->expires_at, "%zu", i);
        cr_assert_eq(x->granted, y->granted, "%zu", i);
        cr_assert_eq(x->face_fen, y->face_fen, "%zu", i);
        cr_assert_eq(x->pool_left_fen, y->pool_left_fen, "%zu (%s): %lld, then %lld", i,
                     x->app_id, x->pool_left_fen, y->pool_left_fen);
    }
}

Test(voucher_issue, rerun_changes_nothing)
{
    app rows[] = {
        app_row("H1", "2023-03-01T09:00:00", 1, "60000"),
        app_row("H2", "2023-03-01T09:01:00", 2, "30000"),
        app_row("H3", "2023-03-01T09:02:00", 2, "30000"),
        app_row("H4", "2023-03-01T09:03:00", 4, "30000"),
        app_row("H5", "", 5, "30000"),
    };
    char apps[256], led[256];
    write_apps(apps, sizeof apps, "apps.csv", rows, 5);
    ledger_path(led, sizeof led);
    sink first = {.store = 1}, again = {.store = 1};
    ce_voucher_issue_summary sum;
    issue_ok(led, apps, 10000000, &first, &sum);
    expect(&first, 0, "H1", 1, "reduced_to_cap", 5000000, "2023A-000001", 5000000);
    expect(&first, 1, "H2", 1, "", 3000000, "2023A-000002", 2000000);
    expect(&first, 2, "H3", 0, "duplicate_in_cycle", 0, "", 2000000);
    expect(&first, 3, "H4", 0, "pool_exhausted", 0, "", 2000000);
    expect(&first, 4, "H5", 0, "missing:applied_at", 0, "", 2000000);
    cr_assert_eq(sum.kept, 0);
    char *before = dump(led);

    /* the same batch again, with the pool given again */
    issue_ok(led, apps, 10000000, &again, &sum);
    expect_same(&first, &again);
    cr_assert_eq(sum.applications, 5);
    /* the same file: a replay of batch 1, every row as then */
    cr_assert_eq(sum.replay, 1);
    cr_assert_eq(sum.batch, 1);
    cr_assert_eq(sum.kept, 0);
    cr_assert_eq(sum.granted, 2);
    cr_assert_eq(sum.rejected, 3);
    cr_assert_eq(sum.granted_fen, 8000000);
    cr_assert_eq(sum.left_fen, 2000000);
    cr_assert_eq(sum.pool_closed, 1);
    char *after = dump(led);
    cr_assert_str_eq(after, before);
    cr_assert_eq(count_rows(led, "vouchers"), 2);
    tracked_free(after);

    /* and once more without the pool */
    sink third = {.store = 1};
    issue_ok(led, apps, NO_POOL, &third, &sum);
    expect_same(&first, &third);
    cr_assert_eq(sum.replay, 1);
    after = dump(led);
    cr_assert_str_eq(after, before);
    tracked_free(after);
    tracked_free(before);
    sink_free(&first);
    sink_free(&again);
    sink_free(&third);
}

/* A rejection before a grant shows the pool as it was when the rejected
 * application came up; a re-run (a replay) shows the same. */
Test(voucher_issue, rerun_repeats_the_pool_left_of_a_rejection)
{
    app rows[] = {
        app_row("Z0", "2023-03-01T08:00:00", 1, "30000"),
        app_row("Z1", "2023-03-01T09:00:00", 2, "30000"),
    };
    rows[0].cell[CE_VCOL_LEGAL_PERSON] = "否";
    char apps[256], led[256];
    write_apps(apps, sizeof apps, "apps.csv", rows, 2);
    ledger_path(led, sizeof led);
    sink first = {.store = 1}, again = {.store = 1};
    ce_voucher_issue_summary sum;
    issue_ok(led, apps, 10000000, &first, &sum);
    expect(&first, 0, "Z0", 0, "not_legal_person", 0, "", 10000000);
    expect(&first, 1, "Z1", 1, "", 3000000, "2023A-000001", 7000000);
    issue_ok(led, apps, NO_POOL, &again, &sum);
    cr_assert_eq(sum.replay, 1);
    expect_same(&first, &again);
    sink_free(&first);
    sink_free(&again);
}

/* A rejected application of an enterprise that is granted later in the same
 * batch did not see that voucher; replayed it still does not, while a new
 * batch (another file) sees it. */
Test(voucher_issue, replay_keeps_what_each_row_saw)
{
    app rows[] = {
        app_row("R0", "2023-03-01T08:00:00", 1, "30000"),
        app_row("R1", "2023-03-01T09:00:00", 1, "30000"),
    };
    rows[0].cell[CE_VCOL_GREEN_THRESHOLD] = "0";
    char apps[256], led[256], other[256];
    write_apps(apps, sizeof apps, "apps.csv", rows, 2);
    write_apps(other, sizeof other, "other.csv", rows, 1);
    ledger_path(led, sizeof led);
    sink first = {.store = 1}, again = {.store = 1}, later = {.store = 1};
    ce_voucher_issue_summary sum;
    issue_ok(led, apps, 10000000, &first, &sum);
    expect(&first, 0, "R0", 0, "green_threshold_failed", 0, "", 10000000);
    expect(&first, 1, "R1", 1, "", 3000000, "2023A-000001", 7000000);
    issue_ok(led, apps, NO_POOL, &again, &sum);
    expect_same(&first, &again);
    issue_ok(led, other, NO_POOL, &later, &sum);
    cr_assert_eq(sum.replay, 0);
    cr_assert_eq(sum.batch, 2);
    expect(&later, 0, "R0", 0, "green_threshold_failed;duplicate_in_cycle", 0, "", 7000000);
    sink_free(&first);
    sink_free(&again);
    sink_free(&later);
}

Test(voucher_issue, later_batch_continues_the_cycle)
{
    app rows[] = {app_row("K1", "2023-03-01T09:00:00", 1, "30000")};
    char apps[256], led[256];
    write_apps(apps, sizeof apps, "first.csv", rows, 1);
    ledger_path(led, sizeof led);
    sink s = {.store = 1};
    ce_voucher_issue_summary sum;
    issue_ok(led, apps, 10000000, &s, &sum);
    sink_free(&s);

    /* a batch holding an already decided application and new ones */
    app more[] = {
        app_row("K1", "2023-03-01T09:00:00", 1, "30000"),
        app_row("K2", "2023-03-02T09:00:00", 2, "20000"),
        app_row("K3", "2023-03-02T10:00:00", 3, "50000"),
    };
    write_apps(apps, sizeof apps, "second.csv", more, 3);
    issue_ok(led, apps, NO_POOL, &s, &sum);
    expect(&s, 0, "K1", 1, "", 3000000, "2023A-000001", 7000000);
    expect(&s, 1, "K2", 1, "", 2000000, "2023A-000002", 5000000);
    expect(&s, 2, "K3", 1, "", 5000000, "2023A-000003", 0);
    cr_assert_eq(sum.applications, 3);
    cr_assert_eq(sum.kept, 1);
    cr_assert_eq(sum.granted, 2);
    cr_assert_eq(sum.granted_fen, 7000000);
    cr_assert_eq(sum.pool_fen, 10000000);
    cr_assert_eq(sum.left_fen, 0);
    cr_assert_eq(sum.pool_closed, 0);
    sink_free(&s);
    cr_assert_eq(count_rows(led, "vouchers"), 3);
}

/* An app_id of an earlier batch's voucher that comes again is "kept" only
 * when it is the same application: the same holder and the same row. A
 * second city's export numbered the same way used to print the earlier
 * enterprise's voucher for another enterprise, which then vanished; now that
 * row is rejected with app_id_reused, counted, and the ledger keeps the
 * voucher where it was (issue 13). */
Test(voucher_issue, app_id_reused_by_another_application)
{
    app rows[] = {app_row("K1", "2023-03-01T09:00:00", 1, "30000")};
    char apps[256], led[256];
    write_apps(apps, sizeof apps, "first.csv", rows, 1);
    ledger_path(led, sizeof led);
    sink s = {.store = 1};
    ce_voucher_issue_summary sum;
    issue_ok(led, apps, 10000000, &s, &sum);
    sink_free(&s);

    app more[] = {
        app_row("K1", "2023-03-05T09:00:00", 2, "20000"), /* another enterprise */
        app_row("K2", "2023-03-05T10:00:00", 3, "20000"),
    };
    more[0].cell[CE_VCOL_NAME] = "青岛另一家科技有限公司";
    write_apps(apps, sizeof apps, "second.csv", more, 2);
    issue_ok(led, apps, NO_POOL, &s, &sum);
    cr_assert_eq(s.n, 2);
    expect(&s, 0, "K1", 0, "app_id_reused", 0, "", 7000000);
    cr_assert_str_eq(s.d[0].credit_code, more[0].code);
    cr_assert_str_eq(s.d[0].name, "青岛另一家科技有限公司");
    cr_assert_str_eq(s.d[0].expires_at, "");
    expect(&s, 1, "K2", 1, "", 2000000, "2023A-000002", 5000000);
    cr_assert_eq(sum.kept, 0);
    cr_assert_eq(sum.granted, 1);
    cr_assert_eq(sum.rejected, 1);
    cr_assert_eq(sum.reasons[10], 1);
    cr_assert_str_eq(ce_voucher_rule_code(10), "app_id_reused");
    cr_assert_eq(sum.data_problems, 0);
    sink_free(&s);

    /* the same enterprise under the same app_id, but another row (a
     * different request): not the application that was granted */
    app changed[] = {app_row("K1", "2023-03-01T09:00:00", 1, "30000.10")};
    write_apps(apps, sizeof apps, "third.csv", changed, 1);
    issue_ok(led, apps, NO_POOL, &s, &sum);
    expect(&s, 0, "K1", 0, "duplicate_in_cycle;app_id_reused", 0, "", 5000000);
    cr_assert_eq(sum.kept, 0);
    cr_assert_eq(sum.rejected, 1);
    sink_free(&s);

    /* the identical row in another file is kept, printed as recorded */
    app same[] = {rows[0], app_row("K4", "2023-03-06T09:00:00", 4, "10000")};
    write_apps(apps, sizeof apps, "fourth.csv", same, 2);
    issue_ok(led, apps, NO_POOL, &s, &sum);
    cr_assert_eq(sum.replay, 0);
    expect(&s, 0, "K1", 1, "", 3000000, "2023A-000001", 7000000);
    cr_assert_str_eq(s.d[0].credit_code, rows[0].code);
    expect(&s, 1, "K4", 1, "", 1000000, "2023A-000003", 4000000);
    cr_assert_eq(sum.kept, 1);
    cr_assert_eq(sum.rejected, 0);
    sink_free(&s);

    /* the voucher stayed with its holder */
    ce_ledger *l = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_open(led, &l, &err), CE_OK);
    ce_ledger_voucher v;
    int found = 0;
    cr_assert_eq(ce_ledger_voucher_of_app(l, "2023A", "K1", &v, &found, &err), CE_OK);
    cr_assert_eq(found, 1);
    cr_assert_str_eq(v.voucher_id, "2023A-000001");
    cr_assert_str_eq(v.credit_code, rows[0].code);
    ce_ledger_close(l);
    cr_assert_eq(count_rows(led, "vouchers"), 3);
}

/* A batch with an app_id_reused row, run again, replays it the same way. */
Test(voucher_issue, app_id_reused_replays_the_same)
{
    app rows[] = {app_row("P1", "2023-03-01T09:00:00", 1, "30000")};
    char apps[256], led[256];
    write_apps(apps, sizeof apps, "first.csv", rows, 1);
    ledger_path(led, sizeof led);
    sink s = {.store = 1}, again = {.store = 1};
    ce_voucher_issue_summary sum;
    issue_ok(led, apps, 10000000, &s, &sum);
    sink_free(&s);
    app more[] = {
        app_row("P2", "2023-03-02T09:00:00", 3, "10000"),
        app_row("P1", "2023-03-05T09:00:00", 2, "20000"),
    };
    write_apps(apps, sizeof apps, "second.csv", more, 2);
    issue_ok(led, apps, NO_POOL, &s, &sum);
    expect(&s, 0, "P2", 1, "", 1000000, "2023A-000002", 6000000);
    expect(&s, 1, "P1", 0, "app_id_reused", 0, "", 6000000);
    char *before = dump(led);
    issue_ok(led, apps, NO_POOL, &again, &sum);
    cr_assert_eq(sum.replay, 1);
    expect_same(&s, &again);
    char *after = dump(led);
    cr_assert_str_eq(after, before);
    tracked_free(before);
    tracked_free(after);
    sink_free(&s);
    sink_free(&again);
}

/* An application whose voucher would expire after 9999-12-31 is
 * invalid:applied_at: it used to be granted a voucher expiring
 * "0000-00-00" (issue 13). */
Test(voucher_issue, no_voucher_expires_outside_the_calendar)
{
    app rows[] = {
        app_row("E1", "9999-11-01T09:00:00", 1, "30000"),
        app_row("E2", "9999-12-31T09:00:00", 2, "30000"),
    };
    char apps[256], led[256];
    write_apps(apps, sizeof apps, "apps.csv", rows, 2);
    ledger_path(led, sizeof led);
    sink s = {.store = 1};
    ce_voucher_issue_summary sum;
    issue_ok(led, apps, 10000000, &s, &sum);
    expect(&s, 0, "E1", 1, "", 3000000, "2023A-000001", 7000000);
    cr_assert_str_eq(s.d[0].expires_at, "9999-12-31");
    expect(&s, 1, "E2", 0, "invalid:applied_at", 0, "", 7000000);
    cr_assert_str_eq(s.d[1].expires_at, "");
    cr_assert_eq(sum.data_problems, 1);
    cr_assert_eq(query_int(led, "SELECT count(*) FROM vouchers WHERE expires_at LIKE '0000%'"),
                 0);
    sink_free(&s);
}

Test(voucher_issue, new_cycle_needs_a_pool)
{
    app rows[] = {app_row("L1", "2023-03-01T09:00:00", 1, "30000")};
    char apps[256], led[256];
    write_apps(apps, sizeof apps, "apps.csv", rows, 1);
    ledger_path(led, sizeof led);
    sink s = {.store = 1};
    ce_voucher_issue_summary sum;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(issue(led, apps, NO_POOL, &s, &sum, &err), CE_ERR_USAGE);
    cr_assert_str_eq(err.msg,
                     "cycle \"2023A\" is new in the ledger: give its pool with --pool AMOUNT");
    cr_assert_eq(s.n, 0);
    cr_assert_eq(count_rows(led, "cycles"), 0);
    cr_assert_eq(count_rows(led, "vouchers"), 0);
}

Test(voucher_issue, pool_must_match_the_ledger)
{
    app rows[] = {app_row("M1", "2023-03-01T09:00:00", 1, "30000")};
    char apps[256], led[256];
    write_apps(apps, sizeof apps, "apps.csv", rows, 1);
    ledger_path(led, sizeof led);
    sink s = {.store = 1};
    ce_voucher_issue_summary sum;
    issue_ok(led, apps, 10000000, &s, &sum);
    sink_free(&s);
    char *before = dump(led);
    app more[] = {app_row("M2", "2023-03-02T09:00:00", 2, "30000")};
    write_apps(apps, sizeof apps, "more.csv", more, 1);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(issue(led, apps, 9000000, &s, &sum, &err), CE_ERR_USAGE);
    cr_assert(strstr(err.msg, "--pool 90000.00 differs from the pool of cycle \"2023A\" in the "
                              "ledger (100000.00)") != NULL,
              "%s", err.msg);
    cr_assert_eq(s.n, 0);
    char *after = dump(led);
    cr_assert_str_eq(after, before);
    tracked_free(before);
    tracked_free(after);
}

/* ---- bad files ------------------------------------------------------------ */

Test(voucher_issue, duplicate_app_id_in_the_file)
{
    app rows[] = {
        app_row("N1", "2023-03-01T09:00:00", 1, "30000"),
        app_row("N2", "2023-03-01T09:01:00", 2, "30000"),
        app_row("N1", "2023-03-01T08:00:00", 3, "30000"),
    };
    char apps[256], led[256];
    write_apps(apps, sizeof apps, "apps.csv", rows, 3);
    ledger_path(led, sizeof led);
    sink s = {.store = 1};
    ce_voucher_issue_summary sum;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(issue(led, apps, BIG_POOL, &s, &sum, &err), CE_ERR_DATA);
    cr_assert_str_eq(err.file, apps);
    cr_assert_eq(err.line, 4);
    cr_assert_str_eq(err.msg, "duplicate app_id \"N1\" (first on line 2)");
    cr_assert_eq(s.n, 0);
    cr_assert_eq(count_rows(led, "cycles"), 0);
    cr_assert_eq(count_rows(led, "vouchers"), 0);
    sink_free(&s);
}

Test(voucher_issue, missing_column)
{
    char apps[256], led[256];
    ce_test_write_text(apps, sizeof apps, ce_test_dir, "apps.csv",
                       "app_id,applied_at,credit_code,name,legal_person,established,"
                       "green_threshold,industry,employees,revenue,assets,titles,service,"
                       "requested\n"
                       "X1,2023-03-01,91370102MA3C000010,n,是,2015-06-01,1,工业,5,5,,,"
                       "数字化赋能,1000\n");
    ledger_path(led, sizeof led);
    sink s = {.store = 1};
    ce_voucher_issue_summary sum;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(issue(led, apps, BIG_POOL, &s, &sum, &err), CE_ERR_DATA);
    cr_assert_str_eq(err.file, apps);
    cr_assert_eq(err.line, 1);
    cr_assert(strstr(err.msg, "missing column \"dcmm\"") == err.msg, "%s", err.msg);
    cr_assert_eq(s.n, 0);
    cr_assert_eq(count_rows(led, "cycles"), 0);
}

/* One duplicate-column message for every reader (colmap.h). */
Test(voucher_issue, column_twice_names_both_columns)
{
    char apps[256], led[256];
    ce_test_write_text(apps, sizeof apps, ce_test_dir, "apps.csv",
                       "app_id,applied_at,credit_code,name,legal_person,established,"
                       "green_threshold,industry,employees,revenue,assets,titles,dcmm,service,"
                       "requested,revenue\n"
                       "X1,2023-03-01,91370102MA3C000010,n,是,2015-06-01,1,工业,5,5,,,,"
                       "数字化赋能,1000,5\n");
    ledger_path(led, sizeof led);
    sink s = {.store = 1};
    ce_voucher_issue_summary sum;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(issue(led, apps, BIG_POOL, &s, &sum, &err), CE_ERR_DATA);
    cr_assert_eq(err.line, 1);
    cr_assert_str_eq(err.msg, "column \"revenue\" appears twice (columns 10 and 16)");
    cr_assert_eq(s.n, 0);
}

Test(voucher_issue, empty_app_id)
{
    app rows[] = {
        app_row("O1", "2023-03-01T09:00:00", 1, "30000"),
        app_row("", "2023-03-01T09:01:00", 2, "30000"),
    };
    char apps[256], led[256];
    write_apps(apps, sizeof apps, "apps.csv", rows, 2);
    ledger_path(led, sizeof led);
    sink s = {.store = 1};
    ce_voucher_issue_summary sum;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(issue(led, apps, BIG_POOL, &s, &sum, &err), CE_ERR_DATA);
    cr_assert_str_eq(err.file, apps);
    cr_assert_eq(err.line, 3);
    cr_assert_str_eq(err.msg, "empty app_id");
    cr_assert_eq(s.n, 0);
    cr_assert_eq(count_rows(led, "cycles"), 0);
    cr_assert_eq(count_rows(led, "vouchers"), 0);
    sink_free(&s);
}

/* ---- all or nothing ------------------------------------------------------- */

/* A committed first batch of five, granted 2023A-000001 .. 000005. */
static void first_batch(char *led, size_t led_cap, char *apps, size_t apps_cap)
{
    app rows[5];
    char ids[5][8];
    for (int i = 0; i < 5; i++) {
        snprintf(ids[i], sizeof ids[i], "P%d", i + 1);
        rows[i] = app_row(ids[i], "2023-03-01T09:00:00", 900 + i, "30000");
    }
    write_apps(apps, apps_cap, "first.csv", rows, 5);
    ledger_path(led, led_cap);
    sink s = {.store = 1};
    ce_voucher_issue_summary sum;
    issue_ok(led, apps, BIG_POOL, &s, &sum);
    cr_assert_eq(sum.granted, 5);
    sink_free(&s);
}

static void second_batch(char *apps, size_t cap)
{
    app rows[] = {
        app_row("Q1", "2023-03-02T09:00:00", 1, "30000"),
        app_row("Q2", "2023-03-02T09:01:00", 2, "30000"),
        app_row("Q3", "2023-03-02T09:02:00", 3, "30000"),
    };
    write_apps(apps, cap, "second.csv", rows, 3);
}

Test(voucher_issue, emit_error_leaves_the_ledger_as_before)
{
    char led[256], apps[256];
    first_batch(led, sizeof led, apps, sizeof apps);
    char *before = dump(led);
    second_batch(apps, sizeof apps);
    sink s = {.store = 1, .fail_at = 2};
    ce_voucher_issue_summary sum;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(issue(led, apps, NO_POOL, &s, &sum, &err), CE_ERR_IO);
    cr_assert_str_eq(err.msg, "cannot write: disk full");
    cr_assert_eq(s.n, 1);
    cr_assert_eq(s.finished, 0);
    char *after = dump(led);
    cr_assert_str_eq(after, before);
    cr_assert_eq(count_rows(led, "vouchers"), 5);
    tracked_free(after);

    /* the batch then runs as if the failed attempt never happened */
    sink ok = {.store = 1};
    issue_ok(led, apps, NO_POOL, &ok, &sum);
    cr_assert_eq(sum.kept, 0);
    expect(&ok, 0, "Q1", 1, "", 3000000, "2023A-000006", BIG_POOL - 18000000);
    expect(&ok, 2, "Q3", 1, "", 3000000, "2023A-000008", BIG_POOL - 24000000);
    tracked_free(before);
    sink_free(&s);
    sink_free(&ok);
}

Test(voucher_issue, finish_error_leaves_the_ledger_as_before)
{
    char led[256], apps[256];
    first_batch(led, sizeof led, apps, sizeof apps);
    char *before = dump(led);
    second_batch(apps, sizeof apps);
    sink s = {.store = 1, .fail_finish = 1};
    ce_voucher_issue_summary sum;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(issue(led, apps, NO_POOL, &s, &sum, &err), CE_ERR_IO);
    cr_assert_str_eq(err.msg, "cannot flush");
    cr_assert_eq(s.n, 3);
    char *after = dump(led);
    cr_assert_str_eq(after, before);
    tracked_free(before);
    tracked_free(after);
    sink_free(&s);
}

#define BIG_BATCH 2000

/* BIG_BATCH eligible applications, one a minute from 2023-03-02 08:00. */
static void big_batch(char *apps, size_t cap)
{
    app *rows = calloc(BIG_BATCH, sizeof *rows);
    char(*ids)[16] = calloc(BIG_BATCH, sizeof *ids);
    char(*at)[24] = calloc(BIG_BATCH, sizeof *at);
    cr_assert(rows && ids && at);
    for (int i = 0; i < BIG_BATCH; i++) {
        snprintf(ids[i], sizeof ids[i], "B%05d", i + 1);
        int minute = 8 * 60 + i;
        snprintf(at[i], sizeof at[i], "2023-03-%02dT%02d:%02d:00", 2 + minute / 1440,
                 minute / 60 % 24, minute % 60);
        rows[i] = app_row(ids[i], at[i], 10000 + i, "30000");
    }
    write_apps(apps, cap, "big.csv", rows, BIG_BATCH);
    free(rows);
    free(ids);
    free(at);
}

/* Runs the batch in a child process with s's kill switches and asserts that
 * SIGKILL ended it. */
static void run_killed(const char *led, const char *apps, sink *s)
{
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_neq(pid, -1, "fork failed");
    if (pid == 0) {
        /* the child: no Criterion asserts here; only the kill ends it well */
        ce_ledger *l = NULL;
        if (ce_ledger_open(led, &l, NULL) != CE_OK)
            _exit(10);
        ce_voucher_issue_opts o = {
            .applications = apps,
            .cycle = "2023A",
            .policy = policy,
            .standard = standard,
            .ledger = l,
            .emit = emit,
            .finish = finish,
            .progress = progress,
            .ud = s,
        };
        ce_voucher_issue_summary sum;
        ce_status st = ce_voucher_issue(&o, &sum, NULL, NULL);
        _exit(st == CE_OK ? 11 : 12);
    }
    int status = 0;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFSIGNALED(status), "the child was not killed: exit status %d",
              WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    cr_assert_eq(WTERMSIG(status), SIGKILL);
}

/* After a kill the ledger holds the first batch only; the ledger API and
 * the file agree. */
static void expect_first_batch_only(const char *led, const char *before)
{
    ce_ledger *l = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_open(led, &l, &err), CE_OK, "%s", err.msg);
    ce_ledger_cycle c;
    int found = 0;
    cr_assert_eq(ce_ledger_cycle_get(l, "2023A", &c, &found, &err), CE_OK);
    cr_assert_eq(found, 1);
    cr_assert_eq(c.next_seq, 6);
    cr_assert_eq(c.left_fen, BIG_POOL - 15000000);
    ce_ledger_voucher v;
    cr_assert_eq(ce_ledger_voucher_get(l, "2023A-000006", &v, &found, &err), CE_OK);
    cr_assert_eq(found, 0);
    cr_assert_eq(ce_ledger_voucher_of_app(l, "2023A", "B00001", &v, &found, &err), CE_OK);
    cr_assert_eq(found, 0);
    ce_ledger_close(l);
    cr_assert_eq(count_rows(led, "vouchers"), 5);
    char *after = dump(led);
    cr_assert_str_eq(after, before);
    tracked_free(after);
}

/* The big batch, run normally after a kill, decides everything. */
static void rerun_big_batch(const char *led, const char *apps)
{
    sink s = {.store = 1};
    ce_voucher_issue_summary sum;
    issue_ok(led, apps, NO_POOL, &s, &sum);
    cr_assert_eq(s.n, BIG_BATCH);
    cr_assert_eq(sum.applications, BIG_BATCH);
    cr_assert_eq(sum.granted, BIG_BATCH);
    cr_assert_eq(sum.kept, 0);
    expect(&s, 0, "B00001", 1, "", 3000000, "2023A-000006", BIG_POOL - 18000000);
    expect(&s, BIG_BATCH - 1, "B02000", 1, "", 3000000, "2023A-002005",
           BIG_POOL - 3000000LL * (BIG_BATCH + 5));
    cr_assert_eq(count_rows(led, "vouchers"), BIG_BATCH + 5);
    sink_free(&s);
}

Test(voucher_issue, kill_in_the_middle_of_a_batch)
{
    char led[256], apps[256];
    first_batch(led, sizeof led, apps, sizeof apps);
    char *before = dump(led);
    big_batch(apps, sizeof apps);
    sink s = {.store = 0, .kill_at = BIG_BATCH / 2};
    run_killed(led, apps, &s);
    expect_first_batch_only(led, before);
    rerun_big_batch(led, apps);
    tracked_free(before);
}

Test(voucher_issue, kill_after_the_last_decision_before_the_commit)
{
    char led[256], apps[256];
    first_batch(led, sizeof led, apps, sizeof apps);
    char *before = dump(led);
    big_batch(apps, sizeof apps);
    sink s = {.store = 0, .kill_in_finish = 1};
    run_killed(led, apps, &s);
    expect_first_batch_only(led, before);
    rerun_big_batch(led, apps);
    tracked_free(before);
}
