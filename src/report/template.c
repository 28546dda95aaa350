/* template.c - see template.h. The data sheet is laid out with
 * libxlsxwriter on a raw sheet of a ce_xlsx workbook (xlsx_private.h); the
 * instructions are an ordinary ce_xlsx table. */
#include "clustereval/template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "clustereval/xlsx.h"

#include "xlsx_private.h"

/* Excel's limits on a data validation's texts (characters). */
#define TITLE_CHARS 32
#define MESSAGE_CHARS 255
/* Widths of the id and name columns. */
#define ID_WIDTH 12.0
#define NAME_WIDTH 28.0
#define MAX_INDICATOR_WIDTH 24.0 /* longer headers wrap */
/* Light grey header, light blue dimension titles. */
#define HEADER_FILL 0xD9D9D9
#define TITLE_FILL 0xDDEBF7

/* The data cells' bounds for the validation: any number a cluster could
 * report, but a number. */
#define VALID_MIN -1e15
#define VALID_MAX 1e15

static const char *node_title(const ce_node *n)
{
    return n->name && n->name[0] ? n->name : n->code;
}

/* A unit that is a percentage: % or the full-width ％. */
static int is_percent(const char *unit)
{
    return unit && (strcmp(unit, "%") == 0 || strcmp(unit, "\xEF\xBC\x85") == 0);
}

char *ce_template_header_new(const ce_node *n)
{
    const char *title = node_title(n);
    const char *unit = n->unit ? n->unit : "";
    size_t len = strlen(title) + strlen(unit) + sizeof "（）";
    char *s = malloc(len);
    if (!s)
        return NULL;
    if (unit[0])
        snprintf(s, len, "%s（%s）", title, unit);
    else
        snprintf(s, len, "%s", title);
    return s;
}

/* Cuts the UTF-8 text s to at most max characters, in place, and drops an
 * incomplete sequence at its end (left by a truncating snprintf). */
static void cut_chars(char *s, size_t max)
{
    size_t chars = 0, len = 0;
    for (char *p = s; *p; p++, len++) {
        if (((unsigned char)*p & 0xC0) == 0x80)
            continue;
        if (chars++ == max) {
            *p = '\0';
            break;
        }
    }
    size_t lead = len;
    while (lead > 0 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead == 0)
        return;
    unsigned char c = (unsigned char)s[lead - 1];
    size_t need = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (len - (lead - 1) < need)
        s[lead - 1] = '\0';
}

/* Copies the whole characters of the UTF-8 text src that fit in cap bytes,
 * at most max of them, into dst. */
static void copy_chars(char *dst, size_t cap, const char *src, size_t max)
{
    size_t o = 0, chars = 0;
    while (src[o] && chars < max) {
        size_t n = 1;
        while (src[o + n] && ((unsigned char)src[o + n] & 0xC0) == 0x80)
            n++;
        if (o + n >= cap)
            break;
        o += n;
        chars++;
    }
    memcpy(dst, src, o);
    dst[o] = '\0';
}

/* Characters of a unit shown in the messages (a unit is a word or two). */
#define UNIT_CHARS 40
#define TEXT_CAP 1024

/* The dimension (top-level node) above node i. */
static size_t dimension_of(const ce_profile *p, size_t i)
{
    while (ce_profile_node(p, i)->parent != CE_NO_PARENT)
        i = ce_profile_node(p, i)->parent;
    return i;
}

/* The indicators in template order: depth first, children in file order
 * (the leaves of the post-order, which visits each subtree in one run). */
static size_t *template_order(const ce_profile *p, size_t *n_out)
{
    size_t n_nodes = ce_profile_node_count(p), n = 0;
    const size_t *post = ce_profile_postorder(p);
    size_t *order = malloc((n_nodes ? n_nodes : 1) * sizeof *order);
    if (!order)
        return NULL;
    for (size_t k = 0; k < n_nodes; k++)
        if (ce_profile_node(p, post[k])->n_children == 0)
            order[n++] = post[k];
    *n_out = n;
    return order;
}

static const char *direction_word(int direction)
{
    return direction < 0 ? "负向" : "正向";
}

static const char *direction_hint(int direction)
{
    return direction < 0 ? "负向指标，越小越好" : "正向指标，越大越好";
}

/* How an indicator's unit is filled in: "按百分数（如 83.15%）",
 * "单位：亿元", or "" when it has no unit. */
