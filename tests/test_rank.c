/* test_rank.c - tie tolerance, competition ranking and the award rule
 * (rank.h, DESIGN.md §4 steps 3 and 4). */
#include <criterion/criterion.h>

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "clustereval/rank.h"

/* ---- ce_rank_tied: |a - b| <= 1e-9 * max(1, |a|, |b|) ---- */

Test(tied, exactly_at_and_beyond_tolerance_small_scale)
{
    /* scale 1: tolerance exactly 1e-9 */
    cr_assert(ce_rank_tied(0.0, 1e-9));
    cr_assert(ce_rank_tied(1e-9, 0.0));
    cr_assert_not(ce_rank_tied(0.0, nextafter(1e-9, 1.0)));
    cr_assert_not(ce_rank_tied(0.0, 1.000001e-9));
    cr_assert_not(ce_rank_tied(0.0, 2e-9));
    cr_assert(ce_rank_tied(0.5, 0.5));
    cr_assert(ce_rank_tied(0.5, 0.5 - 0.9e-9));
    cr_assert_not(ce_rank_tied(0.5, 0.5 - 1.1e-9));
}

Test(tied, tiny_magnitudes_use_absolute_floor)
{
    /* Both far below 1: the scale stays 1, so relative differences of 99.8%
     * still count as tied. */
    cr_assert(ce_rank_tied(1e-12, 5e-10));
    cr_assert(ce_rank_tied(-4e-10, 5e-10));
    cr_assert_not(ce_rank_tied(-6e-10, 6e-10));
}

Test(tied, large_magnitudes_relative)
{
    /* a = 1e9: tolerance 1e-9 * (1e9 + 1) = 1.000000001 >= 1 -> tied;
     * 1e-9 * (1e9 + 2) = 1.000000002 < 2 -> not tied. */
    cr_assert(ce_rank_tied(1e9, 1e9 + 1));
    cr_assert(ce_rank_tied(1e9 + 1, 1e9));
    cr_assert_not(ce_rank_tied(1e9, 1e9 + 2));
    /* 1e6: tolerance ~1e-3. An absolute 1e-9 rule would call these different. */
    cr_assert(ce_rank_tied(1e6, 1e6 + 5e-4));
    cr_assert(ce_rank_tied(-1e6, -1e6 - 5e-4));
    cr_assert_not(ce_rank_tied(1e6, 1e6 + 2e-3));
    cr_assert_not(ce_rank_tied(-1e6, -1e6 - 2e-3));
}

/* ---- ce_rank_competition ---- */

static void check_ranks(const double *score, size_t n, const size_t *want)
{
    size_t rank[16];
    memset(rank, 0xAB, sizeof rank);
    cr_assert_eq(ce_rank_competition(score, n, rank), CE_OK);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(rank[i], want[i], "rank[%zu] = %zu, want %zu", i, rank[i], want[i]);
}

Test(competition, distinct_scores)
{
    const double s[5] = {3, 10, -1, 7.5, 0};
    const size_t want[5] = {3, 1, 5, 2, 4};
    check_ranks(s, 5, want);
}

Test(competition, ties_give_1224)
{
    const double s[4] = {90, 80, 80, 70};
    const size_t want[4] = {1, 2, 2, 4};
    check_ranks(s, 4, want);
    const double shuffled[4] = {80, 70, 90, 80};
    const size_t want2[4] = {2, 4, 1, 2};
    check_ranks(shuffled, 4, want2);
}

Test(competition, three_way_tie_then_next)
{
    const double s[6] = {5, 9, 5, 1, 5, 9};
    const size_t want[6] = {3, 1, 3, 6, 3, 1};
    check_ranks(s, 6, want);
}

Test(competition, within_1e10_is_a_tie)
{
    const double s[3] = {50.0, 50.0 + 1e-10, 40.0};
    const size_t want[3] = {1, 1, 3};
    check_ranks(s, 3, want);
    /* near zero as well */
    const double z[3] = {1e-10, 0.0, -1.0};
    const size_t wz[3] = {1, 1, 3};
    check_ranks(z, 3, wz);
}

Test(competition, large_magnitude_tie)
{
    /* 1e6 and 1e6 - 5e-4 are within 1e-9 * 1e6 = 1e-3 */
    const double s[3] = {999999.0, 1e6 - 5e-4, 1e6};
    const size_t want[3] = {3, 1, 1};
    check_ranks(s, 3, want);
}

