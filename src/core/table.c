/* table.c - see table.h. */
#include "clustereval/table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/idkey.h"
#include "clustereval/numparse.h"

#include "colmap.h"

typedef struct {
    size_t id, name; /* offsets into the string arena */
    size_t line;
    unsigned char eligible, veto;
} row_info;

struct ce_table {
    char *path;
    size_t rows, cols, cap;
    double *values;
    row_info *info;
    char *arena;
    size_t arena_len, arena_cap;
    /* denominator columns named by the profile */
    size_t n_den;
    const char **den_names; /* point into the profile's nodes */
    long *leaf_den;         /* per indicator: its denominator column or -1 */
    double *den_values;     /* rows x n_den */
    /* text columns asked for by the caller */
    size_t n_text;
    size_t *text_offs;      /* rows x n_text offsets into the arena */
    char **text_names;
};

enum { MAP_IGNORE = -5, MAP_ID = -4, MAP_NAME = -3, MAP_ELIGIBLE = -2, MAP_VETO = -1 };

typedef struct {
    ce_table *t;
    const ce_profile *prof;
    const size_t *leaves; /* node index of each indicator column */
    long *map; /* per field: MAP_* or the indicator column */
    size_t nfields;
    size_t *den_field, *text_field; /* field of each extra column */
    const ce_table_options *opt;
    ce_diag *diag;
    struct percent_seen *pct; /* per indicator, then per denominator column */
} loader;

/* Cells of one column with and without a %: how many, and the first of
 * each kind (its line and up to 63 bytes of its text). */
typedef struct percent_seen {
    size_t count[2], line[2], len[2];
    char text[2][64];
} percent_seen;

/* Counts a number cell of column col (indicators first, then denominators)
 * for the mixed-% warning. */
static ce_status note_percent(loader *ld, size_t col, int percent, size_t line, const char *f,
                              size_t len, ce_error *err)
{
    if (!ld->pct && !(ld->pct = calloc(ld->t->cols + ld->t->n_den, sizeof *ld->pct)))
        return ce_error_nomem(err);
    percent_seen *ps = &ld->pct[col];
    int k = percent != 0;
    if (ps->count[k]++ == 0) {
        ps->line[k] = line;
        size_t n = len < sizeof ps->text[k] ? len : sizeof ps->text[k] - 1;
        while (n < len && n > 0 && ((unsigned char)f[n] & 0xC0) == 0x80)
            n--; /* cut at a character boundary */
        ps->len[k] = n;
        memcpy(ps->text[k], f, ps->len[k]);
    }
    return CE_OK;
}

/* One warning per column where some number cells carry a % and others do
 * not: is 0.8315 83.15 % or 0.8315 %? A % cell is read in percent units
 * (numparse.h), so the two kinds differ by a factor of 100. */
static ce_status warn_mixed_percent(const loader *ld, ce_error *err)
{
    const ce_table *t = ld->t;
    for (size_t c = 0; ld->pct && c < t->cols + t->n_den; c++) {
        const percent_seen *ps = &ld->pct[c];
        if (!ps->count[0] || !ps->count[1])
            continue;
        const char *name = c < t->cols ? ce_profile_node(ld->prof, ld->leaves[c])->code
                                       : t->den_names[c - t->cols];
        char q0[256], q1[256], qn[256];
        if (ce_diag_add(ld->diag,
                        "%s: column \"%s\": %zu cell%s with %% (first on line %zu: \"%s\") "
                        "and %zu without (first on line %zu: \"%s\"); a %% cell is read in "
                        "percent (83.15%% as 83.15), so check that the column uses one unit",
                        t->path, ce_error_quote(name, strlen(name), qn, sizeof qn),
                        ps->count[1], ps->count[1] == 1 ? "" : "s", ps->line[1],
                        ce_error_quote(ps->text[1], ps->len[1], q1, sizeof q1), ps->count[0],
                        ps->line[0], ce_error_quote(ps->text[0], ps->len[0], q0, sizeof q0)) !=
            CE_OK)
            return ce_error_nomem(err);
    }
    return CE_OK;
}

