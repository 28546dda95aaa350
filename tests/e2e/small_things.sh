#!/usr/bin/env bash
# small_things.sh EXE SRC WORK - issue 15 §4: the GB18030 note is said once
# per run, as a note, with a hint that fits each file it names; -o NAME.xlsx
# writes a workbook or is refused; weights -o writes a BOM (and honours
# --no-bom); --set CODE=40% is a share of the siblings.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
S="$src/samples/clusters-2023.csv"
P="$src/weights/default.csv"

# ---- 1. the GB18030 note --------------------------------------------------------------
iconv -f UTF-8 -t GB18030 "$S" >"$work/gb.csv"
iconv -f UTF-8 -t GB18030 "$P" >"$work/gbw.csv"
gbnotes() { grep -c 'GB18030' "$1"; }
run_ce "$work/g1" rank "$work/gb.csv" -w "$work/gbw.csv" -o "$work/g1.csv"
check "GB18030 data and profile: exit 0" [ "$(rc_of "$work/g1")" = 0 ]
check "GB18030 data and profile: one line says GB18030" [ "$(gbnotes "$work/g1.err")" = 1 ]
check "GB18030: a note, not a warning" \
  grep -qx "clustereval: note: read as GB18030 (not valid UTF-8): $work/gbw.csv (from line 2; its encoding is always detected: save it as UTF-8 to silence this note), $work/gb.csv (from line 2; --encoding gb18030 says so and silences this note)" "$work/g1.err"
check "GB18030: no warning about it" bash -c "! grep 'warning:.*GB18030' '$work/g1.err'"
run_ce "$work/g2" rank "$work/gb.csv" -w "$P" -o "$work/g2.csv"
check "GB18030 data only: the --encoding hint" \
  grep -qx "clustereval: note: read as GB18030 (not valid UTF-8): $work/gb.csv (from line 2; --encoding gb18030 says so and silences this note)" "$work/g2.err"
run_ce "$work/g3" rank "$S" -w "$work/gbw.csv" -o "$work/g3.csv"
check "GB18030 profile only: no --encoding hint" \
  grep -qx "clustereval: note: read as GB18030 (not valid UTF-8): $work/gbw.csv (from line 2; its encoding is always detected: save it as UTF-8 to silence this note)" "$work/g3.err"
