/* voucher.c - see voucher.h. The rules are those of the provincial
 * innovation service voucher (创新服务券); every number and list they use
 * comes from the policy file (weights/voucher-policy.csv cites its source). */
#include "clustereval/voucher.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/creditcode.h"
#include "clustereval/dates.h"
#include "clustereval/numparse.h"

#include "policyfile.h"
#include "reasons.h"

/* ---- the policy ----------------------------------------------------------- */

typedef struct {
    char **item;
    size_t n;
} text_list;

enum {
    KEY_PROVINCE,
    KEY_MIN_YEARS,
    KEY_SERVICES,
    KEY_DT_SERVICES,
    KEY_DT_TITLES,
    KEY_GENERAL_CAP,
    KEY_DT_CAP,
    KEY_RATIO,
    KEY_VALIDITY,
    KEY_TITLES,
    KEY_TITLE_LEVELS,
    KEY_TITLE_DEFAULTS,
    KEY_DCMM_EXEMPT,
    N_KEYS
};
static const char *const key_names[N_KEYS] = {
    "province_code", "min_operating_years", "services",     "dt_services",
    "dt_titles",     "general_cap",         "dt_cap",       "subsidy_ratio",
    "validity_days", "titles",              "title_levels", "title_default_levels",
    "dcmm_exempt"};

struct ce_voucher_policy {
    char province[3];
    int min_years, validity_days;
    long long general_cap_fen, dt_cap_fen, ratio_ppm;
    text_list services, dt_services, dt_titles, titles, title_levels, dcmm_exempt;
    text_list default_title, default_level; /* parallel lists */
};

static void list_free(text_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->item[i]);
    free(l->item);
    l->item = NULL;
    l->n = 0;
}

void ce_voucher_policy_free(ce_voucher_policy *p)
{
    if (!p)
        return;
    text_list *lists[] = {&p->services,     &p->dt_services,   &p->dt_titles,
                          &p->titles,       &p->title_levels,  &p->dcmm_exempt,
                          &p->default_title, &p->default_level};
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
        list_free(lists[i]);
    free(p);
}

static int is_space(char c) { return c == ' ' || c == '\t'; }

/* The length of text[0..len) without surrounding spaces; *start moves past
 * the leading ones. */
static size_t trim(const char **start, size_t len)
{
    const char *s = *start;
    while (len && is_space(*s))
        s++, len--;
    while (len && is_space(s[len - 1]))
        len--;
    *start = s;
    return len;
}

/* Splits text at ';' and the full-width '；' into trimmed, non-empty items
 * appended to l. Returns 0, or -1 when out of memory. */
static int list_split(const char *text, text_list *l)
{
    const char *p = text;
    while (*p) {
        const char *a = strchr(p, ';'), *b = strstr(p, "\xEF\xBC\x9B"); /* ； */
        const char *end = a && (!b || a < b) ? a : b;
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *s = p;
        size_t n = trim(&s, len);
        if (n) {
            char **grown = realloc(l->item, (l->n + 1) * sizeof *grown);
            if (!grown)
                return -1;
            l->item = grown;
            if (!(l->item[l->n] = strndup(s, n)))
                return -1;
            l->n++;
        }
        if (!end)
            break;
        p = end + (end == a ? 1 : 3);
    }
    return 0;
}

/* Whether a and b name the same thing, counting the ASCII and full-width
 * forms of parentheses as equal (首台(套) = 首台（套）). */
static int same_label(const char *a, size_t alen, const char *b)
{
    static const char *const fw[2] = {"\xEF\xBC\x88", "\xEF\xBC\x89"}; /* （ ） */
    static const char ascii[2] = {'(', ')'};
    size_t i = 0;
    while (i < alen && *b) {
        int ca = -1, cb = -1;
        for (int k = 0; k < 2; k++) {
            if (alen - i >= 3 && memcmp(a + i, fw[k], 3) == 0)
                ca = k;
            else if (a[i] == ascii[k])
                ca = k;
            if (strncmp(b, fw[k], 3) == 0)
                cb = k;
            else if (*b == ascii[k])
                cb = k;
        }
        if (ca >= 0 || cb >= 0) {
            if (ca != cb)
                return 0;
            i += a[i] == ascii[ca] ? 1 : 3;
            b += *b == ascii[cb] ? 1 : 3;
            continue;
        }
        if (a[i] != *b)
            return 0;
        i++, b++;
    }
    return i == alen && !*b;
}

