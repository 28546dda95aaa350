/* manifest.c - see manifest.h: the model (building it, its accessors, the
 * check of a recorded file). Its JSON form is in manifest_json.c. */
#include "clustereval/manifest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clustereval/sha256.h"
#include "manifest_private.h"

#ifndef CE_VERSION
#define CE_VERSION "dev"
#endif

const char *const ce_manifest_field_names[N_FIELDS] = {"tool", "version", "started", "cwd"};

/* items (cap entries of size bytes, n in use) with room for one more:
 * items itself, or a larger copy; NULL (items untouched) when out of
 * memory. */
static void *grow(void *items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return items;
    size_t new_cap = *cap ? 2 * *cap : 8;
    void *p = realloc(items, new_cap * size);
    if (p)
        *cap = new_cap;
    return p;
}

static int field_index(const char *key)
{
    for (int f = 0; f < N_FIELDS; f++)
        if (strcmp(key, ce_manifest_field_names[f]) == 0)
            return f;
    return -1;
}

ce_manifest *ce_manifest_new(void)
{
    return calloc(1, sizeof(ce_manifest));
}

void ce_manifest_free_argv(char **argv, size_t argc)
{
    for (size_t i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
}

void ce_manifest_free(ce_manifest *m)
{
    if (!m)
        return;
    for (int f = 0; f < N_FIELDS; f++)
        free(m->field[f]);
    ce_manifest_free_argv(m->argv, m->argc);
    for (size_t i = 0; i < m->n_options; i++) {
        free(m->options[i].name);
        free(m->options[i].value);
    }
    free(m->options);
    for (size_t i = 0; i < m->n_files; i++) {
        free(m->files[i].role);
        free(m->files[i].path);
    }
    free(m->files);
    for (size_t i = 0; i < m->n_counters; i++)
        free(m->counters[i].name);
    free(m->counters);
    free(m);
}

/* ---- building ------------------------------------------------------------ */

ce_status ce_manifest_set(ce_manifest *m, const char *key, const char *value, ce_error *err)
{
    int f = field_index(key);
    if (f < 0)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                            "unknown manifest field \"%s\" (tool, version, started or cwd)", key);
    char *copy = strdup(value);
    if (!copy)
        return ce_error_nomem(err);
    free(m->field[f]);
    m->field[f] = copy;
    return CE_OK;
}

ce_status ce_manifest_stamp(ce_manifest *m, long long started_utc, ce_error *err)
{
    time_t t = (time_t)started_utc;
    struct tm tm;
    char started[32];
    if (!gmtime_r(&t, &tm) || strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0, "cannot format the time %lld",
                            started_utc);
    char *cwd = NULL;
    for (size_t cap = 256;; cap *= 2) {
        char *p = realloc(cwd, cap);
        if (!p) {
            free(cwd);
            return ce_error_nomem(err);
        }
        cwd = p;
        if (getcwd(cwd, cap))
            break;
        if (errno != ERANGE) {
            ce_status st = ce_error_set(err, CE_ERR_IO, NULL, 0,
                                        "cannot name the current folder: %s", strerror(errno));
            free(cwd);
            return st;
        }
    }
    ce_status st = ce_manifest_set(m, "tool", "clustereval", err);
    if (st == CE_OK)
        st = ce_manifest_set(m, "version", CE_VERSION, err);
    if (st == CE_OK)
        st = ce_manifest_set(m, "started", started, err);
    if (st == CE_OK)
        st = ce_manifest_set(m, "cwd", cwd, err);
    free(cwd);
    return st;
}

ce_status ce_manifest_set_command(ce_manifest *m, int argc, char *const *argv, ce_error *err)
{
    if (argc < 1)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0, "a manifest's command needs its name");
    char **copy = calloc((size_t)argc, sizeof *copy);
    if (!copy)
        return ce_error_nomem(err);
    for (int i = 0; i < argc; i++)
        if (!(copy[i] = strdup(argv[i]))) {
            ce_manifest_free_argv(copy, (size_t)i);
            return ce_error_nomem(err);
        }
    ce_manifest_free_argv(m->argv, m->argc);
    m->argv = copy;
    m->argc = (size_t)argc;
    return CE_OK;
}

ce_status ce_manifest_add_option(ce_manifest *m, const char *name, const char *value,
                                 ce_error *err)
{
    option_rec *items = grow(m->options, &m->cap_options, m->n_options, sizeof *items);
    if (!items)
        return ce_error_nomem(err);
    m->options = items;
    option_rec o = {strdup(name), strdup(value)};
    if (!o.name || !o.value) {
        free(o.name);
        free(o.value);
        return ce_error_nomem(err);
    }
    m->options[m->n_options++] = o;
    return CE_OK;
}

