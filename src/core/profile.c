/* profile.c - see profile.h. */
#include "clustereval/profile.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/numparse.h"

#include "colmap.h"
#include "textindex.h"

struct ce_profile {
    char *path;
    ce_node *nodes;
    size_t n, cap;
    size_t *child_store; /* all children lists, back to back */
    size_t *leaves, n_leaves;
    size_t *dims, n_dims;
    size_t *postorder;
    char **parent_codes; /* while loading: the parent column of each node */
    ce_textindex codes;  /* code -> node */
    char *missing_default; /* the `missing` cell of the row `*`, "" when none */
    size_t missing_default_line;
    int extreme;         /* some positive weight lies outside [2^-511, 2^511) */
};

/* Outside [2^-511, 2^511): only a group holding such a weight can have a
 * ratio beyond 2^1022 that check_group refuses. */
static int is_extreme(double w) { return w > 0 && (w < 0x1p-511 || w >= 0x1p511); }

static const char *code_at(const void *ctx, size_t i)
{
    return ((const ce_profile *)ctx)->nodes[i].code;
}

enum {
    COL_CODE, COL_NAME, COL_PARENT, COL_WEIGHT, COL_DIRECTION, COL_UNIT,
    COL_DENOMINATOR, COL_TARGET, COL_LO, COL_HI, COL_AGGREGATE, COL_ALIASES, COL_MISSING, N_COLS
};
static const char *const col_names[N_COLS] = {"code", "name", "parent", "weight",
                                               "direction", "unit", "denominator", "target",
                                               "lo", "hi", "aggregate", "aliases", "missing"};

typedef struct {
    ce_profile *p;
    long col[N_COLS]; /* field index of each known column, -1 if absent */
    ce_diag *diag;
} loader;

static char *dup_field(const ce_csv_record *rec, long col)
{
    return strdup(col >= 0 ? rec->fields[col] : "");
}

/* Maps the header (colmap.h): code, parent, weight and direction are
 * required; the columns a profile does not know get one warning. */
static ce_status on_header(loader *ld, const ce_csv_record *rec, ce_error *err)
{
    ce_colmap_column cols[N_COLS];
    for (size_t c = 0; c < N_COLS; c++)
        cols[c] = (ce_colmap_column){col_names[c], NULL, NULL,
                                     c == COL_CODE || c == COL_PARENT || c == COL_WEIGHT ||
                                         c == COL_DIRECTION};
    ce_colmap_options o = {.path = ld->p->path,
                           .hint = "a profile needs code,name,parent,weight,direction,unit",
                           .ignored_reason = "unknown to a profile", .diag = ld->diag};
    return ce_colmap_find(rec, cols, N_COLS, &o, ld->col, err);
}

/* The row `*`: the profile-wide defaults, today only `missing`. */
static ce_status defaults_row(loader *ld, const ce_csv_record *rec, ce_error *err)
{
    ce_profile *p = ld->p;
    if (p->missing_default_line)
        return ce_error_set(err, CE_ERR_DATA, p->path, rec->line,
                            "a second row \"" CE_PROFILE_DEFAULTS_CODE "\" (the first is on "
                            "line %zu)", p->missing_default_line);
    const char *m = ld->col[COL_MISSING] >= 0 ? rec->fields[ld->col[COL_MISSING]] : "";
    if (!m[0])
        return ce_error_set(err, CE_ERR_DATA, p->path, rec->line,
                            "the row \"" CE_PROFILE_DEFAULTS_CODE "\" holds the profile-wide "
                            "defaults, but its \"missing\" cell is empty");
    char *copy = strdup(m);
    if (!copy)
        return ce_error_nomem(err);
    free(p->missing_default);
    p->missing_default = copy;
    p->missing_default_line = rec->line;
    return CE_OK;
}

