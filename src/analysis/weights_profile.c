/* weights_profile.c - reweighting a whole profile (ce_weights_profile,
 * weights.h): each group's inputs gathered from the data, weighed by one
 * method of weights.c, and the weights stored back into the profile. */
#include "clustereval/weights.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/aggregate.h"
#include "clustereval/normalize.h"
#include "clustereval/pipeline.h"
#include "weights_private.h"

typedef struct {
    ce_profile *p;
    const ce_table *t;
    const ce_weights_plan *plan;
    ce_diag *diag;
    size_t rows, n_leaves, n_nodes;
    const double *values; /* rows x n_leaves, denominated when the profile says so */
    double *denominated;  /* owned copy behind values, or NULL */
    double *norm;         /* rows x n_leaves, min-max 0..100 (group scope) */
    double *scores;       /* rows x n_nodes (group scope) */
    double *composite;    /* rows */
    /* scratch for one group: */
    double *x;            /* rows x k */
    int *dir;
    const char **names, **row_names;
} weigher;

static const char *group_label(const ce_profile *p, size_t node)
{
    return node == CE_NO_PARENT ? "composite" : ce_profile_node(p, node)->code;
}

/* What messages about a group start with: group "X", or all indicators
 * (flat). */
static const char *subject(const weigher *wg, size_t node, char *buf, size_t cap)
{
    if (wg->plan->scope == CE_WEIGHTS_SCOPE_FLAT)
        return "all indicators (flat)";
    snprintf(buf, cap, "group \"%s\"", group_label(wg->p, node));
    return buf;
}

/* Rewrites a method's error as "group "X": message" about the data file. */
static ce_status group_error(const weigher *wg, size_t node, ce_status st, ce_error *err)
{
    if (st == CE_ERR_IO || !err)
        return st;
    char who[300];
    ce_error_prefix(err, "%s: ", subject(wg, node, who, sizeof who));
    ce_error_set_file(err, ce_table_path(wg->t), 0);
    return st;
}

static ce_status group_alloc(ce_weights_group *g, size_t node, const size_t *inputs, size_t n,
                             ce_error *err)
{
    memset(g, 0, sizeof *g);
    g->node = node;
    g->n = n;
    g->inputs = malloc(n * sizeof *g->inputs);
    g->weight = malloc(n * sizeof *g->weight);
    g->before = malloc(n * sizeof *g->before);
    g->col = malloc(n * sizeof *g->col);
    if (!g->inputs || !g->weight || !g->before || !g->col)
        return ce_error_nomem(err);
    memcpy(g->inputs, inputs, n * sizeof *inputs);
    ce_weights_column_reset(g->col, n);
    ce_weights_info_reset(&g->info);
    g->ahp.lambda_max = g->ahp.ci = g->ahp.ri = g->ahp.cr = NAN;
    return CE_OK;
}

/* The current weights of the inputs, rescaled to sum 1. */
static void current_weights(const ce_profile *p, const size_t *inputs, size_t n, double *w)
{
    double sum = 0, max = 0;
    for (size_t k = 0; k < n; k++)
        max = fmax(max, ce_profile_node(p, inputs[k])->weight);
    int shift = ce_profile_weight_shift(max); /* exact: no sum overflows */
    for (size_t k = 0; k < n; k++)
        sum += ldexp(ce_profile_node(p, inputs[k])->weight, shift);
    for (size_t k = 0; k < n; k++)
        w[k] = sum > 0 ? ldexp(ce_profile_node(p, inputs[k])->weight, shift) / sum : 0;
}

/* Writes the weights of one group into the profile: the positive ones
 * first, so the group never has all weights zero on the way. */
static ce_status store_weights(ce_profile *p, const size_t *nodes, size_t n, const double *w,
                               ce_error *err)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < n; k++) {
            if ((w[k] > 0) != (pass == 0))
                continue;
            ce_status st = ce_profile_set_weight(p, ce_profile_node(p, nodes[k])->code, w[k],
                                                 NULL, err);
            if (st != CE_OK)
                return st;
        }
    return CE_OK;
}

/* The rows with every input present, copied into wg->x; warns about the
 * others. */
