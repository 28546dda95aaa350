/* test_outfile.c - atomic output files: commit, abort, failures
 * (outfile.h, DESIGN.md §5). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include "clustereval/outfile.h"

#include "testutil.h"

/* ---- a scratch folder per test ---- */

TestSuite(outfile, .init = ce_test_dir_init, .fini = ce_test_dir_fini);

/* The names in ce_test_dir, sorted and joined with '|' ("" when empty). */
static void list_folder(char *out, size_t cap)
{
    char names[16][256];
    size_t n = 0;
    DIR *d = opendir(ce_test_dir);
    cr_assert_not_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        cr_assert_lt(n, 16);
        snprintf(names[n++], sizeof names[0], "%s", e->d_name);
    }
    closedir(d);
    for (size_t i = 1; i < n; i++) /* insertion sort: a handful of names */
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char tmp[256];
            memcpy(tmp, names[j], sizeof tmp);
            memcpy(names[j], names[j - 1], sizeof tmp);
            memcpy(names[j - 1], tmp, sizeof tmp);
        }
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && len < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? "|" : "", names[i]);
}

/* The whole content of path (at most cap-1 bytes), NUL-terminated. */
static void slurp(const char *path, char *out, size_t cap)
{
    FILE *fp = fopen(path, "rb");
    cr_assert_not_null(fp, "cannot open %s", path);
    size_t n = fread(out, 1, cap - 1, fp);
    out[n] = '\0';
    fclose(fp);
}

Test(outfile, commit_writes_the_file)
{
    char path[256], listing[512], content[256];
    ce_test_path(path, sizeof path, ce_test_dir, "out.csv");
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_OK, "%s", err.msg);
    cr_assert_not_null(of.fp);
    cr_assert_str_eq(of.path, path);
    cr_assert_not_null(of.tmp_path);
    cr_assert_str_neq(of.tmp_path, path);
    /* /tmp is ext4 or tmpfs: the temporary file has no name until commit,
     * and opens through /proc meanwhile */
    cr_assert_eq(of.unnamed, 1);
    cr_assert_eq(strncmp(of.tmp_path, "/proc/self/fd/", 14), 0, "tmp: %s", of.tmp_path);
    cr_assert_eq(access(of.tmp_path, F_OK), 0, "no temporary file");
    cr_assert_neq(access(path, F_OK), 0, "destination exists before commit");
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "", "folder holds before commit: %s", listing);
    fputs("rank,id\n1,\xE5\xB1\xB1\xE4\xB8\x9C\n", of.fp);
    cr_assert_eq(ce_outfile_commit(&of, &err), CE_OK, "%s", err.msg);
    slurp(path, content, sizeof content);
    cr_assert_str_eq(content, "rank,id\n1,\xE5\xB1\xB1\xE4\xB8\x9C\n");
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "out.csv", "folder holds: %s", listing);
}

Test(outfile, commit_mode_follows_umask)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "mode.csv");
    umask(027);
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_OK, "%s", err.msg);
    fputs("x\n", of.fp);
    cr_assert_eq(ce_outfile_commit(&of, &err), CE_OK, "%s", err.msg);
    struct stat sb;
    cr_assert_eq(stat(path, &sb), 0);
    cr_assert_eq(sb.st_mode & 0777, 0640, "mode %o, want 640", (unsigned)(sb.st_mode & 0777));
}

Test(outfile, abort_leaves_nothing)
{
    char path[256], listing[512];
    ce_test_path(path, sizeof path, ce_test_dir, "out.csv");
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_OK, "%s", err.msg);
    fputs("partial output\n", of.fp);
    ce_outfile_abort(&of);
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "", "folder holds: %s", listing);
}

Test(outfile, abort_keeps_existing_content)
{
    char path[256], listing[512], content[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "report.csv", "old content\n");
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_OK, "%s", err.msg);
    slurp(path, content, sizeof content);
    cr_assert_str_eq(content, "old content\n", "open touched the existing file");
    fputs("new content that must not appear\n", of.fp);
    fflush(of.fp);
    ce_outfile_abort(&of);
    slurp(path, content, sizeof content);
    cr_assert_str_eq(content, "old content\n");
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "report.csv", "folder holds: %s", listing);
}

