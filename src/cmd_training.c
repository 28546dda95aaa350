/* cmd_training.c - `clustereval training`: the conditions of the public
 * training projects (新旧动能转换公共实训项目) for every applicant of a CSV file,
 * at application or at acceptance (training.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/cli.h"
#include "clustereval/training.h"
#include "clustereval/voucher.h" /* ce_money_format */

#ifndef CE_DEFAULT_TRAINING_POLICY
#define CE_DEFAULT_TRAINING_POLICY "weights/training-policy.csv"
#endif

static const char training_help[] =
    "usage: clustereval training APPLICANTS.csv [--stage apply|accept] [-o OUT.csv] [...]\n"
    "\n"
    "Checks every applicant for a public training project (新旧动能转换公共实训项目)\n"
    "against the conditions of the policy file and writes\n"
    "applicant_id,name,kind,decision,failed,subsidy,reward: decision pass or\n"
    "fail, failed the ';'-separated reason codes (one per failed condition, and\n"
    "missing:<column> / invalid:<column> for empty or unreadable cells),\n"
    "subsidy the requested amount up to the cap when passed, reward (at\n"
    "acceptance) the reward when passed and graded 优秀.\n"
    "\n"
    "Options:\n"
    "      --stage STAGE      apply (default): the application conditions;\n"
    "                         accept: also investment, actual trainees and the\n"
    "                         performance grade, a year after approval\n"
    "  -o, --output FILE      write to FILE (atomically, with a UTF-8 BOM)\n"
    "      --policy FILE      the conditions (default " CE_DEFAULT_TRAINING_POLICY ")\n"
    "      --encoding ENC     auto, utf-8 or gb18030 for APPLICANTS.csv (default auto)\n"
    "      --no-bom           no UTF-8 BOM at the start of FILE\n"
    "  -h, --help             this help\n"
    "\n"
    "Exit codes: 0 done (also with failed applicants), 1 bad input file or\n"
    "policy, 2 usage error, 3 I/O error.\n";

typedef struct {
    const char *data, *output, *policy;
    ce_training_stage stage;
    ce_encoding encoding;
    int bom;
} training_args;

enum { OPT_STAGE = 256, OPT_POLICY, OPT_ENCODING, OPT_NO_BOM };

static int parse_args(int argc, char **argv, training_args *a)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"stage", required_argument, NULL, OPT_STAGE},
        {"policy", required_argument, NULL, OPT_POLICY},
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
        case OPT_STAGE:
            if (!strcmp(optarg, "apply"))
                a->stage = CE_TRAINING_APPLY;
            else if (!strcmp(optarg, "accept"))
                a->stage = CE_TRAINING_ACCEPT;
            else
                return ce_cli_usage_error("training", "--stage: \"%s\" is not apply or accept",
                                          optarg);
            break;
        case OPT_POLICY: a->policy = optarg; break;
        case OPT_ENCODING:
            if (ce_cli_encoding_option("training", optarg, &a->encoding) != 0)
                return CE_ERR_USAGE;
            break;
        case OPT_NO_BOM: a->bom = 0; break;
        case 'h': fputs(training_help, stdout); return -1;
        default: return ce_cli_option_error("training", c, argv, optind);
        }
    }
    return ce_cli_one_data_file("training", argc, argv, optind, &a->data) != 0 ? CE_ERR_USAGE
                                                                               : 0;
}

/* ---- reading ------------------------------------------------------------- */

typedef struct {
    char *cell[CE_TCOL_N]; /* NULL for a column the file does not have */
    size_t line;
    ce_training_result result;
} applicant;

typedef struct {
    const training_args *a;
    long col[CE_TCOL_N];
    applicant *rows;
    size_t n, cap;
} reader;

