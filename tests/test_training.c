/* test_training.c - the public training projects (新旧动能转换公共实训项目,
 * src/programmes/training.c): the policy loader on the shipped
 * weights/training-policy.csv and on broken policies, and ce_training_assess
 * condition by condition.
 *
 * Every assessment starts from one eligible applicant of each kind
 * (enterprise(): a Jinan enterprise; college(): a Shandong 事业单位 college)
 * and changes one thing, so each case shows what that one thing does. The
 * thresholds are restated here from the issue (issue 6) independently of
 * the shipped file: site >= 500 ㎡, instructors >= 10 with full-time >= 50 %,
 * agreements >= 5, capacity enterprise >= 500 (external >= 100), college
 * >= 2000 (external >= 400), one of 场景式/生产性/数字化, occupations >= 3;
 * at acceptance investment >= 500000 CNY and actual trainees >= capacity;
 * subsidy min(requested, 300000), reward 300000 for 优秀. All inclusive. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/creditcode.h"
#include "clustereval/training.h"
#include "testutil.h"

static ce_training_policy *policy;
static ce_training_policy *variant; /* the last load_variant's, freed by teardown */

/* Valid GB 32100 codes, completed with their check character in setup. */
static char code_jinan[19];   /* 91 370102 …: a Jinan enterprise */
static char code_college[19]; /* 12 370000 …: a Shandong 事业单位 */
static char code_jiangsu[19]; /* 91 320106 …: a Nanjing enterprise */
static char code_beijing[19]; /* 52 110108 …: a Beijing 民办非企业单位 */

static void credit_code(const char *first17, char out[19])
{
    char c = '?';
    cr_assert_eq(strlen(first17), 17u, "%s", first17);
    cr_assert_eq(ce_credit_code_check_char(first17, &c), 0, "%s", first17);
    memcpy(out, first17, 17);
    out[17] = c;
    out[18] = '\0';
    cr_assert_eq(ce_credit_code_check(out, 18, NULL), CE_CREDIT_OK, "%s", out);
}

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
    shipped_path(path, sizeof path, "training-policy.csv");
    cr_assert_eq(ce_training_policy_load(path, &policy, NULL, &err), CE_OK, "%s:%zu: %s",
                 err.file, err.line, err.msg);
    credit_code("91370102MA3C00001", code_jinan);
    credit_code("12370000495571234", code_college);
    credit_code("91320106MA3JPW277", code_jiangsu);
    credit_code("52110108MJ0123456", code_beijing);
}

static void teardown(void)
{
    ce_training_policy_free(policy);
    ce_training_policy_free(variant);
    policy = variant = NULL;
    ce_test_dir_fini();
}

TestSuite(training, .init = setup, .fini = teardown);

/* ---- applicants ------------------------------------------------------------ */

typedef struct {
    const char *cell[CE_TCOL_N];
} app;

/* An eligible enterprise in Jinan: every threshold passed with room. */
static app enterprise(void)
{
    app a = {{NULL}};
    a.cell[CE_TCOL_APPLICANT_ID] = "T1";
    a.cell[CE_TCOL_NAME] = "济南测试智能制造有限公司";
    a.cell[CE_TCOL_KIND] = "enterprise";
    a.cell[CE_TCOL_CREDIT_CODE] = code_jinan;
    a.cell[CE_TCOL_TRAINING_UNIT] = "是";
    a.cell[CE_TCOL_SITE_OWNED] = "是";
    a.cell[CE_TCOL_SITE_AREA] = "800";
    a.cell[CE_TCOL_EQUIPMENT] = "是";
    a.cell[CE_TCOL_INSTRUCTORS] = "12";
    a.cell[CE_TCOL_FULLTIME_INSTRUCTORS] = "8";
    a.cell[CE_TCOL_AGREEMENTS] = "6";
    a.cell[CE_TCOL_PARTNERS_PARTICIPATE] = "是";
    a.cell[CE_TCOL_ANNUAL_CAPACITY] = "800";
    a.cell[CE_TCOL_EXTERNAL_CAPACITY] = "200";
    a.cell[CE_TCOL_TRAINING_MODES] = "场景式;生产性";
    a.cell[CE_TCOL_OCCUPATIONS] = "5";
    a.cell[CE_TCOL_REQUESTED] = "250000";
    a.cell[CE_TCOL_INVESTMENT] = "600000";
    a.cell[CE_TCOL_ACTUAL_TRAINEES] = "850";
    a.cell[CE_TCOL_PERFORMANCE] = "良好";
    a.cell[CE_TCOL_PROVINCE] = NULL;
    return a;
}

/* An eligible college (事业单位) in Shandong. */
static app college(void)
{
    app a = enterprise();
    a.cell[CE_TCOL_APPLICANT_ID] = "T2";
    a.cell[CE_TCOL_NAME] = "济南测试职业技术学院";
    a.cell[CE_TCOL_KIND] = "college";
    a.cell[CE_TCOL_CREDIT_CODE] = code_college;
    a.cell[CE_TCOL_TRAINING_UNIT] = "1";
    a.cell[CE_TCOL_SITE_OWNED] = "1";
    a.cell[CE_TCOL_SITE_AREA] = "1200";
    a.cell[CE_TCOL_EQUIPMENT] = "1";
    a.cell[CE_TCOL_INSTRUCTORS] = "20";
    a.cell[CE_TCOL_FULLTIME_INSTRUCTORS] = "12";
    a.cell[CE_TCOL_AGREEMENTS] = "8";
    a.cell[CE_TCOL_PARTNERS_PARTICIPATE] = "1";
    a.cell[CE_TCOL_ANNUAL_CAPACITY] = "2500";
    a.cell[CE_TCOL_EXTERNAL_CAPACITY] = "500";
    a.cell[CE_TCOL_TRAINING_MODES] = "生产性;数字化";
    a.cell[CE_TCOL_OCCUPATIONS] = "6";
    a.cell[CE_TCOL_REQUESTED] = "280000";
    a.cell[CE_TCOL_INVESTMENT] = "800000";
    a.cell[CE_TCOL_ACTUAL_TRAINEES] = "2600";
    a.cell[CE_TCOL_PERFORMANCE] = "合格";
    return a;
}

static app of_kind(ce_training_kind k) { return k == CE_TRAINING_COLLEGE ? college() : enterprise(); }

/* Assesses a with p and checks the failed reasons (and pass = no reasons). */
static ce_training_result assess_with(const ce_training_policy *p, const app *a,
                                      ce_training_stage stage, const char *failed,
                                      const char *what)
{
    ce_training_result r;
    memset(&r, 0x5a, sizeof r);
    ce_training_assess(p, stage, a->cell, &r);
    cr_assert_str_eq(r.failed, failed, "%s (%s): got \"%s\", want \"%s\"", what,
                     stage == CE_TRAINING_ACCEPT ? "accept" : "apply", r.failed, failed);
    cr_assert_eq(r.pass, failed[0] == '\0', "%s: pass %d", what, r.pass);
    if (!r.pass) {
        cr_assert_eq(r.subsidy_fen, 0, "%s", what);
        cr_assert_eq(r.reward_fen, 0, "%s", what);
    }
    return r;
}

