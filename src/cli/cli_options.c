/* cli_options.c - see cli_options.h. */
#include "cli_options.h"

#include <errno.h>
#include <stddef.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clustereval/numparse.h"

#include "cli.h"
#include "cli_plan.h"

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

static int parse_number(const char *text, double *out)
{
    return ce_num_parse(text, strlen(text), out) == CE_NUM_OK ? 0 : -1;
}

int ce_cli_parse_count(const char *text, unsigned long long max, unsigned long long *out)
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

int ce_cli_pipeline_args_init(ce_cli_pipeline_args *a, int argc, int digits)
{
    memset(a, 0, sizeof *a);
    a->profile = ce_cli_shipped_file(CE_DEFAULT_PROFILE);
    a->encoding = CE_ENC_AUTO;
    a->report.digits = digits;
    a->report.bom = 1;
    ce_pipeline_options_init(&a->pipeline);
    a->sets = malloc((size_t)argc * sizeof *a->sets);
    if (!a->sets) {
        fputs("clustereval: out of memory\n", stderr);
        return CE_ERR_IO;
    }
    return 0;
}

void ce_cli_pipeline_args_fini(ce_cli_pipeline_args *a)
{
    free(a->sets);
    a->sets = NULL;
}

/* Prints "clustereval CMD: ..." and returns -1 (the option was bad). */
#define BAD(...) (ce_cli_usage_error(cmd, __VA_ARGS__), -1)

static int pipeline_option(const char *cmd, int opt, const char *arg, ce_cli_pipeline_args *a)
{
    ce_pipeline_options *po = &a->pipeline;
    unsigned long long count;
    double x;
    switch (opt) {
    case CE_CLI_OPT_TOP:
        if (ce_cli_parse_count(arg, 1000000, &count) != 0)
            return BAD("--top: \"%s\" is not a whole number >= 0", arg);
        po->top = (size_t)count;
        return 1;
    case CE_CLI_OPT_AWARD:
        if (parse_number(arg, &x) != 0 || x < 0)
            return BAD("--award: \"%s\" is not an amount >= 0", arg);
        po->award_amount = x;
        return 1;
    case CE_CLI_OPT_TIE_BREAK: po->tie_break = arg; return 1;
    case CE_CLI_OPT_SET: /* arg is an argv string: ce_cli_apply_sets may edit it */
        a->sets[a->n_sets++] = (char *)arg;
        return 1;
    case CE_CLI_OPT_DIGITS:
        if (ce_cli_parse_count(arg, 17, &count) != 0)
            return BAD("--digits: \"%s\" is not a whole number from 0 to 17", arg);
        a->report.digits = (int)count;
        return 1;
    case CE_CLI_OPT_MISSING: {
        char names[160];
        const char *column = NULL;
        if (ce_missing_rule_parse(arg, &po->missing, &column) != 0)
            return BAD("--missing: \"%s\" is not %s", arg,
                       ce_missing_rule_list(names, sizeof names));
        if (po->impute != CE_IMPUTE_NONE)
            return BAD("--missing: --impute %s already gives the missing-value rule",
                       ce_impute_method_name(po->impute));
        if (column)
            po->impute_column = column;
        return 1;
    }
    case CE_CLI_OPT_IMPUTE:
        if (po->missing.kind != CE_MISSING_UNSET)
            return BAD("--impute: --missing %s already gives the missing-value rule",
                       ce_missing_rule_name(po->missing));
        if (ce_impute_method_parse(arg, &po->impute, &po->impute_column) != 0) {
            char names[128];
            return BAD("--impute: \"%s\" is not %s", arg,
                       ce_impute_method_list(names, sizeof names, " or "));
        }
        return 1;
    case CE_CLI_OPT_MIN_COVERAGE:
        if (parse_number(arg, &x) != 0 || x < 0 || x > 1)
            return BAD("--min-coverage: \"%s\" is not a share from 0 to 1", arg);
        po->min_coverage = x;
        return 1;
    case CE_CLI_OPT_TREAT:
        if (ce_treat_method_parse(arg, &po->treat) != 0)
            return BAD("--treat: \"%s\" is not none or winsor", arg);
        return 1;
    case CE_CLI_OPT_NORMALIZE:
        if (ce_normalize_method_parse(arg, &po->normalize.method) != 0)
            return BAD("--normalize: \"%s\" is not minmax, zscore, rank, prank, borda, "
                       "dist2max, dist2target, goalpost, vector or sum", arg);
        return 1;
    case CE_CLI_OPT_RANGE:
        if (parse_pair(arg, &po->normalize.lo, &po->normalize.hi) != 0 ||
            !(po->normalize.lo < po->normalize.hi))
            return BAD("--range: \"%s\" is not LO,HI with LO < HI", arg);
        po->range_given = 1;
        return 1;
    case CE_CLI_OPT_ZSCORE:
        if (parse_pair(arg, &po->normalize.z_mean, &po->normalize.z_sd) != 0 ||
            !(po->normalize.z_sd > 0))
            return BAD("--zscore: \"%s\" is not M,S with S > 0", arg);
        return 1;
    case CE_CLI_OPT_AGGREGATE:
        if (ce_agg_method_parse(arg, &po->aggregate) != 0)
            return BAD("--aggregate: \"%s\" is not arithmetic, geometric, harmonic, topsis or "
                       "copeland", arg);
        return 1;
    case CE_CLI_OPT_FLATTEN: po->flatten = 1; return 1;
    default: return 0;
    }
}

