/* cli.c - see cli.h. */
#define _GNU_SOURCE /* fopencookie */
#include "cli.h"

#include "clustereval/dates.h"
#include "clustereval/manifest.h"
#include "clustereval/outfile.h"

#include "cli_paths.h"
#include "cli_plan.h"

#include <errno.h>
#include <gsl/gsl_errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
    "  check DATA.csv [-w PROFILE] [-o PROBLEMS.csv] ...\n"
    "                 every problem of the data file at once, grouped by kind\n"
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
    "  template -o FILE.xlsx [-w PROFILE]\n"
    "                 the data-collection workbook of a profile, to send out and fill\n"
    "  collect FILE... [-w PROFILE] [-o OUT.csv|OUT.xlsx]\n"
    "                 merge filled templates (or data files) into one data file\n"
    "  verify OUT.manifest.json\n"
    "                 re-hash the inputs of a run, run it again, compare the output\n"
    "\n"
    "Every command that writes -o OUT also writes OUT.manifest.json: version, command\n"
    "line, options, input and output files with SHA-256, start time, counts.\n"
    "The start time dates every file of the run (reports, workbooks); set\n"
    "SOURCE_DATE_EPOCH (whole seconds since 1970-01-01 UTC) to fix it.\n"
    "\n"
    "A default file named weights/NAME in a help is NAME in the weights folder\n"
    "shipped with clustereval: " CE_WEIGHTS_RELDIR " from the folder\n"
    "of the clustereval binary when installed, weights beside it in a build tree.\n"
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

/* ---- text safe for a terminal ------------------------------------------ */

/* The length of the well-formed UTF-8 sequence at s (n > 0 bytes there) and
 * its code point in *cp; 0 when s starts none (overlong forms, surrogates
 * and stray bytes are not well-formed); (size_t)-1 when the n bytes begin a
 * sequence that is cut short. */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t len;
    uint32_t v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0Fu;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07u;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if (i >= n)
            return (size_t)-1;
        unsigned char b = s[i];
        if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF))
            return 0;
        v = (v << 6) | (b & 0x3Fu);
    }
    *cp = v;
    return len;
}

size_t ce_cli_escape(const char *text, size_t n, int keep_lf, int final, char *out)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, o = 0;
    while (i < n) {
        uint32_t cp = 0;
        size_t len = utf8_seq(s + i, n - i, &cp);
        if (len == (size_t)-1) {
            if (!final)
                break; /* the next call may complete it */
            len = 0;
        }
        if (len == 0) {
            o += (size_t)sprintf(out + o, "\\x%02X", s[i]);
            i++;
            continue;
        }
        if ((cp < 0x20 && !(cp == '\n' && keep_lf)) || cp == 0x7F)
            o += (size_t)sprintf(out + o, "\\x%02X", (unsigned)cp);
        else if ((cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
                 (cp >= 0x2066 && cp <= 0x2069))
            o += (size_t)sprintf(out + o, "\\u%04X", (unsigned)cp);
        else {
            memcpy(out + o, s + i, len);
            o += len;
        }
        i += len;
    }
    out[o] = '\0';
    return i;
}

/* Writes text to stderr escaped, its LF included: part of one line. */
static void put_escaped(const char *text)
{
    enum { CHUNK = 256 };
    char out[4 * CHUNK + 1];
    size_t n = strlen(text);
    while (n > 0) {
        size_t take = n < CHUNK ? n : CHUNK;
        size_t used = ce_cli_escape(text, take, 0, take == n, out);
        fputs(out, stderr);
        text += used;
        n -= used;
    }
}

/* stderr as a stream that escapes what is written to it (LF kept) into the
 * stream that was stderr, for the printf calls that show user text without
 * going through put_escaped. A UTF-8 sequence cut between two writes waits
 * in pend for the next. */
static struct {
    FILE *under; /* the stream stderr was: the terminal, or a test's file */
    FILE *fp;    /* the escaping stream, while ce_cli_main runs */
    int depth;   /* ce_cli_main within ce_cli_main (verify) */
    char pend[4];
    size_t npend;
} guard;