static ce_status gather(weigher *wg, ce_weights_group *g, ce_weights_matrix *m, ce_error *err)
{
    size_t k = g->n, used = 0, left = 0;
    for (size_t c = 0; c < k; c++) {
        const ce_node *nd = ce_profile_node(wg->p, g->inputs[c]);
        wg->dir[c] = nd->n_children ? 1 : nd->direction;
        wg->names[c] = nd->code;
    }
    char ids[256] = "";
    size_t id_len = 0;
    for (size_t i = 0; i < wg->rows; i++) {
        double *row = wg->x + used * k;
        int complete = 1;
        for (size_t c = 0; c < k && complete; c++) {
            const ce_node *nd = ce_profile_node(wg->p, g->inputs[c]);
            row[c] = nd->n_children ? wg->scores[i * wg->n_nodes + g->inputs[c]]
                                    : wg->values[i * wg->n_leaves + nd->leaf];
            complete = !isnan(row[c]);
        }
        if (complete) {
            wg->row_names[used++] = ce_table_id(wg->t, i);
            continue;
        }
        if (left < 5) {
            int n = snprintf(ids + id_len, sizeof ids - id_len, "%s%s", left ? ", " : "",
                             ce_table_id(wg->t, i));
            if (n > 0 && id_len + (size_t)n < sizeof ids)
                id_len += (size_t)n;
        }
        left++;
    }
    g->rows_used = used;
    g->rows_left_out = left;
    char who[300];
    if (left && ce_diag_add(wg->diag, "%s: %zu of %zu clusters left out for missing values "
                                      "(%s%s)",
                            subject(wg, g->node, who, sizeof who), left, wg->rows, ids,
                            left > 5 ? ", ..." : "") != CE_OK)
        return ce_error_nomem(err);
    if (used < 2)
        return group_error(wg, g->node,
                           ce_error_set(err, CE_ERR_DATA, NULL, 0,
                                        "only %zu cluster%s every input present; at least 2 "
                                        "are needed to compute weights",
                                        used, used == 1 ? " has" : "s have"),
                           err);
    m->x = wg->x;
    m->rows = used;
    m->cols = k;
    m->direction = wg->dir;
    m->names = wg->names;
    m->row_names = wg->row_names;
    return CE_OK;
}

/* Warnings about what the method found. */
static ce_status report_findings(weigher *wg, const ce_weights_group *g, ce_error *err)
{
    char buf[300];
    const char *who = subject(wg, g->node, buf, sizeof buf);
    ce_status st = CE_OK;
    for (size_t c = 0; c < g->n && st == CE_OK; c++) {
        const char *code = ce_profile_node(wg->p, g->inputs[c])->code;
        if (g->col[c].constant)
            st = ce_diag_add(wg->diag, "%s: \"%s\" is constant over the %zu clusters used: "
                                       "%s weight 0",
                             who, code, g->rows_used, ce_weights_method_name(wg->plan->method));
        else if (g->col[c].loading < -CE_WEIGHTS_LOADING_TINY)
            st = ce_diag_add(wg->diag, "%s: \"%s\" loads negatively on PC1 (%.6f): weight set "
                                       "to 0",
                             who, code, g->col[c].loading);
    }
    if (st == CE_OK && wg->plan->method == CE_WEIGHTS_PCA && g->n > 1 &&
        g->info.lambda1 - g->info.lambda2 <= 1e-9 * g->info.lambda1)
        st = ce_diag_add(wg->diag, "%s: the two largest eigenvalues are equal (%.6f): PC1 and "
                                   "its weights are not unique",
                         who, g->info.lambda1);
    return st == CE_OK ? CE_OK : ce_error_nomem(err);
}

/* AHP for one group from the judgements. */
static ce_status ahp_group_weights(weigher *wg, ce_weights_group *g, ce_error *err)
{
    const ce_ahp_judgements *j = wg->plan->ahp;
    const char *ahp_path = ce_weights_ahp_path(j);
    size_t n;
    const double *a = ce_weights_ahp_matrix(j, g->node, &n, &g->ahp_line);
    const char *label = group_label(wg->p, g->node);
    if (!a) { /* reported once for all such groups by group_scope */
        g->how = CE_WEIGHTS_KEPT;
        memcpy(g->weight, g->before, g->n * sizeof *g->weight);
        return CE_OK;
    }
    ce_status st = ce_weights_ahp(a, n, g->weight, &g->ahp, err);
    if (st != CE_OK) {
        if (st == CE_ERR_IO || !err)
            return st;
        ce_error_prefix(err, "group \"%s\": ", label);
        ce_error_set_file(err, ahp_path, g->ahp_line);
        return st;
    }
    if (g->ahp.cr >= CE_AHP_CR_LIMIT) {
        if (!wg->plan->allow_inconsistent)
            return ce_error_set(err, CE_ERR_DATA, ahp_path, g->ahp_line,
                                "group \"%s\": the judgements are inconsistent: CR = %.4f >= "
                                "%.1f (lambda_max = %.4f, CI = %.4f, RI = %.2f); revise them or "
                                "use --allow-inconsistent",
                                label, g->ahp.cr, CE_AHP_CR_LIMIT, g->ahp.lambda_max, g->ahp.ci,
                                g->ahp.ri);
        if (ce_diag_add(wg->diag, "%s:%zu: group \"%s\": inconsistent judgements accepted: CR = "
                                  "%.4f >= %.1f", ahp_path, g->ahp_line, label, g->ahp.cr,
                        CE_AHP_CR_LIMIT) != CE_OK)
            return ce_error_nomem(err);
    }
    return CE_OK;
}