static ce_status on_record(void *ud, const ce_csv_record *rec, ce_error *err)
{
    loader *ld = ud;
    ce_profile *p = ld->p;
    if (rec->index == 0)
        return on_header(ld, rec, err);
    char q[256];
    const char *code = rec->fields[ld->col[COL_CODE]];
    if (code[0] == '\0')
        return ce_error_set(err, CE_ERR_DATA, p->path, rec->line, "empty code");
    if (strcmp(code, CE_PROFILE_DEFAULTS_CODE) == 0)
        return defaults_row(ld, rec, err);
    static const char *const reserved[] = {"id", "name", "eligible", "veto"};
    for (size_t k = 0; k < 4; k++)
        if (strcmp(code, reserved[k]) == 0)
            return ce_error_set(err, CE_ERR_DATA, p->path, rec->line,
                                "code \"%s\" is reserved for a data column; choose another", code);
    size_t first = ce_textindex_find(&p->codes, code);
    if (first != CE_TEXTINDEX_NONE)
        return ce_error_set(err, CE_ERR_DATA, p->path, rec->line,
                            "duplicate code \"%s\" (first defined on line %zu)",
                            ce_error_quote(code, strlen(code), q, sizeof q),
                            p->nodes[first].line);

    double weight;
    const char *wtext = rec->fields[ld->col[COL_WEIGHT]];
    ce_num_result nr = ce_num_parse(wtext, strlen(wtext), &weight);
    if (nr != CE_NUM_OK)
        return ce_error_set(err, CE_ERR_DATA, p->path, rec->line,
                            "column \"weight\": cannot parse \"%s\" as a number (code \"%s\")",
                            ce_error_quote(wtext, strlen(wtext), q, sizeof q), code);
    if (weight < 0)
        return ce_error_set(err, CE_ERR_DATA, p->path, rec->line,
                            "column \"weight\": negative weight %s for \"%s\"", wtext, code);

    const char *dtext = rec->fields[ld->col[COL_DIRECTION]];
    int direction = ce_direction_parse(dtext, strlen(dtext));
    if (direction == 2)
        return ce_error_set(err, CE_ERR_DATA, p->path, rec->line,
                            "column \"direction\": \"%s\" is not a direction (use + or -, "
                            "1 or -1, 正向 or 负向)",
                            ce_error_quote(dtext, strlen(dtext), q, sizeof q));

    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 32;
        ce_node *nodes = realloc(p->nodes, cap * sizeof *nodes);
        char **pc = realloc(p->parent_codes, cap * sizeof *pc);
        if (nodes)
            p->nodes = nodes;
        if (pc)
            p->parent_codes = pc;
        if (!nodes || !pc)
            return ce_error_nomem(err);
        p->cap = cap;
    }
    ce_node *nd = &p->nodes[p->n];
    memset(nd, 0, sizeof *nd);
    nd->code = strdup(code);
    nd->name = dup_field(rec, ld->col[COL_NAME]);
    nd->unit = dup_field(rec, ld->col[COL_UNIT]);
    p->parent_codes[p->n] = strdup(rec->fields[ld->col[COL_PARENT]]);
    p->n++;
    if (!nd->code || !nd->name || !nd->unit || !p->parent_codes[p->n - 1] ||
        ce_textindex_add(&p->codes, p->n - 1, NULL) != 0)
        return ce_error_nomem(err);
    nd->weight = weight;
    p->extreme |= is_extreme(weight);
    nd->direction = direction;
    nd->line = rec->line;
    nd->denominator = dup_field(rec, ld->col[COL_DENOMINATOR]);
    nd->aggregate = dup_field(rec, ld->col[COL_AGGREGATE]);
    nd->aliases = dup_field(rec, ld->col[COL_ALIASES]);
    nd->missing = dup_field(rec, ld->col[COL_MISSING]);
    if (!nd->denominator || !nd->aggregate || !nd->aliases || !nd->missing)
        return ce_error_nomem(err);
    static const int num_cols[3] = {COL_TARGET, COL_LO, COL_HI};
    double *num_dest[3] = {&nd->target, &nd->lo, &nd->hi};
    for (size_t k = 0; k < 3; k++) {
        long c = ld->col[num_cols[k]];
        const char *text = c >= 0 ? rec->fields[c] : "";
        *num_dest[k] = NAN;
        if (ce_num_parse(text, strlen(text), num_dest[k]) > CE_NUM_MISSING)
            return ce_error_set(err, CE_ERR_DATA, p->path, rec->line,
                                "column \"%s\": cannot parse \"%s\" as a number (code \"%s\")",
                                col_names[num_cols[k]],
                                ce_error_quote(text, strlen(text), q, sizeof q), code);
    }
    return CE_OK;
}

