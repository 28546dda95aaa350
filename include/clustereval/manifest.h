/* manifest.h - provenance of an output file (issue 7 §3). Every command
 * that writes -o OUT also writes OUT.manifest.json: the tool and version,
 * when and where it ran, its command line, the options in effect, every file
 * it read (role, path, size, SHA-256) and wrote, and counts of what it did.
 * `clustereval verify OUT.manifest.json` (cmd_verify.c) re-hashes every file
 * and re-runs the command into temporary files (rerun.h).
 *
 * Whoever calls ce_manifest_new / ce_manifest_load owns the manifest and
 * frees it with ce_manifest_free (NULL is fine). Strings the accessors
 * return live as long as their owner.
 *
 * The JSON (ce_manifest_write), read and encoded by jansson, keys always in
 * this order, absent text fields left out, one top-level member per line,
 * the members of "options" and "counts" and the records of "files" one per
 * line:
 *
 *   {
 *     "tool": "clustereval",
 *     "version": "0.1.0",
 *     "started": "2024-05-01T08:00:00Z",
 *     "cwd": "/home/analyst/2024",
 *     "command": ["rank", "data.csv", "-o", "out.csv"],
 *     "options": {
 *       "top": "10",
 *       "set": ["a=1", "b=2"]
 *     },
 *     "files": [
 *       {"role": "data", "path": "data.csv", "size": 1234, "sha256": "9f86...0a08"},
 *       {"role": "output", "path": "out.csv", "size": 987, "sha256": "..."}
 *     ],
 *     "counts": {
 *       "clusters": 30
 *     }
 *   }
 *
 * Strings as jansson escapes them (RFC 8259 §7): '"' and '\' with a
 * backslash, \b \f \n \r \t, other bytes below 0x20 as \u00XX, everything
 * else (UTF-8 included) as it is. Every text must be UTF-8 (RFC 8259 §8.1):
 * a manifest with any other text is not written. No object repeats a name:
 * an option given several times (--set) is recorded once per use, in order,
 * as the array of its values. Relative paths in "command" and "files" are
 * relative to "cwd".
 */
#ifndef CLUSTEREVAL_MANIFEST_H
#define CLUSTEREVAL_MANIFEST_H

#include <stddef.h>

#include "clustereval/status.h"

typedef struct ce_manifest ce_manifest;

/* An empty manifest; NULL when out of memory. */
ce_manifest *ce_manifest_new(void);
void ce_manifest_free(ce_manifest *m);

/* Sets (or replaces) a top-level text field: "tool", "version", "started"
 * (ISO 8601 UTC, "2024-05-01T08:00:00Z") or "cwd". CE_ERR_USAGE for any
 * other key; CE_ERR_IO when out of memory. */
ce_status ce_manifest_set(ce_manifest *m, const char *key, const char *value, ce_error *err);

/* Sets tool "clustereval", version (CE_VERSION), started = started_utc
 * (seconds since the epoch; format above) and cwd (getcwd). CE_ERR_IO when
 * the current folder cannot be named or out of memory. */
ce_status ce_manifest_stamp(ce_manifest *m, long long started_utc, ce_error *err);

/* Sets (or replaces) the command line: argv[0] is the subcommand, e.g.
 * {"rank", "data.csv", "-o", "out.csv"}; argc >= 1 (else CE_ERR_USAGE). */
ce_status ce_manifest_set_command(ce_manifest *m, int argc, char *const *argv, ce_error *err);

/* Appends an option in effect (name without dashes, value as text). */
ce_status ce_manifest_add_option(ce_manifest *m, const char *name, const char *value,
                                 ce_error *err);

/* Appends a file and hashes it now (size and SHA-256; path as given, relative
 * to the current folder, which should be the manifest's "cwd"). role says
 * what it is: "data", "profile", "policy", "standard", "baseline",
 * "previous", "ledger", ... for what the command read, "output" for what it
 * wrote (hash an output after it is complete). CE_ERR_IO naming the file
 * when it cannot be read; the manifest is then unchanged. */
ce_status ce_manifest_add_file(ce_manifest *m, const char *role, const char *path,
                               ce_error *err);

/* Appends a count (clusters ranked, rows read, ...). */
ce_status ce_manifest_add_count(ce_manifest *m, const char *name, long long value,
                                ce_error *err);

/* Writes the manifest as JSON (format above, a final newline) to path,
 * atomically (ce_outfile). CE_ERR_DATA naming path and the text when a text
 * is not UTF-8 (nothing is written); CE_ERR_IO naming path when it cannot be
 * written. */
ce_status ce_manifest_write(const ce_manifest *m, const char *path, ce_error *err);

/* "OUTPUT.manifest.json" for an output path (malloc'd; NULL when out of
 * memory). */
char *ce_manifest_path_for(const char *output);

/* Reads a manifest written by ce_manifest_write: strict JSON (RFC 8259,
 * jansson with JSON_REJECT_DUPLICATES) of that shape, a UTF-8 byte order mark
 * allowed; an option's value a string or an array of strings; keys it does
 * not know, at the top level or in a file record, are skipped whatever their
 * value. CE_ERR_DATA naming path for malformed JSON (jansson's message and
 * line), a name repeated in any object, \u0000 in a string, text that is not
 * UTF-8, a value of the wrong type, a file record without role, path, size
 * or a 64-hex-digit sha256, or a missing or empty command (these name the
 * member, jansson keeping no line for a value); CE_ERR_IO when path cannot
 * be read. *out is set only on success. */
ce_status ce_manifest_load(const char *path, ce_manifest **out, ce_error *err);

/* ---- accessors ----------------------------------------------------------- */

/* A top-level text field ("tool", "version", "started", "cwd"); NULL when
 * absent or not one of these. */
const char *ce_manifest_get(const ce_manifest *m, const char *key);

/* The command line: argc 0 for a new manifest; argv(0) the subcommand. */
size_t ce_manifest_argc(const ce_manifest *m);
const char *ce_manifest_argv(const ce_manifest *m, size_t i);

size_t ce_manifest_option_count(const ce_manifest *m);
void ce_manifest_option(const ce_manifest *m, size_t i, const char **name, const char **value);

size_t ce_manifest_file_count(const ce_manifest *m);
/* File i; any out-pointer may be NULL. sha256 is 64 lowercase hex digits. */
void ce_manifest_file(const ce_manifest *m, size_t i, const char **role, const char **path,
                      long long *size, const char **sha256);

size_t ce_manifest_counter_count(const ce_manifest *m);
void ce_manifest_counter(const ce_manifest *m, size_t i, const char **name, long long *value);

/* ---- verifying ----------------------------------------------------------- */

/* A recorded path made usable from the current folder: as it is when
 * absolute or when the manifest has no "cwd", else "cwd/path". malloc'd;
 * NULL when out of memory. */
char *ce_manifest_resolve(const ce_manifest *m, const char *path);

typedef enum {
    CE_MANIFEST_SAME,    /* size and SHA-256 as recorded */
    CE_MANIFEST_CHANGED, /* readable, but size or SHA-256 differ */
    CE_MANIFEST_MISSING  /* cannot be read (err says why) */
} ce_manifest_state;

/* Re-hashes file i (ce_manifest_resolve of its path) and compares it with
 * the record. sha256 (may be NULL) gets the current digest when SAME or
 * CHANGED; err (may be NULL) gets the reason when MISSING. */
ce_manifest_state ce_manifest_file_check(const ce_manifest *m, size_t i, char sha256[65],
                                         ce_error *err);

#endif
