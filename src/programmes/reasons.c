/* reasons.c - the reason lists of the programmes' decisions (reasons.h). */
#include "reasons.h"

#include <stdarg.h>
#include <stdio.h>

void ce_reasons_init(ce_reasons *r, char *out, size_t size)
{
    r->out = out;
    r->size = size;
    r->used = 0;
    if (size)
        out[0] = '\0';
}

void ce_reasons_add(ce_reasons *r, const char *fmt, ...)
{
    if (r->used >= r->size)
        return;
    if (r->used) {
        int n = snprintf(r->out + r->used, r->size - r->used, ";");
        r->used += n > 0 ? (size_t)n : 0;
        if (r->used >= r->size)
            return;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(r->out + r->used, r->size - r->used, fmt, ap);
    va_end(ap);
    r->used += n > 0 ? (size_t)n : 0;
}

void ce_reasons_add_columns(ce_reasons *r, unsigned missing, unsigned invalid,
                            const char *const *names, int n)
{
    for (int c = 0; c < n; c++) {
        if (missing & (1u << c))
            ce_reasons_add(r, "missing:%s", names[c]);
        if (invalid & (1u << c))
            ce_reasons_add(r, "invalid:%s", names[c]);
    }
}

int ce_reasons_empty(const ce_reasons *r) { return r->used == 0; }
