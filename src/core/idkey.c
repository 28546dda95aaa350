/* idkey.c - see idkey.h. */
#include "clustereval/idkey.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static int is_blank(unsigned char c) { return c == ' ' || c == '\t'; }

/* Cuts spaces and tabs at either end of s, in place. */
static char *trim(char *s)
{
    size_t len = strlen(s), start = 0;
    while (len > 0 && is_blank((unsigned char)s[len - 1]))
        len--;
    while (start < len && is_blank((unsigned char)s[start]))
        start++;
    memmove(s, s + start, len - start);
    s[len - start] = '\0';
    return s;
}

char *ce_idkey_new(const char *id)
{
    /* Printable ASCII (the usual id) needs only case folding and the cut. */
    int ascii = 1;
    for (const unsigned char *c = (const unsigned char *)id; *c && ascii; c++)
        ascii = *c >= 0x20 && *c < 0x7F;
    if (ascii) {
        char *k = strdup(id);
        for (char *c = k; c && *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
        return k ? trim(k) : NULL;
    }
    utf8proc_uint8_t *k = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)id, 0, &k,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                          UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                          UTF8PROC_IGNORE);
    if (n == UTF8PROC_ERROR_NOMEM)
        return NULL;
    if (n < 0) { /* not UTF-8: the bytes as they are */
        char *copy = strdup(id);
        return copy ? trim(copy) : NULL;
    }
    return trim((char *)k);
}

typedef struct {
    char *key;
    size_t line, pos;
} keyed;

static int by_key_then_line(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);
    if (c)
        return c;
    if (a->line != b->line)
        return (a->line > b->line) - (a->line < b->line);
    return (a->pos > b->pos) - (a->pos < b->pos);
}

int ce_idkey_find_repeat(size_t n, ce_idkey_id_fn id_at, const void *ctx, size_t *first,
                         size_t *later)
{
    if (n < 2)
        return 0;
    keyed *v = malloc(n * sizeof *v);
    if (!v)
        return -1;
    size_t made = 0;
    int found = 0;
    for (; made < n; made++) {
        v[made].pos = made;
        v[made].key = ce_idkey_new(id_at(ctx, made, &v[made].line));
        if (!v[made].key)
            break;
    }
    if (made == n) {
        qsort(v, n, sizeof *v, by_key_then_line);
        const keyed *dup = NULL, *prev = NULL;
        for (size_t i = 1; i < n; i++)
            if (strcmp(v[i - 1].key, v[i].key) == 0 &&
                (!dup || v[i].line < dup->line ||
                 (v[i].line == dup->line && v[i].pos < dup->pos))) {
                dup = &v[i];
                prev = &v[i - 1];
            }
        if (dup) {
            *first = prev->pos;
            *later = dup->pos;
            found = 1;
        }
    }
    for (size_t i = 0; i < made; i++)
        free(v[i].key);
    free(v);
    return made == n ? found : -1;
}

/* Shows id in quotes' room: at most 60 bytes of it, characters that cannot
 * be seen (controls, format characters, spaces other than ASCII's) as
 * <U+XXXX>, text that is not UTF-8 as \xNN. */
static const char *show(const char *id, char *out, size_t size)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)id;
    size_t o = 0, i = 0, len = strlen(id);
    while (i < len && o + 12 < size) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (step < 0) {
            o += (size_t)snprintf(out + o, size - o, "\\x%02X", s[i]);
            i++;
            continue;
        }
        if (i >= 60) {
            o += (size_t)snprintf(out + o, size - o, "...");
            break;
        }
        utf8proc_category_t cat = utf8proc_category(cp);
        int unseen = cp < 0x20 || cp == 0x7F || cat == UTF8PROC_CATEGORY_CF ||
                     cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_ZL ||
                     cat == UTF8PROC_CATEGORY_ZP || (cat == UTF8PROC_CATEGORY_ZS && cp != ' ');
        if (unseen)
            o += (size_t)snprintf(out + o, size - o, "<U+%04X>", (unsigned)cp);
        else {
            memcpy(out + o, s + i, (size_t)step);
            o += (size_t)step;
        }
        i += (size_t)step;
    }
    out[o < size ? o : size - 1] = '\0';
    return out;
}

ce_status ce_idkey_lookalike_error(const char *path, const char *what, const char *noun,
                                   const char *first, size_t first_line, const char *later,
                                   size_t later_line, ce_error *err)
{
    char a[256], b[256];
    return ce_error_set(err, CE_ERR_DATA, path, later_line,
                        "duplicate %s \"%s\" (line %zu) and \"%s\" (line %zu) are the same %s "
                        "once case, full-width forms, spaces at either end and invisible "
                        "characters are set aside",
                        what, show(later, b, sizeof b), later_line, show(first, a, sizeof a),
                        first_line, noun);
}

ce_status ce_idkey_check_unique(const char *path, size_t n, ce_idkey_id_fn id_at,
                                const void *ctx, const char *what, const char *noun,
                                ce_error *err)
{
    size_t first, later, first_line, later_line;
    int found = ce_idkey_find_repeat(n, id_at, ctx, &first, &later);
    if (found < 0)
        return ce_error_nomem(err);
    if (!found)
        return CE_OK;
    const char *a = id_at(ctx, first, &first_line), *b = id_at(ctx, later, &later_line);
    if (strcmp(a, b) != 0)
        return ce_idkey_lookalike_error(path, what, noun, a, first_line, b, later_line, err);
    char q[256];
    return ce_error_set(err, CE_ERR_DATA, path, later_line,
                        "duplicate %s \"%s\" (first on line %zu)", what,
                        ce_error_quote(b, strlen(b), q, sizeof q), first_line);
}
