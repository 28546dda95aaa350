/* html.c - see html.h.
 *
 * Numbers go through ce_report_format_number (fixed decimals, no "-0.00");
 * SVG coordinates through svg_num (at most 2 decimals, trailing zeros cut).
 * Nothing depends on the clock or the locale, so the bytes depend on the
 * model only.
 */
#include "clustereval/html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/report.h"

#include "report_private.h"

#define MISSING "\xE2\x80\x94" /* the em dash "—" of every missing value */

static const double pi = 3.14159265358979323846;

/* ---- the two languages ---- */

typedef struct {
    const char *lang_attr, *default_title;
    const char *h_ranking, *h_scores, *h_profiles, *h_profiles_few, *h_heatmap, *h_changes,
        *h_uncertainty, *h_method, *h_weights, *h_provenance;
    const char *col_rank, *col_id, *col_name, *col_score, *col_award;
    const char *yes, *tie, *other;
    const char *cutoff, *previous, *current;
    const char *w_code, *w_name, *w_weight, *w_total, *m_key, *m_value;
    const char *heat_best, *heat_last, *heat_missing;
    const char *interval_head, *paward_head, *interval_note;
    const char *no_ranked, *no_winners, *no_both, *newly, *dropped;
    const char *sort_hint;
} lang_text;

static const lang_text zh_text = {
    .lang_attr = "zh-CN",
    .default_title = "中小企业特色产业集群综合评价报告",
    .h_ranking = "综合排名",
    .h_scores = "综合得分",
    .h_profiles = "获奖集群六维画像",
    .h_profiles_few = "获奖集群维度画像",
    .h_heatmap = "维度排名热力图",
    .h_changes = "排名变化",
    .h_uncertainty = "排名不确定性",
    .h_method = "方法与可复现信息",
    .h_weights = "指标有效权重",
    .h_provenance = "参数与输入",
    .col_rank = "排名",
    .col_id = "编号",
    .col_name = "名称",
    .col_score = "综合得分",
    .col_award = "获奖",
    .yes = "获奖",
    .tie = "并列",
    .other = "未获奖",
    .cutoff = "获奖线",
    .previous = "上期",
    .current = "本期",
    .w_code = "代码",
    .w_name = "指标",
    .w_weight = "有效权重",
    .w_total = "合计",
    .m_key = "项目",
    .m_value = "内容",
    .heat_best = "第 1 名（深）",
    .heat_last = "末位（浅）",
    .heat_missing = "缺失",
    .interval_head = "排名区间（5%–95% 分位）",
    .paward_head = "P(获奖)",
    .interval_note = "线段：抽样中 5%–95% 分位的排名；竖线：中位数；圆点：名义排名；"
                     "虚线：获奖名额边界。P(获奖)：获奖的抽样比例（并列不计为获奖）。",
    .no_ranked = "没有参与排名的集群。",
    .no_winners = "没有获奖集群。",
    .no_both = "没有两期都参与排名的集群。",
    .newly = "新进入排名：",
    .dropped = "本期未排名（上期有排名）：",
    .sort_hint = "点击表头可排序。",
};

static const lang_text en_text = {
    .lang_attr = "en",
    .default_title = "SME industrial cluster evaluation",
    .h_ranking = "Ranking",
    .h_scores = "Composite scores",
    .h_profiles = "Profiles of the award winners",
    .h_profiles_few = "Profiles of the award winners",
    .h_heatmap = "Dimension ranks",
    .h_changes = "Rank changes",
    .h_uncertainty = "Rank uncertainty",
    .h_method = "Method and provenance",
    .h_weights = "Effective indicator weights",
    .h_provenance = "Parameters and inputs",
    .col_rank = "Rank",
    .col_id = "ID",
    .col_name = "Name",
    .col_score = "Score",
    .col_award = "Award",
    .yes = "yes",
    .tie = "tie",
    .other = "no award",
    .cutoff = "award cut-off",
    .previous = "previous",
    .current = "current",
    .w_code = "Code",
    .w_name = "Indicator",
    .w_weight = "Effective weight",
    .w_total = "Total",
    .m_key = "Item",
    .m_value = "Value",
    .heat_best = "rank 1 (dark)",
    .heat_last = "last (light)",
    .heat_missing = "missing",
    .interval_head = "Rank over the draws (5th-95th percentile)",
    .paward_head = "P(award)",
    .interval_note = "Line: 5th to 95th percentile of the rank over the draws; tick: median; "
                     "dot: nominal rank; dashed line: the last award place. P(award): share "
                     "of the draws with an award (a tie counts as no award).",
    .no_ranked = "No cluster is ranked.",
    .no_winners = "No award winners.",
    .no_both = "No cluster is ranked in both.",
    .newly = "Newly ranked: ",
    .dropped = "Not ranked now (ranked before): ",
    .sort_hint = "Click a column header to sort.",
};

/* ---- colours ---- */

#define C_AWARD "#d9822b"
#define C_TIE "#4a78c2"
#define C_OTHER "#a3adb8"
#define C_UP "#2e7d32"
#define C_DOWN "#c62828"
#define C_SAME "#9e9e9e"
#define C_GRID "#e0e0e0"
#define C_AXIS "#888888"

/* ---- text ---- */

static const char *str(const char *s)
{
    return s ? s : "";
}

/* Writes len bytes of s escaped for HTML text and attribute values; control
 * bytes but tab and newline become spaces. */
static void put_esc_n(FILE *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default:
            putc((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F ? ' ' : (int)c, out);
        }
    }
}

static void put_esc(FILE *out, const char *s)
{
    s = str(s);
    put_esc_n(out, s, strlen(s));
}

/* Display width in units of a Latin letter: a character of 3 or more UTF-8
 * bytes (CJK) counts 2. */
static size_t char_units(unsigned char lead)
{
    return lead >= 0xE0 ? 2 : 1;
}

/* Writes s escaped, cut with "…" so that it takes at most max_units (for
 * labels in SVG, which does not wrap). */
static void put_label(FILE *out, const char *s, size_t max_units)
{
    s = str(s);
    size_t len = strlen(s), units = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            units += char_units((unsigned char)s[i]);
    if (units <= max_units) {
        put_esc_n(out, s, len);
        return;
    }
    size_t cut = 0;
    units = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) == 0x80)
            continue;
        if (units + char_units(c) + 1 > max_units)
            break;
        units += char_units(c);
        cut = i + 1;
        while (cut < len && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut++;
    }
    put_esc_n(out, s, cut);
    fputs("\xE2\x80\xA6", out);
}

