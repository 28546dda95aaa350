/* weights_private.h - what weights.c shares with weights_profile.c inside
 * the library (not installed). */
#ifndef CLUSTEREVAL_WEIGHTS_PRIVATE_H
#define CLUSTEREVAL_WEIGHTS_PRIVATE_H

#include <stddef.h>

#include "clustereval/weights.h"

/* Components of a unit eigenvector closer to 0 than this are rounding. */
#define CE_WEIGHTS_LOADING_TINY 1e-12

/* Sets the diagnostics of cols columns (NULL: none) to "not computed". */
void ce_weights_column_reset(ce_weights_column *col, size_t cols);

/* Sets the diagnostics of a method (NULL: none) to "not computed". */
void ce_weights_info_reset(ce_weights_info *info);

#endif
