/* xlsx.c - see xlsx.h. Built on libxlsxwriter 1.1.4 (Debian 12). */
#include "clustereval/xlsx.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "clustereval/outfile.h"

#include "xlsx_private.h"

/* The number formats of the columns; TEXT and NUMBER cells use none. */
enum { STYLE_NONE = 0, STYLE_SCORE, STYLE_MONEY, STYLE_INTEGER, STYLE_SHARE, N_STYLES };
enum { N_MARKS = CE_XLSX_REJECTED + 1 };

static const char *const style_num_format[N_STYLES] = {NULL, "0.00", "#,##0.00", "0", "0.0%"};
/* Excel's Good, Neutral and Bad fills. */
static const lxw_color_t mark_fill[N_MARKS] = {0, 0xC6EFCE, 0xFFEB9C, 0xFFC7CE};

#define SHEET_NAME_CHARS 31 /* LXW_SHEETNAME_MAX: characters, not bytes */
#define SHEET_NAME_CAP (SHEET_NAME_CHARS * 4 + 1)
#define MIN_WIDTH 8.0
#define MIN_MONEY_WIDTH 14.0 /* "10,000,000.00" */
#define MAX_WIDTH 60.0

struct ce_xlsx {
    ce_outfile out; /* the temporary file libxlsxwriter writes on close */
    char *tmpdir;   /* $TMPDIR or /tmp, for libxlsxwriter's temporary files */
    lxw_workbook *wb;
    lxw_format *header;
    lxw_format *cell[N_STYLES][N_MARKS]; /* [STYLE_NONE][CE_XLSX_PLAIN] is NULL */
    lxw_worksheet **sheets;              /* all added, for ce_xlsx_abort */
    size_t n_sheets, cap_sheets;
    /* the current sheet */
    lxw_worksheet *ws;
    char name[SHEET_NAME_CAP];
    size_t n_cols;
    ce_xlsx_format *formats;
    char **headers;
    lxw_row_t next_row;
    int raw;    /* the current sheet is the caller's (ce_xlsx_raw_sheet) */
    int broken; /* libxlsxwriter failed: the workbook can only be discarded */
};

/* ---- UTF-8 --------------------------------------------------------------- */

/* The length (1..4) of the well-formed UTF-8 sequence at s, its code point
 * in *cp; 0 when s does not start one (overlong forms and surrogates are
 * not well-formed). */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2, v = c & 0x1Fu, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, v = c & 0x0Fu, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, v = c & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

/* Characters in text, or (size_t)-1 when it is not UTF-8. */
static size_t utf8_chars(const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t chars = 0;
    uint32_t cp;
    while (*s) {
        size_t n = utf8_next(s, &cp);
        if (n == 0)
            return (size_t)-1;
        s += n;
        chars++;
    }
    return chars;
}

/* East Asian wide and full-width characters (Unicode UAX #11, the main
 * blocks): two columns in Excel as in a terminal. */
