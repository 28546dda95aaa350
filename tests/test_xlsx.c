/* test_xlsx.c - the --xlsx workbooks (src/report/xlsx.c, issue 7 §2): every
 * workbook is read back with `unzip -p` and its XML checked: cell values,
 * number formats, row fills, the frozen header, sheet names; and the
 * atomic output (no file after a failure or an abort, an existing file
 * replaced only by a successful close). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clustereval/xlsx.h"
#include "testutil.h"

TestSuite(xlsx, .init = ce_test_dir_init, .fini = ce_test_dir_fini);

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* 2024-05-01T08:00:00Z: the workbooks' creation time. */
#define CREATED 1714550400LL

/* ---- reading the workbook back ---------------------------------------- */

/* The standard output of cmd (malloc'd, NUL-terminated) and its exit code. */
static char *run(const char *cmd, int *exit_code)
{
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p, "cannot run %s", cmd);
    size_t len = 0, cap = 4096;
    char *out = malloc(cap);
    cr_assert_not_null(out);
    size_t n;
    while ((n = fread(out + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (cap - len - 1 == 0) {
            cap *= 2;
            out = realloc(out, cap);
            cr_assert_not_null(out);
        }
    }
    out[len] = '\0';
    int status = pclose(p);
    *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

/* The member of the zip file xlsx, which must exist. */
static char *member(const char *xlsx, const char *name)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", xlsx, name);
    int code;
    char *xml = run(cmd, &code);
    cr_assert_eq(code, 0, "%s: exit %d", cmd, code);
    cr_assert(strncmp(xml, "<?xml", 5) == 0, "%s gave: %.80s", cmd, xml);
    return xml;
}

/* Whether the zip file xlsx lists a member name. */
static int has_member(const char *xlsx, const char *name)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "unzip -Z1 '%s'", xlsx);
    int code;
    char *list = run(cmd, &code);
    cr_assert_eq(code, 0, "%s: exit %d", cmd, code);
    char line[256];
    snprintf(line, sizeof line, "\n%s\n", name);
    size_t n = strlen(list);
    char *wrapped = malloc(n + 3);
    cr_assert_not_null(wrapped);
    snprintf(wrapped, n + 3, "\n%s", list);
    int found = strstr(wrapped, line) != NULL;
    free(wrapped);
    free(list);
    return found;
}

/* The <c> element of cell ref in a sheet's XML, into out; "" when absent. */
static const char *cell(const char *sheet, const char *ref, char *out, size_t cap)
{
    char open[32];
    snprintf(open, sizeof open, "<c r=\"%s\"", ref);
    const char *start = strstr(sheet, open);
    out[0] = '\0';
    if (!start)
        return out;
    const char *gt = strchr(start, '>');
    cr_assert_not_null(gt);
    const char *end = gt[-1] == '/' ? gt + 1 : strstr(gt, "</c>");
    cr_assert_not_null(end);
    if (gt[-1] != '/')
        end += 4;
    size_t n = (size_t)(end - start);
    cr_assert_lt(n, cap, "cell %s too long", ref);
    memcpy(out, start, n);
    out[n] = '\0';
    return out;
}

/* Attribute name="..." of the tag starting at tag, as an int (-1: none). */
static int int_attr(const char *tag, const char *name)
{
    const char *gt = strchr(tag, '>');
    char pat[64];
    snprintf(pat, sizeof pat, " %s=\"", name);
    const char *a = strstr(tag, pat);
    if (!a || (gt && a > gt))
        return -1;
    return atoi(a + strlen(pat));
}

/* The n-th (0-based) element <tag ...> after the first <list in xml. */
static const char *nth(const char *xml, const char *list, const char *tag, int n)
{
    const char *p = strstr(xml, list);
    cr_assert_not_null(p, "no %s", list);
    for (int i = 0; i <= n; i++) {
        p = strstr(p + 1, tag);
        cr_assert_not_null(p, "no %s number %d in %s", tag, n, list);
    }
    return p;
}

typedef struct {
    char num_format[32]; /* "General", or the formatCode */
    char fill[16];       /* "none", or the fgColor rgb ("FFC6EFCE") */
    int bold;
} style;

/* The cell style with index s (cellXfs) in styles.xml. */
static style style_of(const char *styles, int s)
{
    style st = {"", "", 0};
    const char *xf = nth(styles, "<cellXfs", "<xf ", s < 0 ? 0 : s);
    int fmt = int_attr(xf, "numFmtId"), fill = int_attr(xf, "fillId"),
        font = int_attr(xf, "fontId");
    if (fmt == 0) {
        strcpy(st.num_format, "General");
    } else {
        char pat[64];
        snprintf(pat, sizeof pat, "<numFmt numFmtId=\"%d\" formatCode=\"", fmt);
        const char *f = strstr(styles, pat);
        cr_assert_not_null(f, "no numFmt %d", fmt);
        f += strlen(pat);
        size_t n = strcspn(f, "\"");
        cr_assert_lt(n, sizeof st.num_format);
        memcpy(st.num_format, f, n);
        st.num_format[n] = '\0';
    }
    const char *fl = nth(styles, "<fills", "<fill>", fill);
    const char *fl_end = strstr(fl, "</fill>");
    const char *rgb = strstr(fl, "<fgColor rgb=\"");
    if (rgb && rgb < fl_end)
        snprintf(st.fill, sizeof st.fill, "%.8s", rgb + strlen("<fgColor rgb=\""));
    else
        strcpy(st.fill, "none");
    const char *fo = nth(styles, "<fonts", "<font>", font);
    const char *b = strstr(fo, "<b/>");
    st.bold = b && b < strstr(fo, "</font>");
    return st;
}