/* The length of text without a trailing '%' or full-width '％' (U+FF05),
 * setting *percent when it had one. */
static size_t strip_percent(const char *text, int *percent)
{
    size_t len = strlen(text);
    *percent = 1;
    if (len >= 1 && text[len - 1] == '%')
        return len - 1;
    if (len >= 3 && memcmp(text + len - 3, "\xEF\xBC\x85", 3) == 0)
        return len - 3;
    *percent = 0;
    return len;
}

ce_status ce_cli_apply_sets(ce_profile *prof, const char *option, char **sets, size_t n,
                            ce_error *err)
{
    /* CODE=WEIGHT first, then CODE=SHARE% (ce_profile_set_shares: a share
     * of the group as it is after the weights). */
    const char **share_codes = malloc((n ? n : 1) * sizeof *share_codes);
    double *shares = malloc((n ? n : 1) * sizeof *shares);
    size_t n_shares = 0;
    ce_status st = share_codes && shares ? CE_OK : ce_error_nomem(err);
    for (size_t k = 0; k < n && st == CE_OK; k++) {
        char *eq = strrchr(sets[k], '=');
        double w;
        int percent = 0;
        size_t len = eq ? strip_percent(eq + 1, &percent) : 0;
        if (!eq || eq == sets[k] || len == 0 || ce_num_parse(eq + 1, len, &w) != CE_NUM_OK) {
            st = ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                              "%s \"%s\": expected CODE=WEIGHT or CODE=SHARE%% with a number",
                              option, sets[k]);
            break;
        }
        if (percent) { /* the code ends at '=': the text stays the caller's */
            *eq = '\0';
            share_codes[n_shares] = sets[k];
            shares[n_shares++] = w / 100;
            continue;
        }
        *eq = '\0';
        st = ce_profile_set_weight(prof, sets[k], w, option, err);
        *eq = '=';
    }
    if (st == CE_OK)
        st = ce_profile_set_shares(prof, share_codes, shares, n_shares, option, err);
    for (size_t k = 0; k < n_shares; k++) /* the '=' back */
        ((char *)share_codes[k])[strlen(share_codes[k])] = '=';
    free(share_codes);
    free(shares);
    if (st != CE_OK)
        return st;
    st = n > 0 ? ce_profile_check_weights(prof, err) : CE_OK;
    if (st != CE_OK) /* no file, no line (profile.h) */
        ce_error_prefix(err, "%s: ", option);
    return st;
}

