/* cli_plan.c - see cli_plan.h. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "cli_plan.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clustereval/manifest.h"

#include "cli.h"

typedef enum { K_INPUT, K_OUTPUT, K_FOLDER, K_LEDGER } entry_kind;

typedef struct {
    entry_kind kind;
    const char *role;   /* manifest role; "manifest" for OUT.manifest.json */
    const char *option; /* "-o", "--xlsx"; NULL for an operand or a default */
    const char **slot;  /* the command's variable; NULL for a derived entry */
    char *own;          /* a derived entry's path (malloc'd) */
    const char *name;   /* a folder file's name, for the messages */
    int parent;         /* the entry a derived one comes from; -1 */
    const char *const *names; /* K_FOLDER: its files */
    size_t n_names;
} entry;

enum { PLAN_MAX = 64 };

static struct {
    entry items[PLAN_MAX];
    size_t n;
    int broken; /* out of memory or too many entries */
} plan;

/* The re-run of verify, while it runs the command. */
static ce_rerun *rerun;

void ce_cli_plan_rerun(ce_rerun *r)
{
    rerun = r;
}

void ce_cli_plan_reset(void)
{
    for (size_t i = 0; i < plan.n; i++)
        free(plan.items[i].own);
    memset(&plan, 0, sizeof plan);
}

static entry *add(entry_kind kind, const char *role, const char *option, const char **slot)
{
    if (plan.n >= PLAN_MAX) {
        plan.broken = 1;
        return NULL;
    }
    entry *e = &plan.items[plan.n++];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->role = role;
    e->option = option;
    e->slot = slot;
    e->parent = -1;
    return e;
}

static const char *path_of(const entry *e)
{
    return e->slot ? *e->slot : e->own;
}

/* Adds a file derived from entry parent: its path is malloc'd prefix +
 * middle + suffix. */
static void add_derived(int parent, const char *role, const char *prefix, size_t prefix_len,
                        const char *middle, const char *suffix, const char *name)
{
    size_t n = prefix_len + strlen(middle) + strlen(suffix) + 1;
    char *p = malloc(n);
    entry *e = p ? add(K_OUTPUT, role, plan.items[parent].option, NULL) : NULL;
    if (!e) {
        free(p);
        plan.broken = 1;
        return;
    }
    snprintf(p, n, "%.*s%s%s", (int)prefix_len, prefix, middle, suffix);
    e->own = p;
    e->parent = parent;
    e->name = name;
}

void ce_cli_plan_input(const char *role, const char *option, const char **slot)
{
    if (*slot)
        add(K_INPUT, role, option, slot);
}

void ce_cli_plan_output(const char *role, const char *option, const char **slot, int is_main)
{
    if (!*slot || !add(K_OUTPUT, role, option, slot))
        return;
    if (is_main)
        add_derived((int)plan.n - 1, "manifest", *slot, strlen(*slot), "", ".manifest.json",
                    NULL);
}

/* The length of dir without trailing slashes (a lone "/" stays). */
static size_t trimmed_len(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    return n;
}

void ce_cli_plan_folder(const char *option, const char **slot, const char *const *names,
                        size_t n)
{
    entry *f = *slot ? add(K_FOLDER, "output", option, slot) : NULL;
    if (!f)
        return;
    f->names = names;
    f->n_names = n;
    int parent = (int)plan.n - 1;
    const char *dir = *slot;
    size_t len = trimmed_len(dir);
    for (size_t k = 0; k < n; k++)
        add_derived(parent, "output", dir, len, dir[len - 1] == '/' ? "" : "/", names[k],
                    names[k]);
    add_derived(parent, "manifest", dir, len, "", ".manifest.json", NULL);
}

void ce_cli_plan_ledger(const char *option, const char **slot)
{
    if (*slot)
        add(K_LEDGER, "ledger", option, slot);
}

/* ---- the same file ---------------------------------------------------------- */

typedef struct {
    enum { ID_ABSENT, ID_FILE, ID_SPECIAL } kind;
    dev_t dev;
    ino_t ino;
    char *abs; /* ID_ABSENT: the absolute path, folder resolved */
} file_id;

/* "dir/base", malloc'd. */
static char *join(const char *dir, const char *base)
{
    size_t n = strlen(dir) + strlen(base) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", base);
    return p;
}

/* The absolute path of a file that does not exist: its folder resolved by
 * realpath when that exists, else the path made absolute as written. */
static char *absolute_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    if (!dir)
        return NULL;
    char *real = realpath(dir, NULL), *out;
    free(dir);
    if (real) {
        out = join(real, slash ? slash + 1 : path);
        free(real);
        return out;
    }
    if (path[0] == '/')
        return strdup(path);
    char cwd[PATH_MAX];
    return getcwd(cwd, sizeof cwd) ? join(cwd, path) : strdup(path);
}

