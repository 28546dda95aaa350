/* weights.c - the weighting methods of one group (weights.h): equal,
 * entropy, CRITIC, SD, PCA and the AHP eigenvector. The AHP file is read in
 * weights_ahp_file.c, a whole profile reweighted in weights_profile.c. */
#include "clustereval/weights.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weights_private.h"

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

void ce_weights_column_reset(ce_weights_column *col, size_t cols)
{
    for (size_t j = 0; col && j < cols; j++) {
        col[j].entropy = col[j].sd = col[j].conflict = col[j].info = col[j].loading = NAN;
        col[j].constant = 0;
    }
}

void ce_weights_info_reset(ce_weights_info *info)
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
    ce_weights_column_reset(col, m->cols);
    ce_weights_info_reset(info);
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

/* Eigen-decomposition of the symmetric n x n matrix r (destroyed):
 * eigenvalues descending into eval, the eigenvector of the largest into v.
 * GSL's error handler is the program's (weights.h): what GSL would refuse
 * (n = 0, a value that is not finite) is refused here before any call, and
 * every call's return code is checked. */
static ce_status symmetric_pc1(double *r, size_t n, double *eval, double *v)
{
    if (n == 0)
        return CE_ERR_DATA;
    for (size_t i = 0; i < n * n; i++)
        if (!isfinite(r[i]))
            return CE_ERR_DATA;
    gsl_matrix_view a = gsl_matrix_view_array(r, n, n);
    gsl_vector *val = gsl_vector_alloc(n);
    gsl_matrix *vec = gsl_matrix_alloc(n, n);
    gsl_eigen_symmv_workspace *ws = gsl_eigen_symmv_alloc(n);
    int rc = GSL_ENOMEM;
    if (val && vec && ws) {
        rc = gsl_eigen_symmv(&a.matrix, val, vec, ws);
        if (rc == GSL_SUCCESS)
            rc = gsl_eigen_symmv_sort(val, vec, GSL_EIGEN_SORT_VAL_DESC);
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
    double sign = fabs(sum) > CE_WEIGHTS_LOADING_TINY ? (sum > 0 ? 1 : -1) : (big >= 0 ? 1 : -1);
    size_t n_negative = 0;
    for (size_t j = 0; j < cols; j++) {
        v[j] *= sign;
        if (col)
            col[j].loading = v[j];
        if (v[j] < -CE_WEIGHTS_LOADING_TINY)
            n_negative++;
        w[j] = v[j] > CE_WEIGHTS_LOADING_TINY ? v[j] : 0;
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
        ce_weights_column_reset(col, m->cols);
        ce_weights_info_reset(info);
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
        rc = gsl_eigen_nonsymmv(m, eval, evec, ws);
        if (rc == GSL_SUCCESS)
            rc = gsl_eigen_nonsymmv_sort(eval, evec, GSL_EIGEN_SORT_ABS_DESC);
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
