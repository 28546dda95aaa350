/* test_table_writer.c - the one table writer (table_writer.h): the CSV's
 * bytes (BOM, titles by language, formula guard, money, digits), the
 * flush-and-check, and the same rows in a workbook read back with unzip. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "clustereval/table_writer.h"

#include "testutil.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static char *g_buf;
static size_t g_len;

/* A table writer on a memory stream (bom as asked, English titles). */
static ce_tw *open_mem(FILE **csv, int bom, ce_lang lang)
{
    *csv = open_memstream(&g_buf, &g_len);
    cr_assert_not_null(*csv);
    ce_tw_sinks s = {.csv = *csv, .bom = bom, .csv_lang = lang};
    ce_tw *w = NULL;
    ce_error err;
    cr_assert_eq(ce_tw_open(&s, &w, &err), CE_OK);
    return w;
}

/* Closes the writer and the stream; g_buf then holds the bytes. */
static void close_mem(ce_tw *w, FILE *csv)
{
    ce_error err;
    cr_assert_eq(ce_tw_close(w, CE_OK, &err), CE_OK, "%s", err.msg);
    fclose(csv);
}

static const ce_tw_column cols2[] = {{"id", CE_TW_TEXT}, {"subsidy", CE_TW_MONEY}};

Test(table_writer, bom_present)
{
    FILE *csv;
    ce_tw *w = open_mem(&csv, 1, CE_LANG_EN);
    ce_error err;
    cr_assert_eq(ce_tw_header(w, "t", 2, cols2, &err), CE_OK);
    ce_tw_text(w, "a1");
    ce_tw_money(w, 5000000);
    cr_assert_eq(ce_tw_end_row(w, CE_XLSX_PLAIN, &err), CE_OK);
    close_mem(w, csv);
    cr_assert_str_eq(g_buf, "\xEF\xBB\xBFid,subsidy\na1,50000.00\n");
    free(g_buf);
}

Test(table_writer, bom_absent)
{
    FILE *csv;
    ce_tw *w = open_mem(&csv, 0, CE_LANG_EN);
    ce_error err;
    cr_assert_eq(ce_tw_header(w, "t", 2, cols2, &err), CE_OK);
    close_mem(w, csv);
    cr_assert_str_eq(g_buf, "id,subsidy\n");
    free(g_buf);
}

Test(table_writer, bom_once_for_two_headers)
{
    FILE *csv;
    ce_tw *w = open_mem(&csv, 1, CE_LANG_EN);
    ce_error err;
    cr_assert_eq(ce_tw_header(w, "a", 2, cols2, &err), CE_OK);
    cr_assert_eq(ce_tw_header(w, "b", 2, cols2, &err), CE_OK);
    close_mem(w, csv);
    cr_assert_str_eq(g_buf, "\xEF\xBB\xBFid,subsidy\nid,subsidy\n");
    free(g_buf);
}

Test(table_writer, titles_in_chinese)
{
    FILE *csv;
    ce_tw *w = open_mem(&csv, 0, CE_LANG_ZH);
    ce_error err;
    const ce_tw_column c[] = {{"subsidy", CE_TW_MONEY}, {"no_such_code", CE_TW_TEXT}};
    cr_assert_eq(ce_tw_header(w, "t", 2, c, &err), CE_OK);
    close_mem(w, csv);
    char want[256];
    snprintf(want, sizeof want, "%s,no_such_code\n", ce_label("subsidy", CE_LANG_ZH));
    cr_assert_str_eq(g_buf, want);
    cr_assert_str_neq(ce_label("subsidy", CE_LANG_ZH), "subsidy");
    free(g_buf);
}

