#!/usr/bin/env bash
# verify_reports.sh EXE SRC WORK - every file a run writes is reproducible,
# the reports for people included (issue 13 §2): the HTML report and the
# workbooks are dated with the run's time (the manifest's "started", or
# SOURCE_DATE_EPOCH), recorded as outputs, and `verify` re-runs the command
# at the recorded time and finds them identical byte for byte. A report
# edited by hand is not certified. A malformed SOURCE_DATE_EPOCH is refused.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
cp "$src/samples/clusters-2023.csv" "$work/data.csv"
cd "$work" || exit 1

# ---- rank --html --xlsx, then verify --------------------------------------------------
run_ce "$work/rank" rank data.csv -o r.csv --html r.html --xlsx r.xlsx
check "rank with reports: exit 0" test "$(rc_of "$work/rank")" = 0
M="$work/r.csv.manifest.json"
check "manifest: r.html recorded as an output" grep -q '{"role": "output", "path": "r.html", ' "$M"
check "manifest: r.xlsx recorded as an output" grep -q '{"role": "output", "path": "r.xlsx", ' "$M"
started=$(sed -n 's/^  "started": "\(.*\)",$/\1/p' "$M")
html_date=$(date -u -d "$started" '+%Y-%m-%d %H:%M UTC')
check "html: dated with the manifest's started ($started)" grep -q "<td>$html_date</td>" r.html
check "xlsx: created property is the manifest's started" \
  bash -c "unzip -p r.xlsx docProps/core.xml | grep -q '<dcterms:created xsi:type=\"dcterms:W3CDTF\">$started</dcterms:created>'"
cp r.html r.html.orig
cp r.xlsx r.xlsx.orig
sleep 1 # a re-run that read the clock would now date its reports differently
run_ce "$work/verify" verify "$M"
check "verify: exit 0" test "$(rc_of "$work/verify")" = 0
check "verify: r.html same on disk and re-run identical" \
  bash -c "grep -qx 'clustereval: verify: output r.html: same' '$work/verify.err' && grep -qx 'clustereval: verify: output r.html: re-run identical' '$work/verify.err'"
check "verify: r.xlsx same on disk and re-run identical" \
  bash -c "grep -qx 'clustereval: verify: output r.xlsx: same' '$work/verify.err' && grep -qx 'clustereval: verify: output r.xlsx: re-run identical' '$work/verify.err'"
check "verify: r.csv same on disk and re-run identical" \
  bash -c "grep -qx 'clustereval: verify: output r.csv: same' '$work/verify.err' && grep -qx 'clustereval: verify: output r.csv: re-run identical' '$work/verify.err'"
check "verify: reproduced" grep -q "r.csv.manifest.json: reproduced" "$work/verify.err"
check "verify: the reports untouched" bash -c "cmp -s r.html r.html.orig && cmp -s r.xlsx r.xlsx.orig"
check "verify: no temporary file left" test "$(ls "$work" | grep -c verify-)" = 0

# A hand-edited report is not certified: changed on disk, though the re-run
# still makes what the manifest records.
sed -i 's/SD-2023-005/SD-2023-099/' r.html
run_ce "$work/edited" verify "$M"
check "verify after r.html was edited: exit 1" test "$(rc_of "$work/edited")" = 1
check "verify after r.html was edited: named as changed on disk" \
  grep -q "^clustereval: verify: output r.html: changed on disk (sha256 $(sha256sum r.html | cut -c1-64), manifest $(sha256sum r.html.orig | cut -c1-64))\$" "$work/edited.err"
check "verify after r.html was edited: the re-run still makes the recorded r.html" \
  grep -qx "clustereval: verify: output r.html: re-run identical" "$work/edited.err"
check "verify after r.html was edited: NOT reproduced" grep -q "r.csv.manifest.json: NOT reproduced" "$work/edited.err"
cp r.html.orig r.html


# ---- SOURCE_DATE_EPOCH -----------------------------------------------------------------
mkdir -p a b
SOURCE_DATE_EPOCH=1714550400 run_ce "$work/sde1" rank data.csv -o a/r.csv --html a/r.html --xlsx a/r.xlsx
sleep 1
SOURCE_DATE_EPOCH=1714550400 run_ce "$work/sde2" rank data.csv -o b/r.csv --html b/r.html --xlsx b/r.xlsx
check "SOURCE_DATE_EPOCH: both runs exit 0" test "$(rc_of "$work/sde1")$(rc_of "$work/sde2")" = 00
check "SOURCE_DATE_EPOCH: html byte-identical" cmp a/r.html b/r.html
check "SOURCE_DATE_EPOCH: xlsx byte-identical" cmp a/r.xlsx b/r.xlsx
check "SOURCE_DATE_EPOCH: the manifest's started" grep -q '"started": "2024-05-01T08:00:00Z"' a/r.csv.manifest.json
check "SOURCE_DATE_EPOCH: the html's date" grep -q '<td>2024-05-01 08:00 UTC</td>' a/r.html
check "SOURCE_DATE_EPOCH: the workbook's created date" \
  bash -c "unzip -p a/r.xlsx docProps/core.xml | grep -q '>2024-05-01T08:00:00Z</dcterms:created>'"
run_ce "$work/sdev" verify a/r.csv.manifest.json
check "SOURCE_DATE_EPOCH: verify reproduced" test "$(rc_of "$work/sdev")" = 0
# verify uses the recorded time, whatever SOURCE_DATE_EPOCH says now
SOURCE_DATE_EPOCH=1000000000 run_ce "$work/sdev2" verify a/r.csv.manifest.json
check "verify under another SOURCE_DATE_EPOCH: reproduced" test "$(rc_of "$work/sdev2")" = 0

