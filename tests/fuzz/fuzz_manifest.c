/* fuzz_manifest.c - libFuzzer harness for ce_manifest_load (manifest.h): the
 * input is a whole OUT.manifest.json, the file `verify` trusts least. A
 * manifest that loads is checked against what manifest.h promises: a
 * command of at least one argument, every file record with a role, a path,
 * a size >= 0 and 64 lowercase hex digits, options and counts readable, and
 * ce_manifest_resolve giving a path for every file. A refusal is CE_ERR_DATA
 * (or CE_ERR_IO) with *out untouched and a message. */
#include "fuzz_util.h"

#include "clustereval/manifest.h"
#include "clustereval/status.h"

static fuzz_file input;

static void close_input(void) { fuzz_file_close(&input); }

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_file_open(&input, "fuzz_manifest");
    atexit(close_input);
    return 0;
}

static void check_manifest(const ce_manifest *m)
{
    size_t argc = ce_manifest_argc(m);
    FUZZ_CHECK(argc >= 1, "argc %zu", argc);
    for (size_t i = 0; i < argc; i++)
        FUZZ_CHECK(ce_manifest_argv(m, i) != NULL, "argv %zu", i);
    FUZZ_CHECK(ce_manifest_argv(m, argc) == NULL, "argv past the end");
    for (size_t i = 0; i < ce_manifest_option_count(m); i++) {
        const char *name, *value;
        ce_manifest_option(m, i, &name, &value);
        FUZZ_CHECK(name && value, "option %zu", i);
    }
    for (size_t i = 0; i < ce_manifest_file_count(m); i++) {
        const char *role, *path, *sha;
        long long size;
        ce_manifest_file(m, i, &role, &path, &size, &sha);
        FUZZ_CHECK(role && path && size >= 0 && strlen(sha) == 64, "file %zu", i);
        for (size_t k = 0; k < 64; k++)
            FUZZ_CHECK((sha[k] >= '0' && sha[k] <= '9') || (sha[k] >= 'a' && sha[k] <= 'f'),
                       "file %zu sha256 \"%s\"", i, sha);
        char *resolved = ce_manifest_resolve(m, path);
        FUZZ_CHECK(resolved != NULL, "resolve file %zu", i);
        free(resolved);
    }
    for (size_t i = 0; i < ce_manifest_counter_count(m); i++) {
        const char *name;
        long long value;
        ce_manifest_counter(m, i, &name, &value);
        FUZZ_CHECK(name != NULL, "count %zu", i);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_file_put(&input, data, size);
    ce_error err = {{0}, 0, {0}};
    ce_manifest *m = NULL;
    ce_status st = ce_manifest_load(input.path, &m, &err);
    if (st != CE_OK) {
        FUZZ_CHECK(m == NULL, "*out set on failure");
        FUZZ_CHECK(st == CE_ERR_DATA || st == CE_ERR_IO, "status %d", (int)st);
        FUZZ_CHECK(err.msg[0] != '\0', "a refusal without a message");
        return 0;
    }
    check_manifest(m);
    ce_manifest_free(m);
    return 0;
}
