/* test_dates.c - calendar arithmetic, date and date-time parsing and
 * formatting (dates.h). Day numbers were checked with GNU date:
 * `date -u -d 2023-03-01 +%s` / 86400 = 1677628800 / 86400 = 19417. */
#include <criterion/criterion.h>
#include <string.h>

#include "clustereval/dates.h"

#define UNTOUCHED_DAYS 4242L
#define UNTOUCHED_SECONDS 424242LL
#define DAY 86400LL

/* The first and last day parsing accepts. */
#define FIRST_DAY (-354285L) /* 1000-01-01 */
#define LAST_DAY 2932896L    /* 9999-12-31 */

static int parse_date(const char *text, long *days)
{
    return ce_date_parse(text, strlen(text), days);
}

static int parse_datetime(const char *text, long long *seconds)
{
    return ce_datetime_parse(text, strlen(text), seconds);
}

static long ymd(int y, int m, int d) { return ce_date_from_ymd(y, m, d); }

/* ---- day numbers -------------------------------------------------------- */

Test(dates, known_day_numbers)
{
    static const struct {
        int y, m, d;
        long days;
    } cases[] = {
        {1970, 1, 1, 0},         {1969, 12, 31, -1},      {2000, 3, 1, 11017},
        {2000, 2, 29, 11016},    {2023, 3, 1, 19417},     {2024, 2, 29, 19782},
        {1900, 2, 28, -25509},   {1900, 3, 1, -25508},    {1899, 12, 31, -25568},
        {1600, 2, 29, -135081},  {2100, 3, 1, 47541},     {1000, 1, 1, FIRST_DAY},
        {1000, 3, 1, -354226},   {9999, 12, 31, LAST_DAY},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cr_assert_eq(ymd(cases[i].y, cases[i].m, cases[i].d), cases[i].days,
                     "%04d-%02d-%02d: %ld", cases[i].y, cases[i].m, cases[i].d,
                     ymd(cases[i].y, cases[i].m, cases[i].d));
        int y, m, d;
        ce_date_to_ymd(cases[i].days, &y, &m, &d);
        cr_assert(y == cases[i].y && m == cases[i].m && d == cases[i].d, "%ld -> %d-%d-%d",
                  cases[i].days, y, m, d);
    }
}

Test(dates, leap_years)
{
    /* 1900: divisible by 100, not 400: common. 2000: by 400: leap. */
    cr_assert_eq(ymd(1901, 1, 1) - ymd(1900, 1, 1), 365);
    cr_assert_eq(ymd(2001, 1, 1) - ymd(2000, 1, 1), 366);
    cr_assert_eq(ymd(2025, 1, 1) - ymd(2024, 1, 1), 366);
    cr_assert_eq(ymd(2024, 1, 1) - ymd(2023, 1, 1), 365);
    cr_assert_eq(ymd(2101, 1, 1) - ymd(2100, 1, 1), 365);
    cr_assert_eq(ymd(1900, 3, 1) - ymd(1900, 2, 28), 1);
    cr_assert_eq(ymd(2000, 3, 1) - ymd(2000, 2, 28), 2);
    /* 400 Gregorian years are 146097 days */
    cr_assert_eq(ymd(2400, 1, 1) - ymd(2000, 1, 1), 146097);
    long days;
    cr_assert_eq(parse_date("1900-02-29", &days), -1);
    cr_assert_eq(parse_date("2100-02-29", &days), -1);
    cr_assert_eq(parse_date("2023-02-29", &days), -1);
    cr_assert_eq(parse_date("2000-02-29", &days), 0);
    cr_assert_eq(days, 11016);
    cr_assert_eq(parse_date("2024-02-29", &days), 0);
    cr_assert_eq(days, 19782);
}

/* Walks every day of years 1000..9999: each is the day after the one before
 * (in calendar terms, independently of the day-number formula), and
 * formatting then parsing gives it back. */
