/* compare.c - see compare.h. */
#define _GNU_SOURCE /* qsort_r: the sort context without a file-scope static */
#include "clustereval/compare.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/idkey.h"
#include "clustereval/numparse.h"

#include "colmap.h"
#include "stats.h"

/* ---- rank statistics ---------------------------------------------------- */

typedef struct {
    double v;
    size_t i;
} valued;

static int cmp_valued(const void *pa, const void *pb)
{
    const valued *a = pa, *b = pb;
    if (a->v != b->v)
        return a->v < b->v ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

ce_status ce_compare_average_ranks(const double *x, size_t n, double *out, ce_error *err)
{
    valued *s = malloc((n ? n : 1) * sizeof *s);
    if (!s)
        return ce_error_nomem(err);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            s[m++] = (valued){x[i], i};
    qsort(s, m, sizeof *s, cmp_valued);
    for (size_t i = 0; i < n; i++)
        if (isnan(x[i]))
            out[i] = NAN;
    /* Places start .. end-1 (0-based) share the value: average place
     * (start + 1 + end) / 2 in 1-based ranks. */
    for (size_t start = 0, end; start < m; start = end) {
        for (end = start + 1; end < m && s[end].v == s[start].v; end++)
            ;
        double avg = (double)(start + 1 + end) / 2.0;
        for (size_t k = start; k < end; k++)
            out[s[k].i] = avg;
    }
    free(s);
    return CE_OK;
}

/* Copies the pairs where both x and y are present into xs, ys; returns m. */
static size_t complete_pairs(const double *x, const double *y, size_t n, double *xs, double *ys)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && !isnan(y[i])) {
            xs[m] = x[i];
            ys[m++] = y[i];
        }
    return m;
}

ce_status ce_compare_spearman(const double *x, const double *y, size_t n, double *rho,
                              size_t *pairs, ce_error *err)
{
    double *xs = malloc((n ? n : 1) * sizeof *xs), *ys = malloc((n ? n : 1) * sizeof *ys);
    ce_status st = xs && ys ? CE_OK : ce_error_nomem(err);
    size_t m = st == CE_OK ? complete_pairs(x, y, n, xs, ys) : 0;
    double r = NAN;
    if (st == CE_OK && m >= 2) {
        st = ce_compare_average_ranks(xs, m, xs, err);
        if (st == CE_OK)
            st = ce_compare_average_ranks(ys, m, ys, err);
    }
    if (st == CE_OK && m == 2) {
        /* ce_stats_pearson wants 3 pairs; two untied pairs agree or not. */
        if (xs[0] != xs[1] && ys[0] != ys[1])
            r = (xs[0] < xs[1]) == (ys[0] < ys[1]) ? 1.0 : -1.0;
    } else if (st == CE_OK && m > 2) {
        r = ce_stats_pearson(xs, 1, ys, 1, m, NULL);
    }
    free(xs);
    free(ys);
    if (st != CE_OK)
        return st;
    *rho = r;
    if (pairs)
        *pairs = m;
    return CE_OK;
}

typedef struct {
    double x, y;
} xy_pair;

static int cmp_xy(const void *pa, const void *pb)
{
    const xy_pair *a = pa, *b = pb;
    if (a->x != b->x)
        return a->x < b->x ? -1 : 1;
    return (a->y > b->y) - (a->y < b->y);
}

/* Sum of t(t-1)/2 over the runs of equal values t of the sorted v. */
static uint64_t tied_pairs(const double *v, size_t m)
{
    uint64_t sum = 0;
    for (size_t start = 0, end; start < m; start = end) {
        for (end = start + 1; end < m && v[end] == v[start]; end++)
            ;
        uint64_t t = end - start;
        sum += t * (t - 1) / 2;
    }
    return sum;
}

/* Sorts v ascending by a bottom-up merge sort (tmp: room for m) and returns
 * the number of inversions, pairs i < j with v[i] > v[j]. */
static uint64_t sort_count_inversions(double *v, double *tmp, size_t m)
{
    uint64_t inv = 0;
    double *src = v, *dst = tmp;
    for (size_t w = 1; w < m; w *= 2) {
        for (size_t lo = 0; lo < m; lo += 2 * w) {
            size_t mid = m - lo > w ? lo + w : m;
            size_t hi = m - mid > w ? mid + w : m;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                if (src[j] < src[i]) {
                    inv += mid - i;
                    dst[k++] = src[j++];
                } else {
                    dst[k++] = src[i++];
                }
            }
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        double *t = src;
        src = dst;
        dst = t;
    }
    if (src != v)
        memcpy(v, src, m * sizeof *v);
    return inv;
}

