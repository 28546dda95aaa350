/* test_headers.c - the data table's header as people write it (issue 15):
 * indicators by code, name, name with unit, or the profile's aliases; the
 * id and name columns by their common Chinese headers or by option; title
 * rows above the header found and reported (table.h). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "clustereval/table.h"

#include "testutil.h"

static char prof_path[256];
static ce_profile *prof;

/* rev (line 3, 营业收入 in 亿元), emp (line 4, 从业人员 in 人, aliases
 * 用工人数 and 职工人数), rd (line 5, 研发投入占比 in %, alias R&D强度 after a
 * full-width ；). */
static const char profile_csv[] =
    "code,name,parent,weight,direction,unit,aliases\n"
    "dim,综合实力,,1,,,\n"
    "rev,营业收入,dim,1,+,亿元,\n"
    "emp,从业人员,dim,1,+,人,用工人数;职工人数\n"
    "rd,研发投入占比,dim,1,+,%,研发强度；R&D强度\n";

static void setup(void)
{
    ce_test_dir_init();
    prof = ce_test_load_profile(prof_path, sizeof prof_path, ce_test_dir, "profile.csv",
                                profile_csv, CE_ENC_AUTO);
}

static void teardown(void)
{
    ce_profile_free(prof);
    prof = NULL;
    ce_test_dir_fini();
}

TestSuite(headers, .init = setup, .fini = teardown);

static ce_table *read_opts(const char *text, const ce_table_options *o, ce_diag *diag,
                           ce_status want, ce_error *err)
{
    char path[256];
    ce_test_write_text(path, sizeof path, ce_test_dir, "data.csv", text);
    ce_table *t = NULL;
    ce_table_options plain = {.encoding = CE_ENC_AUTO};
    ce_status st = ce_table_read_opts(path, prof, o ? o : &plain, &t, diag, err);
    cr_assert_eq(st, want, "status %d, want %d (msg: %s)", (int)st, (int)want, err->msg);
    return t;
}

static void expect_row(const ce_table *t, size_t r, const char *id, const char *name, double rev,
                       double emp, double rd)
{
    cr_assert_str_eq(ce_table_id(t, r), id);
    cr_assert_str_eq(ce_table_name(t, r), name);
    const double *v = ce_table_values(t) + r * ce_table_cols(t);
    cr_assert(v[0] == rev && v[1] == emp && v[2] == rd, "row %zu: %g %g %g", r, v[0], v[1],
              v[2]);
}

/* Whether some note of diag equals text with the data file's path before it. */
static int has_note(const ce_diag *d, const char *text)
{
    char want[1024];
    snprintf(want, sizeof want, "%s/data.csv: %s", ce_test_dir, text);
    for (size_t i = 0; i < d->count; i++)
        if (strcmp(d->items[i], want) == 0)
            return 1;
    return 0;
}

static void dump(const ce_diag *d)
{
    for (size_t i = 0; i < d->count; i++)
        fprintf(stderr, "diag %zu: %s\n", i, d->items[i]);
}

Test(headers, names_with_units_in_full_and_half_width_brackets)
{
    ce_diag d;
    ce_diag_init(&d);
    ce_error err = {{0}, 0, {0}};
    ce_table *t = read_opts("集群编号,集群名称,营业收入（亿元）,从业人员(人),研发投入占比【%】\n"
                            "A01,阀门集群,12.5,3400,2.1\n"
                            "A02,轴承集群,8,2100,3.4\n",
                            NULL, &d, CE_OK, &err);
    cr_assert_eq(ce_table_rows(t), 2);
    expect_row(t, 0, "A01", "阀门集群", 12.5, 3400, 2.1);
    expect_row(t, 1, "A02", "轴承集群", 8, 2100, 3.4);
    cr_assert_eq(d.count, 0, "no warning");
    ce_table_free(t);
    ce_diag_fini(&d);
}

Test(headers, codes_names_without_unit_and_aliases)
{
    ce_error err = {{0}, 0, {0}};
    /* name without unit, alias, code in another case, full-width id */
    ce_table *t = read_opts("ＩＤ,名称,营业收入,用工人数,RD\n"
                            "A01,阀门集群,12.5,3400,2.1\n",
                            NULL, NULL, CE_OK, &err);
    expect_row(t, 0, "A01", "阀门集群", 12.5, 3400, 2.1);
    ce_table_free(t);
    /* the second alias, the one after a full-width ； with its unit */
    t = read_opts("编号,职工人数,R&D强度（%）,rev\nB7,3400,2.1,12.5\n", NULL, NULL, CE_OK, &err);
    expect_row(t, 0, "B7", "", 12.5, 3400, 2.1);
    ce_table_free(t);
}

