/* report.c - see report.h. */
#include "clustereval/report.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "clustereval/csvio.h"

void ce_report_format_number(double v, int digits, char *buf, size_t size)
{
    if (isnan(v)) {
        buf[0] = '\0';
        return;
    }
    snprintf(buf, size, "%.*f", digits, v);
    /* A value that rounds to zero prints without a minus sign. */
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
        memmove(buf, buf + 1, strlen(buf));
}

static const char *award_text(ce_award a)
{
    return a == CE_AWARD_YES ? "yes" : a == CE_AWARD_TIE ? "tie" : "no";
}

static ce_status check_written(FILE *out, ce_error *err)
{
    if (fflush(out) != 0 || ferror(out))
        return ce_error_set(err, CE_ERR_IO, NULL, 0, "cannot write the report: %s",
                            strerror(errno));
    return CE_OK;
}

ce_status ce_report_ranking_csv(FILE *out, const ce_result *r, const ce_table *t,
                                const ce_profile *p, const ce_report_options *o, ce_error *err)
{
    return ce_report_ranking_csv_extra(out, r, t, p, o, NULL, 0, err);
}

ce_status ce_report_ranking_csv_extra(FILE *out, const ce_result *r, const ce_table *t,
                                      const ce_profile *p, const ce_report_options *o,
                                      const ce_report_column *extra, size_t n_extra,
                                      ce_error *err)
{
    size_t n_dims;
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    char num[64];
    if (o->bom)
        fputs("\xEF\xBB\xBF", out);
    fputs("rank,id,name,score,award,award_amount", out);
    for (size_t e = 0; e < n_extra; e++) {
        putc(',', out);
        ce_csv_write_text(out, extra[e].name);
    }
    for (size_t d = 0; d < n_dims; d++) {
        const char *code = ce_profile_node(p, dims[d])->code;
        putc(',', out);
        ce_csv_write_text(out, code);
        putc(',', out);
        char col[512];
        snprintf(col, sizeof col, "%s_rank", code);
        ce_csv_write_text(out, col);
    }
    fputs(",coverage,notes\n", out);
    for (size_t k = 0; k < r->rows; k++) {
        size_t i = r->order[k];
        if (r->rank[i])
            fprintf(out, "%zu", r->rank[i]);
        putc(',', out);
        ce_csv_write_text(out, ce_table_id(t, i));
        putc(',', out);
        ce_csv_write_text(out, ce_table_name(t, i));
        ce_report_format_number(r->composite[i], o->digits, num, sizeof num);
        fprintf(out, ",%s,%s,", num, award_text(r->award[i]));
        double amount = r->amount[i];
        ce_report_format_number(amount, amount == floor(amount) ? 0 : 2, num, sizeof num);
        fputs(num, out);
        for (size_t e = 0; e < n_extra; e++) {
            ce_report_format_number(extra[e].values[i], extra[e].digits, num, sizeof num);
            fprintf(out, ",%s", num);
        }
        for (size_t d = 0; d < n_dims; d++) {
            ce_report_format_number(r->nodes[i * r->n_nodes + dims[d]], o->digits, num,
                                    sizeof num);
            fprintf(out, ",%s,", num);
            if (r->dim_rank[i * n_dims + d])
                fprintf(out, "%zu", r->dim_rank[i * n_dims + d]);
        }
        ce_report_format_number(r->coverage[i], 4, num, sizeof num);
        fprintf(out, ",%s,", num);
        ce_csv_write_text(out, r->notes[i]);
        putc('\n', out);
    }
    return check_written(out, err);
}

/* ---- the comparison CSV ---- */

static void put_number(FILE *out, double v, int digits)
{
    char num[64];
    ce_report_format_number(v, digits, num, sizeof num);
    putc(',', out);
    fputs(num, out);
}

/* One summary row: a statistic and its value, text (formula-guarded) or a
 * number (written as it is: "-0.5" is no formula). */