static ssize_t guard_write(void *cookie, const char *buf, size_t n)
{
    enum { CHUNK = 4096 };
    char in[CHUNK + sizeof guard.pend], out[4 * sizeof in + 1];
    (void)cookie;
    for (size_t done = 0; done < n;) {
        size_t k = guard.npend, take = n - done < CHUNK ? n - done : CHUNK;
        memcpy(in, guard.pend, k);
        memcpy(in + k, buf + done, take);
        size_t used = ce_cli_escape(in, k + take, 1, 0, out);
        guard.npend = k + take - used;
        memcpy(guard.pend, in + used, guard.npend);
        size_t len = strlen(out);
        if (fwrite(out, 1, len, guard.under) != len || fflush(guard.under) != 0)
            return done ? (ssize_t)done : -1;
        done += take;
    }
    return (ssize_t)n;
}

/* Makes stderr the escaping stream for the run. Should that fail, stderr
 * stays as it is: the printers below still escape what they print. */
static void guard_begin(void)
{
    if (guard.depth++ > 0)
        return;
    cookie_io_functions_t io = {.write = guard_write};
    guard.under = stderr;
    guard.npend = 0;
    fflush(stderr);
    guard.fp = fopencookie(NULL, "w", io);
    if (!guard.fp)
        return;
    setvbuf(guard.fp, NULL, _IONBF, 0);
    stderr = guard.fp;
}

/* Gives stderr back, with what is pending (bytes that began a sequence the
 * run never finished, escaped). */
static void guard_end(void)
{
    if (--guard.depth > 0 || !guard.fp)
        return;
    char out[4 * sizeof guard.pend + 1];
    fflush(guard.fp);
    ce_cli_escape(guard.pend, guard.npend, 1, 1, out);
    guard.npend = 0;
    stderr = guard.under;
    fputs(out, stderr);
    fflush(stderr);
    fclose(guard.fp);
    guard.fp = NULL;
}

void ce_cli_put_control(const char *seq)
{
    fflush(stderr);
    FILE *raw = guard.fp ? guard.under : stderr;
    fputs(seq, raw);
    fflush(raw);
}

void ce_cli_print_error(const ce_error *err)
{
    fputs("clustereval: ", stderr);
    if (err->file[0]) {
        put_escaped(err->file);
        if (err->line)
            fprintf(stderr, ":%zu", err->line);
        fputs(": ", stderr);
    }
    put_escaped(err->msg);
    fputc('\n', stderr);
}

void ce_cli_put_one_line(const char *text)
{
    char buf[CE_CLI_ONE_LINE_MAX + 4], out[4 * sizeof buf + 1];
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
    ce_cli_escape(buf, n, 0, 1, out);
    fputs(out, stderr);
}

/* The file --encoding applies to in the running command (its operand), or
 * NULL: the GB18030 note's hint depends on it. */
static const char *encoding_file;

void ce_cli_set_encoding_file(const char *path)
{
    encoding_file = path;
}

/* The files read as GB18030, on one line, each with the hint that fits it:
 * --encoding for the file it applies to, saving as UTF-8 for the others
 * (profiles, policies: always detected). */
static void print_gb18030_note(const ce_diag *diag)
{
    if (!diag->n_gb18030)
        return;
    fputs("clustereval: note: read as GB18030 (not valid UTF-8): ", stderr);
    for (size_t i = 0; i < diag->n_gb18030; i++) {
        const ce_diag_decoded *f = &diag->gb18030[i];
        int governed = encoding_file && strcmp(f->path, encoding_file) == 0;
        if (i)
            fputs(", ", stderr);
        put_escaped(f->path);
        fprintf(stderr, " (from line %zu; %s)", f->line,
                governed ? "--encoding gb18030 says so and silences this note"
                         : "its encoding is always detected: save it as UTF-8 to silence "
                           "this note");
    }
    fputc('\n', stderr);
}

void ce_cli_print_warnings(const ce_diag *diag)
{
    print_gb18030_note(diag);
    for (size_t i = 0; i < diag->count; i++) {
        fputs("clustereval: warning: ", stderr);
        put_escaped(diag->items[i]);
        fputc('\n', stderr);
    }
}