Test(table_writer, formula_guard_on_text_only)
{
    FILE *csv;
    ce_tw *w = open_mem(&csv, 0, CE_LANG_EN);
    ce_error err;
    const ce_tw_column c[] = {{"t", CE_TW_TEXT}, {"n", CE_TW_NUMBER}, {"m", CE_TW_MONEY},
                              {"i", CE_TW_INTEGER}};
    cr_assert_eq(ce_tw_header(w, "t", 4, c, &err), CE_OK);
    const char *texts[] = {"=SUM(A1)", "+1", "-2", "@x", "\tx", "\rx", "a,b", "say \"hi\"", ""};
    for (size_t k = 0; k < N_OF(texts); k++) {
        ce_tw_text(w, texts[k]);
        ce_tw_number(w, -0.5, 1);
        ce_tw_money(w, -150);
        ce_tw_integer(w, -3);
        cr_assert_eq(ce_tw_end_row(w, CE_XLSX_PLAIN, &err), CE_OK);
    }
    close_mem(w, csv);
    cr_assert_str_eq(g_buf, "t,n,m,i\n"
                            "'=SUM(A1),-0.5,-1.50,-3\n"
                            "'+1,-0.5,-1.50,-3\n"
                            "'-2,-0.5,-1.50,-3\n"
                            "'@x,-0.5,-1.50,-3\n"
                            "'\tx,-0.5,-1.50,-3\n"
                            "\"'\rx\",-0.5,-1.50,-3\n"
                            "\"a,b\",-0.5,-1.50,-3\n"
                            "\"say \"\"hi\"\"\",-0.5,-1.50,-3\n"
                            ",-0.5,-1.50,-3\n");
    free(g_buf);
}

Test(table_writer, guard_follows_the_cell_not_the_column)
{
    FILE *csv;
    ce_tw *w = open_mem(&csv, 0, CE_LANG_EN);
    ce_error err;
    const ce_tw_column c[] = {{"statistic", CE_TW_TEXT}, {"value", CE_TW_NUMBER}};
    cr_assert_eq(ce_tw_header(w, "t", 2, c, &err), CE_OK);
    ce_tw_text(w, "rho");
    ce_tw_number(w, -0.25, 2);
    cr_assert_eq(ce_tw_end_row(w, CE_XLSX_PLAIN, &err), CE_OK);
    ce_tw_number(w, -1, 0); /* a number in a text column: as it is */
    ce_tw_text(w, "-x");    /* text in a number column: guarded */
    cr_assert_eq(ce_tw_end_row(w, CE_XLSX_PLAIN, &err), CE_OK);
    close_mem(w, csv);
    cr_assert_str_eq(g_buf, "statistic,value\nrho,-0.25\n-1,'-x\n");
    free(g_buf);
}

Test(table_writer, digits_and_money)
{
    FILE *csv;
    ce_tw *w = open_mem(&csv, 0, CE_LANG_EN);
    ce_error err;
    const ce_tw_column c[] = {{"s", CE_TW_SCORE}, {"p", CE_TW_SHARE}, {"m", CE_TW_MONEY},
                              {"e", CE_TW_TEXT}};
    cr_assert_eq(ce_tw_header(w, "t", 4, c, &err), CE_OK);
    ce_tw_number(w, 87.654321, 2);
    ce_tw_number(w, -0.00001, 4); /* never "-0.0000" */
    ce_tw_money(w, 7);
    ce_tw_empty(w);
    cr_assert_eq(ce_tw_end_row(w, CE_XLSX_PLAIN, &err), CE_OK);
    ce_tw_number(w, NAN, 6); /* empty */
    ce_tw_number(w, 1.0 / 3, 6);
    ce_tw_money(w, 100000000000LL);
    ce_tw_text(w, NULL);
    cr_assert_eq(ce_tw_end_row(w, CE_XLSX_PLAIN, &err), CE_OK);
    close_mem(w, csv);
    cr_assert_str_eq(g_buf, "s,p,m,e\n87.65,0.0000,0.07,\n,0.333333,1000000000.00,\n");
    free(g_buf);
}

Test(table_writer, wrong_cell_count_writes_nothing)
{
    FILE *csv;
    ce_tw *w = open_mem(&csv, 0, CE_LANG_EN);
    ce_error err;
    cr_assert_eq(ce_tw_header(w, "t", 2, cols2, &err), CE_OK);
    ce_tw_text(w, "only one");
    cr_assert_eq(ce_tw_end_row(w, CE_XLSX_PLAIN, &err), CE_ERR_USAGE);
    cr_assert_str_eq(err.msg, "table row of 1 cells under a header of 2 columns");
    ce_tw_text(w, "a");
    ce_tw_money(w, 1);
    ce_tw_text(w, "extra");
    cr_assert_eq(ce_tw_end_row(w, CE_XLSX_PLAIN, &err), CE_ERR_USAGE);
    ce_tw_text(w, "b"); /* a new row after a refused one */
    ce_tw_money(w, 2);
    cr_assert_eq(ce_tw_end_row(w, CE_XLSX_PLAIN, &err), CE_OK);
    close_mem(w, csv);
    cr_assert_str_eq(g_buf, "id,subsidy\nb,0.02\n");
    free(g_buf);
}