/* What a cell must hold. */
typedef struct {
    const char *ref;
    char kind;        /* 'n' number, 's' text, 'b' blank (fill only), '-' absent */
    const char *text; /* the <v> of a number, the <t> of a text */
    const char *num_format;
    const char *fill;
} expect;

static void check_cells(const char *sheet, const char *styles, const expect *e, size_t n)
{
    char c[512], want[512];
    for (size_t i = 0; i < n; i++) {
        cell(sheet, e[i].ref, c, sizeof c);
        if (e[i].kind == '-') {
            cr_assert_str_eq(c, "", "%s should be absent", e[i].ref);
            continue;
        }
        cr_assert_str_neq(c, "", "%s is missing", e[i].ref);
        if (e[i].kind == 'n') {
            snprintf(want, sizeof want, "><v>%s</v></c>", e[i].text);
            cr_assert_null(strstr(c, " t=\""), "%s is not a number: %s", e[i].ref, c);
        } else if (e[i].kind == 's') {
            snprintf(want, sizeof want, " t=\"inlineStr\"><is><t>%s</t></is></c>", e[i].text);
        } else {
            snprintf(want, sizeof want, "/>");
        }
        size_t lc = strlen(c), lw = strlen(want);
        cr_assert(lc >= lw && strcmp(c + lc - lw, want) == 0, "%s is %s, expected ...%s", e[i].ref,
                  c, want);
        style st = style_of(styles, int_attr(c, "s") < 0 ? 0 : int_attr(c, "s"));
        cr_assert_str_eq(st.num_format, e[i].num_format, "%s: %s", e[i].ref, c);
        cr_assert_str_eq(st.fill, e[i].fill, "%s: %s", e[i].ref, c);
        cr_assert_eq(st.bold, 0, "%s is bold", e[i].ref);
    }
}

/* ---- the folder -------------------------------------------------------- */

/* The names in ce_test_dir, sorted and joined with '|' ("" when empty). */
static void list_folder(char *out, size_t cap)
{
    char names[16][256];
    size_t n = 0;
    DIR *d = opendir(ce_test_dir);
    cr_assert_not_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        cr_assert_lt(n, 16);
        snprintf(names[n++], sizeof names[0], "%s", e->d_name);
    }
    closedir(d);
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char tmp[256];
            memcpy(tmp, names[j], sizeof tmp);
            memcpy(names[j], names[j - 1], sizeof tmp);
            memcpy(names[j - 1], tmp, sizeof tmp);
        }
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && len < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? "|" : "", names[i]);
}

static void slurp(const char *path, char *out, size_t cap)
{
    FILE *fp = fopen(path, "rb");
    cr_assert_not_null(fp, "cannot open %s", path);
    size_t n = fread(out, 1, cap - 1, fp);
    out[n] = '\0';
    fclose(fp);
}

/* ---- the two-sheet workbook ------------------------------------------- */

static const char *const rank_headers[] = {"排名",   "集群名称", "综合得分", "奖励金额",
                                           "企业数", "占比",     "备注"};
static const ce_xlsx_format rank_formats[] = {CE_XLSX_INTEGER, CE_XLSX_TEXT,    CE_XLSX_SCORE,
                                              CE_XLSX_MONEY,   CE_XLSX_INTEGER, CE_XLSX_SHARE,
                                              CE_XLSX_TEXT};
static const char *const rank_rows[][7] = {
    {"1", "深圳南山软件集群", "87.654321", "1500000", "42", "0.125", "=SUM(A1)"},
    {"2", "苏州纳米集群", "87.65", "1234567.5", "38", "0.5", "+86 并列"},
    {"3", "@杭州", "71.2", "N/A", "", "-0.0625", "-5"},
    {"4", "合肥", "", "", "7", "1", "未达门槛"},
};
static const ce_xlsx_mark rank_marks[] = {CE_XLSX_AWARD, CE_XLSX_TIE, CE_XLSX_PLAIN,
                                          CE_XLSX_REJECTED};

static const char *const voucher_headers[] = {"企业名称", "申请金额", "核定金额", "得分", "说明"};
static const ce_xlsx_format voucher_formats[] = {CE_XLSX_TEXT, CE_XLSX_NUMBER, CE_XLSX_MONEY,
                                                 CE_XLSX_SCORE, CE_XLSX_TEXT};
