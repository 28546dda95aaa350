/* test_reentrant.c - the library is reentrant and leaves the process alone
 * (issue 14 §4): two threads running different pipelines at once give the
 * single-thread results exactly, and no library call changes the umask, the
 * SIGPIPE disposition or mask, or GSL's error handler. scripts/test.sh also
 * builds this test alone with ThreadSanitizer (CE_TSAN, build-tsan). */
#define _GNU_SOURCE /* mkfifo, pthread_sigmask, sigtimedwait in the headers */
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clustereval/audit.h"
#include "clustereval/compare.h"
#include "clustereval/outfile.h"
#include "clustereval/pipeline.h"
#include "clustereval/profile.h"
#include "clustereval/status.h"
#include "clustereval/table.h"
#include "clustereval/weights.h"

#include "testutil.h"

TestSuite(reentrant, .init = ce_test_dir_init, .fini = ce_test_dir_fini);

/* ---- the process settings an embedding program chose ------------------- */

static int gsl_handler_calls;

static void counting_handler(const char *reason, const char *file, int line, int gsl_errno)
{
    (void)reason, (void)file, (void)line, (void)gsl_errno;
    __atomic_add_fetch(&gsl_handler_calls, 1, __ATOMIC_RELAXED);
}

typedef struct {
    mode_t umask;
    void (*sigpipe)(int);
    int sigpipe_blocked;
    gsl_error_handler_t *gsl;
} process_settings;

static void settings_now(process_settings *s)
{
    s->umask = umask(0);
    umask(s->umask);
    struct sigaction sa;
    cr_assert_eq(sigaction(SIGPIPE, NULL, &sa), 0);
    s->sigpipe = sa.sa_handler;
    sigset_t mask;
    cr_assert_eq(pthread_sigmask(SIG_BLOCK, NULL, &mask), 0);
    s->sigpipe_blocked = sigismember(&mask, SIGPIPE);
    s->gsl = gsl_set_error_handler(NULL); /* returns the one installed ... */
    gsl_set_error_handler(s->gsl);         /* ... which is put back */
}

/* An embedding program's settings: umask 027, SIGPIPE's default action (a
 * write to a closed pipe kills), its own GSL handler. */
static void embedder_settings(void)
{
    umask(027);
    struct sigaction dfl = {.sa_handler = SIG_DFL};
    sigemptyset(&dfl.sa_mask);
    cr_assert_eq(sigaction(SIGPIPE, &dfl, NULL), 0);
    gsl_set_error_handler(counting_handler);
    gsl_handler_calls = 0;
}

static void assert_embedder_settings(void)
{
    process_settings s;
    settings_now(&s);
    cr_assert_eq(s.umask, 027, "umask is now %03o", (unsigned)s.umask);
    cr_assert(s.sigpipe == SIG_DFL, "the SIGPIPE disposition was changed");
    cr_assert_eq(s.sigpipe_blocked, 0, "SIGPIPE left blocked");
    cr_assert(s.gsl == counting_handler, "the GSL error handler was changed");
    cr_assert_eq(gsl_handler_calls, 0, "the library made GSL report an error");
}

/* ---- one job: read, run, compare, write -------------------------------- */

typedef struct {
    const char *profile, *data, *previous; /* under tests/ or the source root */
    size_t top;
    ce_impute_method impute;
    ce_treat_method treat;
    ce_agg_method aggregate;
    const char *out_name; /* file written in the scratch folder */
} job;

typedef struct {
    size_t rows;
    double *composite;
    size_t *rank, *order;
    ce_award *award;
    char **notes;
    long *previous_row; /* the previous ranking's row of each id */
    double pc1_share, pca_w[3];
    mode_t out_mode;
    int ok;
    char why[512];
} outcome;

static char *source_path(const char *rel)
{
    const char *data = getenv("CE_TEST_DATA"); /* SRC/tests/data */
    cr_assert_not_null(data);
    char *p = malloc(strlen(data) + strlen(rel) + 16);
    cr_assert_not_null(p);
    sprintf(p, "%s/../../%s", data, rel);
    return p;
}

static void outcome_free(outcome *o)
{
    if (o->notes)
        for (size_t i = 0; i < o->rows; i++)
            free(o->notes[i]);
    free(o->notes);
    free(o->composite);
    free(o->rank);
    free(o->order);
    free(o->award);
    free(o->previous_row);
    memset(o, 0, sizeof *o);
}

