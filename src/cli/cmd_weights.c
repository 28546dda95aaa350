/* cmd_weights.c - `clustereval weights`: a new profile whose weights are
 * computed from the data (entropy, CRITIC, sd, PCA) or from AHP judgements. */
#include <getopt.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/numparse.h"
#include "clustereval/profile.h"
#include "clustereval/table.h"
#include "clustereval/weights.h"

#include "cli.h"
#include "cli_opt.h"
#include "cli_options.h"
#include "cli_plan.h"

#include "cli_paths.h"

typedef struct {
    const char *data, *profile, *output, *ahp_path;
    ce_encoding encoding;
    const char *sheet;
    int bom;
    ce_cli_header_args header;
    int drop_summary; /* --drop-summary-rows */
    ce_weights_plan plan;
    int have_method, have_input, have_epsilon, have_corr;
} weights_args;

static int parse_method(const ce_cli_optarg *x)
{
    weights_args *a = x->base;
    const char *text = x->arg;
    if (strncmp(text, "ahp:", 4) == 0) {
        if (!text[4])
            return ce_cli_usage_error("weights", "--method ahp:FILE: the file is missing");
        a->plan.method = CE_WEIGHTS_AHP;
        a->ahp_path = text + 4;
    } else if (ce_weights_method_parse(text, &a->plan.method) != 0 ||
               a->plan.method == CE_WEIGHTS_AHP) {
        return ce_cli_usage_error("weights", "--method: \"%s\" is not equal, entropy, critic, "
                                             "sd, pca or ahp:FILE", text);
    }
    a->have_method = 1;
    return 0;
}

/* --method is required; options that belong to other methods are refused
 * rather than ignored. */
static int check(const char *cmd, void *const bases[CE_CLI_N_GROUPS])
{
    const weights_args *a = bases[CE_CLI_GROUP_OWN];
    if (!a->have_method)
        return ce_cli_usage_error(cmd, "--method is required (equal, entropy, critic, "
                                       "sd, pca or ahp:FILE)");
    ce_weights_method m = a->plan.method;
    const char *name = ce_weights_method_name(m);
    if (a->have_input && m != CE_WEIGHTS_ENTROPY && m != CE_WEIGHTS_CRITIC && m != CE_WEIGHTS_SD)
        return ce_cli_usage_error(cmd, "--input applies to entropy, critic and sd, not %s",
                                  name);
    if (a->have_epsilon && m != CE_WEIGHTS_ENTROPY)
        return ce_cli_usage_error(cmd, "--epsilon applies to entropy, not %s", name);
    if (a->have_epsilon && a->plan.opt.input == CE_WEIGHTS_INPUT_RAW)
        return ce_cli_usage_error(cmd, "--epsilon applies to min-max input, not raw");
    if (a->have_corr && m != CE_WEIGHTS_CRITIC && m != CE_WEIGHTS_PCA)
        return ce_cli_usage_error(cmd, "--correlation applies to critic and pca, not %s",
                                  name);
    if (a->plan.allow_inconsistent && m != CE_WEIGHTS_AHP)
        return ce_cli_usage_error(cmd, "--allow-inconsistent applies to ahp, not %s", name);
    if (m == CE_WEIGHTS_AHP && a->plan.scope == CE_WEIGHTS_SCOPE_FLAT)
        return ce_cli_usage_error(cmd, "ahp compares the children of each group: it "
                                       "needs --scope group");
    return 0;
}

static int set_scope(const ce_cli_optarg *x)
{
    weights_args *a = x->base;
    if (strcmp(x->arg, "group") == 0)
        a->plan.scope = CE_WEIGHTS_SCOPE_GROUP;
    else if (strcmp(x->arg, "flat") == 0)
        a->plan.scope = CE_WEIGHTS_SCOPE_FLAT;
    else
        return ce_cli_usage_error("weights", "--scope: \"%s\" is not group or flat", x->arg);
    return 0;
}

