/* sme.c - see sme.h. The rule is that of 《中小企业划型标准规定》
 * (工信部联企业〔2011〕300号), 第四条: the bounds themselves are data. */
#include "clustereval/sme.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/numparse.h"

#include "colmap.h"

#define N_TIERS 3 /* large, medium, small: the tiers with bounds */

typedef struct {
    char *id, *name;
    size_t line;
    size_t n_measures;
    ce_sme_measure measures[CE_SME_N_MEASURES];
    double bound[N_TIERS][CE_SME_N_MEASURES]; /* [tier][k], k indexing measures */
} industry;

struct ce_sme_standard {
    industry *ind;
    size_t n, cap;
};

static const char *const size_names[CE_SME_N_SIZES] = {"large", "medium", "small", "micro"};
static const char *const measure_names[CE_SME_N_MEASURES] = {"persons", "revenue", "assets"};
static const char *const measure_labels[CE_SME_N_MEASURES] = {"从业人员", "营业收入",
                                                              "资产总额"};

const char *ce_sme_size_name(ce_sme_size size)
{
    return (unsigned)size < CE_SME_N_SIZES ? size_names[size] : "?";
}

const char *ce_sme_measure_name(ce_sme_measure m)
{
    return (unsigned)m < CE_SME_N_MEASURES ? measure_names[m] : "?";
}

const char *ce_sme_measure_label(ce_sme_measure m)
{
    return (unsigned)m < CE_SME_N_MEASURES ? measure_labels[m] : "?";
}

/* ---- loading ------------------------------------------------------------ */

enum { COL_ID, COL_INDUSTRY, COL_MEASURES, COL_LARGE, COL_MEDIUM, COL_SMALL, N_COLS };
static const char *const col_names[N_COLS] = {"id", "industry", "measures",
                                              "large", "medium", "small"};

typedef struct {
    ce_sme_standard *s;
    const char *path;
    long col[N_COLS];
} loader;

static ce_status on_header(loader *ld, const ce_csv_record *rec, ce_error *err)
{
    return ce_colmap_find_names(rec, col_names, N_COLS, ld->path,
                                "a size standard needs id,industry,measures,large,medium,small",
                                ld->col, err);
}

/* Splits text at ';' into at most max pieces of at most cap-1 bytes each.
 * Returns the number of pieces, or -1 when there are too many or one is too
 * long. */
static int split(const char *text, char pieces[][64], int max)
{
    int n = 0;
    const char *p = text;
    for (;;) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (n == max || len >= 64)
            return -1;
        memcpy(pieces[n], p, len);
        pieces[n][len] = '\0';
        n++;
        if (!end)
            return n;
        p = end + 1;
    }
}

/* The measure called name, or CE_SME_N_MEASURES. */
static int find_measure(const char *name)
{
    int m = 0;
    while (m < CE_SME_N_MEASURES && strcmp(name, measure_names[m]) != 0)
        m++;
    return m;
}

static ce_status parse_measures(loader *ld, const ce_csv_record *rec, industry *ind,
                                ce_error *err)
{
    char pieces[CE_SME_N_MEASURES][64], q[256];
    const char *text = rec->fields[ld->col[COL_MEASURES]];
    int n = split(text, pieces, CE_SME_N_MEASURES);
    if (n < 0)
        return ce_error_set(err, CE_ERR_DATA, ld->path, rec->line,
                            "column \"measures\": \"%s\" is not a ';' list of persons, revenue, "
                            "assets", ce_error_quote(text, strlen(text), q, sizeof q));
    for (int k = 0; k < n && k < CE_SME_N_MEASURES; k++) {
        int m = find_measure(pieces[k]);
        if (m == CE_SME_N_MEASURES)
            return ce_error_set(err, CE_ERR_DATA, ld->path, rec->line,
                                "column \"measures\": unknown measure \"%s\" (use persons, "
                                "revenue or assets)",
                                ce_error_quote(pieces[k], strlen(pieces[k]), q, sizeof q));
        for (int j = 0; j < k; j++)
            if (ind->measures[j] == (ce_sme_measure)m)
                return ce_error_set(err, CE_ERR_DATA, ld->path, rec->line,
                                    "column \"measures\": measure \"%s\" appears twice",
                                    measure_names[m]);
        ind->measures[k] = (ce_sme_measure)m;
    }
    ind->n_measures = (size_t)n;
    return CE_OK;
}

