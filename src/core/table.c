/* table.c - see table.h. */
#include "clustereval/table.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/idkey.h"
#include "clustereval/numparse.h"
#include "clustereval/summary.h"
#include "clustereval/problems.h"

#include "colmap.h"

typedef struct {
    size_t id, name; /* offsets into the string arena */
    size_t line, row; /* physical line, spreadsheet row (csvio.h) */
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

/* The header is looked for in the first HEADER_SEARCH_ROWS non-empty rows
 * (title rows, a merged dimension row, notes above it): the first that has
 * an id column and at least one indicator. */
enum { HEADER_SEARCH_ROWS = 10 };

typedef struct {
    size_t line;
    char text[256]; /* quoted (ce_error_quote) */
} title_row;

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
    /* The header's columns (header_columns): the id candidates, the name
     * candidates, eligible, veto, then one per indicator. */
    ce_colmap_column *hcols;
    const int *id_tier, *name_tier; /* per candidate: lower wins */
    size_t n_id, n_name, n_hcols;
    const char **alias_store; /* the indicators' alias lists, back to back */
    char *alias_text;         /* the profile's aliases, split */
    /* Finding the header. */
    int header_found;
    size_t header_line, tried;
    int best_score;      /* of the best candidate so far; -1: none */
    ce_error best_err;   /* what the best candidate lacks */
    char best_where[700]; /* a workbook's "SHEET!ROW:ROW", else "" */
    title_row titles[HEADER_SEARCH_ROWS];
    size_t n_titles;
    ce_problems *problems;    /* a check: problems listed, the read goes on */
    size_t *n_missing;        /* a check: missing values per indicator */
    const char *cur_id, *cur_name; /* of the record being read, or NULL */
    int header_ok;                 /* the header is mapped */
} loader;

/* Cells of one column with and without a %: how many, and the first of
 * each kind (its line and up to 63 bytes of its text). */
typedef struct percent_seen {
    size_t count[2], line[2], len[2];
    char text[2][64];
} percent_seen;

static ce_status add_problem(const loader *ld, ce_problem_kind kind, const char *file,
                             size_t line, size_t row, const char *column, const char *id,
                             const char *name, const char *text, size_t len, const char *hint,
                             const char *msg, ce_error *err);

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
        char q0[256], q1[256], qn[256], msg[CE_ERROR_MSG_MAX];
        snprintf(msg, sizeof msg,
                 "column \"%s\": %zu cell%s with %% (first on line %zu: \"%s\") "
                 "and %zu without (first on line %zu: \"%s\"); a %% cell is read in "
                 "percent (83.15%% as 83.15), so check that the column uses one unit",
                 ce_error_quote(name, strlen(name), qn, sizeof qn), ps->count[1],
                 ps->count[1] == 1 ? "" : "s", ps->line[1],
                 ce_error_quote(ps->text[1], ps->len[1], q1, sizeof q1), ps->count[0],
                 ps->line[0], ce_error_quote(ps->text[0], ps->len[0], q0, sizeof q0));
        ce_status st =
            ld->problems
                ? add_problem(ld, CE_PROBLEM_MIXED_PERCENT, t->path, 0, 0, name, NULL, NULL,
                              ps->text[1], ps->len[1],
                              "write every cell of the column in one unit, all with % or none",
                              msg, err)
            : ce_diag_add(ld->diag, "%s: %s", t->path, msg) != CE_OK ? ce_error_nomem(err)
                                                                      : CE_OK;
        if (st != CE_OK)
            return st;
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

/* The spellings of the id and name columns as analysts write them, by
 * tier: when a header has columns of several tiers, the lowest tier is the
 * id (name) and the others are passed over with a note; two of one tier are
 * refused. "id" is the documented name and wins; a 序号 (row number) is the
 * id only when no better column exists, since ids decide who is paid.
 * Compiled in, like "id" and "name" themselves and the yes/no words of
 * numparse.h: they are the vocabulary of the data format that every reader
 * of the library shares (no weights folder needed), not a policy number;
 * other spellings are given with ce_table_options.id_column/name_column
 * (--id-column, --name-column). */
static const char *const id_spellings[] = {"id", "集群编号", "集群代码", "编号", "代码", "序号"};
static const int id_tiers[] = {0, 1, 1, 2, 2, 3};
static const char *const name_spellings[] = {"name", "集群名称", "名称"};
static const int name_tiers[] = {0, 1, 2};
static const int one_tier[] = {0};
/* eligible and veto as Chinese exports head them: a veto column that went
 * unread would let a vetoed cluster be paid. */
static const char *const eligible_aliases[] = {"是否符合条件", "符合条件", "是否符合申报条件",
                                               "符合申报条件", "申报资格", NULL};
static const char *const veto_aliases[] = {"一票否决", "是否一票否决", "一票否决项", "否决",
                                           NULL};
#define N_ID_SPELLINGS (sizeof id_spellings / sizeof *id_spellings)
#define N_NAME_SPELLINGS (sizeof name_spellings / sizeof *name_spellings)

