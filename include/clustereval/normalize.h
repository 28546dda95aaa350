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

/* The normalisation methods of `rank --normalize` (COINr's conventions:
 * each is applied to x' = x * direction; see README for the formulas). */
typedef enum {
    CE_NORMALIZE_MINMAX = 0, /* lo + (x'-min)/(max-min) * (hi-lo)         COINr n_minmax */
    CE_NORMALIZE_ZSCORE,     /* (x'-mean)/sd * S + M, sd with n-1          COINr n_zscore */
    CE_NORMALIZE_RANK,       /* rank of x' ascending, ties take the lowest COINr n_rank */
    CE_NORMALIZE_PRANK,      /* (rank-1)/(n-1)                             COINr n_prank */
    CE_NORMALIZE_BORDA,      /* rank-1                                     COINr n_borda */
    CE_NORMALIZE_DIST2MAX,   /* 1 - (max-x')/(max-min)                     COINr n_dist2max */
    CE_NORMALIZE_DIST2TARGET,/* 1 - (t'-x')/(t'-min), t' = target*dir      COINr n_dist2targ */
    CE_NORMALIZE_GOALPOST,   /* (x'-lo')/(hi'-lo') clamped to [0,1], * 100 COINr n_goalposts */
    /* The MCDA normalisations, on x itself (not x'), as pymcdm defines them: */
    CE_NORMALIZE_VECTOR,     /* +: x/||x||, -: 1 - x/||x||       pymcdm vector_normalization */
    CE_NORMALIZE_SUM         /* +: x/sum(x), -: (1/x)/sum(1/x), x > 0  pymcdm sum_normalization */
} ce_normalize_method;

/* Parses a --normalize name. Returns 0 on success. */
int ce_normalize_method_parse(const char *name, ce_normalize_method *out);
const char *ce_normalize_method_name(ce_normalize_method m);

typedef struct {
    ce_normalize_method method;
    double lo, hi;         /* minmax range (--range), default 0, 100 */
    double z_mean, z_sd;   /* zscore M, S (--zscore), default 0, 1 */
} ce_normalize_options;

void ce_normalize_options_init(ce_normalize_options *o);

/* Normalises every column of x (rows x cols, row-major) over the rows with
 * active[i] != 0 (all rows when active is NULL); inactive rows and missing
 * values give NaN. direction[j] is +1 or -1. target, goal_lo, goal_hi give
 * per column parameters for dist2target and goalpost (NaN where absent;
 * required by those methods). flags (may be NULL) per column: constant
 * columns give hi (minmax), M (zscore), 1 (dist2max) and a flag; empty
 * columns a flag. Errors: CE_ERR_DATA when a column lacks its target or
 * goalposts, or has a value <= 0 under sum normalisation (*bad_col is
 * set), CE_ERR_IO when out of memory. */
ce_status ce_normalize_matrix(const double *x, size_t rows, size_t cols,
                              const unsigned char *active, const int *direction,
                              const double *target, const double *goal_lo,
                              const double *goal_hi, const ce_normalize_options *o, double *out,
                              ce_norm_flag *flags, size_t *bad_col);

#endif
