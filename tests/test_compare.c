/* test_compare.c - rank correlations, the side-by-side comparison and the
 * reader of an earlier ranked CSV (compare.h); and the report writers that
 * print them (ce_report_ranking_csv_extra, ce_report_comparison_csv).
 *
 * Expected values: Spearman's rho and Kendall's tau-b hand-computed below
 * (each case shows its pair counts), and R's documented example of
 * cor.test (Hollander & Wolfe 1973, p. 187: tau = 0.4444444, rho = 0.6).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/compare.h"
#include "clustereval/pipeline.h"
#include "clustereval/report.h"

#include "testutil.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static double spearman(const double *x, const double *y, size_t n, size_t *pairs)
{
    double rho = -99;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_compare_spearman(x, y, n, &rho, pairs, &err), CE_OK, "%s", err.msg);
    return rho;
}

static double kendall(const double *x, const double *y, size_t n, size_t *pairs)
{
    double tau = -99;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_compare_kendall_tau_b(x, y, n, &tau, pairs, &err), CE_OK, "%s", err.msg);
    return tau;
}

/* ---- average ranks ------------------------------------------------------- */

Test(average_ranks, from_competition_ranks)
{
    const double comp[] = {1, 2, 2, 4};
    const double want[] = {1, 2.5, 2.5, 4};
    double out[4];
    cr_assert_eq(ce_compare_average_ranks(comp, 4, out, NULL), CE_OK);
    for (size_t i = 0; i < 4; i++)
        cr_assert_eq(out[i], want[i], "[%zu] = %g, want %g", i, out[i], want[i]);
}

Test(average_ranks, three_tied_after_the_first_in_any_order_in_place)
{
    double x[] = {2, 1, 2, 2, 5}; /* competition ranks 1 2 2 2 5, shuffled */
    const double want[] = {3, 1, 3, 3, 5};
    cr_assert_eq(ce_compare_average_ranks(x, 5, x, NULL), CE_OK);
    for (size_t i = 0; i < 5; i++)
        cr_assert_eq(x[i], want[i], "[%zu] = %g, want %g", i, x[i], want[i]);
}

Test(average_ranks, nan_stays_nan_and_takes_no_place)
{
    const double x[] = {NAN, 7, 3, NAN, 3};
    double out[5];
    cr_assert_eq(ce_compare_average_ranks(x, 5, out, NULL), CE_OK);
    cr_assert(isnan(out[0]) && isnan(out[3]));
    cr_assert_eq(out[1], 3);
    cr_assert_eq(out[2], 1.5);
    cr_assert_eq(out[4], 1.5);
    cr_assert_eq(ce_compare_average_ranks(x, 0, out, NULL), CE_OK);
}

/* ---- Spearman and Kendall on hand-computed cases ------------------------- */

/* x = 1 2 2 4, y = 1 3 2 4.
 * rho: average ranks x 1 2.5 2.5 4, y 1 3 2 4; deviations from 2.5:
 *   x -1.5 0 0 1.5, y -1.5 .5 -.5 1.5: Sxy 4.5, Sxx 4.5, Syy 5, rho = 3/sqrt(10).
 * tau-b: of the 6 pairs 5 concordant, 0 discordant, 1 tied in x only:
 *   n0 6, n1 1, n2 0, tau-b = 5 / sqrt(5 * 6) = 5/sqrt(30). */
Test(rank_correlation, ties_in_x)
{
    const double x[] = {1, 2, 2, 4}, y[] = {1, 3, 2, 4};
    size_t p = 0;
    cr_assert_float_eq(spearman(x, y, 4, &p), 3 / sqrt(10), 1e-14);
    cr_assert_eq(p, 4);
    cr_assert_float_eq(kendall(x, y, 4, &p), 5 / sqrt(30), 1e-14);
    cr_assert_eq(p, 4);
    /* symmetric */
    cr_assert_float_eq(spearman(y, x, 4, NULL), 3 / sqrt(10), 1e-14);
    cr_assert_float_eq(kendall(y, x, 4, NULL), 5 / sqrt(30), 1e-14);
}

