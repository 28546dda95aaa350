/* test_sme.c - SME size classification (src/programmes/sme.c) on the shipped
 * weights/sme-standard-2011.csv, and the standard loader's errors.
 *
 * The table below restates 《中小企业划型标准规定》(工信部联企业〔2011〕300号)
 * independently of the shipped file: for every industry, every tier and
 * every measure, a value exactly at the bound reaches the tier and one unit
 * below it falls to the next tier. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/sme.h"
#include "testutil.h"

TestSuite(sme, .init = ce_test_dir_init, .fini = ce_test_dir_fini);

typedef struct {
    const char *id, *name;
    int n;
    ce_sme_measure m[2];
    double large[2], medium[2], small[2];
} std_row;

#define P CE_SME_PERSONS
#define R CE_SME_REVENUE
#define A CE_SME_ASSETS
static const std_row expected[] = {
    {"agriculture", "农、林、牧、渔业", 1, {R}, {20000}, {500}, {50}},
    {"industry", "工业", 2, {P, R}, {1000, 40000}, {300, 2000}, {20, 300}},
    {"construction", "建筑业", 2, {R, A}, {80000, 80000}, {6000, 5000}, {300, 300}},
    {"wholesale", "批发业", 2, {P, R}, {200, 40000}, {20, 5000}, {5, 1000}},
    {"retail", "零售业", 2, {P, R}, {300, 20000}, {50, 500}, {10, 100}},
    {"transport", "交通运输业", 2, {P, R}, {1000, 30000}, {300, 3000}, {20, 200}},
    {"warehousing", "仓储业", 2, {P, R}, {200, 30000}, {100, 1000}, {20, 100}},
    {"postal", "邮政业", 2, {P, R}, {1000, 30000}, {300, 2000}, {20, 100}},
    {"accommodation", "住宿业", 2, {P, R}, {300, 10000}, {100, 2000}, {10, 100}},
    {"catering", "餐饮业", 2, {P, R}, {300, 10000}, {100, 2000}, {10, 100}},
    {"telecom", "信息传输业", 2, {P, R}, {2000, 100000}, {100, 1000}, {10, 100}},
    {"software", "软件和信息技术服务业", 2, {P, R}, {300, 10000}, {100, 1000}, {10, 50}},
    {"real_estate", "房地产开发经营", 2, {R, A}, {200000, 10000}, {1000, 5000}, {100, 2000}},
    {"property_management", "物业管理", 2, {P, R}, {1000, 5000}, {300, 1000}, {100, 500}},
    {"leasing_business", "租赁和商务服务业", 2, {P, A}, {300, 120000}, {100, 8000}, {10, 100}},
    {"other", "其他未列明行业", 1, {P}, {300}, {100}, {10}},
};
#define N_EXPECTED (sizeof expected / sizeof expected[0])

static ce_sme_standard *load_shipped(void)
{
    const char *data = getenv("CE_TEST_DATA");
    cr_assert(data, "CE_TEST_DATA is not set");
    char path[1024];
    snprintf(path, sizeof path, "%s/../../weights/sme-standard-2011.csv", data);
    ce_sme_standard *s = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_sme_standard_load(path, CE_ENC_AUTO, &s, NULL, &err), CE_OK, "%s:%zu: %s",
                 err.file, err.line, err.msg);
    return s;
}

static const double *tier_bounds(const std_row *e, int tier)
{
    return tier == 0 ? e->large : tier == 1 ? e->medium : e->small;
}

/* Classifies with the industry's measures set to v (others NaN). */
static ce_sme_size classify(const ce_sme_standard *s, size_t ind, const std_row *e,
                            const double *v, char *reason, size_t cap)
{
    double all[3] = {NAN, NAN, NAN};
    for (int k = 0; k < e->n; k++)
        all[e->m[k]] = v[k];
    ce_sme_size size = CE_SME_MICRO;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_sme_classify(s, ind, all[0], all[1], all[2], &size, reason, cap, &err), CE_OK,
                 "%s: %s", e->id, err.msg);
    return size;
}

Test(sme, shipped_matches_the_standard)
{
    ce_sme_standard *s = load_shipped();
    cr_assert_eq(ce_sme_industry_count(s), N_EXPECTED);
    for (size_t i = 0; i < N_EXPECTED; i++) {
        const std_row *e = &expected[i];
        size_t by_id = 99, by_name = 98;
        cr_assert_eq(ce_sme_industry_find(s, e->id, &by_id), 0, "%s", e->id);
        cr_assert_eq(ce_sme_industry_find(s, e->name, &by_name), 0, "%s", e->name);
        cr_assert_eq(by_id, by_name, "%s", e->id);
        cr_assert_str_eq(ce_sme_industry_name(s, by_id), e->name);
        cr_assert_str_eq(ce_sme_industry_id(s, by_name), e->id);
        for (int m = 0; m < 3; m++) {
            int uses = 0;
            for (int k = 0; k < e->n; k++)
                uses |= e->m[k] == (ce_sme_measure)m;
            cr_assert_eq(ce_sme_industry_uses(s, by_id, (ce_sme_measure)m), uses, "%s %d", e->id,
                         m);
        }
    }
    size_t ix;
    cr_assert_eq(ce_sme_industry_find(s, "工业 ", &ix), -1);
    cr_assert_eq(ce_sme_industry_find(s, "mining", &ix), -1);
    ce_sme_standard_free(s);
}