/* The index of text[0..len) in l, or -1. */
static long list_find(const text_list *l, const char *text, size_t len)
{
    for (size_t i = 0; i < l->n; i++)
        if (same_label(text, len, l->item[i]))
            return (long)i;
    return -1;
}

/* A whole number in [lo, hi]. */
static int parse_count(const char *text, long lo, long hi, long *out)
{
    double v;
    if (ce_num_parse(text, strlen(text), &v) != CE_NUM_OK || v != floor(v) || v < (double)lo ||
        v > (double)hi)
        return -1;
    *out = (long)v;
    return 0;
}

static ce_status policy_build(const ce_policy_file *f, ce_voucher_policy *p, ce_error *err)
{
    const char *prov = ce_policy_file_value(f, KEY_PROVINCE);
    if (strlen(prov) != 2 || prov[0] < '0' || prov[0] > '9' || prov[1] < '0' || prov[1] > '9')
        return ce_policy_file_bad(f, KEY_PROVINCE, "a two-digit province code", err);
    memcpy(p->province, prov, 3);
    long n;
    if (parse_count(ce_policy_file_value(f, KEY_MIN_YEARS), 0, 100, &n) != 0)
        return ce_policy_file_bad(f, KEY_MIN_YEARS, "a whole number of years from 0 to 100", err);
    p->min_years = (int)n;
    if (parse_count(ce_policy_file_value(f, KEY_VALIDITY), 1, 3660, &n) != 0)
        return ce_policy_file_bad(f, KEY_VALIDITY, "a whole number of days from 1 to 3660", err);
    p->validity_days = (int)n;
    const int caps[2] = {KEY_GENERAL_CAP, KEY_DT_CAP};
    long long *cap_out[2] = {&p->general_cap_fen, &p->dt_cap_fen};
    for (int i = 0; i < 2; i++) {
        const char *v = ce_policy_file_value(f, (size_t)caps[i]);
        if (ce_money_parse(v, strlen(v), cap_out[i]) != 0 || *cap_out[i] <= 0)
            return ce_policy_file_bad(f, caps[i], "a positive amount of CNY", err);
    }
    /* in parts per million, exactly: a ratio rounded up would pay more than
     * the policy's share */
    ce_num_decimal ratio;
    const char *rv = ce_policy_file_value(f, KEY_RATIO);
    long long ppm = 0;
    if (ce_num_parse_decimal(rv, strlen(rv), &ratio) == CE_NUM_OK && ratio.exact &&
        !ratio.percent && !ratio.negative && ratio.value <= 1) {
        unsigned long long m = ratio.significand;
        long e = ratio.exponent + 6;
        for (; e < 0 && m % 10 == 0; e++)
            m /= 10;
        for (; e > 0 && m <= 1000000; e--)
            m *= 10;
        if (e == 0 && m <= 1000000)
            ppm = (long long)m;
    }
    if (ppm <= 0)
        return ce_policy_file_bad(f, KEY_RATIO,
                                  "a share above 0 and at most 1 (e.g. 0.30) with at most 6 "
                                  "decimals", err);
    p->ratio_ppm = ppm;

    const struct {
        int key;
        text_list *list;
    } lists[] = {{KEY_SERVICES, &p->services},        {KEY_DT_SERVICES, &p->dt_services},
                 {KEY_DT_TITLES, &p->dt_titles},      {KEY_TITLES, &p->titles},
                 {KEY_TITLE_LEVELS, &p->title_levels}, {KEY_DCMM_EXEMPT, &p->dcmm_exempt}};
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
        if (list_split(ce_policy_file_value(f, (size_t)lists[i].key), lists[i].list) != 0)
            return ce_error_nomem(err);
        if (lists[i].list->n == 0 && lists[i].key != KEY_DCMM_EXEMPT)
            return ce_policy_file_bad(f, lists[i].key, "a ';' list with at least one item", err);
    }
    for (size_t i = 0; i < p->dt_services.n; i++)
        if (list_find(&p->services, p->dt_services.item[i], strlen(p->dt_services.item[i])) < 0)
            return ce_policy_file_bad(f, KEY_DT_SERVICES, "a list of services from \"services\"", err);
    for (size_t i = 0; i < p->dt_titles.n; i++)
        if (list_find(&p->titles, p->dt_titles.item[i], strlen(p->dt_titles.item[i])) < 0)
            return ce_policy_file_bad(f, KEY_DT_TITLES, "a list of titles from \"titles\"", err);

    text_list pairs = {NULL, 0};
    if (list_split(ce_policy_file_value(f, KEY_TITLE_DEFAULTS), &pairs) != 0) {
        list_free(&pairs);
        return ce_error_nomem(err);
    }
    ce_status st = CE_OK;
    for (size_t i = 0; st == CE_OK && i < pairs.n; i++) {
        char *eq = strchr(pairs.item[i], '=');
        if (!eq || eq == pairs.item[i] || !eq[1] ||
            list_find(&p->titles, pairs.item[i], (size_t)(eq - pairs.item[i])) < 0) {
            st = ce_policy_file_bad(f, KEY_TITLE_DEFAULTS, "a ';' list of TITLE=LEVEL with titles from "
                           "\"titles\"", err);
            break;
        }
        *eq = '\0';
        if (list_split(pairs.item[i], &p->default_title) != 0 ||
            list_split(eq + 1, &p->default_level) != 0)
            st = ce_error_nomem(err);
    }
    list_free(&pairs);
    return st;
}

