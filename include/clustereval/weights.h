/* weights.h - data-driven weights (DESIGN.md §6, issue 3): equal, entropy
 * (熵权法), CRITIC, standard deviation, PCA and AHP, for one group of inputs
 * at a time, and over a whole profile (`clustereval weights`).
 *
 * The methods are pure functions on a complete row-major matrix (rows =
 * clusters, cols = inputs, no NaN); AHP works on an n x n pairwise matrix.
 * They never print: what a caller may want to tell the analyst (constant
 * columns, negative loadings) comes back in ce_weights_column/_info, and
 * ce_weights_profile turns it into warnings in a ce_diag.
 *
 * Whoever calls ce_weights_ahp_read or ce_weights_profile owns the result
 * and frees it with ce_weights_ahp_free / ce_weights_result_free.
 */
#ifndef CLUSTEREVAL_WEIGHTS_H
#define CLUSTEREVAL_WEIGHTS_H

#include <stddef.h>

#include "clustereval/csvio.h"
#include "clustereval/profile.h"
#include "clustereval/status.h"
#include "clustereval/table.h"

/* The most inputs one group may have for critic and pca: their k x k
 * correlation matrix and (pca) its eigenvalues grow with the square and the
 * cube of k. More is CE_ERR_DATA. */
#define CE_WEIGHTS_MAX_CORRELATED 2000

typedef enum {
    CE_WEIGHTS_EQUAL = 0,
    CE_WEIGHTS_ENTROPY,
    CE_WEIGHTS_CRITIC,
    CE_WEIGHTS_SD,
    CE_WEIGHTS_PCA,
    CE_WEIGHTS_AHP
} ce_weights_method;

/* Parses equal, entropy, critic, sd, pca, ahp. Returns 0 on success. */
int ce_weights_method_parse(const char *name, ce_weights_method *out);
const char *ce_weights_method_name(ce_weights_method m);

/* The matrix entropy, CRITIC and sd work on. */
typedef enum {
    CE_WEIGHTS_INPUT_MINMAX = 0, /* direction-aware min-max onto [0, 1] */
    CE_WEIGHTS_INPUT_RAW         /* the values as they are, direction ignored */
} ce_weights_input;

typedef enum { CE_WEIGHTS_PEARSON = 0, CE_WEIGHTS_SPEARMAN } ce_weights_corr;

typedef struct {
    ce_weights_input input; /* entropy, critic, sd (default min-max) */
    double epsilon;         /* entropy on min-max: squeeze into [eps, 1-eps], 0 <= eps < 0.5 */
    ce_weights_corr corr;   /* critic, pca (default Pearson) */
} ce_weights_options;

/* Sets the defaults above (min-max, epsilon 0, Pearson). */
void ce_weights_options_init(ce_weights_options *o);

/* One group's inputs. */
typedef struct {
    const double *x;               /* rows x cols, row-major, every value finite */
    size_t rows, cols;
    const int *direction;          /* cols of +1/-1; NULL: all +1 */
    const char *const *names;      /* cols labels for messages; NULL: "column 1", ... */
    const char *const *row_names;  /* rows labels for messages; NULL: "row 1", ... */
} ce_weights_matrix;

/* What a method found per input; fields a method does not compute are NaN. */
typedef struct {
    double entropy;  /* entropy: e_j */
    double sd;       /* critic, sd: standard deviation (n-1) of the method's input */
    double conflict; /* critic: sum_k (1 - r_jk) */
    double info;     /* critic: C_j = sd_j * conflict_j */
    double loading;  /* pca: component of PC1 (unit eigenvector, sign rule applied),
                        before negative ones are set to zero */
    int constant;    /* 1 when the column is constant over the rows */
} ce_weights_column;

typedef struct {
    size_t n_constant; /* entropy, sd: constant columns (weight 0) */
    size_t n_negative; /* pca: negative loadings set to zero */
    double lambda1;    /* pca: the two largest eigenvalues of the correlation matrix */
    double lambda2;
    double pc1_share;  /* pca: lambda1 / sum of the eigenvalues (= lambda1 / cols) */
} ce_weights_info;

/* The matrix a method's formulas work on, rows x cols into out:
 *   entropy  min-max: (1 - 2 eps) * m + eps, m the direction-aware min-max
 *            onto [0, 1] (a constant column gives m = 1); raw: x
 *   critic, sd   min-max: m; raw: x
 *   pca      x * direction
 *   equal, ahp   x (unused)
 * CE_ERR_USAGE for a bad epsilon. */
ce_status ce_weights_prepare(const ce_weights_matrix *m, ce_weights_method method,
                             const ce_weights_options *o, double *out, ce_error *err);

/* w_j = 1 / cols. */
void ce_weights_equal(size_t cols, double *w);

/* The methods below fill w (cols, non-negative, summing to 1) and, when not
 * NULL, col (cols entries) and info. They need rows >= 2 (CE_ERR_DATA
 * otherwise) and return CE_ERR_IO when out of memory. Messages name the
 * input (m->names) and, for a bad value, the row (m->row_names). */

