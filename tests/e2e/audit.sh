#!/usr/bin/env bash
# audit.sh EXE SRC WORK - `clustereval audit` on the shipped sample (45
# clusters, 21 indicators, 6 dimensions) and on bad inputs: the five tables,
# their headers and row counts, determinism, BOM, the default folder, and
# that a failed run writes nothing.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
S="$src/samples/clusters-2023.csv"
W="$src/weights/default.csv"
P="$data/profile-small.csv"
files="indicators.csv clusters.csv dimensions.csv correlations.csv pairs.csv"
nobom() { sed '1s/^\xEF\xBB\xBF//' "$1"; }
rows() { nobom "$1" | tail -n +2 | wc -l | tr -d ' '; }
header() { nobom "$1" | head -n 1; }

run_ce "$work/a" audit "$S" -w "$W" -o "$work/out"
check "sample: exit 0" [ "$(rc_of "$work/a")" = 0 ]
for f in $files; do
  check "sample: $f exists" [ -s "$work/out/$f" ]
  check "sample: $f starts with a UTF-8 BOM" [ "$(head -c 3 "$work/out/$f" | od -An -tx1 | tr -d ' ')" = efbbbf ]
done
check "indicators.csv header" [ "$(header "$work/out/indicators.csv")" = "code,name,parent,n,missing_share,min,max,mean,median,sd,skew,kurt,unique_share,nonzero_share,flag_availability,flag_nonzero,flag_unique,flag_outlier,flags" ]
check "clusters.csv header" [ "$(header "$work/out/clusters.csv")" = "id,name,availability,scale_avail,innov_avail,digital_avail,green_avail,open_avail,gov_avail,flag_low_availability,low_dimensions" ]
check "dimensions.csv header" [ "$(header "$work/out/dimensions.csv")" = "code,name,level,parent,children,min_pairs,alpha,pc1_share,note" ]
check "correlations.csv header" [ "$(header "$work/out/correlations.csv")" = "code,name,parent,r_parent,n_parent,r_composite,n_composite,flag_negative" ]
check "pairs.csv header" [ "$(header "$work/out/pairs.csv")" = "code_a,code_b,r,pairs,same_parent" ]
check "one row per indicator (21)" [ "$(rows "$work/out/indicators.csv")" = 21 ]
check "one row per cluster (45)" [ "$(rows "$work/out/clusters.csv")" = 45 ]
check "one row per group and the composite (7)" [ "$(rows "$work/out/dimensions.csv")" = 7 ]
check "one correlation row per indicator (21)" [ "$(rows "$work/out/correlations.csv")" = 21 ]
check "indicator rows in profile order" [ "$(nobom "$work/out/indicators.csv" | tail -n +2 | cut -d, -f1 | tr '\n' ' ')" = "$(tail -n +2 "$W" | awk -F, '$5 != ""' | cut -d, -f1 | tr '\n' ' ')" ]
check "cluster rows in data order" [ "$(nobom "$work/out/clusters.csv" | tail -n +2 | cut -d, -f1 | tr '\n' ' ')" = "$(tail -n +2 "$S" | cut -d, -f1 | tr '\n' ' ')" ]
check "the composite comes first" grep -q "^composite,composite index,0,,6,45," "$work/out/dimensions.csv"
check "no nan or inf in any table" bash -c "! cat $(printf "'$work/out/%s' " $files) | grep -qiE '(^|,)-?(nan|inf)(,|\$)'"
check "every row of a table has the header's field count" bash -c "
  for f in indicators dimensions correlations pairs; do
    sed '1s/^\xEF\xBB\xBF//' '$work/out/'\$f.csv | awk -F, 'NR == 1 { n = NF } NF != n { exit 1 }' || exit 1
  done"
check "5 missing values counted (n sums to 45*21-5)" [ "$(nobom "$work/out/indicators.csv" | awk -F, 'NR > 1 { s += $4 } END { print s }')" = 940 ]
check "g_energy and g_water: |r| >= 0.9 in the same dimension" grep -q "^g_energy,g_water,0\.98[0-9]*,44,1$" "$work/out/pairs.csv"
check "g_greenfac is flagged as an outlier" grep -q "^g_greenfac,.*,1,few_unique; outlier$" "$work/out/indicators.csv"
check "a missing value: SD-2023-007 misses 1 of 21" grep -q "^SD-2023-007,.*,0\.952381,.*,0,$" "$work/out/clusters.csv"
check "stderr: the summary" grep -q "^clustereval: audit of 45 clusters, 21 indicators, 6 dimensions$" "$work/a.err"
check "stderr: names the files" grep -q "wrote indicators.csv, clusters.csv, dimensions.csv, correlations.csv, pairs.csv into" "$work/a.err"
check "stdout stays empty" [ ! -s "$work/a.out" ]
check "no temporary file left" bash -c "! ls -a '$work/out' | grep -q tmp"

