/* cmd_template.c - `clustereval template`: the data-collection workbook of
 * a profile (template.h). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "clustereval/profile.h"
#include "clustereval/template.h"

#include "cli.h"
#include "cli_opt.h"
#include "cli_options.h"
#include "cli_plan.h"

#include "cli_paths.h"

typedef struct {
    const char *profile, *output;
} template_args;

#define FIELD(f) .field = offsetof(template_args, f)

static const ce_cli_opt template_opts[] = {
    CE_CLI_HEADING("Options:"),
    CE_CLI_LIKE_AT(ce_cli_opt_weights, offsetof(template_args, profile), NULL),
    {.name = "output", .letter = 'o', .metavar = "FILE.xlsx", FIELD(output),
     .file = CE_CLI_FILE_MAIN_OUTPUT, .flags = CE_CLI_WORKBOOK,
     .help = "the workbook to write (required; atomically)"},
    CE_CLI_OPT_HELP_ENTRY,
    CE_CLI_END};

/* -o is required and names a workbook. */
static int check(const char *cmd, void *const bases[CE_CLI_N_GROUPS])
{
    const template_args *a = bases[CE_CLI_GROUP_OWN];
    if (!a->output)
        return ce_cli_usage_error(cmd, "-o FILE.xlsx is required");
    if (!ce_cli_names_workbook(a->output))
        return ce_cli_usage_error(cmd, "-o \"%s\": the template is a workbook; name it .xlsx",
                                  a->output);
    return 0;
}

static const ce_cli_command template_command = {
    .cmd = "template",
    .intro =
        "usage: clustereval template -o FILE.xlsx [-w PROFILE]\n"
        "\n"
        "Writes the data-collection workbook of PROFILE, to send out and fill:\n"
        "sheet " CE_TEMPLATE_DATA_SHEET " holds one row per cluster under a header of "
        CE_TEMPLATE_ID_HEADER ", " CE_TEMPLATE_NAME_HEADER "\n"
        "and one column per indicator titled by its name and unit, e.g.\n"
        "营业收入（亿元）, grouped under its dimension's merged title; the cells take\n"
        "numbers only (Excel's data validation), % units as percentages. Sheet\n"
        CE_TEMPLATE_HELP_SHEET " explains every column: dimension, code, unit, direction.\n"
        "A filled template ranks as it is (rank FILE.xlsx -w PROFILE); collect\n"
        "merges many into one data file.\n",
    .opts = template_opts,
    .outro = "Exit codes: 0 done, 1 bad profile, 2 usage error, 3 I/O error.\n",
    .check = check,
};

static ce_status run(void *args, ce_diag *diag, ce_error *err)
{
    const template_args *a = args;
    ce_profile *prof = NULL;
    ce_status st = ce_profile_load(a->profile, CE_ENC_AUTO, &prof, diag, err);
    if (st == CE_OK) {
        ce_cli_note_file("profile", a->profile);
        st = ce_template_write(prof, a->output, ce_cli_run_time(), err);
    }
    ce_cli_print_warnings(diag);
    if (st == CE_OK) {
        size_t n;
        ce_profile_leaves(prof, &n);
        ce_cli_note_file("output", a->output);
        ce_cli_note_main_output(a->output);
        ce_cli_note_count("indicators", (long long)n);
        fprintf(stderr, "clustereval: template: %zu indicators in ", n);
        ce_cli_put_one_line(a->output);
        fputc('\n', stderr);
    }
    ce_profile_free(prof);
    return st;
}

int ce_cmd_template(int argc, char **argv)
{
    template_args a = {.profile = ce_cli_shipped_file(CE_DEFAULT_PROFILE)};
    void *const bases[CE_CLI_N_GROUPS] = {&a, NULL, NULL};
    int rc = ce_cli_opt_parse_all(&template_command, bases, argc, argv);
    if (rc != 0)
        return rc < 0 ? CE_OK : rc;
    return ce_cli_run("template", run, &a);
}
