/* compare_side.c - two rankings side by side (compare_side.h). */
#include "clustereval/compare_side.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


void ce_side_by_side_fini(ce_side_by_side *s)
{
    free(s->against);
    free(s->id);
    free(s->name);
    free(s->rank_a);
    free(s->rank_b);
    free(s->change);
    free(s->score_a);
    free(s->score_b);
    free(s->award_a);
    free(s->award_b);
    free(s->in_a);
    free(s->in_b);
    if (s->compared)
        ce_comparison_fini(&s->cmp);
}

static ce_status sbs_alloc(ce_side_by_side *s, size_t n, ce_error *err)
{
    size_t m = n ? n : 1;
    s->n = n;
    s->id = malloc(m * sizeof *s->id);
    s->name = malloc(m * sizeof *s->name);
    s->rank_a = malloc(m * sizeof *s->rank_a);
    s->rank_b = malloc(m * sizeof *s->rank_b);
    s->change = malloc(m * sizeof *s->change);
    s->score_a = malloc(m * sizeof *s->score_a);
    s->score_b = malloc(m * sizeof *s->score_b);
    s->award_a = malloc(m * sizeof *s->award_a);
    s->award_b = malloc(m * sizeof *s->award_b);
    s->in_a = malloc(m);
    s->in_b = malloc(m);
    if (!s->id || !s->name || !s->rank_a || !s->rank_b || !s->change || !s->score_a ||
        !s->score_b || !s->award_a || !s->award_b || !s->in_a || !s->in_b)
        return ce_error_nomem(err);
    return CE_OK;
}

static double rank_value(size_t rank)
{
    return rank ? (double)rank : NAN;
}

/* Fills this run's side of rows 0..rows-1. */
static void fill_main_side(ce_side_by_side *s, const ce_table *t, const ce_result *r)
{
    for (size_t i = 0; i < r->rows; i++) {
        s->id[i] = ce_table_id(t, i);
        s->name[i] = ce_table_name(t, i);
        s->rank_a[i] = rank_value(r->rank[i]);
        s->score_a[i] = r->composite[i];
        s->award_a[i] = r->award[i];
        s->in_a[i] = 1;
    }
}

/* Sets the change column and the input of ce_compare_run, and runs it. */
static ce_status sbs_compare(ce_side_by_side *s, size_t movers, ce_error *err)
{
    for (size_t i = 0; i < s->n; i++)
        s->change[i] = s->rank_b[i] - s->rank_a[i]; /* NaN when either is unranked */
    s->in = (ce_compare_input){s->n, s->id, s->rank_a, s->rank_b, s->award_a,
                               s->awards_b ? s->award_b : NULL, s->matched ? s->in_a : NULL,
                               s->matched ? s->in_b : NULL};
    ce_status st = ce_compare_run(&s->in, movers, &s->cmp, err);
    s->compared = st == CE_OK;
    return st;
}

ce_status ce_side_by_side_baseline(ce_side_by_side *s, const char *against,
                                   const char *data_path, const ce_table *t, const ce_result *r,
                                   const ce_table *tb, const ce_result *rb, size_t movers,
                                   ce_error *err)
{
    s->label = "baseline";
    s->rank_column = "baseline_rank";
    s->change_column = "rank_change";
    s->awards_b = s->scores_b = 1;
    if (!(s->against = strdup(against)))
        return ce_error_nomem(err);
    ce_status st = sbs_alloc(s, r->rows, err);
    if (st != CE_OK)
        return st;
    /* The baseline read the same file (again when its profile differs). */
    if (rb->rows != r->rows)
        return ce_error_set(err, CE_ERR_DATA, data_path, 0,
                            "the file changed while it was read for the baseline");
    fill_main_side(s, t, r);
    for (size_t i = 0; i < r->rows; i++) {
        if (strcmp(ce_table_id(tb, i), s->id[i]) != 0)
            return ce_error_set(err, CE_ERR_DATA, data_path, 0,
                                "the file changed while it was read for the baseline");
        s->rank_b[i] = rank_value(rb->rank[i]);
        s->score_b[i] = rb->composite[i];
        s->award_b[i] = rb->award[i];
        s->in_b[i] = 1;
    }
    return sbs_compare(s, movers, err);
}

ce_status ce_side_by_side_previous(ce_side_by_side *s, const ce_table *t, const ce_result *r,
                                   const ce_compare_previous *p, size_t movers, ce_error *err)
{
    s->label = "previous";
    s->rank_column = "previous_rank";
    s->change_column = "change_vs_previous";
    s->matched = 1;
    s->awards_b = ce_compare_previous_has_award(p);
    s->scores_b = ce_compare_previous_has_score(p);
    if (!(s->against = strdup(ce_compare_previous_path(p))))
        return ce_error_nomem(err);
    size_t n_prev = ce_compare_previous_rows(p), rows = r->rows;
    unsigned char *seen = calloc(n_prev ? n_prev : 1, 1);
    long *match = malloc((rows ? rows : 1) * sizeof *match);
    if (!seen || !match) {
        free(seen);
        free(match);
        return ce_error_nomem(err);
    }
    size_t n_seen = 0;
    int nomem = 0;
    for (size_t i = 0; i < rows; i++) {
        match[i] = ce_compare_previous_find(p, ce_table_id(t, i));
        nomem |= match[i] < -1;
        if (match[i] >= 0) {
            seen[match[i]] = 1;
            n_seen++;
        }
    }
    ce_status st = nomem ? ce_error_nomem(err) : sbs_alloc(s, rows + (n_prev - n_seen), err);
    if (st == CE_OK) {
        fill_main_side(s, t, r);
        size_t i = 0;
        for (; i < rows; i++) {
            long m = match[i];
            s->in_b[i] = m >= 0;
            s->rank_b[i] = m >= 0 ? ce_compare_previous_rank(p, (size_t)m) : NAN;
            s->score_b[i] = m >= 0 ? ce_compare_previous_score(p, (size_t)m) : NAN;
            s->award_b[i] = m >= 0 ? ce_compare_previous_award(p, (size_t)m) : CE_AWARD_NO;
        }
        for (size_t k = 0; k < n_prev; k++) /* dropped, in file order */
            if (!seen[k]) {
                s->id[i] = ce_compare_previous_id(p, k);
                s->name[i] = ce_compare_previous_name(p, k);
                s->rank_a[i] = s->score_a[i] = NAN;
                s->award_a[i] = CE_AWARD_NO;
                s->in_a[i] = 0;
                s->in_b[i] = 1;
                s->rank_b[i] = ce_compare_previous_rank(p, k);
                s->score_b[i] = ce_compare_previous_score(p, k);
                s->award_b[i] = ce_compare_previous_award(p, k);
                i++;
            }
    }
    free(seen);
    free(match);
    return st == CE_OK ? sbs_compare(s, movers, err) : st;
}