static ce_status parse_bounds(loader *ld, const ce_csv_record *rec, int tier, industry *ind,
                              ce_error *err)
{
    char pieces[CE_SME_N_MEASURES][64], q[256];
    const char *col = col_names[COL_LARGE + tier];
    const char *text = rec->fields[ld->col[COL_LARGE + tier]];
    int n = split(text, pieces, CE_SME_N_MEASURES);
    if (n != (int)ind->n_measures)
        return ce_error_set(err, CE_ERR_DATA, ld->path, rec->line,
                            "column \"%s\": \"%s\" is not a ';' list of %zu bound(s), one per "
                            "measure", col, ce_error_quote(text, strlen(text), q, sizeof q),
                            ind->n_measures);
    for (int k = 0; k < n; k++) {
        double v;
        if (ce_num_parse(pieces[k], strlen(pieces[k]), &v) != CE_NUM_OK || v < 0)
            return ce_error_set(err, CE_ERR_DATA, ld->path, rec->line,
                                "column \"%s\": cannot parse \"%s\" as a non-negative number",
                                col, ce_error_quote(pieces[k], strlen(pieces[k]), q, sizeof q));
        ind->bound[tier][k] = v;
    }
    return CE_OK;
}

static void industry_fini(industry *ind)
{
    free(ind->id);
    free(ind->name);
}

static ce_status on_record(void *ud, const ce_csv_record *rec, ce_error *err)
{
    loader *ld = ud;
    ce_sme_standard *s = ld->s;
    if (rec->index == 0)
        return on_header(ld, rec, err);
    char q[256];
    const char *id = rec->fields[ld->col[COL_ID]];
    const char *name = rec->fields[ld->col[COL_INDUSTRY]];
    if (!id[0] || !name[0])
        return ce_error_set(err, CE_ERR_DATA, ld->path, rec->line, "empty %s",
                            id[0] ? "industry" : "id");
    for (size_t i = 0; i < s->n; i++) {
        const industry *o = &s->ind[i];
        const char *dup = !strcmp(o->id, id) || !strcmp(o->name, id)       ? id
                          : !strcmp(o->id, name) || !strcmp(o->name, name) ? name
                                                                           : NULL;
        if (dup)
            return ce_error_set(err, CE_ERR_DATA, ld->path, rec->line,
                                "duplicate industry \"%s\" (first defined on line %zu)",
                                ce_error_quote(dup, strlen(dup), q, sizeof q), o->line);
    }
    industry ind = {.line = rec->line};
    ce_status st = parse_measures(ld, rec, &ind, err);
    for (int t = 0; st == CE_OK && t < N_TIERS; t++)
        st = parse_bounds(ld, rec, t, &ind, err);
    for (size_t k = 0; st == CE_OK && k < ind.n_measures; k++)
        for (int t = 1; t < N_TIERS; t++)
            if (ind.bound[t][k] > ind.bound[t - 1][k]) {
                st = ce_error_set(err, CE_ERR_DATA, ld->path, rec->line,
                                  "measure \"%s\": the %s bound %.15g exceeds the %s bound "
                                  "%.15g (tiers must be ordered large >= medium >= small)",
                                  measure_names[ind.measures[k]], size_names[t],
                                  ind.bound[t][k], size_names[t - 1], ind.bound[t - 1][k]);
                break;
            }
    if (st != CE_OK)
        return st;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        industry *p = realloc(s->ind, cap * sizeof *p);
        if (!p)
            return ce_error_nomem(err);
        s->ind = p;
        s->cap = cap;
    }
    ind.id = strdup(id);
    ind.name = strdup(name);
    if (!ind.id || !ind.name) {
        industry_fini(&ind);
        return ce_error_nomem(err);
    }
    s->ind[s->n++] = ind;
    return CE_OK;
}

