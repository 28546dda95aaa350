/* fuzz_creditcode.c - libFuzzer harness for ce_credit_code_check
 * (creditcode.h). The input is one cell, not NUL-terminated. Checked:
 *   - on CE_CREDIT_OK, ce_credit_code_check_char of the first 17 normalised
 *     characters equals the 18th, and the normalised code passes again;
 *   - on CE_CREDIT_BAD_CHECK, the check character exists and differs;
 *   - the result agrees with a model written from the header alone (trim,
 *     count UTF-8 characters, map full-width forms, upper-case, then the
 *     checks in the order length, characters, region, check character):
 *     the same verdict and normalised code always, the same error when the
 *     cell is valid UTF-8 (the header does not say how invalid sequences
 *     other than lone bytes are counted precisely enough to compare). */
#include "fuzz_util.h"

#include <stdint.h>

#include "clustereval/creditcode.h"

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Length of the valid UTF-8 sequence at s[0..n) (RFC 3629), 0 if none;
 * *cp its code point. */
static size_t utf8_seq(const uint8_t *s, size_t n, unsigned *cp)
{
    uint8_t c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    unsigned v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

/* The header's rules; *utf8_ok is cleared when a byte starts no valid
 * sequence. */
static ce_credit_result model(const uint8_t *s, size_t n, char code[19], int *utf8_ok)
{
    *utf8_ok = 1;
    while (n > 0 && (s[0] == ' ' || s[0] == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    size_t count = 0;
    char tmp[19];
    for (size_t i = 0; i < n; count++) {
        unsigned cp = 0;
        size_t len = utf8_seq(s + i, n - i, &cp);
        char a = '\0';
        if (len == 0) {
            *utf8_ok = 0;
            len = 1;
        } else if (cp < 0x80) {
            a = (char)cp;
        } else if (cp >= 0xFF10 && cp <= 0xFF5A) {
            a = (char)(cp - 0xFF10 + 0x30);
        }
        if (a >= 'a' && a <= 'z')
            a = (char)(a - 'a' + 'A');
        if (count < 18)
            tmp[count] = a;
        i += len;
    }
    if (count != 18)
        return CE_CREDIT_BAD_LENGTH;
    tmp[18] = '\0';
    for (int i = 0; i < 18; i++)
        if (!tmp[i] || !strchr(alphabet, tmp[i]))
            return CE_CREDIT_BAD_CHAR;
    memcpy(code, tmp, 19);
    for (int i = 2; i < 8; i++)
        if (tmp[i] < '0' || tmp[i] > '9')
            return CE_CREDIT_BAD_REGION;
    int sum = 0, w = 1;
    for (int i = 0; i < 18; i++) {
        sum += (int)(strchr(alphabet, tmp[i]) - alphabet) * w;
        w = w * 3 % 31;
        if (i == 16)
            w = 1; /* the 18th character weighs 1 */
    }
    return sum % 31 == 0 ? CE_CREDIT_OK : CE_CREDIT_BAD_CHECK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char norm[19];
    memset(norm, 0x55, sizeof norm);
    ce_credit_result r = ce_credit_code_check((const char *)data, size, norm);
    FUZZ_CHECK(r >= CE_CREDIT_OK && r <= CE_CREDIT_BAD_CHECK, "result %d", (int)r);
    FUZZ_CHECK(ce_credit_code_check((const char *)data, size, NULL) == r, "NULL normalized");
    FUZZ_CHECK(ce_credit_result_text(r)[0] != '?', "no text for %d", (int)r);

    if (r == CE_CREDIT_OK || r == CE_CREDIT_BAD_REGION || r == CE_CREDIT_BAD_CHECK) {
        FUZZ_CHECK(norm[18] == '\0' && strlen(norm) == 18, "normalized not 18 characters");
        for (int i = 0; i < 18; i++)
            FUZZ_CHECK(strchr(alphabet, norm[i]) != NULL, "normalized[%d] = 0x%02X", i,
                       (unsigned char)norm[i]);
    } else {
        for (int i = 0; i < 19; i++)
            FUZZ_CHECK(norm[i] == 0x55, "normalized touched on result %d", (int)r);
    }
    if (r == CE_CREDIT_OK || r == CE_CREDIT_BAD_CHECK) {
        char check = '?';
        FUZZ_CHECK(ce_credit_code_check_char(norm, &check) == 0, "no check character for %s",
                   norm);
        if (r == CE_CREDIT_OK) {
            FUZZ_CHECK(check == norm[17], "%s: check character %c, code has %c", norm, check,
                       norm[17]);
            char again[19];
            FUZZ_CHECK(ce_credit_code_check(norm, 18, again) == CE_CREDIT_OK &&
                           memcmp(again, norm, 19) == 0,
                       "%s does not pass again", norm);
        } else {
            FUZZ_CHECK(check != norm[17], "%s: BAD_CHECK but the check character fits", norm);
        }
    }

    char mcode[19];
    int utf8_ok;
    ce_credit_result m = model(data, size, mcode, &utf8_ok);
    FUZZ_CHECK((r == CE_CREDIT_OK) == (m == CE_CREDIT_OK), "library %d, model %d", (int)r,
               (int)m);
    if (utf8_ok)
        FUZZ_CHECK(r == m, "library %d (%s), model %d (%s)", (int)r, ce_credit_result_text(r),
                   (int)m, ce_credit_result_text(m));
    if (r == m && (r == CE_CREDIT_OK || r == CE_CREDIT_BAD_REGION || r == CE_CREDIT_BAD_CHECK))
        FUZZ_CHECK(memcmp(norm, mcode, 19) == 0, "normalized %s, model %s", norm, mcode);

    /* ce_credit_code_check_char on raw input: must not read past 17 bytes. */
    if (size >= 17) {
        char out = 0;
        (void)ce_credit_code_check_char((const char *)data, &out);
    }
    return 0;
}
