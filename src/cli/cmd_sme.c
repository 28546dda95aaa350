/* cmd_sme.c - `clustereval sme`: the size class (large, medium, small,
 * micro) of every enterprise of a CSV file under an SME size standard
 * (sme.h; default the 2011 national standard in weights/). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/numparse.h"
#include "clustereval/sme.h"

#include "cli.h"
#include "cli_plan.h"

#ifndef CE_DEFAULT_SME_STANDARD
#define CE_DEFAULT_SME_STANDARD "weights/sme-standard-2011.csv"
#endif

static const char sme_help[] =
    "usage: clustereval sme ENTERPRISES.csv [-o OUT.csv] [--standard FILE] [...]\n"
    "\n"
    "Classifies every enterprise of ENTERPRISES.csv (columns id, industry,\n"
    "employees, revenue, assets; revenue and assets in 10k yuan) as large,\n"
    "medium, small or micro under an SME size standard, and writes\n"
    "id,industry,employees,revenue,assets,size,reason to stdout or -o FILE.\n"
    "industry is the standard's industry id or Chinese name. A row that cannot\n"
    "be classified (unknown industry, a needed measure missing, a bad number)\n"
    "gets an empty size and reason \"error: ...\", with a warning.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE      write to FILE (atomically, with a UTF-8 BOM)\n"
    "      --standard FILE    the size standard\n"
    "                         (default " CE_DEFAULT_SME_STANDARD ")\n"
    "      --encoding ENC     auto, utf-8 or gb18030 for ENTERPRISES.csv (default\n"
    "                         auto; the standard is detected automatically)\n"
    "      --no-bom           no UTF-8 BOM at the start of FILE\n"
    "  -h, --help             this help\n"
    "\n"
    "Exit codes: 0 done (also with row errors), 1 bad input file or standard,\n"
    "2 usage error, 3 I/O error.\n";

typedef struct {
    const char *data, *standard, *output;
    ce_encoding encoding;
    int bom;
} sme_args;

enum { OPT_STANDARD = 256, OPT_ENCODING, OPT_NO_BOM };

static int parse_args(int argc, char **argv, sme_args *a)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"standard", required_argument, NULL, OPT_STANDARD},
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {"no-bom", no_argument, NULL, OPT_NO_BOM},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    opterr = 0;
    optind = 0; /* 0 re-initialises GNU getopt */
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': a->output = optarg; break;
        case OPT_STANDARD: a->standard = optarg; break;
        case OPT_ENCODING:
            if (ce_cli_encoding_option("sme", optarg, &a->encoding) != 0)
                return CE_ERR_USAGE;
            break;
        case OPT_NO_BOM: a->bom = 0; break;
        case 'h': fputs(sme_help, stdout); return -1;
        default: return ce_cli_option_error("sme", c, argv, optind);
        }
    }
    if (ce_cli_one_data_file("sme", argc, argv, optind, &a->data) != 0)
        return CE_ERR_USAGE;
    ce_cli_plan_input("data", NULL, &a->data);
    ce_cli_plan_input("standard", "--standard", &a->standard);
    ce_cli_plan_output("output", "-o", &a->output, 1);
    return ce_cli_plan_check("sme");
}

/* ---- reading the enterprises -------------------------------------------- */

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
} reader;

static ce_status on_record(void *ud, const ce_csv_record *rec, ce_error *err)
{
    reader *r = ud;
    if (rec->index == 0)
        return ce_csv_find_columns(rec, col_names, N_COLS, r->col, r->path,
                                   "sme needs id,industry,employees,revenue,assets", err);
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

/* ---- classifying -------------------------------------------------------- */

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

typedef struct {
    const reader *r;
    int bom;
} sme_output;

static ce_status write_rows(FILE *out, int to_file, void *ctx, ce_error *err)
{
    (void)err;
    const sme_output *o = ctx;
    if (to_file && o->bom)
        fputs("\xEF\xBB\xBF", out);
    fputs("id,industry,employees,revenue,assets,size,reason\n", out);
    for (size_t i = 0; i < o->r->n; i++) {
        const row *w = &o->r->rows[i];
        for (size_t c = 0; c < N_COLS; c++) {
            ce_csv_write_text(out, w->cell[c]);
            fputc(',', out);
        }
        fputs(w->size >= 0 ? ce_sme_size_name((ce_sme_size)w->size) : "", out);
        fputc(',', out);
        ce_csv_write_text(out, w->reason);
        fputc('\n', out);
    }
    return CE_OK;
}

static ce_status run(void *args, ce_diag *diag, ce_error *err)
{
    sme_args *a = args;
    ce_sme_standard *std = NULL;
    reader r = {.path = a->data};
    ce_status st = ce_sme_standard_load(a->standard, CE_ENC_AUTO, &std, diag, err);
    if (st == CE_OK) {
        ce_cli_note_file("standard", a->standard);
        st = ce_csv_read(a->data, a->encoding, on_record, &r, NULL, diag, err);
    }
    if (st == CE_OK)
        ce_cli_note_file("data", a->data);
    if (st == CE_OK)
        st = ce_cli_unique_ids(r.path, r.n, id_at, &r, "id", err);
    size_t count[CE_SME_N_SIZES] = {0}, errors = 0;
    for (size_t i = 0; st == CE_OK && i < r.n; i++) {
        row *w = &r.rows[i];
        classify_row(std, w);
        if (w->size >= 0) {
            count[w->size]++;
            continue;
        }
        errors++;
        const char *id = w->cell[COL_ID];
        char q[256];
        st = ce_diag_add(diag, "%s:%zu: id \"%s\": %s", a->data, w->line,
                         ce_error_quote(id, strlen(id), q, sizeof q), w->reason + 7);
        if (st != CE_OK)
            ce_error_nomem(err);
    }
    sme_output o = {&r, a->bom};
    if (st == CE_OK)
        st = ce_cli_write_output(a->output, write_rows, &o, err);
    ce_cli_print_warnings(diag);
    if (st == CE_OK) {
        for (int s = 0; s < CE_SME_N_SIZES; s++)
            ce_cli_note_count(ce_sme_size_name((ce_sme_size)s), (long long)count[s]);
        ce_cli_note_count("not_classified", (long long)errors);
        fprintf(stderr, "clustereval: sme: %zu enterprises in %s:", r.n, a->data);
        for (int s = 0; s < CE_SME_N_SIZES; s++)
            fprintf(stderr, " %s %zu%s", ce_sme_size_name((ce_sme_size)s), count[s],
                    s + 1 < CE_SME_N_SIZES ? "," : "");
        fputc('\n', stderr);
        if (errors)
            fprintf(stderr, "clustereval: sme: warning: %zu row(s) not classified (size empty, "
                            "reason \"error: ...\")\n", errors);
    }
    reader_fini(&r);
    ce_sme_standard_free(std);
    return st;
}

int ce_cmd_sme(int argc, char **argv)
{
    sme_args a = {.standard = CE_DEFAULT_SME_STANDARD, .encoding = CE_ENC_AUTO, .bom = 1};
    int rc = parse_args(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? CE_OK : rc;
    return ce_cli_run("sme", run, &a);
}
