/* aggregate.c - see aggregate.h. */
#include "clustereval/aggregate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

ce_status ce_aggregate_arithmetic(const ce_profile *p, const double *norm, size_t rows,
                                  double *nodes, double *composite)
{
    /* every group arithmetic: CE_AGG_ARITHMETIC is 0 */
    ce_agg_method *methods = calloc(ce_profile_node_count(p) + 1, sizeof *methods);
    if (!methods)
        return CE_ERR_IO;
    ce_status st = ce_aggregate_tree(p, methods, CE_AGG_ARITHMETIC, NULL, norm, rows, NULL, nodes,
                                     composite, NULL);
    free(methods);
    return st;
}

static const char *const method_names[] = {"arithmetic", "geometric", "harmonic", "topsis",
                                           "copeland"};

int ce_agg_method_parse(const char *name, ce_agg_method *out)
{
    for (size_t k = 0; k < sizeof method_names / sizeof method_names[0]; k++)
        if (strcmp(name, method_names[k]) == 0) {
            *out = (ce_agg_method)k;
            return 0;
        }
    return -1;
}

const char *ce_agg_method_name(ce_agg_method m) { return method_names[m]; }

ce_status ce_aggregate_effective_weights(const ce_profile *p, double *w, ce_error *err)
{
    double *share = malloc((ce_profile_node_count(p) + 1) * sizeof *share);
    if (!share)
        return ce_error_nomem(err);
    ce_aggregate_effective_weights_of(p, NULL, w, share);
    free(share);
    return CE_OK;
}

/* Each node's weight over the sum of its siblings' (the dimensions for a
 * dimension), times its parent's share: parents first, so in reverse
 * post-order, each parent's children summed once. O(nodes). */
void ce_aggregate_effective_weights_of(const ce_profile *p, const double *node_weights, double *w,
                                       double *share)
{
    size_t n = ce_profile_node_count(p), n_leaves, n_dims;
    const size_t *leaves = ce_profile_leaves(p, &n_leaves);
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    const size_t *post = ce_profile_postorder(p);
#define WEIGHT(node) (node_weights ? node_weights[node] : ce_profile_node(p, node)->weight)
    for (size_t k = n + 1; k-- > 0;) { /* n: the composite, over the dimensions */
        const ce_node *nd = k < n ? ce_profile_node(p, post[k]) : NULL;
        const size_t *kids = nd ? nd->children : dims;
        size_t n_kids = nd ? nd->n_children : n_dims;
        double parent = nd ? share[post[k]] : 1, max = 0, sum = 0;
        if (n_kids == 0)
            continue;
        /* Summed after scaling by a power of two (exact, no overflow). */
        for (size_t c = 0; c < n_kids; c++)
            max = fmax(max, WEIGHT(kids[c]));
        int shift = ce_profile_weight_shift(max);
        for (size_t c = 0; c < n_kids; c++)
            sum += ldexp(WEIGHT(kids[c]), shift);
        for (size_t c = 0; c < n_kids; c++)
            share[kids[c]] = parent * (ldexp(WEIGHT(kids[c]), shift) / sum);
    }
#undef WEIGHT
    for (size_t j = 0; j < n_leaves; j++)
        w[j] = share[leaves[j]];
}

/* One column-wise aggregation problem: a node (or the composite) over all
 * rows. get(i, k) is the score of child k in row i. */
typedef struct {
    size_t rows, n;          /* clusters, children */
    const double *s;         /* scores: s[i * stride + col[k]] */
    size_t stride;
    const size_t *col;       /* column of child k */
    const double *w;         /* weight of child k, scaled by a power of two */
    const unsigned char *active;
} agg_input;

static double child(const agg_input *in, size_t i, size_t k)
{
    return in->s[i * in->stride + in->col[k]];
}

/* Row-wise methods; returns NaN when no child is present. Sets *bad to
 * the offending child for a non-positive value under geometric/harmonic. */
