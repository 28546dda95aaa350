/* training.c - see training.h. The conditions are those of the provincial
 * public training projects (新旧动能转换公共实训项目); every number comes from
 * the policy file (weights/training-policy.csv cites its source). */
#include "clustereval/training.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/creditcode.h"
#include "clustereval/numparse.h"

#include "policyfile.h"
#include "reasons.h"

enum {
    KEY_PROVINCE,
    KEY_PROVINCE_NAMES,
    KEY_SITE_AREA,
    KEY_INSTRUCTORS,
    KEY_FULLTIME_SHARE,
    KEY_AGREEMENTS,
    KEY_CAPACITY_ENTERPRISE,
    KEY_EXTERNAL_ENTERPRISE,
    KEY_CAPACITY_COLLEGE,
    KEY_EXTERNAL_COLLEGE,
    KEY_MODES,
    KEY_OCCUPATIONS,
    KEY_INVESTMENT,
    KEY_SUBSIDY_CAP,
    KEY_REWARD_AMOUNT,
    KEY_REWARD_GRADE,
    N_KEYS
};
static const char *const key_names[N_KEYS] = {
    "province_code",        "province_names",          "min_site_area",
    "min_instructors",      "min_fulltime_share",      "min_agreements",
    "min_capacity_enterprise", "min_external_enterprise", "min_capacity_college",
    "min_external_college", "training_modes",          "min_occupations",
    "min_investment",       "subsidy_cap",             "reward_amount",
    "reward_grade"};

#define MAX_ITEMS 16
#define ITEM_MAX 64

struct ce_training_policy {
    char province[3];
    char province_names[MAX_ITEMS][ITEM_MAX];
    int n_province_names;
    double site_area, instructors, fulltime_share, agreements, occupations;
    double capacity[2], external[2]; /* by ce_training_kind */
    char modes[MAX_ITEMS][ITEM_MAX];
    int n_modes;
    long long investment_fen, subsidy_cap_fen, reward_fen;
    char reward_grade[ITEM_MAX];
};

static const char *const grades[] = {"优秀", "良好", "合格", "不合格"};

/* Splits text at ';' (and the full-width '；') into trimmed items. Returns
 * the count, or -1 when there are too many or one is too long. */
static int split_items(const char *text, char items[][ITEM_MAX], int max)
{
    int n = 0;
    const char *p = text;
    while (*p) {
        const char *a = strchr(p, ';'), *b = strstr(p, "\xEF\xBC\x9B");
        const char *end = a && (!b || a < b) ? a : b;
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *s = p;
        while (len && (*s == ' ' || *s == '\t'))
            s++, len--;
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len--;
        if (len) {
            if (n == max || len >= ITEM_MAX)
                return -1;
            memcpy(items[n], s, len);
            items[n][len] = '\0';
            n++;
        }
        if (!end)
            break;
        p = end + (end == a ? 1 : 3);
    }
    return n;
}

