#!/usr/bin/env bash
# limits.sh EXE SRC WORK - clustereval at the limits of its inputs. Each case
# either fails cleanly (the exact exit code and a `FILE:LINE: ...` message) or
# works (a concrete property of the output), within bounded time and memory:
# never a crash (exit >= 128, a sanitizer report), a hang or a stack overflow.
#
# Inputs are generated at test time into WORK (nothing big is committed) by
# tests/tools/gen_big.c, compiled here with cc. The big data file is 200 MB;
# with CE_TEST_BIG=1 it is 1 GB (about 20 s more in the plain build, three
# times that under ASan). Cases: the big file (and the same file with a bad
# byte on its last line), a 100 MB field (text and number), 100,000 columns,
# 1,000,000 rows, 100 MB of blank lines, a profile of 100,000 nodes (and of
# 20,000 under the address-space limit), chains 10,000 and 100,000 levels deep
# (every command linear in the depth), cycles,
# every cell missing, one cluster, two identical clusters, values near DBL_MAX
# and denormals, a header repeated in the data, NUL bytes, bytes that are
# neither UTF-8 nor GB18030, a BOM in the middle, CR-only line ends.
#
# Every run gets a time limit (seconds below, times 3 under ASan) and 4 GB of
# address space (prlimit, else ulimit -v; not under ASan, which maps terabytes
# of shadow memory); its peak RSS is measured with /usr/bin/time when present.
. "$(dirname "$0")/../e2e/lib.sh"
e2e_init "$@"
P="$data/profile-small.csv"
export LC_ALL=C # byte semantics for awk, grep and sort

asan=0
grep -aq '__asan_init' "$exe" && asan=1
slow=1
[ "$asan" = 1 ] && slow=3
aslim=()
if [ "$asan" = 1 ]; then
  echo "note: ASan build: no address-space limit (ASan reserves terabytes of shadow" \
    "memory); time limits x3; the RSS bounds allow for ASan's shadow and quarantine"
elif command -v prlimit >/dev/null 2>&1; then
  aslim=(prlimit --as=$((4 << 30)))
  echo "note: address space limited to 4 GB with prlimit"
else
  aslim=(bash -c 'ulimit -v 4194304 && exec "$@"' ulimit-v)
  echo "note: address space limited to 4 GB with ulimit -v"
fi
have_time=0
[ -x /usr/bin/time ] && have_time=1
[ "$have_time" = 1 ] || echo "note: /usr/bin/time missing: peak RSS not measured, RSS bounds not checked"

cc -O2 -o "$work/gen_big" "$src/tests/tools/gen_big.c" || { echo "FAIL: cannot build gen_big"; exit 1; }
gen() { "$work/gen_big" "$@"; }

# lim NAME SECONDS ARGS...: runs clustereval ARGS within SECONDS (x3 under
# ASan) and the address-space limit; leaves $work/NAME.{out,err,rc} and sets
# rc, ms (wall time) and rss (peak KB, empty when unknown). A time-out is
# exit 124; a crash or a sanitizer report fails at once.
lim() {
  local name=$1 p="$work/$1" secs=$(($2 * slow)) t0 t1
  shift 2
  t0=$(date +%s%N)
  if [ "$have_time" = 1 ]; then
    timeout -k 10 "$secs" "${aslim[@]}" /usr/bin/time -f %M -o "$p.time" "$exe" "$@" \
      >"$p.out" 2>"$p.err"
  else
    timeout -k 10 "$secs" "${aslim[@]}" "$exe" "$@" >"$p.out" 2>"$p.err"
  fi
  rc=$?
  t1=$(date +%s%N)
  echo "$rc" >"$p.rc"
  ms=$(((t1 - t0) / 1000000))
  rss=
  [ "$have_time" = 1 ] && rss=$(tail -n 1 "$p.time" 2>/dev/null | grep -E '^[0-9]+$')
  echo "-- $name: exit $rc in $ms ms, peak RSS ${rss:-?} KB"
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    fail "$name: did not finish within $secs s (killed)"
  elif [ "$rc" -ge 128 ]; then
    fail "$name: crashed (exit $rc)"
    head -c 2000 "$p.err"
  fi
  if grep -Eq 'Sanitizer|runtime error:' "$p.err"; then
    fail "$name: sanitizer report"
    head -c 4000 "$p.err"
  fi
}
# rss_below KB: the last run's peak RSS is below KB (plain build) or 2 KB +
# 512 MB (ASan); passes when RSS is not measured.
rss_below() {
  local bound=$1
  [ "$asan" = 1 ] && bound=$((2 * bound + 524288))
  [ -z "$rss" ] || [ "$rss" -lt "$bound" ]
}
# has NAME TEXT: the stderr of NAME contains TEXT (fixed string).
has() { grep -qF -- "$2" "$work/$1.err"; }
# row NAME LINE: stdout of NAME contains LINE as a whole line.
row() { grep -qxF -- "$2" "$work/$1.out"; }
# near A B: two printed scores agree to 1e-6 (rounding of the 6th decimal).
near() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { exit !((a - b) ^ 2 <= 1.01e-12) }'; }
# score_of FILE ID: the score column of ID in a ranking.
score_of() { awk -F, -v id="$2" '$2 == id { print $4 }' "$1"; }

