/* cmd_training.c - `clustereval training`: the conditions of the public
 * training projects (新旧动能转换公共实训项目) for every applicant of a CSV file,
 * at application or at acceptance (training.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/labels.h"
#include "clustereval/numparse.h"
#include "clustereval/table_writer.h"
#include "clustereval/training_batch.h"
#include "clustereval/xlsx.h"

#include "cli.h"
#include "cli_opt.h"
#include "cli_options.h"
#include "cli_plan.h"

#include "cli_paths.h"

typedef struct {
    const char *data, *output, *policy, *xlsx;
    ce_training_stage stage;
    ce_encoding encoding;
    const char *sheet;
    int bom;
    ce_cli_langs lang; /* --lang */
} training_args;

static int set_stage(const ce_cli_optarg *x)
{
    training_args *a = x->base;
    if (!strcmp(x->arg, "apply"))
        a->stage = CE_TRAINING_APPLY;
    else if (!strcmp(x->arg, "accept"))
        a->stage = CE_TRAINING_ACCEPT;
    else
        return ce_cli_usage_error("training", "--stage: \"%s\" is not apply or accept", x->arg);
    return 0;
}

#define FIELD(f) .field = offsetof(training_args, f)

static const ce_cli_opt training_opts[] = {
    CE_CLI_DATA_OPERAND("APPLICANTS.csv", FIELD(data)),
    CE_CLI_HEADING("Options:"),
    {.name = "stage", .metavar = "STAGE", .set = set_stage,
     .help = "apply (default): the application conditions;\n"
             "accept: also investment, actual trainees and the\n"
             "performance grade, a year after approval"},
    CE_CLI_LIKE_AT(ce_cli_opt_output, offsetof(training_args, output), CE_CLI_HELP_OUTPUT_FILE),
    {.name = "policy", .metavar = "FILE", FIELD(policy), .file = CE_CLI_FILE_INPUT,
     .role = "policy", .help = "the conditions (default " CE_DEFAULT_TRAINING_POLICY ")"},
    CE_CLI_LIKE_AT(ce_cli_opt_encoding, offsetof(training_args, encoding),
                   "auto, utf-8 or gb18030 for APPLICANTS.csv (default auto)"),
    CE_CLI_LIKE_AT(ce_cli_opt_sheet, offsetof(training_args, sheet), NULL),
    CE_CLI_LIKE_AT(ce_cli_opt_no_bom, offsetof(training_args, bom), "no UTF-8 BOM at the start of FILE"),
    {.name = "xlsx", .metavar = "FILE", FIELD(xlsx), .file = CE_CLI_FILE_REPORT,
     .help = "also an Excel workbook of the same table (frozen\n"
             "header, money formatted, failed rows red)"},
    CE_CLI_LIKE_AT(ce_cli_opt_table_lang, offsetof(training_args, lang), NULL),
    CE_CLI_OPT_HELP_ENTRY,
    CE_CLI_END};

static const ce_cli_command training_command = {
    .cmd = "training",
    .intro =
        "usage: clustereval training APPLICANTS.csv [--stage apply|accept] [-o OUT.csv] [...]\n"
        "\n"
        "Checks every applicant for a public training project (新旧动能转换公共实训项目)\n"
        "against the conditions of the policy file and writes\n"
        "applicant_id,name,kind,decision,failed,subsidy,reward: decision pass or\n"
        "fail, failed the ';'-separated reason codes (one per failed condition, and\n"
        "missing:<column> / invalid:<column> for empty or unreadable cells),\n"
        "subsidy the requested amount up to the cap when passed, reward (at\n"
        "acceptance) the reward when passed and graded 优秀.\n",
    .opts = training_opts,
    .outro =
        "Exit codes: 0 done (also with failed applicants), 1 bad input file or\n"
        "policy, 2 usage error, 3 I/O error.\n",
};

/* ---- writing ------------------------------------------------------------- */

static const ce_tw_column out_cols[] = {
    {"applicant_id", CE_TW_TEXT}, {"name", CE_TW_TEXT},     {"kind", CE_TW_TEXT},
    {"decision", CE_TW_TEXT},     {"failed", CE_TW_TEXT},   {"subsidy", CE_TW_MONEY},
    {"reward", CE_TW_MONEY}};

typedef struct {
    const training_args *a;
    const ce_training_policy *policy;
    ce_diag *diag;
    ce_tw *tw;     /* the CSV and, with --xlsx, the workbook */
    ce_xlsx *xlsx; /* --xlsx, or NULL */
    ce_training_batch_summary sum;
} output_job;

/* The header of the CSV and of the workbook's sheet. */
static ce_status put_header(void *ud, ce_error *err)
{
    const output_job *job = ud;
    ce_cli_note_file("data", job->a->data);
    return ce_tw_header(job->tw, job->a->stage == CE_TRAINING_ACCEPT ? "acceptance"
                                                                      : "applications",
                        sizeof out_cols / sizeof *out_cols, out_cols, err);
}

