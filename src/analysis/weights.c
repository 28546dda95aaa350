/* weights.c - see weights.h. */
#include "clustereval/weights.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/aggregate.h"
#include "clustereval/normalize.h"
#include "clustereval/pipeline.h"
#include "clustereval/numparse.h"

/* Components of a unit eigenvector closer to 0 than this are rounding. */
#define LOADING_TINY 1e-12

static const char *const method_names[] = {"equal", "entropy", "critic", "sd", "pca", "ahp"};

int ce_weights_method_parse(const char *name, ce_weights_method *out)
{
    for (size_t i = 0; i < sizeof method_names / sizeof method_names[0]; i++)
        if (strcmp(name, method_names[i]) == 0) {
            *out = (ce_weights_method)i;
            return 0;
        }
    return -1;
}

const char *ce_weights_method_name(ce_weights_method m)
{
    return (size_t)m < sizeof method_names / sizeof method_names[0] ? method_names[m] : "?";
}

void ce_weights_options_init(ce_weights_options *o)
{
    o->input = CE_WEIGHTS_INPUT_MINMAX;
    o->epsilon = 0;
    o->corr = CE_WEIGHTS_PEARSON;
}

void ce_weights_plan_init(ce_weights_plan *o)
{
    o->method = CE_WEIGHTS_EQUAL;
    o->scope = CE_WEIGHTS_SCOPE_GROUP;
    ce_weights_options_init(&o->opt);
    o->ahp = NULL;
    o->allow_inconsistent = 0;
}

/* ---- one group: the methods ---- */

/* The label of input j for messages. */
static const char *col_name(const ce_weights_matrix *m, size_t j, char *buf, size_t cap)
{
    if (m->names && m->names[j])
        return m->names[j];
    snprintf(buf, cap, "column %zu", j + 1);
    return buf;
}

static const char *row_name(const ce_weights_matrix *m, size_t i, char *buf, size_t cap)
{
    if (m->row_names && m->row_names[i])
        return m->row_names[i];
    snprintf(buf, cap, "row %zu", i + 1);
    return buf;
}

static void column_reset(ce_weights_column *col, size_t cols)
{
    for (size_t j = 0; col && j < cols; j++) {
        col[j].entropy = col[j].sd = col[j].conflict = col[j].info = col[j].loading = NAN;
        col[j].constant = 0;
    }
}

static void info_reset(ce_weights_info *info)
{
    if (!info)
        return;
    info->n_constant = info->n_negative = 0;
    info->lambda1 = info->lambda2 = info->pc1_share = NAN;
}

static int uses_input_option(ce_weights_method method)
{
    return method == CE_WEIGHTS_ENTROPY || method == CE_WEIGHTS_CRITIC || method == CE_WEIGHTS_SD;
}

ce_status ce_weights_prepare(const ce_weights_matrix *m, ce_weights_method method,
                             const ce_weights_options *o, double *out, ce_error *err)
{
    size_t rows = m->rows, cols = m->cols;
    double eps = method == CE_WEIGHTS_ENTROPY ? o->epsilon : 0;
    if (!(eps >= 0 && eps < 0.5))
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0, "epsilon %g is not in [0, 0.5)", eps);
    int raw = uses_input_option(method) && o->input == CE_WEIGHTS_INPUT_RAW;
    if (raw || method == CE_WEIGHTS_EQUAL || method == CE_WEIGHTS_AHP) {
        memcpy(out, m->x, rows * cols * sizeof *out);
        return CE_OK;
    }
    for (size_t j = 0; j < cols; j++) {
        int dir = m->direction && m->direction[j] < 0 ? -1 : 1;
        if (method == CE_WEIGHTS_PCA) {
            for (size_t i = 0; i < rows; i++)
                out[i * cols + j] = dir * m->x[i * cols + j];
            continue;
        }
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < rows; i++) {
            double v = m->x[i * cols + j];
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        /* Direction-aware min-max (OECD/JRC Handbook 2008, §5.2); a constant
         * column gives 1, as ce_normalize_minmax gives hi. */
        for (size_t i = 0; i < rows; i++) {
            double v = m->x[i * cols + j];
            double mm = hi == lo ? 1 : dir > 0 ? (v - lo) / (hi - lo) : (hi - v) / (hi - lo);
            out[i * cols + j] = eps > 0 ? (1 - 2 * eps) * mm + eps : mm;
        }
    }
    return CE_OK;
}

void ce_weights_equal(size_t cols, double *w)
{
    for (size_t j = 0; j < cols; j++)
        w[j] = 1.0 / (double)cols;
}

/* Checks rows and allocates the prepared matrix; *y is freed by the caller. */
static ce_status begin(const ce_weights_matrix *m, ce_weights_method method,
                       const ce_weights_options *o, double **y, ce_weights_column *col,
                       ce_weights_info *info, ce_error *err)
{
    *y = NULL;
    column_reset(col, m->cols);
    info_reset(info);
    if (m->cols == 0)
        return ce_error_set(err, CE_ERR_DATA, NULL, 0, "no input to weigh");
    if (m->rows < 2)
        return ce_error_set(err, CE_ERR_DATA, NULL, 0,
                            "%s weights need at least 2 clusters, got %zu",
                            ce_weights_method_name(method), m->rows);
    *y = malloc(m->rows * m->cols * sizeof **y);
    if (!*y)
        return ce_error_nomem(err);
    ce_status st = ce_weights_prepare(m, method, o, *y, err);
    if (st != CE_OK) {
        free(*y);
        *y = NULL;
    }
    return st;
}

static int column_is_constant(const double *y, size_t rows, size_t cols, size_t j)
{
    for (size_t i = 1; i < rows; i++)
        if (y[i * cols + j] != y[j])
            return 0;
    return 1;
}

/* Sample standard deviation (n - 1) of column j, two-pass. */
static double column_sd(const double *y, size_t rows, size_t cols, size_t j)
{
    double mean = 0, ss = 0;
    for (size_t i = 0; i < rows; i++)
        mean += y[i * cols + j];
    mean /= (double)rows;
    for (size_t i = 0; i < rows; i++) {
        double d = y[i * cols + j] - mean;
        ss += d * d;
    }
    return sqrt(ss / (double)(rows - 1));
}

/* w_j = s_j / sum s; false when the sum is not positive. */
static int scale_to_one(const double *s, size_t n, double *w)
{
    double sum = 0;
    for (size_t j = 0; j < n; j++)
        sum += s[j];
    if (!(sum > 0))
        return 0;
    for (size_t j = 0; j < n; j++)
        w[j] = s[j] / sum;
    return 1;
}

