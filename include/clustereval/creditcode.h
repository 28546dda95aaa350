/* creditcode.h - the unified social credit code (统一社会信用代码) of
 * GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》.
 *
 * A code is 18 characters from the 31-character alphabet
 * "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, S, V, Z); a character's value
 * is its index there. Characters 1-2 are the registration department and
 * organisation type, 3-8 the administrative-division code of the
 * registration authority (GB/T 2260; the first two digits are the province,
 * 37 = Shandong), 9-17 the organisation's body code and 18 the check
 * character: with weights w_i = 3^(i-1) mod 31 (i = 1..17), C18 = 31 -
 * (sum of value_i * w_i mod 31), where 31 becomes 0; so a valid code's 18
 * values, weighted 1, 3, 9, ..., 28, 1, sum to 0 mod 31. Because 3 is a
 * primitive root modulo 31, the first 17 weights are distinct and non-zero:
 * the check detects every single-character substitution and every exchange
 * of two different adjacent characters (neighbouring weights always differ,
 * 28 and 1 included), but not an exchange of characters 1 and 18, whose
 * weights are both 1.
 *
 * Pure functions of their arguments: no allocation, no state.
 */
#ifndef CLUSTEREVAL_CREDITCODE_H
#define CLUSTEREVAL_CREDITCODE_H

#include <stddef.h>

typedef enum {
    CE_CREDIT_OK = 0,
    CE_CREDIT_BAD_LENGTH, /* not 18 characters */
    CE_CREDIT_BAD_CHAR,   /* a character outside the alphabet */
    CE_CREDIT_BAD_REGION, /* characters 3-8 are not six ASCII digits */
    CE_CREDIT_BAD_CHECK   /* the 18th character is not the check character */
} ce_credit_result;

/* Checks text[0..len) (need not be NUL-terminated). Surrounding ASCII spaces
 * and tabs are ignored; ASCII lower-case letters are accepted and
 * upper-cased; the full-width forms U+FF10..U+FF5A (０..９, Ａ..Ｚ, ａ..ｚ and
 * the punctuation between them) are accepted and converted to ASCII first.
 * The length counts characters, not bytes: a full-width form or any other
 * UTF-8 sequence is one character (a byte that starts no valid sequence
 * counts as one). The checks run in the order length, characters, region,
 * check character, and the first that fails is returned. On CE_CREDIT_OK,
 * CE_CREDIT_BAD_REGION and CE_CREDIT_BAD_CHECK, normalized (19 bytes)
 * receives the 18-character upper-case ASCII code and a NUL; otherwise it is
 * left untouched. normalized may be NULL. */
ce_credit_result ce_credit_code_check(const char *text, size_t len, char normalized[19]);

/* The GB 32100 check character of first17 (17 characters, upper case, from
 * the alphabet; need not be NUL-terminated). Returns 0 and sets *out, or -1
 * when a character is not in the alphabet (lower case included), leaving
 * *out untouched. */
int ce_credit_code_check_char(const char *first17, char *out);

/* "valid", "not 18 characters", "a character outside GB 32100's alphabet",
 * "characters 3-8 are not a region code", "wrong check character"; "?" for
 * a value outside the enum. */
const char *ce_credit_result_text(ce_credit_result r);

#endif
