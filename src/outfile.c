/* outfile.c - see outfile.h. */
#include "clustereval/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void release(ce_outfile *of)
{
    free(of->path);
    free(of->tmp_path);
    of->fp = NULL;
    of->path = of->tmp_path = NULL;
}

/* The temporary file: beside the destination, or in $TMPDIR (else /tmp)
 * when the destination is a pipe or device, whose folder (/dev) is no place
 * for it. */
static char *temp_name(const char *path, int stream)
{
    static const char tail[] = ".tmp-XXXXXX", stream_name[] = "/clustereval-XXXXXX";
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    const char *head = stream ? dir : path;
    const char *suffix = stream ? stream_name : tail;
    size_t n = strlen(head), k = strlen(suffix);
    char *t = malloc(n + k + 1);
    if (t) {
        memcpy(t, head, n);
        memcpy(t + n, suffix, k + 1);
    }
    return t;
}

ce_status ce_outfile_open(ce_outfile *of, const char *path, ce_error *err)
{
    of->fp = NULL;
    of->path = of->tmp_path = NULL;
    of->stream = 0;
    struct stat sb;
    if (stat(path, &sb) == 0) {
        if (S_ISDIR(sb.st_mode))
            return ce_error_set(err, CE_ERR_IO, path, 0, "cannot write: it is a folder");
        of->stream = !S_ISREG(sb.st_mode);
    }
    of->path = strdup(path);
    of->tmp_path = temp_name(path, of->stream);
    if (!of->path || !of->tmp_path) {
        release(of);
        return ce_error_nomem(err);
    }
    int fd = mkstemp(of->tmp_path);
    if (fd < 0) {
        ce_status st = ce_error_set(err, CE_ERR_IO, path, 0, "cannot write: %s", strerror(errno));
        release(of);
        return st;
    }
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || (of->fp = fdopen(fd, "wb")) == NULL) {
        ce_status st = ce_error_set(err, CE_ERR_IO, path, 0, "cannot write: %s", strerror(errno));
        close(fd);
        unlink(of->tmp_path);
        release(of);
        return st;
    }
    return CE_OK;
}

/* Copies the finished temporary file into the pipe or device at path. On
 * failure returns -1 with errno set. */
static int copy_to_stream(const char *from, const char *path)
{
    /* A reader that goes away must give EPIPE (exit 3, temporary file
     * removed), not a SIGPIPE that kills the run before it cleans up. */
    struct sigaction ignore = {.sa_handler = SIG_IGN}, before;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, &before);
    int in = open(from, O_RDONLY), out = in < 0 ? -1 : open(path, O_WRONLY);
    char buf[65536];
    ssize_t n = 0;
    int failed = in < 0 || out < 0;
    while (!failed && (n = read(in, buf, sizeof buf)) > 0) {
        for (ssize_t done = 0; !failed && done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w < 0 && errno != EINTR)
                failed = 1;
            else if (w > 0)
                done += w;
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
    sigaction(SIGPIPE, &before, NULL);
    errno = saved;
    return failed ? -1 : 0;
}

ce_status ce_outfile_commit(ce_outfile *of, ce_error *err)
{
    int failed = fflush(of->fp) != 0 || ferror(of->fp) ||
                 (!of->stream && fsync(fileno(of->fp)) != 0);
    int saved = errno;
    if (fclose(of->fp) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    if (!failed && (of->stream ? copy_to_stream(of->tmp_path, of->path)
                               : rename(of->tmp_path, of->path)) != 0) {
        failed = 1;
        saved = errno;
    }
    ce_status st = CE_OK;
    if (failed || of->stream)
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
        unlink(of->tmp_path);
    }
    release(of);
}
