/* audit_csv.h - the five CSV files of `clustereval audit` (columns in README
 * "clustereval audit"), written from an audit (audit.h): CSV with a header
 * row, numbers with 6 decimals, NaN as an empty cell, flags as 0/1.
 *
 * bom: start with a UTF-8 BOM. Each returns CE_ERR_IO (with err) when the
 * stream reports a write error. The writers only read the audit, the table
 * and the profile; the caller owns all of them and the stream.
 */
#ifndef CLUSTEREVAL_AUDIT_CSV_H
#define CLUSTEREVAL_AUDIT_CSV_H

#include <stdio.h>

#include "clustereval/audit.h"
#include "clustereval/profile.h"
#include "clustereval/status.h"
#include "clustereval/table.h"

ce_status ce_audit_csv_write_indicators(FILE *out, const ce_audit *a, const ce_profile *p,
                                        int bom, ce_error *err);
ce_status ce_audit_csv_write_clusters(FILE *out, const ce_audit *a, const ce_table *t,
                                      const ce_profile *p, int bom, ce_error *err);
ce_status ce_audit_csv_write_dimensions(FILE *out, const ce_audit *a, const ce_profile *p,
                                        int bom, ce_error *err);
ce_status ce_audit_csv_write_correlations(FILE *out, const ce_audit *a, const ce_profile *p,
                                          int bom, ce_error *err);
ce_status ce_audit_csv_write_pairs(FILE *out, const ce_audit *a, const ce_profile *p, int bom,
                                   ce_error *err);

#endif
