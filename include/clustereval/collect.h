/* collect.h - many filled data files (templates sent back by clusters or
 * cities, template.h, or any data file `rank` reads) merged into one data
 * table (`clustereval collect`, issue 15 §3).
 *
 * Each file is read as `rank` reads its data (ce_table_read_opts: header
 * mapped to the profile, numbers and missing markers parsed, empty rows
 * skipped, duplicate ids within the file refused); the rows follow in file
 * order. Ids repeated across files are refused through the one duplicate-id
 * check (idkey.h), naming both files. Nothing is written unless every file
 * reads: the problems of all files are returned at once.
 *
 * The merged table's columns: id, name, eligible, veto, the profile's
 * indicators in profile order (by code), then its denominator columns;
 * numbers with the fewest digits that read back as the same double, a
 * missing value as an empty cell.
 *
 * Whoever calls ce_collect_read owns the result (ce_collect_free) and the
 * summary's problems (ce_collect_summary_fini).
 */
#ifndef CLUSTEREVAL_COLLECT_H
#define CLUSTEREVAL_COLLECT_H

#include <stddef.h>

#include "clustereval/profile.h"
#include "clustereval/status.h"
#include "clustereval/table.h"
#include "clustereval/table_writer.h"

/* A file that did not read: its first error (file, line, message). */
typedef struct {
    const char *path; /* as given */
    ce_status status;
    ce_error error;
} ce_collect_problem;

typedef struct {
    size_t files;         /* files given */
    size_t rows;          /* rows written */
    ce_collect_problem *problems; /* the files that did not read, in order */
    size_t n_problems;
} ce_collect_summary;

typedef struct ce_collect ce_collect;

/* Reads the n files paths[] (n >= 1; they must outlive the result) for
 * prof (which too) with opt (NULL: defaults) into *out. CE_ERR_DATA (or
 * CE_ERR_IO when the first bad file could not be opened) when some file
 * did not read: each one in sum->problems, err saying how many; CE_ERR_DATA
 * when an id repeats across files, err at the later file and line:
 * 'duplicate id "x" (first on line N of FILE)'; CE_ERR_IO when out of
 * memory. *out is set only on success; sum is filled in any case. */
ce_status ce_collect_read(const ce_profile *prof, const char *const *paths, size_t n,
                          const ce_table_options *opt, ce_collect **out,
                          ce_collect_summary *sum, ce_diag *diag, ce_error *err);

/* Writes the merged table to tw (a sheet named sheet in a workbook): the
 * columns above, titled by their codes. The errors of ce_tw_*. */
ce_status ce_collect_write(const ce_collect *c, ce_tw *tw, const char *sheet, ce_error *err);

/* Frees c; c may be NULL. */
void ce_collect_free(ce_collect *c);

void ce_collect_summary_fini(ce_collect_summary *sum);

#endif
