/* test_normalize.c - ce_normalize_minmax (normalize.h, DESIGN.md §4 step 1). */
#include <criterion/criterion.h>

#include <math.h>
#include <stddef.h>

#include "clustereval/normalize.h"

#define EPS 1e-12

static const int PLUS[1] = {+1};
static const int MINUS[1] = {-1};

Test(minmax, plus_direction_onto_0_100)
{
    /* min 2, max 10: (x - 2) / 8 * 100 */
    const double x[3] = {2, 4, 10};
    double out[3];
    ce_norm_flag flag = CE_NORM_EMPTY;
    cr_assert_eq(ce_normalize_minmax(x, 3, 1, PLUS, 0, 100, out, &flag), CE_OK);
    cr_assert_float_eq(out[0], 0.0, EPS);
    cr_assert_float_eq(out[1], 25.0, EPS);
    cr_assert_float_eq(out[2], 100.0, EPS);
    cr_assert_eq(flag, CE_NORM_OK);
}

Test(minmax, minus_direction_onto_0_100)
{
    /* (10 - x) / 8 * 100 */
    const double x[3] = {2, 4, 10};
    double out[3];
    ce_norm_flag flag = CE_NORM_EMPTY;
    cr_assert_eq(ce_normalize_minmax(x, 3, 1, MINUS, 0, 100, out, &flag), CE_OK);
    cr_assert_float_eq(out[0], 100.0, EPS);
    cr_assert_float_eq(out[1], 75.0, EPS);
    cr_assert_float_eq(out[2], 0.0, EPS);
    cr_assert_eq(flag, CE_NORM_OK);
}

Test(minmax, negative_values_and_unsorted_rows)
{
    /* min -5, max 5, range 10; '-': (5 - x) / 10 * 100 */
    const double x[4] = {0, 5, -5, 2.5};
    double out[4];
    cr_assert_eq(ce_normalize_minmax(x, 4, 1, MINUS, 0, 100, out, NULL), CE_OK);
    cr_assert_float_eq(out[0], 50.0, EPS);
    cr_assert_float_eq(out[1], 0.0, EPS);
    cr_assert_float_eq(out[2], 100.0, EPS);
    cr_assert_float_eq(out[3], 25.0, EPS);
}

Test(minmax, custom_interval_1_100)
{
    /* lo + t * (hi - lo) with t = 0, 0.25, 1 and hi - lo = 99:
     * 1, 1 + 24.75 = 25.75, 100 ('+'); 100, 1 + 0.75 * 99 = 75.25, 1 ('-') */
    const double x[3] = {2, 4, 10};
    double out[3];
    cr_assert_eq(ce_normalize_minmax(x, 3, 1, PLUS, 1, 100, out, NULL), CE_OK);
    cr_assert_float_eq(out[0], 1.0, EPS);
    cr_assert_float_eq(out[1], 25.75, EPS);
    cr_assert_float_eq(out[2], 100.0, EPS);
    cr_assert_eq(ce_normalize_minmax(x, 3, 1, MINUS, 1, 100, out, NULL), CE_OK);
    cr_assert_float_eq(out[0], 100.0, EPS);
    cr_assert_float_eq(out[1], 75.25, EPS);
    cr_assert_float_eq(out[2], 1.0, EPS);
}

Test(minmax, nan_stays_nan_and_is_left_out_of_min_max)
{
    /* Present values 2, 4, 10 as before: the NaNs must not become the min or
     * the max (which would make everything NaN or shift the scale). */
    const double x[5] = {NAN, 2, 4, NAN, 10};
    double out[5];
    ce_norm_flag flag = CE_NORM_EMPTY;
    cr_assert_eq(ce_normalize_minmax(x, 5, 1, PLUS, 0, 100, out, &flag), CE_OK);
    cr_assert(isnan(out[0]));
    cr_assert_float_eq(out[1], 0.0, EPS);
    cr_assert_float_eq(out[2], 25.0, EPS);
    cr_assert(isnan(out[3]));
    cr_assert_float_eq(out[4], 100.0, EPS);
    cr_assert_eq(flag, CE_NORM_OK);
}

