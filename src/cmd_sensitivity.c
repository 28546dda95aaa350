/* cmd_sensitivity.c - `clustereval sensitivity`: variance-based (Sobol)
 * sensitivity of the ranking to each uncertain input (COINr
 * get_sensitivity, SA_type = "SA"), and the remove_elements check. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clustereval/cli.h"
#include "clustereval/numparse.h"
#include "clustereval/outfile.h"
#include "clustereval/pipeline.h"
#include "clustereval/report.h"
#include "clustereval/sensitivity_run.h"

#ifndef CE_DEFAULT_PROFILE
#define CE_DEFAULT_PROFILE "weights/default.csv"
#endif

static const char sensitivity_help[] =
    "usage: clustereval sensitivity DATA.csv [-w PROFILE] [-o OUT.csv] [options]\n"
    "\n"
    "Variance-based (Sobol) sensitivity of the ranking to each uncertain input:\n"
    "the weights of every sibling group of PROFILE with two or more weighted\n"
    "members (weights:composite, weights:<group>), and the normalisation,\n"
    "aggregation and imputation when --vary-... lists are given. The output of a\n"
    "run is the mean absolute rank shift against the nominal ranking. Writes one\n"
    "row per input to stdout, or to -o FILE: input,si,si_lo,si_hi,sti,sti_lo,sti_hi.\n"
    "On stderr: the inputs by total effect, and the rank shifts when each\n"
    "dimension is dropped (remove_elements).\n"
    "\n"
    "Design:\n"
    "      --draws N          base sample N of the Sobol design: N (d + 2) runs for\n"
    "                         d inputs (at most 20), 1-1000000 (default 1000)\n"
    "      --levels L         alternative weight vectors per group, 2-100000\n"
    "                         (default 100)\n"
    "      --bootstrap B      bootstrap resamples of the 5-95% intervals, 0-100000\n"
    "                         (default 1000; 0 = no intervals)\n"
    "      --seed S           seed, 0-18446744073709551615 (default 20231)\n"
    "      --jobs J           threads (default: all cores); never changes the output\n"
    "      --weight-dist D    uniform or dirichlet (default uniform)\n"
    "      --weight-noise A   uniform: each weight w becomes w(1+U(-A,A)), then the\n"
    "                         group is rescaled to sum 1; 0 <= A < 1 (default 0.25;\n"
    "                         0 = the weights are fixed and are not inputs)\n"
    "      --concentration K  dirichlet: weights ~ Dirichlet(K w/sum w), K > 0\n"
    "                         (default 100)\n"
    "      --vary-normalize L input \"normalize\": the comma-separated methods L\n"
    "                         (names as --normalize)\n"
    "      --vary-aggregate L input \"aggregate\": methods as --aggregate\n"
    "      --vary-impute L    input \"impute\": methods from none, mean, median\n"
    "      --remove-out FILE  also write the remove_elements table to FILE:\n"
    "                         dimension,mean_abs_rank_shift,max_abs_rank_shift,\n"
    "                         award_changes\n"
    "\n"
    "The nominal ranking and the defaults of every run (as for rank):\n"
    "  -w, --weights PROFILE  indicator framework and weights\n"
    "                         (default " CE_DEFAULT_PROFILE ")\n"
    "  -o, --output FILE      write the table to FILE (atomically; with a UTF-8 BOM)\n"
    "      --top N            number of awards (default 10)\n"
    "      --award AMOUNT     accepted as for rank; not in the output\n"
    "      --tie-break CODE   break a tie at the last award place by node CODE\n"
    "      --set CODE=WEIGHT  replace the nominal weight of node CODE (repeatable)\n"
    "      --impute M, --min-coverage F, --treat M, --normalize M, --range LO,HI,\n"
    "      --zscore M,S, --aggregate M, --flatten   as for rank\n"
    "      --digits N         decimals of the indices and shifts, 0-17 (default 4)\n"
    "      --no-bom           no UTF-8 BOM at the start of the output files\n"
    "      --encoding ENC     auto, utf-8 or gb18030 for DATA.csv (default auto)\n"
    "  -h, --help             this help\n"
    "\n"
    "Exit codes: 0 done, 1 bad input data or profile, 2 usage error, 3 I/O error.\n";

typedef struct {
    const char *data, *profile, *output, *remove_out;
    ce_pipeline_options pipeline;
    ce_sensitivity_options sens;
    int digits, bom;
    ce_encoding encoding;
    char **sets;
    size_t n_sets;
    int noise_given, concentration_given;
} sensitivity_args;

enum {
    OPT_TOP = 256, OPT_AWARD, OPT_TIE_BREAK, OPT_SET, OPT_DIGITS, OPT_NO_BOM, OPT_ENCODING,
    OPT_IMPUTE, OPT_MIN_COVERAGE, OPT_TREAT, OPT_NORMALIZE, OPT_RANGE, OPT_ZSCORE, OPT_AGGREGATE,
    OPT_FLATTEN, OPT_DRAWS, OPT_LEVELS, OPT_BOOTSTRAP, OPT_SEED, OPT_JOBS, OPT_WEIGHT_DIST,
    OPT_WEIGHT_NOISE, OPT_CONCENTRATION, OPT_VARY_NORMALIZE, OPT_VARY_AGGREGATE, OPT_VARY_IMPUTE,
    OPT_REMOVE_OUT
};

static const char cmd[] = "sensitivity";

/* The option helpers below are those of cmd_uncertainty.c (same syntax). */

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

