/* csvio.c - see csvio.h. Line tracking follows LIBS.md §1: CSV_REPALL_NL,
 * count LFs in cb2 and inside fields, record the start line on the first
 * field of a record. */
#include "clustereval/csvio.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xlsx_read.h"

enum { CHUNK = 1 << 16 };

int ce_encoding_parse(const char *name, ce_encoding *out)
{
    static const struct { const char *name; ce_encoding enc; } names[] = {
        {"auto", CE_ENC_AUTO}, {"utf-8", CE_ENC_UTF8}, {"utf8", CE_ENC_UTF8},
        {"gb18030", CE_ENC_GB18030}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *a = name, *b = names[i].name;
        while (*a && *b && (*a >= 'A' && *a <= 'Z' ? *a + 32 : *a) == *b) {
            a++;
            b++;
        }
        if (!*a && !*b) {
            *out = names[i].enc;
            return 0;
        }
    }
    return -1;
}

const char *ce_encoding_name(ce_encoding enc)
{
    switch (enc) {
    case CE_ENC_UTF8: return "UTF-8";
    case CE_ENC_GB18030: return "GB18030";
    default: return "auto";
    }
}

static size_t count_lf(const char *s, size_t n)
{
    size_t k = 0;
    const char *p = s, *end = s + n;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        k++;
        p++;
    }
    return k;
}

/* ---- reader state shared by the libcsv callbacks ---- */

typedef struct {
    const char *path;
    ce_csv_record_fn fn;
    void *ud;
    ce_error *err;
    ce_status status;       /* first failure; later callbacks do nothing */
    size_t line, row_line;  /* current physical line; start of current record */
    size_t field_lf;        /* line breaks inside the fields of the records before */
    size_t record_lf;       /* line breaks inside the fields of the current record */
    int ragged;             /* ce_csv_read_options.ragged */
    size_t records;         /* records delivered so far (header included) */
    size_t header_fields;
    size_t max_records;     /* lines in the file: no more records than that */
    int any_value;          /* the current record has a non-empty field */
    char *buf;              /* field bytes of the current record, NUL-separated */
    size_t buf_len, buf_cap;
    size_t *offs, *lens;    /* per field */
    char **ptrs;
    size_t nfields, fields_cap;
} reader;

/* Makes room for need bytes in the record's field buffer. */
static int grow_buf(reader *r, size_t need)
{
    if (need <= r->buf_cap)
        return 0;
    size_t cap = r->buf_cap ? r->buf_cap : 1024;
    while (cap < need)
        cap *= 2;
    char *buf = realloc(r->buf, cap);
    if (!buf)
        return -1;
    r->buf = buf;
    r->buf_cap = cap;
    return 0;
}

/* Makes room for one more field in offs, lens and ptrs (which share one capacity). */
static int grow_fields(reader *r)
{
    if (r->nfields < r->fields_cap)
        return 0;
    size_t cap = r->fields_cap ? 2 * r->fields_cap : 64;
    size_t *offs = realloc(r->offs, cap * sizeof *offs);
    if (offs)
        r->offs = offs;
    size_t *lens = realloc(r->lens, cap * sizeof *lens);
    if (lens)
        r->lens = lens;
    char **ptrs = realloc(r->ptrs, cap * sizeof *ptrs);
    if (ptrs)
        r->ptrs = ptrs;
    if (!offs || !lens || !ptrs)
        return -1;
    r->fields_cap = cap;
    return 0;
}

static void on_field(void *s, size_t len, void *ud)
{
    reader *r = ud;
    if (r->status != CE_OK)
        return;
    if (r->nfields == 0)
        r->row_line = r->line;
    if (s) {
        size_t lf = count_lf(s, len);
        r->line += lf;
        r->record_lf += lf;
        r->any_value |= len > 0; /* "" is as empty as nothing */
    }
    if (grow_fields(r) || grow_buf(r, r->buf_len + len + 1)) {
        r->status = ce_error_nomem(r->err);
        return;
    }
    r->offs[r->nfields] = r->buf_len;
    r->lens[r->nfields] = len;
    if (len)
        memcpy(r->buf + r->buf_len, s, len);
    r->buf[r->buf_len + len] = '\0';
    r->buf_len += len + 1;
    r->nfields++;
}