ce_status ce_cli_load_profile(const ce_cli_pipeline_args *a, ce_profile **out, ce_diag *diag,
                              ce_error *err)
{
    ce_profile *prof = NULL;
    ce_status st = ce_profile_load(a->profile, CE_ENC_AUTO, &prof, diag, err);
    if (st == CE_OK)
        ce_cli_note_file("profile", a->profile);
    if (st == CE_OK)
        st = ce_cli_apply_sets(prof, "--set", a->sets, a->n_sets, err);
    if (st != CE_OK) {
        ce_profile_free(prof);
        return st;
    }
    *out = prof;
    return CE_OK;
}

ce_status ce_cli_read_table(const ce_cli_pipeline_args *a, const ce_profile *prof,
                            ce_table **out, ce_diag *diag, ce_error *err)
{
    const char *group = a->pipeline.impute_column;
    ce_table_options to = {.encoding = a->encoding, .text_columns = group ? &group : NULL,
                           .n_text_columns = group ? 1 : 0,
                           .text_purpose = "(named by --impute)", .sheet = a->sheet,
                           .id_column = a->header.id_column,
                           .name_column = a->header.name_column,
                           .header_row = a->header.header_row};
    ce_status st = ce_cli_summary_rows(a->drop_summary, &to.summary, diag, err);
    if (st == CE_OK)
        st = ce_table_read_opts(a->data, prof, &to, out, diag, err);
    if (st == CE_OK)
        ce_cli_note_file("data", a->data);
    return st;
}

ce_status ce_cli_summary_rows(int drop, ce_summary_rows *out, ce_diag *diag, ce_error *err)
{
    static ce_summary_labels *labels; /* the CLI's one copy, kept until exit */
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    ce_status st = CE_OK;
    pthread_mutex_lock(&lock);
    if (!labels)
        st = ce_summary_labels_load(ce_cli_shipped_file(CE_DEFAULT_SUMMARY_LABELS), CE_ENC_AUTO,
                                    &labels, diag, err);
    pthread_mutex_unlock(&lock);
    out->labels = labels;
    out->drop = drop;
    out->hint = NULL;
    return st;
}

/* ---- the perturbation options ---------------------------------------------- */

void ce_cli_perturb_init(ce_cli_perturb_args *p, ce_uncertainty_options *mc,
                         unsigned long long max_draws)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    mc->jobs = cores > 0 ? (size_t)cores : 1;
    p->mc = mc;
    p->max_draws = max_draws;
    p->noise_given = 0;
    p->concentration_given = 0;
}

/* Stores a name of a comma-separated list at index k; fails on an unknown
 * name or one given before. */
typedef int (*name_parser)(const char *name, void *list, size_t k);

/* Splits a comma-separated list of at most CE_UNCERTAINTY_MAX_CHOICES names
 * and parses each with parse. Returns 0 on success, with *n the count. */
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

/* Whether element k of list (elements of size bytes) repeats an earlier one. */
static int repeats_earlier(const void *list, size_t size, size_t k)
{
    const unsigned char *base = list;
    for (size_t j = 0; j < k; j++)
        if (memcmp(base + j * size, base + k * size, size) == 0)
            return 1;
    return 0;
}

static int parse_normalize_name(const char *name, void *list, size_t k)
{
    ce_normalize_method *m = list;
    return ce_normalize_method_parse(name, &m[k]) != 0 || repeats_earlier(m, sizeof *m, k) ? -1 : 0;
}

static int parse_aggregate_name(const char *name, void *list, size_t k)
{
    ce_agg_method *m = list;
    return ce_agg_method_parse(name, &m[k]) != 0 || repeats_earlier(m, sizeof *m, k) ? -1 : 0;
}