const char *ce_profile_missing_default(const ce_profile *p, size_t *line)
{
    if (line)
        *line = p->missing_default_line;
    return p->missing_default ? p->missing_default : "";
}

int ce_profile_weight_shift(double max_weight)
{
    int e = 0;
    if (!(max_weight > 0) || !isfinite(max_weight))
        return 0;
    frexp(max_weight, &e); /* max_weight = f * 2^e, f in [0.5, 1) */
    return 1 - e;
}

/* Checks a sibling group's weights (members[0..n), nodes[skip] weighs w
 * instead when skip < p->n): some weight is positive, and no positive
 * weight is so small beside the largest that scaling the group
 * (ce_profile_weight_shift) would take it below DBL_MIN, where it would
 * lose its digits. Returns 0, 1 (all zero) or 2 (too small: *small and
 * *large the two nodes). */
static int check_group(const ce_profile *p, const size_t *members, size_t n, size_t skip,
                       double w, size_t *small, size_t *large, int ratios)
{
    double max = 0, min = INFINITY;
    for (size_t k = 0; k < n; k++) {
        double wk = members[k] == skip ? w : p->nodes[members[k]].weight;
        if (wk > max) {
            max = wk;
            *large = members[k];
        }
        if (wk > 0 && wk < min) {
            min = wk;
            *small = members[k];
        }
    }
    if (!(max > 0))
        return 1;
    return ratios && ldexp(min, ce_profile_weight_shift(max)) < DBL_MIN ? 2 : 0;
}

static ce_status ratio_error(const ce_profile *p, ce_status st, const char *path, size_t small,
                             size_t large, ce_error *err)
{
    const ce_node *s = &p->nodes[small], *l = &p->nodes[large];
    return ce_error_set(err, st, path, path ? s->line : 0,
                        "weight %.10g of \"%s\" is too small beside %.10g of its sibling "
                        "\"%s\" (line %zu): weights are relative within their group, and a "
                        "ratio beyond 2^1022 (4e307) cannot be computed with (write 0 to leave "
                        "it out)",
                        s->weight, s->code, l->weight, l->code, l->line);
}