Test(dates, round_trip_over_every_day)
{
    int py, pm, pd;
    ce_date_to_ymd(FIRST_DAY - 1, &py, &pm, &pd);
    cr_assert(py == 999 && pm == 12 && pd == 31);
    for (long days = FIRST_DAY; days <= LAST_DAY; days++) {
        int y, m, d;
        ce_date_to_ymd(days, &y, &m, &d);
        int next_day = y == py && m == pm && d == pd + 1;
        int next_month = y == py && m == pm + 1 && d == 1;
        int next_year = y == py + 1 && m == 1 && pm == 12 && d == 1;
        if (!(next_day || next_month || next_year))
            cr_assert_fail("%ld: %d-%d-%d follows %d-%d-%d", days, y, m, d, py, pm, pd);
        if (ymd(y, m, d) != days)
            cr_assert_fail("%ld -> %d-%d-%d -> %ld", days, y, m, d, ymd(y, m, d));
        char text[11];
        long back = UNTOUCHED_DAYS;
        ce_date_format(days, text);
        if (parse_date(text, &back) != 0 || back != days)
            cr_assert_fail("%ld -> %s -> %ld", days, text, back);
        py = y;
        pm = m;
        pd = d;
    }
    cr_assert(py == 9999 && pm == 12 && pd == 31);
}

/* ---- parsing dates ------------------------------------------------------ */

Test(dates, parse_forms)
{
    long days = UNTOUCHED_DAYS;
    cr_assert_eq(parse_date("1970-01-01", &days), 0);
    cr_assert_eq(days, 0);
    cr_assert_eq(parse_date("2023-03-01", &days), 0);
    cr_assert_eq(days, 19417);
    cr_assert_eq(parse_date("  2023-03-01\t ", &days), 0);
    cr_assert_eq(days, 19417);
    /* slash form: one or two digits */
    static const char *const slash[] = {"2023/3/1", "2023/03/01", "2023/3/01", "2023/03/1",
                                        " 2023/3/1 "};
    for (size_t i = 0; i < sizeof slash / sizeof slash[0]; i++) {
        days = UNTOUCHED_DAYS;
        cr_assert_eq(parse_date(slash[i], &days), 0, "%s", slash[i]);
        cr_assert_eq(days, 19417, "%s", slash[i]);
    }
    cr_assert_eq(parse_date("2023/12/31", &days), 0);
    cr_assert_eq(days, ymd(2023, 12, 31));
    cr_assert_eq(parse_date("1000-01-01", &days), 0);
    cr_assert_eq(days, FIRST_DAY);
    cr_assert_eq(parse_date("9999/12/31", &days), 0);
    cr_assert_eq(days, LAST_DAY);
    /* only len bytes are read */
    cr_assert_eq(ce_date_parse("2023-03-01T99", 10, &days), 0);
    cr_assert_eq(days, 19417);
}

Test(dates, parse_rejects)
{
    static const char *const bad[] = {
        "", "   ", "2023", "2023-03", "2023-03-", "2023/3/", "2023/3",
        "2023-02-29",   /* not a leap year */
        "2023-13-01", "2023-00-10", "2023-04-31", "2023-04-00", "2023-01-32",
        "2023/13/1", "2023/2/29", "2023/0/1", "2023/1/0",
        "2023-4-1",     /* the dash form needs two digits */
        "2023-04-1", "2023-4-01", "2023/003/1", "2023/3/001",
        "2023-03/01", "2023/03-01", "2023.03.01", "20230301", "23-03-01",
        "0999-12-31", "999-12-31", "10000-01-01", "-2023-03-01", "+2023-03-01",
        "2023-03-01x", "x2023-03-01", "2023 -03-01", "2023-03-01 x",
        "\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x93-03-01", /* full-width ２０２３ */
        "2023年3月1日",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long days = UNTOUCHED_DAYS;
        cr_assert_eq(parse_date(bad[i], &days), -1, "%s", bad[i]);
        cr_assert_eq(days, UNTOUCHED_DAYS, "%s", bad[i]);
    }
    long days = UNTOUCHED_DAYS;
    /* a NUL inside len is not the end */
    cr_assert_eq(ce_date_parse("2023-03-01\0", 11, &days), -1);
    cr_assert_eq(days, UNTOUCHED_DAYS);
}

/* ---- date-times --------------------------------------------------------- */

/* 2023-03-01T09:00:00 China Standard Time */
#define NINE_AM (19417 * DAY + 9 * 3600)

Test(dates, offsets_convert_to_china_standard_time)
{
    static const char *const same[] = {
        "2023-03-01T01:00:00Z",
        "2023-03-01T09:00:00",
        "2023-03-01T09:00:00+08:00",
        "2023-03-01T09:00:00+0800",
        "2023-03-01T09:00",
        "2023-03-01 09:00:00",
        "2023-03-01T09:00:00.999",
        "2023-03-01T09:00:00.5+08:00",
        "2023/3/1 09:00",
        "2023/3/1T01:00Z",
        "2023-03-01T10:00:00+09:00",
        "2023-03-01T06:30:00+05:30",
        "2023-02-28T20:00:00-05:00",
        "2023-02-28T20:00:00-0500",
        "2023-03-01T01:00:00-00:00",
        " 2023-03-01T09:00:00 ",
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        long long s = UNTOUCHED_SECONDS;
        cr_assert_eq(parse_datetime(same[i], &s), 0, "%s", same[i]);
        cr_assert_eq(s, NINE_AM, "%s: %lld", same[i], s);
    }
    /* `date -u -d 2023-03-01T01:00:00Z +%s` = 1677632400; + 8 h */
    cr_assert_eq(NINE_AM, 1677632400LL + 8 * 3600);
}

