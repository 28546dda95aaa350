/* test_treat.c - ce_treat_method_parse and ce_treat_winsor (treat.h), which
 * follow COINr 1.x winsorise() + log_CT() with check_SkewKurt():
 *   pass when |G1| < 2 or G2 < 3.5;
 *   else, on the side of the skew (G1 >= 0: high), every point at the extreme
 *   takes the next value; the points counted are those at the extreme in the
 *   latest step (ties and earlier winsorised points included); re-check;
 *   stop when it passes or 5 points are reached;
 *   if it still fails: ln(x - min + 0.01 (max - min)) of the original values.
 * The expected vectors were worked through that algorithm step by step (a
 * python3 one-off of COINr's loop); the skew/kurtosis of each step is in the
 * comments.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "clustereval/treat.h"

#define EPS 1e-12

/* ---- ce_treat_method_parse ---- */

Test(treat_parse, names)
{
    ce_treat_method m = CE_TREAT_WINSOR;
    cr_assert_eq(ce_treat_method_parse("none", &m), 0);
    cr_assert_eq(m, CE_TREAT_NONE);
    cr_assert_eq(ce_treat_method_parse("winsor", &m), 0);
    cr_assert_eq(m, CE_TREAT_WINSOR);
}

struct bad_name {
    char name[24];
};