static double combine_row(const agg_input *in, size_t i, ce_agg_method m, size_t *bad)
{
    double num = 0, den = 0, logs = 0;
    if (m == CE_AGG_ARITHMETIC) { /* the common case, in a tight loop */
        const double *s = in->s + i * in->stride;
        for (size_t k = 0; k < in->n; k++) {
            double v = s[in->col[k]], w = in->w[k];
            if (isnan(v) || w == 0)
                continue;
            den += w;
            num += w * v;
        }
        return den > 0 ? num / den : NAN;
    }
    for (size_t k = 0; k < in->n; k++) {
        double v = child(in, i, k), w = in->w[k];
        if (isnan(v) || w == 0)
            continue;
        if ((m == CE_AGG_GEOMETRIC || m == CE_AGG_HARMONIC) && !(v > 0)) {
            *bad = k;
            return NAN;
        }
        den += w;
        if (m == CE_AGG_ARITHMETIC)
            num += w * v;
        else if (m == CE_AGG_GEOMETRIC)
            logs += w * log(v); /* a product of powers would overflow */
        else
            num += w / v;
    }
    if (!(den > 0))
        return NAN;
    if (m == CE_AGG_ARITHMETIC)
        return num / den;
    if (m == CE_AGG_GEOMETRIC)
        return exp(logs / den);
    return den / num;
}

/* TOPSIS over the rows: weighted children (weights rescaled to sum 1 over
 * all children), ideal and anti-ideal the column max and min over the
 * active rows, Euclidean distances over the present children. best has
 * room for 2 * in->n values. */
static void combine_topsis(const agg_input *in, double *best, double *out)
{
    double *worst = best + in->n;
    double wsum = 0;
    for (size_t k = 0; k < in->n; k++) {
        wsum += in->w[k];
        best[k] = -INFINITY;
        worst[k] = INFINITY;
    }
    for (size_t i = 0; i < in->rows; i++)
        for (size_t k = 0; in->active[i] && k < in->n; k++) {
            double v = child(in, i, k);
            if (!isnan(v)) {
                best[k] = fmax(best[k], v);
                worst[k] = fmin(worst[k], v);
            }
        }
    for (size_t i = 0; i < in->rows; i++) {
        double dp = 0, dm = 0;
        int any = 0;
        for (size_t k = 0; in->active[i] && k < in->n; k++) {
            double v = child(in, i, k), w = in->w[k] / wsum;
            if (isnan(v))
                continue;
            any = 1;
            dp += (w * (v - best[k])) * (w * (v - best[k]));
            dm += (w * (v - worst[k])) * (w * (v - worst[k]));
        }
        dp = sqrt(dp);
        dm = sqrt(dm);
        out[i] = !any ? NAN : dp + dm > 0 ? 100 * dm / (dp + dm) : 100;
    }
}

/* Copeland over the rows (COINr outrankMatrix + a_copeland): for each pair,
 * the share of weight where row i is higher, ties counting half; +1 above
 * 0.5, -1 below, 0 at 0.5. Unlike COINr, the weights are rescaled over the
 * children present in both rows (COINr drops missing comparisons but keeps
 * their weight in the total, so the cluster with more data loses); a pair
 * with no child in common is a draw. */
static void combine_copeland(const agg_input *in, double *out)
{
    for (size_t i = 0; i < in->rows; i++) {
        int any = 0;
        for (size_t k = 0; in->active[i] && k < in->n; k++)
            any |= !isnan(child(in, i, k));
        out[i] = any ? 0 : NAN;
    }
    for (size_t i = 0; i < in->rows; i++) {
        if (isnan(out[i]))
            continue;
        for (size_t j = i + 1; j < in->rows; j++) {
            if (isnan(out[j]))
                continue;
            /* The share above 0.5 (ties counting half) is the weight where
             * i is higher beating the weight where it is lower: compared
             * directly, so equal weights (0.1 six times, or 1.7e308) sum
             * alike on both sides and a draw stays a draw. */
            double higher = 0, lower = 0;
            for (size_t k = 0; k < in->n; k++) {
                double a = child(in, i, k), b = child(in, j, k), w = in->w[k];
                if (isnan(a) || isnan(b))
                    continue;
                higher += a > b ? w : 0;
                lower += a < b ? w : 0;
            }
            double sij = higher > lower ? 1 : higher < lower ? -1 : 0;
            out[i] += sij;
            out[j] -= sij;
        }
    }
}

/* Scales the weights of a group by the power of two that brings the
 * largest into [1, 2) (ce_profile_weight_shift): exact, so the means are
 * those of the weights as given, but no sum of them overflows. */
static void scale_weights(double *w, size_t n)
{
    double max = 0;
    for (size_t k = 0; k < n; k++)
        max = fmax(max, w[k]);
    int shift = ce_profile_weight_shift(max);
    for (size_t k = 0; shift != 0 && k < n; k++)
        w[k] = ldexp(w[k], shift);
}

