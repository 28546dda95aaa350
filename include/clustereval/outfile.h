/* outfile.h - atomic output files. A report is written to a temporary file
 * in the destination's folder and renamed over the destination only when
 * complete, so a failed run leaves no file and never damages an existing one
 * (DESIGN.md §5). A destination that is a pipe or device (/dev/stdout, a
 * FIFO, /dev/null) is never replaced: the finished temporary file (in
 * $TMPDIR) is copied into it at commit, so a failed run still writes nothing
 * there. The caller owns the ce_outfile between _open and either
 * _commit or _abort (exactly one of them must be called).
 *
 * A killed run leaves nothing behind. Where the filesystem allows (Linux
 * O_TMPFILE: ext4, xfs, btrfs, tmpfs...) the temporary file has no name
 * until commit, which links it as PATH.tmp-PID-XXXXXX and at once renames
 * that over PATH: a kill between the two leaves that name. Elsewhere it is
 * created under that name at open (O_EXCL). Either way the writer holds a
 * flock(2) on it, and every open first removes the temporaries of the same
 * destination whose writer is gone: PID no longer exists and the lock is free
 * (both, so that a run on another machine sharing the folder, whose PID means
 * nothing here, keeps its file). Names without a PID (older versions) are
 * left alone.
 *
 * No provenance record outlives the file it describes: replacing a regular
 * file PATH first removes PATH.manifest.json (manifest.h), then renames the
 * new content into place; the command writes a new manifest after all its
 * outputs. A kill in between leaves the new output without a manifest,
 * never beside the old one's.
 */
#ifndef CLUSTEREVAL_OUTFILE_H
#define CLUSTEREVAL_OUTFILE_H

#include <stdio.h>

#include "clustereval/status.h"

typedef struct {
    FILE *fp;       /* write the content here */
    char *path;     /* destination */
    char *tmp_path; /* opens the temporary file by name until commit (for a
                       library that writes by name): "/proc/self/fd/N" when it
                       is unnamed, else its name beside the destination */
    int stream;     /* path is a pipe or device: copied into at commit */
    int unnamed;    /* an O_TMPFILE: no name in any folder until commit */
} ce_outfile;

/* Removes the stale temporaries of path (see above) and creates the
 * temporary file, unnamed where the filesystem allows. CE_ERR_IO when the
 * folder is not writable. */
ce_status ce_outfile_open(ce_outfile *of, const char *path, ce_error *err);

/* The same with a named temporary file whatever the filesystem: what
 * ce_outfile_open falls back to where O_TMPFILE is not supported. */
ce_status ce_outfile_open_named(ce_outfile *of, const char *path, ce_error *err);

/* Flushes, syncs, removes path's manifest and renames the temporary file
 * over path (mode 0666 minus the umask), or copies it into a pipe or device.
 * On failure the temporary file is removed and a regular file at path
 * untouched. */
ce_status ce_outfile_commit(ce_outfile *of, ce_error *err);

/* Removes OUTPUT.manifest.json (a file or a folder OUTPUT that is about to
 * be replaced) and syncs the folder; CE_ERR_IO naming it when it is there
 * and cannot be removed. */
ce_status ce_outfile_forget_manifest(const char *output, ce_error *err);

/* Discards the temporary file. Safe on an outfile whose open failed. */
void ce_outfile_abort(ce_outfile *of);

#endif