static int is_wide(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* The width of column c, from its (valid UTF-8) header. */
static double column_width(const char *header, ce_xlsx_format f)
{
    const unsigned char *s = (const unsigned char *)header;
    double w = 0;
    uint32_t cp;
    size_t n;
    while (*s && (n = utf8_next(s, &cp)) > 0) {
        w += is_wide(cp) ? 2 : 1;
        s += n;
    }
    w += 2; /* bold, and a margin */
    if (w < MIN_WIDTH)
        w = MIN_WIDTH;
    if (f == CE_XLSX_MONEY && w < MIN_MONEY_WIDTH)
        w = MIN_MONEY_WIDTH;
    return w > MAX_WIDTH ? MAX_WIDTH : w;
}

/* ---- cells --------------------------------------------------------------- */

/* A plain decimal: [+-] digits [. digits] [e|E [+-] digits], at least one
 * digit before the exponent, nothing else; finite. */
static int parse_plain_number(const char *s, double *out)
{
    const char *p = s;
    size_t digits = 0;
    if (*p == '+' || *p == '-')
        p++;
    for (; *p >= '0' && *p <= '9'; p++)
        digits++;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            digits++;
    if (digits == 0)
        return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p != '\0')
        return 0;
    char *end;
    double v = strtod(s, &end); /* the program never calls setlocale: "." */
    if (end != p || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

static int style_of(ce_xlsx_format f)
{
    switch (f) {
    case CE_XLSX_SCORE:
        return STYLE_SCORE;
    case CE_XLSX_MONEY:
        return STYLE_MONEY;
    case CE_XLSX_INTEGER:
        return STYLE_INTEGER;
    case CE_XLSX_SHARE:
        return STYLE_SHARE;
    case CE_XLSX_TEXT:
    case CE_XLSX_NUMBER:
        break;
    }
    return STYLE_NONE;
}

static ce_status lxw_failed(ce_xlsx *x, lxw_error e, const char *what, ce_error *err)
{
    x->broken = 1;
    if (e == LXW_ERROR_MEMORY_MALLOC_FAILED)
        return ce_error_nomem(err);
    return ce_error_set(err, CE_ERR_IO, x->out.path, 0, "%s: %s", what, lxw_strerror(e));
}

/* ---- the workbook -------------------------------------------------------- */

/* Frees what ce_xlsx owns besides the workbook and the temporary file. */
static void release(ce_xlsx *x)
{
    for (size_t c = 0; c < x->n_cols; c++)
        free(x->headers[c]);
    free(x->headers);
    free(x->formats);
    free(x->sheets);
    free(x->tmpdir);
    free(x);
}

/* The folder for libxlsxwriter's temporary files, in a new string: $TMPDIR,
 * else /tmp. Not the output's folder: libxlsxwriter names each file
 * tmp.XXXXXXXXXX and unlinks it right after creating it, so a run killed
 * between those two calls leaves one behind, and there it would be a file
 * in the analyst's folder that nothing may safely remove (it could be
 * anyone's); the system's temporary folder is cleaned by the system. */
static char *temp_folder(void)
{
    const char *dir = getenv("TMPDIR");
    return strdup(dir && *dir ? dir : "/tmp");
}

static int add_formats(ce_xlsx *x)
{
    if (!(x->header = workbook_add_format(x->wb)))
        return 0;
    format_set_bold(x->header);
    for (int s = 0; s < N_STYLES; s++)
        for (int m = 0; m < N_MARKS; m++) {
            if (s == STYLE_NONE && m == CE_XLSX_PLAIN)
                continue;
            lxw_format *f = workbook_add_format(x->wb);
            if (!f)
                return 0;
            if (style_num_format[s])
                format_set_num_format(f, style_num_format[s]);
            if (m != CE_XLSX_PLAIN) {
                format_set_pattern(f, LXW_PATTERN_SOLID);
                format_set_bg_color(f, mark_fill[m]);
            }
            x->cell[s][m] = f;
        }
    return 1;
}

ce_status ce_xlsx_open(const char *path, long long created_utc, ce_xlsx **out, ce_error *err)
{
    if (created_utc < 1 || (long long)(time_t)created_utc != created_utc)
        return ce_error_set(err, CE_ERR_USAGE, path, 0,
                            "workbook creation time %lld is not a time after 1970-01-01", created_utc);
    ce_xlsx *x = calloc(1, sizeof *x);
    if (!x)
        return ce_error_nomem(err);
    /* Created now, so that an unwritable folder fails before any work;
     * libxlsxwriter opens it by name on close and writes the zip into it. */
    ce_status st = ce_outfile_open(&x->out, path, err);
    if (st != CE_OK) {
        free(x);
        return st;
    }
    x->tmpdir = temp_folder();
    if (x->tmpdir) {
        /* tmpdir: worksheet data waits in (already unlinked) files in
         * the system's temporary folder (temp_folder). */
        lxw_workbook_options opt = {
            .constant_memory = LXW_TRUE, .tmpdir = x->tmpdir, .use_zip64 = LXW_FALSE};
        x->wb = workbook_new_opt(x->out.tmp_path, &opt);
    }
    /* The created date is copied; the rest of the properties stays empty. */
    lxw_doc_properties props = {.created = (time_t)created_utc};
    if (!x->wb || workbook_set_properties(x->wb, &props) != LXW_NO_ERROR || !add_formats(x)) {
        ce_xlsx_abort(x);
        return ce_error_nomem(err);
    }
    *out = x;
    return CE_OK;
}

/* The characters Excel forbids in sheet names, and control bytes. */
static int bad_in_sheet_name(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp < 0x80 && strchr("[]:*?/\\", (int)cp));
}

/* name cleaned for Excel (see xlsx.h) and cut to at most max_chars
 * characters, into out (SHEET_NAME_CAP bytes). */
static void clean_sheet_name(const char *name, size_t max_chars, char *out)
{
    const unsigned char *s = (const unsigned char *)name;
    size_t o = 0, chars = 0;
    uint32_t cp;
    while (*s && chars < max_chars) {
        size_t n = utf8_next(s, &cp);
        if (n == 0 || bad_in_sheet_name(cp)) {
            out[o++] = '_';
            s += n ? n : 1;
        } else {
            memcpy(out + o, s, n);
            o += n;
            s += n;
        }
        chars++;
    }
    out[o] = '\0';
    if (o > 0 && out[0] == '\'')
        out[0] = '_';
    if (o > 0 && out[o - 1] == '\'')
        out[o - 1] = '_';
}

/* A name for the next sheet that Excel accepts and no sheet has yet, into
 * out (SHEET_NAME_CAP bytes). */
static ce_status unique_sheet_name(ce_xlsx *x, const char *name, char *out, ce_error *err)
{
    char base[SHEET_NAME_CAP];
    clean_sheet_name(name ? name : "", SHEET_NAME_CHARS, base);
    if (base[0] == '\0')
        snprintf(base, sizeof base, "Sheet%zu", x->n_sheets + 1);
    memcpy(out, base, sizeof base);
    for (size_t k = 2;; k++) {
        lxw_error e = workbook_validate_sheet_name(x->wb, out);
        if (e == LXW_NO_ERROR)
            return CE_OK;
        if (e != LXW_ERROR_SHEETNAME_ALREADY_USED)
            return ce_error_set(err, CE_ERR_DATA, x->out.path, 0, "sheet name \"%s\": %s", out,
                                lxw_strerror(e));
        char suffix[32];
        int n = snprintf(suffix, sizeof suffix, " (%zu)", k);
        /* base cut to leave room for the suffix, at a character boundary */
        size_t o = 0, chars = 0;
        uint32_t cp;
        while (base[o] && chars + (size_t)n < SHEET_NAME_CHARS) {
            o += utf8_next((const unsigned char *)base + o, &cp);
            chars++;
        }
        memcpy(out, base, o);
        memcpy(out + o, suffix, (size_t)n + 1);
    }
}

ce_status ce_xlsx_sheet(ce_xlsx *x, const char *name, size_t n_cols, const char *const *headers,
                        const ce_xlsx_format *formats, ce_error *err)
{
    if (x->broken)
        return ce_error_set(err, CE_ERR_IO, x->out.path, 0, "an earlier write failed");
    if (n_cols == 0 || n_cols > CE_XLSX_MAX_COLS)
        return ce_error_set(err, CE_ERR_DATA, x->out.path, 0,
                            "sheet \"%s\": %zu columns (a worksheet holds 1 to %u)",
                            name ? name : "", n_cols, CE_XLSX_MAX_COLS);
    for (size_t c = 0; c < n_cols; c++) {
        size_t chars = utf8_chars(headers[c] ? headers[c] : "");
        if (chars == (size_t)-1 || chars > CE_XLSX_MAX_CELL_CHARS)
            return ce_error_set(err, CE_ERR_DATA, x->out.path, 0,
                                "sheet \"%s\": header of column %zu %s", name ? name : "", c + 1,
                                chars == (size_t)-1 ? "is not UTF-8"
                                                    : "is longer than a cell holds");
    }
    char unique[SHEET_NAME_CAP];
    ce_status st = unique_sheet_name(x, name, unique, err);
    if (st != CE_OK)
        return st;

    ce_xlsx_format *fmts = malloc(n_cols * sizeof *fmts);
    char **heads = calloc(n_cols, sizeof *heads);
    int ok = fmts && heads;
    for (size_t c = 0; ok && c < n_cols; c++) {
        fmts[c] = formats ? formats[c] : CE_XLSX_TEXT;
        ok = (heads[c] = strdup(headers[c] ? headers[c] : "")) != NULL;
    }
    if (ok && x->n_sheets == x->cap_sheets) {
        size_t cap = x->cap_sheets ? 2 * x->cap_sheets : 4;
        lxw_worksheet **grown = realloc(x->sheets, cap * sizeof *grown);
        if ((ok = grown != NULL)) {
            x->sheets = grown;
            x->cap_sheets = cap;
        }
    }
    lxw_worksheet *ws = ok ? workbook_add_worksheet(x->wb, unique) : NULL;
    if (!ws) {
        for (size_t c = 0; heads && c < n_cols; c++)
            free(heads[c]);
        free(heads);
        free(fmts);
        if (!ok)
            return ce_error_nomem(err);
        return ce_error_set(err, CE_ERR_IO, x->out.path, 0,
                            "cannot add sheet \"%s\" (a temporary file in %s, or memory)", unique,
                            x->tmpdir);
    }
    x->sheets[x->n_sheets++] = ws;
    for (size_t c = 0; c < x->n_cols; c++)
        free(x->headers[c]);
    free(x->headers);
    free(x->formats);
    x->ws = ws;
    x->raw = 0;
    memcpy(x->name, unique, sizeof unique);
    x->n_cols = n_cols;
    x->formats = fmts;
    x->headers = heads;
    x->next_row = 1;

    worksheet_freeze_panes(ws, 1, 0);
    for (size_t c = 0; c < n_cols; c++) {
        lxw_col_t col = (lxw_col_t)c;
        lxw_error e = worksheet_set_column(ws, col, col, column_width(heads[c], fmts[c]), NULL);
        if (e == LXW_NO_ERROR && heads[c][0])
            e = worksheet_write_string(ws, 0, col, heads[c], x->header);
        if (e != LXW_NO_ERROR)
            return lxw_failed(x, e, "cannot write the header", err);
    }
    return CE_OK;
}

ce_status ce_xlsx_raw_sheet(ce_xlsx *x, const char *name, lxw_worksheet **ws_out,
                            lxw_workbook **wb_out, ce_error *err)
{
    if (x->broken)
        return ce_error_set(err, CE_ERR_IO, x->out.path, 0, "an earlier write failed");
    char unique[SHEET_NAME_CAP];
    ce_status st = unique_sheet_name(x, name, unique, err);
    if (st != CE_OK)
        return st;
    if (x->n_sheets == x->cap_sheets) {
        size_t cap = x->cap_sheets ? 2 * x->cap_sheets : 4;
        lxw_worksheet **grown = realloc(x->sheets, cap * sizeof *grown);
        if (!grown)
            return ce_error_nomem(err);
        x->sheets = grown;
        x->cap_sheets = cap;
    }
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, unique);
    if (!ws)
        return ce_error_set(err, CE_ERR_IO, x->out.path, 0,
                            "cannot add sheet \"%s\" (a temporary file in %s, or memory)",
                            unique, x->tmpdir);
    x->sheets[x->n_sheets++] = ws;
    for (size_t c = 0; c < x->n_cols; c++)
        free(x->headers[c]);
    free(x->headers);
    free(x->formats);
    x->headers = NULL;
    x->formats = NULL;
    x->n_cols = 0;
    x->ws = ws;
    x->raw = 1;
    memcpy(x->name, unique, sizeof unique);
    *ws_out = ws;
    *wb_out = x->wb;
    return CE_OK;
}