/* Fills the inputs of node (or of the composite when node is CE_NO_PARENT). */
static void node_input(const ce_profile *p, size_t node, const double *node_weights,
                       const double *flat_weights, agg_input *in, size_t *col, double *w)
{
    size_t n_leaves, n_dims;
    const size_t *leaves = ce_profile_leaves(p, &n_leaves);
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    const ce_node *nd = node != CE_NO_PARENT ? ce_profile_node(p, node) : NULL;
    if (!nd && flat_weights) { /* --flatten: the composite straight from the leaves */
        in->n = n_leaves;
        for (size_t j = 0; j < n_leaves; j++) {
            col[j] = leaves[j];
            w[j] = flat_weights[j];
        }
        scale_weights(w, in->n);
        return;
    }
    const size_t *members = nd ? nd->children : dims;
    in->n = nd ? nd->n_children : n_dims;
    for (size_t c = 0; c < in->n; c++) {
        col[c] = members[c];
        w[c] = node_weights ? node_weights[members[c]] : ce_profile_node(p, members[c])->weight;
    }
    scale_weights(w, in->n);
}

static int row_wise(ce_agg_method m) { return m != CE_AGG_TOPSIS && m != CE_AGG_COPELAND; }

struct ce_agg_workspace {
    const ce_profile *p;
    size_t rows, max_children;
    agg_input *in;       /* every group and the composite (index n_nodes) */
    size_t *off;         /* n_nodes + 1: where each group's inputs start in col and w */
    size_t *col;         /* every group's children, then the composite's inputs */
    double *w;           /* their weights, likewise */
    double *tmp;         /* rows: one node's scores */
    double *best;        /* 2 x max_children: TOPSIS ideal and anti-ideal */
    unsigned char *all;  /* rows of 1: the active mask when none is given */
    size_t *groups;      /* the groups, children before parents, then n_nodes (the composite) */
    size_t n_groups;     /* including the composite */
};

void ce_agg_workspace_free(ce_agg_workspace *ws)
{
    if (!ws)
        return;
    free(ws->in);
    free(ws->off);
    free(ws->col);
    free(ws->w);
    free(ws->tmp);
    free(ws->best);
    free(ws->all);
    free(ws->groups);
    free(ws);
}

ce_agg_workspace *ce_agg_workspace_new(const ce_profile *p, size_t rows)
{
    size_t n_nodes = ce_profile_node_count(p), n_leaves, n_dims;
    ce_profile_leaves(p, &n_leaves);
    ce_profile_dimensions(p, &n_dims);
    ce_agg_workspace *ws = calloc(1, sizeof *ws);
    if (!ws)
        return NULL;
    ws->p = p;
    ws->rows = rows;
    /* Every child of a group holds at least one indicator, so no node has
     * more children than there are indicators (the flattened composite). */
    ws->max_children = n_dims > n_leaves ? n_dims : n_leaves;
    ws->in = malloc((n_nodes + 1) * sizeof *ws->in);
    ws->off = malloc((n_nodes + 1) * sizeof *ws->off);
    ws->tmp = malloc((rows ? rows : 1) * sizeof *ws->tmp);
    ws->best = malloc((2 * ws->max_children + 1) * sizeof *ws->best);
    ws->all = malloc(rows ? rows : 1);
    ws->groups = malloc((n_nodes + 1) * sizeof *ws->groups);
    if (!ws->in || !ws->off || !ws->tmp || !ws->best || !ws->all || !ws->groups) {
        ce_agg_workspace_free(ws);
        return NULL;
    }
    memset(ws->all, 1, rows);
    /* Each group needs room for its children, the composite for its
     * dimensions or (flattened) all indicators: fewer than 2 x n_nodes. */
    const size_t *order = ce_profile_postorder(p);
    size_t slots = 0;
    for (size_t k = 0; k < n_nodes; k++) {
        size_t kids = ce_profile_node(p, order[k])->n_children;
        if (kids > 0) {
            ws->groups[ws->n_groups++] = order[k];
            ws->off[order[k]] = slots;
            slots += kids;
        }
    }
    ws->groups[ws->n_groups++] = n_nodes;
    ws->off[n_nodes] = slots;
    slots += ws->max_children;
    ws->col = malloc(slots * sizeof *ws->col);
    ws->w = malloc(slots * sizeof *ws->w);
    if (!ws->col || !ws->w) {
        ce_agg_workspace_free(ws);
        return NULL;
    }
    return ws;
}

