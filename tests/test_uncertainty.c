/* test_uncertainty.c - the staged pipeline (ce_pipeline_prepare +
 * ce_pipeline_score, pipeline.h) and the Monte Carlo uncertainty analysis
 * (uncertainty.h): a closed-form award probability, determinism over
 * threads, the weight draws and the percentile definition. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/pipeline.h"
#include "clustereval/profile.h"
#include "clustereval/status.h"
#include "clustereval/table.h"
#include "clustereval/uncertainty.h"

#include "testutil.h"

static ce_profile *g_prof;
static ce_table *g_table;

static void setup(void)
{
    ce_test_dir_init();
    g_prof = NULL;
    g_table = NULL;
}

static void teardown(void)
{
    ce_table_free(g_table);
    ce_profile_free(g_prof);
    ce_test_dir_fini();
}

TestSuite(staging, .init = setup, .fini = teardown);
TestSuite(uncertainty, .init = setup, .fini = teardown);

/* Loads a profile and data file of tests/data (CE_TEST_DATA). */
static void load_files(const char *profile, const char *data)
{
    const char *dir = getenv("CE_TEST_DATA");
    cr_assert_not_null(dir, "CE_TEST_DATA is not set");
    char pp[1024], dp[1024];
    snprintf(pp, sizeof pp, "%s/%s", dir, profile);
    snprintf(dp, sizeof dp, "%s/%s", dir, data);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_profile_load(pp, CE_ENC_AUTO, &g_prof, NULL, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_table_read(dp, g_prof, CE_ENC_AUTO, &g_table, NULL, &err), CE_OK, "%s",
                 err.msg);
}

static void load_text(const char *profile, const char *data)
{
    g_prof = ce_test_load_profile(NULL, 0, ce_test_dir, "profile.csv", profile, CE_ENC_UTF8);
    g_table = ce_test_read_table(NULL, 0, ce_test_dir, "data.csv", data, g_prof, CE_ENC_UTF8,
                                 NULL);
}

/* Doubles equal bit for bit (NaN equal to NaN). */
static int same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

/* Scores prepared pipeline pp with weights (NULL = profile) and compares
 * composite, node scores, ranks and awards with the ce_result r exactly. */
static void assert_score_equals_run(const ce_prepared *pp, const double *weights,
                                    const ce_result *r)
{
    size_t rows = r->rows;
    ce_pipeline_ws *ws = ce_pipeline_ws_new(pp);
    double *comp = malloc(rows * sizeof *comp);
    size_t *rank = malloc(rows * sizeof *rank);
    ce_award *award = malloc(rows * sizeof *award);
    cr_assert(ws && comp && rank && award);
    ce_error err = {{0}, 0, {0}};
    /* Twice, so that a second call on the same workspace is checked too. */
    for (int pass = 0; pass < 2; pass++) {
        cr_assert_eq(ce_pipeline_score(pp, weights, NULL, ws, comp, rank, award, &err), CE_OK,
                     "%s", err.msg);
        for (size_t i = 0; i < rows; i++) {
            cr_assert(same_double(comp[i], r->composite[i]), "composite[%zu] %.17g vs %.17g", i,
                      comp[i], r->composite[i]);
            cr_assert_eq(rank[i], r->rank[i], "rank[%zu] %zu vs %zu", i, rank[i], r->rank[i]);
            cr_assert_eq(award[i], r->award[i], "award[%zu] %d vs %d", i, (int)award[i],
                         (int)r->award[i]);
        }
        const double *nodes = ce_pipeline_ws_nodes(ws);
        for (size_t k = 0; k < rows * r->n_nodes; k++)
            cr_assert(same_double(nodes[k], r->nodes[k]), "nodes[%zu] %.17g vs %.17g", k,
                      nodes[k], r->nodes[k]);
    }
    ce_pipeline_ws_free(ws);
    free(comp);
    free(rank);
    free(award);
}

/* ---- staging: prepare + score reproduce run exactly ---- */

struct staging_case {
    char profile[48], data[48];
    ce_agg_method aggregate;
    ce_normalize_method normalize;
    ce_impute_method impute;
    int flatten;
    size_t top;
    char tie_break[16];
    double min_coverage;
};

