#!/usr/bin/env bash
# sme.sh EXE SRC WORK - `clustereval sme` on samples/enterprises-2024.csv
# with the shipped 2011 standard: every enterprise gets its expected size;
# a row that cannot be classified keeps exit 0 with "error:" in its reason;
# a missing column or duplicate id fails the file (exit 1, file:line); -o
# writes a BOM (not with --no-bom); a bad option exits 2.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
S="$src/samples/enterprises-2024.csv"

# sizes OUT: "id size" per row (size is the next-to-last field: the sample's
# reasons have no commas).
sizes() { awk -F, 'NR > 1 { sub(/\r$/, ""); print $1, $(NF - 1) }' "$1"; }

run_ce "$work/sample" sme "$S"
check "sample: exit 0" test "$(rc_of "$work/sample")" = 0
cat >"$work/expected" <<'END'
E01 medium
E02 large
E03 small
E04 micro
E05 medium
E06 micro
E07 medium
E08 small
E09 large
E10 small
E11 medium
E12 micro
E13 large
E14 small
E15 small
E16 medium
E17 large
E18 medium
E19 micro
E20 medium
END
sizes "$work/sample.out" >"$work/got"
check "sample: the expected size of all 20 enterprises" diff "$work/expected" "$work/got"
check "sample: header" test "$(head -n 1 "$work/sample.out")" = "id,industry,employees,revenue,assets,size,reason"
check "sample: the cells as given (thousands separator kept, quoted)" \
  grep -qx 'E07,零售业,60,"1,200",,medium,medium: 从业人员 60 >= 50 and 营业收入 1200 >= 500; below large: 从业人员 60 < 300' "$work/sample.out"
check "sample: medium persons, small revenue -> small, reason names the bound" \
  grep -q '^E03,工业,450,1500,3000,small,small: 从业人员 450 >= 20 and 营业收入 1500 >= 300; below medium: 营业收入 1500 < 2000$' "$work/sample.out"
check "sample: micro reason" grep -q '^E19,other,9,,,micro,micro: 从业人员 9 < 10 (small)$' "$work/sample.out"
check "sample: full-width digits" grep -q '^E20,.*,medium,' "$work/sample.out"
check "sample: summary on stderr" \
  grep -q 'sme: 20 enterprises in .*: large 4, medium 7, small 5, micro 4$' "$work/sample.err"
check "sample: no warning" bash -c "! grep -q warning '$work/sample.err'"

# -o: atomically, with a BOM; the same content as stdout.
run_ce "$work/o" sme "$S" -o "$work/out.csv"
check "-o: exit 0" test "$(rc_of "$work/o")" = 0
check "-o: BOM" test "$(head -c 3 "$work/out.csv" | od -An -tx1 | tr -d ' ')" = efbbbf
check "-o: same rows as stdout" cmp <(tail -c +4 "$work/out.csv") "$work/sample.out"
run_ce "$work/nobom" sme --no-bom -o "$work/nobom.csv" "$S"
check "--no-bom: no BOM" cmp "$work/nobom.csv" "$work/sample.out"

# Row-level errors: exit 0, empty size, "error:" reason, a warning count.
printf 'id,industry,employees,revenue,assets\nA,mining,10,10,10\nB,工业,,100,\nC,retail,12..5,100,\nD,other,10,,\n' >"$work/rowerr.csv"
run_ce "$work/rowerr" sme "$work/rowerr.csv"
check "row errors: exit 0" test "$(rc_of "$work/rowerr")" = 0
check "row errors: unknown industry" grep -q '^A,mining,10,10,10,,"error: unknown industry ""mining"""$' "$work/rowerr.out"
check "row errors: missing measure" grep -q '^B,工业,,100,,,error: 从业人员 (persons) is missing; 工业 needs it$' "$work/rowerr.out"
check "row errors: bad number" grep -q '^C,retail,12..5,100,,,"error: column ""employees"": cannot parse' "$work/rowerr.out"
check "row errors: a good row still classified" grep -q '^D,other,10,,,small,' "$work/rowerr.out"
check "row errors: warning with file:line" grep -q "rowerr.csv:3: id \"B\"" "$work/rowerr.err"
check "row errors: warning count" grep -q 'warning: 3 row(s) not classified' "$work/rowerr.err"

# File-level errors: exit 1 with file:line, no output file.
printf 'id,employees,revenue,assets\nA,10,10,10\n' >"$work/nocol.csv"
run_ce "$work/nocol" sme "$work/nocol.csv" -o "$work/nocol-out.csv"
check "missing industry column: exit 1" test "$(rc_of "$work/nocol")" = 1
check "missing industry column: message" grep -q 'nocol.csv:1: missing column "industry"' "$work/nocol.err"
check "missing industry column: no output file" test ! -e "$work/nocol-out.csv"
printf 'id,industry,employees,revenue,assets\nA,other,1,,\nB,other,2,,\nA,other,3,,\n' >"$work/dup.csv"
run_ce "$work/dup" sme "$work/dup.csv"
check "duplicate id: exit 1" test "$(rc_of "$work/dup")" = 1
check "duplicate id: message" grep -q 'dup.csv:4: duplicate id "A" (first on line 2)' "$work/dup.err"
printf 'id,industry,measures,large,medium,small\nx,X,staff,10,5,1\n' >"$work/std.csv"
run_ce "$work/badstd" sme "$S" --standard "$work/std.csv"
check "bad standard: exit 1" test "$(rc_of "$work/badstd")" = 1
check "bad standard: message" grep -q 'std.csv:2: column "measures": unknown measure "staff"' "$work/badstd.err"
printf 'id,industry,measures,large,medium,small\nother,其他,persons,3,2,1\n' >"$work/std2.csv"
printf 'id,industry,employees,revenue,assets\nA,other,2,,\n' >"$work/one.csv"
run_ce "$work/std2" sme "$work/one.csv" --standard "$work/std2.csv"
check "--standard: used" grep -q '^A,other,2,,,medium,' "$work/std2.out"

# Usage errors: exit 2.
run_ce "$work/badopt" sme "$S" --bogus
check "unknown option: exit 2" test "$(rc_of "$work/badopt")" = 2
check "unknown option: message" grep -q 'unknown option --bogus' "$work/badopt.err"
run_ce "$work/nofile" sme
check "no data file: exit 2" test "$(rc_of "$work/nofile")" = 2
run_ce "$work/missing" sme "$work/absent.csv"
check "absent data file: exit 3" test "$(rc_of "$work/missing")" = 3

e2e_done
