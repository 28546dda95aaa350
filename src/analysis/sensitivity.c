/* sensitivity.c - see sensitivity.h; the Sobol kernel is sobol.c. */
#include "clustereval/sensitivity.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parallel.h"
#include "sobol.h"

void ce_sensitivity_options_init(ce_sensitivity_options *s)
{
    memset(s, 0, sizeof *s);
    ce_uncertainty_options_init(&s->mc);
    s->levels = 100;
    s->bootstrap = 1000;
}

static int weights_vary(const ce_uncertainty_options *u)
{
    return u->weight_dist == CE_WEIGHT_DIRICHLET || u->weight_noise > 0;
}

/* Members of positive weight among members[0..n). */
static size_t positive_members(const ce_profile *p, const size_t *members, size_t n)
{
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        m += ce_profile_node(p, members[k])->weight > 0;
    return m;
}

ce_status ce_sensitivity_inputs(const ce_profile *p, const ce_sensitivity_options *s,
                                ce_sens_input *out, size_t *n, ce_error *err)
{
    const ce_uncertainty_options *u = &s->mc;
    size_t n_weights = 0, n_methods = 0, d = 0, n_dims;
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    ce_sens_input in;
    /* Counts first, fills out only while there is room. */
#define ADD(...)                                       \
    do {                                               \
        in = (ce_sens_input){__VA_ARGS__};             \
        if (d < CE_SENS_MAX_INPUTS)                    \
            out[d] = in;                               \
        d++;                                           \
    } while (0)
    if (weights_vary(u)) {
        if (positive_members(p, dims, n_dims) >= 2) {
            ADD(CE_SENS_INPUT_WEIGHTS, CE_NO_PARENT, s->levels, "weights:composite");
            n_weights++;
        }
        for (size_t k = 0; k < ce_profile_node_count(p); k++) {
            const ce_node *nd = ce_profile_node(p, k);
            if (nd->n_children == 0 || positive_members(p, nd->children, nd->n_children) < 2)
                continue;
            ADD(CE_SENS_INPUT_WEIGHTS, k, s->levels, "");
            if (d <= CE_SENS_MAX_INPUTS)
                snprintf(out[d - 1].name, sizeof out[d - 1].name, "weights:%s", nd->code);
            n_weights++;
        }
    }
    if (u->n_normalize) {
        ADD(CE_SENS_INPUT_NORMALIZE, CE_NO_PARENT, u->n_normalize, "normalize");
        n_methods++;
    }
    if (u->n_aggregate) {
        ADD(CE_SENS_INPUT_AGGREGATE, CE_NO_PARENT, u->n_aggregate, "aggregate");
        n_methods++;
    }
    if (u->n_impute) {
        ADD(CE_SENS_INPUT_IMPUTE, CE_NO_PARENT, u->n_impute, "impute");
        n_methods++;
    }
#undef ADD
    if (d == 0)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                            "nothing varies: no sibling group has two members of positive "
                            "weight%s and no --vary-normalize, --vary-aggregate or "
                            "--vary-impute is given",
                            weights_vary(u) ? "" : " that may vary (--weight-noise 0)");
    if (d > CE_SENS_MAX_INPUTS)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                            "%zu uncertain inputs (%zu weight group%s, %zu method%s), but a "
                            "Sobol design takes at most %d: use a profile with fewer groups "
                            "of two or more weighted members, or fewer --vary options",
                            d, n_weights, n_weights == 1 ? "" : "s", n_methods,
                            n_methods == 1 ? "" : "s", CE_SENS_MAX_INPUTS);
    *n = d;
    return CE_OK;
}

/* The members of the sibling group of weights input in: the dimensions,
 * or the children of its group. */
static const size_t *group_members(const ce_profile *p, const ce_sens_input *in, size_t *n)
{
    if (in->group == CE_NO_PARENT)
        return ce_profile_dimensions(p, n);
    *n = ce_profile_node(p, in->group)->n_children;
    return ce_profile_node(p, in->group)->children;
}