/* Splits the aliases of the profile's indicators (; or ；) and builds
 * ld->hcols. Returns 0, or -1 when out of memory. */
static int header_columns(loader *ld)
{
    const char *idc = ld->opt ? ld->opt->id_column : NULL;
    const char *namec = ld->opt ? ld->opt->name_column : NULL;
    ld->n_id = idc ? 1 : N_ID_SPELLINGS;
    ld->n_name = namec ? 1 : N_NAME_SPELLINGS;
    ld->id_tier = idc ? one_tier : id_tiers;
    ld->name_tier = namec ? one_tier : name_tiers;
    size_t n_leaves = ld->t->cols, text_len = 1, n_alias = 0;
    for (size_t k = 0; k < n_leaves; k++) {
        const ce_node *nd = ce_profile_node(ld->prof, ld->leaves[k]);
        const char *a = nd->aliases ? nd->aliases : "";
        text_len += strlen(a) + 1;
        n_alias += 2; /* the name, the NULL */
        for (const char *c = a; *c; c++)
            n_alias += *c == ';' || (c[0] == '\xEF' && c[1] == '\xBC' && c[2] == '\x9B');
        n_alias++; /* the last alias */
    }
    ld->n_hcols = ld->n_id + ld->n_name + 2 + n_leaves;
    ld->hcols = malloc(ld->n_hcols * sizeof *ld->hcols);
    ld->alias_store = malloc((n_alias ? n_alias : 1) * sizeof *ld->alias_store);
    ld->alias_text = malloc(text_len);
    if (!ld->hcols || !ld->alias_store || !ld->alias_text)
        return -1;
    ce_colmap_column *c = ld->hcols;
    for (size_t i = 0; i < ld->n_id; i++)
        *c++ = (ce_colmap_column){idc ? idc : id_spellings[i], NULL, NULL, 0};
    for (size_t i = 0; i < ld->n_name; i++)
        *c++ = (ce_colmap_column){namec ? namec : name_spellings[i], NULL, NULL, 0};
    *c++ = (ce_colmap_column){"eligible", eligible_aliases, NULL, 0};
    *c++ = (ce_colmap_column){"veto", veto_aliases, NULL, 0};
    const char **as = ld->alias_store;
    char *text = ld->alias_text;
    for (size_t k = 0; k < n_leaves; k++) {
        const ce_node *nd = ce_profile_node(ld->prof, ld->leaves[k]);
        *c = (ce_colmap_column){nd->code, as, nd->unit, 0};
        c++;
        if (nd->name && nd->name[0])
            *as++ = nd->name;
        const char *a = nd->aliases ? nd->aliases : "";
        while (*a) {
            size_t len = 0;
            while (a[len] && a[len] != ';' &&
                   !(a[len] == '\xEF' && a[len + 1] == '\xBC' && a[len + 2] == '\x9B'))
                len++;
            memcpy(text, a, len);
            text[len] = '\0';
            *as++ = text; /* an empty or all-space one names nothing (colmap.c) */
            text += len + 1;
            a += len;
            if (*a == ';')
                a++;
            else if (*a)
                a += 3;
        }
        *as++ = NULL;
    }
    return 0;
}

/* Maps rec (loosely, colmap.h) to the columns of ld->hcols, none required:
 * field[] gets the field of each. The duplicate and ambiguity errors. */
static ce_status map_header(loader *ld, const ce_csv_record *rec, long *field, ce_error *err)
{
    if (!ld->hcols && header_columns(ld) != 0)
        return ce_error_nomem(err);
    ce_colmap_options o = {.path = ld->t->path, .match = CE_COLMAP_LOOSE};
    return ce_colmap_find(rec, ld->hcols, ld->n_hcols, &o, field, err);
}

/* Of the candidates field[0..n) (tiers tier[]), the field of the one the
 * header means, or -1 when there is none; two of the best tier are
 * refused. */
static ce_status pick_candidate(const loader *ld, const ce_csv_record *rec, const long *field,
                                const int *tier, size_t n, const char *what, long *out,
                                size_t *which, ce_error *err)
{
    *out = -1;
    for (size_t i = 0; i < n; i++) {
        if (field[i] < 0)
            continue;
        if (*out >= 0 && tier[i] == tier[*which]) {
            char qa[256], qb[256];
            const char *a = rec->fields[*out], *b = rec->fields[field[i]];
            return ce_error_set(err, CE_ERR_DATA, ld->t->path, rec->line,
                                "columns \"%s\" (column %ld) and \"%s\" (column %ld) could both "
                                "be the %s; name one with --%s-column",
                                ce_error_quote(a, strlen(a), qa, sizeof qa), *out + 1,
                                ce_error_quote(b, strlen(b), qb, sizeof qb), field[i] + 1, what,
                                what);
        }
        if (*out < 0) {
            *out = field[i];
            *which = i;
        }
    }
    return CE_OK;
}

/* What a header must have: the id (and the columns named on the command
 * line), then every indicator, in the order the messages were always
 * given. *id_at and *name_at: the fields of the id and name, or -1. */
