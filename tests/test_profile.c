/* test_profile.c - the indicator tree: loading, checks with their lines,
 * and the what-if weight change (profile.h, DESIGN.md §3.2). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/profile.h"

#include "testutil.h"

/* ---- a scratch folder per test ---- */

TestSuite(profile, .init = ce_test_dir_init, .fini = ce_test_dir_fini);
TestSuite(profile_error, .init = ce_test_dir_init, .fini = ce_test_dir_fini);
TestSuite(profile_set_weight, .init = ce_test_dir_init, .fini = ce_test_dir_fini);

#define HEADER "code,name,parent,weight,direction,unit\n"

/* Three levels: dimension -> sub-pillar -> indicators. Lines in comments. */
static const char tree_csv[] = HEADER            /* 1 */
    "scale,\xE7\xBB\xBC\xE5\x90\x88\xE5\xAE\x9E\xE5\x8A\x9B,,2,,\n" /* 2  综合实力 */
    "innov,\xE5\x88\x9B\xE6\x96\xB0,,1,,\n"      /* 3  创新 */
    "s_out,Output,scale,1,+,\xE4\xBA\xBF\xE5\x85\x83\n" /* 4  亿元 */
    "s_sub,Sub-pillar,scale,3,,\n"               /* 5 */
    "s_a,A,s_sub,1,-,\n"                         /* 6 */
    "s_b,B,s_sub,0.5,1,\n"                       /* 7 */
    "i_rd,R&D,innov,1,-1,%\n"                    /* 8 */
    "s_c,C,scale,0,+,\n";                        /* 9 */

enum { SCALE, INNOV, S_OUT, S_SUB, S_A, S_B, I_RD, S_C, N_NODES };

static ce_profile *load_tree(char *path, size_t cap)
{
    return ce_test_load_profile(path, cap, ce_test_dir, "tree.csv", tree_csv, CE_ENC_AUTO);
}

Test(profile, tree_nodes)
{
    char path[256];
    ce_profile *p = load_tree(path, sizeof path);
    cr_assert_str_eq(ce_profile_path(p), path);
    cr_assert_eq(ce_profile_node_count(p), N_NODES);

    static const struct {
        const char *code;
        size_t parent;
        double weight;
        int direction;
        size_t line, n_children;
    } want[N_NODES] = {
        {"scale", CE_NO_PARENT, 2.0, 0, 2, 3}, {"innov", CE_NO_PARENT, 1.0, 0, 3, 1},
        {"s_out", SCALE, 1.0, 1, 4, 0},        {"s_sub", SCALE, 3.0, 0, 5, 2},
        {"s_a", S_SUB, 1.0, -1, 6, 0},         {"s_b", S_SUB, 0.5, 1, 7, 0},
        {"i_rd", INNOV, 1.0, -1, 8, 0},        {"s_c", SCALE, 0.0, 1, 9, 0},
    };
    for (size_t i = 0; i < N_NODES; i++) {
        const ce_node *nd = ce_profile_node(p, i);
        cr_assert_str_eq(nd->code, want[i].code, "node %zu", i);
        cr_assert_eq(nd->parent, want[i].parent, "%s: parent %zu", nd->code, nd->parent);
        cr_assert(nd->weight == want[i].weight, "%s: weight %g", nd->code, nd->weight);
        cr_assert_eq(nd->direction, want[i].direction, "%s: direction %d", nd->code,
                     nd->direction);
        cr_assert_eq(nd->line, want[i].line, "%s: line %zu", nd->code, nd->line);
        cr_assert_eq(nd->n_children, want[i].n_children, "%s: %zu children", nd->code,
                     nd->n_children);
    }
    cr_assert_str_eq(ce_profile_node(p, SCALE)->name,
                     "\xE7\xBB\xBC\xE5\x90\x88\xE5\xAE\x9E\xE5\x8A\x9B");
    cr_assert_str_eq(ce_profile_node(p, S_OUT)->unit, "\xE4\xBA\xBF\xE5\x85\x83");
    cr_assert_str_eq(ce_profile_node(p, I_RD)->name, "R&D");
    cr_assert_str_eq(ce_profile_node(p, I_RD)->unit, "%");
    cr_assert_str_eq(ce_profile_node(p, S_SUB)->unit, "");
    ce_profile_free(p);
}

