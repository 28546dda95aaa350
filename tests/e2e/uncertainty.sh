#!/usr/bin/env bash
# uncertainty.sh EXE SRC WORK - `clustereval uncertainty` on the shipped
# sample: the table's shape and invariants, nominal ranks equal rank's,
# byte-identical output for any --jobs, the seed, --weight-noise 0 (every
# draw is the nominal run), method variation, bad options (exit 2) and bad
# data (exit 1, no file written).
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
S="$src/samples/clusters-2023.csv"
W="$src/weights/default.csv"
P="$data/profile-small.csv"
HEADER="id,name,nominal_rank,mean_rank,median_rank,p05_rank,p95_rank,p_award,mean_score"
nobom() { sed '1s/^\xEF\xBB\xBF//' "$1"; }
# The columns after name, counted from the end (a name may hold a quoted comma).
cols() { nobom "$1" | tail -n +2 | awk -F, '{ print $1, $(NF-6), $(NF-5), $(NF-4), $(NF-3), $(NF-2), $(NF-1), $NF }'; }
export -f nobom cols

run_ce "$work/u" uncertainty "$S" -w "$W" --draws 400 -o "$work/u.csv"
check "exit 0" [ "$(rc_of "$work/u")" = 0 ]
check "-o file starts with a UTF-8 BOM" [ "$(head -c 3 "$work/u.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ]
check "header exact" [ "$(nobom "$work/u.csv" | head -n 1)" = "$HEADER" ]
check "one row per cluster (45)" [ "$(nobom "$work/u.csv" | tail -n +2 | wc -l)" = 45 ]
check "every id once" [ "$(cols "$work/u.csv" | cut -d' ' -f1 | sort -u | wc -l)" = 45 ]
check "p_award in [0,1] with 4 decimals" \
  bash -c "cols '$work/u.csv' | awk '{ n++; if (\$7 !~ /^[01]\\.[0-9][0-9][0-9][0-9]\$/ || \$7 < 0 || \$7 > 1) bad++ } END { exit !(n == 45 && bad == 0) }'"
check "1 <= p05 <= median <= p95 <= 45" \
  bash -c "cols '$work/u.csv' | awk '{ n++; if (!(1 <= \$5 && \$5 <= \$4 && \$4 <= \$6 && \$6 <= 45)) bad++ } END { exit !(n == 45 && bad == 0) }'"
check "mean_rank within 1..45" \
  bash -c "cols '$work/u.csv' | awk '{ n++; if (!(\$3 >= 1 && \$3 <= 45)) bad++ } END { exit !(n == 45 && bad == 0) }'"
check "ineligible and vetoed clusters are never awarded" \
  bash -c "cols '$work/u.csv' | awk '\$1 == \"SD-2023-012\" || \$1 == \"SD-2023-040\" || \$1 == \"SD-2023-027\" { n++; if (\$7 != \"0.0000\") bad++ } END { exit !(n == 3 && bad == 0) }'"
check "awards sum to 10 per draw: sum of p_award = 10" \
  bash -c "cols '$work/u.csv' | awk '{ s += \$7 } END { exit !(s > 9.99 && s < 10.01) }'"
check "stderr summarises the uncertain awards" grep -q "award uncertain for [0-9]* clusters (0.05 < P(award) < 0.95, top 10)" "$work/u.err"
check "stderr names the draws and seed" grep -q "400 draws, seed 20231: weights uniform +-25% within each group" "$work/u.err"
check "no progress bar when stderr is not a terminal" bash -c "! grep -q 'draws \[' '$work/u.err'"

# Nominal ranks equal rank's, and the rows are in rank's order.
run_ce "$work/r" rank "$S" -w "$W" -o "$work/r.csv"
nobom "$work/r.csv" | tail -n +2 | cut -d, -f1,2 | awk -F, '{ print $2 "," $1 }' >"$work/r-ranks"
cols "$work/u.csv" | awk '{ print $1 "," $2 }' | sed 's/,$/,/' >"$work/u-ranks"
check "nominal ranks and order equal rank's" cmp "$work/r-ranks" "$work/u-ranks"

# Determinism: any --jobs, the same bytes; stdout is the file without BOM.
for j in 1 2 4; do
  run_ce "$work/j$j" uncertainty "$S" -w "$W" --draws 400 --jobs "$j" -o "$work/j$j.csv"
done
check "--jobs 1 and --jobs 2 byte-identical" cmp "$work/j1.csv" "$work/j2.csv"
check "--jobs 1 and --jobs 4 byte-identical" cmp "$work/j1.csv" "$work/j4.csv"
check "default --jobs equals --jobs 1" cmp "$work/j1.csv" "$work/u.csv"
run_ce "$work/so" uncertainty "$S" -w "$W" --draws 400 --jobs 3
check "stdout has no BOM and equals the file" bash -c "nobom '$work/u.csv' | cmp - '$work/so.out'"
run_ce "$work/s2" uncertainty "$S" -w "$W" --draws 400 --seed 7 -o "$work/s2.csv"
check "--seed 7 changes the output" bash -c "! cmp -s '$work/u.csv' '$work/s2.csv'"
run_ce "$work/s3" uncertainty "$S" -w "$W" --draws 400 --seed 7 --jobs 2 -o "$work/s3.csv"
check "--seed 7 is reproducible" cmp "$work/s2.csv" "$work/s3.csv"