Test(sme, every_bound_of_every_tier_and_industry)
{
    ce_sme_standard *s = load_shipped();
    char reason[512];
    for (size_t i = 0; i < N_EXPECTED; i++) {
        const std_row *e = &expected[i];
        size_t ind;
        cr_assert_eq(ce_sme_industry_find(s, e->id, &ind), 0);
        for (int tier = 0; tier < 3; tier++) {
            const double *b = tier_bounds(e, tier);
            double v[2] = {b[0], e->n > 1 ? b[1] : 0};
            cr_assert_eq(classify(s, ind, e, v, reason, sizeof reason), (ce_sme_size)tier,
                         "%s at the %s bounds: %s", e->id, ce_sme_size_name(tier), reason);
            cr_assert(strncmp(reason, ce_sme_size_name(tier), strlen(ce_sme_size_name(tier))) == 0,
                      "%s", reason);
            for (int k = 0; k < e->n; k++) {
                double w[2] = {v[0], v[1]};
                w[k] = b[k] - 1;
                cr_assert_eq(classify(s, ind, e, w, reason, sizeof reason),
                             (ce_sme_size)(tier + 1), "%s: %s %g one below the %s bound: %s",
                             e->id, ce_sme_measure_name(e->m[k]), w[k], ce_sme_size_name(tier),
                             reason);
            }
        }
        double zero[2] = {0, 0};
        cr_assert_eq(classify(s, ind, e, zero, reason, sizeof reason), CE_SME_MICRO, "%s",
                     e->id);
    }
    ce_sme_standard_free(s);
}

Test(sme, reasons_name_the_deciding_bound)
{
    ce_sme_standard *s = load_shipped();
    size_t ind;
    char reason[512];
    ce_sme_size size;
    cr_assert_eq(ce_sme_industry_find(s, "工业", &ind), 0);
    cr_assert_eq(ce_sme_classify(s, ind, 450, 9000, NAN, &size, reason, sizeof reason, NULL), CE_OK);
    cr_assert_eq(size, CE_SME_MEDIUM);
    cr_assert_str_eq(reason, "medium: 从业人员 450 >= 300 and 营业收入 9000 >= 2000; "
                             "below large: 从业人员 450 < 1000");
    /* persons reach medium, revenue only small: small. */
    cr_assert_eq(ce_sme_classify(s, ind, 450, 1999.5, NAN, &size, reason, sizeof reason, NULL),
                 CE_OK);
    cr_assert_eq(size, CE_SME_SMALL);
    cr_assert_str_eq(reason, "small: 从业人员 450 >= 20 and 营业收入 1999.5 >= 300; "
                             "below medium: 营业收入 1999.5 < 2000");
    cr_assert_eq(ce_sme_classify(s, ind, 1000, 40000, NAN, &size, reason, sizeof reason, NULL),
                 CE_OK);
    cr_assert_str_eq(reason, "large: 从业人员 1000 >= 1000 and 营业收入 40000 >= 40000");
    cr_assert_eq(ce_sme_industry_find(s, "其他未列明行业", &ind), 0);
    cr_assert_eq(ce_sme_classify(s, ind, 8, NAN, NAN, &size, reason, sizeof reason, NULL), CE_OK);
    cr_assert_eq(size, CE_SME_MICRO);
    cr_assert_str_eq(reason, "micro: 从业人员 8 < 10 (small)");
    /* "other" ignores revenue and assets even when huge. */
    cr_assert_eq(ce_sme_classify(s, ind, 99, 1e9, 1e9, &size, reason, sizeof reason, NULL), CE_OK);
    cr_assert_eq(size, CE_SME_SMALL);
    /* a truncated reason stays NUL-terminated */
    char tiny[8];
    cr_assert_eq(ce_sme_classify(s, ind, 8, NAN, NAN, &size, tiny, sizeof tiny, NULL), CE_OK);
    cr_assert_str_eq(tiny, "micro: ");
    ce_sme_standard_free(s);
}

