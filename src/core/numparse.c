/* numparse.c - see numparse.h. */
#include "clustereval/numparse.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of the space at s[0..n) or at its end: ' ', '\t', the no-break
 * space U+00A0 and the ideographic space U+3000 (Excel and Chinese input
 * methods leave both around cells); 0 when there is none. */
static size_t space_at_start(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 1 && (u[0] == ' ' || u[0] == '\t'))
        return 1;
    if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (n >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
        return 3;
    return 0;
}

static size_t space_at_end(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 1 && (u[n - 1] == ' ' || u[n - 1] == '\t'))
        return 1;
    if (n >= 2 && u[n - 2] == 0xC2 && u[n - 1] == 0xA0)
        return 2;
    if (n >= 3 && u[n - 3] == 0xE3 && u[n - 2] == 0x80 && u[n - 1] == 0x80)
        return 3;
    return 0;
}

static void trim(const char **text, size_t *len)
{
    const char *s = *text;
    size_t n = *len, k;
    if (n > 0 && (unsigned char)s[0] > ' ' && (unsigned char)s[0] < 0x80 &&
        (unsigned char)s[n - 1] > ' ' && (unsigned char)s[n - 1] < 0x80)
        return; /* the common case: nothing to cut */
    while ((k = space_at_start(s, n)) != 0) {
        s += k;
        n -= k;
    }
    while ((k = space_at_end(s, n)) != 0)
        n -= k;
    *text = s;
    *len = n;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int token_is(const char *s, size_t n, const char *token)
{
    return strlen(token) == n && memcmp(s, token, n) == 0;
}

/* The ASCII character the character at s[0..n) stands for in a cell, with
 * its length in *used: a full-width form U+FF01..U+FF5E (UTF-8 EF BC 81..
 * EF BD 9E) is its ASCII counterpart 0x21..0x7E, and the minus sign U+2212
 * is '-'. Returns 0 for any other non-ASCII character. */
static char ascii_of(const char *s, size_t n, size_t *used)
{
    const unsigned char *u = (const unsigned char *)s;
    *used = 1;
    if (u[0] < 0x80)
        return (char)u[0];
    *used = 3;
    if (n >= 3 && u[0] == 0xE2 && u[1] == 0x88 && u[2] == 0x92)
        return '-';
    if (n >= 3 && u[0] == 0xEF && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
        unsigned cp = ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            return (char)(cp - 0xFF01 + 0x21);
    }
    return 0;
}

/* Folds a cell for comparison with a word list: the characters ascii_of
 * knows become ASCII, ASCII letters lower case, other bytes stay. Returns
 * the length written to buf (NUL-terminated), or 0 when it does not fit. */
static size_t fold(const char *s, size_t n, char *buf, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t used;
        char c = ascii_of(s + i, n - i, &used);
        if (o + 1 >= cap)
            return 0;
        if (c) {
            buf[o++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
            i += used;
        } else {
            buf[o++] = s[i++];
        }
    }
    buf[o] = '\0';
    return o;
}

/* 1 when s (a folded word) is one of words[0..n). */
static int word_in(const char *s, size_t len, const char *const *words, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (token_is(s, len, words[k]))
            return 1;
    return 0;
}

/* 1 when text[0..len) is one or more dashes: - (and its full-width form and
 * the minus sign, which fold to it), – U+2013, — U+2014, ― U+2015 (GBK's
 * A1AA, the Chinese dash ——, decodes to U+2014 or U+2015). */
static int all_dashes(const char *folded, size_t len)
{
    size_t i = 0;
    while (i < len) {
        const unsigned char *u = (const unsigned char *)folded + i;
        if (u[0] == '-')
            i++;
        else if (len - i >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x93 && u[2] <= 0x95)
            i += 3;
        else
            return 0;
    }
    return len > 0;
}

/* The missing-value markers. Compiled in on purpose, not a weights/ file:
 * ce_num_parse is the one cell parser of every reader, of money and of
 * option values, and must give the same answer in every run and thread
 * (one word added by hand, such as 0, would turn figures into missing
 * values without a word). A cell in none of these forms is an error that
 * names it, so an unlisted marker is never read silently. */
static const char *const missing_words[] = {
    "na", "n/a", "null", "/",                  /* any case, full-width too */
    "\xE6\x97\xA0",                            /* 无 */
    "\xE6\x9A\x82\xE6\x97\xA0",                /* 暂无 */
    "\xE4\xB8\x8D\xE9\x80\x82\xE7\x94\xA8",    /* 不适用 */
    "\xE7\xBC\xBA\xE5\xA4\xB1",                /* 缺失 */
    "\xE6\x9C\xAA\xE6\x8A\xA5\xE9\x80\x81",    /* 未报送 */
    "\xE6\x9C\xAA\xE5\xA1\xAB\xE6\x8A\xA5",    /* 未填报 */
};

int ce_num_is_missing(const char *text, size_t len)
{
    char buf[32];
    trim(&text, &len);
    if (len == 0)
        return 1;
    size_t n = fold(text, len, buf, sizeof buf);
    return n != 0 && (all_dashes(buf, n) ||
                      word_in(buf, n, missing_words,
                              sizeof missing_words / sizeof missing_words[0]));
}

/* Maps the cell to plain ASCII in buf (ascii_of). Returns the ASCII length,
 * or 0 if the cell holds other non-ASCII bytes or does not fit. */
static size_t to_ascii(const char *s, size_t n, char *buf, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t used;
        char c = ascii_of(s + i, n - i, &used);
        if (o + 1 >= cap || !c)
            return 0;
        buf[o++] = c;
        i += used;
    }
    buf[o] = '\0';
    return o;
}

