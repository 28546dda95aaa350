/* fuzz_csv.c - libFuzzer harness for ce_csv_read (csvio.h): the input is a
 * whole CSV file, read once with encoding detection (auto) and once forced
 * to GB18030. The record callback checks what csvio.h promises about every
 * record, looks up two columns in the header and writes every field with
 * ce_csv_write_text (into memory). A first field "!stop" makes the callback
 * fail, to cover the early exit. */
#include "fuzz_util.h"

#include <stdint.h>

#include "clustereval/csvio.h"
#include "clustereval/status.h"

#include "colmap.h"

static fuzz_file input;

static void close_input(void) { fuzz_file_close(&input); }

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_file_open(&input, "fuzz_csv");
    atexit(close_input);
    return 0;
}

typedef struct {
    size_t records, header_fields, last_line;
    FILE *sink;
} state;

static ce_status on_record(void *ud, const ce_csv_record *rec, ce_error *err)
{
    state *s = ud;
    FUZZ_CHECK(rec->index == s->records, "index %zu, expected %zu", rec->index, s->records);
    FUZZ_CHECK(rec->index < rec->max_records, "index %zu >= max_records %zu", rec->index,
               rec->max_records);
    /* >=, not >: a lone CR ends a record without starting a new line. */
    FUZZ_CHECK(rec->line >= 1 && rec->line >= s->last_line, "line %zu after %zu", rec->line,
               s->last_line);
    FUZZ_CHECK(rec->nfields > 0, "a record without fields");
    if (rec->index == 0)
        s->header_fields = rec->nfields;
    FUZZ_CHECK(rec->nfields == s->header_fields, "%zu fields, header %zu", rec->nfields,
               s->header_fields);
    for (size_t i = 0; i < rec->nfields; i++) {
        FUZZ_CHECK(rec->fields[i] != NULL, "field %zu is NULL", i);
        FUZZ_CHECK(rec->fields[i][rec->lens[i]] == '\0', "field %zu not NUL-terminated", i);
        ce_csv_write_text(s->sink, rec->fields[i]);
    }
    s->records++;
    s->last_line = rec->line;
    if (rec->index == 0) {
        /* the header mapper, loosely, with units and aliases (colmap.h) */
        static const char *const aliases[] = {"序号", "编号", NULL};
        static const ce_colmap_column cols[] = {{"id", aliases, NULL, 1},
                                                {"name", NULL, NULL, 0},
                                                {"营业收入", NULL, "亿元", 0}};
        long col[3];
        ce_error e;
        ce_diag d;
        ce_diag_init(&d);
        ce_colmap_options o = {.path = "fuzz.csv", .match = CE_COLMAP_LOOSE, .hint = "hint",
                               .ignored_reason = "unknown", .diag = &d};
        (void)ce_colmap_find(rec, cols, 3, &o, col, &e);
        ce_diag_fini(&d);
    }
    if (rec->nfields > 0 && strcmp(rec->fields[0], "!stop") == 0)
        return ce_error_set(err, CE_ERR_DATA, "fuzz.csv", rec->line, "stopped");
    return CE_OK;
}

static void read_once(ce_encoding enc)
{
    char *out = NULL;
    size_t out_len = 0;
    state s = {0, 0, 0, open_memstream(&out, &out_len)};
    if (!s.sink)
        abort();
    ce_diag diag;
    ce_diag_init(&diag);
    ce_error err;
    ce_encoding used = (ce_encoding)-1;
    ce_status st = ce_csv_read(input.path, enc, on_record, &s, &used, &diag, &err);
    if (st == CE_OK) {
        FUZZ_CHECK(s.records > 0, "CE_OK without a header");
        FUZZ_CHECK(used == CE_ENC_UTF8 || used == CE_ENC_GB18030, "used %d", (int)used);
    } else {
        FUZZ_CHECK(st == CE_ERR_DATA || st == CE_ERR_IO, "status %d", (int)st);
        FUZZ_CHECK(memchr(err.msg, '\0', sizeof err.msg) != NULL, "unterminated message");
    }
    ce_diag_fini(&diag);
    fclose(s.sink);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_file_put(&input, data, size);
    read_once(CE_ENC_AUTO);
    read_once(CE_ENC_GB18030);
    return 0;
}
