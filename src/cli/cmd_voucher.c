/* cmd_voucher.c - `clustereval voucher issue|redeem|status`: the innovation
 * service voucher (创新服务券) batches against a SQLite ledger
 * (voucher_issue.h, voucher_redeem.h, ledger.h). */
#include <errno.h>
#include <stddef.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clustereval/dates.h"
#include "clustereval/labels.h"
#include "clustereval/ledger.h"
#include "clustereval/voucher.h"
#include "clustereval/voucher_issue.h"
#include "clustereval/voucher_redeem.h"
#include "clustereval/table_writer.h"
#include "clustereval/xlsx.h"

#include "cli.h"
#include "cli_opt.h"
#include "cli_options.h"
#include "cli_plan.h"

#include "cli_paths.h"

typedef enum { V_ISSUE, V_REDEEM, V_STATUS } voucher_action;

typedef struct {
    voucher_action action;
    const char *cmd; /* "voucher issue", for the messages */
    const char *data, *output, *ledger, *policy, *standard, *cycle;
    long long pool_fen;
    int pool_given, strict_cap, bom;
    const char *xlsx;
    ce_cli_langs lang; /* --lang */
    char as_of[11];
    int has_as_of;
    ce_encoding encoding;
    const char *sheet;
    char ledger_buf[4096];
} voucher_args;

static int valid_cycle(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 32)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '.' || *s == '_' || *s == '-'))
            return 0;
    return 1;
}

/* The run's day in China (UTC+8), for the default --as-of: the run's time
 * (cli.h), so that verify's re-run reports as of the same day. */
static void today(char out[11])
{
    ce_date_format(ce_datetime_day(ce_cli_run_time() + 8 * 3600), out);
}

/* The ledger beside the output: "<folder of -o>/vouchers.db". */
static const char *default_ledger(voucher_args *a)
{
    const char *slash = a->output ? strrchr(a->output, '/') : NULL;
    if (!slash)
        return "vouchers.db";
    snprintf(a->ledger_buf, sizeof a->ledger_buf, "%.*s/vouchers.db",
             (int)(slash - a->output), a->output);
    return a->ledger_buf;
}

static int set_cycle(const ce_cli_optarg *x)
{
    voucher_args *a = x->base;
    if (!valid_cycle(x->arg))
        return ce_cli_usage_error(a->cmd, "--cycle: \"%s\" is not 1-32 letters, digits, "
                                          "'.', '_' or '-'", x->arg);
    a->cycle = x->arg;
    return 0;
}

static int set_pool(const ce_cli_optarg *x)
{
    voucher_args *a = x->base;
    if (ce_money_parse(x->arg, strlen(x->arg), &a->pool_fen) != 0 || a->pool_fen <= 0)
        return ce_cli_usage_error(a->cmd, "--pool: \"%s\" is not a positive amount of "
                                          "CNY (at most two decimals)", x->arg);
    a->pool_given = 1;
    return 0;
}

static int set_as_of(const ce_cli_optarg *x)
{
    voucher_args *a = x->base;
    long days;
    if (ce_date_parse(x->arg, strlen(x->arg), &days) != 0)
        return ce_cli_usage_error(a->cmd, "--as-of: \"%s\" is not a date (YYYY-MM-DD)", x->arg);
    ce_date_format(days, a->as_of);
    a->has_as_of = 1;
    return 0;
}

/* The options of other actions are refused; issue needs --cycle. */
static int check_options(const char *cmd, void *const bases[CE_CLI_N_GROUPS])
{
    const voucher_args *a = bases[CE_CLI_GROUP_OWN];
    const char *wrong = a->action != V_ISSUE && a->cycle          ? "--cycle"
                        : a->action != V_ISSUE && a->pool_given   ? "--pool"
                        : a->action != V_ISSUE && a->strict_cap   ? "--strict-cap"
                        : a->action != V_ISSUE && a->standard     ? "--standard"
                        : a->action == V_ISSUE && a->has_as_of    ? "--as-of"
                        : a->action == V_STATUS && a->policy      ? "--policy"
                                                                  : NULL;
    if (wrong)
        return ce_cli_usage_error(cmd, "%s is not an option of %s", wrong, cmd);
    if (a->action == V_ISSUE && !a->cycle)
        return ce_cli_usage_error(cmd, "--cycle ID is required");
    return 0;
}