static long arena_add(ce_table *t, const char *s, size_t len)
{
    if (t->arena_len + len + 1 > t->arena_cap) {
        size_t cap = t->arena_cap ? t->arena_cap : 4096;
        while (cap < t->arena_len + len + 1)
            cap *= 2;
        char *a = realloc(t->arena, cap);
        if (!a)
            return -1;
        t->arena = a;
        t->arena_cap = cap;
    }
    memcpy(t->arena + t->arena_len, s, len);
    t->arena[t->arena_len + len] = '\0';
    long off = (long)t->arena_len;
    t->arena_len += len + 1;
    return off;
}

/* Finds the field named name; -1 when absent. */
static long find_field(const ce_csv_record *rec, const char *name)
{
    for (size_t i = 0; i < rec->nfields; i++)
        if (strcmp(rec->fields[i], name) == 0)
            return (long)i;
    return -1;
}

/* Resolves the denominator columns of the profile and the caller's text
 * columns; marks their fields as used. */
static ce_status map_extra_columns(loader *ld, const ce_csv_record *rec, unsigned char *used,
                                   ce_error *err)
{
    ce_table *t = ld->t;
    size_t n_leaves;
    const size_t *leaves = ce_profile_leaves(ld->prof, &n_leaves);
    t->leaf_den = malloc((n_leaves ? n_leaves : 1) * sizeof *t->leaf_den);
    t->den_names = malloc((n_leaves ? n_leaves : 1) * sizeof *t->den_names);
    ld->den_field = malloc((n_leaves ? n_leaves : 1) * sizeof *ld->den_field);
    t->n_text = ld->opt ? ld->opt->n_text_columns : 0;
    ld->text_field = malloc((t->n_text ? t->n_text : 1) * sizeof *ld->text_field);
    if (!t->leaf_den || !t->den_names || !ld->den_field || !ld->text_field)
        return ce_error_nomem(err);
    for (size_t j = 0; j < n_leaves; j++) {
        const ce_node *nd = ce_profile_node(ld->prof, leaves[j]);
        t->leaf_den[j] = -1;
        if (!nd->denominator[0])
            continue;
        size_t k = 0;
        while (k < t->n_den && strcmp(t->den_names[k], nd->denominator) != 0)
            k++;
        if (k == t->n_den) {
            long f = find_field(rec, nd->denominator);
            if (f < 0)
                return ce_error_set(err, CE_ERR_DATA, ce_profile_path(ld->prof), nd->line,
                                    "denominator \"%s\" of \"%s\" is not a column of %s",
                                    nd->denominator, nd->code, t->path);
            t->den_names[k] = nd->denominator;
            ld->den_field[k] = (size_t)f;
            used[f] = 1;
            t->n_den++;
        }
        t->leaf_den[j] = (long)k;
    }
    t->text_names = calloc(t->n_text ? t->n_text : 1, sizeof *t->text_names);
    if (!t->text_names)
        return ce_error_nomem(err);
    for (size_t k = 0; k < t->n_text; k++) {
        if (!(t->text_names[k] = strdup(ld->opt->text_columns[k])))
            return ce_error_nomem(err);
        long f = find_field(rec, ld->opt->text_columns[k]);
        if (f < 0)
            return ce_error_set(err, CE_ERR_DATA, t->path, rec->line, "no column \"%s\"%s%s",
                                ld->opt->text_columns[k],
                                ld->opt->text_purpose ? " " : "",
                                ld->opt->text_purpose ? ld->opt->text_purpose : "");
        ld->text_field[k] = (size_t)f;
        used[f] = 1;
    }
    return CE_OK;
}