static ce_status policy_build(const ce_policy_file *f, ce_training_policy *p, ce_error *err)
{
    const char *prov = ce_policy_file_value(f, KEY_PROVINCE);
    if (strlen(prov) != 2 || prov[0] < '0' || prov[0] > '9' || prov[1] < '0' || prov[1] > '9')
        return ce_policy_file_bad(f, KEY_PROVINCE, "a two-digit province code", err);
    memcpy(p->province, prov, 3);
    p->n_province_names =
        split_items(ce_policy_file_value(f, KEY_PROVINCE_NAMES), p->province_names, MAX_ITEMS);
    if (p->n_province_names < 0)
        return ce_policy_file_bad(f, KEY_PROVINCE_NAMES, "a ';' list of names", err);
    const struct {
        int key;
        double *out;
        double hi;
        int whole;
    } numbers[] = {
        {KEY_SITE_AREA, &p->site_area, 1e9, 0},
        {KEY_INSTRUCTORS, &p->instructors, 1e6, 1},
        {KEY_FULLTIME_SHARE, &p->fulltime_share, 1, 0},
        {KEY_AGREEMENTS, &p->agreements, 1e6, 1},
        {KEY_CAPACITY_ENTERPRISE, &p->capacity[CE_TRAINING_ENTERPRISE], 1e9, 1},
        {KEY_EXTERNAL_ENTERPRISE, &p->external[CE_TRAINING_ENTERPRISE], 1e9, 1},
        {KEY_CAPACITY_COLLEGE, &p->capacity[CE_TRAINING_COLLEGE], 1e9, 1},
        {KEY_EXTERNAL_COLLEGE, &p->external[CE_TRAINING_COLLEGE], 1e9, 1},
        {KEY_OCCUPATIONS, &p->occupations, 1e6, 1},
    };
    for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++) {
        ce_status st = ce_policy_file_number(f, (size_t)numbers[i].key, 0, numbers[i].hi,
                                             numbers[i].whole, numbers[i].out, err);
        if (st != CE_OK)
            return st;
    }
    p->n_modes = split_items(ce_policy_file_value(f, KEY_MODES), p->modes, MAX_ITEMS);
    if (p->n_modes <= 0)
        return ce_policy_file_bad(f, KEY_MODES, "a ';' list of training modes", err);
    const struct {
        int key;
        long long *out;
    } money[] = {{KEY_INVESTMENT, &p->investment_fen},
                 {KEY_SUBSIDY_CAP, &p->subsidy_cap_fen},
                 {KEY_REWARD_AMOUNT, &p->reward_fen}};
    for (size_t i = 0; i < sizeof money / sizeof *money; i++) {
        const char *v = ce_policy_file_value(f, (size_t)money[i].key);
        if (ce_money_parse(v, strlen(v), money[i].out) != 0)
            return ce_policy_file_bad(f, (size_t)money[i].key, "an amount of CNY >= 0", err);
    }
    const char *grade = ce_policy_file_value(f, KEY_REWARD_GRADE);
    size_t g = 0;
    while (g < sizeof grades / sizeof *grades && strcmp(grade, grades[g]) != 0)
        g++;
    if (g == sizeof grades / sizeof *grades)
        return ce_policy_file_bad(f, KEY_REWARD_GRADE, "a grade (优秀, 良好, 合格, 不合格)", err);
    snprintf(p->reward_grade, sizeof p->reward_grade, "%s", grade);
    return CE_OK;
}

ce_status ce_training_policy_load(const char *path, ce_training_policy **out, ce_diag *diag,
                                  ce_error *err)
{
    ce_policy_file *f = NULL;
    ce_status st = ce_policy_file_load(path, key_names, N_KEYS, &f, diag, err);
    if (st != CE_OK)
        return st;
    ce_training_policy *p = calloc(1, sizeof *p);
    st = p ? policy_build(f, p, err) : ce_error_nomem(err);
    ce_policy_file_free(f);
    if (st != CE_OK) {
        free(p);
        return st;
    }
    *out = p;
    return CE_OK;
}

void ce_training_policy_free(ce_training_policy *p) { free(p); }

/* ---- one applicant ------------------------------------------------------- */

static const char *const column_names[CE_TCOL_N] = {
    "applicant_id",    "name",          "kind",           "credit_code",
    "training_unit",   "site_owned",    "site_area",      "equipment",
    "instructors",     "fulltime_instructors", "agreements", "partners_participate",
    "annual_capacity", "external_capacity", "training_modes", "occupations",
    "requested",       "investment",    "actual_trainees", "performance",
    "province"};

const char *ce_training_column_name(ce_training_column c)
{
    return (unsigned)c < CE_TCOL_N ? column_names[c] : "?";
}

int ce_training_column_required(ce_training_column c, ce_training_stage stage)
{
    if (c == CE_TCOL_PROVINCE)
        return 0;
    if (c >= CE_TCOL_INVESTMENT)
        return stage == CE_TRAINING_ACCEPT;
    return 1;
}

const char *ce_training_kind_name(ce_training_kind k)
{
    return k == CE_TRAINING_COLLEGE ? "college" : "enterprise";
}

typedef struct {
    ce_training_result *out;
    unsigned missing, invalid;
    char rules_text[768];
    ce_reasons rules; /* the failed conditions, in rules_text */
} checker;

/* A failed condition: its reason code, formatted. */
#define fail(c, ...) ce_reasons_add(&(c)->rules, __VA_ARGS__)

static int blank(const char *t)
{
    if (!t)
        return 1;
    while (*t == ' ' || *t == '\t')
        t++;
    return !*t;
}

/* A yes/no cell: 1, 0, or -1 when missing or invalid (noted). */
static int read_yes_no(checker *c, const char *const cells[], ce_training_column col)
{
    const char *t = cells[col];
    switch (t ? ce_bool_parse(t, strlen(t)) : CE_BOOL_EMPTY) {
    case CE_BOOL_TRUE: return 1;
    case CE_BOOL_FALSE: return 0;
    case CE_BOOL_EMPTY: c->missing |= 1u << col; return -1;
    default: c->invalid |= 1u << col; return -1;
    }
}

/* Counts above this are not counts of people or agreements (and keep the
 * full-time share's integer arithmetic within 64 bits). */
#define MAX_COUNT 1e9