/* The design's options; the others are in parse_args. Returns 0 when c is
 * not one of them or fine, else the usage error. */
static int parse_design_option(int c, const char *arg, sensitivity_args *a, int *handled)
{
    ce_uncertainty_options *mc = &a->sens.mc;
    unsigned long long count;
    double x;
    *handled = 1;
    switch (c) {
    case OPT_DRAWS:
        if (parse_count(arg, 1000000, &count) != 0 || count == 0)
            return ce_cli_usage_error(cmd, "--draws: \"%s\" is not a whole number from 1 to "
                                           "1000000", arg);
        mc->draws = (size_t)count;
        return 0;
    case OPT_LEVELS:
        if (parse_count(arg, 100000, &count) != 0 || count < 2)
            return ce_cli_usage_error(cmd, "--levels: \"%s\" is not a whole number from 2 to "
                                           "100000", arg);
        a->sens.levels = (size_t)count;
        return 0;
    case OPT_BOOTSTRAP:
        if (parse_count(arg, 100000, &count) != 0)
            return ce_cli_usage_error(cmd, "--bootstrap: \"%s\" is not a whole number from 0 "
                                           "to 100000", arg);
        a->sens.bootstrap = (size_t)count;
        return 0;
    case OPT_SEED:
        if (parse_count(arg, UINT64_MAX, &count) != 0)
            return ce_cli_usage_error(cmd, "--seed: \"%s\" is not a whole number from 0 to "
                                           "18446744073709551615", arg);
        mc->seed = (uint64_t)count;
        return 0;
    case OPT_JOBS:
        if (parse_count(arg, 1024, &count) != 0 || count == 0)
            return ce_cli_usage_error(cmd, "--jobs: \"%s\" is not a whole number from 1 to "
                                           "1024", arg);
        mc->jobs = (size_t)count;
        return 0;
    case OPT_WEIGHT_DIST:
        if (ce_weight_dist_parse(arg, &mc->weight_dist) != 0)
            return ce_cli_usage_error(cmd, "--weight-dist: \"%s\" is not uniform or dirichlet",
                                      arg);
        return 0;
    case OPT_WEIGHT_NOISE:
        if (ce_num_parse(arg, strlen(arg), &x) != CE_NUM_OK || !(x >= 0 && x < 1))
            return ce_cli_usage_error(cmd, "--weight-noise: \"%s\" is not a number from 0 to "
                                           "below 1", arg);
        mc->weight_noise = x;
        a->noise_given = 1;
        return 0;
    case OPT_CONCENTRATION:
        if (ce_num_parse(arg, strlen(arg), &x) != CE_NUM_OK || !(x > 0) || !isfinite(x))
            return ce_cli_usage_error(cmd, "--concentration: \"%s\" is not a number above 0",
                                      arg);
        mc->concentration = x;
        a->concentration_given = 1;
        return 0;
    case OPT_VARY_NORMALIZE:
        if (parse_list(arg, parse_normalize_name, mc->normalize, &mc->n_normalize) != 0)
            return ce_cli_usage_error(cmd, "--vary-normalize: \"%s\" is not a list of distinct "
                                           "--normalize methods (at most %d)",
                                      arg, CE_UNCERTAINTY_MAX_CHOICES);
        return 0;
    case OPT_VARY_AGGREGATE:
        if (parse_list(arg, parse_aggregate_name, mc->aggregate, &mc->n_aggregate) != 0)
            return ce_cli_usage_error(cmd, "--vary-aggregate: \"%s\" is not a list of distinct "
                                           "--aggregate methods", arg);
        return 0;
    case OPT_VARY_IMPUTE:
        if (parse_list(arg, parse_impute_name, mc->impute, &mc->n_impute) != 0)
            return ce_cli_usage_error(cmd, "--vary-impute: \"%s\" is not a list of distinct "
                                           "methods from none, mean, median", arg);
        return 0;
    case OPT_REMOVE_OUT: a->remove_out = arg; return 0;
    default: *handled = 0; return 0;
    }
}

