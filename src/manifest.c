/* manifest.c - see manifest.h. JSON per RFC 8259. */
#include "clustereval/manifest.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clustereval/outfile.h"
#include "clustereval/sha256.h"

#ifndef CE_VERSION
#define CE_VERSION "dev"
#endif

enum { F_TOOL, F_VERSION, F_STARTED, F_CWD, N_FIELDS };
static const char *const field_names[N_FIELDS] = {"tool", "version", "started", "cwd"};

typedef struct {
    char *name, *value;
} option_rec;

typedef struct {
    char *role, *path;
    long long size;
    char sha256[65];
} file_rec;

typedef struct {
    char *name;
    long long value;
} counter_rec;

struct ce_manifest {
    char *field[N_FIELDS];
    char **argv;
    size_t argc;
    option_rec *options;
    size_t n_options, cap_options;
    file_rec *files;
    size_t n_files, cap_files;
    counter_rec *counters;
    size_t n_counters, cap_counters;
};

/* items (cap entries of size bytes, n in use) with room for one more:
 * items itself, or a larger copy; NULL (items untouched) when out of
 * memory. */
static void *grow(void *items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return items;
    size_t new_cap = *cap ? 2 * *cap : 8;
    void *p = realloc(items, new_cap * size);
    if (p)
        *cap = new_cap;
    return p;
}

static int field_index(const char *key)
{
    for (int f = 0; f < N_FIELDS; f++)
        if (strcmp(key, field_names[f]) == 0)
            return f;
    return -1;
}

ce_manifest *ce_manifest_new(void)
{
    return calloc(1, sizeof(ce_manifest));
}

static void free_argv(char **argv, size_t argc)
{
    for (size_t i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
}

void ce_manifest_free(ce_manifest *m)
{
    if (!m)
        return;
    for (int f = 0; f < N_FIELDS; f++)
        free(m->field[f]);
    free_argv(m->argv, m->argc);
    for (size_t i = 0; i < m->n_options; i++) {
        free(m->options[i].name);
        free(m->options[i].value);
    }
    free(m->options);
    for (size_t i = 0; i < m->n_files; i++) {
        free(m->files[i].role);
        free(m->files[i].path);
    }
    free(m->files);
    for (size_t i = 0; i < m->n_counters; i++)
        free(m->counters[i].name);
    free(m->counters);
    free(m);
}

/* ---- building ------------------------------------------------------------ */

ce_status ce_manifest_set(ce_manifest *m, const char *key, const char *value, ce_error *err)
{
    int f = field_index(key);
    if (f < 0)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0,
                            "unknown manifest field \"%s\" (tool, version, started or cwd)", key);
    char *copy = strdup(value);
    if (!copy)
        return ce_error_nomem(err);
    free(m->field[f]);
    m->field[f] = copy;
    return CE_OK;
}

ce_status ce_manifest_stamp(ce_manifest *m, long long started_utc, ce_error *err)
{
    time_t t = (time_t)started_utc;
    struct tm tm;
    char started[32];
    if (!gmtime_r(&t, &tm) || strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0, "cannot format the time %lld",
                            started_utc);
    char *cwd = NULL;
    for (size_t cap = 256;; cap *= 2) {
        char *p = realloc(cwd, cap);
        if (!p) {
            free(cwd);
            return ce_error_nomem(err);
        }
        cwd = p;
        if (getcwd(cwd, cap))
            break;
        if (errno != ERANGE) {
            ce_status st = ce_error_set(err, CE_ERR_IO, NULL, 0,
                                        "cannot name the current folder: %s", strerror(errno));
            free(cwd);
            return st;
        }
    }
    ce_status st = ce_manifest_set(m, "tool", "clustereval", err);
    if (st == CE_OK)
        st = ce_manifest_set(m, "version", CE_VERSION, err);
    if (st == CE_OK)
        st = ce_manifest_set(m, "started", started, err);
    if (st == CE_OK)
        st = ce_manifest_set(m, "cwd", cwd, err);
    free(cwd);
    return st;
}

ce_status ce_manifest_set_command(ce_manifest *m, int argc, char *const *argv, ce_error *err)
{
    if (argc < 1)
        return ce_error_set(err, CE_ERR_USAGE, NULL, 0, "a manifest's command needs its name");
    char **copy = calloc((size_t)argc, sizeof *copy);
    if (!copy)
        return ce_error_nomem(err);
    for (int i = 0; i < argc; i++)
        if (!(copy[i] = strdup(argv[i]))) {
            free_argv(copy, (size_t)i);
            return ce_error_nomem(err);
        }
    free_argv(m->argv, m->argc);
    m->argv = copy;
    m->argc = (size_t)argc;
    return CE_OK;
}

ce_status ce_manifest_add_option(ce_manifest *m, const char *name, const char *value,
                                 ce_error *err)
{
    option_rec *items = grow(m->options, &m->cap_options, m->n_options, sizeof *items);
    if (!items)
        return ce_error_nomem(err);
    m->options = items;
    option_rec o = {strdup(name), strdup(value)};
    if (!o.name || !o.value) {
        free(o.name);
        free(o.value);
        return ce_error_nomem(err);
    }
    m->options[m->n_options++] = o;
    return CE_OK;
}

