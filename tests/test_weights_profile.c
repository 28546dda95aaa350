/* test_weights_profile.c - reweighting a whole profile
 * (weights_profile.c): group and flat scope, each method, AHP groups,
 * errors naming the group. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/weights.h"

#include "testutil.h"
#include "weights_ahp_fixture.h"

#define NOERR {{0}, 0, {0}}



TestSuite(weights_profile, .init = ce_test_dir_init, .fini = ce_test_dir_fini);

static const char small_profile_csv[] = "code,name,parent,weight,direction,unit\n"
                                        "econ,,,1,,\n"
                                        "env,,,1,,\n"
                                        "gdp,,econ,2,+,\n"
                                        "jobs,,econ,1,+,\n"
                                        "co2,,env,1,-,\n"
                                        "waste,,env,1,+,\n";

/* The worked example of the README (tests/data/small.csv). */
static const char small_csv[] = "id,name,eligible,veto,gdp,jobs,co2,waste\n"
                                "A1,a,1,0,10,100,5,50\n"
                                "A2,b,1,0,20,300,3,70\n"
                                "A3,c,0,0,30,200,4,\n"
                                "A4,d,1,1,40,400,1,90\n"
                                "A5,e,1,0,NA,250,2,60\n";

enum { S_ECON, S_ENV, S_GDP, S_JOBS, S_CO2, S_WASTE };

static double weight_of(const ce_profile *p, size_t node)
{
    return ce_profile_node(p, node)->weight;
}

static const ce_weights_group *group_of(const ce_weights_result *r, size_t node)
{
    for (size_t g = 0; g < r->n_groups; g++)
        if (r->groups[g].node == node)
            return &r->groups[g];
    cr_assert_fail("no group for node %zu", node);
    return NULL;
}

static ce_weights_result *weigh(ce_profile *p, const char *data, const ce_weights_plan *plan,
                                ce_diag *diag)
{
    ce_table *t = ce_test_read_table(NULL, 0, ce_test_dir, "data.csv", data, p, CE_ENC_AUTO,
                                     NULL);
    ce_weights_result *r = NULL;
    ce_error err = NOERR;
    ce_status st = ce_weights_profile(p, t, plan, &r, diag, &err);
    ce_table_free(t);
    cr_assert_eq(st, CE_OK, "%s:%zu: %s", err.file, err.line, err.msg);
    return r;
}

/* Independent computation: econ on A1..A4 (gdp and jobs take the same
 * min-max values in another order: 1/2, 1/2); env on A1, A2, A4, A5; the
 * dimensions on the scores econ = (0, 50, 50, 100, 50) and env = (0, 50, 25,
 * 100, 46.5227307777879) from min-max 0..100 and the new weights. */
Test(weights_profile, group_scope_entropy)
{
    ce_profile *p = ce_test_load_profile(NULL, 0, ce_test_dir, "profile.csv", small_profile_csv,
                                         CE_ENC_AUTO);
    ce_weights_plan plan;
    ce_weights_plan_init(&plan);
    plan.method = CE_WEIGHTS_ENTROPY;
    ce_diag diag;
    ce_diag_init(&diag);
    ce_weights_result *r = weigh(p, small_csv, &plan, &diag);
    cr_assert_eq(r->n_groups, 3);
    cr_expect_eq(r->groups[2].node, CE_NO_PARENT, "the dimensions come last");
    cr_expect_float_eq(weight_of(p, S_GDP), 0.5, 1e-12);
    cr_expect_float_eq(weight_of(p, S_JOBS), 0.5, 1e-12);
    cr_expect_float_eq(weight_of(p, S_CO2), 0.43045461555575903, 1e-12);
    cr_expect_float_eq(weight_of(p, S_WASTE), 0.569545384444241, 1e-12);
    cr_expect_float_eq(weight_of(p, S_ECON), 0.4488333943893351, 1e-12);
    cr_expect_float_eq(weight_of(p, S_ENV), 0.5511666056106649, 1e-12);
    const ce_weights_group *econ = group_of(r, S_ECON);
    cr_expect_eq(econ->rows_used, 4);
    cr_expect_eq(econ->rows_left_out, 1);
    expect_vec(econ->before, (double[]){2.0 / 3, 1.0 / 3}, 2, 1e-15, "econ before");
    cr_expect_eq(group_of(r, CE_NO_PARENT)->rows_used, 5);
    cr_assert_eq(diag.count, 2);
    cr_expect_str_eq(diag.items[0], "group \"econ\": 1 of 5 clusters left out for missing "
                                    "values (A5)");
    cr_expect_str_eq(diag.items[1], "group \"env\": 1 of 5 clusters left out for missing "
                                    "values (A3)");
    ce_weights_result_free(r);
    ce_diag_fini(&diag);
    ce_profile_free(p);
}

