/* test_summary.c - summary labels (summary.h): the key, one or several
 * labels written together, the shipped weights/summary-labels.csv. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/summary.h"

#include "testutil.h"

static ce_summary_labels *shipped(void)
{
    ce_summary_labels *s = NULL;
    ce_error err = {{0}, 0, {0}};
    char path[1024];
    const char *data = getenv("CE_TEST_DATA"); /* SRC/tests/data */
    cr_assert_not_null(data);
    snprintf(path, sizeof path, "%s/../../weights/summary-labels.csv", data);
    cr_assert_eq(ce_summary_labels_load(path, CE_ENC_AUTO, &s, NULL, &err),
                 CE_OK, "%s:%zu: %s", err.file, err.line, err.msg);
    return s;
}

Test(summary, key)
{
    static const struct { const char *text, *key; } cases[] = {
        {"合 计", "合计"},           {"Ｔｏｔａｌ", "total"},
        {"Grand total:", "grandtotal"}, {"\u3000总\u3000计\u3000", "总计"},
        {"合计\u200b", "合计"},       {"（合计）", "合计"},
        {"A-01", "a01"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *k = ce_summary_key_new(cases[i].text);
        cr_assert_str_eq(k, cases[i].key, "key of \"%s\"", cases[i].text);
        free(k);
    }
}

Test(summary, shipped_labels_match)
{
    ce_summary_labels *s = shipped();
    static const char *const yes[] = {"合计", "合 计", "总计", "小计", "累计", "平均", "平均值",
                                      "均值", "全省", "全市", "汇总", "全省合计", "全市 平均",
                                      "Total", "TOTAL", "Ｔｏｔａｌ", "Sum", "Average", "Mean",
                                      "Grand total", "Subtotal", "sub total", "合计："};
    static const char *const no[] = {"", "C01", "全省机械产业集群", "合计A", "平均数码集群",
                                     "Totally", "Summit", "1"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        cr_assert_eq(ce_summary_labels_match(s, yes[i]), 1, "\"%s\" is a summary label", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        cr_assert_eq(ce_summary_labels_match(s, no[i]), 0, "\"%s\" is no summary label", no[i]);
    ce_summary_labels_free(s);
}

Test(summary, check_row_refuses_or_drops)
{
    static const char *const labels[] = {"合计", "全省"};
    ce_summary_labels *s = NULL;
    cr_assert_eq(ce_summary_labels_from(labels, 2, &s, NULL), CE_OK);
    ce_summary_rows refuse = {s, 0, NULL}, drop = {s, 1, NULL};
    ce_error err = {{0}, 0, {0}};
    int dropped = -1;
    cr_assert_eq(ce_summary_rows_check(&refuse, "d.csv", 7, "id", "C1", "name", "甲集群",
                                       &dropped, NULL, &err),
                 CE_OK);
    cr_assert_eq(dropped, 0);
    cr_assert_eq(ce_summary_rows_check(&refuse, "d.csv", 7, "id", "", "name", "全省合计",
                                       &dropped, NULL, &err),
                 CE_ERR_DATA);
    cr_assert_str_eq(err.file, "d.csv");
    cr_assert_eq(err.line, 7);
    cr_assert_str_eq(err.msg, "row looks like a summary row (name \"全省合计\"): a total or "
                              "average must never be ranked or paid; use --drop-summary-rows "
                              "to drop it");
    ce_diag diag;
    ce_diag_init(&diag);
    cr_assert_eq(ce_summary_rows_check(&drop, "d.csv", 9, "id", "合 计", "name", NULL, &dropped,
                                       &diag, &err),
                 CE_OK);
    cr_assert_eq(dropped, 1);
    cr_assert_eq(diag.count, 1);
    cr_assert_str_eq(diag.items[0],
                     "d.csv:9: summary row dropped (id \"合 计\") (--drop-summary-rows)");
    ce_diag_fini(&diag);
    ce_summary_labels_free(s);
}

Test(summary, label_of_punctuation_refused)
{
    static const char *const labels[] = {"合计", " - "};
    ce_summary_labels *s = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_summary_labels_from(labels, 2, &s, &err), CE_ERR_DATA);
    cr_assert_null(s);
    cr_assert_str_eq(err.msg, "column \"label\": \" - \" is no label (only spaces or punctuation)");
}
