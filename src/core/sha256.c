/* sha256.c - see sha256.h. The hash itself is Nettle's. */
#include "clustereval/sha256.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

void ce_sha256_init(ce_sha256 *s)
{
    sha256_init(&s->ctx);
    s->len = 0;
}

void ce_sha256_update(ce_sha256 *s, const void *data, size_t n)
{
    if (n == 0)
        return;
    sha256_update(&s->ctx, n, data);
    s->len += n;
}

void ce_sha256_final(ce_sha256 *s, unsigned char out[32])
{
    sha256_digest(&s->ctx, SHA256_DIGEST_SIZE, out);
}

void ce_sha256_hex(const unsigned char digest[32], char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
}

ce_status ce_sha256_file(const char *path, char hex[65], long long *size, ce_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return ce_error_set(err, CE_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
    ce_sha256 s;
    ce_sha256_init(&s);
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        ce_sha256_update(&s, buf, n);
    if (ferror(fp)) {
        int saved = errno;
        fclose(fp);
        return ce_error_set(err, CE_ERR_IO, path, 0, "cannot read: %s", strerror(saved));
    }
    fclose(fp);
    unsigned char digest[32];
    ce_sha256_final(&s, digest);
    ce_sha256_hex(digest, hex);
    if (size)
        *size = (long long)s.len;
    return CE_OK;
}
