/* pipeline.c - see pipeline.h. */
#define _GNU_SOURCE /* qsort_r: the sort context without a file-scope static */
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
    o->impute = CE_IMPUTE_NONE;
    o->impute_column = NULL;
    o->missing = (ce_missing_rule){CE_MISSING_UNSET, CE_IMPUTE_NONE};
    o->min_coverage = 0;
    o->treat = CE_TREAT_NONE;
    ce_normalize_options_init(&o->normalize);
    o->range_given = 0;
    o->aggregate = CE_AGG_ARITHMETIC;
    o->flatten = 0;
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

typedef struct {
    const ce_table *table;
    const size_t *rank;
} output_order;

/* Output order: ranked first by rank, then id bytewise; unranked last by id. */
static int cmp_output(const void *pa, const void *pb, void *ctx)
{
    const output_order *o = ctx;
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    size_t ra = o->rank[a] ? o->rank[a] : (size_t)-1;
    size_t rb = o->rank[b] ? o->rank[b] : (size_t)-1;
    if (ra != rb)
        return ra < rb ? -1 : 1;
    return strcmp(ce_table_id(o->table, a), ce_table_id(o->table, b));
}

/* Per-cluster facts gathered by the stages, for the notes column. */
typedef struct {
    double *work;              /* rows x leaves: denominated, imputed, treated values;
                                  NULL when no stage changes the data */
    const double *x;           /* the values to normalise: work or the table's */
    unsigned char *active;     /* rows: not screened out by --min-coverage */
    unsigned char *imputed;    /* rows x leaves: imputed cells */
    unsigned char *zeroed;     /* rows x leaves: missing cells read as 0 (rule zero) */
    unsigned char *worsted;    /* rows x leaves: missing cells scored the worst */
    unsigned char *dim_missing; /* rows x dims: every indicator of the dimension missing */
    ce_missing_rule *rule;     /* leaves: the missing-value rule of each indicator */
    unsigned char *treated;    /* rows x leaves: winsorised cells, or NULL without --treat */
    unsigned char *no_den;     /* rows x leaves: value left missing for a missing
                                  denominator, or NULL without denominators */
    ce_norm_flag *flags;       /* leaves */
    ce_agg_method *methods;    /* per node */
} stages;

/* Adds one note "label: code=value, ..." for the cells of row i marked in mask. */
static void note_cells(note_buf *b, const char *label, const ce_profile *p,
                       const size_t *leaves, size_t n_leaves, const unsigned char *mask,
                       const double *values)
{
    note_buf list = {NULL, 0, 0, 0};
    for (size_t j = 0; j < n_leaves; j++) {
        if (!mask[j])
            continue;
        if (values)
            note_add(&list, ", ", "%s=%.6g", ce_profile_node(p, leaves[j])->code, values[j]);
        else
            note_add(&list, ", ", "%s", ce_profile_node(p, leaves[j])->code);
    }
    if (list.failed)
        b->failed = 1;
    else if (list.len)
        note_add(b, "; ", "%s: %s", label, list.s);
    free(list.s);
}

