/* test_table.c - reading the indicator data against a profile (table.h,
 * DESIGN.md §3.1). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/table.h"

#include "testutil.h"

/* ---- a scratch folder per test, with the profile in it ---- */

static char prof_path[256];
static ce_profile *prof;

/* Indicators a (line 3), b (line 4), c (line 6); groups d1 and d2. */
static const char profile_csv[] = "code,name,parent,weight,direction,unit\n"
                                  "d1,,,1,,\n"
                                  "a,,d1,1,+,\n"
                                  "b,,d1,1,-,\n"
                                  "d2,,,1,,\n"
                                  "c,,d2,1,+,\n";

static void setup(void)
{
    ce_test_dir_init();
    prof = ce_test_load_profile(prof_path, sizeof prof_path, ce_test_dir, "profile.csv",
                                profile_csv, CE_ENC_AUTO);
}

static void teardown(void)
{
    ce_profile_free(prof);
    prof = NULL;
    ce_test_dir_fini();
}

TestSuite(table, .init = setup, .fini = teardown);
TestSuite(table_error, .init = setup, .fini = teardown);

/* Reads data text (written to data.csv) expecting success. */
static ce_table *read_ok(const char *text, char *path, size_t cap, ce_diag *diag)
{
    return ce_test_read_table(path, cap, ce_test_dir, "data.csv", text, prof, CE_ENC_AUTO, diag);
}

/* Asserts row r of t: a NaN in want means missing. */
static void expect_values(const ce_table *t, size_t r, double a, double b, double c)
{
    const double want[3] = {a, b, c};
    const double *v = ce_table_values(t) + r * ce_table_cols(t);
    for (size_t j = 0; j < 3; j++) {
        if (isnan(want[j]))
            cr_assert(isnan(v[j]), "row %zu col %zu: %g, want missing", r, j, v[j]);
        else
            cr_assert(v[j] == want[j], "row %zu col %zu: %.17g, want %.17g", r, j, v[j],
                      want[j]);
    }
}

Test(table, values_in_profile_order_whatever_the_column_order)
{
    char path[256];
    ce_table *t = read_ok("c,name,id,b,a\n"
                          "3,Alpha,A1,2,1\n"
                          "30.5,Beta,B2,\"1,234\",-5e-1\n"
                          "\xEF\xBC\x93\xEF\xBC\x90,Gamma,C3,12.5%,0\n", /* ３０ */
                          path, sizeof path, NULL);
    cr_assert_str_eq(ce_table_path(t), path);
    cr_assert_eq(ce_table_rows(t), 3);
    cr_assert_eq(ce_table_cols(t), 3);
    expect_values(t, 0, 1.0, 2.0, 3.0);
    expect_values(t, 1, -0.5, 1234.0, 30.5);
    expect_values(t, 2, 0.0, 12.5, 30.0);
    cr_assert_str_eq(ce_table_id(t, 0), "A1");
    cr_assert_str_eq(ce_table_id(t, 1), "B2");
    cr_assert_str_eq(ce_table_id(t, 2), "C3");
    cr_assert_str_eq(ce_table_name(t, 0), "Alpha");
    cr_assert_str_eq(ce_table_name(t, 2), "Gamma");
    cr_assert_eq(ce_table_line(t, 0), 2);
    cr_assert_eq(ce_table_line(t, 2), 4);
    ce_table_free(t);
}

Test(table, missing_tokens_give_nan)
{
    char path[256];
    ce_table *t = read_ok("id,a,b,c\n"
                          "x1,,NA,N/A\n"
                          "x2,n/a,null,-\n"
                          "x3,\xE2\x80\x94,  ,7\n" /* — */
                          "x4,\"\",1,2\n",
                          path, sizeof path, NULL);
    cr_assert_eq(ce_table_rows(t), 4);
    expect_values(t, 0, NAN, NAN, NAN);
    expect_values(t, 1, NAN, NAN, NAN);
    expect_values(t, 2, NAN, NAN, 7.0);
    expect_values(t, 3, NAN, 1.0, 2.0);
    ce_table_free(t);
}

