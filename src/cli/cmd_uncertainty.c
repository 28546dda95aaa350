/* cmd_uncertainty.c - `clustereval uncertainty`: Monte Carlo over the
 * analyst's choices (weights, and optionally normalisation, aggregation and
 * imputation), reporting how stable each cluster's rank and award are. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clustereval/pipeline.h"
#include "clustereval/ranking_report.h"
#include "clustereval/report.h"
#include "clustereval/table_writer.h"
#include "clustereval/uncertainty.h"

#include "cli.h"
#include "cli_options.h"
#include "cli_plan.h"

typedef struct {
    ce_cli_pipeline_args common; /* -w, -o, --set, --digits, the methods... */
    ce_uncertainty_options mc;
    ce_cli_perturb_args perturb; /* --draws, --seed, --weight-*, --vary-* into mc */
    const char *html;
    ce_lang lang;
} uncertainty_args;

static const char cmd[] = "uncertainty";

#define FIELD(f) .field = offsetof(uncertainty_args, f)

static const ce_cli_opt uncertainty_opts[] = {
    CE_CLI_HEADING("Monte Carlo:"),
    CE_CLI_LIKE(ce_cli_opt_draws, NULL),
    CE_CLI_LIKE(ce_cli_opt_seed, NULL),
    CE_CLI_LIKE(ce_cli_opt_jobs, NULL),
    CE_CLI_LIKE(ce_cli_opt_weight_dist, NULL),
    CE_CLI_LIKE(ce_cli_opt_weight_noise, NULL),
    CE_CLI_LIKE(ce_cli_opt_concentration, NULL),
    CE_CLI_LIKE(ce_cli_opt_vary_normalize, NULL),
    CE_CLI_LIKE(ce_cli_opt_vary_normalise, NULL),
    CE_CLI_LIKE(ce_cli_opt_vary_aggregate, NULL),
    CE_CLI_LIKE(ce_cli_opt_vary_impute, NULL),
    CE_CLI_HEADING("The nominal ranking and the defaults of every draw (as for rank):"),
    CE_CLI_NOMINAL_ENTRIES,
    CE_CLI_LIKE(ce_cli_opt_digits, "decimals of mean_score, 0-17 (default 6)"),
    CE_CLI_LIKE(ce_cli_opt_no_bom, NULL),
    CE_CLI_LIKE(ce_cli_opt_encoding, "auto, utf-8 or gb18030 for DATA.csv (default auto)"),
    CE_CLI_LIKE(ce_cli_opt_sheet, NULL),
    CE_CLI_HEADER_ENTRIES,
    CE_CLI_LIKE(ce_cli_opt_drop_summary, NULL),
    {.name = "html", .metavar = "FILE", FIELD(html), .file = CE_CLI_FILE_REPORT,
     .help = "the HTML report of the nominal ranking with each\n"
             "cluster's rank interval (5th-95th percentile, median,\n"
             "nominal rank) and P(award) (atomically)"},
    {.name = "lang", .metavar = "LANG", FIELD(lang), .set = ce_cli_set_lang,
     .help = "zh (default) or en for the HTML report"},
    CE_CLI_OPT_HELP_ENTRY,
    CE_CLI_END};

static const ce_cli_command uncertainty_command = {
    .cmd = cmd,
    .intro =
        "usage: clustereval uncertainty DATA.csv [-w PROFILE] [-o OUT.csv] [options]\n"
        "\n"
        "Monte Carlo uncertainty of the ranking: every draw perturbs the weights of\n"
        "every sibling group of PROFILE (and, if asked, draws the normalisation,\n"
        "aggregation and imputation), ranks the clusters and applies the award rule.\n"
        "Writes one row per cluster to stdout, or to -o FILE: id,name,nominal_rank,\n"
        "mean_rank,median_rank,p05_rank,p95_rank,p_award,mean_score.\n",
    .opts = uncertainty_opts,
    .check_options = ce_cli_perturb_check,
    .outro =
        "Exit codes: 0 done, 1 bad input data or profile, 2 usage error, 3 I/O error.\n",
};

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
    ce_cli_put_control("\r");
    fprintf(stderr, "clustereval: draws [%s] %zu/%zu", cells, done, total);
    fflush(stderr);
}

typedef struct {
    const ce_result *res;
    const ce_uncertainty_result *mc;
    const ce_table *table;
    int digits, bom;
} output_job;

static const ce_tw_column table_cols[] = {
    {"id", CE_TW_TEXT},           {"name", CE_TW_TEXT},         {"nominal_rank", CE_TW_INTEGER},
    {"mean_rank", CE_TW_NUMBER},  {"median_rank", CE_TW_INTEGER}, {"p05_rank", CE_TW_INTEGER},
    {"p95_rank", CE_TW_INTEGER},  {"p_award", CE_TW_NUMBER},    {"mean_score", CE_TW_NUMBER}};