/* Resolves parents, builds the children lists, and checks the tree. */
static ce_status build_tree(ce_profile *p, ce_error *err)
{
    size_t n = p->n;
    size_t *counts = calloc(n + 1, sizeof *counts); /* [n] counts the dimensions */
    if (!counts)
        return ce_error_nomem(err);
    ce_status st = CE_OK;
    for (size_t i = 0; i < n && st == CE_OK; i++) {
        const char *pc = p->parent_codes[i];
        ce_node *nd = &p->nodes[i];
        if (pc[0] == '\0') {
            nd->parent = CE_NO_PARENT;
            counts[n]++;
            continue;
        }
        nd->parent = ce_profile_find(p, pc);
        if (nd->parent == CE_NO_PARENT) {
            char q[256];
            st = ce_error_set(err, CE_ERR_DATA, p->path, nd->line,
                              "parent \"%s\" of \"%s\" is not a code in the profile",
                              ce_error_quote(pc, strlen(pc), q, sizeof q), nd->code);
        } else {
            counts[nd->parent]++;
        }
    }
    /* A cycle: following parents from a node never reaches a dimension.
     * Each walk marks its nodes; it stops at a node known to reach a
     * dimension (all of the walk then does) or at a node of this same walk
     * (a cycle, reported by a node on it). Every node is walked once. */
    unsigned char *state = st == CE_OK ? calloc(n, 1) : NULL; /* 0 new, 1 walking, 2 fine */
    if (st == CE_OK && !state)
        st = ce_error_nomem(err);
    for (size_t i = 0; i < n && st == CE_OK; i++) {
        size_t cur = i;
        while (cur != CE_NO_PARENT && state[cur] == 0) {
            state[cur] = 1;
            cur = p->nodes[cur].parent;
        }
        int cycle = cur != CE_NO_PARENT && state[cur] == 1;
        for (size_t k = i; k != CE_NO_PARENT && state[k] == 1; k = p->nodes[k].parent)
            state[k] = 2;
        if (!cycle)
            continue;
        for (size_t k = p->nodes[cur].parent, start = cur; k != start; k = p->nodes[k].parent)
            if (k < cur)
                cur = k; /* name the cycle's node that comes first in the file */
        char chain[512];
        size_t len = (size_t)snprintf(chain, sizeof chain, "%s", p->nodes[cur].code);
        for (size_t k = p->nodes[cur].parent; len < sizeof chain; k = p->nodes[k].parent) {
            len += (size_t)snprintf(chain + len, sizeof chain - len, " -> %s",
                                    p->nodes[k].code);
            if (k == cur)
                break;
        }
        st = ce_error_set(err, CE_ERR_DATA, p->path, p->nodes[cur].line,
                          "\"%s\" is its own ancestor: the parents form a cycle (%s)",
                          p->nodes[cur].code, chain);
    }
    free(state);
    if (st == CE_OK && counts[n] == 0)
        st = ce_error_set(err, CE_ERR_DATA, p->path, 1,
                          "no top-level dimension (a row with an empty parent)");
    if (st == CE_OK) {
        p->child_store = malloc(n * sizeof *p->child_store);
        p->dims = malloc(counts[n] * sizeof *p->dims);
        p->leaves = malloc(n * sizeof *p->leaves);
        p->postorder = malloc(n * sizeof *p->postorder);
        if (!p->child_store || !p->dims || !p->leaves || !p->postorder)
            st = ce_error_nomem(err);
    }
    if (st == CE_OK) {
        size_t off = 0;
        for (size_t i = 0; i < n; i++) {
            p->nodes[i].children = p->child_store + off;
            off += counts[i];
        }
        for (size_t i = 0; i < n; i++) {
            ce_node *nd = &p->nodes[i];
            if (nd->parent == CE_NO_PARENT) {
                p->dims[p->n_dims++] = i;
            } else {
                ce_node *par = &p->nodes[nd->parent];
                ((size_t *)par->children)[par->n_children++] = i;
            }
        }
    }
    for (size_t i = 0; i < n && st == CE_OK; i++) {
        ce_node *nd = &p->nodes[i];
        if (nd->n_children == 0) {
            if (nd->direction == 0)
                st = ce_error_set(err, CE_ERR_DATA, p->path, nd->line,
                                  "indicator \"%s\" has no direction (use + or -)", nd->code);
            nd->leaf = p->n_leaves;
            p->leaves[p->n_leaves++] = i;
        } else {
            nd->direction = 0; /* a direction given on a group has no meaning */
            size_t small = 0, large = 0;
            int bad = check_group(p, nd->children, nd->n_children, CE_NO_PARENT, 0, &small,
                                  &large, p->extreme);
            if (bad == 1)
                st = ce_error_set(err, CE_ERR_DATA, p->path, nd->line,
                                  "all weights of the children of \"%s\" are zero", nd->code);
            else if (bad)
                st = ratio_error(p, CE_ERR_DATA, p->path, small, large, err);
        }
    }
    if (st == CE_OK) {
        size_t small = 0, large = 0;
        int bad = check_group(p, p->dims, p->n_dims, CE_NO_PARENT, 0, &small, &large,
                              p->extreme);
        if (bad == 1)
            st = ce_error_set(err, CE_ERR_DATA, p->path, p->nodes[p->dims[0]].line,
                              "all weights of the top-level dimensions are zero");
        else if (bad)
            st = ratio_error(p, CE_ERR_DATA, p->path, small, large, err);
    }
    if (st == CE_OK) {
        /* Post-order without recursion: a node follows all of its descendants. */
        size_t *stack = malloc(2 * n * sizeof *stack), top = 0, out = 0;
        if (!stack) {
            free(counts);
            return ce_error_nomem(err);
        }
        for (size_t k = p->n_dims; k-- > 0;) {
            stack[top++] = p->dims[k];
            stack[top++] = 0; /* 0: children not yet pushed */
        }
        while (top > 0) {
            size_t seen = stack[--top], node = stack[--top];
            if (seen) {
                p->postorder[out++] = node;
                continue;
            }
            stack[top++] = node;
            stack[top++] = 1;
            const ce_node *nd = &p->nodes[node];
            for (size_t k = nd->n_children; k-- > 0;) {
                stack[top++] = nd->children[k];
                stack[top++] = 0;
            }
        }
        free(stack);
    }
    free(counts);
    return st;
}

