/* impute.c - see impute.h. */
#include "clustereval/impute.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

int ce_impute_method_parse(const char *spec, ce_impute_method *m, const char **column)
{
    static const struct { const char *name; ce_impute_method m; int grouped; } methods[] = {
        {"none", CE_IMPUTE_NONE, 0},
        {"mean", CE_IMPUTE_MEAN, 0},
        {"median", CE_IMPUTE_MEDIAN, 0},
        {"group-mean:", CE_IMPUTE_GROUP_MEAN, 1},
        {"group-median:", CE_IMPUTE_GROUP_MEDIAN, 1}};
    for (size_t k = 0; k < sizeof methods / sizeof methods[0]; k++) {
        size_t n = strlen(methods[k].name);
        if (methods[k].grouped ? strncmp(spec, methods[k].name, n) == 0 && spec[n] != '\0'
                               : strcmp(spec, methods[k].name) == 0) {
            *m = methods[k].m;
            *column = methods[k].grouped ? spec + n : NULL;
            return 0;
        }
    }
    return -1;
}

ce_status ce_impute_matrix(double *x, size_t rows, size_t cols, const unsigned char *active,
                           ce_impute_method m, const size_t *group, size_t n_groups,
                           unsigned char *filled)
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
    for (size_t j = 0; j < cols; j++) {
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
    }
    free(v);
    free(fill);
    return CE_OK;
}