Test(competition, nan_is_unranked_and_not_counted)
{
    const double s[5] = {NAN, 10, NAN, 20, 5};
    const size_t want[5] = {0, 2, 0, 1, 3};
    check_ranks(s, 5, want);
}

Test(competition, all_nan)
{
    const double s[3] = {NAN, NAN, NAN};
    const size_t want[3] = {0, 0, 0};
    check_ranks(s, 3, want);
}

Test(competition, all_tied)
{
    const double s[4] = {7, 7, 7, 7};
    const size_t want[4] = {1, 1, 1, 1};
    check_ranks(s, 4, want);
}

Test(competition, single_cluster)
{
    const double s[1] = {42};
    const size_t want[1] = {1};
    check_ranks(s, 1, want);
    const double n[1] = {NAN};
    const size_t wn[1] = {0};
    check_ranks(n, 1, wn);
}

Test(competition, zero_clusters)
{
    double s = 1;
    size_t r = 99;
    cr_assert_eq(ce_rank_competition(&s, 0, &r), CE_OK);
    cr_assert_eq(r, 99);
}

Test(competition, leader_rule_stops_chains)
{
    /* a, a - 0.6e-9, a - 1.2e-9, a - 1.8e-9 with scale 1 (a < 1):
     * b is tied with a (0.6e-9), c with b but not with a (1.2e-9 > 1e-9), so c
     * starts a new group at place 3 and d (0.6e-9 below c) joins it. */
    const double a = 0.5;
    const double s[4] = {a - 1.2e-9, a, a - 1.8e-9, a - 0.6e-9};
    const size_t want[4] = {3, 1, 3, 1};
    check_ranks(s, 4, want);
}

Test(competition, leader_rule_long_chain)
{
    /* ten scores 0.4e-9 apart: groups start at a, a-1.2e-9 (the first more
     * than 1e-9 below a), a-2.4e-9, a-3.6e-9 */
    double s[10];
    for (int k = 0; k < 10; k++)
        s[k] = 0.25 - 0.4e-9 * k;
    const size_t want[10] = {1, 1, 1, 4, 4, 4, 7, 7, 7, 10};
    check_ranks(s, 10, want);
}

/* ---- ce_award_assign ---- */

typedef struct {
    ce_award award[16];
    unsigned char decided[16];
    ce_award_summary sum;
} award_run;

static void run_award(award_run *r, const size_t *rank, const unsigned char *cand, size_t n,
                      size_t top, const double *tiebreak)
{
    ce_award_options opt = {top, tiebreak};
    memset(r, 0, sizeof *r);
    for (size_t i = 0; i < 16; i++)
        r->award[i] = (ce_award)77;
    r->sum.awarded = r->sum.tied = r->sum.tie_place = r->sum.broken = 999;
    cr_assert_eq(ce_award_assign(rank, cand, n, &opt, r->award, r->decided, &r->sum), CE_OK);
}

static void check_awards(const award_run *r, const ce_award *want, size_t n)
{
    static const char *const names[] = {"no", "yes", "tie"};
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(r->award[i], want[i], "award[%zu] = %d, want %s", i, (int)r->award[i],
                     names[want[i]]);
}

static void check_summary(const award_run *r, size_t awarded, size_t tied, size_t tie_place,
                          size_t broken)
{
    cr_assert_eq(r->sum.awarded, awarded, "awarded = %zu", r->sum.awarded);
    cr_assert_eq(r->sum.tied, tied, "tied = %zu", r->sum.tied);
    cr_assert_eq(r->sum.tie_place, tie_place, "tie_place = %zu", r->sum.tie_place);
    cr_assert_eq(r->sum.broken, broken, "broken = %zu", r->sum.broken);
}

#define Y CE_AWARD_YES
#define N CE_AWARD_NO
#define T CE_AWARD_TIE

