/* cmd_rank.c - `clustereval rank`: the annual cluster ranking. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/cli.h"
#include "clustereval/numparse.h"
#include "clustereval/pipeline.h"
#include "clustereval/report.h"

#ifndef CE_DEFAULT_PROFILE
#define CE_DEFAULT_PROFILE "weights/default.csv"
#endif

static const char rank_help[] =
    "usage: clustereval rank DATA.csv [options]\n"
    "\n"
    "Ranks the clusters of DATA.csv by the composite index of PROFILE and marks\n"
    "the award winners. Writes CSV to stdout, or to -o FILE.\n"
    "\n"
    "Options:\n"
    "  -w, --weights PROFILE  indicator framework and weights\n"
    "                         (default " CE_DEFAULT_PROFILE ")\n"
    "  -o, --output FILE      write the ranking to FILE (atomically; with a UTF-8 BOM)\n"
    "      --top N            number of awards (default 10)\n"
    "      --award AMOUNT     CNY per award (default 1000000)\n"
    "      --tie-break CODE   break a tie at the last award place by the score of\n"
    "                         node CODE (higher wins)\n"
    "      --set CODE=WEIGHT  what-if: replace the weight of node CODE (repeatable)\n"
    "      --digits N         decimals of scores, 0-17 (default 6)\n"
    "      --no-bom           no UTF-8 BOM at the start of the -o file\n"
    "      --encoding ENC     auto, utf-8 or gb18030 for DATA.csv (default auto;\n"
    "                         the profile is always detected automatically)\n"
    "\n"
    "Methods (defaults give the standard ranking: min-max 0-100, arithmetic mean):\n"
    "      --impute M         none, mean, median, group-mean:COLUMN, group-median:COLUMN\n"
    "      --min-coverage F   leave unranked clusters with less than F (0-1) of their\n"
    "                         indicator values present (before imputation)\n"
    "      --treat M          none or winsor (COINr's skew/kurtosis outlier treatment)\n"
    "      --normalize M      minmax, zscore, rank, prank, borda, dist2max, dist2target,\n"
    "                         goalpost, vector, sum\n"
    "      --range LO,HI      min-max range (default 0,100; 1,100 under geometric or\n"
    "                         harmonic aggregation)\n"
    "      --zscore M,S       z-score mean and standard deviation (default 0,1)\n"
    "      --aggregate M      arithmetic, geometric, harmonic, topsis, copeland (the\n"
    "                         profile's aggregate column chooses per group)\n"
    "      --flatten          aggregate the indicators directly into the composite with\n"
    "                         their effective weights\n"
    "  -h, --help             this help\n"
    "\n"
    "Exit codes: 0 done, 1 bad input data or profile, 2 usage error, 3 I/O error.\n";

typedef struct {
    const char *data, *profile, *output;
    ce_pipeline_options pipeline;
    ce_report_options report;
    ce_encoding encoding;
    char **sets;
    size_t n_sets;
} rank_args;

enum {
    OPT_TOP = 256, OPT_AWARD, OPT_TIE_BREAK, OPT_SET, OPT_DIGITS, OPT_NO_BOM, OPT_ENCODING,
    OPT_IMPUTE, OPT_MIN_COVERAGE, OPT_TREAT, OPT_NORMALIZE, OPT_RANGE, OPT_ZSCORE, OPT_AGGREGATE,
    OPT_FLATTEN
};

/* Parses "A,B" into two finite numbers. Returns 0 on success. */
static int parse_pair(const char *text, double *a, double *b)
{
    const char *comma = strchr(text, ',');
    if (!comma || strchr(comma + 1, ','))
        return -1;
    return ce_num_parse(text, (size_t)(comma - text), a) == CE_NUM_OK &&
                   ce_num_parse(comma + 1, strlen(comma + 1), b) == CE_NUM_OK
               ? 0
               : -1;
}

/* Parses a whole, non-negative number option. */
static int parse_count(const char *text, size_t max, size_t *out)
{
    char *end;
    if (text[0] < '0' || text[0] > '9')
        return -1;
    unsigned long long v = strtoull(text, &end, 10);
    if (*end || v > max)
        return -1;
    *out = (size_t)v;
    return 0;
}