/* Appends a file record with a known digest. */
static ce_status add_file_rec(ce_manifest *m, const char *role, const char *path, long long size,
                              const char *sha256, ce_error *err)
{
    file_rec *items = grow(m->files, &m->cap_files, m->n_files, sizeof *items);
    if (!items)
        return ce_error_nomem(err);
    m->files = items;
    file_rec f = {strdup(role), strdup(path), size, {0}};
    if (!f.role || !f.path) {
        free(f.role);
        free(f.path);
        return ce_error_nomem(err);
    }
    memcpy(f.sha256, sha256, 65);
    m->files[m->n_files++] = f;
    return CE_OK;
}

ce_status ce_manifest_add_file(ce_manifest *m, const char *role, const char *path,
                               ce_error *err)
{
    char hex[65];
    long long size;
    ce_status st = ce_sha256_file(path, hex, &size, err);
    return st != CE_OK ? st : add_file_rec(m, role, path, size, hex, err);
}

ce_status ce_manifest_add_count(ce_manifest *m, const char *name, long long value,
                                ce_error *err)
{
    counter_rec *items = grow(m->counters, &m->cap_counters, m->n_counters, sizeof *items);
    if (!items)
        return ce_error_nomem(err);
    m->counters = items;
    counter_rec c = {strdup(name), value};
    if (!c.name)
        return ce_error_nomem(err);
    m->counters[m->n_counters++] = c;
    return CE_OK;
}

char *ce_manifest_path_for(const char *output)
{
    static const char suffix[] = ".manifest.json";
    size_t n = strlen(output);
    char *p = malloc(n + sizeof suffix);
    if (p) {
        memcpy(p, output, n);
        memcpy(p + n, suffix, sizeof suffix);
    }
    return p;
}

/* ---- writing ------------------------------------------------------------- */

/* A JSON string (RFC 8259 §7). */
static void put_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            fputc('\\', fp);
            fputc(*p, fp);
        } else if (*p < 0x20) {
            fprintf(fp, "\\u%04X", *p);
        } else {
            fputc(*p, fp);
        }
    }
    fputc('"', fp);
}

static void write_json(FILE *fp, const ce_manifest *m)
{
    fputs("{\n", fp);
    for (int f = 0; f < N_FIELDS; f++) {
        if (!m->field[f])
            continue;
        fprintf(fp, "  \"%s\": ", field_names[f]);
        put_string(fp, m->field[f]);
        fputs(",\n", fp);
    }
    fputs("  \"command\": [", fp);
    for (size_t i = 0; i < m->argc; i++) {
        if (i)
            fputs(", ", fp);
        put_string(fp, m->argv[i]);
    }
    fputs("],\n  \"options\": {", fp);
    for (size_t i = 0; i < m->n_options; i++) {
        fputs(i ? ",\n    " : "\n    ", fp);
        put_string(fp, m->options[i].name);
        fputs(": ", fp);
        put_string(fp, m->options[i].value);
    }
    fputs(m->n_options ? "\n  },\n  \"files\": [" : "},\n  \"files\": [", fp);
    for (size_t i = 0; i < m->n_files; i++) {
        const file_rec *f = &m->files[i];
        fputs(i ? ",\n    {\"role\": " : "\n    {\"role\": ", fp);
        put_string(fp, f->role);
        fputs(", \"path\": ", fp);
        put_string(fp, f->path);
        fprintf(fp, ", \"size\": %lld, \"sha256\": \"%s\"}", f->size, f->sha256);
    }
    fputs(m->n_files ? "\n  ],\n  \"counts\": {" : "],\n  \"counts\": {", fp);
    for (size_t i = 0; i < m->n_counters; i++) {
        fputs(i ? ",\n    " : "\n    ", fp);
        put_string(fp, m->counters[i].name);
        fprintf(fp, ": %lld", m->counters[i].value);
    }
    fputs(m->n_counters ? "\n  }\n}\n" : "}\n}\n", fp);
}

ce_status ce_manifest_write(const ce_manifest *m, const char *path, ce_error *err)
{
    if (m->argc == 0)
        return ce_error_set(err, CE_ERR_USAGE, path, 0, "the manifest has no command");
    ce_outfile of;
    ce_status st = ce_outfile_open(&of, path, err);
    if (st != CE_OK)
        return st;
    write_json(of.fp, m);
    return ce_outfile_commit(&of, err);
}

/* ---- reading ------------------------------------------------------------- */

enum { MAX_DEPTH = 64 };

typedef struct {
    const char *path;
    const char *p, *end;
    size_t line;
    ce_error *err;
} parser;

static ce_status fail(parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static ce_status fail(parser *ps, const char *fmt, ...)
{
    char msg[CE_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ce_error_set(ps->err, CE_ERR_DATA, ps->path, ps->line, "%s", msg);
}

/* What is at the current position, for a message. */
static const char *found(const parser *ps, char buf[16])
{
    if (ps->p >= ps->end)
        return "the end of the file";
    unsigned char c = (unsigned char)*ps->p;
    if (c < 0x20 || c >= 0x7F)
        snprintf(buf, 16, "byte 0x%02X", c);
    else
        snprintf(buf, 16, "'%c'", c);
    return buf;
}

static ce_status expected(parser *ps, const char *what)
{
    char buf[16];
    return fail(ps, "expected %s, found %s", what, found(ps, buf));
}

static void skip_ws(parser *ps)
{
    for (; ps->p < ps->end; ps->p++) {
        if (*ps->p == '\n')
            ps->line++;
        else if (*ps->p != ' ' && *ps->p != '\t' && *ps->p != '\r')
            break;
    }
}

/* Skips white space, then takes c if it is next. */
static int take(parser *ps, char c)
{
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == c) {
        ps->p++;
        return 1;
    }
    return 0;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int read_u16(parser *ps, unsigned *out)
{
    if (ps->end - ps->p < 4)
        return -1;
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hex_value(ps->p[i]);
        if (h < 0)
            return -1;
        v = v * 16 + (unsigned)h;
    }
    ps->p += 4;
    *out = v;
    return 0;
}

static size_t put_utf8(char *o, unsigned long cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12);
        o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18);
    o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A string (after white space); *out malloc'd when out is not NULL. The
 * decoded text is never longer than its JSON form. */
