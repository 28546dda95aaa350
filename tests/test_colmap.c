/* test_colmap.c - the one header mapper (src/core/colmap.h): field indices,
 * aliases, the duplicate and missing-column messages, the ignored-columns
 * warning, and the loose matching of issue 15 (NFKC, case, spaces, a unit in
 * brackets). */
#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "clustereval/status.h"

#include "colmap.h"

#define NOERR {{0}, 0, {0}}

/* A header record of the fields given, NULL-terminated, at line 3. */
typedef struct {
    char *fields[64];
    size_t lens[64];
    ce_csv_record rec;
} header;

static const ce_csv_record *make_header(header *h, const char *const *names)
{
    size_t n = 0;
    for (; names[n]; n++) {
        h->fields[n] = (char *)names[n];
        h->lens[n] = strlen(names[n]);
    }
    h->rec = (ce_csv_record){.index = 0, .line = 3, .nfields = n, .fields = h->fields,
                             .lens = h->lens, .max_records = 10};
    return &h->rec;
}

static const char *const id_aliases[] = {"序号", "编号", NULL};

/* id (required, aliases 序号 编号), name (optional), revenue (required, unit 亿元). */
static const ce_colmap_column cols[] = {
    {"id", id_aliases, NULL, 1},
    {"name", NULL, NULL, 0},
    {"营业收入", NULL, "亿元", 1},
};
#define N_COLS (sizeof cols / sizeof cols[0])

static ce_status map(const char *const *names, ce_colmap_match match, long *field,
                     ce_diag *diag, ce_error *err)
{
    header h;
    ce_colmap_options o = {.path = "d.csv", .match = match, .hint = "the header needs id",
                           .ignored_reason = "not in the profile", .diag = diag};
    return ce_colmap_find(make_header(&h, names), cols, N_COLS, &o, field, err);
}

Test(colmap, exact_fields_and_no_warning)
{
    long f[N_COLS];
    ce_error err = NOERR;
    ce_diag d;
    ce_diag_init(&d);
    const char *names[] = {"营业收入", "name", "id", NULL};
    cr_assert_eq(map(names, CE_COLMAP_EXACT, f, &d, &err), CE_OK, "%s", err.msg);
    cr_expect_eq(f[0], 2);
    cr_expect_eq(f[1], 1);
    cr_expect_eq(f[2], 0);
    cr_expect_eq(d.count, 0);
    ce_diag_fini(&d);
}

Test(colmap, optional_column_absent_is_minus_one)
{
    long f[N_COLS];
    ce_error err = NOERR;
    const char *names[] = {"id", "营业收入", NULL};
    cr_assert_eq(map(names, CE_COLMAP_EXACT, f, NULL, &err), CE_OK, "%s", err.msg);
    cr_expect_eq(f[1], -1);
}

Test(colmap, alias_names_the_column)
{
    long f[N_COLS];
    ce_error err = NOERR;
    const char *names[] = {"营业收入", "序号", NULL};
    cr_assert_eq(map(names, CE_COLMAP_EXACT, f, NULL, &err), CE_OK, "%s", err.msg);
    cr_expect_eq(f[0], 1);
}

Test(colmap, duplicate_names_both_columns)
{
    long f[N_COLS];
    ce_error err = NOERR;
    const char *names[] = {"id", "营业收入", "x", "id", NULL};
    cr_assert_eq(map(names, CE_COLMAP_EXACT, f, NULL, &err), CE_ERR_DATA);
    cr_expect_str_eq(err.file, "d.csv");
    cr_expect_eq(err.line, 3);
    cr_expect_str_eq(err.msg, "column \"id\" appears twice (columns 1 and 4)");
}

Test(colmap, duplicate_through_an_alias_shows_both_spellings)
{
    long f[N_COLS];
    ce_error err = NOERR;
    const char *names[] = {"编号", "营业收入", "id", NULL};
    cr_assert_eq(map(names, CE_COLMAP_EXACT, f, NULL, &err), CE_ERR_DATA);
    cr_expect_str_eq(err.msg,
                     "column \"id\" appears twice (columns 1 and 3: \"编号\" and \"id\")");
}

Test(colmap, missing_required_with_hint)
{
    long f[N_COLS];
    ce_error err = NOERR;
    const char *names[] = {"name", "营业收入", NULL};
    cr_assert_eq(map(names, CE_COLMAP_EXACT, f, NULL, &err), CE_ERR_DATA);
    cr_expect_eq(err.line, 3);
    cr_expect_str_eq(err.msg, "missing column \"id\" (the header needs id)");
}

