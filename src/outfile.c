/* outfile.c - see outfile.h. */
#include "clustereval/outfile.h"

#include <errno.h>
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

ce_status ce_outfile_open(ce_outfile *of, const char *path, ce_error *err)
{
    of->fp = NULL;
    of->path = strdup(path);
    size_t n = strlen(path);
    of->tmp_path = malloc(n + sizeof ".tmp-XXXXXX");
    if (!of->path || !of->tmp_path) {
        release(of);
        return ce_error_nomem(err);
    }
    memcpy(of->tmp_path, path, n);
    memcpy(of->tmp_path + n, ".tmp-XXXXXX", sizeof ".tmp-XXXXXX");
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        release(of);
        return ce_error_set(err, CE_ERR_IO, path, 0, "cannot write: it is a folder");
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

ce_status ce_outfile_commit(ce_outfile *of, ce_error *err)
{
    int failed = fflush(of->fp) != 0 || ferror(of->fp) || fsync(fileno(of->fp)) != 0;
    int saved = errno;
    if (fclose(of->fp) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    if (!failed && rename(of->tmp_path, of->path) != 0) {
        failed = 1;
        saved = errno;
    }
    ce_status st = CE_OK;
    if (failed) {
        unlink(of->tmp_path);
        st = ce_error_set(err, CE_ERR_IO, of->path, 0, "cannot write: %s", strerror(saved));
    }
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
