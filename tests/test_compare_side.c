/* test_compare_side.c - ce_side_by_side_baseline / _previous
 * (compare_side.h) on the five clusters of testutil.h, whose ranks are
 * known by hand: c3 1, c5 2, c2 3, c4 4, c1 5; awards (top 2) c5 and c2. */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include "clustereval/compare_side.h"
#include "testutil.h"

static ce_profile *prof;
static ce_table *table;
static ce_result *res;

static ce_result *rank(const ce_table *t)
{
    return ce_test_five_rank(prof, t, NULL);
}

static void setup(void)
{
    ce_test_dir_init();
    ce_test_five_load(ce_test_dir, &prof, &table);
    res = rank(table);
}

static void teardown(void)
{
    ce_result_free(res);
    ce_table_free(table);
    ce_profile_free(prof);
    ce_test_dir_fini();
}

TestSuite(compare_side, .init = setup, .fini = teardown);

Test(compare_side, previous_matched_by_id_dropped_last)
{
    char path[256];
    /* c1 was first, c5 second, c9 (not in the data any more) third */
    ce_test_write_text(path, sizeof path, ce_test_dir, "prev.csv",
                       "id,name,score,award,rank\n"
                       "c1,One,80,yes,1\n"
                       "c9,Gone,60,no,3\n"
                       "c5,Five,70,yes,2\n");
    ce_compare_previous *p = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_compare_previous_read(path, CE_ENC_AUTO, &p, NULL, &err), CE_OK, "%s",
                 err.msg);
    ce_side_by_side s = {0};
    cr_assert_eq(ce_side_by_side_previous(&s, table, res, p, 10, &err), CE_OK, "%s", err.msg);
    cr_assert_str_eq(s.label, "previous");
    cr_assert_str_eq(s.rank_column, "previous_rank");
    cr_assert_str_eq(s.change_column, "change_vs_previous");
    cr_assert_str_eq(s.against, path);
    cr_assert_eq(s.matched, 1);
    cr_assert_eq(s.awards_b, 1);
    cr_assert_eq(s.scores_b, 1);
    cr_assert_eq(s.n, 6);
    static const char *const ids[] = {"c1", "c2", "c3", "c4", "c5", "c9"};
    static const double rank_a[] = {5, 3, 1, 4, 2, NAN};
    static const double rank_b[] = {1, NAN, NAN, NAN, 2, 3};
    static const unsigned char in_a[] = {1, 1, 1, 1, 1, 0}, in_b[] = {1, 0, 0, 0, 1, 1};
    for (size_t i = 0; i < 6; i++) {
        cr_assert_str_eq(s.id[i], ids[i]);
        cr_assert_eq(s.in_a[i], in_a[i], "row %zu", i);
        cr_assert_eq(s.in_b[i], in_b[i], "row %zu", i);
        if (isnan(rank_a[i]))
            cr_assert(isnan(s.rank_a[i]), "row %zu", i);
        else
            cr_assert_eq(s.rank_a[i], rank_a[i], "row %zu", i);
        if (isnan(rank_b[i]))
            cr_assert(isnan(s.rank_b[i]) && isnan(s.change[i]), "row %zu", i);
        else
            cr_assert_eq(s.rank_b[i], rank_b[i], "row %zu", i);
    }
    cr_assert_str_eq(s.name[5], "Gone");
    cr_assert_eq(s.change[0], -4); /* c1: 1 then, 5 now */
    cr_assert_eq(s.change[4], 0);  /* c5: 2 both years */
    cr_assert(isnan(s.change[5]));
    cr_assert_float_eq(s.score_b[0], 80, 1e-12);
    cr_assert_float_eq(s.score_a[0], 43.75, 1e-9);
    cr_assert_eq(s.award_a[1], CE_AWARD_YES); /* c2 is awarded now */
    cr_assert_eq(s.award_b[0], CE_AWARD_YES);
    cr_assert_eq(s.compared, 1);
    ce_side_by_side_fini(&s);
    ce_compare_previous_free(p);
}

Test(compare_side, baseline_of_the_same_rows)
{
    ce_result *rb = rank(table);
    ce_side_by_side s = {0};
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_side_by_side_baseline(&s, "default.csv with --baseline-set dA=2", "data.csv",
                                          table, res, table, rb, 10, &err),
                 CE_OK, "%s", err.msg);
    cr_assert_str_eq(s.label, "baseline");
    cr_assert_str_eq(s.rank_column, "baseline_rank");
    cr_assert_str_eq(s.change_column, "rank_change");
    cr_assert_str_eq(s.against, "default.csv with --baseline-set dA=2");
    cr_assert_eq(s.matched, 0);
    cr_assert_eq(s.n, 5);
    for (size_t i = 0; i < 5; i++) {
        cr_assert_eq(s.rank_a[i], s.rank_b[i]);
        cr_assert_eq(s.change[i], 0);
    }
    cr_assert_eq(s.rank_a[2], 1); /* c3 */
    cr_assert_eq(s.in.in_a, NULL);
    ce_side_by_side_fini(&s);
    ce_result_free(rb);
}

Test(compare_side, baseline_of_other_rows_is_refused)
{
    ce_table *other = ce_test_read_table(NULL, 0, ce_test_dir, "other.csv",
                                         "id,name,eligible,veto,a1,a2,b1,b2\n"
                                         "c2,Two,1,0,20,,50,7\n"
                                         "c1,One,1,0,10,5,0,7\n"
                                         "c3,Three,0,0,30,1,100,7\n"
                                         "c4,Four,1,1,0,3,20,7\n"
                                         "c5,Five,1,0,40,9,80,7\n",
                                         prof, CE_ENC_UTF8, NULL);
    ce_result *rb = rank(other);
    ce_side_by_side s = {0};
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_side_by_side_baseline(&s, "b.csv", "data.csv", table, res, other, rb, 10,
                                          &err),
                 CE_ERR_DATA);
    cr_assert_str_eq(err.file, "data.csv");
    cr_assert_str_eq(err.msg, "the file changed while it was read for the baseline");
    ce_side_by_side_fini(&s);
    ce_result_free(rb);
    ce_table_free(other);
}
