/* test_cell_forms.c - the cell forms of Chinese exports (issue 15 §2) as the
 * data table and the profile read them: missing markers, accounting
 * negatives, minus signs, yes/no words, directions, and the one warning
 * of a column that mixes % and plain cells. The parsers themselves are
 * tested in test_numparse.c. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "clustereval/profile.h"
#include "clustereval/table.h"
#include "testutil.h"

static char prof_path[256];
static ce_profile *prof;

/* Indicators a, b (lower is better, written 负向), c. */
static const char profile_csv[] = "code,name,parent,weight,direction,unit\n"
                                  "d1,,,1,,\n"
                                  "a,,d1,1,\xE6\xAD\xA3\xE5\x90\x91,\n"  /* 正向 */
                                  "b,,d1,1,\xE8\xB4\x9F\xE5\x90\x91,\n"  /* 负向 */
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

TestSuite(cell_forms, .init = setup, .fini = teardown);

static ce_table *read_ok(const char *text, ce_diag *diag)
{
    char path[256];
    return ce_test_read_table(path, sizeof path, ce_test_dir, "data.csv", text, prof,
                              CE_ENC_AUTO, diag);
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

Test(cell_forms, directions_in_chinese)
{
    size_t n;
    const size_t *leaves = ce_profile_leaves(prof, &n);
    cr_assert_eq(n, 3);
    cr_assert_eq(ce_profile_node(prof, leaves[0])->direction, 1);
    cr_assert_eq(ce_profile_node(prof, leaves[1])->direction, -1);
    cr_assert_eq(ce_profile_node(prof, leaves[2])->direction, 1);

    /* The full-width minus and the minus sign are minus; 逆向 is 负向. */
    ce_profile *p = ce_test_load_profile(NULL, 0, ce_test_dir, "p2.csv",
                                         "code,name,parent,weight,direction,unit\n"
                                         "a,,,1,\xEF\xBC\x8D,\n"         /* － */
                                         "b,,,1,\xE2\x88\x92,\n"         /* − */
                                         "c,,,1,\xE9\x80\x86\xE5\x90\x91,\n" /* 逆向 */
                                         "d,,,1,\xE6\xAD\xA3,\n",        /* 正 */
                                         CE_ENC_AUTO);
    leaves = ce_profile_leaves(p, &n);
    cr_assert_eq(n, 4);
    static const int want[4] = {-1, -1, -1, 1};
    for (size_t k = 0; k < 4; k++)
        cr_assert_eq(ce_profile_node(p, leaves[k])->direction, want[k], "indicator %zu", k);
    ce_profile_free(p);
}

Test(cell_forms, bad_direction_names_the_cell)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "bad.csv",
                       "code,name,parent,weight,direction,unit\n"
                       "a,,,1,\xE5\x90\x91\xE4\xB8\x8A,\n"); /* 向上 */
    ce_profile *p = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_profile_load(path, CE_ENC_AUTO, &p, NULL, &err), CE_ERR_DATA);
    cr_assert_null(p);
    cr_assert_eq(err.line, 2);
    cr_assert_not_null(
        strstr(err.msg, "column \"direction\": \"\xE5\x90\x91\xE4\xB8\x8A\" is not a direction"),
        "%s", err.msg);
    cr_assert_not_null(strstr(err.msg, "\xE6\xAD\xA3\xE5\x90\x91"), "names 正向: %s", err.msg);
}

Test(cell_forms, missing_markers_read_as_empty_cells)
{
    ce_table *t = read_ok("id,a,b,c\n"
                          "x1,/,\xEF\xBC\x8F,--\n"                              /* ／ */
                          "x2,\xE2\x80\x94,\xE2\x80\x94\xE2\x80\x94,-\n"        /* — —— */
                          "x3,\xE6\x97\xA0,\xE4\xB8\x8D\xE9\x80\x82\xE7\x94\xA8,N/A\n" /* 无 不适用 */
                          "x4,NA,,7\n",
                          NULL);
    cr_assert_eq(ce_table_rows(t), 4);
    expect_values(t, 0, NAN, NAN, NAN);
    expect_values(t, 1, NAN, NAN, NAN);
    expect_values(t, 2, NAN, NAN, NAN);
    expect_values(t, 3, NAN, NAN, 7.0);
    ce_table_free(t);
}

/* A bare (3,861) splits into two CSV fields; quoted, it is one cell. */
Test(cell_forms, accounting_negatives_and_minus_signs)
{
    ce_table *t = read_ok("id,a,b,c\n"
                          "x1,\"(3,861)\",(12),\"\xEF\xBC\x88" "3,861\xEF\xBC\x89\"\n" /* （3,861） */
                          "x2,\"1,234.5\",\xE2\x88\x92" "2.5,\xEF\xBC\x8D" "2.5\n",   /* −2.5 －2.5 */
                          NULL);
    cr_assert_eq(ce_table_rows(t), 2);
    expect_values(t, 0, -3861.0, -12.0, -3861.0);
    expect_values(t, 1, 1234.5, -2.5, -2.5);
    ce_table_free(t);
}

