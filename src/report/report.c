/* report.c - see report.h. */
#include "clustereval/report.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/csvio.h"
#include "clustereval/table_writer.h"

#include "report_private.h"

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

ce_status ce_report_flush_check(FILE *out, const char *what, ce_error *err)
{
    int before = errno;
    errno = 0;
    if (fflush(out) == 0 && !ferror(out))
        return CE_OK;
    int e = errno ? errno : before;
    return ce_error_set(err, CE_ERR_IO, NULL, 0, "cannot write the %s: %s", what,
                        e ? strerror(e) : "write error");
}

static const char *award_text(ce_award a)
{
    return a == CE_AWARD_YES ? "yes" : a == CE_AWARD_TIE ? "tie" : "no";
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
    ce_tw *tw = NULL;
    ce_tw_sinks sinks = {.csv = out, .bom = o->bom, .csv_lang = CE_LANG_EN, .what = "report"};
    ce_status st = ce_tw_open(&sinks, &tw, err);
    if (st == CE_OK)
        st = ce_report_ranking_table(tw, "ranking", r, t, p, CE_LANG_EN, o->digits, extra,
                                     n_extra, err);
    return ce_tw_close(tw, st, err);
}

ce_status ce_report_ranking_table(ce_tw *tw, const char *sheet, const ce_result *r,
                                  const ce_table *t, const ce_profile *p, ce_lang lang,
                                  int digits, const ce_report_column *extra, size_t n_extra,
                                  ce_error *err)
{
    int zh = lang == CE_LANG_ZH;
    size_t n_dims;
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    size_t n_cols = 6 + n_extra + 2 * n_dims + 2;
    ce_tw_column *cols = malloc(n_cols * sizeof *cols);
    const char **titles = calloc(n_cols, sizeof *titles); /* NULL: the label */
    char **rank_titles = calloc(n_dims ? n_dims : 1, sizeof *rank_titles);
    ce_status st = cols && titles && rank_titles ? CE_OK : ce_error_nomem(err);
    size_t c = 0;
    if (st == CE_OK) {
        static const ce_tw_column head[6] = {
            {"rank", CE_TW_INTEGER}, {"id", CE_TW_TEXT},    {"name", CE_TW_TEXT},
            {"score", CE_TW_SCORE},  {"award", CE_TW_TEXT}, {"award_amount", CE_TW_MONEY}};
        memcpy(cols, head, sizeof head);
        c = 6;
        for (size_t e = 0; e < n_extra; e++)
            cols[c++] = (ce_tw_column){extra[e].name, CE_TW_NUMBER};
        for (size_t d = 0; st == CE_OK && d < n_dims; d++) {
            const ce_node *node = ce_profile_node(p, dims[d]);
            const char *name = zh && node->name[0] ? node->name : node->code;
            size_t len = strlen(name) + sizeof "排名";
            if (!(rank_titles[d] = malloc(len))) {
                st = ce_error_nomem(err);
                break;
            }
            snprintf(rank_titles[d], len, "%s%s", name, zh ? "排名" : "_rank");
            titles[c] = name;
            cols[c++] = (ce_tw_column){node->code, CE_TW_SCORE};
            titles[c] = rank_titles[d];
            cols[c++] = (ce_tw_column){node->code, CE_TW_INTEGER};
        }
        cols[c++] = (ce_tw_column){"coverage", CE_TW_SHARE};
        cols[c++] = (ce_tw_column){"notes", CE_TW_TEXT};
    }
    if (st == CE_OK)
        st = ce_tw_header_titled(tw, sheet, n_cols, cols, titles, err);
    for (size_t k = 0; st == CE_OK && k < r->rows; k++) {
        size_t i = r->order[k];
        if (r->rank[i])
            ce_tw_integer(tw, (long long)r->rank[i]);
        else
            ce_tw_empty(tw);
        ce_tw_text(tw, ce_table_id(t, i));
        ce_tw_text(tw, ce_table_name(t, i));
        ce_tw_number(tw, r->composite[i], digits);
        ce_tw_text(tw, ce_label(award_text(r->award[i]), lang));
        double amount = r->amount[i];
        ce_tw_number(tw, amount, amount == floor(amount) ? 0 : 2);
        for (size_t e = 0; e < n_extra; e++)
            ce_tw_number(tw, extra[e].values[i], extra[e].digits);
        for (size_t d = 0; d < n_dims; d++) {
            ce_tw_number(tw, r->nodes[i * r->n_nodes + dims[d]], digits);
            if (r->dim_rank[i * r->n_dims + d])
                ce_tw_integer(tw, (long long)r->dim_rank[i * r->n_dims + d]);
            else
                ce_tw_empty(tw);
        }
        ce_tw_number(tw, r->coverage[i], 4);
        ce_tw_text(tw, r->notes[i]);
        st = ce_tw_end_row(tw,
                           r->award[i] == CE_AWARD_YES   ? CE_XLSX_AWARD
                           : r->award[i] == CE_AWARD_TIE ? CE_XLSX_TIE
                                                         : CE_XLSX_PLAIN,
                           err);
    }
    for (size_t d = 0; rank_titles && d < n_dims; d++)
        free(rank_titles[d]);
    free(rank_titles);
    free(titles);
    free(cols);
    return st;
}

/* ---- the comparison CSV ---- */

static const ce_tw_column comparison_cols[] = {
    {"comparison", CE_TW_TEXT},  {"section", CE_TW_TEXT},    {"statistic", CE_TW_TEXT},
    {"value", CE_TW_NUMBER},     {"id", CE_TW_TEXT},         {"name", CE_TW_TEXT},
    {"rank", CE_TW_INTEGER},     {"other_rank", CE_TW_INTEGER}, {"change", CE_TW_INTEGER},
    {"award", CE_TW_TEXT},       {"other_award", CE_TW_TEXT}, {"score", CE_TW_NUMBER},
    {"other_score", CE_TW_NUMBER}};