Test(table_writer, flush_and_check_full_disk)
{
    FILE *full = fopen("/dev/full", "w");
    cr_assert_not_null(full);
    ce_tw_sinks s = {.csv = full, .what = "table"};
    ce_tw *w = NULL;
    ce_error err;
    cr_assert_eq(ce_tw_open(&s, &w, &err), CE_OK);
    cr_assert_eq(ce_tw_header(w, "t", 2, cols2, &err), CE_OK);
    cr_assert_eq(ce_tw_close(w, CE_OK, &err), CE_ERR_IO);
    cr_assert_str_eq(err.msg, "cannot write the table: No space left on device");
    fclose(full);
}

Test(table_writer, close_without_what_leaves_the_check_to_the_owner)
{
    FILE *full = fopen("/dev/full", "w");
    cr_assert_not_null(full);
    ce_tw_sinks s = {.csv = full};
    ce_tw *w = NULL;
    ce_error err;
    cr_assert_eq(ce_tw_open(&s, &w, &err), CE_OK);
    cr_assert_eq(ce_tw_header(w, "t", 2, cols2, &err), CE_OK);
    cr_assert_eq(ce_tw_close(w, CE_OK, &err), CE_OK);
    cr_assert_neq(fflush(full), 0); /* still there for the owner to find */
    fclose(full);
}

Test(table_writer, flush_without_what_says_output)
{
    FILE *full = fopen("/dev/full", "w");
    cr_assert_not_null(full);
    ce_tw_sinks s = {.csv = full};
    ce_tw *w = NULL;
    ce_error err;
    cr_assert_eq(ce_tw_open(&s, &w, &err), CE_OK);
    cr_assert_eq(ce_tw_header(w, "t", 2, cols2, &err), CE_OK);
    cr_assert_eq(ce_tw_flush(w, &err), CE_ERR_IO);
    cr_assert_str_eq(err.msg, "cannot write the output: No space left on device");
    ce_tw_close(w, CE_ERR_IO, &err);
    fclose(full);
}

Test(table_writer, close_keeps_an_earlier_failure)
{
    ce_tw_sinks s = {.csv = NULL};
    ce_tw *w = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_tw_open(&s, &w, &err), CE_OK);
    cr_assert_eq(ce_tw_close(w, CE_ERR_DATA, &err), CE_ERR_DATA);
    cr_assert_eq(ce_tw_close(NULL, CE_OK, &err), CE_OK);
}

/* ---- the workbook ---- */

static char *unzip_member(const char *xlsx, const char *name)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", xlsx, name);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t cap = 1 << 16;
    char *out = malloc(cap);
    cr_assert_not_null(out);
    size_t len = fread(out, 1, cap - 1, p);
    out[len] = '\0';
    cr_assert_eq(pclose(p), 0, "%s", cmd);
    return out;
}

TestSuite(table_writer_xlsx, .init = ce_test_dir_init, .fini = ce_test_dir_fini);