ce_status ce_weights_entropy(const ce_weights_matrix *m, const ce_weights_options *o, double *w,
                             ce_weights_column *col, ce_weights_info *info, ce_error *err)
{
    double *y;
    ce_status st = begin(m, CE_WEIGHTS_ENTROPY, o, &y, col, info, err);
    if (st != CE_OK)
        return st;
    size_t rows = m->rows, cols = m->cols, n_constant = 0;
    char b1[32], b2[32];
    if (o->input == CE_WEIGHTS_INPUT_RAW)
        for (size_t i = 0; i < rows; i++)
            for (size_t j = 0; j < cols; j++)
                if (!(y[i * cols + j] > 0)) {
                    st = ce_error_set(err, CE_ERR_DATA, NULL, 0,
                                      "\"%s\" is %g for \"%s\": entropy on raw values needs "
                                      "every value > 0",
                                      col_name(m, j, b1, sizeof b1), y[i * cols + j],
                                      row_name(m, i, b2, sizeof b2));
                    free(y);
                    return st;
                }
    double *d = malloc(cols * sizeof *d);
    if (!d) {
        free(y);
        return ce_error_nomem(err);
    }
    double ln_n = log((double)rows);
    for (size_t j = 0; j < cols; j++) {
        double e = 1;
        int constant = column_is_constant(y, rows, cols, j);
        if (!constant) {
            double sum = 0, h = 0;
            for (size_t i = 0; i < rows; i++)
                sum += y[i * cols + j];
            for (size_t i = 0; i < rows; i++) {
                double p = y[i * cols + j] / sum;
                if (p > 0) /* 0 ln 0 = 0 */
                    h -= p * log(p);
            }
            e = h / ln_n;
        }
        n_constant += (size_t)constant;
        d[j] = e < 1 ? 1 - e : 0; /* rounding can put e a hair above 1 */
        if (col) {
            col[j].entropy = e;
            col[j].constant = constant;
        }
    }
    free(y);
    if (info)
        info->n_constant = n_constant;
    if (!scale_to_one(d, cols, w)) {
        free(d);
        return ce_error_set(err, CE_ERR_DATA, NULL, 0,
                            "every input is constant over the %zu clusters used: entropy "
                            "weights are undefined", rows);
    }
    free(d);
    return CE_OK;
}

/* Average ranks (1..rows, ties share the mean of their places) of every
 * column of y into r: Spearman's rho is Pearson's r on them. */
typedef struct {
    double v;
    size_t i;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

static ce_status column_ranks(const double *y, size_t rows, size_t cols, double *r)
{
    ranked *t = malloc(rows * sizeof *t);
    if (!t)
        return CE_ERR_IO;
    for (size_t j = 0; j < cols; j++) {
        for (size_t i = 0; i < rows; i++) {
            t[i].v = y[i * cols + j];
            t[i].i = i;
        }
        qsort(t, rows, sizeof *t, cmp_ranked);
        for (size_t a = 0; a < rows;) {
            size_t b = a;
            while (b + 1 < rows && t[b + 1].v == t[a].v)
                b++;
            double rank = (double)(a + b) / 2 + 1;
            for (size_t k = a; k <= b; k++)
                r[t[k].i * cols + j] = rank;
            a = b + 1;
        }
    }
    free(t);
    return CE_OK;
}

/* Correlation matrix (cols x cols) of the columns of y, none constant:
 * Pearson's r, or Spearman's rho as Pearson's r of the average ranks. Each
 * column is centred and scaled to unit length, so r_jk = sum_i z_ij z_ik;
 * rows are walked in order so the cost is one pass of rows x cols^2 / 2. */
static ce_status correlation_matrix(const double *y, size_t rows, size_t cols,
                                    ce_weights_corr corr, double *r)
{
    double *z = malloc(rows * cols * sizeof *z);
    double *mean = calloc(2 * cols, sizeof *mean);
    if (!z || !mean) {
        free(z);
        free(mean);
        return CE_ERR_IO;
    }
    double *scale = mean + cols;
    if (corr == CE_WEIGHTS_SPEARMAN) {
        if (column_ranks(y, rows, cols, z) != CE_OK) {
            free(z);
            free(mean);
            return CE_ERR_IO;
        }
    } else {
        memcpy(z, y, rows * cols * sizeof *z);
    }
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            mean[j] += z[i * cols + j];
    for (size_t j = 0; j < cols; j++)
        mean[j] /= (double)rows;
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++) {
            double dv = z[i * cols + j] - mean[j];
            z[i * cols + j] = dv;
            scale[j] += dv * dv;
        }
    for (size_t j = 0; j < cols; j++)
        scale[j] = 1 / sqrt(scale[j]);
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            z[i * cols + j] *= scale[j];
    memset(r, 0, cols * cols * sizeof *r);
    for (size_t i = 0; i < rows; i++) {
        const double *zi = z + i * cols;
        for (size_t j = 0; j < cols; j++) {
            double a = zi[j];
            double *rj = r + j * cols;
            for (size_t k = j + 1; k < cols; k++)
                rj[k] += a * zi[k];
        }
    }
    for (size_t j = 0; j < cols; j++) {
        r[j * cols + j] = 1;
        for (size_t k = j + 1; k < cols; k++) {
            double v = r[j * cols + k];
            v = v > 1 ? 1 : v < -1 ? -1 : v;
            r[j * cols + k] = r[k * cols + j] = v;
        }
    }
    free(z);
    free(mean);
    return CE_OK;
}

/* CE_ERR_DATA naming the first constant column, for the methods that
 * correlate. */
static ce_status refuse_constant(const ce_weights_matrix *m, const double *y, const char *method,
                                 ce_weights_column *col, ce_error *err)
{
    char b[32];
    for (size_t j = 0; j < m->cols; j++)
        if (column_is_constant(y, m->rows, m->cols, j)) {
            if (col)
                col[j].constant = 1;
            return ce_error_set(err, CE_ERR_DATA, NULL, 0,
                                "\"%s\" is constant over the %zu clusters used: its correlation "
                                "is undefined, so %s cannot weigh it (leave it out of the "
                                "profile or use entropy or sd)",
                                col_name(m, j, b, sizeof b), m->rows, method);
        }
    return CE_OK;
}

ce_status ce_weights_critic(const ce_weights_matrix *m, const ce_weights_options *o, double *w,
                            ce_weights_column *col, ce_weights_info *info, ce_error *err)
{
    double *y;
    ce_status st = begin(m, CE_WEIGHTS_CRITIC, o, &y, col, info, err);
    if (st != CE_OK)
        return st;
    size_t rows = m->rows, cols = m->cols;
    st = refuse_constant(m, y, "CRITIC", col, err);
    double *r = st == CE_OK ? malloc((cols * cols + cols) * sizeof *r) : NULL;
    if (st == CE_OK && !r)
        st = ce_error_nomem(err);
    if (st == CE_OK && correlation_matrix(y, rows, cols, o->corr, r) != CE_OK)
        st = ce_error_nomem(err);
    if (st != CE_OK) {
        free(r);
        free(y);
        return st;
    }
    double *c = r + cols * cols;
    for (size_t j = 0; j < cols; j++) {
        double sd = column_sd(y, rows, cols, j), conflict = 0;
        for (size_t k = 0; k < cols; k++)
            conflict += 1 - r[j * cols + k];
        c[j] = sd * conflict;
        if (col) {
            col[j].sd = sd;
            col[j].conflict = conflict;
            col[j].info = c[j];
        }
    }
    if (!scale_to_one(c, cols, w))
        st = ce_error_set(err, CE_ERR_DATA, NULL, 0,
                          "the inputs are perfectly correlated over the %zu clusters used: "
                          "CRITIC weights are undefined", rows);
    free(r);
    free(y);
    return st;
}

