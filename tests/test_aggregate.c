/* test_aggregate.c - ce_aggregate_arithmetic (aggregate.h, DESIGN.md §4 step 2)
 * on profiles written to a temporary folder and loaded with ce_profile_load.
 *
 * The reference weighted-sum case of pymcdm (reference/mcda/methods/
 * TestWSM__test_output.json) is not reproduced here: it uses sum
 * normalisation (x/sum x; (1/x)/sum(1/x) for costs) and an unscaled weighted
 * sum, not min-max + a weighted arithmetic mean.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/aggregate.h"
#include "clustereval/profile.h"
#include "clustereval/status.h"

#include "testutil.h"

#define EPS 1e-9

static ce_profile *g_prof;
static double *g_nodes;

static void setup(void)
{
    ce_test_dir_init();
    g_prof = NULL;
    g_nodes = NULL;
}

static void teardown(void)
{
    ce_profile_free(g_prof);
    free(g_nodes);
    ce_test_dir_fini();
}

TestSuite(aggregate, .init = setup, .fini = teardown);

/* Writes text as the profile and loads it into g_prof; allocates g_nodes for
 * rows clusters. */
static void load_profile(const char *text, size_t rows)
{
    g_prof = ce_test_load_profile(NULL, 0, ce_test_dir, "profile.csv", text, CE_ENC_UTF8);
    g_nodes = malloc((rows ? rows : 1) * ce_profile_node_count(g_prof) * sizeof *g_nodes);
    cr_assert_not_null(g_nodes);
}

/* Score of node `code` for cluster `row`. */
static double node(size_t row, const char *code)
{
    size_t k = ce_profile_find(g_prof, code);
    cr_assert_neq(k, CE_NO_PARENT, "no node %s", code);
    return g_nodes[row * ce_profile_node_count(g_prof) + k];
}

#define ASSERT_NODE(row, code, want)                                                            \
    cr_assert_float_eq(node(row, code), (want), EPS, "row %d %s = %.17g, want %.17g", (int)(row), \
                       code, node(row, code), (double)(want))
#define ASSERT_NODE_NAN(row, code)                                                              \
    cr_assert(isnan(node(row, code)), "row %d %s = %.17g, want NaN", (int)(row), code,          \
              node(row, code))

static const char EQUAL[] = "code,name,parent,weight,direction,unit\n"
                            "A,Dim A,,1,,\n"
                            "B,Dim B,,1,,\n"
                            "a1,,A,1,+,\n"
                            "a2,,A,1,+,\n"
                            "b1,,B,1,-,\n";

Test(aggregate, equal_weights)
{
    load_profile(EQUAL, 2);
    /* leaves in file order: a1, a2, b1 */
    const double norm[6] = {
        20, 60, 90, /* A = (20+60)/2 = 40; B = 90; composite = (40+90)/2 = 65 */
        0, 100, 0,  /* A = 50; B = 0; composite = 25 */
    };
    double comp[2];
    ce_aggregate_arithmetic(g_prof, norm, 2, g_nodes, comp);
    ASSERT_NODE(0, "a1", 20);
    ASSERT_NODE(0, "a2", 60);
    ASSERT_NODE(0, "b1", 90);
    ASSERT_NODE(0, "A", 40);
    ASSERT_NODE(0, "B", 90);
    cr_assert_float_eq(comp[0], 65.0, EPS);
    ASSERT_NODE(1, "A", 50);
    ASSERT_NODE(1, "B", 0);
    cr_assert_float_eq(comp[1], 25.0, EPS);
}

static const char UNEQUAL[] = "code,name,parent,weight,direction,unit\n"
                              "A,,,3,,\n"
                              "B,,,1,,\n"
                              "a1,,A,2,+,\n"
                              "a2,,A,1,+,\n"
                              "a3,,A,1,-,\n"
                              "b1,,B,1,+,\n"
                              "b2,,B,4,+,\n";

Test(aggregate, unequal_weights)
{
    load_profile(UNEQUAL, 2);
    /* leaves: a1 a2 a3 b1 b2 */
    const double norm[10] = {
        10, 40, 70, 100, 50,
        100, 0, 0, 0, 100,
    };
    double comp[2];
    ce_aggregate_arithmetic(g_prof, norm, 2, g_nodes, comp);
    /* row 0: A = (2*10 + 40 + 70) / 4 = 130/4 = 32.5
     *        B = (100 + 4*50) / 5 = 300/5 = 60
     *        composite = (3*32.5 + 60) / 4 = 157.5/4 = 39.375 */
    ASSERT_NODE(0, "A", 32.5);
    ASSERT_NODE(0, "B", 60);
    cr_assert_float_eq(comp[0], 39.375, EPS);
    /* row 1: A = (2*100) / 4 = 50; B = (4*100) / 5 = 80;
     *        composite = (3*50 + 80) / 4 = 230/4 = 57.5 */
    ASSERT_NODE(1, "A", 50);
    ASSERT_NODE(1, "B", 80);
    cr_assert_float_eq(comp[1], 57.5, EPS);
}

