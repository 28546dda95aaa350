/* audit.c - see audit.h. */
#include "clustereval/audit.h"

#include <float.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/csvio.h"

#include "stats.h"

void ce_audit_options_init(ce_audit_options *o)
{
    o->min_availability = 0.65;
    o->min_nonzero = 0.5;
    o->min_unique = 0.5;
    o->max_abs_skew = 2;
    o->max_kurt = 3.5;
    o->min_cluster_availability = 2.0 / 3.0;
    o->collinear = 0.9;
}

void ce_audit_free(ce_audit *a)
{
    if (!a)
        return;
    if (a->groups)
        for (size_t g = 0; g < a->n_groups; g++)
            free(a->groups[g].note);
    free(a->indicators);
    free(a->clusters);
    free(a->dim_availability);
    free(a->groups);
    free(a->correlations);
    free(a->pairs);
    free(a);
}

/* ---- building blocks ---------------------------------------------------- */

/* Dot product with four accumulators, so that the additions pipeline. */
static double dot(const double *x, const double *y, size_t n)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += x[i] * y[i];
        s1 += x[i + 1] * y[i + 1];
        s2 += x[i + 2] * y[i + 2];
        s3 += x[i + 3] * y[i + 3];
    }
    for (; i < n; i++)
        s0 += x[i] * y[i];
    return (s0 + s1) + (s2 + s3);
}

/* A variable centred on its mean, missing values set to 0. */
typedef struct {
    const double *x; /* the values (NaN missing) */
    const double *u; /* x - mean, 0 where missing */
    size_t n;        /* present values */
    double su, ss;   /* sum of u and of u^2 */
    const size_t *miss;
    size_t n_miss;
} centred;

/* Over the rows where v is missing but a is present: how many, and the
 * sums of a's u and u^2 there (the terms to take out of a's totals). */
static size_t drop_terms(const centred *a, const centred *v, double *su, double *ss)
{
    size_t m = 0;
    *su = *ss = 0;
    for (size_t t = 0; t < v->n_miss; t++) {
        size_t i = v->miss[t];
        if (isnan(a->x[i]))
            continue;
        m++;
        *su += a->u[i];
        *ss += a->u[i] * a->u[i];
    }
    return m;
}

/* The k columns centred once, for any number of pairs. */
typedef struct {
    double *u;
    size_t *miss;
    centred *c;
    size_t rows;
} pairwise;

static void pairwise_free(pairwise *pw)
{
    free(pw->u);
    free(pw->miss);
    free(pw->c);
}

static ce_status pairwise_begin(pairwise *pw, const double *cols, size_t rows, size_t k,
                                ce_error *err)
{
    size_t n_miss = 0;
    for (size_t i = 0; i < k * rows; i++)
        n_miss += isnan(cols[i]) != 0;
    pw->rows = rows;
    pw->u = malloc(k * rows * sizeof *pw->u + 1);
    pw->miss = malloc(n_miss * sizeof *pw->miss + 1);
    pw->c = malloc(k * sizeof *pw->c + 1);
    if (!pw->u || !pw->miss || !pw->c) {
        pairwise_free(pw);
        return ce_error_nomem(err);
    }
    for (size_t a = 0, t = 0; a < k; a++) {
        const double *x = cols + a * rows;
        double *ua = pw->u + a * rows;
        double mean = ce_stats_mean(x, 1, rows);
        centred *c = &pw->c[a];
        *c = (centred){x, ua, 0, 0, 0, pw->miss + t, 0};
        for (size_t i = 0; i < rows; i++) {
            if (isnan(x[i])) {
                ua[i] = 0;
                pw->miss[t++] = i;
                c->n_miss++;
                continue;
            }
            ua[i] = x[i] - mean;
            c->su += ua[i];
            c->ss += ua[i] * ua[i];
            c->n++;
        }
    }
    return CE_OK;
}

/* Columns a and b over the rows where both are present: their number, the
 * covariance (NaN below 2) and the correlation (NaN below 3 or constant). */