/* The defaults that depend on the other options. */
static int check(const char *cmd, void *const bases[CE_CLI_N_GROUPS])
{
    voucher_args *a = bases[CE_CLI_GROUP_OWN];
    (void)cmd;
    if (!a->has_as_of)
        today(a->as_of);
    if (!a->policy)
        a->policy = ce_cli_shipped_file(CE_DEFAULT_VOUCHER_POLICY);
    if (!a->standard)
        a->standard = ce_cli_shipped_file(CE_DEFAULT_SME_STANDARD);
    if (!a->ledger)
        a->ledger = default_ledger(a);
    return 0;
}

#define FIELD(f) .field = offsetof(voucher_args, f)
enum { ISSUE = 1u << V_ISSUE, REDEEM = 1u << V_REDEEM, STATUS = 1u << V_STATUS };

static const ce_cli_opt voucher_opts[] = {
    CE_CLI_DATA_OPERAND("FILE.csv", FIELD(data), .only = ISSUE | REDEEM),
    CE_CLI_HEADING("Options:"),
    {.name = "cycle", .metavar = "ID", .set = set_cycle,
     .help = "(issue) the application cycle, e.g. 2023A: letters,\n"
             "digits, '.', '_' and '-', at most 32 characters"},
    {.name = "pool", .metavar = "AMOUNT", .set = set_pool,
     .help = "(issue) the cycle's pool in CNY; required when the\n"
             "cycle is new in the ledger, else it must match"},
    {.name = "strict-cap", FIELD(strict_cap), .value = 1,
     .help = "(issue) reject a request above the cap (over_cap)\n"
             "instead of cutting it to the cap"},
    {.name = "ledger", .metavar = "FILE", FIELD(ledger), .file = CE_CLI_FILE_LEDGER,
     .help = "the SQLite ledger (default vouchers.db in the folder\n"
             "of -o, or the current folder); created when missing"},
    CE_CLI_LIKE_AT(ce_cli_opt_output, offsetof(voucher_args, output), CE_CLI_HELP_OUTPUT_FILE),
    {.name = "policy", .metavar = "FILE", FIELD(policy), .file = CE_CLI_FILE_INPUT,
     .role = "policy", .only = ISSUE | REDEEM,
     .help = "the voucher policy\n(default " CE_DEFAULT_VOUCHER_POLICY ")"},
    {.name = "standard", .metavar = "FILE", FIELD(standard), .file = CE_CLI_FILE_INPUT,
     .role = "standard", .only = ISSUE,
     .help = "(issue) the SME size standard\n(default " CE_DEFAULT_SME_STANDARD ")"},
    {.name = "as-of", .metavar = "DATE", .set = set_as_of,
     .help = "(redeem, status) count expired vouchers as of DATE\n(YYYY-MM-DD; default today)"},
    CE_CLI_LIKE_AT(ce_cli_opt_encoding, offsetof(voucher_args, encoding),
                   "auto, utf-8 or gb18030 for the input (default auto)"),
    CE_CLI_LIKE_AT(ce_cli_opt_sheet, offsetof(voucher_args, sheet), NULL),
    CE_CLI_LIKE_AT(ce_cli_opt_no_bom, offsetof(voucher_args, bom), "no UTF-8 BOM at the start of FILE"),
    {.name = "xlsx", .metavar = "FILE", FIELD(xlsx), .file = CE_CLI_FILE_REPORT,
     .help = "also an Excel workbook of the same table (formatted:\n"
             "frozen header, money with thousands separators,\n"
             "granted rows green, rejected red)"},
    CE_CLI_LIKE_AT(ce_cli_opt_table_lang, offsetof(voucher_args, lang), NULL),
    CE_CLI_OPT_HELP_ENTRY,
    CE_CLI_END};

