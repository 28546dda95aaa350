/* summary.h - rows that are not a cluster or an applicant but a total,
 * subtotal or average of the others (合计, 全省合计, 平均值, Total ...).
 * Such a row stretches every min-max range and, ranked, takes an award
 * (issue 15 §1): every reader of cluster data and applicant tables refuses
 * it, or drops it with a warning when asked.
 *
 * The labels are data (weights/summary-labels.csv, `label,note`). A text is
 * a summary label when its key is one label's key or several written
 * together (全省 + 合计): the key is Unicode NFKC with case folding
 * (utf8proc), default ignorable characters removed, and every space and
 * punctuation character removed ("合 计", "Ｔｏｔａｌ", "Grand total:" all
 * match).
 *
 * Whoever calls ce_summary_labels_load owns the result and frees it with
 * ce_summary_labels_free (NULL is a no-op).
 */
#ifndef CLUSTEREVAL_SUMMARY_H
#define CLUSTEREVAL_SUMMARY_H

#include <stddef.h>

#include "clustereval/csvio.h"
#include "clustereval/status.h"

typedef struct ce_summary_labels ce_summary_labels;

/* Reads a `label,note` CSV (other columns ignored). Errors: those of
 * ce_csv_read; CE_ERR_DATA for a missing label column, a label whose key
 * is empty (only spaces or punctuation), or no labels. */
ce_status ce_summary_labels_load(const char *path, ce_encoding enc, ce_summary_labels **out,
                                 ce_diag *diag, ce_error *err);
/* A list of n labels given in memory (tests, embedding programs). */
ce_status ce_summary_labels_from(const char *const *labels, size_t n, ce_summary_labels **out,
                                 ce_error *err);
void ce_summary_labels_free(ce_summary_labels *s);

/* The key of text as described above; NULL when out of memory. Free with
 * free(). */
char *ce_summary_key_new(const char *text);

/* 1 when text is a summary label (one or several labels written together),
 * 0 when not, -1 when out of memory. An empty text is not. */
int ce_summary_labels_match(const ce_summary_labels *s, const char *text);

/* What a reader does with summary rows: labels NULL = no check. */
typedef struct {
    const ce_summary_labels *labels;
    int drop; /* 1: drop them with a warning (--drop-summary-rows) */
    const char *hint; /* the end of the refusal; NULL: "use --drop-summary-rows
                         to drop it" */
} ce_summary_rows;

/* Checks a data row by the values of its id column and its name column
 * (each may be NULL or ""; id_label and name_label name the columns in
 * the message, e.g. "id" and "name"). An ordinary row: CE_OK, *drop = 0.
 * A summary row: with rows->drop, a warning in diag ("FILE:LINE: summary
 * row dropped (id \"合计\") (--drop-summary-rows)") and *drop = 1;
 * otherwise CE_ERR_DATA at path:line: 'row looks like a summary row (id
 * "合计"): a total or average must never be ranked or paid; use
 * --drop-summary-rows to drop it' (rows->hint, when set, after the ';'). CE_ERR_IO when out of memory. */
ce_status ce_summary_rows_check(const ce_summary_rows *rows, const char *path, size_t line,
                                const char *id_label, const char *id, const char *name_label,
                                const char *name, int *drop, ce_diag *diag, ce_error *err);

#endif