# ---- A big data file: streamed, memory far below the file's size ----------
if [ "${CE_TEST_BIG:-0}" = 1 ]; then big=1000000000; else big=200000000; fi
# Rows of ~950 bytes: the ignored column "remark" makes up most of the file.
gen fill "$big" 900 >"$work/big.csv"
big_rows=$(($(wc -l <"$work/big.csv") - 1))
echo "big.csv: $(wc -c <"$work/big.csv") bytes, $big_rows rows"
lim big 120 rank "$work/big.csv" -w "$P" -o "$work/big-ranked.csv"
check "big file: exit 0" test "$rc" = 0
check "big file: every row ranked" test "$(($(wc -l <"$work/big-ranked.csv") - 1))" = "$big_rows"
check "big file: summary" has big "ranked $big_rows of $big_rows clusters (0 unranked)"
check "big file: the remark column ignored with a warning" \
  has big "big.csv: 1 column not in the profile, ignored: remark"
check "big file: 10 awards" test "$(grep -c ',yes,1000000,' "$work/big-ranked.csv")" = 10
check "big file: peak RSS below half the file size" rss_below $((big / 2048))
rm -f "$work/big-ranked.csv"*
# The same file with a byte that is neither UTF-8 nor GB18030 on its last line.
printf 'X1,bad\377,1,2,3,4,r\n' >>"$work/big.csv"
lim bigbad 120 rank "$work/big.csv" -w "$P" -o "$work/bigbad.csv"
check "big file, bad last line: exit 1" test "$rc" = 1
check "big file, bad last line: the last line named" \
  has bigbad "big.csv:$((big_rows + 2)): invalid GB18030 byte 0xFF (the file is neither UTF-8 nor GB18030)"
check "big file, bad last line: no output" test ! -e "$work/bigbad.csv"
rm -f "$work/big.csv"

# ---- A single 100 MB field ---------------------------------------------------
gen field 100000000 >"$work/field.csv"
lim field 30 rank "$work/field.csv" -w "$P" -o "$work/field-ranked.csv"
check "100 MB name: exit 0" test "$rc" = 0
check "100 MB name: the name kept whole" \
  test "$(awk -F, '$2 == "A" { print length($3) }' "$work/field-ranked.csv" 2>/dev/null)" = 100000000
check "100 MB name: scores" grep -q '^2,A,abcdefghij.*,25.000000,yes,' "$work/field-ranked.csv"
check "100 MB name: peak RSS below 8 x the field" rss_below 800000
check "100 MB name: the summary on stderr cuts it at 200 bytes" \
  bash -c 'grep -q "^    2  yes  A  25\.000000  abcdefghij.*\.\.\.$" "$1" && [ "$(wc -c <"$1")" -lt 2000 ]' \
  _ "$work/field.err"
rm -f "$work/field.csv" "$work/field-ranked.csv"*
{
  printf 'id,name,gdp,jobs,co2,waste\nA,a,'
  head -c 100000000 /dev/zero | tr '\0' 7
  printf ',2,3,4\nB,b,5,6,7,8\n'
} >"$work/fieldnum.csv"
lim fieldnum 30 rank "$work/fieldnum.csv" -w "$P"
check "100 MB number: exit 1" test "$rc" = 1
check "100 MB number: message" has fieldnum 'fieldnum.csv:2: column "gdp": not a finite number: "7777777'
check "100 MB number: the message is short" test "$(wc -c <"$work/fieldnum.err")" -lt 1000
rm -f "$work/fieldnum.csv"

# ---- 100,000 columns, three of them in the profile ----------------------------
gen wide 100000 20 >"$work/wide.csv"
printf 'code,name,parent,weight,direction,unit\nd,,,1,,\ni1,,d,1,+,\ni2,,d,2,-,\ni99999,,d,1,+,\n' \
  >"$work/wide-profile.csv"
lim wide 30 rank "$work/wide.csv" -w "$work/wide-profile.csv"
check "100,000 columns: exit 0" test "$rc" = 0
check "100,000 columns: the others ignored" \
  has wide "wide.csv: 99996 columns not in the profile, ignored: i3, i4, i5,"
check "100,000 columns: 20 ranked" has wide "ranked 20 of 20 clusters"
# Score = (minmax(i1) + 2 minmax(-i2) + minmax(i99999)) / 4, computed here.
awk -F, 'NR == FNR { if (FNR > 1) for (c = 2; c <= 3; c++) { v[c] = $c
                       if (!(c in lo) || v[c] < lo[c]) lo[c] = v[c]; if (!(c in hi) || v[c] > hi[c]) hi[c] = v[c] }
                     if (FNR > 1) { w = $100000; if (FNR == 2 || w < lo3) lo3 = w; if (FNR == 2 || w > hi3) hi3 = w }
                     next }
         FNR > 1 { s = ($2 - lo[2]) / (hi[2] - lo[2]) + 2 * (hi[3] - $3) / (hi[3] - lo[3])
                   s = (s + ($100000 - lo3) / (hi3 - lo3)) * 100 / 4
                   printf "%s %.6f\n", $1, s }' "$work/wide.csv" "$work/wide.csv" | sort >"$work/wide.expected"