static ce_status header_complete(loader *ld, const ce_csv_record *rec, const long *field,
                                 long *id_at, long *name_at, ce_error *err)
{
    const char *idc = ld->opt ? ld->opt->id_column : NULL;
    const char *namec = ld->opt ? ld->opt->name_column : NULL;
    size_t which = 0;
    ce_status st = pick_candidate(ld, rec, field, ld->id_tier, ld->n_id, "id", id_at, &which,
                                  err);
    if (st == CE_OK)
        st = pick_candidate(ld, rec, field + ld->n_id, ld->name_tier, ld->n_name, "name",
                            name_at, &which, err);
    if (st != CE_OK)
        return st;
    if (*id_at < 0)
        return idc ? ce_error_set(err, CE_ERR_DATA, ld->t->path, rec->line,
                                  "no \"%s\" column (named by --id-column)", idc)
                   : ce_error_set(err, CE_ERR_DATA, ld->t->path, rec->line,
                                  "no \"id\" column (the header needs id and one column per "
                                  "indicator)");
    if (namec && *name_at < 0)
        return ce_error_set(err, CE_ERR_DATA, ld->t->path, rec->line,
                            "no \"%s\" column (named by --name-column)", namec);
    const long *ind = field + ld->n_id + ld->n_name + 2;
    for (size_t k = 0; k < ld->t->cols; k++)
        if (ind[k] < 0) {
            const ce_node *nd = ce_profile_node(ld->prof, ld->leaves[k]);
            return ce_error_set(err, CE_ERR_DATA, ce_profile_path(ld->prof), nd->line,
                                "indicator \"%s\" is not a column of %s", nd->code,
                                ld->t->path);
        }
    return CE_OK;
}

/* Notes a candidate of the id (name) passed over for a better one. */
static ce_status note_passed_over(loader *ld, const ce_csv_record *rec, const long *field,
                                  size_t n, long chosen, const char *what, unsigned char *used,
                                  ce_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (field[i] < 0 || field[i] == chosen)
            continue;
        used[field[i]] = 1;
        char qa[256], qb[256];
        const char *a = rec->fields[field[i]], *b = rec->fields[chosen];
        if (ce_diag_add(ld->diag,
                        "%s: column \"%s\" (column %ld) is not read as the %s: \"%s\" (column "
                        "%ld) is (--%s-column chooses another)",
                        ld->t->path, ce_error_quote(a, strlen(a), qa, sizeof qa), field[i] + 1,
                        what, ce_error_quote(b, strlen(b), qb, sizeof qb), chosen + 1,
                        what) != CE_OK)
            return ce_error_nomem(err);
    }
    return CE_OK;
}

/* Builds the column map (id, name, eligible, veto, then one column per
 * indicator) and a warning for ignored columns. */
static ce_status on_header(loader *ld, const ce_csv_record *rec, ce_error *err)
{
    ld->nfields = rec->nfields;
    ld->map = malloc(rec->nfields * sizeof *ld->map);
    long *field = malloc((ld->hcols ? ld->n_hcols : 4 + N_ID_SPELLINGS + N_NAME_SPELLINGS +
                                                        ld->t->cols) * sizeof *field);
    unsigned char *used = calloc(rec->nfields, 1);
    ce_status st = ld->map && field && used ? CE_OK : ce_error_nomem(err);
    long id_at = -1, name_at = -1;
    if (st == CE_OK)
        st = map_header(ld, rec, field, err);
    if (st == CE_OK)
        st = header_complete(ld, rec, field, &id_at, &name_at, err);
    for (size_t i = 0; st == CE_OK && i < rec->nfields; i++)
        ld->map[i] = MAP_IGNORE;
    if (st == CE_OK) {
        const long *rest = field + ld->n_id + ld->n_name;
        ld->map[id_at] = MAP_ID;
        used[id_at] = 1;
        if (name_at >= 0) {
            ld->map[name_at] = MAP_NAME;
            used[name_at] = 1;
        }
        for (size_t c = 0; c < 2 + ld->t->cols; c++)
            if (rest[c] >= 0) {
                ld->map[rest[c]] = c == 0 ? MAP_ELIGIBLE : c == 1 ? MAP_VETO : (long)(c - 2);
                used[rest[c]] = 1;
            }
        st = note_passed_over(ld, rec, field, ld->n_id, id_at, "id", used, err);
        if (st == CE_OK && ld->n_id == N_ID_SPELLINGS && id_at == field[N_ID_SPELLINGS - 1] &&
            ce_diag_add(ld->diag,
                        "%s: column \"%s\" (column %ld) is read as the id: no column is named "
                        "id, 集群编号, 集群代码, 编号 or 代码 (--id-column chooses another)",
                        ld->t->path, id_spellings[N_ID_SPELLINGS - 1], id_at + 1) != CE_OK)
            st = ce_error_nomem(err);
        if (st == CE_OK && name_at >= 0)
            st = note_passed_over(ld, rec, field + ld->n_id, ld->n_name, name_at, "name", used,
                                  err);
    }
    if (st == CE_OK)
        st = map_extra_columns(ld, rec, used, err);
    if (st == CE_OK)
        st = ce_colmap_warn_ignored(rec, used, ld->t->path, "not in the profile", ld->diag, err);
    free(field);
    free(used);
    return st;
}

