#!/usr/bin/env bash
# compare.sh EXE SRC WORK - `clustereval rank` comparisons: --baseline,
# --baseline-set, --previous and --compare-out on the shipped sample.
# The baseline is checked against a separate run of the same weighting, the
# enter/leave lists against the two award columns, and the statistics
# against values computed independently (Python, O(n^2) pair counts, on
# tests/golden/clusters-2023.{default,expert}.csv).
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
S="$src/samples/clusters-2023.csv"
EXPERT="$src/weights/expert-example.csv"
golden="$src/tests/golden"
cdata="$data/compare"

nobom() { sed '1s/^\xEF\xBB\xBF//' "$1"; }
# cols FILE ID LIST: fields LIST (cut -f) of the row of cluster ID.
cols() { grep "^[0-9]*,$2," "$1" | cut -d, -f"$3"; }
# col FILE NAME: the values of column NAME (by header) as "id value" lines,
# sorted by id. Only for files whose first columns hold no quoted comma
# (true of rank..rank_change here; notes come last).
col() {
  nobom "$1" | awk -F, -v want="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == want) c = i; next }
    { print $2, $c }' | LC_ALL=C sort
}
# ids FILE SECTION: the ids of a --compare-out section, sorted.
ids() { nobom "$1" | awk -F, -v s="$2" '$2 == s { print $5 }' | LC_ALL=C sort; }
# stat FILE NAME: a summary value of a --compare-out file.
stat() { nobom "$1" | awk -F, -v n="$2" '$2 == "summary" && $3 == n { print $4 }'; }

# 1. Without a comparison option nothing changes.
run_ce "$work/plain" rank "$S" -o "$work/plain.csv"
check "no comparison: byte-identical to the golden file" cmp "$work/plain.csv" "$golden/clusters-2023.default.csv"
check "no comparison: no comparison on stderr" bash -c "! grep -q 'vs baseline\|vs previous' '$work/plain.err'"

# 2. --baseline: default weights against the expert weights.
run_ce "$work/b" rank "$S" --baseline "$EXPERT" -o "$work/b.csv" --compare-out "$work/bc.csv"
check "baseline: exit 0" [ "$(rc_of "$work/b")" = 0 ]
check "baseline: columns right after award_amount" \
  [ "$(nobom "$work/b.csv" | head -n 1 | cut -d, -f5-9)" = "award,award_amount,baseline_rank,rank_change,scale" ]
check "baseline: the other columns are the golden file's" \
  cmp <(cut -d, -f1-6,9- "$work/b.csv") "$golden/clusters-2023.default.csv"
run_ce "$work/e" rank "$S" -w "$EXPERT" -o "$work/e.csv"
check "baseline_rank = the rank of a run with the baseline profile, for every cluster" \
  cmp <(col "$work/b.csv" baseline_rank) <(col "$work/e.csv" rank)
check "rank_change = baseline_rank - rank on every row (45 rows)" \
  awk -F, 'NR > 1 { n++; if ($8 != $7 - $1) bad++ } END { exit !(n == 45 && bad == 0) }' "$work/b.csv"
# Enter: award yes under the default, not under the expert weights; leave: the reverse.
LC_ALL=C join <(col "$work/b.csv" award) <(col "$work/e.csv" award) >"$work/awards"
check "enter = yes now, not yes under the baseline (two clusters)" \
  cmp <(ids "$work/bc.csv" enter) <(awk '$2 == "yes" && $3 != "yes" { print $1 }' "$work/awards")
check "leave = yes under the baseline, not yes now (two clusters)" \
  cmp <(ids "$work/bc.csv" leave) <(awk '$3 == "yes" && $2 != "yes" { print $1 }' "$work/awards")
check "enter and leave counts" [ "$(stat "$work/bc.csv" entering),$(stat "$work/bc.csv" leaving)" = "2,2" ]
check "enter: SD-2023-026 (9, was 14)" grep -q '^baseline,enter,,,SD-2023-026,.*,9,14,5,yes,no,' "$work/bc.csv"
# rho and tau-b computed independently from the two golden rankings.
check "stderr: rho and tau-b" \
  grep -q "vs baseline .*expert-example.csv: 45 clusters ranked in both; Spearman rho = 0.989196, Kendall tau-b = 0.931313" "$work/b.err"
