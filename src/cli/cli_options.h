/* cli_options.h - the command-line options that rank, uncertainty and
 * sensitivity share: the pipeline options (-w, -o, --top ... --flatten) and
 * the weight-perturbation options of the Monte Carlo commands (--draws,
 * --seed, --jobs, --weight-dist, --weight-noise, --concentration,
 * --vary-*).
 *
 * They are descriptors (cli_opt.h) that a command's option table takes
 * with CE_CLI_LIKE, with its own help text where it says something else;
 * their fields are those of ce_cli_pipeline_args and ce_cli_perturb_args
 * (the bases CE_CLI_GROUP_PIPELINE and CE_CLI_GROUP_PERTURB of
 * ce_cli_opt_parse). Usage errors are printed as
 * "clustereval CMD: --option: ...".
 */
#ifndef CLUSTEREVAL_CLI_OPTIONS_H
#define CLUSTEREVAL_CLI_OPTIONS_H

#include <stddef.h>

#include "clustereval/csvio.h"
#include "clustereval/labels.h"
#include "clustereval/pipeline.h"
#include "clustereval/report.h"
#include "clustereval/status.h"
#include "clustereval/uncertainty.h"

#include "cli_opt.h"
#include "cli_paths.h"

/* The ids of the shared options (their descriptors' value). */
enum {
    CE_CLI_OPT_TOP = 256, CE_CLI_OPT_AWARD, CE_CLI_OPT_TIE_BREAK, CE_CLI_OPT_SET,
    CE_CLI_OPT_DIGITS, CE_CLI_OPT_IMPUTE,
    CE_CLI_OPT_MIN_COVERAGE, CE_CLI_OPT_TREAT, CE_CLI_OPT_NORMALIZE, CE_CLI_OPT_RANGE,
    CE_CLI_OPT_ZSCORE, CE_CLI_OPT_AGGREGATE, CE_CLI_OPT_FLATTEN,
    CE_CLI_OPT_DRAWS, CE_CLI_OPT_SEED, CE_CLI_OPT_JOBS, CE_CLI_OPT_WEIGHT_DIST,
    CE_CLI_OPT_WEIGHT_NOISE, CE_CLI_OPT_CONCENTRATION, CE_CLI_OPT_VARY_NORMALIZE,
    CE_CLI_OPT_VARY_AGGREGATE, CE_CLI_OPT_VARY_IMPUTE, CE_CLI_OPT_MISSING
};

/* The pipeline group (fields of ce_cli_pipeline_args), with rank's help:
 * the operand DATA.csv, -w, -o (the main output), --top ... --flatten.
 * -w, -o, --no-bom and --encoding set a field with a generic handler, so a
 * command with its own struct takes them too (CE_CLI_LIKE_AT). */
extern const ce_cli_opt ce_cli_opt_data, ce_cli_opt_weights, ce_cli_opt_output, ce_cli_opt_top,
    ce_cli_opt_award, ce_cli_opt_tie_break, ce_cli_opt_set, ce_cli_opt_digits, ce_cli_opt_no_bom,
    ce_cli_opt_encoding, ce_cli_opt_sheet, ce_cli_opt_impute, ce_cli_opt_min_coverage, ce_cli_opt_treat,
    ce_cli_opt_normalize, ce_cli_opt_normalise, ce_cli_opt_range, ce_cli_opt_zscore,
    ce_cli_opt_aggregate, ce_cli_opt_flatten, ce_cli_opt_drop_summary, ce_cli_opt_missing;

/* The languages of a table written as CSV and as a workbook (training,
 * voucher): ce_cli_opt_table_lang's --lang sets both. */
typedef struct {
    ce_lang csv, xlsx;
} ce_cli_langs;
#define CE_CLI_LANGS_DEFAULT {CE_LANG_EN, CE_LANG_ZH}
extern const ce_cli_opt ce_cli_opt_table_lang;

/* The data table's header (ce_table_options): --id-column, --name-column,
 * --header-row. A command with its own struct takes them with
 * CE_CLI_LIKE_AT at a ce_cli_header_args; the pipeline group's is
 * ce_cli_pipeline_args.header. */
typedef struct {
    const char *id_column, *name_column; /* NULL: the usual spellings */
    size_t header_row;                   /* 0: found */
} ce_cli_header_args;
extern const ce_cli_opt ce_cli_opt_id_column, ce_cli_opt_name_column, ce_cli_opt_header_row;
#define CE_CLI_HEADER_ENTRIES                                                                 \
    CE_CLI_LIKE(ce_cli_opt_id_column, NULL), CE_CLI_LIKE(ce_cli_opt_name_column, NULL),        \
        CE_CLI_LIKE(ce_cli_opt_header_row, NULL)
#define CE_CLI_HEADER_ENTRIES_AT(type, member)                                                \
    CE_CLI_LIKE_AT(ce_cli_opt_id_column, offsetof(type, member.id_column), NULL),             \
        CE_CLI_LIKE_AT(ce_cli_opt_name_column, offsetof(type, member.name_column), NULL),     \
        CE_CLI_LIKE_AT(ce_cli_opt_header_row, offsetof(type, member.header_row), NULL)

/* The help of -o in the commands that write a table to FILE. */
#define CE_CLI_HELP_OUTPUT_FILE "write to FILE (atomically, with a UTF-8 BOM)"

