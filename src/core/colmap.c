/* colmap.c - see colmap.h. */
#include "colmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/idkey.h"

#include "textindex.h"

char *ce_colmap_key_new(const char *text)
{
    char *k = ce_idkey_new(text);
    if (!k)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; k[i];) {
        unsigned char c = (unsigned char)k[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            i++;
        } else if (c == '[') {
            k[o++] = '(';
            i++;
        } else if (c == ']') {
            k[o++] = ')';
            i++;
        } else if (c == 0xE3 && (unsigned char)k[i + 1] == 0x80 &&
                   ((unsigned char)k[i + 2] == 0x90 || (unsigned char)k[i + 2] == 0x94)) {
            k[o++] = '('; /* 【 U+3010, 〔 U+3014 */
            i += 3;
        } else if (c == 0xE3 && (unsigned char)k[i + 1] == 0x80 &&
                   ((unsigned char)k[i + 2] == 0x91 || (unsigned char)k[i + 2] == 0x95)) {
            k[o++] = ')'; /* 】 U+3011, 〕 U+3015 */
            i += 3;
        } else {
            k[o++] = k[i++];
        }
    }
    k[o] = '\0';
    return k;
}

/* One accepted spelling: its key and the column it names. */
typedef struct {
    const char *key;
    char *owned; /* the key when the mapper made it, else NULL */
    size_t col;
    size_t other; /* another column with the same key, or (size_t)-1 */
} spelling;

typedef struct {
    spelling *s;
    size_t n, cap;
    ce_textindex ix;
    ce_colmap_match match;
} spellings;

static const char *spelling_key(const void *ctx, size_t i)
{
    return ((const spellings *)ctx)->s[i].key;
}

/* The key of text under match: text itself for CE_COLMAP_EXACT (*owned
 * NULL), else a new string (*owned = it). NULL when out of memory. */
