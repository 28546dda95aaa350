/* fuzz_dates.c - libFuzzer harness for dates.h. The input is one cell, not
 * NUL-terminated. Checked:
 *   - round trips: ce_date_parse -> ce_date_format -> ce_date_parse and
 *     ce_datetime_parse -> ce_datetime_format -> ce_datetime_parse give the
 *     same value, and the text is never the out-of-range "0000-00-00";
 *   - ce_date_parse accepts exactly what ce_datetime_parse accepts and gives
 *     floor(seconds / 86400) of it (ce_datetime_day);
 *   - ce_date_to_ymd / ce_date_from_ymd are inverse on parsed days, years
 *     1000..9999;
 *   - ce_date_add_years keeps month and day, or gives the month's last day
 *     (years = input length % 41 - 20, so that the fuzzer varies it). */
#include "fuzz_util.h"

#include <stdint.h>

#include "clustereval/dates.h"

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : dim[m - 1];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    long days = -777;
    long long secs = -777;
    int rd = ce_date_parse(text, size, &days);
    int rt = ce_datetime_parse(text, size, &secs);
    FUZZ_CHECK(rd == 0 || rd == -1, "ce_date_parse returns %d", rd);
    FUZZ_CHECK(rt == 0 || rt == -1, "ce_datetime_parse returns %d", rt);
    FUZZ_CHECK(rd == rt, "ce_date_parse %d, ce_datetime_parse %d", rd, rt);
    if (rd != 0) {
        FUZZ_CHECK(days == -777 && secs == -777, "out-parameter set on failure");
        return 0;
    }
    FUZZ_CHECK(days == ce_datetime_day(secs), "days %ld, seconds %lld (day %ld)", days, secs,
               ce_datetime_day(secs));

    char d10[11];
    ce_date_format(days, d10);
    FUZZ_CHECK(strlen(d10) == 10 && strcmp(d10, "0000-00-00") != 0, "days %ld format as %s",
               days, d10);
    long again = -1;
    FUZZ_CHECK(ce_date_parse(d10, 10, &again) == 0 && again == days,
               "days %ld -> \"%s\" -> %ld", days, d10, again);

    char t19[20];
    ce_datetime_format(secs, t19);
    FUZZ_CHECK(strlen(t19) == 19 && strncmp(t19, "0000-00-00", 10) != 0,
               "seconds %lld format as %s", secs, t19);
    long long secs2 = -1;
    FUZZ_CHECK(ce_datetime_parse(t19, 19, &secs2) == 0 && secs2 == secs,
               "seconds %lld -> \"%s\" -> %lld", secs, t19, secs2);
    FUZZ_CHECK(strncmp(t19, d10, 10) == 0, "date %s, date-time %s", d10, t19);

    int y, m, d;
    ce_date_to_ymd(days, &y, &m, &d);
    FUZZ_CHECK(y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m),
               "days %ld -> %d-%d-%d", days, y, m, d);
    FUZZ_CHECK(ce_date_from_ymd(y, m, d) == days, "%d-%d-%d -> %ld, not %ld", y, m, d,
               ce_date_from_ymd(y, m, d), days);

    int years = (int)(size % 41) - 20;
    long later = ce_date_add_years(days, years);
    int y2, m2, d2;
    ce_date_to_ymd(later, &y2, &m2, &d2);
    int expect_d = d <= month_days(y + years, m) ? d : month_days(y + years, m);
    FUZZ_CHECK(y2 == y + years && m2 == m && d2 == expect_d, "%d-%d-%d + %d years = %d-%d-%d", y,
               m, d, years, y2, m2, d2);
    FUZZ_CHECK(ce_date_add_years(days, 0) == days, "adding 0 years moves %ld", days);
    return 0;
}
