/* test_html.c - the HTML report (src/report/html.c): a model of 12 clusters on 3
 * dimensions (9 award winners, 2 tied at place 10, one unranked; names with
 * markup and Chinese) written to memory, and the page's parts counted. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/html.h"
#include "testutil.h"

TestSuite(html, .init = ce_test_dir_init, .fini = ce_test_dir_fini);

#define N_CLUSTERS 12
#define N_DIMS 3
#define N_WINNERS 9
#define N_TIED 2
#define N_RANKED 11

static const char *const dim_codes[N_DIMS] = {"innov", "digital", "green"};
static const char *const dim_names[N_DIMS] = {"创新活力", "数字化水平", "绿色低碳质效"};

static const char *const ids[N_CLUSTERS] = {
    "SD-2023-001", "SD-2023-002", "SD-2023-003", "SD-2023-004", "SD-2023-005&'x", "SD-2023-006",
    "SD-2023-007", "SD-2023-008", "SD-2023-009", "SD-2023-010", "SD-2023-011", "SD-2023-012",
};
static const char *const names[N_CLUSTERS] = {
    "临沂市兰山区板材产业集群", "东营市广饶县橡胶轮胎产业集群", "烟台<b>&\"'集群", "", "潍坊市寿光市蔬菜种业产业集群",
    "淄博市周村区丝绸纺织产业集群", "济宁市嘉祥县手套产业集群", "威海市文登区家纺产业集群",
    "聊城市临清轴承产业集群", "德州市宁津县健身器材产业集群", "东营市垦利区石油装备产业集群",
    "滨州市博兴县商用厨具产业集群",
};
static const long ranks[N_CLUSTERS] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 0};
static const double scores[N_CLUSTERS] = {64.352274, 61.864335, 60.1, 58.25, 57, 55.5,
                                          54.125,    53.9,      52.2, 50.5,  50.5, NAN};
static const double dim_scores[N_CLUSTERS][N_DIMS] = {
    {90, 70.5, 55},   {80, 60, 65},   {75.25, 66, 40}, {60, 61, 70}, {58, 57, 58},
    {50, 80, 45},     {49, 45, 62},   {47, 52, 50},    {45, 40, 77}, {40, 35, 30},
    {38, NAN, 33.33}, {NAN, 20, NAN},
};
static const long dim_ranks[N_CLUSTERS][N_DIMS] = {
    {1, 3, 7}, {2, 5, 3},  {3, 2, 10}, {4, 4, 2},  {5, 6, 6},  {6, 1, 9},
    {7, 8, 4}, {8, 7, 8},  {9, 9, 1},  {10, 10, 12}, {11, 0, 11}, {0, 11, 0},
};
static const long previous[N_CLUSTERS] = {2, 1, 3, 5, 4, 0, 8, 6, 12, 9, 7, 10};

static const char *const weight_codes[] = {"i_rd", "i_patent", "d_cloud", "g_energy"};
static const char *const weight_names[] = {"研发投入强度", "每亿元营收发明专利", "上云企业比例",
                                           "单位产值能耗"};
static const double weights[] = {0.25, 0.125, 0.3333333, 0.2916667};
static const ce_html_pair method[] = {
    {"profile", "weights/default.csv (sha256 9f2c)"},
    {"data", "samples/clusters-2023.csv (sha256 41ab)"},
    {"normalize", "minmax 0,100"},
    {"version", "clustereval 0.1.0"},
};

typedef struct {
    ce_html_cluster clusters[N_CLUSTERS];
    ce_html_report report;
} model;

/* The model; previous ranks and Monte Carlo intervals only when asked. */
static void build(model *m, ce_lang lang, int with_previous, int with_interval)
{
    memset(m, 0, sizeof *m);
    for (size_t i = 0; i < N_CLUSTERS; i++) {
        ce_html_cluster *c = &m->clusters[i];
        c->id = ids[i];
        c->name = names[i];
        c->ranked = ranks[i] > 0;
        c->rank = ranks[i];
        c->score = scores[i];
        c->award = i < N_WINNERS ? CE_HTML_AWARD : c->ranked ? CE_HTML_TIE : CE_HTML_NO;
        c->dim_score = dim_scores[i];
        c->dim_rank = dim_ranks[i];
        c->has_previous = with_previous;
        c->previous_rank = previous[i];
        c->has_interval = with_interval;
        if (c->ranked) {
            c->rank_p05 = (double)(ranks[i] > 2 ? ranks[i] - 2 : 1);
            c->rank_median = (double)ranks[i];
            c->rank_p95 = (double)ranks[i] + 2;
            c->p_award = i < 6 ? 1 : i < N_WINNERS ? 0.854 : 0.5;
        } else {
            c->rank_p05 = c->rank_median = c->rank_p95 = c->p_award = NAN;
        }
    }
    ce_html_report *r = &m->report;
    r->lang = lang;
    r->title = "2023年山东省特色产业集群综合评价";
    r->n_clusters = N_CLUSTERS;
    r->clusters = m->clusters;
    r->n_dims = N_DIMS;
    r->dim_codes = dim_codes;
    r->dim_names = dim_names;
    r->top = 10;
    r->has_cutoff = 1;
    r->cutoff = 50.5;
    r->previous_label = "2022";
    r->n_weights = sizeof weights / sizeof weights[0];
    r->weight_codes = weight_codes;
    r->weight_names = weight_names;
    r->weights = weights;
    r->n_method = sizeof method / sizeof method[0];
    r->method = method;
}

