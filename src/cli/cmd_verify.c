/* cmd_verify.c - `clustereval verify OUT.manifest.json`: is an output still
 * what its inputs and command give (issue 7 §3, issue 13 §2)?
 *
 * A manifest that records no output is refused (exit 1) before anything
 * runs: there would be nothing to verify.
 *
 * 1. The on-disk check: every recorded file, inputs and outputs alike, is
 *    hashed again as it is on disk and reported as "same", "changed on disk
 *    (sha256 NOW, manifest THEN)" or "missing on disk (why)". An output
 *    edited by hand after the run (an award removed from a ranking, a
 *    granted voucher turned into a rejection) fails here.
 * 2. The re-run check: unless an input is missing, the recorded command is
 *    run again in this process (ce_cli_main), in the manifest's "cwd",
 *    through the command's own option parser; its file plan (cli_plan.h) is
 *    mapped by the re-run (rerun.h): outputs and reports into a private
 *    temporary folder, the ledger to a copy there, and any file the
 *    manifest does not record refuses the re-run before the command
 *    starts. Each output's SHA-256 is compared with the record: "re-run
 *    identical" or "re-run differs". The temporary folder is removed
 *    afterwards.
 * The last line says "reproduced" only when both checks passed, else
 * "NOT reproduced: " and which check failed and why.
 *
 * Relative paths: a manifest records the folder it was written from
 * ("cwd"). verify resolves a relative recorded path against "cwd" when it
 * hashes the file, and runs the command in "cwd".
 *
 * Exit codes: 0 every file the same on disk and every output re-made
 * identical; 1 a file changed on disk, an output differs in the re-run, the
 * re-run failed, or the manifest is bad or records no output; 2 usage error;
 * 3 a file is missing or unreadable.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "clustereval/manifest.h"
#include "clustereval/sha256.h"

#include "cli.h"
#include "cli_opt.h"
#include "cli_plan.h"
#include "rerun.h"

#ifndef CE_VERSION
#define CE_VERSION "dev"
#endif

static const ce_cli_opt verify_opts[] = {CE_CLI_HEADING("Options:"), CE_CLI_OPT_HELP_ENTRY,
                                         CE_CLI_END};

static const ce_cli_command verify_command = {
    .cmd = "verify",
    .intro =
        "usage: clustereval verify OUT.manifest.json [--help]\n"
        "\n"
        "Checks an output against the provenance manifest written beside it.\n"
        "On-disk check: hashes every recorded file, inputs and outputs, as it is\n"
        "now (same, changed on disk or missing on disk). Re-run check: re-runs\n"
        "the recorded command with its outputs redirected into temporary files\n"
        "beside them, at the recorded \"started\" time (which dates the reports\n"
        "and workbooks), and compares the result byte for byte with the recorded\n"
        "SHA-256 (re-run identical or re-run differs). The last line says\n"
        "\"reproduced\" only when both checks pass, else which one failed. The\n"
        "temporary files are removed; no recorded file is modified. A manifest\n"
        "that records no output is refused. Relative paths in the manifest are\n"
        "relative to its \"cwd\".\n",
    .opts = verify_opts,
    .outro =
        "Exit codes: 0 both checks passed, 1 a file changed on disk or an output\n"
        "differs in the re-run (or the manifest is bad or records no output),\n"
        "2 usage error, 3 a file is missing or unreadable.\n",
};

static int parse_args(int argc, char **argv, const char **manifest)
{
    void *const bases[CE_CLI_N_GROUPS] = {NULL, NULL, NULL};
    int rc = ce_cli_opt_parse(&verify_command, bases, argc, argv);
    if (rc != 0)
        return rc;
    if (optind >= argc)
        return ce_cli_usage_error("verify", "no manifest given");
    if (optind + 1 < argc)
        return ce_cli_usage_error("verify", "one manifest expected, got also \"%s\"",
                                  argv[optind + 1]);
    *manifest = argv[optind];
    return 0;
}

/* Starts a report line: "clustereval: verify: ROLE PATH: ". */
static void say(const char *role, const char *path)
{
    fprintf(stderr, "clustereval: verify: %s ", role);
    ce_cli_put_one_line(path);
    fputs(": ", stderr);
}

/* What the on-disk check found: files changed and missing, by kind. */
enum { INPUT, OUTPUT, REPORT, N_KINDS };
static const char *const kind_names[N_KINDS] = {"input", "output", "report"};

typedef struct {
    size_t changed[N_KINDS], missing[N_KINDS];
} disk_check;

/* A role's kind: what the command wrote ("output", "report": HTML and
 * workbooks) or what it read (any other role). */