/* x = 1 1 3 4 5, y = 2 1 1 4 4 (ties on both sides).
 * tau-b: pairs (1,2) tied in x; (2,3) and (4,5) tied in y; (1,3) discordant;
 *   the other 6 concordant. n0 10, n1 1, n2 2: tau-b = (6 - 1)/sqrt(9 * 8).
 * rho: ranks x 1.5 1.5 3 4 5, y 3 1.5 1.5 4.5 4.5 (means 3):
 *   Sxy 6.75, Sxx 9.5, Syy 9: rho = 6.75 / sqrt(85.5). */
Test(rank_correlation, ties_on_both_sides)
{
    const double x[] = {1, 1, 3, 4, 5}, y[] = {2, 1, 1, 4, 4};
    cr_assert_float_eq(kendall(x, y, 5, NULL), 5 / sqrt(72), 1e-14);
    cr_assert_float_eq(spearman(x, y, 5, NULL), 6.75 / sqrt(85.5), 1e-14);
}

/* R's ?cor.test example (Hollander & Wolfe 1973, p. 187), no ties:
 * cor.test(x, y, method = "kendall") gives T = 26, tau 0.4444444 (26
 * concordant, 10 discordant of 36: 16/36); method = "spearman" gives
 * S = 48, rho 0.6 (1 - 6 * 48 / (9 * 80)). */
Test(rank_correlation, r_cor_test_example)
{
    const double x[] = {44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1};
    const double y[] = {2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8};
    cr_assert_float_eq(kendall(x, y, 9, NULL), 16.0 / 36.0, 1e-14);
    cr_assert_float_eq(spearman(x, y, 9, NULL), 0.6, 1e-14);
}

Test(rank_correlation, perfect_agreement_and_reversal)
{
    const double x[] = {1, 2, 2, 4, 5, 6}, same[] = {10, 20, 20, 40, 50, 60};
    const double rev[] = {6, 5, 5, 3, 2, 1};
    cr_assert_float_eq(spearman(x, same, 6, NULL), 1.0, 1e-14);
    cr_assert_float_eq(kendall(x, same, 6, NULL), 1.0, 1e-14);
    cr_assert_float_eq(spearman(x, rev, 6, NULL), -1.0, 1e-14);
    cr_assert_float_eq(kendall(x, rev, 6, NULL), -1.0, 1e-14);
}

Test(rank_correlation, pairs_with_a_nan_are_skipped)
{
    /* The ties_in_x case with three extra pairs that lack a value. */
    const double x[] = {NAN, 1, 2, 9, 2, 4, NAN};
    const double y[] = {5, 1, 3, NAN, 2, 4, NAN};
    size_t p = 0, q = 0;
    cr_assert_float_eq(spearman(x, y, 7, &p), 3 / sqrt(10), 1e-14);
    cr_assert_float_eq(kendall(x, y, 7, &q), 5 / sqrt(30), 1e-14);
    cr_assert_eq(p, 4);
    cr_assert_eq(q, 4);
}

Test(rank_correlation, re_ranked_among_the_pairs)
{
    /* Competition ranks of 5 clusters; cluster 3 is unranked on one side.
     * Among the 4 left the orders agree: rho = tau = 1, though the ranks
     * themselves (1 2 4 5 vs 1 2 3 4) differ. */
    const double a[] = {1, 2, 3, 4, 5}, b[] = {1, 2, NAN, 3, 4};
    cr_assert_float_eq(spearman(a, b, 5, NULL), 1.0, 1e-14);
    cr_assert_float_eq(kendall(a, b, 5, NULL), 1.0, 1e-14);
}

Test(rank_correlation, fewer_than_two_pairs_is_nan)
{
    const double x[] = {1, NAN, 3}, y[] = {2, 5, NAN};
    size_t p = 9;
    cr_assert(isnan(spearman(x, y, 3, &p)));
    cr_assert_eq(p, 1);
    cr_assert(isnan(kendall(x, y, 3, &p)));
    cr_assert_eq(p, 1);
    cr_assert(isnan(spearman(x, y, 0, &p)));
    cr_assert_eq(p, 0);
    cr_assert(isnan(kendall(x, y, 0, NULL)));
}

