/* cli_paths.c - see cli_paths.h. */
#define _DEFAULT_SOURCE /* realpath */
#include "cli_paths.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct {
    int done;
    char dir[PATH_MAX];
    const char *why;
} weights;

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *find_weights_dir(void)
{
    static char why[PATH_MAX + 64];
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0 || (size_t)n >= sizeof exe - 1) {
        snprintf(why, sizeof why, "the folder of the clustereval binary is unknown "
                 "(/proc/self/exe: %s)", n < 0 ? strerror(errno) : "path too long");
        weights.why = why;
        return NULL;
    }
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) {
        snprintf(why, sizeof why, "the folder of the clustereval binary is unknown "
                 "(/proc/self/exe is \"%.200s\")", exe);
        weights.why = why;
        return NULL;
    }
    slash[1] = '\0'; /* exe is now BINDIR/ */
    static const char *const candidates[] = {CE_WEIGHTS_RELDIR, "weights"};
    char path[PATH_MAX];
    for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++) {
        if ((size_t)snprintf(path, sizeof path, "%s%s", exe, candidates[i]) >= sizeof path)
            continue;
        if (is_dir(path) && realpath(path, weights.dir))
            return weights.dir;
    }
    /* Neither: the installed place, so that the error names it. */
    if ((size_t)snprintf(path, sizeof path, "%s%s", exe, CE_WEIGHTS_RELDIR) >= sizeof path) {
        weights.why = "the path of the clustereval binary is too long";
        return NULL;
    }
    memcpy(weights.dir, path, sizeof path);
    return weights.dir;
}

const char *ce_cli_weights_dir(const char **why)
{
    if (!weights.done) {
        weights.done = 1;
        if (!find_weights_dir())
            weights.dir[0] = '\0';
    }
    if (why)
        *why = weights.why;
    return weights.dir[0] ? weights.dir : NULL;
}

/* Prints once why the shipped files are looked for in weights/ of the
 * current folder, and returns name. */
static const char *current_folder(const char *name, const char *why)
{
    static int warned;
    if (!warned)
        fprintf(stderr,
                "clustereval: warning: %s; the shipped files are looked for in weights/ of "
                "the current folder\n",
                why);
    warned = 1;
    return name;
}

const char *ce_cli_shipped_file(const char *name)
{
    static struct {
        const char *name;
        char path[PATH_MAX];
    } cache[8]; /* the CLI ships 4 */
    const char *why;
    const char *dir = ce_cli_weights_dir(&why);
    if (!dir)
        return current_folder(name, why);
    size_t i = 0;
    for (; i < sizeof cache / sizeof *cache && cache[i].name; i++)
        if (strcmp(cache[i].name, name) == 0)
            return cache[i].path;
    if (i == sizeof cache / sizeof *cache)
        return current_folder(name, "more shipped file names than cli_paths.c holds");
    const char *base = strncmp(name, "weights/", 8) == 0 ? name + 8 : name;
    if ((size_t)snprintf(cache[i].path, sizeof cache[i].path, "%s/%s", dir, base) >=
        sizeof cache[i].path)
        return current_folder(name, "the weights folder's path is too long");
    cache[i].name = name;
    return cache[i].path;
}
