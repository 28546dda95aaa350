#!/usr/bin/env bash
# weights.sh EXE SRC WORK - `clustereval weights` on the shipped sample with
# weights/default.csv: every method and scope writes a profile that `rank -w`
# loads, whose groups' weights are >= 0 and sum to 1, with no nan; in the
# flat scope the product of the weights on each indicator's path is its flat
# weight; bad inputs fail with the right exit code and message and leave no
# output file.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
S="$src/samples/clusters-2023.csv"
P="$src/weights/default.csv"
A="$data/weights"

# sums_ok PROFILE: every weight >= 0 and every group's weights sum to 1 (1e-9).
sums_ok() {
  awk -F, 'NR > 1 { if ($4 + 0 < 0 || $4 !~ /^[0-9.eE+-]+$/) bad = 1; s[$3] += $4 }
           END { for (g in s) if (s[g] < 1 - 1e-9 || s[g] > 1 + 1e-9) { print "group " g ": " s[g]; bad = 1 }
                 exit bad }' "$1"
}
# path_weights PROFILE: "code effective-weight" for every indicator (the
# product of the weights on its path), 12 decimals.
path_weights() {
  awk -F, 'NR > 1 { parent[$1] = $3; w[$1] = $4; dir[$1] = $5; order[++n] = $1 }
           END { for (i = 1; i <= n; i++) { c = order[i]; if (dir[c] == "") continue
                   e = 1; for (x = c; x != ""; x = parent[x]) e *= w[x]
                   printf "%s %.12f\n", c, e } }' "$1"
}
# flat_table ERR: "code weight" of the stderr table of a flat run.
flat_table() {
  awk '/^  all indicators \(flat\)/ { on = 1; next } /^  groups:/ { on = 0 }
       on && $1 != "code" { print $1, $2 }' "$1"
}
# close A B TOL: the second column of two "code value" lists agree within TOL.
close() {
  join <(sort "$1") <(sort "$2") |
    awk -v tol="$3" '{ n++; d = $2 - $3; if (d < 0) d = -d; if (d > tol) { print; bad = 1 } }
                     END { exit bad || n != 21 }'
}

for scope in group flat; do
  for m in equal entropy critic sd pca; do
    t="$m-$scope"
    run_ce "$work/$t" weights "$S" -w "$P" --method "$m" --scope "$scope" -o "$work/$t.csv"
    check "$t: exit 0" [ "$(rc_of "$work/$t")" = 0 ]
    check "$t: nothing on stdout with -o" [ ! -s "$work/$t.out" ]
    check "$t: groups sum to 1, weights >= 0" sums_ok "$work/$t.csv"
    check "$t: no nan in the profile" bash -c "! grep -qi nan '$work/$t.csv'"
    check "$t: no nan on stderr" bash -c "! grep -qiw nan '$work/$t.err'"
    check "$t: a UTF-8 BOM, then the header" [ "$(head -c 8 "$work/$t.csv")" = $'\xEF\xBB\xBFcode,' ]
    check "$t: same rows as the input profile" \
      cmp <(cut -d, -f1-3,5- "$P") <(tail -c +4 "$work/$t.csv" | cut -d, -f1-3,5-)
    run_ce "$work/$t-rank" rank "$S" -w "$work/$t.csv" -o "$work/$t-rank.csv"
    check "$t: rank -w loads it" [ "$(rc_of "$work/$t-rank")" = 0 ]
    check "$t: table on stderr" grep -q "^clustereval: weights by $m" "$work/$t.err"
    if [ "$scope" = flat ]; then
      path_weights "$work/$t.csv" >"$work/$t.path"
      flat_table "$work/$t.err" >"$work/$t.flat"
      check "$t: path products = flat weights (stderr, 6 decimals)" close "$work/$t.path" "$work/$t.flat" 6e-7
    fi
  done
done
# Equal flat: every indicator's path product is exactly 1/21.
check "equal-flat: path products = 1/21 (1e-9)" \
  awk '{ d = $2 - 1 / 21; if (d < 0) d = -d; if (d > 1e-9) bad = 1 } END { exit bad }' "$work/equal-flat.path"
