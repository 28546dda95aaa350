/* treat.h - outlier treatment of one indicator, COINr's default
 * (Treat with winsorise + log_CT; OECD/JRC Handbook 2008 §3.3 and the JRC
 * COIN Tool): an indicator fails when |skew| >= 2 and kurtosis >= 3.5
 * (G1/G2 sample estimators). A failing indicator is winsorised on the
 * skewed side (skew >= 0: high) — every point at the extreme value takes
 * the next value — re-checking after each step, until it passes or the
 * number of winsorised points reaches 5. If it still fails, the original
 * values are replaced by ln(x - min + 0.01 (max - min)) instead.
 */
#ifndef CLUSTEREVAL_TREAT_H
#define CLUSTEREVAL_TREAT_H

#include <stddef.h>

#include "clustereval/status.h"

typedef enum { CE_TREAT_NONE = 0, CE_TREAT_WINSOR } ce_treat_method;

typedef enum {
    CE_TREATED_NOTHING = 0, /* passed the check as it was */
    CE_TREATED_WINSOR,      /* winsorised until it passed */
    CE_TREATED_LOG          /* winsorising did not help: log-transformed */
} ce_treat_outcome;

typedef struct {
    ce_treat_outcome outcome;
    size_t points;              /* winsorised points (CE_TREATED_WINSOR) */
    double skew, kurt;          /* before treatment */
} ce_treat_info;

/* Parses none|winsor. Returns 0 on success. */
int ce_treat_method_parse(const char *name, ce_treat_method *out);

/* Treats the active present values of one column (x[i*stride], i < rows)
 * in place. treated[i] (may be NULL) is set to 1 for each winsorised cell
 * (or every present cell when log-transformed). Columns with fewer than 4
 * values are left alone. Returns CE_ERR_IO only when out of memory. */
ce_status ce_treat_winsor(double *x, size_t stride, size_t rows, const unsigned char *active,
                          unsigned char *treated, ce_treat_info *info);

#endif
