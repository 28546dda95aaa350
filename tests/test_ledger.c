/* test_ledger.c - the voucher ledger (src/programmes/ledger.c): creating and checking the
 * SQLite file, cycles, vouchers with their granting decision and their
 * redemption, batches (commit, rollback, close), the queue of a batch and
 * the summary.
 *
 * The file is inspected with the SQLite API directly, not through the
 * ledger, so that a test sees what is on disk. */
#include <criterion/criterion.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clustereval/ledger.h"
#include "testutil.h"

TestSuite(ledger, .init = ce_test_dir_init, .fini = ce_test_dir_fini);

/* ---- helpers -------------------------------------------------------------- */

static ce_ledger *open_ok(const char *path)
{
    ce_ledger *l = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_open(path, &l, &err), CE_OK, "%s: %s", err.file, err.msg);
    cr_assert_not_null(l);
    return l;
}

static void ledger_path(char *path, size_t cap)
{
    ce_test_path(path, cap, ce_test_dir, "ledger.db");
}

/* The single integer that sql returns on the database at path, read with a
 * connection of its own. */
static long long query_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK, "%s", path);
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

/* Runs sql on the database at path (created when missing). */
static void exec_sql(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, &msg), SQLITE_OK, "%s: %s", sql,
                 msg ? msg : "?");
    sqlite3_close(db);
}

/* A voucher of application app_id; the granting decision's fields set to
 * plain values. */
static ce_ledger_voucher voucher(const char *id, const char *cycle, const char *app_id,
                                 const char *code, long long face, const char *issued,
                                 const char *expires)
{
    ce_ledger_voucher v = {
        .voucher_id = id,
        .cycle = cycle,
        .app_id = app_id,
        .credit_code = code,
        .name = "济南云图科技有限公司",
        .service = "数字化赋能",
        .voucher_type = "general",
        .size = "small",
        .reasons = "",
        .face_fen = face,
        .pool_left_fen = 7000000,
        .issued_on = issued,
        .expires_at = expires,
        .redeemed_on = "",
        .contract_fen = 0,
        .subsidy_fen = 0,
        .batch = 1,
    };
    return v;
}

static void add_some(ce_ledger *l, const char *cycle, const char *voucher_id);

/* ---- opening -------------------------------------------------------------- */

Test(ledger, open_creates_the_tables)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *l = open_ok(path);
    ce_ledger_close(l);
    cr_assert_eq(query_int(path, "PRAGMA user_version"), 4);
    cr_assert_eq(query_int(path, "SELECT count(*) FROM sqlite_schema WHERE type='table' AND "
                                 "name IN ('cycles','vouchers','batches')"),
                 3);
    cr_assert_eq(count_rows(path, "cycles"), 0);
    cr_assert_eq(count_rows(path, "vouchers"), 0);
    /* reopening an existing ledger, twice */
    ce_ledger_close(open_ok(path));
    ce_ledger_close(open_ok(path));
    cr_assert_eq(query_int(path, "SELECT count(*) FROM sqlite_schema WHERE type='table'"), 3);
    ce_ledger_close(NULL);
}

Test(ledger, an_empty_file_becomes_a_ledger)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "ledger.db", "");
    ce_ledger_close(open_ok(path));
    cr_assert_eq(query_int(path, "PRAGMA user_version"), 4);
}

Test(ledger, text_file_is_not_a_ledger)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "ledger.db",
                       "app_id,credit_code\nA1,91370102MA3C000010\n");
    ce_ledger *l = (ce_ledger *)&l;
    ce_ledger *before = l;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_open(path, &l, &err), CE_ERR_DATA, "%s", err.msg);
    cr_assert_eq(l, before);
    cr_assert_str_eq(err.file, path);
    cr_assert(strstr(err.msg, "ledger: ") == err.msg, "%s", err.msg);
}

Test(ledger, foreign_database_is_not_a_ledger)
{
    char path[256];
    ledger_path(path, sizeof path);
    exec_sql(path, "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT);"
                   "INSERT INTO notes(text) VALUES('keep me');");
    ce_ledger *l = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_open(path, &l, &err), CE_ERR_DATA);
    cr_assert_null(l);
    cr_assert_str_eq(err.file, path);
    cr_assert(strstr(err.msg, "not a clustereval voucher ledger") != NULL, "%s", err.msg);
    cr_assert(strstr(err.msg, "schema version 0, 1 table(s)") != NULL, "%s", err.msg);
    /* untouched */
    cr_assert_eq(count_rows(path, "notes"), 1);
    cr_assert_eq(query_int(path, "SELECT count(*) FROM sqlite_schema"), 1);
}

Test(ledger, another_schema_version_is_not_a_ledger)
{
    char path[256];
    ledger_path(path, sizeof path);
    /* a ledger of schema version 1 (it had a decisions table) */
    exec_sql(path, "CREATE TABLE cycles(cycle TEXT, pool_fen INTEGER,"
                   " left_fen INTEGER, exhausted INTEGER, next_seq INTEGER);"
                   "CREATE TABLE decisions(cycle TEXT, app_id TEXT);"
                   "PRAGMA user_version=1;");
    ce_ledger *l = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_open(path, &l, &err), CE_ERR_DATA);
    cr_assert_null(l);
    cr_assert_str_eq(err.msg, "not a clustereval voucher ledger (schema version 1, 2 table(s); "
                              "this clustereval writes version 4)");
    /* an empty database of a version from the future */
    ce_test_path(path, sizeof path, ce_test_dir, "future.db");
    exec_sql(path, "PRAGMA user_version=5;");
    cr_assert_eq(ce_ledger_open(path, &l, &err), CE_ERR_DATA);
    cr_assert(strstr(err.msg, "(schema version 5, 0 table(s)") != NULL, "%s", err.msg);
}

/* A ledger a newer clustereval wrote (its tables and a higher version) is
 * refused as newer, and left as it was. */
