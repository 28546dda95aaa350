/* test_sensitivity.c - the Sobol sensitivity of the ranking and the
 * remove_elements check (sensitivity.h) on small profiles and data
 * written to a temporary folder. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/pipeline.h"
#include "clustereval/profile.h"
#include "clustereval/sensitivity.h"
#include "clustereval/status.h"
#include "clustereval/table.h"

#include "testutil.h"

static ce_profile *g_prof;
static ce_table *g_table;
static ce_sensitivity_result *g_res;
static ce_sensitivity_removal *g_rem;
static ce_pipeline_options g_o;
static ce_sensitivity_options g_s;

static void setup(void)
{
    ce_test_dir_init();
    g_prof = NULL;
    g_table = NULL;
    g_res = NULL;
    g_rem = NULL;
    ce_pipeline_options_init(&g_o);
    ce_sensitivity_options_init(&g_s);
    g_s.mc.draws = 512;
    g_s.bootstrap = 200;
}

static void teardown(void)
{
    ce_sensitivity_removal_free(g_rem);
    ce_sensitivity_result_free(g_res);
    ce_table_free(g_table);
    ce_profile_free(g_prof);
    ce_test_dir_fini();
}

TestSuite(sensitivity, .init = setup, .fini = teardown);

static void load(const char *profile, const char *data)
{
    g_prof = ce_test_load_profile(NULL, 0, ce_test_dir, "profile.csv", profile, CE_ENC_UTF8);
    g_table = ce_test_read_table(NULL, 0, ce_test_dir, "data.csv", data, g_prof, CE_ENC_UTF8, NULL);
}

static ce_sensitivity_result *run(void)
{
    ce_sensitivity_result *r = NULL;
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_sensitivity_run(g_table, g_prof, &g_o, &g_s, &r, &err);
    cr_assert_eq(st, CE_OK, "sensitivity: %s", err.msg);
    cr_assert_not_null(r);
    return r;
}

/* The index of input name in r. */
static const ce_sens_index *input(const ce_sensitivity_result *r, const char *name)
{
    for (size_t k = 0; k < r->n_inputs; k++)
        if (strcmp(r->inputs[k].name, name) == 0)
            return &r->index[k];
    cr_assert_fail("no input %s", name);
    return NULL;
}

/* Dimension A's two indicators are the same column: no weighting of A can
 * change its score, so weights:A cannot move the ranking. B's two
 * indicators differ, and A and B trade off across the clusters. */
static const char PROFILE_AB[] = "code,parent,weight,direction\n"
                                 "A,,1,\n"
                                 "a1,A,1,+\n"
                                 "a2,A,1,+\n"
                                 "B,,1,\n"
                                 "b1,B,1,+\n"
                                 "b2,B,1,+\n";

static const char DATA_AB[] = "id,a1,a2,b1,b2\n"
                              "c1,10,10,0,9\n"
                              "c2,9,9,3,1\n"
                              "c3,8,8,1,8\n"
                              "c4,7,7,6,2\n"
                              "c5,6,6,2,7\n"
                              "c6,5,5,9,0\n"
                              "c7,4,4,4,6\n"
                              "c8,3,3,8,5\n"
                              "c9,2,2,5,4\n"
                              "c10,1,1,7,3\n";