static ce_training_result assess(const app *a, ce_training_stage stage, const char *failed,
                                 const char *what)
{
    return assess_with(policy, a, stage, failed, what);
}

#define APPLY CE_TRAINING_APPLY
#define ACCEPT CE_TRAINING_ACCEPT
#define ENT CE_TRAINING_ENTERPRISE
#define COL CE_TRAINING_COLLEGE

Test(training, the_base_applicants_pass_both_stages)
{
    app e = enterprise(), c = college();
    ce_training_result r = assess(&e, APPLY, "", "enterprise");
    cr_assert_eq(r.kind, ENT);
    cr_assert_eq(r.subsidy_fen, 25000000);
    cr_assert_eq(r.reward_fen, 0);
    r = assess(&e, ACCEPT, "", "enterprise");
    cr_assert_eq(r.subsidy_fen, 25000000);
    cr_assert_eq(r.reward_fen, 0);
    r = assess(&c, APPLY, "", "college");
    cr_assert_eq(r.kind, COL);
    cr_assert_eq(r.subsidy_fen, 28000000);
    r = assess(&c, ACCEPT, "", "college");
    cr_assert_eq(r.subsidy_fen, 28000000);
    cr_assert_eq(r.reward_fen, 0);
}

/* ---- thresholds: below, at, above, for each kind ----------------------------- */

typedef struct {
    ce_training_column col;
    const char *text;
} cell_set;

typedef struct {
    ce_training_kind kind;
    ce_training_stage stage;
    cell_set set[3];
    const char *failed;
} threshold_case;

#define C1(a, b) {{a, b}}
#define C2(a, b, c, d) {{a, b}, {c, d}}
#define C3(a, b, c, d, e, f) {{a, b}, {c, d}, {e, f}}

