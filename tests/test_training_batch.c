/* test_training_batch.c - ce_training_batch_run (training_batch.h): a few
 * applicants of known outcome under the shipped policy, at application and
 * at acceptance: the rows as emitted, the sums, the refusals of a bad file. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/training_batch.h"
#include "testutil.h"

static ce_training_policy *policy;

static void setup(void)
{
    ce_test_dir_init();
    const char *data = getenv("CE_TEST_DATA");
    cr_assert(data, "CE_TEST_DATA is not set");
    char path[1024];
    snprintf(path, sizeof path, "%s/../../weights/training-policy.csv", data);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_training_policy_load(path, &policy, NULL, &err), CE_OK, "%s", err.msg);
}

static void teardown(void)
{
    ce_training_policy_free(policy);
    ce_test_dir_fini();
}

TestSuite(training_batch, .init = setup, .fini = teardown);

#define HEADER                                                                                \
    "applicant_id,name,kind,credit_code,training_unit,site_owned,site_area,equipment,"      \
    "instructors,fulltime_instructors,agreements,partners_participate,annual_capacity,"     \
    "external_capacity,training_modes,occupations,requested,investment,actual_trainees,"   \
    "performance\n"
/* samples/training-2023.csv T2023-001 (passes, 250000 requested, 良好), T2023-003
 * (passes, 350000 requested: capped at 300000, 优秀), and T2023-001 again
 * without its site_area and with kind "shop". */
#define ROWS                                                                                  \
    "T1,济南泉城智能制造有限公司,enterprise,91370102MA37CHNU12,1,1,800,1,12,8,6,1,800,200,"  \
    "场景式;生产性,5,250000,600000,850,良好\n"                                             \
    "T3,申请35万元封顶测试有限公司,企业,91370303MA3MT05A3L,是,是,800,是,12,8,6,是,800,200,"  \
    "场景式;生产性,5,350000,600000,850,优秀\n"                                             \
    "T9,缺面积测试有限公司,shop,91370102MA37CHNU12,1,1,,1,12,8,6,1,800,200,"                  \
    "场景式;生产性,5,250000,600000,850,良好\n"

/* the header without its newline, and T1's row of ROWS without its newline */
#define HEADER_NO_NL                                                                          \
    "applicant_id,name,kind,credit_code,training_unit,site_owned,site_area,equipment,"      \
    "instructors,fulltime_instructors,agreements,partners_participate,annual_capacity,"     \
    "external_capacity,training_modes,occupations,requested,investment,actual_trainees,"   \
    "performance"
#define ROW_T1                                                                                \
    "T1,济南泉城智能制造有限公司,enterprise,91370102MA37CHNU12,1,1,800,1,12,8,6,1,800,200,"  \
    "场景式;生产性,5,250000,600000,850,良好"

/* the 17 other cells of a row */
#define PAD ",,,,,,,,,,,,,,,,,"

typedef struct {
    int begun, calls;
    char text[4096]; /* "line|id|kind cell|pass|failed|subsidy|reward\n" per row */
} seen;

static ce_status on_begin(void *ud, ce_error *err)
{
    (void)err;
    seen *s = ud;
    s->begun = ++s->calls;
    return CE_OK;
}

static ce_status on_row(void *ud, const ce_training_batch_row *w, ce_error *err)
{
    (void)err;
    seen *s = ud;
    s->calls++;
    size_t n = strlen(s->text);
    snprintf(s->text + n, sizeof s->text - n, "%zu|%s|%s|%d|%d|%s|%lld|%lld\n", w->line,
             w->cells[CE_TCOL_APPLICANT_ID], w->cells[CE_TCOL_KIND], w->result->kind,
             w->result->pass, w->result->failed, w->result->subsidy_fen,
             w->result->reward_fen);
    cr_assert_null(w->cells[CE_TCOL_PROVINCE]);
    return CE_OK;
}

static ce_training_batch_summary run_ok(ce_training_stage stage, seen *s)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "t.csv", HEADER ROWS);
    ce_training_batch_opts o = {.applicants = path, .encoding = CE_ENC_AUTO, .stage = stage,
                                .policy = policy, .begin = on_begin, .emit = on_row, .ud = s};
    ce_training_batch_summary sum;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_training_batch_run(&o, &sum, NULL, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(s->begun, 1);
    cr_assert_eq(s->calls, 4);
    return sum;
}

