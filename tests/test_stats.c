/* test_stats.c - the NaN-aware descriptive statistics of stats.h, on values
 * worked out by hand (the arithmetic is in the comments).
 *
 * The skewness and kurtosis are the G1/G2 estimators of Excel SKEW/KURT,
 * e1071 type 2 and COINr skew()/kurt(). For {2,4,4,4,5,5,7,9}: mean 5,
 * deviations d = -3,-1,-1,-1,0,0,2,4, so
 *   sum d^2 = 9+1+1+1+0+0+4+16 = 32
 *   sum d^3 = -27-1-1-1+0+0+8+64 = 42
 *   sum d^4 = 81+1+1+1+0+0+16+256 = 356
 *   sd  = sqrt(32/7) = 2.1380899352993952
 *   g1  = sqrt(8)*42/32^1.5 = 42/64 = 0.65625
 *   G1  = g1*sqrt(8*7)/6 = 0.65625*7.4833147735478828/6 = 0.81848755335679968
 *   r   = 8*356/32^2 = 2.78125
 *   G2  = ((9)(r-3)+6)*7/(6*5) = (6-1.96875)*7/30 = 0.940625
 * (Excel: SKEW = 0.818487553, KURT = 0.940625.)
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stddef.h>

#include "stats.h"

#define EPS 1e-12

static const double TEXTBOOK[8] = {2, 4, 4, 4, 5, 5, 7, 9};

Test(stats, textbook_sample)
{
    cr_assert_float_eq(ce_stats_mean(TEXTBOOK, 1, 8), 5.0, EPS);
    cr_assert_float_eq(ce_stats_sd(TEXTBOOK, 1, 8), 2.1380899352993952, EPS);
    double sk = ce_stats_skew(TEXTBOOK, 1, 8), ku = ce_stats_kurt(TEXTBOOK, 1, 8);
    cr_assert_float_eq(sk, 0.81848755335679968, EPS, "skew = %.17g", sk);
    cr_assert_float_eq(ku, 0.940625, EPS, "kurt = %.17g", ku);
    /* even count: sorted 2 4 4 4 | 5 5 7 9 -> (4 + 5) / 2 */
    cr_assert_float_eq(ce_stats_median(TEXTBOOK, 1, 8), 4.5, EPS);
}

Test(stats, nan_is_skipped)
{
    /* The textbook sample with NaN at the start, the middle and the end:
     * every statistic must equal the one of the 8 present values. */
    const double x[11] = {NAN, 2, 4, 4, NAN, 4, 5, 5, 7, 9, NAN};
    cr_assert_float_eq(ce_stats_mean(x, 1, 11), 5.0, EPS);
    cr_assert_float_eq(ce_stats_sd(x, 1, 11), 2.1380899352993952, EPS);
    cr_assert_float_eq(ce_stats_skew(x, 1, 11), 0.81848755335679968, EPS);
    cr_assert_float_eq(ce_stats_kurt(x, 1, 11), 0.940625, EPS);
    cr_assert_float_eq(ce_stats_median(x, 1, 11), 4.5, EPS);
}

Test(stats, stride_reads_one_column)
{
    /* A 4 x 2 row-major matrix: column 0 = 1 3 5 11, column 1 = 100 NaN 300 400. */
    const double m[8] = {1, 100, 3, NAN, 5, 300, 11, 400};
    /* column 0: mean 20/4 = 5; d = -4 -2 0 6; sum d^2 = 16+4+0+36 = 56; sd = sqrt(56/3) */
    cr_assert_float_eq(ce_stats_mean(m, 2, 4), 5.0, EPS);
    cr_assert_float_eq(ce_stats_sd(m, 2, 4), sqrt(56.0 / 3.0), EPS);
    cr_assert_float_eq(ce_stats_median(m, 2, 4), 4.0, EPS); /* (3 + 5) / 2 */
    /* column 1: 100 300 400, mean 800/3; median 300 */
    cr_assert_float_eq(ce_stats_mean(m + 1, 2, 4), 800.0 / 3.0, EPS);
    cr_assert_float_eq(ce_stats_median(m + 1, 2, 4), 300.0, EPS);
    double out[4] = {-1, -1, -1, -1};
    cr_assert_eq(ce_stats_compact(m + 1, 2, 4, out), 3);
    cr_assert_float_eq(out[0], 100.0, EPS);
    cr_assert_float_eq(out[1], 300.0, EPS);
    cr_assert_float_eq(out[2], 400.0, EPS);
    cr_assert_float_eq(out[3], -1.0, EPS, "compact wrote past its count");
}