/* --input and its alias --entropy-input, named as given. */
static int set_input(const ce_cli_optarg *x)
{
    weights_args *a = x->base;
    if (strcmp(x->arg, "minmax") == 0)
        a->plan.opt.input = CE_WEIGHTS_INPUT_MINMAX;
    else if (strcmp(x->arg, "raw") == 0)
        a->plan.opt.input = CE_WEIGHTS_INPUT_RAW;
    else
        return ce_cli_usage_error("weights", "--%s: \"%s\" is not minmax or raw", x->name,
                                  x->arg);
    a->have_input = 1;
    return 0;
}

static int set_epsilon(const ce_cli_optarg *x)
{
    weights_args *a = x->base;
    if (ce_num_parse(x->arg, strlen(x->arg), &a->plan.opt.epsilon) != CE_NUM_OK ||
        !(a->plan.opt.epsilon >= 0 && a->plan.opt.epsilon < 0.5))
        return ce_cli_usage_error("weights", "--epsilon: \"%s\" is not a number in [0, 0.5)",
                                  x->arg);
    a->have_epsilon = 1;
    return 0;
}

static int set_correlation(const ce_cli_optarg *x)
{
    weights_args *a = x->base;
    if (strcmp(x->arg, "pearson") == 0)
        a->plan.opt.corr = CE_WEIGHTS_PEARSON;
    else if (strcmp(x->arg, "spearman") == 0)
        a->plan.opt.corr = CE_WEIGHTS_SPEARMAN;
    else
        return ce_cli_usage_error("weights", "--correlation: \"%s\" is not pearson or spearman",
                                  x->arg);
    a->have_corr = 1;
    return 0;
}

#define FIELD(f) .field = offsetof(weights_args, f)

static const ce_cli_opt weights_opts[] = {
    CE_CLI_DATA_OPERAND("DATA.csv", FIELD(data)),
    CE_CLI_HEADING("Options:"),
    {.name = "method", .letter = 'm', .metavar = "M", .set = parse_method, FIELD(ahp_path),
     .file = CE_CLI_FILE_INPUT, .role = "judgements", .label = "--method ahp:",
     .help = "equal, entropy, critic, sd, pca, or ahp:FILE (pairwise\n"
             "judgements: CSV parent,a,b,judgement); required"},
    CE_CLI_LIKE_AT(ce_cli_opt_weights, offsetof(weights_args, profile), NULL),
    CE_CLI_LIKE_AT(ce_cli_opt_output, offsetof(weights_args, output),
                   "write the new profile to FILE (atomically; with a UTF-8\n"
                   "BOM)"),
    CE_CLI_LIKE_AT(ce_cli_opt_no_bom, offsetof(weights_args, bom),
                   "no UTF-8 BOM at the start of FILE"),
    {.name = "scope", .metavar = "S", .set = set_scope,
     .help = "group: weights among the children of each parent,\n"
             "bottom-up, groups weighed by their scores (default);\n"
             "flat: over all indicators at once, each group weighing\n"
             "the sum of its indicators"},
    {.name = "input", .metavar = "I", .set = set_input,
     .help = "minmax: direction-aware min-max onto [0,1] (default);\n"
             "raw: the values as they are, direction ignored\n"
             "(entropy, critic, sd)"},
    {.name = "entropy-input", .metavar = "I", .alias_of = "input",
     .help = "the same as --input"},
    {.name = "epsilon", .metavar = "E", .set = set_epsilon,
     .help = "entropy on min-max: squeeze into [E, 1-E],\n0 <= E < 0.5 (default 0)"},
    {.name = "correlation", .metavar = "C", .set = set_correlation,
     .help = "pearson (default) or spearman (critic, pca)"},
    {.name = "allow-inconsistent", .field = offsetof(weights_args, plan.allow_inconsistent),
     .value = 1, .help = "\nahp: a group with CR >= 0.1 is a warning, not an error"},
    CE_CLI_LIKE_AT(ce_cli_opt_encoding, offsetof(weights_args, encoding),
                   "auto, utf-8 or gb18030 for DATA.csv (default auto; the\n"
                   "profile and the AHP file are detected automatically)"),
    CE_CLI_LIKE_AT(ce_cli_opt_sheet, offsetof(weights_args, sheet), NULL),
    CE_CLI_HEADER_ENTRIES_AT(weights_args, header),
    CE_CLI_LIKE_AT(ce_cli_opt_drop_summary, offsetof(weights_args, drop_summary),
                   "drop rows of DATA.csv whose id or name is a total or\naverage (合计, Total ...) "
                   "with a warning; without it\nsuch a row is refused"),
    CE_CLI_OPT_HELP_ENTRY,
    CE_CLI_END};

