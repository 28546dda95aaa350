/* cmd_sensitivity.c - `clustereval sensitivity`: variance-based (Sobol)
 * sensitivity of the ranking to each uncertain input (COINr
 * get_sensitivity, SA_type = "SA"), and the remove_elements check. */
#define _GNU_SOURCE /* qsort_r */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/outfile.h"
#include "clustereval/pipeline.h"
#include "clustereval/report.h"
#include "clustereval/sensitivity.h"
#include "clustereval/table_writer.h"

#include "cli.h"
#include "cli_options.h"
#include "cli_plan.h"

typedef struct {
    ce_cli_pipeline_args common; /* -w, -o, --set, --digits, the methods... */
    ce_sensitivity_options sens;
    ce_cli_perturb_args perturb; /* --draws, --seed, --weight-*, --vary-* into sens.mc */
    const char *remove_out;
} sensitivity_args;

static const char cmd[] = "sensitivity";

static int set_levels(const ce_cli_optarg *x)
{
    sensitivity_args *a = x->base;
    unsigned long long count;
    if (ce_cli_parse_count(x->arg, 100000, &count) != 0 || count < 2)
        return ce_cli_usage_error(cmd, "--levels: \"%s\" is not a whole number from 2 to 100000",
                                  x->arg);
    a->sens.levels = (size_t)count;
    return 0;
}

static int set_bootstrap(const ce_cli_optarg *x)
{
    sensitivity_args *a = x->base;
    unsigned long long count;
    if (ce_cli_parse_count(x->arg, 100000, &count) != 0)
        return ce_cli_usage_error(cmd, "--bootstrap: \"%s\" is not a whole number from 0 to "
                                       "100000", x->arg);
    a->sens.bootstrap = (size_t)count;
    return 0;
}

static const ce_cli_opt sensitivity_opts[] = {
    CE_CLI_HEADING("Design:"),
    CE_CLI_LIKE(ce_cli_opt_draws, "base sample N of the Sobol design: N (d + 2) runs for\n"
                                  "d inputs (at most 20), 1-1000000 (default 1000)"),
    {.name = "levels", .metavar = "L", .set = set_levels,
     .help = "alternative weight vectors per group, 2-100000\n(default 100)"},
    {.name = "bootstrap", .metavar = "B", .set = set_bootstrap,
     .help = "bootstrap resamples of the 5-95% intervals, 0-100000\n"
             "(default 1000; 0 = no intervals)"},
    CE_CLI_LIKE(ce_cli_opt_seed, NULL),
    CE_CLI_LIKE(ce_cli_opt_jobs, NULL),
    CE_CLI_LIKE(ce_cli_opt_weight_dist, NULL),
    CE_CLI_LIKE(ce_cli_opt_weight_noise,
                "uniform: each weight w becomes w(1+U(-A,A)), then the\n"
                "group is rescaled to sum 1; 0 <= A < 1 (default 0.25;\n"
                "0 = the weights are fixed and are not inputs)"),
    CE_CLI_LIKE(ce_cli_opt_concentration, NULL),
    CE_CLI_LIKE(ce_cli_opt_vary_normalize, "input \"normalize\": the comma-separated methods L\n"
                                           "(names as --normalize)"),
    CE_CLI_LIKE(ce_cli_opt_vary_normalise, NULL),
    CE_CLI_LIKE(ce_cli_opt_vary_aggregate, "input \"aggregate\": methods as --aggregate"),
    CE_CLI_LIKE(ce_cli_opt_vary_impute, "input \"impute\": methods from none, mean, median"),
    {.name = "remove-out", .metavar = "FILE", .field = offsetof(sensitivity_args, remove_out),
     .file = CE_CLI_FILE_OUTPUT,
     .help = "also write the remove_elements table to FILE:\n"
             "dimension,mean_abs_rank_shift,max_abs_rank_shift,\naward_changes"},
    CE_CLI_HEADING("The nominal ranking and the defaults of every run (as for rank):"),
    CE_CLI_NOMINAL_ENTRIES,
    CE_CLI_LIKE(ce_cli_opt_digits, "decimals of the indices and shifts, 0-17 (default 4)"),
    CE_CLI_LIKE(ce_cli_opt_no_bom, "no UTF-8 BOM at the start of the output files"),
    CE_CLI_LIKE(ce_cli_opt_encoding, "auto, utf-8 or gb18030 for DATA.csv (default auto)"),
    CE_CLI_LIKE(ce_cli_opt_sheet, NULL),
    CE_CLI_HEADER_ENTRIES,
    CE_CLI_LIKE(ce_cli_opt_drop_summary, NULL),
    CE_CLI_OPT_HELP_ENTRY,
    CE_CLI_END};

