/* profile.h - the indicator framework: a tree of any depth whose leaves are
 * the indicators (data columns) and whose top-level nodes are the
 * dimensions; the composite index is the implicit root (DESIGN.md §3.2).
 *
 * Columns: code, parent, weight, direction (required); name, unit,
 * denominator, target, lo, hi, aggregate, aliases, missing (optional). A row whose
 * code is `*` is no node: it holds the profile-wide defaults (today its
 * `missing` cell, the missing-value rule of every indicator whose own
 * cell and whose groups' cells are empty).
 *
 * Whoever calls ce_profile_load owns the result and frees it with
 * ce_profile_free.
 */
#ifndef CLUSTEREVAL_PROFILE_H
#define CLUSTEREVAL_PROFILE_H

#include <stddef.h>
#include <stdio.h>

#include "clustereval/csvio.h"
#include "clustereval/status.h"

#define CE_NO_PARENT ((size_t)-1)

typedef struct {
    const char *code, *name, *unit;
    size_t parent;          /* node index, or CE_NO_PARENT for a dimension */
    double weight;          /* relative among siblings, >= 0, as in the file */
    int direction;          /* +1 or -1 for indicators, 0 for groups */
    size_t line;            /* line of the profile file that defines it */
    const size_t *children; /* node indices, in file order */
    size_t n_children;      /* 0 for an indicator */
    size_t leaf;            /* position among the indicators (leaves only) */
    /* Optional columns ("" or NaN when absent): */
    const char *denominator; /* data column the indicator is divided by */
    double target, lo, hi;   /* for dist2target and goalpost normalisation */
    const char *aggregate;   /* aggregation method of this group's children */
    const char *aliases;     /* more spellings of the indicator's data column,
                                separated by ; or ；(the data table's header) */
    const char *missing;     /* missing-value rule (pipeline's missing.h) of
                                this indicator, or of a group's indicators
                                that have none; checked by the pipeline */
} ce_node;

/* The code of the row of profile-wide defaults. */
#define CE_PROFILE_DEFAULTS_CODE "*"

typedef struct ce_profile ce_profile;

/* Reads and checks a profile. Errors (CE_ERR_DATA, naming the file and
 * line): missing required columns, empty or duplicate code, a reserved code
 * (id, name, eligible, veto), unknown parent, a cycle, an indicator without
 * direction, a bad direction, a negative or non-numeric weight, a group
 * whose weights are all zero, a positive weight below 2^-1022 times the
 * largest of its group (ce_profile_weight_shift), an empty profile. */
ce_status ce_profile_load(const char *path, ce_encoding enc, ce_profile **out, ce_diag *diag,
                          ce_error *err);
void ce_profile_free(ce_profile *p);

const char *ce_profile_path(const ce_profile *p);
/* The `missing` cell of the row `*` ("" when there is none) and its line
 * (line may be NULL; 0 when none). Checked by the pipeline. */
const char *ce_profile_missing_default(const ce_profile *p, size_t *line);
size_t ce_profile_node_count(const ce_profile *p);
const ce_node *ce_profile_node(const ce_profile *p, size_t i);
/* Index of the node with this code, or CE_NO_PARENT. */
size_t ce_profile_find(const ce_profile *p, const char *code);

/* Indicators (leaves) in file order: node indices. */
const size_t *ce_profile_leaves(const ce_profile *p, size_t *n);
/* Dimensions (top-level nodes) in file order: node indices. */
const size_t *ce_profile_dimensions(const ce_profile *p, size_t *n);
/* Every node, children before their parent. */
const size_t *ce_profile_postorder(const ce_profile *p);

/* Writes the profile in its file format (the optional columns only when
 * some node uses them), weights with 10 significant digits. Returns
 * CE_ERR_IO on a write error. */
ce_status ce_profile_write(const ce_profile *p, FILE *out, ce_error *err);

/* Weights are relative among siblings (DESIGN.md §3.2): each group's are
 * scaled to sum 1. Returns the exponent e that brings max_weight, the
 * largest weight of a sibling group, into [1, 2) with ldexp(w, e) (0 when
 * max_weight is 0 or not finite). Scaling every weight of the group by the
 * same power of two is exact: it keeps their ratios and the rounding of
 * every sum, product and quotient made with them, and n scaled weights sum
 * to less than 2n, so no sum of weights overflows however large the
 * weights in the file (1.7e308 and 1.7e308 are 1 and 1). The profile
 * refuses a positive weight that this scaling would take below DBL_MIN
 * (a ratio beyond 2^1022, about 4e307, to the largest of its group). */
int ce_profile_weight_shift(double max_weight);

/* After ce_profile_set_weight: CE_ERR_USAGE (no file, no line; the caller
 * names its option) when a group's weights now have a ratio that
 * ce_profile_load would refuse. O(1) unless some weight lies outside
 * [2^-511, 2^511), then O(nodes). */
ce_status ce_profile_check_weights(const ce_profile *p, ce_error *err);

/* The what-if weight change: replaces the weight of node code. CE_ERR_USAGE
 * when the code is unknown, the weight negative, or all weights of its group
 * would become zero. label names where the change comes from at the start
 * of those messages (the CLI passes its option, "--set": "--set co2=0: every
 * weight of its group would be zero"); NULL: none ("co2=0: every weight
 * ..."). Call ce_profile_check_weights once all are set. */
ce_status ce_profile_set_weight(ce_profile *p, const char *code, double weight,
                                const char *label, ce_error *err);

/* The what-if share (--set innov=40%): node codes[k] takes shares[k]
 * (0 <= share < 1) of its group's total and its siblings keep their
 * proportions among the rest: the group is rescaled to sum 1, the node
 * weighing the share and each sibling (1 - shares) * its part of the
 * siblings' total. Several shares of one group are taken together (a=50%,
 * b=30%: the others share 20%); a code given twice takes its last share.
 * Apply shares after the weights (ce_profile_set_weight): a weight set
 * later would change the share. CE_ERR_USAGE, with nothing changed, when a
 * code is unknown, a share is negative or 100% or more, the shares of a
 * group add to 100% or more, or the node's other siblings weigh 0 (or it
 * has none): a share of nothing. label as for ce_profile_set_weight. Call
 * ce_profile_check_weights once all are set. */
ce_status ce_profile_set_shares(ce_profile *p, const char *const *codes, const double *shares,
                                size_t n, const char *label, ce_error *err);

#endif
