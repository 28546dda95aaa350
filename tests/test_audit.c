/* test_audit.c - the statistical audit (src/analysis/audit.c) and its CSV
 * files (src/report/audit_csv.c).
 *
 * Expected values are worked out by hand where the comment shows the
 * arithmetic; the full tables of the small fixtures were also recomputed
 * by an independent pure-Python implementation of the same definitions
 * (statistics.median/stdev, the G1/G2 and pairwise formulas, a Jacobi
 * eigen-solver), whose output is pasted below. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/audit.h"
#include "clustereval/audit_csv.h"
#include "clustereval/pipeline.h"

#include "stats.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------ */

typedef struct {
    ce_profile *p;
    ce_table *t;
    ce_result *r;
    ce_audit *a;
} fixture;

static fixture fx;

/* Loads profile and data text, runs the default pipeline and the audit. */
static void audit_text(const char *profile, const char *data, const ce_audit_options *o)
{
    ce_error err = {{0}, 0, {0}};
    ce_pipeline_options po;
    ce_pipeline_options_init(&po);
    po.missing.kind = CE_MISSING_SKIP; /* COINr leaves missing values out */
    fx.p = ce_test_load_profile(NULL, 0, ce_test_dir, "profile.csv", profile, CE_ENC_AUTO);
    fx.t = ce_test_read_table(NULL, 0, ce_test_dir, "data.csv", data, fx.p, CE_ENC_AUTO, NULL);
    cr_assert_eq(ce_pipeline_run(fx.t, fx.p, &po, &fx.r, NULL, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_audit_run(fx.t, fx.p, fx.r, o, &fx.a, &err), CE_OK, "%s", err.msg);
}

static void fixture_fini(void)
{
    ce_audit_free(fx.a);
    ce_result_free(fx.r);
    ce_table_free(fx.t);
    ce_profile_free(fx.p);
    ce_test_dir_fini();
}

typedef ce_status (*writer_fn)(FILE *, const ce_audit *, const ce_profile *, int, ce_error *);

/* The text a writer produces (caller frees). */
static char *written(writer_fn fn, int bom)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    cr_assert_not_null(fp);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(fn(fp, fx.a, fx.p, bom, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(fclose(fp), 0);
    return buf;
}

static char *written_clusters(int bom)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    cr_assert_not_null(fp);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_audit_csv_write_clusters(fp, fx.a, fx.t, fx.p, bom, &err), CE_OK, "%s",
                 err.msg);
    cr_assert_eq(fclose(fp), 0);
    return buf;
}

static void assert_text(char *got, const char *want)
{
    cr_assert_str_eq(got, want, "got:\n%s\nwanted:\n%s", got, want);
    free(got);
}

static const ce_audit_group *group(const char *code)
{
    for (size_t g = 0; g < fx.a->n_groups; g++) {
        const ce_audit_group *grp = &fx.a->groups[g];
        if (grp->node == CE_AUDIT_COMPOSITE ? strcmp(code, "composite") == 0
                                            : strcmp(ce_profile_node(fx.p, grp->node)->code,
                                                     code) == 0)
            return grp;
    }
    cr_assert_fail("no group %s", code);
    return NULL;
}

static size_t leaf(const char *code)
{
    size_t n;
    const size_t *leaves = ce_profile_leaves(fx.p, &n);
    for (size_t j = 0; j < n; j++)
        if (strcmp(ce_profile_node(fx.p, leaves[j])->code, code) == 0)
            return j;
    cr_assert_fail("no indicator %s", code);
    return 0;
}

/* ---- building blocks ---------------------------------------------------- */

Test(audit_blocks, cronbach_alpha_from_covariance)
{
    /* sum of variances 12, sum of all entries 24: alpha = 3/2 (1 - 12/24) = 0.75 */
    const double cov[9] = {4, 2, 2, 2, 4, 2, 2, 2, 4};
    cr_assert_float_eq(ce_audit_cronbach_alpha(cov, 3), 0.75, 1e-15);
    /* uncorrelated items: alpha = 2 (1 - 2/2) = 0 */
    const double diag[4] = {1, 0, 0, 1};
    cr_assert_float_eq(ce_audit_cronbach_alpha(diag, 2), 0.0, 1e-15);
    const double one[1] = {3};
    cr_assert(isnan(ce_audit_cronbach_alpha(one, 1)));
    const double zero[4] = {0, 0, 0, 0};
    cr_assert(isnan(ce_audit_cronbach_alpha(zero, 2)), "no variance: not defined");
    const double undefined[4] = {1, NAN, NAN, 1};
    cr_assert(isnan(ce_audit_cronbach_alpha(undefined, 2)));
}

