/* cmd_uncertainty.c - `clustereval uncertainty`: Monte Carlo over the
 * analyst's choices (weights, and optionally normalisation, aggregation and
 * imputation), reporting how stable each cluster's rank and award are. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clustereval/cli.h"
#include "clustereval/numparse.h"
#include "clustereval/pipeline.h"
#include "clustereval/report.h"
#include "clustereval/uncertainty.h"

#ifndef CE_DEFAULT_PROFILE
#define CE_DEFAULT_PROFILE "weights/default.csv"
#endif

static const char uncertainty_help[] =
    "usage: clustereval uncertainty DATA.csv [-w PROFILE] [-o OUT.csv] [options]\n"
    "\n"
    "Monte Carlo uncertainty of the ranking: every draw perturbs the weights of\n"
    "every sibling group of PROFILE (and, if asked, draws the normalisation,\n"
    "aggregation and imputation), ranks the clusters and applies the award rule.\n"
    "Writes one row per cluster to stdout, or to -o FILE: id,name,nominal_rank,\n"
    "mean_rank,median_rank,p05_rank,p95_rank,p_award,mean_score.\n"
    "\n"
    "Monte Carlo:\n"
    "      --draws N          number of draws (default 1000)\n"
    "      --seed S           seed, 0-18446744073709551615 (default 20231)\n"
    "      --jobs J           threads (default: all cores); never changes the output\n"
    "      --weight-dist D    uniform or dirichlet (default uniform)\n"
    "      --weight-noise A   uniform: each weight w becomes w(1+U(-A,A)), then the\n"
    "                         group is rescaled to sum 1; 0 <= A < 1 (default 0.25)\n"
    "      --concentration K  dirichlet: weights ~ Dirichlet(K w/sum w), K > 0\n"
    "                         (default 100)\n"
    "      --vary-normalize L draw the normalisation from the comma-separated list L\n"
    "                         (names as --normalize), uniformly per draw\n"
    "      --vary-aggregate L draw the aggregation from L (names as --aggregate)\n"
    "      --vary-impute L    draw the imputation from L (none, mean, median)\n"
    "\n"
    "The nominal ranking and the defaults of every draw (as for rank):\n"
    "  -w, --weights PROFILE  indicator framework and weights\n"
    "                         (default " CE_DEFAULT_PROFILE ")\n"
    "  -o, --output FILE      write the table to FILE (atomically; with a UTF-8 BOM)\n"
    "      --top N            number of awards (default 10)\n"
    "      --award AMOUNT     accepted as for rank; not in the output\n"
    "      --tie-break CODE   break a tie at the last award place by node CODE\n"
    "      --set CODE=WEIGHT  replace the nominal weight of node CODE (repeatable)\n"
    "      --impute M, --min-coverage F, --treat M, --normalize M, --range LO,HI,\n"
    "      --zscore M,S, --aggregate M, --flatten   as for rank\n"
    "      --digits N         decimals of mean_score, 0-17 (default 6)\n"
    "      --no-bom           no UTF-8 BOM at the start of the -o file\n"
    "      --encoding ENC     auto, utf-8 or gb18030 for DATA.csv (default auto)\n"
    "  -h, --help             this help\n"
    "\n"
    "Exit codes: 0 done, 1 bad input data or profile, 2 usage error, 3 I/O error.\n";

typedef struct {
    const char *data, *profile, *output;
    ce_pipeline_options pipeline;
    ce_uncertainty_options mc;
    int digits, bom;
    ce_encoding encoding;
    char **sets;
    size_t n_sets;
    int noise_given, concentration_given;
} uncertainty_args;

enum {
    OPT_TOP = 256, OPT_AWARD, OPT_TIE_BREAK, OPT_SET, OPT_DIGITS, OPT_NO_BOM, OPT_ENCODING,
    OPT_IMPUTE, OPT_MIN_COVERAGE, OPT_TREAT, OPT_NORMALIZE, OPT_RANGE, OPT_ZSCORE, OPT_AGGREGATE,
    OPT_FLATTEN, OPT_DRAWS, OPT_SEED, OPT_JOBS, OPT_WEIGHT_DIST, OPT_WEIGHT_NOISE,
    OPT_CONCENTRATION, OPT_VARY_NORMALIZE, OPT_VARY_AGGREGATE, OPT_VARY_IMPUTE
};

static const char cmd[] = "uncertainty";

/* Parses "A,B" into two finite numbers (as rank's --range and --zscore).
 * Returns 0 on success. */
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

