/* test_xlsx_read.c - .xlsx input through ce_csv_read (csvio.h,
 * src/core/xlsx_read.h): workbooks written here with libxlsxwriter (as
 * Excel-like files) or put together part by part with libzip (error cells,
 * the 1904 date system, hostile files), each read back and compared with
 * the records of the CSV that says the same. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "clustereval/csvio.h"
#include "clustereval/sme.h"
#include "clustereval/sme_batch.h"
#include "xlsx_read.h"

#include "testutil.h"

TestSuite(xlsx_read, .init = ce_test_dir_init, .fini = ce_test_dir_fini);
TestSuite(xlsx_error, .init = ce_test_dir_init, .fini = ce_test_dir_fini);
TestSuite(xlsx_hostile, .init = ce_test_dir_init, .fini = ce_test_dir_fini);

/* ---- the records a read delivers ---- */

typedef struct {
    size_t index, line, nfields;
    char **fields;
    char sheet[64];
} row;

typedef struct {
    row *rows;
    size_t n, cap;
    size_t fail_at; /* index of the record to refuse (0: none) */
    const char *fail_msg;
} rows;

static ce_status collect(void *ud, const ce_csv_record *rec, ce_error *err)
{
    rows *rs = ud;
    if (rs->fail_at && rec->index == rs->fail_at)
        return ce_error_set(err, CE_ERR_DATA, "book.xlsx", rec->line, "%s", rs->fail_msg);
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? 2 * rs->cap : 8;
        rs->rows = realloc(rs->rows, rs->cap * sizeof *rs->rows);
        cr_assert_not_null(rs->rows);
    }
    row *r = &rs->rows[rs->n++];
    r->index = rec->index;
    r->line = rec->line;
    r->nfields = rec->nfields;
    snprintf(r->sheet, sizeof r->sheet, "%s", rec->sheet ? rec->sheet : "(csv)");
    r->fields = calloc(rec->nfields, sizeof *r->fields);
    cr_assert_not_null(r->fields);
    for (size_t i = 0; i < rec->nfields; i++) {
        cr_assert_eq(strlen(rec->fields[i]), rec->lens[i], "field %zu: length", i);
        r->fields[i] = strdup(rec->fields[i]);
    }
    return CE_OK;
}

static void rows_free(rows *rs)
{
    for (size_t k = 0; k < rs->n; k++) {
        for (size_t i = 0; i < rs->rows[k].nfields; i++)
            free(rs->rows[k].fields[i]);
        free(rs->rows[k].fields);
    }
    free(rs->rows);
    memset(rs, 0, sizeof *rs);
}

static void read_ok(const char *path, const char *sheet, rows *rs, ce_diag *diag)
{
    ce_error err = {{0}, 0, {0}};
    ce_csv_read_options opt = {CE_ENC_AUTO, sheet, 0};
    ce_encoding used = CE_ENC_GB18030;
    ce_status st = ce_csv_read_opts(path, &opt, collect, rs, &used, diag, &err);
    cr_assert_eq(st, CE_OK, "read failed: %s:%zu: %s", err.file, err.line, err.msg);
    cr_assert_eq(used, CE_ENC_UTF8);
}

/* Reads path expecting status, line and a message part. */
static void read_fails(const char *path, const char *sheet, ce_status status, size_t line,
                       const char *msg_part)
{
    rows rs = {0};
    ce_error err = {{0}, 0, {0}};
    ce_csv_read_options opt = {CE_ENC_AUTO, sheet, 0};
    ce_status st = ce_csv_read_opts(path, &opt, collect, &rs, NULL, NULL, &err);
    rows_free(&rs);
    cr_assert_eq(st, status, "status %d, want %d (msg: %s)", (int)st, (int)status, err.msg);
    cr_assert_str_eq(err.file, path);
    cr_assert_eq(err.line, line, "line %zu, want %zu (msg: %s)", err.line, line, err.msg);
    cr_assert(strstr(err.msg, msg_part) != NULL, "message \"%s\" lacks \"%s\"", err.msg,
              msg_part);
}

/* The workbook's records equal those of the CSV text: index, fields and
 * (when same_lines) lines; the sheet's name is on every record. */