Test(ledger, newer_ledger_is_refused_as_newer_and_unchanged)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *l = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_open(path, &l, &err), CE_OK, "%s", err.msg);
    ce_ledger_close(l);
    l = NULL;
    exec_sql(path, "PRAGMA user_version=7;");
    struct stat before, after;
    cr_assert_eq(stat(path, &before), 0);
    cr_assert_eq(ce_ledger_open(path, &l, &err), CE_ERR_DATA);
    cr_assert_null(l);
    cr_assert_str_eq(err.msg, "a voucher ledger of a newer clustereval (schema version 7; this "
                              "clustereval reads version 4): use that version, the ledger is "
                              "left unchanged");
    cr_assert_eq(stat(path, &after), 0);
    cr_assert_eq(after.st_size, before.st_size);
    cr_assert_eq(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
    cr_assert_eq(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
    cr_assert_eq(query_int(path, "PRAGMA user_version"), 7);
}

/* A ledger an older clustereval wrote (its tables, a lower version: 3 had
 * no row digest) is refused as older, naming what to do, and left as it was
 * (not as "not a clustereval voucher ledger"). */
Test(ledger, older_ledger_is_refused_as_older_and_unchanged)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *l = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_open(path, &l, &err), CE_OK, "%s", err.msg);
    ce_ledger_close(l);
    l = NULL;
    exec_sql(path, "PRAGMA user_version=3;");
    struct stat before, after;
    cr_assert_eq(stat(path, &before), 0);
    cr_assert_eq(ce_ledger_open(path, &l, &err), CE_ERR_DATA);
    cr_assert_null(l);
    cr_assert_str_eq(err.msg, "a voucher ledger of an older clustereval (schema version 3; this "
                              "clustereval reads version 4): finish its cycles with that "
                              "version, or give a new --ledger for a new cycle; the ledger is "
                              "left unchanged");
    cr_assert_eq(stat(path, &after), 0);
    cr_assert_eq(after.st_size, before.st_size);
    cr_assert_eq(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
    cr_assert_eq(query_int(path, "PRAGMA user_version"), 3);
}

/* Applications keep their own schema number in user_version, small numbers
 * most of all: a database with the ledger's version number but none of the
 * ledger's tables is as foreign as one with version 0 (ledger.h: CE_ERR_DATA
 * for foreign tables). */
Test(ledger, foreign_database_with_the_ledger_version_is_not_a_ledger)
{
    char path[256];
    ledger_path(path, sizeof path);
    exec_sql(path, "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT);"
                   "PRAGMA user_version=4;");
    ce_ledger *l = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_open(path, &l, &err), CE_ERR_DATA, "%s", err.msg);
    cr_assert_null(l);
    cr_assert(strstr(err.msg, "not a clustereval voucher ledger") != NULL, "%s", err.msg);
}

Test(ledger, cannot_create_is_io)
{
    ce_ledger *l = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_open("/nonexistent/dir/ledger.db", &l, &err), CE_ERR_IO);
    cr_assert_null(l);
    cr_assert_str_eq(err.file, "/nonexistent/dir/ledger.db");
    cr_assert(strstr(err.msg, "cannot open the ledger") != NULL, "%s", err.msg);
}

/* ---- a ledger with foreign schema objects (issue 13) ------------------------ */

/* What a forger plants in a ledger, and the refusal naming it. The two
 * triggers are the ones that let 118 enterprises get a second voucher of a
 * cycle beyond the pool: a voucher's holder renamed after the insert, and a
 * pool that never drains. */
static const struct {
    const char *sql, *msg;
} planted[] = {
    {"CREATE TRIGGER second_voucher AFTER INSERT ON vouchers BEGIN"
     " UPDATE vouchers SET credit_code = credit_code || '#' || rowid WHERE rowid = NEW.rowid;"
     " END;",
     "it has a foreign trigger \"second_voucher\""},
    {"CREATE TRIGGER refill AFTER UPDATE ON cycles BEGIN"
     " UPDATE cycles SET left_fen = pool_fen, exhausted = 0 WHERE cycle = NEW.cycle; END;",
     "it has a foreign trigger \"refill\""},
    {"CREATE VIEW granted AS SELECT voucher_id FROM vouchers;", "it has a foreign view \"granted\""},
    {"CREATE INDEX vouchers_name ON vouchers(name);", "it has a foreign index \"vouchers_name\""},
    {"CREATE TABLE notes(x);", "it has a foreign table \"notes\""},
    {"CREATE TRIGGER \"evil\x1b[2J\" AFTER DELETE ON batches BEGIN SELECT 1; END;",
     "it has a foreign trigger \"evil\\x1B[2J\""},
    {"DROP INDEX batches_digest;", "index \"batches_digest\" is missing"},
    {"ALTER TABLE vouchers ADD COLUMN note TEXT;", "table \"vouchers\" differs from the one"},
    /* the unique (cycle, credit_code) index pointed at the b-tree of (cycle,
     * app_id): one voucher per enterprise would no longer be enforced */
    {"PRAGMA writable_schema=ON;"
     "UPDATE sqlite_schema SET rootpage = 11 - rootpage" /* pages 5 and 6 swapped */
     " WHERE name IN ('sqlite_autoindex_vouchers_2', 'sqlite_autoindex_vouchers_3');"
     "PRAGMA writable_schema=OFF;",
     "index \"sqlite_autoindex_vouchers_2\" differs from the one"},
};