ce_status ce_compare_kendall_tau_b(const double *x, const double *y, size_t n, double *tau,
                                   size_t *pairs, ce_error *err)
{
    xy_pair *p = malloc((n ? n : 1) * sizeof *p);
    double *ys = malloc((n ? n : 1) * sizeof *ys), *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!p || !ys || !tmp) {
        free(p);
        free(ys);
        free(tmp);
        return ce_error_nomem(err);
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && !isnan(y[i]))
            p[m++] = (xy_pair){x[i], y[i]};
    double t = NAN;
    if (m >= 2) {
        /* Knight (1966): sort by (x, y); ties in x (n1) and in both (n3) are
         * runs; the discordant pairs are the inversions left in y, counted
         * while merge-sorting it; then ties in y (n2) are runs too. */
        qsort(p, m, sizeof *p, cmp_xy);
        uint64_t n0 = (uint64_t)m * (m - 1) / 2, n1 = 0, n3 = 0;
        for (size_t start = 0, end; start < m; start = end) {
            for (end = start + 1; end < m && p[end].x == p[start].x; end++)
                ;
            uint64_t k = end - start;
            n1 += k * (k - 1) / 2;
            for (size_t s2 = start, e2; s2 < end; s2 = e2) {
                for (e2 = s2 + 1; e2 < end && p[e2].y == p[s2].y; e2++)
                    ;
                uint64_t j = e2 - s2;
                n3 += j * (j - 1) / 2;
            }
        }
        for (size_t i = 0; i < m; i++)
            ys[i] = p[i].y;
        uint64_t discordant = sort_count_inversions(ys, tmp, m);
        uint64_t n2 = tied_pairs(ys, m);
        if (n0 > n1 && n0 > n2) {
            /* C + D = n0 - n1 - n2 + n3, so C - D = that - 2D. */
            double c_minus_d = (double)(n0 - n1 - n2 + n3) - 2.0 * (double)discordant;
            t = c_minus_d / sqrt((double)(n0 - n1) * (double)(n0 - n2));
        }
    }
    free(p);
    free(ys);
    free(tmp);
    *tau = t;
    if (pairs)
        *pairs = m;
    return CE_OK;
}

/* ---- two rankings side by side ------------------------------------------ */

typedef struct {
    double key; /* ascending; +inf sorts last */
    const char *id;
    size_t idx;
} list_item;

