/* xlsx_read.c - see xlsx_read.h. The archive: libzip; the XML: expat,
 * streaming, with namespaces resolved (names arrive as "URI|local"), no
 * DOCTYPE accepted (so no entity of any kind is declared or expanded). The
 * sheet is parsed twice: once for its width and row count, once to
 * deliver the rows. ECMA-376 Part 1 §18 names the elements used here. */
#include "xlsx_read.h"

#include <errno.h>
/* Debian's libexpat is built with DTD support (XML_GetFeatureList lists
 * XML_DTD); the header declares the billion-laughs limits only then. */
#ifndef XML_DTD
#define XML_DTD
#endif
#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "clustereval/dates.h"

enum { CHUNK = 1 << 16, HEADER_ROWS = 10 };

/* At most this many shared strings (8 bytes of index each). */
#define STRINGS_MAX ((size_t)1 << 23)

/* A growing byte buffer. */
typedef struct {
    char *s;
    size_t len, cap;
} buf;

static int buf_add(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p)
            return -1;
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 0;
}

typedef struct {
    char *name, *rid;
    int hidden;
} sheet_entry;

/* The workbook as read before any sheet. */
typedef struct {
    zip_t *zip;
    const char *path;
    ce_error *err;
    sheet_entry *sheets;
    size_t nsheets;
    int date1904, calc_on_load;
    char *strings_part, *styles_part, *sheet_part; /* from the rels */
    buf strings;     /* shared strings, each NUL-terminated */
    size_t *str_off; /* offset of string i in strings */
    size_t nstr, str_cap;
    unsigned char *xf_kind; /* per cellXfs entry: 0 number, 1 date, 2 time, 3 date-time */
    size_t nxf;
} book;

int ce_xlsx_is_zip(const unsigned char *head, size_t n)
{
    return n >= 4 && memcmp(head, "PK\3\4", 4) == 0;
}

/* ---- parsing one part ---- */

/* The state every part's handlers share; each parser's user data starts
 * with one. */
typedef struct {
    book *b;
    XML_Parser p;
    const char *part;
    ce_status st;
} part_ctx;

static const char *local(const char *name)
{
    const char *bar = strrchr(name, '|');
    return bar ? bar + 1 : name;
}