Test(ledger, foreign_schema_objects_are_refused_and_left)
{
    for (size_t i = 0; i < sizeof planted / sizeof *planted; i++) {
        char path[256], name[32];
        snprintf(name, sizeof name, "planted%zu.db", i);
        ce_test_path(path, sizeof path, ce_test_dir, name);
        ce_ledger *l = open_ok(path);
        ce_error err = {{0}, 0, {0}};
        cr_assert_eq(ce_ledger_begin(l, &err), CE_OK);
        add_some(l, "2023A", "2023A-000001");
        cr_assert_eq(ce_ledger_commit(l, &err), CE_OK);
        ce_ledger_close(l);
        if (strstr(planted[i].sql, "11 - rootpage")) { /* the pages it swaps */
            cr_assert_eq(query_int(path, "SELECT rootpage FROM sqlite_schema WHERE"
                                         " name = 'sqlite_autoindex_vouchers_2'"),
                         5);
            cr_assert_eq(query_int(path, "SELECT rootpage FROM sqlite_schema WHERE"
                                         " name = 'sqlite_autoindex_vouchers_3'"),
                         6);
        }
        exec_sql(path, planted[i].sql);
        struct stat before, after;
        cr_assert_eq(stat(path, &before), 0);
        for (int existing = 0; existing < 2; existing++) {
            l = NULL;
            ce_status st = existing ? ce_ledger_open_existing(path, &l, &err)
                                    : ce_ledger_open(path, &l, &err);
            cr_assert_eq(st, CE_ERR_DATA, "%s: %s", planted[i].sql, err.msg);
            cr_assert_null(l);
            cr_assert_str_eq(err.file, path);
            cr_assert(strstr(err.msg, "not a clustereval voucher ledger: ") == err.msg, "%s",
                      err.msg);
            cr_assert(strstr(err.msg, planted[i].msg) != NULL, "%s\nwant: %s", err.msg,
                      planted[i].msg);
            cr_assert(strstr(err.msg, "; the ledger is refused and left unchanged") != NULL,
                      "%s", err.msg);
        }
        cr_assert_eq(stat(path, &after), 0);
        cr_assert_eq(after.st_size, before.st_size);
        cr_assert_eq(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
        cr_assert_eq(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
        cr_assert_eq(count_rows(path, "vouchers"), 1);
    }
}

/* The whole message for a trigger, and the ledger as it was. */
Test(ledger, foreign_trigger_message)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger_close(open_ok(path));
    exec_sql(path, planted[1].sql);
    ce_ledger *l = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_open(path, &l, &err), CE_ERR_DATA);
    cr_assert_str_eq(err.msg, "not a clustereval voucher ledger: it has a foreign trigger "
                              "\"refill\", which clustereval does not create; the ledger is "
                              "refused and left unchanged");
    cr_assert_eq(query_int(path, "SELECT count(*) FROM sqlite_schema WHERE type='trigger'"), 1);
}

/* Planted while the ledger is open: the batch does not start. */
Test(ledger, foreign_object_planted_after_open_stops_the_batch)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *l = open_ok(path);
    exec_sql(path, planted[0].sql);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_begin(l, &err), CE_ERR_DATA);
    cr_assert(strstr(err.msg, "foreign trigger \"second_voucher\"") != NULL, "%s", err.msg);
    ce_ledger_close(l);
    cr_assert_eq(count_rows(path, "vouchers"), 0);
}

/* ---- opening an existing ledger; discarding a new one (issue 13) --------------- */

static int exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

static void journal_of(char *out, size_t cap, const char *path)
{
    cr_assert(snprintf(out, cap, "%s-journal", path) < (int)cap);
}

Test(ledger, open_existing_never_creates)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *l = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_open_existing(path, &l, &err), CE_ERR_IO);
    cr_assert_null(l);
    cr_assert_str_eq(err.file, path);
    cr_assert_str_eq(err.msg, "no such ledger (vouchers are issued into it by voucher issue)");
    cr_assert(!exists(path));
    /* an empty file is not made a ledger */
    ce_test_write_text(path, sizeof path, ce_test_dir, "ledger.db", "");
    cr_assert_eq(ce_ledger_open_existing(path, &l, &err), CE_ERR_DATA);
    cr_assert_null(l);
    cr_assert_str_eq(err.msg, "not a clustereval voucher ledger (an empty database: vouchers are "
                              "issued into a ledger by voucher issue)");
    struct stat sb;
    cr_assert_eq(stat(path, &sb), 0);
    cr_assert_eq(sb.st_size, 0);
    /* a ledger opens */
    ce_ledger_close(open_ok(path));
    cr_assert_eq(ce_ledger_open_existing(path, &l, &err), CE_OK, "%s", err.msg);
    ce_ledger_close(l);
}

Test(ledger, discard_removes_only_an_empty_ledger_it_created)
{
    char path[256], journal[300];
    ledger_path(path, sizeof path);
    journal_of(journal, sizeof journal, path);
    /* created here, nothing committed: removed */
    ce_ledger_discard(open_ok(path));
    cr_assert(!exists(path));
    cr_assert(!exists(journal));
    /* a batch rolled back: removed too */
    ce_ledger *l = open_ok(path);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_begin(l, &err), CE_OK);
    add_some(l, "2023A", "2023A-000001");
    ce_ledger_discard(l); /* rolls the open batch back first */
    cr_assert(!exists(path));
    cr_assert(!exists(journal));
    /* not created by this connection: kept */
    ce_ledger_close(open_ok(path));
    ce_ledger_discard(open_ok(path));
    cr_assert(exists(path));
    cr_assert_eq(query_int(path, "PRAGMA user_version"), 4);
    ce_ledger_discard(NULL);
}

Test(ledger, discard_keeps_a_committed_batch)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *l = open_ok(path);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_begin(l, &err), CE_OK);
    add_some(l, "2023A", "2023A-000001");
    cr_assert_eq(ce_ledger_commit(l, &err), CE_OK);
    cr_assert_eq(ce_ledger_committed(l), 1);
    ce_ledger_discard(l); /* e.g. the workbook failed after the commit */
    cr_assert_eq(count_rows(path, "vouchers"), 1);
    cr_assert_eq(ce_ledger_committed(NULL), 0);
}

/* Two runs on a new ledger: the one that created it fails, the other has
 * committed a batch to it (whether it still has it open or not). */
