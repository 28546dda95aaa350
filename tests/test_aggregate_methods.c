/* test_aggregate_methods.c - ce_aggregate_tree with every aggregation method
 * (aggregate.h), ce_aggregate_effective_weights (--flatten) and
 * ce_agg_method_parse/name, on profiles written to a scratch folder.
 *
 * Reference cases (numbers copied here; the project does not read
 * ../shared). Our TOPSIS takes already-normalised children, so each case's
 * normalisation is done first:
 *  - pymcdm test_mcdm.py TestTOPSIS (Opricovic & Tzeng 2004): pymcdm's default
 *    TOPSIS = min-max normalisation (cost (max-x)/(max-min)), weights multiply,
 *    ideal = column max, anti-ideal = column min. Fed through
 *    ce_normalize_matrix (minmax onto 0..1 with the case's directions).
 *    Expected closeness 0.5, 0.617, 0.5 (3 decimals).
 *  - scikit-criteria test_TOPSIS_tzeng2011multiple (Tzeng & Huang 2011):
 *    vector normalisation x/||x||, all benefit. Expected 0.5037, 0.6581,
 *    0.7482, 0.334 (atol 1e-4).
 *  - 张敬信 mathmodels::topsis (zhjx19_mathmodels_topsis): vector
 *    normalisation, the cost criterion as 1 - x/||x|| (pymcdm's convention,
 *    same distances). Expected 0, 1, 0.3111391 (7 decimals).
 * Our scores are 100 x closeness, so the tolerances are 100 x the cases'.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/aggregate.h"
#include "clustereval/normalize.h"
#include "clustereval/profile.h"
#include "clustereval/status.h"

#include "testutil.h"

#define EPS 1e-9

static ce_profile *g_prof;
static double *g_nodes;
static double *g_comp;
static ce_agg_method *g_method;

static void setup(void)
{
    ce_test_dir_init();
    g_prof = NULL;
    g_nodes = NULL;
    g_comp = NULL;
    g_method = NULL;
}

static void teardown(void)
{
    ce_profile_free(g_prof);
    free(g_nodes);
    free(g_comp);
    free(g_method);
    ce_test_dir_fini();
}

TestSuite(agg_methods, .init = setup, .fini = teardown);

/* Loads the profile text into g_prof, allocates the outputs for rows
 * clusters and sets every node's method to arithmetic. */
static void load_profile(const char *text, size_t rows)
{
    g_prof = ce_test_load_profile(NULL, 0, ce_test_dir, "profile.csv", text, CE_ENC_UTF8);
    size_t n = ce_profile_node_count(g_prof);
    g_nodes = malloc((rows ? rows : 1) * n * sizeof *g_nodes);
    g_comp = malloc((rows ? rows : 1) * sizeof *g_comp);
    g_method = malloc(n * sizeof *g_method);
    cr_assert(g_nodes && g_comp && g_method);
    for (size_t k = 0; k < n; k++)
        g_method[k] = CE_AGG_ARITHMETIC;
}

static size_t idx(const char *code)
{
    size_t k = ce_profile_find(g_prof, code);
    cr_assert_neq(k, CE_NO_PARENT, "no node %s", code);
    return k;
}

static void set_method(const char *code, ce_agg_method m) { g_method[idx(code)] = m; }

static double node(size_t row, const char *code)
{
    return g_nodes[row * ce_profile_node_count(g_prof) + idx(code)];
}

#define ASSERT_NODE_TOL(row, code, want, tol)                                                 \
    cr_assert_float_eq(node(row, code), (want), (tol), "row %d %s = %.17g, want %.17g",       \
                       (int)(row), code, node(row, code), (double)(want))
#define ASSERT_NODE(row, code, want) ASSERT_NODE_TOL(row, code, want, EPS)
#define ASSERT_NODE_NAN(row, code)                                                            \
    cr_assert(isnan(node(row, code)), "row %d %s = %.17g, want NaN", (int)(row), code,        \
              node(row, code))
#define ASSERT_COMP(row, want)                                                                \
    cr_assert_float_eq(g_comp[row], (want), EPS, "composite[%d] = %.17g, want %.17g",         \
                       (int)(row), g_comp[row], (double)(want))
#define ASSERT_COMP_NAN(row)                                                                  \
    cr_assert(isnan(g_comp[row]), "composite[%d] = %.17g, want NaN", (int)(row), g_comp[row])

static ce_status run(ce_agg_method root, const double *flat, const double *norm, size_t rows,
                     const unsigned char *active, ce_agg_error *where)
{
    return ce_aggregate_tree(g_prof, g_method, root, flat, norm, rows, active, g_nodes, g_comp,
                             where);
}

/* ---- names ---- */

struct name_case {
    char name[16];
    ce_agg_method m;
};