/* Delivers a complete record. Blank lines and rows whose fields are all
 * empty (Excel's trailing ",,,," rows, quoted "" too) are skipped. */
static void on_row(int c, void *ud)
{
    reader *r = ud;
    if (r->status == CE_OK && r->nfields > 0 && (r->any_value || r->records == 0)) {
        if (r->records == 0) {
            r->header_fields = r->nfields;
        } else if (r->nfields != r->header_fields && !r->ragged) {
            r->status = ce_error_set(r->err, CE_ERR_DATA, r->path, r->row_line,
                                     "row has %zu fields but the header has %zu%s", r->nfields,
                                     r->header_fields,
                                     r->nfields > r->header_fields
                                         ? " (an unquoted comma, e.g. in 1,234?)"
                                         : "");
        }
        if (r->status == CE_OK) {
            for (size_t i = 0; i < r->nfields; i++)
                r->ptrs[i] = r->buf + r->offs[i];
            ce_csv_record rec = {r->records, r->row_line, r->nfields, r->ptrs, r->lens,
                                 r->max_records, NULL, r->row_line - r->field_lf};
            r->status = r->fn(r->ud, &rec, r->err);
            r->records++;
        }
    }
    r->nfields = 0;
    r->buf_len = 0;
    r->any_value = 0;
    r->field_lf += r->record_lf;
    r->record_lf = 0;
    if (c == '\n')
        r->line++;
}

/* ---- the byte stream: decoded UTF-8 fed to libcsv ---- */

typedef struct {
    struct csv_parser parser;
    reader *r;
    size_t fed;      /* decoded bytes fed so far (for the BOM check) */
    size_t raw_line; /* LFs in bytes fed so far + 1 */
} feeder;

static ce_status feed(feeder *f, const char *b, size_t n)
{
    if (f->fed == 0 && n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0) {
        b += 3;
        n -= 3;
        f->fed = 3;
    }
    if (n == 0)
        return CE_OK;
    /* libcsv grows a field's buffer by blk_size bytes at a time (128 by
     * default): growing by at least what it holds already makes a 100 MB
     * field cost a few dozen reallocations, not 800,000. */
    csv_set_blk_size(&f->parser, f->parser.entry_size > CHUNK ? f->parser.entry_size : CHUNK);
    size_t used = csv_parse(&f->parser, b, n, on_field, on_row, f->r);
    if (f->r->status != CE_OK)
        return f->r->status;
    if (used != n) {
        /* Show the line up to just past the offending byte. */
        size_t start = used;
        while (start > 0 && b[start - 1] != '\n')
            start--;
        size_t end = used + 1 < n ? used + 1 : n;
        char q[256];
        ce_error_quote(b + start, end - start, q, sizeof q);
        int eparse = csv_error(&f->parser) == CSV_EPARSE;
        return ce_error_set(f->r->err, CE_ERR_DATA, f->r->path, f->raw_line + count_lf(b, used),
                            "malformed CSV: %s, at \"%s\"",
                            eparse ? "a quote inside an unquoted field, or text after a "
                                     "closing quote"
                                   : csv_strerror(csv_error(&f->parser)),
                            q);
    }
    f->raw_line += count_lf(b, n);
    f->fed += n;
    return CE_OK;
}

/* ---- encoding checks ---- */

/* Length of the longest prefix of s[0..n) made of complete valid UTF-8
 * sequences. If it stops before n, either the rest is an incomplete
 * sequence at the end (*incomplete = 1) or s[ret] starts an invalid one. */
