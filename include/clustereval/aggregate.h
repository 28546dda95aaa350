/* aggregate.h - scores of every node of the indicator tree from the
 * normalised indicators.
 *
 * Whoever calls ce_agg_workspace_new owns the workspace and frees it with
 * ce_agg_workspace_free; everything else writes only into buffers the
 * caller owns.
 */
#ifndef CLUSTEREVAL_AGGREGATE_H
#define CLUSTEREVAL_AGGREGATE_H

#include <stddef.h>

#include "clustereval/profile.h"
#include "clustereval/status.h"

/* Weighted arithmetic mean up the tree (OECD/JRC Handbook 2008, §6.1;
 * COINr a_amean): for every cluster, a node's score is
 *   sum(w_k * s_k) / sum(w_k)
 * over its children k whose score is present, i.e. the weights of the
 * present children rescaled to sum 1. A node with no present child (or
 * whose present children all have weight 0) is missing (NaN).
 *
 * norm: rows x n_leaves (row-major, profile leaf order).
 * nodes: rows x node_count output (row-major), leaves included.
 * composite: rows output, the mean over the dimensions.
 * The all-arithmetic case of ce_aggregate_tree; CE_ERR_IO when out of memory. */
ce_status ce_aggregate_arithmetic(const ce_profile *p, const double *norm, size_t rows,
                                  double *nodes, double *composite);

/* The aggregation methods of `rank --aggregate` and the profile's
 * `aggregate` column. Each combines the present children of a node with
 * their weights w (rescaled over the present children):
 *   arithmetic  sum(w s) / sum(w)                        COINr a_amean
 *   geometric   prod(s^w)^(1/sum(w)), needs s > 0        COINr a_gmean
 *   harmonic    sum(w) / sum(w / s), needs s > 0         COINr a_hmean
 *   topsis      100 D- / (D+ + D-), distances of the weighted children to
 *               the column maximum (ideal) and minimum (anti-ideal) over
 *               the clusters (Hwang & Yoon 1981)
 *   copeland    sum over the other clusters of +1/0/-1 as the weights of the
 *               children where this cluster is higher (ties half) exceed,
 *               equal or fall below one half of the weights of the children
 *               present in both (COINr a_copeland keeps missing ones in
 *               the total)                                   COINr a_copeland */
typedef enum {
    CE_AGG_ARITHMETIC = 0,
    CE_AGG_GEOMETRIC,
    CE_AGG_HARMONIC,
    CE_AGG_TOPSIS,
    CE_AGG_COPELAND
} ce_agg_method;

/* Parses a method name. Returns 0 on success. */
int ce_agg_method_parse(const char *name, ce_agg_method *out);
const char *ce_agg_method_name(ce_agg_method m);

/* Where a non-positive value met geometric or harmonic aggregation. */
typedef struct {
    size_t row;   /* cluster */
    size_t child; /* node index of the offending child */
    size_t node;  /* node index of the aggregate; CE_NO_PARENT for the composite */
    double value;
} ce_agg_error;

/* Scores every node with a method per node.
 * method: per node index (only groups are read), root_method for the
 * composite. flat_weights: NULL for the tree; otherwise the composite is
 * aggregated directly over the indicators with these weights (per leaf,
 * the product of the rescaled weights on its path: --flatten), while the
 * group scores are still computed for the report.
 * active: rows to score (NULL = all); inactive rows get NaN.
 * Errors: CE_ERR_DATA with *where filled for a non-positive value under
 * geometric/harmonic aggregation; CE_ERR_IO when out of memory.
 * The profile's weights; a thin wrapper of ce_aggregate_tree_ws that
 * allocates a workspace for the call. */
ce_status ce_aggregate_tree(const ce_profile *p, const ce_agg_method *method,
                            ce_agg_method root_method, const double *flat_weights,
                            const double *norm, size_t rows, const unsigned char *active,
                            double *nodes, double *composite, ce_agg_error *where);

/* The scratch memory of ce_aggregate_tree_ws for one profile and a number
 * of rows, so that the aggregation can run many times (Monte Carlo draws)
 * without allocating. A workspace serves one call at a time: give each
 * thread its own. Returns NULL when out of memory. _free(NULL) is a no-op. */
typedef struct ce_agg_workspace ce_agg_workspace;
ce_agg_workspace *ce_agg_workspace_new(const ce_profile *p, size_t rows);
void ce_agg_workspace_free(ce_agg_workspace *ws);

/* ce_aggregate_tree with the weights of a draw and caller scratch; it does
 * not allocate, and it only reads p, method, node_weights, flat_weights,
 * norm and active, so several threads may run it at once on the same
 * inputs, each with its own ws, nodes and composite.
 * node_weights: per node index, the weight relative among its siblings
 * (>= 0; rescaled over the present children as the profile's weights are);
 * NULL = the profile's weights. flat_weights: as in ce_aggregate_tree (from
 * ce_aggregate_effective_weights_of for weights other than the profile's).
 * ws: made by ce_agg_workspace_new for this p and rows, else CE_ERR_USAGE.
 * Errors: CE_ERR_DATA with *where as in ce_aggregate_tree. */
ce_status ce_aggregate_tree_ws(const ce_profile *p, const ce_agg_method *method,
                               ce_agg_method root_method, const double *node_weights,
                               const double *flat_weights, const double *norm, size_t rows,
                               const unsigned char *active, double *nodes, double *composite,
                               ce_agg_error *where, ce_agg_workspace *ws);

/* The effective weight of every indicator (leaf order): the product of the
 * weights on its path, each rescaled to sum 1 among its siblings.
 * CE_ERR_IO when out of memory. */
ce_status ce_aggregate_effective_weights(const ce_profile *p, double *w, ce_error *err);
/* The same with node_weights (per node index) in place of the profile's
 * weights (NULL = the profile's), without allocating: share is room for one
 * double per node (it ends holding every node's effective weight). */
void ce_aggregate_effective_weights_of(const ce_profile *p, const double *node_weights,
                                       double *w, double *share);

#endif
