/* policyfile.c - see policyfile.h. */
#include "policyfile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/csvio.h"
#include "clustereval/numparse.h"

#include "colmap.h"

struct ce_policy_file {
    char *path;
    const char *const *keys;
    size_t n;
    char **value; /* n values, NULL until read */
    size_t *line;
};

typedef struct {
    ce_policy_file *f;
    long col[2]; /* key, value */
} reader;

static ce_status on_record(void *ud, const ce_csv_record *rec, ce_error *err)
{
    reader *r = ud;
    ce_policy_file *f = r->f;
    if (rec->index == 0) {
        static const char *const names[2] = {"key", "value"};
        return ce_colmap_find_names(rec, names, 2, f->path, "a policy file has the columns key,value",
                                    r->col, err);
    }
    const char *key = rec->fields[r->col[0]];
    if (!strcmp(key, "source")) /* for people: where the values come from */
        return CE_OK;
    char q[256];
    for (size_t k = 0; k < f->n; k++)
        if (!strcmp(key, f->keys[k])) {
            if (f->value[k])
                return ce_error_set(err, CE_ERR_DATA, f->path, rec->line,
                                    "key \"%s\" appears twice (first on line %zu)", key,
                                    f->line[k]);
            if (!(f->value[k] = strdup(rec->fields[r->col[1]])))
                return ce_error_nomem(err);
            f->line[k] = rec->line;
            return CE_OK;
        }
    return ce_error_set(err, CE_ERR_DATA, f->path, rec->line, "unknown key \"%s\"",
                        ce_error_quote(key, strlen(key), q, sizeof q));
}

void ce_policy_file_free(ce_policy_file *f)
{
    if (!f)
        return;
    for (size_t k = 0; k < f->n; k++)
        free(f->value[k]);
    free(f->value);
    free(f->line);
    free(f->path);
    free(f);
}

ce_status ce_policy_file_load(const char *path, const char *const *keys, size_t n,
                              ce_policy_file **out, ce_diag *diag, ce_error *err)
{
    ce_policy_file *f = calloc(1, sizeof *f);
    if (!f)
        return ce_error_nomem(err);
    f->keys = keys;
    f->n = n;
    f->path = strdup(path);
    f->value = calloc(n ? n : 1, sizeof *f->value);
    f->line = calloc(n ? n : 1, sizeof *f->line);
    if (!f->path || !f->value || !f->line) {
        ce_policy_file_free(f);
        return ce_error_nomem(err);
    }
    reader r = {f, {-1, -1}};
    ce_status st = ce_csv_read(path, CE_ENC_AUTO, on_record, &r, NULL, diag, err);
    for (size_t k = 0; st == CE_OK && k < n; k++)
        if (!f->value[k])
            st = ce_error_set(err, CE_ERR_DATA, path, 0, "missing key \"%s\"", keys[k]);
    if (st != CE_OK) {
        ce_policy_file_free(f);
        return st;
    }
    *out = f;
    return CE_OK;
}

const char *ce_policy_file_value(const ce_policy_file *f, size_t k) { return f->value[k]; }

size_t ce_policy_file_line(const ce_policy_file *f, size_t k) { return f->line[k]; }

ce_status ce_policy_file_bad(const ce_policy_file *f, size_t k, const char *what,
                             ce_error *err)
{
    char q[256];
    const char *v = f->value[k];
    return ce_error_set(err, CE_ERR_DATA, f->path, f->line[k], "key \"%s\": \"%s\" is not %s",
                        f->keys[k], ce_error_quote(v, strlen(v), q, sizeof q), what);
}

ce_status ce_policy_file_number(const ce_policy_file *f, size_t k, double lo, double hi,
                                int whole, double *out, ce_error *err)
{
    double v;
    const char *text = f->value[k];
    if (ce_num_parse(text, strlen(text), &v) == CE_NUM_OK && v >= lo && v <= hi &&
        (!whole || v == floor(v))) {
        *out = v;
        return CE_OK;
    }
    char what[128];
    snprintf(what, sizeof what, "a %snumber from %.15g to %.15g", whole ? "whole " : "", lo,
             hi);
    return ce_policy_file_bad(f, k, what, err);
}