/* A number that matched the grammar: its text without separators (for
 * strtod), and, when it has at most 19 significant digits, the decimal
 * significand and exponent (value = sign * mant * 10^exp10). */
typedef struct {
    int negative;
    uint64_t mant;
    long exp10;
    int mant_exact; /* value = sign * mant * 10^exp10 exactly: no non-zero
                       digit was dropped */
} scanned;

/* Adds one digit to the significand; leading zeros are not significant.
 * Beyond 19 significant digits a digit is dropped (an integer digit still
 * scales by 10); the value stays exact while the dropped digits are zeros. */
static void add_digit(scanned *sc, int *sig_digits, char c, int fraction)
{
    if (sc->mant == 0 && c == '0') {
        if (fraction)
            sc->exp10--;
        return;
    }
    if (*sig_digits < 19) {
        sc->mant = sc->mant * 10 + (uint64_t)(c - '0');
        (*sig_digits)++;
        if (fraction)
            sc->exp10--;
    } else {
        if (c != '0')
            sc->mant_exact = 0;
        if (!fraction)
            sc->exp10++;
    }
}

/* Checks the grammar  [+-] int [. digits] [(e|E) [+-] digits]  where int is
 * either plain digits or 1-3 digits followed by groups of ",ddd"; copies the
 * number without the separators into out and fills sc. Returns 1 when the
 * whole of s[0..n) matches. */