Test(stats, compact_keeps_order)
{
    const double x[6] = {NAN, 3.5, -1, NAN, 0, 8};
    double out[6];
    cr_assert_eq(ce_stats_compact(x, 1, 6, out), 4);
    cr_assert_float_eq(out[0], 3.5, EPS);
    cr_assert_float_eq(out[1], -1.0, EPS);
    cr_assert_float_eq(out[2], 0.0, EPS);
    cr_assert_float_eq(out[3], 8.0, EPS);
    const double none[2] = {NAN, NAN};
    cr_assert_eq(ce_stats_compact(none, 1, 2, out), 0);
    cr_assert_eq(ce_stats_compact(x, 1, 0, out), 0);
}

Test(stats, mean_and_sd_small_samples)
{
    const double two[2] = {1, 4};
    /* mean 2.5; d = -1.5, 1.5; sd = sqrt(4.5/1) */
    cr_assert_float_eq(ce_stats_mean(two, 1, 2), 2.5, EPS);
    cr_assert_float_eq(ce_stats_sd(two, 1, 2), sqrt(4.5), EPS);
    const double one[3] = {NAN, 7, NAN};
    cr_assert_float_eq(ce_stats_mean(one, 1, 3), 7.0, EPS);
    cr_assert(isnan(ce_stats_sd(one, 1, 3)), "sd of one value must be NaN");
    const double none[2] = {NAN, NAN};
    cr_assert(isnan(ce_stats_mean(none, 1, 2)));
    cr_assert(isnan(ce_stats_sd(none, 1, 2)));
    cr_assert(isnan(ce_stats_mean(none, 1, 0)));
}

Test(stats, sd_of_constant_is_zero)
{
    const double c[4] = {3, 3, NAN, 3};
    cr_assert_float_eq(ce_stats_sd(c, 1, 4), 0.0, EPS);
}

Test(stats, skew_needs_three_values)
{
    const double x[4] = {1, NAN, 2, NAN};
    cr_assert(isnan(ce_stats_skew(x, 1, 4)), "skew of 2 values = %g", ce_stats_skew(x, 1, 4));
    /* {1, 2, 6}: mean 3, d = -2 -1 3; sum d^2 = 14, sum d^3 = -8-1+27 = 18;
     * g1 = sqrt(3)*18/14^1.5 = 0.5951700641...; G1 = g1*sqrt(6)/1 = 1.4578629673213048 */
    const double three[3] = {1, 2, 6};
    cr_assert_float_eq(ce_stats_skew(three, 1, 3), 1.4578629673213048, EPS);
}

Test(stats, kurt_needs_four_values)
{
    const double three[3] = {1, 2, 6};
    cr_assert(isnan(ce_stats_kurt(three, 1, 3)), "kurt of 3 values = %g",
              ce_stats_kurt(three, 1, 3));
    /* {1, 2, 3, 10}: mean 4, d = -3 -2 -1 6; sum d^2 = 50, sum d^4 = 81+16+1+1296 = 1394;
     * r = 4*1394/2500 = 2.2304; G2 = (5*(2.2304-3)+6)*3/(2*1) = (6-3.848)*1.5 = 3.228 */
    const double four[4] = {1, 2, 3, 10};
    cr_assert_float_eq(ce_stats_kurt(four, 1, 4), 3.228, EPS);
}

Test(stats, constant_skew_kurt_are_nan)
{
    const double c[5] = {4, 4, 4, NAN, 4};
    cr_assert(isnan(ce_stats_skew(c, 1, 5)));
    cr_assert(isnan(ce_stats_kurt(c, 1, 5)));
}

