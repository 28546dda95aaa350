/* test_problems.c - every problem of a data file at once (problems.h,
 * ce_table_check in table.h), and where a data error says it is: the
 * physical line, the spreadsheet's row, the column, the cluster. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "clustereval/problems.h"
#include "clustereval/table.h"

#include "testutil.h"

static char prof_path[256];
static ce_profile *prof;

/* Indicators a, b (group d1) and c (group d2). */
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

TestSuite(problems, .init = setup, .fini = teardown);

/* Checks text as data.csv; *path receives its path. */
static ce_problems *check_text(const char *text, char *path, size_t cap, ce_diag *diag)
{
    ce_test_write_text(path, cap, ce_test_dir, "data.csv", text);
    ce_problems *p = ce_problems_new();
    cr_assert_not_null(p);
    ce_table_options o = {.encoding = CE_ENC_AUTO};
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_table_check(path, prof, &o, p, diag, &err);
    cr_assert_eq(st, CE_OK, "status %d: %s", (int)st, err.msg);
    return p;
}

typedef struct {
    const char *kind;
    size_t line, row;
    const char *column, *id, *name, *text, *message;
} want_problem;

static void expect_problems(const ce_problems *p, const char *path, const want_problem *w,
                            size_t n)
{
    for (size_t i = 0; i < ce_problems_count(p) && i < n; i++) {
        const ce_problem *g = ce_problems_get(p, i);
        cr_assert_str_eq(ce_problem_kind_name(g->kind), w[i].kind, "problem %zu: %s", i,
                         g->message);
        cr_assert_str_eq(g->file, path, "problem %zu", i);
        cr_assert_eq(g->line, w[i].line, "problem %zu: line %zu", i, g->line);
        cr_assert_eq(g->row, w[i].row, "problem %zu: row %zu", i, g->row);
        cr_assert_str_eq(g->column, w[i].column, "problem %zu", i);
        cr_assert_str_eq(g->id, w[i].id, "problem %zu", i);
        cr_assert_str_eq(g->name, w[i].name, "problem %zu", i);
        cr_assert_str_eq(g->text, w[i].text, "problem %zu", i);
        cr_assert_str_eq(g->message, w[i].message, "problem %zu", i);
    }
    cr_assert_eq(ce_problems_count(p), n, "%zu problems, want %zu", ce_problems_count(p), n);
}

/* A file with nine kinds of problem gives each, in the order of the file,
 * then the ids' repeats and the columns' missing values. The first row's
 * note spans two lines, so below it the line is one more than the row. */
Test(problems, messy_file_lists_every_problem)
{
    static const char text[] = "id,name,eligible,a,b,c,note\n"
                               "A01,Alpha,1,1,2,3,\"two\nlines\"\n"
                               "A02,Beta,maybe,1,x,3,ok\n"
                               "A01,Gamma,1,4,5,6,ok\n"
                               ",Delta,1,1,2,3,ok\n"
                               "A05,Eps,1,1,2\n"
                               "\xEF\xBC\xA1" "02,Zeta,1,/,2,3,ok\n"
                               "A07,Eta,1,50%,2,inf,ok\n";
    char path[256];
    ce_diag diag;
    ce_diag_init(&diag);
    ce_problems *p = check_text(text, path, sizeof path, &diag);
    const want_problem w[] = {
        {"yes_no", 4, 3, "eligible", "A02", "Beta", "maybe",
         "column \"eligible\": not a yes/no value (use 是/否, 1/0, yes/no, 符合/不符合, 有/无, "
         "√/×): \"maybe\" (row 3, cluster \"A02 Beta\")"},
        {"number", 4, 3, "b", "A02", "Beta", "x",
         "column \"b\": cannot parse as a number: \"x\" (row 3, cluster \"A02 Beta\")"},
        {"empty_id", 6, 5, "id", "", "Delta", "", "empty id (row 5, cluster \"Delta\")"},
        {"fields", 7, 6, "", "A05", "Eps", "",
         "row has 5 fields but the header has 7 (row 6, cluster \"A05 Eps\")"},
        {"missing_value", 8, 7, "", "\xEF\xBC\xA1" "02", "Zeta", "1 of 3",
         "1 of 3 indicator values missing: a (row 7, cluster \"\xEF\xBC\xA1" "02 Zeta\")"},
        {"number", 9, 8, "c", "A07", "Eta", "inf",
         "column \"c\": not a finite number: \"inf\" (row 8, cluster \"A07 Eta\")"},
        {"mixed_percent", 0, 0, "a", "", "", "50%",
         "column \"a\": 1 cell with % (first on line 9: \"50%\") and 4 without (first on line "
         "2: \"1\"); a % cell is read in percent (83.15% as 83.15), so check that the column "
         "uses one unit"},
        {"duplicate_id", 5, 4, "id", "A01", "Gamma", "A01",
         "duplicate id \"A01\" (first on line 2) (row 4, cluster \"A01 Gamma\")"},
        {"lookalike_id", 8, 7, "id", "\xEF\xBC\xA1" "02", "Zeta", "\xEF\xBC\xA1" "02",
         "duplicate id \"\xEF\xBC\xA1" "02\" (line 8) and \"A02\" (line 4) are the same cluster "
         "once case, full-width forms, spaces at either end and invisible characters are set "
         "aside (row 7, cluster \"\xEF\xBC\xA1" "02 Zeta\")"},
        {"missing_value", 0, 0, "a", "", "", "1 of 6", "column \"a\": 1 of 6 values missing"},
    };
    expect_problems(p, path, w, sizeof w / sizeof *w);
    cr_assert_eq(ce_problems_count_severity(p, CE_PROBLEM_ERROR), 7);
    cr_assert_eq(ce_problems_count_severity(p, CE_PROBLEM_WARNING), 1);
    cr_assert_eq(ce_problems_count_severity(p, CE_PROBLEM_INFO), 2);
    cr_assert_eq(diag.count, 1, "diag: %zu", diag.count);
    cr_assert_not_null(strstr(diag.items[0], "1 column not in the profile, ignored: note"));
    ce_problems_free(p);
    ce_diag_fini(&diag);
}