static int parse_args(int argc, char **argv, rank_args *a)
{
    static const struct option longopts[] = {
        {"weights", required_argument, NULL, 'w'},
        {"output", required_argument, NULL, 'o'},
        {"top", required_argument, NULL, OPT_TOP},
        {"award", required_argument, NULL, OPT_AWARD},
        {"tie-break", required_argument, NULL, OPT_TIE_BREAK},
        {"set", required_argument, NULL, OPT_SET},
        {"digits", required_argument, NULL, OPT_DIGITS},
        {"no-bom", no_argument, NULL, OPT_NO_BOM},
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {"impute", required_argument, NULL, OPT_IMPUTE},
        {"min-coverage", required_argument, NULL, OPT_MIN_COVERAGE},
        {"treat", required_argument, NULL, OPT_TREAT},
        {"normalize", required_argument, NULL, OPT_NORMALIZE},
        {"normalise", required_argument, NULL, OPT_NORMALIZE},
        {"range", required_argument, NULL, OPT_RANGE},
        {"zscore", required_argument, NULL, OPT_ZSCORE},
        {"aggregate", required_argument, NULL, OPT_AGGREGATE},
        {"flatten", no_argument, NULL, OPT_FLATTEN},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    opterr = 0;
    optind = 0; /* 0 re-initialises GNU getopt */
    int c;
    size_t digits;
    double amount;
    while ((c = getopt_long(argc, argv, ":w:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'w': a->profile = optarg; break;
        case 'o': a->output = optarg; break;
        case OPT_TOP:
            if (parse_count(optarg, 1000000, &a->pipeline.top) != 0)
                return ce_cli_usage_error("rank", "--top: \"%s\" is not a whole number >= 0",
                                          optarg);
            break;
        case OPT_AWARD:
            if (ce_num_parse(optarg, strlen(optarg), &amount) != CE_NUM_OK || amount < 0)
                return ce_cli_usage_error("rank", "--award: \"%s\" is not an amount >= 0",
                                          optarg);
            a->pipeline.award_amount = amount;
            break;
        case OPT_TIE_BREAK: a->pipeline.tie_break = optarg; break;
        case OPT_SET: a->sets[a->n_sets++] = optarg; break;
        case OPT_DIGITS:
            if (parse_count(optarg, 17, &digits) != 0)
                return ce_cli_usage_error("rank", "--digits: \"%s\" is not a whole number "
                                                  "from 0 to 17", optarg);
            a->report.digits = (int)digits;
            break;
        case OPT_NO_BOM: a->report.bom = 0; break;
        case OPT_ENCODING:
            if (ce_cli_encoding_option("rank", optarg, &a->encoding) != 0)
                return CE_ERR_USAGE;
            break;
        case OPT_IMPUTE:
            if (ce_impute_method_parse(optarg, &a->pipeline.impute,
                                       &a->pipeline.impute_column) != 0)
                return ce_cli_usage_error("rank", "--impute: \"%s\" is not none, mean, median, "
                                                  "group-mean:COLUMN or group-median:COLUMN",
                                          optarg);
            break;
        case OPT_MIN_COVERAGE:
            if (ce_num_parse(optarg, strlen(optarg), &amount) != CE_NUM_OK || amount < 0 ||
                amount > 1)
                return ce_cli_usage_error("rank", "--min-coverage: \"%s\" is not a share "
                                                  "from 0 to 1", optarg);
            a->pipeline.min_coverage = amount;
            break;
        case OPT_TREAT:
            if (ce_treat_method_parse(optarg, &a->pipeline.treat) != 0)
                return ce_cli_usage_error("rank", "--treat: \"%s\" is not none or winsor",
                                          optarg);
            break;
        case OPT_NORMALIZE:
            if (ce_normalize_method_parse(optarg, &a->pipeline.normalize.method) != 0)
                return ce_cli_usage_error("rank", "--normalize: \"%s\" is not minmax, zscore, "
                                                  "rank, prank, borda, dist2max, dist2target, "
                                                  "goalpost, vector or sum", optarg);
            break;
        case OPT_RANGE:
            if (parse_pair(optarg, &a->pipeline.normalize.lo, &a->pipeline.normalize.hi) != 0 ||
                !(a->pipeline.normalize.lo < a->pipeline.normalize.hi))
                return ce_cli_usage_error("rank", "--range: \"%s\" is not LO,HI with LO < HI",
                                          optarg);
            a->pipeline.range_given = 1;
            break;
        case OPT_ZSCORE:
            if (parse_pair(optarg, &a->pipeline.normalize.z_mean,
                           &a->pipeline.normalize.z_sd) != 0 ||
                !(a->pipeline.normalize.z_sd > 0))
                return ce_cli_usage_error("rank", "--zscore: \"%s\" is not M,S with S > 0",
                                          optarg);
            break;
        case OPT_AGGREGATE:
            if (ce_agg_method_parse(optarg, &a->pipeline.aggregate) != 0)
                return ce_cli_usage_error("rank", "--aggregate: \"%s\" is not arithmetic, "
                                                  "geometric, harmonic, topsis or copeland",
                                          optarg);
            break;
        case OPT_FLATTEN: a->pipeline.flatten = 1; break;
        case 'h': fputs(rank_help, stdout); return -1;
        default: return ce_cli_option_error("rank", c, argv, optind);
        }
    }
    if (ce_cli_one_data_file("rank", argc, argv, optind, &a->data) != 0)
        return CE_ERR_USAGE;
    return 0;
}

/* Applies the --set CODE=WEIGHT options to the profile. */
static ce_status apply_sets(ce_profile *prof, char **sets, size_t n, ce_error *err)
{
    for (size_t k = 0; k < n; k++) {
        char *eq = strrchr(sets[k], '=');
        double w;
        if (!eq || eq == sets[k] ||
            ce_num_parse(eq + 1, strlen(eq + 1), &w) != CE_NUM_OK)
            return ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                                "--set \"%s\": expected CODE=WEIGHT with a number", sets[k]);
        *eq = '\0';
        ce_status st = ce_profile_set_weight(prof, sets[k], w, err);
        *eq = '=';
        if (st != CE_OK)
            return st;
    }
    return CE_OK;
}

/* Prints text on one line: CR, LF and TAB become spaces. */
static void put_one_line(const char *text)
{
    for (const char *p = text; *p; p++)
        fputc(*p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p, stderr);
}

static void print_summary(const ce_result *r, const ce_table *t, const rank_args *a)
{
    char num[64];
    fprintf(stderr, "clustereval: ranked %zu of %zu clusters (%zu unranked); %zu award "
                    "candidates\n",
            r->n_ranked, r->rows, r->rows - r->n_ranked, r->n_candidates);
    ce_report_format_number(a->pipeline.award_amount, 0, num, sizeof num);
    fprintf(stderr, "clustereval: awards (top %zu, %s CNY each): %zu given", a->pipeline.top, num,
            r->awards.awarded);
    if (r->awards.tied)
        fprintf(stderr, ", %zu tied for place %zu", r->awards.tied, r->awards.tie_place);
    fputc('\n', stderr);
    for (size_t k = 0; k < r->rows; k++) {
        size_t i = r->order[k];
        if (r->award[i] == CE_AWARD_NO)
            continue;
        ce_report_format_number(r->composite[i], a->report.digits, num, sizeof num);
        fprintf(stderr, "  %3zu  %-3s  ", r->rank[i], r->award[i] == CE_AWARD_YES ? "yes" : "tie");
        put_one_line(ce_table_id(t, i));
        fprintf(stderr, "  %s  ", num);
        put_one_line(ce_table_name(t, i));
        fputc('\n', stderr);
    }
}

typedef struct {
    const ce_result *res;
    const ce_table *table;
    const ce_profile *prof;
    const ce_report_options *report;
} report_job;

static ce_status write_report(FILE *out, int to_file, void *ctx, ce_error *err)
{
    const report_job *job = ctx;
    ce_report_options ro = *job->report;
    ro.bom = ro.bom && to_file; /* stdout is read by programs and terminals */
    return ce_report_ranking_csv(out, job->res, job->table, job->prof, &ro, err);
}

static ce_status run(const rank_args *a, ce_diag *diag, ce_error *err)
{
    ce_profile *prof = NULL;
    ce_table *table = NULL;
    ce_result *res = NULL;
    ce_status st = ce_profile_load(a->profile, CE_ENC_AUTO, &prof, diag, err);
    if (st == CE_OK)
        st = apply_sets(prof, a->sets, a->n_sets, err);
    if (st == CE_OK) {
        const char *group = a->pipeline.impute_column;
        ce_table_options to = {a->encoding, group ? &group : NULL, group ? 1 : 0,
                               "(named by --impute)"};
        st = ce_table_read_opts(a->data, prof, &to, &table, diag, err);
    }
    if (st == CE_OK)
        st = ce_pipeline_run(table, prof, &a->pipeline, &res, diag, err);
    if (st == CE_OK) {
        report_job job = {res, table, prof, &a->report};
        st = ce_cli_write_output(a->output, write_report, &job, err);
    }
    ce_cli_print_warnings(diag);
    if (st == CE_OK)
        print_summary(res, table, a);
    ce_result_free(res);
    ce_table_free(table);
    ce_profile_free(prof);
    return st;
}

int ce_cmd_rank(int argc, char **argv)
{
    rank_args a = {.profile = CE_DEFAULT_PROFILE, .encoding = CE_ENC_AUTO};
    ce_pipeline_options_init(&a.pipeline);
    a.report.digits = 6;
    a.report.bom = 1;
    a.sets = malloc((size_t)argc * sizeof *a.sets);
    if (!a.sets) {
        fputs("clustereval: out of memory\n", stderr);
        return CE_ERR_IO;
    }
    int rc = parse_args(argc, argv, &a);
    if (rc != 0) {
        free(a.sets);
        return rc < 0 ? CE_OK : rc;
    }
    ce_diag diag;
    ce_diag_init(&diag);
    ce_error err = {{0}, 0, {0}};
    ce_status st = run(&a, &diag, &err);
    if (st != CE_OK)
        ce_cli_report_failure("rank", st, &err);
    ce_diag_fini(&diag);
    free(a.sets);
    return (int)st;
}