ce_status ce_weights_sd(const ce_weights_matrix *m, const ce_weights_options *o, double *w,
                        ce_weights_column *col, ce_weights_info *info, ce_error *err)
{
    double *y;
    ce_status st = begin(m, CE_WEIGHTS_SD, o, &y, col, info, err);
    if (st != CE_OK)
        return st;
    size_t rows = m->rows, cols = m->cols, n_constant = 0;
    double *sd = malloc(cols * sizeof *sd);
    if (!sd) {
        free(y);
        return ce_error_nomem(err);
    }
    for (size_t j = 0; j < cols; j++) {
        int constant = column_is_constant(y, rows, cols, j);
        sd[j] = constant ? 0 : column_sd(y, rows, cols, j);
        n_constant += (size_t)constant;
        if (col) {
            col[j].sd = sd[j];
            col[j].constant = constant;
        }
    }
    free(y);
    if (info)
        info->n_constant = n_constant;
    if (!scale_to_one(sd, cols, w))
        st = ce_error_set(err, CE_ERR_DATA, NULL, 0,
                          "every input is constant over the %zu clusters used: sd weights are "
                          "undefined", rows);
    free(sd);
    return st;
}

/* Eigen-decomposition of the symmetric n x n matrix r (destroyed) with the
 * GSL error handler off, so that GSL never aborts: eigenvalues descending
 * into eval, the eigenvector of the largest into v. */
static ce_status symmetric_pc1(double *r, size_t n, double *eval, double *v)
{
    gsl_matrix_view a = gsl_matrix_view_array(r, n, n);
    gsl_vector *val = gsl_vector_alloc(n);
    gsl_matrix *vec = gsl_matrix_alloc(n, n);
    gsl_eigen_symmv_workspace *ws = gsl_eigen_symmv_alloc(n);
    int rc = GSL_ENOMEM;
    if (val && vec && ws) {
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        rc = gsl_eigen_symmv(&a.matrix, val, vec, ws);
        if (rc == GSL_SUCCESS)
            rc = gsl_eigen_symmv_sort(val, vec, GSL_EIGEN_SORT_VAL_DESC);
        gsl_set_error_handler(old);
    }
    if (rc == GSL_SUCCESS)
        for (size_t j = 0; j < n; j++) {
            eval[j] = gsl_vector_get(val, j);
            v[j] = gsl_matrix_get(vec, j, 0);
        }
    if (ws)
        gsl_eigen_symmv_free(ws);
    if (vec)
        gsl_matrix_free(vec);
    if (val)
        gsl_vector_free(val);
    return rc == GSL_SUCCESS ? CE_OK : rc == GSL_ENOMEM ? CE_ERR_IO : CE_ERR_DATA;
}

ce_status ce_weights_pca(const ce_weights_matrix *m, const ce_weights_options *o, double *w,
                         ce_weights_column *col, ce_weights_info *info, ce_error *err)
{
    double *y;
    ce_status st = begin(m, CE_WEIGHTS_PCA, o, &y, col, info, err);
    if (st != CE_OK)
        return st;
    size_t rows = m->rows, cols = m->cols;
    st = refuse_constant(m, y, "PCA", col, err);
    double *r = st == CE_OK ? malloc((cols * cols + 2 * cols) * sizeof *r) : NULL;
    if (st == CE_OK && !r)
        st = ce_error_nomem(err);
    if (st == CE_OK && correlation_matrix(y, rows, cols, o->corr, r) != CE_OK)
        st = ce_error_nomem(err);
    free(y);
    if (st != CE_OK) {
        free(r);
        return st;
    }
    double *eval = r + cols * cols, *v = eval + cols;
    st = symmetric_pc1(r, cols, eval, v);
    if (st != CE_OK) {
        free(r);
        return st == CE_ERR_IO ? ce_error_nomem(err)
                               : ce_error_set(err, CE_ERR_DATA, NULL, 0,
                                              "the eigen-decomposition of the correlation "
                                              "matrix failed");
    }
    /* An eigenvector's sign is arbitrary: make the loadings sum positive, or
     * on a tie of the sum, the largest one positive. */
    double sum = 0, big = 0;
    for (size_t j = 0; j < cols; j++) {
        sum += v[j];
        if (fabs(v[j]) > fabs(big))
            big = v[j];
    }
    double sign = fabs(sum) > LOADING_TINY ? (sum > 0 ? 1 : -1) : (big >= 0 ? 1 : -1);
    size_t n_negative = 0;
    for (size_t j = 0; j < cols; j++) {
        v[j] *= sign;
        if (col)
            col[j].loading = v[j];
        if (v[j] < -LOADING_TINY)
            n_negative++;
        w[j] = v[j] > LOADING_TINY ? v[j] : 0;
    }
    double total = 0;
    for (size_t j = 0; j < cols; j++)
        total += eval[j];
    if (info) {
        info->n_negative = n_negative;
        info->lambda1 = eval[0];
        info->lambda2 = cols > 1 ? eval[1] : NAN;
        info->pc1_share = eval[0] / total;
    }
    free(r);
    if (!scale_to_one(w, cols, w))
        return ce_error_set(err, CE_ERR_DATA, NULL, 0, "PC1 has no positive loading");
    return CE_OK;
}

ce_status ce_weights_compute(ce_weights_method method, const ce_weights_matrix *m,
                             const ce_weights_options *o, double *w, ce_weights_column *col,
                             ce_weights_info *info, ce_error *err)
{
    switch (method) {
    case CE_WEIGHTS_EQUAL:
        column_reset(col, m->cols);
        info_reset(info);
        ce_weights_equal(m->cols, w);
        return CE_OK;
    case CE_WEIGHTS_ENTROPY: return ce_weights_entropy(m, o, w, col, info, err);
    case CE_WEIGHTS_CRITIC: return ce_weights_critic(m, o, w, col, info, err);
    case CE_WEIGHTS_SD: return ce_weights_sd(m, o, w, col, info, err);
    case CE_WEIGHTS_PCA: return ce_weights_pca(m, o, w, col, info, err);
    case CE_WEIGHTS_AHP: break;
    }
    return ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                        "AHP weights come from pairwise judgements, not from data");
}

/* ---- AHP ---- */

double ce_weights_ahp_random_index(size_t n)
{
    /* Saaty (1980), The Analytic Hierarchy Process, table of the mean
     * consistency index of random reciprocal matrices, n = 1..15. */
    static const double ri[CE_AHP_MAX_N] = {0,    0,    0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
                                            1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};
    return n >= 1 && n <= CE_AHP_MAX_N ? ri[n - 1] : NAN;
}

