/* treat.c - see treat.h. Follows COINr 1.x winsorise() and log_CT(). */
#include "clustereval/treat.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

enum { WINMAX = 5 };
static const double SKEW_THRESH = 2, KURT_THRESH = 3.5;

int ce_treat_method_parse(const char *name, ce_treat_method *out)
{
    if (strcmp(name, "none") == 0)
        *out = CE_TREAT_NONE;
    else if (strcmp(name, "winsor") == 0)
        *out = CE_TREAT_WINSOR;
    else
        return -1;
    return 0;
}

/* COINr check_SkewKurt: passes when |skew| < 2 or kurtosis < 3.5. */
static int passes(const double *v, size_t n)
{
    double sk = ce_stats_skew(v, 1, n), ku = ce_stats_kurt(v, 1, n);
    if (isnan(sk) || isnan(ku))
        return 1;
    return fabs(sk) < SKEW_THRESH || ku < KURT_THRESH;
}

/* One winsorising step on the side of the skew: every value equal to the
 * extreme takes the most extreme of the others. Returns how many points
 * are at the extreme (COINr counts them as the winsorised points). */
static size_t winsorise_step(double *v, size_t n, int high, unsigned char *hit)
{
    double ext = v[0];
    for (size_t k = 1; k < n; k++)
        ext = high ? fmax(ext, v[k]) : fmin(ext, v[k]);
    double next = high ? -INFINITY : INFINITY;
    size_t at = 0;
    for (size_t k = 0; k < n; k++) {
        if (v[k] == ext)
            at++;
        else
            next = high ? fmax(next, v[k]) : fmin(next, v[k]);
    }
    if (isinf(next)) /* all equal: nothing to do */
        return at;
    for (size_t k = 0; k < n; k++)
        if (v[k] == ext) {
            v[k] = next;
            hit[k] = 1;
        }
    return at;
}

ce_status ce_treat_winsor(double *x, size_t stride, size_t rows, const unsigned char *active,
                          unsigned char *treated, ce_treat_info *info)
{
    size_t *idx = malloc((rows ? rows : 1) * sizeof *idx);
    double *v = calloc(rows ? rows : 1, sizeof *v);
    unsigned char *hit = calloc(rows ? rows : 1, 1);
    if (!idx || !v || !hit) {
        free(idx);
        free(v);
        free(hit);
        return CE_ERR_IO;
    }
    size_t n = 0;
    for (size_t i = 0; i < rows; i++)
        if ((!active || active[i]) && !isnan(x[i * stride])) {
            idx[n] = i;
            v[n++] = x[i * stride];
        }
    ce_treat_info res = {CE_TREATED_NOTHING, 0, ce_stats_skew(v, 1, n), ce_stats_kurt(v, 1, n)};
    if (n >= 4 && !passes(v, n)) {
        /* COINr: nwin = points at the latest high step + at the latest low step. */
        size_t last_high = 0, last_low = 0, nwin = 0;
        int ok = 0;
        while (!ok && nwin < WINMAX) {
            if (ce_stats_skew(v, 1, n) >= 0)
                last_high = winsorise_step(v, n, 1, hit);
            else
                last_low = winsorise_step(v, n, 0, hit);
            nwin = last_high + last_low;
            ok = passes(v, n);
        }
        if (ok) {
            res.outcome = CE_TREATED_WINSOR;
            res.points = nwin;
            for (size_t k = 0; k < n; k++) {
                x[idx[k] * stride] = v[k];
                if (treated && hit[k])
                    treated[idx[k]] = 1;
            }
        } else { /* log_CT of the original values */
            double mn = INFINITY, mx = -INFINITY;
            for (size_t k = 0; k < n; k++) {
                double a = x[idx[k] * stride];
                mn = fmin(mn, a);
                mx = fmax(mx, a);
            }
            for (size_t k = 0; k < n; k++) {
                double *cell = &x[idx[k] * stride];
                *cell = log(*cell - mn + 0.01 * (mx - mn));
                if (treated)
                    treated[idx[k]] = 1;
            }
            res.outcome = CE_TREATED_LOG;
        }
    }
    if (info)
        *info = res;
    free(idx);
    free(v);
    free(hit);
    return CE_OK;
}