static const ce_cli_command voucher_command = {
    .cmd = "voucher",
    .intro =
        "usage: clustereval voucher issue APPLICATIONS.csv --cycle ID [--pool AMOUNT]\n"
        "                              [--ledger FILE] [-o DECISIONS.csv] [...]\n"
        "       clustereval voucher redeem CLAIMS.csv [--ledger FILE] [-o OUT.csv] [...]\n"
        "       clustereval voucher status [--ledger FILE] [-o OUT.csv] [--as-of DATE]\n"
        "\n"
        "Innovation service vouchers (创新服务券), kept in a SQLite ledger.\n"
        "\n"
        "issue   decides every application of APPLICATIONS.csv in queue order\n"
        "        (applied_at, then app_id): eligibility, size, voucher type and face\n"
        "        value, strict first come first served from the cycle's pool. Writes\n"
        "        app_id,credit_code,name,decision,reasons,size,voucher_type,face_value,\n"
        "        voucher_id,expires_at,pool_left. An application the ledger has\n"
        "        already granted (same app_id, credit code and row) keeps its voucher:\n"
        "        re-running a batch changes nothing; its app_id on any other row is\n"
        "        rejected as app_id_reused.\n"
        "redeem  pays the claims of CLAIMS.csv (voucher_id, credit_code,\n"
        "        contract_amount, service, redeemed_at): min(ratio x contract, face\n"
        "        value), rounded down to the fen. Writes voucher_id,decision,reasons,\n"
        "        subsidy.\n"
        "status  one row per cycle of the ledger: pool, vouchers issued, redeemed,\n"
        "        expired and outstanding, subsidy paid, pool left.\n",
    .opts = voucher_opts,
    .check_options = check_options,
    .check = check,
    .outro =
        "Exit codes: 0 done (also with rejected rows), 1 bad input file, policy or\n"
        "ledger, 2 usage error, 3 I/O error (also: the ledger is busy).\n",
};

static int parse_args(int argc, char **argv, voucher_args *a)
{
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        if (argc < 2)
            return ce_cli_usage_error("voucher", "give an action: issue, redeem or status");
        ce_cli_opt_help(&voucher_command, stdout);
        return -1;
    }
    if (!strcmp(argv[1], "issue"))
        a->action = V_ISSUE, a->cmd = "voucher issue";
    else if (!strcmp(argv[1], "redeem"))
        a->action = V_REDEEM, a->cmd = "voucher redeem";
    else if (!strcmp(argv[1], "status"))
        a->action = V_STATUS, a->cmd = "voucher status";
    else
        return ce_cli_usage_error("voucher", "unknown action \"%s\" (use issue, redeem or status)",
                                  argv[1]);
    argc--, argv++;
    ce_cli_command command = voucher_command; /* messages name "voucher issue" */
    command.cmd = a->cmd;
    command.action = 1u << a->action;
    void *const bases[CE_CLI_N_GROUPS] = {a, NULL, NULL};
    return ce_cli_opt_parse_all(&command, bases, argc, argv);
}

/* ---- output ---------------------------------------------------------------- */

typedef struct {
    voucher_args *a;
    ce_ledger *ledger;
    const ce_voucher_policy *policy;
    const ce_sme_standard *standard;
    ce_diag *diag;
    ce_xlsx *xlsx; /* --xlsx: the same rows, formatted */
    ce_tw *tw;     /* the CSV and the workbook */
    ce_voucher_issue_summary issued;
    ce_voucher_redeem_summary redeemed;
} run_ctx;

/* The columns of each table, with their workbook formats. */
static const ce_tw_column issue_cols[] = {
    {"app_id", CE_TW_TEXT},     {"credit_code", CE_TW_TEXT},  {"name", CE_TW_TEXT},
    {"decision", CE_TW_TEXT},   {"reasons", CE_TW_TEXT},      {"size", CE_TW_TEXT},
    {"voucher_type", CE_TW_TEXT}, {"face_value", CE_TW_MONEY}, {"voucher_id", CE_TW_TEXT},
    {"expires_at", CE_TW_TEXT}, {"pool_left", CE_TW_MONEY}};
static const ce_tw_column redeem_cols[] = {{"voucher_id", CE_TW_TEXT},
                                           {"decision", CE_TW_TEXT},
                                           {"reasons", CE_TW_TEXT},
                                           {"subsidy", CE_TW_MONEY}};
static const ce_tw_column status_cols[] = {
    {"cycle", CE_TW_TEXT},        {"pool", CE_TW_MONEY},      {"issued", CE_TW_INTEGER},
    {"issued_value", CE_TW_MONEY}, {"redeemed", CE_TW_INTEGER}, {"paid", CE_TW_MONEY},
    {"expired", CE_TW_INTEGER},   {"outstanding", CE_TW_INTEGER}, {"pool_left", CE_TW_MONEY}};
#define N_OF(a) (sizeof a / sizeof *a)

