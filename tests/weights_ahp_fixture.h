/* weights_ahp_fixture.h - the profile and AHP judgements file shared by
 * test_weights_ahp_file.c and test_weights_profile.c (included by both,
 * after testutil.h and a TestSuite whose .init is ce_test_dir_init). */
#ifndef CLUSTEREVAL_WEIGHTS_AHP_FIXTURE_H
#define CLUSTEREVAL_WEIGHTS_AHP_FIXTURE_H

#include <criterion/criterion.h>
#include <math.h>

#include "clustereval/weights.h"

#include "testutil.h"

/* Asserts |got[j] - want[j]| <= tol for every j. */
static void expect_vec(const double *got, const double *want, size_t n, double tol,
                       const char *what)
{
    for (size_t j = 0; j < n; j++)
        cr_expect(fabs(got[j] - want[j]) <= tol, "%s[%zu] = %.12g, want %.12g (tol %g)", what, j,
                  got[j], want[j], tol);
}

/* Three dimensions (soc has one child), econ has three indicators. */
static const char ahp_profile_csv[] = "code,name,parent,weight,direction,unit\n"
                                      "econ,,,1,,\n"
                                      "env,,,1,,\n"
                                      "soc,,,1,,\n"
                                      "gdp,,econ,1,+,\n"
                                      "jobs,,econ,1,+,\n"
                                      "exports,,econ,1,+,\n"
                                      "co2,,env,2,-,\n"
                                      "waste,,env,1,+,\n"
                                      "health,,soc,1,+,\n";

enum { ECON, ENV, SOC, GDP, JOBS, EXPORTS, CO2, WASTE, HEALTH };

static ce_profile *ahp_profile(void)
{
    return ce_test_load_profile(NULL, 0, ce_test_dir, "profile.csv", ahp_profile_csv,
                                CE_ENC_AUTO);
}

static ce_ahp_judgements *read_ahp(const ce_profile *p, const char *text, ce_diag *diag)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "ahp.csv", text);
    ce_ahp_judgements *j = NULL;
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_weights_ahp_read(path, p, &j, diag, &err);
    cr_assert_eq(st, CE_OK, "%s:%zu: %s", err.file, err.line, err.msg);
    return j;
}

/* Fractions, either order of a pair, "composite" or empty for the top level,
 * a full-width solidus, extra columns, header in any case and order. */
static const char good_ahp[] = "Judgement,parent,b,a,comment\n" /* 1 */
                               "3,,env,econ,economy first\n"    /* 2 */
                               "1/5,composite,econ,soc,\n"      /* 3 */
                               "3,,soc,env,\n"                  /* 4 */
                               "2,econ,jobs,gdp,\n"             /* 5 */
                               "1\xEF\xBC\x8F" "2,econ,gdp,exports,\n" /* 6: 1／2 */
                               " 1 ,econ,exports,jobs,\n";      /* 7 */

#endif