static const char *const voucher_rows[][5] = {
    {"+86 公司", "12.5", "1e3", "-0.5", "@提及"},
    {"甲", "0x10", "inf", "nan", "1,000"},
    {"乙", ".5", "5.", "1e999", "-"},
    {"丙", "1 2", "12%", "+7", ""},
};
static const ce_xlsx_mark voucher_marks[] = {CE_XLSX_PLAIN, CE_XLSX_PLAIN, CE_XLSX_AWARD,
                                             CE_XLSX_PLAIN};

static void write_two_sheets_at(const char *path, long long created)
{
    ce_xlsx *x = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_xlsx_open(path, created, &x, &err), CE_OK, "%s: %s", err.file, err.msg);
    cr_assert_not_null(x);
    cr_assert_eq(ce_xlsx_sheet(x, "排名", 7, rank_headers, rank_formats, &err), CE_OK, "%s",
                 err.msg);
    for (size_t r = 0; r < N_OF(rank_rows); r++)
        cr_assert_eq(ce_xlsx_row(x, rank_rows[r], rank_marks[r], &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_xlsx_sheet(x, "券/补贴:明细", 5, voucher_headers, voucher_formats, &err), CE_OK,
                 "%s", err.msg);
    for (size_t r = 0; r < N_OF(voucher_rows); r++)
        cr_assert_eq(ce_xlsx_row(x, voucher_rows[r], voucher_marks[r], &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_xlsx_close(x, &err), CE_OK, "%s: %s", err.file, err.msg);
}

static void write_two_sheets(const char *path)
{
    write_two_sheets_at(path, CREATED);
}

/* The whole file as bytes (malloc'd), its size in *size. */
static unsigned char *read_bytes(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    unsigned char *buf = malloc(1 << 20);
    cr_assert_not_null(buf);
    *size = fread(buf, 1, 1 << 20, f);
    cr_assert(*size > 0 && *size < (1 << 20) && feof(f), "%s: %zu bytes", path, *size);
    fclose(f);
    return buf;
}

/* The same rows and the same creation time give the same bytes, whenever
 * written: verify compares workbooks byte for byte (issue 13 §2). */
Test(xlsx, same_rows_and_time_give_the_same_bytes)
{
    char a[256], b[256], c[256];
    ce_test_path(a, sizeof a, ce_test_dir, "a.xlsx");
    ce_test_path(b, sizeof b, ce_test_dir, "b.xlsx");
    ce_test_path(c, sizeof c, ce_test_dir, "c.xlsx");
    write_two_sheets_at(a, CREATED);
    sleep(1); /* a workbook dated by the clock would now differ */
    write_two_sheets_at(b, CREATED);
    write_two_sheets_at(c, CREATED + 61);
    size_t na, nb, nc;
    unsigned char *ba = read_bytes(a, &na), *bb = read_bytes(b, &nb), *bc = read_bytes(c, &nc);
    cr_assert_eq(na, nb);
    cr_assert(memcmp(ba, bb, na) == 0, "the two workbooks differ");
    cr_assert(na != nc || memcmp(ba, bc, na) != 0, "another time, the same bytes");
    free(ba);
    free(bb);
    free(bc);
    char *core = member(a, "docProps/core.xml");
    cr_assert_not_null(strstr(core, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">"
                                    "2024-05-01T08:00:00Z</dcterms:created>"), "%s", core);
    cr_assert_not_null(strstr(core, "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">"
                                    "2024-05-01T08:00:00Z</dcterms:modified>"), "%s", core);
    free(core);
    core = member(c, "docProps/core.xml");
    cr_assert_not_null(strstr(core, ">2024-05-01T08:01:01Z</dcterms:created>"), "%s", core);
    free(core);
    /* every zip entry dated 1980-01-01 00:00, not the time of writing */
    int code;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "zipinfo -T '%s' | grep -c ' defN 19800101.000000 '", a);
    char *count = run(cmd, &code);
    snprintf(cmd, sizeof cmd, "zipinfo -1 '%s' | wc -l", a);
    char *entries = run(cmd, &code);
    cr_assert_eq(atoi(count), atoi(entries), "%s of %s entries dated 1980-01-01", count, entries);
    cr_assert_gt(atoi(entries), 5);
    free(count);
    free(entries);
}

/* A time libxlsxwriter would take for "now" is refused; nothing is left. */
Test(xlsx, no_time_is_refused)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "zero.xlsx");
    ce_xlsx *x = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_xlsx_open(path, 0, &x, &err), CE_ERR_USAGE);
    cr_assert_null(x);
    cr_assert_str_eq(err.msg, "workbook creation time 0 is not a time after 1970-01-01");
    cr_assert_eq(ce_xlsx_open(path, -86400, &x, &err), CE_ERR_USAGE);
    DIR *d = opendir(ce_test_dir);
    cr_assert_not_null(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    cr_assert_eq(n, 0, "files left behind");
}