/* Starts the table: the CSV's header (and the workbook's sheet). */
static ce_status put_header(run_ctx *r, FILE *out, int to_file, const char *sheet,
                            const ce_tw_column *cols, size_t n, ce_error *err)
{
    /* what NULL: flush_output and ce_cli_write_output check the stream */
    ce_tw_sinks sinks = {.csv = out, .bom = to_file && r->a->bom, .csv_lang = r->a->lang.csv,
                         .xlsx = r->xlsx, .xlsx_lang = r->a->lang.xlsx};
    ce_status st = ce_tw_open(&sinks, &r->tw, err);
    return st == CE_OK ? ce_tw_header(r->tw, sheet, n, cols, err) : st;
}

/* Ends the table, keeping st. */
static ce_status end_table(run_ctx *r, ce_status st, ce_error *err)
{
    st = ce_tw_close(r->tw, st, err);
    r->tw = NULL;
    return st;
}

static ce_status emit_decision(void *ud, const ce_voucher_decision *d, ce_error *err)
{
    ce_tw *tw = ((run_ctx *)ud)->tw;
    ce_tw_text(tw, d->app_id);
    ce_tw_text(tw, d->credit_code);
    ce_tw_text(tw, d->name);
    ce_tw_text(tw, d->granted ? "granted" : "rejected");
    ce_tw_text(tw, d->reasons);
    ce_tw_text(tw, d->size);
    ce_tw_text(tw, d->voucher_type);
    if (d->granted)
        ce_tw_money(tw, d->face_fen);
    else
        ce_tw_empty(tw);
    ce_tw_text(tw, d->voucher_id);
    ce_tw_text(tw, d->expires_at);
    ce_tw_money(tw, d->pool_left_fen);
    return ce_tw_end_row(tw, d->granted ? CE_XLSX_AWARD : CE_XLSX_REJECTED, err);
}

static ce_status emit_claim(void *ud, const ce_voucher_claim_decision *d, ce_error *err)
{
    ce_tw *tw = ((run_ctx *)ud)->tw;
    ce_tw_text(tw, d->voucher_id);
    ce_tw_text(tw, d->redeemed ? "redeemed" : "rejected");
    ce_tw_text(tw, d->reasons);
    ce_tw_money(tw, d->subsidy_fen);
    return ce_tw_end_row(tw, d->redeemed ? CE_XLSX_AWARD : CE_XLSX_REJECTED, err);
}

/* Before the ledger commits: everything written must have reached the
 * output stream without error. */
static ce_status flush_output(void *ud, ce_error *err)
{
    return ce_tw_flush(((run_ctx *)ud)->tw, err);
}

static ce_status write_issue(FILE *out, int to_file, void *ud, ce_error *err)
{
    run_ctx *r = ud;
    ce_status st = put_header(r, out, to_file, "decisions", issue_cols, N_OF(issue_cols), err);
    ce_voucher_issue_opts o = {
        .applications = r->a->data,
        .encoding = r->a->encoding,
        .sheet = r->a->sheet,
        .cycle = r->a->cycle,
        .pool_fen = r->a->pool_fen,
        .pool_given = r->a->pool_given,
        .strict_cap = r->a->strict_cap,
        .policy = r->policy,
        .standard = r->standard,
        .ledger = r->ledger,
        .emit = emit_decision,
        .finish = flush_output,
        .ud = r,
    };
    if (st == CE_OK)
        st = ce_cli_summary_rows(0, &o.summary, r->diag, err);
    o.summary.hint = CE_CLI_SUMMARY_REMOVE_HINT;
    if (st == CE_OK)
        st = ce_voucher_issue(&o, &r->issued, r->diag, err);
    return end_table(r, st, err);
}

static ce_status write_redeem(FILE *out, int to_file, void *ud, ce_error *err)
{
    run_ctx *r = ud;
    ce_status st = put_header(r, out, to_file, "claims", redeem_cols, N_OF(redeem_cols), err);
    ce_voucher_redeem_opts o = {
        .claims = r->a->data,
        .encoding = r->a->encoding,
        .sheet = r->a->sheet,
        .policy = r->policy,
        .ledger = r->ledger,
        .emit = emit_claim,
        .finish = flush_output,
        .ud = r,
    };
    if (st == CE_OK)
        st = ce_voucher_redeem(&o, &r->redeemed, r->diag, err);
    return end_table(r, st, err);
}