static const char *attr(const XML_Char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

static void fail(part_ctx *c, ce_status st, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Records the first failure and stops the parser. */
static void fail(part_ctx *c, ce_status st, size_t line, const char *fmt, ...)
{
    if (c->st != CE_OK)
        return;
    char msg[CE_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    c->st = ce_error_set(c->b->err, st, c->b->path, line, "%s", msg);
    XML_StopParser(c->p, XML_FALSE);
}

static void nomem(part_ctx *c)
{
    if (c->st != CE_OK)
        return;
    c->st = ce_error_nomem(c->b->err);
    XML_StopParser(c->p, XML_FALSE);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
    part_ctx *c = ud;
    fail(c, CE_ERR_DATA, 0, "%s has a DOCTYPE, which no workbook part has (refused: its "
                            "entities could expand without end)", c->part);
}

/* Parses the part name of the archive with handlers start/end/text and the
 * user data c (whose part_ctx is filled here). A part larger than max bytes
 * is refused. A missing part is CE_OK with *found = 0 when found is not
 * NULL, else an error. */
static ce_status parse_part(book *b, const char *name, size_t max, part_ctx *c,
                            XML_StartElementHandler start, XML_EndElementHandler end,
                            XML_CharacterDataHandler text, int *found)
{
    zip_file_t *zf = zip_fopen(b->zip, name, ZIP_FL_NOCASE);
    if (found)
        *found = zf != NULL;
    if (!zf) {
        if (found)
            return CE_OK;
        if (zip_name_locate(b->zip, "content.xml", 0) >= 0)
            return ce_error_set(b->err, CE_ERR_DATA, b->path, 0,
                                "an OpenDocument spreadsheet (.ods), not an .xlsx workbook: "
                                "save it as .xlsx or as CSV");
        return ce_error_set(b->err, CE_ERR_DATA, b->path, 0,
                            "not an .xlsx workbook: the archive has no %s", name);
    }
    XML_Parser p = XML_ParserCreateNS(NULL, '|');
    char *chunk = malloc(CHUNK);
    if (!p || !chunk) {
        if (p)
            XML_ParserFree(p);
        free(chunk);
        zip_fclose(zf);
        return ce_error_nomem(b->err);
    }
    c->b = b;
    c->p = p;
    c->part = name;
    c->st = CE_OK;
    XML_SetUserData(p, c);
    XML_SetElementHandler(p, start, end);
    if (text)
        XML_SetCharacterDataHandler(p, text);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
#if XML_MAJOR_VERSION > 2 || (XML_MAJOR_VERSION == 2 && XML_MINOR_VERSION >= 4)
    XML_SetBillionLaughsAttackProtectionMaximumAmplification(p, 2.0f);
#endif
    size_t total = 0;
    for (;;) {
        zip_int64_t n = zip_fread(zf, chunk, CHUNK);
        if (n < 0) {
            c->st = ce_error_set(b->err, CE_ERR_DATA, b->path, 0,
                                 "cannot unpack %s from the workbook: %s", name,
                                 zip_file_strerror(zf));
            break;
        }
        total += (size_t)n;
        if (total > max) {
            c->st = ce_error_set(b->err, CE_ERR_DATA, b->path, 0,
                                 "%s expands to more than %zu MiB (a zip bomb?); refused",
                                 name, max >> 20);
            break;
        }
        if (XML_Parse(p, chunk, (int)n, n == 0) == XML_STATUS_ERROR) {
            if (c->st == CE_OK)
                c->st = ce_error_set(b->err, CE_ERR_DATA, b->path, 0,
                                     "%s is not well-formed XML (line %lu): %s", name,
                                     (unsigned long)XML_GetCurrentLineNumber(p),
                                     XML_ErrorString(XML_GetErrorCode(p)));
            break;
        }
        if (c->st != CE_OK || n == 0)
            break;
    }
    XML_ParserFree(p);
    free(chunk);
    zip_fclose(zf);
    return c->st;
}

/* ---- relationships: Id -> part name ---- */

typedef struct {
    part_ctx c;
    const char *dir; /* folder the targets are relative to, e.g. "xl/" */
} rels_ctx;

/* The part a relationship's Target names: "/xl/x.xml" from the root,
 * "worksheets/sheet1.xml" relative to dir. NULL when out of memory. */
static char *target_part(const char *dir, const char *target)
{
    size_t dl = strlen(dir), tl = strlen(target);
    int abs = target[0] == '/';
    char *s = malloc(dl + tl + 1);
    if (!s)
        return NULL;
    if (abs)
        memcpy(s, target + 1, tl);
    else {
        memcpy(s, dir, dl);
        memcpy(s + dl, target, tl + 1);
    }
    return s;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    rels_ctx *r = ud;
    book *b = r->c.b;
    if (strcmp(local(name), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
    if (!id || !type || !target)
        return;
    char **slot = NULL;
    if (ends_with(type, "/sharedStrings"))
        slot = &b->strings_part;
    else if (ends_with(type, "/styles"))
        slot = &b->styles_part;
    else if (ends_with(type, "/worksheet"))
        for (size_t i = 0; i < b->nsheets; i++) /* only the chosen sheet kept its id */
            if (b->sheets[i].rid && strcmp(b->sheets[i].rid, id) == 0)
                slot = &b->sheet_part;
    if (slot && !*slot && !(*slot = target_part(r->dir, target)))
        nomem(&r->c);
}

/* ---- workbook.xml: the sheets, the date system ---- */

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    part_ctx *c = ud;
    book *b = c->b;
    const char *n = local(name);
    if (strcmp(n, "workbookPr") == 0) {
        const char *v = attr(atts, "date1904");
        b->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    } else if (strcmp(n, "calcPr") == 0) {
        const char *v = attr(atts, "fullCalcOnLoad");
        b->calc_on_load = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    } else if (strcmp(n, "sheet") == 0) {
        const char *sn = attr(atts, "name"), *rid = attr(atts, "id"), *state = attr(atts, "state");
        if (!sn || !rid) {
            fail(c, CE_ERR_DATA, 0, "xl/workbook.xml: a sheet without a name or id");
            return;
        }
        if (b->nsheets >= 4096) {
            fail(c, CE_ERR_DATA, 0, "xl/workbook.xml: more than 4096 sheets");
            return;
        }
        sheet_entry *s = realloc(b->sheets, (b->nsheets + 1) * sizeof *s);
        if (!s) {
            nomem(c);
            return;
        }
        b->sheets = s;
        s[b->nsheets].name = strdup(sn);
        s[b->nsheets].rid = strdup(rid);
        s[b->nsheets].hidden = state && strcmp(state, "visible") != 0;
        b->nsheets++;
        if (!s[b->nsheets - 1].name || !s[b->nsheets - 1].rid)
            nomem(c);
    }
}

static void XMLCALL no_end(void *ud, const XML_Char *name)
{
    (void)ud, (void)name;
}

/* ---- styles.xml: which cell formats show dates ---- */

enum { KIND_NUMBER = 0, KIND_DATE = 1, KIND_TIME = 2, KIND_DATETIME = 3, KIND_PERCENT = 4 };

/* What a number format code shows: date and time letters outside quotes,
 * escapes and [colour]/[$-locale] brackets ([h], [m], [s] are elapsed
 * time). */
static int format_kind(const char *code)
{
    int date = 0, time = 0, month = 0, percent = 0;
    for (const char *p = code; *p; p++) {
        char ch = *p;
        if (ch == '"') {
            while (p[1] && p[1] != '"')
                p++;
            if (p[1])
                p++;
        } else if (ch == '\\' || ch == '_' || ch == '*') {
            if (p[1])
                p++;
        } else if (ch == '[') {
            const char *q = p + 1;
            int elapsed = (*q == 'h' || *q == 'H' || *q == 'm' || *q == 'M' || *q == 's' ||
                           *q == 'S');
            while (*q && *q != ']')
                q++;
            time |= elapsed;
            p = *q ? q : q - 1;
        } else if (ch == ';') {
            break; /* the first section decides */
        } else if (ch == '%') {
            percent = 1;
        } else {
            switch (ch | 0x20) {
            case 'y': case 'd': date = 1; break;
            case 'h': case 's': time = 1; break;
            case 'm': month = 1; break;
            default: break;
            }
        }
    }
    if (month && !time)
        date = 1;
    if (!date && !time && percent)
        return KIND_PERCENT;
    return (date ? KIND_DATE : 0) | (time ? KIND_TIME : 0);
}

/* The built-in number formats (ECMA-376 §18.8.30 and the CJK ones 27-36,
 * 50-58). */
static int builtin_kind(long id)
{
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 58))
        return KIND_DATE;
    if ((id >= 18 && id <= 21) || id == 32 || id == 33 || id == 34 || id == 35 ||
        (id >= 45 && id <= 47))
        return KIND_TIME;
    if (id == 22)
        return KIND_DATETIME;
    if (id == 9 || id == 10)
        return KIND_PERCENT;
    return KIND_NUMBER;
}

typedef struct {
    part_ctx c;
    int in_cellxfs;
    long *fmt_id;          /* custom formats: id and kind */
    unsigned char *fmt_kind;
    size_t nfmt;
} styles_ctx;

static int parse_long(const char *s, long *out)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end || errno)
        return -1;
    *out = v;
    return 0;
}

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    styles_ctx *s = ud;
    book *b = s->c.b;
    const char *n = local(name);
    if (strcmp(n, "numFmt") == 0) {
        long id;
        const char *code = attr(atts, "formatCode");
        if (parse_long(attr(atts, "numFmtId"), &id) != 0 || !code)
            return;
        if (s->nfmt >= 4096) { /* Excel allows about 250 */
            fail(&s->c, CE_ERR_DATA, 0, "%s: more than 4096 number formats", s->c.part);
            return;
        }
        long *ids = realloc(s->fmt_id, (s->nfmt + 1) * sizeof *ids);
        if (ids)
            s->fmt_id = ids;
        unsigned char *kinds = realloc(s->fmt_kind, s->nfmt + 1);
        if (kinds)
            s->fmt_kind = kinds;
        if (!ids || !kinds) {
            nomem(&s->c);
            return;
        }
        ids[s->nfmt] = id;
        kinds[s->nfmt] = (unsigned char)format_kind(code);
        s->nfmt++;
    } else if (strcmp(n, "cellXfs") == 0) {
        s->in_cellxfs = 1;
    } else if (strcmp(n, "xf") == 0 && s->in_cellxfs) {
        if (b->nxf >= 65536) {
            fail(&s->c, CE_ERR_DATA, 0, "%s: more than 65536 cell formats", s->c.part);
            return;
        }
        long id = 0;
        (void)parse_long(attr(atts, "numFmtId"), &id);
        int kind = builtin_kind(id);
        for (size_t i = 0; i < s->nfmt; i++)
            if (s->fmt_id[i] == id)
                kind = s->fmt_kind[i];
        unsigned char *k = realloc(b->xf_kind, b->nxf + 1);
        if (!k) {
            nomem(&s->c);
            return;
        }
        b->xf_kind = k;
        k[b->nxf++] = (unsigned char)kind;
    }
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
    styles_ctx *s = ud;
    if (strcmp(local(name), "cellXfs") == 0)
        s->in_cellxfs = 0;
}