static const threshold_case thresholds[] = {
    /* 自有产权实训场地不少于500平方米 */
    {ENT, APPLY, C1(CE_TCOL_SITE_AREA, "499"), "site_area_below_500"},
    {ENT, APPLY, C1(CE_TCOL_SITE_AREA, "499.99"), "site_area_below_500"},
    {ENT, APPLY, C1(CE_TCOL_SITE_AREA, "500"), ""},
    {ENT, APPLY, C1(CE_TCOL_SITE_AREA, "501"), ""},
    {COL, APPLY, C1(CE_TCOL_SITE_AREA, "499"), "site_area_below_500"},
    {COL, APPLY, C1(CE_TCOL_SITE_AREA, "500"), ""},
    {COL, APPLY, C1(CE_TCOL_SITE_AREA, "501"), ""},
    {COL, APPLY, C1(CE_TCOL_SITE_AREA, "500.5"), ""},
    /* 专兼职实训教师不少于10名 (full-time kept at half or more) */
    {ENT, APPLY, C2(CE_TCOL_INSTRUCTORS, "9", CE_TCOL_FULLTIME_INSTRUCTORS, "5"),
     "instructors_below_10"},
    {ENT, APPLY, C2(CE_TCOL_INSTRUCTORS, "10", CE_TCOL_FULLTIME_INSTRUCTORS, "5"), ""},
    {ENT, APPLY, C2(CE_TCOL_INSTRUCTORS, "11", CE_TCOL_FULLTIME_INSTRUCTORS, "6"), ""},
    {COL, APPLY, C2(CE_TCOL_INSTRUCTORS, "9", CE_TCOL_FULLTIME_INSTRUCTORS, "5"),
     "instructors_below_10"},
    {COL, APPLY, C2(CE_TCOL_INSTRUCTORS, "10", CE_TCOL_FULLTIME_INSTRUCTORS, "6"), ""},
    {COL, APPLY, C2(CE_TCOL_INSTRUCTORS, "11", CE_TCOL_FULLTIME_INSTRUCTORS, "7"), ""},
    /* 其中专职教师不低于50%: 4 of 9, 5 of 11 below; 5 of 10 at; 6 of 11 above */
    {ENT, APPLY, C2(CE_TCOL_INSTRUCTORS, "9", CE_TCOL_FULLTIME_INSTRUCTORS, "4"),
     "instructors_below_10;fulltime_instructors_below_half"},
    {ENT, APPLY, C2(CE_TCOL_INSTRUCTORS, "11", CE_TCOL_FULLTIME_INSTRUCTORS, "5"),
     "fulltime_instructors_below_half"},
    {ENT, APPLY, C2(CE_TCOL_INSTRUCTORS, "10", CE_TCOL_FULLTIME_INSTRUCTORS, "5"), ""},
    {ENT, APPLY, C2(CE_TCOL_INSTRUCTORS, "11", CE_TCOL_FULLTIME_INSTRUCTORS, "6"), ""},
    {COL, APPLY, C2(CE_TCOL_INSTRUCTORS, "9", CE_TCOL_FULLTIME_INSTRUCTORS, "4"),
     "instructors_below_10;fulltime_instructors_below_half"},
    {COL, APPLY, C2(CE_TCOL_INSTRUCTORS, "11", CE_TCOL_FULLTIME_INSTRUCTORS, "5"),
     "fulltime_instructors_below_half"},
    {COL, APPLY, C2(CE_TCOL_INSTRUCTORS, "10", CE_TCOL_FULLTIME_INSTRUCTORS, "5"), ""},
    {COL, APPLY, C2(CE_TCOL_INSTRUCTORS, "11", CE_TCOL_FULLTIME_INSTRUCTORS, "6"), ""},
    {COL, APPLY, C2(CE_TCOL_INSTRUCTORS, "10", CE_TCOL_FULLTIME_INSTRUCTORS, "10"), ""},
    {COL, APPLY, C2(CE_TCOL_INSTRUCTORS, "10", CE_TCOL_FULLTIME_INSTRUCTORS, "0"),
     "fulltime_instructors_below_half"},
    /* 与不少于5家签订合作协议 */
    {ENT, APPLY, C1(CE_TCOL_AGREEMENTS, "4"), "agreements_below_5"},
    {ENT, APPLY, C1(CE_TCOL_AGREEMENTS, "5"), ""},
    {ENT, APPLY, C1(CE_TCOL_AGREEMENTS, "6"), ""},
    {COL, APPLY, C1(CE_TCOL_AGREEMENTS, "4"), "agreements_below_5"},
    {COL, APPLY, C1(CE_TCOL_AGREEMENTS, "5"), ""},
    {COL, APPLY, C1(CE_TCOL_AGREEMENTS, "6"), ""},
    /* 企业年培训能力不少于500人次, 其中对外不少于100人次 */
    {ENT, APPLY, C2(CE_TCOL_ANNUAL_CAPACITY, "499", CE_TCOL_EXTERNAL_CAPACITY, "100"),
     "annual_capacity_below_500"},
    {ENT, APPLY, C2(CE_TCOL_ANNUAL_CAPACITY, "500", CE_TCOL_EXTERNAL_CAPACITY, "100"), ""},
    {ENT, APPLY, C2(CE_TCOL_ANNUAL_CAPACITY, "501", CE_TCOL_EXTERNAL_CAPACITY, "100"), ""},
    {ENT, APPLY, C1(CE_TCOL_EXTERNAL_CAPACITY, "99"), "external_capacity_below_100"},
    {ENT, APPLY, C1(CE_TCOL_EXTERNAL_CAPACITY, "100"), ""},
    {ENT, APPLY, C1(CE_TCOL_EXTERNAL_CAPACITY, "101"), ""},
    /* 院校年培训能力不少于2000人次, 其中对外不少于400人次 */
    {COL, APPLY, C2(CE_TCOL_ANNUAL_CAPACITY, "1999", CE_TCOL_EXTERNAL_CAPACITY, "400"),
     "annual_capacity_below_2000"},
    {COL, APPLY, C2(CE_TCOL_ANNUAL_CAPACITY, "2000", CE_TCOL_EXTERNAL_CAPACITY, "400"), ""},
    {COL, APPLY, C2(CE_TCOL_ANNUAL_CAPACITY, "2001", CE_TCOL_EXTERNAL_CAPACITY, "400"), ""},
    {COL, APPLY, C1(CE_TCOL_EXTERNAL_CAPACITY, "399"), "external_capacity_below_400"},
    {COL, APPLY, C1(CE_TCOL_EXTERNAL_CAPACITY, "400"), ""},
    {COL, APPLY, C1(CE_TCOL_EXTERNAL_CAPACITY, "401"), ""},
    /* the kind picks the threshold: an enterprise's numbers fail a college */
    {COL, APPLY, C2(CE_TCOL_ANNUAL_CAPACITY, "500", CE_TCOL_EXTERNAL_CAPACITY, "100"),
     "annual_capacity_below_2000;external_capacity_below_400"},
    {ENT, APPLY, C2(CE_TCOL_ANNUAL_CAPACITY, "1999", CE_TCOL_EXTERNAL_CAPACITY, "399"), ""},
    /* 实训职业(工种)不少于3个 */
    {ENT, APPLY, C1(CE_TCOL_OCCUPATIONS, "2"), "occupations_below_3"},
    {ENT, APPLY, C1(CE_TCOL_OCCUPATIONS, "3"), ""},
    {ENT, APPLY, C1(CE_TCOL_OCCUPATIONS, "4"), ""},
    {COL, APPLY, C1(CE_TCOL_OCCUPATIONS, "2"), "occupations_below_3"},
    {COL, APPLY, C1(CE_TCOL_OCCUPATIONS, "3"), ""},
    {COL, APPLY, C1(CE_TCOL_OCCUPATIONS, "4"), ""},
    /* 验收: 投入不少于50万元 */
    {ENT, ACCEPT, C1(CE_TCOL_INVESTMENT, "499999"), "investment_below_500000"},
    {ENT, ACCEPT, C1(CE_TCOL_INVESTMENT, "499999.99"), "investment_below_500000"},
    {ENT, ACCEPT, C1(CE_TCOL_INVESTMENT, "500000"), ""},
    {ENT, ACCEPT, C1(CE_TCOL_INVESTMENT, "500001"), ""},
    {COL, ACCEPT, C1(CE_TCOL_INVESTMENT, "499999"), "investment_below_500000"},
    {COL, ACCEPT, C1(CE_TCOL_INVESTMENT, "500000"), ""},
    {COL, ACCEPT, C1(CE_TCOL_INVESTMENT, "500001"), ""},
    /* 验收: 实际培训人数不低于申报年培训能力 (800 / 2500) */
    {ENT, ACCEPT, C1(CE_TCOL_ACTUAL_TRAINEES, "799"), "trainees_below_capacity"},
    {ENT, ACCEPT, C1(CE_TCOL_ACTUAL_TRAINEES, "800"), ""},
    {ENT, ACCEPT, C1(CE_TCOL_ACTUAL_TRAINEES, "801"), ""},
    {COL, ACCEPT, C1(CE_TCOL_ACTUAL_TRAINEES, "2499"), "trainees_below_capacity"},
    {COL, ACCEPT, C1(CE_TCOL_ACTUAL_TRAINEES, "2500"), ""},
    {COL, ACCEPT, C1(CE_TCOL_ACTUAL_TRAINEES, "2501"), ""},
    /* the acceptance columns are not read when applying */
    {ENT, APPLY, C3(CE_TCOL_INVESTMENT, "1", CE_TCOL_ACTUAL_TRAINEES, "0",
                    CE_TCOL_PERFORMANCE, "很好"),
     ""},
    {COL, APPLY, C3(CE_TCOL_INVESTMENT, "abc", CE_TCOL_ACTUAL_TRAINEES, "",
                    CE_TCOL_PERFORMANCE, ""),
     ""},
};

Test(training, every_threshold_below_at_and_above_for_each_kind)
{
    for (size_t i = 0; i < sizeof thresholds / sizeof *thresholds; i++) {
        const threshold_case *t = &thresholds[i];
        app a = of_kind(t->kind);
        char what[256];
        int n = snprintf(what, sizeof what, "case %zu, %s", i, ce_training_kind_name(t->kind));
        for (int k = 0; k < 3 && t->set[k].text; k++) {
            a.cell[t->set[k].col] = t->set[k].text;
            n += snprintf(what + n, sizeof what - (size_t)n, ", %s=%s",
                          ce_training_column_name(t->set[k].col), t->set[k].text);
        }
        ce_training_result r = assess(&a, t->stage, t->failed, what);
        cr_assert_eq(r.kind, (int)t->kind, "%s", what);
    }
}

/* ---- yes/no conditions --------------------------------------------------------- */