static void same_as_csv(const char *xlsx, const char *sheet, const char *want_sheet,
                        const char *csv_text, int same_lines)
{
    char csv[256];
    ce_test_write_text(csv, sizeof csv, ce_test_dir, "same.csv", csv_text);
    rows a = {0}, b = {0};
    read_ok(xlsx, sheet, &a, NULL);
    read_ok(csv, NULL, &b, NULL);
    cr_assert_eq(a.n, b.n, "%zu records from the workbook, %zu from the CSV", a.n, b.n);
    for (size_t k = 0; k < a.n; k++) {
        cr_assert_eq(a.rows[k].index, b.rows[k].index);
        if (same_lines)
            cr_assert_eq(a.rows[k].line, b.rows[k].line, "record %zu: row %zu, line %zu", k,
                         a.rows[k].line, b.rows[k].line);
        cr_assert_str_eq(a.rows[k].sheet, want_sheet);
        cr_assert_str_eq(b.rows[k].sheet, "(csv)");
        cr_assert_eq(a.rows[k].nfields, b.rows[k].nfields, "record %zu: %zu fields, CSV %zu", k,
                     a.rows[k].nfields, b.rows[k].nfields);
        for (size_t i = 0; i < a.rows[k].nfields; i++)
            cr_assert_str_eq(a.rows[k].fields[i], b.rows[k].fields[i],
                             "record %zu field %zu: workbook \"%s\", CSV \"%s\"", k, i,
                             a.rows[k].fields[i], b.rows[k].fields[i]);
    }
    rows_free(&a);
    rows_free(&b);
}

/* ---- workbooks part by part (libzip) ---- */

static const char *const WORKBOOK_1 =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"数据\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char *const RELS =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
    "Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
    "Target=\"/xl/styles.xml\"/></Relationships>";
/* cellXfs: 0 General, 1 a date (14), 2 a custom date-time, 3 0.00%. */
static const char *const STYLES =
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot; h:mm\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
    "<xf numFmtId=\"10\"/></cellXfs>"
    "</styleSheet>";

static const char *sheet_xml(const char *rows_xml, char *out, size_t size)
{
    snprintf(out, size,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
             "<sheetData>%s</sheetData></worksheet>",
             rows_xml);
    return out;
}

/* Writes a workbook of the given parts (name, text; NULL text: left out)
 * into dir/name. */
static void make_zip(char *path, size_t cap, const char *name, const char *const *parts,
                     size_t nparts)
{
    ce_test_path(path, cap, ce_test_dir, name);
    int zerr;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    cr_assert_not_null(z);
    for (size_t i = 0; i + 1 < 2 * nparts; i += 2) {
        if (!parts[i + 1])
            continue;
        zip_source_t *src = zip_source_buffer(z, parts[i + 1], strlen(parts[i + 1]), 0);
        cr_assert_not_null(src);
        cr_assert_geq(zip_file_add(z, parts[i], src, ZIP_FL_ENC_UTF_8), 0);
    }
    cr_assert_eq(zip_close(z), 0, "zip_close: %s", zip_strerror(z));
}

/* A one-sheet workbook (sheet 数据) with the given rows, shared strings
 * (NULL: none) and workbook.xml (NULL: WORKBOOK_1). */
static void make_book(char *path, size_t cap, const char *rows_xml, const char *sst,
                      const char *workbook)
{
    static char sheet[1 << 16];
    sheet_xml(rows_xml, sheet, sizeof sheet);
    const char *const parts[] = {"xl/workbook.xml", workbook ? workbook : WORKBOOK_1,
                                 "xl/_rels/workbook.xml.rels", RELS,
                                 "xl/styles.xml", STYLES,
                                 "xl/sharedStrings.xml", sst,
                                 "xl/worksheets/sheet1.xml", sheet};
    make_zip(path, cap, "book.xlsx", parts, 5);
}

/* ---- workbooks as Excel users make them (libxlsxwriter) ---- */

