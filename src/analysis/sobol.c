/* sobol.c - see sobol.h. */
#include "sobol.h"

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

ce_status ce_sobol_design(size_t n, size_t d, double *a, double *b, ce_error *err)
{
    if (n == 0 || d == 0 || d > CE_SENS_MAX_INPUTS)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                            "a Sobol design needs 1 to %d inputs and at least 1 run (got %zu "
                            "inputs, %zu runs)",
                            CE_SENS_MAX_INPUTS, d, n);
    /* checked above: 2d <= 40, the generator's limit (LIBS.md: larger
     * dimensions fail silently) */
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * d));
    double *point = malloc(2 * d * sizeof *point);
    if (!q || !point) {
        if (q)
            gsl_qrng_free(q);
        free(point);
        return ce_error_nomem(err);
    }
    gsl_qrng_get(q, point); /* the first point, (0.5, ..., 0.5), is skipped */
    for (size_t j = 0; j < n; j++) {
        gsl_qrng_get(q, point);
        memcpy(a + j * d, point, d * sizeof *point);
        memcpy(b + j * d, point + d, d * sizeof *point);
    }
    free(point);
    gsl_qrng_free(q);
    return CE_OK;
}

void ce_sobol_ab_row(const double *a, const double *b, size_t d, size_t i, size_t j,
                     double *out)
{
    memcpy(out, a + j * d, d * sizeof *out);
    out[i] = b[j * d + i];
}

/* S_i and ST_i over the rows idx[0..n) (a bootstrap resample or 0..n-1). */
static void indices(const double *ya, const double *yb, const double *yab, size_t n, size_t d,
                    const size_t *idx, double *si, double *sti)
{
    double mean = 0, var = 0;
    for (size_t k = 0; k < n; k++)
        mean += ya[idx[k]] + yb[idx[k]];
    mean /= (double)(2 * n);
    for (size_t k = 0; k < n; k++) {
        double u = ya[idx[k]] - mean, v = yb[idx[k]] - mean;
        var += u * u + v * v;
    }
    var /= (double)(2 * n - 1);
    for (size_t i = 0; i < d; i++) {
        double first = 0, total = 0;
        const double *yi = yab + i * n;
        for (size_t k = 0; k < n; k++) {
            size_t j = idx[k];
            first += yb[j] * (yi[j] - ya[j]);
            total += (ya[j] - yi[j]) * (ya[j] - yi[j]);
        }
        si[i] = var > 0 ? first / (double)n / var : 0;
        sti[i] = var > 0 ? total / (2.0 * (double)n) / var : 0;
    }
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* R type 7 quantile of sorted v[0..m). */
static double quantile(const double *v, size_t m, double p)
{
    double h = (double)(m - 1) * p;
    size_t lo = (size_t)h;
    return lo + 1 < m ? v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]) : v[m - 1];
}

ce_status ce_sobol_estimate(const double *ya, const double *yb, const double *yab, size_t n,
                            size_t d, size_t n_boot, unsigned long seed, ce_sens_index *out)
{
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    double *si = malloc(d * sizeof *si), *sti = malloc(d * sizeof *sti);
    double *bs = malloc((n_boot ? n_boot : 1) * d * 2 * sizeof *bs); /* [i][boot] si, then sti */
    double *col = malloc((n_boot ? n_boot : 1) * sizeof *col);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!idx || !si || !sti || !bs || !col || !rng) {
        free(idx);
        free(si);
        free(sti);
        free(bs);
        free(col);
        if (rng)
            gsl_rng_free(rng);
        return CE_ERR_IO;
    }
    /* Centre the outputs on the mean of f(A) and f(B), as SALib does: the
     * indices are unchanged but the first-order estimator's noise, which
     * grows with the mean of Y, falls. */
    double *cy = malloc((2 + d) * (n ? n : 1) * sizeof *cy), mean = 0;
    if (!cy) {
        free(idx);
        free(si);
        free(sti);
        free(bs);
        free(col);
        gsl_rng_free(rng);
        return CE_ERR_IO;
    }
    for (size_t k = 0; k < n; k++)
        mean += ya[k] + yb[k];
    mean = n ? mean / (double)(2 * n) : 0;
    for (size_t k = 0; k < (2 + d) * n; k++)
        cy[k] = (k < n ? ya[k] : k < 2 * n ? yb[k - n] : yab[k - 2 * n]) - mean;
    ya = cy;
    yb = cy + n;
    yab = cy + 2 * n;
    for (size_t k = 0; k < n; k++)
        idx[k] = k;
    indices(ya, yb, yab, n, d, idx, si, sti);
    for (size_t i = 0; i < d; i++) {
        out[i].si = si[i];
        out[i].sti = sti[i];
    }
    gsl_rng_set(rng, seed);
    for (size_t r = 0; r < n_boot; r++) {
        for (size_t k = 0; k < n; k++)
            idx[k] = (size_t)gsl_rng_uniform_int(rng, n);
        indices(ya, yb, yab, n, d, idx, si, sti);
        for (size_t i = 0; i < d; i++) {
            bs[(2 * i) * n_boot + r] = si[i];
            bs[(2 * i + 1) * n_boot + r] = sti[i];
        }
    }
    for (size_t i = 0; i < d; i++) {
        double *lo[2] = {&out[i].si_lo, &out[i].sti_lo}, *hi[2] = {&out[i].si_hi, &out[i].sti_hi};
        for (int s = 0; s < 2; s++) {
            if (n_boot == 0) {
                *lo[s] = *hi[s] = s ? out[i].sti : out[i].si;
                continue;
            }
            memcpy(col, bs + (2 * i + (size_t)s) * n_boot, n_boot * sizeof *col);
            qsort(col, n_boot, sizeof *col, cmp_double);
            *lo[s] = quantile(col, n_boot, 0.05);
            *hi[s] = quantile(col, n_boot, 0.95);
        }
    }
    free(idx);
    free(si);
    free(sti);
    free(bs);
    free(col);
    free(cy);
    gsl_rng_free(rng);
    return CE_OK;
}
