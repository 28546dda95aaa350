#!/usr/bin/env bash
# sensitivity.sh EXE SRC WORK - `clustereval sensitivity` on the shipped
# sample with weights/default.csv: the table's header, one row per input with
# the documented names in order, sane indices and intervals, byte-identical
# output for any --jobs, the --remove-out table; bad options exit 2 and bad
# data exit 1, writing nothing.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
S="$src/samples/clusters-2023.csv"
P="$src/weights/default.csv"
HEADER="input,si,si_lo,si_hi,sti,sti_lo,sti_hi"
REMOVE_HEADER="dimension,mean_abs_rank_shift,max_abs_rank_shift,award_changes"
BOM=$'\xEF\xBB\xBF'

# sane TABLE: every row has 7 fields, numbers with 4 decimals, intervals
# containing the estimates, 0 <= sti_lo, sti >= si - 0.05, indices <= 1.05.
sane() {
  awk -F, 'NR == 1 { next }
           { if (NF != 7) { print "fields: " $0; bad = 1; next }
             for (i = 2; i <= 7; i++) if ($i !~ /^-?[0-9]+\.[0-9][0-9][0-9][0-9]$/) { print "number: " $0; bad = 1 }
             si = $2 + 0; lo = $3 + 0; hi = $4 + 0; st = $5 + 0; slo = $6 + 0; shi = $7 + 0
             if (!(lo <= si && si <= hi)) { print "si interval: " $0; bad = 1 }
             if (!(slo <= st && st <= shi)) { print "sti interval: " $0; bad = 1 }
             if (slo < 0) { print "sti_lo < 0: " $0; bad = 1 }
             if (st < si - 0.05) { print "sti < si - 0.05: " $0; bad = 1 }
             if (si > 1.05 || st > 1.05) { print "index > 1.05: " $0; bad = 1 } }
           END { exit bad }' "$1"
}
# names TABLE NAME...: the first column of the rows after the header, in order.
names() {
  local f=$1; shift
  [ "$(tail -n +2 "$f" | cut -d, -f1 | tr '\n' ' ')" = "$* " ]
}
# nothing_written PREFIX: a failed run printed nothing and created neither file.
nothing_written() {
  [ ! -s "$1.out" ] && [ ! -e "$1.csv" ] && [ ! -e "$1-remove.csv" ] &&
    [ "$(find "$work" -name '*.tmp-*' | wc -l)" = 0 ]
}

WEIGHT_INPUTS="weights:composite weights:scale weights:innov weights:digital weights:green weights:open weights:gov"

# 1. The default run, to stdout.
run_ce "$work/default" sensitivity "$S" -w "$P" --remove-out "$work/remove.csv"
check "default: exit 0" [ "$(rc_of "$work/default")" = 0 ]
check "default: header exact, no BOM on stdout" [ "$(head -n 1 "$work/default.out")" = "$HEADER" ]
check "default: one row per weight group, in profile order" names "$work/default.out" $WEIGHT_INPUTS
check "default: indices and intervals sane" sane "$work/default.out"
check "default: composite weights matter (sti > 0.1)" \
  awk -F, '$1 == "weights:composite" { ok = $5 > 0.1 } END { exit !ok }' "$work/default.out"
check "default: summary on stderr" grep -q "^clustereval: sensitivity: 7 inputs, base sample 1000, 9000 runs, seed 20231, 1000 bootstrap resamples" "$work/default.err"
check "default: inputs by STi on stderr" grep -q "inputs by total effect STi" "$work/default.err"
check "default: reading hint on stderr" grep -q "^clustereval: reading: STi is the share" "$work/default.err"
check "default: remove_elements on stderr" grep -q "^clustereval: remove_elements: " "$work/default.err"
check "default: no warning" bash -c "! grep -q warning '$work/default.err'"

# 2. --remove-out: BOM, header, one row per dimension, the numbers.
check "remove: BOM then header" [ "$(head -n 1 "$work/remove.csv")" = "$BOM$REMOVE_HEADER" ]
check "remove: one row per dimension" names "$work/remove.csv" scale innov digital green open gov
check "remove: numbers" awk -F, 'NR > 1 && !($2 ~ /^[0-9]+\.[0-9][0-9][0-9][0-9]$/ && $3 ~ /^[0-9]+$/ &&
                                  $4 ~ /^[0-9]+$/ && $2 <= $3 && $4 <= 10) { bad = 1 }
                                  NR > 1 && $2 > 0 { moved++ } END { exit bad || moved != 6 }' "$work/remove.csv"
