/* cmd_check.c - `clustereval check`: every problem of a data file in one
 * run (ce_table_check, table.h), where `rank` stops at the first. The list
 * goes to stderr grouped by kind, each problem as `rank` would say it
 * ("clustereval: FILE:LINE: message"); -o writes it as CSV and --xlsx as a
 * workbook, both through the table writer. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "clustereval/problems.h"
#include "clustereval/profile.h"
#include "clustereval/table.h"
#include "clustereval/table_writer.h"
#include "clustereval/xlsx.h"

#include "cli.h"
#include "cli_opt.h"
#include "cli_options.h"
#include "cli_paths.h"
#include "cli_plan.h"

typedef struct {
    const char *data, *profile, *output, *xlsx, *sheet;
    ce_encoding encoding;
    int bom;
    int found; /* errors or warnings were found: exit 1 */
} check_args;

#define FIELD(f) .field = offsetof(check_args, f)

static const ce_cli_opt check_opts[] = {
    {.name = "DATA.csv", .flags = CE_CLI_OPERAND, FIELD(data), .file = CE_CLI_FILE_INPUT,
     .role = "data"},
    CE_CLI_HEADING("Options:"),
    CE_CLI_LIKE_AT(ce_cli_opt_weights, offsetof(check_args, profile), NULL),
    CE_CLI_LIKE_AT(ce_cli_opt_output, offsetof(check_args, output),
                   "also write the problems as CSV to FILE (atomically,\n"
                   "with a UTF-8 BOM)"),
    {.name = "xlsx", .metavar = "FILE", FIELD(xlsx), .file = CE_CLI_FILE_REPORT,
     .help = "also write the problems as an Excel workbook (errors red)"},
    CE_CLI_LIKE_AT(ce_cli_opt_no_bom, offsetof(check_args, bom),
                   "no UTF-8 BOM at the start of FILE"),
    CE_CLI_LIKE_AT(ce_cli_opt_encoding, offsetof(check_args, encoding), NULL),
    CE_CLI_LIKE_AT(ce_cli_opt_sheet, offsetof(check_args, sheet), NULL),
    CE_CLI_OPT_HELP_ENTRY,
    CE_CLI_END};

static const ce_cli_command check_command = {
    .cmd = "check",
    .intro =
        "usage: clustereval check DATA.csv [-w PROFILE] [-o PROBLEMS.csv] [--xlsx FILE]\n"
        "\n"
        "Lists every problem of DATA.csv under PROFILE in one run, where rank stops\n"
        "at the first: cells that are no number or no yes/no, empty, repeated and\n"
        "look-alike ids, rows with too few or too many cells, a column whose cells\n"
        "mix % and plain numbers (a warning), and the missing values of each\n"
        "cluster and each indicator (information). A problem of the file as a\n"
        "whole or of its header (no id column, a column named twice, an indicator\n"
        "that is no column) is listed alone: the rows cannot be read without it.\n"
        "The list goes to stderr grouped by kind with counts, each problem as rank\n"
        "says it: clustereval: FILE:LINE: message (row N, cluster \"ID NAME\"),\n"
        "LINE the file's line and N the row a spreadsheet shows. -o writes it as\n"
        "CSV: row,column,id,name,kind,text,hint,message.\n",
    .opts = check_opts,
    .outro = "Exit codes: 0 no error and no warning (information allowed), 1 problems\n"
             "found, 2 usage error, 3 I/O error.\n",
};

/* ---- the table of problems ------------------------------------------------ */

static const ce_tw_column problem_cols[] = {
    {"row", CE_TW_INTEGER}, {"column", CE_TW_TEXT}, {"id", CE_TW_TEXT},
    {"name", CE_TW_TEXT},   {"kind", CE_TW_TEXT},   {"text", CE_TW_TEXT},
    {"hint", CE_TW_TEXT},   {"message", CE_TW_TEXT}};
static const char *const problem_titles[] = {"row",  "column", "id",   "name",
                                             "kind", "text",   "hint", "message"};
#define N_PROBLEM_COLS (sizeof problem_cols / sizeof *problem_cols)

typedef struct {
    const check_args *a;
    const ce_problems *problems;
    ce_xlsx *xlsx; /* --xlsx, or NULL */
} check_job;

/* The problems of kind k, in the list's order. */
static size_t count_kind(const ce_problems *p, ce_problem_kind k)
{
    size_t n = 0;
    for (size_t i = 0; i < ce_problems_count(p); i++)
        n += ce_problems_get(p, i)->kind == k;
    return n;
}

/* Grouped by kind (problems.h's order), each group in the list's order. */
static ce_status write_table(FILE *out, int to_file, void *ctx, ce_error *err)
{
    const check_job *job = ctx;
    ce_tw_sinks sinks = {.csv = out, .bom = to_file && job->a->bom, .csv_lang = CE_LANG_EN,
                         .xlsx = job->xlsx, .xlsx_lang = CE_LANG_EN};
    ce_tw *tw = NULL;
    ce_status st = ce_tw_open(&sinks, &tw, err);
    if (st != CE_OK)
        return st;
    st = ce_tw_header_titled(tw, "problems", N_PROBLEM_COLS, problem_cols, problem_titles, err);
    const ce_problems *p = job->problems;
    for (int k = 0; st == CE_OK && k < CE_PROBLEM_N_KINDS; k++)
        for (size_t i = 0; st == CE_OK && i < ce_problems_count(p); i++) {
            const ce_problem *pr = ce_problems_get(p, i);
            if (pr->kind != (ce_problem_kind)k)
                continue;
            if (pr->row)
                ce_tw_integer(tw, (long long)pr->row);
            else
                ce_tw_empty(tw);
            ce_tw_text(tw, pr->column);
            ce_tw_text(tw, pr->id);
            ce_tw_text(tw, pr->name);
            ce_tw_text(tw, ce_problem_kind_name(pr->kind));
            ce_tw_text(tw, pr->text);
            ce_tw_text(tw, pr->hint);
            ce_tw_text(tw, pr->message);
            st = ce_tw_end_row(tw,
                               ce_problem_kind_severity(pr->kind) == CE_PROBLEM_ERROR
                                   ? CE_XLSX_REJECTED
                                   : CE_XLSX_PLAIN,
                               err);
        }
    return ce_tw_close(tw, st, err);
}

