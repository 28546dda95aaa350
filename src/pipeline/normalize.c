/* normalize.c - see normalize.h. */
#include "clustereval/normalize.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

/* (a - b) / (c - d), also when a difference is beyond DBL_MAX (values near
 * it of both signs): then the same ratio with every term halved. */
static double ratio(double a, double b, double c, double d)
{
    double num = a - b, den = c - d;
    if (isfinite(num) && isfinite(den))
        return num / den;
    return (a / 2 - b / 2) / (c / 2 - d / 2);
}

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
                double t = direction[j] < 0 ? ratio(mx[j], v, mx[j], mn[j])
                                            : ratio(v, mn[j], mx[j], mn[j]);
                o[j] = t * (hi - lo) + lo;
            }
        }
    }
    free(mn);
    return CE_OK;
}

int ce_normalize_method_parse(const char *name, ce_normalize_method *out)
{
    static const char *const names[] = {"minmax",   "zscore",      "rank",     "prank",
                                        "borda",    "dist2max",    "dist2target",
                                        "goalpost", "vector",      "sum"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (strcmp(name, names[k]) == 0) {
            *out = (ce_normalize_method)k;
            return 0;
        }
    return -1;
}

const char *ce_normalize_method_name(ce_normalize_method m)
{
    static const char *const names[] = {"minmax",   "zscore",      "rank",     "prank",
                                        "borda",    "dist2max",    "dist2target",
                                        "goalpost", "vector",      "sum"};
    return names[m];
}

void ce_normalize_options_init(ce_normalize_options *o)
{
    o->method = CE_NORMALIZE_MINMAX;
    o->lo = 0;
    o->hi = 100;
    o->z_mean = 0;
    o->z_sd = 1;
}

/* The active, present values of column j times its direction, into v;
 * returns their number. */
static size_t gather(const double *x, size_t rows, size_t cols, size_t j,
                     const unsigned char *active, int dir, double *v)
{
    size_t m = 0;
    for (size_t i = 0; i < rows; i++) {
        double a = x[i * cols + j];
        if ((!active || active[i]) && !isnan(a))
            v[m++] = a * dir;
    }
    return m;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* 1 + the number of sorted[0..m) strictly below v: R's rank(ties = "min"). */
static double rank_min(const double *sorted, size_t m, double v)
{
    size_t lo = 0, hi = m;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (double)lo + 1;
}

ce_status ce_normalize_matrix(const double *x, size_t rows, size_t cols,
                              const unsigned char *active, const int *direction,
                              const double *target, const double *goal_lo,
                              const double *goal_hi, const ce_normalize_options *o, double *out,
                              ce_norm_flag *flags, size_t *bad_col)
{
    if (o->method == CE_NORMALIZE_MINMAX && !active)
        return ce_normalize_minmax(x, rows, cols, direction, o->lo, o->hi, out, flags);
    double *v = malloc((rows ? rows : 1) * sizeof *v);
    if (!v)
        return CE_ERR_IO;
    ce_status st = CE_OK;
    for (size_t j = 0; j < cols && st == CE_OK; j++) {
        int dir = direction[j] < 0 ? -1 : 1;
        size_t m = gather(x, rows, cols, j, active, dir, v);
        double mn = INFINITY, mx = -INFINITY;
        for (size_t k = 0; k < m; k++) {
            mn = fmin(mn, v[k]);
            mx = fmax(mx, v[k]);
        }
        ce_norm_flag flag = m == 0 ? CE_NORM_EMPTY : mn == mx ? CE_NORM_CONSTANT : CE_NORM_OK;
        if (flags)
            flags[j] = flag;
        double mean = 0, sd = 0, t = 0, glo = 0, ghi = 0, total = 0;
        /* z-scores and vector shares do not change when every value is
         * multiplied by the same power of two: values near DBL_MAX are scaled
         * down first, so that sums of them and their squares stay finite. */
        double scale = 1, amax = fmax(fabs(mn), fabs(mx));
        if ((o->method == CE_NORMALIZE_ZSCORE || o->method == CE_NORMALIZE_VECTOR) &&
            m > 0 && amax > 0x1p400) {
            scale = ldexp(1, -ilogb(amax));
            for (size_t k = 0; k < m; k++)
                v[k] *= scale;
        }
        switch (o->method) {
        case CE_NORMALIZE_ZSCORE:
            mean = ce_stats_mean(v, 1, m);
            sd = ce_stats_sd(v, 1, m);
            break;
        case CE_NORMALIZE_RANK:
        case CE_NORMALIZE_PRANK:
        case CE_NORMALIZE_BORDA:
            qsort(v, m, sizeof *v, cmp_double);
            break;
        case CE_NORMALIZE_DIST2TARGET:
            if (!target || isnan(target[j])) {
                st = CE_ERR_DATA;
                *bad_col = j;
            }
            t = st == CE_OK ? target[j] * dir : 0;
            break;
        case CE_NORMALIZE_GOALPOST:
            if (!goal_lo || !goal_hi || isnan(goal_lo[j]) || isnan(goal_hi[j]) ||
                goal_lo[j] == goal_hi[j]) {
                st = CE_ERR_DATA;
                *bad_col = j;
            }
            /* With x' = -x the goalposts flip: lo' = -hi, hi' = -lo. */
            glo = st != CE_OK ? 0 : dir > 0 ? goal_lo[j] : -goal_hi[j];
            ghi = st != CE_OK ? 0 : dir > 0 ? goal_hi[j] : -goal_lo[j];
            break;
        case CE_NORMALIZE_VECTOR: /* ||x|| of the values themselves (v holds x') */
            for (size_t k = 0; k < m; k++)
                total += v[k] * v[k];
            total = sqrt(total);
            break;
        case CE_NORMALIZE_SUM:
            for (size_t k = 0; k < m && st == CE_OK; k++) {
                double a = v[k] * dir; /* back to x */
                if (!(a > 0)) {
                    st = CE_ERR_DATA;
                    *bad_col = j;
                }
                total += dir > 0 ? a : 1 / a;
            }
            break;
        default:
            break;
        }
        if (st != CE_OK)
            break;
        for (size_t i = 0; i < rows; i++) {
            double a = x[i * cols + j], y = NAN;
            if ((active && !active[i]) || isnan(a)) {
                out[i * cols + j] = NAN;
                continue;
            }
            a *= dir;
            if (o->method == CE_NORMALIZE_ZSCORE || o->method == CE_NORMALIZE_VECTOR)
                a *= scale;
            switch (o->method) {
            case CE_NORMALIZE_MINMAX:
                y = mn == mx ? o->hi : ratio(a, mn, mx, mn) * (o->hi - o->lo) + o->lo;
                break;
            case CE_NORMALIZE_ZSCORE:
                y = !(sd > 0) ? o->z_mean : (a - mean) / sd * o->z_sd + o->z_mean;
                break;
            case CE_NORMALIZE_RANK: y = rank_min(v, m, a); break;
            case CE_NORMALIZE_PRANK:
                y = m > 1 ? (rank_min(v, m, a) - 1) / (double)(m - 1) : 1;
                break;
            case CE_NORMALIZE_BORDA: y = rank_min(v, m, a) - 1; break;
            case CE_NORMALIZE_DIST2MAX: y = mn == mx ? 1 : 1 - ratio(mx, a, mx, mn); break;
            case CE_NORMALIZE_DIST2TARGET: y = t == mn ? 1 : 1 - ratio(t, a, t, mn); break;
            case CE_NORMALIZE_VECTOR:
                y = !(total > 0) ? 1 : dir > 0 ? a * dir / total : 1 - a * dir / total;
                break;
            case CE_NORMALIZE_SUM: y = dir > 0 ? a / total : (1 / (a * dir)) / total; break;
            case CE_NORMALIZE_GOALPOST:
                y = ratio(a, glo, ghi, glo);
                y = (y > 1 ? 1 : y < 0 ? 0 : y) * 100;
                break;
            }
            out[i * cols + j] = y;
        }
    }
    free(v);
    return st;
}
