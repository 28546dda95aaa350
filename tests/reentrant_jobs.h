/* reentrant_jobs.h - two different ranking jobs that tests/test_reentrant.c
 * (Criterion) and tests/reentrant_tsan.c (the same check under
 * ThreadSanitizer, which Criterion cannot run under: Criterion issue #274)
 * run in two threads at once. Plain C, no asserts, so that it runs in any
 * thread. Each job reads its profile and data ($CE_TEST_DATA/../..), runs
 * the pipeline, matches a previous ranking, calls GSL (PC1 share, PCA
 * weights) and writes its ranking through ce_outfile (unnamed temporary,
 * named temporary, /dev/null). The caller owns an rj_outcome and frees it
 * with rj_outcome_free. */
#ifndef CLUSTEREVAL_TESTS_REENTRANT_JOBS_H
#define CLUSTEREVAL_TESTS_REENTRANT_JOBS_H

#include <stddef.h>
#include <sys/types.h>

#include "clustereval/aggregate.h"
#include "clustereval/impute.h"
#include "clustereval/rank.h"
#include "clustereval/treat.h"

typedef struct {
    const char *profile, *data, *previous; /* relative to the source root */
    size_t top;
    ce_impute_method impute;
    ce_treat_method treat;
    ce_agg_method aggregate;
    const char *out_name; /* file written in the scratch folder */
} rj_job;

typedef struct {
    size_t rows;
    double *composite;
    size_t *rank, *order;
    ce_award *award;
    char **notes;
    long *previous_row; /* the previous ranking's row of each id, -1 none */
    double pc1_share, pca_w[3];
    mode_t out_mode;    /* of the file written (0666 minus the umask) */
    int ok;
    char why[512];      /* what failed when !ok */
} rj_outcome;

/* The two jobs: weights/default.csv on samples/clusters-2023.csv with a
 * previous ranking, top 10; COINr's ASEM profile and data with median
 * imputation, winsorisation, geometric aggregation, top 5. */
extern const rj_job rj_jobs[2];

/* Runs j, writing into the folder dir: o->ok, or o->why. */
void rj_run(const rj_job *j, const char *dir, rj_outcome *o);
void rj_outcome_free(rj_outcome *o);

/* 1 when a and b are the same bit for bit (floating point compared as
 * bytes), else 0 with the first difference in why. */
int rj_same(const rj_outcome *a, const rj_outcome *b, char *why, size_t size);

/* Runs rj_jobs[0] and rj_jobs[1] each `rounds` times in two threads
 * started together; mismatches[k] counts the rounds of job k that differ
 * from expected[k], why[k] says how the first did. -1 when a thread could
 * not be started. */
int rj_two_threads(const char *dir, const rj_outcome expected[2], int rounds, int mismatches[2],
                   char why[2][600]);

#endif
