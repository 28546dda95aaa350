/* rerun.h - the re-run of a manifest's command (manifest.h) by `clustereval
 * verify`. The manifest is untrusted input: verify does not guess which
 * arguments are files. It runs the recorded command line as it is, through
 * the command's own option parser (GNU abbreviations, -oFILE, --opt=FILE
 * and "--" all mean what they meant in the original run), and the
 * command's file plan (cli_plan.h) is mapped here before the command reads
 * or writes anything:
 *  - a file the command writes (an output, a report, an output folder)
 *    must be recorded as an "output" or "report" under the same path; it is
 *    written instead into a private temporary folder (mkdtemp under
 *    $TMPDIR, else /tmp), and ce_rerun_output says where;
 *  - the ledger must be recorded as "ledger" under the same path; the
 *    command works on a copy in the temporary folder (verify never opens a
 *    real ledger);
 *  - a file the command reads must be recorded with its role under the
 *    same path; it is read where it is;
 *  - every recorded output and report must be one the command writes.
 * Anything else refuses the re-run (CE_ERR_DATA) before the command starts.
 * The command runs in the folder the manifest records ("cwd"), like the
 * original run, between ce_rerun_enter and ce_rerun_leave.
 *
 * Whoever calls ce_rerun_new owns the re-run and frees it with
 * ce_rerun_free (NULL is fine), which removes the temporary folder and all
 * it holds. Strings it returns live as long as the re-run.
 */
#ifndef CLUSTEREVAL_RERUN_H
#define CLUSTEREVAL_RERUN_H

#include <stddef.h>

#include "clustereval/manifest.h"
#include "clustereval/status.h"

typedef struct ce_rerun ce_rerun;

/* A re-run of m's command (m must outlive it) with a fresh temporary
 * folder. CE_ERR_DATA when the manifest has no command or records a
 * verify; CE_ERR_IO when the folder cannot be made. */
ce_status ce_rerun_new(const ce_manifest *m, ce_rerun **out, ce_error *err);
void ce_rerun_free(ce_rerun *r);

/* The argument vector for ce_cli_main: "clustereval", then the recorded
 * command as it is; argv[argc] is NULL. ce_cli_main may permute it. */
int ce_rerun_argc(const ce_rerun *r);
char **ce_rerun_argv(ce_rerun *r);

/* Changes to the manifest's "cwd" (when it has one), keeping the current
 * folder; ce_rerun_leave goes back. CE_ERR_IO when either fails. */
ce_status ce_rerun_enter(ce_rerun *r, ce_error *err);
ce_status ce_rerun_leave(ce_rerun *r, ce_error *err);

/* One file of the command's plan, path as the command has it (relative to
 * "cwd"). role is the manifest role for CE_RERUN_INPUT. A CE_RERUN_FOLDER
 * is a folder of outputs holding names[0..n-1]. On success *path may point
 * at the temporary file, folder or copy the command is to use instead. */
typedef enum { CE_RERUN_INPUT, CE_RERUN_OUTPUT, CE_RERUN_FOLDER, CE_RERUN_LEDGER } ce_rerun_kind;
ce_status ce_rerun_map(ce_rerun *r, ce_rerun_kind kind, const char *role, const char **path,
                       const char *const *names, size_t n, ce_error *err);

/* After the last ce_rerun_map: CE_ERR_DATA when a recorded output or
 * report is not written by the command. Marks the plan as checked. */
ce_status ce_rerun_map_done(ce_rerun *r, ce_error *err);

/* Whether the command got as far as ce_rerun_map_done (a run that only
 * printed its help did not). */
int ce_rerun_planned(const ce_rerun *r);

/* Where the re-run wrote file i of the manifest (an output or report);
 * NULL for any other file. */
const char *ce_rerun_output(const ce_rerun *r, size_t i);

#endif
