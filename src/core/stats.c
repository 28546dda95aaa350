/* stats.c - see stats.h. Two-pass formulas (mean first), which are exact
 * enough for indicator data and match R's. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>

size_t ce_stats_compact(const double *x, size_t stride, size_t n, double *out)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i * stride]))
            out[m++] = x[i * stride];
    return m;
}

double ce_stats_mean(const double *x, size_t stride, size_t n)
{
    double sum = 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride];
        if (!isnan(v)) {
            sum += v;
            m++;
        }
    }
    return m ? sum / (double)m : NAN;
}

/* Sums of the 2nd, 3rd and 4th powers of deviations from the mean. */
static size_t central_sums(const double *x, size_t stride, size_t n, double *s2, double *s3,
                           double *s4)
{
    double mean = ce_stats_mean(x, stride, n);
    size_t m = 0;
    *s2 = *s3 = *s4 = 0;
    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride];
        if (isnan(v))
            continue;
        double d = v - mean, d2 = d * d;
        *s2 += d2;
        *s3 += d2 * d;
        *s4 += d2 * d2;
        m++;
    }
    return m;
}

double ce_stats_sd(const double *x, size_t stride, size_t n)
{
    double s2, s3, s4;
    size_t m = central_sums(x, stride, n, &s2, &s3, &s4);
    return m < 2 ? NAN : sqrt(s2 / (double)(m - 1));
}

double ce_stats_skew(const double *x, size_t stride, size_t n)
{
    double s2, s3, s4;
    size_t m = central_sums(x, stride, n, &s2, &s3, &s4);
    if (m < 3 || s2 == 0)
        return NAN;
    double dm = (double)m;
    double g1 = sqrt(dm) * s3 / pow(s2, 1.5);
    return g1 * sqrt(dm * (dm - 1)) / (dm - 2);
}

double ce_stats_kurt(const double *x, size_t stride, size_t n)
{
    double s2, s3, s4;
    size_t m = central_sums(x, stride, n, &s2, &s3, &s4);
    if (m < 4 || s2 == 0)
        return NAN;
    double dm = (double)m;
    double r = dm * s4 / (s2 * s2);
    return ((dm + 1) * (r - 3) + 6) * (dm - 1) / ((dm - 2) * (dm - 3));
}

double ce_stats_pearson(const double *x, size_t xs, const double *y, size_t ys, size_t n,
                        size_t *pairs)
{
    double mx = 0, my = 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double a = x[i * xs], b = y[i * ys];
        if (isnan(a) || isnan(b))
            continue;
        mx += a;
        my += b;
        m++;
    }
    if (pairs)
        *pairs = m;
    if (m < 3)
        return NAN;
    mx /= (double)m;
    my /= (double)m;
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < n; i++) {
        double a = x[i * xs], b = y[i * ys];
        if (isnan(a) || isnan(b))
            continue;
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if (sxx == 0 || syy == 0)
        return NAN;
    return sxy / sqrt(sxx * syy);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double ce_stats_median(const double *x, size_t stride, size_t n)
{
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return NAN;
    size_t m = ce_stats_compact(x, stride, n, v);
    double med = NAN;
    if (m > 0) {
        qsort(v, m, sizeof *v, cmp_double);
        med = m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
    }
    free(v);
    return med;
}
