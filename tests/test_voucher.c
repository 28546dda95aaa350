/* test_voucher.c - the rules of the innovation service voucher (src/programmes/voucher.c):
 * the policy loader on the shipped weights/voucher-policy.csv and on broken
 * policies, and ce_voucher_assess rule by rule.
 *
 * Every assessment starts from one eligible application (app_default: a
 * small Shandong industrial enterprise applying on 2023-03-01) and changes
 * one thing, so each test shows what that one thing does. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/creditcode.h"
#include "clustereval/sme.h"
#include "clustereval/voucher.h"
#include "testutil.h"

static ce_voucher_policy *policy;
static ce_sme_standard *standard;

/* weights/<name> of the source tree (CE_TEST_DATA is tests/data). */
static void shipped_path(char *path, size_t cap, const char *name)
{
    const char *data = getenv("CE_TEST_DATA");
    cr_assert(data, "CE_TEST_DATA is not set");
    int n = snprintf(path, cap, "%s/../../weights/%s", data, name);
    cr_assert(n > 0 && (size_t)n < cap);
}

static void setup(void)
{
    ce_test_dir_init();
    char path[1024];
    ce_error err = {{0}, 0, {0}};
    shipped_path(path, sizeof path, "voucher-policy.csv");
    cr_assert_eq(ce_voucher_policy_load(path, &policy, NULL, &err), CE_OK, "%s:%zu: %s",
                 err.file, err.line, err.msg);
    shipped_path(path, sizeof path, "sme-standard-2011.csv");
    cr_assert_eq(ce_sme_standard_load(path, CE_ENC_AUTO, &standard, NULL, &err), CE_OK,
                 "%s:%zu: %s", err.file, err.line, err.msg);
}

static void teardown(void)
{
    ce_voucher_policy_free(policy);
    ce_sme_standard_free(standard);
    policy = NULL;
    standard = NULL;
    ce_test_dir_fini();
}

TestSuite(voucher, .init = setup, .fini = teardown);

/* ---- helpers -------------------------------------------------------------- */

/* first17 and its GB 32100 check character, into out. */
static const char *credit_code(const char *first17, char out[19])
{
    char c = '?';
    cr_assert_eq(strlen(first17), 17u, "%s", first17);
    cr_assert_eq(ce_credit_code_check_char(first17, &c), 0, "%s", first17);
    memcpy(out, first17, 17);
    out[17] = c;
    out[18] = '\0';
    return out;
}

/* One application row, cells in ce_voucher_column order. */
typedef struct {
    const char *cell[CE_VCOL_N];
    char code[19];
} app;

/* An eligible small Shandong (37) industrial enterprise. The credit code is
 * kept in the struct: copy the struct, then call app_fix_code. */
static app app_default(void)
{
    app a;
    credit_code("91370102MA3C00001", a.code);
    a.cell[CE_VCOL_APP_ID] = "A1";
    a.cell[CE_VCOL_APPLIED_AT] = "2023-03-01T09:00:00";
    a.cell[CE_VCOL_CREDIT_CODE] = NULL; /* app_fix_code */
    a.cell[CE_VCOL_NAME] = "济南云图科技有限公司";
    a.cell[CE_VCOL_LEGAL_PERSON] = "是";
    a.cell[CE_VCOL_ESTABLISHED] = "2015-06-01";
    a.cell[CE_VCOL_GREEN_THRESHOLD] = "1";
    a.cell[CE_VCOL_INDUSTRY] = "工业";
    a.cell[CE_VCOL_EMPLOYEES] = "50";
    a.cell[CE_VCOL_REVENUE] = "1000";
    a.cell[CE_VCOL_ASSETS] = "";
    a.cell[CE_VCOL_TITLES] = "";
    a.cell[CE_VCOL_DCMM] = "none";
    a.cell[CE_VCOL_SERVICE] = "数字化赋能";
    a.cell[CE_VCOL_REQUESTED] = "30000";
    return a;
}

/* Assesses a (its credit code cell defaults to a->code) and returns the
 * reasons (static buffer). */
static const char *assess(app *a, int strict_cap, ce_voucher_assessment *out)
{
    static char reasons[512];
    if (!a->cell[CE_VCOL_CREDIT_CODE])
        a->cell[CE_VCOL_CREDIT_CODE] = a->code;
    ce_voucher_assess(policy, standard, a->cell, strict_cap, out);
    return ce_voucher_reasons(out, reasons, sizeof reasons);
}

/* The reasons of an application with one cell changed. */
static const char *reasons_with(ce_voucher_column c, const char *text, ce_voucher_assessment *out)
{
    app a = app_default();
    a.cell[c] = text;
    return assess(&a, 0, out);
}

/* ---- the policy ----------------------------------------------------------- */

