/* test_creditcode.c - the GB 32100-2015 unified social credit code
 * (creditcode.h): published codes, every single substitution, adjacent
 * transpositions, and the normalisation of the input. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "clustereval/creditcode.h"

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Published codes. Each comment gives the products value_i * w_i of
 * characters 1-17 (weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28;
 * values 0-9 for digits, A=10 ... H=17, J=18 ... N=22, P=23, Q=24, R=25,
 * T=26, U=27, W=28, X=29, Y=30), their sum S, S mod 31 and the check value
 * 31 - (S mod 31), with 31 written as 0. */
static const char *const valid[] = {
    /* GB 32100-2015's own worked example:
     * 9 3 27 135 0 26 0 0 420 0 0 0 8 0 0 900 112 = 1640 = 52*31 + 28;
     * 31 - 28 = 3. */
    "91350100M000100Y43",
    /* 联想(北京)有限公司: 9 3 9 27 0 0 0 0 140 0 0 26 32 24 80 90 56 = 496 =
     * 16*31 + 0; 31 - 0 = 31, written 0. */
    "911100007002418320",
    /* 深圳市腾讯计算机系统有限公司: 9 3 36 108 0 78 0 0 140 0 200 52 48 24 10
     * 90 168 = 966 = 31*31 + 5; 31 - 5 = 26 = T. */
    "91440300708461136T",
    /* 华为技术有限公司: 9 3 36 108 0 78 0 0 20 261 50 26 0 72 80 60 28 = 831 =
     * 26*31 + 25; 31 - 25 = 6. */
    "914403001922038216",
    /* 招商银行股份有限公司 (X = 29 in the body): 9 3 36 108 0 78 0 0 20 0 0 0 8
     * 144 80 180 812 = 1478 = 47*31 + 21; 31 - 21 = 10 = A. */
    "9144030010001686XA",
    /* 海尔集团公司, Qingdao, Shandong (37): 9 3 27 189 0 52 0 0 20 174 75 65
     * 48 48 60 240 28 = 1038 = 33*31 + 15; 31 - 15 = 16 = G. */
    "91370200163562681G",
    /* a law firm (registration department 3, 司法行政; M = 21, D = 13): 3 3 18
     * 27 0 0 0 0 420 377 0 0 40 48 50 0 56 = 1042 = 33*31 + 19; 31 - 19 = 12
     * = C. */
    "31210000MD0052502C",
    /* 中国石油天然气股份有限公司: 9 3 9 27 0 0 0 0 140 29 0 117 16 120 40 180
     * 56 = 746 = 24*31 + 2; 31 - 2 = 29 = X. */
    "91110000710925462X",
};
#define N_VALID (sizeof valid / sizeof valid[0])

static ce_credit_result check(const char *text, char normalized[19])
{
    return ce_credit_code_check(text, strlen(text), normalized);
}

/* Writes the full-width form (U+FF10 + c - '0') of every character of ascii,
 * which must lie in '0'..'z', into out. */
static void to_fullwidth(const char *ascii, char *out)
{
    for (; *ascii; ascii++) {
        unsigned cp = 0xFF10u + (unsigned)(*ascii - '0');
        *out++ = (char)0xEF;
        *out++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *out++ = (char)(0x80 | (cp & 0x3F));
    }
    *out = '\0';
}

/* ---- valid codes and the check character -------------------------------- */

Test(creditcode, published_codes_are_valid)
{
    for (size_t k = 0; k < N_VALID; k++) {
        char norm[19] = "untouched";
        cr_assert_eq(check(valid[k], norm), CE_CREDIT_OK, "%s", valid[k]);
        cr_assert_str_eq(norm, valid[k]);
        char c = '?';
        cr_assert_eq(ce_credit_code_check_char(valid[k], &c), 0);
        cr_assert_eq(c, valid[k][17], "%s: check %c", valid[k], c);
    }
}