Test(rank_correlation, two_pairs_and_constant_sides)
{
    const double x[] = {1, 2}, up[] = {3, 4}, down[] = {4, 3}, flat[] = {7, 7};
    cr_assert_eq(spearman(x, up, 2, NULL), 1.0);
    cr_assert_eq(spearman(x, down, 2, NULL), -1.0);
    cr_assert_eq(kendall(x, up, 2, NULL), 1.0);
    cr_assert_eq(kendall(x, down, 2, NULL), -1.0);
    cr_assert(isnan(spearman(x, flat, 2, NULL)));
    cr_assert(isnan(kendall(x, flat, 2, NULL)));
    const double x4[] = {1, 2, 3, 4}, c4[] = {2, 2, 2, 2};
    cr_assert(isnan(spearman(x4, c4, 4, NULL)));
    cr_assert(isnan(kendall(c4, x4, 4, NULL)));
}

/* The O(n^2) definition, to check Knight's algorithm against. */
static double tau_b_by_pairs(const double *x, const double *y, size_t n)
{
    long long c = 0, d = 0, tx = 0, ty = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            if (isnan(x[i]) || isnan(y[i]) || isnan(x[j]) || isnan(y[j]))
                continue;
            int a = (x[i] > x[j]) - (x[i] < x[j]), b = (y[i] > y[j]) - (y[i] < y[j]);
            if (a == 0 && b == 0)
                continue;
            if (a == 0)
                tx++;
            else if (b == 0)
                ty++;
            else if (a == b)
                c++;
            else
                d++;
        }
    return (double)(c - d) / sqrt((double)(c + d + tx) * (double)(c + d + ty));
}

Test(rank_correlation, knight_equals_the_pair_count_on_random_ties)
{
    /* 1500 pairs on few distinct values (many ties), some missing, from a
     * fixed linear congruential generator. */
    enum { N = 1500 };
    static double x[N], y[N];
    uint32_t s = 12345;
    for (size_t i = 0; i < N; i++) {
        s = s * 1103515245u + 12345u;
        x[i] = (double)((s >> 16) % 40);
        s = s * 1103515245u + 12345u;
        y[i] = (s >> 16) % 3 ? x[i] + (double)((s >> 8) % 25) : (double)((s >> 4) % 60);
        if (i % 97 == 5)
            x[i] = NAN;
        if (i % 89 == 7)
            y[i] = NAN;
    }
    double want = tau_b_by_pairs(x, y, N);
    cr_assert(want > 0.2 && want < 0.95, "test data too trivial: %g", want);
    cr_assert_float_eq(kendall(x, y, N, NULL), want, 1e-12);
}

/* ---- two rankings side by side ------------------------------------------- */

/* Six clusters, two awards each side:
 *   id  rank_a award_a  rank_b award_b
 *   A   1      yes      1      yes
 *   B   2      yes      4      no     enters (up 2)
 *   C   3      no       2      yes    leaves (down 1)
 *   D   4      no       3      no     down 1
 *   E   5      no       -      no     unranked under b
 *   F   -      no       5      no     unranked under a */
static const char *const ids6[] = {"A", "B", "C", "D", "E", "F"};
static const double ra6[] = {1, 2, 3, 4, 5, NAN}, rb6[] = {1, 4, 2, 3, NAN, 5};
static const ce_award aa6[] = {CE_AWARD_YES, CE_AWARD_YES, CE_AWARD_NO,
                               CE_AWARD_NO,  CE_AWARD_NO,  CE_AWARD_NO};
static const ce_award ab6[] = {CE_AWARD_YES, CE_AWARD_NO, CE_AWARD_YES,
                               CE_AWARD_NO,  CE_AWARD_NO, CE_AWARD_NO};

static ce_comparison run_compare(const ce_compare_input *in, size_t max_movers)
{
    ce_comparison c;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_compare_run(in, max_movers, &c, &err), CE_OK, "%s", err.msg);
    return c;
}