ce_status ce_weights_ahp(const double *a, size_t n, double *w, ce_ahp_consistency *c,
                         ce_error *err)
{
    if (n == 0 || n > CE_AHP_MAX_N)
        return ce_error_set(err, CE_ERR_DATA, NULL, 0,
                            "AHP needs 1 to %d items to compare, got %zu (Saaty's random "
                            "index stops at %d)", CE_AHP_MAX_N, n, CE_AHP_MAX_N);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double x = a[i * n + j], y = a[j * n + i];
            if (!(x > 0) || !isfinite(x))
                return ce_error_set(err, CE_ERR_DATA, NULL, 0,
                                    "pairwise value (%zu,%zu) = %g is not positive", i + 1,
                                    j + 1, x);
            if (i == j && x != 1)
                return ce_error_set(err, CE_ERR_DATA, NULL, 0,
                                    "diagonal value (%zu,%zu) = %g is not 1", i + 1, i + 1, x);
            if (fabs(x * y - 1) > 1e-9)
                return ce_error_set(err, CE_ERR_DATA, NULL, 0,
                                    "pairwise values (%zu,%zu) = %g and (%zu,%zu) = %g are not "
                                    "reciprocal", i + 1, j + 1, x, j + 1, i + 1, y);
        }
    ce_ahp_consistency cc = {1, 0, ce_weights_ahp_random_index(n), 0};
    if (n == 1) {
        w[0] = 1;
        if (c)
            *c = cc;
        return CE_OK;
    }
    gsl_matrix *m = gsl_matrix_alloc(n, n);
    gsl_vector_complex *eval = gsl_vector_complex_alloc(n);
    gsl_matrix_complex *evec = gsl_matrix_complex_alloc(n, n);
    gsl_eigen_nonsymmv_workspace *ws = gsl_eigen_nonsymmv_alloc(n);
    int rc = GSL_ENOMEM;
    if (m && eval && evec && ws) {
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                gsl_matrix_set(m, i, j, a[i * n + j]);
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        rc = gsl_eigen_nonsymmv(m, eval, evec, ws);
        if (rc == GSL_SUCCESS)
            rc = gsl_eigen_nonsymmv_sort(eval, evec, GSL_EIGEN_SORT_ABS_DESC);
        gsl_set_error_handler(old);
    }
    double sum = 0;
    if (rc == GSL_SUCCESS) {
        cc.lambda_max = GSL_REAL(gsl_vector_complex_get(eval, 0));
        for (size_t i = 0; i < n; i++) {
            w[i] = GSL_REAL(gsl_matrix_complex_get(evec, i, 0));
            sum += w[i];
        }
    }
    if (ws)
        gsl_eigen_nonsymmv_free(ws);
    if (evec)
        gsl_matrix_complex_free(evec);
    if (eval)
        gsl_vector_complex_free(eval);
    if (m)
        gsl_matrix_free(m);
    if (rc == GSL_ENOMEM)
        return ce_error_nomem(err);
    if (rc != GSL_SUCCESS || sum == 0)
        return ce_error_set(err, CE_ERR_DATA, NULL, 0,
                            "the eigen-decomposition of the pairwise matrix failed");
    for (size_t i = 0; i < n; i++) {
        w[i] /= sum;
        if (!(w[i] > 0)) /* Perron: never for a positive matrix */
            return ce_error_set(err, CE_ERR_DATA, NULL, 0,
                                "the principal eigenvector of the pairwise matrix is not "
                                "positive");
    }
    if (n > 2) {
        cc.ci = (cc.lambda_max - (double)n) / (double)(n - 1);
        if (cc.ci < 0) /* lambda_max >= n in exact arithmetic */
            cc.ci = 0;
        cc.cr = cc.ci / cc.ri;
    }
    if (c)
        *c = cc;
    return CE_OK;
}

/* ---- the AHP file ---- */

typedef struct {
    size_t n;               /* children of the group */
    const size_t *children; /* node indices */
    double *a;              /* n x n, NaN where no judgement yet; NULL: group absent */
    size_t *line;           /* n x n: the line of each judgement */
    size_t first_line;
} ahp_group;

struct ce_ahp_judgements {
    char *path;
    size_t n_nodes;
    ahp_group *groups; /* n_nodes + 1: one per node, the dimensions last */
};

enum { AHP_PARENT, AHP_A, AHP_B, AHP_JUDGEMENT, AHP_N_COLS };
static const char *const ahp_cols[AHP_N_COLS] = {"parent", "a", "b", "judgement"};

typedef struct {
    ce_ahp_judgements *j;
    const ce_profile *p;
    long col[AHP_N_COLS];
    ce_diag *diag;
    size_t rows;
} ahp_reader;

const char *ce_weights_ahp_path(const ce_ahp_judgements *j) { return j->path; }

/* ASCII case-insensitive equality. */
static int same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

/* A positive number or a fraction p/q of two (the full-width solidus ／ is
 * accepted as well, as a Chinese keyboard types it). Returns 0 on success. */