check "equal-group: a 4-indicator group gets 0.25" grep -q "^s_output,.*,scale,0.25,+," "$work/equal-group.csv"
# Missing values: each group leaves out its cluster with a gap; flat leaves out all five.
check "entropy-group: innov leaves out SD-2023-038" \
  grep -q 'warning: group "innov": 1 of 45 clusters left out for missing values (SD-2023-038)' "$work/entropy-group.err"
check "entropy-flat: 5 of 45 left out" grep -q "all indicators (flat): 5 of 45 clusters left out" "$work/entropy-flat.err"
check "pca: share of variance reported" grep -q "PC1: lambda1 = .* of the variance" "$work/pca-group.err"
check "pca: negative loadings reported" grep -q 'loads negatively on PC1' "$work/pca-group.err"

# stdout = the -o file; two runs agree byte for byte.
run_ce "$work/stdout" weights "$S" -w "$P" --method critic
check "stdout equals the -o file without its BOM" cmp "$work/stdout.out" <(tail -c +4 "$work/critic-group.csv")
run_ce "$work/again" weights "$S" -w "$P" --method critic -o "$work/again.csv"
check "deterministic" cmp "$work/again.csv" "$work/critic-group.csv"

# Options.
run_ce "$work/eps" weights "$S" -w "$P" --method entropy --epsilon 0.002 -o "$work/eps.csv"
check "--epsilon: exit 0 and differs from 0" \
  bash -c "[ \"\$(cat '$work/eps.rc')\" = 0 ] && ! cmp -s '$work/eps.csv' '$work/entropy-group.csv'"
check "--epsilon named in the table" grep -q "(epsilon 0.002)" "$work/eps.err"
run_ce "$work/raw" weights "$data/small.csv" -w "$data/profile-small.csv" --method entropy \
  --entropy-input raw --scope flat -o "$work/raw.csv"
check "--entropy-input raw: exit 0" [ "$(rc_of "$work/raw")" = 0 ]
check "--entropy-input raw: on raw values" grep -q "weights by entropy on raw values" "$work/raw.err"
run_ce "$work/sdraw" weights "$S" -w "$P" --method sd --input raw -o "$work/sdraw.csv"
check "--input raw (sd): exit 0, sums ok" bash -c "[ \"\$(cat '$work/sdraw.rc')\" = 0 ] && $(declare -f sums_ok); sums_ok '$work/sdraw.csv'"
run_ce "$work/sp" weights "$S" -w "$P" --method critic --correlation spearman -o "$work/sp.csv"
check "--correlation spearman: exit 0" [ "$(rc_of "$work/sp")" = 0 ]
check "--correlation spearman: named" grep -q "Spearman correlation" "$work/sp.err"
run_ce "$work/gb" weights "$data/bad/gb18030.csv" -w "$data/profile-small.csv" --method sd --encoding gb18030 -o "$work/gb.csv"
check "--encoding gb18030: exit 0" [ "$(rc_of "$work/gb")" = 0 ]
run_ce "$work/gbauto" weights "$data/bad/gb18030.csv" -w "$data/profile-small.csv" --method sd -o "$work/gbauto.csv"
check "--encoding auto: same profile as gb18030" cmp "$work/gb.csv" "$work/gbauto.csv"
run_ce "$work/gbu8" weights "$data/bad/gb18030.csv" -w "$data/profile-small.csv" --method sd --encoding utf-8
check "--encoding utf-8 on GB18030: exit 1 with file:line" \
  bash -c "[ \"\$(cat '$work/gbu8.rc')\" = 1 ] && grep -q 'gb18030.csv:2: not valid UTF-8' '$work/gbu8.err'"
run_ce "$work/help" weights --help
check "--help: exit 0" [ "$(rc_of "$work/help")" = 0 ]
for opt in --method --weights --output --scope --input --entropy-input --epsilon --correlation \
           --allow-inconsistent --encoding --help ahp:FILE; do
  check "--help lists $opt" grep -q -- "$opt" "$work/help.out"
done
run_ce "$work/usage" --help
check "clustereval --help lists weights" grep -q "^  weights DATA.csv" "$work/usage.out"