Test(minmax, nan_first_and_last_with_minus)
{
    const double x[4] = {NAN, 10, 2, NAN};
    double out[4];
    cr_assert_eq(ce_normalize_minmax(x, 4, 1, MINUS, 0, 100, out, NULL), CE_OK);
    cr_assert(isnan(out[0]));
    cr_assert_float_eq(out[1], 0.0, EPS);
    cr_assert_float_eq(out[2], 100.0, EPS);
    cr_assert(isnan(out[3]));
}

Test(minmax, constant_column_gives_hi_and_flag)
{
    const double x[4] = {5, 5, NAN, 5};
    double out[4];
    ce_norm_flag flag = CE_NORM_OK;
    cr_assert_eq(ce_normalize_minmax(x, 4, 1, PLUS, 0, 100, out, &flag), CE_OK);
    cr_assert_eq(flag, CE_NORM_CONSTANT);
    cr_assert_float_eq(out[0], 100.0, EPS);
    cr_assert_float_eq(out[1], 100.0, EPS);
    cr_assert(isnan(out[2]));
    cr_assert_float_eq(out[3], 100.0, EPS);

    /* hi, not lo, for '-' as well, and for another interval. */
    flag = CE_NORM_OK;
    cr_assert_eq(ce_normalize_minmax(x, 4, 1, MINUS, 1, 7, out, &flag), CE_OK);
    cr_assert_eq(flag, CE_NORM_CONSTANT);
    cr_assert_float_eq(out[0], 7.0, EPS);
    cr_assert_float_eq(out[1], 7.0, EPS);
    cr_assert(isnan(out[2]));
    cr_assert_float_eq(out[3], 7.0, EPS);
}

Test(minmax, single_present_value_is_constant)
{
    const double x[3] = {NAN, -3.5, NAN};
    double out[3];
    ce_norm_flag flag = CE_NORM_OK;
    cr_assert_eq(ce_normalize_minmax(x, 3, 1, MINUS, 0, 100, out, &flag), CE_OK);
    cr_assert_eq(flag, CE_NORM_CONSTANT);
    cr_assert(isnan(out[0]));
    cr_assert_float_eq(out[1], 100.0, EPS);
    cr_assert(isnan(out[2]));
}

Test(minmax, all_missing_column_is_empty)
{
    const double x[3] = {NAN, NAN, NAN};
    double out[3] = {1, 2, 3};
    ce_norm_flag flag = CE_NORM_OK;
    cr_assert_eq(ce_normalize_minmax(x, 3, 1, PLUS, 0, 100, out, &flag), CE_OK);
    cr_assert_eq(flag, CE_NORM_EMPTY);
    cr_assert(isnan(out[0]));
    cr_assert(isnan(out[1]));
    cr_assert(isnan(out[2]));
}

Test(minmax, zero_rows_every_column_empty)
{
    const int dir[2] = {1, -1};
    double dummy = 0;
    ce_norm_flag flags[2] = {CE_NORM_OK, CE_NORM_OK};
    cr_assert_eq(ce_normalize_minmax(&dummy, 0, 2, dir, 0, 100, &dummy, flags), CE_OK);
    cr_assert_eq(flags[0], CE_NORM_EMPTY);
    cr_assert_eq(flags[1], CE_NORM_EMPTY);
    cr_assert_float_eq(dummy, 0.0, 0.0);
}