Test(voucher, shipped_policy)
{
    cr_assert_eq(ce_voucher_policy_cap_fen(policy, 0), 5000000);
    cr_assert_eq(ce_voucher_policy_cap_fen(policy, 1), 10000000);
    cr_assert_eq(ce_voucher_policy_ratio_ppm(policy), 300000);
    cr_assert_eq(ce_voucher_policy_validity_days(policy), 60);
    ce_voucher_policy_free(NULL);
}

/* The shipped policy's values, one key a line (line 1 is the header), so a
 * broken variant can change exactly one line. */
static const char *const base_lines[] = {
    "key,value",
    "province_code,37",
    "min_operating_years,1",
    ("services,数字化赋能;绿色低碳;上云用云;市场开拓;首台（套）技术装备及关键核心零部件;"
     "转型咨询;诊断评估;上云用数"),
    "dt_services,转型咨询;诊断评估;上云用数",
    "dt_titles,专精特新;小巨人",
    "general_cap,50000",
    "dt_cap,100000",
    "subsidy_ratio,0.30",
    "validity_days,60",
    "titles,专精特新;小巨人;瞪羚;独角兽;单项冠军",
    "title_levels,国家级;省级",
    "title_default_levels,小巨人=国家级",
    "dcmm_exempt,in_progress;1;2;3;4;5",
};
#define N_BASE (sizeof base_lines / sizeof base_lines[0])

/* Writes the base policy with line `line` (1-based) replaced by `with`
 * (NULL: dropped) and `extra` (may be NULL) appended; returns the path. */
static void write_policy(char *path, size_t cap, size_t line, const char *with,
                         const char *extra)
{
    char text[4096] = "";
    size_t used = 0;
    for (size_t i = 0; i < N_BASE; i++) {
        const char *l = i + 1 == line ? with : base_lines[i];
        if (l)
            used += (size_t)snprintf(text + used, sizeof text - used, "%s\n", l);
    }
    if (extra)
        used += (size_t)snprintf(text + used, sizeof text - used, "%s\n", extra);
    cr_assert(used < sizeof text);
    ce_test_write_text(path, cap, ce_test_dir, "policy.csv", text);
}

static void policy_fails(size_t line, const char *with, const char *extra, size_t err_line,
                         const char *msg_part)
{
    char path[256];
    write_policy(path, sizeof path, line, with, extra);
    ce_voucher_policy *p = (ce_voucher_policy *)&p; /* must stay as it is */
    ce_voucher_policy *before = p;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_voucher_policy_load(path, &p, NULL, &err), CE_ERR_DATA, "line %zu: %s", line,
                 with ? with : "(dropped)");
    cr_assert_eq(p, before);
    cr_assert_str_eq(err.file, path);
    cr_assert_eq(err.line, err_line, "line %zu, not %zu: %s", err.line, err_line, err.msg);
    cr_assert(strstr(err.msg, msg_part) != NULL, "\"%s\" lacks \"%s\"", err.msg, msg_part);
}

Test(voucher, base_policy_of_the_error_tests_loads)
{
    char path[256];
    write_policy(path, sizeof path, 0, NULL, NULL);
    ce_voucher_policy *p = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_voucher_policy_load(path, &p, NULL, &err), CE_OK, "%s:%zu: %s", err.file,
                 err.line, err.msg);
    cr_assert_eq(ce_voucher_policy_cap_fen(p, 0), 5000000);
    cr_assert_eq(ce_voucher_policy_cap_fen(p, 1), 10000000);
    cr_assert_eq(ce_voucher_policy_ratio_ppm(p), 300000);
    cr_assert_eq(ce_voucher_policy_validity_days(p), 60);
    ce_voucher_policy_free(p);
}

