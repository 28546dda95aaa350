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

/* True when index a comes before index b: key[a] higher, NaN last, then the
 * lower index, so that the order is total and deterministic. */
static int before_desc(const void *ctx, size_t a, size_t b)
{
    const double *key = ctx;
    double x = key[a], y = key[b];
    int xn = isnan(x), yn = isnan(y);
    if (xn != yn)
        return yn;
    if (!xn && x != y)
        return x > y;
    return a < b;
}

/* True when index a comes before index b: lower rank, then lower index. */
static int before_rank(const void *ctx, size_t a, size_t b)
{
    const size_t *rank = ctx;
    if (rank[a] != rank[b])
        return rank[a] < rank[b];
    return a < b;
}

/* Sorts idx[0..n) by before(ctx, ., .); a bottom-up merge sort with tmp (n
 * entries) as scratch, so that it allocates nothing and keeps no state. */
static void sort_indices(size_t *idx, size_t n, size_t *tmp,
                         int (*before)(const void *, size_t, size_t), const void *ctx)
{
    size_t *src = idx, *dst = tmp;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t a = lo, b = mid, k = lo;
            while (a < mid && b < hi)
                dst[k++] = before(ctx, src[b], src[a]) ? src[b++] : src[a++];
            while (a < mid)
                dst[k++] = src[a++];
            while (b < hi)
                dst[k++] = src[b++];
        }
        size_t *swap = src;
        src = dst;
        dst = swap;
    }
    if (src != idx)
        memcpy(idx, src, n * sizeof *idx);
}

void ce_rank_competition_ws(const double *score, size_t n, size_t *rank, size_t *scratch)
{
    size_t *idx = scratch, *tmp = scratch + n;
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    sort_indices(idx, n, tmp, before_desc, score);
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
}

ce_status ce_rank_competition(const double *score, size_t n, size_t *rank)
{
    size_t *scratch = malloc((2 * n + 1) * sizeof *scratch);
    if (!scratch)
        return CE_ERR_IO;
    ce_rank_competition_ws(score, n, rank, scratch);
    free(scratch);
    return CE_OK;
}

/* Assigns yes/no/tie inside one group of candidates tied on rank at the
 * boundary (group[0..g), in index order; reordered here), with `slots`
 * awards left, ordered by the tie-break score. tmp: g entries. */
static void break_tie(size_t *group, size_t g, size_t slots, const double *tb, size_t *tmp,
                      ce_award *award, unsigned char *decided, ce_award_summary *sum)
{
    sort_indices(group, g, tmp, before_desc, tb);
    for (size_t k = 0; k < g;) {
        size_t end = k + 1; /* [k, end) tied on the tie-break score */
        while (end < g && !isnan(tb[group[k]]) && !isnan(tb[group[end]]) &&
               ce_rank_tied(tb[group[k]], tb[group[end]]))
            end++;
        if (isnan(tb[group[k]]))
            end = g; /* every missing tie-break score ties with the others */
        size_t len = end - k;
        ce_award a = len <= slots ? CE_AWARD_YES : slots > 0 ? CE_AWARD_TIE : CE_AWARD_NO;
        for (size_t m = k; m < end; m++) {
            award[group[m]] = a;
            if (a != CE_AWARD_TIE && decided)
                decided[group[m]] = 1;
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
}

void ce_award_assign_ws(const size_t *rank, const unsigned char *candidate, size_t n,
                        const ce_award_options *opt, ce_award *award, unsigned char *decided,
                        ce_award_summary *summary, size_t *scratch)
{
    ce_award_summary sum = {0, 0, 0, 0};
    size_t *cand = scratch, *tmp = scratch + n, nc = 0;
    for (size_t i = 0; i < n; i++) {
        award[i] = CE_AWARD_NO;
        if (decided)
            decided[i] = 0;
        if (candidate[i] && rank[i] > 0)
            cand[nc++] = i;
    }
    sort_indices(cand, nc, tmp, before_rank, rank);
    size_t given = 0;
    for (size_t k = 0; k < nc && given < opt->top;) {
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
                break_tie(cand + k, g, opt->top - given, opt->tiebreak, tmp, award, decided,
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
    if (summary)
        *summary = sum;
}

ce_status ce_award_assign(const size_t *rank, const unsigned char *candidate, size_t n,
                          const ce_award_options *opt, ce_award *award,
                          unsigned char *decided, ce_award_summary *summary)
{
    size_t *scratch = malloc((2 * n + 1) * sizeof *scratch);
    if (!scratch)
        return CE_ERR_IO;
    ce_award_assign_ws(rank, candidate, n, opt, award, decided, summary, scratch);
    free(scratch);
    return CE_OK;
}