/* A number >= 0 (a whole one up to MAX_COUNT when whole is set): 0 and *v,
 * or -1 (noted). */
static int read_number(checker *c, const char *const cells[], ce_training_column col,
                       int whole, double *v)
{
    const char *t = cells[col];
    switch (t ? ce_num_parse(t, strlen(t), v) : CE_NUM_MISSING) {
    case CE_NUM_OK:
        if (*v >= 0 && (!whole || (*v == floor(*v) && *v <= MAX_COUNT)))
            return 0;
        break;
    case CE_NUM_MISSING: c->missing |= 1u << col; return -1;
    default: break;
    }
    c->invalid |= 1u << col;
    return -1;
}

static int read_money(checker *c, const char *const cells[], ce_training_column col,
                      long long *fen)
{
    const char *t = cells[col];
    switch (t ? ce_money_parse(t, strlen(t), fen) : 1) {
    case 0: return 0;
    case 1: c->missing |= 1u << col; return -1;
    default: c->invalid |= 1u << col; return -1;
    }
}

/* The province: the `province` cell when given (code or name), else the
 * credit code's region. */
static void check_province(const ce_training_policy *p, checker *c, const char *const cells[])
{
    char code[19];
    const char *text = cells[CE_TCOL_CREDIT_CODE];
    int code_ok = 0;
    if (blank(text))
        c->missing |= 1u << CE_TCOL_CREDIT_CODE;
    else if (ce_credit_code_check(text, strlen(text), code) != CE_CREDIT_OK)
        fail(c, "invalid_credit_code");
    else
        code_ok = 1;
    const char *prov = cells[CE_TCOL_PROVINCE];
    if (!blank(prov)) {
        while (*prov == ' ' || *prov == '\t')
            prov++;
        size_t len = strlen(prov);
        while (len && (prov[len - 1] == ' ' || prov[len - 1] == '\t'))
            len--;
        int in = len == 2 && memcmp(prov, p->province, 2) == 0;
        for (int i = 0; !in && i < p->n_province_names; i++)
            in = strlen(p->province_names[i]) == len &&
                 memcmp(prov, p->province_names[i], len) == 0;
        if (!in)
            fail(c, "outside_province");
    } else if (code_ok && memcmp(code + 2, p->province, 2) != 0)
        fail(c, "outside_province");
}

/* Whether the training_modes cell names one of the policy's modes. */
static int has_mode(const ce_training_policy *p, const char *text, int *ok)
{
    char items[MAX_ITEMS][ITEM_MAX];
    int n = split_items(text, items, MAX_ITEMS);
    if (n < 0)
        return -1;
    *ok = 0;
    for (int i = 0; i < n; i++)
        for (int m = 0; m < p->n_modes; m++)
            if (!strcmp(items[i], p->modes[m]))
                *ok = 1;
    return n;
}

