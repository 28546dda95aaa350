/* reasons.h - the one builder of the ';'-separated reason lists of the
 * programmes' decisions: "missing:<column>" and "invalid:<column>" for the
 * data problems of a row, in column order, then the codes of the failed
 * rules ("missing:name;invalid:requested;over_cap;reduced_to_cap").
 *
 * The list is written into a buffer of the caller's; text that does not fit
 * is cut (the buffer always holds a NUL-terminated prefix of the list).
 */
#ifndef CLUSTEREVAL_REASONS_H
#define CLUSTEREVAL_REASONS_H

#include <stddef.h>

typedef struct {
    char *out;
    size_t size, used; /* used may exceed size once the text is cut */
} ce_reasons;

/* Starts an empty list in out[0..size). */
void ce_reasons_init(ce_reasons *r, char *out, size_t size);

/* Appends one reason, formatted, after a ';' unless it is the first. */
void ce_reasons_add(ce_reasons *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends, for each column c < n in order whose bit (1u << c) is set,
 * "missing:<names[c]>" and then "invalid:<names[c]>". */
void ce_reasons_add_columns(ce_reasons *r, unsigned missing, unsigned invalid,
                            const char *const *names, int n);

/* Whether nothing was added. */
int ce_reasons_empty(const ce_reasons *r);

#endif