# --weight-noise 0: every draw is the nominal ranking.
run_ce "$work/n0" uncertainty "$S" -w "$W" --draws 50 --weight-noise 0 -o "$work/n0.csv"
check "--weight-noise 0: exit 0" [ "$(rc_of "$work/n0")" = 0 ]
check "--weight-noise 0: p_award is 0 or 1" \
  bash -c "cols '$work/n0.csv' | awk '{ n++; if (\$7 != \"0.0000\" && \$7 != \"1.0000\") bad++ } END { exit !(n == 45 && bad == 0) }'"
check "--weight-noise 0: every percentile equals the nominal rank" \
  bash -c "cols '$work/n0.csv' | awk '{ n++; if (\$4 != \$2 || \$5 != \$2 || \$6 != \$2 || \$3 != \$2 \".0000\") bad++ } END { exit !(n == 45 && bad == 0) }'"
check "--weight-noise 0: the 10 nominal winners have p_award 1" \
  [ "$(cols "$work/n0.csv" | awk '$7 == "1.0000"' | wc -l)" = 10 ]
check "--weight-noise 0: mean_score equals rank's score" \
  bash -c "diff <(nobom '$work/r.csv' | tail -n +2 | cut -d, -f2,4) <(nobom '$work/n0.csv' | tail -n +2 | awk -F, '{ print \$1 \",\" \$NF }')"
check "--weight-noise 0: award status stable" grep -q "award status stable" "$work/n0.err"

# Dirichlet weights, and drawn methods: still deterministic over --jobs.
run_ce "$work/d1" uncertainty "$S" -w "$W" --draws 300 --weight-dist dirichlet --concentration 50 --jobs 1 -o "$work/d1.csv"
run_ce "$work/d2" uncertainty "$S" -w "$W" --draws 300 --weight-dist dirichlet --concentration 50 --jobs 2 -o "$work/d2.csv"
check "dirichlet: exit 0" [ "$(rc_of "$work/d1")" = 0 ]
check "dirichlet: --jobs 1 and 2 byte-identical" cmp "$work/d1.csv" "$work/d2.csv"
check "dirichlet: stderr names it" grep -q "weights Dirichlet, concentration 50" "$work/d1.err"
VARY=(--vary-normalize minmax,rank --vary-aggregate arithmetic,geometric --vary-impute none,mean)
run_ce "$work/v1" uncertainty "$S" -w "$W" --draws 300 "${VARY[@]}" --jobs 1 -o "$work/v1.csv"
run_ce "$work/v3" uncertainty "$S" -w "$W" --draws 300 "${VARY[@]}" --jobs 3 -o "$work/v3.csv"
check "vary methods: exit 0" [ "$(rc_of "$work/v1")" = 0 ]
check "vary methods: --jobs 1 and 3 byte-identical" cmp "$work/v1.csv" "$work/v3.csv"
check "vary methods: stderr lists them" grep -q -- "--normalize minmax|rank; --aggregate arithmetic|geometric; --impute none|mean" "$work/v1.err"
check "vary methods: other results than weights alone" bash -c "! cmp -s '$work/v1.csv' '$work/j1.csv'"

# Options shared with rank: --top, --set, --digits, --no-bom, --tie-break.
run_ce "$work/t3" uncertainty "$S" -w "$W" --draws 200 --top 3 --set green=2 --digits 2 --no-bom -o "$work/t3.csv"
check "--top 3: sum of p_award = 3" \
  bash -c "cols '$work/t3.csv' | awk '{ s += \$7 } END { exit !(s > 2.99 && s < 3.01) }'"
check "--no-bom" [ "$(head -c 3 "$work/t3.csv")" = "id," ]
check "--digits 2" bash -c "cols '$work/t3.csv' | awk '{ n++; if (\$8 !~ /^[0-9]+\\.[0-9][0-9]\$/) bad++ } END { exit !(n == 45 && bad == 0) }'"
run_ce "$work/rs" rank "$S" -w "$W" --set green=2 --no-bom -o "$work/rs.csv"
check "--set applies to the nominal ranking" \
  cmp <(tail -n +2 "$work/rs.csv" | cut -d, -f1,2 | awk -F, '{ print $2 "," $1 }') <(cols "$work/t3.csv" | awk '{ print $1 "," $2 }')

