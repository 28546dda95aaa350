/* audit_csv.c - see audit_csv.h. */
#include "clustereval/audit_csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/csvio.h"
#include "clustereval/report.h"

/* Room for any double with 6 decimals (DBL_MAX has 309 digits). */
#define NUM_CAP 400

static void put_number(FILE *out, double v)
{
    char buf[NUM_CAP];
    ce_report_format_number(v, 6, buf, sizeof buf);
    fputs(buf, out);
}

/* ",text" */
static void put_text(FILE *out, const char *text)
{
    putc(',', out);
    ce_csv_write_text(out, text ? text : "");
}

static const char *parent_code(const ce_profile *p, size_t node)
{
    size_t parent = ce_profile_node(p, node)->parent;
    return parent == CE_NO_PARENT ? "" : ce_profile_node(p, parent)->code;
}

static void start(FILE *out, int bom, const char *header)
{
    if (bom)
        fputs("\xEF\xBB\xBF", out);
    fputs(header, out);
}

static ce_status finish(FILE *out, ce_error *err)
{
    if (fflush(out) != 0 || ferror(out))
        return ce_error_set(err, CE_ERR_IO, NULL, 0, "cannot write the audit: %s",
                            strerror(errno));
    return CE_OK;
}

ce_status ce_audit_csv_write_indicators(FILE *out, const ce_audit *a, const ce_profile *p,
                                        int bom, ce_error *err)
{
    start(out, bom, "code,name,parent,n,missing_share,min,max,mean,median,sd,skew,kurt,"
                    "unique_share,nonzero_share,flag_availability,flag_nonzero,flag_unique,"
                    "flag_outlier,flags\n");
    for (size_t j = 0; j < a->n_indicators; j++) {
        const ce_audit_indicator *s = &a->indicators[j];
        const ce_node *nd = ce_profile_node(p, s->node);
        char flags[64];
        ce_csv_write_text(out, nd->code);
        put_text(out, nd->name);
        put_text(out, parent_code(p, s->node));
        fprintf(out, ",%zu", s->n);
        const double v[] = {s->missing_share, s->min,  s->max,  s->mean,         s->median,
                            s->sd,            s->skew, s->kurt, s->unique_share, s->nonzero_share};
        for (size_t c = 0; c < sizeof v / sizeof v[0]; c++) {
            putc(',', out);
            put_number(out, v[c]);
        }
        fprintf(out, ",%d,%d,%d,%d", !!(s->flags & CE_AUDIT_FLAG_AVAILABILITY),
                !!(s->flags & CE_AUDIT_FLAG_NONZERO), !!(s->flags & CE_AUDIT_FLAG_UNIQUE),
                !!(s->flags & CE_AUDIT_FLAG_OUTLIER));
        put_text(out, ce_audit_flags_text(s->flags, flags, sizeof flags));
        putc('\n', out);
    }
    return finish(out, err);
}

ce_status ce_audit_csv_write_clusters(FILE *out, const ce_audit *a, const ce_table *t,
                                      const ce_profile *p, int bom, ce_error *err)
{
    size_t n_dims, room = 1;
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    for (size_t d = 0; d < n_dims; d++)
        room += strlen(ce_profile_node(p, dims[d])->code) + sizeof "; _avail";
    char *text = malloc(room); /* a header cell, or the low dimensions of a row */
    if (!text)
        return ce_error_nomem(err);
    start(out, bom, "id,name,availability");
    for (size_t d = 0; d < n_dims; d++) {
        snprintf(text, room, "%s_avail", ce_profile_node(p, dims[d])->code);
        put_text(out, text);
    }
    fputs(",flag_low_availability,low_dimensions\n", out);
    for (size_t i = 0; i < a->rows; i++) {
        const ce_audit_cluster *c = &a->clusters[i];
        const double *share = a->dim_availability + i * n_dims;
        ce_csv_write_text(out, ce_table_id(t, i));
        put_text(out, ce_table_name(t, i));
        putc(',', out);
        put_number(out, c->availability);
        size_t len = 0;
        text[0] = '\0';
        for (size_t d = 0; d < n_dims; d++) {
            putc(',', out);
            put_number(out, share[d]);
            if (share[d] < a->options.min_cluster_availability)
                len += (size_t)snprintf(text + len, room - len, "%s%s", len ? "; " : "",
                                        ce_profile_node(p, dims[d])->code);
        }
        fprintf(out, ",%d", c->low);
        put_text(out, text);
        putc('\n', out);
    }
    free(text);
    return finish(out, err);
}

ce_status ce_audit_csv_write_dimensions(FILE *out, const ce_audit *a, const ce_profile *p,
                                        int bom, ce_error *err)
{
    start(out, bom, "code,name,level,parent,children,min_pairs,alpha,pc1_share,note\n");
    for (size_t g = 0; g < a->n_groups; g++) {
        const ce_audit_group *grp = &a->groups[g];
        if (grp->node == CE_AUDIT_COMPOSITE) {
            fputs("composite,composite index,0,", out);
        } else {
            const ce_node *nd = ce_profile_node(p, grp->node);
            ce_csv_write_text(out, nd->code);
            put_text(out, nd->name);
            fprintf(out, ",%zu", grp->level);
            put_text(out, parent_code(p, grp->node));
        }
        fprintf(out, ",%zu,", grp->k);
        if (grp->k >= 2)
            fprintf(out, "%zu", grp->min_pairs);
        putc(',', out);
        put_number(out, grp->alpha);
        putc(',', out);
        put_number(out, grp->pc1_share);
        put_text(out, grp->note);
        putc('\n', out);
    }
    return finish(out, err);
}

ce_status ce_audit_csv_write_correlations(FILE *out, const ce_audit *a, const ce_profile *p,
                                          int bom, ce_error *err)
{
    start(out, bom, "code,name,parent,r_parent,n_parent,r_composite,n_composite,"
                    "flag_negative\n");
    for (size_t j = 0; j < a->n_indicators; j++) {
        const ce_audit_correlation *c = &a->correlations[j];
        const ce_node *nd = ce_profile_node(p, c->node);
        ce_csv_write_text(out, nd->code);
        put_text(out, nd->name);
        put_text(out, parent_code(p, c->node));
        putc(',', out);
        put_number(out, c->r_parent);
        fprintf(out, ",%zu,", c->n_parent);
        put_number(out, c->r_composite);
        fprintf(out, ",%zu,%d\n", c->n_composite, c->negative);
    }
    return finish(out, err);
}

ce_status ce_audit_csv_write_pairs(FILE *out, const ce_audit *a, const ce_profile *p, int bom,
                                   ce_error *err)
{
    start(out, bom, "code_a,code_b,r,pairs,same_parent\n");
    for (size_t k = 0; k < a->n_pairs; k++) {
        const ce_audit_pair *pr = &a->pairs[k];
        ce_csv_write_text(out, ce_profile_node(p, pr->a)->code);
        put_text(out, ce_profile_node(p, pr->b)->code);
        putc(',', out);
        put_number(out, pr->r);
        fprintf(out, ",%zu,%d\n", pr->pairs, pr->same_parent);
    }
    return finish(out, err);
}