/* Three items over four clusters, every mean 2.5:
 *   x1 = 1 2 3 4   deviations -1.5 -0.5  0.5 1.5
 *   x2 = 2 1 4 3              -0.5 -1.5  1.5 0.5
 *   x3 = 1 3 2 4              -1.5  0.5 -0.5 1.5
 * var = (2.25 + 0.25 + 0.25 + 2.25) / 3 = 5/3 each;
 * cov12 = (0.75 + 0.75 + 0.75 + 0.75) / 3 = 1, cov13 = (2.25 - 0.25 - 0.25 + 2.25) / 3 = 4/3,
 * cov23 = (0.75 - 0.75 - 0.75 + 0.75) / 3 = 0.
 * alpha = 3/2 (1 - 5 / (5 + 2 (1 + 4/3))) = 3/2 (1 - 15/29) = 21/29. */
static const double three_items[12] = {1, 2, 3, 4, 2, 1, 4, 3, 1, 3, 2, 4};

Test(audit_blocks, pairwise_covariance_by_hand)
{
    double cov[9], cor[9];
    size_t pairs[9];
    cr_assert_eq(ce_audit_pairwise(three_items, 4, 3, cov, cor, pairs, NULL), CE_OK);
    const double want[9] = {5.0 / 3, 1, 4.0 / 3, 1, 5.0 / 3, 0, 4.0 / 3, 0, 5.0 / 3};
    for (int i = 0; i < 9; i++) {
        cr_assert_float_eq(cov[i], want[i], 1e-14, "cov[%d] = %.17g", i, cov[i]);
        cr_assert_float_eq(cor[i], want[i] / (5.0 / 3), 1e-14, "cor[%d] = %.17g", i, cor[i]);
        cr_assert_eq(pairs[i], 4);
    }
    cr_assert_float_eq(ce_audit_cronbach_alpha(cov, 3), 21.0 / 29, 1e-14);
}

Test(audit_blocks, pairwise_deletion_counts_pairs)
{
    /* a misses row 2, b misses rows 0 and 4: 2 rows have both. cov(a,b)
     * over rows 1 and 3: a = 2, 4 (mean 3), b = 10, 30 (mean 20):
     * (-1)(-10) + (1)(10) = 20, / (2 - 1) = 20. The correlation needs 3. */
    const double cols[10] = {1, 2, NAN, 4, 5, NAN, 10, 7, 30, NAN};
    double cov[4], cor[4];
    size_t pairs[4];
    cr_assert_eq(ce_audit_pairwise(cols, 5, 2, cov, cor, pairs, NULL), CE_OK);
    cr_assert_eq(pairs[0], 4);
    cr_assert_eq(pairs[1], 2);
    cr_assert_eq(pairs[2], 2);
    cr_assert_eq(pairs[3], 3);
    cr_assert_float_eq(cov[1], 20.0, 1e-12);
    cr_assert_float_eq(cov[0], 10.0 / 3, 1e-12, "var of 1 2 4 5 is 10/3");
    cr_assert(isnan(cor[1]), "2 pairs: correlation not defined");
    cr_assert_float_eq(cor[0], 1.0, 0);
}

/* The one-pass pairwise sums equal the two-pass formulas of stats.c. */
Test(audit_blocks, pairwise_matches_two_pass)
{
    enum { ROWS = 300, K = 6 };
    static double cols[ROWS * K];
    unsigned s = 12345;
    for (size_t i = 0; i < ROWS * K; i++) {
        s = s * 1103515245u + 12345u;
        double u = (double)((s >> 8) % 100000) / 1000.0;
        cols[i] = (s >> 4) % 10 == 0 ? NAN : 1000 + u + (double)(i % ROWS) * (i / ROWS);
    }
    for (size_t i = 0; i < ROWS; i++)
        cols[5 * ROWS + i] = i % 7 ? 42.5 : NAN; /* a constant variable */
    static double cov[K * K], cor[K * K];
    static size_t pairs[K * K];
    cr_assert_eq(ce_audit_pairwise(cols, ROWS, K, cov, cor, pairs, NULL), CE_OK);
    for (size_t a = 0; a < K; a++) {
        for (size_t b = 0; b < K; b++) {
            const double *x = cols + a * ROWS, *y = cols + b * ROWS;
            size_t m;
            double r = ce_stats_pearson(x, 1, y, 1, ROWS, &m);
            cr_assert_eq(pairs[a * K + b], m);
            if (a == 5 || b == 5) {
                cr_assert(isnan(cor[a * K + b]), "constant: (%zu,%zu) = %g", a, b,
                          cor[a * K + b]);
                continue;
            }
            cr_assert(fabs(cor[a * K + b] - (a == b ? 1 : r)) < 1e-12, "(%zu,%zu): %.17g vs %.17g",
                      a, b, cor[a * K + b], r);
            double mx = 0, my = 0, sxy = 0;
            for (size_t i = 0; i < ROWS; i++)
                if (!isnan(x[i]) && !isnan(y[i])) {
                    mx += x[i];
                    my += y[i];
                }
            mx /= (double)m;
            my /= (double)m;
            for (size_t i = 0; i < ROWS; i++)
                if (!isnan(x[i]) && !isnan(y[i]))
                    sxy += (x[i] - mx) * (y[i] - my);
            double c = sxy / (double)(m - 1);
            double scale = sqrt(cov[a * K + a] * cov[b * K + b]);
            cr_assert(fabs(cov[a * K + b] - c) <= 1e-12 * scale, "cov (%zu,%zu): %.17g vs %.17g",
                      a, b, cov[a * K + b], c);
        }
    }
    cr_assert_float_eq(cov[5 * K + 5], 0.0, 1e-12);
}

