/* test_report.c - the ranked CSV and number formatting (report.h,
 * DESIGN.md §4 "Output"). */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/pipeline.h"
#include "clustereval/profile.h"
#include "clustereval/report.h"
#include "clustereval/status.h"
#include "clustereval/table.h"

#include "testutil.h"

/* ---- ce_report_format_number ---- */

static void check_number(double v, int digits, const char *want)
{
    char buf[64];
    memset(buf, 'X', sizeof buf);
    ce_report_format_number(v, digits, buf, sizeof buf);
    cr_assert_str_eq(buf, want, "format(%.17g, %d) = \"%s\", want \"%s\"", v, digits, buf, want);
}

Test(format_number, negative_zero_never_printed)
{
    check_number(-0.0000001, 6, "0.000000");
    check_number(-0.0, 6, "0.000000");
    check_number(-0.0004, 3, "0.000");
    check_number(-0.4, 0, "0");
    check_number(-1e-300, 2, "0.00");
}

Test(format_number, nan_is_empty)
{
    check_number(NAN, 6, "");
    check_number(NAN, 0, "");
}

Test(format_number, rounding)
{
    check_number(1.23456789, 4, "1.2346");
    check_number(1.23454, 4, "1.2345");
    check_number(99.9999996, 6, "100.000000");
    check_number(33.333333333333336, 6, "33.333333");
    check_number(66.66666666666667, 2, "66.67");
    check_number(-0.0006, 3, "-0.001");
    check_number(-12.25, 1, "-12.2"); /* 12.25 is exact: round half to even */
    check_number(1000000, 0, "1000000");
    check_number(0.1, 17, "0.10000000000000001");
}

/* ---- ce_report_ranking_csv ---- */

static ce_profile *g_prof;
static ce_table *g_table;
static ce_result *g_res;
static char *g_text;

static void setup(void)
{
    ce_test_dir_init();
    g_prof = NULL;
    g_table = NULL;
    g_res = NULL;
    g_text = NULL;
}

static void teardown(void)
{
    free(g_text);
    ce_result_free(g_res);
    ce_table_free(g_table);
    ce_profile_free(g_prof);
    ce_test_dir_fini();
}

TestSuite(report, .init = setup, .fini = teardown);

/* Loads profile + data and runs the pipeline with `top` awards of 1000000. */
static void prepare(const char *profile, const char *data, size_t top)
{
    g_prof = ce_test_load_profile(NULL, 0, ce_test_dir, "profile.csv", profile, CE_ENC_UTF8);
    g_table = ce_test_read_table(NULL, 0, ce_test_dir, "data.csv", data, g_prof, CE_ENC_UTF8, NULL);
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    o.missing.kind = CE_MISSING_SKIP; /* the expected texts leave missing values out */
    o.top = top;
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_pipeline_run(g_table, g_prof, &o, &g_res, NULL, &err);
    cr_assert_eq(st, CE_OK, "pipeline: %s", err.msg);
}

/* Writes the report into g_text. */
static void report(int digits, int bom)
{
    size_t len = 0;
    FILE *f = open_memstream(&g_text, &len);
    cr_assert_not_null(f);
    ce_report_options o = {digits, bom};
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_report_ranking_csv(f, g_res, g_table, g_prof, &o, &err);
    cr_assert_eq(fclose(f), 0);
    cr_assert_eq(st, CE_OK, "report: %s", err.msg);
    cr_assert_eq(strlen(g_text), len);
}

static const char PROFILE[] = "code,name,parent,weight,direction,unit\n"
                              "econ,经济,,1,,\n"
                              "env,Environment,,1,,\n"
                              "gdp,GDP,econ,1,+,亿元\n"
                              "co2,CO2,env,1,-,t\n";

/* gdp '+': 10, 40, 20 -> k1 0, k2 100, k3 33.333...; k4 missing
 * co2 '-': 2, 4      -> k1 100, k2 0; k3, k4 missing
 * econ = gdp, env = co2; composite = mean of the present dimensions:
 *   k1 (0+100)/2 = 50, k2 (100+0)/2 = 50, k3 33.333... (econ alone), k4 NaN
 * ranks: k1 1, k2 1, k3 3, k4 unranked; econ ranks k2 1, k3 2, k1 3;
 * env ranks k1 1, k2 2. Top 2: k1 and k2 (the tie fits). */
static const char DATA[] = "id,name,gdp,co2\n"
                           "k3,甘玛,20,\n"
                           "k1,\"Alpha, Inc\",10,2\n"
                           "k4,Delta,NA,NA\n"
                           "k2,=SUM(A1),40,4\n";

static const char EXPECTED6[] =
    "rank,id,name,score,award,award_amount,econ,econ_rank,env,env_rank,coverage,notes\n"
    "1,k1,\"Alpha, Inc\",50.000000,yes,1000000,0.000000,3,100.000000,1,1.0000,\n"
    "1,k2,'=SUM(A1),50.000000,yes,1000000,100.000000,1,0.000000,2,1.0000,\n"
    "3,k3,甘玛,33.333333,no,0,33.333333,2,,,0.5000,"
    "\"dimension_missing:env; missing (left out, weights rescaled): co2\"\n"
    ",k4,Delta,,no,0,,,,,0.0000,unranked: no indicator value\n";

