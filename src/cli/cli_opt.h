/* cli_opt.h - one option table per command. A command describes each of
 * its options once, in a static array of ce_cli_opt (long name, short
 * letter, value name, help, what it sets, and the file role when it names a
 * file); from that one table come
 *  - the getopt_long tables and the getopt loop (ce_cli_opt_parse),
 *  - the option lists of `clustereval CMD --help` (ce_cli_opt_help; the man
 *    page is made from the help by scripts/manpage.sh),
 *  - the file plan (ce_cli_opt_plan, cli_plan.h), through which verify
 *    recognises the files a command reads and writes.
 * Options shared by several commands (the pipeline and perturbation groups,
 * cli_options.h) are descriptors a command's table takes with CE_CLI_LIKE,
 * giving its own help text where it says something else.
 *
 * Tables and descriptors are static and read-only; nothing here allocates
 * beyond a call.
 */
#ifndef CLUSTEREVAL_CLI_OPT_H
#define CLUSTEREVAL_CLI_OPT_H

#include <stddef.h>
#include <stdio.h>

#include "clustereval/status.h"

/* Which struct an option's field lives in: the command's own arguments,
 * the pipeline group (ce_cli_pipeline_args) or the perturbation group
 * (ce_cli_perturb_args). */
typedef enum {
    CE_CLI_GROUP_OWN,
    CE_CLI_GROUP_PIPELINE,
    CE_CLI_GROUP_PERTURB,
    CE_CLI_N_GROUPS
} ce_cli_group;

/* The file an option (or the operand) names, for the plan (cli_plan.h). */
typedef enum {
    CE_CLI_FILE_NONE,
    CE_CLI_FILE_INPUT,       /* read; role names it ("profile") */
    CE_CLI_FILE_OUTPUT,      /* a table written, beside the main output */
    CE_CLI_FILE_MAIN_OUTPUT, /* the main output: OUT.manifest.json beside it */
    CE_CLI_FILE_REPORT,      /* HTML page or workbook */
    CE_CLI_FILE_LEDGER,      /* the SQLite ledger, read and written */
    CE_CLI_FILE_FOLDER       /* a folder of outputs (names, n_names) */
} ce_cli_file;

typedef struct ce_cli_opt ce_cli_opt;

/* What a handler gets: the command ("rank", for messages), the long name
 * as the table spells it (an alias's own), the value (NULL for a flag),
 * the option and the base of its group's struct. */
typedef struct {
    const char *cmd;
    const char *name;
    const char *arg;
    const ce_cli_opt *opt;
    void *base;
} ce_cli_optarg;

/* Takes the value; returns 0, or prints a usage error (ce_cli_usage_error)
 * and returns CE_ERR_USAGE. */
typedef int (*ce_cli_opt_fn)(const ce_cli_optarg *x);

/* Flags of an entry. */
enum {
    CE_CLI_HIDDEN = 1,  /* not in the help (an alias such as --normalise) */
    CE_CLI_BRIEF = 2,   /* named in one run of "--a M, --b N   HELP" lines */
    CE_CLI_OPERAND = 4, /* not an option: the operand, for the plan only */
    CE_CLI_HELP = 8,    /* -h/--help: prints the help */
    CE_CLI_AT = 16,     /* CE_CLI_LIKE_AT: the field is the command's own */
    CE_CLI_WORKBOOK = 32 /* an output written as a workbook when its name ends
                            in .xlsx; any other output so named is refused */
};

struct ce_cli_opt {
    const char *heading; /* an entry that only starts a help section */
    const char *name;    /* long name, without "--"; NULL ends the table */
    char letter;         /* short option, or 0 */
    const char *metavar; /* the value's name in the help; NULL: a flag */
    const char *help;    /* after the name column; '\n' starts the next line,
                            a leading '\n' puts all of it below the name */
    ce_cli_opt_fn set;   /* NULL: a value stores arg (const char *) at field,
                            a flag stores value (int) at field */
    size_t field;        /* offset in the group's struct */
    int value;
    ce_cli_group group;
    ce_cli_file file;
    const char *role;    /* manifest role of an input ("data", "profile") */
    const char *label;   /* the plan's name of it; default "-x" or "--name" */
    const char *const *names; /* CE_CLI_FILE_FOLDER: the files it holds */
    size_t n_names;
    unsigned only;       /* plan it only for these actions (bits); 0: all */
    unsigned flags;
    const char *alias_of; /* the same option as the entry of this name */
    const ce_cli_opt *like; /* a shared descriptor this entry stands for */
};

