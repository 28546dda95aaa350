/* missing.c - see missing.h. */
#include "clustereval/missing.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_names[] = {"unset", "worst", "zero", "skip"};

int ce_missing_rule_parse(const char *text, ce_missing_rule *r, const char **column)
{
    for (int k = CE_MISSING_WORST; k <= CE_MISSING_SKIP; k++)
        if (strcmp(text, kind_names[k]) == 0) {
            *r = (ce_missing_rule){(ce_missing_kind)k, CE_IMPUTE_NONE};
            if (column)
                *column = NULL;
            return 0;
        }
    ce_impute_method m;
    const char *col = NULL;
    if (ce_impute_method_parse(text, &m, &col) != 0 || m == CE_IMPUTE_NONE)
        return -1;
    if (col && !column)
        return -1;
    *r = (ce_missing_rule){CE_MISSING_IMPUTE, m};
    if (column)
        *column = col;
    return 0;
}

const char *ce_missing_rule_name(ce_missing_rule r)
{
    if (r.kind == CE_MISSING_IMPUTE)
        return ce_impute_method_name(r.impute);
    return (size_t)r.kind < sizeof kind_names / sizeof *kind_names ? kind_names[r.kind] : "?";
}

const char *ce_missing_rule_list(char *buf, size_t cap)
{
    char methods[128];
    /* "none, mean, ..." without its "none, " */
    ce_impute_method_list(methods, sizeof methods, " or ");
    const char *after_none = strchr(methods, ',');
    snprintf(buf, cap, "worst, zero, skip,%s", after_none ? after_none + 1 : "");
    return buf;
}