static int parse_impute_name(const char *name, void *list, size_t k)
{
    ce_impute_method *m = list;
    const char *column = NULL;
    if (ce_impute_method_parse(name, &m[k], &column) != 0 || m[k] == CE_IMPUTE_GROUP_MEAN ||
        m[k] == CE_IMPUTE_GROUP_MEDIAN)
        return -1;
    return repeats_earlier(m, sizeof *m, k) ? -1 : 0;
}

static int perturb_option(const char *cmd, int opt, const char *arg, ce_cli_perturb_args *p)
{
    ce_uncertainty_options *mc = p->mc;
    unsigned long long count;
    double x;
    switch (opt) {
    case CE_CLI_OPT_DRAWS:
        if (ce_cli_parse_count(arg, p->max_draws, &count) != 0 || count == 0)
            return BAD("--draws: \"%s\" is not a whole number from 1 to %llu", arg,
                       p->max_draws);
        mc->draws = (size_t)count;
        return 1;
    case CE_CLI_OPT_SEED:
        if (ce_cli_parse_count(arg, UINT64_MAX, &count) != 0)
            return BAD("--seed: \"%s\" is not a whole number from 0 to 18446744073709551615",
                       arg);
        mc->seed = (uint64_t)count;
        return 1;
    case CE_CLI_OPT_JOBS:
        if (ce_cli_parse_count(arg, 1024, &count) != 0 || count == 0)
            return BAD("--jobs: \"%s\" is not a whole number from 1 to 1024", arg);
        mc->jobs = (size_t)count;
        return 1;
    case CE_CLI_OPT_WEIGHT_DIST:
        if (ce_weight_dist_parse(arg, &mc->weight_dist) != 0)
            return BAD("--weight-dist: \"%s\" is not uniform or dirichlet", arg);
        return 1;
    case CE_CLI_OPT_WEIGHT_NOISE:
        if (parse_number(arg, &x) != 0 || !(x >= 0 && x < 1))
            return BAD("--weight-noise: \"%s\" is not a number from 0 to below 1", arg);
        mc->weight_noise = x;
        p->noise_given = 1;
        return 1;
    case CE_CLI_OPT_CONCENTRATION:
        if (parse_number(arg, &x) != 0 || !(x > 0) || !isfinite(x))
            return BAD("--concentration: \"%s\" is not a number above 0", arg);
        mc->concentration = x;
        p->concentration_given = 1;
        return 1;
    case CE_CLI_OPT_VARY_NORMALIZE:
        if (parse_list(arg, parse_normalize_name, mc->normalize, &mc->n_normalize) != 0)
            return BAD("--vary-normalize: \"%s\" is not a list of distinct --normalize "
                       "methods (at most %d)", arg, CE_UNCERTAINTY_MAX_CHOICES);
        return 1;
    case CE_CLI_OPT_VARY_AGGREGATE:
        if (parse_list(arg, parse_aggregate_name, mc->aggregate, &mc->n_aggregate) != 0)
            return BAD("--vary-aggregate: \"%s\" is not a list of distinct --aggregate "
                       "methods", arg);
        return 1;
    case CE_CLI_OPT_VARY_IMPUTE:
        if (parse_list(arg, parse_impute_name, mc->impute, &mc->n_impute) != 0)
            return BAD("--vary-impute: \"%s\" is not a list of distinct methods from none, "
                       "mean, median", arg);
        return 1;
    default: return 0;
    }
}

int ce_cli_perturb_check(const char *cmd, void *const bases[CE_CLI_N_GROUPS])
{
    const ce_cli_perturb_args *p = bases[CE_CLI_GROUP_PERTURB];
    if (p->mc->weight_dist == CE_WEIGHT_DIRICHLET && p->noise_given)
        return ce_cli_usage_error(cmd, "--weight-noise applies to --weight-dist uniform; use "
                                       "--concentration with dirichlet");
    if (p->mc->weight_dist == CE_WEIGHT_UNIFORM && p->concentration_given)
        return ce_cli_usage_error(cmd, "--concentration applies to --weight-dist dirichlet");
    return 0;
}