Test(xlsx, cells_read_back)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "排名.xlsx");
    write_two_sheets(path);
    char *sheet = member(path, "xl/worksheets/sheet1.xml");
    char *styles = member(path, "xl/styles.xml");
    static const expect e[] = {
        /* AWARD: light green on every cell */
        {"A2", 'n', "1", "0", "FFC6EFCE"},
        {"B2", 's', "深圳南山软件集群", "General", "FFC6EFCE"},
        {"C2", 'n', "87.654321", "0.00", "FFC6EFCE"},
        {"D2", 'n', "1500000", "#,##0.00", "FFC6EFCE"},
        {"E2", 'n', "42", "0", "FFC6EFCE"},
        {"F2", 'n', "0.125", "0.0%", "FFC6EFCE"},
        {"G2", 's', "=SUM(A1)", "General", "FFC6EFCE"},
        /* TIE: light amber */
        {"A3", 'n', "2", "0", "FFFFEB9C"},
        {"B3", 's', "苏州纳米集群", "General", "FFFFEB9C"},
        /* libxlsxwriter prints numbers with %.16G: the same double as 87.65 */
        {"C3", 'n', "87.65000000000001", "0.00", "FFFFEB9C"},
        {"D3", 'n', "1234567.5", "#,##0.00", "FFFFEB9C"},
        {"F3", 'n', "0.5", "0.0%", "FFFFEB9C"},
        {"G3", 's', "+86 并列", "General", "FFFFEB9C"},
        /* PLAIN: no fill; "N/A" in the money column stays text; "" is no cell */
        {"A4", 'n', "3", "0", "none"},
        {"B4", 's', "@杭州", "General", "none"},
        {"C4", 'n', "71.2", "0.00", "none"},
        {"D4", 's', "N/A", "General", "none"},
        {"E4", '-', NULL, NULL, NULL},
        {"F4", 'n', "-0.0625", "0.0%", "none"},
        {"G4", 's', "-5", "General", "none"},
        /* REJECTED: light red, empty cells filled too */
        {"A5", 'n', "4", "0", "FFFFC7CE"},
        {"B5", 's', "合肥", "General", "FFFFC7CE"},
        {"C5", 'b', NULL, "General", "FFFFC7CE"},
        {"D5", 'b', NULL, "General", "FFFFC7CE"},
        {"E5", 'n', "7", "0", "FFFFC7CE"},
        {"F5", 'n', "1", "0.0%", "FFFFC7CE"},
        {"G5", 's', "未达门槛", "General", "FFFFC7CE"},
        {"A6", '-', NULL, NULL, NULL},
    };
    check_cells(sheet, styles, e, N_OF(e));

    char c[512];
    /* whole elements: the formula-looking text is an inline string */
    cr_assert_str_eq(cell(sheet, "G2", c, sizeof c),
                     "<c r=\"G2\" s=\"3\" t=\"inlineStr\"><is><t>=SUM(A1)</t></is></c>");
    cr_assert_str_eq(cell(sheet, "C2", c, sizeof c), "<c r=\"C2\" s=\"4\"><v>87.654321</v></c>");
    cr_assert_str_eq(cell(sheet, "D4", c, sizeof c),
                     "<c r=\"D4\" t=\"inlineStr\"><is><t>N/A</t></is></c>");
    /* an empty cell of a filled row: a blank with the row's text style */
    char blank[64];
    snprintf(blank, sizeof blank, "<c r=\"D5\" s=\"%d\"/>",
             int_attr(cell(sheet, "B5", c, sizeof c), "s"));
    cr_assert_str_eq(cell(sheet, "D5", c, sizeof c), blank);
    cr_assert(strtod("87.65000000000001", NULL) == strtod("87.65", NULL));
    cr_assert_null(strstr(sheet, "<f>"), "a formula was written");
    cr_assert_null(strstr(sheet, "<f "), "a formula was written");
    /* marked rows use other styles than the plain row */
    int plain = int_attr(cell(sheet, "C4", c, sizeof c), "s");
    int award = int_attr(cell(sheet, "C2", c, sizeof c), "s");
    int tie = int_attr(cell(sheet, "C3", c, sizeof c), "s");
    cr_assert(plain != award && plain != tie && award != tie, "%d %d %d", plain, award, tie);
    cr_assert_eq(int_attr(cell(sheet, "B4", c, sizeof c), "s"), -1);
    cr_assert_neq(int_attr(cell(sheet, "B5", c, sizeof c), "s"), -1);

    /* the header: bold, frozen, column widths from the headers */
    for (size_t k = 0; k < N_OF(rank_headers); k++) {
        char ref[8], want[256];
        snprintf(ref, sizeof ref, "%c1", (char)('A' + k));
        snprintf(want, sizeof want, "<c r=\"%s\" s=\"1\" t=\"inlineStr\"><is><t>%s</t></is></c>",
                 ref, rank_headers[k]);
        cr_assert_str_eq(cell(sheet, ref, c, sizeof c), want);
    }
    style h = style_of(styles, 1);
    cr_assert_eq(h.bold, 1);
    cr_assert_str_eq(h.fill, "none");
    cr_assert_not_null(strstr(sheet, "<sheetView tabSelected=\"1\" workbookViewId=\"0\"><pane "
                                     "ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" "
                                     "state=\"frozen\"/>"),
                       "%s", sheet);
    /* 排名 2×2+2 -> 8 (minimum); 集群名称 4×2+2 = 10; 奖励金额 money -> 14 */
    cr_assert_not_null(
        strstr(sheet, "<cols><col min=\"1\" max=\"1\" width=\"8.7109375\" customWidth=\"1\"/>"
                      "<col min=\"2\" max=\"2\" width=\"10.7109375\" customWidth=\"1\"/>"
                      "<col min=\"3\" max=\"3\" width=\"10.7109375\" customWidth=\"1\"/>"
                      "<col min=\"4\" max=\"4\" width=\"14.7109375\" customWidth=\"1\"/>"
                      "<col min=\"5\" max=\"5\" width=\"8.7109375\" customWidth=\"1\"/>"
                      "<col min=\"6\" max=\"6\" width=\"8.7109375\" customWidth=\"1\"/>"
                      "<col min=\"7\" max=\"7\" width=\"8.7109375\" customWidth=\"1\"/></cols>"),
        "%s", sheet);
    cr_assert_not_null(strstr(sheet, "<dimension ref=\"A1:G5\"/>"), "%s", sheet);
    free(sheet);
    free(styles);
}