static int cmp_item(const void *pa, const void *pb)
{
    const list_item *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    int c = strcmp(a->id, b->id);
    return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

/* Sorts items[0..count) and stores at most max of their indices in a new
 * array *list (never NULL on success), *n_list their number. */
static ce_status finish_list(list_item *items, size_t count, size_t max, size_t **list,
                             size_t *n_list, ce_error *err)
{
    qsort(items, count, sizeof *items, cmp_item);
    size_t keep = count < max ? count : max;
    *list = malloc((keep ? keep : 1) * sizeof **list);
    if (!*list)
        return ce_error_nomem(err);
    for (size_t k = 0; k < keep; k++)
        (*list)[k] = items[k].idx;
    *n_list = keep;
    return CE_OK;
}

static int present(const unsigned char *in, size_t i)
{
    return !in || in[i];
}

static double rank_or_last(double r)
{
    return isnan(r) ? INFINITY : r;
}

ce_status ce_compare_run(const ce_compare_input *in, size_t max_movers, ce_comparison *out,
                         ce_error *err)
{
    size_t n = in->n;
    ce_comparison c;
    memset(&c, 0, sizeof c);
    c.rho = c.tau_b = c.max_change = NAN;
    c.awards_known = in->award_a && in->award_b;
    double *ra = malloc((n ? n : 1) * sizeof *ra), *rb = malloc((n ? n : 1) * sizeof *rb);
    list_item *items = malloc((n ? n : 1) * sizeof *items);
    ce_status st = ra && rb && items ? CE_OK : ce_error_nomem(err);
    for (size_t i = 0; st == CE_OK && i < n; i++) {
        int pa = present(in->in_a, i), pb = present(in->in_b, i);
        ra[i] = pa ? in->rank_a[i] : NAN;
        rb[i] = pb ? in->rank_b[i] : NAN;
        c.n_both += pa && pb;
    }
    if (st == CE_OK)
        st = ce_compare_spearman(ra, rb, n, &c.rho, &c.pairs, err);
    if (st == CE_OK)
        st = ce_compare_kendall_tau_b(ra, rb, n, &c.tau_b, NULL, err);

    /* Movers. */
    size_t k = 0;
    if (st == CE_OK && c.pairs > 0)
        c.max_change = 0;
    for (size_t i = 0; st == CE_OK && i < n; i++)
        if (!isnan(ra[i]) && !isnan(rb[i]) && ra[i] != rb[i]) {
            double d = fabs(rb[i] - ra[i]);
            if (d > c.max_change)
                c.max_change = d;
            items[k++] = (list_item){-d, in->id[i], i};
        }
    c.n_moved = k;
    if (st == CE_OK)
        st = finish_list(items, k, max_movers, &c.movers, &c.n_movers, err);

    /* Enter and leave the award list. */
    k = 0;
    for (size_t i = 0; st == CE_OK && c.awards_known && i < n; i++) {
        int yes_a = present(in->in_a, i) && in->award_a[i] == CE_AWARD_YES;
        int yes_b = present(in->in_b, i) && in->award_b[i] == CE_AWARD_YES;
        if (yes_a && !yes_b)
            items[k++] = (list_item){rank_or_last(ra[i]), in->id[i], i};
    }
    if (st == CE_OK)
        st = finish_list(items, k, n, &c.enter, &c.n_enter, err);
    k = 0;
    for (size_t i = 0; st == CE_OK && c.awards_known && i < n; i++) {
        int yes_a = present(in->in_a, i) && in->award_a[i] == CE_AWARD_YES;
        int yes_b = present(in->in_b, i) && in->award_b[i] == CE_AWARD_YES;
        if (yes_b && !yes_a)
            items[k++] = (list_item){rank_or_last(rb[i]), in->id[i], i};
    }
    if (st == CE_OK)
        st = finish_list(items, k, n, &c.leave, &c.n_leave, err);

    /* Present on one side only. */
    k = 0;
    for (size_t i = 0; st == CE_OK && i < n; i++)
        if (present(in->in_a, i) && !present(in->in_b, i))
            items[k++] = (list_item){rank_or_last(ra[i]), in->id[i], i};
    if (st == CE_OK)
        st = finish_list(items, k, n, &c.added, &c.n_added, err);
    k = 0;
    for (size_t i = 0; st == CE_OK && i < n; i++)
        if (!present(in->in_a, i) && present(in->in_b, i))
            items[k++] = (list_item){rank_or_last(rb[i]), in->id[i], i};
    if (st == CE_OK)
        st = finish_list(items, k, n, &c.dropped, &c.n_dropped, err);

    free(ra);
    free(rb);
    free(items);
    if (st != CE_OK) {
        ce_comparison_fini(&c);
        return st;
    }
    *out = c;
    return CE_OK;
}

void ce_comparison_fini(ce_comparison *c)
{
    if (!c)
        return;
    free(c->enter);
    free(c->leave);
    free(c->movers);
    free(c->added);
    free(c->dropped);
    c->enter = c->leave = c->movers = c->added = c->dropped = NULL;
    c->n_enter = c->n_leave = c->n_movers = c->n_added = c->n_dropped = 0;
}

/* ---- an earlier ranked CSV ---------------------------------------------- */

typedef struct {
    size_t id, name; /* offsets into the arena */
    double rank, score;
    ce_award award;
    size_t line;
} prev_row;

struct ce_compare_previous {
    char *path;
    char *arena;
    size_t arena_len, arena_cap;
    prev_row *rows;
    size_t n_rows, cap;
    size_t *by_id; /* row indices sorted by the key of their id */
    char **keys;   /* per row: the key of its id (idkey.h) */
    int has_award, has_score;
};

enum { COL_ID, COL_RANK, COL_NAME, COL_SCORE, COL_AWARD, N_COLS };
static const char *const col_names[N_COLS] = {"id", "rank", "name", "score", "award"};

typedef struct {
    ce_compare_previous *p;
    long col[N_COLS]; /* field index, or -1 */
} prev_loader;

/* Appends text (without clustereval's formula-guard quote) to the arena;
 * returns its offset, or -1 when out of memory. */
static long arena_add(ce_compare_previous *p, const char *text, size_t len)
{
    if (len >= 2 && text[0] == '\'' && text[1] && strchr("=+-@\t\r", text[1])) {
        text++;
        len--;
    }
    if (p->arena_len + len + 1 > p->arena_cap) {
        size_t cap = p->arena_cap ? p->arena_cap : 4096;
        while (cap < p->arena_len + len + 1)
            cap *= 2;
        char *a = realloc(p->arena, cap);
        if (!a)
            return -1;
        p->arena = a;
        p->arena_cap = cap;
    }
    long off = (long)p->arena_len;
    memcpy(p->arena + p->arena_len, text, len);
    p->arena[p->arena_len + len] = '\0';
    p->arena_len += len + 1;
    return off;
}

/* Maps the header (colmap.h): id and rank required, name, score and award
 * optional. */
static ce_status prev_header(prev_loader *ld, const ce_csv_record *rec, ce_error *err)
{
    ce_colmap_column cols[N_COLS];
    for (size_t c = 0; c < N_COLS; c++)
        cols[c] = (ce_colmap_column){col_names[c], NULL, NULL, c <= COL_RANK};
    ce_colmap_options o = {.path = ld->p->path, .hint = "a ranked CSV needs id and rank",
                           .say_no_column = 1};
    ce_status st = ce_colmap_find(rec, cols, N_COLS, &o, ld->col, err);
    ld->p->has_score = ld->col[COL_SCORE] >= 0;
    ld->p->has_award = ld->col[COL_AWARD] >= 0;
    return st;
}

static ce_status cell_error(const ce_compare_previous *p, size_t line, const char *column,
                            const char *what, const char *text, size_t len, ce_error *err)
{
    char q[256];
    return ce_error_set(err, CE_ERR_DATA, p->path, line, "column \"%s\": %s: \"%s\"", column,
                        what, ce_error_quote(text, len, q, sizeof q));
}

/* ASCII case-insensitive equality of text[0..len) and the lower-case word. */
static int word_is(const char *text, size_t len, const char *word)
{
    if (strlen(word) != len)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char ch = text[i] >= 'A' && text[i] <= 'Z' ? (char)(text[i] + 32) : text[i];
        if (ch != word[i])
            return 0;
    }
    return 1;
}

