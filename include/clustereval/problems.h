/* problems.h - the problems of a data file, all of them: what a reader
 * lists instead of stopping at the first (ce_table_check, table.h), for
 * `clustereval check`. Each problem says where it is as people find it:
 * the file's physical line, the row a spreadsheet shows (they differ after
 * a cell holding a line break), the column's header, the cluster's id and
 * name when the row has them, the offending text and a hint.
 *
 * Whoever calls ce_problems_new owns the list and frees it with
 * ce_problems_free; the strings of a problem on the list are the list's
 * copies.
 */
#ifndef CLUSTEREVAL_PROBLEMS_H
#define CLUSTEREVAL_PROBLEMS_H

#include <stddef.h>

#include "clustereval/status.h"

/* In the order `check` lists them. */
typedef enum {
    CE_PROBLEM_FILE = 0,      /* the file cannot be read as a table at all */
    CE_PROBLEM_HEADER,        /* no id column, a column named twice */
    CE_PROBLEM_MISSING_COLUMN, /* an indicator of the profile is no column */
    CE_PROBLEM_FIELDS,        /* a row with more or fewer fields than the header */
    CE_PROBLEM_SUMMARY_ROW,   /* a totals row (合计, Total ...) */
    CE_PROBLEM_EMPTY_ID,
    CE_PROBLEM_DUPLICATE_ID,  /* the same id twice */
    CE_PROBLEM_LOOKALIKE_ID,  /* two ids written differently, the same key (idkey.h) */
    CE_PROBLEM_NUMBER,        /* a cell that is no number (or not finite) */
    CE_PROBLEM_YES_NO,        /* an eligible/veto cell that is no yes/no */
    CE_PROBLEM_NO_ROWS,       /* no data rows */
    CE_PROBLEM_MIXED_PERCENT, /* warning: some cells of a column with %, some without */
    CE_PROBLEM_MISSING_VALUE, /* information: missing values of a column or a cluster */
    CE_PROBLEM_N_KINDS
} ce_problem_kind;

/* How much a kind weighs: an error stops `rank`; a warning lets it run
 * with a warning; information is told, not a problem of the file. */
typedef enum { CE_PROBLEM_ERROR = 0, CE_PROBLEM_WARNING, CE_PROBLEM_INFO } ce_problem_severity;

typedef struct {
    ce_problem_kind kind;
    const char *file;    /* the file line is in: the data file, or the profile
                      for an indicator that is no column of the data */
    size_t line;   /* physical line of file (a workbook: the row); 0: none */
    size_t row;    /* the data file's row as a spreadsheet numbers it; 0: none */
    const char *column;  /* the column's header, "" when none */
    const char *id;      /* the row's id, "" when unknown */
    const char *name;    /* the row's name, "" when unknown */
    const char *text;    /* the offending text, "" when none */
    const char *hint;    /* what to do, "" when nothing to add */
    const char *message; /* the whole message as `rank` says it (without FILE:LINE) */
} ce_problem;

typedef struct ce_problems ce_problems;

/* NULL when out of memory. */
ce_problems *ce_problems_new(void);
void ce_problems_free(ce_problems *p); /* NULL: nothing */

/* Appends a copy of *pr (its strings copied; NULL strings become "").
 * CE_ERR_IO (ce_error_nomem) when out of memory. */
ce_status ce_problems_add(ce_problems *p, const ce_problem *pr, ce_error *err);

size_t ce_problems_count(const ce_problems *p);
const ce_problem *ce_problems_get(const ce_problems *p, size_t i);
/* How many problems of that severity. */
size_t ce_problems_count_severity(const ce_problems *p, ce_problem_severity sev);

/* "number", "duplicate_id" ...: the kind column of check's CSV. */
const char *ce_problem_kind_name(ce_problem_kind kind);
ce_problem_severity ce_problem_kind_severity(ce_problem_kind kind);
/* "error", "warning", "information". */
const char *ce_problem_severity_name(ce_problem_severity sev);

#endif
