/* textindex.c - see textindex.h. Open addressing with linear probing, at
 * most half full. */
#include "textindex.h"

#include <stdlib.h>
#include <string.h>

uint64_t ce_text_hash(const char *s)
{
    uint64_t h = 14695981039346656037ULL; /* FNV-1a 64 */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h ? h : 1;
}

void ce_textindex_init(ce_textindex *ix, ce_textindex_key_fn key, const void *ctx)
{
    ix->slot = NULL;
    ix->cap = ix->n = 0;
    ix->key = key;
    ix->ctx = ctx;
}

void ce_textindex_free(ce_textindex *ix)
{
    free(ix->slot);
    ix->slot = NULL;
    ix->cap = ix->n = 0;
}

/* The slot holding text, or the empty slot where it would go. */
static size_t probe(const ce_textindex *ix, const char *text)
{
    size_t mask = ix->cap - 1, k = (size_t)ce_text_hash(text) & mask;
    while (ix->slot[k] && strcmp(ix->key(ix->ctx, ix->slot[k] - 1), text) != 0)
        k = (k + 1) & mask;
    return k;
}

static int grow(ce_textindex *ix)
{
    size_t cap = ix->cap ? 2 * ix->cap : 64;
    size_t *old = ix->slot, old_cap = ix->cap;
    ix->slot = calloc(cap, sizeof *ix->slot);
    if (!ix->slot) {
        ix->slot = old;
        return -1;
    }
    ix->cap = cap;
    for (size_t k = 0; k < old_cap; k++)
        if (old[k])
            ix->slot[probe(ix, ix->key(ix->ctx, old[k] - 1))] = old[k];
    free(old);
    return 0;
}

int ce_textindex_add(ce_textindex *ix, size_t i, size_t *first)
{
    if (first)
        *first = CE_TEXTINDEX_NONE;
    if (2 * (ix->n + 1) > ix->cap && grow(ix) != 0)
        return -1;
    size_t k = probe(ix, ix->key(ix->ctx, i));
    if (ix->slot[k]) {
        if (first)
            *first = ix->slot[k] - 1;
        return 0;
    }
    ix->slot[k] = i + 1;
    ix->n++;
    return 0;
}

size_t ce_textindex_find(const ce_textindex *ix, const char *text)
{
    if (ix->n == 0)
        return CE_TEXTINDEX_NONE;
    size_t k = probe(ix, text);
    return ix->slot[k] ? ix->slot[k] - 1 : CE_TEXTINDEX_NONE;
}