static int parse_args(int argc, char **argv, sensitivity_args *a)
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
        {"levels", required_argument, NULL, OPT_LEVELS},
        {"bootstrap", required_argument, NULL, OPT_BOOTSTRAP},
        {"seed", required_argument, NULL, OPT_SEED},
        {"jobs", required_argument, NULL, OPT_JOBS},
        {"weight-dist", required_argument, NULL, OPT_WEIGHT_DIST},
        {"weight-noise", required_argument, NULL, OPT_WEIGHT_NOISE},
        {"concentration", required_argument, NULL, OPT_CONCENTRATION},
        {"vary-normalize", required_argument, NULL, OPT_VARY_NORMALIZE},
        {"vary-normalise", required_argument, NULL, OPT_VARY_NORMALIZE},
        {"vary-aggregate", required_argument, NULL, OPT_VARY_AGGREGATE},
        {"vary-impute", required_argument, NULL, OPT_VARY_IMPUTE},
        {"remove-out", required_argument, NULL, OPT_REMOVE_OUT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    opterr = 0;
    optind = 0; /* 0 re-initialises GNU getopt */
    int c, handled;
    unsigned long long count;
    double x;
    while ((c = getopt_long(argc, argv, ":w:o:h", longopts, NULL)) != -1) {
        int rc = parse_design_option(c, optarg, a, &handled);
        if (rc != 0)
            return rc;
        if (handled)
            continue;
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
        case 'h': fputs(sensitivity_help, stdout); return -1;
        default: return ce_cli_option_error(cmd, c, argv, optind);
        }
    }
    if (a->sens.mc.weight_dist == CE_WEIGHT_DIRICHLET && a->noise_given)
        return ce_cli_usage_error(cmd, "--weight-noise applies to --weight-dist uniform; use "
                                       "--concentration with dirichlet");
    if (a->sens.mc.weight_dist == CE_WEIGHT_UNIFORM && a->concentration_given)
        return ce_cli_usage_error(cmd, "--concentration applies to --weight-dist dirichlet");
    if (a->output && a->remove_out && strcmp(a->output, a->remove_out) == 0)
        return ce_cli_usage_error(cmd, "-o and --remove-out name the same file \"%s\"",
                                  a->output);
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

/* ---- Output ---- */

typedef struct {
    const ce_sensitivity_result *sens;
    const ce_sensitivity_removal *rem;
    const ce_profile *prof;
    int digits, bom;
} output_job;

static ce_status finish(FILE *out, const char *what, ce_error *err)
{
    if (fflush(out) != 0 || ferror(out))
        return ce_error_set(err, CE_ERR_IO, NULL, 0, "cannot write the %s: %s", what,
                            strerror(errno));
    return CE_OK;
}

static ce_status write_indices(FILE *out, int to_file, void *ctx, ce_error *err)
{
    const output_job *job = ctx;
    char num[64];
    if (to_file && job->bom)
        fputs("\xEF\xBB\xBF", out);
    fputs("input,si,si_lo,si_hi,sti,sti_lo,sti_hi\n", out);
    for (size_t k = 0; k < job->sens->n_inputs; k++) {
        const ce_sens_index *ix = &job->sens->index[k];
        const double v[6] = {ix->si, ix->si_lo, ix->si_hi, ix->sti, ix->sti_lo, ix->sti_hi};
        ce_csv_write_text(out, job->sens->inputs[k].name);
        for (int j = 0; j < 6; j++) {
            ce_report_format_number(v[j], job->digits, num, sizeof num);
            fprintf(out, ",%s", num);
        }
        putc('\n', out);
    }
    return finish(out, "table", err);
}

static ce_status write_removal(FILE *out, int to_file, void *ctx, ce_error *err)
{
    const output_job *job = ctx;
    const ce_sensitivity_removal *r = job->rem;
    char num[64];
    if (to_file && job->bom)
        fputs("\xEF\xBB\xBF", out);
    fputs("dimension,mean_abs_rank_shift,max_abs_rank_shift,award_changes\n", out);
    for (size_t k = 0; k < r->n_dims; k++) {
        ce_csv_write_text(out, ce_profile_node(job->prof, r->dim[k])->code);
        ce_report_format_number(r->mean_shift[k], job->digits, num, sizeof num);
        fprintf(out, ",%s,", num);
        if (r->compared[k])
            fprintf(out, "%zu", r->max_shift[k]);
        fprintf(out, ",%zu\n", r->award_changes[k]);
    }
    return finish(out, "remove_elements table", err);
}

