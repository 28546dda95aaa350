/* gen_vouchers.c - deterministic generator of innovation service voucher
 * (创新服务券) applications for `clustereval voucher issue`.
 *
 *   gen_vouchers N SEED OUT.csv [--sample]
 *
 * ALL DATA IS SYNTHETIC. Enterprise names, credit codes, people counts,
 * revenues, titles and applications are made up by a PRNG; any likeness to a
 * real enterprise is a coincidence. Credit codes are well-formed (GB 32100
 * check character, GB/T 2260 region codes, GB 11714-style body with its own
 * check character) but were never issued to anyone.
 *
 * Output: UTF-8 CSV, no BOM, LF line ends, header
 *   app_id,applied_at,credit_code,name,legal_person,established,
 *   green_threshold,industry,employees,revenue,assets,titles,dcmm,service,
 *   requested
 * app_id numbers the rows in file order (A2023-0000001, ...); applied_at is
 * an ISO date-time in March-May 2023, mostly on working days in office
 * hours; the rows are NOT in applied_at order and some applied_at are equal.
 * industry is a Chinese name (工业, 批发业, ...) or an id (industry,
 * wholesale, ...) of weights/sme-standard-2011.csv; employees in persons,
 * revenue and assets in 万元, requested in CNY. Numbers are sometimes
 * written with thousands separators ("45,000", then quoted) or full-width
 * digits ("３５０００", "４５，０００"). Enterprises established from 2016
 * have "MA..." organisation bodies, 个体工商户 the prefix 92 instead of 91.
 * Output depends only on N, SEED and --sample (own splitmix64 PRNG, no
 * rand()); it is written through one buffered FILE* (OUT.csv "-" = stdout).
 *
 * Without --sample: N rows of a realistic mix for benchmarks, about 69 %
 * granted (about 5 % of all rows asking above their cap and reduced to it),
 * the rest rejected for one reason each: not_small_or_micro ~5 %,
 * outside_province ~5 %, operating_under_1_year ~3.5 %, not_legal_person
 * ~3 %, service_not_covered ~3 %, duplicate_in_cycle ~3 % (a later
 * application of an enterprise whose earlier one is eligible),
 * green_threshold_failed ~2.5 %, invalid_credit_code ~1.5 %,
 * missing:<column> ~2 %, invalid:<column> ~2.5 %; pool_exhausted depends on
 * --pool. 1,000,000 rows: about 166 MB.
 *
 * With --sample (N ignored): samples/vouchers-2023.csv is
 *   gen_vouchers 0 2023 samples/vouchers-2023.csv --sample
 * 240 rows: 105 deliberate rows, each named after what it tests
 * (…测试有限公司, …（个体户测试）), and 135 of the realistic mix (applied
 * 2023-03-01 to 05-30, a few of them rejected too). Every rule is hit at
 * least three times by the deliberate rows:
 *   invalid_credit_code   wrong check character (烟台校验位错误…), two
 *                         neighbouring characters exchanged, letter O, letter
 *                         I, 17 characters, 19 characters, a letter in the
 *                         region code
 *   (valid, eligible)     a lower-case code (日照小写代码…), a full-width code
 *   outside_province      Beijing 110105 and 110108 (one named 济南…), Nanjing
 *                         320102, Shenzhen 440305, Hangzhou 330106
 *   not_legal_person      three 个体工商户 (legal_person 否)
 *   operating_under_1_year  established one day short of a year before the
 *                         applied date (twice), half a year before, the same
 *                         day; the "exactly one year" rows beside them
 *                         (2022-04-10 for 2023-04-10, 2022-03-01 for
 *                         2023-03-01) are eligible
 *   green_threshold_failed  three rows with green_threshold 0
 *   not_small_or_micro    工业 medium and large, 工业 at exactly 300 persons and
 *                         2000 万元 (medium), 批发业 medium, and medium ones NOT
 *                         exempted by 瞪羚:市级, by 专精特新 without a level, by
 *                         专精特新:县级; eligible beside them: 工业 299 persons
 *                         (small), medium/large exempted by 专精特新:省级,
 *                         小巨人 (no level = 国家级), dcmm 3, dcmm in_progress,
 *                         瞪羚:省级, 单项冠军:国家级, 专精特新:市级;小巨人:国家级
 *   service_not_covered   咨询培训, 法律服务 (twice), 人才招聘, 财务代账
 *   caps                  granted in full: 专精特新:国家级 90000 for 转型咨询 (dt
 *                         cap), exactly "50,000", 专精特新:省级 exactly 100000;
 *                         over_cap, reduced: 专精特新:省级 120000 诊断评估
 *                         (-> 100000), untitled 80000 上云用数 (-> 50000),
 *                         小巨人 150000 上云用数 (-> 100000), 专精特新 without
 *                         level 90000 转型咨询 (-> 50000), 专精特新:国家级 70000
 *                         for the non-dt 数字化赋能 (-> 50000), 瞪羚:国家级 90000
 *                         转型咨询 (-> 50000), 专精特新:市级 60000 上云用数
 *                         (-> 50000), untitled "80,000" (-> 50000); with
 *                         --strict-cap these eight are rejected instead
 *   duplicate_in_cycle    three enterprises applying twice, one three times
 *                         (the later eligible ones are duplicates), and one
 *                         whose first application is not eligible (法律服务),
 *                         so that its second one is granted
 *   pool_exhausted        four 滨州资金池用尽… rows applied last (2023-05-31
 *                         16:00-16:30, asking 20000-50000). With
 *                         `--pool 4413500`, the sum granted to every earlier
 *                         eligible row (over_cap ones at their cap, the
 *                         slash-date row included), the pool is exactly empty
 *                         when they come. The figure is printed on stderr.
 *   missing:employees     empty or NA for untitled 工业/软件/零售 enterprises;
 *                         eligible beside them: empty for a 专精特新:省级 one
 *                         and for a 建筑业 one (sized by revenue and assets)
 *   missing:established, missing:requested ("", "", "N/A")   three each
 *   invalid:established   2020-13-45, 2021-02-30, 去年三月
 *   invalid:employees     many, 约80人, 一百二十
 *   invalid:requested     0, -20000, 三万元
 *   invalid:applied_at    2023-02-30T10:00:00, 2023-04-31T09:00:00, 下周一
 *   (also eligible)       applied_at "2023/3/5 09:30" (slash date, expected
 *                         to be accepted), requested "45,000", "３５０００" and
 *                         "４５，０００", and three groups applied in the same
 *                         second (2023-03-15T09:00:00 x2, 2023-04-03T08:30:00
 *                         x3, 2023-05-08T10:00:00 x2)
 * stderr counts the rows per intended outcome (for --sample: all,
 * deliberate, realistic mix).
 *
 * Build (src/programmes/creditcode.c supplies the GB 32100 check character):
 *   cc -std=c11 -O2 -Wall -Wextra -Werror -Iinclude \
 *      -o build-release/bench/gen_vouchers scripts/bench/gen_vouchers.c src/programmes/creditcode.c
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clustereval/creditcode.h"

/* ------------------------------------------------------------------ PRNG */

static uint64_t rng_state;

