/* cmd_rank.c - `clustereval rank`: the annual cluster ranking. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/compare.h"
#include "clustereval/compare_side.h"
#include "clustereval/outfile.h"
#include "clustereval/pipeline.h"
#include "clustereval/ranking_report.h"
#include "clustereval/report.h"

#include "cli.h"
#include "cli_options.h"
#include "cli_plan.h"

typedef struct {
    ce_cli_pipeline_args common; /* -w, -o, --set, --digits, the methods... */
    const char *baseline, *previous, *compare_out;
    char **baseline_sets;
    size_t n_baseline_sets;
    const char *html, *xlsx, *title;
    int lang_given;
    ce_lang lang;
} rank_args;

/* --lang: the language and that it was given. */
static int set_lang(const ce_cli_optarg *x)
{
    rank_args *a = x->base;
    if (ce_cli_set_lang(x) != 0)
        return CE_ERR_USAGE;
    a->lang_given = 1;
    return 0;
}

/* --baseline-set: arg is an argv string, ce_cli_apply_sets may edit it. */
static int add_baseline_set(const ce_cli_optarg *x)
{
    rank_args *a = x->base;
    a->baseline_sets[a->n_baseline_sets++] = (char *)x->arg;
    return 0;
}

static int check(const char *cmd, void *const bases[CE_CLI_N_GROUPS])
{
    const rank_args *a = bases[CE_CLI_GROUP_OWN];
    if (a->compare_out && !a->baseline && !a->n_baseline_sets && !a->previous)
        return ce_cli_usage_error(cmd, "--compare-out needs --baseline, --baseline-set or "
                                       "--previous");
    return 0;
}

#define FIELD(f) .field = offsetof(rank_args, f)

static const ce_cli_opt rank_opts[] = {
    CE_CLI_LIKE(ce_cli_opt_data, NULL),
    CE_CLI_HEADING("Options:"),
    CE_CLI_LIKE(ce_cli_opt_weights, NULL),
    CE_CLI_LIKE(ce_cli_opt_output, NULL),
    CE_CLI_LIKE(ce_cli_opt_top, NULL),
    CE_CLI_LIKE(ce_cli_opt_award, NULL),
    CE_CLI_LIKE(ce_cli_opt_tie_break, NULL),
    CE_CLI_LIKE(ce_cli_opt_set, NULL),
    CE_CLI_LIKE(ce_cli_opt_digits, NULL),
    CE_CLI_LIKE(ce_cli_opt_no_bom, NULL),
    CE_CLI_LIKE(ce_cli_opt_encoding, NULL),
    CE_CLI_LIKE(ce_cli_opt_sheet, NULL),
    CE_CLI_HEADER_ENTRIES,
    CE_CLI_LIKE(ce_cli_opt_drop_summary, NULL),
    CE_CLI_HEADING("Methods (defaults give the standard ranking: min-max 0-100, arithmetic mean):"),
    CE_CLI_LIKE(ce_cli_opt_missing, NULL),
    CE_CLI_LIKE(ce_cli_opt_impute, NULL),
    CE_CLI_LIKE(ce_cli_opt_min_coverage, NULL),
    CE_CLI_LIKE(ce_cli_opt_treat, NULL),
    CE_CLI_LIKE(ce_cli_opt_normalize, NULL),
    CE_CLI_LIKE(ce_cli_opt_normalise, NULL),
    CE_CLI_LIKE(ce_cli_opt_range, NULL),
    CE_CLI_LIKE(ce_cli_opt_zscore, NULL),
    CE_CLI_LIKE(ce_cli_opt_aggregate, NULL),
    CE_CLI_LIKE(ce_cli_opt_flatten, NULL),
    CE_CLI_HEADING("Comparisons (columns after award_amount, a summary on stderr):"),
    {.name = "baseline", .metavar = "PROFILE", FIELD(baseline),
     .file = CE_CLI_FILE_INPUT, .role = "baseline",
     .help = "rank again with PROFILE (same data and methods): adds\n"
             "baseline_rank and rank_change = baseline_rank - rank"},
    {.name = "baseline-set", .metavar = "CODE=WEIGHT", .set = add_baseline_set,
     .help = "replace a weight of the baseline profile (the\n"
             "main profile, without --set, when --baseline is absent),\n"
             "or CODE=40% as for --set; repeatable"},
    {.name = "previous", .metavar = "FILE", FIELD(previous),
     .file = CE_CLI_FILE_INPUT, .role = "previous",
     .help = "an earlier ranked CSV (columns id and rank): adds\n"
             "previous_rank and change_vs_previous; lists new and\ndropped clusters"},
    {.name = "compare-out", .metavar = "FILE", FIELD(compare_out), .file = CE_CLI_FILE_OUTPUT,
     .help = "write the comparisons as CSV to FILE (atomically; BOM)"},
    CE_CLI_HEADING("Reports for people (written before the CSV; each atomically):"),
    {.name = "html", .metavar = "FILE", FIELD(html), .file = CE_CLI_FILE_REPORT,
     .help = "one self-contained HTML page: the table, a bar chart with\n"
             "the award cut-off, the award winners' profiles, a heat\n"
             "map of dimension ranks, rank changes (with --baseline or\n"
             "--previous), the weights and the provenance"},
    {.name = "xlsx", .metavar = "FILE", FIELD(xlsx), .file = CE_CLI_FILE_REPORT,
     .help = "an Excel workbook: ranking with dimension scores (award\n"
             "rows green, ties amber), weights, method"},
    {.name = "lang", .metavar = "LANG", FIELD(lang), .set = set_lang,
     .help = "zh or en for titles: the CSV header (default en codes),\n"
             "the HTML and the workbook (default zh)"},
    {.name = "title", .metavar = "TEXT", FIELD(title), .help = "the HTML report's title"},
    CE_CLI_OPT_HELP_ENTRY,
    CE_CLI_END};

