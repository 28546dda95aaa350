/* rank.h - competition ranking with a tie tolerance, and the award rule
 * (DESIGN.md §4 steps 3 and 4).
 */
#ifndef CLUSTEREVAL_RANK_H
#define CLUSTEREVAL_RANK_H

#include <stddef.h>

#include "clustereval/status.h"

/* True when a and b are tied: |a - b| <= 1e-9 * max(1, |a|, |b|). */
int ce_rank_tied(double a, double b);

/* Competition ranking ("1224"), descending: rank[i] = 1 + the number of
 * scores that are higher than score[i] and not tied with it. Ties are
 * judged against the best score of a run of tied scores, so a chain of
 * small differences cannot grow into one long tie. NaN scores get rank 0
 * (unranked). Returns CE_ERR_IO only when out of memory. */
ce_status ce_rank_competition(const double *score, size_t n, size_t *rank);

/* ce_rank_competition with caller scratch (2 n entries): it allocates
 * nothing and keeps no state, so threads may call it at once. */
void ce_rank_competition_ws(const double *score, size_t n, size_t *rank, size_t *scratch);

typedef enum { CE_AWARD_NO = 0, CE_AWARD_YES, CE_AWARD_TIE } ce_award;

typedef struct {
    size_t top;              /* how many awards (--top) */
    const double *tiebreak;  /* per cluster score of the --tie-break node, or NULL */
} ce_award_options;

typedef struct {
    size_t awarded;          /* clusters with CE_AWARD_YES */
    size_t tied;             /* clusters with CE_AWARD_TIE */
    size_t tie_place;        /* rank of the tied group at place top, 0 if none */
    size_t broken;           /* clusters whose award the tie-break decided */
} ce_award_summary;

/* The award rule. Candidates (candidate[i] != 0, rank[i] > 0) are taken in
 * rank order; the best `top` get CE_AWARD_YES. When the candidates tied at
 * the top-th place would push the count past top, all of them get
 * CE_AWARD_TIE, unless tiebreak is given: then that group is ordered by the
 * tie-break score (higher wins, missing last, ties judged as in ranking)
 * and only those still tied across the boundary get CE_AWARD_TIE.
 * decided[i] (may be NULL) is set to 1 for the clusters whose outcome the
 * tie-break decided. Returns CE_ERR_IO only when out of memory. */
ce_status ce_award_assign(const size_t *rank, const unsigned char *candidate, size_t n,
                          const ce_award_options *opt, ce_award *award,
                          unsigned char *decided, ce_award_summary *summary);

/* ce_award_assign with caller scratch (2 n entries); summary may be NULL.
 * It allocates nothing and keeps no state, so threads may call it at once. */
void ce_award_assign_ws(const size_t *rank, const unsigned char *candidate, size_t n,
                        const ce_award_options *opt, ce_award *award, unsigned char *decided,
                        ce_award_summary *summary, size_t *scratch);

#endif