/* The same, CRITIC: econ and env get 1/2 each; the dimension scores are then
 * (0, 50, 50, 100, 50) and (0, 50, 25, 100, 50). */
Test(weights_profile, group_scope_critic)
{
    ce_profile *p = ce_test_load_profile(NULL, 0, ce_test_dir, "profile.csv", small_profile_csv,
                                         CE_ENC_AUTO);
    ce_weights_plan plan;
    ce_weights_plan_init(&plan);
    plan.method = CE_WEIGHTS_CRITIC;
    ce_weights_result *r = weigh(p, small_csv, &plan, NULL);
    cr_expect_float_eq(weight_of(p, S_CO2), 0.5, 1e-12);
    cr_expect_float_eq(weight_of(p, S_ECON), 0.48808848170151553, 1e-12);
    cr_expect_float_eq(weight_of(p, S_ENV), 0.5119115182984846, 1e-12);
    ce_weights_result_free(r);
    ce_profile_free(p);
}

/* Flat: only A1, A2, A4 have all four. Weights (entropy) 0.2843351545135501,
 * 0.22565425333380978, 0.2450052960763201, 0.2450052960763201; econ weighs
 * their sum 0.5099894078473599. */
Test(weights_profile, flat_scope_entropy)
{
    ce_profile *p = ce_test_load_profile(NULL, 0, ce_test_dir, "profile.csv", small_profile_csv,
                                         CE_ENC_AUTO);
    ce_weights_plan plan;
    ce_weights_plan_init(&plan);
    plan.method = CE_WEIGHTS_ENTROPY;
    plan.scope = CE_WEIGHTS_SCOPE_FLAT;
    ce_diag diag;
    ce_diag_init(&diag);
    ce_weights_result *r = weigh(p, small_csv, &plan, &diag);
    cr_assert_eq(r->n_groups, 1);
    const double flat[4] = {0.2843351545135501, 0.22565425333380978, 0.2450052960763201,
                            0.2450052960763201};
    expect_vec(r->groups[0].weight, flat, 4, 1e-12, "flat");
    cr_expect_eq(r->groups[0].rows_used, 3);
    cr_expect_float_eq(weight_of(p, S_ECON), 0.5099894078473599, 1e-12);
    cr_expect_float_eq(weight_of(p, S_GDP), flat[0] / 0.5099894078473599, 1e-12);
    cr_expect_float_eq(weight_of(p, S_ECON) * weight_of(p, S_JOBS), flat[1], 1e-12);
    cr_expect_float_eq(weight_of(p, S_ENV) * weight_of(p, S_CO2), flat[2], 1e-12);
    cr_expect_float_eq(weight_of(p, S_ENV) * weight_of(p, S_WASTE), flat[3], 1e-12);
    /* before: the effective weights of the profile (2/3, 1/3 in econ) */
    expect_vec(r->groups[0].before, (double[]){1.0 / 3, 1.0 / 6, 0.25, 0.25}, 4, 1e-15,
               "before");
    cr_assert_eq(diag.count, 1);
    cr_expect_str_eq(diag.items[0], "all indicators (flat): 2 of 5 clusters left out for "
                                    "missing values (A3, A5)");
    ce_weights_result_free(r);
    ce_diag_fini(&diag);
    ce_profile_free(p);
}

/* Three levels with a one-child group and a constant indicator. */
static const char deep_profile_csv[] = "code,name,parent,weight,direction,unit\n"
                                       "d1,,,1,,\n"
                                       "d2,,,1,,\n"
                                       "p1,,d1,1,,\n"
                                       "a,,p1,1,+,\n"
                                       "b,,p1,1,-,\n"
                                       "c,,d1,1,+,\n"
                                       "only,,d2,1,+,\n";

