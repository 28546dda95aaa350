/* fuzz_util.h - helpers shared by the libFuzzer harnesses of tests/fuzz/.
 *
 * The library reads files by path, so a harness writes each input into an
 * anonymous in-memory file (memfd_create) made once per process and hands
 * the library its /proc/self/fd/N path. Nothing is written anywhere else.
 * The memfds are closed at exit.
 */
#ifndef CLUSTEREVAL_FUZZ_UTIL_H
#define CLUSTEREVAL_FUZZ_UTIL_H

#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef CE_SOURCE_DIR
#error "build with -DCE_SOURCE_DIR=\"/path/to/the/source/tree\""
#endif

/* A reusable in-memory file and its path. */
typedef struct {
    int fd;
    char path[64];
} fuzz_file;

/* Makes the memfd (once). Aborts when it cannot: a harness without its
 * file would silently test nothing. */
static inline void fuzz_file_open(fuzz_file *f, const char *name)
{
    f->fd = memfd_create(name, 0);
    if (f->fd < 0) {
        perror("memfd_create");
        abort();
    }
    snprintf(f->path, sizeof f->path, "/proc/self/fd/%d", f->fd);
}

static inline void fuzz_file_close(fuzz_file *f)
{
    if (f->fd >= 0)
        close(f->fd);
    f->fd = -1;
}

/* Replaces the file's contents with data[0..size). */
static inline void fuzz_file_put(fuzz_file *f, const uint8_t *data, size_t size)
{
    if (ftruncate(f->fd, 0) != 0) {
        perror("ftruncate");
        abort();
    }
    size_t done = 0;
    while (done < size) {
        ssize_t n = pwrite(f->fd, data + done, size - done, (off_t)done);
        if (n <= 0) {
            perror("pwrite");
            abort();
        }
        done += (size_t)n;
    }
}

/* Splits data[0..size) at sep into at most max cells, each a malloc'ed
 * NUL-terminated copy; cells[] past the last segment are "" (static).
 * Returns the number of segments found (capped at max). Free with
 * fuzz_cells_free. */
static inline size_t fuzz_cells_split(const uint8_t *data, size_t size, char sep, char **cells,
                                      size_t max)
{
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= size && n < max; i++) {
        if (i == size || data[i] == (uint8_t)sep) {
            size_t len = i - start;
            char *c = malloc(len + 1);
            if (!c)
                abort();
            if (len)
                memcpy(c, data + start, len);
            c[len] = '\0';
            cells[n++] = c;
            start = i + 1;
        }
    }
    for (size_t i = n; i < max; i++)
        cells[i] = NULL;
    return n;
}

static inline void fuzz_cells_free(char **cells, size_t max)
{
    for (size_t i = 0; i < max; i++)
        free(cells[i]);
}

/* Stops the run with a message: an invariant of a public header does not
 * hold. libFuzzer records the input as a crash. */
#define FUZZ_CHECK(cond, ...)                                                                 \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            fprintf(stderr, "%s:%d: invariant failed: %s: ", __FILE__, __LINE__, #cond);      \
            fprintf(stderr, __VA_ARGS__);                                                     \
            fputc('\n', stderr);                                                              \
            abort();                                                                          \
        }                                                                                     \
    } while (0)

#endif