/* Computes the weights of one group (its inputs already in g). */
static ce_status weigh_group(weigher *wg, ce_weights_group *g, ce_error *err)
{
    const ce_weights_plan *plan = wg->plan;
    if (plan->scope == CE_WEIGHTS_SCOPE_GROUP && g->n == 1) {
        g->how = CE_WEIGHTS_ONE_CHILD;
        g->weight[0] = 1;
        return CE_OK;
    }
    if (plan->method == CE_WEIGHTS_EQUAL) {
        ce_weights_equal(g->n, g->weight);
        return CE_OK;
    }
    if (plan->method == CE_WEIGHTS_AHP)
        return ahp_group_weights(wg, g, err);
    if ((plan->method == CE_WEIGHTS_CRITIC || plan->method == CE_WEIGHTS_PCA) &&
        g->n > CE_WEIGHTS_MAX_CORRELATED) {
        char who[300];
        return ce_error_set(err, CE_ERR_DATA, ce_table_path(wg->t), 0,
                            "%s: %zu inputs: critic and pca need their correlation matrix "
                            "(and pca its eigenvalues), limited to %d inputs per group; use "
                            "--scope group, a smaller group or another method",
                            subject(wg, g->node, who, sizeof who), g->n,
                            CE_WEIGHTS_MAX_CORRELATED);
    }
    ce_weights_matrix m;
    ce_status st = gather(wg, g, &m, err);
    if (st != CE_OK)
        return st;
    st = ce_weights_compute(plan->method, &m, &plan->opt, g->weight, g->col, &g->info, err);
    if (st != CE_OK)
        return group_error(wg, g->node, st, err);
    return report_findings(wg, g, err);
}

static ce_status weigher_init(weigher *wg, ce_profile *p, const ce_table *t,
                              const ce_weights_plan *plan, ce_diag *diag, ce_error *err)
{
    memset(wg, 0, sizeof *wg);
    wg->p = p;
    wg->t = t;
    wg->plan = plan;
    wg->diag = diag;
    wg->rows = ce_table_rows(t);
    wg->n_leaves = ce_table_cols(t);
    wg->n_nodes = ce_profile_node_count(p);
    wg->values = ce_table_values(t);
    if (ce_table_denominator_count(t) > 0) { /* per-capita etc.: as rank sees them */
        size_t cells = wg->rows * wg->n_leaves;
        wg->denominated = malloc((cells ? cells : 1) * sizeof *wg->denominated);
        if (!wg->denominated)
            return ce_error_nomem(err);
        memcpy(wg->denominated, wg->values, cells * sizeof *wg->denominated);
        ce_status st = ce_pipeline_denominate(t, p, wg->denominated, NULL, err);
        if (st != CE_OK)
            return st;
        wg->values = wg->denominated;
    }
    size_t widest = wg->n_leaves, n_dims;
    ce_profile_dimensions(p, &n_dims);
    widest = n_dims > widest ? n_dims : widest;
    for (size_t i = 0; i < wg->n_nodes; i++) {
        size_t k = ce_profile_node(p, i)->n_children;
        widest = k > widest ? k : widest;
    }
    size_t rows = wg->rows ? wg->rows : 1;
    wg->x = malloc(rows * widest * sizeof *wg->x);
    wg->dir = malloc(widest * sizeof *wg->dir);
    wg->names = malloc(widest * sizeof *wg->names);
    wg->row_names = malloc(rows * sizeof *wg->row_names);
    if (!wg->x || !wg->dir || !wg->names || !wg->row_names)
        return ce_error_nomem(err);
    return CE_OK;
}