ce_status ce_voucher_policy_load(const char *path, ce_voucher_policy **out, ce_diag *diag,
                                 ce_error *err)
{
    ce_policy_file *f = NULL;
    ce_status st = ce_policy_file_load(path, key_names, N_KEYS, &f, diag, err);
    if (st != CE_OK)
        return st;
    ce_voucher_policy *p = calloc(1, sizeof *p);
    st = p ? policy_build(f, p, err) : ce_error_nomem(err);
    ce_policy_file_free(f);
    if (st != CE_OK) {
        ce_voucher_policy_free(p);
        return st;
    }
    *out = p;
    return CE_OK;
}

long long ce_voucher_policy_cap_fen(const ce_voucher_policy *p, int digital_transformation)
{
    return digital_transformation ? p->dt_cap_fen : p->general_cap_fen;
}

long long ce_voucher_policy_ratio_ppm(const ce_voucher_policy *p) { return p->ratio_ppm; }

int ce_voucher_policy_validity_days(const ce_voucher_policy *p) { return p->validity_days; }

/* ---- one application ------------------------------------------------------ */

static const char *const column_names[CE_VCOL_N] = {
    "app_id",   "applied_at", "credit_code", "name",   "legal_person",
    "established", "green_threshold", "industry", "employees", "revenue",
    "assets",   "titles",     "dcmm",        "service", "requested"};

const char *ce_voucher_column_name(ce_voucher_column c)
{
    return (unsigned)c < CE_VCOL_N ? column_names[c] : "?";
}

static const char *const rule_codes[CE_VRULE_N] = {
    "invalid_credit_code",    "outside_province",  "not_legal_person",
    "operating_under_1_year", "green_threshold_failed", "not_small_or_micro",
    "service_not_covered",    "over_cap",          "duplicate_in_cycle",
    "pool_exhausted",         "app_id_reused"};

const char *ce_voucher_rule_code(int i)
{
    return i >= 0 && i < CE_VRULE_N ? rule_codes[i] : "?";
}

