/* csv2xlsx.c - writes a CSV file (UTF-8, read with libcsv) as an .xlsx
 * workbook (libxlsxwriter) the way an analyst's Excel holds it, for the
 * end-to-end tests of .xlsx input (tests/e2e/xlsx_input.sh):
 *   numbers      a cell that is a plain decimal (optional sign, no leading
 *                zero, at most 15 significant digits, optional thousands
 *                separators "1,353") is a number cell, shown "#,##0" when it
 *                had separators;
 *   dates        YYYY-MM-DD a date cell (format yyyy-mm-dd),
 *                YYYY-MM-DDTHH:MM:SS a date-time cell (yyyy-mm-dd hh:mm:ss);
 *   the rest     a text cell (ids such as 001 and credit codes stay text).
 *
 *   csv2xlsx IN.csv OUT.xlsx [SHEET [FIRST_SHEET]]
 * SHEET names the data's sheet (default Sheet1); FIRST_SHEET, when given, is
 * an instructions sheet put before it. Exit 0, or 1 with a message.
 * Build: cc csv2xlsx.c -lcsv $(pkg-config --cflags --libs xlsxwriter)
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

typedef struct {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *thousands, *date, *datetime;
    lxw_row_t row;
    lxw_col_t col;
} state;

/* The number a plain decimal field holds; 1 when it is one. */
static int plain_number(const char *s, double *out, int *grouped)
{
    char digits[64];
    size_t n = 0, sig = 0;
    const char *p = s;
    *grouped = 0;
    if (*p == '-')
        digits[n++] = *p++;
    if (!(*p >= '0' && *p <= '9') || (p[0] == '0' && p[1] >= '0' && p[1] <= '9'))
        return 0;
    size_t run = 0;
    for (; (*p >= '0' && *p <= '9') || *p == ','; p++) {
        if (*p == ',') {
            if (run == 0 || (*grouped && run != 3) || (!*grouped && run > 3))
                return 0;
            *grouped = 1;
            run = 0;
            continue;
        }
        run++;
        if (n + 2 >= sizeof digits)
            return 0;
        digits[n++] = *p;
        sig += sig || *p != '0';
    }
    if (*grouped && run != 3)
        return 0;
    if (*p == '.') {
        digits[n++] = *p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        for (; *p >= '0' && *p <= '9'; p++) {
            if (n + 2 >= sizeof digits)
                return 0;
            digits[n++] = *p;
            sig += sig || *p != '0';
        }
    }
    if (*p || sig > 15)
        return 0;
    digits[n] = '\0';
    *out = strtod(digits, NULL);
    return 1;
}

static int date_of(const char *s, lxw_datetime *d, int *with_time)
{
    int y, mo, da, h = 0, mi = 0, se = 0, k = 0;
    *with_time = 0;
    if (strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &da, &k) == 3 && k == 10) {
    } else if (strlen(s) == 19 &&
               sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &da, &h, &mi, &se, &k) == 6 &&
               k == 19) {
        *with_time = 1;
    } else {
        return 0;
    }
    /* Excel keeps a day that does not exist (2023-02-30) as text. */
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1900 || mo < 1 || mo > 12 || da < 1 || da > mdays[mo - 1] + (mo == 2 && leap) ||
        h > 23 || mi > 59 || se > 59)
        return 0;
    *d = (lxw_datetime){y, mo, da, h, mi, se};
    return 1;
}

static void on_field(void *f, size_t len, void *ud)
{
    state *s = ud;
    char *text = malloc(len + 1);
    if (!text)
        exit(1);
    memcpy(text, f ? f : "", len);
    text[len] = '\0';
    double v;
    int grouped, with_time;
    lxw_datetime d;
    if (len == 0) {
        /* an empty cell: nothing written */
    } else if (s->row > 0 && plain_number(text, &v, &grouped)) {
        worksheet_write_number(s->ws, s->row, s->col, v, grouped ? s->thousands : NULL);
    } else if (s->row > 0 && date_of(text, &d, &with_time)) {
        worksheet_write_datetime(s->ws, s->row, s->col, &d, with_time ? s->datetime : s->date);
    } else {
        worksheet_write_string(s->ws, s->row, s->col, text, NULL);
    }
    free(text);
    s->col++;
}

static void on_row(int c, void *ud)
{
    (void)c;
    state *s = ud;
    s->row++;
    s->col = 0;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 5) {
        fprintf(stderr, "usage: csv2xlsx IN.csv OUT.xlsx [SHEET [FIRST_SHEET]]\n");
        return 1;
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    state s = {0};
    s.wb = workbook_new(argv[2]);
    if (!s.wb) {
        fprintf(stderr, "csv2xlsx: cannot create %s\n", argv[2]);
        return 1;
    }
    if (argc == 5) {
        lxw_worksheet *first = workbook_add_worksheet(s.wb, argv[4]);
        worksheet_write_string(first, 0, 0, "填报说明：数据在下一个工作表", NULL);
    }
    s.ws = workbook_add_worksheet(s.wb, argc >= 4 ? argv[3] : NULL);
    s.thousands = workbook_add_format(s.wb);
    format_set_num_format(s.thousands, "#,##0");
    s.date = workbook_add_format(s.wb);
    format_set_num_format(s.date, "yyyy-mm-dd");
    s.datetime = workbook_add_format(s.wb);
    format_set_num_format(s.datetime, "yyyy-mm-dd hh:mm:ss");
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0)
        return 1;
    char buf[1 << 16];
    size_t n;
    int bom_checked = 0;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
        char *b = buf;
        if (!bom_checked && n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0) {
            b += 3;
            n -= 3;
        }
        bom_checked = 1;
        if (csv_parse(&p, b, n, on_field, on_row, &s) != n) {
            fprintf(stderr, "csv2xlsx: %s: %s\n", argv[1], csv_strerror(csv_error(&p)));
            return 1;
        }
    }
    csv_fini(&p, on_field, on_row, &s);
    csv_free(&p);
    fclose(in);
    if (workbook_close(s.wb) != LXW_NO_ERROR) {
        fprintf(stderr, "csv2xlsx: cannot write %s\n", argv[2]);
        return 1;
    }
    return 0;
}
