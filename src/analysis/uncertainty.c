/* uncertainty.c - see uncertainty.h. */
#include "clustereval/uncertainty.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parallel.h"

void ce_uncertainty_options_init(ce_uncertainty_options *u)
{
    memset(u, 0, sizeof *u);
    u->draws = 1000;
    u->seed = 20231;
    u->jobs = 1;
    u->weight_dist = CE_WEIGHT_UNIFORM;
    u->weight_noise = 0.25;
    u->concentration = 100;
}

int ce_weight_dist_parse(const char *name, ce_weight_dist *out)
{
    if (strcmp(name, "uniform") == 0)
        *out = CE_WEIGHT_UNIFORM;
    else if (strcmp(name, "dirichlet") == 0)
        *out = CE_WEIGHT_DIRICHLET;
    else
        return -1;
    return 0;
}

/* ---- The random stream of one draw ----
 *
 * A counter-based generator: draw d's stream is the splitmix64 sequence
 * (Steele, Lea & Flood 2014) started at a hash of (seed, d), so seeding a
 * draw costs nothing and the 2^64 keys do not collide the way 32-bit
 * mt19937 seeds would over many draws. It is wrapped as a gsl_rng_type so
 * that GSL's samplers (gsl_ran_dirichlet, gsl_rng_uniform_int) use it; the
 * gsl_rng lives on the stack, so nothing is allocated per draw and no GSL
 * environment variable is read. */

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

#define GOLDEN UINT64_C(0x9E3779B97F4A7C15)

typedef struct {
    uint64_t x;
} stream_state;

static uint64_t stream_next(void *vs)
{
    stream_state *s = vs;
    s->x += GOLDEN;
    return mix64(s->x);
}

static void stream_set(void *vs, unsigned long seed) { ((stream_state *)vs)->x = mix64(seed); }
static unsigned long stream_get(void *vs) { return (unsigned long)(stream_next(vs) >> 32); }
static double stream_get_double(void *vs)
{
    return (double)(stream_next(vs) >> 11) * 0x1.0p-53; /* [0, 1), 53 bits */
}

static const gsl_rng_type stream_type = {"clustereval-splitmix64", 0xFFFFFFFFUL, 0,
                                         sizeof(stream_state), stream_set, stream_get,
                                         stream_get_double};

/* The start of draw d's stream. */
static uint64_t draw_key(uint64_t seed, size_t d)
{
    return mix64(mix64(seed) + GOLDEN * ((uint64_t)d + 1));
}

/* ---- One draw's choices ---- */

/* Perturbs one sibling group (members[0..n)) into w. */
static void perturb_group(const ce_profile *p, const ce_uncertainty_options *u, gsl_rng *r,
                          const size_t *members, size_t n, double *w, double *scratch)
{
    double *alpha = scratch, *theta = scratch + n;
    size_t m = 0;
    double sum = 0, max = 0;
    for (size_t k = 0; k < n; k++) {
        double wk = ce_profile_node(p, members[k])->weight;
        w[members[k]] = 0;
        if (wk > 0)
            alpha[m++] = wk;
        max = fmax(max, wk);
    }
    /* Scaled by a power of two (exact) so no sum or noisy weight overflows. */
    int shift = ce_profile_weight_shift(max);
    for (size_t j = 0; j < m; j++) {
        alpha[j] = ldexp(alpha[j], shift);
        sum += alpha[j];
    }
    if (m == 1) {
        for (size_t k = 0; k < n; k++)
            if (ce_profile_node(p, members[k])->weight > 0)
                w[members[k]] = 1;
        return;
    }
    if (m == 0)
        return; /* the profile refuses such groups */
    if (u->weight_dist == CE_WEIGHT_DIRICHLET) {
        for (size_t j = 0; j < m; j++)
            alpha[j] = u->concentration * alpha[j] / sum;
        gsl_ran_dirichlet(r, m, alpha, theta);
    } else {
        double total = 0;
        for (size_t j = 0; j < m; j++) {
            double noise = u->weight_noise * (2 * gsl_rng_uniform(r) - 1);
            theta[j] = alpha[j] * (1 + noise);
            total += theta[j];
        }
        for (size_t j = 0; j < m; j++)
            theta[j] /= total;
    }
    for (size_t k = 0, j = 0; k < n; k++)
        if (ce_profile_node(p, members[k])->weight > 0)
            w[members[k]] = theta[j++];
}

