#!/usr/bin/env bash
# template_collect.sh EXE SRC WORK - the data-collection workbook and its
# way back (issue 15 §3): `template` writes the same bytes for the same
# profile and SOURCE_DATE_EPOCH, names only .xlsx files, is in the command
# list, the man page and its own help; `collect` merges filled files into
# one data file that ranks like the same data typed as one CSV, and refuses
# an id given in two files naming both; a template filled as in Excel
# (tests/tools/fill_template.c) collects and ranks with no options.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
cd "$work" || exit 1

# ---- template ---------------------------------------------------------------
cat >profile.csv <<'CSV'
code,name,parent,weight,direction,unit
econ,经济实力,,1,,
rev,营业收入,econ,2,+,亿元
share,主导产业占比,econ,1,+,%
inno,创新能力,,1,,
rd,研发投入强度,inno,1,+,%
pollution,单位产值能耗,inno,1,-,吨标煤/万元
CSV

export SOURCE_DATE_EPOCH=1700000000
run_ce t1 template -w profile.csv -o 填报模板.xlsx
check "template: exit 0" test "$(rc_of t1)" = 0
check "template: says what it wrote" grep -qF "clustereval: template: 4 indicators in 填报模板.xlsx" t1.err
check "template: a zip workbook" test "$(head -c 2 填报模板.xlsx)" = PK
check "template: a manifest beside it" test -s 填报模板.xlsx.manifest.json
cp 填报模板.xlsx first.xlsx
run_ce t2 template -w profile.csv -o 填报模板.xlsx
check "template: the same bytes again under SOURCE_DATE_EPOCH" cmp first.xlsx 填报模板.xlsx
SOURCE_DATE_EPOCH=1700086400 run_ce t3 template -w profile.csv -o later.xlsx
check "template: another date, other bytes" test "$(cmp first.xlsx later.xlsx >/dev/null; echo $?)" = 1

run_ce t4 template -w profile.csv -o t.csv
check "template -o t.csv: exit 2" test "$(rc_of t4)" = 2
check "template -o t.csv: says it is a workbook" \
  grep -qF 'clustereval template: -o "t.csv": the template is a workbook; name it .xlsx' t4.err
check "template -o t.csv: nothing written" test ! -e t.csv
run_ce t5 template -w profile.csv
check "template without -o: exit 2" test "$(rc_of t5)" = 2
check "template without -o: says so" grep -qF 'clustereval template: -o FILE.xlsx is required' t5.err
run_ce t6 template -w no-such.csv -o x.xlsx
check "template, no profile: exit 3" test "$(rc_of t6)" = 3
check "template, no profile: no workbook" test ! -e x.xlsx

# ---- collect ----------------------------------------------------------------
# The same six clusters as one CSV and as three files: a CSV, a workbook
# (tests/tools/csv2xlsx.c: numbers as number cells, ids as text) and a CSV
# with its columns in another order and a missing marker.
cat >all.csv <<'CSV'
id,name,rev,share,rd,pollution
001,甲集群,12.5,45.3,2.1,0.52
002,乙集群,30.25,50,,0.71
003,丙集群,8,40.5,1.9,0.4
004,丁集群,15.75,62,3.3,0.95
005,戊集群,22,38.2,2.6,0.33
006,己集群,9.5,55,1.2,0.6
CSV
printf 'id,name,rev,share,rd,pollution\n001,甲集群,12.5,45.3,2.1,0.52\n002,乙集群,30.25,50,,0.71\n' >city1.csv
printf 'id,name,rev,share,rd,pollution\n003,丙集群,8,40.5,1.9,0.4\n004,丁集群,15.75,62,3.3,0.95\n' >city2.csv
printf 'pollution,rd,share,rev,name,id\n0.33,2.6,38.2,22,戊集群,005\n0.6,1.2,55,9.5,己集群,006\n,,,,,\n' >city3.csv
tool="$work/csv2xlsx"
# shellcheck disable=SC2046
if ! cc -O2 -o "$tool" "$src/tests/tools/csv2xlsx.c" -lcsv $(pkg-config --cflags --libs xlsxwriter); then
  fail "cannot build tests/tools/csv2xlsx.c"
  e2e_done
fi
check "csv2xlsx city2" "$tool" city2.csv city2.xlsx 数据

run_ce c1 collect -w profile.csv city1.csv city2.xlsx city3.csv -o data.csv
check "collect: exit 0" test "$(rc_of c1)" = 0
check "collect: says what it merged" grep -qF "clustereval: collect: 6 rows from 3 files into data.csv" c1.err
check "collect: a BOM and the codes as header" \
  test "$(head -1 data.csv)" = "$(printf '\xef\xbb\xbfid,name,eligible,veto,rev,share,rd,pollution')"
check "collect: rows in file order, numbers as written" test "$(tail -n +2 data.csv)" = "$(printf '%s\n' \
  001,甲集群,1,0,12.5,45.3,2.1,0.52 002,乙集群,1,0,30.25,50,,0.71 003,丙集群,1,0,8,40.5,1.9,0.4 \
  004,丁集群,1,0,15.75,62,3.3,0.95 005,戊集群,1,0,22,38.2,2.6,0.33 006,己集群,1,0,9.5,55,1.2,0.6)"
run_ce r-all rank all.csv -w profile.csv --top 2 -o rank-all.csv
run_ce r-col rank data.csv -w profile.csv --top 2 -o rank-col.csv
check "rank of the collected file: exit 0" test "$(rc_of r-col)" = 0
check "rank of the collected file = rank of the one CSV" cmp rank-all.csv rank-col.csv
check "rank: the same summary" cmp r-all.err r-col.err