Test(xlsx_read, numbers_strings_chinese)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "clusters.xlsx");
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "数据");
    const char *head[] = {"序号", "集群名称", "营业收入（亿元）", "增长率"};
    for (int c = 0; c < 4; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
    lxw_format *pct = workbook_add_format(wb);
    format_set_num_format(pct, "0.00%");
    const char *names[] = {"宁波模具", "温州鞋革", "  台州 泵业  "};
    const double rev[] = {12.5, 1234567.89, 1e-7}, growth[] = {0.0625, -3.25, 100};
    for (int r = 0; r < 3; r++) {
        worksheet_write_number(ws, (lxw_row_t)(r + 1), 0, r + 1, NULL);
        worksheet_write_string(ws, (lxw_row_t)(r + 1), 1, names[r], NULL);
        worksheet_write_number(ws, (lxw_row_t)(r + 1), 2, rev[r], NULL);
        worksheet_write_number(ws, (lxw_row_t)(r + 1), 3, growth[r], pct);
    }
    cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
    /* The numbers as stored (<v>): libxlsxwriter writes %.16G, so 1e-7 is
     * 1E-07 (and 0.0831 would be 0.08309999999999999, the same double: see
     * stored_text_verbatim); a percentage cell reads as Excel shows it and
     * saves it as CSV, in percent units with its %. */
    same_as_csv(path, NULL, "数据",
                "序号,集群名称,营业收入（亿元）,增长率\n"
                "1,宁波模具,12.5,6.25%\n"
                "2,温州鞋革,1234567.89,-325%\n"
                "3,台州 泵业,1E-07,10000%\n",
                1);
}

Test(xlsx_read, dates_times_and_formats)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "dates.xlsx");
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "dates");
    lxw_format *iso = workbook_add_format(wb), *builtin = workbook_add_format(wb),
               *cn = workbook_add_format(wb), *dt = workbook_add_format(wb),
               *tm = workbook_add_format(wb), *money = workbook_add_format(wb);
    format_set_num_format(iso, "yyyy-mm-dd");
    format_set_num_format_index(builtin, 14);
    format_set_num_format(cn, "yyyy\"年\"m\"月\"d\"日\"");
    format_set_num_format(dt, "yyyy/m/d h:mm");
    format_set_num_format(tm, "[h]:mm");
    format_set_num_format(money, "[Red]#,##0.00;[Blue]-#,##0.00");
    const char *head[] = {"iso", "builtin", "cn", "datetime", "time", "money"};
    for (int c = 0; c < 6; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
    lxw_datetime d1 = {2023, 4, 1, 0, 0, 0}, d2 = {1900, 2, 28, 0, 0, 0},
                 d3 = {2024, 2, 29, 0, 0, 0}, d4 = {2023, 3, 1, 9, 5, 0},
                 t = {1899, 12, 31, 9, 30, 15};
    worksheet_write_datetime(ws, 1, 0, &d1, iso);
    worksheet_write_datetime(ws, 1, 1, &d2, builtin);
    worksheet_write_datetime(ws, 1, 2, &d3, cn);
    worksheet_write_datetime(ws, 1, 3, &d4, dt);
    worksheet_write_datetime(ws, 1, 4, &t, tm);
    worksheet_write_number(ws, 1, 5, 3861.5, money);
    cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
    same_as_csv(path, NULL, "dates",
                "iso,builtin,cn,datetime,time,money\n"
                "2023-04-01,1900-02-28,2024-02-29,2023-03-01T09:05:00,09:30:15,3861.5\n",
                1);
}

Test(xlsx_read, empty_cells_and_sparse_rows)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "sparse.xlsx");
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    const char *head[] = {"id", "a", "b", "c"};
    for (int c = 0; c < 4; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
    worksheet_write_string(ws, 1, 0, "x1", NULL);
    worksheet_write_number(ws, 1, 3, 4, NULL);
    worksheet_write_blank(ws, 1, 2, bold); /* a formatted empty cell */
    worksheet_write_number(ws, 2, 1, 2, NULL);
    worksheet_write_blank(ws, 3, 1, bold);  /* a row with no value: skipped */
    worksheet_write_string(ws, 4, 0, "x5", NULL);
    worksheet_write_blank(ws, 4, 9, bold);  /* past the last column with a value */
    cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
    same_as_csv(path, NULL, "Sheet1", "id,a,b,c\nx1,,,4\n,2,,\n,,,\nx5,,,\n", 1);
}

