/* outfile.c - see outfile.h. */
#define _GNU_SOURCE /* O_TMPFILE, linkat's AT_SYMLINK_FOLLOW, flock, getrandom */
#include "clustereval/outfile.h"

#include "clustereval/manifest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { RANDOM_CHARS = 6 };

static void release(ce_outfile *of)
{
    free(of->path);
    free(of->tmp_path);
    of->fp = NULL;
    of->path = of->tmp_path = NULL;
    of->unnamed = 0;
}

static char *concat(const char *a, size_t na, const char *b)
{
    size_t nb = strlen(b);
    char *s = malloc(na + nb + 1);
    if (s) {
        memcpy(s, a, na);
        memcpy(s + na, b, nb + 1);
    }
    return s;
}

/* Where the temporary files of path live and how their names start: beside
 * the destination as "NAME.tmp-", or in $TMPDIR (else /tmp) as
 * "clustereval-" when the destination is a pipe or device, whose folder
 * (/dev) is no place for them. *dir and *prefix are new strings; *base
 * points into *prefix, after the folder. */
static int temp_place(const char *path, int stream, char **dir, char **prefix, const char **base)
{
    if (stream) {
        const char *t = getenv("TMPDIR");
        if (!t || !*t)
            t = "/tmp";
        *dir = strdup(t);
        *prefix = concat(t, strlen(t), "/clustereval-");
    } else {
        const char *slash = strrchr(path, '/');
        *dir = slash ? concat(path, slash == path ? 1 : (size_t)(slash - path), "")
                     : strdup(".");
        *prefix = concat(path, strlen(path), ".tmp-");
    }
    if (!*dir || !*prefix) {
        free(*dir);
        free(*prefix);
        *dir = *prefix = NULL;
        return -1;
    }
    const char *slash = strrchr(*prefix, '/');
    *base = slash ? slash + 1 : *prefix;
    return 0;
}

/* RANDOM_CHARS letters and digits into out (no terminator). */
static void random_chars(char *out)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char r[RANDOM_CHARS];
    if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        /* no entropy yet: the name need only differ, linkat refuses a taken one */
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        unsigned long v = (unsigned long)ts.tv_nsec ^ ((unsigned long)getpid() << 16);
        for (size_t i = 0; i < sizeof r; i++, v = v * 6364136223846793005UL + 1442695040888963407UL)
            r[i] = (unsigned char)(v >> 33);
    }
    for (size_t i = 0; i < sizeof r; i++)
        out[i] = alphabet[r[i] % (sizeof alphabet - 1)];
}

/* The writer's PID when name is BASE + "PID-XXXXXX" (our pattern), else 0. */
static pid_t temp_owner(const char *name, const char *base)
{
    size_t nb = strlen(base);
    if (strncmp(name, base, nb) != 0)
        return 0;
    const char *p = name + nb;
    long long pid = 0;
    size_t digits = 0;
    for (; *p >= '0' && *p <= '9' && digits < 10; p++, digits++)
        pid = pid * 10 + (*p - '0');
    if (digits == 0 || pid <= 0 || pid > 0x7FFFFFFF || *p++ != '-')
        return 0;
    size_t k = 0;
    for (; p[k]; k++)
        if (!((p[k] >= 'A' && p[k] <= 'Z') || (p[k] >= 'a' && p[k] <= 'z') ||
              (p[k] >= '0' && p[k] <= '9')))
            return 0;
    return k == RANDOM_CHARS ? (pid_t)pid : 0;
}

/* Removes the temporaries named BASE + "PID-XXXXXX" in dir whose writer is
 * gone: no process PID here, and nobody holds the lock on the file. */
static void clean_stale(const char *dir, const char *base)
{
    DIR *d = opendir(dir);
    if (!d)
        return; /* the open that follows reports the folder */
    int dfd = dirfd(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        pid_t pid = temp_owner(e->d_name, base);
        if (pid == 0 || pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH)
            continue;
        int fd = openat(dfd, e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            continue;
        struct stat locked, named;
        if (fstat(fd, &locked) == 0 && S_ISREG(locked.st_mode) &&
            flock(fd, LOCK_EX | LOCK_NB) == 0 &&
            fstatat(dfd, e->d_name, &named, AT_SYMLINK_NOFOLLOW) == 0 &&
            named.st_dev == locked.st_dev && named.st_ino == locked.st_ino)
            unlinkat(dfd, e->d_name, 0);
        close(fd);
    }
    closedir(d);
}

/* An unnamed temporary file in dir, or -1 (errno set) when that failed for
 * another reason than the filesystem's lack of O_TMPFILE or of /proc, which
 * leave *fd at -1 with 0. */
static int open_unnamed(const char *dir, int *fd, char proc[static 32])
{
    *fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0666); /* the umask applies */
    if (*fd < 0)
        return errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL ? 0 : -1;
    snprintf(proc, 32, "/proc/self/fd/%d", *fd);
    if (access(proc, F_OK) != 0) { /* no /proc: it could never be linked */
        close(*fd);
        *fd = -1;
    }
    return 0;
}

