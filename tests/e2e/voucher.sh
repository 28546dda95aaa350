#!/usr/bin/env bash
# voucher.sh EXE SRC WORK - `clustereval voucher issue|redeem|status` end to
# end: the 240-row sample (samples/vouchers-2023.csv, whose generator
# scripts/bench/gen_vouchers.c names the outcome each deliberate row must
# get) with the pool that exactly runs out on its last eligible rows; the
# ledger across batches (re-run, second batch, duplicates, pool checks);
# --strict-cap; the claims sample; status; a batch killed with SIGKILL
# leaves the ledger before or after the whole batch; a failed run leaves no
# ledger behind.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
S="$src/samples/vouchers-2023.csv"
C="$src/samples/voucher-claims-2023.csv"
POOL=4413500

# field OUT APP_ID N: field N of the row of APP_ID (the sample has no quoted
# commas in these columns).
field() { awk -F, -v id="$2" -v n="$3" '$1 == id { print $n }' "$1"; }
row_of() { grep "^$2," "$1"; }

# ---- the sample, first batch --------------------------------------------------
run_ce "$work/issue" voucher issue "$S" --cycle 2023A --pool $POOL -o "$work/dec.csv"
check "issue: exit 0" test "$(rc_of "$work/issue")" = 0
check "issue: ledger beside the output" test -s "$work/vouchers.db"
check "issue: BOM" test "$(head -c 3 "$work/dec.csv" | od -An -tx1 | tr -d ' ')" = efbbbf
tail -c +4 "$work/dec.csv" >"$work/dec.nobom"
check "issue: header" test "$(head -n 1 "$work/dec.nobom")" = \
  "app_id,credit_code,name,decision,reasons,size,voucher_type,face_value,voucher_id,expires_at,pool_left"
check "issue: 240 rows" test "$(tail -n +2 "$work/dec.nobom" | wc -l)" = 240
check "issue: 126 granted (113 eligible + 13 cut to the cap)" \
  test "$(grep -c ',granted,' "$work/dec.nobom")" = 126
