/* manifest_json.c - the JSON form of a manifest (manifest.h): written and
 * read by jansson (RFC 8259); only the layout of manifest.h is ours. */
#include "clustereval/manifest.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/outfile.h"
#include "manifest_private.h"

/* ---- writing ------------------------------------------------------------- */

/* Builds a JSON tree: the first failure is kept (status and err) and every
 * later step does nothing. */
typedef struct {
    ce_status st;
    ce_error *err;
} builder;

/* A JSON string for s; NULL (b->st set) when s is not UTF-8 (RFC 8259
 * §8.1: a JSON text is UTF-8; json_string checks) or out of memory. what
 * names the field in the message. */
static json_t *b_text(builder *b, const char *s, const char *what)
{
    if (b->st != CE_OK)
        return NULL;
    json_t *v = json_string(s);
    if (v)
        return v;
    json_t *unchecked = json_string_nocheck(s); /* fails only when out of memory */
    if (!unchecked) {
        b->st = ce_error_nomem(b->err);
    } else {
        char q[256];
        json_decref(unchecked);
        b->st = ce_error_set(b->err, CE_ERR_DATA, NULL, 0,
                             "%s \"%s\" is not UTF-8 text, which is all a manifest (JSON) can "
                             "record",
                             what, ce_error_quote(s, strlen(s), q, sizeof q));
    }
    return NULL;
}

/* Whether key can be a member name (b_text's check). */
static int b_key(builder *b, const char *key, const char *what)
{
    json_t *k = b_text(b, key, what);
    json_decref(k);
    return k != NULL;
}

/* obj[key] = v, taking v (NULL when making it failed). */
static void b_set(builder *b, json_t *obj, const char *key, json_t *v)
{
    if (b->st == CE_OK && (!v || json_object_set_new(obj, key, v) != 0))
        b->st = ce_error_nomem(b->err);
    else if (b->st != CE_OK)
        json_decref(v);
}

/* Appends v to arr, taking v (NULL when making it failed). */
static void b_append(builder *b, json_t *arr, json_t *v)
{
    if (b->st == CE_OK && (!v || json_array_append_new(arr, v) != 0))
        b->st = ce_error_nomem(b->err);
    else if (b->st != CE_OK)
        json_decref(v);
}

/* The options as an object: a name given once maps to its value, a name
 * given several times (--set) to the array of its values in order. */
static json_t *options_json(builder *b, const ce_manifest *m)
{
    json_t *opts = json_object();
    for (size_t i = 0; b->st == CE_OK && i < m->n_options; i++) {
        const option_rec *o = &m->options[i];
        if (!b_key(b, o->name, "the option name"))
            break;
        json_t *value = b_text(b, o->value, "the option value");
        json_t *before = opts ? json_object_get(opts, o->name) : NULL;
        if (!before) {
            b_set(b, opts, o->name, value);
        } else if (json_is_array(before)) {
            b_append(b, before, value);
        } else {
            json_t *all = json_array();
            b_append(b, all, json_incref(before));
            b_append(b, all, value);
            b_set(b, opts, o->name, all);
        }
    }
    return opts;
}

static json_t *file_json(builder *b, const file_rec *f)
{
    json_t *rec = json_object();
    b_set(b, rec, "role", b_text(b, f->role, "the file role"));
    b_set(b, rec, "path", b_text(b, f->path, "the file path"));
    b_set(b, rec, "size", json_integer(f->size));
    b_set(b, rec, "sha256", json_string(f->sha256));
    return rec;
}

/* The manifest as a JSON tree, members in the order of manifest.h; NULL with
 * err set when a text is not UTF-8 or out of memory. */