static const ce_cli_command weights_command = {
    .cmd = "weights",
    .intro =
        "usage: clustereval weights DATA.csv --method M [-w PROFILE] [-o OUT.csv] [...]\n"
        "\n"
        "Computes weights from the data of DATA.csv and writes a new PROFILE (same\n"
        "format, to review, edit and use with `rank -w`) to stdout or -o FILE. The\n"
        "weights and the method's diagnostics are printed on stderr.\n",
    .opts = weights_opts,
    .check = check,
    .outro =
        "Clusters with a missing input of a group are left out of that group's\n"
        "weights (with a warning); eligible and vetoed clusters count.\n"
        "Exit codes: 0 done, 1 bad input data, profile or judgements, 2 usage error,\n"
        "3 I/O error.\n",
    .column = 26,
};

/* ---- the table on stderr ---- */

static void print_cell(double v)
{
    if (isnan(v))
        fprintf(stderr, "  %10s", "");
    else
        fprintf(stderr, "  %10.6f", v);
}

static void print_columns_header(ce_weights_method m, int width)
{
    fprintf(stderr, "    %-*s  %10s  %10s", width, "code", "weight", "before");
    switch (m) {
    case CE_WEIGHTS_ENTROPY: fprintf(stderr, "  %10s  %10s", "entropy e", "1 - e"); break;
    case CE_WEIGHTS_CRITIC:
        fprintf(stderr, "  %10s  %10s  %10s", "sd", "sum(1-r)", "C = sd*sum");
        break;
    case CE_WEIGHTS_SD: fprintf(stderr, "  %10s", "sd"); break;
    case CE_WEIGHTS_PCA: fprintf(stderr, "  %10s", "PC1 load"); break;
    default: break;
    }
    fputc('\n', stderr);
}

static void print_row(const ce_profile *p, const ce_weights_group *g, size_t c,
                      ce_weights_method m, int width)
{
    const ce_weights_column *col = &g->col[c];
    fprintf(stderr, "    %-*s", width, ce_profile_node(p, g->inputs[c])->code);
    print_cell(g->weight[c]);
    print_cell(g->before[c]);
    if (g->how == CE_WEIGHTS_COMPUTED) {
        switch (m) {
        case CE_WEIGHTS_ENTROPY:
            print_cell(col->entropy);
            print_cell(isnan(col->entropy) ? NAN : 1 - col->entropy);
            break;
        case CE_WEIGHTS_CRITIC:
            print_cell(col->sd);
            print_cell(col->conflict);
            print_cell(col->info);
            break;
        case CE_WEIGHTS_SD: print_cell(col->sd); break;
        case CE_WEIGHTS_PCA: print_cell(col->loading); break;
        default: break;
        }
    }
    fputc('\n', stderr);
}

static void print_group(const ce_profile *p, const ce_weights_result *r, const ce_weights_group *g,
                        int width)
{
    if (r->scope == CE_WEIGHTS_SCOPE_FLAT) {
        fprintf(stderr, "  all indicators (flat)");
    } else if (g->node == CE_NO_PARENT) {
        fprintf(stderr, "  composite (the dimensions)");
    } else {
        const ce_node *nd = ce_profile_node(p, g->node);
        fprintf(stderr, "  group %s%s%s%s", nd->code, nd->name[0] ? " (" : "", nd->name,
                nd->name[0] ? ")" : "");
    }
    if (g->how == CE_WEIGHTS_ONE_CHILD)
        fprintf(stderr, ": one child, weight 1\n");
    else if (g->how == CE_WEIGHTS_KEPT)
        fprintf(stderr, ": no judgements, profile weights kept\n");
    else if (r->method == CE_WEIGHTS_AHP)
        fprintf(stderr, ": lambda_max = %.6f, CI = %.6f, RI = %.2f, CR = %.6f\n",
                g->ahp.lambda_max, g->ahp.ci, g->ahp.ri, g->ahp.cr);
    else if (r->method == CE_WEIGHTS_EQUAL)
        fprintf(stderr, "\n");
    else
        fprintf(stderr, ": %zu of %zu clusters used\n", g->rows_used, r->rows);
    if (g->how == CE_WEIGHTS_COMPUTED && r->method == CE_WEIGHTS_PCA && g->n > 1)
        fprintf(stderr, "    PC1: lambda1 = %.6f (%.2f%% of the variance), lambda2 = %.6f\n",
                g->info.lambda1, 100 * g->info.pc1_share, g->info.lambda2);
    print_columns_header(r->method, width);
    for (size_t c = 0; c < g->n; c++)
        print_row(p, g, c, r->method, width);
}

