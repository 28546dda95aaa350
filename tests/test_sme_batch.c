/* test_sme_batch.c - ce_sme_batch_run (sme_batch.h): a few hand-made
 * enterprises of known size under a one-industry standard, the rows as
 * emitted, the counts, the warnings, and the refusals of a bad file. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "clustereval/sme_batch.h"
#include "testutil.h"

TestSuite(sme_batch, .init = ce_test_dir_init, .fini = ce_test_dir_fini);

/* 工业: large from 1000 persons and 40000 revenue, medium 300 / 2000,
 * small 20 / 300. */
static ce_sme_standard *load_standard(void)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "std.csv",
                       "id,industry,measures,large,medium,small\n"
                       "industry,工业,persons;revenue,1000;40000,300;2000,20;300\n");
    ce_sme_standard *s = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_sme_standard_load(path, CE_ENC_AUTO, &s, NULL, &err), CE_OK, "%s", err.msg);
    return s;
}

typedef struct {
    int begun;     /* begin's call number among all calls */
    int calls;
    char text[2048]; /* "line|id|industry|employees|revenue|assets|size|reason\n" per row */
} seen;

static ce_status on_begin(void *ud, ce_error *err)
{
    (void)err;
    seen *s = ud;
    s->begun = ++s->calls;
    return CE_OK;
}

static ce_status on_row(void *ud, const ce_sme_batch_row *w, ce_error *err)
{
    (void)err;
    seen *s = ud;
    s->calls++;
    size_t n = strlen(s->text);
    snprintf(s->text + n, sizeof s->text - n, "%zu|%s|%s|%s|%s|%s|%s|%s\n", w->line, w->id,
             w->industry, w->employees, w->revenue, w->assets,
             w->classified ? ce_sme_size_name(w->size) : "-", w->reason);
    return CE_OK;
}

Test(sme_batch, classifies_every_row_in_file_order)
{
    ce_sme_standard *std = load_standard();
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "e.csv",
                       "revenue,id,industry,employees,assets,extra\n"
                       "9000,E1,industry,450,,x\n"
                       "100,E2,工业,8,,x\n"
                       "50000,E3,industry,2000,,x\n"
                       "1,E4,mining,1,1,x\n"
                       "1,E5,industry,abc,1,x\n"
                       ",E6,industry,50,,x\n");
    seen s = {0};
    ce_sme_batch_opts o = {.enterprises = path, .encoding = CE_ENC_AUTO, .standard = std,
                           .begin = on_begin, .emit = on_row, .ud = &s};
    ce_sme_batch_summary sum;
    ce_diag diag;
    ce_diag_init(&diag);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_sme_batch_run(&o, &sum, &diag, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(s.begun, 1);
    cr_assert_eq(s.calls, 7);
    cr_assert_str_eq(s.text,
                     "2|E1|industry|450|9000||medium|medium: 从业人员 450 >= 300 and 营业收入 "
                     "9000 >= 2000; below large: 从业人员 450 < 1000\n"
                     "3|E2|工业|8|100||micro|micro: 从业人员 8 < 20 (small)\n"
                     "4|E3|industry|2000|50000||large|large: 从业人员 2000 >= 1000 and 营业收入 "
                     "50000 >= 40000\n"
                     "5|E4|mining|1|1|1|-|error: unknown industry \"mining\"\n"
                     "6|E5|industry|abc|1|1|-|error: column \"employees\": cannot parse \"abc\" "
                     "as a number\n"
                     "7|E6|industry|50|||-|error: 营业收入 (revenue) is missing; 工业 needs it\n");
    cr_assert_eq(sum.enterprises, 6);
    cr_assert_eq(sum.sizes[CE_SME_LARGE], 1);
    cr_assert_eq(sum.sizes[CE_SME_MEDIUM], 1);
    cr_assert_eq(sum.sizes[CE_SME_SMALL], 0);
    cr_assert_eq(sum.sizes[CE_SME_MICRO], 1);
    cr_assert_eq(sum.not_classified, 3);
    cr_assert_eq(diag.count, 3);
    char want[512];
    snprintf(want, sizeof want, "%s:5: id \"E4\": unknown industry \"mining\"", path);
    cr_assert_str_eq(diag.items[0], want);
    snprintf(want, sizeof want,
             "%s:6: id \"E5\": column \"employees\": cannot parse \"abc\" as a number", path);
    cr_assert_str_eq(diag.items[1], want);
    ce_diag_fini(&diag);
    ce_sme_standard_free(std);
}

static ce_status refuse(ce_sme_standard *std, const char *text, ce_error *err, int *emitted)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "bad.csv", text);
    seen s = {0};
    ce_sme_batch_opts o = {.enterprises = path, .encoding = CE_ENC_AUTO, .standard = std,
                           .begin = on_begin, .emit = on_row, .ud = &s};
    ce_sme_batch_summary sum = {.enterprises = 99};
    ce_status st = ce_sme_batch_run(&o, &sum, NULL, err);
    cr_assert_eq(sum.enterprises, 99, "the summary is set only on success");
    *emitted = s.calls;
    return st;
}

Test(sme_batch, a_repeated_id_is_refused_before_any_row)
{
    ce_sme_standard *std = load_standard();
    ce_error err = {{0}, 0, {0}};
    int emitted = -1;
    cr_assert_eq(refuse(std,
                        "id,industry,employees,revenue,assets\n"
                        "E1,industry,1,1,1\nE2,industry,1,1,1\nE1,industry,1,1,1\n",
                        &err, &emitted),
                 CE_ERR_DATA);
    cr_assert_eq(emitted, 0);
    cr_assert_eq(err.line, 4);
    cr_assert_str_eq(err.msg, "duplicate id \"E1\" (first on line 2)");
    ce_sme_standard_free(std);
}

Test(sme_batch, an_empty_id_and_a_missing_column_are_refused)
{
    ce_sme_standard *std = load_standard();
    ce_error err = {{0}, 0, {0}};
    int emitted = -1;
    cr_assert_eq(refuse(std, "id,industry,employees,revenue,assets\n,industry,1,1,1\n", &err,
                        &emitted),
                 CE_ERR_DATA);
    cr_assert_eq(emitted, 0);
    cr_assert_eq(err.line, 2);
    cr_assert_str_eq(err.msg, "empty id");
    cr_assert_eq(refuse(std, "id,industry,employees,revenue\nE1,industry,1,1\n", &err, &emitted),
                 CE_ERR_DATA);
    cr_assert_eq(emitted, 0);
    cr_assert(strstr(err.msg, "assets") != NULL, "%s", err.msg);
    ce_sme_standard_free(std);
}

static ce_status fail_emit(void *ud, const ce_sme_batch_row *w, ce_error *err)
{
    (void)ud;
    (void)w;
    return ce_error_set(err, CE_ERR_IO, NULL, 0, "disk full");
}

Test(sme_batch, the_error_of_emit_is_the_batch_error)
{
    ce_sme_standard *std = load_standard();
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "e.csv",
                       "id,industry,employees,revenue,assets\nE1,industry,1,1,1\n");
    ce_sme_batch_opts o = {.enterprises = path, .encoding = CE_ENC_AUTO, .standard = std,
                           .emit = fail_emit};
    ce_sme_batch_summary sum;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_sme_batch_run(&o, &sum, NULL, &err), CE_ERR_IO);
    cr_assert_str_eq(err.msg, "disk full");
    ce_sme_standard_free(std);
}
