/* outfile.h - atomic output files. A report is written to a temporary file
 * in the destination's folder and renamed over the destination only when
 * complete, so a failed run leaves no file and never damages an existing one
 * (DESIGN.md §5). A destination that is a pipe or device (/dev/stdout, a
 * FIFO, /dev/null) is never replaced: the finished temporary file (in
 * $TMPDIR) is copied into it at commit, so a failed run still writes nothing
 * there. The caller owns the ce_outfile between _open and either
 * _commit or _abort (exactly one of them must be called).
 */
#ifndef CLUSTEREVAL_OUTFILE_H
#define CLUSTEREVAL_OUTFILE_H

#include <stdio.h>

#include "clustereval/status.h"

typedef struct {
    FILE *fp;       /* write the content here */
    char *path;     /* destination */
    char *tmp_path; /* the temporary file beside it */
    int stream;     /* path is a pipe or device: copied into at commit */
} ce_outfile;

/* Creates the temporary file. CE_ERR_IO when the folder is not writable. */
ce_status ce_outfile_open(ce_outfile *of, const char *path, ce_error *err);

/* Flushes, syncs and renames the temporary file over path (mode 0666 minus
 * the umask), or copies it into a pipe or device. On failure the temporary
 * file is removed and a regular file at path untouched. */
ce_status ce_outfile_commit(ce_outfile *of, ce_error *err);

/* Discards the temporary file. Safe on an outfile whose open failed. */
void ce_outfile_abort(ce_outfile *of);

#endif