Test(colmap, missing_in_the_no_column_form_and_without_hint)
{
    header h;
    long f[N_COLS];
    ce_error err = NOERR;
    const char *names[] = {"id", NULL};
    ce_colmap_options o = {.path = "p.csv", .say_no_column = 1};
    cr_assert_eq(ce_colmap_find(make_header(&h, names), cols, N_COLS, &o, f, &err),
                 CE_ERR_DATA);
    cr_expect_str_eq(err.msg, "no \"营业收入\" column");
    o.say_no_column = 0;
    cr_assert_eq(ce_colmap_find(make_header(&h, names), cols, N_COLS, &o, f, &err),
                 CE_ERR_DATA);
    cr_expect_str_eq(err.msg, "missing column \"营业收入\"");
}

static ce_status own_missing(void *ctx, size_t column, ce_error *err)
{
    (void)ctx;
    if (column == 0)
        return CE_OK; /* the mapper's message */
    return ce_error_set(err, CE_ERR_DATA, "profile.csv", 7, "indicator %zu is not a column",
                        column);
}

Test(colmap, on_missing_gives_the_callers_message_or_defers)
{
    header h;
    long f[N_COLS];
    ce_error err = NOERR;
    ce_colmap_options o = {.path = "d.csv", .on_missing = own_missing};
    const char *no_revenue[] = {"id", NULL};
    cr_assert_eq(ce_colmap_find(make_header(&h, no_revenue), cols, N_COLS, &o, f, &err),
                 CE_ERR_DATA);
    cr_expect_str_eq(err.file, "profile.csv");
    cr_expect_eq(err.line, 7);
    cr_expect_str_eq(err.msg, "indicator 2 is not a column");
    const char *no_id[] = {"营业收入", NULL};
    cr_assert_eq(ce_colmap_find(make_header(&h, no_id), cols, N_COLS, &o, f, &err),
                 CE_ERR_DATA);
    cr_expect_str_eq(err.file, "d.csv");
    cr_expect_str_eq(err.msg, "missing column \"id\"");
}