/* A profile saved with a BOM (as weights -o and Excel write them) reads as
 * the same tree: the first column is "code", not "\xEF\xBB\xBFcode". */
Test(profile, utf8_bom_accepted)
{
    char path[256], text[sizeof tree_csv + 3] = "\xEF\xBB\xBF";
    strcat(text, tree_csv);
    ce_profile *p = ce_test_load_profile(path, sizeof path, ce_test_dir, "bom.csv", text,
                                         CE_ENC_AUTO);
    cr_assert_eq(ce_profile_node_count(p), N_NODES);
    cr_assert_str_eq(ce_profile_node(p, SCALE)->code, "scale");
    cr_assert_float_eq(ce_profile_node(p, S_SUB)->weight, 3.0, 1e-12);
    cr_assert_eq(ce_profile_node(p, I_RD)->direction, -1);
    ce_profile_free(p);
}

Test(profile, tree_children_in_file_order)
{
    char path[256];
    ce_profile *p = load_tree(path, sizeof path);
    const ce_node *scale = ce_profile_node(p, SCALE);
    size_t want_scale[] = {S_OUT, S_SUB, S_C};
    cr_assert_arr_eq(scale->children, want_scale, sizeof want_scale);
    const ce_node *sub = ce_profile_node(p, S_SUB);
    size_t want_sub[] = {S_A, S_B};
    cr_assert_arr_eq(sub->children, want_sub, sizeof want_sub);
    const ce_node *innov = ce_profile_node(p, INNOV);
    cr_assert_eq(innov->children[0], I_RD);
    ce_profile_free(p);
}

Test(profile, tree_leaves_and_dimensions)
{
    char path[256];
    ce_profile *p = load_tree(path, sizeof path);
    size_t n = 0;
    const size_t *leaves = ce_profile_leaves(p, &n);
    size_t want_leaves[] = {S_OUT, S_A, S_B, I_RD, S_C};
    cr_assert_eq(n, 5);
    cr_assert_arr_eq(leaves, want_leaves, sizeof want_leaves);
    for (size_t k = 0; k < n; k++)
        cr_assert_eq(ce_profile_node(p, leaves[k])->leaf, k, "leaf %zu", k);

    const size_t *dims = ce_profile_dimensions(p, &n);
    size_t want_dims[] = {SCALE, INNOV};
    cr_assert_eq(n, 2);
    cr_assert_arr_eq(dims, want_dims, sizeof want_dims);
    ce_profile_free(p);
}

Test(profile, tree_postorder_children_before_parents)
{
    char path[256];
    ce_profile *p = load_tree(path, sizeof path);
    const size_t *post = ce_profile_postorder(p);
    size_t pos[N_NODES];
    for (size_t i = 0; i < N_NODES; i++)
        pos[i] = (size_t)-1;
    for (size_t k = 0; k < N_NODES; k++) {
        cr_assert_lt(post[k], N_NODES, "postorder[%zu] = %zu", k, post[k]);
        cr_assert_eq(pos[post[k]], (size_t)-1, "node %zu listed twice", post[k]);
        pos[post[k]] = k;
    }
    for (size_t i = 0; i < N_NODES; i++) {
        size_t par = ce_profile_node(p, i)->parent;
        if (par != CE_NO_PARENT)
            cr_assert_lt(pos[i], pos[par], "%s after its parent %s",
                         ce_profile_node(p, i)->code, ce_profile_node(p, par)->code);
    }
    /* The deepest path: s_a and s_b before s_sub, s_sub before scale. */
    cr_assert_lt(pos[S_A], pos[S_SUB]);
    cr_assert_lt(pos[S_B], pos[S_SUB]);
    cr_assert_lt(pos[S_SUB], pos[SCALE]);
    ce_profile_free(p);
}

Test(profile, find)
{
    char path[256];
    ce_profile *p = load_tree(path, sizeof path);
    cr_assert_eq(ce_profile_find(p, "scale"), SCALE);
    cr_assert_eq(ce_profile_find(p, "s_b"), S_B);
    cr_assert_eq(ce_profile_find(p, "s_c"), S_C);
    cr_assert_eq(ce_profile_find(p, "nope"), CE_NO_PARENT);
    cr_assert_eq(ce_profile_find(p, ""), CE_NO_PARENT);
    cr_assert_eq(ce_profile_find(p, "SCALE"), CE_NO_PARENT); /* codes are case-sensitive */
    cr_assert_eq(ce_profile_find(p, "s_"), CE_NO_PARENT);
    ce_profile_free(p);
}