Test(report, tiny_example_exact_text)
{
    prepare(PROFILE, DATA, 2);
    report(6, 0);
    cr_assert_str_eq(g_text, EXPECTED6);
}

Test(report, bom_only_when_asked)
{
    prepare(PROFILE, DATA, 2);
    report(6, 1);
    cr_assert_eq(memcmp(g_text, "\xEF\xBB\xBF", 3), 0);
    cr_assert_str_eq(g_text + 3, EXPECTED6);
    free(g_text);
    g_text = NULL;
    report(6, 0);
    cr_assert_eq(g_text[0], 'r');
    cr_assert_null(strstr(g_text, "\xEF\xBB\xBF"));
}

Test(report, digits_option)
{
    prepare(PROFILE, DATA, 2);
    report(2, 0);
    cr_assert_str_eq(
        g_text,
        "rank,id,name,score,award,award_amount,econ,econ_rank,env,env_rank,coverage,notes\n"
        "1,k1,\"Alpha, Inc\",50.00,yes,1000000,0.00,3,100.00,1,1.0000,\n"
        "1,k2,'=SUM(A1),50.00,yes,1000000,100.00,1,0.00,2,1.0000,\n"
        "3,k3,甘玛,33.33,no,0,33.33,2,,,0.5000,"
        "\"dimension_missing:env; missing (left out, weights rescaled): co2\"\n"
        ",k4,Delta,,no,0,,,,,0.0000,unranked: no indicator value\n");
    free(g_text);
    g_text = NULL;
    report(0, 0);
    cr_assert_str_eq(
        g_text,
        "rank,id,name,score,award,award_amount,econ,econ_rank,env,env_rank,coverage,notes\n"
        "1,k1,\"Alpha, Inc\",50,yes,1000000,0,3,100,1,1.0000,\n"
        "1,k2,'=SUM(A1),50,yes,1000000,100,1,0,2,1.0000,\n"
        "3,k3,甘玛,33,no,0,33,2,,,0.5000,"
        "\"dimension_missing:env; missing (left out, weights rescaled): co2\"\n"
        ",k4,Delta,,no,0,,,,,0.0000,unranked: no indicator value\n");
}

Test(report, tie_rows)
{
    /* top 1: k1 and k2 tie for place 1 */
    prepare(PROFILE, DATA, 1);
    report(6, 0);
    cr_assert_str_eq(
        g_text,
        "rank,id,name,score,award,award_amount,econ,econ_rank,env,env_rank,coverage,notes\n"
        "1,k1,\"Alpha, Inc\",50.000000,tie,0,0.000000,3,100.000000,1,1.0000,"
        "tied for place 1: award undecided (use --tie-break)\n"
        "1,k2,'=SUM(A1),50.000000,tie,0,100.000000,1,0.000000,2,1.0000,"
        "tied for place 1: award undecided (use --tie-break)\n"
        "3,k3,甘玛,33.333333,no,0,33.333333,2,,,0.5000,"
        "\"dimension_missing:env; missing (left out, weights rescaled): co2\"\n"
        ",k4,Delta,,no,0,,,,,0.0000,unranked: no indicator value\n");
}

Test(report, quoting_and_formula_guard)
{
    /* x '+': 4, 3, 2, 1, 0 -> 100, 75, 50, 25, 0 (ranks 1..5) */
    prepare("code,name,parent,weight,direction,unit\n"
            "d,,,1,,\n"
            "x,,d,1,+,\n",
            "id,name,x\n"
            "-id,\"He said \"\"hi\"\"\",4\n"
            "b,@home,3\n"
            "c,\"+plus,comma\",2\n"
            "d,\"two\nlines\",1\n"
            "e,\"\ttab\",0\n",
            0);
    report(1, 0);
    cr_assert_str_eq(g_text, "rank,id,name,score,award,award_amount,d,d_rank,coverage,notes\n"
                             "1,'-id,\"He said \"\"hi\"\"\",100.0,no,0,100.0,1,1.0000,\n"
                             "2,b,'@home,75.0,no,0,75.0,2,1.0000,\n"
                             "3,c,\"'+plus,comma\",50.0,no,0,50.0,3,1.0000,\n"
                             "4,d,\"two\nlines\",25.0,no,0,25.0,4,1.0000,\n"
                             "5,e,'\ttab,0.0,no,0,0.0,5,1.0000,\n");
}

Test(report, write_error_is_io)
{
    prepare(PROFILE, DATA, 2);
    FILE *f = fopen("/dev/full", "w");
    cr_assert_not_null(f);
    ce_report_options o = {6, 1};
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_report_ranking_csv(f, g_res, g_table, g_prof, &o, &err);
    fclose(f);
    cr_assert_eq(st, CE_ERR_IO);
    cr_assert_neq(err.msg[0], '\0');
}