Test(xlsx, second_sheet_numbers_and_text)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "out.xlsx");
    write_two_sheets(path);
    char *sheet = member(path, "xl/worksheets/sheet2.xml");
    char *styles = member(path, "xl/styles.xml");
    static const expect e[] = {
        {"A1", 's', "企业名称", NULL, NULL},
        {"A2", 's', "+86 公司", "General", "none"},
        {"B2", 'n', "12.5", "General", "none"},  /* NUMBER: no format */
        {"C2", 'n', "1000", "#,##0.00", "none"}, /* 1e3 */
        {"D2", 'n', "-0.5", "0.00", "none"},
        {"E2", 's', "@提及", "General", "none"},
        /* no hex, inf, nan or thousands separators */
        {"B3", 's', "0x10", "General", "none"},
        {"C3", 's', "inf", "General", "none"},
        {"D3", 's', "nan", "General", "none"},
        {"E3", 's', "1,000", "General", "none"},
        {"B4", 'n', "0.5", "General", "FFC6EFCE"},   /* .5 */
        {"C4", 'n', "5", "#,##0.00", "FFC6EFCE"},    /* 5. */
        {"D4", 's', "1e999", "General", "FFC6EFCE"}, /* not finite */
        {"E4", 's', "-", "General", "FFC6EFCE"},
        {"B5", 's', "1 2", "General", "none"},
        {"C5", 's', "12%", "General", "none"},
        {"D5", 'n', "7", "0.00", "none"}, /* +7 */
        {"E5", '-', NULL, NULL, NULL},
    };
    check_cells(sheet, styles, e + 1, N_OF(e) - 1);
    char c[512];
    cr_assert_str_eq(cell(sheet, "A1", c, sizeof c),
                     "<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>企业名称</t></is></c>");
    cr_assert_str_eq(cell(sheet, "B2", c, sizeof c), "<c r=\"B2\"><v>12.5</v></c>");
    cr_assert_not_null(strstr(sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\" "
                                     "activePane=\"bottomLeft\" state=\"frozen\"/>"));
    cr_assert_null(strstr(sheet, "<f>"));
    free(sheet);
    free(styles);
}

Test(xlsx, workbook_parts)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "out.xlsx");
    write_two_sheets(path);
    char *wb = member(path, "xl/workbook.xml");
    cr_assert_not_null(strstr(wb, "<sheets><sheet name=\"排名\" sheetId=\"1\" r:id=\"rId1\"/>"
                                  "<sheet name=\"券_补贴_明细\" sheetId=\"2\" r:id=\"rId2\"/>"
                                  "</sheets>"),
                       "%s", wb);
    free(wb);
    /* constant_memory: strings are inline, there is no shared string table */
    cr_assert(has_member(path, "xl/worksheets/sheet1.xml"));
    cr_assert(has_member(path, "xl/worksheets/sheet2.xml"));
    cr_assert_not(has_member(path, "xl/sharedStrings.xml"));
    int code;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/sharedStrings.xml 2>/dev/null", path);
    char *sst = run(cmd, &code);
    cr_assert_neq(code, 0);
    cr_assert_str_eq(sst, "");
    free(sst);

    char *styles = member(path, "xl/styles.xml");
    /* in order of first use: A2 (0), C2 (0.00), D2 (money), F2 (share) */
    cr_assert_not_null(strstr(styles, "<numFmts count=\"4\">"
                                      "<numFmt numFmtId=\"164\" formatCode=\"0\"/>"
                                      "<numFmt numFmtId=\"165\" formatCode=\"0.00\"/>"
                                      "<numFmt numFmtId=\"166\" formatCode=\"#,##0.00\"/>"
                                      "<numFmt numFmtId=\"167\" formatCode=\"0.0%\"/>"
                                      "</numFmts>"),
                       "%s", styles);
    cr_assert_not_null(strstr(styles, "<fgColor rgb=\"FFC6EFCE\"/>"), "%s", styles);
    cr_assert_not_null(strstr(styles, "<fgColor rgb=\"FFFFEB9C\"/>"), "%s", styles);
    cr_assert_not_null(strstr(styles, "<fgColor rgb=\"FFFFC7CE\"/>"), "%s", styles);
    cr_assert_not_null(strstr(styles, "<fills count=\"5\">"), "%s", styles);
    cr_assert_not_null(strstr(styles, "<font><b/>"), "%s", styles);
    free(styles);

    char listing[512];
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "out.xlsx", "folder holds: %s", listing); /* no temporary files */
}