/* Runs j without asserting (it runs in threads): o->ok, or o->why. */
static void run_job(const job *j, outcome *o)
{
    memset(o, 0, sizeof *o);
    char *prof_path = source_path(j->profile), *data_path = source_path(j->data);
    char *prev_path = j->previous ? source_path(j->previous) : NULL;
    ce_error err = {{0}, 0, {0}};
    ce_diag diag;
    ce_diag_init(&diag);
    ce_profile *p = NULL;
    ce_table *t = NULL;
    ce_result *r = NULL;
    ce_compare_previous *prev = NULL;
    if (ce_profile_load(prof_path, CE_ENC_AUTO, &p, &diag, &err) != CE_OK ||
        ce_table_read(data_path, p, CE_ENC_AUTO, &t, &diag, &err) != CE_OK) {
        snprintf(o->why, sizeof o->why, "load: %.400s", err.msg);
        goto done;
    }
    ce_pipeline_options po;
    ce_pipeline_options_init(&po);
    po.top = j->top;
    po.impute = j->impute;
    po.treat = j->treat;
    po.aggregate = j->aggregate;
    if (ce_pipeline_run(t, p, &po, &r, &diag, &err) != CE_OK) {
        snprintf(o->why, sizeof o->why, "pipeline: %.400s", err.msg);
        goto done;
    }
    size_t n = o->rows = r->rows;
    o->composite = malloc(n * sizeof *o->composite);
    o->rank = malloc(n * sizeof *o->rank);
    o->order = malloc(n * sizeof *o->order);
    o->award = malloc(n * sizeof *o->award);
    o->notes = calloc(n, sizeof *o->notes);
    o->previous_row = malloc(n * sizeof *o->previous_row);
    if (!o->composite || !o->rank || !o->order || !o->award || !o->notes || !o->previous_row) {
        snprintf(o->why, sizeof o->why, "out of memory");
        goto done;
    }
    memcpy(o->composite, r->composite, n * sizeof *o->composite);
    memcpy(o->rank, r->rank, n * sizeof *o->rank);
    memcpy(o->order, r->order, n * sizeof *o->order);
    memcpy(o->award, r->award, n * sizeof *o->award);
    for (size_t i = 0; i < n; i++)
        o->notes[i] = strdup(r->notes[i]);

    /* the previous ranking, matched by id (compare.c sorts its ids) */
    for (size_t i = 0; i < n; i++)
        o->previous_row[i] = -1;
    if (prev_path) {
        if (ce_compare_previous_read(prev_path, CE_ENC_AUTO, &prev, &diag, &err) != CE_OK) {
            snprintf(o->why, sizeof o->why, "previous: %.400s", err.msg);
            goto done;
        }
        for (size_t i = 0; i < n; i++)
            o->previous_row[i] = ce_compare_previous_find(prev, ce_table_id(t, i));
    }

    /* GSL: PC1's share of a correlation matrix, PCA weights of 3 columns */
    const double cor[9] = {1, 0.6, 0.2, 0.6, 1, 0.4, 0.2, 0.4, 1};
    if (ce_audit_pc1_share(cor, 3, &o->pc1_share, &err) != CE_OK) {
        snprintf(o->why, sizeof o->why, "pc1: %.400s", err.msg);
        goto done;
    }
    double x[3 * 4];
    for (size_t i = 0; i < 4; i++)
        for (size_t k = 0; k < 3; k++)
            x[i * 3 + k] = r->norm[i * r->n_leaves + k];
    ce_weights_matrix wm = {x, 4, 3, NULL, NULL, NULL};
    ce_weights_options wo;
    ce_weights_options_init(&wo);
    if (ce_weights_pca(&wm, &wo, o->pca_w, NULL, NULL, &err) != CE_OK) {
        snprintf(o->why, sizeof o->why, "pca: %.400s", err.msg);
        goto done;
    }

    /* an output file (its mode is 0666 minus the umask) and /dev/null (a
     * device: the finished file is copied into it) */
    char out[256];
    ce_test_path(out, sizeof out, ce_test_dir, j->out_name);
    const char *dests[3] = {out, out, "/dev/null"};
    for (int d = 0; d < 3; d++) {
        ce_outfile of;
        if ((d == 1 ? ce_outfile_open_named : ce_outfile_open)(&of, dests[d], &err) != CE_OK) {
            snprintf(o->why, sizeof o->why, "open: %.400s", err.msg);
            goto done;
        }
        for (size_t i = 0; i < n; i++)
            fprintf(of.fp, "%s,%.17g\n", ce_table_id(t, r->order[i]), r->composite[r->order[i]]);
        if (ce_outfile_commit(&of, &err) != CE_OK) {
            snprintf(o->why, sizeof o->why, "commit: %.400s", err.msg);
            goto done;
        }
        struct stat sb;
        if (d < 2 && stat(out, &sb) != 0) {
            snprintf(o->why, sizeof o->why, "stat %.200s: %.100s", out, strerror(errno));
            goto done;
        }
        mode_t mode = sb.st_mode & 0777;
        if (d == 0)
            o->out_mode = mode;
        else if (d == 1 && mode != o->out_mode) { /* named and unnamed alike */
            snprintf(o->why, sizeof o->why, "mode %03o after a named temporary, %03o after an "
                     "unnamed one", (unsigned)mode, (unsigned)o->out_mode);
            goto done;
        }
    }
    o->ok = 1;
done:
    ce_compare_previous_free(prev);
    ce_result_free(r);
    ce_table_free(t);
    ce_profile_free(p);
    ce_diag_fini(&diag);
    free(prof_path);
    free(data_path);
    free(prev_path);
}