awk -F, 'NR > 1 { print $2, $4 }' "$work/wide.out" | sort >"$work/wide.got"
check "100,000 columns: every score as computed independently" \
  awk 'NR == FNR { e[$1] = $2; next } { if (!($1 in e) || (e[$1] - $2) ^ 2 > 1e-12) bad++; n++ }
       END { exit !(n == 20 && !bad) }' "$work/wide.expected" "$work/wide.got"
rm -f "$work/wide.csv"

# ---- 100,000 indicators in one group: reports and weights stay linear ----------
gen wide 100001 20 >"$work/flat.csv"
{
  printf 'code,name,parent,weight,direction,unit\nd,,,1,,\n'
  awk 'BEGIN { for (i = 1; i <= 100000; i++) printf "i%d,,d,1,+,\n", i }'
} >"$work/flat-profile.csv"
lim flat 30 rank "$work/flat.csv" -w "$work/flat-profile.csv" --html "$work/flat.html" \
  --xlsx "$work/flat.xlsx"
check "100,000 indicators in one group, rank --html --xlsx: exit 0" test "$rc" = 0
check "100,000 indicators in one group: 20 ranked" has flat "ranked 20 of 20 clusters"
check "100,000 indicators in one group: the page lists every indicator's effective weight" \
  test "$(grep -Ec '^<tr><td>i[0-9]+</td><td></td><td class="num">0\.00%</td></tr>$' "$work/flat.html")" = 100000
check "100,000 indicators in one group: a whole workbook" \
  bash -c 'unzip -tq "$1" >/dev/null' _ "$work/flat.xlsx"
lim flatweights 30 weights "$work/flat.csv" -w "$work/flat-profile.csv" --method entropy
check "100,000 indicators in one group, weights --method entropy: exit 0" test "$rc" = 0
check "100,000 indicators in one group, weights: a profile of every node" \
  test "$(wc -l <"$work/flatweights.out")" = 100002
rm -f "$work"/flat*

# ---- 1,000,000 rows -----------------------------------------------------------
gen rows 1000000 >"$work/million.csv"
lim million 120 rank "$work/million.csv" -w "$P" -o "$work/million-ranked.csv"
check "1,000,000 rows: exit 0" test "$rc" = 0
check "1,000,000 rows: all ranked" has million "ranked 1000000 of 1000000 clusters (0 unranked)"
check "1,000,000 rows: 1,000,001 lines" test "$(wc -l <"$work/million-ranked.csv")" = 1000001
# (A rank repeats the one above only for a tie: scores equal within the
# rounding of the 6th decimal; tied rows are ordered by id.)
check "1,000,000 rows: ranks are competition ranks of the scores, best first" \
  awk -F, 'NR > 1 { d = prev - $4
                    if ($1 == NR - 1) { if (NR > 2 && d < -1.5e-6) bad++ }
                    else if (!(NR > 2 && $1 == prevr && d < 1.5e-6 && d > -1.5e-6)) bad++
                    prev = $4; prevr = $1 }
           END { exit !(NR == 1000001 && !bad) }' "$work/million-ranked.csv"
check "1,000,000 rows: 10 awards" test "$(grep -c ',yes,1000000,' "$work/million-ranked.csv")" = 10
check "1,000,000 rows: peak RSS below 800 MB" rss_below 800000
# The best cluster and three others, scored here from the profile's formula.
awk -F, 'NR == FNR { if (FNR > 1) for (c = 3; c <= 6; c++) {
                       if (FNR == 2 || $c < lo[c]) lo[c] = $c; if (FNR == 2 || $c > hi[c]) hi[c] = $c }
                     next }
         FNR > 1 { n3 = ($3 - lo[3]) / (hi[3] - lo[3]); n4 = ($4 - lo[4]) / (hi[4] - lo[4])
                   n5 = (hi[5] - $5) / (hi[5] - lo[5]); n6 = ($6 - lo[6]) / (hi[6] - lo[6])
                   s = ((2 * n3 + n4) / 3 + (n5 + n6) / 2) / 2 * 100
                   if (s > best) { best = s; bid = $1 }
                   if ($1 == "C000000001" || $1 == "C000500000" || $1 == "C001000000")
                     printf "%s %.6f\n", $1, s }
         END { printf "best %s %.6f\n", bid, best }' "$work/million.csv" "$work/million.csv" \
  >"$work/million.expected"
read -r _ best_id best_score < <(grep '^best ' "$work/million.expected")
check "1,000,000 rows: the best cluster ($best_id) first" \
  test "$(sed -n 2p "$work/million-ranked.csv" | cut -d, -f1,2)" = "1,$best_id"