ParameterizedTestParameters(staging, score_reproduces_run)
{
    static struct staging_case cases[] = {
        {"coinr-asem/profile.csv", "coinr-asem/data.csv", CE_AGG_ARITHMETIC, CE_NORMALIZE_MINMAX,
         CE_IMPUTE_NONE, 0, 10, "", 0},
        {"coinr-asem/profile.csv", "coinr-asem/data.csv", CE_AGG_GEOMETRIC, CE_NORMALIZE_MINMAX,
         CE_IMPUTE_MEAN, 0, 10, "", 0},
        {"coinr-asem/profile.csv", "coinr-asem/data.csv", CE_AGG_HARMONIC, CE_NORMALIZE_RANK,
         CE_IMPUTE_NONE, 0, 5, "", 0.8},
        {"coinr-asem/profile.csv", "coinr-asem/data.csv", CE_AGG_TOPSIS, CE_NORMALIZE_ZSCORE,
         CE_IMPUTE_MEDIAN, 0, 10, "", 0},
        {"coinr-asem/profile.csv", "coinr-asem/data.csv", CE_AGG_COPELAND, CE_NORMALIZE_MINMAX,
         CE_IMPUTE_NONE, 0, 10, "Sust", 0},
        {"coinr-asem/profile.csv", "coinr-asem/data.csv", CE_AGG_ARITHMETIC, CE_NORMALIZE_MINMAX,
         CE_IMPUTE_NONE, 1, 10, "", 0},
        {"profile-small.csv", "tie.csv", CE_AGG_ARITHMETIC, CE_NORMALIZE_MINMAX, CE_IMPUTE_NONE,
         0, 2, "", 0},
        {"profile-small.csv", "tie.csv", CE_AGG_ARITHMETIC, CE_NORMALIZE_MINMAX, CE_IMPUTE_NONE,
         0, 2, "env", 0},
        {"profile-small.csv", "tie.csv", CE_AGG_ARITHMETIC, CE_NORMALIZE_MINMAX, CE_IMPUTE_NONE,
         0, 2, "econ", 0},
        {"profile-small.csv", "small.csv", CE_AGG_ARITHMETIC, CE_NORMALIZE_MINMAX, CE_IMPUTE_NONE,
         0, 2, "", 0},
    };
    return cr_make_param_array(struct staging_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct staging_case *c, staging, score_reproduces_run)
{
    load_files(c->profile, c->data);
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    o.aggregate = c->aggregate;
    o.normalize.method = c->normalize;
    o.impute = c->impute;
    o.flatten = c->flatten;
    o.top = c->top;
    o.tie_break = c->tie_break[0] ? c->tie_break : NULL;
    o.min_coverage = c->min_coverage;
    ce_error err = {{0}, 0, {0}};
    ce_result *r = NULL;
    ce_prepared *pp = NULL;
    cr_assert_eq(ce_pipeline_run(g_table, g_prof, &o, &r, NULL, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_pipeline_prepare(g_table, g_prof, &o, &pp, NULL, &err), CE_OK, "%s",
                 err.msg);
    cr_assert_eq(ce_prepared_rows(pp), r->rows);
    for (size_t k = 0; k < r->rows * r->n_leaves; k++)
        cr_assert(same_double(ce_prepared_norm(pp)[k], r->norm[k]), "norm[%zu]", k);
    for (size_t i = 0; i < r->rows; i++)
        cr_assert(same_double(ce_prepared_coverage(pp)[i], r->coverage[i]));
    assert_score_equals_run(pp, NULL, r);
    /* The profile's weights given explicitly are the same as NULL. */
    size_t n_nodes = ce_profile_node_count(g_prof);
    double *w = malloc(n_nodes * sizeof *w);
    for (size_t k = 0; k < n_nodes; k++)
        w[k] = ce_profile_node(g_prof, k)->weight;
    assert_score_equals_run(pp, w, r);
    free(w);
    ce_prepared_free(pp);
    ce_result_free(r);
}

/* Node weights mean what --set means: the weight of a node relative to its
 * siblings, before rescaling. */
Test(staging, node_weights_equal_what_if_set)
{
    load_files("coinr-asem/profile.csv", "coinr-asem/data.csv");
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    ce_error err = {{0}, 0, {0}};
    ce_prepared *pp = NULL;
    cr_assert_eq(ce_pipeline_prepare(g_table, g_prof, &o, &pp, NULL, &err), CE_OK, "%s",
                 err.msg);
    size_t n_nodes = ce_profile_node_count(g_prof);
    double *w = malloc(n_nodes * sizeof *w);
    for (size_t k = 0; k < n_nodes; k++)
        w[k] = ce_profile_node(g_prof, k)->weight;
    w[ce_profile_find(g_prof, "Sust")] = 3;
    w[ce_profile_find(g_prof, "Physical")] = 0.25;
    cr_assert_eq(ce_profile_set_weight(g_prof, "Sust", 3, NULL, &err), CE_OK);
    cr_assert_eq(ce_profile_set_weight(g_prof, "Physical", 0.25, NULL, &err), CE_OK);
    ce_result *r = NULL;
    cr_assert_eq(ce_pipeline_run(g_table, g_prof, &o, &r, NULL, &err), CE_OK, "%s", err.msg);
    assert_score_equals_run(pp, w, r);
    free(w);
    ce_prepared_free(pp);
    ce_result_free(r);
}

/* The aggregate override equals preparing with that --aggregate. */
Test(staging, aggregate_override_equals_option)
{
    load_files("coinr-asem/profile.csv", "coinr-asem/data.csv");
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    o.aggregate = CE_AGG_GEOMETRIC; /* prepared for positive values (min-max 1-100) */
    ce_error err = {{0}, 0, {0}};
    ce_prepared *pp = NULL;
    cr_assert_eq(ce_pipeline_prepare(g_table, g_prof, &o, &pp, NULL, &err), CE_OK, "%s",
                 err.msg);
    o.aggregate = CE_AGG_HARMONIC;
    o.range_given = 1;
    o.normalize.lo = 1; /* the same matrix as geometric's */
    ce_result *r = NULL;
    cr_assert_eq(ce_pipeline_run(g_table, g_prof, &o, &r, NULL, &err), CE_OK, "%s", err.msg);
    size_t rows = r->rows;
    ce_pipeline_ws *ws = ce_pipeline_ws_new(pp);
    double *comp = malloc(rows * sizeof *comp);
    size_t *rank = malloc(rows * sizeof *rank);
    ce_agg_method m = CE_AGG_HARMONIC;
    cr_assert_eq(ce_pipeline_score(pp, NULL, &m, ws, comp, rank, NULL, &err), CE_OK, "%s",
                 err.msg);
    for (size_t i = 0; i < rows; i++) {
        cr_assert(same_double(comp[i], r->composite[i]), "composite[%zu]", i);
        cr_assert_eq(rank[i], r->rank[i]);
    }
    ce_pipeline_ws_free(ws);
    free(comp);
    free(rank);
    ce_prepared_free(pp);
    ce_result_free(r);
}

/* Many ties, random eligibility and vetoes: the reentrant ranking and award
 * rule of ce_pipeline_score against ce_rank_competition/ce_award_assign
 * (through ce_pipeline_run) for every --top, with and without tie-break. */
Test(staging, ties_and_awards_match_for_every_top)
{
    char data[8192];
    size_t len = (size_t)snprintf(data, sizeof data, "id,eligible,veto,gdp,jobs,co2,waste\n");
    unsigned seed = 7;
    for (int i = 0; i < 40; i++) {
        unsigned v[6];
        for (int k = 0; k < 6; k++) {
            seed = seed * 1103515245u + 12345u;
            v[k] = (seed >> 16) % 3;
        }
        len += (size_t)snprintf(data + len, sizeof data - len, "c%02d,%u,%u,%u,%u,%u,%s\n", i,
                                v[0] != 0, v[1] == 2 && i % 3 == 0, v[2], v[3], v[4],
                                i % 11 == 5 ? "NA" : (v[5] == 0 ? "0" : "1"));
    }
    load_text("code,name,parent,weight,direction,unit\n"
              "econ,E,,1,,\nenv,V,,1,,\n"
              "gdp,g,econ,1,+,\njobs,j,econ,1,+,\nco2,c,env,1,-,\nwaste,w,env,1,+,\n",
              data);
    const char *tie_breaks[] = {NULL, "env", "gdp"};
    for (size_t tb = 0; tb < 3; tb++)
        for (size_t top = 0; top <= 41; top++) {
            ce_pipeline_options o;
            ce_pipeline_options_init(&o);
            o.top = top;
            o.tie_break = tie_breaks[tb];
            ce_error err = {{0}, 0, {0}};
            ce_result *r = NULL;
            ce_prepared *pp = NULL;
            cr_assert_eq(ce_pipeline_run(g_table, g_prof, &o, &r, NULL, &err), CE_OK);
            cr_assert_eq(ce_pipeline_prepare(g_table, g_prof, &o, &pp, NULL, &err), CE_OK);
            assert_score_equals_run(pp, NULL, r);
            ce_prepared_free(pp);
            ce_result_free(r);
        }
}

Test(staging, workspace_of_another_table_is_refused)
{
    load_files("profile-small.csv", "small.csv");
    ce_table *other = NULL;
    char path[1024];
    snprintf(path, sizeof path, "%s/tie.csv", getenv("CE_TEST_DATA"));
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_table_read(path, g_prof, CE_ENC_AUTO, &other, NULL, &err), CE_OK);
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    ce_prepared *a = NULL, *b = NULL;
    cr_assert_eq(ce_pipeline_prepare(g_table, g_prof, &o, &a, NULL, &err), CE_OK);
    cr_assert_eq(ce_pipeline_prepare(other, g_prof, &o, &b, NULL, &err), CE_OK);
    ce_pipeline_ws *ws = ce_pipeline_ws_new(a); /* 5 rows; tie.csv has 6 */
    double comp[6];
    size_t rank[6];
    cr_assert_eq(ce_pipeline_score(b, NULL, NULL, ws, comp, rank, NULL, &err), CE_ERR_USAGE);
    ce_pipeline_ws_free(ws);
    ce_prepared_free(a);
    ce_prepared_free(b);
    ce_table_free(other);
}

/* ---- uncertainty: a closed-form award probability ----
 *
 * Two dimensions with one indicator each (equal nominal weights), top 1.
 * x1: A 100, B 0, C 0 -> normalised 100, 0, 0
 * x2: A 0, B 60, C 100 -> normalised 0, 60, 100
 * With w1 the rescaled weight of d1: A = 100 w1, B = 60 (1 - w1); C is not
 * eligible. A is awarded iff 100 w1 > 60 (1 - w1), i.e. w1 > t = 0.375.
 * Uniform noise a: w1 = X / (X + Y), X, Y ~ U(1-a, 1+a) independent, and
 * w1 > t iff Y < X (1-t)/t = 5X/3. For a = 0.5 (X, Y on [0.5, 1.5]):
 *   P(B) = P(Y > 5X/3) = int_0.5^0.9 (1.5 - 5x/3) dx = 2/15,  P(A) = 13/15.
 * Dirichlet with concentration K: w1 ~ Beta(K/2, K/2), P(A) = 1 - I_t(K/2, K/2). */
static const char TWO_PROFILE[] = "code,name,parent,weight,direction,unit\n"
                                  "d1,D1,,1,,\n"
                                  "d2,D2,,1,,\n"
                                  "x1,X1,d1,1,+,\n"
                                  "x2,X2,d2,1,+,\n";
static const char TWO_DATA[] = "id,eligible,x1,x2\n"
                               "A,1,100,0\n"
                               "B,1,0,60\n"
                               "C,0,0,100\n";

static ce_uncertainty_result *run_mc(const ce_pipeline_options *o, const ce_uncertainty_options *u)
{
    ce_uncertainty_result *res = NULL;
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_uncertainty_run(g_table, g_prof, o, u, &res, &err);
    cr_assert_eq(st, CE_OK, "%s:%zu: %s", err.file, err.line, err.msg);
    return res;
}

Test(uncertainty, p_award_uniform_closed_form)
{
    load_text(TWO_PROFILE, TWO_DATA);
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    o.top = 1;
    ce_uncertainty_options u;
    ce_uncertainty_options_init(&u);
    u.draws = 20000;
    u.weight_noise = 0.5;
    u.jobs = 2;
    ce_uncertainty_result *res = run_mc(&o, &u);
    /* Binomial sd at N = 20000: sqrt(13/15 * 2/15 / 20000) = 0.0024; allow 4.5 sd. */
    double p = 13.0 / 15.0, tol = 4.5 * sqrt(p * (1 - p) / 20000.0);
    cr_assert_float_eq(res->p_award[0], p, tol, "P(A) = %.5f, want %.5f +- %.4f",
                       res->p_award[0], p, tol);
    cr_assert_float_eq(res->p_award[1], 1 - p, tol, "P(B) = %.5f", res->p_award[1]);
    cr_assert_eq(res->awarded[0] + res->awarded[1], 20000, "exactly one award per draw");
    cr_assert_eq(res->awarded[2], 0, "C is not eligible");
    cr_assert_eq(res->ranked[0], 20000);
    /* C (100 w2) always beats B (60 w2). A is first when w1 > 1/2 (P 1/2),
     * second when 0.375 < w1 < 1/2 (P 11/30), third otherwise (P 2/15);
     * B second with P 2/15, else third; C first with P 1/2, else second. */
    cr_assert_eq(res->p05_rank[0], 1);
    cr_assert_eq(res->p95_rank[0], 3);
    cr_assert_eq(res->p05_rank[1], 2);
    cr_assert_eq(res->p95_rank[1], 3);
    cr_assert_eq(res->p05_rank[2], 1);
    cr_assert_eq(res->p95_rank[2], 2);
    cr_assert_float_eq(res->mean_rank[0], 1 * 0.5 + 2 * 11.0 / 30 + 3 * 2.0 / 15,
                       4.5 * 0.72 / sqrt(20000.0), "mean rank of A %.4f", res->mean_rank[0]);
    /* Mean score of C: 100 E[w2] = 50 by symmetry, within 4.5 sd of the mean. */
    cr_assert_float_eq(res->mean_score[2], 50, 4.5 * 100 * 0.25 / sqrt(3 * 20000.0),
                       "mean score of C %.4f", res->mean_score[2]);
    ce_uncertainty_result_free(res);
}

Test(uncertainty, p_award_dirichlet_closed_form)
{
    load_text(TWO_PROFILE, TWO_DATA);
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    o.top = 1;
    ce_uncertainty_options u;
    ce_uncertainty_options_init(&u);
    u.draws = 20000;
    u.weight_dist = CE_WEIGHT_DIRICHLET;
    u.concentration = 10;
    u.jobs = 3;
    ce_uncertainty_result *res = run_mc(&o, &u);
    double p = gsl_cdf_beta_Q(0.375, 5, 5), tol = 4.5 * sqrt(p * (1 - p) / 20000.0);
    cr_assert_float_eq(res->p_award[0], p, tol, "P(A) = %.5f, want %.5f +- %.4f",
                       res->p_award[0], p, tol);
    ce_uncertainty_result_free(res);
}

/* ---- determinism ---- */

static void assert_results_equal(const ce_uncertainty_result *a, const ce_uncertainty_result *b)
{
    size_t n = a->rows;
    cr_assert_eq(a->rows, b->rows);
    cr_assert_eq(memcmp(a->ranked, b->ranked, n * sizeof *a->ranked), 0);
    cr_assert_eq(memcmp(a->awarded, b->awarded, n * sizeof *a->awarded), 0);
    cr_assert_eq(memcmp(a->p_award, b->p_award, n * sizeof *a->p_award), 0);
    cr_assert_eq(memcmp(a->mean_rank, b->mean_rank, n * sizeof *a->mean_rank), 0);
    cr_assert_eq(memcmp(a->median_rank, b->median_rank, n * sizeof *a->median_rank), 0);
    cr_assert_eq(memcmp(a->p05_rank, b->p05_rank, n * sizeof *a->p05_rank), 0);
    cr_assert_eq(memcmp(a->p95_rank, b->p95_rank, n * sizeof *a->p95_rank), 0);
    cr_assert_eq(memcmp(a->mean_score, b->mean_score, n * sizeof *a->mean_score), 0,
                 "mean scores differ");
}

struct jobs_case {
    size_t draws;        /* 300 > 52: rank histograms; 40 < 52: ranks stored per draw */
    ce_weight_dist dist;
};

ParameterizedTestParameters(uncertainty, identical_for_any_jobs)
{
    static struct jobs_case cases[] = {{300, CE_WEIGHT_UNIFORM}, {40, CE_WEIGHT_UNIFORM},
                                       {300, CE_WEIGHT_DIRICHLET}};
    return cr_make_param_array(struct jobs_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct jobs_case *c, uncertainty, identical_for_any_jobs)
{
    load_files("coinr-asem/profile.csv", "coinr-asem/data.csv");
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    ce_uncertainty_options u;
    ce_uncertainty_options_init(&u);
    u.draws = c->draws;
    u.weight_dist = c->dist;
    u.normalize[u.n_normalize++] = CE_NORMALIZE_MINMAX;
    u.normalize[u.n_normalize++] = CE_NORMALIZE_RANK;
    u.aggregate[u.n_aggregate++] = CE_AGG_ARITHMETIC;
    u.aggregate[u.n_aggregate++] = CE_AGG_GEOMETRIC;
    u.impute[u.n_impute++] = CE_IMPUTE_NONE;
    u.impute[u.n_impute++] = CE_IMPUTE_MEAN;
    u.jobs = 1;
    ce_uncertainty_result *one = run_mc(&o, &u);
    u.jobs = 2;
    ce_uncertainty_result *two = run_mc(&o, &u);
    u.jobs = 4;
    ce_uncertainty_result *four = run_mc(&o, &u);
    assert_results_equal(one, two);
    assert_results_equal(one, four);
    /* Another seed gives other results. */
    u.seed = 1;
    ce_uncertainty_result *other = run_mc(&o, &u);
    cr_assert_neq(memcmp(one->mean_rank, other->mean_rank, one->rows * sizeof(double)), 0);
    ce_uncertainty_result_free(one);
    ce_uncertainty_result_free(two);
    ce_uncertainty_result_free(four);
    ce_uncertainty_result_free(other);
}

/* The run's statistics against a plain replay of its draws: draw d's
 * choices and weights (ce_uncertainty_draw), scored one after another. */
ParameterizedTestParameters(uncertainty, statistics_match_a_replay)
{
    static size_t draws[] = {40, 300};
    return cr_make_param_array(size_t, draws, 2);
}

ParameterizedTest(size_t *draws, uncertainty, statistics_match_a_replay)
{
    load_files("coinr-asem/profile.csv", "coinr-asem/data.csv");
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    o.top = 8;
    ce_uncertainty_options u;
    ce_uncertainty_options_init(&u);
    u.draws = *draws;
    u.jobs = 2;
    ce_uncertainty_result *res = run_mc(&o, &u);

    ce_error err = {{0}, 0, {0}};
    ce_prepared *pp = NULL;
    cr_assert_eq(ce_pipeline_prepare(g_table, g_prof, &o, &pp, NULL, &err), CE_OK);
    size_t rows = ce_prepared_rows(pp), n_nodes = ce_profile_node_count(g_prof);
    ce_pipeline_ws *ws = ce_pipeline_ws_new(pp);
    double *w = malloc(n_nodes * sizeof *w), *scratch = malloc(2 * n_nodes * sizeof *scratch);
    double *comp = malloc(rows * sizeof *comp), *sum = calloc(rows, sizeof *sum);
    size_t *rank = malloc(rows * sizeof *rank), *awarded = calloc(rows, sizeof *awarded);
    size_t *ranked = calloc(rows, sizeof *ranked), *rank_sum = calloc(rows, sizeof *rank_sum);
    uint32_t *hist = calloc(rows * (rows + 1), sizeof *hist);
    ce_award *award = malloc(rows * sizeof *award);
    for (size_t d = 0; d < u.draws; d++) {
        ce_uncertainty_choice c;
        ce_uncertainty_draw(g_prof, &u, d, &c, w, scratch);
        cr_assert_eq(ce_pipeline_score(pp, w, NULL, ws, comp, rank, award, &err), CE_OK);
        for (size_t i = 0; i < rows; i++) {
            hist[i * (rows + 1) + rank[i]]++;
            awarded[i] += award[i] == CE_AWARD_YES;
            if (rank[i]) {
                ranked[i]++;
                rank_sum[i] += rank[i];
                sum[i] += comp[i];
            }
        }
    }
    for (size_t i = 0; i < rows; i++) {
        cr_assert_eq(res->ranked[i], ranked[i]);
        cr_assert_eq(res->awarded[i], awarded[i], "row %zu: %zu vs %zu", i, res->awarded[i],
                     awarded[i]);
        cr_assert(same_double(res->p_award[i], (double)awarded[i] / (double)u.draws));
        cr_assert(same_double(res->mean_rank[i], (double)rank_sum[i] / (double)ranked[i]));
        const uint32_t *h = hist + i * (rows + 1);
        cr_assert_eq(res->median_rank[i], ce_uncertainty_percentile(h, rows, 50));
        cr_assert_eq(res->p05_rank[i], ce_uncertainty_percentile(h, rows, 5));
        cr_assert_eq(res->p95_rank[i], ce_uncertainty_percentile(h, rows, 95));
        /* Summed per block of draws there, one by one here. */
        cr_assert_float_eq(res->mean_score[i], sum[i] / (double)ranked[i], 1e-9);
    }
    free(w);
    free(scratch);
    free(comp);
    free(sum);
    free(rank);
    free(awarded);
    free(ranked);
    free(rank_sum);
    free(hist);
    free(award);
    ce_pipeline_ws_free(ws);
    ce_prepared_free(pp);
    ce_uncertainty_result_free(res);
}

/* Without weight noise every draw is the nominal run. */
Test(uncertainty, no_noise_gives_the_nominal_ranking)
{
    load_files("coinr-asem/profile.csv", "coinr-asem/data.csv");
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    ce_uncertainty_options u;
    ce_uncertainty_options_init(&u);
    u.draws = 100;
    u.weight_noise = 0;
    ce_uncertainty_result *res = run_mc(&o, &u);
    ce_result *r = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_pipeline_run(g_table, g_prof, &o, &r, NULL, &err), CE_OK);
    for (size_t i = 0; i < r->rows; i++) {
        cr_assert_eq(res->median_rank[i], r->rank[i]);
        cr_assert_eq(res->p05_rank[i], r->rank[i]);
        cr_assert_eq(res->p95_rank[i], r->rank[i]);
        cr_assert_float_eq(res->mean_rank[i], (double)r->rank[i], 0.0);
        cr_assert_float_eq(res->p_award[i], r->award[i] == CE_AWARD_YES ? 1.0 : 0.0, 0.0);
        cr_assert_float_eq(res->mean_score[i], r->composite[i], 1e-12);
    }
    ce_result_free(r);
    ce_uncertainty_result_free(res);
}

/* A tie at the last award place is not an award (README "Awards and
 * ties"): two dimensions, one indicator each; A beats B in both, B beats
 * C and D (identical) in both, E is last in both, so under any weights
 * A > B > C = D > E. With --top 3, C and D tie for place 3: award = tie,
 * amount 0, in every draw; the awards given are top - 1 = 2 per draw.
 * With --top 4 the tied pair fits and both are awarded. */
static const char TIE_DATA[] = "id,x1,x2\n"
                               "A,10,10\n"
                               "B,8,8\n"
                               "C,5,5\n"
                               "D,5,5\n"
                               "E,1,1\n";

static void assert_tie_draws(double noise, size_t top, const double *want)
{
    load_text(TWO_PROFILE, TIE_DATA);
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    o.top = top;
    ce_uncertainty_options u;
    ce_uncertainty_options_init(&u);
    u.draws = 200;
    u.weight_noise = noise;
    u.jobs = 2;
    ce_uncertainty_result *res = run_mc(&o, &u);
    uint32_t given = 0;
    double p_sum = 0;
    for (size_t i = 0; i < 5; i++) {
        cr_assert_float_eq(res->p_award[i], want[i], 0.0, "top %zu, noise %g: P(award) of %c = %g",
                           top, noise, (int)('A' + i), res->p_award[i]);
        cr_assert_eq(res->ranked[i], 200);
        given += res->awarded[i];
        p_sum += res->p_award[i];
    }
    size_t awards = top == 3 ? 2 : 4;
    cr_assert_eq(given, 200 * awards, "top %zu: %u awards in 200 draws, want %zu per draw", top,
                 given, awards);
    cr_assert_float_eq(p_sum, (double)awards, 1e-12, "top %zu: P(award) sums to %g", top, p_sum);
    /* The tied pair always shares rank 3. */
    cr_assert_eq(res->p05_rank[2], 3);
    cr_assert_eq(res->p95_rank[2], 3);
    cr_assert_eq(res->p05_rank[3], 3);
    cr_assert_eq(res->p95_rank[3], 3);
    cr_assert_eq(res->p95_rank[4], 5);
    ce_uncertainty_result_free(res);
}

Test(uncertainty, tie_at_the_last_award_place_is_no_award)
{
    static const double want[] = {1, 1, 0, 0, 0};
    assert_tie_draws(0, 3, want);
}

Test(uncertainty, tie_at_the_last_award_place_under_noise_is_no_award)
{
    static const double want[] = {1, 1, 0, 0, 0};
    assert_tie_draws(0.25, 3, want);
}

Test(uncertainty, tie_that_fits_within_top_is_awarded)
{
    static const double want[] = {1, 1, 1, 1, 0};
    assert_tie_draws(0, 4, want);
}

/* ---- the weight draws ---- */

static const char TREE[] = "code,name,parent,weight,direction,unit\n"
                           "a,A,,2,,\n"
                           "b,B,,1,,\n"
                           "c,C,,0,,\n"    /* weight 0: stays 0 */
                           "a1,a1,a,1,+,\n"
                           "a2,a2,a,3,+,\n"
                           "ag,ag,a,1,,\n" /* a subgroup */
                           "g1,g1,ag,1,+,\n"
                           "g2,g2,ag,1,+,\n"
                           "g3,g3,ag,4,+,\n"
                           "b1,b1,b,5,+,\n" /* alone: weight 1 */
                           "c1,c1,c,1,+,\n";

/* Sum of the drawn weights of the children of node (CE_NO_PARENT: the dimensions). */
static double group_sum(const double *w, size_t node)
{
    double s = 0;
    for (size_t k = 0; k < ce_profile_node_count(g_prof); k++)
        if (ce_profile_node(g_prof, k)->parent == node)
            s += w[k];
    return s;
}

static size_t at(const char *code) { return ce_profile_find(g_prof, code); }

Test(uncertainty, dirichlet_weights_sum_to_one_per_group)
{
    g_prof = ce_test_load_profile(NULL, 0, ce_test_dir, "tree.csv", TREE, CE_ENC_UTF8);
    ce_uncertainty_options u;
    ce_uncertainty_options_init(&u);
    u.weight_dist = CE_WEIGHT_DIRICHLET;
    u.concentration = 20;
    size_t n = ce_profile_node_count(g_prof);
    double w[16], scratch[32], mean_a2 = 0;
    ce_uncertainty_choice c;
    const size_t N = 20000;
    for (size_t d = 0; d < N; d++) {
        ce_uncertainty_draw(g_prof, &u, d, &c, w, scratch);
        cr_assert_float_eq(group_sum(w, CE_NO_PARENT), 1.0, 1e-12, "draw %zu", d);
        cr_assert_float_eq(group_sum(w, at("a")), 1.0, 1e-12);
        cr_assert_float_eq(group_sum(w, at("ag")), 1.0, 1e-12);
        cr_assert_float_eq(w[at("b1")], 1.0, 0.0);
        cr_assert_float_eq(w[at("c")], 0.0, 0.0);
        cr_assert_float_eq(w[at("c1")], 1.0, 0.0);
        for (size_t k = 0; k < n; k++)
            cr_assert(w[k] >= 0 && w[k] <= 1);
        mean_a2 += w[at("a2")];
    }
    /* E[a2] = 3/5, sd = sqrt(m (1 - m) / (K + 1)) = 0.107 per draw. */
    mean_a2 /= (double)N;
    cr_assert_float_eq(mean_a2, 0.6, 4.5 * sqrt(0.24 / 21.0 / (double)N), "mean %.5f", mean_a2);
}

Test(uncertainty, uniform_weights_stay_within_the_noise)
{
    g_prof = ce_test_load_profile(NULL, 0, ce_test_dir, "tree.csv", TREE, CE_ENC_UTF8);
    ce_uncertainty_options u;
    ce_uncertainty_options_init(&u);
    u.weight_noise = 0.25;
    double w[16], again[16], scratch[32];
    ce_uncertainty_choice c;
    for (size_t d = 0; d < 5000; d++) {
        ce_uncertainty_draw(g_prof, &u, d, &c, w, scratch);
        cr_assert_float_eq(group_sum(w, CE_NO_PARENT), 1.0, 1e-12);
        cr_assert_float_eq(group_sum(w, at("ag")), 1.0, 1e-12);
        /* a / b = 2 (1 + u_a) / (1 + u_b) within [2 * 0.75/1.25, 2 * 1.25/0.75] */
        double ratio = w[at("a")] / w[at("b")];
        cr_assert(ratio >= 2 * 0.75 / 1.25 - 1e-12 && ratio <= 2 * 1.25 / 0.75 + 1e-12,
                  "ratio %.6f", ratio);
        cr_assert_float_eq(w[at("c")], 0.0, 0.0);
        /* A function of (seed, d) only. */
        ce_uncertainty_draw(g_prof, &u, d, &c, again, scratch);
        cr_assert_eq(memcmp(w, again, ce_profile_node_count(g_prof) * sizeof *w), 0);
    }
    double other[16];
    ce_uncertainty_draw(g_prof, &u, 1, &c, other, scratch);
    ce_uncertainty_draw(g_prof, &u, 2, &c, w, scratch);
    cr_assert_neq(memcmp(w, other, ce_profile_node_count(g_prof) * sizeof *w), 0);
}

Test(uncertainty, method_choices_are_uniform)
{
    g_prof = ce_test_load_profile(NULL, 0, ce_test_dir, "tree.csv", TREE, CE_ENC_UTF8);
    ce_uncertainty_options u;
    ce_uncertainty_options_init(&u);
    u.n_normalize = 3;
    u.n_aggregate = 2;
    size_t count[3] = {0, 0, 0}, agg = 0, N = 30000;
    double w[16], scratch[32];
    ce_uncertainty_choice c;
    for (size_t d = 0; d < N; d++) {
        ce_uncertainty_draw(g_prof, &u, d, &c, w, scratch);
        cr_assert(c.normalize < 3 && c.aggregate < 2 && c.impute == 0);
        count[c.normalize]++;
        agg += c.aggregate;
    }
    double tol = 4.5 * sqrt(N * (1 / 3.0) * (2 / 3.0));
    for (size_t k = 0; k < 3; k++)
        cr_assert_float_eq((double)count[k], N / 3.0, tol, "normalize %zu: %zu", k, count[k]);
    cr_assert_float_eq((double)agg, N / 2.0, 4.5 * sqrt(N * 0.25));
}

/* ---- the percentile definition ---- */

Test(uncertainty, nearest_rank_percentiles)
{
    /* ranks 1 1 2 2 2 4 4 4 4 5 (N = 10); count[0] (unranked) is ignored */
    const uint32_t count[6] = {7, 2, 3, 0, 4, 1};
    cr_assert_eq(ce_uncertainty_percentile(count, 5, 5), 1);   /* need ceil(0.5) = 1 */
    cr_assert_eq(ce_uncertainty_percentile(count, 5, 20), 1);  /* need 2 */
    cr_assert_eq(ce_uncertainty_percentile(count, 5, 21), 2);  /* need ceil(2.1) = 3 */
    cr_assert_eq(ce_uncertainty_percentile(count, 5, 50), 2);  /* need 5: the lower median */
    cr_assert_eq(ce_uncertainty_percentile(count, 5, 51), 4);  /* need 6 */
    cr_assert_eq(ce_uncertainty_percentile(count, 5, 90), 4);  /* need 9 */
    cr_assert_eq(ce_uncertainty_percentile(count, 5, 95), 5);  /* need ceil(9.5) = 10 */
    cr_assert_eq(ce_uncertainty_percentile(count, 5, 100), 5);
    const uint32_t none[4] = {12, 0, 0, 0};
    cr_assert_eq(ce_uncertainty_percentile(none, 3, 50), 0, "never ranked");
    /* 1000 draws: p05 needs 50 draws, p95 950. */
    uint32_t big[4] = {0, 50, 900, 50};
    cr_assert_eq(ce_uncertainty_percentile(big, 3, 5), 1);
    cr_assert_eq(ce_uncertainty_percentile(big, 3, 95), 2);
    big[1] = 49;
    big[2] = 901;
    cr_assert_eq(ce_uncertainty_percentile(big, 3, 5), 2);
}

/* ---- errors ---- */

Test(uncertainty, bad_options_are_usage_errors)
{
    load_text(TWO_PROFILE, TWO_DATA);
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    ce_uncertainty_options u;
    ce_error err = {{0}, 0, {0}};
    ce_uncertainty_result *res = NULL;
    ce_uncertainty_options_init(&u);
    u.draws = 0;
    cr_assert_eq(ce_uncertainty_run(g_table, g_prof, &o, &u, &res, &err), CE_ERR_USAGE);
    ce_uncertainty_options_init(&u);
    u.weight_noise = 1;
    cr_assert_eq(ce_uncertainty_run(g_table, g_prof, &o, &u, &res, &err), CE_ERR_USAGE);
    ce_uncertainty_options_init(&u);
    u.jobs = 0;
    cr_assert_eq(ce_uncertainty_run(g_table, g_prof, &o, &u, &res, &err), CE_ERR_USAGE);
    ce_uncertainty_options_init(&u);
    u.weight_dist = CE_WEIGHT_DIRICHLET;
    u.concentration = 0;
    cr_assert_eq(ce_uncertainty_run(g_table, g_prof, &o, &u, &res, &err), CE_ERR_USAGE);
    cr_assert_null(res);
}

/* z-scores are negative: drawing them with geometric aggregation is refused
 * before any draw, naming the combination and the cluster. */
Test(uncertainty, zscore_with_geometric_is_refused)
{
    load_text(TWO_PROFILE, TWO_DATA);
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    ce_uncertainty_options u;
    ce_uncertainty_options_init(&u);
    u.normalize[u.n_normalize++] = CE_NORMALIZE_MINMAX;
    u.normalize[u.n_normalize++] = CE_NORMALIZE_ZSCORE;
    u.aggregate[u.n_aggregate++] = CE_AGG_ARITHMETIC;
    u.aggregate[u.n_aggregate++] = CE_AGG_GEOMETRIC;
    ce_error err = {{0}, 0, {0}};
    ce_uncertainty_result *res = NULL;
    cr_assert_eq(ce_uncertainty_run(g_table, g_prof, &o, &u, &res, &err), CE_ERR_DATA);
    cr_assert_null(res);
    cr_assert_not_null(strstr(err.msg, "draws with --impute none --normalize zscore "
                                       "--aggregate geometric cannot be scored: cluster"),
                       "message: %s", err.msg);
    cr_assert_not_null(strstr(err.file, "data.csv"), "file: %s", err.file);
    cr_assert_gt(err.line, 1);
    /* Without geometric the same lists work. */
    u.n_aggregate = 1;
    res = run_mc(&o, &u);
    ce_uncertainty_result_free(res);
}
