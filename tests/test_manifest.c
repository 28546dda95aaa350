/* test_manifest.c - provenance manifests (src/core/manifest.c, JSON by jansson): building,
 * the exact JSON written, reading it back, the reader's errors, checking
 * recorded files, the re-run's redirected command line, and (for want of a
 * test_verify.c) `verify` itself (src/cli/cmd_verify.c) on an sme run. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clustereval/manifest.h"

#include "cli.h"
#include "testutil.h"

/* Not yet in cli.h (the dispatch is wired there). */
int ce_cmd_verify(int argc, char **argv);

TestSuite(manifest, .init = ce_test_dir_init, .fini = ce_test_dir_fini);

/* The fixed text of test_sha256.c, its size and sha256sum. */
#define FIXED_TEXT "id,name\nC01,苏州纳米\n\"quoted, text\",x\n"
#define FIXED_SHA "43aba179e27fe12e92f52dd4d66ce17acb358a39e4b483d8577fcd77fe9cee83"
#define X_SHA "73cb3858a687a8494ca3323053016282f3dad39d42cf62ca4e79dda2aac7d9ac" /* "x\n" */

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    cr_assert_not_null(fp, "cannot open %s", path);
    char *buf = malloc(1 << 16);
    cr_assert_not_null(buf);
    size_t n = fread(buf, 1, (1 << 16) - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static int exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* Entries of dir whose name contains part. */
static int count_entries(const char *dir, const char *part)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strstr(e->d_name, part) != NULL;
    closedir(d);
    return n;
}

static void ok(ce_status st, const ce_error *err)
{
    cr_assert_eq(st, CE_OK, "%s:%zu: %s", err->file, err->line, err->msg);
}

/* ---- writing ------------------------------------------------------------ */

Test(manifest, exact_json)
{
    ce_test_write_text(NULL, 0, ce_test_dir, "data.csv", FIXED_TEXT);
    ce_test_write_text(NULL, 0, ce_test_dir, "out put.csv", "x\n");
    cr_assert_eq(chdir(ce_test_dir), 0);
    ce_manifest *m = ce_manifest_new();
    ce_error err = {{0}, 0, {0}};
    char *argv[] = {"rank", "data.csv", "-o", "out put.csv", "--set", "a=1"};
    ok(ce_manifest_set(m, "cwd", "/home/分析/2024", &err), &err);
    ok(ce_manifest_set(m, "started", "2024-05-01T08:00:00Z", &err), &err);
    ok(ce_manifest_set(m, "version", "0.1.0", &err), &err);
    ok(ce_manifest_set(m, "tool", "clustereval", &err), &err);
    ok(ce_manifest_set_command(m, 6, argv, &err), &err);
    ok(ce_manifest_add_option(m, "top", "10", &err), &err);
    ok(ce_manifest_add_option(m, "set", "a=1", &err), &err);
    ok(ce_manifest_add_option(m, "note", "say \"hi\"\\tab\t\x01\x1f\x7f", &err), &err);
    ok(ce_manifest_add_file(m, "data", "data.csv", &err), &err);
    ok(ce_manifest_add_file(m, "output", "out put.csv", &err), &err);
    ok(ce_manifest_add_count(m, "clusters", 30, &err), &err);
    ok(ce_manifest_add_count(m, "warnings", -1, &err), &err);
    ok(ce_manifest_write(m, "m.json", &err), &err);
    char *text = slurp("m.json");
    cr_assert_str_eq(text,
                     "{\n"
                     "  \"tool\": \"clustereval\",\n"
                     "  \"version\": \"0.1.0\",\n"
                     "  \"started\": \"2024-05-01T08:00:00Z\",\n"
                     "  \"cwd\": \"/home/分析/2024\",\n"
                     "  \"command\": [\"rank\", \"data.csv\", \"-o\", \"out put.csv\", \"--set\", "
                     "\"a=1\"],\n"
                     "  \"options\": {\n"
                     "    \"top\": \"10\",\n"
                     "    \"set\": \"a=1\",\n"
                     "    \"note\": \"say \\\"hi\\\"\\\\tab\\t\\u0001\\u001F\x7f\"\n"
                     "  },\n"
                     "  \"files\": [\n"
                     "    {\"role\": \"data\", \"path\": \"data.csv\", \"size\": 42, "
                     "\"sha256\": \"" FIXED_SHA "\"},\n"
                     "    {\"role\": \"output\", \"path\": \"out put.csv\", \"size\": 2, "
                     "\"sha256\": \"" X_SHA "\"}\n"
                     "  ],\n"
                     "  \"counts\": {\n"
                     "    \"clusters\": 30,\n"
                     "    \"warnings\": -1\n"
                     "  }\n"
                     "}\n");
    free(text);
    ce_manifest_free(m);
}

