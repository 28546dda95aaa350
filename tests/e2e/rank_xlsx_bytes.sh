#!/usr/bin/env bash
# rank_xlsx_bytes.sh EXE SRC WORK - rank's workbook, part by part, is the
# one recorded in tests/golden/rank-xlsx.sha256 (issue 14 §3: the workbook
# goes through the table writer and stays byte-identical). Four workbooks:
# the sample in Chinese; a small table in English with 3 digits (an
# unranked, an ineligible and a vetoed cluster); formula-like ids and names
# (text in the workbook, never guarded like the CSV's); a tie at the award
# place (amber rows). Every part of each zip is compared (the method
# sheet's version normalised), so a changed cell, style, width, sheet name
# or property names its part.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
cd "$work" || exit 1
cp "$src/samples/clusters-2023.csv" sample.csv
cp "$src/weights/default.csv" default.csv
cp "$data/small.csv" small.csv
cp "$data/guard.csv" guard.csv
cp "$data/tie.csv" tie.csv
cp "$data/profile-small.csv" profile.csv
export SOURCE_DATE_EPOCH=1714550400

run_ce "$work/zh" rank sample.csv -w default.csv -o zh.csv --xlsx zh.xlsx
run_ce "$work/en" rank small.csv -w profile.csv --top 1 --lang en --digits 3 -o en.csv --xlsx en.xlsx
run_ce "$work/guard" rank guard.csv -w profile.csv --top 2 -o guard.csv.out --xlsx guard.xlsx
run_ce "$work/tie" rank tie.csv -w profile.csv --top 2 --lang en -o tie.csv.out --xlsx tie.xlsx
check "four workbooks: exit 0" \
  test "$(rc_of "$work/zh")$(rc_of "$work/en")$(rc_of "$work/guard")$(rc_of "$work/tie")" = 0000

# name part sha256, one line per part of each workbook, in zip order
for book in zh en guard tie; do
  rm -rf "$book.d" && mkdir "$book.d" && (cd "$book.d" && unzip -q "../$book.xlsx") || exit 1
  for part in $(unzip -Z1 "$book.xlsx"); do
    sum=$(sed 's/<t>clustereval [0-9][^<]*<\/t>/<t>clustereval VERSION<\/t>/' "$book.d/$part" |
      sha256sum | cut -c1-64)
    echo "$book $part $sum"
  done
done >parts.sha256
while read -r book part sum; do
  check "$book.xlsx $part as recorded" grep -qxF "$book $part $sum" parts.sha256
done <"$src/tests/golden/rank-xlsx.sha256"
check "as many parts as recorded" \
  test "$(wc -l <parts.sha256)" = "$(wc -l <"$src/tests/golden/rank-xlsx.sha256")"
# what the recorded bytes hold, so that the record cannot be of a broken workbook
unzip -p tie.xlsx xl/worksheets/sheet1.xml >tie1.xml
unzip -p guard.xlsx xl/worksheets/sheet1.xml >guard1.xml
unzip -p en.xlsx xl/worksheets/sheet1.xml >en1.xml
unzip -p zh.xlsx xl/workbook.xml >zhbook.xml
check "zh: sheets 排名, 权重, 方法与来源" \
  grep -q '<sheet name="排名" sheetId="1" r:id="rId1"/><sheet name="权重" sheetId="2" r:id="rId2"/><sheet name="方法与来源" sheetId="3" r:id="rId3"/>' zhbook.xml
check "tie: T1 green, T2 and T3 amber (one style, not T1's), T4 plain" \
  bash -c "grep -o '<c r=\"B[2345]\"[^>]*>' tie1.xml | tr '\n' ' ' | grep -qx '<c r=\"B2\" s=\"3\" t=\"inlineStr\"> <c r=\"B3\" s=\"8\" t=\"inlineStr\"> <c r=\"B4\" s=\"8\" t=\"inlineStr\"> <c r=\"B5\" t=\"inlineStr\"> '"
check "guard: =1+1 is a string, unguarded" grep -q '<c r="B[0-9]" [^>]*t="inlineStr"><is><t>=1+1</t></is></c>' guard1.xml
check "en: header rank,id,...,econ,econ_rank" \
  grep -q '<t>rank</t>.*<t>id</t>.*<t>econ</t></is></c><c r="H1" s="1" t="inlineStr"><is><t>econ_rank</t>' en1.xml
check "en: a score of 3 digits as a number" grep -q '<c r="D2" s="[0-9]*"><v>' en1.xml
e2e_done
