/* test_pipeline.c - ce_pipeline_run (pipeline.h, DESIGN.md §4) on small
 * profiles and data written to a temporary folder. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/pipeline.h"
#include "clustereval/profile.h"
#include "clustereval/status.h"
#include "clustereval/table.h"

#include "testutil.h"

#define EPS 1e-9

static ce_profile *g_prof;
static ce_table *g_table;
static ce_result *g_res;
static ce_diag g_diag;

static void setup(void)
{
    ce_test_dir_init();
    g_prof = NULL;
    g_table = NULL;
    g_res = NULL;
    ce_diag_init(&g_diag);
}

static void teardown(void)
{
    ce_result_free(g_res);
    ce_table_free(g_table);
    ce_profile_free(g_prof);
    ce_diag_fini(&g_diag);
    ce_test_dir_fini();
}

TestSuite(pipeline, .init = setup, .fini = teardown);

/* Loads profile and data (their warnings go to a diag that is dropped). */
static void load(const char *profile, const char *data)
{
    g_prof = ce_test_load_profile(NULL, 0, ce_test_dir, "profile.csv", profile, CE_ENC_UTF8);
    g_table = ce_test_read_table(NULL, 0, ce_test_dir, "data.csv", data, g_prof, CE_ENC_UTF8, NULL);
}

static void run(size_t top, double amount, const char *tie_break)
{
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    o.top = top;
    o.award_amount = amount;
    o.tie_break = tie_break;
    o.missing.kind = CE_MISSING_SKIP; /* the hand computations leave missing values out */
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_pipeline_run(g_table, g_prof, &o, &g_res, &g_diag, &err);
    cr_assert_eq(st, CE_OK, "pipeline: %s", err.msg);
    cr_assert_not_null(g_res);
}

static double node_score(size_t row, const char *code)
{
    size_t k = ce_profile_find(g_prof, code);
    cr_assert_neq(k, CE_NO_PARENT);
    return g_res->nodes[row * g_res->n_nodes + k];
}

/* The five clusters of testutil.h (the hand computation is in testutil.c). */
static void load_five(void)
{
    ce_test_five_load(ce_test_dir, &g_prof, &g_table);
}

Test(pipeline, five_clusters_by_hand)
{
    load_five();
    g_res = ce_test_five_rank(g_prof, g_table, &g_diag);
    const ce_result *r = g_res;
    cr_assert_eq(r->rows, 5);
    cr_assert_eq(r->n_leaves, 4);
    cr_assert_eq(r->n_nodes, 6);
    cr_assert_eq(r->n_dims, 2);

    const double norm[20] = {
        25, 50, 0, 100,
        50, NAN, 50, 100,
        75, 100, 100, 100,
        0, 75, 20, 100,
        100, 0, 80, 100,
    };
    for (size_t k = 0; k < 20; k++) {
        if (isnan(norm[k]))
            cr_assert(isnan(r->norm[k]), "norm[%zu] = %g", k, r->norm[k]);
        else
            cr_assert_float_eq(r->norm[k], norm[k], EPS, "norm[%zu] = %.17g", k, r->norm[k]);
    }

    const double dA[5] = {37.5, 50, 87.5, 37.5, 50};
    const double dB[5] = {50, 75, 100, 60, 90};
    const double comp[5] = {43.75, 62.5, 93.75, 48.75, 70};
    const size_t rank[5] = {5, 3, 1, 4, 2};
    const size_t rank_dA[5] = {4, 2, 1, 4, 2};
    const size_t rank_dB[5] = {5, 3, 1, 4, 2};
    const ce_award award[5] = {CE_AWARD_NO, CE_AWARD_YES, CE_AWARD_NO, CE_AWARD_NO, CE_AWARD_YES};
    const double amount[5] = {0, 500000, 0, 0, 500000};
    const double coverage[5] = {1, 0.75, 1, 1, 1};
    for (size_t i = 0; i < 5; i++) {
        cr_assert_float_eq(node_score(i, "dA"), dA[i], EPS, "dA[%zu]", i);
        cr_assert_float_eq(node_score(i, "dB"), dB[i], EPS, "dB[%zu]", i);
        cr_assert_float_eq(r->composite[i], comp[i], EPS, "composite[%zu] = %.17g", i,
                           r->composite[i]);
        cr_assert_eq(r->rank[i], rank[i], "rank[%zu] = %zu", i, r->rank[i]);
        cr_assert_eq(r->dim_rank[i * 2 + 0], rank_dA[i], "dA rank[%zu] = %zu", i,
                     r->dim_rank[i * 2]);
        cr_assert_eq(r->dim_rank[i * 2 + 1], rank_dB[i], "dB rank[%zu] = %zu", i,
                     r->dim_rank[i * 2 + 1]);
        cr_assert_eq(r->award[i], award[i], "award[%zu] = %d", i, (int)r->award[i]);
        cr_assert_float_eq(r->amount[i], amount[i], 0.0, "amount[%zu] = %g", i, r->amount[i]);
        cr_assert_float_eq(r->coverage[i], coverage[i], EPS, "coverage[%zu]", i);
    }
    cr_assert_eq(r->n_ranked, 5);
    cr_assert_eq(r->n_candidates, 3);
    cr_assert_eq(r->awards.awarded, 2);
    cr_assert_eq(r->awards.tied, 0);
    cr_assert_eq(r->awards.tie_place, 0);

    const size_t order[5] = {2, 4, 1, 3, 0}; /* c3 c5 c2 c4 c1 */
    cr_assert_arr_eq(r->order, order, sizeof order);

    cr_assert_str_eq(r->notes[0], "constant indicator scored 100: b2");
    cr_assert_str_eq(r->notes[1],
                     "missing (left out, weights rescaled): a2; constant indicator scored 100: b2");
    cr_assert_str_eq(r->notes[2], "not eligible; constant indicator scored 100: b2");
    cr_assert_str_eq(r->notes[3], "vetoed; constant indicator scored 100: b2");
    cr_assert_str_eq(r->notes[4], "constant indicator scored 100: b2");

    cr_assert_eq(g_diag.count, 1, "%zu warnings", g_diag.count);
    cr_assert_str_eq(g_diag.items[0],
                     "indicator \"b2\" has the same value for every cluster: each gets 100");
}

