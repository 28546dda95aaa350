/* fuzz_training_row.c - libFuzzer harness for ce_training_assess
 * (training.h) on one applicant, under weights/training-policy.csv (loaded
 * once).
 *
 * Input: FLAGS CELLS. FLAGS is one byte: bit 0 the stage (0 apply, 1
 * accept); bit 1 the file has the optional province column; bit 2 (apply
 * only) the file has the accept-only columns too. CELLS are the CE_TCOL_N
 * cells in column order (applicant_id, name, ..., province) separated by NUL
 * bytes; missing cells are "". A column the file does not have is NULL, as
 * the training command passes it. Checked: the result is a pass exactly when
 * no reason is given, the reasons are a NUL-terminated string, and money
 * is only given to a pass. */
#include "fuzz_util.h"

#include <stdint.h>

#include "clustereval/status.h"
#include "clustereval/training.h"

static ce_training_policy *policy;

static void free_policy(void) { ce_training_policy_free(policy); }

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ce_error err;
    if (ce_training_policy_load(CE_SOURCE_DIR "/weights/training-policy.csv", &policy, NULL,
                                &err) != CE_OK) {
        fprintf(stderr, "fuzz_training_row: %s:%zu: %s\n", err.file, err.line, err.msg);
        abort();
    }
    atexit(free_policy);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    ce_training_stage stage = (data[0] & 1) ? CE_TRAINING_ACCEPT : CE_TRAINING_APPLY;
    int has_province = (data[0] >> 1) & 1, has_accept = (data[0] >> 2) & 1;
    char *cells[CE_TCOL_N];
    fuzz_cells_split(data + 1, size - 1, '\0', cells, CE_TCOL_N);
    const char *cell[CE_TCOL_N];
    for (int c = 0; c < CE_TCOL_N; c++) {
        int present = ce_training_column_required((ce_training_column)c, stage) ||
                      (c == CE_TCOL_PROVINCE && has_province) ||
                      (c != CE_TCOL_PROVINCE && has_accept);
        cell[c] = present ? (cells[c] ? cells[c] : "") : NULL;
        FUZZ_CHECK(ce_training_column_name((ce_training_column)c)[0] != '?', "column %d", c);
    }

    ce_training_result r;
    ce_training_assess(policy, stage, cell, &r);
    FUZZ_CHECK(memchr(r.failed, '\0', sizeof r.failed) != NULL, "failed is not terminated");
    FUZZ_CHECK(r.pass == (r.failed[0] == '\0'), "pass %d, failed \"%s\"", r.pass, r.failed);
    FUZZ_CHECK(r.kind >= -1 && r.kind <= CE_TRAINING_COLLEGE, "kind %d", r.kind);
    if (r.kind >= 0)
        (void)ce_training_kind_name((ce_training_kind)r.kind);
    if (r.pass) {
        FUZZ_CHECK(r.subsidy_fen > 0, "pass with subsidy %lld", r.subsidy_fen);
        FUZZ_CHECK(r.reward_fen >= 0, "reward %lld", r.reward_fen);
        FUZZ_CHECK(stage == CE_TRAINING_ACCEPT || r.reward_fen == 0, "reward at apply");
    } else {
        FUZZ_CHECK(r.subsidy_fen == 0 && r.reward_fen == 0, "fail with subsidy %lld reward %lld",
                   r.subsidy_fen, r.reward_fen);
    }
    fuzz_cells_free(cells, CE_TCOL_N);
    return 0;
}
