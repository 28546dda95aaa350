/* test_sobol.c - the Sobol design and the Saltelli 2010 / Jansen 1999
 * estimators (sobol.h) on models with analytic indices. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>

#include "sobol.h"

static const double PI = 3.14159265358979323846;

typedef double (*model_fn)(const double *u);

/* Runs the N (d + 2) evaluations of model on the Sobol design. */
static void run_design(model_fn model, size_t n, size_t d, double *ya, double *yb, double *yab)
{
    double *a = malloc(n * d * sizeof *a), *b = malloc(n * d * sizeof *b), row[8];
    cr_assert(a && b && d <= 8);
    ce_error err;
    cr_assert_eq(ce_sobol_design(n, d, a, b, &err), CE_OK);
    for (size_t j = 0; j < n; j++) {
        ya[j] = model(a + j * d);
        yb[j] = model(b + j * d);
        for (size_t i = 0; i < d; i++) {
            ce_sobol_ab_row(a, b, d, i, j, row);
            yab[i * n + j] = model(row);
        }
    }
    free(a);
    free(b);
}

/* Ishigami & Homma 1990, a = 7, b = 0.1, X ~ U(-pi, pi). Analytic indices
 * (Sobol' & Levitan 1999): S = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424,
 * 0.2437 (V = 13.8446, V1 = 0.5 (1 + b pi^4/5)^2, V2 = a^2/8,
 * V13 = b^2 pi^8 (1/18 - 1/50)). */
static double ishigami(const double *u)
{
    double x1 = (2 * u[0] - 1) * PI, x2 = (2 * u[1] - 1) * PI, x3 = (2 * u[2] - 1) * PI;
    return sin(x1) + 7 * sin(x2) * sin(x2) + 0.1 * pow(x3, 4) * sin(x1);
}

Test(sobol, ishigami_indices)
{
    enum { N = 8192, D = 3 };
    double *ya = malloc(N * sizeof *ya), *yb = malloc(N * sizeof *yb);
    double *yab = malloc(D * N * sizeof *yab);
    cr_assert(ya && yb && yab);
    run_design(ishigami, N, D, ya, yb, yab);
    ce_sens_index ix[D];
    cr_assert_eq(ce_sobol_estimate(ya, yb, yab, N, D, 200, 1, ix), CE_OK);
    static const double s[D] = {0.3139, 0.4424, 0.0}, st[D] = {0.5576, 0.4424, 0.2437};
    for (size_t i = 0; i < D; i++) {
        /* the estimators' error at N = 8192 Sobol points is about 0.01 */
        cr_assert_float_eq(ix[i].si, s[i], 0.03, "S%zu = %.4f, analytic %.4f", i + 1, ix[i].si,
                           s[i]);
        cr_assert_float_eq(ix[i].sti, st[i], 0.03, "ST%zu = %.4f, analytic %.4f", i + 1,
                           ix[i].sti, st[i]);
        cr_assert(ix[i].si_lo <= ix[i].si_hi && ix[i].sti_lo <= ix[i].sti_hi);
        cr_assert(ix[i].sti_lo - 0.03 <= st[i] && st[i] <= ix[i].sti_hi + 0.03,
                  "ST%zu interval [%.4f, %.4f]", i + 1, ix[i].sti_lo, ix[i].sti_hi);
    }
    free(ya);
    free(yb);
    free(yab);
}

/* Y = 1 X1 + 2 X2 + 3 X3 (X uniform): additive, S_i = ST_i = c_i^2 / sum c^2
 * = 1/14, 4/14, 9/14. */
static double linear(const double *u) { return u[0] + 2 * u[1] + 3 * u[2]; }

