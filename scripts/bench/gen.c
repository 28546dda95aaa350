/* gen.c - deterministic benchmark data generator for clustereval.
 *
 *   gen ROWS COLS SEED DATA.csv PROFILE.csv
 *
 * DATA.csv:    id,name,eligible,veto,x001..xNNN   (ROWS data rows)
 * PROFILE.csv: code,name,parent,weight,direction,unit
 *              (6 dimensions d1..d6, COLS indicators spread evenly over them)
 *
 * Output depends only on the arguments (own splitmix64 PRNG, no rand()).
 * Build: cc -std=c11 -O2 -Wall -Wextra -Wpedantic gen.c -o gen
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NDIMS 6
#define DEFAULT_SEED 20231u

static uint64_t rng_state = DEFAULT_SEED;

static uint64_t splitmix64(void) {
    uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* uniform double in [0, 1) with 53 random bits */
static double urand(void) { return (double)(splitmix64() >> 11) * 0x1.0p-53; }

/* Per-column value kind, fixed by the column index so every column has one
 * consistent magnitude, as real indicator tables do. */
enum kind { K_PERCENT, K_MAGNITUDE, K_RATIO, K_COUNT, NKINDS };

static double draw(enum kind k, double centre) {
    switch (k) {
    case K_PERCENT: { /* 0-100, clustered around the column's centre */
        double v = centre + (urand() - 0.5) * 60.0;
        return v < 0.0 ? -v : (v > 100.0 ? 200.0 - v : v);
    }
    case K_MAGNITUDE: /* log-uniform 1e3-1e6 */
        return pow(10.0, 3.0 + 3.0 * urand());
    case K_RATIO: /* 0-5, skewed towards small values */
        return 5.0 * urand() * urand();
    case K_COUNT: /* whole numbers 0-5000 */
        return floor(urand() * 5000.0);
    default:
        return 0.0;
    }
}

static long parse_long(const char *s, const char *what, long lo, long hi) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi) {
        fprintf(stderr, "gen: bad %s '%s' (expected %ld..%ld)\n", what, s, lo, hi);
        exit(2);
    }
    return v;
}

static int write_profile(const char *path, long cols) {
    FILE *fp = fopen(path, "wb");
    if (!fp) { perror(path); return 1; }
    fputs("code,name,parent,weight,direction,unit\n", fp);
    for (int d = 1; d <= NDIMS; d++)
        fprintf(fp, "d%d,维度%d,,1,,\n", d, d);
    for (long i = 0; i < cols; i++) {
        long dim = i * NDIMS / cols + 1; /* even split over d1..d6 */
        char dir = ((i + 1) % 7 == 0) ? '-' : '+';
        fprintf(fp, "x%03ld,指标%03ld,d%ld,1,%c,\n", i + 1, i + 1, dim, dir);
    }
    if (fclose(fp) != 0) { perror(path); return 1; }
    return 0;
}

static int write_data(const char *path, long rows, long cols) {
    FILE *fp = fopen(path, "wb");
    if (!fp) { perror(path); return 1; }
    static char iobuf[1 << 16];
    setvbuf(fp, iobuf, _IOFBF, sizeof iobuf);

    enum kind *kinds = malloc((size_t)cols * sizeof *kinds);
    double *centre = malloc((size_t)cols * sizeof *centre);
    if (!kinds || !centre) { fputs("gen: out of memory\n", stderr); return 1; }
    for (long j = 0; j < cols; j++) {
        kinds[j] = (enum kind)(splitmix64() % NKINDS);
        centre[j] = 20.0 + 60.0 * urand();
    }

    fputs("id,name,eligible,veto", fp);
    for (long j = 0; j < cols; j++) fprintf(fp, ",x%03ld", j + 1);
    fputc('\n', fp);

    for (long r = 1; r <= rows; r++) {
        int eligible = urand() < 0.02 ? 0 : 1;
        int veto = urand() < 0.005 ? 1 : 0;
        fprintf(fp, "C%06ld,集群%06ld,%d,%d", r, r, eligible, veto);
        for (long j = 0; j < cols; j++) {
            fputc(',', fp);
            if (urand() < 0.01) continue; /* ~1% missing */
            /* %.8g: 8 significant digits puts 10000x120 at ~10.9 MB */
            fprintf(fp, "%.8g", draw(kinds[j], centre[j]));
        }
        fputc('\n', fp);
    }
    free(kinds);
    free(centre);
    if (ferror(fp) || fclose(fp) != 0) { perror(path); return 1; }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s ROWS COLS SEED DATA.csv PROFILE.csv\n", argv[0]);
        return 2;
    }
    long rows = parse_long(argv[1], "ROWS", 1, 99999999L);
    long cols = parse_long(argv[2], "COLS", NDIMS, 999);
    char *end;
    errno = 0;
    unsigned long long seed = strtoull(argv[3], &end, 10);
    if (errno != 0 || end == argv[3] || *end != '\0') {
        fprintf(stderr, "gen: bad SEED '%s'\n", argv[3]);
        return 2;
    }
    rng_state = (uint64_t)seed;

    if (write_data(argv[4], rows, cols) != 0) return 1;
    if (write_profile(argv[5], cols) != 0) return 1;
    return 0;
}