Test(headers, another_unit_is_not_the_indicator)
{
    ce_error err = {{0}, 0, {0}};
    read_opts("集群编号,营业收入（万元）,emp,rd\nA01,125000,3400,2.1\n", NULL, NULL, CE_ERR_DATA,
              &err);
    cr_assert_str_eq(err.file, prof_path);
    cr_assert_eq(err.line, 3);
    cr_assert(strstr(err.msg, "indicator \"rev\" is not a column of"), "%s", err.msg);
}

Test(headers, serial_number_is_not_the_id_when_a_cluster_number_exists)
{
    ce_diag d;
    ce_diag_init(&d);
    ce_error err = {{0}, 0, {0}};
    ce_table *t = read_opts("序号,集群编号,集群名称,rev,emp,rd\n"
                            "1,A07,阀门集群,1,2,3\n"
                            "2,A03,轴承集群,4,5,6\n",
                            NULL, &d, CE_OK, &err);
    cr_assert_str_eq(ce_table_id(t, 0), "A07");
    cr_assert_str_eq(ce_table_id(t, 1), "A03");
    dump(&d);
    cr_assert_eq(d.count, 1);
    cr_assert(has_note(&d, "column \"序号\" (column 1) is not read as the id: \"集群编号\" "
                           "(column 2) is (--id-column chooses another)"));
    ce_table_free(t);
    ce_diag_fini(&d);
}

Test(headers, serial_number_is_the_id_when_nothing_better_exists)
{
    ce_diag d;
    ce_diag_init(&d);
    ce_error err = {{0}, 0, {0}};
    ce_table *t = read_opts("序号,名称,rev,emp,rd\n1,阀门集群,1,2,3\n", NULL, &d, CE_OK, &err);
    expect_row(t, 0, "1", "阀门集群", 1, 2, 3);
    dump(&d);
    cr_assert_eq(d.count, 1);
    cr_assert(has_note(&d, "column \"序号\" (column 1) is read as the id: no column is named id, "
                           "集群编号, 集群代码, 编号 or 代码 (--id-column chooses another)"));
    ce_table_free(t);
    ce_diag_fini(&d);
}

Test(headers, id_beats_every_alias_and_name_beats_its_aliases)
{
    ce_diag d;
    ce_diag_init(&d);
    ce_error err = {{0}, 0, {0}};
    ce_table *t = read_opts("集群编号,id,名称,name,rev,emp,rd\nA1,X1,甲,Alpha,1,2,3\n", NULL, &d,
                            CE_OK, &err);
    expect_row(t, 0, "X1", "Alpha", 1, 2, 3);
    dump(&d);
    cr_assert_eq(d.count, 2);
    cr_assert(has_note(&d, "column \"名称\" (column 3) is not read as the name: \"name\" "
                           "(column 4) is (--name-column chooses another)"));
    ce_table_free(t);
    ce_diag_fini(&d);
}

Test(headers, two_ids_of_one_tier_are_refused)
{
    ce_error err = {{0}, 0, {0}};
    read_opts("集群编号,集群代码,rev,emp,rd\nA1,X1,1,2,3\n", NULL, NULL, CE_ERR_DATA, &err);
    cr_assert_eq(err.line, 1);
    cr_assert_str_eq(err.msg, "columns \"集群编号\" (column 1) and \"集群代码\" (column 2) could "
                              "both be the id; name one with --id-column");
}

Test(headers, id_and_name_columns_by_option)
{
    ce_diag d;
    ce_diag_init(&d);
    ce_error err = {{0}, 0, {0}};
    ce_table_options o = {.encoding = CE_ENC_AUTO, .id_column = "统一社会信用代码",
                          .name_column = "企业名称"};
    ce_table *t = read_opts("序号,统一社会信用代码,企业名称,rev,emp,rd\n"
                            "1,91370100MA3C,甲公司,1,2,3\n",
                            &o, &d, CE_OK, &err);
    expect_row(t, 0, "91370100MA3C", "甲公司", 1, 2, 3);
    dump(&d);
    cr_assert(has_note(&d, "1 column not in the profile, ignored: 序号"));
    ce_table_free(t);
    ce_diag_fini(&d);
    o.id_column = "统一编码";
    read_opts("序号,rev,emp,rd\n1,1,2,3\n", &o, NULL, CE_ERR_DATA, &err);
    cr_assert_eq(err.line, 1);
    cr_assert_str_eq(err.msg, "no \"统一编码\" column (named by --id-column)");
}