const char *ce_voucher_type_name(ce_voucher_type t)
{
    return t == CE_VOUCHER_DIGITAL_TRANSFORMATION ? "digital_transformation" : "general";
}

static int is_empty(const char *text)
{
    size_t len = strlen(text);
    return trim(&text, len) == 0;
}

typedef struct {
    int counted; /* holds a title at a counted level */
    int dt;      /* holds a dt_title at a counted level */
} title_facts;

/* Reads the titles cell: items NAME or NAME:LEVEL (also the full-width
 * colon). Returns 0, or -1 for an unknown title name. */
static int read_titles(const ce_voucher_policy *p, const char *text, title_facts *f)
{
    f->counted = f->dt = 0;
    const char *s = text;
    while (*s) {
        const char *a = strchr(s, ';'), *b = strstr(s, "\xEF\xBC\x9B");
        const char *end = a && (!b || a < b) ? a : b;
        size_t len = end ? (size_t)(end - s) : strlen(s);
        const char *item = s;
        len = trim(&item, len);
        if (len) {
            const char *colon = memchr(item, ':', len);
            const char *fw = NULL;
            for (size_t i = 0; i + 3 <= len; i++)
                if (memcmp(item + i, "\xEF\xBC\x9A", 3) == 0) { /* ： */
                    fw = item + i;
                    break;
                }
            const char *sep = colon && (!fw || colon < fw) ? colon : fw;
            const char *name = item, *level = NULL;
            size_t name_len = sep ? (size_t)(sep - item) : len, level_len = 0;
            name_len = trim(&name, name_len);
            if (sep) {
                level = sep + (sep == colon ? 1 : 3);
                level_len = trim(&level, len - (size_t)(level - item));
            }
            long t = list_find(&p->titles, name, name_len);
            if (t < 0)
                return -1;
            int counts;
            if (level && level_len)
                counts = list_find(&p->title_levels, level, level_len) >= 0;
            else {
                long d = list_find(&p->default_title, name, name_len);
                counts = d >= 0 && list_find(&p->title_levels, p->default_level.item[d],
                                             strlen(p->default_level.item[d])) >= 0;
            }
            if (counts) {
                f->counted = 1;
                if (list_find(&p->dt_titles, name, name_len) >= 0)
                    f->dt = 1;
            }
        }
        if (!end)
            break;
        s = end + (end == a ? 1 : 3);
    }
    return 0;
}

/* dcmm: none (or empty), in_progress, or a level 1-5 of GB/T 36073. Returns
 * 1 when exempt under the policy, 0 when not, -1 when not a dcmm value. */
static int read_dcmm(const ce_voucher_policy *p, const char *text)
{
    static const char *const values[] = {"none", "in_progress", "1", "2", "3", "4", "5"};
    const char *s = text;
    size_t len = trim(&s, strlen(text));
    if (len == 0)
        return 0;
    for (size_t i = 0; i < sizeof values / sizeof *values; i++)
        if (len == strlen(values[i]) && strncmp(s, values[i], len) == 0)
            return list_find(&p->dcmm_exempt, s, len) >= 0;
    return -1;
}

/* Parses a size measure; NaN when missing. Sets the invalid bit of column c
 * when the cell is not a number >= 0. */
static double read_measure(const char *text, ce_voucher_column c, ce_voucher_assessment *out)
{
    double v;
    switch (ce_num_parse(text, strlen(text), &v)) {
    case CE_NUM_OK:
        if (v >= 0)
            return v;
        break;
    case CE_NUM_MISSING: return NAN;
    default: break;
    }
    out->invalid |= 1u << c;
    return NAN;
}

/* The size under the standard, when industry and measures allow it: sets
 * out->size, or the missing/invalid bits of what prevents it (missing bits
 * only when needed, i.e. the enterprise has no exemption). */