static ce_status parse_string(parser *ps, char **out, const char *what)
{
    skip_ws(ps);
    if (ps->p >= ps->end || *ps->p != '"')
        return expected(ps, what);
    ps->p++;
    const char *start = ps->p;
    char *s = malloc((size_t)(ps->end - start) + 1);
    if (!s)
        return ce_error_nomem(ps->err);
    size_t n = 0;
    for (;;) {
        if (ps->p >= ps->end) {
            free(s);
            return fail(ps, "a string does not end (no closing '\"')");
        }
        unsigned char c = (unsigned char)*ps->p++;
        if (c == '"')
            break;
        if (c < 0x20) {
            free(s);
            return fail(ps, "a string holds the control byte 0x%02X (write it as \\u%04X)", c, c);
        }
        if (c != '\\') {
            s[n++] = (char)c;
            continue;
        }
        char e = ps->p < ps->end ? *ps->p++ : '\0';
        unsigned long cp;
        unsigned u, lo;
        switch (e) {
        case '"': s[n++] = '"'; break;
        case '\\': s[n++] = '\\'; break;
        case '/': s[n++] = '/'; break;
        case 'b': s[n++] = '\b'; break;
        case 'f': s[n++] = '\f'; break;
        case 'n': s[n++] = '\n'; break;
        case 'r': s[n++] = '\r'; break;
        case 't': s[n++] = '\t'; break;
        case 'u':
            if (read_u16(ps, &u) != 0) {
                free(s);
                return fail(ps, "\\u needs four hex digits");
            }
            cp = u;
            if (u >= 0xD800 && u <= 0xDBFF) {
                if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u' ||
                    (ps->p += 2, read_u16(ps, &lo) != 0) || lo < 0xDC00 || lo > 0xDFFF) {
                    free(s);
                    return fail(ps, "\\u%04X is not followed by a low surrogate", u);
                }
                cp = 0x10000 + ((unsigned long)(u - 0xD800) << 10) + (lo - 0xDC00);
            } else if (u >= 0xDC00 && u <= 0xDFFF) {
                free(s);
                return fail(ps, "\\u%04X is a lone low surrogate", u);
            } else if (u == 0) {
                free(s);
                return fail(ps, "\\u0000 (a NUL byte) cannot be part of a text");
            }
            n += put_utf8(s + n, cp);
            break;
        default:
            free(s);
            return fail(ps, "unknown escape \\%c in a string", e ? e : '0');
        }
    }
    s[n] = '\0';
    if (out)
        *out = s;
    else
        free(s);
    return CE_OK;
}

/* Scans a number per RFC 8259 §6; *whole tells whether it was an integer
 * without fraction or exponent. */
static ce_status scan_number(parser *ps, const char **start, int *whole)
{
    skip_ws(ps);
    const char *p = ps->p, *e = ps->end;
    *start = p;
    *whole = 1;
    if (p < e && *p == '-')
        p++;
    if (p < e && *p == '0')
        p++;
    else if (p < e && *p >= '1' && *p <= '9')
        while (p < e && *p >= '0' && *p <= '9')
            p++;
    else
        return expected(ps, "a number");
    if (p < e && *p == '.') {
        *whole = 0;
        if (++p >= e || *p < '0' || *p > '9')
            return fail(ps, "a number needs digits after '.'");
        while (p < e && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < e && (*p == 'e' || *p == 'E')) {
        *whole = 0;
        p++;
        if (p < e && (*p == '+' || *p == '-'))
            p++;
        if (p >= e || *p < '0' || *p > '9')
            return fail(ps, "a number needs digits in its exponent");
        while (p < e && *p >= '0' && *p <= '9')
            p++;
    }
    ps->p = p;
    return CE_OK;
}

static ce_status parse_integer(parser *ps, long long *out, const char *what)
{
    skip_ws(ps);
    if (ps->p >= ps->end || (*ps->p != '-' && (*ps->p < '0' || *ps->p > '9')))
        return expected(ps, what);
    const char *start;
    int whole;
    ce_status st = scan_number(ps, &start, &whole);
    if (st != CE_OK)
        return st;
    if (!whole)
        return fail(ps, "%s: %.*s is not a whole number", what, (int)(ps->p - start), start);
    long long v = 0;
    int neg = *start == '-';
    for (const char *q = start + neg; q < ps->p; q++) {
        int d = *q - '0';
        if (v > (LLONG_MAX - d) / 10)
            return fail(ps, "%s: %.*s is too large", what, (int)(ps->p - start), start);
        v = v * 10 + d;
    }
    *out = neg ? -v : v;
    return CE_OK;
}

static int take_word(parser *ps, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(ps->end - ps->p) >= n && memcmp(ps->p, w, n) == 0) {
        ps->p += n;
        return 1;
    }
    return 0;
}