# Determinism, --no-bom, a trailing slash.
run_ce "$work/b" audit "$S" -w "$W" -o "$work/again/" --no-bom
check "--no-bom: exit 0" [ "$(rc_of "$work/b")" = 0 ]
for f in $files; do
  check "--no-bom: $f has no BOM" [ "$(head -c 4 "$work/again/$f")" = "$(header "$work/out/$f" | head -c 4)" ]
  check "same input, same $f" bash -c "diff <(sed '1s/^\xEF\xBB\xBF//' '$work/out/$f') '$work/again/$f' >/dev/null"
done

# Without -o: the folder audit/ in the current folder.
mkdir -p "$work/cwd"
abs_exe="$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe")"
(cd "$work/cwd" && "$abs_exe" audit "$S" -w "$W" >/dev/null 2>&1)
check "default folder: audit/" [ -s "$work/cwd/audit/indicators.csv" ]

# An existing folder: files are replaced, other files are left alone.
mkdir -p "$work/keep" && echo old >"$work/keep/indicators.csv" && echo mine >"$work/keep/notes.txt"
run_ce "$work/k" audit "$S" -w "$W" -o "$work/keep"
check "existing folder: indicators.csv replaced" cmp -s "$work/keep/indicators.csv" "$work/out/indicators.csv"
check "existing folder: other files untouched" [ "$(cat "$work/keep/notes.txt")" = mine ]

# Bad data: exit 1, the message names file and line, no folder, no file.
run_ce "$work/bad" audit "$data/bad/bad_number.csv" -w "$P" -o "$work/bad_out"
check "bad data: exit 1" [ "$(rc_of "$work/bad")" = 1 ]
check "bad data: message with file and line" grep -qE "^clustereval: .*bad/bad_number\.csv:[0-9]+: " "$work/bad.err"
check "bad data: no folder created" [ ! -e "$work/bad_out" ]
mkdir -p "$work/prev" && echo previous >"$work/prev/indicators.csv"
run_ce "$work/bad2" audit "$data/bad/bad_number.csv" -w "$P" -o "$work/prev"
check "bad data into an existing folder: exit 1" [ "$(rc_of "$work/bad2")" = 1 ]
check "bad data: the existing file is untouched" [ "$(cat "$work/prev/indicators.csv")" = previous ]
check "bad data: no new file" [ "$(ls -A "$work/prev" | tr '\n' ' ')" = "indicators.csv " ]
run_ce "$work/badp" audit "$S" -w "$data/bad/p_cycle.csv" -o "$work/badp_out"
check "bad profile: exit 1" [ "$(rc_of "$work/badp")" = 1 ]
check "bad profile: no folder created" [ ! -e "$work/badp_out" ]

# I/O errors: exit 3.
run_ce "$work/io" audit "$S" -w "$W" -o "$work/no/such/parent/dir"
check "-o into a missing parent: exit 3" [ "$(rc_of "$work/io")" = 3 ]
check "-o into a missing parent: message" grep -q "^clustereval: .*no/such/parent/dir: cannot create the folder: No such file or directory" "$work/io.err"
check "-o into a missing parent: nothing created" [ ! -e "$work/no" ]
echo x >"$work/plainfile"
run_ce "$work/io2" audit "$S" -w "$W" -o "$work/plainfile"
check "-o onto a file: exit 3" [ "$(rc_of "$work/io2")" = 3 ]
check "-o onto a file: message" grep -q "plainfile: cannot write the audit: not a folder" "$work/io2.err"
run_ce "$work/io3" audit "$work/missing.csv" -w "$W" -o "$work/io3_out"
check "missing data file: exit 3" [ "$(rc_of "$work/io3")" = 3 ]

# Usage.
run_ce "$work/u1" audit "$S" --bogus
check "unknown option: exit 2" [ "$(rc_of "$work/u1")" = 2 ]
run_ce "$work/u2" audit
check "no data file: exit 2" [ "$(rc_of "$work/u2")" = 2 ]
run_ce "$work/u3" audit "$S" --encoding latin1
check "bad --encoding: exit 2" [ "$(rc_of "$work/u3")" = 2 ]
run_ce "$work/u4" audit "$S" -o
check "-o without a value: exit 2" [ "$(rc_of "$work/u4")" = 2 ]
run_ce "$work/h" audit --help
check "--help: exit 0" [ "$(rc_of "$work/h")" = 0 ]
check "--help: usage on stdout" grep -q "^usage: clustereval audit DATA.csv" "$work/h.out"
run_ce "$work/e" audit "$S" -w "$W" --encoding utf-8 -o "$work/enc"
check "--encoding utf-8: exit 0" [ "$(rc_of "$work/e")" = 0 ]
run_ce "$work/top" --help
check "the command list names audit" grep -q "^  audit DATA.csv" "$work/top.out"

e2e_done