static int check_grammar(const char *s, size_t n, char *out, scanned *sc)
{
    size_t i = 0, o = 0, int_digits = 0, frac_digits = 0, group = 0;
    int grouped = 0, sig_digits = 0;
    sc->negative = 0;
    sc->mant = 0;
    sc->exp10 = 0;
    sc->mant_exact = 1;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        sc->negative = s[i] == '-';
        out[o++] = s[i++];
    }
    while (i < n && (is_digit(s[i]) || s[i] == ',')) {
        if (s[i] == ',') {
            if (int_digits == 0 || (grouped ? group != 3 : group > 3))
                return 0;
            grouped = 1;
            group = 0;
        } else {
            add_digit(sc, &sig_digits, s[i], 0);
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
            add_digit(sc, &sig_digits, s[i], 1);
            out[o++] = s[i++];
            frac_digits++;
        }
    }
    if (int_digits + frac_digits == 0)
        return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        out[o++] = s[i++];
        int exp_negative = 0;
        if (i < n && (s[i] == '+' || s[i] == '-')) {
            exp_negative = s[i] == '-';
            out[o++] = s[i++];
        }
        size_t exp_digits = 0;
        long e = 0;
        while (i < n && is_digit(s[i])) {
            if (e < 100000)
                e = e * 10 + (s[i] - '0');
            out[o++] = s[i++];
            exp_digits++;
        }
        if (exp_digits == 0)
            return 0;
        sc->exp10 += exp_negative ? -e : e;
    }
    out[o] = '\0';
    return i == n;
}

/* Clinger's fast path (W. D. Clinger, "How to read floating point numbers
 * accurately", PLDI 1990): when the significand is an integer below 2^53
 * and |exp10| <= 22, both it and 10^|exp10| are exact doubles, so one IEEE
 * multiplication or division gives the correctly rounded result, the same
 * double strtod returns. Needs round-to-nearest and no excess precision
 * (FLT_EVAL_METHOD == 0, as on x86-64 and AArch64). Returns 0 when the
 * fast path does not apply. */
static int clinger_fast_path(const scanned *sc, double *out)
{
#if FLT_EVAL_METHOD == 0
    static const double pow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if (!sc->mant_exact || sc->mant > (UINT64_C(1) << 53) || sc->exp10 < -22 ||
        sc->exp10 > 22)
        return 0;
    double v = (double)sc->mant;
    v = sc->exp10 < 0 ? v / pow10[-sc->exp10] : v * pow10[sc->exp10];
    *out = sc->negative ? -v : v;
    return 1;
#else
    (void)sc;
    (void)out;
    return 0;
#endif
}

/* Parses a trimmed, non-missing cell using the buffers ascii and plain,
 * each of size cap > len; also fills *sc and *percent (a trailing % was
 * dropped). */