Test(creditcode, check_char)
{
    char c = '?';
    cr_assert_eq(ce_credit_code_check_char("91350100M000100Y4", &c), 0);
    cr_assert_eq(c, '3');
    cr_assert_eq(ce_credit_code_check_char("91110000700241832", &c), 0);
    cr_assert_eq(c, '0');
    /* all zeros: S = 0, 31 - 0 = 31, written 0. */
    cr_assert_eq(ce_credit_code_check_char("00000000000000000", &c), 0);
    cr_assert_eq(c, '0');
    /* a single 1 at position 17 (weight 28): 31 - 28 = 3. */
    cr_assert_eq(ce_credit_code_check_char("00000000000000001", &c), 0);
    cr_assert_eq(c, '3');
    /* a single 1 at position 16 (weight 30): 31 - 30 = 1. */
    cr_assert_eq(ce_credit_code_check_char("00000000000000010", &c), 0);
    cr_assert_eq(c, '1');
    /* Y (30) at position 1: 31 - 30 = 1. */
    cr_assert_eq(ce_credit_code_check_char("Y0000000000000000", &c), 0);
    cr_assert_eq(c, '1');
    /* characters outside the alphabet, lower case included, leave *out */
    c = '?';
    cr_assert_eq(ce_credit_code_check_char("91350100m000100Y4", &c), -1);
    cr_assert_eq(ce_credit_code_check_char("9135010OM000100Y4", &c), -1);
    cr_assert_eq(ce_credit_code_check_char("91350100M000100Y\0", &c), -1);
    cr_assert_eq(c, '?');
}

/* ---- error detection ---------------------------------------------------- */

Test(creditcode, every_single_substitution_is_detected)
{
    size_t tried = 0;
    for (size_t k = 0; k < N_VALID; k++)
        for (size_t pos = 0; pos < 18; pos++)
            for (const char *a = alphabet; *a; a++) {
                if (*a == valid[k][pos])
                    continue;
                char code[19];
                memcpy(code, valid[k], sizeof code);
                code[pos] = *a;
                int in_region = pos >= 2 && pos < 8;
                ce_credit_result want = in_region && (*a < '0' || *a > '9')
                                            ? CE_CREDIT_BAD_REGION
                                            : CE_CREDIT_BAD_CHECK;
                cr_assert_eq(check(code, NULL), want, "%s from %s", code, valid[k]);
                tried++;
            }
    cr_assert_eq(tried, N_VALID * 18 * 30);
}

Test(creditcode, characters_outside_the_alphabet)
{
    /* every printable ASCII character that is not in the alphabet and does
     * not upper-case into it, at every position */
    size_t tried = 0;
    for (int ch = 0x20; ch < 0x7F; ch++) {
        char up = ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : (char)ch;
        if (strchr(alphabet, up))
            continue;
        for (size_t pos = 0; pos < 18; pos++) {
            char code[19], norm[19] = "untouched";
            memcpy(code, valid[0], sizeof code);
            code[pos] = (char)ch;
            cr_assert_eq(check(code, norm), ch == ' ' && (pos == 0 || pos == 17)
                                                ? CE_CREDIT_BAD_LENGTH
                                                : CE_CREDIT_BAD_CHAR,
                         "%s", code);
            cr_assert_str_eq(norm, "untouched");
            tried++;
        }
    }
    /* 95 printable characters minus 31 in the alphabet minus the 26 - 5 lower
     * case letters that map into it = 43, at 18 positions */
    cr_assert_eq(tried, 43 * 18);
    cr_assert_eq(check("91350100I000100Y43", NULL), CE_CREDIT_BAD_CHAR);
    cr_assert_eq(check("91350100O000100Y43", NULL), CE_CREDIT_BAD_CHAR);
    cr_assert_eq(check("91350100S000100Y43", NULL), CE_CREDIT_BAD_CHAR);
    cr_assert_eq(check("91350100V000100Y43", NULL), CE_CREDIT_BAD_CHAR);
    cr_assert_eq(check("91350100Z000100Y43", NULL), CE_CREDIT_BAD_CHAR);
    cr_assert_eq(check("91350100z000100Y43", NULL), CE_CREDIT_BAD_CHAR);
    /* the check character is from the alphabet too */
    cr_assert_eq(check("91350100M000100Y4Z", NULL), CE_CREDIT_BAD_CHAR);
    /* a character outside the alphabet beats a non-digit region */
    cr_assert_eq(check("91A50100M000100YO3", NULL), CE_CREDIT_BAD_CHAR);
}

/* An exchange of different neighbours changes the weighted sum by
 * (a - b)(w_i - w_i+1), never 0 mod 31 (the check character's weight is 1,
 * unlike its neighbour's 28). pairs counts the neighbours that differ. */