# Dropping `scale` moves the ranking most: its row on stderr comes first.
check "remove: stderr sorted by mean shift" \
  bash -c "grep -A 2 '^clustereval: remove_elements' '$work/default.err' | tail -n 1 | grep -q '^  scale '"
# By hand from `rank`: dropping a dimension = --set it to 0 (the others rescale).
run_ce "$work/nominal" rank "$S" -w "$P" -o "$work/nominal.csv"
run_ce "$work/noscale" rank "$S" -w "$P" --set scale=0 -o "$work/noscale.csv"
shift_of() {  # mean and max |rank change| between two ranked CSVs
  awk -F, 'FNR == 1 { next } NR == FNR { r[$2] = $1; next }
           ($2 in r) && r[$2] != "" && $1 != "" { d = $1 - r[$2]; if (d < 0) d = -d; s += d; n++; if (d > m) m = d }
           END { printf "%.4f,%d\n", s / n, m }' "$1" "$2"
}
check "remove: scale row equals rank --set scale=0" \
  [ "$(shift_of "$work/nominal.csv" "$work/noscale.csv")" = "$(grep '^scale,' "$work/remove.csv" | cut -d, -f2,3)" ]

# 3. -o: BOM + the same table; --jobs never changes a byte; --no-bom.
run_ce "$work/j1" sensitivity "$S" -w "$P" --jobs 1 -o "$work/j1.csv" --remove-out "$work/j1-remove.csv"
run_ce "$work/j2" sensitivity "$S" -w "$P" --jobs 2 -o "$work/j2.csv" --remove-out "$work/j2-remove.csv"
check "jobs 1: exit 0, nothing on stdout" [ "$(rc_of "$work/j1")" = 0 -a ! -s "$work/j1.out" ]
check "jobs 1 and 2: identical tables" cmp "$work/j1.csv" "$work/j2.csv"
check "jobs 1 and 2: identical remove tables" cmp "$work/j1-remove.csv" "$work/j2-remove.csv"
check "jobs 1 and 2: identical stderr" cmp "$work/j1.err" "$work/j2.err"
check "-o: BOM then the stdout table" cmp <(printf '%s' "$BOM"; cat "$work/default.out") "$work/j1.csv"
run_ce "$work/nobom" sensitivity "$S" -w "$P" --no-bom --draws 64 --bootstrap 50 -o "$work/nobom.csv"
check "--no-bom: header first" [ "$(head -n 1 "$work/nobom.csv")" = "$HEADER" ]
run_ce "$work/seed" sensitivity "$S" -w "$P" --draws 64 --bootstrap 50 --seed 7 --digits 6
check "--seed 7 --digits 6: 6 decimals" grep -Eq '^weights:composite(,-?[0-9]+\.[0-9]{6}){6}$' "$work/seed.out"

# 4. Methods as inputs, after the weights; fixed weights leave only them.
run_ce "$work/methods" sensitivity "$S" -w "$P" --draws 256 --bootstrap 100 --weight-dist dirichlet \
  --vary-normalize minmax,rank --vary-aggregate arithmetic,topsis --vary-impute none,mean
check "methods: exit 0" [ "$(rc_of "$work/methods")" = 0 ]
check "methods: inputs in order" names "$work/methods.out" $WEIGHT_INPUTS normalize aggregate impute
check "methods: sane" sane "$work/methods.out"
check "methods: Dirichlet on stderr" grep -q "Dirichlet with concentration 100" "$work/methods.err"
run_ce "$work/fixed" sensitivity "$S" -w "$P" --draws 128 --bootstrap 100 --weight-noise 0 \
  --vary-normalize minmax,rank,borda
check "fixed weights: only normalize" names "$work/fixed.out" normalize
check "fixed weights: the normalisation moves the ranking" \
  awk -F, '$1 == "normalize" { ok = $5 > 0.9 } END { exit !ok }' "$work/fixed.out"

