/* summary.c - see summary.h. */
#include "clustereval/summary.h"
#include "clustereval/idkey.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "colmap.h"

struct ce_summary_labels {
    char **keys;
    size_t n, cap;
    const char *path; /* while loading */
    long col;         /* while loading: the label column */
};

void ce_summary_labels_free(ce_summary_labels *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->keys[i]);
    free(s->keys);
    free(s);
}

/* Keeps the characters that are neither spaces nor punctuation. */
static char *strip(char *k)
{
    size_t o = 0, i = 0, len = strlen(k);
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step =
            utf8proc_iterate((const utf8proc_uint8_t *)k + i, (utf8proc_ssize_t)(len - i), &cp);
        if (step < 0) { /* not UTF-8: the byte stays */
            k[o++] = k[i++];
            continue;
        }
        utf8proc_category_t c = utf8proc_category(cp);
        int drop = cp == '\t' || cp == '\r' || cp == '\n' || c == UTF8PROC_CATEGORY_ZS ||
                   c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP ||
                   (c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO);
        if (!drop)
            memmove(k + o, k + i, (size_t)step), o += (size_t)step;
        i += (size_t)step;
    }
    k[o] = '\0';
    return k;
}

char *ce_summary_key_new(const char *text)
{
    /* The id key (NFKC, case folded, invisible characters removed), less
     * its spaces and punctuation. */
    char *k = ce_idkey_new(text);
    return k ? strip(k) : NULL;
}

static ce_status add_label(ce_summary_labels *s, const char *label, const char *path,
                           size_t line, ce_error *err)
{
    char *key = ce_summary_key_new(label);
    if (!key)
        return ce_error_nomem(err);
    if (!key[0]) {
        free(key);
        char q[256];
        return ce_error_set(err, CE_ERR_DATA, path, line,
                            "column \"label\": \"%s\" is no label (only spaces or punctuation)",
                            ce_error_quote(label, strlen(label), q, sizeof q));
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 32;
        char **keys = realloc(s->keys, cap * sizeof *keys);
        if (!keys) {
            free(key);
            return ce_error_nomem(err);
        }
        s->keys = keys;
        s->cap = cap;
    }
    s->keys[s->n++] = key;
    return CE_OK;
}

static ce_status on_record(void *ud, const ce_csv_record *rec, ce_error *err)
{
    ce_summary_labels *s = ud;
    if (rec->index == 0) {
        static const char *const names[] = {"label"};
        return ce_colmap_find_names(rec, names, 1, s->path,
                                    "(a summary-label file has label,note)", &s->col, err);
    }
    return add_label(s, rec->fields[s->col], s->path, rec->line, err);
}

ce_status ce_summary_labels_load(const char *path, ce_encoding enc, ce_summary_labels **out,
                                 ce_diag *diag, ce_error *err)
{
    ce_summary_labels *s = calloc(1, sizeof *s);
    if (!s)
        return ce_error_nomem(err);
    s->path = path;
    ce_status st = ce_csv_read(path, enc, on_record, s, NULL, diag, err);
    if (st == CE_OK && s->n == 0)
        st = ce_error_set(err, CE_ERR_DATA, path, 2, "no labels after the header");
    s->path = NULL;
    if (st != CE_OK) {
        ce_summary_labels_free(s);
        return st;
    }
    *out = s;
    return CE_OK;
}

ce_status ce_summary_labels_from(const char *const *labels, size_t n, ce_summary_labels **out,
                                 ce_error *err)
{
    ce_summary_labels *s = calloc(1, sizeof *s);
    if (!s)
        return ce_error_nomem(err);
    ce_status st = CE_OK;
    for (size_t i = 0; i < n && st == CE_OK; i++)
        st = add_label(s, labels[i], NULL, 0, err);
    if (st != CE_OK) {
        ce_summary_labels_free(s);
        return st;
    }
    *out = s;
    return CE_OK;
}

/* Whether key is one or more keys of s written together: ends[i] is 1 when
 * key's first i bytes are. */
static int is_labels(const ce_summary_labels *s, const char *key)
{
    size_t len = strlen(key);
    unsigned char small[256], *ends = len < sizeof small ? small : malloc(len + 1);
    if (!ends)
        return -1;
    memset(ends, 0, len + 1);
    ends[0] = 1;
    for (size_t i = 0; i < len; i++) {
        if (!ends[i])
            continue;
        for (size_t k = 0; k < s->n; k++) {
            size_t kl = strlen(s->keys[k]);
            if (kl <= len - i && memcmp(key + i, s->keys[k], kl) == 0)
                ends[i + kl] = 1;
        }
    }
    int hit = len > 0 && ends[len];
    if (ends != small)
        free(ends);
    return hit;
}

int ce_summary_labels_match(const ce_summary_labels *s, const char *text)
{
    if (!s || !text || !text[0])
        return 0;
    char *key = ce_summary_key_new(text);
    if (!key)
        return -1;
    int hit = is_labels(s, key);
    free(key);
    return hit;
}

ce_status ce_summary_rows_check(const ce_summary_rows *rows, const char *path, size_t line,
                                const char *id_label, const char *id, const char *name_label,
                                const char *name, int *drop, ce_diag *diag, ce_error *err)
{
    *drop = 0;
    if (!rows || !rows->labels)
        return CE_OK;
    const char *label = id_label, *text = id;
    int hit = ce_summary_labels_match(rows->labels, id);
    if (hit == 0) {
        label = name_label;
        text = name;
        hit = ce_summary_labels_match(rows->labels, name);
    }
    if (hit < 0)
        return ce_error_nomem(err);
    if (hit == 0)
        return CE_OK;
    char q[256];
    ce_error_quote(text, strlen(text), q, sizeof q);
    if (!rows->drop)
        return ce_error_set(err, CE_ERR_DATA, path, line,
                            "row looks like a summary row (%s \"%s\"): a total or average "
                            "must never be ranked or paid; %s",
                            label, q,
                            rows->hint ? rows->hint : "use --drop-summary-rows to drop it");
    *drop = 1;
    if (ce_diag_add(diag, "%s:%zu: summary row dropped (%s \"%s\") (--drop-summary-rows)", path,
                    line, label, q) != CE_OK)
        return ce_error_nomem(err);
    return CE_OK;
}