/* A named temporary file PREFIX + "PID-XXXXXX", its name in *name; -1 with
 * errno set on failure. Created with mode 0666, so that the kernel applies
 * the umask (or the folder's default ACL) as for any new file: reading the
 * umask would need umask(2), which changes it for every thread. */
static int open_named(const char *prefix, char **name)
{
    char pid[24];
    int np = snprintf(pid, sizeof pid, "%ld-XXXXXX", (long)getpid());
    *name = concat(prefix, strlen(prefix), pid);
    if (!*name) {
        errno = ENOMEM;
        return -1;
    }
    char *x = *name + strlen(prefix) + (size_t)np - RANDOM_CHARS;
    int fd = -1;
    for (int tries = 0; fd < 0 && tries < 100; tries++) {
        random_chars(x);
        fd = open(*name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    return fd;
}

static ce_status open_temp(ce_outfile *of, const char *path, int may_be_unnamed, ce_error *err)
{
    of->fp = NULL;
    of->path = of->tmp_path = NULL;
    of->stream = of->unnamed = 0;
    struct stat sb;
    if (stat(path, &sb) == 0) {
        if (S_ISDIR(sb.st_mode))
            return ce_error_set(err, CE_ERR_IO, path, 0, "cannot write: it is a folder");
        of->stream = !S_ISREG(sb.st_mode);
    }
    char *dir = NULL, *prefix = NULL;
    const char *base = NULL;
    of->path = strdup(path);
    if (!of->path || temp_place(path, of->stream, &dir, &prefix, &base) != 0) {
        release(of);
        return ce_error_nomem(err);
    }
    clean_stale(dir, base);
    int fd = -1, failed = 0;
    char proc[32];
    if (may_be_unnamed) {
        failed = open_unnamed(dir, &fd, proc) != 0;
        if (fd >= 0 && !(of->tmp_path = strdup(proc))) {
            close(fd);
            free(dir);
            free(prefix);
            release(of);
            return ce_error_nomem(err);
        }
        of->unnamed = fd >= 0;
    }
    if (!failed && fd < 0)
        fd = open_named(prefix, &of->tmp_path);
    int saved = errno;
    free(dir);
    free(prefix);
    if (fd < 0) {
        ce_status st = ce_error_set(err, CE_ERR_IO, path, 0, "cannot write: %s", strerror(saved));
        release(of);
        return st;
    }
    /* Tells clean_stale that the writer lives, even where PIDs do not
     * (another machine): a filesystem without locks only loses that. */
    (void)flock(fd, LOCK_EX | LOCK_NB);
    if ((of->fp = fdopen(fd, "wb")) == NULL) {
        saved = errno;
        close(fd);
        if (!of->unnamed)
            unlink(of->tmp_path);
        release(of);
        return ce_error_set(err, CE_ERR_IO, path, 0, "cannot write: %s", strerror(saved));
    }
    return CE_OK;
}

ce_status ce_outfile_open(ce_outfile *of, const char *path, ce_error *err)
{
    return open_temp(of, path, 1, err);
}

ce_status ce_outfile_open_named(ce_outfile *of, const char *path, ce_error *err)
{
    return open_temp(of, path, 0, err);
}

/* Copies the finished temporary file into the pipe or device at path. On
 * failure returns -1 with errno set.
 *
 * A reader that goes away must give EPIPE (exit 3, temporary file removed),
 * not a SIGPIPE that kills the run before it cleans up. The process's
 * SIGPIPE action is the program's, not ours to change: the signal is
 * blocked in this thread only while it writes, and the one a failed write
 * raised (a write's SIGPIPE goes to the writing thread) is taken with
 * sigtimedwait before the mask is restored. One the caller already had
 * pending stays pending. */
static int copy_to_stream(const char *from, const char *path)
{
    sigset_t pipe_set, old_mask, pending;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old_mask);
    int was_pending = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE);
    int in = open(from, O_RDONLY | O_CLOEXEC), out = in < 0 ? -1 : open(path, O_WRONLY);
    char buf[65536];
    ssize_t n = 0;
    int failed = in < 0 || out < 0;
    while (!failed && (n = read(in, buf, sizeof buf)) > 0) {
        for (ssize_t done = 0; !failed && done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w < 0 && errno != EINTR) {
                failed = 1;
                if (errno == EPIPE && !was_pending) {
                    int saved = errno;
                    struct timespec zero = {0, 0};
                    while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR)
                        ;
                    errno = saved;
                }
            } else if (w > 0) {
                done += w;
            }
        }
    }
    failed = failed || n < 0;
    int saved = errno;
    if (out >= 0 && close(out) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    if (in >= 0)
        close(in);
    pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
    errno = saved;
    return failed ? -1 : 0;
}

