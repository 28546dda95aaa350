/* test_csvio.c - streaming CSV reader (lines, quoting, errors, encodings)
 * and the CSV text writer (csvio.h, DESIGN.md §3.1 and §4 output). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/csvio.h"

#include "testutil.h"

/* ---- a scratch folder per test ---- */

TestSuite(csv_read, .init = ce_test_dir_init, .fini = ce_test_dir_fini);
TestSuite(csv_error, .init = ce_test_dir_init, .fini = ce_test_dir_fini);
TestSuite(csv_encoding, .init = ce_test_dir_init, .fini = ce_test_dir_fini);

/* ---- collecting the records a read delivers ---- */

typedef struct {
    size_t index, line, nfields;
    char **fields;
    size_t *lens;
} row;

typedef struct {
    row *rows;
    size_t n, cap;
} rows;

static ce_status collect(void *ud, const ce_csv_record *rec, ce_error *err)
{
    (void)err;
    rows *rs = ud;
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? 2 * rs->cap : 8;
        rs->rows = realloc(rs->rows, rs->cap * sizeof *rs->rows);
        cr_assert_not_null(rs->rows);
    }
    row *r = &rs->rows[rs->n++];
    r->index = rec->index;
    r->line = rec->line;
    r->nfields = rec->nfields;
    r->fields = calloc(rec->nfields, sizeof *r->fields);
    r->lens = calloc(rec->nfields, sizeof *r->lens);
    cr_assert(r->fields && r->lens);
    for (size_t i = 0; i < rec->nfields; i++) {
        r->lens[i] = rec->lens[i];
        r->fields[i] = malloc(rec->lens[i] + 1);
        cr_assert_not_null(r->fields[i]);
        memcpy(r->fields[i], rec->fields[i], rec->lens[i] + 1); /* includes the NUL */
    }
    return CE_OK;
}

static void rows_free(rows *rs)
{
    for (size_t k = 0; k < rs->n; k++) {
        for (size_t i = 0; i < rs->rows[k].nfields; i++)
            free(rs->rows[k].fields[i]);
        free(rs->rows[k].fields);
        free(rs->rows[k].lens);
    }
    free(rs->rows);
    rs->rows = NULL;
    rs->n = rs->cap = 0;
}

/* Asserts record k: its index, line and fields (NULL-terminated list). */
static void expect_row(const rows *rs, size_t k, size_t line, const char *const *want)
{
    cr_assert_lt(k, rs->n, "record %zu missing (got %zu records)", k, rs->n);
    const row *r = &rs->rows[k];
    cr_assert_eq(r->index, k, "record %zu: index %zu", k, r->index);
    cr_assert_eq(r->line, line, "record %zu: line %zu, want %zu", k, r->line, line);
    size_t n = 0;
    while (want[n])
        n++;
    cr_assert_eq(r->nfields, n, "record %zu: %zu fields, want %zu", k, r->nfields, n);
    for (size_t i = 0; i < n; i++) {
        cr_assert_str_eq(r->fields[i], want[i], "record %zu field %zu", k, i);
        cr_assert_eq(r->lens[i], strlen(want[i]), "record %zu field %zu: len %zu", k, i,
                     r->lens[i]);
    }
}

#define ROW(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Reads path with enc into rs, expecting success; returns the encoding used. */
static ce_encoding read_ok(const char *path, ce_encoding enc, rows *rs, ce_diag *diag)
{
    ce_error err = {{0}, 0, {0}};
    ce_encoding used = (ce_encoding)99;
    ce_status st = ce_csv_read(path, enc, collect, rs, &used, diag, &err);
    cr_assert_eq(st, CE_OK, "ce_csv_read failed: %s:%zu: %s", err.file, err.line, err.msg);
    return used;
}