static const unsigned char ALL[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

Test(award, top3_of_5_distinct)
{
    award_run r;
    const size_t rank[5] = {4, 1, 5, 3, 2};
    run_award(&r, rank, ALL, 5, 3, NULL);
    const ce_award want[5] = {N, Y, N, Y, Y};
    check_awards(&r, want, 5);
    check_summary(&r, 3, 0, 0, 0);
    for (size_t i = 0; i < 5; i++)
        cr_assert_eq(r.decided[i], 0);
}

Test(award, non_candidates_skipped)
{
    /* rank 1 is vetoed / ineligible: places go to ranks 2, 3, and then 5 is
     * the third award because rank 4 is not a candidate either. */
    award_run r;
    const size_t rank[5] = {1, 2, 3, 4, 5};
    const unsigned char cand[5] = {0, 1, 1, 0, 1};
    run_award(&r, rank, cand, 5, 3, NULL);
    const ce_award want[5] = {N, Y, Y, N, Y};
    check_awards(&r, want, 5);
    check_summary(&r, 3, 0, 0, 0);
}

Test(award, unranked_candidate_skipped)
{
    award_run r;
    const size_t rank[3] = {0, 1, 2};
    run_award(&r, rank, ALL, 3, 2, NULL);
    const ce_award want[3] = {N, Y, Y};
    check_awards(&r, want, 3);
    check_summary(&r, 2, 0, 0, 0);
}

Test(award, tie_exactly_fitting_at_place_n)
{
    award_run r;
    const size_t rank[5] = {2, 1, 4, 2, 5};
    run_award(&r, rank, ALL, 5, 3, NULL);
    const ce_award want[5] = {Y, Y, N, Y, N};
    check_awards(&r, want, 5);
    check_summary(&r, 3, 0, 0, 0);
}

Test(award, tie_pushing_past_n)
{
    award_run r;
    const size_t rank[6] = {3, 1, 3, 2, 6, 3};
    run_award(&r, rank, ALL, 6, 3, NULL);
    const ce_award want[6] = {T, Y, T, Y, N, T};
    check_awards(&r, want, 6);
    check_summary(&r, 2, 3, 3, 0);
    for (size_t i = 0; i < 6; i++)
        cr_assert_eq(r.decided[i], 0);
}

Test(award, tie_at_first_place_with_one_award)
{
    award_run r;
    const size_t rank[3] = {3, 1, 1};
    run_award(&r, rank, ALL, 3, 1, NULL);
    const ce_award want[3] = {N, T, T};
    check_awards(&r, want, 3);
    check_summary(&r, 0, 2, 1, 0);
}

Test(award, non_candidate_in_tied_group_does_not_count)
{
    /* ranks 1,2,2,4 with top 2: one of the two at rank 2 is not a candidate,
     * so the other fits in place 2. */
    award_run r;
    const size_t rank[4] = {1, 2, 2, 4};
    const unsigned char cand[4] = {1, 1, 0, 1};
    run_award(&r, rank, cand, 4, 2, NULL);
    const ce_award want[4] = {Y, Y, N, N};
    check_awards(&r, want, 4);
    check_summary(&r, 2, 0, 0, 0);
}

Test(award, tie_place_is_the_rank_of_the_group)
{
    /* the leader is not a candidate; the tie for the single award is at rank 2 */
    award_run r;
    const size_t rank[3] = {1, 2, 2};
    const unsigned char cand[3] = {0, 1, 1};
    run_award(&r, rank, cand, 3, 1, NULL);
    const ce_award want[3] = {N, T, T};
    check_awards(&r, want, 3);
    check_summary(&r, 0, 2, 2, 0);
}

Test(award, tiebreak_decides_single_slot)
{
    /* ranks 1,2,2,2,5, top 2: one slot left for the three at rank 2;
     * tie-break scores 10, 30, 20 -> index 2 wins, 1 and 3 get no. */
    award_run r;
    const size_t rank[5] = {1, 2, 2, 2, 5};
    const double tb[5] = {0, 10, 30, 20, 99};
    run_award(&r, rank, ALL, 5, 2, tb);
    const ce_award want[5] = {Y, N, Y, N, N};
    check_awards(&r, want, 5);
    const unsigned char dec[5] = {0, 1, 1, 1, 0};
    cr_assert_arr_eq(r.decided, dec, sizeof dec);
    check_summary(&r, 2, 0, 2, 3);
}

Test(award, tiebreak_decides_two_slots)
{
    award_run r;
    const size_t rank[5] = {1, 2, 2, 2, 5};
    const double tb[5] = {0, 10, 30, 20, 99};
    run_award(&r, rank, ALL, 5, 3, tb);
    const ce_award want[5] = {Y, N, Y, Y, N};
    check_awards(&r, want, 5);
    const unsigned char dec[5] = {0, 1, 1, 1, 0};
    cr_assert_arr_eq(r.decided, dec, sizeof dec);
    check_summary(&r, 3, 0, 2, 3);
}

Test(award, tiebreak_unused_when_no_tie)
{
    award_run r;
    const size_t rank[4] = {1, 2, 2, 4};
    const double tb[4] = {1, 2, 3, 4};
    run_award(&r, rank, ALL, 4, 3, tb);
    const ce_award want[4] = {Y, Y, Y, N};
    check_awards(&r, want, 4);
    const unsigned char dec[4] = {0, 0, 0, 0};
    cr_assert_arr_eq(r.decided, dec, sizeof dec);
    check_summary(&r, 3, 0, 0, 0);
}

Test(award, tiebreak_scores_tied_across_boundary_stay_tie)
{
    /* one slot for ranks-2 group {1,2,3}; tie-break 5, 5 (+1e-12, within the
     * tolerance), 1: the two best are still tied for the one slot. */
    award_run r;
    const size_t rank[4] = {1, 2, 2, 2};
    const double tb[4] = {0, 5, 5 + 1e-12, 1};
    run_award(&r, rank, ALL, 4, 2, tb);
    const ce_award want[4] = {Y, T, T, N};
    check_awards(&r, want, 4);
    const unsigned char dec[4] = {0, 0, 0, 1};
    cr_assert_arr_eq(r.decided, dec, sizeof dec);
    check_summary(&r, 1, 2, 2, 1);
}

Test(award, tiebreak_scores_tied_but_fitting)
{
    award_run r;
    const size_t rank[4] = {1, 2, 2, 2};
    const double tb[4] = {0, 5, 5, 1};
    run_award(&r, rank, ALL, 4, 3, tb);
    const ce_award want[4] = {Y, Y, Y, N};
    check_awards(&r, want, 4);
    const unsigned char dec[4] = {0, 1, 1, 1};
    cr_assert_arr_eq(r.decided, dec, sizeof dec);
    check_summary(&r, 3, 0, 2, 3);
}

Test(award, missing_tiebreak_loses)
{
    award_run r;
    const size_t rank[2] = {1, 1};
    const double tb[2] = {NAN, 3};
    run_award(&r, rank, ALL, 2, 1, tb);
    const ce_award want[2] = {N, Y};
    check_awards(&r, want, 2);
    const unsigned char dec[2] = {1, 1};
    cr_assert_arr_eq(r.decided, dec, sizeof dec);
    check_summary(&r, 1, 0, 1, 2);

    /* even against a negative score */
    const double tb2[2] = {-50, NAN};
    run_award(&r, rank, ALL, 2, 1, tb2);
    const ce_award want2[2] = {Y, N};
    check_awards(&r, want2, 2);
}

Test(award, all_missing_tiebreak_stays_tie)
{
    award_run r;
    const size_t rank[3] = {1, 1, 1};
    const double tb[3] = {NAN, NAN, NAN};
    run_award(&r, rank, ALL, 3, 2, tb);
    const ce_award want[3] = {T, T, T};
    check_awards(&r, want, 3);
    check_summary(&r, 0, 3, 1, 0);
}

Test(award, top_zero)
{
    award_run r;
    const size_t rank[3] = {1, 1, 3};
    run_award(&r, rank, ALL, 3, 0, NULL);
    const ce_award want[3] = {N, N, N};
    check_awards(&r, want, 3);
    check_summary(&r, 0, 0, 0, 0);
}

Test(award, more_slots_than_candidates)
{
    award_run r;
    const size_t rank[4] = {1, 2, 3, 0};
    const unsigned char cand[4] = {1, 1, 0, 1};
    run_award(&r, rank, cand, 4, 10, NULL);
    const ce_award want[4] = {Y, Y, N, N};
    check_awards(&r, want, 4);
    check_summary(&r, 2, 0, 0, 0);
}

Test(award, null_decided_and_summary_allowed)
{
    const size_t rank[3] = {1, 1, 3};
    const double tb[3] = {2, 1, 0};
    ce_award award[3];
    ce_award_options opt = {1, tb};
    cr_assert_eq(ce_award_assign(rank, ALL, 3, &opt, award, NULL, NULL), CE_OK);
    cr_assert_eq(award[0], CE_AWARD_YES);
    cr_assert_eq(award[1], CE_AWARD_NO);
    cr_assert_eq(award[2], CE_AWARD_NO);
}