void ce_sensitivity_alternative(const ce_profile *p, const ce_sensitivity_options *s,
                                const ce_sens_input *in, size_t l, double *node_weights,
                                double *scratch)
{
    size_t n_nodes = ce_profile_node_count(p);
    /* Alternative l of group g is draw l of uncertainty's weights with a
     * seed of its own per group: the same perturbation, a stream that
     * depends on (seed, g, l) only. */
    ce_uncertainty_options u = s->mc;
    u.n_impute = u.n_normalize = u.n_aggregate = 0;
    uint64_t key = in->group == CE_NO_PARENT ? 0 : (uint64_t)in->group + 1;
    u.seed = s->mc.seed + UINT64_C(0x9E3779B97F4A7C15) * (key + 1);
    ce_uncertainty_choice c;
    ce_uncertainty_draw(p, &u, l, &c, scratch, scratch + n_nodes);
    size_t n;
    const size_t *members = group_members(p, in, &n);
    for (size_t k = 0; k < n; k++)
        node_weights[members[k]] = scratch[members[k]];
}

double ce_sensitivity_rank_shift(const size_t *nominal, const size_t *rank, size_t rows,
                                 size_t *max_shift, size_t *compared)
{
    size_t sum = 0, max = 0, n = 0;
    for (size_t i = 0; i < rows; i++) {
        if (!nominal[i] || !rank[i])
            continue;
        size_t shift = rank[i] > nominal[i] ? rank[i] - nominal[i] : nominal[i] - rank[i];
        sum += shift;
        max = shift > max ? shift : max;
        n++;
    }
    if (max_shift)
        *max_shift = max;
    if (compared)
        *compared = n;
    return n ? (double)sum / (double)n : 0.0;
}

/* ---- The run ---- */

void ce_sensitivity_result_free(ce_sensitivity_result *r)
{
    if (!r)
        return;
    free(r->inputs);
    free(r->index);
    free(r->y);
    free(r);
}

/* What every thread shares. Runs are handed out in blocks of BLOCK
 * consecutive runs; each run writes only its own y[run]. */
enum { BLOCK = 64 };

typedef struct {
    const ce_profile *p;
    const ce_uncertainty_options *u; /* with the empty lists filled by the nominal method */
    const ce_sens_input *inputs;
    size_t d, base, runs, rows, n_nodes;
    const double *a, *b;         /* the design: base x d each */
    const double *const *alt;    /* per input: levels x members weights (weights inputs) */
    int vary_weights;
    const double *profile_w;     /* n_nodes: the profile's weights */
    const ce_uncertainty_prepared *prep;
    const size_t *nominal;       /* rows: the nominal ranks */
    double *y;                   /* runs */
    pthread_mutex_t lock;
    size_t next, done;           /* under lock */
    size_t err_run;              /* lowest failed run, or (size_t)-1; under lock */
    ce_status err_status;
    ce_error err;
} shared;

typedef struct {
    shared *sh;
    int reports;
    ce_pipeline_ws *ws;
    double *u;         /* d: the design row */
    double *weights;   /* n_nodes */
    double *composite; /* rows */
    size_t *rank;      /* rows */
} worker;

/* Alternative floor(u n) of n, for u in [0, 1). */
static size_t level(double u, size_t n)
{
    size_t l = (size_t)(u * (double)n);
    return l < n ? l : n - 1;
}