static const ce_cli_command rank_command = {
    .cmd = "rank",
    .intro =
        "usage: clustereval rank DATA.csv [options]\n"
        "\n"
        "Ranks the clusters of DATA.csv by the composite index of PROFILE and marks\n"
        "the award winners. Writes CSV to stdout, or to -o FILE.\n",
    .opts = rank_opts,
    .check = check,
    .outro =
        "Exit codes: 0 done, 1 bad input data or profile, 2 usage error, 3 I/O error.\n",
};

/* ---- comparisons (--baseline, --baseline-set, --previous) ---------------- */

enum { MOVERS_LISTED = 10, LIST_SHOWN = 20 };

/* What the baseline is, for the summary and the comparison CSV. */
/* "PROFILE" or "PROFILE with --baseline-set A=1 B=2". */
static char *baseline_description(const rank_args *a)
{
    const char *prof = a->baseline ? a->baseline : a->common.profile;
    size_t len = strlen(prof) + sizeof " with --baseline-set";
    for (size_t k = 0; k < a->n_baseline_sets; k++)
        len += strlen(a->baseline_sets[k]) + 1;
    char *d = malloc(len);
    if (!d)
        return NULL;
    strcpy(d, prof);
    if (a->n_baseline_sets)
        strcat(d, " with --baseline-set");
    for (size_t k = 0; k < a->n_baseline_sets; k++) {
        strcat(d, " ");
        strcat(d, a->baseline_sets[k]);
    }
    return d;
}

static ce_status build_baseline(ce_side_by_side *s, const rank_args *a, const ce_table *t,
                                const ce_result *r, const ce_table *tb, const ce_result *rb,
                                ce_error *err)
{
    char *against = baseline_description(a);
    if (!against)
        return ce_error_nomem(err);
    ce_status st = ce_side_by_side_baseline(s, against, a->common.data, t, r, tb, rb,
                                            MOVERS_LISTED, err);
    free(against);
    return st;
}

/* ---- the summary on stderr ------------------------------------------------ */

/* How many clusters had a missing value, and which award winners did
 * (issue 15 §1); nothing when no value is missing. */
