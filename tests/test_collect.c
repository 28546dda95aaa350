/* test_collect.c - many data files merged into one (collect.h): rows in
 * file order with their numbers unchanged, ids repeated across files
 * refused naming both files, every bad file listed and nothing written. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/collect.h"
#include "clustereval/profile.h"
#include "clustereval/table_writer.h"

#include "testutil.h"

TestSuite(collect, .init = ce_test_dir_init, .fini = ce_test_dir_fini);

static const char profile_csv[] = "code,name,parent,weight,direction,unit\n"
                                  "econ,经济,,1,,\n"
                                  "rev,营业收入,econ,1,+,亿元\n"
                                  "rd,研发强度,econ,1,-,%\n";

typedef struct {
    char paths[4][256];
    const char *p[4];
} files;

static void write_files(files *fs, const char *const *texts, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        char name[32];
        snprintf(name, sizeof name, "f%zu.csv", k + 1);
        ce_test_write_text(fs->paths[k], sizeof fs->paths[k], ce_test_dir, name, texts[k]);
        fs->p[k] = fs->paths[k];
    }
}

/* The merged table as CSV (no BOM). */
static char *collect_csv(const ce_profile *prof, const files *fs, size_t n)
{
    ce_collect *c = NULL;
    ce_collect_summary sum;
    ce_error err = {0};
    ce_status st = ce_collect_read(prof, fs->p, n, NULL, &c, &sum, NULL, &err);
    cr_assert_eq(st, CE_OK, "%s:%zu: %s", err.file, err.line, err.msg);
    cr_assert_eq(sum.n_problems, 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    ce_tw_sinks sinks = {.csv = out, .csv_lang = CE_LANG_EN, .what = "table"};
    ce_tw *tw;
    cr_assert_eq(ce_tw_open(&sinks, &tw, &err), CE_OK);
    st = ce_collect_write(c, tw, "数据", &err);
    cr_assert_eq(ce_tw_close(tw, st, &err), CE_OK, "%s", err.msg);
    fclose(out);
    ce_collect_free(c);
    ce_collect_summary_fini(&sum);
    return buf;
}

Test(collect, rows_in_file_order_numbers_unchanged)
{
    ce_profile *prof = ce_test_load_profile(NULL, 0, ce_test_dir, "p.csv", profile_csv, CE_ENC_AUTO);
    const char *texts[3] = {
        "id,name,rd,rev\n002,乙,0.1,87.65\n001,甲,/,-3\n",
        /* a workbook-like file: other columns, a veto, an accounting negative */
        "id,name,veto,rev,rd,备注\n010,丙,1,\"(1,353)\",2.5e-7,x\n",
        "rev,id,rd\n1e20,A-3,50%\n",
    };
    files fs;
    write_files(&fs, texts, 3);
    char *csv = collect_csv(prof, &fs, 3);
    cr_assert_str_eq(csv, "id,name,eligible,veto,rev,rd\n"
                          "002,乙,1,0,87.65,0.1\n"
                          "001,甲,1,0,-3,\n"
                          "010,丙,1,1,-1353,2.5e-07\n"
                          "A-3,,1,0,1e+20,50\n");
    free(csv);
    ce_profile_free(prof);
}

Test(collect, duplicate_id_across_files_names_both)
{
    ce_profile *prof = ce_test_load_profile(NULL, 0, ce_test_dir, "p.csv", profile_csv, CE_ENC_AUTO);
    const char *texts[3] = {"id,rev,rd\n001,1,1\n002,2,2\n", "id,rev,rd\n003,1,1\n",
                            "id,rev,rd\n004,1,1\n002,5,5\n"};
    files fs;
    write_files(&fs, texts, 3);
    ce_collect *c = NULL;
    ce_collect_summary sum;
    ce_error err = {0};
    cr_assert_eq(ce_collect_read(prof, fs.p, 3, NULL, &c, &sum, NULL, &err), CE_ERR_DATA);
    cr_assert_null(c);
    cr_assert_str_eq(err.file, fs.paths[2]);
    cr_assert_eq(err.line, 3);
    char want[600];
    snprintf(want, sizeof want, "duplicate id \"002\" (first on line 3 of %s)", fs.paths[0]);
    cr_assert_str_eq(err.msg, want);
    ce_collect_summary_fini(&sum);

    /* written differently, the same cluster: the look-alike message */
    const char *alike[2] = {"id,rev,rd\nA01,1,1\n", "id,rev,rd\nＡ01,2,2\n"};
    write_files(&fs, alike, 2);
    cr_assert_eq(ce_collect_read(prof, fs.p, 2, NULL, &c, &sum, NULL, &err), CE_ERR_DATA);
    cr_assert_str_eq(err.file, fs.paths[1]);
    cr_assert(strstr(err.msg, "are the same cluster"), "%s", err.msg);
    snprintf(want, sizeof want, "(\"A01\" is in %s)", fs.paths[0]);
    cr_assert(strstr(err.msg, want), "%s", err.msg);
    ce_collect_summary_fini(&sum);
    ce_profile_free(prof);
}

Test(collect, every_bad_file_listed)
{
    ce_profile *prof = ce_test_load_profile(NULL, 0, ce_test_dir, "p.csv", profile_csv, CE_ENC_AUTO);
    const char *texts[3] = {"id,rev,rd\n001,abc,1\n", "id,rev,rd\n003,1,1\n", "id,rev\n004,1\n"};
    files fs;
    write_files(&fs, texts, 3);
    fs.p[3] = "no/such/file.csv";
    ce_collect *c = NULL;
    ce_collect_summary sum;
    ce_error err = {0};
    cr_assert_eq(ce_collect_read(prof, fs.p, 4, NULL, &c, &sum, NULL, &err), CE_ERR_DATA);
    cr_assert_null(c);
    cr_assert_str_eq(err.msg, "3 of 4 files did not read; nothing written");
    cr_assert_eq(sum.n_problems, 3);
    cr_assert_eq(sum.files, 4);
    cr_assert_str_eq(sum.problems[0].path, fs.paths[0]);
    cr_assert_str_eq(sum.problems[0].error.file, fs.paths[0]);
    cr_assert_eq(sum.problems[0].error.line, 2);
    cr_assert(strstr(sum.problems[0].error.msg, "\"abc\""), "%s", sum.problems[0].error.msg);
    cr_assert_str_eq(sum.problems[1].path, fs.paths[2]);
    cr_assert(strstr(sum.problems[1].error.msg, "rd"), "%s", sum.problems[1].error.msg);
    cr_assert_str_eq(sum.problems[2].path, "no/such/file.csv");
    cr_assert_eq(sum.problems[2].status, CE_ERR_IO);
    ce_collect_summary_fini(&sum);
    ce_profile_free(prof);
}
