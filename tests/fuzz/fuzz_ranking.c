/* fuzz_ranking.c - libFuzzer harness for the rank path: ce_profile_load,
 * ce_table_read_opts and ce_pipeline_run (profile.h, table.h, pipeline.h).
 *
 * Input: PROFILE SEP DATA [ "\n===\n" OPTIONS ], where SEP is the first NUL
 * byte or the first "\n===\n", whichever comes first. PROFILE and DATA are
 * CSV files. OPTIONS, when present, are bytes that choose the pipeline
 * options, each within what the CLI accepts:
 *   [0] --normalize (method % 10)   [1] --aggregate (% 5)
 *   [2] --impute (% 5; the group methods use the text column "group")
 *   [3] --treat (% 2)
 *   [4] bit 0 --flatten; bit 1 --range (bits 2-3 choose one of four valid
 *       ranges); bit 4 --zscore 10,2
 *   [5] --min-coverage byte/255     [6] --top byte
 *   [7..] --tie-break CODE (the rest, up to a NUL), when not empty.
 * A run that succeeds is repeated through ce_pipeline_prepare and
 * ce_pipeline_score, which pipeline.h promises give the same composite,
 * ranks and awards exactly. */
#include "fuzz_util.h"

#include <math.h>
#include <stdint.h>

#include "clustereval/pipeline.h"
#include "clustereval/profile.h"
#include "clustereval/status.h"
#include "clustereval/table.h"

static fuzz_file profile_file, data_file;

static void close_files(void)
{
    fuzz_file_close(&profile_file);
    fuzz_file_close(&data_file);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_file_open(&profile_file, "fuzz_ranking_profile");
    fuzz_file_open(&data_file, "fuzz_ranking_data");
    atexit(close_files);
    return 0;
}

static const uint8_t *find_marker(const uint8_t *s, size_t n)
{
    return memmem(s, n, "\n===\n", 5);
}

/* Fills o from the option bytes; *tie receives a malloc'ed tie-break code
 * or NULL. */
static void set_options(const uint8_t *b, size_t n, ce_pipeline_options *o, char **tie)
{
    static const double ranges[4][2] = {{0, 100}, {1, 100}, {-5, 5}, {0, 1}};
    ce_pipeline_options_init(o);
    *tie = NULL;
    if (n > 0)
        o->normalize.method = (ce_normalize_method)(b[0] % 10);
    if (n > 1)
        o->aggregate = (ce_agg_method)(b[1] % 5);
    if (n > 2) {
        o->impute = (ce_impute_method)(b[2] % 5);
        if (o->impute == CE_IMPUTE_GROUP_MEAN || o->impute == CE_IMPUTE_GROUP_MEDIAN)
            o->impute_column = "group";
    }
    if (n > 3)
        o->treat = (ce_treat_method)(b[3] % 2);
    if (n > 4) {
        o->flatten = b[4] & 1;
        if (b[4] & 2) {
            o->range_given = 1;
            o->normalize.lo = ranges[(b[4] >> 2) & 3][0];
            o->normalize.hi = ranges[(b[4] >> 2) & 3][1];
        }
        if (b[4] & 16) {
            o->normalize.z_mean = 10;
            o->normalize.z_sd = 2;
        }
    }
    if (n > 5)
        o->min_coverage = b[5] / 255.0;
    if (n > 6)
        o->top = b[6];
    if (n > 7) {
        const uint8_t *end = memchr(b + 7, '\0', n - 7);
        size_t len = end ? (size_t)(end - (b + 7)) : n - 7;
        if (len > 0) {
            *tie = malloc(len + 1);
            if (!*tie)
                abort();
            memcpy(*tie, b + 7, len);
            (*tie)[len] = '\0';
            o->tie_break = *tie;
        }
    }
}

static int same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