Test(voucher, policy_errors)
{
    /* validity_days (line 10) dropped: no line to point at */
    policy_fails(10, NULL, NULL, 0, "missing key \"validity_days\"");
    policy_fails(0, NULL, "colour,blue", 15, "unknown key \"colour\"");
    policy_fails(0, NULL, "general_cap,40000", 15,
                 "key \"general_cap\" appears twice (first on line 7)");
    policy_fails(2, "province_code,3A", NULL, 2,
                 "key \"province_code\": \"3A\" is not a two-digit province code");
    policy_fails(2, "province_code,370", NULL, 2, "\"370\" is not a two-digit province code");
    policy_fails(9, "subsidy_ratio,1.5", NULL, 9,
                 "key \"subsidy_ratio\": \"1.5\" is not a share above 0 and at most 1");
    policy_fails(9, "subsidy_ratio,0", NULL, 9, "\"0\" is not a share above 0");
    /* parts per million: 0.2999995 would be rounded up to 0.30 */
    policy_fails(9, "subsidy_ratio,0.2999995", NULL, 9,
                 "\"0.2999995\" is not a share above 0 and at most 1 (e.g. 0.30) with at most 6 "
                 "decimals");
    policy_fails(9, "subsidy_ratio,30%", NULL, 9, "\"30%\" is not a share above 0");
    policy_fails(7, "general_cap,50000.005", NULL, 7,
                 "key \"general_cap\": \"50000.005\" is not a positive amount of CNY");
    policy_fails(7, "general_cap,-1", NULL, 7,
                 "key \"general_cap\": \"-1\" is not a positive amount of CNY");
    policy_fails(8, "dt_cap,0", NULL, 8, "key \"dt_cap\": \"0\" is not a positive amount");
    policy_fails(5, "dt_services,转型咨询;法律服务", NULL, 5,
                 "key \"dt_services\": \"转型咨询;法律服务\" is not a list of services from "
                 "\"services\"");
    policy_fails(6, "dt_titles,专精特新;瞪羚王", NULL, 6, "a list of titles from \"titles\"");
    policy_fails(10, "validity_days,60.5", NULL, 10,
                 "\"60.5\" is not a whole number of days from 1 to 3660");
    policy_fails(3, "min_operating_years,-1", NULL, 3, "a whole number of years from 0 to 100");
    policy_fails(11, "titles, ; ", NULL, 11, "a ';' list with at least one item");
    policy_fails(13, "title_default_levels,巨人=国家级", NULL, 13, "TITLE=LEVEL");
    policy_fails(1, "key,val", NULL, 1, "missing column \"value\"");
}

Test(voucher, policy_missing_file_is_io)
{
    ce_voucher_policy *p = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_voucher_policy_load("/nonexistent/policy.csv", &p, NULL, &err), CE_ERR_IO);
    cr_assert_null(p);
}

Test(voucher, names)
{
    cr_assert_str_eq(ce_voucher_column_name(CE_VCOL_APP_ID), "app_id");
    cr_assert_str_eq(ce_voucher_column_name(CE_VCOL_GREEN_THRESHOLD), "green_threshold");
    cr_assert_str_eq(ce_voucher_column_name(CE_VCOL_REQUESTED), "requested");
    cr_assert_str_eq(ce_voucher_column_name(CE_VCOL_N), "?");
    cr_assert_str_eq(ce_voucher_rule_code(0), "invalid_credit_code");
    cr_assert_str_eq(ce_voucher_rule_code(3), "operating_under_1_year");
    cr_assert_str_eq(ce_voucher_rule_code(9), "pool_exhausted");
    cr_assert_str_eq(ce_voucher_rule_code(10), "app_id_reused");
    cr_assert_str_eq(ce_voucher_rule_code(11), "?");
    cr_assert_str_eq(ce_voucher_type_name(CE_VOUCHER_GENERAL), "general");
    cr_assert_str_eq(ce_voucher_type_name(CE_VOUCHER_DIGITAL_TRANSFORMATION),
                     "digital_transformation");
}

/* ---- one application: the eligible default -------------------------------- */

Test(voucher, default_application_is_eligible)
{
    app a = app_default();
    ce_voucher_assessment r;
    cr_assert_str_eq(assess(&a, 0, &r), "");
    cr_assert(ce_voucher_assessment_ok(&r));
    cr_assert_eq(r.rules, 0u);
    cr_assert_eq(r.missing, 0u);
    cr_assert_eq(r.invalid, 0u);
    cr_assert_eq(r.has_applied_at, 1);
    /* 2023-03-01 is day 19417; 09:00 China time */
    cr_assert_eq(r.applied_at, 19417LL * 86400 + 9 * 3600);
    cr_assert_eq(r.code_valid, 1);
    cr_assert_str_eq(r.credit_code, a.code);
    cr_assert_eq(r.size, CE_SME_SMALL);
    cr_assert_eq(r.type, CE_VOUCHER_GENERAL);
    cr_assert_eq(r.requested_fen, 3000000);
    cr_assert_eq(r.face_fen, 3000000);
    cr_assert_eq(r.reduced, 0);
}

Test(voucher, credit_code_is_normalised)
{
    app a = app_default();
    char lower[19];
    for (int i = 0; i < 19; i++)
        lower[i] = (char)(a.code[i] >= 'A' && a.code[i] <= 'Z' ? a.code[i] - 'A' + 'a' : a.code[i]);
    a.cell[CE_VCOL_CREDIT_CODE] = lower;
    ce_voucher_assessment r;
    cr_assert_str_eq(assess(&a, 0, &r), "");
    cr_assert_str_eq(r.credit_code, a.code);
}

/* ---- the rules ------------------------------------------------------------ */