/* Writes the table (stdout or -o) and the --remove-out file, all or nothing
 * for the files: the --remove-out file is complete in its temporary file
 * before the table is written, and renamed into place only after it. */
static ce_status write_outputs(const sensitivity_args *a, output_job *job, ce_error *err)
{
    ce_outfile rem = {0};
    ce_status st = CE_OK;
    if (a->remove_out) {
        st = ce_outfile_open(&rem, a->remove_out, err);
        if (st != CE_OK)
            return st;
        st = write_removal(rem.fp, 1, job, err);
        if (st != CE_OK) {
            ce_outfile_abort(&rem);
            ce_error old = *err;
            return ce_error_set(err, st, a->remove_out, 0, "%s", old.msg);
        }
    }
    st = ce_cli_write_output(a->output, write_indices, job, err);
    if (!a->remove_out)
        return st;
    if (st != CE_OK) {
        ce_outfile_abort(&rem);
        return st;
    }
    return ce_outfile_commit(&rem, err);
}

/* ---- The summary on stderr ---- */

/* Prints text on one line: CR, LF and TAB become spaces. */
static void put_one_line(const char *text)
{
    for (const char *p = text; *p; p++)
        fputc(*p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p, stderr);
}

static const ce_sensitivity_result *sort_res; /* for by_sti */

/* Higher STi first, then input order. */
static int by_sti(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    double x = sort_res->index[a].sti, y = sort_res->index[b].sti;
    if (x != y)
        return x > y ? -1 : 1;
    return (a > b) - (a < b);
}

static const ce_sensitivity_removal *sort_rem; /* for by_shift */

/* Larger mean shift first (missing last), then profile order. */
static int by_shift(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    double x = sort_rem->mean_shift[a], y = sort_rem->mean_shift[b];
    int xn = isnan(x), yn = isnan(y);
    if (xn != yn)
        return xn - yn;
    if (!xn && x != y)
        return x > y ? -1 : 1;
    return (a > b) - (a < b);
}

enum { SHOW = 5 };

static void print_indices(const sensitivity_args *a, const ce_sensitivity_result *sr)
{
    const ce_uncertainty_options *mc = &a->sens.mc;
    size_t n_weights = 0;
    for (size_t k = 0; k < sr->n_inputs; k++)
        n_weights += sr->inputs[k].kind == CE_SENS_INPUT_WEIGHTS;
    fprintf(stderr, "clustereval: sensitivity: %zu inputs, base sample %zu, %zu runs, seed "
                    "%llu, %zu bootstrap resamples\n",
            sr->n_inputs, sr->base, sr->runs, (unsigned long long)mc->seed, a->sens.bootstrap);
    if (n_weights && mc->weight_dist == CE_WEIGHT_DIRICHLET)
        fprintf(stderr, "clustereval: weights: %zu alternatives per group, Dirichlet with "
                        "concentration %g\n", a->sens.levels, mc->concentration);
    else if (n_weights)
        fprintf(stderr, "clustereval: weights: %zu alternatives per group, uniform +-%g%% "
                        "within each group\n", a->sens.levels, 100 * mc->weight_noise);
    fprintf(stderr, "clustereval: Y = mean absolute rank shift against the nominal ranking: "
                    "mean %.4f, sd %.4f over the runs of A and B\n", sr->y_mean, sr->y_sd);
    if (sr->y_sd == 0) {
        fputs("clustereval: Y never changes: no input moves the ranking, every index is 0\n",
              stderr);
        return;
    }
    size_t order[CE_SENS_MAX_INPUTS];
    for (size_t k = 0; k < sr->n_inputs; k++)
        order[k] = k;
    sort_res = sr;
    qsort(order, sr->n_inputs, sizeof *order, by_sti);
    fprintf(stderr, "clustereval: inputs by total effect STi (5-95%% bootstrap interval):\n");
    fprintf(stderr, "  %-24s %7s  %-17s  %7s  %s\n", "input", "STi", "interval", "Si",
            "interval");
    size_t shown = sr->n_inputs < SHOW ? sr->n_inputs : SHOW;
    for (size_t m = 0; m < shown; m++) {
        const ce_sens_index *ix = &sr->index[order[m]];
        fputs("  ", stderr);
        put_one_line(sr->inputs[order[m]].name);
        int len = (int)strlen(sr->inputs[order[m]].name);
        fprintf(stderr, "%*s %7.4f  [%6.4f, %6.4f]  %7.4f  [%.4f, %.4f]\n",
                len < 24 ? 24 - len : 0, "", ix->sti, ix->sti_lo, ix->sti_hi, ix->si, ix->si_lo,
                ix->si_hi);
    }
    if (shown < sr->n_inputs)
        fprintf(stderr, "  ... and %zu more (see the table)\n", sr->n_inputs - shown);
    fputs("clustereval: reading: STi is the share of the variance of Y that would go if the "
          "input were fixed (alone and with its interactions), Si the share it explains "
          "alone; an input with STi near 0 does not move the ranking, STi well above Si "
          "means it acts through interactions.\n",
          stderr);
}