static size_t pick(gsl_rng *r, size_t n) { return n > 1 ? gsl_rng_uniform_int(r, n) : 0; }

void ce_uncertainty_draw(const ce_profile *p, const ce_uncertainty_options *u, size_t d,
                         ce_uncertainty_choice *choice, double *node_weights, double *scratch)
{
    stream_state state = {draw_key(u->seed, d)};
    gsl_rng r = {&stream_type, &state};
    choice->impute = pick(&r, u->n_impute);
    choice->normalize = pick(&r, u->n_normalize);
    choice->aggregate = pick(&r, u->n_aggregate);
    size_t n_dims, n_nodes = ce_profile_node_count(p);
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    perturb_group(p, u, &r, dims, n_dims, node_weights, scratch);
    for (size_t k = 0; k < n_nodes; k++) {
        const ce_node *nd = ce_profile_node(p, k);
        if (nd->n_children > 0)
            perturb_group(p, u, &r, nd->children, nd->n_children, node_weights, scratch);
    }
}

size_t ce_uncertainty_percentile(const uint32_t *count, size_t n, unsigned percent)
{
    uint64_t total = 0;
    for (size_t r = 1; r <= n; r++)
        total += count[r];
    if (total == 0)
        return 0;
    uint64_t need = (percent * total + 99) / 100; /* ceil(percent * N / 100) */
    if (need == 0)
        need = 1;
    uint64_t cum = 0;
    for (size_t r = 1; r <= n; r++) {
        cum += count[r];
        if (cum >= need)
            return r;
    }
    return n;
}

/* ---- Shared with the Sobol runs ---- */

ce_status ce_uncertainty_check_options(const ce_uncertainty_options *u, size_t max_draws,
                                       ce_error *err)
{
    if (u->draws == 0 || u->draws > max_draws)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0, "--draws must be from 1 to %zu",
                            max_draws);
    if (u->jobs == 0)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0, "--jobs must be at least 1");
    if (!(u->weight_noise >= 0 && u->weight_noise < 1))
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                            "--weight-noise must be at least 0 and below 1");
    if (u->weight_dist == CE_WEIGHT_DIRICHLET &&
        !(u->concentration > 0 && isfinite(u->concentration)))
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0, "--concentration must be above 0");
    if (u->n_impute > CE_UNCERTAINTY_MAX_CHOICES || u->n_normalize > CE_UNCERTAINTY_MAX_CHOICES ||
        u->n_aggregate > CE_UNCERTAINTY_MAX_CHOICES)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0, "at most %d methods per --vary option",
                            CE_UNCERTAINTY_MAX_CHOICES);
    return CE_OK;
}

struct ce_uncertainty_prepared {
    const ce_uncertainty_options *u; /* the filled lists */
    size_t n;                        /* n_impute x n_normalize x 2 */
    ce_prepared **prep;              /* [impute][normalize][positive], NULL if never met */
};

static int positive_method(ce_agg_method m)
{
    return m == CE_AGG_GEOMETRIC || m == CE_AGG_HARMONIC;
}

static ce_prepared **slot_of(const ce_uncertainty_prepared *set, size_t impute,
                             size_t normalize, size_t aggregate)
{
    int pos = positive_method(set->u->aggregate[aggregate]);
    return &set->prep[(impute * set->u->n_normalize + normalize) * 2 + (size_t)pos];
}

const ce_prepared *ce_uncertainty_prepared_get(const ce_uncertainty_prepared *set,
                                               const ce_uncertainty_choice *c)
{
    return *slot_of(set, c->impute, c->normalize, c->aggregate);
}