# AHP: the dimensions and the green group from the file, the other groups kept.
run_ce "$work/ahp" weights "$S" -w "$P" --method "ahp:$A/ahp-default.csv" -o "$work/ahp.csv"
check "ahp: exit 0" [ "$(rc_of "$work/ahp")" = 0 ]
check "ahp: sums ok" sums_ok "$work/ahp.csv"
check "ahp: innov weighs 0.322009" grep -q "^    innov          0.322009" "$work/ahp.err"
check "ahp: CR reported" grep -q "composite (the dimensions): lambda_max = 6.009231, CI = 0.001846, RI = 1.24, CR = 0.001489" "$work/ahp.err"
check "ahp: kept groups listed once" grep -q "5 groups without judgements in .*ahp-default.csv keep the profile's weights: scale, innov, digital, open, gov" "$work/ahp.err"
run_ce "$work/ahp-rank" rank "$S" -w "$work/ahp.csv"
check "ahp: rank -w loads it" [ "$(rc_of "$work/ahp-rank")" = 0 ]
run_ce "$work/ahp-allow" weights "$S" -w "$P" --method "ahp:$A/ahp-inconsistent.csv" --allow-inconsistent -o "$work/ahp-allow.csv"
check "--allow-inconsistent: exit 0 with a warning" \
  bash -c "[ \"\$(cat '$work/ahp-allow.rc')\" = 0 ] && grep -q 'ahp-inconsistent.csv:8: group \"composite\": inconsistent judgements accepted: CR = 0.8399' '$work/ahp-allow.err'"

# A constant indicator: entropy warns and gives it 0; CRITIC and PCA refuse it.
# (the quoted thousands of the sample are unquoted first, so that commas split fields)
sed -E 's/"([0-9]+),([0-9]{3})"/\1\2/g' "$S" |
  awk -F, 'BEGIN { OFS = "," } NR > 1 { $23 = 5 } { print }' >"$work/const.csv"
check "test data: v_operator made constant" [ "$(cut -d, -f23 "$work/const.csv" | sort -u | tr '\n' ' ')" = "5 v_operator " ]
run_ce "$work/c-ent" weights "$work/const.csv" -w "$P" --method entropy -o "$work/c-ent.csv"
check "constant: entropy exit 0" [ "$(rc_of "$work/c-ent")" = 0 ]
check "constant: entropy warns" grep -q 'group "gov": "v_operator" is constant over the 44 clusters used: entropy weight 0' "$work/c-ent.err"
check "constant: weight 0 written" grep -q "^v_operator,.*,gov,0,+," "$work/c-ent.csv"
for m in critic pca; do
  run_ce "$work/c-$m" weights "$work/const.csv" -w "$P" --method $m -o "$work/c-$m.csv"
  check "constant: $m exit 1" [ "$(rc_of "$work/c-$m")" = 1 ]
  check "constant: $m names the group and indicator" \
    grep -q "^clustereval: .*const.csv: group \"gov\": \"v_operator\" is constant over the 44 clusters used" "$work/c-$m.err"
  check "constant: $m writes no file" [ ! -e "$work/c-$m.csv" ]
done

