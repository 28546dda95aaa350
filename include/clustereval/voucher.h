/* voucher.h - the rules of the innovation service voucher (创新服务券) for one
 * application: eligibility, the voucher type and its face value. The
 * parameters (province, caps, ratio, validity, service lists, title levels)
 * are data, loaded from a policy file, by default weights/voucher-policy.csv.
 *
 * The policy file has the columns key,value (others, e.g. note, ignored);
 * lists in a value are separated by ';'. Rows with the key "source" cite
 * the documents and are not read. Keys, all required:
 *   province_code         two digits (37 = 山东省)
 *   min_operating_years   whole years the applicant must have operated
 *   services              service categories a voucher may buy
 *   dt_services           the digital-transformation services among them
 *   dt_titles             titles that open the digital_transformation voucher
 *   general_cap, dt_cap   face value caps, CNY
 *   subsidy_ratio         share of the contract a voucher pays, 0 < r <= 1
 *   validity_days         days a voucher stays valid after issue
 *   titles                titles that exempt from the small-or-micro limit
 *   title_levels          levels at which a title counts (国家级;省级)
 *   title_default_levels  NAME=LEVEL for titles written without a level
 *   dcmm_exempt           dcmm values that exempt from the size limit
 *
 * The rules (ce_voucher_assess), each failure one reason code:
 *   invalid_credit_code     not a valid GB 32100 统一社会信用代码
 *   outside_province        code characters 3-4 are not province_code
 *   not_legal_person        legal_person is false (no independent legal
 *                           personality)
 *   operating_under_1_year  applied before the anniversary of established
 *                           (min_operating_years later, 民法典 第二百零二条)
 *   green_threshold_failed  green_threshold is false
 *   not_small_or_micro      large or medium under the SME standard, with no
 *                           title at a counted level and no exempting dcmm
 *   service_not_covered     service not in services
 *   over_cap                requested above the cap (only with strict_cap;
 *                           otherwise the face value is cut to the cap)
 * and, per column, missing:<column> (empty) or invalid:<column> (cannot be
 * read; applied_at also when the voucher's expiry, validity_days later,
 * would fall after 9999-12-31). duplicate_in_cycle, pool_exhausted and
 * app_id_reused depend on the queue and the ledger: voucher_issue.h applies
 * them.
 *
 * Money is held in integer fen (1 CNY = 100 fen). Whoever calls
 * ce_voucher_policy_load owns the result and frees it with
 * ce_voucher_policy_free.
 */
#ifndef CLUSTEREVAL_VOUCHER_H
#define CLUSTEREVAL_VOUCHER_H

#include <stddef.h>

#include "clustereval/csvio.h"
#include "clustereval/numparse.h" /* ce_money_parse, ce_money_format */
#include "clustereval/sme.h"
#include "clustereval/status.h"

typedef struct ce_voucher_policy ce_voucher_policy;

ce_status ce_voucher_policy_load(const char *path, ce_voucher_policy **out, ce_diag *diag,
                                 ce_error *err);
void ce_voucher_policy_free(ce_voucher_policy *p);

long long ce_voucher_policy_cap_fen(const ce_voucher_policy *p, int digital_transformation);
/* The subsidy ratio in parts per million (0.30 -> 300000). */
long long ce_voucher_policy_ratio_ppm(const ce_voucher_policy *p);
int ce_voucher_policy_validity_days(const ce_voucher_policy *p);

/* ---- one application ------------------------------------------------------ */

/* The columns of an applications file, in this order in the output of
 * missing:/invalid: reasons. */
typedef enum {
    CE_VCOL_APP_ID = 0,
    CE_VCOL_APPLIED_AT,
    CE_VCOL_CREDIT_CODE,
    CE_VCOL_NAME,
    CE_VCOL_LEGAL_PERSON,
    CE_VCOL_ESTABLISHED,
    CE_VCOL_GREEN_THRESHOLD,
    CE_VCOL_INDUSTRY,
    CE_VCOL_EMPLOYEES,
    CE_VCOL_REVENUE,
    CE_VCOL_ASSETS,
    CE_VCOL_TITLES,
    CE_VCOL_DCMM,
    CE_VCOL_SERVICE,
    CE_VCOL_REQUESTED,
    CE_VCOL_N
} ce_voucher_column;

/* The header name of column c ("app_id", ...). */
const char *ce_voucher_column_name(ce_voucher_column c);

/* The rules, as bits of ce_voucher_assessment.rules, in reason order. */
enum {
    CE_VRULE_INVALID_CREDIT_CODE = 1u << 0,
    CE_VRULE_OUTSIDE_PROVINCE = 1u << 1,
    CE_VRULE_NOT_LEGAL_PERSON = 1u << 2,
    CE_VRULE_OPERATING_UNDER_1_YEAR = 1u << 3,
    CE_VRULE_GREEN_THRESHOLD_FAILED = 1u << 4,
    CE_VRULE_NOT_SMALL_OR_MICRO = 1u << 5,
    CE_VRULE_SERVICE_NOT_COVERED = 1u << 6,
    CE_VRULE_OVER_CAP = 1u << 7,
    CE_VRULE_DUPLICATE_IN_CYCLE = 1u << 8,
    CE_VRULE_POOL_EXHAUSTED = 1u << 9,
    CE_VRULE_APP_ID_REUSED = 1u << 10
};
#define CE_VRULE_N 11

/* The reason code of rule bit number i (0 .. CE_VRULE_N-1). */
const char *ce_voucher_rule_code(int i);

typedef enum { CE_VOUCHER_GENERAL = 0, CE_VOUCHER_DIGITAL_TRANSFORMATION } ce_voucher_type;
/* "general", "digital_transformation". */
const char *ce_voucher_type_name(ce_voucher_type t);

typedef struct {
    unsigned rules;          /* CE_VRULE_* bits of the failed rules */
    unsigned missing;        /* bit c: column c is empty but needed */
    unsigned invalid;        /* bit c: column c cannot be read */
    int has_applied_at;      /* applied_at is valid */
    long long applied_at;    /* seconds since 1970-01-01 China time */
    int code_valid;          /* credit_code passed GB 32100 */
    char credit_code[19];    /* the normalised code when code_valid */
    int size;                /* ce_sme_size, or -1 when not known */
    int type;                /* ce_voucher_type, or -1 (service not covered) */
    long long requested_fen; /* valid when requested is neither missing nor invalid */
    long long face_fen;      /* min(requested, cap) */
    int reduced;             /* the request was cut to the cap */
} ce_voucher_assessment;

/* Assesses one application: cells[c] is the text of column c (never NULL).
 * Every rule is checked that the cells allow; strict_cap turns a request
 * above the cap into over_cap instead of a cut. Never fails. */
void ce_voucher_assess(const ce_voucher_policy *p, const ce_sme_standard *standard,
                       const char *const cells[CE_VCOL_N], int strict_cap,
                       ce_voucher_assessment *out);

/* Whether nothing in a is against the application (no rule failed, nothing
 * missing or invalid). */
int ce_voucher_assessment_ok(const ce_voucher_assessment *a);

/* Writes the reasons of a, separated by ';': the missing:<column> and
 * invalid:<column> codes in column order, then the rule codes in rule
 * order, then "reduced_to_cap" when the request was cut. "" when none.
 * Truncates to out_size (>= 512 is always enough). */
char *ce_voucher_reasons(const ce_voucher_assessment *a, char *out, size_t out_size);

#endif