static ce_num_result parse_cell(const char *text, size_t len, char *ascii, char *plain,
                                size_t cap, double *out, scanned *scan, int *percent)
{
    scanned sc;
    int accounting = 0;
    *percent = 0;
    const char *src = text;
    size_t n = len;
    if (!check_grammar(text, len, plain, &sc)) {
        /* Not a plain number: map full-width forms, drop a trailing %. */
        n = to_ascii(text, len, ascii, cap);
        if (n == 0)
            return CE_NUM_INVALID;
        if (ascii[n - 1] == '%') {
            n--;
            *percent = 1;
        }
        src = ascii;
        /* An accounting negative: (3,861) is -3861, the % inside or out. */
        if (n >= 2 && src[0] == '(' && src[n - 1] == ')') {
            accounting = 1;
            src++;
            n -= 2;
            while (n > 0 && src[0] == ' ') {
                src++;
                n--;
            }
            while (n > 0 && src[n - 1] == ' ')
                n--;
            if (!*percent && n > 0 && src[n - 1] == '%') {
                n--;
                *percent = 1;
            }
            if (n > 0 && (src[0] == '+' || src[0] == '-'))
                return CE_NUM_INVALID;
        }
        if (!check_grammar(src, n, plain, &sc)) {
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
    }
    double v;
    if (!clinger_fast_path(&sc, &v))
        v = strtod(plain, NULL);
    if (!isfinite(v))
        return CE_NUM_NONFINITE;
    if (accounting) {
        v = -v;
        sc.negative = 1;
    }
    *out = v;
    *scan = sc;
    return CE_NUM_OK;
}

/* ce_num_parse, also giving the decimal as scanned. */
static ce_num_result parse_scanned(const char *text, size_t len, double *out, scanned *sc,
                                   int *percent)
{
    enum { CELL_MAX = 128 };
    trim(&text, &len);
    if (len == 0) {
        *out = NAN;
        return CE_NUM_MISSING;
    }
    /* No missing-value marker starts like a number ("-" alone does not). */
    int numeric_start = is_digit(text[0]) || text[0] == '.' ||
                        ((text[0] == '-' || text[0] == '+') && len > 1 &&
                         (is_digit(text[1]) || text[1] == '.'));
    if (!numeric_start && ce_num_is_missing(text, len)) {
        *out = NAN;
        return CE_NUM_MISSING;
    }
    if (len < CELL_MAX) {
        char ascii[CELL_MAX], plain[CELL_MAX];
        return parse_cell(text, len, ascii, plain, CELL_MAX, out, sc, percent);
    }
    char *buf = malloc(2 * (len + 1)); /* a long cell: rare, so allocate */
    if (!buf)
        return CE_NUM_INVALID;
    ce_num_result r = parse_cell(text, len, buf, buf + len + 1, len + 1, out, sc, percent);
    free(buf);
    return r;
}

ce_num_result ce_num_parse(const char *text, size_t len, double *out)
{
    scanned sc;
    int percent;
    return parse_scanned(text, len, out, &sc, &percent);
}

ce_num_result ce_num_parse_decimal(const char *text, size_t len, ce_num_decimal *out)
{
    scanned sc;
    int percent;
    double v;
    ce_num_result r = parse_scanned(text, len, &v, &sc, &percent);
    if (r != CE_NUM_OK)
        return r;
    out->value = v;
    out->negative = sc.negative;
    out->significand = sc.mant;
    out->exponent = sc.exp10;
    out->exact = sc.mant_exact;
    out->percent = percent;
    return CE_NUM_OK;
}

ce_num_result ce_num_parse_percent(const char *text, size_t len, double *out, int *percent)
{
    scanned sc;
    *percent = 0;
    ce_num_result r = parse_scanned(text, len, out, &sc, percent);
    if (r != CE_NUM_OK)
        *percent = 0;
    return r;
}

/* The words of a yes/no cell, folded (any ASCII case, full-width forms). */
static const char *const yes_words[] = {
    "1", "y", "yes", "true",
    "\xE6\x98\xAF",             /* 是 */
    "\xE7\xAC\xA6\xE5\x90\x88", /* 符合 */
    "\xE6\x9C\x89",             /* 有 */
    "\xE2\x88\x9A",             /* √ U+221A */
    "\xE2\x9C\x93",             /* ✓ U+2713 */
    "\xE2\x9C\x94",             /* ✔ U+2714 */
};
static const char *const no_words[] = {
    "0", "n", "no", "false",
    "\xE5\x90\xA6",                         /* 否 */
    "\xE4\xB8\x8D\xE7\xAC\xA6\xE5\x90\x88", /* 不符合 */
    "\xE6\x97\xA0",                         /* 无 */
    "\xC3\x97",                             /* × U+00D7 */
    "\xE2\x9C\x97",                         /* ✗ U+2717 */
    "\xE2\x9C\x98",                         /* ✘ U+2718 */
};

/* A review's result (ce_bool_parse_review), folded. */
static const char *const pass_words[] = {
    "pass", "passed",
    "\xE9\x80\x9A\xE8\xBF\x87", /* 通过 */
    "\xE5\x90\x88\xE6\xA0\xBC", /* 合格 */
};
static const char *const fail_words[] = {
    "fail", "failed",
    "\xE6\x9C\xAA\xE9\x80\x9A\xE8\xBF\x87", /* 未通过 */
    "\xE4\xB8\x8D\xE5\x90\x88\xE6\xA0\xBC", /* 不合格 */
};

static ce_bool_result bool_parse(const char *text, size_t len, int review)
{
    char buf[16];
    trim(&text, &len);
    if (len == 0)
        return CE_BOOL_EMPTY;
    size_t n = fold(text, len, buf, sizeof buf);
    if (n == 0)
        return CE_BOOL_INVALID;
    if (word_in(buf, n, yes_words, sizeof yes_words / sizeof yes_words[0]) ||
        (review && word_in(buf, n, pass_words, sizeof pass_words / sizeof pass_words[0])))
        return CE_BOOL_TRUE;
    if (word_in(buf, n, no_words, sizeof no_words / sizeof no_words[0]) ||
        (review && word_in(buf, n, fail_words, sizeof fail_words / sizeof fail_words[0])))
        return CE_BOOL_FALSE;
    return CE_BOOL_INVALID;
}

ce_bool_result ce_bool_parse(const char *text, size_t len) { return bool_parse(text, len, 0); }

ce_bool_result ce_bool_parse_review(const char *text, size_t len)
{
    return bool_parse(text, len, 1);
}

int ce_direction_parse(const char *text, size_t len)
{
    static const char *const up[] = {
        "+", "1", "+1",
        "\xE6\xAD\xA3",                                     /* 正 */
        "\xE6\xAD\xA3\xE5\x90\x91",                         /* 正向 */
        "\xE6\xAD\xA3\xE5\x90\x91\xE6\x8C\x87\xE6\xA0\x87", /* 正向指标 */
    };
    static const char *const down[] = {
        "-", "-1",
        "\xE8\xB4\x9F",                                     /* 负 */
        "\xE8\xB4\x9F\xE5\x90\x91",                         /* 负向 */
        "\xE8\xB4\x9F\xE5\x90\x91\xE6\x8C\x87\xE6\xA0\x87", /* 负向指标 */
        "\xE9\x80\x86",                                     /* 逆 */
        "\xE9\x80\x86\xE5\x90\x91",                         /* 逆向 */
        "\xE9\x80\x86\xE5\x90\x91\xE6\x8C\x87\xE6\xA0\x87", /* 逆向指标 */
    };
    char buf[16];
    trim(&text, &len);
    if (len == 0)
        return 0;
    size_t n = fold(text, len, buf, sizeof buf);
    if (n == 0)
        return 2;
    if (word_in(buf, n, up, sizeof up / sizeof up[0]))
        return 1;
    if (word_in(buf, n, down, sizeof down / sizeof down[0]))
        return -1;
    return 2;
}

/* ---- money ---------------------------------------------------------------- */

int ce_money_parse(const char *text, size_t len, long long *fen)
{
    ce_num_decimal d;
    switch (ce_num_parse_decimal(text, len, &d)) {
    case CE_NUM_OK: break;
    case CE_NUM_MISSING: return 1;
    default: return -1;
    }
    /* The fen is the smallest unit: an amount is never rounded (45000.005
     * is not 45000.01), and a percentage is not an amount. */
    if (d.percent || !d.exact)
        return -1;
    unsigned long long f = d.significand;
    if (f == 0) {
        *fen = 0;
        return 0;
    }
    if (d.negative)
        return -1;
    for (long e = d.exponent + 2; e != 0; e += e < 0 ? 1 : -1) { /* f x 10^e fen */
        if (e < 0) {
            if (f % 10 != 0)
                return -1; /* a non-zero digit after the second decimal */
            f /= 10;
        } else {
            if (f > (unsigned long long)CE_MONEY_MAX_FEN / 10)
                return -1;
            f *= 10;
        }
    }
    if (f > (unsigned long long)CE_MONEY_MAX_FEN)
        return -1;
    *fen = (long long)f;
    return 0;
}

char *ce_money_format(long long fen, char *out, size_t out_size)
{
    const char *sign = fen < 0 ? "-" : "";
    unsigned long long a = fen < 0 ? 0ULL - (unsigned long long)fen : (unsigned long long)fen;
    snprintf(out, out_size, "%s%llu.%02llu", sign, a / 100, a % 100);
    return out;
}