/* Reads path expecting a failure with status, line and a message part. */
static void read_fails(const char *path, ce_encoding enc, ce_status status, size_t line,
                       const char *msg_part)
{
    rows rs = {0};
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_csv_read(path, enc, collect, &rs, NULL, NULL, &err);
    rows_free(&rs);
    cr_assert_eq(st, status, "status %d, want %d (msg: %s)", (int)st, (int)status, err.msg);
    cr_assert_str_eq(err.file, path);
    cr_assert_eq(err.line, line, "line %zu, want %zu (msg: %s)", err.line, line, err.msg);
    cr_assert_not_null(strstr(err.msg, msg_part), "message \"%s\" lacks \"%s\"", err.msg,
                       msg_part);
}

/* ---- records and lines ---- */

Test(csv_read, plain_lf)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "lf.csv",
                       "id,name,score\n1,Alpha,0.5\n2,Beta,0.7\n");
    rows rs = {0};
    cr_assert_eq(read_ok(path, CE_ENC_AUTO, &rs, NULL), CE_ENC_UTF8);
    cr_assert_eq(rs.n, 3);
    expect_row(&rs, 0, 1, ROW("id", "name", "score"));
    expect_row(&rs, 1, 2, ROW("1", "Alpha", "0.5"));
    expect_row(&rs, 2, 3, ROW("2", "Beta", "0.7"));
    rows_free(&rs);
}

Test(csv_read, crlf)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "crlf.csv",
                       "id,name\r\n1,Alpha\r\n2,Beta\r\n");
    rows rs = {0};
    read_ok(path, CE_ENC_AUTO, &rs, NULL);
    cr_assert_eq(rs.n, 3);
    expect_row(&rs, 0, 1, ROW("id", "name"));
    expect_row(&rs, 1, 2, ROW("1", "Alpha"));
    expect_row(&rs, 2, 3, ROW("2", "Beta"));
    rows_free(&rs);
}

Test(csv_read, utf8_bom_stripped)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "bom.csv", "\xEF\xBB\xBFid,v\n1,2\n");
    rows rs = {0};
    cr_assert_eq(read_ok(path, CE_ENC_AUTO, &rs, NULL), CE_ENC_UTF8);
    cr_assert_eq(rs.n, 2);
    cr_assert_str_eq(rs.rows[0].fields[0], "id");
    cr_assert_eq(rs.rows[0].lens[0], 2);
    expect_row(&rs, 1, 2, ROW("1", "2"));
    rows_free(&rs);
}

Test(csv_read, utf8_bom_with_crlf_and_utf8_forced)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "bom2.csv", "\xEF\xBB\xBFid,v\r\n1,2\r\n");
    rows rs = {0};
    cr_assert_eq(read_ok(path, CE_ENC_UTF8, &rs, NULL), CE_ENC_UTF8);
    expect_row(&rs, 0, 1, ROW("id", "v"));
    expect_row(&rs, 1, 2, ROW("1", "2"));
    cr_assert_eq(rs.n, 2);
    rows_free(&rs);
}

Test(csv_read, quoted_fields)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "quoted.csv",
                       "id,text,v\n"                   /* line 1 */
                       "1,\"a, b\",2\n"                /* line 2 */
                       "2,\"say \"\"hi\"\"\",3\n"      /* line 3 */
                       "3,\"line1\nline2\nline3\",4\n" /* lines 4-6 */
                       "4,after,5\n"                   /* line 7 */
                       "5,\"  kept  \",\"\"\n");       /* line 8 */
    rows rs = {0};
    read_ok(path, CE_ENC_AUTO, &rs, NULL);
    cr_assert_eq(rs.n, 6);
    expect_row(&rs, 1, 2, ROW("1", "a, b", "2"));
    expect_row(&rs, 2, 3, ROW("2", "say \"hi\"", "3"));
    expect_row(&rs, 3, 4, ROW("3", "line1\nline2\nline3", "4"));
    expect_row(&rs, 4, 7, ROW("4", "after", "5"));
    expect_row(&rs, 5, 8, ROW("5", "  kept  ", ""));
    rows_free(&rs);
}

Test(csv_read, quoted_crlf_newlines_keep_line_numbers)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "quoted_crlf.csv",
                       "id,text\r\n1,\"a\r\nb\"\r\n\r\n2,c\r\n");
    rows rs = {0};
    read_ok(path, CE_ENC_AUTO, &rs, NULL);
    cr_assert_eq(rs.n, 3);
    expect_row(&rs, 1, 2, ROW("1", "a\r\nb"));
    expect_row(&rs, 2, 5, ROW("2", "c"));
    rows_free(&rs);
}