/* Parses a whole number from 0 to max (digits only). Returns 0 on success. */
static int parse_count(const char *text, unsigned long long max, unsigned long long *out)
{
    char *end;
    if (text[0] < '0' || text[0] > '9')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (*end || errno || v > max)
        return -1;
    *out = v;
    return 0;
}

/* Splits a comma-separated list and parses each name with parse, which
 * stores it at index k and fails on an unknown name or one given before.
 * Returns 0 on success, with *n the count. */
typedef int (*name_parser)(const char *name, void *list, size_t k);

static int parse_list(const char *text, name_parser parse, void *list, size_t *n)
{
    char buf[512];
    if (strlen(text) >= sizeof buf)
        return -1;
    strcpy(buf, text);
    *n = 0;
    for (char *tok = buf, *next; tok; tok = next) {
        next = strchr(tok, ',');
        if (next)
            *next++ = '\0';
        if (*n >= CE_UNCERTAINTY_MAX_CHOICES || parse(tok, list, *n) != 0)
            return -1;
        (*n)++;
    }
    return 0;
}

static int parse_normalize_name(const char *name, void *list, size_t k)
{
    ce_normalize_method *m = list;
    if (ce_normalize_method_parse(name, &m[k]) != 0)
        return -1;
    for (size_t j = 0; j < k; j++)
        if (m[j] == m[k])
            return -1;
    return 0;
}

static int parse_aggregate_name(const char *name, void *list, size_t k)
{
    ce_agg_method *m = list;
    if (ce_agg_method_parse(name, &m[k]) != 0)
        return -1;
    for (size_t j = 0; j < k; j++)
        if (m[j] == m[k])
            return -1;
    return 0;
}

static int parse_impute_name(const char *name, void *list, size_t k)
{
    ce_impute_method *m = list;
    const char *column = NULL;
    if (ce_impute_method_parse(name, &m[k], &column) != 0 || m[k] == CE_IMPUTE_GROUP_MEAN ||
        m[k] == CE_IMPUTE_GROUP_MEDIAN)
        return -1;
    for (size_t j = 0; j < k; j++)
        if (m[j] == m[k])
            return -1;
    return 0;
}