static size_t utf8_valid_prefix(const unsigned char *s, size_t n, int *incomplete)
{
    size_t i = 0;
    *incomplete = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if ((w & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        unsigned char c = s[i];
        size_t need;
        unsigned lo = 0x80, hi = 0xBF; /* allowed range of the 2nd byte */
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            return i;
        }
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= n) {
                *incomplete = 1;
                return i;
            }
            unsigned char d = s[i + k];
            if (k == 1 ? (d < lo || d > hi) : (d & 0xC0) != 0x80)
                return i;
        }
        i += need + 1;
    }
    return i;
}

typedef struct {
    int valid_utf8;
    size_t bad_line;  /* line of the first invalid byte */
    unsigned char bad_byte;
    size_t lf, cr, bytes;
    size_t lone_cr;  /* CRs not followed by an LF: line ends of the old Mac format */
    size_t nul_line; /* line of the first NUL byte, 0 when none */
} scan_result;

static ce_status scan_file(FILE *fp, const char *path, scan_result *res, ce_error *err)
{
    unsigned char buf[CHUNK + 4];
    size_t carry = 0, line = 1;
    int after_cr = 0; /* the byte before this chunk was a CR */
    memset(res, 0, sizeof *res);
    res->valid_utf8 = 1;
    for (;;) {
        size_t n = fread(buf + carry, 1, CHUNK, fp);
        if (n == 0)
            break;
        res->bytes += n;
        for (size_t i = carry; i < carry + n; i++) { /* counted once per byte */
            res->lone_cr += after_cr && buf[i] != '\n';
            after_cr = buf[i] == '\r';
            res->cr += after_cr;
        }
        if (!res->nul_line) {
            const unsigned char *z = memchr(buf + carry, '\0', n);
            if (z)
                res->nul_line = 1 + res->lf + count_lf((char *)buf + carry, (size_t)(z - buf - carry));
        }
        res->lf += count_lf((char *)buf + carry, n);
        n += carry;
        carry = 0;
        if (res->valid_utf8) {
            int incomplete;
            size_t ok = utf8_valid_prefix(buf, n, &incomplete);
            if (ok < n && !incomplete) {
                res->valid_utf8 = 0;
                res->bad_line = line + count_lf((char *)buf, ok);
                res->bad_byte = buf[ok];
            } else {
                line += count_lf((char *)buf, ok);
                carry = n - ok;
                memmove(buf, buf + ok, carry);
            }
        }
    }
    if (ferror(fp))
        return ce_error_set(err, CE_ERR_IO, path, 0, "cannot read: %s", strerror(errno));
    res->lone_cr += after_cr;
    if (res->valid_utf8 && carry > 0) {
        res->valid_utf8 = 0;
        res->bad_line = line;
        res->bad_byte = buf[0];
    }
    rewind(fp);
    return CE_OK;
}

static ce_status read_utf8(FILE *fp, feeder *f, const char *path, ce_error *err)
{
    char *buf = malloc(CHUNK);
    if (!buf)
        return ce_error_nomem(err);
    ce_status st = CE_OK;
    size_t n;
    while (st == CE_OK && (n = fread(buf, 1, CHUNK, fp)) > 0)
        st = feed(f, buf, n);
    if (st == CE_OK && ferror(fp))
        st = ce_error_set(err, CE_ERR_IO, path, 0, "cannot read: %s", strerror(errno));
    free(buf);
    return st;
}

