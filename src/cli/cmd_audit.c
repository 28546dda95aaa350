/* cmd_audit.c - `clustereval audit`: the statistical audit of the data. */
#define _GNU_SOURCE /* qsort_r */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clustereval/audit.h"
#include "clustereval/audit_csv.h"
#include "clustereval/outfile.h"
#include "clustereval/pipeline.h"

#include "cli.h"
#include "cli_opt.h"
#include "cli_options.h"
#include "cli_plan.h"

#include "cli_paths.h"

#define DEFAULT_DIR "audit"

typedef struct {
    const char *data, *profile, *dir;
    ce_encoding encoding;
    const char *sheet;
    ce_cli_header_args header;
    int drop_summary; /* --drop-summary-rows */
    int bom;
} audit_args;

/* The tables written into DIR. */
enum { F_INDICATORS, F_CLUSTERS, F_DIMENSIONS, F_CORRELATIONS, F_PAIRS, N_FILES };
static const char *const file_names[N_FILES] = {"indicators.csv", "clusters.csv",
                                                "dimensions.csv", "correlations.csv",
                                                "pairs.csv"};

static int set_dir(const ce_cli_optarg *x)
{
    if (!x->arg[0])
        return ce_cli_usage_error("audit", "-o: empty folder name");
    ((audit_args *)x->base)->dir = x->arg;
    return 0;
}

#define FIELD(f) .field = offsetof(audit_args, f)

static const ce_cli_opt audit_opts[] = {
    CE_CLI_DATA_OPERAND("DATA.csv", FIELD(data)),
    CE_CLI_HEADING("Options:"),
    CE_CLI_LIKE_AT(ce_cli_opt_weights, offsetof(audit_args, profile), NULL),
    {.name = "output", .letter = 'o', .metavar = "DIR", FIELD(dir), .set = set_dir,
     .file = CE_CLI_FILE_FOLDER, .names = file_names, .n_names = N_FILES,
     .help = "folder for the tables (default " DEFAULT_DIR "; created\n"
             "if missing, its parent must exist; files are replaced\n"
             "atomically, with a UTF-8 BOM)"},
    CE_CLI_LIKE_AT(ce_cli_opt_no_bom, offsetof(audit_args, bom),
                   "no UTF-8 BOM at the start of the files"),
    CE_CLI_LIKE_AT(ce_cli_opt_encoding, offsetof(audit_args, encoding), NULL),
    CE_CLI_LIKE_AT(ce_cli_opt_sheet, offsetof(audit_args, sheet), NULL),
    CE_CLI_HEADER_ENTRIES_AT(audit_args, header),
    CE_CLI_LIKE_AT(ce_cli_opt_drop_summary, offsetof(audit_args, drop_summary), NULL),
    CE_CLI_OPT_HELP_ENTRY,
    CE_CLI_END};

static const ce_cli_command audit_command = {
    .cmd = "audit",
    .intro =
        "usage: clustereval audit DATA.csv [options]\n"
        "\n"
        "Audits the data of DATA.csv under PROFILE: statistics and flags of every\n"
        "indicator, data availability of every cluster, Cronbach's alpha and the\n"
        "first principal component of every group, correlations of the indicators\n"
        "with their parent, the composite and each other. Writes CSV tables into\n"
        "DIR and a summary to stderr:\n"
        "  indicators.csv  clusters.csv  dimensions.csv  correlations.csv  pairs.csv\n",
    .opts = audit_opts,
    .outro =
        "Exit codes: 0 done, 1 bad input data or profile, 2 usage error, 3 I/O error.\n",
};

/* ---- output files ------------------------------------------------------- */

typedef struct {
    const ce_audit *audit;
    const ce_table *table;
    const ce_profile *profile;
    int bom;
} audit_output;

static ce_status write_file(int f, FILE *fp, const audit_output *o, ce_error *err)
{
    switch (f) {
    case F_INDICATORS: return ce_audit_csv_write_indicators(fp, o->audit, o->profile, o->bom, err);
    case F_CLUSTERS:
        return ce_audit_csv_write_clusters(fp, o->audit, o->table, o->profile, o->bom, err);
    case F_DIMENSIONS: return ce_audit_csv_write_dimensions(fp, o->audit, o->profile, o->bom, err);
    case F_CORRELATIONS:
        return ce_audit_csv_write_correlations(fp, o->audit, o->profile, o->bom, err);
    default: return ce_audit_csv_write_pairs(fp, o->audit, o->profile, o->bom, err);
    }
}