/* An entry standing for the shared descriptor d with help text h (NULL:
 * d's own help). */
#define CE_CLI_LIKE(d, h) {.like = &(d), .help = (h)}
/* The same, named in a brief run ending in h ("as for rank"). */
#define CE_CLI_LIKE_BRIEF(d, h) {.like = &(d), .help = (h), .flags = CE_CLI_BRIEF}
/* The same, setting the command's own field at offset f (a descriptor with
 * a generic handler: -w, -o, --no-bom, --encoding). */
#define CE_CLI_LIKE_AT(d, f, h) {.like = &(d), .field = (f), .help = (h), .flags = CE_CLI_AT}
/* The operand: a data file (NAME only tells the reader of the table),
 * with .field = ... and any other member given after NAME. */
#define CE_CLI_DATA_OPERAND(NAME, ...)                                                        \
    {.name = NAME, .flags = CE_CLI_OPERAND, .file = CE_CLI_FILE_INPUT, .role = "data",       \
     __VA_ARGS__}
#define CE_CLI_HEADING(text) {.heading = (text)}
#define CE_CLI_OPT_HELP_ENTRY                                                                 \
    {.name = "help", .letter = 'h', .help = "this help", .flags = CE_CLI_HELP}
#define CE_CLI_END {0}

/* A command: the help is intro, the table's option lists, "\n", outro. */
typedef struct {
    const char *cmd;   /* "rank", for the messages */
    const char *intro; /* usage and description */
    const ce_cli_opt *opts;
    const char *outro; /* exit codes */
    int column;        /* where help text starts (0: 25) */
    unsigned action;   /* the bit an entry's `only` is checked against */
    /* The command's own checks (NULL: none), each returning 0 or printing
     * a usage error and returning CE_ERR_USAGE: check_options after the
     * options, check after the operand (the place to set defaults that
     * depend on other options, before the plan). */
    int (*check_options)(const char *cmd, void *const bases[CE_CLI_N_GROUPS]);
    int (*check)(const char *cmd, void *const bases[CE_CLI_N_GROUPS]);
} ce_cli_command;

/* Runs getopt_long over argv (argv[0] the command's name) with the tables
 * made from c->opts, then c->check_options; bases[g] is the struct of group
 * g (NULL when the command has none). Returns 0 with optind at the first
 * operand, -1 after printing the help, or CE_ERR_USAGE after printing a
 * usage error. */
int ce_cli_opt_parse(const ce_cli_command *c, void *const bases[CE_CLI_N_GROUPS], int argc,
                     char **argv);

/* Writes the help of c to out. */
void ce_cli_opt_help(const ce_cli_command *c, FILE *out);

/* Takes the one operand (ce_cli_one_data_file) into the table's
 * CE_CLI_OPERAND entry; refuses any operand when the entry does not apply
 * to c->action. Returns 0 or CE_ERR_USAGE after printing. */
int ce_cli_opt_operand(const ce_cli_command *c, void *const bases[CE_CLI_N_GROUPS], int argc,
                       char **argv);

/* Declares (cli_plan.h) every file of the table that names one, in the
 * table's order (the operand and the options, with the values they hold
 * now; entries whose `only` lacks c->action left out), and checks the plan
 * (ce_cli_plan_check). Returns its exit code. */
int ce_cli_opt_plan_check(const ce_cli_command *c, void *const bases[CE_CLI_N_GROUPS]);

/* ce_cli_opt_parse, ce_cli_opt_operand, c->check and ce_cli_opt_plan_check
 * in turn: the whole parse of a command. */
int ce_cli_opt_parse_all(const ce_cli_command *c, void *const bases[CE_CLI_N_GROUPS], int argc,
                         char **argv);

/* A whole command: ce_cli_opt_parse_all, then ce_cli_run(c->cmd, run,
 * bases[CE_CLI_GROUP_OWN]). Returns the exit code (0 after the help). */
int ce_cli_opt_run(const ce_cli_command *c, void *const bases[CE_CLI_N_GROUPS], int argc,
                   char **argv, ce_status (*run)(void *args, ce_diag *diag, ce_error *err));

/* Generic handlers. */
int ce_cli_set_encoding(const ce_cli_optarg *x); /* ce_encoding at field */
int ce_cli_set_lang(const ce_cli_optarg *x);     /* ce_lang at field */

#endif
