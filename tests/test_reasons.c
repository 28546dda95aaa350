/* test_reasons.c - the reason-list builder of the programmes (reasons.h):
 * separators, column order, missing before invalid, cutting at the end of
 * the buffer. */
#include <criterion/criterion.h>

#include <string.h>

#include "reasons.h"

static const char *const NAMES[] = {"app_id", "name", "requested", "service"};

Test(reasons, empty_list_is_empty_text)
{
    char out[16] = "junk";
    ce_reasons r;
    ce_reasons_init(&r, out, sizeof out);
    cr_assert_str_eq(out, "");
    cr_assert(ce_reasons_empty(&r));
    ce_reasons_add_columns(&r, 0, 0, NAMES, 4);
    cr_assert(ce_reasons_empty(&r));
    cr_assert_str_eq(out, "");
}

Test(reasons, columns_in_order_then_rules)
{
    char out[128];
    ce_reasons r;
    ce_reasons_init(&r, out, sizeof out);
    /* requested (bit 2) missing and invalid, name (bit 1) invalid, service
     * (bit 3) missing; bit 4 is beyond n and ignored */
    ce_reasons_add_columns(&r, (1u << 2) | (1u << 3) | (1u << 4), (1u << 1) | (1u << 2), NAMES,
                           4);
    ce_reasons_add(&r, "%s", "over_cap");
    ce_reasons_add(&r, "grade_%d", 3);
    cr_assert_not(ce_reasons_empty(&r));
    cr_assert_str_eq(out, "invalid:name;missing:requested;invalid:requested;missing:service;"
                          "over_cap;grade_3");
}

Test(reasons, cut_at_the_end_of_the_buffer)
{
    char out[12];
    ce_reasons r;
    ce_reasons_init(&r, out, sizeof out);
    ce_reasons_add(&r, "abcdef");
    ce_reasons_add(&r, "ghijkl");
    cr_assert_str_eq(out, "abcdef;ghij");
    ce_reasons_add(&r, "more");
    cr_assert_str_eq(out, "abcdef;ghij");
    cr_assert_eq(strlen(out), sizeof out - 1);

    char tiny[7];
    ce_reasons_init(&r, tiny, sizeof tiny);
    ce_reasons_add(&r, "abcdef");
    ce_reasons_add(&r, "x"); /* no room even for the ';' */
    cr_assert_str_eq(tiny, "abcdef");
}