static void assess_size(const ce_sme_standard *standard, const char *const cells[CE_VCOL_N],
                        int exempt, ce_voucher_assessment *out)
{
    static const ce_voucher_column mcol[CE_SME_N_MEASURES] = {
        CE_VCOL_EMPLOYEES, CE_VCOL_REVENUE, CE_VCOL_ASSETS};
    double v[CE_SME_N_MEASURES];
    unsigned before = out->invalid;
    for (int m = 0; m < CE_SME_N_MEASURES; m++)
        v[m] = read_measure(cells[mcol[m]], mcol[m], out);
    const char *ind_text = cells[CE_VCOL_INDUSTRY];
    size_t ind;
    if (is_empty(ind_text)) {
        if (!exempt)
            out->missing |= 1u << CE_VCOL_INDUSTRY;
        return;
    }
    const char *s = ind_text;
    size_t len = trim(&s, strlen(ind_text));
    char name[256];
    if (len >= sizeof name) {
        out->invalid |= 1u << CE_VCOL_INDUSTRY;
        return;
    }
    memcpy(name, s, len);
    name[len] = '\0';
    if (ce_sme_industry_find(standard, name, &ind) != 0) {
        out->invalid |= 1u << CE_VCOL_INDUSTRY;
        return;
    }
    int complete = 1;
    for (int m = 0; m < CE_SME_N_MEASURES; m++)
        if (ce_sme_industry_uses(standard, ind, (ce_sme_measure)m) && isnan(v[m])) {
            complete = 0;
            if (!(out->invalid & (1u << mcol[m])) && !exempt)
                out->missing |= 1u << mcol[m];
        }
    if (!complete || out->invalid != before)
        return;
    ce_sme_size size;
    if (ce_sme_classify(standard, ind, v[0], v[1], v[2], &size, NULL, 0, NULL) == CE_OK)
        out->size = (int)size;
}