Test(xlsx_read, several_sheets_and_sheet_option)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "sheets.xlsx");
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *a = workbook_add_worksheet(wb, "说明");
    lxw_worksheet *b = workbook_add_worksheet(wb, "数据");
    lxw_worksheet *c = workbook_add_worksheet(wb, "2024 data");
    worksheet_write_string(a, 0, 0, "填报说明", NULL);
    worksheet_write_string(b, 0, 0, "id", NULL);
    worksheet_write_string(b, 0, 1, "v", NULL);
    worksheet_write_string(b, 1, 0, "c1", NULL);
    worksheet_write_number(b, 1, 1, 7, NULL);
    worksheet_write_string(c, 0, 0, "id", NULL);
    worksheet_write_string(c, 1, 0, "c2", NULL);
    cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);

    /* No --sheet: the first, with a note naming it. */
    rows rs = {0};
    ce_diag diag;
    ce_diag_init(&diag);
    read_ok(path, NULL, &rs, &diag);
    cr_assert_eq(rs.n, 1);
    cr_assert_str_eq(rs.rows[0].fields[0], "填报说明");
    cr_assert_eq(diag.count, 1);
    char want[512];
    snprintf(want, sizeof want, "%s: read sheet \"说明\", the first of 3 (--sheet chooses another)",
             path);
    cr_assert_str_eq(diag.items[0], want);
    ce_diag_fini(&diag);
    rows_free(&rs);

    /* --sheet: that one, no note. */
    ce_diag_init(&diag);
    read_ok(path, "数据", &rs, &diag);
    cr_assert_eq(diag.count, 0);
    ce_diag_fini(&diag);
    rows_free(&rs);
    same_as_csv(path, "数据", "数据", "id,v\nc1,7\n", 1);
    same_as_csv(path, "2024 data", "2024 data", "id\nc2\n", 1);
    read_fails(path, "数据2", CE_ERR_DATA, 0,
               "the workbook has no sheet \"数据2\" (its sheets: \"说明\", \"数据\", \"2024 data\")");
}

/* The programmes take the sheet through their options (sme_batch here;
 * voucher issue/redeem and training_batch the same way). */
Test(xlsx_read, programme_sheet_option)
{
    char path[256], std_path[512];
    ce_test_path(path, sizeof path, ce_test_dir, "ent.xlsx");
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *a = workbook_add_worksheet(wb, "说明");
    lxw_worksheet *b = workbook_add_worksheet(wb, "企业");
    worksheet_write_string(a, 0, 0, "填报说明", NULL);
    const char *head[] = {"id", "name", "industry", "employees", "revenue", "assets"};
    for (int c = 0; c < 6; c++)
        worksheet_write_string(b, 0, (lxw_col_t)c, head[c], NULL);
    worksheet_write_string(b, 1, 0, "E02", NULL);
    worksheet_write_string(b, 1, 1, "鲁东重工", NULL);
    worksheet_write_string(b, 1, 2, "industry", NULL);
    worksheet_write_number(b, 1, 3, 1200, NULL);
    worksheet_write_number(b, 1, 4, 45000, NULL);
    worksheet_write_number(b, 1, 5, 52000, NULL);
    cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
    const char *src = getenv("CE_TEST_DATA");
    cr_assert_not_null(src);
    snprintf(std_path, sizeof std_path, "%s/../../weights/sme-standard-2011.csv", src);
    ce_sme_standard *std = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_sme_standard_load(std_path, CE_ENC_AUTO, &std, NULL, &err), CE_OK, "%s",
                 err.msg);
    ce_sme_batch_opts o = {.enterprises = path, .encoding = CE_ENC_AUTO, .sheet = "企业",
                           .standard = std};
    ce_sme_batch_summary sum;
    cr_assert_eq(ce_sme_batch_run(&o, &sum, NULL, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(sum.enterprises, 1);
    cr_assert_eq(sum.sizes[CE_SME_LARGE], 1);
    o.sheet = NULL; /* the first sheet has no id column */
    cr_assert_eq(ce_sme_batch_run(&o, &sum, NULL, &err), CE_ERR_DATA);
    cr_assert(strstr(err.msg, "说明!1:1: ") == err.msg, "%s", err.msg);
    ce_sme_standard_free(std);
}

Test(xlsx_read, hidden_first_sheet_is_passed_over)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "hidden.xlsx");
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *a = workbook_add_worksheet(wb, "old");
    lxw_worksheet *b = workbook_add_worksheet(wb, "new");
    worksheet_write_string(a, 0, 0, "old", NULL);
    worksheet_write_string(b, 0, 0, "new", NULL);
    worksheet_activate(b);
    worksheet_hide(a);
    cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
    same_as_csv(path, NULL, "new", "new\n", 1);
    same_as_csv(path, "old", "old", "old\n", 1); /* by name it is read */
}