/* Skips any value (a key this reader does not know). */
static ce_status skip_value(parser *ps, int depth)
{
    if (depth > MAX_DEPTH)
        return fail(ps, "values nested more than %d deep", MAX_DEPTH);
    skip_ws(ps);
    if (ps->p >= ps->end)
        return expected(ps, "a value");
    ce_status st = CE_OK;
    char c = *ps->p;
    if (c == '"')
        return parse_string(ps, NULL, "a string");
    if (c == '-' || (c >= '0' && c <= '9')) {
        const char *start;
        int whole;
        return scan_number(ps, &start, &whole);
    }
    if (take_word(ps, "true") || take_word(ps, "false") || take_word(ps, "null"))
        return CE_OK;
    if (c == '[') {
        ps->p++;
        if (take(ps, ']'))
            return CE_OK;
        do
            st = skip_value(ps, depth + 1);
        while (st == CE_OK && take(ps, ','));
        return st != CE_OK ? st : take(ps, ']') ? CE_OK : expected(ps, "',' or ']'");
    }
    if (c == '{') {
        ps->p++;
        if (take(ps, '}'))
            return CE_OK;
        do {
            st = parse_string(ps, NULL, "a key");
            if (st == CE_OK && !take(ps, ':'))
                st = expected(ps, "':'");
            if (st == CE_OK)
                st = skip_value(ps, depth + 1);
        } while (st == CE_OK && take(ps, ','));
        return st != CE_OK ? st : take(ps, '}') ? CE_OK : expected(ps, "',' or '}'");
    }
    return expected(ps, "a value");
}

/* Calls member(ps, key, ctx) for every member of an object (after white
 * space); member reads the value. */
static ce_status parse_object(parser *ps, const char *what,
                              ce_status (*member)(parser *ps, const char *key, void *ctx),
                              void *ctx)
{
    if (!take(ps, '{'))
        return expected(ps, what);
    if (take(ps, '}'))
        return CE_OK;
    ce_status st;
    do {
        char *key;
        st = parse_string(ps, &key, "a key (a string)");
        if (st != CE_OK)
            return st;
        if (!take(ps, ':'))
            st = expected(ps, "':'");
        if (st == CE_OK)
            st = member(ps, key, ctx);
        free(key);
    } while (st == CE_OK && take(ps, ','));
    return st != CE_OK ? st : take(ps, '}') ? CE_OK : expected(ps, "',' or '}'");
}

/* Calls element(ps, index, ctx) for every element of an array. */
static ce_status parse_array(parser *ps, const char *what,
                             ce_status (*element)(parser *ps, size_t i, void *ctx), void *ctx)
{
    if (!take(ps, '['))
        return expected(ps, what);
    if (take(ps, ']'))
        return CE_OK;
    ce_status st;
    size_t i = 0;
    do
        st = element(ps, i++, ctx);
    while (st == CE_OK && take(ps, ','));
    return st != CE_OK ? st : take(ps, ']') ? CE_OK : expected(ps, "',' or ']'");
}

static ce_status command_element(parser *ps, size_t i, void *ctx)
{
    ce_manifest *m = ctx;
    (void)i;
    size_t cap = m->argc; /* argv grows one by one; command lines are short */
    char **p = realloc(m->argv, (cap + 1) * sizeof *p);
    if (!p)
        return ce_error_nomem(ps->err);
    m->argv = p;
    ce_status st = parse_string(ps, &m->argv[m->argc], "a string in \"command\"");
    if (st == CE_OK)
        m->argc++;
    return st;
}

static ce_status option_member(parser *ps, const char *key, void *ctx)
{
    ce_manifest *m = ctx;
    char *value;
    char what[96];
    snprintf(what, sizeof what, "a string for the option \"%.40s\"", key);
    ce_status st = parse_string(ps, &value, what);
    if (st != CE_OK)
        return st;
    st = ce_manifest_add_option(m, key, value, ps->err);
    free(value);
    return st;
}

static ce_status counter_member(parser *ps, const char *key, void *ctx)
{
    char what[96];
    snprintf(what, sizeof what, "a whole number for the count \"%.40s\"", key);
    long long v;
    ce_status st = parse_integer(ps, &v, what);
    return st != CE_OK ? st : ce_manifest_add_count(ctx, key, v, ps->err);
}

enum { FILE_ROLE = 1, FILE_PATH = 2, FILE_SIZE = 4, FILE_SHA = 8, FILE_ALL = 15 };

typedef struct {
    char *role, *path;
    long long size;
    char sha256[65];
    unsigned seen;
} file_reading;

