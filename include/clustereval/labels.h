/* labels.h - the words people read: report column titles and summary
 * words in Chinese or English (--lang). CSV headers stay the English codes
 * by default, because scripts read them; HTML and XLSX default to Chinese,
 * because people in the department read them.
 */
#ifndef CLUSTEREVAL_LABELS_H
#define CLUSTEREVAL_LABELS_H

typedef enum { CE_LANG_ZH = 0, CE_LANG_EN } ce_lang;

/* Parses "zh" or "en". Returns 0 and sets *out, or -1. */
int ce_lang_parse(const char *text, ce_lang *out);

/* The title of the column or word `code` ("rank", "award_amount",
 * "voucher_type", ...) in lang: in English the code itself, in Chinese its
 * translation (排名, 奖励金额, 券种, ...); a code without a translation is
 * returned as it is. */
const char *ce_label(const char *code, ce_lang lang);

#endif