static ce_status write_notes(ce_result *r, const ce_table *t, const ce_profile *p,
                             const stages *sg, const double *norm, const ce_pipeline_options *o,
                             const unsigned char *decided, ce_error *err)
{
    size_t n_leaves, n_dims;
    const size_t *leaves = ce_profile_leaves(p, &n_leaves);
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    const char *tie_break = o->tie_break;
    unsigned char *mask = malloc(n_leaves ? n_leaves : 1);
    if (!mask)
        return ce_error_nomem(err);
    for (size_t i = 0; i < r->rows; i++) {
        note_buf b = {NULL, 0, 0, 0};
        const double *x = sg->x + i * n_leaves;
        if (!sg->active[i])
            note_add(&b, "; ", "screened out: coverage %.4f below --min-coverage %g",
                     r->coverage[i], o->min_coverage);
        else if (r->rank[i] == 0)
            note_add(&b, "; ", "unranked: no indicator value");
        if (!ce_table_eligible(t, i))
            note_add(&b, "; ", "not eligible");
        if (ce_table_veto(t, i))
            note_add(&b, "; ", "vetoed");
        for (size_t d = 0; r->rank[i] != 0 && d < n_dims; d++)
            if (sg->dim_missing[i * n_dims + d])
                note_add(&b, "; ", "dimension_missing:%s", ce_profile_node(p, dims[d])->code);
        if (r->award[i] == CE_AWARD_TIE && tie_break)
            note_add(&b, "; ", "tied for place %zu, also on %s: award undecided",
                     r->awards.tie_place, tie_break);
        else if (r->award[i] == CE_AWARD_TIE)
            note_add(&b, "; ", "tied for place %zu: award undecided (use --tie-break)",
                     r->awards.tie_place);
        if (tie_break && decided[i])
            note_add(&b, "; ", "tie at place %zu broken by %s = %.6f", r->awards.tie_place,
                     tie_break, r->nodes[i * r->n_nodes + ce_profile_find(p, tie_break)]);
        if (r->rank[i] != 0) {
            char label[64];
            const unsigned char *no_den = sg->no_den ? sg->no_den + i * n_leaves : NULL;
            for (int m = CE_IMPUTE_MEAN; m <= CE_IMPUTE_GROUP_MEDIAN; m++) {
                for (size_t j = 0; j < n_leaves; j++)
                    mask[j] = sg->imputed[i * n_leaves + j] &&
                              sg->rule[j].impute == (ce_impute_method)m;
                snprintf(label, sizeof label, "imputed (%s)",
                         ce_impute_method_label((ce_impute_method)m));
                note_cells(&b, label, p, leaves, n_leaves, mask, x);
            }
            if (no_den)
                note_cells(&b, "denominator missing", p, leaves, n_leaves, no_den, NULL);
            note_cells(&b, "missing (read as 0)", p, leaves, n_leaves, sg->zeroed + i * n_leaves,
                       NULL);
            note_cells(&b, "missing (scored the worst)", p, leaves, n_leaves,
                       sg->worsted + i * n_leaves, norm + i * n_leaves);
            for (size_t j = 0; j < n_leaves; j++)
                mask[j] = isnan(x[j]) && !(no_den && no_den[j]) &&
                          !sg->worsted[i * n_leaves + j];
            note_cells(&b, "missing (left out, weights rescaled)", p, leaves, n_leaves, mask,
                       NULL);
            if (sg->treated)
                note_cells(&b, "winsorised", p, leaves, n_leaves, sg->treated + i * n_leaves,
                           NULL);
            for (size_t j = 0; j < n_leaves; j++)
                mask[j] = !isnan(x[j]) && sg->flags[j] == CE_NORM_CONSTANT;
            if (o->normalize.method == CE_NORMALIZE_MINMAX)
                snprintf(label, sizeof label, "constant indicator scored %g", o->normalize.hi);
            else
                snprintf(label, sizeof label, "constant indicator");
            note_cells(&b, label, p, leaves, n_leaves, mask, NULL);
        }
        if (b.failed || (!b.s && !(b.s = calloc(1, 1)))) {
            free(b.s);
            free(mask);
            return ce_error_nomem(err);
        }
        r->notes[i] = b.s;
    }
    free(mask);
    return CE_OK;
}

ce_status ce_pipeline_denominate(const ce_table *t, const ce_profile *p, double *x,
                                 unsigned char *no_den, ce_error *err)
{
    const double *den = ce_table_denominators(t);
    size_t n_den = ce_table_denominator_count(t), rows = ce_table_rows(t), n_leaves;
    const size_t *leaves = ce_profile_leaves(p, &n_leaves);
    for (size_t j = 0; j < n_leaves; j++) {
        long k = ce_table_denominator_of(t, j);
        if (k < 0)
            continue;
        for (size_t i = 0; i < rows; i++) {
            double *v = &x[i * n_leaves + j], d = den[i * n_den + (size_t)k];
            if (isnan(*v))
                continue;
            if (isnan(d)) {
                *v = NAN;
                if (no_den)
                    no_den[i * n_leaves + j] = 1;
            } else if (d == 0) {
                return ce_error_set(err, CE_ERR_DATA, ce_table_path(t), ce_table_line(t, i),
                                    "column \"%s\": zero denominator of indicator \"%s\"",
                                    ce_table_denominator_name(t, (size_t)k),
                                    ce_profile_node(p, leaves[j])->code);
            } else {
                *v /= d;
            }
        }
    }
    return CE_OK;
}

/* Maps the values of text column k to group numbers 0..*n-1. */
static ce_status group_numbers(const ce_table *t, size_t k, size_t *group, size_t *n)
{
    size_t rows = ce_table_rows(t), n_groups = 0;
    size_t *first = malloc((rows ? rows : 1) * sizeof *first); /* a row of each group */
    if (!first)
        return CE_ERR_IO;
    for (size_t i = 0; i < rows; i++) {
        const char *g = ce_table_text(t, i, k);
        size_t m = 0;
        while (m < n_groups && strcmp(ce_table_text(t, first[m], k), g) != 0)
            m++;
        if (m == n_groups)
            first[n_groups++] = i;
        group[i] = m;
    }
    free(first);
    *n = n_groups;
    return CE_OK;
}

/* 3. Impute, and read as 0 the missing values of the indicators whose rule
 * is zero (active rows only). */