check "1,000,000 rows: its score" near "$(score_of "$work/million-ranked.csv" "$best_id")" "$best_score"
for id in C000000001 C000500000 C001000000; do
  check "1,000,000 rows: score of $id" near "$(score_of "$work/million-ranked.csv" "$id")" \
    "$(awk -v id="$id" '$1 == id { print $2 }' "$work/million.expected")"
done
rm -f "$work/million.csv" "$work/million-ranked.csv"*

# ---- 100 MB of blank lines after two rows (blank lines are skipped) ------------
{
  printf 'id,name,gdp,jobs,co2,waste\nA,a,1,2,3,4\nB,b,5,6,7,8\n'
  head -c 100000000 /dev/zero | tr '\0' '\n'
} >"$work/blank.csv"
lim blank 30 rank "$work/blank.csv" -w "$P"
check "100 MB of blank lines: exit 0" test "$rc" = 0
check "100 MB of blank lines: two rows ranked" row blank "1,B,b,75.000000,yes,1000000,100.000000,1,50.000000,1,1.0000,"
check "100 MB of blank lines: peak RSS below 100 MB" rss_below 100000
rm -f "$work/blank.csv"

# ---- A profile of 100,000 nodes (1 dimension, 317 groups, 99,682 indicators) ---
gen tree 100000 >"$work/tree.csv"
n_leaves=$(tail -n 1 "$work/tree.csv" | cut -d, -f1 | tr -d i)
gen wide $((n_leaves + 1)) 5 >"$work/tree-data.csv"
lim tree 30 rank "$work/tree-data.csv" -w "$work/tree.csv"
check "100,000-node profile: exit 0" test "$rc" = 0
check "100,000-node profile: 5 ranked" has tree "ranked 5 of 5 clusters (0 unranked)"
# top = mean over the groups of the mean of their indicators' min-max scores.
awk -F, 'NR == FNR { if ($3 == "top") groups++; next }
         FNR == 1 { next }
         { for (c = 2; c <= NF; c++) { x[FNR, c] = $c
             if (FNR == 2 || $c < lo[c]) lo[c] = $c; if (FNR == 2 || $c > hi[c]) hi[c] = $c }
           id[FNR] = $1; rows = FNR; cols = NF }
         END { for (r = 2; r <= rows; r++) {
                 split("", sum); split("", cnt)
                 for (c = 2; c <= cols; c++) { i = c - 1; g = (i - 1) % groups
                   y = hi[c] == lo[c] ? 100 : (i % 3 ? x[r, c] - lo[c] : hi[c] - x[r, c]) / (hi[c] - lo[c]) * 100
                   sum[g] += y; cnt[g]++ }
                 s = 0; for (g = 0; g < groups; g++) s += sum[g] / cnt[g]
                 printf "%s %.6f\n", id[r], s / groups } }' \
  "$work/tree.csv" "$work/tree-data.csv" | sort >"$work/tree.expected"
awk -F, 'NR > 1 { print $2, $4 }' "$work/tree.out" | sort >"$work/tree.got"
check "100,000-node profile: every score as computed independently" \
  awk 'NR == FNR { e[$1] = $2; next } { if (!($1 in e) || (e[$1] - $2) ^ 2 > 1e-12) bad++; n++ }
       END { exit !(n == 5 && !bad) }' "$work/tree.expected" "$work/tree.got"
# critic and pca need a k x k correlation matrix per group: limited to 2,000.
lim treepca 30 weights "$work/tree-data.csv" -w "$work/tree.csv" --method pca --scope flat
check "100,000-node profile, weights pca flat: exit 1" test "$rc" = 1
check "100,000-node profile, weights pca flat: the limit named" \
  has treepca "all indicators (flat): $n_leaves inputs: critic and pca need their correlation matrix"
lim treesd 30 weights "$work/tree-data.csv" -w "$work/tree.csv" --method sd --scope flat
check "100,000-node profile, weights sd flat: exit 0" test "$rc" = 0
check "100,000-node profile, weights sd flat: a profile of every node" \
  test "$(wc -l <"$work/treesd.out")" = "$(wc -l <"$work/tree.csv")"
# The audit compares every pair of indicators: limited to 2,000 (README).
lim treeaudit 30 audit "$work/tree-data.csv" -w "$work/tree.csv" -o "$work/tree-audit"
check "100,000-node profile, audit: exit 1" test "$rc" = 1
check "100,000-node profile, audit: the limit named" \
  has treeaudit "tree.csv: $n_leaves indicators: the audit compares every pair of indicators"
check "100,000-node profile, audit: no output" test ! -e "$work/tree-audit"
rm -f "$work/tree.csv" "$work/tree-data.csv"
# 2,000 indicators in one group, the most the audit takes: all five tables.
{
  printf 'code,name,parent,weight,direction,unit\nd,,,1,,\n'
  awk 'BEGIN { for (i = 1; i <= 2000; i++) printf "i%d,,d,1,+,\n", i }'
} >"$work/audit2k.csv"
gen wide 2001 50 >"$work/audit2k-data.csv"
lim audit2k 60 audit "$work/audit2k-data.csv" -w "$work/audit2k.csv" -o "$work/audit2k"
check "2,000 indicators in one group, audit: exit 0" test "$rc" = 0
check "2,000 indicators in one group, audit: 2,000 indicator rows" \
  test "$(($(wc -l <"$work/audit2k/indicators.csv") - 1))" = 2000