Test(dates, datetime_values)
{
    long long s = UNTOUCHED_SECONDS;
    cr_assert_eq(parse_datetime("1970-01-01", &s), 0);
    cr_assert_eq(s, 0);
    cr_assert_eq(parse_datetime("1970-01-01T00:00:00Z", &s), 0);
    cr_assert_eq(s, 8 * 3600);
    cr_assert_eq(parse_datetime("1970-01-01T08:00:00+08:00", &s), 0);
    cr_assert_eq(s, 8 * 3600);
    cr_assert_eq(parse_datetime("2023-03-01T23:59:59", &s), 0);
    cr_assert_eq(s, 19418 * DAY - 1);
    cr_assert_eq(parse_datetime("1969-12-31T23:00:00", &s), 0);
    cr_assert_eq(s, -3600);
    /* the whole range, converted */
    cr_assert_eq(parse_datetime("9999-12-31T23:59:59", &s), 0);
    cr_assert_eq(s, (LAST_DAY + 1) * DAY - 1);
    cr_assert_eq(parse_datetime("1000-01-01T00:00:00", &s), 0);
    cr_assert_eq(s, FIRST_DAY * DAY);
    cr_assert_eq(parse_datetime("1000-01-01T00:00:00+08:00", &s), 0);
    cr_assert_eq(s, FIRST_DAY * DAY);
    s = UNTOUCHED_SECONDS;
    cr_assert_eq(parse_datetime("1000-01-01T00:00:00+09:00", &s), -1); /* 0999-12-31T23 */
    cr_assert_eq(parse_datetime("9999-12-31T23:00:00-05:00", &s), -1); /* 10000-01-01 */
    cr_assert_eq(parse_datetime("9999-12-31T16:00:00Z", &s), -1); /* 10000-01-01T00:00 */
    cr_assert_eq(s, UNTOUCHED_SECONDS);
    cr_assert_eq(parse_datetime("9999-12-31T15:59:59Z", &s), 0);
    cr_assert_eq(s, (LAST_DAY + 1) * DAY - 1);
    s = UNTOUCHED_SECONDS;
    cr_assert_eq(s, UNTOUCHED_SECONDS);
}

Test(dates, date_of_a_datetime_is_china_standard_time)
{
    long days = UNTOUCHED_DAYS;
    cr_assert_eq(parse_date("2023-03-01T09:30", &days), 0);
    cr_assert_eq(days, 19417);
    cr_assert_eq(parse_date("2023-03-01 23:59:59.999", &days), 0);
    cr_assert_eq(days, 19417);
    /* 20:00 UTC is 04:00 the next day in Beijing */
    cr_assert_eq(parse_date("2023-02-28T20:00:00Z", &days), 0);
    cr_assert_eq(days, 19417);
    cr_assert_eq(parse_date("2023-03-01T15:59:59Z", &days), 0);
    cr_assert_eq(days, 19417);
    cr_assert_eq(parse_date("2023-03-01T16:00:00Z", &days), 0);
    cr_assert_eq(days, 19418);
    /* 00:30 in Tokyo is 23:30 the day before in Beijing */
    cr_assert_eq(parse_date("2023-03-01T00:30:00+09:00", &days), 0);
    cr_assert_eq(days, 19416);
    /* before 1970 the date rounds down, not toward zero */
    cr_assert_eq(parse_date("1969-12-31T23:00:00", &days), 0);
    cr_assert_eq(days, -1);
    cr_assert_eq(parse_date("1969-12-31T16:00:00Z", &days), 0);
    cr_assert_eq(days, 0);
    cr_assert_eq(parse_date("1969-12-31T15:59:59Z", &days), 0);
    cr_assert_eq(days, -1);
}