Test(voucher, invalid_credit_code)
{
    ce_voucher_assessment r;
    app a = app_default();
    char bad[19];
    memcpy(bad, a.code, sizeof bad);
    bad[17] = bad[17] == '0' ? '1' : '0'; /* wrong check character */
    cr_assert_str_eq(reasons_with(CE_VCOL_CREDIT_CODE, bad, &r), "invalid_credit_code");
    cr_assert_eq(r.rules, (unsigned)CE_VRULE_INVALID_CREDIT_CODE);
    cr_assert_eq(r.code_valid, 0);
    cr_assert_str_eq(r.credit_code, "");
    cr_assert_str_eq(reasons_with(CE_VCOL_CREDIT_CODE, "91370102MA3C00001", &r),
                     "invalid_credit_code"); /* 17 characters */
    memcpy(bad, a.code, sizeof bad);
    bad[10] = 'O'; /* not in the alphabet (O looks like 0) */
    cr_assert_str_eq(reasons_with(CE_VCOL_CREDIT_CODE, bad, &r), "invalid_credit_code");
    cr_assert_eq(r.code_valid, 0);
}

Test(voucher, outside_province)
{
    char beijing[19];
    credit_code("91110108MA3C00001", beijing);
    ce_voucher_assessment r;
    cr_assert_str_eq(reasons_with(CE_VCOL_CREDIT_CODE, beijing, &r), "outside_province");
    cr_assert_eq(r.rules, (unsigned)CE_VRULE_OUTSIDE_PROVINCE);
    cr_assert_eq(r.code_valid, 1);
    cr_assert_str_eq(r.credit_code, beijing);
    char qingdao[19];
    credit_code("91370200MA3C00001", qingdao);
    cr_assert_str_eq(reasons_with(CE_VCOL_CREDIT_CODE, qingdao, &r), "");
}

Test(voucher, not_legal_person)
{
    ce_voucher_assessment r;
    cr_assert_str_eq(reasons_with(CE_VCOL_LEGAL_PERSON, "否", &r), "not_legal_person");
    cr_assert_eq(r.rules, (unsigned)CE_VRULE_NOT_LEGAL_PERSON);
    cr_assert_str_eq(reasons_with(CE_VCOL_LEGAL_PERSON, "no", &r), "not_legal_person");
    cr_assert_str_eq(reasons_with(CE_VCOL_LEGAL_PERSON, "yes", &r), "");
    cr_assert_str_eq(reasons_with(CE_VCOL_LEGAL_PERSON, "maybe", &r), "invalid:legal_person");
    /* issue 15: the one yes/no parser's words */
    cr_assert_str_eq(reasons_with(CE_VCOL_LEGAL_PERSON, "符合", &r), "");
    cr_assert_str_eq(reasons_with(CE_VCOL_LEGAL_PERSON, "√", &r), "");
    cr_assert_str_eq(reasons_with(CE_VCOL_LEGAL_PERSON, "×", &r), "not_legal_person");
    cr_assert_str_eq(reasons_with(CE_VCOL_LEGAL_PERSON, "不符合", &r), "not_legal_person");
    cr_assert_str_eq(reasons_with(CE_VCOL_LEGAL_PERSON, "/", &r), "invalid:legal_person");
}

Test(voucher, operating_under_1_year)
{
    ce_voucher_assessment r;
    /* the anniversary is 2023-03-02: one day short */
    cr_assert_str_eq(reasons_with(CE_VCOL_ESTABLISHED, "2022-03-02", &r),
                     "operating_under_1_year");
    cr_assert_eq(r.rules, (unsigned)CE_VRULE_OPERATING_UNDER_1_YEAR);
    /* exactly one year */
    cr_assert_str_eq(reasons_with(CE_VCOL_ESTABLISHED, "2022-03-01", &r), "");
    cr_assert_str_eq(reasons_with(CE_VCOL_ESTABLISHED, "2022/3/1", &r), "");
    /* 29 February: a year later is the last day of February (民法典 第二百零二条) */
    app a = app_default();
    a.cell[CE_VCOL_ESTABLISHED] = "2020-02-29";
    a.cell[CE_VCOL_APPLIED_AT] = "2021-02-28T09:00:00";
    cr_assert_str_eq(assess(&a, 0, &r), "");
    a.cell[CE_VCOL_APPLIED_AT] = "2021-02-27T23:59:59";
    cr_assert_str_eq(assess(&a, 0, &r), "operating_under_1_year");
    /* applied_at is read in China time: 2022-02-28T16:30Z is 2022-03-01 00:30 */
    a = app_default();
    a.cell[CE_VCOL_ESTABLISHED] = "2021-03-01";
    a.cell[CE_VCOL_APPLIED_AT] = "2022-02-28T16:30:00Z";
    cr_assert_str_eq(assess(&a, 0, &r), "");
    a.cell[CE_VCOL_APPLIED_AT] = "2022-02-28T15:30:00Z";
    cr_assert_str_eq(assess(&a, 0, &r), "operating_under_1_year");
}

