/* test_reentrant.c - the library is reentrant and leaves the process alone
 * (issue 14 §4): two threads running different pipelines at once give the
 * single-thread results exactly, and no library call changes the umask, the
 * SIGPIPE disposition or mask, or GSL's error handler. The jobs are in
 * reentrant_jobs.c, which scripts/test.sh also runs in two threads under
 * ThreadSanitizer (reentrant_tsan.c, CE_TSAN, build-tsan). */
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

#include "reentrant_jobs.h"
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

/* Rounds per thread: enough for the file-scope sort context and the
 * switched process settings of the old code to show every time. */
enum { ROUNDS = 200 };

Test(reentrant, two_threads_give_the_single_thread_results)
{
    embedder_settings();
    rj_outcome expected[2];
    for (int k = 0; k < 2; k++) {
        rj_run(&rj_jobs[k], ce_test_dir, &expected[k]);
        cr_assert(expected[k].ok, "job %d alone: %s", k, expected[k].why);
    }
    /* the jobs differ, so a mix-up between them shows */
    cr_assert_neq(expected[0].rows, expected[1].rows);
    cr_assert_eq(expected[0].out_mode, 0640);
    cr_assert_eq(expected[0].previous_row[0] >= 0, 1); /* ids of 2023 found in 2022's file */

    int mismatches[2];
    char why[2][600];
    cr_assert_eq(rj_two_threads(ce_test_dir, expected, ROUNDS, mismatches, why), 0);
    for (int k = 0; k < 2; k++)
        cr_expect_eq(mismatches[k], 0, "job %d: %d of %d rounds differ; first: %s", k,
                     mismatches[k], ROUNDS, why[k]);
    assert_embedder_settings();
    for (int k = 0; k < 2; k++)
        rj_outcome_free(&expected[k]);
}

Test(reentrant, one_call_leaves_umask_sigpipe_and_gsl_handler_alone)
{
    embedder_settings();
    rj_outcome o;
    rj_run(&rj_jobs[0], ce_test_dir, &o);
    cr_assert(o.ok, "%s", o.why);
    cr_expect_eq(o.out_mode, 0640, "the output's mode is %03o", (unsigned)o.out_mode);
    rj_outcome_free(&o);
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