Test(xlsx_read, merged_title_row_rich_text_multiline)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "title.xlsx");
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "数据");
    lxw_format *title = workbook_add_format(wb), *bold = workbook_add_format(wb);
    format_set_align(title, LXW_ALIGN_CENTER);
    format_set_bold(bold);
    worksheet_merge_range(ws, 0, 0, 0, 3, "2023年浙江省产业集群数据", title);
    const char *head[] = {"序号", "集群名称", "营业收入（亿元）", "备注"};
    for (int c = 0; c < 4; c++)
        worksheet_write_string(ws, 1, (lxw_col_t)c, head[c], NULL);
    worksheet_write_number(ws, 2, 0, 1, NULL);
    lxw_rich_string_tuple r1 = {bold, "宁波"}, r2 = {NULL, "模具"};
    lxw_rich_string_tuple *rich[] = {&r1, &r2, NULL};
    worksheet_write_rich_string(ws, 2, 1, rich, NULL);
    worksheet_write_number(ws, 2, 2, 86.5, NULL);
    worksheet_write_string(ws, 2, 3, "第一行\n第二行", NULL);
    worksheet_write_number(ws, 3, 0, 2, NULL);
    worksheet_write_string(ws, 3, 1, "温州鞋革", NULL);
    worksheet_write_number(ws, 3, 2, 75, NULL);
    cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
    const char *csv = "2023年浙江省产业集群数据,,,\n"
                      "序号,集群名称,营业收入（亿元）,备注\n"
                      "1,宁波模具,86.5,\"第一行\n第二行\"\n"
                      "2,温州鞋革,75,\n";
    same_as_csv(path, NULL, "数据", csv, 0);
    /* Lines are Excel rows: the row after the two-line cell is row 4 (the
     * CSV's line 5). */
    rows rs = {0};
    read_ok(path, NULL, &rs, NULL);
    cr_assert_eq(rs.n, 4);
    cr_assert_eq(rs.rows[3].line, 4);
    cr_assert_str_eq(rs.rows[2].fields[3], "第一行\n第二行");
    rows_free(&rs);
}

Test(xlsx_read, inline_strings_constant_memory)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "inline.xlsx");
    lxw_workbook_options o = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(path, &o);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "数据");
    worksheet_write_string(ws, 0, 0, "编号", NULL);
    worksheet_write_string(ws, 0, 1, "名称", NULL);
    worksheet_write_string(ws, 1, 0, "A01", NULL);
    worksheet_write_string(ws, 1, 1, "杭州数字安防 & <视觉>", NULL);
    cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
    same_as_csv(path, NULL, "数据", "编号,名称\nA01,杭州数字安防 & <视觉>\n", 1);
}

/* ---- workbooks part by part ---- */

Test(xlsx_read, shared_inline_rich_boolean_phonetic)
{
    char path[256];
    const char *sst = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                      "<si><t>id</t></si><si><t xml:space=\"preserve\"> v </t></si>"
                      "<si><r><rPr><b/></rPr><t>宁</t></r><r><t>波</t></r>"
                      "<rPh sb=\"0\" eb=\"1\"><t>ニン</t></rPh></si></sst>";
    make_book(path, sizeof path,
              "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
              "<c r=\"C1\" t=\"inlineStr\"><is><r><t>o</t></r><r><t>k</t></r></is></c></row>"
              "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"B2\" t=\"b\"><v>1</v></c>"
              "<c r=\"C2\" t=\"str\"><f>A2</f><v>x</v></c></row>"
              "<row><c t=\"b\"><v>0</v></c><c s=\"1\"><v>45017</v></c>"
              "<c s=\"2\"><v>45017.75</v></c></row>",
              sst, NULL);
    same_as_csv(path, NULL, "数据",
                "id,v,ok\n宁波,TRUE,x\nFALSE,2023-04-01,2023-04-01T18:00:00\n", 1);
}

Test(xlsx_read, stored_text_verbatim)
{
    /* No conversion to double and back: the text Excel (or another writer)
     * stored is the field, also when it is longer than the CSV's. */
    char path[256];
    make_book(path, sizeof path,
              "<row r=\"1\"><c r=\"A1\"><v>0.30000000000000004</v></c>"
              "<c r=\"B1\"><v>0.08309999999999999</v></c><c r=\"C1\"><v>-1.5E-3</v></c>"
              "<c r=\"D1\" t=\"n\"><v>1234567890123456789</v></c></row>",
              NULL, NULL);
    same_as_csv(path, NULL, "数据", "0.30000000000000004,0.08309999999999999,-1.5E-3,"
                "1234567890123456789\n", 1);
}