/* dates.h: the day of a date-time is floor(seconds / 86400), also before
 * 1970 where seconds are negative: 1969-12-31T12:00 is on 1969-12-31, one
 * day before the anniversary 1970-01-01 of 1969-01-01. */
Test(voucher, operating_years_before_1970)
{
    app a = app_default();
    a.cell[CE_VCOL_ESTABLISHED] = "1969-01-01";
    a.cell[CE_VCOL_APPLIED_AT] = "1969-12-31T12:00:00";
    ce_voucher_assessment r;
    cr_assert_str_eq(assess(&a, 0, &r), "operating_under_1_year");
    a.cell[CE_VCOL_APPLIED_AT] = "1970-01-01T00:00:00";
    cr_assert_str_eq(assess(&a, 0, &r), "");
}

Test(voucher, green_threshold)
{
    ce_voucher_assessment r;
    cr_assert_str_eq(reasons_with(CE_VCOL_GREEN_THRESHOLD, "0", &r), "green_threshold_failed");
    cr_assert_eq(r.rules, (unsigned)CE_VRULE_GREEN_THRESHOLD_FAILED);
    cr_assert_str_eq(reasons_with(CE_VCOL_GREEN_THRESHOLD, "未通过", &r),
                     "green_threshold_failed");
    cr_assert_str_eq(reasons_with(CE_VCOL_GREEN_THRESHOLD, "FAIL", &r), "green_threshold_failed");
    cr_assert_str_eq(reasons_with(CE_VCOL_GREEN_THRESHOLD, "通过", &r), "");
    cr_assert_str_eq(reasons_with(CE_VCOL_GREEN_THRESHOLD, "合格", &r), "");
    cr_assert_str_eq(reasons_with(CE_VCOL_GREEN_THRESHOLD, "是", &r), "");
    cr_assert_str_eq(reasons_with(CE_VCOL_GREEN_THRESHOLD, "待定", &r),
                     "invalid:green_threshold");
    /* issue 15: the words of the one yes/no parser, full-width forms too */
    cr_assert_str_eq(reasons_with(CE_VCOL_GREEN_THRESHOLD, "√", &r), "");
    cr_assert_str_eq(reasons_with(CE_VCOL_GREEN_THRESHOLD, "×", &r), "green_threshold_failed");
    cr_assert_str_eq(reasons_with(CE_VCOL_GREEN_THRESHOLD, "不符合", &r),
                     "green_threshold_failed");
    cr_assert_str_eq(reasons_with(CE_VCOL_GREEN_THRESHOLD, "ＰＡＳＳ", &r), "");
    cr_assert_str_eq(reasons_with(CE_VCOL_GREEN_THRESHOLD, "/", &r), "invalid:green_threshold");
}

/* 工业: medium from 300 persons and 2000 (万元) revenue, large from 1000 and
 * 40000 (工信部联企业〔2011〕300号). */
static const char *size_case(const char *employees, const char *revenue, const char *titles,
                             const char *dcmm, ce_voucher_assessment *r)
{
    app a = app_default();
    a.cell[CE_VCOL_EMPLOYEES] = employees;
    a.cell[CE_VCOL_REVENUE] = revenue;
    a.cell[CE_VCOL_TITLES] = titles;
    a.cell[CE_VCOL_DCMM] = dcmm;
    return assess(&a, 0, r);
}

Test(voucher, not_small_or_micro)
{
    ce_voucher_assessment r;
    cr_assert_str_eq(size_case("300", "2000", "", "none", &r), "not_small_or_micro");
    cr_assert_eq(r.rules, (unsigned)CE_VRULE_NOT_SMALL_OR_MICRO);
    cr_assert_eq(r.size, CE_SME_MEDIUM);
    cr_assert_str_eq(size_case("299", "2000", "", "none", &r), "");
    cr_assert_eq(r.size, CE_SME_SMALL);
    cr_assert_str_eq(size_case("300", "1999", "", "none", &r), "");
    cr_assert_eq(r.size, CE_SME_SMALL);
    cr_assert_str_eq(size_case("1000", "40000", "", "none", &r), "not_small_or_micro");
    cr_assert_eq(r.size, CE_SME_LARGE);
    cr_assert_str_eq(size_case("5", "100", "", "none", &r), "");
    cr_assert_eq(r.size, CE_SME_MICRO);
}