/* Scores pp again with ce_pipeline_score and compares with r. */
static void check_score(const ce_table *t, const ce_profile *p, const ce_pipeline_options *o,
                        const ce_result *r)
{
    ce_error err;
    ce_prepared *pp = NULL;
    ce_status st = ce_pipeline_prepare(t, p, o, &pp, NULL, &err);
    FUZZ_CHECK(st == CE_OK, "ce_pipeline_run succeeded, ce_pipeline_prepare fails: %s", err.msg);
    size_t rows = ce_prepared_rows(pp);
    FUZZ_CHECK(rows == r->rows, "rows %zu vs %zu", rows, r->rows);
    ce_pipeline_ws *ws = ce_pipeline_ws_new(pp);
    double *composite = malloc((rows + 1) * sizeof *composite);
    size_t *rank = malloc((rows + 1) * sizeof *rank);
    ce_award *award = malloc((rows + 1) * sizeof *award);
    if (!ws || !composite || !rank || !award)
        abort();
    st = ce_pipeline_score(pp, NULL, NULL, ws, composite, rank, award, &err);
    FUZZ_CHECK(st == CE_OK, "ce_pipeline_run succeeded, ce_pipeline_score fails: %s", err.msg);
    for (size_t i = 0; i < rows; i++) {
        FUZZ_CHECK(same_double(composite[i], r->composite[i]), "row %zu: composite %.17g vs %.17g",
                   i, composite[i], r->composite[i]);
        FUZZ_CHECK(rank[i] == r->rank[i], "row %zu: rank %zu vs %zu", i, rank[i], r->rank[i]);
        FUZZ_CHECK(award[i] == r->award[i], "row %zu: award %d vs %d", i, (int)award[i],
                   (int)r->award[i]);
    }
    free(composite);
    free(rank);
    free(award);
    ce_pipeline_ws_free(ws);
    ce_prepared_free(pp);
}

static void check_result(const ce_result *r)
{
    unsigned char *seen = calloc(r->rows + 1, 1);
    if (!seen)
        abort();
    for (size_t i = 0; i < r->rows; i++) {
        FUZZ_CHECK(r->notes[i] != NULL, "notes[%zu] is NULL", i);
        FUZZ_CHECK(r->order[i] < r->rows && !seen[r->order[i]], "order[%zu] = %zu", i,
                   r->order[i]);
        seen[r->order[i]] = 1;
        FUZZ_CHECK((r->rank[i] == 0) == isnan(r->composite[i]), "row %zu: rank %zu, composite %g",
                   i, r->rank[i], r->composite[i]);
        FUZZ_CHECK(r->rank[i] <= r->rows, "row %zu: rank %zu of %zu", i, r->rank[i], r->rows);
        FUZZ_CHECK(r->coverage[i] >= 0 && r->coverage[i] <= 1, "row %zu: coverage %g", i,
                   r->coverage[i]);
    }
    free(seen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, '\0', size), *mark = find_marker(data, size);
    const uint8_t *sep = nul && (!mark || nul < mark) ? nul : mark;
    if (!sep)
        return 0;
    size_t profile_len = (size_t)(sep - data);
    const uint8_t *rest = sep + (sep == nul ? 1 : 5);
    size_t rest_len = size - (size_t)(rest - data);
    const uint8_t *opt_mark = find_marker(rest, rest_len);
    size_t data_len = opt_mark ? (size_t)(opt_mark - rest) : rest_len;
    const uint8_t *opt = opt_mark ? opt_mark + 5 : NULL;
    size_t opt_len = opt ? size - (size_t)(opt - data) : 0;

    ce_pipeline_options o;
    char *tie;
    set_options(opt, opt_len, &o, &tie);

    fuzz_file_put(&profile_file, data, profile_len);
    fuzz_file_put(&data_file, rest, data_len);
    ce_diag diag;
    ce_diag_init(&diag);
    ce_error err;
    ce_profile *p = NULL;
    ce_table *t = NULL;
    ce_result *r = NULL;
    ce_status st = ce_profile_load(profile_file.path, CE_ENC_AUTO, &p, &diag, &err);
    if (st == CE_OK) {
        const char *group = o.impute_column;
        ce_table_options to = {.encoding = CE_ENC_AUTO, .text_columns = group ? &group : NULL,
                               .n_text_columns = group ? 1 : 0,
                               .text_purpose = "(named by --impute)"};
        st = ce_table_read_opts(data_file.path, p, &to, &t, &diag, &err);
    }
    if (st == CE_OK) {
        size_t rows = ce_table_rows(t), cols = ce_table_cols(t);
        const double *v = ce_table_values(t);
        for (size_t i = 0; i < rows; i++) {
            FUZZ_CHECK(ce_table_id(t, i)[0] != '\0', "row %zu: empty id", i);
            for (size_t j = 0; j < cols; j++)
                FUZZ_CHECK(isnan(v[i * cols + j]) || isfinite(v[i * cols + j]),
                           "row %zu col %zu", i, j);
        }
        st = ce_pipeline_run(t, p, &o, &r, &diag, &err);
    }
    if (st == CE_OK) {
        check_result(r);
        check_score(t, p, &o, r);
    } else {
        FUZZ_CHECK(st == CE_ERR_DATA || st == CE_ERR_USAGE || st == CE_ERR_IO, "status %d",
                   (int)st);
    }
    ce_result_free(r);
    ce_table_free(t);
    ce_profile_free(p);
    ce_diag_fini(&diag);
    free(tie);
    return 0;
}
