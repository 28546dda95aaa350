#!/usr/bin/env bash
# check.sh EXE SRC WORK - `clustereval check` (issue 15 §3): every problem of
# a data file in one run, grouped by kind with counts on stderr, as CSV with
# -o (compared exactly) and as a workbook with --xlsx; exit 0 clean, 1 not,
# 2 usage, 3 I/O. The file is a GB18030 export with CRLF, Chinese headers
# and a multi-line 备注 cell, so below it the physical line and the row a
# spreadsheet shows differ by one. rank on the same file stops at the first
# problem, names line, row, column and cluster, and suggests check.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

cat >"$work/p.csv" <<'CSV'
code,name,parent,weight,direction,unit
经济,,,1,,
营业收入,,经济,1,+,亿元
增速,,经济,1,+,%
绿色,,,1,,
能耗,,绿色,1,-,
CSV
printf 'id,name,营业收入,增速,能耗,备注\nC01,淄博陶瓷,12.5,8%%,0.5,"多行\n备注"\nC02,潍坊动力,abc,7%%,0.4,\nC03,临沂板材,/,6,0.3,\nC01,济南软件,3,5%%,0.2,\nC05,青岛家电,4,5%%,是,\n' >"$work/messy.csv"
iconv -f utf-8 -t gb18030 "$work/messy.csv" | sed 's/$/\r/' >"$work/messy-gb.csv"

# ---- the messy file: every problem, exit 1 ---------------------------------------
run_ce "$work/m" check "$work/messy-gb.csv" -w "$work/p.csv" -o "$work/problems.csv" \
  --xlsx "$work/problems.xlsx"
check "messy: exit 1" test "$(rc_of "$work/m")" = 1
{
  printf '\xEF\xBB\xBF'
  cat <<'CSV'
row,column,id,name,kind,text,hint,message
5,id,C01,济南软件,duplicate_id,C01,"give each cluster one id, and each id one row","duplicate id ""C01"" (first on line 2) (row 5, cluster ""C01 济南软件"")"
3,营业收入,C02,潍坊动力,number,abc,"a number such as 12.5, 1,234.5, -3, (3,861) or 83.15%, or a missing marker such as / or an empty cell","column ""营业收入"": cannot parse as a number: ""abc"" (row 3, cluster ""C02 潍坊动力"")"
6,能耗,C05,青岛家电,number,是,"a number such as 12.5, 1,234.5, -3, (3,861) or 83.15%, or a missing marker such as / or an empty cell","column ""能耗"": cannot parse as a number: ""是"" (row 6, cluster ""C05 青岛家电"")"
,增速,,,mixed_percent,8%,"write every cell of the column in one unit, all with % or none","column ""增速"": 4 cells with % (first on line 2: ""8%"") and 1 without (first on line 5: ""6""); a % cell is read in percent (83.15% as 83.15), so check that the column uses one unit"
4,,C03,临沂板材,missing_value,1 of 3,rank's missing-value rule decides what a missing value scores,"1 of 3 indicator values missing: 营业收入 (row 4, cluster ""C03 临沂板材"")"
,营业收入,,,missing_value,1 of 5,rank's missing-value rule decides what a missing value scores,"column ""营业收入"": 1 of 5 values missing"
CSV
} >"$work/want.csv"
check "messy: -o CSV exactly" cmp "$work/problems.csv" "$work/want.csv"
check "messy: --xlsx is a workbook (zip)" bash -c "head -c 2 '$work/problems.xlsx' | grep -q PK"
f="$work/messy-gb.csv"
check "messy: counts per kind" bash -c "grep -qxF 'clustereval: check: duplicate_id: 1 error' '$work/m.err' &&
  grep -qxF 'clustereval: check: number: 2 errors' '$work/m.err' &&
  grep -qxF 'clustereval: check: mixed_percent: 1 warning' '$work/m.err' &&
  grep -qxF 'clustereval: check: missing_value: 2 notes' '$work/m.err'"
check "messy: each problem as rank says it" \
  grep -qxF "clustereval: $f:7: column \"能耗\": cannot parse as a number: \"是\" (row 6, cluster \"C05 青岛家电\")" "$work/m.err"
check "messy: the total" \
  grep -qxF "clustereval: check: $f: 3 errors, 1 warning, 2 notes; rank refuses the file until the errors are fixed" "$work/m.err"
check "messy: the kinds in order" bash -c "grep '^clustereval: check: [a-z_]*: [0-9]' '$work/m.err' | cut -d: -f3 | tr -d ' ' | tr '\n' , | grep -qxF 'duplicate_id,number,mixed_percent,missing_value,'"
check "messy: nothing on stdout" test ! -s "$work/m.out"

# ---- rank stops at the first, names the row and suggests check -------------------
run_ce "$work/r" rank "$f" -w "$work/p.csv" -o "$work/ranked.csv"
check "rank: exit 1" test "$(rc_of "$work/r")" = 1
check "rank: the first problem with line, row, column, cluster" \
  grep -qxF "clustereval: $f:4: column \"营业收入\": cannot parse as a number: \"abc\" (row 3, cluster \"C02 潍坊动力\")" "$work/r.err"