/* Gives the unnamed temporary file a name beside the destination and renames
 * that over it. Only a kill between the two leaves the name (PATH.tmp-PID-
 * XXXXXX, cleaned by the next open). -1 with errno set on failure. */
static int link_over(const ce_outfile *of)
{
    size_t n = strlen(of->path);
    char pid[24];
    int np = snprintf(pid, sizeof pid, ".tmp-%ld-", (long)getpid());
    char *name = malloc(n + (size_t)np + RANDOM_CHARS + 1);
    if (!name) {
        errno = ENOMEM;
        return -1;
    }
    memcpy(name, of->path, n);
    memcpy(name + n, pid, (size_t)np);
    name[n + (size_t)np + RANDOM_CHARS] = '\0';
    int linked = -1;
    for (int tries = 0; linked != 0 && tries < 100; tries++) {
        random_chars(name + n + np);
        linked = linkat(AT_FDCWD, of->tmp_path, AT_FDCWD, name, AT_SYMLINK_FOLLOW);
        if (linked != 0 && errno != EEXIST)
            break;
    }
    int rc = linked == 0 && rename(name, of->path) == 0 ? 0 : -1;
    int saved = errno;
    if (linked == 0 && rc != 0)
        unlink(name);
    free(name);
    errno = saved;
    return rc;
}

ce_status ce_outfile_forget_manifest(const char *output, ce_error *err)
{
    char *m = ce_manifest_path_for(output);
    if (!m)
        return ce_error_nomem(err);
    ce_status st = CE_OK;
    if (unlink(m) == 0) {
        /* on disk before the rename that follows, should the power fail */
        const char *slash = strrchr(m, '/');
        char *dir = slash ? concat(m, slash == m ? 1 : (size_t)(slash - m), "") : strdup(".");
        int fd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
        if (fd >= 0) {
            (void)fsync(fd);
            close(fd);
        }
        free(dir);
    } else if (errno != ENOENT) {
        st = ce_error_set(err, CE_ERR_IO, m, 0,
                          "cannot remove this manifest of the output being replaced: %s",
                          strerror(errno));
    }
    free(m);
    return st;
}

ce_status ce_outfile_commit(ce_outfile *of, ce_error *err)
{
    int failed = fflush(of->fp) != 0 || ferror(of->fp) ||
                 (!of->stream && fsync(fileno(of->fp)) != 0);
    int saved = errno;
    if (!failed && !of->stream) {
        ce_status st = ce_outfile_forget_manifest(of->path, err);
        if (st != CE_OK) {
            ce_outfile_abort(of);
            return st;
        }
    }
    /* The unnamed file can only be reached through its descriptor: it is
     * linked (or copied) before the close. */
    if (!failed && of->unnamed &&
        (of->stream ? copy_to_stream(of->tmp_path, of->path) : link_over(of)) != 0) {
        failed = 1;
        saved = errno;
    }
    if (fclose(of->fp) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    if (!failed && !of->unnamed &&
        (of->stream ? copy_to_stream(of->tmp_path, of->path)
                    : rename(of->tmp_path, of->path)) != 0) {
        failed = 1;
        saved = errno;
    }
    ce_status st = CE_OK;
    if ((failed || of->stream) && !of->unnamed)
        unlink(of->tmp_path);
    if (failed)
        st = ce_error_set(err, CE_ERR_IO, of->path, 0, "cannot write: %s", strerror(saved));
    release(of);
    return st;
}

void ce_outfile_abort(ce_outfile *of)
{
    if (of->fp) {
        fclose(of->fp);
        if (!of->unnamed)
            unlink(of->tmp_path);
    }
    release(of);
}