static ce_status file_member(parser *ps, const char *key, void *ctx)
{
    file_reading *f = ctx;
    unsigned bit = strcmp(key, "role") == 0     ? FILE_ROLE
                   : strcmp(key, "path") == 0   ? FILE_PATH
                   : strcmp(key, "size") == 0   ? FILE_SIZE
                   : strcmp(key, "sha256") == 0 ? FILE_SHA
                                                : 0;
    if (!bit)
        return skip_value(ps, 2);
    if (f->seen & bit)
        return fail(ps, "a file record has \"%s\" twice", key);
    f->seen |= bit;
    if (bit == FILE_ROLE)
        return parse_string(ps, &f->role, "a string for \"role\"");
    if (bit == FILE_PATH)
        return parse_string(ps, &f->path, "a string for \"path\"");
    if (bit == FILE_SIZE) {
        ce_status st = parse_integer(ps, &f->size, "a whole number for \"size\"");
        if (st == CE_OK && f->size < 0)
            st = fail(ps, "\"size\" %lld is negative", f->size);
        return st;
    }
    char *hex;
    ce_status st = parse_string(ps, &hex, "a string for \"sha256\"");
    if (st != CE_OK)
        return st;
    size_t n = strlen(hex);
    for (size_t k = 0; k < n && n == 64; k++)
        if (hex_value(hex[k]) < 0)
            n = 0;
    if (n == 64)
        for (size_t k = 0; k < 64; k++)
            f->sha256[k] = "0123456789abcdef"[hex_value(hex[k])];
    free(hex);
    return n == 64 ? CE_OK : fail(ps, "\"sha256\" is not 64 hex digits");
}

static ce_status file_element(parser *ps, size_t i, void *ctx)
{
    ce_manifest *m = ctx;
    file_reading f = {NULL, NULL, 0, {0}, 0};
    ce_status st = parse_object(ps, "a file record {\"role\": ..., \"path\": ..., ...}",
                                file_member, &f);
    if (st == CE_OK && f.seen != FILE_ALL) {
        const char *lack = !(f.seen & FILE_ROLE)   ? "role"
                           : !(f.seen & FILE_PATH) ? "path"
                           : !(f.seen & FILE_SIZE) ? "size"
                                                   : "sha256";
        st = fail(ps, "file record %zu has no \"%s\"", i + 1, lack);
    }
    if (st == CE_OK)
        st = add_file_rec(m, f.role, f.path, f.size, f.sha256, ps->err);
    free(f.role);
    free(f.path);
    return st;
}

enum { K_COMMAND = N_FIELDS, K_OPTIONS, K_FILES, K_COUNTS, N_KEYS };

typedef struct {
    ce_manifest *m;
    unsigned seen;
} top_reading;

static ce_status top_member(parser *ps, const char *key, void *ctx)
{
    top_reading *t = ctx;
    static const char *const others[] = {"command", "options", "files", "counts"};
    int k = field_index(key);
    for (int j = 0; k < 0 && j < 4; j++)
        if (strcmp(key, others[j]) == 0)
            k = K_COMMAND + j;
    if (k < 0)
        return skip_value(ps, 1);
    if (t->seen & (1u << k))
        return fail(ps, "\"%s\" appears twice", key);
    t->seen |= 1u << k;
    ce_manifest *m = t->m;
    char what[40];
    switch (k) {
    case K_COMMAND: return parse_array(ps, "an array of strings for \"command\"",
                                       command_element, m);
    case K_OPTIONS: return parse_object(ps, "an object for \"options\"", option_member, m);
    case K_FILES: return parse_array(ps, "an array for \"files\"", file_element, m);
    case K_COUNTS: return parse_object(ps, "an object for \"counts\"", counter_member, m);
    default:
        snprintf(what, sizeof what, "a string for \"%s\"", key);
        return parse_string(ps, &m->field[k], what);
    }
}

static ce_status read_all(const char *path, char **text, size_t *len, ce_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return ce_error_set(err, CE_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (cap - n < 4096) {
            cap = cap ? 2 * cap : 16384;
            char *p = realloc(buf, cap);
            if (!p) {
                free(buf);
                fclose(fp);
                return ce_error_nomem(err);
            }
            buf = p;
        }
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(fp)) {
        int saved = errno;
        free(buf);
        fclose(fp);
        return ce_error_set(err, CE_ERR_IO, path, 0, "cannot read: %s", strerror(saved));
    }
    fclose(fp);
    *text = buf;
    *len = n;
    return CE_OK;
}

ce_status ce_manifest_load(const char *path, ce_manifest **out, ce_error *err)
{
    char *text = NULL;
    size_t len = 0;
    ce_status st = read_all(path, &text, &len, err);
    if (st != CE_OK)
        return st;
    ce_manifest *m = ce_manifest_new();
    if (!m) {
        free(text);
        return ce_error_nomem(err);
    }
    parser ps = {path, text, text + len, 1, err};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) /* RFC 8259 §8.1 allows ignoring it */
        ps.p += 3;
    top_reading t = {m, 0};
    st = parse_object(&ps, "'{' (a JSON object)", top_member, &t);
    if (st == CE_OK && !(t.seen & (1u << K_COMMAND)))
        st = fail(&ps, "no \"command\": not a clustereval manifest");
    else if (st == CE_OK && m->argc == 0)
        st = fail(&ps, "\"command\" is empty");
    if (st == CE_OK) {
        skip_ws(&ps);
        if (ps.p < ps.end)
            st = fail(&ps, "text after the end of the manifest");
    }
    free(text);
    if (st != CE_OK) {
        ce_manifest_free(m);
        return st;
    }
    *out = m;
    return CE_OK;
}

/* ---- accessors ----------------------------------------------------------- */

