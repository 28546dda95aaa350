/* gen_big.c - writes large and pathological inputs for tests/e2e/limits.sh
 * and faults.sh to stdout, deterministically (no seed, no clock), fast
 * enough for a gigabyte. Built on the fly by the scripts: cc -O2 -o gen_big gen_big.c
 *
 *   gen_big rows N [PAD [NAME]]
 *                            id,name,gdp,jobs,co2,waste[,remark]: N clusters
 *                            (tests/data/profile-small.csv's indicators); with
 *                            PAD > 0 a remark column of PAD bytes (not in any
 *                            profile: ignored with a warning); with NAME > 0
 *                            each name is padded to NAME bytes.
 *   gen_big fill BYTES PAD   rows as above until the file holds at least BYTES
 *                            bytes.
 *   gen_big field BYTES      two clusters; the first one's name is BYTES bytes.
 *   gen_big wide COLS ROWS   id,i1,...,i(COLS-1): ROWS clusters, COLS columns.
 *   gen_big tree NODES       a profile of NODES nodes: 1 dimension, sqrt-many
 *                            groups under it, the indicators i1,... spread
 *                            over the groups (its last line says how many).
 *   gen_big chain DEPTH      a profile that is one chain DEPTH levels deep:
 *                            g1 <- g2 <- ... <- g(DEPTH-1) <- the indicator i1.
 *   gen_big cycle N          a valid dimension d with indicator i1, plus the
 *                            groups c1 -> c2 -> ... -> cN -> c1 (a cycle).
 *   gen_big noise BYTES      BYTES pseudo-random bytes (all 256 values).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long state = 0x2545F4914F6CDD1DULL;

/* xorshift64*: the same sequence on every run. */
static unsigned next(void)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return (unsigned)((state * 0x2545F4914F6CDD1DULL) >> 32);
}

static char pad_buf[1 << 16];

static void put_pad(size_t len)
{
    for (size_t left = len; left > 0;) {
        size_t k = left < sizeof pad_buf ? left : sizeof pad_buf;
        fwrite(pad_buf, 1, k, stdout);
        left -= k;
    }
}

static size_t put_row(size_t i, size_t pad, size_t name)
{
    char line[256];
    int n = snprintf(line, sizeof line, "C%09zu,cluster %zu", i, i);
    fwrite(line, 1, (size_t)n, stdout);
    size_t total = (size_t)n;
    if (name > (size_t)n - 11) {
        put_pad(name - ((size_t)n - 11));
        total += name - ((size_t)n - 11);
    }
    n = snprintf(line, sizeof line, ",%u.%02u,%u,%u.%u,%u.%u", next() % 100000, next() % 100,
                 next() % 50000, next() % 900, next() % 10, next() % 100, next() % 10);
    fwrite(line, 1, (size_t)n, stdout);
    total += (size_t)n + 1;
    if (pad) {
        putchar(',');
        put_pad(pad);
        total += pad + 1;
    }
    putchar('\n');
    return total;
}

static void header(size_t pad)
{
    fputs(pad ? "id,name,gdp,jobs,co2,waste,remark\n" : "id,name,gdp,jobs,co2,waste\n", stdout);
}

int main(int argc, char **argv)
{
    static char obuf[1 << 20];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    for (size_t k = 0; k < sizeof pad_buf; k++)
        pad_buf[k] = "abcdefghijklmnopqrstuvwxyz 0123456789"[k % 37];
    if (argc < 3) {
        fputs("usage: gen_big rows|fill|field|wide|tree|chain|cycle|noise ARGS\n", stderr);
        return 2;
    }
    const char *mode = argv[1];
    size_t a = strtoull(argv[2], NULL, 10), b = argc > 3 ? strtoull(argv[3], NULL, 10) : 0;
    size_t c = argc > 4 ? strtoull(argv[4], NULL, 10) : 0;
    if (strcmp(mode, "rows") == 0) {
        header(b);
        for (size_t i = 1; i <= a; i++)
            put_row(i, b, c);
    } else if (strcmp(mode, "fill") == 0) {
        header(b);
        size_t total = 0;
        for (size_t i = 1; total < a; i++)
            total += put_row(i, b, 0);
    } else if (strcmp(mode, "field") == 0) {
        fputs("id,name,gdp,jobs,co2,waste\nA,", stdout);
        put_pad(a);
        fputs(",1,2,3,4\nB,b,5,6,7,8\n", stdout);
    } else if (strcmp(mode, "wide") == 0) {
        fputs("id", stdout);
        for (size_t k = 1; k < a; k++)
            printf(",i%zu", k);
        putchar('\n');
        for (size_t r = 1; r <= b; r++) {
            printf("R%zu", r);
            for (size_t k = 1; k < a; k++)
                printf(",%u", next() % 1000);
            putchar('\n');
        }
    } else if (strcmp(mode, "tree") == 0) {
        size_t groups = 1;
        while (groups * groups < a)
            groups++;
        size_t leaves = a - 1 - groups;
        puts("code,name,parent,weight,direction,unit");
        puts("top,,,1,,");
        for (size_t g = 1; g <= groups; g++)
            printf("g%zu,,top,1,,\n", g);
        for (size_t i = 1; i <= leaves; i++)
            printf("i%zu,,g%zu,1,%s,\n", i, 1 + (i - 1) % groups, i % 3 ? "+" : "-");
    } else if (strcmp(mode, "chain") == 0) {
        puts("code,name,parent,weight,direction,unit");
        puts("g1,,,1,,");
        for (size_t i = 2; i < a; i++)
            printf("g%zu,,g%zu,1,,\n", i, i - 1);
        printf("i1,,g%zu,1,+,\n", a - 1);
    } else if (strcmp(mode, "cycle") == 0) {
        puts("code,name,parent,weight,direction,unit");
        puts("d,,,1,,");
        puts("i1,,d,1,+,");
        for (size_t i = 1; i <= a; i++)
            printf("c%zu,,c%zu,1,,\n", i, i % a + 1);
    } else if (strcmp(mode, "noise") == 0) {
        for (size_t i = 0; i < a; i++)
            putchar((int)(next() & 0xFF));
    } else {
        fprintf(stderr, "gen_big: unknown mode %s\n", mode);
        return 2;
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