Test(outfile, commit_replaces_existing_file)
{
    char path[256], listing[512], content[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "report.csv",
                       "old content that is longer than the new one\n");
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_OK, "%s", err.msg);
    fputs("new\n", of.fp);
    cr_assert_eq(ce_outfile_commit(&of, &err), CE_OK, "%s", err.msg);
    slurp(path, content, sizeof content);
    cr_assert_str_eq(content, "new\n");
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "report.csv", "folder holds: %s", listing);
}

Test(outfile, empty_commit_gives_empty_file)
{
    char path[256], content[16];
    ce_test_path(path, sizeof path, ce_test_dir, "empty.csv");
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_outfile_commit(&of, &err), CE_OK, "%s", err.msg);
    struct stat sb;
    cr_assert_eq(stat(path, &sb), 0);
    cr_assert_eq(sb.st_size, 0);
    slurp(path, content, sizeof content);
    cr_assert_str_eq(content, "");
}

Test(outfile, nonexistent_folder_is_io_error)
{
    char path[256], listing[512];
    ce_test_path(path, sizeof path, ce_test_dir, "no-such-folder/out.csv");
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_ERR_IO);
    cr_assert_str_eq(err.file, path);
    cr_assert_not_null(strstr(err.msg, "cannot write"), "msg: %s", err.msg);
    ce_outfile_abort(&of); /* safe after a failed open */
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "", "folder holds: %s", listing);
}

Test(outfile, path_that_is_a_folder_is_io_error)
{
    char path[256], listing[512];
    ce_test_path(path, sizeof path, ce_test_dir, "sub");
    cr_assert_eq(mkdir(path, 0700), 0);
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_ERR_IO);
    cr_assert_str_eq(err.file, path);
    cr_assert_not_null(strstr(err.msg, "folder"), "msg: %s", err.msg);
    ce_outfile_abort(&of);
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "sub", "folder holds: %s", listing);
    struct stat sb;
    cr_assert_eq(stat(path, &sb), 0);
    cr_assert(S_ISDIR(sb.st_mode), "the folder was replaced");
}

Test(outfile, two_outfiles_in_one_folder)
{
    char a[256], b[256], listing[512], content[64];
    ce_test_path(a, sizeof a, ce_test_dir, "a.csv");
    ce_test_path(b, sizeof b, ce_test_dir, "b.csv");
    ce_outfile oa, ob;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&oa, a, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(ce_outfile_open(&ob, b, &err), CE_OK, "%s", err.msg);
    cr_assert_str_neq(oa.tmp_path, ob.tmp_path);
    fputs("A\n", oa.fp);
    fputs("B\n", ob.fp);
    ce_outfile_abort(&ob);
    cr_assert_eq(ce_outfile_commit(&oa, &err), CE_OK, "%s", err.msg);
    slurp(a, content, sizeof content);
    cr_assert_str_eq(content, "A\n");
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "a.csv", "folder holds: %s", listing);
}

/* ---- a killed run leaves nothing; stale temporaries are cleaned ---- */

/* A PID that no process has: a child that has exited and been reaped. */
static pid_t dead_pid(void)
{
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0)
        _exit(0);
    cr_assert_eq(waitpid(pid, NULL, 0), pid);
    return pid;
}

/* Forks a writer of path that writes 1 MB and kills itself with SIGKILL
 * before commit; named: through ce_outfile_open_named. Returns its PID once
 * it is dead. */
static pid_t killed_writer(const char *path, int named)
{
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        ce_outfile of;
        ce_error err = {{0}, 0, {0}};
        if ((named ? ce_outfile_open_named : ce_outfile_open)(&of, path, &err) != CE_OK)
            _exit(1);
        for (int i = 0; i < 16384; i++)
            fputs("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n", of.fp);
        fflush(of.fp);
        raise(SIGKILL);
        _exit(2);
    }
    int status = 0;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "writer status %d", status);
    return pid;
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    cr_assert_not_null(fp, "cannot create %s", path);
    fputs(text, fp);
    cr_assert_eq(fclose(fp), 0);
}

