/* colmap.h - the one header mapper: finds the columns a reader wants in the
 * header row of a CSV file, with one set of messages. Library-private: every
 * reader of the library (data table, profile, previous ranking, AHP file,
 * size standard, training and voucher applications) maps its header here.
 *
 * The caller describes each column it wants (ce_colmap_column: the name
 * shown in messages, other accepted spellings, an optional unit, required
 * or not); an indicator table is one column per indicator. The mapper
 * returns the field index of each and refuses, at the header's line:
 *   a column given twice:  column "x" appears twice (columns N and M)
 *                          (spellings shown when they differ: ... (columns
 *                          N and M: "X" and "x"))
 *   a required column missing:  missing column "x" (HINT), or the caller's
 *                          own message (ce_colmap_options.on_missing)
 *   a header that two wanted columns share (only under CE_COLMAP_LOOSE):
 *                          column "X" could be "a" or "b"
 * and adds the one warning about the columns nobody reads:
 *   PATH: N column(s) REASON, ignored: a, b, ... (K more)
 *
 * Matching (ce_colmap_options.match):
 *   CE_COLMAP_EXACT       byte for byte (what every reader did before);
 *   CE_COLMAP_ASCII_CASE  ASCII letters in either case;
 *   CE_COLMAP_LOOSE       by a key (ce_colmap_key_new): the id key of
 *                         idkey.h (NFKC: full-width forms to half-width;
 *                         case folded; invisible characters removed), with
 *                         every space removed and the brackets [] 【】 〔〕
 *                         read as (); a column with a unit also matches
 *                         "name(unit)", so 营业收入（亿元） is 营业收入 in 亿元.
 *
 * Nothing returned is owned by the caller but what it passes in.
 */
#ifndef CLUSTEREVAL_COLMAP_H
#define CLUSTEREVAL_COLMAP_H

#include <stddef.h>

#include "clustereval/csvio.h"
#include "clustereval/status.h"

typedef struct {
    const char *name;           /* the spelling messages show */
    const char *const *aliases; /* more spellings, NULL-terminated; NULL: none */
    const char *unit;           /* CE_COLMAP_LOOSE: "name(unit)" matches too; NULL: none */
    int required;
} ce_colmap_column;

typedef enum { CE_COLMAP_EXACT = 0, CE_COLMAP_ASCII_CASE, CE_COLMAP_LOOSE } ce_colmap_match;

typedef struct {
    const char *path;       /* the file the messages name */
    ce_colmap_match match;
    /* A required column missing: 'missing column "x" (hint)' (no brackets
     * when hint is NULL); with say_no_column 'no "x" column (hint)', the
     * form the data table and the previous ranking use. */
    const char *hint;
    int say_no_column;
    /* When set, called for the first required column (in the caller's
     * order) that is missing; a status other than CE_OK is returned as the
     * error, CE_OK means "say the message above". */
    ce_status (*on_missing)(void *ctx, size_t column, ce_error *err);
    void *ctx;
    /* Non-NULL: the warning about the header's other columns goes to diag. */
    const char *ignored_reason;
    ce_diag *diag;
} ce_colmap_options;

/* Maps header: field[c] (n entries) is the field index of cols[c], -1 when
 * the file does not have it. CE_ERR_DATA (path, header line) as above;
 * CE_ERR_IO when out of memory. On failure field is partly filled. */
ce_status ce_colmap_find(const ce_csv_record *header, const ce_colmap_column *cols, size_t n,
                         const ce_colmap_options *opt, long *field, ce_error *err);

/* Shorthand for n required columns named names[], matched exactly, no
 * warning: ce_colmap_find with {names[c], NULL, NULL, 1} and hint. */
ce_status ce_colmap_find_names(const ce_csv_record *header, const char *const *names, size_t n,
                               const char *path, const char *hint, long *field, ce_error *err);

/* The warning about the fields of header not marked in used[] (nfields
 * entries): 'PATH: N column(s) REASON, ignored: a, b' listing the first 20,
 * each cut to 100 bytes, an empty one as (unnamed), and ", ... (K more)".
 * Nothing when every field is used. CE_ERR_IO when out of memory. */
ce_status ce_colmap_warn_ignored(const ce_csv_record *header, const unsigned char *used,
                                 const char *path, const char *reason, ce_diag *diag,
                                 ce_error *err);

/* The CE_COLMAP_LOOSE key of text, or NULL when out of memory; the caller
 * frees it. */
char *ce_colmap_key_new(const char *text);

#endif