Test(audit_blocks, correlation_of_a_side_constant_over_the_pairs)
{
    /* y is 3 wherever x is present (rows 0-3), so over the pairs it is
     * constant although it varies over all its values. */
    const double cols[12] = {1, 2, 3, 4, NAN, NAN, 3, 3, 3, 3, 9, 0};
    double cor[4];
    cr_assert_eq(ce_audit_pairwise(cols, 6, 2, NULL, cor, NULL, NULL), CE_OK);
    cr_assert(isnan(cor[1]), "r = %.17g", cor[1]);
    cr_assert(isnan(ce_stats_pearson(cols, 1, cols + 6, 1, 6, NULL)), "as ce_stats_pearson");
}

Test(audit_blocks, pc1_share)
{
    double share;
    const double same[4] = {1, 1, 1, 1}; /* eigenvalues 2, 0 */
    cr_assert_eq(ce_audit_pc1_share(same, 2, &share, NULL), CE_OK);
    cr_assert_float_eq(share, 1.0, 1e-14);
    const double none[4] = {1, 0, 0, 1}; /* eigenvalues 1, 1 */
    cr_assert_eq(ce_audit_pc1_share(none, 2, &share, NULL), CE_OK);
    cr_assert_float_eq(share, 0.5, 1e-14);
    /* equicorrelation 0.5 among 3: eigenvalues 1 + 2 (0.5) = 2, 0.5, 0.5 */
    const double equi[9] = {1, .5, .5, .5, 1, .5, .5, .5, 1};
    cr_assert_eq(ce_audit_pc1_share(equi, 3, &share, NULL), CE_OK);
    cr_assert_float_eq(share, 2.0 / 3, 1e-14);
    /* r = -0.6: eigenvalues 1.6, 0.4 */
    const double neg[4] = {1, -.6, -.6, 1};
    cr_assert_eq(ce_audit_pc1_share(neg, 2, &share, NULL), CE_OK);
    cr_assert_float_eq(share, 0.8, 1e-14);
    const double nan_entry[4] = {1, NAN, NAN, 1};
    cr_assert_eq(ce_audit_pc1_share(nan_entry, 2, &share, NULL), CE_OK);
    cr_assert(isnan(share));
    const double one[1] = {1};
    cr_assert_eq(ce_audit_pc1_share(one, 1, &share, NULL), CE_OK);
    cr_assert(isnan(share));
}

Test(audit_blocks, flags_text)
{
    char buf[64];
    cr_assert_str_eq(ce_audit_flags_text(0, buf, sizeof buf), "");
    cr_assert_str_eq(ce_audit_flags_text(CE_AUDIT_FLAG_OUTLIER | CE_AUDIT_FLAG_AVAILABILITY, buf,
                                         sizeof buf),
                     "low_availability; outlier");
    cr_assert_str_eq(ce_audit_flags_text(0xF, buf, sizeof buf),
                     "low_availability; few_nonzero; few_unique; outlier");
}

/* ---- six clusters, three dimensions -------------------------------------
 *
 * econ = a, b; env = c (direction -), d, e; solo = s alone.
 * Normalised: a = 0 20 40 60 80 100; b = 0 50 25 100 75 -; c = 0 20 - 60 80 100;
 * d = 50 100 75 0 - 25; e = 0 0 33.3 66.7 100 -; s = 0 100 - 0 - -. */
static const char six_profile[] = "code,name,parent,weight,direction,unit\n"
                                  "econ,Economy,,1,,\n"
                                  "env,Environment,,1,,\n"
                                  "solo,Solo group,,1,,\n"
                                  "a,Alpha,econ,1,+,\n"
                                  "b,Beta,econ,1,+,\n"
                                  "c,Gamma,env,1,-,\n"
                                  "d,Delta,env,1,+,\n"
                                  "e,Epsilon,env,1,+,\n"
                                  "s,Single,solo,1,+,\n";
static const char six_data[] = "id,name,a,b,c,d,e,s\n"
                               "C1,一,0,1,5,30,0,7\n"
                               "C2,二,10,3,4,50,0,8\n"
                               "C3,三,20,2,NA,40,10,\n"
                               "C4,四,30,5,2,10,20,7\n"
                               "C5,五,40,4,1,NA,30,\n"
                               "C6,六,50,NA,0,20,NA,\n";

static void six_init(void)
{
    ce_test_dir_init();
    audit_text(six_profile, six_data, NULL);
}

TestSuite(audit_six, .init = six_init, .fini = fixture_fini);