/* The rows above the header, one note each. */
static ce_status note_titles(loader *ld, ce_error *err)
{
    for (size_t i = 0; i < ld->n_titles; i++)
        if (ce_diag_add(ld->diag, "%s: title row %zu skipped: \"%s\"", ld->t->path,
                        ld->titles[i].line, ld->titles[i].text) != CE_OK)
            return ce_error_nomem(err);
    return CE_OK;
}

/* Remembers rec as a row above the header: its non-empty cells joined by
 * " | ", quoted. */
static void keep_title(loader *ld, const ce_csv_record *rec)
{
    if (ld->n_titles == HEADER_SEARCH_ROWS)
        return;
    char joined[512];
    size_t len = 0;
    for (size_t i = 0; i < rec->nfields && len + 4 < sizeof joined; i++) {
        if (!rec->lens[i])
            continue;
        int n = snprintf(joined + len, sizeof joined - len, "%s%s", len ? " | " : "",
                         rec->fields[i]);
        len = n < 0 ? len : len + (size_t)n < sizeof joined ? len + (size_t)n : sizeof joined - 1;
    }
    title_row *tr = &ld->titles[ld->n_titles++];
    tr->line = rec->line;
    ce_error_quote(joined, len, tr->text, sizeof tr->text);
}

/* A row that is not the header: what it has, for the message when no row
 * is. The first row's message is the one a header without title rows
 * always got. */
static ce_status keep_candidate(loader *ld, const ce_csv_record *rec, const long *field,
                                ce_error *err)
{
    int has_id = 0, n_ind = 0;
    for (size_t i = 0; i < ld->n_id; i++)
        has_id |= field[i] >= 0;
    const long *ind = field + ld->n_id + ld->n_name + 2;
    for (size_t k = 0; k < ld->t->cols; k++)
        n_ind += ind[k] >= 0;
    int score = has_id + n_ind;
    if (score <= ld->best_score)
        return CE_OK;
    ld->best_score = score;
    ld->best_where[0] = '\0';
    if (rec->sheet) { /* the row as xlsx_read.c names it: SHEET!ROW:ROW */
        char cell[600];
        ce_csv_cell_ref(rec, 0, cell, 560);
        char *bang = strrchr(cell, '!');
        if (bang) {
            *bang = '\0';
            snprintf(ld->best_where, sizeof ld->best_where, "%s!%zu:%zu", cell, rec->line,
                     rec->line);
        }
    }
    if (ld->tried == 1) {
        long id_at, name_at;
        if (header_complete(ld, rec, field, &id_at, &name_at, &ld->best_err) == CE_OK)
            return ce_error_set(err, CE_ERR_DATA, ld->t->path, rec->line,
                                "internal: a complete header taken for a title");
        return CE_OK;
    }
    const char *idc = ld->opt ? ld->opt->id_column : NULL;
    const ce_node *nd = ce_profile_node(ld->prof, ld->leaves[0]);
    char lacks[512];
    if (!has_id)
        snprintf(lacks, sizeof lacks, "has %d of the %zu indicators but no id column (%s%s%s)",
                 n_ind, ld->t->cols, idc ? "named by --id-column: \"" : "",
                 idc ? idc : "id, 集群编号, 集群代码, 编号, 代码 or 序号, or --id-column NAME",
                 idc ? "\"" : "");
    else
        snprintf(lacks, sizeof lacks,
                 "has an id column but none of the %zu indicators (a column is named by the "
                 "profile's code, name or aliases, e.g. \"%s\"%s%s%s%s%s)",
                 ld->t->cols, nd->code, nd->name[0] ? " or \"" : "", nd->name,
                 nd->name[0] && nd->unit[0] ? "（" : "", nd->name[0] ? nd->unit : "",
                 nd->name[0] ? (nd->unit[0] ? "）\"" : "\"") : "");
    ce_error_set(&ld->best_err, CE_ERR_DATA, ld->t->path, rec->line,
                 "no header row (one with an id column and at least one indicator) in the first "
                 "%d rows; the best candidate, line %zu, %s; or name the header's line with "
                 "--header-row",
                 HEADER_SEARCH_ROWS, rec->line, lacks);
    return CE_OK;
}

/* The error of the best candidate; at_line: the row being read (a
 * workbook's reader names that row itself), 0 after the read. */
static ce_status give_best(const loader *ld, size_t at_line, ce_error *err)
{
    *err = ld->best_err;
    if (ld->best_where[0] && err->line != at_line && strcmp(err->file, ld->t->path) == 0)
        ce_error_prefix(err, "%s: ", ld->best_where);
    return CE_ERR_DATA;
}

/* A row before the header is found: the header (the line of
 * opt->header_row, or the first row with an id column and an indicator),
 * or a title row above it. */
