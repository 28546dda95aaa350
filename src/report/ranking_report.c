/* ranking_report.c - the HTML report and the workbook of a ranking (ranking_report.h). */
#include "clustereval/ranking_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clustereval/aggregate.h"
#include "clustereval/html.h"
#include "clustereval/outfile.h"
#include "clustereval/report.h"
#include "clustereval/sha256.h"
#include "clustereval/table_writer.h"
#include "clustereval/xlsx.h"

#include "report_private.h"


#ifndef CE_VERSION
#define CE_VERSION "dev"
#endif

/* ---- the method section: what reproduces the run ---------------------------- */

#define N_METHOD 7

typedef struct {
    ce_html_pair pair[N_METHOD];
    char data[1024], profile[1024], date[32], version[64];
} method_text;

/* "path (sha256 ...)" or "path" when it cannot be read. The path as the
 * command line gives it: verify re-runs the recorded command line as it is,
 * in the recorded folder, so the report comes out the same. */
static void file_with_hash(const char *path, char *out, size_t size)
{
    char hex[65];
    long long bytes = 0;
    ce_error e = {{0}, 0, {0}};
    if (path && ce_sha256_file(path, hex, &bytes, &e) == CE_OK)
        snprintf(out, size, "%s (%lld bytes, SHA-256 %s)", path, bytes, hex);
    else
        snprintf(out, size, "%s", path ? path : "");
}

static void method_fill(method_text *m, const ce_profile *p, const ce_ranking_report_extras *x)
{
    file_with_hash(x->data_path, m->data, sizeof m->data);
    file_with_hash(ce_profile_path(p), m->profile, sizeof m->profile);
    /* the run's time (the manifest's "started"), never the clock's now */
    time_t when = (time_t)x->run_time;
    struct tm tm;
    if (gmtime_r(&when, &tm) == NULL ||
        strftime(m->date, sizeof m->date, "%Y-%m-%d %H:%M UTC", &tm) == 0)
        snprintf(m->date, sizeof m->date, "%lld", (long long)when);
    snprintf(m->version, sizeof m->version, "clustereval %s", CE_VERSION);
    int zh = x->lang == CE_LANG_ZH;
    m->pair[0] = (ce_html_pair){zh ? "数据文件" : "data", m->data};
    m->pair[1] = (ce_html_pair){zh ? "指标体系与权重" : "profile", m->profile};
    m->pair[2] = (ce_html_pair){zh ? "选项" : "options", x->options ? x->options : ""};
    m->pair[3] = (ce_html_pair){zh ? "软件版本" : "tool", m->version};
    m->pair[4] = (ce_html_pair){zh ? "生成时间" : "date", m->date};
    m->pair[5] = (ce_html_pair){zh ? "复现" : "reproduce",
                                zh ? "用同一数据文件、指标体系和选项运行 clustereval rank 即得相同排名"
                                   : "clustereval rank with the same data, profile and options "
                                     "gives the same ranking"};
    m->pair[6] = (ce_html_pair){zh ? "数据说明" : "note",
                                zh ? "得分按指标体系加权汇总; 排名并列时共享名次"
                                   : "scores aggregate the profile's weighted indicators; tied "
                                     "scores share a rank"};
}

/* ---- the HTML report ---------------------------------------------------------- */

typedef struct {
    ce_html_cluster *clusters;
    double *dim_score;
    long *dim_rank;
    const char **dim_codes, **dim_names, **w_codes, **w_names;
    double *weights;
} html_model;

static void model_free(html_model *m)
{
    free(m->clusters);
    free(m->dim_score);
    free(m->dim_rank);
    free(m->dim_codes);
    free(m->dim_names);
    free(m->w_codes);
    free(m->w_names);
    free(m->weights);
}

