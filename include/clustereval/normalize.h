/* normalize.h - bringing indicators onto a common scale.
 *
 * All functions work on a row-major rows x cols matrix (NaN = missing) and
 * leave missing values missing.
 */
#ifndef CLUSTEREVAL_NORMALIZE_H
#define CLUSTEREVAL_NORMALIZE_H

#include <stddef.h>

#include "clustereval/status.h"

typedef enum {
    CE_NORM_OK = 0,
    CE_NORM_CONSTANT, /* every present value equal: all given hi */
    CE_NORM_EMPTY     /* no value present */
} ce_norm_flag;

/* Min-max onto [lo, hi] per column over the present values, with direction
 * (OECD/JRC Handbook 2008, §5.2 "min-max"; COINr n_minmax applied to
 * x * direction):
 *   direction +1:  lo + (x - min) / (max - min) * (hi - lo)
 *   direction -1:  lo + (max - x) / (max - min) * (hi - lo)
 * A constant column gives hi to every present value. x and out may alias.
 * flags (may be NULL) receives one ce_norm_flag per column.
 * Returns CE_ERR_IO only when out of memory. */
ce_status ce_normalize_minmax(const double *x, size_t rows, size_t cols, const int *direction,
                         double lo, double hi, double *out, ce_norm_flag *flags);

#endif
