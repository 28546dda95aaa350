/* report.c - see report.h. */
#include "clustereval/report.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/csvio.h"
#include "clustereval/table_writer.h"

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
    size_t n_cols = 6 + n_extra + 2 * n_dims + 2;
    ce_tw_column *cols = malloc(n_cols * sizeof *cols);
    char **rank_names = calloc(n_dims ? n_dims : 1, sizeof *rank_names);
    ce_tw *tw = NULL;
    ce_tw_sinks sinks = {.csv = out, .bom = o->bom, .csv_lang = CE_LANG_EN, .what = "report"};
    ce_status st = cols && rank_names ? ce_tw_open(&sinks, &tw, err) : ce_error_nomem(err);
    size_t c = 0;
    if (st == CE_OK) {
        static const ce_tw_column head[6] = {
            {"rank", CE_TW_INTEGER}, {"id", CE_TW_TEXT},    {"name", CE_TW_TEXT},
            {"score", CE_TW_NUMBER}, {"award", CE_TW_TEXT}, {"award_amount", CE_TW_NUMBER}};
        memcpy(cols, head, sizeof head);
        c = 6;
        for (size_t e = 0; e < n_extra; e++)
            cols[c++] = (ce_tw_column){extra[e].name, CE_TW_NUMBER};
        for (size_t d = 0; st == CE_OK && d < n_dims; d++) {
            const char *code = ce_profile_node(p, dims[d])->code;
            size_t len = strlen(code) + sizeof "_rank";
            if (!(rank_names[d] = malloc(len))) {
                st = ce_error_nomem(err);
                break;
            }
            snprintf(rank_names[d], len, "%s_rank", code);
            cols[c++] = (ce_tw_column){code, CE_TW_NUMBER};
            cols[c++] = (ce_tw_column){rank_names[d], CE_TW_INTEGER};
        }
        cols[c++] = (ce_tw_column){"coverage", CE_TW_NUMBER};
        cols[c++] = (ce_tw_column){"notes", CE_TW_TEXT};
    }
    if (st == CE_OK)
        st = ce_tw_header(tw, "ranking", n_cols, cols, err);
    for (size_t k = 0; st == CE_OK && k < r->rows; k++) {
        size_t i = r->order[k];
        if (r->rank[i])
            ce_tw_integer(tw, (long long)r->rank[i]);
        else
            ce_tw_empty(tw);
        ce_tw_text(tw, ce_table_id(t, i));
        ce_tw_text(tw, ce_table_name(t, i));
        ce_tw_number(tw, r->composite[i], o->digits);
        ce_tw_text(tw, award_text(r->award[i]));
        double amount = r->amount[i];
        ce_tw_number(tw, amount, amount == floor(amount) ? 0 : 2);
        for (size_t e = 0; e < n_extra; e++)
            ce_tw_number(tw, extra[e].values[i], extra[e].digits);
        for (size_t d = 0; d < n_dims; d++) {
            ce_tw_number(tw, r->nodes[i * r->n_nodes + dims[d]], o->digits);
            if (r->dim_rank[i * n_dims + d])
                ce_tw_integer(tw, (long long)r->dim_rank[i * n_dims + d]);
            else
                ce_tw_empty(tw);
        }
        ce_tw_number(tw, r->coverage[i], 4);
        ce_tw_text(tw, r->notes[i]);
        st = ce_tw_end_row(tw, CE_XLSX_PLAIN, err);
    }
    st = ce_tw_close(tw, st, err);
    for (size_t d = 0; rank_names && d < n_dims; d++)
        free(rank_names[d]);
    free(rank_names);
    free(cols);
    return st;
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