# 5. Bad options: exit 2, a usage message, nothing written.
bad_usage() {  # bad_usage NAME PATTERN ARGS...
  local name=$1 pattern=$2; shift 2
  run_ce "$work/$name" sensitivity "$@" -o "$work/$name.csv" --remove-out "$work/$name-remove.csv"
  check "$name: exit 2" [ "$(rc_of "$work/$name")" = 2 ]
  check "$name: message" grep -q -- "$pattern" "$work/$name.err"
  check "$name: nothing written" nothing_written "$work/$name"
}
bad_usage levels "--levels: \"1\" is not a whole number from 2 to 100000" "$S" -w "$P" --levels 1
bad_usage draws "--draws: \"0\"" "$S" -w "$P" --draws 0
bad_usage bootstrap "--bootstrap: \"x\"" "$S" -w "$P" --bootstrap x
bad_usage jobs "--jobs: \"0\"" "$S" -w "$P" --jobs 0
bad_usage noise_dirichlet "--weight-noise applies to --weight-dist uniform" "$S" -w "$P" --weight-dist dirichlet --weight-noise 0.1
bad_usage concentration_uniform "--concentration applies to --weight-dist dirichlet" "$S" -w "$P" --concentration 5
bad_usage vary_normalize "--vary-normalize: \"minmax,bogus\"" "$S" -w "$P" --vary-normalize minmax,bogus
bad_usage vary_impute_group "--vary-impute" "$S" -w "$P" --vary-impute none,group-mean:city
bad_usage unknown "unknown option --frobnicate" "$S" -w "$P" --frobnicate
bad_usage no_data "no data file given" -w "$P"
bad_usage nothing_varies "nothing varies" "$S" -w "$P" --weight-noise 0
run_ce "$work/same" sensitivity "$S" -w "$P" -o "$work/same.csv" --remove-out "$work/same.csv"
check "same file twice: exit 2" [ "$(rc_of "$work/same")" = 2 ]
check "same file twice: nothing written" [ ! -e "$work/same.csv" ]
# 21 inputs: 20 dimensions of two indicators + the composite.
awk 'BEGIN { print "code,parent,weight,direction"
             for (k = 0; k < 20; k++) printf "D%d,,1,\nx%d,D%d,1,+\ny%d,D%d,1,+\n", k, k, k, k, k }' >"$work/wide.csv"
awk 'BEGIN { printf "id"; for (k = 0; k < 20; k++) printf ",x%d,y%d", k, k; print ""
             for (r = 1; r <= 4; r++) { printf "c%d", r; for (k = 0; k < 20; k++) printf ",%d,%d", (r * 7 + k) % 5, (r * 3 + k) % 7; print "" } }' >"$work/wide-data.csv"
bad_usage too_many "21 uncertain inputs (21 weight groups, 0 methods), but a Sobol design takes at most 20" \
  "$work/wide-data.csv" -w "$work/wide.csv"

# 6. Bad data and profiles: exit 1, "clustereval: FILE:LINE: msg", nothing written;
# an existing output file keeps its content.
printf 'previous, must survive\n' >"$work/existing.csv"
run_ce "$work/badnum" sensitivity "$data/bad/bad_number.csv" -w "$data/profile-small.csv" \
  -o "$work/existing.csv" --remove-out "$work/badnum-remove.csv"
check "bad number: exit 1" [ "$(rc_of "$work/badnum")" = 1 ]
check "bad number: file and line" grep -q '^clustereval: .*bad/bad_number\.csv:3: column "jobs"' "$work/badnum.err"
check "bad number: existing -o kept" [ "$(cat "$work/existing.csv")" = "previous, must survive" ]
check "bad number: no --remove-out" [ ! -e "$work/badnum-remove.csv" ]
check "bad number: nothing on stdout" [ ! -s "$work/badnum.out" ]
run_ce "$work/geo" sensitivity "$S" -w "$P" --vary-normalize minmax,zscore --vary-aggregate arithmetic,geometric \
  -o "$work/geo.csv" --remove-out "$work/geo-remove.csv"
check "zscore under geometric: exit 1" [ "$(rc_of "$work/geo")" = 1 ]
check "zscore under geometric: names the combination" \
  grep -q "^clustereval: .*clusters-2023\.csv:[0-9]*: runs with --impute none --normalize zscore --aggregate geometric cannot be scored" "$work/geo.err"
check "zscore under geometric: nothing written" nothing_written "$work/geo"
run_ce "$work/noprof" sensitivity "$S" -w "$work/no-such-profile.csv" -o "$work/noprof.csv"
check "missing profile: exit 3" [ "$(rc_of "$work/noprof")" = 3 ]
check "missing profile: nothing written" nothing_written "$work/noprof"
# I/O: --remove-out into a missing folder: exit 3, and no -o file either.
run_ce "$work/io" sensitivity "$S" -w "$P" --draws 16 -o "$work/io.csv" --remove-out "$work/no/such/dir/r.csv"
check "unwritable --remove-out: exit 3" [ "$(rc_of "$work/io")" = 3 ]
check "unwritable --remove-out: no -o file" [ ! -e "$work/io.csv" ]

# 7. --help.
run_ce "$work/help" sensitivity --help
check "--help: exit 0, usage" bash -c "[ \"\$(cat '$work/help.rc')\" = 0 ] && grep -q '^usage: clustereval sensitivity' '$work/help.out'"
e2e_done