Test(csv_read, blank_lines_skipped)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "blank.csv", "\nid,v\n\n1,a\n\n\n2,b\n\n");
    rows rs = {0};
    read_ok(path, CE_ENC_AUTO, &rs, NULL);
    cr_assert_eq(rs.n, 3);
    expect_row(&rs, 0, 2, ROW("id", "v"));
    expect_row(&rs, 1, 4, ROW("1", "a"));
    expect_row(&rs, 2, 7, ROW("2", "b"));
    rows_free(&rs);
}

Test(csv_read, all_empty_rows_skipped)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "empty_rows.csv",
                       "id,a,b,c\n1,2,3,4\n,,,\n  , ,\t,\n2,5,6,7\n,,,\n");
    rows rs = {0};
    read_ok(path, CE_ENC_AUTO, &rs, NULL);
    cr_assert_eq(rs.n, 3);
    expect_row(&rs, 1, 2, ROW("1", "2", "3", "4"));
    expect_row(&rs, 2, 5, ROW("2", "5", "6", "7"));
    rows_free(&rs);
}

Test(csv_read, row_with_some_empty_fields_is_kept)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "some_empty.csv", "id,a,b\nx,,\n,,y\n");
    rows rs = {0};
    read_ok(path, CE_ENC_AUTO, &rs, NULL);
    cr_assert_eq(rs.n, 3);
    expect_row(&rs, 1, 2, ROW("x", "", ""));
    expect_row(&rs, 2, 3, ROW("", "", "y"));
    rows_free(&rs);
}

Test(csv_read, last_line_without_newline)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "nonl.csv", "id,v\n1,a\n2,b");
    rows rs = {0};
    read_ok(path, CE_ENC_AUTO, &rs, NULL);
    cr_assert_eq(rs.n, 3);
    expect_row(&rs, 2, 3, ROW("2", "b"));
    rows_free(&rs);
}

Test(csv_read, last_line_quoted_without_newline)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "nonl_q.csv", "id,v\n1,\"a\nb\"");
    rows rs = {0};
    read_ok(path, CE_ENC_AUTO, &rs, NULL);
    cr_assert_eq(rs.n, 2);
    expect_row(&rs, 1, 2, ROW("1", "a\nb"));
    rows_free(&rs);
}

Test(csv_read, unquoted_fields_trimmed)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "trim.csv",
                       " id , v \n  a  ,\tb\t\n x y ,\" q \"\n");
    rows rs = {0};
    read_ok(path, CE_ENC_AUTO, &rs, NULL);
    cr_assert_eq(rs.n, 3);
    expect_row(&rs, 0, 1, ROW("id", "v"));
    expect_row(&rs, 1, 2, ROW("a", "b"));
    expect_row(&rs, 2, 3, ROW("x y", " q "));
    rows_free(&rs);
}

Test(csv_read, header_only_is_one_record)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "header.csv", "id,v\n");
    rows rs = {0};
    read_ok(path, CE_ENC_AUTO, &rs, NULL);
    cr_assert_eq(rs.n, 1);
    expect_row(&rs, 0, 1, ROW("id", "v"));
    rows_free(&rs);
}

/* ---- the callback controls the read ---- */

typedef struct {
    size_t calls;
} counter;

static ce_status stop_at_second_row(void *ud, const ce_csv_record *rec, ce_error *err)
{
    counter *c = ud;
    c->calls++;
    if (rec->index == 2)
        return ce_error_set(err, CE_ERR_USAGE, "callback-file", 77, "stopped at %s",
                            rec->fields[0]);
    return CE_OK;
}