/* ---- sharedStrings.xml ---- */

typedef struct {
    part_ctx c;
    int in_si, in_t, in_rph;
} strings_ctx;

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    strings_ctx *s = ud;
    book *b = s->c.b;
    const char *n = local(name);
    if (strcmp(n, "si") == 0) {
        if (b->nstr >= STRINGS_MAX) {
            fail(&s->c, CE_ERR_DATA, 0, "%s: more than %zu shared strings", s->c.part,
                 STRINGS_MAX);
            return;
        }
        if (b->nstr == b->str_cap) {
            size_t cap = b->str_cap ? 2 * b->str_cap : 1024;
            size_t *off = realloc(b->str_off, cap * sizeof *off);
            if (!off) {
                nomem(&s->c);
                return;
            }
            b->str_off = off;
            b->str_cap = cap;
        }
        b->str_off[b->nstr] = b->strings.len;
        s->in_si = 1;
    } else if (strcmp(n, "rPh") == 0) {
        s->in_rph = 1;
    } else if (strcmp(n, "t") == 0 && s->in_si && !s->in_rph) {
        s->in_t = 1;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    strings_ctx *s = ud;
    book *b = s->c.b;
    const char *n = local(name);
    if (strcmp(n, "si") == 0 && s->in_si) {
        if (buf_add(&b->strings, "", 1) != 0) { /* the NUL that ends it */
            nomem(&s->c);
            return;
        }
        b->nstr++;
        s->in_si = 0;
    } else if (strcmp(n, "rPh") == 0) {
        s->in_rph = 0;
    } else if (strcmp(n, "t") == 0) {
        s->in_t = 0;
    }
}

static void XMLCALL sst_text(void *ud, const XML_Char *text, int len)
{
    strings_ctx *s = ud;
    if (s->in_t && buf_add(&s->c.b->strings, text, (size_t)len) != 0)
        nomem(&s->c);
}

/* ---- the sheet ---- */

typedef struct {
    part_ctx c;
    const char *sheet_name;
    int deliver;                 /* 0: the first pass (width, rows), 1: records */
    ce_csv_record_fn fn;
    void *ud;
    ce_diag *diag;
    /* first pass results */
    size_t width, rows_with_value;
    /* position */
    long row, col;               /* current row (1-based), column of the current cell (0-based) */
    long last_row, last_col;
    int in_row, in_c, in_v, in_is_t, in_rph, in_f;
    int has_f, has_v;
    char type[16];
    long style;
    buf cell;                    /* text of <v> or of <is>'s <t> */
    /* the row being built (second pass) */
    buf rowbuf;
    size_t *offs, *lens;
    char **ptrs;
    int row_has_value;
    size_t records;
    char **header;               /* copies of the fields of the first HEADER_ROWS
                                    records (the header may sit below title
                                    rows), row by row, to name a cell */
    size_t nheader;
} sheet_ctx;