/* Entropy weights (Shannon 1948; Zeleny 1982, ch. 7; the Chinese textbook
 * convention of 张敬信 mathmodels::entropy_weight with epsilon; pymcdm and
 * scikit-criteria on raw values, Elsayed et al. 2017):
 *   p_ij = x'_ij / sum_i x'_ij,  e_j = -sum_i p_ij ln p_ij / ln n  (0 ln 0 = 0),
 *   w_j = (1 - e_j) / sum_k (1 - e_k)
 * with x' from ce_weights_prepare. A constant column has e = 1 and weight 0
 * (col[j].constant, info->n_constant). Errors (CE_ERR_DATA): every column
 * constant; with raw input a value <= 0. */
ce_status ce_weights_entropy(const ce_weights_matrix *m, const ce_weights_options *o, double *w,
                             ce_weights_column *col, ce_weights_info *info, ce_error *err);

/* CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995, Computers & Operations
 * Research 22(7) 763-770):
 *   C_j = sd_j * sum_k (1 - r_jk),  w_j = C_j / sum_k C_k
 * on x' from ce_weights_prepare, sd with n - 1, r Pearson or Spearman
 * (average ranks for ties). Errors (CE_ERR_DATA): a constant column (its
 * correlation is undefined), every C_j zero (all inputs perfectly
 * correlated). */
ce_status ce_weights_critic(const ce_weights_matrix *m, const ce_weights_options *o, double *w,
                            ce_weights_column *col, ce_weights_info *info, ce_error *err);

/* Standard-deviation weights (Diakoulaki et al. 1995 §2; Jahan & Edwards
 * 2013; pymcdm standard_deviation_weights): w_j = sd_j / sum_k sd_k, sd with
 * n - 1 of x' from ce_weights_prepare. A constant column gets weight 0
 * (col[j].constant). Error (CE_ERR_DATA): every column constant. */
ce_status ce_weights_sd(const ce_weights_matrix *m, const ce_weights_options *o, double *w,
                        ce_weights_column *col, ce_weights_info *info, ce_error *err);

/* PCA weights (OECD/JRC Handbook on Constructing Composite Indicators 2008,
 * §6.1; Nicoletti, Scarpetta & Boylaud 2000): the unit eigenvector v of the
 * largest eigenvalue of the correlation matrix (Pearson or Spearman) of
 * x * direction, signed so that sum v > 0 (on a tie of the sum, the
 * largest |v_j| positive); negative components (below -1e-12) are counted
 * in info->n_negative, and they and the tiny ones set to 0;
 * w = v+ / sum v+. info gets lambda1, lambda2 and the share of variance of
 * PC1, lambda1 / cols. Error (CE_ERR_DATA): a constant column, a value
 * that is not finite. GSL's error handler is the program's (status.h). */
ce_status ce_weights_pca(const ce_weights_matrix *m, const ce_weights_options *o, double *w,
                         ce_weights_column *col, ce_weights_info *info, ce_error *err);

/* Dispatches to the method (equal ignores m->x; ahp is CE_ERR_USAGE here). */
ce_status ce_weights_compute(ce_weights_method method, const ce_weights_matrix *m,
                             const ce_weights_options *o, double *w, ce_weights_column *col,
                             ce_weights_info *info, ce_error *err);

/* ---- AHP (Saaty 1980, The Analytic Hierarchy Process, McGraw-Hill) ---- */

/* Saaty's (1980) random index RI for n = 1..15:
 * 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56,
 * 1.57, 1.59; NaN for n = 0 or n > 15. */
double ce_weights_ahp_random_index(size_t n);

#define CE_AHP_MAX_N 15
#define CE_AHP_CR_LIMIT 0.1 /* Saaty 1980: CR < 0.1 is acceptable */

typedef struct {
    double lambda_max; /* principal eigenvalue */
    double ci;         /* (lambda_max - n) / (n - 1); 0 for n <= 2 */
    double ri;         /* ce_weights_ahp_random_index(n) */
    double cr;         /* ci / ri; 0 for n <= 2 (always consistent) */
} ce_ahp_consistency;

/* Principal right eigenvector of the positive reciprocal n x n matrix a
 * (row-major; a_ij = how many times i is as important as j), by
 * gsl_eigen_nonsymmv with GSL_EIGEN_SORT_ABS_DESC, real part normalised to
 * sum 1, into w; the consistency into c (may be NULL). Errors
 * (CE_ERR_DATA): n = 0 or n > 15, a value that is not positive and finite,
 * a diagonal that is not 1, a_ji != 1 / a_ij (relative 1e-9), no
 * convergence. */
ce_status ce_weights_ahp(const double *a, size_t n, double *w, ce_ahp_consistency *c,
                         ce_error *err);

/* The judgements of an AHP file (CSV, UTF-8 or GB18030, detected):
 *   parent,a,b,judgement
 *   ,scale,innov,3          <- top level: parent empty or "composite"
 *   scale,s_output,s_share,1/2
 * One row per pair of siblings: "a is judgement times as important as b",
 * judgement a positive number or a fraction p/q. Reciprocals are implied and
 * the diagonal is 1; a group that appears must have every pair (in either
 * order) exactly once. Other columns are ignored. */