Test(csv_read, callback_error_stops_the_read)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "stop.csv", "id,v\n1,a\n2,b\n3,c\n4,d\n");
    counter c = {0};
    ce_error err = {{0}, 0, {0}};
    ce_encoding used = (ce_encoding)99;
    ce_status st = ce_csv_read(path, CE_ENC_AUTO, stop_at_second_row, &c, &used, NULL, &err);
    cr_assert_eq(st, CE_ERR_USAGE);
    cr_assert_eq(c.calls, 3, "callback called %zu times after stopping", c.calls);
    cr_assert_str_eq(err.file, "callback-file");
    cr_assert_eq(err.line, 77);
    cr_assert_str_eq(err.msg, "stopped at 2");
    cr_assert_eq((int)used, 99, "*used set on failure");
}

Test(csv_read, callback_error_on_last_line_without_newline)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "stop_last.csv", "id,v\n1,a\n2,b");
    counter c = {0};
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_csv_read(path, CE_ENC_AUTO, stop_at_second_row, &c, NULL, NULL, &err);
    cr_assert_eq(st, CE_ERR_USAGE);
    cr_assert_eq(c.calls, 3);
    cr_assert_str_eq(err.msg, "stopped at 2");
}

/* ---- errors ---- */

Test(csv_error, ragged_row_too_many_fields)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "many.csv", "id,v\n1,2\n\n3,4,5\n6,7\n");
    read_fails(path, CE_ENC_AUTO, CE_ERR_DATA, 4, "row has 3 fields but the header has 2");
}

Test(csv_error, ragged_row_too_few_fields)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "few.csv", "id,v,w\n1,\"x\ny\",3\n4,5\n");
    read_fails(path, CE_ENC_AUTO, CE_ERR_DATA, 4, "row has 2 fields but the header has 3");
}

Test(csv_error, ragged_row_crlf_last_line)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "few_crlf.csv", "id,v,w\r\n1,2,3\r\n4");
    read_fails(path, CE_ENC_AUTO, CE_ERR_DATA, 3, "row has 1 fields but the header has 3");
}

Test(csv_error, quote_inside_unquoted_field)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "quote.csv", "id,v\n1,2\n\na,b\"c\n");
    read_fails(path, CE_ENC_AUTO, CE_ERR_DATA, 4, "malformed CSV");
}

Test(csv_error, quote_inside_unquoted_field_after_multiline_field)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "quote2.csv",
                       "id,v\n1,\"x\ny\nz\"\n2,ok\na,b\"c\n");
    read_fails(path, CE_ENC_AUTO, CE_ERR_DATA, 6, "malformed CSV");
}

Test(csv_error, text_after_closing_quote)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "after_quote.csv", "id,v\n1,\"ab\"c\n");
    read_fails(path, CE_ENC_AUTO, CE_ERR_DATA, 2, "malformed CSV");
}

Test(csv_error, unterminated_quote_reported_where_field_starts)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "unterminated.csv",
                       "id,v\n1,2\n3,\"abc\ndef\nghi\n");
    read_fails(path, CE_ENC_AUTO, CE_ERR_DATA, 3, "never closed");
}

Test(csv_error, unterminated_quote_in_first_field)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "unterminated1.csv",
                       "id,v\n1,\"a\nb\"\n\n\"open,x\ny\n");
    read_fails(path, CE_ENC_AUTO, CE_ERR_DATA, 5, "never closed");
}

/* The record starts on line 2, but the unclosed field starts on line 3 after
 * a multi-line field of the same record; the message says "a quoted field
 * starting on this line". */
Test(csv_error, unterminated_quote_after_multiline_field_of_same_record)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "unterminated2.csv",
                       "id,a,b\n1,\"x\ny\",\"open\nmore\n");
    read_fails(path, CE_ENC_AUTO, CE_ERR_DATA, 3, "never closed");
}

Test(csv_error, empty_file)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "empty.csv", "");
    read_fails(path, CE_ENC_AUTO, CE_ERR_DATA, 1, "empty");
}

Test(csv_error, cr_only_line_endings)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "cr.csv", "id,v\r1,2\r3,4\r");
    read_fails(path, CE_ENC_AUTO, CE_ERR_DATA, 1, "CR only");
}