/* Makes dir unless it is a folder already; *created tells whether we did. */
static ce_status make_dir(const char *dir, int *created, ce_error *err)
{
    struct stat sb;
    *created = 0;
    if (stat(dir, &sb) == 0) {
        if (!S_ISDIR(sb.st_mode))
            return ce_error_set(err, CE_ERR_IO, dir, 0, "cannot write the audit: not a folder");
        return CE_OK;
    }
    if (mkdir(dir, 0777) != 0)
        return ce_error_set(err, CE_ERR_IO, dir, 0, "cannot create the folder: %s",
                            strerror(errno));
    *created = 1;
    return CE_OK;
}

/* Writes the five tables into dir. Every file is written completely to a
 * temporary file first; only when all five are complete are they renamed
 * into place, so a failed run leaves no file (and removes a folder it
 * created). */
static ce_status write_outputs(const char *dir_arg, const audit_output *o, ce_error *err)
{
    size_t len = strlen(dir_arg);
    while (len > 1 && dir_arg[len - 1] == '/')
        len--;
    char *dir = malloc(len + 1);
    char *path = malloc(len + sizeof "/correlations.csv");
    if (!dir || !path) {
        free(dir);
        free(path);
        return ce_error_nomem(err);
    }
    memcpy(dir, dir_arg, len);
    dir[len] = '\0';
    int created;
    ce_outfile files[N_FILES];
    int opened = 0;
    ce_status st = make_dir(dir, &created, err);
    for (; st == CE_OK && opened < N_FILES; opened++) {
        snprintf(path, len + sizeof "/correlations.csv", "%s%s%s", dir,
                 dir[len - 1] == '/' ? "" : "/", file_names[opened]);
        st = ce_outfile_open(&files[opened], path, err);
        if (st != CE_OK)
            break;
        st = write_file(opened, files[opened].fp, o, err);
        if (st != CE_OK) /* name the file in the message */
            ce_error_set_file(err, path, 0);
        if (st != CE_OK) {
            opened++; /* abort this one too */
            break;
        }
    }
    if (st == CE_OK) {
        st = ce_outfile_forget_manifest(dir, err); /* DIR.manifest.json, outfile.h */
        for (int f = 0; f < N_FILES; f++) {
            if (st == CE_OK)
                st = ce_outfile_commit(&files[f], err);
            else
                ce_outfile_abort(&files[f]);
        }
        for (int f = 0; st == CE_OK && f < N_FILES; f++) { /* provenance: DIR.manifest.json */
            snprintf(path, len + sizeof "/correlations.csv", "%s%s%s", dir,
                     dir[len - 1] == '/' ? "" : "/", file_names[f]);
            ce_cli_note_file("output", path);
        }
        if (st == CE_OK)
            ce_cli_note_main_output(dir);
    } else {
        for (int f = 0; f < opened; f++)
            ce_outfile_abort(&files[f]);
        if (created)
            rmdir(dir);
    }
    free(dir);
    free(path);
    return st;
}

/* ---- the summary on stderr ---------------------------------------------- */

#define WORST_SHOWN 5

/* Ascending key, then index. */
static int cmp_key(const void *pa, const void *pb, void *ctx)
{
    const double *sort_key = ctx;
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    if (sort_key[a] != sort_key[b])
        return sort_key[a] < sort_key[b] ? -1 : 1;
    return (a > b) - (a < b);
}

/* Fills idx with the n indices whose key is not NaN, ascending by key;
 * returns how many. */
static size_t order_by(const double *key, size_t n, size_t *idx)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(key[i]))
            idx[m++] = i;
    qsort_r(idx, m, sizeof *idx, cmp_key, (void *)key);
    return m;
}

static unsigned count_bits(unsigned x)
{
    unsigned c = 0;
    for (; x; x &= x - 1)
        c++;
    return c;
}

/* "    ... and N more (see FILE)" when a list was cut. */
static void more(size_t listed, const char *file)
{
    if (listed > WORST_SHOWN)
        fprintf(stderr, "    ... and %zu more (see %s)\n", listed - WORST_SHOWN, file);
}

