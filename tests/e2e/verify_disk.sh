#!/usr/bin/env bash
# verify_disk.sh EXE SRC WORK - `verify` checks every recorded output as it
# is on disk, not only its own re-run (issue 13 §2): an award removed by hand
# from a ranking, or a granted voucher edited to rejected, makes verify exit 1
# naming the file as changed on disk, with both digests, and the last line
# says which check failed; an output gone from disk is named as missing; a
# manifest that records no output is refused before anything runs; a re-run
# that fails is named as the failed check.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
sha() { sha256sum "$1" | cut -c1-64; }

# ---- rank: one award line edited by hand ------------------------------------------------
cp "$src/samples/clusters-2023.csv" "$work/data.csv"
run_ce "$work/rank" rank "$work/data.csv" -o "$work/ranking.csv" --top 5
M="$work/ranking.csv.manifest.json"
check "rank: exit 0" test "$(rc_of "$work/rank")" = 0
recorded=$(sha "$work/ranking.csv")
run_ce "$work/v0" verify "$M"
check "untouched ranking: verify exit 0" test "$(rc_of "$work/v0")" = 0
check "untouched ranking: the output is the same on disk" \
  grep -qx "clustereval: verify: output $work/ranking.csv: same" "$work/v0.err"
check "untouched ranking: the re-run is identical" \
  grep -qx "clustereval: verify: output $work/ranking.csv: re-run identical" "$work/v0.err"
check "untouched ranking: reproduced" \
  test "$(tail -n 1 "$work/v0.err")" = "clustereval: verify: $M: reproduced"
# the 5th award becomes no award (the line keeps its length: same size, other bytes)
sed -i 's/^5,SD-2023-005,\(.*\),yes,1000000,/5,SD-2023-005,\1,no!,0000000,/' "$work/ranking.csv"
check "the edit took" grep -q '^5,SD-2023-005,.*,no!,0000000,' "$work/ranking.csv"
now=$(sha "$work/ranking.csv")
run_ce "$work/v1" verify "$M"
check "edited ranking: verify exit 1" test "$(rc_of "$work/v1")" = 1
check "edited ranking: named as changed on disk, with both digests" \
  grep -qx "clustereval: verify: output $work/ranking.csv: changed on disk (sha256 $now, manifest $recorded)" "$work/v1.err"
check "edited ranking: the re-run still reproduces the record" \
  grep -qx "clustereval: verify: output $work/ranking.csv: re-run identical" "$work/v1.err"
check "edited ranking: the last line names the failed check" \
  test "$(tail -n 1 "$work/v1.err")" = "clustereval: verify: $M: NOT reproduced: on-disk check failed (1 output changed on disk); re-run check passed"
check "edited ranking: verify left the edit alone" test "$(sha "$work/ranking.csv")" = "$now"

# ---- the output gone from disk ----------------------------------------------------------
rm "$work/ranking.csv"
run_ce "$work/v2" verify "$M"
check "removed ranking: verify exit 3" test "$(rc_of "$work/v2")" = 3
check "removed ranking: named as missing" \
  grep -qx "clustereval: verify: output $work/ranking.csv: missing on disk (cannot open: No such file or directory)" "$work/v2.err"
check "removed ranking: the last line names the failed check" \
  test "$(tail -n 1 "$work/v2.err")" = "clustereval: verify: $M: NOT reproduced: on-disk check failed (1 output missing on disk); re-run check passed"
check "removed ranking: verify did not write it back" test ! -e "$work/ranking.csv"

# ---- voucher issue: a granted row edited to rejected ------------------------------------
run_ce "$work/vi" voucher issue "$src/samples/vouchers-2023.csv" --cycle 2023A --pool 4413500 \
  -o "$work/dec.csv"
check "voucher issue: exit 0" test "$(rc_of "$work/vi")" = 0
check "voucher issue: 126 granted" test "$(grep -c ',granted,' "$work/dec.csv")" = 126
sed -i '0,/,granted,,small,general,46000.00,2023A-000001,/s//,rejected,,small,general,46000.00,2023A-000001,/' "$work/dec.csv"
check "the edit took" test "$(grep -c ',granted,' "$work/dec.csv")" = 125
recorded=$(grep -o "\"path\": \"$work/dec.csv\", \"size\": [0-9]*, \"sha256\": \"[0-9a-f]*\"" \
  "$work/dec.csv.manifest.json" | grep -o '[0-9a-f]\{64\}')