Test(pipeline, default_options)
{
    ce_pipeline_options o;
    o.top = 0;
    o.award_amount = 0;
    o.tie_break = "x";
    ce_pipeline_options_init(&o);
    cr_assert_eq(o.top, 10);
    cr_assert_float_eq(o.award_amount, 1000000.0, 0.0);
    cr_assert_null(o.tie_break);
}

Test(pipeline, default_top_awards_every_candidate)
{
    load_five();
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    cr_assert_eq(ce_pipeline_run(g_table, g_prof, &o, &g_res, &g_diag, NULL), CE_OK);
    /* 3 candidates < 10 awards: c1, c2, c5 get 1000000 each */
    const double amount[5] = {1000000, 1000000, 0, 0, 1000000};
    for (size_t i = 0; i < 5; i++)
        cr_assert_float_eq(g_res->amount[i], amount[i], 0.0, "amount[%zu]", i);
    cr_assert_eq(g_res->awards.awarded, 3);
}

Test(pipeline, unknown_tie_break_is_usage_error)
{
    load_five();
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    o.tie_break = "nosuch";
    ce_error err = {{0}, 0, {0}};
    ce_result *res = NULL;
    ce_status st = ce_pipeline_run(g_table, g_prof, &o, &res, &g_diag, &err);
    g_res = res; /* freed by teardown should the contract be broken */
    cr_assert_eq(st, CE_ERR_USAGE);
    cr_assert_null(res);
    cr_assert_not_null(strstr(err.msg, "nosuch"), "message: %s", err.msg);
}

/* One indicator: ties on the composite, two unranked clusters, and ids whose
 * bytewise order differs from a case-insensitive or locale order. */
static const char ONE[] = "code,name,parent,weight,direction,unit\n"
                          "d,D,,1,,\n"
                          "x,X,d,1,+,\n";

