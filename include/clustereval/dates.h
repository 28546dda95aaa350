/* dates.h - calendar dates and date-times as plain numbers: days and seconds
 * since 1970-01-01 (00:00:00) in China Standard Time (UTC+8), proleptic
 * Gregorian calendar. Parsing accepts years 1000..9999 only. No libc time
 * functions are used, so nothing depends on the process's time zone or
 * locale.
 *
 * Accepted dates (surrounding ASCII spaces and tabs ignored):
 *   YYYY-MM-DD   ISO 8601; month and day must have two digits (2023-04-01,
 *                not 2023-4-1)
 *   YYYY/M/D     as Chinese Excel writes dates; month and day have one or two
 *                digits (2023/4/1, 2023/04/01)
 *
 * Pure functions of their arguments: no allocation, no state.
 */
#ifndef CLUSTEREVAL_DATES_H
#define CLUSTEREVAL_DATES_H

#include <stddef.h>

/* Days since 1970-01-01 of y-m-d (negative before it); the caller
 * guarantees a valid date. */
long ce_date_from_ymd(int y, int m, int d);

/* The inverse of ce_date_from_ymd. */
void ce_date_to_ymd(long days, int *y, int *m, int *d);

/* Parses a date (either form above) in text[0..len), which need not be
 * NUL-terminated. Also accepts a date-time, anything ce_datetime_parse
 * accepts, and keeps the date part of its China Standard Time result, so
 * that ce_date_parse gives floor(seconds / 86400) of ce_datetime_parse:
 * "2023-03-01T09:30" and "2023-02-28T20:00:00Z" both give 2023-03-01.
 * Returns 0 and sets *days, or -1 (bad format, a date that does not exist
 * such as 2023-02-29 or 2023-04-31, a year outside 1000..9999), leaving
 * *days untouched. */
int ce_date_parse(const char *text, size_t len, long *days);

/* The day (days since 1970-01-01) of seconds as ce_datetime_parse returns
 * them: floor(seconds / 86400), also before 1970. */
long ce_datetime_day(long long seconds);

/* Parses an ISO 8601 date-time in text[0..len) (need not be NUL-terminated;
 * surrounding spaces and tabs ignored): a date (either form above); then
 * optionally 'T' or one space and HH:MM or HH:MM:SS (also a one-digit hour,
 * as Chinese Excel writes 2023/3/1 9:05), seconds optionally followed by
 * '.' and one or more digits of fraction (ignored, not rounded);
 * then, only after a time, optionally 'Z' or an offset +HH:MM, -HH:MM,
 * +HHMM or -HHMM. Hours are 00-23, minutes and seconds 00-59 (no leap
 * second, no 24:00), in the time and in the offset. A date alone means
 * 00:00:00. The result is seconds since 1970-01-01T00:00:00 in China
 * Standard Time: a time with an offset is converted to UTC+8, a time without
 * one is taken as UTC+8 already. Returns 0 and sets *seconds, or -1 (also
 * when the converted time leaves years 1000..9999), leaving *seconds
 * untouched. */
int ce_datetime_parse(const char *text, size_t len, long long *seconds);

/* Writes "YYYY-MM-DD" and a NUL (11 bytes) into out and returns 0 when days
 * lies in years 1000..9999 (as ce_date_parse returns); outside them out is
 * "0000-00-00" and the result -1: a caller that computed days must not
 * print that. */
int ce_date_format(long days, char out[11]);

/* Writes "YYYY-MM-DDTHH:MM:SS" and a NUL (20 bytes) into out, seconds as
 * ce_datetime_parse returns them (China Standard Time, no offset written).
 * Outside years 1000..9999 out is "0000-00-00T00:00:00". */
void ce_datetime_format(long long seconds, char out[20]);

/* The day n days (negative: before) after days. Returns 0 and sets *out
 * when both days and the result lie in years 1000..9999, the calendar that
 * parsing accepts and formatting writes; else -1, *out untouched (a voucher
 * issued on 9999-12-31 has no expiry day: the caller refuses it). */
int ce_date_add_days(long days, long n, long *out);

/* The date `years` years (negative: before) after days, on the same month
 * and day; when that day does not exist (29 February in a common year) the
 * last day of that month, as 《民法典》第二百零二条 ends periods counted in
 * years: "到期月的对应日为期间的最后一日；没有对应日的，
 * 月末日为期间的最后一日". The result may lie after 9999-12-31: fit for
 * comparing, not for ce_date_format.
 * (Whether the start day counts, 第二百零一条, is the caller's affair.) */
long ce_date_add_years(long days, int years);

#endif