static int parse_judgement(const char *text, double *out)
{
    if (strchr(text, '%'))
        return -1;
    const char *slash = strchr(text, '/');
    size_t bar = 1;
    const char *wide = strstr(text, "\xEF\xBC\x8F");
    if (!slash || (wide && wide < slash)) {
        slash = wide;
        bar = 3;
    }
    double num, den = 1;
    size_t len = slash ? (size_t)(slash - text) : strlen(text);
    if (ce_num_parse(text, len, &num) != CE_NUM_OK)
        return -1;
    if (slash) {
        const char *q = slash + bar;
        if (strchr(q, '/') || strstr(q, "\xEF\xBC\x8F") ||
            ce_num_parse(q, strlen(q), &den) != CE_NUM_OK)
            return -1;
    }
    if (!(num > 0) || !(den > 0))
        return -1;
    double v = num / den;
    if (!(v > 0) || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static ce_status ahp_on_header(ahp_reader *r, const ce_csv_record *rec, ce_error *err)
{
    for (size_t c = 0; c < AHP_N_COLS; c++)
        r->col[c] = -1;
    for (size_t i = 0; i < rec->nfields; i++)
        for (size_t c = 0; c < AHP_N_COLS; c++)
            if (same_name(rec->fields[i], ahp_cols[c])) {
                if (r->col[c] >= 0)
                    return ce_error_set(err, CE_ERR_DATA, r->j->path, rec->line,
                                        "column \"%s\" appears twice", ahp_cols[c]);
                r->col[c] = (long)i;
            }
    for (size_t c = 0; c < AHP_N_COLS; c++)
        if (r->col[c] < 0)
            return ce_error_set(err, CE_ERR_DATA, r->j->path, rec->line,
                                "missing column \"%s\" (an AHP file has the columns "
                                "parent,a,b,judgement)", ahp_cols[c]);
    return CE_OK;
}

/* Position of code among the children of group g, or n when it is not one;
 * CE_ERR_DATA with the message when the code is unknown or not a child. */
static ce_status ahp_child(ahp_reader *r, const ahp_group *g, size_t g_node,
                           const ce_csv_record *rec, long col, size_t *pos, ce_error *err)
{
    const char *code = rec->fields[col];
    char q[256];
    ce_error_quote(code, strlen(code), q, sizeof q);
    if (!code[0])
        return ce_error_set(err, CE_ERR_DATA, r->j->path, rec->line, "column %s is empty",
                            ahp_cols[col == r->col[AHP_A] ? AHP_A : AHP_B]);
    size_t node = ce_profile_find(r->p, code);
    if (node == CE_NO_PARENT)
        return ce_error_set(err, CE_ERR_DATA, r->j->path, rec->line,
                            "unknown code \"%s\" (not in %s)", q, ce_profile_path(r->p));
    for (size_t k = 0; k < g->n; k++)
        if (g->children[k] == node) {
            *pos = k;
            return CE_OK;
        }
    if (g_node == CE_NO_PARENT)
        return ce_error_set(err, CE_ERR_DATA, r->j->path, rec->line,
                            "\"%s\" is not a top-level dimension (its parent is \"%s\")", q,
                            ce_profile_node(r->p, ce_profile_node(r->p, node)->parent)->code);
    return ce_error_set(err, CE_ERR_DATA, r->j->path, rec->line,
                        "\"%s\" is not a child of \"%s\"", q,
                        ce_profile_node(r->p, g_node)->code);
}

static ce_status ahp_on_row(ahp_reader *r, const ce_csv_record *rec, ce_error *err)
{
    ce_ahp_judgements *j = r->j;
    const char *parent = rec->fields[r->col[AHP_PARENT]];
    char q[256];
    size_t g_node = CE_NO_PARENT, slot = j->n_nodes;
    if (parent[0] && strcmp(parent, "composite") == 0 &&
        ce_profile_find(r->p, "composite") != CE_NO_PARENT)
        return ce_error_set(err, CE_ERR_DATA, j->path, rec->line,
                            "parent \"composite\" is ambiguous: the profile has a node of "
                            "that code (leave parent empty for the top level)");
    if (parent[0] && strcmp(parent, "composite") != 0) {
        g_node = ce_profile_find(r->p, parent);
        ce_error_quote(parent, strlen(parent), q, sizeof q);
        if (g_node == CE_NO_PARENT)
            return ce_error_set(err, CE_ERR_DATA, j->path, rec->line,
                                "unknown code \"%s\" in column parent (not in %s)", q,
                                ce_profile_path(r->p));
        if (ce_profile_node(r->p, g_node)->n_children == 0)
            return ce_error_set(err, CE_ERR_DATA, j->path, rec->line,
                                "parent \"%s\" is an indicator, not a group", q);
        slot = g_node;
    }
    ahp_group *g = &j->groups[slot];
    size_t a, b;
    ce_status st = ahp_child(r, g, g_node, rec, r->col[AHP_A], &a, err);
    if (st == CE_OK)
        st = ahp_child(r, g, g_node, rec, r->col[AHP_B], &b, err);
    if (st != CE_OK)
        return st;
    if (a == b)
        return ce_error_set(err, CE_ERR_DATA, j->path, rec->line,
                            "a and b are both \"%s\" (the diagonal is always 1)",
                            rec->fields[r->col[AHP_A]]);
    const char *text = rec->fields[r->col[AHP_JUDGEMENT]];
    double v;
    if (parse_judgement(text, &v) != 0) {
        ce_error_quote(text, strlen(text), q, sizeof q);
        return ce_error_set(err, CE_ERR_DATA, j->path, rec->line,
                            "judgement \"%s\" is not a positive number or a fraction like 1/3",
                            q);
    }
    if ((v < 1.0 / 9 - 1e-12 || v > 9 + 1e-12) &&
        ce_diag_add(r->diag, "%s:%zu: judgement %s is outside Saaty's scale 1/9..9", j->path,
                    rec->line, ce_error_quote(text, strlen(text), q, sizeof q)) != CE_OK)
        return ce_error_nomem(err);
    size_t n = g->n;
    if (!g->a) {
        g->a = malloc(n * n * sizeof *g->a);
        g->line = calloc(n * n, sizeof *g->line);
        if (!g->a || !g->line)
            return ce_error_nomem(err);
        for (size_t k = 0; k < n * n; k++)
            g->a[k] = k % (n + 1) == 0 ? 1 : NAN;
        g->first_line = rec->line;
    }
    if (g->line[a * n + b])
        return ce_error_set(err, CE_ERR_DATA, j->path, rec->line,
                            "the pair %s, %s is given twice (also on line %zu)",
                            rec->fields[r->col[AHP_A]], rec->fields[r->col[AHP_B]],
                            g->line[a * n + b]);
    g->a[a * n + b] = v;
    g->a[b * n + a] = 1 / v;
    g->line[a * n + b] = g->line[b * n + a] = rec->line;
    r->rows++;
    return CE_OK;
}

static ce_status ahp_on_record(void *ud, const ce_csv_record *rec, ce_error *err)
{
    ahp_reader *r = ud;
    return rec->index == 0 ? ahp_on_header(r, rec, err) : ahp_on_row(r, rec, err);
}

void ce_weights_ahp_free(ce_ahp_judgements *j)
{
    if (!j)
        return;
    for (size_t g = 0; j->groups && g <= j->n_nodes; g++) {
        free(j->groups[g].a);
        free(j->groups[g].line);
    }
    free(j->groups);
    free(j->path);
    free(j);
}

ce_status ce_weights_ahp_read(const char *path, const ce_profile *p, ce_ahp_judgements **out,
                              ce_diag *diag, ce_error *err)
{
    ce_ahp_judgements *j = calloc(1, sizeof *j);
    if (!j)
        return ce_error_nomem(err);
    j->n_nodes = ce_profile_node_count(p);
    j->path = strdup(path);
    j->groups = calloc(j->n_nodes + 1, sizeof *j->groups);
    if (!j->path || !j->groups) {
        ce_weights_ahp_free(j);
        return ce_error_nomem(err);
    }
    for (size_t i = 0; i < j->n_nodes; i++) {
        const ce_node *nd = ce_profile_node(p, i);
        j->groups[i].n = nd->n_children;
        j->groups[i].children = nd->children;
    }
    j->groups[j->n_nodes].children = ce_profile_dimensions(p, &j->groups[j->n_nodes].n);

    ahp_reader r = {.j = j, .p = p, .diag = diag};
    ce_status st = ce_csv_read(path, CE_ENC_AUTO, ahp_on_record, &r, NULL, diag, err);
    if (st == CE_OK && r.rows == 0)
        st = ce_error_set(err, CE_ERR_DATA, path, 0, "no judgements (expected rows "
                                                     "parent,a,b,judgement)");
    for (size_t s = 0; st == CE_OK && s <= j->n_nodes; s++) {
        const ahp_group *g = &j->groups[s];
        for (size_t a = 0; g->a && a < g->n && st == CE_OK; a++)
            for (size_t b = a + 1; b < g->n; b++)
                if (!g->line[a * g->n + b]) {
                    st = ce_error_set(
                        err, CE_ERR_DATA, path, g->first_line,
                        "group \"%s\": no judgement for the pair %s, %s (all %zu pairs of its "
                        "%zu children are needed)",
                        s == j->n_nodes ? "composite" : ce_profile_node(p, s)->code,
                        ce_profile_node(p, g->children[a])->code,
                        ce_profile_node(p, g->children[b])->code, g->n * (g->n - 1) / 2, g->n);
                    break;
                }
    }
    if (st != CE_OK) {
        ce_weights_ahp_free(j);
        return st;
    }
    *out = j;
    return CE_OK;
}

const double *ce_weights_ahp_matrix(const ce_ahp_judgements *j, size_t node, size_t *n,
                                    size_t *line)
{
    const ahp_group *g = &j->groups[node == CE_NO_PARENT ? j->n_nodes : node];
    *n = g->n;
    if (line)
        *line = g->first_line;
    return g->a;
}

/* ---- a whole profile ---- */

typedef struct {
    ce_profile *p;
    const ce_table *t;
    const ce_weights_plan *plan;
    ce_diag *diag;
    size_t rows, n_leaves, n_nodes;
    const double *values; /* rows x n_leaves, denominated when the profile says so */
    double *denominated;  /* owned copy behind values, or NULL */
    double *norm;         /* rows x n_leaves, min-max 0..100 (group scope) */
    double *scores;       /* rows x n_nodes (group scope) */
    double *composite;    /* rows */
    /* scratch for one group: */
    double *x;            /* rows x k */
    int *dir;
    const char **names, **row_names;
} weigher;

static const char *group_label(const ce_profile *p, size_t node)
{
    return node == CE_NO_PARENT ? "composite" : ce_profile_node(p, node)->code;
}

/* What messages about a group start with: group "X", or all indicators
 * (flat). */
static const char *subject(const weigher *wg, size_t node, char *buf, size_t cap)
{
    if (wg->plan->scope == CE_WEIGHTS_SCOPE_FLAT)
        return "all indicators (flat)";
    snprintf(buf, cap, "group \"%s\"", group_label(wg->p, node));
    return buf;
}

/* Rewrites a method's error as "group "X": message" about the data file. */
static ce_status group_error(const weigher *wg, size_t node, ce_status st, ce_error *err)
{
    if (st == CE_ERR_IO || !err)
        return st;
    char msg[CE_ERROR_MSG_MAX], who[300];
    memcpy(msg, err->msg, sizeof msg);
    msg[sizeof msg - 1] = '\0';
    return ce_error_set(err, st, ce_table_path(wg->t), 0, "%s: %s",
                        subject(wg, node, who, sizeof who), msg);
}

static ce_status group_alloc(ce_weights_group *g, size_t node, const size_t *inputs, size_t n,
                             ce_error *err)
{
    memset(g, 0, sizeof *g);
    g->node = node;
    g->n = n;
    g->inputs = malloc(n * sizeof *g->inputs);
    g->weight = malloc(n * sizeof *g->weight);
    g->before = malloc(n * sizeof *g->before);
    g->col = malloc(n * sizeof *g->col);
    if (!g->inputs || !g->weight || !g->before || !g->col)
        return ce_error_nomem(err);
    memcpy(g->inputs, inputs, n * sizeof *inputs);
    column_reset(g->col, n);
    info_reset(&g->info);
    g->ahp.lambda_max = g->ahp.ci = g->ahp.ri = g->ahp.cr = NAN;
    return CE_OK;
}

/* The current weights of the inputs, rescaled to sum 1. */
static void current_weights(const ce_profile *p, const size_t *inputs, size_t n, double *w)
{
    double sum = 0, max = 0;
    for (size_t k = 0; k < n; k++)
        max = fmax(max, ce_profile_node(p, inputs[k])->weight);
    int shift = ce_profile_weight_shift(max); /* exact: no sum overflows */
    for (size_t k = 0; k < n; k++)
        sum += ldexp(ce_profile_node(p, inputs[k])->weight, shift);
    for (size_t k = 0; k < n; k++)
        w[k] = sum > 0 ? ldexp(ce_profile_node(p, inputs[k])->weight, shift) / sum : 0;
}

/* Writes the weights of one group into the profile: the positive ones
 * first, so the group never has all weights zero on the way. */
static ce_status store_weights(ce_profile *p, const size_t *nodes, size_t n, const double *w,
                               ce_error *err)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < n; k++) {
            if ((w[k] > 0) != (pass == 0))
                continue;
            ce_status st = ce_profile_set_weight(p, ce_profile_node(p, nodes[k])->code, w[k], err);
            if (st != CE_OK)
                return st;
        }
    return CE_OK;
}