Test(profile, columns_in_any_order_and_without_name_unit)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "order.csv",
                       "direction,weight,parent,code\n"
                       ",1,,d\n"
                       "+,2,d,x\n"
                       "-,0.25,d,y\n");
    ce_profile *p = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_profile_load(path, CE_ENC_AUTO, &p, NULL, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_profile_node_count(p), 3);
    cr_assert_str_eq(ce_profile_node(p, 1)->code, "x");
    cr_assert(ce_profile_node(p, 2)->weight == 0.25);
    cr_assert_eq(ce_profile_node(p, 2)->direction, -1);
    cr_assert_str_eq(ce_profile_node(p, 1)->name, "");
    cr_assert_str_eq(ce_profile_node(p, 1)->unit, "");
    ce_profile_free(p);
}

Test(profile, dimension_can_be_an_indicator)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "flat.csv", HEADER "a,,,1,+,\nb,,,3,-,\n");
    ce_profile *p = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_profile_load(path, CE_ENC_AUTO, &p, NULL, &err), CE_OK, "%s", err.msg);
    size_t nl = 0, nd = 0;
    const size_t *leaves = ce_profile_leaves(p, &nl);
    const size_t *dims = ce_profile_dimensions(p, &nd);
    cr_assert_eq(nl, 2);
    cr_assert_eq(nd, 2);
    cr_assert_eq(leaves[0], 0);
    cr_assert_eq(leaves[1], 1);
    cr_assert_eq(dims[0], 0);
    cr_assert_eq(dims[1], 1);
    cr_assert_eq(ce_profile_node(p, 1)->direction, -1);
    ce_profile_free(p);
}

Test(profile, child_defined_before_its_parent)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "forward.csv",
                       HEADER "x,,d,1,+,\nd,,,1,,\n");
    ce_profile *p = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_profile_load(path, CE_ENC_AUTO, &p, NULL, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_profile_node(p, 0)->parent, 1);
    cr_assert_eq(ce_profile_node(p, 1)->n_children, 1);
    cr_assert_eq(ce_profile_postorder(p)[0], 0);
    cr_assert_eq(ce_profile_postorder(p)[1], 1);
    ce_profile_free(p);
}

/* ce_node: "direction: +1 or -1 for indicators, 0 for groups". */
Test(profile, group_direction_is_zero_even_when_given)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "groupdir.csv",
                       HEADER "d,,,1,+,\nx,,d,1,-,\n");
    ce_profile *p = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_profile_load(path, CE_ENC_AUTO, &p, NULL, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_profile_node(p, 1)->direction, -1);
    int group_dir = ce_profile_node(p, 0)->direction;
    ce_profile_free(p);
    cr_assert_eq(group_dir, 0, "group \"d\" has direction %d, want 0", group_dir);
}

/* ---- errors: each with the profile's path and the exact line ---- */

static void load_fails(const char *name, const char *text, size_t line, const char *msg_part)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, name, text);
    ce_profile *p = NULL;
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_profile_load(path, CE_ENC_AUTO, &p, NULL, &err);
    cr_assert_eq(st, CE_ERR_DATA, "status %d (msg: %s)", (int)st, err.msg);
    cr_assert_null(p, "*out set on failure");
    cr_assert_str_eq(err.file, path);
    cr_assert_eq(err.line, line, "line %zu, want %zu (msg: %s)", err.line, line, err.msg);
    cr_assert_not_null(strstr(err.msg, msg_part), "message \"%s\" lacks \"%s\"", err.msg,
                       msg_part);
}

Test(profile_error, duplicate_code)
{
    load_fails("dup.csv", HEADER "d,,,1,,\nx,,d,1,+,\ny,,d,1,+,\nx,,d,2,-,\n", 5,
               "duplicate code \"x\" (first defined on line 3)");
}