static void free_parent_codes(ce_profile *p)
{
    if (!p->parent_codes)
        return;
    for (size_t i = 0; i < p->n; i++)
        free(p->parent_codes[i]);
    free(p->parent_codes);
    p->parent_codes = NULL;
}

ce_status ce_profile_load(const char *path, ce_encoding enc, ce_profile **out, ce_diag *diag,
                          ce_error *err)
{
    ce_profile *p = calloc(1, sizeof *p);
    if (!p || !(p->path = strdup(path))) {
        free(p);
        return ce_error_nomem(err);
    }
    ce_textindex_init(&p->codes, code_at, p);
    loader ld = {.p = p, .diag = diag};
    ce_status st = ce_csv_read(path, enc, on_record, &ld, NULL, diag, err);
    if (st == CE_OK && p->n == 0)
        st = ce_error_set(err, CE_ERR_DATA, path, 1, "the profile defines no indicators");
    if (st == CE_OK)
        st = build_tree(p, err);
    free_parent_codes(p);
    if (st != CE_OK) {
        ce_profile_free(p);
        return st;
    }
    *out = p;
    return CE_OK;
}

void ce_profile_free(ce_profile *p)
{
    if (!p)
        return;
    free_parent_codes(p);
    for (size_t i = 0; i < p->n; i++) {
        free((char *)p->nodes[i].code);
        free((char *)p->nodes[i].name);
        free((char *)p->nodes[i].unit);
        free((char *)p->nodes[i].denominator);
        free((char *)p->nodes[i].aggregate);
        free((char *)p->nodes[i].aliases);
        free((char *)p->nodes[i].missing);
    }
    free(p->nodes);
    free(p->child_store);
    free(p->leaves);
    free(p->dims);
    free(p->postorder);
    ce_textindex_free(&p->codes);
    free(p->missing_default);
    free(p->path);
    free(p);
}

const char *ce_profile_path(const ce_profile *p) { return p->path; }
size_t ce_profile_node_count(const ce_profile *p) { return p->n; }
const ce_node *ce_profile_node(const ce_profile *p, size_t i) { return &p->nodes[i]; }

size_t ce_profile_find(const ce_profile *p, const char *code)
{
    size_t i = ce_textindex_find(&p->codes, code);
    return i == CE_TEXTINDEX_NONE ? CE_NO_PARENT : i;
}

const size_t *ce_profile_leaves(const ce_profile *p, size_t *n)
{
    *n = p->n_leaves;
    return p->leaves;
}

const size_t *ce_profile_dimensions(const ce_profile *p, size_t *n)
{
    *n = p->n_dims;
    return p->dims;
}

const size_t *ce_profile_postorder(const ce_profile *p) { return p->postorder; }