#define N_COMPARISON_COLS (sizeof comparison_cols / sizeof *comparison_cols)

/* One summary row: a statistic and its value, text (formula-guarded) or a
 * number (written as it is: "-0.5" is no formula). */
static ce_status summary_row(ce_tw *tw, const char *label, const char *statistic,
                             const char *text, double v, int digits, ce_error *err)
{
    ce_tw_text(tw, label);
    ce_tw_text(tw, "summary");
    ce_tw_text(tw, statistic);
    if (text)
        ce_tw_text(tw, text);
    else
        ce_tw_number(tw, v, digits);
    for (size_t c = 4; c < N_COMPARISON_COLS; c++)
        ce_tw_empty(tw);
    return ce_tw_end_row(tw, CE_XLSX_PLAIN, err);
}

static ce_status summary_number(ce_tw *tw, const char *label, const char *statistic, double v,
                                int digits, ce_error *err)
{
    return summary_row(tw, label, statistic, NULL, v, digits, err);
}

/* The award cell of side b or a: empty when the cluster is absent there or
 * that side has no award column. */
static const char *award_cell(const ce_award *award, const unsigned char *in, size_t i)
{
    if (!award || (in && !in[i]))
        return "";
    return award_text(award[i]);
}

static ce_status cluster_row(ce_tw *tw, const ce_report_comparison *c, const char *section,
                             size_t i, int digits, ce_error *err)
{
    const ce_compare_input *in = c->in;
    int pa = !in->in_a || in->in_a[i], pb = !in->in_b || in->in_b[i];
    double ra = pa ? in->rank_a[i] : NAN, rb = pb ? in->rank_b[i] : NAN;
    ce_tw_text(tw, c->label);
    ce_tw_text(tw, section);
    ce_tw_empty(tw);
    ce_tw_empty(tw);
    ce_tw_text(tw, in->id[i]);
    ce_tw_text(tw, c->name[i]);
    ce_tw_number(tw, ra, 0);
    ce_tw_number(tw, rb, 0);
    ce_tw_number(tw, rb - ra, 0); /* NaN (empty) when either is unranked */
    ce_tw_text(tw, award_cell(in->award_a, in->in_a, i));
    ce_tw_text(tw, award_cell(in->award_b, in->in_b, i));
    ce_tw_number(tw, pa ? c->score_a[i] : NAN, digits);
    ce_tw_number(tw, pb && c->score_b ? c->score_b[i] : NAN, digits);
    return ce_tw_end_row(tw, CE_XLSX_PLAIN, err);
}

static ce_status section_rows(ce_tw *tw, const ce_report_comparison *c, const char *section,
                              const size_t *list, size_t n, int digits, ce_error *err)
{
    ce_status st = CE_OK;
    for (size_t k = 0; st == CE_OK && k < n; k++)
        st = cluster_row(tw, c, section, list[k], digits, err);
    return st;
}

ce_status ce_report_comparison_csv(FILE *out, const ce_report_comparison *c, size_t n,
                                   const ce_report_options *o, ce_error *err)
{
    ce_tw *tw = NULL;
    ce_tw_sinks sinks = {.csv = out, .bom = o->bom, .csv_lang = CE_LANG_EN, .what = "report"};
    ce_status st = ce_tw_open(&sinks, &tw, err);
    if (st == CE_OK)
        st = ce_tw_header(tw, "comparison", N_COMPARISON_COLS, comparison_cols, err);
    for (size_t k = 0; st == CE_OK && k < n; k++) {
        const ce_comparison *m = c[k].cmp;
        const char *l = c[k].label;
        int matched = c[k].in->in_a || c[k].in->in_b;
        st = summary_row(tw, l, "against", c[k].against, 0, 0, err);
        if (st == CE_OK)
            st = summary_number(tw, l, "clusters_both", (double)m->n_both, 0, err);
        if (st == CE_OK)
            st = summary_number(tw, l, "ranked_both", (double)m->pairs, 0, err);
        if (st == CE_OK)
            st = summary_number(tw, l, "spearman_rho", m->rho, 6, err);
        if (st == CE_OK)
            st = summary_number(tw, l, "kendall_tau_b", m->tau_b, 6, err);
        if (st == CE_OK)
            st = summary_number(tw, l, "moved", (double)m->n_moved, 0, err);
        if (st == CE_OK)
            st = summary_number(tw, l, "max_abs_change", m->max_change, 0, err);
        if (st == CE_OK && m->awards_known) {
            st = summary_number(tw, l, "entering", (double)m->n_enter, 0, err);
            if (st == CE_OK)
                st = summary_number(tw, l, "leaving", (double)m->n_leave, 0, err);
        }
        if (st == CE_OK && matched) {
            st = summary_number(tw, l, "new", (double)m->n_added, 0, err);
            if (st == CE_OK)
                st = summary_number(tw, l, "dropped", (double)m->n_dropped, 0, err);
        }
        if (st == CE_OK)
            st = section_rows(tw, &c[k], "enter", m->enter, m->n_enter, o->digits, err);
        if (st == CE_OK)
            st = section_rows(tw, &c[k], "leave", m->leave, m->n_leave, o->digits, err);
        if (st == CE_OK)
            st = section_rows(tw, &c[k], "mover", m->movers, m->n_movers, o->digits, err);
        if (st == CE_OK)
            st = section_rows(tw, &c[k], "new", m->added, m->n_added, o->digits, err);
        if (st == CE_OK)
            st = section_rows(tw, &c[k], "dropped", m->dropped, m->n_dropped, o->digits, err);
    }
    return ce_tw_close(tw, st, err);
}