Test(training, every_yes_no_condition)
{
    static const struct {
        ce_training_column col;
        const char *reason;
    } yn[] = {{CE_TCOL_TRAINING_UNIT, "no_training_unit"},
              {CE_TCOL_SITE_OWNED, "site_not_owned"},
              {CE_TCOL_EQUIPMENT, "no_equipment"},
              {CE_TCOL_PARTNERS_PARTICIPATE, "partners_not_participating"}};
    static const char *const yes[] = {"是", "1", "yes", "Yes", "TRUE", " 是 ",
                                      "有", "符合", "√", "✓", "Y"}; /* issue 15 */
    static const char *const no[] = {"否", "0", "no", "NO", "false",
                                     "无", "不符合", "×", "✗", "N"};
    for (size_t i = 0; i < sizeof yn / sizeof *yn; i++) {
        const char *col = ce_training_column_name(yn[i].col);
        char want[64];
        for (int k = 0; k < 2; k++) {
            app a = of_kind(k ? COL : ENT);
            for (size_t y = 0; y < sizeof yes / sizeof *yes; y++) {
                a.cell[yn[i].col] = yes[y];
                assess(&a, APPLY, "", yes[y]);
            }
            for (size_t y = 0; y < sizeof no / sizeof *no; y++) {
                a.cell[yn[i].col] = no[y];
                assess(&a, APPLY, yn[i].reason, no[y]);
            }
            a.cell[yn[i].col] = "有（部分）"; /* 有 alone is yes (issue 15) */
            snprintf(want, sizeof want, "invalid:%s", col);
            assess(&a, APPLY, want, col);
            a.cell[yn[i].col] = "";
            snprintf(want, sizeof want, "missing:%s", col);
            assess(&a, APPLY, want, col);
            a.cell[yn[i].col] = NULL;
            assess(&a, APPLY, want, col);
        }
    }
}

/* ---- province and credit code ------------------------------------------------- */

Test(training, province_from_the_code)
{
    app a = enterprise();
    assess(&a, APPLY, "", "37 code");
    a.cell[CE_TCOL_CREDIT_CODE] = code_jiangsu;
    assess(&a, APPLY, "outside_province", "32 code");
    a.cell[CE_TCOL_PROVINCE] = "";
    assess(&a, APPLY, "outside_province", "32 code, empty province cell");
    a.cell[CE_TCOL_PROVINCE] = "  ";
    assess(&a, APPLY, "outside_province", "32 code, blank province cell");
    app c = college();
    c.cell[CE_TCOL_CREDIT_CODE] = code_beijing;
    assess(&c, APPLY, "outside_province", "11 code, 52 民办非企业");
    /* lower case is accepted */
    char lower[19];
    memcpy(lower, code_jinan, sizeof lower);
    for (char *p = lower; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p + 32);
    a = enterprise();
    a.cell[CE_TCOL_CREDIT_CODE] = lower;
    assess(&a, APPLY, "", lower);
}