Test(compare_run, enter_leave_movers_and_statistics)
{
    ce_compare_input in = {6, ids6, ra6, rb6, aa6, ab6, NULL, NULL};
    ce_comparison c = run_compare(&in, 10);
    cr_assert_eq(c.n_both, 6);
    cr_assert_eq(c.pairs, 4); /* A B C D */
    /* a: A1 B2 C3 D4; b: A1 B4 C2 D3. tau: pairs AB AC AD concordant, BC BD
     * discordant, CD concordant: (4-2)/6. rho: d = 0,-2,1,1: 1-6*6/(4*15). */
    cr_assert_float_eq(c.tau_b, 2.0 / 6.0, 1e-14);
    cr_assert_float_eq(c.rho, 0.4, 1e-14);
    cr_assert(c.awards_known);
    cr_assert_eq(c.n_enter, 1);
    cr_assert_eq(c.enter[0], 1); /* B */
    cr_assert_eq(c.n_leave, 1);
    cr_assert_eq(c.leave[0], 2); /* C */
    cr_assert_eq(c.n_moved, 3);
    cr_assert_eq(c.max_change, 2);
    cr_assert_eq(c.n_movers, 3);
    cr_assert_eq(c.movers[0], 1); /* B by 2, then C and D by 1 in id order */
    cr_assert_eq(c.movers[1], 2);
    cr_assert_eq(c.movers[2], 3);
    cr_assert_eq(c.n_added, 0);
    cr_assert_eq(c.n_dropped, 0);
    ce_comparison_fini(&c);
    ce_comparison_fini(&c); /* safe twice */
    ce_comparison_fini(NULL);
}

Test(compare_run, movers_capped_ties_by_id_unchanged_left_out)
{
    static const char *const ids[] = {"m", "k", "z", "a", "q", "b"};
    const double ra[] = {1, 2, 3, 4, 5, 6}, rb[] = {1, 5, 6, 2, 3, 4};
    /* changes: m 0, k +3, z +3, a -2, q -2, b -2 */
    ce_compare_input in = {6, ids, ra, rb, NULL, NULL, NULL, NULL};
    ce_comparison c = run_compare(&in, 4);
    cr_assert_eq(c.n_moved, 5);
    cr_assert_eq(c.n_movers, 4);
    const size_t want[] = {1, 2, 3, 5}; /* k z (by 3), a b (by 2, id order); q cut */
    for (size_t k = 0; k < 4; k++)
        cr_assert_eq(c.movers[k], want[k], "mover %zu: %zu, want %zu", k, c.movers[k], want[k]);
    cr_assert(!c.awards_known);
    cr_assert_eq(c.n_enter + c.n_leave, 0);
    ce_comparison_fini(&c);
}

Test(compare_run, enter_and_leave_ordered_by_rank_then_id)
{
    static const char *const ids[] = {"d", "c", "b", "a"};
    const double ra[] = {1, 1, 3, 4}, rb[] = {4, 3, 1, 1};
    const ce_award aa[] = {CE_AWARD_YES, CE_AWARD_YES, CE_AWARD_NO, CE_AWARD_NO};
    const ce_award ab[] = {CE_AWARD_NO, CE_AWARD_TIE, CE_AWARD_YES, CE_AWARD_YES};
    ce_compare_input in = {4, ids, ra, rb, aa, ab, NULL, NULL};
    ce_comparison c = run_compare(&in, 10);
    cr_assert_eq(c.n_enter, 2);
    cr_assert_eq(c.enter[0], 1); /* c and d share rank 1: c first; tie under b is no award */
    cr_assert_eq(c.enter[1], 0);
    cr_assert_eq(c.n_leave, 2);
    cr_assert_eq(c.leave[0], 3); /* a and b share rank 1 under b */
    cr_assert_eq(c.leave[1], 2);
    /* average ranks a 1.5 1.5 3 4, b 4 3 1.5 1.5: Sxy -4, Sxx = Syy = 4.5;
     * pairs: dc tied in a, ba tied in b, the other 4 discordant. */
    cr_assert_float_eq(c.rho, -4.0 / 4.5, 1e-14);
    cr_assert_float_eq(c.tau_b, -4.0 / sqrt(5.0 * 5.0), 1e-14);
    ce_comparison_fini(&c);
}