/* Bit for bit: the floating-point results as bytes (NaN included). */
static int same(const outcome *a, const outcome *b, char *why, size_t size)
{
    if (!a->ok || !b->ok) {
        snprintf(why, size, "failed: %s", a->ok ? b->why : a->why);
        return 0;
    }
    size_t n = a->rows;
    if (n != b->rows) {
        snprintf(why, size, "rows %zu, not %zu", b->rows, n);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (memcmp(&a->composite[i], &b->composite[i], sizeof(double)) != 0 ||
            a->rank[i] != b->rank[i] || a->order[i] != b->order[i] ||
            a->award[i] != b->award[i] || strcmp(a->notes[i], b->notes[i]) != 0 ||
            a->previous_row[i] != b->previous_row[i]) {
            snprintf(why, size, "row %zu: composite %.17g/%.17g rank %zu/%zu order %zu/%zu "
                     "previous %ld/%ld notes \"%s\"/\"%s\"", i, a->composite[i], b->composite[i],
                     a->rank[i], b->rank[i], a->order[i], b->order[i], a->previous_row[i],
                     b->previous_row[i], a->notes[i], b->notes[i]);
            return 0;
        }
    }
    if (memcmp(&a->pc1_share, &b->pc1_share, sizeof(double)) != 0 ||
        memcmp(a->pca_w, b->pca_w, sizeof a->pca_w) != 0) {
        snprintf(why, size, "GSL results differ");
        return 0;
    }
    if (a->out_mode != b->out_mode) {
        snprintf(why, size, "output mode %03o, not %03o", (unsigned)b->out_mode,
                 (unsigned)a->out_mode);
        return 0;
    }
    return 1;
}

static const job jobs[2] = {
    {"weights/default.csv", "samples/clusters-2023.csv", "tests/data/compare/prev-2022.csv", 10,
     CE_IMPUTE_NONE, CE_TREAT_NONE, CE_AGG_ARITHMETIC, "a.csv"},
    {"tests/data/coinr-asem/profile.csv", "tests/data/coinr-asem/data.csv", NULL, 5,
     CE_IMPUTE_MEDIAN, CE_TREAT_WINSOR, CE_AGG_GEOMETRIC, "b.csv"},
};

enum { ROUNDS = 200 };

typedef struct {
    const job *j;
    const outcome *expected;
    pthread_barrier_t *start;
    int mismatches;
    char why[600];
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    pthread_barrier_wait(w->start);
    for (int round = 0; round < ROUNDS; round++) {
        outcome o;
        run_job(w->j, &o);
        char why[600];
        if (!same(w->expected, &o, why, sizeof why) && w->mismatches++ == 0)
            snprintf(w->why, sizeof w->why, "round %d: %.500s", round, why);
        outcome_free(&o);
    }
    return NULL;
}

Test(reentrant, two_threads_give_the_single_thread_results)
{
    embedder_settings();
    outcome expected[2];
    for (int k = 0; k < 2; k++) {
        run_job(&jobs[k], &expected[k]);
        cr_assert(expected[k].ok, "job %d alone: %s", k, expected[k].why);
    }
    /* the jobs differ, so a mix-up between them shows */
    cr_assert_neq(expected[0].rows, expected[1].rows);
    cr_assert_eq(expected[0].out_mode, 0640);
    cr_assert_eq(expected[0].previous_row[0] >= 0, 1); /* ids of 2023 found in 2022's file */

    pthread_barrier_t start;
    cr_assert_eq(pthread_barrier_init(&start, NULL, 2), 0);
    worker w[2];
    pthread_t th[2];
    for (int k = 0; k < 2; k++) {
        w[k] = (worker){&jobs[k], &expected[k], &start, 0, ""};
        cr_assert_eq(pthread_create(&th[k], NULL, work, &w[k]), 0);
    }
    for (int k = 0; k < 2; k++)
        pthread_join(th[k], NULL);
    pthread_barrier_destroy(&start);
    for (int k = 0; k < 2; k++)
        cr_expect_eq(w[k].mismatches, 0, "job %d: %d of %d rounds differ; first: %s", k,
                     w[k].mismatches, ROUNDS, w[k].why);
    assert_embedder_settings();
    for (int k = 0; k < 2; k++)
        outcome_free(&expected[k]);
}

