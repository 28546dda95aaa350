/* report.c - see report.h. */
#include "clustereval/report.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "clustereval/csvio.h"

void ce_report_format_number(double v, int digits, char *buf, size_t size)
{
    if (isnan(v)) {
        buf[0] = '\0';
        return;
    }
    snprintf(buf, size, "%.*f", digits, v);
    /* A value that rounds to zero prints without a minus sign. */
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
        memmove(buf, buf + 1, strlen(buf));
}

static const char *award_text(ce_award a)
{
    return a == CE_AWARD_YES ? "yes" : a == CE_AWARD_TIE ? "tie" : "no";
}

ce_status ce_report_ranking_csv(FILE *out, const ce_result *r, const ce_table *t,
                                const ce_profile *p, const ce_report_options *o, ce_error *err)
{
    size_t n_dims;
    const size_t *dims = ce_profile_dimensions(p, &n_dims);
    char num[64];
    if (o->bom)
        fputs("\xEF\xBB\xBF", out);
    fputs("rank,id,name,score,award,award_amount", out);
    for (size_t d = 0; d < n_dims; d++) {
        const char *code = ce_profile_node(p, dims[d])->code;
        putc(',', out);
        ce_csv_write_text(out, code);
        putc(',', out);
        char col[512];
        snprintf(col, sizeof col, "%s_rank", code);
        ce_csv_write_text(out, col);
    }
    fputs(",coverage,notes\n", out);
    for (size_t k = 0; k < r->rows; k++) {
        size_t i = r->order[k];
        if (r->rank[i])
            fprintf(out, "%zu", r->rank[i]);
        putc(',', out);
        ce_csv_write_text(out, ce_table_id(t, i));
        putc(',', out);
        ce_csv_write_text(out, ce_table_name(t, i));
        ce_report_format_number(r->composite[i], o->digits, num, sizeof num);
        fprintf(out, ",%s,%s,", num, award_text(r->award[i]));
        double amount = r->amount[i];
        ce_report_format_number(amount, amount == floor(amount) ? 0 : 2, num, sizeof num);
        fputs(num, out);
        for (size_t d = 0; d < n_dims; d++) {
            ce_report_format_number(r->nodes[i * r->n_nodes + dims[d]], o->digits, num,
                                    sizeof num);
            fprintf(out, ",%s,", num);
            if (r->dim_rank[i * n_dims + d])
                fprintf(out, "%zu", r->dim_rank[i * n_dims + d]);
        }
        ce_report_format_number(r->coverage[i], 4, num, sizeof num);
        fprintf(out, ",%s,", num);
        ce_csv_write_text(out, r->notes[i]);
        putc('\n', out);
    }
    if (fflush(out) != 0 || ferror(out))
        return ce_error_set(err, CE_ERR_IO, NULL, 0, "cannot write the report: %s",
                            strerror(errno));
    return CE_OK;
}