check "2,000 indicators in one group, audit: a PC1 share for the group" \
  grep -Eq '^d,,1,,2000,50,-?[0-9.]+,[0-9.]+,$' "$work/audit2k/dimensions.csv"
rm -rf "$work/audit2k" "$work/audit2k.csv" "$work/audit2k-data.csv"
# 20,000 nodes under the 4 GB address-space limit (the aggregation workspace
# once took nodes x indicators x 16 bytes: 6 GB here).
gen tree 20000 >"$work/tree20k.csv"
n_leaves=$(tail -n 1 "$work/tree20k.csv" | cut -d, -f1 | tr -d i)
gen wide $((n_leaves + 1)) 5 >"$work/tree20k-data.csv"
lim tree20k 30 rank "$work/tree20k-data.csv" -w "$work/tree20k.csv"
check "20,000-node profile in 4 GB of address space: exit 0" test "$rc" = 0
check "20,000-node profile in 4 GB of address space: 5 ranked" has tree20k "ranked 5 of 5 clusters"
rm -f "$work/tree20k.csv" "$work/tree20k-data.csv"

# ---- A chain 10,000 levels deep (no recursion may follow it) -------------------
gen chain 10000 >"$work/chain.csv"
printf 'id,i1\nA,1\nB,2\nC,3\n' >"$work/chain-data.csv"
lim chain 30 rank "$work/chain-data.csv" -w "$work/chain.csv"
check "chain of 10,000: exit 0" test "$rc" = 0
check "chain of 10,000: the ranking" \
  cmp "$work/chain.out" <(printf '%s\n' 'rank,id,name,score,award,award_amount,g1,g1_rank,coverage,notes' \
    '1,C,,100.000000,yes,1000000,100.000000,1,1.0000,' '2,B,,50.000000,yes,1000000,50.000000,2,1.0000,' \
    '3,A,,0.000000,yes,1000000,0.000000,3,1.0000,')
lim chainflat 30 rank "$work/chain-data.csv" -w "$work/chain.csv" --flatten --aggregate topsis
check "chain of 10,000, --flatten --aggregate topsis: exit 0" test "$rc" = 0
check "chain of 10,000, --flatten --aggregate topsis: B in the middle" row chainflat "2,B,,50.000000,yes,1000000,50.000000,2,1.0000,"
lim chainaudit 30 audit "$work/chain-data.csv" -w "$work/chain.csv" -o "$work/chain-audit"
check "chain of 10,000, audit: exit 0" test "$rc" = 0
check "chain of 10,000, audit: 10,000 aggregates" \
  test "$(($(wc -l <"$work/chain-audit/dimensions.csv") - 1))" = 10000
lim chainweights 30 weights "$work/chain-data.csv" -w "$work/chain.csv" --method entropy
check "chain of 10,000, weights: exit 0" test "$rc" = 0
check "chain of 10,000, weights: a profile of 10,000 nodes" test "$(wc -l <"$work/chainweights.out")" = 10001

# ---- A chain 100,000 levels deep: every command linear in the depth -----------
# audit took each node's level and dimension by walking up to the root, and
# weights printed its groups by scanning every group for every node: 37-190 s
# here before (quadratic), about 1-3 s now. Two indicators under the deepest
# group, so that uncertainty and sensitivity have a weight group to vary.
gen chain 100000 >"$work/deep.csv"
printf 'i2,,g99999,1,-,\n' >>"$work/deep.csv"
printf 'id,i1,i2\nA,1,5\nB,2,3\nC,3,4\nD,4,1\n' >"$work/deep-data.csv"
# The same ranking as the one group g1 of i1 and i2: a chain passes scores on.
printf 'code,name,parent,weight,direction,unit\ng1,,,1,,\ni1,,g1,1,+,\ni2,,g1,1,-,\n' \
  >"$work/shallow.csv"
deep_rank='rank,id,name,score,award,award_amount,g1,g1_rank,coverage,notes
1,D,,100.000000,yes,1000000,100.000000,1,1.0000,
2,C,,45.833333,yes,1000000,45.833333,2,1.0000,
3,B,,41.666667,no,0,41.666667,3,1.0000,
4,A,,0.000000,no,0,0.000000,4,1.0000,'
lim deeprank 20 rank "$work/deep-data.csv" -w "$work/deep.csv" --top 2 \
  --html "$work/deep.html" --xlsx "$work/deep.xlsx"
check "chain of 100,000, rank --html --xlsx: exit 0" test "$rc" = 0
check "chain of 100,000, rank: the ranking" cmp "$work/deeprank.out" <(printf '%s\n' "$deep_rank")
check "chain of 100,000, rank: the page gives each indicator 50% effective weight" \
  test "$(grep -Ec '^<tr><td>i[12]</td><td></td><td class="num">50\.00%</td></tr>$' "$work/deep.html")" = 2