static void print_removal(const sensitivity_args *a, const ce_sensitivity_removal *r,
                          const ce_profile *prof)
{
    size_t *order = malloc((r->n_dims ? r->n_dims : 1) * sizeof *order);
    if (!order)
        return;
    for (size_t k = 0; k < r->n_dims; k++)
        order[k] = k;
    sort_rem = r;
    qsort(order, r->n_dims, sizeof *order, by_shift);
    fprintf(stderr, "clustereval: remove_elements: rank shifts with each dimension dropped "
                    "(its weight 0, the others rescaled; award changes of the top %zu):\n",
            a->pipeline.top);
    fprintf(stderr, "  %-12s %15s %10s %14s  %s\n", "dimension", "mean_abs_shift", "max_shift",
            "award_changes", "name");
    for (size_t m = 0; m < r->n_dims; m++) {
        size_t k = order[m];
        const ce_node *nd = ce_profile_node(prof, r->dim[k]);
        char mean[64] = "-", max[32] = "-";
        if (r->compared[k]) {
            ce_report_format_number(r->mean_shift[k], a->digits, mean, sizeof mean);
            snprintf(max, sizeof max, "%zu", r->max_shift[k]);
        }
        fputs("  ", stderr);
        put_one_line(nd->code);
        int len = (int)strlen(nd->code);
        fprintf(stderr, "%*s %15s %10s %14zu  ", len < 12 ? 12 - len : 0, "", mean, max,
                r->award_changes[k]);
        put_one_line(nd->name ? nd->name : "");
        fputc('\n', stderr);
    }
    free(order);
}

static ce_status run(sensitivity_args *a, ce_diag *diag, ce_error *err)
{
    ce_profile *prof = NULL;
    ce_table *table = NULL;
    ce_result *res = NULL;
    ce_sensitivity_result *sr = NULL;
    ce_sensitivity_removal *rem = NULL;
    ce_sens_input inputs[CE_SENS_MAX_INPUTS];
    size_t d;
    ce_status st = ce_profile_load(a->profile, CE_ENC_AUTO, &prof, diag, err);
    if (st == CE_OK)
        st = apply_sets(prof, a->sets, a->n_sets, err);
    if (st == CE_OK) /* the number of inputs, before reading the data */
        st = ce_sensitivity_inputs(prof, &a->sens, inputs, &d, err);
    if (st == CE_OK) {
        const char *group = a->pipeline.impute_column;
        ce_table_options to = {a->encoding, group ? &group : NULL, group ? 1 : 0,
                               "(named by --impute)"};
        st = ce_table_read_opts(a->data, prof, &to, &table, diag, err);
    }
    if (st == CE_OK) /* the nominal ranking's warnings */
        st = ce_pipeline_run(table, prof, &a->pipeline, &res, diag, err);
    if (st == CE_OK)
        st = ce_sensitivity_run(table, prof, &a->pipeline, &a->sens, &sr, err);
    if (st == CE_OK)
        st = ce_sensitivity_remove(table, prof, &a->pipeline, &rem, err);
    if (st == CE_OK) {
        output_job job = {sr, rem, prof, a->digits, a->bom};
        st = write_outputs(a, &job, err);
    }
    ce_cli_print_warnings(diag);
    if (st == CE_OK) {
        print_indices(a, sr);
        print_removal(a, rem, prof);
    }
    ce_sensitivity_removal_free(rem);
    ce_sensitivity_result_free(sr);
    ce_result_free(res);
    ce_table_free(table);
    ce_profile_free(prof);
    return st;
}

int ce_cmd_sensitivity(int argc, char **argv)
{
    sensitivity_args a = {.profile = CE_DEFAULT_PROFILE, .digits = 4, .bom = 1,
                          .encoding = CE_ENC_AUTO};
    ce_pipeline_options_init(&a.pipeline);
    ce_sensitivity_options_init(&a.sens);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    a.sens.mc.jobs = cores > 0 ? (size_t)cores : 1;
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