/* The error for a missing indicator names the profile's line. */
static ce_status indicator_missing(void *ctx, size_t column, ce_error *err)
{
    const loader *ld = ctx;
    if (column < 4) /* id: the mapper's message */
        return CE_OK;
    const ce_node *nd = ce_profile_node(ld->prof, ld->leaves[column - 4]);
    return ce_error_set(err, CE_ERR_DATA, ce_profile_path(ld->prof), nd->line,
                        "indicator \"%s\" is not a column of %s", nd->code, ld->t->path);
}

/* Builds the column map (colmap.h: id, name, eligible, veto, then one
 * column per indicator) and a warning for ignored columns. */
static ce_status on_header(loader *ld, const ce_csv_record *rec, ce_error *err)
{
    static const long special[4] = {MAP_ID, MAP_NAME, MAP_ELIGIBLE, MAP_VETO};
    size_t n_leaves, n = 4 + ld->t->cols;
    const size_t *leaves = ce_profile_leaves(ld->prof, &n_leaves);
    ld->nfields = rec->nfields;
    ld->map = malloc(rec->nfields * sizeof *ld->map);
    ce_colmap_column *cols = malloc(n * sizeof *cols);
    long *field = malloc(n * sizeof *field);
    unsigned char *used = calloc(rec->nfields, 1);
    ce_status st = ld->map && cols && field && used ? CE_OK : ce_error_nomem(err);
    if (st == CE_OK) {
        cols[0] = (ce_colmap_column){"id", NULL, NULL, 1};
        cols[1] = (ce_colmap_column){"name", NULL, NULL, 0};
        cols[2] = (ce_colmap_column){"eligible", NULL, NULL, 0};
        cols[3] = (ce_colmap_column){"veto", NULL, NULL, 0};
        for (size_t k = 0; k < n_leaves; k++)
            cols[4 + k] = (ce_colmap_column){ce_profile_node(ld->prof, leaves[k])->code, NULL,
                                             NULL, 1};
        ce_colmap_options o = {.path = ld->t->path,
                               .hint = "the header needs id and one column per indicator",
                               .say_no_column = 1, .on_missing = indicator_missing, .ctx = ld};
        st = ce_colmap_find(rec, cols, n, &o, field, err);
    }
    for (size_t i = 0; st == CE_OK && i < rec->nfields; i++)
        ld->map[i] = MAP_IGNORE;
    for (size_t c = 0; st == CE_OK && c < n; c++)
        if (field[c] >= 0) {
            ld->map[field[c]] = c < 4 ? special[c] : (long)(c - 4);
            used[field[c]] = 1;
        }
    if (st == CE_OK)
        st = map_extra_columns(ld, rec, used, err);
    if (st == CE_OK)
        st = ce_colmap_warn_ignored(rec, used, ld->t->path, "not in the profile", ld->diag, err);
    free(cols);
    free(field);
    free(used);
    return st;
}

static ce_status cell_error(const ce_table *t, size_t line, const char *header, const char *text,
                            size_t len, const char *what, ce_error *err)
{
    char q[256], qh[256];
    return ce_error_set(err, CE_ERR_DATA, t->path, line, "column \"%s\": %s \"%s\"",
                        ce_error_quote(header, strlen(header), qh, sizeof qh), what,
                        ce_error_quote(text, len, q, sizeof q));
}

