/* cli_plan.h - the file plan of a command: every file it will read and
 * write, declared right after its options are parsed (defaults included)
 * and checked once, before it reads or writes anything. The commands
 * declare it from their option tables (ce_cli_opt_plan_check, cli_opt.h).
 *
 * The check (ce_cli_plan_check) refuses, as a usage error (exit 2), a plan
 * in which a file the command writes (an output, a report, the manifest
 * OUT.manifest.json written beside the main output, a file of an output
 * folder, the ledger) is the same file as any other file of the plan: an
 * input, the profile, a policy or standard, the ledger or another output.
 * "The same file" is the same st_dev/st_ino for files that exist (a
 * regular file or folder; devices and pipes such as /dev/null or
 * /dev/stdout are never the same file), else the same absolute path with
 * its folder resolved (realpath) and its last component as written.
 *
 * The plan keeps the addresses of the caller's path variables (slot): they
 * must stay valid until the command returns; the check may point them at
 * strings the plan or the re-run owns. A slot holding NULL (the output is
 * standard output) is not a file.
 *
 * Under verify (ce_cli_plan_rerun), the check then maps the plan through
 * the re-run (rerun.h): outputs into temporary files, the ledger to a
 * temporary copy; a file the manifest does not record refuses the re-run
 * before the command reads or writes anything. One plan per process, reset by
 * ce_cli_main before each command.
 */
#ifndef CLUSTEREVAL_CLI_PLAN_H
#define CLUSTEREVAL_CLI_PLAN_H

#include <stddef.h>

#include "rerun.h"

/* Forgets the plan (ce_cli_main, before each command). */
void ce_cli_plan_reset(void);

/* A file the command reads. role is its role in the manifest ("data",
 * "profile", "baseline", "previous", "policy", "standard", "judgements");
 * option the option that names it ("-w"; NULL for the operand or a
 * default). */
void ce_cli_plan_input(const char *role, const char *option, const char **slot);

/* A file the command writes. role "output" (a table) or "report" (HTML,
 * workbook); is_main: the main output, beside which OUT.manifest.json is
 * written (also planned). */
void ce_cli_plan_output(const char *role, const char *option, const char **slot, int is_main);

/* A folder of outputs (audit -o DIR): the files DIR/names[k] (n of them,
 * names must outlive the plan) and DIR.manifest.json. Trailing slashes of
 * DIR are ignored. */
void ce_cli_plan_folder(const char *option, const char **slot, const char *const *names,
                        size_t n);

/* The SQLite ledger, read and written. */
void ce_cli_plan_ledger(const char *option, const char **slot);

/* Checks the plan (see above) and, under verify, maps it. Returns 0, or
 * prints the reason and returns the exit code: CE_ERR_USAGE for two names
 * of the same file ("clustereval CMD: ..."), CE_ERR_DATA when the re-run
 * refuses the plan ("clustereval: verify: the re-run is refused: ..."),
 * CE_ERR_IO when out of memory or a temporary file cannot be made. */
int ce_cli_plan_check(const char *cmd);

/* Makes the plan checks that follow map their files through r (verify);
 * NULL ends it. The caller keeps r. */
void ce_cli_plan_rerun(ce_rerun *r);

#endif