static void print_missing(const ce_result *r, const ce_table *t, int zh)
{
    size_t with = 0, winners = 0, winners_with = 0;
    for (size_t i = 0; i < r->rows; i++) {
        with += r->coverage[i] < 1;
        winners += r->award[i] == CE_AWARD_YES;
        winners_with += r->award[i] == CE_AWARD_YES && r->coverage[i] < 1;
    }
    if (!with)
        return;
    if (zh)
        fprintf(stderr, "clustereval: 缺失值：%zu 个集群中 %zu 个有缺失；%zu 个获奖集群中 %zu 个有缺失",
                r->rows, with, winners, winners_with);
    else
        fprintf(stderr, "clustereval: missing values: %zu of %zu clusters had some; %zu of the "
                        "%zu award winners did",
                with, r->rows, winners_with, winners);
    const char *sep = zh ? "：" : ": ";
    for (size_t k = 0; k < r->rows; k++) {
        size_t i = r->order[k];
        if (r->award[i] != CE_AWARD_YES || !(r->coverage[i] < 1))
            continue;
        fputs(sep, stderr);
        ce_cli_put_one_line(ce_table_id(t, i));
        fputc(' ', stderr);
        ce_cli_put_one_line(ce_table_name(t, i));
        sep = zh ? "，" : ", ";
    }
    fputc('\n', stderr);
}

static void print_summary(const ce_result *r, const ce_table *t, const rank_args *a)
{
    char num[64];
    int zh = a->lang_given && a->lang == CE_LANG_ZH;
    ce_report_format_number(a->common.pipeline.award_amount, 0, num, sizeof num);
    if (zh) {
        fprintf(stderr, "clustereval: 共 %zu 个集群，%zu 个参与排名（%zu 个未排名）；%zu 个获奖候选\n",
                r->rows, r->n_ranked, r->rows - r->n_ranked, r->n_candidates);
        fprintf(stderr, "clustereval: 奖励（前 %zu 名，每个 %s 元）：获奖 %zu 个",
                a->common.pipeline.top, num, r->awards.awarded);
        if (r->awards.tied)
            fprintf(stderr, "，第 %zu 名并列 %zu 个", r->awards.tie_place, r->awards.tied);
    } else {
        fprintf(stderr, "clustereval: ranked %zu of %zu clusters (%zu unranked); %zu award "
                        "candidates\n",
                r->n_ranked, r->rows, r->rows - r->n_ranked, r->n_candidates);
        fprintf(stderr, "clustereval: awards (top %zu, %s CNY each): %zu given",
                a->common.pipeline.top, num, r->awards.awarded);
        if (r->awards.tied)
            fprintf(stderr, ", %zu tied for place %zu", r->awards.tied, r->awards.tie_place);
    }
    fputc('\n', stderr);
    for (size_t k = 0; k < r->rows; k++) {
        size_t i = r->order[k];
        if (r->award[i] == CE_AWARD_NO)
            continue;
        ce_report_format_number(r->composite[i], a->common.report.digits, num, sizeof num);
        fprintf(stderr, "  %3zu  %-3s  ", r->rank[i],
                ce_label(r->award[i] == CE_AWARD_YES ? "yes" : "tie",
                         zh ? CE_LANG_ZH : CE_LANG_EN));
        ce_cli_put_one_line(ce_table_id(t, i));
        fprintf(stderr, "  %s  ", num);
        ce_cli_put_one_line(ce_table_name(t, i));
        fputc('\n', stderr);
    }
    print_missing(r, t, zh);
}

/* A rank, "-" when unranked or absent. */
static const char *rank_text(double v, char *buf, size_t size)
{
    if (isnan(v))
        return "-";
    snprintf(buf, size, "%.0f", v);
    return buf;
}

static void print_list(const ce_side_by_side *s, const char *section, const size_t *list, size_t n,
                       const rank_args *a)
{
    size_t shown = n < LIST_SHOWN ? n : LIST_SHOWN;
    for (size_t k = 0; k < shown; k++) {
        size_t i = list[k];
        char ra[32], rb[32], ch[32] = "";
        if (!isnan(s->change[i]))
            snprintf(ch, sizeof ch, "%+.0f", s->change[i]);
        fprintf(stderr, "  %-7s %6s %8s %6s  ", section, rank_text(s->rank_a[i], ra, sizeof ra),
                rank_text(s->rank_b[i], rb, sizeof rb), ch);
        ce_cli_put_one_line(s->id[i]);
        fputs("  ", stderr);
        ce_cli_put_one_line(s->name[i]);
        fputc('\n', stderr);
    }
    if (n > shown) {
        fprintf(stderr, "  ... and %zu more %s", n - shown, section);
        if (a->compare_out) {
            fputs(" (see ", stderr);
            ce_cli_put_one_line(a->compare_out);
            fputs(")\n", stderr);
        } else {
            fputs(" (--compare-out FILE lists all)\n", stderr);
        }
    }
}

