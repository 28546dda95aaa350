/* test_weights.c - the weighting methods (weights.c): the published
 * reference cases of /work/shared/reference/mcda (numbers copied here, each
 * to the precision the case gives) and hand-computed edge cases. The AHP
 * file is tested in test_weights_ahp_file.c, the whole-profile driver in
 * test_weights_profile.c. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/weights.h"

#include "testutil.h"

#define NOERR {{0}, 0, {0}}

/* Asserts |got[j] - want[j]| <= tol for every j. */
static void expect_vec(const double *got, const double *want, size_t n, double tol,
                       const char *what)
{
    for (size_t j = 0; j < n; j++)
        cr_expect(fabs(got[j] - want[j]) <= tol, "%s[%zu] = %.12g, want %.12g (tol %g)", what, j,
                  got[j], want[j], tol);
}

/* Runs a method on a small row-major matrix and asserts CE_OK. */
static void run_method(ce_weights_method method, const double *x, size_t rows, size_t cols,
                       const int *dir, const ce_weights_options *o, double *w,
                       ce_weights_column *col, ce_weights_info *info)
{
    ce_weights_matrix m = {x, rows, cols, dir, NULL, NULL};
    ce_error err = NOERR;
    ce_status st = ce_weights_compute(method, &m, o, w, col, info, &err);
    cr_assert_eq(st, CE_OK, "%s: %s", ce_weights_method_name(method), err.msg);
    double sum = 0;
    for (size_t j = 0; j < cols; j++) {
        cr_assert(w[j] >= 0, "w[%zu] = %g < 0", j, w[j]);
        sum += w[j];
    }
    cr_assert_float_eq(sum, 1.0, 1e-12);
}

static ce_weights_options opts(ce_weights_input input, double eps, ce_weights_corr corr)
{
    ce_weights_options o;
    ce_weights_options_init(&o);
    o.input = input;
    o.epsilon = eps;
    o.corr = corr;
    return o;
}

/* ---- reference cases: chinese-textbook/zhjx19_mathmodels_entropy_critic ---- */

/* 张敬信 mathmodels: X = [[3,10],[5,20],[2,15],[7,25]], index = c('+','-'). */
static const double zh_x[] = {3, 10, 5, 20, 2, 15, 7, 25};
static const int zh_dir[] = {1, -1};

/* s = 100 * X' w with X' the matrix the method works on. */
static void scores(const double *x, size_t rows, size_t cols, const int *dir,
                   ce_weights_method method, const ce_weights_options *o, const double *w,
                   double *s)
{
    double y[64];
    ce_weights_matrix m = {x, rows, cols, dir, NULL, NULL};
    ce_error err = NOERR;
    cr_assert_eq(ce_weights_prepare(&m, method, o, y, &err), CE_OK, "%s", err.msg);
    for (size_t i = 0; i < rows; i++) {
        s[i] = 0;
        for (size_t j = 0; j < cols; j++)
            s[i] += 100 * y[i * cols + j] * w[j];
    }
}

Test(weights_ref, zhjx19_entropy_epsilon)
{
    ce_weights_options o = opts(CE_WEIGHTS_INPUT_MINMAX, 0.002, CE_WEIGHTS_PEARSON);
    double w[2], s[4];
    run_method(CE_WEIGHTS_ENTROPY, zh_x, 4, 2, zh_dir, &o, w, NULL, NULL);
    expect_vec(w, (double[]){0.5452618, 0.4547382}, 2, 5e-8, "w");
    scores(zh_x, 4, 2, zh_dir, CE_WEIGHTS_ENTROPY, &o, w, s);
    expect_vec(s, (double[]){56.35354, 47.88215, 30.39461, 54.50808}, 4, 5e-6, "s");
}