static ce_status write_table(FILE *out, int to_file, void *ctx, ce_error *err)
{
    const output_job *job = ctx;
    const ce_uncertainty_result *mc = job->mc;
    ce_tw_sinks sinks = {.csv = out, .bom = to_file && job->bom, .csv_lang = CE_LANG_EN,
                         .what = "table"};
    ce_tw *tw;
    ce_status st = ce_tw_open(&sinks, &tw, err);
    if (st != CE_OK)
        return st;
    st = ce_tw_header(tw, "uncertainty", sizeof table_cols / sizeof *table_cols, table_cols, err);
    for (size_t k = 0; st == CE_OK && k < job->res->rows; k++) {
        size_t i = job->res->order[k];
        ce_tw_text(tw, ce_table_id(job->table, i));
        ce_tw_text(tw, ce_table_name(job->table, i));
        if (job->res->rank[i])
            ce_tw_integer(tw, (long long)job->res->rank[i]);
        else
            ce_tw_empty(tw);
        ce_tw_number(tw, mc->mean_rank[i], 4);
        if (mc->ranked[i]) {
            ce_tw_integer(tw, (long long)mc->median_rank[i]);
            ce_tw_integer(tw, (long long)mc->p05_rank[i]);
            ce_tw_integer(tw, (long long)mc->p95_rank[i]);
        } else {
            ce_tw_empty(tw);
            ce_tw_empty(tw);
            ce_tw_empty(tw);
        }
        ce_tw_number(tw, mc->p_award[i], 4);
        ce_tw_number(tw, mc->mean_score[i], job->digits);
        st = ce_tw_end_row(tw, CE_XLSX_PLAIN, err);
    }
    return ce_tw_close(tw, st, err);
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
    return ce_impute_method_name(((const ce_impute_method *)l)[k]);
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
                        "0.95 (top %zu)\n", a->common.pipeline.top);
        return;
    }
    fprintf(stderr, "clustereval: award uncertain for %zu cluster%s (0.05 < P(award) < 0.95, "
                    "top %zu):\n", uncertain, uncertain == 1 ? "" : "s", a->common.pipeline.top);
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
        ce_cli_put_one_line(ce_table_id(t, i));
        if (ce_table_name(t, i)[0]) {
            fputs("  ", stderr);
            ce_cli_put_one_line(ce_table_name(t, i));
        }
        fputc('\n', stderr);
    }
}

/* The HTML report: the nominal ranking with the draws' rank intervals. */
static ce_status write_html(const uncertainty_args *a, const ce_result *res,
                            const ce_uncertainty_result *mc, const ce_table *t,
                            const ce_profile *prof, ce_error *err)
{
    size_t n = mc->rows;
    double *v = malloc((4 * n + 1) * sizeof *v);
    if (!v)
        return ce_error_nomem(err);
    double *p05 = v, *med = v + n, *p95 = v + 2 * n;
    for (size_t i = 0; i < n; i++) {
        p05[i] = mc->p05_rank[i] ? (double)mc->p05_rank[i] : NAN;
        med[i] = mc->median_rank[i] ? (double)mc->median_rank[i] : NAN;
        p95[i] = mc->p95_rank[i] ? (double)mc->p95_rank[i] : NAN;
    }
    char options[256];
    snprintf(options, sizeof options, "%zu draws, seed %llu", mc->draws,
             (unsigned long long)a->mc.seed);
    ce_ranking_report_extras x = {
        .lang = a->lang,
        .title = "",
        .data_path = a->common.data,
        .options = options,
        .rank_p05 = p05,
        .rank_median = med,
        .rank_p95 = p95,
        .p_award = mc->p_award,
        .digits = a->common.report.digits,
        .run_time = ce_cli_run_time(),
    };
    ce_status st = ce_ranking_report_html(a->html, res, t, prof, &a->common.pipeline, &x, err);
    free(v);
    if (st == CE_OK)
        ce_cli_note_file("output", a->html);
    return st;
}

static ce_status run(void *args, ce_diag *diag, ce_error *err)
{
    uncertainty_args *a = args;
    ce_profile *prof = NULL;
    ce_table *table = NULL;
    ce_result *res = NULL;
    ce_uncertainty_result *mc = NULL;
    progress_bar bar = {0, 0};
    ce_status st = ce_cli_load_profile(&a->common, &prof, diag, err);
    if (st == CE_OK)
        st = ce_cli_read_table(&a->common, prof, &table, diag, err);
    if (st == CE_OK)
        st = ce_pipeline_run(table, prof, &a->common.pipeline, &res, diag, err);
    if (st == CE_OK) {
        if (isatty(STDERR_FILENO)) {
            a->mc.progress = show_progress;
            a->mc.progress_ctx = &bar;
        }
        st = ce_uncertainty_run(table, prof, &a->common.pipeline, &a->mc, &mc, err);
        if (bar.shown)
            ce_cli_put_control("\r\033[K"); /* clear the progress line */
    }
    if (st == CE_OK && a->html)
        st = write_html(a, res, mc, table, prof, err);
    if (st == CE_OK) {
        output_job job = {res, mc, table, a->common.report.digits, a->common.report.bom};
        st = ce_cli_write_output(a->common.output, write_table, &job, err);
    }
    if (st == CE_OK) {
        char seed[32];
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)a->mc.seed);
        ce_cli_note_option("seed", seed);
        ce_cli_note_count("draws", (long long)a->mc.draws);
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
    uncertainty_args a;
    memset(&a, 0, sizeof a);
    a.lang = CE_LANG_ZH;
    if (ce_cli_pipeline_args_init(&a.common, argc, 6) != 0)
        return CE_ERR_IO;
    ce_uncertainty_options_init(&a.mc);
    ce_cli_perturb_init(&a.perturb, &a.mc, 100000000);
    void *const bases[CE_CLI_N_GROUPS] = {&a, &a.common, &a.perturb};
    int st = ce_cli_opt_run(&uncertainty_command, bases, argc, argv, run);
    ce_cli_pipeline_args_fini(&a.common);
    return st;
}