static ce_status impute(const ce_table *t, const ce_pipeline_options *o, stages *sg, size_t rows,
                        size_t n_leaves, ce_error *err)
{
    int grouped = 0, any = 0;
    for (size_t j = 0; j < n_leaves; j++) {
        any |= sg->rule[j].kind == CE_MISSING_IMPUTE;
        grouped |= sg->rule[j].kind == CE_MISSING_IMPUTE &&
                   (sg->rule[j].impute == CE_IMPUTE_GROUP_MEAN ||
                    sg->rule[j].impute == CE_IMPUTE_GROUP_MEDIAN);
        if (sg->rule[j].kind != CE_MISSING_ZERO)
            continue;
        for (size_t i = 0; i < rows; i++) {
            double *v = &sg->work[i * n_leaves + j];
            if (sg->active[i] && isnan(*v)) {
                *v = 0;
                sg->zeroed[i * n_leaves + j] = 1;
            }
        }
    }
    if (!any)
        return CE_OK;
    size_t *group = NULL, n_groups = 0;
    if (grouped) {
        long k = o->impute_column ? ce_table_text_find(t, o->impute_column) : -1;
        if (k < 0)
            return ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                                "--impute: the group column was not read from the data");
        group = malloc((rows ? rows : 1) * sizeof *group);
        if (!group || group_numbers(t, (size_t)k, group, &n_groups) != CE_OK) {
            free(group);
            return ce_error_nomem(err);
        }
    }
    ce_status st = CE_OK;
    for (size_t j = 0; j < n_leaves && st == CE_OK; j++)
        if (sg->rule[j].kind == CE_MISSING_IMPUTE)
            st = ce_impute_column(sg->work, rows, n_leaves, j, sg->active, sg->rule[j].impute,
                                  group, n_groups, sg->imputed);
    free(group);
    return st == CE_OK ? CE_OK : ce_error_nomem(err);
}

/* 4. Treat outliers, one indicator at a time. */
static ce_status treat(const ce_pipeline_options *o, stages *sg, size_t rows, size_t n_leaves,
                       const ce_profile *p, ce_diag *diag, ce_error *err)
{
    if (o->treat == CE_TREAT_NONE)
        return CE_OK;
    const size_t *leaves = ce_profile_leaves(p, &n_leaves);
    unsigned char *hit = malloc(rows ? rows : 1);
    if (!hit)
        return ce_error_nomem(err);
    ce_status st = CE_OK;
    for (size_t j = 0; j < n_leaves && st == CE_OK; j++) {
        ce_treat_info info;
        memset(hit, 0, rows ? rows : 1);
        if (ce_treat_winsor(sg->work + j, n_leaves, rows, sg->active, hit, &info) != CE_OK) {
            st = ce_error_nomem(err);
            break;
        }
        const char *code = ce_profile_node(p, leaves[j])->code;
        if (info.outcome == CE_TREATED_WINSOR) {
            for (size_t i = 0; i < rows; i++)
                sg->treated[i * n_leaves + j] = hit[i];
            st = ce_diag_add(diag, "treatment: \"%s\" (skew %.3f, kurtosis %.3f) winsorised, "
                                   "%zu point%s", code, info.skew, info.kurt, info.points,
                             info.points == 1 ? "" : "s");
        } else if (info.outcome == CE_TREATED_LOG) {
            st = ce_diag_add(diag, "treatment: \"%s\" (skew %.3f, kurtosis %.3f) still skewed "
                                   "after 5 winsorised points: log-transformed instead",
                             code, info.skew, info.kurt);
        }
        if (st != CE_OK)
            st = ce_error_nomem(err);
    }
    free(hit);
    return st;
}

/* The aggregation method of every group: the profile's `aggregate`, else
 * --aggregate. Returns whether geometric or harmonic is used anywhere. */
static ce_status choose_methods(const ce_profile *p, const ce_pipeline_options *o,
                                ce_agg_method *methods, int *needs_positive, ce_error *err)
{
    size_t n_nodes = ce_profile_node_count(p);
    *needs_positive = o->aggregate == CE_AGG_GEOMETRIC || o->aggregate == CE_AGG_HARMONIC;
    for (size_t k = 0; k < n_nodes; k++) {
        const ce_node *nd = ce_profile_node(p, k);
        methods[k] = o->aggregate;
        if (nd->n_children == 0 || !nd->aggregate[0])
            continue;
        if (ce_agg_method_parse(nd->aggregate, &methods[k]) != 0)
            return ce_error_set(err, CE_ERR_DATA, ce_profile_path(p), nd->line,
                                "column \"aggregate\": \"%s\" is not arithmetic, geometric, "
                                "harmonic, topsis or copeland",
                                nd->aggregate);
        *needs_positive |= methods[k] == CE_AGG_GEOMETRIC || methods[k] == CE_AGG_HARMONIC;
    }
    return CE_OK;
}

