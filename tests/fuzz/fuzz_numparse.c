/* fuzz_numparse.c - libFuzzer harness for numparse.h (ce_num_parse,
 * ce_num_is_missing, ce_bool_parse) and the money parser of numparse.h
 * (ce_money_parse, ce_money_format). The input is one cell, not
 * NUL-terminated. Checked:
 *   - CE_NUM_OK gives a finite value, CE_NUM_MISSING gives NaN;
 *   - ce_num_is_missing(cell) exactly when ce_num_parse says CE_NUM_MISSING
 *     ("one list of missing-value tokens");
 *   - CE_NUM_OK gives the double strtod gives for the cell with spaces
 *     (also no-break and ideographic), full-width forms, the minus sign
 *     U+2212, accounting brackets, thousands separators and a trailing %
 *     taken away
 *     (numparse.c's Clinger fast path promises "the same double strtod
 *     returns");
 *   - ce_money_parse: 0 <= fen <= CE_MONEY_MAX_FEN, and ce_money_format of
 *     it parses back to the same fen. */
#include "fuzz_util.h"

#include <math.h>
#include <stdint.h>

#include "clustereval/numparse.h"

/* Bytes of a space the parser trims at s[0..n): ' ', '\t', U+00A0, U+3000. */
static size_t space_at(const uint8_t *s, size_t n, int at_end)
{
    const uint8_t *e = s + n;
    if (n >= 1 && (at_end ? (e[-1] == ' ' || e[-1] == '\t') : (s[0] == ' ' || s[0] == '\t')))
        return 1;
    if (n >= 2 && (at_end ? (e[-2] == 0xC2 && e[-1] == 0xA0) : (s[0] == 0xC2 && s[1] == 0xA0)))
        return 2;
    if (n >= 3 && (at_end ? (e[-3] == 0xE3 && e[-2] == 0x80 && e[-1] == 0x80)
                          : (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)))
        return 3;
    return 0;
}

/* The cell as strtod should see it, in a malloc'ed string, or NULL when
 * it has bytes other than ASCII, full-width forms and the minus sign
 * U+2212: spaces (also no-break and ideographic) trimmed, full-width forms
 * and U+2212 made ASCII, a trailing % dropped, an accounting negative
 * "(3,861)" written "-3,861", thousands separators dropped. */
static char *plain_text(const uint8_t *s, size_t n)
{
    size_t k;
    while ((k = space_at(s, n, 0)) != 0) {
        s += k;
        n -= k;
    }
    while ((k = space_at(s, n, 1)) != 0)
        n -= k;
    char *out = malloc(n + 2);
    if (!out)
        abort();
    size_t o = 0;
    out[o++] = '-'; /* kept only for an accounting negative */
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            out[o++] = (char)s[i++];
        } else if (i + 2 < n && s[i] == 0xE2 && s[i + 1] == 0x88 && s[i + 2] == 0x92) {
            out[o++] = '-';
            i += 3;
        } else if (s[i] == 0xEF && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 &&
                   (s[i + 2] & 0xC0) == 0x80) {
            unsigned cp = ((s[i] & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
            if (cp < 0xFF01 || cp > 0xFF5E) {
                free(out);
                return NULL;
            }
            out[o++] = (char)(cp - 0xFF01 + 0x21);
            i += 3;
        } else {
            free(out);
            return NULL;
        }
    }
    char *t = out + 1;
    size_t len = o - 1;
    int percent = len > 0 && t[len - 1] == '%';
    if (percent)
        len--;
    int accounting = len >= 2 && t[0] == '(' && t[len - 1] == ')';
    if (accounting) {
        t++;
        len -= 2;
        while (len > 0 && t[0] == ' ') {
            t++;
            len--;
        }
        while (len > 0 && t[len - 1] == ' ')
            len--;
        if (!percent && len > 0 && t[len - 1] == '%')
            len--;
        t--; /* the '-' before it */
        *t = '-';
        len++;
    }
    size_t w = 0;
    for (size_t i = 0; i < len; i++)
        if (t[i] != ',')
            out[w++] = t[i];
    out[w] = '\0';
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    double v = 12345.0;
    ce_num_result r = ce_num_parse(text, size, &v);
    int missing = ce_num_is_missing(text, size);
    FUZZ_CHECK(r >= CE_NUM_OK && r <= CE_NUM_NONFINITE, "result %d", (int)r);
    FUZZ_CHECK((r == CE_NUM_MISSING) == (missing != 0),
               "ce_num_parse says %d, ce_num_is_missing says %d", (int)r, missing);
    if (r == CE_NUM_MISSING)
        FUZZ_CHECK(isnan(v), "missing but %g", v);
    if (r == CE_NUM_OK) {
        FUZZ_CHECK(isfinite(v), "CE_NUM_OK but %g", v);
        char *plain = plain_text(data, size);
        FUZZ_CHECK(plain != NULL, "CE_NUM_OK for a cell with other non-ASCII bytes");
        char *end;
        double expect = strtod(plain, &end);
        FUZZ_CHECK(*end == '\0', "strtod stops at \"%s\" in \"%s\"", end, plain);
        FUZZ_CHECK(memcmp(&v, &expect, sizeof v) == 0, "\"%s\": ce_num_parse %.17g, strtod %.17g",
                   plain, v, expect);
        free(plain);
    }

    ce_bool_result b = ce_bool_parse(text, size);
    FUZZ_CHECK(b >= CE_BOOL_FALSE && b <= CE_BOOL_INVALID, "bool %d", (int)b);

    long long fen = -1;
    int m = ce_money_parse(text, size, &fen);
    FUZZ_CHECK(m == 0 || m == 1 || m == -1, "ce_money_parse returns %d", m);
    FUZZ_CHECK((m == 1) == (r == CE_NUM_MISSING), "money %d, number %d", m, (int)r);
    if (m == 0) {
        FUZZ_CHECK(fen >= 0 && fen <= CE_MONEY_MAX_FEN, "fen %lld", fen);
        char buf[32];
        ce_money_format(fen, buf, sizeof buf);
        long long again = -1;
        int m2 = ce_money_parse(buf, strlen(buf), &again);
        FUZZ_CHECK(m2 == 0 && again == fen, "%lld fen formats as \"%s\", parses as %d/%lld", fen,
                   buf, m2, again);
    }
    return 0;
}
