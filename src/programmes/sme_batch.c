/* sme_batch.c - the SME size class of every enterprise of a CSV file
 * (sme_batch.h). */
#include "clustereval/sme_batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/idkey.h"
#include "clustereval/numparse.h"

#include "colmap.h"

enum { COL_ID, COL_INDUSTRY, COL_EMPLOYEES, COL_REVENUE, COL_ASSETS, N_COLS };
static const char *const col_names[N_COLS] = {"id", "industry", "employees", "revenue",
                                              "assets"};

typedef struct {
    char *cell[N_COLS];
    size_t line;
    int size; /* ce_sme_size, or -1 for a row error */
    char reason[CE_ERROR_MSG_MAX + 16];
} row;

typedef struct {
    const char *path;
    long col[N_COLS];
    row *rows;
    size_t n, cap;
    const ce_summary_rows *summary;
    ce_diag *diag;
} reader;

static ce_status on_record(void *ud, const ce_csv_record *rec, ce_error *err)
{
    reader *r = ud;
    if (rec->index == 0)
        return ce_colmap_find_names(rec, col_names, N_COLS, r->path,
                                    "sme needs id,industry,employees,revenue,assets", r->col, err);
    int drop;
    ce_status st = ce_summary_rows_check(r->summary, r->path, rec->line, "id",
                                         rec->fields[r->col[COL_ID]], NULL, NULL, &drop,
                                         r->diag, err);
    if (st != CE_OK || drop)
        return st;
    if (!rec->fields[r->col[COL_ID]][0])
        return ce_error_set(err, CE_ERR_DATA, r->path, rec->line, "empty id");
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        row *p = realloc(r->rows, cap * sizeof *p);
        if (!p)
            return ce_error_nomem(err);
        r->rows = p;
        r->cap = cap;
    }
    row *w = &r->rows[r->n];
    memset(w, 0, sizeof *w);
    w->line = rec->line;
    r->n++;
    for (size_t c = 0; c < N_COLS; c++)
        if (!(w->cell[c] = strdup(rec->fields[r->col[c]])))
            return ce_error_nomem(err);
    return CE_OK;
}

static void reader_fini(reader *r)
{
    for (size_t i = 0; i < r->n; i++)
        for (size_t c = 0; c < N_COLS; c++)
            free(r->rows[i].cell[c]);
    free(r->rows);
}

static const char *id_at(const void *ctx, size_t i, size_t *line)
{
    const reader *r = ctx;
    *line = r->rows[i].line;
    return r->rows[i].cell[COL_ID];
}

/* Parses the cell of measure column c; NaN when missing. Returns 0, or -1
 * with the message in w->reason. */
static int parse_measure(row *w, size_t c, double *out)
{
    const char *text = w->cell[c];
    char q[256];
    switch (ce_num_parse(text, strlen(text), out)) {
    case CE_NUM_OK:
    case CE_NUM_MISSING: return 0;
    default:
        snprintf(w->reason, sizeof w->reason, "error: column \"%s\": cannot parse \"%s\" as a "
                 "number", col_names[c], ce_error_quote(text, strlen(text), q, sizeof q));
        return -1;
    }
}

static void classify_row(const ce_sme_standard *std, row *w)
{
    size_t ind;
    char q[256];
    double v[N_COLS];
    w->size = -1;
    if (ce_sme_industry_find(std, w->cell[COL_INDUSTRY], &ind) != 0) {
        const char *t = w->cell[COL_INDUSTRY];
        snprintf(w->reason, sizeof w->reason, "error: unknown industry \"%s\"",
                 ce_error_quote(t, strlen(t), q, sizeof q));
        return;
    }
    for (size_t c = COL_EMPLOYEES; c < N_COLS; c++)
        if (parse_measure(w, c, &v[c]) != 0)
            return;
    ce_sme_size size;
    ce_error e = {{0}, 0, {0}};
    char reason[sizeof w->reason - 8];
    if (ce_sme_classify(std, ind, v[COL_EMPLOYEES], v[COL_REVENUE], v[COL_ASSETS], &size,
                        reason, sizeof reason, &e) != CE_OK) {
        snprintf(w->reason, sizeof w->reason, "error: %s", e.msg);
        return;
    }
    w->size = (int)size;
    snprintf(w->reason, sizeof w->reason, "%s", reason);
}

ce_status ce_sme_batch_run(const ce_sme_batch_opts *o, ce_sme_batch_summary *sum,
                           ce_diag *diag, ce_error *err)
{
    reader r = {.path = o->enterprises, .summary = &o->summary, .diag = diag};
    ce_sme_batch_summary s = {0};
    ce_status st = ce_csv_read_opts(o->enterprises, &(ce_csv_read_options){o->encoding, o->sheet, 0},
                                    on_record, &r, NULL, diag, err);
    if (st == CE_OK)
        st = ce_idkey_check_unique(r.path, r.n, id_at, &r, "id", "id", err);
    for (size_t i = 0; st == CE_OK && i < r.n; i++) {
        row *w = &r.rows[i];
        classify_row(o->standard, w);
        if (w->size >= 0) {
            s.sizes[w->size]++;
            continue;
        }
        s.not_classified++;
        const char *id = w->cell[COL_ID];
        char q[256];
        st = ce_diag_add(diag, "%s:%zu: id \"%s\": %s", r.path, w->line,
                         ce_error_quote(id, strlen(id), q, sizeof q), w->reason + 7);
        if (st != CE_OK)
            ce_error_nomem(err);
    }
    s.enterprises = r.n;
    if (st == CE_OK && o->begin)
        st = o->begin(o->ud, err);
    for (size_t i = 0; st == CE_OK && o->emit && i < r.n; i++) {
        const row *w = &r.rows[i];
        ce_sme_batch_row out = {
            .id = w->cell[COL_ID],
            .industry = w->cell[COL_INDUSTRY],
            .employees = w->cell[COL_EMPLOYEES],
            .revenue = w->cell[COL_REVENUE],
            .assets = w->cell[COL_ASSETS],
            .line = w->line,
            .classified = w->size >= 0,
            .size = w->size >= 0 ? (ce_sme_size)w->size : CE_SME_MICRO,
            .reason = w->reason,
        };
        st = o->emit(o->ud, &out, err);
    }
    if (st == CE_OK)
        *sum = s;
    reader_fini(&r);
    return st;
}