void ce_voucher_assess(const ce_voucher_policy *p, const ce_sme_standard *standard,
                       const char *const cells[CE_VCOL_N], int strict_cap,
                       ce_voucher_assessment *out)
{
    memset(out, 0, sizeof *out);
    out->size = -1;
    out->type = -1;
#define MISSING(c) (out->missing |= 1u << (c))
#define INVALID(c) (out->invalid |= 1u << (c))

    const char *t = cells[CE_VCOL_APPLIED_AT];
    long applied_day = 0;
    if (is_empty(t))
        MISSING(CE_VCOL_APPLIED_AT);
    else if (ce_datetime_parse(t, strlen(t), &out->applied_at) != 0)
        INVALID(CE_VCOL_APPLIED_AT);
    else {
        long expires;
        applied_day = ce_datetime_day(out->applied_at);
        /* a voucher whose expiry cannot be written is not issued */
        if (ce_date_add_days(applied_day, p->validity_days, &expires) != 0) {
            INVALID(CE_VCOL_APPLIED_AT);
            out->applied_at = 0;
        } else
            out->has_applied_at = 1;
    }

    const char *code = cells[CE_VCOL_CREDIT_CODE];
    if (is_empty(code))
        MISSING(CE_VCOL_CREDIT_CODE);
    else if (ce_credit_code_check(code, strlen(code), out->credit_code) != CE_CREDIT_OK)
        out->rules |= CE_VRULE_INVALID_CREDIT_CODE;
    else {
        out->code_valid = 1;
        if (memcmp(out->credit_code + 2, p->province, 2) != 0)
            out->rules |= CE_VRULE_OUTSIDE_PROVINCE;
    }
    if (!out->code_valid)
        out->credit_code[0] = '\0';

    if (is_empty(cells[CE_VCOL_NAME]))
        MISSING(CE_VCOL_NAME);

    switch (ce_bool_parse(cells[CE_VCOL_LEGAL_PERSON], strlen(cells[CE_VCOL_LEGAL_PERSON]))) {
    case CE_BOOL_TRUE: break;
    case CE_BOOL_FALSE: out->rules |= CE_VRULE_NOT_LEGAL_PERSON; break;
    case CE_BOOL_EMPTY: MISSING(CE_VCOL_LEGAL_PERSON); break;
    default: INVALID(CE_VCOL_LEGAL_PERSON); break;
    }

    const char *est = cells[CE_VCOL_ESTABLISHED];
    long est_day;
    if (is_empty(est))
        MISSING(CE_VCOL_ESTABLISHED);
    else if (ce_date_parse(est, strlen(est), &est_day) != 0)
        INVALID(CE_VCOL_ESTABLISHED);
    else if (out->has_applied_at && applied_day < ce_date_add_years(est_day, p->min_years))
        out->rules |= CE_VRULE_OPERATING_UNDER_1_YEAR;

    const char *green = cells[CE_VCOL_GREEN_THRESHOLD];
    switch (ce_bool_parse_review(green, strlen(green))) {
    case CE_BOOL_TRUE: break;
    case CE_BOOL_FALSE: out->rules |= CE_VRULE_GREEN_THRESHOLD_FAILED; break;
    case CE_BOOL_EMPTY: MISSING(CE_VCOL_GREEN_THRESHOLD); break;
    default: INVALID(CE_VCOL_GREEN_THRESHOLD); break;
    }

    title_facts titles = {0, 0};
    if (read_titles(p, cells[CE_VCOL_TITLES], &titles) != 0)
        INVALID(CE_VCOL_TITLES);
    int dcmm = read_dcmm(p, cells[CE_VCOL_DCMM]);
    if (dcmm < 0)
        INVALID(CE_VCOL_DCMM);
    int exempt = titles.counted || dcmm == 1;
    assess_size(standard, cells, exempt, out);
    if (!exempt && (out->size == CE_SME_LARGE || out->size == CE_SME_MEDIUM))
        out->rules |= CE_VRULE_NOT_SMALL_OR_MICRO;

    const char *svc = cells[CE_VCOL_SERVICE];
    const char *s = svc;
    size_t svc_len = trim(&s, strlen(svc));
    if (svc_len == 0)
        MISSING(CE_VCOL_SERVICE);
    else if (list_find(&p->services, s, svc_len) < 0)
        out->rules |= CE_VRULE_SERVICE_NOT_COVERED;
    else
        out->type = titles.dt && list_find(&p->dt_services, s, svc_len) >= 0
                        ? CE_VOUCHER_DIGITAL_TRANSFORMATION
                        : CE_VOUCHER_GENERAL;

    const char *req = cells[CE_VCOL_REQUESTED];
    switch (ce_money_parse(req, strlen(req), &out->requested_fen)) {
    case 1: MISSING(CE_VCOL_REQUESTED); break;
    case 0:
        if (out->requested_fen > 0) {
            out->face_fen = out->requested_fen;
            if (out->type >= 0) {
                long long cap = ce_voucher_policy_cap_fen(p, out->type);
                if (out->requested_fen > cap) {
                    if (strict_cap)
                        out->rules |= CE_VRULE_OVER_CAP;
                    else {
                        out->face_fen = cap;
                        out->reduced = 1;
                    }
                }
            }
            break;
        }
        /* fall through - nothing requested */
    default: INVALID(CE_VCOL_REQUESTED); break;
    }
#undef MISSING
#undef INVALID
}

int ce_voucher_assessment_ok(const ce_voucher_assessment *a)
{
    return !a->rules && !a->missing && !a->invalid;
}

char *ce_voucher_reasons(const ce_voucher_assessment *a, char *out, size_t out_size)
{
    ce_reasons r;
    ce_reasons_init(&r, out, out_size);
    ce_reasons_add_columns(&r, a->missing, a->invalid, column_names, CE_VCOL_N);
    for (int i = 0; i < CE_VRULE_N; i++)
        if (a->rules & (1u << i))
            ce_reasons_add(&r, "%s", rule_codes[i]);
    if (a->reduced)
        ce_reasons_add(&r, "reduced_to_cap");
    return out;
}