Test(manifest, exact_json_of_a_bare_manifest)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "m.json");
    ce_manifest *m = ce_manifest_new();
    ce_error err = {{0}, 0, {0}};
    char *argv[] = {"sme"};
    ok(ce_manifest_set_command(m, 1, argv, &err), &err);
    ok(ce_manifest_write(m, path, &err), &err);
    char *text = slurp(path);
    cr_assert_str_eq(text, "{\n"
                           "  \"command\": [\"sme\"],\n"
                           "  \"options\": {},\n"
                           "  \"files\": [],\n"
                           "  \"counts\": {}\n"
                           "}\n");
    free(text);
    ce_manifest *back = NULL;
    ok(ce_manifest_load(path, &back, &err), &err);
    cr_assert_eq(ce_manifest_argc(back), 1);
    cr_assert_null(ce_manifest_get(back, "tool"));
    cr_assert_eq(ce_manifest_option_count(back) + ce_manifest_file_count(back) +
                     ce_manifest_counter_count(back), 0);
    ce_manifest_free(back);
    ce_manifest_free(m);
}

/* Every field through write and load, with text that needs escaping. */
Test(manifest, round_trip)
{
    static const char tricky[] = "引号\"反斜杠\\ 控制\x01\x02\b\f\n\r\t\x1f 😀 é\x7f";
    char data[256], out[256], mpath[256];
    ce_test_write_text(data, sizeof data, ce_test_dir, "企业 名单 \"2024\".csv", FIXED_TEXT);
    ce_test_write_text(out, sizeof out, ce_test_dir, "out\\put.csv", "x\n");
    ce_test_path(mpath, sizeof mpath, ce_test_dir, "out.csv.manifest.json");
    ce_manifest *m = ce_manifest_new();
    ce_error err = {{0}, 0, {0}};
    char *argv[] = {"sme", data, "-o", out, (char *)tricky, ""};
    ok(ce_manifest_stamp(m, 1714550400, &err), &err);
    ok(ce_manifest_set(m, "tool", tricky, &err), &err);
    ok(ce_manifest_set_command(m, 6, argv, &err), &err);
    ok(ce_manifest_add_option(m, tricky, tricky, &err), &err);
    ok(ce_manifest_add_option(m, "set", "a=1", &err), &err);
    ok(ce_manifest_add_option(m, "set", "b=2", &err), &err);
    ok(ce_manifest_add_option(m, "", "", &err), &err);
    ok(ce_manifest_add_file(m, "data", data, &err), &err);
    ok(ce_manifest_add_file(m, tricky, out, &err), &err);
    ok(ce_manifest_add_count(m, "max", 9223372036854775807LL, &err), &err);
    ok(ce_manifest_add_count(m, "neg", -9223372036854775807LL, &err), &err);
    ok(ce_manifest_add_count(m, "统计", 0, &err), &err);
    ok(ce_manifest_write(m, mpath, &err), &err);
    ce_manifest *b = NULL;
    ok(ce_manifest_load(mpath, &b, &err), &err);

    static const char *const keys[] = {"tool", "version", "started", "cwd"};
    for (int k = 0; k < 4; k++)
        cr_assert_str_eq(ce_manifest_get(b, keys[k]), ce_manifest_get(m, keys[k]), "%s", keys[k]);
    cr_assert_str_eq(ce_manifest_get(b, "tool"), tricky);
    cr_assert_str_eq(ce_manifest_get(b, "started"), "2024-05-01T08:00:00Z");
    cr_assert_null(ce_manifest_get(b, "command"));
    cr_assert_eq(ce_manifest_argc(b), 6);
    for (size_t i = 0; i < 6; i++)
        cr_assert_str_eq(ce_manifest_argv(b, i), argv[i], "argv %zu", i);
    cr_assert_null(ce_manifest_argv(b, 6));
    static const char *const opts[][2] = {{tricky, tricky}, {"set", "a=1"}, {"set", "b=2"},
                                          {"", ""}};
    cr_assert_eq(ce_manifest_option_count(b), 4);
    for (size_t i = 0; i < 4; i++) {
        const char *name, *value;
        ce_manifest_option(b, i, &name, &value);
        cr_assert_str_eq(name, opts[i][0]);
        cr_assert_str_eq(value, opts[i][1]);
    }
    cr_assert_eq(ce_manifest_file_count(b), 2);
    const char *role, *path, *sha;
    long long size;
    ce_manifest_file(b, 0, &role, &path, &size, &sha);
    cr_assert_str_eq(role, "data");
    cr_assert_str_eq(path, data);
    cr_assert_eq(size, 42);
    cr_assert_str_eq(sha, FIXED_SHA);
    ce_manifest_file(b, 1, &role, &path, &size, &sha);
    cr_assert_str_eq(role, tricky);
    cr_assert_str_eq(path, out);
    cr_assert_eq(size, 2);
    cr_assert_str_eq(sha, X_SHA);
    ce_manifest_file(b, 1, NULL, NULL, NULL, NULL);
    static const struct {
        const char *name;
        long long value;
    } counts[] = {{"max", 9223372036854775807LL}, {"neg", -9223372036854775807LL}, {"统计", 0}};
    cr_assert_eq(ce_manifest_counter_count(b), 3);
    for (size_t i = 0; i < 3; i++) {
        const char *name;
        long long value;
        ce_manifest_counter(b, i, &name, &value);
        cr_assert_str_eq(name, counts[i].name);
        cr_assert_eq(value, counts[i].value, "%s", name);
    }
    /* writing what was read gives the same bytes */
    char again[256];
    ce_test_path(again, sizeof again, ce_test_dir, "again.json");
    ok(ce_manifest_write(b, again, &err), &err);
    char *t1 = slurp(mpath), *t2 = slurp(again);
    cr_assert_str_eq(t1, t2);
    free(t1);
    free(t2);
    ce_manifest_free(b);
    ce_manifest_free(m);
}