const ce_prepared *ce_uncertainty_prepared_any(const ce_uncertainty_prepared *set)
{
    for (size_t k = 0; k < set->n; k++)
        if (set->prep[k])
            return set->prep[k];
    return NULL;
}

void ce_uncertainty_prepared_free(ce_uncertainty_prepared *set)
{
    if (!set)
        return;
    for (size_t k = 0; set->prep && k < set->n; k++)
        ce_prepared_free(set->prep[k]);
    free(set->prep);
    free(set);
}

ce_status ce_uncertainty_prepare_all(const ce_table *t, const ce_profile *p,
                                     const ce_pipeline_options *o, ce_uncertainty_options *u,
                                     const char *unit, ce_uncertainty_prepared **out,
                                     ce_error *err)
{
    if (u->n_impute == 0)
        u->impute[u->n_impute++] = o->impute;
    if (u->n_normalize == 0)
        u->normalize[u->n_normalize++] = o->normalize.method;
    if (u->n_aggregate == 0)
        u->aggregate[u->n_aggregate++] = o->aggregate;
    size_t rows = ce_table_rows(t);
    ce_uncertainty_prepared *set = calloc(1, sizeof *set);
    double *comp = malloc((rows + 1) * sizeof *comp);
    size_t *rank = malloc((rows + 1) * sizeof *rank);
    if (set) {
        set->u = u;
        set->n = u->n_impute * u->n_normalize * 2;
        set->prep = calloc(set->n, sizeof *set->prep);
    }
    ce_status st = set && set->prep && comp && rank ? CE_OK : ce_error_nomem(err);
    for (size_t ii = 0; ii < u->n_impute && st == CE_OK; ii++)
        for (size_t ni = 0; ni < u->n_normalize && st == CE_OK; ni++)
            for (size_t ai = 0; ai < u->n_aggregate && st == CE_OK; ai++) {
                ce_prepared **slot = slot_of(set, ii, ni, ai);
                ce_pipeline_options po = *o;
                po.impute = u->impute[ii];
                if (po.impute != o->impute)
                    po.impute_column = NULL;
                po.normalize.method = u->normalize[ni];
                po.aggregate = u->aggregate[ai]; /* chooses the min-max range */
                if (!*slot)
                    st = ce_pipeline_prepare(t, p, &po, slot, NULL, err);
                ce_pipeline_ws *ws = st == CE_OK ? ce_pipeline_ws_new(*slot) : NULL;
                if (st == CE_OK && !ws)
                    st = ce_error_nomem(err);
                if (st == CE_OK)
                    st = ce_pipeline_score(*slot, NULL, &u->aggregate[ai], ws, comp, rank, NULL,
                                           err);
                if (st == CE_ERR_DATA) {
                    char what[256];
                    snprintf(what, sizeof what,
                             "%s with --impute %s --normalize %s --aggregate %s cannot be "
                             "scored: ",
                             unit, ce_impute_method_name(po.impute),
                             ce_normalize_method_name(po.normalize.method),
                             ce_agg_method_name(po.aggregate));
                    ce_error_prefix(err, "%s", what);
                }
                ce_pipeline_ws_free(ws);
            }
    free(comp);
    free(rank);
    if (st != CE_OK) {
        ce_uncertainty_prepared_free(set);
        return st;
    }
    *out = set;
    return CE_OK;
}

/* ---- The run ---- */

void ce_uncertainty_result_free(ce_uncertainty_result *r)
{
    if (!r)
        return;
    free(r->ranked);
    free(r->awarded);
    free(r->p_award);
    free(r->mean_rank);
    free(r->median_rank);
    free(r->p05_rank);
    free(r->p95_rank);
    free(r->mean_score);
    free(r);
}