const char *ce_manifest_get(const ce_manifest *m, const char *key)
{
    int f = field_index(key);
    return f < 0 ? NULL : m->field[f];
}

size_t ce_manifest_argc(const ce_manifest *m)
{
    return m->argc;
}

const char *ce_manifest_argv(const ce_manifest *m, size_t i)
{
    return i < m->argc ? m->argv[i] : NULL;
}

size_t ce_manifest_option_count(const ce_manifest *m)
{
    return m->n_options;
}

void ce_manifest_option(const ce_manifest *m, size_t i, const char **name, const char **value)
{
    *name = m->options[i].name;
    *value = m->options[i].value;
}

size_t ce_manifest_file_count(const ce_manifest *m)
{
    return m->n_files;
}

void ce_manifest_file(const ce_manifest *m, size_t i, const char **role, const char **path,
                      long long *size, const char **sha256)
{
    const file_rec *f = &m->files[i];
    if (role)
        *role = f->role;
    if (path)
        *path = f->path;
    if (size)
        *size = f->size;
    if (sha256)
        *sha256 = f->sha256;
}

size_t ce_manifest_counter_count(const ce_manifest *m)
{
    return m->n_counters;
}

void ce_manifest_counter(const ce_manifest *m, size_t i, const char **name, long long *value)
{
    *name = m->counters[i].name;
    *value = m->counters[i].value;
}

/* ---- verifying ----------------------------------------------------------- */

/* a + b + c, malloc'd; NULL when out of memory. */
static char *concat3(const char *a, const char *b, const char *c)
{
    size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
    char *s = malloc(na + nb + nc + 1);
    if (s) {
        memcpy(s, a, na);
        memcpy(s + na, b, nb);
        memcpy(s + na + nb, c, nc + 1);
    }
    return s;
}

char *ce_manifest_resolve(const ce_manifest *m, const char *path)
{
    const char *cwd = m->field[F_CWD];
    if (path[0] == '/' || !cwd || !cwd[0])
        return strdup(path);
    size_t n = strlen(cwd);
    return concat3(cwd, n && cwd[n - 1] == '/' ? "" : "/", path);
}

ce_manifest_state ce_manifest_file_check(const ce_manifest *m, size_t i, char sha256[65],
                                         ce_error *err)
{
    const file_rec *f = &m->files[i];
    char *path = ce_manifest_resolve(m, f->path);
    if (!path) {
        ce_error_nomem(err);
        return CE_MANIFEST_MISSING;
    }
    char hex[65];
    long long size;
    ce_status st = ce_sha256_file(path, hex, &size, err);
    free(path);
    if (st != CE_OK)
        return CE_MANIFEST_MISSING;
    if (sha256)
        memcpy(sha256, hex, sizeof hex);
    return size == f->size && strcmp(hex, f->sha256) == 0 ? CE_MANIFEST_SAME
                                                           : CE_MANIFEST_CHANGED;
}

typedef struct {
    char *path;
    int folder;
} temp_rec;

struct ce_manifest_rerun {
    char **argv;   /* argc + 1 entries, what ce_cli_main gets (and may permute) */
    int argc;
    char **output; /* per manifest file */
    size_t n_files;
    temp_rec *temps;
    size_t n_temps, cap_temps;
};

/* Removes path and, when it is a folder, everything in it. */
static void remove_tree(const char *path, int depth)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return;
    if (!S_ISDIR(sb.st_mode)) {
        unlink(path);
        return;
    }
    DIR *d = depth < 16 ? opendir(path) : NULL;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *child = concat3(path, "/", e->d_name);
        if (child)
            remove_tree(child, depth + 1);
        free(child);
    }
    if (d)
        closedir(d);
    rmdir(path);
}

/* Removes base + suffix, if it is there. */
static void remove_beside(const char *base, const char *suffix)
{
    char *p = concat3(base, suffix, "");
    if (p)
        unlink(p);
    free(p);
}

void ce_manifest_rerun_free(ce_manifest_rerun *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_temps; i++) {
        const char *t = r->temps[i].path;
        if (r->temps[i].folder) {
            remove_tree(t, 0);
        } else {
            unlink(t);
            remove_beside(t, "-journal"); /* SQLite, for a ledger copy */
            remove_beside(t, "-wal");
            remove_beside(t, "-shm");
        }
        remove_beside(t, ".manifest.json"); /* the re-run's own manifest */
        free(r->temps[i].path);
    }
    free(r->temps);
    if (r->argv)
        for (int i = 0; i < r->argc; i++)
            free(r->argv[i]);
    free(r->argv);
    if (r->output)
        for (size_t i = 0; i < r->n_files; i++)
            free(r->output[i]);
    free(r->output);
    free(r);
}

int ce_manifest_rerun_argc(const ce_manifest_rerun *r)
{
    return r->argc;
}

char **ce_manifest_rerun_argv(ce_manifest_rerun *r)
{
    return r->argv;
}

const char *ce_manifest_rerun_output(const ce_manifest_rerun *r, size_t i)
{
    return i < r->n_files ? r->output[i] : NULL;
}

/* Makes a temporary file (folder = 0) or folder beside the resolved path:
 * "path.verify-XXXXXX". The rerun owns it from then on. */