/* ---- the descriptors ------------------------------------------------------ */

/* A handler of the shared options: the switches above, by the id in value
 * (they return 1 when they took it, -1 after a usage error). */
static int pipeline_set(const ce_cli_optarg *x)
{
    return pipeline_option(x->cmd, x->opt->value, x->arg, x->base) < 0 ? CE_ERR_USAGE : 0;
}

static int perturb_set(const ce_cli_optarg *x)
{
    return perturb_option(x->cmd, x->opt->value, x->arg, x->base) < 0 ? CE_ERR_USAGE : 0;
}

#define PIPE(long_name, meta, id, text)                                                      \
    {.name = long_name, .metavar = meta, .help = text, .set = pipeline_set, .value = id,     \
     .group = CE_CLI_GROUP_PIPELINE}
#define PERTURB(long_name, meta, id, text)                                                   \
    {.name = long_name, .metavar = meta, .help = text, .set = perturb_set, .value = id,      \
     .group = CE_CLI_GROUP_PERTURB}

const ce_cli_opt ce_cli_opt_data =
    CE_CLI_DATA_OPERAND("DATA.csv", .group = CE_CLI_GROUP_PIPELINE,
                        .field = offsetof(ce_cli_pipeline_args, data));
const ce_cli_opt ce_cli_opt_weights = {
    .name = "weights", .letter = 'w', .metavar = "PROFILE",
    .help = "indicator framework and weights\n(default " CE_DEFAULT_PROFILE ")",
    .group = CE_CLI_GROUP_PIPELINE, .field = offsetof(ce_cli_pipeline_args, profile),
    .file = CE_CLI_FILE_INPUT, .role = "profile"};
const ce_cli_opt ce_cli_opt_output = {
    .name = "output", .letter = 'o', .metavar = "FILE",
    .help = "write the ranking to FILE (atomically; with a UTF-8 BOM)",
    .group = CE_CLI_GROUP_PIPELINE, .field = offsetof(ce_cli_pipeline_args, output),
    .file = CE_CLI_FILE_MAIN_OUTPUT};
const ce_cli_opt ce_cli_opt_top = PIPE("top", "N", CE_CLI_OPT_TOP, "number of awards (default 10)");
const ce_cli_opt ce_cli_opt_award =
    PIPE("award", "AMOUNT", CE_CLI_OPT_AWARD, "CNY per award (default 1000000)");
const ce_cli_opt ce_cli_opt_tie_break =
    PIPE("tie-break", "CODE", CE_CLI_OPT_TIE_BREAK,
         "break a tie at the last award place by the score of\nnode CODE (higher wins)");
const ce_cli_opt ce_cli_opt_set =
    PIPE("set", "CODE=WEIGHT", CE_CLI_OPT_SET,
         "what-if: replace the weight of node CODE; CODE=40%\n"
         "gives it 40% of its group, the siblings keeping their\n"
         "proportions in the rest (repeatable)");
const ce_cli_opt ce_cli_opt_digits =
    PIPE("digits", "N", CE_CLI_OPT_DIGITS, "decimals of scores, 0-17 (default 6)");
const ce_cli_opt ce_cli_opt_no_bom = {.name = "no-bom", .group = CE_CLI_GROUP_PIPELINE,
                                     .field = offsetof(ce_cli_pipeline_args, report.bom),
                                     .value = 0,
                                     .help = "no UTF-8 BOM at the start of the -o file"};
const ce_cli_opt ce_cli_opt_encoding = {
    .name = "encoding", .metavar = "ENC", .set = ce_cli_set_encoding,
    .group = CE_CLI_GROUP_PIPELINE, .field = offsetof(ce_cli_pipeline_args, encoding),
    .help = "auto, utf-8 or gb18030 for DATA.csv (default auto;\nthe profile is always detected "
            "automatically)"};