Test(outfile, killed_writer_leaves_nothing)
{
    char path[256], listing[512], content[64];
    ce_test_write_text(path, sizeof path, ce_test_dir, "out.csv", "old\n");
    killed_writer(path, 0);
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "out.csv", "folder holds: %s", listing);
    slurp(path, content, sizeof content);
    cr_assert_str_eq(content, "old\n");
}

Test(outfile, named_temporary_is_beside_and_removed_on_abort)
{
    char path[256], listing[512], want[320];
    ce_test_path(path, sizeof path, ce_test_dir, "out.csv");
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open_named(&of, path, &err), CE_OK, "%s", err.msg);
    cr_assert_eq(of.unnamed, 0);
    /* PATH.tmp-PID-XXXXXX */
    snprintf(want, sizeof want, "%s.tmp-%ld-", path, (long)getpid());
    cr_assert_eq(strncmp(of.tmp_path, want, strlen(want)), 0, "tmp: %s", of.tmp_path);
    cr_assert_eq(strlen(of.tmp_path), strlen(want) + 6, "tmp: %s", of.tmp_path);
    cr_assert_eq(access(of.tmp_path, F_OK), 0);
    ce_outfile_abort(&of);
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "", "folder holds: %s", listing);
}

Test(outfile, killed_named_writer_is_cleaned_by_the_next_open)
{
    char path[256], listing[512], content[64], want[512];
    ce_test_write_text(path, sizeof path, ce_test_dir, "out.csv", "old\n");
    pid_t pid = killed_writer(path, 1);
    list_folder(listing, sizeof listing);
    snprintf(want, sizeof want, "out.csv|out.csv.tmp-%ld-", (long)pid);
    cr_assert_eq(strncmp(listing, want, strlen(want)), 0, "folder holds: %s", listing);
    cr_assert_eq(strlen(listing), strlen(want) + 6, "folder holds: %s", listing);
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open_named(&of, path, &err), CE_OK, "%s", err.msg);
    fputs("new\n", of.fp);
    cr_assert_eq(ce_outfile_commit(&of, &err), CE_OK, "%s", err.msg);
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "out.csv", "folder holds: %s", listing);
    slurp(path, content, sizeof content);
    cr_assert_str_eq(content, "new\n");
    /* and an unnamed open cleans too (a kill between link and rename) */
    pid = killed_writer(path, 1);
    ce_outfile_abort(&of);
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_OK, "%s", err.msg);
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "out.csv", "folder holds: %s", listing);
    ce_outfile_abort(&of);
}

Test(outfile, live_writers_temporary_is_kept)
{
    char path[256], listing[512], content[64], want[512];
    ce_test_write_text(path, sizeof path, ce_test_dir, "out.csv", "old\n");
    int ready[2], go[2];
    cr_assert_eq(pipe(ready), 0);
    cr_assert_eq(pipe(go), 0);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) { /* a run still writing */
        ce_outfile of;
        ce_error err = {{0}, 0, {0}};
        if (ce_outfile_open_named(&of, path, &err) != CE_OK)
            _exit(1);
        fputs("from the live writer\n", of.fp);
        char c = 'r';
        if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) != 1)
            _exit(2);
        _exit(ce_outfile_commit(&of, &err) == CE_OK ? 0 : 3);
    }
    char c;
    cr_assert_eq(read(ready[0], &c, 1), 1);
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open_named(&of, path, &err), CE_OK, "%s", err.msg);
    ce_outfile_abort(&of);
    list_folder(listing, sizeof listing);
    snprintf(want, sizeof want, "out.csv|out.csv.tmp-%ld-", (long)pid);
    cr_assert_eq(strncmp(listing, want, strlen(want)), 0, "folder holds: %s", listing);
    cr_assert_eq(write(go[1], "g", 1), 1);
    int status = 0;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer status %d", status);
    slurp(path, content, sizeof content);
    cr_assert_str_eq(content, "from the live writer\n");
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "out.csv", "folder holds: %s", listing);
}