check "rank: the hint to check" \
  grep -qxF "clustereval: hint: clustereval check $f -w $work/p.csv lists every problem of the data file at once" "$work/r.err"
check "rank: no output" test ! -e "$work/ranked.csv"
run_ce "$work/rp" rank "$f" -w "$work/nope.csv"
check "rank: a missing profile: no hint" bash -c "! grep -q 'clustereval check' '$work/rp.err'"

# ---- a clean file: exit 0, information allowed -----------------------------------
printf 'id,name,营业收入,增速,能耗\nC01,淄博陶瓷,12.5,8%%,0.5\nC02,潍坊动力,/,7%%,0.4\n' >"$work/clean.csv"
run_ce "$work/c" check "$work/clean.csv" -w "$work/p.csv" -o "$work/clean-problems.csv"
check "clean: exit 0" test "$(rc_of "$work/c")" = 0
check "clean: the total" \
  grep -qxF "clustereval: check: $work/clean.csv: 0 errors, 0 warnings, 2 notes" "$work/c.err"
check "clean: CSV holds the two notes" test "$(wc -l <"$work/clean-problems.csv")" = 3
printf 'id,营业收入,增速,能耗\nC01,1,2,3\n' >"$work/tidy.csv"
run_ce "$work/t" check "$work/tidy.csv" -w "$work/p.csv"
check "tidy: exit 0" test "$(rc_of "$work/t")" = 0
check "tidy: one line" test "$(wc -l <"$work/t.err")" = 1

# ---- a header problem is listed alone ---------------------------------------------
printf 'id,营业收入,增速\nC01,x,y\n' >"$work/nocol.csv"
run_ce "$work/h" check "$work/nocol.csv" -w "$work/p.csv"
check "header: exit 1" test "$(rc_of "$work/h")" = 1
check "header: the missing indicator at the profile's line" \
  grep -qxF "clustereval: $work/p.csv:6: indicator \"能耗\" is not a column of $work/nocol.csv" "$work/h.err"
check "header: listed alone" grep -qF ": 1 error, 0 warnings, 0 notes;" "$work/h.err"
printf 'id,营业收入,增速,能耗,增速\nC01,1,2,3,4\n' >"$work/twice.csv"
run_ce "$work/h2" check "$work/twice.csv" -w "$work/p.csv"
check "a column named twice: exit 1" test "$(rc_of "$work/h2")" = 1
check "a column named twice: listed alone" grep -qF ": 1 error, 0 warnings, 0 notes;" "$work/h2.err"

# ---- a ragged row and a bad yes/no are listed, the rows after them too ------------
printf 'id,eligible,营业收入,增速,能耗\nC01,也许,1,2,3\nC02,1,1,2\nC03,1,1,2,x\n' >"$work/ragged.csv"
run_ce "$work/g" check "$work/ragged.csv" -w "$work/p.csv"
check "ragged: exit 1" test "$(rc_of "$work/g")" = 1
check "ragged: the short row" grep -qxF "clustereval: $work/ragged.csv:3: row has 4 fields but the header has 5 (row 3, cluster \"C02\")" "$work/g.err"
check "ragged: the yes/no" grep -qF "clustereval: $work/ragged.csv:2: column \"eligible\": not a yes/no value" "$work/g.err"
check "ragged: the row after" grep -qxF "clustereval: $work/ragged.csv:4: column \"能耗\": cannot parse as a number: \"x\" (row 4, cluster \"C03\")" "$work/g.err"

# ---- a totals row is listed, and the rows below it are still checked --------------
printf 'id,name,营业收入,增速,能耗\nC01,淄博陶瓷,12.5,8%%,0.5\n合计,,20,7%%,0.4\nC02,潍坊动力,x,7%%,0.4\n' >"$work/sum.csv"
run_ce "$work/s" check "$work/sum.csv" -w "$work/p.csv"
check "totals row: exit 1" test "$(rc_of "$work/s")" = 1
check "totals row: listed" grep -qxF 'clustereval: check: summary_row: 1 error' "$work/s.err"
check "totals row: the row after too" grep -qxF "clustereval: $work/sum.csv:4: column \"营业收入\": cannot parse as a number: \"x\" (row 4, cluster \"C02 潍坊动力\")" "$work/s.err"

# ---- usage and I/O -----------------------------------------------------------------
run_ce "$work/u" check -w "$work/p.csv"
check "no data file: exit 2" test "$(rc_of "$work/u")" = 2
run_ce "$work/u2" check "$work/clean.csv" --bogus
check "unknown option: exit 2" test "$(rc_of "$work/u2")" = 2
run_ce "$work/io" check "$work/absent.csv" -w "$work/p.csv"
check "absent data file: exit 3" test "$(rc_of "$work/io")" = 3
run_ce "$work/help" --help
check "clustereval --help lists check" grep -q '^  check DATA.csv' "$work/help.out"
e2e_done
