/* reentrant_jobs.c - see reentrant_jobs.h. */
#define _GNU_SOURCE
#include "reentrant_jobs.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "clustereval/audit.h"
#include "clustereval/compare.h"
#include "clustereval/outfile.h"
#include "clustereval/pipeline.h"
#include "clustereval/profile.h"
#include "clustereval/status.h"
#include "clustereval/table.h"
#include "clustereval/weights.h"

/* SRC/rel, from $CE_TEST_DATA (SRC/tests/data); NULL without it. */
static char *source_path(const char *rel)
{
    const char *data = getenv("CE_TEST_DATA");
    char *p = data ? malloc(strlen(data) + strlen(rel) + 16) : NULL;
    if (p)
        sprintf(p, "%s/../../%s", data, rel);
    return p;
}

void rj_outcome_free(rj_outcome *o)
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

void rj_run(const rj_job *j, const char *dir, rj_outcome *o)
{
    memset(o, 0, sizeof *o);
    char *prof_path = source_path(j->profile), *data_path = source_path(j->data);
    char *prev_path = j->previous ? source_path(j->previous) : NULL;
    if (!prof_path || !data_path || (j->previous && !prev_path)) {
        snprintf(o->why, sizeof o->why, "no CE_TEST_DATA, or out of memory");
        goto done;
    }
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
    char out[512];
    snprintf(out, sizeof out, "%.400s/%s", dir, j->out_name);
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

int rj_same(const rj_outcome *a, const rj_outcome *b, char *why, size_t size)
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

const rj_job rj_jobs[2] = {
    {"weights/default.csv", "samples/clusters-2023.csv", "tests/data/compare/prev-2022.csv", 10,
     CE_IMPUTE_NONE, CE_TREAT_NONE, CE_AGG_ARITHMETIC, "a.csv"},
    {"tests/data/coinr-asem/profile.csv", "tests/data/coinr-asem/data.csv", NULL, 5,
     CE_IMPUTE_MEDIAN, CE_TREAT_WINSOR, CE_AGG_GEOMETRIC, "b.csv"},
};

typedef struct {
    const rj_job *j;
    const char *dir;
    const rj_outcome *expected;
    int rounds;
    pthread_barrier_t *start;
    int mismatches;
    char why[600];
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    pthread_barrier_wait(w->start);
    for (int round = 0; round < w->rounds; round++) {
        rj_outcome o;
        rj_run(w->j, w->dir, &o);
        char why[600];
        if (!rj_same(w->expected, &o, why, sizeof why) && w->mismatches++ == 0)
            snprintf(w->why, sizeof w->why, "round %d: %.500s", round, why);
        rj_outcome_free(&o);
    }
    return NULL;
}

int rj_two_threads(const char *dir, const rj_outcome expected[2], int rounds, int mismatches[2],
                   char why[2][600])
{
    pthread_barrier_t start;
    if (pthread_barrier_init(&start, NULL, 2) != 0)
        return -1;
    worker w[2];
    pthread_t th[2];
    int made = 0;
    for (; made < 2; made++) {
        w[made] = (worker){&rj_jobs[made], dir, &expected[made], rounds, &start, 0, ""};
        if (pthread_create(&th[made], NULL, work, &w[made]) != 0)
            break;
    }
    if (made < 2) { /* the first waits at the barrier for ever: let it go */
        if (made == 1)
            pthread_cancel(th[0]), pthread_join(th[0], NULL);
        pthread_barrier_destroy(&start);
        return -1;
    }
    for (int k = 0; k < 2; k++) {
        pthread_join(th[k], NULL);
        mismatches[k] = w[k].mismatches;
        memcpy(why[k], w[k].why, sizeof w[k].why);
    }
    pthread_barrier_destroy(&start);
    return 0;
}