Test(table_writer_xlsx, same_rows_numbers_and_marks)
{
    char path[256];
    snprintf(path, sizeof path, "%s/t.xlsx", ce_test_dir);
    ce_xlsx *x = NULL;
    ce_error err;
    cr_assert_eq(ce_xlsx_open(path, 1714550400LL, &x, &err), CE_OK, "%s", err.msg);
    FILE *csv = open_memstream(&g_buf, &g_len);
    ce_tw_sinks s = {.csv = csv, .bom = 1, .csv_lang = CE_LANG_EN, .xlsx = x,
                     .xlsx_lang = CE_LANG_ZH};
    ce_tw *w = NULL;
    cr_assert_eq(ce_tw_open(&s, &w, &err), CE_OK);
    cr_assert_eq(ce_tw_header(w, "claims", 2, cols2, &err), CE_OK, "%s", err.msg);
    ce_tw_text(w, "=1+1");
    ce_tw_money(w, 123456);
    cr_assert_eq(ce_tw_end_row(w, CE_XLSX_REJECTED, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_tw_close(w, CE_OK, &err), CE_OK);
    fclose(csv);
    cr_assert_eq(ce_xlsx_close(x, &err), CE_OK, "%s", err.msg);
    cr_assert_str_eq(g_buf, "\xEF\xBB\xBFid,subsidy\n'=1+1,1234.56\n");
    free(g_buf);

    char *wb = unzip_member(path, "xl/workbook.xml");
    cr_assert_not_null(strstr(wb, "name=\"claims\""), "%s", wb);
    free(wb);
    /* constant_memory: the strings are inline in the sheet */
    char *sheet = unzip_member(path, "xl/worksheets/sheet1.xml");
    cr_assert_not_null(strstr(sheet, "<t>=1+1</t>"), "%s", sheet); /* text, no formula */
    cr_assert_not_null(strstr(sheet, ce_label("subsidy", CE_LANG_ZH)), "%s", sheet);
    cr_assert_not_null(strstr(sheet, "<v>1234.56</v>"), "%s", sheet); /* a number */
    cr_assert_null(strstr(sheet, "<f>"), "%s", sheet);
    free(sheet);
}

/* Titles given by the caller (a profile's dimension names, a sheet's own
 * words) replace the labels of the codes, in the CSV and in the sheet; a
 * NULL title keeps the code's label. */
Test(table_writer_xlsx, titles_given_replace_the_labels)
{
    char path[256];
    snprintf(path, sizeof path, "%s/titles.xlsx", ce_test_dir);
    ce_xlsx *x = NULL;
    ce_error err;
    cr_assert_eq(ce_xlsx_open(path, 1714550400LL, &x, &err), CE_OK, "%s", err.msg);
    FILE *csv = open_memstream(&g_buf, &g_len);
    ce_tw_sinks s = {.csv = csv, .csv_lang = CE_LANG_ZH, .xlsx = x, .xlsx_lang = CE_LANG_ZH};
    ce_tw *w = NULL;
    cr_assert_eq(ce_tw_open(&s, &w, &err), CE_OK);
    static const ce_tw_column cols[] = {
        {"rank", CE_TW_INTEGER}, {"dA", CE_TW_SCORE}, {"name", CE_TW_TEXT}};
    const char *const titles[] = {NULL, "经济维度", "指标名称"};
    cr_assert_eq(ce_tw_header_titled(w, "排名", 3, cols, titles, &err), CE_OK, "%s", err.msg);
    ce_tw_integer(w, 1);
    ce_tw_number(w, 87.5, 2);
    ce_tw_text(w, "+x");
    cr_assert_eq(ce_tw_end_row(w, CE_XLSX_AWARD, &err), CE_OK, "%s", err.msg);
    /* the next header without titles: the labels again */
    cr_assert_eq(ce_tw_header_titled(w, "二", 3, cols, NULL, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_tw_close(w, CE_OK, &err), CE_OK);
    fclose(csv);
    cr_assert_eq(ce_xlsx_close(x, &err), CE_OK, "%s", err.msg);
    cr_assert_str_eq(g_buf, "排名,经济维度,指标名称\n1,87.50,'+x\n排名,dA,名称\n");
    free(g_buf);

    char *sheet = unzip_member(path, "xl/worksheets/sheet1.xml");
    cr_assert_not_null(strstr(sheet, "<is><t>排名</t></is></c><c r=\"B1\" s=\"1\" t=\"inlineStr\">"
                                     "<is><t>经济维度</t></is></c><c r=\"C1\" s=\"1\" "
                                     "t=\"inlineStr\"><is><t>指标名称</t>"),
                       "%s", sheet);
    cr_assert_not_null(strstr(sheet, "<v>87.5</v>"), "%s", sheet);
    cr_assert_not_null(strstr(sheet, "<t>+x</t>"), "%s", sheet); /* unguarded in the sheet */
    free(sheet);
    sheet = unzip_member(path, "xl/worksheets/sheet2.xml");
    cr_assert_not_null(strstr(sheet, "<t>名称</t>"), "%s", sheet);
    free(sheet);
}
