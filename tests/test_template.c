/* test_template.c - the data-collection workbook (template.h), read back
 * cell by cell through the .xlsx reader (ce_csv_read) and part by part
 * through libzip: titles, merged dimension titles, the header, the
 * instructions, the validations and formats, and the same bytes for the
 * same time. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "clustereval/csvio.h"
#include "clustereval/profile.h"
#include "clustereval/template.h"

#include "testutil.h"

TestSuite(template, .init = ce_test_dir_init, .fini = ce_test_dir_fini);

#define WHEN 1700000000LL

/* Two dimensions; 经济 holds a group (a1) and an indicator (a2) whose row
 * comes after 创新's b1 in the file: the template groups them anyway. */
static const char profile_csv[] = "code,name,parent,weight,direction,unit\n"
                                  "econ,经济,,1,,\n"
                                  "size,规模,econ,1,,\n"
                                  "a1,营业收入,size,1,+,亿元\n"
                                  "inno,创新,,1,,\n"
                                  "b1,发明专利,inno,1,-,件\n"
                                  "a2,,econ,1,+,%\n";

typedef struct {
    char *cells[16][8];
    size_t nfields[16];
    size_t lines[16];
    size_t n;
} grid;

static ce_status keep(void *ud, const ce_csv_record *rec, ce_error *err)
{
    (void)err;
    grid *g = ud;
    cr_assert_lt(g->n, 16);
    g->nfields[g->n] = rec->nfields;
    g->lines[g->n] = rec->line;
    for (size_t i = 0; i < rec->nfields && i < 8; i++)
        g->cells[g->n][i] = strdup(rec->fields[i]);
    g->n++;
    return CE_OK;
}

static void grid_free(grid *g)
{
    for (size_t r = 0; r < 16; r++)
        for (size_t c = 0; c < 8; c++)
            free(g->cells[r][c]);
}

static void read_sheet(const char *path, const char *sheet, grid *g)
{
    memset(g, 0, sizeof *g);
    ce_csv_read_options o = {.encoding = CE_ENC_AUTO, .sheet = sheet};
    ce_error err = {0};
    ce_status st = ce_csv_read_opts(path, &o, keep, g, NULL, NULL, &err);
    cr_assert_eq(st, CE_OK, "%s: %s", path, err.msg);
}

static ce_profile *load(void)
{
    return ce_test_load_profile(NULL, 0, ce_test_dir, "profile.csv", profile_csv, CE_ENC_AUTO);
}

static char *write_template(const ce_profile *p, const char *name, long long when)
{
    static char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, name);
    ce_error err = {0};
    ce_status st = ce_template_write(p, path, when, &err);
    cr_assert_eq(st, CE_OK, "%s", err.msg);
    return path;
}