Test(dates, datetime_rejects)
{
    static const char *const bad[] = {
        "2023-03-01T", "2023-03-01T09", "2023-03-01T09:0", "2023-03-01T0900",
        "2023-03-01T24:00", "2023-03-01T23:60", "2023-03-01T23:59:60", "2023-03-01T-1:00",
        "2023-03-01T09:00:00.", "2023-03-01T09:00.5", "2023-03-01T09:00:00,5",
        "2023-03-01T09:00:0", "2023-03-01T09:00:000",
        "2023-03-01  09:00", "2023-03-01\t09:00", "2023-03-01t09:00", "2023-03-01T09:00z",
        "2023-03-01T09:00+08", "2023-03-01T09:00+8:00", "2023-03-01T09:00+08:0",
        "2023-03-01T09:00+08.00", "2023-03-01T09:00+08:00:00",
        "2023-03-01T09:00+0800x", "2023-03-01T09:00+24:00", "2023-03-01T09:00+08:60",
        "2023-03-01T09:00Z+08:00", "2023-03-01T09:00 +08:00", "2023-03-01T09:00UTC",
        "2023-03-01Z", "2023-03-01+08:00",
        "2023-02-29T09:00", "2023-4-1 09:00", "T09:00", "09:00",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long long s = UNTOUCHED_SECONDS;
        long days = UNTOUCHED_DAYS;
        cr_assert_eq(parse_datetime(bad[i], &s), -1, "%s", bad[i]);
        cr_assert_eq(s, UNTOUCHED_SECONDS, "%s", bad[i]);
        cr_assert_eq(parse_date(bad[i], &days), -1, "%s", bad[i]);
        cr_assert_eq(days, UNTOUCHED_DAYS, "%s", bad[i]);
    }
    /* a trailing space is trimmed, not a separator waiting for a time */
    long long s = UNTOUCHED_SECONDS;
    cr_assert_eq(parse_datetime("2023-03-01 ", &s), 0);
    cr_assert_eq(s, 19417 * DAY);
}

/* ---- formatting --------------------------------------------------------- */

Test(dates, format)
{
    char d[11], t[20];
    ce_date_format(0, d);
    cr_assert_str_eq(d, "1970-01-01");
    ce_date_format(19417, d);
    cr_assert_str_eq(d, "2023-03-01");
    ce_date_format(-1, d);
    cr_assert_str_eq(d, "1969-12-31");
    ce_date_format(FIRST_DAY, d);
    cr_assert_str_eq(d, "1000-01-01");
    ce_date_format(LAST_DAY, d);
    cr_assert_str_eq(d, "9999-12-31");
    ce_date_format(FIRST_DAY - 1, d);
    cr_assert_str_eq(d, "0000-00-00");
    ce_date_format(LAST_DAY + 1, d);
    cr_assert_str_eq(d, "0000-00-00");

    ce_datetime_format(NINE_AM, t);
    cr_assert_str_eq(t, "2023-03-01T09:00:00");
    ce_datetime_format(0, t);
    cr_assert_str_eq(t, "1970-01-01T00:00:00");
    ce_datetime_format(-1, t);
    cr_assert_str_eq(t, "1969-12-31T23:59:59");
    ce_datetime_format(19418 * DAY - 1, t);
    cr_assert_str_eq(t, "2023-03-01T23:59:59");
    ce_datetime_format(12 * 3600 + 34 * 60 + 56, t);
    cr_assert_str_eq(t, "1970-01-01T12:34:56");
    ce_datetime_format((LAST_DAY + 1) * DAY - 1, t);
    cr_assert_str_eq(t, "9999-12-31T23:59:59");
    ce_datetime_format(FIRST_DAY * DAY, t);
    cr_assert_str_eq(t, "1000-01-01T00:00:00");
    ce_datetime_format((LAST_DAY + 1) * DAY, t);
    cr_assert_str_eq(t, "0000-00-00T00:00:00");
    ce_datetime_format(FIRST_DAY * DAY - 1, t);
    cr_assert_str_eq(t, "0000-00-00T00:00:00");

    /* format, parse: the same seconds */
    long long s;
    cr_assert_eq(parse_datetime("2023-02-28T20:00:00.25-05:00", &s), 0);
    ce_datetime_format(s, t);
    cr_assert_str_eq(t, "2023-03-01T09:00:00");
    long long back = UNTOUCHED_SECONDS;
    cr_assert_eq(parse_datetime(t, &back), 0);
    cr_assert_eq(back, s);
}

/* ---- adding years ------------------------------------------------------- */