enum { D1, D2, P1, A, B, C, ONLY };

static const char deep_csv[] = "id,a,b,c,only\n"
                               "R1,1,9,5,3\n"
                               "R2,2,7,4,1\n"
                               "R3,4,8,5,2\n"
                               "R4,8,1,3,4\n"
                               "R5,5,5,5,5\n";

Test(weights_profile, one_child_group_and_deep_tree)
{
    ce_profile *p = ce_test_load_profile(NULL, 0, ce_test_dir, "profile.csv", deep_profile_csv,
                                         CE_ENC_AUTO);
    ce_weights_plan plan;
    ce_weights_plan_init(&plan);
    plan.method = CE_WEIGHTS_SD;
    ce_weights_result *r = weigh(p, deep_csv, &plan, NULL);
    cr_assert_eq(r->n_groups, 4);
    /* post-order: p1 before d1, d2, then the dimensions */
    cr_expect_eq(r->groups[0].node, P1);
    cr_expect_eq(r->groups[3].node, CE_NO_PARENT);
    const ce_weights_group *d2 = group_of(r, D2);
    cr_expect_eq(d2->how, CE_WEIGHTS_ONE_CHILD);
    cr_expect(d2->weight[0] == 1 && weight_of(p, ONLY) == 1);
    for (size_t node = 0; node < 7; node++) {
        const ce_node *nd = ce_profile_node(p, node);
        cr_expect(!isnan(nd->weight) && nd->weight >= 0, "%s: %g", nd->code, nd->weight);
    }
    /* Every group sums to 1. */
    cr_expect_float_eq(weight_of(p, D1) + weight_of(p, D2), 1, 1e-12);
    cr_expect_float_eq(weight_of(p, P1) + weight_of(p, C), 1, 1e-12);
    cr_expect_float_eq(weight_of(p, A) + weight_of(p, B), 1, 1e-12);
    /* p1 by hand: min-max a = (0, 1/7, 3/7, 1, 4/7), b (cost) = (0, 2/8, 1/8,
     * 1, 4/8): sd 0.391230398218 and 0.395284707521, a weighs
     * 0.391230398218 / (0.391230398218 + 0.395284707521). */
    cr_expect_float_eq(weight_of(p, A), 0.49742261192856424, 1e-12, "a %.12g", weight_of(p, A));
    ce_weights_result_free(r);
    ce_profile_free(p);
}

/* Flat scope: d2's only indicator is constant, so entropy gives it 0: d2
 * weighs 0 and its child gets weight 1; the path products equal the flat
 * weights. */
Test(weights_profile, flat_scope_zero_group)
{
    ce_profile *p = ce_test_load_profile(NULL, 0, ce_test_dir, "profile.csv", deep_profile_csv,
                                         CE_ENC_AUTO);
    ce_weights_plan plan;
    ce_weights_plan_init(&plan);
    plan.method = CE_WEIGHTS_ENTROPY;
    plan.scope = CE_WEIGHTS_SCOPE_FLAT;
    ce_diag diag;
    ce_diag_init(&diag);
    static const char data[] = "id,a,b,c,only\n"
                               "R1,1,9,5,3\n"
                               "R2,2,7,4,3\n"
                               "R3,4,8,5,3\n"
                               "R4,8,1,3,3\n";
    ce_weights_result *r = weigh(p, data, &plan, &diag);
    const double *flat = r->groups[0].weight; /* leaf order a, b, c, only */
    cr_expect(flat[3] == 0);
    cr_expect(weight_of(p, D2) == 0 && weight_of(p, ONLY) == 1);
    cr_expect_float_eq(weight_of(p, D1), 1, 1e-15);
    cr_expect_float_eq(weight_of(p, D1) * weight_of(p, P1) * weight_of(p, A), flat[0], 1e-12);
    cr_expect_float_eq(weight_of(p, D1) * weight_of(p, P1) * weight_of(p, B), flat[1], 1e-12);
    cr_expect_float_eq(weight_of(p, D1) * weight_of(p, C), flat[2], 1e-12);
    int constant = 0, zero_group = 0;
    for (size_t k = 0; k < diag.count; k++) {
        constant |= strstr(diag.items[k], "\"only\" is constant over the 4 clusters used: "
                                          "entropy weight 0") != NULL;
        zero_group |= strstr(diag.items[k], "group \"d2\": every indicator in it weighs 0") !=
                      NULL;
    }
    cr_expect(constant && zero_group, "warnings missing");
    ce_weights_result_free(r);
    ce_diag_fini(&diag);
    ce_profile_free(p);
}

