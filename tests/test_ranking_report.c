/* test_ranking_report.c - ce_ranking_report_html / _xlsx (ranking_report.h)
 * on the five hand-ranked clusters of testutil.h: the HTML names the
 * clusters in rank order with the given date, the workbook is a zip. */
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