static json_t *to_json(const ce_manifest *m, ce_status *st, ce_error *err)
{
    builder b = {CE_OK, err};
    json_t *root = json_object();
    for (int f = 0; f < N_FIELDS; f++)
        if (m->field[f]) {
            char what[32];
            snprintf(what, sizeof what, "\"%s\"", ce_manifest_field_names[f]);
            b_set(&b, root, ce_manifest_field_names[f], b_text(&b, m->field[f], what));
        }
    json_t *cmd = json_array();
    for (size_t i = 0; i < m->argc; i++)
        b_append(&b, cmd, b_text(&b, m->argv[i], "the command-line argument"));
    b_set(&b, root, "command", cmd);
    b_set(&b, root, "options", options_json(&b, m));
    json_t *files = json_array();
    for (size_t i = 0; i < m->n_files; i++)
        b_append(&b, files, file_json(&b, &m->files[i]));
    b_set(&b, root, "files", files);
    json_t *counts = json_object();
    for (size_t i = 0; i < m->n_counters; i++)
        if (b_key(&b, m->counters[i].name, "the count name"))
            b_set(&b, counts, m->counters[i].name, json_integer(m->counters[i].value));
    b_set(&b, root, "counts", counts);
    if (b.st != CE_OK) {
        json_decref(root);
        *st = b.st;
        return NULL;
    }
    return root;
}

/* Writes v as jansson encodes it, on one line (", " and ": " between
 * items). */
static void put_inline(FILE *fp, const json_t *v)
{
    json_dumpf(v, fp, JSON_ENCODE_ANY);
}

static void put_key(FILE *fp, const char *key)
{
    json_t *k = json_string(key); /* checked in to_json */
    if (k)
        put_inline(fp, k);
    json_decref(k);
    fputs(": ", fp);
}

/* A top-level member's value: the members of a non-empty object one per
 * line, the elements of a non-empty array of objects (files) one per line,
 * anything else on one line. */
static void put_block(FILE *fp, json_t *v)
{
    const char *key, *sep = "\n    ";
    json_t *item;
    size_t i;
    if (json_is_object(v) && json_object_size(v) > 0) {
        fputc('{', fp);
        json_object_foreach(v, key, item) {
            fputs(sep, fp);
            put_key(fp, key);
            put_inline(fp, item);
            sep = ",\n    ";
        }
        fputs("\n  }", fp);
    } else if (json_is_array(v) && json_is_object(json_array_get(v, 0))) {
        fputc('[', fp);
        json_array_foreach(v, i, item) {
            fputs(sep, fp);
            put_inline(fp, item);
            sep = ",\n    ";
        }
        fputs("\n  ]", fp);
    } else {
        put_inline(fp, v);
    }
}

/* The layout of manifest.h: one top-level member per line, indented by 2. */
static void write_json(FILE *fp, json_t *root)
{
    const char *key, *sep = "{\n  ";
    json_t *value;
    json_object_foreach(root, key, value) {
        fputs(sep, fp);
        put_key(fp, key);
        put_block(fp, value);
        sep = ",\n  ";
    }
    fputs("\n}\n", fp);
}

ce_status ce_manifest_write(const ce_manifest *m, const char *path, ce_error *err)
{
    if (m->argc == 0)
        return ce_error_set(err, CE_ERR_USAGE, path, 0, "the manifest has no command");
    ce_status st = CE_OK;
    json_t *root = to_json(m, &st, err);
    if (!root) {
        ce_error_set_file(err, path, 0);
        return st;
    }
    ce_outfile of;
    st = ce_outfile_open(&of, path, err);
    if (st == CE_OK) {
        write_json(of.fp, root);
        st = ce_outfile_commit(&of, err);
    }
    json_decref(root);
    return st;
}

/* ---- reading ------------------------------------------------------------- */

/* What a JSON value is, for a message: "the number 5", "the text \"x\"",
 * "an array", ... */
static const char *describe(const json_t *v, char *buf, size_t size)
{
    char q[256];
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING:
        snprintf(buf, size, "the text \"%s\"",
                 ce_error_quote(json_string_value(v), json_string_length(v), q, sizeof q));
        return buf;
    case JSON_INTEGER:
        snprintf(buf, size, "the number %" JSON_INTEGER_FORMAT, json_integer_value(v));
        return buf;
    case JSON_REAL: snprintf(buf, size, "the number %.15g", json_real_value(v)); return buf;
    case JSON_TRUE: return "true";
    case JSON_FALSE: return "false";
    case JSON_NULL: return "null";
    }
    return "a value";
}