Test(compare_run, new_and_dropped_by_presence)
{
    /* Matched by id: 0..2 this year (2 is new), 3..4 only last year. */
    static const char *const ids[] = {"X1", "X2", "N1", "D2", "D1"};
    const double ra[] = {2, 1, 3, NAN, NAN}, rb[] = {1, 2, NAN, NAN, 3};
    const ce_award aa[] = {CE_AWARD_NO, CE_AWARD_YES, CE_AWARD_YES, CE_AWARD_NO, CE_AWARD_NO};
    const ce_award ab[] = {CE_AWARD_YES, CE_AWARD_YES, CE_AWARD_NO, CE_AWARD_NO, CE_AWARD_YES};
    const unsigned char in_a[] = {1, 1, 1, 0, 0}, in_b[] = {1, 1, 0, 1, 1};
    ce_compare_input in = {5, ids, ra, rb, aa, ab, in_a, in_b};
    ce_comparison c = run_compare(&in, 10);
    cr_assert_eq(c.n_both, 2);
    cr_assert_eq(c.pairs, 2);
    cr_assert_eq(c.rho, -1.0);
    cr_assert_eq(c.n_added, 1);
    cr_assert_eq(c.added[0], 2);
    cr_assert_eq(c.n_dropped, 2);
    cr_assert_eq(c.dropped[0], 4); /* D1 ranked 3 before D2 unranked */
    cr_assert_eq(c.dropped[1], 3);
    /* N1 (new, awarded) enters; X1 and the dropped D1 (awarded last year) leave. */
    cr_assert_eq(c.n_enter, 1);
    cr_assert_eq(c.enter[0], 2);
    cr_assert_eq(c.n_leave, 2);
    cr_assert_eq(c.leave[0], 0);
    cr_assert_eq(c.leave[1], 4);
    ce_comparison_fini(&c);
}

Test(compare_run, nothing_ranked_in_both)
{
    static const char *const ids[] = {"a", "b"};
    const double ra[] = {1, NAN}, rb[] = {NAN, 1};
    ce_compare_input in = {2, ids, ra, rb, NULL, NULL, NULL, NULL};
    ce_comparison c = run_compare(&in, 10);
    cr_assert_eq(c.pairs, 0);
    cr_assert(isnan(c.rho) && isnan(c.tau_b) && isnan(c.max_change));
    cr_assert_eq(c.n_movers, 0);
    ce_comparison_fini(&c);
}

/* ---- the previous-year reader -------------------------------------------- */

TestSuite(previous, .init = ce_test_dir_init, .fini = ce_test_dir_fini);

static ce_compare_previous *read_ok(const char *name, const char *bytes, size_t len)
{
    char path[256];
    ce_test_write(path, sizeof path, ce_test_dir, name, bytes, len);
    ce_compare_previous *p = NULL;
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_compare_previous_read(path, CE_ENC_AUTO, &p, NULL, &err);
    cr_assert_eq(st, CE_OK, "%s:%zu: %s", err.file, err.line, err.msg);
    cr_assert_str_eq(ce_compare_previous_path(p), path);
    return p;
}

Test(previous, bom_crlf_extra_columns_any_order_unranked)
{
    static const char text[] =
        "\xEF\xBB\xBFnotes,id,city,score,award,rank,name\r\n"
        "x,SD-1,Jinan,64.5,yes,1,\"Alpha, Ltd\"\r\n"
        ",SD-3,Qingdao,50,no,2,Gamma\r\n"
        ",SD-2,Zibo,50,TIE,2,Beta\r\n"
        ",SD-9,Yantai,,no,,Unranked\r\n"
        ",SD-8,Weifang,NA,,NA,Also unranked\r\n";
    ce_compare_previous *p = read_ok("prev.csv", text, sizeof text - 1);
    cr_assert_eq(ce_compare_previous_rows(p), 5);
    cr_assert(ce_compare_previous_has_award(p));
    cr_assert(ce_compare_previous_has_score(p));
    cr_assert_str_eq(ce_compare_previous_id(p, 0), "SD-1");
    cr_assert_str_eq(ce_compare_previous_name(p, 0), "Alpha, Ltd");
    cr_assert_eq(ce_compare_previous_rank(p, 0), 1);
    cr_assert_eq(ce_compare_previous_score(p, 0), 64.5);
    cr_assert_eq(ce_compare_previous_award(p, 0), CE_AWARD_YES);
    cr_assert_eq(ce_compare_previous_award(p, 2), CE_AWARD_TIE);
    cr_assert_eq(ce_compare_previous_award(p, 4), CE_AWARD_NO);
    cr_assert_eq(ce_compare_previous_rank(p, 2), 2);
    cr_assert(isnan(ce_compare_previous_rank(p, 3)));
    cr_assert(isnan(ce_compare_previous_score(p, 3)));
    cr_assert(isnan(ce_compare_previous_rank(p, 4)));
    cr_assert_eq(ce_compare_previous_line(p, 0), 2);
    cr_assert_eq(ce_compare_previous_line(p, 4), 6);
    cr_assert_eq(ce_compare_previous_find(p, "SD-2"), 2);
    cr_assert_eq(ce_compare_previous_find(p, "SD-8"), 4);
    cr_assert_eq(ce_compare_previous_find(p, "SD-1"), 0);
    cr_assert_eq(ce_compare_previous_find(p, "SD-4"), -1);
    cr_assert_eq(ce_compare_previous_find(p, ""), -1);
    /* the same key as the file's ids (idkey.h): case, width, invisibles */
    cr_assert_eq(ce_compare_previous_find(p, "sd-2"), 2);
    cr_assert_eq(ce_compare_previous_find(p, "\xef\xbc\xb3" "D-8"), 4);
    cr_assert_eq(ce_compare_previous_find(p, "SD\xe2\x80\x8b-1 "), 0);
    ce_compare_previous_free(p);
    ce_compare_previous_free(NULL);
}

