/* fuzz_profile.c - libFuzzer harness for ce_profile_load (profile.h): the
 * input is a whole profile file. A profile that loads is checked against
 * what profile.h promises (a tree: parents and children agree, indicators
 * are the leaves with direction +1/-1, dimensions have no parent, the
 * postorder puts children before their parent, ce_profile_find finds every
 * code), written with ce_profile_write (into memory) and edited with
 * ce_profile_set_weight. */
#include "fuzz_util.h"

#include <math.h>
#include <stdint.h>

#include "clustereval/profile.h"
#include "clustereval/status.h"

static fuzz_file input;

static void close_input(void) { fuzz_file_close(&input); }

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_file_open(&input, "fuzz_profile");
    atexit(close_input);
    return 0;
}

static void check_tree(const ce_profile *p)
{
    size_t n = ce_profile_node_count(p), n_leaves, n_dims;
    const size_t *leaves = ce_profile_leaves(p, &n_leaves);
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    const size_t *post = ce_profile_postorder(p);
    FUZZ_CHECK(n > 0 && n_leaves > 0 && n_dims > 0, "n %zu leaves %zu dims %zu", n, n_leaves,
               n_dims);
    for (size_t k = 0; k < n_leaves; k++) {
        const ce_node *nd = ce_profile_node(p, leaves[k]);
        FUZZ_CHECK(leaves[k] < n && nd->n_children == 0 && nd->leaf == k, "leaf %zu", k);
        FUZZ_CHECK(nd->direction == 1 || nd->direction == -1, "leaf %zu direction %d", k,
                   nd->direction);
    }
    for (size_t k = 0; k < n_dims; k++)
        FUZZ_CHECK(dims[k] < n && ce_profile_node(p, dims[k])->parent == CE_NO_PARENT,
                   "dimension %zu", k);
    unsigned char *done = calloc(n, 1);
    if (!done)
        abort();
    for (size_t k = 0; k < n; k++) {
        size_t i = post[k];
        FUZZ_CHECK(i < n && !done[i], "postorder[%zu] = %zu", k, i);
        const ce_node *nd = ce_profile_node(p, i);
        for (size_t c = 0; c < nd->n_children; c++) {
            size_t ch = nd->children[c];
            FUZZ_CHECK(ch < n && done[ch], "child %zu of %zu not before it", ch, i);
            FUZZ_CHECK(ce_profile_node(p, ch)->parent == i, "child %zu has another parent", ch);
        }
        done[i] = 1;
    }
    free(done);
    size_t leaf_count = 0;
    for (size_t i = 0; i < n; i++) {
        const ce_node *nd = ce_profile_node(p, i);
        FUZZ_CHECK(nd->code && nd->code[0], "node %zu has no code", i);
        FUZZ_CHECK(ce_profile_find(p, nd->code) == i, "ce_profile_find(\"%s\") != %zu", nd->code,
                   i);
        FUZZ_CHECK(nd->weight >= 0 && isfinite(nd->weight), "node %zu weight %g", i,
                   nd->weight);
        FUZZ_CHECK(nd->parent == CE_NO_PARENT || nd->parent < n, "node %zu parent %zu", i,
                   nd->parent);
        leaf_count += nd->n_children == 0;
    }
    FUZZ_CHECK(leaf_count == n_leaves, "%zu childless nodes, %zu leaves", leaf_count, n_leaves);
    FUZZ_CHECK(ce_profile_find(p, "") == CE_NO_PARENT, "the empty code is found");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_file_put(&input, data, size);
    ce_diag diag;
    ce_diag_init(&diag);
    ce_error err;
    ce_profile *p = NULL;
    ce_status st = ce_profile_load(input.path, CE_ENC_AUTO, &p, &diag, &err);
    if (st != CE_OK) {
        FUZZ_CHECK(p == NULL, "*out set on failure");
        FUZZ_CHECK(st == CE_ERR_DATA || st == CE_ERR_IO, "status %d", (int)st);
        ce_diag_fini(&diag);
        return 0;
    }
    check_tree(p);

    char *out = NULL;
    size_t out_len = 0;
    FILE *sink = open_memstream(&out, &out_len);
    if (!sink)
        abort();
    FUZZ_CHECK(ce_profile_write(p, sink, &err) == CE_OK, "ce_profile_write: %s", err.msg);
    fclose(sink);
    free(out);

    size_t n = ce_profile_node_count(p);
    for (size_t i = 0; i < n && i < 64; i++) {
        const char *code = ce_profile_node(p, i)->code;
        (void)ce_profile_set_weight(p, code, 0.0, NULL, &err);
        (void)ce_profile_set_weight(p, code, 2.5, NULL, &err);
    }
    if (ce_profile_find(p, "no such code") == CE_NO_PARENT)
        FUZZ_CHECK(ce_profile_set_weight(p, "no such code", 1.0, NULL, &err) == CE_ERR_USAGE,
                   "unknown code accepted");
    check_tree(p);
    ce_profile_free(p);
    ce_diag_fini(&diag);
    return 0;
}
