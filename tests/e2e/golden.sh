#!/usr/bin/env bash
# golden.sh EXE SRC WORK - the shipped sample ranked with both shipped
# profiles must give byte-identical files to tests/golden/ (their scores were
# checked once against an independent computation, see README), stdout must
# be the same CSV without the BOM, and two runs must agree byte for byte.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
golden="$src/tests/golden"

for prof in default expert; do
  pfile="$src/weights/$prof.csv"
  [ "$prof" = expert ] && pfile="$src/weights/expert-example.csv"
  run_ce "$work/$prof" rank "$src/samples/clusters-2023.csv" -w "$pfile" -o "$work/$prof.csv"
  check "$prof: exit 0" [ "$(rc_of "$work/$prof")" = 0 ]
  check "$prof: matches tests/golden/clusters-2023.$prof.csv" \
    cmp "$work/$prof.csv" "$golden/clusters-2023.$prof.csv"
  run_ce "$work/$prof-stdout" rank "$src/samples/clusters-2023.csv" -w "$pfile"
  sed '1s/^\xEF\xBB\xBF//' "$work/$prof.csv" >"$work/$prof-nobom.csv"
  check "$prof: stdout is the file without its BOM" cmp "$work/$prof-stdout.out" "$work/$prof-nobom.csv"
  run_ce "$work/$prof-again" rank "$src/samples/clusters-2023.csv" -w "$pfile" -o "$work/$prof-again.csv"
  check "$prof: a second run is byte-identical" cmp "$work/$prof.csv" "$work/$prof-again.csv"
done

# The summary on stderr names the counts and the ten winners.
check "summary counts" grep -q "ranked 45 of 45 clusters (0 unranked); 42 award candidates" "$work/default.err"
check "summary lists 10 awards" [ "$(grep -c '^ *[0-9]*  yes ' "$work/default.err")" = 10 ]
# Sample facts: 45 rows, the two ineligible and the vetoed cluster get no award.
check "45 clusters ranked" [ "$(tail -n +2 "$work/default.csv" | grep -c '^[0-9]')" = 45 ]
check "10 awards of 1000000" [ "$(grep -c ',yes,1000000,' "$work/default.csv")" = 10 ]
check "ineligible SD-2023-040 gets no award" grep -q '^[0-9]*,SD-2023-040,.*,no,0,.*not eligible' "$work/default.csv"
check "vetoed SD-2023-027 gets no award" grep -q '^[0-9]*,SD-2023-027,.*,no,0,.*vetoed' "$work/default.csv"

# The hand-checked small example (README worked example).
run_ce "$work/small" rank "$data/small.csv" -w "$data/profile-small.csv" -o "$work/small.csv"
check "small: matches tests/golden/small.csv" cmp "$work/small.csv" "$golden/small.csv"
check "small: A2 scores (2*33.333+66.667)/3=44.444 and (50+50)/2=50 -> 47.222222" \
  grep -q '^2,A2,乙集群,47.222222,yes,1000000,44.444444,3,50.000000,2,1.0000,$' "$work/small.csv"
# The same data as Excel writes it (BOM, CRLF, quoted multi-line name, full-width
# digits, 是/否, 50%, N/A, a trailing empty row) gives the same numbers.
run_ce "$work/excel" rank "$data/small-excel.csv" -w "$data/profile-small.csv"
run_ce "$work/plain" rank "$data/small.csv" -w "$data/profile-small.csv"
# Fold the quoted two-line name back to the plain file's name before comparing.
sed -e ':a' -e 'N' -e '$!ba' -e 's/"乙集群\r\{0,1\}\n(多行)"/乙集群/' "$work/excel.out" >"$work/excel.cut"
cp "$work/plain.out" "$work/plain.cut"
check "Excel-style input gives the same scores as the plain file" cmp "$work/excel.cut" "$work/plain.cut"
e2e_done