static void print_summary(const ce_audit *a, const ce_table *t, const ce_profile *p,
                          const char *dir)
{
    size_t cap = a->rows;
    if (a->n_indicators > cap)
        cap = a->n_indicators;
    if (a->n_groups > cap)
        cap = a->n_groups;
    if (a->n_pairs > cap)
        cap = a->n_pairs;
    double *key = malloc((cap + 1) * sizeof *key);
    size_t *idx = malloc((cap + 1) * sizeof *idx);
    if (!key || !idx) {
        free(key);
        free(idx);
        return; /* the files are written; the summary is a courtesy */
    }
    char flags[64];
    size_t count[4] = {0, 0, 0, 0}, flagged = 0;

    fprintf(stderr, "clustereval: audit of %zu clusters, %zu indicators, %zu dimensions\n",
            a->rows, a->n_indicators, a->n_dims);
    for (size_t j = 0; j < a->n_indicators; j++) {
        unsigned f = a->indicators[j].flags;
        for (int b = 0; b < 4; b++)
            count[b] += (f >> b) & 1u;
        flagged += f != 0;
        key[j] = f ? -(double)count_bits(f) : NAN; /* most flags first */
    }
    fprintf(stderr, "clustereval: indicators flagged: %zu (low availability %zu, few non-zero "
                    "%zu, few unique %zu, outliers %zu)\n",
            flagged, count[0], count[1], count[2], count[3]);
    size_t m = order_by(key, a->n_indicators, idx);
    for (size_t k = 0; k < m && k < WORST_SHOWN; k++) {
        const ce_audit_indicator *s = &a->indicators[idx[k]];
        fprintf(stderr, "    ");
        ce_cli_put_one_line(ce_profile_node(p, s->node)->code);
        fprintf(stderr, "  %s  (", ce_audit_flags_text(s->flags, flags, sizeof flags));
        const char *sep = "";
        if (s->flags & CE_AUDIT_FLAG_AVAILABILITY) {
            fprintf(stderr, "availability %.3f", s->availability);
            sep = ", ";
        }
        if (s->flags & CE_AUDIT_FLAG_NONZERO) {
            fprintf(stderr, "%snon-zero share %.3f", sep, s->nonzero_share);
            sep = ", ";
        }
        if (s->flags & CE_AUDIT_FLAG_UNIQUE) {
            fprintf(stderr, "%sunique share %.3f", sep, s->unique_share);
            sep = ", ";
        }
        if (s->flags & CE_AUDIT_FLAG_OUTLIER) /* both are numbers when flagged */
            fprintf(stderr, "%sskew %.2f, kurtosis %.2f", sep, s->skew, s->kurt);
        fputs(")\n", stderr);
    }
    more(m, "indicators.csv");

    size_t low = 0, low_dim = 0;
    for (size_t i = 0; i < a->rows; i++) {
        low += (size_t)a->clusters[i].low;
        low_dim += a->clusters[i].low_dims > 0;
        key[i] = a->clusters[i].low || a->clusters[i].low_dims ? a->clusters[i].availability
                                                                : NAN;
    }
    fprintf(stderr, "clustereval: clusters with data availability below %.4g: %zu; with a "
                    "dimension below it: %zu\n",
            a->options.min_cluster_availability, low, low_dim);
    m = order_by(key, a->rows, idx);
    for (size_t k = 0; k < m && k < WORST_SHOWN; k++) {
        fprintf(stderr, "    ");
        ce_cli_put_one_line(ce_table_id(t, idx[k]));
        fprintf(stderr, "  availability %.3f, %zu dimension%s below  ",
                a->clusters[idx[k]].availability, a->clusters[idx[k]].low_dims,
                a->clusters[idx[k]].low_dims == 1 ? "" : "s");
        ce_cli_put_one_line(ce_table_name(t, idx[k]));
        fputc('\n', stderr);
    }
    more(m, "clusters.csv");

    size_t undefined = 0;
    for (size_t g = 0; g < a->n_groups; g++) {
        key[g] = a->groups[g].alpha;
        undefined += isnan(a->groups[g].alpha);
    }
    m = order_by(key, a->n_groups, idx);
    fprintf(stderr, "clustereval: Cronbach's alpha, lowest first:");
    for (size_t k = 0; k < m && k < WORST_SHOWN; k++) {
        const ce_audit_group *g = &a->groups[idx[k]];
        fputc(' ', stderr);
        ce_cli_put_one_line(g->node == CE_AUDIT_COMPOSITE ? "composite"
                                                           : ce_profile_node(p, g->node)->code);
        fprintf(stderr, " %.3f%s", g->alpha, k + 1 < m && k + 1 < WORST_SHOWN ? "," : "");
    }
    if (undefined)
        fprintf(stderr, "%s(%zu not defined)", m ? "; " : " ", undefined);
    fputc('\n', stderr);

    size_t negative = 0;
    for (size_t j = 0; j < a->n_indicators; j++) {
        negative += (size_t)a->correlations[j].negative;
        key[j] = a->correlations[j].negative ? a->correlations[j].r_parent : NAN;
    }
    fprintf(stderr, "clustereval: indicators correlated negatively with their parent: %zu\n",
            negative);
    m = order_by(key, a->n_indicators, idx);
    for (size_t k = 0; k < m && k < WORST_SHOWN; k++) {
        const ce_audit_correlation *c = &a->correlations[idx[k]];
        size_t parent = ce_profile_node(p, c->node)->parent;
        fprintf(stderr, "    ");
        ce_cli_put_one_line(ce_profile_node(p, c->node)->code);
        fprintf(stderr, "  with ");
        ce_cli_put_one_line(parent == CE_NO_PARENT ? "composite"
                                                   : ce_profile_node(p, parent)->code);
        fprintf(stderr, "  r = %.3f\n", c->r_parent);
    }
    more(m, "correlations.csv");

    for (size_t k = 0; k < a->n_pairs; k++)
        key[k] = -fabs(a->pairs[k].r);
    fprintf(stderr, "clustereval: indicator pairs with |r| >= %.4g: %zu\n", a->options.collinear,
            a->n_pairs);
    m = order_by(key, a->n_pairs, idx);
    for (size_t k = 0; k < m && k < WORST_SHOWN; k++) {
        const ce_audit_pair *pr = &a->pairs[idx[k]];
        fprintf(stderr, "    ");
        ce_cli_put_one_line(ce_profile_node(p, pr->a)->code);
        fprintf(stderr, ", ");
        ce_cli_put_one_line(ce_profile_node(p, pr->b)->code);
        fprintf(stderr, "  r = %.3f%s\n", pr->r, pr->same_parent ? "  (same parent)" : "");
    }
    more(m, "pairs.csv");
    fprintf(stderr, "clustereval: wrote ");
    for (int f = 0; f < N_FILES; f++)
        fprintf(stderr, "%s%s", f ? ", " : "", file_names[f]);
    fprintf(stderr, " into ");
    ce_cli_put_one_line(dir);
    fputc('\n', stderr);
    free(key);
    free(idx);
}

