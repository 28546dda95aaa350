/* cli_options.h - the command-line options that rank, uncertainty and
 * sensitivity share: the pipeline options (-w, -o, --top ... --flatten) and
 * the weight-perturbation options of the Monte Carlo commands (--draws,
 * --seed, --jobs, --weight-dist, --weight-noise, --concentration,
 * --vary-*).
 *
 * A command lists the shared long options with CE_CLI_PIPELINE_LONGOPTS
 * (and CE_CLI_PERTURB_LONGOPTS) in its getopt_long table, numbers its own
 * options from CE_CLI_OPT_COMMAND, and lets ce_cli_parse_options run the
 * getopt loop: it offers every option to ce_cli_pipeline_option, then
 * ce_cli_perturb_option, then the command's own function. Usage errors are
 * printed as "clustereval CMD: --option: ...".
 */
#ifndef CLUSTEREVAL_CLI_OPTIONS_H
#define CLUSTEREVAL_CLI_OPTIONS_H

#include <getopt.h>
#include <stddef.h>

#include "clustereval/csvio.h"
#include "clustereval/pipeline.h"
#include "clustereval/report.h"
#include "clustereval/status.h"
#include "clustereval/uncertainty.h"

#include "cli_paths.h"

/* getopt_long values of the shared long options. */
enum {
    CE_CLI_OPT_TOP = 256, CE_CLI_OPT_AWARD, CE_CLI_OPT_TIE_BREAK, CE_CLI_OPT_SET,
    CE_CLI_OPT_DIGITS, CE_CLI_OPT_NO_BOM, CE_CLI_OPT_ENCODING, CE_CLI_OPT_IMPUTE,
    CE_CLI_OPT_MIN_COVERAGE, CE_CLI_OPT_TREAT, CE_CLI_OPT_NORMALIZE, CE_CLI_OPT_RANGE,
    CE_CLI_OPT_ZSCORE, CE_CLI_OPT_AGGREGATE, CE_CLI_OPT_FLATTEN,
    CE_CLI_OPT_DRAWS, CE_CLI_OPT_SEED, CE_CLI_OPT_JOBS, CE_CLI_OPT_WEIGHT_DIST,
    CE_CLI_OPT_WEIGHT_NOISE, CE_CLI_OPT_CONCENTRATION, CE_CLI_OPT_VARY_NORMALIZE,
    CE_CLI_OPT_VARY_AGGREGATE, CE_CLI_OPT_VARY_IMPUTE,
    CE_CLI_OPT_COMMAND /* the first value free for a command's own options */
};

/* The short options of the shared getopt_long string: -w, -o and -h. */
#define CE_CLI_SHORTOPTS ":w:o:h"

#define CE_CLI_PIPELINE_LONGOPTS                                                 \
    {"weights", required_argument, NULL, 'w'},                                   \
    {"output", required_argument, NULL, 'o'},                                    \
    {"top", required_argument, NULL, CE_CLI_OPT_TOP},                            \
    {"award", required_argument, NULL, CE_CLI_OPT_AWARD},                        \
    {"tie-break", required_argument, NULL, CE_CLI_OPT_TIE_BREAK},                \
    {"set", required_argument, NULL, CE_CLI_OPT_SET},                            \
    {"digits", required_argument, NULL, CE_CLI_OPT_DIGITS},                      \
    {"no-bom", no_argument, NULL, CE_CLI_OPT_NO_BOM},                            \
    {"encoding", required_argument, NULL, CE_CLI_OPT_ENCODING},                  \
    {"impute", required_argument, NULL, CE_CLI_OPT_IMPUTE},                      \
    {"min-coverage", required_argument, NULL, CE_CLI_OPT_MIN_COVERAGE},          \
    {"treat", required_argument, NULL, CE_CLI_OPT_TREAT},                        \
    {"normalize", required_argument, NULL, CE_CLI_OPT_NORMALIZE},                \
    {"normalise", required_argument, NULL, CE_CLI_OPT_NORMALIZE},                \
    {"range", required_argument, NULL, CE_CLI_OPT_RANGE},                        \
    {"zscore", required_argument, NULL, CE_CLI_OPT_ZSCORE},                      \
    {"aggregate", required_argument, NULL, CE_CLI_OPT_AGGREGATE},                \
    {"flatten", no_argument, NULL, CE_CLI_OPT_FLATTEN}

#define CE_CLI_PERTURB_LONGOPTS                                                  \
    {"draws", required_argument, NULL, CE_CLI_OPT_DRAWS},                        \
    {"seed", required_argument, NULL, CE_CLI_OPT_SEED},                          \
    {"jobs", required_argument, NULL, CE_CLI_OPT_JOBS},                          \
    {"weight-dist", required_argument, NULL, CE_CLI_OPT_WEIGHT_DIST},            \
    {"weight-noise", required_argument, NULL, CE_CLI_OPT_WEIGHT_NOISE},          \
    {"concentration", required_argument, NULL, CE_CLI_OPT_CONCENTRATION},        \
    {"vary-normalize", required_argument, NULL, CE_CLI_OPT_VARY_NORMALIZE},      \
    {"vary-normalise", required_argument, NULL, CE_CLI_OPT_VARY_NORMALIZE},      \
    {"vary-aggregate", required_argument, NULL, CE_CLI_OPT_VARY_AGGREGATE},      \
    {"vary-impute", required_argument, NULL, CE_CLI_OPT_VARY_IMPUTE}