Test(outfile, locked_temporary_of_an_unknown_pid_is_kept)
{
    /* a writer on another machine sharing the folder: its PID means nothing
     * here, its lock does */
    char path[256], tmp[512], listing[512], want[600];
    ce_test_path(path, sizeof path, ce_test_dir, "out.csv");
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld-Ab3dE9", path, (long)dead_pid());
    write_file(tmp, "theirs\n");
    int fd = open(tmp, O_RDONLY);
    cr_assert_geq(fd, 0);
    cr_assert_eq(flock(fd, LOCK_EX), 0);
    /* flock locks belong to the open file: this process's own open() below
     * must still find it taken */
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        ce_outfile of;
        ce_error err = {{0}, 0, {0}};
        if (ce_outfile_open_named(&of, path, &err) != CE_OK)
            _exit(1);
        ce_outfile_abort(&of);
        _exit(0);
    }
    int status = 0;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    snprintf(want, sizeof want, "%s", strrchr(tmp, '/') + 1);
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, want, "folder holds: %s", listing);
    close(fd); /* the writer is gone */
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_OK, "%s", err.msg);
    ce_outfile_abort(&of);
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "", "folder holds: %s", listing);
}

Test(outfile, only_this_outputs_temporaries_of_our_pattern_are_cleaned)
{
    char path[256], p[512], listing[1024];
    long dead = (long)dead_pid();
    ce_test_path(path, sizeof path, ce_test_dir, "out.csv");
    const char *keep[] = {"out.csv.tmp-Ab3dE9", /* an older version's: no PID */
                          "out.csv.tmp-%ld-Ab3dE",  "out.csv.tmp-%ld-Ab3dE9x",
                          "out.csv.tmp-%ld-Ab.dE9", "other.csv.tmp-%ld-Ab3dE9",
                          "out.csv.tmp-%ldx-Ab3dE9"};
    for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
        char name[64];
        snprintf(name, sizeof name, keep[i], dead);
        ce_test_path(p, sizeof p, ce_test_dir, name);
        write_file(p, "x");
    }
    char stale[64];
    snprintf(stale, sizeof stale, "out.csv.tmp-%ld-Ab3dE9", dead);
    ce_test_path(p, sizeof p, ce_test_dir, stale);
    write_file(p, "stale");
    char sub[64]; /* a folder with the pattern's name is not ours either */
    snprintf(sub, sizeof sub, "out.csv.tmp-%ld-Zz9Zz9", dead);
    ce_test_path(p, sizeof p, ce_test_dir, sub);
    cr_assert_eq(mkdir(p, 0700), 0);
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_OK, "%s", err.msg);
    ce_outfile_abort(&of);
    list_folder(listing, sizeof listing);
    char want[1024];
    snprintf(want, sizeof want,
             "other.csv.tmp-%ld-Ab3dE9|out.csv.tmp-%ld-Ab.dE9|out.csv.tmp-%ld-Ab3dE|"
             "out.csv.tmp-%ld-Ab3dE9x|out.csv.tmp-%ld-Zz9Zz9|out.csv.tmp-%ldx-Ab3dE9|"
             "out.csv.tmp-Ab3dE9",
             dead, dead, dead, dead, dead, dead);
    cr_assert_str_eq(listing, want, "folder holds: %s", listing);
}

