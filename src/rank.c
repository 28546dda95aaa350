/* rank.c - see rank.h. */
#include "clustereval/rank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int ce_rank_tied(double a, double b)
{
    double scale = fmax(1.0, fmax(fabs(a), fabs(b)));
    return fabs(a - b) <= 1e-9 * scale;
}

static const double *sort_keys; /* qsort has no context argument */

/* Descending by key, NaN last, then by index so the order is deterministic. */
static int cmp_desc(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    double x = sort_keys[a], y = sort_keys[b];
    int xn = isnan(x), yn = isnan(y);
    if (xn != yn)
        return xn - yn;
    if (!xn && x != y)
        return x > y ? -1 : 1;
    return (a > b) - (a < b);
}

/* Fills idx with 0..n-1 ordered by cmp_desc on keys. */
static void order_desc(const double *keys, size_t *idx, size_t n)
{
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    sort_keys = keys;
    qsort(idx, n, sizeof *idx, cmp_desc);
}

ce_status ce_rank_competition(const double *score, size_t n, size_t *rank)
{
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    if (!idx)
        return CE_ERR_IO;
    order_desc(score, idx, n);
    size_t leader = 0;
    for (size_t k = 0; k < n; k++) {
        double s = score[idx[k]];
        if (isnan(s)) {
            rank[idx[k]] = 0;
            continue;
        }
        if (k == 0 || !ce_rank_tied(score[idx[leader]], s))
            leader = k;
        rank[idx[k]] = leader + 1;
    }
    free(idx);
    return CE_OK;
}

/* Assigns yes/no/tie inside one group of candidates tied on rank at the
 * boundary, with `slots` awards left, ordered by the tie-break score. */
static ce_status break_tie(const size_t *group, size_t g, size_t slots, const double *tb,
                           ce_award *award, unsigned char *decided, ce_award_summary *sum)
{
    double *keys = malloc(g * sizeof *keys);
    size_t *idx = malloc(g * sizeof *idx);
    if (!keys || !idx) {
        free(keys);
        free(idx);
        return CE_ERR_IO;
    }
    for (size_t k = 0; k < g; k++)
        keys[k] = tb[group[k]];
    order_desc(keys, idx, g);
    for (size_t k = 0; k < g;) {
        size_t end = k + 1; /* [k, end) tied on the tie-break score */
        while (end < g && !isnan(keys[idx[k]]) && !isnan(keys[idx[end]]) &&
               ce_rank_tied(keys[idx[k]], keys[idx[end]]))
            end++;
        if (isnan(keys[idx[k]]))
            end = g; /* every missing tie-break score ties with the others */
        size_t len = end - k;
        ce_award a = len <= slots ? CE_AWARD_YES : slots > 0 ? CE_AWARD_TIE : CE_AWARD_NO;
        for (size_t m = k; m < end; m++) {
            size_t c = group[idx[m]];
            award[c] = a;
            if (a != CE_AWARD_TIE && decided)
                decided[c] = 1;
        }
        if (a == CE_AWARD_YES) {
            slots -= len;
            sum->awarded += len;
        } else if (a == CE_AWARD_TIE) {
            slots = 0;
            sum->tied += len;
        }
        if (a != CE_AWARD_TIE)
            sum->broken += len;
        k = end;
    }
    free(keys);
    free(idx);
    return CE_OK;
}

static const size_t *sort_ranks;

static int cmp_rank(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    if (sort_ranks[a] != sort_ranks[b])
        return sort_ranks[a] < sort_ranks[b] ? -1 : 1;
    return (a > b) - (a < b);
}

ce_status ce_award_assign(const size_t *rank, const unsigned char *candidate, size_t n,
                          const ce_award_options *opt, ce_award *award,
                          unsigned char *decided, ce_award_summary *summary)
{
    ce_award_summary sum = {0, 0, 0, 0};
    size_t *cand = malloc((n ? n : 1) * sizeof *cand), nc = 0;
    if (!cand)
        return CE_ERR_IO;
    for (size_t i = 0; i < n; i++) {
        award[i] = CE_AWARD_NO;
        if (decided)
            decided[i] = 0;
        if (candidate[i] && rank[i] > 0)
            cand[nc++] = i;
    }
    sort_ranks = rank;
    qsort(cand, nc, sizeof *cand, cmp_rank);
    ce_status st = CE_OK;
    size_t given = 0;
    for (size_t k = 0; k < nc && given < opt->top && st == CE_OK;) {
        size_t end = k + 1;
        while (end < nc && rank[cand[end]] == rank[cand[k]])
            end++;
        size_t g = end - k;
        if (given + g <= opt->top) {
            for (size_t m = k; m < end; m++)
                award[cand[m]] = CE_AWARD_YES;
            sum.awarded += g;
            given += g;
        } else {
            sum.tie_place = rank[cand[k]];
            if (opt->tiebreak) {
                st = break_tie(cand + k, g, opt->top - given, opt->tiebreak, award, decided,
                               &sum);
            } else {
                for (size_t m = k; m < end; m++)
                    award[cand[m]] = CE_AWARD_TIE;
                sum.tied += g;
            }
            given = opt->top;
        }
        k = end;
    }
    free(cand);
    if (st == CE_OK && summary)
        *summary = sum;
    return st;
}