/* Writes r to memory, asserts CE_OK, returns the NUL-terminated page. */
static char *render(const ce_html_report *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert(f);
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_html_write(f, r, &err);
    cr_assert_eq(fclose(f), 0);
    cr_assert_eq(st, CE_OK, "%s", err.msg);
    cr_assert_eq(strlen(buf), len, "no NUL byte in the page");
    return buf;
}

static char *render_model(ce_lang lang, int with_previous, int with_interval)
{
    model m;
    build(&m, lang, with_previous, with_interval);
    return render(&m.report);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0, len = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + len, needle))
        n++;
    return n;
}

/* The text between the first `from` and the next `to` (both must exist). */
static char *between(const char *page, const char *from, const char *to)
{
    const char *a = strstr(page, from);
    cr_assert(a, "no %s", from);
    const char *b = strstr(a, to);
    cr_assert(b, "no %s after %s", to, from);
    size_t len = (size_t)(b - a);
    char *s = malloc(len + 1);
    cr_assert(s);
    memcpy(s, a, len);
    s[len] = '\0';
    return s;
}

Test(html, counts_follow_the_model)
{
    char *page = render_model(CE_LANG_ZH, 1, 1);
    cr_assert_eq(count(page, "<rect class=\"bar\""), N_RANKED);
    cr_assert_eq(count(page, "class=\"award\""), N_WINNERS);
    cr_assert_eq(count(page, "<tr class=\"award\" data-id="), N_WINNERS);
    cr_assert_eq(count(page, "class=\"tie\""), N_TIED);
    cr_assert_eq(count(page, "<tr class=\"tie\" data-id=\"SD-2023-01"), N_TIED);
    cr_assert_eq(count(page, "<svg class=\"radar\""), N_WINNERS);
    cr_assert_eq(count(page, "class=\"radar\""), N_WINNERS);
    cr_assert_eq(count(page, "<figure class=\"profile\""), N_WINNERS);
    cr_assert_eq(count(page, "<line class=\"cutoff\""), 1);
    cr_assert_eq(count(page, "stroke-dasharray"), 2, "the cut-off and the last award place");
    cr_assert_eq(count(page, "<svg class=\"slope\""), 1);
    cr_assert_eq(count(page, "<line class=\"interval\""), N_RANKED, "none for the unranked");
    cr_assert_eq(count(page, "<rect class=\"paward\""), N_RANKED);
    /* Each cluster has a row in the ranked table and one in the heat map. */
    cr_assert_eq(count(page, "<tr class=\"unranked\" data-id=\"SD-2023-012\""), 1);
    cr_assert_eq(count(page, "<tr data-id=\""), N_CLUSTERS, "heat map rows");
    char attr[64];
    for (size_t i = 0; i < N_CLUSTERS; i++) {
        if (strchr(ids[i], '&'))
            continue; /* escaped: test escapes_the_model_text */
        snprintf(attr, sizeof attr, "<tr class=\"%s\" data-id=\"%s\"",
                 i < N_WINNERS ? "award" : i < N_RANKED ? "tie" : "unranked", ids[i]);
        cr_assert_eq(count(page, attr), 1, "%s", attr);
        snprintf(attr, sizeof attr, "<tr data-id=\"%s\"", ids[i]);
        cr_assert_eq(count(page, attr), 1, "%s", attr);
    }
    free(page);
}