Test(manifest, stamp_and_setters)
{
    ce_manifest *m = ce_manifest_new();
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(chdir(ce_test_dir), 0);
    ok(ce_manifest_stamp(m, 1714550400, &err), &err);
    cr_assert_str_eq(ce_manifest_get(m, "tool"), "clustereval");
    cr_assert(ce_manifest_get(m, "version")[0]);
    cr_assert_str_eq(ce_manifest_get(m, "started"), "2024-05-01T08:00:00Z");
    char cwd[512];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    cr_assert_str_eq(ce_manifest_get(m, "cwd"), cwd);
    ok(ce_manifest_stamp(m, 0, &err), &err);
    cr_assert_str_eq(ce_manifest_get(m, "started"), "1970-01-01T00:00:00Z");
    ok(ce_manifest_set(m, "version", "9.9", &err), &err);
    cr_assert_str_eq(ce_manifest_get(m, "version"), "9.9");

    cr_assert_eq(ce_manifest_set(m, "seed", "1", &err), CE_ERR_USAGE);
    cr_assert_str_eq(err.msg, "unknown manifest field \"seed\" (tool, version, started or cwd)");
    cr_assert_null(ce_manifest_get(m, "seed"));
    char *none[] = {NULL};
    cr_assert_eq(ce_manifest_set_command(m, 0, none, &err), CE_ERR_USAGE);
    cr_assert_eq(ce_manifest_argc(m), 0);
    /* without a command nothing is written */
    cr_assert_eq(ce_manifest_write(m, "m.json", &err), CE_ERR_USAGE);
    cr_assert_str_eq(err.file, "m.json");
    cr_assert(!exists("m.json"));
    char *first[] = {"rank", "a.csv"}, *second[] = {"sme"};
    ok(ce_manifest_set_command(m, 2, first, &err), &err);
    ok(ce_manifest_set_command(m, 1, second, &err), &err);
    cr_assert_eq(ce_manifest_argc(m), 1);
    cr_assert_str_eq(ce_manifest_argv(m, 0), "sme");

    char *p = ce_manifest_path_for("out/rank 2024.csv");
    cr_assert_str_eq(p, "out/rank 2024.csv.manifest.json");
    free(p);
    ce_manifest_free(m);
    ce_manifest_free(NULL);
}

Test(manifest, add_file_hashes_now_and_fails_cleanly)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "fixed.csv", FIXED_TEXT);
    ce_manifest *m = ce_manifest_new();
    ce_error err = {{0}, 0, {0}};
    ok(ce_manifest_add_file(m, "profile", path, &err), &err);
    ce_test_write_text(NULL, 0, ce_test_dir, "fixed.csv", "changed afterwards");
    const char *role, *p, *sha;
    long long size;
    ce_manifest_file(m, 0, &role, &p, &size, &sha);
    cr_assert_str_eq(role, "profile");
    cr_assert_str_eq(p, path);
    cr_assert_eq(size, 42);
    cr_assert_str_eq(sha, FIXED_SHA);

    ce_test_path(path, sizeof path, ce_test_dir, "missing.csv");
    cr_assert_eq(ce_manifest_add_file(m, "data", path, &err), CE_ERR_IO);
    cr_assert_str_eq(err.file, path);
    cr_assert_str_eq(err.msg, "cannot open: No such file or directory");
    cr_assert_eq(ce_manifest_file_count(m), 1);
    ce_manifest_free(m);
}