Test(previous, only_id_and_rank_and_formula_guard_undone)
{
    static const char text[] = "rank,id\n1,'=1+1\n2,'-B\n3,'plain\n";
    ce_compare_previous *p = read_ok("min.csv", text, sizeof text - 1);
    cr_assert(!ce_compare_previous_has_award(p));
    cr_assert(!ce_compare_previous_has_score(p));
    cr_assert_str_eq(ce_compare_previous_id(p, 0), "=1+1");
    cr_assert_str_eq(ce_compare_previous_id(p, 1), "-B");
    cr_assert_str_eq(ce_compare_previous_id(p, 2), "'plain"); /* not a guard */
    cr_assert_str_eq(ce_compare_previous_name(p, 0), "");
    cr_assert(isnan(ce_compare_previous_score(p, 0)));
    cr_assert_eq(ce_compare_previous_award(p, 0), CE_AWARD_NO);
    cr_assert_eq(ce_compare_previous_find(p, "=1+1"), 0);
    ce_compare_previous_free(p);
}

Test(previous, our_own_golden_output_reads_back)
{
    const char *data = getenv("CE_TEST_DATA");
    cr_assert_not_null(data, "CE_TEST_DATA not set");
    char path[1024];
    snprintf(path, sizeof path, "%s/../golden/clusters-2023.default.csv", data);
    ce_compare_previous *p = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_compare_previous_read(path, CE_ENC_AUTO, &p, NULL, &err), CE_OK,
                 "%s:%zu: %s", err.file, err.line, err.msg);
    cr_assert_eq(ce_compare_previous_rows(p), 45);
    long r = ce_compare_previous_find(p, "SD-2023-002");
    cr_assert_eq(r, 0);
    cr_assert_eq(ce_compare_previous_rank(p, 0), 1);
    cr_assert_eq(ce_compare_previous_award(p, 0), CE_AWARD_YES);
    cr_assert_float_eq(ce_compare_previous_score(p, 0), 64.343631, 1e-9);
    ce_compare_previous_free(p);
}

struct bad_previous {
    char name[40];
    char text[200];
    ce_status status;
    size_t line;
    char msg[120]; /* the start of the message */
};