Test(html, award_bars_are_coloured_and_ordered)
{
    char *page = render_model(CE_LANG_ZH, 0, 0);
    char *chart = between(page, "<svg class=\"scores\"", "</svg>");
    cr_assert_eq(count(chart, "data-award=\"yes\""), N_WINNERS);
    cr_assert_eq(count(chart, "data-award=\"tie\""), N_TIED);
    cr_assert_eq(count(chart, "fill=\"#d9822b\""), N_WINNERS);
    cr_assert_eq(count(chart, "fill=\"#4a78c2\""), N_TIED);
    cr_assert_null(strstr(chart, "SD-2023-012"), "the unranked cluster has no bar");
    /* Bars in output order: cluster 1 above cluster 2 above the tie. */
    const char *b1 = strstr(chart, "data-id=\"SD-2023-001\"");
    const char *b2 = strstr(chart, "data-id=\"SD-2023-002\"");
    const char *b10 = strstr(chart, "data-id=\"SD-2023-010\"");
    cr_assert(b1 && b2 && b10 && b1 < b2 && b2 < b10);
    /* Scale 0..80 (steps of 20) over x 310..880: the cut-off 50.5 at x 669.81. */
    cr_assert_neq(strstr(chart, "<line class=\"cutoff\" x1=\"669.81\" y1=\"24\" x2=\"669.81\""),
                  NULL);
    cr_assert_neq(strstr(chart, ">80</text>"), NULL, "the last tick");
    cr_assert_neq(strstr(chart, "获奖线 50.50"), NULL);
    free(chart);
    free(page);
}

Test(html, escapes_the_model_text)
{
    model m;
    build(&m, CE_LANG_ZH, 1, 1);
    m.report.title = "评价<script>&";
    ce_html_pair bad[] = {{"<k>", "a\"b'c"}};
    m.report.method = bad;
    m.report.n_method = 1;
    char *page = render(&m.report);
    cr_assert_geq(count(page, "烟台&lt;b&gt;&amp;&quot;&#39;集群"), 2);
    cr_assert_null(strstr(page, "<b>"));
    cr_assert_null(strstr(page, "<k>"));
    cr_assert_null(strstr(page, "<script>&"));
    cr_assert_eq(count(page, "<title>评价&lt;script&gt;&amp;</title>"), 1);
    cr_assert_eq(count(page, "<td>&lt;k&gt;</td><td>a&quot;b&#39;c</td>"), 1);
    cr_assert_eq(count(page, "data-id=\"SD-2023-005&amp;&#39;x\""), 2 + 1 + 1 + 1 + 1 + 1 + 1 + 1,
                 "2 rows, bar, radar svg and figure, slope, interval g, line, P(award)");
    cr_assert_null(strstr(page, "005&'"));
    cr_assert_eq(count(page, "<script>"), 1, "only the sorting script");
    free(page);
}

/* Whether word occurs in text with no ASCII letter either side. */
static int has_word(const char *text, const char *word)
{
    size_t len = strlen(word);
    for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
        int before = p > text && ((p[-1] | 0x20) >= 'a' && (p[-1] | 0x20) <= 'z');
        int after = (p[len] | 0x20) >= 'a' && (p[len] | 0x20) <= 'z';
        if (!before && !after)
            return 1;
    }
    return 0;
}

/* A missing value must never leak as a C or JavaScript spelling. "nan" and
 * "inf" count as words ("Method and provenance" is a heading). */