Test(ledger, discard_keeps_another_runs_batch)
{
    char path[256];
    ledger_path(path, sizeof path);
    for (int other_closed = 0; other_closed < 2; other_closed++) {
        ce_ledger *a = open_ok(path); /* creates */
        ce_ledger *b = open_ok(path);
        ce_error err = {{0}, 0, {0}};
        cr_assert_eq(ce_ledger_begin(b, &err), CE_OK);
        add_some(b, "2023A", "2023A-000001");
        cr_assert_eq(ce_ledger_commit(b, &err), CE_OK);
        if (other_closed)
            ce_ledger_close(b);
        cr_assert_eq(ce_ledger_committed(a), 0);
        ce_ledger_discard(a);
        cr_assert(exists(path), "other_closed %d", other_closed);
        cr_assert_eq(count_rows(path, "vouchers"), 1);
        if (!other_closed)
            ce_ledger_close(b);
        cr_assert_eq(unlink(path), 0);
    }
}

/* The creator fails while another run is in the middle of its batch (its
 * journal on disk): neither the ledger nor the journal is touched, and the
 * other run commits. */
Test(ledger, discard_leaves_another_runs_journal)
{
    char path[256], journal[300];
    ledger_path(path, sizeof path);
    journal_of(journal, sizeof journal, path);
    ce_ledger *a = open_ok(path);
    ce_ledger *b = open_ok(path);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_begin(b, &err), CE_OK);
    add_some(b, "2023A", "2023A-000001");
    cr_assert(exists(journal));
    ce_ledger_discard(a);
    cr_assert(exists(path));
    cr_assert(exists(journal));
    cr_assert_eq(ce_ledger_commit(b, &err), CE_OK, "%s", err.msg);
    ce_ledger_close(b);
    cr_assert(!exists(journal));
    cr_assert_eq(count_rows(path, "vouchers"), 1);
}

/* Another run that opened the new ledger and left without a batch: the
 * creator's failure removes it. */
Test(ledger, discard_removes_after_the_other_run_left)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *a = open_ok(path);
    ce_ledger_close(open_ok(path));
    ce_ledger_discard(a);
    cr_assert(!exists(path));
}

/* The file replaced at its path while the ledger is open: the batch does
 * not start, and a failed run does not remove the new file. */
Test(ledger, a_ledger_moved_away_is_not_written)
{
    char path[256], moved[300];
    ledger_path(path, sizeof path);
    cr_assert(snprintf(moved, sizeof moved, "%s.moved", path) < (int)sizeof moved);
    ce_ledger *l = open_ok(path);
    cr_assert_eq(rename(path, moved), 0);
    ce_ledger_close(open_ok(path)); /* another ledger at the path */
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_begin(l, &err), CE_ERR_IO);
    cr_assert_str_eq(err.msg, "the ledger was moved or removed while this run had it open; "
                              "nothing was written");
    ce_ledger_discard(l);
    cr_assert(exists(path));
    cr_assert(exists(moved));
}

/* ---- cycles --------------------------------------------------------------- */

Test(ledger, cycle_put_get)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *l = open_ok(path);
    ce_error err = {{0}, 0, {0}};
    ce_ledger_cycle c = {-1, -1, -1, -1};
    int found = 7;
    cr_assert_eq(ce_ledger_cycle_get(l, "2023A", &c, &found, &err), CE_OK);
    cr_assert_eq(found, 0);
    cr_assert_eq(c.pool_fen, -1); /* untouched */
    ce_ledger_cycle put = {10000000, 7000000, 0, 2};
    cr_assert_eq(ce_ledger_cycle_put(l, "2023A", &put, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_ledger_cycle_get(l, "2023A", &c, &found, &err), CE_OK);
    cr_assert_eq(found, 1);
    cr_assert_eq(c.pool_fen, 10000000);
    cr_assert_eq(c.left_fen, 7000000);
    cr_assert_eq(c.exhausted, 0);
    cr_assert_eq(c.next_seq, 2);
    /* replaced */
    put = (ce_ledger_cycle){10000000, 2000000, 1, 3};
    cr_assert_eq(ce_ledger_cycle_put(l, "2023A", &put, &err), CE_OK);
    cr_assert_eq(ce_ledger_cycle_get(l, "2023A", &c, &found, &err), CE_OK);
    cr_assert_eq(c.left_fen, 2000000);
    cr_assert_eq(c.exhausted, 1);
    cr_assert_eq(c.next_seq, 3);
    cr_assert_eq(ce_ledger_cycle_get(l, "2023B", &c, &found, &err), CE_OK);
    cr_assert_eq(found, 0);
    ce_ledger_close(l);
    /* outside a batch every call is its own transaction: on disk at once */
    cr_assert_eq(count_rows(path, "cycles"), 1);
    cr_assert_eq(query_int(path, "SELECT left_fen FROM cycles WHERE cycle='2023A'"), 2000000);
}

/* ---- vouchers ------------------------------------------------------------- */