/* 5. Normalise with the profile's targets and goalposts. */
static ce_status normalise(const ce_profile *p, const ce_pipeline_options *o, int needs_positive,
                           stages *sg, size_t rows, size_t n_leaves, double *out, ce_error *err)
{
    const size_t *leaves = ce_profile_leaves(p, &n_leaves);
    int *direction = malloc((n_leaves ? n_leaves : 1) * sizeof *direction);
    double *par = malloc(3 * (n_leaves ? n_leaves : 1) * sizeof *par);
    if (!direction || !par) {
        free(direction);
        free(par);
        return ce_error_nomem(err);
    }
    for (size_t j = 0; j < n_leaves; j++) {
        const ce_node *nd = ce_profile_node(p, leaves[j]);
        direction[j] = nd->direction;
        par[j] = nd->target;
        par[n_leaves + j] = nd->lo;
        par[2 * n_leaves + j] = nd->hi;
    }
    ce_normalize_options no = o->normalize;
    if (needs_positive && no.method == CE_NORMALIZE_MINMAX && !o->range_given)
        no.lo = 1; /* geometric and harmonic means need positive values */
    size_t bad = 0;
    /* Without screening every row is active: NULL takes the fast min-max path. */
    const unsigned char *active = o->min_coverage > 0 ? sg->active : NULL;
    ce_status st = ce_normalize_matrix(sg->x, rows, n_leaves, active, direction, par,
                                       par + n_leaves, par + 2 * n_leaves, &no, out, sg->flags,
                                       &bad);
    if (st == CE_ERR_DATA) {
        const ce_node *nd = ce_profile_node(p, leaves[bad]);
        if (no.method == CE_NORMALIZE_SUM)
            st = ce_error_set(err, CE_ERR_DATA, ce_profile_path(p), nd->line,
                              "indicator \"%s\" has a value <= 0, which --normalize sum cannot "
                              "take", nd->code);
        else
            st = ce_error_set(err, CE_ERR_DATA, ce_profile_path(p), nd->line,
                              "indicator \"%s\" needs %s in the profile for --normalize %s",
                              nd->code,
                              no.method == CE_NORMALIZE_GOALPOST ? "distinct lo and hi goalposts"
                                                                 : "a target",
                              ce_normalize_method_name(no.method));
    } else if (st != CE_OK) {
        st = ce_error_nomem(err);
    }
    free(direction);
    free(par);
    return st;
}

static void stages_free(stages *sg)
{
    free(sg->work);
    free(sg->active);
    free(sg->imputed);
    free(sg->zeroed);
    free(sg->worsted);
    free(sg->dim_missing);
    free(sg->rule);
    free(sg->treated);
    free(sg->no_den);
    free(sg->flags);
    free(sg->methods);
}

/* The missing-value rule of every indicator, as missing.h orders the
 * sources; *any_fill: some rule changes the data before normalisation
 * (zero or an imputation). A bad `missing` cell is CE_ERR_DATA at its
 * line of the profile. */
static ce_status resolve_rules(const ce_profile *p, const ce_pipeline_options *o,
                               ce_missing_rule *rule, int *any_fill, ce_diag *diag,
                               ce_error *err)
{
    size_t n_nodes = ce_profile_node_count(p), n_leaves, line;
    const size_t *leaves = ce_profile_leaves(p, &n_leaves);
    ce_missing_rule cli = o->missing, fallback = {CE_MISSING_WORST, CE_IMPUTE_NONE};
    if (o->impute != CE_IMPUTE_NONE)
        cli = (ce_missing_rule){CE_MISSING_IMPUTE, o->impute};
    char names[160], q[256];
    const char *text = ce_profile_missing_default(p, &line);
    if (text[0] && ce_missing_rule_parse(text, &fallback, NULL) != 0)
        return ce_error_set(err, CE_ERR_DATA, ce_profile_path(p), line,
                            "column \"missing\": \"%s\" is not %s (the group imputations "
                            "need their column: give them with --missing)",
                            ce_error_quote(text, strlen(text), q, sizeof q),
                            ce_missing_rule_list(names, sizeof names));
    if (cli.kind != CE_MISSING_UNSET)
        fallback = cli;
    for (size_t k = 0; k < n_nodes; k++) {
        const ce_node *nd = ce_profile_node(p, k);
        ce_missing_rule r;
        if (nd->missing[0] && ce_missing_rule_parse(nd->missing, &r, NULL) != 0)
            return ce_error_set(err, CE_ERR_DATA, ce_profile_path(p), nd->line,
                                "column \"missing\": \"%s\" is not %s (the group imputations "
                                "need their column: give them with --missing)",
                                ce_error_quote(nd->missing, strlen(nd->missing), q, sizeof q),
                                ce_missing_rule_list(names, sizeof names));
    }
    *any_fill = 0;
    for (size_t j = 0; j < n_leaves; j++) {
        size_t k = leaves[j];
        while (k != CE_NO_PARENT && !ce_profile_node(p, k)->missing[0])
            k = ce_profile_node(p, k)->parent;
        rule[j] = fallback;
        if (k != CE_NO_PARENT)
            ce_missing_rule_parse(ce_profile_node(p, k)->missing, &rule[j], NULL);
        *any_fill |= rule[j].kind == CE_MISSING_ZERO || rule[j].kind == CE_MISSING_IMPUTE;
        const ce_node *nd = ce_profile_node(p, leaves[j]);
        if (rule[j].kind == CE_MISSING_ZERO && nd->direction < 0 &&
            ce_diag_add(diag, "indicator \"%s\": less is better, so the missing-value rule "
                              "zero reads a missing value as 0, the best value",
                        nd->code) != CE_OK)
            return ce_error_nomem(err);
    }
    return CE_OK;
}