/* One applicant to the CSV and, when asked, to the workbook. */
static ce_status put_row(void *ud, const ce_training_batch_row *w, ce_error *err)
{
    const output_job *job = ud;
    const ce_training_result *res = w->result;
    ce_tw_text(job->tw, w->cells[CE_TCOL_APPLICANT_ID]);
    ce_tw_text(job->tw, w->cells[CE_TCOL_NAME]);
    ce_tw_text(job->tw,
               res->kind >= 0 ? ce_training_kind_name(res->kind) : w->cells[CE_TCOL_KIND]);
    ce_tw_text(job->tw, res->pass ? "pass" : "fail");
    ce_tw_text(job->tw, res->failed);
    ce_tw_money(job->tw, res->subsidy_fen);
    ce_tw_money(job->tw, res->reward_fen);
    return ce_tw_end_row(job->tw, res->pass ? CE_XLSX_AWARD : CE_XLSX_REJECTED, err);
}

static ce_status write_rows(FILE *out, int to_file, void *ctx, ce_error *err)
{
    output_job *job = ctx;
    const training_args *a = job->a;
    /* what NULL: ce_cli_write_output checks the stream */
    ce_tw_sinks sinks = {.csv = out, .bom = to_file && a->bom, .csv_lang = a->lang.csv,
                         .xlsx = job->xlsx, .xlsx_lang = a->lang.xlsx};
    ce_status st = ce_tw_open(&sinks, &job->tw, err);
    if (st != CE_OK)
        return st;
    ce_training_batch_opts o = {
        .applicants = a->data,
        .encoding = a->encoding,
        .sheet = a->sheet,
        .stage = a->stage,
        .policy = job->policy,
        .begin = put_header,
        .emit = put_row,
        .ud = job,
    };
    st = ce_cli_summary_rows(0, &o.summary, job->diag, err);
    o.summary.hint = CE_CLI_SUMMARY_REMOVE_HINT;
    if (st == CE_OK)
        st = ce_training_batch_run(&o, &job->sum, job->diag, err);
    st = ce_tw_close(job->tw, st, err);
    job->tw = NULL;
    return st;
}

static ce_status run(void *args, ce_diag *diag, ce_error *err)
{
    training_args *a = args;
    ce_training_policy *policy = NULL;
    output_job job = {.a = a, .diag = diag};
    ce_status st = ce_training_policy_load(a->policy, &policy, diag, err);
    if (st == CE_OK) {
        ce_cli_note_file("policy", a->policy);
        ce_cli_note_option("stage", a->stage == CE_TRAINING_ACCEPT ? "accept" : "apply");
    }
    job.policy = policy;
    if (st == CE_OK && a->xlsx)
        st = ce_xlsx_open(a->xlsx, ce_cli_run_time(), &job.xlsx, err);
    if (st == CE_OK)
        st = ce_cli_write_output(a->output, write_rows, &job, err);
    if (job.xlsx) {
        if (st == CE_OK)
            st = ce_xlsx_close(job.xlsx, err);
        else
            ce_xlsx_abort(job.xlsx);
        if (st == CE_OK)
            ce_cli_note_file("output", a->xlsx);
    }
    const ce_training_batch_summary *s = &job.sum;
    if (st == CE_OK) {
        ce_cli_note_count("applicants", (long long)s->applicants);
        ce_cli_note_count("pass", (long long)s->passed);
    }
    ce_cli_print_warnings(diag);
    if (st == CE_OK) {
        char s1[32], s2[32];
        ce_money_format(s->subsidy_fen, s1, sizeof s1);
        ce_money_format(s->reward_fen, s2, sizeof s2);
        if (a->lang.csv == CE_LANG_ZH) /* --lang zh */
            fprintf(stderr,
                    "clustereval: training（%s）：%s 共 %zu 个申报单位：通过 %zu 个，不通过 %zu 个；"
                    "补助 %s 元，奖励 %s 元\n",
                    a->stage == CE_TRAINING_ACCEPT ? "验收" : "申报", a->data, s->applicants,
                    s->passed, s->applicants - s->passed, s1, s2);
        else
            fprintf(stderr,
                    "clustereval: training (%s): %zu applicants in %s: %zu pass, %zu fail; "
                    "subsidy %s CNY, reward %s CNY\n",
                    a->stage == CE_TRAINING_ACCEPT ? "accept" : "apply", s->applicants, a->data,
                    s->passed, s->applicants - s->passed, s1, s2);
    }
    ce_training_policy_free(policy);
    return st;
}

int ce_cmd_training(int argc, char **argv)
{
    training_args a = {.policy = ce_cli_shipped_file(CE_DEFAULT_TRAINING_POLICY), .encoding = CE_ENC_AUTO,
                       .bom = 1, .lang = CE_CLI_LANGS_DEFAULT};
    void *const bases[CE_CLI_N_GROUPS] = {&a, NULL, NULL};
    return ce_cli_opt_run(&training_command, bases, argc, argv, run);
}