check "chain of 100,000, rank: a whole workbook" bash -c 'unzip -tq "$1" >/dev/null' _ "$work/deep.xlsx"
lim deepaudit 20 audit "$work/deep-data.csv" -w "$work/deep.csv" -o "$work/deep-audit"
check "chain of 100,000, audit: exit 0" test "$rc" = 0
check "chain of 100,000, audit: 100,000 aggregates" \
  test "$(($(wc -l <"$work/deep-audit/dimensions.csv") - 1))" = 100000
check "chain of 100,000, audit: the deepest group at level 99,999 with its two indicators" \
  grep -Eq '^g99999,,99999,g99998,2,4,-?[0-9.]+,[0-9.]+,$' "$work/deep-audit/dimensions.csv"
check "chain of 100,000, audit: g50000 at level 50,000 in dimension g1" \
  grep -q '^g50000,,50000,g49999,1,' "$work/deep-audit/dimensions.csv"
lim deepweights 20 weights "$work/deep-data.csv" -w "$work/deep.csv" --method entropy
check "chain of 100,000, weights --method entropy: exit 0" test "$rc" = 0
check "chain of 100,000, weights: a profile of every node" \
  test "$(wc -l <"$work/deepweights.out")" = 100002
check "chain of 100,000, weights: every group's table, in profile order" \
  bash -c 'grep -o "^  group g[0-9]*" "$1" | cut -c10- | awk "\$1 != NR { bad++ } END { exit !(NR == 99999 && !bad) }"' \
  _ "$work/deepweights.err"
lim deepsens 20 sensitivity "$work/deep-data.csv" -w "$work/deep.csv" --draws 20 --bootstrap 0
check "chain of 100,000, sensitivity --draws 20: exit 0" test "$rc" = 0
# (Seeded: the same figures on every run; --bootstrap 0 gives no interval.)
check "chain of 100,000, sensitivity: the one input, g99999's weights" \
  row deepsens 'weights:g99999,0.7647,0.7647,0.7647,0.7647,0.7647,0.7647'
check "chain of 100,000, sensitivity: dropping g1 changes the 4 awards" \
  grep -Eq '^  g1 +- +- +4 *$' "$work/deepsens.err"
lim deepunc 20 uncertainty "$work/deep-data.csv" -w "$work/deep.csv" --draws 100 --top 2
check "chain of 100,000, uncertainty --draws 100: exit 0" test "$rc" = 0
# One-child groups draw no random numbers: the same draws as the shallow profile.
lim shallowunc 20 uncertainty "$work/deep-data.csv" -w "$work/shallow.csv" --draws 100 --top 2
check "chain of 100,000, uncertainty: the same table as the one group" \
  cmp "$work/deepunc.out" "$work/shallowunc.out"
check "chain of 100,000, uncertainty: C awarded in 89 of 100 draws" \
  row deepunc 'C,,2,2.1100,2,2,3,0.8900,45.657806'
rm -rf "$work"/deep* "$work"/shallow*

# ---- Cycles in the profile ------------------------------------------------------
gen cycle 10000 >"$work/cycle.csv"
lim cycle 30 rank "$work/chain-data.csv" -w "$work/cycle.csv"
check "cycle of 10,000: exit 1" test "$rc" = 1
check "cycle of 10,000: message" \
  has cycle 'cycle.csv:4: "c1" is its own ancestor: the parents form a cycle (c1 -> c2 -> c3 -> '
check "cycle of 10,000: the message is short" test "$(wc -c <"$work/cycle.err")" -lt 1000
printf 'code,name,parent,weight,direction,unit\nd,,,1,,\ni1,,d,1,+,\nself,,self,1,,\n' >"$work/self.csv"
lim self 30 rank "$work/chain-data.csv" -w "$work/self.csv"
check "own parent: exit 1" test "$rc" = 1
check "own parent: message" has self 'self.csv:4: "self" is its own ancestor: the parents form a cycle (self -> self)'

# ---- Degenerate data ------------------------------------------------------------
printf 'id,name,gdp,jobs,co2,waste\nA,a,,NA,-,null\nB,b,N/A,,,\nC,c,—,n/a,,NA\n' >"$work/missing.csv"
lim missing 30 rank "$work/missing.csv" -w "$P"
check "every cell missing: exit 0" test "$rc" = 0
check "every cell missing: all unranked" \
  test "$(grep -c '^,[ABC],[abc],,no,0,,,,,0.0000,unranked: no indicator value$' "$work/missing.out")" = 3
check "every cell missing: a warning per indicator" \
  test "$(grep -c 'has no value for any cluster: it is left out' "$work/missing.err")" = 4
check "every cell missing: summary" has missing "ranked 0 of 3 clusters (3 unranked); 0 award candidates"