/* Marks in dim_missing (rows x dimensions) the dimensions of which a row
 * has no indicator value in x, and takes such rows out of the award
 * candidates. Indicators that no row reports (left out for everyone, with
 * a warning) do not count: a dimension made only of them is missing for
 * no one. Returns -1 when out of memory. */
static int dimensions_missing(const ce_profile *p, const double *x, size_t rows,
                              unsigned char *dim_missing, unsigned char *candidate)
{
    size_t n_leaves, n_dims;
    const size_t *leaves = ce_profile_leaves(p, &n_leaves);
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    size_t *dim_of = malloc((n_leaves + 1) * sizeof *dim_of);
    unsigned char *reported = calloc(n_leaves + 1, 1), *counts = calloc(n_dims + 1, 1);
    if (!dim_of || !reported || !counts) {
        free(dim_of);
        free(reported);
        free(counts);
        return -1;
    }
    for (size_t j = 0; j < n_leaves; j++) {
        for (size_t i = 0; i < rows && !reported[j]; i++)
            reported[j] = !isnan(x[i * n_leaves + j]);
        size_t k = leaves[j];
        while (ce_profile_node(p, k)->parent != CE_NO_PARENT)
            k = ce_profile_node(p, k)->parent;
        dim_of[j] = 0;
        while (dim_of[j] < n_dims && dims[dim_of[j]] != k)
            dim_of[j]++;
        counts[dim_of[j]] |= reported[j];
    }
    for (size_t i = 0; i < rows; i++) {
        unsigned char *dm = dim_missing + i * n_dims;
        memcpy(dm, counts, n_dims); /* a dimension nobody reports is no one's loss */
        for (size_t j = 0; j < n_leaves; j++)
            if (!isnan(x[i * n_leaves + j]))
                dm[dim_of[j]] = 0;
        for (size_t d = 0; d < n_dims; d++)
            if (dm[d])
                candidate[i] = 0;
    }
    free(dim_of);
    free(reported);
    free(counts);
    return 0;
}

/* 5b. The rule worst: every missing normalised value of an active row gets
 * the lowest score the method gives the indicator (missing.h). A row with
 * no value at all (coverage 0) is left alone: it stays unranked ("no
 * indicator value"), as under every other rule. */
static void score_worst(const ce_pipeline_options *o, int needs_positive, stages *sg,
                        const double *coverage, size_t rows, size_t n_leaves, double *norm)
{
    for (size_t j = 0; j < n_leaves; j++) {
        if (sg->rule[j].kind != CE_MISSING_WORST || sg->flags[j] == CE_NORM_EMPTY)
            continue;
        double worst = INFINITY;
        if (o->normalize.method == CE_NORMALIZE_MINMAX)
            worst = needs_positive && !o->range_given ? 1 : o->normalize.lo;
        else
            for (size_t i = 0; i < rows; i++)
                if (sg->active[i] && norm[i * n_leaves + j] < worst)
                    worst = norm[i * n_leaves + j];
        if (!isfinite(worst))
            continue;
        for (size_t i = 0; i < rows; i++)
            if (sg->active[i] && coverage[i] > 0 && isnan(norm[i * n_leaves + j])) {
                norm[i * n_leaves + j] = worst;
                sg->worsted[i * n_leaves + j] = 1;
            }
    }
}

/* ---- Stages 1-5: the prepared pipeline ---- */

struct ce_prepared {
    const ce_table *t;          /* borrowed */
    const ce_profile *p;        /* borrowed */
    ce_pipeline_options o;      /* a copy; its strings are borrowed */
    size_t rows, n_leaves, n_nodes;
    size_t tie_node;            /* node of --tie-break, or CE_NO_PARENT */
    double *norm;               /* rows x n_leaves */
    double *coverage;           /* rows */
    unsigned char *candidate;   /* rows: eligible and not vetoed */
    unsigned char *fixed;       /* per node: the profile's `aggregate` sets its method */
    double *flat;               /* per leaf: --flatten weights of the profile, or NULL */
    stages sg;                  /* what the stages did, for the notes */
};

void ce_prepared_free(ce_prepared *pp)
{
    if (!pp)
        return;
    stages_free(&pp->sg);
    free(pp->norm);
    free(pp->coverage);
    free(pp->candidate);
    free(pp->fixed);
    free(pp->flat);
    free(pp);
}

size_t ce_prepared_rows(const ce_prepared *pp) { return pp->rows; }
const double *ce_prepared_norm(const ce_prepared *pp) { return pp->norm; }
const unsigned char *ce_prepared_active(const ce_prepared *pp) { return pp->sg.active; }
const double *ce_prepared_coverage(const ce_prepared *pp) { return pp->coverage; }
const ce_agg_method *ce_prepared_methods(const ce_prepared *pp) { return pp->sg.methods; }
const ce_pipeline_options *ce_prepared_options(const ce_prepared *pp) { return &pp->o; }