Test(csv_error, nonexistent_file)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "does-not-exist.csv");
    rows rs = {0};
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_csv_read(path, CE_ENC_AUTO, collect, &rs, NULL, NULL, &err);
    cr_assert_eq(st, CE_ERR_IO);
    cr_assert_str_eq(err.file, path);
    cr_assert_eq(rs.n, 0);
    cr_assert_not_null(strstr(err.msg, "No such file"), "msg: %s", err.msg);
}

Test(csv_error, folder_instead_of_file)
{
    rows rs = {0};
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_csv_read(ce_test_dir, CE_ENC_AUTO, collect, &rs, NULL, NULL, &err);
    rows_free(&rs);
    cr_assert_eq(st, CE_ERR_IO, "status %d: %s", (int)st, err.msg);
    cr_assert_str_eq(err.file, ce_test_dir);
}

/* ---- encodings ---- */

#define SHANDONG_GB "\xC9\xBD\xB6\xAB"               /* 山东 in GB18030 */
#define SHANDONG_UTF8 "\xE5\xB1\xB1\xE4\xB8\x9C"     /* 山东 in UTF-8 */
#define GRINNING_GB "\x94\x39\xFC\x36"               /* U+1F600 in GB18030 (4 bytes) */
#define GRINNING_UTF8 "\xF0\x9F\x98\x80"             /* U+1F600 in UTF-8 */

Test(csv_encoding, gb18030_auto_detected)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "gb.csv",
                       "id,name\n1," SHANDONG_GB "\n2,ascii\n");
    rows rs = {0};
    ce_diag diag;
    ce_diag_init(&diag);
    cr_assert_eq(read_ok(path, CE_ENC_AUTO, &rs, &diag), CE_ENC_GB18030);
    cr_assert_eq(rs.n, 3);
    expect_row(&rs, 0, 1, ROW("id", "name"));
    expect_row(&rs, 1, 2, ROW("1", SHANDONG_UTF8));
    expect_row(&rs, 2, 3, ROW("2", "ascii"));
    /* A note apart from the warnings, naming the file and the first line
     * that is not UTF-8; read again, the file is noted once. */
    cr_assert_eq(diag.count, 0, "%zu warnings", diag.count);
    cr_assert_eq(diag.n_gb18030, 1);
    cr_assert_str_eq(diag.gb18030[0].path, path);
    cr_assert_eq(diag.gb18030[0].line, 2);
    rows_free(&rs);
    memset(&rs, 0, sizeof rs);
    cr_assert_eq(read_ok(path, CE_ENC_AUTO, &rs, &diag), CE_ENC_GB18030);
    cr_assert_eq(diag.n_gb18030, 1);
    ce_diag_fini(&diag);
    rows_free(&rs);
}

Test(csv_encoding, gb18030_forced_reads_it_without_note)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "gb.csv",
                       "id,name\r\n1," SHANDONG_GB "\r\n");
    rows rs = {0};
    ce_diag diag;
    ce_diag_init(&diag);
    cr_assert_eq(read_ok(path, CE_ENC_GB18030, &rs, &diag), CE_ENC_GB18030);
    expect_row(&rs, 1, 2, ROW("1", SHANDONG_UTF8));
    cr_assert_eq(diag.count, 0);
    cr_assert_eq(diag.n_gb18030, 0);
    ce_diag_fini(&diag);
    rows_free(&rs);
}

Test(csv_encoding, gb18030_with_utf8_forced_is_error)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "gb.csv",
                       "id,name\n\"x\ny\",a\n1," SHANDONG_GB "\n");
    read_fails(path, CE_ENC_UTF8, CE_ERR_DATA, 4, "not valid UTF-8");
}

Test(csv_encoding, utf8_auto_has_no_note)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "utf8.csv",
                       "id,name\n1," SHANDONG_UTF8 "\n");
    rows rs = {0};
    ce_diag diag;
    ce_diag_init(&diag);
    cr_assert_eq(read_ok(path, CE_ENC_AUTO, &rs, &diag), CE_ENC_UTF8);
    expect_row(&rs, 1, 2, ROW("1", SHANDONG_UTF8));
    cr_assert_eq(diag.count, 0);
    ce_diag_fini(&diag);
    rows_free(&rs);
}