static const ce_cli_command sensitivity_command = {
    .cmd = cmd,
    .intro =
        "usage: clustereval sensitivity DATA.csv [-w PROFILE] [-o OUT.csv] [options]\n"
        "\n"
        "Variance-based (Sobol) sensitivity of the ranking to each uncertain input:\n"
        "the weights of every sibling group of PROFILE with two or more weighted\n"
        "members (weights:composite, weights:<group>), and the normalisation,\n"
        "aggregation and imputation when --vary-... lists are given. The output of a\n"
        "run is the mean absolute rank shift against the nominal ranking. Writes one\n"
        "row per input to stdout, or to -o FILE: input,si,si_lo,si_hi,sti,sti_lo,sti_hi.\n"
        "On stderr: the inputs by total effect, and the rank shifts when each\n"
        "dimension is dropped (remove_elements).\n",
    .opts = sensitivity_opts,
    .check_options = ce_cli_perturb_check,
    .outro =
        "Exit codes: 0 done, 1 bad input data or profile, 2 usage error, 3 I/O error.\n",
};

/* ---- Output ---- */

typedef struct {
    const ce_sensitivity_result *sens;
    const ce_sensitivity_removal *rem;
    const ce_profile *prof;
    int digits, bom;
} output_job;

/* A table on out, with a BOM when it goes to a file and --no-bom was not
 * given; what names it in a write error. */
static ce_status open_table(const output_job *job, FILE *out, int to_file, const char *what,
                            size_t n_cols, const ce_tw_column *cols, ce_tw **tw, ce_error *err)
{
    ce_tw_sinks sinks = {.csv = out, .bom = to_file && job->bom, .csv_lang = CE_LANG_EN,
                         .what = what};
    ce_status st = ce_tw_open(&sinks, tw, err);
    if (st == CE_OK && (st = ce_tw_header(*tw, what, n_cols, cols, err)) != CE_OK) {
        ce_tw_close(*tw, st, err);
        *tw = NULL;
    }
    return st;
}

static const ce_tw_column index_cols[] = {
    {"input", CE_TW_TEXT},  {"si", CE_TW_NUMBER},     {"si_lo", CE_TW_NUMBER},
    {"si_hi", CE_TW_NUMBER}, {"sti", CE_TW_NUMBER},   {"sti_lo", CE_TW_NUMBER},
    {"sti_hi", CE_TW_NUMBER}};

static ce_status write_indices(FILE *out, int to_file, void *ctx, ce_error *err)
{
    const output_job *job = ctx;
    ce_tw *tw;
    ce_status st = open_table(job, out, to_file, "table", sizeof index_cols / sizeof *index_cols,
                              index_cols, &tw, err);
    for (size_t k = 0; st == CE_OK && k < job->sens->n_inputs; k++) {
        const ce_sens_index *ix = &job->sens->index[k];
        const double v[6] = {ix->si, ix->si_lo, ix->si_hi, ix->sti, ix->sti_lo, ix->sti_hi};
        ce_tw_text(tw, job->sens->inputs[k].name);
        for (int j = 0; j < 6; j++)
            ce_tw_number(tw, v[j], job->digits);
        st = ce_tw_end_row(tw, CE_XLSX_PLAIN, err);
    }
    return ce_tw_close(tw, st, err);
}

static const ce_tw_column removal_cols[] = {{"dimension", CE_TW_TEXT},
                                            {"mean_abs_rank_shift", CE_TW_NUMBER},
                                            {"max_abs_rank_shift", CE_TW_INTEGER},
                                            {"award_changes", CE_TW_INTEGER}};

static ce_status write_removal(FILE *out, int to_file, void *ctx, ce_error *err)
{
    const output_job *job = ctx;
    const ce_sensitivity_removal *r = job->rem;
    ce_tw *tw;
    ce_status st = open_table(job, out, to_file, "remove_elements table",
                              sizeof removal_cols / sizeof *removal_cols, removal_cols, &tw, err);
    for (size_t k = 0; st == CE_OK && k < r->n_dims; k++) {
        ce_tw_text(tw, ce_profile_node(job->prof, r->dim[k])->code);
        ce_tw_number(tw, r->mean_shift[k], job->digits);
        if (r->compared[k])
            ce_tw_integer(tw, (long long)r->max_shift[k]);
        else
            ce_tw_empty(tw);
        ce_tw_integer(tw, (long long)r->award_changes[k]);
        st = ce_tw_end_row(tw, CE_XLSX_PLAIN, err);
    }
    return ce_tw_close(tw, st, err);
}

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
            ce_error_set_file(err, a->remove_out, 0); /* name the file in the message */
            return st;
        }
    }
    st = ce_cli_write_output(a->common.output, write_indices, job, err);
    if (!a->remove_out)
        return st;
    if (st != CE_OK) {
        ce_outfile_abort(&rem);
        return st;
    }
    st = ce_outfile_commit(&rem, err);
    if (st == CE_OK)
        ce_cli_note_file("output", a->remove_out);
    return st;
}