static ce_status find_header(loader *ld, const ce_csv_record *rec, ce_error *err)
{
    size_t want = ld->opt ? ld->opt->header_row : 0;
    ld->tried++;
    ce_status st = CE_OK;
    if (want && rec->line < want) {
        keep_title(ld, rec);
        return CE_OK;
    }
    if (want && rec->line > want)
        return ce_error_set(err, CE_ERR_DATA, ld->t->path, rec->line,
                            "no row starts on line %zu (named by --header-row): the line is "
                            "empty or inside a quoted cell",
                            want);
    if (!want) {
        if (!ld->hcols && header_columns(ld) != 0)
            return ce_error_nomem(err);
        long *field = malloc(ld->n_hcols * sizeof *field);
        if (!field)
            return ce_error_nomem(err);
        int has_id = 0, has_ind = 0;
        if ((st = map_header(ld, rec, field, err)) == CE_OK) {
            for (size_t i = 0; i < ld->n_id; i++)
                has_id |= field[i] >= 0;
            for (size_t k = 0; k < ld->t->cols; k++)
                has_ind |= field[ld->n_id + ld->n_name + 2 + k] >= 0;
            if (!has_id || !has_ind)
                st = keep_candidate(ld, rec, field, err);
        }
        free(field);
        if (st != CE_OK)
            return st;
        if (!has_id || !has_ind) {
            if (ld->tried == HEADER_SEARCH_ROWS)
                return give_best(ld, rec->line, err);
            keep_title(ld, rec);
            return CE_OK;
        }
    }
    ld->header_found = 1;
    ld->header_line = rec->line;
    st = note_titles(ld, err);
    return st == CE_OK ? on_header(ld, rec, err) : st;
}

/* Where a data row is, after its message: " (row N, cluster "ID NAME")".
 * The row is the one a spreadsheet shows (csvio.h), left out for a
 * workbook, whose cell the reader names before the message; the cluster
 * when the row has an id or a name. */
static void row_position(const loader *ld, const ce_csv_record *rec, char *out, size_t size)
{
    const char *id = ld->cur_id ? ld->cur_id : "", *name = ld->cur_name ? ld->cur_name : "";
    char who[512], q[256];
    snprintf(who, sizeof who, "%s%s%s", id, id[0] && name[0] ? " " : "", name);
    size_t n = 0;
    out[0] = '\0';
    if (!rec->sheet)
        n += (size_t)snprintf(out + n, size - n, "row %zu", rec->row);
    if (who[0] && n < size)
        snprintf(out + n, size - n, "%scluster \"%s\"", n ? ", " : "",
                 ce_error_quote(who, strlen(who), q, sizeof q));
}

/* Puts a problem on the check's list; text is len bytes. */
static ce_status add_problem(const loader *ld, ce_problem_kind kind, const char *file,
                             size_t line, size_t row, const char *column, const char *id,
                             const char *name, const char *text, size_t len, const char *hint,
                             const char *msg, ce_error *err)
{
    char *t = text ? strndup(text, len) : NULL;
    if (text && !t)
        return ce_error_nomem(err);
    ce_problem pr = {kind, file, line, row, column, id, name, t, hint, msg};
    ce_status st = ce_problems_add(ld->problems, &pr, err);
    free(t);
    return st;
}

/* A problem of the data file at rec (NULL: the file as a whole): in a check
 * it goes on the list and the read goes on (CE_OK); otherwise it is the
 * CE_ERR_DATA error at rec's line. The message is fmt's, with the row's
 * position after it; column, text and hint are the problem's fields. */
static ce_status __attribute__((format(printf, 9, 10)))
report(const loader *ld, const ce_csv_record *rec, ce_problem_kind kind, const char *column,
       const char *text, size_t len, const char *hint, ce_error *err, const char *fmt, ...)
{
    char msg[CE_ERROR_MSG_MAX], pos[640] = "";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (rec && rec->index > 0)
        row_position(ld, rec, pos, sizeof pos);
    size_t line = rec ? rec->line : 0;
    char full[sizeof msg + sizeof pos + 4];
    snprintf(full, sizeof full, "%s%s%s%s", msg, pos[0] ? " (" : "", pos, pos[0] ? ")" : "");
    if (!ld->problems)
        return ce_error_set(err, CE_ERR_DATA, ld->t->path, line, "%s", full);
    int in_row = rec && rec->index > 0;
    return add_problem(ld, kind, ld->t->path, line, rec ? ce_csv_record_row(rec) : 0, column,
                       in_row ? ld->cur_id : NULL, in_row ? ld->cur_name : NULL, text, len,
                       hint, full, err);
}

static ce_status cell_error(const loader *ld, const ce_csv_record *rec, ce_problem_kind kind,
                            const char *header, const char *text, size_t len, const char *what,
                            const char *hint, ce_error *err)
{
    char q[256], qh[256];
    return report(ld, rec, kind, header, text, len, hint, err, "column \"%s\": %s \"%s\"",
                  ce_error_quote(header, strlen(header), qh, sizeof qh), what,
                  ce_error_quote(text, len, q, sizeof q));
}