/* a: mean 25, median 25, deviations +-5 +-15 +-25: sum d^2 = 1750, sd = sqrt(1750/5) =
 * 18.708287; symmetric: G1 = 0; sum d^4 = 883750, r = 6 * 883750 / 1750^2 = 1.7314286,
 * G2 = (7 (r - 3) + 6) 5 / (4 * 3) = (-8.88 + 6) 5 / 12 = -1.2; one zero: non-zero 5/6.
 * b: 1 3 2 5 4: sd = sqrt(10/4), G1 0, G2 -1.2, missing 1/6.
 * s: 7 8 7: three values, so kurtosis is not defined (empty); availability 3/6 < 0.65. */
Test(audit_six, indicators_csv)
{
    assert_text(written(ce_audit_csv_write_indicators, 0),
                "code,name,parent,n,missing_share,min,max,mean,median,sd,skew,kurt,"
                "unique_share,nonzero_share,flag_availability,flag_nonzero,flag_unique,"
                "flag_outlier,flags\n"
                "a,Alpha,econ,6,0.000000,0.000000,50.000000,25.000000,25.000000,18.708287,"
                "0.000000,-1.200000,1.000000,0.833333,0,0,0,0,\n"
                "b,Beta,econ,5,0.166667,1.000000,5.000000,3.000000,3.000000,1.581139,"
                "0.000000,-1.200000,1.000000,1.000000,0,0,0,0,\n"
                "c,Gamma,env,5,0.166667,0.000000,5.000000,2.400000,2.000000,2.073644,"
                "0.235514,-1.963223,1.000000,0.800000,0,0,0,0,\n"
                "d,Delta,env,5,0.166667,10.000000,50.000000,30.000000,30.000000,15.811388,"
                "0.000000,-1.200000,1.000000,1.000000,0,0,0,0,\n"
                "e,Epsilon,env,5,0.166667,0.000000,30.000000,12.000000,10.000000,13.038405,"
                "0.541387,-1.487889,0.800000,0.600000,0,0,0,0,\n"
                "s,Single,solo,3,0.500000,7.000000,8.000000,7.333333,7.000000,0.577350,"
                "1.732051,,0.666667,1.000000,1,0,0,0,low_availability\n");
    const ce_audit_indicator *a = &fx.a->indicators[leaf("a")];
    cr_assert_float_eq(a->sd, sqrt(350.0), 1e-12);
    cr_assert_float_eq(a->kurt, -1.2, 1e-12);
    cr_assert_float_eq(a->nonzero_share, 5.0 / 6, 1e-15);
    const ce_audit_indicator *s = &fx.a->indicators[leaf("s")];
    cr_assert_float_eq(s->skew, sqrt(3.0), 1e-12, "7 7 8: G1 = sqrt(3)");
    cr_assert(isnan(s->kurt));
    cr_assert_eq(s->flags, CE_AUDIT_FLAG_AVAILABILITY);
}

/* C3 has 4 of 6 indicators: exactly 2/3, not below. C6 has a, c, d: 1/2 overall,
 * econ 1/2, env 2/3, solo 0. */
Test(audit_six, clusters_csv)
{
    assert_text(written_clusters(0),
                "id,name,availability,econ_avail,env_avail,solo_avail,flag_low_availability,"
                "low_dimensions\n"
                "C1,一,1.000000,1.000000,1.000000,1.000000,0,\n"
                "C2,二,1.000000,1.000000,1.000000,1.000000,0,\n"
                "C3,三,0.666667,1.000000,0.666667,0.000000,0,solo\n"
                "C4,四,1.000000,1.000000,1.000000,1.000000,0,\n"
                "C5,五,0.666667,1.000000,0.666667,0.000000,0,solo\n"
                "C6,六,0.500000,0.500000,0.666667,0.000000,1,econ; solo\n");
    cr_assert_eq(fx.a->clusters[2].low, 0);
    cr_assert_eq(fx.a->clusters[2].low_dims, 1);
    cr_assert_eq(fx.a->clusters[5].low, 1);
    cr_assert_eq(fx.a->clusters[5].low_dims, 2);
}

/* econ by hand: var a (6 values 0..100 step 20) = 7000/5 = 1400; var b (0 50 25 100 75) =
 * 6250/4 = 1562.5; cov over C1-C5 (a mean 40, b mean 50) = (2000 + 0 + 0 + 1000 + 1000)/4
 * = 1000. alpha = 2 (1 - 2962.5 / 4962.5) = 4000 / 4962.5 = 0.806045.
 * r(a, b) = 1000 / sqrt(1000 * 1562.5) over C1-C5 (var a there 1000) = 0.8: PC1 share =
 * (1 + 0.8) / 2 = 0.9. */