static ce_status make_temp(ce_manifest_rerun *r, const char *path, int folder, char **made,
                           ce_error *err)
{
    temp_rec *items = grow(r->temps, &r->cap_temps, r->n_temps, sizeof *items);
    if (!items)
        return ce_error_nomem(err);
    r->temps = items;
    char *t = concat3(path, ".verify-XXXXXX", "");
    if (!t)
        return ce_error_nomem(err);
    int ok;
    if (folder) {
        ok = mkdtemp(t) != NULL;
    } else {
        int fd = mkstemp(t);
        ok = fd >= 0;
        if (ok)
            close(fd);
    }
    if (!ok) {
        ce_status st = ce_error_set(err, CE_ERR_IO, path, 0,
                                    "cannot make a temporary %s beside it: %s",
                                    folder ? "folder" : "file", strerror(errno));
        free(t);
        return st;
    }
    r->temps[r->n_temps].path = t;
    r->temps[r->n_temps].folder = folder;
    r->n_temps++;
    *made = t;
    return CE_OK;
}

/* Copies the file from to the existing file to. */
static ce_status copy_file(const char *from, const char *to, ce_error *err)
{
    FILE *in = fopen(from, "rb");
    if (!in)
        return ce_error_set(err, CE_ERR_IO, from, 0, "cannot open: %s", strerror(errno));
    FILE *out = fopen(to, "wb");
    if (!out) {
        ce_status st = ce_error_set(err, CE_ERR_IO, to, 0, "cannot write: %s", strerror(errno));
        fclose(in);
        return st;
    }
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            break;
    int read_failed = ferror(in), saved = errno;
    fclose(in);
    if (read_failed) {
        fclose(out);
        return ce_error_set(err, CE_ERR_IO, from, 0, "cannot read: %s", strerror(saved));
    }
    if (ferror(out) | fclose(out))
        return ce_error_set(err, CE_ERR_IO, to, 0, "cannot write: %s", strerror(errno));
    return CE_OK;
}

/* The options whose value is a file the command writes. */
static const char *const output_options[] = {"-o",     "--output",     "--html",
                                             "--xlsx", "--remove-out", "--compare-out"};
enum { N_OUTPUT_OPTIONS = sizeof output_options / sizeof output_options[0] };

static int is_output_option(const char *arg)
{
    for (int k = 0; k < N_OUTPUT_OPTIONS; k++)
        if (strcmp(arg, output_options[k]) == 0)
            return 1;
    return 0;
}

/* Splits arg into the option part and the value that may be a path:
 * "--name=V" and "-xV" (only while options are recognised) give the text
 * up to V; anything else an empty prefix. *writes tells whether V is the
 * value of an output option written in one argument. */
static size_t value_offset(const char *arg, int options_on, int *writes)
{
    *writes = 0;
    if (!options_on || arg[0] != '-' || !arg[1])
        return 0;
    if (arg[1] == '-') {
        const char *eq = strchr(arg, '=');
        if (!eq)
            return 0;
        size_t n = (size_t)(eq - arg);
        for (int k = 1; k < N_OUTPUT_OPTIONS; k++)
            if (strlen(output_options[k]) == n && strncmp(arg, output_options[k], n) == 0)
                *writes = 1;
        return n + 1;
    }
    if (!arg[2])
        return 0;
    *writes = arg[1] == 'o';
    return 2;
}

static int is_role(const file_rec *f, const char *role)
{
    return strcmp(f->role, role) == 0;
}

/* The recorded file whose path is value: among the outputs only when the
 * argument is where the command writes, else another role first. -1 when
 * none. */
static long find_file(const ce_manifest *m, const char *value, int writes)
{
    long other = -1, output = -1;
    for (size_t i = 0; i < m->n_files; i++) {
        if (strcmp(m->files[i].path, value) != 0)
            continue;
        if (is_role(&m->files[i], "output")) {
            if (output < 0)
                output = (long)i;
        } else if (other < 0) {
            other = (long)i;
        }
    }
    return writes || other < 0 ? output : other;
}

/* The replacement of value, the value of an output option that names no
 * recorded output file: a temporary folder when recorded outputs lie in
 * the folder value (each such output then maps into it); CE_ERR_DATA when
 * none do. */
static ce_status redirect_folder(ce_manifest_rerun *r, const ce_manifest *m, const char *value,
                                 char **temp, ce_error *err)
{
    size_t n = strlen(value);
    while (n > 1 && value[n - 1] == '/')
        n--;
    *temp = NULL;
    for (size_t i = 0; i < m->n_files; i++) {
        const file_rec *f = &m->files[i];
        if (!is_role(f, "output") || r->output[i] || strncmp(f->path, value, n) != 0 ||
            f->path[n] != '/' || !f->path[n + 1])
            continue;
        if (!*temp) {
            char *dir = malloc(n + 1);
            if (!dir)
                return ce_error_nomem(err);
            memcpy(dir, value, n);
            dir[n] = '\0';
            char *resolved = ce_manifest_resolve(m, dir);
            free(dir);
            if (!resolved)
                return ce_error_nomem(err);
            ce_status st = make_temp(r, resolved, 1, temp, err);
            free(resolved);
            if (st != CE_OK)
                return st;
        }
        if (!(r->output[i] = concat3(*temp, "/", f->path + n + 1)))
            return ce_error_nomem(err);
    }
    if (!*temp)
        return ce_error_set(err, CE_ERR_DATA, NULL, 0,
                            "the command writes \"%s\", which is not an output recorded in the "
                            "manifest; verify will not overwrite it",
                            value);
    return CE_OK;
}

