/* rerun.c - see rerun.h. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "rerun.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct ce_rerun {
    const ce_manifest *m;
    char **argv;          /* argc + 1 entries, what ce_cli_main gets (and may permute) */
    int argc;
    char *dir;            /* the private temporary folder */
    size_t n_files;       /* the manifest's */
    char **output;        /* per file: where the re-run writes it */
    char **handed;        /* paths handed to the command, to free */
    size_t n_handed, cap_handed;
    unsigned next;        /* the next numbered subfolder of dir */
    int saved_cwd;        /* fd of the folder before ce_rerun_enter; -1 */
    int planned;
};

static int is_written_role(const char *role)
{
    return strcmp(role, "output") == 0 || strcmp(role, "report") == 0;
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

void ce_rerun_free(ce_rerun *r)
{
    if (!r)
        return;
    if (r->saved_cwd >= 0)
        ce_rerun_leave(r, NULL);
    if (r->dir) /* depth first, symbolic links not followed */
        nftw(r->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    free(r->dir);
    if (r->argv)
        for (int i = 0; i < r->argc; i++)
            free(r->argv[i]);
    free(r->argv);
    if (r->output)
        for (size_t i = 0; i < r->n_files; i++)
            free(r->output[i]);
    free(r->output);
    for (size_t i = 0; i < r->n_handed; i++)
        free(r->handed[i]);
    free(r->handed);
    free(r);
}

/* The private temporary folder: $TMPDIR when it is absolute, else /tmp. */
static char *make_dir(ce_error *err)
{
    const char *base = getenv("TMPDIR");
    if (!base || base[0] != '/')
        base = "/tmp";
    size_t n = strlen(base) + sizeof "/clustereval-verify-XXXXXX";
    char *t = malloc(n);
    if (!t) {
        ce_error_nomem(err);
        return NULL;
    }
    snprintf(t, n, "%s/clustereval-verify-XXXXXX", base);
    if (!mkdtemp(t)) {
        ce_error_set(err, CE_ERR_IO, base, 0, "cannot make a temporary folder: %s",
                     strerror(errno));
        free(t);
        return NULL;
    }
    return t;
}

ce_status ce_rerun_new(const ce_manifest *m, ce_rerun **out, ce_error *err)
{
    size_t argc = ce_manifest_argc(m);
    if (argc == 0)
        return ce_error_set(err, CE_ERR_DATA, NULL, 0, "the manifest has no command");
    if (strcmp(ce_manifest_argv(m, 0), "verify") == 0)
        return ce_error_set(err, CE_ERR_DATA, NULL, 0,
                            "the manifest records a verify; there is nothing to re-run");
    ce_rerun *r = calloc(1, sizeof *r);
    if (!r)
        return ce_error_nomem(err);
    r->m = m;
    r->saved_cwd = -1;
    r->n_files = ce_manifest_file_count(m);
    r->argv = calloc(argc + 2, sizeof *r->argv);
    r->output = calloc(r->n_files + 1, sizeof *r->output);
    ce_status st = r->argv && r->output ? CE_OK : ce_error_nomem(err);
    if (st == CE_OK && !(r->argv[r->argc++] = strdup("clustereval")))
        st = ce_error_nomem(err);
    for (size_t k = 0; st == CE_OK && k < argc; k++)
        if (!(r->argv[r->argc++] = strdup(ce_manifest_argv(m, k))))
            st = ce_error_nomem(err);
    if (st == CE_OK && !(r->dir = make_dir(err)))
        st = CE_ERR_IO;
    if (st != CE_OK) {
        ce_rerun_free(r);
        return st;
    }
    *out = r;
    return CE_OK;
}

int ce_rerun_argc(const ce_rerun *r)
{
    return r->argc;
}

char **ce_rerun_argv(ce_rerun *r)
{
    return r->argv;
}

ce_status ce_rerun_enter(ce_rerun *r, ce_error *err)
{
    const char *cwd = ce_manifest_get(r->m, "cwd");
    if (!cwd || r->saved_cwd >= 0)
        return CE_OK;
    r->saved_cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (r->saved_cwd < 0)
        return ce_error_set(err, CE_ERR_IO, NULL, 0, "cannot open the current folder: %s",
                            strerror(errno));
    if (chdir(cwd) != 0) {
        ce_status st = ce_error_set(err, CE_ERR_IO, cwd, 0,
                                    "cannot change to the folder the command ran in: %s",
                                    strerror(errno));
        close(r->saved_cwd);
        r->saved_cwd = -1;
        return st;
    }
    return CE_OK;
}

ce_status ce_rerun_leave(ce_rerun *r, ce_error *err)
{
    if (r->saved_cwd < 0)
        return CE_OK;
    int failed = fchdir(r->saved_cwd) != 0;
    int saved = errno;
    close(r->saved_cwd);
    r->saved_cwd = -1;
    if (failed)
        return ce_error_set(err, CE_ERR_IO, NULL, 0, "cannot go back to the current folder: %s",
                            strerror(saved));
    return CE_OK;
}

/* ---- mapping the plan --------------------------------------------------------- */

/* The recorded file with this path whose role is role (or, when role is
 * NULL, an output or report); -1 when none. */
static long find(const ce_rerun *r, const char *path, const char *role)
{
    for (size_t i = 0; i < r->n_files; i++) {
        const char *frole, *fpath;
        ce_manifest_file(r->m, i, &frole, &fpath, NULL, NULL);
        if (strcmp(fpath, path) == 0 && (role ? strcmp(frole, role) == 0 : is_written_role(frole)))
            return (long)i;
    }
    return -1;
}

/* Keeps s (malloc'd) until the re-run is freed; returns it, NULL when out
 * of memory (s is then freed). */
static char *hand(ce_rerun *r, char *s)
{
    if (s && r->n_handed == r->cap_handed) {
        size_t cap = r->cap_handed ? 2 * r->cap_handed : 8;
        char **items = realloc(r->handed, cap * sizeof *items);
        if (!items) {
            free(s);
            return NULL;
        }
        r->handed = items;
        r->cap_handed = cap;
    }
    if (s)
        r->handed[r->n_handed++] = s;
    return s;
}

/* "a" + "b" + "c", malloc'd. */
static char *concat3(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s%s", a, b, c);
    return s;
}

/* The last component of path without trailing slashes, malloc'd. */
static char *last_component(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    size_t start = n;
    while (start > 0 && path[start - 1] != '/')
        start--;
    if (start == n)
        return strdup("file");
    return strndup(path + start, n - start);
}

/* A fresh numbered subfolder of the temporary folder and in it the name
 * of path: "DIR/3/out.csv" (not created). Handed to the command. */
static ce_status temp_name(ce_rerun *r, const char *path, char **out, ce_error *err)
{
    char num[24];
    snprintf(num, sizeof num, "/%u", r->next++);
    char *sub = concat3(r->dir, num, "");
    if (!sub)
        return ce_error_nomem(err);
    if (mkdir(sub, 0700) != 0) {
        ce_status st = ce_error_set(err, CE_ERR_IO, sub, 0, "cannot make a temporary folder: %s",
                                    strerror(errno));
        free(sub);
        return st;
    }
    char *name = last_component(path);
    char *t = name ? concat3(sub, "/", name) : NULL;
    free(sub);
    free(name);
    if (!(*out = hand(r, t)))
        return ce_error_nomem(err);
    return CE_OK;
}

/* Copies the file from to the new file to. */
static ce_status copy_file(const char *from, const char *to, ce_error *err)
{
    FILE *in = fopen(from, "rb");
    if (!in)
        return ce_error_set(err, CE_ERR_IO, from, 0, "cannot open: %s", strerror(errno));
    FILE *out = fopen(to, "wbx");
    if (!out) {
        ce_status st = ce_error_set(err, CE_ERR_IO, to, 0, "cannot write: %s", strerror(errno));
        fclose(in);
        return st;
    }
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            break;
    int read_failed = ferror(in), saved = errno;
    fclose(in);
    if (read_failed) {
        fclose(out);
        return ce_error_set(err, CE_ERR_IO, from, 0, "cannot read: %s", strerror(saved));
    }
    if (ferror(out) | fclose(out))
        return ce_error_set(err, CE_ERR_IO, to, 0, "cannot write: %s", strerror(errno));
    return CE_OK;
}

static ce_status not_recorded(const char *what, const char *path, const char *why,
                              ce_error *err)
{
    return ce_error_set(err, CE_ERR_DATA, NULL, 0, "the command %s \"%s\", which %s", what, path,
                        why);
}

/* Records where the re-run writes every recorded output at path. */
static ce_status set_output(ce_rerun *r, const char *path, const char *temp, ce_error *err)
{
    for (size_t i = 0; i < r->n_files; i++) {
        const char *frole, *fpath;
        ce_manifest_file(r->m, i, &frole, &fpath, NULL, NULL);
        if (!is_written_role(frole) || strcmp(fpath, path) != 0)
            continue;
        free(r->output[i]);
        if (!(r->output[i] = strdup(temp)))
            return ce_error_nomem(err);
    }
    return CE_OK;
}

static ce_status map_folder(ce_rerun *r, const char **path, const char *const *names, size_t n,
                            ce_error *err)
{
    size_t len = strlen(*path);
    while (len > 1 && (*path)[len - 1] == '/')
        len--;
    char *dir = strndup(*path, len);
    if (!dir)
        return ce_error_nomem(err);
    const char *sep = dir[len - 1] == '/' ? "" : "/";
    char *temp = NULL;
    ce_status st = temp_name(r, dir, &temp, err);
    for (size_t k = 0; st == CE_OK && k < n; k++) {
        char *file = concat3(dir, sep, names[k]);
        char *made = temp ? concat3(temp, "/", names[k]) : NULL;
        if (!file || !made)
            st = ce_error_nomem(err);
        else if (find(r, file, NULL) < 0)
            st = not_recorded("writes", file, "is not an output recorded in the manifest; "
                                              "verify will not write it", err);
        else
            st = set_output(r, file, made, err);
        free(file);
        free(made);
    }
    free(dir);
    if (st == CE_OK)
        *path = temp;
    return st;
}

ce_status ce_rerun_map(ce_rerun *r, ce_rerun_kind kind, const char *role, const char **path,
                       const char *const *names, size_t n, ce_error *err)
{
    char *temp;
    ce_status st;
    switch (kind) {
    case CE_RERUN_INPUT:
        if (find(r, *path, role) < 0) {
            char what[64];
            snprintf(what, sizeof what, "reads the %s file", role);
            return not_recorded(what, *path, "the manifest does not record", err);
        }
        return CE_OK;
    case CE_RERUN_OUTPUT:
        if (find(r, *path, NULL) < 0)
            return not_recorded("writes", *path, "is not an output recorded in the manifest; "
                                                 "verify will not write it", err);
        st = temp_name(r, *path, &temp, err);
        if (st == CE_OK)
            st = set_output(r, *path, temp, err);
        if (st == CE_OK)
            *path = temp;
        return st;
    case CE_RERUN_FOLDER: return map_folder(r, path, names, n, err);
    case CE_RERUN_LEDGER:
        if (find(r, *path, "ledger") < 0)
            return not_recorded("uses the ledger", *path,
                                "the manifest does not record as \"ledger\"; verify opens no "
                                "real ledger",
                                err);
        st = temp_name(r, *path, &temp, err);
        if (st == CE_OK)
            st = copy_file(*path, temp, err);
        if (st == CE_OK)
            *path = temp;
        return st;
    }
    return ce_error_set(err, CE_ERR_USAGE, NULL, 0, "unknown kind of file");
}

ce_status ce_rerun_map_done(ce_rerun *r, ce_error *err)
{
    for (size_t i = 0; i < r->n_files; i++) {
        const char *role, *path;
        ce_manifest_file(r->m, i, &role, &path, NULL, NULL);
        if (is_written_role(role) && !r->output[i])
            return ce_error_set(err, CE_ERR_DATA, NULL, 0,
                                "the manifest records the %s \"%s\", which the command does not "
                                "write",
                                role, path);
    }
    r->planned = 1;
    return CE_OK;
}

int ce_rerun_planned(const ce_rerun *r)
{
    return r->planned;
}

const char *ce_rerun_output(const ce_rerun *r, size_t i)
{
    return i < r->n_files ? r->output[i] : NULL;
}