Test(audit_six, dimensions_csv)
{
    assert_text(written(ce_audit_csv_write_dimensions, 0),
                "code,name,level,parent,children,min_pairs,alpha,pc1_share,note\n"
                "composite,composite index,0,,3,3,0.354030,0.594735,\n"
                "econ,Economy,1,,2,5,0.806045,0.900000,\n"
                "env,Environment,1,,3,4,-0.265537,0.855151,\n"
                "solo,Solo group,1,,1,,,,one child (s): alpha and PCA not defined\n");
    const ce_audit_group *econ = group("econ");
    cr_assert_float_eq(econ->alpha, 4000 / 4962.5, 1e-12);
    cr_assert_float_eq(econ->pc1_share, 0.9, 1e-12);
    cr_assert_eq(econ->min_pairs, 5);
    const ce_audit_group *solo = group("solo");
    cr_assert(isnan(solo->alpha) && isnan(solo->pc1_share));
    cr_assert_eq(group("composite")->level, 0);
    cr_assert_eq(group("composite")->k, 3);
}

/* d runs against the other two children of env: a negative correlation
 * inside the dimension. */
Test(audit_six, correlations_csv)
{
    assert_text(written(ce_audit_csv_write_correlations, 0),
                "code,name,parent,r_parent,n_parent,r_composite,n_composite,flag_negative\n"
                "a,Alpha,econ,0.958597,6,0.827712,6,0\n"
                "b,Beta,econ,0.959737,5,0.614809,5,0\n"
                "c,Gamma,env,0.813149,5,0.824431,5,0\n"
                "d,Delta,env,-0.116261,5,-0.015602,5,1\n"
                "e,Epsilon,env,0.835757,5,0.659575,5,0\n"
                "s,Single,solo,1.000000,3,0.755929,3,0\n");
    cr_assert_eq(fx.a->correlations[leaf("d")].negative, 1);
    cr_assert_eq(fx.a->correlations[leaf("e")].negative, 0);
}

/* a and c (normalised) are equal where both are present (C3 lacks c): r = 1 over 5
 * pairs, across dimensions. c and e: C3 lacks c and C6 lacks e, so 4 pairs. */
Test(audit_six, pairs_csv)
{
    assert_text(written(ce_audit_csv_write_pairs, 0), "code_a,code_b,r,pairs,same_parent\n"
                                                  "a,c,1.000000,5,0\n"
                                                  "a,e,0.970143,5,0\n"
                                                  "c,e,0.973729,4,1\n");
    cr_assert_eq(fx.a->n_pairs, 3);
    cr_assert_float_eq(fx.a->pairs[0].r, 1.0, 1e-12);
}

Test(audit_six, bom_and_no_nan)
{
    char *with = written(ce_audit_csv_write_indicators, 1);
    cr_assert_eq(memcmp(with, "\xEF\xBB\xBF" "code,name,", 13), 0);
    cr_assert_null(strstr(with, "nan"));
    free(with);
    char *texts[4] = {written(ce_audit_csv_write_dimensions, 1),
                      written(ce_audit_csv_write_pairs, 1),
                      written(ce_audit_csv_write_correlations, 1), written_clusters(1)};
    for (int i = 0; i < 4; i++) {
        cr_assert_eq(memcmp(texts[i], "\xEF\xBB\xBF", 3), 0);
        cr_assert_null(strstr(texts[i], "nan"), "%s", texts[i]);
        cr_assert_null(strstr(texts[i], "inf"), "%s", texts[i]);
        free(texts[i]);
    }
}

/* ---- the flags, on eight clusters ---------------------------------------
 *
 * x = 2 4 4 4 5 5 7 9: mean 5, deviations -3 -1 -1 -1 0 0 2 4; sum d^2 = 32, d^3 = 42,
 * d^4 = 356. g1 = sqrt(8) 42 / 32^1.5 = 0.65625, G1 = g1 sqrt(8 * 7) / 6 = 0.818488;
 * r = 8 * 356 / 32^2 = 2.78125, G2 = (9 (r - 3) + 6) 7 / (6 * 5) = 0.940625.
 * zeros: 3 of 8 non-zero (flag); 4 distinct of 8 = 0.5 (not below: no flag).
 * few: 3 distinct of 8 (flag). half: 4 of 8 non-zero = 0.5 (no flag).
 * out: 1..7, 50: G1 2.74, G2 7.65 (flag). heavy: -30, 1..6, 60: G2 4.35 > 3.5 but
 * |G1| = 1.34 (no flag). sparse: 5 of 8 = 0.625 < 0.65 (flag); most: 6 of 8 (no flag). */
static const char flags_profile[] = "code,name,parent,weight,direction,unit\n"
                                    "g,G,,1,,\n"
                                    "x,X,g,1,+,\n"
                                    "zeros,ZEROS,g,1,+,\n"
                                    "few,FEW,g,1,+,\n"
                                    "out,OUT,g,1,+,\n"
                                    "heavy,HEAVY,g,1,+,\n"
                                    "sparse,SPARSE,g,1,+,\n"
                                    "most,MOST,g,1,+,\n"
                                    "half,HALF,g,1,+,\n";