static ce_status model_build(html_model *m, const ce_result *r, const ce_table *t,
                             const ce_profile *p, const ce_ranking_report_extras *x,
                             ce_html_report *rep, ce_error *err)
{
    size_t n_dims, n_leaves, rows = r->rows;
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    const size_t *leaves = ce_profile_leaves(p, &n_leaves);
    m->clusters = calloc(rows ? rows : 1, sizeof *m->clusters);
    m->dim_score = calloc(rows * n_dims + 1, sizeof *m->dim_score);
    m->dim_rank = calloc(rows * n_dims + 1, sizeof *m->dim_rank);
    m->dim_codes = calloc(n_dims + 1, sizeof *m->dim_codes);
    m->dim_names = calloc(n_dims + 1, sizeof *m->dim_names);
    m->w_codes = calloc(n_leaves + 1, sizeof *m->w_codes);
    m->w_names = calloc(n_leaves + 1, sizeof *m->w_names);
    m->weights = calloc(n_leaves + 1, sizeof *m->weights);
    if (!m->clusters || !m->dim_score || !m->dim_rank || !m->dim_codes || !m->dim_names ||
        !m->w_codes || !m->w_names || !m->weights)
        return ce_error_nomem(err);
    for (size_t d = 0; d < n_dims; d++) {
        m->dim_codes[d] = ce_profile_node(p, dims[d])->code;
        m->dim_names[d] = ce_profile_node(p, dims[d])->name;
    }
    for (size_t l = 0; l < n_leaves; l++) {
        m->w_codes[l] = ce_profile_node(p, leaves[l])->code;
        m->w_names[l] = ce_profile_node(p, leaves[l])->name;
    }
    ce_status st = ce_aggregate_effective_weights(p, m->weights, err);
    if (st != CE_OK)
        return st;
    int has_cutoff = 0;
    double cutoff = INFINITY;
    for (size_t k = 0; k < rows; k++) {
        size_t i = r->order[k];
        ce_html_cluster *c = &m->clusters[k];
        double *ds = m->dim_score + k * n_dims;
        long *dr = m->dim_rank + k * n_dims;
        for (size_t d = 0; d < n_dims; d++) {
            ds[d] = r->nodes[i * r->n_nodes + dims[d]];
            dr[d] = (long)r->dim_rank[i * r->n_dims + d];
        }
        c->id = ce_table_id(t, i);
        c->name = ce_table_name(t, i);
        c->ranked = r->rank[i] > 0;
        c->rank = (long)r->rank[i];
        c->score = r->composite[i];
        c->award = r->award[i] == CE_AWARD_YES   ? CE_HTML_AWARD
                   : r->award[i] == CE_AWARD_TIE ? CE_HTML_TIE
                                                 : CE_HTML_NO;
        if (r->award[i] != CE_AWARD_NO && r->composite[i] < cutoff) {
            cutoff = r->composite[i];
            has_cutoff = 1;
        }
        c->dim_score = ds;
        c->dim_rank = dr;
        if (x->previous_rank) {
            c->has_previous = 1;
            c->previous_rank = isnan(x->previous_rank[i]) ? 0 : (long)x->previous_rank[i];
        }
        if (x->rank_p05) {
            c->has_interval = 1;
            c->rank_p05 = x->rank_p05[i];
            c->rank_median = x->rank_median[i];
            c->rank_p95 = x->rank_p95[i];
            c->p_award = x->p_award ? x->p_award[i] : NAN;
        }
    }
    *rep = (ce_html_report){
        .lang = x->lang,
        .title = x->title,
        .n_clusters = rows,
        .clusters = m->clusters,
        .n_dims = n_dims,
        .dim_codes = m->dim_codes,
        .dim_names = m->dim_names,
        .top = r->awards.awarded + r->awards.tied,
        .has_cutoff = has_cutoff,
        .cutoff = has_cutoff ? cutoff : 0,
        .previous_label = x->previous_label,
        .n_weights = n_leaves,
        .weight_codes = m->w_codes,
        .weight_names = m->w_names,
        .weights = m->weights,
    };
    return CE_OK;
}