static const char number_hint[] =
    "a number such as 12.5, 1,234.5, -3, (3,861) or 83.15%, or a missing marker such as / or "
    "an empty cell";

static ce_status on_record(void *ud, const ce_csv_record *rec, ce_error *err)
{
    loader *ld = ud;
    ce_table *t = ld->t;
    if (!ld->header_found) {
        ce_status st = find_header(ld, rec, err);
        ld->header_ok = ld->header_found && st == CE_OK;
        return st;
    }
    ld->cur_id = ld->cur_name = NULL;
    for (size_t i = 0; i < rec->nfields && i < ld->nfields; i++) {
        if (ld->map[i] == MAP_ID)
            ld->cur_id = rec->fields[i];
        else if (ld->map[i] == MAP_NAME)
            ld->cur_name = rec->fields[i];
    }
    if (rec->nfields != ld->nfields) /* a check reads ragged rows (csvio.h) */
        return report(ld, rec, CE_PROBLEM_FIELDS, NULL, NULL, 0,
                      "a row has as many cells as the header: quote a cell holding a comma",
                      err, "row has %zu fields but the header has %zu%s", rec->nfields,
                      ld->nfields,
                      rec->nfields > ld->nfields ? " (an unquoted comma, e.g. in 1,234?)" : "");
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
    if (ld->opt && ld->opt->summary.labels) {
        const char *id = NULL, *name = NULL;
        for (size_t i = 0; i < rec->nfields; i++) {
            if (ld->map[i] == MAP_ID)
                id = rec->fields[i];
            else if (ld->map[i] == MAP_NAME)
                name = rec->fields[i];
        }
        int drop;
        ce_status st = ce_summary_rows_check(&ld->opt->summary, t->path, rec->line, "id", id,
                                             "name", name, &drop, ld->diag, err);
        if (st == CE_ERR_DATA && ld->problems) { /* a check lists it and goes on */
            ce_error e = *err;
            return add_problem(ld, CE_PROBLEM_SUMMARY_ROW, t->path, rec->line,
                               ce_csv_record_row(rec), "id", id, name, id ? id : name,
                               strlen(id ? id : name ? name : ""),
                               "delete the totals row, or rank with --drop-summary-rows", e.msg,
                               err);
        }
        if (st != CE_OK || drop)
            return st;
    }
    double *vals = t->values + t->rows * t->cols;
    row_info *ri = &t->info[t->rows];
    ri->line = rec->line;
    ri->row = ce_csv_record_row(rec);
    ri->eligible = 1;
    ri->veto = 0;
    long name_off = -1, id_off = -1;
    size_t n_missing = 0, miss_len = 0;
    char missed[256] = ""; /* a check: the codes of the row's missing values */
    for (size_t j = 0; j < t->cols; j++)
        vals[j] = NAN; /* a check goes on past a bad cell or column */
    for (size_t i = 0; i < rec->nfields; i++) {
        long m = ld->map[i];
        const char *f = rec->fields[i];
        size_t len = rec->lens[i];
        if (m >= 0) {
            int pct;
            ce_num_result r = ce_num_parse_percent(f, len, &vals[m], &pct);
            ce_status st = CE_OK;
            if (r == CE_NUM_INVALID || r == CE_NUM_NONFINITE) {
                vals[m] = NAN;
                st = cell_error(ld, rec, CE_PROBLEM_NUMBER,
                                ce_profile_node(ld->prof, ld->leaves[m])->code, f, len,
                                r == CE_NUM_INVALID ? "cannot parse as a number:"
                                                    : "not a finite number:",
                                number_hint, err);
            } else if (r == CE_NUM_OK)
                st = note_percent(ld, (size_t)m, pct, rec->line, f, len, err);
            else if (ld->n_missing) {
                ld->n_missing[m]++;
                n_missing++;
                const char *code = ce_profile_node(ld->prof, ld->leaves[m])->code;
                if (miss_len + strlen(code) + 8 < sizeof missed)
                    miss_len += (size_t)snprintf(missed + miss_len, sizeof missed - miss_len,
                                                 "%s%s", miss_len ? ", " : "", code);
                else if (miss_len + 5 < sizeof missed && !strstr(missed, ", ..."))
                    miss_len += (size_t)snprintf(missed + miss_len, sizeof missed - miss_len,
                                                 ", ...");
            }
            if (st != CE_OK)
                return st;
        } else if (m == MAP_ID) {
            ce_status st = len == 0 ? report(ld, rec, CE_PROBLEM_EMPTY_ID, "id", NULL, 0,
                                             "give every cluster an id", err, "empty id")
                                    : CE_OK;
            if (st != CE_OK)
                return st;
            if ((id_off = arena_add(t, f, len)) < 0)
                return ce_error_nomem(err);
        } else if (m == MAP_NAME) {
            if ((name_off = arena_add(t, f, len)) < 0)
                return ce_error_nomem(err);
        } else if (m == MAP_ELIGIBLE || m == MAP_VETO) {
            ce_bool_result b = ce_bool_parse(f, len);
            ce_status st =
                b == CE_BOOL_INVALID
                    ? cell_error(ld, rec, CE_PROBLEM_YES_NO,
                                 m == MAP_ELIGIBLE ? "eligible" : "veto", f, len,
                                 "not a yes/no value (use 是/否, 1/0, yes/no, 符合/不符合, "
                                 "有/无, √/×):",
                                 "是/否, 1/0, yes/no, 符合/不符合, 有/无, √/×, or empty", err)
                    : CE_OK;
            if (st != CE_OK)
                return st;
            if (b != CE_BOOL_EMPTY && b != CE_BOOL_INVALID) {
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
        ce_status st = CE_OK;
        if (r == CE_NUM_INVALID || r == CE_NUM_NONFINITE) {
            *dv = NAN;
            st = cell_error(ld, rec, CE_PROBLEM_NUMBER, t->den_names[k], rec->fields[f],
                            rec->lens[f],
                            r == CE_NUM_INVALID ? "cannot parse as a number:"
                                                : "not a finite number:",
                            number_hint, err);
        } else if (r == CE_NUM_OK)
            st = note_percent(ld, t->cols + k, pct, rec->line, rec->fields[f], rec->lens[f],
                              err);
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
    if (id_off < 0 && (id_off = arena_add(t, "", 0)) < 0) /* a check without an id column */
        return ce_error_nomem(err);
    ri->id = (size_t)id_off;
    ri->name = (size_t)name_off;
    t->rows++;
    if (n_missing) {
        char what[64];
        snprintf(what, sizeof what, "%zu of %zu", n_missing, t->cols);
        return report(ld, rec, CE_PROBLEM_MISSING_VALUE, NULL, what, strlen(what),
                      "rank's missing-value rule decides what a missing value scores", err,
                      "%zu of %zu indicator values missing: %s", n_missing, t->cols, missed);
    }
    return CE_OK;
}

/* Puts " (row N, cluster "ID NAME")" of row r after msg, as far as it fits. */
static void add_id_position(const ce_table *t, size_t r, char *msg, size_t size)
{
    const char *id = ce_table_id(t, r), *name = ce_table_name(t, r);
    char who[512], q[256];
    snprintf(who, sizeof who, "%s%s%s", id, id[0] && name[0] ? " " : "", name);
    size_t n = strlen(msg);
    snprintf(msg + n, size - n, " (row %zu, cluster \"%s\")", t->info[r].row,
             ce_error_quote(who, strlen(who), q, sizeof q));
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
    ce_error e;
    ce_status st = ce_idkey_check_unique(t->path, t->rows, id_line_at, t, "id", "cluster", &e);
    for (size_t r = 0; st == CE_ERR_DATA && r < t->rows; r++)
        if (t->info[r].line == e.line) { /* the later row of the repeat */
            add_id_position(t, r, e.msg, sizeof e.msg);
            break;
        }
    if (st != CE_OK && err)
        *err = e;
    return st;
}

ce_status ce_table_read(const char *path, const ce_profile *prof, ce_encoding enc,
                        ce_table **out, ce_diag *diag, ce_error *err)
{
    ce_table_options o = {.encoding = enc};
    return ce_table_read_opts(path, prof, &o, out, diag, err);
}

/* The check of the ids: every repeat, in line order after the first, each
 * with the message ce_idkey_check_unique gives (idkey.h). */
typedef struct {
    const ce_table *t;
    size_t *rows; /* the rows still compared */
} id_subset;

static const char *subset_id_at(const void *ctx, size_t i, size_t *line)
{
    const id_subset *s = ctx;
    return id_line_at(s->t, s->rows[i], line);
}

static ce_status check_ids_all(const loader *ld, ce_error *err)
{
    const ce_table *t = ld->t;
    id_subset s = {t, malloc((t->rows ? t->rows : 1) * sizeof *s.rows)};
    if (!s.rows)
        return ce_error_nomem(err);
    size_t n = 0;
    for (size_t r = 0; r < t->rows; r++)
        if (ce_table_id(t, r)[0]) /* an empty id is a problem of its own */
            s.rows[n++] = r;
    ce_status st = CE_OK;
    for (;;) {
        size_t first, later;
        int found = ce_idkey_find_repeat(n, subset_id_at, &s, &first, &later);
        if (found <= 0) {
            if (found < 0)
                st = ce_error_nomem(err);
            break;
        }
        ce_error e;
        ce_idkey_check_unique(t->path, n, subset_id_at, &s, "id", "cluster", &e);
        size_t r = s.rows[later];
        add_id_position(t, r, e.msg, sizeof e.msg);
        const char *a = ce_table_id(t, s.rows[first]), *b = ce_table_id(t, r);
        const char *name = ce_table_name(t, r);
        st = add_problem(ld, strcmp(a, b) ? CE_PROBLEM_LOOKALIKE_ID : CE_PROBLEM_DUPLICATE_ID,
                         t->path, t->info[r].line, t->info[r].row, "id", b, name, b, strlen(b),
                         "give each cluster one id, and each id one row", e.msg, err);
        if (st != CE_OK)
            break;
        memmove(&s.rows[later], &s.rows[later + 1], (n - later - 1) * sizeof *s.rows);
        n--;
    }
    free(s.rows);
    return st;
}

/* The missing values of each indicator, as information. */
static ce_status report_missing_columns(const loader *ld, ce_error *err)
{
    const ce_table *t = ld->t;
    for (size_t j = 0; j < t->cols && ld->n_missing; j++) {
        if (!ld->n_missing[j])
            continue;
        const char *code = ce_profile_node(ld->prof, ld->leaves[j])->code;
        char msg[CE_ERROR_MSG_MAX], what[64], q[256];
        snprintf(what, sizeof what, "%zu of %zu", ld->n_missing[j], t->rows);
        snprintf(msg, sizeof msg, "column \"%s\": %zu of %zu values missing",
                 ce_error_quote(code, strlen(code), q, sizeof q), ld->n_missing[j], t->rows);
        ce_status st = add_problem(ld, CE_PROBLEM_MISSING_VALUE, t->path, 0, 0, code, NULL,
                                   NULL, what, strlen(what),
                                   "rank's missing-value rule decides what a missing value scores", msg, err);
        if (st != CE_OK)
            return st;
    }
    return CE_OK;
}

/* Reads path into a table; with problems (a check) every problem of the
 * data goes on that list and the read goes on where it can. */
static ce_status load(const char *path, const ce_profile *prof, const ce_table_options *opt,
                      ce_problems *problems, ce_table **out, ce_diag *diag, ce_error *err)
{
    ce_table *t = calloc(1, sizeof *t);
    if (!t || !(t->path = strdup(path))) {
        free(t);
        return ce_error_nomem(err);
    }
    loader ld = {.t = t, .prof = prof, .leaves = ce_profile_leaves(prof, &t->cols),
                 .opt = opt, .diag = diag, .best_score = -1, .problems = problems};
    ce_status st = CE_OK;
    if (problems && !(ld.n_missing = calloc(t->cols ? t->cols : 1, sizeof *ld.n_missing)))
        st = ce_error_nomem(err);
    ce_csv_read_options ro = {opt->encoding, opt->sheet, problems != NULL};
    if (st == CE_OK)
        st = ce_csv_read_opts(path, &ro, on_record, &ld, NULL, diag, err);
    if (st == CE_OK && !ld.header_found) { /* the file ended first */
        if (opt->header_row)
            st = ce_error_set(err, CE_ERR_DATA, path, opt->header_row,
                              "no row starts on line %zu (named by --header-row)",
                              opt->header_row);
        else
            st = give_best(&ld, 0, err);
    }
    if (st == CE_ERR_DATA && problems) { /* the file or its header: listed alone */
        int at_profile = strcmp(err->file, path) != 0;
        ce_problem_kind kind = ld.header_ok    ? CE_PROBLEM_FILE
                               : at_profile    ? CE_PROBLEM_MISSING_COLUMN
                               : ld.tried      ? CE_PROBLEM_HEADER
                                               : CE_PROBLEM_FILE;
        ce_error e = *err;
        st = add_problem(&ld, kind, e.file, e.line, 0, NULL, NULL, NULL, NULL, 0, NULL, e.msg,
                         err);
        if (!ld.header_ok)
            ld.problems = NULL; /* no row was read: nothing more to check */
    }
    if (st == CE_OK)
        st = warn_mixed_percent(&ld, err);
    free(ld.pct);
    free(ld.map);
    free(ld.den_field);
    free(ld.text_field);
    free(ld.hcols);
    free(ld.alias_store);
    free(ld.alias_text);
    if (st == CE_OK && t->rows == 0 && !problems)
        st = ce_error_set(err, CE_ERR_DATA, path, ld.header_line + 1,
                          "no data rows after the header");
    else if (st == CE_OK && t->rows == 0 && ld.problems)
        st = add_problem(&ld, CE_PROBLEM_NO_ROWS, path, ld.header_line + 1, 0, NULL, NULL, NULL,
                         NULL, 0, "one row per cluster below the header",
                         "no data rows after the header", err);
    if (st == CE_OK && ld.problems)
        st = check_ids_all(&ld, err);
    else if (st == CE_OK && !problems)
        st = check_unique_ids(t, err);
    if (st == CE_OK && ld.problems)
        st = report_missing_columns(&ld, err);
    free(ld.n_missing);
    if (st != CE_OK || problems) {
        ce_table_free(t);
        return st;
    }
    *out = t;
    return CE_OK;
}

ce_status ce_table_read_opts(const char *path, const ce_profile *prof,
                             const ce_table_options *opt, ce_table **out, ce_diag *diag,
                             ce_error *err)
{
    return load(path, prof, opt, NULL, out, diag, err);
}

ce_status ce_table_check(const char *path, const ce_profile *prof, const ce_table_options *opt,
                         ce_problems *problems, ce_diag *diag, ce_error *err)
{
    ce_error own;
    return load(path, prof, opt, problems, NULL, diag, err ? err : &own);
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
