/* testutil.h - scaffolding shared by the unit tests (tests/test_*.c): a
 * scratch folder per test, files written into it, and profiles / data
 * tables loaded from text.
 *
 * The helpers that can fail report it with Criterion asserts, so call them
 * only from a test or from a suite's .init (where a failed assert fails the
 * test). ce_test_dir_remove never asserts, so it is safe in a .fini.
 *
 * Typical use, with the shared scratch folder ce_test_dir:
 *
 *     TestSuite(csv_read, .init = ce_test_dir_init, .fini = ce_test_dir_fini);
 *
 *     Test(csv_read, lf)
 *     {
 *         char path[256];
 *         ce_test_write_text(path, sizeof path, ce_test_dir, "lf.csv", "id,v\n1,2\n");
 *         ...
 *     }
 *
 * A suite with more to set up calls ce_test_dir_init / ce_test_dir_fini from
 * its own .init / .fini. ce_test_dir_make / ce_test_dir_remove do the same
 * for a folder buffer of the caller's.
 */
#ifndef CLUSTEREVAL_TESTUTIL_H
#define CLUSTEREVAL_TESTUTIL_H

#include <stddef.h>

#include "clustereval/csvio.h"
#include "clustereval/pipeline.h"
#include "clustereval/profile.h"
#include "clustereval/status.h"
#include "clustereval/table.h"

/* Enough room for the scratch folder's path of any short tag. */
#define CE_TEST_DIR_CAP 64

/* The scratch folder of the running test ("" outside ce_test_dir_init ..
 * ce_test_dir_fini). Criterion runs each test in its own process, so every
 * test gets its own folder. */
extern char ce_test_dir[CE_TEST_DIR_CAP];

/* ce_test_dir_make(ce_test_dir, sizeof ce_test_dir, "unit"); usable as a
 * suite's .init. */
void ce_test_dir_init(void);

/* ce_test_dir_remove(ce_test_dir), then ce_test_dir is ""; usable as a
 * suite's .fini. */
void ce_test_dir_fini(void);

/* Creates a fresh, empty folder /tmp/ce_test_<tag>_XXXXXX (mkdtemp) and
 * stores its path in dir (cap bytes). Asserts that the path fits and that
 * the folder was created; on failure dir is "" (ce_test_dir_remove then does
 * nothing). */
void ce_test_dir_make(char *dir, size_t cap, const char *tag);

/* Removes everything in dir (files, and empty sub-folders a test made), then
 * dir itself. Does nothing when dir is "" or cannot be opened; never asserts,
 * so it can run from a .fini after a failed test. */
void ce_test_dir_remove(const char *dir);

/* Stores "dir/name" in path (cap bytes) and returns path. Asserts that it
 * fits. Does not touch the file system. */
char *ce_test_path(char *path, size_t cap, const char *dir, const char *name);

/* Writes len bytes to the file dir/name (created or truncated, binary mode)
 * and stores its path in path (cap bytes); path may be NULL when the caller
 * does not need it. Asserts that the path fits and every step succeeds. */
void ce_test_write(char *path, size_t cap, const char *dir, const char *name, const char *bytes,
                   size_t len);

/* ce_test_write of the NUL-terminated text (without the NUL). */
void ce_test_write_text(char *path, size_t cap, const char *dir, const char *name,
                        const char *text);

/* Writes text to dir/name (as ce_test_write_text; path may be NULL) and
 * loads it with ce_profile_load(path, enc, ..., diag NULL). Asserts CE_OK
 * (the message names the file, line and error) and returns the profile,
 * which the caller frees with ce_profile_free. */
ce_profile *ce_test_load_profile(char *path, size_t cap, const char *dir, const char *name,
                                 const char *text, ce_encoding enc);

/* Writes text to dir/name (as ce_test_write_text; path may be NULL) and
 * reads it with ce_table_read(path, prof, enc, ..., diag). Asserts CE_OK
 * (the message names the file, line and error) and returns the table, which
 * the caller frees with ce_table_free. diag may be NULL. */
ce_table *ce_test_read_table(char *path, size_t cap, const char *dir, const char *name,
                             const char *text, const ce_profile *prof, ce_encoding enc,
                             ce_diag *diag);

/* ---- the five clusters ranked by hand ----------------------------------
 *
 * Two dimensions of two indicators (a2 a cost, b2 constant) and five
 * clusters: c2 lacks a2, c3 is not eligible, c4 is vetoed. By hand (the
 * computation is in testutil.c), with the top 2 awarded:
 *
 *     cluster    c1     c2    c3     c4     c5
 *     composite  43.75  62.5  93.75  48.75  70
 *     rank       5      3     1      4      2
 *     award      no     yes   no     no     yes
 */
extern const char ce_test_five_profile[]; /* profile CSV: dA, dB; a1, a2, b1, b2 */
extern const char ce_test_five_data[];    /* data CSV: c1 .. c5 */

/* Writes ce_test_five_profile and ce_test_five_data to dir/profile.csv and
 * dir/data.csv and loads them (their warnings dropped) into *prof and
 * *table, which the caller frees. Asserts every step. */
void ce_test_five_load(const char *dir, ce_profile **prof, ce_table **table);

/* Ranks table as the hand computation does: default options but the top 2
 * awarded, 500,000 CNY each; the pipeline's warnings to diag (may be NULL).
 * Asserts CE_OK; the caller frees the result with ce_result_free. */
ce_result *ce_test_five_rank(const ce_profile *prof, const ce_table *table, ce_diag *diag);

#endif