ce_status ce_ranking_report_html(const char *path, const ce_result *r, const ce_table *t,
                            const ce_profile *p, const ce_pipeline_options *po,
                            const ce_ranking_report_extras *x, ce_error *err)
{
    html_model m;
    memset(&m, 0, sizeof m);
    ce_html_report rep;
    method_text mt;
    ce_status st = model_build(&m, r, t, p, x, &rep, err);
    if (po)
        rep.top = po->top;
    if (st == CE_OK) {
        method_fill(&mt, p, x);
        rep.n_method = N_METHOD;
        rep.method = mt.pair;
    }
    ce_outfile of;
    if (st == CE_OK)
        st = ce_outfile_open(&of, path, err);
    if (st == CE_OK) {
        st = ce_html_write(of.fp, &rep, err);
        if (st == CE_OK)
            st = ce_outfile_commit(&of, err);
        else
            ce_outfile_abort(&of);
    }
    model_free(&m);
    if (st != CE_OK)
        ce_error_set_file(err, path, 0);
    return st;
}

/* ---- the workbook ------------------------------------------------------------- */

/* Sheets "weights" (each indicator's effective weight) and "method" (what
 * reproduces the run). */
static ce_status method_sheets(ce_tw *tw, const ce_profile *p, const ce_ranking_report_extras *e,
                               ce_error *err)
{
    int zh = e->lang == CE_LANG_ZH;
    static const ce_tw_column wcols[4] = {{"code", CE_TW_TEXT},
                                          {"name", CE_TW_TEXT},
                                          {"effective_weight", CE_TW_SHARE},
                                          {"unit", CE_TW_TEXT}};
    const char *const wtitles[4] = {zh ? "指标代码" : "code", zh ? "指标名称" : "name",
                                    zh ? "有效权重" : "effective_weight", zh ? "单位" : "unit"};
    size_t n_leaves;
    const size_t *leaves = ce_profile_leaves(p, &n_leaves);
    double *w = calloc(n_leaves + 1, sizeof *w);
    if (!w)
        return ce_error_nomem(err);
    ce_status st = ce_aggregate_effective_weights(p, w, err);
    if (st == CE_OK)
        st = ce_tw_header_titled(tw, zh ? "权重" : "weights", 4, wcols, wtitles, err);
    for (size_t l = 0; st == CE_OK && l < n_leaves; l++) {
        const ce_node *node = ce_profile_node(p, leaves[l]);
        ce_tw_text(tw, node->code);
        ce_tw_text(tw, node->name);
        ce_tw_number(tw, w[l], 6);
        ce_tw_text(tw, node->unit);
        st = ce_tw_end_row(tw, CE_XLSX_PLAIN, err);
    }
    free(w);
    method_text mt;
    method_fill(&mt, p, e);
    static const ce_tw_column mcols[2] = {{"item", CE_TW_TEXT}, {"value", CE_TW_TEXT}};
    const char *const mtitles[2] = {zh ? "项目" : "item", zh ? "内容" : "value"};
    if (st == CE_OK)
        st = ce_tw_header_titled(tw, zh ? "方法与来源" : "method", 2, mcols, mtitles, err);
    for (size_t k = 0; st == CE_OK && k < N_METHOD; k++) {
        ce_tw_text(tw, mt.pair[k].key);
        ce_tw_text(tw, mt.pair[k].value);
        st = ce_tw_end_row(tw, CE_XLSX_PLAIN, err);
    }
    return st;
}

ce_status ce_ranking_report_xlsx(const char *path, const ce_result *r, const ce_table *t,
                                    const ce_profile *p, const ce_pipeline_options *po,
                                    const ce_ranking_report_extras *x, ce_error *err)
{
    (void)po;
    ce_xlsx *book = NULL;
    ce_tw *tw = NULL;
    ce_status st = ce_xlsx_open(path, x->run_time, &book, err);
    ce_tw_sinks sinks = {.xlsx = book, .xlsx_lang = x->lang};
    if (st == CE_OK)
        st = ce_tw_open(&sinks, &tw, err);
    if (st == CE_OK)
        st = ce_report_ranking_table(tw, x->lang == CE_LANG_ZH ? "排名" : "ranking", r, t, p,
                                     x->lang, x->digits, NULL, 0, err);
    if (st == CE_OK)
        st = method_sheets(tw, p, x, err);
    st = ce_tw_close(tw, st, err);
    if (st == CE_OK)
        st = ce_xlsx_close(book, err);
    else
        ce_xlsx_abort(book);
    return st;
}