Test(table, defaults_without_name_eligible_veto)
{
    char path[256];
    ce_table *t = read_ok("a,b,c,id\n1,2,3,p\n4,5,6,q\n", path, sizeof path, NULL);
    cr_assert_eq(ce_table_rows(t), 2);
    for (size_t r = 0; r < 2; r++) {
        cr_assert_str_eq(ce_table_name(t, r), "");
        cr_assert_eq(ce_table_eligible(t, r), 1, "row %zu", r);
        cr_assert_eq(ce_table_veto(t, r), 0, "row %zu", r);
    }
    cr_assert_str_eq(ce_table_id(t, 1), "q");
    expect_values(t, 1, 4.0, 5.0, 6.0);
    ce_table_free(t);
}

Test(table, eligible_and_veto_parsed)
{
    char path[256];
    ce_table *t = read_ok("id,name,eligible,veto,a,b,c\n"
                          "r1,\xE5\xB1\xB1\xE4\xB8\x9C,\xE6\x98\xAF,\xE5\x90\xA6,1,1,1\n" /* 是,否 */
                          "r2,n2,\xE5\x90\xA6,\xE6\x98\xAF,1,1,1\n"                        /* 否,是 */
                          "r3,n3,yes,no,1,1,1\n"
                          "r4,n4,0,1,1,1,1\n"
                          "r5,n5,,,1,1,1\n"
                          "r6,n6,FALSE,True,1,1,1\n",
                          path, sizeof path, NULL);
    cr_assert_eq(ce_table_rows(t), 6);
    static const int elig[6] = {1, 0, 1, 0, 1, 0}, veto[6] = {0, 1, 0, 1, 0, 1};
    for (size_t r = 0; r < 6; r++) {
        cr_assert_eq(ce_table_eligible(t, r), elig[r], "row %zu eligible", r);
        cr_assert_eq(ce_table_veto(t, r), veto[r], "row %zu veto", r);
    }
    cr_assert_str_eq(ce_table_name(t, 0), "\xE5\xB1\xB1\xE4\xB8\x9C");
    ce_table_free(t);
}

Test(table, ignored_columns_one_warning)
{
    char path[256];
    ce_diag diag;
    ce_diag_init(&diag);
    ce_table *t = read_ok("region,id,a,note,b,c,d1\nSD,x,1,hello,2,3,9\n", path, sizeof path,
                          &diag);
    cr_assert_eq(diag.count, 1, "%zu warnings", diag.count);
    const char *w = diag.items[0];
    /* a group code (d1) is not a data column either */
    cr_assert_not_null(strstr(w, "region, note, d1"), "warning: %s", w);
    cr_assert_not_null(strstr(w, "3 columns"), "warning: %s", w);
    cr_assert_not_null(strstr(w, path), "warning: %s", w);
    expect_values(t, 0, 1.0, 2.0, 3.0);
    ce_table_free(t);
    ce_diag_fini(&diag);
}

Test(table, no_warning_without_extra_columns)
{
    char path[256];
    ce_diag diag;
    ce_diag_init(&diag);
    ce_table *t = read_ok("id,name,eligible,veto,a,b,c\nx,n,1,0,1,2,3\n", path, sizeof path,
                          &diag);
    cr_assert_eq(diag.count, 0, "warning: %s", diag.count ? diag.items[0] : "");
    ce_table_free(t);
    ce_diag_fini(&diag);
}

Test(table, blank_and_empty_rows_skipped_lines_kept)
{
    char path[256];
    ce_table *t = read_ok("\xEF\xBB\xBFid,a,b,c\r\n\r\nx,1,2,3\r\n,,,\r\ny,\"4\",5,6\r\n", path,
                          sizeof path, NULL);
    cr_assert_eq(ce_table_rows(t), 2);
    cr_assert_eq(ce_table_line(t, 0), 3);
    cr_assert_eq(ce_table_line(t, 1), 5);
    cr_assert_str_eq(ce_table_id(t, 1), "y");
    expect_values(t, 1, 4.0, 5.0, 6.0);
    ce_table_free(t);
}

Test(table, gb18030_data)
{
    char path[256];
    ce_diag diag;
    ce_diag_init(&diag);
    ce_table *t = read_ok("id,name,a,b,c\nx,\xC9\xBD\xB6\xAB,1,2,3\n", path, sizeof path, &diag);
    cr_assert_str_eq(ce_table_name(t, 0), "\xE5\xB1\xB1\xE4\xB8\x9C");
    cr_assert_eq(diag.count, 0);
    cr_assert_eq(diag.n_gb18030, 1);
    cr_assert_str_eq(diag.gb18030[0].path, path);
    cr_assert_eq(diag.gb18030[0].line, 2);
    ce_table_free(t);
    ce_diag_fini(&diag);
}

