/* test_sha256.c - SHA-256 (src/sha256.c, over Nettle) against the FIPS 180-4 example
 * vectors (NIST CSRC "Examples with Intermediate Values", SHA256.pdf, and
 * the one-million-'a' vector of FIPS 180-2 Appendix B.3), the padding edges,
 * arbitrary update splits, and files whose digests were computed once with
 * coreutils sha256sum. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/sha256.h"
#include "testutil.h"

TestSuite(sha256, .init = ce_test_dir_init, .fini = ce_test_dir_fini);

static void digest_of(const void *data, size_t n, char hex[65])
{
    ce_sha256 s;
    unsigned char d[32];
    ce_sha256_init(&s);
    ce_sha256_update(&s, data, n);
    ce_sha256_final(&s, d);
    ce_sha256_hex(d, hex);
}

static void assert_digest(const char *text, const char *expected)
{
    char hex[65];
    digest_of(text, strlen(text), hex);
    cr_assert_str_eq(hex, expected, "sha256 of \"%.40s\" (%zu bytes)", text, strlen(text));
}

Test(sha256, fips_vectors)
{
    assert_digest("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_digest("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    assert_digest("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
                  "klmnopqrlmnopqrsmnopqrstnopqrstu",
                  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

Test(sha256, one_million_a_in_uneven_pieces)
{
    enum { N = 1000000 };
    char *a = malloc(N);
    cr_assert_not_null(a);
    memset(a, 'a', N);
    char hex[65];
    digest_of(a, N, hex);
    cr_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    ce_sha256 s;
    unsigned char d[32];
    ce_sha256_init(&s);
    for (size_t off = 0, step = 1; off < N; off += step, step = step * 3 % 997 + 1)
        ce_sha256_update(&s, a + off, off + step <= N ? step : N - off);
    ce_sha256_final(&s, d);
    ce_sha256_hex(d, hex);
    cr_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
}

/* Lengths around the padding boundaries: 55 bytes fit one block with the
 * length, 56..63 need a second block; digests from sha256sum. */
Test(sha256, padding_edges)
{
    static const struct {
        size_t n;
        const char *hex;
    } cases[] = {
        {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
        {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
        {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
        {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
        {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
    };
    char a[128], hex[65];
    memset(a, 'a', sizeof a);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        digest_of(a, cases[i].n, hex);
        cr_assert_str_eq(hex, cases[i].hex, "%zu x 'a'", cases[i].n);
    }
}

/* A 131-byte message (byte i = 7i+3 mod 256) fed in two updates split at
 * every offset, and in three with an empty update in between. */
Test(sha256, every_split_gives_the_same_digest)
{
    const char *expected = "4c14830d5f17552093a46de0f6884f8f3010789462dab3db3d1cc679575e01ad";
    unsigned char m[131];
    for (size_t i = 0; i < sizeof m; i++)
        m[i] = (unsigned char)((i * 7 + 3) & 0xFF);
    char hex[65];
    digest_of(m, sizeof m, hex);
    cr_assert_str_eq(hex, expected);
    for (size_t cut = 0; cut <= sizeof m; cut++) {
        ce_sha256 s;
        unsigned char d[32];
        ce_sha256_init(&s);
        ce_sha256_update(&s, m, cut);
        ce_sha256_update(&s, NULL, 0);
        ce_sha256_update(&s, m + cut, sizeof m - cut);
        ce_sha256_final(&s, d);
        ce_sha256_hex(d, hex);
        cr_assert_str_eq(hex, expected, "split at %zu", cut);
    }
}

Test(sha256, hex_is_lowercase_and_terminated)
{
    unsigned char d[32];
    for (int i = 0; i < 32; i++)
        d[i] = (unsigned char)(i * 8 + 7);
    char hex[65];
    memset(hex, 'X', sizeof hex);
    ce_sha256_hex(d, hex);
    cr_assert_str_eq(hex, "070f171f272f373f474f575f676f777f878f979fa7afb7bfc7cfd7dfe7eff7ff");
}

/* Digests from sha256sum of the same bytes. */
Test(sha256, file_matches_sha256sum)
{
    char path[256], hex[65];
    long long size = -1;
    ce_error err = {{0}, 0, {0}};
    ce_test_write_text(path, sizeof path, ce_test_dir, "fixed.csv",
                       "id,name\nC01,苏州纳米\n\"quoted, text\",x\n");
    cr_assert_eq(ce_sha256_file(path, hex, &size, &err), CE_OK, "%s", err.msg);
    cr_assert_str_eq(hex, "43aba179e27fe12e92f52dd4d66ce17acb358a39e4b483d8577fcd77fe9cee83");
    cr_assert_eq(size, 42);

    /* larger than the 64 KiB read buffer, not a multiple of it */
    enum { BIG = 200003 };
    char *big = malloc(BIG);
    cr_assert_not_null(big);
    for (size_t i = 0; i < BIG; i++)
        big[i] = (char)(unsigned char)((i * 31 + (i >> 8)) & 0xFF);
    ce_test_write(path, sizeof path, ce_test_dir, "big.bin", big, BIG);
    free(big);
    cr_assert_eq(ce_sha256_file(path, hex, &size, &err), CE_OK, "%s", err.msg);
    cr_assert_str_eq(hex, "7c9cb05f47a0de9f130e080a1588df154ba11e28cff42f194136ca431ba4baec");
    cr_assert_eq(size, BIG);

    ce_test_write_text(path, sizeof path, ce_test_dir, "empty", "");
    cr_assert_eq(ce_sha256_file(path, hex, NULL, &err), CE_OK, "%s", err.msg);
    cr_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

Test(sha256, unreadable_file_is_io_and_touches_nothing)
{
    char path[256], hex[65] = "untouched";
    long long size = 7;
    ce_error err = {{0}, 0, {0}};
    ce_test_path(path, sizeof path, ce_test_dir, "missing.csv");
    cr_assert_eq(ce_sha256_file(path, hex, &size, &err), CE_ERR_IO);
    cr_assert_str_eq(err.file, path);
    cr_assert_eq(err.line, 0);
    cr_assert_str_eq(err.msg, "cannot open: No such file or directory");
    cr_assert_str_eq(hex, "untouched");
    cr_assert_eq(size, 7);
    cr_assert_eq(ce_sha256_file(ce_test_dir, hex, &size, &err), CE_ERR_IO);
    cr_assert_str_eq(err.msg, "cannot read: Is a directory");
    cr_assert_eq(ce_sha256_file(path, hex, NULL, NULL), CE_ERR_IO);
}