run_ce "$work/vv" verify "$work/dec.csv.manifest.json"
check "edited decisions: verify exit 1" test "$(rc_of "$work/vv")" = 1
check "edited decisions: named as changed on disk" \
  grep -qx "clustereval: verify: output $work/dec.csv: changed on disk (sha256 $(sha "$work/dec.csv"), manifest $recorded)" "$work/vv.err"
check "edited decisions: the last line names the on-disk check" \
  grep -q "dec.csv.manifest.json: NOT reproduced: on-disk check failed (1 output changed on disk)" "$work/vv.err"

# ---- a report (HTML) edited by hand: named as changed on disk, whatever its role ----------
run_ce "$work/rh" rank "$work/data.csv" -o "$work/r2.csv" --top 5 --html "$work/r2.html"
check "rank --html: exit 0" test "$(rc_of "$work/rh")" = 0
sed -i 's/SD-2023-005/SD-2023-099/' "$work/r2.html"
run_ce "$work/vh" verify "$work/r2.csv.manifest.json"
check "edited report: verify exit 1" test "$(rc_of "$work/vh")" = 1
check "edited report: named as changed on disk" \
  grep -q " $work/r2.html: changed on disk (sha256 $(sha "$work/r2.html"), manifest [0-9a-f]\{64\})\$" "$work/vh.err"
check "edited report: the ranking itself is the same" \
  grep -qx "clustereval: verify: output $work/r2.csv: same" "$work/vh.err"

# ---- files untouched, but the recorded command fails when re-run: the re-run check fails ------
run_ce "$work/rf" rank "$work/data.csv" -o "$work/r3.csv" --top 5
sed -i 's/"--top", "5"\]/"--top", "five"]/' "$work/r3.csv.manifest.json"
check "the manifest edit took" grep -q '"--top", "five"\]' "$work/r3.csv.manifest.json"
run_ce "$work/vf" verify "$work/r3.csv.manifest.json"
check "failing re-run: verify exit 1" test "$(rc_of "$work/vf")" = 1
check "failing re-run: the files are the same on disk" \
  grep -qx "clustereval: verify: output $work/r3.csv: same" "$work/vf.err"
check "failing re-run: the last line names the re-run check" \
  test "$(tail -n 1 "$work/vf.err")" = "clustereval: verify: $work/r3.csv.manifest.json: NOT reproduced: on-disk check passed; re-run check failed (the command exited 2)"

# ---- a manifest that records no output ---------------------------------------------------
cat >"$work/none.manifest.json" <<JSON
{
  "tool": "clustereval",
  "command": ["rank", "$work/data.csv", "-o", "$work/elsewhere.csv"],
  "options": {},
  "files": [
    {"role": "data", "path": "$work/data.csv", "size": $(stat -c %s "$work/data.csv"), "sha256": "$(sha "$work/data.csv")"}
  ],
  "counts": {}
}
JSON
run_ce "$work/vn" verify "$work/none.manifest.json"
check "no output: verify exit 1" test "$(rc_of "$work/vn")" = 1
check "no output: refused, saying so" \
  grep -qx "clustereval: $work/none.manifest.json: the manifest records no output; there is nothing to verify" "$work/vn.err"
check "no output: nothing run, nothing written" test ! -e "$work/elsewhere.csv"
check "no output: not re-run" test "$(grep -c 're-running' "$work/vn.err")" = 0

# ---- a file name that is not UTF-8 (GBK) cannot be recorded in JSON: no manifest, said so --
gbk=$(printf '\xc9\xbd\xb6\xab.csv') # 山东 in GBK
cp "$work/data.csv" "$work/$gbk"
run_ce "$work/gbk" rank "$work/$gbk" -o "$work/gbk-out.csv" --top 5
check "GBK file name: the ranking is written" test "$(rc_of "$work/gbk")" = 0 -a -s "$work/gbk-out.csv"
check "GBK file name: no manifest" test ! -e "$work/gbk-out.csv.manifest.json"
check "GBK file name: said so, naming the text" \
  env LC_ALL=C grep -q "^clustereval: warning: no provenance manifest written: the command-line argument \".*\" is not UTF-8 text, which is all a manifest (JSON) can record\$" "$work/gbk.err"

e2e_done