/* "A" for 0, "XFD" for 16383. out holds at least 4 bytes. */
static void column_letters(size_t col, char *out)
{
    char tmp[8];
    size_t n = 0;
    col++;
    while (col > 0 && n < sizeof tmp) {
        tmp[n++] = (char)('A' + (col - 1) % 26);
        col = (col - 1) / 26;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

/* Writes the sheet's name as a formula names it: quoted ('My data') when
 * it holds ASCII other than letters, digits and '_', a quote doubled. */
static void sheet_ref(const char *name, char *out, size_t size)
{
    int quote = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x80 && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                           (*p >= '0' && *p <= '9') || *p == '_'))
            quote = 1;
    size_t n = 0;
    if (quote && n + 1 < size)
        out[n++] = '\'';
    for (const char *p = name; *p && n + 2 < size; p++) {
        if (*p == '\'' && n + 3 < size)
            out[n++] = '\'';
        out[n++] = *p;
    }
    if (quote && n + 1 < size)
        out[n++] = '\'';
    out[n] = '\0';
}

const char *ce_xlsx_cell_ref(const char *sheet, size_t col, size_t row, char *out, size_t size)
{
    if (!sheet) {
        out[0] = '\0';
        return out;
    }
    char s[512], letters[8];
    sheet_ref(sheet, s, sizeof s);
    column_letters(col, letters);
    snprintf(out, size, "%s!%s%zu", s, letters, row);
    return out;
}

static void cell_name(const char *sheet, size_t col, size_t row, char *out, size_t size)
{
    ce_xlsx_cell_ref(sheet, col, row, out, size);
}

/* Parses a cell reference "C17": *col 0-based, *row 1-based. -1 when it is
 * no reference or lies past XFD1048576. */
static int parse_ref(const char *r, long *col, long *row)
{
    long c = 0, n = 0;
    const char *p = r;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
        c = c * 26 + ((*p | 0x20) - 'a' + 1);
        if (c > CE_XLSX_MAX_COL)
            return -1;
        p++;
    }
    if (p == r || !(*p >= '1' && *p <= '9'))
        return -1;
    while (*p >= '0' && *p <= '9') {
        n = n * 10 + (*p - '0');
        if (n > CE_XLSX_MAX_ROW)
            return -1;
        p++;
    }
    if (*p)
        return -1;
    *col = c - 1;
    *row = n;
    return 0;
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    sheet_ctx *s = ud;
    const char *n = local(name);
    if (strcmp(n, "row") == 0) {
        const char *r = attr(atts, "r");
        long row = s->last_row + 1;
        if (r) {
            long v;
            if (parse_long(r, &v) != 0 || v < 1 || v > CE_XLSX_MAX_ROW) {
                char q[256];
                fail(&s->c, CE_ERR_DATA, (size_t)(s->last_row + 1),
                     "sheet \"%s\": row number \"%s\" is not 1 to %d", s->sheet_name,
                     ce_error_quote(r, strlen(r), q, sizeof q), CE_XLSX_MAX_ROW);
                return;
            }
            row = v;
        }
        if (row <= s->last_row || row > CE_XLSX_MAX_ROW) {
            fail(&s->c, CE_ERR_DATA, (size_t)row, "sheet \"%s\": row %ld comes after row %ld",
                 s->sheet_name, row, s->last_row);
            return;
        }
        s->row = row;
        s->last_col = -1;
        s->in_row = 1;
        s->row_has_value = 0;
        s->rowbuf.len = 0;
        for (size_t i = 0; s->deliver && i < s->width; i++)
            s->offs[i] = SIZE_MAX; /* empty until a cell fills it */
    } else if (strcmp(n, "c") == 0 && s->in_row) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t"), *st = attr(atts, "s");
        long col = s->last_col + 1, row = s->row;
        if (r && (parse_ref(r, &col, &row) != 0 || row != s->row)) {
            char q[256];
            fail(&s->c, CE_ERR_DATA, (size_t)s->row,
                 "sheet \"%s\": cell reference \"%s\" is not a cell of row %ld (A to XFD)",
                 s->sheet_name, ce_error_quote(r, strlen(r), q, sizeof q), s->row);
            return;
        }
        if (col <= s->last_col || col >= CE_XLSX_MAX_COL) {
            fail(&s->c, CE_ERR_DATA, (size_t)s->row,
                 "sheet \"%s\": cells of row %ld out of order (column %ld after %ld)",
                 s->sheet_name, s->row, col + 1, s->last_col + 1);
            return;
        }
        s->col = col;
        snprintf(s->type, sizeof s->type, "%s", t ? t : "n");
        s->style = 0;
        if (st)
            (void)parse_long(st, &s->style);
        s->in_c = 1;
        s->has_f = s->has_v = 0;
        s->cell.len = 0;
        if (s->cell.s)
            s->cell.s[0] = '\0';
    } else if (s->in_c) {
        if (strcmp(n, "v") == 0) {
            s->in_v = 1;
            s->has_v = 1;
        } else if (strcmp(n, "f") == 0) {
            s->in_f = 1;
            s->has_f = 1;
        } else if (strcmp(n, "rPh") == 0) {
            s->in_rph = 1;
        } else if (strcmp(n, "t") == 0 && !s->in_rph) {
            s->in_is_t = 1;
            s->has_v = 1;
        }
    }
}

