/* pipeline.c - see pipeline.h. */
#include "clustereval/pipeline.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/aggregate.h"
#include "clustereval/normalize.h"

void ce_pipeline_options_init(ce_pipeline_options *o)
{
    o->top = 10;
    o->award_amount = 1000000;
    o->tie_break = NULL;
}

void ce_result_free(ce_result *r)
{
    if (!r)
        return;
    if (r->notes)
        for (size_t i = 0; i < r->rows; i++)
            free(r->notes[i]);
    free(r->notes);
    free(r->norm);
    free(r->nodes);
    free(r->composite);
    free(r->rank);
    free(r->dim_rank);
    free(r->award);
    free(r->amount);
    free(r->coverage);
    free(r->order);
    free(r);
}

static ce_result *result_new(size_t rows, size_t n_leaves, size_t n_nodes, size_t n_dims)
{
    ce_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->rows = rows;
    r->n_leaves = n_leaves;
    r->n_nodes = n_nodes;
    r->n_dims = n_dims;
    r->norm = malloc(rows * n_leaves * sizeof *r->norm + 1);
    r->nodes = malloc(rows * n_nodes * sizeof *r->nodes + 1);
    r->composite = malloc(rows * sizeof *r->composite);
    r->rank = malloc(rows * sizeof *r->rank);
    r->dim_rank = malloc(rows * n_dims * sizeof *r->dim_rank + 1);
    r->award = malloc(rows * sizeof *r->award);
    r->amount = malloc(rows * sizeof *r->amount);
    r->coverage = malloc(rows * sizeof *r->coverage);
    r->notes = calloc(rows, sizeof *r->notes);
    r->order = malloc(rows * sizeof *r->order);
    if (!r->norm || !r->nodes || !r->composite || !r->rank || !r->dim_rank || !r->award ||
        !r->amount || !r->coverage || !r->notes || !r->order) {
        ce_result_free(r);
        return NULL;
    }
    return r;
}

/* A growing string for the notes column. */
typedef struct {
    char *s;
    size_t len, cap;
    int failed;
} note_buf;