Test(manifest, write_is_atomic_and_names_the_file)
{
    char path[256];
    ce_manifest *m = ce_manifest_new();
    ce_error err = {{0}, 0, {0}};
    char *argv[] = {"sme"};
    ok(ce_manifest_set_command(m, 1, argv, &err), &err);
    ce_test_path(path, sizeof path, ce_test_dir, "no/such/folder/m.json");
    cr_assert_eq(ce_manifest_write(m, path, &err), CE_ERR_IO);
    cr_assert_str_eq(err.file, path);
    ce_test_write_text(path, sizeof path, ce_test_dir, "m.json", "old");
    ok(ce_manifest_write(m, path, &err), &err);
    char *text = slurp(path);
    cr_assert_str_eq(text, "{\n  \"command\": [\"sme\"],\n  \"options\": {},\n  \"files\": [],\n"
                           "  \"counts\": {}\n}\n");
    free(text);
    cr_assert_eq(count_entries(ce_test_dir, ".tmp-"), 0);
    ce_manifest_free(m);
}

/* ---- reading ------------------------------------------------------------ */

Test(manifest, load_accepts_valid_json_of_any_layout)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "m.json",
                       "\xEF\xBB\xBF  {\"counts\":{\"n\":-0,\"m\":12},\r\n"
                       "\t\"extra\": {\"a\": [1, -2.5e+3, 0.25, true, false, null, {}, [], "
                       "\"\\\"\"]},\n"
                       "\"files\":[{\"sha256\":"
                       "\"43ABA179E27FE12E92F52DD4D66CE17ACB358A39E4B483D8577FCD77FE9CEE83\","
                       "\"note\":[1],\"size\":0,\"path\":\"a\\/b\",\"role\":\"data\"}],"
                       "\"command\" : [ \"rank\" , "
                       "\"\\u00e9\\u4e2d\\ud83d\\ude00\\b\\f\\n\\r\\t\\\\\" ],"
                       "\"options\":{}, \"version\": \"1\"}\n\n");
    ce_manifest *m = NULL;
    ce_error err = {{0}, 0, {0}};
    ok(ce_manifest_load(path, &m, &err), &err);
    cr_assert_str_eq(ce_manifest_get(m, "version"), "1");
    cr_assert_null(ce_manifest_get(m, "tool"));
    cr_assert_eq(ce_manifest_argc(m), 2);
    cr_assert_str_eq(ce_manifest_argv(m, 1), "é中😀\b\f\n\r\t\\");
    const char *role, *p, *sha;
    long long size = -1;
    ce_manifest_file(m, 0, &role, &p, &size, &sha);
    cr_assert_str_eq(p, "a/b");
    cr_assert_eq(size, 0);
    cr_assert_str_eq(sha, FIXED_SHA); /* lowercased */
    const char *name;
    long long v;
    ce_manifest_counter(m, 0, &name, &v);
    cr_assert_eq(v, 0);
    ce_manifest_counter(m, 1, &name, &v);
    cr_assert_eq(v, 12);
    ce_manifest_free(m);
}

static void load_fails(const char *text, size_t line, const char *msg_part)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "bad.json", text);
    ce_manifest *m = (ce_manifest *)&m; /* must stay as it is */
    ce_manifest *before = m;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_manifest_load(path, &m, &err), CE_ERR_DATA, "accepted: %s", text);
    cr_assert_eq(m, before);
    cr_assert_str_eq(err.file, path);
    cr_assert_eq(err.line, line, "line %zu, not %zu: %s (for %s)", err.line, line, err.msg, text);
    cr_assert(strstr(err.msg, msg_part) != NULL, "\"%s\" lacks \"%s\"", err.msg, msg_part);
}

#define CMD "\"command\": [\"rank\"]"
#define SHA "\"" FIXED_SHA "\""