static int kind_of(const char *role)
{
    return strcmp(role, "output") == 0 ? OUTPUT : strcmp(role, "report") == 0 ? REPORT : INPUT;
}

/* Step 1. Returns the worst of CE_OK, CE_ERR_DATA (changed), CE_ERR_IO
 * (missing). */
static ce_status check_on_disk(const ce_manifest *m, disk_check *found)
{
    ce_status worst = CE_OK;
    for (size_t i = 0; i < ce_manifest_file_count(m); i++) {
        const char *role, *path, *sha;
        ce_manifest_file(m, i, &role, &path, NULL, &sha);
        int kind = kind_of(role);
        char now[65];
        ce_error e = {{0}, 0, {0}};
        say(role, path);
        switch (ce_manifest_file_check(m, i, now, &e)) {
        case CE_MANIFEST_SAME: fputs("same\n", stderr); break;
        case CE_MANIFEST_CHANGED:
            fprintf(stderr, "changed on disk (sha256 %s, manifest %s)\n", now, sha);
            found->changed[kind]++;
            if (worst == CE_OK)
                worst = CE_ERR_DATA;
            break;
        case CE_MANIFEST_MISSING:
            fprintf(stderr, "missing on disk (%s)\n", e.msg);
            found->missing[kind]++;
            worst = CE_ERR_IO;
            break;
        }
    }
    return worst;
}

/* Whether the manifest records at least one output. */
static int has_output(const ce_manifest *m)
{
    for (size_t i = 0; i < ce_manifest_file_count(m); i++) {
        const char *role;
        ce_manifest_file(m, i, &role, NULL, NULL, NULL);
        if (strcmp(role, "output") == 0)
            return 1;
    }
    return 0;
}

static void print_command(ce_rerun *r)
{
    char **argv = ce_rerun_argv(r);
    fputs("clustereval: verify: re-running:", stderr);
    for (int i = 0; i < ce_rerun_argc(r); i++) {
        fputc(' ', stderr);
        ce_cli_put_one_line(argv[i]);
    }
    fputc('\n', stderr);
}

/* Step 2. Returns CE_OK when the re-run could start (else the error), and
 * in *verdict CE_OK when every output is identical, CE_ERR_DATA when one
 * differs or the re-run failed, CE_ERR_IO when it failed for want of a
 * file; *exit_code the re-run's exit code, *differ the outputs that differ. */
static ce_status rerun(const ce_manifest *m, ce_status *verdict, int *exit_code, size_t *differ,
                       ce_error *err)
{
    /* The re-run dates its files (reports, workbooks) as the run did. */
    const char *started = ce_manifest_get(m, "started");
    if (!started)
        fputs("clustereval: verify: note: the manifest records no \"started\" time; the "
              "re-run dates its files now\n", stderr);
    ce_status st = ce_cli_set_run_time(started, err);
    if (st != CE_OK)
        return st;
    ce_rerun *r;
    st = ce_rerun_new(m, &r, err);
    if (st == CE_OK) {
        print_command(r);
        st = ce_rerun_enter(r, err);
        if (st != CE_OK)
            ce_rerun_free(r);
    }
    if (st != CE_OK) {
        ce_cli_set_run_time(NULL, NULL);
        return st;
    }
    ce_cli_plan_rerun(r);
    int rc = ce_cli_main(ce_rerun_argc(r), ce_rerun_argv(r));
    ce_cli_plan_rerun(NULL);
    ce_cli_set_run_time(NULL, NULL);
    st = ce_rerun_leave(r, err);
    if (st != CE_OK) {
        ce_rerun_free(r);
        return st;
    }
    *verdict = CE_OK;
    *exit_code = rc;
    if (rc != 0) {
        fprintf(stderr, "clustereval: verify: the re-run failed (exit %d); outputs not "
                        "compared\n", rc);
        *verdict = rc == CE_ERR_IO ? CE_ERR_IO : CE_ERR_DATA;
    } else if (!ce_rerun_planned(r)) {
        fputs("clustereval: verify: the re-run ran no command (no file plan); outputs not "
              "compared\n", stderr);
        *verdict = CE_ERR_DATA;
        rc = CE_ERR_DATA;
        for (size_t i = 0; i < ce_manifest_file_count(m); i++) { /* none re-made */
            const char *role;
            ce_manifest_file(m, i, &role, NULL, NULL, NULL);
            *differ += kind_of(role) != INPUT;
        }
    }
    for (size_t i = 0; rc == 0 && i < ce_manifest_file_count(m); i++) {
        const char *role, *path, *sha, *out = ce_rerun_output(r, i);
        ce_manifest_file(m, i, &role, &path, NULL, &sha);
        if (!out)
            continue;
        char now[65];
        ce_error e = {{0}, 0, {0}};
        say(role, path);
        if (ce_sha256_file(out, now, NULL, &e) != CE_OK) {
            fprintf(stderr, "re-run differs (the re-run did not write it: %s)\n", e.msg);
            *verdict = CE_ERR_DATA;
            ++*differ;
        } else if (strcmp(now, sha) != 0) {
            fprintf(stderr, "re-run differs (sha256 %s, manifest %s)\n", now, sha);
            *verdict = CE_ERR_DATA;
            ++*differ;
        } else {
            fputs("re-run identical\n", stderr);
        }
    }
    ce_rerun_free(r);
    return CE_OK;
}