ce_status ce_profile_write(const ce_profile *p, FILE *out, ce_error *err)
{
    int opt[N_COLS] = {0};
    for (size_t i = 0; i < p->n; i++) {
        const ce_node *nd = &p->nodes[i];
        opt[COL_DENOMINATOR] |= nd->denominator[0] != '\0';
        opt[COL_TARGET] |= !isnan(nd->target);
        opt[COL_LO] |= !isnan(nd->lo);
        opt[COL_HI] |= !isnan(nd->hi);
        opt[COL_AGGREGATE] |= nd->aggregate[0] != '\0';
        opt[COL_ALIASES] |= nd->aliases[0] != '\0';
        opt[COL_MISSING] |= nd->missing[0] != '\0';
    }
    const char *missing_default = ce_profile_missing_default(p, NULL);
    opt[COL_MISSING] |= missing_default[0] != '\0';
    fputs("code,name,parent,weight,direction,unit", out);
    for (int c = COL_DENOMINATOR; c < N_COLS; c++)
        if (opt[c])
            fprintf(out, ",%s", col_names[c]);
    fputc('\n', out);
    if (missing_default[0]) { /* the row of the profile-wide defaults */
        fputs(CE_PROFILE_DEFAULTS_CODE ",,,,,", out);
        for (int c = COL_DENOMINATOR; c < COL_MISSING; c++)
            if (opt[c])
                fputc(',', out);
        fputc(',', out);
        ce_csv_write_text(out, missing_default);
        fputc('\n', out);
    }
    for (size_t i = 0; i < p->n; i++) {
        const ce_node *nd = &p->nodes[i];
        ce_csv_write_text(out, nd->code);
        fputc(',', out);
        ce_csv_write_text(out, nd->name);
        fputc(',', out);
        if (nd->parent != CE_NO_PARENT)
            ce_csv_write_text(out, p->nodes[nd->parent].code);
        fprintf(out, ",%.10g,%s,", nd->weight,
                nd->direction > 0 ? "+" : nd->direction < 0 ? "-" : "");
        ce_csv_write_text(out, nd->unit);
        if (opt[COL_DENOMINATOR]) {
            fputc(',', out);
            ce_csv_write_text(out, nd->denominator);
        }
        const double nums[3] = {nd->target, nd->lo, nd->hi};
        for (int k = 0; k < 3; k++) {
            if (!opt[COL_TARGET + k])
                continue;
            fputc(',', out);
            if (!isnan(nums[k]))
                fprintf(out, "%.17g", nums[k]);
        }
        if (opt[COL_AGGREGATE]) {
            fputc(',', out);
            ce_csv_write_text(out, nd->aggregate);
        }
        if (opt[COL_ALIASES]) {
            fputc(',', out);
            ce_csv_write_text(out, nd->aliases);
        }
        if (opt[COL_MISSING]) {
            fputc(',', out);
            ce_csv_write_text(out, nd->missing);
        }
        fputc('\n', out);
    }
    if (fflush(out) != 0 || ferror(out))
        return ce_error_set(err, CE_ERR_IO, NULL, 0, "cannot write the profile: %s",
                            strerror(errno));
    return CE_OK;
}

ce_status ce_profile_check_weights(const ce_profile *p, ce_error *err)
{
    if (!p->extreme)
        return CE_OK; /* no ratio beyond 2^1022 */
    size_t small = 0, large = 0;
    if (check_group(p, p->dims, p->n_dims, CE_NO_PARENT, 0, &small, &large, 1) == 2)
        return ratio_error(p, CE_ERR_USAGE, NULL, small, large, err);
    for (size_t i = 0; i < p->n; i++) {
        const ce_node *nd = &p->nodes[i];
        if (nd->n_children > 0 &&
            check_group(p, nd->children, nd->n_children, CE_NO_PARENT, 0, &small, &large, 1) == 2)
            return ratio_error(p, CE_ERR_USAGE, NULL, small, large, err);
    }
    return CE_OK;
}

ce_status ce_profile_set_weight(ce_profile *p, const char *code, double weight,
                                const char *label, ce_error *err)
{
    const char *sep = label ? " " : "";
    label = label ? label : "";
    size_t i = ce_profile_find(p, code);
    if (i == CE_NO_PARENT)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0, "%s%sno node \"%s\" in %s", label,
                            label[0] ? ": " : "", code, p->path);
    if (!(weight >= 0))
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0, "%s%s%s: weight must be >= 0", label, sep,
                            code);
    size_t parent = p->nodes[i].parent;
    const size_t *sib = parent == CE_NO_PARENT ? p->dims : p->nodes[parent].children;
    size_t n_sib = parent == CE_NO_PARENT ? p->n_dims : p->nodes[parent].n_children;
    /* The group keeps a positive weight (one is enough: the search stops
     * there, so setting every weight of a big group stays linear). The
     * ratios are checked once all weights are set (ce_profile_check_weights). */
    int positive = weight > 0;
    for (size_t k = 0; k < n_sib && !positive; k++)
        positive = sib[k] != i && p->nodes[sib[k]].weight > 0;
    if (!positive)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                            "%s%s%s=%g: every weight of its group would be zero", label, sep, code,
                            weight);
    p->extreme |= is_extreme(weight);
    p->nodes[i].weight = weight;
    return CE_OK;
}