static ce_status on_header(reader *r, const ce_csv_record *rec, ce_error *err)
{
    const char *names[CE_TCOL_N];
    long col[CE_TCOL_N];
    size_t n = 0;
    int index_of[CE_TCOL_N];
    for (int c = 0; c < CE_TCOL_N; c++)
        if (ce_training_column_required(c, r->a->stage)) {
            index_of[n] = c;
            names[n++] = ce_training_column_name(c);
        }
    ce_status st = ce_csv_find_columns(rec, names, n, col, r->a->data,
                                       r->a->stage == CE_TRAINING_ACCEPT
                                           ? "acceptance also needs investment, "
                                             "actual_trainees, performance"
                                           : "see clustereval training --help",
                                       err);
    if (st != CE_OK)
        return st;
    for (int c = 0; c < CE_TCOL_N; c++)
        r->col[c] = -1;
    for (size_t k = 0; k < n; k++)
        r->col[index_of[k]] = col[k];
    for (size_t i = 0; i < rec->nfields; i++) /* the optional province column */
        if (!strcmp(rec->fields[i], ce_training_column_name(CE_TCOL_PROVINCE)))
            r->col[CE_TCOL_PROVINCE] = (long)i;
    return CE_OK;
}

static ce_status on_record(void *ud, const ce_csv_record *rec, ce_error *err)
{
    reader *r = ud;
    if (rec->index == 0)
        return on_header(r, rec, err);
    if (!rec->fields[r->col[CE_TCOL_APPLICANT_ID]][0])
        return ce_error_set(err, CE_ERR_DATA, r->a->data, rec->line, "empty applicant_id");
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

/* ---- writing ------------------------------------------------------------- */

static ce_status write_rows(FILE *out, int to_file, void *ctx, ce_error *err)
{
    (void)err;
    const reader *r = ctx;
    if (to_file && r->a->bom)
        fputs("\xEF\xBB\xBF", out);
    fputs("applicant_id,name,kind,decision,failed,subsidy,reward\n", out);
    char a[32], b[32];
    for (size_t i = 0; i < r->n; i++) {
        const applicant *w = &r->rows[i];
        const ce_training_result *res = &w->result;
        ce_csv_write_text(out, w->cell[CE_TCOL_APPLICANT_ID]);
        fputc(',', out);
        ce_csv_write_text(out, w->cell[CE_TCOL_NAME]);
        fputc(',', out);
        ce_csv_write_text(out, res->kind >= 0 ? ce_training_kind_name(res->kind)
                                              : w->cell[CE_TCOL_KIND]);
        fprintf(out, ",%s,", res->pass ? "pass" : "fail");
        ce_csv_write_text(out, res->failed);
        fprintf(out, ",%s,%s\n", ce_money_format(res->subsidy_fen, a, sizeof a),
                ce_money_format(res->reward_fen, b, sizeof b));
    }
    return CE_OK;
}

static ce_status run(void *args, ce_diag *diag, ce_error *err)
{
    training_args *a = args;
    ce_training_policy *policy = NULL;
    reader r = {.a = a};
    ce_status st = ce_training_policy_load(a->policy, &policy, diag, err);
    if (st == CE_OK)
        st = ce_csv_read(a->data, a->encoding, on_record, &r, NULL, diag, err);
    if (st == CE_OK)
        st = ce_cli_unique_ids(a->data, r.n, id_at, &r, "applicant_id", err);
    size_t passed = 0;
    long long subsidy = 0, reward = 0;
    for (size_t i = 0; st == CE_OK && i < r.n; i++) {
        applicant *w = &r.rows[i];
        ce_training_assess(policy, a->stage, (const char *const *)w->cell, &w->result);
        passed += (size_t)w->result.pass;
        subsidy += w->result.subsidy_fen;
        reward += w->result.reward_fen;
    }
    if (st == CE_OK)
        st = ce_cli_write_output(a->output, write_rows, &r, err);
    ce_cli_print_warnings(diag);
    if (st == CE_OK) {
        char s1[32], s2[32];
        fprintf(stderr,
                "clustereval: training (%s): %zu applicants in %s: %zu pass, %zu fail; "
                "subsidy %s CNY, reward %s CNY\n",
                a->stage == CE_TRAINING_ACCEPT ? "accept" : "apply", r.n, a->data, passed,
                r.n - passed, ce_money_format(subsidy, s1, sizeof s1),
                ce_money_format(reward, s2, sizeof s2));
    }
    reader_fini(&r);
    ce_training_policy_free(policy);
    return st;
}

int ce_cmd_training(int argc, char **argv)
{
    training_args a = {.policy = CE_DEFAULT_TRAINING_POLICY, .encoding = CE_ENC_AUTO,
                       .bom = 1};
    int rc = parse_args(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? CE_OK : rc;
    return ce_cli_run("training", run, &a);
}