/* The name of a cluster, or its id when it has none. */
static const char *cluster_label(const ce_html_cluster *c)
{
    return c->name && c->name[0] ? c->name : str(c->id);
}

static const char *dim_label(const ce_html_report *r, size_t d)
{
    const char *name = r->dim_names ? r->dim_names[d] : NULL;
    if (name && name[0])
        return name;
    return r->dim_codes ? str(r->dim_codes[d]) : "";
}

/* ---- numbers ---- */

/* v with `digits` decimals, or "—" when it is not finite. */
static const char *fmt_fixed(char *buf, size_t size, double v, int digits)
{
    if (!isfinite(v))
        return MISSING;
    ce_report_format_number(v, digits, buf, size);
    return buf;
}

/* v with at most 2 decimals and no trailing zeros ("12.5", "12", "0");
 * a value that is not finite prints as 0 (coordinates never are). */
static const char *svg_fmt(char *buf, size_t size, double v)
{
    ce_report_format_number(isfinite(v) ? v : 0, 2, buf, size);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf);
        while (end > dot + 1 && end[-1] == '0')
            *--end = '\0';
        if (end == dot + 1)
            *dot = '\0';
    }
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    return buf;
}

static void svg_num(FILE *out, double v)
{
    char buf[64];
    fputs(svg_fmt(buf, sizeof buf, v), out);
}


/* Writes ` name="v"`. */
static void attr(FILE *out, const char *name, double v)
{
    fprintf(out, " %s=\"", name);
    svg_num(out, v);
    putc('"', out);
}

/* Opens an <svg> chart of the class with its size, view box and label. */
static void svg_open(FILE *out, const char *cls, double width, double height, const char *label)
{
    fprintf(out, "<svg class=\"%s\" xmlns=\"http://www.w3.org/2000/svg\"", cls);
    attr(out, "width", width);
    attr(out, "height", height);
    fputs(" viewBox=\"0 0 ", out);
    svg_num(out, width);
    putc(' ', out);
    svg_num(out, height);
    fprintf(out, "\" role=\"img\" aria-label=\"%s\">\n", label);
}

static void put_fixed(FILE *out, double v, int digits)
{
    char buf[64];
    fputs(fmt_fixed(buf, sizeof buf, v, digits), out);
}

/* A percent with `digits` decimals of a fraction: "25.00%", or "—". */
static void put_percent(FILE *out, double fraction, int digits)
{
    put_fixed(out, fraction * 100, digits);
    if (isfinite(fraction))
        putc('%', out);
}

static double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* An axis over [lo, hi] with about `target` steps of 1, 2, 2.5 or 5 times a
 * power of ten. */
typedef struct {
    double lo, hi, step;
    int n;
} axis;

static axis nice_axis(double lo, double hi, int target)
{
    if (!(hi > lo))
        hi = lo + 1;
    double raw = (hi - lo) / target, mag = pow(10, floor(log10(raw))), f = raw / mag;
    axis a;
    a.step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
    a.lo = floor(lo / a.step + 1e-9) * a.step;
    a.hi = ceil(hi / a.step - 1e-9) * a.step;
    a.n = (int)lround((a.hi - a.lo) / a.step);
    if (a.n < 1) {
        a.n = 1;
        a.hi = a.lo + a.step;
    }
    return a;
}

/* ---- the page ---- */

static const char *const page_css[] = {
    ("body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\","
     "\"PingFang SC\",sans-serif;color:#222;background:#fff;margin:0 auto;max-width:1280px;"
     "padding:16px 24px;line-height:1.5}"),
    "h1{font-size:24px;margin:8px 0}",
    "h2{font-size:19px;margin:32px 0 8px;padding-bottom:4px;border-bottom:2px solid #ccc}",
    "h3{font-size:15px;margin:16px 0 6px}",
    "nav a{margin-right:14px}",
    "table{border-collapse:collapse;font-size:13px;margin:6px 0}",
    "th,td{border:1px solid #d0d0d0;padding:3px 8px;text-align:left}",
    "th{background:#f2f2f2}",
    "#ranking-table th{cursor:pointer}",
    "#ranking-table th[data-dir=a]::after{content:\" \\25B2\"}",
    "#ranking-table th[data-dir=d]::after{content:\" \\25BC\"}",
    "td.num{text-align:right;font-variant-numeric:tabular-nums}",
    "tr.award td{background:#fde3c2}",
    "tr.tie td{background:#d8e5fa}",
    "tr.unranked td{color:#777}",
    ".heat td.h{text-align:center;min-width:52px}",
    ".sw{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:-1px;"
    "border:1px solid #999}",
    ".note{color:#555;font-size:13px}",
    "svg{display:block;max-width:100%;height:auto;margin:6px 0}",
    "svg text{font-size:12px;fill:#333}",
    ".radars{display:flex;flex-wrap:wrap;gap:12px}",
    "figure.profile{margin:0;padding:6px;border:1px solid #ddd;width:380px}",
    "figure.profile svg{margin:0 auto}",
    "figure.profile figcaption{font-size:13px;text-align:center}",
    "table.method td:first-child{white-space:nowrap}",
    "table.method td{word-break:break-all}",
    "@media print{figure,svg{break-inside:avoid}}",
};

/* Sorts the ranked table by the clicked column: numbers (data-v) before
 * text, missing values last in either direction, output order on ties. It
 * avoids the words that the tests look for (no missing-value literals). */
static const char *const page_script[] = {
    "(function(){var t=document.getElementById(\"ranking-table\");if(!t)return;",
    "var h=t.tHead.rows[0].cells;",
    "function key(r,c){var e=r.cells[c];",
    "return e.hasAttribute(\"data-v\")?+e.getAttribute(\"data-v\"):e.textContent;}",
    "[].forEach.call(h,function(th,c){th.addEventListener(\"click\",function(){",
    "var b=t.tBodies[0],rs=[].slice.call(b.rows),",
    "d=th.getAttribute(\"data-dir\")===\"a\"?-1:1;",
    "[].forEach.call(h,function(x){x.removeAttribute(\"data-dir\");});",
    "th.setAttribute(\"data-dir\",d>0?\"a\":\"d\");",
    "rs.sort(function(x,y){var a=key(x,c),v=key(y,c),",
    "na=typeof a===\"number\",nv=typeof v===\"number\";",
    "if(na!==nv)return na?-1:1;",
    "return d*(na?a-v:a.localeCompare(v))||",
    "x.getAttribute(\"data-i\")-y.getAttribute(\"data-i\");});",
    "rs.forEach(function(r){b.appendChild(r);});});});})();",
};

