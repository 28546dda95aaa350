#!/usr/bin/env bash
# messy_missing.sh EXE SRC WORK - a Chinese export as it really comes (issue
# 15 §1): GB18030, CRLF, Chinese headers with units, 序号 as the id, a 合计
# row and "/" for a missing value. rank refuses the 合计 row; with
# --drop-summary-rows it ranks, and the missing value is scored the worst
# (the default): the second award goes to A2, not to A5 that left out its
# 产值, which would win it under --missing skip (left out, weights rescaled).
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
D="$work/导出.csv"
P="$data/profile-small.csv"
printf '序号,集群名称,产值（亿元）,就业（人）,排放（吨）,固废利用率（%%）\r\nA1,甲集群,10,100,5,50\r\nA2,乙集群,20,300,3,70\r\nA3,丙集群,30,200,4,65\r\nA4,丁集群,40,400,1,90\r\nA5,戊集群,/,250,2,60\r\n合计,,100,1250,15,335\r\n' |
  iconv -f utf-8 -t gb18030 >"$D" || exit 1

run_ce "$work/refused" rank "$D" -w "$P" --top 2 -o "$work/refused.csv"
check "the 合计 row: exit 1" [ "$(rc_of "$work/refused")" = 1 ]
check "the 合计 row: named with its line" grep -qxF \
  "clustereval: $D:7: row looks like a summary row (id \"合计\"): a total or average must never be ranked or paid; use --drop-summary-rows to drop it" \
  "$work/refused.err"
check "the 合计 row: no output" [ ! -e "$work/refused.csv" ]

run_ce "$work/worst" rank "$D" -w "$P" --top 2 --drop-summary-rows -o "$work/worst.csv"
check "worst (default): exit 0" [ "$(rc_of "$work/worst")" = 0 ]
check "worst: the row dropped with a warning" grep -qxF \
  "clustereval: warning: $D:7: summary row dropped (id \"合计\") (--drop-summary-rows)" "$work/worst.err"
check "worst: A4 and A2 win" [ "$(grep -c ',yes,1000000,' "$work/worst.csv")" = 2 ]
check "worst: A2 second with 47.222222" grep -qF '2,A2,乙集群,47.222222,yes,1000000,' "$work/worst.csv"
check "worst: A5 fourth, its 产值 scored 0" grep -qF \
  '4,A5,戊集群,33.333333,no,0,16.666667,4,50.000000,2,0.7500,missing (scored the worst): gdp=0' \
  "$work/worst.csv"
check "worst: the summary of missing values" grep -qxF \
  'clustereval: missing values: 1 of 5 clusters had some; 0 of the 2 award winners did' "$work/worst.err"

run_ce "$work/skip" rank "$D" -w "$P" --top 2 --drop-summary-rows --missing skip -o "$work/skip.csv"
check "skip: exit 0" [ "$(rc_of "$work/skip")" = 0 ]
check "skip: A5 second with 50 and the award" grep -qF \
  '2,A5,戊集群,50.000000,yes,1000000,50.000000,3,50.000000,2,0.7500,"missing (left out, weights rescaled): gdp"' \
  "$work/skip.csv"
check "skip: A2 third, no award" grep -qF '3,A2,乙集群,47.222222,no,0,' "$work/skip.csv"
check "skip: the winner with a missing value named" grep -qxF \
  'clustereval: missing values: 1 of 5 clusters had some; 1 of the 2 award winners did: A5 戊集群' \
  "$work/skip.err"

run_ce "$work/both" rank "$D" -w "$P" --drop-summary-rows --missing skip --impute mean
check "--missing with --impute: exit 2" [ "$(rc_of "$work/both")" = 2 ]
check "--missing with --impute: said" grep -qF -- '--impute: --missing skip already gives the missing-value rule' "$work/both.err"
e2e_done