Test(ledger, voucher_add_get_redeem)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *l = open_ok(path);
    ce_error err = {{0}, 0, {0}};
    ce_ledger_voucher v = voucher("2023A-000001", "2023A", "A1", "91370102MA3C000010", 5000000,
                                  "2023-03-01", "2023-04-30");
    v.reasons = "reduced_to_cap";
    /* ignored on add */
    v.redeemed_on = "2023-03-02";
    v.contract_fen = 99;
    v.subsidy_fen = 77;
    cr_assert_eq(ce_ledger_voucher_add(l, &v, &err), CE_OK, "%s", err.msg);

    ce_ledger_voucher r;
    int found = 7;
    cr_assert_eq(ce_ledger_voucher_get(l, "2023A-000002", &r, &found, &err), CE_OK);
    cr_assert_eq(found, 0);
    cr_assert_eq(ce_ledger_voucher_get(l, "2023A-000001", &r, &found, &err), CE_OK);
    cr_assert_eq(found, 1);
    cr_assert_str_eq(r.voucher_id, "2023A-000001");
    cr_assert_str_eq(r.cycle, "2023A");
    cr_assert_str_eq(r.app_id, "A1");
    cr_assert_str_eq(r.credit_code, "91370102MA3C000010");
    cr_assert_str_eq(r.name, "济南云图科技有限公司");
    cr_assert_str_eq(r.service, "数字化赋能");
    cr_assert_str_eq(r.voucher_type, "general");
    cr_assert_str_eq(r.size, "small");
    cr_assert_str_eq(r.reasons, "reduced_to_cap");
    cr_assert_eq(r.face_fen, 5000000);
    cr_assert_eq(r.pool_left_fen, 7000000);
    cr_assert_str_eq(r.issued_on, "2023-03-01");
    cr_assert_str_eq(r.expires_at, "2023-04-30");
    cr_assert_str_eq(r.redeemed_on, "");
    cr_assert_eq(r.contract_fen, 0);
    cr_assert_eq(r.subsidy_fen, 0);

    cr_assert_eq(ce_ledger_voucher_redeem(l, "2023A-000001", "2023-04-01", 10000000, 3000000,
                                          &err),
                 CE_OK, "%s", err.msg);
    cr_assert_eq(ce_ledger_voucher_get(l, "2023A-000001", &r, &found, &err), CE_OK);
    cr_assert_str_eq(r.redeemed_on, "2023-04-01");
    cr_assert_eq(r.contract_fen, 10000000);
    cr_assert_eq(r.subsidy_fen, 3000000);

    /* twice: refused, the first redemption stays */
    cr_assert_eq(ce_ledger_voucher_redeem(l, "2023A-000001", "2023-04-02", 20000000, 5000000,
                                          &err),
                 CE_ERR_DATA);
    cr_assert_str_eq(err.file, path);
    cr_assert_str_eq(err.msg, "voucher \"2023A-000001\" is unknown or already redeemed");
    cr_assert_eq(ce_ledger_voucher_redeem(l, "2023A-000009", "2023-04-02", 1, 1, &err),
                 CE_ERR_DATA);
    cr_assert_str_eq(err.msg, "voucher \"2023A-000009\" is unknown or already redeemed");
    ce_ledger_close(l);
    cr_assert_eq(query_int(path, "SELECT subsidy_fen FROM vouchers"), 3000000);
    cr_assert_eq(query_int(path, "SELECT contract_fen FROM vouchers"), 10000000);
    cr_assert_eq(count_rows(path, "vouchers"), 1);
}

Test(ledger, voucher_of_app)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *l = open_ok(path);
    ce_error err = {{0}, 0, {0}};
    ce_ledger_voucher v = voucher("2023A-000001", "2023A", "A7", "91370102MA3C000010", 5000000,
                                  "2023-03-01", "2023-04-30");
    cr_assert_eq(ce_ledger_voucher_add(l, &v, &err), CE_OK, "%s", err.msg);
    ce_ledger_voucher r;
    int found = 7;
    cr_assert_eq(ce_ledger_voucher_of_app(l, "2023A", "A7", &r, &found, &err), CE_OK);
    cr_assert_eq(found, 1);
    cr_assert_str_eq(r.voucher_id, "2023A-000001");
    cr_assert_str_eq(r.app_id, "A7");
    cr_assert_eq(r.face_fen, 5000000);
    cr_assert_eq(ce_ledger_voucher_of_app(l, "2023B", "A7", &r, &found, &err), CE_OK);
    cr_assert_eq(found, 0);
    cr_assert_eq(ce_ledger_voucher_of_app(l, "2023A", "A8", &r, &found, &err), CE_OK);
    cr_assert_eq(found, 0);
    ce_ledger_close(l);
}

Test(ledger, voucher_add_refuses_repeats)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *l = open_ok(path);
    ce_error err = {{0}, 0, {0}};
    ce_ledger_voucher v = voucher("2023A-000001", "2023A", "A1", "91370102MA3C000010", 5000000,
                                  "2023-03-01", "2023-04-30");
    cr_assert_eq(ce_ledger_voucher_add(l, &v, &err), CE_OK, "%s", err.msg);
    /* the same id */
    ce_ledger_voucher same_id = voucher("2023A-000001", "2023A", "A2", "91370102MA3C000029",
                                        100, "2023-03-02", "2023-05-01");
    cr_assert_eq(ce_ledger_voucher_add(l, &same_id, &err), CE_ERR_DATA);
    cr_assert_str_eq(err.file, path);
    cr_assert_str_eq(err.msg, "voucher \"2023A-000001\": the ledger has this voucher, "
                              "application or holder in cycle \"2023A\" already");
    /* the same holder in the cycle */
    ce_ledger_voucher same_holder = voucher("2023A-000002", "2023A", "A2", "91370102MA3C000010",
                                            100, "2023-03-02", "2023-05-01");
    cr_assert_eq(ce_ledger_voucher_add(l, &same_holder, &err), CE_ERR_DATA);
    /* the same application in the cycle */
    ce_ledger_voucher same_app = voucher("2023A-000003", "2023A", "A1", "91370102MA3C000029",
                                         100, "2023-03-02", "2023-05-01");
    cr_assert_eq(ce_ledger_voucher_add(l, &same_app, &err), CE_ERR_DATA);
    cr_assert_str_eq(err.msg, "voucher \"2023A-000003\": the ledger has this voucher, "
                              "application or holder in cycle \"2023A\" already");
    /* the same holder and application in another cycle: fine */
    ce_ledger_voucher next = voucher("2023B-000001", "2023B", "A1", "91370102MA3C000010", 100,
                                     "2023-09-01", "2023-10-31");
    cr_assert_eq(ce_ledger_voucher_add(l, &next, &err), CE_OK, "%s", err.msg);
    ce_ledger_voucher r;
    int found = 0;
    cr_assert_eq(ce_ledger_voucher_get(l, "2023A-000001", &r, &found, &err), CE_OK);
    cr_assert_str_eq(r.app_id, "A1");
    cr_assert_eq(r.face_fen, 5000000);
    ce_ledger_close(l);
    cr_assert_eq(count_rows(path, "vouchers"), 2);
}

