/* training_batch.c - the training conditions of every applicant of a CSV
 * file (training_batch.h). */
#include "clustereval/training_batch.h"

#include <stdlib.h>
#include <string.h>

#include "clustereval/idkey.h"

#include "colmap.h"

typedef struct {
    char *cell[CE_TCOL_N]; /* NULL for a column the file does not have */
    size_t line;
    ce_training_result result;
} applicant;

typedef struct {
    const ce_training_batch_opts *o;
    long col[CE_TCOL_N];
    applicant *rows;
    size_t n, cap;
    ce_diag *diag;
} reader;

/* Maps the header (colmap.h): the columns the stage requires, and the
 * optional province; the others are not looked at. */
static ce_status on_header(reader *r, const ce_csv_record *rec, ce_error *err)
{
    ce_colmap_column cols[CE_TCOL_N];
    int index_of[CE_TCOL_N];
    size_t n = 0;
    for (int c = 0; c < CE_TCOL_N; c++) {
        r->col[c] = -1;
        int required = ce_training_column_required(c, r->o->stage);
        if (required || c == CE_TCOL_PROVINCE) {
            index_of[n] = c;
            cols[n++] = (ce_colmap_column){ce_training_column_name(c), NULL, NULL, required};
        }
    }
    ce_colmap_options o = {.path = r->o->applicants,
                           .hint = r->o->stage == CE_TRAINING_ACCEPT
                                       ? "acceptance also needs investment, "
                                         "actual_trainees, performance"
                                       : "see clustereval training --help"};
    long col[CE_TCOL_N];
    ce_status st = ce_colmap_find(rec, cols, n, &o, col, err);
    for (size_t k = 0; st == CE_OK && k < n; k++)
        r->col[index_of[k]] = col[k];
    return st;
}

static ce_status on_record(void *ud, const ce_csv_record *rec, ce_error *err)
{
    reader *r = ud;
    if (rec->index == 0)
        return on_header(r, rec, err);
    int drop;
    ce_status st = ce_summary_rows_check(&r->o->summary, r->o->applicants, rec->line,
                                         "applicant_id", rec->fields[r->col[CE_TCOL_APPLICANT_ID]],
                                         "name", rec->fields[r->col[CE_TCOL_NAME]], &drop, r->diag,
                                         err);
    if (st != CE_OK || drop)
        return st;
    if (!rec->fields[r->col[CE_TCOL_APPLICANT_ID]][0])
        return ce_error_set(err, CE_ERR_DATA, r->o->applicants, rec->line,
                            "empty applicant_id");
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        applicant *p = realloc(r->rows, cap * sizeof *p);
        if (!p)
            return ce_error_nomem(err);
        r->rows = p;
        r->cap = cap;
    }
    applicant *w = &r->rows[r->n++];
    memset(w, 0, sizeof *w);
    w->line = rec->line;
    for (int c = 0; c < CE_TCOL_N; c++)
        if (r->col[c] >= 0 && !(w->cell[c] = strdup(rec->fields[r->col[c]])))
            return ce_error_nomem(err);
    return CE_OK;
}

static void reader_fini(reader *r)
{
    for (size_t i = 0; i < r->n; i++)
        for (int c = 0; c < CE_TCOL_N; c++)
            free(r->rows[i].cell[c]);
    free(r->rows);
}

static const char *id_at(const void *ctx, size_t i, size_t *line)
{
    const reader *r = ctx;
    *line = r->rows[i].line;
    return r->rows[i].cell[CE_TCOL_APPLICANT_ID];
}

ce_status ce_training_batch_run(const ce_training_batch_opts *o,
                                ce_training_batch_summary *sum, ce_diag *diag, ce_error *err)
{
    reader r = {.o = o, .diag = diag};
    ce_training_batch_summary s = {0};
    ce_status st = ce_csv_read_opts(o->applicants, &(ce_csv_read_options){o->encoding, o->sheet, 0},
                                    on_record, &r, NULL, diag, err);
    if (st == CE_OK)
        st = ce_idkey_check_unique(o->applicants, r.n, id_at, &r, "applicant_id",
                                   "applicant_id", err);
    for (size_t i = 0; st == CE_OK && i < r.n; i++) {
        applicant *w = &r.rows[i];
        ce_training_assess(o->policy, o->stage, (const char *const *)w->cell, &w->result);
        s.passed += (size_t)w->result.pass;
        s.subsidy_fen += w->result.subsidy_fen;
        s.reward_fen += w->result.reward_fen;
    }
    s.applicants = r.n;
    if (st == CE_OK && o->begin)
        st = o->begin(o->ud, err);
    for (size_t i = 0; st == CE_OK && o->emit && i < r.n; i++) {
        const applicant *w = &r.rows[i];
        ce_training_batch_row row = {(const char *const *)w->cell, w->line, &w->result};
        st = o->emit(o->ud, &row, err);
    }
    if (st == CE_OK)
        *sum = s;
    reader_fini(&r);
    return st;
}
