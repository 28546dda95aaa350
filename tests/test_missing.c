/* test_missing.c - the missing-value rule (missing.h, issue 15 §1): the
 * rules worst (min-max and z-score), zero and skip computed by hand on four
 * clusters and three indicators with one value missing; where the rule
 * comes from (profile cell, group cell, row `*`, --missing, --impute); a
 * whole dimension missing takes a cluster out of the awards. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/missing.h"
#include "clustereval/pipeline.h"

#include "testutil.h"

#define EPS 1e-9

static ce_profile *g_prof;
static ce_table *g_table;
static ce_result *g_res;
static ce_diag g_diag;

static void setup(void)
{
    ce_test_dir_init();
    ce_diag_init(&g_diag);
}

static void teardown(void)
{
    ce_result_free(g_res);
    ce_table_free(g_table);
    ce_profile_free(g_prof);
    ce_diag_fini(&g_diag);
    ce_test_dir_fini();
}

TestSuite(missing, .init = setup, .fini = teardown);

/* d1 = mean(a, b), d2 = c; composite = mean(d1, d2). */
static const char PROFILE[] = "code,name,parent,weight,direction,unit\n"
                              "d1,,,1,,\n"
                              "d2,,,1,,\n"
                              "a,,d1,1,+,\n"
                              "b,,d1,1,+,\n"
                              "c,,d2,1,+,\n";

/* K2 has no b. */
static const char DATA[] = "id,name,a,b,c\n"
                           "K1,One,10,20,30\n"
                           "K2,Two,20,,10\n"
                           "K3,Three,30,40,20\n"
                           "K4,Four,40,60,40\n";

static void run_with(const char *profile, const char *data, ce_missing_kind cli,
                     ce_normalize_method norm, ce_impute_method impute)
{
    g_prof = ce_test_load_profile(NULL, 0, ce_test_dir, "profile.csv", profile, CE_ENC_UTF8);
    g_table = ce_test_read_table(NULL, 0, ce_test_dir, "data.csv", data, g_prof, CE_ENC_UTF8,
                                 NULL);
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    o.missing.kind = cli;
    o.normalize.method = norm;
    o.impute = impute;
    o.top = 2;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_pipeline_run(g_table, g_prof, &o, &g_res, &g_diag, &err), CE_OK, "%s",
                 err.msg);
}

static void run(ce_missing_kind cli) { run_with(PROFILE, DATA, cli, CE_NORMALIZE_MINMAX, 0); }

static void expect_composite(const double want[4])
{
    for (size_t i = 0; i < 4; i++)
        cr_assert_float_eq(g_res->composite[i], want[i], EPS, "composite[%zu] = %.17g, want %.17g",
                           i, g_res->composite[i], want[i]);
}

/* Min-max 0-100: a 0, 33.33, 66.67, 100; b over 20,40,60: K1 0, K3 50,
 * K4 100; c 66.67, 0, 33.33, 100.
 * skip: K2's d1 = a alone = 33.333; composite (33.333 + 0)/2 = 16.667;
 *       K1 (0 + 66.667)/2 = 33.333; K3 ((66.667+50)/2 + 33.333)/2 = 45.833. */
Test(missing, skip_rescales_like_coinr)
{
    run(CE_MISSING_SKIP);
    expect_composite((double[]){100.0 / 3, 50.0 / 3, 45.833333333333333, 100});
    cr_assert(isnan(g_res->norm[1 * 3 + 1]));
    cr_assert_str_eq(g_res->notes[1], "missing (left out, weights rescaled): b");
    cr_assert_eq(g_res->rank[1], 4);
}

/* worst under min-max: K2's b scores 0; d1 = (33.333 + 0)/2 = 16.667;
 * composite (16.667 + 0)/2 = 8.333. The others as under skip. */
Test(missing, worst_under_minmax_is_the_range_low)
{
    run(CE_MISSING_WORST);
    cr_assert_float_eq(g_res->norm[1 * 3 + 1], 0, EPS);
    expect_composite((double[]){100.0 / 3, 25.0 / 3, 45.833333333333333, 100});
    cr_assert_str_eq(g_res->notes[1], "missing (scored the worst): b=0");
}

