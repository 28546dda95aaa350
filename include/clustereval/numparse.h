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

/* True when text[0..len) is a missing-value marker: empty, NA, N/A, null
 * (any case), /, a run of dashes (-, --, —, ——, –, ―, the full-width －
 * and the minus sign −), 无, 暂无, 不适用, 缺失, 未报送, 未填报; the
 * full-width forms of the ASCII ones count too (ＮＡ, ／). Surrounding
 * spaces, tabs, no-break and ideographic spaces (U+00A0, U+3000) are
 * ignored. */
int ce_num_is_missing(const char *text, size_t len);

/* Parses one cell. Accepted: optional sign, decimal digits with optional
 * thousands separators in correct groups of three ("1,5" is not 15),
 * optional fraction and exponent, an optional trailing % that is dropped
 * (the value stays in percent units: "83.15%" is 83.15), the full-width
 * forms of digits, signs, point, comma, percent, brackets and e/E
 * (U+FF01..U+FF5E), the minus sign U+2212 as '-', and accounting negatives
 * in brackets: "(3,861)" and "（3,861）" are -3861 (no sign inside).
 * Surrounding spaces as for ce_num_is_missing are ignored. text need not be
 * NUL-terminated. *out is set for CE_NUM_OK and CE_NUM_MISSING only. */
ce_num_result ce_num_parse(const char *text, size_t len, double *out);

/* ce_num_parse that also sets *percent to 1 when the number carried a %
 * (dropped, as ce_num_parse does), else 0. For the mixed-% warning. */
ce_num_result ce_num_parse_percent(const char *text, size_t len, double *out, int *percent);

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

/* Parses a yes/no cell, the one parser of every yes/no column (the data's
 * eligible and veto, the applicants' legal_person ...). Yes: 1, y, yes,
 * true, 是, 符合, 有, √, ✓, ✔; no: 0, n, no, false, 否, 不符合, 无, ×, ✗, ✘
 * (ASCII in any case, full-width forms too). Empty (after trimming as
 * ce_num_is_missing does) gives CE_BOOL_EMPTY: the caller's default;
 * anything else, missing markers such as / included, CE_BOOL_INVALID. */
ce_bool_result ce_bool_parse(const char *text, size_t len);

/* ce_bool_parse for the result of a review (the voucher's green_threshold),
 * which also accepts pass/passed, 通过, 合格 as yes and fail/failed, 未通过,
 * 不合格 as no. Not for other columns: a veto that reads 合格 is no veto. */
ce_bool_result ce_bool_parse_review(const char *text, size_t len);

/* Parses a profile's direction cell: 1 (higher is better: +, 1, +1, 正,
 * 正向, 正向指标), -1 (lower is better: -, -1, 负, 负向, 负向指标, 逆,
 * 逆向, 逆向指标; the full-width － and the minus sign − as -), 0 when
 * empty, 2 when it is none of these. */
int ce_direction_parse(const char *text, size_t len);

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
