#!/usr/bin/env bash
# reports.sh EXE SRC WORK - the reports for people (issue 7): `rank --html`
# rendered by a real headless chromium (scripts/check_html.sh: one bar per
# ranked cluster, ten award rows, no NaN/undefined, a non-trivial
# screenshot); `--xlsx` workbooks of rank, voucher and training read back
# with unzip (values, frozen header, number formats, marked rows); --lang.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
S="$src/samples/clusters-2023.csv"

# ---- rank --html, rendered ---------------------------------------------------------
run_ce "$work/rank" rank "$S" --html "$work/r.html" --xlsx "$work/r.xlsx" -o "$work/r.csv"
check "rank with reports: exit 0" test "$(rc_of "$work/rank")" = 0
check "html written" test -s "$work/r.html"
check "html: self-contained (no http(s) references)" bash -c "! grep -Eq '(src|href)=\"https?:' '$work/r.html'"
check "html: Chinese headings by default" grep -q '综合排名' "$work/r.html"
check "html: method section with the data file's SHA-256" \
  grep -q "$(sha256sum "$S" | cut -c1-64)" "$work/r.html"
ranked=$(awk -F, 'NR > 1 && $1 != ""' <(tail -c +4 "$work/r.csv") | wc -l)
winners=$(awk -F, 'NR > 1 && $5 == "yes"' <(tail -c +4 "$work/r.csv") | wc -l)
bash "$src/scripts/check_html.sh" "$work/r.html" "$work/r.png" "$ranked" "$winners" >"$work/chromium.log" 2>&1
rc=$?
check "chromium: DOM and screenshot checks (rc $rc; $ranked bars, $winners winners)" test "$rc" = 0
[ "$rc" = 0 ] || tail -20 "$work/chromium.log"

# --lang en, and a comparison gives the slope chart
run_ce "$work/rank_en" rank "$S" --html "$work/en.html" --lang en --previous "$work/r.csv" \
  -o "$work/en.csv"
check "--lang en: English headings" grep -q '>Ranking<' "$work/en.html"
check "--lang en: the CSV header stays codes" test "$(head -c 22 "$work/en.csv" | tail -c +4)" = "rank,id,name,score,"
check "--previous: a slope chart" grep -q 'class="slope"' "$work/en.html"
run_ce "$work/badlang" rank "$S" --html "$work/x.html" --lang fr
check "--lang fr: exit 2" test "$(rc_of "$work/badlang")" = 2
check "--lang fr: no html written" test ! -e "$work/x.html"

# uncertainty --html: rank intervals and P(award) for every cluster
run_ce "$work/unc" uncertainty "$S" --draws 200 --html "$work/u.html" -o "$work/u.csv"
check "uncertainty --html: exit 0" test "$(rc_of "$work/unc")" = 0
check "uncertainty --html: an interval per cluster" test "$(grep -o 'class="interval"' "$work/u.html" | wc -l)" = "$ranked"
check "uncertainty --html: P(award) bars" test "$(grep -o 'class="paward"' "$work/u.html" | wc -l)" = "$ranked"
check "uncertainty --html: 排名不确定性 section" grep -q '排名不确定性' "$work/u.html"

# --lang zh: the stderr summaries in Chinese
run_ce "$work/zh" rank "$S" --lang zh --top 3
check "--lang zh: rank's summary in Chinese" grep -q '奖励（前 3 名，每个 1000000 元）：获奖 3 个' "$work/zh.err"
run_ce "$work/tzh" training "$src/samples/training-2023.csv" --lang zh
check "--lang zh: training's summary in Chinese" grep -q '共 80 个申报单位：通过 40 个，不通过 40 个' "$work/tzh.err"
check "--lang zh: training's CSV header in Chinese" test "$(head -n 1 "$work/tzh.out")" = "申报编号,名称,类型,结果,未达条件,补助金额,奖励金额"

# ---- the workbook of the ranking, read back ----------------------------------------
unzip -p "$work/r.xlsx" xl/worksheets/sheet1.xml >"$work/sheet1.xml"
unzip -p "$work/r.xlsx" xl/workbook.xml >"$work/workbook.xml"
unzip -p "$work/r.xlsx" xl/styles.xml >"$work/styles.xml"
check "xlsx: sheets ranking (排名), weights, method" \
  bash -c "grep -q 'name=\"排名\"' '$work/workbook.xml' && grep -q 'name=\"权重\"' '$work/workbook.xml' && grep -q 'name=\"方法与来源\"' '$work/workbook.xml'"
check "xlsx: frozen header" grep -q 'ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"' "$work/sheet1.xml"
check "xlsx: one row per cluster + header" test "$(grep -o '<row r="' "$work/sheet1.xml" | wc -l)" = 46
check "xlsx: Chinese header" grep -q '<t>综合得分</t>' "$work/sheet1.xml"
check "xlsx: money format #,##0.00 and score format 0.00" \
  bash -c "grep -q 'formatCode=\"#,##0.00\"' '$work/styles.xml' && grep -q 'formatCode=\"0.00\"' '$work/styles.xml'"
top_id=$(tail -c +4 "$work/r.csv" | awk -F, 'NR == 2 { print $2 }')
top_score=$(tail -c +4 "$work/r.csv" | awk -F, 'NR == 2 { print $4 }')
check "xlsx: row 2 is the CSV's first cluster ($top_id)" grep -q "<c r=\"B2\"[^>]*><is><t>$top_id</t>" "$work/sheet1.xml"
xlsx_score=$(grep -o '<c r="D2"[^>]*><v>[^<]*</v>' "$work/sheet1.xml" | sed 's/.*<v>//; s/<\/v>//')
check "xlsx: its score equals the CSV's ($top_score vs $xlsx_score)" \
  awk -v a="$top_score" -v b="$xlsx_score" 'BEGIN { d = a - b; exit !(d < 1e-9 && d > -1e-9) }'
check "xlsx: award fill present (C6EFCE)" grep -q 'C6EFCE' "$work/styles.xml"

# ---- voucher and training workbooks --------------------------------------------------
run_ce "$work/v" voucher issue "$src/samples/vouchers-2023.csv" --cycle 2023A --pool 4413500 \
  --ledger "$work/v.db" -o "$work/v.csv" --xlsx "$work/v.xlsx"
check "voucher --xlsx: exit 0" test "$(rc_of "$work/v")" = 0
unzip -p "$work/v.xlsx" xl/worksheets/sheet1.xml >"$work/vsheet.xml"
check "voucher --xlsx: 241 rows" test "$(grep -o '<row r="' "$work/vsheet.xml" | wc -l)" = 241
check "voucher --xlsx: Chinese header 资金池余额" grep -q '<t>资金池余额</t>' "$work/vsheet.xml"
check "voucher --xlsx: face value 46000 as a number" grep -q '<c r="H2"[^>]*><v>46000</v>' "$work/vsheet.xml"
run_ce "$work/t" training "$src/samples/training-2023.csv" -o "$work/t.csv" --xlsx "$work/t.xlsx" --lang en
check "training --xlsx: exit 0" test "$(rc_of "$work/t")" = 0
unzip -p "$work/t.xlsx" xl/worksheets/sheet1.xml >"$work/tsheet.xml"
check "training --xlsx --lang en: English header" grep -q '<t>applicant_id</t>' "$work/tsheet.xml"
rows=$(($(tail -c +4 "$work/t.csv" | wc -l)))
check "training --xlsx: as many rows as the CSV ($rows)" test "$(grep -o '<row r="' "$work/tsheet.xml" | wc -l)" = "$rows"

e2e_done