Test(colmap, ignored_columns_one_warning)
{
    long f[N_COLS];
    ce_error err = NOERR;
    ce_diag d;
    ce_diag_init(&d);
    const char *names[] = {"region", "id", "", "营业收入", "note", NULL};
    cr_assert_eq(map(names, CE_COLMAP_EXACT, f, &d, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(d.count, 1);
    cr_expect_str_eq(d.items[0],
                     "d.csv: 3 columns not in the profile, ignored: region, (unnamed), note");
    ce_diag_fini(&d);
}

Test(colmap, ignored_columns_list_cut_at_twenty)
{
    static char buf[25][8];
    const char *names[27];
    names[0] = "id";
    names[1] = "营业收入";
    for (int i = 0; i < 25; i++) {
        snprintf(buf[i], sizeof buf[i], "x%d", i);
        names[2 + i] = buf[i];
    }
    names[26] = NULL; /* 24 extra columns: x0 .. x23 */
    long f[N_COLS];
    ce_error err = NOERR;
    ce_diag d;
    ce_diag_init(&d);
    cr_assert_eq(map(names, CE_COLMAP_EXACT, f, &d, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(d.count, 1);
    cr_expect_str_eq(d.items[0], "d.csv: 24 columns not in the profile, ignored: x0, x1, x2, "
                                 "x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15, "
                                 "x16, x17, x18, x19, ... (4 more)");
    ce_diag_fini(&d);
}

Test(colmap, exact_does_not_match_other_forms)
{
    long f[N_COLS];
    ce_error err = NOERR;
    const char *names[] = {"ID", "营业收入（亿元）", NULL};
    cr_assert_eq(map(names, CE_COLMAP_EXACT, f, NULL, &err), CE_ERR_DATA);
    cr_expect_str_eq(err.msg, "missing column \"id\" (the header needs id)");
}

Test(colmap, ascii_case)
{
    long f[N_COLS];
    ce_error err = NOERR;
    const char *names[] = {"营业收入", "Name", "ID", NULL};
    cr_assert_eq(map(names, CE_COLMAP_ASCII_CASE, f, NULL, &err), CE_OK, "%s", err.msg);
    cr_expect_eq(f[0], 2);
    cr_expect_eq(f[1], 1);
    const char *twice[] = {"营业收入", "Id", "iD", NULL};
    cr_assert_eq(map(twice, CE_COLMAP_ASCII_CASE, f, NULL, &err), CE_ERR_DATA);
    cr_expect_str_eq(err.msg, "column \"id\" appears twice (columns 2 and 3: \"Id\" and \"iD\")");
}

Test(colmap, loose_full_width_case_and_spaces)
{
    long f[N_COLS];
    ce_error err = NOERR;
    /* "ＩＤ" full-width, "Na me" with a space, the revenue with an ideographic space */
    const char *names[] = {"\xEF\xBC\xA9\xEF\xBC\xA4", "Na me", "营业\xE3\x80\x80收入", NULL};
    cr_assert_eq(map(names, CE_COLMAP_LOOSE, f, NULL, &err), CE_OK, "%s", err.msg);
    cr_expect_eq(f[0], 0);
    cr_expect_eq(f[1], 1);
    cr_expect_eq(f[2], 2);
}

Test(colmap, loose_unit_in_brackets)
{
    static const char *const spelled[] = {
        "营业收入（亿元）", "营业收入(亿元)", "营业收入 (亿元)", "营业收入【亿元】",
        "营业收入[亿元]", "营业收入［亿元］",
    };
    for (size_t k = 0; k < sizeof spelled / sizeof spelled[0]; k++) {
        long f[N_COLS];
        ce_error err = NOERR;
        const char *names[] = {"序号", spelled[k], NULL};
        cr_assert_eq(map(names, CE_COLMAP_LOOSE, f, NULL, &err), CE_OK, "%s: %s", spelled[k],
                     err.msg);
        cr_expect_eq(f[2], 1, "%s", spelled[k]);
        cr_expect_eq(f[0], 0, "%s", spelled[k]);
    }
}

Test(colmap, loose_other_unit_is_not_the_column)
{
    long f[N_COLS];
    ce_error err = NOERR;
    ce_diag d;
    ce_diag_init(&d);
    const char *names[] = {"id", "营业收入（万元）", NULL};
    cr_assert_eq(map(names, CE_COLMAP_LOOSE, f, &d, &err), CE_ERR_DATA);
    cr_expect_str_eq(err.msg, "missing column \"营业收入\" (the header needs id)");
    ce_diag_fini(&d);
}

Test(colmap, loose_with_and_without_unit_is_a_duplicate)
{
    long f[N_COLS];
    ce_error err = NOERR;
    const char *names[] = {"id", "营业收入（亿元）", "营业收入", NULL};
    cr_assert_eq(map(names, CE_COLMAP_LOOSE, f, NULL, &err), CE_ERR_DATA);
    cr_expect_str_eq(err.msg, "column \"营业收入\" appears twice (columns 2 and 3: "
                              "\"营业收入（亿元）\" and \"营业收入\")");
}

Test(colmap, loose_header_two_columns_share_is_refused)
{
    static const ce_colmap_column two[] = {{"A1", NULL, NULL, 1}, {"a1", NULL, NULL, 1}};
    header h;
    long f[2];
    ce_error err = NOERR;
    const char *names[] = {"a1", NULL};
    ce_colmap_options o = {.path = "d.csv", .match = CE_COLMAP_LOOSE};
    cr_assert_eq(ce_colmap_find(make_header(&h, names), two, 2, &o, f, &err), CE_ERR_DATA);
    cr_expect_str_eq(err.msg, "column \"a1\" could be \"A1\" or \"a1\"");
    o.match = CE_COLMAP_EXACT; /* exact: two columns */
    const char *both[] = {"a1", "A1", NULL};
    cr_assert_eq(ce_colmap_find(make_header(&h, both), two, 2, &o, f, &err), CE_OK, "%s",
                 err.msg);
    cr_expect_eq(f[0], 1);
    cr_expect_eq(f[1], 0);
}

Test(colmap, key_of_text)
{
    char *k = ce_colmap_key_new(" 营业收入 （亿元） ");
    cr_assert_str_eq(k, "营业收入(亿元)");
    free(k);
    k = ce_colmap_key_new("\xEF\xBC\xA1 b\xE2\x80\x8B" "C"); /* Ａ b ZWSP C */
    cr_assert_str_eq(k, "abc");
    free(k);
}
