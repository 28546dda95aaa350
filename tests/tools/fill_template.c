/* fill_template.c - fills a workbook written by `clustereval template` the
 * way an analyst fills it in Excel, for tests/e2e/template_collect.sh: the
 * rows of a CSV go below the template's header, every part of the template
 * (merged titles, validations, formats, the instructions sheet) stays.
 *
 *   fill_template TEMPLATE.xlsx DATA.csv OUT.xlsx
 *
 * DATA.csv has a header of codes (id, name and the profile's indicator
 * codes, any order). The template's column order comes from its sheet
 * 填报说明 (xl/worksheets/sheet2.xml: the codes in column C, the units in
 * column D); each data row becomes a row of sheet 数据 (sheet1.xml) from
 * row 3: id and name as text cells in the column's style (the id column
 * is text), a number as a number cell, in a % column divided by 100 and in
 * the column's 0.00% style (what Excel stores when 83.15 is typed into a
 * percentage cell), with 15 significant digits as Excel keeps them; any
 * other text as a text cell, an empty field as no cell. After the data,
 * two rows of styled empty cells (rows Excel keeps when a filled row is
 * cleared). Exit 0, or 1 with a message.
 * Build: cc fill_template.c -lcsv $(pkg-config --cflags --libs libzip)
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define MAX_COLS 256

static void die(const char *what)
{
    fprintf(stderr, "fill_template: %s\n", what);
    exit(1);
}

static char *part(zip_t *z, const char *name, zip_uint64_t *len)
{
    zip_stat_t sb;
    if (zip_stat(z, name, 0, &sb) != 0)
        die(name);
    char *buf = malloc(sb.size + 1);
    zip_file_t *f = zip_fopen(z, name, 0);
    if (!buf || !f || zip_fread(f, buf, sb.size) != (zip_int64_t)sb.size)
        die(name);
    zip_fclose(f);
    buf[sb.size] = '\0';
    if (len)
        *len = sb.size;
    return buf;
}

/* The inline string of cell ref (e.g. "C4") in sheet xml, or NULL. */
static char *cell_text(const char *xml, const char *ref)
{
    char key[32];
    snprintf(key, sizeof key, "<c r=\"%s\"", ref);
    const char *c = strstr(xml, key);
    if (!c)
        return NULL;
    const char *end = strstr(c, "</c>"), *t = strstr(c, "<t");
    const char *close = strstr(c, "/>");
    if (!t || !end || t > end || (close && close < strchr(c, '>') + 1))
        return NULL;
    t = strchr(t, '>') + 1;
    const char *te = strstr(t, "</t>");
    return strndup(t, (size_t)(te - t));
}

typedef struct {
    char *code[MAX_COLS];
    int percent[MAX_COLS];
    int style[MAX_COLS];
    size_t n;
    /* the CSV */
    char *head[MAX_COLS];
    size_t n_head, field;
    long src_of[MAX_COLS]; /* template column -> CSV field */
    char *cells[MAX_COLS];
    char *rows;
    size_t rows_len, rows_cap;
    unsigned row;
    int header_done;
} state;

static void append(state *s, const char *text)
{
    size_t n = strlen(text);
    if (s->rows_len + n + 1 > s->rows_cap) {
        s->rows_cap = 2 * (s->rows_len + n + 1);
        s->rows = realloc(s->rows, s->rows_cap);
        if (!s->rows)
            die("memory");
    }
    memcpy(s->rows + s->rows_len, text, n + 1);
    s->rows_len += n;
}

static void col_name(size_t c, char *out)
{
    if (c < 26)
        sprintf(out, "%c", (int)('A' + c));
    else
        sprintf(out, "%c%c", (int)('A' + c / 26 - 1), (int)('A' + c % 26));
}

static int plain_number(const char *s, double *v)
{
    char *end;
    if (!*s)
        return 0;
    *v = strtod(s, &end);
    return *end == '\0';
}

static void on_field(void *f, size_t len, void *ud)
{
    state *s = ud;
    char *text = strndup(f, len);
    if (!s->header_done) {
        if (s->n_head < MAX_COLS)
            s->head[s->n_head++] = text;
        return;
    }
    if (s->field < MAX_COLS)
        s->cells[s->field] = text;
    else
        free(text);
    s->field++;
}