static ce_status status_row(void *ud, const ce_ledger_cycle_summary *s, ce_error *err)
{
    ce_tw *tw = ((run_ctx *)ud)->tw;
    ce_tw_text(tw, s->cycle);
    ce_tw_money(tw, s->pool_fen);
    ce_tw_integer(tw, s->issued);
    ce_tw_money(tw, s->issued_fen);
    ce_tw_integer(tw, s->redeemed);
    ce_tw_money(tw, s->paid_fen);
    ce_tw_integer(tw, s->expired);
    ce_tw_integer(tw, s->outstanding);
    ce_tw_money(tw, s->left_fen);
    return ce_tw_end_row(tw, CE_XLSX_PLAIN, err);
}

static ce_status write_status(FILE *out, int to_file, void *ud, ce_error *err)
{
    run_ctx *r = ud;
    ce_status st = put_header(r, out, to_file, "cycles", status_cols, N_OF(status_cols), err);
    if (st == CE_OK)
        st = ce_ledger_summarize(r->ledger, r->a->as_of, status_row, r, err);
    return end_table(r, st, err);
}

/* ---- summaries on stderr --------------------------------------------------- */

static void print_issue_summary(const voucher_args *a, const ce_voucher_issue_summary *s)
{
    if (a->lang.csv == CE_LANG_ZH) { /* --lang zh: the counts in Chinese */
        char g[32], p[32], l[32];
        fprintf(stderr,
                "clustereval: voucher issue：批次 %s，%s 共 %zu 份申请：发放 %zu 张（%s 元），"
                "不予发放 %zu 份；资金池 %s 元，余额 %s 元%s\n",
                a->cycle, a->data, s->applications, s->granted,
                ce_money_format(s->granted_fen, g, sizeof g), s->rejected,
                ce_money_format(s->pool_fen, p, sizeof p),
                ce_money_format(s->left_fen, l, sizeof l), s->pool_closed ? "（已领完）" : "");
        return;
    }
    char granted[32], pool[32], left[32];
    fprintf(stderr,
            "clustereval: voucher issue: cycle %s: %zu applications in %s: %zu granted (%s "
            "CNY), %zu rejected",
            a->cycle, s->applications, a->data, s->granted,
            ce_money_format(s->granted_fen, granted, sizeof granted), s->rejected);
    if (s->replay)
        fprintf(stderr, "; decided before as batch %lld of the cycle: printed as then, "
                        "nothing changed", s->batch);
    else if (s->kept)
        fprintf(stderr, ", %zu kept as granted by an earlier batch", s->kept);
    fputc('\n', stderr);
    if (s->rejected) {
        fputs("clustereval: voucher issue: rejections by reason:", stderr);
        int first = 1;
        for (int i = 0; i < CE_VRULE_N; i++)
            if (s->reasons[i]) {
                fprintf(stderr, "%s %s %zu", first ? "" : ",", ce_voucher_rule_code(i),
                        s->reasons[i]);
                first = 0;
            }
        if (s->data_problems)
            fprintf(stderr, "%s missing or invalid data %zu", first ? "" : ",",
                    s->data_problems);
        fputc('\n', stderr);
    }
    fprintf(stderr, "clustereval: voucher issue: pool %s CNY, left %s CNY%s; ledger %s\n",
            ce_money_format(s->pool_fen, pool, sizeof pool),
            ce_money_format(s->left_fen, left, sizeof left),
            s->pool_closed ? " (exhausted: the cycle's pool is closed)" : "", a->ledger);
}

static ce_status redeem_summary_row(void *ud, const ce_ledger_cycle_summary *s, ce_error *err)
{
    (void)err;
    (void)ud;
    char paid[32], left[32];
    fprintf(stderr,
            "clustereval: voucher redeem: cycle %s: %lld vouchers issued, %lld redeemed, %lld "
            "expired, %lld outstanding; %s CNY paid; pool left %s CNY\n",
            s->cycle, s->issued, s->redeemed, s->expired, s->outstanding,
            ce_money_format(s->paid_fen, paid, sizeof paid),
            ce_money_format(s->left_fen, left, sizeof left));
    return CE_OK;
}

/* ---- running --------------------------------------------------------------- */

/* After a failure that came once the batch was committed: the batch stays
 * in the ledger, and a re-run replays it, writing the outputs again. */