/* The part name of the workbook at path, as a new string. */
static char *zip_part(const char *path, const char *name)
{
    int zerr;
    zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
    cr_assert_not_null(z);
    zip_stat_t sb;
    cr_assert_eq(zip_stat(z, name, 0, &sb), 0, "no part %s", name);
    char *buf = malloc(sb.size + 1);
    zip_file_t *f = zip_fopen(z, name, 0);
    cr_assert_not_null(f);
    cr_assert_eq(zip_fread(f, buf, sb.size), (zip_int64_t)sb.size);
    buf[sb.size] = '\0';
    zip_fclose(f);
    zip_close(z);
    return buf;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

Test(template, data_sheet_titles_and_header)
{
    ce_profile *p = load();
    const char *path = write_template(p, "t.xlsx", WHEN);
    grid g;
    read_sheet(path, NULL, &g); /* the first sheet is the data sheet */
    cr_assert_eq(g.n, 2, "an empty template holds its two title rows");
    cr_assert_eq(g.nfields[0], 5);
    /* row 1: merged titles, the cells under a merge empty */
    const char *row1[5] = {"基本信息", "", "经济", "", "创新"};
    const char *row2[5] = {"集群编号", "集群名称", "营业收入（亿元）", "a2（%）", "发明专利（件）"};
    for (size_t c = 0; c < 5; c++) {
        cr_assert_str_eq(g.cells[0][c], row1[c], "row 1, column %zu", c + 1);
        cr_assert_str_eq(g.cells[1][c], row2[c], "row 2, column %zu", c + 1);
    }
    cr_assert_eq(g.lines[1], CE_TEMPLATE_HEADER_ROW);
    grid_free(&g);
    ce_profile_free(p);
}

Test(template, merges_validations_formats)
{
    ce_profile *p = load();
    const char *path = write_template(p, "t.xlsx", WHEN);
    char *wb = zip_part(path, "xl/workbook.xml");
    cr_assert(strstr(wb, "<sheet name=\"数据\" sheetId=\"1\""), "%s", wb);
    cr_assert(strstr(wb, "<sheet name=\"填报说明\" sheetId=\"2\""), "%s", wb);
    free(wb);

    char *s = zip_part(path, "xl/worksheets/sheet1.xml");
    cr_assert(strstr(s, "<mergeCells count=\"2\"><mergeCell ref=\"A1:B1\"/>"
                        "<mergeCell ref=\"C1:D1\"/></mergeCells>"),
              "%s", s);
    cr_assert(strstr(s, "<pane xSplit=\"2\" ySplit=\"2\" topLeftCell=\"C3\""), "frozen");
    cr_assert_eq(count(s, "<dataValidation type=\"decimal\" allowBlank=\"1\" "
                          "showInputMessage=\"1\" showErrorMessage=\"1\""),
                 3);
    cr_assert(strstr(s, "promptTitle=\"营业收入（亿元）\" prompt=\"填数字，单位：亿元；无数据留空。"
                        "代码 a1，正向指标，越大越好。\" sqref=\"C3:C1048576\">"
                        "<formula1>-1000000000000000</formula1>"
                        "<formula2>1000000000000000</formula2>"),
              "%s", s);
    cr_assert(strstr(s, "代码 a2，正向指标，越大越好。\" sqref=\"D3:D1048576\""), "%s", s);
    cr_assert(strstr(s, "errorTitle=\"不是数字\" error=\"“a2（%）”只能填数字（按百分数（如 83.15%）"
                        "）；无数据请留空。\""),
              "%s", s);
    cr_assert(strstr(s, "代码 b1，负向指标，越小越好。\" sqref=\"E3:E1048576\""), "%s", s);
    /* the id column text, the % column a percentage */
    cr_assert(strstr(s, "<col min=\"1\" max=\"1\" width=\"12.7109375\" style=\"4\""), "%s", s);
    cr_assert(strstr(s, "<col min=\"4\" max=\"4\" width=\"9.7109375\" style=\"5\""), "%s", s);
    cr_assert(strstr(s, "<col min=\"3\" max=\"3\" width=\"18.7109375\" customWidth"), "%s", s);
    free(s);
    char *styles = zip_part(path, "xl/styles.xml");
    /* Excel's built-in formats: 49 is @ (text), 10 is 0.00% */
    cr_assert(strstr(styles, "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" "
                             "xfId=\"0\" applyNumberFormat=\"1\"/>"
                             "<xf numFmtId=\"10\" fontId=\"0\""),
              "%s", styles);
    cr_assert_null(strstr(styles, "<numFmts"), "no custom number format");
    free(styles);
    ce_profile_free(p);
}

Test(template, instructions_sheet)
{
    ce_profile *p = load();
    const char *path = write_template(p, "t.xlsx", WHEN);
    grid g;
    read_sheet(path, CE_TEMPLATE_HELP_SHEET, &g);
    cr_assert_geq(g.n, 6);
    const char *want[6][6] = {
        {"维度", "表头", "代码", "单位", "方向", "填写要求"},
        {"基本信息", "集群编号", "id", "", "", "必填，文本；各集群不得重复"},
        {"基本信息", "集群名称", "name", "", "", "集群的全称"},
        {"经济", "营业收入（亿元）", "a1", "亿元", "正向", "填数字，单位：亿元；无数据留空"},
        {"经济", "a2（%）", "a2", "%", "正向", "填数字，按百分数（如 83.15%）；无数据留空"},
        {"创新", "发明专利（件）", "b1", "件", "负向", "填数字，单位：件；无数据留空"},
    };
    for (size_t r = 0; r < 6; r++)
        for (size_t c = 0; c < 6; c++)
            cr_assert_str_eq(g.cells[r][c], want[r][c], "row %zu, column %zu", r + 1, c + 1);
    grid_free(&g);
    ce_profile_free(p);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    char *b = malloc(*len + 1);
    cr_assert_eq(fread(b, 1, *len, f), *len);
    fclose(f);
    return b;
}

Test(template, same_bytes_for_same_time)
{
    ce_profile *p = load();
    size_t la, lb, lc;
    char *a = slurp(write_template(p, "a.xlsx", WHEN), &la);
    char *b = slurp(write_template(p, "b.xlsx", WHEN), &lb);
    char *c = slurp(write_template(p, "c.xlsx", WHEN + 86400), &lc);
    cr_assert_eq(la, lb);
    cr_assert_eq(memcmp(a, b, la), 0, "the same profile and time give the same bytes");
    cr_assert(la != lc || memcmp(a, c, la) != 0, "the created date is in the file");
    free(a);
    free(b);
    free(c);
    ce_profile_free(p);
}

Test(template, header_text)
{
    ce_node n = {.code = "rev", .name = "营业收入", .unit = "亿元"};
    char *h = ce_template_header_new(&n);
    cr_assert_str_eq(h, "营业收入（亿元）");
    free(h);
    n.unit = "";
    h = ce_template_header_new(&n);
    cr_assert_str_eq(h, "营业收入");
    free(h);
    n.name = "";
    n.unit = "%";
    h = ce_template_header_new(&n);
    cr_assert_str_eq(h, "rev（%）");
    free(h);
}

Test(template, unwritable_folder_leaves_nothing)
{
    ce_profile *p = load();
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "no/such/t.xlsx");
    ce_error err = {0};
    cr_assert_eq(ce_template_write(p, path, WHEN, &err), CE_ERR_IO);
    cr_assert_str_eq(err.file, path);
    cr_assert_neq(access(path, F_OK), 0);
    ce_profile_free(p);
}