Test(xlsx_read, percentages_in_percent_units)
{
    /* The decimal point moves in the text: nothing is rounded. */
    char path[256];
    make_book(path, sizeof path,
              "<row r=\"1\"><c s=\"3\"><v>0.8315</v></c><c s=\"3\"><v>1</v></c>"
              "<c s=\"3\"><v>-0.5</v></c><c s=\"3\"><v>0.001</v></c>"
              "<c s=\"3\"><v>1.5E-3</v></c><c s=\"3\"><v>12.3456</v></c>"
              "<c s=\"3\"><v>0</v></c><c s=\"3\"><v>0.30000000000000004</v></c></row>",
              NULL, NULL);
    same_as_csv(path, NULL, "数据",
                "83.15%,100%,-50%,0.1%,1.5E-1%,1234.56%,0%,30.000000000000004%\n", 1);
}

Test(xlsx_read, escaped_characters)
{
    /* Excel's _xHHHH_ escapes: a CR, a literal "_x0041_" (its _ escaped as
     * _x005F_), a CJK character; malformed ones stay as written. */
    char path[256];
    make_book(path, sizeof path,
              "<row r=\"1\"><c t=\"inlineStr\"><is><t>a_x000D_b</t></is></c>"
              "<c t=\"s\"><v>0</v></c><c t=\"inlineStr\"><is><t>_x6570_据</t></is></c>"
              "<c t=\"inlineStr\"><is><t>_x12_ _xZZZZ_ _x004</t></is></c></row>",
              "<sst><si><t>_x005F_x0041_</t></si></sst>", NULL);
    same_as_csv(path, NULL, "数据", "\"a\rb\",_x0041_,数据,_x12_ _xZZZZ_ _x004\n", 1);
    make_book(path, sizeof path, "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>a_x0000_</t></is></c></row>",
              NULL, NULL);
    read_fails(path, NULL, CE_ERR_DATA, 2, "数据!B2: the text holds a NUL character (_x0000_)");
}

Test(xlsx_read, date_system_1904_and_1900_leap_day)
{
    char path[256];
    const char *wb1904 =
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<workbookPr date1904=\"1\"/>"
        "<sheets><sheet name=\"数据\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    make_book(path, sizeof path,
              "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c><c r=\"B1\" s=\"1\"><v>43555</v></c>"
              "</row>",
              NULL, wb1904);
    same_as_csv(path, NULL, "数据", "1904-01-01,2023-04-01\n", 1);
    make_book(path, sizeof path,
              "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>1</v></c><c r=\"B1\" s=\"1\"><v>59</v></c>"
              "<c r=\"C1\" s=\"1\"><v>61</v></c></row>",
              NULL, NULL);
    same_as_csv(path, NULL, "数据", "1900-01-01,1900-02-28,1900-03-01\n", 1);
    make_book(path, sizeof path, "<row r=\"7\"><c r=\"B7\" s=\"1\"><v>60</v></c></row>", NULL,
              NULL);
    read_fails(path, NULL, CE_ERR_DATA, 7, "数据!B7: \"60\" in a date format is no day");
}

Test(xlsx_read, cell_ref)
{
    char out[64];
    ce_csv_record rec = {0, 17, 0, NULL, NULL, 0, "数据", 0};
    cr_assert_str_eq(ce_csv_cell_ref(&rec, 2, out, sizeof out), "数据!C17");
    rec.sheet = "My data";
    rec.line = 3;
    cr_assert_str_eq(ce_csv_cell_ref(&rec, 26, out, sizeof out), "'My data'!AA3");
    rec.sheet = "it's";
    cr_assert_str_eq(ce_csv_cell_ref(&rec, 16383, out, sizeof out), "'it''s'!XFD3");
    rec.sheet = NULL;
    cr_assert_str_eq(ce_csv_cell_ref(&rec, 2, out, sizeof out), "");
}

/* ---- errors name the sheet and the cell ---- */

Test(xlsx_error, error_cells)
{
    char path[256];
    make_book(path, sizeof path,
              "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>v</t></is></c></row>"
              "<row r=\"17\"><c r=\"C17\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c></row>",
              NULL, NULL);
    read_fails(path, NULL, CE_ERR_DATA, 17, "数据!C17: the cell holds the error #DIV/0!");
    make_book(path, sizeof path,
              "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>v</t></is></c></row>"
              "<row r=\"2\"><c r=\"A2\" t=\"e\"><v>#N/A</v></c></row>",
              NULL, NULL);
    read_fails(path, NULL, CE_ERR_DATA, 2, "数据!A2: the cell holds the error #N/A");
}

