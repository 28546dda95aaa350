/* cmd_sme.c - `clustereval sme`: the size class (large, medium, small,
 * micro) of every enterprise of a CSV file under an SME size standard
 * (sme.h; default the 2011 national standard in weights/). */
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "clustereval/sme_batch.h"
#include "clustereval/table_writer.h"

#include "cli.h"
#include "cli_opt.h"
#include "cli_options.h"
#include "cli_plan.h"

#include "cli_paths.h"

typedef struct {
    const char *data, *standard, *output;
    ce_encoding encoding;
    const char *sheet;
    int bom;
} sme_args;

#define FIELD(f) .field = offsetof(sme_args, f)

static const ce_cli_opt sme_opts[] = {
    CE_CLI_DATA_OPERAND("ENTERPRISES.csv", FIELD(data)),
    CE_CLI_HEADING("Options:"),
    {.like = &ce_cli_opt_output, .field = offsetof(sme_args, output),
     .flags = CE_CLI_AT | CE_CLI_WORKBOOK,
     .help = "write to FILE (atomically; CSV with a UTF-8 BOM, or a\n"
             "workbook when FILE ends in .xlsx)"},
    {.name = "standard", .metavar = "FILE", FIELD(standard), .file = CE_CLI_FILE_INPUT,
     .role = "standard", .help = "the size standard\n(default " CE_DEFAULT_SME_STANDARD ")"},
    CE_CLI_LIKE_AT(ce_cli_opt_encoding, offsetof(sme_args, encoding),
                   "auto, utf-8 or gb18030 for ENTERPRISES.csv (default\n"
                   "auto; the standard is detected automatically)"),
    CE_CLI_LIKE_AT(ce_cli_opt_sheet, offsetof(sme_args, sheet), NULL),
    CE_CLI_LIKE_AT(ce_cli_opt_no_bom, offsetof(sme_args, bom), "no UTF-8 BOM at the start of FILE"),
    CE_CLI_OPT_HELP_ENTRY,
    CE_CLI_END};

static const ce_cli_command sme_command = {
    .cmd = "sme",
    .intro =
        "usage: clustereval sme ENTERPRISES.csv [-o OUT.csv] [--standard FILE] [...]\n"
        "\n"
        "Classifies every enterprise of ENTERPRISES.csv (columns id, industry,\n"
        "employees, revenue, assets; revenue and assets in 10k yuan) as large,\n"
        "medium, small or micro under an SME size standard, and writes\n"
        "id,industry,employees,revenue,assets,size,reason to stdout or -o FILE.\n"
        "industry is the standard's industry id or Chinese name. A row that cannot\n"
        "be classified (unknown industry, a needed measure missing, a bad number)\n"
        "gets an empty size and reason \"error: ...\", with a warning.\n",
    .opts = sme_opts,
    .outro =
        "Exit codes: 0 done (also with row errors), 1 bad input file or standard,\n"
        "2 usage error, 3 I/O error.\n",
};

/* ---- output -------------------------------------------------------------- */

/* The measures are the cells as given (text in the CSV); a workbook shows
 * those that are numbers as numbers. */
static const ce_tw_column sme_cols[] = {
    {"id", CE_TW_TEXT},       {"industry", CE_TW_TEXT}, {"employees", CE_TW_NUMBER},
    {"revenue", CE_TW_NUMBER}, {"assets", CE_TW_NUMBER}, {"size", CE_TW_TEXT},
    {"reason", CE_TW_TEXT}};

typedef struct {
    const sme_args *a;
    ce_tw *tw;
} sme_output;

static ce_status put_header(void *ud, ce_error *err)
{
    const sme_output *o = ud;
    ce_cli_note_file("data", o->a->data);
    return ce_tw_header(o->tw, "enterprises", sizeof sme_cols / sizeof *sme_cols, sme_cols, err);
}

static ce_status put_row(void *ud, const ce_sme_batch_row *w, ce_error *err)
{
    ce_tw *tw = ((const sme_output *)ud)->tw;
    ce_tw_text(tw, w->id);
    ce_tw_text(tw, w->industry);
    ce_tw_text(tw, w->employees);
    ce_tw_text(tw, w->revenue);
    ce_tw_text(tw, w->assets);
    ce_tw_text(tw, w->classified ? ce_sme_size_name(w->size) : "");
    ce_tw_text(tw, w->reason);
    return ce_tw_end_row(tw, CE_XLSX_PLAIN, err);
}

