/* reentrant_tsan.c - the two-thread check of tests/test_reentrant.c as a
 * plain program, for ThreadSanitizer (CE_TSAN; scripts/test.sh builds and
 * runs only this, in build-tsan): Criterion's runner cannot start under
 * ThreadSanitizer (its fixed-address arena, Criterion issue #274). Each
 * job alone, then both in two threads at once, must give the same results;
 * exit 1 otherwise. TSan's own report (exit 66) fails ctest as well. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reentrant_jobs.h"

enum { ROUNDS = 20 }; /* TSan sees a race in one round: it need not recur */

static void remove_dir(const char *dir)
{
    for (int k = 0; k < 2; k++) {
        char p[512];
        snprintf(p, sizeof p, "%.400s/%s", dir, rj_jobs[k].out_name);
        unlink(p);
    }
    rmdir(dir);
}

int main(void)
{
    char dir[] = "/tmp/ce_tsan_XXXXXX";
    if (!mkdtemp(dir)) {
        perror("reentrant_tsan: mkdtemp");
        return 1;
    }
    rj_outcome expected[2];
    int failed = 0, made = 0;
    for (; made < 2 && !failed; made++) {
        rj_run(&rj_jobs[made], dir, &expected[made]);
        if (!expected[made].ok) {
            fprintf(stderr, "reentrant_tsan: job %d alone: %s\n", made, expected[made].why);
            failed = 1;
        }
    }
    int mismatches[2] = {0, 0};
    char why[2][600];
    if (!failed && rj_two_threads(dir, expected, ROUNDS, mismatches, why) != 0) {
        fputs("reentrant_tsan: cannot start the threads\n", stderr);
        failed = 1;
    }
    for (int k = 0; k < 2 && !failed; k++)
        if (mismatches[k]) {
            fprintf(stderr, "reentrant_tsan: job %d: %d of %d rounds differ; first: %s\n", k,
                    mismatches[k], ROUNDS, why[k]);
            failed = 1;
        }
    for (int k = 0; k < made; k++)
        rj_outcome_free(&expected[k]);
    remove_dir(dir);
    if (!failed)
        printf("reentrant_tsan: two threads x %d rounds, same results as alone\n", ROUNDS);
    return failed;
}