void ce_training_assess(const ce_training_policy *p, ce_training_stage stage,
                        const char *const cells[CE_TCOL_N], ce_training_result *out)
{
    memset(out, 0, sizeof *out);
    out->kind = -1;
    checker c = {.out = out};
    ce_reasons_init(&c.rules, c.rules_text, sizeof c.rules_text);

    if (blank(cells[CE_TCOL_NAME]))
        c.missing |= 1u << CE_TCOL_NAME;
    const char *kind = cells[CE_TCOL_KIND];
    if (blank(kind))
        c.missing |= 1u << CE_TCOL_KIND;
    else if (!strcmp(kind, "enterprise") || !strcmp(kind, "企业"))
        out->kind = CE_TRAINING_ENTERPRISE;
    else if (!strcmp(kind, "college") || !strcmp(kind, "院校"))
        out->kind = CE_TRAINING_COLLEGE;
    else
        c.invalid |= 1u << CE_TCOL_KIND;
    check_province(p, &c, cells);

    if (read_yes_no(&c, cells, CE_TCOL_TRAINING_UNIT) == 0)
        fail(&c, "no_training_unit");
    if (read_yes_no(&c, cells, CE_TCOL_SITE_OWNED) == 0)
        fail(&c, "site_not_owned");
    double area;
    if (read_number(&c, cells, CE_TCOL_SITE_AREA, 0, &area) == 0 && area < p->site_area)
        fail(&c, "site_area_below_%.15g", p->site_area);
    if (read_yes_no(&c, cells, CE_TCOL_EQUIPMENT) == 0)
        fail(&c, "no_equipment");

    double all, full;
    int all_ok = read_number(&c, cells, CE_TCOL_INSTRUCTORS, 1, &all) == 0;
    int full_ok = read_number(&c, cells, CE_TCOL_FULLTIME_INSTRUCTORS, 1, &full) == 0;
    if (all_ok && full_ok && full > all) {
        c.invalid |= 1u << CE_TCOL_FULLTIME_INSTRUCTORS; /* more full-time than all */
        full_ok = 0;
    }
    if (all_ok && all < p->instructors)
        fail(&c, "instructors_below_%.15g", p->instructors);
    /* in integers: 0.55 x 100 is 55.000000000000007 as doubles */
    if (all_ok && full_ok &&
        (long long)full * 1000000 < llround(p->fulltime_share * 1e6) * (long long)all) {
        if (p->fulltime_share == 0.5)
            fail(&c, "fulltime_instructors_below_half");
        else
            fail(&c, "fulltime_instructors_below_%.15gpct", p->fulltime_share * 100);
    }

    double agreements;
    if (read_number(&c, cells, CE_TCOL_AGREEMENTS, 1, &agreements) == 0 &&
        agreements < p->agreements)
        fail(&c, "agreements_below_%.15g", p->agreements);
    if (read_yes_no(&c, cells, CE_TCOL_PARTNERS_PARTICIPATE) == 0)
        fail(&c, "partners_not_participating");

    double capacity, external;
    int cap_ok = read_number(&c, cells, CE_TCOL_ANNUAL_CAPACITY, 1, &capacity) == 0;
    int ext_ok = read_number(&c, cells, CE_TCOL_EXTERNAL_CAPACITY, 1, &external) == 0;
    if (cap_ok && ext_ok && external > capacity) {
        c.invalid |= 1u << CE_TCOL_EXTERNAL_CAPACITY; /* more external than all */
        ext_ok = 0;
    }
    if (out->kind >= 0 && cap_ok && capacity < p->capacity[out->kind])
        fail(&c, "annual_capacity_below_%.15g", p->capacity[out->kind]);
    if (out->kind >= 0 && ext_ok && external < p->external[out->kind])
        fail(&c, "external_capacity_below_%.15g", p->external[out->kind]);

    const char *modes = cells[CE_TCOL_TRAINING_MODES];
    int mode_ok = 0;
    if (blank(modes))
        c.missing |= 1u << CE_TCOL_TRAINING_MODES;
    else if (has_mode(p, modes, &mode_ok) < 0)
        c.invalid |= 1u << CE_TCOL_TRAINING_MODES;
    else if (!mode_ok)
        fail(&c, "training_modes_not_covered");
    double occupations;
    if (read_number(&c, cells, CE_TCOL_OCCUPATIONS, 1, &occupations) == 0 &&
        occupations < p->occupations)
        fail(&c, "occupations_below_%.15g", p->occupations);
    long long requested = 0;
    if (read_money(&c, cells, CE_TCOL_REQUESTED, &requested) == 0 && requested <= 0)
        c.invalid |= 1u << CE_TCOL_REQUESTED;

    int rewarded = 0;
    if (stage == CE_TRAINING_ACCEPT) {
        long long investment;
        if (read_money(&c, cells, CE_TCOL_INVESTMENT, &investment) == 0 &&
            investment < p->investment_fen)
            fail(&c, "investment_below_%lld", p->investment_fen / 100);
        double trainees;
        if (read_number(&c, cells, CE_TCOL_ACTUAL_TRAINEES, 1, &trainees) == 0 && cap_ok &&
            trainees < capacity)
            fail(&c, "trainees_below_capacity");
        const char *grade = cells[CE_TCOL_PERFORMANCE];
        if (blank(grade))
            c.missing |= 1u << CE_TCOL_PERFORMANCE;
        else {
            size_t g = 0;
            while (g < sizeof grades / sizeof *grades && strcmp(grade, grades[g]) != 0)
                g++;
            if (g == sizeof grades / sizeof *grades)
                c.invalid |= 1u << CE_TCOL_PERFORMANCE;
            else
                rewarded = !strcmp(grade, p->reward_grade);
        }
    }

    /* the reasons: data problems in column order (a missing cell is not
     * also invalid), then the conditions */
    ce_reasons why;
    ce_reasons_init(&why, out->failed, sizeof out->failed);
    ce_reasons_add_columns(&why, c.missing, c.invalid & ~c.missing, column_names, CE_TCOL_N);
    if (!ce_reasons_empty(&c.rules))
        ce_reasons_add(&why, "%s", c.rules_text);
    out->pass = !out->failed[0];
    if (out->pass) {
        out->subsidy_fen = requested < p->subsidy_cap_fen ? requested : p->subsidy_cap_fen;
        out->reward_fen = rewarded ? p->reward_fen : 0;
    }
}