# Bad inputs: exit code, message, no output file, an existing file untouched.
bad() { # bad NAME RC REGEX ARGS...
  local name=$1 rc=$2 re=$3; shift 3
  printf 'keep me\n' >"$work/$name.existing"
  run_ce "$work/$name" weights "$@" -o "$work/$name.existing"
  check "$name: exit $rc" [ "$(rc_of "$work/$name")" = "$rc" ]
  check "$name: message /$re/" grep -Eq -- "$re" "$work/$name.err"
  check "$name: existing output untouched" [ "$(cat "$work/$name.existing")" = "keep me" ]
  run_ce "$work/$name-new" weights "$@" -o "$work/$name.new"
  check "$name: no output file" [ ! -e "$work/$name.new" ]
  check "$name: no temporary file left" [ -z "$(find "$work" -maxdepth 1 -name '*.tmp*' -o -maxdepth 1 -name '.*tmp*' | head -n 1)" ]
  check "$name: nothing on stdout" [ ! -s "$work/$name.out" ]
}
bad unknown_method 2 'clustereval weights: --method: "topsis" is not equal, entropy, critic, sd, pca or ahp:FILE' "$S" -w "$P" --method topsis
bad no_method 2 "--method is required" "$S" -w "$P"
bad ahp_no_file 2 "ahp:FILE: the file is missing" "$S" -w "$P" --method ahp:
bad ahp_flat 2 "needs --scope group" "$S" -w "$P" --method "ahp:$A/ahp-default.csv" --scope flat
bad epsilon_critic 2 "--epsilon applies to entropy, not critic" "$S" -w "$P" --method critic --epsilon 0.01
bad epsilon_range 2 '--epsilon: "0.5" is not a number in \[0, 0.5\)' "$S" -w "$P" --method entropy --epsilon 0.5
bad epsilon_raw 2 "--epsilon applies to min-max input, not raw" "$S" -w "$P" --method entropy --input raw --epsilon 0.01
bad input_pca 2 "--input applies to entropy, critic and sd, not pca" "$S" -w "$P" --method pca --input raw
bad corr_entropy 2 "--correlation applies to critic and pca, not entropy" "$S" -w "$P" --method entropy --correlation spearman
bad allow_entropy 2 "--allow-inconsistent applies to ahp, not entropy" "$S" -w "$P" --method entropy --allow-inconsistent
bad bad_scope 2 '--scope: "tree" is not group or flat' "$S" -w "$P" --method sd --scope tree
bad ahp_inconsistent 1 '^clustereval: .*ahp-inconsistent\.csv:8: group "composite": the judgements are inconsistent: CR = 0\.8399 >= 0\.1' \
  "$S" -w "$P" --method "ahp:$A/ahp-inconsistent.csv"
bad ahp_missing_pair 1 '^clustereval: .*ahp-missing-pair\.csv:2: group "open": no judgement for the pair o_local, o_iucoop' \
  "$S" -w "$P" --method "ahp:$A/ahp-missing-pair.csv"
bad entropy_raw_negative 1 '^clustereval: .*clusters-2023\.csv: all indicators \(flat\): "s_growth" is -3 for "SD-2023-006": entropy on raw values needs every value > 0' \
  "$S" -w "$P" --method entropy --entropy-input raw --scope flat
bad ahp_absent 3 "^clustereval: .*absent\.csv" "$S" -w "$P" --method "ahp:$A/absent.csv"
bad data_absent 3 "^clustereval: .*nothing\.csv" "$work/nothing.csv" -w "$P" --method sd
head -n 2 "$data/small.csv" >"$work/one.csv"
bad one_cluster 1 'one\.csv: group "econ": only 1 cluster has every input present; at least 2 are needed' \
  "$work/one.csv" -w "$data/profile-small.csv" --method entropy
printf 'id,s_output\nX,1\n' >"$work/short.csv"
bad missing_indicator 1 "is not a column of" "$work/short.csv" -w "$P" --method sd

# Denominators: weights are computed on the denominated values, as rank sees
# them: a profile dividing gdp by pop gives the same weights as the data
# divided beforehand.
printf 'id,pop,gdp,jobs,co2,waste\nA1,10,10,100,5,50\nA2,4,20,300,3,70\nA3,5,30,200,4,60\nA4,8,40,400,1,90\n' >"$work/den.csv"
printf 'id,gdp,jobs,co2,waste\nA1,1,100,5,50\nA2,5,300,3,70\nA3,6,200,4,60\nA4,5,400,1,90\n' >"$work/den-divided.csv"
printf 'code,name,parent,weight,direction,unit,denominator\necon,,,1,,,\nenv,,,1,,,\ngdp,,econ,1,+,,pop\njobs,,econ,1,+,,\nco2,,env,1,-,,\nwaste,,env,1,+,,\n' >"$work/den-profile.csv"
printf 'code,name,parent,weight,direction,unit\necon,,,1,,\nenv,,,1,,\ngdp,,econ,1,+,\njobs,,econ,1,+,\nco2,,env,1,-,\nwaste,,env,1,+,\n' >"$work/plain-profile.csv"
run_ce "$work/den" weights "$work/den.csv" -w "$work/den-profile.csv" --method entropy -o "$work/den-w.csv"
run_ce "$work/div" weights "$work/den-divided.csv" -w "$work/plain-profile.csv" --method entropy -o "$work/div-w.csv"
check "denominated weights equal the weights of the divided data" \
  bash -c "diff <(cut -d, -f1-5 '$work/den-w.csv') <(cut -d, -f1-5 '$work/div-w.csv')"

e2e_done