Test(csv_encoding, ascii_file_with_gb18030_forced_is_unchanged)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "ascii.csv",
                       "id,name\n1,\"Jinan, SD\"\n2,plain\n");
    rows rs = {0};
    cr_assert_eq(read_ok(path, CE_ENC_GB18030, &rs, NULL), CE_ENC_GB18030);
    cr_assert_eq(rs.n, 3);
    expect_row(&rs, 0, 1, ROW("id", "name"));
    expect_row(&rs, 1, 2, ROW("1", "Jinan, SD"));
    expect_row(&rs, 2, 3, ROW("2", "plain"));
    rows_free(&rs);
}

Test(csv_encoding, utf8_file_with_gb18030_forced_decodes_differently)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "utf8.csv",
                       "id,name\n1," SHANDONG_UTF8 "\n");
    rows rs = {0};
    cr_assert_eq(read_ok(path, CE_ENC_GB18030, &rs, NULL), CE_ENC_GB18030);
    /* E5B1 B1E4 B89C read as GB18030 are 灞变笢. */
    expect_row(&rs, 1, 2, ROW("1", "\xE7\x81\x9E\xE5\x8F\x98\xE7\xAC\xA2"));
    rows_free(&rs);
}

/* Builds "id,text\n1,<pad>" + ch + "\n2,end\n" where ch starts at byte
 * offset at (the pad is 'a's). Returns the length; *pad receives the pad length. */
static size_t build_straddle(char *buf, size_t cap, size_t at, const char *ch, size_t *pad)
{
    static const char head[] = "id,text\n1,";
    size_t h = sizeof head - 1, n = strlen(ch);
    cr_assert_lt(at + n + 16, cap);
    memcpy(buf, head, h);
    *pad = at - h;
    memset(buf + h, 'a', *pad);
    memcpy(buf + at, ch, n);
    memcpy(buf + at + n, "\n2,end\n", 7);
    return at + n + 7;
}

/* Asserts the file read as above: the long field is pad 'a's then want. */
static void expect_straddle(const rows *rs, size_t pad, const char *want)
{
    cr_assert_eq(rs->n, 3);
    const row *r = &rs->rows[1];
    cr_assert_eq(r->line, 2);
    cr_assert_eq(r->nfields, 2);
    size_t wl = strlen(want);
    cr_assert_eq(r->lens[1], pad + wl, "len %zu, want %zu", r->lens[1], pad + wl);
    for (size_t i = 0; i < pad; i++)
        cr_assert_eq(r->fields[1][i], 'a', "byte %zu", i);
    cr_assert_eq(memcmp(r->fields[1] + pad, want, wl + 1), 0, "the straddling text differs");
    expect_row(rs, 2, 3, ROW("2", "end"));
}

Test(csv_encoding, gb18030_char_straddles_64k_boundary)
{
    enum { SIZE = 70000 };
    char *buf = malloc(SIZE), path[256];
    cr_assert_not_null(buf);
    size_t pad;
    /* 山 = C9 BD at bytes 65535 and 65536; 东 follows. */
    size_t n = build_straddle(buf, SIZE, 65535, SHANDONG_GB, &pad);
    ce_test_write(path, sizeof path, ce_test_dir, "gb_big.csv", buf, n);
    free(buf);
    rows rs = {0};
    ce_diag diag;
    ce_diag_init(&diag);
    cr_assert_eq(read_ok(path, CE_ENC_AUTO, &rs, &diag), CE_ENC_GB18030);
    expect_straddle(&rs, pad, SHANDONG_UTF8);
    cr_assert_eq(diag.n_gb18030, 1);
    ce_diag_fini(&diag);
    rows_free(&rs);
}

