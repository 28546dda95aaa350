/* ledger.c - see ledger.h. One SQLite connection, its statements prepared
 * once; every call binds, steps and resets. */
#define _DEFAULT_SOURCE 1 /* flock(2) */
#include "clustereval/ledger.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define SCHEMA_VERSION 4

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS cycles("
    "  cycle TEXT PRIMARY KEY, pool_fen INTEGER NOT NULL, left_fen INTEGER NOT NULL,"
    "  exhausted INTEGER NOT NULL, next_seq INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS vouchers("
    /* a rowid table: its unique indexes then hold 8-byte rowids, not ids */
    "  voucher_id TEXT NOT NULL UNIQUE, cycle TEXT NOT NULL, app_id TEXT NOT NULL,"
    "  credit_code TEXT NOT NULL, name TEXT NOT NULL, service TEXT NOT NULL,"
    "  voucher_type TEXT NOT NULL, size TEXT NOT NULL, reasons TEXT NOT NULL,"
    "  face_fen INTEGER NOT NULL, pool_left_fen INTEGER NOT NULL,"
    "  issued_on TEXT NOT NULL, expires_at TEXT NOT NULL,"
    "  redeemed_on TEXT NOT NULL DEFAULT '', contract_fen INTEGER NOT NULL DEFAULT 0,"
    "  subsidy_fen INTEGER NOT NULL DEFAULT 0, batch INTEGER NOT NULL,"
    "  row_digest INTEGER NOT NULL,"
    "  UNIQUE(cycle, credit_code), UNIQUE(cycle, app_id));"
    "CREATE TABLE IF NOT EXISTS batches("
    "  cycle TEXT NOT NULL, batch INTEGER NOT NULL, digest INTEGER NOT NULL,"
    "  rows INTEGER NOT NULL, left_fen INTEGER NOT NULL, exhausted INTEGER NOT NULL,"
    "  next_seq INTEGER NOT NULL, PRIMARY KEY(cycle, batch)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS batches_digest ON batches(cycle, digest);";

static const char queue_sql[] =
    /* Appended in file order; read back in that order when it is already the
     * queue order, else sorted once (SQLite's external merge sort, in
     * bounded memory). */
    "CREATE TEMP TABLE IF NOT EXISTS queue("
    "  key INTEGER NOT NULL, app_id TEXT NOT NULL, line INTEGER NOT NULL,"
    "  payload BLOB NOT NULL);"
    "DELETE FROM temp.queue;";

enum {
    S_CYCLE_GET,
    S_CYCLE_PUT,
    S_HOLDS,
    S_VOUCHER_ADD,
    S_VOUCHER_GET,
    S_VOUCHER_OF_APP,
    S_VOUCHER_REDEEM,
    S_VOUCHER_KEYS,
    S_BATCH_FIND,
    S_BATCH_LAST,
    S_BATCH_ADD,
    S_QUEUE_ADD,
    S_QUEUE_LINE,
    S_QUEUE_SORTED,
    S_QUEUE_IN_ORDER,
    N_STMTS
};

#define VOUCHER_COLUMNS                                                                   \
    "voucher_id, cycle, app_id, credit_code, name, service, voucher_type, size, reasons," \
    " face_fen, pool_left_fen, issued_on, expires_at, redeemed_on, contract_fen, subsidy_fen," \
    " batch, row_digest"

static const char *const stmt_sql[N_STMTS] = {
    [S_CYCLE_GET] = "SELECT pool_fen, left_fen, exhausted, next_seq FROM cycles WHERE cycle=?1",
    [S_CYCLE_PUT] = "INSERT OR REPLACE INTO cycles VALUES(?1,?2,?3,?4,?5)",
    [S_HOLDS] = "SELECT 1 FROM vouchers WHERE cycle=?1 AND credit_code=?2 AND batch<=?3",
    [S_VOUCHER_ADD] = "INSERT INTO vouchers VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,"
                      "'',0,0,?14,?15)",
    [S_VOUCHER_KEYS] = "SELECT app_id, credit_code, batch FROM vouchers WHERE cycle=?1",
    [S_BATCH_FIND] = "SELECT batch, rows, left_fen, exhausted, next_seq FROM batches"
                     " WHERE cycle=?1 AND digest=?2 ORDER BY batch LIMIT 1",
    [S_BATCH_LAST] = "SELECT coalesce(max(batch), 0) FROM batches WHERE cycle=?1",
    [S_BATCH_ADD] = "INSERT INTO batches VALUES(?1,?2,?3,?4,?5,?6,?7)",
    [S_VOUCHER_GET] = "SELECT " VOUCHER_COLUMNS " FROM vouchers WHERE voucher_id=?1",
    [S_VOUCHER_OF_APP] = "SELECT " VOUCHER_COLUMNS " FROM vouchers WHERE cycle=?1 AND app_id=?2",
    [S_VOUCHER_REDEEM] = "UPDATE vouchers SET redeemed_on=?2, contract_fen=?3, subsidy_fen=?4"
                         " WHERE voucher_id=?1 AND redeemed_on=''",
    [S_QUEUE_ADD] = "INSERT INTO temp.queue VALUES(?1,?2,?3,?4)",
    [S_QUEUE_LINE] = "SELECT min(line) FROM temp.queue WHERE app_id=?1",
    [S_QUEUE_SORTED] = "SELECT app_id, line, payload FROM temp.queue ORDER BY key, app_id",
    [S_QUEUE_IN_ORDER] = "SELECT app_id, line, payload FROM temp.queue ORDER BY rowid",
};

struct ce_ledger {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *stmt[N_STMTS];
    int in_batch;
    int may_create; /* ce_ledger_open: the file is created when missing */
    int created;    /* this connection created the file (O_EXCL) */
    int committed;  /* a batch of this connection was committed */
    int fd;         /* the file, held open under a shared flock */
    struct stat id; /* its st_dev and st_ino */
};

struct ce_ledger_queue_iter {
    ce_ledger *l;
    sqlite3_stmt *st;
};

/* The error of the last call on l's connection. */
static ce_status db_error(ce_ledger *l, int rc, const char *what, ce_error *err)
{
    ce_status st = rc == SQLITE_NOMEM                         ? CE_ERR_IO
                   : rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT ? CE_ERR_DATA
                                                               : CE_ERR_IO;
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return ce_error_set(err, CE_ERR_IO, l->path, 0,
                            "the ledger is busy (another clustereval run is writing it)");
    return ce_error_set(err, st, l->path, 0, "ledger: %s: %s", what,
                        l->db ? sqlite3_errmsg(l->db) : sqlite3_errstr(rc));
}

static ce_status exec(ce_ledger *l, const char *sql, const char *what, ce_error *err)
{
    int rc = sqlite3_exec(l->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? CE_OK : db_error(l, rc, what, err);
}

/* Sets *out to the single integer sql returns. */
static ce_status query_int(ce_ledger *l, const char *sql, long long *out, ce_error *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(l->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return db_error(l, rc, "reading the schema", err);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? CE_OK : db_error(l, rc, "reading the schema", err);
}

/* The objects of a ledger's schema, as sqlite_schema lists them. */
static const char schema_rows_sql[] =
    "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema ORDER BY rowid";
static const char schema_match_sql[] =
    "SELECT rootpage IS ?4 AND sql IS ?5 FROM sqlite_schema"
    " WHERE type=?1 AND name=?2 AND tbl_name=?3";

/* The first object of a's schema that b has not with the same table, root
 * page and SQL text: *found, and its type, name and whether b has an object
 * of that name at all (*same_name) in the message buffers. */
static int schema_difference(sqlite3 *a, sqlite3 *b, char *type, char *name, size_t cap,
                             int *same_name, int *rc_out)
{
    sqlite3_stmt *rows = NULL, *match = NULL;
    int found = 0;
    int rc = sqlite3_prepare_v2(a, schema_rows_sql, -1, &rows, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(b, schema_match_sql, -1, &match, NULL);
    while (rc == SQLITE_OK && !found) {
        rc = sqlite3_step(rows);
        if (rc != SQLITE_ROW)
            break;
        rc = SQLITE_OK;
        sqlite3_reset(match);
        for (int i = 0; i < 5; i++)
            sqlite3_bind_value(match, i + 1, sqlite3_column_value(rows, i));
        int m = sqlite3_step(match);
        if (m == SQLITE_ROW && sqlite3_column_int(match, 0))
            continue;
        if (m != SQLITE_ROW && m != SQLITE_DONE) {
            rc = m;
            break;
        }
        found = 1;
        *same_name = m == SQLITE_ROW;
        const unsigned char *t = sqlite3_column_text(rows, 0), *n = sqlite3_column_text(rows, 1);
        snprintf(type, cap, "%s", t ? (const char *)t : "?");
        snprintf(name, cap, "%s", n ? (const char *)n : "");
    }
    if (rc == SQLITE_DONE || rc == SQLITE_ROW)
        rc = SQLITE_OK;
    sqlite3_finalize(rows);
    sqlite3_finalize(match);
    *rc_out = rc;
    return found;
}

/* Checks that the ledger's schema is, object for object (every table,
 * index, trigger and view, with its root page and SQL text), the one
 * ce_ledger_open creates: a trigger, view or index planted in the file
 * would change what a batch does. */
static ce_status compare_schema(ce_ledger *l, ce_error *err)
{
    sqlite3 *ref = NULL;
    int rc = sqlite3_open_v2(":memory:", &ref, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(ref, schema_sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_close(ref);
        return rc == SQLITE_NOMEM ? ce_error_nomem(err)
                                  : ce_error_set(err, CE_ERR_IO, l->path, 0,
                                                 "ledger: building the reference schema: %s",
                                                 sqlite3_errstr(rc));
    }
    char type[64], name[256], quoted[256];
    int same_name = 0, rc2 = SQLITE_OK;
    ce_status st = CE_OK;
    if (schema_difference(l->db, ref, type, name, sizeof name, &same_name, &rc2))
        st = ce_error_set(err, CE_ERR_DATA, l->path, 0,
                          same_name ? "not a clustereval voucher ledger: %s \"%s\" differs from "
                                      "the one clustereval creates; the ledger is refused and "
                                      "left unchanged"
                                    : "not a clustereval voucher ledger: it has a foreign %s "
                                      "\"%s\", which clustereval does not create; the ledger is "
                                      "refused and left unchanged",
                          type, ce_error_quote(name, strlen(name), quoted, sizeof quoted));
    else if (rc2 == SQLITE_OK &&
             schema_difference(ref, l->db, type, name, sizeof name, &same_name, &rc2))
        st = ce_error_set(err, CE_ERR_DATA, l->path, 0,
                          "not a clustereval voucher ledger: %s \"%s\" is missing; the ledger is "
                          "refused and left unchanged",
                          type, ce_error_quote(name, strlen(name), quoted, sizeof quoted));
    sqlite3_close(ref);
    if (st == CE_OK && rc2 != SQLITE_OK)
        st = db_error(l, rc2, "reading the schema", err);
    return st;
}

/* Checks, inside a transaction, that the database is a clustereval ledger
 * of this schema; an empty database becomes one when l may create. */
static ce_status check_schema(ce_ledger *l, ce_error *err)
{
    long long version = -1, tables = -1, ours = -1, objects = -1;
    ce_status st = query_int(l, "PRAGMA user_version", &version, err);
    if (st == CE_OK)
        st = query_int(l, "SELECT count(*) FROM sqlite_schema WHERE type='table'", &tables, err);
    if (st == CE_OK)
        st = query_int(l, "SELECT count(*) FROM sqlite_schema WHERE type='table' AND"
                          " name IN ('cycles','vouchers','batches')", &ours, err);
    if (st == CE_OK)
        st = query_int(l, "SELECT count(*) FROM sqlite_schema", &objects, err);
    if (st != CE_OK)
        return st;
    if (version == SCHEMA_VERSION && ours == 3)
        return compare_schema(l, err);
    if (version > SCHEMA_VERSION && ours == 3)
        return ce_error_set(err, CE_ERR_DATA, l->path, 0,
                            "a voucher ledger of a newer clustereval (schema version %lld; this "
                            "clustereval reads version %d): use that version, the ledger is "
                            "left unchanged",
                            version, SCHEMA_VERSION);
    if (version >= 1 && version < SCHEMA_VERSION && ours == 3)
        return ce_error_set(err, CE_ERR_DATA, l->path, 0,
                            "a voucher ledger of an older clustereval (schema version %lld; this "
                            "clustereval reads version %d): finish its cycles with that "
                            "version, or give a new --ledger for a new cycle; the ledger is "
                            "left unchanged",
                            version, SCHEMA_VERSION);
    if (version != 0 || objects != 0)
        return ce_error_set(err, CE_ERR_DATA, l->path, 0,
                            "not a clustereval voucher ledger (schema version %lld, %lld "
                            "table(s); this clustereval writes version %d)",
                            version, tables, SCHEMA_VERSION);
    if (!l->may_create)
        return ce_error_set(err, CE_ERR_DATA, l->path, 0,
                            "not a clustereval voucher ledger (an empty database: vouchers are "
                            "issued into a ledger by voucher issue)");
    char sql[sizeof schema_sql + 64];
    snprintf(sql, sizeof sql, "%sPRAGMA user_version=%d;", schema_sql, SCHEMA_VERSION);
    return exec(l, sql, "creating the tables", err);
}

/* Whether the path still names the file l holds open. */
static int names_our_file(const ce_ledger *l)
{
    struct stat sb;
    return stat(l->path, &sb) == 0 && sb.st_dev == l->id.st_dev && sb.st_ino == l->id.st_ino;
}

/* SQLite's defences for a database file that may come from anyone
 * (https://www.sqlite.org/security.html): no schema-defined SQL runs with
 * trust, no trigger fires and no view is read (the ledger has none), no
 * extension loads, the schema cannot be written around SQLite's checks,
 * and damaged cells are caught as they are read. */
static ce_status harden(ce_ledger *l, ce_error *err)
{
    static const struct {
        int op, value;
    } config[] = {
        {SQLITE_DBCONFIG_DEFENSIVE, 1},      {SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0},
        {SQLITE_DBCONFIG_ENABLE_TRIGGER, 0}, {SQLITE_DBCONFIG_ENABLE_VIEW, 0},
        {SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0}, {SQLITE_DBCONFIG_DQS_DDL, 0},
        {SQLITE_DBCONFIG_DQS_DML, 0},
    };
    for (size_t i = 0; i < sizeof config / sizeof *config; i++) {
        int now = -1;
        int rc = sqlite3_db_config(l->db, config[i].op, config[i].value, &now);
        if (rc != SQLITE_OK || now != config[i].value)
            return ce_error_set(err, CE_ERR_IO, l->path, 0,
                                "ledger: this SQLite (%s) cannot be configured defensively "
                                "(option %d)",
                                sqlite3_libversion(), config[i].op);
    }
    return exec(l, "PRAGMA trusted_schema=OFF; PRAGMA cell_size_check=ON; PRAGMA mmap_size=0;",
                "setting up", err);
}

/* Closes the SQLite connection and the file; l can connect again. */
static void disconnect(ce_ledger *l)
{
    for (int i = 0; i < N_STMTS; i++) {
        sqlite3_finalize(l->stmt[i]);
        l->stmt[i] = NULL;
    }
    sqlite3_close(l->db);
    l->db = NULL;
    if (l->fd >= 0)
        close(l->fd);
    l->fd = -1;
    l->created = 0;
}

/* Opens the file and holds it open with a shared flock(2), creating it
 * (O_EXCL) when missing and l may create; then the SQLite connection on it.
 * The shared lock is what keeps a failed run that created the file from
 * removing it while another run has it open (ce_ledger_discard). *moved when
 * the path stopped naming the file before the lock was held: try again. */
static ce_status open_file(ce_ledger *l, int *moved, ce_error *err)
{
    *moved = 0;
    int fd = open(l->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0 && errno == ENOENT && l->may_create) {
        fd = open(l->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_CREAT | O_EXCL, 0644);
        if (fd >= 0)
            l->created = 1;
        else if (errno == EEXIST) { /* another run created it first */
            *moved = 1;
            return CE_OK;
        }
    }
    if (fd < 0)
        return errno == ENOENT && !l->may_create
                   ? ce_error_set(err, CE_ERR_IO, l->path, 0,
                                  "no such ledger (vouchers are issued into it by voucher issue)")
                   : ce_error_set(err, CE_ERR_IO, l->path, 0, "cannot open the ledger: %s",
                                  strerror(errno));
    l->fd = fd;
    /* A ledger is a regular file: SQLite on /dev/null or a FIFO would lose
     * every batch (and put its journal file beside the device). */
    if (fstat(fd, &l->id) != 0)
        return ce_error_set(err, CE_ERR_IO, l->path, 0, "cannot open the ledger: %s",
                            strerror(errno));
    if (!S_ISREG(l->id.st_mode))
        return ce_error_set(err, CE_ERR_IO, l->path, 0,
                            "cannot use as the ledger: not a regular file");
    int rc;
    while ((rc = flock(fd, LOCK_SH)) != 0 && errno == EINTR)
        ;
    if (rc != 0)
        return ce_error_set(err, CE_ERR_IO, l->path, 0, "cannot lock the ledger: %s",
                            strerror(errno));
    if (!names_our_file(l)) { /* removed by the run that created it */
        *moved = 1;
        return CE_OK;
    }
    rc = sqlite3_open_v2(l->path, &l->db, SQLITE_OPEN_READWRITE, NULL);
    if (rc != SQLITE_OK)
        return ce_error_set(err, CE_ERR_IO, l->path, 0, "cannot open the ledger: %s",
                            l->db ? sqlite3_errmsg(l->db) : sqlite3_errstr(rc));
    if (!names_our_file(l)) { /* SQLite may have opened another file */
        *moved = 1;
        return CE_OK;
    }
    sqlite3_busy_timeout(l->db, 5000);
    sqlite3_extended_result_codes(l->db, 0);
    ce_status st = harden(l, err);
    /* Rollback journal, fully synced at commit: a batch is all or nothing
     * across a kill or a power cut. A 16 MB page cache (a second sorter
     * thread gained 2 % for twice the memory). */
    if (st == CE_OK)
        st = exec(l, "PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL;"
                     "PRAGMA foreign_keys=OFF; PRAGMA cache_size=-16384; PRAGMA threads=2;",
                  "setting up", err);
    return st;
}

/* Opens the ledger, checks (or creates) its schema under the write lock,
 * prepares the statements. */
static ce_status connect_ledger(ce_ledger *l, ce_error *err)
{
    for (int attempt = 0; attempt < 100; attempt++) {
        int moved = 0;
        ce_status st = open_file(l, &moved, err);
        if (st != CE_OK)
            return st;
        if (moved) {
            disconnect(l);
            continue;
        }
        st = exec(l, l->may_create ? "BEGIN IMMEDIATE" : "BEGIN", "starting to read", err);
        if (st == CE_OK) {
            st = check_schema(l, err);
            if (st == CE_OK)
                st = exec(l, "COMMIT", "creating the tables", err);
            if (st != CE_OK)
                sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
        }
        for (int i = 0; st == CE_OK && i < N_STMTS; i++) {
            if (i == S_QUEUE_ADD) { /* the TEMP table must exist to prepare these */
                st = exec(l, queue_sql, "creating the queue", err);
                if (st != CE_OK)
                    break;
            }
            int rc = sqlite3_prepare_v3(l->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                                        &l->stmt[i], NULL);
            if (rc != SQLITE_OK)
                st = db_error(l, rc, "preparing a statement", err);
        }
        return st;
    }
    return ce_error_set(err, CE_ERR_IO, l->path, 0,
                        "cannot open the ledger: it keeps being created and removed");
}

void ce_ledger_close(ce_ledger *l)
{
    if (!l)
        return;
    if (l->in_batch)
        ce_ledger_rollback(l);
    disconnect(l);
    free(l->path);
    free(l);
}

/* Whether the ledger holds nothing: no schema object, or the ledger's
 * schema with no row in any table. */
static int holds_nothing(ce_ledger *l)
{
    ce_error e = {{0}, 0, {0}};
    long long objects = -1, rows = -1;
    if (query_int(l, "SELECT count(*) FROM sqlite_schema", &objects, &e) != CE_OK)
        return 0;
    if (objects == 0)
        return 1;
    return compare_schema(l, &e) == CE_OK &&
           query_int(l, "SELECT (SELECT count(*) FROM cycles) + (SELECT count(*) FROM vouchers)"
                        " + (SELECT count(*) FROM batches)", &rows, &e) == CE_OK &&
           rows == 0;
}

void ce_ledger_discard(ce_ledger *l)
{
    if (!l)
        return;
    if (l->in_batch)
        ce_ledger_rollback(l);
    /* Only the file this connection created, that no other run has open
     * (an exclusive flock: every run holds a shared one while it has the
     * file open), under SQLite's exclusive lock, still at its path, holding
     * no committed batch. No journal is touched: this connection has
     * written nothing since its last commit, so it has none, and a journal
     * beside the file is another program's. */
    if (l->created && !l->committed && l->db && l->fd >= 0 &&
        flock(l->fd, LOCK_EX | LOCK_NB) == 0) {
        if (sqlite3_exec(l->db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) == SQLITE_OK) {
            if (names_our_file(l) && holds_nothing(l))
                unlink(l->path);
            sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
        }
    }
    ce_ledger_close(l);
}

static ce_status open_ledger(const char *path, int may_create, ce_ledger **out, ce_error *err)
{
    ce_ledger *l = calloc(1, sizeof *l);
    if (!l || !(l->path = strdup(path))) {
        free(l);
        return ce_error_nomem(err);
    }
    l->fd = -1;
    l->may_create = may_create;
    ce_status st = connect_ledger(l, err);
    if (st != CE_OK) {
        ce_ledger_discard(l);
        return st;
    }
    *out = l;
    return CE_OK;
}

ce_status ce_ledger_open(const char *path, ce_ledger **out, ce_error *err)
{
    return open_ledger(path, 1, out, err);
}

ce_status ce_ledger_open_existing(const char *path, ce_ledger **out, ce_error *err)
{
    return open_ledger(path, 0, out, err);
}

int ce_ledger_committed(const ce_ledger *l)
{
    return l && l->committed;
}

ce_status ce_ledger_begin(ce_ledger *l, ce_error *err)
{
    ce_status st = exec(l, "BEGIN IMMEDIATE", "starting the batch", err);
    if (st != CE_OK)
        return st;
    /* Under the lock: still the file at the path, still the ledger's schema
     * (another program may have changed either since the ledger was opened). */
    if (!names_our_file(l))
        st = ce_error_set(err, CE_ERR_IO, l->path, 0,
                          "the ledger was moved or removed while this run had it open; "
                          "nothing was written");
    if (st == CE_OK)
        st = compare_schema(l, err);
    if (st != CE_OK) {
        sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    l->in_batch = 1;
    return CE_OK;
}

ce_status ce_ledger_commit(ce_ledger *l, ce_error *err)
{
    ce_status st = exec(l, "COMMIT", "committing the batch", err);
    if (st != CE_OK)
        ce_ledger_rollback(l);
    else
        l->committed = 1;
    l->in_batch = 0;
    return st;
}

void ce_ledger_rollback(ce_ledger *l)
{
    for (int i = 0; i < N_STMTS; i++)
        sqlite3_reset(l->stmt[i]);
    sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
    l->in_batch = 0;
}

/* ---- statements ------------------------------------------------------------ */

static sqlite3_stmt *use(ce_ledger *l, int which)
{
    sqlite3_stmt *st = l->stmt[which];
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
}

static void bind_text(sqlite3_stmt *st, int i, const char *text)
{
    sqlite3_bind_text(st, i, text ? text : "", -1, SQLITE_STATIC);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

/* Steps a statement that returns no row. */
static ce_status step_done(ce_ledger *l, sqlite3_stmt *st, const char *what, ce_error *err)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE)
        return CE_OK;
    ce_status s = db_error(l, rc, what, err);
    sqlite3_reset(st);
    return s;
}

/* Steps a statement that returns at most one row: *found. */
static ce_status step_row(ce_ledger *l, sqlite3_stmt *st, int *found, const char *what,
                          ce_error *err)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
        *found = rc == SQLITE_ROW;
        return CE_OK;
    }
    ce_status s = db_error(l, rc, what, err);
    sqlite3_reset(st);
    return s;
}

/* ---- cycles ---------------------------------------------------------------- */

ce_status ce_ledger_cycle_get(ce_ledger *l, const char *cycle, ce_ledger_cycle *out,
                              int *found, ce_error *err)
{
    sqlite3_stmt *st = use(l, S_CYCLE_GET);
    bind_text(st, 1, cycle);
    ce_status s = step_row(l, st, found, "reading the cycle", err);
    if (s == CE_OK && *found) {
        out->pool_fen = sqlite3_column_int64(st, 0);
        out->left_fen = sqlite3_column_int64(st, 1);
        out->exhausted = sqlite3_column_int(st, 2);
        out->next_seq = sqlite3_column_int64(st, 3);
    }
    return s;
}

ce_status ce_ledger_cycle_put(ce_ledger *l, const char *cycle, const ce_ledger_cycle *c,
                              ce_error *err)
{
    sqlite3_stmt *st = use(l, S_CYCLE_PUT);
    bind_text(st, 1, cycle);
    sqlite3_bind_int64(st, 2, c->pool_fen);
    sqlite3_bind_int64(st, 3, c->left_fen);
    sqlite3_bind_int(st, 4, c->exhausted);
    sqlite3_bind_int64(st, 5, c->next_seq);
    return step_done(l, st, "writing the cycle", err);
}

/* ---- vouchers -------------------------------------------------------------- */

ce_status ce_ledger_holds_voucher(ce_ledger *l, const char *cycle, const char *credit_code,
                                  long long up_to_batch, int *holds, ce_error *err)
{
    sqlite3_stmt *st = use(l, S_HOLDS);
    bind_text(st, 1, cycle);
    bind_text(st, 2, credit_code);
    sqlite3_bind_int64(st, 3, up_to_batch);
    return step_row(l, st, holds, "looking up a voucher holder", err);
}

ce_status ce_ledger_voucher_add(ce_ledger *l, const ce_ledger_voucher *v, ce_error *err)
{
    sqlite3_stmt *st = use(l, S_VOUCHER_ADD);
    const char *text[] = {v->voucher_id, v->cycle, v->app_id, v->credit_code, v->name,
                          v->service, v->voucher_type, v->size, v->reasons};
    for (int i = 0; i < 9; i++)
        bind_text(st, i + 1, text[i]);
    sqlite3_bind_int64(st, 10, v->face_fen);
    sqlite3_bind_int64(st, 11, v->pool_left_fen);
    bind_text(st, 12, v->issued_on);
    bind_text(st, 13, v->expires_at);
    sqlite3_bind_int64(st, 14, v->batch);
    sqlite3_bind_int64(st, 15, v->row_digest);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE)
        return CE_OK;
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT)
        return ce_error_set(err, CE_ERR_DATA, l->path, 0,
                            "voucher \"%s\": the ledger has this voucher, application or "
                            "holder in cycle \"%s\" already", v->voucher_id, v->cycle);
    return db_error(l, rc, "recording a voucher", err);
}

/* Reads a voucher row (VOUCHER_COLUMNS) of st into out. */
static void read_voucher(sqlite3_stmt *st, ce_ledger_voucher *out)
{
    const char **text[] = {&out->voucher_id, &out->cycle, &out->app_id, &out->credit_code,
                           &out->name, &out->service, &out->voucher_type, &out->size,
                           &out->reasons};
    for (int i = 0; i < 9; i++)
        *text[i] = col_text(st, i);
    out->face_fen = sqlite3_column_int64(st, 9);
    out->pool_left_fen = sqlite3_column_int64(st, 10);
    out->issued_on = col_text(st, 11);
    out->expires_at = col_text(st, 12);
    out->redeemed_on = col_text(st, 13);
    out->contract_fen = sqlite3_column_int64(st, 14);
    out->subsidy_fen = sqlite3_column_int64(st, 15);
    out->batch = sqlite3_column_int64(st, 16);
    out->row_digest = sqlite3_column_int64(st, 17);
}

ce_status ce_ledger_voucher_get(ce_ledger *l, const char *voucher_id, ce_ledger_voucher *out,
                                int *found, ce_error *err)
{
    sqlite3_stmt *st = use(l, S_VOUCHER_GET);
    bind_text(st, 1, voucher_id);
    ce_status s = step_row(l, st, found, "reading a voucher", err);
    if (s == CE_OK && *found)
        read_voucher(st, out);
    return s;
}

ce_status ce_ledger_voucher_of_app(ce_ledger *l, const char *cycle, const char *app_id,
                                   ce_ledger_voucher *out, int *found, ce_error *err)
{
    sqlite3_stmt *st = use(l, S_VOUCHER_OF_APP);
    bind_text(st, 1, cycle);
    bind_text(st, 2, app_id);
    ce_status s = step_row(l, st, found, "reading a voucher", err);
    if (s == CE_OK && *found)
        read_voucher(st, out);
    return s;
}

ce_status ce_ledger_voucher_redeem(ce_ledger *l, const char *voucher_id,
                                   const char *redeemed_on, long long contract_fen,
                                   long long subsidy_fen, ce_error *err)
{
    sqlite3_stmt *st = use(l, S_VOUCHER_REDEEM);
    bind_text(st, 1, voucher_id);
    bind_text(st, 2, redeemed_on);
    sqlite3_bind_int64(st, 3, contract_fen);
    sqlite3_bind_int64(st, 4, subsidy_fen);
    ce_status s = step_done(l, st, "recording a redemption", err);
    if (s == CE_OK && sqlite3_changes(l->db) != 1)
        return ce_error_set(err, CE_ERR_DATA, l->path, 0,
                            "voucher \"%s\" is unknown or already redeemed", voucher_id);
    return s;
}

ce_status ce_ledger_voucher_keys(ce_ledger *l, const char *cycle,
                                 ce_status (*fn)(void *ud, const char *app_id,
                                                 const char *credit_code, long long batch,
                                                 ce_error *err),
                                 void *ud, ce_error *err)
{
    sqlite3_stmt *st = use(l, S_VOUCHER_KEYS);
    bind_text(st, 1, cycle);
    int rc;
    ce_status s = CE_OK;
    while (s == CE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
        s = fn(ud, col_text(st, 0), col_text(st, 1), sqlite3_column_int64(st, 2), err);
    if (s == CE_OK && rc != SQLITE_DONE)
        s = db_error(l, rc, "reading the vouchers", err);
    sqlite3_reset(st);
    return s;
}

/* ---- batches --------------------------------------------------------------- */

ce_status ce_ledger_batch_find(ce_ledger *l, const char *cycle, long long digest,
                               ce_ledger_batch *out, int *found, ce_error *err)
{
    sqlite3_stmt *st = use(l, S_BATCH_FIND);
    bind_text(st, 1, cycle);
    sqlite3_bind_int64(st, 2, digest);
    ce_status s = step_row(l, st, found, "reading the batches", err);
    if (s == CE_OK && *found) {
        out->batch = sqlite3_column_int64(st, 0);
        out->digest = digest;
        out->rows = sqlite3_column_int64(st, 1);
        out->left_fen = sqlite3_column_int64(st, 2);
        out->exhausted = sqlite3_column_int(st, 3);
        out->next_seq = sqlite3_column_int64(st, 4);
    }
    return s;
}

ce_status ce_ledger_batch_last(ce_ledger *l, const char *cycle, long long *batch,
                               ce_error *err)
{
    sqlite3_stmt *st = use(l, S_BATCH_LAST);
    bind_text(st, 1, cycle);
    int found = 0;
    ce_status s = step_row(l, st, &found, "reading the batches", err);
    *batch = s == CE_OK && found ? sqlite3_column_int64(st, 0) : 0;
    return s;
}

ce_status ce_ledger_batch_add(ce_ledger *l, const char *cycle, const ce_ledger_batch *b,
                              ce_error *err)
{
    sqlite3_stmt *st = use(l, S_BATCH_ADD);
    bind_text(st, 1, cycle);
    sqlite3_bind_int64(st, 2, b->batch);
    sqlite3_bind_int64(st, 3, b->digest);
    sqlite3_bind_int64(st, 4, b->rows);
    sqlite3_bind_int64(st, 5, b->left_fen);
    sqlite3_bind_int(st, 6, b->exhausted);
    sqlite3_bind_int64(st, 7, b->next_seq);
    return step_done(l, st, "recording the batch", err);
}

/* ---- the queue ------------------------------------------------------------- */

ce_status ce_ledger_queue_reset(ce_ledger *l, ce_error *err)
{
    return exec(l, "DELETE FROM temp.queue", "clearing the queue", err);
}

ce_status ce_ledger_queue_add(ce_ledger *l, long long key, const char *app_id,
                              long long line, const void *payload, int payload_size,
                              ce_error *err)
{
    sqlite3_stmt *st = use(l, S_QUEUE_ADD);
    sqlite3_bind_int64(st, 1, key);
    bind_text(st, 2, app_id);
    sqlite3_bind_int64(st, 3, line);
    sqlite3_bind_blob(st, 4, payload, payload_size, SQLITE_STATIC);
    return step_done(l, st, "queueing an application", err);
}

ce_status ce_ledger_queue_line(ce_ledger *l, const char *app_id, long long *line, ce_error *err)
{
    sqlite3_stmt *st = use(l, S_QUEUE_LINE);
    bind_text(st, 1, app_id);
    int found = 0;
    ce_status s = step_row(l, st, &found, "reading the queue", err);
    *line = s == CE_OK && found ? sqlite3_column_int64(st, 0) : 0;
    return s;
}

ce_status ce_ledger_queue_open(ce_ledger *l, int in_file_order, ce_ledger_queue_iter **out,
                               ce_error *err)
{
    ce_ledger_queue_iter *it = malloc(sizeof *it);
    if (!it)
        return ce_error_nomem(err);
    it->l = l;
    it->st = use(l, in_file_order ? S_QUEUE_IN_ORDER : S_QUEUE_SORTED);
    *out = it;
    return CE_OK;
}

ce_status ce_ledger_queue_next(ce_ledger_queue_iter *it, int *has, const char **app_id,
                               long long *line, const void **payload, int *payload_size,
                               ce_error *err)
{
    int rc = sqlite3_step(it->st);
    if (rc == SQLITE_DONE) {
        *has = 0;
        return CE_OK;
    }
    if (rc != SQLITE_ROW)
        return db_error(it->l, rc, "reading the queue", err);
    *has = 1;
    *app_id = col_text(it->st, 0);
    *line = sqlite3_column_int64(it->st, 1);
    *payload = sqlite3_column_blob(it->st, 2);
    *payload_size = sqlite3_column_bytes(it->st, 2);
    return CE_OK;
}

void ce_ledger_queue_close(ce_ledger_queue_iter *it)
{
    if (!it)
        return;
    sqlite3_reset(it->st);
    free(it);
}

/* ---- reporting ------------------------------------------------------------- */

ce_status ce_ledger_summarize(ce_ledger *l, const char *as_of,
                              ce_status (*fn)(void *ud, const ce_ledger_cycle_summary *s,
                                              ce_error *err),
                              void *ud, ce_error *err)
{
    static const char sql[] =
        "SELECT c.cycle, c.pool_fen, c.left_fen,"
        " (SELECT count(*) FROM vouchers v WHERE v.cycle=c.cycle),"
        " (SELECT coalesce(sum(face_fen),0) FROM vouchers v WHERE v.cycle=c.cycle),"
        " (SELECT count(*) FROM vouchers v WHERE v.cycle=c.cycle AND redeemed_on<>''),"
        " (SELECT coalesce(sum(subsidy_fen),0) FROM vouchers v WHERE v.cycle=c.cycle),"
        " (SELECT count(*) FROM vouchers v WHERE v.cycle=c.cycle AND redeemed_on=''"
        "   AND expires_at<?1),"
        " (SELECT count(*) FROM vouchers v WHERE v.cycle=c.cycle AND redeemed_on=''"
        "   AND expires_at>=?1)"
        " FROM cycles c ORDER BY c.cycle";
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(l->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return db_error(l, rc, "summarising", err);
    bind_text(st, 1, as_of);
    ce_status s = CE_OK;
    while (s == CE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        ce_ledger_cycle_summary c;
        memset(&c, 0, sizeof c);
        snprintf(c.cycle, sizeof c.cycle, "%s", col_text(st, 0));
        c.pool_fen = sqlite3_column_int64(st, 1);
        c.left_fen = sqlite3_column_int64(st, 2);
        c.issued = sqlite3_column_int64(st, 3);
        c.issued_fen = sqlite3_column_int64(st, 4);
        c.redeemed = sqlite3_column_int64(st, 5);
        c.paid_fen = sqlite3_column_int64(st, 6);
        c.expired = sqlite3_column_int64(st, 7);
        c.outstanding = sqlite3_column_int64(st, 8);
        s = fn(ud, &c, err);
    }
    if (s == CE_OK && rc != SQLITE_DONE)
        s = db_error(l, rc, "summarising", err);
    sqlite3_finalize(st);
    return s;
}
