/* aggregate.c - see aggregate.h. */
#include "clustereval/aggregate.h"

#include <math.h>

/* The weighted mean of the present values among members[0..n). */
static double weighted_mean(const ce_profile *p, const size_t *members, size_t n,
                            const double *s)
{
    double num = 0, den = 0;
    for (size_t k = 0; k < n; k++) {
        double v = s[members[k]];
        if (isnan(v))
            continue;
        double w = ce_profile_node(p, members[k])->weight;
        num += w * v;
        den += w;
    }
    return den > 0 ? num / den : NAN;
}

void ce_aggregate_arithmetic(const ce_profile *p, const double *norm, size_t rows, double *nodes,
                             double *composite)
{
    size_t n_nodes = ce_profile_node_count(p), n_leaves, n_dims;
    ce_profile_leaves(p, &n_leaves);
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    const size_t *order = ce_profile_postorder(p);
    for (size_t i = 0; i < rows; i++) {
        double *s = nodes + i * n_nodes;
        const double *x = norm + i * n_leaves;
        for (size_t k = 0; k < n_nodes; k++) {
            const ce_node *nd = ce_profile_node(p, order[k]);
            s[order[k]] = nd->n_children == 0
                              ? x[nd->leaf]
                              : weighted_mean(p, nd->children, nd->n_children, s);
        }
        composite[i] = weighted_mean(p, dims, n_dims, s);
    }
}
