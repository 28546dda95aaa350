/* test_impute.c - ce_impute_method_parse and ce_impute_matrix (impute.h;
 * COINr i_mean, i_median, i_mean_grp, i_median_grp), with hand values.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "clustereval/impute.h"

#define EPS 1e-12

/* ---- ce_impute_method_parse ---- */

struct parse_ok {
    char spec[32];
    ce_impute_method method;
    size_t column_at; /* offset of the column in spec, 0 = no column (NULL) */
};

ParameterizedTestParameters(impute_parse, accepted)
{
    static struct parse_ok cases[] = {
        {"none", CE_IMPUTE_NONE, 0},
        {"mean", CE_IMPUTE_MEAN, 0},
        {"median", CE_IMPUTE_MEDIAN, 0},
        {"group-mean:region", CE_IMPUTE_GROUP_MEAN, 11},
        {"group-median:region", CE_IMPUTE_GROUP_MEDIAN, 13},
        {"group-mean:x", CE_IMPUTE_GROUP_MEAN, 11},
        {"group-median:省份", CE_IMPUTE_GROUP_MEDIAN, 13},
    };
    return cr_make_param_array(struct parse_ok, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct parse_ok *c, impute_parse, accepted)
{
    ce_impute_method m = (ce_impute_method)-1;
    const char *column = "untouched";
    cr_assert_eq(ce_impute_method_parse(c->spec, &m, &column), 0, "\"%s\" rejected", c->spec);
    cr_assert_eq(m, c->method, "\"%s\" -> %d", c->spec, (int)m);
    if (c->column_at == 0) {
        cr_assert_null(column, "\"%s\": column should be NULL", c->spec);
    } else {
        /* the column points into spec, after the colon */
        cr_assert_eq(column, c->spec + c->column_at, "\"%s\": column not inside spec", c->spec);
        cr_assert_str_eq(column, c->spec + c->column_at);
    }
}

struct parse_bad {
    char spec[32];
};

ParameterizedTestParameters(impute_parse, rejected)
{
    static struct parse_bad cases[] = {
        {""},            {"avg"},           {"Mean"},         {"mean "},
        {"means"},       {"group-mean:"},   {"group-median:"}, {"group-mean"},
        {"group-median"}, {"group-mode:x"},  {"mean:region"},  {"none:x"},
    };
    return cr_make_param_array(struct parse_bad, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct parse_bad *c, impute_parse, rejected)
{
    ce_impute_method m = CE_IMPUTE_MEDIAN;
    const char *column = NULL;
    cr_assert_neq(ce_impute_method_parse(c->spec, &m, &column), 0, "\"%s\" accepted", c->spec);
}

/* ---- ce_impute_matrix ----
 *
 * Nine clusters, two indicators (a, b), three groups; row 5 is inactive and
 * holds a value (1000) that would move every mean if it were used.
 *
 *   row grp   a     b
 *    0   0    1     NaN
 *    1   0    NaN   10
 *    2   0    4     20
 *    3   1    10    NaN
 *    4   1    NaN   NaN
 *    5   1    1000  NaN    inactive: neither used nor filled
 *    6   2    NaN   60     group 2 has no a
 *    7   1    25    90
 *    8   0    9     50
 *
 * a over the active present values: 1 4 10 25 9 -> mean 49/5 = 9.8; sorted
 *   1 4 9 10 25 -> median 9.
 * b: 10 20 60 90 50 -> mean 230/5 = 46; sorted 10 20 50 60 90 -> median 50.
 * Group 0 (rows 0 1 2 8): a 1 4 9 -> mean 14/3, median 4; b 10 20 50 ->
 *   mean 80/3, median 20.
 * Group 1 (rows 3 4 7; 5 inactive): a 10 25 -> mean = median = 17.5;
 *   b 90 -> 90.
 * Group 2 (row 6): a none -> stays missing; b 60.
 */
enum { ROWS = 9, COLS = 2 };

static const double DATA[ROWS * COLS] = {
    1,   NAN, NAN, 10, 4,   20,  10, NAN, NAN, NAN,
    1000, NAN, NAN, 60, 25, 90, 9,  50,
};
static const size_t GROUP[ROWS] = {0, 0, 0, 1, 1, 1, 2, 1, 0};
static const unsigned char ACTIVE[ROWS] = {1, 1, 1, 1, 1, 0, 1, 1, 1};

static double g_x[ROWS * COLS];
static unsigned char g_filled[ROWS * COLS];

static void reset(void)
{
    memcpy(g_x, DATA, sizeof g_x);
    memset(g_filled, 0, sizeof g_filled);
}

TestSuite(impute, .init = reset);

#define X(i, j) g_x[(i) * COLS + (j)]

#define ASSERT_CELL(i, j, want)                                                              \
    cr_assert_float_eq(X(i, j), (want), EPS, "x[%d][%d] = %.17g, want %.17g", (int)(i),      \
                       (int)(j), X(i, j), (double)(want))
#define ASSERT_CELL_NAN(i, j)                                                                \
    cr_assert(isnan(X(i, j)), "x[%d][%d] = %.17g, want NaN", (int)(i), (int)(j), X(i, j))

/* The present inputs must come back unchanged. */
static void assert_present_kept(void)
{
    for (size_t k = 0; k < ROWS * COLS; k++)
        if (!isnan(DATA[k]))
            cr_assert_float_eq(g_x[k], DATA[k], 0.0, "present cell %zu changed to %g", k, g_x[k]);
}

static void assert_filled(const unsigned char want[ROWS * COLS])
{
    for (size_t k = 0; k < ROWS * COLS; k++)
        cr_assert_eq(g_filled[k], want[k], "filled[%zu] (row %zu, col %zu) = %d, want %d", k,
                     k / COLS, k % COLS, g_filled[k], want[k]);
}

/* The cells that are missing among active rows, but for row 6's a in the
 * group methods. */
static const unsigned char FILLED_ALL[ROWS * COLS] = {
    0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0,
};
static const unsigned char FILLED_GROUPED[ROWS * COLS] = {
    0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
};

Test(impute, mean)
{
    cr_assert_eq(ce_impute_matrix(g_x, ROWS, COLS, ACTIVE, CE_IMPUTE_MEAN, NULL, 0, g_filled),
                 CE_OK);
    ASSERT_CELL(1, 0, 9.8);
    ASSERT_CELL(4, 0, 9.8);
    ASSERT_CELL(6, 0, 9.8);
    ASSERT_CELL(0, 1, 46);
    ASSERT_CELL(3, 1, 46);
    ASSERT_CELL(4, 1, 46);
    ASSERT_CELL_NAN(5, 1); /* inactive: not filled */
    ASSERT_CELL(5, 0, 1000);
    assert_present_kept();
    assert_filled(FILLED_ALL);
}

Test(impute, median)
{
    cr_assert_eq(ce_impute_matrix(g_x, ROWS, COLS, ACTIVE, CE_IMPUTE_MEDIAN, NULL, 0, g_filled),
                 CE_OK);
    ASSERT_CELL(1, 0, 9);
    ASSERT_CELL(4, 0, 9);
    ASSERT_CELL(6, 0, 9);
    ASSERT_CELL(0, 1, 50);
    ASSERT_CELL(3, 1, 50);
    ASSERT_CELL(4, 1, 50);
    ASSERT_CELL_NAN(5, 1);
    assert_present_kept();
    assert_filled(FILLED_ALL);
}

Test(impute, group_mean)
{
    cr_assert_eq(ce_impute_matrix(g_x, ROWS, COLS, ACTIVE, CE_IMPUTE_GROUP_MEAN, GROUP, 3,
                                  g_filled),
                 CE_OK);
    ASSERT_CELL(1, 0, 14.0 / 3.0); /* group 0 */
    ASSERT_CELL(0, 1, 80.0 / 3.0); /* group 0 */
    ASSERT_CELL(4, 0, 17.5);       /* group 1, without the inactive 1000 */
    ASSERT_CELL(3, 1, 90);         /* group 1 */
    ASSERT_CELL(4, 1, 90);
    ASSERT_CELL_NAN(6, 0); /* group 2 has no a: stays missing, not flagged */
    ASSERT_CELL_NAN(5, 1);
    assert_present_kept();
    assert_filled(FILLED_GROUPED);
}

Test(impute, group_median)
{
    cr_assert_eq(ce_impute_matrix(g_x, ROWS, COLS, ACTIVE, CE_IMPUTE_GROUP_MEDIAN, GROUP, 3,
                                  g_filled),
                 CE_OK);
    ASSERT_CELL(1, 0, 4);  /* median of 1 4 9 */
    ASSERT_CELL(0, 1, 20); /* median of 10 20 50 */
    ASSERT_CELL(4, 0, 17.5);
    ASSERT_CELL(3, 1, 90);
    ASSERT_CELL(4, 1, 90);
    ASSERT_CELL_NAN(6, 0);
    ASSERT_CELL_NAN(5, 1);
    assert_present_kept();
    assert_filled(FILLED_GROUPED);
}

Test(impute, no_active_mask_uses_every_row)
{
    /* Row 5 now counts: a = 1 4 10 1000 25 9 -> mean 1049/6; b gains no value,
     * but row 5's b is now filled too: mean 46. */
    cr_assert_eq(ce_impute_matrix(g_x, ROWS, COLS, NULL, CE_IMPUTE_MEAN, NULL, 0, g_filled),
                 CE_OK);
    ASSERT_CELL(1, 0, 1049.0 / 6.0);
    ASSERT_CELL(5, 1, 46);
    cr_assert_eq(g_filled[5 * COLS + 1], 1);
}

Test(impute, filled_may_be_null)
{
    cr_assert_eq(ce_impute_matrix(g_x, ROWS, COLS, ACTIVE, CE_IMPUTE_MEAN, NULL, 0, NULL), CE_OK);
    ASSERT_CELL(1, 0, 9.8);
    ASSERT_CELL(0, 1, 46);
}

Test(impute, none_changes_nothing)
{
    cr_assert_eq(ce_impute_matrix(g_x, ROWS, COLS, ACTIVE, CE_IMPUTE_NONE, NULL, 0, g_filled),
                 CE_OK);
    for (size_t k = 0; k < ROWS * COLS; k++) {
        if (isnan(DATA[k]))
            cr_assert(isnan(g_x[k]), "cell %zu filled under none", k);
        cr_assert_eq(g_filled[k], 0);
    }
    assert_present_kept();
}

Test(impute, empty_column_stays_missing)
{
    /* Column 1 has no present value among the active rows (the 7 is in the
     * inactive row 3); column 0 fills row 2 with the median of 1 and 3. */
    double x[8] = {1, NAN, 3, NAN, NAN, NAN, 100, 7};
    const unsigned char active[4] = {1, 1, 1, 0};
    unsigned char filled[8] = {0};
    cr_assert_eq(ce_impute_matrix(x, 4, 2, active, CE_IMPUTE_MEDIAN, NULL, 0, filled), CE_OK);
    cr_assert_float_eq(x[4], 2.0, EPS);
    cr_assert(isnan(x[1]));
    cr_assert(isnan(x[3]));
    cr_assert(isnan(x[5]));
    cr_assert_float_eq(x[6], 100.0, EPS);
    cr_assert_float_eq(x[7], 7.0, EPS);
    const unsigned char want[8] = {0, 0, 0, 0, 1, 0, 0, 0};
    cr_assert_arr_eq(filled, want, sizeof want);
}

/* ---- the one table of names ---- */

Test(impute_names, name_label_and_parse_agree)
{
    static const char *const names[] = {"none", "mean", "median", "group-mean", "group-median"};
    static const char *const labels[] = {"none", "mean", "median", "group mean", "group median"};
    for (int m = CE_IMPUTE_NONE; m <= CE_IMPUTE_GROUP_MEDIAN; m++) {
        cr_assert_str_eq(ce_impute_method_name((ce_impute_method)m), names[m]);
        cr_assert_str_eq(ce_impute_method_label((ce_impute_method)m), labels[m]);
    }
    cr_assert_str_eq(ce_impute_method_name((ce_impute_method)5), "?");
    cr_assert_str_eq(ce_impute_method_label((ce_impute_method)-1), "?");

    ce_impute_method m = CE_IMPUTE_NONE;
    const char *col = "x";
    cr_assert_eq(ce_impute_method_parse("median", &m, &col), 0);
    cr_assert_eq(m, CE_IMPUTE_MEDIAN);
    cr_assert_null(col);
    cr_assert_eq(ce_impute_method_parse("group-median:city", &m, &col), 0);
    cr_assert_eq(m, CE_IMPUTE_GROUP_MEDIAN);
    cr_assert_str_eq(col, "city");
    cr_assert_eq(ce_impute_method_parse("group-mean:a:b", &m, &col), 0);
    cr_assert_eq(m, CE_IMPUTE_GROUP_MEAN);
    cr_assert_str_eq(col, "a:b");
    m = CE_IMPUTE_NONE;
    static const char *const bad[] = {"group-mean", "group-mean:", "group mean:city", "meanx",
                                      "Mean", "", "group-median", "none:x", ":city"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        cr_assert_eq(ce_impute_method_parse(bad[k], &m, &col), -1, "\"%s\"", bad[k]);
        cr_assert_eq(m, CE_IMPUTE_NONE);
    }
}

/* The list is the text of `rank --help` and of the --impute refusal. */
Test(impute_names, list)
{
    char buf[128];
    cr_assert_str_eq(ce_impute_method_list(buf, sizeof buf, ", "),
                     "none, mean, median, group-mean:COLUMN, group-median:COLUMN");
    cr_assert_str_eq(ce_impute_method_list(buf, sizeof buf, " or "),
                     "none, mean, median, group-mean:COLUMN or group-median:COLUMN");
    char small[12];
    cr_assert_str_eq(ce_impute_method_list(small, sizeof small, ", "), "none, mean,");
}