static void assert_no_missing_words(const char *page)
{
    const char *bad[] = {"NaN", "undefined", "Infinity", "(null)"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_null(strstr(page, bad[i]), "\"%s\" in the page", bad[i]);
    const char *words[] = {"nan", "inf", "null", "NAN", "INF"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        cr_assert(!has_word(page, words[i]), "\"%s\" in the page", words[i]);
}

Test(html, no_missing_value_words)
{
    for (int lang = 0; lang < 2; lang++) {
        char *page = render_model((ce_lang)lang, 1, 1);
        assert_no_missing_words(page);
        free(page);
    }
    model m;
    build(&m, CE_LANG_EN, 1, 1);
    m.report.has_cutoff = 0;
    m.report.cutoff = NAN;
    m.report.previous_label = NULL;
    m.report.title = NULL;
    m.clusters[0].score = INFINITY;
    m.clusters[1].dim_score = NULL;
    m.clusters[1].dim_rank = NULL;
    m.clusters[2].name = NULL;
    m.clusters[3].rank_median = NAN;
    m.clusters[4].p_award = NAN;
    char *page = render(&m.report);
    assert_no_missing_words(page);
    cr_assert_null(strstr(page, "class=\"cutoff\""));
    free(page);
}

Test(html, missing_values_print_a_dash)
{
    char *page = render_model(CE_LANG_ZH, 0, 0);
    char *table = between(page, "<tr class=\"unranked\"", "</tr>");
    cr_assert_str_eq(table,
                     "<tr class=\"unranked\" data-id=\"SD-2023-012\" data-i=\"11\">"
                     "<td class=\"num\">—</td><td>SD-2023-012</td><td>滨州市博兴县商用厨具产业集群</td>"
                     "<td class=\"num\">—</td><td data-v=\"3\">—</td>"
                     "<td class=\"num\">—</td><td class=\"num\" data-v=\"20.00\">20.00</td>"
                     "<td class=\"num\">—</td>");
    free(table);
    /* A cluster without a name shows "—" in the tables and its id on the chart. */
    table = between(page, "<tr class=\"award\" data-id=\"SD-2023-004\"", "</tr>");
    cr_assert_neq(strstr(table, "<td>SD-2023-004</td><td>—</td><td class=\"num\" "
                                "data-v=\"58.25\">58.25</td><td data-v=\"0\">获奖</td>"),
                  NULL, "%s", table);
    free(table);
    free(page);
}

Test(html, scores_and_weights_have_fixed_decimals)
{
    char *page = render_model(CE_LANG_EN, 0, 0);
    cr_assert_neq(strstr(page, "<td class=\"num\" data-v=\"1\">1</td><td>SD-2023-001</td>"
                               "<td>临沂市兰山区板材产业集群</td><td class=\"num\" "
                               "data-v=\"64.35\">64.35</td><td data-v=\"0\">yes</td>"),
                  NULL);
    cr_assert_neq(strstr(page, "<td data-v=\"1\">tie</td>"), NULL);
    cr_assert_neq(strstr(page, "<td class=\"num\" data-v=\"33.33\">33.33</td>"), NULL);
    cr_assert_neq(strstr(page, "<td>i_rd</td><td>研发投入强度</td><td class=\"num\">25.00%</td>"),
                  NULL);
    cr_assert_neq(strstr(page, "<td class=\"num\">33.33%</td>"), NULL);
    cr_assert_neq(strstr(page, "<td class=\"num\">29.17%</td>"), NULL);
    cr_assert_neq(strstr(page, "<td class=\"num\">100.00%</td>"), NULL, "the total");
    /* The method pairs in the model's order. */
    const char *p = strstr(page, "<td>profile</td>"), *d = strstr(page, "<td>data</td>");
    const char *n = strstr(page, "<td>normalize</td>"), *v = strstr(page, "<td>version</td>");
    cr_assert(p && d && n && v && p < d && d < n && n < v);
    /* No number anywhere has more than 2 decimals. */
    for (const char *s = page; *s; s++)
        if (s[0] >= '0' && s[0] <= '9' && s[1] == '.')
            cr_assert(!(s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9' && s[4] >= '0' &&
                        s[4] <= '9'),
                      "3 decimals at: %.40s", s);
    free(page);
}

Test(html, heat_map_runs_from_dark_to_light)
{
    char *page = render_model(CE_LANG_ZH, 0, 0);
    char *heat = between(page, "<table class=\"heat\">", "</table>");
    /* innov ranks 1..11: rank 1 darkest, 11 lightest; green's last rank is 12. */
    char *first = between(heat, "<tr data-id=\"SD-2023-001\"", "</tr>");
    cr_assert_neq(strstr(first, "<td class=\"h\" style=\"background:#08306b;color:#fff\" "
                                "title=\"90.00\">1</td>"),
                  NULL, "%s", first);
    free(first);
    char *tenth = between(heat, "<tr data-id=\"SD-2023-010\"", "</tr>");
    cr_assert_neq(strstr(tenth, "background:#deebf7;color:#1a1a1a\" title=\"30.00\">12</td>"),
                  NULL, "%s", tenth);
    free(tenth);
    char *tied = between(heat, "<tr data-id=\"SD-2023-011\"", "</tr>");
    cr_assert_neq(strstr(tied, "background:#deebf7;color:#1a1a1a\" title=\"38.00\">11</td>"
                               "<td class=\"h\" style=\"background:#d9d9d9;color:#555\">—</td>"),
                  NULL, "%s", tied);
    free(tied);
    free(heat);
    free(page);
}

Test(html, optional_sections_only_when_given)
{
    char *plain = render_model(CE_LANG_ZH, 0, 0);
    cr_assert_null(strstr(plain, "class=\"slope\""));
    cr_assert_null(strstr(plain, "class=\"interval\""));
    cr_assert_null(strstr(plain, "class=\"paward\""));
    cr_assert_null(strstr(plain, "排名变化"));
    cr_assert_null(strstr(plain, "排名不确定性"));
    cr_assert_null(strstr(plain, "id=\"changes\""));
    free(plain);

    char *prev = render_model(CE_LANG_ZH, 1, 0);
    cr_assert_eq(count(prev, "<h2>排名变化</h2>"), 1);
    cr_assert_null(strstr(prev, "class=\"interval\""));
    char *slope = between(prev, "<svg class=\"slope\"", "</svg>");
    /* Ranked in both: all but SD-2023-006 (new) and SD-2023-012 (unranked now). */
    cr_assert_eq(count(slope, "<g data-id="), 10);
    cr_assert_null(strstr(slope, "SD-2023-006"));
    cr_assert_eq(count(slope, "stroke=\"#2e7d32\""), 4, "moved up: 001 004 007 009");
    cr_assert_eq(count(slope, "stroke=\"#c62828\""), 5, "moved down: 002 005 008 010 011");
    cr_assert_eq(count(slope, "stroke=\"#9e9e9e\""), 1, "same: 003");
    cr_assert_neq(strstr(slope, ">2022</text>"), NULL);
    /* One row apart on each side, in rank order: the two tied at 10 do not
     * overlap (rows 8 and 9 on the right; previous ranks 9 and 7 are rows 8
     * and 6 on the left). */
    cr_assert_neq(strstr(slope, "<line stroke=\"#c62828\" stroke-width=\"1.5\" x1=\"270\" "
                                "y1=\"188\" x2=\"490\" y2=\"188\"/>"),
                  NULL, "SD-2023-010: 9 -> 10");
    cr_assert_neq(strstr(slope, "<line stroke=\"#c62828\" stroke-width=\"1.5\" x1=\"270\" "
                                "y1=\"152\" x2=\"490\" y2=\"206\"/>"),
                  NULL, "SD-2023-011: 7 -> 10");
    cr_assert_neq(strstr(slope, ">9 德州市宁津县健身器材产业集群</text>"), NULL);
    cr_assert_neq(strstr(slope, ">10 德州市宁津县健身器材产业集群</text>"), NULL);
    free(slope);
    cr_assert_neq(strstr(prev, "新进入排名：SD-2023-006 淄博市周村区丝绸纺织产业集群</p>"), NULL);
    cr_assert_neq(strstr(prev, "本期未排名（上期有排名）：SD-2023-012 "), NULL);
    free(prev);

    char *unc = render_model(CE_LANG_ZH, 0, 1);
    cr_assert_eq(count(unc, "<h2>排名不确定性</h2>"), 1);
    cr_assert_null(strstr(unc, "class=\"slope\""));
    cr_assert_eq(count(unc, "<line class=\"interval\""), N_RANKED);
    cr_assert_eq(count(unc, "<line class=\"median\""), N_RANKED);
    cr_assert_eq(count(unc, "<circle class=\"nominal\""), N_RANKED);
    cr_assert_eq(count(unc, "<line class=\"top-line\""), 1);
    cr_assert_neq(strstr(unc, ">85.4%</text>"), NULL);
    cr_assert_neq(strstr(unc, ">100.0%</text>"), NULL);
    char *row = between(unc, "<g data-id=\"SD-2023-012\"", "</g>");
    cr_assert(strstr(row, ">—</text>"), "the unranked cluster: %s", row);
    free(row);
    free(unc);
}

static const char *const zh_headings[] = {"综合排名", "综合得分", "获奖集群维度画像", "维度排名热力图",
                                          "排名变化", "排名不确定性", "方法与可复现信息"};
static const char *const en_headings[] = {
    "Ranking",         "Composite scores", "Profiles of the award winners", "Dimension ranks",
    "Rank changes",    "Rank uncertainty", "Method and provenance"};

Test(html, headings_follow_the_language)
{
    char *zh = render_model(CE_LANG_ZH, 1, 1);
    char *en = render_model(CE_LANG_EN, 1, 1);
    char h[256];
    for (size_t i = 0; i < 7; i++) {
        snprintf(h, sizeof h, "<h2>%s</h2>", zh_headings[i]);
        cr_assert_eq(count(zh, h), 1, "%s", h);
        cr_assert_eq(count(en, h), 0, "%s", h);
        snprintf(h, sizeof h, "<h2>%s</h2>", en_headings[i]);
        cr_assert_eq(count(en, h), 1, "%s", h);
        cr_assert_eq(count(zh, h), 0, "%s", h);
    }
    cr_assert_neq(strstr(zh, "<html lang=\"zh-CN\">"), NULL);
    cr_assert_neq(strstr(en, "<html lang=\"en\">"), NULL);
    cr_assert_neq(strstr(zh, "<meta charset=\"utf-8\">"), NULL);
    cr_assert_neq(strstr(zh, "\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\","
                             "\"PingFang SC\",sans-serif"),
                  NULL);
    cr_assert_neq(strstr(zh, "共 12 个集群：11 个参与排名，1 个未排名。获奖名额 10 个：获奖 9 个，"
                             "末位并列 2 个。获奖线：50.50 分。"),
                  NULL);
    cr_assert_neq(strstr(en, "12 clusters: 11 ranked, 1 unranked. 10 award places: 9 awarded, "
                             "2 tied at the last place. Award cut-off: 50.50."),
                  NULL);
    cr_assert_neq(strstr(zh, "<td data-v=\"1\">并列</td>"), NULL);
    free(zh);
    free(en);

    /* Six dimensions: the heading names them; no title: the default one. */
    model m;
    build(&m, CE_LANG_ZH, 0, 0);
    m.report.n_dims = 2;
    m.report.title = "";
    char *two = render(&m.report);
    cr_assert_eq(count(two, "<h2>获奖集群维度画像</h2>"), 1);
    cr_assert_eq(count(two, "<h1>中小企业特色产业集群综合评价报告</h1>"), 1);
    /* Fewer than 3 dimensions: bars instead of a degenerate radar. */
    cr_assert_eq(count(two, "class=\"radar\""), 0);
    cr_assert_eq(count(two, "<svg class=\"profile-bars\""), N_WINNERS);
    free(two);
}

Test(html, six_dimensions_are_a_six_dimension_profile)
{
    static const char *const codes[6] = {"strength", "innov", "digital", "green", "open", "gov"};
    static const char *const dnames[6] = {"综合实力", "创新活力", "数字化水平",
                                          "绿色低碳质效", "开放合作程度", "治理服务能力"};
    static const double six[6] = {10, 20, 30, 40, 50, 120};
    static const long six_rank[6] = {1, 2, 3, 4, 5, 6};
    model m;
    build(&m, CE_LANG_ZH, 0, 0);
    m.report.n_dims = 6;
    m.report.dim_codes = codes;
    m.report.dim_names = dnames;
    for (size_t i = 0; i < N_CLUSTERS; i++) {
        m.clusters[i].dim_score = six;
        m.clusters[i].dim_rank = six_rank;
    }
    char *page = render(&m.report);
    cr_assert_eq(count(page, "<h2>获奖集群六维画像</h2>"), 1);
    char *radar = between(page, "<svg class=\"radar\"", "</svg>");
    /* Axis k at -90 + 60k degrees, radius 90 around (190,150): the data
     * polygon at 10..50 and 120 clamped to 100. */
    cr_assert_neq(strstr(radar, "<polygon class=\"area\" fill=\"#d9822b\" fill-opacity=\"0.3\" "
                                "stroke=\"#d9822b\" stroke-width=\"2\" points=\"190,141 "
                                "205.59,141 213.38,163.5 190,186 151.03,172.5 112.06,105\"/>"),
                  NULL, "%s", radar);
    for (size_t d = 0; d < 6; d++)
        cr_assert_neq(strstr(radar, dnames[d]), NULL, "%s", dnames[d]);
    cr_assert_neq(strstr(radar, ">120.00</tspan>"), NULL, "the label shows the real score");
    free(radar);
    free(page);
}

Test(html, same_model_same_bytes)
{
    char *a = render_model(CE_LANG_ZH, 1, 1);
    char *b = render_model(CE_LANG_ZH, 1, 1);
    cr_assert_str_eq(a, b);
    free(a);
    free(b);
}

Test(html, tags_are_balanced)
{
    char *page = render_model(CE_LANG_ZH, 1, 1);
    const char *pairs[][2] = {{"<section ", "</section>"}, {"<svg ", "</svg>"},
                              {"<table", "</table>"},      {"<tr", "</tr>"},
                              {"<figure ", "</figure>"},   {"<text", "</text>"},
                              {"<title>", "</title>"},     {"<g", "</g>"},
                              {"<td", "</td>"},            {"<thead>", "</thead>"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        cr_assert_eq(count(page, pairs[i][0]), count(page, pairs[i][1]), "%s", pairs[i][0]);
    cr_assert_eq(count(page, "<th>") + count(page, "<th "), count(page, "</th>"));
    cr_assert_eq(count(page, "<section "), 7);
    cr_assert_eq(strncmp(page, "<!DOCTYPE html>\n", 16), 0);
    size_t len = strlen(page);
    cr_assert_str_eq(page + len - 8, "</html>\n");
    free(page);
}

Test(html, empty_model)
{
    ce_html_report r;
    memset(&r, 0, sizeof r);
    r.lang = CE_LANG_EN;
    char *page = render(&r);
    cr_assert_neq(strstr(page, "No cluster is ranked."), NULL);
    cr_assert_neq(strstr(page, "No award winners."), NULL);
    cr_assert_null(strstr(page, "<rect"));
    assert_no_missing_words(page);
    free(page);

    r.n_clusters = 3; /* but no array */
    ce_error err = {{0}, 0, {0}};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert(f);
    cr_assert_eq(ce_html_write(f, &r, &err), CE_ERR_DATA);
    cr_assert_eq(fclose(f), 0);
    cr_assert_eq(len, 0, "nothing written");
    cr_assert_neq(strstr(err.msg, "lacks an array"), NULL, "%s", err.msg);
    free(buf);
}

Test(html, a_failed_write_is_an_io_error)
{
    model m;
    build(&m, CE_LANG_ZH, 1, 1);
    ce_error err = {{0}, 0, {0}};
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        cr_assert_eq(ce_html_write(full, &m.report, &err), CE_ERR_IO);
        cr_assert_neq(strstr(err.msg, "cannot write the HTML report: "), NULL, "%s", err.msg);
        fclose(full);
    }
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "ro.html", "");
    FILE *ro = fopen(path, "r");
    cr_assert(ro);
    memset(&err, 0, sizeof err);
    cr_assert_eq(ce_html_write(ro, &m.report, &err), CE_ERR_IO);
    cr_assert_neq(strstr(err.msg, "cannot write the HTML report"), NULL, "%s", err.msg);
    fclose(ro);
}

Test(html, long_names_are_cut_on_charts_only)
{
    model m;
    build(&m, CE_LANG_ZH, 0, 0);
    /* 24 CJK characters = 48 units: cut to 20 characters and "…" (41 units). */
    m.clusters[0].name = "一二三四五六七八九十一二三四五六七八九十一二三四";
    char *page = render(&m.report);
    cr_assert_eq(count(page, "<td>一二三四五六七八九十一二三四五六七八九十一二三四</td>"), 2,
                 "in full in both tables");
    char *chart = between(page, "<svg class=\"scores\"", "</svg>");
    cr_assert_neq(strstr(chart, " text-anchor=\"end\">一二三四五六七八九十一二三四五六七八九十…</text>"),
                  NULL, "%.600s", chart);
    free(chart);
    free(page);
}