Test(xlsx_error, formula_never_computed)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "formula.xlsx");
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "数据");
    worksheet_write_string(ws, 0, 0, "a", NULL);
    worksheet_write_string(ws, 0, 1, "sum", NULL);
    worksheet_write_number(ws, 1, 0, 2, NULL);
    worksheet_write_formula(ws, 1, 1, "=A2*2", NULL);
    cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
    read_fails(path, NULL, CE_ERR_DATA, 2, "数据!B2: a formula whose result was never computed");
}

Test(xlsx_error, callback_error_gets_the_cell)
{
    char path[256];
    make_book(path, sizeof path,
              "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>2023年数据</t></is></c></row>"
              "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>id</t></is></c>"
              "<c r=\"C3\" t=\"inlineStr\"><is><t>营业收入</t></is></c></row>"
              "<row r=\"9\"><c r=\"A9\" t=\"inlineStr\"><is><t>c1</t></is></c>"
              "<c r=\"C9\" t=\"inlineStr\"><is><t>abc</t></is></c></row>",
              NULL, NULL);
    /* A title row above the header: the column is still found. */
    rows rs = {.fail_at = 2, .fail_msg = "column \"营业收入\": cannot parse \"abc\" as a number"};
    ce_error err = {{0}, 0, {0}};
    /* The callback names "book.xlsx", not path: an error about another file. */
    ce_status st = ce_csv_read(path, CE_ENC_AUTO, collect, &rs, NULL, NULL, &err);
    cr_assert_eq(st, CE_ERR_DATA);
    /* The callback's file is not path here, so nothing is added. */
    cr_assert_str_eq(err.msg, "column \"营业收入\": cannot parse \"abc\" as a number");
    rows_free(&rs);
    /* Named as the reader names it: the cell is found from the column. */
    cr_assert_eq(chdir(ce_test_dir), 0);
    rs = (rows){.fail_at = 2, .fail_msg = "column \"营业收入\": cannot parse \"abc\" as a number"};
    st = ce_csv_read("book.xlsx", CE_ENC_AUTO, collect, &rs, NULL, NULL, &err);
    cr_assert_eq(st, CE_ERR_DATA);
    cr_assert_eq(err.line, 9);
    cr_assert_str_eq(err.msg, "数据!C9: column \"营业收入\": cannot parse \"abc\" as a number");
    rows_free(&rs);
    rs = (rows){.fail_at = 2, .fail_msg = "duplicate id \"c1\""};
    st = ce_csv_read("book.xlsx", CE_ENC_AUTO, collect, &rs, NULL, NULL, &err);
    cr_assert_str_eq(err.msg, "数据!9:9: duplicate id \"c1\"");
    rows_free(&rs);
}

Test(xlsx_error, sheet_option_on_a_csv_file)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "a.csv", "id\n1\n");
    read_fails(path, "数据", CE_ERR_USAGE, 0, "--sheet names a sheet of an .xlsx workbook");
}