Test(sensitivity, inputs_in_order)
{
    load(PROFILE_AB, DATA_AB);
    g_s.mc.normalize[0] = CE_NORMALIZE_MINMAX;
    g_s.mc.normalize[1] = CE_NORMALIZE_RANK;
    g_s.mc.n_normalize = 2;
    g_s.mc.impute[0] = CE_IMPUTE_NONE;
    g_s.mc.n_impute = 1;
    ce_sens_input in[CE_SENS_MAX_INPUTS];
    size_t n = 0;
    ce_error err;
    cr_assert_eq(ce_sensitivity_inputs(g_prof, &g_s, in, &n, &err), CE_OK, "%s", err.msg);
    static const char *const names[] = {"weights:composite", "weights:A", "weights:B",
                                        "normalize", "impute"};
    cr_assert_eq(n, 5);
    for (size_t k = 0; k < n; k++)
        cr_assert_str_eq(in[k].name, names[k]);
    cr_assert_eq(in[0].group, CE_NO_PARENT);
    cr_assert_eq(in[1].group, ce_profile_find(g_prof, "A"));
    cr_assert_eq(in[1].alternatives, 100);
    cr_assert_eq(in[3].alternatives, 2);
    cr_assert_eq(in[3].kind, CE_SENS_INPUT_NORMALIZE);
    /* Fixed weights: only the methods remain. */
    g_s.mc.weight_noise = 0;
    cr_assert_eq(ce_sensitivity_inputs(g_prof, &g_s, in, &n, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(in[0].name, "normalize");
}

Test(sensitivity, group_that_cannot_change_the_ranking)
{
    load(PROFILE_AB, DATA_AB);
    g_res = run();
    cr_assert_eq(g_res->n_inputs, 3);
    cr_assert_eq(g_res->base, 512);
    cr_assert_eq(g_res->runs, 512 * 5);
    cr_assert_gt(g_res->y_sd, 0.05, "Y must vary: sd %g", g_res->y_sd);
    /* f(AB_A) = f(A) run for run, so both estimators are exactly 0. */
    const ce_sens_index *a = input(g_res, "weights:A");
    cr_assert_float_eq(a->si, 0, 1e-12, "S = %g", a->si);
    cr_assert_float_eq(a->sti, 0, 1e-12, "ST = %g", a->sti);
    cr_assert_float_eq(a->sti_lo, 0, 1e-12);
    cr_assert_float_eq(a->sti_hi, 0, 1e-12);
    for (size_t j = 0; j < g_res->base; j++)
        cr_assert_eq(g_res->y[2 * g_res->base + 1 * g_res->base + j], g_res->y[j]);
    /* The two that matter. */
    const ce_sens_index *c = input(g_res, "weights:composite"), *b = input(g_res, "weights:B");
    cr_assert_gt(c->sti, 0.1, "ST composite = %g", c->sti);
    cr_assert_gt(b->sti, 0.1, "ST B = %g", b->sti);
    for (size_t k = 0; k < g_res->n_inputs; k++) {
        const ce_sens_index *ix = &g_res->index[k];
        cr_assert(ix->sti_lo <= ix->sti && ix->sti <= ix->sti_hi, "%s", g_res->inputs[k].name);
        cr_assert(ix->si_lo <= ix->si && ix->si <= ix->si_hi, "%s", g_res->inputs[k].name);
        cr_assert_geq(ix->sti, ix->si - 0.05, "%s: ST %g < S %g", g_res->inputs[k].name,
                      ix->sti, ix->si);
    }
}

/* With PROFILE_AB: both dimensions are pairs of identical columns, so only
 * the weights of the composite can move the ranking, and imputation has
 * nothing to fill. */
static const char DATA_TWINS[] = "id,a1,a2,b1,b2\n"
                                 "c1,10,10,0,0\n"
                                 "c2,9,9,2,2\n"
                                 "c3,8,8,2.5,2.5\n"
                                 "c4,7,7,4,4\n"
                                 "c5,6,6,4.8,4.8\n"
                                 "c6,5,5,6,6\n"
                                 "c7,4,4,6.5,6.5\n"
                                 "c8,3,3,8,8\n"
                                 "c9,2,2,8.2,8.2\n"
                                 "c10,1,1,10,10\n";

Test(sensitivity, only_one_input_matters)
{
    load(PROFILE_AB, DATA_TWINS);
    g_s.mc.draws = 2048;
    g_s.mc.impute[0] = CE_IMPUTE_NONE;
    g_s.mc.impute[1] = CE_IMPUTE_MEAN;
    g_s.mc.n_impute = 2;
    g_res = run();
    cr_assert_eq(g_res->n_inputs, 4);
    cr_assert_gt(g_res->y_sd, 0.05, "Y must vary: sd %g", g_res->y_sd);
    static const char *const idle[] = {"weights:A", "weights:B", "impute"};
    for (size_t k = 0; k < 3; k++) {
        const ce_sens_index *ix = input(g_res, idle[k]);
        cr_assert_float_eq(ix->si, 0, 1e-12, "%s: S = %g", idle[k], ix->si);
        cr_assert_float_eq(ix->sti, 0, 1e-12, "%s: ST = %g", idle[k], ix->sti);
    }
    /* The only source of variance: S = ST = 1 (estimated). */
    const ce_sens_index *c = input(g_res, "weights:composite");
    cr_assert_float_eq(c->sti, 1, 0.05, "ST = %g", c->sti);
    cr_assert_float_eq(c->si, 1, 0.05, "S = %g", c->si);
    cr_assert(c->sti_lo <= 1 + 0.05 && c->sti_hi >= 1 - 0.05, "[%g, %g]", c->sti_lo, c->sti_hi);
}

Test(sensitivity, nothing_varies_gives_zero)
{
    /* Dirichlet weights, but neither group can move the ranking (every
     * cluster has the same score in A and B): Y = 0 in every run. */
    load(PROFILE_AB, "id,a1,a2,b1,b2\nc1,1,1,1,1\nc2,2,2,2,2\nc3,3,3,3,3\n");
    g_s.mc.weight_dist = CE_WEIGHT_DIRICHLET;
    g_s.mc.draws = 64;
    g_res = run();
    cr_assert_eq(g_res->y_sd, 0);
    for (size_t k = 0; k < g_res->n_inputs; k++)
        cr_assert(g_res->index[k].si == 0 && g_res->index[k].sti == 0);
}

Test(sensitivity, same_result_for_any_jobs)
{
    load(PROFILE_AB, DATA_AB);
    g_s.mc.draws = 300; /* not a multiple of the blocks of runs */
    g_s.mc.weight_dist = CE_WEIGHT_DIRICHLET;
    g_s.mc.normalize[0] = CE_NORMALIZE_MINMAX;
    g_s.mc.normalize[1] = CE_NORMALIZE_ZSCORE;
    g_s.mc.n_normalize = 2;
    g_s.mc.jobs = 1;
    ce_sensitivity_result *one = run();
    g_s.mc.jobs = 2;
    ce_sensitivity_result *two = run();
    g_s.mc.jobs = 7;
    g_res = run();
    cr_assert_eq(one->runs, 300 * 6);
    cr_assert_eq(memcmp(one->y, two->y, one->runs * sizeof *one->y), 0);
    cr_assert_eq(memcmp(one->y, g_res->y, one->runs * sizeof *one->y), 0);
    cr_assert_eq(memcmp(one->index, two->index, one->n_inputs * sizeof *one->index), 0);
    cr_assert_eq(memcmp(one->index, g_res->index, one->n_inputs * sizeof *one->index), 0);
    /* Another seed, another design of alternatives. */
    g_s.mc.seed = 7;
    ce_sensitivity_result *other = run();
    cr_assert_neq(memcmp(one->y, other->y, one->runs * sizeof *one->y), 0);
    ce_sensitivity_result_free(one);
    ce_sensitivity_result_free(two);
    ce_sensitivity_result_free(other);
}

/* A profile of n_dims dimensions of two indicators each, and 4 clusters. */
static void load_wide(size_t n_dims)
{
    char profile[4096] = "code,parent,weight,direction\n", data[4096] = "id";
    char rows[4][1024] = {"\nc1", "\nc2", "\nc3", "\nc4"};
    size_t lp = strlen(profile), ld = strlen(data);
    for (size_t k = 0; k < n_dims; k++) {
        lp += (size_t)snprintf(profile + lp, sizeof profile - lp,
                               "D%zu,,1,\nx%zu,D%zu,1,+\ny%zu,D%zu,1,+\n", k, k, k, k, k);
        ld += (size_t)snprintf(data + ld, sizeof data - ld, ",x%zu,y%zu", k, k);
        for (size_t r = 0; r < 4; r++) {
            size_t lr = strlen(rows[r]);
            snprintf(rows[r] + lr, sizeof rows[r] - lr, ",%zu,%zu", (r * 7 + k) % 5,
                     (r * 3 + 2 * k) % 7);
        }
    }
    cr_assert_lt(lp, sizeof profile - 1);
    for (size_t r = 0; r < 4; r++)
        ld += (size_t)snprintf(data + ld, sizeof data - ld, "%s", rows[r]);
    cr_assert_lt(ld, sizeof data - 2);
    strcat(data, "\n");
    load(profile, data);
}

Test(sensitivity, at_most_twenty_inputs)
{
    /* 19 dimensions of two: 20 weight groups with the composite. */
    load_wide(19);
    ce_sens_input in[CE_SENS_MAX_INPUTS];
    size_t n = 0;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_sensitivity_inputs(g_prof, &g_s, in, &n, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(n, 20);
    cr_assert_str_eq(in[19].name, "weights:D18");
    g_s.mc.draws = 8;
    g_s.bootstrap = 10;
    g_res = run();
    cr_assert_eq(g_res->n_inputs, 20);
    /* One method more: 21. */
    g_s.mc.aggregate[0] = CE_AGG_ARITHMETIC;
    g_s.mc.aggregate[1] = CE_AGG_TOPSIS;
    g_s.mc.n_aggregate = 2;
    cr_assert_eq(ce_sensitivity_inputs(g_prof, &g_s, in, &n, &err), CE_ERR_USAGE);
    cr_assert(strstr(err.msg, "21 uncertain inputs (20 weight groups, 1 method)"), "%s",
              err.msg);
    cr_assert(strstr(err.msg, "at most 20"), "%s", err.msg);
    ce_sensitivity_result *r = NULL;
    cr_assert_eq(ce_sensitivity_run(g_table, g_prof, &g_o, &g_s, &r, &err), CE_ERR_USAGE);
    cr_assert_null(r);
    cr_assert_eq(err.file[0], '\0');
}

Test(sensitivity, more_than_twenty_weight_groups)
{
    load_wide(20);
    ce_sensitivity_result *r = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_sensitivity_run(g_table, g_prof, &g_o, &g_s, &r, &err), CE_ERR_USAGE);
    cr_assert(strstr(err.msg, "21 uncertain inputs (21 weight groups, 0 methods)"), "%s",
              err.msg);
    cr_assert_null(r);
}

Test(sensitivity, nothing_to_vary)
{
    load(PROFILE_AB, DATA_AB);
    g_s.mc.weight_noise = 0;
    ce_sensitivity_result *r = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_sensitivity_run(g_table, g_prof, &g_o, &g_s, &r, &err), CE_ERR_USAGE);
    cr_assert(strstr(err.msg, "nothing varies"), "%s", err.msg);
}

Test(sensitivity, bad_options)
{
    load(PROFILE_AB, DATA_AB);
    ce_sensitivity_result *r = NULL;
    ce_error err = {{0}, 0, {0}};
    g_s.levels = 1;
    cr_assert_eq(ce_sensitivity_run(g_table, g_prof, &g_o, &g_s, &r, &err), CE_ERR_USAGE);
    cr_assert(strstr(err.msg, "--levels"), "%s", err.msg);
    g_s.levels = 100;
    g_s.mc.draws = 0;
    cr_assert_eq(ce_sensitivity_run(g_table, g_prof, &g_o, &g_s, &r, &err), CE_ERR_USAGE);
    g_s.mc.draws = 10;
    g_s.mc.jobs = 0;
    cr_assert_eq(ce_sensitivity_run(g_table, g_prof, &g_o, &g_s, &r, &err), CE_ERR_USAGE);
    cr_assert_null(r);
}

Test(sensitivity, alternatives)
{
    load(PROFILE_AB, DATA_AB);
    ce_sens_input in[CE_SENS_MAX_INPUTS];
    size_t n = 0, nodes = ce_profile_node_count(g_prof);
    ce_error err;
    cr_assert_eq(ce_sensitivity_inputs(g_prof, &g_s, in, &n, &err), CE_OK);
    double w[16], w2[16], scratch[3 * 16];
    cr_assert_leq(nodes, 16);
    size_t a1 = ce_profile_find(g_prof, "a1"), a2 = ce_profile_find(g_prof, "a2");
    for (int dist = 0; dist < 2; dist++) {
        g_s.mc.weight_dist = dist ? CE_WEIGHT_DIRICHLET : CE_WEIGHT_UNIFORM;
        for (size_t l = 0; l < 5; l++) {
            for (size_t k = 0; k < nodes; k++)
                w[k] = w2[k] = -1;
            ce_sensitivity_alternative(g_prof, &g_s, &in[1], l, w, scratch);
            ce_sensitivity_alternative(g_prof, &g_s, &in[1], l, w2, scratch);
            cr_assert_eq(memcmp(w, w2, nodes * sizeof *w), 0, "deterministic");
            cr_assert_float_eq(w[a1] + w[a2], 1, 1e-12);
            cr_assert(w[a1] > 0 && w[a2] > 0);
            if (!dist) /* uniform +-25%: a share within [0.75/2.25 .. 1.25/2.25] */
                cr_assert(w[a1] >= 0.75 / 2 - 0.05 && w[a1] <= 1.25 / 2 + 0.05, "%g", w[a1]);
            for (size_t k = 0; k < nodes; k++) /* only the group's members */
                cr_assert(k == a1 || k == a2 || w[k] == -1);
            double v[16];
            ce_sensitivity_alternative(g_prof, &g_s, &in[1], l + 1, v, scratch);
            cr_assert_neq(v[a1], w[a1], "alternatives %zu and %zu", l, l + 1);
            ce_sensitivity_alternative(g_prof, &g_s, &in[2], l, v, scratch);
            size_t b1 = ce_profile_find(g_prof, "b1");
            cr_assert_neq(v[b1], w[a1], "groups A and B share a stream");
        }
    }
}

Test(sensitivity, rank_shift)
{
    static const size_t nominal[] = {1, 2, 0, 3, 4}, rank[] = {2, 0, 1, 3, 1};
    size_t max = 99, compared = 99;
    double y = ce_sensitivity_rank_shift(nominal, rank, 5, &max, &compared);
    cr_assert_float_eq(y, (1.0 + 0 + 3) / 3, 1e-15);
    cr_assert_eq(max, 3);
    cr_assert_eq(compared, 3);
    static const size_t none[] = {0, 0, 0, 0, 0};
    cr_assert_eq(ce_sensitivity_rank_shift(nominal, none, 5, &max, &compared), 0);
    cr_assert_eq(max, 0);
    cr_assert_eq(compared, 0);
}

/* Three clusters, three one-indicator dimensions (min-max 0-100):
 *        X    Y    Z   composite  rank
 *   c1 100    0    0    33.3       3
 *   c2   0  100   40    46.7       2
 *   c3  50   50  100    66.7       1   (the award, --top 1)
 * Without X: c1 0, c2 70, c3 75      -> ranks 3 2 1: no shift
 * Without Y: c1 50, c2 20, c3 75     -> ranks 2 3 1: shifts 1 1 0, mean 2/3
 * Without Z: c1 50, c2 50, c3 50     -> ranks 1 1 1: shifts 2 1 0, mean 1; the
 *                                       three tie for the one award: c3 loses it */
Test(sensitivity, remove_elements_by_hand)
{
    load("code,parent,weight,direction\nX,,1,\nx,X,1,+\nY,,1,\ny,Y,1,+\nZ,,1,\nz,Z,1,+\n",
         "id,x,y,z\nc1,10,0,0\nc2,0,10,4\nc3,5,5,10\n");
    g_o.top = 1;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_sensitivity_remove(g_table, g_prof, &g_o, &g_rem, &err), CE_OK, "%s",
                 err.msg);
    cr_assert_eq(g_rem->n_dims, 3);
    static const char *const code[] = {"X", "Y", "Z"};
    static const double mean[] = {0, 2.0 / 3, 1};
    static const size_t max[] = {0, 1, 2}, award[] = {0, 0, 1};
    for (size_t k = 0; k < 3; k++) {
        cr_assert_str_eq(ce_profile_node(g_prof, g_rem->dim[k])->code, code[k]);
        cr_assert_float_eq(g_rem->mean_shift[k], mean[k], 1e-12, "%s: %g", code[k],
                           g_rem->mean_shift[k]);
        cr_assert_eq(g_rem->max_shift[k], max[k], "%s", code[k]);
        cr_assert_eq(g_rem->compared[k], 3);
        cr_assert_eq(g_rem->award_changes[k], award[k], "%s", code[k]);
    }
}

Test(sensitivity, remove_the_only_weighted_dimension)
{
    /* Y has weight 0: dropping X leaves nothing to rank. */
    load("code,parent,weight,direction\nX,,1,\nx,X,1,+\nY,,0,\ny,Y,1,+\n",
         "id,x,y\nc1,1,2\nc2,2,1\n");
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_sensitivity_remove(g_table, g_prof, &g_o, &g_rem, &err), CE_OK, "%s",
                 err.msg);
    cr_assert(isnan(g_rem->mean_shift[0]));
    cr_assert_eq(g_rem->compared[0], 0);
    cr_assert_eq(g_rem->award_changes[0], 2); /* both lose their award (top 10) */
    cr_assert_float_eq(g_rem->mean_shift[1], 0, 1e-15);
    cr_assert_eq(g_rem->award_changes[1], 0);
}
