/* dates.c - see dates.h. Day counting follows Howard Hinnant's
 * days_from_civil / civil_from_days ("chrono-Compatible Low-Level Date
 * Algorithms"): the year is taken to start on 1 March, so that the leap day
 * comes last, and is split into 400-year eras of 146097 days. */
#include "clustereval/dates.h"

#include <string.h>

#define SECONDS_PER_DAY 86400LL
#define CST_OFFSET (8 * 3600) /* China Standard Time, UTC+8 */
#define MIN_YEAR 1000
#define MAX_YEAR 9999

static int is_leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(long y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

long ce_date_from_ymd(int y, int m, int d)
{
    long yy = (long)y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;                                   /* [0, 399] */
    long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            /* [0, 146096] */
    return era * 146097 + doe - 719468; /* 719468: 0000-03-01 to 1970-01-01 */
}

void ce_date_to_ymd(long days, int *y, int *m, int *d)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153; /* 0 = March .. 11 = February */
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

long ce_date_add_years(long days, int years)
{
    int y, m, d;
    ce_date_to_ymd(days, &y, &m, &d);
    y += years;
    if (d > days_in_month(y, m))
        d = days_in_month(y, m);
    return ce_date_from_ymd(y, m, d);
}

int ce_date_add_days(long days, long n, long *out)
{
    long first = ce_date_from_ymd(MIN_YEAR, 1, 1), last = ce_date_from_ymd(MAX_YEAR, 12, 31);
    /* both within the calendar's ~3.65 million days: the sum cannot overflow */
    if (days < first || days > last || n < first - days || n > last - days)
        return -1;
    *out = days + n;
    return 0;
}

/* ---- parsing ------------------------------------------------------------ */

typedef struct {
    const char *p, *end;
} cursor;

static int at_end(const cursor *c) { return c->p == c->end; }

static int peek(const cursor *c) { return c->p < c->end ? (unsigned char)*c->p : -1; }

static int accept(cursor *c, char ch)
{
    if (peek(c) != (unsigned char)ch)
        return 0;
    c->p++;
    return 1;
}

static int is_digit(int ch) { return ch >= '0' && ch <= '9'; }

/* Reads min..max digits into *v; returns 0, or -1 when there are fewer than
 * min. */
static int digits(cursor *c, int min, int max, int *v)
{
    int n = 0, x = 0;
    while (n < max && is_digit(peek(c))) {
        x = x * 10 + (*c->p++ - '0');
        n++;
    }
    if (n < min)
        return -1;
    *v = x;
    return 0;
}

/* YYYY-MM-DD or YYYY/M/D, an existing date of years 1000..9999. */
static int parse_date(cursor *c, long *days)
{
    int y, m, d;
    if (digits(c, 4, 4, &y) != 0)
        return -1;
    if (accept(c, '-')) {
        if (digits(c, 2, 2, &m) != 0 || !accept(c, '-') || digits(c, 2, 2, &d) != 0)
            return -1;
    } else if (accept(c, '/')) {
        if (digits(c, 1, 2, &m) != 0 || !accept(c, '/') || digits(c, 1, 2, &d) != 0)
            return -1;
    } else {
        return -1;
    }
    if (y < MIN_YEAR || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    *days = ce_date_from_ymd(y, m, d);
    return 0;
}

/* HH:MM or HH:MM:SS[.fraction]; sets *secs to the seconds since midnight. */
static int parse_time(cursor *c, long *secs)
{
    int h, mi, s = 0;
    /* one-digit hours too: Chinese Excel writes 2023/3/1 9:05 */
    if (digits(c, 1, 2, &h) != 0 || !accept(c, ':') || digits(c, 2, 2, &mi) != 0)
        return -1;
    if (accept(c, ':')) {
        if (digits(c, 2, 2, &s) != 0)
            return -1;
        if (accept(c, '.')) {
            if (!is_digit(peek(c)))
                return -1;
            while (is_digit(peek(c)))
                c->p++;
        }
    }
    if (h > 23 || mi > 59 || s > 59)
        return -1;
    *secs = h * 3600L + mi * 60L + s;
    return 0;
}

/* Z, +HH:MM, -HH:MM, +HHMM or -HHMM; sets *offset to seconds east of UTC. */
static int parse_offset(cursor *c, long *offset)
{
    if (accept(c, 'Z')) {
        *offset = 0;
        return 0;
    }
    int sign = accept(c, '+') ? 1 : accept(c, '-') ? -1 : 0;
    int h, mi;
    if (sign == 0 || digits(c, 2, 2, &h) != 0)
        return -1;
    accept(c, ':');
    if (digits(c, 2, 2, &mi) != 0 || h > 23 || mi > 59)
        return -1;
    *offset = sign * (h * 3600L + mi * 60L);
    return 0;
}

static int is_blank(char ch) { return ch == ' ' || ch == '\t'; }

int ce_datetime_parse(const char *text, size_t len, long long *seconds)
{
    while (len > 0 && is_blank(*text)) {
        text++;
        len--;
    }
    while (len > 0 && is_blank(text[len - 1]))
        len--;
    cursor c = {text, text + len};
    long days, secs = 0, offset = CST_OFFSET;
    if (parse_date(&c, &days) != 0)
        return -1;
    if (!at_end(&c)) {
        if (!accept(&c, 'T') && !accept(&c, ' '))
            return -1;
        if (parse_time(&c, &secs) != 0)
            return -1;
        if (!at_end(&c) && parse_offset(&c, &offset) != 0)
            return -1;
        if (!at_end(&c))
            return -1;
    }
    long long t = days * SECONDS_PER_DAY + secs - offset + CST_OFFSET;
    long long lo = ce_date_from_ymd(MIN_YEAR, 1, 1) * SECONDS_PER_DAY;
    long long hi = (ce_date_from_ymd(MAX_YEAR, 12, 31) + 1) * SECONDS_PER_DAY;
    if (t < lo || t >= hi)
        return -1;
    *seconds = t;
    return 0;
}

long ce_datetime_day(long long seconds)
{
    long long q = seconds / SECONDS_PER_DAY;
    if (seconds % SECONDS_PER_DAY < 0)
        q--;
    return (long)q;
}

int ce_date_parse(const char *text, size_t len, long *days)
{
    long long t;
    if (ce_datetime_parse(text, len, &t) != 0)
        return -1;
    *days = ce_datetime_day(t);
    return 0;
}

/* ---- formatting --------------------------------------------------------- */

/* Writes v (0 <= v < 10^width) as width digits; returns the end. */
static char *put(char *out, long v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return out + width;
}

/* Writes "YYYY-MM-DD" without a NUL; returns 0, or -1 (nothing written)
 * outside years 1000..9999. */
static int put_date(char *out, long long days)
{
    if (days < ce_date_from_ymd(MIN_YEAR, 1, 1) || days > ce_date_from_ymd(MAX_YEAR, 12, 31))
        return -1;
    int y, m, d;
    ce_date_to_ymd((long)days, &y, &m, &d);
    out = put(out, y, 4);
    *out++ = '-';
    out = put(out, m, 2);
    *out++ = '-';
    put(out, d, 2);
    return 0;
}

int ce_date_format(long days, char out[11])
{
    int rc = put_date(out, days);
    if (rc != 0)
        memcpy(out, "0000-00-00", 10);
    out[10] = '\0';
    return rc;
}

void ce_datetime_format(long long seconds, char out[20])
{
    long long days = seconds / SECONDS_PER_DAY, secs = seconds % SECONDS_PER_DAY;
    if (secs < 0) {
        secs += SECONDS_PER_DAY;
        days--;
    }
    if (put_date(out, days) != 0) {
        memcpy(out, "0000-00-00T00:00:00", 19);
    } else {
        char *p = out + 10;
        *p++ = 'T';
        p = put(p, (long)(secs / 3600), 2);
        *p++ = ':';
        p = put(p, (long)(secs / 60 % 60), 2);
        *p++ = ':';
        put(p, (long)(secs % 60), 2);
    }
    out[19] = '\0';
}
