/* test_idkey.c - ce_idkey_new, ce_idkey_find_repeat and the look-alike
 * message (idkey.h): each kind of look-alike id has the key of "a01". */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <stdlib.h>
#include <string.h>

#include "clustereval/idkey.h"

struct alike {
    char what[24];
    char id[32];
};

ParameterizedTestParameters(idkey, lookalikes_share_the_key)
{
    static struct alike cases[] = {
        {"as written", "A01"},
        {"lower case", "a01"},
        {"leading space", " A01"},
        {"trailing space", "A01 "},
        {"tab", "\tA01\t"},
        {"BOM in front", "\xEF\xBB\xBF" "A01"},
        {"zero-width space", "A\xE2\x80\x8B" "01"},
        {"ZWNJ", "A\xE2\x80\x8C" "01"},
        {"ZWJ", "A\xE2\x80\x8D" "01"},
        {"word joiner", "A01\xE2\x81\xA0"},
        {"ZWNBSP inside", "A0\xEF\xBB\xBF" "1"},
        {"ideographic space", "\xE3\x80\x80" "A01\xE3\x80\x80"},
        {"no-break space", "\xC2\xA0" "A01"},
        {"full-width A", "\xEF\xBC\xA1" "01"},
        {"full-width a01", "\xEF\xBD\x81\xEF\xBC\x90\xEF\xBC\x91"},
    };
    return cr_make_param_array(struct alike, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct alike *c, idkey, lookalikes_share_the_key)
{
    char *k = ce_idkey_new(c->id);
    cr_assert_not_null(k);
    cr_assert_str_eq(k, "a01", "%s: key \"%s\"", c->what, k);
    free(k);
}

Test(idkey, different_ids_differ)
{
    static const char *const ids[] = {"A01", "A02", "A 01", "A-01", "A_01", "AO1",
                                      "SD-2023-001", "潍坊", "潍坊市", "ß"};
    size_t n = sizeof ids / sizeof ids[0];
    char *k[10];
    for (size_t i = 0; i < n; i++)
        cr_assert_not_null(k[i] = ce_idkey_new(ids[i]));
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            cr_assert_str_neq(k[i], k[j], "\"%s\" and \"%s\" share the key \"%s\"", ids[i],
                              ids[j], k[i]);
    cr_assert_str_eq(k[6], "sd-2023-001");
    cr_assert_str_eq(k[8], "潍坊市"); /* Han characters are kept */
    for (size_t i = 0; i < n; i++)
        free(k[i]);
}

Test(idkey, not_utf8_keeps_its_bytes)
{
    char *k = ce_idkey_new(" A\xFF" "01 ");
    cr_assert_str_eq(k, "A\xFF" "01");
    free(k);
}

static const char *const IDS[] = {"X1", "A01", "B7", " a01", "Ａ01", "B7"};
static const size_t LINES[] = {2, 3, 4, 5, 6, 7};

static const char *id_at(const void *ctx, size_t i, size_t *line)
{
    (void)ctx;
    *line = LINES[i];
    return IDS[i];
}

Test(idkey, find_repeat_in_line_order)
{
    size_t first = 99, later = 99;
    /* "A01" (line 3) and " a01" (line 5) repeat before B7 (lines 4, 7) */
    cr_assert_eq(ce_idkey_find_repeat(6, id_at, NULL, &first, &later), 1);
    cr_assert_eq(first, 1);
    cr_assert_eq(later, 3);
    cr_assert_eq(ce_idkey_find_repeat(3, id_at, NULL, &first, &later), 0);
    cr_assert_eq(ce_idkey_find_repeat(1, id_at, NULL, &first, &later), 0);
}

Test(idkey, lookalike_message)
{
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_idkey_lookalike_error("d.csv", "id", "cluster", "A01", 5,
                                          "A\xE2\x80\x8B" "01", 9, &err),
                 CE_ERR_DATA);
    cr_assert_str_eq(err.file, "d.csv");
    cr_assert_eq(err.line, 9);
    cr_assert_str_eq(err.msg, "duplicate id \"A<U+200B>01\" (line 9) and \"A01\" (line 5) are "
                              "the same cluster once case, full-width forms, spaces at either "
                              "end and invisible characters are set aside");
}

static const char *const SAME[] = {"P1", "P2", "P1"};
static const size_t SAME_LINES[] = {2, 3, 4};

static const char *same_at(const void *ctx, size_t i, size_t *line)
{
    (void)ctx;
    *line = SAME_LINES[i];
    return SAME[i];
}

Test(idkey, check_unique_names_the_repeat)
{
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_idkey_check_unique("a.csv", 2, same_at, NULL, "applicant_id", "applicant_id", &err), CE_OK);
    cr_assert_eq(ce_idkey_check_unique("a.csv", 3, same_at, NULL, "applicant_id", "applicant_id", &err),
                 CE_ERR_DATA);
    cr_assert_str_eq(err.file, "a.csv");
    cr_assert_eq(err.line, 4);
    cr_assert_str_eq(err.msg, "duplicate applicant_id \"P1\" (first on line 2)");
}

Test(idkey, check_unique_lookalikes)
{
    ce_error err = {{0}, 0, {0}};
    /* "A01" (line 3) and " a01" (line 5) */
    cr_assert_eq(ce_idkey_check_unique("e.csv", 6, id_at, NULL, "id", "id", &err), CE_ERR_DATA);
    cr_assert_str_eq(err.file, "e.csv");
    cr_assert_eq(err.line, 5);
    cr_assert_str_eq(err.msg, "duplicate id \" a01\" (line 5) and \"A01\" (line 3) are the same "
                              "id once case, full-width forms, spaces at either end and "
                              "invisible characters are set aside");
}