static ce_uncertainty_result *result_new(size_t rows, size_t draws)
{
    ce_uncertainty_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    size_t n = rows ? rows : 1;
    r->rows = rows;
    r->draws = draws;
    r->ranked = calloc(n, sizeof *r->ranked);
    r->awarded = calloc(n, sizeof *r->awarded);
    r->p_award = calloc(n, sizeof *r->p_award);
    r->mean_rank = calloc(n, sizeof *r->mean_rank);
    r->median_rank = calloc(n, sizeof *r->median_rank);
    r->p05_rank = calloc(n, sizeof *r->p05_rank);
    r->p95_rank = calloc(n, sizeof *r->p95_rank);
    r->mean_score = calloc(n, sizeof *r->mean_score);
    if (!r->ranked || !r->awarded || !r->p_award || !r->mean_rank || !r->median_rank ||
        !r->p05_rank || !r->p95_rank || !r->mean_score) {
        ce_uncertainty_result_free(r);
        return NULL;
    }
    return r;
}

/* What every thread shares. Draws are handed out in blocks of `block`
 * consecutive draws; a block's score sums are added in draw order into its
 * own row of block_sum, and the integer counts (rank histograms, awards)
 * are added under the lock, so the totals do not depend on which thread
 * ran which block. */
typedef struct {
    const ce_profile *p;
    const ce_uncertainty_options *u;
    const ce_uncertainty_prepared *prep;
    int vary_weights;
    size_t rows, n_nodes, draws, block, n_blocks;
    double *block_sum;         /* n_blocks x rows: sum of composites of the ranked draws */
    uint32_t *hist;            /* rows x (rows + 1) rank histograms, or NULL ... */
    uint32_t *store;           /* ... draws x rows ranks (whichever is smaller) */
    uint32_t *awarded;         /* rows */
    pthread_mutex_t lock;
    size_t next_block, done;   /* under lock */
    size_t err_draw;           /* lowest failed draw, or (size_t)-1; under lock */
    ce_status err_status;
    ce_error err;
} shared;

/* One thread's scratch, allocated before the threads start. */
typedef struct {
    shared *sh;
    int reports;               /* the calling thread: calls progress */
    ce_pipeline_ws *ws;
    double *weights;           /* n_nodes */
    double *scratch;           /* 2 n_nodes */
    double *composite;         /* rows */
    size_t *rank;              /* rows */
    ce_award *award;           /* rows */
    uint32_t *ranks;           /* block x rows, in histogram mode */
    uint32_t *awarded;         /* rows: this block's awards */
} worker;

/* Runs the draws of block b; on an error records it (if it is the lowest
 * failed draw so far) and stops. */
static void run_block(worker *w, size_t b)
{
    shared *sh = w->sh;
    size_t rows = sh->rows, d0 = b * sh->block;
    size_t d1 = d0 + sh->block < sh->draws ? d0 + sh->block : sh->draws;
    double *sum = sh->block_sum + b * rows;
    memset(w->awarded, 0, rows * sizeof *w->awarded);
    for (size_t d = d0; d < d1; d++) {
        ce_uncertainty_choice c;
        ce_error err = {{0}, 0, {0}};
        ce_uncertainty_draw(sh->p, sh->u, d, &c, w->weights, w->scratch);
        ce_status st = ce_pipeline_score(ce_uncertainty_prepared_get(sh->prep, &c), sh->vary_weights ? w->weights : NULL,
                                         &sh->u->aggregate[c.aggregate], w->ws, w->composite,
                                         w->rank, w->award, &err);
        if (st != CE_OK) {
            pthread_mutex_lock(&sh->lock);
            if (d < sh->err_draw) {
                sh->err_draw = d;
                sh->err_status = st;
                sh->err = err;
            }
            pthread_mutex_unlock(&sh->lock);
            return;
        }
        uint32_t *ranks = sh->store ? sh->store + d * rows : w->ranks + (d - d0) * rows;
        for (size_t i = 0; i < rows; i++) {
            ranks[i] = (uint32_t)w->rank[i];
            if (w->rank[i])
                sum[i] += w->composite[i];
            w->awarded[i] += w->award[i] == CE_AWARD_YES;
        }
    }
    pthread_mutex_lock(&sh->lock);
    for (size_t i = 0; i < rows; i++)
        sh->awarded[i] += w->awarded[i];
    for (size_t d = 0; sh->hist && d < d1 - d0; d++)
        for (size_t i = 0; i < rows; i++)
            sh->hist[i * (rows + 1) + w->ranks[d * rows + i]]++;
    sh->done += d1 - d0;
    pthread_mutex_unlock(&sh->lock);
}

