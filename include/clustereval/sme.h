/* sme.h - SME size classification (大型/中型/小型/微型) under a size standard
 * loaded from a CSV file, by default weights/sme-standard-2011.csv: the
 * national standard 《中小企业划型标准规定》(工信部联企业〔2011〕300号).
 *
 * The standard file has the columns id,industry,measures,large,medium,small
 * (any order). measures lists the industry's measures, separated by ';', from
 * persons (从业人员, 人), revenue (营业收入, 万元) and assets (资产总额, 万元);
 * large, medium and small list each tier's lower bound for every measure, in
 * the same order. An enterprise is of the first tier, tried large, medium,
 * small, whose bounds ALL the industry's measures reach (value >= bound:
 * the standard's "X以下" is strictly below); otherwise it is micro.
 *
 * Whoever calls ce_sme_standard_load owns the result and frees it with
 * ce_sme_standard_free.
 */
#ifndef CLUSTEREVAL_SME_H
#define CLUSTEREVAL_SME_H

#include <stddef.h>

#include "clustereval/csvio.h"
#include "clustereval/status.h"

typedef struct ce_sme_standard ce_sme_standard;

typedef enum { CE_SME_LARGE = 0, CE_SME_MEDIUM, CE_SME_SMALL, CE_SME_MICRO } ce_sme_size;
#define CE_SME_N_SIZES 4

typedef enum { CE_SME_PERSONS = 0, CE_SME_REVENUE, CE_SME_ASSETS } ce_sme_measure;
#define CE_SME_N_MEASURES 3

/* "large", "medium", "small", "micro". */
const char *ce_sme_size_name(ce_sme_size size);
/* "persons", "revenue", "assets" (the standard file's names). */
const char *ce_sme_measure_name(ce_sme_measure m);
/* "从业人员", "营业收入", "资产总额" (the names in the reasons). */
const char *ce_sme_measure_label(ce_sme_measure m);

/* Loads the standard at path. Errors (CE_ERR_DATA, with file and line):
 * missing column, empty id or industry, unknown or repeated measure, a
 * bound that is not a non-negative number, a bound list whose length differs
 * from the measures', tiers not ordered large >= medium >= small for a
 * measure, an industry id or name defined twice, no industry at all.
 * CE_ERR_IO when the file cannot be read. *out is set only on success. */
ce_status ce_sme_standard_load(const char *path, ce_encoding enc, ce_sme_standard **out,
                               ce_diag *diag, ce_error *err);
/* Frees s; NULL is a no-op. */
void ce_sme_standard_free(ce_sme_standard *s);

size_t ce_sme_industry_count(const ce_sme_standard *s);
/* Finds the industry whose id or Chinese name is text (exact match). Returns
 * 0 and sets *index when found, else -1. */
int ce_sme_industry_find(const ce_sme_standard *s, const char *text, size_t *index);
const char *ce_sme_industry_id(const ce_sme_standard *s, size_t index);
const char *ce_sme_industry_name(const ce_sme_standard *s, size_t index);
/* Whether industry index is classified by measure m. */
int ce_sme_industry_uses(const ce_sme_standard *s, size_t index, ce_sme_measure m);

/* Classifies an enterprise of industry index with the given persons
 * (从业人员), revenue and assets (万元); a measure the industry does not use
 * is ignored and may be NaN. On success sets *size and writes into reason
 * (reason_size bytes, truncated if need be) why, naming the deciding bounds:
 *   "medium: 从业人员 450 >= 300 and 营业收入 9000 >= 2000; below large:
 *    从业人员 450 < 1000", "micro: 从业人员 8 < 10 (small)".
 * reason may be NULL when reason_size is 0 (and err NULL: no message).
 * CE_ERR_DATA (message in err, no file) when a measure the industry uses is
 * NaN (missing), infinite or negative; *size and reason are then untouched. */
ce_status ce_sme_classify(const ce_sme_standard *s, size_t index, double persons,
                          double revenue, double assets, ce_sme_size *size, char *reason,
                          size_t reason_size, ce_error *err);

#endif