Test(ledger, holds_voucher)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *l = open_ok(path);
    ce_error err = {{0}, 0, {0}};
    int holds = 7;
    cr_assert_eq(ce_ledger_holds_voucher(l, "2023A", "91370102MA3C000010", 9, &holds, &err),
                 CE_OK);
    cr_assert_eq(holds, 0);
    ce_ledger_voucher v = voucher("2023A-000001", "2023A", "A1", "91370102MA3C000010", 5000000,
                                  "2023-03-01", "2023-04-30");
    v.batch = 2;
    cr_assert_eq(ce_ledger_voucher_add(l, &v, &err), CE_OK);
    cr_assert_eq(ce_ledger_holds_voucher(l, "2023A", "91370102MA3C000010", 2, &holds, &err),
                 CE_OK);
    cr_assert_eq(holds, 1);
    /* granted by batch 2: batch 1 did not see it */
    cr_assert_eq(ce_ledger_holds_voucher(l, "2023A", "91370102MA3C000010", 1, &holds, &err),
                 CE_OK);
    cr_assert_eq(holds, 0);
    cr_assert_eq(ce_ledger_holds_voucher(l, "2023B", "91370102MA3C000010", 2, &holds, &err),
                 CE_OK);
    cr_assert_eq(holds, 0);
    cr_assert_eq(ce_ledger_holds_voucher(l, "2023A", "91370102MA3C000029", 2, &holds, &err),
                 CE_OK);
    cr_assert_eq(holds, 0);
    ce_ledger_close(l);
}

Test(ledger, batches)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *l = open_ok(path);
    ce_error err = {{0}, 0, {0}};
    long long last = -1;
    cr_assert_eq(ce_ledger_batch_last(l, "2023A", &last, &err), CE_OK);
    cr_assert_eq(last, 0);
    ce_ledger_batch b1 = {1, 0x1234, 240, 441350000, 0, 1};
    ce_ledger_batch b2 = {2, -77, 2, 0, 1, 127};
    cr_assert_eq(ce_ledger_batch_add(l, "2023A", &b1, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_ledger_batch_add(l, "2023A", &b2, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_ledger_batch_last(l, "2023A", &last, &err), CE_OK);
    cr_assert_eq(last, 2);
    cr_assert_eq(ce_ledger_batch_last(l, "2023B", &last, &err), CE_OK);
    cr_assert_eq(last, 0);
    ce_ledger_batch got;
    int found = 0;
    cr_assert_eq(ce_ledger_batch_find(l, "2023A", -77, &got, &found, &err), CE_OK);
    cr_assert_eq(found, 1);
    cr_assert_eq(got.batch, 2);
    cr_assert_eq(got.rows, 2);
    cr_assert_eq(got.exhausted, 1);
    cr_assert_eq(got.next_seq, 127);
    cr_assert_eq(ce_ledger_batch_find(l, "2023A", 0x1234, &got, &found, &err), CE_OK);
    cr_assert_eq(got.left_fen, 441350000);
    cr_assert_eq(ce_ledger_batch_find(l, "2023B", 0x1234, &got, &found, &err), CE_OK);
    cr_assert_eq(found, 0);
    ce_ledger_close(l);
}

/* ---- batches -------------------------------------------------------------- */

static void add_some(ce_ledger *l, const char *cycle, const char *voucher_id)
{
    ce_error err = {{0}, 0, {0}};
    ce_ledger_cycle c = {10000000, 5000000, 0, 2};
    cr_assert_eq(ce_ledger_cycle_put(l, cycle, &c, &err), CE_OK, "%s", err.msg);
    ce_ledger_voucher v = voucher(voucher_id, cycle, "A1", "91370102MA3C000010", 5000000,
                                  "2023-03-01", "2023-04-30");
    cr_assert_eq(ce_ledger_voucher_add(l, &v, &err), CE_OK, "%s", err.msg);
}

Test(ledger, rollback_discards_a_batch)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *l = open_ok(path);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_begin(l, &err), CE_OK, "%s", err.msg);
    add_some(l, "2023A", "2023A-000001");
    ce_ledger_rollback(l);
    int found = 7;
    ce_ledger_cycle c;
    cr_assert_eq(ce_ledger_cycle_get(l, "2023A", &c, &found, &err), CE_OK);
    cr_assert_eq(found, 0);
    ce_ledger_close(l);

    l = open_ok(path);
    cr_assert_eq(ce_ledger_cycle_get(l, "2023A", &c, &found, &err), CE_OK);
    cr_assert_eq(found, 0);
    ce_ledger_voucher v;
    cr_assert_eq(ce_ledger_voucher_get(l, "2023A-000001", &v, &found, &err), CE_OK);
    cr_assert_eq(found, 0);
    ce_ledger_close(l);
    cr_assert_eq(count_rows(path, "cycles"), 0);
    cr_assert_eq(count_rows(path, "vouchers"), 0);
}

Test(ledger, commit_keeps_a_batch)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *l = open_ok(path);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_begin(l, &err), CE_OK);
    add_some(l, "2023A", "2023A-000001");
    /* not visible to another connection before the commit */
    cr_assert_eq(count_rows(path, "vouchers"), 0);
    cr_assert_eq(ce_ledger_commit(l, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(count_rows(path, "vouchers"), 1);
    /* a second batch rolled back leaves the first */
    cr_assert_eq(ce_ledger_begin(l, &err), CE_OK);
    add_some(l, "2023B", "2023B-000001");
    ce_ledger_rollback(l);
    ce_ledger_close(l);

    l = open_ok(path);
    int found = 0;
    ce_ledger_cycle c;
    cr_assert_eq(ce_ledger_cycle_get(l, "2023A", &c, &found, &err), CE_OK);
    cr_assert_eq(found, 1);
    cr_assert_eq(c.left_fen, 5000000);
    cr_assert_eq(ce_ledger_cycle_get(l, "2023B", &c, &found, &err), CE_OK);
    cr_assert_eq(found, 0);
    ce_ledger_close(l);
    cr_assert_eq(count_rows(path, "cycles"), 1);
    cr_assert_eq(count_rows(path, "vouchers"), 1);
}

Test(ledger, close_rolls_back_an_open_batch)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *l = open_ok(path);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_begin(l, &err), CE_OK);
    add_some(l, "2023A", "2023A-000001");
    ce_ledger_close(l);
    cr_assert_eq(count_rows(path, "cycles"), 0);
    cr_assert_eq(count_rows(path, "vouchers"), 0);
}