run_ce c2 collect -w profile.csv city1.csv city2.xlsx city3.csv -o data.xlsx
check "collect -o .xlsx: exit 0" test "$(rc_of c2)" = 0
check "collect -o .xlsx: a workbook" test "$(head -c 2 data.xlsx)" = PK
run_ce r-x rank data.xlsx -w profile.csv --top 2 -o rank-x.csv
check "rank of the collected workbook = rank of the one CSV" cmp rank-all.csv rank-x.csv

# An id in two files: refused, both files named, nothing written.
printf 'id,name,rev,share,rd,pollution\n007,庚集群,1,1,1,1\n003,丙集群二,2,2,2,2\n' >city4.csv
run_ce c3 collect -w profile.csv city1.csv city2.xlsx city4.csv -o dup.csv
check "collect, an id in two files: exit 1" test "$(rc_of c3)" = 1
check "collect, an id in two files: both named" \
  grep -qF 'clustereval: city4.csv:3: duplicate id "003" (first on line 2 of city2.xlsx)' c3.err
check "collect, an id in two files: nothing written" test ! -e dup.csv

# Every bad file listed, then the count; nothing written.
printf 'id,name,rev,share,rd,pollution\n008,辛集群,abc,1,1,1\n' >bad1.csv
printf 'id,name,rev,share,rd\n009,壬集群,1,1,1\n' >bad2.csv
run_ce c4 collect -w profile.csv bad1.csv city1.csv bad2.csv -o bad.csv
check "collect, two bad files: exit 1" test "$(rc_of c4)" = 1
check "collect, two bad files: the first one's cell" grep -qF 'clustereval: bad1.csv:2: column "rev"' c4.err
check "collect, two bad files: the second one's column" grep -qF 'bad2.csv' c4.err
check "collect, two bad files: the count" \
  grep -qxF 'clustereval: 2 of 3 files did not read; nothing written' c4.err
check "collect, two bad files: nothing written" test ! -e bad.csv
run_ce c5 collect -w profile.csv
check "collect without a file: exit 2" test "$(rc_of c5)" = 2
run_ce c6 collect -w profile.csv city1.csv -o city1.csv
check "collect -o onto an input: exit 2" test "$(rc_of c6)" = 2

# ---- template -> fill -> collect -> rank ---------------------------------------
# The template filled as in Excel (tests/tools/fill_template.c: the rows below
# the header, % cells as Excel stores them, cleared rows left styled and
# empty), one per city; collected, it ranks like the one CSV; a filled
# template also ranks alone with no options.
fill="$work/fill_template"
# shellcheck disable=SC2046
if ! cc -O2 -o "$fill" "$src/tests/tools/fill_template.c" -lcsv $(pkg-config --cflags --libs libzip); then
  fail "cannot build tests/tools/fill_template.c"
  e2e_done
fi
check "fill city1" "$fill" 填报模板.xlsx city1.csv 城市一.xlsx
check "fill city2" "$fill" 填报模板.xlsx city2.csv 城市二.xlsx
check "fill city3" "$fill" 填报模板.xlsx city3.csv 城市三.xlsx
run_ce c7 collect -w profile.csv 城市一.xlsx 城市二.xlsx 城市三.xlsx -o filled.csv
check "collect of filled templates: exit 0" test "$(rc_of c7)" = 0
check "collect of filled templates: 6 rows" grep -qF "clustereval: collect: 6 rows from 3 files" c7.err
check "collect of filled templates = collect of the CSVs" cmp data.csv filled.csv
run_ce r-t rank filled.csv -w profile.csv --top 2 -o rank-t.csv
check "rank of the collected templates = rank of the one CSV" cmp rank-all.csv rank-t.csv
run_ce r-one rank 城市二.xlsx -w profile.csv --top 1 -o rank-one.csv
check "a filled template ranks as it is: exit 0" test "$(rc_of r-one)" = 0
check "a filled template ranks as it is: its two clusters" test "$(cut -d, -f2 rank-one.csv | tail -n +2 | sort | tr '\n' ' ')" = "003 004 "
printf 'id,name,rev,share,rd,pollution\n003,丙集群,8,40.5,1.9,0.4\n' >again.csv
check "fill again" "$fill" 填报模板.xlsx again.csv 城市四.xlsx
run_ce c8 collect -w profile.csv 城市二.xlsx 城市四.xlsx -o dup2.csv
check "collect, a template repeating an id: both named" \
  grep -qF 'clustereval: 城市四.xlsx:3: duplicate id "003" (first on line 3 of 城市二.xlsx)' c8.err

run_ce help --help
check "--help lists template" grep -qE '^  template -o FILE.xlsx' help.out
check "--help lists collect" grep -qE '^  collect FILE\.\.\. ' help.out
man="$(dirname "$exe")/clustereval.1.gz"
zcat "$man" >man.txt 2>/dev/null
for cmd in template collect; do
  run_ce "$cmd.help" $cmd --help
  check "$cmd --help: exit 0" test "$(rc_of "$cmd.help")" = 0
  check "man page: a section for $cmd" grep -qxF ".SS $cmd" man.txt
  for o in $(grep -oP -- '--[a-z][a-z0-9-]*[a-z0-9](?![-a-z0-9.])' "$cmd.help.out" | sort -u); do
    [ "$o" = --help ] && continue
    run_ce "$cmd.opt" $cmd "$o"
    if grep -q 'unknown option' "$cmd.opt.err" || [ "$(rc_of "$cmd.opt")" != 2 ]; then
      fail "$cmd $o: named by the help but not taken"
    fi
    grep -qF -- "${o//-/\\-}" man.txt || fail "$cmd $o: not in the man page"
  done
done

e2e_done
