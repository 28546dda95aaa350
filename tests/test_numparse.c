/* test_numparse.c - the cell parser: numbers, missing tokens, booleans, money
 * (numparse.h, DESIGN.md §3.1). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/numparse.h"

/* A value *out must keep when the parser is not supposed to touch it. */
#define UNTOUCHED 424242.0

/* ---- accepted numbers ---- */

/* Parameters are copied into each test's process, where the addresses of
 * string literals differ (PIE + ASLR), so the text lives inside the struct. */
struct num_ok {
    char text[48];
    double want;
};

ParameterizedTestParameters(num_parse, accepted)
{
    static struct num_ok cases[] = {
        {"0", 0.0},
        {"42", 42.0},
        {"007", 7.0},
        {"3.25", 3.25},
        {"-7", -7.0},
        {"+7", 7.0},
        {"-0.5", -0.5},
        {"1e3", 1000.0},
        {"1E+2", 100.0},
        {"-2.5E-2", -0.025},
        {"6.02e23", 6.02e23},
        {".5", 0.5},
        {"-.5", -0.5},
        {"5.", 5.0},
        {"1234567", 1234567.0},
        {"1,234,567.5", 1234567.5},
        {"12,345", 12345.0},
        {"123,456", 123456.0},
        {"1,234", 1234.0},
        {"-1,234.25", -1234.25},
        {"+1,000,000", 1000000.0},
        {"12.5%", 12.5},
        {"50%", 50.0},
        {"-3%", -3.0},
        {"1,234.5%", 1234.5},
        {"\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x8E\xEF\xBC\x95", 123.5}, /* １２３．５ */
        {"\xEF\xBC\x8D\xEF\xBC\x91\xEF\xBC\x92", -12.0},                          /* －１２ */
        {"\xEF\xBC\x8B\xEF\xBC\x93", 3.0},                                          /* ＋３ */
        {"\xEF\xBC\x91\xEF\xBC\x8C\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94", 1234.0},  /* １，２３４ */
        {"\xEF\xBC\x95\xEF\xBC\x90\xEF\xBC\x85", 50.0},                            /* ５０％ */
        {"\xEF\xBC\x91\xEF\xBD\x85\xEF\xBC\x93", 1000.0},                          /* １ｅ３ */
        {"\xEF\xBC\x92\xEF\xBC\xA5\xEF\xBC\x8D\xEF\xBC\x91", 0.2},                 /* ２Ｅ－１ */
        {"1\xEF\xBC\x8E" "5", 1.5}, /* mixed: 1．5 */
        {"  42  ", 42.0},
        {"\t3.5\t", 3.5},
        {" \t-1 \t", -1.0},
        {" 12.5% ", 12.5},
        /* issue 15: accounting negatives, minus signs, spaces of Chinese exports */
        {"(3,861)", -3861.0},
        {"\xEF\xBC\x88" "3,861\xEF\xBC\x89", -3861.0}, /* （3,861） */
        {"\xEF\xBC\x88\xEF\xBC\x93\xEF\xBC\x8C\xEF\xBC\x98\xEF\xBC\x96\xEF\xBC\x91\xEF\xBC\x89",
         -3861.0},                                        /* （３，８６１） */
        {"(3861)", -3861.0},
        {"(0.25)", -0.25},
        {"( 1,234.5 )", -1234.5},
        {" (12) ", -12.0},
        {"(12.5%)", -12.5},
        {"(12.5)%", -12.5},
        {"(1e3)", -1000.0},
        {"\xEF\xBC\x8D" "3.5", -3.5},                  /* －3.5 */
        {"\xE2\x88\x92" "3.5", -3.5},                  /* −3.5 (U+2212) */
        {"\xE2\x88\x92" "1,234", -1234.0},
        {"1e\xE2\x88\x92" "2", 0.01},                  /* 1e−2 */
        {"1,234.5", 1234.5},
        {"\xE3\x80\x80" "42\xE3\x80\x80", 42.0},    /* ideographic spaces */
        {"\xC2\xA0" "42\xC2\xA0", 42.0},              /* no-break spaces */
    };
    return cr_make_param_array(struct num_ok, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct num_ok *c, num_parse, accepted)
{
    double v = UNTOUCHED;
    ce_num_result r = ce_num_parse(c->text, strlen(c->text), &v);
    cr_assert_eq(r, CE_NUM_OK, "\"%s\": result %d, want CE_NUM_OK", c->text, (int)r);
    cr_assert(v == c->want, "\"%s\": got %.17g, want %.17g", c->text, v, c->want);
}

/* ---- missing tokens ---- */

struct text_case {
    char text[48];
};

ParameterizedTestParameters(num_parse, missing)
{
    static struct text_case cases[] = {
        {""},     {"   "},  {"\t"},   {" \t "}, {"NA"},           {"N/A"},        {"n/a"},
        {"null"}, {"-"},    {" NA "}, {"\t-\t"}, {"\xE2\x80\x94"}, {" \xE2\x80\x94 "},
        /* issue 15: the markers of Chinese exports */
        {"/"}, {"\xEF\xBC\x8F"} /* ／ */, {"--"}, {"---"},
        {"\xE2\x80\x94\xE2\x80\x94"} /* —— */, {"\xE2\x80\x95\xE2\x80\x95"} /* ―― */,
        {"\xE2\x80\x93"} /* – */, {"\xEF\xBC\x8D"} /* － */, {"\xE2\x88\x92"} /* − */,
        {"\xEF\xBC\x8D\xEF\xBC\x8D"} /* －－ */,
        {"\xE6\x97\xA0"} /* 无 */, {"\xE6\x9A\x82\xE6\x97\xA0"} /* 暂无 */,
        {"\xE4\xB8\x8D\xE9\x80\x82\xE7\x94\xA8"} /* 不适用 */,
        {"\xE7\xBC\xBA\xE5\xA4\xB1"} /* 缺失 */,
        {"\xE6\x9C\xAA\xE6\x8A\xA5\xE9\x80\x81"} /* 未报送 */,
        {"\xE6\x9C\xAA\xE5\xA1\xAB\xE6\x8A\xA5"} /* 未填报 */,
        {"na"}, {"Na"}, {"NULL"}, {"Null"}, {"n/A"}, {"N/a"},
        {"\xEF\xBC\xAE\xEF\xBC\xA1"} /* ＮＡ */, {"N\xEF\xBC\x8F" "A"} /* N／A */,
        {"\xE3\x80\x80/\xE3\x80\x80"} /* ideographic spaces around / */,
        {"\xC2\xA0\xE6\x97\xA0\xC2\xA0"} /* no-break spaces around 无 */,
        {"\xE3\x80\x80"} /* an ideographic space alone */,
    };
    return cr_make_param_array(struct text_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct text_case *c, num_parse, missing)
{
    double v = UNTOUCHED;
    ce_num_result r = ce_num_parse(c->text, strlen(c->text), &v);
    cr_assert_eq(r, CE_NUM_MISSING, "\"%s\": result %d, want CE_NUM_MISSING", c->text, (int)r);
    cr_assert(isnan(v), "\"%s\": *out = %g, want NaN", c->text, v);
    cr_assert_eq(ce_num_is_missing(c->text, strlen(c->text)), 1, "\"%s\"", c->text);
}

/* ---- rejected: near-misses of the missing tokens and garbage ---- */

ParameterizedTestParameters(num_parse, invalid)
{
    static struct text_case cases[] = {
        /* look like missing tokens but are not in the list */
        {"N.A."}, {"none"}, {"//"}, {"-/"}, {"#N/A"}, {"nul"}, {"\xE6\x97\xA0\xE6\x95\x88"} /* 无效 */,
        {"\xE2\x80\xA6"}, /* … */
        {"~"}, {"_"},
        /* a comma is a thousands separator only between groups of three */
        {"1,5"}, {"1,50"}, {"1,5000"}, {"12,34,567"},
        /* accounting negatives: no sign inside, one pair of brackets */
        {"(-5)"}, {"(+5)"}, {"-(5)"}, {"((5))"}, {"()"}, {"(5"}, {"5)"}, {"(1,5)"},
        {"(5)(6)"}, {"(%)"},
        /* bad thousands groups */
        {"1,23"}, {"1234,567"}, {",123"}, {"1,,234"}, {"1,234,56"}, {"1.234,5"}, {"12,3456"},
        {"1,234,"}, {"0.1,234"},
        /* percent */
        {"%"}, {"12%%"}, {"%12"}, {"-%"},
        /* garbage */
        {"12..5"}, {"abc"}, {"1 2"}, {"0x1A"}, {"1e"}, {"1e+"}, {"e5"}, {"+"}, {"-+1"}, {"+-1"},
        {"."}, {"-."}, {"12a"}, {"1.5.2"}, {"1-2"}, {"12e5.5"}, {"1e5e5"},
        {"\xEF\xBC\x91\xEF\xBC\x92\xE5\x85\x83"}, /* １２元 */
        {"\xE2\x88\x9E"},                         /* ∞ */
        {"\xD9\xA1\xD9\xA2"},                     /* Arabic-Indic digits */
        {"1\xC2\xA0" "000"},                      /* no-break space as separator */
    };
    return cr_make_param_array(struct text_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct text_case *c, num_parse, invalid)
{
    double v = UNTOUCHED;
    ce_num_result r = ce_num_parse(c->text, strlen(c->text), &v);
    cr_assert_eq(r, CE_NUM_INVALID, "\"%s\": result %d, want CE_NUM_INVALID", c->text, (int)r);
    cr_assert(v == UNTOUCHED, "\"%s\": *out changed to %g", c->text, v);
    cr_assert_eq(ce_num_is_missing(c->text, strlen(c->text)), 0, "\"%s\"", c->text);
}

/* ---- non-finite ---- */

ParameterizedTestParameters(num_parse, nonfinite)
{
    static struct text_case cases[] = {
        {"nan"}, {"NaN"}, {"NAN"}, {"-nan"}, {"inf"}, {"+inf"}, {"INF"},
        {"-Infinity"}, {"infinity"}, {"1e999"}, {"-1e400"}, {"1,000e999"}, {" inf "},
    };
    return cr_make_param_array(struct text_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct text_case *c, num_parse, nonfinite)
{
    double v = UNTOUCHED;
    ce_num_result r = ce_num_parse(c->text, strlen(c->text), &v);
    cr_assert_eq(r, CE_NUM_NONFINITE, "\"%s\": result %d, want CE_NUM_NONFINITE", c->text,
                 (int)r);
    cr_assert(v == UNTOUCHED, "\"%s\": *out changed to %g", c->text, v);
}

/* ---- length, not NUL, ends the cell ---- */

/* Copies text into a heap block of exactly len bytes (no NUL), so that ASan
 * catches any read past the cell. */
static char *unterminated(const char *text, size_t len)
{
    char *p = malloc(len);
    cr_assert_not_null(p);
    memcpy(p, text, len);
    return p;
}

Test(num_parse, length_shorter_than_buffer)
{
    double v = UNTOUCHED;
    cr_assert_eq(ce_num_parse("12345", 3, &v), CE_NUM_OK);
    cr_assert(v == 123.0, "got %g", v);
    cr_assert_eq(ce_num_parse("12.5%junk", 5, &v), CE_NUM_OK);
    cr_assert(v == 12.5, "got %g", v);
    cr_assert_eq(ce_num_parse("1,234", 3, &v), CE_NUM_INVALID); /* "1,2" */
    cr_assert_eq(ce_num_parse("NAN", 2, &v), CE_NUM_MISSING);   /* "NA" */
    cr_assert(isnan(v));
    cr_assert_eq(ce_num_is_missing("N/A", 1), 0);               /* "N" */
    cr_assert_eq(ce_num_is_missing("-1", 1), 1);                /* "-" */
    cr_assert_eq(ce_num_parse("7", 0, &v), CE_NUM_MISSING);     /* empty */
}

Test(num_parse, unterminated_heap_cell)
{
    double v = UNTOUCHED;
    char *a = unterminated("1,234,567.5", 11);
    cr_assert_eq(ce_num_parse(a, 11, &v), CE_NUM_OK);
    cr_assert(v == 1234567.5, "got %.17g", v);
    free(a);

    char *b = unterminated("  -2.5E-2 ", 10);
    cr_assert_eq(ce_num_parse(b, 10, &v), CE_NUM_OK);
    cr_assert(v == -0.025, "got %.17g", v);
    free(b);

    char *c = unterminated("\xEF\xBC\x95\xEF\xBC\x90\xEF\xBC\x85", 9); /* ５０％ */
    cr_assert_eq(ce_num_parse(c, 9, &v), CE_NUM_OK);
    cr_assert(v == 50.0, "got %g", v);
    free(c);

    char *d = unterminated("\xE2\x80\x94", 3); /* — */
    cr_assert_eq(ce_num_parse(d, 3, &v), CE_NUM_MISSING);
    cr_assert(isnan(v));
    free(d);

    char *e = unterminated("1e", 2);
    v = UNTOUCHED;
    cr_assert_eq(ce_num_parse(e, 2, &v), CE_NUM_INVALID);
    cr_assert(v == UNTOUCHED);
    free(e);

    /* A truncated full-width character: only 2 of its 3 bytes are in the cell. */
    char *f = unterminated("\xEF\xBC\x91\xEF\xBC", 5);
    cr_assert_eq(ce_num_parse(f, 5, &v), CE_NUM_INVALID);
    free(f);
}

/* ---- ce_num_is_missing on non-tokens ---- */

Test(num_is_missing, numbers_and_words_are_not_missing)
{
    static const char *const not_missing[] = {"0", "1", "-1", "NaN", "nan", "N", "A", "//",
                                              "NA/", "nul", "nulls", "-1-", "\xE2\x80\x94" "0",
                                              "\xEF\xBC\x8D\xEF\xBC\x91", "x", "(-)",
                                              "\xE6\x9C\x89" /* 有 */, "0%"};
    for (size_t i = 0; i < sizeof not_missing / sizeof not_missing[0]; i++)
        cr_assert_eq(ce_num_is_missing(not_missing[i], strlen(not_missing[i])), 0, "\"%s\"",
                     not_missing[i]);
}

/* ---- booleans ---- */

struct bool_case {
    char text[48];
    ce_bool_result want;
};

ParameterizedTestParameters(bool_parse, forms)
{
    static struct bool_case cases[] = {
        {"1", CE_BOOL_TRUE},
        {"0", CE_BOOL_FALSE},
        {"yes", CE_BOOL_TRUE},
        {"YES", CE_BOOL_TRUE},
        {"Yes", CE_BOOL_TRUE},
        {"no", CE_BOOL_FALSE},
        {"NO", CE_BOOL_FALSE},
        {"true", CE_BOOL_TRUE},
        {"True", CE_BOOL_TRUE},
        {"TRUE", CE_BOOL_TRUE},
        {"false", CE_BOOL_FALSE},
        {"False", CE_BOOL_FALSE},
        {"\xE6\x98\xAF", CE_BOOL_TRUE},  /* 是 */
        {"\xE5\x90\xA6", CE_BOOL_FALSE}, /* 否 */
        {" yes ", CE_BOOL_TRUE},
        {"\t0\t", CE_BOOL_FALSE},
        {" \xE6\x98\xAF ", CE_BOOL_TRUE},
        {"", CE_BOOL_EMPTY},
        {"   ", CE_BOOL_EMPTY},
        {"\t", CE_BOOL_EMPTY},
        /* issue 15 */
        {"y", CE_BOOL_TRUE},
        {"Y", CE_BOOL_TRUE},
        {"n", CE_BOOL_FALSE},
        {"N", CE_BOOL_FALSE},
        {"\xEF\xBC\xB9", CE_BOOL_TRUE},             /* Ｙ */
        {"\xEF\xBC\xAE", CE_BOOL_FALSE},            /* Ｎ */
        {"\xEF\xBC\x91", CE_BOOL_TRUE},             /* full-width １ */
        {"\xEF\xBC\x90", CE_BOOL_FALSE},            /* full-width ０ */
        {"\xE7\xAC\xA6\xE5\x90\x88", CE_BOOL_TRUE}, /* 符合 */
        {"\xE4\xB8\x8D\xE7\xAC\xA6\xE5\x90\x88", CE_BOOL_FALSE}, /* 不符合 */
        {"\xE6\x9C\x89", CE_BOOL_TRUE},             /* 有 */
        {"\xE6\x97\xA0", CE_BOOL_FALSE},            /* 无 */
        {"\xE2\x88\x9A", CE_BOOL_TRUE},             /* √ */
        {"\xC3\x97", CE_BOOL_FALSE},                 /* × */
        {"\xE2\x9C\x93", CE_BOOL_TRUE},             /* ✓ */
        {"\xE2\x9C\x97", CE_BOOL_FALSE},            /* ✗ */
        {"\xE2\x9C\x94", CE_BOOL_TRUE},             /* ✔ */
        {"\xE2\x9C\x98", CE_BOOL_FALSE},            /* ✘ */
        {"\xE3\x80\x80\xE2\x88\x9A\xE3\x80\x80", CE_BOOL_TRUE}, /* √ in ideographic spaces */
        {"TRUE ", CE_BOOL_TRUE},
        {"2", CE_BOOL_INVALID},
        {"x", CE_BOOL_INVALID},
        {"X", CE_BOOL_INVALID},
        {"/", CE_BOOL_INVALID},
        {"-", CE_BOOL_INVALID},
        {"\xE2\x80\x94", CE_BOOL_INVALID},          /* — */
        {"\xE4\xB8\x8D\xE9\x80\x82\xE7\x94\xA8", CE_BOOL_INVALID}, /* 不适用 */
        {"\xE7\xAC\xA6", CE_BOOL_INVALID},          /* 符 */
        {"\xE4\xB8\x8D", CE_BOOL_INVALID},          /* 不 */
        {"\xE2\x88\x9A\xC3\x97", CE_BOOL_INVALID}, /* √× */
        {"1.0", CE_BOOL_INVALID},
        {"ok", CE_BOOL_INVALID},
        {"t", CE_BOOL_INVALID},
        {"on", CE_BOOL_INVALID},
        {"01", CE_BOOL_INVALID},
        {"-1", CE_BOOL_INVALID},
        {"yes!", CE_BOOL_INVALID},
        {"truefalse", CE_BOOL_INVALID},
        {"NA", CE_BOOL_INVALID},
        {"\xE6\x98\xAF\xE7\x9A\x84", CE_BOOL_INVALID}, /* 是的 */
    };
    return cr_make_param_array(struct bool_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct bool_case *c, bool_parse, forms)
{
    ce_bool_result r = ce_bool_parse(c->text, strlen(c->text));
    cr_assert_eq(r, c->want, "\"%s\": got %d, want %d", c->text, (int)r, (int)c->want);
}

Test(bool_parse, length_shorter_than_buffer)
{
    cr_assert_eq(ce_bool_parse("yesterday", 3), CE_BOOL_TRUE);
    cr_assert_eq(ce_bool_parse("0123", 1), CE_BOOL_FALSE);
    cr_assert_eq(ce_bool_parse("true", 3), CE_BOOL_INVALID); /* "tru" */
    cr_assert_eq(ce_bool_parse("yes", 0), CE_BOOL_EMPTY);
    char *p = malloc(5);
    cr_assert_not_null(p);
    memcpy(p, "False", 5);
    cr_assert_eq(ce_bool_parse(p, 5), CE_BOOL_FALSE);
    free(p);
}

/* A review's result: the yes/no words and pass/fail; only there. */
Test(bool_parse, review_results)
{
    static const struct {
        const char *text;
        ce_bool_result review, plain;
    } cases[] = {
        {"pass", CE_BOOL_TRUE, CE_BOOL_INVALID},
        {"Passed", CE_BOOL_TRUE, CE_BOOL_INVALID},
        {"\xEF\xBC\xB0\xEF\xBC\xA1\xEF\xBC\xB3\xEF\xBC\xB3", CE_BOOL_TRUE, CE_BOOL_INVALID}, /* ＰＡＳＳ */
        {"\xE9\x80\x9A\xE8\xBF\x87", CE_BOOL_TRUE, CE_BOOL_INVALID},             /* 通过 */
        {"\xE5\x90\x88\xE6\xA0\xBC", CE_BOOL_TRUE, CE_BOOL_INVALID},             /* 合格 */
        {"FAIL", CE_BOOL_FALSE, CE_BOOL_INVALID},
        {"failed", CE_BOOL_FALSE, CE_BOOL_INVALID},
        {"\xE6\x9C\xAA\xE9\x80\x9A\xE8\xBF\x87", CE_BOOL_FALSE, CE_BOOL_INVALID}, /* 未通过 */
        {"\xE4\xB8\x8D\xE5\x90\x88\xE6\xA0\xBC", CE_BOOL_FALSE, CE_BOOL_INVALID}, /* 不合格 */
        {"\xE2\x88\x9A", CE_BOOL_TRUE, CE_BOOL_TRUE},                            /* √ */
        {"\xE5\x90\xA6", CE_BOOL_FALSE, CE_BOOL_FALSE},                          /* 否 */
        {" ", CE_BOOL_EMPTY, CE_BOOL_EMPTY},
        {"\xE5\xBE\x85\xE5\xAE\x9A", CE_BOOL_INVALID, CE_BOOL_INVALID},        /* 待定 */
        {"passes", CE_BOOL_INVALID, CE_BOOL_INVALID},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t len = strlen(cases[k].text);
        cr_assert_eq(ce_bool_parse_review(cases[k].text, len), cases[k].review, "%s",
                     cases[k].text);
        cr_assert_eq(ce_bool_parse(cases[k].text, len), cases[k].plain, "%s", cases[k].text);
    }
}

/* ---- directions (issue 15) ---- */

struct dir_case {
    char text[48];
    int want;
};

ParameterizedTestParameters(direction_parse, forms)
{
    static struct dir_case cases[] = {
        {"+", 1}, {"1", 1}, {"+1", 1}, {" + ", 1},
        {"\xE6\xAD\xA3\xE5\x90\x91", 1},                         /* 正向 */
        {"\xE6\xAD\xA3", 1},                                       /* 正 */
        {"\xE6\xAD\xA3\xE5\x90\x91\xE6\x8C\x87\xE6\xA0\x87", 1}, /* 正向指标 */
        {"\xEF\xBC\x8B", 1},                                       /* ＋ */
        {"-", -1}, {"-1", -1},
        {"\xE8\xB4\x9F\xE5\x90\x91", -1},                        /* 负向 */
        {"\xE8\xB4\x9F", -1},                                      /* 负 */
        {"\xE9\x80\x86\xE5\x90\x91", -1},                        /* 逆向 */
        {"\xE9\x80\x86\xE5\x90\x91\xE6\x8C\x87\xE6\xA0\x87", -1}, /* 逆向指标 */
        {"\xEF\xBC\x8D", -1},                                      /* － */
        {"\xE2\x88\x92", -1},                                      /* − */
        {"\xE2\x88\x92" "1", -1},                                  /* −1 */
        {"\xEF\xBC\x8D\xEF\xBC\x91", -1},                        /* －１ */
        {"", 0}, {"  ", 0},
        {"up", 2}, {"down", 2}, {"0", 2}, {"2", 2}, {"++", 2}, {"--", 2}, {"+-", 2},
        {"\xE2\x80\x94", 2},                                       /* — is a dash, not a minus */
        {"\xE6\xAD\xA3\xE8\xB4\x9F", 2},                         /* 正负 */
        {"\xE5\x90\x91", 2},                                       /* 向 */
    };
    return cr_make_param_array(struct dir_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct dir_case *c, direction_parse, forms)
{
    int got = ce_direction_parse(c->text, strlen(c->text));
    cr_assert_eq(got, c->want, "\"%s\": got %d, want %d", c->text, got, c->want);
}

/* ---- whether a number carried a % (issue 15: the mixed-% warning) ---- */

Test(num_parse_percent, says_which_cells_carried_a_percent)
{
    static const struct {
        const char *text;
        ce_num_result r;
        double value;
        int percent;
    } cases[] = {
        {"83.15%", CE_NUM_OK, 83.15, 1},
        {"0.8315", CE_NUM_OK, 0.8315, 0},
        {"\xEF\xBC\x98\xEF\xBC\x93\xEF\xBC\x85", CE_NUM_OK, 83, 1}, /* ８３％ */
        {"(5%)", CE_NUM_OK, -5, 1},
        {"1,234", CE_NUM_OK, 1234, 0},
        {"/", CE_NUM_MISSING, NAN, 0},
        {"12%%", CE_NUM_INVALID, 0, 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        double v = UNTOUCHED;
        int pct = 7;
        ce_num_result r = ce_num_parse_percent(cases[k].text, strlen(cases[k].text), &v, &pct);
        cr_assert_eq(r, cases[k].r, "%s", cases[k].text);
        cr_assert_eq(pct, cases[k].percent, "%s: percent %d", cases[k].text, pct);
        if (r == CE_NUM_OK)
            cr_assert(v == cases[k].value, "%s: got %.17g", cases[k].text, v);
        else if (r == CE_NUM_MISSING)
            cr_assert(isnan(v), "%s", cases[k].text);
    }
}

/* An accounting negative is a negative amount: not money. */
Test(money_parse, accounting_negative_refused)
{
    long long fen = 0;
    cr_assert_eq(ce_money_parse("(3,861)", 7, &fen), -1);
    cr_assert_eq(ce_money_parse("/", 1, &fen), 1);
    cr_assert_eq(ce_money_parse("3,861", 5, &fen), 0);
    cr_assert_eq(fen, 386100);
}

/* The contract sets no length limit: a long cell in an accepted form is a number. */
Test(num_parse, long_cell_in_accepted_form)
{
    char text[256];
    text[0] = '1';
    memset(text + 1, '0', 199); /* 1 followed by 199 zeros = 1e199 */
    double v = UNTOUCHED;
    ce_num_result r = ce_num_parse(text, 200, &v);
    cr_assert_eq(r, CE_NUM_OK, "200-digit integer: result %d, want CE_NUM_OK", (int)r);
    cr_assert(v == 1e199, "got %.17g", v);
}

/* ---- the exact fast path agrees with strtod bit for bit ---- */

/* splitmix64: a fixed, portable sequence of test inputs. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

Test(num_parse, same_double_as_strtod_for_200000_random_decimals)
{
    uint64_t state = 20231;
    char text[64];
    for (int k = 0; k < 200000; k++) {
        uint64_t r = next_random(&state);
        /* 1 to 19 significant digits, 0 to 12 decimals, some with exponents
         * up to +-30, some negative: inside and outside the fast path. */
        int digits = 1 + (int)(r % 19);
        uint64_t mant = next_random(&state) % UINT64_C(10000000000000000000);
        char mtext[24];
        snprintf(mtext, sizeof mtext, "%0*llu", digits,
                 (unsigned long long)(mant % (digits >= 19 ? UINT64_C(10000000000000000000)
                                                           : (uint64_t)pow(10, digits))));
        int decimals = (int)((r >> 8) % 13);
        if (decimals >= digits)
            decimals = digits - 1;
        int exp = (r >> 16) % 4 == 0 ? (int)((r >> 24) % 61) - 30 : 0;
        const char *sign = (r >> 32) % 3 == 0 ? "-" : "";
        size_t int_len = (size_t)(digits - decimals);
        if (decimals > 0)
            snprintf(text, sizeof text, "%s%.*s.%s", sign, (int)int_len, mtext, mtext + int_len);
        else
            snprintf(text, sizeof text, "%s%s", sign, mtext);
        if (exp != 0) {
            size_t len = strlen(text);
            snprintf(text + len, sizeof text - len, "e%d", exp);
        }
        double got = UNTOUCHED, want = strtod(text, NULL);
        cr_assert_eq(ce_num_parse(text, strlen(text), &got), CE_NUM_OK, "%s", text);
        cr_assert(memcmp(&got, &want, sizeof got) == 0, "%s: got %.17g, strtod %.17g", text,
                  got, want);
    }
}

Test(num_parse, fast_path_edges_match_strtod)
{
    static const char *const cases[] = {
        "9007199254740992",      /* 2^53: still exact */
        "9007199254740993",      /* 2^53 + 1: must round like strtod */
        "0.1", "0.3", "1e22", "1e23", "1e-22", "1e-23", "123456789012345678e-3",
        "4.35", "0.000000000000000000000000000001", "-0", "-0.0", "0.0e5",
        "1.7976931348623157e308", "2.2250738585072014e-308", "4.9e-324"};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        double got = UNTOUCHED, want = strtod(cases[k], NULL);
        cr_assert_eq(ce_num_parse(cases[k], strlen(cases[k]), &got), CE_NUM_OK, "%s",
                     cases[k]);
        cr_assert(memcmp(&got, &want, sizeof got) == 0, "%s: got %.17g, strtod %.17g",
                  cases[k], got, want);
    }
}

/* ---- the decimal as written (for money, issue 13) ---- */

static ce_num_decimal decimal(const char *text, ce_num_result want)
{
    ce_num_decimal d;
    memset(&d, 0x5a, sizeof d);
    cr_assert_eq(ce_num_parse_decimal(text, strlen(text), &d), want, "\"%s\"", text);
    return d;
}

Test(num_parse_decimal, exact_significand_and_exponent)
{
    static const struct {
        const char *text;
        int negative;
        unsigned long long significand;
        long exponent;
        int exact, percent;
        double value;
    } cases[] = {
        {"45000.005", 0, 45000005, -3, 1, 0, 45000.005},
        {"45,000.50", 0, 4500050, -2, 1, 0, 45000.5},
        {"0.1", 0, 1, -1, 1, 0, 0.1},
        {"-0.010", 1, 10, -3, 1, 0, -0.01},
        {"4.5e4", 0, 45, 3, 1, 0, 45000},
        {"１２０００", 0, 12000, 0, 1, 0, 12000},
        {"30%", 0, 30, 0, 1, 1, 30},
        {"0", 0, 0, 0, 1, 0, 0},
        {"0.000", 0, 0, -3, 1, 0, 0},
        /* 19 significant digits, then zeros: still exact */
        {"45000.00000000000000000000", 0, 4500000000000000000ULL, -14, 1, 0, 45000},
        {"12345678901234567890", 0, 1234567890123456789ULL, 1, 1, 0, 12345678901234567890.0},
        /* a non-zero digit beyond the 19th: not exact */
        {"45000.0000000000000000001", 0, 4500000000000000000ULL, -14, 0, 0, 45000},
        {"12345678901234567891", 0, 1234567890123456789ULL, 1, 0, 0, 12345678901234567891.0},
        /* issue 15: an accounting negative is negative */
        {"(3,861)", 1, 3861, 0, 1, 0, -3861},
        {"\xE2\x88\x92" "0.5", 1, 5, -1, 1, 0, -0.5},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ce_num_decimal d = decimal(cases[i].text, CE_NUM_OK);
        cr_assert_eq(d.negative, cases[i].negative, "%s", cases[i].text);
        cr_assert_eq(d.significand, cases[i].significand, "%s: %llu", cases[i].text,
                     d.significand);
        cr_assert_eq(d.exponent, cases[i].exponent, "%s: %ld", cases[i].text, d.exponent);
        cr_assert_eq(d.exact, cases[i].exact, "%s", cases[i].text);
        cr_assert_eq(d.percent, cases[i].percent, "%s", cases[i].text);
        cr_assert_eq(d.value, cases[i].value, "%s: %.17g", cases[i].text, d.value);
        double v;
        cr_assert_eq(ce_num_parse(cases[i].text, strlen(cases[i].text), &v), CE_NUM_OK);
        cr_assert_eq(v, d.value, "%s: the same double as ce_num_parse", cases[i].text);
    }
    decimal("NA", CE_NUM_MISSING);
    decimal("", CE_NUM_MISSING);
    decimal("12..5", CE_NUM_INVALID);
    decimal("1e400", CE_NUM_NONFINITE);
}

/* ---- money ---------------------------------------------------------------- */

static long long money(const char *text, int expect_rc)
{
    long long fen = -777;
    cr_assert_eq(ce_money_parse(text, strlen(text), &fen), expect_rc, "\"%s\"", text);
    return fen;
}

Test(numparse, money_parse)
{
    cr_assert_eq(money("45,000", 0), 4500000);
    cr_assert_eq(money("１２０００", 0), 1200000);
    cr_assert_eq(money("33333.33", 0), 3333333);
    cr_assert_eq(money(" 50000 ", 0), 5000000);
    cr_assert_eq(money("0", 0), 0);
    cr_assert_eq(money("0.01", 0), 1);
    cr_assert_eq(money("10000000000", 0), CE_MONEY_MAX_FEN); /* 10^10 CNY: the limit */
    cr_assert_eq(money("4.5e4", 0), 4500000);
    cr_assert_eq(money("4.50001E4", 0), 4500010);
    cr_assert_eq(money("1e-2", 0), 1);
    cr_assert_eq(money("-0", 0), 0);

    cr_assert_eq(money("-1", -1), -777);
    cr_assert_eq(money("-0.01", -1), -777);
    cr_assert_eq(money("10000000000.01", -1), -777);
    cr_assert_eq(money("1e300", -1), -777);
    cr_assert_eq(money("1e99999", -1), -777);
    cr_assert_eq(money("abc", -1), -777);
    cr_assert_eq(money("NA", 1), -777);
    cr_assert_eq(money("", 1), -777);
    cr_assert_eq(money("—", 1), -777);
}

/* The fen is the smallest unit of CNY: an amount with a non-zero digit
 * after the second decimal is not an amount of money and is refused, never
 * rounded (45000.005 used to become 45000.01, more than was asked). Zeros
 * after the second decimal change nothing; a percentage is not money
 * (issue 13). */
Test(numparse, money_parse_refuses_fractions_of_a_fen)
{
    cr_assert_eq(money("45000.005", -1), -777);
    cr_assert_eq(money("45000.004", -1), -777);
    cr_assert_eq(money("0.005", -1), -777);
    cr_assert_eq(money("1.005", -1), -777);
    cr_assert_eq(money("2.675", -1), -777);
    cr_assert_eq(money("45000.0000000000000000001", -1), -777); /* beyond a double */
    cr_assert_eq(money("1e-3", -1), -777);
    cr_assert_eq(money("45,000.009", -1), -777);
    cr_assert_eq(money("４５０００．００５", -1), -777);
    cr_assert_eq(money("45000%", -1), -777);
    cr_assert_eq(money("45000.000", 0), 4500000);
    cr_assert_eq(money("45000.10", 0), 4500010);
    cr_assert_eq(money("45000.00000000000000000000000", 0), 4500000);
    cr_assert_eq(money("0.000", 0), 0);
    cr_assert_eq(money("９９９９９９９９．９９", 0), 9999999999);
}

Test(numparse, money_format)
{
    char out[32];
    cr_assert_str_eq(ce_money_format(5000000, out, sizeof out), "50000.00");
    cr_assert_str_eq(ce_money_format(5, out, sizeof out), "0.05");
    cr_assert_str_eq(ce_money_format(0, out, sizeof out), "0.00");
    cr_assert_str_eq(ce_money_format(123456789, out, sizeof out), "1234567.89");
    cr_assert_str_eq(ce_money_format(-250, out, sizeof out), "-2.50");
    cr_assert_str_eq(ce_money_format(CE_MONEY_MAX_FEN, out, sizeof out), "10000000000.00");
}