ce_status ce_manifest_add_file_rec(ce_manifest *m, const char *role, const char *path,
                                   long long size, const char *sha256, ce_error *err)
{
    file_rec *items = grow(m->files, &m->cap_files, m->n_files, sizeof *items);
    if (!items)
        return ce_error_nomem(err);
    m->files = items;
    file_rec f = {strdup(role), strdup(path), size, {0}};
    if (!f.role || !f.path) {
        free(f.role);
        free(f.path);
        return ce_error_nomem(err);
    }
    memcpy(f.sha256, sha256, 65);
    m->files[m->n_files++] = f;
    return CE_OK;
}

ce_status ce_manifest_add_file(ce_manifest *m, const char *role, const char *path,
                               ce_error *err)
{
    char hex[65];
    long long size;
    ce_status st = ce_sha256_file(path, hex, &size, err);
    return st != CE_OK ? st : ce_manifest_add_file_rec(m, role, path, size, hex, err);
}

ce_status ce_manifest_add_count(ce_manifest *m, const char *name, long long value,
                                ce_error *err)
{
    counter_rec *items = grow(m->counters, &m->cap_counters, m->n_counters, sizeof *items);
    if (!items)
        return ce_error_nomem(err);
    m->counters = items;
    counter_rec c = {strdup(name), value};
    if (!c.name)
        return ce_error_nomem(err);
    m->counters[m->n_counters++] = c;
    return CE_OK;
}

char *ce_manifest_path_for(const char *output)
{
    static const char suffix[] = ".manifest.json";
    size_t n = strlen(output);
    char *p = malloc(n + sizeof suffix);
    if (p) {
        memcpy(p, output, n);
        memcpy(p + n, suffix, sizeof suffix);
    }
    return p;
}

/* ---- accessors ----------------------------------------------------------- */

const char *ce_manifest_get(const ce_manifest *m, const char *key)
{
    int f = field_index(key);
    return f < 0 ? NULL : m->field[f];
}

size_t ce_manifest_argc(const ce_manifest *m)
{
    return m->argc;
}

const char *ce_manifest_argv(const ce_manifest *m, size_t i)
{
    return i < m->argc ? m->argv[i] : NULL;
}

size_t ce_manifest_option_count(const ce_manifest *m)
{
    return m->n_options;
}

void ce_manifest_option(const ce_manifest *m, size_t i, const char **name, const char **value)
{
    *name = m->options[i].name;
    *value = m->options[i].value;
}

size_t ce_manifest_file_count(const ce_manifest *m)
{
    return m->n_files;
}

void ce_manifest_file(const ce_manifest *m, size_t i, const char **role, const char **path,
                      long long *size, const char **sha256)
{
    const file_rec *f = &m->files[i];
    if (role)
        *role = f->role;
    if (path)
        *path = f->path;
    if (size)
        *size = f->size;
    if (sha256)
        *sha256 = f->sha256;
}

size_t ce_manifest_counter_count(const ce_manifest *m)
{
    return m->n_counters;
}

void ce_manifest_counter(const ce_manifest *m, size_t i, const char **name, long long *value)
{
    *name = m->counters[i].name;
    *value = m->counters[i].value;
}

/* ---- verifying ----------------------------------------------------------- */

/* a + b + c, malloc'd; NULL when out of memory. */
static char *concat3(const char *a, const char *b, const char *c)
{
    size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
    char *s = malloc(na + nb + nc + 1);
    if (s) {
        memcpy(s, a, na);
        memcpy(s + na, b, nb);
        memcpy(s + na + nb, c, nc + 1);
    }
    return s;
}

char *ce_manifest_resolve(const ce_manifest *m, const char *path)
{
    const char *cwd = m->field[F_CWD];
    if (path[0] == '/' || !cwd || !cwd[0])
        return strdup(path);
    size_t n = strlen(cwd);
    return concat3(cwd, n && cwd[n - 1] == '/' ? "" : "/", path);
}

ce_manifest_state ce_manifest_file_check(const ce_manifest *m, size_t i, char sha256[65],
                                         ce_error *err)
{
    const file_rec *f = &m->files[i];
    char *path = ce_manifest_resolve(m, f->path);
    if (!path) {
        ce_error_nomem(err);
        return CE_MANIFEST_MISSING;
    }
    char hex[65];
    long long size;
    ce_status st = ce_sha256_file(path, hex, &size, err);
    free(path);
    if (st != CE_OK)
        return CE_MANIFEST_MISSING;
    if (sha256)
        memcpy(sha256, hex, sizeof hex);
    return size == f->size && strcmp(hex, f->sha256) == 0 ? CE_MANIFEST_SAME
                                                           : CE_MANIFEST_CHANGED;
}