const ce_cli_opt ce_cli_opt_sheet = {
    .name = "sheet", .metavar = "NAME", .group = CE_CLI_GROUP_PIPELINE,
    .field = offsetof(ce_cli_pipeline_args, sheet),
    .help = "the sheet of an .xlsx input (default: the first)"};
/* --header-row N: a line (a workbook's row) from 1 to Excel's last row. */
static int set_header_row(const ce_cli_optarg *x)
{
    unsigned long long n;
    if (ce_cli_parse_count(x->arg, 1048576, &n) != 0 || n == 0)
        return ce_cli_usage_error(x->cmd, "--header-row: \"%s\" is not a row number (1 to "
                                          "1048576)",
                                  x->arg);
    *(size_t *)(void *)((char *)x->base + x->opt->field) = (size_t)n;
    return 0;
}
const ce_cli_opt ce_cli_opt_id_column = {
    .name = "id-column", .metavar = "NAME", .group = CE_CLI_GROUP_PIPELINE,
    .field = offsetof(ce_cli_pipeline_args, header.id_column),
    .help = "the header of DATA's id column (default: id, else\n"
            "集群编号 or 集群代码, else 编号 or 代码, else 序号)"};
const ce_cli_opt ce_cli_opt_name_column = {
    .name = "name-column", .metavar = "NAME", .group = CE_CLI_GROUP_PIPELINE,
    .field = offsetof(ce_cli_pipeline_args, header.name_column),
    .help = "the header of DATA's name column (default: name,\n集群名称 or 名称)"};
const ce_cli_opt ce_cli_opt_header_row = {
    .name = "header-row", .metavar = "N", .set = set_header_row,
    .group = CE_CLI_GROUP_PIPELINE, .field = offsetof(ce_cli_pipeline_args, header.header_row),
    .help = "DATA's header is on line (row) N, the rows above are\ntitles (default: the first "
            "of the first 10 rows with an\nid column and an indicator)"};
const ce_cli_opt ce_cli_opt_missing =
    PIPE("missing", "RULE", CE_CLI_OPT_MISSING,
         "missing values: worst (default: the lowest score of the\nindicator), zero (read as 0), "
         "skip (left out, weights\nrescaled, as COINr), mean, median, group-mean:COLUMN,\n"
         "group-median:COLUMN; a profile's missing column wins");
const ce_cli_opt ce_cli_opt_impute =
    PIPE("impute", "M", CE_CLI_OPT_IMPUTE,
         "none, mean, median, group-mean:COLUMN, group-median:COLUMN");
const ce_cli_opt ce_cli_opt_min_coverage =
    PIPE("min-coverage", "F", CE_CLI_OPT_MIN_COVERAGE,
         "leave unranked clusters with less than F (0-1) of their\nindicator values present "
         "(before imputation)");
const ce_cli_opt ce_cli_opt_treat =
    PIPE("treat", "M", CE_CLI_OPT_TREAT,
         "none or winsor (COINr's skew/kurtosis outlier treatment)");
const ce_cli_opt ce_cli_opt_normalize =
    PIPE("normalize", "M", CE_CLI_OPT_NORMALIZE,
         "minmax, zscore, rank, prank, borda, dist2max, dist2target,\ngoalpost, vector, sum");
const ce_cli_opt ce_cli_opt_normalise = {.name = "normalise", .alias_of = "normalize",
                                         .flags = CE_CLI_HIDDEN};
const ce_cli_opt ce_cli_opt_range =
    PIPE("range", "LO,HI", CE_CLI_OPT_RANGE,
         "min-max range (default 0,100; 1,100 under geometric or\nharmonic aggregation)");