static void *work(void *arg)
{
    worker *w = arg;
    shared *sh = w->sh;
    for (;;) {
        pthread_mutex_lock(&sh->lock);
        size_t b = sh->next_block;
        int stop = b >= sh->n_blocks || b * sh->block >= sh->err_draw;
        if (!stop)
            sh->next_block++;
        size_t done = sh->done;
        pthread_mutex_unlock(&sh->lock);
        if (w->reports && sh->u->progress)
            sh->u->progress(sh->u->progress_ctx, done, sh->draws);
        if (stop)
            break;
        run_block(w, b);
    }
    return NULL;
}

static void worker_fini(worker *w)
{
    ce_pipeline_ws_free(w->ws);
    free(w->weights);
    free(w->scratch);
    free(w->composite);
    free(w->rank);
    free(w->award);
    free(w->ranks);
    free(w->awarded);
}

static int worker_init(worker *w, shared *sh, const ce_prepared *any)
{
    size_t rows = sh->rows ? sh->rows : 1;
    *w = (worker){sh,
                  0,
                  ce_pipeline_ws_new(any),
                  malloc((sh->n_nodes + 1) * sizeof(double)),
                  malloc(2 * (sh->n_nodes + 1) * sizeof(double)),
                  malloc(rows * sizeof(double)),
                  malloc(rows * sizeof(size_t)),
                  malloc(rows * sizeof(ce_award)),
                  sh->hist ? malloc(sh->block * rows * sizeof(uint32_t)) : NULL,
                  malloc(rows * sizeof(uint32_t))};
    return w->ws && w->weights && w->scratch && w->composite && w->rank && w->award &&
           (w->ranks || !sh->hist) && w->awarded;
}

/* The statistics of row i from its rank histogram h (rows + 1 counts). */
static void summarise(ce_uncertainty_result *res, const shared *sh, size_t i, const uint32_t *h)
{
    size_t rows = sh->rows;
    uint64_t n = 0, sum = 0;
    for (size_t r = 1; r <= rows; r++) {
        n += h[r];
        sum += (uint64_t)r * h[r];
    }
    res->ranked[i] = (size_t)n;
    res->awarded[i] = sh->awarded[i];
    res->p_award[i] = (double)sh->awarded[i] / (double)sh->draws;
    if (n == 0) {
        res->mean_rank[i] = res->mean_score[i] = NAN;
        return;
    }
    res->mean_rank[i] = (double)sum / (double)n;
    res->median_rank[i] = ce_uncertainty_percentile(h, rows, 50);
    res->p05_rank[i] = ce_uncertainty_percentile(h, rows, 5);
    res->p95_rank[i] = ce_uncertainty_percentile(h, rows, 95);
    double total = 0;
    for (size_t b = 0; b < sh->n_blocks; b++)
        total += sh->block_sum[b * rows + i];
    res->mean_score[i] = total / (double)n;
}