static const char *stat_text(double v, char *buf, size_t size)
{
    if (isnan(v))
        return "undefined";
    ce_report_format_number(v, 6, buf, size);
    return buf;
}

static void print_comparison(const ce_side_by_side *s, const rank_args *a)
{
    const ce_comparison *c = &s->cmp;
    char rho[64], tau[64];
    fprintf(stderr, "clustereval: vs %s ", s->label);
    ce_cli_put_one_line(s->against);
    fprintf(stderr, ": %zu clusters ranked in both; Spearman rho = %s, Kendall tau-b = %s\n",
            c->pairs, stat_text(c->rho, rho, sizeof rho), stat_text(c->tau_b, tau, sizeof tau));
    if (s->matched)
        fprintf(stderr, "clustereval: vs %s: %zu new (not in the %s file), %zu dropped (not in "
                        "the data)\n",
                s->label, c->n_added, s->label, c->n_dropped);
    fprintf(stderr, "clustereval: vs %s: ", s->label);
    if (c->awards_known)
        fprintf(stderr, "%zu enter and %zu leave the award list; ", c->n_enter, c->n_leave);
    else
        fprintf(stderr, "no award column, award list not compared; ");
    if (c->n_moved)
        fprintf(stderr, "%zu clusters change rank, by up to %.0f places\n", c->n_moved,
                c->max_change);
    else
        fprintf(stderr, "no cluster changes rank\n");
    if (!c->n_enter && !c->n_leave && !c->n_movers && !c->n_added && !c->n_dropped)
        return;
    fprintf(stderr, "  %-7s %6s %8s %6s  id  name\n", "", "rank", s->label, "change");
    print_list(s, "enter", c->enter, c->n_enter, a);
    print_list(s, "leave", c->leave, c->n_leave, a);
    print_list(s, "mover", c->movers, c->n_movers, a);
    print_list(s, "new", c->added, c->n_added, a);
    print_list(s, "dropped", c->dropped, c->n_dropped, a);
}

/* Prints the baseline run's warnings that the main run did not give. */
static void print_baseline_warnings(const ce_diag *main, const ce_diag *base)
{
    for (size_t i = 0; i < base->count; i++) {
        int seen = 0;
        for (size_t k = 0; k < main->count && !seen; k++)
            seen = strcmp(main->items[k], base->items[i]) == 0;
        if (!seen)
            fprintf(stderr, "clustereval: warning: baseline: %s\n", base->items[i]);
    }
}

/* ---- output ---------------------------------------------------------------- */

typedef struct {
    const ce_result *res;
    const ce_table *table;
    const ce_profile *prof;
    const ce_report_options *report;
    const ce_report_column *extra;
    size_t n_extra;
} report_job;

static ce_status write_report(FILE *out, int to_file, void *ctx, ce_error *err)
{
    const report_job *job = ctx;
    ce_report_options ro = *job->report;
    ro.bom = ro.bom && to_file; /* stdout is read by programs and terminals */
    return ce_report_ranking_csv_extra(out, job->res, job->table, job->prof, &ro, job->extra,
                                       job->n_extra, err);
}

/* Writes the comparison CSV to a temporary file, then the ranking (to -o
 * or stdout), and renames the comparison CSV into place only when both
 * are complete: a failed run writes neither. */
static ce_status write_outputs(const rank_args *a, report_job *job, const ce_side_by_side *sbs,
                               size_t n_sbs, ce_error *err)
{
    ce_outfile cf;
    int have_cf = 0;
    ce_status st = CE_OK;
    if (a->compare_out) {
        ce_report_comparison rc[2];
        for (size_t k = 0; k < n_sbs; k++)
            rc[k] = (ce_report_comparison){sbs[k].label, sbs[k].against, &sbs[k].in,
                                           &sbs[k].cmp, sbs[k].name, sbs[k].score_a,
                                           sbs[k].scores_b ? sbs[k].score_b : NULL};
        st = ce_outfile_open(&cf, a->compare_out, err);
        have_cf = st == CE_OK;
        if (st == CE_OK)
            st = ce_report_comparison_csv(cf.fp, rc, n_sbs, &a->common.report, err);
        if (st != CE_OK) /* name the file in the message */
            ce_error_set_file(err, a->compare_out, 0);
    }
    if (st == CE_OK)
        st = ce_cli_write_output(a->common.output, write_report, job, err);
    if (have_cf) {
        if (st == CE_OK)
            st = ce_outfile_commit(&cf, err);
        else
            ce_outfile_abort(&cf);
        if (st == CE_OK)
            ce_cli_note_file("output", a->compare_out);
    }
    return st;
}