Test(sobol, linear_model_additive)
{
    enum { N = 4096, D = 3 };
    double *ya = malloc(N * sizeof *ya), *yb = malloc(N * sizeof *yb);
    double *yab = malloc(D * N * sizeof *yab);
    cr_assert(ya && yb && yab);
    run_design(linear, N, D, ya, yb, yab);
    ce_sens_index ix[D];
    cr_assert_eq(ce_sobol_estimate(ya, yb, yab, N, D, 100, 7, ix), CE_OK);
    for (size_t i = 0; i < D; i++) {
        double want = (double)((i + 1) * (i + 1)) / 14.0;
        cr_assert_float_eq(ix[i].si, want, 0.01, "S%zu = %.5f, want %.5f", i + 1, ix[i].si, want);
        cr_assert_float_eq(ix[i].sti, want, 0.01, "ST%zu = %.5f, want %.5f", i + 1, ix[i].sti,
                           want);
    }
    free(ya);
    free(yb);
    free(yab);
}

/* A constant model: V = 0, every index 0 and no NaN. */
static double constant(const double *u)
{
    (void)u;
    return 3.0;
}

Test(sobol, constant_output_gives_zero_indices)
{
    enum { N = 64, D = 2 };
    double ya[N], yb[N], yab[D * N];
    run_design(constant, N, D, ya, yb, yab);
    ce_sens_index ix[D];
    cr_assert_eq(ce_sobol_estimate(ya, yb, yab, N, D, 50, 3, ix), CE_OK);
    for (size_t i = 0; i < D; i++) {
        cr_assert_eq(ix[i].si, 0.0);
        cr_assert_eq(ix[i].sti, 0.0);
        cr_assert_eq(ix[i].si_lo, 0.0);
        cr_assert_eq(ix[i].sti_hi, 0.0);
    }
}

Test(sobol, design_limits_and_first_points)
{
    double a[4], b[4];
    ce_error err;
    cr_assert_eq(ce_sobol_design(1, CE_SENS_MAX_INPUTS + 1, a, b, &err), CE_ERR_USAGE);
    cr_assert_eq(ce_sobol_design(1, 0, a, b, &err), CE_ERR_USAGE);
    cr_assert_eq(ce_sobol_design(0, 2, a, b, &err), CE_ERR_USAGE);
    /* Sobol in 4 dimensions: (0.5,...) skipped, then (0.75, 0.25, 0.25, 0.75)... the
     * second point of every Sobol sequence has coordinates 0.75 or 0.25 */
    cr_assert_eq(ce_sobol_design(2, 2, a, b, &err), CE_OK);
    for (size_t k = 0; k < 2; k++) {
        cr_assert(a[k] == 0.75 || a[k] == 0.25, "a[%zu] = %g", k, a[k]);
        cr_assert(b[k] == 0.75 || b[k] == 0.25, "b[%zu] = %g", k, b[k]);
    }
    cr_assert_eq(a[0], 0.75);
    cr_assert_eq(a[1], 0.25);
    double row[2];
    ce_sobol_ab_row(a, b, 2, 1, 0, row);
    cr_assert_eq(row[0], a[0]);
    cr_assert_eq(row[1], b[1]);
}

/* Same seed, same intervals; another seed, other intervals. */
Test(sobol, bootstrap_is_seeded)
{
    enum { N = 512, D = 3 };
    double *ya = malloc(N * sizeof *ya), *yb = malloc(N * sizeof *yb);
    double *yab = malloc(D * N * sizeof *yab);
    cr_assert(ya && yb && yab);
    run_design(ishigami, N, D, ya, yb, yab);
    ce_sens_index x1[D], x2[D], x3[D];
    cr_assert_eq(ce_sobol_estimate(ya, yb, yab, N, D, 100, 11, x1), CE_OK);
    cr_assert_eq(ce_sobol_estimate(ya, yb, yab, N, D, 100, 11, x2), CE_OK);
    cr_assert_eq(ce_sobol_estimate(ya, yb, yab, N, D, 100, 12, x3), CE_OK);
    cr_assert_eq(x1[0].si_lo, x2[0].si_lo);
    cr_assert_eq(x1[2].sti_hi, x2[2].sti_hi);
    cr_assert_eq(x1[0].si, x3[0].si); /* the point estimate does not depend on the seed */
    cr_assert_neq(x1[0].si_lo, x3[0].si_lo);
    free(ya);
    free(yb);
    free(yab);
}