Test(ledger, second_writer_is_busy)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *a = open_ok(path);
    ce_ledger *b = open_ok(path);
    ce_error err = {{0}, 0, {0}};
    /* another writer holds the lock: begin waits its 5 s, then gives up */
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    cr_assert_eq(ce_ledger_begin(a, &err), CE_ERR_IO);
    cr_assert_str_eq(err.msg, "the ledger is busy (another clustereval run is writing it)");
    cr_assert_eq(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    cr_assert_eq(ce_ledger_begin(b, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_ledger_commit(b, &err), CE_OK);
    ce_ledger_close(a);
    ce_ledger_close(b);
}

/* ---- the queue ------------------------------------------------------------ */

typedef struct {
    long long key;
    const char *app_id;
    long long line;
    int payload;
} queued;

/* Reads the whole queue (sorted or in file order) and compares it with
 * want[0..n). */
static void expect_queue(ce_ledger *l, int in_file_order, const queued *want, size_t n)
{
    ce_error err = {{0}, 0, {0}};
    ce_ledger_queue_iter *it = NULL;
    cr_assert_eq(ce_ledger_queue_open(l, in_file_order, &it, &err), CE_OK, "%s", err.msg);
    for (size_t i = 0; i < n; i++) {
        int has = 0, size = 0;
        const char *app_id = NULL;
        long long line = 0;
        const void *payload = NULL;
        cr_assert_eq(ce_ledger_queue_next(it, &has, &app_id, &line, &payload, &size, &err), CE_OK);
        cr_assert_eq(has, 1, "row %zu", i);
        cr_assert_str_eq(app_id, want[i].app_id, "row %zu", i);
        cr_assert_eq(line, want[i].line, "row %zu", i);
        cr_assert_eq(size, (int)sizeof(int));
        int p;
        memcpy(&p, payload, sizeof p);
        cr_assert_eq(p, want[i].payload, "row %zu", i);
    }
    int has = 1, size = 0;
    const char *app_id = NULL;
    long long line = 0;
    const void *payload = NULL;
    cr_assert_eq(ce_ledger_queue_next(it, &has, &app_id, &line, &payload, &size, &err), CE_OK);
    cr_assert_eq(has, 0);
    ce_ledger_queue_close(it);
}

Test(ledger, queue_order)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *l = open_ok(path);
    ce_error err = {{0}, 0, {0}};
    static const queued in[] = {
        {300, "b", 2, 20}, {100, "z", 3, 30}, {300, "a", 4, 40}, {LLONG_MAX, "c", 5, 50},
        {100, "y", 6, 60}, {LLONG_MAX, "B", 7, 70}, {-5, "x", 8, 80},
    };
    /* key, then app_id bytewise ("B" < "c": upper case first) */
    static const queued sorted[] = {
        {-5, "x", 8, 80},  {100, "y", 6, 60}, {100, "z", 3, 30},        {300, "a", 4, 40},
        {300, "b", 2, 20}, {LLONG_MAX, "B", 7, 70}, {LLONG_MAX, "c", 5, 50},
    };
    const size_t n = sizeof in / sizeof *in;
    cr_assert_eq(ce_ledger_begin(l, &err), CE_OK);
    cr_assert_eq(ce_ledger_queue_reset(l, &err), CE_OK);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(ce_ledger_queue_add(l, in[i].key, in[i].app_id, in[i].line, &in[i].payload,
                                         (int)sizeof in[i].payload, &err),
                     CE_OK, "%s", err.msg);
    expect_queue(l, 0, sorted, n);
    expect_queue(l, 1, in, n);
    /* read twice: the same */
    expect_queue(l, 0, sorted, n);
    ce_ledger_queue_close(NULL);

    /* reset empties it */
    cr_assert_eq(ce_ledger_queue_reset(l, &err), CE_OK);
    expect_queue(l, 0, NULL, 0);
    expect_queue(l, 1, NULL, 0);
    ce_ledger_rollback(l);
    ce_ledger_close(l);
}

Test(ledger, queue_line_of_a_repeated_app_id)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *l = open_ok(path);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ledger_queue_reset(l, &err), CE_OK);
    long long line = -1;
    cr_assert_eq(ce_ledger_queue_line(l, "A7", &line, &err), CE_OK);
    cr_assert_eq(line, 0);
    const int p4 = 4, p5 = 5, p9 = 9;
    cr_assert_eq(ce_ledger_queue_add(l, 100, "A7", 4, &p4, (int)sizeof p4, &err), CE_OK);
    cr_assert_eq(ce_ledger_queue_add(l, 200, "A8", 5, &p5, (int)sizeof p5, &err), CE_OK);
    /* the queue takes a repeat; the caller asks for the first line */
    cr_assert_eq(ce_ledger_queue_add(l, 50, "A7", 9, &p9, (int)sizeof p9, &err), CE_OK);
    cr_assert_eq(ce_ledger_queue_line(l, "A7", &line, &err), CE_OK);
    cr_assert_eq(line, 4);
    cr_assert_eq(ce_ledger_queue_line(l, "A8", &line, &err), CE_OK);
    cr_assert_eq(line, 5);
    cr_assert_eq(ce_ledger_queue_line(l, "A9", &line, &err), CE_OK);
    cr_assert_eq(line, 0);
    static const queued sorted[] = {{50, "A7", 9, 9}, {100, "A7", 4, 4}, {200, "A8", 5, 5}};
    expect_queue(l, 0, sorted, 3);
    ce_ledger_close(l);
}