Test(training, province_column_replaces_the_code)
{
    static const struct {
        const char *code_kind, *province, *failed;
    } cases[] = {
        {"jiangsu", "37", ""},
        {"jiangsu", "山东省", ""},
        {"jiangsu", "山东", ""},
        {"jiangsu", " 山东省 ", ""},
        {"jinan", "江苏省", "outside_province"},
        {"jinan", "32", "outside_province"},
        {"jinan", "山东省济南市", "outside_province"},
        {"jinan", "370", "outside_province"},
        {"jiangsu", "江苏省", "outside_province"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        app a = enterprise();
        a.cell[CE_TCOL_CREDIT_CODE] = strcmp(cases[i].code_kind, "jinan") ? code_jiangsu
                                                                           : code_jinan;
        a.cell[CE_TCOL_PROVINCE] = cases[i].province;
        assess(&a, APPLY, cases[i].failed, cases[i].province);
    }
}

Test(training, invalid_or_missing_credit_code)
{
    char wrong[19];
    memcpy(wrong, code_jinan, sizeof wrong);
    wrong[17] = wrong[17] == 'A' ? 'B' : 'A';
    app a = enterprise();
    a.cell[CE_TCOL_CREDIT_CODE] = wrong;
    assess(&a, APPLY, "invalid_credit_code", "wrong check character");
    a.cell[CE_TCOL_CREDIT_CODE] = "91370102MA3C0000";
    assess(&a, APPLY, "invalid_credit_code", "17 characters");
    a.cell[CE_TCOL_CREDIT_CODE] = "91370102MA3C00001I";
    assess(&a, APPLY, "invalid_credit_code", "I is outside the alphabet");
    /* a province column does not make a bad code good, but decides the province */
    a.cell[CE_TCOL_PROVINCE] = "山东省";
    assess(&a, APPLY, "invalid_credit_code", "bad code, 山东省");
    a.cell[CE_TCOL_PROVINCE] = "江苏省";
    assess(&a, APPLY, "invalid_credit_code;outside_province", "bad code, 江苏省");
    a.cell[CE_TCOL_CREDIT_CODE] = "";
    a.cell[CE_TCOL_PROVINCE] = NULL;
    assess(&a, APPLY, "missing:credit_code", "empty code");
    a.cell[CE_TCOL_CREDIT_CODE] = NULL;
    assess(&a, APPLY, "missing:credit_code", "no code");
    a.cell[CE_TCOL_PROVINCE] = "37";
    assess(&a, APPLY, "missing:credit_code", "no code, province 37");
}

/* ---- kinds --------------------------------------------------------------------- */

Test(training, kinds_in_english_and_chinese)
{
    app a = enterprise();
    a.cell[CE_TCOL_KIND] = "企业";
    cr_assert_eq(assess(&a, APPLY, "", "企业").kind, ENT);
    a = college();
    a.cell[CE_TCOL_KIND] = "院校";
    cr_assert_eq(assess(&a, APPLY, "", "院校").kind, COL);
    /* 院校 with an enterprise's capacity fails as a college */
    a.cell[CE_TCOL_ANNUAL_CAPACITY] = "800";
    a.cell[CE_TCOL_EXTERNAL_CAPACITY] = "200";
    a.cell[CE_TCOL_ACTUAL_TRAINEES] = "900";
    assess(&a, APPLY, "annual_capacity_below_2000;external_capacity_below_400", "院校 800/200");
    a.cell[CE_TCOL_KIND] = "企业";
    assess(&a, APPLY, "", "企业 800/200");

    /* an unknown kind: no capacity condition can be judged */
    a = college();
    a.cell[CE_TCOL_KIND] = "培训机构";
    a.cell[CE_TCOL_ANNUAL_CAPACITY] = "10";
    a.cell[CE_TCOL_EXTERNAL_CAPACITY] = "1";
    cr_assert_eq(assess(&a, APPLY, "invalid:kind", "培训机构").kind, -1);
    a.cell[CE_TCOL_KIND] = "";
    cr_assert_eq(assess(&a, APPLY, "missing:kind", "empty kind").kind, -1);

    cr_assert_str_eq(ce_training_kind_name(CE_TRAINING_ENTERPRISE), "enterprise");
    cr_assert_str_eq(ce_training_kind_name(CE_TRAINING_COLLEGE), "college");
}

/* ---- training modes ------------------------------------------------------------- */

Test(training, training_modes)
{
    static const struct {
        const char *modes, *failed;
    } cases[] = {
        {"场景式", ""},
        {"生产性", ""},
        {"数字化", ""},
        {"课堂讲授;数字化", ""},
        {"课堂讲授；场景式", ""},           /* full-width ； */
        {"课堂讲授 ； 生产性 ", ""},
        {"场景式；生产性；数字化", ""},
        {"课堂讲授;线上学习", "training_modes_not_covered"},
        {"课堂讲授；线上学习", "training_modes_not_covered"},
        {"场景式实训", "training_modes_not_covered"}, /* the whole item must match */
        {"数字", "training_modes_not_covered"},
        {";", "training_modes_not_covered"},
        {"", "missing:training_modes"},
        {"  ", "missing:training_modes"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        for (int k = 0; k < 2; k++) {
            app a = of_kind(k ? COL : ENT);
            a.cell[CE_TCOL_TRAINING_MODES] = cases[i].modes;
            assess(&a, APPLY, cases[i].failed, cases[i].modes);
        }
}

/* ---- missing and invalid cells --------------------------------------------------- */

Test(training, missing_and_invalid_cells)
{
    static const struct {
        ce_training_column col;
        const char *text, *failed;
    } cases[] = {
        {CE_TCOL_NAME, "", "missing:name"},
        {CE_TCOL_NAME, NULL, "missing:name"},
        {CE_TCOL_SITE_AREA, "", "missing:site_area"},
        {CE_TCOL_SITE_AREA, "NA", "missing:site_area"},
        {CE_TCOL_SITE_AREA, "-1", "invalid:site_area"},
        {CE_TCOL_SITE_AREA, "五百", "invalid:site_area"},
        {CE_TCOL_SITE_AREA, "1,200", ""},
        {CE_TCOL_SITE_AREA, "５００", ""}, /* full-width digits */
        {CE_TCOL_INSTRUCTORS, "10.5", "invalid:instructors"},
        {CE_TCOL_INSTRUCTORS, "-12", "invalid:instructors"},
        {CE_TCOL_INSTRUCTORS, "twelve", "invalid:instructors"},
        {CE_TCOL_INSTRUCTORS, "", "missing:instructors"},
        {CE_TCOL_INSTRUCTORS, "12.0", ""},
        {CE_TCOL_FULLTIME_INSTRUCTORS, "7.5", "invalid:fulltime_instructors"},
        {CE_TCOL_FULLTIME_INSTRUCTORS, "13", "invalid:fulltime_instructors"}, /* > 12 */
        {CE_TCOL_FULLTIME_INSTRUCTORS, "12", ""},
        {CE_TCOL_FULLTIME_INSTRUCTORS, "", "missing:fulltime_instructors"},
        {CE_TCOL_AGREEMENTS, "-6", "invalid:agreements"},
        {CE_TCOL_AGREEMENTS, "5.5", "invalid:agreements"},
        {CE_TCOL_AGREEMENTS, "", "missing:agreements"},
        {CE_TCOL_ANNUAL_CAPACITY, "800.5", "invalid:annual_capacity"},
        {CE_TCOL_ANNUAL_CAPACITY, "", "missing:annual_capacity"},
        {CE_TCOL_ANNUAL_CAPACITY, "199", /* external 200 */
         "invalid:external_capacity;annual_capacity_below_500"},
        {CE_TCOL_EXTERNAL_CAPACITY, "801", "invalid:external_capacity"},
        {CE_TCOL_EXTERNAL_CAPACITY, "800", ""},
        {CE_TCOL_EXTERNAL_CAPACITY, "-1", "invalid:external_capacity"},
        {CE_TCOL_EXTERNAL_CAPACITY, "", "missing:external_capacity"},
        {CE_TCOL_OCCUPATIONS, "3.5", "invalid:occupations"},
        {CE_TCOL_OCCUPATIONS, "", "missing:occupations"},
        {CE_TCOL_REQUESTED, "0", "invalid:requested"},
        {CE_TCOL_REQUESTED, "-100", "invalid:requested"},
        {CE_TCOL_REQUESTED, "三十万", "invalid:requested"},
        {CE_TCOL_REQUESTED, "", "missing:requested"},
        {CE_TCOL_REQUESTED, "0.01", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        app a = enterprise();
        a.cell[cases[i].col] = cases[i].text;
        char what[128];
        snprintf(what, sizeof what, "%s=%s", ce_training_column_name(cases[i].col),
                 cases[i].text ? cases[i].text : "(none)");
        assess(&a, APPLY, cases[i].failed, what);
    }
    /* more full-time than all: invalid, and no share condition is judged */
    app a = enterprise();
    a.cell[CE_TCOL_INSTRUCTORS] = "9";
    a.cell[CE_TCOL_FULLTIME_INSTRUCTORS] = "10";
    assess(&a, APPLY, "invalid:fulltime_instructors;instructors_below_10", "10 of 9");
    /* more external than all: invalid; the capacity itself is still judged */
    a = enterprise();
    a.cell[CE_TCOL_ANNUAL_CAPACITY] = "400";
    a.cell[CE_TCOL_EXTERNAL_CAPACITY] = "450";
    a.cell[CE_TCOL_ACTUAL_TRAINEES] = "400";
    assess(&a, APPLY, "invalid:external_capacity;annual_capacity_below_500", "450 of 400");
    assess(&a, ACCEPT, "invalid:external_capacity;annual_capacity_below_500", "450 of 400");
}

Test(training, missing_accept_columns_at_stage_accept)
{
    app a = enterprise();
    a.cell[CE_TCOL_INVESTMENT] = NULL;
    a.cell[CE_TCOL_ACTUAL_TRAINEES] = NULL;
    a.cell[CE_TCOL_PERFORMANCE] = NULL;
    assess(&a, APPLY, "", "no acceptance columns, apply");
    assess(&a, ACCEPT, "missing:investment;missing:actual_trainees;missing:performance",
           "no acceptance columns");
    a = college();
    a.cell[CE_TCOL_INVESTMENT] = "";
    assess(&a, ACCEPT, "missing:investment", "empty investment");
    a = college();
    a.cell[CE_TCOL_INVESTMENT] = "-500000";
    assess(&a, ACCEPT, "invalid:investment", "negative investment");
    a = college();
    a.cell[CE_TCOL_ACTUAL_TRAINEES] = "2600.5";
    assess(&a, ACCEPT, "invalid:actual_trainees", "2600.5 trainees");
    a = college();
    a.cell[CE_TCOL_ACTUAL_TRAINEES] = "";
    assess(&a, ACCEPT, "missing:actual_trainees", "empty trainees");
    a = college();
    a.cell[CE_TCOL_PERFORMANCE] = "良";
    assess(&a, ACCEPT, "invalid:performance", "良");
    a.cell[CE_TCOL_PERFORMANCE] = "excellent";
    assess(&a, ACCEPT, "invalid:performance", "excellent");
    a.cell[CE_TCOL_PERFORMANCE] = "";
    assess(&a, ACCEPT, "missing:performance", "empty performance");
    /* the capacity unreadable: trainees cannot be compared, nothing more said */
    a = college();
    a.cell[CE_TCOL_ANNUAL_CAPACITY] = "x";
    a.cell[CE_TCOL_ACTUAL_TRAINEES] = "1";
    assess(&a, ACCEPT, "invalid:annual_capacity", "capacity x, 1 trainee");
}

/* ---- the order of the reasons ------------------------------------------------- */

Test(training, data_problems_in_column_order_then_conditions)
{
    app a = enterprise();
    a.cell[CE_TCOL_NAME] = "";
    a.cell[CE_TCOL_TRAINING_UNIT] = "否";
    a.cell[CE_TCOL_SITE_AREA] = "abc";
    a.cell[CE_TCOL_INSTRUCTORS] = "9";
    a.cell[CE_TCOL_FULLTIME_INSTRUCTORS] = "5";
    a.cell[CE_TCOL_AGREEMENTS] = "4.5";
    a.cell[CE_TCOL_OCCUPATIONS] = "2";
    a.cell[CE_TCOL_REQUESTED] = "0";
    a.cell[CE_TCOL_PROVINCE] = "江苏省";
    assess(&a, APPLY,
           "missing:name;invalid:site_area;invalid:agreements;invalid:requested;"
           "outside_province;no_training_unit;instructors_below_10;occupations_below_3",
           "many problems");

    /* every condition at once, in the documented order */
    a = enterprise();
    a.cell[CE_TCOL_CREDIT_CODE] = "91370102MA3C000010";
    a.cell[CE_TCOL_PROVINCE] = "江苏省";
    a.cell[CE_TCOL_TRAINING_UNIT] = "0";
    a.cell[CE_TCOL_SITE_OWNED] = "no";
    a.cell[CE_TCOL_SITE_AREA] = "100";
    a.cell[CE_TCOL_EQUIPMENT] = "否";
    a.cell[CE_TCOL_INSTRUCTORS] = "3";
    a.cell[CE_TCOL_FULLTIME_INSTRUCTORS] = "1";
    a.cell[CE_TCOL_AGREEMENTS] = "0";
    a.cell[CE_TCOL_PARTNERS_PARTICIPATE] = "false";
    a.cell[CE_TCOL_ANNUAL_CAPACITY] = "50";
    a.cell[CE_TCOL_EXTERNAL_CAPACITY] = "5";
    a.cell[CE_TCOL_TRAINING_MODES] = "课堂";
    a.cell[CE_TCOL_OCCUPATIONS] = "1";
    a.cell[CE_TCOL_INVESTMENT] = "1000";
    a.cell[CE_TCOL_ACTUAL_TRAINEES] = "49";
    a.cell[CE_TCOL_PERFORMANCE] = "很好";
    cr_assert_eq(ce_credit_code_check(a.cell[CE_TCOL_CREDIT_CODE], 18, NULL),
                 CE_CREDIT_BAD_CHECK);
    assess(&a, ACCEPT,
           "invalid:performance;invalid_credit_code;outside_province;no_training_unit;"
           "site_not_owned;site_area_below_500;no_equipment;instructors_below_10;"
           "fulltime_instructors_below_half;agreements_below_5;partners_not_participating;"
           "annual_capacity_below_500;external_capacity_below_100;training_modes_not_covered;"
           "occupations_below_3;investment_below_500000;trainees_below_capacity",
           "every condition");
}

/* Money is read to the fen and never rounded: a request of 120000.005 is
 * not 120000.01, an investment of 499999.995 is not 500000.00 (which
 * would pass the 500,000 threshold); zeros after the fen change nothing
 * (issue 13). */
Test(training, money_with_a_fraction_of_a_fen_is_invalid)
{
    app a = enterprise();
    a.cell[CE_TCOL_REQUESTED] = "120000.005";
    assess(&a, APPLY, "invalid:requested", "requested 120000.005");
    assess(&a, ACCEPT, "invalid:requested", "requested 120000.005");
    a.cell[CE_TCOL_REQUESTED] = "120000.500";
    cr_assert_eq(assess(&a, APPLY, "", "requested 120000.500").subsidy_fen, 12000050);
    a = college();
    a.cell[CE_TCOL_INVESTMENT] = "499999.995";
    assess(&a, ACCEPT, "invalid:investment", "investment 499999.995");
    a.cell[CE_TCOL_INVESTMENT] = "500000.000";
    assess(&a, ACCEPT, "", "investment 500000.000");
}

/* ---- subsidy and reward ------------------------------------------------------- */

Test(training, subsidy_is_the_request_up_to_the_cap)
{
    static const struct {
        const char *requested;
        long long fen;
    } cases[] = {
        {"350000", 30000000},   {"300000.01", 30000000}, {"300000", 30000000},
        {"299999.99", 29999999}, {"120000.5", 12000050},  {"120000.50", 12000050},
        {"1", 100},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        for (int stage = APPLY; stage <= ACCEPT; stage++) {
            app a = college();
            a.cell[CE_TCOL_REQUESTED] = cases[i].requested;
            ce_training_result r = assess(&a, stage, "", cases[i].requested);
            cr_assert_eq(r.subsidy_fen, cases[i].fen, "%s: %lld", cases[i].requested,
                         r.subsidy_fen);
        }
    }
    app a = enterprise();
    a.cell[CE_TCOL_REQUESTED] = "350,000"; /* thousands separator */
    cr_assert_eq(assess(&a, APPLY, "", "350,000").subsidy_fen, 30000000);
    a.cell[CE_TCOL_REQUESTED] = "１２００００"; /* full-width */
    cr_assert_eq(assess(&a, APPLY, "", "１２００００").subsidy_fen, 12000000);
    /* a failing applicant gets nothing, however much it asks */
    a.cell[CE_TCOL_REQUESTED] = "350000";
    a.cell[CE_TCOL_OCCUPATIONS] = "2";
    assess(&a, APPLY, "occupations_below_3", "failing, 350000");
}

Test(training, reward_only_at_acceptance_when_passing_and_excellent)
{
    app a = enterprise();
    a.cell[CE_TCOL_PERFORMANCE] = "优秀";
    ce_training_result r = assess(&a, APPLY, "", "优秀 at apply");
    cr_assert_eq(r.reward_fen, 0);
    cr_assert_eq(r.subsidy_fen, 25000000);
    r = assess(&a, ACCEPT, "", "优秀 at accept");
    cr_assert_eq(r.reward_fen, 30000000);
    cr_assert_eq(r.subsidy_fen, 25000000);
    static const char *const others[] = {"良好", "合格", "不合格"};
    for (size_t i = 0; i < 3; i++) {
        a.cell[CE_TCOL_PERFORMANCE] = others[i];
        r = assess(&a, ACCEPT, "", others[i]);
        cr_assert_eq(r.reward_fen, 0, "%s", others[i]);
        cr_assert_eq(r.subsidy_fen, 25000000, "%s", others[i]);
    }
    /* 优秀 but failing: neither */
    a.cell[CE_TCOL_PERFORMANCE] = "优秀";
    a.cell[CE_TCOL_INVESTMENT] = "499999";
    assess(&a, ACCEPT, "investment_below_500000", "优秀, investment 499999");
    a = college();
    a.cell[CE_TCOL_PERFORMANCE] = "优秀";
    a.cell[CE_TCOL_SITE_AREA] = "499";
    assess(&a, ACCEPT, "site_area_below_500", "优秀, site 499");
    a.cell[CE_TCOL_SITE_AREA] = "500";
    a.cell[CE_TCOL_REQUESTED] = "350000";
    r = assess(&a, ACCEPT, "", "优秀, site 500, 350000");
    cr_assert_eq(r.subsidy_fen, 30000000);
    cr_assert_eq(r.reward_fen, 30000000);
}

/* ---- columns ---------------------------------------------------------------------- */

Test(training, column_names_and_stages)
{
    static const char *const names[CE_TCOL_N] = {
        "applicant_id", "name", "kind", "credit_code", "training_unit", "site_owned",
        "site_area", "equipment", "instructors", "fulltime_instructors", "agreements",
        "partners_participate", "annual_capacity", "external_capacity", "training_modes",
        "occupations", "requested", "investment", "actual_trainees", "performance", "province"};
    for (int c = 0; c < CE_TCOL_N; c++) {
        cr_assert_str_eq(ce_training_column_name(c), names[c]);
        int accept_only = c == CE_TCOL_INVESTMENT || c == CE_TCOL_ACTUAL_TRAINEES ||
                          c == CE_TCOL_PERFORMANCE;
        int never = c == CE_TCOL_PROVINCE;
        cr_assert_eq(ce_training_column_required(c, APPLY), !accept_only && !never, "%s",
                     names[c]);
        cr_assert_eq(ce_training_column_required(c, ACCEPT), !never, "%s", names[c]);
    }
    cr_assert_str_eq(ce_training_column_name(CE_TCOL_N), "?");
}

/* ---- the policy file -------------------------------------------------------------- */

/* The shipped values, one key a line (line 1 header, line 2 a source row
 * that is not read), so a broken variant can change exactly one line. */
static const char *const base_lines[] = {
    "key,value,note",
    "source,a test copy of weights/training-policy.csv,",
    "province_code,37,",
    "province_names,山东省;山东,",
    "min_site_area,500,",
    "min_instructors,10,",
    "min_fulltime_share,0.5,",
    "min_agreements,5,",
    "min_capacity_enterprise,500,",
    "min_external_enterprise,100,",
    "min_capacity_college,2000,",
    "min_external_college,400,",
    "training_modes,场景式;生产性;数字化,",
    "min_occupations,3,",
    "min_investment,500000,",
    "subsidy_cap,300000,",
    "reward_amount,300000,",
    "reward_grade,优秀,",
};
#define N_BASE (sizeof base_lines / sizeof base_lines[0])

/* Writes the base policy with line `line` (1-based) replaced by `with`
 * (NULL: dropped) and `extra` (may be NULL) appended. */
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

/* The base policy with line `line` replaced (load_variant(0, NULL): as it
 * is). The policy stays valid until the next load_variant or the end of the
 * test (teardown frees it, also after a failed assert). */
static ce_training_policy *load_variant(size_t line, const char *with)
{
    ce_training_policy_free(variant);
    variant = NULL;
    char path[256];
    write_policy(path, sizeof path, line, with, NULL);
    ce_training_policy *p = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_training_policy_load(path, &p, NULL, &err), CE_OK, "%s:%zu: %s", err.file,
                 err.line, err.msg);
    cr_assert_not_null(p);
    return variant = p;
}

static void policy_fails(size_t line, const char *with, const char *extra, size_t err_line,
                         const char *msg_part)
{
    char path[256];
    write_policy(path, sizeof path, line, with, extra);
    ce_training_policy *p = (ce_training_policy *)&p; /* must stay as it is */
    ce_training_policy *before = p;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_training_policy_load(path, &p, NULL, &err), CE_ERR_DATA, "line %zu: %s",
                 line, with ? with : "(dropped)");
    cr_assert_eq(p, before);
    cr_assert_str_eq(err.file, path);
    cr_assert_eq(err.line, err_line, "line %zu, not %zu: %s", err.line, err_line, err.msg);
    cr_assert(strstr(err.msg, msg_part) != NULL, "\"%s\" lacks \"%s\"", err.msg, msg_part);
}

Test(training, base_policy_of_the_error_tests_matches_the_shipped_one)
{
    ce_training_policy *p = load_variant(0, NULL);
    for (size_t i = 0; i < sizeof thresholds / sizeof *thresholds; i++) {
        const threshold_case *t = &thresholds[i];
        app a = of_kind(t->kind);
        for (int k = 0; k < 3 && t->set[k].text; k++)
            a.cell[t->set[k].col] = t->set[k].text;
        assess_with(p, &a, t->stage, t->failed, "base policy");
    }
    ce_training_policy_free(NULL);
}

Test(training, policy_errors)
{
    /* reward_grade (line 18) dropped: no line to point at */
    policy_fails(18, NULL, NULL, 0, "missing key \"reward_grade\"");
    policy_fails(7, NULL, NULL, 0, "missing key \"min_fulltime_share\"");
    policy_fails(0, NULL, "max_site_area,900,", 19, "unknown key \"max_site_area\"");
    policy_fails(5, "min_sitearea,500,", NULL, 5, "unknown key \"min_sitearea\"");
    policy_fails(0, NULL, "min_site_area,600,", 19,
                 "key \"min_site_area\" appears twice (first on line 5)");
    policy_fails(7, "min_fulltime_share,1.5,", NULL, 7,
                 "key \"min_fulltime_share\": \"1.5\" is not a number from 0 to 1");
    policy_fails(7, "min_fulltime_share,50%,", NULL, 7, "key \"min_fulltime_share\"");
    policy_fails(18, "reward_grade,极好,", NULL, 18,
                 "key \"reward_grade\": \"极好\" is not a grade (优秀, 良好, 合格, 不合格)");
    policy_fails(3, "province_code,370,", NULL, 3, "a two-digit province code");
    policy_fails(3, "province_code,山东,", NULL, 3, "a two-digit province code");
    policy_fails(6, "min_instructors,9.5,", NULL, 6,
                 "key \"min_instructors\": \"9.5\" is not a whole number");
    policy_fails(9, "min_capacity_enterprise,-1,", NULL, 9, "min_capacity_enterprise");
    policy_fails(13, "training_modes,;,", NULL, 13, "a ';' list of training modes");
    policy_fails(13, "training_modes,,", NULL, 13, "a ';' list of training modes");
    policy_fails(16, "subsidy_cap,-300000,", NULL, 16,
                 "key \"subsidy_cap\": \"-300000\" is not an amount of CNY >= 0");
    policy_fails(15, "min_investment,五十万,", NULL, 15, "an amount of CNY >= 0");
    policy_fails(15, "min_investment,499999.995,", NULL, 15, "an amount of CNY >= 0");
    policy_fails(1, "name,value", NULL, 1, "missing column \"key\"");
}

Test(training, policy_missing_file_is_io)
{
    ce_training_policy *p = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_training_policy_load("/nonexistent/training-policy.csv", &p, NULL, &err),
                 CE_ERR_IO);
    cr_assert_null(p);
}

Test(training, reason_codes_carry_the_policy_numbers)
{
    ce_training_policy *p = load_variant(7, "min_fulltime_share,0.6,");
    app a = enterprise();
    a.cell[CE_TCOL_INSTRUCTORS] = "10";
    a.cell[CE_TCOL_FULLTIME_INSTRUCTORS] = "5";
    assess_with(p, &a, APPLY, "fulltime_instructors_below_60pct", "5 of 10 at 0.6");
    a.cell[CE_TCOL_FULLTIME_INSTRUCTORS] = "6";
    assess_with(p, &a, APPLY, "", "6 of 10 at 0.6");
    a.cell[CE_TCOL_INSTRUCTORS] = "12";
    a.cell[CE_TCOL_FULLTIME_INSTRUCTORS] = "7";
    assess_with(p, &a, APPLY, "fulltime_instructors_below_60pct", "7 of 12 at 0.6");

    p = load_variant(5, "min_site_area,600,");
    a = enterprise();
    a.cell[CE_TCOL_SITE_AREA] = "599";
    assess_with(p, &a, APPLY, "site_area_below_600", "599 at 600");
    a.cell[CE_TCOL_SITE_AREA] = "600";
    assess_with(p, &a, APPLY, "", "600 at 600");

    p = load_variant(15, "min_investment,800000,");
    a = college();
    assess_with(p, &a, ACCEPT, "", "800000 at 800000");
    a.cell[CE_TCOL_INVESTMENT] = "799999.99";
    assess_with(p, &a, ACCEPT, "investment_below_800000", "799999.99 at 800000");

    p = load_variant(11, "min_capacity_college,1500,");
    a = college();
    a.cell[CE_TCOL_ANNUAL_CAPACITY] = "1499";
    assess_with(p, &a, APPLY, "annual_capacity_below_1500", "1499 at 1500");
    a.cell[CE_TCOL_ANNUAL_CAPACITY] = "1500";
    assess_with(p, &a, APPLY, "", "1500 at 1500");

    /* another province, another list of modes, another cap and reward */
    ce_training_policy *js = load_variant(3, "province_code,32,");
    a = enterprise();
    assess_with(js, &a, APPLY, "outside_province", "37 code under a 32 policy");
    a.cell[CE_TCOL_CREDIT_CODE] = code_jiangsu;
    assess_with(js, &a, APPLY, "", "32 code under a 32 policy");
    a.cell[CE_TCOL_PROVINCE] = "山东省"; /* the names stay those of the file */
    assess_with(js, &a, APPLY, "", "山东省 name under a 32 policy");

    p = load_variant(13, "training_modes,线上学习,");
    a = enterprise();
    assess_with(p, &a, APPLY, "training_modes_not_covered", "场景式;生产性, only 线上学习");
    a.cell[CE_TCOL_TRAINING_MODES] = "线上学习";
    assess_with(p, &a, APPLY, "", "线上学习");

    p = load_variant(16, "subsidy_cap,200000,");
    a = enterprise();
    cr_assert_eq(assess_with(p, &a, APPLY, "", "cap 200000").subsidy_fen, 20000000);

    p = load_variant(18, "reward_grade,良好,");
    a = enterprise(); /* graded 良好 */
    cr_assert_eq(assess_with(p, &a, ACCEPT, "", "reward for 良好").reward_fen, 30000000);
    a.cell[CE_TCOL_PERFORMANCE] = "优秀";
    cr_assert_eq(assess_with(p, &a, ACCEPT, "", "优秀 under 良好").reward_fen, 0);
}

/* "不少于/不低于" is >=: a full-time count that is exactly the share of the
 * instructors reaches it, for any share the policy may set. The share is a
 * decimal fraction in the file, so the product share x instructors must not
 * be compared in binary floating point (0.55 x 100 = 55.000000000000007). */
Test(training, fulltime_share_is_inclusive_for_any_share)
{
    static const struct {
        const char *share, *all, *full, *failed;
    } cases[] = {
        {"0.55", "100", "55", ""},
        {"0.55", "100", "54", "fulltime_instructors_below_55pct"},
        {"0.56", "25", "14", ""},
        {"0.56", "25", "13", "fulltime_instructors_below_56pct"},
        {"0.28", "25", "7", ""},
        {"0.7", "10", "7", ""},
        {"0.6", "10", "6", ""},
        {"0.68", "75", "51", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char row[64];
        snprintf(row, sizeof row, "min_fulltime_share,%s,", cases[i].share);
        ce_training_policy *p = load_variant(7, row);
        app a = college();
        a.cell[CE_TCOL_INSTRUCTORS] = cases[i].all;
        a.cell[CE_TCOL_FULLTIME_INSTRUCTORS] = cases[i].full;
        char what[96];
        snprintf(what, sizeof what, "%s of %s at share %s", cases[i].full, cases[i].all,
                 cases[i].share);
        assess_with(p, &a, APPLY, cases[i].failed, what);
    }
}

/* Counts above 1,000,000,000 are not counts (found by fuzzing: 1e13
 * instructors overflowed the full-time share's integer arithmetic). */
Test(training, huge_counts_are_invalid)
{
    app a = enterprise();
    a.cell[CE_TCOL_INSTRUCTORS] = "10000000000000";
    a.cell[CE_TCOL_FULLTIME_INSTRUCTORS] = "5000000000000";
    assess(&a, APPLY, "invalid:instructors;invalid:fulltime_instructors", "1e13 instructors");
    a = enterprise();
    a.cell[CE_TCOL_INSTRUCTORS] = "1e24";
    assess(&a, APPLY, "invalid:instructors", "1e24 instructors");
    a = enterprise();
    a.cell[CE_TCOL_INSTRUCTORS] = "1000000000";
    a.cell[CE_TCOL_FULLTIME_INSTRUCTORS] = "500000000";
    assess(&a, APPLY, "", "exactly the largest count, half full-time");
}
