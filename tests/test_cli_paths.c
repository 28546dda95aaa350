/* test_cli_paths.c - where the CLI looks for its shipped weights
 * (cli_paths.h). This test binary lives in BUILD/tests beside a weights
 * link to the sources' weights/ (tests/CMakeLists.txt), as the build
 * tree's clustereval does: that folder is found, resolved. (The installed
 * place and a binary without weights are covered by install_package.) */
#define _DEFAULT_SOURCE /* realpath */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_paths.h"

/* The sources' weights/, resolved: CE_TEST_DATA is SRC/tests/data. */
static void source_weights(char *out)
{
    const char *data = getenv("CE_TEST_DATA");
    cr_assert_not_null(data, "CE_TEST_DATA is not set");
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/../../weights", data);
    cr_assert_not_null(realpath(path, out));
}

Test(cli_paths, the_weights_link_beside_the_binary_is_found_resolved)
{
    char want[PATH_MAX];
    source_weights(want);
    const char *why = "unset";
    const char *w = ce_cli_weights_dir(&why);
    cr_assert_not_null(w);
    cr_assert_null(why);
    cr_assert_str_eq(w, want);
}

Test(cli_paths, shipped_file_is_its_name_in_the_weights_folder)
{
    char dir[PATH_MAX], want[PATH_MAX + 64];
    source_weights(dir);
    snprintf(want, sizeof want, "%s/default.csv", dir);
    const char *p = ce_cli_shipped_file(CE_DEFAULT_PROFILE);
    cr_assert_str_eq(p, want);
    cr_assert_eq(ce_cli_shipped_file(CE_DEFAULT_PROFILE), p, "one path per name, kept");
    snprintf(want, sizeof want, "%s/voucher-policy.csv", dir);
    cr_assert_str_eq(ce_cli_shipped_file(CE_DEFAULT_VOUCHER_POLICY), want);
    snprintf(want, sizeof want, "%s/default.csv", dir);
    cr_assert_str_eq(p, want, "the first path is unchanged");
}