static int parse_args(int argc, char **argv, uncertainty_args *a)
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
        {"draws", required_argument, NULL, OPT_DRAWS},
        {"seed", required_argument, NULL, OPT_SEED},
        {"jobs", required_argument, NULL, OPT_JOBS},
        {"weight-dist", required_argument, NULL, OPT_WEIGHT_DIST},
        {"weight-noise", required_argument, NULL, OPT_WEIGHT_NOISE},
        {"concentration", required_argument, NULL, OPT_CONCENTRATION},
        {"vary-normalize", required_argument, NULL, OPT_VARY_NORMALIZE},
        {"vary-normalise", required_argument, NULL, OPT_VARY_NORMALIZE},
        {"vary-aggregate", required_argument, NULL, OPT_VARY_AGGREGATE},
        {"vary-impute", required_argument, NULL, OPT_VARY_IMPUTE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    opterr = 0;
    optind = 0; /* 0 re-initialises GNU getopt */
    int c;
    unsigned long long count;
    double x;
    while ((c = getopt_long(argc, argv, ":w:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'w': a->profile = optarg; break;
        case 'o': a->output = optarg; break;
        case OPT_TOP:
            if (parse_count(optarg, 1000000, &count) != 0)
                return ce_cli_usage_error(cmd, "--top: \"%s\" is not a whole number >= 0",
                                          optarg);
            a->pipeline.top = (size_t)count;
            break;
        case OPT_AWARD:
            if (ce_num_parse(optarg, strlen(optarg), &x) != CE_NUM_OK || x < 0)
                return ce_cli_usage_error(cmd, "--award: \"%s\" is not an amount >= 0", optarg);
            a->pipeline.award_amount = x;
            break;
        case OPT_TIE_BREAK: a->pipeline.tie_break = optarg; break;
        case OPT_SET: a->sets[a->n_sets++] = optarg; break;
        case OPT_DIGITS:
            if (parse_count(optarg, 17, &count) != 0)
                return ce_cli_usage_error(cmd, "--digits: \"%s\" is not a whole number from 0 "
                                               "to 17", optarg);
            a->digits = (int)count;
            break;
        case OPT_NO_BOM: a->bom = 0; break;
        case OPT_ENCODING:
            if (ce_cli_encoding_option(cmd, optarg, &a->encoding) != 0)
                return CE_ERR_USAGE;
            break;
        case OPT_IMPUTE:
            if (ce_impute_method_parse(optarg, &a->pipeline.impute,
                                       &a->pipeline.impute_column) != 0)
                return ce_cli_usage_error(cmd, "--impute: \"%s\" is not none, mean, median, "
                                               "group-mean:COLUMN or group-median:COLUMN",
                                          optarg);
            break;
        case OPT_MIN_COVERAGE:
            if (ce_num_parse(optarg, strlen(optarg), &x) != CE_NUM_OK || x < 0 || x > 1)
                return ce_cli_usage_error(cmd, "--min-coverage: \"%s\" is not a share from 0 "
                                               "to 1", optarg);
            a->pipeline.min_coverage = x;
            break;
        case OPT_TREAT:
            if (ce_treat_method_parse(optarg, &a->pipeline.treat) != 0)
                return ce_cli_usage_error(cmd, "--treat: \"%s\" is not none or winsor", optarg);
            break;
        case OPT_NORMALIZE:
            if (ce_normalize_method_parse(optarg, &a->pipeline.normalize.method) != 0)
                return ce_cli_usage_error(cmd, "--normalize: \"%s\" is not minmax, zscore, "
                                               "rank, prank, borda, dist2max, dist2target, "
                                               "goalpost, vector or sum", optarg);
            break;
        case OPT_RANGE:
            if (parse_pair(optarg, &a->pipeline.normalize.lo, &a->pipeline.normalize.hi) != 0 ||
                !(a->pipeline.normalize.lo < a->pipeline.normalize.hi))
                return ce_cli_usage_error(cmd, "--range: \"%s\" is not LO,HI with LO < HI",
                                          optarg);
            a->pipeline.range_given = 1;
            break;
        case OPT_ZSCORE:
            if (parse_pair(optarg, &a->pipeline.normalize.z_mean,
                           &a->pipeline.normalize.z_sd) != 0 ||
                !(a->pipeline.normalize.z_sd > 0))
                return ce_cli_usage_error(cmd, "--zscore: \"%s\" is not M,S with S > 0", optarg);
            break;
        case OPT_AGGREGATE:
            if (ce_agg_method_parse(optarg, &a->pipeline.aggregate) != 0)
                return ce_cli_usage_error(cmd, "--aggregate: \"%s\" is not arithmetic, "
                                               "geometric, harmonic, topsis or copeland",
                                          optarg);
            break;
        case OPT_FLATTEN: a->pipeline.flatten = 1; break;
        case OPT_DRAWS:
            if (parse_count(optarg, 100000000, &count) != 0 || count == 0)
                return ce_cli_usage_error(cmd, "--draws: \"%s\" is not a whole number from 1 "
                                               "to 100000000", optarg);
            a->mc.draws = (size_t)count;
            break;
        case OPT_SEED:
            if (parse_count(optarg, UINT64_MAX, &count) != 0)
                return ce_cli_usage_error(cmd, "--seed: \"%s\" is not a whole number from 0 "
                                               "to 18446744073709551615", optarg);
            a->mc.seed = (uint64_t)count;
            break;
        case OPT_JOBS:
            if (parse_count(optarg, 1024, &count) != 0 || count == 0)
                return ce_cli_usage_error(cmd, "--jobs: \"%s\" is not a whole number from 1 "
                                               "to 1024", optarg);
            a->mc.jobs = (size_t)count;
            break;
        case OPT_WEIGHT_DIST:
            if (ce_weight_dist_parse(optarg, &a->mc.weight_dist) != 0)
                return ce_cli_usage_error(cmd, "--weight-dist: \"%s\" is not uniform or "
                                               "dirichlet", optarg);
            break;
        case OPT_WEIGHT_NOISE:
            if (ce_num_parse(optarg, strlen(optarg), &x) != CE_NUM_OK || !(x >= 0 && x < 1))
                return ce_cli_usage_error(cmd, "--weight-noise: \"%s\" is not a number from 0 "
                                               "to below 1", optarg);
            a->mc.weight_noise = x;
            a->noise_given = 1;
            break;
        case OPT_CONCENTRATION:
            if (ce_num_parse(optarg, strlen(optarg), &x) != CE_NUM_OK || !(x > 0))
                return ce_cli_usage_error(cmd, "--concentration: \"%s\" is not a number above 0",
                                          optarg);
            a->mc.concentration = x;
            a->concentration_given = 1;
            break;
        case OPT_VARY_NORMALIZE:
            if (parse_list(optarg, parse_normalize_name, a->mc.normalize, &a->mc.n_normalize) != 0)
                return ce_cli_usage_error(cmd, "--vary-normalize: \"%s\" is not a list of "
                                               "distinct --normalize methods (at most %d)",
                                          optarg, CE_UNCERTAINTY_MAX_CHOICES);
            break;
        case OPT_VARY_AGGREGATE:
            if (parse_list(optarg, parse_aggregate_name, a->mc.aggregate, &a->mc.n_aggregate) != 0)
                return ce_cli_usage_error(cmd, "--vary-aggregate: \"%s\" is not a list of "
                                               "distinct --aggregate methods", optarg);
            break;
        case OPT_VARY_IMPUTE:
            if (parse_list(optarg, parse_impute_name, a->mc.impute, &a->mc.n_impute) != 0)
                return ce_cli_usage_error(cmd, "--vary-impute: \"%s\" is not a list of distinct "
                                               "methods from none, mean, median", optarg);
            break;
        case 'h': fputs(uncertainty_help, stdout); return -1;
        default: return ce_cli_option_error(cmd, c, argv, optind);
        }
    }
    if (a->mc.weight_dist == CE_WEIGHT_DIRICHLET && a->noise_given)
        return ce_cli_usage_error(cmd, "--weight-noise applies to --weight-dist uniform; use "
                                       "--concentration with dirichlet");
    if (a->mc.weight_dist == CE_WEIGHT_UNIFORM && a->concentration_given)
        return ce_cli_usage_error(cmd, "--concentration applies to --weight-dist dirichlet");
    if (ce_cli_one_data_file(cmd, argc, argv, optind, &a->data) != 0)
        return CE_ERR_USAGE;
    return 0;
}

/* Applies the --set CODE=WEIGHT options to the profile (as rank does). */
static ce_status apply_sets(ce_profile *prof, char **sets, size_t n, ce_error *err)
{
    for (size_t k = 0; k < n; k++) {
        char *eq = strrchr(sets[k], '=');
        double w;
        if (!eq || eq == sets[k] || ce_num_parse(eq + 1, strlen(eq + 1), &w) != CE_NUM_OK)
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

/* A progress bar on stderr, at most ten times a second. */
typedef struct {
    double last;
    int shown;
} progress_bar;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void show_progress(void *ctx, size_t done, size_t total)
{
    progress_bar *bar = ctx;
    double t = now_seconds();
    if (done < total && t - bar->last < 0.1)
        return;
    bar->last = t;
    bar->shown = 1;
    enum { WIDTH = 30 };
    char cells[WIDTH + 1];
    size_t filled = total ? done * WIDTH / total : WIDTH;
    for (size_t k = 0; k < WIDTH; k++)
        cells[k] = k < filled ? '#' : '.';
    cells[WIDTH] = '\0';
    fprintf(stderr, "\rclustereval: draws [%s] %zu/%zu", cells, done, total);
    fflush(stderr);
}

typedef struct {
    const ce_result *res;
    const ce_uncertainty_result *mc;
    const ce_table *table;
    int digits, bom;
} output_job;

static ce_status write_table(FILE *out, int to_file, void *ctx, ce_error *err)
{
    const output_job *job = ctx;
    const ce_uncertainty_result *mc = job->mc;
    char num[64];
    if (to_file && job->bom)
        fputs("\xEF\xBB\xBF", out);
    fputs("id,name,nominal_rank,mean_rank,median_rank,p05_rank,p95_rank,p_award,mean_score\n",
          out);
    for (size_t k = 0; k < job->res->rows; k++) {
        size_t i = job->res->order[k];
        ce_csv_write_text(out, ce_table_id(job->table, i));
        putc(',', out);
        ce_csv_write_text(out, ce_table_name(job->table, i));
        putc(',', out);
        if (job->res->rank[i])
            fprintf(out, "%zu", job->res->rank[i]);
        ce_report_format_number(mc->mean_rank[i], 4, num, sizeof num);
        fprintf(out, ",%s,", num);
        if (mc->ranked[i])
            fprintf(out, "%zu,%zu,%zu", mc->median_rank[i], mc->p05_rank[i], mc->p95_rank[i]);
        else
            fputs(",,", out);
        ce_report_format_number(mc->p_award[i], 4, num, sizeof num);
        fprintf(out, ",%s,", num);
        ce_report_format_number(mc->mean_score[i], job->digits, num, sizeof num);
        fprintf(out, "%s\n", num);
    }
    if (fflush(out) != 0 || ferror(out))
        return ce_error_set(err, CE_ERR_IO, NULL, 0, "cannot write the table: %s",
                            strerror(errno));
    return CE_OK;
}

/* Prints text on one line: CR, LF and TAB become spaces. */
static void put_one_line(const char *text)
{
    for (const char *p = text; *p; p++)
        fputc(*p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p, stderr);
}

static void print_list(const char *option, size_t n, const char *(*name)(size_t k, const void *),
                       const void *list)
{
    fprintf(stderr, "; %s ", option);
    for (size_t k = 0; k < n; k++)
        fprintf(stderr, "%s%s", k ? "|" : "", name(k, list));
}

static const char *normalize_at(size_t k, const void *l)
{
    return ce_normalize_method_name(((const ce_normalize_method *)l)[k]);
}
static const char *aggregate_at(size_t k, const void *l)
{
    return ce_agg_method_name(((const ce_agg_method *)l)[k]);
}
static const char *impute_at(size_t k, const void *l)
{
    static const char *const names[] = {"none", "mean", "median"};
    return names[((const ce_impute_method *)l)[k]];
}

static void print_summary(const uncertainty_args *a, const ce_result *res,
                          const ce_uncertainty_result *mc, const ce_table *t)
{
    fprintf(stderr, "clustereval: %zu draws, seed %llu: weights ", mc->draws,
            (unsigned long long)a->mc.seed);
    if (a->mc.weight_dist == CE_WEIGHT_DIRICHLET)
        fprintf(stderr, "Dirichlet, concentration %g", a->mc.concentration);
    else if (a->mc.weight_noise > 0)
        fprintf(stderr, "uniform +-%g%% within each group", 100 * a->mc.weight_noise);
    else
        fputs("fixed", stderr);
    if (a->mc.n_normalize)
        print_list("--normalize", a->mc.n_normalize, normalize_at, a->mc.normalize);
    if (a->mc.n_aggregate)
        print_list("--aggregate", a->mc.n_aggregate, aggregate_at, a->mc.aggregate);
    if (a->mc.n_impute)
        print_list("--impute", a->mc.n_impute, impute_at, a->mc.impute);
    fputc('\n', stderr);
    size_t uncertain = 0;
    for (size_t i = 0; i < res->rows; i++)
        uncertain += mc->p_award[i] > 0.05 && mc->p_award[i] < 0.95;
    if (uncertain == 0) {
        fprintf(stderr, "clustereval: award status stable: no cluster has 0.05 < P(award) < "
                        "0.95 (top %zu)\n", a->pipeline.top);
        return;
    }
    fprintf(stderr, "clustereval: award uncertain for %zu cluster%s (0.05 < P(award) < 0.95, "
                    "top %zu):\n", uncertain, uncertain == 1 ? "" : "s", a->pipeline.top);
    fprintf(stderr, "  rank  P(award)  ranks p05-p95  id  name\n");
    for (size_t k = 0; k < res->rows; k++) {
        size_t i = res->order[k];
        if (!(mc->p_award[i] > 0.05 && mc->p_award[i] < 0.95))
            continue;
        char nominal[32] = "-";
        if (res->rank[i])
            snprintf(nominal, sizeof nominal, "%zu", res->rank[i]);
        fprintf(stderr, "  %4s  %8.4f  %6zu-%-6zu  ", nominal, mc->p_award[i], mc->p05_rank[i],
                mc->p95_rank[i]);
        put_one_line(ce_table_id(t, i));
        if (ce_table_name(t, i)[0]) {
            fputs("  ", stderr);
            put_one_line(ce_table_name(t, i));
        }
        fputc('\n', stderr);
    }
}

static ce_status run(uncertainty_args *a, ce_diag *diag, ce_error *err)
{
    ce_profile *prof = NULL;
    ce_table *table = NULL;
    ce_result *res = NULL;
    ce_uncertainty_result *mc = NULL;
    progress_bar bar = {0, 0};
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
        if (isatty(STDERR_FILENO)) {
            a->mc.progress = show_progress;
            a->mc.progress_ctx = &bar;
        }
        st = ce_uncertainty_run(table, prof, &a->pipeline, &a->mc, &mc, err);
        if (bar.shown)
            fputs("\r\033[K", stderr); /* clear the progress line */
    }
    if (st == CE_OK) {
        output_job job = {res, mc, table, a->digits, a->bom};
        st = ce_cli_write_output(a->output, write_table, &job, err);
    }
    ce_cli_print_warnings(diag);
    if (st == CE_OK)
        print_summary(a, res, mc, table);
    ce_uncertainty_result_free(mc);
    ce_result_free(res);
    ce_table_free(table);
    ce_profile_free(prof);
    return st;
}

int ce_cmd_uncertainty(int argc, char **argv)
{
    uncertainty_args a = {.profile = CE_DEFAULT_PROFILE, .digits = 6, .bom = 1,
                          .encoding = CE_ENC_AUTO};
    ce_pipeline_options_init(&a.pipeline);
    ce_uncertainty_options_init(&a.mc);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    a.mc.jobs = cores > 0 ? (size_t)cores : 1;
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
        ce_cli_report_failure(cmd, st, &err);
    ce_diag_fini(&diag);
    free(a.sets);
    return (int)st;
}