Test(pipeline, order_rank_then_id_bytewise_unranked_last)
{
    load(ONE,
         "id,x\n"
         "b,5\n"
         "a,5\n"
         "z0,NA\n"
         "C,5\n"
         "m,9\n"
         "A0,\n"
         "\xC3\xA9,5\n" /* "é": byte 0xC3 sorts after every ASCII id */
         "Z,9\n");
    run(10, 1, NULL);
    /* x: min 5, max 9 -> b, a, C, é 0; m, Z 100; z0, A0 missing.
     * ranks: m = Z = 1; a = b = C = é = 3; z0, A0 unranked */
    const size_t rank[8] = {3, 3, 0, 3, 1, 0, 3, 1};
    for (size_t i = 0; i < 8; i++)
        cr_assert_eq(g_res->rank[i], rank[i], "rank[%zu] = %zu", i, g_res->rank[i]);
    /* order: Z m | C a b é | A0 z0 */
    const size_t order[8] = {7, 4, 3, 1, 0, 6, 5, 2};
    for (size_t k = 0; k < 8; k++)
        cr_assert_eq(g_res->order[k], order[k], "order[%zu] = %zu (%s), want %zu (%s)", k,
                     g_res->order[k], ce_table_id(g_table, g_res->order[k]), order[k],
                     ce_table_id(g_table, order[k]));
    cr_assert(isnan(g_res->composite[2]));
    cr_assert(isnan(g_res->composite[5]));
    cr_assert_eq(g_res->dim_rank[2], 0);
    cr_assert_eq(g_res->dim_rank[5], 0);
    cr_assert_float_eq(g_res->coverage[2], 0.0, 0.0);
    cr_assert_eq(g_res->award[2], CE_AWARD_NO);
    cr_assert_str_eq(g_res->notes[2], "unranked: no indicator value");
    cr_assert_str_eq(g_res->notes[5], "unranked: no indicator value");
    cr_assert_str_eq(g_res->notes[0], "");
    cr_assert_eq(g_res->n_ranked, 6);
    cr_assert_eq(g_res->n_candidates, 6);
    cr_assert_eq(g_res->awards.awarded, 6);
    cr_assert_eq(g_diag.count, 0);
}

/* Two dimensions with one indicator each, so that clusters tie on the
 * composite but differ on d1 (the tie-break node).
 * x: min 0 max 20 -> p 50, q 0, r 25, t 100
 * y: min 0 max 20 -> p 0, q 50, r 25, t 100
 * composite: p 25, q 25, r 25, t 100 -> t rank 1; p, q, r tied at rank 2 */
static const char TWO[] = "code,name,parent,weight,direction,unit\n"
                          "d1,,,1,,\n"
                          "d2,,,1,,\n"
                          "x,,d1,1,+,\n"
                          "y,,d2,1,+,\n";
static const char TWO_DATA[] = "id,x,y\n"
                               "p,10,0\n"
                               "q,0,10\n"
                               "r,5,5\n"
                               "t,20,20\n";

Test(pipeline, award_tie_without_tie_break)
{
    load(TWO, TWO_DATA);
    run(2, 1000, NULL);
    const size_t rank[4] = {2, 2, 2, 1};
    const ce_award award[4] = {CE_AWARD_TIE, CE_AWARD_TIE, CE_AWARD_TIE, CE_AWARD_YES};
    const double amount[4] = {0, 0, 0, 1000};
    for (size_t i = 0; i < 4; i++) {
        cr_assert_float_eq(g_res->composite[i], i == 3 ? 100.0 : 25.0, EPS);
        cr_assert_eq(g_res->rank[i], rank[i]);
        cr_assert_eq(g_res->award[i], award[i], "award[%zu] = %d", i, (int)g_res->award[i]);
        cr_assert_float_eq(g_res->amount[i], amount[i], 0.0);
    }
    cr_assert_eq(g_res->awards.awarded, 1);
    cr_assert_eq(g_res->awards.tied, 3);
    cr_assert_eq(g_res->awards.tie_place, 2);
    for (size_t i = 0; i < 3; i++)
        cr_assert_str_eq(g_res->notes[i], "tied for place 2: award undecided (use --tie-break)");
    cr_assert_str_eq(g_res->notes[3], "");
    cr_assert_eq(g_diag.count, 1);
    cr_assert_str_eq(g_diag.items[0],
                     "3 candidates are tied for place 2, which would give more than 2 awards: "
                     "they are marked \"tie\" (use --tie-break CODE)");
    const size_t order[4] = {3, 0, 1, 2};
    cr_assert_arr_eq(g_res->order, order, sizeof order);
}