ce_status ce_uncertainty_run(const ce_table *t, const ce_profile *p, const ce_pipeline_options *o,
                             const ce_uncertainty_options *u_in, ce_uncertainty_result **out,
                             ce_error *err)
{
    ce_status st = ce_uncertainty_check_options(u_in, UINT32_MAX, err);
    if (st != CE_OK)
        return st;
    ce_uncertainty_options u = *u_in; /* prepare_all fills its empty lists */
    ce_uncertainty_prepared *prep = NULL;
    size_t rows = ce_table_rows(t);
    shared sh = {.p = p, .u = &u, .rows = rows,
                 .n_nodes = ce_profile_node_count(p), .draws = u.draws, .block = 64,
                 .err_draw = (size_t)-1, .err_status = CE_OK};
    sh.vary_weights = u.weight_dist == CE_WEIGHT_DIRICHLET || u.weight_noise > 0;
    /* Blocks of 64 draws, larger when there are so many that their score
     * sums (blocks x rows) would pass 2^21 values (16 MB). */
    sh.n_blocks = (sh.draws + sh.block - 1) / sh.block;
    while (sh.n_blocks * (rows ? rows : 1) > ((size_t)1 << 21) && sh.block < sh.draws) {
        sh.block *= 2;
        sh.n_blocks = (sh.draws + sh.block - 1) / sh.block;
    }
    /* Ranks as histograms (rows x (rows + 1)) or as they are (draws x rows),
     * whichever takes less memory; both give the same, exact, statistics. */
    int use_hist = rows + 1 <= sh.draws;
    sh.block_sum = calloc(sh.n_blocks * (rows ? rows : 1), sizeof *sh.block_sum);
    sh.hist = use_hist ? calloc((rows ? rows : 1) * (rows + 1), sizeof *sh.hist) : NULL;
    sh.store = use_hist ? NULL : calloc(sh.draws * (rows ? rows : 1), sizeof *sh.store);
    sh.awarded = calloc(rows ? rows : 1, sizeof *sh.awarded);
    ce_uncertainty_result *res = result_new(rows, u.draws);
    uint32_t *h = calloc(rows + 1, sizeof *h);
    size_t jobs = u.jobs < sh.n_blocks ? u.jobs : sh.n_blocks;
    worker *w = calloc(jobs, sizeof *w);
    size_t n_workers = 0;
    if (!sh.block_sum || !(sh.hist || sh.store) || !sh.awarded || !res || !h || !w)
        st = ce_error_nomem(err);
    if (st == CE_OK)
        st = ce_uncertainty_prepare_all(t, p, o, &u, "draws", &prep, err);
    sh.prep = prep;
    for (; st == CE_OK && n_workers < jobs; n_workers++)
        if (!worker_init(&w[n_workers], &sh, ce_uncertainty_prepared_any(prep))) {
            worker_fini(&w[n_workers]);
            st = ce_error_nomem(err);
            break;
        }
    if (st == CE_OK && pthread_mutex_init(&sh.lock, NULL) != 0)
        st = ce_error_set(err, CE_ERR_IO, NULL, 0, "cannot create a lock for the threads");
    if (st == CE_OK) {
        /* The calling thread is worker 0 and reports progress. */
        w[0].reports = 1;
        ce_parallel_run(jobs, work, w, sizeof *w);
        pthread_mutex_destroy(&sh.lock);
        if (sh.err_draw == (size_t)-1 && u.progress)
            u.progress(u.progress_ctx, sh.draws, sh.draws);
        if (sh.err_draw != (size_t)-1) {
            st = sh.err_status;
            if (err) {
                char what[64];
                *err = sh.err;
                snprintf(what, sizeof what, "draw %zu: ", sh.err_draw + 1);
                ce_error_prefix(err, "%s", what);
            }
        }
    }
    for (size_t i = 0; st == CE_OK && i < rows; i++) {
        if (sh.hist) {
            summarise(res, &sh, i, sh.hist + i * (rows + 1));
            continue;
        }
        memset(h, 0, (rows + 1) * sizeof *h);
        for (size_t d = 0; d < sh.draws; d++)
            h[sh.store[d * rows + i]]++;
        summarise(res, &sh, i, h);
    }
    for (size_t k = 0; k < n_workers; k++)
        worker_fini(&w[k]);
    ce_uncertainty_prepared_free(prep);
    free(sh.block_sum);
    free(sh.hist);
    free(sh.store);
    free(sh.awarded);
    free(h);
    free(w);
    if (st != CE_OK) {
        ce_uncertainty_result_free(res);
        return st;
    }
    *out = res;
    return CE_OK;
}