static size_t pairwise_one(const pairwise *pw, size_t a, size_t b, double *cov, double *cor)
{
    const centred *ca = &pw->c[a], *cb = &pw->c[b];
    double dsu, dss, dsv, dsvv;
    size_t m = ca->n - drop_terms(ca, cb, &dsu, &dss);
    drop_terms(cb, ca, &dsv, &dsvv);
    double su = ca->su - dsu, suu = ca->ss - dss;
    double sv = cb->su - dsv, svv = cb->ss - dsvv;
    double suv = a == b ? suu : dot(ca->u, cb->u, pw->rows);
    double sxy = 0, sxx = 0, syy = 0;
    if (m > 0) {
        sxy = suv - su * sv / (double)m;
        sxx = suu - su * su / (double)m;
        syy = svv - sv * sv / (double)m;
    }
    *cov = m >= 2 ? sxy / (double)(m - 1) : NAN;
    /* A side is constant when its sum of squares is rounding noise: equal
     * values v give suu = m (v - mean)^2 and sxx = 0 up to a few ulps of
     * suu per value. */
    double tol = 4 * DBL_EPSILON * (double)m;
    *cor = NAN;
    if (m >= 3 && sxx > tol * suu && syy > tol * svv)
        *cor = a == b ? 1 : fmax(-1, fmin(1, sxy / sqrt(sxx * syy)));
    return m;
}

ce_status ce_audit_pairwise(const double *cols, size_t rows, size_t k, double *cov, double *cor,
                            size_t *pairs, ce_error *err)
{
    pairwise pw;
    ce_status st = pairwise_begin(&pw, cols, rows, k, err);
    if (st != CE_OK)
        return st;
    for (size_t a = 0; a < k; a++) {
        for (size_t b = a; b < k; b++) {
            double v, r;
            size_t m = pairwise_one(&pw, a, b, &v, &r);
            if (pairs)
                pairs[a * k + b] = pairs[b * k + a] = m;
            if (cov)
                cov[a * k + b] = cov[b * k + a] = v;
            if (cor)
                cor[a * k + b] = cor[b * k + a] = r;
        }
    }
    pairwise_free(&pw);
    return CE_OK;
}

double ce_audit_cronbach_alpha(const double *cov, size_t k)
{
    if (k < 2)
        return NAN;
    double diag = 0, all = 0;
    for (size_t a = 0; a < k; a++) {
        diag += cov[a * k + a];
        for (size_t b = 0; b < k; b++)
            all += cov[a * k + b];
    }
    if (isnan(all) || !(all > 0))
        return NAN;
    double dk = (double)k;
    return dk / (dk - 1) * (1 - diag / all);
}

ce_status ce_audit_pc1_share(const double *cor, size_t k, double *share, ce_error *err)
{
    *share = NAN;
    if (k < 2)
        return CE_OK;
    for (size_t i = 0; i < k * k; i++)
        if (!isfinite(cor[i]))
            return CE_OK;
    /* The input is checked (k >= 2, every value finite), so GSL can fail
     * only for want of memory, which it reports through the program's
     * error handler (audit.h), then by its return value. */
    double *copy = malloc(k * k * sizeof *copy), *eval = malloc(k * sizeof *eval);
    ce_status st = CE_OK;
    if (!copy || !eval) {
        st = ce_error_nomem(err);
    } else {
        memcpy(copy, cor, k * k * sizeof *copy); /* gsl_eigen_symm destroys its input */
        gsl_matrix_view m = gsl_matrix_view_array(copy, k, k);
        gsl_vector_view v = gsl_vector_view_array(eval, k);
        gsl_eigen_symm_workspace *w = gsl_eigen_symm_alloc(k);
        int rc = w ? gsl_eigen_symm(&m.matrix, &v.vector, w) : GSL_ENOMEM;
        if (w)
            gsl_eigen_symm_free(w);
        if (rc != GSL_SUCCESS) {
            st = ce_error_set(err, CE_ERR_IO, NULL, 0, "PCA eigen-decomposition: %s",
                              gsl_strerror(rc));
        } else {
            double top = eval[0];
            for (size_t i = 1; i < k; i++)
                if (eval[i] > top)
                    top = eval[i];
            *share = top / (double)k;
        }
    }
    free(copy);
    free(eval);
    return st;
}

/* ---- the audit ---------------------------------------------------------- */

/* Sorts v[0..n) (no NaN) ascending: an LSD radix sort on the IEEE-754 bits,
 * flipped so that unsigned order is numeric order (-0 sorts just before +0,
 * nothing between them). O(n), where qsort with a comparison callback made
 * the audit of 10,000 x 120 values half again as slow. tmp: room for 2n
 * keys. */