Test(profile_error, unknown_parent)
{
    load_fails("parent.csv", HEADER "d,,,1,,\nx,,d,1,+,\ny,,dd,1,+,\n", 4, "\"dd\"");
}

Test(profile_error, cycle)
{
    load_fails("cycle.csv", HEADER "d,,,1,,\nx,,d,1,+,\na,,b,1,,\nb,,a,1,,\n", 4, "cycle");
}

Test(profile_error, cycle_only_nodes_with_parents)
{
    load_fails("cycle2.csv", HEADER "a,,b,1,,\nb,,a,1,,\n", 2, "cycle");
}

Test(profile_error, self_parent)
{
    load_fails("self.csv", HEADER "d,,,1,,\nx,,d,1,+,\nz,,z,1,+,\n", 4, "cycle");
}

Test(profile_error, indicator_without_direction)
{
    load_fails("nodir.csv", HEADER "d,,,1,,\nx,,d,1,+,\ny,,d,1,,\n", 4,
               "indicator \"y\" has no direction");
}

Test(profile_error, bad_direction)
{
    load_fails("updir.csv", HEADER "d,,,1,,\nx,,d,1,up,\n", 3, "\"up\" is not a direction");
}

Test(profile_error, bad_direction_two)
{
    load_fails("dir2.csv", HEADER "d,,,1,,\nx,,d,1,+,\ny,,d,1,2,\n", 4, "\"2\"");
}

Test(profile_error, negative_weight)
{
    load_fails("negw.csv", HEADER "d,,,1,,\nx,,d,1,+,\ny,,d,-0.5,+,\n", 4, "negative weight");
}

Test(profile_error, non_numeric_weight)
{
    load_fails("abcw.csv", HEADER "d,,,1,,\nx,,d,abc,+,\n", 3,
               "column \"weight\": cannot parse \"abc\"");
}

Test(profile_error, empty_weight)
{
    load_fails("emptyw.csv", HEADER "d,,,1,,\nx,,d,,+,\n", 3, "column \"weight\"");
}

Test(profile_error, group_with_all_zero_weights)
{
    load_fails("zerogroup.csv",
               HEADER "d,,,1,,\nx,,d,1,+,\ne,,,1,,\ny,,e,0,+,\nz,,e,0,-,\n", 4,
               "all weights of the children of \"e\" are zero");
}

Test(profile_error, all_top_level_weights_zero)
{
    load_fails("zerotop.csv", HEADER "d,,,0,,\nx,,d,1,+,\ne,,,0,,\ny,,e,1,+,\n", 2,
               "top-level dimensions are zero");
}

Test(profile_error, missing_direction_column)
{
    load_fails("nocol.csv", "code,name,parent,weight,unit\nd,,,1,\nx,,d,1,\n", 1,
               "missing column \"direction\"");
}

Test(profile_error, missing_code_column)
{
    load_fails("nocode.csv", "\n\nname,parent,weight,direction\nd,,1,\n", 3,
               "missing column \"code\"");
}

Test(profile_error, column_twice)
{
    load_fails("twice.csv", "code,name,parent,weight,direction,weight\nd,,,1,,1\n", 1,
               "column \"weight\" appears twice");
}

Test(profile_error, reserved_code_id)
{
    load_fails("id.csv", HEADER "d,,,1,,\nx,,d,1,+,\nid,,d,1,+,\n", 4, "\"id\" is reserved");
}

Test(profile_error, reserved_code_veto)
{
    load_fails("veto.csv", HEADER "d,,,1,,\nveto,,d,1,-,\n", 3, "\"veto\" is reserved");
}

Test(profile_error, empty_code)
{
    load_fails("emptycode.csv", HEADER "d,,,1,,\nx,,d,1,+,\n,name,d,1,+,\n", 4, "empty code");
}

Test(profile_error, header_only)
{
    load_fails("headeronly.csv", HEADER, 1, "no indicators");
}

Test(profile_error, ragged_row)
{
    load_fails("ragged.csv", HEADER "d,,,1,,\nx,,d,1,+\n", 3, "fields");
}

Test(profile_error, missing_file_is_io)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "none.csv");
    ce_profile *p = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_profile_load(path, CE_ENC_AUTO, &p, NULL, &err), CE_ERR_IO);
    cr_assert_null(p);
    cr_assert_str_eq(err.file, path);
}