/* Malformed JSON: jansson's message and the line it gives. */
Test(manifest, load_errors_name_file_and_line)
{
    /* truncated */
    load_fails("", 1, "'[' or '{' expected near end of file");
    load_fails("{\n  \"tool\": \"clustereval\",\n  \"command\": [\"rank\"", 3,
               "']' expected near end of file");
    load_fails("{\n  \"tool\": \"cluster", 2, "premature end of input near '\"cluster'");
    load_fails("{\n" CMD ",\n\"files\": [{\"role\": \"data\", \"path\": \"a\", \"size\": 1", 3,
               "'}' expected near end of file");
    load_fails("{\n" CMD ",\n", 3, "string or '}' expected near end of file");
    /* a name repeated in any object (RFC 8259 §4 leaves it open; we refuse) */
    load_fails("{" CMD ",\n" CMD "}", 2, "duplicate object key near '\"command\"'");
    load_fails("{" CMD ",\n\"files\": [{\"role\": \"data\", \"role\": \"data\"}]}", 2,
               "duplicate object key near '\"role\"'");
    load_fails("{" CMD ",\n\"options\": {\"set\": \"a=1\",\n\"set\": \"b=2\"}}", 3,
               "duplicate object key near '\"set\"'");
    load_fails("{" CMD ",\n\"counts\": {\"n\": 99999999999999999999}}", 2,
               "too big integer near '99999999999999999999'");
    /* JSON itself */
    load_fails("{" CMD "}\n{}", 2, "end of file expected near '{'");
    load_fails("{" CMD ",}", 1, "string or '}' expected near '}'");
    load_fails("{" CMD " \"tool\": \"x\"}", 1, "'}' expected near '\"tool\"'");
    load_fails("{'command': ['rank']}", 1, "string or '}' expected near '''");
    load_fails("{\"tool\": \"a\tb\", " CMD "}", 1, "control character 0x9 near '\"a'");
    load_fails("{\"tool\": \"a\\x\", " CMD "}", 1, "invalid escape near '\"a\\x'");
    load_fails("{\"tool\": \"\\u12\", " CMD "}", 1, "invalid escape near '\"\\u12\"'");
    load_fails("{\"tool\": \"\\ud800x\", " CMD "}", 1, "invalid Unicode '\\uD800'");
    load_fails("{\"tool\": \"\\udc00\", " CMD "}", 1, "invalid Unicode '\\uDC00'");
    load_fails("{\"tool\": \"a\\u0000b\", " CMD "}", 1,
               "\\u0000 (a NUL byte) cannot be part of a text");
    load_fails("{" CMD ", \"x\": 01}", 1, "invalid token near '0'");
    load_fails("{" CMD ", \"x\": 1.}", 1, "invalid token near '1.'");
    load_fails("{" CMD ", \"x\": 1e}", 1, "invalid token near '1e'");
    load_fails("{" CMD ", \"x\": tru}", 1, "invalid token near 'tru'");
    load_fails("{" CMD ", \"x\": [1 2]}", 1, "']' expected near '2'");
    load_fails("{" CMD ", \"x\": {\"a\" 1}}", 1, "':' expected near '1'");
    load_fails("{\"tool\": \"x\"\xE4}", 1, "unable to decode byte 0xe4");
    load_fails("{\"tool\": \"x\xE4\"}", 1, "unable to decode byte 0xe4"); /* not UTF-8 */
    char deep[3000] = "{" CMD ", \"x\": ";
    for (int i = 0; i < 2100; i++)
        strcat(deep, "[");
    load_fails(deep, 1, "maximum parsing depth reached");
}

/* Valid JSON of the wrong shape: the message names the member (jansson keeps
 * no line for a value, so there is none). */
Test(manifest, load_errors_name_the_member)
{
    load_fails("{\n\"tool\": 5,\n" CMD "}", 0, "expected a string for \"tool\", found the number 5");
    load_fails("{\"command\": \"rank\"}", 0,
               "expected an array of strings for \"command\", found the text \"rank\"");
    load_fails("{\"command\": [\"rank\", 1]}", 0,
               "expected a string in \"command\", found the number 1");
    load_fails("{" CMD ",\n\"options\": {\"top\": 10}}", 0,
               "expected a string for the option \"top\", found the number 10");
    load_fails("{" CMD ",\n\"options\": {\"set\": [\"a=1\", null]}}", 0,
               "expected a string in the option \"set\", found null");
    load_fails("{" CMD ",\n\"options\": []}", 0,
               "expected an object for \"options\", found an array");
    load_fails("{" CMD ",\n\"counts\": {\"n\": \"3\"}}", 0,
               "expected a whole number for the count \"n\", found the text \"3\"");
    load_fails("{" CMD ",\n\"counts\": {\"n\": 1.5}}", 0,
               "a whole number for the count \"n\": 1.5 is not a whole number");
    load_fails("{" CMD ",\n\"files\": {}}", 0, "expected an array for \"files\", found an object");
    load_fails("{" CMD ",\n\"files\": [\n\"a.csv\"]}", 0,
               "expected a file record {\"role\": ..., \"path\": ..., ...}, found the text "
               "\"a.csv\"");
    load_fails("{" CMD ",\n\"files\": [{\"role\": \"data\", \"path\": \"a\", \"size\": \"12\", "
               "\"sha256\": " SHA "}]}",
               0, "expected a whole number for \"size\", found the text \"12\"");
    load_fails("{" CMD ",\n\"files\": [{\"role\": \"data\", \"path\": \"a\", \"size\": -1, "
               "\"sha256\": " SHA "}]}",
               0, "\"size\" -1 is negative");
    load_fails("{" CMD ",\n\"files\": [{\"role\": \"data\", \"path\": \"a\", \"size\": 1, "
               "\"sha256\": \"abc\"}]}",
               0, "\"sha256\" is not 64 hex digits");
    load_fails("{" CMD ",\n\"files\": [{\"role\": \"data\", \"path\": \"a\", \"size\": 1, "
               "\"sha256\": "
               "\"g3aba179e27fe12e92f52dd4d66ce17acb358a39e4b483d8577fcd77fe9cee83\"}]}",
               0, "\"sha256\" is not 64 hex digits");
    load_fails("{" CMD ",\n\"files\": [{\"role\": \"data\", \"path\": \"a\", \"size\": 1, "
               "\"sha256\": " SHA "},\n{\"role\": \"x\", \"size\": 1, \"sha256\": " SHA "}]}",
               0, "file record 2 has no \"path\"");
    load_fails("[\"rank\"]", 0, "expected '{' (a JSON object), found an array");
    /* no command */
    load_fails("{\n  \"tool\": \"clustereval\"\n}\n", 0,
               "no \"command\": not a clustereval manifest");
    load_fails("{\"command\": []}", 0, "\"command\" is empty");
}

