/* normalize.c - see normalize.h. */
#include "clustereval/normalize.h"

#include <math.h>
#include <stdlib.h>

ce_status ce_normalize_minmax(const double *x, size_t rows, size_t cols, const int *direction,
                         double lo, double hi, double *out, ce_norm_flag *flags)
{
    /* Two row-major passes keep memory access sequential. */
    double *mn = malloc(2 * (cols ? cols : 1) * sizeof *mn);
    if (!mn)
        return CE_ERR_IO;
    double *mx = mn + cols;
    for (size_t j = 0; j < cols; j++) {
        mn[j] = INFINITY;
        mx[j] = -INFINITY;
    }
    for (size_t i = 0; i < rows; i++) {
        const double *r = x + i * cols;
        for (size_t j = 0; j < cols; j++) {
            double v = r[j];
            if (v < mn[j]) /* false for NaN */
                mn[j] = v;
            if (v > mx[j])
                mx[j] = v;
        }
    }
    for (size_t j = 0; j < cols; j++) {
        if (flags)
            flags[j] = mn[j] > mx[j] ? CE_NORM_EMPTY
                       : mn[j] == mx[j] ? CE_NORM_CONSTANT : CE_NORM_OK;
    }
    for (size_t i = 0; i < rows; i++) {
        const double *r = x + i * cols;
        double *o = out + i * cols;
        for (size_t j = 0; j < cols; j++) {
            double v = r[j];
            if (isnan(v)) {
                o[j] = v;
            } else if (mn[j] == mx[j]) {
                o[j] = hi;
            } else {
                double t = direction[j] < 0 ? (mx[j] - v) / (mx[j] - mn[j])
                                            : (v - mn[j]) / (mx[j] - mn[j]);
                o[j] = t * (hi - lo) + lo;
            }
        }
    }
    free(mn);
    return CE_OK;
}
