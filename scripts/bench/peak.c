/* peak.c - run a command and report its wall time and peak memory.
 *
 *   peak CMD ARGS...
 *
 * Prints one line to stderr after the child exits:
 *   wall_s=<seconds, 3 decimals> peak_mb=<ru_maxrss in MiB, 1 decimal> exit=<code>
 * and exits with the child's exit code (128+N if killed by signal N,
 * 127 if the command could not be executed).
 *
 * Build: cc -std=c11 -O2 -Wall -Wextra -Wpedantic peak.c -o peak
 */
#define _DEFAULT_SOURCE          /* wait4() */
#define _POSIX_C_SOURCE 200809L  /* clock_gettime(), CLOCK_MONOTONIC */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s CMD [ARGS...]\n", argv[0]);
        return 2;
    }
    fflush(NULL);
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0) { perror("peak: fork"); return 2; }
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        fprintf(stderr, "peak: %s: %s\n", argv[1], strerror(errno));
        _exit(127);
    }
    int status;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    pid_t w;
    do {
        w = wait4(pid, &status, 0, &ru);
    } while (w < 0 && errno == EINTR);
    double wall = now() - t0;
    if (w < 0) { perror("peak: wait4"); return 2; }

    int code = WIFEXITED(status) ? WEXITSTATUS(status)
             : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;
    /* Linux reports ru_maxrss in KiB */
    fprintf(stderr, "wall_s=%.3f peak_mb=%.1f exit=%d\n", wall, (double)ru.ru_maxrss / 1024.0, code);
    return code;
}