/* ---- sheet names, bad rows, limits ------------------------------------ */

Test(xlsx, sheet_names_are_cleaned_and_unique)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "names.xlsx");
    static const char *const names[] = {
        "排名",
        "排名",
        "a[b]:c*d?e/f\\g",
        "集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集", /* 40 */
        "集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集",
        "'quoted'",
        "",
        "Summary",
        "SUMMARY",
        "bad\xff\x01utf",
    };
    static const char *const expected =
        "<sheets><sheet name=\"排名\" sheetId=\"1\" r:id=\"rId1\"/>"
        "<sheet name=\"排名 (2)\" sheetId=\"2\" r:id=\"rId2\"/>"
        "<sheet name=\"a_b__c_d_e_f_g\" sheetId=\"3\" r:id=\"rId3\"/>"
        "<sheet name=\"集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集集\" "
        "sheetId=\"4\" r:id=\"rId4\"/>"
        "<sheet name=\"集集集集集集集集集集集集集集集集集集集集集集集集集集集 (2)\" "
        "sheetId=\"5\" r:id=\"rId5\"/>"
        "<sheet name=\"_quoted_\" sheetId=\"6\" r:id=\"rId6\"/>"
        "<sheet name=\"Sheet7\" sheetId=\"7\" r:id=\"rId7\"/>"
        "<sheet name=\"Summary\" sheetId=\"8\" r:id=\"rId8\"/>"
        "<sheet name=\"SUMMARY (2)\" sheetId=\"9\" r:id=\"rId9\"/>"
        "<sheet name=\"bad__utf\" sheetId=\"10\" r:id=\"rId10\"/></sheets>";
    ce_xlsx *x = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_xlsx_open(path, CREATED, &x, &err), CE_OK, "%s", err.msg);
    const char *header[] = {"id"};
    for (size_t i = 0; i < N_OF(names); i++)
        cr_assert_eq(ce_xlsx_sheet(x, names[i], 1, header, NULL, &err), CE_OK, "%s: %s", names[i],
                     err.msg);
    cr_assert_eq(ce_xlsx_close(x, &err), CE_OK, "%s", err.msg);
    char *wb = member(path, "xl/workbook.xml");
    cr_assert_not_null(strstr(wb, expected), "%s", wb);
    free(wb);
}

Test(xlsx, bad_rows_write_nothing)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "bad.xlsx");
    ce_xlsx *x = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_xlsx_open(path, CREATED, &x, &err), CE_OK, "%s", err.msg);
    const char *one[] = {"1", "x"};
    cr_assert_eq(ce_xlsx_row(x, one, CE_XLSX_PLAIN, &err), CE_ERR_DATA);
    cr_assert_str_eq(err.msg, "a row before the first sheet");
    cr_assert_str_eq(err.file, path);

    const char *headers[] = {"得分", "名称"};
    const ce_xlsx_format fmts[] = {CE_XLSX_SCORE, CE_XLSX_TEXT};
    cr_assert_eq(ce_xlsx_sheet(x, "s", 0, headers, fmts, &err), CE_ERR_DATA);
    cr_assert_str_eq(err.msg, "sheet \"s\": 0 columns (a worksheet holds 1 to 16384)");
    cr_assert_eq(ce_xlsx_sheet(x, "s", 16385, headers, fmts, &err), CE_ERR_DATA);
    const char *bad_headers[] = {"得分", "\xe5\x90"};
    cr_assert_eq(ce_xlsx_sheet(x, "s", 2, bad_headers, fmts, &err), CE_ERR_DATA);
    cr_assert_str_eq(err.msg, "sheet \"s\": header of column 2 is not UTF-8");
    cr_assert_eq(ce_xlsx_sheet(x, "s", 2, headers, fmts, &err), CE_OK, "%s", err.msg);

    const char *bad_utf8[] = {"1.5", "\xc3\x28"};
    cr_assert_eq(ce_xlsx_row(x, bad_utf8, CE_XLSX_AWARD, &err), CE_ERR_DATA);
    cr_assert_str_eq(err.msg, "sheet \"s\", row 2, column \"名称\": text is not UTF-8");
    /* 32,767 characters fit in a cell, one more does not (characters, not bytes) */
    size_t max = CE_XLSX_MAX_CELL_CHARS;
    char *longest = malloc(3 * (max + 1) + 1);
    cr_assert_not_null(longest);
    for (size_t i = 0; i <= max; i++)
        memcpy(longest + 3 * i, "集", 3);
    longest[3 * (max + 1)] = '\0';
    const char *too_long[] = {"2.5", longest};
    cr_assert_eq(ce_xlsx_row(x, too_long, CE_XLSX_PLAIN, &err), CE_ERR_DATA);
    cr_assert_str_eq(err.msg, "sheet \"s\", row 2, column \"名称\": 32768 characters, more "
                              "than a cell holds (32767)");
    /* the failed rows left nothing: the next row is row 2 */
    const char *good[] = {"3.25", "好"};
    cr_assert_eq(ce_xlsx_row(x, good, CE_XLSX_PLAIN, &err), CE_OK, "%s", err.msg);
    longest[3 * max] = '\0';
    const char *fits[] = {"4", longest};
    cr_assert_eq(ce_xlsx_row(x, fits, CE_XLSX_PLAIN, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_xlsx_close(x, &err), CE_OK, "%s", err.msg);

    char *sheet = member(path, "xl/worksheets/sheet1.xml");
    char c[512];
    cr_assert_str_eq(cell(sheet, "A2", c, sizeof c), "<c r=\"A2\" s=\"2\"><v>3.25</v></c>");
    cr_assert_str_eq(cell(sheet, "B2", c, sizeof c),
                     "<c r=\"B2\" t=\"inlineStr\"><is><t>好</t></is></c>");
    cr_assert_not_null(strstr(sheet, "<c r=\"A3\" s=\"2\"><v>4</v></c><c r=\"B3\" "
                                     "t=\"inlineStr\"><is><t>集集集"));
    cr_assert_null(strstr(sheet, "<c r=\"A4\""));
    cr_assert_null(strstr(sheet, "1.5"));
    cr_assert_null(strstr(sheet, "2.5"));
    free(sheet);
    free(longest);
}