static ce_status run_one(worker *w, size_t run, ce_error *err)
{
    shared *sh = w->sh;
    size_t d = sh->d, n = sh->base;
    if (run < n)
        memcpy(w->u, sh->a + run * d, d * sizeof *w->u);
    else if (run < 2 * n)
        memcpy(w->u, sh->b + (run - n) * d, d * sizeof *w->u);
    else
        ce_sobol_ab_row(sh->a, sh->b, d, (run - 2 * n) / n, (run - 2 * n) % n, w->u);
    ce_uncertainty_choice c = {0, 0, 0};
    if (sh->vary_weights)
        memcpy(w->weights, sh->profile_w, sh->n_nodes * sizeof *w->weights);
    for (size_t k = 0; k < d; k++) {
        const ce_sens_input *in = &sh->inputs[k];
        size_t l = level(w->u[k], in->alternatives);
        switch (in->kind) {
        case CE_SENS_INPUT_WEIGHTS: {
            size_t m;
            const size_t *members = group_members(sh->p, in, &m);
            const double *alt = sh->alt[k] + l * m;
            for (size_t j = 0; j < m; j++)
                w->weights[members[j]] = alt[j];
            break;
        }
        case CE_SENS_INPUT_NORMALIZE: c.normalize = l; break;
        case CE_SENS_INPUT_AGGREGATE: c.aggregate = l; break;
        case CE_SENS_INPUT_IMPUTE: c.impute = l; break;
        }
    }
    ce_status st = ce_pipeline_score(ce_uncertainty_prepared_get(sh->prep, &c),
                                     sh->vary_weights ? w->weights : NULL,
                                     &sh->u->aggregate[c.aggregate], w->ws, w->composite,
                                     w->rank, NULL, err);
    if (st == CE_OK)
        sh->y[run] = ce_sensitivity_rank_shift(sh->nominal, w->rank, sh->rows, NULL, NULL);
    return st;
}

static void *work(void *arg)
{
    worker *w = arg;
    shared *sh = w->sh;
    for (;;) {
        pthread_mutex_lock(&sh->lock);
        size_t r0 = sh->next;
        int stop = r0 >= sh->runs || r0 >= sh->err_run;
        if (!stop)
            sh->next += BLOCK;
        size_t done = sh->done;
        pthread_mutex_unlock(&sh->lock);
        if (w->reports && sh->u->progress)
            sh->u->progress(sh->u->progress_ctx, done, sh->runs);
        if (stop)
            break;
        size_t r1 = r0 + BLOCK < sh->runs ? r0 + BLOCK : sh->runs, r = r0;
        ce_error err = {{0}, 0, {0}};
        ce_status st = CE_OK;
        for (; r < r1 && st == CE_OK; r++)
            st = run_one(w, r, &err);
        pthread_mutex_lock(&sh->lock);
        if (st != CE_OK && r - 1 < sh->err_run) {
            sh->err_run = r - 1;
            sh->err_status = st;
            sh->err = err;
        }
        sh->done += r1 - r0;
        pthread_mutex_unlock(&sh->lock);
    }
    return NULL;
}

static void worker_fini(worker *w)
{
    ce_pipeline_ws_free(w->ws);
    free(w->u);
    free(w->weights);
    free(w->composite);
    free(w->rank);
}

static int worker_init(worker *w, shared *sh, const ce_prepared *any)
{
    size_t rows = sh->rows ? sh->rows : 1;
    *w = (worker){sh,
                  0,
                  ce_pipeline_ws_new(any),
                  malloc(sh->d * sizeof(double)),
                  malloc((sh->n_nodes + 1) * sizeof(double)),
                  malloc(rows * sizeof(double)),
                  malloc(rows * sizeof(size_t))};
    return w->ws && w->u && w->weights && w->composite && w->rank;
}

static ce_status check_options(const ce_sensitivity_options *s, ce_error *err)
{
    ce_status st = ce_uncertainty_check_options(&s->mc, 1000000, err);
    if (st == CE_OK && (s->levels < 2 || s->levels > 100000))
        st = ce_error_set(err, CE_ERR_USAGE, NULL, 0, "--levels must be from 2 to 100000");
    return st;
}

