/* fuzz_voucher_row.c - libFuzzer harness for ce_voucher_assess (voucher.h)
 * on one application, under weights/voucher-policy.csv and
 * weights/sme-standard-2011.csv (loaded once).
 *
 * Input: FLAGS CELLS, where FLAGS is one byte (bit 0: strict_cap) and
 * CELLS are the CE_VCOL_N cells in column order (app_id, applied_at, ...,
 * requested) separated by NUL bytes; missing cells are "". Checked:
 * ce_voucher_reasons gives the same text with 512 bytes as with 4096
 * (voucher.h: ">= 512 is always enough") and stays within smaller buffers;
 * an assessment is ok exactly when its reasons are empty or only
 * "reduced_to_cap"; a valid code is 18 characters that pass GB 32100; the
 * face value never exceeds the request or, when cut, the cap. */
#include "fuzz_util.h"

#include <stdint.h>

#include "clustereval/creditcode.h"
#include "clustereval/sme.h"
#include "clustereval/status.h"
#include "clustereval/voucher.h"

static ce_voucher_policy *policy;
static ce_sme_standard *standard;

static void free_policy(void)
{
    ce_voucher_policy_free(policy);
    ce_sme_standard_free(standard);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ce_error err;
    if (ce_voucher_policy_load(CE_SOURCE_DIR "/weights/voucher-policy.csv", &policy, NULL,
                               &err) != CE_OK ||
        ce_sme_standard_load(CE_SOURCE_DIR "/weights/sme-standard-2011.csv", CE_ENC_AUTO,
                             &standard, NULL, &err) != CE_OK) {
        fprintf(stderr, "fuzz_voucher_row: %s:%zu: %s\n", err.file, err.line, err.msg);
        abort();
    }
    atexit(free_policy);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int strict_cap = data[0] & 1;
    char *cells[CE_VCOL_N];
    fuzz_cells_split(data + 1, size - 1, '\0', cells, CE_VCOL_N);
    const char *cell[CE_VCOL_N];
    for (int c = 0; c < CE_VCOL_N; c++)
        cell[c] = cells[c] ? cells[c] : "";

    ce_voucher_assessment a;
    ce_voucher_assess(policy, standard, cell, strict_cap, &a);

    char big[4096], small[512];
    ce_voucher_reasons(&a, big, sizeof big);
    ce_voucher_reasons(&a, small, sizeof small);
    FUZZ_CHECK(strcmp(big, small) == 0, "512 bytes are not enough for \"%s\"", big);
    for (size_t n = 0; n < 8; n++) {
        char *tiny = malloc(n ? n : 1);
        if (!tiny)
            abort();
        ce_voucher_reasons(&a, tiny, n);
        if (n)
            FUZZ_CHECK(memchr(tiny, '\0', n) != NULL, "no NUL in %zu bytes", n);
        free(tiny);
    }
    int ok = ce_voucher_assessment_ok(&a);
    FUZZ_CHECK(ok == (big[0] == '\0' || strcmp(big, "reduced_to_cap") == 0),
               "ok %d, reasons \"%s\"", ok, big);
    for (int i = 0; i < CE_VRULE_N; i++)
        FUZZ_CHECK(ce_voucher_rule_code(i)[0] != '?', "rule %d", i);

    if (a.code_valid) {
        FUZZ_CHECK(strlen(a.credit_code) == 18, "credit_code \"%s\"", a.credit_code);
        FUZZ_CHECK(ce_credit_code_check(a.credit_code, 18, NULL) == CE_CREDIT_OK,
                   "credit_code \"%s\" does not pass", a.credit_code);
    } else {
        FUZZ_CHECK(a.credit_code[0] == '\0', "credit_code \"%s\" without code_valid",
                   a.credit_code);
    }
    FUZZ_CHECK(a.size >= -1 && a.size < CE_SME_N_SIZES, "size %d", a.size);
    FUZZ_CHECK(a.type >= -1 && a.type <= CE_VOUCHER_DIGITAL_TRANSFORMATION, "type %d", a.type);
    int requested_ok = !(a.missing & (1u << CE_VCOL_REQUESTED)) &&
                       !(a.invalid & (1u << CE_VCOL_REQUESTED));
    if (requested_ok) {
        FUZZ_CHECK(a.requested_fen > 0 && a.requested_fen <= CE_MONEY_MAX_FEN,
                   "requested_fen %lld", a.requested_fen);
        FUZZ_CHECK(a.face_fen > 0 && a.face_fen <= a.requested_fen, "face %lld, requested %lld",
                   a.face_fen, a.requested_fen);
        if (a.reduced) {
            FUZZ_CHECK(a.type >= 0 && !strict_cap, "reduced with type %d, strict %d", a.type,
                       strict_cap);
            FUZZ_CHECK(a.face_fen == ce_voucher_policy_cap_fen(policy, a.type),
                       "reduced to %lld, cap %lld", a.face_fen,
                       ce_voucher_policy_cap_fen(policy, a.type));
        }
    }
    if (a.type >= 0)
        (void)ce_voucher_type_name((ce_voucher_type)a.type);
    fuzz_cells_free(cells, CE_VCOL_N);
    return 0;
}
