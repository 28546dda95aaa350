#!/usr/bin/env bash
# impute_names.sh EXE SRC WORK - the imputation names come from the one
# table of impute.c: the --impute refusal lists them and `rank --help` shows
# the same list.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
S="$src/samples/clusters-2023.csv"

run_ce "$work/bad" rank "$S" --impute group-mean -o "$work/bad.csv"
check "bad --impute: exit 2" [ "$(rc_of "$work/bad")" = 2 ]
check "bad --impute: the list of names" [ "$(head -n 1 "$work/bad.err")" = \
  'clustereval rank: --impute: "group-mean" is not none, mean, median, group-mean:COLUMN or group-median:COLUMN' ]
run_ce "$work/help" rank --help
check "rank --help: the same list" \
  grep -qx '      --impute M         none, mean, median, group-mean:COLUMN, group-median:COLUMN' "$work/help.out"
e2e_done