/* The perturbation group (fields of ce_cli_perturb_args), with
 * uncertainty's help. */
extern const ce_cli_opt ce_cli_opt_draws, ce_cli_opt_seed, ce_cli_opt_jobs,
    ce_cli_opt_weight_dist, ce_cli_opt_weight_noise, ce_cli_opt_concentration,
    ce_cli_opt_vary_normalize, ce_cli_opt_vary_normalise, ce_cli_opt_vary_aggregate,
    ce_cli_opt_vary_impute;

/* What the pipeline options set. The strings point into argv. */
typedef struct {
    const char *data;    /* the positional DATA.csv */
    const char *profile; /* -w (default CE_DEFAULT_PROFILE) */
    const char *output;  /* -o; NULL = stdout */
    ce_pipeline_options pipeline;
    ce_report_options report; /* --digits, --no-bom (default bom 1) */
    ce_encoding encoding;     /* --encoding of DATA.csv (default auto) */
    const char *sheet;        /* --sheet of an .xlsx DATA (default: the first) */
    ce_cli_header_args header; /* --id-column, --name-column, --header-row */
    char **sets;              /* the --set CODE=WEIGHT values, room for argc */
    size_t n_sets;
    int drop_summary;         /* --drop-summary-rows */
} ce_cli_pipeline_args;

/* Sets the defaults (digits decimals) and allocates room for argc --set
 * values. Returns 0, or prints "out of memory" and returns CE_ERR_IO.
 * ce_cli_pipeline_args_fini releases what init allocated. */
int ce_cli_pipeline_args_init(ce_cli_pipeline_args *a, int argc, int digits);
void ce_cli_pipeline_args_fini(ce_cli_pipeline_args *a);

/* Loads a->profile and applies the --set values. *out is set only on
 * success; the caller frees it with ce_profile_free. */
ce_status ce_cli_load_profile(const ce_cli_pipeline_args *a, ce_profile **out, ce_diag *diag,
                              ce_error *err);

/* Applies the CODE=WEIGHT and CODE=SHARE% values of option (e.g. "--set")
 * to prof: the weights first, then the shares (ce_profile_set_shares). */
ce_status ce_cli_apply_sets(ce_profile *prof, const char *option, char **sets, size_t n,
                            ce_error *err);

/* Reads a->data for prof with a->encoding, with the column named by
 * --impute group-mean:/group-median: if any. */
ce_status ce_cli_read_table(const ce_cli_pipeline_args *a, const ce_profile *prof,
                            ce_table **out, ce_diag *diag, ce_error *err);

/* The summary-row rule of a reader (summary.h): the shipped
 * weights/summary-labels.csv (loaded once, kept until the process ends),
 * dropping the rows when drop (--drop-summary-rows), else refusing them. */
ce_status ce_cli_summary_rows(int drop, ce_summary_rows *out, ce_diag *diag, ce_error *err);
/* The hint of the refusal in applicant tables, which are never cut. */
#define CE_CLI_SUMMARY_REMOVE_HINT "remove the row from the file"

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

/* The check after the options (ce_cli_command's check_options) of the
 * perturbation group bases[CE_CLI_GROUP_PERTURB]: --weight-noise only with uniform,
 * --concentration only with dirichlet. Returns 0, or prints and returns
 * CE_ERR_USAGE. */
int ce_cli_perturb_check(const char *cmd, void *const bases[CE_CLI_N_GROUPS]);

/* The entries of the options that set the nominal ranking of the
 * uncertainty and sensitivity commands (as for rank), up to --flatten. */
#define CE_CLI_NOMINAL_ENTRIES                                                                \
    CE_CLI_LIKE(ce_cli_opt_data, NULL),                                                       \
    CE_CLI_LIKE(ce_cli_opt_weights, NULL),                                                    \
    CE_CLI_LIKE(ce_cli_opt_output, "write the table to FILE (atomically; with a UTF-8 BOM)"), \
    CE_CLI_LIKE(ce_cli_opt_top, NULL),                                                        \
    CE_CLI_LIKE(ce_cli_opt_award, "accepted as for rank; not in the output"),                 \
    CE_CLI_LIKE(ce_cli_opt_tie_break, "break a tie at the last award place by node CODE"),    \
    CE_CLI_LIKE(ce_cli_opt_set, "replace the nominal weight of node CODE (repeatable)"),      \
    CE_CLI_LIKE_BRIEF(ce_cli_opt_missing, "as for rank"),                                     \
    CE_CLI_LIKE_BRIEF(ce_cli_opt_impute, "as for rank"),                                      \
    CE_CLI_LIKE_BRIEF(ce_cli_opt_min_coverage, "as for rank"),                                \
    CE_CLI_LIKE_BRIEF(ce_cli_opt_treat, "as for rank"),                                       \
    CE_CLI_LIKE_BRIEF(ce_cli_opt_normalize, "as for rank"),                                   \
    CE_CLI_LIKE_BRIEF(ce_cli_opt_range, "as for rank"),                                       \
    CE_CLI_LIKE_BRIEF(ce_cli_opt_zscore, "as for rank"),                                      \
    CE_CLI_LIKE_BRIEF(ce_cli_opt_aggregate, "as for rank"),                                   \
    CE_CLI_LIKE_BRIEF(ce_cli_opt_flatten, "as for rank"),                                     \
    CE_CLI_LIKE(ce_cli_opt_normalise, NULL)

#endif
