/* missing.h - the missing-value rule of an indicator (issue 15 §1: missing
 * data must not help; 未报送/缺失不得分):
 *
 *   worst  the lowest normalised score the method gives that indicator:
 *          the low end of the range under min-max (0, or 1 under geometric
 *          and harmonic aggregation), else the lowest score of a present
 *          value (z-score, rank, ...)
 *   zero   a raw value of 0, normalised with the others (it takes part in
 *          the min and max; for an indicator where less is better 0 is the
 *          best value, which the pipeline warns about)
 *   skip   left out, the weights of the present siblings rescaled (COINr's
 *          default; the OECD/JRC Handbook's "case deletion" per indicator)
 *   mean, median, group-mean:COLUMN, group-median:COLUMN
 *          imputed (impute.h) before normalisation
 *
 * Where a rule comes from, first found wins (ce_pipeline_prepare):
 *   1. the indicator's `missing` cell in the profile, else its nearest
 *      group's cell;
 *   2. --impute M (M not none), then --missing RULE (the command line);
 *   3. the profile's row `*` (its `missing` cell);
 *   4. worst.
 */
#ifndef CLUSTEREVAL_MISSING_H
#define CLUSTEREVAL_MISSING_H

#include <stddef.h>

#include "clustereval/impute.h"

typedef enum {
    CE_MISSING_UNSET = 0, /* no rule given here: the next source decides */
    CE_MISSING_WORST,
    CE_MISSING_ZERO,
    CE_MISSING_SKIP,
    CE_MISSING_IMPUTE /* with a ce_impute_method other than none */
} ce_missing_kind;

typedef struct {
    ce_missing_kind kind;
    ce_impute_method impute; /* CE_MISSING_IMPUTE only */
} ce_missing_rule;

/* Parses worst|zero|skip|mean|median|group-mean:COLUMN|group-median:COLUMN
 * (as --impute spells the imputations; "none" is not a rule: use skip).
 * For the group methods *column points into text after the colon (column
 * may be NULL when the caller refuses them). Returns 0 on success. */
int ce_missing_rule_parse(const char *text, ce_missing_rule *r, const char **column);

/* The rule's name as parsed ("worst", "zero", "skip", "mean",
 * "group-mean", ...; "unset"). */
const char *ce_missing_rule_name(ce_missing_rule r);

/* "worst, zero, skip, mean, median, group-mean:COLUMN or
 * group-median:COLUMN" into buf (cap bytes); returns buf. */
const char *ce_missing_rule_list(char *buf, size_t cap);

#endif