Test(creditcode, adjacent_transpositions_are_detected)
{
    static const size_t pairs[N_VALID] = {13, 11, 14, 14, 13, 16, 13, 12};
    size_t total = 0;
    for (size_t k = 0; k < N_VALID; k++) {
        size_t differ = 0, detected = 0;
        for (size_t pos = 0; pos + 1 < 18; pos++) {
            if (valid[k][pos] == valid[k][pos + 1])
                continue;
            char code[19];
            memcpy(code, valid[k], sizeof code);
            code[pos] = valid[k][pos + 1];
            code[pos + 1] = valid[k][pos];
            differ++;
            detected += check(code, NULL) != CE_CREDIT_OK;
        }
        cr_assert_eq(differ, pairs[k], "%s: %zu pairs", valid[k], differ);
        cr_assert_eq(detected, differ, "%s: %zu of %zu detected", valid[k], detected, differ);
        total += detected;
    }
    cr_assert_eq(total, 106);
}

Test(creditcode, exchanging_first_and_last_is_not_detected)
{
    /* Characters 1 and 18 both weigh 1: the documented blind spot. */
    char norm[19];
    cr_assert_eq(check("31350100M000100Y49", norm), CE_CREDIT_OK);
    cr_assert_str_eq(norm, "31350100M000100Y49");
}

/* ---- length, region, normalisation -------------------------------------- */

Test(creditcode, length)
{
    char norm[19] = "untouched";
    cr_assert_eq(check("", norm), CE_CREDIT_BAD_LENGTH);
    cr_assert_eq(check("   \t ", norm), CE_CREDIT_BAD_LENGTH);
    cr_assert_eq(check("91350100M000100Y4", norm), CE_CREDIT_BAD_LENGTH);
    cr_assert_eq(check("91350100M000100Y433", norm), CE_CREDIT_BAD_LENGTH);
    cr_assert_eq(check("91350100M000100Y43 91350100M000100Y43", norm), CE_CREDIT_BAD_LENGTH);
    /* the length comes first, even for bad characters */
    cr_assert_eq(check("IOSVZ", norm), CE_CREDIT_BAD_LENGTH);
    /* an inner space is a character */
    cr_assert_eq(check("9135 0100M000100Y43", norm), CE_CREDIT_BAD_LENGTH);
    cr_assert_eq(check("9135 0100M000100Y4", norm), CE_CREDIT_BAD_CHAR);
    /* the ideographic space U+3000 is not trimmed */
    cr_assert_eq(check("91350100M000100Y43\xE3\x80\x80", norm), CE_CREDIT_BAD_LENGTH);
    cr_assert_str_eq(norm, "untouched");
    /* characters, not bytes: a CJK character is one (of the wrong kind) */
    cr_assert_eq(check("91350100M000100Y4\xE4\xB8\xAD", norm), CE_CREDIT_BAD_CHAR); /* 中 */
    cr_assert_eq(check("91350100M000100Y\xE4\xB8\xAD", norm), CE_CREDIT_BAD_LENGTH);
    /* a byte that starts no sequence counts alone */
    cr_assert_eq(check("91350100M000100Y4\xFF", norm), CE_CREDIT_BAD_CHAR);
    cr_assert_eq(check("91350100M000100Y4\xEF\xBC", norm), CE_CREDIT_BAD_LENGTH);
    cr_assert_str_eq(norm, "untouched");
    /* text need not be NUL-terminated: only len bytes are read */
    cr_assert_eq(ce_credit_code_check("91350100M000100Y43XYZ", 18, norm), CE_CREDIT_OK);
    cr_assert_str_eq(norm, "91350100M000100Y43");
    cr_assert_eq(ce_credit_code_check("91350100M000100Y43", 17, NULL), CE_CREDIT_BAD_LENGTH);
}

