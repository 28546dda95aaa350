/* test_outfile.c - atomic output files: commit, abort, failures
 * (outfile.h, DESIGN.md §5). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clustereval/outfile.h"

#include "testutil.h"

/* ---- a scratch folder per test ---- */

TestSuite(outfile, .init = ce_test_dir_init, .fini = ce_test_dir_fini);

/* The names in ce_test_dir, sorted and joined with '|' ("" when empty). */
static void list_folder(char *out, size_t cap)
{
    char names[16][256];
    size_t n = 0;
    DIR *d = opendir(ce_test_dir);
    cr_assert_not_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        cr_assert_lt(n, 16);
        snprintf(names[n++], sizeof names[0], "%s", e->d_name);
    }
    closedir(d);
    for (size_t i = 1; i < n; i++) /* insertion sort: a handful of names */
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char tmp[256];
            memcpy(tmp, names[j], sizeof tmp);
            memcpy(names[j], names[j - 1], sizeof tmp);
            memcpy(names[j - 1], tmp, sizeof tmp);
        }
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && len < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? "|" : "", names[i]);
}

/* The whole content of path (at most cap-1 bytes), NUL-terminated. */
static void slurp(const char *path, char *out, size_t cap)
{
    FILE *fp = fopen(path, "rb");
    cr_assert_not_null(fp, "cannot open %s", path);
    size_t n = fread(out, 1, cap - 1, fp);
    out[n] = '\0';
    fclose(fp);
}

Test(outfile, commit_writes_the_file)
{
    char path[256], listing[512], content[256];
    ce_test_path(path, sizeof path, ce_test_dir, "out.csv");
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_OK, "%s", err.msg);
    cr_assert_not_null(of.fp);
    cr_assert_str_eq(of.path, path);
    cr_assert_not_null(of.tmp_path);
    cr_assert_str_neq(of.tmp_path, path);
    /* the temporary file is beside the destination, which does not exist yet */
    cr_assert_eq(strncmp(of.tmp_path, ce_test_dir, strlen(ce_test_dir)), 0, "tmp: %s", of.tmp_path);
    cr_assert_eq(of.tmp_path[strlen(ce_test_dir)], '/');
    cr_assert_null(strchr(of.tmp_path + strlen(ce_test_dir) + 1, '/'), "tmp: %s", of.tmp_path);
    cr_assert_neq(access(path, F_OK), 0, "destination exists before commit");
    cr_assert_eq(access(of.tmp_path, F_OK), 0, "no temporary file");
    fputs("rank,id\n1,\xE5\xB1\xB1\xE4\xB8\x9C\n", of.fp);
    cr_assert_eq(ce_outfile_commit(&of, &err), CE_OK, "%s", err.msg);
    slurp(path, content, sizeof content);
    cr_assert_str_eq(content, "rank,id\n1,\xE5\xB1\xB1\xE4\xB8\x9C\n");
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "out.csv", "folder holds: %s", listing);
}

Test(outfile, commit_mode_follows_umask)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "mode.csv");
    umask(027);
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_OK, "%s", err.msg);
    fputs("x\n", of.fp);
    cr_assert_eq(ce_outfile_commit(&of, &err), CE_OK, "%s", err.msg);
    struct stat sb;
    cr_assert_eq(stat(path, &sb), 0);
    cr_assert_eq(sb.st_mode & 0777, 0640, "mode %o, want 640", (unsigned)(sb.st_mode & 0777));
}

Test(outfile, abort_leaves_nothing)
{
    char path[256], listing[512];
    ce_test_path(path, sizeof path, ce_test_dir, "out.csv");
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_OK, "%s", err.msg);
    fputs("partial output\n", of.fp);
    list_folder(listing, sizeof listing);
    cr_assert_neq(listing[0], '\0', "the temporary file is not in the folder");
    ce_outfile_abort(&of);
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "", "folder holds: %s", listing);
}

Test(outfile, abort_keeps_existing_content)
{
    char path[256], listing[512], content[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "report.csv", "old content\n");
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_OK, "%s", err.msg);
    slurp(path, content, sizeof content);
    cr_assert_str_eq(content, "old content\n", "open touched the existing file");
    fputs("new content that must not appear\n", of.fp);
    fflush(of.fp);
    ce_outfile_abort(&of);
    slurp(path, content, sizeof content);
    cr_assert_str_eq(content, "old content\n");
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "report.csv", "folder holds: %s", listing);
}

Test(outfile, commit_replaces_existing_file)
{
    char path[256], listing[512], content[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "report.csv",
                       "old content that is longer than the new one\n");
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_OK, "%s", err.msg);
    fputs("new\n", of.fp);
    cr_assert_eq(ce_outfile_commit(&of, &err), CE_OK, "%s", err.msg);
    slurp(path, content, sizeof content);
    cr_assert_str_eq(content, "new\n");
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "report.csv", "folder holds: %s", listing);
}

Test(outfile, empty_commit_gives_empty_file)
{
    char path[256], content[16];
    ce_test_path(path, sizeof path, ce_test_dir, "empty.csv");
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_outfile_commit(&of, &err), CE_OK, "%s", err.msg);
    struct stat sb;
    cr_assert_eq(stat(path, &sb), 0);
    cr_assert_eq(sb.st_size, 0);
    slurp(path, content, sizeof content);
    cr_assert_str_eq(content, "");
}

Test(outfile, nonexistent_folder_is_io_error)
{
    char path[256], listing[512];
    ce_test_path(path, sizeof path, ce_test_dir, "no-such-folder/out.csv");
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_ERR_IO);
    cr_assert_str_eq(err.file, path);
    cr_assert_not_null(strstr(err.msg, "cannot write"), "msg: %s", err.msg);
    ce_outfile_abort(&of); /* safe after a failed open */
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "", "folder holds: %s", listing);
}

Test(outfile, path_that_is_a_folder_is_io_error)
{
    char path[256], listing[512];
    ce_test_path(path, sizeof path, ce_test_dir, "sub");
    cr_assert_eq(mkdir(path, 0700), 0);
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_ERR_IO);
    cr_assert_str_eq(err.file, path);
    cr_assert_not_null(strstr(err.msg, "folder"), "msg: %s", err.msg);
    ce_outfile_abort(&of);
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "sub", "folder holds: %s", listing);
    struct stat sb;
    cr_assert_eq(stat(path, &sb), 0);
    cr_assert(S_ISDIR(sb.st_mode), "the folder was replaced");
}

Test(outfile, two_outfiles_in_one_folder)
{
    char a[256], b[256], listing[512], content[64];
    ce_test_path(a, sizeof a, ce_test_dir, "a.csv");
    ce_test_path(b, sizeof b, ce_test_dir, "b.csv");
    ce_outfile oa, ob;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&oa, a, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_outfile_open(&ob, b, &err), CE_OK, "%s", err.msg);
    cr_assert_str_neq(oa.tmp_path, ob.tmp_path);
    fputs("A\n", oa.fp);
    fputs("B\n", ob.fp);
    ce_outfile_abort(&ob);
    cr_assert_eq(ce_outfile_commit(&oa, &err), CE_OK, "%s", err.msg);
    slurp(a, content, sizeof content);
    cr_assert_str_eq(content, "A\n");
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "a.csv", "folder holds: %s", listing);
}
