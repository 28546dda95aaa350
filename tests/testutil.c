/* testutil.c - scaffolding shared by the unit tests (see testutil.h). */
#include "testutil.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Room for a path when the caller passes none. */
#define LOCAL_PATH_CAP 4096

char ce_test_dir[CE_TEST_DIR_CAP];

void ce_test_dir_init(void)
{
    ce_test_dir_make(ce_test_dir, sizeof ce_test_dir, "unit");
}

void ce_test_dir_fini(void)
{
    ce_test_dir_remove(ce_test_dir);
    ce_test_dir[0] = '\0';
}

void ce_test_dir_make(char *dir, size_t cap, const char *tag)
{
    cr_assert(cap > 0);
    dir[0] = '\0';
    int n = snprintf(dir, cap, "/tmp/ce_test_%s_XXXXXX", tag);
    cr_assert(n > 0 && (size_t)n < cap, "scratch folder name too long for tag \"%s\"", tag);
    if (!mkdtemp(dir)) {
        dir[0] = '\0';
        cr_assert_fail("mkdtemp failed");
    }
}

void ce_test_dir_remove(const char *dir)
{
    if (!dir || !dir[0])
        return;
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char path[LOCAL_PATH_CAP];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        int n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (n < 0 || (size_t)n >= sizeof path)
            continue;
        if (unlink(path) != 0)
            rmdir(path); /* an (empty) sub-folder */
    }
    closedir(d);
    rmdir(dir);
}

char *ce_test_path(char *path, size_t cap, const char *dir, const char *name)
{
    cr_assert(cap > 0);
    int n = snprintf(path, cap, "%s/%s", dir, name);
    cr_assert(n > 0 && (size_t)n < cap, "path %s/%s longer than %zu bytes", dir, name, cap - 1);
    return path;
}

void ce_test_write(char *path, size_t cap, const char *dir, const char *name, const char *bytes,
                   size_t len)
{
    char local[LOCAL_PATH_CAP];
    if (!path) {
        path = local;
        cap = sizeof local;
    }
    cr_assert(dir && dir[0], "no scratch folder (mkdtemp failed)");
    ce_test_path(path, cap, dir, name);
    FILE *fp = fopen(path, "wb");
    cr_assert_not_null(fp, "cannot create %s", path);
    cr_assert_eq(fwrite(bytes, 1, len, fp), len, "cannot write %s", path);
    cr_assert_eq(fclose(fp), 0, "cannot close %s", path);
}

void ce_test_write_text(char *path, size_t cap, const char *dir, const char *name,
                        const char *text)
{
    ce_test_write(path, cap, dir, name, text, strlen(text));
}

/* Writes text to dir/name like ce_test_write_text and returns the file's
 * path: path, or local (LOCAL_PATH_CAP bytes) when path is NULL. */
static const char *write_file(char *path, size_t cap, char *local, const char *dir,
                              const char *name, const char *text)
{
    if (!path) {
        path = local;
        cap = LOCAL_PATH_CAP;
    }
    ce_test_write_text(path, cap, dir, name, text);
    return path;
}

ce_profile *ce_test_load_profile(char *path, size_t cap, const char *dir, const char *name,
                                 const char *text, ce_encoding enc)
{
    char local[LOCAL_PATH_CAP];
    const char *file = write_file(path, cap, local, dir, name, text);
    ce_profile *p = NULL;
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_profile_load(file, enc, &p, NULL, &err);
    cr_assert_eq(st, CE_OK, "profile load failed: %s:%zu: %s", err.file, err.line, err.msg);
    cr_assert_not_null(p);
    return p;
}

ce_table *ce_test_read_table(char *path, size_t cap, const char *dir, const char *name,
                             const char *text, const ce_profile *prof, ce_encoding enc,
                             ce_diag *diag)
{
    char local[LOCAL_PATH_CAP];
    const char *file = write_file(path, cap, local, dir, name, text);
    ce_table *t = NULL;
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_table_read(file, prof, enc, &t, diag, &err);
    cr_assert_eq(st, CE_OK, "data read failed: %s:%zu: %s", err.file, err.line, err.msg);
    cr_assert_not_null(t);
    return t;
}