static ce_status read_gb18030(FILE *fp, feeder *f, const char *path, ce_error *err)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return ce_error_set(err, CE_ERR_IO, path, 0, "cannot decode GB18030: iconv: %s",
                            strerror(errno));
    char *in = malloc(CHUNK + 8), *out = malloc(4 * CHUNK + 64);
    ce_status st = in && out ? CE_OK : ce_error_nomem(err);
    size_t carry = 0, line = 1, n;
    while (st == CE_OK && (n = fread(in + carry, 1, CHUNK, fp)) > 0) {
        char *ip = in, *op = out;
        size_t il = carry + n, ol = 4 * CHUNK + 64;
        size_t rc = iconv(cd, &ip, &il, &op, &ol);
        if (rc == (size_t)-1 && errno == EILSEQ) {
            st = ce_error_set(err, CE_ERR_DATA, path, line + count_lf(in, (size_t)(ip - in)),
                              "invalid GB18030 byte 0x%02X (the file is neither UTF-8 nor "
                              "GB18030)",
                              (unsigned char)*ip);
            break;
        }
        line += count_lf(in, (size_t)(ip - in));
        carry = il; /* EINVAL: an incomplete sequence at the end */
        memmove(in, ip, carry);
        st = feed(f, out, (size_t)(op - out));
    }
    if (st == CE_OK && ferror(fp))
        st = ce_error_set(err, CE_ERR_IO, path, 0, "cannot read: %s", strerror(errno));
    if (st == CE_OK && carry > 0)
        st = ce_error_set(err, CE_ERR_DATA, path, line,
                          "the file ends inside a GB18030 character");
    free(in);
    free(out);
    iconv_close(cd);
    return st;
}

/* The file is read twice (a scan, then the parse). A pipe, FIFO or device
 * (`rank /dev/stdin < data.csv`, `rank <(unzip -p x.zip)`) is first copied
 * to an unnamed temporary file, which replaces *fp. */
static ce_status spool_if_stream(FILE **fp, const char *path, ce_error *err)
{
    struct stat sb;
    if (fstat(fileno(*fp), &sb) != 0) {
        int saved = errno;
        fclose(*fp);
        return ce_error_set(err, CE_ERR_IO, path, 0, "cannot read: %s", strerror(saved));
    }
    if (S_ISDIR(sb.st_mode)) {
        fclose(*fp);
        return ce_error_set(err, CE_ERR_IO, path, 0, "cannot read: it is a folder");
    }
    if (S_ISREG(sb.st_mode))
        return CE_OK;
    FILE *copy = tmpfile();
    char *buf = malloc(CHUNK);
    int copy_failed = !copy || !buf, saved = errno;
    size_t n;
    while (!copy_failed && (n = fread(buf, 1, CHUNK, *fp)) > 0)
        copy_failed = fwrite(buf, 1, n, copy) != n;
    if (!copy_failed)
        copy_failed = fflush(copy) != 0;
    int read_failed = ferror(*fp);
    if (copy_failed || read_failed)
        saved = errno;
    free(buf);
    fclose(*fp);
    *fp = copy;
    if (copy_failed || read_failed) {
        if (copy)
            fclose(copy);
        return ce_error_set(err, CE_ERR_IO, path, 0, "%s: %s",
                            read_failed ? "cannot read"
                                        : "cannot copy the stream to a temporary file",
                            strerror(saved));
    }
    rewind(copy);
    return CE_OK;
}

ce_status ce_csv_read(const char *path, ce_encoding enc, ce_csv_record_fn fn, void *ud,
                      ce_encoding *used, ce_diag *diag, ce_error *err)
{
    ce_csv_read_options opt = {enc, NULL, 0};
    return ce_csv_read_opts(path, &opt, fn, ud, used, diag, err);
}

size_t ce_csv_record_row(const ce_csv_record *rec)
{
    return rec->sheet ? rec->line : rec->row;
}

const char *ce_csv_cell_ref(const ce_csv_record *rec, size_t field, char *out, size_t size)
{
    return ce_xlsx_cell_ref(rec->sheet, field, rec->line, out, size);
}

