/* cli_opt.c - see cli_opt.h. */
#include "cli_opt.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/csvio.h"
#include "clustereval/labels.h"

#include "cli.h"
#include "cli_plan.h"

enum {
    MAX_OPTS = 64,    /* entries of one command's table */
    FIRST_LONG = 256, /* getopt value of the first long-only entry */
    HELP_WIDTH = 79   /* a brief run's lines, their comma included */
};

/* The table of c with every CE_CLI_LIKE entry resolved to the descriptor
 * it stands for (its help, when given, replacing the descriptor's). */
typedef struct {
    ce_cli_opt e[MAX_OPTS];
    size_t n;
} resolved;

static void resolve(const ce_cli_command *c, resolved *r)
{
    r->n = 0;
    for (const ce_cli_opt *o = c->opts; o->name || o->heading || o->like; o++) {
        if (r->n == MAX_OPTS) { /* a programming error: no option may go missing */
            fprintf(stderr, "clustereval %s: more than %d entries in the option table\n",
                    c->cmd, MAX_OPTS);
            abort();
        }
        ce_cli_opt e = o->like ? *o->like : *o;
        if (o->like) {
            if (o->help)
                e.help = o->help;
            if (o->flags & CE_CLI_AT) {
                e.field = o->field;
                e.group = CE_CLI_GROUP_OWN;
            }
            e.flags |= o->flags;
        }
        r->e[r->n++] = e;
    }
}

static int is_option(const ce_cli_opt *e)
{
    return e->name && !(e->flags & CE_CLI_OPERAND);
}

