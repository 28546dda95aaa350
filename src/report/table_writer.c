/* table_writer.c - see table_writer.h. */
#include "clustereval/table_writer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/csvio.h"
#include "clustereval/numparse.h" /* ce_money_format */
#include "clustereval/report.h"   /* ce_report_format_number */

#include "report_private.h"

/* Room for any double with 17 decimals (DBL_MAX has 309 digits). */
#define NUM_CAP 400

struct ce_tw {
    ce_tw_sinks s;
    int bom_done;
    const ce_tw_column *cols; /* the header's */
    size_t n_cols;
    /* the row being given: its cells' text one after another in buf */
    char *buf;
    size_t len, cap;
    size_t *start;       /* n_cols offsets into buf */
    unsigned char *text; /* n_cols: the cell is text (formula-guarded in the CSV) */
    const char **cells;  /* n_cols, pointers into buf at end_row */
    size_t n_cells;      /* given so far, may exceed n_cols */
    int nomem;
};

static const ce_xlsx_format xlsx_format[] = {
    [CE_TW_TEXT] = CE_XLSX_TEXT,       [CE_TW_MONEY] = CE_XLSX_MONEY,
    [CE_TW_INTEGER] = CE_XLSX_INTEGER, [CE_TW_NUMBER] = CE_XLSX_NUMBER,
    [CE_TW_SCORE] = CE_XLSX_SCORE,     [CE_TW_SHARE] = CE_XLSX_SHARE};

ce_status ce_tw_open(const ce_tw_sinks *sinks, ce_tw **out, ce_error *err)
{
    ce_tw *w = calloc(1, sizeof *w);
    if (!w)
        return ce_error_nomem(err);
    w->s = *sinks;
    *out = w;
    return CE_OK;
}

ce_status ce_tw_header(ce_tw *w, const char *sheet, size_t n_cols, const ce_tw_column *cols,
                       ce_error *err)
{
    return ce_tw_header_titled(w, sheet, n_cols, cols, NULL, err);
}

/* Column c's title in lang: the caller's, else its code's label. */
static const char *title_of(const ce_tw_column *cols, const char *const *titles, size_t c,
                            ce_lang lang)
{
    return titles && titles[c] ? titles[c] : ce_label(cols[c].code, lang);
}

ce_status ce_tw_header_titled(ce_tw *w, const char *sheet, size_t n_cols,
                              const ce_tw_column *cols, const char *const *titles,
                              ce_error *err)
{
    size_t *start = malloc((n_cols ? n_cols : 1) * sizeof *start);
    const char **cells = malloc((n_cols ? n_cols : 1) * sizeof *cells);
    unsigned char *text = malloc(n_cols ? n_cols : 1);
    ce_xlsx_format *fmts = malloc((n_cols ? n_cols : 1) * sizeof *fmts);
    if (!start || !cells || !text || !fmts) {
        free(start);
        free(cells);
        free(text);
        free(fmts);
        return ce_error_nomem(err);
    }
    free(w->start);
    free(w->cells);
    free(w->text);
    w->start = start;
    w->cells = cells;
    w->text = text;
    w->cols = cols;
    w->n_cols = n_cols;
    w->n_cells = 0;
    w->len = 0;
    FILE *csv = w->s.csv;
    if (csv) {
        if (w->s.bom && !w->bom_done)
            fputs("\xEF\xBB\xBF", csv);
        w->bom_done = 1;
        for (size_t c = 0; c < n_cols; c++) {
            if (c)
                putc(',', csv);
            ce_csv_write_text(csv, title_of(cols, titles, c, w->s.csv_lang));
        }
        putc('\n', csv);
    }
    ce_status st = CE_OK;
    if (w->s.xlsx) {
        for (size_t c = 0; c < n_cols; c++) {
            cells[c] = title_of(cols, titles, c, w->s.xlsx_lang);
            fmts[c] = (unsigned)cols[c].kind < sizeof xlsx_format / sizeof *xlsx_format
                          ? xlsx_format[cols[c].kind]
                          : CE_XLSX_TEXT;
        }
        st = ce_xlsx_sheet(w->s.xlsx, sheet, n_cols, cells, fmts, err);
    }
    free(fmts);
    return st;
}