/* Flat scope: the weight of every group within its parent (what the profile
 * now says) and its effective weight, the sum of its indicators'. */
static void print_flat_groups(const ce_profile *p, const ce_weights_group *flat, int width)
{
    size_t n = ce_profile_node_count(p);
    double *eff = calloc(n ? n : 1, sizeof *eff);
    if (!eff)
        return;
    const size_t *post = ce_profile_postorder(p);
    for (size_t l = 0; l < flat->n; l++)
        eff[flat->inputs[l]] = flat->weight[l];
    for (size_t s = 0; s < n; s++) {
        const ce_node *nd = ce_profile_node(p, post[s]);
        for (size_t c = 0; c < nd->n_children; c++)
            eff[post[s]] += eff[nd->children[c]];
    }
    fprintf(stderr, "  groups: weight within the parent = sum of the indicators' flat weights, "
                    "rescaled\n");
    fprintf(stderr, "    %-*s  %10s  %10s\n", width, "code", "weight", "sum (eff.)");
    for (size_t i = 0; i < n; i++) {
        const ce_node *nd = ce_profile_node(p, i);
        if (nd->n_children == 0)
            continue;
        fprintf(stderr, "    %-*s", width, nd->code);
        print_cell(nd->weight);
        print_cell(eff[i]);
        fputc('\n', stderr);
    }
    free(eff);
}

static void print_table(const ce_profile *p, const ce_weights_result *r, const weights_args *a)
{
    int width = 4;
    for (size_t i = 0; i < ce_profile_node_count(p); i++) {
        size_t len = strlen(ce_profile_node(p, i)->code);
        width = len > (size_t)width && len < 40 ? (int)len : width;
    }
    fprintf(stderr, "clustereval: weights by %s", ce_weights_method_name(r->method));
    if (r->method == CE_WEIGHTS_AHP)
        fprintf(stderr, " from %s", a->ahp_path);
    if (r->method == CE_WEIGHTS_ENTROPY || r->method == CE_WEIGHTS_CRITIC ||
        r->method == CE_WEIGHTS_SD)
        fprintf(stderr, " on %s values", a->plan.opt.input == CE_WEIGHTS_INPUT_RAW ? "raw"
                                                                                 : "min-max");
    if (r->method == CE_WEIGHTS_ENTROPY && a->plan.opt.epsilon > 0)
        fprintf(stderr, " (epsilon %g)", a->plan.opt.epsilon);
    if (r->method == CE_WEIGHTS_CRITIC || r->method == CE_WEIGHTS_PCA)
        fprintf(stderr, ", %s correlation",
                a->plan.opt.corr == CE_WEIGHTS_SPEARMAN ? "Spearman" : "Pearson");
    fprintf(stderr, ", %s scope, %zu clusters in %s\n",
            r->scope == CE_WEIGHTS_SCOPE_FLAT ? "flat" : "group", r->rows, a->data);
    if (r->scope == CE_WEIGHTS_SCOPE_FLAT)
        fprintf(stderr, "  (weight: the new flat weight of each indicator; before: its effective "
                        "weight in the input profile)\n");
    else
        fprintf(stderr, "  (weight: new, within the group, summing to 1; before: the input "
                        "profile's, rescaled)\n");
    /* The dimensions first, then the groups in profile order: the groups
     * sorted by node with a counting sort, so that a deep profile (one group
     * per node) takes linear time, not nodes x groups. */
    size_t n_nodes = ce_profile_node_count(p);
    size_t *start = calloc(n_nodes + 2, sizeof *start), *order = malloc((r->n_groups + 1) *
                                                                         sizeof *order);
    for (size_t g = 0; g < r->n_groups; g++)
        if (r->groups[g].node == CE_NO_PARENT)
            print_group(p, r, &r->groups[g], width);
    if (start && order) {
        for (size_t g = 0; g < r->n_groups; g++)
            if (r->groups[g].node < n_nodes)
                start[r->groups[g].node + 2]++;
        for (size_t i = 2; i < n_nodes + 2; i++)
            start[i] += start[i - 1];
        for (size_t g = 0; g < r->n_groups; g++)
            if (r->groups[g].node < n_nodes)
                order[start[r->groups[g].node + 1]++] = g;
        for (size_t k = 0; k < start[n_nodes]; k++)
            print_group(p, r, &r->groups[order[k]], width);
    } else {
        fprintf(stderr, "clustereval: out of memory: the groups' table is not shown\n");
    }
    free(start);
    free(order);
    if (r->scope == CE_WEIGHTS_SCOPE_FLAT && r->n_groups == 1)
        print_flat_groups(p, &r->groups[0], width);
}

