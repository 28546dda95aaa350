/* test_status.c - the error helpers of status.h: ce_error_prefix and
 * ce_error_set_file, with the exact texts they leave. */
#include <criterion/criterion.h>

#include <string.h>

#include "clustereval/status.h"

Test(status, prefix_keeps_file_and_line)
{
    ce_error err;
    ce_error_set(&err, CE_ERR_DATA, "data.csv", 14, "no value for \"%s\"", "gdp");
    ce_error_prefix(&err, "group \"%s\": ", "econ");
    cr_assert_str_eq(err.msg, "group \"econ\": no value for \"gdp\"");
    cr_assert_str_eq(err.file, "data.csv");
    cr_assert_eq(err.line, 14);
    ce_error_prefix(&err, "%s: ", "--set");
    cr_assert_str_eq(err.msg, "--set: group \"econ\": no value for \"gdp\"");
}

Test(status, prefix_cuts_like_error_set)
{
    ce_error err, want;
    char longmsg[CE_ERROR_MSG_MAX + 100];
    memset(longmsg, 'x', sizeof longmsg - 1);
    longmsg[sizeof longmsg - 1] = '\0';
    ce_error_set(&err, CE_ERR_DATA, NULL, 0, "%s", longmsg + 50); /* cut to 1023 */
    ce_error_prefix(&err, "%s", "abcdefghijklmnopqrstuvwxyz: ");
    ce_error_set(&want, CE_ERR_DATA, NULL, 0, "abcdefghijklmnopqrstuvwxyz: %s", longmsg + 50);
    cr_assert_eq(strlen(err.msg), CE_ERROR_MSG_MAX - 1);
    cr_assert_str_eq(err.msg, want.msg);
    cr_assert_eq(strncmp(err.msg, "abcdefghijklmnopqrstuvwxyz: xxx", 31), 0);

    /* A prefix longer than the message room: the prefix, cut. */
    ce_error_set(&err, CE_ERR_DATA, NULL, 0, "tail");
    ce_error_prefix(&err, "%s", longmsg);
    cr_assert_eq(strlen(err.msg), CE_ERROR_MSG_MAX - 1);
    cr_assert_eq(err.msg[CE_ERROR_MSG_MAX - 2], 'x');
}

Test(status, prefix_and_set_file_accept_null)
{
    ce_error_prefix(NULL, "%s: ", "x");
    ce_error_set_file(NULL, "a.csv", 3);
}

Test(status, set_file_names_a_file_only_when_none_is_named)
{
    ce_error err;
    ce_error_set(&err, CE_ERR_IO, NULL, 0, "write failed: No space left on device");
    ce_error_set_file(&err, "out/ranking.csv", 0);
    cr_assert_str_eq(err.file, "out/ranking.csv");
    cr_assert_eq(err.line, 0);
    cr_assert_str_eq(err.msg, "write failed: No space left on device");

    ce_error_set(&err, CE_ERR_DATA, NULL, 0, "inconsistent");
    ce_error_set_file(&err, "ahp.csv", 7);
    cr_assert_str_eq(err.file, "ahp.csv");
    cr_assert_eq(err.line, 7);

    ce_error_set(&err, CE_ERR_DATA, "data.csv", 14, "bad number");
    ce_error_set_file(&err, "out/ranking.csv", 0);
    cr_assert_str_eq(err.file, "data.csv");
    cr_assert_eq(err.line, 14);
    cr_assert_str_eq(err.msg, "bad number");
}