Test(weights_ref, zhjx19_critic)
{
    ce_weights_options o = opts(CE_WEIGHTS_INPUT_MINMAX, 0, CE_WEIGHTS_PEARSON);
    double w[2], s[4];
    run_method(CE_WEIGHTS_CRITIC, zh_x, 4, 2, zh_dir, &o, w, NULL, NULL);
    expect_vec(w, (double[]){0.5075187, 0.4924813}, 2, 5e-8, "w");
    scores(zh_x, 4, 2, zh_dir, CE_WEIGHTS_CRITIC, &o, w, s);
    expect_vec(s, (double[]){59.39851, 46.86716, 32.83209, 50.75187}, 4, 5e-6, "s");
}

/* ---- reference cases: AHP ---- */

Test(weights_ref, zhjx19_ahp)
{
    const double a[25] = {1,       0.5,     4, 3,   3,   2,       1,       7, 5,
                          5,       1.0 / 4, 1.0 / 7, 1, 0.5, 1.0 / 3, 1.0 / 3, 1.0 / 5,
                          2,       1,       1,       1.0 / 3, 1.0 / 5, 3, 1, 1};
    double w[5];
    ce_ahp_consistency c;
    ce_error err = NOERR;
    cr_assert_eq(ce_weights_ahp(a, 5, w, &c, &err), CE_OK, "%s", err.msg);
    expect_vec(w, (double[]){0.26360349, 0.47583538, 0.0538146, 0.09806829, 0.10867824}, 5,
               5e-9, "w");
    cr_expect_float_eq(c.lambda_max, 5.072084, 5e-7, "lambda_max %.10g", c.lambda_max);
    cr_expect_float_eq(c.ci, 0.0180211, 5e-8, "CI %.10g", c.ci);
    cr_expect_float_eq(c.ri, 1.12, 0, "RI %g", c.ri);
    cr_expect_float_eq(c.cr, 0.01609027, 5e-9, "CR %.10g", c.cr);
}

/* pymcdm TestAHPWeights (Wang & Chin 2011), 4 decimals. The case gives no
 * lambda_max: 7.419870101921 is an independent power iteration of the same
 * matrix (A w = lambda w). pymcdm's CR (get_cr) divides CI by Tummala & Ling's
 * (1998) RI = 1.2358 for n = 6, giving 0.229790; Saaty's RI = 1.24 gives
 * 0.229011. Both are far above 0.1: this matrix is inconsistent. */
Test(weights_ref, pymcdm_ahp)
{
    const double a[36] = {1,       4,       3,       1,       3,       4,
                          1.0 / 4, 1,       7,       3,       1.0 / 5, 1,
                          1.0 / 3, 1.0 / 7, 1,       1.0 / 5, 1.0 / 5, 1.0 / 6,
                          1,       1.0 / 3, 5,       1,       1,       1.0 / 3,
                          1.0 / 3, 5,       5,       1,       1,       3,
                          1.0 / 4, 1,       6,       3,       1.0 / 3, 1};
    double w[6];
    ce_ahp_consistency c;
    ce_error err = NOERR;
    cr_assert_eq(ce_weights_ahp(a, 6, w, &c, &err), CE_OK, "%s", err.msg);
    expect_vec(w, (double[]){0.3208, 0.1395, 0.0348, 0.1285, 0.2374, 0.1391}, 6, 5e-5, "w");
    cr_expect_float_eq(c.lambda_max, 7.419870101921, 1e-9, "lambda_max %.12g", c.lambda_max);
    cr_expect_float_eq(c.ci, (7.419870101921 - 6) / 5, 1e-9);
    cr_expect_float_eq(c.ri, 1.24, 0);
    cr_expect_float_eq(c.cr, 0.2290113068, 1e-9, "CR %.10g", c.cr);
    cr_expect_float_eq(c.ci / 1.2358, 0.2297896265, 1e-9, "pymcdm's CR %.10g", c.ci / 1.2358);
}

