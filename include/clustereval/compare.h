/* compare.h - how much a ranking depends on its choices: two rankings of
 * the same clusters side by side (this run against a baseline weighting, or
 * against an earlier year's ranked CSV), their rank correlations, the
 * clusters that enter and leave the award list, the largest movers, and the
 * reader of an earlier ranked CSV.
 *
 * Ranks are doubles: competition ranks (1, 2, 2, 4) with NaN for a cluster
 * that is unranked or absent. Ties are equal values.
 *
 * Whoever calls ce_compare_previous_read owns the result and frees it with
 * ce_compare_previous_free; whoever calls ce_compare_run owns the lists in
 * the ce_comparison and releases them with ce_comparison_fini.
 */
#ifndef CLUSTEREVAL_COMPARE_H
#define CLUSTEREVAL_COMPARE_H

#include <stddef.h>

#include "clustereval/csvio.h"
#include "clustereval/rank.h"
#include "clustereval/status.h"

/* ---- rank statistics ---------------------------------------------------- */

/* Average ("fractional") ranks, ascending, of the present values of x:
 * values tied share the mean of the places they occupy, so competition
 * ranks 1 2 2 4 become 1 2.5 2.5 4 (and 1 2 2 2 become 1 3 3 3). NaN stays
 * NaN and takes no place. out may be x. Returns CE_ERR_IO when out of
 * memory. */
ce_status ce_compare_average_ranks(const double *x, size_t n, double *out, ce_error *err);

/* Spearman's rho between x and y over the i where both are present: the
 * Pearson correlation of their average ranks among those pairs (ties
 * averaged; Spearman 1904, R cor(method = "spearman") on complete pairs).
 * *pairs (may be NULL) gets the number of pairs. *rho is NaN below 2 pairs
 * or when either side is constant over them. CE_ERR_IO when out of memory. */
ce_status ce_compare_spearman(const double *x, const double *y, size_t n, double *rho,
                              size_t *pairs, ce_error *err);

/* Kendall's tau-b between x and y over the i where both are present
 * (Kendall 1945; R cor(method = "kendall")):
 *   tau_b = (C - D) / sqrt((n0 - n1)(n0 - n2))
 * with C, D the concordant and discordant pairs, n0 = m(m-1)/2 for m
 * present pairs, n1 and n2 the pairs tied in x and in y. Knight's (1966)
 * O(m log m) algorithm. *pairs (may be NULL) gets m. *tau is NaN below 2
 * pairs or when either side is constant. CE_ERR_IO when out of memory. */
ce_status ce_compare_kendall_tau_b(const double *x, const double *y, size_t n, double *tau,
                                   size_t *pairs, ce_error *err);

/* ---- two rankings side by side ------------------------------------------ */

/* Ranking a is this run, b the other one. Index i is the same cluster on
 * both sides; a cluster present on one side only has NaN rank on the other. */
typedef struct {
    size_t n;
    const char *const *id;        /* n unique ids (ties in the lists go by id, bytewise) */
    const double *rank_a, *rank_b; /* NaN: unranked or absent */
    const ce_award *award_a, *award_b; /* NULL when that side has no award column:
                                          then no enter/leave lists */
    const unsigned char *in_a, *in_b;  /* 1 = present on that side; NULL = all present */
} ce_compare_input;

typedef struct {
    size_t n_both;      /* clusters present on both sides */
    size_t pairs;       /* clusters ranked on both sides */
    double rho, tau_b;  /* over those pairs; NaN as in ce_compare_spearman/_kendall_tau_b */
    size_t n_moved;     /* ranked on both sides with different ranks */
    double max_change;  /* largest |rank_b - rank_a| (0 when none moved; NaN without pairs) */
    int awards_known;   /* both award arrays given: enter and leave are meaningful */
    /* Lists of indices into the input. */
    size_t *enter, n_enter;     /* award yes under a, not under b; by rank_a, then id */
    size_t *leave, n_leave;     /* award yes under b, not under a; by rank_b, then id */
    size_t *movers, n_movers;   /* ranked on both, rank changed; the largest |rank_b - rank_a|
                                   first, then id; at most max_movers */
    size_t *added, n_added;     /* present under a only; by rank_a (unranked last), then id */
    size_t *dropped, n_dropped; /* present under b only; by rank_b (unranked last), then id */
} ce_comparison;

/* Compares the two rankings of in. tie (award=tie) is not an award: a
 * cluster that goes from yes to tie leaves the list. A cluster present on one
 * side only takes part in enter/leave (it was not awarded on the other)
 * but not in the statistics or the movers. On success *out is filled (free
 * with ce_comparison_fini); CE_ERR_IO when out of memory. */
ce_status ce_compare_run(const ce_compare_input *in, size_t max_movers, ce_comparison *out,
                         ce_error *err);
void ce_comparison_fini(ce_comparison *c);

/* ---- an earlier ranked CSV ---------------------------------------------- */

typedef struct ce_compare_previous ce_compare_previous;

/* Reads a ranked CSV of an earlier run: any version of clustereval's output
 * or any CSV with a header, with or without BOM, LF or CRLF, UTF-8 or
 * GB18030 (enc as for ce_csv_read). Columns are found by header name, in
 * any order, others ignored: `id` (required, unique, non-empty) and `rank`
 * (required: a whole number >= 1, or a missing-value token = unranked);
 * `name`, `score` (a number or missing) and `award` (yes, tie, no or empty;
 * any ASCII case) are used when present. A leading ' that clustereval's
 * formula guard put before = + - @ TAB or CR is removed from ids and names.
 * Errors (CE_ERR_DATA, naming path and line): those of ce_csv_read, a
 * missing id or rank column, a column named twice, an empty or duplicate
 * id, a bad rank, score or award, no data rows. CE_ERR_IO when unreadable. */
ce_status ce_compare_previous_read(const char *path, ce_encoding enc, ce_compare_previous **out,
                                   ce_diag *diag, ce_error *err);
void ce_compare_previous_free(ce_compare_previous *p);

const char *ce_compare_previous_path(const ce_compare_previous *p);
size_t ce_compare_previous_rows(const ce_compare_previous *p);
int ce_compare_previous_has_award(const ce_compare_previous *p);
int ce_compare_previous_has_score(const ce_compare_previous *p);
const char *ce_compare_previous_id(const ce_compare_previous *p, size_t row);
const char *ce_compare_previous_name(const ce_compare_previous *p, size_t row); /* "" if none */
double ce_compare_previous_rank(const ce_compare_previous *p, size_t row);  /* NaN unranked */
double ce_compare_previous_score(const ce_compare_previous *p, size_t row); /* NaN if none */
ce_award ce_compare_previous_award(const ce_compare_previous *p, size_t row); /* NO if none */
size_t ce_compare_previous_line(const ce_compare_previous *p, size_t row);
/* The row whose id has the key of id (idkey.h: "a01" finds "A01"), -1 when
 * there is none, -2 when out of memory. O(log rows). */
long ce_compare_previous_find(const ce_compare_previous *p, const char *id);

#endif
