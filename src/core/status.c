/* status.c - see status.h. */
#include "clustereval/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ce_status ce_error_set(ce_error *err, ce_status status, const char *file, size_t line,
                       const char *fmt, ...)
{
    if (err) {
        snprintf(err->file, sizeof err->file, "%s", file ? file : "");
        err->line = line;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return status;
}

void ce_error_prefix(ce_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    char msg[CE_ERROR_MSG_MAX];
    memcpy(msg, err->msg, sizeof msg);
    msg[sizeof msg - 1] = '\0';
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof err->msg)
        snprintf(err->msg + n, sizeof err->msg - (size_t)n, "%s", msg);
}

void ce_error_set_file(ce_error *err, const char *file, size_t line)
{
    if (!err || err->file[0])
        return;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
}

ce_status ce_error_nomem(ce_error *err)
{
    return ce_error_set(err, CE_ERR_IO, NULL, 0, "out of memory");
}

const char *ce_error_quote(const char *text, size_t len, char *out, size_t out_size)
{
    enum { MAX_SHOWN = 60 };
    size_t o = 0, i = 0;
    int cut = 0;
    if (len > MAX_SHOWN) {
        len = MAX_SHOWN;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--; /* do not split a UTF-8 sequence */
        cut = 1;
    }
    for (; i < len && o + 8 < out_size; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x20 || c == 0x7F)
            o += (size_t)snprintf(out + o, out_size - o, "\\x%02X", c);
        else
            out[o++] = (char)c;
    }
    if (cut && o + 4 < out_size) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o < out_size ? o : out_size - 1] = '\0';
    return out;
}

void ce_diag_init(ce_diag *d)
{
    d->items = NULL;
    d->count = d->cap = 0;
    d->gb18030 = NULL;
    d->n_gb18030 = 0;
}

void ce_diag_fini(ce_diag *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->count; i++)
        free(d->items[i]);
    free(d->items);
    for (size_t i = 0; i < d->n_gb18030; i++)
        free(d->gb18030[i].path);
    free(d->gb18030);
    ce_diag_init(d);
}

ce_status ce_diag_add(ce_diag *d, const char *fmt, ...)
{
    if (!d)
        return CE_OK;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return CE_ERR_IO;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return CE_ERR_IO;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    if (d->count == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 8;
        char **items = realloc(d->items, cap * sizeof *items);
        if (!items) {
            free(s);
            return CE_ERR_IO;
        }
        d->items = items;
        d->cap = cap;
    }
    d->items[d->count++] = s;
    return CE_OK;
}

ce_status ce_diag_add_gb18030(ce_diag *d, const char *path, size_t line)
{
    if (!d)
        return CE_OK;
    for (size_t i = 0; i < d->n_gb18030; i++)
        if (strcmp(d->gb18030[i].path, path) == 0)
            return CE_OK;
    char *copy = strdup(path);
    ce_diag_decoded *grown = copy ? realloc(d->gb18030, (d->n_gb18030 + 1) * sizeof *grown) : NULL;
    if (!grown) {
        free(copy);
        return CE_ERR_IO;
    }
    d->gb18030 = grown;
    d->gb18030[d->n_gb18030++] = (ce_diag_decoded){copy, line};
    return CE_OK;
}