/* LIBS.md §2.3, checked there with GSL: [[1,3,5],[1/3,1,3],[1/5,1/3,1]]. */
Test(weights_ref, libs_ahp_3x3)
{
    const double a[9] = {1, 3, 5, 1.0 / 3, 1, 3, 1.0 / 5, 1.0 / 3, 1};
    double w[3];
    ce_ahp_consistency c;
    cr_assert_eq(ce_weights_ahp(a, 3, w, &c, NULL), CE_OK);
    expect_vec(w, (double[]){0.6370, 0.2583, 0.1047}, 3, 5e-5, "w");
    cr_expect_float_eq(c.lambda_max, 3.0385, 5e-5);
    cr_expect_float_eq(c.ci, 0.0193, 5e-5);
    cr_expect_float_eq(c.cr, 0.0332, 5e-5);
}

/* ---- reference cases: weights/ (pymcdm tests) ---- */

Test(weights_ref, pymcdm_entropy_raw)
{
    static const double x[] = {
        7,  312, 1891, 6613,   163,    72, 88,  728,  941804, 1078,   10, 252, 2594, 3466,  117471,
        10, 145, 980,  2371,   86329,  65, 54,  350,  501,    29897,  29, 48,  380,  912,   34051,
        7,  476, 3300, 78470,  2212,   70, 87,  650,  733,    819000, 4,  86,  591,  3015,  103,
        12, 79,  579,  3240,   96098,  21, 45,  261,  1253,   453,    1,  72,  530,  4333,  0.1048};
    ce_weights_options o = opts(CE_WEIGHTS_INPUT_RAW, 0, CE_WEIGHTS_PEARSON);
    double w[5];
    run_method(CE_WEIGHTS_ENTROPY, x, 12, 5, NULL, &o, w, NULL, NULL);
    expect_vec(w, (double[]){0.104991, 0.069124, 0.071373, 0.449937, 0.304575}, 5, 5e-7, "w");
}

/* pymcdm's CRITIC min-max-normalises every column as a benefit: all +. */
Test(weights_ref, pymcdm_critic)
{
    static const double x[] = {5000, 3, 3, 4, 3, 2, 680, 5, 3, 2, 2, 1, 2000, 3, 2,
                               3,    4, 3, 600, 4, 3, 1, 2, 2, 800, 2, 4, 3, 3, 4};
    static const int dir[6] = {1, 1, 1, 1, 1, 1};
    ce_weights_options o = opts(CE_WEIGHTS_INPUT_MINMAX, 0, CE_WEIGHTS_PEARSON);
    double w[6];
    run_method(CE_WEIGHTS_CRITIC, x, 5, 6, dir, &o, w, NULL, NULL);
    expect_vec(w, (double[]){0.157, 0.249, 0.168, 0.121, 0.154, 0.151}, 6, 5e-4, "w");
}

/* pymcdm's STD weights use the raw matrix (np.std, ddof=1); every column
 * of the test spans [0, 1], so min-max changes nothing: both give the same
 * (0.3459083, 0.3128864, 0.3412053). */
Test(weights_ref, pymcdm_std)
{
    static const double x[] = {0,    0,    0,    0.39, 0.3,  0.77, 0.17, 0.36, 0.8, 0.35, 0.29,
                               0.93, 0.3,  0.4,  0.94, 0.84, 0.71, 1.0,  1.0,  1.0, 0.99};
    double w[3];
    for (int raw = 0; raw < 2; raw++) {
        ce_weights_options o =
            opts(raw ? CE_WEIGHTS_INPUT_RAW : CE_WEIGHTS_INPUT_MINMAX, 0, CE_WEIGHTS_PEARSON);
        run_method(CE_WEIGHTS_SD, x, 7, 3, NULL, &o, w, NULL, NULL);
        expect_vec(w, (double[]){0.35, 0.31, 0.34}, 3, 5e-3, raw ? "raw w" : "min-max w");
        expect_vec(w, (double[]){0.3459082529, 0.3128864322, 0.3412053149}, 3, 1e-9,
                   raw ? "raw w" : "min-max w");
    }
}

Test(weights_ref, pymcdm_equal)
{
    static const double x[] = {1, 2, 3, 5, 2, 3, 4, 8};
    double w[4];
    ce_weights_options o;
    ce_weights_options_init(&o);
    run_method(CE_WEIGHTS_EQUAL, x, 2, 4, NULL, &o, w, NULL, NULL);
    for (size_t j = 0; j < 4; j++)
        cr_expect(w[j] == 0.25, "w[%zu] = %.17g", j, w[j]);
}