static const char flags_data[] = "id,x,zeros,few,out,heavy,sparse,most,half\n"
                                 "R1,2,0,1,1,-30,1,1,0\n"
                                 "R2,4,0,1,2,1,2,2,0\n"
                                 "R3,4,0,1,3,2,,,0\n"
                                 "R4,4,0,1,4,3,4,4,0\n"
                                 "R5,5,0,2,5,4,,5,1\n"
                                 "R6,5,1,2,6,5,8,,2\n"
                                 "R7,7,2,2,7,6,,3,3\n"
                                 "R8,9,3,3,50,60,5,6,4\n";

TestSuite(audit_flags, .init = ce_test_dir_init, .fini = fixture_fini);

Test(audit_flags, each_flag_on_and_off)
{
    audit_text(flags_profile, flags_data, NULL);
    assert_text(written(ce_audit_csv_write_indicators, 0),
                "code,name,parent,n,missing_share,min,max,mean,median,sd,skew,kurt,"
                "unique_share,nonzero_share,flag_availability,flag_nonzero,flag_unique,"
                "flag_outlier,flags\n"
                "x,X,g,8,0.000000,2.000000,9.000000,5.000000,4.500000,2.138090,0.818488,"
                "0.940625,0.625000,1.000000,0,0,0,0,\n"
                "zeros,ZEROS,g,8,0.000000,0.000000,3.000000,0.750000,0.000000,1.164965,"
                "1.355361,0.620499,0.500000,0.375000,0,1,0,0,few_nonzero\n"
                "few,FEW,g,8,0.000000,1.000000,3.000000,1.625000,1.500000,0.744024,0.823768,"
                "-0.151509,0.375000,1.000000,0,0,1,0,few_unique\n"
                "out,OUT,g,8,0.000000,1.000000,50.000000,9.750000,4.500000,16.385970,"
                "2.744547,7.645854,1.000000,1.000000,0,0,0,1,outlier\n"
                "heavy,HEAVY,g,8,0.000000,-30.000000,60.000000,6.375000,3.500000,24.686245,"
                "1.339348,4.351676,1.000000,1.000000,0,0,0,0,\n"
                "sparse,SPARSE,g,5,0.375000,1.000000,8.000000,4.000000,4.000000,2.738613,"
                "0.608581,-0.133333,1.000000,1.000000,1,0,0,0,low_availability\n"
                "most,MOST,g,6,0.250000,1.000000,6.000000,3.500000,3.500000,1.870829,"
                "0.000000,-1.200000,1.000000,1.000000,0,0,0,0,\n"
                "half,HALF,g,8,0.000000,0.000000,4.000000,1.250000,0.500000,1.581139,"
                "0.903508,-0.694857,0.625000,0.500000,0,0,0,0,\n");
    const ce_audit_indicator *x = &fx.a->indicators[leaf("x")];
    cr_assert_float_eq(x->skew, 0.65625 * sqrt(56.0) / 6, 1e-12);
    cr_assert_float_eq(x->kurt, 0.940625, 1e-12);
    cr_assert_float_eq(x->median, 4.5, 0);
}

Test(audit_flags, thresholds_are_options)
{
    ce_audit_options o;
    ce_audit_options_init(&o);
    cr_assert_float_eq(o.min_availability, 0.65, 0);
    cr_assert_float_eq(o.min_cluster_availability, 2.0 / 3, 0);
    o.max_kurt = 8;          /* out's 7.65 no longer counts */
    o.min_availability = 0.6; /* sparse's 0.625 passes */
    o.min_unique = 0.3;       /* few's 0.375 passes */
    o.min_nonzero = 0.6;      /* half's 0.5 fails */
    audit_text(flags_profile, flags_data, &o);
    cr_assert_eq(fx.a->indicators[leaf("out")].flags, 0);
    cr_assert_eq(fx.a->indicators[leaf("sparse")].flags, 0);
    cr_assert_eq(fx.a->indicators[leaf("few")].flags, 0);
    cr_assert_eq(fx.a->indicators[leaf("half")].flags, CE_AUDIT_FLAG_NONZERO);
    cr_assert_eq(fx.a->indicators[leaf("zeros")].flags, CE_AUDIT_FLAG_NONZERO);
}

/* ---- consistency of groups ---------------------------------------------- */

TestSuite(audit_groups, .init = ce_test_dir_init, .fini = fixture_fini);

/* Min-max (x - 1) / 3 * 100 scales every item by the same factor, which
 * leaves alpha as it was: 21/29 (see three_items). The composite has one
 * child. */