Test(xlsx_error, not_a_workbook)
{
    char path[256];
    const char *const parts[] = {"readme.txt", "hello"};
    make_zip(path, sizeof path, "notes.zip", parts, 1);
    read_fails(path, NULL, CE_ERR_DATA, 0, "not an .xlsx workbook: the archive has no xl/workbook.xml");
    const char *const ods[] = {"mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                               "content.xml", "<office:document-content/>"};
    make_zip(path, sizeof path, "data.ods", ods, 2);
    read_fails(path, NULL, CE_ERR_DATA, 0,
               "an OpenDocument spreadsheet (.ods), not an .xlsx workbook: save it as .xlsx or "
               "as CSV");
    char xls[512] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    ce_test_write(path, sizeof path, ce_test_dir, "old.xls", xls, sizeof xls);
    read_fails(path, NULL, CE_ERR_DATA, 0,
               "an old Excel workbook (.xls, or another OLE2 file): save it as .xlsx or as CSV");
    ce_test_write(path, sizeof path, ce_test_dir, "cut.xlsx", "PK\3\4\0\0garbage", 14);
    read_fails(path, NULL, CE_ERR_DATA, 0, "a zip archive that cannot be opened as an .xlsx workbook");
    make_book(path, sizeof path, "", NULL, NULL);
    read_fails(path, NULL, CE_ERR_DATA, 1, "sheet \"数据\" is empty (expected a header row)");
    make_book(path, sizeof path, "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c></row>",
              "<sst><si><t>a</t></si></sst>", NULL);
    read_fails(path, NULL, CE_ERR_DATA, 1, "数据!A1: shared string \"5\" does not exist (the workbook has 1)");
}

/* ---- hostile files ---- */

Test(xlsx_hostile, absurd_references)
{
    char path[256];
    make_book(path, sizeof path, "<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>", NULL, NULL);
    read_fails(path, NULL, CE_ERR_DATA, 1, "cell reference \"XFE1\" is not a cell of row 1");
    make_book(path, sizeof path, "<row r=\"1048577\"><c><v>1</v></c></row>", NULL, NULL);
    read_fails(path, NULL, CE_ERR_DATA, 1, "row number \"1048577\" is not 1 to 1048576");
    make_book(path, sizeof path, "<row r=\"5\"><c><v>1</v></c></row><row r=\"4\"/>", NULL, NULL);
    read_fails(path, NULL, CE_ERR_DATA, 4, "row 4 comes after row 5");
    make_book(path, sizeof path, "<row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>1</v></c></row>",
              NULL, NULL);
    read_fails(path, NULL, CE_ERR_DATA, 1, "cells of row 1 out of order");
    /* The last cell Excel has is fine. */
    make_book(path, sizeof path, "<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row>", NULL,
              NULL);
    rows rs = {0};
    read_ok(path, NULL, &rs, NULL);
    cr_assert_eq(rs.n, 1);
    cr_assert_eq(rs.rows[0].line, 1048576);
    cr_assert_eq(rs.rows[0].nfields, 16384);
    cr_assert_str_eq(rs.rows[0].fields[16383], "1");
    rows_free(&rs);
}

Test(xlsx_hostile, billion_laughs_and_doctype)
{
    char path[256], sheet[4096];
    snprintf(sheet, sizeof sheet,
             "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
             "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
             "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
             "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
             "<sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>&lol3;</t></is></c></row>"
             "</sheetData></worksheet>");
    const char *const parts[] = {"xl/workbook.xml", WORKBOOK_1, "xl/_rels/workbook.xml.rels",
                                 RELS, "xl/worksheets/sheet1.xml", sheet};
    make_zip(path, sizeof path, "lol.xlsx", parts, 3);
    read_fails(path, NULL, CE_ERR_DATA, 0,
               "xl/worksheets/sheet1.xml has a DOCTYPE, which no workbook part has");
    const char *ext = "<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"file:///etc/passwd\">"
                      "<sst><si><t>&x;</t></si></sst>";
    make_book(path, sizeof path, "<row r=\"1\"><c t=\"s\"><v>0</v></c></row>", ext, NULL);
    read_fails(path, NULL, CE_ERR_DATA, 0, "xl/sharedStrings.xml has a DOCTYPE");
}

Test(xlsx_hostile, zip_bomb_is_capped)
{
    /* styles.xml expanding past its 64 MiB limit (compressed to ~65 KB). */
    size_t n = CE_XLSX_PART_MAX + 1;
    char *big = malloc(n + 64);
    cr_assert_not_null(big);
    strcpy(big, "<styleSheet>");
    memset(big + 12, ' ', n - 12);
    strcpy(big + n, "</styleSheet>");
    char path[256], sheet[1024];
    sheet_xml("<row r=\"1\"><c><v>1</v></c></row>", sheet, sizeof sheet);
    const char *const parts[] = {"xl/workbook.xml", WORKBOOK_1, "xl/_rels/workbook.xml.rels",
                                 RELS, "xl/styles.xml", big, "xl/worksheets/sheet1.xml", sheet};
    make_zip(path, sizeof path, "bomb.xlsx", parts, 4);
    free(big);
    read_fails(path, NULL, CE_ERR_DATA, 0,
               "xl/styles.xml expands to more than 64 MiB (a zip bomb?); refused");
}

Test(xlsx_hostile, malformed_xml)
{
    char path[256];
    make_book(path, sizeof path, "<row r=\"1\"><c><v>1</v></row>", NULL, NULL);
    read_fails(path, NULL, CE_ERR_DATA, 0, "xl/worksheets/sheet1.xml is not well-formed XML");
}