/* ---- reference cases: peers_skcriteria ---- */

/* Diakoulaki, Mavrotas & Papayannakis (1995), the original CRITIC data;
 * scikit-criteria's four variants, np.allclose (rtol 1e-5, atol 1e-8). */
static const double diak_x[] = {61,   1.08, 4.33, 20.7, 0.26, 4.34, 16.3,  1.98,
                                2.53, 9.0,  3.29, 1.65, 5.4,  2.77, 2.33,  4.0,
                                4.12, 1.21, -6.1, 3.52, 2.10, -34.6, 3.31, 0.98};

struct diak_case {
    ce_weights_input input;
    ce_weights_corr corr;
    double want[3];
};

ParameterizedTestParameters(weights_ref, critic_diakoulaki1995)
{
    static struct diak_case cases[] = {
        {CE_WEIGHTS_INPUT_MINMAX, CE_WEIGHTS_PEARSON, {0.20222554, 0.48090173, 0.31687273}},
        {CE_WEIGHTS_INPUT_RAW, CE_WEIGHTS_PEARSON, {0.86874234, 0.08341434, 0.04784331}},
        {CE_WEIGHTS_INPUT_MINMAX, CE_WEIGHTS_SPEARMAN, {0.21454645, 0.4898563, 0.29559726}},
        {CE_WEIGHTS_INPUT_RAW, CE_WEIGHTS_SPEARMAN, {0.87672195, 0.08082369, 0.04245436}},
    };
    return cr_make_param_array(struct diak_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct diak_case *c, weights_ref, critic_diakoulaki1995)
{
    ce_weights_options o = opts(c->input, 0, c->corr);
    double w[3];
    run_method(CE_WEIGHTS_CRITIC, diak_x, 8, 3, NULL, &o, w, NULL, NULL);
    for (size_t j = 0; j < 3; j++)
        cr_expect(fabs(w[j] - c->want[j]) <= 1e-8 + 1e-5 * fabs(c->want[j]),
                  "input %d corr %d: w[%zu] = %.10g, want %.10g", c->input, c->corr, j, w[j],
                  c->want[j]);
}

/* scikit-criteria's StdWeighter and EntropyWeighter on [[1,2],[4,16]]: raw
 * values, objectives ignored. */
Test(weights_ref, skcriteria_simple_2x2)
{
    static const double x[] = {1, 2, 4, 16};
    static const int dir[] = {-1, 1}; /* declared [min, max]; raw input ignores it */
    ce_weights_options o = opts(CE_WEIGHTS_INPUT_RAW, 0, CE_WEIGHTS_PEARSON);
    double w[2];
    run_method(CE_WEIGHTS_SD, x, 2, 2, dir, &o, w, NULL, NULL);
    expect_vec(w, (double[]){0.176471, 0.82353}, 2, 5e-6, "std w");
    cr_expect_float_eq(w[0], 3.0 / 17, 1e-15); /* sd 1.5 : 7 */
    run_method(CE_WEIGHTS_ENTROPY, x, 2, 2, dir, &o, w, NULL, NULL);
    expect_vec(w, (double[]){0.358889, 0.641111}, 2, 5e-7, "entropy w");
}

/* ---- hand-computed edge cases ---- */

/* Column 0: min-max (0, 0.5, 1), p = (0, 1/3, 2/3): 0 ln 0 = 0, e = ln(27/4)/(3 ln 3)
 * = 0.5793801642856950. Column 1 constant: e = 1, weight 0. */
Test(weights, entropy_constant_column_and_zero_log_zero)
{
    static const double x[] = {1, 5, 2, 5, 3, 5};
    ce_weights_options o;
    ce_weights_options_init(&o);
    double w[2];
    ce_weights_column col[2];
    ce_weights_info info;
    run_method(CE_WEIGHTS_ENTROPY, x, 3, 2, NULL, &o, w, col, &info);
    cr_expect(w[0] == 1 && w[1] == 0, "w = %g, %g", w[0], w[1]);
    cr_expect_float_eq(col[0].entropy, 0.5793801642856950, 1e-15);
    cr_expect(col[1].entropy == 1 && col[1].constant && !col[0].constant);
    cr_expect_eq(info.n_constant, 1);
    for (size_t j = 0; j < 2; j++)
        cr_expect(!isnan(col[j].entropy) && !isnan(w[j]));
}

/* (0,0,1) has e = 0; (0,1,1) has e = ln 2 / ln 3: w0 = 1 / (2 - ln 2 / ln 3). */
Test(weights, entropy_zero_log_zero)
{
    static const double x[] = {1, 1, 1, 2, 2, 2};
    ce_weights_options o;
    ce_weights_options_init(&o);
    double w[2];
    ce_weights_column col[2];
    run_method(CE_WEIGHTS_ENTROPY, x, 3, 2, NULL, &o, w, col, NULL);
    cr_expect(col[0].entropy == 0, "e0 = %.17g", col[0].entropy);
    cr_expect_float_eq(col[1].entropy, 0.6309297535714574, 1e-15);
    cr_expect_float_eq(w[0], 0.730422710309185, 1e-15, "w0 = %.17g", w[0]);
}

Test(weights, entropy_all_constant_is_error)
{
    static const double x[] = {1, 5, 1, 5, 1, 5};
    ce_weights_options o;
    ce_weights_options_init(&o);
    double w[2] = {-1, -1};
    ce_weights_matrix m = {x, 3, 2, NULL, NULL, NULL};
    ce_error err = NOERR;
    cr_assert_eq(ce_weights_entropy(&m, &o, w, NULL, NULL, &err), CE_ERR_DATA);
    cr_expect(strstr(err.msg, "every input is constant") != NULL, "%s", err.msg);
    cr_expect(w[0] == -1 && w[1] == -1, "w written on failure");
}

Test(weights, entropy_raw_needs_positive_values)
{
    static const double x[] = {1, 5, 0, 6, 2, 7};
    static const char *const names[] = {"gdp", "jobs"};
    static const char *const rows[] = {"A1", "A2", "A3"};
    ce_weights_options o = opts(CE_WEIGHTS_INPUT_RAW, 0, CE_WEIGHTS_PEARSON);
    double w[2];
    ce_weights_matrix m = {x, 3, 2, NULL, names, rows};
    ce_error err = NOERR;
    cr_assert_eq(ce_weights_entropy(&m, &o, w, NULL, NULL, &err), CE_ERR_DATA);
    cr_expect(strstr(err.msg, "\"gdp\" is 0 for \"A2\"") != NULL, "%s", err.msg);
}

Test(weights, epsilon_out_of_range_is_usage_error)
{
    static const double x[] = {1, 2, 3, 4};
    ce_weights_options o = opts(CE_WEIGHTS_INPUT_MINMAX, 0.5, CE_WEIGHTS_PEARSON);
    double w[1];
    ce_weights_matrix m = {x, 4, 1, NULL, NULL, NULL};
    cr_assert_eq(ce_weights_entropy(&m, &o, w, NULL, NULL, NULL), CE_ERR_USAGE);
}

Test(weights, fewer_than_two_rows_is_error)
{
    static const double x[] = {1, 2};
    ce_weights_options o;
    ce_weights_options_init(&o);
    double w[2];
    ce_weights_matrix m = {x, 1, 2, NULL, NULL, NULL};
    ce_weights_method ms[] = {CE_WEIGHTS_ENTROPY, CE_WEIGHTS_CRITIC, CE_WEIGHTS_SD,
                              CE_WEIGHTS_PCA};
    for (size_t k = 0; k < 4; k++) {
        ce_error err = NOERR;
        cr_expect_eq(ce_weights_compute(ms[k], &m, &o, w, NULL, NULL, &err), CE_ERR_DATA);
        cr_expect(strstr(err.msg, "at least 2 clusters") != NULL, "%s", err.msg);
    }
}

Test(weights, critic_and_pca_refuse_a_constant_column)
{
    static const double x[] = {1, 7, 3, 2, 7, 1, 3, 7, 2};
    static const char *const names[] = {"a", "flat", "c"};
    ce_weights_options o;
    ce_weights_options_init(&o);
    double w[3];
    ce_weights_column col[3];
    ce_weights_matrix m = {x, 3, 3, NULL, names, NULL};
    ce_weights_method ms[] = {CE_WEIGHTS_CRITIC, CE_WEIGHTS_PCA};
    for (size_t k = 0; k < 2; k++) {
        ce_error err = NOERR;
        cr_assert_eq(ce_weights_compute(ms[k], &m, &o, w, col, NULL, &err), CE_ERR_DATA);
        cr_expect(strstr(err.msg, "\"flat\" is constant over the 3 clusters used") != NULL,
                  "%s", err.msg);
        cr_expect(col[1].constant);
    }
}

/* sd of min-max (0, .5, 1) is 0.5; the constant column weighs 0. */
Test(weights, sd_constant_column_weighs_zero)
{
    static const double x[] = {1, 5, 2, 5, 3, 5};
    ce_weights_options o;
    ce_weights_options_init(&o);
    double w[2];
    ce_weights_column col[2];
    ce_weights_info info;
    run_method(CE_WEIGHTS_SD, x, 3, 2, NULL, &o, w, col, &info);
    cr_expect(w[0] == 1 && w[1] == 0);
    cr_expect_float_eq(col[0].sd, 0.5, 1e-15);
    cr_expect(col[1].constant && info.n_constant == 1);
}

/* Direction: min-max of a cost column is (max - x)/(max - min). */
Test(weights, prepare_minmax_direction_and_epsilon)
{
    static const double x[] = {10, 10, 20, 30, 30, 20};
    static const int dir[] = {1, -1};
    double y[6];
    ce_weights_matrix m = {x, 3, 2, dir, NULL, NULL};
    ce_weights_options o = opts(CE_WEIGHTS_INPUT_MINMAX, 0.1, CE_WEIGHTS_PEARSON);
    cr_assert_eq(ce_weights_prepare(&m, CE_WEIGHTS_ENTROPY, &o, y, NULL), CE_OK);
    expect_vec(y, (double[]){0.1, 0.9, 0.5, 0.1, 0.9, 0.5}, 6, 1e-15, "entropy x'");
    cr_assert_eq(ce_weights_prepare(&m, CE_WEIGHTS_CRITIC, &o, y, NULL), CE_OK);
    expect_vec(y, (double[]){0, 1, 0.5, 0, 1, 0.5}, 6, 1e-15, "critic x'");
    cr_assert_eq(ce_weights_prepare(&m, CE_WEIGHTS_PCA, &o, y, NULL), CE_OK);
    expect_vec(y, (double[]){10, -10, 20, -30, 30, -20}, 6, 0, "pca x'");
}

/* CRITIC by hand: a = (0, .5, 1), b = (0, 1, .5) after min-max: sd 0.5 each,
 * r = 0.5, C = 0.5 * 0.5 for both: equal weights; a third column c = -a
 * (r = -1 with a, -0.5 with b): C_c = 0.5 * (2 + 1.5) = 1.75, C_a = 0.5 *
 * (0.5 + 2) = 1.25, C_b = 0.5 * (0.5 + 1.5) = 1. */
Test(weights, critic_by_hand)
{
    static const double x[] = {0, 0, 2, 1, 2, 1, 2, 1, 0};
    ce_weights_options o;
    ce_weights_options_init(&o);
    double w[3];
    ce_weights_column col[3];
    run_method(CE_WEIGHTS_CRITIC, x, 3, 3, NULL, &o, w, col, NULL);
    expect_vec(w, (double[]){1.25 / 4, 1.0 / 4, 1.75 / 4}, 3, 1e-14, "w");
    expect_vec((double[]){col[0].conflict, col[1].conflict, col[2].conflict},
               (double[]){2.5, 2, 3.5}, 3, 1e-14, "conflict");
}

/* PCA: a = (1,2,3,4), b = a, c = (1,-1,-1,1) uncorrelated with both. R has
 * eigenvalues 2, 1, 0; PC1 = (1, 1, 0)/sqrt 2: weights 1/2, 1/2, 0, PC1
 * explains 2/3 of the variance. */
Test(weights, pca_two_identical_and_one_independent)
{
    static const double x[] = {1, 1, 1, 2, 2, -1, 3, 3, -1, 4, 4, 1};
    ce_weights_options o;
    ce_weights_options_init(&o);
    double w[3];
    ce_weights_column col[3];
    ce_weights_info info;
    run_method(CE_WEIGHTS_PCA, x, 4, 3, NULL, &o, w, col, &info);
    expect_vec(w, (double[]){0.5, 0.5, 0}, 3, 1e-12, "w");
    expect_vec((double[]){col[0].loading, col[1].loading, col[2].loading},
               (double[]){sqrt(0.5), sqrt(0.5), 0}, 3, 1e-12, "loading");
    cr_expect_float_eq(info.lambda1, 2, 1e-12);
    cr_expect_float_eq(info.lambda2, 1, 1e-12);
    cr_expect_float_eq(info.pc1_share, 2.0 / 3, 1e-12);
    cr_expect_eq(info.n_negative, 0);
}

/* PCA sign rule and negative loadings: a = (1,2,3,4), b = (2,1,4,3), c = -a.
 * r_ab = 0.6, r_ac = -1, r_bc = -0.6. PC1 is proportional to (1, t, -1) with
 * 0.6 t^2 + t - 1.2 = 0, t = (sqrt(3.88) - 1)/1.2, lambda1 = 2 + 0.6 t; its
 * sum t > 0 fixes the sign; c loads negatively and gets weight 0:
 * w = (1, t, 0)/(1 + t). Negating every column (directions +) changes
 * nothing; making c a cost (direction -) turns it into a: w = (1, t, 1)/(2 + t). */
Test(weights, pca_sign_rule_and_negative_loading)
{
    static const double x[] = {1, 2, -1, 2, 1, -2, 3, 4, -3, 4, 3, -4};
    double neg[12];
    for (size_t k = 0; k < 12; k++)
        neg[k] = -x[k];
    double t = (sqrt(3.88) - 1) / 1.2, norm = sqrt(2 + t * t);
    ce_weights_options o;
    ce_weights_options_init(&o);
    double w[3];
    ce_weights_column col[3];
    ce_weights_info info;
    for (int flip = 0; flip < 2; flip++) {
        run_method(CE_WEIGHTS_PCA, flip ? neg : x, 4, 3, NULL, &o, w, col, &info);
        expect_vec(w, (double[]){1 / (1 + t), t / (1 + t), 0}, 3, 1e-12, "w");
        expect_vec((double[]){col[0].loading, col[1].loading, col[2].loading},
                   (double[]){1 / norm, t / norm, -1 / norm}, 3, 1e-12, "loading");
        cr_expect_eq(info.n_negative, 1);
        cr_expect_float_eq(info.lambda1, 2 + 0.6 * t, 1e-12);
        cr_expect_float_eq(info.pc1_share, (2 + 0.6 * t) / 3, 1e-12);
    }
    static const int dir[] = {1, 1, -1};
    run_method(CE_WEIGHTS_PCA, x, 4, 3, dir, &o, w, col, &info);
    expect_vec(w, (double[]){1 / (2 + t), t / (2 + t), 1 / (2 + t)}, 3, 1e-12, "w, c a cost");
    cr_expect_eq(info.n_negative, 0);
}

Test(weights, spearman_uses_average_ranks)
{
    /* b is a monotone transform of a with a tie: rho(a, b) = Pearson of the
     * ranks (1,2,3,4) and (1.5,1.5,3,4) = 0.9486832980505138; CRITIC
     * conflicts are then 1 - rho for both. */
    static const double x[] = {1, 5, 2, 5, 3, 7, 4, 9};
    ce_weights_options o = opts(CE_WEIGHTS_INPUT_MINMAX, 0, CE_WEIGHTS_SPEARMAN);
    double w[2];
    ce_weights_column col[2];
    run_method(CE_WEIGHTS_CRITIC, x, 4, 2, NULL, &o, w, col, NULL);
    cr_expect_float_eq(col[0].conflict, 1 - 0.9486832980505138, 1e-14);
    cr_expect_float_eq(col[1].conflict, 1 - 0.9486832980505138, 1e-14);
}

/* ---- AHP by hand ---- */

Test(weights, ahp_random_index_is_saaty_1980)
{
    static const double ri[] = {0,    0,    0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
                                1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};
    for (size_t n = 1; n <= 15; n++)
        cr_expect(ce_weights_ahp_random_index(n) == ri[n - 1], "n = %zu", n);
    cr_expect(isnan(ce_weights_ahp_random_index(0)));
    cr_expect(isnan(ce_weights_ahp_random_index(16)));
}

/* a_ij = v_i / v_j is perfectly consistent: w = v / sum v, lambda = n, CR = 0. */
Test(weights, ahp_consistent_matrix)
{
    const double v[4] = {4, 2, 1, 1};
    double a[16], w[4];
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++)
            a[i * 4 + j] = v[i] / v[j];
    ce_ahp_consistency c;
    cr_assert_eq(ce_weights_ahp(a, 4, w, &c, NULL), CE_OK);
    expect_vec(w, (double[]){0.5, 0.25, 0.125, 0.125}, 4, 1e-12, "w");
    cr_expect_float_eq(c.lambda_max, 4, 1e-12);
    cr_expect(c.ci >= 0 && c.ci < 1e-12 && c.cr < 1e-12);
}