Test(voucher, size_exemptions)
{
    ce_voucher_assessment r;
    const char *exempt_titles[] = {"专精特新:省级", "小巨人", "单项冠军:国家级",
                                   "专精特新：国家级", "瞪羚:市级;独角兽:省级"};
    for (size_t i = 0; i < sizeof exempt_titles / sizeof *exempt_titles; i++) {
        cr_assert_str_eq(size_case("1000", "40000", exempt_titles[i], "none", &r), "", "%s",
                         exempt_titles[i]);
        cr_assert_eq(r.size, CE_SME_LARGE, "%s", exempt_titles[i]);
    }
    cr_assert_str_eq(size_case("1000", "40000", "", "3", &r), "");
    cr_assert_str_eq(size_case("1000", "40000", "", "in_progress", &r), "");
    cr_assert_str_eq(size_case("1000", "40000", "", "1", &r), "");
    /* not exempt: a level that does not count, a title without a level and
     * no default, no dcmm */
    cr_assert_str_eq(size_case("1000", "40000", "瞪羚:市级", "none", &r), "not_small_or_micro");
    cr_assert_str_eq(size_case("1000", "40000", "专精特新", "none", &r), "not_small_or_micro");
    cr_assert_str_eq(size_case("1000", "40000", "", "none", &r), "not_small_or_micro");
    cr_assert_str_eq(size_case("1000", "40000", "", "", &r), "not_small_or_micro");
}

Test(voucher, invalid_titles_and_dcmm)
{
    ce_voucher_assessment r;
    cr_assert_str_eq(reasons_with(CE_VCOL_TITLES, "高新技术企业", &r), "invalid:titles");
    cr_assert_eq(r.invalid, 1u << CE_VCOL_TITLES);
    cr_assert_str_eq(reasons_with(CE_VCOL_TITLES, "专精特新:省级;高新技术企业", &r),
                     "invalid:titles");
    cr_assert_str_eq(reasons_with(CE_VCOL_DCMM, "6", &r), "invalid:dcmm");
    cr_assert_eq(r.invalid, 1u << CE_VCOL_DCMM);
    cr_assert_str_eq(reasons_with(CE_VCOL_DCMM, "level 3", &r), "invalid:dcmm");
}

Test(voucher, service_not_covered)
{
    ce_voucher_assessment r;
    cr_assert_str_eq(reasons_with(CE_VCOL_SERVICE, "法律服务", &r), "service_not_covered");
    cr_assert_eq(r.rules, (unsigned)CE_VRULE_SERVICE_NOT_COVERED);
    cr_assert_eq(r.type, -1);
    /* the policy writes 首台（套） with full-width parentheses */
    cr_assert_str_eq(reasons_with(CE_VCOL_SERVICE, "首台(套)技术装备及关键核心零部件", &r), "");
    cr_assert_eq(r.type, CE_VOUCHER_GENERAL);
    cr_assert_str_eq(reasons_with(CE_VCOL_SERVICE, "首台（套）技术装备及关键核心零部件", &r), "");
    cr_assert_str_eq(reasons_with(CE_VCOL_SERVICE, "首台(套技术装备及关键核心零部件", &r),
                     "service_not_covered");
    cr_assert_str_eq(reasons_with(CE_VCOL_SERVICE, "上云用云", &r), "");
}

static int type_of(const char *titles, const char *service)
{
    app a = app_default();
    a.cell[CE_VCOL_TITLES] = titles;
    a.cell[CE_VCOL_SERVICE] = service;
    ce_voucher_assessment r;
    cr_assert_str_eq(assess(&a, 0, &r), "", "%s / %s", titles, service);
    return r.type;
}

Test(voucher, voucher_type)
{
    cr_assert_eq(type_of("专精特新:省级", "转型咨询"), CE_VOUCHER_DIGITAL_TRANSFORMATION);
    cr_assert_eq(type_of("小巨人", "上云用数"), CE_VOUCHER_DIGITAL_TRANSFORMATION);
    cr_assert_eq(type_of("", "转型咨询"), CE_VOUCHER_GENERAL);
    cr_assert_eq(type_of("专精特新:省级", "数字化赋能"), CE_VOUCHER_GENERAL);
    /* exempting but not a dt title; a dt title at a level that does not count */
    cr_assert_eq(type_of("单项冠军:国家级", "转型咨询"), CE_VOUCHER_GENERAL);
    cr_assert_eq(type_of("专精特新:市级", "转型咨询"), CE_VOUCHER_GENERAL);
}

static void cap_case(const char *titles, const char *service, const char *requested, int strict,
                     const char *reasons, long long face, int reduced)
{
    app a = app_default();
    a.cell[CE_VCOL_TITLES] = titles;
    a.cell[CE_VCOL_SERVICE] = service;
    a.cell[CE_VCOL_REQUESTED] = requested;
    ce_voucher_assessment r;
    cr_assert_str_eq(assess(&a, strict, &r), reasons, "%s %s", service, requested);
    cr_assert_eq(r.face_fen, face, "%s %s: face %lld", service, requested, r.face_fen);
    cr_assert_eq(r.reduced, reduced, "%s %s", service, requested);
}