/* The nominal ranks (rows) of the pipeline with options o. */
static ce_status nominal_ranks(const ce_table *t, const ce_profile *p, const ce_pipeline_options *o,
                               const double *node_weights, size_t *rank, ce_award *award,
                               ce_prepared **keep, ce_error *err)
{
    ce_prepared *pp = NULL;
    size_t rows = ce_table_rows(t);
    ce_status st = ce_pipeline_prepare(t, p, o, &pp, NULL, err);
    if (st != CE_OK)
        return st;
    ce_pipeline_ws *ws = ce_pipeline_ws_new(pp);
    double *comp = malloc((rows + 1) * sizeof *comp);
    st = ws && comp ? CE_OK : ce_error_nomem(err);
    if (st == CE_OK)
        st = ce_pipeline_score(pp, node_weights, NULL, ws, comp, rank, award, err);
    ce_pipeline_ws_free(ws);
    free(comp);
    if (st == CE_OK && keep)
        *keep = pp;
    else
        ce_prepared_free(pp);
    return st;
}

/* The alternatives of every weights input k: alt[k] = levels x members
 * weights, in one block (*block, to free); alt[k] = NULL for the others. */
static ce_status make_alternatives(const ce_profile *p, const ce_sensitivity_options *s,
                                   const ce_sens_input *inputs, size_t d, const double **alt,
                                   double **block, ce_error *err)
{
    size_t n_nodes = ce_profile_node_count(p), total = 0, m;
    for (size_t k = 0; k < d; k++)
        if (inputs[k].kind == CE_SENS_INPUT_WEIGHTS) {
            group_members(p, &inputs[k], &m);
            total += s->levels * m;
        }
    double *all = malloc((total + 1) * sizeof *all);
    double *weights = malloc((n_nodes + 1) * sizeof *weights);
    double *scratch = malloc(3 * (n_nodes + 1) * sizeof *scratch);
    if (!all || !weights || !scratch) {
        free(all);
        free(weights);
        free(scratch);
        return ce_error_nomem(err);
    }
    double *next = all;
    for (size_t k = 0; k < d; k++) {
        alt[k] = NULL;
        if (inputs[k].kind != CE_SENS_INPUT_WEIGHTS)
            continue;
        const size_t *members = group_members(p, &inputs[k], &m);
        alt[k] = next;
        for (size_t l = 0; l < s->levels; l++) {
            ce_sensitivity_alternative(p, s, &inputs[k], l, weights, scratch);
            for (size_t j = 0; j < m; j++)
                *next++ = weights[members[j]];
        }
    }
    free(weights);
    free(scratch);
    *block = all;
    return CE_OK;
}

/* Runs the workers over sh; the calling thread is worker 0 and reports
 * progress. */
static ce_status run_threads(shared *sh, worker *w, size_t jobs, ce_error *err)
{
    if (pthread_mutex_init(&sh->lock, NULL) != 0)
        return ce_error_set(err, CE_ERR_IO, NULL, 0, "cannot create a lock for the threads");
    w[0].reports = 1;
    ce_parallel_run(jobs, work, w, sizeof *w);
    pthread_mutex_destroy(&sh->lock);
    if (sh->err_run == (size_t)-1)
        return CE_OK;
    if (err) {
        char what[64];
        *err = sh->err;
        snprintf(what, sizeof what, "run %zu: ", sh->err_run + 1);
        ce_error_prefix(err, "%s", what);
    }
    return sh->err_status;
}

/* The indices by ce_sobol_estimate (which centres Y itself); also sets
 * y_mean and y_sd, the mean and sd of Y over the runs of A and B. */
static ce_status estimate(ce_sensitivity_result *res, size_t n, size_t d, size_t n_boot,
                          uint64_t seed)
{
    double mean = 0, var = 0;
    for (size_t j = 0; j < 2 * n; j++)
        mean += res->y[j];
    mean /= (double)(2 * n);
    for (size_t j = 0; j < 2 * n; j++)
        var += (res->y[j] - mean) * (res->y[j] - mean);
    res->y_mean = mean;
    res->y_sd = n > 0 ? sqrt(var / (double)(2 * n - 1)) : 0;
    return ce_sobol_estimate(res->y, res->y + n, res->y + 2 * n, n, d, n_boot,
                            (unsigned long)seed, res->index);
}

