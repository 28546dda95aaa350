#!/usr/bin/env bash
# asem_full.sh EXE SRC WORK - COINr's published ASEM example, built the way
# build_example_coin() builds it (tests/data/coinr-asem/README.md): denominate
# by the metadata's Denominator column, impute the mean of the unit's
# EurAsia_group, treat outliers (winsorise up to 5 points, else log), min-max
# 0-100, arithmetic means. COINr's documentation prints the top six:
# CHE 68.38, NLD 64.82, DNK 64.80, NOR 64.47, BEL 63.54, SWE 63.00.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
ref="$data/coinr-asem"

run_ce "$work/full" rank "$ref/data-full.csv" -w "$ref/profile-full.csv" \
  --impute group-mean:EurAsia_group --treat winsor --digits 2 --no-bom -o "$work/full.csv"
check "exit 0" [ "$(rc_of "$work/full")" = 0 ]
top6=$(awk -F, 'NR > 1 && NR <= 7 { printf "%s %s %s\n", $1, $2, $4 }' "$work/full.csv")
expected="1 CHE 68.38
2 NLD 64.82
3 DNK 64.80
4 NOR 64.47
5 BEL 63.54
6 SWE 63.00"
check "top six as COINr documents them" [ "$top6" = "$expected" ]
[ "$top6" = "$expected" ] || printf 'got:\n%s\n' "$top6"
check "51 units ranked" grep -q "ranked 51 of 51 clusters" "$work/full.err"
# 15 indicators fail the skew/kurtosis test; all are fixed by winsorising.
check "15 indicators winsorised" [ "$(grep -c 'winsorised, ' "$work/full.err")" = 15 ]
check "no log transform needed" bash -c "! grep -q log-transformed '$work/full.err'"
# Imputed cells are named in the notes with their value.
check "imputed cells listed in notes" grep -q "imputed (group mean): " "$work/full.csv"
# Without treatment the ranking differs (the treatment matters).
run_ce "$work/plain" rank "$ref/data-full.csv" -w "$ref/profile-full.csv" \
  --impute group-mean:EurAsia_group --digits 2 --no-bom -o "$work/plain.csv"
check "untreated ranking differs" bash -c "! cmp -s '$work/plain.csv' '$work/full.csv'"
e2e_done
