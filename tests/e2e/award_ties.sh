#!/usr/bin/env bash
# award_ties.sh EXE SRC WORK - a tie at the last award place is not an award
# (README "Awards and ties": award=tie, amount 0) in every output that counts
# awards: uncertainty's P(award), sensitivity's remove_elements award
# changes, and the enter/leave lists of rank --previous. Each case has two
# clusters tied for the last place without --tie-break; counting "tie" as an
# award changes every figure checked here.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
nobom() { sed '1s/^\xEF\xBB\xBF//' "$1"; }
# sum_p FILE: the sum of the p_award column (8th) of an uncertainty table.
sum_p() { nobom "$1" | awk -F, 'NR > 1 { s += $8 } END { printf "%.4f\n", s }'; }

printf 'code,name,parent,weight,direction,unit\nX,,,1,,\nx,,X,1,+,\nY,,,1,,\ny,,Y,1,+,\n' \
  >"$work/p.csv"

# ---- uncertainty: C and D identical, tied for place 3 in every draw -----------
# A > B > C = D > E under any weights.
printf 'id,name,x,y\nA,a,10,10\nB,b,8,8\nC,c,5,5\nD,d,5,5\nE,e,1,1\n' >"$work/same.csv"
expect_top3='id,name,nominal_rank,mean_rank,median_rank,p05_rank,p95_rank,p_award,mean_score
A,a,1,1.0000,1,1,1,1.0000,100.000000
B,b,2,2.0000,2,2,2,1.0000,77.777778
C,c,3,3.0000,3,3,3,0.0000,44.444444
D,d,3,3.0000,3,3,3,0.0000,44.444444
E,e,5,5.0000,5,5,5,0.0000,0.000000'
run_ce "$work/u0" uncertainty "$work/same.csv" -w "$work/p.csv" --top 3 --weight-noise 0 --draws 50
check "uncertainty, tie at place 3 of 3, --weight-noise 0: exit 0" [ "$(rc_of "$work/u0")" = 0 ]
check "uncertainty, tie at place 3 of 3, --weight-noise 0: the tied pair never awarded" \
  cmp "$work/u0.out" <(printf '%s\n' "$expect_top3")
check "uncertainty, tie at place 3 of 3: P(award) sums to the 2 awards given" \
  [ "$(sum_p "$work/u0.out")" = 2.0000 ]
check "uncertainty, tie at place 3 of 3: the same as rank (tie, amount 0)" \
  bash -c '"$1" rank "$2" -w "$3" --top 3 2>/dev/null | grep -c "^3,[CD],[cd],44.444444,tie,0," | grep -qx 2' \
  _ "$exe" "$work/same.csv" "$work/p.csv"
# Under weight noise the pair stays tied (identical values): still no award.
run_ce "$work/u25" uncertainty "$work/same.csv" -w "$work/p.csv" --top 3 --draws 200 -o "$work/u25.csv"
check "uncertainty, tie at place 3 of 3, noise 0.25: exit 0" [ "$(rc_of "$work/u25")" = 0 ]
check "uncertainty, tie at place 3 of 3, noise 0.25: C and D P(award) 0" \
  [ "$(nobom "$work/u25.csv" | awk -F, '$1 == "C" || $1 == "D" { print $8 }' | tr '\n' ' ')" = "0.0000 0.0000 " ]
check "uncertainty, tie at place 3 of 3, noise 0.25: P(award) sums to 2" \
  [ "$(sum_p "$work/u25.csv")" = 2.0000 ]
# A tied pair that fits within --top is awarded in full.
run_ce "$work/u4" uncertainty "$work/same.csv" -w "$work/p.csv" --top 4 --weight-noise 0 --draws 50
check "uncertainty, tie at places 3-4 of 4: both awarded" \
  [ "$(awk -F, '$1 == "C" || $1 == "D" { print $8 }' "$work/u4.out" | tr '\n' ' ')" = "1.0000 1.0000 " ]
check "uncertainty, tie at places 3-4 of 4: P(award) sums to 4" [ "$(sum_p "$work/u4.out")" = 4.0000 ]

# ---- sensitivity remove_elements: award changes ----------------------------------
# Scores (min-max 0-100, equal weights): A 100, B 90, C 50, D 50, E 40, F 5;
# --top 3: A, B yes, C and D tie. Without X (by y: A B E D C F) E gains
# the third award: 1 change (C and D had none to lose). Without Y (by x:
# A B C D F E) C gains it: 1 change.
printf 'id,name,x,y\nA,a,10,10\nB,b,9,9\nC,c,6,4\nD,d,4,6\nE,e,0,8\nF,f,1,0\n' >"$work/tie.csv"
run_ce "$work/s" sensitivity "$work/tie.csv" -w "$work/p.csv" --top 3 --draws 20 --bootstrap 0 \
  --remove-out "$work/rem.csv"
check "sensitivity, tie at place 3 of 3: exit 0" [ "$(rc_of "$work/s")" = 0 ]
check "sensitivity, tie at place 3 of 3: award changes 1 and 1, shifts by hand" \
  cmp <(nobom "$work/rem.csv") <(printf '%s\n' 'dimension,mean_abs_rank_shift,max_abs_rank_shift,award_changes' \
    'X,0.8333,2,1' 'Y,0.5000,1,1')

# ---- rank --previous: enter and leave the award list -----------------------------
run_ce "$work/prev" rank "$work/tie.csv" -w "$work/p.csv" --top 3 -o "$work/prev.csv"
check "previous ranking: C and D tied for place 3" \
  [ "$(grep -c '^3,[CD],[cd],50.000000,tie,0,' "$work/prev.csv")" = 2 ]
# This year C is ahead of D: C enters (tie -> yes), nobody leaves.
printf 'id,name,x,y\nA,a,10,10\nB,b,9,9\nC,c,7,4\nD,d,4,6\nE,e,0,8\nF,f,1,0\n' >"$work/now.csv"
run_ce "$work/cmp" rank "$work/now.csv" -w "$work/p.csv" --top 3 --previous "$work/prev.csv" \
  --compare-out "$work/cmp.csv" -o "$work/now-ranked.csv"
check "rank --previous, tie then: exit 0" [ "$(rc_of "$work/cmp")" = 0 ]
check "rank --previous, tie then: 1 enters (C), none leaves" \
  grep -q "vs previous: 1 enter and 0 leave the award list" "$work/cmp.err"
check "rank --previous, tie then: the enter row" \
  grep -qx 'previous,enter,,,C,c,3,3,0,yes,tie,55.000000,50.000000' "$work/cmp.csv"
# The other way round: C awarded then, tied now: C leaves, nobody enters.
run_ce "$work/back" rank "$work/tie.csv" -w "$work/p.csv" --top 3 --previous "$work/now-ranked.csv" \
  --compare-out "$work/back.csv"
check "rank --previous, tie now: exit 0" [ "$(rc_of "$work/back")" = 0 ]
check "rank --previous, tie now: 0 enter, 1 leaves (C)" \
  grep -q "vs previous: 0 enter and 1 leave the award list" "$work/back.err"
check "rank --previous, tie now: the leave row" \
  grep -qx 'previous,leave,,,C,c,3,3,0,tie,yes,50.000000,55.000000' "$work/back.csv"
e2e_done