ce_status ce_pipeline_prepare(const ce_table *t, const ce_profile *p, const ce_pipeline_options *o,
                              ce_prepared **out, ce_diag *diag, ce_error *err)
{
    size_t tie_node = CE_NO_PARENT;
    if (o->tie_break && (tie_node = ce_profile_find(p, o->tie_break)) == CE_NO_PARENT)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0, "--tie-break: no node \"%s\" in %s",
                            o->tie_break, ce_profile_path(p));
    size_t rows = ce_table_rows(t), n_leaves, n_nodes = ce_profile_node_count(p);
    const size_t *leaves = ce_profile_leaves(p, &n_leaves);
    size_t cells = rows * n_leaves + 1;
    ce_prepared *pp = calloc(1, sizeof *pp);
    if (!pp)
        return ce_error_nomem(err);
    size_t n_dims;
    ce_profile_dimensions(p, &n_dims);
    *pp = (ce_prepared){t, p, *o, rows, n_leaves, n_nodes, tie_node,
                        malloc(cells * sizeof(double)), malloc((rows + 1) * sizeof(double)),
                        malloc(rows + 1), calloc(n_nodes + 1, 1),
                        o->flatten ? malloc((n_leaves + 1) * sizeof(double)) : NULL,
                        {0}};
    stages *sg = &pp->sg;
    sg->rule = malloc((n_leaves + 1) * sizeof *sg->rule);
    int any_fill = 0;
    ce_status st = sg->rule ? resolve_rules(p, o, sg->rule, &any_fill, diag, err)
                            : ce_error_nomem(err);
    /* A working copy of the data only when a stage changes it. */
    int changes = any_fill || o->treat != CE_TREAT_NONE || ce_table_denominator_count(t) > 0;
    int has_den = ce_table_denominator_count(t) > 0;
    sg->work = changes ? malloc(cells * sizeof(double)) : NULL;
    sg->x = ce_table_values(t);
    sg->active = malloc(rows + 1);
    sg->imputed = calloc(cells, 1);
    sg->zeroed = calloc(cells, 1);
    sg->worsted = calloc(cells, 1);
    sg->dim_missing = calloc(rows * n_dims + 1, 1);
    sg->treated = o->treat != CE_TREAT_NONE ? calloc(cells, 1) : NULL;
    sg->no_den = has_den ? calloc(cells, 1) : NULL;
    sg->flags = malloc((n_leaves + 1) * sizeof(ce_norm_flag));
    sg->methods = malloc((n_nodes + 1) * sizeof(ce_agg_method));
    if (st == CE_OK &&
        !(pp->norm && pp->coverage && pp->candidate && pp->fixed && (pp->flat || !o->flatten) &&
          (sg->work || !changes) && sg->active && sg->imputed && sg->zeroed && sg->worsted &&
          sg->dim_missing && (sg->treated || o->treat == CE_TREAT_NONE) &&
          (sg->no_den || !has_den) && sg->flags && sg->methods))
        st = ce_error_nomem(err);
    int needs_positive = 0;
    if (st == CE_OK)
        st = choose_methods(p, o, sg->methods, &needs_positive, err);
    for (size_t k = 0; st == CE_OK && k < n_nodes; k++) {
        const ce_node *nd = ce_profile_node(p, k);
        pp->fixed[k] = nd->n_children > 0 && nd->aggregate[0];
    }
    if (st == CE_OK && o->flatten)
        st = ce_aggregate_effective_weights(p, pp->flat, err);

    /* 1. Denominate; 2. screen on the coverage of the data as given. */
    if (st == CE_OK && changes) {
        memcpy(sg->work, ce_table_values(t), rows * n_leaves * sizeof(double));
        sg->x = sg->work;
        st = ce_pipeline_denominate(t, p, sg->work, sg->no_den, err);
    }
    for (size_t i = 0; st == CE_OK && i < rows; i++) {
        size_t present = 0;
        for (size_t j = 0; j < n_leaves; j++)
            present += !isnan(sg->x[i * n_leaves + j]);
        pp->coverage[i] = n_leaves ? (double)present / (double)n_leaves : 0;
        sg->active[i] = !(pp->coverage[i] < o->min_coverage);
        pp->candidate[i] = ce_table_eligible(t, i) && !ce_table_veto(t, i);
    }
    if (st == CE_OK && dimensions_missing(p, sg->x, rows, sg->dim_missing, pp->candidate) != 0)
        st = ce_error_nomem(err);

    /* 3. Impute; 4. treat; 5. normalise. */
    if (st == CE_OK)
        st = impute(t, o, sg, rows, n_leaves, err);
    if (st == CE_OK)
        st = treat(o, sg, rows, n_leaves, p, diag, err);
    if (st == CE_OK)
        st = normalise(p, o, needs_positive, sg, rows, n_leaves, pp->norm, err);
    if (st == CE_OK)
        score_worst(o, needs_positive, sg, pp->coverage, rows, n_leaves, pp->norm);
    for (size_t j = 0; st == CE_OK && j < n_leaves; j++) {
        const char *code = ce_profile_node(p, leaves[j])->code;
        if (sg->flags[j] == CE_NORM_CONSTANT && o->normalize.method == CE_NORMALIZE_MINMAX)
            st = ce_diag_add(diag, "indicator \"%s\" has the same value for every cluster: "
                                   "each gets %g", code, o->normalize.hi);
        else if (sg->flags[j] == CE_NORM_CONSTANT)
            st = ce_diag_add(diag, "indicator \"%s\" has the same value for every cluster: "
                                   "each gets the same score", code);
        else if (sg->flags[j] == CE_NORM_EMPTY)
            st = ce_diag_add(diag, "indicator \"%s\" has no value for any cluster: it is left "
                                   "out", code);
        if (st != CE_OK)
            st = ce_error_nomem(err);
    }
    if (st != CE_OK) {
        ce_prepared_free(pp);
        return st;
    }
    *out = pp;
    return CE_OK;
}