Test(outfile, stream_destination_leaves_nothing_in_tmpdir)
{
    char listing[512];
    cr_assert_eq(setenv("TMPDIR", ce_test_dir, 1), 0);
    for (int named = 0; named < 2; named++) {
        ce_outfile of;
        ce_error err = {{0}, 0, {0}};
        cr_assert_eq((named ? ce_outfile_open_named : ce_outfile_open)(&of, "/dev/null", &err),
                     CE_OK, "%s", err.msg);
        cr_assert_eq(of.stream, 1);
        cr_assert_eq(of.unnamed, !named);
        list_folder(listing, sizeof listing);
        if (named)
            cr_assert_eq(strncmp(listing, "clustereval-", 12), 0, "TMPDIR holds: %s", listing);
        else
            cr_assert_str_eq(listing, "", "TMPDIR holds: %s", listing);
        fputs("into the device\n", of.fp);
        cr_assert_eq(ce_outfile_commit(&of, &err), CE_OK, "%s", err.msg);
        list_folder(listing, sizeof listing);
        cr_assert_str_eq(listing, "", "TMPDIR holds: %s", listing);
    }
    unsetenv("TMPDIR");
}

/* ---- no manifest outlives the file it describes ---- */

Test(outfile, commit_removes_the_manifest_of_the_replaced_file)
{
    char path[256], m[300], listing[512], content[64];
    ce_test_write_text(path, sizeof path, ce_test_dir, "out.csv", "old\n");
    ce_test_write_text(m, sizeof m, ce_test_dir, "out.csv.manifest.json", "{}\n");
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_OK, "%s", err.msg);
    fputs("new\n", of.fp);
    ce_outfile_abort(&of); /* nothing replaced: the manifest stays */
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "out.csv|out.csv.manifest.json", "folder holds: %s", listing);
    for (int named = 0; named < 2; named++) {
        if (named) { /* also when the output is not there any more */
            cr_assert_eq(unlink(path), 0);
            ce_test_write_text(m, sizeof m, ce_test_dir, "out.csv.manifest.json", "{}\n");
        }
        cr_assert_eq((named ? ce_outfile_open_named : ce_outfile_open)(&of, path, &err), CE_OK,
                     "%s", err.msg);
        fputs("new\n", of.fp);
        cr_assert_eq(ce_outfile_commit(&of, &err), CE_OK, "%s", err.msg);
        list_folder(listing, sizeof listing);
        cr_assert_str_eq(listing, "out.csv", "folder holds: %s", listing);
        slurp(path, content, sizeof content);
        cr_assert_str_eq(content, "new\n");
    }
}

Test(outfile, manifest_that_cannot_be_removed_keeps_the_old_file)
{
    char path[256], m[300], inner[400], listing[512], content[64];
    ce_test_write_text(path, sizeof path, ce_test_dir, "out.csv", "old\n");
    ce_test_path(m, sizeof m, ce_test_dir, "out.csv.manifest.json");
    cr_assert_eq(mkdir(m, 0700), 0);
    snprintf(inner, sizeof inner, "%s/x", m);
    write_file(inner, "x");
    ce_outfile of;
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_open(&of, path, &err), CE_OK, "%s", err.msg);
    fputs("new\n", of.fp);
    cr_assert_eq(ce_outfile_commit(&of, &err), CE_ERR_IO);
    cr_assert_str_eq(err.file, m);
    cr_assert_str_eq(err.msg,
                     "cannot remove this manifest of the output being replaced: Is a directory");
    slurp(path, content, sizeof content);
    cr_assert_str_eq(content, "old\n");
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "out.csv|out.csv.manifest.json", "folder holds: %s", listing);
    cr_assert_eq(unlink(inner), 0);
    cr_assert_eq(rmdir(m), 0);
}

Test(outfile, forget_manifest_of_a_folder)
{
    char dir[256], m[300], listing[512];
    ce_test_path(dir, sizeof dir, ce_test_dir, "audit");
    cr_assert_eq(mkdir(dir, 0700), 0);
    ce_test_write_text(m, sizeof m, ce_test_dir, "audit.manifest.json", "{}\n");
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_outfile_forget_manifest(dir, &err), CE_OK, "%s", err.msg);
    list_folder(listing, sizeof listing);
    cr_assert_str_eq(listing, "audit", "folder holds: %s", listing);
    cr_assert_eq(ce_outfile_forget_manifest(dir, &err), CE_OK, "%s", err.msg); /* none: fine */
}