/* ---- The summary on stderr ---- */

/* Higher STi first, then input order. */
static int by_sti(const void *pa, const void *pb, void *ctx)
{
    const ce_sensitivity_result *sort_res = ctx;
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    double x = sort_res->index[a].sti, y = sort_res->index[b].sti;
    if (x != y)
        return x > y ? -1 : 1;
    return (a > b) - (a < b);
}

/* Larger mean shift first (missing last), then profile order. */
static int by_shift(const void *pa, const void *pb, void *ctx)
{
    const ce_sensitivity_removal *sort_rem = ctx;
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
    qsort_r(order, sr->n_inputs, sizeof *order, by_sti, (void *)sr);
    fprintf(stderr, "clustereval: inputs by total effect STi (5-95%% bootstrap interval):\n");
    fprintf(stderr, "  %-24s %7s  %-17s  %7s  %s\n", "input", "STi", "interval", "Si",
            "interval");
    size_t shown = sr->n_inputs < SHOW ? sr->n_inputs : SHOW;
    for (size_t m = 0; m < shown; m++) {
        const ce_sens_index *ix = &sr->index[order[m]];
        fputs("  ", stderr);
        ce_cli_put_one_line(sr->inputs[order[m]].name);
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
    qsort_r(order, r->n_dims, sizeof *order, by_shift, (void *)r);
    fprintf(stderr, "clustereval: remove_elements: rank shifts with each dimension dropped "
                    "(its weight 0, the others rescaled; award changes of the top %zu):\n",
            a->common.pipeline.top);
    fprintf(stderr, "  %-12s %15s %10s %14s  %s\n", "dimension", "mean_abs_shift", "max_shift",
            "award_changes", "name");
    for (size_t m = 0; m < r->n_dims; m++) {
        size_t k = order[m];
        const ce_node *nd = ce_profile_node(prof, r->dim[k]);
        char mean[64] = "-", max[32] = "-";
        if (r->compared[k]) {
            ce_report_format_number(r->mean_shift[k], a->common.report.digits, mean, sizeof mean);
            snprintf(max, sizeof max, "%zu", r->max_shift[k]);
        }
        fputs("  ", stderr);
        ce_cli_put_one_line(nd->code);
        int len = (int)strlen(nd->code);
        fprintf(stderr, "%*s %15s %10s %14zu  ", len < 12 ? 12 - len : 0, "", mean, max,
                r->award_changes[k]);
        ce_cli_put_one_line(nd->name ? nd->name : "");
        fputc('\n', stderr);
    }
    free(order);
}

static ce_status run(void *args, ce_diag *diag, ce_error *err)
{
    sensitivity_args *a = args;
    ce_profile *prof = NULL;
    ce_table *table = NULL;
    ce_result *res = NULL;
    ce_sensitivity_result *sr = NULL;
    ce_sensitivity_removal *rem = NULL;
    ce_sens_input inputs[CE_SENS_MAX_INPUTS];
    size_t d;
    ce_status st = ce_cli_load_profile(&a->common, &prof, diag, err);
    if (st == CE_OK) /* the number of inputs, before reading the data */
        st = ce_sensitivity_inputs(prof, &a->sens, inputs, &d, err);
    if (st == CE_OK)
        st = ce_cli_read_table(&a->common, prof, &table, diag, err);
    if (st == CE_OK) /* the nominal ranking's warnings */
        st = ce_pipeline_run(table, prof, &a->common.pipeline, &res, diag, err);
    if (st == CE_OK)
        st = ce_sensitivity_run(table, prof, &a->common.pipeline, &a->sens, &sr, err);
    if (st == CE_OK)
        st = ce_sensitivity_remove(table, prof, &a->common.pipeline, &rem, err);
    if (st == CE_OK) {
        output_job job = {sr, rem, prof, a->common.report.digits, a->common.report.bom};
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
    sensitivity_args a = {.remove_out = NULL};
    if (ce_cli_pipeline_args_init(&a.common, argc, 4) != 0)
        return CE_ERR_IO;
    ce_sensitivity_options_init(&a.sens);
    ce_cli_perturb_init(&a.perturb, &a.sens.mc, 1000000);
    void *const bases[CE_CLI_N_GROUPS] = {&a, &a.common, &a.perturb};
    int st = ce_cli_opt_run(&sensitivity_command, bases, argc, argv, run);
    ce_cli_pipeline_args_fini(&a.common);
    return st;
}