typedef struct {
    size_t ranked, unranked, winners, tied;
    int any_previous, any_interval;
} model_counts;

static model_counts count_model(const ce_html_report *r)
{
    model_counts m = {0, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < r->n_clusters; i++) {
        const ce_html_cluster *c = &r->clusters[i];
        if (c->ranked)
            m.ranked++;
        else
            m.unranked++;
        m.winners += c->award == CE_HTML_AWARD;
        m.tied += c->award == CE_HTML_TIE;
        m.any_previous |= c->has_previous != 0;
        m.any_interval |= c->has_interval != 0;
    }
    return m;
}

static void write_head(FILE *out, const ce_html_report *r, const lang_text *L,
                       const model_counts *m)
{
    const char *title = r->title && r->title[0] ? r->title : L->default_title;
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
            L->lang_attr);
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"clustereval\">\n<title>",
          out);
    put_esc(out, title);
    fputs("</title>\n<style>\n", out);
    for (size_t i = 0; i < sizeof page_css / sizeof page_css[0]; i++) {
        fputs(page_css[i], out);
        putc('\n', out);
    }
    fputs("</style>\n</head>\n<body>\n<header>\n<h1>", out);
    put_esc(out, title);
    fputs("</h1>\n<p class=\"summary\">", out);
    if (r->lang == CE_LANG_EN)
        fprintf(out,
                "%zu clusters: %zu ranked, %zu unranked. %zu award places: %zu awarded, "
                "%zu tied at the last place.",
                r->n_clusters, m->ranked, m->unranked, r->top, m->winners, m->tied);
    else
        fprintf(out,
                "共 %zu 个集群：%zu 个参与排名，%zu 个未排名。获奖名额 %zu 个：获奖 %zu 个，"
                "末位并列 %zu 个。",
                r->n_clusters, m->ranked, m->unranked, r->top, m->winners, m->tied);
    if (r->has_cutoff && isfinite(r->cutoff)) {
        fputs(r->lang == CE_LANG_EN ? " Award cut-off: " : "获奖线：", out);
        put_fixed(out, r->cutoff, 2);
        fputs(r->lang == CE_LANG_EN ? "." : " 分。", out);
    }
    fputs("</p>\n<nav>", out);
    const char *ids[] = {"ranking", "scores", "profiles", "heatmap",
                         "changes", "uncertainty", "method"};
    const char *names[] = {L->h_ranking, L->h_scores,
                           r->n_dims == 6 ? L->h_profiles : L->h_profiles_few,
                           L->h_heatmap, L->h_changes, L->h_uncertainty, L->h_method};
    for (size_t i = 0; i < 7; i++) {
        if ((i == 4 && !m->any_previous) || (i == 5 && !m->any_interval))
            continue;
        fprintf(out, "<a href=\"#%s\">%s</a>", ids[i], names[i]);
    }
    fputs("</nav>\n</header>\n", out);
}

static void section_start(FILE *out, const char *id, const char *heading)
{
    fprintf(out, "<section id=\"%s\">\n<h2>%s</h2>\n", id, heading);
}

static const char *award_text(const lang_text *L, ce_html_award a)
{
    return a == CE_HTML_AWARD ? L->yes : a == CE_HTML_TIE ? L->tie : MISSING;
}

static const char *award_fill(ce_html_award a)
{
    return a == CE_HTML_AWARD ? C_AWARD : a == CE_HTML_TIE ? C_TIE : C_OTHER;
}

static double dim_score(const ce_html_cluster *c, size_t d)
{
    return c->dim_score ? c->dim_score[d] : NAN;
}

static long dim_rank(const ce_html_cluster *c, size_t d)
{
    return c->dim_rank ? c->dim_rank[d] : 0;
}

/* The id cell and the name cell ("—" when the name is empty). */
static void id_name_cells(FILE *out, const ce_html_cluster *c)
{
    fputs("<td>", out);
    put_esc(out, c->id);
    fputs("</td><td>", out);
    if (c->name && c->name[0])
        put_esc(out, c->name);
    else
        fputs(MISSING, out);
    fputs("</td>", out);
}

/* A number cell: data-v for the sorting script, "—" (and no data-v) when missing. */
static void num_cell(FILE *out, double v, int digits)
{
    char buf[64];
    if (isfinite(v)) {
        fprintf(out, "<td class=\"num\" data-v=\"%s\">", fmt_fixed(buf, sizeof buf, v, digits));
        fputs(buf, out);
        fputs("</td>", out);
    } else {
        fputs("<td class=\"num\">" MISSING "</td>", out);
    }
}

static void write_legend(FILE *out, const lang_text *L)
{
    fprintf(out,
            "<p class=\"note\"><span class=\"sw\" style=\"background:%s\"></span>%s"
            "<span class=\"sw\" style=\"background:%s\"></span>%s"
            "<span class=\"sw\" style=\"background:%s\"></span>%s</p>\n",
            C_AWARD, L->yes, C_TIE, L->tie, C_OTHER, L->other);
}

