/* policyfile.h - the parameter files of the programmes (the weights/...-policy.csv files):
 * CSV with the columns key,value (others, e.g. note, are for people), one
 * row per key. Rows with the key "source" cite the documents the values
 * come from and are not read. A programme names its keys; every one is
 * required, and an unknown or repeated key is an error, so that a typo in a
 * revised file never silently falls back to an old value.
 *
 * Whoever calls ce_policy_file_load owns the result and frees it with
 * ce_policy_file_free.
 */
#ifndef CLUSTEREVAL_POLICYFILE_H
#define CLUSTEREVAL_POLICYFILE_H

#include <stddef.h>

#include "clustereval/status.h"

typedef struct ce_policy_file ce_policy_file;

/* Loads path; keys[0..n) are the keys the programme reads. Errors
 * (CE_ERR_DATA, with file and line): no key or value column, an unknown
 * key, a key twice ("first on line N"), a key missing (file, no line).
 * CE_ERR_IO when the file cannot be read. */
ce_status ce_policy_file_load(const char *path, const char *const *keys, size_t n,
                              ce_policy_file **out, ce_diag *diag, ce_error *err);
void ce_policy_file_free(ce_policy_file *f);

/* The value of key number k (as in keys[]), and its line. */
const char *ce_policy_file_value(const ce_policy_file *f, size_t k);
size_t ce_policy_file_line(const ce_policy_file *f, size_t k);

/* The error for a value of key k that is not what it should be:
 * 'FILE:LINE: key "k": "value" is not <what>' (CE_ERR_DATA). */
ce_status ce_policy_file_bad(const ce_policy_file *f, size_t k, const char *what,
                             ce_error *err);

/* Reads key k as a number in [lo, hi] (whole when whole is set). Returns
 * CE_OK, or the ce_policy_file_bad error naming the range. */
ce_status ce_policy_file_number(const ce_policy_file *f, size_t k, double lo, double hi,
                                int whole, double *out, ce_error *err);

#endif
