/* numparse.h - the one checked parser for numbers, booleans and missing values
 * in data cells (DESIGN.md §3.1). Locale-independent; never calls setlocale.
 */
#ifndef CLUSTEREVAL_NUMPARSE_H
#define CLUSTEREVAL_NUMPARSE_H

#include <stddef.h>

typedef enum {
    CE_NUM_OK = 0,   /* *out holds a finite number */
    CE_NUM_MISSING,  /* one of the missing-value tokens; *out = NaN */
    CE_NUM_INVALID,  /* not a number in any accepted form */
    CE_NUM_NONFINITE /* looks like a number but is NaN, infinite or out of range */
} ce_num_result;

/* True when text[0..len) (surrounding spaces and tabs ignored) is one of the
 * missing-value tokens: empty, NA, N/A, n/a, null, -, — (U+2014). */
int ce_num_is_missing(const char *text, size_t len);

/* Parses one cell. Accepted: optional sign, decimal digits with optional
 * thousands separators in correct groups of three, optional fraction and
 * exponent, an optional trailing % that is dropped (the value stays in
 * percent units), and the full-width forms of digits, signs, point, comma,
 * percent and e/E (U+FF01..U+FF5E). Surrounding spaces and tabs are ignored.
 * text need not be NUL-terminated. *out is set for CE_NUM_OK and
 * CE_NUM_MISSING only. */
ce_num_result ce_num_parse(const char *text, size_t len, double *out);

/* A number as written, in decimal: when exact, its value is
 * (negative ? -1 : 1) * significand * 10^exponent with no rounding at all
 * (0.1 is 1 * 10^-1, "45,000.50" is 4500050 * 10^-2); exact is 0 when it
 * has more than 19 significant digits (up to trailing zeros). percent: it
 * ended with a % that was dropped. value: the double ce_num_parse gives. */
typedef struct {
    double value;
    int negative;
    unsigned long long significand;
    long exponent;
    int exact;
    int percent;
} ce_num_decimal;

/* Parses one cell as ce_num_parse does (the same forms, the same results)
 * and fills *out for CE_NUM_OK only. For amounts that must not be rounded,
 * such as money. */
ce_num_result ce_num_parse_decimal(const char *text, size_t len, ce_num_decimal *out);

typedef enum { CE_BOOL_FALSE = 0, CE_BOOL_TRUE = 1, CE_BOOL_EMPTY, CE_BOOL_INVALID } ce_bool_result;

/* Parses a boolean cell: 1/0, yes/no, true/false (any ASCII case), 是/否.
 * Empty (after trimming spaces) gives CE_BOOL_EMPTY: the caller's default. */
ce_bool_result ce_bool_parse(const char *text, size_t len);

/* ---- money: CNY in fen (分) ---------------------------------------------- */

/* Amounts above this (10^10 CNY) are refused as input. */
#define CE_MONEY_MAX_FEN 1000000000000LL

/* Parses an amount in CNY (any number ce_num_parse accepts, e.g. "45,000",
 * "１２０００", "4.5e4") into fen, exactly: the fen is the smallest unit of
 * CNY, so an amount is never rounded. Returns 0 and sets *fen; 1 when the
 * cell is a missing-value token; -1 when it is not a number, negative, a
 * percentage, above CE_MONEY_MAX_FEN, or has a non-zero digit after the
 * second decimal ("45000.005"; "45000.000" is 45000.00). */
int ce_money_parse(const char *text, size_t len, long long *fen);
/* Writes fen as CNY with two decimals ("50000.00"), out >= 24 bytes. */
char *ce_money_format(long long fen, char *out, size_t out_size);

#endif