ce_status ce_sme_standard_load(const char *path, ce_encoding enc, ce_sme_standard **out,
                               ce_diag *diag, ce_error *err)
{
    ce_sme_standard *s = calloc(1, sizeof *s);
    if (!s)
        return ce_error_nomem(err);
    loader ld = {.s = s, .path = path};
    ce_status st = ce_csv_read(path, enc, on_record, &ld, NULL, diag, err);
    if (st == CE_OK && s->n == 0)
        st = ce_error_set(err, CE_ERR_DATA, path, 0, "no industry defined");
    if (st != CE_OK) {
        ce_sme_standard_free(s);
        return st;
    }
    *out = s;
    return CE_OK;
}

void ce_sme_standard_free(ce_sme_standard *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        industry_fini(&s->ind[i]);
    free(s->ind);
    free(s);
}

/* ---- lookup ------------------------------------------------------------- */

size_t ce_sme_industry_count(const ce_sme_standard *s)
{
    return s->n;
}

int ce_sme_industry_find(const ce_sme_standard *s, const char *text, size_t *index)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->ind[i].id, text) == 0 || strcmp(s->ind[i].name, text) == 0) {
            *index = i;
            return 0;
        }
    return -1;
}

const char *ce_sme_industry_id(const ce_sme_standard *s, size_t index)
{
    return s->ind[index].id;
}

const char *ce_sme_industry_name(const ce_sme_standard *s, size_t index)
{
    return s->ind[index].name;
}

int ce_sme_industry_uses(const ce_sme_standard *s, size_t index, ce_sme_measure m)
{
    const industry *ind = &s->ind[index];
    for (size_t k = 0; k < ind->n_measures; k++)
        if (ind->measures[k] == m)
            return 1;
    return 0;
}

/* ---- classifying -------------------------------------------------------- */

typedef struct {
    char *buf;
    size_t size, len;
} text_buf;

static void put(text_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text_buf *b, const char *fmt, ...)
{
    if (b->len + 1 >= b->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->buf + b->len, b->size - b->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        b->len = b->len + (size_t)n < b->size ? b->len + (size_t)n : b->size - 1;
}

/* The first measure (index k) of ind whose value is below the tier's bound,
 * or -1 when all reach it. */
static int first_below(const industry *ind, int tier, const double *v)
{
    for (size_t k = 0; k < ind->n_measures; k++)
        if (v[k] < ind->bound[tier][k])
            return (int)k;
    return -1;
}

ce_status ce_sme_classify(const ce_sme_standard *s, size_t index, double persons,
                          double revenue, double assets, ce_sme_size *size, char *reason,
                          size_t reason_size, ce_error *err)
{
    const industry *ind = &s->ind[index];
    const double all[CE_SME_N_MEASURES] = {persons, revenue, assets};
    double v[CE_SME_N_MEASURES];
    for (size_t k = 0; k < ind->n_measures; k++) {
        ce_sme_measure m = ind->measures[k];
        v[k] = all[m];
        if (isnan(v[k]))
            return ce_error_set(err, CE_ERR_DATA, NULL, 0, "%s (%s) is missing; %s needs it",
                                measure_labels[m], measure_names[m], ind->name);
        if (!isfinite(v[k]) || v[k] < 0)
            return ce_error_set(err, CE_ERR_DATA, NULL, 0, "%s (%s) %.15g is not a count >= 0",
                                measure_labels[m], measure_names[m], v[k]);
    }
    int tier = 0;
    while (tier < N_TIERS && first_below(ind, tier, v) >= 0)
        tier++;
    text_buf b = {reason, reason_size, 0};
    if (reason_size)
        reason[0] = '\0';
    put(&b, "%s: ", size_names[tier]);
    if (tier < N_TIERS)
        for (size_t k = 0; k < ind->n_measures; k++)
            put(&b, "%s%s %.15g >= %.15g", k ? " and " : "", measure_labels[ind->measures[k]],
                v[k], ind->bound[tier][k]);
    if (tier > 0) {
        int k = first_below(ind, tier - 1, v);
        if (tier < N_TIERS)
            put(&b, "; below %s: ", size_names[tier - 1]);
        put(&b, "%s %.15g < %.15g", measure_labels[ind->measures[k]], v[k],
            ind->bound[tier - 1][k]);
        if (tier == N_TIERS)
            put(&b, " (%s)", size_names[tier - 1]);
    }
    *size = (ce_sme_size)tier;
    return CE_OK;
}
