/* sha256.h - SHA-256 (FIPS 180-4) for the provenance manifests
 * (manifest.h), computed by GNU Nettle (<nettle/sha2.h>); this module only
 * adds the hex form and the hashing of a file. A ce_sha256 is a plain struct
 * the caller owns: _init, any number of _update, one _final.
 */
#ifndef CLUSTEREVAL_SHA256_H
#define CLUSTEREVAL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include <nettle/sha2.h>

#include "clustereval/status.h"

typedef struct {
    struct sha256_ctx ctx; /* Nettle's state */
    uint64_t len;          /* message bytes so far */
} ce_sha256;

void ce_sha256_init(ce_sha256 *s);

/* Appends n bytes of data (data may be NULL when n is 0). */
void ce_sha256_update(ce_sha256 *s, const void *data, size_t n);

/* Stores the 32-byte digest in out. s must be initialised again before
 * reuse. */
void ce_sha256_final(ce_sha256 *s, unsigned char out[32]);

/* The digest as 64 lowercase hex digits and a NUL. */
void ce_sha256_hex(const unsigned char digest[32], char hex[65]);

/* Hashes the file at path: its digest in lowercase hex and, when size is not
 * NULL, its size in bytes. CE_ERR_IO naming the file ("cannot open: ..." or
 * "cannot read: ...", with strerror) when it cannot be read; hex and size
 * are then untouched. */
ce_status ce_sha256_file(const char *path, char hex[65], long long *size, ce_error *err);

#endif