/* ---- the run ------------------------------------------------------------------ */

/* The options in effect, one line, for the reports' method section. */
static void describe_options(const rank_args *a, char *out, size_t size)
{
    const ce_pipeline_options *po = &a->common.pipeline;
    int n = snprintf(out, size, "top %zu, award %.2f CNY, normalise %s, aggregate %s",
                     po->top, po->award_amount, ce_normalize_method_name(po->normalize.method),
                     ce_agg_method_name(po->aggregate));
    for (size_t k = 0; k < a->common.n_sets && n > 0 && (size_t)n < size; k++)
        n += snprintf(out + n, size - (size_t)n, ", --set %s", a->common.sets[k]);
    if (po->tie_break && n > 0 && (size_t)n < size)
        snprintf(out + n, size - (size_t)n, ", tie-break %s", po->tie_break);
}

typedef struct {
    ce_profile *prof, *base_prof;
    ce_table *table, *base_table; /* base_table NULL: the baseline uses table */
    ce_result *res, *base_res;
    ce_compare_previous *prev;
    ce_side_by_side sbs[2];
    size_t n_sbs;
    ce_diag base_diag;
} rank_run;

static ce_status run(const rank_args *a, rank_run *rr, ce_diag *diag, ce_error *err)
{
    int want_baseline = a->baseline || a->n_baseline_sets;
    ce_status st = ce_cli_load_profile(&a->common, &rr->prof, diag, err);
    if (st == CE_OK && want_baseline) {
        st = ce_profile_load(a->baseline ? a->baseline : a->common.profile, CE_ENC_AUTO,
                             &rr->base_prof, &rr->base_diag, err);
        if (st == CE_OK && a->baseline)
            ce_cli_note_file("baseline", a->baseline);
        if (st == CE_OK)
            st = ce_cli_apply_sets(rr->base_prof, "--baseline-set", a->baseline_sets,
                                   a->n_baseline_sets, err);
    }
    if (st == CE_OK)
        st = ce_cli_read_table(&a->common, rr->prof, &rr->table, diag, err);
    if (st == CE_OK)
        st = ce_pipeline_run(rr->table, rr->prof, &a->common.pipeline, &rr->res, diag, err);
    if (st == CE_OK && want_baseline) {
        /* Another profile may use other indicator columns: read again. */
        if (a->baseline)
            st = ce_cli_read_table(&a->common, rr->base_prof, &rr->base_table, &rr->base_diag, err);
        if (st == CE_OK)
            st = ce_pipeline_run(rr->base_table ? rr->base_table : rr->table, rr->base_prof,
                                 &a->common.pipeline, &rr->base_res, &rr->base_diag, err);
        if (st == CE_OK)
            st = build_baseline(&rr->sbs[rr->n_sbs++], a, rr->table, rr->res,
                                rr->base_table ? rr->base_table : rr->table, rr->base_res, err);
    }
    if (st == CE_OK && a->previous) {
        st = ce_compare_previous_read(a->previous, CE_ENC_AUTO, &rr->prev, diag, err);
        if (st == CE_OK)
            ce_cli_note_file("previous", a->previous);
        if (st == CE_OK)
            st = ce_side_by_side_previous(&rr->sbs[rr->n_sbs++], rr->table, rr->res, rr->prev,
                                          MOVERS_LISTED, err);
    }
    if (st != CE_OK)
        return st;

    ce_report_column extra[4];
    size_t n_extra = 0;
    for (size_t k = 0; k < rr->n_sbs; k++) {
        /* The first rows of a comparison are the table's rows, in order. */
        extra[n_extra++] = (ce_report_column){rr->sbs[k].rank_column, rr->sbs[k].rank_b, 0};
        extra[n_extra++] = (ce_report_column){rr->sbs[k].change_column, rr->sbs[k].change, 0};
    }
    report_job job = {rr->res, rr->table, rr->prof, &a->common.report, extra, n_extra};
    char options[512];
    describe_options(a, options, sizeof options);
    ce_cli_note_option("in_effect", options);
    if (a->html || a->xlsx) {
        ce_ranking_report_extras x = {
            .lang = a->lang_given ? a->lang : CE_LANG_ZH,
            .title = a->title ? a->title : "",
            .data_path = a->common.data,
            .options = options,
            .previous_rank = rr->n_sbs ? rr->sbs[0].rank_b : NULL,
            .previous_label = rr->n_sbs ? rr->sbs[0].label : NULL,
            .digits = a->common.report.digits,
            .run_time = ce_cli_run_time(),
        };
        ce_status st = CE_OK;
        if (a->html)
            st = ce_ranking_report_html(a->html, rr->res, rr->table, rr->prof, &a->common.pipeline,
                                   &x, err);
        if (st == CE_OK && a->xlsx)
            st = ce_ranking_report_xlsx(a->xlsx, rr->res, rr->table, rr->prof,
                                           &a->common.pipeline, &x, err);
        if (st != CE_OK)
            return st;
        /* dated with the run's time: verify reproduces them byte for byte */
        if (a->html)
            ce_cli_note_file("output", a->html);
        if (a->xlsx)
            ce_cli_note_file("output", a->xlsx);
    }
    return write_outputs(a, &job, rr->sbs, rr->n_sbs, err);
}