static ce_status on_record(void *ud, const ce_csv_record *rec, ce_error *err)
{
    loader *ld = ud;
    ce_table *t = ld->t;
    if (rec->index == 0)
        return on_header(ld, rec, err);
    if (t->rows == t->cap) {
        /* The first growth reserves room for every line of the file, up to
         * 65,536 rows (blank lines count as lines), then doubles. */
        size_t cap = t->cap ? 2 * t->cap
                            : rec->max_records < 65536 ? rec->max_records : 65536;
        double *v = realloc(t->values, (cap * t->cols + 1) * sizeof *v);
        if (v)
            t->values = v;
        row_info *info = realloc(t->info, cap * sizeof *info);
        if (info)
            t->info = info;
        double *dv = realloc(t->den_values, (cap * t->n_den + 1) * sizeof *dv);
        if (dv)
            t->den_values = dv;
        size_t *to = realloc(t->text_offs, (cap * t->n_text + 1) * sizeof *to);
        if (to)
            t->text_offs = to;
        if (!v || !info || !dv || !to)
            return ce_error_nomem(err);
        t->cap = cap;
    }
    double *vals = t->values + t->rows * t->cols;
    row_info *ri = &t->info[t->rows];
    ri->line = rec->line;
    ri->eligible = 1;
    ri->veto = 0;
    long name_off = -1, id_off = -1;
    for (size_t i = 0; i < rec->nfields; i++) {
        long m = ld->map[i];
        const char *f = rec->fields[i];
        size_t len = rec->lens[i];
        if (m >= 0) {
            int pct;
            ce_num_result r = ce_num_parse_percent(f, len, &vals[m], &pct);
            if (r == CE_NUM_INVALID || r == CE_NUM_NONFINITE)
                return cell_error(t, rec->line, ce_profile_node(ld->prof, ld->leaves[m])->code,
                                  f, len,
                                  r == CE_NUM_INVALID ? "cannot parse as a number:"
                                                      : "not a finite number:",
                                  err);
            ce_status st = r == CE_NUM_OK
                               ? note_percent(ld, (size_t)m, pct, rec->line, f, len, err)
                               : CE_OK;
            if (st != CE_OK)
                return st;
        } else if (m == MAP_ID) {
            if (len == 0)
                return ce_error_set(err, CE_ERR_DATA, t->path, rec->line, "empty id");
            if ((id_off = arena_add(t, f, len)) < 0)
                return ce_error_nomem(err);
        } else if (m == MAP_NAME) {
            if ((name_off = arena_add(t, f, len)) < 0)
                return ce_error_nomem(err);
        } else if (m == MAP_ELIGIBLE || m == MAP_VETO) {
            ce_bool_result b = ce_bool_parse(f, len);
            if (b == CE_BOOL_INVALID)
                return cell_error(t, rec->line, m == MAP_ELIGIBLE ? "eligible" : "veto", f, len,
                                  "not a yes/no value (use 是/否, 1/0, yes/no, 符合/不符合, "
                                  "有/无, √/×):",
                                  err);
            if (b != CE_BOOL_EMPTY) {
                if (m == MAP_ELIGIBLE)
                    ri->eligible = (unsigned char)b;
                else
                    ri->veto = (unsigned char)b;
            }
        }
    }
    if (name_off < 0 && (name_off = arena_add(t, "", 0)) < 0)
        return ce_error_nomem(err);
    for (size_t k = 0; k < t->n_den; k++) {
        size_t f = ld->den_field[k];
        double *dv = &t->den_values[t->rows * t->n_den + k];
        int pct;
        ce_num_result r = ce_num_parse_percent(rec->fields[f], rec->lens[f], dv, &pct);
        if (r == CE_NUM_INVALID || r == CE_NUM_NONFINITE)
            return cell_error(t, rec->line, t->den_names[k], rec->fields[f], rec->lens[f],
                              r == CE_NUM_INVALID ? "cannot parse as a number:"
                                                  : "not a finite number:",
                              err);
        ce_status st = r == CE_NUM_OK ? note_percent(ld, t->cols + k, pct, rec->line,
                                                     rec->fields[f], rec->lens[f], err)
                                      : CE_OK;
        if (st != CE_OK)
            return st;
    }
    for (size_t k = 0; k < t->n_text; k++) {
        size_t f = ld->text_field[k];
        long off = arena_add(t, rec->fields[f], rec->lens[f]);
        if (off < 0)
            return ce_error_nomem(err);
        t->text_offs[t->rows * t->n_text + k] = (size_t)off;
    }
    ri->id = (size_t)id_off;
    ri->name = (size_t)name_off;
    t->rows++;
    return CE_OK;
}

