/* manifest_private.h - the manifest model shared by manifest.c (building,
 * accessors) and manifest_json.c (its JSON form) inside the library (not
 * installed). */
#ifndef CLUSTEREVAL_MANIFEST_PRIVATE_H
#define CLUSTEREVAL_MANIFEST_PRIVATE_H

#include <stddef.h>

#include "clustereval/manifest.h"
#include "clustereval/status.h"

/* The top-level text fields, in the order manifest.h lists them. */
enum { F_TOOL, F_VERSION, F_STARTED, F_CWD, N_FIELDS };
extern const char *const ce_manifest_field_names[N_FIELDS];

typedef struct {
    char *name, *value;
} option_rec;

typedef struct {
    char *role, *path;
    long long size;
    char sha256[65];
} file_rec;

typedef struct {
    char *name;
    long long value;
} counter_rec;

struct ce_manifest {
    char *field[N_FIELDS];
    char **argv;
    size_t argc;
    option_rec *options;
    size_t n_options, cap_options;
    file_rec *files;
    size_t n_files, cap_files;
    counter_rec *counters;
    size_t n_counters, cap_counters;
};

/* Frees argc strings of argv and argv itself (NULL: nothing). */
void ce_manifest_free_argv(char **argv, size_t argc);

/* Appends a file record with a known digest (sha256: 64 hex digits and NUL);
 * CE_ERR_NOMEM leaves m as it was. */
ce_status ce_manifest_add_file_rec(ce_manifest *m, const char *role, const char *path,
                                   long long size, const char *sha256, ce_error *err);

#endif