Test(voucher, caps)
{
    cap_case("专精特新:省级", "转型咨询", "90000", 0, "", 9000000, 0);
    cap_case("专精特新:省级", "转型咨询", "100000", 0, "", 10000000, 0);
    cap_case("专精特新:省级", "转型咨询", "120000", 0, "reduced_to_cap", 10000000, 1);
    cap_case("", "数字化赋能", "50000", 0, "", 5000000, 0);
    cap_case("", "数字化赋能", "80000", 0, "reduced_to_cap", 5000000, 1);
    cap_case("", "数字化赋能", "50000.01", 0, "reduced_to_cap", 5000000, 1);
    /* strict: over_cap, and the request is not cut */
    cap_case("", "数字化赋能", "80000", 1, "over_cap", 8000000, 0);
    cap_case("专精特新:省级", "转型咨询", "120000", 1, "over_cap", 12000000, 0);
    cap_case("", "数字化赋能", "50000", 1, "", 5000000, 0);
    /* a reduced request is still eligible */
    app a = app_default();
    a.cell[CE_VCOL_REQUESTED] = "80000";
    ce_voucher_assessment r;
    assess(&a, 0, &r);
    cr_assert(ce_voucher_assessment_ok(&r));
    cr_assert_eq(r.requested_fen, 8000000);
}

/* ---- missing and invalid cells -------------------------------------------- */

Test(voucher, missing_columns)
{
    static const ce_voucher_column required[] = {
        CE_VCOL_APPLIED_AT,      CE_VCOL_CREDIT_CODE, CE_VCOL_NAME,      CE_VCOL_LEGAL_PERSON,
        CE_VCOL_ESTABLISHED,     CE_VCOL_GREEN_THRESHOLD, CE_VCOL_INDUSTRY, CE_VCOL_EMPLOYEES,
        CE_VCOL_REVENUE,         CE_VCOL_SERVICE,     CE_VCOL_REQUESTED};
    for (size_t i = 0; i < sizeof required / sizeof *required; i++) {
        ce_voucher_column c = required[i];
        char want[64];
        snprintf(want, sizeof want, "missing:%s", ce_voucher_column_name(c));
        ce_voucher_assessment r;
        cr_assert_str_eq(reasons_with(c, "", &r), want);
        cr_assert_eq(r.missing, 1u << c, "%s", want);
        cr_assert_eq(r.rules, 0u, "%s", want);
        cr_assert(!ce_voucher_assessment_ok(&r));
        cr_assert_str_eq(reasons_with(c, "  ", &r), want);
    }
    ce_voucher_assessment r;
    cr_assert_str_eq(reasons_with(CE_VCOL_REQUESTED, "NA", &r), "missing:requested");
    cr_assert_str_eq(reasons_with(CE_VCOL_EMPLOYEES, "N/A", &r), "missing:employees");
    cr_assert_eq(r.size, -1);
    /* not needed: assets (工业 does not use it), titles, dcmm, app_id */
    cr_assert_str_eq(reasons_with(CE_VCOL_ASSETS, "", &r), "");
    cr_assert_str_eq(reasons_with(CE_VCOL_TITLES, "", &r), "");
    cr_assert_str_eq(reasons_with(CE_VCOL_DCMM, "", &r), "");
    cr_assert_str_eq(reasons_with(CE_VCOL_APP_ID, "", &r), "");
}

Test(voucher, size_cells_not_needed_when_exempt)
{
    app a = app_default();
    a.cell[CE_VCOL_TITLES] = "专精特新:省级";
    a.cell[CE_VCOL_EMPLOYEES] = "";
    ce_voucher_assessment r;
    cr_assert_str_eq(assess(&a, 0, &r), "");
    cr_assert_eq(r.size, -1);
    a.cell[CE_VCOL_REVENUE] = "";
    a.cell[CE_VCOL_INDUSTRY] = "";
    cr_assert_str_eq(assess(&a, 0, &r), "");
    cr_assert(ce_voucher_assessment_ok(&r));
    a = app_default();
    a.cell[CE_VCOL_DCMM] = "2";
    a.cell[CE_VCOL_EMPLOYEES] = "";
    cr_assert_str_eq(assess(&a, 0, &r), "");
    /* 专精特新 without a level does not exempt: employees are needed */
    a = app_default();
    a.cell[CE_VCOL_TITLES] = "专精特新";
    a.cell[CE_VCOL_EMPLOYEES] = "";
    cr_assert_str_eq(assess(&a, 0, &r), "missing:employees");
}