for bad in abc 12x "" -5 +5 " 5" 1.5 0x10 99999999999999999999 253402300800 0; do
  SOURCE_DATE_EPOCH="$bad" run_ce "$work/bad" rank data.csv -o bad.csv --html bad.html
  check "SOURCE_DATE_EPOCH=\"$bad\": exit 2" test "$(rc_of "$work/bad")" = 2
  check "SOURCE_DATE_EPOCH=\"$bad\": says why" grep -q "SOURCE_DATE_EPOCH \"$bad\" is not" "$work/bad.err"
  check "SOURCE_DATE_EPOCH=\"$bad\": nothing written" \
    bash -c "test ! -e bad.csv && test ! -e bad.html && test ! -e bad.csv.manifest.json"
done
SOURCE_DATE_EPOCH=253402300799 run_ce "$work/max" rank data.csv -o max.csv
check "SOURCE_DATE_EPOCH=253402300799 (9999-12-31T23:59:59Z): accepted" \
  grep -q '"started": "9999-12-31T23:59:59Z"' max.csv.manifest.json

# ---- a manifest whose started is not a time ----------------------------------------------
sed 's/"started": "[^"]*"/"started": "2024-05-01 08:00"/' "$M" >badtime.manifest.json
run_ce "$work/badtime" verify badtime.manifest.json
check "verify, started not a time: exit 1" test "$(rc_of "$work/badtime")" = 1
check "verify, started not a time: says so" grep -q 'started "2024-05-01 08:00" is not' "$work/badtime.err"
# without a "started", the re-run dates its reports now: they differ, and a note says why
grep -v '"started"' "$M" >notime.manifest.json
run_ce "$work/notime" verify notime.manifest.json
check "verify, no started: exit 1" test "$(rc_of "$work/notime")" = 1
check "verify, no started: a note says the re-run dates its files now" \
  grep -q 'the manifest records no "started" time; the re-run dates its files now' "$work/notime.err"
check "verify, no started: r.xlsx differs" grep -q "output r.xlsx: re-run differs" "$work/notime.err"
check "verify, no started: r.csv still re-run identical" grep -qx "clustereval: verify: output r.csv: re-run identical" "$work/notime.err"

# ---- the other commands that write reports -------------------------------------------
S="$src/samples"
run_ce "$work/unc" uncertainty data.csv --draws 50 -o u.csv --html u.html
check "uncertainty --html: recorded as an output" grep -q '{"role": "output", "path": "u.html", ' u.csv.manifest.json
run_ce "$work/vunc" verify u.csv.manifest.json
check "uncertainty --html: verify reproduced" test "$(rc_of "$work/vunc")" = 0
check "uncertainty --html: u.html same on disk and re-run identical" \
  bash -c "grep -qx 'clustereval: verify: output u.html: same' '$work/vunc.err' && grep -qx 'clustereval: verify: output u.html: re-run identical' '$work/vunc.err'"

run_ce "$work/tr" training "$S/training-2023.csv" -o t.csv --xlsx t.xlsx
check "training --xlsx: recorded as an output" grep -q '{"role": "output", "path": "t.xlsx", ' t.csv.manifest.json
sleep 1
run_ce "$work/vtr" verify t.csv.manifest.json
check "training --xlsx: verify reproduced" test "$(rc_of "$work/vtr")" = 0
check "training --xlsx: t.xlsx same on disk and re-run identical" \
  bash -c "grep -qx 'clustereval: verify: output t.xlsx: same' '$work/vtr.err' && grep -qx 'clustereval: verify: output t.xlsx: re-run identical' '$work/vtr.err'"

run_ce "$work/vi" voucher issue "$S/vouchers-2023.csv" --cycle 2023A --pool 4413500 \
  --ledger v.db -o v.csv --xlsx v.xlsx
check "voucher issue --xlsx: exit 0" test "$(rc_of "$work/vi")" = 0
check "voucher issue --xlsx: recorded as an output" grep -q '{"role": "output", "path": "v.xlsx", ' v.csv.manifest.json
sleep 1
run_ce "$work/vvi" verify v.csv.manifest.json
check "voucher issue --xlsx: verify reproduced" test "$(rc_of "$work/vvi")" = 0
check "voucher issue --xlsx: v.xlsx same on disk and re-run identical" \
  bash -c "grep -qx 'clustereval: verify: output v.xlsx: same' '$work/vvi.err' && grep -qx 'clustereval: verify: output v.xlsx: re-run identical' '$work/vvi.err'"

# voucher status: the default --as-of is the run's day (2023-06-01T12:00:00Z:
# 42 of the 126 vouchers expired, 84 outstanding; by the clock's today all
# 126 have), so a later verify reports as of the same day
SOURCE_DATE_EPOCH=1685620800 run_ce "$work/st" voucher status --ledger v.db -o s.csv --xlsx s.xlsx
check "voucher status: exit 0" test "$(rc_of "$work/st")" = 0
check "voucher status: as of the run's day (42 expired, 84 outstanding)" \
  test "$(tail -n 1 s.csv)" = "2023A,4413500.00,126,4413500.00,0,0.00,42,84,0.00"
run_ce "$work/vst" verify s.csv.manifest.json
check "voucher status: verify reproduced" test "$(rc_of "$work/vst")" = 0
check "voucher status: s.xlsx same on disk and re-run identical" \
  bash -c "grep -qx 'clustereval: verify: output s.xlsx: same' '$work/vst.err' && grep -qx 'clustereval: verify: output s.xlsx: re-run identical' '$work/vst.err'"

e2e_done