/* ---- running ---- */

typedef struct {
    const ce_profile *prof;
    int bom;
} profile_output;

/* A file gets a BOM like every CSV written (the profile reader skips it). */
static ce_status write_profile(FILE *out, int to_file, void *ctx, ce_error *err)
{
    const profile_output *o = ctx;
    if (to_file && o->bom)
        fputs("\xEF\xBB\xBF", out); /* a write error shows when the output is checked */
    return ce_profile_write(o->prof, out, err);
}

static ce_status run(void *args, ce_diag *diag, ce_error *err)
{
    weights_args *a = args;
    ce_profile *prof = NULL;
    ce_table *table = NULL;
    ce_ahp_judgements *ahp = NULL;
    ce_weights_result *res = NULL;
    ce_status st = ce_profile_load(a->profile, CE_ENC_AUTO, &prof, diag, err);
    if (st == CE_OK) {
        ce_cli_note_file("profile", a->profile);
        ce_table_options to = {.encoding = a->encoding, .sheet = a->sheet,
                               .id_column = a->header.id_column,
                               .name_column = a->header.name_column,
                               .header_row = a->header.header_row};
        st = ce_cli_summary_rows(a->drop_summary, &to.summary, diag, err);
        if (st == CE_OK)
            st = ce_table_read_opts(a->data, prof, &to, &table, diag, err);
    }
    if (st == CE_OK)
        ce_cli_note_file("data", a->data);
    if (st == CE_OK && a->plan.method == CE_WEIGHTS_AHP) {
        st = ce_weights_ahp_read(a->ahp_path, prof, &ahp, diag, err);
        if (st == CE_OK)
            ce_cli_note_file("judgements", a->ahp_path);
        a->plan.ahp = ahp;
    }
    if (st == CE_OK)
        st = ce_weights_profile(prof, table, &a->plan, &res, diag, err);
    if (st == CE_OK)
        st = ce_cli_write_output(a->output, write_profile, &(profile_output){prof, a->bom},
                                 err);
    ce_cli_print_warnings(diag);
    if (st == CE_OK)
        print_table(prof, res, a);
    ce_weights_result_free(res);
    ce_weights_ahp_free(ahp);
    ce_table_free(table);
    ce_profile_free(prof);
    return st;
}

int ce_cmd_weights(int argc, char **argv)
{
    weights_args a = {.profile = ce_cli_shipped_file(CE_DEFAULT_PROFILE), .encoding = CE_ENC_AUTO,
                      .bom = 1};
    ce_weights_plan_init(&a.plan);
    void *const bases[CE_CLI_N_GROUPS] = {&a, NULL, NULL};
    return ce_cli_opt_run(&weights_command, bases, argc, argv, run);
}