/* Excel's limits: a validation's title holds 32 characters, its messages
 * 255; longer names are cut there (whole characters), the header keeps
 * all of them. */
Test(template, long_texts_cut_for_excel)
{
    char csv[4096], name[1024] = "", unit[512] = "";
    for (int i = 0; i < 200; i++)
        strcat(name, "长");
    for (int i = 0; i < 60; i++)
        strcat(unit, "单");
    snprintf(csv, sizeof csv, "code,name,parent,weight,direction,unit\nd,维,,1,,\nx,%s,d,1,+,%s\n",
             name, unit);
    ce_profile *p = ce_test_load_profile(NULL, 0, ce_test_dir, "long.csv", csv, CE_ENC_AUTO);
    const char *path = write_template(p, "t.xlsx", WHEN);
    grid g;
    read_sheet(path, NULL, &g);
    cr_assert_eq(strncmp(g.cells[1][2], name, strlen(name)), 0);
    cr_assert_eq(strlen(g.cells[1][2]), strlen(name) + strlen(unit) + 6);
    grid_free(&g);
    char *s = zip_part(path, "xl/worksheets/sheet1.xml");
    char want[256] = "promptTitle=\"";
    for (int i = 0; i < 32; i++)
        strcat(want, "长");
    strcat(want, "\"");
    cr_assert(strstr(s, want), "%s", s);
    free(s);
    ce_profile_free(p);
}

/* The instructions name each indicator's missing-value rule (issue 15 §1):
 * its own cell, else its nearest group's, else the profile's row `*`, else
 * worst (rank's default). */
Test(template, instructions_name_the_missing_rule)
{
    static const char prof[] = "code,name,parent,weight,direction,unit,missing\n"
                               "*,,,,,,zero\n"
                               "econ,经济,,1,,,\n"
                               "size,规模,econ,1,,,skip\n"
                               "a1,营业收入,size,1,+,亿元,\n"
                               "inno,创新,,1,,,\n"
                               "b1,发明专利,inno,1,-,件,worst\n"
                               "a2,,econ,1,+,%,\n";
    ce_profile *p =
        ce_test_load_profile(NULL, 0, ce_test_dir, "profile-m.csv", prof, CE_ENC_AUTO);
    const char *path = write_template(p, "m.xlsx", WHEN);
    grid g;
    read_sheet(path, CE_TEMPLATE_HELP_SHEET, &g);
    cr_assert_geq(g.n, 6);
    cr_assert_str_eq(g.cells[0][6], "缺失值");
    cr_assert_str_eq(g.cells[3][6], "不计入，同组其余指标的权重按比例放大（skip）");
    cr_assert_str_eq(g.cells[4][6], "按原始值 0 计（zero）");
    cr_assert_str_eq(g.cells[5][6], "按该指标的最低分计，即不得分（worst）");
    grid_free(&g);
    ce_profile_free(p);
    p = load();
    path = write_template(p, "d.xlsx", WHEN);
    read_sheet(path, CE_TEMPLATE_HELP_SHEET, &g);
    cr_assert_str_eq(g.cells[3][6], "按该指标的最低分计，即不得分（worst）");
    cr_assert_str_eq(g.cells[1][6], "");
    grid_free(&g);
    ce_profile_free(p);
}
