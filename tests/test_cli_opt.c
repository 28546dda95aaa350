/* Tests of cli_opt.c: one option table drives the getopt loop, the help
 * text and the file plan, through which verify's re-run recognises the
 * outputs. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clustereval/manifest.h"

#include "cli.h"
#include "cli_opt.h"
#include "cli_options.h"
#include "cli_plan.h"
#include "rerun.h"

typedef struct {
    const char *data, *in, *out, *extra;
    int quiet;
    ce_cli_pipeline_args pipe;
} probe_args;

static int seen_level;

static int set_level(const ce_cli_optarg *x)
{
    if (strcmp(x->arg, "high") != 0)
        return ce_cli_usage_error(x->cmd, "--%s: \"%s\" is not high", x->name, x->arg);
    seen_level++;
    return 0;
}

#define FIELD(f) .field = offsetof(probe_args, f)

/* extra_file: the file role of --extra-out (an output, or none). */
#define PROBE_OPTS(extra_file)                                                                \
    {.name = "DATA.csv", .flags = CE_CLI_OPERAND, FIELD(data), .file = CE_CLI_FILE_INPUT,     \
     .role = "data"},                                                                         \
    CE_CLI_HEADING("Options:"),                                                               \
    {.name = "in", .letter = 'i', .metavar = "FILE", FIELD(in), .file = CE_CLI_FILE_INPUT,    \
     .role = "profile", .help = "an input\nover two lines"},                                  \
    {.name = "output", .letter = 'o', .metavar = "FILE", FIELD(out),                          \
     .file = CE_CLI_FILE_MAIN_OUTPUT, .help = "the main output"},                             \
    {.name = "extra-out", .metavar = "FILE", FIELD(extra), .file = (extra_file),              \
     .help = "one more output"},                                                              \
    {.name = "quiet", FIELD(quiet), .value = 7, .help = "a flag"},                            \
    {.name = "level", .metavar = "L", .set = set_level, .help = "a handler"},                 \
    {.name = "niveau", .metavar = "L", .alias_of = "level", .flags = CE_CLI_HIDDEN},          \
    CE_CLI_HEADING("Shared:"),                                                                \
    CE_CLI_LIKE(ce_cli_opt_top, NULL),                                                        \
    CE_CLI_LIKE_BRIEF(ce_cli_opt_treat, "as for rank"),                                       \
    CE_CLI_LIKE_BRIEF(ce_cli_opt_flatten, "as for rank"),                                     \
    CE_CLI_OPT_HELP_ENTRY,                                                                    \
    CE_CLI_END

static const ce_cli_opt probe_opts[] = {PROBE_OPTS(CE_CLI_FILE_OUTPUT)};
static const ce_cli_opt probe_opts_no_extra[] = {PROBE_OPTS(CE_CLI_FILE_NONE)};

static const ce_cli_command probe = {.cmd = "probe", .intro = "usage: probe DATA.csv\n",
                                     .opts = probe_opts, .outro = "Exit codes: none.\n"};
static const ce_cli_command probe_no_extra = {.cmd = "probe",
                                              .intro = "usage: probe DATA.csv\n",
                                              .opts = probe_opts_no_extra,
                                              .outro = "Exit codes: none.\n"};

static char *help_of(const ce_cli_command *c)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    cr_assert_not_null(f);
    ce_cli_opt_help(c, f);
    fclose(f);
    return buf;
}

Test(cli_opt, help_lists_every_option_of_the_table_in_its_columns)
{
    char *h = help_of(&probe);
    cr_assert_str_eq(h, "usage: probe DATA.csv\n"
                        "\n"
                        "Options:\n"
                        "  -i, --in FILE          an input\n"
                        "                         over two lines\n"
                        "  -o, --output FILE      the main output\n"
                        "      --extra-out FILE   one more output\n"
                        "      --quiet            a flag\n"
                        "      --level L          a handler\n"
                        "\n"
                        "Shared:\n"
                        "      --top N            number of awards (default 10)\n"
                        "      --treat M, --flatten   as for rank\n"
                        "  -h, --help             this help\n"
                        "\n"
                        "Exit codes: none.\n");
    /* Every option of the table but the hidden alias is in the help. */
    for (const ce_cli_opt *o = probe_opts; o->name || o->heading || o->like; o++) {
        const ce_cli_opt *d = o->like ? o->like : o;
        if (!d->name || (d->flags & (CE_CLI_OPERAND | CE_CLI_HIDDEN)))
            continue;
        char want[64];
        snprintf(want, sizeof want, "--%s", d->name);
        cr_expect_not_null(strstr(h, want), "%s is not in the help", want);
    }
    cr_assert_null(strstr(h, "niveau"));
    free(h);
}

static int parse(const ce_cli_command *c, probe_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    void *const bases[CE_CLI_N_GROUPS] = {a, &a->pipe, NULL};
    return ce_cli_opt_parse(c, bases, argc, argv);
}

Test(cli_opt, the_table_drives_the_getopt_loop)
{
    char *argv[] = {"probe", "-iA.csv", "--extra=E.csv", "--quiet", "--niv", "high",
                    "--level=high", "--top", "3", "--flatten", "D.csv", NULL};
    probe_args a;
    seen_level = 0;
    cr_assert_eq(parse(&probe, &a, 11, argv), 0);
    cr_assert_str_eq(a.in, "A.csv");
    cr_assert_str_eq(a.extra, "E.csv");
    cr_assert_eq(a.quiet, 7);
    cr_assert_eq(seen_level, 2);
    cr_assert_eq(a.pipe.pipeline.top, 3);
    cr_assert_eq(a.pipe.pipeline.flatten, 1);
    cr_assert_eq(optind, 10);
    cr_assert_str_eq(argv[optind], "D.csv");
}