ce_status ce_sensitivity_run(const ce_table *t, const ce_profile *p, const ce_pipeline_options *o,
                             const ce_sensitivity_options *s, ce_sensitivity_result **out,
                             ce_error *err)
{
    ce_status st = check_options(s, err);
    ce_sens_input inputs[CE_SENS_MAX_INPUTS];
    size_t d = 0;
    if (st == CE_OK)
        st = ce_sensitivity_inputs(p, s, inputs, &d, err);
    if (st != CE_OK)
        return st;
    ce_uncertainty_options u = s->mc; /* prepare_all fills its empty lists */
    size_t rows = ce_table_rows(t), n = u.draws, n_nodes = ce_profile_node_count(p);
    size_t n_weights = 0;
    for (size_t k = 0; k < d; k++)
        n_weights += inputs[k].kind == CE_SENS_INPUT_WEIGHTS;
    shared sh = {.p = p, .u = &u, .inputs = inputs, .d = d, .base = n, .runs = n * (d + 2),
                 .rows = rows, .n_nodes = n_nodes,
                 .vary_weights = n_weights > 0, .err_run = (size_t)-1, .err_status = CE_OK};
    size_t n_blocks = (sh.runs + BLOCK - 1) / BLOCK;
    size_t jobs = u.jobs < n_blocks ? u.jobs : n_blocks;
    double *a = malloc(n * d * sizeof *a), *b = malloc(n * d * sizeof *b);
    double *profile_w = malloc((n_nodes + 1) * sizeof *profile_w);
    size_t *nominal = malloc((rows + 1) * sizeof *nominal);
    ce_uncertainty_prepared *prep = NULL;
    const double *alt[CE_SENS_MAX_INPUTS];
    double *alt_block = NULL;
    ce_sensitivity_result *res = calloc(1, sizeof *res);
    if (res) {
        res->inputs = malloc(d * sizeof *res->inputs);
        res->index = malloc(d * sizeof *res->index);
        res->y = malloc(sh.runs * sizeof *res->y);
    }
    worker *w = calloc(jobs, sizeof *w);
    size_t n_workers = 0;
    if (!a || !b || !profile_w || !nominal || !res || !res->inputs || !res->index || !res->y ||
        !w)
        st = ce_error_nomem(err);
    if (st == CE_OK)
        st = make_alternatives(p, s, inputs, d, alt, &alt_block, err);
    if (st == CE_OK)
        st = ce_sobol_design(n, d, a, b, err);
    if (st == CE_OK)
        st = nominal_ranks(t, p, o, NULL, nominal, NULL, NULL, err);
    if (st == CE_OK)
        st = ce_uncertainty_prepare_all(t, p, o, &u, "runs", &prep, err);
    for (; st == CE_OK && n_workers < jobs; n_workers++)
        if (!worker_init(&w[n_workers], &sh, ce_uncertainty_prepared_any(prep))) {
            worker_fini(&w[n_workers]);
            st = ce_error_nomem(err);
            break;
        }
    if (st == CE_OK) {
        for (size_t k = 0; k < n_nodes; k++)
            profile_w[k] = ce_profile_node(p, k)->weight;
        sh.a = a;
        sh.b = b;
        sh.alt = alt;
        sh.profile_w = profile_w;
        sh.prep = prep;
        sh.nominal = nominal;
        sh.y = res->y;
        st = run_threads(&sh, w, jobs, err);
    }
    if (st == CE_OK && estimate(res, n, d, s->bootstrap, u.seed) != CE_OK)
        st = ce_error_nomem(err);
    if (st == CE_OK) {
        memcpy(res->inputs, inputs, d * sizeof *inputs);
        res->n_inputs = d;
        res->base = n;
        res->runs = sh.runs;
    }
    for (size_t k = 0; k < n_workers; k++)
        worker_fini(&w[k]);
    ce_uncertainty_prepared_free(prep);
    free(a);
    free(b);
    free(profile_w);
    free(nominal);
    free(alt_block);
    free(w);
    if (st != CE_OK) {
        ce_sensitivity_result_free(res);
        return st;
    }
    *out = res;
    return CE_OK;
}