/* ---- errors with the exact file and line ---- */

/* Reads data text expecting failure in file (NULL: the data file) at line. */
static void read_fails(const char *text, const char *file, size_t line, const char *msg_part)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "bad.csv", text);
    ce_table *t = NULL;
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_table_read(path, prof, CE_ENC_AUTO, &t, NULL, &err);
    cr_assert_eq(st, CE_ERR_DATA, "status %d (msg: %s)", (int)st, err.msg);
    cr_assert_null(t, "*out set on failure");
    cr_assert_str_eq(err.file, file ? file : path);
    cr_assert_eq(err.line, line, "line %zu, want %zu (msg: %s)", err.line, line, err.msg);
    cr_assert_not_null(strstr(err.msg, msg_part), "message \"%s\" lacks \"%s\"", err.msg,
                       msg_part);
}

Test(table_error, no_id_column)
{
    read_fails("name,a,b,c\nx,1,2,3\n", NULL, 1, "no \"id\" column");
}

Test(table_error, empty_id)
{
    read_fails("id,a,b,c\nx,1,2,3\n\n  ,4,5,6\n", NULL, 4, "empty id");
}

Test(table_error, empty_quoted_id)
{
    read_fails("id,a,b,c\nx,1,2,3\n\"\",4,5,6\n", NULL, 3, "empty id");
}

Test(table_error, duplicate_id_at_second_occurrence)
{
    read_fails("id,a,b,c\nx,1,2,3\ny,1,2,3\n\nx,4,5,6\n", NULL, 5, "duplicate id \"x\"");
}

Test(table_error, duplicate_id_names_first_line)
{
    read_fails("id,a,b,c\nq,1,2,3\nz,1,2,3\nz,4,5,6\n", NULL, 4, "line 3");
}

Test(table_error, bad_number_names_column_and_text)
{
    read_fails("id,a,b,c\nx,1,2,3\ny,4,12..5,6\n", NULL, 3, "column \"b\"");
    read_fails("id,a,b,c\nx,1,2,3\ny,4,12..5,6\n", NULL, 3, "\"12..5\"");
}

Test(table_error, bad_thousands_group)
{
    read_fails("id,a,b,c\nx,\"1,23\",2,3\n", NULL, 2, "\"1,23\"");
}

Test(table_error, infinite_value)
{
    read_fails("id,c,a,b\nx,1,2,3\ny,inf,5,6\n", NULL, 3, "column \"c\"");
    read_fails("id,c,a,b\nx,1,2,3\ny,inf,5,6\n", NULL, 3, "\"inf\"");
}

Test(table_error, nan_value)
{
    read_fails("id,a,b,c\nx,NaN,2,3\n", NULL, 2, "\"NaN\"");
}

Test(table_error, bad_boolean_in_eligible)
{
    read_fails("id,eligible,a,b,c\nx,1,1,2,3\ny,maybe,1,2,3\n", NULL, 3, "column \"eligible\"");
    read_fails("id,eligible,a,b,c\nx,1,1,2,3\ny,maybe,1,2,3\n", NULL, 3, "\"maybe\"");
}

Test(table_error, bad_boolean_in_veto)
{
    read_fails("id,veto,a,b,c\nx,2,1,2,3\n", NULL, 2, "column \"veto\"");
}

Test(table_error, indicator_missing_reported_in_profile)
{
    read_fails("id,a,c\nx,1,3\n", prof_path, 4, "indicator \"b\"");
}

Test(table_error, last_indicator_missing_reported_in_profile)
{
    read_fails("id,b,a,d\nx,1,3,4\n", prof_path, 6, "indicator \"c\"");
}

Test(table_error, indicator_column_twice)
{
    read_fails("id,a,b,c,a\nx,1,2,3,4\n", NULL, 1, "column \"a\" appears twice");
}

Test(table_error, id_column_twice)
{
    read_fails("\n\nid,a,b,c,id\nx,1,2,3,y\n", NULL, 3, "column \"id\" appears twice");
}

Test(table_error, header_only)
{
    read_fails("id,a,b,c\n", NULL, 2, "no data rows");
}

Test(table_error, header_and_empty_rows_only)
{
    read_fails("id,a,b,c\n,,,\n\n", NULL, 2, "no data rows");
}

Test(table_error, ragged_row_from_reader)
{
    read_fails("id,a,b,c\nx,1,2,3\ny,1,2\n", NULL, 3, "fields");
}

