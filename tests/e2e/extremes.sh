#!/usr/bin/env bash
# extremes.sh EXE SRC WORK - regression checks for bugs the stress scripts
# (tests/stress/limits.sh) found: values near DBL_MAX normalised without
# overflow (the expected scores computed by hand: gdp and jobs of C sit half
# way between -1.7e308 and 1.7e308); a file of a million blank lines is read
# without reserving a row per line; a write error on stdout exits 3.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
P="$data/profile-small.csv"

printf '%s\n' 'id,name,gdp,jobs,co2,waste' \
  'A,a,1.7e308,-1.7e308,1.7976931348623157e308,0' \
  'B,b,-1.7e308,1.7e308,-1.7976931348623157e308,1.7e308' \
  'C,c,0,0,0,-1.7e308' >"$work/huge.csv"
run_ce "$work/huge" rank "$work/huge.csv" -w "$P"
check "DBL_MAX: exit 0" test "$(rc_of "$work/huge")" = 0
check "DBL_MAX: the scores as computed by hand" cmp "$work/huge.out" <(printf '%s\n' \
  'rank,id,name,score,award,award_amount,econ,econ_rank,env,env_rank,coverage,notes' \
  '1,B,b,66.666667,yes,1000000,33.333333,3,100.000000,1,1.0000,' \
  '2,A,a,45.833333,yes,1000000,66.666667,1,25.000000,2,1.0000,' \
  '3,C,c,37.500000,yes,1000000,50.000000,2,25.000000,2,1.0000,')

{ echo 'id,name,gdp,jobs,co2,waste'; echo 'A,a,1,2,3,4'; yes '' | head -n 1000000; echo 'B,b,2,1,4,3'; } >"$work/blank.csv"
run_ce "$work/blank" rank "$work/blank.csv" -w "$P"
check "a million blank lines: exit 0" test "$(rc_of "$work/blank")" = 0
check "a million blank lines: both rows ranked" test "$(grep -c '^[12],' "$work/blank.out")" = 2

"$exe" sme "$src/samples/enterprises-2024.csv" >/dev/full 2>"$work/full.err"
check "stdout on a full device: exit 3" test "$?" = 3
check "stdout on a full device: said so" grep -q 'cannot write to standard output' "$work/full.err"

e2e_done
