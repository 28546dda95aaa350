/* audit_csv.c - see audit_csv.h. */
#include "clustereval/audit_csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/csvio.h"
#include "clustereval/table_writer.h"

static const char *parent_code(const ce_profile *p, size_t node)
{
    size_t parent = ce_profile_node(p, node)->parent;
    return parent == CE_NO_PARENT ? "" : ce_profile_node(p, parent)->code;
}

/* Starts an audit table on out; *tw NULL on failure. */
static ce_status start(FILE *out, int bom, size_t n_cols, const ce_tw_column *cols, ce_tw **tw,
                       ce_error *err)
{
    ce_tw_sinks sinks = {.csv = out, .bom = bom, .csv_lang = CE_LANG_EN, .what = "audit"};
    *tw = NULL;
    ce_status st = ce_tw_open(&sinks, tw, err);
    if (st == CE_OK)
        st = ce_tw_header(*tw, "audit", n_cols, cols, err);
    return st;
}

#define N_OF(a) (sizeof(a) / sizeof *(a))

static const ce_tw_column indicator_cols[] = {
    {"code", CE_TW_TEXT},           {"name", CE_TW_TEXT},          {"parent", CE_TW_TEXT},
    {"n", CE_TW_INTEGER},           {"missing_share", CE_TW_NUMBER}, {"min", CE_TW_NUMBER},
    {"max", CE_TW_NUMBER},          {"mean", CE_TW_NUMBER},        {"median", CE_TW_NUMBER},
    {"sd", CE_TW_NUMBER},           {"skew", CE_TW_NUMBER},        {"kurt", CE_TW_NUMBER},
    {"unique_share", CE_TW_NUMBER}, {"nonzero_share", CE_TW_NUMBER},
    {"flag_availability", CE_TW_INTEGER}, {"flag_nonzero", CE_TW_INTEGER},
    {"flag_unique", CE_TW_INTEGER}, {"flag_outlier", CE_TW_INTEGER}, {"flags", CE_TW_TEXT}};

ce_status ce_audit_csv_write_indicators(FILE *out, const ce_audit *a, const ce_profile *p,
                                        int bom, ce_error *err)
{
    ce_tw *tw;
    ce_status st = start(out, bom, N_OF(indicator_cols), indicator_cols, &tw, err);
    for (size_t j = 0; st == CE_OK && j < a->n_indicators; j++) {
        const ce_audit_indicator *s = &a->indicators[j];
        const ce_node *nd = ce_profile_node(p, s->node);
        char flags[64];
        ce_tw_text(tw, nd->code);
        ce_tw_text(tw, nd->name);
        ce_tw_text(tw, parent_code(p, s->node));
        ce_tw_integer(tw, (long long)s->n);
        const double v[] = {s->missing_share, s->min,  s->max,  s->mean,         s->median,
                            s->sd,            s->skew, s->kurt, s->unique_share, s->nonzero_share};
        for (size_t c = 0; c < N_OF(v); c++)
            ce_tw_number(tw, v[c], 6);
        ce_tw_integer(tw, !!(s->flags & CE_AUDIT_FLAG_AVAILABILITY));
        ce_tw_integer(tw, !!(s->flags & CE_AUDIT_FLAG_NONZERO));
        ce_tw_integer(tw, !!(s->flags & CE_AUDIT_FLAG_UNIQUE));
        ce_tw_integer(tw, !!(s->flags & CE_AUDIT_FLAG_OUTLIER));
        ce_tw_text(tw, ce_audit_flags_text(s->flags, flags, sizeof flags));
        st = ce_tw_end_row(tw, CE_XLSX_PLAIN, err);
    }
    return ce_tw_close(tw, st, err);
}

ce_status ce_audit_csv_write_clusters(FILE *out, const ce_audit *a, const ce_table *t,
                                      const ce_profile *p, int bom, ce_error *err)
{
    size_t n_dims, room = 1;
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    for (size_t d = 0; d < n_dims; d++)
        room += strlen(ce_profile_node(p, dims[d])->code) + sizeof "; _avail";
    size_t n_cols = 3 + n_dims + 2;
    char *text = malloc(room); /* the low dimensions of a row */
    char *names = malloc(room);  /* the <code>_avail titles, one after another */
    ce_tw_column *cols = malloc(n_cols * sizeof *cols);
    if (!text || !names || !cols) {
        free(text);
        free(names);
        free(cols);
        return ce_error_nomem(err);
    }
    cols[0] = (ce_tw_column){"id", CE_TW_TEXT};
    cols[1] = (ce_tw_column){"name", CE_TW_TEXT};
    cols[2] = (ce_tw_column){"availability", CE_TW_NUMBER};
    size_t used = 0;
    for (size_t d = 0; d < n_dims; d++) {
        int n = snprintf(names + used, room - used, "%s_avail", ce_profile_node(p, dims[d])->code);
        cols[3 + d] = (ce_tw_column){names + used, CE_TW_NUMBER};
        used += (size_t)n + 1;
    }
    cols[3 + n_dims] = (ce_tw_column){"flag_low_availability", CE_TW_INTEGER};
    cols[4 + n_dims] = (ce_tw_column){"low_dimensions", CE_TW_TEXT};
    ce_tw *tw;
    ce_status st = start(out, bom, n_cols, cols, &tw, err);
    for (size_t i = 0; st == CE_OK && i < a->rows; i++) {
        const ce_audit_cluster *c = &a->clusters[i];
        const double *share = a->dim_availability + i * n_dims;
        ce_tw_text(tw, ce_table_id(t, i));
        ce_tw_text(tw, ce_table_name(t, i));
        ce_tw_number(tw, c->availability, 6);
        size_t len = 0;
        text[0] = '\0';
        for (size_t d = 0; d < n_dims; d++) {
            ce_tw_number(tw, share[d], 6);
            if (share[d] < a->options.min_cluster_availability)
                len += (size_t)snprintf(text + len, room - len, "%s%s", len ? "; " : "",
                                        ce_profile_node(p, dims[d])->code);
        }
        ce_tw_integer(tw, c->low);
        ce_tw_text(tw, text);
        st = ce_tw_end_row(tw, CE_XLSX_PLAIN, err);
    }
    st = ce_tw_close(tw, st, err);
    free(cols);
    free(names);
    free(text);
    return st;
}