Test(weights, ahp_small_and_bad_matrices)
{
    double w[16];
    ce_ahp_consistency c;
    cr_assert_eq(ce_weights_ahp((double[]){1}, 1, w, &c, NULL), CE_OK);
    cr_expect(w[0] == 1 && c.cr == 0 && c.lambda_max == 1);
    cr_assert_eq(ce_weights_ahp((double[]){1, 3, 1.0 / 3, 1}, 2, w, &c, NULL), CE_OK);
    expect_vec(w, (double[]){0.75, 0.25}, 2, 1e-12, "2x2 w");
    cr_expect(c.cr == 0 && c.ci == 0);

    ce_error err = NOERR;
    cr_expect_eq(ce_weights_ahp((double[]){1, 3, 0.5, 1}, 2, w, NULL, &err), CE_ERR_DATA);
    cr_expect(strstr(err.msg, "not reciprocal") != NULL, "%s", err.msg);
    cr_expect_eq(ce_weights_ahp((double[]){1, -3, -1.0 / 3, 1}, 2, w, NULL, &err), CE_ERR_DATA);
    cr_expect(strstr(err.msg, "not positive") != NULL, "%s", err.msg);
    cr_expect_eq(ce_weights_ahp((double[]){2, 1, 1, 1}, 2, w, NULL, &err), CE_ERR_DATA);
    cr_expect(strstr(err.msg, "diagonal") != NULL, "%s", err.msg);
    double big[16 * 16];
    for (size_t k = 0; k < 16 * 16; k++)
        big[k] = 1;
    cr_expect_eq(ce_weights_ahp(big, 16, w, NULL, &err), CE_ERR_DATA);
    cr_expect(strstr(err.msg, "1 to 15") != NULL, "%s", err.msg);
}

Test(weights, method_names)
{
    ce_weights_method m;
    static const char *const names[] = {"equal", "entropy", "critic", "sd", "pca", "ahp"};
    for (size_t k = 0; k < 6; k++) {
        cr_assert_eq(ce_weights_method_parse(names[k], &m), 0);
        cr_expect_str_eq(ce_weights_method_name(m), names[k]);
    }
    cr_expect_neq(ce_weights_method_parse("Entropy", &m), 0);
}
