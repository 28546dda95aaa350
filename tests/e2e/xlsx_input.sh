#!/usr/bin/env bash
# xlsx_input.sh EXE SRC WORK - .xlsx input (issue 15 §2): the samples saved as
# workbooks (tests/tools/csv2xlsx.c, libxlsxwriter: numbers as number cells,
# "1,353" shown #,##0, dates and date-times as date cells) give byte-identical
# outputs to the CSV runs for rank, voucher issue, voucher redeem and
# training; a workbook written by LibreOffice (soffice --convert-to xlsx,
# when installed: scripts/setup.sh --test) too; errors name the sheet and
# the cell; a workbook whose first sheet is not the data says which sheet it
# read; samples/clusters-2023.xlsx ranks to the golden file.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
S="$src/samples"

tool="$work/csv2xlsx"
# shellcheck disable=SC2046
if ! cc -O2 -o "$tool" "$src/tests/tools/csv2xlsx.c" -lcsv $(pkg-config --cflags --libs xlsxwriter); then
  fail "cannot build tests/tools/csv2xlsx.c"
  e2e_done
fi
check "csv2xlsx clusters" "$tool" "$S/clusters-2023.csv" "$work/clusters.xlsx" 数据
check "csv2xlsx vouchers" "$tool" "$S/vouchers-2023.csv" "$work/vouchers.xlsx"
check "csv2xlsx claims" "$tool" "$S/voucher-claims-2023.csv" "$work/claims.xlsx"
check "csv2xlsx training" "$tool" "$S/training-2023.csv" "$work/training.xlsx"

# rank: the file, stdout and stderr but for the file's name.
run_ce "$work/rank-csv" rank "$S/clusters-2023.csv" -o "$work/rank-csv.csv"
run_ce "$work/rank-xlsx" rank "$work/clusters.xlsx" -o "$work/rank-xlsx.csv"
check "rank xlsx: exit 0" [ "$(rc_of "$work/rank-xlsx")" = 0 ]
check "rank xlsx: the same ranking file" cmp "$work/rank-csv.csv" "$work/rank-xlsx.csv"
check "rank xlsx: the same stderr" cmp "$work/rank-csv.err" "$work/rank-xlsx.err"
run_ce "$work/rank-csv-out" rank "$S/clusters-2023.csv"
run_ce "$work/rank-xlsx-out" rank "$work/clusters.xlsx"
check "rank xlsx: the same stdout" cmp "$work/rank-csv-out.out" "$work/rank-xlsx-out.out"
check "rank xlsx: stdout not empty" [ -s "$work/rank-xlsx-out.out" ]

# The shipped workbook (samples/clusters-2023.xlsx, csv2xlsx of the CSV, sheet
# 数据) ranks to the golden file of the CSV.
run_ce "$work/sample" rank "$S/clusters-2023.xlsx" -o "$work/sample.csv"
check "samples/clusters-2023.xlsx: exit 0" [ "$(rc_of "$work/sample")" = 0 ]
check "samples/clusters-2023.xlsx: matches tests/golden/clusters-2023.default.csv" \
  cmp "$work/sample.csv" "$src/tests/golden/clusters-2023.default.csv"

# voucher issue and redeem, each with its own ledger.
mkdir -p "$work/v-csv" "$work/v-xlsx"
for kind in csv xlsx; do
  if [ $kind = csv ]; then apps="$S/vouchers-2023.csv" claims="$S/voucher-claims-2023.csv"
  else apps="$work/vouchers.xlsx" claims="$work/claims.xlsx"; fi
  run_ce "$work/v-$kind/issue" voucher issue "$apps" --cycle 2023A --pool 5000000 \
    --ledger "$work/v-$kind/l.db" -o "$work/v-$kind/dec.csv"
  run_ce "$work/v-$kind/redeem" voucher redeem "$claims" --ledger "$work/v-$kind/l.db" \
    -o "$work/v-$kind/red.csv" --as-of 2023-07-31
done
check "voucher issue xlsx: exit 0" [ "$(rc_of "$work/v-xlsx/issue")" = 0 ]
check "voucher issue xlsx: the same decisions" cmp "$work/v-csv/dec.csv" "$work/v-xlsx/dec.csv"
check "voucher issue: 130 granted" grep -q ": 130 granted (4553500.00 CNY)" "$work/v-xlsx/issue.err"
check "voucher redeem xlsx: exit 0" [ "$(rc_of "$work/v-xlsx/redeem")" = 0 ]
check "voucher redeem xlsx: the same payments" cmp "$work/v-csv/red.csv" "$work/v-xlsx/red.csv"

run_ce "$work/t-csv" training "$S/training-2023.csv" -o "$work/t-csv.csv"
run_ce "$work/t-xlsx" training "$work/training.xlsx" -o "$work/t-xlsx.csv"
check "training xlsx: exit 0" [ "$(rc_of "$work/t-xlsx")" = 0 ]
check "training xlsx: the same checks" cmp "$work/t-csv.csv" "$work/t-xlsx.csv"

# A cell that is no number: the sheet and the cell (SD-2023-003's i_rd,
# column I of Excel row 4).
sed '4s/^\(\([^,]*,\)\{8\}\)[^,]*/\112..5/' "$S/clusters-2023.csv" >"$work/bad.csv"
check "bad.csv has 12..5" grep -q '^SD-2023-003,.*,12\.\.5,' "$work/bad.csv"
check "csv2xlsx bad" "$tool" "$work/bad.csv" "$work/bad.xlsx" 数据
run_ce "$work/bad" rank "$work/bad.xlsx"
check "bad cell: exit 1" [ "$(rc_of "$work/bad")" = 1 ]
check "bad cell: names 数据!I4" \
  grep -q "^clustereval: $work/bad.xlsx:4: 数据!I4: .*\"12\.\.5\"" "$work/bad.err"