/* Appends sep (unless the buffer is empty) and the formatted text. */
static void note_add(note_buf *b, const char *sep, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void note_add(note_buf *b, const char *sep, const char *fmt, ...)
{
    if (b->failed)
        return;
    size_t sep_len = b->len ? strlen(sep) : 0;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    size_t need = b->len + sep_len + (size_t)n + 1;
    if (n >= 0 && need > b->cap) {
        char *grown = realloc(b->s, 2 * need);
        if (grown) {
            b->s = grown;
            b->cap = 2 * need;
        }
    }
    if (n < 0 || need > b->cap) {
        b->failed = 1;
        return;
    }
    memcpy(b->s + b->len, sep, sep_len);
    b->len += sep_len;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Adds one note "label: code, code" naming the indicators of a row that are
 * missing (want_missing) or constant. */
static void note_codes(note_buf *b, const char *label, const ce_profile *p, const size_t *leaves,
                       size_t n_leaves, const double *raw, const ce_norm_flag *flags,
                       int want_missing)
{
    note_buf list = {NULL, 0, 0, 0};
    for (size_t j = 0; j < n_leaves; j++) {
        int pick = want_missing ? isnan(raw[j]) : !isnan(raw[j]) && flags[j] == CE_NORM_CONSTANT;
        if (pick)
            note_add(&list, ", ", "%s", ce_profile_node(p, leaves[j])->code);
    }
    if (list.failed)
        b->failed = 1;
    else if (list.len)
        note_add(b, "; ", "%s: %s", label, list.s);
    free(list.s);
}

static const ce_table *order_table;
static const size_t *order_rank;

/* Output order: ranked first by rank, then id bytewise; unranked last by id. */
static int cmp_output(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    size_t ra = order_rank[a] ? order_rank[a] : (size_t)-1;
    size_t rb = order_rank[b] ? order_rank[b] : (size_t)-1;
    if (ra != rb)
        return ra < rb ? -1 : 1;
    return strcmp(ce_table_id(order_table, a), ce_table_id(order_table, b));
}

static ce_status write_notes(ce_result *r, const ce_table *t, const ce_profile *p,
                             const ce_norm_flag *flags, const unsigned char *decided,
                             const char *tie_break, ce_error *err)
{
    size_t n_leaves;
    const size_t *leaves = ce_profile_leaves(p, &n_leaves);
    const double *raw = ce_table_values(t);
    for (size_t i = 0; i < r->rows; i++) {
        note_buf b = {NULL, 0, 0, 0};
        const double *x = raw + i * n_leaves;
        if (r->rank[i] == 0)
            note_add(&b, "; ", "unranked: no indicator value");
        if (!ce_table_eligible(t, i))
            note_add(&b, "; ", "not eligible");
        if (ce_table_veto(t, i))
            note_add(&b, "; ", "vetoed");
        if (r->award[i] == CE_AWARD_TIE && tie_break)
            note_add(&b, "; ", "tied for place %zu, also on %s: award undecided",
                     r->awards.tie_place, tie_break);
        else if (r->award[i] == CE_AWARD_TIE)
            note_add(&b, "; ", "tied for place %zu: award undecided (use --tie-break)",
                     r->awards.tie_place);
        if (tie_break && decided[i])
            note_add(&b, "; ", "tie at place %zu broken by %s = %.6f", r->awards.tie_place, tie_break,
                     r->nodes[i * r->n_nodes + ce_profile_find(p, tie_break)]);
        if (r->rank[i] != 0) {
            note_codes(&b, "missing (left out, weights rescaled)", p, leaves, n_leaves, x, flags,
                       1);
            note_codes(&b, "constant indicator scored 100", p, leaves, n_leaves, x, flags, 0);
        }
        if (b.failed || (!b.s && !(b.s = calloc(1, 1)))) {
            free(b.s);
            return ce_error_nomem(err);
        }
        r->notes[i] = b.s;
    }
    return CE_OK;
}

ce_status ce_pipeline_run(const ce_table *t, const ce_profile *p, const ce_pipeline_options *o,
                          ce_result **out, ce_diag *diag, ce_error *err)
{
    size_t tie_node = CE_NO_PARENT;
    if (o->tie_break && (tie_node = ce_profile_find(p, o->tie_break)) == CE_NO_PARENT)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0, "--tie-break: no node \"%s\" in %s",
                            o->tie_break, ce_profile_path(p));
    size_t rows = ce_table_rows(t), n_leaves, n_dims, n_nodes = ce_profile_node_count(p);
    const size_t *leaves = ce_profile_leaves(p, &n_leaves);
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    ce_result *r = result_new(rows, n_leaves, n_nodes, n_dims);
    int *direction = malloc(n_leaves * sizeof *direction);
    ce_norm_flag *flags = malloc(n_leaves * sizeof *flags);
    double *column = malloc(rows * sizeof *column);
    size_t *column_rank = malloc(rows * sizeof *column_rank);
    unsigned char *candidate = malloc(rows), *decided = malloc(rows);
    ce_status st = r && direction && flags && column && column_rank && candidate && decided
                       ? CE_OK
                       : ce_error_nomem(err);

    /* 1. Normalise. */
    for (size_t j = 0; st == CE_OK && j < n_leaves; j++)
        direction[j] = ce_profile_node(p, leaves[j])->direction;
    if (st == CE_OK && ce_normalize_minmax(ce_table_values(t), rows, n_leaves, direction, 0, 100,
                                           r->norm, flags) != CE_OK)
        st = ce_error_nomem(err);
    for (size_t j = 0; st == CE_OK && j < n_leaves; j++) {
        const char *code = ce_profile_node(p, leaves[j])->code;
        if (flags[j] == CE_NORM_CONSTANT)
            st = ce_diag_add(diag, "indicator \"%s\" has the same value for every cluster: "
                                   "each gets 100", code);
        else if (flags[j] == CE_NORM_EMPTY)
            st = ce_diag_add(diag, "indicator \"%s\" has no value for any cluster: it is left "
                                   "out", code);
        if (st != CE_OK)
            st = ce_error_nomem(err);
    }

    /* 2. Aggregate; 3. rank the composite and each dimension. */
    if (st == CE_OK) {
        ce_aggregate_arithmetic(p, r->norm, rows, r->nodes, r->composite);
        if (ce_rank_competition(r->composite, rows, r->rank) != CE_OK)
            st = ce_error_nomem(err);
    }
    for (size_t d = 0; st == CE_OK && d < n_dims; d++) {
        for (size_t i = 0; i < rows; i++)
            column[i] = r->nodes[i * n_nodes + dims[d]];
        if (ce_rank_competition(column, rows, column_rank) != CE_OK)
            st = ce_error_nomem(err);
        for (size_t i = 0; st == CE_OK && i < rows; i++)
            r->dim_rank[i * n_dims + d] = column_rank[i];
    }

    /* 4. Award. */
    if (st == CE_OK) {
        r->n_ranked = r->n_candidates = 0;
        for (size_t i = 0; i < rows; i++) {
            candidate[i] = r->rank[i] > 0 && ce_table_eligible(t, i) && !ce_table_veto(t, i);
            r->n_ranked += r->rank[i] > 0;
            r->n_candidates += candidate[i];
            if (tie_node != CE_NO_PARENT)
                column[i] = r->nodes[i * n_nodes + tie_node];
        }
        ce_award_options ao = {o->top, tie_node != CE_NO_PARENT ? column : NULL};
        if (ce_award_assign(r->rank, candidate, rows, &ao, r->award, decided, &r->awards) !=
            CE_OK)
            st = ce_error_nomem(err);
    }
    if (st == CE_OK && r->awards.tied > 0 &&
        ce_diag_add(diag, "%zu candidates are tied for place %zu, which would give more than "
                          "%zu awards: they are marked \"tie\" (%s)",
                    r->awards.tied, r->awards.tie_place, o->top,
                    o->tie_break ? "their --tie-break scores are tied too"
                                 : "use --tie-break CODE") != CE_OK)
        st = ce_error_nomem(err);

    /* Coverage, amounts, notes and the output order. */
    if (st == CE_OK) {
        const double *raw = ce_table_values(t);
        for (size_t i = 0; i < rows; i++) {
            size_t present = 0;
            for (size_t j = 0; j < n_leaves; j++)
                present += !isnan(raw[i * n_leaves + j]);
            r->coverage[i] = n_leaves ? (double)present / (double)n_leaves : 0;
            r->amount[i] = r->award[i] == CE_AWARD_YES ? o->award_amount : 0;
            r->order[i] = i;
        }
        order_table = t;
        order_rank = r->rank;
        qsort(r->order, rows, sizeof *r->order, cmp_output);
        st = write_notes(r, t, p, flags, decided, o->tie_break, err);
    }
    free(direction);
    free(flags);
    free(column);
    free(column_rank);
    free(candidate);
    free(decided);
    if (st != CE_OK) {
        ce_result_free(r);
        return st;
    }
    *out = r;
    return CE_OK;
}
