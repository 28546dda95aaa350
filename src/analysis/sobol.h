/* sobol.h - the Sobol kernel of the sensitivity analysis (sensitivity.c;
 * library-private): the quasi-random design and the estimators of the
 * first-order and total indices, with bootstrap intervals.
 *
 * Model Y = f(X1..Xd), Xi independent U[0,1). With matrices A and B (N x d)
 * and AB_i = A with column i taken from B, the N (d + 2) model runs
 * f(A), f(B), f(AB_i) give (Saltelli et al. 2010, "Variance based
 * sensitivity analysis of model output", Comput. Phys. Commun. 181, table 2):
 *   first order  S_i  = (1/N) sum_j f(B)_j (f(AB_i)_j - f(A)_j) / V      (Saltelli 2010)
 *   total        ST_i = (1/2N) sum_j (f(A)_j - f(AB_i)_j)^2 / V          (Jansen 1999)
 * with V the variance of the 2N values f(A), f(B). The outputs are first
 * centred on the mean of f(A) and f(B), as SALib does: the same indices,
 * with less noise in S_i.
 */
#ifndef CLUSTEREVAL_SOBOL_H
#define CLUSTEREVAL_SOBOL_H

#include <stddef.h>

#include "clustereval/sensitivity.h"
#include "clustereval/status.h"

/* Fills A and B (n x d, row-major) from one 2d-dimensional Sobol sequence
 * (GSL gsl_qrng_sobol; A = the first d coordinates, B = the last d),
 * starting after its first point (0.5, ..., 0.5). Errors: CE_ERR_USAGE when d is 0 or above
 * CE_SENS_MAX_INPUTS or n is 0; CE_ERR_IO when out of memory. */
ce_status ce_sobol_design(size_t n, size_t d, double *a, double *b, ce_error *err);

/* Row j of AB_i: row j of A with column i from B, into out (d values). */
void ce_sobol_ab_row(const double *a, const double *b, size_t d, size_t i, size_t j,
                     double *out);

/* The indices of the d inputs from the model outputs ya[n] = f(A),
 * yb[n] = f(B), yab[i*n + j] = f(AB_i)_j. Bootstrap: n_boot resamples of
 * the n rows (with replacement, gsl_rng_mt19937 seeded with seed); the
 * intervals are the 5th and 95th percentiles (R type 7) of the resampled
 * indices. When V = 0 (the output never changes) every index is 0.
 * Returns CE_ERR_IO only when out of memory. */
ce_status ce_sobol_estimate(const double *ya, const double *yb, const double *yab, size_t n,
                            size_t d, size_t n_boot, unsigned long seed, ce_sens_index *out);

#endif
