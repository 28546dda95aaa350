/* idkey.h - when two ids name the same thing. A data file can hold one
 * cluster (enterprise, application) twice under ids that look alike but
 * differ in bytes: "A01", " A01", "a01", "Ａ01", "A\u200b01", a BOM in front.
 * Ids are compared by a key: Unicode NFKC (full-width forms to ASCII,
 * ideographic space and no-break space to a space), case folded, default
 * ignorable characters removed (zero-width space, joiners, word joiner,
 * BOM: UTF8PROC_IGNORE), then spaces and tabs at either end cut. The key
 * comes from utf8proc (libutf8proc-dev); the id shown is always the id as
 * written.
 *
 * Whoever calls ce_idkey_new owns the result and frees it with free().
 */
#ifndef CLUSTEREVAL_IDKEY_H
#define CLUSTEREVAL_IDKEY_H

#include <stddef.h>

#include "clustereval/status.h"

/* The comparison key of a NUL-terminated id, or NULL when out of memory.
 * Text that is not valid UTF-8 keeps its bytes, cut at either end only. */
char *ce_idkey_new(const char *id);

/* The id of position i and its line. */
typedef const char *(*ce_idkey_id_fn)(const void *ctx, size_t i, size_t *line);

/* Looks for two of n ids with the same key. Returns 0 when all keys differ,
 * 1 when some repeat: *first and *later are the positions of the repeat
 * whose later line comes first, *later the one on the later line (lines
 * equal: the higher position); -1 when out of memory. O(n log n). */
int ce_idkey_find_repeat(size_t n, ce_idkey_id_fn id_at, const void *ctx, size_t *first,
                         size_t *later);

/* The CE_ERR_DATA error at path:later_line for two ids that are written
 * differently but have the same key: 'duplicate <what> "<later>" (line L)
 * and "<first>" (line F) are the same <noun> once ...'. Characters that
 * cannot be seen are shown as <U+XXXX>. */
ce_status ce_idkey_lookalike_error(const char *path, const char *what, const char *noun,
                                   const char *first, size_t first_line, const char *later,
                                   size_t later_line, ce_error *err);

/* Checks that the ids of n rows read from path are unique under their key;
 * id_at(ctx, i, &line) gives row i's id and line. CE_ERR_DATA at path on
 * the later row of the first repeat in line order: 'duplicate <what> "x"
 * (first on line N)', or for two ids written differently the look-alike
 * message above ("the same <noun>": "cluster" for a data table's ids).
 * CE_ERR_NOMEM when out of memory. The one duplicate-id check of the
 * library: data tables, previous rankings, sme and training files. */
ce_status ce_idkey_check_unique(const char *path, size_t n, ce_idkey_id_fn id_at,
                                const void *ctx, const char *what, const char *noun,
                                ce_error *err);

#endif
