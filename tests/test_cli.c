/* test_cli.c - text safe for a terminal: ce_cli_escape (cli.h). */
#include <criterion/criterion.h>
#include <string.h>

#include "cli.h"

/* ce_cli_escape of the whole of s (final), keep_lf as given. */
static const char *esc(const char *s, size_t n, int keep_lf)
{
    static char out[4 * 256 + 1];
    cr_assert_leq(n, 256);
    size_t used = ce_cli_escape(s, n, keep_lf, 1, out);
    cr_assert_eq(used, n);
    return out;
}

#define ESC(lit, keep) esc(lit, sizeof lit - 1, keep)

Test(cli, c0_controls_and_del_become_hex)
{
    cr_assert_str_eq(ESC("\x1b[2J\x1b]0;pwned\x07", 0), "\\x1B[2J\\x1B]0;pwned\\x07");
    cr_assert_str_eq(ESC("a\tb\rc\nd\x7f", 0), "a\\x09b\\x0Dc\\x0Ad\\x7F");
    cr_assert_str_eq(ESC("a\nb\r", 1), "a\nb\\x0D");
    cr_assert_str_eq(esc("a\0b", 3, 0), "a\\x00b");
}

Test(cli, c1_and_bidi_controls_become_unicode_escapes)
{
    cr_assert_str_eq(ESC("\xc2\x80|\xc2\x9b|\xc2\x9f|\xc2\xa0", 0), "\\u0080|\\u009B|\\u009F|\xc2\xa0");
    cr_assert_str_eq(ESC("\xe2\x80\xaa\xe2\x80\xae\xe2\x81\xa6\xe2\x81\xa9", 0),
                     "\\u202A\\u202E\\u2066\\u2069");
    /* U+2029 and U+206A are not among them */
    cr_assert_str_eq(ESC("\xe2\x80\xa9\xe2\x81\xaa", 0), "\xe2\x80\xa9\xe2\x81\xaa");
}

Test(cli, text_and_backslash_pass_as_they_are)
{
    cr_assert_str_eq(ESC("山东 cluster \\x1B ~", 0), "山东 cluster \\x1B ~");
    cr_assert_str_eq(ESC("\xf0\x9f\x98\x80", 0), "\xf0\x9f\x98\x80"); /* U+1F600 */
}

Test(cli, bytes_that_are_not_utf8_become_hex)
{
    cr_assert_str_eq(ESC("\x9b[31m", 0), "\\x9B[31m"); /* the 8-bit CSI */
    cr_assert_str_eq(ESC("\xc0\x80", 0), "\\xC0\\x80");                   /* overlong NUL */
    cr_assert_str_eq(ESC("\xed\xa0\x80", 0), "\\xED\\xA0\\x80");          /* surrogate */
    cr_assert_str_eq(ESC("\xe5\xb1x", 0), "\\xE5\\xB1x");                 /* cut short */
    cr_assert_str_eq(ESC("\xf5\x80\x80\x80", 0), "\\xF5\\x80\\x80\\x80"); /* beyond U+10FFFF */
}

Test(cli, a_sequence_cut_at_the_end_waits_unless_final)
{
    char out[64];
    /* "山" is E5 B1 B1: two of its bytes at the end of a write */
    cr_assert_eq(ce_cli_escape("ab\xe5\xb1", 4, 1, 0, out), 2);
    cr_assert_str_eq(out, "ab");
    cr_assert_eq(ce_cli_escape("\xe5\xb1\xb1z", 4, 1, 0, out), 4);
    cr_assert_str_eq(out, "山z");
    cr_assert_eq(ce_cli_escape("ab\xe5\xb1", 4, 1, 1, out), 4);
    cr_assert_str_eq(out, "ab\\xE5\\xB1");
    /* a byte that can start no sequence is not held back */
    cr_assert_eq(ce_cli_escape("ab\xff", 3, 1, 0, out), 3);
    cr_assert_str_eq(out, "ab\\xFF");
}

Test(cli, worst_case_fits_four_times_the_input)
{
    char in[64], out[4 * sizeof in + 1];
    memset(in, 0x1b, sizeof in);
    cr_assert_eq(ce_cli_escape(in, sizeof in, 0, 1, out), sizeof in);
    cr_assert_eq(strlen(out), 4 * sizeof in);
}
