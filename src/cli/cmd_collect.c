/* cmd_collect.c - `clustereval collect`: many filled templates (or data
 * files) merged into one data file (collect.h). */
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "clustereval/collect.h"
#include "clustereval/profile.h"
#include "clustereval/table_writer.h"
#include "clustereval/template.h"
#include "clustereval/xlsx.h"

#include "cli.h"
#include "cli_opt.h"
#include "cli_options.h"
#include "cli_plan.h"

#include "cli_paths.h"

typedef struct {
    const char *profile, *output;
    const char *const *files;
    size_t n_files;
    ce_encoding encoding;
    int bom;
    ce_cli_header_args header;
} collect_args;

#define FIELD(f) .field = offsetof(collect_args, f)

static const ce_cli_opt collect_opts[] = {
    CE_CLI_HEADING("Options:"),
    CE_CLI_LIKE_AT(ce_cli_opt_weights, offsetof(collect_args, profile), NULL),
    {.name = "output", .letter = 'o', .metavar = "FILE", FIELD(output),
     .file = CE_CLI_FILE_MAIN_OUTPUT, .flags = CE_CLI_WORKBOOK,
     .help = "write to FILE (atomically): a workbook when it ends in\n"
             ".xlsx, else CSV with a UTF-8 BOM (default: CSV to stdout)"},
    CE_CLI_LIKE_AT(ce_cli_opt_no_bom, offsetof(collect_args, bom),
                   "no UTF-8 BOM at the start of a CSV FILE"),
    CE_CLI_LIKE_AT(ce_cli_opt_encoding, offsetof(collect_args, encoding), NULL),
    CE_CLI_HEADER_ENTRIES_AT(collect_args, header),
    CE_CLI_OPT_HELP_ENTRY,
    CE_CLI_END};

static const ce_cli_command collect_command = {
    .cmd = "collect",
    .intro =
        "usage: clustereval collect FILE... [-w PROFILE] [-o OUT.csv|OUT.xlsx]\n"
        "\n"
        "Merges filled templates (clustereval template) or any data files that rank\n"
        "reads, one per cluster or per city, into one data file: the rows in file\n"
        "order under the header id,name,eligible,veto and the profile's codes,\n"
        "numbers as read, missing values empty. Every file is checked as rank\n"
        "checks its data, and an id given twice, in one file or in two, is refused;\n"
        "the problems of all files are listed and nothing is written.\n",
    .opts = collect_opts,
    .outro = "Exit codes: 0 done, 1 a file did not read or an id repeats, 2 usage error,\n"
             "3 I/O error.\n",
};

static int parse_args(int argc, char **argv, collect_args *a)
{
    void *const bases[CE_CLI_N_GROUPS] = {a, NULL, NULL};
    int rc = ce_cli_opt_parse(&collect_command, bases, argc, argv);
    if (rc != 0)
        return rc;
    if (optind >= argc)
        return ce_cli_usage_error("collect", "no file to collect (give one or more FILE)");
    a->files = (const char *const *)(argv + optind);
    a->n_files = (size_t)(argc - optind);
    for (int i = optind; i < argc; i++)
        ce_cli_plan_input("data", NULL, (const char **)(argv + i));
    return ce_cli_opt_plan_check(&collect_command, bases);
}

typedef struct {
    const collect_args *a;
    const ce_collect *c;
} collect_job;

static ce_status write_csv(FILE *out, int to_file, void *ctx, ce_error *err)
{
    const collect_job *job = ctx;
    ce_tw_sinks sinks = {.csv = out, .bom = to_file && job->a->bom, .csv_lang = CE_LANG_EN};
    ce_tw *tw;
    ce_status st = ce_tw_open(&sinks, &tw, err);
    if (st != CE_OK)
        return st;
    st = ce_collect_write(job->c, tw, CE_TEMPLATE_DATA_SHEET, err);
    return ce_tw_close(tw, st, err);
}

static ce_status write_xlsx(const collect_job *job, ce_error *err)
{
    ce_xlsx *x;
    ce_status st = ce_xlsx_open(job->a->output, ce_cli_run_time(), &x, err);
    if (st != CE_OK)
        return st;
    ce_tw_sinks sinks = {.xlsx = x, .xlsx_lang = CE_LANG_EN};
    ce_tw *tw;
    st = ce_tw_open(&sinks, &tw, err);
    if (st == CE_OK) {
        st = ce_collect_write(job->c, tw, CE_TEMPLATE_DATA_SHEET, err);
        st = ce_tw_close(tw, st, err);
    }
    if (st == CE_OK) {
        st = ce_xlsx_close(x, err);
    } else {
        ce_xlsx_abort(x);
    }
    if (st == CE_OK) {
        ce_cli_note_file("output", job->a->output);
        ce_cli_note_main_output(job->a->output);
    }
    return st;
}

static ce_status run(void *args, ce_diag *diag, ce_error *err)
{
    const collect_args *a = args;
    ce_profile *prof = NULL;
    ce_collect *c = NULL;
    ce_collect_summary sum = {0};
    ce_status st = ce_profile_load(a->profile, CE_ENC_AUTO, &prof, diag, err);
    if (st == CE_OK) {
        ce_cli_note_file("profile", a->profile);
        ce_table_options topt = {.encoding = a->encoding, .id_column = a->header.id_column,
                                 .name_column = a->header.name_column,
                                 .header_row = a->header.header_row};
        st = ce_collect_read(prof, a->files, a->n_files, &topt, &c, &sum, diag, err);
    }
    if (st == CE_OK) {
        for (size_t f = 0; f < a->n_files; f++)
            ce_cli_note_file("data", a->files[f]);
        collect_job job = {a, c};
        st = a->output && ce_cli_names_workbook(a->output) ? write_xlsx(&job, err)
                                     : ce_cli_write_output(a->output, write_csv, &job, err);
    }
    ce_cli_print_warnings(diag);
    for (size_t k = 0; k < sum.n_problems; k++) /* every file's problem, then the count */
        ce_cli_report_failure("collect", sum.problems[k].status, &sum.problems[k].error);
    if (st == CE_OK) {
        ce_cli_note_count("files", (long long)sum.files);
        ce_cli_note_count("rows", (long long)sum.rows);
        fprintf(stderr, "clustereval: collect: %zu rows from %zu files", sum.rows, sum.files);
        if (a->output) {
            fputs(" into ", stderr);
            ce_cli_put_one_line(a->output);
        }
        fputc('\n', stderr);
    }
    ce_collect_summary_fini(&sum);
    ce_collect_free(c);
    ce_profile_free(prof);
    return st;
}

int ce_cmd_collect(int argc, char **argv)
{
    collect_args a = {.profile = ce_cli_shipped_file(CE_DEFAULT_PROFILE),
                      .encoding = CE_ENC_AUTO,
                      .bom = 1};
    int rc = parse_args(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? CE_OK : rc;
    return ce_cli_run("collect", run, &a);
}