check "stderr: award list changes" grep -q "vs baseline: 2 enter and 2 leave the award list; 32 clusters change rank, by up to 5 places" "$work/b.err"
check "stderr: enter rows" [ "$(grep -c '^  enter ' "$work/b.err")" = 2 ]
check "stderr: 10 movers" [ "$(grep -c '^  mover ' "$work/b.err")" = 10 ]

# 3. The --compare-out file.
check "compare-out: BOM" [ "$(head -c 3 "$work/bc.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ]
check "compare-out: header" [ "$(nobom "$work/bc.csv" | head -n 1)" = "comparison,section,statistic,value,id,name,rank,other_rank,change,award,other_award,score,other_score" ]
check "compare-out: 13 fields on every line" awk -F, '{ if (NF != 13) bad++ } END { exit bad != 0 }' "$work/bc.csv"
check "compare-out: rho, tau-b, pairs" \
  [ "$(stat "$work/bc.csv" spearman_rho),$(stat "$work/bc.csv" kendall_tau_b),$(stat "$work/bc.csv" ranked_both)" = "0.989196,0.931313,45" ]
check "compare-out: against names the baseline profile" [ "$(stat "$work/bc.csv" against)" = "$EXPERT" ]
check "compare-out: moved 32, at most 5 places" [ "$(stat "$work/bc.csv" moved),$(stat "$work/bc.csv" max_abs_change)" = "32,5" ]
check "compare-out: no new/dropped rows for a baseline" bash -c "! grep -q '^baseline,summary,new\|^baseline,new\|^baseline,dropped' '$work/bc.csv'"
awk -F, '$2 == "mover" { d = $9 < 0 ? -$9 : $9; print d, $5 }' "$work/bc.csv" >"$work/movers"
check "compare-out: 10 movers, |change| descending, ties by id" \
  bash -c "[ \$(wc -l <'$work/movers') = 10 ] && LC_ALL=C sort -k1,1nr -k2,2 -c '$work/movers'"