static void summary_row(FILE *out, const char *label, const char *statistic, const char *text,
                        double v, int digits)
{
    ce_csv_write_text(out, label);
    fputs(",summary,", out);
    fputs(statistic, out);
    if (text) {
        putc(',', out);
        ce_csv_write_text(out, text);
    } else {
        put_number(out, v, digits);
    }
    fputs(",,,,,,,,,\n", out);
}

static void summary_number(FILE *out, const char *label, const char *statistic, double v,
                           int digits)
{
    summary_row(out, label, statistic, NULL, v, digits);
}

/* The award cell of side b or a: empty when the cluster is absent there or
 * that side has no award column. */
static const char *award_cell(const ce_award *award, const unsigned char *in, size_t i)
{
    if (!award || (in && !in[i]))
        return "";
    return award_text(award[i]);
}

static void cluster_row(FILE *out, const ce_report_comparison *c, const char *section, size_t i,
                        int digits)
{
    const ce_compare_input *in = c->in;
    int pa = !in->in_a || in->in_a[i], pb = !in->in_b || in->in_b[i];
    double ra = pa ? in->rank_a[i] : NAN, rb = pb ? in->rank_b[i] : NAN;
    ce_csv_write_text(out, c->label);
    fprintf(out, ",%s,,,", section);
    ce_csv_write_text(out, in->id[i]);
    putc(',', out);
    ce_csv_write_text(out, c->name[i]);
    put_number(out, ra, 0);
    put_number(out, rb, 0);
    put_number(out, rb - ra, 0); /* NaN (empty) when either is unranked */
    fprintf(out, ",%s,%s", award_cell(in->award_a, in->in_a, i),
            award_cell(in->award_b, in->in_b, i));
    put_number(out, pa ? c->score_a[i] : NAN, digits);
    put_number(out, pb && c->score_b ? c->score_b[i] : NAN, digits);
    putc('\n', out);
}

static void section_rows(FILE *out, const ce_report_comparison *c, const char *section,
                         const size_t *list, size_t n, int digits)
{
    for (size_t k = 0; k < n; k++)
        cluster_row(out, c, section, list[k], digits);
}

ce_status ce_report_comparison_csv(FILE *out, const ce_report_comparison *c, size_t n,
                                   const ce_report_options *o, ce_error *err)
{
    if (o->bom)
        fputs("\xEF\xBB\xBF", out);
    fputs("comparison,section,statistic,value,id,name,rank,other_rank,change,award,"
          "other_award,score,other_score\n",
          out);
    for (size_t k = 0; k < n; k++) {
        const ce_comparison *m = c[k].cmp;
        int matched = c[k].in->in_a || c[k].in->in_b;
        summary_row(out, c[k].label, "against", c[k].against, 0, 0);
        summary_number(out, c[k].label, "clusters_both", (double)m->n_both, 0);
        summary_number(out, c[k].label, "ranked_both", (double)m->pairs, 0);
        summary_number(out, c[k].label, "spearman_rho", m->rho, 6);
        summary_number(out, c[k].label, "kendall_tau_b", m->tau_b, 6);
        summary_number(out, c[k].label, "moved", (double)m->n_moved, 0);
        summary_number(out, c[k].label, "max_abs_change", m->max_change, 0);
        if (m->awards_known) {
            summary_number(out, c[k].label, "entering", (double)m->n_enter, 0);
            summary_number(out, c[k].label, "leaving", (double)m->n_leave, 0);
        }
        if (matched) {
            summary_number(out, c[k].label, "new", (double)m->n_added, 0);
            summary_number(out, c[k].label, "dropped", (double)m->n_dropped, 0);
        }
        section_rows(out, &c[k], "enter", m->enter, m->n_enter, o->digits);
        section_rows(out, &c[k], "leave", m->leave, m->n_leave, o->digits);
        section_rows(out, &c[k], "mover", m->movers, m->n_movers, o->digits);
        section_rows(out, &c[k], "new", m->added, m->n_added, o->digits);
        section_rows(out, &c[k], "dropped", m->dropped, m->n_dropped, o->digits);
    }
    return check_written(out, err);
}