# The data on the second sheet: the first is read, with a note, and --sheet
# is the way to the data.
check "csv2xlsx two sheets" "$tool" "$S/clusters-2023.csv" "$work/two.xlsx" 数据 填报说明
run_ce "$work/two" rank "$work/two.xlsx"
check "two sheets: exit 1" [ "$(rc_of "$work/two")" = 1 ]
check "two sheets: says which sheet it read" \
  grep -qF "warning: $work/two.xlsx: read sheet \"填报说明\", the first of 2 (--sheet chooses another)" "$work/two.err"
check "two sheets: the header's row named" grep -qF "$work/two.xlsx:1: 填报说明!1:1: " "$work/two.err"
run_ce "$work/two-sheet" rank "$work/two.xlsx" --sheet 数据 -o "$work/two-sheet.csv"
check "--sheet 数据: exit 0" [ "$(rc_of "$work/two-sheet")" = 0 ]
check "--sheet 数据: the same ranking file" cmp "$work/rank-csv.csv" "$work/two-sheet.csv"
check "--sheet 数据: no note" [ "$(grep -c 'read sheet' "$work/two-sheet.err")" = 0 ]
run_ce "$work/no-sheet" rank "$work/two.xlsx" --sheet 2023
check "--sheet 2023: exit 1" [ "$(rc_of "$work/no-sheet")" = 1 ]
check "--sheet 2023: lists the sheets" grep -qF \
  "two.xlsx: the workbook has no sheet \"2023\" (its sheets: \"填报说明\", \"数据\")" "$work/no-sheet.err"
run_ce "$work/csv-sheet" rank "$S/clusters-2023.csv" --sheet 数据
check "--sheet on a CSV: exit 2" [ "$(rc_of "$work/csv-sheet")" = 2 ]
check "--sheet on a CSV: says so" grep -qF -e "--sheet names a sheet of an .xlsx workbook, and this is a CSV file" "$work/csv-sheet.err"
run_ce "$work/w-csv" weights "$S/clusters-2023.csv" --method entropy -o "$work/w-csv.csv"
run_ce "$work/w-two" weights "$work/two.xlsx" --sheet 数据 --method entropy -o "$work/w-two.csv"
check "weights --sheet: exit 0" [ "$(rc_of "$work/w-two")" = 0 ]
check "weights --sheet: the same weights" cmp "$work/w-csv.csv" "$work/w-two.csv"
run_ce "$work/a-two" audit "$work/two.xlsx" --sheet 数据 -o "$work/a-two"
check "audit --sheet: exit 0" [ "$(rc_of "$work/a-two")" = 0 ]
check "csv2xlsx training two sheets" "$tool" "$S/training-2023.csv" "$work/t-two.xlsx" 申报 说明
run_ce "$work/t-two" training "$work/t-two.xlsx" --sheet 申报 -o "$work/t-two.csv"
check "training --sheet: the same checks" cmp "$work/t-csv.csv" "$work/t-two.csv"
check "csv2xlsx vouchers two sheets" "$tool" "$S/vouchers-2023.csv" "$work/v-two.xlsx" 申请 说明
mkdir -p "$work/v-two"
run_ce "$work/v-two/issue" voucher issue "$work/v-two.xlsx" --sheet 申请 --cycle 2023A \
  --pool 5000000 --ledger "$work/v-two/l.db" -o "$work/v-two/dec.csv"
check "voucher issue --sheet: the same decisions" cmp "$work/v-csv/dec.csv" "$work/v-two/dec.csv"

# Not a workbook though a zip; an old .xls.
printf 'PK\003\004garbage' >"$work/cut.xlsx"
run_ce "$work/cut" rank "$work/cut.xlsx"
check "cut zip: exit 1" [ "$(rc_of "$work/cut")" = 1 ]
check "cut zip: says so" grep -q "cut.xlsx: a zip archive that cannot be opened as an .xlsx workbook" "$work/cut.err"

# A workbook LibreOffice wrote (its own styles, shared strings, dimension).
if command -v soffice >/dev/null 2>&1; then
  mkdir -p "$work/lo"
  HOME="$work/lo-home" timeout 120 soffice --headless --norestore --infilter="CSV:44,34,76,1" \
    --convert-to xlsx --outdir "$work/lo" "$S/clusters-2023.csv" "$S/training-2023.csv" \
    >"$work/lo.log" 2>&1
  check "soffice wrote clusters-2023.xlsx" [ -s "$work/lo/clusters-2023.xlsx" ]
  run_ce "$work/rank-lo" rank "$work/lo/clusters-2023.xlsx" -o "$work/rank-lo.csv"
  check "rank LibreOffice xlsx: exit 0" [ "$(rc_of "$work/rank-lo")" = 0 ]
  check "rank LibreOffice xlsx: the same ranking file" cmp "$work/rank-csv.csv" "$work/rank-lo.csv"
  run_ce "$work/t-lo" training "$work/lo/training-2023.xlsx" -o "$work/t-lo.csv"
  check "training LibreOffice xlsx: the same checks" cmp "$work/t-csv.csv" "$work/t-lo.csv"
else
  echo "skip: soffice not installed (scripts/setup.sh --test installs libreoffice-calc-nogui)"
fi
e2e_done