static const ce_tw_column dimension_cols[] = {
    {"code", CE_TW_TEXT},       {"name", CE_TW_TEXT},       {"level", CE_TW_INTEGER},
    {"parent", CE_TW_TEXT},     {"children", CE_TW_INTEGER}, {"min_pairs", CE_TW_INTEGER},
    {"alpha", CE_TW_NUMBER},    {"pc1_share", CE_TW_NUMBER}, {"note", CE_TW_TEXT}};

ce_status ce_audit_csv_write_dimensions(FILE *out, const ce_audit *a, const ce_profile *p,
                                        int bom, ce_error *err)
{
    ce_tw *tw;
    ce_status st = start(out, bom, N_OF(dimension_cols), dimension_cols, &tw, err);
    for (size_t g = 0; st == CE_OK && g < a->n_groups; g++) {
        const ce_audit_group *grp = &a->groups[g];
        if (grp->node == CE_AUDIT_COMPOSITE) {
            ce_tw_text(tw, "composite");
            ce_tw_text(tw, "composite index");
            ce_tw_integer(tw, 0);
            ce_tw_empty(tw);
        } else {
            const ce_node *nd = ce_profile_node(p, grp->node);
            ce_tw_text(tw, nd->code);
            ce_tw_text(tw, nd->name);
            ce_tw_integer(tw, (long long)grp->level);
            ce_tw_text(tw, parent_code(p, grp->node));
        }
        ce_tw_integer(tw, (long long)grp->k);
        if (grp->k >= 2)
            ce_tw_integer(tw, (long long)grp->min_pairs);
        else
            ce_tw_empty(tw);
        ce_tw_number(tw, grp->alpha, 6);
        ce_tw_number(tw, grp->pc1_share, 6);
        ce_tw_text(tw, grp->note);
        st = ce_tw_end_row(tw, CE_XLSX_PLAIN, err);
    }
    return ce_tw_close(tw, st, err);
}

static const ce_tw_column correlation_cols[] = {
    {"code", CE_TW_TEXT},           {"name", CE_TW_TEXT},          {"parent", CE_TW_TEXT},
    {"r_parent", CE_TW_NUMBER},     {"n_parent", CE_TW_INTEGER},   {"r_composite", CE_TW_NUMBER},
    {"n_composite", CE_TW_INTEGER}, {"flag_negative", CE_TW_INTEGER}};

ce_status ce_audit_csv_write_correlations(FILE *out, const ce_audit *a, const ce_profile *p,
                                          int bom, ce_error *err)
{
    ce_tw *tw;
    ce_status st = start(out, bom, N_OF(correlation_cols), correlation_cols, &tw, err);
    for (size_t j = 0; st == CE_OK && j < a->n_indicators; j++) {
        const ce_audit_correlation *c = &a->correlations[j];
        const ce_node *nd = ce_profile_node(p, c->node);
        ce_tw_text(tw, nd->code);
        ce_tw_text(tw, nd->name);
        ce_tw_text(tw, parent_code(p, c->node));
        ce_tw_number(tw, c->r_parent, 6);
        ce_tw_integer(tw, (long long)c->n_parent);
        ce_tw_number(tw, c->r_composite, 6);
        ce_tw_integer(tw, (long long)c->n_composite);
        ce_tw_integer(tw, c->negative);
        st = ce_tw_end_row(tw, CE_XLSX_PLAIN, err);
    }
    return ce_tw_close(tw, st, err);
}

static const ce_tw_column pair_cols[] = {{"code_a", CE_TW_TEXT},
                                         {"code_b", CE_TW_TEXT},
                                         {"r", CE_TW_NUMBER},
                                         {"pairs", CE_TW_INTEGER},
                                         {"same_parent", CE_TW_INTEGER}};

ce_status ce_audit_csv_write_pairs(FILE *out, const ce_audit *a, const ce_profile *p, int bom,
                                   ce_error *err)
{
    ce_tw *tw;
    ce_status st = start(out, bom, N_OF(pair_cols), pair_cols, &tw, err);
    for (size_t k = 0; st == CE_OK && k < a->n_pairs; k++) {
        const ce_audit_pair *pr = &a->pairs[k];
        ce_tw_text(tw, ce_profile_node(p, pr->a)->code);
        ce_tw_text(tw, ce_profile_node(p, pr->b)->code);
        ce_tw_number(tw, pr->r, 6);
        ce_tw_integer(tw, (long long)pr->pairs);
        ce_tw_integer(tw, pr->same_parent);
        st = ce_tw_end_row(tw, CE_XLSX_PLAIN, err);
    }
    return ce_tw_close(tw, st, err);
}