/* ---- the what-if weight change ---- */

Test(profile_set_weight, changes_the_weight)
{
    char path[256];
    ce_profile *p = load_tree(path, sizeof path);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_profile_set_weight(p, "s_b", 2.5, "--set", &err), CE_OK, "%s", err.msg);
    cr_assert(ce_profile_node(p, S_B)->weight == 2.5);
    cr_assert_eq(ce_profile_set_weight(p, "innov", 0.0, "--set", &err), CE_OK, "%s", err.msg);
    cr_assert(ce_profile_node(p, INNOV)->weight == 0.0);
    cr_assert_eq(ce_profile_set_weight(p, "s_c", 4.0, "--set", &err), CE_OK, "%s", err.msg);
    cr_assert(ce_profile_node(p, S_C)->weight == 4.0);
    /* the siblings are untouched */
    cr_assert(ce_profile_node(p, S_A)->weight == 1.0);
    cr_assert(ce_profile_node(p, SCALE)->weight == 2.0);
    ce_profile_free(p);
}

/* --set CODE=40%: three dimensions weighing 1, 1, 2 (shares 25%, 25%, 50%).
 * a=40% by hand: a takes 0.4 of the group; b and c keep their 1:2 among
 * the remaining 0.6, b = 0.6 * 1/3 = 0.2, c = 0.6 * 2/3 = 0.4. */
static const char abc_csv[] = HEADER "a,A,,1,,\nb,B,,1,,\nc,C,,2,,\n"
                                     "x,X,a,1,+,\ny,Y,b,1,+,\nz,Z,c,1,+,\nz2,Z2,c,3,+,\n";
enum { ABC_A, ABC_B, ABC_C, ABC_X, ABC_Y, ABC_Z, ABC_Z2 };

static double share_of(const ce_profile *p, size_t i)
{
    size_t parent = ce_profile_node(p, i)->parent;
    double total = 0;
    for (size_t k = 0; k < ce_profile_node_count(p); k++)
        if (ce_profile_node(p, k)->parent == parent)
            total += ce_profile_node(p, k)->weight;
    return ce_profile_node(p, i)->weight / total;
}

Test(profile_set_weight, share_of_the_siblings)
{
    char path[256];
    ce_profile *p = ce_test_load_profile(path, sizeof path, ce_test_dir, "abc.csv", abc_csv,
                                         CE_ENC_AUTO);
    ce_error err = {{0}, 0, {0}};
    const char *codes[] = {"a"};
    const double shares[] = {0.40};
    cr_assert_eq(ce_profile_set_shares(p, codes, shares, 1, "--set", &err), CE_OK, "%s",
                 err.msg);
    /* The group is rescaled to sum 1: the weights are the shares. */
    cr_assert_float_eq(ce_profile_node(p, ABC_A)->weight, 0.4, 1e-15);
    cr_assert_float_eq(ce_profile_node(p, ABC_B)->weight, 0.2, 1e-15);
    cr_assert_float_eq(ce_profile_node(p, ABC_C)->weight, 0.4, 1e-15);
    cr_assert_float_eq(share_of(p, ABC_A), 0.4, 1e-15);
    cr_assert_float_eq(share_of(p, ABC_B), 0.2, 1e-15);
    cr_assert_float_eq(share_of(p, ABC_C), 0.4, 1e-15);
    /* Other groups untouched. */
    cr_assert(ce_profile_node(p, ABC_Z)->weight == 1.0 && ce_profile_node(p, ABC_Z2)->weight == 3.0);
    cr_assert_eq(ce_profile_check_weights(p, &err), CE_OK, "%s", err.msg);
    ce_profile_free(p);
}

