/* impute.c - see impute.h. */
#include "clustereval/impute.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

/* Indexed by ce_impute_method. A grouped method is spelled NAME:COLUMN. */
static const struct {
    const char *name, *label;
    int grouped;
} methods[] = {{"none", "none", 0},
               {"mean", "mean", 0},
               {"median", "median", 0},
               {"group-mean", "group mean", 1},
               {"group-median", "group median", 1}};

#define N_METHODS (sizeof methods / sizeof methods[0])

int ce_impute_method_parse(const char *spec, ce_impute_method *m, const char **column)
{
    for (size_t k = 0; k < N_METHODS; k++) {
        size_t n = strlen(methods[k].name);
        if (strncmp(spec, methods[k].name, n) != 0)
            continue;
        if (methods[k].grouped ? spec[n] == ':' && spec[n + 1] != '\0' : spec[n] == '\0') {
            *m = (ce_impute_method)k;
            *column = methods[k].grouped ? spec + n + 1 : NULL;
            return 0;
        }
    }
    return -1;
}

const char *ce_impute_method_name(ce_impute_method m)
{
    return (size_t)m < N_METHODS ? methods[m].name : "?";
}

const char *ce_impute_method_label(ce_impute_method m)
{
    return (size_t)m < N_METHODS ? methods[m].label : "?";
}

const char *ce_impute_method_list(char *buf, size_t cap, const char *sep)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < N_METHODS && o < cap; k++) {
        int n = snprintf(buf + o, cap - o, "%s%s%s", k == 0 ? "" : k + 1 == N_METHODS ? sep : ", ",
                         methods[k].name, methods[k].grouped ? ":COLUMN" : "");
        if (n < 0)
            break;
        o += (size_t)n;
    }
    return buf;
}

ce_status ce_impute_matrix(double *x, size_t rows, size_t cols, const unsigned char *active,
                           ce_impute_method m, const size_t *group, size_t n_groups,
                           unsigned char *filled)
{
    for (size_t j = 0; j < cols; j++)
        if (ce_impute_column(x, rows, cols, j, active, m, group, n_groups, filled) != CE_OK)
            return CE_ERR_IO;
    return CE_OK;
}

ce_status ce_impute_column(double *x, size_t rows, size_t cols, size_t j,
                           const unsigned char *active, ce_impute_method m, const size_t *group,
                           size_t n_groups, unsigned char *filled)
{
    if (m == CE_IMPUTE_NONE)
        return CE_OK;
    int grouped = m == CE_IMPUTE_GROUP_MEAN || m == CE_IMPUTE_GROUP_MEDIAN;
    int median = m == CE_IMPUTE_MEDIAN || m == CE_IMPUTE_GROUP_MEDIAN;
    size_t n_sets = grouped ? n_groups : 1;
    double *v = malloc((rows ? rows : 1) * sizeof *v);
    double *fill = malloc((n_sets ? n_sets : 1) * sizeof *fill);
    if (!v || !fill) {
        free(v);
        free(fill);
        return CE_ERR_IO;
    }
    for (size_t g = 0; g < n_sets; g++) {
        size_t n = 0;
        for (size_t i = 0; i < rows; i++)
            if ((!active || active[i]) && (!grouped || group[i] == g))
                v[n++] = x[i * cols + j];
        fill[g] = median ? ce_stats_median(v, 1, n) : ce_stats_mean(v, 1, n);
    }
    for (size_t i = 0; i < rows; i++) {
        double *cell = &x[i * cols + j];
        if ((active && !active[i]) || !isnan(*cell))
            continue;
        *cell = fill[grouped ? group[i] : 0];
        if (filled && !isnan(*cell))
            filled[i * cols + j] = 1;
    }
    free(v);
    free(fill);
    return CE_OK;
}
