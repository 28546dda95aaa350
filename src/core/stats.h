/* stats.h - the descriptive statistics every analysis uses, NaN-aware.
 *
 * Functions taking (x, stride, n) read x[0], x[stride], ... x[(n-1)*stride]
 * and skip NaN (missing) values unless stated otherwise.
 */
#ifndef CLUSTEREVAL_STATS_H
#define CLUSTEREVAL_STATS_H

#include <stddef.h>

/* Copies the present values into out (room for n); returns how many. */
size_t ce_stats_compact(const double *x, size_t stride, size_t n, double *out);

/* Mean of the present values; NaN when there is none. */
double ce_stats_mean(const double *x, size_t stride, size_t n);

/* Sample standard deviation (n-1) of the present values; NaN below 2. */
double ce_stats_sd(const double *x, size_t stride, size_t n);

/* Skewness G1, the bias-corrected sample estimator of Excel SKEW, SAS and
 * e1071 type 2 (Joanes & Gill 1998), as COINr's skew():
 *   g1 = sqrt(n) * sum(d^3) / sum(d^2)^(3/2),  G1 = g1 * sqrt(n(n-1)) / (n-2)
 * with d = x - mean over the present values. NaN when fewer than 3 values
 * or all equal. */
double ce_stats_skew(const double *x, size_t stride, size_t n);

/* Excess kurtosis G2, Excel KURT / e1071 type 2, as COINr's kurt():
 *   r = n * sum(d^4) / sum(d^2)^2,
 *   G2 = ((n+1)(r-3) + 6) (n-1) / ((n-2)(n-3))
 * NaN when fewer than 4 values or all equal. */
double ce_stats_kurt(const double *x, size_t stride, size_t n);

/* Pearson correlation over the pairs where both values are present
 * (pairwise deletion); *pairs (may be NULL) gets their number. NaN when
 * fewer than 3 pairs or either side is constant over them. */
double ce_stats_pearson(const double *x, size_t xs, const double *y, size_t ys, size_t n,
                        size_t *pairs);

/* Median of the present values (sorts a copy; needs no allocation from the
 * caller): the mean of the two middle values for an even count, R type 7.
 * NaN when there is none. Returns NaN too when out of memory. */
double ce_stats_median(const double *x, size_t stride, size_t n);

#endif
