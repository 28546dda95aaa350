/* status.h - errors as values, and the warnings a run collects.
 *
 * Fallible library functions return a ce_status and, on failure, fill the
 * caller's optional ce_error with where (file, line) and what went wrong.
 * Library code never prints: warnings are appended to a ce_diag, which the
 * CLI prints. Whoever calls ce_diag_init owns the diag and calls ce_diag_fini.
 *
 * The library and the process (issue 14 §4). Every library function is
 * reentrant: two threads may call any of them at once on different objects
 * (no file-scope state; sorts take their context through qsort_r). No
 * library function changes a process-wide setting: not the umask (new files
 * are created with mode 0666, so the kernel applies the program's umask),
 * not the SIGPIPE action (a write to a pipe blocks SIGPIPE in the calling
 * thread only and takes the SIGPIPE it raised itself, so a reader that went
 * away is CE_ERR_IO "Broken pipe" whatever the action), not GSL's error
 * handler. Those belong to the program; ce_cli_main sets GSL's once.
 * GSL reports a failure through that one process-wide handler before
 * returning it, and GSL's default handler aborts. The library checks every
 * input GSL would refuse before calling it and checks every return code, so
 * under any handler GSL can fail only for want of memory in its own
 * allocations and, in AHP (gsl_eigen_nonsymmv), for a QR iteration that
 * does not converge (never seen on a positive reciprocal matrix). An
 * embedding program that wants those as CE_ERR_IO / CE_ERR_DATA rather
 * than an abort calls gsl_set_error_handler_off() (or installs a handler
 * that returns) once at start, before it starts threads.
 */
#ifndef CLUSTEREVAL_STATUS_H
#define CLUSTEREVAL_STATUS_H

#include <stddef.h>

/* The values double as the CLI's exit codes (DESIGN.md §5). */
typedef enum {
    CE_OK = 0,
    CE_ERR_DATA = 1,  /* bad input data or profile */
    CE_ERR_USAGE = 2, /* bad command line */
    CE_ERR_IO = 3     /* cannot open, read or write a file; out of memory */
} ce_status;

#define CE_ERROR_MSG_MAX 1024
#define CE_ERROR_FILE_MAX 512

typedef struct {
    char file[CE_ERROR_FILE_MAX]; /* "" when the error is not about a file */
    size_t line;                  /* 0 when there is no line */
    char msg[CE_ERROR_MSG_MAX];
} ce_error;

/* Fills err (if not NULL) and returns status. file may be NULL. */
ce_status ce_error_set(ce_error *err, ce_status status, const char *file, size_t line,
                       const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Puts the formatted text before err's message (cut, as ce_error_set cuts,
 * at CE_ERROR_MSG_MAX - 1 bytes); err's file and line stay. Does nothing
 * when err is NULL. The outer layer's context: ce_error_prefix(err,
 * "group \"%s\": ", code) turns "no data" into "group "econ": no data". */
void ce_error_prefix(ce_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* When err (may be NULL) names no file yet, it now names file (NULL: none)
 * at line (0: none); an error that names a file is left as it is. The
 * outer layer names the file that the inner one did not know. */
void ce_error_set_file(ce_error *err, const char *file, size_t line);

/* Shorthand for an allocation failure. */
ce_status ce_error_nomem(ce_error *err);

/* Quotes untrusted text for a message: at most 60 bytes (cut at a UTF-8
 * boundary, "..." appended), control bytes shown as \xNN. Writes into out
 * (size >= 256) and returns it. */
const char *ce_error_quote(const char *text, size_t len, char *out, size_t out_size);

/* A file read as GB18030 because it was not valid UTF-8 (CE_ENC_AUTO):
 * information, kept apart from the warnings so that the CLI says it once
 * per run. line: where the first byte that is not UTF-8 is. */
typedef struct {
    char *path;
    size_t line;
} ce_diag_decoded;

typedef struct {
    char **items;
    size_t count, cap;
    ce_diag_decoded *gb18030; /* each path once, in the order read */
    size_t n_gb18030;
} ce_diag;

void ce_diag_init(ce_diag *d);
void ce_diag_fini(ce_diag *d);
/* Appends a formatted warning. d may be NULL (the warning is dropped).
 * Returns CE_ERR_IO when out of memory. */
ce_status ce_diag_add(ce_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Records that path was read as GB18030 (see ce_diag_decoded); a path
 * already recorded is left as it is. d may be NULL. Returns CE_ERR_IO when
 * out of memory. */
ce_status ce_diag_add_gb18030(ce_diag *d, const char *path, size_t line);

#endif