Test(problems, clean_file_has_none)
{
    char path[256];
    ce_problems *p = check_text("id,a,b,c\nx,1,2,3\ny,4,5,6\n", path, sizeof path, NULL);
    cr_assert_eq(ce_problems_count(p), 0);
    ce_problems_free(p);
}

/* A problem of the header is listed alone: the rows cannot be read
 * without their columns. */
Test(problems, header_problem_listed_alone)
{
    char path[256];
    ce_problems *p = check_text("id,a,b\nx,1,zz\n", path, sizeof path, NULL);
    cr_assert_eq(ce_problems_count(p), 1);
    const ce_problem *g = ce_problems_get(p, 0);
    cr_assert_str_eq(ce_problem_kind_name(g->kind), "missing_column");
    cr_assert_str_eq(g->file, prof_path);
    cr_assert_eq(g->line, 6);
    char want[600];
    snprintf(want, sizeof want, "indicator \"c\" is not a column of %s", path);
    cr_assert_str_eq(g->message, want);
    ce_problems_free(p);

    p = check_text("name,a,b,c\nx,1,2,3\n", path, sizeof path, NULL);
    cr_assert_eq(ce_problems_count(p), 1);
    g = ce_problems_get(p, 0);
    cr_assert_str_eq(ce_problem_kind_name(g->kind), "header");
    cr_assert_str_eq(g->message,
                     "no \"id\" column (the header needs id and one column per indicator)");
    ce_problems_free(p);

    p = check_text("id,a,b,c,a\nx,1,2,3,4\ny,q,2,3,4\n", path, sizeof path, NULL);
    cr_assert_eq(ce_problems_count(p), 1);
    g = ce_problems_get(p, 0);
    cr_assert_str_eq(ce_problem_kind_name(g->kind), "header");
    cr_assert_eq(g->line, 1);
    cr_assert_not_null(strstr(g->message, "column \"a\" appears twice"), "%s", g->message);
    ce_problems_free(p);
}

Test(problems, no_rows)
{
    char path[256];
    ce_problems *p = check_text("id,a,b,c\n", path, sizeof path, NULL);
    cr_assert_eq(ce_problems_count(p), 1);
    const ce_problem *g = ce_problems_get(p, 0);
    cr_assert_str_eq(ce_problem_kind_name(g->kind), "no_rows");
    cr_assert_eq(g->line, 2);
    ce_problems_free(p);
}

/* rank's error (ce_table_read) says the same as the check: the physical
 * line, and the row a spreadsheet shows after a cell of two lines. */
Test(problems, read_error_names_row_and_cluster)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "data.csv",
                       "id,name,a,b,c\nA01,\"Alpha\nworks\",1,2,3\nA02,Beta,1,12..5,3\n");
    ce_table *t = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_table_read(path, prof, CE_ENC_AUTO, &t, NULL, &err), CE_ERR_DATA);
    cr_assert_null(t);
    cr_assert_eq(err.line, 4);
    cr_assert_str_eq(err.msg, "column \"b\": cannot parse as a number: \"12..5\" (row 3, "
                              "cluster \"A02 Beta\")");
}

/* The rows of a table read record the row beside the line. */
Test(problems, record_row_below_multiline_cell)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "data.csv",
                       "id,name,a,b,c\nA01,\"x\r\ny\nz\",1,2,3\n\nA02,Beta,1,2,3\n");
    ce_table *t = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_table_read(path, prof, CE_ENC_AUTO, &t, NULL, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_table_line(t, 1), 6);
    ce_table_free(t);
    ce_problems *p = check_text("id,name,a,b,c\nA01,\"x\r\ny\nz\",1,2,3\n\nA02,Beta,q,2,3\n",
                                path, sizeof path, NULL);
    cr_assert_eq(ce_problems_count(p), 1);
    cr_assert_eq(ce_problems_get(p, 0)->line, 6);
    cr_assert_eq(ce_problems_get(p, 0)->row, 4);
    ce_problems_free(p);
}