/* ---- remove_elements ---- */

void ce_sensitivity_removal_free(ce_sensitivity_removal *r)
{
    if (!r)
        return;
    free(r->dim);
    free(r->mean_shift);
    free(r->max_shift);
    free(r->compared);
    free(r->award_changes);
    free(r);
}

ce_status ce_sensitivity_remove(const ce_table *t, const ce_profile *p,
                                const ce_pipeline_options *o, ce_sensitivity_removal **out,
                                ce_error *err)
{
    size_t rows = ce_table_rows(t), n_nodes = ce_profile_node_count(p), n_dims;
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    size_t nd = n_dims ? n_dims : 1, nr = rows ? rows : 1;
    ce_sensitivity_removal *r = calloc(1, sizeof *r);
    if (r) {
        r->n_dims = n_dims;
        r->dim = malloc(nd * sizeof *r->dim);
        r->mean_shift = malloc(nd * sizeof *r->mean_shift);
        r->max_shift = malloc(nd * sizeof *r->max_shift);
        r->compared = malloc(nd * sizeof *r->compared);
        r->award_changes = malloc(nd * sizeof *r->award_changes);
    }
    size_t *nominal = malloc(nr * sizeof *nominal), *rank = malloc(nr * sizeof *rank);
    ce_award *award0 = malloc(nr * sizeof *award0), *award = malloc(nr * sizeof *award);
    double *weights = malloc((n_nodes + 1) * sizeof *weights);
    double *comp = malloc(nr * sizeof *comp);
    ce_prepared *pp = NULL;
    ce_pipeline_ws *ws = NULL;
    ce_status st = r && r->dim && r->mean_shift && r->max_shift && r->compared &&
                           r->award_changes && nominal && rank && award0 && award && weights &&
                           comp
                       ? CE_OK
                       : ce_error_nomem(err);
    if (st == CE_OK)
        st = nominal_ranks(t, p, o, NULL, nominal, award0, &pp, err);
    if (st == CE_OK && !(ws = ce_pipeline_ws_new(pp)))
        st = ce_error_nomem(err);
    for (size_t k = 0; k < n_nodes; k++)
        weights[k] = ce_profile_node(p, k)->weight;
    for (size_t k = 0; st == CE_OK && k < n_dims; k++) {
        weights[dims[k]] = 0;
        st = ce_pipeline_score(pp, weights, NULL, ws, comp, rank, award, err);
        weights[dims[k]] = ce_profile_node(p, dims[k])->weight;
        if (st != CE_OK) {
            char what[160];
            snprintf(what, sizeof what, "without dimension \"%s\": ",
                     ce_profile_node(p, dims[k])->code);
            ce_error_prefix(err, "%s", what);
            break;
        }
        r->dim[k] = dims[k];
        r->mean_shift[k] =
            ce_sensitivity_rank_shift(nominal, rank, rows, &r->max_shift[k], &r->compared[k]);
        if (r->compared[k] == 0)
            r->mean_shift[k] = NAN;
        size_t lost = 0, gained = 0;
        for (size_t i = 0; i < rows; i++) {
            lost += award0[i] == CE_AWARD_YES && award[i] != CE_AWARD_YES;
            gained += award0[i] != CE_AWARD_YES && award[i] == CE_AWARD_YES;
        }
        r->award_changes[k] = lost > gained ? lost : gained;
    }
    ce_pipeline_ws_free(ws);
    ce_prepared_free(pp);
    free(nominal);
    free(rank);
    free(award0);
    free(award);
    free(weights);
    free(comp);
    if (st != CE_OK) {
        ce_sensitivity_removal_free(r);
        return st;
    }
    *out = r;
    return CE_OK;
}