Test(headers, ambiguous_headers_name_both)
{
    ce_profile_free(prof);
    /* b's alias is a's name; c's alias is an id spelling */
    prof = ce_test_load_profile(prof_path, sizeof prof_path, ce_test_dir, "p2.csv",
                                "code,name,parent,weight,direction,unit,aliases\n"
                                "d,,,1,,,\n"
                                "a,产值,d,1,+,亿元,\n"
                                "b,销售额,d,1,+,,产值\n"
                                "c,编码,d,1,+,,编号\n",
                                CE_ENC_AUTO);
    ce_error err = {{0}, 0, {0}};
    read_opts("id,产值,b,c\nx,1,2,3\n", NULL, NULL, CE_ERR_DATA, &err);
    cr_assert_eq(err.line, 1);
    cr_assert_str_eq(err.msg, "column \"产值\" could be \"a\" or \"b\"");
    read_opts("编号,a,b,c\nx,1,2,3\n", NULL, NULL, CE_ERR_DATA, &err);
    cr_assert_str_eq(err.msg, "column \"编号\" could be \"编号\" or \"c\"");
    /* the code itself and the unit form of the name are one column */
    read_opts("id,a,产值（亿元）,b,c\nx,1,1,2,3\n", NULL, NULL, CE_ERR_DATA, &err);
    cr_assert(strstr(err.msg, "column \"a\" appears twice (columns 2 and 3"), "%s", err.msg);
}

Test(headers, title_rows_and_a_merged_dimension_row_are_skipped_and_reported)
{
    ce_diag d;
    ce_diag_init(&d);
    ce_error err = {{0}, 0, {0}};
    ce_table *t = read_opts("2023年特色产业集群数据,,,,,\n"
                            "填报单位：某市工信局,,,,,\n"
                            ",,,综合实力,,\n"
                            "序号,集群编号,集群名称,营业收入（亿元）,从业人员（人）,研发投入占比（%）\n"
                            "1,A01,阀门集群,12.5,3400,2.1\n"
                            "2,A02,轴承集群,8,2100,3.4\n",
                            NULL, &d, CE_OK, &err);
    cr_assert_eq(ce_table_rows(t), 2);
    expect_row(t, 0, "A01", "阀门集群", 12.5, 3400, 2.1);
    cr_assert_eq(ce_table_line(t, 0), 5);
    cr_assert_eq(ce_table_line(t, 1), 6);
    dump(&d);
    cr_assert_eq(d.count, 4);
    cr_assert(has_note(&d, "title row 1 skipped: \"2023年特色产业集群数据\""));
    cr_assert(has_note(&d, "title row 2 skipped: \"填报单位：某市工信局\""));
    cr_assert(has_note(&d, "title row 3 skipped: \"综合实力\""));
    ce_table_free(t);
    ce_diag_fini(&d);
}

Test(headers, header_row_by_option)
{
    ce_diag d;
    ce_diag_init(&d);
    ce_error err = {{0}, 0, {0}};
    ce_table_options o = {.encoding = CE_ENC_AUTO, .header_row = 3};
    /* row 2 would match (id and an indicator) but the option says 3 */
    ce_table *t = read_opts("说明,,,\nid,rev,x,y\n集群编号,rev,emp,rd\nA1,1,2,3\n", &o, &d,
                            CE_OK, &err);
    expect_row(t, 0, "A1", "", 1, 2, 3);
    cr_assert(has_note(&d, "title row 1 skipped: \"说明\""));
    cr_assert(has_note(&d, "title row 2 skipped: \"id | rev | x | y\""));
    ce_table_free(t);
    ce_diag_fini(&d);
    o.header_row = 9;
    read_opts("id,rev,emp,rd\nA1,1,2,3\n", &o, NULL, CE_ERR_DATA, &err);
    cr_assert_eq(err.line, 9);
    cr_assert_str_eq(err.msg, "no row starts on line 9 (named by --header-row)");
    o.header_row = 2; /* line 2 is inside the quoted cell of line 1 */
    read_opts("\"说\n明\",,,\nid,rev,emp,rd\nB,1,2,3\n", &o, NULL, CE_ERR_DATA, &err);
    cr_assert_eq(err.line, 3);
    cr_assert(strstr(err.msg, "no row starts on line 2 (named by --header-row)"), "%s", err.msg);
}