Test(cell_forms, comma_between_groups_of_three_only)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "bad.csv", "id,a,b,c\nx1,1,\"1,5\",3\n");
    ce_table *t = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_table_read(path, prof, CE_ENC_AUTO, &t, NULL, &err), CE_ERR_DATA);
    cr_assert_eq(err.line, 2);
    cr_assert_str_eq(err.msg, "column \"b\": cannot parse as a number: \"1,5\" (row 2, cluster \"x1\")");
}

Test(cell_forms, yes_no_words_in_eligible_and_veto)
{
    ce_table *t = read_ok("id,eligible,veto,a,b,c\n"
                          "r1,\xE7\xAC\xA6\xE5\x90\x88,\xE6\x97\xA0,1,1,1\n"                 /* 符合 无 */
                          "r2,\xE4\xB8\x8D\xE7\xAC\xA6\xE5\x90\x88,\xE6\x9C\x89,1,1,1\n"     /* 不符合 有 */
                          "r3,\xE2\x88\x9A,\xC3\x97,1,1,1\n"                                 /* √ × */
                          "r4,\xE2\x9C\x97,\xE2\x9C\x93,1,1,1\n"                             /* ✗ ✓ */
                          "r5,Y,N,1,1,1\n"
                          "r6,n,y,1,1,1\n"
                          "r7,true,false,1,1,1\n"
                          "r8,0,1,1,1,1\n",
                          NULL);
    cr_assert_eq(ce_table_rows(t), 8);
    static const int elig[8] = {1, 0, 1, 0, 1, 0, 1, 0}, veto[8] = {0, 1, 0, 1, 0, 1, 0, 1};
    for (size_t r = 0; r < 8; r++) {
        cr_assert_eq(ce_table_eligible(t, r), elig[r], "row %zu eligible", r);
        cr_assert_eq(ce_table_veto(t, r), veto[r], "row %zu veto", r);
    }
    ce_table_free(t);
}

/* A yes/no cell that is none of the words is an error naming the cell,
 * never a silent no; a missing marker is not a yes/no word. */
Test(cell_forms, unknown_yes_no_is_an_error)
{
    static const char *const bad[] = {"/", "x", "\xE4\xB8\x8D\xE9\x80\x82\xE7\x94\xA8", "2"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        char path[256], text[128];
        snprintf(text, sizeof text, "id,eligible,veto,a,b,c\nr1,1,0,1,1,1\nr2,1,%s,1,1,1\n",
                 bad[k]);
        ce_test_write_text(path, sizeof path, ce_test_dir, "bad.csv", text);
        ce_table *t = NULL;
        ce_error err = {{0}, 0, {0}};
        cr_assert_eq(ce_table_read(path, prof, CE_ENC_AUTO, &t, NULL, &err), CE_ERR_DATA, "%s",
                     bad[k]);
        cr_assert_null(t);
        cr_assert_eq(err.line, 3, "%s", bad[k]);
        char want[128];
        snprintf(want, sizeof want, "column \"veto\": not a yes/no value");
        cr_assert_not_null(strstr(err.msg, want), "%s", err.msg);
        snprintf(want, sizeof want, "\"%s\"", bad[k]);
        cr_assert_not_null(strstr(err.msg, want), "%s lacks %s", err.msg, want);
    }
}

Test(cell_forms, mixed_percent_column_warned_once)
{
    ce_diag diag;
    ce_diag_init(&diag);
    char path[256];
    ce_table *t = ce_test_read_table(path, sizeof path, ce_test_dir, "data.csv",
                                     "id,a,b,c\n"
                                     "r1,0.8315,10%,1\n"
                                     "r2,83.15%,20%,2\n"
                                     "r3,/,30%,3\n"
                                     "r4,0.5,40%,\xEF\xBC\x94\xEF\xBC\x85\n" /* ４％ */
                                     "r5,50%,50%,5\n",
                                     prof, CE_ENC_AUTO, &diag);
    expect_values(t, 0, 0.8315, 10, 1);
    expect_values(t, 1, 83.15, 20, 2); /* a % cell is read in percent, as before */
    expect_values(t, 3, 0.5, 40, 4);
    cr_assert_eq(diag.count, 2, "%zu warnings", diag.count);
    char want[512];
    snprintf(want, sizeof want,
             "%s: column \"a\": 2 cells with %% (first on line 3: \"83.15%%\") and 2 without "
             "(first on line 2: \"0.8315\"); a %% cell is read in percent (83.15%% as 83.15), "
             "so check that the column uses one unit",
             path);
    cr_assert_str_eq(diag.items[0], want);
    snprintf(want, sizeof want,
             "%s: column \"c\": 1 cell with %% (first on line 5: \"\xEF\xBC\x94\xEF\xBC\x85\") "
             "and 4 without (first on line 2: \"1\")",
             path);
    cr_assert(strncmp(diag.items[1], want, strlen(want)) == 0, "%s", diag.items[1]);
    ce_table_free(t);
    ce_diag_fini(&diag);
}

Test(cell_forms, one_unit_per_column_no_warning)
{
    ce_diag diag;
    ce_diag_init(&diag);
    ce_table *t = read_ok("id,a,b,c\nr1,10%,1,NA\nr2,20%,2,\nr3,,3,5\n", &diag);
    cr_assert_eq(diag.count, 0, "warning: %s", diag.count ? diag.items[0] : "");
    ce_table_free(t);
    ce_diag_fini(&diag);
}