ParameterizedTestParameters(treat_parse, rejected)
{
    static struct bad_name cases[] = {{""},        {"Winsor"}, {"winsorise"}, {"winsorize"},
                                      {"winsor "}, {"log"},    {"win"},       {"none,winsor"}};
    return cr_make_param_array(struct bad_name, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct bad_name *c, treat_parse, rejected)
{
    ce_treat_method m = CE_TREAT_NONE;
    cr_assert_neq(ce_treat_method_parse(c->name, &m), 0, "\"%s\" accepted", c->name);
}

/* ---- ce_treat_winsor ---- */

static void assert_vec(const double *got, const double *want, size_t n, size_t stride)
{
    for (size_t i = 0; i < n; i++) {
        double g = got[i * stride];
        if (isnan(want[i]))
            cr_assert(isnan(g), "x[%zu] = %.17g, want NaN", i, g);
        else
            cr_assert_float_eq(g, want[i], EPS, "x[%zu] = %.17g, want %.17g", i, g, want[i]);
    }
}

static void assert_mask(const unsigned char *got, const unsigned char *want, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(got[i], want[i], "treated[%zu] = %d, want %d", i, got[i], want[i]);
}

/* (a) {2,4,4,4,5,5,7,9}: G1 = 0.8185 < 2 passes as it is. */
Test(treat, passing_column_untouched)
{
    double x[8] = {2, 4, 4, 4, 5, 5, 7, 9};
    const double want[8] = {2, 4, 4, 4, 5, 5, 7, 9};
    unsigned char treated[8] = {0};
    const unsigned char none[8] = {0};
    ce_treat_info info = {CE_TREATED_LOG, 99, 0, 0};
    cr_assert_eq(ce_treat_winsor(x, 1, 8, NULL, treated, &info), CE_OK);
    assert_vec(x, want, 8, 1);
    assert_mask(treated, none, 8);
    cr_assert_eq(info.outcome, CE_TREATED_NOTHING);
    cr_assert_eq(info.points, 0);
    cr_assert_float_eq(info.skew, 0.81848755335679968, EPS);
    cr_assert_float_eq(info.kurt, 0.940625, EPS);
}

/* A high skew alone does not fail: {1..10, 100, 100} has G1 = 2.0298 >= 2
 * but G2 = 2.5772 < 3.5, so it passes (COINr: |skew| < 2 OR kurt < 3.5). */
Test(treat, high_skew_low_kurtosis_passes)
{
    double x[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100, 100};
    const double want[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100, 100};
    ce_treat_info info;
    cr_assert_eq(ce_treat_winsor(x, 1, 12, NULL, NULL, &info), CE_OK);
    assert_vec(x, want, 12, 1);
    cr_assert_eq(info.outcome, CE_TREATED_NOTHING);
    cr_assert_float_eq(info.skew, 2.0297931901774691, 1e-9);
    cr_assert_float_eq(info.kurt, 2.57718583570181, 1e-9);
}

/* (b) COINr's documented example (winsorise() and Treat.numeric() help,
 * vignette "treat"): x = 1..10, 30, 100; G1 = 3.0632, G2 = 9.7414 fails.
 * Step 1: the 100 takes the next value 30 -> 1..10, 30, 30: G1 = 1.7120 < 2
 * passes. One point winsorised (winhi on the last element). */
Test(treat, coinr_example_one_point)
{
    double x[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100};
    const double want[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 30};
    unsigned char treated[12] = {0};
    const unsigned char mask[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    ce_treat_info info;
    cr_assert_eq(ce_treat_winsor(x, 1, 12, NULL, treated, &info), CE_OK);
    assert_vec(x, want, 12, 1);
    assert_mask(treated, mask, 12);
    cr_assert_eq(info.outcome, CE_TREATED_WINSOR);
    cr_assert_eq(info.points, 1);
    cr_assert_float_eq(info.skew, 3.0632410342394985, 1e-9);
    cr_assert_float_eq(info.kurt, 9.7413908345691436, 1e-9);
}

/* Two steps: x = 1..20, 60, 100 (G1 3.1024, G2 10.2550).
 * Step 1: 100 -> 60: G1 2.3590, G2 5.4040 still fails.
 * Step 2: both 60s -> 20: G1 -0.0945 passes. COINr counts the 2 points at
 * the maximum of the latest step; the original 20 is not a treated point. */
Test(treat, two_steps_count_the_tied_extreme)
{
    double x[22];
    double want[22];
    for (size_t i = 0; i < 20; i++)
        x[i] = want[i] = (double)(i + 1);
    x[20] = 60;
    x[21] = 100;
    want[20] = want[21] = 20;
    unsigned char treated[22] = {0}, mask[22] = {0};
    mask[20] = mask[21] = 1;
    ce_treat_info info;
    cr_assert_eq(ce_treat_winsor(x, 1, 22, NULL, treated, &info), CE_OK);
    assert_vec(x, want, 22, 1);
    assert_mask(treated, mask, 22);
    cr_assert_eq(info.outcome, CE_TREATED_WINSOR);
    cr_assert_eq(info.points, 2);
}

/* Three steps on a long tail: twenty 1s and 10 20 40 80 160 320 640
 * (G1 3.7103, G2 14.5904).
 * Step 1: 640 -> 320 (G1 2.8058, G2 7.0787); step 2: 320 320 -> 160
 * (G1 2.2352, G2 3.6363); step 3: 160 160 160 -> 80 (G1 1.8302) passes.
 * Points: 3; the original 80 is untouched. */
Test(treat, three_steps_long_tail)
{
    double x[27], want[27];
    for (size_t i = 0; i < 20; i++)
        x[i] = want[i] = 1;
    const double tail[7] = {10, 20, 40, 80, 160, 320, 640};
    const double tail_want[7] = {10, 20, 40, 80, 80, 80, 80};
    memcpy(x + 20, tail, sizeof tail);
    memcpy(want + 20, tail_want, sizeof tail_want);
    unsigned char treated[27] = {0}, mask[27] = {0};
    mask[24] = mask[25] = mask[26] = 1;
    ce_treat_info info;
    cr_assert_eq(ce_treat_winsor(x, 1, 27, NULL, treated, &info), CE_OK);
    assert_vec(x, want, 27, 1);
    assert_mask(treated, mask, 27);
    cr_assert_eq(info.outcome, CE_TREATED_WINSOR);
    cr_assert_eq(info.points, 3);
    cr_assert_float_eq(info.skew, 3.7102741820900902, 1e-9);
    cr_assert_float_eq(info.kurt, 14.590426158783236, 1e-9);
}

/* (c) Five points do not suffice: sixty 0s and 1 2 3 4 5 6 (plus a missing
 * value). G1 3.8485, G2 14.5738. The steps bring 6, 5, 4, 3, 2 down one at a
 * time: after step 5 (5 points: 0 x60, 1 x6) G1 = 2.9127, G2 = 6.6854 still
 * fail -> log_CT of the ORIGINAL values: min 0, max 6, so ln(x + 0.06):
 *   ln 0.06 = -2.8134107167600364   ln 1.06 = 0.058268908123975824
 *   ln 2.06 =  0.7227059828014898   ln 3.06 = 1.1184149159642893
 *   ln 4.06 =  1.4011829736136412   ln 5.06 = 1.6213664832993742
 *   ln 6.06 =  1.801709800081223
 * Every present cell is marked treated; the missing one stays missing. */
Test(treat, five_points_not_enough_log)
{
    enum { N = 67 };
    double x[N], want[N];
    for (size_t i = 0; i < 60; i++) {
        x[i] = 0;
        want[i] = -2.8134107167600364;
    }
    const double top[6] = {1, 2, 3, 4, 5, 6};
    const double top_log[6] = {0.058268908123975824, 0.7227059828014898, 1.1184149159642893,
                               1.4011829736136412,   1.6213664832993742, 1.801709800081223};
    memcpy(x + 60, top, sizeof top);
    memcpy(want + 60, top_log, sizeof top_log);
    x[66] = want[66] = NAN;
    unsigned char treated[N] = {0}, mask[N];
    memset(mask, 1, sizeof mask);
    mask[66] = 0;
    ce_treat_info info;
    cr_assert_eq(ce_treat_winsor(x, 1, N, NULL, treated, &info), CE_OK);
    assert_vec(x, want, N, 1);
    assert_mask(treated, mask, N);
    cr_assert_eq(info.outcome, CE_TREATED_LOG);
    cr_assert_float_eq(info.skew, 3.8485113400811715, 1e-9);
    cr_assert_float_eq(info.kurt, 14.573776587886844, 1e-9);
}

/* (d) Negative skew: the mirror of (b), 101 - x = 100..91, 71, 1
 * (G1 -3.0632, G2 9.7414). Step 1 on the low side: the 1 takes the next
 * lowest value 71 -> G1 -1.7120 passes. */
Test(treat, negative_skew_winsorised_low)
{
    double x[12] = {100, 99, 98, 97, 96, 95, 94, 93, 92, 91, 71, 1};
    const double want[12] = {100, 99, 98, 97, 96, 95, 94, 93, 92, 91, 71, 71};
    unsigned char treated[12] = {0};
    const unsigned char mask[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    ce_treat_info info;
    cr_assert_eq(ce_treat_winsor(x, 1, 12, NULL, treated, &info), CE_OK);
    assert_vec(x, want, 12, 1);
    assert_mask(treated, mask, 12);
    cr_assert_eq(info.outcome, CE_TREATED_WINSOR);
    cr_assert_eq(info.points, 1);
    cr_assert_float_eq(info.skew, -3.0632410342394971, 1e-9);
}

/* (e) Case (b) as column 0 of a 15 x 2 matrix (stride 2), with two missing
 * values and an inactive row holding 5000 (which, if counted, would be the
 * maximum). Only the 100 changes; NaN, the inactive row and column 1 are
 * left alone and not marked. */
Test(treat, inactive_and_missing_untouched)
{
    enum { R = 15 };
    const double col0[R] = {1, 2, NAN, 3, 4, 5, 5000, 6, 7, 8, 9, NAN, 10, 30, 100};
    const double want0[R] = {1, 2, NAN, 3, 4, 5, 5000, 6, 7, 8, 9, NAN, 10, 30, 30};
    double m[2 * R], col1[R];
    unsigned char active[R];
    for (size_t i = 0; i < R; i++) {
        m[2 * i] = col0[i];
        m[2 * i + 1] = col1[i] = 1000.0 * (double)(i + 1) * (double)(i + 1);
        active[i] = i != 6;
    }
    unsigned char treated[R] = {0}, mask[R] = {0};
    mask[14] = 1;
    ce_treat_info info;
    cr_assert_eq(ce_treat_winsor(m, 2, R, active, treated, &info), CE_OK);
    assert_vec(m, want0, R, 2);
    assert_vec(m + 1, col1, R, 2);
    assert_mask(treated, mask, R);
    cr_assert_eq(info.outcome, CE_TREATED_WINSOR);
    cr_assert_eq(info.points, 1);
    cr_assert_float_eq(info.skew, 3.0632410342394985, 1e-9);
}

/* (f) Fewer than 4 values (inactive and missing ones do not count): left
 * alone even though the values are extreme. */
Test(treat, fewer_than_four_values_untouched)
{
    double x[6] = {1, NAN, 2, 100000, -7, NAN};
    const double want[6] = {1, NAN, 2, 100000, -7, NAN};
    const unsigned char active[6] = {1, 1, 1, 1, 0, 1};
    unsigned char treated[6] = {0};
    const unsigned char none[6] = {0};
    ce_treat_info info = {CE_TREATED_LOG, 7, 0, 0};
    cr_assert_eq(ce_treat_winsor(x, 1, 6, active, treated, &info), CE_OK);
    assert_vec(x, want, 6, 1);
    assert_mask(treated, none, 6);
    cr_assert_eq(info.outcome, CE_TREATED_NOTHING);
    cr_assert_eq(info.points, 0);
    cr_assert(isnan(info.kurt), "kurtosis of 3 values = %g", info.kurt);
}

Test(treat, empty_and_null_outputs)
{
    double x[3] = {NAN, NAN, NAN};
    cr_assert_eq(ce_treat_winsor(x, 1, 3, NULL, NULL, NULL), CE_OK);
    cr_assert(isnan(x[0]) && isnan(x[1]) && isnan(x[2]));
    /* info and treated NULL on a column that gets winsorised */
    double y[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100};
    cr_assert_eq(ce_treat_winsor(y, 1, 12, NULL, NULL, NULL), CE_OK);
    cr_assert_float_eq(y[11], 30.0, EPS);
}
