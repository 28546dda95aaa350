/* example.c - a program that embeds clustereval: it links the installed
 * libclustereval.a through pkg-config,
 *   cc example.c $(pkg-config --cflags --libs clustereval) -o example
 * ranks DATA.csv by PROFILE.csv as `clustereval rank` does and prints the
 * top cluster: "ID SCORE" (score with 6 decimals, as rank writes it).
 * tests/install/install.sh builds and runs it against the Debian package. */
#include <stdio.h>

#include <clustereval/pipeline.h>
#include <clustereval/profile.h>
#include <clustereval/table.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: example DATA.csv PROFILE.csv\n");
        return 2;
    }
    ce_error err = {0};
    ce_diag diag;
    ce_diag_init(&diag);
    ce_profile *profile = NULL;
    ce_table *table = NULL;
    ce_result *result = NULL;
    ce_pipeline_options options;
    ce_pipeline_options_init(&options);

    ce_status rc = ce_profile_load(argv[2], CE_ENC_AUTO, &profile, &diag, &err);
    if (rc == CE_OK)
        rc = ce_table_read(argv[1], profile, CE_ENC_AUTO, &table, &diag, &err);
    if (rc == CE_OK)
        rc = ce_pipeline_run(table, profile, &options, &result, &diag, &err);
    if (rc == CE_OK && result->n_ranked > 0) {
        size_t top = result->order[0];
        printf("%s %.6f\n", ce_table_id(table, top), result->composite[top]);
    } else if (rc == CE_OK) {
        fprintf(stderr, "example: no cluster ranked\n");
        rc = CE_ERR_DATA;
    } else {
        fprintf(stderr, "example: %s:%zu: %s\n", err.file, err.line, err.msg);
    }
    ce_result_free(result);
    ce_table_free(table);
    ce_profile_free(profile);
    ce_diag_fini(&diag);
    return (int)rc;
}
