/* impute.h - filling missing indicator values before normalisation
 * (OECD/JRC Handbook 2008, §3 "unconditional mean/median imputation";
 * COINr i_mean, i_median, i_mean_grp, i_median_grp).
 */
#ifndef CLUSTEREVAL_IMPUTE_H
#define CLUSTEREVAL_IMPUTE_H

#include <stddef.h>

#include "clustereval/status.h"

typedef enum {
    CE_IMPUTE_NONE = 0,
    CE_IMPUTE_MEAN,
    CE_IMPUTE_MEDIAN,
    CE_IMPUTE_GROUP_MEAN,  /* mean over the clusters of the same group */
    CE_IMPUTE_GROUP_MEDIAN
} ce_impute_method;

/* Parses none|mean|median|group-mean:COLUMN|group-median:COLUMN; for the
 * group methods *column points into spec after the colon. Returns 0 on
 * success. */
int ce_impute_method_parse(const char *spec, ce_impute_method *m, const char **column);

/* The one table of imputation names (impute.c), for parser, help and
 * reports alike: the name as the option spells it ("none", "mean",
 * "median", "group-mean", "group-median"; "?" for a value outside the
 * enum) ... */
const char *ce_impute_method_name(ce_impute_method m);

/* ... and as a report's notes say it ("group mean" for group-mean). */
const char *ce_impute_method_label(ce_impute_method m);

/* The accepted spellings for a message or help text, into buf (cap bytes,
 * cut if short): "none, mean, median, group-mean:COLUMN" then sep and
 * "group-median:COLUMN" before the last (sep ", " or " or "). Returns buf. */
const char *ce_impute_method_list(char *buf, size_t cap, const char *sep);

/* Fills the missing values of every column of x (rows x cols, row-major)
 * among the active rows (NULL = all) with the column's mean or median over
 * the active present values — of the same group for the group methods
 * (group[i] in 0..n_groups-1; ignored otherwise). A value that cannot be
 * computed (no present value in the column or group) stays missing.
 * filled[i*cols+j] (may be NULL) is set to 1 for every filled cell.
 * Returns CE_ERR_IO only when out of memory. */
ce_status ce_impute_matrix(double *x, size_t rows, size_t cols, const unsigned char *active,
                           ce_impute_method m, const size_t *group, size_t n_groups,
                           unsigned char *filled);

/* ce_impute_matrix for column j of x only. */
ce_status ce_impute_column(double *x, size_t rows, size_t cols, size_t j,
                           const unsigned char *active, ce_impute_method m, const size_t *group,
                           size_t n_groups, unsigned char *filled);

#endif
