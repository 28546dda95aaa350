/* floor.c - performance floor for reading a clustereval data file.
 *
 *   floor DATA.csv
 *
 * Does the minimum any CSV-reading ranker must do: parse the file with libcsv
 * (CSV_STRICT | CSV_APPEND_NULL, 64 KiB fread buffer), convert every data field
 * outside the first 4 columns with strtod (empty -> NaN) and store the doubles
 * in a growing array. Prints the number of values, the number missing and the
 * sum of the present ones, so the work cannot be optimised away.
 *
 * Build: cc -std=c11 -O2 -Wall -Wextra -Wpedantic floor.c -o floor -lcsv
 */
#include <csv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define SKIP_COLS 4

typedef struct {
    size_t row;     /* 0 = header */
    size_t col;     /* field index in the current row */
    double *vals;
    size_t n, cap;
    int oom;
} state;

static void on_field(void *s, size_t len, void *ud) {
    state *st = ud;
    size_t col = st->col++;
    if (st->row == 0 || col < SKIP_COLS || st->oom) return;
    double v = (len == 0) ? NAN : strtod((const char *)s, NULL);
    if (st->n == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 4096;
        double *p = realloc(st->vals, cap * sizeof *p);
        if (!p) { st->oom = 1; return; }
        st->vals = p;
        st->cap = cap;
    }
    st->vals[st->n++] = v;
}

static void on_row(int c, void *ud) {
    (void)c;
    state *st = ud;
    st->row++;
    st->col = 0;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s DATA.csv\n", argv[0]);
        return 2;
    }
    FILE *fp = fopen(argv[1], "rb");
    if (!fp) { perror(argv[1]); return 1; }

    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0) {
        fputs("floor: csv_init failed\n", stderr);
        return 1;
    }
    state st = {0};
    static char buf[64 * 1024];
    size_t n;
    int rc = 0;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
        if (csv_parse(&p, buf, n, on_field, on_row, &st) != n) {
            fprintf(stderr, "floor: %s: %s\n", argv[1], csv_strerror(csv_error(&p)));
            rc = 1;
            break;
        }
    }
    if (rc == 0 && ferror(fp)) { perror(argv[1]); rc = 1; }
    if (rc == 0 && csv_fini(&p, on_field, on_row, &st) != 0) {
        fprintf(stderr, "floor: %s: %s\n", argv[1], csv_strerror(csv_error(&p)));
        rc = 1;
    }
    if (rc == 0 && st.oom) { fputs("floor: out of memory\n", stderr); rc = 1; }
    csv_free(&p);
    fclose(fp);

    if (rc == 0) {
        double sum = 0.0;
        size_t missing = 0;
        for (size_t i = 0; i < st.n; i++) {
            if (isnan(st.vals[i])) missing++;
            else sum += st.vals[i];
        }
        printf("values=%zu missing=%zu sum=%.17g\n", st.n, missing, sum);
    }
    free(st.vals);
    return rc;
}
