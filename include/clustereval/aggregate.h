/* aggregate.h - scores of every node of the indicator tree from the
 * normalised indicators.
 */
#ifndef CLUSTEREVAL_AGGREGATE_H
#define CLUSTEREVAL_AGGREGATE_H

#include <stddef.h>

#include "clustereval/profile.h"

/* Weighted arithmetic mean up the tree (OECD/JRC Handbook 2008, §6.1;
 * COINr a_amean): for every cluster, a node's score is
 *   sum(w_k * s_k) / sum(w_k)
 * over its children k whose score is present, i.e. the weights of the
 * present children rescaled to sum 1. A node with no present child (or
 * whose present children all have weight 0) is missing (NaN).
 *
 * norm: rows x n_leaves (row-major, profile leaf order).
 * nodes: rows x node_count output (row-major), leaves included.
 * composite: rows output, the mean over the dimensions. */
void ce_aggregate_arithmetic(const ce_profile *p, const double *norm, size_t rows, double *nodes,
                             double *composite);

#endif