Test(aggregate, missing_leaf_rescales_sibling_weights)
{
    load_profile(UNEQUAL, 3);
    const double norm[15] = {
        NAN, 40, 70, 100, 50, /* a1 (weight 2) missing */
        10, NAN, 70, NAN, 50, /* a2 and b1 missing */
        10, 40, 70, 100, NAN, /* b2 (weight 4) missing */
    };
    double comp[3];
    ce_aggregate_arithmetic(g_prof, norm, 3, g_nodes, comp);
    /* row 0: A = (40 + 70) / 2 = 55 (weights 1, 1 of 2); B = 60;
     *        composite = (3*55 + 60) / 4 = 225/4 = 56.25 */
    ASSERT_NODE_NAN(0, "a1");
    ASSERT_NODE(0, "A", 55);
    ASSERT_NODE(0, "B", 60);
    cr_assert_float_eq(comp[0], 56.25, EPS);
    /* row 1: A = (2*10 + 70) / 3 = 30; B = 50 (only b2);
     *        composite = (3*30 + 50) / 4 = 140/4 = 35 */
    ASSERT_NODE(1, "A", 30);
    ASSERT_NODE(1, "B", 50);
    cr_assert_float_eq(comp[1], 35.0, EPS);
    /* row 2: A = 32.5; B = 100 (only b1);
     *        composite = (3*32.5 + 100) / 4 = 197.5/4 = 49.375 */
    ASSERT_NODE(2, "A", 32.5);
    ASSERT_NODE(2, "B", 100);
    cr_assert_float_eq(comp[2], 49.375, EPS);
}

/* Three levels: dimensions D1 (weight 2), D2 (1); D1 has sub-pillars P1 (1)
 * and P2 (3); P1 = {x1 (1), x2 (1)}, P2 = {x3 (2), x4 (1)}; D2 = {y1}. */
static const char DEEP[] = "code,name,parent,weight,direction,unit\n"
                           "D1,,,2,,\n"
                           "D2,,,1,,\n"
                           "P1,,D1,1,,\n"
                           "P2,,D1,3,,\n"
                           "x1,,P1,1,+,\n"
                           "x2,,P1,1,+,\n"
                           "x3,,P2,2,+,\n"
                           "x4,,P2,1,-,\n"
                           "y1,,D2,1,+,\n";

Test(aggregate, three_level_tree_complete)
{
    load_profile(DEEP, 1);
    /* leaves: x1 x2 x3 x4 y1 */
    const double norm[5] = {10, 30, 60, 90, 40};
    double comp[1];
    ce_aggregate_arithmetic(g_prof, norm, 1, g_nodes, comp);
    /* P1 = (10+30)/2 = 20; P2 = (2*60 + 90)/3 = 210/3 = 70;
     * D1 = (20 + 3*70)/4 = 230/4 = 57.5; D2 = 40;
     * composite = (2*57.5 + 40)/3 = 155/3 */
    ASSERT_NODE(0, "P1", 20);
    ASSERT_NODE(0, "P2", 70);
    ASSERT_NODE(0, "D1", 57.5);
    ASSERT_NODE(0, "D2", 40);
    ASSERT_NODE(0, "x4", 90);
    cr_assert_float_eq(comp[0], 155.0 / 3.0, EPS);
}

Test(aggregate, missing_at_several_depths)
{
    load_profile(DEEP, 5);
    const double norm[25] = {
        NAN, NAN, 60, 90, 40,  /* row 0: sub-pillar P1 has no child */
        10, 30, NAN, 90, 40,   /* row 1: a leaf at depth 3 missing */
        10, 30, 60, 90, NAN,   /* row 2: dimension D2 has no child */
        NAN, NAN, NAN, NAN, 40, /* row 3: dimension D1 has no descendant */
        NAN, NAN, NAN, NAN, NAN, /* row 4: nothing present */
    };
    double comp[5];
    ce_aggregate_arithmetic(g_prof, norm, 5, g_nodes, comp);
    /* row 0: P1 missing; P2 = 70; D1 = 70 (P2 alone, weight 3 rescaled to 1);
     *        composite = (2*70 + 40)/3 = 180/3 = 60 */
    ASSERT_NODE_NAN(0, "P1");
    ASSERT_NODE(0, "P2", 70);
    ASSERT_NODE(0, "D1", 70);
    cr_assert_float_eq(comp[0], 60.0, EPS);
    /* row 1: P1 = 20; P2 = 90 (x4 alone); D1 = (20 + 3*90)/4 = 290/4 = 72.5;
     *        composite = (2*72.5 + 40)/3 = 185/3 */
    ASSERT_NODE(1, "P1", 20);
    ASSERT_NODE(1, "P2", 90);
    ASSERT_NODE(1, "D1", 72.5);
    cr_assert_float_eq(comp[1], 185.0 / 3.0, EPS);
    /* row 2: D2 missing; composite = D1 = 57.5 */
    ASSERT_NODE_NAN(2, "D2");
    ASSERT_NODE(2, "D1", 57.5);
    cr_assert_float_eq(comp[2], 57.5, EPS);
    /* row 3: P1, P2, D1 missing; composite = D2 = 40 */
    ASSERT_NODE_NAN(3, "P1");
    ASSERT_NODE_NAN(3, "P2");
    ASSERT_NODE_NAN(3, "D1");
    ASSERT_NODE(3, "D2", 40);
    cr_assert_float_eq(comp[3], 40.0, EPS);
    /* row 4: every node and the composite missing */
    for (size_t k = 0; k < ce_profile_node_count(g_prof); k++)
        cr_assert(isnan(g_nodes[4 * ce_profile_node_count(g_prof) + k]), "node %zu", k);
    cr_assert(isnan(comp[4]));
}