/* The default is worst. */
Test(missing, default_is_worst)
{
    run(CE_MISSING_UNSET);
    expect_composite((double[]){100.0 / 3, 25.0 / 3, 45.833333333333333, 100});
}

/* worst under z-score (sample sd): b over 20,40,60: mean 40, sd 20 ->
 * K1 -1, K3 0, K4 1; K2 gets the lowest, -1. a: mean 25, sd sqrt(500/3),
 * K2 -5/12.909944 = -0.387298; c: K2 -15/12.909944 = -1.161895.
 * K2 = ((-0.387298 - 1)/2 - 1.161895)/2 = -0.927772. */
Test(missing, worst_under_zscore_is_the_lowest_score)
{
    run_with(PROFILE, DATA, CE_MISSING_WORST, CE_NORMALIZE_ZSCORE, 0);
    double sd = sqrt(500.0 / 3);
    cr_assert_float_eq(g_res->norm[1 * 3 + 1], -1, EPS);
    cr_assert_float_eq(g_res->composite[1], ((-5 / sd - 1) / 2 - 15 / sd) / 2, EPS);
    cr_assert_float_eq(g_res->composite[1], -0.92777208, 1e-8);
}

/* zero: b is read as 0: b over 20,0,40,60, min 0 max 60 -> K1 33.333,
 * K2 0, K3 66.667, K4 100. K1 = ((0 + 33.333)/2 + 66.667)/2 = 41.667;
 * K2 = ((33.333 + 0)/2 + 0)/2 = 8.333; K3 = ((66.667 + 66.667)/2 +
 * 33.333)/2 = 50. The 0 takes part in the range: K1 and K3 move. */
Test(missing, zero_is_a_raw_value)
{
    run(CE_MISSING_ZERO);
    expect_composite((double[]){125.0 / 3, 25.0 / 3, 50, 100});
    cr_assert_str_eq(g_res->notes[1], "missing (read as 0): b");
}

/* Ranks under worst: K4 100, K3 45.8, K1 33.3, K2 8.3. */
Test(missing, rank_order_per_rule)
{
    run(CE_MISSING_WORST);
    cr_assert_eq(g_res->rank[0], 3);
    cr_assert_eq(g_res->rank[1], 4);
    cr_assert_eq(g_res->rank[2], 2);
    cr_assert_eq(g_res->rank[3], 1);
}

/* The profile's cells win over the command line; a group's cell applies
 * to its indicators; the row `*` is the profile-wide default that
 * --missing overrides. */
Test(missing, where_the_rule_comes_from)
{
    static const char prof[] = "code,name,parent,weight,direction,unit,missing\n"
                               "*,,,,,,zero\n"
                               "d1,,,1,,,skip\n"
                               "d2,,,1,,,\n"
                               "a,,d1,1,+,,\n"
                               "b,,d1,1,+,,\n"
                               "c,,d2,1,+,,\n";
    /* b: the group's skip wins over --missing worst */
    run_with(prof, DATA, CE_MISSING_WORST, CE_NORMALIZE_MINMAX, 0);
    expect_composite((double[]){100.0 / 3, 50.0 / 3, 45.833333333333333, 100});
}

Test(missing, star_row_is_the_default)
{
    static const char prof[] = "code,name,parent,weight,direction,unit,missing\n"
                               "*,,,,,,zero\n"
                               "d1,,,1,,,\n"
                               "d2,,,1,,,\n"
                               "a,,d1,1,+,,\n"
                               "b,,d1,1,+,,\n"
                               "c,,d2,1,+,,\n";
    run_with(prof, DATA, CE_MISSING_UNSET, CE_NORMALIZE_MINMAX, 0);
    expect_composite((double[]){125.0 / 3, 25.0 / 3, 50, 100}); /* zero */
}