printf 'id,name,gdp,jobs,co2,waste\nA,a,1,2,3,4\n' >"$work/one.csv"
lim one 30 rank "$work/one.csv" -w "$P"
check "one cluster: exit 0" test "$rc" = 0
check "one cluster: rank 1, score 100, awarded" \
  row one '1,A,a,100.000000,yes,1000000,100.000000,1,100.000000,1,1.0000,"constant indicator scored 100: gdp, jobs, co2, waste"'

printf 'id,name,gdp,jobs,co2,waste\nA,a,1,2,3,4\nB,b,1,2,3,4\n' >"$work/twins.csv"
lim twins 30 rank "$work/twins.csv" -w "$P" --top 1
check "two identical clusters: exit 0" test "$rc" = 0
check "two identical clusters: both rank 1 with 100, tied for the one award" \
  test "$(grep -c '^1,[AB],[ab],100.000000,tie,0,100.000000,1,100.000000,1,1.0000,' "$work/twins.out")" = 2
check "two identical clusters: the tie reported" has twins "0 given, 2 tied for place 1"

# Values near DBL_MAX: max - min overflows unless computed with care. Each
# indicator is symmetric around 0, so the middle cluster scores exactly 50.
printf '%s\n' 'id,name,gdp,jobs,co2,waste' \
  'A,a,1.7e308,-1.7e308,1.7976931348623157e308,0' \
  'B,b,-1.7e308,1.7e308,-1.7976931348623157e308,1.7e308' \
  'C,c,0,0,0,-1.7e308' >"$work/huge.csv"
printf '%s\n' 'rank,id,name,score,award,award_amount,econ,econ_rank,env,env_rank,coverage,notes' \
  '1,B,b,66.666667,yes,1000000,33.333333,3,100.000000,1,1.0000,' \
  '2,A,a,45.833333,yes,1000000,66.666667,1,25.000000,2,1.0000,' \
  '3,C,c,37.500000,yes,1000000,50.000000,2,25.000000,2,1.0000,' >"$work/huge.expected"
lim huge 30 rank "$work/huge.csv" -w "$P"
check "values near DBL_MAX: exit 0" test "$rc" = 0
check "values near DBL_MAX: the ranking computed without overflow" cmp "$work/huge.out" "$work/huge.expected"
# --min-coverage (here screening nobody out) takes the other min-max code path.
lim huge2 30 rank "$work/huge.csv" -w "$P" --min-coverage 0.5
check "values near DBL_MAX, --min-coverage 0.5: exit 0" test "$rc" = 0
check "values near DBL_MAX, --min-coverage 0.5: the same ranking" cmp "$work/huge2.out" "$work/huge.expected"
printf 'id,name,gdp,jobs,co2,waste\nA,a,1.8e308,1,1,1\n' >"$work/overflow.csv"
lim overflow 30 rank "$work/overflow.csv" -w "$P"
check "1.8e308: exit 1" test "$rc" = 1
check "1.8e308: message" has overflow 'overflow.csv:2: column "gdp": not a finite number: "1.8e308"'

# Denormals: 4.9e-324 is the smallest; differences of one unit still count.
printf '%s\n' 'id,name,gdp,jobs,co2,waste' 'A,a,4.9e-324,0,4.9e-324,1e-310' \
  'B,b,0,4.9e-324,0,2e-310' 'C,c,9.9e-324,-4.9e-324,1e-323,3e-310' >"$work/denormal.csv"
lim denormal 30 rank "$work/denormal.csv" -w "$P"
check "denormals: exit 0" test "$rc" = 0
check "denormals: the ranking" \
  cmp "$work/denormal.out" <(printf '%s\n' 'rank,id,name,score,award,award_amount,econ,econ_rank,env,env_rank,coverage,notes' \
    '1,C,c,58.333333,yes,1000000,66.666667,1,50.000000,2,1.0000,' \
    '2,B,b,54.166667,yes,1000000,33.333333,3,75.000000,1,1.0000,' \
    '3,A,a,37.500000,yes,1000000,50.000000,2,25.000000,3,1.0000,')

# ---- Malformed files ------------------------------------------------------------
printf 'id,name,gdp,jobs,co2,waste\nA,a,1,2,3,4\nid,name,gdp,jobs,co2,waste\nB,b,5,6,7,8\n' >"$work/header2.csv"
lim header2 30 rank "$work/header2.csv" -w "$P"
check "header repeated: exit 1" test "$rc" = 1
check "header repeated: message" has header2 'header2.csv:3: column "gdp": cannot parse as a number: "gdp"'

printf 'id,name,gdp,jobs,co2,waste\nA,a,1\0009,2,3,4\nB,b,5,6,7,8\n' >"$work/nul-number.csv"
lim nulnumber 30 rank "$work/nul-number.csv" -w "$P"
check "NUL in a number: exit 1" test "$rc" = 1
check "NUL in a number: message names the line" has nulnumber 'nul-number.csv:2: '
# A NUL in text must not silently cut it: refused with the line, or kept.
printf 'id,name,gdp,jobs,co2,waste\nA,a\000hidden,1,2,3,4\nB,b,5,6,7,8\n' >"$work/nul-name.csv"
lim nulname 30 rank "$work/nul-name.csv" -w "$P"
check "NUL in a name: refused at line 2, or the name kept whole (not cut at the NUL)" \
  bash -c '{ [ "$1" = 1 ] && grep -qF "nul-name.csv:2: " "$2.err"; } ||
           { [ "$1" = 0 ] && tr "\0" @ <"$2.out" | grep -q "^2,A,a@hidden,"; }' _ "$rc" "$work/nulname"