Test(csv_encoding, gb18030_four_byte_char_straddles_64k_boundary)
{
    enum { SIZE = 70000 };
    char *buf = malloc(SIZE), path[256];
    cr_assert_not_null(buf);
    size_t pad;
    /* Two bytes of the 4-byte sequence on each side of byte 65536. */
    size_t n = build_straddle(buf, SIZE, 65534, GRINNING_GB SHANDONG_GB, &pad);
    ce_test_write(path, sizeof path, ce_test_dir, "gb_big4.csv", buf, n);
    free(buf);
    rows rs = {0};
    cr_assert_eq(read_ok(path, CE_ENC_GB18030, &rs, NULL), CE_ENC_GB18030);
    expect_straddle(&rs, pad, GRINNING_UTF8 SHANDONG_UTF8);
    rows_free(&rs);
}

Test(csv_encoding, utf8_char_straddles_64k_boundary)
{
    enum { SIZE = 70000 };
    char *buf = malloc(SIZE), path[256];
    cr_assert_not_null(buf);
    size_t pad;
    /* 山 = E5 B1 B1 with E5 the last byte of the first 64 KiB. */
    size_t n = build_straddle(buf, SIZE, 65535, SHANDONG_UTF8, &pad);
    ce_test_write(path, sizeof path, ce_test_dir, "utf8_big.csv", buf, n);
    free(buf);
    rows rs = {0};
    ce_diag diag;
    ce_diag_init(&diag);
    cr_assert_eq(read_ok(path, CE_ENC_AUTO, &rs, &diag), CE_ENC_UTF8);
    expect_straddle(&rs, pad, SHANDONG_UTF8);
    cr_assert_eq(diag.count, 0, "note: %s", diag.count ? diag.items[0] : "");
    ce_diag_fini(&diag);
    rows_free(&rs);
}

Test(csv_encoding, utf8_four_byte_char_straddles_64k_boundary)
{
    enum { SIZE = 70000 };
    char *buf = malloc(SIZE), path[256];
    cr_assert_not_null(buf);
    size_t pad;
    size_t n = build_straddle(buf, SIZE, 65533, GRINNING_UTF8, &pad); /* 3 bytes before, 1 after */
    ce_test_write(path, sizeof path, ce_test_dir, "utf8_big4.csv", buf, n);
    free(buf);
    rows rs = {0};
    cr_assert_eq(read_ok(path, CE_ENC_AUTO, &rs, NULL), CE_ENC_UTF8);
    expect_straddle(&rs, pad, GRINNING_UTF8);
    rows_free(&rs);
}

Test(csv_encoding, invalid_utf8_after_64k_is_found_with_its_line)
{
    enum { SIZE = 70000 };
    char *buf = malloc(SIZE), path[256];
    cr_assert_not_null(buf);
    size_t pad;
    size_t n = build_straddle(buf, SIZE, 65600, SHANDONG_GB, &pad);
    ce_test_write(path, sizeof path, ce_test_dir, "gb_late.csv", buf, n);
    free(buf);
    read_fails(path, CE_ENC_UTF8, CE_ERR_DATA, 2, "not valid UTF-8");
}

Test(csv_encoding, file_ending_inside_gb18030_char)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "gb_cut.csv",
                       "id,name\n1," SHANDONG_GB "\n2,\x81");
    read_fails(path, CE_ENC_GB18030, CE_ERR_DATA, 3, "GB18030");
}

/* ---- encoding names ---- */

struct enc_name {
    char name[16];
    ce_encoding want;
};