static const char *key_of(ce_colmap_match match, const char *text, char **owned)
{
    *owned = NULL;
    if (match == CE_COLMAP_EXACT)
        return text;
    if (match == CE_COLMAP_LOOSE)
        return *owned = ce_colmap_key_new(text);
    if (!(*owned = strdup(text)))
        return NULL;
    for (char *c = *owned; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    return *owned;
}

/* Adds the spelling text (with "(unit)" after it when unit is not NULL) of
 * column col. Returns 0, or -1 when out of memory. */
static int add_spelling(spellings *sp, const char *text, const char *unit, size_t col)
{
    char *joined = NULL;
    if (unit) {
        size_t len = strlen(text) + strlen(unit) + 3;
        if (!(joined = malloc(len)))
            return -1;
        snprintf(joined, len, "%s(%s)", text, unit);
        text = joined;
    }
    char *owned;
    const char *key = key_of(sp->match, text, &owned);
    free(joined);
    if (!key)
        return -1;
    if (!key[0]) { /* an empty spelling names nothing */
        free(owned);
        return 0;
    }
    if (sp->n == sp->cap) {
        size_t cap = sp->cap ? 2 * sp->cap : 16;
        spelling *s = realloc(sp->s, cap * sizeof *s);
        if (!s) {
            free(owned);
            return -1;
        }
        sp->s = s;
        sp->cap = cap;
    }
    sp->s[sp->n] = (spelling){key, owned, col, (size_t)-1};
    size_t first;
    if (ce_textindex_add(&sp->ix, sp->n, &first) != 0) {
        free(owned);
        return -1;
    }
    if (first != CE_TEXTINDEX_NONE) { /* the key is there already */
        if (sp->s[first].col != col && sp->s[first].other == (size_t)-1)
            sp->s[first].other = col;
        free(owned);
        return 0;
    }
    sp->n++;
    return 0;
}

static void spellings_free(spellings *sp)
{
    for (size_t i = 0; i < sp->n; i++)
        free(sp->s[i].owned);
    free(sp->s);
    ce_textindex_free(&sp->ix);
}

static int add_column(spellings *sp, const ce_colmap_column *c, size_t col)
{
    int units = sp->match == CE_COLMAP_LOOSE && c->unit && c->unit[0];
    if (add_spelling(sp, c->name, NULL, col) != 0 ||
        (units && add_spelling(sp, c->name, c->unit, col) != 0))
        return -1;
    for (const char *const *a = c->aliases; a && *a; a++)
        if (add_spelling(sp, *a, NULL, col) != 0 || (units && add_spelling(sp, *a, c->unit, col)))
            return -1;
    return 0;
}

static ce_status duplicate_error(const ce_csv_record *h, const ce_colmap_column *c, long first,
                                 size_t later, const char *path, ce_error *err)
{
    const char *a = h->fields[first], *b = h->fields[later];
    if (strcmp(a, b) == 0)
        return ce_error_set(err, CE_ERR_DATA, path, h->line,
                            "column \"%s\" appears twice (columns %ld and %zu)", a, first + 1,
                            later + 1);
    char qa[256], qb[256];
    return ce_error_set(err, CE_ERR_DATA, path, h->line,
                        "column \"%s\" appears twice (columns %ld and %zu: \"%s\" and \"%s\")",
                        c->name, first + 1, later + 1, ce_error_quote(a, strlen(a), qa, sizeof qa),
                        ce_error_quote(b, strlen(b), qb, sizeof qb));
}

/* Maps every field; used[i] set for a field that names a column. */
static ce_status map_fields(const spellings *sp, const ce_csv_record *h,
                            const ce_colmap_column *cols, const ce_colmap_options *opt,
                            long *field, unsigned char *used, ce_error *err)
{
    for (size_t i = 0; i < h->nfields; i++) {
        char *owned;
        const char *key = key_of(sp->match, h->fields[i], &owned);
        if (!key)
            return ce_error_nomem(err);
        size_t at = key[0] ? ce_textindex_find(&sp->ix, key) : CE_TEXTINDEX_NONE;
        free(owned);
        if (at == CE_TEXTINDEX_NONE)
            continue;
        const spelling *s = &sp->s[at];
        if (s->other != (size_t)-1) {
            char q[256];
            return ce_error_set(err, CE_ERR_DATA, opt->path, h->line,
                                "column \"%s\" could be \"%s\" or \"%s\"",
                                ce_error_quote(h->fields[i], strlen(h->fields[i]), q, sizeof q),
                                cols[s->col].name, cols[s->other].name);
        }
        if (field[s->col] >= 0)
            return duplicate_error(h, &cols[s->col], field[s->col], i, opt->path, err);
        field[s->col] = (long)i;
        used[i] = 1;
    }
    return CE_OK;
}

ce_status ce_colmap_find(const ce_csv_record *header, const ce_colmap_column *cols, size_t n,
                         const ce_colmap_options *opt, long *field, ce_error *err)
{
    for (size_t c = 0; c < n; c++)
        field[c] = -1;
    spellings sp = {.match = opt->match};
    ce_textindex_init(&sp.ix, spelling_key, &sp);
    unsigned char *used = calloc(header->nfields ? header->nfields : 1, 1);
    ce_status st = used ? CE_OK : ce_error_nomem(err);
    for (size_t c = 0; st == CE_OK && c < n; c++)
        if (add_column(&sp, &cols[c], c) != 0)
            st = ce_error_nomem(err);
    if (st == CE_OK)
        st = map_fields(&sp, header, cols, opt, field, used, err);
    spellings_free(&sp);
    for (size_t c = 0; st == CE_OK && c < n; c++) {
        if (!cols[c].required || field[c] >= 0)
            continue;
        if (opt->on_missing && (st = opt->on_missing(opt->ctx, c, err)) != CE_OK)
            break;
        const char *h = opt->hint;
        st = ce_error_set(err, CE_ERR_DATA, opt->path, header->line,
                          opt->say_no_column ? "no \"%s\" column%s%s%s" : "missing column \"%s\"%s%s%s",
                          cols[c].name, h ? " (" : "", h ? h : "", h ? ")" : "");
    }
    if (st == CE_OK && opt->ignored_reason)
        st = ce_colmap_warn_ignored(header, used, opt->path, opt->ignored_reason, opt->diag,
                                    err);
    free(used);
    return st;
}

ce_status ce_colmap_find_names(const ce_csv_record *header, const char *const *names, size_t n,
                               const char *path, const char *hint, long *field, ce_error *err)
{
    ce_colmap_column *cols = malloc((n ? n : 1) * sizeof *cols);
    if (!cols)
        return ce_error_nomem(err);
    for (size_t c = 0; c < n; c++)
        cols[c] = (ce_colmap_column){names[c], NULL, NULL, 1};
    ce_colmap_options o = {.path = path, .hint = hint};
    ce_status st = ce_colmap_find(header, cols, n, &o, field, err);
    free(cols);
    return st;
}

ce_status ce_colmap_warn_ignored(const ce_csv_record *header, const unsigned char *used,
                                 const char *path, const char *reason, ce_diag *diag,
                                 ce_error *err)
{
    /* The first IGNORED_SHOWN of them, each cut to 100 bytes, and how many
     * more. */
    enum { IGNORED_SHOWN = 20 };
    char *ignored = NULL;
    size_t ignored_len = 0, n_ignored = 0;
    for (size_t i = 0; i < header->nfields; i++) {
        if (used[i])
            continue;
        if (n_ignored++ >= IGNORED_SHOWN)
            continue;
        const char *shown = header->fields[i][0] ? header->fields[i] : "(unnamed)";
        int len = (int)strnlen(shown, 101);
        if (len > 100) /* cut at a character boundary */
            for (len = 100; len > 0 && ((unsigned char)shown[len] & 0xC0) == 0x80;)
                len--;
        char *grown = realloc(ignored, ignored_len + (size_t)len + 3);
        if (!grown) {
            free(ignored);
            return ce_error_nomem(err);
        }
        ignored = grown;
        ignored_len += (size_t)snprintf(ignored + ignored_len, (size_t)len + 3, "%s%.*s",
                                        n_ignored > 1 ? ", " : "", len, shown);
    }
    char more[48] = "";
    if (n_ignored > IGNORED_SHOWN)
        snprintf(more, sizeof more, ", ... (%zu more)", n_ignored - IGNORED_SHOWN);
    ce_status st = CE_OK;
    if (n_ignored && ce_diag_add(diag, "%s: %zu column%s %s, ignored: %s%s", path, n_ignored,
                                 n_ignored == 1 ? "" : "s", reason, ignored, more) != CE_OK)
        st = ce_error_nomem(err);
    free(ignored);
    return st;
}