/* Writes the workbook alone (no -o): the table writer without a CSV. */
static ce_status write_workbook_only(check_job *job, ce_error *err)
{
    return write_table(NULL, 0, job, err);
}

/* ---- the list on stderr --------------------------------------------------- */

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void print_problems(const ce_problems *p)
{
    for (int k = 0; k < CE_PROBLEM_N_KINDS; k++) {
        size_t n = count_kind(p, (ce_problem_kind)k);
        if (!n)
            continue;
        ce_problem_severity sev = ce_problem_kind_severity((ce_problem_kind)k);
        const char *hint = "";
        for (size_t i = 0; i < ce_problems_count(p) && !hint[0]; i++)
            if (ce_problems_get(p, i)->kind == (ce_problem_kind)k)
                hint = ce_problems_get(p, i)->hint;
        fprintf(stderr, "clustereval: check: %s: %zu %s\n",
                ce_problem_kind_name((ce_problem_kind)k), n,
                sev == CE_PROBLEM_ERROR     ? plural(n, "error", "errors")
                : sev == CE_PROBLEM_WARNING ? plural(n, "warning", "warnings")
                                            : plural(n, "note", "notes"));
        if (hint[0]) {
            fprintf(stderr, "clustereval: check: hint: ");
            ce_cli_put_one_line(hint);
            fputc('\n', stderr);
        }
        for (size_t i = 0; i < ce_problems_count(p); i++) {
            const ce_problem *pr = ce_problems_get(p, i);
            if (pr->kind != (ce_problem_kind)k)
                continue;
            ce_error e = {{0}, pr->line, {0}};
            snprintf(e.file, sizeof e.file, "%s", pr->file);
            snprintf(e.msg, sizeof e.msg, "%s", pr->message);
            ce_cli_print_error(&e);
        }
    }
}

static ce_status run(void *args, ce_diag *diag, ce_error *err)
{
    check_args *a = args;
    ce_profile *prof = NULL;
    ce_problems *problems = ce_problems_new();
    check_job job = {.a = a, .problems = problems};
    ce_status st = problems ? ce_profile_load(a->profile, CE_ENC_AUTO, &prof, diag, err)
                            : ce_error_nomem(err);
    if (st == CE_OK) {
        ce_cli_note_file("profile", a->profile);
        ce_table_options o = {.encoding = a->encoding, .sheet = a->sheet};
        st = ce_cli_summary_rows(0, &o.summary, diag, err);
        if (st == CE_OK)
            st = ce_table_check(a->data, prof, &o, problems, diag, err);
    }
    if (st == CE_OK)
        ce_cli_note_file("data", a->data);
    if (st == CE_OK && a->xlsx)
        st = ce_xlsx_open(a->xlsx, ce_cli_run_time(), &job.xlsx, err);
    if (st == CE_OK && a->output)
        st = ce_cli_write_output(a->output, write_table, &job, err);
    else if (st == CE_OK && job.xlsx)
        st = write_workbook_only(&job, err);
    if (job.xlsx) {
        if (st == CE_OK)
            st = ce_xlsx_close(job.xlsx, err);
        else
            ce_xlsx_abort(job.xlsx);
        if (st == CE_OK)
            ce_cli_note_file("output", a->xlsx);
    }
    ce_cli_print_warnings(diag);
    if (st == CE_OK) {
        size_t ne = ce_problems_count_severity(problems, CE_PROBLEM_ERROR);
        size_t nw = ce_problems_count_severity(problems, CE_PROBLEM_WARNING);
        size_t ni = ce_problems_count_severity(problems, CE_PROBLEM_INFO);
        ce_cli_note_count("errors", (long long)ne);
        ce_cli_note_count("warnings", (long long)nw);
        ce_cli_note_count("notes", (long long)ni);
        print_problems(problems);
        fprintf(stderr, "clustereval: check: %s: %zu %s, %zu %s, %zu %s%s\n", a->data, ne,
                plural(ne, "error", "errors"), nw, plural(nw, "warning", "warnings"), ni,
                plural(ni, "note", "notes"),
                ne ? "; rank refuses the file until the errors are fixed" : "");
        a->found = ne + nw > 0;
    }
    ce_problems_free(problems);
    ce_profile_free(prof);
    return st;
}

void ce_cli_hint_check(const char *data, const char *profile)
{
    fprintf(stderr, "clustereval: hint: clustereval check ");
    ce_cli_put_one_line(data);
    fprintf(stderr, " -w ");
    ce_cli_put_one_line(profile);
    fprintf(stderr, " lists every problem of the data file at once\n");
}

int ce_cmd_check(int argc, char **argv)
{
    check_args a = {.profile = ce_cli_shipped_file(CE_DEFAULT_PROFILE),
                    .encoding = CE_ENC_AUTO,
                    .bom = 1};
    void *const bases[CE_CLI_N_GROUPS] = {&a, NULL, NULL};
    int rc = ce_cli_opt_parse_all(&check_command, bases, argc, argv);
    if (rc != 0)
        return rc < 0 ? CE_OK : rc;
    rc = ce_cli_run("check", run, &a);
    return rc == CE_OK && a.found ? CE_ERR_DATA : rc;
}
