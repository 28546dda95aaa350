/* test_normalize_methods.c - ce_normalize_matrix for every --normalize
 * method (normalize.h; COINr's n_* functions applied to x' = x * direction),
 * ce_normalize_method_parse/name and ce_normalize_options_init. The hand
 * arithmetic is in the comments.
 *
 * The pymcdm reference case normalizations/TestVectorNormalization is not
 * reproduced: it is vector normalisation (x/||x||, cost 1 - x/||x||), which
 * none of these methods is. (TestMinmaxNormalization is in test_normalize.c.)
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <math.h>
#include <stddef.h>

#include "clustereval/normalize.h"

#define EPS 1e-12

static ce_normalize_options opts(ce_normalize_method m)
{
    ce_normalize_options o;
    ce_normalize_options_init(&o);
    o.method = m;
    return o;
}

/* out[i * cols + j] */
#define ASSERT_OUT(out, cols, i, j, want)                                                     \
    cr_assert_float_eq((out)[(i) * (cols) + (j)], (want), EPS,                                \
                       "out[%d][%d] = %.17g, want %.17g", (int)(i), (int)(j),                 \
                       (out)[(i) * (cols) + (j)], (double)(want))
#define ASSERT_OUT_NAN(out, cols, i, j)                                                       \
    cr_assert(isnan((out)[(i) * (cols) + (j)]), "out[%d][%d] = %.17g, want NaN", (int)(i),    \
              (int)(j), (out)[(i) * (cols) + (j)])

/* Every test uses directions +1 for column 0 and -1 for column 1. */
static const int DIR[2] = {+1, -1};

/* ---- names ---- */

Test(normalize_methods, options_defaults)
{
    ce_normalize_options o;
    o.method = CE_NORMALIZE_GOALPOST;
    o.lo = o.hi = o.z_mean = o.z_sd = -5;
    ce_normalize_options_init(&o);
    cr_assert_eq(o.method, CE_NORMALIZE_MINMAX);
    cr_assert_float_eq(o.lo, 0.0, EPS);
    cr_assert_float_eq(o.hi, 100.0, EPS);
    cr_assert_float_eq(o.z_mean, 0.0, EPS);
    cr_assert_float_eq(o.z_sd, 1.0, EPS);
}

struct name_case {
    char name[16];
    ce_normalize_method m;
};