/* What the pipeline options set. The strings point into argv. */
typedef struct {
    const char *data;    /* the positional DATA.csv */
    const char *profile; /* -w (default CE_DEFAULT_PROFILE) */
    const char *output;  /* -o; NULL = stdout */
    ce_pipeline_options pipeline;
    ce_report_options report; /* --digits, --no-bom (default bom 1) */
    ce_encoding encoding;     /* --encoding of DATA.csv (default auto) */
    char **sets;              /* the --set CODE=WEIGHT values, room for argc */
    size_t n_sets;
} ce_cli_pipeline_args;

/* Sets the defaults (digits decimals) and allocates room for argc --set
 * values. Returns 0, or prints "out of memory" and returns CE_ERR_IO.
 * ce_cli_pipeline_args_fini releases what init allocated. */
int ce_cli_pipeline_args_init(ce_cli_pipeline_args *a, int argc, int digits);
void ce_cli_pipeline_args_fini(ce_cli_pipeline_args *a);

/* Takes getopt result opt (with arg) if it is a pipeline option. Returns 1
 * when it took it, 0 when opt is not a pipeline option, -1 after printing
 * a usage error of command cmd. */
int ce_cli_pipeline_option(const char *cmd, int opt, const char *arg, ce_cli_pipeline_args *a);

/* Plans (cli_plan.h) the files of the pipeline options: DATA.csv, the
 * profile and -o, the main output. */
void ce_cli_plan_pipeline(ce_cli_pipeline_args *a);

/* Loads a->profile and applies the --set values. *out is set only on
 * success; the caller frees it with ce_profile_free. */
ce_status ce_cli_load_profile(const ce_cli_pipeline_args *a, ce_profile **out, ce_diag *diag,
                              ce_error *err);

/* Applies the CODE=WEIGHT values of option (e.g. "--set") to prof. */
ce_status ce_cli_apply_sets(ce_profile *prof, const char *option, char **sets, size_t n,
                            ce_error *err);

/* Reads a->data for prof with a->encoding, with the column named by
 * --impute group-mean:/group-median: if any. */
ce_status ce_cli_read_table(const ce_cli_pipeline_args *a, const ce_profile *prof,
                            ce_table **out, ce_diag *diag, ce_error *err);

/* Parses a whole number from 0 to max (digits only) into *out. Returns 0
 * on success, else -1. */
int ce_cli_parse_count(const char *text, unsigned long long max, unsigned long long *out);

/* What the perturbation options set. */
typedef struct {
    ce_uncertainty_options *mc;   /* where the values go */
    unsigned long long max_draws; /* --draws accepts 1 to max_draws */
    int noise_given, concentration_given;
} ce_cli_perturb_args;

/* Points p at mc (already initialised) and sets mc->jobs to the number of
 * online cores. */
void ce_cli_perturb_init(ce_cli_perturb_args *p, ce_uncertainty_options *mc,
                         unsigned long long max_draws);

/* As ce_cli_pipeline_option, for the perturbation options. */
int ce_cli_perturb_option(const char *cmd, int opt, const char *arg, ce_cli_perturb_args *p);

/* The check after the getopt loop: --weight-noise only with uniform,
 * --concentration only with dirichlet. Returns 0, or prints and returns
 * CE_ERR_USAGE. */
int ce_cli_perturb_check(const char *cmd, const ce_cli_perturb_args *p);

/* A command's own options: returns 1 when it took opt, 0 when opt is not
 * one of them, -1 after printing a usage error. */
typedef int (*ce_cli_own_option)(int opt, const char *arg, void *ctx);

typedef struct {
    const char *cmd;                /* "rank", for the messages */
    const char *help;               /* printed to stdout by -h/--help */
    const struct option *longopts;  /* for getopt_long with CE_CLI_SHORTOPTS */
    ce_cli_pipeline_args *pipeline;
    ce_cli_perturb_args *perturb;   /* NULL: the command has no perturbation options */
    ce_cli_own_option own;          /* NULL: the command has no options of its own */
    void *own_ctx;
} ce_cli_parser;

/* Runs getopt_long over argv (argv[0] the command's name), then
 * ce_cli_perturb_check. Returns 0 with optind at the first operand, -1
 * after printing the help, or CE_ERR_USAGE after printing a usage error. */
int ce_cli_parse_options(const ce_cli_parser *p, int argc, char **argv);

/* The help lines of the options that set the nominal ranking of the
 * uncertainty and sensitivity commands (as for rank). Needs
 * CE_DEFAULT_PROFILE. */
#define CE_CLI_NOMINAL_OPTIONS_HELP                                                           \
    "  -w, --weights PROFILE  indicator framework and weights\n" \
    "                         (default " CE_DEFAULT_PROFILE ")\n" \
    "  -o, --output FILE      write the table to FILE (atomically; with a UTF-8 BOM)\n" \
    "      --top N            number of awards (default 10)\n" \
    "      --award AMOUNT     accepted as for rank; not in the output\n" \
    "      --tie-break CODE   break a tie at the last award place by node CODE\n" \
    "      --set CODE=WEIGHT  replace the nominal weight of node CODE (repeatable)\n" \
    "      --impute M, --min-coverage F, --treat M, --normalize M, --range LO,HI,\n" \
    "      --zscore M,S, --aggregate M, --flatten   as for rank\n"

#endif