static void write_ranking(FILE *out, const ce_html_report *r, const lang_text *L)
{
    section_start(out, "ranking", L->h_ranking);
    fprintf(out,
            "<table id=\"ranking-table\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th>"
            "<th>%s</th><th>%s</th>",
            L->col_rank, L->col_id, L->col_name, L->col_score, L->col_award);
    for (size_t d = 0; d < r->n_dims; d++) {
        fputs("<th title=\"", out);
        put_esc(out, r->dim_codes ? r->dim_codes[d] : "");
        fputs("\">", out);
        put_esc(out, dim_label(r, d));
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    for (size_t i = 0; i < r->n_clusters; i++) {
        const ce_html_cluster *c = &r->clusters[i];
        const char *cls = !c->ranked ? "unranked"
                          : c->award == CE_HTML_AWARD ? "award"
                          : c->award == CE_HTML_TIE   ? "tie"
                                                      : NULL;
        fputs("<tr", out);
        if (cls)
            fprintf(out, " class=\"%s\"", cls);
        fputs(" data-id=\"", out);
        put_esc(out, c->id);
        fprintf(out, "\" data-i=\"%zu\">", i);
        if (c->ranked && c->rank > 0)
            fprintf(out, "<td class=\"num\" data-v=\"%ld\">%ld</td>", c->rank, c->rank);
        else
            fputs("<td class=\"num\">" MISSING "</td>", out);
        id_name_cells(out, c);
        num_cell(out, c->ranked ? c->score : NAN, 2);
        fprintf(out, "<td data-v=\"%d\">%s</td>",
                !c->ranked ? 3 : c->award == CE_HTML_AWARD ? 0 : c->award == CE_HTML_TIE ? 1 : 2,
                c->ranked ? award_text(L, c->award) : MISSING);
        for (size_t d = 0; d < r->n_dims; d++)
            num_cell(out, dim_score(c, d), 2);
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
    write_legend(out, L);
    fprintf(out, "<p class=\"note\">%s</p>\n</section>\n", L->sort_hint);
}

/* Horizontal bars of the composite scores of the ranked clusters, the
 * award cut-off as a dashed line. */
static void write_scores(FILE *out, const ce_html_report *r, const lang_text *L,
                         const model_counts *m)
{
    section_start(out, "scores", L->h_scores);
    if (m->ranked == 0) {
        fprintf(out, "<p class=\"note\">%s</p>\n</section>\n", L->no_ranked);
        return;
    }
    int cut = r->has_cutoff && isfinite(r->cutoff);
    double lo = 0, hi = 0;
    for (size_t i = 0; i < r->n_clusters; i++) {
        const ce_html_cluster *c = &r->clusters[i];
        if (c->ranked && isfinite(c->score)) {
            lo = fmin(lo, c->score);
            hi = fmax(hi, c->score);
        }
    }
    if (cut) {
        lo = fmin(lo, r->cutoff);
        hi = fmax(hi, r->cutoff);
    }
    axis a = nice_axis(lo, hi, 5);
    const double width = 960, x0 = 310, x1 = 880, top = 32, row = 22, bar = 15;
    double bottom = top + (double)m->ranked * row, height = bottom + 34;
#define X(v) (x0 + ((v) - a.lo) / (a.hi - a.lo) * (x1 - x0))
    svg_open(out, "scores", width, height, L->h_scores);
    for (int k = 0; k <= a.n; k++) {
        double v = a.lo + k * a.step, x = X(v);
        fputs("<line class=\"grid\"", out);
        attr(out, "x1", x);
        attr(out, "y1", top - 4);
        attr(out, "x2", x);
        attr(out, "y2", bottom);
        fputs(" stroke=\"" C_GRID "\"/><text class=\"tick\"", out);
        attr(out, "x", x);
        attr(out, "y", bottom + 18);
        fputs(" text-anchor=\"middle\">", out);
        svg_num(out, v);
        fputs("</text>\n", out);
    }
    fputs("<line class=\"axis\"", out);
    attr(out, "x1", x0);
    attr(out, "y1", bottom);
    attr(out, "x2", x1);
    attr(out, "y2", bottom);
    fputs(" stroke=\"" C_AXIS "\"/>\n", out);
    double base = X(clamp(0, a.lo, a.hi));
    size_t k = 0;
    for (size_t i = 0; i < r->n_clusters; i++) {
        const ce_html_cluster *c = &r->clusters[i];
        if (!c->ranked)
            continue;
        double y = top + (double)k++ * row, xv = isfinite(c->score) ? X(c->score) : base;
        fputs("<g><title>", out);
        put_esc(out, c->id);
        putc(' ', out);
        put_esc(out, c->name);
        putc(' ', out);
        put_fixed(out, c->score, 2);
        fputs("</title>", out);
        fputs("<text", out);
        attr(out, "x", 34);
        attr(out, "y", y + 12);
        fputs(" text-anchor=\"end\">", out);
        if (c->rank > 0)
            fprintf(out, "%ld", c->rank);
        fputs("</text><text", out);
        attr(out, "x", x0 - 8);
        attr(out, "y", y + 12);
        fputs(" text-anchor=\"end\">", out);
        put_label(out, cluster_label(c), 42);
        fputs("</text><rect class=\"bar\" data-id=\"", out);
        put_esc(out, c->id);
        fprintf(out, "\" data-award=\"%s\"",
                c->award == CE_HTML_AWARD ? "yes" : c->award == CE_HTML_TIE ? "tie" : "no");
        attr(out, "x", fmin(base, xv));
        attr(out, "y", y + (row - bar) / 2);
        attr(out, "width", fabs(xv - base));
        attr(out, "height", bar);
        fprintf(out, " fill=\"%s\"/><text", award_fill(c->award));
        attr(out, "x", fmax(base, xv) + 4);
        attr(out, "y", y + 12);
        putc('>', out);
        put_fixed(out, c->score, 2);
        fputs("</text></g>\n", out);
    }
    if (cut) {
        double x = X(r->cutoff);
        fputs("<line class=\"cutoff\"", out);
        attr(out, "x1", x);
        attr(out, "y1", top - 8);
        attr(out, "x2", x);
        attr(out, "y2", bottom);
        fputs(" stroke=\"" C_DOWN "\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/><text", out);
        attr(out, "x", x);
        attr(out, "y", top - 12);
        fprintf(out, " text-anchor=\"middle\" fill=\"%s\">%s ", C_DOWN, L->cutoff);
        put_fixed(out, r->cutoff, 2);
        fputs("</text>\n", out);
    }
#undef X
    fputs("</svg>\n", out);
    write_legend(out, L);
    fputs("</section>\n", out);
}

/* A radar chart of the dimension scores (0..100, clamped) of one winner:
 * axes clockwise from the top in profile order, rings every 20 points. */
static void write_radar(FILE *out, const ce_html_report *r, const ce_html_cluster *c)
{
    const size_t n = r->n_dims;
    const double cx = 190, cy = 150, rad = 90;
    fputs("<svg class=\"radar\" data-id=\"", out);
    put_esc(out, c->id);
    fputs("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"380\" height=\"300\" "
          "viewBox=\"0 0 380 300\" role=\"img\">\n",
          out);
    for (int ring = 1; ring <= 5; ring++) {
        fputs("<polygon class=\"ring\" fill=\"none\" stroke=\"" C_GRID "\" points=\"", out);
        for (size_t d = 0; d < n; d++) {
            double ang = -pi / 2 + 2 * pi * (double)d / (double)n, rr = rad * ring / 5;
            if (d)
                putc(' ', out);
            svg_num(out, cx + rr * cos(ang));
            putc(',', out);
            svg_num(out, cy + rr * sin(ang));
        }
        fputs("\"/><text class=\"tick\" fill=\"#999\"", out);
        attr(out, "x", cx + 3);
        attr(out, "y", cy - rad * ring / 5 - 2);
        fprintf(out, " style=\"font-size:9px\">%d</text>\n", ring * 20);
    }
    for (size_t d = 0; d < n; d++) {
        double ang = -pi / 2 + 2 * pi * (double)d / (double)n;
        fputs("<line class=\"spoke\" stroke=\"" C_GRID "\"", out);
        attr(out, "x1", cx);
        attr(out, "y1", cy);
        attr(out, "x2", cx + rad * cos(ang));
        attr(out, "y2", cy + rad * sin(ang));
        fputs("/>\n", out);
    }
    fputs("<polygon class=\"area\" fill=\"" C_AWARD "\" fill-opacity=\"0.3\" stroke=\"" C_AWARD
          "\" stroke-width=\"2\" points=\"",
          out);
    for (size_t d = 0; d < n; d++) {
        double ang = -pi / 2 + 2 * pi * (double)d / (double)n, v = dim_score(c, d);
        double rr = rad * (isfinite(v) ? clamp(v, 0, 100) : 0) / 100;
        if (d)
            putc(' ', out);
        svg_num(out, cx + rr * cos(ang));
        putc(',', out);
        svg_num(out, cy + rr * sin(ang));
    }
    fputs("\"/>\n", out);
    for (size_t d = 0; d < n; d++) {
        double ang = -pi / 2 + 2 * pi * (double)d / (double)n, v = dim_score(c, d);
        double co = cos(ang), si = sin(ang);
        if (isfinite(v)) {
            double rr = rad * clamp(v, 0, 100) / 100;
            fputs("<circle r=\"3\" fill=\"" C_AWARD "\"", out);
            attr(out, "cx", cx + rr * co);
            attr(out, "cy", cy + rr * si);
            fputs("/>", out);
        }
        double lx = cx + (rad + 12) * co, ly = cy + (rad + 12) * si;
        double y_name = si < -0.3 ? ly - 14 : si > 0.3 ? ly + 10 : ly - 2;
        const char *anchor = co > 0.3 ? "start" : co < -0.3 ? "end" : "middle";
        fprintf(out, "<text text-anchor=\"%s\"", anchor);
        attr(out, "x", lx);
        attr(out, "y", y_name);
        putc('>', out);
        put_label(out, dim_label(r, d), 16);
        fputs("<tspan", out);
        attr(out, "x", lx);
        attr(out, "dy", 14);
        fputs(" style=\"font-weight:bold\">", out);
        put_fixed(out, v, 2);
        fputs("</tspan></text>\n", out);
    }
    fputs("</svg>\n", out);
}

/* With fewer than 3 dimensions a radar is no polygon: one bar per dimension. */
static void write_profile_bars(FILE *out, const ce_html_report *r, const ce_html_cluster *c)
{
    const double x0 = 120, x1 = 320, row = 24;
    double height = 12 + row * (double)r->n_dims;
    fputs("<svg class=\"profile-bars\" data-id=\"", out);
    put_esc(out, c->id);
    fputs("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"380\"", out);
    attr(out, "height", height);
    fputs(" viewBox=\"0 0 380 ", out);
    svg_num(out, height);
    fputs("\" role=\"img\">\n", out);
    for (size_t d = 0; d < r->n_dims; d++) {
        double y = 6 + row * (double)d, v = dim_score(c, d);
        fputs("<text text-anchor=\"end\"", out);
        attr(out, "x", x0 - 6);
        attr(out, "y", y + 14);
        putc('>', out);
        put_label(out, dim_label(r, d), 16);
        fputs("</text><rect fill=\"" C_AWARD "\"", out);
        attr(out, "x", x0);
        attr(out, "y", y + 3);
        attr(out, "width", isfinite(v) ? clamp(v, 0, 100) / 100 * (x1 - x0) : 0);
        attr(out, "height", 14);
        fputs("/><text", out);
        attr(out, "x", x1 + 6);
        attr(out, "y", y + 14);
        putc('>', out);
        put_fixed(out, v, 2);
        fputs("</text>\n", out);
    }
    fputs("</svg>\n", out);
}

static void write_profiles(FILE *out, const ce_html_report *r, const lang_text *L,
                           const model_counts *m)
{
    section_start(out, "profiles", r->n_dims == 6 ? L->h_profiles : L->h_profiles_few);
    if (m->winners == 0) {
        fprintf(out, "<p class=\"note\">%s</p>\n</section>\n", L->no_winners);
        return;
    }
    fputs("<div class=\"radars\">\n", out);
    for (size_t i = 0; i < r->n_clusters; i++) {
        const ce_html_cluster *c = &r->clusters[i];
        if (c->award != CE_HTML_AWARD)
            continue;
        fputs("<figure class=\"profile\" data-id=\"", out);
        put_esc(out, c->id);
        fputs("\">\n", out);
        if (r->n_dims >= 3)
            write_radar(out, r, c);
        else
            write_profile_bars(out, r, c);
        fputs("<figcaption>", out);
        if (c->rank > 0)
            fprintf(out, r->lang == CE_LANG_EN ? "#%ld" : "第 %ld 名", c->rank);
        fputs(" \xC2\xB7 ", out);
        put_esc(out, c->id);
        if (c->name && c->name[0]) {
            fputs(" \xC2\xB7 ", out);
            put_esc(out, c->name);
        }
        fputs(" \xC2\xB7 ", out);
        put_fixed(out, c->score, 2);
        fputs("</figcaption>\n</figure>\n", out);
    }
    fputs("</div>\n</section>\n", out);
}

/* Blues: dark #08306b for rank 1 to light #deebf7 for the last rank. */
static void heat_colour(long rank, long last, char *bg, size_t size, const char **fg)
{
    double t = last > 1 ? (double)(rank - 1) / (double)(last - 1) : 0;
    t = clamp(t, 0, 1);
    snprintf(bg, size, "#%02x%02x%02x", (unsigned)lround(8 + t * (222 - 8)),
             (unsigned)lround(48 + t * (235 - 48)), (unsigned)lround(107 + t * (247 - 107)));
    *fg = t < 0.45 ? "#fff" : "#1a1a1a";
}

static ce_status write_heatmap(FILE *out, const ce_html_report *r, const lang_text *L,
                               ce_error *err)
{
    long *last = r->n_dims ? calloc(r->n_dims, sizeof *last) : NULL;
    if (r->n_dims && !last)
        return ce_error_nomem(err);
    for (size_t i = 0; i < r->n_clusters; i++)
        for (size_t d = 0; d < r->n_dims; d++)
            if (dim_rank(&r->clusters[i], d) > last[d])
                last[d] = dim_rank(&r->clusters[i], d);
    section_start(out, "heatmap", L->h_heatmap);
    fprintf(out, "<table class=\"heat\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th>",
            L->col_rank, L->col_id, L->col_name);
    for (size_t d = 0; d < r->n_dims; d++) {
        fputs("<th>", out);
        put_esc(out, dim_label(r, d));
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    char bg[16];
    const char *fg;
    for (size_t i = 0; i < r->n_clusters; i++) {
        const ce_html_cluster *c = &r->clusters[i];
        fputs("<tr data-id=\"", out);
        put_esc(out, c->id);
        fputs("\"><td class=\"num\">", out);
        if (c->ranked && c->rank > 0)
            fprintf(out, "%ld", c->rank);
        else
            fputs(MISSING, out);
        fputs("</td>", out);
        id_name_cells(out, c);
        for (size_t d = 0; d < r->n_dims; d++) {
            long rk = dim_rank(c, d);
            if (rk <= 0) {
                fputs("<td class=\"h\" style=\"background:#d9d9d9;color:#555\">" MISSING "</td>",
                      out);
                continue;
            }
            heat_colour(rk, last[d], bg, sizeof bg, &fg);
            fprintf(out, "<td class=\"h\" style=\"background:%s;color:%s\"", bg, fg);
            if (isfinite(dim_score(c, d))) {
                fputs(" title=\"", out);
                put_fixed(out, dim_score(c, d), 2);
                putc('"', out);
            }
            fprintf(out, ">%ld</td>", rk);
        }
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
    heat_colour(1, 2, bg, sizeof bg, &fg);
    fprintf(out, "<p class=\"note\"><span class=\"sw\" style=\"background:%s\"></span>%s", bg,
            L->heat_best);
    heat_colour(2, 2, bg, sizeof bg, &fg);
    fprintf(out,
            "<span class=\"sw\" style=\"background:%s\"></span>%s"
            "<span class=\"sw\" style=\"background:#d9d9d9\"></span>%s (" MISSING ")</p>\n"
            "</section>\n",
            bg, L->heat_last, L->heat_missing);
    free(last);
    return CE_OK;
}

static int in_both(const ce_html_cluster *c)
{
    return c->ranked && c->rank > 0 && c->has_previous && c->previous_rank > 0;
}

/* Writes the clusters that pass `keep` as an escaped, "、"/", "-separated list. */
static void write_list(FILE *out, const ce_html_report *r, const char *head,
                       int (*keep)(const ce_html_cluster *))
{
    int first = 1;
    for (size_t i = 0; i < r->n_clusters; i++) {
        const ce_html_cluster *c = &r->clusters[i];
        if (!keep(c))
            continue;
        if (first)
            fprintf(out, "<p class=\"note\">%s", head);
        else
            fputs(r->lang == CE_LANG_EN ? ", " : "\xE3\x80\x81", out);
        first = 0;
        put_esc(out, c->id);
        if (c->name && c->name[0]) {
            putc(' ', out);
            put_esc(out, c->name);
        }
    }
    if (!first)
        fputs("</p>\n", out);
}

static int newly_ranked(const ce_html_cluster *c)
{
    return c->ranked && c->has_previous && c->previous_rank <= 0;
}

static int dropped_out(const ce_html_cluster *c)
{
    return !c->ranked && c->has_previous && c->previous_rank > 0;
}

/* A cluster on the slope chart: its row on the left (by previous rank) and
 * on the right (by rank; the clusters come in rank order). */
typedef struct {
    long previous;
    size_t cluster, right;
} slope_row;

static int slope_row_cmp(const void *pa, const void *pb)
{
    const slope_row *a = pa, *b = pb;
    if (a->previous != b->previous)
        return a->previous < b->previous ? -1 : 1;
    return a->cluster < b->cluster ? -1 : a->cluster > b->cluster;
}

/* A slope chart: previous rank on the left, current rank on the right, one
 * line per cluster ranked in both (green up, red down, grey same). Each side
 * lists the clusters in rank order one row apart, so that tied ranks and
 * the ranks of clusters not in both leave neither overlaps nor gaps; the
 * labels give the ranks. */
static ce_status write_changes(FILE *out, const ce_html_report *r, const lang_text *L,
                               ce_error *err)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_clusters; i++)
        n += in_both(&r->clusters[i]) != 0;
    slope_row *rows = n ? malloc(n * sizeof *rows) : NULL;
    if (n && !rows)
        return ce_error_nomem(err);
    size_t k = 0;
    for (size_t i = 0; i < r->n_clusters; i++)
        if (in_both(&r->clusters[i])) {
            rows[k].previous = r->clusters[i].previous_rank;
            rows[k].cluster = i;
            rows[k].right = k;
            k++;
        }
    qsort(rows, n, sizeof *rows, slope_row_cmp);
    section_start(out, "changes", L->h_changes);
    if (n == 0) {
        fprintf(out, "<p class=\"note\">%s</p>\n", L->no_both);
    } else {
        const double width = 760, xl = 270, xr = 490, top = 44;
        double step = n > 200 ? 3600.0 / (double)n : 18;
        double height = top + step * (double)(n - 1) + 24;
        const char *prev = r->previous_label && r->previous_label[0] ? r->previous_label
                                                                      : L->previous;
#define Y(row) (top + step * (double)(row))
        svg_open(out, "slope", width, height, L->h_changes);
        fputs("<text text-anchor=\"middle\" style=\"font-weight:bold\"", out);
        attr(out, "x", xl);
        attr(out, "y", top - 20);
        putc('>', out);
        put_label(out, prev, 24);
        fputs("</text><text text-anchor=\"middle\" style=\"font-weight:bold\"", out);
        attr(out, "x", xr);
        attr(out, "y", top - 20);
        fprintf(out, ">%s</text>\n", L->current);
        for (int side = 0; side < 2; side++) {
            fputs("<line class=\"axis\" stroke=\"" C_GRID "\"", out);
            attr(out, "x1", side ? xr : xl);
            attr(out, "y1", top - 8);
            attr(out, "x2", side ? xr : xl);
            attr(out, "y2", Y(n - 1) + 8);
            fputs("/>\n", out);
        }
        for (size_t left = 0; left < n; left++) {
            const ce_html_cluster *c = &r->clusters[rows[left].cluster];
            const char *colour = c->rank < c->previous_rank   ? C_UP
                                 : c->rank > c->previous_rank ? C_DOWN
                                                              : C_SAME;
            double y1 = Y(left), y2 = Y(rows[left].right);
            fputs("<g data-id=\"", out);
            put_esc(out, c->id);
            fputs("\"><title>", out);
            put_esc(out, c->id);
            putc(' ', out);
            put_esc(out, c->name);
            fprintf(out, ": %ld \xE2\x86\x92 %ld</title>", c->previous_rank, c->rank);
            fprintf(out, "<line stroke=\"%s\" stroke-width=\"1.5\"", colour);
            attr(out, "x1", xl);
            attr(out, "y1", y1);
            attr(out, "x2", xr);
            attr(out, "y2", y2);
            fprintf(out, "/><circle r=\"2.5\" fill=\"%s\"", colour);
            attr(out, "cx", xl);
            attr(out, "cy", y1);
            fprintf(out, "/><circle r=\"2.5\" fill=\"%s\"", colour);
            attr(out, "cx", xr);
            attr(out, "cy", y2);
            fputs("/><text text-anchor=\"end\"", out);
            attr(out, "x", xl - 8);
            attr(out, "y", y1 + 4);
            fprintf(out, ">%ld ", c->previous_rank);
            put_label(out, cluster_label(c), 30);
            fputs("</text><text", out);
            attr(out, "x", xr + 8);
            attr(out, "y", y2 + 4);
            fprintf(out, ">%ld ", c->rank);
            put_label(out, cluster_label(c), 30);
            fputs("</text></g>\n", out);
        }
#undef Y
        fputs("</svg>\n", out);
    }
    free(rows);
    write_list(out, r, L->newly, newly_ranked);
    write_list(out, r, L->dropped, dropped_out);
    fputs("</section>\n", out);
    return CE_OK;
}

static int has_range(const ce_html_cluster *c)
{
    return isfinite(c->rank_p05) && isfinite(c->rank_p95);
}

/* Per cluster with an interval: the p05..p95 rank range with the median as
 * a tick and the nominal rank as a dot; beside it the P(award) bar. */
static void write_uncertainty(FILE *out, const ce_html_report *r, const lang_text *L)
{
    section_start(out, "uncertainty", L->h_uncertainty);
    double max_rank = 2;
    size_t n = 0;
    for (size_t i = 0; i < r->n_clusters; i++) {
        const ce_html_cluster *c = &r->clusters[i];
        if (!c->has_interval)
            continue;
        n++;
        if (isfinite(c->rank_p95))
            max_rank = fmax(max_rank, c->rank_p95);
        if (c->ranked && c->rank > 0)
            max_rank = fmax(max_rank, (double)c->rank);
    }
    axis a = nice_axis(0, max_rank, 6);
    if (a.step < 1) { /* ranks are whole: no tick between two */
        a.step = 1;
        a.hi = ceil(max_rank);
        a.n = (int)a.hi;
    }
    const double width = 960, x0 = 310, x1 = 680, px0 = 720, px1 = 900, top = 44, row = 20;
    double bottom = top + (double)n * row, height = bottom + 30;
#define X(v) (x0 + ((v) - 1) / (a.hi - 1) * (x1 - x0))
#define PX(p) (px0 + clamp(p, 0, 1) * (px1 - px0))
    svg_open(out, "uncertainty", width, height, L->h_uncertainty);
    fputs("<text style=\"font-weight:bold\"", out);
    attr(out, "x", x0);
    attr(out, "y", top - 24);
    fprintf(out, ">%s</text><text style=\"font-weight:bold\"", L->interval_head);
    attr(out, "x", px0);
    attr(out, "y", top - 24);
    fprintf(out, ">%s</text>\n", L->paward_head);
    for (int k = 0; k <= a.n; k++) {
        double v = k ? a.lo + k * a.step : 1;
        if (k && v <= 1)
            continue;
        fputs("<line class=\"grid\" stroke=\"" C_GRID "\"", out);
        attr(out, "x1", X(v));
        attr(out, "y1", top - 6);
        attr(out, "x2", X(v));
        attr(out, "y2", bottom);
        fputs("/><text text-anchor=\"middle\"", out);
        attr(out, "x", X(v));
        attr(out, "y", bottom + 18);
        putc('>', out);
        svg_num(out, v);
        fputs("</text>\n", out);
    }
    for (int k = 0; k <= 2; k++) {
        fputs("<line class=\"grid\" stroke=\"" C_GRID "\"", out);
        attr(out, "x1", PX(k / 2.0));
        attr(out, "y1", top - 6);
        attr(out, "x2", PX(k / 2.0));
        attr(out, "y2", bottom);
        fputs("/><text text-anchor=\"middle\"", out);
        attr(out, "x", PX(k / 2.0));
        attr(out, "y", bottom + 18);
        fprintf(out, ">%d%%</text>\n", k * 50);
    }
    if (r->top > 0 && (double)r->top + 0.5 < a.hi) {
        double x = X((double)r->top + 0.5);
        fputs("<line class=\"top-line\" stroke=\"" C_DOWN "\" stroke-dasharray=\"6 4\"", out);
        attr(out, "x1", x);
        attr(out, "y1", top - 6);
        attr(out, "x2", x);
        attr(out, "y2", bottom);
        fputs("/>\n", out);
    }
    size_t k = 0;
    for (size_t i = 0; i < r->n_clusters; i++) {
        const ce_html_cluster *c = &r->clusters[i];
        if (!c->has_interval)
            continue;
        double y = top + (double)k++ * row, ym = y + row / 2;
        fputs("<g data-id=\"", out);
        put_esc(out, c->id);
        fputs("\"><title>", out);
        put_esc(out, c->id);
        putc(' ', out);
        put_esc(out, c->name);
        fputs(": ", out);
        char b1[64], b2[64], b3[64];
        fprintf(out, "%s\xE2\x80\x93%s, %s ",
                has_range(c) ? svg_fmt(b1, sizeof b1, c->rank_p05) : MISSING,
                has_range(c) ? svg_fmt(b2, sizeof b2, c->rank_p95) : MISSING,
                isfinite(c->rank_median) ? svg_fmt(b3, sizeof b3, c->rank_median) : MISSING);
        fputs("</title><text text-anchor=\"end\"", out);
        attr(out, "x", 34);
        attr(out, "y", ym + 4);
        putc('>', out);
        if (c->ranked && c->rank > 0)
            fprintf(out, "%ld", c->rank);
        fputs("</text><text text-anchor=\"end\"", out);
        attr(out, "x", x0 - 8);
        attr(out, "y", ym + 4);
        putc('>', out);
        put_label(out, cluster_label(c), 42);
        fputs("</text>", out);
        if (has_range(c)) {
            fputs("<line class=\"interval\" stroke=\"#555\" stroke-width=\"2\" data-id=\"", out);
            put_esc(out, c->id);
            putc('"', out);
            attr(out, "x1", X(c->rank_p05));
            attr(out, "y1", ym);
            attr(out, "x2", X(c->rank_p95));
            attr(out, "y2", ym);
            fputs("/>", out);
        } else {
            fputs("<text", out);
            attr(out, "x", x0);
            attr(out, "y", ym + 4);
            fputs(">" MISSING "</text>", out);
        }
        if (isfinite(c->rank_median)) {
            fputs("<line class=\"median\" stroke=\"#111\" stroke-width=\"2\"", out);
            attr(out, "x1", X(c->rank_median));
            attr(out, "y1", ym - 6);
            attr(out, "x2", X(c->rank_median));
            attr(out, "y2", ym + 6);
            fputs("/>", out);
        }
        if (c->ranked && c->rank > 0) {
            fprintf(out, "<circle class=\"nominal\" r=\"4\" fill=\"%s\"", award_fill(c->award));
            attr(out, "cx", X((double)c->rank));
            attr(out, "cy", ym);
            fputs("/>", out);
        }
        if (isfinite(c->p_award)) {
            const char *fill = c->p_award >= 0.95   ? C_UP
                               : c->p_award <= 0.05 ? C_SAME
                                                    : C_AWARD;
            fputs("<rect class=\"paward\" data-id=\"", out);
            put_esc(out, c->id);
            putc('"', out);
            attr(out, "x", px0);
            attr(out, "y", ym - 6);
            attr(out, "width", PX(c->p_award) - px0);
            attr(out, "height", 12);
            fprintf(out, " fill=\"%s\"/>", fill);
        }
        fputs("<text", out);
        attr(out, "x", px1 + 6);
        attr(out, "y", ym + 4);
        putc('>', out);
        put_percent(out, c->p_award, 1);
        fputs("</text></g>\n", out);
    }
#undef X
#undef PX
    fprintf(out, "</svg>\n<p class=\"note\">%s</p>\n</section>\n", L->interval_note);
}

static void write_method(FILE *out, const ce_html_report *r, const lang_text *L)
{
    section_start(out, "method", L->h_method);
    if (r->n_weights) {
        fprintf(out,
                "<h3>%s</h3>\n<table class=\"weights\">\n<thead><tr><th>%s</th><th>%s</th>"
                "<th>%s</th></tr></thead>\n<tbody>\n",
                L->h_weights, L->w_code, L->w_name, L->w_weight);
        double total = 0;
        for (size_t i = 0; i < r->n_weights; i++) {
            fputs("<tr><td>", out);
            put_esc(out, r->weight_codes ? r->weight_codes[i] : "");
            fputs("</td><td>", out);
            put_esc(out, r->weight_names ? r->weight_names[i] : "");
            fputs("</td><td class=\"num\">", out);
            put_percent(out, r->weights[i], 2);
            fputs("</td></tr>\n", out);
            total += r->weights[i];
        }
        fprintf(out, "</tbody>\n<tfoot><tr><th colspan=\"2\">%s</th><td class=\"num\">",
                L->w_total);
        put_percent(out, total, 2);
        fputs("</td></tr></tfoot>\n</table>\n", out);
    }
    if (r->n_method) {
        fprintf(out,
                "<h3>%s</h3>\n<table class=\"method\">\n<thead><tr><th>%s</th><th>%s</th>"
                "</tr></thead>\n<tbody>\n",
                L->h_provenance, L->m_key, L->m_value);
        for (size_t i = 0; i < r->n_method; i++) {
            fputs("<tr><td>", out);
            put_esc(out, r->method[i].key);
            fputs("</td><td>", out);
            put_esc(out, r->method[i].value);
            fputs("</td></tr>\n", out);
        }
        fputs("</tbody>\n</table>\n", out);
    }
    fputs("</section>\n", out);
}

ce_status ce_html_write(FILE *out, const ce_html_report *r, ce_error *err)
{
    if ((r->n_clusters && !r->clusters) || (r->n_weights && !r->weights) ||
        (r->n_method && !r->method))
        return ce_error_set(err, CE_ERR_DATA, NULL, 0,
                            "HTML report: the model lacks an array that its counts promise");
    const lang_text *L = r->lang == CE_LANG_EN ? &en_text : &zh_text;
    model_counts m = count_model(r);
    write_head(out, r, L, &m);
    fputs("<main>\n", out);
    write_ranking(out, r, L);
    write_scores(out, r, L, &m);
    write_profiles(out, r, L, &m);
    ce_status st = write_heatmap(out, r, L, err);
    if (st != CE_OK)
        return st;
    if (m.any_previous && (st = write_changes(out, r, L, err)) != CE_OK)
        return st;
    if (m.any_interval)
        write_uncertainty(out, r, L);
    write_method(out, r, L);
    fputs("</main>\n<script>\n", out);
    for (size_t i = 0; i < sizeof page_script / sizeof page_script[0]; i++) {
        fputs(page_script[i], out);
        putc('\n', out);
    }
    fputs("</script>\n</body>\n</html>\n", out);
    return ce_report_flush_check(out, "HTML report", err);
}