Test(pipeline, award_tie_broken_by_node)
{
    load(TWO, TWO_DATA);
    run(2, 1000, "d1");
    /* d1: p 50, q 0, r 25 -> p wins the one slot left */
    const ce_award award[4] = {CE_AWARD_YES, CE_AWARD_NO, CE_AWARD_NO, CE_AWARD_YES};
    const double amount[4] = {1000, 0, 0, 1000};
    for (size_t i = 0; i < 4; i++) {
        cr_assert_eq(g_res->award[i], award[i], "award[%zu] = %d", i, (int)g_res->award[i]);
        cr_assert_float_eq(g_res->amount[i], amount[i], 0.0);
    }
    cr_assert_eq(g_res->awards.awarded, 2);
    cr_assert_eq(g_res->awards.tied, 0);
    cr_assert_eq(g_res->awards.tie_place, 2);
    cr_assert_eq(g_res->awards.broken, 3);
    cr_assert_str_eq(g_res->notes[0], "tie at place 2 broken by d1 = 50.000000");
    cr_assert_str_eq(g_res->notes[1], "tie at place 2 broken by d1 = 0.000000");
    cr_assert_str_eq(g_res->notes[2], "tie at place 2 broken by d1 = 25.000000");
    cr_assert_str_eq(g_res->notes[3], "");
    cr_assert_eq(g_diag.count, 0);
}

Test(pipeline, tie_break_by_leaf_code)
{
    load(TWO, TWO_DATA);
    run(2, 1000, "y");
    /* y (normalised): p 0, q 50, r 25 -> q wins */
    cr_assert_eq(g_res->award[0], CE_AWARD_NO);
    cr_assert_eq(g_res->award[1], CE_AWARD_YES);
    cr_assert_eq(g_res->award[2], CE_AWARD_NO);
    cr_assert_eq(g_res->award[3], CE_AWARD_YES);
}

Test(pipeline, empty_indicator_warns_and_is_left_out)
{
    load(TWO, "id,x,y\n"
              "p,10,NA\n"
              "q,0,\n"
              "r,20,n/a\n");
    run(1, 1, NULL);
    /* y has no value: composite = d1 = x normalised: p 50, q 0, r 100 */
    cr_assert_float_eq(g_res->composite[0], 50.0, EPS);
    cr_assert_float_eq(g_res->composite[1], 0.0, EPS);
    cr_assert_float_eq(g_res->composite[2], 100.0, EPS);
    cr_assert(isnan(node_score(0, "d2")));
    cr_assert_eq(g_res->rank[2], 1);
    cr_assert_eq(g_res->rank[0], 2);
    cr_assert_eq(g_res->rank[1], 3);
    cr_assert_eq(g_res->dim_rank[0 * 2 + 1], 0);
    cr_assert_float_eq(g_res->coverage[0], 0.5, EPS);
    cr_assert_str_eq(g_res->notes[0], "missing (left out, weights rescaled): y");
    cr_assert_eq(g_diag.count, 1);
    cr_assert_str_eq(g_diag.items[0],
                     "indicator \"y\" has no value for any cluster: it is left out");
}

Test(pipeline, tie_break_scores_tied_across_the_boundary)
{
    load(TWO, "id,x,y\n"
              "p,10,0\n"
              "q,0,10\n"
              "r,5,5\n"
              "s,10,0\n"
              "t,20,20\n");
    run(2, 1000, "x");
    /* composite: p q r s 25 (tied at rank 2), t 100. One slot left after t;
     * by x: p = s = 50 tie for it, r 25 and q 0 lose. */
    const ce_award award[5] = {CE_AWARD_TIE, CE_AWARD_NO, CE_AWARD_NO, CE_AWARD_TIE,
                               CE_AWARD_YES};
    for (size_t i = 0; i < 5; i++)
        cr_assert_eq(g_res->award[i], award[i], "award[%zu] = %d", i, (int)g_res->award[i]);
    cr_assert_str_eq(g_res->notes[0], "tied for place 2, also on x: award undecided");
    cr_assert_str_eq(g_res->notes[1], "tie at place 2 broken by x = 0.000000");
    cr_assert_eq(g_diag.count, 1);
    cr_assert_str_eq(g_diag.items[0],
                     "2 candidates are tied for place 2, which would give more than 2 awards: "
                     "they are marked \"tie\" (their --tie-break scores are tied too)");
}