ce_status ce_xlsx_raw_failed(ce_xlsx *x, lxw_error e, const char *what, ce_error *err)
{
    return lxw_failed(x, e, what, err);
}

double ce_xlsx_text_width(const char *text)
{
    return column_width(text, CE_XLSX_TEXT);
}

ce_status ce_xlsx_row(ce_xlsx *x, const char *const *cells, ce_xlsx_mark mark, ce_error *err)
{
    if (x->broken)
        return ce_error_set(err, CE_ERR_IO, x->out.path, 0, "an earlier write failed");
    if (!x->ws)
        return ce_error_set(err, CE_ERR_DATA, x->out.path, 0, "a row before the first sheet");
    if (x->raw)
        return ce_error_set(err, CE_ERR_DATA, x->out.path, 0,
                            "sheet \"%s\" is laid out by its writer, not in rows", x->name);
    if (x->next_row > CE_XLSX_MAX_DATA_ROWS)
        return ce_error_set(err, CE_ERR_DATA, x->out.path, 0,
                            "sheet \"%s\": more rows than a worksheet holds (%u data rows)",
                            x->name, CE_XLSX_MAX_DATA_ROWS);
    if ((unsigned)mark >= N_MARKS)
        mark = CE_XLSX_PLAIN;
    /* Check every cell first, so that a bad one leaves no half row. */
    for (size_t c = 0; c < x->n_cols; c++) {
        size_t chars = utf8_chars(cells[c] ? cells[c] : "");
        if (chars == (size_t)-1)
            return ce_error_set(err, CE_ERR_DATA, x->out.path, 0,
                                "sheet \"%s\", row %u, column \"%s\": text is not UTF-8", x->name,
                                (unsigned)x->next_row + 1, x->headers[c]);
        if (chars > CE_XLSX_MAX_CELL_CHARS)
            return ce_error_set(err, CE_ERR_DATA, x->out.path, 0,
                                "sheet \"%s\", row %u, column \"%s\": %zu characters, more than "
                                "a cell holds (%u)",
                                x->name, (unsigned)x->next_row + 1, x->headers[c], chars,
                                CE_XLSX_MAX_CELL_CHARS);
    }
    lxw_row_t row = x->next_row;
    for (size_t c = 0; c < x->n_cols; c++) {
        const char *text = cells[c] ? cells[c] : "";
        lxw_col_t col = (lxw_col_t)c;
        lxw_format *plain = x->cell[STYLE_NONE][mark];
        lxw_error e = LXW_NO_ERROR;
        double v;
        if (text[0] == '\0') {
            if (plain) /* a filled row is filled to its last column */
                e = worksheet_write_blank(x->ws, row, col, plain);
        } else if (x->formats[c] != CE_XLSX_TEXT && parse_plain_number(text, &v)) {
            e = worksheet_write_number(x->ws, row, col, v, x->cell[style_of(x->formats[c])][mark]);
        } else {
            /* a string, never a formula, whatever it starts with */
            e = worksheet_write_string(x->ws, row, col, text, plain);
        }
        if (e != LXW_NO_ERROR)
            return lxw_failed(x, e, "cannot write a row", err);
    }
    x->next_row++;
    return CE_OK;
}

