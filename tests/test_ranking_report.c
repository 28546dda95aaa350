/* test_ranking_report.c - ce_ranking_report_html / _xlsx (ranking_report.h)
 * on the five hand-ranked clusters of testutil.h: the HTML names the
 * clusters in rank order with the given date, the workbook is a zip whose
 * ranking sheet holds the hand ranking cell by cell. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/ranking_report.h"
#include "testutil.h"

static ce_profile *prof;
static ce_table *table;
static ce_result *res;

static void setup(void)
{
    ce_test_dir_init();
    ce_test_five_load(ce_test_dir, &prof, &table);
    res = ce_test_five_rank(prof, table, NULL);
}

static void teardown(void)
{
    ce_result_free(res);
    ce_table_free(table);
    ce_profile_free(prof);
    ce_test_dir_fini();
}

TestSuite(ranking_report, .init = setup, .fini = teardown);

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    static char buf[1 << 20];
    *len = fread(buf, 1, sizeof buf - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static ce_ranking_report_extras extras(void)
{
    ce_ranking_report_extras x = {
        .lang = CE_LANG_EN,
        .title = "Five clusters",
        .data_path = "data.csv",
        .options = "top 2",
        .digits = 2,
        .run_time = 1700000000, /* 2023-11-14T22:13:20Z */
    };
    return x;
}

Test(ranking_report, html_in_rank_order)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "r.html");
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    o.top = 2;
    ce_ranking_report_extras x = extras();
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ranking_report_html(path, res, table, prof, &o, &x, &err), CE_OK, "%s",
                 err.msg);
    size_t len;
    const char *h = slurp(path, &len);
    cr_assert(strstr(h, "Five clusters") != NULL);
    cr_assert(strstr(h, "2023-11-14") != NULL);
    const char *three = strstr(h, "Three"), *five = strstr(h, "Five<"),
               *two = strstr(h, "Two<"), *one = strstr(h, "One<");
    cr_assert(three && five && two && one, "every cluster is named");
    cr_assert(three < five && five < two && two < one, "rank order c3, c5, c2 ... c1");
}

Test(ranking_report, xlsx_is_a_workbook)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "r.xlsx");
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    o.top = 2;
    ce_ranking_report_extras x = extras();
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ranking_report_xlsx(path, res, table, prof, &o, &x, &err), CE_OK, "%s",
                 err.msg);
    size_t len;
    const char *b = slurp(path, &len);
    cr_assert_gt(len, 1000);
    cr_assert_eq(memcmp(b, "PK\x03\x04", 4), 0);
}

static char *unzip_member(const char *xlsx, const char *name)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", xlsx, name);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    static char out[1 << 16];
    size_t len = fread(out, 1, sizeof out - 1, p);
    out[len] = '\0';
    cr_assert_eq(pclose(p), 0, "%s", cmd);
    return out;
}

/* The ranking sheet holds the hand ranking of testutil.h cell by cell:
 * rank order, numbers as numbers, award rows in their own styles, the
 * dimension titles in the report's language. */
Test(ranking_report, xlsx_cells_are_the_hand_ranking)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "cells.xlsx");
    ce_ranking_report_extras x = extras();
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ranking_report_xlsx(path, res, table, prof, NULL, &x, &err), CE_OK, "%s",
                 err.msg);
    const char *s = unzip_member(path, "xl/worksheets/sheet1.xml");
    static const char *const want[] = {
        "<t>dA</t></is></c><c r=\"H1\" s=\"1\" t=\"inlineStr\"><is><t>dA_rank</t>",
        /* c3 first: not eligible, plain */
        "<row r=\"2\"><c r=\"A2\" s=\"2\"><v>1</v></c><c r=\"B2\" t=\"inlineStr\"><is><t>c3</t>",
        "<c r=\"D2\" s=\"3\"><v>93.75</v></c><c r=\"E2\" t=\"inlineStr\"><is><t>no</t>",
        /* c5 and c2 awarded: the award styles, 500000 as a number */
        "<row r=\"3\"><c r=\"A3\" s=\"6\"><v>2</v></c><c r=\"B3\" s=\"7\" t=\"inlineStr\"><is><t>c5</t>",
        "<c r=\"F3\" s=\"9\"><v>500000</v></c>",
        "<c r=\"D4\" s=\"8\"><v>62.5</v></c><c r=\"E4\" s=\"7\" t=\"inlineStr\"><is><t>yes</t>",
        "<c r=\"K4\" s=\"10\"><v>0.75</v></c>", /* c2's coverage */
        /* c1 last, dA rank 4 (tied with c4) */
        "<c r=\"H6\" s=\"2\"><v>4</v></c><c r=\"I6\" s=\"3\"><v>50</v></c>",
    };
    for (size_t k = 0; k < sizeof want / sizeof *want; k++)
        cr_assert_not_null(strstr(s, want[k]), "missing %s", want[k]);
    cr_assert_null(strstr(s, "<row r=\"7\""), "five clusters, five rows");

    x.lang = CE_LANG_ZH;
    cr_assert_eq(ce_ranking_report_xlsx(path, res, table, prof, NULL, &x, &err), CE_OK, "%s",
                 err.msg);
    s = unzip_member(path, "xl/worksheets/sheet1.xml");
    cr_assert_not_null(strstr(s, "<t>Dim A</t></is></c><c r=\"H1\" s=\"1\" t=\"inlineStr\">"
                                 "<is><t>Dim A排名</t>"),
                       "%s", s);
    cr_assert_not_null(strstr(s, "<c r=\"E3\" s=\"7\" t=\"inlineStr\"><is><t>是</t>"), "%s", s);
    s = unzip_member(path, "xl/workbook.xml");
    cr_assert_not_null(strstr(s, "<sheet name=\"排名\" sheetId=\"1\" r:id=\"rId1\"/>"
                                 "<sheet name=\"权重\" sheetId=\"2\" r:id=\"rId2\"/>"
                                 "<sheet name=\"方法与来源\" sheetId=\"3\" r:id=\"rId3\"/>"),
                       "%s", s);
}

Test(ranking_report, unwritable_path_is_an_io_error)
{
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    ce_ranking_report_extras x = extras();
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_ranking_report_html("/nonexistent/dir/r.html", res, table, prof, &o, &x,
                                        &err),
                 CE_ERR_IO);
}