static void XMLCALL sheet_text(void *ud, const XML_Char *text, int len)
{
    sheet_ctx *s = ud;
    if ((s->in_v || s->in_is_t) && buf_add(&s->cell, text, (size_t)len) != 0)
        nomem(&s->c);
}

/* A date serial as ISO 8601 text into out (size >= 24). -1 when it is no
 * number or no day of years 1000..9999 (or 1900-02-29, which Excel counts
 * but never was). */
static int serial_text(const char *v, int kind, int date1904, char *out)
{
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end || !isfinite(x) || x < 0 || x > 2958466.0)
        return -1;
    double whole = floor(x);
    long long secs = llround((x - whole) * 86400.0);
    long days = (long)whole;
    if (secs >= 86400) {
        secs -= 86400;
        days++;
    }
    if (date1904)
        days -= 24107; /* 1904-01-01 is serial 0 */
    else if (days == 60)
        return -1;
    else
        days -= days < 60 ? 25568 : 25569; /* 1900-01-01 is serial 1; 1970-01-01 25569 */
    if (kind == KIND_TIME) {
        int h = (int)(secs / 3600) % 24, m = (int)(secs / 60 % 60), sec = (int)(secs % 60);
        snprintf(out, 24, "%02d:%02d:%02d", h, m, sec);
        return 0;
    }
    if (kind == KIND_DATETIME) {
        char d[11];
        if (ce_date_format(days, d) != 0)
            return -1;
        ce_datetime_format((long long)days * 86400 + secs, out);
        return 0;
    }
    return ce_date_format(days, out);
}

/* A number stored as v (a fraction: 0.8315) as a percentage cell shows it
 * and Excel saves it as CSV, in percent units: "83.15%". The decimal point
 * moves two places in the text (or the exponent grows by 2), so nothing is
 * rounded. -1 when v is no plain decimal. out holds len(v) + 8 bytes. */
static int percent_text(const char *v, char *out)
{
    const char *p = v;
    size_t n = 0;
    if (*p == '-' || *p == '+')
        out[n++] = *p++;
    const char *ip = p;
    while (*p >= '0' && *p <= '9')
        p++;
    size_t il = (size_t)(p - ip);
    const char *fp = p, *ep = NULL;
    size_t fl = 0;
    if (*p == '.') {
        fp = ++p;
        while (*p >= '0' && *p <= '9')
            p++;
        fl = (size_t)(p - fp);
    }
    if (il + fl == 0)
        return -1;
    if (*p == 'E' || *p == 'e') {
        ep = p + 1;
        char *end;
        errno = 0;
        long e = strtol(ep, &end, 10);
        if (end == ep || *end || errno || e > 100000 || e < -100000)
            return -1;
        memcpy(out + n, ip, (size_t)(ep - 1 - ip));
        n += (size_t)(ep - 1 - ip);
        n += (size_t)sprintf(out + n, "E%ld%%", e + 2);
        return 0;
    }
    if (*p)
        return -1;
    /* digits = int part, then two fraction digits (0 when missing) */
    char digits[16];
    size_t dn = 0;
    for (size_t k = 0; k < 2; k++)
        digits[dn++] = k < fl ? fp[k] : '0';
    size_t start = 0; /* leading zeros of int part + two digits, keep one */
    size_t whole = il + 2;
    while (start + 1 < whole && (start < il ? ip[start] : digits[start - il]) == '0')
        start++;
    for (size_t k = start; k < whole; k++)
        out[n++] = k < il ? ip[k] : digits[k - il];
    if (fl > 2) {
        out[n++] = '.';
        memcpy(out + n, fp + 2, fl - 2);
        n += fl - 2;
    }
    out[n++] = '%';
    out[n] = '\0';
    return 0;
}

/* The header's field whose name a message quotes after 'column "', or -1. */
static long named_column(const sheet_ctx *s, const char *msg)
{
    const char *p = strstr(msg, "column \"");
    if (!p)
        return -1;
    p += 8;
    const char *q = strchr(p, '"');
    if (!q)
        return -1;
    /* The first of the kept rows that has the name once. */
    for (size_t r = 0; r + s->width <= s->nheader; r += s->width) {
        long found = -1;
        int twice = 0;
        for (size_t i = 0; i < s->width; i++) {
            const char *h = s->header[r + i];
            if (strlen(h) == (size_t)(q - p) && memcmp(h, p, (size_t)(q - p)) == 0) {
                twice |= found >= 0;
                found = (long)i;
            }
        }
        if (found >= 0)
            return twice ? -1 : found;
    }
    return -1;
}

/* Puts "SHEET!CELL: " before an error the callback reported for row. */
static void name_the_cell(sheet_ctx *s, size_t row)
{
    ce_error *err = s->c.b->err;
    if (!err || strcmp(err->file, s->c.b->path) != 0 || err->line != row)
        return;
    long col = named_column(s, err->msg);
    char where[600];
    if (col >= 0)
        cell_name(s->sheet_name, (size_t)col, row, where, sizeof where);
    else {
        char sh[512];
        sheet_ref(s->sheet_name, sh, sizeof sh);
        snprintf(where, sizeof where, "%s!%zu:%zu", sh, row, row);
    }
    ce_error_prefix(err, "%s: ", where);
}

static ce_status keep_header(sheet_ctx *s, const ce_csv_record *rec)
{
    if (!s->header && !(s->header = calloc(HEADER_ROWS * rec->nfields, sizeof *s->header)))
        return ce_error_nomem(s->c.b->err);
    for (size_t i = 0; i < rec->nfields; i++) {
        char *copy = strdup(rec->fields[i]);
        if (!copy)
            return ce_error_nomem(s->c.b->err);
        s->header[s->nheader++] = copy;
    }
    return CE_OK;
}