printf 'id,name,gdp,jobs,co2,waste\nA\000X,a,1,2,3,4\nA\000Y,b,5,6,7,8\n' >"$work/nul-id.csv"
lim nulid 30 rank "$work/nul-id.csv" -w "$P"
check "NUL in ids A<NUL>X, A<NUL>Y: refused at line 2, or two different clusters" \
  bash -c '{ [ "$1" = 1 ] && grep -qF "nul-id.csv:2: " "$2.err"; } ||
           { [ "$1" = 0 ] && [ "$(grep -c "^[12],A" "$2.out")" = 2 ]; }' _ "$rc" "$work/nulid"

printf 'id,name,gdp,jobs,co2,waste\nA,a,1,2,3,4\nB,b\377\376,5,6,7,8\n' >"$work/notutf8.csv"
lim notutf8 30 rank "$work/notutf8.csv" -w "$P"
check "neither UTF-8 nor GB18030: exit 1" test "$rc" = 1
check "neither UTF-8 nor GB18030: message" \
  has notutf8 'notutf8.csv:3: invalid GB18030 byte 0xFF (the file is neither UTF-8 nor GB18030)'
lim notutf8f 30 rank "$work/notutf8.csv" -w "$P" --encoding utf-8
check "neither, --encoding utf-8: exit 1" test "$rc" = 1
check "neither, --encoding utf-8: message" has notutf8f 'notutf8.csv:3: not valid UTF-8 (byte 0xFF)'
printf 'id,name,gdp,jobs,co2,waste\nA,a,1,2,3,4\nB,b,5,6,7,8\n\300' >"$work/cut.csv"
lim cut 30 rank "$work/cut.csv" -w "$P"
check "a lead byte at the end: exit 1" test "$rc" = 1
check "a lead byte at the end: message" has cut 'cut.csv:4: the file ends inside a GB18030 character'

# A BOM in the middle: two exports concatenated; a BOM before a number; a BOM
# starting an id is text (U+FEFF) and kept byte for byte.
printf '\357\273\277id,name,gdp,jobs,co2,waste\nA,a,1,2,3,4\n\357\273\277id,name,gdp,jobs,co2,waste\nB,b,5,6,7,8\n' \
  >"$work/bom-concat.csv"
lim bomconcat 30 rank "$work/bom-concat.csv" -w "$P"
check "BOM + header in the middle: exit 1" test "$rc" = 1
check "BOM + header in the middle: message" has bomconcat 'bom-concat.csv:3: column "gdp": cannot parse as a number: "gdp"'
printf 'id,name,gdp,jobs,co2,waste\nA,a,1,2,3,4\nB,b,\357\273\2775,6,7,8\n' >"$work/bom-number.csv"
lim bomnumber 30 rank "$work/bom-number.csv" -w "$P"
check "BOM before a number: exit 1" test "$rc" = 1
check "BOM before a number: message" has bomnumber "$(printf 'bom-number.csv:3: column "gdp": cannot parse as a number: "\357\273\2775"')"
printf 'id,name,gdp,jobs,co2,waste\nA,a,1,2,3,4\n\357\273\277B,b,5,6,7,8\n' >"$work/bom-id.csv"
lim bomid 30 rank "$work/bom-id.csv" -w "$P"
check "BOM starting an id: exit 0" test "$rc" = 0
check "BOM starting an id: kept byte for byte" row bomid "$(printf '1,\357\273\277B,b,75.000000,yes,1000000,100.000000,1,50.000000,1,1.0000,')"

printf 'id,name,gdp,jobs,co2,waste\rA,a,1,2,3,4\rB,b,5,6,7,8\r' >"$work/cr.csv"
lim cr 30 rank "$work/cr.csv" -w "$P"
check "CR-only line ends: exit 1" test "$rc" = 1
check "CR-only line ends: message" has cr 'cr.csv:1: lines end in CR only (old Mac format)'
# CR-only line ends but an LF after the last line, a bad cell on the third
# line: refused as CR-only, or the error names line 3 (not line 1).
printf 'id,name,gdp,jobs,co2,waste\rA,a,1,2,3,4\rB,b,x,6,7,8\n' >"$work/crlf-end.csv"
lim crlfend 30 rank "$work/crlf-end.csv" -w "$P"
check "CR-only lines, LF at the end: exit 1" test "$rc" = 1
check "CR-only lines, LF at the end: refused as CR-only or the bad cell's line 3 named" \
  bash -c 'grep -qF "crlf-end.csv:1: lines end in CR only" "$1" || grep -qF "crlf-end.csv:3: column \"gdp\"" "$1"' \
  _ "$work/crlfend.err"

rm -f "$work/gen_big"
e2e_done