Test(profile_set_weight, shares_of_two_siblings_and_of_an_indicator)
{
    char path[256];
    ce_profile *p = ce_test_load_profile(path, sizeof path, ce_test_dir, "abc.csv", abc_csv,
                                         CE_ENC_AUTO);
    ce_error err = {{0}, 0, {0}};
    /* a=50%, b=30%: c alone keeps the remaining 20%; z=10% of c's two
     * indicators, z2 the remaining 90%; a given twice: the last counts. */
    const char *codes[] = {"a", "b", "z", "a"};
    const double shares[] = {0.9, 0.3, 0.1, 0.5};
    cr_assert_eq(ce_profile_set_shares(p, codes, shares, 4, NULL, &err), CE_OK, "%s", err.msg);
    cr_assert_float_eq(share_of(p, ABC_A), 0.5, 1e-15);
    cr_assert_float_eq(share_of(p, ABC_B), 0.3, 1e-15);
    cr_assert_float_eq(share_of(p, ABC_C), 0.2, 1e-15);
    cr_assert_float_eq(share_of(p, ABC_Z), 0.1, 1e-15);
    cr_assert_float_eq(share_of(p, ABC_Z2), 0.9, 1e-15);
    ce_profile_free(p);
}

Test(profile_set_weight, shares_refused)
{
    char path[256];
    ce_profile *p = ce_test_load_profile(path, sizeof path, ce_test_dir, "abc.csv", abc_csv,
                                         CE_ENC_AUTO);
    ce_error err = {{0}, 0, {0}};
    static const struct {
        const char *code;
        double share;
        const char *msg;
    } bad[] = {
        {"a", 1.0, "--set a=100%: a share must be below 100%"},
        {"a", 1.5, "--set a=150%: a share must be below 100%"},
        {"a", -0.1, "--set a=-10%: a share must be below 100% and not negative"},
        {"x", 0.4, "--set x=40%: a share of its siblings, and it has none with a weight"},
        {"nope", 0.4, "--set: no node \"nope\""},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        cr_assert_eq(ce_profile_set_shares(p, &bad[k].code, &bad[k].share, 1, "--set", &err),
                     CE_ERR_USAGE, "%s", bad[k].code);
        cr_assert_not_null(strstr(err.msg, bad[k].msg), "%zu: %s", k, err.msg);
    }
    /* Siblings all weighing 0: a share of nothing. */
    cr_assert_eq(ce_profile_set_weight(p, "b", 0, NULL, &err), CE_OK);
    cr_assert_eq(ce_profile_set_weight(p, "c", 0, NULL, &err), CE_OK);
    const char *a = "a";
    double s = 0.4;
    cr_assert_eq(ce_profile_set_shares(p, &a, &s, 1, "--set", &err), CE_ERR_USAGE);
    cr_assert_not_null(strstr(err.msg, "--set a=40%: a share of its siblings, and it has none "
                                       "with a weight"), "%s", err.msg);
    /* Two shares of one group adding to 100% or more. */
    cr_assert_eq(ce_profile_set_weight(p, "b", 1, NULL, &err), CE_OK);
    cr_assert_eq(ce_profile_set_weight(p, "c", 2, NULL, &err), CE_OK);
    const char *two[] = {"a", "b"};
    const double sh[] = {0.6, 0.4};
    cr_assert_eq(ce_profile_set_shares(p, two, sh, 2, "--set", &err), CE_ERR_USAGE);
    cr_assert_not_null(strstr(err.msg, "--set a=60%: the shares of its group add to 100%"),
                       "%s", err.msg);
    /* Nothing was changed by a refused call. */
    cr_assert(ce_profile_node(p, ABC_A)->weight == 1.0 && ce_profile_node(p, ABC_B)->weight == 1.0);
    ce_profile_free(p);
}

Test(profile_set_weight, unknown_code)
{
    char path[256];
    ce_profile *p = load_tree(path, sizeof path);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_profile_set_weight(p, "nope", 1.0, "--set", &err), CE_ERR_USAGE);
    cr_assert_not_null(strstr(err.msg, "\"nope\""), "msg: %s", err.msg);
    ce_profile_free(p);
}

