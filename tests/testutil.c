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

/* ---- the five clusters ranked by hand ---- */

const char ce_test_five_profile[] = "code,name,parent,weight,direction,unit\n"
                                    "dA,Dim A,,1,,\n"
                                    "dB,Dim B,,1,,\n"
                                    "a1,Ind a1,dA,1,+,\n"
                                    "a2,Ind a2,dA,1,-,\n"
                                    "b1,Ind b1,dB,1,+,\n"
                                    "b2,Ind b2,dB,1,+,\n";

const char ce_test_five_data[] = "id,name,eligible,veto,a1,a2,b1,b2\n"
                                 "c1,One,1,0,10,5,0,7\n"
                                 "c2,Two,1,0,20,,50,7\n"     /* a2 missing */
                                 "c3,Three,0,0,30,1,100,7\n" /* not eligible */
                                 "c4,Four,1,1,0,3,20,7\n"    /* vetoed */
                                 "c5,Five,1,0,40,9,80,7\n";

/* Hand computation.
 * a1 '+', min 0 max 40:  c1 25, c2 50, c3 75, c4 0, c5 100
 * a2 '-', present 5,1,3,9, min 1 max 9, (9-x)/8*100:
 *                        c1 50, c2 NaN, c3 100, c4 75, c5 0
 * b1 '+', min 0 max 100: c1 0, c2 50, c3 100, c4 20, c5 80
 * b2 constant:           100 for all (warning)
 * dA = mean(a1, a2):     c1 37.5, c2 50 (a1 alone), c3 87.5, c4 37.5, c5 50
 * dB = mean(b1, b2):     c1 50, c2 75, c3 100, c4 60, c5 90
 * composite = mean(dA, dB):
 *                        c1 43.75, c2 62.5, c3 93.75, c4 48.75, c5 70
 * rank:                  c3 1, c5 2, c2 3, c4 4, c1 5
 * dA rank:               c3 1, c2 = c5 2, c1 = c4 4
 * dB rank:               c3 1, c5 2, c2 3, c4 4, c1 5
 * candidates (top 2):    c3 not eligible, c4 vetoed -> c5 (2), c2 (3), c1 (5);
 *                        c5 and c2 get yes */

void ce_test_five_load(const char *dir, ce_profile **prof, ce_table **table)
{
    *prof = ce_test_load_profile(NULL, 0, dir, "profile.csv", ce_test_five_profile,
                                 CE_ENC_UTF8);
    *table = ce_test_read_table(NULL, 0, dir, "data.csv", ce_test_five_data, *prof, CE_ENC_UTF8,
                                NULL);
}

ce_result *ce_test_five_rank(const ce_profile *prof, const ce_table *table, ce_diag *diag)
{
    ce_pipeline_options o;
    ce_pipeline_options_init(&o);
    o.top = 2;
    o.award_amount = 500000;
    o.missing.kind = CE_MISSING_SKIP; /* the hand computation leaves missing values out */
    ce_result *r = NULL;
    ce_error err = {{0}, 0, {0}};
    ce_status st = ce_pipeline_run(table, prof, &o, &r, diag, &err);
    cr_assert_eq(st, CE_OK, "pipeline: %s", err.msg);
    cr_assert_not_null(r);
    return r;
}
