/* status.h - errors as values, and the warnings a run collects.
 *
 * Fallible library functions return a ce_status and, on failure, fill the
 * caller's optional ce_error with where (file, line) and what went wrong.
 * Library code never prints: warnings are appended to a ce_diag, which the
 * CLI prints. Whoever calls ce_diag_init owns the diag and calls ce_diag_fini.
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

/* Shorthand for an allocation failure. */
ce_status ce_error_nomem(ce_error *err);

/* Quotes untrusted text for a message: at most 60 bytes (cut at a UTF-8
 * boundary, "..." appended), control bytes shown as \xNN. Writes into out
 * (size >= 256) and returns it. */
const char *ce_error_quote(const char *text, size_t len, char *out, size_t out_size);

typedef struct {
    char **items;
    size_t count, cap;
} ce_diag;

void ce_diag_init(ce_diag *d);
void ce_diag_fini(ce_diag *d);
/* Appends a formatted warning. d may be NULL (the warning is dropped).
 * Returns CE_ERR_IO when out of memory. */
ce_status ce_diag_add(ce_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