static void print_committed_note(const voucher_args *a, const run_ctx *r)
{
    if (a->action == V_ISSUE)
        fprintf(stderr,
                "clustereval: voucher issue: batch %lld of cycle %s is committed to the ledger "
                "%s; run the same command again to write the outputs (a replay: nothing is "
                "decided or granted twice)\n",
                r->issued.batch, a->cycle, a->ledger);
    else
        fprintf(stderr,
                "clustereval: voucher redeem: the redemptions are committed to the ledger %s; "
                "run the same command again to write the outputs (nothing is paid twice)\n",
                a->ledger);
}

static ce_status run(void *args, ce_diag *diag, ce_error *err)
{
    voucher_args *a = args;
    run_ctx r = {.a = a, .diag = diag};
    ce_voucher_policy *policy = NULL;
    ce_sme_standard *standard = NULL;
    ce_status st = CE_OK;
    if (a->action != V_STATUS) {
        st = ce_voucher_policy_load(a->policy, &policy, diag, err);
        if (st == CE_OK)
            ce_cli_note_file("policy", a->policy);
    }
    if (st == CE_OK && a->action == V_ISSUE) {
        st = ce_sme_standard_load(a->standard, CE_ENC_AUTO, &standard, diag, err);
        if (st == CE_OK)
            ce_cli_note_file("standard", a->standard);
    }
    if (st == CE_OK && a->data)
        ce_cli_note_file("data", a->data);
    /* only issue creates a ledger */
    if (st == CE_OK)
        st = a->action == V_ISSUE ? ce_ledger_open(a->ledger, &r.ledger, err)
                                  : ce_ledger_open_existing(a->ledger, &r.ledger, err);
    r.policy = policy;
    r.standard = standard;
    ce_cli_writer write = a->action == V_ISSUE    ? write_issue
                          : a->action == V_REDEEM ? write_redeem
                                                  : write_status;
    if (st == CE_OK && a->xlsx)
        st = ce_xlsx_open(a->xlsx, ce_cli_run_time(), &r.xlsx, err);
    if (st == CE_OK)
        st = ce_cli_write_output(a->output, write, &r, err);
    if (r.xlsx) { /* after the ledger's commit: a failure here loses only the workbook,
                     which a re-run (a replay) writes again; the ledger stays */
        if (st == CE_OK)
            st = ce_xlsx_close(r.xlsx, err);
        else
            ce_xlsx_abort(r.xlsx);
        if (st == CE_OK)
            ce_cli_note_file("output", a->xlsx);
    }
    if (st == CE_OK && a->action == V_ISSUE) {
        ce_cli_note_option("cycle", a->cycle);
        ce_cli_note_count("applications", (long long)r.issued.applications);
        ce_cli_note_count("granted", (long long)r.issued.granted);
        ce_cli_note_count("rejected", (long long)r.issued.rejected);
        ce_cli_note_count("kept", (long long)r.issued.kept);
    }
    ce_cli_print_warnings(diag);
    if (st == CE_OK && a->action == V_ISSUE)
        print_issue_summary(a, &r.issued);
    if (st == CE_OK && a->action == V_REDEEM) {
        char paid[32];
        fprintf(stderr,
                "clustereval: voucher redeem: %zu claims in %s: %zu redeemed (%s CNY paid), "
                "%zu rejected%s\n",
                r.redeemed.claims, a->data, r.redeemed.redeemed,
                ce_money_format(r.redeemed.paid_fen, paid, sizeof paid), r.redeemed.rejected,
                r.redeemed.kept ? " (some kept as recorded by an earlier batch)" : "");
        ce_error e2 = {{0}, 0, {0}};
        ce_ledger_summarize(r.ledger, a->as_of, redeem_summary_row, NULL, &e2);
    }
    if (st != CE_OK && ce_ledger_committed(r.ledger))
        print_committed_note(a, &r);
    /* A failed run removes a ledger only if it created it and nothing was
     * committed to it, by it or by another run (ledger.h). */
    if (st == CE_OK)
        ce_ledger_close(r.ledger);
    else
        ce_ledger_discard(r.ledger);
    /* the ledger as this run left it: what a replay of the run (verify) needs */
    if (st == CE_OK)
        ce_cli_note_file("ledger", a->ledger);
    ce_voucher_policy_free(policy);
    ce_sme_standard_free(standard);
    return st;
}

int ce_cmd_voucher(int argc, char **argv)
{
    voucher_args a = {.encoding = CE_ENC_AUTO, .bom = 1, .lang = CE_CLI_LANGS_DEFAULT};
    int rc = parse_args(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? CE_OK : rc;
    return ce_cli_run(a.cmd, run, &a);
}