Test(creditcode, region_must_be_digits)
{
    char norm[19] = "untouched";
    cr_assert_eq(check("91A50100M000100Y43", norm), CE_CREDIT_BAD_REGION);
    cr_assert_str_eq(norm, "91A50100M000100Y43");
    cr_assert_eq(check("9135010MM000100Y43", norm), CE_CREDIT_BAD_REGION);
    /* the region is checked before the check character: a valid check
     * character does not save a letter in characters 3-8 */
    char c;
    cr_assert_eq(ce_credit_code_check_char("91A50100M00010000", &c), 0);
    char code[19] = "91A50100M00010000";
    code[17] = c;
    code[18] = '\0';
    cr_assert_eq(check(code, NULL), CE_CREDIT_BAD_REGION, "%s", code);
    /* letters in characters 1-2 and 9-17 are fine */
    cr_assert_eq(check("31210000MD0052502C", NULL), CE_CREDIT_OK);
}

Test(creditcode, wrong_check_character_still_normalises)
{
    char norm[19] = "untouched";
    cr_assert_eq(check(" 91350100m000100y44 ", norm), CE_CREDIT_BAD_CHECK);
    cr_assert_str_eq(norm, "91350100M000100Y44");
}

Test(creditcode, lower_case_and_spaces)
{
    char norm[19];
    cr_assert_eq(check("91350100m000100y43", norm), CE_CREDIT_OK);
    cr_assert_str_eq(norm, "91350100M000100Y43");
    cr_assert_eq(check("9144030010001686xa", norm), CE_CREDIT_OK);
    cr_assert_str_eq(norm, "9144030010001686XA");
    cr_assert_eq(check("  \t31210000md0052502c\t  ", norm), CE_CREDIT_OK);
    cr_assert_str_eq(norm, "31210000MD0052502C");
}

Test(creditcode, full_width_forms)
{
    char norm[19];
    /* ９１３５０１００Ｍ０００１００Ｙ４３ */
    const char *fw = "\xEF\xBC\x99\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x95\xEF\xBC\x90\xEF\xBC\x91"
                     "\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\xAD\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x90"
                     "\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\xB9\xEF\xBC\x94\xEF\xBC\x93";
    cr_assert_eq(check(fw, norm), CE_CREDIT_OK);
    cr_assert_str_eq(norm, "91350100M000100Y43");
    /* every published code, full width, upper and lower case */
    for (size_t k = 0; k < N_VALID; k++) {
        char lower[19], buf[18 * 3 + 1];
        for (size_t i = 0; i < sizeof lower; i++)
            lower[i] = valid[k][i] >= 'A' && valid[k][i] <= 'Z' ? (char)(valid[k][i] + 32)
                                                                : valid[k][i];
        to_fullwidth(valid[k], buf);
        cr_assert_eq(check(buf, norm), CE_CREDIT_OK, "%s", buf);
        cr_assert_str_eq(norm, valid[k]);
        to_fullwidth(lower, buf);
        cr_assert_eq(check(buf, norm), CE_CREDIT_OK, "%s", buf);
        cr_assert_str_eq(norm, valid[k]);
    }
    /* mixed half and full width, surrounded by spaces: 9135０１００ｍ000100Y43 */
    cr_assert_eq(check(" 9135\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x90\xEF\xBD\x8D"
                       "000100Y43 ",
                       norm),
                 CE_CREDIT_OK);
    cr_assert_str_eq(norm, "91350100M000100Y43");
    /* full-width forbidden letters and punctuation stay bad: Ｏ, ／ (U+FF0F,
     * just below the range) */
    cr_assert_eq(check("91350100\xEF\xBC\xAF" "000100Y43", NULL), CE_CREDIT_BAD_CHAR);
    cr_assert_eq(check("91350100\xEF\xBC\x8F" "000100Y43", NULL), CE_CREDIT_BAD_CHAR);
}

Test(creditcode, result_text)
{
    cr_assert_str_eq(ce_credit_result_text(CE_CREDIT_OK), "valid");
    cr_assert_str_eq(ce_credit_result_text(CE_CREDIT_BAD_LENGTH), "not 18 characters");
    cr_assert_str_eq(ce_credit_result_text(CE_CREDIT_BAD_CHAR),
                     "a character outside GB 32100's alphabet");
    cr_assert_str_eq(ce_credit_result_text(CE_CREDIT_BAD_REGION),
                     "characters 3-8 are not a region code");
    cr_assert_str_eq(ce_credit_result_text(CE_CREDIT_BAD_CHECK), "wrong check character");
    cr_assert_str_eq(ce_credit_result_text((ce_credit_result)99), "?");
}