Test(table_error, missing_data_file_is_io)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "none.csv");
    ce_table *t = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_table_read(path, prof, CE_ENC_AUTO, &t, NULL, &err), CE_ERR_IO);
    cr_assert_null(t);
    cr_assert_str_eq(err.file, path);
}

/* Look-alike ids are one cluster (issue 13 §3): refused naming both lines. */
Test(table_error, lookalike_ids_are_one_cluster)
{
    read_fails("id,a,b,c\nA01,1,2,3\nB,1,2,3\n\xef\xbc\xa1" "01,4,5,6\n", NULL, 4,
               "duplicate id \"Ａ01\" (line 4) and \"A01\" (line 2) are the same cluster");
    read_fails("id,a,b,c\nA01,1,2,3\nB,1,2,3\nA\xe2\x80\x8b" "01,4,5,6\n", NULL, 4,
               "duplicate id \"A<U+200B>01\" (line 4) and \"A01\" (line 2)");
    read_fails("id,a,b,c\nb,1,2,3\na01,1,2,3\nA01,4,5,6\nB,1,2,3\n", NULL, 4,
               "duplicate id \"A01\" (line 4) and \"a01\" (line 3)");
}

/* ---- summary rows (issue 15 §1): a totals row is never ranked ---- */

static ce_status read_summary(const char *text, int drop, ce_table **t, ce_diag *diag,
                              ce_error *err, char *path)
{
    static const char *const labels[] = {"合计", "总计", "全省", "Total"};
    ce_summary_labels *s = NULL;
    cr_assert_eq(ce_summary_labels_from(labels, 4, &s, NULL), CE_OK);
    ce_test_write_text(path, 256, ce_test_dir, "sum.csv", text);
    ce_table_options o = {.encoding = CE_ENC_AUTO, .summary = {s, drop, NULL}};
    ce_status st = ce_table_read_opts(path, prof, &o, t, diag, err);
    ce_summary_labels_free(s);
    return st;
}

static const char summary_csv[] = "id,name,a,b,c\n"
                                  "C1,甲,1,2,3\n"
                                  "C2,乙,4,5,6\n"
                                  ",,,,\n"
                                  "合 计,,5,7,9\n";

Test(table_error, summary_row_refused)
{
    char path[256];
    ce_table *t = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(read_summary(summary_csv, 0, &t, NULL, &err, path), CE_ERR_DATA);
    cr_assert_null(t);
    cr_assert_str_eq(err.file, path);
    cr_assert_eq(err.line, 5);
    cr_assert_str_eq(err.msg, "row looks like a summary row (id \"合 计\"): a total or average "
                              "must never be ranked or paid; use --drop-summary-rows to drop it");
}

Test(table_error, summary_row_by_name_refused)
{
    char path[256];
    ce_table *t = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(read_summary("id,name,a,b,c\nC1,甲,1,2,3\n99,全省合计,1,2,3\n", 0, &t, NULL,
                              &err, path),
                 CE_ERR_DATA);
    cr_assert_eq(err.line, 3);
    cr_assert_not_null(strstr(err.msg, "(name \"全省合计\")"), "%s", err.msg);
}

Test(table, summary_row_dropped_with_warning)
{
    char path[256], want[512];
    ce_table *t = NULL;
    ce_error err = {{0}, 0, {0}};
    ce_diag diag;
    ce_diag_init(&diag);
    cr_assert_eq(read_summary(summary_csv, 1, &t, &diag, &err, path), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_table_rows(t), 2); /* the empty row skipped, the total dropped */
    cr_assert_str_eq(ce_table_id(t, 1), "C2");
    expect_values(t, 1, 4, 5, 6);
    cr_assert_eq(diag.count, 1);
    snprintf(want, sizeof want, "%s:5: summary row dropped (id \"合 计\") (--drop-summary-rows)",
             path);
    cr_assert_str_eq(diag.items[0], want);
    ce_diag_fini(&diag);
    ce_table_free(t);
}

Test(table, empty_rows_skipped)
{
    char path[256];
    ce_table *t = read_ok("id,name,a,b,c\n,,,,\nC1,甲,1,2,3\n\"\",,, ,\nC2,,4,5,6\n", path,
                          sizeof path, NULL);
    cr_assert_eq(ce_table_rows(t), 2);
    cr_assert_eq(ce_table_line(t, 0), 3);
    cr_assert_eq(ce_table_line(t, 1), 5);
    ce_table_free(t);
}