Test(cli_opt, a_bad_value_is_the_handlers_usage_error_named_as_typed, .init = cr_redirect_stderr)
{
    char *argv[] = {"probe", "--niveau", "low", NULL};
    probe_args a;
    cr_assert_eq(parse(&probe, &a, 3, argv), CE_ERR_USAGE);
    fflush(stderr);
    cr_assert_stderr_eq_str("clustereval probe: --niveau: \"low\" is not high\n"
                            "Try 'clustereval probe --help'.\n");
}

Test(cli_opt, unknown_option_and_missing_value, .init = cr_redirect_stderr)
{
    char *argv1[] = {"probe", "--nope", NULL};
    char *argv2[] = {"probe", "x.csv", "--in", NULL};
    probe_args a;
    cr_assert_eq(parse(&probe, &a, 2, argv1), CE_ERR_USAGE);
    cr_assert_eq(parse(&probe, &a, 3, argv2), CE_ERR_USAGE);
    fflush(stderr);
    cr_assert_stderr_eq_str("clustereval probe: unknown option --nope\n"
                            "Try 'clustereval probe --help'.\n"
                            "clustereval probe: option --in needs a value\n"
                            "Try 'clustereval probe --help'.\n");
}

Test(cli_opt, an_output_option_of_the_table_is_in_the_plan, .init = cr_redirect_stderr)
{
    char *argv[] = {"probe", "--extra-out", "same.csv", "-i", "same.csv", "d.csv", NULL};
    probe_args a;
    cr_assert_eq(parse(&probe, &a, 6, argv), 0);
    a.data = argv[optind];
    void *const bases[CE_CLI_N_GROUPS] = {&a, &a.pipe, NULL};
    ce_cli_plan_reset();
    cr_assert_eq(ce_cli_opt_plan_check(&probe, bases), CE_ERR_USAGE);
    ce_cli_plan_reset();
    fflush(stderr);
    cr_assert_stderr_eq_str("clustereval probe: --extra-out \"same.csv\" is the same file as "
                            "the profile (-i) \"same.csv\"; refusing to overwrite it\n"
                            "Try 'clustereval probe --help'.\n");
}

/* A manifest of "probe IN -o OUT --extra-out EXTRA" in a fresh folder. */
static ce_manifest *probe_manifest(char *dir, char paths[3][256])
{
    cr_assert_not_null(mkdtemp(dir));
    const char *names[3] = {"in.csv", "out.csv", "extra.csv"};
    for (int k = 0; k < 3; k++) {
        snprintf(paths[k], 256, "%s/%s", dir, names[k]);
        FILE *f = fopen(paths[k], "w");
        cr_assert_not_null(f);
        fputs("id\n", f);
        fclose(f);
    }
    ce_manifest *m = ce_manifest_new();
    ce_error err = {{0}, 0, {0}};
    char *cmd[] = {"probe", paths[0], "-o", paths[1], "--extra-out", paths[2]};
    cr_assert_eq(ce_manifest_set_command(m, 6, cmd, &err), CE_OK);
    cr_assert_eq(ce_manifest_add_file(m, "data", paths[0], &err), CE_OK);
    cr_assert_eq(ce_manifest_add_file(m, "output", paths[1], &err), CE_OK);
    cr_assert_eq(ce_manifest_add_file(m, "output", paths[2], &err), CE_OK);
    return m;
}

/* Plans the manifest's command through a re-run with the table of c;
 * returns the plan check's exit code. */
static int plan_rerun(const ce_cli_command *c, ce_manifest *m, ce_rerun **r, probe_args *a)
{
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_rerun_new(m, r, &err), CE_OK);
    char **argv = ce_rerun_argv(*r);
    cr_assert_eq(parse(c, a, ce_rerun_argc(*r) - 1, argv + 1), 0);
    a->data = argv[1 + optind];
    void *const bases[CE_CLI_N_GROUPS] = {a, &a->pipe, NULL};
    ce_cli_plan_reset();
    ce_cli_plan_rerun(*r);
    int rc = ce_cli_opt_plan_check(c, bases);
    ce_cli_plan_rerun(NULL);
    return rc;
}

Test(cli_opt, verify_recognises_an_output_option_from_the_table, .init = cr_redirect_stderr)
{
    char dir[] = "/tmp/ce_cli_opt_XXXXXX", paths[3][256];
    ce_manifest *m = probe_manifest(dir, paths);
    ce_rerun *r = NULL;
    probe_args a;
    cr_assert_eq(plan_rerun(&probe, m, &r, &a), 0);
    /* both outputs are redirected into the re-run's temporary folder */
    cr_assert_not_null(ce_rerun_output(r, 1));
    cr_assert_not_null(ce_rerun_output(r, 2));
    cr_assert_str_eq(a.extra, ce_rerun_output(r, 2));
    cr_assert_str_neq(a.extra, paths[2]);
    ce_rerun_free(r);
    ce_cli_plan_reset();

    /* the same table without the file role of --extra-out: refused */
    cr_assert_eq(plan_rerun(&probe_no_extra, m, &r, &a), CE_ERR_DATA);
    ce_rerun_free(r);
    ce_cli_plan_reset();
    fflush(stderr);
    char want[1024];
    snprintf(want, sizeof want,
             "clustereval: verify: the re-run is refused: the manifest records the output "
             "\"%s\", which the command does not write\n",
             paths[2]);
    cr_assert_stderr_eq_str(want);
    ce_manifest_free(m);
    for (int k = 0; k < 3; k++)
        unlink(paths[k]);
    rmdir(dir);
}