Test(ledger, queue_is_not_kept_in_the_file)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *l = open_ok(path);
    ce_error err = {{0}, 0, {0}};
    const int p = 1;
    cr_assert_eq(ce_ledger_queue_add(l, 1, "A1", 2, &p, (int)sizeof p, &err), CE_OK);
    ce_ledger_close(l);
    cr_assert_eq(query_int(path, "SELECT count(*) FROM sqlite_schema WHERE name LIKE '%queue%'"),
                 0);
    /* a new connection starts with an empty queue */
    l = open_ok(path);
    expect_queue(l, 0, NULL, 0);
    long long line = -1;
    cr_assert_eq(ce_ledger_queue_line(l, "A1", &line, &err), CE_OK);
    cr_assert_eq(line, 0);
    ce_ledger_close(l);
}

/* ---- the summary ---------------------------------------------------------- */

typedef struct {
    ce_ledger_cycle_summary s[4];
    size_t n;
} summaries;

static ce_status collect(void *ud, const ce_ledger_cycle_summary *s, ce_error *err)
{
    (void)err;
    summaries *all = ud;
    cr_assert(all->n < 4);
    all->s[all->n++] = *s;
    return CE_OK;
}

static ce_status refuse(void *ud, const ce_ledger_cycle_summary *s, ce_error *err)
{
    (void)s;
    ++*(int *)ud;
    return ce_error_set(err, CE_ERR_IO, "out.csv", 0, "cannot write");
}

Test(ledger, summarize)
{
    char path[256];
    ledger_path(path, sizeof path);
    ce_ledger *l = open_ok(path);
    ce_error err = {{0}, 0, {0}};
    /* written in reverse cycle order */
    ce_ledger_cycle b = {20000000, 20000000, 0, 1};
    cr_assert_eq(ce_ledger_cycle_put(l, "2023B", &b, &err), CE_OK);
    ce_ledger_cycle a = {50000000, 34000000, 1, 5};
    cr_assert_eq(ce_ledger_cycle_put(l, "2023A", &a, &err), CE_OK);
    ce_ledger_voucher v[] = {
        voucher("2023A-000001", "2023A", "A1", "C1", 5000000, "2023-03-01", "2023-04-30"),
        voucher("2023A-000002", "2023A", "A2", "C2", 3000000, "2023-03-02", "2023-05-01"),
        voucher("2023A-000003", "2023A", "A3", "C3", 4000000, "2023-03-03", "2023-05-02"),
        voucher("2023A-000004", "2023A", "A4", "C4", 4000000, "2023-02-01", "2023-04-02"),
    };
    for (size_t i = 0; i < 4; i++)
        cr_assert_eq(ce_ledger_voucher_add(l, &v[i], &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_ledger_voucher_redeem(l, "2023A-000003", "2023-04-01", 10000000, 3000000,
                                          &err),
                 CE_OK);
    /* expired since, but redeemed in time: counted redeemed, not expired */
    cr_assert_eq(ce_ledger_voucher_redeem(l, "2023A-000004", "2023-03-15", 5000000, 1500000,
                                          &err),
                 CE_OK);

    summaries all = {.n = 0};
    /* as of 2023-05-01: 000001 expired on 04-30; 000002 expires that day,
     * still valid */
    cr_assert_eq(ce_ledger_summarize(l, "2023-05-01", collect, &all, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(all.n, 2);
    const ce_ledger_cycle_summary *s = &all.s[0];
    cr_assert_str_eq(s->cycle, "2023A");
    cr_assert_eq(s->pool_fen, 50000000);
    cr_assert_eq(s->left_fen, 34000000);
    cr_assert_eq(s->issued, 4);
    cr_assert_eq(s->issued_fen, 16000000);
    cr_assert_eq(s->redeemed, 2);
    cr_assert_eq(s->paid_fen, 4500000);
    cr_assert_eq(s->expired, 1);
    cr_assert_eq(s->outstanding, 1);
    s = &all.s[1];
    cr_assert_str_eq(s->cycle, "2023B");
    cr_assert_eq(s->pool_fen, 20000000);
    cr_assert_eq(s->left_fen, 20000000);
    cr_assert_eq(s->issued, 0);
    cr_assert_eq(s->issued_fen, 0);
    cr_assert_eq(s->redeemed, 0);
    cr_assert_eq(s->paid_fen, 0);
    cr_assert_eq(s->expired, 0);
    cr_assert_eq(s->outstanding, 0);

    /* a day later 000002 has expired too; earlier nothing had */
    all.n = 0;
    cr_assert_eq(ce_ledger_summarize(l, "2023-05-02", collect, &all, &err), CE_OK);
    cr_assert_eq(all.s[0].expired, 2);
    cr_assert_eq(all.s[0].outstanding, 0);
    all.n = 0;
    cr_assert_eq(ce_ledger_summarize(l, "2023-03-10", collect, &all, &err), CE_OK);
    cr_assert_eq(all.s[0].expired, 0);
    cr_assert_eq(all.s[0].outstanding, 2);

    /* the callback's error stops the walk and is returned */
    int calls = 0;
    cr_assert_eq(ce_ledger_summarize(l, "2023-05-01", refuse, &calls, &err), CE_ERR_IO);
    cr_assert_eq(calls, 1);
    cr_assert_str_eq(err.msg, "cannot write");
    ce_ledger_close(l);

    /* an empty ledger: no call */
    char empty[256];
    ce_test_path(empty, sizeof empty, ce_test_dir, "empty.db");
    l = open_ok(empty);
    calls = 0;
    cr_assert_eq(ce_ledger_summarize(l, "2023-05-01", refuse, &calls, &err), CE_OK);
    cr_assert_eq(calls, 0);
    ce_ledger_close(l);
}