/* The rows with every input present, copied into wg->x; warns about the
 * others. */
static ce_status gather(weigher *wg, ce_weights_group *g, ce_weights_matrix *m, ce_error *err)
{
    size_t k = g->n, used = 0, left = 0;
    for (size_t c = 0; c < k; c++) {
        const ce_node *nd = ce_profile_node(wg->p, g->inputs[c]);
        wg->dir[c] = nd->n_children ? 1 : nd->direction;
        wg->names[c] = nd->code;
    }
    char ids[256] = "";
    size_t id_len = 0;
    for (size_t i = 0; i < wg->rows; i++) {
        double *row = wg->x + used * k;
        int complete = 1;
        for (size_t c = 0; c < k && complete; c++) {
            const ce_node *nd = ce_profile_node(wg->p, g->inputs[c]);
            row[c] = nd->n_children ? wg->scores[i * wg->n_nodes + g->inputs[c]]
                                    : wg->values[i * wg->n_leaves + nd->leaf];
            complete = !isnan(row[c]);
        }
        if (complete) {
            wg->row_names[used++] = ce_table_id(wg->t, i);
            continue;
        }
        if (left < 5) {
            int n = snprintf(ids + id_len, sizeof ids - id_len, "%s%s", left ? ", " : "",
                             ce_table_id(wg->t, i));
            if (n > 0 && id_len + (size_t)n < sizeof ids)
                id_len += (size_t)n;
        }
        left++;
    }
    g->rows_used = used;
    g->rows_left_out = left;
    char who[300];
    if (left && ce_diag_add(wg->diag, "%s: %zu of %zu clusters left out for missing values "
                                      "(%s%s)",
                            subject(wg, g->node, who, sizeof who), left, wg->rows, ids,
                            left > 5 ? ", ..." : "") != CE_OK)
        return ce_error_nomem(err);
    if (used < 2)
        return group_error(wg, g->node,
                           ce_error_set(err, CE_ERR_DATA, NULL, 0,
                                        "only %zu cluster%s every input present; at least 2 "
                                        "are needed to compute weights",
                                        used, used == 1 ? " has" : "s have"),
                           err);
    m->x = wg->x;
    m->rows = used;
    m->cols = k;
    m->direction = wg->dir;
    m->names = wg->names;
    m->row_names = wg->row_names;
    return CE_OK;
}

/* Warnings about what the method found. */
static ce_status report_findings(weigher *wg, const ce_weights_group *g, ce_error *err)
{
    char buf[300];
    const char *who = subject(wg, g->node, buf, sizeof buf);
    ce_status st = CE_OK;
    for (size_t c = 0; c < g->n && st == CE_OK; c++) {
        const char *code = ce_profile_node(wg->p, g->inputs[c])->code;
        if (g->col[c].constant)
            st = ce_diag_add(wg->diag, "%s: \"%s\" is constant over the %zu clusters used: "
                                       "%s weight 0",
                             who, code, g->rows_used, ce_weights_method_name(wg->plan->method));
        else if (g->col[c].loading < -LOADING_TINY)
            st = ce_diag_add(wg->diag, "%s: \"%s\" loads negatively on PC1 (%.6f): weight set "
                                       "to 0",
                             who, code, g->col[c].loading);
    }
    if (st == CE_OK && wg->plan->method == CE_WEIGHTS_PCA && g->n > 1 &&
        g->info.lambda1 - g->info.lambda2 <= 1e-9 * g->info.lambda1)
        st = ce_diag_add(wg->diag, "%s: the two largest eigenvalues are equal (%.6f): PC1 and "
                                   "its weights are not unique",
                         who, g->info.lambda1);
    return st == CE_OK ? CE_OK : ce_error_nomem(err);
}