static ce_status prev_record(void *ud, const ce_csv_record *rec, ce_error *err)
{
    prev_loader *ld = ud;
    ce_compare_previous *p = ld->p;
    if (rec->index == 0)
        return prev_header(ld, rec, err);
    if (p->n_rows == p->cap) {
        size_t cap = p->cap ? 2 * p->cap
                            : rec->max_records && rec->max_records < 65536 ? rec->max_records
                                                                          : 65536;
        prev_row *rows = realloc(p->rows, cap * sizeof *rows);
        if (!rows)
            return ce_error_nomem(err);
        p->rows = rows;
        p->cap = cap;
    }
    prev_row *r = &p->rows[p->n_rows];
    r->line = rec->line;
    r->rank = r->score = NAN;
    r->award = CE_AWARD_NO;

    size_t f = (size_t)ld->col[COL_ID];
    if (rec->lens[f] == 0)
        return ce_error_set(err, CE_ERR_DATA, p->path, rec->line, "empty id");
    long off = arena_add(p, rec->fields[f], rec->lens[f]);
    if (off < 0)
        return ce_error_nomem(err);
    r->id = (size_t)off;

    off = ld->col[COL_NAME] >= 0
              ? arena_add(p, rec->fields[ld->col[COL_NAME]], rec->lens[ld->col[COL_NAME]])
              : arena_add(p, "", 0);
    if (off < 0)
        return ce_error_nomem(err);
    r->name = (size_t)off;

    f = (size_t)ld->col[COL_RANK];
    double v;
    ce_num_result nr = ce_num_parse(rec->fields[f], rec->lens[f], &v);
    if (nr == CE_NUM_OK && v >= 1 && v <= 1e9 && v == floor(v))
        r->rank = v;
    else if (nr != CE_NUM_MISSING)
        return cell_error(p, rec->line, "rank", "not a rank (a whole number >= 1, or empty)",
                          rec->fields[f], rec->lens[f], err);

    if (ld->col[COL_SCORE] >= 0) {
        f = (size_t)ld->col[COL_SCORE];
        nr = ce_num_parse(rec->fields[f], rec->lens[f], &v);
        if (nr == CE_NUM_OK)
            r->score = v;
        else if (nr != CE_NUM_MISSING)
            return cell_error(p, rec->line, "score", "not a number", rec->fields[f],
                              rec->lens[f], err);
    }
    if (ld->col[COL_AWARD] >= 0) {
        f = (size_t)ld->col[COL_AWARD];
        const char *a = rec->fields[f];
        size_t len = rec->lens[f];
        if (word_is(a, len, "yes"))
            r->award = CE_AWARD_YES;
        else if (word_is(a, len, "tie"))
            r->award = CE_AWARD_TIE;
        else if (len != 0 && !word_is(a, len, "no"))
            return cell_error(p, rec->line, "award", "not yes, tie or no", a, len, err);
    }
    p->n_rows++;
    return CE_OK;
}

