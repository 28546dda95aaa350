/* template.h - the data-collection workbook the province sends out
 * (`clustereval template`, issue 15 §3): one sheet 数据 to fill, one row
 * per cluster, and one sheet 填报说明 that explains every column.
 *
 * 数据:  row 1  the dimensions' titles, each merged over its indicators'
 *               columns (基本信息 over the id and name columns);
 *        row 2  the header: 集群编号, 集群名称, then one column per
 *               indicator, grouped by dimension (the profile's tree, depth
 *               first, children in file order), titled by its name (its
 *               code when it has none) with the unit in full-width
 *               brackets: 营业收入（亿元）;
 *        row 3+ the data: the id column formatted as text (001 stays
 *               001), each indicator column validated as a decimal (an
 *               input message with its code, unit and direction; blank
 *               allowed), formatted 0.00% where the unit is %.
 *        Rows 1-2 and the id and name columns are frozen.
 * 填报说明: for every column its dimension, header, code, unit, direction
 *        (正向/负向) and what to fill, then general notes.
 *
 * The header row maps to the profile as any data file's header does
 * (table.h), so a filled template reads with `rank` as it is. The workbook
 * is a ce_xlsx (xlsx.h): written atomically, the same bytes for the same
 * profile and created_utc.
 *
 * Nothing returned is owned by the caller but the strings of
 * ce_template_header_new.
 */
#ifndef CLUSTEREVAL_TEMPLATE_H
#define CLUSTEREVAL_TEMPLATE_H

#include "clustereval/profile.h"
#include "clustereval/status.h"

#define CE_TEMPLATE_DATA_SHEET "数据"
#define CE_TEMPLATE_HELP_SHEET "填报说明"
#define CE_TEMPLATE_ID_HEADER "集群编号"
#define CE_TEMPLATE_NAME_HEADER "集群名称"
/* The Excel row (1-based) of the header; data starts below it. */
#define CE_TEMPLATE_HEADER_ROW 2

/* Writes the template of prof to path (an .xlsx workbook), dated
 * created_utc (seconds since 1970, at least 1). Errors: those of
 * ce_xlsx_open and ce_xlsx_close (CE_ERR_IO naming path, CE_ERR_USAGE for a
 * bad time); CE_ERR_DATA when the profile has more indicators than a sheet
 * has columns; CE_ERR_IO when out of memory. Nothing is left at path on failure. */
ce_status ce_template_write(const ce_profile *prof, const char *path, long long created_utc,
                            ce_error *err);

/* The header of indicator node n in the template: "name（unit）", name
 * (code when it has no name) alone when it has no unit. A new string the
 * caller frees, or NULL when out of memory. */
char *ce_template_header_new(const ce_node *n);

#endif