static const char ZERO[] = "code,name,parent,weight,direction,unit\n"
                           "A,,,1,,\n"
                           "B,,,0,,\n"
                           "a1,,A,1,+,\n"
                           "a2,,A,0,+,\n"
                           "b1,,B,1,+,\n";

Test(aggregate, zero_weight_child)
{
    load_profile(ZERO, 3);
    /* leaves: a1 a2 b1 */
    const double norm[9] = {
        20, 80, 50,
        NAN, 80, 50,
        20, 80, NAN,
    };
    double comp[3];
    ce_aggregate_arithmetic(g_prof, norm, 3, g_nodes, comp);
    /* row 0: A = (1*20 + 0*80)/1 = 20; B = 50;
     *        composite = (1*20 + 0*50)/1 = 20 */
    ASSERT_NODE(0, "A", 20);
    ASSERT_NODE(0, "B", 50);
    cr_assert_float_eq(comp[0], 20.0, EPS);
    /* row 1: A's only present child has weight 0 -> A missing (aggregate.h);
     * the composite's only present child B has weight 0 -> missing */
    ASSERT_NODE_NAN(1, "A");
    ASSERT_NODE(1, "B", 50);
    cr_assert(isnan(comp[1]), "composite = %g", comp[1]);
    /* row 2: A = 20; B missing; composite = 20 */
    ASSERT_NODE(2, "A", 20);
    ASSERT_NODE_NAN(2, "B");
    cr_assert_float_eq(comp[2], 20.0, EPS);
}

/* Children listed before their parents, and dimensions interleaved: the leaf
 * order is the file order of the leaves (b1, a1, a2). */
static const char SHUFFLED[] = "code,name,parent,weight,direction,unit\n"
                               "b1,,B,1,+,\n"
                               "A,,,1,,\n"
                               "a1,,A,3,+,\n"
                               "B,,,3,,\n"
                               "a2,,A,1,-,\n";

Test(aggregate, leaf_order_is_file_order)
{
    load_profile(SHUFFLED, 1);
    size_t n_leaves;
    const size_t *leaves = ce_profile_leaves(g_prof, &n_leaves);
    cr_assert_eq(n_leaves, 3);
    cr_assert_str_eq(ce_profile_node(g_prof, leaves[0])->code, "b1");
    cr_assert_str_eq(ce_profile_node(g_prof, leaves[1])->code, "a1");
    cr_assert_str_eq(ce_profile_node(g_prof, leaves[2])->code, "a2");
    const double norm[3] = {10, 100, 20}; /* b1, a1, a2 */
    double comp[1];
    ce_aggregate_arithmetic(g_prof, norm, 1, g_nodes, comp);
    /* A = (3*100 + 20)/4 = 80; B = 10; composite = (1*80 + 3*10)/4 = 110/4 = 27.5 */
    ASSERT_NODE(0, "A", 80);
    ASSERT_NODE(0, "B", 10);
    ASSERT_NODE(0, "b1", 10);
    cr_assert_float_eq(comp[0], 27.5, EPS);
}

Test(aggregate, weights_changed_by_set_weight)
{
    load_profile(EQUAL, 1);
    ce_error err;
    cr_assert_eq(ce_profile_set_weight(g_prof, "a1", 3, NULL, &err), CE_OK);
    cr_assert_eq(ce_profile_set_weight(g_prof, "B", 0.5, NULL, &err), CE_OK);
    const double norm[3] = {20, 60, 90};
    double comp[1];
    ce_aggregate_arithmetic(g_prof, norm, 1, g_nodes, comp);
    /* A = (3*20 + 60)/4 = 30; B = 90; composite = (1*30 + 0.5*90)/1.5 = 75/1.5 = 50 */
    ASSERT_NODE(0, "A", 30);
    cr_assert_float_eq(comp[0], 50.0, EPS);
}

Test(aggregate, single_dimension_single_indicator)
{
    load_profile("code,name,parent,weight,direction,unit\n"
                 "D,,,1,,\n"
                 "x,,D,1,+,\n",
                 3);
    const double norm[3] = {12.5, NAN, 0};
    double comp[3];
    ce_aggregate_arithmetic(g_prof, norm, 3, g_nodes, comp);
    cr_assert_float_eq(comp[0], 12.5, EPS);
    cr_assert(isnan(comp[1]));
    cr_assert_float_eq(comp[2], 0.0, EPS);
    ASSERT_NODE(0, "D", 12.5);
    ASSERT_NODE_NAN(1, "D");
}