/* A name given several times (--set) is written once, with the array of its
 * values, so that no object repeats a name; read back in order. */
Test(manifest, repeated_option_written_as_an_array)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "m.json");
    ce_manifest *m = ce_manifest_new();
    ce_error err = {{0}, 0, {0}};
    char *argv[] = {"rank", "--set", "a=1", "--set", "b=2", "--set", "c=3"};
    ok(ce_manifest_set_command(m, 7, argv, &err), &err);
    ok(ce_manifest_add_option(m, "set", "a=1", &err), &err);
    ok(ce_manifest_add_option(m, "top", "5", &err), &err);
    ok(ce_manifest_add_option(m, "set", "b=2", &err), &err);
    ok(ce_manifest_add_option(m, "set", "c=3", &err), &err);
    ok(ce_manifest_write(m, path, &err), &err);
    char *text = slurp(path);
    cr_assert_str_eq(text, "{\n"
                           "  \"command\": [\"rank\", \"--set\", \"a=1\", \"--set\", \"b=2\", "
                           "\"--set\", \"c=3\"],\n"
                           "  \"options\": {\n"
                           "    \"set\": [\"a=1\", \"b=2\", \"c=3\"],\n"
                           "    \"top\": \"5\"\n"
                           "  },\n"
                           "  \"files\": [],\n"
                           "  \"counts\": {}\n"
                           "}\n");
    free(text);
    ce_manifest *back = NULL;
    ok(ce_manifest_load(path, &back, &err), &err);
    static const char *const want[][2] = {{"set", "a=1"}, {"set", "b=2"}, {"set", "c=3"},
                                          {"top", "5"}};
    cr_assert_eq(ce_manifest_option_count(back), 4);
    for (size_t i = 0; i < 4; i++) {
        const char *name, *value;
        ce_manifest_option(back, i, &name, &value);
        cr_assert_str_eq(name, want[i][0], "option %zu", i);
        cr_assert_str_eq(value, want[i][1], "option %zu", i);
    }
    ce_manifest_free(back);
    ce_manifest_free(m);
}

/* A text that is not UTF-8 (a GBK file name) cannot be put in JSON: the
 * manifest is not written, and the message names the field and the text. */
Test(manifest, write_refuses_text_that_is_not_utf8)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "m.json");
    ce_manifest *m = ce_manifest_new();
    ce_error err = {{0}, 0, {0}};
    char *argv[] = {"rank", "\xC9\xBD\xB6\xAB.csv"}; /* 山东 in GBK */
    ok(ce_manifest_set_command(m, 2, argv, &err), &err);
    cr_assert_eq(ce_manifest_write(m, path, &err), CE_ERR_DATA);
    cr_assert_str_eq(err.file, path);
    cr_assert_str_eq(err.msg, "the command-line argument \"\xC9\xBD\xB6\xAB.csv\" is not UTF-8 "
                              "text, which is all a manifest (JSON) can record");
    cr_assert(!exists(path));
    cr_assert_eq(count_entries(ce_test_dir, ".tmp-"), 0);
    char *ok_argv[] = {"rank"};
    ok(ce_manifest_set_command(m, 1, ok_argv, &err), &err);
    ok(ce_manifest_add_option(m, "x\xFF", "1", &err), &err);
    cr_assert_eq(ce_manifest_write(m, path, &err), CE_ERR_DATA);
    cr_assert(strstr(err.msg, "the option name \"x\xFF\" is not UTF-8") != NULL, "%s", err.msg);
    ce_manifest_free(m);
}

Test(manifest, load_missing_file_is_io)
{
    ce_manifest *m = NULL;
    ce_error err = {{0}, 0, {0}};
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "none.json");
    cr_assert_eq(ce_manifest_load(path, &m, &err), CE_ERR_IO);
    cr_assert_str_eq(err.file, path);
    cr_assert_null(m);
}

