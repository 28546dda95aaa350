#!/usr/bin/env bash
# summary_rows.sh EXE SRC WORK - a totals row (合计, 全省合计, Total ...) is
# never ranked or paid (issue 15 §1): every command that reads cluster data
# refuses it naming the row, --drop-summary-rows drops it with a warning and
# ranks as if it were not there; applicant tables refuse it too.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
S="$src/samples/clusters-2023.csv"
D="$work/data.csv"
# 12 clusters, an empty row and a totals row whose figures would win.
{ head -n 13 "$S"; echo ',,,,,,,,,,,,,,,,,,,,,,,,'
  echo '合 计,,1,0,3000,600,80,12000,25,5000,900,90,700,700,150,2,100,60,900,200,700,400,950,150,50000'
} >"$D"
head -n 13 "$S" >"$work/clean.csv"
msg="clustereval: $D:15: row looks like a summary row (id \"合 计\"): a total or average must never be ranked or paid; use --drop-summary-rows to drop it"

run_ce "$work/rank" rank "$D" -o "$work/rank.csv"
check "rank: exit 1" [ "$(rc_of "$work/rank")" = 1 ]
check "rank: the row named" [ "$(head -n 1 "$work/rank.err")" = "$msg" ]
check "rank: no output" [ ! -e "$work/rank.csv" ]

run_ce "$work/drop" rank "$D" --drop-summary-rows -o "$work/drop.csv"
run_ce "$work/clean" rank "$work/clean.csv" -o "$work/clean_out.csv"
check "--drop-summary-rows: exit 0" [ "$(rc_of "$work/drop")" = 0 ]
check "--drop-summary-rows: the warning" grep -qxF \
  "clustereval: warning: $D:15: summary row dropped (id \"合 计\") (--drop-summary-rows)" "$work/drop.err"
check "--drop-summary-rows: 12 clusters ranked" grep -qF 'ranked 12 of 12 clusters' "$work/drop.err"
check "--drop-summary-rows: the ranking of the data without the row" \
  cmp -s "$work/drop.csv" "$work/clean_out.csv"
check "--drop-summary-rows: first is SD-2023-002" \
  [ "$(sed -n 2p "$work/drop.csv" | cut -d, -f1,2)" = "1,SD-2023-002" ]

# The same refusal in every command that reads cluster data.
for cmd in "uncertainty --draws 10" "sensitivity --draws 10 --bootstrap 0" "audit" \
           "weights -m entropy"; do
  name=${cmd%% *}
  run_ce "$work/$name" $cmd "$D" -o "$work/$name.out.d"
  check "$name: exit 1" [ "$(rc_of "$work/$name")" = 1 ]
  check "$name: the row named" [ "$(head -n 1 "$work/$name.err")" = "$msg" ]
  run_ce "$work/${name}_drop" $cmd "$D" --drop-summary-rows -o "$work/${name}_drop.out.d"
  check "$name --drop-summary-rows: exit 0" [ "$(rc_of "$work/${name}_drop")" = 0 ]
done

# A name that says 全省合计 under an ordinary 序号 is a totals row too.
{ head -n 5 "$S"; echo '99,全省合计,1,0,3000,600,80,12000,25,5000,900,90,700,700,150,2,100,60,900,200,700,400,950,150,50000'; } >"$work/byname.csv"
run_ce "$work/byname" rank "$work/byname.csv"
check "by name: exit 1" [ "$(rc_of "$work/byname")" = 1 ]
check "by name: the name quoted" grep -qF ':6: row looks like a summary row (name "全省合计")' "$work/byname.err"

# Applicant tables: a totals row is never paid.
{ head -n 3 "$src/samples/enterprises-2024.csv"; echo '合计,,industry,1230,45600,52000'; } >"$work/ent.csv"
run_ce "$work/sme" sme "$work/ent.csv"
check "sme: exit 1" [ "$(rc_of "$work/sme")" = 1 ]
check "sme: the row named" grep -qxF "clustereval: $work/ent.csv:4: row looks like a summary row (id \"合计\"): a total or average must never be ranked or paid; remove the row from the file" "$work/sme.err"
{ head -n 2 "$src/samples/training-2023.csv"; echo 'T-9,总计,enterprise,91370102MA37CHNU12,1,1,800,1,12,8,6,1,800,200,场景式,5,250000,600000,850,良好,'; } >"$work/tr.csv"
run_ce "$work/training" training "$work/tr.csv"
check "training: exit 1" [ "$(rc_of "$work/training")" = 1 ]
check "training: the row named" grep -qF "$work/tr.csv:3: row looks like a summary row (name \"总计\"): a total or average must never be ranked or paid; remove the row from the file" "$work/training.err"
{ head -n 2 "$src/samples/vouchers-2023.csv"; echo ',,,合计,,,,,,,,,,,48000'; } >"$work/v.csv"
run_ce "$work/voucher" voucher issue "$work/v.csv" --ledger "$work/ledger.db" --cycle C1 --pool 1000000
check "voucher issue: exit 1" [ "$(rc_of "$work/voucher")" = 1 ]
check "voucher issue: the row named" grep -qF "$work/v.csv:3: row looks like a summary row (name \"合计\")" "$work/voucher.err"
e2e_done