Test(stats, skew_sign_follows_the_tail)
{
    /* Mirroring the sample (x -> 10 - x) flips the sign of G1 and keeps G2. */
    double m[8];
    for (size_t i = 0; i < 8; i++)
        m[i] = 10 - TEXTBOOK[i];
    cr_assert_float_eq(ce_stats_skew(m, 1, 8), -0.81848755335679968, EPS);
    cr_assert_float_eq(ce_stats_kurt(m, 1, 8), 0.940625, EPS);
}

Test(stats, median_odd_even_and_unsorted)
{
    const double odd[5] = {9, 1, 5, 3, 7};
    cr_assert_float_eq(ce_stats_median(odd, 1, 5), 5.0, EPS);
    const double even[4] = {4, 1, 3, 2};
    cr_assert_float_eq(ce_stats_median(even, 1, 4), 2.5, EPS);
    const double one[1] = {-2};
    cr_assert_float_eq(ce_stats_median(one, 1, 1), -2.0, EPS);
    /* NaN left out: 10, 30, 20 -> 20 (odd count after skipping) */
    const double gaps[5] = {10, NAN, 30, 20, NAN};
    cr_assert_float_eq(ce_stats_median(gaps, 1, 5), 20.0, EPS);
    const double none[2] = {NAN, NAN};
    cr_assert(isnan(ce_stats_median(none, 1, 2)));
    cr_assert(isnan(ce_stats_median(none, 1, 0)));
}

Test(stats, median_leaves_input_untouched)
{
    double x[4] = {4, 1, 3, 2};
    (void)ce_stats_median(x, 1, 4);
    cr_assert_float_eq(x[0], 4.0, EPS);
    cr_assert_float_eq(x[1], 1.0, EPS);
    cr_assert_float_eq(x[2], 3.0, EPS);
    cr_assert_float_eq(x[3], 2.0, EPS);
}

Test(stats, pearson_pairwise_deletion)
{
    /* Pairs with both present: (1,2) (2,4) (3,5) (4,4) (5,5); the pair (NaN,100)
     * and (7,NaN) are dropped, so the outlier 100 must not matter.
     * mx = 3, my = 4; dx = -2 -1 0 1 2; dy = -2 0 1 0 1;
     * sxy = 4+0+0+0+2 = 6; sxx = 10; syy = 4+0+1+0+1 = 6; r = 6/sqrt(60) */
    const double x[7] = {1, 2, 3, 4, 5, NAN, 7};
    const double y[7] = {2, 4, 5, 4, 5, 100, NAN};
    size_t pairs = 0;
    double r = ce_stats_pearson(x, 1, y, 1, 7, &pairs);
    cr_assert_eq(pairs, 5);
    cr_assert_float_eq(r, 6.0 / sqrt(60.0), EPS, "r = %.17g", r);
    /* symmetric, and pairs may be NULL */
    cr_assert_float_eq(ce_stats_pearson(y, 1, x, 1, 7, NULL), 6.0 / sqrt(60.0), EPS);
}

Test(stats, pearson_perfect_and_strided)
{
    /* Columns of a 4 x 2 matrix: y = -2x + 1 exactly -> r = -1. */
    const double m[8] = {0, 1, 1, -1, 2, -3, 5, -9};
    size_t pairs = 0;
    cr_assert_float_eq(ce_stats_pearson(m, 2, m + 1, 2, 4, &pairs), -1.0, EPS);
    cr_assert_eq(pairs, 4);
}

Test(stats, pearson_too_few_pairs)
{
    const double x[4] = {1, 2, NAN, 4};
    const double y[4] = {3, 1, 5, NAN};
    size_t pairs = 99;
    cr_assert(isnan(ce_stats_pearson(x, 1, y, 1, 4, &pairs)));
    cr_assert_eq(pairs, 2);
}

Test(stats, pearson_constant_side_is_nan)
{
    /* y is 5 on every pair kept (the 9 sits beside a missing x). */
    const double x[5] = {1, 2, 3, NAN, 4};
    const double y[5] = {5, 5, 5, 9, 5};
    size_t pairs = 0;
    cr_assert(isnan(ce_stats_pearson(x, 1, y, 1, 5, &pairs)));
    cr_assert_eq(pairs, 4);
    cr_assert(isnan(ce_stats_pearson(y, 1, x, 1, 5, NULL)));
}