Test(xlsx, more_rows_than_a_worksheet_holds, .timeout = 120)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "big.xlsx");
    ce_xlsx *x = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_xlsx_open(path, CREATED, &x, &err), CE_OK, "%s", err.msg);
    const char *headers[] = {"值"};
    const ce_xlsx_format fmts[] = {CE_XLSX_NUMBER};
    cr_assert_eq(ce_xlsx_sheet(x, "大表", 1, headers, fmts, &err), CE_OK, "%s", err.msg);
    /* empty plain rows write no cells, so the sheet fills up quickly */
    const char *empty[] = {""};
    for (size_t r = 1; r < CE_XLSX_MAX_DATA_ROWS; r++)
        if (ce_xlsx_row(x, empty, CE_XLSX_PLAIN, &err) != CE_OK)
            cr_assert_fail("row %zu: %s", r, err.msg);
    const char *last[] = {"7"};
    cr_assert_eq(ce_xlsx_row(x, last, CE_XLSX_PLAIN, &err), CE_OK, "%s", err.msg);
    const char *one_more[] = {"8"};
    cr_assert_eq(ce_xlsx_row(x, one_more, CE_XLSX_PLAIN, &err), CE_ERR_DATA);
    cr_assert_str_eq(err.msg,
                     "sheet \"大表\": more rows than a worksheet holds (1048575 data rows)");
    /* a new sheet starts again */
    cr_assert_eq(ce_xlsx_sheet(x, "次表", 1, headers, fmts, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_xlsx_row(x, one_more, CE_XLSX_PLAIN, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_xlsx_close(x, &err), CE_OK, "%s", err.msg);

    char *sheet = member(path, "xl/worksheets/sheet1.xml");
    cr_assert_not_null(strstr(sheet, "<dimension ref=\"A1:A1048576\"/>"), "%.300s", sheet);
    cr_assert_not_null(strstr(sheet, "<row r=\"1048576\"><c r=\"A1048576\"><v>7</v></c></row>"
                                     "</sheetData>"));
    free(sheet);
    sheet = member(path, "xl/worksheets/sheet2.xml");
    cr_assert_not_null(strstr(sheet, "<row r=\"2\"><c r=\"A2\"><v>8</v></c></row></sheetData>"));
    free(sheet);
}

/* ---- atomic output ---------------------------------------------------- */

Test(xlsx, unwritable_folder_is_an_io_error)
{
    char path[256], listing[512];
    ce_test_path(path, sizeof path, ce_test_dir, "missing/out.xlsx");
    ce_xlsx *x = (ce_xlsx *)&x; /* must stay as it is */
    ce_xlsx *before = x;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_xlsx_open(path, CREATED, &x, &err), CE_ERR_IO);
    cr_assert_eq(x, before);
    cr_assert_str_eq(err.file, path);
    cr_assert_str_eq(err.msg, "cannot write: No such file or directory");
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "");

    /* the destination is a folder */
    char folder[256];
    ce_test_path(folder, sizeof folder, ce_test_dir, "dir.xlsx");
    cr_assert_eq(mkdir(folder, 0777), 0);
    cr_assert_eq(ce_xlsx_open(folder, CREATED, &x, &err), CE_ERR_IO);
    cr_assert_str_eq(err.msg, "cannot write: it is a folder");
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "dir.xlsx");

    /* a folder without write permission (root may write anywhere) */
    if (geteuid() != 0) {
        char ro[256];
        ce_test_path(ro, sizeof ro, ce_test_dir, "ro");
        cr_assert_eq(mkdir(ro, 0555), 0);
        ce_test_path(path, sizeof path, ro, "out.xlsx");
        cr_assert_eq(ce_xlsx_open(path, CREATED, &x, &err), CE_ERR_IO);
        cr_assert_str_eq(err.msg, "cannot write: Permission denied");
        cr_assert_eq(x, before);
    }
}

