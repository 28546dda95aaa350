/* test_textindex.c - ce_textindex (textindex.h): positions found by their
 * text, duplicates reported with the first position, growth past many
 * rehashes, and keys that differ only after a shared prefix. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textindex.h"

static const char *key_of(const void *ctx, size_t i) { return ((char *const *)ctx)[i]; }

Test(textindex, empty_index_finds_nothing)
{
    ce_textindex ix;
    ce_textindex_init(&ix, key_of, NULL);
    cr_assert_eq(ce_textindex_find(&ix, "a"), CE_TEXTINDEX_NONE);
    ce_textindex_free(&ix);
}

Test(textindex, finds_each_key_and_reports_the_first_duplicate)
{
    char *keys[] = {"gdp", "jobs", "", "集群", "gdp", "jobs2"};
    ce_textindex ix;
    ce_textindex_init(&ix, key_of, keys);
    size_t first = 0;
    for (size_t i = 0; i < 4; i++) {
        cr_assert_eq(ce_textindex_add(&ix, i, &first), 0);
        cr_assert_eq(first, CE_TEXTINDEX_NONE);
    }
    cr_assert_eq(ce_textindex_add(&ix, 4, &first), 0);
    cr_assert_eq(first, 0, "the duplicate \"gdp\" names position 0, got %zu", first);
    cr_assert_eq(ce_textindex_add(&ix, 5, &first), 0);
    cr_assert_eq(first, CE_TEXTINDEX_NONE);
    cr_assert_eq(ce_textindex_find(&ix, "gdp"), 0);
    cr_assert_eq(ce_textindex_find(&ix, "jobs"), 1);
    cr_assert_eq(ce_textindex_find(&ix, ""), 2);
    cr_assert_eq(ce_textindex_find(&ix, "集群"), 3);
    cr_assert_eq(ce_textindex_find(&ix, "jobs2"), 5);
    cr_assert_eq(ce_textindex_find(&ix, "job"), CE_TEXTINDEX_NONE);
    cr_assert_eq(ix.n, 5);
    ce_textindex_free(&ix);
}

Test(textindex, hundred_thousand_keys_through_many_rehashes)
{
    enum { N = 100000 };
    char **keys = malloc(N * sizeof *keys);
    cr_assert_not_null(keys);
    for (size_t i = 0; i < N; i++) {
        keys[i] = malloc(16);
        cr_assert_not_null(keys[i]);
        snprintf(keys[i], 16, "i%zu", i);
    }
    ce_textindex ix;
    ce_textindex_init(&ix, key_of, keys);
    for (size_t i = 0; i < N; i++)
        cr_assert_eq(ce_textindex_add(&ix, i, NULL), 0);
    cr_assert_eq(ix.n, N);
    cr_assert(ix.cap >= 2 * N, "at most half full: cap %zu", ix.cap);
    for (size_t i = 0; i < N; i++)
        cr_assert_eq(ce_textindex_find(&ix, keys[i]), i, "key %s", keys[i]);
    cr_assert_eq(ce_textindex_find(&ix, "i100000"), CE_TEXTINDEX_NONE);
    ce_textindex_free(&ix);
    for (size_t i = 0; i < N; i++)
        free(keys[i]);
    free(keys);
}

/* FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c; the final mix is fixed, so the
 * hash of a text never changes between runs or machines. */
Test(textindex, hash_is_deterministic_and_never_zero)
{
    cr_assert_eq(ce_text_hash("a"), ce_text_hash("a"));
    cr_assert_neq(ce_text_hash("a"), ce_text_hash("b"));
    cr_assert_neq(ce_text_hash(""), 0);
    uint64_t h = 0xaf63dc4c8601ec8cULL;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    cr_assert_eq(ce_text_hash("a"), h);
}