ce_status ce_xlsx_close(ce_xlsx *x, ce_error *err)
{
    if (x->broken || x->n_sheets == 0) {
        ce_status st = x->broken ? ce_error_set(err, CE_ERR_IO, x->out.path, 0,
                                                "not written: an earlier write failed")
                                 : ce_error_set(err, CE_ERR_DATA, x->out.path, 0,
                                                "not written: the workbook has no sheet");
        ce_xlsx_abort(x);
        return st;
    }
    /* Frees the workbook whatever it returns. When it fails before writing
     * a sheet, that sheet's temporary file stays open (libxlsxwriter 1.1.4
     * closes it only after copying it into the zip): a descriptor lost on a
     * failure path, not worth reaching into freed structures for. */
    lxw_error e = workbook_close(x->wb);
    x->wb = NULL;
    ce_status st;
    if (e != LXW_NO_ERROR) {
        st =
            e == LXW_ERROR_MEMORY_MALLOC_FAILED
                ? ce_error_nomem(err)
                : ce_error_set(err, CE_ERR_IO, x->out.path, 0, "cannot write: %s", lxw_strerror(e));
        ce_outfile_abort(&x->out);
    } else {
        /* Nothing went through out.fp: this syncs what libxlsxwriter wrote
         * to the same file and renames it into place. */
        st = ce_outfile_commit(&x->out, err);
    }
    release(x);
    return st;
}

void ce_xlsx_abort(ce_xlsx *x)
{
    if (!x)
        return;
    if (x->wb) {
        /* libxlsxwriter closes a sheet's constant_memory temporary file only
         * while writing the workbook; lxw_workbook_free leaves it open. */
        for (size_t i = 0; i < x->n_sheets; i++)
            if (x->sheets[i]->optimize_tmpfile) {
                fclose(x->sheets[i]->optimize_tmpfile);
                x->sheets[i]->optimize_tmpfile = NULL;
            }
        lxw_workbook_free(x->wb);
    }
    ce_outfile_abort(&x->out);
    release(x);
}