Test(weights_profile, errors_name_the_group)
{
    ce_profile *p = ce_test_load_profile(NULL, 0, ce_test_dir, "profile.csv", deep_profile_csv,
                                         CE_ENC_AUTO);
    ce_table *t = ce_test_read_table(NULL, 0, ce_test_dir, "data.csv",
                                     "id,a,b,c,only\nR1,1,9,5,3\nR2,NA,7,4,3\nR3,4,,5,3\n", p,
                                     CE_ENC_AUTO, NULL);
    ce_weights_plan plan;
    ce_weights_plan_init(&plan);
    plan.method = CE_WEIGHTS_CRITIC;
    ce_weights_result *r = NULL;
    ce_error err = NOERR;
    cr_assert_eq(ce_weights_profile(p, t, &plan, &r, NULL, &err), CE_ERR_DATA);
    cr_expect_null(r);
    cr_expect_str_eq(err.msg, "group \"p1\": only 1 cluster has every input present; at least "
                              "2 are needed to compute weights");
    cr_expect(strstr(err.file, "data.csv") != NULL);
    ce_table_free(t);

    t = ce_test_read_table(NULL, 0, ce_test_dir, "data2.csv",
                           "id,a,b,c,only\nR1,1,9,5,3\nR2,2,7,4,3\nR3,4,8,5,3\n", p, CE_ENC_AUTO,
                           NULL);
    plan.scope = CE_WEIGHTS_SCOPE_FLAT;
    cr_assert_eq(ce_weights_profile(p, t, &plan, &r, NULL, &err), CE_ERR_DATA);
    cr_expect(strstr(err.msg, "all indicators (flat): \"only\" is constant over the 3 clusters "
                              "used") != NULL, "%s", err.msg);
    plan.method = CE_WEIGHTS_AHP;
    cr_expect_eq(ce_weights_profile(p, t, &plan, &r, NULL, &err), CE_ERR_USAGE);
    ce_table_free(t);
    ce_profile_free(p);
}

static const char ahp_data_csv[] = "id,gdp,jobs,exports,co2,waste,health\n"
                                   "R1,1,2,3,4,5,6\n"
                                   "R2,2,3,1,5,4,7\n";

Test(weights_profile, ahp_groups)
{
    ce_profile *p = ahp_profile();
    ce_diag diag;
    ce_diag_init(&diag);
    ce_ahp_judgements *j = read_ahp(p, good_ahp, NULL);
    ce_weights_plan plan;
    ce_weights_plan_init(&plan);
    plan.method = CE_WEIGHTS_AHP;
    plan.ahp = j;
    ce_weights_result *r = weigh(p, ahp_data_csv, &plan, &diag);
    const ce_weights_group *top = group_of(r, CE_NO_PARENT);
    cr_expect_eq(top->how, CE_WEIGHTS_COMPUTED);
    cr_expect_eq(top->ahp_line, 2);
    cr_expect_float_eq(top->ahp.cr, 0.0332, 5e-5);
    expect_vec((double[]){weight_of(p, ECON), weight_of(p, ENV), weight_of(p, SOC)},
               (double[]){0.6370, 0.2583, 0.1047}, 3, 5e-5, "dimensions");
    expect_vec((double[]){weight_of(p, GDP), weight_of(p, JOBS), weight_of(p, EXPORTS)},
               (double[]){0.5, 0.25, 0.25}, 3, 1e-12, "econ");
    /* env is not in the file: its profile weights 2 : 1 are kept (rescaled). */
    cr_expect_eq(group_of(r, ENV)->how, CE_WEIGHTS_KEPT);
    cr_expect_float_eq(weight_of(p, CO2), 2.0 / 3, 1e-15);
    cr_expect_eq(group_of(r, SOC)->how, CE_WEIGHTS_ONE_CHILD);
    cr_assert_eq(diag.count, 1);
    cr_expect(strstr(diag.items[0], "1 group without judgements in ") != NULL &&
                  strstr(diag.items[0], "ahp.csv keeps the profile's weights: env") != NULL,
              "%s", diag.items[0]);
    ce_weights_result_free(r);
    ce_weights_ahp_free(j);
    ce_diag_fini(&diag);
    ce_profile_free(p);
}