ParameterizedTestParameters(previous, errors)
{
    static struct bad_previous cases[] = {
        {"no_id", "rank,name\n1,a\n", CE_ERR_DATA, 1, "no \"id\" column"},
        {"no_rank", "\xEF\xBB\xBFid,score\r\nA,1\r\n", CE_ERR_DATA, 1, "no \"rank\" column"},
        {"rank_twice", "rank,id,rank\n1,A,1\n", CE_ERR_DATA, 1,
         "column \"rank\" appears twice (columns 1 and 3)"},
        {"duplicate_id", "id,rank\nA,1\nB,2\n\nA,3\n", CE_ERR_DATA, 5,
         "duplicate id \"A\" (first on line 2)"},
        {"empty_id", "id,rank\nA,1\n,2\n", CE_ERR_DATA, 3, "empty id"},
        {"fractional_rank", "id,rank\nA,1\nB,2.5\n", CE_ERR_DATA, 3,
         "column \"rank\": not a rank (a whole number >= 1, or empty): \"2.5\""},
        {"zero_rank", "id,rank\nA,0\n", CE_ERR_DATA, 2, "column \"rank\": not a rank"},
        {"text_rank", "id,rank\r\nA,first\r\n", CE_ERR_DATA, 2,
         "column \"rank\": not a rank (a whole number >= 1, or empty): \"first\""},
        {"bad_score", "id,rank,score\nA,1,high\n", CE_ERR_DATA, 2,
         "column \"score\": not a number: \"high\""},
        {"bad_award", "id,rank,award\nA,1,maybe\n", CE_ERR_DATA, 2,
         "column \"award\": not yes, tie or no: \"maybe\""},
        {"quote_in_field", "id,rank\nA,1\nB\"x,2\n", CE_ERR_DATA, 3, "malformed CSV"},
        {"ragged", "id,rank\nA,1\nB,2,3\n", CE_ERR_DATA, 3,
         "row has 3 fields but the header has 2"},
        {"header_only", "id,rank\n", CE_ERR_DATA, 2, "no data rows"},
        {"empty", "", CE_ERR_DATA, 1, "the file is empty"},
    };
    return cr_make_param_array(struct bad_previous, cases, N_OF(cases));
}

ParameterizedTest(struct bad_previous *c, previous, errors)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "bad.csv", c->text);
    ce_compare_previous *p = NULL;
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_compare_previous_read(path, CE_ENC_AUTO, &p, NULL, &err);
    cr_expect_eq(st, c->status, "%s: status %d, want %d (%s)", c->name, st, c->status, err.msg);
    cr_expect_str_eq(err.file, path, "%s", c->name);
    cr_expect_eq(err.line, c->line, "%s: line %zu, want %zu (%s)", c->name, err.line, c->line,
                 err.msg);
    cr_expect(strncmp(err.msg, c->msg, strlen(c->msg)) == 0, "%s: message \"%s\", want \"%s...\"",
              c->name, err.msg, c->msg);
    cr_expect_null(p, "%s: out set on failure", c->name);
}

Test(previous, missing_file_is_an_io_error)
{
    ce_compare_previous *p = NULL;
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_compare_previous_read("/nonexistent/prev.csv", CE_ENC_AUTO, &p, NULL, &err);
    cr_assert_eq(st, CE_ERR_IO);
    cr_assert_null(p);
    cr_assert_str_eq(err.file, "/nonexistent/prev.csv");
}

/* ---- the report writers --------------------------------------------------- */

static char *g_text;
static size_t g_len;

static void report_fini(void)
{
    free(g_text);
    g_text = NULL;
    ce_test_dir_fini();
}

TestSuite(compare_report, .init = ce_test_dir_init, .fini = report_fini);

static FILE *open_text(void)
{
    free(g_text);
    g_text = NULL;
    FILE *f = open_memstream(&g_text, &g_len);
    cr_assert_not_null(f);
    return f;
}

Test(compare_report, extra_columns_after_award_amount)
{
    ce_profile *prof = ce_test_load_profile(NULL, 0, ce_test_dir, "p.csv",
                                            "code,parent,weight,direction\n"
                                            "econ,,1,\n"
                                            "gdp,econ,1,+\n",
                                            CE_ENC_UTF8);
    ce_table *t = ce_test_read_table(NULL, 0, ce_test_dir, "d.csv",
                                     "id,name,gdp\nk1,One,10\nk2,Two,30\nk3,Three,\n", prof,
                                     CE_ENC_UTF8, NULL);
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    o.missing.kind = CE_MISSING_SKIP; /* the expected texts leave missing values out */
    o.top = 1;
    ce_result *r = NULL;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_pipeline_run(t, prof, &o, &r, NULL, &err), CE_OK, "%s", err.msg);
    ce_report_options ro = {2, 0};

    FILE *f = open_text();
    cr_assert_eq(ce_report_ranking_csv(f, r, t, prof, &ro, &err), CE_OK);
    fclose(f);
    char *plain = g_text;
    g_text = NULL;
    f = open_text();
    cr_assert_eq(ce_report_ranking_csv_extra(f, r, t, prof, &ro, NULL, 0, &err), CE_OK);
    fclose(f);
    cr_assert_str_eq(g_text, plain, "no extra column must change nothing");
    free(plain);

    /* values in table order: k1, k2, k3 */
    const double base[] = {1, 2, NAN}, change[] = {-1, 1, NAN};
    ce_report_column extra[] = {{"baseline_rank", base, 0}, {"rank_change", change, 0}};
    f = open_text();
    cr_assert_eq(ce_report_ranking_csv_extra(f, r, t, prof, &ro, extra, 2, &err), CE_OK);
    fclose(f);
    cr_assert_str_eq(g_text,
                     "rank,id,name,score,award,award_amount,baseline_rank,rank_change,"
                     "econ,econ_rank,coverage,notes\n"
                     "1,k2,Two,100.00,yes,1000000,2,1,100.00,1,1.0000,\n"
                     "2,k1,One,0.00,no,0,1,-1,0.00,2,1.0000,\n"
                     ",k3,Three,,no,0,,,,,0.0000,unranked: no indicator value\n");
    ce_result_free(r);
    ce_table_free(t);
    ce_profile_free(prof);
}