typedef struct {
    const sme_args *a;
    const ce_sme_standard *std;
    ce_diag *diag;
    ce_sme_batch_summary sum;
    ce_xlsx *xlsx; /* -o NAME.xlsx: the workbook instead of the CSV */
} sme_job;

static ce_status write_rows(FILE *out, int to_file, void *ctx, ce_error *err)
{
    sme_job *job = ctx;
    /* what NULL: ce_cli_write_output checks the stream */
    ce_tw_sinks sinks = {.csv = out, .bom = to_file && job->a->bom, .csv_lang = CE_LANG_EN,
                         .xlsx = job->xlsx, .xlsx_lang = CE_LANG_EN};
    sme_output o = {job->a, NULL};
    ce_status st = ce_tw_open(&sinks, &o.tw, err);
    if (st != CE_OK)
        return st;
    ce_sme_batch_opts opts = {
        .enterprises = job->a->data,
        .encoding = job->a->encoding,
        .sheet = job->a->sheet,
        .standard = job->std,
        .begin = put_header,
        .emit = put_row,
        .ud = &o,
    };
    st = ce_cli_summary_rows(0, &opts.summary, job->diag, err);
    opts.summary.hint = CE_CLI_SUMMARY_REMOVE_HINT;
    if (st == CE_OK)
        st = ce_sme_batch_run(&opts, &job->sum, job->diag, err);
    return ce_tw_close(o.tw, st, err);
}

static ce_status run(void *args, ce_diag *diag, ce_error *err)
{
    sme_args *a = args;
    ce_sme_standard *std = NULL;
    ce_status st = ce_sme_standard_load(a->standard, CE_ENC_AUTO, &std, diag, err);
    sme_job job = {a, std, diag, {0}, NULL};
    if (st == CE_OK)
        ce_cli_note_file("standard", a->standard);
    if (st == CE_OK && ce_cli_names_workbook(a->output)) {
        st = ce_xlsx_open(a->output, ce_cli_run_time(), &job.xlsx, err);
        if (st == CE_OK)
            st = write_rows(NULL, 1, &job, err);
        if (st == CE_OK)
            st = ce_xlsx_close(job.xlsx, err);
        else if (job.xlsx)
            ce_xlsx_abort(job.xlsx);
        if (st == CE_OK) {
            ce_cli_note_file("output", a->output);
            ce_cli_note_main_output(a->output);
        }
    } else if (st == CE_OK) {
        st = ce_cli_write_output(a->output, write_rows, &job, err);
    }
    ce_cli_print_warnings(diag);
    if (st == CE_OK) {
        const ce_sme_batch_summary *s = &job.sum;
        for (int k = 0; k < CE_SME_N_SIZES; k++)
            ce_cli_note_count(ce_sme_size_name((ce_sme_size)k), (long long)s->sizes[k]);
        ce_cli_note_count("not_classified", (long long)s->not_classified);
        fprintf(stderr, "clustereval: sme: %zu enterprises in %s:", s->enterprises, a->data);
        for (int k = 0; k < CE_SME_N_SIZES; k++)
            fprintf(stderr, " %s %zu%s", ce_sme_size_name((ce_sme_size)k), s->sizes[k],
                    k + 1 < CE_SME_N_SIZES ? "," : "");
        fputc('\n', stderr);
        if (s->not_classified)
            fprintf(stderr, "clustereval: sme: warning: %zu row(s) not classified (size empty, "
                            "reason \"error: ...\")\n", s->not_classified);
    }
    ce_sme_standard_free(std);
    return st;
}

int ce_cmd_sme(int argc, char **argv)
{
    sme_args a = {.standard = ce_cli_shipped_file(CE_DEFAULT_SME_STANDARD), .encoding = CE_ENC_AUTO, .bom = 1};
    void *const bases[CE_CLI_N_GROUPS] = {&a, NULL, NULL};
    return ce_cli_opt_run(&sme_command, bases, argc, argv, run);
}
