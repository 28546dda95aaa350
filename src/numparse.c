/* numparse.c - see numparse.h. */
#include "clustereval/numparse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void trim(const char **text, size_t *len)
{
    const char *s = *text;
    size_t n = *len;
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *text = s;
    *len = n;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int token_is(const char *s, size_t n, const char *token)
{
    return strlen(token) == n && memcmp(s, token, n) == 0;
}

int ce_num_is_missing(const char *text, size_t len)
{
    static const char *const tokens[] = {"NA", "N/A", "n/a", "null", "-", "\xE2\x80\x94"};
    trim(&text, &len);
    if (len == 0)
        return 1;
    for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++)
        if (token_is(text, len, tokens[i]))
            return 1;
    return 0;
}

/* Maps the cell to plain ASCII in buf: full-width forms U+FF01..U+FF5E
 * (UTF-8 EF BC 81..EF BD 9E) become their ASCII counterparts 0x21..0x7E.
 * Returns the ASCII length, or 0 if the cell holds other non-ASCII bytes or
 * does not fit. */
static size_t to_ascii(const char *s, size_t n, char *buf, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (o + 1 >= cap)
            return 0;
        if (c < 0x80) {
            buf[o++] = (char)c;
            i++;
        } else if (c == 0xEF && i + 2 < n) {
            unsigned char c1 = (unsigned char)s[i + 1], c2 = (unsigned char)s[i + 2];
            unsigned cp = ((c & 0x0Fu) << 12) | ((c1 & 0x3Fu) << 6) | (c2 & 0x3Fu);
            if ((c1 & 0xC0) != 0x80 || (c2 & 0xC0) != 0x80 || cp < 0xFF01 || cp > 0xFF5E)
                return 0;
            buf[o++] = (char)(cp - 0xFF01 + 0x21);
            i += 3;
        } else {
            return 0;
        }
    }
    buf[o] = '\0';
    return o;
}

/* Checks the grammar  [+-] int [. digits] [(e|E) [+-] digits]  where int is
 * either plain digits or 1-3 digits followed by groups of ",ddd"; copies the
 * number without the separators into out. Returns 1 when it matches. */
static int check_grammar(const char *s, size_t n, char *out)
{
    size_t i = 0, o = 0, int_digits = 0, frac_digits = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        out[o++] = s[i++];
    size_t group = 0;
    int grouped = 0;
    while (i < n && (is_digit(s[i]) || s[i] == ',')) {
        if (s[i] == ',') {
            if (int_digits == 0 || (grouped ? group != 3 : group > 3))
                return 0;
            grouped = 1;
            group = 0;
        } else {
            out[o++] = s[i];
            int_digits++;
            group++;
        }
        i++;
    }
    if (grouped && group != 3)
        return 0;
    if (i < n && s[i] == '.') {
        out[o++] = s[i++];
        while (i < n && is_digit(s[i])) {
            out[o++] = s[i++];
            frac_digits++;
        }
    }
    if (int_digits + frac_digits == 0)
        return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        out[o++] = s[i++];
        if (i < n && (s[i] == '+' || s[i] == '-'))
            out[o++] = s[i++];
        size_t exp_digits = 0;
        while (i < n && is_digit(s[i])) {
            out[o++] = s[i++];
            exp_digits++;
        }
        if (exp_digits == 0)
            return 0;
    }
    out[o] = '\0';
    return i == n;
}

/* True when s[0..n) holds only bytes that can appear in a plain ASCII number
 * (digits, sign, point, exponent): the common case, parsed without copying
 * through the full-width mapping. */
static int plain_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!is_digit(c) && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E')
            return 0;
    }
    return 1;
}

/* Parses a trimmed, non-missing cell using the buffers ascii and plain,
 * each of size cap > len. */
static ce_num_result parse_cell(const char *text, size_t len, char *ascii, char *plain,
                                size_t cap, double *out)
{
    size_t n;
    const char *src;
    if (plain_ascii(text, len)) {
        src = text;
        n = len;
    } else {
        n = to_ascii(text, len, ascii, cap);
        if (n == 0)
            return CE_NUM_INVALID;
        if (ascii[n - 1] == '%')
            n--;
        src = ascii;
    }
    if (!check_grammar(src, n, plain)) {
        /* Spelled-out non-finite values get their own message. */
        const char *p = src + (n > 0 && (src[0] == '+' || src[0] == '-'));
        static const char *const nonfinite[] = {"nan", "inf", "infinity"};
        size_t pl = n - (size_t)(p - src);
        for (size_t k = 0; k < 3; k++) {
            size_t kl = strlen(nonfinite[k]), j = 0;
            while (pl == kl && j < kl && (p[j] | 0x20) == nonfinite[k][j])
                j++;
            if (pl == kl && j == kl)
                return CE_NUM_NONFINITE;
        }
        return CE_NUM_INVALID;
    }
    double v = strtod(plain, NULL);
    if (!isfinite(v))
        return CE_NUM_NONFINITE;
    *out = v;
    return CE_NUM_OK;
}

ce_num_result ce_num_parse(const char *text, size_t len, double *out)
{
    enum { CELL_MAX = 128 };
    trim(&text, &len);
    /* No missing token starts with a digit. */
    if ((len == 0 || !is_digit(text[0])) && ce_num_is_missing(text, len)) {
        *out = NAN;
        return CE_NUM_MISSING;
    }
    if (len < CELL_MAX) {
        char ascii[CELL_MAX], plain[CELL_MAX];
        return parse_cell(text, len, ascii, plain, CELL_MAX, out);
    }
    char *buf = malloc(2 * (len + 1)); /* a long cell: rare, so allocate */
    if (!buf)
        return CE_NUM_INVALID;
    ce_num_result r = parse_cell(text, len, buf, buf + len + 1, len + 1, out);
    free(buf);
    return r;
}

ce_bool_result ce_bool_parse(const char *text, size_t len)
{
    static const char *const yes[] = {"1", "yes", "true", "\xE6\x98\xAF"}; /* 是 */
    static const char *const no[] = {"0", "no", "false", "\xE5\x90\xA6"};  /* 否 */
    char low[8];
    trim(&text, &len);
    if (len == 0)
        return CE_BOOL_EMPTY;
    if (len >= sizeof low)
        return CE_BOOL_INVALID;
    for (size_t i = 0; i < len; i++)
        low[i] = (text[i] >= 'A' && text[i] <= 'Z') ? (char)(text[i] + 32) : text[i];
    for (size_t k = 0; k < 4; k++) {
        if (token_is(low, len, yes[k]))
            return CE_BOOL_TRUE;
        if (token_is(low, len, no[k]))
            return CE_BOOL_FALSE;
    }
    return CE_BOOL_INVALID;
}