Test(voucher, invalid_columns)
{
    ce_voucher_assessment r;
    cr_assert_str_eq(reasons_with(CE_VCOL_APPLIED_AT, "yesterday", &r), "invalid:applied_at");
    cr_assert_eq(r.invalid, 1u << CE_VCOL_APPLIED_AT);
    cr_assert_eq(r.has_applied_at, 0);
    cr_assert_str_eq(reasons_with(CE_VCOL_ESTABLISHED, "2020-13-45", &r), "invalid:established");
    cr_assert_eq(r.invalid, 1u << CE_VCOL_ESTABLISHED);
    cr_assert_str_eq(reasons_with(CE_VCOL_EMPLOYEES, "many", &r), "invalid:employees");
    cr_assert_eq(r.size, -1);
    cr_assert_str_eq(reasons_with(CE_VCOL_EMPLOYEES, "-3", &r), "invalid:employees");
    cr_assert_str_eq(reasons_with(CE_VCOL_REVENUE, "1,00", &r), "invalid:revenue");
    cr_assert_str_eq(reasons_with(CE_VCOL_INDUSTRY, "采矿业", &r), "invalid:industry");
    cr_assert_str_eq(reasons_with(CE_VCOL_REQUESTED, "0", &r), "invalid:requested");
    cr_assert_eq(r.invalid, 1u << CE_VCOL_REQUESTED);
    cr_assert_str_eq(reasons_with(CE_VCOL_REQUESTED, "-5", &r), "invalid:requested");
    cr_assert_str_eq(reasons_with(CE_VCOL_REQUESTED, "thirty", &r), "invalid:requested");
    cr_assert_str_eq(reasons_with(CE_VCOL_REQUESTED, "20000000000", &r), "invalid:requested");
    cr_assert_eq(r.face_fen, 0);
    cr_assert_str_eq(reasons_with(CE_VCOL_REQUESTED, "45000.005", &r), "invalid:requested");
    cr_assert_eq(r.face_fen, 0);
    cr_assert_str_eq(reasons_with(CE_VCOL_REQUESTED, "45000.000", &r), "");
    cr_assert_eq(r.face_fen, 4500000);
}

/* A voucher is valid validity_days (60) after the day of application; when
 * that day lies after 9999-12-31 the voucher could not be written with an
 * expiry (it used to expire "0000-00-00"): the application date is
 * invalid (issue 13). */
Test(voucher, expiry_must_stay_in_the_calendar)
{
    ce_voucher_assessment r;
    cr_assert_str_eq(reasons_with(CE_VCOL_APPLIED_AT, "9999-11-01T23:59", &r), "");
    cr_assert_eq(r.has_applied_at, 1);
    cr_assert_str_eq(reasons_with(CE_VCOL_APPLIED_AT, "9999-11-02", &r), "invalid:applied_at");
    cr_assert_eq(r.invalid, 1u << CE_VCOL_APPLIED_AT);
    cr_assert_eq(r.has_applied_at, 0);
    cr_assert_str_eq(reasons_with(CE_VCOL_APPLIED_AT, "9999-12-31", &r), "invalid:applied_at");
    cr_assert_str_eq(reasons_with(CE_VCOL_APPLIED_AT, "9999-12-31T23:59:59", &r),
                     "invalid:applied_at");
    /* an offset that moves the day into 9999-11-02 China time */
    cr_assert_str_eq(reasons_with(CE_VCOL_APPLIED_AT, "9999-11-01T20:00:00Z", &r),
                     "invalid:applied_at");
}

Test(voucher, reasons_order)
{
    char beijing[19];
    credit_code("91110108MA3C00001", beijing);
    app a = app_default();
    a.cell[CE_VCOL_NAME] = "";
    a.cell[CE_VCOL_CREDIT_CODE] = beijing;
    a.cell[CE_VCOL_LEGAL_PERSON] = "否";
    ce_voucher_assessment r;
    cr_assert_str_eq(assess(&a, 0, &r), "missing:name;outside_province;not_legal_person");

    /* data codes in column order (applied_at before employees, missing and
     * invalid interleaved by column), then the rules in rule order */
    a = app_default();
    a.cell[CE_VCOL_SERVICE] = "法律服务";
    a.cell[CE_VCOL_GREEN_THRESHOLD] = "0";
    a.cell[CE_VCOL_EMPLOYEES] = "many";
    a.cell[CE_VCOL_APPLIED_AT] = "";
    a.cell[CE_VCOL_LEGAL_PERSON] = "否";
    a.cell[CE_VCOL_REQUESTED] = "abc";
    cr_assert_str_eq(assess(&a, 0, &r),
                     "missing:applied_at;invalid:employees;invalid:requested;not_legal_person;"
                     "green_threshold_failed;service_not_covered");

    /* reduced_to_cap comes last */
    a = app_default();
    a.cell[CE_VCOL_REQUESTED] = "80000";
    a.cell[CE_VCOL_GREEN_THRESHOLD] = "未通过";
    a.cell[CE_VCOL_DCMM] = "7";
    cr_assert_str_eq(assess(&a, 0, &r), "invalid:dcmm;green_threshold_failed;reduced_to_cap");

    /* a short buffer is cut, NUL-terminated */
    char tiny[12];
    cr_assert_str_eq(ce_voucher_reasons(&r, tiny, sizeof tiny), "invalid:dcm");
}