/* ---- Stages 6-8 on a prepared pipeline ---- */

struct ce_pipeline_ws {
    const ce_profile *p;    /* the shape it was made for */
    size_t rows;
    ce_agg_workspace *agg;
    double *nodes;          /* rows x n_nodes: node scores of the last call */
    double *flat;           /* per leaf: --flatten weights of a draw */
    double *share;          /* per node: room for ce_aggregate_effective_weights_of */
    ce_agg_method *methods; /* per node: methods under an --aggregate override */
    double *tiebreak;       /* rows: the --tie-break node's scores */
    size_t *scratch;        /* 2 x rows: for ce_rank_competition_ws and ce_award_assign_ws */
};

void ce_pipeline_ws_free(ce_pipeline_ws *ws)
{
    if (!ws)
        return;
    ce_agg_workspace_free(ws->agg);
    free(ws->nodes);
    free(ws->flat);
    free(ws->share);
    free(ws->methods);
    free(ws->tiebreak);
    free(ws->scratch);
    free(ws);
}

ce_pipeline_ws *ce_pipeline_ws_new(const ce_prepared *pp)
{
    ce_pipeline_ws *ws = calloc(1, sizeof *ws);
    if (!ws)
        return NULL;
    size_t rows = pp->rows ? pp->rows : 1;
    ws->p = pp->p;
    ws->rows = pp->rows;
    ws->agg = ce_agg_workspace_new(pp->p, pp->rows);
    ws->nodes = malloc(rows * (pp->n_nodes + 1) * sizeof *ws->nodes);
    ws->flat = malloc((pp->n_leaves + 1) * sizeof *ws->flat);
    ws->share = malloc((pp->n_nodes + 1) * sizeof *ws->share);
    ws->methods = malloc((pp->n_nodes + 1) * sizeof *ws->methods);
    ws->tiebreak = malloc(rows * sizeof *ws->tiebreak);
    ws->scratch = malloc(2 * rows * sizeof *ws->scratch);
    if (!ws->agg || !ws->nodes || !ws->flat || !ws->share || !ws->methods || !ws->tiebreak ||
        !ws->scratch) {
        ce_pipeline_ws_free(ws);
        return NULL;
    }
    return ws;
}

const double *ce_pipeline_ws_nodes(const ce_pipeline_ws *ws) { return ws->nodes; }

/* 6. Aggregate with node weights (NULL = the profile's) and an --aggregate
 * override (NULL = as prepared); a non-positive value under
 * geometric/harmonic is an error naming the cluster. */
static ce_status aggregate(const ce_prepared *pp, const double *node_weights,
                           const ce_agg_method *override, ce_pipeline_ws *ws, double *nodes,
                           double *composite, ce_error *err)
{
    const ce_profile *p = pp->p;
    const ce_table *t = pp->t;
    const ce_agg_method *methods = pp->sg.methods;
    ce_agg_method root = pp->o.aggregate;
    if (override && *override != root) {
        for (size_t k = 0; k < pp->n_nodes; k++)
            ws->methods[k] = pp->fixed[k] ? pp->sg.methods[k] : *override;
        methods = ws->methods;
        root = *override;
    }
    const double *flat = NULL;
    if (pp->o.flatten && node_weights) {
        ce_aggregate_effective_weights_of(p, node_weights, ws->flat, ws->share);
        flat = ws->flat;
    } else if (pp->o.flatten) {
        flat = pp->flat;
    }
    ce_agg_error where;
    ce_status st = ce_aggregate_tree_ws(p, methods, root, node_weights, flat, pp->norm, pp->rows,
                                        pp->sg.active, nodes, composite, &where, ws->agg);
    if (st == CE_ERR_DATA) {
        const char *agg = where.node == CE_NO_PARENT ? "the composite"
                                                     : ce_profile_node(p, where.node)->code;
        ce_agg_method m = where.node == CE_NO_PARENT ? root : methods[where.node];
        return ce_error_set(err, CE_ERR_DATA, ce_table_path(t), ce_table_line(t, where.row),
                            "cluster \"%s\": \"%s\" is %g after normalisation, but the %s "
                            "aggregation of %s needs positive values (use --normalize minmax, "
                            "whose range then starts at 1)",
                            ce_table_id(t, where.row), ce_profile_node(p, where.child)->code,
                            where.value, ce_agg_method_name(m), agg);
    }
    if (st == CE_ERR_USAGE)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                            "pipeline workspace made for another profile or table");
    return st == CE_OK ? CE_OK : ce_error_nomem(err);
}

