/* cli.c - see cli.h. */
#include "clustereval/cli.h"

#include "clustereval/cli_plan.h"
#include "clustereval/manifest.h"
#include "clustereval/outfile.h"

#include <errno.h>
#include <gsl/gsl_errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#ifndef CE_VERSION
#define CE_VERSION "dev"
#endif

static const char usage_text[] =
    "usage: clustereval COMMAND [options]\n"
    "\n"
    "Commands:\n"
    "  rank DATA.csv [-w PROFILE] [-o OUT.csv] ...\n"
    "                 rank the clusters and mark the award winners\n"
    "  audit DATA.csv [-w PROFILE] [-o DIR]\n"
    "                 statistical audit of the data: CSV tables in DIR (default audit)\n"
    "  weights DATA.csv --method M [-w PROFILE] [-o OUT.csv] ...\n"
    "                 a new profile with weights from the data (entropy, critic, sd,\n"
    "                 pca) or from AHP judgements\n"
    "  uncertainty DATA.csv [-w PROFILE] [-o OUT.csv] ...\n"
    "                 Monte Carlo over weights and methods: rank and award stability\n"
    "  sensitivity DATA.csv [-w PROFILE] [-o OUT.csv] ...\n"
    "                 Sobol sensitivity of the ranking to each weight group and method\n"
    "  sme ENTERPRISES.csv [-o OUT.csv] [--standard FILE] ...\n"
    "                 SME size class (large, medium, small, micro) of each enterprise\n"
    "  voucher issue|redeem|status ...\n"
    "                 innovation service vouchers: decide applications first come\n"
    "                 first served, pay claims, report a SQLite ledger\n"
    "  training APPLICANTS.csv [--stage apply|accept] [-o OUT.csv] ...\n"
    "                 public training projects: conditions, subsidy and reward\n"
    "  verify OUT.manifest.json\n"
    "                 re-hash the inputs of a run, run it again, compare the output\n"
    "\n"
    "Every command that writes -o OUT also writes OUT.manifest.json: version, command\n"
    "line, options, input and output files with SHA-256, start time, counts.\n"
    "\n"
    "clustereval COMMAND --help shows the options of a command.\n"
    "clustereval --version shows the version.\n"
    "Exit codes: 0 done, 1 bad input data or profile, 2 usage error, 3 I/O error.\n";

/* The last GSL error of this thread. GSL's default handler prints and
 * aborts; the library checks GSL's return codes instead (LIBS.md §2.3). */
static _Thread_local struct {
    int gsl_errno;
    const char *reason, *file;
    int line;
} gsl_last;

static void record_gsl_error(const char *reason, const char *file, int line, int gsl_errno)
{
    gsl_last.gsl_errno = gsl_errno;
    gsl_last.reason = reason;
    gsl_last.file = file;
    gsl_last.line = line;
}

void ce_cli_print_error(const ce_error *err)
{
    if (err->file[0] && err->line)
        fprintf(stderr, "clustereval: %s:%zu: %s\n", err->file, err->line, err->msg);
    else if (err->file[0])
        fprintf(stderr, "clustereval: %s: %s\n", err->file, err->msg);
    else
        fprintf(stderr, "clustereval: %s\n", err->msg);
}

void ce_cli_put_one_line(const char *text)
{
    char buf[CE_CLI_ONE_LINE_MAX + 4];
    size_t n = 0;
    while (text[n] && n < CE_CLI_ONE_LINE_MAX) {
        char c = text[n];
        buf[n++] = c == '\n' || c == '\r' || c == '\t' ? ' ' : c;
    }
    if (text[n]) {
        /* Cut before a UTF-8 continuation byte's lead, then mark the cut. */
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    fwrite(buf, 1, n, stderr);
}

void ce_cli_print_warnings(const ce_diag *diag)
{
    for (size_t i = 0; i < diag->count; i++)
        fprintf(stderr, "clustereval: warning: %s\n", diag->items[i]);
}

int ce_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "clustereval %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'clustereval %s --help'.\n", cmd);
    va_end(ap);
    return CE_ERR_USAGE;
}