Test(sme, missing_or_bad_measure_is_an_error)
{
    ce_sme_standard *s = load_shipped();
    size_t ind;
    char reason[64] = "untouched";
    ce_sme_size size = CE_SME_LARGE;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_sme_industry_find(s, "construction", &ind), 0);
    cr_assert_eq(ce_sme_classify(s, ind, 5, 100, NAN, &size, reason, sizeof reason, &err),
                 CE_ERR_DATA);
    cr_assert_str_eq(err.msg, "资产总额 (assets) is missing; 建筑业 needs it");
    cr_assert_str_eq(reason, "untouched");
    cr_assert_eq(size, CE_SME_LARGE);
    cr_assert_eq(ce_sme_classify(s, ind, NAN, -1, 100, &size, reason, sizeof reason, &err),
                 CE_ERR_DATA);
    cr_assert(strstr(err.msg, "营业收入 (revenue) -1") != NULL, "%s", err.msg);
    cr_assert_eq(ce_sme_classify(s, ind, NAN, INFINITY, 100, &size, reason, sizeof reason, &err),
                 CE_ERR_DATA);
    ce_sme_standard_free(s);
}

/* ---- loader errors ------------------------------------------------------ */

static void load_fails(const char *text, size_t line, const char *msg_part)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "std.csv", text);
    ce_sme_standard *s = (ce_sme_standard *)&s; /* must stay as it is */
    ce_sme_standard *before = s;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_sme_standard_load(path, CE_ENC_AUTO, &s, NULL, &err), CE_ERR_DATA, "%s", text);
    cr_assert_eq(s, before);
    cr_assert_str_eq(err.file, path);
    cr_assert_eq(err.line, line, "line %zu, not %zu: %s", err.line, line, err.msg);
    cr_assert(strstr(err.msg, msg_part) != NULL, "\"%s\" lacks \"%s\"", err.msg, msg_part);
}

#define HEAD "id,industry,measures,large,medium,small\n"

Test(sme, loader_errors)
{
    load_fails(HEAD "a,A,persons;staff,10;10,5;5,1;1\n", 2, "unknown measure \"staff\"");
    load_fails(HEAD "a,A,persons,10,5,1\nb,B,persons;persons,1;1,1;1,1;1\n", 3,
               "measure \"persons\" appears twice");
    load_fails(HEAD "a,A,persons,10,five,1\n", 2, "column \"medium\": cannot parse \"five\"");
    load_fails(HEAD "a,A,persons,10,-5,1\n", 2, "cannot parse \"-5\"");
    load_fails(HEAD "a,A,persons;revenue,10;100,5,1;1\n", 2, "list of 2 bound(s)");
    load_fails(HEAD "a,A,persons;revenue,10;100,5;50,1;60\n", 2,
               "measure \"revenue\": the small bound 60 exceeds the medium bound 50");
    load_fails(HEAD "a,A,persons,10,11,1\n", 2, "the medium bound 11 exceeds the large bound 10");
    load_fails(HEAD "a,A,persons,10,5,1\nb,B,revenue,10,5,1\na,C,assets,10,5,1\n", 4,
               "duplicate industry \"a\" (first defined on line 2)");
    load_fails(HEAD "a,A,persons,10,5,1\nb,A,revenue,10,5,1\n", 3, "duplicate industry \"A\"");
    load_fails(HEAD ",A,persons,10,5,1\n", 2, "empty id");
    load_fails("id,industry,measures,large,medium\na,A,persons,10,5\n", 1,
               "missing column \"small\"");
    load_fails(HEAD, 0, "no industry defined");
}

Test(sme, loader_accepts_equal_tiers_and_any_column_order)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "std.csv",
                       "small,medium,large,measures,industry,id\n"
                       "1;0,5;0,5;0,assets;revenue,行业,x\n");
    ce_sme_standard *s = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_sme_standard_load(path, CE_ENC_AUTO, &s, NULL, &err), CE_OK, "%s", err.msg);
    size_t ind;
    cr_assert_eq(ce_sme_industry_find(s, "行业", &ind), 0);
    ce_sme_size size;
    char reason[256];
    /* medium and large bounds are equal: large wins. */
    cr_assert_eq(ce_sme_classify(s, ind, NAN, 0, 5, &size, reason, sizeof reason, NULL), CE_OK);
    cr_assert_eq(size, CE_SME_LARGE);
    cr_assert_eq(ce_sme_classify(s, ind, NAN, 0, 4.5, &size, reason, sizeof reason, NULL), CE_OK);
    cr_assert_eq(size, CE_SME_SMALL);
    cr_assert_str_eq(reason, "small: 资产总额 4.5 >= 1 and 营业收入 0 >= 0; below medium: "
                             "资产总额 4.5 < 5");
    ce_sme_standard_free(s);
    ce_sme_standard_free(NULL);
}

Test(sme, loader_missing_file_is_io)
{
    ce_sme_standard *s = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_sme_standard_load("/nonexistent/std.csv", CE_ENC_AUTO, &s, NULL, &err),
                 CE_ERR_IO);
    cr_assert_null(s);
}

/* One duplicate-column message for every reader (colmap.h). */
Test(sme, loader_column_twice_names_both_columns)
{
    load_fails("id,industry,measures,large,medium,small,large\na,A,persons,10,5,1,10\n", 1,
               "column \"large\" appears twice (columns 4 and 7)");
}