ce_status ce_pipeline_score(const ce_prepared *pp, const double *node_weights,
                            const ce_agg_method *aggregate_override, ce_pipeline_ws *ws,
                            double *composite, size_t *rank, ce_award *award, ce_error *err)
{
    if (ws->p != pp->p || ws->rows != pp->rows)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                            "pipeline workspace made for another profile or table");
    ce_status st = aggregate(pp, node_weights, aggregate_override, ws, ws->nodes, composite, err);
    if (st != CE_OK)
        return st;
    /* 7. Rank; 8. award. */
    size_t rows = pp->rows;
    ce_rank_competition_ws(composite, rows, rank, ws->scratch);
    if (award) {
        ce_award_options ao = {pp->o.top, NULL};
        if (pp->tie_node != CE_NO_PARENT) {
            for (size_t i = 0; i < rows; i++)
                ws->tiebreak[i] = ws->nodes[i * pp->n_nodes + pp->tie_node];
            ao.tiebreak = ws->tiebreak;
        }
        ce_award_assign_ws(rank, pp->candidate, rows, &ao, award, NULL, NULL, ws->scratch);
    }
    return CE_OK;
}

ce_status ce_pipeline_run(const ce_table *t, const ce_profile *p, const ce_pipeline_options *o,
                          ce_result **out, ce_diag *diag, ce_error *err)
{
    ce_prepared *pp = NULL;
    ce_status st = ce_pipeline_prepare(t, p, o, &pp, diag, err);
    if (st != CE_OK)
        return st;
    size_t tie_node = pp->tie_node;
    size_t rows = ce_table_rows(t), n_leaves, n_dims, n_nodes = ce_profile_node_count(p);
    ce_profile_leaves(p, &n_leaves);
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    ce_result *r = result_new(rows, n_leaves, n_nodes, n_dims);
    ce_pipeline_ws *ws = ce_pipeline_ws_new(pp);
    double *column = malloc((rows + 1) * sizeof *column);
    size_t *column_rank = malloc((rows + 1) * sizeof *column_rank);
    unsigned char *candidate = malloc(rows + 1), *decided = calloc(rows + 1, 1);
    st = r && ws && column && column_rank && candidate && decided ? CE_OK : ce_error_nomem(err);
    if (st == CE_OK)
        memcpy(r->coverage, pp->coverage, rows * sizeof *r->coverage);

    /* 6. Aggregate; 7. rank the composite and each dimension. */
    if (st == CE_OK)
        st = aggregate(pp, NULL, NULL, ws, r->nodes, r->composite, err);
    if (st == CE_OK && ce_rank_competition(r->composite, rows, r->rank) != CE_OK)
        st = ce_error_nomem(err);
    for (size_t d = 0; st == CE_OK && d < n_dims; d++) {
        for (size_t i = 0; i < rows; i++)
            column[i] = r->nodes[i * n_nodes + dims[d]];
        if (ce_rank_competition(column, rows, column_rank) != CE_OK)
            st = ce_error_nomem(err);
        for (size_t i = 0; st == CE_OK && i < rows; i++)
            r->dim_rank[i * n_dims + d] = column_rank[i];
    }

    /* 8. Award. */
    if (st == CE_OK) {
        r->n_ranked = r->n_candidates = 0;
        for (size_t i = 0; i < rows; i++) {
            candidate[i] = r->rank[i] > 0 && pp->candidate[i];
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

    /* Amounts, the output order and the notes. */
    if (st == CE_OK) {
        for (size_t i = 0; i < rows; i++) {
            r->amount[i] = r->award[i] == CE_AWARD_YES ? o->award_amount : 0;
            r->order[i] = i;
        }
        output_order ctx = {t, r->rank};
        qsort_r(r->order, rows, sizeof *r->order, cmp_output, &ctx);
        st = write_notes(r, t, p, &pp->sg, pp->norm, o, decided, err);
    }
    if (st == CE_OK) { /* the result takes the normalised matrix */
        double *norm = r->norm;
        r->norm = pp->norm;
        pp->norm = norm;
    }
    ce_pipeline_ws_free(ws);
    ce_prepared_free(pp);
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
