/* cli_paths.h - where the CLI finds the files it ships: the default
 * profile and policies of weights/, installed in the data folder
 * (share/clustereval/weights) and found at run time relative to the
 * binary, never through a path compiled in from the source tree.
 * The paths returned are owned here and live until the process ends. */
#ifndef CLUSTEREVAL_CLI_PATHS_H
#define CLUSTEREVAL_CLI_PATHS_H

/* The weights folder relative to the folder of the installed binary
 * (CMake sets it from the install directories). */
#ifndef CE_WEIGHTS_RELDIR
#define CE_WEIGHTS_RELDIR "../share/clustereval/weights"
#endif

/* The shipped defaults, as the help names them ("weights/NAME": NAME in
 * the weights folder). */
#define CE_DEFAULT_PROFILE "weights/default.csv"
#define CE_DEFAULT_SME_STANDARD "weights/sme-standard-2011.csv"
#define CE_DEFAULT_VOUCHER_POLICY "weights/voucher-policy.csv"
#define CE_DEFAULT_TRAINING_POLICY "weights/training-policy.csv"
#define CE_DEFAULT_SUMMARY_LABELS "weights/summary-labels.csv"

/* The weights folder: the first of
 *   BINDIR/CE_WEIGHTS_RELDIR   the installation (../share/clustereval/weights)
 *   BINDIR/weights             the build tree (a link to the sources')
 * that is a folder, BINDIR being the folder of the running binary
 * (/proc/self/exe), resolved (realpath); the first when neither is (so
 * that opening a file there fails naming the installed place). NULL when
 * the binary's folder is unknown (no /proc): then *why says why. */
const char *ce_cli_weights_dir(const char **why);

/* The path of a shipped file named "weights/NAME" (CE_DEFAULT_*): NAME in
 * ce_cli_weights_dir(). When that is NULL, prints a warning once and
 * returns name itself (relative to the current folder). */
const char *ce_cli_shipped_file(const char *name);

#endif