static void on_row(int c, void *ud)
{
    (void)c;
    state *s = ud;
    if (!s->header_done) {
        s->header_done = 1;
        for (size_t j = 0; j < s->n; j++) {
            s->src_of[j] = -1;
            for (size_t k = 0; k < s->n_head; k++)
                if (strcmp(s->head[k], s->code[j]) == 0)
                    s->src_of[j] = (long)k;
        }
        return;
    }
    char buf[1024], ref[8];
    snprintf(buf, sizeof buf, "<row r=\"%u\">", s->row);
    append(s, buf);
    for (size_t j = 0; j < s->n; j++) {
        const char *v = s->src_of[j] >= 0 && (size_t)s->src_of[j] < s->field
                            ? s->cells[s->src_of[j]]
                            : "";
        if (!v[0])
            continue;
        col_name(j, ref);
        char style[32] = "";
        if (s->style[j])
            snprintf(style, sizeof style, " s=\"%d\"", s->style[j]);
        double x;
        if (j >= 2 && plain_number(v, &x))
            snprintf(buf, sizeof buf, "<c r=\"%s%u\"%s><v>%.15g</v></c>", ref, s->row,
                     s->percent[j] ? style : "", s->percent[j] ? x / 100 : x);
        else
            snprintf(buf, sizeof buf, "<c r=\"%s%u\"%s t=\"inlineStr\"><is><t>%s</t></is></c>",
                     ref, s->row, style, v);
        append(s, buf);
    }
    append(s, "</row>");
    for (size_t k = 0; k < s->field && k < MAX_COLS; k++)
        free(s->cells[k]);
    s->field = 0;
    s->row++;
}

int main(int argc, char **argv)
{
    if (argc != 4)
        die("usage: fill_template TEMPLATE.xlsx DATA.csv OUT.xlsx");
    int zerr;
    zip_t *in = zip_open(argv[1], ZIP_RDONLY, &zerr);
    if (!in)
        die("cannot open the template");
    static state s;
    char *help = part(in, "xl/worksheets/sheet2.xml", NULL);
    for (unsigned r = 2; s.n < MAX_COLS; r++) {
        char ref[16];
        snprintf(ref, sizeof ref, "C%u", r);
        char *code = cell_text(help, ref);
        if (!code)
            break;
        snprintf(ref, sizeof ref, "D%u", r);
        char *unit = cell_text(help, ref);
        s.percent[s.n] = unit && strcmp(unit, "%") == 0;
        free(unit);
        s.code[s.n++] = code;
    }
    if (s.n < 3)
        die("no codes in 填报说明");
    zip_uint64_t len;
    char *sheet = part(in, "xl/worksheets/sheet1.xml", &len);
    for (size_t j = 0; j < s.n; j++) {
        char key[64];
        snprintf(key, sizeof key, "<col min=\"%zu\" max=\"%zu\"", j + 1, j + 1);
        const char *c = strstr(sheet, key);
        const char *st = c ? strstr(c, "style=\"") : NULL;
        if (st && st < strchr(c, '>'))
            s.style[j] = atoi(st + 7);
    }

    struct csv_parser p;
    csv_init(&p, CSV_APPEND_NULL);
    s.row = 3;
    FILE *f = fopen(argv[2], "rb");
    if (!f)
        die("cannot open the data");
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (csv_parse(&p, buf, n, on_field, on_row, &s) != n)
            die("bad CSV");
    csv_fini(&p, on_field, on_row, &s);
    csv_free(&p);
    fclose(f);
    for (int k = 0; k < 2; k++) { /* cleared rows: styled, empty */
        char row[256], ref[8];
        snprintf(row, sizeof row, "<row r=\"%u\">", s.row);
        append(&s, row);
        for (size_t j = 0; j < s.n; j++) {
            col_name(j, ref);
            snprintf(row, sizeof row, "<c r=\"%s%u\" s=\"%d\"/>", ref, s.row, s.style[j]);
            append(&s, row);
        }
        append(&s, "</row>");
        s.row++;
    }

    /* the new sheet: the rows before </sheetData>, the dimension widened */
    char *endp = strstr(sheet, "</sheetData>");
    char *dim = strstr(sheet, "<dimension ref=\"");
    if (!endp || !dim)
        die("unexpected sheet1.xml");
    char last[8], newdim[64];
    col_name(s.n - 1, last);
    snprintf(newdim, sizeof newdim, "<dimension ref=\"A1:%s%u\"/>", last, s.row - 1);
    char *dim_end = strstr(dim, "/>") + 2;
    size_t out_cap = len + s.rows_len + 64;
    char *out = malloc(out_cap);
    size_t o = 0;
    memcpy(out + o, sheet, (size_t)(dim - sheet)), o += (size_t)(dim - sheet);
    memcpy(out + o, newdim, strlen(newdim)), o += strlen(newdim);
    memcpy(out + o, dim_end, (size_t)(endp - dim_end)), o += (size_t)(endp - dim_end);
    memcpy(out + o, s.rows ? s.rows : "", s.rows_len), o += s.rows_len;
    strcpy(out + o, endp), o += strlen(endp);

    zip_t *z = zip_open(argv[3], ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!z)
        die("cannot create the output");
    zip_int64_t entries = zip_get_num_entries(in, 0);
    for (zip_int64_t i = 0; i < entries; i++) {
        const char *name = zip_get_name(in, (zip_uint64_t)i, 0);
        zip_uint64_t plen;
        char *data;
        if (strcmp(name, "xl/worksheets/sheet1.xml") == 0) {
            data = out;
            plen = o;
        } else {
            data = part(in, name, &plen);
        }
        zip_source_t *src = zip_source_buffer(z, data, plen, 1);
        if (!src || zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8) < 0)
            die("cannot add a part");
    }
    if (zip_close(z) != 0)
        die("cannot write the output");
    zip_close(in);
    return 0;
}
