/* cli.h - the command line: option parsing, usage, exit codes and all
 * printing. The library below never prints; the CLI turns its errors and
 * warnings into messages on stderr of the form
 *   clustereval: FILE:LINE: message
 */
#ifndef CLUSTEREVAL_CLI_H
#define CLUSTEREVAL_CLI_H

#include <stdio.h>

#include "clustereval/csvio.h"
#include "clustereval/status.h"

/* Runs the program; returns the exit code (DESIGN.md §5). Installs a GSL
 * error handler that records the error instead of aborting: the only place
 * that sets a process-wide setting (status.h), once, at start. */
int ce_cli_main(int argc, char **argv);

/* Text safe for a terminal. Control characters in untrusted text (a
 * cluster's name, a cell, a path from a manifest) could otherwise move the
 * cursor, clear the screen, retitle the window or hide the lines before
 * them. ce_cli_escape copies n bytes of s into out (room for 4 * n + 1
 * bytes), NUL-terminated, with
 *   C0 controls (0x00-0x1F) and DEL as \xNN (e.g. ESC as \x1B), except LF
 *     when keep_lf (LF as \x0A otherwise);
 *   C1 controls (U+0080-U+009F) and the bidirectional overrides and
 *     isolates (U+202A-U+202E, U+2066-U+2069) as \uXXXX;
 *   a byte that starts no well-formed UTF-8 sequence as \xNN;
 *   everything else (UTF-8 text, backslash) as it is.
 * Unless final, up to 3 trailing bytes that may be the start of a sequence
 * continued by the next call are left: returns the bytes consumed. */
size_t ce_cli_escape(const char *s, size_t n, int keep_lf, int final, char *out);

/* Helpers shared by the cmd_*.c subcommands. Everything they print goes
 * through ce_cli_escape: a message or warning as one line (its own LF
 * escaped). Besides, while ce_cli_main runs, stderr is a stream that
 * escapes everything else written to it (LF kept) into the stream stderr
 * was, so that no other printf of user text reaches the terminal raw. */
void ce_cli_print_error(const ce_error *err);
/* Prints the note of the files diag records as read as GB18030 (one line)
 * and then its warnings. */
void ce_cli_print_warnings(const ce_diag *diag);
/* The file the running command's --encoding applies to (the GB18030 note
 * hints at --encoding for it alone); set by ce_cli_opt_operand. */
void ce_cli_set_encoding_file(const char *path);
/* Prints text to stderr on one line: CR, LF and TAB become spaces, other
 * controls are escaped (ce_cli_escape). A text
 * longer than CE_CLI_ONE_LINE_MAX bytes is cut at a character boundary and
 * ends in "..." (a summary line names a cluster; it need not carry a 100 MB
 * name whole). */
#define CE_CLI_ONE_LINE_MAX 200
void ce_cli_put_one_line(const char *text);
/* Writes the program's own terminal control (seq: a progress bar's "\r",
 * "\r\033[K") to stderr past the escaping stream. */
void ce_cli_put_control(const char *seq);
/* Prints "clustereval CMD: message" and a hint to --help; returns CE_ERR_USAGE. */
int ce_cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The shared parts of every subcommand's getopt loop: the message for a
 * ':' (missing value) or '?' (unknown option) result; the --encoding
 * option; the one positional DATA.csv (*data set). Each returns 0 when
 * fine, else prints and returns CE_ERR_USAGE. */
int ce_cli_option_error(const char *cmd, int c, char **argv, int optind_now);
int ce_cli_encoding_option(const char *cmd, const char *arg, ce_encoding *enc);
int ce_cli_one_data_file(const char *cmd, int argc, char **argv, int optind_now,
                         const char **data);

/* Provenance of the running command (OUT.manifest.json, written by
 * ce_cli_main when the command succeeds and noted a main output): the files
 * it read or wrote with their role ("data", "profile", "policy", "output",
 * ...; every file a command writes, reports included, is an "output") and SHA-256 (hashed when noted: note inputs when read and
 * outputs when complete), options in effect, counts. ce_cli_write_output
 * notes its file as the main output. Outside a command these do nothing. */
void ce_cli_note_file(const char *role, const char *path);
void ce_cli_note_main_output(const char *path);
void ce_cli_note_option(const char *name, const char *value);
void ce_cli_note_count(const char *name, long long value);

/* The time of the running command, seconds since 1970-01-01T00:00:00Z:
 * fixed once when ce_cli_main starts a command and used for everything it
 * dates, so that its files are reproducible from the manifest: the
 * manifest's "started", the reports' date, the workbooks' created property,
 * voucher's default --as-of. It is the time set by ce_cli_set_run_time if
 * any, else SOURCE_DATE_EPOCH if set (https://reproducible-builds.org/specs/
 * source-date-epoch/), else the clock. Outside a command: the clock. */
long long ce_cli_run_time(void);

/* Times ce_cli_run_time accepts: 1970-01-01T00:00:01Z to 9999-12-31T23:59:59Z
 * (libxlsxwriter takes 0 for "now"; the manifest writes four-digit years). */
#define CE_CLI_RUN_TIME_MIN 1LL
#define CE_CLI_RUN_TIME_MAX 253402300799LL

/* verify: the commands ce_cli_main runs from now on run at the time
 * `started`, a manifest's "started" exactly as ce_manifest_stamp writes it
 * ("2024-05-01T08:00:00Z"); NULL forgets a time set before. CE_ERR_DATA (err
 * quoting the text) when started is not such a time between the limits
 * above; the time set before is then kept. */
ce_status ce_cli_set_run_time(const char *started, ce_error *err);

/* Prints a failed run's error: as a usage error (with the --help hint)
 * when it is one without a file, else as "clustereval: FILE:LINE: msg". */
void ce_cli_report_failure(const char *cmd, ce_status st, const ce_error *err);

/* Writes a command's output: to stdout when path is NULL, else atomically
 * to path (ce_outfile), naming path in any write error. write gets
 * to_file = 1 for a file (which gets a BOM where the format wants one). */
typedef ce_status (*ce_cli_writer)(FILE *out, int to_file, void *ctx, ce_error *err);
ce_status ce_cli_write_output(const char *path, ce_cli_writer write, void *ctx, ce_error *err);

/* Whether path (may be NULL) names an Excel workbook: it ends in .xlsx,
 * in any case. */
int ce_cli_names_workbook(const char *path);

/* Runs a parsed command: run(args, diag, err) with a fresh diag and error,
 * then prints the failure (ce_cli_report_failure) if any and frees the
 * diag. The warnings are run's to print. Returns the exit code. */
int ce_cli_run(const char *cmd, ce_status (*run)(void *args, ce_diag *diag, ce_error *err),
               void *args);

/* Subcommands: argc/argv start at the subcommand's name. */
int ce_cmd_rank(int argc, char **argv);
int ce_cmd_audit(int argc, char **argv);
int ce_cmd_weights(int argc, char **argv);
int ce_cmd_uncertainty(int argc, char **argv);
int ce_cmd_sensitivity(int argc, char **argv);
int ce_cmd_sme(int argc, char **argv);
int ce_cmd_voucher(int argc, char **argv);
int ce_cmd_training(int argc, char **argv);
int ce_cmd_template(int argc, char **argv);
int ce_cmd_collect(int argc, char **argv);
int ce_cmd_check(int argc, char **argv);
/* After an error in the data file: the line suggesting `clustereval check
 * DATA -w PROFILE`, which lists every problem at once. */
void ce_cli_hint_check(const char *data, const char *profile);
int ce_cmd_verify(int argc, char **argv);

#endif