static uint64_t next64(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* uniform in [0, n) */
static unsigned below(unsigned n) { return (unsigned)(((next64() >> 32) * (uint64_t)n) >> 32); }
/* uniform in [lo, hi] */
static long between(long lo, long hi) { return lo + (long)below((unsigned)(hi - lo + 1)); }
static double urand(void) { return (double)(next64() >> 11) * 0x1.0p-53; }
static int chance(double p) { return urand() < p; }

static unsigned pick_weighted(const unsigned *w, unsigned n)
{
    unsigned total = 0;
    for (unsigned i = 0; i < n; i++)
        total += w[i];
    unsigned x = below(total);
    for (unsigned i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(a) ((a)[below((unsigned)COUNT(a))])

/* ------------------------------------------------------------------ text */

/* dst (n bytes) = the strings up to NULL, concatenated, truncated to fit */
static void cat(char *dst, size_t n, ...)
{
    va_list ap;
    va_start(ap, n);
    size_t o = 0;
    for (const char *s; (s = va_arg(ap, const char *)) != NULL;)
        for (; *s && o + 1 < n; s++)
            dst[o++] = *s;
    va_end(ap);
    dst[o] = '\0';
}
#define CAT(dst, ...) cat((dst), sizeof(dst), __VA_ARGS__, (const char *)NULL)

/* v in decimal, zero-padded to width digits, at p (room for 21 bytes);
 * returns the end, where it puts a NUL */
static char *put_dec(char *p, unsigned long long v, int width)
{
    char tmp[24];
    int k = 0;
    do {
        tmp[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (k < width)
        tmp[k++] = '0';
    while (k)
        *p++ = tmp[--k];
    *p = '\0';
    return p;
}

/* ----------------------------------------------------------------- dates */

/* days since 1970-01-01 (proleptic Gregorian) */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned dd = doy - (153 * mp + 2) / 5 + 1;
    unsigned mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

/* "YYYY-MM-DD" at buf (11 bytes); returns the end */
static char *fmt_date(char *buf, long day)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    char *p = put_dec(buf, (unsigned)y, 4);
    *p++ = '-';
    p = put_dec(p, (unsigned)m, 2);
    *p++ = '-';
    return put_dec(p, (unsigned)d, 2);
}

/* "YYYY-MM-DDTHH:MM:SS" at buf (20 bytes); t: seconds since 1970-01-01T00:00:00 */
static void fmt_datetime(char *buf, long long t)
{
    int s = (int)(t % 86400);
    char *p = fmt_date(buf, (long)(t / 86400));
    *p++ = 'T';
    p = put_dec(p, (unsigned)(s / 3600), 2);
    *p++ = ':';
    p = put_dec(p, (unsigned)(s / 60 % 60), 2);
    *p++ = ':';
    put_dec(p, (unsigned)(s % 60), 2);
}

static long long at(int y, int mo, int d, int h, int mi, int s)
{
    return (long long)days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + s;
}

/* ------------------------------------------------------------ reference */

typedef struct {
    const char *code, *city;
} region_t;

/* Shandong districts (GB/T 2260); 370102 listed twice: more applicants */
static const region_t SD_REGIONS[] = {
    {"370102", "济南"}, {"370112", "济南"}, {"370103", "济南"}, {"370102", "济南"},
    {"370202", "青岛"}, {"370203", "青岛"}, {"370212", "青岛"}, {"370211", "青岛"},
    {"370303", "淄博"}, {"370402", "枣庄"}, {"370502", "东营"}, {"370602", "烟台"},
    {"370613", "烟台"}, {"370702", "潍坊"}, {"370705", "潍坊"}, {"370811", "济宁"},
    {"370902", "泰安"}, {"371002", "威海"}, {"371102", "日照"}, {"371302", "临沂"},
    {"371402", "德州"}, {"371502", "聊城"}, {"371602", "滨州"}, {"371702", "菏泽"},
};
static const region_t OTHER_REGIONS[] = {
    {"110105", "北京"}, {"110108", "北京"}, {"120116", "天津"}, {"130102", "石家庄"},
    {"310115", "上海"}, {"320102", "南京"}, {"320505", "苏州"}, {"330106", "杭州"},
    {"410105", "郑州"}, {"440305", "深圳"},
};

enum { M_PERSONS, M_REVENUE, M_ASSETS, N_MEASURES };

typedef struct {
    const char *id, *name;
    int uses[N_MEASURES];
    double medium[N_MEASURES], large[N_MEASURES]; /* lower bounds, weights/sme-standard-2011.csv */
    unsigned weight;
    const char *words[6];
} industry_t;

enum { IND_INDUSTRY, IND_SOFTWARE, IND_WHOLESALE, IND_RETAIL, IND_LEASING, IND_CONSTRUCTION,
       IND_TRANSPORT, IND_TELECOM, N_IND };

static const industry_t IND[N_IND] = {
    {"industry", "工业", {1, 1, 0}, {300, 2000, 0}, {1000, 40000, 0}, 40,
     {"精密机械", "智能装备", "新材料", "机电设备", "汽车零部件", "环保设备"}},
    {"software", "软件和信息技术服务业", {1, 1, 0}, {100, 1000, 0}, {300, 10000, 0}, 18,
     {"软件", "信息技术", "网络科技", "数据科技", "智能科技", "数字科技"}},
    {"wholesale", "批发业", {1, 1, 0}, {20, 5000, 0}, {200, 40000, 0}, 10,
     {"商贸", "贸易", "供应链管理", "医药", "农产品", "机电物资"}},
    {"retail", "零售业", {1, 1, 0}, {50, 500, 0}, {300, 20000, 0}, 8,
     {"超市", "商贸", "百货", "连锁", "电子商务", "零售"}},
    {"leasing_business", "租赁和商务服务业", {1, 0, 1}, {100, 0, 8000}, {300, 0, 120000}, 8,
     {"企业管理咨询", "设备租赁", "商务服务", "会展服务", "人力资源", "广告"}},
    {"construction", "建筑业", {0, 1, 1}, {0, 6000, 5000}, {0, 80000, 80000}, 6,
     {"建设工程", "建筑安装", "装饰工程", "市政工程", "钢结构", "建设"}},
    {"transport", "交通运输业", {1, 1, 0}, {300, 3000, 0}, {1000, 30000, 0}, 6,
     {"物流", "运输", "货运", "冷链物流", "港口物流", "运输服务"}},
    {"telecom", "信息传输业", {1, 1, 0}, {100, 1000, 0}, {2000, 100000, 0}, 4,
     {"通信技术", "网络", "信息传输", "通信工程", "物联网", "通信服务"}},
};

static const char *const BRANDS[] = {
    "华瑞", "鲁信", "恒通", "海纳", "泰和", "金诺", "宏图", "天衡", "瑞丰", "博远", "中拓", "齐润",
    "蓝海", "正阳", "佳禾", "鼎盛", "汇智", "星辰", "盛泰", "远航", "同创", "安泰", "众联", "凯达",
    "德润", "华泽", "明锐", "新源", "睿思", "合力", "晟达", "信诚", "立方", "锦程", "宇航", "华晟",
    "东岳", "泉城", "琴岛", "黄河", "沂蒙", "岱宗", "振华", "永信", "海川", "长青", "卓越", "凌云",
};
static const char *const SURNAMES[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙"};
static const char *const SHOPS[] = {"五金店", "便利店", "家电维修部", "日用品经营部", "小吃店",
                                    "摄影工作室", "建材经营部", "水果店"};

static const char *const SERVICES[] = {"数字化赋能", "绿色低碳", "上云用云", "市场开拓",
                                       "首台（套）技术装备及关键核心零部件", "转型咨询", "诊断评估",
                                       "上云用数"};
static const unsigned SERVICE_W[] = {25, 10, 15, 10, 6, 12, 12, 10};
static const char *const DT_SERVICES[] = {"转型咨询", "诊断评估", "上云用数"};
static const char *const UNCOVERED[] = {"咨询培训", "法律服务", "人才招聘", "财务代账", "展会门票"};

static const char *const TITLES[] = {"专精特新", "小巨人", "瞪羚", "独角兽", "单项冠军"};

#define GENERAL_CAP 50000L
#define DT_CAP 100000L

/* ------------------------------------------------------------- outcomes */

enum {
    L_ELIGIBLE, L_OVER_CAP, L_INVALID_CODE, L_OUTSIDE, L_NOT_LEGAL, L_UNDER_1Y, L_GREEN,
    L_NOT_SMALL, L_SERVICE, L_DUP, L_POOL, L_MISS_EMPLOYEES, L_MISS_ESTABLISHED,
    L_MISS_REQUESTED, L_INV_APPLIED_AT, L_INV_ESTABLISHED, L_INV_EMPLOYEES, L_INV_REQUESTED,
    N_LABELS
};
static const char *const LABEL[N_LABELS] = {
    "eligible", "over_cap (reduced to the cap)", "invalid_credit_code", "outside_province",
    "not_legal_person", "operating_under_1_year", "green_threshold_failed",
    "not_small_or_micro", "service_not_covered", "duplicate_in_cycle", "pool_exhausted",
    "missing:employees", "missing:established", "missing:requested", "invalid:applied_at",
    "invalid:established", "invalid:employees", "invalid:requested",
};

/* ------------------------------------------------------------------ rows */

typedef struct {
    char applied_at[32], code[64], name[192], legal[8], established[32], green[4],
        industry[48], employees[32], revenue[32], assets[32], titles[128], dcmm[16],
        service[64], requested[48];
    long long t;        /* applied_at as seconds, for ordering */
    long est_day;       /* established, days since 1970 */
    const char *region; /* 6 digits */
    const char *prefix; /* "91" enterprise, "92" 个体工商户 */
    uint64_t serial;    /* makes the organisation body code unique */
    long req;           /* requested amount as meant */
    long grant;         /* granted when label is eligible/over_cap */
    int ind, label, deliberate, lower;
} row;

static uint64_t serial_next; /* organisation body codes: one per enterprise */
static uint64_t body_key;    /* from SEED */
static long day_2016;        /* 2016-01-01 */

/* GB 11714-style organisation body: 8 characters + check (weights 3,7,9,10,5,8,4,2;
 * C9 = 11 - sum mod 11, 10 -> X, 11 -> 0). Enterprises established from 2016 get
 * the "MA" bodies the registration reform introduced, older ones 8 digits.
 * Unique per serial: an affine bijection modulo the space size. */
static void make_body(char out[10], uint64_t serial, int modern)
{
    static const char alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    char b[9];
    if (modern) {
        const uint64_t space = UINT64_C(887503681); /* 31^6 */
        uint64_t v = (serial * UINT64_C(2654435761) + body_key) % space;
        b[0] = 'M';
        b[1] = 'A';
        for (int i = 7; i >= 2; i--) {
            b[i] = alpha[v % 31];
            v /= 31;
        }
    } else {
        const uint64_t space = UINT64_C(100000000);
        uint64_t v = (serial * UINT64_C(2654435761) + body_key) % space;
        for (int i = 7; i >= 0; i--) {
            b[i] = (char)('0' + v % 10);
            v /= 10;
        }
    }
    int sum = 0;
    for (int i = 0; i < 8; i++) {
        int val = b[i] <= '9' ? b[i] - '0' : b[i] - 'A' + 10;
        sum += val * w[i];
    }
    int c = 11 - sum % 11;
    memcpy(out, b, 8);
    out[8] = c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
    out[9] = '\0';
}

static void build_code(row *r)
{
    char body[10];
    make_body(body, r->serial, r->est_day >= day_2016);
    CAT(r->code, r->prefix, r->region, body);
    char check;
    if (ce_credit_code_check_char(r->code, &check) != 0) {
        fprintf(stderr, "gen_vouchers: internal error: code %s\n", r->code);
        exit(3);
    }
    r->code[17] = check;
    r->code[18] = '\0';
}

static const char *city_of(const char *region)
{
    for (size_t i = 0; i < COUNT(SD_REGIONS); i++)
        if (strcmp(SD_REGIONS[i].code, region) == 0)
            return SD_REGIONS[i].city;
    for (size_t i = 0; i < COUNT(OTHER_REGIONS); i++)
        if (strcmp(OTHER_REGIONS[i].code, region) == 0)
            return OTHER_REGIONS[i].city;
    return "山东";
}

static void make_name(row *r)
{
    const char *city = city_of(r->region);
    if (r->region[0] == '3' && r->region[1] == '7' && chance(0.2))
        city = "山东";
    const char *word = IND[r->ind].words[below(6)];
    unsigned s = below(20);
    const char *suffix = s < 17 ? "有限公司" : s < 19 ? "股份有限公司" : "有限责任公司";
    CAT(r->name, city, PICK(BRANDS), word, suffix);
}

static void set_established(row *r, long day)
{
    r->est_day = day;
    fmt_date(r->established, day);
    build_code(r);
}

static void set_region(row *r, const char *region)
{
    r->region = region;
    build_code(r);
}

static void set_time(row *r, long long t)
{
    r->t = t;
    fmt_datetime(r->applied_at, t);
}

static void set_industry(row *r, int ind, int chinese)
{
    r->ind = ind;
    CAT(r->industry, chinese ? IND[ind].name : IND[ind].id);
}

/* "12,345" (v >= 0; n >= 28) */
static void fmt_thousands(char *buf, long long v)
{
    char digits[24];
    int len = (int)(put_dec(digits, (unsigned long long)v, 1) - digits);
    size_t o = 0;
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

/* ASCII digits and commas to their full-width forms (U+FF10.., U+FF0C) */
static void to_fullwidth(char *buf, size_t n, const char *ascii)
{
    size_t o = 0;
    for (const char *p = ascii; *p && o + 4 < n; p++) {
        if (*p >= '0' && *p <= '9') {
            buf[o++] = (char)0xEF;
            buf[o++] = (char)0xBC;
            buf[o++] = (char)(0x90 + (*p - '0'));
        } else if (*p == ',') {
            buf[o++] = (char)0xEF;
            buf[o++] = (char)0xBC;
            buf[o++] = (char)0x8C;
        } else {
            buf[o++] = *p;
        }
    }
    buf[o] = '\0';
}

static long long floor_ll(double x) { return (long long)x; } /* x >= 0 */
static long long ceil_ll(double x)
{
    long long k = (long long)x;
    return (double)k < x ? k + 1 : k;
}

/* A measure: persons whole, revenue/assets in tenths of 万元. up: round up
 * (the value must stay at or above a bound) or down (stay below one). */
static void put_measure(row *r, int m, double v, int up)
{
    char *dst = m == M_PERSONS ? r->employees : m == M_REVENUE ? r->revenue : r->assets;
    if (m == M_PERSONS) {
        long long p = up ? ceil_ll(v) : floor_ll(v);
        if (p < 1)
            p = 1;
        if (p >= 1000 && chance(0.05))
            fmt_thousands(dst, p);
        else
            put_dec(dst, (unsigned long long)p, 1);
        return;
    }
    long long tenths = up ? ceil_ll(v * 10.0) : floor_ll(v * 10.0);
    if (tenths < 10)
        tenths = 10;
    char *e;
    if (tenths >= 10000 && chance(0.05)) {
        fmt_thousands(dst, tenths / 10);
        e = dst + strlen(dst);
    } else {
        e = put_dec(dst, (unsigned long long)(tenths / 10), 1);
    }
    e[0] = '.';
    e[1] = (char)('0' + tenths % 10);
    e[2] = '\0';
}

enum { T_SMALL, T_MEDIUM, T_LARGE };

/* persons/revenue/assets so that the industry's size is small or micro
 * (T_SMALL: some measure below the medium bound), medium or large. */
static void gen_size(row *r, int tier)
{
    const industry_t *I = &IND[r->ind];
    double v[N_MEASURES] = {0, 0, 0};
    int up[N_MEASURES] = {0, 0, 0};
    int used[N_MEASURES], n_used = 0;
    for (int m = 0; m < N_MEASURES; m++) {
        if (!I->uses[m])
            continue;
        used[n_used++] = m;
        double u = urand();
        if (tier == T_SMALL) {
            v[m] = I->medium[m] * (0.02 + 0.93 * u * u);
        } else if (tier == T_MEDIUM) {
            v[m] = I->medium[m] + (I->large[m] - I->medium[m]) * 0.6 * u;
            up[m] = 1;
        } else {
            v[m] = I->large[m] * (1.0 + 1.5 * u);
            up[m] = 1;
        }
    }
    /* small with one measure above the medium bound: still small */
    if (tier == T_SMALL && n_used == 2 && chance(0.25)) {
        int m = used[below(2)];
        v[m] = I->medium[m] * (1.0 + 0.8 * urand());
        up[m] = 1;
    }
    double scale = tier == T_SMALL ? 1.0 : tier == T_MEDIUM ? 6.0 : 30.0;
    if (!I->uses[M_PERSONS])
        v[M_PERSONS] = (8 + below(250)) * scale;
    if (!I->uses[M_REVENUE])
        v[M_REVENUE] = v[M_ASSETS] * (0.3 + urand());
    if (!I->uses[M_ASSETS])
        v[M_ASSETS] = v[M_REVENUE] * (0.4 + 2.0 * urand());
    for (int m = 0; m < N_MEASURES; m++)
        put_measure(r, m, v[m], up[m]);
    /* a measure the industry does not use is sometimes left empty */
    if (!I->uses[M_ASSETS] && chance(0.12))
        r->assets[0] = '\0';
    if (!I->uses[M_REVENUE] && chance(0.12))
        r->revenue[0] = '\0';
}

static int in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

/* The policy's reading of titles: a title counts at 国家级/省级, 小巨人 without
 * a level counts as 国家级. exempt: frees from the size limit; dt: opens the
 * digital-transformation cap (专精特新/小巨人 at a counted level). */
static void title_flags(const char *titles, int *exempt, int *dt)
{
    *exempt = *dt = 0;
    const char *p = titles;
    while (*p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char item[96];
        if (len >= sizeof item)
            len = sizeof item - 1;
        memcpy(item, p, len);
        item[len] = '\0';
        char *colon = strchr(item, ':');
        const char *level = NULL;
        if (colon) {
            *colon = '\0';
            level = colon + 1;
        }
        int counted = level ? (strcmp(level, "国家级") == 0 || strcmp(level, "省级") == 0)
                            : strcmp(item, "小巨人") == 0;
        if (counted && in_list(item, TITLES, COUNT(TITLES))) {
            *exempt = 1;
            if (strcmp(item, "专精特新") == 0 || strcmp(item, "小巨人") == 0)
                *dt = 1;
        }
        p = end ? end + 1 : p + len;
    }
}

static int row_exempt(const row *r)
{
    int exempt, dt;
    title_flags(r->titles, &exempt, &dt);
    return exempt || strcmp(r->dcmm, "none") != 0;
}

static long cap_of(const row *r)
{
    int exempt, dt;
    title_flags(r->titles, &exempt, &dt);
    return dt && in_list(r->service, DT_SERVICES, COUNT(DT_SERVICES)) ? DT_CAP : GENERAL_CAP;
}

enum { S_PLAIN, S_THOUSANDS, S_FULLWIDTH, S_FULLWIDTH_THOUSANDS, S_DECIMALS, S_RANDOM };

/* Sets the requested amount (written in style) and, for a row that is
 * otherwise eligible, its outcome: over_cap when above its cap. */
static void set_request(row *r, long amount, int style)
{
    if (style == S_RANDOM) {
        unsigned s = below(100);
        style = s < 83 ? S_PLAIN : s < 93 ? S_THOUSANDS : s < 95 ? S_FULLWIDTH
              : s < 96 ? S_FULLWIDTH_THOUSANDS : S_DECIMALS;
    }
    char plain[32];
    r->req = amount;
    switch (style) {
    case S_THOUSANDS:
        fmt_thousands(r->requested, amount);
        break;
    case S_FULLWIDTH:
        put_dec(plain, (unsigned long)amount, 1);
        to_fullwidth(r->requested, sizeof r->requested, plain);
        break;
    case S_FULLWIDTH_THOUSANDS:
        fmt_thousands(plain, amount);
        to_fullwidth(r->requested, sizeof r->requested, plain);
        break;
    case S_DECIMALS:
        memcpy(put_dec(r->requested, (unsigned long)amount, 1), ".00", 4);
        break;
    default:
        put_dec(r->requested, (unsigned long)amount, 1);
        break;
    }
    if (r->label == L_ELIGIBLE || r->label == L_OVER_CAP) {
        long cap = cap_of(r);
        r->label = amount > cap ? L_OVER_CAP : L_ELIGIBLE;
        r->grant = amount > cap ? cap : amount;
    }
}

static void reject(row *r, int label)
{
    r->label = label;
    r->grant = 0;
}

static long base_amount(void)
{
    return chance(0.7) ? 10000 + 1000 * (long)below(41) : 10000 + 500 * (long)below(81);
}

static void gen_titles(row *r)
{
    static const unsigned title_w[] = {55, 10, 25, 2, 8};
    unsigned n = chance(0.85) ? 1 : 2;
    unsigned first = 99;
    r->titles[0] = '\0';
    for (unsigned k = 0; k < n; k++) {
        unsigned t = pick_weighted(title_w, COUNT(title_w));
        if (t == first)
            continue;
        first = t;
        const char *level = "";
        unsigned x = below(100);
        switch (t) {
        case 0: level = x < 45 ? ":省级" : x < 70 ? ":市级" : x < 78 ? ":国家级" : x < 90 ? "" : ":县级"; break;
        case 1: level = x < 60 ? "" : ":国家级"; break;
        case 2: level = x < 35 ? ":省级" : x < 85 ? ":市级" : ""; break;
        case 3: level = x < 50 ? "" : ":省级"; break;
        default: level = x < 60 ? ":国家级" : ":省级"; break;
        }
        char prev[sizeof r->titles];
        memcpy(prev, r->titles, sizeof prev);
        CAT(r->titles, prev, prev[0] ? ";" : "", TITLES[t], level);
    }
}

static long long rand_time(long day_lo, long day_hi)
{
    long day;
    for (;;) {
        day = between(day_lo, day_hi);
        int wd = (int)((day + 4) % 7); /* 0 = Sunday */
        if ((wd != 0 && wd != 6) || chance(0.12))
            break;
    }
    long sec = chance(0.9) ? between(8 * 3600 + 1800, 17 * 3600 + 1800) : between(7 * 3600, 23 * 3600);
    return (long long)day * 86400 + sec;
}

static long g_day_lo, g_day_hi; /* applied dates of the realistic mix */

/* An eligible application of a new small or micro Shandong enterprise (or a
 * bigger one with an exempting title or DCMM state). */
static void make_base(row *r)
{
    static unsigned ind_w[N_IND];
    if (!ind_w[0])
        for (int i = 0; i < N_IND; i++)
            ind_w[i] = IND[i].weight;

    memset(r, 0, offsetof(row, t)); /* the text; the rest is all set below */
    r->label = L_ELIGIBLE;
    r->grant = 0;
    r->deliberate = 0;
    r->lower = 0;
    r->prefix = "91";
    r->serial = serial_next++;
    r->region = SD_REGIONS[below(COUNT(SD_REGIONS))].code;
    set_time(r, rand_time(g_day_lo, g_day_hi));
    long lo = days_from_civil(1998, 1, 1), hi = days_from_civil(2022, 2, 20);
    double u = urand();
    set_established(r, hi - (long)((double)(hi - lo) * u * u));
    int ind = (int)pick_weighted(ind_w, N_IND); /* draws in sequence: argument order is unspecified */
    set_industry(r, ind, chance(0.65));
    make_name(r);
    strcpy(r->legal, "是");
    strcpy(r->green, "1");
    if (chance(0.14))
        gen_titles(r);
    unsigned d = below(100);
    CAT(r->dcmm, d < 93 ? "none" : d < 96 ? "in_progress" : d < 97 ? "1" : d < 98 ? "2" : d < 99 ? "3" : "4");
    int tier = T_SMALL;
    if (row_exempt(r)) {
        unsigned x = below(100);
        tier = x < 60 ? T_SMALL : x < 95 ? T_MEDIUM : T_LARGE;
    }
    gen_size(r, tier);
    CAT(r->service, SERVICES[pick_weighted(SERVICE_W, COUNT(SERVICE_W))]);
    long amount = base_amount();
    int exempt, dt;
    title_flags(r->titles, &exempt, &dt);
    if (dt && in_list(r->service, DT_SERVICES, COUNT(DT_SERVICES)) && chance(0.45))
        amount = 50000 + 1000 * (long)below(51);
    if (chance(0.07)) { /* asks above its cap */
        long cap = cap_of(r);
        amount = cap + 5000 + 1000 * (long)below((unsigned)((150000 - cap - 5000) / 1000 + 1));
    }
    set_request(r, amount, S_RANDOM);
}

/* --------------------------------------------------------- realistic mix */

enum { D_NONE, D_INVALID_CODE, D_OUTSIDE, D_NOT_LEGAL, D_UNDER_1Y, D_GREEN, D_NOT_SMALL,
       D_SERVICE, D_DUP, D_MISS_EMPLOYEES, D_MISS_ESTABLISHED, D_MISS_REQUESTED,
       D_INV_APPLIED_AT, D_INV_ESTABLISHED, D_INV_EMPLOYEES, D_INV_REQUESTED, N_DEFECTS };
/* per 10,000 rows */
static const unsigned DEFECT_W[N_DEFECTS] = {6900, 150, 500, 300, 350, 250, 500, 300, 300,
                                             80, 60, 60, 30, 80, 80, 60};

#define RING 1024
static row ring[RING]; /* recent eligible applications: duplicates copy them */
static size_t ring_n, ring_pos;
static long long g_dup_t_max;

/* a corrupted credit code: the kinds people really type */
static void corrupt_code(row *r, int kind)
{
    static const char alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    char *c = r->code;
    switch (kind) {
    case 0: { /* wrong check character */
        const char *p = strchr(alpha, c[17]);
        c[17] = alpha[((p ? p - alpha : 0) + 1 + below(30)) % 31];
        break;
    }
    case 1: /* 17 characters */
        c[17] = '\0';
        break;
    case 2: { /* letter O for digit 0 (or for whatever is at 12) */
        char *z = strchr(c + 8, '0');
        if (!z || z - c >= 17)
            z = c + 12;
        *z = 'O';
        break;
    }
    case 3: { /* two neighbouring different characters exchanged */
        for (int i = 9; i < 16; i++)
            if (c[i] != c[i + 1]) {
                char t = c[i];
                c[i] = c[i + 1];
                c[i + 1] = t;
                return;
            }
        c[17] = c[17] == '0' ? '1' : '0';
        break;
    }
    case 4: /* letter I for 1 */
        c[12] = 'I';
        break;
    case 5: /* 19 characters */
        c[18] = '0';
        c[19] = '\0';
        break;
    default: /* a letter in the region code, check character recomputed */
        c[4] = 'A';
        if (ce_credit_code_check_char(c, &c[17]) != 0)
            exit(3);
        break;
    }
}

static void make_individual(row *r)
{
    r->prefix = "92";
    build_code(r);
    strcpy(r->legal, "否");
    set_industry(r, IND_RETAIL, chance(0.7));
    const char *surname = PICK(SURNAMES);
    CAT(r->name, city_of(r->region), "市", surname, "记", PICK(SHOPS));
    r->titles[0] = '\0';
    strcpy(r->dcmm, "none");
    gen_size(r, T_SMALL);
}

/* no title, no DCMM, small or micro, an industry measured by persons */
static void plain_small(row *r)
{
    r->titles[0] = '\0';
    strcpy(r->dcmm, "none");
    if (!IND[r->ind].uses[M_PERSONS])
        set_industry(r, IND_INDUSTRY, chance(0.65));
    gen_size(r, T_SMALL);
}

static void make_realistic(row *r)
{
    int d = (int)pick_weighted(DEFECT_W, N_DEFECTS);
    if (d == D_DUP && ring_n == 0)
        d = D_NONE;
    if (d == D_DUP) {
        const row *orig = &ring[below((unsigned)ring_n)];
        *r = *orig;
        long long t = orig->t + between(3600, 20L * 86400);
        if (t > g_dup_t_max)
            t = orig->t + (g_dup_t_max - orig->t) / 2 + 1;
        set_time(r, t);
        r->label = L_ELIGIBLE;
        CAT(r->service, SERVICES[pick_weighted(SERVICE_W, COUNT(SERVICE_W))]);
        set_request(r, base_amount(), S_RANDOM);
        reject(r, L_DUP);
        return;
    }
    make_base(r);
    if (d != D_NONE && r->req > GENERAL_CAP) /* one reason per row */
        set_request(r, base_amount(), S_RANDOM);
    switch (d) {
    case D_NONE:
        if (r->code[8] == 'M' && chance(0.01)) { /* typed in lower case */
            for (char *p = r->code; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                    *p = (char)(*p - 'A' + 'a');
            r->lower = 1;
        }
        if (r->label == L_ELIGIBLE && !r->lower && r->t < g_dup_t_max) {
            ring[ring_pos] = *r;
            ring_pos = (ring_pos + 1) % RING;
            if (ring_n < RING)
                ring_n++;
        }
        break;
    case D_INVALID_CODE: {
        static const unsigned w[] = {50, 20, 15, 15};
        corrupt_code(r, (int)pick_weighted(w, COUNT(w)));
        reject(r, L_INVALID_CODE);
        break;
    }
    case D_OUTSIDE:
        set_region(r, OTHER_REGIONS[below(COUNT(OTHER_REGIONS))].code);
        make_name(r);
        reject(r, L_OUTSIDE);
        break;
    case D_NOT_LEGAL:
        make_individual(r);
        reject(r, L_NOT_LEGAL);
        break;
    case D_UNDER_1Y:
        set_established(r, (long)(r->t / 86400) - between(20, 355));
        reject(r, L_UNDER_1Y);
        break;
    case D_GREEN:
        strcpy(r->green, "0");
        reject(r, L_GREEN);
        break;
    case D_NOT_SMALL: {
        static const char *const nonexempt[] = {"", "", "", "", "瞪羚:市级", "专精特新",
                                                "专精特新:市级", "专精特新:县级"};
        CAT(r->titles, PICK(nonexempt));
        strcpy(r->dcmm, "none");
        gen_size(r, chance(0.8) ? T_MEDIUM : T_LARGE);
        reject(r, L_NOT_SMALL);
        break;
    }
    case D_SERVICE:
        CAT(r->service, PICK(UNCOVERED));
        reject(r, L_SERVICE);
        break;
    case D_MISS_EMPLOYEES:
        plain_small(r);
        strcpy(r->employees, chance(0.8) ? "" : "NA");
        reject(r, L_MISS_EMPLOYEES);
        break;
    case D_MISS_ESTABLISHED:
        r->established[0] = '\0';
        reject(r, L_MISS_ESTABLISHED);
        break;
    case D_MISS_REQUESTED:
        r->requested[0] = '\0';
        reject(r, L_MISS_REQUESTED);
        break;
    case D_INV_APPLIED_AT: {
        static const char *const bad[] = {"2023-02-30", "2023-04-31", "2023-06-31", "2023-13-01"};
        memcpy(r->applied_at, PICK(bad), 10); /* same time of day, impossible date */
        reject(r, L_INV_APPLIED_AT);
        break;
    }
    case D_INV_ESTABLISHED: {
        static const char *const bad[] = {"2019-13-05", "2020-02-30", "2018-00-12", "2021-11-31",
                                          "2017.5"};
        CAT(r->established, PICK(bad));
        reject(r, L_INV_ESTABLISHED);
        break;
    }
    case D_INV_EMPLOYEES: {
        static const char *const bad[] = {"many", "约80人", "一百二十", "50人", "若干"};
        plain_small(r);
        CAT(r->employees, PICK(bad));
        reject(r, L_INV_EMPLOYEES);
        break;
    }
    case D_INV_REQUESTED: {
        static const char *const bad[] = {"0", "-20000", "三万元", "30000元", "5万"};
        CAT(r->requested, PICK(bad));
        reject(r, L_INV_REQUESTED);
        break;
    }
    default:
        break;
    }
}

/* --------------------------------------------------------------- output */

/* s at p, quoted when it holds a comma, quote or line break; returns the end */
static char *put_field(char *p, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        size_t n = strlen(s);
        memcpy(p, s, n);
        return p + n;
    }
    *p++ = '"';
    for (; *s; s++) {
        if (*s == '"')
            *p++ = '"';
        *p++ = *s;
    }
    *p++ = '"';
    return p;
}

static const char HEADER[] = "app_id,applied_at,credit_code,name,legal_person,established,"
                             "green_threshold,industry,employees,revenue,assets,titles,dcmm,"
                             "service,requested\n";

/* one line; every field is bounded by its buffer, so 2 * sizeof(row) is room
 * enough even with every character a doubled quote */
static void write_row(FILE *fp, unsigned long id, const row *r)
{
    char line[2 * sizeof(row) + 64];
    char *p = line;
    memcpy(p, "A2023-", 6);
    p = put_dec(p + 6, id, 7);
    const char *f[] = {r->applied_at, r->code,     r->name,      r->legal,   r->established,
                       r->green,      r->industry, r->employees, r->revenue, r->assets,
                       r->titles,     r->dcmm,     r->service,   r->requested};
    for (size_t i = 0; i < COUNT(f); i++) {
        *p++ = ',';
        p = put_field(p, f[i]);
    }
    *p++ = '\n';
    fwrite(line, 1, (size_t)(p - line), fp);
}

/* --------------------------------------------------------------- sample */

#define SAMPLE_ROWS 240
static row sample[SAMPLE_ROWS + 16];
static size_t n_sample;

static row *new_slot(void)
{
    if (n_sample >= COUNT(sample)) {
        fputs("gen_vouchers: internal error: sample too big\n", stderr);
        exit(3);
    }
    return &sample[n_sample++];
}

/* a deliberate row: an eligible, untitled, small application in region
 * (NULL: a random Shandong one), named name, applied at t (0: at random) */
static row *add(const char *region, const char *name, long long t)
{
    row *r = new_slot();
    make_base(r);
    r->deliberate = 1;
    r->titles[0] = '\0';
    strcpy(r->dcmm, "none");
    if (r->ind == IND_CONSTRUCTION || r->ind == IND_LEASING)
        set_industry(r, IND_INDUSTRY, 1);
    gen_size(r, T_SMALL);
    if (region)
        set_region(r, region);
    CAT(r->name, name);
    if (t)
        set_time(r, t);
    set_request(r, base_amount(), S_PLAIN);
    return r;
}

/* another application of the enterprise of first */
static row *clone(const row *first)
{
    row *r = new_slot();
    *r = *first;
    return r;
}

static void set_numbers(row *r, int ind, int chinese, const char *emp, const char *rev, const char *ass)
{
    set_industry(r, ind, chinese);
    CAT(r->employees, emp);
    CAT(r->revenue, rev);
    CAT(r->assets, ass);
}

static void set_service(row *r, const char *service) { CAT(r->service, service); }
static void set_titles(row *r, const char *titles) { CAT(r->titles, titles); }

static void deliberate_rows(void)
{
    row *r;
    char name[128];

    /* invalid_credit_code; lower-case and full-width codes are valid */
    r = add("370602", "烟台校验位错误测试有限公司", 0);
    reject(r, L_INVALID_CODE), corrupt_code(r, 0);
    r = add("370202", "青岛代码相邻两位互换测试有限公司", 0);
    reject(r, L_INVALID_CODE), corrupt_code(r, 3);
    r = add("370702", "潍坊代码含字母O测试有限公司", 0);
    set_established(r, days_from_civil(2012, 6, 18));
    reject(r, L_INVALID_CODE), corrupt_code(r, 2);
    r = add("371302", "临沂代码含字母I测试有限公司", 0);
    reject(r, L_INVALID_CODE), corrupt_code(r, 4);
    r = add("370811", "济宁代码少一位测试有限公司", 0);
    reject(r, L_INVALID_CODE), corrupt_code(r, 1);
    r = add("371002", "威海代码多一位测试有限公司", 0);
    reject(r, L_INVALID_CODE), corrupt_code(r, 5);
    r = add("371702", "菏泽区划码含字母测试有限公司", 0);
    reject(r, L_INVALID_CODE), corrupt_code(r, 6);
    r = add("371102", "日照小写代码测试有限公司", 0);
    set_established(r, days_from_civil(2018, 9, 3));
    for (char *p = r->code; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    r->lower = 1;
    r = add("370502", "东营全角代码测试有限公司", 0);
    set_established(r, days_from_civil(2019, 4, 22));
    {
        char fw[64];
        size_t o = 0;
        for (const char *p = r->code; *p; p++) { /* U+FF10 + (c - '0') for 0-9 and A-Z */
            unsigned cp = 0xFF10u + (unsigned)(*p - '0');
            fw[o++] = (char)(0xE0 | (cp >> 12));
            fw[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            fw[o++] = (char)(0x80 | (cp & 0x3F));
        }
        fw[o] = '\0';
        CAT(r->code, fw);
    }

    /* outside_province */
    reject(add("110105", "北京外省注册测试有限公司", 0), L_OUTSIDE);
    reject(add("320102", "南京外省注册测试有限公司", 0), L_OUTSIDE);
    reject(add("440305", "深圳外省注册测试有限公司", 0), L_OUTSIDE);
    reject(add("330106", "杭州外省注册测试有限公司", 0), L_OUTSIDE);
    reject(add("110108", "济南分公司用北京代码测试有限公司", 0), L_OUTSIDE);

    /* not_legal_person: 个体工商户 */
    static const char *const indiv[] = {"济南市王记五金店（个体户测试）", "青岛市李记便利店（个体户测试）",
                                        "临沂市张记家电维修部（个体户测试）"};
    static const char *const indiv_region[] = {"370102", "370203", "371302"};
    for (int i = 0; i < 3; i++) {
        r = add(indiv_region[i], "", 0);
        make_individual(r);
        CAT(r->name, indiv[i]);
        set_request(r, 10000 + 2000 * i, S_PLAIN);
        reject(r, L_NOT_LEGAL);
    }

    /* one year of operation: exactly a year is enough, a day short is not */
    r = add("370303", "淄博成立恰满一年测试有限公司", at(2023, 4, 10, 10, 0, 0));
    set_established(r, days_from_civil(2022, 4, 10));
    r = add("370303", "淄博成立差一天满一年测试有限公司", at(2023, 4, 10, 10, 5, 0));
    set_established(r, days_from_civil(2022, 4, 11));
    reject(r, L_UNDER_1Y);
    r = add("370502", "东营成立恰满一年测试有限公司", at(2023, 3, 1, 9, 12, 0));
    set_established(r, days_from_civil(2022, 3, 1));
    r = add("370502", "东营成立差一天满一年测试有限公司", at(2023, 3, 1, 9, 40, 0));
    set_established(r, days_from_civil(2022, 3, 2));
    reject(r, L_UNDER_1Y);
    r = add("371402", "德州新设立半年测试有限公司", at(2023, 4, 20, 14, 10, 0));
    set_established(r, days_from_civil(2022, 10, 15));
    reject(r, L_UNDER_1Y);
    r = add("371502", "聊城申请当日成立测试有限公司", at(2023, 5, 5, 15, 0, 0));
    set_established(r, days_from_civil(2023, 5, 5));
    reject(r, L_UNDER_1Y);

    /* green_threshold_failed */
    static const char *const green[] = {"滨州绿色门槛未达标测试有限公司", "淄博高耗能未达标测试有限公司",
                                        "菏泽环保未达标测试有限公司"};
    static const char *const green_region[] = {"371602", "370303", "371702"};
    for (int i = 0; i < 3; i++) {
        r = add(green_region[i], green[i], 0);
        strcpy(r->green, "0");
        reject(r, L_GREEN);
    }

    /* size: not_small_or_micro unless exempted */
    r = add("370702", "潍坊中型企业未豁免测试有限公司", 0);
    set_numbers(r, IND_INDUSTRY, 1, "450", "9000", "12000"), reject(r, L_NOT_SMALL);
    r = add("370203", "青岛大型企业未豁免测试有限公司", 0);
    set_numbers(r, IND_INDUSTRY, 0, "1500", "52000", "80000"), reject(r, L_NOT_SMALL);
    r = add("370602", "烟台瞪羚市级不豁免测试有限公司", 0);
    set_numbers(r, IND_INDUSTRY, 1, "600", "15000", "18000"), set_titles(r, "瞪羚:市级");
    reject(r, L_NOT_SMALL);
    r = add("370102", "济南专精特新无级别不豁免测试有限公司", 0);
    set_numbers(r, IND_SOFTWARE, 1, "220", "3500", "2600"), set_titles(r, "专精特新");
    reject(r, L_NOT_SMALL);
    r = add("371302", "临沂专精特新县级不豁免测试有限公司", 0);
    set_numbers(r, IND_CONSTRUCTION, 1, "180", "9000", "7000"), set_titles(r, "专精特新:县级");
    reject(r, L_NOT_SMALL);
    r = add("370303", "淄博工业恰达中型下限测试有限公司", 0);
    set_numbers(r, IND_INDUSTRY, 1, "300", "2000", "2500"), reject(r, L_NOT_SMALL);
    r = add("370112", "济南批发中型企业测试有限公司", 0);
    set_numbers(r, IND_WHOLESALE, 0, "35", "8000", "3000"), reject(r, L_NOT_SMALL);
    r = add("370303", "淄博工业差一人未达中型测试有限公司", 0);
    set_numbers(r, IND_INDUSTRY, 1, "299", "2000", "2500");
    r = add("370705", "潍坊专精特新省级豁免测试有限公司", 0);
    set_numbers(r, IND_INDUSTRY, 1, "480", "12000", "15000"), set_titles(r, "专精特新:省级");
    r = add("370212", "青岛小巨人无级别豁免测试有限公司", 0);
    set_numbers(r, IND_INDUSTRY, 0, "1200", "45000", "60000"), set_titles(r, "小巨人");
    r = add("370613", "烟台DCMM三级豁免测试有限公司", 0);
    set_numbers(r, IND_SOFTWARE, 0, "250", "6000", "4000"), strcpy(r->dcmm, "3");
    r = add("370103", "济南DCMM贯标中豁免测试有限公司", 0);
    set_numbers(r, IND_INDUSTRY, 1, "520", "8000", "9500"), strcpy(r->dcmm, "in_progress");
    r = add("371002", "威海瞪羚省级豁免测试有限公司", 0);
    set_numbers(r, IND_TELECOM, 1, "150", "2500", "3000"), set_titles(r, "瞪羚:省级");
    r = add("371102", "日照单项冠军国家级豁免测试有限公司", 0);
    set_numbers(r, IND_INDUSTRY, 1, "2200", "90,000", "120000"), set_titles(r, "单项冠军:国家级");
    r = add("370811", "济宁专精特新市级兼小巨人豁免测试有限公司", 0);
    set_numbers(r, IND_INDUSTRY, 1, "380", "6500", "7000"), set_titles(r, "专精特新:市级;小巨人:国家级");

    /* service_not_covered */
    static const char *const svc_name[] = {"德州咨询培训不在支持范围测试有限公司",
                                           "聊城法律服务不在支持范围测试有限公司",
                                           "泰安人才招聘不在支持范围测试有限公司",
                                           "枣庄财务代账不在支持范围测试有限公司"};
    static const char *const svc[] = {"咨询培训", "法律服务", "人才招聘", "财务代账"};
    static const char *const svc_region[] = {"371402", "371502", "370902", "370402"};
    for (int i = 0; i < 4; i++) {
        r = add(svc_region[i], svc_name[i], 0);
        set_service(r, svc[i]);
        reject(r, L_SERVICE);
    }

    /* caps: titles and service first, then the request decides the outcome */
    r = add("370202", "青岛专精特新国家级转型咨询九万测试有限公司", 0);
    set_titles(r, "专精特新:国家级"), set_service(r, "转型咨询"), set_request(r, 90000, S_PLAIN);
    r = add("370102", "济南专精特新省级诊断评估超上限测试有限公司", 0);
    set_titles(r, "专精特新:省级"), set_service(r, "诊断评估"), set_request(r, 120000, S_PLAIN);
    r = add("370702", "潍坊无称号上云用数超上限测试有限公司", 0);
    set_service(r, "上云用数"), set_request(r, 80000, S_PLAIN);
    r = add("370602", "烟台小巨人上云用数超上限测试有限公司", 0);
    set_titles(r, "小巨人"), set_service(r, "上云用数"), set_request(r, 150000, S_PLAIN);
    r = add("370303", "淄博专精特新无级别转型咨询超上限测试有限公司", 0);
    set_titles(r, "专精特新"), set_service(r, "转型咨询"), set_request(r, 90000, S_PLAIN);
    r = add("371302", "临沂专精特新国家级非数字化服务超上限测试有限公司", 0);
    set_titles(r, "专精特新:国家级"), set_service(r, "数字化赋能"), set_request(r, 70000, S_PLAIN);
    r = add("371002", "威海瞪羚国家级转型咨询超上限测试有限公司", 0);
    set_titles(r, "瞪羚:国家级"), set_service(r, "转型咨询"), set_request(r, 90000, S_PLAIN);
    r = add("371502", "聊城专精特新市级上云用数超上限测试有限公司", 0);
    set_titles(r, "专精特新:市级"), set_service(r, "上云用数"), set_request(r, 60000, S_PLAIN);
    r = add("370502", "东营恰好五万元测试有限公司", 0);
    set_service(r, "市场开拓"), set_request(r, 50000, S_THOUSANDS);
    r = add("371402", "德州专精特新省级恰好十万元测试有限公司", 0);
    set_titles(r, "专精特新:省级"), set_service(r, "上云用数"), set_request(r, 100000, S_PLAIN);

    /* duplicate_in_cycle: the later eligible applications are duplicates */
    static const struct {
        const char *region, *name;
        int n;
    } dup[] = {
        {"370102", "济南重复申请甲测试有限公司", 2},
        {"370203", "青岛重复申请乙测试有限公司", 2},
        {"370602", "烟台重复申请丙测试有限公司", 2},
        {"371302", "临沂三次申请测试有限公司", 3},
    };
    const long long dup_t[4][3] = {
        {at(2023, 3, 20, 10, 0, 0), at(2023, 4, 18, 14, 20, 0), 0},
        {at(2023, 4, 6, 9, 10, 0), at(2023, 4, 6, 15, 45, 0), 0},
        {at(2023, 3, 9, 11, 0, 0), at(2023, 5, 22, 9, 0, 0), 0},
        {at(2023, 3, 16, 9, 30, 0), at(2023, 4, 12, 10, 30, 0), at(2023, 5, 15, 16, 0, 0)},
    };
    for (size_t k = 0; k < COUNT(dup); k++) {
        row *first = add(dup[k].region, dup[k].name, dup_t[k][0]);
        set_service(first, "数字化赋能");
        set_request(first, 30000, S_PLAIN);
        for (int j = 1; j < dup[k].n; j++) {
            r = clone(first);
            set_time(r, dup_t[k][j]);
            set_service(r, j == 1 ? "市场开拓" : "绿色低碳");
            set_request(r, 20000 + 5000 * j, S_PLAIN);
            reject(r, L_DUP);
        }
    }
    {
        row *first = add("370702", "潍坊首次不合规再次申请测试有限公司", at(2023, 3, 14, 10, 0, 0));
        set_request(first, 25000, S_PLAIN);
        r = clone(first);
        set_time(r, at(2023, 3, 28, 10, 0, 0));
        set_service(r, "数字化赋能");
        set_service(first, "法律服务");
        reject(first, L_SERVICE);
    }

    /* pool_exhausted: the last applications of the cycle */
    static const char *const pool[] = {"滨州资金池用尽甲测试有限公司", "滨州资金池用尽乙测试有限公司",
                                       "滨州资金池用尽丙测试有限公司", "滨州资金池用尽丁测试有限公司"};
    for (int i = 0; i < 4; i++) {
        r = add("371602", pool[i], at(2023, 5, 31, 16, 10 * i, 0));
        set_request(r, 20000 + 10000 * i, S_PLAIN);
        reject(r, L_POOL);
    }

    /* missing cells */
    r = add("370811", "济宁专精特新省级缺从业人员测试有限公司", 0);
    set_numbers(r, IND_INDUSTRY, 1, "", "3500", "4000"), set_titles(r, "专精特新:省级");
    r = add("371702", "菏泽建筑业缺从业人员不影响测试有限公司", 0);
    set_numbers(r, IND_CONSTRUCTION, 1, "", "4200", "3600");
    r = add("370902", "泰安缺从业人员测试有限公司", 0);
    set_numbers(r, IND_INDUSTRY, 1, "", "800", "900"), reject(r, L_MISS_EMPLOYEES);
    r = add("370402", "枣庄从业人员填NA测试有限公司", 0);
    set_numbers(r, IND_RETAIL, 1, "NA", "300", "120"), reject(r, L_MISS_EMPLOYEES);
    r = add("371502", "聊城软件企业缺从业人员测试有限公司", 0);
    set_numbers(r, IND_SOFTWARE, 0, "", "400", "300"), reject(r, L_MISS_EMPLOYEES);
    static const char *const miss_est[] = {"日照缺成立日期测试有限公司", "滨州缺成立日期测试有限公司",
                                           "德州缺成立日期测试有限公司"};
    static const char *const miss_est_region[] = {"371102", "371602", "371402"};
    for (int i = 0; i < 3; i++) {
        r = add(miss_est_region[i], miss_est[i], 0);
        r->established[0] = '\0';
        reject(r, L_MISS_ESTABLISHED);
    }
    static const char *const miss_req[] = {"青岛缺申请金额测试有限公司", "烟台缺申请金额测试有限公司",
                                           "潍坊申请金额填NA测试有限公司"};
    static const char *const miss_req_region[] = {"370212", "370613", "370705"};
    static const char *const miss_req_value[] = {"", "", "N/A"};
    for (int i = 0; i < 3; i++) {
        r = add(miss_req_region[i], miss_req[i], 0);
        CAT(r->requested, miss_req_value[i]);
        reject(r, L_MISS_REQUESTED);
    }

    /* invalid cells */
    static const char *const inv_est[] = {"2020-13-45", "2021-02-30", "去年三月"};
    static const char *const inv_emp[] = {"many", "约80人", "一百二十"};
    static const char *const inv_req[] = {"0", "-20000", "三万元"};
    static const char *const inv_at[] = {"2023-02-30T10:00:00", "2023-04-31T09:00:00", "下周一"};
    static const char *const inv_city[] = {"济南", "青岛", "淄博"};
    static const char *const inv_region[] = {"370102", "370202", "370303"};
    static const char *const digit[] = {"1", "2", "3"};
    for (int i = 0; i < 3; i++) {
        CAT(name, inv_city[i], "成立日期无效", digit[i], "测试有限公司");
        r = add(inv_region[i], name, 0);
        CAT(r->established, inv_est[i]);
        reject(r, L_INV_ESTABLISHED);
        CAT(name, inv_city[i], "从业人员无效", digit[i], "测试有限公司");
        r = add(inv_region[i], name, 0);
        set_numbers(r, IND_INDUSTRY, 1, inv_emp[i], "600", "700");
        reject(r, L_INV_EMPLOYEES);
        CAT(name, inv_city[i], "申请金额无效", digit[i], "测试有限公司");
        r = add(inv_region[i], name, 0);
        CAT(r->requested, inv_req[i]);
        reject(r, L_INV_REQUESTED);
        CAT(name, inv_city[i], "申请时间无效", digit[i], "测试有限公司");
        r = add(inv_region[i], name, 0);
        CAT(r->applied_at, inv_at[i]);
        reject(r, L_INV_APPLIED_AT);
    }

    /* accepted spellings */
    r = add("370702", "潍坊斜杠日期申请时间测试有限公司", at(2023, 3, 5, 9, 30, 0));
    strcpy(r->applied_at, "2023/3/5 09:30");
    r = add("370102", "济南全角数字金额测试有限公司", 0), set_request(r, 35000, S_FULLWIDTH);
    r = add("370202", "青岛全角千分位金额测试有限公司", 0), set_request(r, 45000, S_FULLWIDTH_THOUSANDS);
    r = add("370602", "烟台千分位金额测试有限公司", 0), set_request(r, 45000, S_THOUSANDS);
    r = add("370705", "潍坊千分位金额超上限测试有限公司", 0), set_request(r, 80000, S_THOUSANDS);

    /* several applications in the same second */
    static const char *const tie[] = {"同秒申请甲", "同秒申请乙", "同秒申请丙", "同秒申请丁",
                                      "同秒申请戊", "同秒申请己", "同秒申请庚"};
    for (int i = 0; i < 7; i++) {
        long long t = i < 2 ? at(2023, 3, 15, 9, 0, 0) : i < 5 ? at(2023, 4, 3, 8, 30, 0)
                                                              : at(2023, 5, 8, 10, 0, 0);
        CAT(name, city_of(SD_REGIONS[i].code), tie[i], "测试有限公司");
        add(SD_REGIONS[i].code, name, t);
    }
}

/* the credit code check the tool makes, on every sample row */
static void verify_codes(void)
{
    for (size_t i = 0; i < n_sample; i++) {
        const row *r = &sample[i];
        ce_credit_result cr = ce_credit_code_check(r->code, strlen(r->code), NULL);
        if ((cr != CE_CREDIT_OK) != (r->label == L_INVALID_CODE)) {
            fprintf(stderr, "gen_vouchers: internal error: code %s of %s: %s\n", r->code, r->name,
                    ce_credit_result_text(cr));
            exit(3);
        }
    }
}

static int by_time(const void *a, const void *b)
{
    const row *x = *(row *const *)a, *y = *(row *const *)b;
    return (x->t > y->t) - (x->t < y->t);
}

/* ----------------------------------------------------------------- main */

static unsigned long count_all[N_LABELS], count_delib[N_LABELS];

static void tally(const row *r)
{
    count_all[r->label]++;
    if (r->deliberate)
        count_delib[r->label]++;
}

static void print_counts(int sample_mode)
{
    unsigned long total = 0;
    for (int i = 0; i < N_LABELS; i++)
        total += count_all[i];
    fprintf(stderr, "gen_vouchers: %lu rows by intended outcome%s\n", total,
            sample_mode ? " (all / deliberate / realistic mix)" : "");
    for (int i = 0; i < N_LABELS; i++) {
        if (!count_all[i])
            continue;
        if (sample_mode)
            fprintf(stderr, "  %-32s %6lu %4lu %4lu\n", LABEL[i], count_all[i], count_delib[i],
                    count_all[i] - count_delib[i]);
        else
            fprintf(stderr, "  %-32s %9lu  %5.2f %%\n", LABEL[i], count_all[i],
                    100.0 * (double)count_all[i] / (double)(total ? total : 1));
    }
}

static int finish(FILE *fp, const char *path)
{
    int bad = ferror(fp);
    if (fp != stdout)
        bad |= fclose(fp) != 0;
    else
        bad |= fflush(fp) != 0;
    if (bad) {
        fprintf(stderr, "gen_vouchers: cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int sample_mode = argc == 5 && strcmp(argv[4], "--sample") == 0;
    if (argc != 4 && !sample_mode) {
        fprintf(stderr, "usage: %s N SEED OUT.csv [--sample]\n", argv[0]);
        return 2;
    }
    char *end;
    errno = 0;
    unsigned long long n = strtoull(argv[1], &end, 10);
    if (errno || end == argv[1] || *end || argv[1][0] == '-' || n > 99999999ULL) {
        fprintf(stderr, "gen_vouchers: bad N '%s' (0..99999999)\n", argv[1]);
        return 2;
    }
    errno = 0;
    unsigned long long seed = strtoull(argv[2], &end, 10);
    if (errno || end == argv[2] || *end || argv[2][0] == '-') {
        fprintf(stderr, "gen_vouchers: bad SEED '%s'\n", argv[2]);
        return 2;
    }
    rng_state = (uint64_t)seed;
    body_key = next64();
    day_2016 = days_from_civil(2016, 1, 1);

    const char *path = argv[3];
    FILE *fp = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    if (!fp) {
        fprintf(stderr, "gen_vouchers: cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    static char iobuf[1 << 20];
    setvbuf(fp, iobuf, _IOFBF, sizeof iobuf);
    fputs(HEADER, fp);

    g_day_lo = days_from_civil(2023, 3, 1);
    if (!sample_mode) {
        g_day_hi = days_from_civil(2023, 5, 31);
        g_dup_t_max = at(2023, 5, 31, 23, 59, 59);
        static row r;
        for (unsigned long long i = 1; i <= n; i++) {
            make_realistic(&r);
            tally(&r);
            write_row(fp, (unsigned long)i, &r);
        }
        print_counts(0);
        return finish(fp, path);
    }

    /* --sample: deliberate rows, then the realistic mix up to SAMPLE_ROWS,
     * all applied before the pool rows of 2023-05-31 16:00 */
    g_day_hi = days_from_civil(2023, 5, 30);
    g_dup_t_max = at(2023, 5, 31, 12, 0, 0);
    deliberate_rows();
    verify_codes();
    while (n_sample < SAMPLE_ROWS)
        make_realistic(new_slot());

    /* the pool that leaves exactly nothing for the pool_exhausted rows */
    row *order[COUNT(sample)];
    for (size_t i = 0; i < n_sample; i++)
        order[i] = &sample[i];
    qsort(order, n_sample, sizeof order[0], by_time);
    long long pool = 0, first_pool_t = 0;
    for (size_t i = 0; i < n_sample; i++) {
        const row *r = order[i];
        if (r->label == L_POOL && !first_pool_t)
            first_pool_t = r->t;
        if (r->label == L_ELIGIBLE || r->label == L_OVER_CAP) {
            if (first_pool_t) {
                fputs("gen_vouchers: internal error: eligible row after the pool rows\n", stderr);
                return 3;
            }
            pool += r->grant;
        }
    }

    for (size_t i = n_sample; i > 1; i--) { /* Fisher-Yates */
        size_t j = below((unsigned)i);
        row tmp = sample[i - 1];
        sample[i - 1] = sample[j];
        sample[j] = tmp;
    }
    for (size_t i = 0; i < n_sample; i++) {
        tally(&sample[i]);
        write_row(fp, (unsigned long)(i + 1), &sample[i]);
    }
    print_counts(1);
    fprintf(stderr,
            "gen_vouchers: --pool %lld grants every eligible row applied before 2023-05-31 16:00 "
            "(over_cap ones at their cap) and leaves nothing for the %lu pool_exhausted rows\n",
            pool, count_all[L_POOL]);
    return finish(fp, path);
}
