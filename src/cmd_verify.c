/* cmd_verify.c - `clustereval verify OUT.manifest.json`: is an output still
 * what its inputs and command give (issue 7 §3)?
 *
 * 1. Every recorded file but the outputs is hashed again and reported as
 *    "same", "changed (sha256 NOW, manifest THEN)" or "missing (why)".
 * 2. Unless an input is missing, the recorded command is run again in this
 *    process (ce_cli_main) with its outputs redirected into temporary files
 *    beside them, and each output's SHA-256 is compared with the record:
 *    "identical" or "differs". The temporary files, the manifest the re-run
 *    writes beside them and (for voucher) the copy of the ledger it works on
 *    are removed afterwards; see ce_manifest_rerun_new for the rules.
 *
 * Relative paths: a manifest records the folder it was written from
 * ("cwd"). verify does not change folder. It resolves a relative recorded
 * path against "cwd" when it hashes the file, and in the re-run it passes
 * resolved (absolute) those arguments that are the same string as the path
 * of a recorded file. Other relative arguments (there should be none: every
 * file a command reads is recorded) are taken from the current folder.
 *
 * Exit codes: 0 all inputs the same and all outputs identical; 1 an input
 * changed, an output differs, the re-run failed or the manifest is bad;
 * 2 usage error; 3 a file is missing or unreadable.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "clustereval/cli.h"
#include "clustereval/manifest.h"
#include "clustereval/sha256.h"

#ifndef CE_VERSION
#define CE_VERSION "dev"
#endif

static const char verify_help[] =
    "usage: clustereval verify OUT.manifest.json [--help]\n"
    "\n"
    "Checks an output against the provenance manifest written beside it:\n"
    "hashes every input file again (same, changed or missing), then re-runs\n"
    "the recorded command with its outputs redirected into temporary files\n"
    "beside them and compares the result byte for byte with the recorded\n"
    "SHA-256 (identical or differs). The temporary files are removed; no\n"
    "recorded file is modified. Relative paths in the manifest are relative\n"
    "to its \"cwd\".\n"
    "\n"
    "Options:\n"
    "  -h, --help             this help\n"
    "\n"
    "Exit codes: 0 inputs the same and outputs identical, 1 something changed\n"
    "or differs (or the manifest is bad), 2 usage error, 3 a file is missing\n"
    "or unreadable.\n";

static int parse_args(int argc, char **argv, const char **manifest)
{
    static const struct option longopts[] = {{"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    opterr = 0;
    optind = 0; /* 0 re-initialises GNU getopt */
    int c;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(verify_help, stdout);
            return -1;
        }
        return ce_cli_option_error("verify", c, argv, optind);
    }
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

/* Step 1. Returns the worst of CE_OK, CE_ERR_DATA (changed), CE_ERR_IO
 * (missing). */
static ce_status check_inputs(const ce_manifest *m)
{
    ce_status worst = CE_OK;
    for (size_t i = 0; i < ce_manifest_file_count(m); i++) {
        const char *role, *path, *sha;
        ce_manifest_file(m, i, &role, &path, NULL, &sha);
        if (strcmp(role, "output") == 0)
            continue;
        char now[65];
        ce_error e = {{0}, 0, {0}};
        say(role, path);
        switch (ce_manifest_file_check(m, i, now, &e)) {
        case CE_MANIFEST_SAME: fputs("same\n", stderr); break;
        case CE_MANIFEST_CHANGED:
            fprintf(stderr, "changed (sha256 %s, manifest %s)\n", now, sha);
            if (worst == CE_OK)
                worst = CE_ERR_DATA;
            break;
        case CE_MANIFEST_MISSING:
            fprintf(stderr, "missing (%s)\n", e.msg);
            worst = CE_ERR_IO;
            break;
        }
    }
    return worst;
}

static void print_command(ce_manifest_rerun *r)
{
    char **argv = ce_manifest_rerun_argv(r);
    fputs("clustereval: verify: re-running:", stderr);
    for (int i = 0; i < ce_manifest_rerun_argc(r); i++) {
        fputc(' ', stderr);
        ce_cli_put_one_line(argv[i]);
    }
    fputc('\n', stderr);
}

/* Step 2. Returns CE_OK when the re-run could start (else the error), and
 * in *verdict CE_OK when every output is identical, CE_ERR_DATA when one
 * differs or the re-run failed, CE_ERR_IO when it failed for want of a
 * file. */
static ce_status rerun(const ce_manifest *m, ce_status *verdict, ce_error *err)
{
    ce_manifest_rerun *r;
    ce_status st = ce_manifest_rerun_new(m, &r, err);
    if (st != CE_OK)
        return st;
    print_command(r);
    int rc = ce_cli_main(ce_manifest_rerun_argc(r), ce_manifest_rerun_argv(r));
    *verdict = CE_OK;
    if (rc != 0) {
        fprintf(stderr, "clustereval: verify: the re-run failed (exit %d); outputs not "
                        "compared\n", rc);
        *verdict = rc == CE_ERR_IO ? CE_ERR_IO : CE_ERR_DATA;
    }
    for (size_t i = 0; rc == 0 && i < ce_manifest_file_count(m); i++) {
        const char *role, *path, *sha, *out = ce_manifest_rerun_output(r, i);
        ce_manifest_file(m, i, &role, &path, NULL, &sha);
        if (!out)
            continue;
        char now[65];
        ce_error e = {{0}, 0, {0}};
        say("output", path);
        if (ce_sha256_file(out, now, NULL, &e) != CE_OK) {
            fprintf(stderr, "differs (the re-run did not write it: %s)\n", e.msg);
            *verdict = CE_ERR_DATA;
        } else if (strcmp(now, sha) != 0) {
            fprintf(stderr, "differs (sha256 %s, manifest %s)\n", now, sha);
            *verdict = CE_ERR_DATA;
        } else {
            fputs("identical\n", stderr);
        }
    }
    ce_manifest_rerun_free(r);
    return CE_OK;
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
    if (version && strcmp(version, CE_VERSION) != 0)
        fprintf(stderr, "clustereval: verify: note: the manifest is from version %s, this is "
                        "%s\n", version, CE_VERSION);
    ce_status inputs = check_inputs(m), outputs = CE_OK;
    if (inputs == CE_ERR_IO)
        fputs("clustereval: verify: an input is missing; the command is not re-run\n", stderr);
    else
        st = rerun(m, &outputs, err);
    ce_manifest_free(m);
    if (st != CE_OK) {
        if (!err->file[0])
            snprintf(err->file, sizeof err->file, "%s", path);
        return st;
    }
    ce_status worst = inputs > outputs ? inputs : outputs;
    fputs("clustereval: verify: ", stderr);
    ce_cli_put_one_line(path);
    fputs(worst == CE_OK ? ": reproduced\n" : ": NOT reproduced\n", stderr);
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