Test(missing, command_line_over_star_row)
{
    static const char prof[] = "code,name,parent,weight,direction,unit,missing\n"
                               "*,,,,,,zero\n"
                               "d1,,,1,,,\n"
                               "d2,,,1,,,\n"
                               "a,,d1,1,+,,\n"
                               "b,,d1,1,+,,\n"
                               "c,,d2,1,+,,\n";
    run_with(prof, DATA, CE_MISSING_SKIP, CE_NORMALIZE_MINMAX, 0);
    expect_composite((double[]){100.0 / 3, 50.0 / 3, 45.833333333333333, 100}); /* skip */
}

/* --impute mean is the command line's rule: b of K2 = mean(20,40,60) = 40
 * -> 50: K2 = ((33.333 + 50)/2 + 0)/2 = 20.833. */
Test(missing, impute_is_a_rule)
{
    run_with(PROFILE, DATA, CE_MISSING_UNSET, CE_NORMALIZE_MINMAX, CE_IMPUTE_MEAN);
    cr_assert_float_eq(g_res->composite[1], 20.833333333333333, EPS);
    cr_assert_str_eq(g_res->notes[1], "imputed (mean): b=40");
}

Test(missing, bad_cell_names_its_line)
{
    static const char prof[] = "code,name,parent,weight,direction,unit,missing\n"
                               "d1,,,1,,,\n"
                               "a,,d1,1,+,,worse\n";
    g_prof = ce_test_load_profile(NULL, 0, ce_test_dir, "profile.csv", prof, CE_ENC_UTF8);
    g_table = ce_test_read_table(NULL, 0, ce_test_dir, "data.csv", "id,a\nK1,1\nK2,2\n", g_prof,
                                 CE_ENC_UTF8, NULL);
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_pipeline_run(g_table, g_prof, &o, &g_res, NULL, &err), CE_ERR_DATA);
    cr_assert_eq(err.line, 3);
    cr_assert_str_eq(err.msg, "column \"missing\": \"worse\" is not worst, zero, skip, mean, "
                              "median, group-mean:COLUMN or group-median:COLUMN (the group "
                              "imputations need their column: give them with --missing)");
}

/* K2 has no c: its whole dimension d2 is missing. Under any rule it is no
 * award candidate; under worst it is still ranked. */
Test(missing, whole_dimension_missing_is_no_candidate)
{
    static const char data[] = "id,name,a,b,c\n"
                               "K1,One,10,20,30\n"
                               "K2,Two,40,60,\n"
                               "K3,Three,30,40,20\n"
                               "K4,Four,20,50,40\n";
    run_with(PROFILE, data, CE_MISSING_SKIP, CE_NORMALIZE_MINMAX, 0);
    /* skip: K2 = d1 alone = 100: rank 1, but no award */
    cr_assert_eq(g_res->rank[1], 1);
    cr_assert_eq(g_res->award[1], CE_AWARD_NO);
    cr_assert_str_eq(g_res->notes[1], "dimension_missing:d2; missing (left out, weights "
                                      "rescaled): c");
    cr_assert_eq(g_res->award[3], CE_AWARD_YES);
    cr_assert_eq(g_res->n_candidates, 3);
}

Test(missing, parse_and_names)
{
    ce_missing_rule r;
    const char *col = NULL;
    cr_assert_eq(ce_missing_rule_parse("worst", &r, &col), 0);
    cr_assert_eq(r.kind, CE_MISSING_WORST);
    cr_assert_eq(ce_missing_rule_parse("group-median:city", &r, &col), 0);
    cr_assert_eq(r.kind, CE_MISSING_IMPUTE);
    cr_assert_eq(r.impute, CE_IMPUTE_GROUP_MEDIAN);
    cr_assert_str_eq(col, "city");
    cr_assert_neq(ce_missing_rule_parse("group-mean:city", &r, NULL), 0);
    cr_assert_neq(ce_missing_rule_parse("none", &r, &col), 0);
    cr_assert_str_eq(ce_missing_rule_name((ce_missing_rule){CE_MISSING_IMPUTE, CE_IMPUTE_MEAN}),
                     "mean");
}