typedef struct ce_ahp_judgements ce_ahp_judgements;

/* Reads path against the profile. Errors (CE_ERR_DATA, file:line): missing
 * columns, an unknown code, a parent that is an indicator, a or b not a
 * child of the parent, a = b, a pair given twice, a judgement that is not a
 * positive number or fraction, a missing pair (at the group's first line),
 * no judgement at all. A judgement outside Saaty's scale 1/9..9 is a
 * warning. CE_ERR_IO when the file cannot be read. */
ce_status ce_weights_ahp_read(const char *path, const ce_profile *p, ce_ahp_judgements **out,
                              ce_diag *diag, ce_error *err);
void ce_weights_ahp_free(ce_ahp_judgements *j);

const char *ce_weights_ahp_path(const ce_ahp_judgements *j);

/* The pairwise matrix of the children of group `node` (CE_NO_PARENT: the
 * dimensions), n x n in the order of the children, or NULL when the file
 * has no judgement for the group. *n gets the number of children, *line
 * (may be NULL) the group's first line in the file. */
const double *ce_weights_ahp_matrix(const ce_ahp_judgements *j, size_t node, size_t *n,
                                    size_t *line);

/* ---- a whole profile ---- */

typedef enum {
    CE_WEIGHTS_SCOPE_GROUP = 0, /* among the children of each parent, bottom-up */
    CE_WEIGHTS_SCOPE_FLAT       /* over all indicators at once */
} ce_weights_scope;

typedef struct {
    ce_weights_method method;
    ce_weights_scope scope;
    ce_weights_options opt;
    const ce_ahp_judgements *ahp; /* required for CE_WEIGHTS_AHP */
    int allow_inconsistent;       /* AHP: CR >= 0.1 is a warning, not an error */
} ce_weights_plan;

/* Sets the defaults: equal, group scope, ce_weights_options_init. */
void ce_weights_plan_init(ce_weights_plan *o);

typedef enum {
    CE_WEIGHTS_COMPUTED = 0, /* by the method */
    CE_WEIGHTS_ONE_CHILD,    /* a group with one child: weight 1 */
    CE_WEIGHTS_KEPT          /* AHP: no judgements for the group; profile weights kept */
} ce_weights_how;

/* One group's weights, as ce_weights_profile computed them. */
typedef struct {
    size_t node;               /* group node, CE_NO_PARENT for the dimensions (and flat) */
    ce_weights_how how;
    size_t n;                  /* inputs */
    size_t *inputs;            /* n node indices (children; flat: the indicators) */
    double *weight;            /* n new weights, summing to 1 (flat: the flat weights) */
    double *before;            /* n weights of the input profile, rescaled to sum 1 */
    ce_weights_column *col;    /* n diagnostics */
    ce_weights_info info;
    ce_ahp_consistency ahp;    /* AHP only */
    size_t ahp_line;           /* AHP: the group's first line in the file */
    size_t rows_used;          /* clusters with every input present (0 for equal, AHP) */
    size_t rows_left_out;      /* clusters left out for missing inputs */
} ce_weights_group;

typedef struct {
    ce_weights_scope scope;
    ce_weights_method method;
    size_t rows;               /* clusters in the data */
    size_t n_groups;
    ce_weights_group *groups;  /* group scope: deepest groups first, dimensions last;
                                  flat: one entry over every indicator */
} ce_weights_result;

/* Computes weights from the data and writes them into p (ce_profile_set_weight),
 * so that ce_profile_write gives the new profile. Every group's weights sum
 * to 1 in p.
 *
 * Group scope: for each group, children before parents, the inputs are the
 * children: an indicator's column of t with its direction, or a group's
 * score by the default pipeline (ce_normalize_minmax onto 0..100 and
 * ce_aggregate_arithmetic, with the weights already computed below; +).
 * Flat scope: the indicators at once; an indicator's weight in its parent is
 * its flat weight rescaled within the parent, a group's weight the sum of
 * its indicators' flat weights, rescaled within its parent, so that the
 * product of the weights along every indicator's path is its flat weight (a
 * group whose indicators all weigh 0 weighs 0 and its children get equal
 * weights).
 *
 * Each group's weights are computed on the clusters with every input
 * present (listwise); eligible and vetoed clusters count. Warnings in diag:
 * clusters left out, constant inputs (weight 0), negative PCA loadings, a
 * PC1 that is not unique, AHP groups without judgements (weights kept), an
 * inconsistent AHP group with allow_inconsistent. Errors (CE_ERR_DATA,
 * naming the group and input; the data file, or the AHP file and line):
 * fewer than 2 clusters with every input, those of the methods, CR >= 0.1.
 * CE_ERR_USAGE: AHP without judgements or with the flat scope. */
ce_status ce_weights_profile(ce_profile *p, const ce_table *t, const ce_weights_plan *plan,
                             ce_weights_result **out, ce_diag *diag, ce_error *err);
void ce_weights_result_free(ce_weights_result *r);

#endif