ParameterizedTestParameters(normalize_methods, name_round_trip)
{
    static struct name_case cases[] = {
        {"minmax", CE_NORMALIZE_MINMAX},       {"zscore", CE_NORMALIZE_ZSCORE},
        {"rank", CE_NORMALIZE_RANK},           {"prank", CE_NORMALIZE_PRANK},
        {"borda", CE_NORMALIZE_BORDA},         {"dist2max", CE_NORMALIZE_DIST2MAX},
        {"dist2target", CE_NORMALIZE_DIST2TARGET}, {"goalpost", CE_NORMALIZE_GOALPOST}, {"vector", CE_NORMALIZE_VECTOR}, {"sum", CE_NORMALIZE_SUM},
    };
    return cr_make_param_array(struct name_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct name_case *c, normalize_methods, name_round_trip)
{
    ce_normalize_method m = (ce_normalize_method)-1;
    cr_assert_eq(ce_normalize_method_parse(c->name, &m), 0, "\"%s\" rejected", c->name);
    cr_assert_eq(m, c->m);
    cr_assert_str_eq(ce_normalize_method_name(c->m), c->name);
}

Test(normalize_methods, bad_names)
{
    static const char *const bad[] = {"", "MinMax", "min-max", "z-score", "zscore ", "ranks",
                                      "dist2targ", "goalposts", "vectors", "none"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        ce_normalize_method m = CE_NORMALIZE_RANK;
        cr_assert_neq(ce_normalize_method_parse(bad[k], &m), 0, "\"%s\" accepted", bad[k]);
    }
}

/* ---- minmax ---- */

/* x = 2, 4, 10 in both columns; row 3 is inactive (50 would be the max);
 * row 4 missing. Range 1..100, so hi - lo = 99:
 *   +1: t = (x - 2)/8 = 0, 0.25, 1   -> 1, 1 + 24.75 = 25.75, 100
 *   -1: t = (10 - x)/8 = 1, 0.75, 0  -> 100, 1 + 74.25 = 75.25, 1 */
Test(normalize_methods, minmax_custom_range_with_active)
{
    const double x[10] = {2, 2, 4, 4, 10, 10, 50, 50, NAN, NAN};
    const unsigned char active[5] = {1, 1, 1, 0, 1};
    ce_normalize_options o = opts(CE_NORMALIZE_MINMAX);
    o.lo = 1;
    o.hi = 100;
    double out[10];
    ce_norm_flag flags[2] = {CE_NORM_EMPTY, CE_NORM_EMPTY};
    cr_assert_eq(ce_normalize_matrix(x, 5, 2, active, DIR, NULL, NULL, NULL, &o, out, flags, NULL),
                 CE_OK);
    ASSERT_OUT(out, 2, 0, 0, 1);
    ASSERT_OUT(out, 2, 1, 0, 25.75);
    ASSERT_OUT(out, 2, 2, 0, 100);
    ASSERT_OUT(out, 2, 0, 1, 100);
    ASSERT_OUT(out, 2, 1, 1, 75.25);
    ASSERT_OUT(out, 2, 2, 1, 1);
    ASSERT_OUT_NAN(out, 2, 3, 0);
    ASSERT_OUT_NAN(out, 2, 3, 1);
    ASSERT_OUT_NAN(out, 2, 4, 0);
    ASSERT_OUT_NAN(out, 2, 4, 1);
    cr_assert_eq(flags[0], CE_NORM_OK);
    cr_assert_eq(flags[1], CE_NORM_OK);
}

/* Without a mask the inactive row counts: max 50, so t = (x - 2)/48 on 0..1:
 * 2 -> 0, 4 -> 1/24, 10 -> 1/6, 50 -> 1; -1: 1, 23/24, 5/6, 0. */
Test(normalize_methods, minmax_without_active_uses_every_row)
{
    const double x[10] = {2, 2, 4, 4, 10, 10, 50, 50, NAN, NAN};
    ce_normalize_options o = opts(CE_NORMALIZE_MINMAX);
    o.hi = 1;
    double out[10];
    cr_assert_eq(ce_normalize_matrix(x, 5, 2, NULL, DIR, NULL, NULL, NULL, &o, out, NULL, NULL),
                 CE_OK);
    ASSERT_OUT(out, 2, 0, 0, 0);
    ASSERT_OUT(out, 2, 1, 0, 1.0 / 24.0);
    ASSERT_OUT(out, 2, 2, 0, 1.0 / 6.0);
    ASSERT_OUT(out, 2, 3, 0, 1);
    ASSERT_OUT(out, 2, 0, 1, 1);
    ASSERT_OUT(out, 2, 1, 1, 23.0 / 24.0);
    ASSERT_OUT(out, 2, 2, 1, 5.0 / 6.0);
    ASSERT_OUT(out, 2, 3, 1, 0);
    ASSERT_OUT_NAN(out, 2, 4, 0);
}

/* ---- zscore ---- */

/* x = 1, 3, 5 (row 3 inactive: 100): mean 3, sd sqrt((4+0+4)/2) = 2.
 * M = 50, S = 10: (x - 3)/2 * 10 + 50 = 40, 50, 60.
 * -1: x' = -1, -3, -5, mean -3, sd 2: (x' + 3)/2 * 10 + 50 = 60, 50, 40. */
Test(normalize_methods, zscore_with_m_and_s)
{
    const double x[8] = {1, 1, 3, 3, 5, 5, 100, 100};
    const unsigned char active[4] = {1, 1, 1, 0};
    ce_normalize_options o = opts(CE_NORMALIZE_ZSCORE);
    o.z_mean = 50;
    o.z_sd = 10;
    double out[8];
    cr_assert_eq(ce_normalize_matrix(x, 4, 2, active, DIR, NULL, NULL, NULL, &o, out, NULL, NULL),
                 CE_OK);
    ASSERT_OUT(out, 2, 0, 0, 40);
    ASSERT_OUT(out, 2, 1, 0, 50);
    ASSERT_OUT(out, 2, 2, 0, 60);
    ASSERT_OUT(out, 2, 0, 1, 60);
    ASSERT_OUT(out, 2, 1, 1, 50);
    ASSERT_OUT(out, 2, 2, 1, 40);
    ASSERT_OUT_NAN(out, 2, 3, 0);
    ASSERT_OUT_NAN(out, 2, 3, 1);
}

/* Defaults M = 0, S = 1 on {2,4,4,4,5,5,7,9}: mean 5, sd sqrt(32/7):
 * 2 -> -3/2.1380899352993952 = -1.4031215200402281, 9 -> 4/sd = 1.8708286933869707. */
Test(normalize_methods, zscore_default_sample_sd)
{
    const double x[8] = {2, 4, 4, 4, 5, 5, 7, 9};
    const int plus[1] = {+1};
    ce_normalize_options o = opts(CE_NORMALIZE_ZSCORE);
    double out[8];
    cr_assert_eq(ce_normalize_matrix(x, 8, 1, NULL, plus, NULL, NULL, NULL, &o, out, NULL, NULL),
                 CE_OK);
    ASSERT_OUT(out, 1, 0, 0, -3.0 / sqrt(32.0 / 7.0));
    ASSERT_OUT(out, 1, 4, 0, 0);
    ASSERT_OUT(out, 1, 7, 0, 4.0 / sqrt(32.0 / 7.0));
}

/* ---- rank, prank, borda ---- */

/* x = 3, 1, 3, 2, NaN, and an inactive 0 (row 5), in both columns.
 * +1: sorted 1 2 3 3 -> rank (ties take the lowest, R ties = "min"):
 *     3 -> 3, 1 -> 1, 3 -> 3, 2 -> 2
 * -1: x' = -3 -1 -3 -2, sorted -3 -3 -2 -1 -> 1, 4, 1, 3
 * prank = (rank - 1)/(4 - 1); borda = rank - 1. */
static const double RANK_X[12] = {3, 3, 1, 1, 3, 3, 2, 2, NAN, NAN, 0, 0};
static const unsigned char RANK_ACTIVE[6] = {1, 1, 1, 1, 1, 0};

struct rank_case {
    ce_normalize_method m;
    double plus[4], minus[4];
};

ParameterizedTestParameters(normalize_methods, ranks)
{
    static struct rank_case cases[] = {
        {CE_NORMALIZE_RANK, {3, 1, 3, 2}, {1, 4, 1, 3}},
        {CE_NORMALIZE_PRANK, {2.0 / 3, 0, 2.0 / 3, 1.0 / 3}, {0, 1, 0, 2.0 / 3}},
        {CE_NORMALIZE_BORDA, {2, 0, 2, 1}, {0, 3, 0, 2}},
    };
    return cr_make_param_array(struct rank_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct rank_case *c, normalize_methods, ranks)
{
    ce_normalize_options o = opts(c->m);
    double out[12];
    cr_assert_eq(ce_normalize_matrix(RANK_X, 6, 2, RANK_ACTIVE, DIR, NULL, NULL, NULL, &o, out,
                                     NULL, NULL),
                 CE_OK);
    for (size_t i = 0; i < 4; i++) {
        ASSERT_OUT(out, 2, i, 0, c->plus[i]);
        ASSERT_OUT(out, 2, i, 1, c->minus[i]);
    }
    ASSERT_OUT_NAN(out, 2, 4, 0);
    ASSERT_OUT_NAN(out, 2, 4, 1);
    ASSERT_OUT_NAN(out, 2, 5, 0);
    ASSERT_OUT_NAN(out, 2, 5, 1);
}

/* ---- dist2max ---- */

/* x = 2, 4, 10: +1: 1 - (10 - x)/8 = 0, 0.25, 1.
 * -1: x' = -2 -4 -10, max -2, min -10: 1 - (-2 - x')/8 = 1, 0.75, 0. */
Test(normalize_methods, dist2max)
{
    const double x[6] = {2, 2, 4, 4, 10, 10};
    ce_normalize_options o = opts(CE_NORMALIZE_DIST2MAX);
    double out[6];
    cr_assert_eq(ce_normalize_matrix(x, 3, 2, NULL, DIR, NULL, NULL, NULL, &o, out, NULL, NULL),
                 CE_OK);
    ASSERT_OUT(out, 2, 0, 0, 0);
    ASSERT_OUT(out, 2, 1, 0, 0.25);
    ASSERT_OUT(out, 2, 2, 0, 1);
    ASSERT_OUT(out, 2, 0, 1, 1);
    ASSERT_OUT(out, 2, 1, 1, 0.75);
    ASSERT_OUT(out, 2, 2, 1, 0);
}

/* ---- dist2target ---- */

/* x = 2, 4, 10 (row 3 inactive: -100, which would be the min).
 * Column 0, target 8: t' = 8, min 2: 1 - (8 - x)/6 = 0, 1/3, 4/3 (beyond the
 *   target: above 1, COINr's default cap_max = FALSE).
 * Column 1, target 3, direction -1: t' = -3, x' = -2 -4 -10, min -10:
 *   1 - (-3 - x')/(-3 + 10) = 1 + 1/7 = 8/7, 1 - 1/7 = 6/7, 1 - 7/7 = 0. */
Test(normalize_methods, dist2target_with_direction)
{
    const double x[8] = {2, 2, 4, 4, 10, 10, -100, -100};
    const unsigned char active[4] = {1, 1, 1, 0};
    const double target[2] = {8, 3};
    ce_normalize_options o = opts(CE_NORMALIZE_DIST2TARGET);
    double out[8];
    size_t bad = 77;
    cr_assert_eq(
        ce_normalize_matrix(x, 4, 2, active, DIR, target, NULL, NULL, &o, out, NULL, &bad),
        CE_OK);
    ASSERT_OUT(out, 2, 0, 0, 0);
    ASSERT_OUT(out, 2, 1, 0, 1.0 / 3.0);
    ASSERT_OUT(out, 2, 2, 0, 4.0 / 3.0);
    ASSERT_OUT(out, 2, 0, 1, 8.0 / 7.0);
    ASSERT_OUT(out, 2, 1, 1, 6.0 / 7.0);
    ASSERT_OUT(out, 2, 2, 1, 0);
    ASSERT_OUT_NAN(out, 2, 3, 0);
    ASSERT_OUT_NAN(out, 2, 3, 1);
}

Test(normalize_methods, dist2target_missing_target)
{
    const double x[6] = {1, 2, 3, 4, 5, 6};
    const int dir[3] = {+1, +1, -1};
    const double target[3] = {5, NAN, 1};
    ce_normalize_options o = opts(CE_NORMALIZE_DIST2TARGET);
    double out[6];
    size_t bad = 77;
    cr_assert_eq(ce_normalize_matrix(x, 2, 3, NULL, dir, target, NULL, NULL, &o, out, NULL, &bad),
                 CE_ERR_DATA);
    cr_assert_eq(bad, 1);
    bad = 77;
    cr_assert_eq(ce_normalize_matrix(x, 2, 3, NULL, dir, NULL, NULL, NULL, &o, out, NULL, &bad),
                 CE_ERR_DATA);
    cr_assert_eq(bad, 0);
}

/* ---- goalpost ---- */

/* Goalposts lo 10, hi 50; x = 0, 10, 20, 50, 60, and a missing value.
 * +1: (x - 10)/40 = -0.25, 0, 0.25, 1, 1.25 -> clamped, *100: 0, 0, 25, 100, 100
 * -1 (COINr flips the goalposts: (x' - (-50))/(-10 - (-50)) = (50 - x)/40):
 *     1.25, 1, 0.75, 0, -0.25 -> 100, 100, 75, 0, 0 */
Test(normalize_methods, goalpost_clamped_and_flipped)
{
    const double x[12] = {0, 0, 10, 10, 20, 20, 50, 50, 60, 60, NAN, NAN};
    const double lo[2] = {10, 10}, hi[2] = {50, 50};
    ce_normalize_options o = opts(CE_NORMALIZE_GOALPOST);
    double out[12];
    size_t bad = 77;
    cr_assert_eq(ce_normalize_matrix(x, 6, 2, NULL, DIR, NULL, lo, hi, &o, out, NULL, &bad),
                 CE_OK);
    const double plus[5] = {0, 0, 25, 100, 100}, minus[5] = {100, 100, 75, 0, 0};
    for (size_t i = 0; i < 5; i++) {
        ASSERT_OUT(out, 2, i, 0, plus[i]);
        ASSERT_OUT(out, 2, i, 1, minus[i]);
    }
    ASSERT_OUT_NAN(out, 2, 5, 0);
    ASSERT_OUT_NAN(out, 2, 5, 1);
}

/* The goalposts do not depend on the data: an inactive row changes nothing,
 * and a single active value still gets its place between the posts
 * ((32 - 0)/(40 - 0) = 0.8 -> 80). */
Test(normalize_methods, goalpost_independent_of_other_rows)
{
    const double x[2] = {32, 1000};
    const unsigned char active[2] = {1, 0};
    const int plus[1] = {+1};
    const double lo[1] = {0}, hi[1] = {40};
    ce_normalize_options o = opts(CE_NORMALIZE_GOALPOST);
    double out[2];
    cr_assert_eq(ce_normalize_matrix(x, 2, 1, active, plus, NULL, lo, hi, &o, out, NULL, NULL),
                 CE_OK);
    ASSERT_OUT(out, 1, 0, 0, 80);
    ASSERT_OUT_NAN(out, 1, 1, 0);
}

Test(normalize_methods, goalpost_missing_or_equal_posts)
{
    const double x[4] = {1, 2, 3, 4};
    const int dir[2] = {+1, +1};
    ce_normalize_options o = opts(CE_NORMALIZE_GOALPOST);
    double out[4];
    size_t bad = 77;
    const double lo_a[2] = {0, 0}, hi_a[2] = {10, NAN};
    cr_assert_eq(ce_normalize_matrix(x, 2, 2, NULL, dir, NULL, lo_a, hi_a, &o, out, NULL, &bad),
                 CE_ERR_DATA);
    cr_assert_eq(bad, 1);
    bad = 77;
    const double lo_b[2] = {NAN, 0}, hi_b[2] = {10, 10};
    cr_assert_eq(ce_normalize_matrix(x, 2, 2, NULL, dir, NULL, lo_b, hi_b, &o, out, NULL, &bad),
                 CE_ERR_DATA);
    cr_assert_eq(bad, 0);
    bad = 77;
    const double lo_c[2] = {0, 5}, hi_c[2] = {10, 5};
    cr_assert_eq(ce_normalize_matrix(x, 2, 2, NULL, dir, NULL, lo_c, hi_c, &o, out, NULL, &bad),
                 CE_ERR_DATA);
    cr_assert_eq(bad, 1);
    bad = 77;
    cr_assert_eq(ce_normalize_matrix(x, 2, 2, NULL, dir, NULL, NULL, NULL, &o, out, NULL, &bad),
                 CE_ERR_DATA);
    cr_assert_eq(bad, 0);
}

/* ---- constant and empty columns ---- */

/* Column 0: 5 5 5 (and an inactive 9: constant over the active rows);
 * column 1: all missing. normalize.h: constant columns give hi (minmax),
 * M (zscore), 1 (dist2max); rank: every value ties at rank 1 -> prank 0,
 * borda 0. */
struct const_case {
    ce_normalize_method m;
    double want;
};

ParameterizedTestParameters(normalize_methods, constant_and_empty)
{
    static struct const_case cases[] = {
        {CE_NORMALIZE_MINMAX, 80},  /* hi of --range 20..80 */
        {CE_NORMALIZE_ZSCORE, 7},   /* M of --zscore 7,3 */
        {CE_NORMALIZE_DIST2MAX, 1}, {CE_NORMALIZE_RANK, 1},
        {CE_NORMALIZE_PRANK, 0},    {CE_NORMALIZE_BORDA, 0},
    };
    return cr_make_param_array(struct const_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct const_case *c, normalize_methods, constant_and_empty)
{
    const double x[8] = {5, NAN, 5, NAN, 5, NAN, 9, NAN};
    const unsigned char active[4] = {1, 1, 1, 0};
    ce_normalize_options o = opts(c->m);
    o.lo = 20;
    o.hi = 80;
    o.z_mean = 7;
    o.z_sd = 3;
    double out[8];
    ce_norm_flag flags[2] = {CE_NORM_OK, CE_NORM_OK};
    cr_assert_eq(ce_normalize_matrix(x, 4, 2, active, DIR, NULL, NULL, NULL, &o, out, flags, NULL),
                 CE_OK);
    for (size_t i = 0; i < 3; i++) {
        ASSERT_OUT(out, 2, i, 0, c->want);
        ASSERT_OUT_NAN(out, 2, i, 1);
    }
    ASSERT_OUT_NAN(out, 2, 3, 0);
    cr_assert_eq(flags[0], CE_NORM_CONSTANT, "flag %d", flags[0]);
    cr_assert_eq(flags[1], CE_NORM_EMPTY, "flag %d", flags[1]);
}

Test(normalize_methods, flags_may_be_null_and_input_kept)
{
    const double x[3] = {2, 4, 10};
    const int plus[1] = {+1};
    ce_normalize_options o = opts(CE_NORMALIZE_BORDA);
    double out[3];
    cr_assert_eq(ce_normalize_matrix(x, 3, 1, NULL, plus, NULL, NULL, NULL, &o, out, NULL, NULL),
                 CE_OK);
    ASSERT_OUT(out, 1, 0, 0, 0);
    ASSERT_OUT(out, 1, 1, 0, 1);
    ASSERT_OUT(out, 1, 2, 0, 2);
    cr_assert_float_eq(x[0], 2.0, 0.0);
    cr_assert_float_eq(x[2], 10.0, 0.0);
}

/* ---- pymcdm vector_normalization (test_normalizations.py) ----
 * 6 x 3, types -, -, +: benefit x/||x||, cost 1 - x/||x||; expected to 8
 * decimals, row by row. */
Test(normalize_methods, pymcdm_vector_normalization)
{
    static const double x[18] = {66, 56, 95,  61, 55, 166, 65, 49, 113,
                                 95, 56, 99,  63, 43, 178, 74, 59, 140};
    static const double want[18] = {0.62375904, 0.57085288, 0.28587109, 0.65226214, 0.57851622,
                                    0.49952212, 0.62945966, 0.62449627, 0.34003614, 0.45844104,
                                    0.57085288, 0.29790777, 0.6408609,  0.67047632, 0.53563215,
                                    0.57815408, 0.54786285, 0.42128371};
    static const int dir[3] = {-1, -1, 1};
    ce_normalize_options o;
    ce_normalize_options_init(&o);
    o.method = CE_NORMALIZE_VECTOR;
    double out[18];
    size_t bad = 99;
    cr_assert_eq(ce_normalize_matrix(x, 6, 3, NULL, dir, NULL, NULL, NULL, &o, out, NULL, &bad),
                 CE_OK);
    for (size_t k = 0; k < 18; k++)
        cr_assert_float_eq(out[k], want[k], 5e-9, "cell %zu: %.10f, want %.8f", k, out[k],
                           want[k]);
}

/* Sum normalisation: +: x/sum x; -: (1/x)/sum(1/x); a value <= 0 is refused. */
Test(normalize_methods, sum_normalisation_and_its_error)
{
    static const double x[6] = {1, 2, 2, 4, 5, -1};
    static const int dir[2] = {1, -1};
    ce_normalize_options o;
    ce_normalize_options_init(&o);
    o.method = CE_NORMALIZE_SUM;
    double out[6];
    size_t bad = 99;
    /* first two rows only: col 0 = {1, 2}/3; col 1 = {1/2, 1/4}/(3/4) = {2/3, 1/3} */
    cr_assert_eq(ce_normalize_matrix(x, 2, 2, NULL, dir, NULL, NULL, NULL, &o, out, NULL, &bad),
                 CE_OK);
    cr_assert_float_eq(out[0], 1.0 / 3, 1e-15);
    cr_assert_float_eq(out[2], 2.0 / 3, 1e-15);
    cr_assert_float_eq(out[1], 2.0 / 3, 1e-15);
    cr_assert_float_eq(out[3], 1.0 / 3, 1e-15);
    cr_assert_eq(ce_normalize_matrix(x, 3, 2, NULL, dir, NULL, NULL, NULL, &o, out, NULL, &bad),
                 CE_ERR_DATA);
    cr_assert_eq(bad, 1);
}

/* ---- values near DBL_MAX (issue 8) ----
 * Column 0 is {1.5, -1.5, 0} x 1e308 and column 1 the same: every difference,
 * sum or square of them overflows. Each method must give what it gives for
 * {1.5, -1.5, 0} (every method but sum is scale-free or ranks), computed here
 * by hand on the small values:
 *   minmax (+) : (x + 1.5) / 3 * 100       -> 100, 0, 50;  (-) 0, 100, 50
 *   dist2max   : 1 - (1.5 - x) / 3         -> 1, 0, 0.5;   (-) 0, 1, 0.5
 *   zscore     : mean 0, sd 1.5             -> 1, -1, 0;    (-) -1, 1, 0
 *   vector (+) : x / sqrt(4.5)              -> 0.70710678, -0.70710678, 0
 *          (-) : 1 - x / sqrt(4.5) of x' = -x -> 1.70710678, 0.29289322, 1
 *   dist2target with target 1e308 (+): 1 - (1 - x) / (1 + 1.5) -> 1.2, 0, 0.6 */
struct huge_case {
    ce_normalize_method m;
    double want[6];
};

ParameterizedTestParameters(normalize_methods, values_near_dbl_max)
{
    static struct huge_case cases[] = {
        {CE_NORMALIZE_MINMAX, {100, 0, 0, 100, 50, 50}},
        {CE_NORMALIZE_DIST2MAX, {1, 0, 0, 1, 0.5, 0.5}},
        {CE_NORMALIZE_ZSCORE, {1, -1, -1, 1, 0, 0}},
        {CE_NORMALIZE_VECTOR,
         {0.70710678118654752, 0.29289321881345248, -0.70710678118654752, 1.70710678118654752,
          0, 1}},
    };
    return cr_make_param_array(struct huge_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct huge_case *c, normalize_methods, values_near_dbl_max)
{
    const double x[6] = {1.5e308, 1.5e308, -1.5e308, -1.5e308, 0, 0};
    const unsigned char active[3] = {1, 1, 1}; /* not the min-max shortcut */
    ce_normalize_options o = opts(c->m);
    double out[6];
    cr_assert_eq(ce_normalize_matrix(x, 3, 2, active, DIR, NULL, NULL, NULL, &o, out, NULL, NULL),
                 CE_OK);
    for (size_t k = 0; k < 6; k++)
        cr_assert_float_eq(out[k], c->want[k], 1e-9, "%s cell %zu: %.17g, want %.17g",
                           ce_normalize_method_name(c->m), k, out[k], c->want[k]);
    if (c->m == CE_NORMALIZE_MINMAX) { /* and the shortcut without an active mask */
        cr_assert_eq(ce_normalize_matrix(x, 3, 2, NULL, DIR, NULL, NULL, NULL, &o, out, NULL,
                                         NULL),
                     CE_OK);
        for (size_t k = 0; k < 6; k++)
            cr_assert_float_eq(out[k], c->want[k], 1e-9);
    }
}

Test(normalize_methods, dist2target_near_dbl_max)
{
    const double x[3] = {1.5e308, -1.5e308, 0}, target[1] = {1e308};
    const int plus[1] = {+1};
    ce_normalize_options o = opts(CE_NORMALIZE_DIST2TARGET);
    double out[3];
    cr_assert_eq(
        ce_normalize_matrix(x, 3, 1, NULL, plus, target, NULL, NULL, &o, out, NULL, NULL),
        CE_OK);
    cr_assert_float_eq(out[0], 1.2, 1e-9);
    cr_assert_float_eq(out[1], 0.0, 1e-9);
    cr_assert_float_eq(out[2], 0.6, 1e-9);
}