/* The messages name the problem; the label (the CLI's option) is data. */
Test(profile_set_weight, messages_with_and_without_a_label)
{
    char path[256], want[600];
    ce_profile *p = load_tree(path, sizeof path);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_profile_set_weight(p, "nope", 1.0, NULL, &err), CE_ERR_USAGE);
    snprintf(want, sizeof want, "no node \"nope\" in %s", path);
    cr_assert_str_eq(err.msg, want);
    cr_assert_str_eq(err.file, "");
    cr_assert_eq(ce_profile_set_weight(p, "nope", 1.0, "--baseline-set", &err), CE_ERR_USAGE);
    snprintf(want, sizeof want, "--baseline-set: no node \"nope\" in %s", path);
    cr_assert_str_eq(err.msg, want);
    cr_assert_eq(ce_profile_set_weight(p, "s_a", -0.5, NULL, &err), CE_ERR_USAGE);
    cr_assert_str_eq(err.msg, "s_a: weight must be >= 0");
    cr_assert_eq(ce_profile_set_weight(p, "s_a", -0.5, "--set", &err), CE_ERR_USAGE);
    cr_assert_str_eq(err.msg, "--set s_a: weight must be >= 0");
    cr_assert_eq(ce_profile_set_weight(p, "i_rd", 0.0, NULL, &err), CE_ERR_USAGE);
    cr_assert_str_eq(err.msg, "i_rd=0: every weight of its group would be zero");
    cr_assert_eq(ce_profile_set_weight(p, "i_rd", 0.0, "--baseline-set", &err), CE_ERR_USAGE);
    cr_assert_str_eq(err.msg, "--baseline-set i_rd=0: every weight of its group would be zero");
    ce_profile_free(p);
}

Test(profile_set_weight, negative_and_nan_rejected)
{
    char path[256];
    ce_profile *p = load_tree(path, sizeof path);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_profile_set_weight(p, "s_a", -0.1, "--set", &err), CE_ERR_USAGE);
    cr_assert(ce_profile_node(p, S_A)->weight == 1.0);
    cr_assert_not_null(strstr(err.msg, "s_a"), "msg: %s", err.msg);
    cr_assert_eq(ce_profile_set_weight(p, "s_a", NAN, "--set", &err), CE_ERR_USAGE);
    cr_assert(ce_profile_node(p, S_A)->weight == 1.0);
    ce_profile_free(p);
}

Test(profile_set_weight, all_zero_in_group_rejected_and_old_kept)
{
    char path[256];
    ce_profile *p = load_tree(path, sizeof path);
    ce_error err = {{0}, 0, {0}};
    /* innov has the single child i_rd */
    cr_assert_eq(ce_profile_set_weight(p, "i_rd", 0.0, "--set", &err), CE_ERR_USAGE);
    cr_assert(ce_profile_node(p, I_RD)->weight == 1.0);
    /* scale's children: s_out 1, s_sub 3, s_c 0 */
    cr_assert_eq(ce_profile_set_weight(p, "s_out", 0.0, "--set", &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_profile_set_weight(p, "s_sub", 0.0, "--set", &err), CE_ERR_USAGE);
    cr_assert(ce_profile_node(p, S_SUB)->weight == 3.0);
    cr_assert(ce_profile_node(p, S_OUT)->weight == 0.0);
    /* the dimensions: scale 2, innov 1 */
    cr_assert_eq(ce_profile_set_weight(p, "scale", 0.0, "--set", &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_profile_set_weight(p, "innov", 0.0, "--set", &err), CE_ERR_USAGE);
    cr_assert_not_null(strstr(err.msg, "zero"), "msg: %s", err.msg);
    cr_assert(ce_profile_node(p, INNOV)->weight == 1.0);
    cr_assert(ce_profile_node(p, SCALE)->weight == 0.0);
    ce_profile_free(p);
}

Test(profile_error, cycle_reached_from_outside_names_a_node_on_the_cycle)
{
    /* c hangs below the cycle a <-> b: the message names a (line 2), the
     * cycle's first node in the file, and spells the cycle out. */
    load_fails("cycle3.csv", HEADER "a,,b,1,,\nb,,a,1,,\nc,,a,1,+,\n", 2,
               "\"a\" is its own ancestor: the parents form a cycle (a -> b -> a)");
}

/* ---- weights near DBL_MAX and ratios beyond a double (issue 13 §3) ---- */

Test(profile, huge_weights_load_as_given)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "huge.csv",
                       HEADER "d,,,1.7e308,,\ne,,,1.7e308,,\nx,,d,1.7e308,+,\n"
                              "y,,d,1.7e308,+,\nz,,d,1.7e308,-,\nw,,e,1,+,\n");
    ce_profile *p = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_profile_load(path, CE_ENC_AUTO, &p, NULL, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_profile_node(p, ce_profile_find(p, "x"))->weight, 1.7e308);
    cr_assert_eq(ce_profile_check_weights(p, &err), CE_OK, "%s", err.msg);
    ce_profile_free(p);
}

