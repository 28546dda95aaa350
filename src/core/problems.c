/* problems.c - see problems.h. */
#include "clustereval/problems.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct ce_problems {
    ce_problem *items;
    size_t count, cap;
};

ce_problems *ce_problems_new(void) { return calloc(1, sizeof(ce_problems)); }

/* The list's own copies: const to readers, freed here. */
static void problem_fini(ce_problem *pr)
{
    const char *s[] = {pr->file, pr->column, pr->id, pr->name, pr->text, pr->hint, pr->message};
    for (size_t i = 0; i < sizeof s / sizeof *s; i++)
        free((void *)(uintptr_t)s[i]);
}

void ce_problems_free(ce_problems *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->count; i++)
        problem_fini(&p->items[i]);
    free(p->items);
    free(p);
}

static char *copy(const char *s) { return strdup(s ? s : ""); }

ce_status ce_problems_add(ce_problems *p, const ce_problem *pr, ce_error *err)
{
    if (p->count == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 16;
        ce_problem *items = realloc(p->items, cap * sizeof *items);
        if (!items)
            return ce_error_nomem(err);
        p->items = items;
        p->cap = cap;
    }
    ce_problem c = {pr->kind,           copy(pr->file),   pr->line,         pr->row,
                    copy(pr->column),   copy(pr->id),     copy(pr->name),
                    copy(pr->text),     copy(pr->hint),   copy(pr->message)};
    if (!c.file || !c.column || !c.id || !c.name || !c.text || !c.hint || !c.message) {
        problem_fini(&c);
        return ce_error_nomem(err);
    }
    p->items[p->count++] = c;
    return CE_OK;
}

size_t ce_problems_count(const ce_problems *p) { return p->count; }

const ce_problem *ce_problems_get(const ce_problems *p, size_t i) { return &p->items[i]; }

size_t ce_problems_count_severity(const ce_problems *p, ce_problem_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < p->count; i++)
        n += ce_problem_kind_severity(p->items[i].kind) == sev;
    return n;
}

static const char *const kind_names[CE_PROBLEM_N_KINDS] = {
    [CE_PROBLEM_FILE] = "file",
    [CE_PROBLEM_HEADER] = "header",
    [CE_PROBLEM_MISSING_COLUMN] = "missing_column",
    [CE_PROBLEM_FIELDS] = "fields",
    [CE_PROBLEM_SUMMARY_ROW] = "summary_row",
    [CE_PROBLEM_EMPTY_ID] = "empty_id",
    [CE_PROBLEM_DUPLICATE_ID] = "duplicate_id",
    [CE_PROBLEM_LOOKALIKE_ID] = "lookalike_id",
    [CE_PROBLEM_NUMBER] = "number",
    [CE_PROBLEM_YES_NO] = "yes_no",
    [CE_PROBLEM_NO_ROWS] = "no_rows",
    [CE_PROBLEM_MIXED_PERCENT] = "mixed_percent",
    [CE_PROBLEM_MISSING_VALUE] = "missing_value",
};

const char *ce_problem_kind_name(ce_problem_kind kind)
{
    return (unsigned)kind < CE_PROBLEM_N_KINDS ? kind_names[kind] : "?";
}

ce_problem_severity ce_problem_kind_severity(ce_problem_kind kind)
{
    return kind == CE_PROBLEM_MISSING_VALUE   ? CE_PROBLEM_INFO
           : kind == CE_PROBLEM_MIXED_PERCENT ? CE_PROBLEM_WARNING
                                              : CE_PROBLEM_ERROR;
}

const char *ce_problem_severity_name(ce_problem_severity sev)
{
    return sev == CE_PROBLEM_ERROR ? "error" : sev == CE_PROBLEM_WARNING ? "warning"
                                                                        : "information";
}