/* The number of open file descriptors of this process (Linux). */
static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    cr_assert_not_null(d);
    int n = 0;
    while (readdir(d) != NULL)
        n++;
    closedir(d);
    return n;
}

/* Writes "old" to dir/out.xlsx, opens a workbook there and adds a sheet and
 * a row. */
static ce_xlsx *start_over_old(char *path, size_t cap)
{
    ce_test_write_text(path, cap, ce_test_dir, "out.xlsx", "old");
    ce_xlsx *x = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_xlsx_open(path, CREATED, &x, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_xlsx_sheet(x, "排名", 7, rank_headers, rank_formats, &err), CE_OK);
    cr_assert_eq(ce_xlsx_row(x, rank_rows[0], CE_XLSX_AWARD, &err), CE_OK);
    return x;
}

Test(xlsx, abort_leaves_no_file_and_the_old_one_untouched)
{
    char path[256], content[64], listing[512];
    int fds = open_fds();
    ce_xlsx *x = start_over_old(path, sizeof path);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_xlsx_sheet(x, "第二", 7, rank_headers, rank_formats, &err), CE_OK);
    cr_assert_gt(open_fds(), fds);
    ce_xlsx_abort(x);
    /* the sheets' temporary files are closed too */
    cr_assert_eq(open_fds(), fds);
    slurp(path, content, sizeof content);
    cr_assert_str_eq(content, "old");
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "out.xlsx", "folder holds: %s", listing);
    ce_xlsx_abort(NULL);

    /* abort with no file before */
    cr_assert_eq(unlink(path), 0);
    cr_assert_eq(ce_xlsx_open(path, CREATED, &x, &err), CE_OK, "%s", err.msg);
    ce_xlsx_abort(x);
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "", "folder holds: %s", listing);
}

Test(xlsx, close_replaces_the_old_file)
{
    char path[256], content[64], listing[512];
    int fds = open_fds();
    ce_xlsx *x = start_over_old(path, sizeof path);
    /* until close, the old file is there and the new one is an unnamed
     * temporary file (outfile.h) */
    slurp(path, content, sizeof content);
    cr_assert_str_eq(content, "old");
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "out.xlsx", "folder holds: %s", listing);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_xlsx_close(x, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(open_fds(), fds);
    slurp(path, content, sizeof content);
    cr_assert_eq(memcmp(content, "PK\x03\x04", 4), 0);
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "out.xlsx", "folder holds: %s", listing);
    struct stat sb;
    cr_assert_eq(stat(path, &sb), 0);
    mode_t mask = umask(0);
    umask(mask);
    cr_assert_eq(sb.st_mode & 0777, 0666 & ~mask, "mode %o", (unsigned)(sb.st_mode & 0777));
    char *sheet = member(path, "xl/worksheets/sheet1.xml");
    cr_assert_not_null(strstr(sheet, "<v>87.654321</v>"));
    free(sheet);
}

Test(xlsx, failed_close_keeps_the_old_file)
{
    char path[256], content[64], listing[512];
    ce_xlsx *x = start_over_old(path, sizeof path);
    /* no descriptor left: libxlsxwriter cannot open the temporary file */
    int lowest = dup(0);
    cr_assert_geq(lowest, 0);
    close(lowest);
    struct rlimit before, lim;
    cr_assert_eq(getrlimit(RLIMIT_NOFILE, &before), 0);
    lim = before;
    lim.rlim_cur = (rlim_t)lowest;
    cr_assert_eq(setrlimit(RLIMIT_NOFILE, &lim), 0);
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_xlsx_close(x, &err);
    cr_assert_eq(setrlimit(RLIMIT_NOFILE, &before), 0);
    cr_assert_eq(st, CE_ERR_IO);
    cr_assert_str_eq(err.file, path);
    cr_assert_str_eq(err.msg, "cannot write: Error creating output xlsx file. Usually a "
                              "permissions error.");
    slurp(path, content, sizeof content);
    cr_assert_str_eq(content, "old");
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "out.xlsx", "folder holds: %s", listing);
}

Test(xlsx, close_without_a_sheet_writes_nothing)
{
    char path[256], listing[512];
    ce_test_path(path, sizeof path, ce_test_dir, "empty.xlsx");
    ce_xlsx *x = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_xlsx_open(path, CREATED, &x, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_xlsx_close(x, &err), CE_ERR_DATA);
    cr_assert_str_eq(err.msg, "not written: the workbook has no sheet");
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "");
}