Test(profile, weight_shift)
{
    /* 1.7e308 = 0.94... * 2^1024: shifted by -1023 into [1, 2) */
    cr_assert_eq(ce_profile_weight_shift(1.7e308), -1023);
    cr_assert_eq(ce_profile_weight_shift(1), 0);
    cr_assert_eq(ce_profile_weight_shift(1.5), 0);
    cr_assert_eq(ce_profile_weight_shift(2), -1);
    cr_assert_eq(ce_profile_weight_shift(25), -4); /* 25 / 16 = 1.5625 */
    cr_assert_eq(ce_profile_weight_shift(0.25), 2);
    cr_assert_eq(ce_profile_weight_shift(4.9e-324), 1074); /* the least subnormal */
    cr_assert_eq(ce_profile_weight_shift(0), 0);
    cr_assert_eq(ldexp(1.7e308, -1023) + ldexp(1.7e308, -1023), 2 * ldexp(1.7e308, -1023));
}

Test(profile_error, weight_ratio_beyond_a_double)
{
    /* 1e300 / 1e-10 = 1e310 > 2^1022: the small one is named, with its line */
    load_fails("ratio.csv", HEADER "d,,,1,,\nx,,d,1e300,+,\ny,,d,1e-10,+,\n", 4,
               "weight 1e-10 of \"y\" is too small beside 1e+300 of its sibling \"x\" (line 3)");
    load_fails("ratiotop.csv", HEADER "d,,,1e-300,+,\ne,,,1e10,-,\n", 2,
               "weight 1e-300 of \"d\" is too small beside 1e+10 of its sibling \"e\" (line 3)");
}

Test(profile, weight_ratio_at_the_limit_loads)
{
    /* 1e300 / 1e-7 = 1e307 < 2^1022 = 4.49e307: computed with */
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "limit.csv",
                       HEADER "d,,,1,,\nx,,d,1e300,+,\ny,,d,1e-7,+,\n");
    ce_profile *p = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_profile_load(path, CE_ENC_AUTO, &p, NULL, &err), CE_OK, "%s", err.msg);
    ce_profile_free(p);
}

Test(profile_set_weight, ratio_checked_once_all_are_set)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "pair.csv",
                       HEADER "a,,,1,+,\nb,,,1,+,\n");
    ce_profile *p = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_profile_load(path, CE_ENC_AUTO, &p, NULL, &err), CE_OK, "%s", err.msg);
    /* a = 1.7e308 beside b = 1 is refused, but only once both are set */
    cr_assert_eq(ce_profile_set_weight(p, "a", 1.7e308, "--set", &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_profile_check_weights(p, &err), CE_ERR_USAGE);
    cr_assert_not_null(strstr(err.msg, "weight 1 of \"b\" is too small beside 1.7e+308 of its "
                                       "sibling \"a\""),
                       "%s", err.msg);
    cr_assert_eq(err.line, 0);
    cr_assert_eq(ce_profile_set_weight(p, "b", 1.7e308, "--set", &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_profile_check_weights(p, &err), CE_OK, "%s", err.msg);
    ce_profile_free(p);
}

/* The columns a profile does not read: one warning listing them (colmap.h). */
Test(profile, other_columns_one_warning)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "extra.csv",
                       "note,code,name,parent,weight,direction,unit,source\n"
                       "n,d,,,1,,,s\nn,x,,d,1,+,,s\n");
    ce_diag diag;
    ce_diag_init(&diag);
    ce_profile *p = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_profile_load(path, CE_ENC_AUTO, &p, &diag, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(diag.count, 1, "%zu warnings", diag.count);
    char want[512];
    snprintf(want, sizeof want, "%s: 2 columns unknown to a profile, ignored: note, source",
             path);
    cr_expect_str_eq(diag.items[0], want);
    ce_profile_free(p);
    ce_diag_fini(&diag);
}

Test(profile_error, column_twice_names_both_columns)
{
    load_fails("twice2.csv", "code,name,parent,weight,direction,weight\nd,,,1,,1\n", 1,
               "column \"weight\" appears twice (columns 4 and 6)");
}