/* AHP for one group from the judgements. */
static ce_status ahp_group_weights(weigher *wg, ce_weights_group *g, ce_error *err)
{
    const ce_ahp_judgements *j = wg->plan->ahp;
    size_t n;
    const double *a = ce_weights_ahp_matrix(j, g->node, &n, &g->ahp_line);
    const char *label = group_label(wg->p, g->node);
    if (!a) { /* reported once for all such groups by group_scope */
        g->how = CE_WEIGHTS_KEPT;
        memcpy(g->weight, g->before, g->n * sizeof *g->weight);
        return CE_OK;
    }
    ce_status st = ce_weights_ahp(a, n, g->weight, &g->ahp, err);
    if (st != CE_OK) {
        if (st == CE_ERR_IO || !err)
            return st;
        char msg[CE_ERROR_MSG_MAX];
        memcpy(msg, err->msg, sizeof msg);
        msg[sizeof msg - 1] = '\0';
        return ce_error_set(err, st, j->path, g->ahp_line, "group \"%s\": %s", label, msg);
    }
    if (g->ahp.cr >= CE_AHP_CR_LIMIT) {
        if (!wg->plan->allow_inconsistent)
            return ce_error_set(err, CE_ERR_DATA, j->path, g->ahp_line,
                                "group \"%s\": the judgements are inconsistent: CR = %.4f >= "
                                "%.1f (lambda_max = %.4f, CI = %.4f, RI = %.2f); revise them or "
                                "use --allow-inconsistent",
                                label, g->ahp.cr, CE_AHP_CR_LIMIT, g->ahp.lambda_max, g->ahp.ci,
                                g->ahp.ri);
        if (ce_diag_add(wg->diag, "%s:%zu: group \"%s\": inconsistent judgements accepted: CR = "
                                  "%.4f >= %.1f", j->path, g->ahp_line, label, g->ahp.cr,
                        CE_AHP_CR_LIMIT) != CE_OK)
            return ce_error_nomem(err);
    }
    return CE_OK;
}

/* Computes the weights of one group (its inputs already in g). */
static ce_status weigh_group(weigher *wg, ce_weights_group *g, ce_error *err)
{
    const ce_weights_plan *plan = wg->plan;
    if (plan->scope == CE_WEIGHTS_SCOPE_GROUP && g->n == 1) {
        g->how = CE_WEIGHTS_ONE_CHILD;
        g->weight[0] = 1;
        return CE_OK;
    }
    if (plan->method == CE_WEIGHTS_EQUAL) {
        ce_weights_equal(g->n, g->weight);
        return CE_OK;
    }
    if (plan->method == CE_WEIGHTS_AHP)
        return ahp_group_weights(wg, g, err);
    if ((plan->method == CE_WEIGHTS_CRITIC || plan->method == CE_WEIGHTS_PCA) &&
        g->n > CE_WEIGHTS_MAX_CORRELATED) {
        char who[300];
        return ce_error_set(err, CE_ERR_DATA, ce_table_path(wg->t), 0,
                            "%s: %zu inputs: critic and pca need their correlation matrix "
                            "(and pca its eigenvalues), limited to %d inputs per group; use "
                            "--scope group, a smaller group or another method",
                            subject(wg, g->node, who, sizeof who), g->n,
                            CE_WEIGHTS_MAX_CORRELATED);
    }
    ce_weights_matrix m;
    ce_status st = gather(wg, g, &m, err);
    if (st != CE_OK)
        return st;
    st = ce_weights_compute(plan->method, &m, &plan->opt, g->weight, g->col, &g->info, err);
    if (st != CE_OK)
        return group_error(wg, g->node, st, err);
    return report_findings(wg, g, err);
}

static ce_status weigher_init(weigher *wg, ce_profile *p, const ce_table *t,
                              const ce_weights_plan *plan, ce_diag *diag, ce_error *err)
{
    memset(wg, 0, sizeof *wg);
    wg->p = p;
    wg->t = t;
    wg->plan = plan;
    wg->diag = diag;
    wg->rows = ce_table_rows(t);
    wg->n_leaves = ce_table_cols(t);
    wg->n_nodes = ce_profile_node_count(p);
    wg->values = ce_table_values(t);
    if (ce_table_denominator_count(t) > 0) { /* per-capita etc.: as rank sees them */
        size_t cells = wg->rows * wg->n_leaves;
        wg->denominated = malloc((cells ? cells : 1) * sizeof *wg->denominated);
        if (!wg->denominated)
            return ce_error_nomem(err);
        memcpy(wg->denominated, wg->values, cells * sizeof *wg->denominated);
        ce_status st = ce_pipeline_denominate(t, p, wg->denominated, NULL, err);
        if (st != CE_OK)
            return st;
        wg->values = wg->denominated;
    }
    size_t widest = wg->n_leaves, n_dims;
    ce_profile_dimensions(p, &n_dims);
    widest = n_dims > widest ? n_dims : widest;
    for (size_t i = 0; i < wg->n_nodes; i++) {
        size_t k = ce_profile_node(p, i)->n_children;
        widest = k > widest ? k : widest;
    }
    size_t rows = wg->rows ? wg->rows : 1;
    wg->x = malloc(rows * widest * sizeof *wg->x);
    wg->dir = malloc(widest * sizeof *wg->dir);
    wg->names = malloc(widest * sizeof *wg->names);
    wg->row_names = malloc(rows * sizeof *wg->row_names);
    if (!wg->x || !wg->dir || !wg->names || !wg->row_names)
        return ce_error_nomem(err);
    return CE_OK;
}

static void weigher_fini(weigher *wg)
{
    free(wg->denominated);
    free(wg->x);
    free(wg->dir);
    free(wg->names);
    free(wg->row_names);
    free(wg->norm);
    free(wg->scores);
    free(wg->composite);
}

/* Scores of every node by the default pipeline with the current weights:
 * min-max onto 0..100 (once), then the weighted arithmetic mean. */
static ce_status refresh_scores(weigher *wg, ce_error *err)
{
    size_t rows = wg->rows ? wg->rows : 1;
    if (!wg->norm) {
        size_t n;
        const size_t *leaves = ce_profile_leaves(wg->p, &n);
        int *dir = malloc((n ? n : 1) * sizeof *dir);
        wg->norm = malloc(rows * (n ? n : 1) * sizeof *wg->norm);
        wg->scores = malloc(rows * wg->n_nodes * sizeof *wg->scores);
        wg->composite = malloc(rows * sizeof *wg->composite);
        if (!dir || !wg->norm || !wg->scores || !wg->composite) {
            free(dir);
            return ce_error_nomem(err);
        }
        for (size_t k = 0; k < n; k++)
            dir[k] = ce_profile_node(wg->p, leaves[k])->direction;
        ce_status st = ce_normalize_minmax(wg->values, wg->rows, n, dir, 0, 100, wg->norm, NULL);
        free(dir);
        if (st != CE_OK)
            return ce_error_nomem(err);
    }
    if (ce_aggregate_arithmetic(wg->p, wg->norm, wg->rows, wg->scores, wg->composite) != CE_OK)
        return ce_error_nomem(err);
    return CE_OK;
}

