/* training.h - the public training projects (新旧动能转换公共实训项目):
 * the conditions an applicant must meet (stage apply) and, a year after
 * approval, the acceptance checks (stage accept); the subsidy and the
 * performance reward. Every threshold is data, loaded from a policy file
 * (policyfile.h), by default weights/training-policy.csv. Keys:
 *   province_code          two digits (37 = 山东省)
 *   province_names         ';' names a `province` cell may give (山东省;山东)
 *   min_site_area          ㎡ of own training site
 *   min_instructors        full- and part-time instructors
 *   min_fulltime_share     share of full-time instructors (0.5)
 *   min_agreements         cooperation agreements
 *   min_capacity_enterprise, min_external_enterprise   trainees a year
 *   min_capacity_college, min_external_college          trainees a year
 *   training_modes         ';' modes of which an applicant needs one
 *   min_occupations        occupations trained
 *   min_investment         CNY invested by acceptance
 *   subsidy_cap            CNY per project
 *   reward_amount          CNY for reward_grade at acceptance
 *   reward_grade           the performance grade rewarded (优秀)
 * Every threshold is inclusive: "不少于/不低于" is >=.
 *
 * Failed conditions are reason codes that carry the policy's number, e.g.
 * site_area_below_500, instructors_below_10, fulltime_instructors_below_half,
 * agreements_below_5, annual_capacity_below_500, external_capacity_below_100,
 * occupations_below_3, investment_below_500000; without a number:
 * invalid_credit_code, outside_province, no_training_unit, site_not_owned,
 * no_equipment, partners_not_participating, training_modes_not_covered,
 * trainees_below_capacity; and per cell missing:<column> / invalid:<column>.
 *
 * Whoever calls ce_training_policy_load owns the result and frees it with
 * ce_training_policy_free.
 */
#ifndef CLUSTEREVAL_TRAINING_H
#define CLUSTEREVAL_TRAINING_H

#include <stddef.h>

#include "clustereval/status.h"

typedef struct ce_training_policy ce_training_policy;

ce_status ce_training_policy_load(const char *path, ce_training_policy **out, ce_diag *diag,
                                  ce_error *err);
void ce_training_policy_free(ce_training_policy *p);

typedef enum { CE_TRAINING_APPLY = 0, CE_TRAINING_ACCEPT } ce_training_stage;

/* The columns of an applicants file. */
typedef enum {
    CE_TCOL_APPLICANT_ID = 0,
    CE_TCOL_NAME,
    CE_TCOL_KIND,
    CE_TCOL_CREDIT_CODE,
    CE_TCOL_TRAINING_UNIT,
    CE_TCOL_SITE_OWNED,
    CE_TCOL_SITE_AREA,
    CE_TCOL_EQUIPMENT,
    CE_TCOL_INSTRUCTORS,
    CE_TCOL_FULLTIME_INSTRUCTORS,
    CE_TCOL_AGREEMENTS,
    CE_TCOL_PARTNERS_PARTICIPATE,
    CE_TCOL_ANNUAL_CAPACITY,
    CE_TCOL_EXTERNAL_CAPACITY,
    CE_TCOL_TRAINING_MODES,
    CE_TCOL_OCCUPATIONS,
    CE_TCOL_REQUESTED,
    CE_TCOL_INVESTMENT,      /* accept only */
    CE_TCOL_ACTUAL_TRAINEES, /* accept only */
    CE_TCOL_PERFORMANCE,     /* accept only */
    CE_TCOL_PROVINCE,        /* optional: replaces the credit code's region */
    CE_TCOL_N
} ce_training_column;

/* The header name of column c ("applicant_id", ...). */
const char *ce_training_column_name(ce_training_column c);
/* Whether column c must be in the file at this stage (province never). */
int ce_training_column_required(ce_training_column c, ce_training_stage stage);

typedef enum { CE_TRAINING_ENTERPRISE = 0, CE_TRAINING_COLLEGE } ce_training_kind;

typedef struct {
    int pass;              /* every condition met, nothing missing or invalid */
    int kind;              /* ce_training_kind, or -1 when not readable */
    char failed[1024];     /* reason codes, ';'-separated; "" when pass */
    long long subsidy_fen; /* min(requested, subsidy_cap) when pass, else 0 */
    long long reward_fen;  /* accept: reward_amount when pass and graded
                              reward_grade, else 0 */
} ce_training_result;

/* Checks one applicant: cells[c] is the text of column c, NULL for a column
 * the file does not have (only optional ones or the other stage's). Never
 * fails. */
void ce_training_assess(const ce_training_policy *p, ce_training_stage stage,
                        const char *const cells[CE_TCOL_N], ce_training_result *out);

/* "enterprise", "college". */
const char *ce_training_kind_name(ce_training_kind k);

#endif
