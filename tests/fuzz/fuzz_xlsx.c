/* fuzz_xlsx.c - libFuzzer harness for .xlsx input (ce_csv_read_opts on a
 * workbook, src/core/xlsx_read.c). Random bytes are rarely a zip archive
 * whose parts inflate, so the input is the workbook's XML parts and the
 * harness zips them (libzip, in memory):
 *   byte 0      flags: bit 0 the rest is the file itself (raw bytes, to
 *               fuzz the archive layer too); bit 1 read the sheet "数据" by
 *               name; bit 2 store the parts uncompressed
 *   then        up to five parts separated by NUL bytes, in this order:
 *               xl/workbook.xml, xl/_rels/workbook.xml.rels, xl/styles.xml,
 *               xl/sharedStrings.xml, xl/worksheets/sheet1.xml (an empty
 *               part is left out of the archive)
 * The record callback checks what csvio.h promises about every record of a
 * workbook (index, rising Excel rows within 1..1048576, the same width,
 * NUL-terminated fields of the given length, the sheet's name) and derives
 * the cell reference of every field; raw bytes that are no zip archive are
 * read as CSV, whose records have no sheet. A first field "!stop" makes it fail,
 * to cover the early exit and the cell naming of a callback's error. */
#include "fuzz_util.h"

#include <stdint.h>
#include <zip.h>

#include "clustereval/csvio.h"
#include "clustereval/status.h"

static fuzz_file input;

static void close_input(void) { fuzz_file_close(&input); }

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_file_open(&input, "fuzz_xlsx");
    atexit(close_input);
    return 0;
}

typedef struct {
    size_t records, width, last_line;
    int zipped; /* the harness made the archive (not raw bytes) */
    char path[64];
} state;

static ce_status on_record(void *ud, const ce_csv_record *rec, ce_error *err)
{
    state *s = ud;
    FUZZ_CHECK(rec->index == s->records, "index %zu, expected %zu", rec->index, s->records);
    FUZZ_CHECK(rec->index < rec->max_records, "index %zu >= max_records %zu", rec->index,
               rec->max_records);
    /* Raw bytes that are no zip archive are read as CSV: no sheet, physical
     * lines (a lone CR ends a record on the same line). */
    int book = rec->sheet != NULL;
    FUZZ_CHECK(book || !s->zipped, "a zipped workbook's record without its sheet");
    if (book)
        FUZZ_CHECK(rec->line >= 1 && rec->line <= 1048576 && rec->line > s->last_line,
                   "row %zu after %zu", rec->line, s->last_line);
    else
        FUZZ_CHECK(rec->line >= 1 && rec->line >= s->last_line, "line %zu after %zu", rec->line,
                   s->last_line);
    FUZZ_CHECK(rec->nfields > 0 && (!book || rec->nfields <= 16384), "%zu fields",
               rec->nfields);
    if (rec->index == 0)
        s->width = rec->nfields;
    FUZZ_CHECK(rec->nfields == s->width, "%zu fields, header %zu", rec->nfields, s->width);
    int any = 0;
    for (size_t i = 0; i < rec->nfields; i++) {
        FUZZ_CHECK(rec->fields[i] != NULL, "field %zu is NULL", i);
        FUZZ_CHECK(rec->fields[i][rec->lens[i]] == '\0', "field %zu not NUL-terminated", i);
        FUZZ_CHECK(strlen(rec->fields[i]) == rec->lens[i], "field %zu holds a NUL", i);
        any |= rec->lens[i] > 0;
        char ref[600];
        ce_csv_cell_ref(rec, i, ref, sizeof ref);
        FUZZ_CHECK(book ? strchr(ref, '!') != NULL : ref[0] == '\0', "cell ref \"%s\"", ref);
    }
    FUZZ_CHECK(any || (!book && rec->index == 0), "a record without a value");
    s->records++;
    s->last_line = rec->line;
    if (strcmp(rec->fields[0], "!stop") == 0)
        return ce_error_set(err, CE_ERR_DATA, s->path, rec->line, "column \"a\": stopped");
    return CE_OK;
}

/* Zips the parts into memory; returns the archive's bytes (malloc'd) or
 * NULL. */
static uint8_t *zip_parts(const uint8_t *data, size_t size, int store, size_t *out_len)
{
    static const char *const names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                        "xl/styles.xml", "xl/sharedStrings.xml",
                                        "xl/worksheets/sheet1.xml"};
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src)
        abort();
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!z)
        abort();
    zip_source_keep(src);
    size_t start = 0;
    for (size_t k = 0; k < 5 && start <= size; k++) {
        const uint8_t *nul = memchr(data + start, '\0', size - start);
        size_t end = nul ? (size_t)(nul - data) : size;
        if (end > start) {
            zip_source_t *part = zip_source_buffer(z, data + start, end - start, 0);
            zip_int64_t i = part ? zip_file_add(z, names[k], part, 0) : -1;
            if (i < 0)
                abort();
            if (store)
                zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
        }
        if (!nul)
            break;
        start = end + 1;
    }
    if (zip_close(z) != 0)
        abort();
    uint8_t *bytes = NULL;
    zip_stat_t st;
    if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
        bytes = malloc(st.size + 1);
        if (!bytes || zip_source_read(src, bytes, st.size) != (zip_int64_t)st.size)
            abort();
        zip_source_close(src);
        *out_len = st.size;
    }
    zip_source_free(src);
    zip_error_fini(&ze);
    return bytes;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (1 << 20))
        return 0;
    unsigned flags = data[0];
    if (flags & 1) {
        fuzz_file_put(&input, data + 1, size - 1);
    } else {
        size_t len = 0;
        uint8_t *zipped = zip_parts(data + 1, size - 1, flags & 4, &len);
        if (!zipped)
            return 0;
        fuzz_file_put(&input, zipped, len);
        free(zipped);
    }
    state s = {.zipped = !(flags & 1)};
    snprintf(s.path, sizeof s.path, "%s", input.path);
    ce_diag diag;
    ce_diag_init(&diag);
    ce_error err;
    ce_encoding used = (ce_encoding)-1;
    ce_csv_read_options opt = {CE_ENC_AUTO, (flags & 2) ? "数据" : NULL, 0};
    ce_status st = ce_csv_read_opts(input.path, &opt, on_record, &s, &used, &diag, &err);
    if (st == CE_OK) {
        FUZZ_CHECK(s.records > 0, "CE_OK without a header");
        FUZZ_CHECK(used == CE_ENC_UTF8 || used == CE_ENC_GB18030, "used %d", (int)used);
    } else {
        FUZZ_CHECK(st == CE_ERR_DATA || st == CE_ERR_IO || st == CE_ERR_USAGE, "status %d",
                   (int)st);
        FUZZ_CHECK(memchr(err.msg, '\0', sizeof err.msg) != NULL, "unterminated message");
    }
    ce_diag_fini(&diag);
    return 0;
}