Test(headers, no_header_names_the_best_candidate)
{
    ce_error err = {{0}, 0, {0}};
    /* the header lacks the id: line 2 has 3 of the 3 indicators */
    read_opts("2023年数据,,\n营业收入,emp,rd\n1,2,3\n", NULL, NULL, CE_ERR_DATA, &err);
    cr_assert_eq(err.line, 2);
    cr_assert_str_eq(err.msg,
                     "no header row (one with an id column and at least one indicator) in the "
                     "first 10 rows; the best candidate, line 2, has 3 of the 3 indicators but "
                     "no id column (id, 集群编号, 集群代码, 编号, 代码 or 序号, or --id-column "
                     "NAME); or name the header's line with --header-row");
    /* an id but no indicator: the example is the first indicator */
    read_opts("标题,,\n集群编号,x,y\n1,2,3\n", NULL, NULL, CE_ERR_DATA, &err);
    cr_assert_eq(err.line, 2);
    cr_assert(strstr(err.msg, "the best candidate, line 2, has an id column but none of the 3 "
                              "indicators (a column is named by the profile's code, name or "
                              "aliases, e.g. \"rev\" or \"营业收入（亿元）\")"),
              "%s", err.msg);
    /* searched no further than 10 rows: the 11th is not looked at */
    char text[512] = "";
    for (int i = 0; i < 10; i++)
        strcat(text, "t,,\n");
    strcat(text, "id,rev,emp\n");
    read_opts(text, NULL, NULL, CE_ERR_DATA, &err);
    cr_assert_eq(err.line, 1, "%s", err.msg);
    cr_assert_str_eq(err.msg, "no \"id\" column (the header needs id and one column per "
                              "indicator)");
}

Test(headers, no_data_rows_after_a_header_below_titles)
{
    ce_error err = {{0}, 0, {0}};
    read_opts("标题,,,\nid,rev,emp,rd\n", NULL, NULL, CE_ERR_DATA, &err);
    cr_assert_eq(err.line, 3);
    cr_assert_str_eq(err.msg, "no data rows after the header");
}

Test(headers, profile_aliases_written_back)
{
    char path[256];
    ce_test_path(path, sizeof path, ce_test_dir, "out.csv");
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    ce_error err = {{0}, 0, {0}};
    cr_assert_eq(ce_profile_write(prof, f, &err), CE_OK);
    fclose(f);
    char buf[1024] = "";
    f = fopen(path, "r");
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    cr_assert_str_eq(buf, "code,name,parent,weight,direction,unit,aliases\n"
                          "dim,综合实力,,1,,,\n"
                          "rev,营业收入,dim,1,+,亿元,\n"
                          "emp,从业人员,dim,1,+,人,用工人数;职工人数\n"
                          "rd,研发投入占比,dim,1,+,%,研发强度；R&D强度\n");
}

/* A veto column headed in Chinese must be read: left unread, a vetoed
 * cluster would be paid. */
Test(headers, eligible_and_veto_by_their_chinese_headers)
{
    ce_diag d;
    ce_diag_init(&d);
    ce_error err = {{0}, 0, {0}};
    ce_table *t = read_opts("集群编号,集群名称,是否符合条件,一票否决,rev,emp,rd\n"
                            "A07,阀门集群,是,否,1,2,3\n"
                            "A03,轴承集群,否,是,4,5,6\n"
                            "A05,链条集群,符合,√,7,8,9\n",
                            NULL, &d, CE_OK, &err);
    dump(&d);
    cr_assert_eq(d.count, 0, "no column is ignored");
    cr_assert_eq(ce_table_eligible(t, 0), 1);
    cr_assert_eq(ce_table_veto(t, 0), 0);
    cr_assert_eq(ce_table_eligible(t, 1), 0);
    cr_assert_eq(ce_table_veto(t, 1), 1);
    cr_assert_eq(ce_table_eligible(t, 2), 1);
    cr_assert_eq(ce_table_veto(t, 2), 1);
    ce_table_free(t);
    ce_diag_fini(&d);
}