Test(compare_report, comparison_csv)
{
    /* The side-by-side case of compare_run/new_and_dropped_by_presence. */
    static const char *const ids[] = {"X1", "X2", "N1", "D2", "=D1"};
    static const char *const names[] = {"One", "Two, Ltd", "New", "Gone", "Gone too"};
    const double ra[] = {2, 1, 3, NAN, NAN}, rb[] = {1, 2, NAN, NAN, 3};
    const double sa[] = {50.5, 60, 40.25, NAN, NAN}, sb[] = {70, 65, NAN, 12, 30};
    const ce_award aa[] = {CE_AWARD_NO, CE_AWARD_YES, CE_AWARD_YES, CE_AWARD_NO, CE_AWARD_NO};
    const ce_award ab[] = {CE_AWARD_YES, CE_AWARD_YES, CE_AWARD_NO, CE_AWARD_NO, CE_AWARD_YES};
    const unsigned char in_a[] = {1, 1, 1, 0, 0}, in_b[] = {1, 1, 0, 1, 1};
    ce_compare_input in = {5, ids, ra, rb, aa, ab, in_a, in_b};
    ce_comparison c = run_compare(&in, 10);
    ce_report_comparison rc = {"previous", "last-year.csv", &in, &c, names, sa, sb};
    ce_report_options ro = {2, 1};
    ce_error err = {{0}, 0, {0}};
    FILE *f = open_text();
    cr_assert_eq(ce_report_comparison_csv(f, &rc, 1, &ro, &err), CE_OK);
    fclose(f);
    cr_assert_str_eq(g_text,
                     "\xEF\xBB\xBF"
                     "comparison,section,statistic,value,id,name,rank,other_rank,change,award,"
                     "other_award,score,other_score\n"
                     "previous,summary,against,last-year.csv,,,,,,,,,\n"
                     "previous,summary,clusters_both,2,,,,,,,,,\n"
                     "previous,summary,ranked_both,2,,,,,,,,,\n"
                     "previous,summary,spearman_rho,-1.000000,,,,,,,,,\n"
                     "previous,summary,kendall_tau_b,-1.000000,,,,,,,,,\n"
                     "previous,summary,moved,2,,,,,,,,,\n"
                     "previous,summary,max_abs_change,1,,,,,,,,,\n"
                     "previous,summary,entering,1,,,,,,,,,\n"
                     "previous,summary,leaving,2,,,,,,,,,\n"
                     "previous,summary,new,1,,,,,,,,,\n"
                     "previous,summary,dropped,2,,,,,,,,,\n"
                     "previous,enter,,,N1,New,3,,,yes,,40.25,\n"
                     "previous,leave,,,X1,One,2,1,-1,no,yes,50.50,70.00\n"
                     "previous,leave,,,'=D1,Gone too,,3,,,yes,,30.00\n"
                     "previous,mover,,,X1,One,2,1,-1,no,yes,50.50,70.00\n"
                     "previous,mover,,,X2,\"Two, Ltd\",1,2,1,yes,yes,60.00,65.00\n"
                     "previous,new,,,N1,New,3,,,yes,,40.25,\n"
                     "previous,dropped,,,'=D1,Gone too,,3,,,yes,,30.00\n"
                     "previous,dropped,,,D2,Gone,,,,,no,,12.00\n");
    ce_comparison_fini(&c);
}