check "GB18030 profile only: same ranking as the UTF-8 profile" cmp "$work/g3.csv" "$work/g2.csv"
# The baseline profile, and the data read again for the baseline: still one note.
run_ce "$work/g4" rank "$work/gb.csv" -w "$work/gbw.csv" --baseline "$work/gbw.csv" -o "$work/g4.csv"
check "--baseline: exit 0" [ "$(rc_of "$work/g4")" = 0 ]
check "--baseline: one line says GB18030" [ "$(gbnotes "$work/g4.err")" = 1 ]
check "--baseline: each file named once" [ "$(grep -o "$work/gb[w]*.csv (from" "$work/g4.err" | sort | uniq -d | wc -l)" = 0 ]
run_ce "$work/g5" rank "$work/gb.csv" -w "$work/gbw.csv" --encoding gb18030 -o "$work/g5.csv"
check "--encoding gb18030: only the profile noted" \
  grep -qx "clustereval: note: read as GB18030 (not valid UTF-8): $work/gbw.csv (from line 2; its encoding is always detected: save it as UTF-8 to silence this note)" "$work/g5.err"

# ---- 2. -o NAME.xlsx: a workbook, or refused ----------------------------------------------
# sme writes its table as a workbook (the same rows; the measures as numbers).
E="$src/samples/enterprises-2024.csv"
run_ce "$work/sx" sme "$E" -o "$work/sme.xlsx"
check "sme -o .xlsx: exit 0" [ "$(rc_of "$work/sx")" = 0 ]
check "sme -o .xlsx: a zip (workbook), not CSV" [ "$(head -c 2 "$work/sme.xlsx")" = PK ]
check "sme -o .xlsx: the manifest is beside it" test -s "$work/sme.xlsx.manifest.json"
run_ce "$work/sv" verify "$work/sme.xlsx.manifest.json"
check "sme -o .xlsx: verify reproduces the workbook" grep -q "sme.xlsx: re-run identical" "$work/sv.err"
unzip -p "$work/sme.xlsx" xl/worksheets/sheet1.xml >"$work/sme-sheet.xml"
run_ce "$work/sc" sme "$E" -o "$work/sme.csv"
rows_csv=$(($(wc -l <"$work/sme.csv")))
check "sme -o .xlsx: as many rows as the CSV ($rows_csv)" [ "$(grep -o '<row ' "$work/sme-sheet.xml" | wc -l)" = "$rows_csv" ]
first_emp=$(awk -F, 'NR == 2 { print $3 }' "$work/sme.csv")
check "sme -o .xlsx: employees of the first row ($first_emp) is a number" grep -q "<c r=\"C2\"[^>]*><v>$first_emp</v>" "$work/sme-sheet.xml"
check "sme -o .xlsx: the header as the CSV's" grep -q '<c r="C1"[^>]*><is><t>employees</t></is></c><c r="D1"[^>]*><is><t>revenue</t>' "$work/sme-sheet.xml"
run_ce "$work/sX" sme "$E" -o "$work/SME.XLSX"
check "sme -o .XLSX: a workbook too" [ "$(head -c 2 "$work/SME.XLSX")" = PK ]
# The others refuse, exit 2, with the hint that fits, and write nothing.
refused() { # PREFIX MESSAGE
  [ "$(rc_of "$1")" = 2 ] && grep -qF -- "$2" "$1.err" && ! ls "$work"/r-*.xlsx >/dev/null 2>&1
}
run_ce "$work/r1" rank "$S" -w "$P" -o "$work/r-rank.xlsx"
check "rank -o .xlsx: refused, hint to --xlsx" refused "$work/r1" \
  "clustereval rank: -o $work/r-rank.xlsx: -o writes CSV, not a workbook; --xlsx $work/r-rank.xlsx writes the workbook"
run_ce "$work/r2" rank "$S" -w "$P" --baseline "$P" --compare-out "$work/r-cmp.xlsx" -o "$work/r2.csv"
check "rank --compare-out .xlsx: refused, name it .csv" refused "$work/r2" \
  "clustereval rank: --compare-out $work/r-cmp.xlsx: --compare-out writes CSV, not a workbook; name it .csv"
check "rank --compare-out .xlsx: no ranking written either" test ! -e "$work/r2.csv"
run_ce "$work/r7" sensitivity "$S" -w "$P" --remove-out "$work/r-rm.xlsx"
check "sensitivity --remove-out .xlsx: refused, name it .csv" refused "$work/r7" \
  "clustereval sensitivity: --remove-out $work/r-rm.xlsx: --remove-out writes CSV, not a workbook; name it .csv"
run_ce "$work/r3" weights "$S" -w "$P" --method equal -o "$work/r-w.xlsx"
check "weights -o .xlsx: refused, name it .csv" refused "$work/r3" \
  "clustereval weights: -o $work/r-w.xlsx: -o writes CSV, not a workbook; name it .csv"
run_ce "$work/r4" training "$src/samples/training-2023.csv" -o "$work/r-t.xlsx"
check "training -o .xlsx: refused, hint to --xlsx" refused "$work/r4" \
  "clustereval training: -o $work/r-t.xlsx: -o writes CSV, not a workbook; --xlsx $work/r-t.xlsx writes the workbook"
run_ce "$work/r5" voucher status --ledger "$work/v.db" -o "$work/r-v.xlsx"
check "voucher -o .xlsx: refused, hint to --xlsx" refused "$work/r5" \
  "clustereval voucher status: -o $work/r-v.xlsx: -o writes CSV, not a workbook; --xlsx $work/r-v.xlsx writes the workbook"
run_ce "$work/r6" audit "$S" -w "$P" -o "$work/r-a.xlsx"
check "audit -o .xlsx: refused (a folder)" refused "$work/r6" \
  "clustereval audit: -o $work/r-a.xlsx: names a workbook, but -o is the folder the CSV tables go into"
check "audit -o .xlsx: no folder made" test ! -e "$work/r-a.xlsx"

# ---- 3. weights -o: a BOM like every other CSV, --no-bom honoured ---------------------------
run_ce "$work/wb" weights "$S" -w "$P" --method critic -o "$work/wb.csv"
check "weights -o: exit 0" [ "$(rc_of "$work/wb")" = 0 ]
check "weights -o: starts with a UTF-8 BOM" [ "$(head -c 3 "$work/wb.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ]
run_ce "$work/wn" weights "$S" -w "$P" --method critic --no-bom -o "$work/wn.csv"
check "weights --no-bom: starts with the header" [ "$(head -c 5 "$work/wn.csv")" = "code," ]
check "weights --no-bom: the BOM file without its BOM" cmp <(tail -c +4 "$work/wb.csv") "$work/wn.csv"
run_ce "$work/ws" weights "$S" -w "$P" --method critic
check "weights to stdout: no BOM, the same profile" cmp "$work/ws.out" "$work/wn.csv"
run_ce "$work/rb" rank "$S" -w "$work/wb.csv" -o "$work/rb.csv"
run_ce "$work/rn" rank "$S" -w "$work/wn.csv" -o "$work/rn.csv"
check "rank -w the BOM profile: exit 0" [ "$(rc_of "$work/rb")" = 0 ]
check "rank -w the BOM profile: the same ranking" cmp "$work/rb.csv" "$work/rn.csv"

# ---- 4. --set CODE=40%: a share of the siblings ----------------------------------------------
# default.csv: six dimensions weighing 1 each; innov=40% leaves 60% to the
# other five, 12% each. Effective weights by hand: innov's 4 equal
# indicators 10% each, scale's 4 indicators 3% each, digital's 3 4% each.
ew() { grep -o "<td>$1</td><td>[^<]*</td><td class=\"num\">[^<]*<" "$2" | sed 's/.*">//; s/<$//'; }
run_ce "$work/s40" rank "$S" -w "$P" --set innov=40% --html "$work/s40.html" -o "$work/s40.csv"
check "--set innov=40%: exit 0" [ "$(rc_of "$work/s40")" = 0 ]
check "--set innov=40%: i_rd weighs 10.00%" [ "$(ew i_rd "$work/s40.html")" = 10.00% ]
check "--set innov=40%: i_platforms weighs 10.00%" [ "$(ew i_platforms "$work/s40.html")" = 10.00% ]
check "--set innov=40%: s_output weighs 3.00%" [ "$(ew s_output "$work/s40.html")" = 3.00% ]
check "--set innov=40%: d_cloud weighs 4.00%" [ "$(ew d_cloud "$work/s40.html")" = 4.00% ]
# The same as the weight that gives 40%: 5 * 0.4 / 0.6 = 10/3 beside five 1s.
run_ce "$work/s3" rank "$S" -w "$P" --set innov=3.3333333333333335 --html "$work/s3.html" -o "$work/s3.csv"
check "--set innov=40%: the same ranking as innov=10/3" \
  cmp <(cut -d, -f1-3 "$work/s40.csv") <(cut -d, -f1-3 "$work/s3.csv")
run_ce "$work/sfw" rank "$S" -w "$P" --set "innov=40％" -o "$work/sfw.csv"
check "--set innov=40％ (full-width): the same ranking" cmp "$work/sfw.csv" "$work/s40.csv"
run_ce "$work/s100" rank "$S" -w "$P" --set innov=100% -o "$work/s100.csv"
check "--set innov=100%: usage error" [ "$(rc_of "$work/s100")" = 2 ]
check "--set innov=100%: the message" grep -qF "clustereval rank: --set innov=100%: a share must be below 100% and not negative" "$work/s100.err"
check "--set innov=100%: no output" test ! -e "$work/s100.csv"
run_ce "$work/s0" rank "$S" -w "$P" --set scale=0 --set digital=0 --set green=0 --set open=0 \
  --set gov=0 --set innov=40% -o "$work/s0.csv"
check "--set: a share beside siblings weighing 0: usage error" [ "$(rc_of "$work/s0")" = 2 ]
check "--set: a share beside siblings weighing 0: the message" \
  grep -qF "clustereval rank: --set innov=40%: a share of its siblings, and it has none with a weight" "$work/s0.err"
# --baseline-set takes a share as --set does.
run_ce "$work/b40" rank "$S" -w "$P" --set innov=40% --baseline-set innov=40% \
  --compare-out "$work/b40-cmp.csv" -o "$work/b40.csv"
check "--baseline-set innov=40% against --set innov=40%: no cluster moves" \
  grep -qx "baseline,summary,moved,0,,,,,,,,," "$work/b40-cmp.csv"
run_ce "$work/b100" rank "$S" -w "$P" --baseline-set innov=100% -o "$work/b100.csv"
check "--baseline-set innov=100%: usage error" [ "$(rc_of "$work/b100")" = 2 ]
check "--baseline-set innov=100%: the message" grep -qF -- "--baseline-set innov=100%: a share must be below 100%" "$work/b100.err"

e2e_done