check "compare-out: the first mover" [ "$(head -n 1 "$work/movers")" = "5 SD-2023-026" ]
check "compare-out: mover rows agree with the ranking" \
  bash -c "awk -F, '\$2 == \"mover\" { print \$5, \$7, \$8, \$9 }' '$work/bc.csv' | while read -r id r o c; do
             [ \"\$(grep \"^[0-9]*,\$id,\" '$work/b.csv' | cut -d, -f1,7,8)\" = \"\$r,\$o,\$c\" ] || exit 1; done"
check "compare-out: scores with 6 decimals" grep -q '^baseline,enter,,,SD-2023-026,.*,51.126346,49.536995$' "$work/bc.csv"
run_ce "$work/b2" rank "$S" --baseline "$EXPERT" -o "$work/b2.csv" --compare-out "$work/bc2.csv"
check "compare-out: a second run is byte-identical" cmp "$work/bc.csv" "$work/bc2.csv"
check "ranking: a second run is byte-identical" cmp "$work/b.csv" "$work/b2.csv"
run_ce "$work/bs" rank "$S" --baseline "$EXPERT" --no-bom --compare-out "$work/bc-nobom.csv"
check "stdout + --compare-out: the ranking on stdout without BOM" cmp "$work/bs.out" <(nobom "$work/b.csv")
check "--no-bom applies to --compare-out" cmp "$work/bc-nobom.csv" <(nobom "$work/bc.csv")

# 4. --baseline-set alone: the main profile with the change, without the main --set.
run_ce "$work/bset" rank "$S" --set innov=2 --baseline-set green=3 -o "$work/bset.csv"
run_ce "$work/green3" rank "$S" --set green=3 -o "$work/green3.csv"
run_ce "$work/innov2" rank "$S" --set innov=2 -o "$work/innov2.csv"
check "--baseline-set: exit 0" [ "$(rc_of "$work/bset")" = 0 ]
check "--baseline-set: baseline_rank = the ranks under --set green=3 alone" \
  cmp <(col "$work/bset.csv" baseline_rank) <(col "$work/green3.csv" rank)
check "--baseline-set: rank = the ranks under --set innov=2" \
  cmp <(col "$work/bset.csv" rank) <(col "$work/innov2.csv" rank)
check "--baseline-set: rank_change = baseline_rank - rank" \
  awk -F, 'NR > 1 { n++; if ($8 != $7 - $1) bad++ } END { exit !(n == 45 && bad == 0) }' "$work/bset.csv"
check "--baseline-set: stderr names the change" grep -q "vs baseline .*weights/default.csv with --baseline-set green=3: 45 clusters" "$work/bset.err"

# 5. --previous with this year's own ranking: nothing moves.
run_ce "$work/same" rank "$S" --previous "$golden/clusters-2023.default.csv" -o "$work/same.csv" --compare-out "$work/samec.csv"
check "previous = golden: exit 0" [ "$(rc_of "$work/same")" = 0 ]
check "previous = golden: columns after award_amount" \
  [ "$(nobom "$work/same.csv" | head -n 1 | cut -d, -f6-9)" = "award_amount,previous_rank,change_vs_previous,scale" ]
check "previous = golden: previous_rank = rank, change 0 on every row" \
  awk -F, 'NR > 1 { n++; if ($7 != $1 || $8 != "0") bad++ } END { exit !(n == 45 && bad == 0) }' "$work/same.csv"
check "previous = golden: rho = tau-b = 1" \
  grep -q "45 clusters ranked in both; Spearman rho = 1.000000, Kendall tau-b = 1.000000" "$work/same.err"
check "previous = golden: no new, no dropped" grep -q "vs previous: 0 new (not in the previous file), 0 dropped" "$work/same.err"
check "previous = golden: summary" \
  [ "$(stat "$work/samec.csv" spearman_rho),$(stat "$work/samec.csv" kendall_tau_b),$(stat "$work/samec.csv" moved),$(stat "$work/samec.csv" new),$(stat "$work/samec.csv" dropped)" = "1.000000,1.000000,0,0,0" ]
check "previous = golden: no cluster rows" [ "$(nobom "$work/samec.csv" | awk -F, '$2 != "summary"' | wc -l)" = 1 ]

# 6. --previous with a hand-edited earlier year (CRLF, no BOM): SD-2023-020
# removed (new now), SD-2022-099 added (dropped, unranked then), ranks of
# SD-2023-001 (3 now) and SD-2023-005 (5 now) swapped.
run_ce "$work/p" rank "$S" --previous "$cdata/prev-2022.csv" -o "$work/p.csv" --compare-out "$work/pc.csv"
check "previous: exit 0" [ "$(rc_of "$work/p")" = 0 ]
check "previous: SD-2023-001 now 3, was 5: +2" [ "$(cols "$work/p.csv" SD-2023-001 1,7,8)" = "3,5,2" ]
check "previous: SD-2023-005 now 5, was 3: -2" [ "$(cols "$work/p.csv" SD-2023-005 1,7,8)" = "5,3,-2" ]
check "previous: the new SD-2023-020 has empty previous cells" [ "$(cols "$work/p.csv" SD-2023-020 1,7,8)" = "41,," ]
check "previous: every other row unchanged" \
  awk -F, 'NR > 1 && $2 != "SD-2023-001" && $2 != "SD-2023-005" && $2 != "SD-2023-020" { n++; if ($8 != "0") bad++ } END { exit !(n == 42 && bad == 0) }' "$work/p.csv"
check "previous: the dropped cluster is not a row of the ranking" bash -c "! grep -q SD-2022-099 '$work/p.csv'"
# 44 pairs; SD-2023-004 (4 both years) lies between the swapped two: 3
# discordant pairs of 946, tau-b = 940/946; rho = 1 - 6*8/(44*(44^2-1)).
check "previous: rho and tau-b over the 44 clusters ranked in both" \
  grep -q "44 clusters ranked in both; Spearman rho = 0.999436, Kendall tau-b = 0.993658" "$work/p.err"
check "previous: stderr new/dropped counts" grep -q "vs previous: 1 new (not in the previous file), 1 dropped (not in the data)" "$work/p.err"
check "previous: stderr lists the new cluster" grep -Eq "^  new +41 +- +SD-2023-020  " "$work/p.err"
check "previous: stderr lists the dropped cluster" grep -Eq "^  dropped +- +- +SD-2022-099  滨州市" "$work/p.err"
check "previous: compare-out new" [ "$(ids "$work/pc.csv" new)" = SD-2023-020 ]
check "previous: compare-out dropped, with last year's name" grep -q '^previous,dropped,,,SD-2022-099,滨州市某已撤销产业集群,,,,,no,,$' "$work/pc.csv"
check "previous: compare-out movers" [ "$(ids "$work/pc.csv" mover | tr '\n' ' ')" = "SD-2023-001 SD-2023-005 " ]
check "previous: compare-out mover row" grep -q '^previous,mover,,,SD-2023-001,.*,3,5,2,yes,yes,61.099937,61.099937$' "$work/pc.csv"
check "previous: nobody enters or leaves" [ "$(stat "$work/pc.csv" entering),$(stat "$work/pc.csv" leaving)" = "0,0" ]
check "previous: summary counts" \
  [ "$(stat "$work/pc.csv" clusters_both),$(stat "$work/pc.csv" ranked_both),$(stat "$work/pc.csv" new),$(stat "$work/pc.csv" dropped)" = "44,44,1,1" ]

# 7. Both together: baseline columns first, then previous; baseline block first.
run_ce "$work/both" rank "$S" --baseline "$EXPERT" --previous "$cdata/prev-2022.csv" -o "$work/both.csv" --compare-out "$work/bothc.csv"
check "both: columns" \
  [ "$(nobom "$work/both.csv" | head -n 1 | cut -d, -f6-11)" = "award_amount,baseline_rank,rank_change,previous_rank,change_vs_previous,scale" ]
check "both: baseline columns as alone" cmp <(cut -d, -f1-8 "$work/both.csv") <(cut -d, -f1-8 "$work/b.csv")
check "both: previous columns as alone" cmp <(cut -d, -f9-10 "$work/both.csv") <(cut -d, -f7-8 "$work/p.csv")
check "both: compare-out is the two files one after the other" \
  cmp "$work/bothc.csv" <(cat "$work/bc.csv"; nobom "$work/pc.csv" | tail -n +2)

# 8. A previous file saved without a score or award column: no enter/leave.
cut -d, -f1-2 "$golden/clusters-2023.default.csv" >"$work/ranks-only.csv"
run_ce "$work/ro" rank "$S" --previous "$work/ranks-only.csv" --compare-out "$work/roc.csv" -o "$work/ro.csv"
check "ranks only: exit 0" [ "$(rc_of "$work/ro")" = 0 ]
check "ranks only: award list not compared" grep -q "vs previous: no award column, award list not compared" "$work/ro.err"
check "ranks only: no entering row" bash -c "! grep -q ',summary,entering,' '$work/roc.csv'"

# 9. A failed run writes neither file and leaves existing ones alone.
printf 'old ranking\n' >"$work/keep.csv"
printf 'old comparison\n' >"$work/keepc.csv"
run_ce "$work/fail" rank "$S" --previous "$cdata/prev_duplicate_id.csv" -o "$work/keep.csv" --compare-out "$work/keepc.csv"
check "failure: exit 1" [ "$(rc_of "$work/fail")" = 1 ]
check "failure: both files untouched" [ "$(cat "$work/keep.csv")$(cat "$work/keepc.csv")" = "old rankingold comparison" ]
run_ce "$work/fail2" rank "$S" --baseline-set nope=1 -o "$work/new1.csv" --compare-out "$work/new2.csv"
check "failure: exit 2 for an unknown --baseline-set code" [ "$(rc_of "$work/fail2")" = 2 ]
check "failure: no new files, no temporary files" \
  [ "$(find "$work" -name 'new1.csv' -o -name 'new2.csv' -o -name '*.tmp-*' | wc -l)" = 0 ]
run_ce "$work/fail3" rank "$S" --baseline "$EXPERT" -o "$work/new1.csv" --compare-out "$work/no-such-folder/c.csv"
check "failure: an unwritable --compare-out is exit 3" [ "$(rc_of "$work/fail3")" = 3 ]
check "failure: ... and the ranking is not written" [ ! -e "$work/new1.csv" ]
check "failure: the message names the --compare-out file" grep -q "no-such-folder/c.csv: cannot write" "$work/fail3.err"
run_ce "$work/fail4" rank "$S" --baseline "$EXPERT" --compare-out "$work/no-such-folder/c.csv"
check "failure: nothing on stdout either" [ ! -s "$work/fail4.out" ]
run_ce "$work/same-file" rank "$S" --baseline "$EXPERT" -o "$work/x.csv" --compare-out "$work/x.csv"
check "--compare-out and -o the same file: exit 2" [ "$(rc_of "$work/same-file")" = 2 ]

e2e_done