Test(dates, add_years)
{
    static const struct {
        int y, m, d, years, wy, wm, wd;
    } cases[] = {
        {2020, 2, 29, 1, 2021, 2, 28},  /* no 29 Feb in 2021: the month's last day */
        {2020, 2, 29, 4, 2024, 2, 29},
        {2020, 2, 29, -1, 2019, 2, 28},
        {2000, 2, 29, 100, 2100, 2, 28}, /* 2100 is not leap */
        {2000, 2, 29, 400, 2400, 2, 29},
        {2023, 3, 1, 1, 2024, 3, 1},
        {2024, 3, 1, -1, 2023, 3, 1},
        {2023, 2, 28, 1, 2024, 2, 28},   /* not moved to 29 Feb */
        {2023, 12, 31, 3, 2026, 12, 31},
        {2023, 1, 31, 0, 2023, 1, 31},
        {1970, 1, 1, 30, 2000, 1, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long got = ce_date_add_years(ymd(cases[i].y, cases[i].m, cases[i].d), cases[i].years);
        int y, m, d;
        ce_date_to_ymd(got, &y, &m, &d);
        cr_assert(y == cases[i].wy && m == cases[i].wm && d == cases[i].wd,
                  "%d-%d-%d + %d years = %d-%d-%d", cases[i].y, cases[i].m, cases[i].d,
                  cases[i].years, y, m, d);
    }
    long days;
    cr_assert_eq(parse_date("2020-02-29", &days), 0);
    char out[11];
    ce_date_format(ce_date_add_years(days, 1), out);
    cr_assert_str_eq(out, "2021-02-28");
}

/* Adding days stays inside the calendar the parser accepts (1000-01-01 ..
 * 9999-12-31): a voucher of 9999-12-31 valid 60 days has no expiry day that
 * can be written, so the sum is refused instead of formatted as
 * "0000-00-00" (issue 13). */
Test(dates, add_days_inside_the_calendar)
{
    long out = UNTOUCHED_DAYS;
    cr_assert_eq(ce_date_add_days(ymd(2023, 3, 1), 60, &out), 0);
    cr_assert_eq(out, ymd(2023, 4, 30));
    cr_assert_eq(ce_date_add_days(ymd(9999, 11, 1), 60, &out), 0);
    cr_assert_eq(out, LAST_DAY);
    cr_assert_eq(ce_date_add_days(LAST_DAY, 0, &out), 0);
    cr_assert_eq(out, LAST_DAY);
    cr_assert_eq(ce_date_add_days(FIRST_DAY + 1, -1, &out), 0);
    cr_assert_eq(out, FIRST_DAY);

    out = UNTOUCHED_DAYS;
    cr_assert_eq(ce_date_add_days(ymd(9999, 11, 2), 60, &out), -1); /* 10000-01-01 */
    cr_assert_eq(ce_date_add_days(LAST_DAY, 1, &out), -1);
    cr_assert_eq(ce_date_add_days(LAST_DAY, 60, &out), -1);
    cr_assert_eq(ce_date_add_days(FIRST_DAY, -1, &out), -1);
    cr_assert_eq(ce_date_add_days(LAST_DAY + 1, -1, &out), -1); /* starts outside */
    cr_assert_eq(ce_date_add_days(0, 2147483647L, &out), -1);
    cr_assert_eq(ce_date_add_days(0, -2147483647L - 1, &out), -1);
    cr_assert_eq(out, UNTOUCHED_DAYS);
}

/* ce_date_format says whether the day could be written. */
Test(dates, format_reports_a_day_outside_the_calendar)
{
    char d[11];
    cr_assert_eq(ce_date_format(LAST_DAY, d), 0);
    cr_assert_str_eq(d, "9999-12-31");
    cr_assert_eq(ce_date_format(FIRST_DAY, d), 0);
    cr_assert_eq(ce_date_format(LAST_DAY + 1, d), -1);
    cr_assert_str_eq(d, "0000-00-00");
    cr_assert_eq(ce_date_format(FIRST_DAY - 1, d), -1);
    cr_assert_eq(ce_date_format(LAST_DAY + 1, d), -1);
}

/* Chinese Excel writes a date-time as 2023/3/1 9:05: one-digit hours are read. */
Test(dates, excel_one_digit_hour)
{
    long long s = 0, t = 0;
    cr_assert_eq(ce_datetime_parse("2023/3/1 9:05", 13, &s), 0);
    cr_assert_eq(ce_datetime_parse("2023-03-01T09:05:00", 19, &t), 0);
    cr_assert_eq(s, t);
    cr_assert_eq(s, 19417LL * 86400 + 9 * 3600 + 5 * 60);
}