static void weigher_fini(weigher *wg)
{
    free(wg->denominated);
    free(wg->x);
    free(wg->dir);
    free(wg->names);
    free(wg->row_names);
    free(wg->norm);
    free(wg->scores);
    free(wg->composite);
}

/* Scores of every node by the default pipeline with the current weights:
 * min-max onto 0..100 (once), then the weighted arithmetic mean. */
static ce_status refresh_scores(weigher *wg, ce_error *err)
{
    size_t rows = wg->rows ? wg->rows : 1;
    if (!wg->norm) {
        size_t n;
        const size_t *leaves = ce_profile_leaves(wg->p, &n);
        int *dir = malloc((n ? n : 1) * sizeof *dir);
        wg->norm = malloc(rows * (n ? n : 1) * sizeof *wg->norm);
        wg->scores = malloc(rows * wg->n_nodes * sizeof *wg->scores);
        wg->composite = malloc(rows * sizeof *wg->composite);
        if (!dir || !wg->norm || !wg->scores || !wg->composite) {
            free(dir);
            return ce_error_nomem(err);
        }
        for (size_t k = 0; k < n; k++)
            dir[k] = ce_profile_node(wg->p, leaves[k])->direction;
        ce_status st = ce_normalize_minmax(wg->values, wg->rows, n, dir, 0, 100, wg->norm, NULL);
        free(dir);
        if (st != CE_OK)
            return ce_error_nomem(err);
    }
    if (ce_aggregate_arithmetic(wg->p, wg->norm, wg->rows, wg->scores, wg->composite) != CE_OK)
        return ce_error_nomem(err);
    return CE_OK;
}

static ce_weights_result *result_new(const ce_weights_plan *plan, size_t rows, size_t n_groups)
{
    ce_weights_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->scope = plan->scope;
    r->method = plan->method;
    r->rows = rows;
    r->groups = calloc(n_groups ? n_groups : 1, sizeof *r->groups);
    if (!r->groups) {
        free(r);
        return NULL;
    }
    return r;
}

void ce_weights_result_free(ce_weights_result *r)
{
    if (!r)
        return;
    for (size_t g = 0; g < r->n_groups; g++) {
        free(r->groups[g].inputs);
        free(r->groups[g].weight);
        free(r->groups[g].before);
        free(r->groups[g].col);
    }
    free(r->groups);
    free(r);
}

/* One warning listing the groups AHP left as they were. */
static ce_status report_kept(weigher *wg, const ce_weights_result *res, ce_error *err)
{
    char list[512] = "";
    size_t len = 0, n = 0;
    for (size_t g = 0; g < res->n_groups; g++) {
        if (res->groups[g].how != CE_WEIGHTS_KEPT)
            continue;
        if (len < sizeof list - 1) {
            int k = snprintf(list + len, sizeof list - len, "%s%s", n ? ", " : "",
                             group_label(wg->p, res->groups[g].node));
            len = k < 0 ? len : len + (size_t)k;
            if (len >= sizeof list - 1)
                strcpy(list + sizeof list - 5, "...");
        }
        n++;
    }
    if (n && ce_diag_add(wg->diag, "%zu group%s without judgements in %s keep%s the profile's "
                                   "weights: %s", n, n == 1 ? "" : "s",
                         ce_weights_ahp_path(wg->plan->ahp), n == 1 ? "s" : "", list) != CE_OK)
        return ce_error_nomem(err);
    return CE_OK;
}

static ce_status group_scope(weigher *wg, ce_weights_result *res, ce_error *err)
{
    ce_profile *p = wg->p;
    const size_t *post = ce_profile_postorder(p);
    for (size_t s = 0; s <= wg->n_nodes; s++) {
        size_t node = s < wg->n_nodes ? post[s] : CE_NO_PARENT, k;
        const size_t *kids;
        if (node == CE_NO_PARENT) {
            kids = ce_profile_dimensions(p, &k);
        } else {
            kids = ce_profile_node(p, node)->children;
            k = ce_profile_node(p, node)->n_children;
            if (k == 0)
                continue;
        }
        ce_weights_group *g = &res->groups[res->n_groups++];
        ce_status st = group_alloc(g, node, kids, k, err);
        if (st != CE_OK)
            return st;
        current_weights(p, kids, k, g->before);
        int has_group_child = 0;
        for (size_t c = 0; c < k; c++)
            has_group_child |= ce_profile_node(p, kids[c])->n_children > 0;
        int needs_data = k > 1 && wg->plan->method != CE_WEIGHTS_EQUAL &&
                         wg->plan->method != CE_WEIGHTS_AHP;
        if (needs_data && has_group_child && (st = refresh_scores(wg, err)) != CE_OK)
            return st;
        if ((st = weigh_group(wg, g, err)) != CE_OK)
            return st;
        if ((st = store_weights(p, kids, k, g->weight, err)) != CE_OK)
            return st;
    }
    return report_kept(wg, res, err);
}