int ce_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    char small[512], *msg = small;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof small && (msg = malloc((size_t)n + 1)) != NULL) {
        va_start(ap, fmt);
        vsnprintf(msg, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    fputs("clustereval ", stderr);
    put_escaped(cmd);
    fputs(": ", stderr);
    put_escaped(msg ? msg : small);
    fputs("\nTry 'clustereval ", stderr);
    put_escaped(cmd);
    fputs(" --help'.\n", stderr);
    if (msg != small)
        free(msg);
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
    if (st != CE_OK) /* name the file in the message */
        ce_error_set_file(err, path, 0);
    return st;
}

int ce_cli_names_workbook(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    return n >= 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
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

/* ---- the time of the run ------------------------------------------------------ */

static struct {
    long long set; /* ce_cli_set_run_time; 0: none */
    long long now; /* the running command's; 0: no command running */
} run_time;

long long ce_cli_run_time(void)
{
    return run_time.now ? run_time.now : (long long)time(NULL);
}

ce_status ce_cli_set_run_time(const char *started, ce_error *err)
{
    if (!started) {
        run_time.set = 0;
        return CE_OK;
    }
    /* Back to text, as the manifest writes it: only that text is accepted. */
    long long cst, utc = 0;
    char again[24] = "";
    if (ce_datetime_parse(started, strlen(started), &cst) == 0) {
        utc = cst - 8 * 3600;
        ce_datetime_format(utc, again);
        strcat(again, "Z");
    }
    if (strcmp(again, started) != 0 || utc < CE_CLI_RUN_TIME_MIN || utc > CE_CLI_RUN_TIME_MAX) {
        char q[256];
        return ce_error_set(err, CE_ERR_DATA, NULL, 0,
                            "started \"%s\" is not a time as a manifest records it "
                            "(YYYY-MM-DDTHH:MM:SSZ, 1970-01-01T00:00:01Z to 9999-12-31T23:59:59Z)",
                            ce_error_quote(started, strlen(started), q, sizeof q));
    }
    run_time.set = utc;
    return CE_OK;
}

/* SOURCE_DATE_EPOCH (reproducible-builds.org): when set, decimal digits
 * only, within the limits of cli.h; anything else is refused rather than
 * ignored. Returns 0 and sets *when (the clock when unset), or prints the
 * usage error of cmd and returns CE_ERR_USAGE. */
static int source_date_epoch(const char *cmd, long long *when)
{
    const char *v = getenv("SOURCE_DATE_EPOCH");
    if (!v) {
        *when = (long long)time(NULL);
        return 0;
    }
    long long t = 0;
    size_t n = strspn(v, "0123456789");
    if (n > 0 && n <= 12 && v[n] == '\0')
        for (size_t k = 0; k < n; k++)
            t = t * 10 + (v[k] - '0');
    if (n == 0 || n > 12 || v[n] != '\0' || t < CE_CLI_RUN_TIME_MIN || t > CE_CLI_RUN_TIME_MAX) {
        char q[256];
        return ce_cli_usage_error(cmd,
                                  "SOURCE_DATE_EPOCH \"%s\" is not a time this tool can date "
                                  "files with: give whole seconds since 1970-01-01T00:00:00Z, "
                                  "from %lld to %lld (9999-12-31T23:59:59Z), or unset it",
                                  ce_error_quote(v, strlen(v), q, sizeof q), CE_CLI_RUN_TIME_MIN,
                                  CE_CLI_RUN_TIME_MAX);
    }
    *when = t;
    return 0;
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
    if (!prov.m || ce_manifest_stamp(prov.m, run_time.now, &e) != CE_OK ||
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
            fprintf(stderr, "clustereval: warning: no provenance manifest written%s",
                    why[0] ? ": " : "");
            put_escaped(why);
            fputc('\n', stderr);
        }
        free(path);
    }
    ce_manifest_free(prov.m);
    free(prov.main_output);
    memset(&prov, 0, sizeof prov);
    run_time.now = 0;
    return rc;
}

static int cli_main(int argc, char **argv)
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
        {"template", ce_cmd_template}, {"collect", ce_cmd_collect},
        {"check", ce_cmd_check},
    };
    if (strcmp(cmd, "verify") == 0) /* re-runs a command: no manifest of its own */
        return ce_cmd_verify(argc - 1, argv + 1);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(cmd, commands[i].name) == 0) {
            prov_end(CE_ERR_USAGE); /* a nested run (verify) starts afresh */
            long long when = run_time.set;
            if (!when && source_date_epoch(cmd, &when) != 0)
                return CE_ERR_USAGE;
            run_time.now = when;
            prov_begin(argc - 1, argv + 1);
            ce_cli_plan_reset(); /* each command declares its files afresh */
            encoding_file = NULL;
            return prov_end(commands[i].run(argc - 1, argv + 1));
        }
    fputs("clustereval: unknown command \"", stderr);
    put_escaped(cmd);
    fprintf(stderr, "\"\n\n%s", usage_text);
    return CE_ERR_USAGE;
}

int ce_cli_main(int argc, char **argv)
{
    guard_begin();
    int rc = cli_main(argc, argv);
    guard_end();
    return rc;
}