/* The text that stands for file i in the re-run; made on first use. */
static ce_status replacement(ce_manifest_rerun *r, const ce_manifest *m, size_t i,
                             char **repl, const char **result, ce_error *err)
{
    const file_rec *f = &m->files[i];
    if (repl[i]) {
        *result = repl[i];
        return CE_OK;
    }
    char *resolved = ce_manifest_resolve(m, f->path);
    if (!resolved)
        return ce_error_nomem(err);
    ce_status st = CE_OK;
    if (is_role(f, "output") || is_role(f, "ledger")) {
        char *t;
        st = make_temp(r, resolved, 0, &t, err);
        if (st == CE_OK && is_role(f, "ledger"))
            st = copy_file(resolved, t, err);
        if (st == CE_OK && is_role(f, "output") && !(r->output[i] = strdup(t)))
            st = ce_error_nomem(err);
        free(resolved);
        if (st == CE_OK && !(repl[i] = strdup(t)))
            st = ce_error_nomem(err);
    } else {
        repl[i] = resolved;
    }
    *result = repl[i];
    return st;
}

/* The first off bytes of arg (the option part), then value; malloc'd. */
static char *with_value(const char *arg, size_t off, const char *value)
{
    size_t n = strlen(value);
    char *s = malloc(off + n + 1);
    if (s) {
        memcpy(s, arg, off);
        memcpy(s + off, value, n + 1);
    }
    return s;
}

/* Whether a ledger at path is already replaced on the command line. */
static int ledger_replaced(const ce_manifest *m, char *const *repl, const char *path)
{
    for (size_t j = 0; j < m->n_files; j++)
        if (repl[j] && is_role(&m->files[j], "ledger") && strcmp(m->files[j].path, path) == 0)
            return 1;
    return 0;
}

static ce_status build(ce_manifest_rerun *r, const ce_manifest *m, char **repl, ce_error *err)
{
    int options_on = 1, next_writes = 0;
    r->argv[r->argc++] = strdup("clustereval");
    if (!r->argv[0] || !(r->argv[r->argc++] = strdup(m->argv[0])))
        return ce_error_nomem(err);
    for (size_t k = 1; k < m->argc; k++) {
        const char *arg = m->argv[k];
        int writes = next_writes, inline_writes;
        next_writes = options_on && is_output_option(arg);
        size_t off = 0;
        long i = find_file(m, arg, writes);
        if (i < 0 && !writes) {
            off = value_offset(arg, options_on, &inline_writes);
            writes = inline_writes;
            i = off ? find_file(m, arg + off, writes) : -1;
        }
        if (options_on && strcmp(arg, "--") == 0)
            options_on = 0;
        const char *value = NULL;
        char *folder = NULL;
        ce_status st = CE_OK;
        if (i >= 0)
            st = replacement(r, m, (size_t)i, repl, &value, err);
        else if (writes)
            st = redirect_folder(r, m, arg + off, &folder, err);
        if (st != CE_OK)
            return st;
        if (folder)
            value = folder;
        if (!(r->argv[r->argc++] = value ? with_value(arg, off, value) : strdup(arg)))
            return ce_error_nomem(err);
    }
    for (size_t i = 0; i < m->n_files; i++) {
        const file_rec *f = &m->files[i];
        if (is_role(f, "output") && !r->output[i])
            return ce_error_set(err, CE_ERR_DATA, NULL, 0,
                                "the output \"%s\" is not named on the recorded command line; "
                                "verify will not overwrite it",
                                f->path);
        if (is_role(f, "ledger") && !ledger_replaced(m, repl, f->path)) {
            /* the default ledger beside -o */
            const char *copy;
            ce_status st = replacement(r, m, i, repl, &copy, err);
            if (st != CE_OK)
                return st;
            if (!(r->argv[r->argc++] = strdup("--ledger")) ||
                !(r->argv[r->argc++] = strdup(copy)))
                return ce_error_nomem(err);
        }
    }
    return CE_OK;
}

ce_status ce_manifest_rerun_new(const ce_manifest *m, ce_manifest_rerun **out, ce_error *err)
{
    if (m->argc == 0)
        return ce_error_set(err, CE_ERR_DATA, NULL, 0, "the manifest has no command");
    if (strcmp(m->argv[0], "verify") == 0)
        return ce_error_set(err, CE_ERR_DATA, NULL, 0,
                            "the manifest records a verify; there is nothing to re-run");
    ce_manifest_rerun *r = calloc(1, sizeof *r);
    if (!r)
        return ce_error_nomem(err);
    r->n_files = m->n_files;
    /* clustereval + the command + "--ledger FILE" per ledger + NULL */
    r->argv = calloc(m->argc + 2 * m->n_files + 2, sizeof *r->argv);
    r->output = calloc(m->n_files + 1, sizeof *r->output);
    char **repl = calloc(m->n_files + 1, sizeof *repl);
    ce_status st = r->argv && r->output && repl ? build(r, m, repl, err) : ce_error_nomem(err);
    if (repl)
        for (size_t i = 0; i < m->n_files; i++)
            free(repl[i]);
    free(repl);
    if (st != CE_OK) {
        ce_manifest_rerun_free(r);
        return st;
    }
    *out = r;
    return CE_OK;
}
