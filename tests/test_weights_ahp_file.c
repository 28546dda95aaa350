/* test_weights_ahp_file.c - the AHP judgements file (weights_ahp_file.c):
 * matrices read, fractions, scale warnings, refusals with the line. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/weights.h"

#include "testutil.h"
#include "weights_ahp_fixture.h"

#define NOERR {{0}, 0, {0}}

TestSuite(weights_ahp_file, .init = ce_test_dir_init, .fini = ce_test_dir_fini);


Test(weights_ahp_file, reads_matrices)
{
    ce_profile *p = ahp_profile();
    ce_diag diag;
    ce_diag_init(&diag);
    ce_ahp_judgements *j = read_ahp(p, good_ahp, &diag);
    cr_expect_eq(diag.count, 0, "unexpected warning: %s", diag.count ? diag.items[0] : "");
    size_t n, line;
    const double *top = ce_weights_ahp_matrix(j, CE_NO_PARENT, &n, &line);
    cr_assert_not_null(top);
    cr_expect_eq(n, 3);
    cr_expect_eq(line, 2);
    expect_vec(top, (double[]){1, 3, 5, 1.0 / 3, 1, 3, 1.0 / 5, 1.0 / 3, 1}, 9, 1e-15, "top");
    const double *econ = ce_weights_ahp_matrix(j, ECON, &n, &line);
    cr_assert_not_null(econ);
    cr_expect_eq(line, 5);
    expect_vec(econ, (double[]){1, 2, 2, 0.5, 1, 1, 0.5, 1, 1}, 9, 1e-15, "econ");
    cr_expect_null(ce_weights_ahp_matrix(j, ENV, &n, NULL));
    cr_expect_eq(n, 2);
    cr_expect_null(ce_weights_ahp_matrix(j, SOC, &n, NULL));
    const char *path = ce_weights_ahp_path(j);
    cr_expect_str_eq(path + strlen(path) - 8, "/ahp.csv");
    ce_weights_ahp_free(j);
    ce_diag_fini(&diag);
    ce_profile_free(p);
}

Test(weights_ahp_file, outside_saaty_scale_warns)
{
    ce_profile *p = ahp_profile();
    ce_diag diag;
    ce_diag_init(&diag);
    ce_ahp_judgements *j = read_ahp(p, "parent,a,b,judgement\n,econ,env,12\n,econ,soc,1\n"
                                       ",env,soc,1/12\n", &diag);
    cr_assert_eq(diag.count, 2);
    cr_expect(strstr(diag.items[0], "ahp.csv:2: judgement 12 is outside Saaty's scale") != NULL,
              "%s", diag.items[0]);
    cr_expect(strstr(diag.items[1], "ahp.csv:4: judgement 1/12") != NULL, "%s", diag.items[1]);
    ce_weights_ahp_free(j);
    ce_diag_fini(&diag);
    ce_profile_free(p);
}

struct bad_ahp {
    char name[24];
    char text[200];
    size_t line;
    char msg[120];
};

ParameterizedTestParameters(weights_ahp_file, errors)
{
    static struct bad_ahp cases[] = {
        {"missing pair", "parent,a,b,judgement\n,econ,env,3\n,econ,soc,5\n", 2,
         "group \"composite\": no judgement for the pair env, soc"},
        {"unknown parent", "parent,a,b,judgement\neast,x,y,1\n", 2,
         "unknown code \"east\" in column parent"},
        {"missing econ pair", "parent,a,b,judgement\n,econ,env,3\necon,gdp,jobs,2\n"
                              ",econ,soc,1\n,soc,env,1\necon,jobs,exports,1\n", 3,
         "group \"econ\": no judgement for the pair gdp, exports"},
        {"bad fraction 1/0", "parent,a,b,judgement\n,econ,env,1/0\n", 2,
         "judgement \"1/0\" is not a positive number or a fraction like 1/3"},
        {"bad fraction 1/", "parent,a,b,judgement\n,econ,env,1/\n", 2, "judgement \"1/\""},
        {"bad fraction x/3", "parent,a,b,judgement\n,econ,env,x/3\n", 2, "judgement \"x/3\""},
        {"bad fraction 1/2/3", "parent,a,b,judgement\n,econ,env,1/2/3\n", 2,
         "judgement \"1/2/3\""},
        {"negative", "parent,a,b,judgement\n,econ,env,-3\n", 2, "judgement \"-3\""},
        {"zero", "parent,a,b,judgement\n,econ,env,0\n", 2, "judgement \"0\""},
        {"empty judgement", "parent,a,b,judgement\n,econ,env,\n", 2, "judgement \"\""},
        {"percent", "parent,a,b,judgement\n,econ,env,50%\n", 2, "judgement \"50%\""},
        {"unknown code a", "parent,a,b,judgement\n,econ,env,3\n,econx,soc,1\n", 3,
         "unknown code \"econx\""},
        {"unknown code b", "parent,a,b,judgement\necon,gdp,gpd,3\n", 2, "unknown code \"gpd\""},
        {"not a child", "parent,a,b,judgement\necon,gdp,co2,3\n", 2,
         "\"co2\" is not a child of \"econ\""},
        {"not a dimension", "parent,a,b,judgement\n,econ,gdp,3\n", 2,
         "\"gdp\" is not a top-level dimension"},
        {"parent indicator", "parent,a,b,judgement\ngdp,jobs,exports,3\n", 2,
         "parent \"gdp\" is an indicator, not a group"},
        {"a equals b", "parent,a,b,judgement\n,econ,econ,1\n", 2, "a and b are both \"econ\""},
        {"twice", "parent,a,b,judgement\n,econ,env,3\n,econ,soc,1\n,env,econ,1/3\n", 4,
         "duplicate pair \"env, econ\" (first on line 2)"},
        {"column twice", "parent,a,b,judgement,A\n,econ,env,3\n", 1,
         "column \"a\" appears twice (columns 2 and 5: \"a\" and \"A\")"},
        {"no column", "parent,a,b,weight\n,econ,env,3\n", 1, "missing column \"judgement\""},
        {"empty a", "parent,a,b,judgement\n,,env,3\n", 2, "column a is empty"},
    };
    return cr_make_param_array(struct bad_ahp, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct bad_ahp *c, weights_ahp_file, errors)
{
    ce_profile *p = ahp_profile();
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "ahp.csv", c->text);
    ce_ahp_judgements *j = NULL;
    ce_error err = NOERR;
    cr_assert_eq(ce_weights_ahp_read(path, p, &j, NULL, &err), CE_ERR_DATA, "%s", c->name);
    cr_expect_null(j);
    cr_expect_str_eq(err.file, path, "%s", c->name);
    cr_expect_eq(err.line, c->line, "%s: line %zu, want %zu (%s)", c->name, err.line, c->line,
                 err.msg);
    cr_expect(strstr(err.msg, c->msg) != NULL, "%s: \"%s\" lacks \"%s\"", c->name, err.msg,
              c->msg);
    ce_profile_free(p);
}

Test(weights_ahp_file, no_judgement_is_error)
{
    ce_profile *p = ahp_profile();
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "ahp.csv", "parent,a,b,judgement\n");
    ce_ahp_judgements *j = NULL;
    ce_error err = NOERR;
    cr_expect_eq(ce_weights_ahp_read(path, p, &j, NULL, &err), CE_ERR_DATA);
    cr_expect(strstr(err.msg, "no judgements") != NULL, "%s", err.msg);
    ce_test_path(path, sizeof path, ce_test_dir, "absent.csv");
    cr_expect_eq(ce_weights_ahp_read(path, p, &j, NULL, &err), CE_ERR_IO);
    ce_profile_free(p);
}