static int hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0'
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                     : -1;
        if (d < 0)
            return -1;
        v = v * 16 + (unsigned)d;
    }
    *out = v;
    return 0;
}

/* Decodes the escapes of an OOXML string (ECMA-376 Part 1 §22.9.2.19
 * ST_Xstring): _xHHHH_ is the character U+HHHH (Excel writes a CR as
 * _x000D_ and a literal "_x" as _x005F_x). In place: the UTF-8 of a
 * character U+0001..U+FFFF is never longer than its 7-byte escape. -1 for
 * _x0000_. */
static int unescape_xstring(buf *b)
{
    if (!memchr(b->s, '_', b->len))
        return 0;
    size_t r = 0, w = 0;
    unsigned cp;
    while (r < b->len) {
        if (b->s[r] == '_' && r + 7 <= b->len && b->s[r + 1] == 'x' && b->s[r + 6] == '_' &&
            hex4(b->s + r + 2, &cp) == 0 && !(cp >= 0xD800 && cp <= 0xDFFF)) {
            if (cp == 0)
                return -1;
            if (cp < 0x80) {
                b->s[w++] = (char)cp;
            } else if (cp < 0x800) {
                b->s[w++] = (char)(0xC0 | (cp >> 6));
                b->s[w++] = (char)(0x80 | (cp & 0x3F));
            } else {
                b->s[w++] = (char)(0xE0 | (cp >> 12));
                b->s[w++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                b->s[w++] = (char)(0x80 | (cp & 0x3F));
            }
            r += 7;
        } else {
            b->s[w++] = b->s[r++];
        }
    }
    b->len = w;
    b->s[w] = '\0';
    return 0;
}

/* "数据!C17" for the current cell, into where (size >= 64). */
static const char *here(const sheet_ctx *s, char *where, size_t size)
{
    cell_name(s->sheet_name, (size_t)s->col, (size_t)s->row, where, size);
    return where;
}

/* The value of the cell just closed, trimmed, into s->cell (the text
 * stays NUL-terminated). Error cells and the rest fail on the second pass
 * only; the first just needs to know whether there is a value. */
static void finish_cell(sheet_ctx *s)
{
    book *b = s->c.b;
    char where[600]; /* filled by here() only when a message needs it */
    if (buf_add(&s->cell, "", 0) != 0) {
        nomem(&s->c);
        return;
    }
    const char *t = s->type;
    char q[256], tmp[32];
    if (s->has_f && (!s->has_v || b->calc_on_load) && strcmp(t, "e") != 0) {
        if (s->deliver)
            fail(&s->c, CE_ERR_DATA, (size_t)s->row,
                 "%s: a formula whose result was never computed (the workbook was written "
                 "by a program that leaves that to Excel): open it in Excel or LibreOffice "
                 "and save it, or enter the values",
                 here(s, where, sizeof where));
        s->cell.len = 1; /* a value, for the first pass */
        return;
    }
    if (strcmp(t, "s") == 0) {
        long i;
        if (parse_long(s->cell.s, &i) != 0 || i < 0 || (size_t)i >= b->nstr) {
            fail(&s->c, CE_ERR_DATA, (size_t)s->row,
                 "%s: shared string \"%s\" does not exist (the workbook has %zu)", here(s, where, sizeof where),
                 ce_error_quote(s->cell.s, s->cell.len, q, sizeof q), b->nstr);
            return;
        }
        const char *str = b->strings.s + b->str_off[i];
        s->cell.len = 0;
        if (buf_add(&s->cell, str, strlen(str)) != 0) {
            nomem(&s->c);
            return;
        }
    } else if (strcmp(t, "b") == 0) {
        int v = strcmp(s->cell.s, "1") == 0;
        if (!v && strcmp(s->cell.s, "0") != 0) {
            fail(&s->c, CE_ERR_DATA, (size_t)s->row, "%s: boolean \"%s\" is neither 0 nor 1",
                 here(s, where, sizeof where), ce_error_quote(s->cell.s, s->cell.len, q, sizeof q));
            return;
        }
        s->cell.len = 0;
        if (buf_add(&s->cell, v ? "TRUE" : "FALSE", v ? 4 : 5) != 0)
            nomem(&s->c);
        return;
    } else if (strcmp(t, "e") == 0) {
        if (s->deliver)
            fail(&s->c, CE_ERR_DATA, (size_t)s->row,
                 "%s: the cell holds the error %s (a formula that failed in Excel): correct it "
                 "or leave the cell empty",
                 here(s, where, sizeof where), ce_error_quote(s->cell.s, s->cell.len, q, sizeof q));
        s->cell.len = 1;
        return;
    } else if (strcmp(t, "n") == 0 && s->cell.len > 0) {
        int kind = s->style >= 0 && (size_t)s->style < b->nxf ? b->xf_kind[s->style]
                                                             : KIND_NUMBER;
        if (kind == KIND_PERCENT) {
            char *pct = malloc(s->cell.len + 8);
            if (!pct) {
                nomem(&s->c);
                return;
            }
            if (percent_text(s->cell.s, pct) == 0) {
                s->cell.len = 0;
                if (buf_add(&s->cell, pct, strlen(pct)) != 0)
                    nomem(&s->c);
                free(pct);
                return;
            }
            free(pct); /* no plain decimal: delivered as stored, for the parser to refuse */
        } else if (kind != KIND_NUMBER) {
            if (serial_text(s->cell.s, kind, b->date1904, tmp) != 0) {
                fail(&s->c, CE_ERR_DATA, (size_t)s->row,
                     "%s: \"%s\" in a date format is no day Excel can show (1900-02-29, "
                     "negative or after 9999)",
                     here(s, where, sizeof where), ce_error_quote(s->cell.s, s->cell.len, q, sizeof q));
                return;
            }
            s->cell.len = 0;
            if (buf_add(&s->cell, tmp, strlen(tmp)) != 0)
                nomem(&s->c);
            return;
        }
    } /* "str", "inlineStr", "d" and numbers: the text as stored */
    if (strcmp(t, "s") == 0 || strcmp(t, "str") == 0 || strcmp(t, "inlineStr") == 0) {
        if (unescape_xstring(&s->cell) != 0) {
            fail(&s->c, CE_ERR_DATA, (size_t)s->row, "%s: the text holds a NUL character (_x0000_)",
                 here(s, where, sizeof where));
            return;
        }
    }
    /* Trimmed of spaces and tabs, as an unquoted CSV field. */
    size_t a = 0, e = s->cell.len;
    while (a < e && (s->cell.s[a] == ' ' || s->cell.s[a] == '\t'))
        a++;
    while (e > a && (s->cell.s[e - 1] == ' ' || s->cell.s[e - 1] == '\t'))
        e--;
    memmove(s->cell.s, s->cell.s + a, e - a);
    s->cell.len = e - a;
    s->cell.s[s->cell.len] = '\0';
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    sheet_ctx *s = ud;
    const char *n = local(name);
    if (s->c.st != CE_OK)
        return;
    if (strcmp(n, "v") == 0) {
        s->in_v = 0;
    } else if (strcmp(n, "f") == 0) {
        s->in_f = 0;
    } else if (strcmp(n, "rPh") == 0) {
        s->in_rph = 0;
    } else if (strcmp(n, "t") == 0) {
        s->in_is_t = 0;
    } else if (strcmp(n, "c") == 0 && s->in_c) {
        s->in_c = 0;
        s->last_col = s->col;
        finish_cell(s);
        if (s->c.st != CE_OK || s->cell.len == 0)
            return;
        s->row_has_value = 1;
        if (!s->deliver) {
            if ((size_t)s->col + 1 > s->width)
                s->width = (size_t)s->col + 1;
            return;
        }
        size_t off = s->rowbuf.len;
        if (buf_add(&s->rowbuf, s->cell.s, s->cell.len + 1) != 0) {
            nomem(&s->c);
            return;
        }
        s->offs[s->col] = off;
        s->lens[s->col] = s->cell.len;
    } else if (strcmp(n, "row") == 0 && s->in_row) {
        s->in_row = 0;
        s->last_row = s->row;
        if (!s->row_has_value)
            return;
        if (!s->deliver) {
            s->rows_with_value++;
            return;
        }
        for (size_t i = 0; i < s->width; i++)
            if (s->offs[i] == SIZE_MAX) { /* a missing cell: an empty field of its own */
                s->offs[i] = s->rowbuf.len;
                s->lens[i] = 0;
                if (buf_add(&s->rowbuf, "", 1) != 0) {
                    nomem(&s->c);
                    return;
                }
            }
        for (size_t i = 0; i < s->width; i++)
            s->ptrs[i] = s->rowbuf.s + s->offs[i];
        ce_csv_record rec = {s->records, (size_t)s->row, s->width, s->ptrs, s->lens,
                             s->rows_with_value, s->sheet_name, 0};
        ce_status st = CE_OK;
        if (s->records < HEADER_ROWS)
            st = keep_header(s, &rec);
        if (st == CE_OK) {
            st = s->fn(s->ud, &rec, s->c.b->err);
            if (st != CE_OK)
                name_the_cell(s, (size_t)s->row);
        }
        s->records++;
        if (st != CE_OK) {
            s->c.st = st;
            XML_StopParser(s->c.p, XML_FALSE);
        }
    }
}

/* ---- the whole ---- */

static void book_fini(book *b)
{
    for (size_t i = 0; i < b->nsheets; i++) {
        free(b->sheets[i].name);
        free(b->sheets[i].rid);
    }
    free(b->sheets);
    free(b->strings_part);
    free(b->styles_part);
    free(b->sheet_part);
    free(b->strings.s);
    free(b->str_off);
    free(b->xf_kind);
    if (b->zip)
        zip_discard(b->zip);
}

/* Opens fp's file as a zip archive (through a duplicate of its descriptor,
 * which libzip then owns). */
static ce_status open_zip(FILE *fp, book *b)
{
    if (fflush(fp) != 0 || lseek(fileno(fp), 0, SEEK_SET) < 0)
        return ce_error_set(b->err, CE_ERR_IO, b->path, 0, "cannot read: %s", strerror(errno));
    int fd = dup(fileno(fp));
    if (fd < 0)
        return ce_error_set(b->err, CE_ERR_IO, b->path, 0, "cannot read: %s", strerror(errno));
    int zerr = 0;
    b->zip = zip_fdopen(fd, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (!b->zip) {
        close(fd);
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        ce_status st = ce_error_set(b->err, zerr == ZIP_ER_READ ? CE_ERR_IO : CE_ERR_DATA,
                                    b->path, 0,
                                    "a zip archive that cannot be opened as an .xlsx "
                                    "workbook: %s",
                                    zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return st;
    }
    return CE_OK;
}

static ce_status sheet_pass(book *b, sheet_ctx *s)
{
    s->row = s->col = 0;
    s->last_row = 0;
    s->last_col = -1;
    s->in_row = s->in_c = s->in_v = s->in_is_t = s->in_rph = s->in_f = 0;
    return parse_part(b, b->sheet_part, CE_XLSX_SHEET_MAX, &s->c, sheet_start, sheet_end,
                      sheet_text, NULL);
}

ce_status ce_xlsx_read(FILE *fp, const char *path, const char *sheet, ce_csv_record_fn fn,
                       void *ud, ce_diag *diag, ce_error *err)
{
    book b = {.path = path, .err = err};
    ce_status st = open_zip(fp, &b);
    part_ctx wc = {0};
    if (st == CE_OK)
        st = parse_part(&b, "xl/workbook.xml", CE_XLSX_PART_MAX, &wc, wb_start, no_end, NULL,
                        NULL);
    size_t chosen = SIZE_MAX;
    if (st == CE_OK) {
        for (size_t i = 0; i < b.nsheets && chosen == SIZE_MAX; i++)
            if (sheet ? strcmp(b.sheets[i].name, sheet) == 0 : !b.sheets[i].hidden)
                chosen = i;
        if (chosen == SIZE_MAX) {
            buf names = {0};
            for (size_t i = 0; i < b.nsheets && names.len < 400; i++) {
                char q[256];
                ce_error_quote(b.sheets[i].name, strlen(b.sheets[i].name), q, sizeof q);
                if ((i && buf_add(&names, ", ", 2) != 0) || buf_add(&names, "\"", 1) != 0 ||
                    buf_add(&names, q, strlen(q)) != 0 || buf_add(&names, "\"", 1) != 0)
                    break;
            }
            char q[256];
            if (sheet)
                st = ce_error_set(err, CE_ERR_DATA, path, 0,
                                  "the workbook has no sheet \"%s\" (its sheets: %s)",
                                  ce_error_quote(sheet, strlen(sheet), q, sizeof q),
                                  names.s ? names.s : "none");
            else
                st = ce_error_set(err, CE_ERR_DATA, path, 0,
                                  "the workbook has no visible sheet (its sheets: %s)",
                                  names.s ? names.s : "none");
            free(names.s);
        }
    }
    if (st == CE_OK) {
        /* Keep only the chosen sheet's id, so that the rels find its part. */
        for (size_t i = 0; i < b.nsheets; i++)
            if (i != chosen) {
                free(b.sheets[i].rid);
                b.sheets[i].rid = NULL;
            }
        rels_ctx rc = {.dir = "xl/"};
        st = parse_part(&b, "xl/_rels/workbook.xml.rels", CE_XLSX_PART_MAX, &rc.c, rels_start,
                        no_end, NULL, NULL);
        if (st == CE_OK && !b.sheet_part)
            st = ce_error_set(err, CE_ERR_DATA, path, 0,
                              "not an .xlsx workbook: sheet \"%s\" has no worksheet part",
                              b.sheets[chosen].name);
    }
    if (st == CE_OK && !b.styles_part && !(b.styles_part = strdup("xl/styles.xml")))
        st = ce_error_nomem(err);
    if (st == CE_OK) {
        styles_ctx sc = {0};
        int found;
        st = parse_part(&b, b.styles_part, CE_XLSX_PART_MAX, &sc.c, styles_start, styles_end,
                        NULL, &found);
        free(sc.fmt_id);
        free(sc.fmt_kind);
    }
    if (st == CE_OK && b.strings_part) {
        strings_ctx sc = {0};
        int found; /* absent: no strings, and a cell that uses one is refused */
        st = parse_part(&b, b.strings_part, CE_XLSX_STRINGS_MAX, &sc.c, sst_start, sst_end,
                        sst_text, &found);
    }
    sheet_ctx s = {.sheet_name = chosen != SIZE_MAX ? b.sheets[chosen].name : "",
                   .fn = fn, .ud = ud, .diag = diag};
    if (st == CE_OK)
        st = sheet_pass(&b, &s);
    if (st == CE_OK && s.rows_with_value == 0)
        st = ce_error_set(err, CE_ERR_DATA, path, 1,
                          "sheet \"%s\" is empty (expected a header row)", s.sheet_name);
    if (st == CE_OK) {
        s.offs = malloc(s.width * sizeof *s.offs);
        s.lens = malloc(s.width * sizeof *s.lens);
        s.ptrs = malloc(s.width * sizeof *s.ptrs);
        if (!s.offs || !s.lens || !s.ptrs)
            st = ce_error_nomem(err);
    }
    if (st == CE_OK && !sheet && b.nsheets > 1) {
        size_t visible = 0;
        for (size_t i = 0; i < b.nsheets; i++)
            visible += !b.sheets[i].hidden;
        if (visible > 1 &&
            ce_diag_add(diag, "%s: read sheet \"%s\", the first of %zu (--sheet chooses another)",
                        path, s.sheet_name, visible) != CE_OK)
            st = ce_error_nomem(err);
    }
    if (st == CE_OK) {
        s.deliver = 1;
        st = sheet_pass(&b, &s);
    }
    free(s.cell.s);
    free(s.rowbuf.s);
    free(s.offs);
    free(s.lens);
    free(s.ptrs);
    for (size_t i = 0; i < s.nheader; i++)
        free(s.header[i]);
    free(s.header);
    book_fini(&b);
    return st;
}