/* The group node i belongs to. */
static const size_t *siblings_of(const ce_profile *p, size_t i, size_t *n)
{
    size_t parent = p->nodes[i].parent;
    *n = parent == CE_NO_PARENT ? p->n_dims : p->nodes[parent].n_children;
    return parent == CE_NO_PARENT ? p->dims : p->nodes[parent].children;
}

ce_status ce_profile_set_shares(ce_profile *p, const char *const *codes, const double *shares,
                                size_t n, const char *label, ce_error *err)
{
    const char *sep = label ? " " : "";
    label = label ? label : "";
    if (n == 0)
        return CE_OK;
    /* share[i]: the node's share, NaN when none is given. */
    double *share = malloc(p->n * sizeof *share);
    if (!share)
        return ce_error_nomem(err);
    for (size_t i = 0; i < p->n; i++)
        share[i] = NAN;
    ce_status st = CE_OK;
    for (size_t k = 0; k < n && st == CE_OK; k++) {
        size_t i = ce_profile_find(p, codes[k]);
        if (i == CE_NO_PARENT)
            st = ce_error_set(err, CE_ERR_USAGE, NULL, 0, "%s%sno node \"%s\" in %s", label,
                              label[0] ? ": " : "", codes[k], p->path);
        else if (!(shares[k] >= 0 && shares[k] < 1))
            st = ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                              "%s%s%s=%g%%: a share must be below 100%% and not negative", label,
                              sep, codes[k], 100 * shares[k]);
        else
            share[i] = shares[k];
    }
    /* Check every group with a share before changing any: the given shares
     * below 100% in all, the other siblings weighing something. */
    for (size_t i = 0; i < p->n && st == CE_OK; i++) {
        if (isnan(share[i]))
            continue;
        size_t n_sib;
        const size_t *sib = siblings_of(p, i, &n_sib);
        double given = 0;
        int rest = 0;
        for (size_t k = 0; k < n_sib; k++) {
            if (!isnan(share[sib[k]]))
                given += share[sib[k]];
            else
                rest |= p->nodes[sib[k]].weight > 0;
        }
        if (!rest)
            st = ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                              "%s%s%s=%g%%: a share of its siblings, and it has none with a "
                              "weight",
                              label, sep, p->nodes[i].code, 100 * share[i]);
        else if (!(given < 1))
            st = ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                              "%s%s%s=%g%%: the shares of its group add to %g%% (100%% or more)",
                              label, sep, p->nodes[i].code, 100 * share[i], 100 * given);
    }
    /* Rescale each group once (at its first node with a share): the
     * siblings without a share, scaled by a power of two so that their
     * sum cannot overflow (ce_profile_weight_shift), split 1 - given. */
    for (size_t i = 0; i < p->n && st == CE_OK; i++) {
        if (isnan(share[i]))
            continue;
        size_t n_sib;
        const size_t *sib = siblings_of(p, i, &n_sib);
        double given = 0, max = 0, rest = 0;
        for (size_t k = 0; k < n_sib; k++) {
            const double w = p->nodes[sib[k]].weight;
            if (!isnan(share[sib[k]]))
                given += share[sib[k]];
            else if (w > max)
                max = w;
        }
        int shift = ce_profile_weight_shift(max);
        for (size_t k = 0; k < n_sib; k++)
            if (isnan(share[sib[k]]))
                rest += ldexp(p->nodes[sib[k]].weight, shift);
        for (size_t k = 0; k < n_sib; k++) {
            ce_node *nd = &p->nodes[sib[k]];
            if (isnan(share[sib[k]])) {
                nd->weight = (1 - given) * (ldexp(nd->weight, shift) / rest);
            } else {
                nd->weight = share[sib[k]];
                share[sib[k]] = NAN; /* done: the group is not rescaled again */
            }
            p->extreme |= is_extreme(nd->weight);
        }
    }
    free(share);
    return st;
}