/* ---- checking recorded files --------------------------------------------- */

Test(manifest, resolve_against_cwd)
{
    ce_manifest *m = ce_manifest_new();
    ce_error err = {{0}, 0, {0}};
    char *p = ce_manifest_resolve(m, "a b.csv");
    cr_assert_str_eq(p, "a b.csv");
    free(p);
    ok(ce_manifest_set(m, "cwd", "/data/2024", &err), &err);
    p = ce_manifest_resolve(m, "in/a b.csv");
    cr_assert_str_eq(p, "/data/2024/in/a b.csv");
    free(p);
    p = ce_manifest_resolve(m, "/abs.csv");
    cr_assert_str_eq(p, "/abs.csv");
    free(p);
    ok(ce_manifest_set(m, "cwd", "/", &err), &err);
    p = ce_manifest_resolve(m, "x.csv");
    cr_assert_str_eq(p, "/x.csv");
    free(p);
    ce_manifest_free(m);
}

Test(manifest, file_check_same_changed_missing)
{
    ce_test_write_text(NULL, 0, ce_test_dir, "a.csv", FIXED_TEXT);
    ce_test_write_text(NULL, 0, ce_test_dir, "b.csv", "x\n");
    ce_test_write_text(NULL, 0, ce_test_dir, "c.csv", "x\n");
    cr_assert_eq(chdir(ce_test_dir), 0);
    ce_manifest *m = ce_manifest_new();
    ce_error err = {{0}, 0, {0}};
    ok(ce_manifest_set(m, "cwd", ce_test_dir, &err), &err);
    ok(ce_manifest_add_file(m, "data", "a.csv", &err), &err);
    ok(ce_manifest_add_file(m, "profile", "b.csv", &err), &err);
    ok(ce_manifest_add_file(m, "policy", "c.csv", &err), &err);
    ce_test_write_text(NULL, 0, ce_test_dir, "b.csv", "y\n"); /* same size */
    cr_assert_eq(unlink("c.csv"), 0);
    cr_assert_eq(chdir("/"), 0); /* relative paths now resolve through "cwd" */
    char sha[65];
    cr_assert_eq(ce_manifest_file_check(m, 0, sha, &err), CE_MANIFEST_SAME);
    cr_assert_str_eq(sha, FIXED_SHA);
    cr_assert_eq(ce_manifest_file_check(m, 1, sha, &err), CE_MANIFEST_CHANGED);
    cr_assert_str_eq(sha, "3bb2abb69ebb27fbfe63c7639624c6ec5e331b841a5bc8c3ebc10b9285e90877");
    char path[256];
    cr_assert_eq(ce_manifest_file_check(m, 2, NULL, &err), CE_MANIFEST_MISSING);
    cr_assert_str_eq(err.file, ce_test_path(path, sizeof path, ce_test_dir, "c.csv"));
    cr_assert_str_eq(err.msg, "cannot open: No such file or directory");
    ce_manifest_free(m);
}

/* ---- verify (src/cli/cmd_verify.c) on a real sme run ------------------------- */

#define ENTERPRISES                                                                            \
    "id,name,industry,employees,revenue,assets\n"                                              \
    "E02,鲁东重工,industry,1200,45000,52000\n"                                                 \
    "E04,小石五金,工业,15,5000,800\n"

/* Runs sme in the scratch folder, which writes out.csv.manifest.json;
 * stderr goes to the file err.txt. The standard is named: the default is
 * found beside the clustereval binary, and this test binary is not it. */
static void sme_with_manifest(void)
{
    const char *data = getenv("CE_TEST_DATA");
    cr_assert_not_null(data, "CE_TEST_DATA is not set");
    static char standard[1024];
    snprintf(standard, sizeof standard, "%s/../../weights/sme-standard-2011.csv", data);
    cr_assert_eq(chdir(ce_test_dir), 0);
    cr_assert_not_null(freopen("err.txt", "w", stderr));
    ce_test_write_text(NULL, 0, ce_test_dir, "ent 2024.csv", ENTERPRISES);
    char *run[] = {"clustereval", "sme", "ent 2024.csv", "--standard", standard,
                   "-o", "out.csv", NULL};
    cr_assert_eq(ce_cli_main(7, run), 0); /* writes out.csv.manifest.json */
}

/* verify's exit code, run from "/", and what it printed. */
static int verify(char **printed)
{
    char mpath[256], epath[256];
    ce_test_path(mpath, sizeof mpath, ce_test_dir, "out.csv.manifest.json");
    cr_assert_eq(chdir("/"), 0);
    char *argv[] = {"verify", mpath, NULL};
    fflush(stderr);
    cr_assert_not_null(freopen(ce_test_path(epath, sizeof epath, ce_test_dir, "err.txt"), "w",
                               stderr));
    int rc = ce_cmd_verify(2, argv);
    fflush(stderr);
    *printed = slurp(epath);
    return rc;
}