Test(audit_groups, alpha_by_hand)
{
    audit_text("code,name,parent,weight,direction,unit\n"
               "g,G,,1,,\n"
               "x1,X1,g,1,+,\n"
               "x2,X2,g,1,+,\n"
               "x3,X3,g,1,+,\n",
               "id,x1,x2,x3\nA,1,2,1\nB,2,1,3\nC,3,4,2\nD,4,3,4\n", NULL);
    const ce_audit_group *g = group("g");
    cr_assert_float_eq(g->alpha, 21.0 / 29, 1e-12, "alpha = %.17g", g->alpha);
    cr_assert_eq(g->min_pairs, 4);
    cr_assert_str_eq(g->note, "");
    /* correlations 0.6, 0.8, 0: eigenvalues of [[1,.6,.8],[.6,1,0],[.8,0,1]] are 1 and
     * 1 +- sqrt(0.36 + 0.64) = 2, 0: PC1 share 2/3 */
    cr_assert_float_eq(g->pc1_share, 2.0 / 3, 1e-12);
    const ce_audit_group *c = group("composite");
    cr_assert(isnan(c->alpha) && isnan(c->pc1_share));
    cr_assert_str_eq(c->note, "one child (g): alpha and PCA not defined");
}

Test(audit_groups, pc1_perfect_and_uncorrelated)
{
    /* same: p2 = 2 p1, r = 1: PC1 explains everything, alpha = 1.
     * orth: q1 = 1 2 3 4, q2 = 1 0 0 1: centred -1.5 -.5 .5 1.5 and .5 -.5 -.5 .5,
     * products sum to 0: r = 0, PC1 = 1/2, alpha = 0. */
    audit_text("code,name,parent,weight,direction,unit\n"
               "same,Same,,1,,\n"
               "orth,Orth,,1,,\n"
               "p1,P1,same,1,+,\n"
               "p2,P2,same,1,+,\n"
               "q1,Q1,orth,1,+,\n"
               "q2,Q2,orth,1,+,\n",
               "id,p1,p2,q1,q2\nA,1,2,1,1\nB,2,4,2,0\nC,3,6,3,0\nD,4,8,4,1\n", NULL);
    cr_assert_float_eq(group("same")->pc1_share, 1.0, 1e-12);
    cr_assert_float_eq(group("same")->alpha, 1.0, 1e-12);
    cr_assert_float_eq(group("orth")->pc1_share, 0.5, 1e-12);
    cr_assert_float_eq(group("orth")->alpha, 0.0, 1e-12);
}

Test(audit_groups, notes_when_not_defined)
{
    /* k is constant (normalised 100 everywhere): its covariances are 0, so
     * alpha is defined, its correlations are not. m1 and m2 never meet. */
    audit_text("code,name,parent,weight,direction,unit\n"
               "g,G,,1,,\n"
               "h,H,,1,,\n"
               "x,X,g,1,+,\n"
               "k,K,g,1,+,\n"
               "m1,M1,h,1,+,\n"
               "m2,M2,h,1,+,\n",
               "id,x,k,m1,m2\nA,1,7,1,\nB,2,7,2,\nC,4,7,,3\nD,3,7,,4\n", NULL);
    const ce_audit_group *g = group("g");
    cr_assert_float_eq(g->alpha, 0.0, 1e-12, "2 (1 - var / var)");
    cr_assert(isnan(g->pc1_share));
    cr_assert_str_eq(g->note, "PCA not defined: k is constant");
    const ce_audit_group *h = group("h");
    cr_assert(isnan(h->alpha) && isnan(h->pc1_share));
    cr_assert_eq(h->min_pairs, 0);
    cr_assert_str_eq(h->note, "alpha not defined: m1 and m2 are both present for 0 clusters; "
                              "PCA not defined: m1 has 2 values");
    char *text = written(ce_audit_csv_write_dimensions, 0);
    cr_assert(strstr(text, "\nh,H,1,,2,0,,,alpha not defined: m1 and m2 are both present for 0 "
                           "clusters; PCA not defined: m1 has 2 values\n"),
              "%s", text);
    free(text);
}

/* ---- COINr's ASEM example (51 countries x 49 indicators) ----------------
 *
 * Expected statistics computed with Python 3 from tests/data/coinr-asem/data.csv
 * (statistics.fmean/median/stdev; G1 = sqrt(n) m3/m2^1.5 sqrt(n(n-1))/(n-2) and
 * G2 = ((n+1)(n m4/m2^2 - 3) + 6)(n-1)/((n-2)(n-3)) over the deviation sums). They
 * agree with COINr's own get_stats() table in its "analysis" vignette to its 3
 * significant figures (e.g. Flights sd 46.7, skew 2.10, kurt 4.51; Ship 42 non-zero and
 * 43 unique of 51). The composite's alpha and PC1 share were computed from COINr's Conn
 * and Sust scores (expected-rank.csv): alpha = 2 (1 - (var C + var S) / (var C + var S +
 * 2 cov)), PC1 = (1 + |r|) / 2; the correlations with COINr's composite score. */