const ce_cli_opt ce_cli_opt_zscore =
    PIPE("zscore", "M,S", CE_CLI_OPT_ZSCORE,
         "z-score mean and standard deviation (default 0,1)");
const ce_cli_opt ce_cli_opt_aggregate =
    PIPE("aggregate", "M", CE_CLI_OPT_AGGREGATE,
         "arithmetic, geometric, harmonic, topsis, copeland (the\nprofile's aggregate column "
         "chooses per group)");
const ce_cli_opt ce_cli_opt_drop_summary = {
    .name = "drop-summary-rows", .group = CE_CLI_GROUP_PIPELINE,
    .field = offsetof(ce_cli_pipeline_args, drop_summary), .value = 1,
    .help = "drop rows whose id or name is a total or average\n(合计, 全省合计, Total ...: "
            "weights/summary-labels.csv)\nwith a warning; without it such a row is refused"};
const ce_cli_opt ce_cli_opt_flatten =
    PIPE("flatten", NULL, CE_CLI_OPT_FLATTEN,
         "aggregate the indicators directly into the composite with\ntheir effective weights");

static int set_table_lang(const ce_cli_optarg *x)
{
    ce_cli_langs *l = (ce_cli_langs *)(void *)((char *)x->base + x->opt->field);
    if (ce_lang_parse(x->arg, &l->csv) != 0)
        return ce_cli_usage_error(x->cmd, "--lang: \"%s\" is not zh or en", x->arg);
    l->xlsx = l->csv;
    return 0;
}

const ce_cli_opt ce_cli_opt_table_lang = {
    .name = "lang", .metavar = "LANG", .set = set_table_lang,
    .help = "zh or en: column titles (CSV default en codes, the\nworkbook default zh)"};

const ce_cli_opt ce_cli_opt_draws =
    PERTURB("draws", "N", CE_CLI_OPT_DRAWS, "number of draws (default 1000)");
const ce_cli_opt ce_cli_opt_seed =
    PERTURB("seed", "S", CE_CLI_OPT_SEED, "seed, 0-18446744073709551615 (default 20231)");
const ce_cli_opt ce_cli_opt_jobs =
    PERTURB("jobs", "J", CE_CLI_OPT_JOBS, "threads (default: all cores); never changes the output");
const ce_cli_opt ce_cli_opt_weight_dist =
    PERTURB("weight-dist", "D", CE_CLI_OPT_WEIGHT_DIST, "uniform or dirichlet (default uniform)");
const ce_cli_opt ce_cli_opt_weight_noise =
    PERTURB("weight-noise", "A", CE_CLI_OPT_WEIGHT_NOISE,
            "uniform: each weight w becomes w(1+U(-A,A)), then the\ngroup is rescaled to sum 1; "
            "0 <= A < 1 (default 0.25)");
const ce_cli_opt ce_cli_opt_concentration =
    PERTURB("concentration", "K", CE_CLI_OPT_CONCENTRATION,
            "dirichlet: weights ~ Dirichlet(K w/sum w), K > 0\n(default 100)");
const ce_cli_opt ce_cli_opt_vary_normalize =
    PERTURB("vary-normalize", "L", CE_CLI_OPT_VARY_NORMALIZE,
            "draw the normalisation from the comma-separated list L\n(names as --normalize), "
            "uniformly per draw");
const ce_cli_opt ce_cli_opt_vary_normalise = {.name = "vary-normalise",
                                              .alias_of = "vary-normalize",
                                              .flags = CE_CLI_HIDDEN};
const ce_cli_opt ce_cli_opt_vary_aggregate =
    PERTURB("vary-aggregate", "L", CE_CLI_OPT_VARY_AGGREGATE,
            "draw the aggregation from L (names as --aggregate)");
const ce_cli_opt ce_cli_opt_vary_impute =
    PERTURB("vary-impute", "L", CE_CLI_OPT_VARY_IMPUTE,
            "draw the imputation from L (none, mean, median)");
