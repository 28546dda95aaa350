/* weights_ahp_file.c - the AHP judgements file (weights.h, "the AHP file"):
 * rows parent,a,b,judgement read into one pairwise matrix per group of the
 * profile. The eigenvector method itself is in weights.c. */
#include "clustereval/weights.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/numparse.h"

#include "colmap.h"

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

/* Maps the header (colmap.h). The AHP file's columns were always matched
 * in either case; the loose key (full-width forms, spaces) is a superset of
 * that, so this is the one reader that matches loosely already. */
static ce_status ahp_on_header(ahp_reader *r, const ce_csv_record *rec, ce_error *err)
{
    ce_colmap_column cols[AHP_N_COLS];
    for (size_t c = 0; c < AHP_N_COLS; c++)
        cols[c] = (ce_colmap_column){ahp_cols[c], NULL, NULL, 1};
    ce_colmap_options o = {.path = r->j->path, .match = CE_COLMAP_LOOSE,
                           .hint = "an AHP file has the columns parent,a,b,judgement"};
    return ce_colmap_find(rec, cols, AHP_N_COLS, &o, r->col, err);
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
                            "duplicate pair \"%s, %s\" (first on line %zu)",
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
