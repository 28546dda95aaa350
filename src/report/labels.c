/* labels.c - see labels.h. */
#include "clustereval/labels.h"

#include <string.h>

int ce_lang_parse(const char *text, ce_lang *out)
{
    if (!strcmp(text, "zh"))
        *out = CE_LANG_ZH;
    else if (!strcmp(text, "en"))
        *out = CE_LANG_EN;
    else
        return -1;
    return 0;
}

static const struct {
    const char *code, *zh;
} labels[] = {
    /* the ranking */
    {"rank", "排名"},
    {"id", "集群编号"},
    {"name", "名称"},
    {"score", "综合得分"},
    {"award", "获奖"},
    {"award_amount", "奖励金额"},
    {"coverage", "数据覆盖率"},
    {"notes", "说明"},
    {"baseline_rank", "基准排名"},
    {"rank_change", "排名变化"},
    {"previous_rank", "上年排名"},
    {"change_vs_previous", "较上年变化"},
    {"yes", "是"},
    {"no", "否"},
    {"tie", "并列"},
    /* vouchers */
    {"app_id", "申请编号"},
    {"credit_code", "统一社会信用代码"},
    {"decision", "结果"},
    {"reasons", "原因"},
    {"size", "企业规模"},
    {"voucher_type", "券种"},
    {"face_value", "面额"},
    {"voucher_id", "券号"},
    {"expires_at", "有效期至"},
    {"pool_left", "资金池余额"},
    {"granted", "发放"},
    {"rejected", "不予发放"},
    {"redeemed", "兑付"},
    {"subsidy", "补助金额"},
    /* training */
    {"applicant_id", "申报编号"},
    {"kind", "类型"},
    {"failed", "未达条件"},
    {"reward", "奖励金额"},
    {"pass", "通过"},
    {"fail", "不通过"},
    {"enterprise", "企业"},
    {"college", "院校"},
    /* sizes */
    {"large", "大型"},
    {"medium", "中型"},
    {"small", "小型"},
    {"micro", "微型"},
};

const char *ce_label(const char *code, ce_lang lang)
{
    if (lang == CE_LANG_EN)
        return code;
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
        if (!strcmp(labels[i].code, code))
            return labels[i].zh;
    return code;
}