ce_status ce_aggregate_tree(const ce_profile *p, const ce_agg_method *method,
                            ce_agg_method root_method, const double *flat_weights,
                            const double *norm, size_t rows, const unsigned char *active,
                            double *nodes, double *composite, ce_agg_error *where)
{
    ce_agg_workspace *ws = ce_agg_workspace_new(p, rows);
    if (!ws)
        return CE_ERR_IO;
    ce_status st = ce_aggregate_tree_ws(p, method, root_method, NULL, flat_weights, norm, rows,
                                        active, nodes, composite, where, ws);
    ce_agg_workspace_free(ws);
    return st;
}

ce_status ce_aggregate_tree_ws(const ce_profile *p, const ce_agg_method *method,
                               ce_agg_method root_method, const double *node_weights,
                               const double *flat_weights, const double *norm, size_t rows,
                               const unsigned char *active, double *nodes, double *composite,
                               ce_agg_error *where, ce_agg_workspace *ws)
{
    size_t n_nodes = ce_profile_node_count(p), n_leaves;
    const size_t *leaves = ce_profile_leaves(p, &n_leaves);
    if (ws->p != p || ws->rows != rows)
        return CE_ERR_USAGE; /* a workspace made for another profile or table */
    if (!active)
        active = ws->all;
    /* Inputs of every group and of the composite (index n_nodes). */
    agg_input *in = ws->in;
    double *tmp = ws->tmp;
    int all_row_wise = row_wise(root_method);
    for (size_t g = 0; g < ws->n_groups; g++) {
        size_t k = ws->groups[g], node = k < n_nodes ? k : CE_NO_PARENT;
        size_t *col = ws->col + ws->off[k];
        double *w = ws->w + ws->off[k];
        in[k] = (agg_input){rows, 0, nodes, n_nodes, col, w, active};
        node_input(p, node, node_weights, flat_weights, &in[k], col, w);
        if (node != CE_NO_PARENT)
            all_row_wise &= row_wise(method[node]);
    }
    /* Leaves: their scores are the normalised values. */
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < n_leaves; j++)
            nodes[i * n_nodes + leaves[j]] = active[i] ? norm[i * n_leaves + j] : NAN;

    /* Row by row when every method is row-wise (cache-friendly), otherwise
     * node by node, since TOPSIS and Copeland compare clusters. */
    size_t bad = (size_t)-1, bad_row = 0, bad_k = 0;
    if (all_row_wise) {
        for (size_t i = 0; i < rows && bad == (size_t)-1; i++) {
            for (size_t k = 0; k < ws->n_groups && bad == (size_t)-1; k++) {
                size_t node = ws->groups[k];
                ce_agg_method m = node < n_nodes ? method[node] : root_method;
                double v = active[i] ? combine_row(&in[node], i, m, &bad) : NAN;
                if (node < n_nodes)
                    nodes[i * n_nodes + node] = v;
                else
                    composite[i] = v;
                bad_row = i;
                bad_k = node;
            }
        }
    } else {
        for (size_t k = 0; k < ws->n_groups && bad == (size_t)-1; k++) {
            size_t node = ws->groups[k];
            ce_agg_method m = node < n_nodes ? method[node] : root_method;
            double *out = node < n_nodes ? tmp : composite;
            if (m == CE_AGG_TOPSIS) {
                combine_topsis(&in[node], ws->best, out);
            } else if (m == CE_AGG_COPELAND) {
                combine_copeland(&in[node], out);
            } else {
                for (size_t i = 0; i < rows && bad == (size_t)-1; i++) {
                    out[i] = active[i] ? combine_row(&in[node], i, m, &bad) : NAN;
                    bad_row = i;
                }
            }
            bad_k = node;
            if (node < n_nodes)
                for (size_t i = 0; i < rows; i++)
                    nodes[i * n_nodes + node] = tmp[i];
        }
    }
    if (bad != (size_t)-1) {
        if (where)
            *where = (ce_agg_error){bad_row, in[bad_k].col[bad],
                                    bad_k < n_nodes ? bad_k : CE_NO_PARENT,
                                    child(&in[bad_k], bad_row, bad)};
        return CE_ERR_DATA;
    }
    return CE_OK;
}