static void unit_phrase(const ce_node *n, char *buf, size_t cap)
{
    char u[TEXT_CAP / 4];
    copy_chars(u, sizeof u, n->unit ? n->unit : "", UNIT_CHARS);
    if (is_percent(n->unit))
        snprintf(buf, cap, "按百分数（如 83.15%%）");
    else if (u[0])
        snprintf(buf, cap, "单位：%s", u);
    else
        buf[0] = '\0';
}

/* What to fill in an indicator's cells, for the instructions and the
 * input message. */
static void fill_rule(const ce_node *n, char *buf, size_t cap)
{
    char unit[TEXT_CAP / 2];
    unit_phrase(n, unit, sizeof unit);
    snprintf(buf, cap, "填数字%s%s；无数据留空", unit[0] ? "，" : "", unit);
}

typedef struct {
    lxw_format *title, *header, *id, *percent;
} formats;

static int make_formats(lxw_workbook *wb, formats *f)
{
    if (!(f->title = workbook_add_format(wb)) || !(f->header = workbook_add_format(wb)) ||
        !(f->id = workbook_add_format(wb)) || !(f->percent = workbook_add_format(wb)))
        return 0;
    format_set_bold(f->title);
    format_set_align(f->title, LXW_ALIGN_CENTER);
    format_set_align(f->title, LXW_ALIGN_VERTICAL_CENTER);
    format_set_pattern(f->title, LXW_PATTERN_SOLID);
    format_set_bg_color(f->title, TITLE_FILL);
    format_set_border(f->title, LXW_BORDER_THIN);
    format_set_bold(f->header);
    format_set_text_wrap(f->header);
    format_set_align(f->header, LXW_ALIGN_CENTER);
    format_set_align(f->header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_pattern(f->header, LXW_PATTERN_SOLID);
    format_set_bg_color(f->header, HEADER_FILL);
    format_set_border(f->header, LXW_BORDER_THIN);
    format_set_num_format_index(f->id, 49);      /* Excel's built-in @: 001 stays 001 */
    format_set_num_format_index(f->percent, 10); /* built-in 0.00% */
    return 1;
}

/* Row 1: title over columns first..last (one cell when first == last). */
static lxw_error put_title(lxw_worksheet *ws, lxw_col_t first, lxw_col_t last, const char *title,
                           lxw_format *fmt)
{
    if (first == last)
        return worksheet_write_string(ws, 0, first, title, fmt);
    return worksheet_merge_range(ws, 0, first, 0, last, title, fmt);
}

/* The validation of indicator n's column col: a decimal, blank allowed,
 * with an input message and an error message. */
static lxw_error put_validation(lxw_worksheet *ws, lxw_col_t col, const ce_node *n,
                                const char *header)
{
    char title[TEXT_CAP], head[TEXT_CAP], code[TEXT_CAP], rule[TEXT_CAP], unit[TEXT_CAP];
    char input[4 * TEXT_CAP], error[4 * TEXT_CAP];
    copy_chars(title, sizeof title, header, TITLE_CHARS);
    copy_chars(head, sizeof head, header, MESSAGE_CHARS);
    copy_chars(code, sizeof code, n->code, MESSAGE_CHARS);
    fill_rule(n, rule, sizeof rule);
    snprintf(input, sizeof input, "%s。代码 %s，%s。", rule, code, direction_hint(n->direction));
    cut_chars(input, MESSAGE_CHARS);
    unit_phrase(n, unit, sizeof unit);
    if (unit[0])
        snprintf(error, sizeof error, "“%s”只能填数字（%s）；无数据请留空。", head, unit);
    else
        snprintf(error, sizeof error, "“%s”只能填数字；无数据请留空。", head);
    cut_chars(error, MESSAGE_CHARS);
    lxw_data_validation dv = {
        .validate = LXW_VALIDATION_TYPE_DECIMAL,
        .criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
        .ignore_blank = LXW_VALIDATION_ON,
        .show_input = LXW_VALIDATION_ON,
        .show_error = LXW_VALIDATION_ON,
        .error_type = LXW_VALIDATION_ERROR_TYPE_STOP,
        .minimum_number = VALID_MIN,
        .maximum_number = VALID_MAX,
        .input_title = title,
        .input_message = input,
        .error_title = "不是数字",
        .error_message = error,
    };
    return worksheet_data_validation_range(ws, CE_TEMPLATE_HEADER_ROW, col, LXW_ROW_MAX - 1, col,
                                           &dv);
}

static ce_status data_sheet(ce_xlsx *x, const ce_profile *p, const size_t *order, size_t n,
                            char *const *headers, ce_error *err)
{
    lxw_workbook *wb;
    lxw_worksheet *ws;
    ce_status st = ce_xlsx_raw_sheet(x, CE_TEMPLATE_DATA_SHEET, &ws, &wb, err);
    if (st != CE_OK)
        return st;
    formats f;
    if (!make_formats(wb, &f))
        return ce_xlsx_raw_failed(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "formats", err);
    lxw_error e = worksheet_set_column(ws, 0, 0, ID_WIDTH, f.id);
    if (e == LXW_NO_ERROR)
        e = worksheet_set_column(ws, 1, 1, NAME_WIDTH, NULL);
    for (size_t k = 0; k < n && e == LXW_NO_ERROR; k++) {
        double w = ce_xlsx_text_width(headers[k]);
        lxw_col_t col = (lxw_col_t)(k + 2);
        e = worksheet_set_column(ws, col, col, w > MAX_INDICATOR_WIDTH ? MAX_INDICATOR_WIDTH : w,
                                 is_percent(ce_profile_node(p, order[k])->unit) ? f.percent
                                                                                : NULL);
    }
    /* Row 1: the titles, written left to right (the sheet streams). */
    if (e == LXW_NO_ERROR)
        e = put_title(ws, 0, 1, "基本信息", f.title);
    for (size_t k = 0; k < n && e == LXW_NO_ERROR;) {
        size_t dim = dimension_of(p, order[k]), end = k + 1;
        while (end < n && dimension_of(p, order[end]) == dim)
            end++;
        e = put_title(ws, (lxw_col_t)(k + 2), (lxw_col_t)(end + 1),
                      node_title(ce_profile_node(p, dim)), f.title);
        k = end;
    }
    /* Row 2: the header. */
    if (e == LXW_NO_ERROR)
        e = worksheet_write_string(ws, 1, 0, CE_TEMPLATE_ID_HEADER, f.header);
    if (e == LXW_NO_ERROR)
        e = worksheet_write_string(ws, 1, 1, CE_TEMPLATE_NAME_HEADER, f.header);
    for (size_t k = 0; k < n && e == LXW_NO_ERROR; k++)
        e = worksheet_write_string(ws, 1, (lxw_col_t)(k + 2), headers[k], f.header);
    for (size_t k = 0; k < n && e == LXW_NO_ERROR; k++)
        e = put_validation(ws, (lxw_col_t)(k + 2), ce_profile_node(p, order[k]), headers[k]);
    if (e != LXW_NO_ERROR)
        return ce_xlsx_raw_failed(x, e, "cannot write the data sheet", err);
    worksheet_freeze_panes(ws, CE_TEMPLATE_HEADER_ROW, 2);
    worksheet_activate(ws);
    return CE_OK;
}

enum { H_DIM, H_HEADER, H_CODE, H_UNIT, H_DIRECTION, H_RULE, H_MISSING, N_HELP_COLS };
static const char *const help_headers[N_HELP_COLS] = {"维度", "表头", "代码", "单位",
                                                      "方向", "填写要求", "缺失值"};

/* How a missing value of node k counts (missing.h's precedence without the
 * command line): its own `missing` cell, else its nearest group's, else
 * the profile's row `*`, else worst (rank's default). */
static void missing_phrase(const ce_profile *p, size_t k, char *buf, size_t cap)
{
    const char *rule = "";
    for (size_t i = k; i != CE_NO_PARENT && !rule[0]; i = ce_profile_node(p, i)->parent)
        rule = ce_profile_node(p, i)->missing ? ce_profile_node(p, i)->missing : "";
    if (!rule[0])
        rule = ce_profile_missing_default(p, NULL);
    if (!rule[0])
        rule = "worst";
    if (strcmp(rule, "worst") == 0)
        snprintf(buf, cap, "按该指标的最低分计，即不得分（worst）");
    else if (strcmp(rule, "zero") == 0)
        snprintf(buf, cap, "按原始值 0 计（zero）");
    else if (strcmp(rule, "skip") == 0)
        snprintf(buf, cap, "不计入，同组其余指标的权重按比例放大（skip）");
    else
        snprintf(buf, cap, "按插补值计（%s）", rule);
}

static const char *const help_notes[] = {
    "说明",
    "1. 在“" CE_TEMPLATE_DATA_SHEET "”表第 3 行起每个集群填一行；不要改动第 1、2 行的标题和表头，不要插入合计、小计或平均行。",
    "2. 集群编号必填，各集群不得重复；该列为文本格式，前导零（如 001）会保留。",
    "3. 指标只填数字，不带单位；无数据、不适用的单元格留空，不要填 0、“/”或“无”。",
    "4. 单位为 % 的指标按百分数填写（如 83.15%）。",
};

static ce_status help_sheet(ce_xlsx *x, const ce_profile *p, const size_t *order, size_t n,
                            char *const *headers, ce_error *err)
{
    ce_status st = ce_xlsx_sheet(x, CE_TEMPLATE_HELP_SHEET, N_HELP_COLS, help_headers, NULL, err);
    const char *cells[N_HELP_COLS];
    char rule[TEXT_CAP], missing[TEXT_CAP];
    if (st == CE_OK) {
        const char *id_row[N_HELP_COLS] = {"基本信息", CE_TEMPLATE_ID_HEADER, "id", "", "",
                                           "必填，文本；各集群不得重复", ""};
        st = ce_xlsx_row(x, id_row, CE_XLSX_PLAIN, err);
    }
    if (st == CE_OK) {
        const char *name_row[N_HELP_COLS] = {"基本信息", CE_TEMPLATE_NAME_HEADER, "name", "", "",
                                             "集群的全称", ""};
        st = ce_xlsx_row(x, name_row, CE_XLSX_PLAIN, err);
    }
    for (size_t k = 0; k < n && st == CE_OK; k++) {
        const ce_node *nd = ce_profile_node(p, order[k]);
        fill_rule(nd, rule, sizeof rule);
        cells[H_DIM] = node_title(ce_profile_node(p, dimension_of(p, order[k])));
        cells[H_HEADER] = headers[k];
        cells[H_CODE] = nd->code;
        cells[H_UNIT] = nd->unit ? nd->unit : "";
        cells[H_DIRECTION] = direction_word(nd->direction);
        cells[H_RULE] = rule;
        missing_phrase(p, order[k], missing, sizeof missing);
        cells[H_MISSING] = missing;
        st = ce_xlsx_row(x, cells, CE_XLSX_PLAIN, err);
    }
    for (size_t k = 0; k < N_HELP_COLS; k++)
        cells[k] = "";
    if (st == CE_OK)
        st = ce_xlsx_row(x, cells, CE_XLSX_PLAIN, err);
    for (size_t k = 0; k < sizeof help_notes / sizeof *help_notes && st == CE_OK; k++) {
        cells[0] = help_notes[k];
        st = ce_xlsx_row(x, cells, CE_XLSX_PLAIN, err);
    }
    return st;
}

ce_status ce_template_write(const ce_profile *prof, const char *path, long long created_utc,
                            ce_error *err)
{
    size_t n = 0;
    size_t *order = template_order(prof, &n);
    if (!order)
        return ce_error_nomem(err);
    if (n + 2 > CE_XLSX_MAX_COLS) {
        free(order);
        return ce_error_set(err, CE_ERR_DATA, path, 0,
                            "%zu indicators: more columns than a worksheet holds (%u)", n,
                            CE_XLSX_MAX_COLS - 2);
    }
    char **headers = calloc(n ? n : 1, sizeof *headers);
    ce_status st = headers ? CE_OK : ce_error_nomem(err);
    for (size_t k = 0; k < n && st == CE_OK; k++)
        if (!(headers[k] = ce_template_header_new(ce_profile_node(prof, order[k]))))
            st = ce_error_nomem(err);
    ce_xlsx *x = NULL;
    if (st == CE_OK)
        st = ce_xlsx_open(path, created_utc, &x, err);
    if (st == CE_OK)
        st = data_sheet(x, prof, order, n, headers, err);
    if (st == CE_OK)
        st = help_sheet(x, prof, order, n, headers, err);
    if (st == CE_OK)
        st = ce_xlsx_close(x, err);
    else
        ce_xlsx_abort(x);
    for (size_t k = 0; headers && k < n; k++)
        free(headers[k]);
    free(headers);
    free(order);
    return st;
}
