#!/usr/bin/env bash
# voucher_rows.sh EXE SRC WORK - rows that used to be decided wrongly without
# a word, run through the real binary on small messy files (issue 13):
# * an app_id that a later batch (a second city's export with the same
#   numbering) gives to another enterprise, or to the same enterprise with a
#   different row, is rejected as app_id_reused, never printed as the earlier
#   enterprise's voucher; the identical row is still "kept";
# * an application whose voucher would expire after 9999-12-31 is
#   invalid:applied_at, not a voucher that expires "0000-00-00";
# * money with more than two decimals (requested, contract_amount, --pool,
#   the training requested and investment) is invalid, never rounded up;
# * a subsidy of 30 % is rounded down to the fen (never more than 30 %), and
#   a voucher claimed under another credit code is foreign_voucher.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

# code_of FIRST17: FIRST17 with its GB 32100 check character.
code_of() {
  local a=0123456789ABCDEFGHJKLMNPQRTUWXY s=0 w=1 i ch v
  for ((i = 0; i < 17; i++)); do
    ch=${1:i:1}
    v=${a%%"$ch"*}
    s=$((s + ${#v} * w))
    w=$((w * 3 % 31))
  done
  v=$(((31 - s % 31) % 31))
  printf '%s%s\n' "$1" "${a:v:1}"
}
for n in 1 2 3 4 5 6 7; do
  eval "C$n=$(code_of "91370102MA000000$n")"
done

H=app_id,applied_at,credit_code,name,legal_person,established,green_threshold,industry,employees,revenue,assets,titles,dcmm,service,requested
# row APP_ID APPLIED_AT CODE NAME REQUESTED: an eligible small enterprise.
row() { printf '%s,%s,%s,%s,是,2015-06-01,1,工业,50,1000,,,none,数字化赋能,%s\n' "$@"; }

# ---- first batch -------------------------------------------------------------
{
  echo "$H"
  row A1 2023-03-01T09:00:00 "$C1" 济南一号科技有限公司 30000
  row M1 2023-03-01T09:01:00 "$C4" 济南四号科技有限公司 45000.005
  row M2 2023-03-01T09:02:00 "$C5" 济南五号科技有限公司 45000.000
  row D2 9999-11-01 "$C3" 济南三号科技有限公司 10000
  row D1 9999-12-31 "$C2" 济南二号科技有限公司 10000
} >"$work/apps1.csv"
L="$work/v.db"
run_ce "$work/i1" voucher issue "$work/apps1.csv" --cycle 2023A --pool 1000000 --ledger "$L" --no-bom
check "batch 1: exit 0" test "$(rc_of "$work/i1")" = 0
check "batch 1: A1 granted the first voucher" grep -qx \
  "A1,$C1,济南一号科技有限公司,granted,,small,general,30000.00,2023A-000001,2023-04-30,970000.00" "$work/i1.out"
check "batch 1: 45000.005 is invalid:requested, not 45000.01" grep -qx \
  "M1,$C4,济南四号科技有限公司,rejected,invalid:requested,small,general,,,,970000.00" "$work/i1.out"
check "batch 1: 45000.000 is 45000.00" grep -qx \
  "M2,$C5,济南五号科技有限公司,granted,,small,general,45000.00,2023A-000002,2023-04-30,925000.00" "$work/i1.out"
check "batch 1: applied 9999-11-01 expires 9999-12-31, the calendar's last day" grep -qx \
  "D2,$C3,济南三号科技有限公司,granted,,small,general,10000.00,2023A-000003,9999-12-31,915000.00" "$work/i1.out"
check "batch 1: applied 9999-12-31 would expire after the calendar: invalid:applied_at" grep -qx \
  "D1,$C2,济南二号科技有限公司,rejected,invalid:applied_at,small,general,,,,915000.00" "$work/i1.out"
check "batch 1: no date 0000-00-00 anywhere" bash -c "! grep -q 0000-00-00 '$work/i1.out'"
check "batch 1: summary" grep -qx \
  'clustereval: voucher issue: cycle 2023A: 5 applications in .*: 3 granted (85000.00 CNY), 2 rejected' "$work/i1.err"
check "batch 1: both counted as data problems" grep -qx \
  'clustereval: voucher issue: rejections by reason: missing or invalid data 2' "$work/i1.err"

# ---- second batch: another city's export numbered the same way ---------------
{
  echo "$H"
  row A1 2023-03-05T10:00:00 "$C6" 青岛六号科技有限公司 20000
  row M2 2023-03-01T09:02:00 "$C5" 济南五号科技有限公司 45000.000
  row B2 2023-03-05T11:00:00 "$C7" 青岛七号科技有限公司 20000
} >"$work/apps2.csv"
run_ce "$work/i2" voucher issue "$work/apps2.csv" --cycle 2023A --ledger "$L" --no-bom
check "batch 2: exit 0" test "$(rc_of "$work/i2")" = 0
check "batch 2: the identical row is kept as recorded" grep -qx \
  "M2,$C5,济南五号科技有限公司,granted,,small,general,45000.00,2023A-000002,2023-04-30,925000.00" "$work/i2.out"
check "batch 2: A1 of another enterprise: rejected app_id_reused, its own code and name" grep -qx \
  "A1,$C6,青岛六号科技有限公司,rejected,app_id_reused,small,general,,,,915000.00" "$work/i2.out"
check "batch 2: the earlier enterprise's voucher is not printed" bash -c "! grep -q '$C1' '$work/i2.out'"
check "batch 2: B2 granted the next voucher" grep -qx \
  "B2,$C7,青岛七号科技有限公司,granted,,small,general,20000.00,2023A-000004,2023-05-04,895000.00" "$work/i2.out"
check "batch 2: 3 rows out" test "$(wc -l <"$work/i2.out")" = 4
check "batch 2: summary" grep -qx \
  'clustereval: voucher issue: cycle 2023A: 3 applications in .*: 1 granted (20000.00 CNY), 1 rejected, 1 kept as granted by an earlier batch' "$work/i2.err"
check "batch 2: rejections counted by reason" grep -qx \
  'clustereval: voucher issue: rejections by reason: app_id_reused 1' "$work/i2.err"

# ---- third batch: the same enterprise, the same app_id, another application ---
{
  echo "$H"
  row A1 2023-03-01T09:00:00 "$C1" 济南一号科技有限公司 35000
} >"$work/apps3.csv"
run_ce "$work/i3" voucher issue "$work/apps3.csv" --cycle 2023A --ledger "$L" --no-bom
check "batch 3: exit 0" test "$(rc_of "$work/i3")" = 0
check "batch 3: same enterprise, changed row: rejected, not kept" grep -qx \
  "A1,$C1,济南一号科技有限公司,rejected,duplicate_in_cycle;app_id_reused,small,general,,,,895000.00" "$work/i3.out"
check "batch 3: summary counts no kept row" grep -qx \
  'clustereval: voucher issue: cycle 2023A: 1 applications in .*: 0 granted (0.00 CNY), 1 rejected' "$work/i3.err"

# ---- money options -------------------------------------------------------------
run_ce "$work/pool" voucher issue "$work/apps3.csv" --cycle 2023B --pool 1000000.001 --ledger "$L"
check "--pool with three decimals: usage error" test "$(rc_of "$work/pool")" = 2
check "--pool with three decimals: said so" grep -q '"1000000.001" is not a positive amount of CNY (at most two decimals)' \
  "$work/pool.err"

# ---- redeem ----------------------------------------------------------------------
{
  echo voucher_id,credit_code,contract_amount,service,redeemed_at
  echo "2023A-000001,$C1,100.05,数字化赋能,2023-03-10"
  echo "2023A-000002,$C5,100000.005,数字化赋能,2023-03-10"
  echo "2023A-000003,$C6,1000,数字化赋能,9999-12-01"
  echo "2023A-000003,$C3,1000,数字化赋能,9999-12-31"
} >"$work/claims.csv"
run_ce "$work/r" voucher redeem "$work/claims.csv" --ledger "$L" --no-bom --as-of 9999-12-31
check "redeem: exit 0" test "$(rc_of "$work/r")" = 0
check "redeem: 30% of 100.05 = 30.015 pays 30.01 (down to the fen)" grep -qx \
  '2023A-000001,redeemed,,30.01' "$work/r.out"
check "redeem: contract 100000.005 is invalid:contract_amount" grep -qx \
  '2023A-000002,rejected,invalid:contract_amount,0.00' "$work/r.out"
check "redeem: claimed under another credit code: foreign_voucher" grep -qx \
  '2023A-000003,rejected,foreign_voucher,0.00' "$work/r.out"
check "redeem: on the last day of the calendar, its expiry day" grep -qx \
  '2023A-000003,redeemed,,300.00' "$work/r.out"
check "redeem: summary" grep -q \
  'voucher redeem: 4 claims in .*: 2 redeemed (330.01 CNY paid), 2 rejected' "$work/r.err"

# ---- training --------------------------------------------------------------------
T=applicant_id,name,kind,credit_code,training_unit,site_owned,site_area,equipment,instructors,fulltime_instructors,agreements,partners_participate,annual_capacity,external_capacity,training_modes,occupations,requested,investment,actual_trainees,performance,province
{
  echo "$T"
  echo "T1,济南一号科技有限公司,enterprise,$C1,1,1,800,1,12,8,6,1,800,200,场景式,5,250000.005,600000,850,良好,"
  echo "T2,济南二号科技有限公司,enterprise,$C2,1,1,800,1,12,8,6,1,800,200,场景式,5,250000,499999.995,850,良好,"
  echo "T3,济南三号科技有限公司,enterprise,$C3,1,1,800,1,12,8,6,1,800,200,场景式,5,250000.50,500000,850,良好,"
} >"$work/training.csv"
run_ce "$work/t" training "$work/training.csv" --stage accept --no-bom
check "training: exit 0" test "$(rc_of "$work/t")" = 0
check "training: requested 250000.005 is invalid:requested" grep -q \
  '^T1,济南一号科技有限公司,enterprise,fail,invalid:requested,' "$work/t.out"
check "training: investment 499999.995 is invalid, not 500000.00" grep -q \
  '^T2,济南二号科技有限公司,enterprise,fail,invalid:investment,' "$work/t.out"
check "training: two decimals are fine" grep -q \
  '^T3,济南三号科技有限公司,enterprise,pass,,' "$work/t.out"

e2e_done