static ce_status flat_scope(weigher *wg, ce_weights_result *res, ce_error *err)
{
    ce_profile *p = wg->p;
    size_t n_leaves, n_dims, n = wg->n_nodes;
    const size_t *leaves = ce_profile_leaves(p, &n_leaves);
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    const size_t *post = ce_profile_postorder(p);
    ce_weights_group *g = &res->groups[res->n_groups++];
    ce_status st = group_alloc(g, CE_NO_PARENT, leaves, n_leaves, err);
    if (st != CE_OK)
        return st;
    /* Effective weights before: the product of rescaled weights on the path
     * (eff: room for every node's). */
    double *eff = malloc((n + 1) * sizeof *eff);
    if (!eff)
        return ce_error_nomem(err);
    ce_aggregate_effective_weights_of(p, NULL, g->before, eff);

    if ((st = weigh_group(wg, g, err)) != CE_OK) {
        free(eff);
        return st;
    }
    /* Subtree sums of the flat weights (eff reused), then each node's weight
     * within its parent. */
    for (size_t s = 0; s < n; s++) {
        const ce_node *nd = ce_profile_node(p, post[s]);
        if (nd->n_children == 0) {
            eff[post[s]] = g->weight[nd->leaf];
            continue;
        }
        double sum = 0;
        for (size_t c = 0; c < nd->n_children; c++)
            sum += eff[nd->children[c]];
        eff[post[s]] = sum;
    }
    double *w = malloc((n > 0 ? n : 1) * sizeof *w);
    if (!w) {
        free(eff);
        return ce_error_nomem(err);
    }
    for (size_t s = 0; s <= n && st == CE_OK; s++) {
        size_t node = s < n ? post[s] : CE_NO_PARENT, k;
        const size_t *kids = node == CE_NO_PARENT ? dims : ce_profile_node(p, node)->children;
        k = node == CE_NO_PARENT ? n_dims : ce_profile_node(p, node)->n_children;
        if (k == 0)
            continue;
        double sum = 0;
        for (size_t c = 0; c < k; c++)
            sum += eff[kids[c]];
        for (size_t c = 0; c < k; c++)
            w[c] = sum > 0 ? eff[kids[c]] / sum : 1.0 / (double)k;
        if (!(sum > 0) &&
            ce_diag_add(wg->diag, "group \"%s\": every indicator in it weighs 0: the group "
                                  "weighs 0 and its children get equal weights",
                        group_label(p, node)) != CE_OK)
            st = ce_error_nomem(err);
        if (st == CE_OK)
            st = store_weights(p, kids, k, w, err);
    }
    free(w);
    free(eff);
    return st;
}

ce_status ce_weights_profile(ce_profile *p, const ce_table *t, const ce_weights_plan *plan,
                             ce_weights_result **out, ce_diag *diag, ce_error *err)
{
    if (plan->method == CE_WEIGHTS_AHP && !plan->ahp)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0, "AHP needs a file of judgements");
    if (plan->method == CE_WEIGHTS_AHP && plan->scope == CE_WEIGHTS_SCOPE_FLAT)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                            "AHP compares the children of each group: use the group scope");
    size_t n_nodes = ce_profile_node_count(p);
    ce_weights_result *res = result_new(plan, ce_table_rows(t), n_nodes + 1);
    if (!res)
        return ce_error_nomem(err);
    weigher wg;
    ce_status st = weigher_init(&wg, p, t, plan, diag, err);
    if (st == CE_OK)
        st = plan->scope == CE_WEIGHTS_SCOPE_FLAT ? flat_scope(&wg, res, err)
                                                  : group_scope(&wg, res, err);
    weigher_fini(&wg);
    if (st != CE_OK) {
        ce_weights_result_free(res);
        return st;
    }
    *out = res;
    return CE_OK;
}