/* Reads a manifest tree: every step fails with CE_ERR_DATA naming the file
 * (jansson keeps no line for a value; the message names the member). */
typedef struct {
    const char *path;
    ce_error *err;
} reader;

static ce_status bad(const reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static ce_status bad(const reader *r, const char *fmt, ...)
{
    char msg[CE_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ce_error_set(r->err, CE_ERR_DATA, r->path, 0, "%s", msg);
}

static ce_status expected(const reader *r, const char *what, const json_t *found)
{
    char buf[320];
    return bad(r, "expected %s, found %s", what, describe(found, buf, sizeof buf));
}

/* A string member's text (NULL when v is not a string: *st then says why). */
static const char *string_of(const reader *r, const json_t *v, const char *what, ce_status *st)
{
    if (json_is_string(v))
        return json_string_value(v);
    *st = expected(r, what, v);
    return NULL;
}

static ce_status read_command(const reader *r, ce_manifest *m, const json_t *cmd)
{
    if (!json_is_array(cmd))
        return expected(r, "an array of strings for \"command\"", cmd);
    if (json_array_size(cmd) == 0)
        return bad(r, "\"command\" is empty");
    size_t n = json_array_size(cmd);
    char **argv = calloc(n, sizeof *argv);
    if (!argv)
        return ce_error_nomem(r->err);
    ce_status st = CE_OK;
    for (size_t i = 0; st == CE_OK && i < n; i++) {
        const char *s = string_of(r, json_array_get(cmd, i), "a string in \"command\"", &st);
        if (s && !(argv[i] = strdup(s)))
            st = ce_error_nomem(r->err);
    }
    if (st != CE_OK) {
        ce_manifest_free_argv(argv, n);
        return st;
    }
    m->argv = argv;
    m->argc = n;
    return CE_OK;
}

/* "options": a string per name, or (a name given several times) an array
 * of strings. */
static ce_status read_options(const reader *r, ce_manifest *m, json_t *opts)
{
    if (!json_is_object(opts))
        return expected(r, "an object for \"options\"", opts);
    const char *name;
    json_t *v;
    json_object_foreach(opts, name, v) {
        char what[96], q[256];
        ce_error_quote(name, strlen(name), q, sizeof q);
        ce_status st = CE_OK;
        if (json_is_array(v)) {
            snprintf(what, sizeof what, "a string in the option \"%.40s\"", q);
            size_t i;
            json_t *item;
            json_array_foreach(v, i, item) {
                const char *s = string_of(r, item, what, &st);
                if (s)
                    st = ce_manifest_add_option(m, name, s, r->err);
                if (st != CE_OK)
                    return st;
            }
            continue;
        }
        snprintf(what, sizeof what, "a string for the option \"%.40s\"", q);
        const char *s = string_of(r, v, what, &st);
        if (s)
            st = ce_manifest_add_option(m, name, s, r->err);
        if (st != CE_OK)
            return st;
    }
    return CE_OK;
}

static ce_status read_counts(const reader *r, ce_manifest *m, json_t *counts)
{
    if (!json_is_object(counts))
        return expected(r, "an object for \"counts\"", counts);
    const char *name;
    json_t *v;
    json_object_foreach(counts, name, v) {
        char what[96], q[256];
        snprintf(what, sizeof what, "a whole number for the count \"%.40s\"",
                 ce_error_quote(name, strlen(name), q, sizeof q));
        if (json_is_real(v))
            return bad(r, "%s: %.15g is not a whole number", what, json_real_value(v));
        if (!json_is_integer(v))
            return expected(r, what, v);
        ce_status st = ce_manifest_add_count(m, name, json_integer_value(v), r->err);
        if (st != CE_OK)
            return st;
    }
    return CE_OK;
}

/* File record i (from 0) of "files". */
static ce_status read_file(const reader *r, ce_manifest *m, size_t i, const json_t *rec)
{
    if (!json_is_object(rec))
        return expected(r, "a file record {\"role\": ..., \"path\": ..., ...}", rec);
    static const char *const needed[] = {"role", "path", "size", "sha256"};
    for (int k = 0; k < 4; k++)
        if (!json_object_get(rec, needed[k]))
            return bad(r, "file record %zu has no \"%s\"", i + 1, needed[k]);
    ce_status st = CE_OK;
    const char *role = string_of(r, json_object_get(rec, "role"), "a string for \"role\"", &st);
    const char *path = role ? string_of(r, json_object_get(rec, "path"),
                                        "a string for \"path\"", &st)
                            : NULL;
    const char *hex = path ? string_of(r, json_object_get(rec, "sha256"),
                                       "a string for \"sha256\"", &st)
                           : NULL;
    if (st != CE_OK)
        return st;
    const json_t *size = json_object_get(rec, "size");
    if (!json_is_integer(size))
        return expected(r, "a whole number for \"size\"", size);
    if (json_integer_value(size) < 0)
        return bad(r, "\"size\" %" JSON_INTEGER_FORMAT " is negative", json_integer_value(size));
    char sha[65];
    size_t n = strlen(hex);
    for (size_t k = 0; k < n && n == 64; k++) {
        char c = hex[k];
        if (c >= 'A' && c <= 'F')
            c = (char)(c - 'A' + 'a');
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            n = 0;
        sha[k] = c;
    }
    if (n != 64)
        return bad(r, "\"sha256\" is not 64 hex digits");
    sha[64] = '\0';
    return ce_manifest_add_file_rec(m, role, path, json_integer_value(size), sha, r->err);
}

/* The manifest from its tree; keys it does not know are skipped. */
static ce_status from_json(const reader *r, ce_manifest *m, json_t *root)
{
    if (!json_is_object(root))
        return expected(r, "'{' (a JSON object)", root);
    ce_status st = CE_OK;
    for (int f = 0; f < N_FIELDS; f++) {
        const json_t *v = json_object_get(root, ce_manifest_field_names[f]);
        if (!v)
            continue;
        char what[40];
        snprintf(what, sizeof what, "a string for \"%s\"", ce_manifest_field_names[f]);
        const char *s = string_of(r, v, what, &st);
        if (!s)
            return st;
        if (!(m->field[f] = strdup(s)))
            return ce_error_nomem(r->err);
    }
    const json_t *cmd = json_object_get(root, "command");
    if (!cmd)
        return bad(r, "no \"command\": not a clustereval manifest");
    if ((st = read_command(r, m, cmd)) != CE_OK)
        return st;
    json_t *opts = json_object_get(root, "options");
    if (opts && (st = read_options(r, m, opts)) != CE_OK)
        return st;
    const json_t *files = json_object_get(root, "files");
    if (files && !json_is_array(files))
        return expected(r, "an array for \"files\"", files);
    for (size_t i = 0; files && i < json_array_size(files); i++)
        if ((st = read_file(r, m, i, json_array_get(files, i))) != CE_OK)
            return st;
    json_t *counts = json_object_get(root, "counts");
    if (counts && (st = read_counts(r, m, counts)) != CE_OK)
        return st;
    return CE_OK;
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
    size_t skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0; /* RFC 8259 §8.1 */
    json_error_t je;
    /* strict: one object or array, nothing after it, no repeated key in any
     * object, no \u0000 (JSON_ALLOW_NUL not given), UTF-8 only */
    json_t *root = json_loadb(text + skip, len - skip, JSON_REJECT_DUPLICATES, &je);
    free(text);
    if (!root) {
        size_t line = je.line > 0 ? (size_t)je.line : 0;
        if (json_error_code(&je) == json_error_null_character)
            return ce_error_set(err, CE_ERR_DATA, path, line,
                                "\\u0000 (a NUL byte) cannot be part of a text");
        return ce_error_set(err, CE_ERR_DATA, path, line, "%s", je.text);
    }
    ce_manifest *m = ce_manifest_new();
    reader r = {path, err};
    st = m ? from_json(&r, m, root) : ce_error_nomem(err);
    json_decref(root);
    if (st != CE_OK) {
        ce_manifest_free(m);
        return st;
    }
    *out = m;
    return CE_OK;
}