Test(reentrant, one_call_leaves_umask_sigpipe_and_gsl_handler_alone)
{
    embedder_settings();
    outcome o;
    run_job(&jobs[0], &o);
    cr_assert(o.ok, "%s", o.why);
    cr_expect_eq(o.out_mode, 0640, "the output's mode is %03o", (unsigned)o.out_mode);
    outcome_free(&o);
    /* a named temporary file gets the umask's mode too */
    char out[256];
    ce_test_path(out, sizeof out, ce_test_dir, "named.csv");
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open_named(&of, out, &err), CE_OK, "%s", err.msg);
    fputs("x\n", of.fp);
    cr_assert_eq(ce_outfile_commit(&of, &err), CE_OK, "%s", err.msg);
    struct stat sb;
    cr_assert_eq(stat(out, &sb), 0);
    cr_expect_eq(sb.st_mode & 0777, 0640, "named: mode %03o", (unsigned)(sb.st_mode & 0777));
    /* GSL can refuse these inputs: the library checks them first */
    const double bad[4] = {1, NAN, NAN, 1};
    double share = 0;
    cr_expect_eq(ce_audit_pc1_share(bad, 2, &share, &err), CE_OK);
    cr_expect(isnan(share));
    double w[2];
    cr_expect_eq(ce_weights_ahp(bad, 2, w, NULL, &err), CE_ERR_DATA);
    cr_expect_eq(ce_weights_ahp(bad, 0, w, NULL, &err), CE_ERR_DATA);
    assert_embedder_settings();
}

/* A reader that went away: the commit fails with EPIPE (CE_ERR_IO), the
 * process is not killed although SIGPIPE's action is the default, and no
 * SIGPIPE is left pending or blocked. */
static void *reader_that_leaves(void *arg)
{
    int fd = open(arg, O_RDONLY); /* blocks until the commit opens the FIFO */
    if (fd >= 0) {
        usleep(20000); /* the writer fills the pipe (64 KiB) and waits */
        close(fd);
    }
    return NULL;
}

Test(reentrant, closed_pipe_is_an_error_not_a_signal)
{
    embedder_settings();
    char fifo[256];
    ce_test_path(fifo, sizeof fifo, ce_test_dir, "fifo");
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, fifo, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(of.stream, 1);
    for (int i = 0; i < 100000; i++) /* 1 MB, more than the pipe holds */
        fputs("0123456789\n", of.fp);
    pthread_t th;
    cr_assert_eq(pthread_create(&th, NULL, reader_that_leaves, fifo), 0);
    ce_status st = ce_outfile_commit(&of, &err);
    pthread_join(th, NULL);
    cr_expect_eq(st, CE_ERR_IO);
    cr_expect(strstr(err.msg, strerror(EPIPE)) != NULL, "message: %.400s", err.msg);
    sigset_t pending;
    cr_assert_eq(sigpending(&pending), 0);
    cr_expect_eq(sigismember(&pending, SIGPIPE), 0, "a SIGPIPE is left pending");
    assert_embedder_settings();
}

/* A SIGPIPE the caller had blocked and pending stays pending: the library
 * consumes only the one its own write raised. */
Test(reentrant, callers_pending_sigpipe_is_kept)
{
    embedder_settings();
    sigset_t pipe_set, pending;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    cr_assert_eq(pthread_sigmask(SIG_BLOCK, &pipe_set, NULL), 0);
    cr_assert_eq(pthread_kill(pthread_self(), SIGPIPE), 0);
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, "/dev/null", &err), CE_OK, "%s", err.msg);
    fputs("x\n", of.fp);
    cr_assert_eq(ce_outfile_commit(&of, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(sigpending(&pending), 0);
    cr_expect_eq(sigismember(&pending, SIGPIPE), 1, "the caller's SIGPIPE was consumed");
    sigset_t now;
    cr_assert_eq(pthread_sigmask(SIG_BLOCK, NULL, &now), 0);
    cr_expect_eq(sigismember(&now, SIGPIPE), 1, "SIGPIPE was unblocked");
    struct timespec zero = {0, 0};
    cr_expect_eq(sigtimedwait(&pipe_set, NULL, &zero), SIGPIPE);
    cr_assert_eq(pthread_sigmask(SIG_UNBLOCK, &pipe_set, NULL), 0);
    assert_embedder_settings();
}