/* econ > env 9, env > soc 9, soc > econ 9: a circle, CR far above 0.1. */
static const char circular_ahp[] = "parent,a,b,judgement\n"
                                   "econ,gdp,jobs,1\n"
                                   "econ,gdp,exports,1\n"
                                   "econ,jobs,exports,1\n"
                                   ",econ,env,9\n"
                                   ",env,soc,9\n"
                                   ",soc,econ,9\n";

Test(weights_profile, ahp_inconsistent)
{
    ce_profile *p = ahp_profile();
    ce_ahp_judgements *j = read_ahp(p, circular_ahp, NULL);
    ce_table *t = ce_test_read_table(NULL, 0, ce_test_dir, "data.csv", ahp_data_csv, p,
                                     CE_ENC_AUTO, NULL);
    ce_weights_plan plan;
    ce_weights_plan_init(&plan);
    plan.method = CE_WEIGHTS_AHP;
    plan.ahp = j;
    ce_weights_result *r = NULL;
    ce_error err = NOERR;
    cr_assert_eq(ce_weights_profile(p, t, &plan, &r, NULL, &err), CE_ERR_DATA);
    cr_expect(strstr(err.file, "ahp.csv") != NULL, "%s", err.file);
    cr_expect_eq(err.line, 5);
    cr_expect(strstr(err.msg, "group \"composite\": the judgements are inconsistent: CR = ") !=
                  NULL, "%s", err.msg);

    plan.allow_inconsistent = 1;
    ce_diag diag;
    ce_diag_init(&diag);
    cr_assert_eq(ce_weights_profile(p, t, &plan, &r, &diag, &err), CE_OK, "%s", err.msg);
    const ce_weights_group *top = group_of(r, CE_NO_PARENT);
    cr_expect(top->ahp.cr >= 0.1, "CR %g", top->ahp.cr);
    /* A circle of equal judgements treats the three alike. */
    expect_vec(top->weight, (double[]){1.0 / 3, 1.0 / 3, 1.0 / 3}, 3, 1e-12, "w");
    int warned = 0;
    for (size_t k = 0; k < diag.count; k++)
        warned |= strstr(diag.items[k], "ahp.csv:5: group \"composite\": inconsistent "
                                        "judgements accepted") != NULL;
    cr_expect(warned);
    ce_weights_result_free(r);
    ce_diag_fini(&diag);
    ce_table_free(t);
    ce_weights_ahp_free(j);
    ce_profile_free(p);
}

/* Equal: 1/k in every group, no data needed. */
Test(weights_profile, equal)
{
    ce_profile *p = ce_test_load_profile(NULL, 0, ce_test_dir, "profile.csv", deep_profile_csv,
                                         CE_ENC_AUTO);
    ce_weights_plan plan;
    ce_weights_plan_init(&plan);
    ce_weights_result *r = weigh(p, "id,a,b,c,only\nR1,1,,,\n", &plan, NULL);
    for (size_t node = 0; node < 7; node++)
        cr_expect_float_eq(weight_of(p, node), node == ONLY ? 1.0 : 0.5, 1e-15, "%s",
                           ce_profile_node(p, node)->code);
    ce_weights_result_free(r);
    plan.scope = CE_WEIGHTS_SCOPE_FLAT;
    r = weigh(p, "id,a,b,c,only\nR1,1,,,\n", &plan, NULL);
    /* four indicators at 1/4: d1 has three of them */
    cr_expect_float_eq(weight_of(p, D1), 0.75, 1e-15);
    cr_expect_float_eq(weight_of(p, P1), 2.0 / 3, 1e-15);
    cr_expect_float_eq(weight_of(p, A), 0.5, 1e-15);
    ce_weights_result_free(r);
    ce_profile_free(p);
}