static const char *prev_id_at(const void *ctx, size_t i, size_t *line)
{
    const ce_compare_previous *p = ctx;
    *line = p->rows[i].line;
    return p->arena + p->rows[i].id;
}

static int cmp_key(const void *pa, const void *pb, void *ctx)
{
    const ce_compare_previous *p = ctx;
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    int c = strcmp(p->keys[a], p->keys[b]);
    return c ? c : (a > b) - (a < b);
}

/* Sorts the rows by the key of their id (idkey.h) into p->by_id, so the
 * ranking's "A01" finds the previous file's "a01"; two ids with one key
 * are an error at the later line. */
static ce_status index_ids(ce_compare_previous *p, ce_error *err)
{
    ce_status st = ce_idkey_check_unique(p->path, p->n_rows, prev_id_at, p, "id", "cluster", err);
    if (st != CE_OK)
        return st;
    p->by_id = malloc(p->n_rows * sizeof *p->by_id);
    p->keys = calloc(p->n_rows, sizeof *p->keys);
    if (!p->by_id || !p->keys)
        return ce_error_nomem(err);
    for (size_t r = 0; r < p->n_rows; r++) {
        p->by_id[r] = r;
        if (!(p->keys[r] = ce_idkey_new(ce_compare_previous_id(p, r))))
            return ce_error_nomem(err);
    }
    qsort_r(p->by_id, p->n_rows, sizeof *p->by_id, cmp_key, p);
    return CE_OK;
}

ce_status ce_compare_previous_read(const char *path, ce_encoding enc, ce_compare_previous **out,
                                   ce_diag *diag, ce_error *err)
{
    ce_compare_previous *p = calloc(1, sizeof *p);
    if (!p || !(p->path = strdup(path))) {
        free(p);
        return ce_error_nomem(err);
    }
    prev_loader ld = {.p = p};
    ce_status st = ce_csv_read(path, enc, prev_record, &ld, NULL, diag, err);
    if (st == CE_OK && p->n_rows == 0)
        st = ce_error_set(err, CE_ERR_DATA, path, 2, "no data rows after the header");
    if (st == CE_OK)
        st = index_ids(p, err);
    if (st != CE_OK) {
        ce_compare_previous_free(p);
        return st;
    }
    *out = p;
    return CE_OK;
}

void ce_compare_previous_free(ce_compare_previous *p)
{
    if (!p)
        return;
    free(p->path);
    free(p->arena);
    free(p->rows);
    free(p->by_id);
    for (size_t r = 0; p->keys && r < p->n_rows; r++)
        free(p->keys[r]);
    free(p->keys);
    free(p);
}

const char *ce_compare_previous_path(const ce_compare_previous *p) { return p->path; }
size_t ce_compare_previous_rows(const ce_compare_previous *p) { return p->n_rows; }
int ce_compare_previous_has_award(const ce_compare_previous *p) { return p->has_award; }
int ce_compare_previous_has_score(const ce_compare_previous *p) { return p->has_score; }

const char *ce_compare_previous_id(const ce_compare_previous *p, size_t row)
{
    return p->arena + p->rows[row].id;
}

const char *ce_compare_previous_name(const ce_compare_previous *p, size_t row)
{
    return p->arena + p->rows[row].name;
}

double ce_compare_previous_rank(const ce_compare_previous *p, size_t row)
{
    return p->rows[row].rank;
}

double ce_compare_previous_score(const ce_compare_previous *p, size_t row)
{
    return p->rows[row].score;
}

ce_award ce_compare_previous_award(const ce_compare_previous *p, size_t row)
{
    return p->rows[row].award;
}

size_t ce_compare_previous_line(const ce_compare_previous *p, size_t row)
{
    return p->rows[row].line;
}

long ce_compare_previous_find(const ce_compare_previous *p, const char *id)
{
    char *key = ce_idkey_new(id);
    if (!key)
        return -2;
    size_t lo = 0, hi = p->n_rows;
    long found = -1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(p->keys[p->by_id[mid]], key);
        if (c == 0) {
            found = (long)p->by_id[mid];
            break;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    free(key);
    return found;
}