static ce_status run(void *args, ce_diag *diag, ce_error *err)
{
    const audit_args *a = args;
    ce_profile *prof = NULL;
    ce_table *table = NULL;
    ce_result *res = NULL;
    ce_audit *audit = NULL;
    ce_pipeline_options po;
    ce_pipeline_options_init(&po);
    po.missing.kind = CE_MISSING_SKIP; /* statistics of the values reported, as COINr's */
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
    if (st == CE_OK)
        st = ce_pipeline_run(table, prof, &po, &res, diag, err);
    if (st == CE_OK)
        st = ce_audit_run(table, prof, res, NULL, &audit, err);
    if (st == CE_OK) {
        audit_output out = {audit, table, prof, a->bom};
        st = write_outputs(a->dir, &out, err);
    }
    ce_cli_print_warnings(diag);
    if (st == CE_OK)
        print_summary(audit, table, prof, a->dir);
    ce_audit_free(audit);
    ce_result_free(res);
    ce_table_free(table);
    ce_profile_free(prof);
    return st;
}

int ce_cmd_audit(int argc, char **argv)
{
    audit_args a = {.profile = ce_cli_shipped_file(CE_DEFAULT_PROFILE), .dir = DEFAULT_DIR, .encoding = CE_ENC_AUTO,
                    .bom = 1};
    void *const bases[CE_CLI_N_GROUPS] = {&a, NULL, NULL};
    return ce_cli_opt_run(&audit_command, bases, argc, argv, run);
}
