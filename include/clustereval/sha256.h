/* sha256.h - SHA-256 (FIPS 180-4 §6.2), for the provenance manifests
 * (manifest.h). No external library. A ce_sha256 is a plain struct the
 * caller owns: _init, any number of _update, one _final.
 */
#ifndef CLUSTEREVAL_SHA256_H
#define CLUSTEREVAL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "clustereval/status.h"

typedef struct {
    uint32_t h[8];          /* the hash value H(i) */
    uint64_t len;           /* message bytes so far */
    unsigned char buf[64];  /* the block being filled */
    size_t used;            /* bytes of buf in use, 0..63 */
} ce_sha256;

void ce_sha256_init(ce_sha256 *s);

/* Appends n bytes of data (data may be NULL when n is 0). */
void ce_sha256_update(ce_sha256 *s, const void *data, size_t n);

/* Pads the message and stores the 32-byte digest in out. s must be
 * initialised again before reuse. */
void ce_sha256_final(ce_sha256 *s, unsigned char out[32]);

/* The digest as 64 lowercase hex digits and a NUL. */
void ce_sha256_hex(const unsigned char digest[32], char hex[65]);

/* Hashes the file at path: its digest in lowercase hex and, when size is not
 * NULL, its size in bytes. CE_ERR_IO naming the file ("cannot open: ..." or
 * "cannot read: ...", with strerror) when it cannot be read; hex and size
 * are then untouched. */
ce_status ce_sha256_file(const char *path, char hex[65], long long *size, ce_error *err);

#endif