/* The index of the entry named name, or -1. */
static int find_named(const resolved *r, const char *name)
{
    for (size_t i = 0; i < r->n; i++)
        if (is_option(&r->e[i]) && strcmp(r->e[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* The entry whose handler and field an entry uses: its alias_of's. */
static const ce_cli_opt *target_of(const resolved *r, const ce_cli_opt *e)
{
    int k = e->alias_of ? find_named(r, e->alias_of) : -1;
    return k >= 0 ? &r->e[k] : e;
}

static int value_of(const resolved *r, size_t i)
{
    const ce_cli_opt *t = target_of(r, &r->e[i]);
    return t->letter ? t->letter : FIRST_LONG + (int)(t - r->e);
}

static int apply(const ce_cli_command *c, const resolved *r, const ce_cli_opt *e,
                 void *const bases[CE_CLI_N_GROUPS], const char *arg)
{
    const ce_cli_opt *t = target_of(r, e);
    char *base = bases[t->group];
    ce_cli_optarg x = {c->cmd, e->name, arg, t, base};
    if (t->set)
        return t->set(&x);
    if (t->metavar)
        *(const char **)(void *)(base + t->field) = arg;
    else
        *(int *)(void *)(base + t->field) = t->value;
    return 0;
}

int ce_cli_opt_parse(const ce_cli_command *c, void *const bases[CE_CLI_N_GROUPS], int argc,
                     char **argv)
{
    resolved r;
    struct option longopts[MAX_OPTS + 1];
    int entry_of[MAX_OPTS]; /* longopts index -> entry index */
    char shortopts[2 * MAX_OPTS + 2] = ":";
    size_t nl = 0, ns = 1;
    resolve(c, &r);
    for (size_t i = 0; i < r.n; i++) {
        const ce_cli_opt *e = &r.e[i];
        if (!is_option(e))
            continue;
        const ce_cli_opt *t = target_of(&r, e);
        longopts[nl] = (struct option){e->name, t->metavar ? required_argument : no_argument,
                                       NULL, value_of(&r, i)};
        entry_of[nl++] = (int)i;
        if (e->letter) {
            shortopts[ns++] = e->letter;
            if (e->metavar)
                shortopts[ns++] = ':';
        }
    }
    longopts[nl] = (struct option){NULL, 0, NULL, 0};
    shortopts[ns] = '\0';
    opterr = 0;
    optind = 0; /* 0 re-initialises GNU getopt */
    int ch, li;
    while ((li = -1, ch = getopt_long(argc, argv, shortopts, longopts, &li)) != -1) {
        const ce_cli_opt *e = NULL;
        if (li >= 0 && ch != '?' && ch != ':')
            e = &r.e[entry_of[li]];
        for (size_t i = 0; !e && ch != '?' && ch != ':' && i < r.n; i++)
            if (is_option(&r.e[i]) && r.e[i].letter == ch)
                e = &r.e[i];
        if (!e)
            return ce_cli_option_error(c->cmd, ch, argv, optind);
        if (e->flags & CE_CLI_HELP) {
            ce_cli_opt_help(c, stdout);
            return -1;
        }
        if (apply(c, &r, e, bases, optarg) != 0)
            return CE_ERR_USAGE;
    }
    return c->check_options ? c->check_options(c->cmd, bases) : 0;
}

/* ---- the help ------------------------------------------------------------ */

/* "  -o, --output FILE" or "      --top N" into out. */
static void name_column(const ce_cli_opt *e, char *out, size_t size)
{
    char letter[8] = "    ";
    if (e->letter)
        snprintf(letter, sizeof letter, "-%c, ", e->letter);
    snprintf(out, size, "  %s--%s%s%s", letter, e->name, e->metavar ? " " : "",
             e->metavar ? e->metavar : "");
}

/* "--impute M" into out. */
static void brief_name(const ce_cli_opt *e, char *out, size_t size)
{
    snprintf(out, size, "--%s%s%s", e->name, e->metavar ? " " : "", e->metavar ? e->metavar : "");
}

static void put_option(const ce_cli_opt *e, int column, FILE *out)
{
    char left[128];
    name_column(e, left, sizeof left);
    fputs(left, out);
    const char *h = e->help;
    if (h[0] != '\n') {
        int len = (int)strlen(left);
        fprintf(out, "%*s", len < column ? column - len : 2, "");
    }
    for (;;) {
        const char *nl = strchr(h, '\n');
        size_t n = nl ? (size_t)(nl - h) : strlen(h);
        fwrite(h, 1, n, out);
        fputc('\n', out);
        if (!nl)
            break;
        h = nl + 1;
        fprintf(out, "%*s", column, "");
    }
}

/* The brief run of entries from e[0] (n of them): their names, wrapped,
 * then the last one's help. Returns how many it took. */
static size_t put_brief(const ce_cli_opt *e, size_t n, FILE *out)
{
    char line[256] = "      ", item[64];
    size_t k = 0;
    for (; k < n && (e[k].flags & CE_CLI_BRIEF) && !(e[k].flags & CE_CLI_HIDDEN); k++) {
        brief_name(&e[k], item, sizeof item);
        int first = strcmp(line, "      ") == 0;
        if (!first && strlen(line) + 2 + strlen(item) + 1 > HELP_WIDTH) {
            fprintf(out, "%s,\n", line);
            strcpy(line, "      ");
            first = 1;
        }
        snprintf(line + strlen(line), sizeof line - strlen(line), "%s%s", first ? "" : ", ",
                 item);
    }
    fprintf(out, "%s   %s\n", line, e[k - 1].help);
    return k;
}

void ce_cli_opt_help(const ce_cli_command *c, FILE *out)
{
    resolved r;
    resolve(c, &r);
    int column = c->column ? c->column : 25;
    fputs(c->intro, out);
    for (size_t i = 0; i < r.n; i++) {
        const ce_cli_opt *e = &r.e[i];
        if (e->heading)
            fprintf(out, "\n%s\n", e->heading);
        else if (!is_option(e) || (e->flags & CE_CLI_HIDDEN) || !e->help)
            continue;
        else if (e->flags & CE_CLI_BRIEF)
            i += put_brief(e, r.n - i, out) - 1;
        else
            put_option(e, column, out);
    }
    fprintf(out, "\n%s", c->outro);
}

/* ---- the plan ------------------------------------------------------------ */

/* The plan keeps the names it is given: "-o" and "--xlsx" live here. */
static char labels[MAX_OPTS][48];

static int applies(const ce_cli_command *c, const ce_cli_opt *e)
{
    return !e->only || (e->only & c->action);
}

/* An output named NAME.xlsx that the entry writes as CSV (or a folder so
 * named): a usage error, hinting at --xlsx for the main output of a command
 * that has it (the workbook of that table), else at naming it .csv.
 * Returns 0 or CE_ERR_USAGE after printing. */
static int check_workbook_name(const ce_cli_command *c, const resolved *r, const ce_cli_opt *e,
                               const char *label, const char *path)
{
    int csv = e->file == CE_CLI_FILE_OUTPUT || e->file == CE_CLI_FILE_MAIN_OUTPUT;
    if (!path || !ce_cli_names_workbook(path) || (e->flags & CE_CLI_WORKBOOK) ||
        (!csv && e->file != CE_CLI_FILE_FOLDER))
        return 0;
    if (!csv)
        return ce_cli_usage_error(c->cmd, "%s %s: names a workbook, but %s is the folder the "
                                          "CSV tables go into", label, path, label);
    if (e->file == CE_CLI_FILE_MAIN_OUTPUT && find_named(r, "xlsx") >= 0)
        return ce_cli_usage_error(c->cmd, "%s %s: %s writes CSV, not a workbook; --xlsx %s "
                                          "writes the workbook", label, path, label, path);
    return ce_cli_usage_error(c->cmd, "%s %s: %s writes CSV, not a workbook; name it .csv",
                              label, path, label);
}

int ce_cli_opt_plan_check(const ce_cli_command *c, void *const bases[CE_CLI_N_GROUPS])
{
    resolved r;
    resolve(c, &r);
    for (size_t i = 0; i < r.n; i++) {
        const ce_cli_opt *e = &r.e[i];
        if (e->file == CE_CLI_FILE_NONE || !applies(c, e))
            continue;
        const char *label = e->label;
        if (!label && is_option(e)) {
            if (e->letter)
                snprintf(labels[i], sizeof labels[i], "-%c", e->letter);
            else
                snprintf(labels[i], sizeof labels[i], "--%s", e->name);
            label = labels[i];
        }
        const char **slot = (const char **)(void *)((char *)bases[e->group] + e->field);
        if (check_workbook_name(c, &r, e, label, *slot) != 0)
            return CE_ERR_USAGE;
        switch (e->file) {
        case CE_CLI_FILE_NONE: break;
        case CE_CLI_FILE_INPUT: ce_cli_plan_input(e->role, label, slot); break;
        case CE_CLI_FILE_OUTPUT: ce_cli_plan_output("output", label, slot, 0); break;
        case CE_CLI_FILE_MAIN_OUTPUT: ce_cli_plan_output("output", label, slot, 1); break;
        case CE_CLI_FILE_REPORT: ce_cli_plan_output("report", label, slot, 0); break;
        case CE_CLI_FILE_LEDGER: ce_cli_plan_ledger(label, slot); break;
        case CE_CLI_FILE_FOLDER: ce_cli_plan_folder(label, slot, e->names, e->n_names); break;
        }
    }
    return ce_cli_plan_check(c->cmd);
}

int ce_cli_opt_operand(const ce_cli_command *c, void *const bases[CE_CLI_N_GROUPS], int argc,
                       char **argv)
{
    resolved r;
    resolve(c, &r);
    for (size_t i = 0; i < r.n; i++) {
        const ce_cli_opt *e = &r.e[i];
        if (!(e->flags & CE_CLI_OPERAND))
            continue;
        if (!applies(c, e))
            break;
        const char **slot = (const char **)(void *)((char *)bases[e->group] + e->field);
        if (ce_cli_one_data_file(c->cmd, argc, argv, optind, slot) != 0)
            return CE_ERR_USAGE;
        if (find_named(&r, "encoding") >= 0) /* --encoding is the operand's */
            ce_cli_set_encoding_file(*slot);
        return 0;
    }
    if (optind < argc)
        return ce_cli_usage_error(c->cmd, "no file operand expected, got \"%s\"", argv[optind]);
    return 0;
}

int ce_cli_opt_parse_all(const ce_cli_command *c, void *const bases[CE_CLI_N_GROUPS], int argc,
                         char **argv)
{
    int rc = ce_cli_opt_parse(c, bases, argc, argv);
    if (rc == 0)
        rc = ce_cli_opt_operand(c, bases, argc, argv);
    if (rc == 0 && c->check)
        rc = c->check(c->cmd, bases);
    return rc != 0 ? rc : ce_cli_opt_plan_check(c, bases);
}

int ce_cli_opt_run(const ce_cli_command *c, void *const bases[CE_CLI_N_GROUPS], int argc,
                   char **argv, ce_status (*run)(void *args, ce_diag *diag, ce_error *err))
{
    int rc = ce_cli_opt_parse_all(c, bases, argc, argv);
    if (rc != 0)
        return rc < 0 ? CE_OK : rc;
    return ce_cli_run(c->cmd, run, bases[CE_CLI_GROUP_OWN]);
}

/* ---- generic handlers ---------------------------------------------------- */

int ce_cli_set_encoding(const ce_cli_optarg *x)
{
    return ce_cli_encoding_option(x->cmd, x->arg,
                                  (ce_encoding *)(void *)((char *)x->base + x->opt->field));
}

int ce_cli_set_lang(const ce_cli_optarg *x)
{
    if (ce_lang_parse(x->arg, (ce_lang *)(void *)((char *)x->base + x->opt->field)) != 0)
        return ce_cli_usage_error(x->cmd, "--lang: \"%s\" is not zh or en", x->arg);
    return 0;
}