/* Appends ", N WHAT[s] STATE" to the list in buf when n > 0. */
static void list_count(char *buf, size_t size, size_t n, const char *what, const char *state)
{
    size_t used = strlen(buf);
    if (n > 0 && used < size)
        snprintf(buf + used, size - used, "%s%zu %s%s %s", used ? ", " : "", n, what,
                 n == 1 ? "" : "s", state);
}

/* The last line: "clustereval: verify: PATH: reproduced", or "NOT
 * reproduced: " and the outcome of each check. */
static void say_verdict(const char *path, ce_status worst, const disk_check *disk, int rerun_done,
                        int exit_code, size_t differ)
{
    fputs("clustereval: verify: ", stderr);
    ce_cli_put_one_line(path);
    if (worst == CE_OK) {
        fputs(": reproduced\n", stderr);
        return;
    }
    char what[256] = "";
    for (int k = 0; k < N_KINDS; k++)
        list_count(what, sizeof what, disk->changed[k], kind_names[k], "changed on disk");
    for (int k = 0; k < N_KINDS; k++)
        list_count(what, sizeof what, disk->missing[k], kind_names[k], "missing on disk");
    fputs(": NOT reproduced: on-disk check ", stderr);
    if (what[0])
        fprintf(stderr, "failed (%s); ", what);
    else
        fputs("passed; ", stderr);
    if (!rerun_done)
        fputs("re-run check not done (an input is missing)\n", stderr);
    else if (exit_code != 0)
        fprintf(stderr, "re-run check failed (the command exited %d)\n", exit_code);
    else if (differ > 0)
        fprintf(stderr, "re-run check failed (%zu output%s differ%s from the manifest)\n", differ,
                differ == 1 ? "" : "s", differ == 1 ? "s" : "");
    else
        fputs("re-run check passed\n", stderr);
}

static ce_status verify(const char *path, ce_error *err)
{
    ce_manifest *m = NULL;
    ce_status st = ce_manifest_load(path, &m, err);
    if (st != CE_OK)
        return st;
    const char *tool = ce_manifest_get(m, "tool"), *version = ce_manifest_get(m, "version");
    if (tool && strcmp(tool, "clustereval") != 0) {
        char q[256];
        st = ce_error_set(err, CE_ERR_DATA, path, 0, "written by \"%s\", not clustereval",
                          ce_error_quote(tool, strlen(tool), q, sizeof q));
        ce_manifest_free(m);
        return st;
    }
    if (!has_output(m)) {
        ce_manifest_free(m);
        return ce_error_set(err, CE_ERR_DATA, path, 0,
                            "the manifest records no output; there is nothing to verify");
    }
    if (version && strcmp(version, CE_VERSION) != 0)
        fprintf(stderr, "clustereval: verify: note: the manifest is from version %s, this is "
                        "%s\n", version, CE_VERSION);
    disk_check disk = {{0}, {0}};
    ce_status on_disk = check_on_disk(m, &disk), outputs = CE_OK;
    int rerun_done = disk.missing[INPUT] == 0, exit_code = 0;
    size_t differ = 0;
    if (!rerun_done)
        fputs("clustereval: verify: an input is missing; the command is not re-run\n", stderr);
    else
        st = rerun(m, &outputs, &exit_code, &differ, err);
    ce_manifest_free(m);
    if (st != CE_OK) {
        ce_error_set_file(err, path, 0);
        return st;
    }
    ce_status worst = on_disk > outputs ? on_disk : outputs;
    say_verdict(path, worst, &disk, rerun_done, exit_code, differ);
    return worst;
}

int ce_cmd_verify(int argc, char **argv)
{
    const char *manifest = NULL;
    int rc = parse_args(argc, argv, &manifest);
    if (rc != 0)
        return rc < 0 ? CE_OK : rc;
    ce_error err = {{0}, 0, {0}};
    ce_status st = verify(manifest, &err);
    if (st != CE_OK && err.msg[0])
        ce_cli_report_failure("verify", st, &err);
    return (int)st;
}