static int identify(const char *path, file_id *id)
{
    struct stat sb;
    memset(id, 0, sizeof *id);
    if (stat(path, &sb) == 0) {
        id->kind = S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode) ? ID_FILE : ID_SPECIAL;
        id->dev = sb.st_dev;
        id->ino = sb.st_ino;
        return 0;
    }
    id->kind = ID_ABSENT;
    id->abs = absolute_of(path);
    return id->abs ? 0 : -1;
}

static int same_file(const file_id *a, const file_id *b)
{
    if (a->kind == ID_FILE && b->kind == ID_FILE)
        return a->dev == b->dev && a->ino == b->ino;
    if (a->kind == ID_ABSENT && b->kind == ID_ABSENT)
        return strcmp(a->abs, b->abs) == 0;
    return 0;
}

static int writes(const entry *e)
{
    return e->kind == K_OUTPUT || e->kind == K_LEDGER;
}

/* How a message speaks of entry e: "-o", "the ledger", "the profile (-w)",
 * "the manifest of -o", "-o (indicators.csv)". */
static void describe(const entry *e, char *out, size_t size)
{
    static const struct {
        const char *role, *noun;
    } nouns[] = {{"data", "the data file"},      {"profile", "the profile"},
                 {"baseline", "the baseline profile"}, {"previous", "the previous ranking"},
                 {"policy", "the policy"},       {"standard", "the SME standard"},
                 {"judgements", "the AHP judgements"}, {"ledger", "the ledger"}};
    const char *opt = e->option ? e->option : "";
    if (strcmp(e->role, "manifest") == 0) {
        snprintf(out, size, "the manifest of %s", e->option ? e->option : "the output");
        return;
    }
    if (e->kind == K_OUTPUT) {
        if (e->name)
            snprintf(out, size, "%s (%s)", opt, e->name);
        else
            snprintf(out, size, "%s", opt);
        return;
    }
    const char *noun = e->role;
    for (size_t k = 0; k < sizeof nouns / sizeof *nouns; k++)
        if (strcmp(nouns[k].role, e->role) == 0)
            noun = nouns[k].noun;
    if (e->option)
        snprintf(out, size, "%s (%s)", noun, e->option);
    else
        snprintf(out, size, "%s", noun);
}

static int same_file_error(const char *cmd, const entry *w, const entry *other)
{
    char dw[128], dother[128];
    describe(w, dw, sizeof dw);
    describe(other, dother, sizeof dother);
    return ce_cli_usage_error(cmd, "%s \"%s\" is the same file as %s \"%s\"; refusing to "
                                   "overwrite it",
                              dw, path_of(w), dother, path_of(other));
}

/* Maps every file of the plan (not the derived ones: they follow their
 * parent) through the re-run. */
static int map_through_rerun(void)
{
    static const ce_rerun_kind kinds[] = {[K_INPUT] = CE_RERUN_INPUT,
                                          [K_OUTPUT] = CE_RERUN_OUTPUT,
                                          [K_FOLDER] = CE_RERUN_FOLDER,
                                          [K_LEDGER] = CE_RERUN_LEDGER};
    ce_error err = {{0}, 0, {0}};
    ce_status st = CE_OK;
    for (size_t i = 0; st == CE_OK && i < plan.n; i++) {
        entry *e = &plan.items[i];
        if (e->slot)
            st = ce_rerun_map(rerun, kinds[e->kind], e->role, e->slot, e->names, e->n_names,
                              &err);
    }
    if (st == CE_OK)
        st = ce_rerun_map_done(rerun, &err);
    if (st == CE_OK)
        return 0;
    fputs("clustereval: verify: the re-run is refused: ", stderr);
    if (err.file[0])
        fprintf(stderr, "%s: ", err.file);
    fprintf(stderr, "%s\n", err.msg);
    return (int)st;
}

int ce_cli_plan_check(const char *cmd)
{
    if (plan.broken) {
        fputs("clustereval: out of memory\n", stderr);
        return CE_ERR_IO;
    }
    file_id ids[PLAN_MAX];
    size_t n = 0;
    int rc = 0;
    for (; n < plan.n; n++) {
        if (plan.items[n].kind == K_FOLDER) { /* its files are entries of their own */
            memset(&ids[n], 0, sizeof ids[n]);
            ids[n].kind = ID_SPECIAL;
        } else if (identify(path_of(&plan.items[n]), &ids[n]) != 0)
            break;
    }
    if (n < plan.n) {
        fputs("clustereval: out of memory\n", stderr);
        rc = CE_ERR_IO;
    }
    for (size_t i = 0; rc == 0 && i < plan.n; i++) {
        const entry *a = &plan.items[i];
        for (size_t j = 0; rc == 0 && j < i; j++) {
            const entry *b = &plan.items[j];
            if (a->kind == K_FOLDER || b->kind == K_FOLDER || (!writes(a) && !writes(b)) ||
                !same_file(&ids[i], &ids[j]))
                continue;
            rc = writes(a) ? same_file_error(cmd, a, b) : same_file_error(cmd, b, a);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(ids[i].abs);
    return rc == 0 && rerun ? map_through_rerun() : rc;
}