static void sort_doubles(double *v, size_t n, uint64_t *tmp)
{
    uint64_t *from = tmp, *to = tmp + n;
    for (size_t i = 0; i < n; i++) {
        uint64_t u;
        memcpy(&u, &v[i], sizeof u);
        from[i] = u >> 63 ? ~u : u | (UINT64_C(1) << 63);
    }
    for (unsigned shift = 0; n > 0 && shift < 64; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[((from[i] >> shift) & 0xFF) + 1]++;
        if (count[((from[0] >> shift) & 0xFF) + 1] == n)
            continue; /* every key has this digit */
        for (int d = 0; d < 256; d++)
            count[d + 1] += count[d];
        for (size_t i = 0; i < n; i++)
            to[count[(from[i] >> shift) & 0xFF]++] = from[i];
        uint64_t *t = from;
        from = to;
        to = t;
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t u = from[i] >> 63 ? from[i] & ~(UINT64_C(1) << 63) : ~from[i];
        memcpy(&v[i], &u, sizeof u);
    }
}

/* Statistics of one indicator's raw values x[0..rows); sorted has room for
 * rows values, tmp for 2 rows. */
static void indicator_stats(const double *x, size_t rows, double *sorted, uint64_t *tmp,
                            const ce_audit_options *o, ce_audit_indicator *s)
{
    size_t n = ce_stats_compact(x, 1, rows, sorted);
    s->n = n;
    s->availability = (double)n / (double)rows;
    s->missing_share = (double)(rows - n) / (double)rows;
    s->min = s->max = s->median = s->unique_share = s->nonzero_share = NAN;
    if (n > 0) {
        sort_doubles(sorted, n, tmp);
        size_t unique = 1, nonzero = 0;
        for (size_t i = 0; i < n; i++) {
            unique += i > 0 && sorted[i] != sorted[i - 1];
            nonzero += sorted[i] != 0;
        }
        s->min = sorted[0];
        s->max = sorted[n - 1];
        /* as ce_stats_median, on the values already sorted */
        s->median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        s->unique_share = (double)unique / (double)n;
        s->nonzero_share = (double)nonzero / (double)n;
    }
    s->mean = ce_stats_mean(sorted, 1, n);
    s->sd = ce_stats_sd(sorted, 1, n);
    s->skew = ce_stats_skew(sorted, 1, n);
    s->kurt = ce_stats_kurt(sorted, 1, n);
    s->flags = 0;
    if (s->availability < o->min_availability)
        s->flags |= CE_AUDIT_FLAG_AVAILABILITY;
    if (s->nonzero_share < o->min_nonzero)
        s->flags |= CE_AUDIT_FLAG_NONZERO;
    if (s->unique_share < o->min_unique)
        s->flags |= CE_AUDIT_FLAG_UNIQUE;
    if (fabs(s->skew) > o->max_abs_skew && s->kurt > o->max_kurt)
        s->flags |= CE_AUDIT_FLAG_OUTLIER;
}

/* Copies column j of a row-major rows x width matrix into out. */
static void gather_column(const double *m, size_t rows, size_t width, size_t j, double *out)
{
    for (size_t i = 0; i < rows; i++)
        out[i] = m[i * width + j];
}

/* A growing string for the note of a group. */
typedef struct {
    char *s;
    size_t len;
    int failed;
} note_buf;