check "issue: 13 reduced_to_cap" test "$(grep -c 'reduced_to_cap' "$work/dec.nobom")" = 13
# Rejections per rule: the counts the generator intends (a row may fail more than one).
count_reason() { grep ',rejected,' "$work/dec.nobom" | grep -c "$1"; }
for pair in invalid_credit_code:8 outside_province:12 not_legal_person:9 \
            operating_under_1_year:10 green_threshold_failed:6 not_small_or_micro:18 \
            service_not_covered:6 duplicate_in_cycle:11 pool_exhausted:4 \
            missing:employees:7 missing:established:4 missing:requested:3 \
            invalid:applied_at:5 invalid:established:4 invalid:employees:4 invalid:requested:3; do
  code=${pair%:*} want=${pair##*:}
  check "issue: $want rejected for $code" test "$(count_reason "$code")" = "$want"
done
check "issue: stderr summary" grep -q \
  'cycle 2023A: 240 applications in .*: 126 granted (4413500.00 CNY), 114 rejected$' "$work/issue.err"
check "issue: stderr pool exhausted" grep -q 'pool 4413500.00 CNY, left 0.00 CNY (exhausted' \
  "$work/issue.err"

# Deliberate rows, by hand: the first in the queue is granted voucher 000001,
# valid 60 days (2023-03-01 + 60 = 2023-04-30).
check "exactly one year: granted, first voucher" grep -q \
  '^A2023-0000165,91370502MAW1UTMU4T,东营成立恰满一年测试有限公司,granted,,small,general,46000.00,2023A-000001,2023-04-30,4367500.00$' \
  "$work/dec.nobom"
check "one day short of a year: rejected" grep -q \
  '^A2023-0000101,.*,rejected,operating_under_1_year,small,general,,,,4367500.00$' "$work/dec.nobom"
check "corrupted check character" test "$(field "$work/dec.nobom" A2023-0000006 5)" = invalid_credit_code
check "专精特新:国家级 转型咨询 90000: digital_transformation in full" grep -q \
  '^A2023-0000114,.*,granted,,micro,digital_transformation,90000.00,' "$work/dec.nobom"
check "专精特新:省级 诊断评估 over 100000: cut to 100000" grep -q \
  '^A2023-0000146,.*,granted,reduced_to_cap,small,digital_transformation,100000.00,' "$work/dec.nobom"
check "专精特新 without level, 转型咨询: general, cut to 50000" grep -q \
  '^A2023-0000067,.*,granted,reduced_to_cap,micro,general,50000.00,' "$work/dec.nobom"
check "小巨人 without level exempts a large enterprise" grep -q \
  '^A2023-0000135,.*,granted,,large,digital_transformation,' "$work/dec.nobom"
# pool_left never grows and ends at 0; voucher ids run 000001..000126 in queue order.
check "pool_left never grows, ends at 0.00" awk -F, 'NR > 1 { v = $NF + 0; if (NR > 2 && v > last) bad = 1; last = v }
  END { exit bad || last != 0 }' "$work/dec.nobom"
check "voucher ids in queue order" bash -c "grep -o '2023A-[0-9]*' '$work/dec.nobom' | awk -F- '{ if (\$2 + 0 != NR) bad = 1 } END { exit bad || NR != 126 }'"
check "granted face values add up to the pool" awk -F, '$4 == "granted" { s += $8 } END { exit s != 4413500 }' \
  "$work/dec.nobom"

# ---- status --------------------------------------------------------------------
run_ce "$work/status" voucher status --ledger "$work/vouchers.db" --as-of 2023-06-01
check "status: exit 0" test "$(rc_of "$work/status")" = 0
check "status: header" test "$(head -n 1 "$work/status.out")" = \
  "cycle,pool,issued,issued_value,redeemed,paid,expired,outstanding,pool_left"
# expired as of 2023-06-01: vouchers issued before 2023-04-02 (expires_at < 2023-06-01).
want_expired=$(awk -F, '$4 == "granted" && $10 < "2023-06-01"' "$work/dec.nobom" | wc -l)
check "status: row" test "$(sed -n 2p "$work/status.out")" = \
  "2023A,4413500.00,126,4413500.00,0,0.00,$want_expired,$((126 - want_expired)),0.00"

# ---- the same batch again: nothing changes ---------------------------------------
cp "$work/vouchers.db" "$work/before-rerun.db"
run_ce "$work/rerun" voucher issue "$S" --cycle 2023A -o "$work/dec2.csv"
check "re-run: exit 0" test "$(rc_of "$work/rerun")" = 0
check "re-run: ledger unchanged" cmp "$work/vouchers.db" "$work/before-rerun.db"
check "re-run: the same decisions file, byte for byte" cmp "$work/dec.csv" "$work/dec2.csv"
check "re-run: said so" grep -q '126 granted (4413500.00 CNY), 114 rejected; decided before as batch 1 of the cycle: printed as then, nothing changed' \
  "$work/rerun.err"
run_ce "$work/pooldiff" voucher issue "$S" --cycle 2023A --pool 5000000 -o "$work/dec3.csv"
check "other --pool for a known cycle: exit 2" test "$(rc_of "$work/pooldiff")" = 2
check "other --pool: message" grep -q -- '--pool 5000000.00 differs from the pool of cycle "2023A" in the ledger (4413500.00)' \
  "$work/pooldiff.err"
check "other --pool: no output" test ! -e "$work/dec3.csv"

# The same rows in another order are another batch: the granted keep their
# vouchers, the rejected are decided again (still rejected: the pool is closed).
{ head -n 1 "$S"; tail -n +2 "$S" | sort -r; } >"$work/reordered.csv"
run_ce "$work/reorder" voucher issue "$work/reordered.csv" --cycle 2023A -o "$work/dec4.csv"
check "reordered file: a new batch, 126 kept, nothing granted" grep -q \
  '0 granted (0.00 CNY), 114 rejected, 126 kept as granted by an earlier batch' "$work/reorder.err"
check "reordered file: the granted rows as recorded" \
  cmp <(grep ',granted,' "$work/dec.csv") <(grep ',granted,' "$work/dec4.csv")
run_ce "$work/status3" voucher status --ledger "$work/vouchers.db" --as-of 2023-06-01
check "reordered file: the vouchers unchanged" test "$(sed -n 2p "$work/status3.out")" = \
  "2023A,4413500.00,126,4413500.00,0,0.00,$want_expired,$((126 - want_expired)),0.00"
cp "$work/vouchers.db" "$work/before-rerun.db"

# ---- a second batch in the same cycle ---------------------------------------------
# B1: an enterprise that holds a voucher of 2023A; B2: a new eligible one (the
# pool is closed); B3: the same enterprise as B1 in a new cycle.
code1=$(field "$work/dec.nobom" A2023-0000165 2)
hdr=$(head -n 1 "$S")
{
  echo "$hdr"
  echo "B1,2023-06-01T09:00:00,$code1,东营再申请有限公司,是,2015-01-01,1,工业,50,1000,,,none,数字化赋能,10000"
  echo "B2,2023-06-01T10:00:00,91370102MA3C0000XX,济南新申请有限公司,是,2015-01-01,1,工业,50,1000,,,none,数字化赋能,10000"
} >"$work/batch2.csv"
run_ce "$work/b2" voucher issue "$work/batch2.csv" --cycle 2023A --ledger "$work/vouchers.db"
check "batch 2: exit 0" test "$(rc_of "$work/b2")" = 0
check "batch 2: holder of a 2023A voucher: duplicate_in_cycle (and the pool is closed)" \
  grep -q "^B1,$code1,东营再申请有限公司,rejected,duplicate_in_cycle,small,general,,,,0.00$" "$work/b2.out"
check "batch 2: invalid code, no voucher" grep -q '^B2,.*,rejected,invalid_credit_code,' "$work/b2.out"
run_ce "$work/b3" voucher issue "$work/batch2.csv" --cycle 2023B --pool 20000 --ledger "$work/vouchers.db"
check "new cycle: the same enterprise is granted" grep -q "^B1,$code1,.*,granted,,small,general,10000.00,2023B-000001,2023-07-31,10000.00$" \
  "$work/b3.out"
run_ce "$work/status2" voucher status --ledger "$work/vouchers.db" --as-of 2023-06-01
check "status: two cycles" test "$(sed -n 3p "$work/status2.out")" = "2023B,20000.00,1,10000.00,0,0.00,0,1,10000.00"

# ---- --strict-cap ------------------------------------------------------------------
run_ce "$work/strict" voucher issue "$S" --cycle 2023S --pool 100000000 --strict-cap \
  --ledger "$work/strict.db"
check "--strict-cap: 13 over_cap, none reduced" test "$(grep -c 'over_cap' "$work/strict.out"),$(grep -c reduced_to_cap "$work/strict.out")" = "13,0"
check "--strict-cap: over_cap rows rejected" bash -c "! grep over_cap '$work/strict.out' | grep -q ',granted,'"

# ---- redeem ------------------------------------------------------------------------
cp "$work/before-rerun.db" "$work/redeem.db"
run_ce "$work/redeem" voucher redeem "$C" --ledger "$work/redeem.db" -o "$work/red.csv" --as-of 2023-07-31
check "redeem: exit 0" test "$(rc_of "$work/redeem")" = 0
tail -c +4 "$work/red.csv" >"$work/red.nobom"
check "redeem: header" test "$(head -n 1 "$work/red.nobom")" = "voucher_id,decision,reasons,subsidy"
check "redeem: 32 redeemed, 10 rejected" test "$(grep -c ',redeemed,' "$work/red.nobom"),$(grep -c ',rejected,' "$work/red.nobom")" = "32,10"
# 30 % of the contract, or the face value when that is less (hand-computed from the sample):
face1=$(field "$work/dec.nobom" A2023-0000165 8)
check "redeem: voucher 000001 pays min(30% of 92000, 46000) = 27600.00" \
  bash -c "grep -q '^2023A-000001,redeemed,,27600.00$' '$work/red.nobom' && test '$face1' = 46000.00"
check "redeem: 66666.67 x 30% = 20000.001 -> 20000.00, lower-case code accepted" \
  grep -q '^2023A-000042,redeemed,,20000.00$' "$work/red.nobom"
check "redeem: last valid day paid" grep -q '^2023A-000031,redeemed,,' "$work/red.nobom"
for pair in 2023A-000032:expired 2023A-000033:before_issue 2023A-000034:foreign_voucher \
            2023A-000036:service_mismatch 2023A-999999:unknown_voucher \
            2023A-000001:already_redeemed 2023A-000038:missing:contract_amount \
            2023A-000040:invalid:contract_amount 2023A-000041:invalid:redeemed_at; do
  v=${pair%%:*} why=${pair#*:}
  check "redeem: $v rejected, $why" grep -q "^$v,rejected,$why,0.00$" "$work/red.nobom"
done
paid=$(awk -F, '$2 == "redeemed" { s += $4 } END { printf "%.2f", s }' "$work/red.nobom")
check "redeem: stderr paid = sum of subsidies ($paid)" grep -q "32 redeemed ($paid CNY paid), 10 rejected" "$work/redeem.err"
check "redeem: stderr per cycle" grep -q "cycle 2023A: 126 vouchers issued, 32 redeemed, 94 expired, 0 outstanding; $paid CNY paid; pool left 0.00 CNY" \
  "$work/redeem.err"
cp "$work/redeem.db" "$work/redeem-before-rerun.db"
run_ce "$work/redeem2" voucher redeem "$C" --ledger "$work/redeem.db" -o "$work/red2.csv" --as-of 2023-07-31
check "redeem re-run: same output" cmp "$work/red.csv" "$work/red2.csv"
check "redeem re-run: ledger unchanged" cmp "$work/redeem.db" "$work/redeem-before-rerun.db"
check "redeem re-run: nothing paid twice" grep -q '32 redeemed (0.00 CNY paid)' "$work/redeem2.err"

# ---- failures write nothing ----------------------------------------------------------
mkdir -p "$work/fail"
printf '%s\nX1,2023-03-01T09:00:00\n' "$hdr" >"$work/fail/ragged.csv"
run_ce "$work/fail/r" voucher issue "$work/fail/ragged.csv" --cycle 2023A --pool 100 -o "$work/fail/out.csv"
check "failed issue: exit 1" test "$(rc_of "$work/fail/r")" = 1
check "failed issue: no ledger left behind" test ! -e "$work/fail/vouchers.db"
check "failed issue: no output" test ! -e "$work/fail/out.csv"
cp "$work/before-rerun.db" "$work/fail/kept.db"
run_ce "$work/fail/r2" voucher issue "$work/fail/ragged.csv" --cycle 2023A --ledger "$work/fail/kept.db"
check "failed issue: an existing ledger unchanged" cmp "$work/fail/kept.db" "$work/before-rerun.db"

# ---- killed mid-batch: the ledger holds all of the batch or none of it -------------
# 60,000 distinct valid Shandong applicants (GB 32100 check characters computed
# here), pool for all of them, in a new cycle of a ledger that holds 2023A.
awk 'BEGIN {
  A = "0123456789ABCDEFGHJKLMNPQRTUWXY"; for (i = 0; i < 31; i++) v[substr(A, i + 1, 1)] = i
  w = 1; for (i = 1; i <= 17; i++) { wt[i] = w; w = (w * 3) % 31 }
  print "app_id,applied_at,credit_code,name,legal_person,established,green_threshold,industry,employees,revenue,assets,titles,dcmm,service,requested"
  for (n = 0; n < 60000; n++) {
    body = sprintf("91370102MA%07d", n)
    s = 0; for (i = 1; i <= 17; i++) s += v[substr(body, i, 1)] * wt[i]
    c = (31 - s % 31) % 31
    printf "K%06d,2023-03-%02dT%02d:%02d:00,%s%s,测试%d有限公司,是,2015-01-01,1,工业,50,1000,,,none,数字化赋能,1000\n",
      n, 1 + n % 28, n % 24, n % 60, body, substr(A, c + 1, 1), n
  }
}' >"$work/big.csv"
cp "$work/before-rerun.db" "$work/kill.db"
"$exe" voucher issue "$work/big.csv" --cycle 2023K --pool 100000000 --ledger "$work/kill.db" >/dev/null 2>&1 &
pid=$!
sleep 0.4
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
run_ce "$work/killstatus" voucher status --ledger "$work/kill.db" --as-of 2023-03-01
k=$(grep -c '^2023K,' "$work/killstatus.out")
full=$(grep -c '^2023K,100000000.00,60000,60000000.00,' "$work/killstatus.out")
check "SIGKILL mid-batch: 2023A intact" grep -q '^2023A,4413500.00,126,4413500.00,' "$work/killstatus.out"
check "SIGKILL mid-batch: 2023K absent or complete (k=$k full=$full)" test "$k" = "$full"
run_ce "$work/afterkill" voucher issue "$work/big.csv" --cycle 2023K --pool 100000000 --ledger "$work/kill.db"
check "after the kill: the batch runs to the end" test "$(rc_of "$work/afterkill")" = 0
run_ce "$work/killstatus2" voucher status --ledger "$work/kill.db" --as-of 2023-03-01
check "after the kill: all 60000 vouchers, none twice" grep -q '^2023K,100000000.00,60000,60000000.00,' "$work/killstatus2.out"

e2e_done
