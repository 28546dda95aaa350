/* collect.c - see collect.h. */
#include "clustereval/collect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/idkey.h"

/* Row i of the merged table: row row_of[i] of file file_of[i]. */
struct ce_collect {
    const ce_profile *prof;
    ce_table **tables;
    const char *const *paths;
    size_t n_files, rows;
    size_t *file_of, *row_of;
};
typedef ce_collect merged;

static const char *id_at(const void *ctx, size_t i, size_t *line)
{
    const merged *m = ctx;
    /* the position orders the rows: the first repeat in file order */
    *line = i + 1;
    return ce_table_id(m->tables[m->file_of[i]], m->row_of[i]);
}

/* The error for rows first and later (positions) of m, whose ids repeat. */
static ce_status repeat_error(const merged *m, size_t first, size_t later, ce_error *err)
{
    const ce_table *tf = m->tables[m->file_of[first]], *tl = m->tables[m->file_of[later]];
    const char *idf = ce_table_id(tf, m->row_of[first]), *idl = ce_table_id(tl, m->row_of[later]);
    size_t lf = ce_table_line(tf, m->row_of[first]), ll = ce_table_line(tl, m->row_of[later]);
    const char *pf = m->paths[m->file_of[first]], *pl = m->paths[m->file_of[later]];
    if (strcmp(idf, idl) == 0)
        return ce_error_set(err, CE_ERR_DATA, pl, ll, "duplicate id \"%s\" (first on line %zu of %s)",
                            idl, lf, pf);
    ce_idkey_lookalike_error(pl, "id", "cluster", idf, lf, idl, ll, err);
    size_t len = strlen(err->msg);
    snprintf(err->msg + len, sizeof err->msg - len, " (\"%s\" is in %s)", idf, pf);
    return CE_ERR_DATA;
}

ce_status ce_collect_write(const ce_collect *m, ce_tw *tw, const char *sheet, ce_error *err)
{
    const ce_profile *prof = m->prof;
    size_t rows = m->rows;
    const ce_table *t0 = m->tables[0];
    size_t n_leaves, n_den = ce_table_denominator_count(t0);
    const size_t *leaves = ce_profile_leaves(prof, &n_leaves);
    size_t n_cols = 4 + n_leaves + n_den;
    ce_tw_column *cols = calloc(n_cols, sizeof *cols);
    const char **titles = calloc(n_cols, sizeof *titles);
    if (!cols || !titles) {
        free(cols);
        free(titles);
        return ce_error_nomem(err);
    }
    static const char *const fixed[4] = {"id", "name", "eligible", "veto"};
    for (size_t c = 0; c < 4; c++)
        cols[c] = (ce_tw_column){fixed[c], c < 2 ? CE_TW_TEXT : CE_TW_INTEGER};
    for (size_t k = 0; k < n_leaves; k++)
        cols[4 + k] = (ce_tw_column){ce_profile_node(prof, leaves[k])->code, CE_TW_NUMBER};
    for (size_t k = 0; k < n_den; k++)
        cols[4 + n_leaves + k] = (ce_tw_column){ce_table_denominator_name(t0, k), CE_TW_NUMBER};
    for (size_t c = 0; c < n_cols; c++)
        titles[c] = cols[c].code; /* the codes, whatever the language */
    ce_status st = ce_tw_header_titled(tw, sheet, n_cols, cols, titles, err);
    for (size_t i = 0; i < rows && st == CE_OK; i++) {
        const ce_table *t = m->tables[m->file_of[i]];
        size_t r = m->row_of[i], nc = ce_table_cols(t);
        ce_tw_text(tw, ce_table_id(t, r));
        ce_tw_text(tw, ce_table_name(t, r));
        ce_tw_integer(tw, ce_table_eligible(t, r));
        ce_tw_integer(tw, ce_table_veto(t, r));
        const double *v = ce_table_values(t) + r * nc;
        for (size_t k = 0; k < nc; k++)
            ce_tw_number_exact(tw, v[k]);
        const double *d = ce_table_denominators(t);
        for (size_t k = 0; k < n_den; k++)
            ce_tw_number_exact(tw, d[r * n_den + k]);
        st = ce_tw_end_row(tw, CE_XLSX_PLAIN, err);
    }
    free(cols);
    free(titles);
    return st;
}

void ce_collect_free(ce_collect *m)
{
    if (!m)
        return;
    for (size_t f = 0; m->tables && f < m->n_files; f++)
        ce_table_free(m->tables[f]);
    free(m->tables);
    free(m->file_of);
    free(m->row_of);
    free(m);
}

ce_status ce_collect_read(const ce_profile *prof, const char *const *paths, size_t n,
                          const ce_table_options *opt, ce_collect **out,
                          ce_collect_summary *sum, ce_diag *diag, ce_error *err)
{
    memset(sum, 0, sizeof *sum);
    sum->files = n;
    if (n == 0)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0, "no file to collect");
    ce_table_options defaults = {.encoding = CE_ENC_AUTO};
    ce_collect *m = calloc(1, sizeof *m);
    if (!m)
        return ce_error_nomem(err);
    m->prof = prof;
    m->paths = paths;
    m->n_files = n;
    m->tables = calloc(n, sizeof *m->tables);
    sum->problems = calloc(n, sizeof *sum->problems);
    if (!m->tables || !sum->problems) {
        ce_collect_free(m);
        ce_collect_summary_fini(sum);
        return ce_error_nomem(err);
    }
    ce_status st = CE_OK;
    size_t rows = 0;
    for (size_t f = 0; f < n; f++) {
        ce_collect_problem *pr = &sum->problems[sum->n_problems];
        ce_status fs = ce_table_read_opts(paths[f], prof, opt ? opt : &defaults, &m->tables[f],
                                          diag, &pr->error);
        if (fs != CE_OK) {
            pr->path = paths[f];
            pr->status = fs;
            sum->n_problems++;
            continue;
        }
        rows += ce_table_rows(m->tables[f]);
    }
    if (sum->n_problems)
        st = ce_error_set(err, sum->problems[0].status == CE_ERR_IO ? CE_ERR_IO : CE_ERR_DATA,
                          NULL, 0, "%zu of %zu files did not read; nothing written",
                          sum->n_problems, n);
    if (st == CE_OK) {
        m->rows = rows;
        m->file_of = malloc((rows ? rows : 1) * sizeof *m->file_of);
        m->row_of = malloc((rows ? rows : 1) * sizeof *m->row_of);
        if (!m->file_of || !m->row_of)
            st = ce_error_nomem(err);
        for (size_t f = 0, i = 0; st == CE_OK && f < n; f++)
            for (size_t r = 0; r < ce_table_rows(m->tables[f]); r++, i++) {
                m->file_of[i] = f;
                m->row_of[i] = r;
            }
    }
    if (st == CE_OK) {
        size_t first, later;
        int rep = ce_idkey_find_repeat(rows, id_at, m, &first, &later);
        if (rep < 0)
            st = ce_error_nomem(err);
        else if (rep > 0)
            st = repeat_error(m, first, later, err);
    }
    if (st != CE_OK) {
        ce_collect_free(m);
        return st;
    }
    sum->rows = rows;
    *out = m;
    return CE_OK;
}

void ce_collect_summary_fini(ce_collect_summary *sum)
{
    if (!sum)
        return;
    free(sum->problems);
    sum->problems = NULL;
    sum->n_problems = 0;
}