static ce_weights_result *result_new(const ce_weights_plan *plan, size_t rows, size_t n_groups)
{
    ce_weights_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->scope = plan->scope;
    r->method = plan->method;
    r->rows = rows;
    r->groups = calloc(n_groups ? n_groups : 1, sizeof *r->groups);
    if (!r->groups) {
        free(r);
        return NULL;
    }
    return r;
}

void ce_weights_result_free(ce_weights_result *r)
{
    if (!r)
        return;
    for (size_t g = 0; g < r->n_groups; g++) {
        free(r->groups[g].inputs);
        free(r->groups[g].weight);
        free(r->groups[g].before);
        free(r->groups[g].col);
    }
    free(r->groups);
    free(r);
}

/* One warning listing the groups AHP left as they were. */
static ce_status report_kept(weigher *wg, const ce_weights_result *res, ce_error *err)
{
    char list[512] = "";
    size_t len = 0, n = 0;
    for (size_t g = 0; g < res->n_groups; g++) {
        if (res->groups[g].how != CE_WEIGHTS_KEPT)
            continue;
        if (len < sizeof list - 1) {
            int k = snprintf(list + len, sizeof list - len, "%s%s", n ? ", " : "",
                             group_label(wg->p, res->groups[g].node));
            len = k < 0 ? len : len + (size_t)k;
            if (len >= sizeof list - 1)
                strcpy(list + sizeof list - 5, "...");
        }
        n++;
    }
    if (n && ce_diag_add(wg->diag, "%zu group%s without judgements in %s keep%s the profile's "
                                   "weights: %s", n, n == 1 ? "" : "s",
                         ce_weights_ahp_path(wg->plan->ahp), n == 1 ? "s" : "", list) != CE_OK)
        return ce_error_nomem(err);
    return CE_OK;
}

static ce_status group_scope(weigher *wg, ce_weights_result *res, ce_error *err)
{
    ce_profile *p = wg->p;
    const size_t *post = ce_profile_postorder(p);
    for (size_t s = 0; s <= wg->n_nodes; s++) {
        size_t node = s < wg->n_nodes ? post[s] : CE_NO_PARENT, k;
        const size_t *kids;
        if (node == CE_NO_PARENT) {
            kids = ce_profile_dimensions(p, &k);
        } else {
            kids = ce_profile_node(p, node)->children;
            k = ce_profile_node(p, node)->n_children;
            if (k == 0)
                continue;
        }
        ce_weights_group *g = &res->groups[res->n_groups++];
        ce_status st = group_alloc(g, node, kids, k, err);
        if (st != CE_OK)
            return st;
        current_weights(p, kids, k, g->before);
        int has_group_child = 0;
        for (size_t c = 0; c < k; c++)
            has_group_child |= ce_profile_node(p, kids[c])->n_children > 0;
        int needs_data = k > 1 && wg->plan->method != CE_WEIGHTS_EQUAL &&
                         wg->plan->method != CE_WEIGHTS_AHP;
        if (needs_data && has_group_child && (st = refresh_scores(wg, err)) != CE_OK)
            return st;
        if ((st = weigh_group(wg, g, err)) != CE_OK)
            return st;
        if ((st = store_weights(p, kids, k, g->weight, err)) != CE_OK)
            return st;
    }
    return report_kept(wg, res, err);
}

static ce_status flat_scope(weigher *wg, ce_weights_result *res, ce_error *err)
{
    ce_profile *p = wg->p;
    size_t n_leaves, n_dims, n = wg->n_nodes;
    const size_t *leaves = ce_profile_leaves(p, &n_leaves);
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    const size_t *post = ce_profile_postorder(p);
    ce_weights_group *g = &res->groups[res->n_groups++];
    ce_status st = group_alloc(g, CE_NO_PARENT, leaves, n_leaves, err);
    if (st != CE_OK)
        return st;
    /* Effective weights before: the product of rescaled weights on the path
     * (eff: room for every node's). */
    double *eff = malloc((n + 1) * sizeof *eff);
    if (!eff)
        return ce_error_nomem(err);
    ce_aggregate_effective_weights_of(p, NULL, g->before, eff);

    if ((st = weigh_group(wg, g, err)) != CE_OK) {
        free(eff);
        return st;
    }
    /* Subtree sums of the flat weights (eff reused), then each node's weight
     * within its parent. */
    for (size_t s = 0; s < n; s++) {
        const ce_node *nd = ce_profile_node(p, post[s]);
        if (nd->n_children == 0) {
            eff[post[s]] = g->weight[nd->leaf];
            continue;
        }
        double sum = 0;
        for (size_t c = 0; c < nd->n_children; c++)
            sum += eff[nd->children[c]];
        eff[post[s]] = sum;
    }
    double *w = malloc((n > 0 ? n : 1) * sizeof *w);
    if (!w) {
        free(eff);
        return ce_error_nomem(err);
    }
    for (size_t s = 0; s <= n && st == CE_OK; s++) {
        size_t node = s < n ? post[s] : CE_NO_PARENT, k;
        const size_t *kids = node == CE_NO_PARENT ? dims : ce_profile_node(p, node)->children;
        k = node == CE_NO_PARENT ? n_dims : ce_profile_node(p, node)->n_children;
        if (k == 0)
            continue;
        double sum = 0;
        for (size_t c = 0; c < k; c++)
            sum += eff[kids[c]];
        for (size_t c = 0; c < k; c++)
            w[c] = sum > 0 ? eff[kids[c]] / sum : 1.0 / (double)k;
        if (!(sum > 0) &&
            ce_diag_add(wg->diag, "group \"%s\": every indicator in it weighs 0: the group "
                                  "weighs 0 and its children get equal weights",
                        group_label(p, node)) != CE_OK)
            st = ce_error_nomem(err);
        if (st == CE_OK)
            st = store_weights(p, kids, k, w, err);
    }
    free(w);
    free(eff);
    return st;
}

ce_status ce_weights_profile(ce_profile *p, const ce_table *t, const ce_weights_plan *plan,
                             ce_weights_result **out, ce_diag *diag, ce_error *err)
{
    if (plan->method == CE_WEIGHTS_AHP && !plan->ahp)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0, "AHP needs a file of judgements");
    if (plan->method == CE_WEIGHTS_AHP && plan->scope == CE_WEIGHTS_SCOPE_FLAT)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                            "AHP compares the children of each group: use the group scope");
    size_t n_nodes = ce_profile_node_count(p);
    ce_weights_result *res = result_new(plan, ce_table_rows(t), n_nodes + 1);
    if (!res)
        return ce_error_nomem(err);
    weigher wg;
    ce_status st = weigher_init(&wg, p, t, plan, diag, err);
    if (st == CE_OK)
        st = plan->scope == CE_WEIGHTS_SCOPE_FLAT ? flat_scope(&wg, res, err)
                                                  : group_scope(&wg, res, err);
    weigher_fini(&wg);
    if (st != CE_OK) {
        ce_weights_result_free(res);
        return st;
    }
    *out = res;
    return CE_OK;
}
