/* test_cli_paths.c - where the CLI looks for its shipped weights
 * (cli_paths.h). This test binary lives in BUILD/tests, where neither the
 * installed place (../share/clustereval/weights) nor a build tree's
 * weights link exists: the installed place is answered, so that opening a
 * default fails naming it. (tests/install/install.sh covers the installed
 * package, every e2e test the build tree.) */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli_paths.h"

/* The folder of this binary, with a trailing '/'. */
static void exe_dir(char *out, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", out, size - 1);
    cr_assert_gt(n, 0);
    out[n] = '\0';
    char *slash = strrchr(out, '/');
    cr_assert_not_null(slash);
    slash[1] = '\0';
}

Test(cli_paths, no_weights_folder_answers_the_installed_place)
{
    char dir[PATH_MAX];
    exe_dir(dir, sizeof dir);
    const char *why = "unset";
    const char *w = ce_cli_weights_dir(&why);
    cr_assert_not_null(w);
    cr_assert_null(why);
    char want[PATH_MAX + 64];
    snprintf(want, sizeof want, "%s%s", dir, CE_WEIGHTS_RELDIR);
    cr_assert_str_eq(w, want);
}

Test(cli_paths, shipped_file_is_its_name_in_the_weights_folder)
{
    const char *w = ce_cli_weights_dir(NULL);
    char want[PATH_MAX + 64];
    snprintf(want, sizeof want, "%s/default.csv", w);
    const char *p = ce_cli_shipped_file(CE_DEFAULT_PROFILE);
    cr_assert_str_eq(p, want);
    cr_assert_eq(ce_cli_shipped_file(CE_DEFAULT_PROFILE), p, "one path per name, kept");
    snprintf(want, sizeof want, "%s/voucher-policy.csv", w);
    cr_assert_str_eq(ce_cli_shipped_file(CE_DEFAULT_VOUCHER_POLICY), want);
    cr_assert_str_eq(p + strlen(w), "/default.csv", "the first path is unchanged");
}