Test(manifest, verify_reproduces_an_sme_run)
{
    sme_with_manifest();
    char *out;
    int rc = verify(&out);
    cr_assert_eq(rc, 0, "%s", out);
    cr_assert(strstr(out, "clustereval: verify: data ent 2024.csv: same\n") != NULL, "%s", out);
    cr_assert(strstr(out, "clustereval: verify: output out.csv: same\n") != NULL, "%s", out);
    cr_assert(strstr(out, "clustereval: verify: output out.csv: re-run identical\n") != NULL, "%s",
              out);
    cr_assert(strstr(out, ": reproduced\n") != NULL, "%s", out);
    free(out);
    /* nothing left behind: the scratch files only */
    cr_assert_eq(count_entries(ce_test_dir, ".verify-"), 0);
    cr_assert_eq(count_entries(ce_test_dir, ".tmp-"), 0);
    cr_assert_eq(count_entries(ce_test_dir, ".manifest.json"), 1);
}

Test(manifest, verify_reports_changed_and_missing)
{
    sme_with_manifest();
    ce_test_write_text(NULL, 0, ce_test_dir, "ent 2024.csv",
                       ENTERPRISES "E05,新店,零售业,5,50,\n");
    char *out;
    cr_assert_eq(verify(&out), 1, "%s", out);
    cr_assert(strstr(out, "clustereval: verify: data ent 2024.csv: changed on disk (sha256 ") !=
                  NULL, "%s", out);
    cr_assert(strstr(out, "clustereval: verify: output out.csv: same\n") != NULL, "%s", out);
    cr_assert(strstr(out, "clustereval: verify: output out.csv: re-run differs (sha256 ") != NULL,
              "%s", out);
    cr_assert(strstr(out, ": NOT reproduced: on-disk check failed (1 input changed on disk); "
                          "re-run check failed (1 output differs from the manifest)\n") != NULL,
              "%s", out);
    free(out);
    cr_assert_eq(count_entries(ce_test_dir, ".verify-"), 0);

    char p[256];
    cr_assert_eq(unlink(ce_test_path(p, sizeof p, ce_test_dir, "ent 2024.csv")), 0);
    cr_assert_eq(verify(&out), 3, "%s", out);
    cr_assert(strstr(out, "clustereval: verify: data ent 2024.csv: missing on disk (cannot open: "
                          "No such file or directory)\n") != NULL, "%s", out);
    cr_assert(strstr(out, "the command is not re-run") != NULL, "%s", out);
    cr_assert(strstr(out, ": NOT reproduced: on-disk check failed (1 input missing on disk); "
                          "re-run check not done (an input is missing)\n") != NULL, "%s", out);
    free(out);
}

Test(manifest, verify_usage_and_bad_manifest)
{
    cr_assert_eq(chdir(ce_test_dir), 0);
    cr_assert_not_null(freopen("err.txt", "w", stderr));
    char *none[] = {"verify", NULL};
    cr_assert_eq(ce_cmd_verify(1, none), CE_ERR_USAGE);
    char *two[] = {"verify", "a.json", "b.json", NULL};
    cr_assert_eq(ce_cmd_verify(3, two), CE_ERR_USAGE);
    char *bad_opt[] = {"verify", "--fast", "a.json", NULL};
    cr_assert_eq(ce_cmd_verify(3, bad_opt), CE_ERR_USAGE);
    char *missing[] = {"verify", "none.json", NULL};
    cr_assert_eq(ce_cmd_verify(2, missing), CE_ERR_IO);
    ce_test_write_text(NULL, 0, ce_test_dir, "bad.json", "{\"tool\": \"clustereval\"}");
    char *bad[] = {"verify", "bad.json", NULL};
    cr_assert_eq(ce_cmd_verify(2, bad), CE_ERR_DATA);
    ce_test_write_text(NULL, 0, ce_test_dir, "other.json",
                       "{\"tool\": \"other\", \"command\": [\"sme\"]}");
    char *other[] = {"verify", "other.json", NULL};
    cr_assert_eq(ce_cmd_verify(2, other), CE_ERR_DATA);
    fflush(stderr);
    char *out = slurp("err.txt");
    cr_assert(strstr(out, "clustereval verify: no manifest given\n") != NULL, "%s", out);
    cr_assert(strstr(out, "clustereval verify: unknown option --fast\n") != NULL, "%s", out);
    cr_assert(strstr(out, "clustereval: bad.json: no \"command\"") != NULL, "%s", out);
    cr_assert(strstr(out, "clustereval: other.json: written by \"other\", not clustereval\n") !=
                  NULL, "%s", out);
    free(out);
}
