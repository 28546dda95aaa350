#!/usr/bin/env bash
# huge_weights.sh EXE SRC WORK - weights are relative among siblings, so a
# profile whose every weight is 1.7e308 (each group's sum overflows a double)
# gives exactly what weights/default.csv (every weight 1) gives: rank with
# every aggregation, --flatten, --set, uncertainty, sensitivity and weights;
# never inf, nan or a reversed ranking (issue 13 §3). A ratio beyond 2^1022
# within a group is refused with the file and line, or the option.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
S="$src/samples/clusters-2023.csv"
P="$src/weights/default.csv"
H="$work/huge.csv"
awk -F, 'BEGIN { OFS = "," } NR > 1 && $4 == "1" { $4 = "1.7e308" } { print }' "$P" >"$H"
check "the huge profile has 27 weights 1.7e308" [ "$(grep -c ',1.7e308,' "$H")" = 27 ]

# same OUT ARGS...: the command gives the same stdout with both profiles,
# exit 0, and prints no inf or nan.
same() {
  local what=$1; shift
  run_ce "$work/$what.one" "$@" -w "$P"
  run_ce "$work/$what.huge" "$@" -w "$H"
  if [ "$(rc_of "$work/$what.one")" = 0 ] && [ "$(rc_of "$work/$what.huge")" = 0 ] &&
     cmp -s "$work/$what.one.out" "$work/$what.huge.out" &&
     ! grep -qiE '(^|[,[:space:]])-?(inf|nan)([,[:space:]]|$)' "$work/$what.huge.out" "$work/$what.huge.err"
  then pass "$what: 1.7e308 weights = weights 1"
  else fail "$what: 1.7e308 weights differ from weights 1"; diff "$work/$what.one.out" "$work/$what.huge.out" | head -5
       cat "$work/$what.huge.err" | head -5
  fi
}
for m in arithmetic geometric harmonic topsis copeland; do
  same "rank_$m" rank "$S" --aggregate "$m"
done
same rank_flatten rank "$S" --flatten
same rank_set rank "$S" --set scale=0
same uncertainty uncertainty "$S" --draws 200
same uncertainty_dirichlet uncertainty "$S" --draws 200 --weight-dist dirichlet
same sensitivity sensitivity "$S" --draws 64 --bootstrap 50
same weights_entropy weights "$S" --method entropy
# the flat scope's table on stderr shows the effective weights "before"
run_ce "$work/flat.one" weights "$S" --method entropy --scope flat -w "$P"
run_ce "$work/flat.huge" weights "$S" --method entropy --scope flat -w "$H"
check "weights --scope flat: same profile and table" \
  cmp -s <(cat "$work/flat.one.out" "$work/flat.one.err") <(cat "$work/flat.huge.out" "$work/flat.huge.err")

# Hand-computed: two clusters, two indicators, weights 1.7e308 each.
# C1 (10, 0) and C2 (0, 9): min-max gives C1 (100, 0), C2 (0, 100): a tie
# at 50; C3 (10, 9) is 100 and ranks first.
printf 'id,name,a,b\nC1,one,10,0\nC2,two,0,9\nC3,three,10,9\n' >"$work/d.csv"
printf 'code,name,parent,weight,direction,unit\na,,,1.7e308,+,\nb,,,1.7e308,+,\n' >"$work/p2.csv"
run_ce "$work/two" rank "$work/d.csv" -w "$work/p2.csv" --top 1
check "two huge weights: C3 first with 100, C1 and C2 tied at 50" \
  [ "$(cut -d, -f1-4 "$work/two.out" | tr '\n' ' ')" = "rank,id,name,score 1,C3,three,100.000000 2,C1,one,50.000000 2,C2,two,50.000000 " ]

# Ratios beyond a double: refused with file:line, or naming the option.
printf 'code,name,parent,weight,direction,unit\na,,,1e300,+,\nb,,,1e-10,+,\n' >"$work/ratio.csv"
run_ce "$work/ratio" rank "$work/d.csv" -w "$work/ratio.csv"
check "ratio 1e310 in the file: exit 1" [ "$(rc_of "$work/ratio")" = 1 ]
check "ratio 1e310 in the file: file and line" \
  grep -qF "ratio.csv:3: weight 1e-10 of \"b\" is too small beside 1e+300 of its sibling \"a\" (line 2)" "$work/ratio.err"
run_ce "$work/setratio" rank "$work/d.csv" -w "$work/p2.csv" --set a=1
check "--set a=1 beside 1.7e308: exit 2" [ "$(rc_of "$work/setratio")" = 2 ]
check "--set a=1 beside 1.7e308: names the option" \
  grep -qF -- "--set: weight 1 of \"a\" is too small beside 1.7e+308 of its sibling \"b\"" "$work/setratio.err"
check "--set of both weights to 1: exit 0" \
  "$exe" rank "$work/d.csv" -w "$work/p2.csv" --set a=1 --set b=1 -o "$work/set.csv" 2>/dev/null
e2e_done