int ce_cli_option_error(const char *cmd, int c, char **argv, int optind_now)
{
    if (c == ':')
        return ce_cli_usage_error(cmd, "option %s needs a value", argv[optind_now - 1]);
    return ce_cli_usage_error(cmd, "unknown option %s", argv[optind_now - 1]);
}

int ce_cli_encoding_option(const char *cmd, const char *arg, ce_encoding *enc)
{
    if (ce_encoding_parse(arg, enc) != 0)
        return ce_cli_usage_error(cmd, "--encoding: \"%s\" is not auto, utf-8 or gb18030", arg);
    return 0;
}

int ce_cli_one_data_file(const char *cmd, int argc, char **argv, int optind_now,
                         const char **data)
{
    if (optind_now >= argc)
        return ce_cli_usage_error(cmd, "no data file given");
    if (optind_now + 1 < argc)
        return ce_cli_usage_error(cmd, "one data file expected, got also \"%s\"",
                                  argv[optind_now + 1]);
    *data = argv[optind_now];
    return 0;
}

typedef struct {
    const char *id;
    size_t line;
} id_line;

static int by_id_then_line(const void *a, const void *b)
{
    const id_line *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

ce_status ce_cli_unique_ids(const char *path, size_t n,
                            const char *(*id_at)(const void *ctx, size_t i, size_t *line),
                            const void *ctx, const char *what, ce_error *err)
{
    if (n < 2)
        return CE_OK;
    id_line *v = malloc(n * sizeof *v);
    if (!v)
        return ce_error_nomem(err);
    for (size_t i = 0; i < n; i++)
        v[i].id = id_at(ctx, i, &v[i].line);
    qsort(v, n, sizeof *v, by_id_then_line);
    const id_line *dup = NULL, *first = NULL;
    for (size_t i = 1; i < n; i++)
        if (strcmp(v[i - 1].id, v[i].id) == 0 && (!dup || v[i].line < dup->line)) {
            dup = &v[i];
            first = &v[i - 1];
        }
    ce_status st = CE_OK;
    if (dup) {
        char q[256];
        st = ce_error_set(err, CE_ERR_DATA, path, dup->line, "duplicate %s \"%s\" (first on line %zu)",
                          what, ce_error_quote(dup->id, strlen(dup->id), q, sizeof q),
                          first->line);
    }
    free(v);
    return st;
}

void ce_cli_report_failure(const char *cmd, ce_status st, const ce_error *err)
{
    if (st == CE_ERR_USAGE && !err->file[0])
        ce_cli_usage_error(cmd, "%s", err->msg);
    else
        ce_cli_print_error(err);
}

ce_status ce_cli_write_output(const char *path, ce_cli_writer write, void *ctx, ce_error *err)
{
    if (!path) { /* stdout: a full disk or a closed pipe must not look like success */
        ce_status st = write(stdout, 0, ctx, err);
        if (st == CE_OK && (fflush(stdout) != 0 || ferror(stdout)))
            st = ce_error_set(err, CE_ERR_IO, NULL, 0, "cannot write to standard output: %s",
                              strerror(errno));
        return st;
    }
    ce_outfile of;
    ce_status st = ce_outfile_open(&of, path, err);
    if (st != CE_OK)
        return st;
    st = write(of.fp, 1, ctx, err);
    if (st == CE_OK)
        st = ce_outfile_commit(&of, err);
    else
        ce_outfile_abort(&of);
    if (st == CE_OK) {
        ce_cli_note_file("output", path);
        ce_cli_note_main_output(path);
    }
    if (st != CE_OK && !err->file[0]) { /* name the file in the message */
        char msg[CE_ERROR_MSG_MAX];
        memcpy(msg, err->msg, sizeof msg);
        ce_error_set(err, st, path, 0, "%s", msg);
    }
    return st;
}

int ce_cli_run(const char *cmd, ce_status (*run)(void *args, ce_diag *diag, ce_error *err),
               void *args)
{
    ce_diag diag;
    ce_diag_init(&diag);
    ce_error err = {{0}, 0, {0}};
    ce_status st = run(args, &diag, &err);
    if (st != CE_OK)
        ce_cli_report_failure(cmd, st, &err);
    ce_diag_fini(&diag);
    return (int)st;
}

/* ---- provenance: OUT.manifest.json ------------------------------------------ */

/* The manifest of the running command (one command per process). Notes made
 * while it runs; written beside the main output when the command succeeds. */
static struct {
    ce_manifest *m;
    char *main_output;
    int broken; /* a note failed: no manifest rather than a wrong one */
    char why[160]; /* said in the warning when the manifest is not written */
} prov;

/* A pipe or device (/dev/stdin, <(...), /dev/null) cannot be hashed again
 * after the run, nor have a manifest written beside it. */
static int regular_file(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
        return 1;
    prov.broken = 1;
    snprintf(prov.why, sizeof prov.why, "%.100s%s is not a regular file", path,
             strlen(path) > 100 ? "..." : "");
    return 0;
}

void ce_cli_note_file(const char *role, const char *path)
{
    ce_error e = {{0}, 0, {0}};
    if (prov.m && path && regular_file(path) &&
        ce_manifest_add_file(prov.m, role, path, &e) != CE_OK)
        prov.broken = 1;
}

void ce_cli_note_main_output(const char *path)
{
    if (prov.m && path && !prov.main_output && !(prov.main_output = strdup(path)))
        prov.broken = 1;
}

void ce_cli_note_option(const char *name, const char *value)
{
    ce_error e = {{0}, 0, {0}};
    if (prov.m && ce_manifest_add_option(prov.m, name, value ? value : "", &e) != CE_OK)
        prov.broken = 1;
}

void ce_cli_note_count(const char *name, long long value)
{
    ce_error e = {{0}, 0, {0}};
    if (prov.m && ce_manifest_add_count(prov.m, name, value, &e) != CE_OK)
        prov.broken = 1;
}

static void prov_begin(int argc, char **argv)
{
    ce_error e = {{0}, 0, {0}};
    prov.m = ce_manifest_new();
    if (!prov.m || ce_manifest_stamp(prov.m, (long long)time(NULL), &e) != CE_OK ||
        ce_manifest_set_command(prov.m, argc, argv, &e) != CE_OK)
        prov.broken = 1;
}

/* Writes MAIN.manifest.json after a successful command with an output. */
static int prov_end(int rc)
{
    if (rc == CE_OK && prov.m && prov.main_output) {
        ce_error e = {{0}, 0, {0}};
        char *path = ce_manifest_path_for(prov.main_output);
        if (prov.broken || !path || ce_manifest_write(prov.m, path, &e) != CE_OK) {
            const char *why = e.msg[0] ? e.msg : prov.why;
            fprintf(stderr, "clustereval: warning: no provenance manifest written%s%s\n",
                    why[0] ? ": " : "", why);
        }
        free(path);
    }
    ce_manifest_free(prov.m);
    free(prov.main_output);
    memset(&prov, 0, sizeof prov);
    return rc;
}

int ce_cli_main(int argc, char **argv)
{
    gsl_set_error_handler(record_gsl_error);
    if (argc < 2) {
        fputs(usage_text, stderr);
        return CE_ERR_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_text, stdout);
        return CE_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("clustereval %s\n", CE_VERSION);
        return CE_OK;
    }
    static const struct {
        const char *name;
        int (*run)(int argc, char **argv);
    } commands[] = {
        {"rank", ce_cmd_rank},       {"audit", ce_cmd_audit},
        {"weights", ce_cmd_weights}, {"uncertainty", ce_cmd_uncertainty},
        {"sensitivity", ce_cmd_sensitivity}, {"sme", ce_cmd_sme},
        {"voucher", ce_cmd_voucher}, {"training", ce_cmd_training},
    };
    if (strcmp(cmd, "verify") == 0) /* re-runs a command: no manifest of its own */
        return ce_cmd_verify(argc - 1, argv + 1);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(cmd, commands[i].name) == 0) {
            prov_end(CE_ERR_USAGE); /* a nested run (verify) starts afresh */
            prov_begin(argc - 1, argv + 1);
            ce_cli_plan_reset(); /* each command declares its files afresh */
            return prov_end(commands[i].run(argc - 1, argv + 1));
        }
    fprintf(stderr, "clustereval: unknown command \"%s\"\n\n%s", cmd, usage_text);
    return CE_ERR_USAGE;
}
