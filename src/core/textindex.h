/* textindex.h - finds an item by its text key in constant time. The index
 * holds positions 0..n-1 into the caller's own array; the caller's key
 * function gives the text of a position, so no key is copied. Used where a
 * linear search would make big inputs quadratic (a profile of 100,000 codes,
 * a header of 100,000 columns).
 */
#ifndef CLUSTEREVAL_TEXTINDEX_H
#define CLUSTEREVAL_TEXTINDEX_H

#include <stddef.h>
#include <stdint.h>

/* The text of position i of the caller's array. */
typedef const char *(*ce_textindex_key_fn)(const void *ctx, size_t i);

typedef struct {
    size_t *slot; /* position + 1; 0 = empty */
    size_t cap, n;
    ce_textindex_key_fn key;
    const void *ctx;
} ce_textindex;

#define CE_TEXTINDEX_NONE ((size_t)-1)

/* A 64-bit hash of a NUL-terminated text (FNV-1a with a final mix); never 0. */
uint64_t ce_text_hash(const char *s);

void ce_textindex_init(ce_textindex *ix, ce_textindex_key_fn key, const void *ctx);
void ce_textindex_free(ce_textindex *ix);
/* Adds position i under its key. Returns 0, or -1 when out of memory. When
 * the key is already there, nothing is added and *first (if not NULL) is the
 * position that holds it; otherwise *first is CE_TEXTINDEX_NONE. */
int ce_textindex_add(ce_textindex *ix, size_t i, size_t *first);
/* The position whose key is text, or CE_TEXTINDEX_NONE. */
size_t ce_textindex_find(const ce_textindex *ix, const char *text);

#endif