static void asem_init(void)
{
    ce_test_dir_init();
    const char *dir = getenv("CE_TEST_DATA");
    cr_assert_not_null(dir, "CE_TEST_DATA not set");
    char path[1024];
    ce_error err = {{0}, 0, {0}};
    ce_pipeline_options po;
    ce_pipeline_options_init(&po);
    po.missing.kind = CE_MISSING_SKIP; /* COINr leaves missing values out */
    snprintf(path, sizeof path, "%s/coinr-asem/profile.csv", dir);
    cr_assert_eq(ce_profile_load(path, CE_ENC_AUTO, &fx.p, NULL, &err), CE_OK, "%s", err.msg);
    snprintf(path, sizeof path, "%s/coinr-asem/data.csv", dir);
    cr_assert_eq(ce_table_read(path, fx.p, CE_ENC_AUTO, &fx.t, NULL, &err), CE_OK, "%s",
                 err.msg);
    cr_assert_eq(ce_pipeline_run(fx.t, fx.p, &po, &fx.r, NULL, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_audit_run(fx.t, fx.p, fx.r, NULL, &fx.a, &err), CE_OK, "%s", err.msg);
}

TestSuite(audit_asem, .init = asem_init, .fini = fixture_fini);

struct asem_stats {
    char code[16];
    size_t n, unique, nonzero;
    double missing, min, max, mean, median, sd, skew, kurt;
    unsigned flags;
};

static void check_asem(const struct asem_stats *e)
{
    const ce_audit_indicator *s = &fx.a->indicators[leaf(e->code)];
    const double got[] = {s->missing_share, s->min,  s->max,  s->mean,
                          s->median,        s->sd,   s->skew, s->kurt};
    const double want[] = {e->missing, e->min, e->max, e->mean,
                           e->median,  e->sd,  e->skew, e->kurt};
    for (size_t i = 0; i < sizeof got / sizeof got[0]; i++)
        cr_assert(fabs(got[i] - want[i]) <= 1e-10 * fmax(1, fabs(want[i])),
                  "%s statistic %zu: %.17g, expected %.17g", e->code, i, got[i], want[i]);
    cr_assert_eq(s->n, e->n, "%s n", e->code);
    cr_assert_float_eq(s->unique_share, (double)e->unique / (double)e->n, 1e-15);
    cr_assert_float_eq(s->nonzero_share, (double)e->nonzero / (double)e->n, 1e-15);
    cr_assert_eq(s->flags, e->flags, "%s flags %u", e->code, s->flags);
}

Test(audit_asem, indicator_statistics)
{
    static const struct asem_stats want[] = {
        {"LPI", 51, 51, 51, 0, 2.067254, 4.225967, 3.4118710392156864, 3.420043,
         0.5384761821615868, -0.3042681282970433, -0.6567514124851306, 0},
        {"Flights", 51, 51, 51, 0, 0.98951, 210.8244, 38.624864901960784, 25.64994,
         46.72227498370915, 2.1032871940515503, 4.508879369700657, CE_AUDIT_FLAG_OUTLIER},
        {"Ship", 51, 43, 42, 0, 0, 21.1719761, 11.984648290196079, 12.689837599999999,
         6.835363725028652, -0.5756680419298315, -0.6814794541049333, 0},
        {"Bord", 51, 30, 45, 0, 0, 122, 23.607843137254903, 18, 24.817798799549124,
         2.1482359891706815, 5.791490492524367, CE_AUDIT_FLAG_OUTLIER},
        {"Elec", 51, 46, 47, 0, 0, 110.17956283333335, 16.23374905882353, 6.911237833333334,
         22.67071607886896, 2.225273624658714, 5.791026767929684, CE_AUDIT_FLAG_OUTLIER},
        {"ConSpeed", 43, 40, 43, 0.1568627450980392, 5.5, 28.6, 14.286046511627905, 14.6,
         5.106465621214178, 0.46220372370792195, 0.18732141906999708, 0},
        {"CO2", 51, 51, 51, 0, 0.29720088370577386, 22.12470124166877, 6.706187012437314,
         5.9357124821143, 4.548819422907527, 1.107157616188582, 1.8321979942703217, 0},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        check_asem(&want[i]);
}

Test(audit_asem, composite_consistency_and_correlations)
{
    const ce_audit_group *c = group("composite");
    cr_assert_float_eq(c->alpha, 0.49018605307418506, 1e-9, "alpha %.17g", c->alpha);
    cr_assert_float_eq(c->pc1_share, 0.6947269829282376, 1e-9, "pc1 %.17g", c->pc1_share);
    cr_assert_eq(c->min_pairs, 51);
    const struct {
        const char *code;
        double r;
        size_t n;
    } want[] = {{"LPI", 0.8107847490503246, 51},
                {"ConSpeed", 0.4675132030847536, 43},
                {"CO2", -0.01898246787491577, 51}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const ce_audit_correlation *r = &fx.a->correlations[leaf(want[i].code)];
        cr_assert_float_eq(r->r_composite, want[i].r, 1e-9, "%s %.17g", want[i].code,
                           r->r_composite);
        cr_assert_eq(r->n_composite, want[i].n);
    }
    cr_assert_eq(fx.a->n_groups, 11, "the composite, 2 dimensions, 8 pillars");
    cr_assert_eq(fx.a->rows, 51);
}