ParameterizedTestParameters(agg_methods, name_round_trip)
{
    static struct name_case cases[] = {{"arithmetic", CE_AGG_ARITHMETIC},
                                       {"geometric", CE_AGG_GEOMETRIC},
                                       {"harmonic", CE_AGG_HARMONIC},
                                       {"topsis", CE_AGG_TOPSIS},
                                       {"copeland", CE_AGG_COPELAND}};
    return cr_make_param_array(struct name_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct name_case *c, agg_methods, name_round_trip)
{
    ce_agg_method m = (ce_agg_method)-1;
    cr_assert_eq(ce_agg_method_parse(c->name, &m), 0, "\"%s\" rejected", c->name);
    cr_assert_eq(m, c->m);
    cr_assert_str_eq(ce_agg_method_name(c->m), c->name);
}

Test(agg_methods, bad_names)
{
    static const char *const bad[] = {"", "mean", "Arithmetic", "geo", "TOPSIS", "borda"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        ce_agg_method m = CE_AGG_TOPSIS;
        cr_assert_neq(ce_agg_method_parse(bad[k], &m), 0, "\"%s\" accepted", bad[k]);
    }
}

/* ---- geometric and harmonic ---- */

/* A = {a1 (1), a2 (3)}, B = {b1}; leaves a1 a2 b1. */
static const char TWO_DIMS[] = "code,name,parent,weight,direction,unit\n"
                               "A,,,1,,\n"
                               "B,,,1,,\n"
                               "a1,,A,1,+,\n"
                               "a2,,A,3,+,\n"
                               "b1,,B,1,+,\n";

Test(agg_methods, geometric)
{
    load_profile(TWO_DIMS, 3);
    set_method("A", CE_AGG_GEOMETRIC);
    const double norm[9] = {
        16, 81, 50,   /* A = (16^1 * 81^3)^(1/4) = 2 * 27 = 54; comp = (54 + 50)/2 = 52 */
        NAN, 81, 10,  /* A = 81 (a2 alone); comp = (81 + 10)/2 = 45.5 */
        1, 1, NAN,    /* A = 1; B missing; comp = 1 */
    };
    cr_assert_eq(run(CE_AGG_ARITHMETIC, NULL, norm, 3, NULL, NULL), CE_OK);
    ASSERT_NODE(0, "A", 54);
    ASSERT_COMP(0, 52);
    ASSERT_NODE(1, "A", 81);
    ASSERT_COMP(1, 45.5);
    ASSERT_NODE(2, "A", 1);
    ASSERT_NODE_NAN(2, "B");
    ASSERT_COMP(2, 1);
    /* geometric at the root too: row 0 sqrt(54 * 50) = sqrt(2700) */
    cr_assert_eq(run(CE_AGG_GEOMETRIC, NULL, norm, 3, NULL, NULL), CE_OK);
    ASSERT_COMP(0, sqrt(2700.0));
    ASSERT_COMP(1, sqrt(810.0)); /* sqrt(81 * 10) */
    ASSERT_COMP(2, 1);           /* A alone */
}

Test(agg_methods, harmonic)
{
    load_profile(TWO_DIMS, 2);
    set_method("A", CE_AGG_HARMONIC);
    const double norm[6] = {
        10, 40, 20, /* A = 4/(1/10 + 3/40) = 4/0.175 = 160/7; comp = (160/7 + 20)/2 = 150/7 */
        16, 81, 30, /* A = 4/(1/16 + 3/81) = 4/(129/1296) = 5184/129 */
    };
    cr_assert_eq(run(CE_AGG_ARITHMETIC, NULL, norm, 2, NULL, NULL), CE_OK);
    ASSERT_NODE(0, "A", 160.0 / 7.0);
    ASSERT_COMP(0, 150.0 / 7.0);
    ASSERT_NODE(1, "A", 5184.0 / 129.0);
    /* harmonic at the root: row 0 2/(7/160 + 1/20) = 2/(15/160) = 64/3 */
    cr_assert_eq(run(CE_AGG_HARMONIC, NULL, norm, 2, NULL, NULL), CE_OK);
    ASSERT_COMP(0, 64.0 / 3.0);
}

Test(agg_methods, geometric_zero_is_data_error)
{
    load_profile(TWO_DIMS, 3);
    set_method("A", CE_AGG_GEOMETRIC);
    const double norm[9] = {
        16, 81, 50,
        16, 0, 50, /* row 1: a2 = 0 under geometric A */
        16, 81, 50,
    };
    ce_agg_error where = {99, 99, 99, 99};
    cr_assert_eq(run(CE_AGG_ARITHMETIC, NULL, norm, 3, NULL, &where), CE_ERR_DATA);
    cr_assert_eq(where.row, 1);
    cr_assert_eq(where.child, idx("a2"), "child %zu", where.child);
    cr_assert_eq(where.node, idx("A"), "node %zu", where.node);
    cr_assert_float_eq(where.value, 0.0, 0.0);
    /* where may be NULL */
    cr_assert_eq(run(CE_AGG_ARITHMETIC, NULL, norm, 3, NULL, NULL), CE_ERR_DATA);
}

Test(agg_methods, harmonic_negative_is_data_error)
{
    load_profile(TWO_DIMS, 3);
    set_method("A", CE_AGG_HARMONIC);
    const double norm[9] = {
        16, 81, 50,
        16, 81, 50,
        -2.5, 81, 50, /* row 2: a1 < 0 under harmonic A */
    };
    ce_agg_error where = {99, 99, 99, 99};
    cr_assert_eq(run(CE_AGG_ARITHMETIC, NULL, norm, 3, NULL, &where), CE_ERR_DATA);
    cr_assert_eq(where.row, 2);
    cr_assert_eq(where.child, idx("a1"));
    cr_assert_eq(where.node, idx("A"));
    cr_assert_float_eq(where.value, -2.5, 0.0);
}

/* The same error when another node uses a method that compares clusters
 * (TOPSIS at B), which makes the aggregation run node by node. */
Test(agg_methods, geometric_error_beside_topsis)
{
    load_profile(TWO_DIMS, 2);
    set_method("A", CE_AGG_GEOMETRIC);
    set_method("B", CE_AGG_TOPSIS);
    const double norm[6] = {
        16, 81, 50,
        16, -1, 20,
    };
    ce_agg_error where = {99, 99, 99, 99};
    cr_assert_eq(run(CE_AGG_ARITHMETIC, NULL, norm, 2, NULL, &where), CE_ERR_DATA);
    cr_assert_eq(where.row, 1);
    cr_assert_eq(where.child, idx("a2"));
    cr_assert_eq(where.node, idx("A"));
    cr_assert_float_eq(where.value, -1.0, 0.0);
}

/* A zero dimension score under a geometric composite: the aggregate is the
 * composite, which has no node index (CE_NO_PARENT, like a dimension's
 * parent). */
Test(agg_methods, geometric_root_zero_is_data_error)
{
    load_profile(TWO_DIMS, 2);
    const double norm[6] = {
        16, 81, 50,
        16, 81, 0, /* row 1: B = 0 */
    };
    ce_agg_error where = {99, 99, 99, 99};
    cr_assert_eq(run(CE_AGG_GEOMETRIC, NULL, norm, 2, NULL, &where), CE_ERR_DATA);
    cr_assert_eq(where.row, 1);
    cr_assert_eq(where.child, idx("B"));
    cr_assert_eq(where.node, CE_NO_PARENT, "node %zu", where.node);
    cr_assert_float_eq(where.value, 0.0, 0.0);
}

/* An inactive or missing zero does not trip the check. */
Test(agg_methods, geometric_zero_in_inactive_row_is_fine)
{
    load_profile(TWO_DIMS, 2);
    set_method("A", CE_AGG_GEOMETRIC);
    const double norm[6] = {
        16, 81, 50,
        0, -3, 0,
    };
    const unsigned char active[2] = {1, 0};
    cr_assert_eq(run(CE_AGG_GEOMETRIC, NULL, norm, 2, active, NULL), CE_OK);
    ASSERT_NODE(0, "A", 54);
    ASSERT_COMP(0, sqrt(2700.0));
    ASSERT_NODE_NAN(1, "A");
    ASSERT_COMP_NAN(1);
}

/* ---- TOPSIS ---- */

static const char TOPSIS_2[] = "code,name,parent,weight,direction,unit\n"
                               "T,,,1,,\n"
                               "c1,,T,1,-,\n"
                               "c2,,T,1,+,\n";

/* The directions of the profile's leaves, in leaf order. */
static void leaf_directions(int *dir)
{
    size_t n;
    const size_t *leaves = ce_profile_leaves(g_prof, &n);
    for (size_t j = 0; j < n; j++)
        dir[j] = ce_profile_node(g_prof, leaves[j])->direction;
}

/* pymcdm TestTOPSIS: matrix (1, 3000), (2, 3750), (5, 4500), weights 0.5 0.5,
 * types -1 +1. Min-max: c1 (5 - x)/4 = 1, 0.75, 0; c2 (x - 3000)/1500 = 0,
 * 0.5, 1. Weighted by 0.5; ideal (0.5, 0.5), anti-ideal (0, 0):
 *   row 0 (0.5, 0):      D+ = 0.5, D- = 0.5                 -> 0.5
 *   row 1 (0.375, 0.25): D+ = sqrt(0.125^2 + 0.25^2) = sqrt(0.078125),
 *                        D- = sqrt(0.375^2 + 0.25^2) = sqrt(0.203125)
 *                        -> 0.61721778146268122
 *   row 2 (0, 0.5):      D+ = 0.5, D- = 0.5                 -> 0.5 */
Test(agg_methods, topsis_reference_pymcdm)
{
    load_profile(TOPSIS_2, 3);
    set_method("T", CE_AGG_TOPSIS);
    const double raw[6] = {1, 3000, 2, 3750, 5, 4500};
    int dir[2];
    leaf_directions(dir);
    ce_normalize_options o;
    ce_normalize_options_init(&o);
    o.hi = 1;
    double norm[6];
    cr_assert_eq(ce_normalize_matrix(raw, 3, 2, NULL, dir, NULL, NULL, NULL, &o, norm, NULL, NULL),
                 CE_OK);
    cr_assert_eq(run(CE_AGG_ARITHMETIC, NULL, norm, 3, NULL, NULL), CE_OK);
    /* against the published values (3 decimals: +-0.0005 x 100) */
    const double expected[3] = {0.5, 0.617, 0.5};
    for (size_t i = 0; i < 3; i++) {
        ASSERT_NODE_TOL(i, "T", 100 * expected[i], 0.05);
        cr_assert_float_eq(g_comp[i], 100 * expected[i], 0.05);
    }
    /* and exactly, by hand */
    double dp = sqrt(0.078125), dm = sqrt(0.203125);
    ASSERT_NODE(1, "T", 100 * dm / (dp + dm));
    ASSERT_NODE(0, "T", 50);
    ASSERT_NODE(2, "T", 50);
}

/* Per column x/||x||; cost columns (cost[j] != 0) as 1 - x/||x||. */
static void vector_normalise(const double *x, size_t rows, size_t cols, const int *cost,
                             double *out)
{
    for (size_t j = 0; j < cols; j++) {
        double ss = 0;
        for (size_t i = 0; i < rows; i++)
            ss += x[i * cols + j] * x[i * cols + j];
        for (size_t i = 0; i < rows; i++) {
            double r = x[i * cols + j] / sqrt(ss);
            out[i * cols + j] = cost[j] ? 1 - r : r;
        }
    }
}

Test(agg_methods, topsis_reference_tzeng2011)
{
    load_profile("code,name,parent,weight,direction,unit\n"
                 "T,,,1,,\n"
                 "c1,,T,0.3,+,\n"
                 "c2,,T,0.4,+,\n"
                 "c3,,T,0.3,+,\n",
                 4);
    set_method("T", CE_AGG_TOPSIS);
    const double raw[12] = {5, 8, 4, 7, 6, 8, 8, 8, 6, 7, 4, 6};
    const int cost[3] = {0, 0, 0};
    double norm[12];
    vector_normalise(raw, 4, 3, cost, norm);
    cr_assert_eq(run(CE_AGG_ARITHMETIC, NULL, norm, 4, NULL, NULL), CE_OK);
    const double expected[4] = {0.5037, 0.6581, 0.7482, 0.334}; /* atol 1e-4 */
    for (size_t i = 0; i < 4; i++)
        ASSERT_NODE_TOL(i, "T", 100 * expected[i], 100 * 1e-4);
}

Test(agg_methods, topsis_reference_zhjx19)
{
    load_profile("code,name,parent,weight,direction,unit\n"
                 "T,,,1,,\n"
                 "X1,,T,0.6,+,\n"
                 "X2,,T,0.4,-,\n",
                 3);
    set_method("T", CE_AGG_TOPSIS);
    const double raw[6] = {2, 8, 5, 1, 3, 6};
    const int cost[2] = {0, 1};
    double norm[6];
    vector_normalise(raw, 3, 2, cost, norm);
    cr_assert_eq(run(CE_AGG_ARITHMETIC, NULL, norm, 3, NULL, NULL), CE_OK);
    const double expected[3] = {0.0, 1.0, 0.3111391}; /* 7 decimals */
    for (size_t i = 0; i < 3; i++)
        ASSERT_NODE_TOL(i, "T", 100 * expected[i], 100 * 1e-7);
}

/* The pymcdm matrix (already min-max normalised) plus an inactive row 3 at
 * (2, 2), which would be the ideal if it counted, and row 4 missing c1:
 * distances over its present child only, ideal/anti-ideal still 1 and 0:
 * (0.5 * (0.5 - 1))^2 vs (0.5 * 0.5)^2 -> D+ = D- = 0.25 -> 50. Row 5 has
 * no child: NaN. */
Test(agg_methods, topsis_inactive_and_missing)
{
    load_profile(TOPSIS_2, 6);
    set_method("T", CE_AGG_TOPSIS);
    const double norm[12] = {1, 0, 0.75, 0.5, 0, 1, 2, 2, NAN, 0.5, NAN, NAN};
    const unsigned char active[6] = {1, 1, 1, 0, 1, 1};
    cr_assert_eq(run(CE_AGG_ARITHMETIC, NULL, norm, 6, active, NULL), CE_OK);
    double dp = sqrt(0.078125), dm = sqrt(0.203125);
    ASSERT_NODE(0, "T", 50);
    ASSERT_NODE(1, "T", 100 * dm / (dp + dm));
    ASSERT_NODE(2, "T", 50);
    ASSERT_NODE_NAN(3, "T");
    ASSERT_NODE_NAN(3, "c1");
    ASSERT_COMP_NAN(3);
    ASSERT_NODE(4, "T", 50);
    ASSERT_NODE_NAN(5, "T");
    ASSERT_COMP_NAN(5);
}

/* Unequal weights are rescaled to sum 1 (weights 3 and 1 -> 0.75, 0.25):
 * rows (1, 0), (0, 1), (0.5, 0.5); ideal (1, 1), anti-ideal (0, 0).
 *   row 0: D+ = 0.25, D- = 0.75 -> 75
 *   row 1: D+ = 0.75, D- = 0.25 -> 25
 *   row 2: D+ = sqrt(0.375^2 + 0.125^2) = D- -> 50 */
Test(agg_methods, topsis_weights_rescaled)
{
    load_profile("code,name,parent,weight,direction,unit\n"
                 "T,,,1,,\n"
                 "c1,,T,3,+,\n"
                 "c2,,T,1,+,\n",
                 3);
    set_method("T", CE_AGG_TOPSIS);
    const double norm[6] = {1, 0, 0, 1, 0.5, 0.5};
    cr_assert_eq(run(CE_AGG_ARITHMETIC, NULL, norm, 3, NULL, NULL), CE_OK);
    ASSERT_NODE(0, "T", 75);
    ASSERT_NODE(1, "T", 25);
    ASSERT_NODE(2, "T", 50);
}

/* ---- Copeland ---- */

/* Copeland at the root over three one-indicator dimensions with weights
 * 2, 1, 1 (0.5, 0.25, 0.25). Dimension scores = the leaf values:
 *   r0 (80, 10, 50)  r1 (60, 90, 50)  r2 (80, 20, 20)  r3 (10, 30, 90)
 *   r4 inactive (100, 100, 100): not compared, NaN.
 * Share of weight where the first is higher (ties half):
 *   r0-r1: 0.5 + 0 + 0.125 = 0.625 -> r0 +1, r1 -1
 *   r0-r2: 0.25 + 0 + 0.25 = 0.5   -> 0
 *   r0-r3: 0.5 + 0 + 0     = 0.5   -> 0
 *   r1-r2: 0 + 0.25 + 0.25 = 0.5   -> 0
 *   r1-r3: 0.5 + 0.25 + 0  = 0.75  -> r1 +1, r3 -1
 *   r2-r3: 0.5 + 0 + 0     = 0.5   -> 0
 * Scores: r0 1, r1 0, r2 0, r3 -1. */
static const char COPELAND_ROOT[] = "code,name,parent,weight,direction,unit\n"
                                    "D1,,,2,,\n"
                                    "D2,,,1,,\n"
                                    "D3,,,1,,\n"
                                    "x1,,D1,1,+,\n"
                                    "x2,,D2,1,+,\n"
                                    "x3,,D3,1,+,\n";

Test(agg_methods, copeland_at_root_by_hand)
{
    load_profile(COPELAND_ROOT, 5);
    const double norm[15] = {80, 10, 50, 60, 90, 50, 80, 20, 20, 10, 30, 90, 100, 100, 100};
    const unsigned char active[5] = {1, 1, 1, 1, 0};
    cr_assert_eq(run(CE_AGG_COPELAND, NULL, norm, 5, active, NULL), CE_OK);
    ASSERT_COMP(0, 1);
    ASSERT_COMP(1, 0);
    ASSERT_COMP(2, 0);
    ASSERT_COMP(3, -1);
    ASSERT_COMP_NAN(4);
    ASSERT_NODE(3, "D3", 90);
    ASSERT_NODE_NAN(4, "D1");
}

/* Copeland at a group with missing children: the shares use the weights of
 * the children present in both clusters (aggregate.h); a pair with no child
 * in common is a draw; a cluster with no child is NaN and not compared.
 * Equal weights:
 *   r0 (NaN, 5, 1)  r1 (3, 4, 2)  r2 (NaN, NaN, NaN)  r3 (1, 1, 1)  r4 (7, NaN, NaN)
 *   r0-r1: common k2 k3: higher on k2 -> 1/2         -> 0
 *   r0-r3: common k2 k3: 1 + 0.5 (tie) = 1.5/2      -> r0 +1, r3 -1
 *   r0-r4: nothing in common                         -> 0
 *   r1-r3: 3/3                                       -> r1 +1, r3 -1
 *   r1-r4: common k1: 3 < 7 -> 0/1                   -> r1 -1, r4 +1
 *   r3-r4: common k1: 1 < 7                          -> r3 -1, r4 +1
 * Scores: r0 1, r1 0, r2 NaN, r3 -3, r4 2. */
Test(agg_methods, copeland_missing_children)
{
    load_profile("code,name,parent,weight,direction,unit\n"
                 "C,,,1,,\n"
                 "k1,,C,1,+,\n"
                 "k2,,C,1,+,\n"
                 "k3,,C,1,+,\n",
                 5);
    set_method("C", CE_AGG_COPELAND);
    const double norm[15] = {NAN, 5, 1, 3, 4, 2, NAN, NAN, NAN, 1, 1, 1, 7, NAN, NAN};
    cr_assert_eq(run(CE_AGG_ARITHMETIC, NULL, norm, 5, NULL, NULL), CE_OK);
    ASSERT_NODE(0, "C", 1);
    ASSERT_NODE(1, "C", 0);
    ASSERT_NODE_NAN(2, "C");
    ASSERT_NODE(3, "C", -3);
    ASSERT_NODE(4, "C", 2);
    ASSERT_COMP_NAN(2);
    ASSERT_COMP(4, 2);
}

/* The scores do not depend on the row order: the cluster with no data moved
 * to the front and to the back gives the same scores to the others. */
Test(agg_methods, copeland_row_order_irrelevant)
{
    load_profile("code,name,parent,weight,direction,unit\n"
                 "C,,,1,,\n"
                 "k1,,C,1,+,\n"
                 "k2,,C,1,+,\n",
                 4);
    set_method("C", CE_AGG_COPELAND);
    /* a (5, 5), b (5, 5), d (9, 9): a-b tie (share 0.5) -> 0; d beats a and b:
     * a -1, b -1, d 2, whether the empty cluster comes first or last */
    const double front[8] = {NAN, NAN, 5, 5, 5, 5, 9, 9};
    const double back[8] = {5, 5, 5, 5, 9, 9, NAN, NAN};
    cr_assert_eq(run(CE_AGG_ARITHMETIC, NULL, front, 4, NULL, NULL), CE_OK);
    ASSERT_NODE_NAN(0, "C");
    ASSERT_NODE(1, "C", -1);
    ASSERT_NODE(2, "C", -1);
    ASSERT_NODE(3, "C", 2);
    cr_assert_eq(run(CE_AGG_ARITHMETIC, NULL, back, 4, NULL, NULL), CE_OK);
    ASSERT_NODE(0, "C", -1);
    ASSERT_NODE(1, "C", -1);
    ASSERT_NODE(2, "C", 2);
    ASSERT_NODE_NAN(3, "C");
}

/* ---- inactive rows ---- */

Test(agg_methods, inactive_rows_are_nan_everywhere)
{
    load_profile(TWO_DIMS, 3);
    set_method("A", CE_AGG_HARMONIC);
    const double norm[9] = {10, 40, 20, 1, 2, 3, 16, 81, 30};
    const unsigned char active[3] = {1, 0, 1};
    cr_assert_eq(run(CE_AGG_ARITHMETIC, NULL, norm, 3, active, NULL), CE_OK);
    for (size_t k = 0; k < ce_profile_node_count(g_prof); k++)
        cr_assert(isnan(g_nodes[1 * ce_profile_node_count(g_prof) + k]), "node %zu of row 1", k);
    ASSERT_COMP_NAN(1);
    ASSERT_NODE(0, "A", 160.0 / 7.0);
    ASSERT_NODE(2, "A", 5184.0 / 129.0);
    ASSERT_NODE(2, "a2", 81);
}

/* ---- --flatten ---- */

/* D1 (2), D2 (1); D1 = {P1 (1), P2 (3)}; P1 = {x1 (1), x2 (1)},
 * P2 = {x3 (2), x4 (1)}; D2 = {y1}. Effective weights (leaf order):
 *   x1 = 2/3 * 1/4 * 1/2 = 1/12    x2 = 1/12
 *   x3 = 2/3 * 3/4 * 2/3 = 1/3     x4 = 2/3 * 3/4 * 1/3 = 1/6
 *   y1 = 1/3 * 1 = 1/3             (sum 1) */
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

Test(agg_methods, effective_weights_three_levels)
{
    load_profile(DEEP, 1);
    double w[5];
    cr_assert_eq(ce_aggregate_effective_weights(g_prof, w, NULL), CE_OK);
    const double want[5] = {1.0 / 12, 1.0 / 12, 1.0 / 3, 1.0 / 6, 1.0 / 3};
    for (size_t j = 0; j < 5; j++)
        cr_assert_float_eq(w[j], want[j], 1e-15, "w[%zu] = %.17g", j, w[j]);
}

/* Geometric composite straight over the leaves (groups stay arithmetic):
 *   10^(1/12) 30^(1/12) 60^(1/3) 90^(1/6) 40^(1/3) = 45.590141139095543
 * whereas over the dimensions (D1 = 57.5, D2 = 40):
 *   (57.5^2 * 40)^(1/3) = 50.948557638048499.
 * The group scores are computed as for the tree. */
Test(agg_methods, flatten_geometric_composite)
{
    load_profile(DEEP, 1);
    double w[5];
    cr_assert_eq(ce_aggregate_effective_weights(g_prof, w, NULL), CE_OK);
    const double norm[5] = {10, 30, 60, 90, 40};
    cr_assert_eq(run(CE_AGG_GEOMETRIC, w, norm, 1, NULL, NULL), CE_OK);
    ASSERT_COMP(0, 45.590141139095543);
    ASSERT_NODE(0, "P1", 20);
    ASSERT_NODE(0, "P2", 70);
    ASSERT_NODE(0, "D1", 57.5);
    ASSERT_NODE(0, "D2", 40);
    cr_assert_eq(run(CE_AGG_GEOMETRIC, NULL, norm, 1, NULL, NULL), CE_OK);
    ASSERT_COMP(0, 50.948557638048499);
}

/* Arithmetic, x1 missing. Flat: the effective weights are rescaled over the
 * present leaves (11/12):
 *   (30/12 + 60/3 + 90/6 + 40/3) / (11/12) = (305/6) * (12/11) = 610/11
 * Tree: P1 = 30, P2 = (120 + 90)/3 = 70, D1 = (30 + 210)/4 = 60, D2 = 40,
 *   composite = (120 + 40)/3 = 160/3. */
Test(agg_methods, flatten_arithmetic_missing_leaf)
{
    load_profile(DEEP, 1);
    double w[5];
    cr_assert_eq(ce_aggregate_effective_weights(g_prof, w, NULL), CE_OK);
    const double norm[5] = {NAN, 30, 60, 90, 40};
    cr_assert_eq(run(CE_AGG_ARITHMETIC, w, norm, 1, NULL, NULL), CE_OK);
    ASSERT_COMP(0, 610.0 / 11.0);
    ASSERT_NODE(0, "D1", 60);
    cr_assert_eq(run(CE_AGG_ARITHMETIC, NULL, norm, 1, NULL, NULL), CE_OK);
    ASSERT_COMP(0, 160.0 / 3.0);
}

/* ---- pymcdm WSM and WPM (test_mcdm.py), via --normalize sum ----
 * Matrix 5 x 4, types +,+,-,-, weights 0.6153846, 0.3846154, 0.4615385,
 * 0.5384615 (they sum to 2). pymcdm: sum normalisation (benefit x/sum x,
 * cost (1/x)/sum(1/x)), WSM = sum w*n, WPM = prod n^w; expected to 3
 * decimals WSM 0.609, 0.313, 0.334, 0.265, 0.479 and WPM 0.065, 0.017,
 * 0.019, 0.007, 0.052. Our aggregates rescale the weights to sum 1, so
 * arithmetic = WSM / 2 and geometric = WPM^(1/2). */
static const double MCDA_X[20] = {96, 83, 75, 7,  63, 5,  56, 9,  72, 30,
                                  32, 48, 11, 4,  27, 9,  77, 21, 17, 11};
static const int MCDA_DIR[4] = {1, 1, -1, -1};
static const char MCDA_PROFILE[] = "code,name,parent,weight,direction,unit\n"
                                   "g,,,1,,\n"
                                   "c1,,g,0.6153846153846154,+,\n"
                                   "c2,,g,0.38461538461538464,+,\n"
                                   "c3,,g,0.46153846153846156,-,\n"
                                   "c4,,g,0.5384615384615384,-,\n";

static void mcda_normalised(double *norm)
{
    ce_normalize_options o;
    ce_normalize_options_init(&o);
    o.method = CE_NORMALIZE_SUM;
    size_t bad = 99;
    cr_assert_eq(ce_normalize_matrix(MCDA_X, 5, 4, NULL, MCDA_DIR, NULL, NULL, NULL, &o, norm,
                                     NULL, &bad),
                 CE_OK);
}

Test(agg_methods, pymcdm_wsm_with_sum_normalisation)
{
    static const double wsm[5] = {0.609, 0.313, 0.334, 0.265, 0.479};
    double norm[20];
    mcda_normalised(norm);
    load_profile(MCDA_PROFILE, 5);
    cr_assert_eq(run(CE_AGG_ARITHMETIC, NULL, norm, 5, NULL, NULL), CE_OK);
    for (size_t i = 0; i < 5; i++)
        ASSERT_NODE_TOL(i, "g", wsm[i] / 2, 0.0005 / 2);
}

Test(agg_methods, pymcdm_wpm_with_sum_normalisation)
{
    static const double wpm[5] = {0.065, 0.017, 0.019, 0.007, 0.052};
    double norm[20];
    mcda_normalised(norm);
    load_profile(MCDA_PROFILE, 5);
    set_method("g", CE_AGG_GEOMETRIC);
    cr_assert_eq(run(CE_AGG_ARITHMETIC, NULL, norm, 5, NULL, NULL), CE_OK);
    for (size_t i = 0; i < 5; i++) {
        double got = node(i, "g"), wpm_got = got * got; /* undo the 1/sum(w) = 1/2 root */
        cr_assert_float_eq(wpm_got, wpm[i], 0.0005, "row %zu: WPM %.6f, want %.3f", i, wpm_got,
                           wpm[i]);
    }
}

/* ---- weights near DBL_MAX (issue 13 §3) ----
 * Weights are relative among siblings: 1.7e308 and 1.7e308 are the same
 * weights as 1 and 1, and 1.7e308, 1.7e308, 1.7e308 the same as 1, 1, 1,
 * though each of their sums overflows a double. */

static const char HUGE_TWO[] = "code,name,parent,weight,direction,unit\n"
                               "A,,,1.7e308,,\n"
                               "B,,,1.7e308,,\n"
                               "a1,,A,1.7e308,+,\n"
                               "a2,,A,1.7e308,+,\n"
                               "a3,,A,1.7e308,+,\n"
                               "b1,,B,1,+,\n";

/* row 0: A = mean(16, 81, 36); B = 50.  row 1: a1 missing, A = mean(81, 9);
 * B = 10.  The hand-computed values per method are in each case below. */
static const double HUGE_NORM[8] = {16, 81, 36, 50, NAN, 81, 9, 10};

struct huge_case {
    ce_agg_method m;
    double a0, c0, a1, c1; /* A and the composite of rows 0 and 1 */
};

ParameterizedTestParameters(agg_methods, huge_weights_are_relative)
{
    static struct huge_case cases[] = {
        /* (16 + 81 + 36) / 3 = 133/3; comp (133/3 + 50) / 2 = 283/6;
         * row 1: (81 + 9) / 2 = 45; comp (45 + 10) / 2 = 27.5 */
        {CE_AGG_ARITHMETIC, 133.0 / 3, 283.0 / 6, 45, 27.5},
        /* cbrt(16 * 81 * 36) = cbrt(46656) = 36; comp sqrt(36 * 50) = sqrt(1800);
         * row 1: sqrt(81 * 9) = 27; comp sqrt(270) */
        {CE_AGG_GEOMETRIC, 36, 0, 27, 0},
        /* 3 / (1/16 + 1/81 + 1/36) = 3 / ((324 + 64 + 144)/5184) = 15552/532;
         * row 1: 2 / (1/81 + 1/9) = 2 / (10/81) = 16.2 */
        {CE_AGG_HARMONIC, 15552.0 / 532, 0, 16.2, 0},
    };
    cases[1].c0 = sqrt(1800.0);
    cases[1].c1 = sqrt(270.0);
    cases[2].c0 = 2 / (532.0 / 15552 + 1.0 / 50); /* harmonic of A and 50 */
    cases[2].c1 = 2 / (1 / 16.2 + 1.0 / 10);
    return cr_make_param_array(struct huge_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct huge_case *c, agg_methods, huge_weights_are_relative)
{
    load_profile(HUGE_TWO, 2);
    set_method("A", c->m);
    set_method("B", c->m);
    cr_assert_eq(run(c->m, NULL, HUGE_NORM, 2, NULL, NULL), CE_OK);
    ASSERT_NODE(0, "A", c->a0);
    ASSERT_COMP(0, c->c0);
    ASSERT_NODE(1, "A", c->a1);
    ASSERT_COMP(1, c->c1);
}

/* TOPSIS and Copeland compare rows: with huge weights they give what equal
 * weights give.  Rows (A's children, b1): r0 = (100, 100, 100, 100) is
 * best everywhere, r1 = (0, 0, 0, 0) worst, r2 = (50, 50, 50, 50). */
Test(agg_methods, huge_weights_topsis_copeland)
{
    load_profile(HUGE_TWO, 3);
    const double norm[12] = {100, 100, 100, 100, 0, 0, 0, 0, 50, 50, 50, 50};
    set_method("A", CE_AGG_TOPSIS);
    set_method("B", CE_AGG_TOPSIS);
    cr_assert_eq(run(CE_AGG_TOPSIS, NULL, norm, 3, NULL, NULL), CE_OK);
    /* each node: ideal 100, anti-ideal 0: r0 100, r1 0, r2 50 */
    ASSERT_NODE(0, "A", 100);
    ASSERT_NODE(1, "A", 0);
    ASSERT_NODE(2, "A", 50);
    ASSERT_COMP(0, 100);
    ASSERT_COMP(1, 0);
    ASSERT_COMP(2, 50);
    set_method("A", CE_AGG_COPELAND);
    set_method("B", CE_AGG_COPELAND);
    cr_assert_eq(run(CE_AGG_COPELAND, NULL, norm, 3, NULL, NULL), CE_OK);
    /* r0 beats both (+2), r2 beats r1 (0), r1 loses both (-2) */
    ASSERT_NODE(0, "A", 2);
    ASSERT_NODE(1, "A", -2);
    ASSERT_NODE(2, "A", 0);
    ASSERT_COMP(0, 2);
    ASSERT_COMP(1, -2);
    ASSERT_COMP(2, 0);
}

/* Geometric with modest weights: 200 and 200 are 1 and 1, but 81^200
 * overflows a double. sqrt(16 * 81) = 36. */
Test(agg_methods, geometric_large_weights)
{
    load_profile("code,name,parent,weight,direction,unit\n"
                 "A,,,1,,\n"
                 "a1,,A,200,+,\n"
                 "a2,,A,200,+,\n",
                 1);
    set_method("A", CE_AGG_GEOMETRIC);
    const double norm[2] = {16, 81};
    cr_assert_eq(run(CE_AGG_GEOMETRIC, NULL, norm, 1, NULL, NULL), CE_OK);
    ASSERT_NODE(0, "A", 36);
    ASSERT_COMP(0, 36);
}

/* Effective weights: A and B half each; a1..a3 a sixth each, b1 a half. */
Test(agg_methods, huge_weights_effective)
{
    load_profile(HUGE_TWO, 1);
    double w[4];
    cr_assert_eq(ce_aggregate_effective_weights(g_prof, w, NULL), CE_OK);
    cr_assert_float_eq(w[0], 1.0 / 6, EPS, "a1 %.17g", w[0]);
    cr_assert_float_eq(w[1], 1.0 / 6, EPS);
    cr_assert_float_eq(w[2], 1.0 / 6, EPS);
    cr_assert_float_eq(w[3], 0.5, EPS, "b1 %.17g", w[3]);
}

/* Copeland with weights that are not integers: 0.1 six times is the same
 * as 1 six times. Each row is higher on three children and lower on three:
 * a draw (0 each), although 0.1 + 0.1 + 0.1 over the sum of six 0.1 is
 * 0.30000000000000004 / 0.59999999999999998 > 0.5 in doubles. */
Test(agg_methods, copeland_tenth_weights_draw)
{
    load_profile("code,name,parent,weight,direction,unit\n"
                 "A,,,1,,\n"
                 "a1,,A,0.1,+,\na2,,A,0.1,+,\na3,,A,0.1,+,\n"
                 "a4,,A,0.1,+,\na5,,A,0.1,+,\na6,,A,0.1,+,\n",
                 2);
    set_method("A", CE_AGG_COPELAND);
    const double norm[12] = {1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1};
    cr_assert_eq(run(CE_AGG_ARITHMETIC, NULL, norm, 2, NULL, NULL), CE_OK);
    ASSERT_NODE(0, "A", 0);
    ASSERT_NODE(1, "A", 0);
}
