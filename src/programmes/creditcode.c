/* creditcode.c - see creditcode.h. The alphabet and weights are GB
 * 32100-2015's 表1 (代码字符集) and 表2 (加权因子); the check character follows
 * the standard's formula C18 = 31 - MOD(sum C_i * W_i, 31), MOD(31, 31) = 0. */
#include "clustereval/creditcode.h"

#include <string.h>

#define CODE_LEN 18
#define N_CHARS 31

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* w_i = 3^(i-1) mod 31, i = 1..17. */
static const int weights[CODE_LEN - 1] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                          29, 25, 13, 8,  24, 10, 30, 28};

/* The value of c in the alphabet, or -1. */
static int char_value(char c)
{
    const char *p = c ? strchr(alphabet, c) : NULL;
    return p ? (int)(p - alphabet) : -1;
}

static char upper(char c) { return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c; }

static int continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

/* Reads one character at s[0..n) (n > 0): sets *ascii to its ASCII form
 * (full-width U+FF10..U+FF5A converted, lower case upper-cased), or to '\0'
 * when it has none, and returns the bytes it takes. A UTF-8 sequence is one
 * character; a byte that starts no complete sequence is one character. */
static size_t read_char(const unsigned char *s, size_t n, char *ascii)
{
    unsigned char c = s[0];
    size_t len = 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4;
    if (len > n)
        len = 1;
    for (size_t i = 1; i < len; i++)
        if (!continuation(s[i]))
            len = 1;
    *ascii = '\0';
    if (c < 0x80) {
        *ascii = upper((char)c);
    } else if (len == 3) {
        unsigned cp = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        if (cp >= 0xFF10 && cp <= 0xFF5A)
            *ascii = upper((char)(cp - 0xFF10 + 0x30));
    }
    return len;
}

int ce_credit_code_check_char(const char *first17, char *out)
{
    int sum = 0;
    for (int i = 0; i < CODE_LEN - 1; i++) {
        int v = char_value(first17[i]);
        if (v < 0)
            return -1;
        sum += v * weights[i];
    }
    *out = alphabet[(N_CHARS - sum % N_CHARS) % N_CHARS];
    return 0;
}

ce_credit_result ce_credit_code_check(const char *text, size_t len, char normalized[19])
{
    while (len > 0 && (*text == ' ' || *text == '\t')) {
        text++;
        len--;
    }
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;

    char code[CODE_LEN + 1];
    size_t n = 0;
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len; n++) {
        if (n == CODE_LEN)
            return CE_CREDIT_BAD_LENGTH;
        i += read_char(s + i, len - i, &code[n]);
    }
    if (n != CODE_LEN)
        return CE_CREDIT_BAD_LENGTH;
    code[CODE_LEN] = '\0';

    for (size_t i = 0; i < CODE_LEN; i++)
        if (char_value(code[i]) < 0)
            return CE_CREDIT_BAD_CHAR;

    ce_credit_result r = CE_CREDIT_OK;
    for (size_t i = 2; i < 8; i++)
        if (code[i] < '0' || code[i] > '9')
            r = CE_CREDIT_BAD_REGION;
    char check;
    if (r == CE_CREDIT_OK && (ce_credit_code_check_char(code, &check) != 0 || check != code[17]))
        r = CE_CREDIT_BAD_CHECK;
    if (normalized)
        memcpy(normalized, code, CODE_LEN + 1);
    return r;
}

const char *ce_credit_result_text(ce_credit_result r)
{
    switch (r) {
    case CE_CREDIT_OK:
        return "valid";
    case CE_CREDIT_BAD_LENGTH:
        return "not 18 characters";
    case CE_CREDIT_BAD_CHAR:
        return "a character outside GB 32100's alphabet";
    case CE_CREDIT_BAD_REGION:
        return "characters 3-8 are not a region code";
    case CE_CREDIT_BAD_CHECK:
        return "wrong check character";
    }
    return "?";
}