ParameterizedTestParameters(encoding_parse, accepted)
{
    static struct enc_name cases[] = {
        {"auto", CE_ENC_AUTO},       {"AUTO", CE_ENC_AUTO},       {"Auto", CE_ENC_AUTO},
        {"utf-8", CE_ENC_UTF8},      {"UTF-8", CE_ENC_UTF8},      {"utf8", CE_ENC_UTF8},
        {"UTF8", CE_ENC_UTF8},       {"Utf-8", CE_ENC_UTF8},      {"gb18030", CE_ENC_GB18030},
        {"GB18030", CE_ENC_GB18030}, {"Gb18030", CE_ENC_GB18030},
    };
    return cr_make_param_array(struct enc_name, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct enc_name *c, encoding_parse, accepted)
{
    ce_encoding e = (ce_encoding)99;
    cr_assert_eq(ce_encoding_parse(c->name, &e), 0, "\"%s\" rejected", c->name);
    cr_assert_eq(e, c->want, "\"%s\"", c->name);
}

struct enc_bad_name {
    char name[16];
};

ParameterizedTestParameters(encoding_parse, rejected)
{
    static struct enc_bad_name cases[] = {
        {""},       {"utf"},    {"utf-16"},   {"utf_8"},  {"utf-8 "},    {" auto"},
        {"gbk"},    {"gb2312"}, {"gb1803"},   {"gb180300"}, {"latin1"},  {"automatic"},
        /* control bytes are not ASCII letters: CR (0x0D) and 0x18 only look
         * like '-' and '8' once bit 0x20 is set */
        {"utf\r8"}, {"utf-\x18"},
    };
    return cr_make_param_array(struct enc_bad_name, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct enc_bad_name *c, encoding_parse, rejected)
{
    ce_encoding e = (ce_encoding)99;
    char shown[256];
    cr_assert_neq(ce_encoding_parse(c->name, &e), 0, "\"%s\" accepted",
                  ce_error_quote(c->name, strlen(c->name), shown, sizeof shown));
    cr_assert_eq((int)e, 99, "*out changed for \"%s\"", c->name);
}

Test(encoding_parse, names)
{
    cr_assert_str_eq(ce_encoding_name(CE_ENC_UTF8), "UTF-8");
    cr_assert_str_eq(ce_encoding_name(CE_ENC_GB18030), "GB18030");
    cr_assert_str_eq(ce_encoding_name(CE_ENC_AUTO), "auto");
}

/* ---- the writer ---- */

/* What ce_csv_write_text writes for text; the caller frees it. */
static char *written(const char *text)
{
    char *out = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&out, &len);
    cr_assert_not_null(fp);
    ce_csv_write_text(fp, text);
    cr_assert_eq(fclose(fp), 0);
    return out;
}

struct write_case {
    char text[32];
    char want[40];
};

ParameterizedTestParameters(csv_write_text, forms)
{
    static struct write_case cases[] = {
        /* plain text is unchanged */
        {"plain", "plain"},
        {"", ""},
        {"a b", "a b"},
        {"a=b", "a=b"},
        {"x-1", "x-1"},
        {"it's", "it's"},
        {"0.5", "0.5"},
        {"\xE5\xB1\xB1\xE4\xB8\x9C", "\xE5\xB1\xB1\xE4\xB8\x9C"},
        /* quoting */
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"\"", "\"\"\"\""},
        {"l1\nl2", "\"l1\nl2\""},
        {"l1\r\nl2", "\"l1\r\nl2\""},
        {"a\rb", "\"a\rb\""},
        /* formula guard */
        {"=1+2", "'=1+2"},
        {"+x", "'+x"},
        {"-x", "'-x"},
        {"-1.5", "'-1.5"},
        {"@x", "'@x"},
        {"\tx", "'\tx"},
        {"=", "'="},
        /* guard and quoting together */
        {"=a,b", "\"'=a,b\""},
        {"\rx", "\"'\rx\""},
        {"@\"q\"", "\"'@\"\"q\"\"\""},
        {"-1\n2", "\"'-1\n2\""},
    };
    return cr_make_param_array(struct write_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct write_case *c, csv_write_text, forms)
{
    char *out = written(c->text);
    cr_assert_str_eq(out, c->want, "for \"%s\"", c->text);
    free(out);
}

Test(csv_write_text, fields_in_a_row)
{
    char *out = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&out, &len);
    cr_assert_not_null(fp);
    ce_csv_write_text(fp, "id");
    fputc(',', fp);
    ce_csv_write_text(fp, "=HYPERLINK(\"x\")");
    fputc(',', fp);
    ce_csv_write_text(fp, "Jinan, SD");
    fputc('\n', fp);
    cr_assert_eq(fclose(fp), 0);
    cr_assert_str_eq(out, "id,\"'=HYPERLINK(\"\"x\"\")\",\"Jinan, SD\"\n");
    cr_assert_eq(len, strlen(out));
    free(out);
}