static void note_add(note_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void note_add(note_buf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    const char *sep = b->len ? "; " : "";
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *grown = n < 0 ? NULL : realloc(b->s, b->len + strlen(sep) + (size_t)n + 1);
    if (!grown) {
        b->failed = 1;
        return;
    }
    b->s = grown;
    memcpy(b->s + b->len, sep, strlen(sep));
    b->len += strlen(sep);
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Says why entry (a, b) of a pairwise matrix is not defined: fewer than
 * need clusters with both values, or (correlations) a constant side. */
static void note_entry(note_buf *b, const char *what, const char *const *codes, size_t a,
                       size_t c, size_t pairs, size_t need)
{
    if (a == c && pairs < need)
        note_add(b, "%s not defined: %s has %zu value%s", what, codes[a], pairs,
                 pairs == 1 ? "" : "s");
    else if (a == c)
        note_add(b, "%s not defined: %s is constant", what, codes[a]);
    else if (pairs < need)
        note_add(b, "%s not defined: %s and %s are both present for %zu cluster%s", what,
                 codes[a], codes[c], pairs, pairs == 1 ? "" : "s");
    else
        note_add(b, "%s not defined: %s or %s is constant where both are present", what,
                 codes[a], codes[c]);
}

/* Returns the index of the first NaN entry of a k x k matrix, looking at
 * the diagonal first (a variable that is the cause explains its whole row),
 * or k * k. */
static size_t first_nan(const double *m, size_t k)
{
    for (size_t a = 0; a < k; a++)
        if (isnan(m[a * k + a]))
            return a * k + a;
    for (size_t i = 0; i < k * k; i++)
        if (isnan(m[i]))
            return i;
    return k * k;
}

/* Cronbach's alpha and PC1 share of one group, whose k children's scores
 * are cols (column after column). work: room for 2 k^2 doubles and k^2
 * counts. */
static ce_status group_consistency(ce_audit_group *g, const double *cols, size_t rows,
                                   const char *const *codes, double *work, size_t *pairs,
                                   ce_error *err)
{
    size_t k = g->k;
    note_buf note = {NULL, 0, 0};
    g->alpha = g->pc1_share = NAN;
    g->min_pairs = 0;
    ce_status st = CE_OK;
    if (k < 2) {
        note_add(&note, "one child (%s): alpha and PCA not defined", codes[0]);
    } else {
        double *cov = work, *cor = work + k * k;
        st = ce_audit_pairwise(cols, rows, k, cov, cor, pairs, err);
        if (st != CE_OK)
            return st;
        g->min_pairs = rows;
        for (size_t a = 0; a < k; a++)
            for (size_t b = a + 1; b < k; b++)
                if (pairs[a * k + b] < g->min_pairs)
                    g->min_pairs = pairs[a * k + b];
        g->alpha = ce_audit_cronbach_alpha(cov, k);
        size_t bad = first_nan(cov, k);
        if (bad < k * k)
            note_entry(&note, "alpha", codes, bad / k, bad % k, pairs[bad], 2);
        else if (isnan(g->alpha))
            note_add(&note, "alpha not defined: the variance of the children's sum is not "
                            "positive");
        bad = first_nan(cor, k);
        if (bad < k * k)
            note_entry(&note, "PCA", codes, bad / k, bad % k, pairs[bad], 3);
        else
            st = ce_audit_pc1_share(cor, k, &g->pc1_share, err);
    }
    if (st == CE_OK && (note.failed || (!note.s && !(note.s = calloc(1, 1))))) {
        st = ce_error_nomem(err);
    }
    if (st != CE_OK) {
        free(note.s);
        note.s = NULL;
    }
    g->note = note.s;
    return st;
}

/* Top-level dimension (position among the dimensions) of every node: one
 * pass over the nodes, parents before their children (the postorder read
 * backwards), so a chain of any depth takes linear time. */
static void node_dimensions(const ce_profile *p, size_t *dim_of)
{
    size_t n_nodes = ce_profile_node_count(p), n_dims;
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    const size_t *post = ce_profile_postorder(p);
    for (size_t d = 0; d < n_dims; d++)
        dim_of[dims[d]] = d;
    for (size_t s = n_nodes; s-- > 0;) {
        size_t parent = ce_profile_node(p, post[s])->parent;
        if (parent != CE_NO_PARENT)
            dim_of[post[s]] = dim_of[parent];
    }
}

/* Level of every node (1 for a dimension), in the same single pass. */
static void node_levels(const ce_profile *p, size_t *level)
{
    size_t n_nodes = ce_profile_node_count(p);
    const size_t *post = ce_profile_postorder(p);
    for (size_t s = n_nodes; s-- > 0;) {
        size_t parent = ce_profile_node(p, post[s])->parent;
        level[post[s]] = parent == CE_NO_PARENT ? 1 : level[parent] + 1;
    }
}

static ce_status audit_clusters(ce_audit *a, const ce_table *t, const ce_profile *p,
                                ce_error *err)
{
    size_t n_nodes = ce_profile_node_count(p), n_leaves;
    const size_t *leaves = ce_profile_leaves(p, &n_leaves);
    size_t *dim_of = malloc(n_nodes * sizeof *dim_of);
    size_t *per_dim = calloc(a->n_dims + 1, sizeof *per_dim);
    size_t *present = malloc((a->n_dims + 1) * sizeof *present);
    if (!dim_of || !per_dim || !present) {
        free(dim_of);
        free(per_dim);
        free(present);
        return ce_error_nomem(err);
    }
    node_dimensions(p, dim_of);
    for (size_t j = 0; j < n_leaves; j++)
        per_dim[dim_of[leaves[j]]]++;
    const double *x = ce_table_values(t);
    for (size_t i = 0; i < a->rows; i++) {
        size_t all = 0;
        memset(present, 0, a->n_dims * sizeof *present);
        for (size_t j = 0; j < n_leaves; j++) {
            if (isnan(x[i * n_leaves + j]))
                continue;
            all++;
            present[dim_of[leaves[j]]]++;
        }
        ce_audit_cluster *c = &a->clusters[i];
        c->availability = (double)all / (double)n_leaves;
        c->low = c->availability < a->options.min_cluster_availability;
        c->low_dims = 0;
        for (size_t d = 0; d < a->n_dims; d++) {
            double share = (double)present[d] / (double)per_dim[d];
            a->dim_availability[i * a->n_dims + d] = share;
            c->low_dims += share < a->options.min_cluster_availability;
        }
    }
    free(dim_of);
    free(per_dim);
    free(present);
    return CE_OK;
}

static ce_status audit_groups(ce_audit *a, const ce_profile *p, const ce_result *r,
                              ce_error *err)
{
    size_t n_nodes = ce_profile_node_count(p), n_dims, kmax = 0;
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    a->n_groups = 1;
    kmax = n_dims;
    for (size_t i = 0; i < n_nodes; i++) {
        const ce_node *nd = ce_profile_node(p, i);
        if (nd->n_children > 0) {
            a->n_groups++;
            if (nd->n_children > kmax)
                kmax = nd->n_children;
        }
    }
    a->groups = calloc(a->n_groups, sizeof *a->groups);
    size_t *level = malloc((n_nodes ? n_nodes : 1) * sizeof *level);
    double *cols = malloc(kmax * a->rows * sizeof *cols);
    double *work = malloc(2 * kmax * kmax * sizeof *work);
    size_t *pairs = malloc(kmax * kmax * sizeof *pairs);
    const char **codes = malloc(kmax * sizeof *codes);
    ce_status st =
        a->groups && level && cols && work && pairs && codes ? CE_OK : ce_error_nomem(err);
    if (st == CE_OK)
        node_levels(p, level);
    for (size_t g = 0, i = 0; st == CE_OK && g < a->n_groups; g++) {
        ce_audit_group *grp = &a->groups[g];
        const size_t *children;
        if (g == 0) {
            grp->node = CE_AUDIT_COMPOSITE;
            grp->level = 0;
            grp->k = n_dims;
            children = dims;
        } else {
            while (ce_profile_node(p, i)->n_children == 0)
                i++;
            const ce_node *nd = ce_profile_node(p, i);
            grp->node = i;
            grp->level = level[i];
            grp->k = nd->n_children;
            children = nd->children;
            i++;
        }
        for (size_t c = 0; c < grp->k; c++) {
            gather_column(r->nodes, a->rows, r->n_nodes, children[c], cols + c * a->rows);
            codes[c] = ce_profile_node(p, children[c])->code;
        }
        st = group_consistency(grp, cols, a->rows, codes, work, pairs, err);
    }
    free(level);
    free(cols);
    free(work);
    free(pairs);
    free(codes);
    return st;
}

static ce_status audit_correlations(ce_audit *a, const ce_profile *p, const ce_result *r,
                                    ce_error *err)
{
    size_t n_leaves;
    const size_t *leaves = ce_profile_leaves(p, &n_leaves);
    size_t rows = a->rows, cap = 0;
    /* The indicators' columns one after another, and a parent's scores. */
    double *cols = malloc(n_leaves * rows * sizeof *cols + 1);
    double *parent_col = malloc(rows * sizeof *parent_col);
    ce_status st = cols && parent_col ? CE_OK : ce_error_nomem(err);
    for (size_t j = 0, last = CE_NO_PARENT; st == CE_OK && j < n_leaves; j++) {
        ce_audit_correlation *c = &a->correlations[j];
        const double *x = cols + j * rows;
        size_t parent = ce_profile_node(p, leaves[j])->parent;
        gather_column(r->norm, rows, r->n_leaves, j, cols + j * rows);
        c->node = leaves[j];
        c->r_composite = ce_stats_pearson(x, 1, r->composite, 1, rows, &c->n_composite);
        if (parent == CE_NO_PARENT) {
            c->r_parent = c->r_composite;
            c->n_parent = c->n_composite;
        } else {
            if (parent != last)
                gather_column(r->nodes, rows, r->n_nodes, parent, parent_col);
            last = parent;
            c->r_parent = ce_stats_pearson(x, 1, parent_col, 1, rows, &c->n_parent);
        }
        c->negative = c->r_parent < 0;
    }

    /* Every pair of indicators, computed one at a time: only the pairs at
     * or above the threshold are kept (all k x k would not fit for a
     * profile of 100,000 indicators). */
    pairwise pw;
    int begun = st == CE_OK && (st = pairwise_begin(&pw, cols, rows, n_leaves, err)) == CE_OK;
    for (size_t x = 0; st == CE_OK && x < n_leaves; x++) {
        for (size_t y = x + 1; y < n_leaves; y++) {
            double cov, v;
            size_t m = pairwise_one(&pw, x, y, &cov, &v);
            if (!(fabs(v) >= a->options.collinear))
                continue;
            if (a->n_pairs == cap) {
                size_t grown_cap = cap ? 2 * cap : 16;
                ce_audit_pair *grown = realloc(a->pairs, grown_cap * sizeof *grown);
                if (!grown) {
                    st = ce_error_nomem(err);
                    break;
                }
                a->pairs = grown;
                cap = grown_cap;
            }
            ce_audit_pair *pr = &a->pairs[a->n_pairs++];
            pr->a = leaves[x];
            pr->b = leaves[y];
            pr->r = v;
            pr->pairs = m;
            pr->same_parent =
                ce_profile_node(p, leaves[x])->parent == ce_profile_node(p, leaves[y])->parent;
        }
    }
    if (begun)
        pairwise_free(&pw);
    free(cols);
    free(parent_col);
    return st;
}

ce_status ce_audit_run(const ce_table *t, const ce_profile *p, const ce_result *r,
                       const ce_audit_options *o, ce_audit **out, ce_error *err)
{
    size_t n_leaves;
    const size_t *leaves = ce_profile_leaves(p, &n_leaves);
    if (n_leaves > CE_AUDIT_MAX_INDICATORS)
        return ce_error_set(err, CE_ERR_DATA, ce_profile_path(p), 0,
                            "%zu indicators: the audit compares every pair of indicators and "
                            "takes the eigenvalues of each group, so it is limited to %d "
                            "indicators; audit a part of the profile",
                            n_leaves, CE_AUDIT_MAX_INDICATORS);
    ce_audit *a = calloc(1, sizeof *a);
    if (!a)
        return ce_error_nomem(err);
    if (o)
        a->options = *o;
    else
        ce_audit_options_init(&a->options);
    a->rows = ce_table_rows(t);
    a->n_indicators = n_leaves;
    ce_profile_dimensions(p, &a->n_dims);
    a->indicators = calloc(n_leaves, sizeof *a->indicators);
    a->clusters = calloc(a->rows, sizeof *a->clusters);
    a->dim_availability = calloc(a->rows * a->n_dims + 1, sizeof *a->dim_availability);
    a->correlations = calloc(n_leaves, sizeof *a->correlations);
    double *column = malloc(2 * a->rows * sizeof *column);
    uint64_t *tmp = malloc(2 * a->rows * sizeof *tmp);
    ce_status st = a->indicators && a->clusters && a->dim_availability && a->correlations &&
                           column && tmp
                       ? CE_OK
                       : ce_error_nomem(err);
    const double *x = ce_table_values(t);
    for (size_t j = 0; st == CE_OK && j < n_leaves; j++) {
        gather_column(x, a->rows, n_leaves, j, column);
        a->indicators[j].node = leaves[j];
        indicator_stats(column, a->rows, column + a->rows, tmp, &a->options,
                        &a->indicators[j]);
    }
    free(column);
    free(tmp);
    if (st == CE_OK)
        st = audit_clusters(a, t, p, err);
    if (st == CE_OK)
        st = audit_groups(a, p, r, err);
    if (st == CE_OK)
        st = audit_correlations(a, p, r, err);
    if (st != CE_OK) {
        ce_audit_free(a);
        return st;
    }
    *out = a;
    return CE_OK;
}

/* ---- the text of the flags ---------------------------------------------- */

const char *ce_audit_flags_text(unsigned flags, char *buf, size_t size)
{
    static const struct {
        unsigned bit;
        const char *text;
    } names[] = {{CE_AUDIT_FLAG_AVAILABILITY, "low_availability"},
                 {CE_AUDIT_FLAG_NONZERO, "few_nonzero"},
                 {CE_AUDIT_FLAG_UNIQUE, "few_unique"},
                 {CE_AUDIT_FLAG_OUTLIER, "outlier"}};
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!(flags & names[i].bit))
            continue;
        int n = snprintf(buf + len, size - len, "%s%s", len ? "; " : "", names[i].text);
        if (n < 0 || (size_t)n >= size - len)
            break;
        len += (size_t)n;
    }
    return buf;
}