# An unranked cluster (tie.csv T6 has no value): listed last, empty statistics.
run_ce "$work/tie" uncertainty "$data/tie.csv" -w "$P" --missing skip --top 2 --draws 100 --tie-break env --no-bom -o "$work/tie.csv"
check "unranked: exit 0" [ "$(rc_of "$work/tie")" = 0 ]
check "unranked: T6 last with empty statistics" [ "$(tail -n 1 "$work/tie.csv")" = "T6,No data,,,,,,0.0000," ]

# zscore under geometric aggregation cannot be drawn: refused before any draw.
run_ce "$work/zg" uncertainty "$S" -w "$W" --vary-normalize minmax,zscore --vary-aggregate arithmetic,geometric -o "$work/zg.csv"
check "zscore+geometric: exit 1" [ "$(rc_of "$work/zg")" = 1 ]
check "zscore+geometric: message names the combination and the cluster" \
  grep -q "clustereval: .*clusters-2023.csv:[0-9]*: draws with --impute none --normalize zscore --aggregate geometric cannot be scored: cluster " "$work/zg.err"
check "zscore+geometric: no file" [ ! -e "$work/zg.csv" ]

# Bad options: exit 2, usage message, no file.
bad_option() {  # bad_option NAME PATTERN ARGS...
  local name=$1 pattern=$2; shift 2
  run_ce "$work/bad-$name" uncertainty "$@" -o "$work/bad-$name.csv"
  check "bad option $name: exit 2" [ "$(rc_of "$work/bad-$name")" = 2 ]
  check "bad option $name: message" grep -q -- "$pattern" "$work/bad-$name.err"
  check "bad option $name: no file" [ ! -e "$work/bad-$name.csv" ]
}
bad_option draws0 '--draws: "0" is not a whole number from 1' "$S" -w "$W" --draws 0
bad_option draws_text '--draws: "many"' "$S" -w "$W" --draws many
bad_option seed '--seed: "-1"' "$S" -w "$W" --seed -1
bad_option jobs0 '--jobs: "0"' "$S" -w "$W" --jobs 0
bad_option noise1 '--weight-noise: "1" is not a number from 0 to below 1' "$S" -w "$W" --weight-noise 1
bad_option dist '--weight-dist: "normal" is not uniform or dirichlet' "$S" -w "$W" --weight-dist normal
bad_option conc_uniform '--concentration applies to --weight-dist dirichlet' "$S" -w "$W" --concentration 5
bad_option noise_dirichlet '--weight-noise applies to --weight-dist uniform' "$S" -w "$W" --weight-dist dirichlet --weight-noise 0.1
bad_option conc0 '--concentration: "0" is not a number above 0' "$S" -w "$W" --weight-dist dirichlet --concentration 0
bad_option vary_norm '--vary-normalize: "minmax,foo"' "$S" -w "$W" --vary-normalize minmax,foo
bad_option vary_twice '--vary-aggregate: "geometric,geometric"' "$S" -w "$W" --vary-aggregate geometric,geometric
bad_option vary_group '--vary-impute: "none,group-mean:city"' "$S" -w "$W" --vary-impute none,group-mean:city
bad_option unknown 'unknown option --bogus' "$S" -w "$W" --bogus 5
bad_option tie_break 'tie-break: no node "nosuch"' "$S" -w "$W" --tie-break nosuch
run_ce "$work/nodata" uncertainty -w "$W"
check "no data file: exit 2" [ "$(rc_of "$work/nodata")" = 2 ]

# Bad data: exit 1 with file and line, no file written, an existing one kept.
printf 'previous, must survive\n' >"$work/keep.csv"
run_ce "$work/bd" uncertainty "$data/bad/bad_number.csv" -w "$P" -o "$work/keep.csv"
check "bad data: exit 1" [ "$(rc_of "$work/bd")" = 1 ]
check "bad data: message with file and line" grep -q "^clustereval: .*bad/bad_number.csv:3: column \"jobs\"" "$work/bd.err"
check "bad data: existing output untouched" [ "$(cat "$work/keep.csv")" = "previous, must survive" ]
run_ce "$work/bd2" uncertainty "$data/bad/bad_number.csv" -w "$P" -o "$work/new.csv"
check "bad data: no new file" [ ! -e "$work/new.csv" ]
check "bad data: nothing on stdout" [ ! -s "$work/bd2.out" ]
check "no temporary file left" [ "$(find "$work" -name '*.tmp-*' | wc -l)" = 0 ]

# Help and the command list.
run_ce "$work/help" uncertainty --help
check "--help exits 0 and lists the options" \
  bash -c "[ \$(cat '$work/help.rc') = 0 ] && grep -q -- --vary-aggregate '$work/help.out' && grep -q -- --concentration '$work/help.out' && grep -q -- --jobs '$work/help.out'"
run_ce "$work/top" --help
check "clustereval --help lists uncertainty" grep -q "^  uncertainty DATA.csv" "$work/top.out"
e2e_done