static void run_free(rank_run *rr)
{
    for (size_t k = 0; k < rr->n_sbs; k++)
        ce_side_by_side_fini(&rr->sbs[k]);
    ce_compare_previous_free(rr->prev);
    ce_result_free(rr->base_res);
    ce_result_free(rr->res);
    ce_table_free(rr->base_table);
    ce_table_free(rr->table);
    ce_profile_free(rr->base_prof);
    ce_profile_free(rr->prof);
    ce_diag_fini(&rr->base_diag);
}

int ce_cmd_rank(int argc, char **argv)
{
    rank_args a = {0};
    if (ce_cli_pipeline_args_init(&a.common, argc, 6) != 0)
        return CE_ERR_IO;
    a.baseline_sets = malloc((size_t)argc * sizeof *a.baseline_sets);
    if (!a.baseline_sets) {
        ce_cli_pipeline_args_fini(&a.common);
        fputs("clustereval: out of memory\n", stderr);
        return CE_ERR_IO;
    }
    void *const bases[CE_CLI_N_GROUPS] = {&a, &a.common, NULL};
    int rc = ce_cli_opt_parse_all(&rank_command, bases, argc, argv);
    if (rc != 0) {
        ce_cli_pipeline_args_fini(&a.common);
        free(a.baseline_sets);
        return rc < 0 ? CE_OK : rc;
    }
    ce_diag diag;
    ce_diag_init(&diag);
    rank_run rr;
    memset(&rr, 0, sizeof rr);
    ce_diag_init(&rr.base_diag);
    ce_error err = {{0}, 0, {0}};
    ce_status st = run(&a, &rr, &diag, &err);
    for (size_t i = 0; i < rr.base_diag.n_gb18030; i++) /* one note for both runs */
        if (ce_diag_add_gb18030(&diag, rr.base_diag.gb18030[i].path,
                                rr.base_diag.gb18030[i].line) != CE_OK && st == CE_OK)
            st = ce_error_nomem(&err);
    ce_cli_print_warnings(&diag);
    print_baseline_warnings(&diag, &rr.base_diag);
    if (st == CE_OK) {
        ce_cli_note_count("clusters", (long long)rr.res->rows);
        ce_cli_note_count("ranked", (long long)rr.res->n_ranked);
        ce_cli_note_count("awarded", (long long)rr.res->awards.awarded);
        print_summary(rr.res, rr.table, &a);
        for (size_t k = 0; k < rr.n_sbs; k++)
            print_comparison(&rr.sbs[k], &a);
    } else {
        ce_cli_report_failure("rank", st, &err);
        if (st == CE_ERR_DATA && a.common.data && strcmp(err.file, a.common.data) == 0)
            ce_cli_hint_check(a.common.data, a.common.profile);
    }
    run_free(&rr);
    ce_diag_fini(&diag);
    ce_cli_pipeline_args_fini(&a.common);
    free(a.baseline_sets);
    return (int)st;
}