Test(training_batch, apply_stage)
{
    seen s = {0};
    ce_training_batch_summary sum = run_ok(CE_TRAINING_APPLY, &s);
    cr_assert_str_eq(s.text, "2|T1|enterprise|0|1||25000000|0\n"
                             "3|T3|企业|0|1||30000000|0\n"
                             "4|T9|shop|-1|0|invalid:kind;missing:site_area|0|0\n");
    cr_assert_eq(sum.applicants, 3);
    cr_assert_eq(sum.passed, 2);
    cr_assert_eq(sum.subsidy_fen, 55000000);
    cr_assert_eq(sum.reward_fen, 0);
}

Test(training_batch, accept_stage_rewards_excellent)
{
    seen s = {0};
    ce_training_batch_summary sum = run_ok(CE_TRAINING_ACCEPT, &s);
    cr_assert_str_eq(s.text, "2|T1|enterprise|0|1||25000000|0\n"
                             "3|T3|企业|0|1||30000000|30000000\n"
                             "4|T9|shop|-1|0|invalid:kind;missing:site_area|0|0\n");
    cr_assert_eq(sum.passed, 2);
    cr_assert_eq(sum.subsidy_fen, 55000000);
    cr_assert_eq(sum.reward_fen, 30000000);
}

static ce_status refuse(ce_training_stage stage, const char *text, ce_error *err)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "bad.csv", text);
    seen s = {0};
    ce_training_batch_opts o = {.applicants = path, .encoding = CE_ENC_AUTO, .stage = stage,
                                .policy = policy, .begin = on_begin, .emit = on_row, .ud = &s};
    ce_training_batch_summary sum = {.applicants = 99};
    ce_status st = ce_training_batch_run(&o, &sum, NULL, err);
    cr_assert_eq(sum.applicants, 99, "the summary is set only on success");
    cr_assert_eq(s.calls, 0, "nothing is emitted from a refused file");
    return st;
}

Test(training_batch, refusals)
{
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(refuse(CE_TRAINING_APPLY, HEADER ROWS "T3,x,enterprise" PAD "\n", &err), CE_ERR_DATA);
    cr_assert_eq(err.line, 5);
    cr_assert_str_eq(err.msg, "duplicate applicant_id \"T3\" (first on line 3)");
    cr_assert_eq(refuse(CE_TRAINING_APPLY, HEADER ",x,enterprise" PAD "\n", &err), CE_ERR_DATA);
    cr_assert_eq(err.line, 2);
    cr_assert_str_eq(err.msg, "empty applicant_id");
    /* acceptance needs investment, actual_trainees, performance */
    cr_assert_eq(refuse(CE_TRAINING_ACCEPT,
                        "applicant_id,name,kind,credit_code,training_unit,site_owned,"
                        "site_area,equipment,instructors,fulltime_instructors,agreements,"
                        "partners_participate,annual_capacity,external_capacity,"
                        "training_modes,occupations,requested\nT1,x,enterprise\n",
                        &err),
                 CE_ERR_DATA);
    cr_assert(strstr(err.msg, "investment") != NULL, "%s", err.msg);
}

/* Two province columns: the batch cannot know which to read (it took the
 * last one without a word), so the file is refused (colmap.h). */
Test(training_batch, province_twice_refused)
{
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(refuse(CE_TRAINING_APPLY,
                        "province," HEADER_NO_NL ",province\nSD," ROW_T1 ",SD\n", &err),
                 CE_ERR_DATA);
    cr_assert_eq(err.line, 1);
    cr_assert_str_eq(err.msg, "column \"province\" appears twice (columns 1 and 22)");
}

Test(training_batch, required_column_twice_names_both_columns)
{
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(refuse(CE_TRAINING_APPLY, HEADER_NO_NL ",kind\n" ROW_T1 ",shop\n", &err),
                 CE_ERR_DATA);
    cr_assert_str_eq(err.msg, "column \"kind\" appears twice (columns 3 and 21)");
}