/* Appends the next cell's text (n bytes) to the row; is_text: a text cell
 * (guarded), else a number. */
static void put_cell(ce_tw *w, const char *text, size_t n, int is_text)
{
    size_t k = w->n_cells++;
    if (k >= w->n_cols || w->nomem)
        return;
    if (w->len + n + 1 > w->cap) {
        size_t cap = w->cap ? w->cap : 256;
        while (cap < w->len + n + 1)
            cap *= 2;
        char *grown = realloc(w->buf, cap);
        if (!grown) {
            w->nomem = 1;
            return;
        }
        w->buf = grown;
        w->cap = cap;
    }
    w->start[k] = w->len;
    w->text[k] = (unsigned char)is_text;
    memcpy(w->buf + w->len, text, n);
    w->buf[w->len + n] = '\0';
    w->len += n + 1;
}

void ce_tw_text(ce_tw *w, const char *text)
{
    text = text ? text : "";
    put_cell(w, text, strlen(text), 1);
}

void ce_tw_empty(ce_tw *w)
{
    put_cell(w, "", 0, 1);
}

/* A number's text: never guarded, never quoted. */
static void put_number(ce_tw *w, const char *num)
{
    put_cell(w, num, strlen(num), 0);
}

void ce_tw_money(ce_tw *w, long long fen)
{
    char num[32];
    put_number(w, ce_money_format(fen, num, sizeof num));
}

void ce_tw_integer(ce_tw *w, long long v)
{
    char num[32];
    snprintf(num, sizeof num, "%lld", v);
    put_number(w, num);
}

void ce_tw_number(ce_tw *w, double v, int digits)
{
    char num[NUM_CAP];
    ce_report_format_number(v, digits, num, sizeof num);
    put_number(w, num);
}

void ce_tw_number_exact(ce_tw *w, double v)
{
    char num[NUM_CAP];
    if (isnan(v)) {
        put_number(w, "");
        return;
    }
    int found = 0;
    double a = fabs(v);
    if (a == 0 || (a >= 1e-5 && a < 1e15)) /* plain decimals, as people write them */
        for (int d = 0; d <= 25 && !found; d++) {
            snprintf(num, sizeof num, "%.*f", d, v);
            found = strtod(num, NULL) == v;
        }
    for (int prec = 1; prec <= 17 && !found; prec++) { /* the shortest that reads back */
        snprintf(num, sizeof num, "%.*g", prec, v);
        found = strtod(num, NULL) == v;
    }
    put_number(w, strcmp(num, "-0") == 0 ? "0" : num);
}

ce_status ce_tw_end_row(ce_tw *w, ce_xlsx_mark mark, ce_error *err)
{
    size_t given = w->n_cells;
    int nomem = w->nomem;
    w->n_cells = 0;
    w->len = 0;
    w->nomem = 0;
    if (nomem)
        return ce_error_nomem(err);
    if (!w->cols || given != w->n_cols)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                            "table row of %zu cells under a header of %zu columns", given,
                            w->n_cols);
    for (size_t c = 0; c < w->n_cols; c++)
        w->cells[c] = w->buf + w->start[c];
    FILE *csv = w->s.csv;
    if (csv) {
        for (size_t c = 0; c < w->n_cols; c++) {
            if (c)
                putc(',', csv);
            if (w->text[c])
                ce_csv_write_text(csv, w->cells[c]);
            else
                fputs(w->cells[c], csv); /* a number: never a formula, never quoted */
        }
        putc('\n', csv);
    }
    return w->s.xlsx ? ce_xlsx_row(w->s.xlsx, w->cells, mark, err) : CE_OK;
}

ce_status ce_tw_flush(ce_tw *w, ce_error *err)
{
    return w->s.csv ? ce_report_flush_check(w->s.csv, w->s.what ? w->s.what : "output", err)
                    : CE_OK;
}

ce_status ce_tw_close(ce_tw *w, ce_status st, ce_error *err)
{
    if (!w)
        return st;
    if (st == CE_OK && w->s.what)
        st = ce_tw_flush(w, err);
    free(w->buf);
    free(w->start);
    free(w->cells);
    free(w->text);
    free(w);
    return st;
}