ce_status ce_csv_read_opts(const char *path, const ce_csv_read_options *opt,
                           ce_csv_record_fn fn, void *ud, ce_encoding *used, ce_diag *diag,
                           ce_error *err)
{
    ce_encoding enc = opt->encoding;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return ce_error_set(err, CE_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
    ce_status st = spool_if_stream(&fp, path, err);
    if (st != CE_OK)
        return st;
    unsigned char head[8];
    size_t nhead = fread(head, 1, sizeof head, fp);
    rewind(fp);
    if (nhead == 8 && memcmp(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
        fclose(fp);
        return ce_error_set(err, CE_ERR_DATA, path, 0,
                            "an old Excel workbook (.xls, or another OLE2 file): save it as "
                            ".xlsx or as CSV");
    }
    if (ce_xlsx_is_zip(head, nhead)) {
        st = ce_xlsx_read(fp, path, opt->sheet, fn, ud, diag, err);
        if (st == CE_OK && used)
            *used = CE_ENC_UTF8;
        fclose(fp);
        return st;
    }
    if (opt->sheet) {
        fclose(fp);
        return ce_error_set(err, CE_ERR_USAGE, path, 0,
                            "--sheet names a sheet of an .xlsx workbook, and this is a CSV file");
    }
    scan_result scan;
    st = scan_file(fp, path, &scan, err);
    if (st == CE_OK && scan.bytes == 0)
        st = ce_error_set(err, CE_ERR_DATA, path, 1, "the file is empty (expected a header row)");
    if (st == CE_OK && scan.nul_line) /* text never holds one: a field would end there */
        st = ce_error_set(err, CE_ERR_DATA, path, scan.nul_line,
                          "a NUL byte: not a text file (a spreadsheet saved in another format?)");
    /* More lone CRs than LFs: the lines end in CR (a lone CR inside a quoted
     * cell is rare; a file with one LF at its very end is still CR-only). */
    if (st == CE_OK && scan.lone_cr > scan.lf)
        st = ce_error_set(err, CE_ERR_DATA, path, 1,
                          "lines end in CR only (old Mac format); save the file with LF or "
                          "CRLF line endings");
    if (st == CE_OK && enc == CE_ENC_UTF8 && !scan.valid_utf8)
        st = ce_error_set(err, CE_ERR_DATA, path, scan.bad_line,
                          "not valid UTF-8 (byte 0x%02X); if the file is GB18030 use "
                          "--encoding gb18030",
                          scan.bad_byte);
    if (st == CE_OK && enc == CE_ENC_AUTO) {
        enc = scan.valid_utf8 ? CE_ENC_UTF8 : CE_ENC_GB18030;
        if (enc == CE_ENC_GB18030 && ce_diag_add_gb18030(diag, path, scan.bad_line) != CE_OK)
            st = ce_error_nomem(err);
    }
    if (st != CE_OK) {
        fclose(fp);
        return st;
    }

    reader r = {.path = path, .fn = fn, .ud = ud, .err = err, .line = 1, .ragged = opt->ragged,
                .max_records = scan.lf + scan.cr + 1}; /* a bound also with lone CRs */
    feeder f = {.r = &r, .raw_line = 1};
    if (csv_init(&f.parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL |
                                CSV_EMPTY_IS_NULL) != 0) {
        fclose(fp);
        return ce_error_nomem(err);
    }
    st = enc == CE_ENC_GB18030 ? read_gb18030(fp, &f, path, err) : read_utf8(fp, &f, path, err);
    if (st == CE_OK && csv_fini(&f.parser, on_field, on_row, &r) != 0)
        st = r.status != CE_OK ? r.status
                               : ce_error_set(err, CE_ERR_DATA, path, r.line,
                                              "a quoted field starting on this line is never "
                                              "closed");
    if (st == CE_OK)
        st = r.status;
    if (st == CE_OK && r.records == 0)
        st = ce_error_set(err, CE_ERR_DATA, path, 1, "no header row");
    if (st == CE_OK && used)
        *used = enc;
    csv_free(&f.parser);
    free(r.buf);
    free(r.offs);
    free(r.lens);
    free(r.ptrs);
    fclose(fp);
    return st;
}

void ce_csv_write_text(FILE *out, const char *text)
{
    int guard = text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                text[0] == '\t' || text[0] == '\r';
    int quote = strpbrk(text, ",\"\r\n") != NULL;
    if (!guard && !quote) {
        fputs(text, out);
        return;
    }
    if (quote)
        putc('"', out);
    if (guard)
        putc('\'', out);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            putc('"', out);
        putc(*p, out);
    }
    if (quote)
        putc('"', out);
}