Test(minmax, several_columns_row_major)
{
    /* 4 rows x 4 columns, row-major.
     * col 0 '+': {1, 3, 5, 9}, min 1 max 9, (x-1)/8*100 -> 0, 25, 50, 100
     * col 1 '-': {100, 200, NaN, 300}, min 100 max 300, (300-x)/2 -> 100, 50, NaN, 0
     * col 2 '+': {7, 7, 7, NaN} constant -> 100, 100, 100, NaN
     * col 3 '-': all NaN -> empty */
    const double x[16] = {
        1, 100, 7, NAN,
        3, 200, 7, NAN,
        5, NAN, 7, NAN,
        9, 300, NAN, NAN,
    };
    const int dir[4] = {1, -1, 1, -1};
    const double want[16] = {
        0, 100, 100, NAN,
        25, 50, 100, NAN,
        50, NAN, 100, NAN,
        100, 0, NAN, NAN,
    };
    double out[16];
    ce_norm_flag flags[4];
    cr_assert_eq(ce_normalize_minmax(x, 4, 4, dir, 0, 100, out, flags), CE_OK);
    for (size_t k = 0; k < 16; k++) {
        if (isnan(want[k]))
            cr_assert(isnan(out[k]), "out[%zu] = %g, want NaN", k, out[k]);
        else
            cr_assert_float_eq(out[k], want[k], EPS, "out[%zu] = %.17g, want %g", k, out[k],
                               want[k]);
    }
    cr_assert_eq(flags[0], CE_NORM_OK);
    cr_assert_eq(flags[1], CE_NORM_OK);
    cr_assert_eq(flags[2], CE_NORM_CONSTANT);
    cr_assert_eq(flags[3], CE_NORM_EMPTY);
}

Test(minmax, in_place)
{
    /* 3 rows x 2 columns, out == x.
     * col 0 '+': {2, 4, 10} -> 0, 25, 100; col 1 '-': {0, 50, 100} -> 100, 50, 0 */
    double x[6] = {2, 0, 4, 50, 10, 100};
    const int dir[2] = {1, -1};
    ce_norm_flag flags[2];
    cr_assert_eq(ce_normalize_minmax(x, 3, 2, dir, 0, 100, x, flags), CE_OK);
    cr_assert_float_eq(x[0], 0.0, EPS);
    cr_assert_float_eq(x[1], 100.0, EPS);
    cr_assert_float_eq(x[2], 25.0, EPS);
    cr_assert_float_eq(x[3], 50.0, EPS);
    cr_assert_float_eq(x[4], 100.0, EPS);
    cr_assert_float_eq(x[5], 0.0, EPS);
    cr_assert_eq(flags[0], CE_NORM_OK);
    cr_assert_eq(flags[1], CE_NORM_OK);
}

Test(minmax, input_left_untouched)
{
    const double x[3] = {2, 4, 10};
    double copy[3] = {2, 4, 10}, out[3];
    cr_assert_eq(ce_normalize_minmax(copy, 3, 1, PLUS, 0, 100, out, NULL), CE_OK);
    for (size_t k = 0; k < 3; k++)
        cr_assert_float_eq(copy[k], x[k], 0.0);
}

/* Reference: pymcdm test/test_normalizations.py, TestMinmaxNormalization
 * test_output (copied from reference/mcda/normalizations/
 * TestMinmaxNormalization__test_output.json). Benefit (x-min)/(max-min), cost
 * (max-x)/(max-min) on [0,1]; types (-1, -1, +1); output row-major, rounded
 * to 8 decimals. */
Test(minmax, reference_pymcdm_minmax)
{
    const double matrix[18] = {
        66, 56, 95,
        61, 55, 166,
        65, 49, 113,
        95, 56, 99,
        63, 43, 178,
        74, 59, 140,
    };
    const int types[3] = {-1, -1, 1};
    const double expected[18] = {
        0.85294118, 0.1875, 0.0,
        1.0, 0.25, 0.85542169,
        0.88235294, 0.625, 0.21686747,
        0.0, 0.1875, 0.04819277,
        0.94117647, 1.0, 1.0,
        0.61764706, 0.0, 0.54216867,
    };
    double out[18];
    ce_norm_flag flags[3];
    cr_assert_eq(ce_normalize_minmax(matrix, 6, 3, types, 0, 1, out, flags), CE_OK);
    for (size_t k = 0; k < 18; k++)
        cr_assert_float_eq(out[k], expected[k], 0.5e-8 + 1e-15, "out[%zu] = %.10f, want %.8f", k,
                           out[k], expected[k]);
    for (size_t j = 0; j < 3; j++)
        cr_assert_eq(flags[j], CE_NORM_OK);
}