static const char *id_line_at(const void *ctx, size_t i, size_t *line)
{
    const ce_table *t = ctx;
    *line = t->info[i].line;
    return ce_table_id(t, i);
}

/* Ids are compared by their key (idkey.h): "A01", " a01", "Ａ01" and
 * "A\u200b01" are one cluster written four ways, refused like a repeat. */
static ce_status check_unique_ids(const ce_table *t, ce_error *err)
{
    return ce_idkey_check_unique(t->path, t->rows, id_line_at, t, "id", "cluster", err);
}

ce_status ce_table_read(const char *path, const ce_profile *prof, ce_encoding enc,
                        ce_table **out, ce_diag *diag, ce_error *err)
{
    ce_table_options o = {enc, NULL, 0, NULL, NULL};
    return ce_table_read_opts(path, prof, &o, out, diag, err);
}

ce_status ce_table_read_opts(const char *path, const ce_profile *prof,
                             const ce_table_options *opt, ce_table **out, ce_diag *diag,
                             ce_error *err)
{
    ce_table *t = calloc(1, sizeof *t);
    if (!t || !(t->path = strdup(path))) {
        free(t);
        return ce_error_nomem(err);
    }
    loader ld = {.t = t, .prof = prof, .leaves = ce_profile_leaves(prof, &t->cols),
                 .opt = opt, .diag = diag};
    ce_status st = ce_csv_read_opts(path, &(ce_csv_read_options){opt->encoding, opt->sheet},
                                    on_record, &ld, NULL, diag, err);
    if (st == CE_OK)
        st = warn_mixed_percent(&ld, err);
    free(ld.pct);
    free(ld.map);
    free(ld.den_field);
    free(ld.text_field);
    if (st == CE_OK && t->rows == 0)
        st = ce_error_set(err, CE_ERR_DATA, path, 2, "no data rows after the header");
    if (st == CE_OK)
        st = check_unique_ids(t, err);
    if (st != CE_OK) {
        ce_table_free(t);
        return st;
    }
    *out = t;
    return CE_OK;
}

void ce_table_free(ce_table *t)
{
    if (!t)
        return;
    free(t->path);
    free(t->values);
    free(t->info);
    free(t->arena);
    free(t->den_names);
    free(t->leaf_den);
    free(t->den_values);
    free(t->text_offs);
    for (size_t k = 0; t->text_names && k < t->n_text; k++)
        free(t->text_names[k]);
    free(t->text_names);
    free(t);
}

const char *ce_table_path(const ce_table *t) { return t->path; }
size_t ce_table_rows(const ce_table *t) { return t->rows; }
size_t ce_table_cols(const ce_table *t) { return t->cols; }
const double *ce_table_values(const ce_table *t) { return t->values; }
const char *ce_table_id(const ce_table *t, size_t row) { return t->arena + t->info[row].id; }
const char *ce_table_name(const ce_table *t, size_t row) { return t->arena + t->info[row].name; }
int ce_table_eligible(const ce_table *t, size_t row) { return t->info[row].eligible; }
int ce_table_veto(const ce_table *t, size_t row) { return t->info[row].veto; }
size_t ce_table_line(const ce_table *t, size_t row) { return t->info[row].line; }

size_t ce_table_denominator_count(const ce_table *t) { return t->n_den; }
const char *ce_table_denominator_name(const ce_table *t, size_t k) { return t->den_names[k]; }
long ce_table_denominator_of(const ce_table *t, size_t col) { return t->leaf_den[col]; }
const double *ce_table_denominators(const ce_table *t) { return t->den_values; }

const char *ce_table_text(const ce_table *t, size_t row, size_t k)
{
    return t->arena + t->text_offs[row * t->n_text + k];
}

long ce_table_text_find(const ce_table *t, const char *name)
{
    for (size_t k = 0; k < t->n_text; k++)
        if (strcmp(t->text_names[k], name) == 0)
            return (long)k;
    return -1;
}
