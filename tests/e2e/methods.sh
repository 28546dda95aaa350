#!/usr/bin/env bash
# methods.sh EXE SRC WORK - the method options of `clustereval rank` on the
# hand-checkable example tests/data/small.csv + profile-small.csv (README,
# "Worked example"): econ = (2 gdp + jobs)/3, env = (co2 + waste)/2, co2
# direction -. A3 lacks waste, A5 lacks gdp.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
P="$data/profile-small.csv"
D="$data/small.csv"
field() { grep "^[0-9]*,$2," "$1" | cut -d, -f"$3"; }   # field FILE ID COLUMN

# --impute mean: gdp of A5 = mean(10,20,30,40) = 25 -> 50; waste of A3 =
# mean(50,70,90,60) = 67.5 -> 43.75; env A3 = (25 + 43.75)/2 = 34.375;
# score A3 = (55.555556 + 34.375)/2 = 44.965278.
run_ce "$work/mean" rank "$D" -w "$P" --impute mean --no-bom -o "$work/mean.csv"
check "impute mean: A3 env 34.375" [ "$(field "$work/mean.csv" A3 9)" = "34.375000" ]
check "impute mean: A3 score 44.965278" [ "$(field "$work/mean.csv" A3 4)" = "44.965278" ]
check "impute mean: note names the cell and value" grep -q "^4,A3,.*imputed (mean): waste=67.5" "$work/mean.csv"
check "impute mean: coverage stays that of the data (0.75)" [ "$(field "$work/mean.csv" A3 11)" = "0.7500" ]
# --impute median: waste of A3 = median(50,60,70,90) = 65 -> 37.5; env 31.25.
run_ce "$work/median" rank "$D" -w "$P" --impute median --no-bom -o "$work/median.csv"
check "impute median: A3 env 31.25" [ "$(field "$work/median.csv" A3 9)" = "31.250000" ]
# --impute group-median by a data column (eligible used as a stand-in group column).
run_ce "$work/grp" rank "$D" -w "$P" --impute group-median:eligible --no-bom -o "$work/grp.csv"
# group eligible=0 is A3 alone: its waste stays missing; group 1: gdp of A5 = median(10,20,40) = 20.
check "group-median: A3 (alone in its group) keeps waste missing" grep -q "^[0-9]*,A3,.*missing (left out, weights rescaled): waste" "$work/grp.csv"
check "group-median: A5 gdp imputed 20" grep -q "^[0-9]*,A5,.*imputed (group median): gdp=20" "$work/grp.csv"

# --min-coverage: A3 and A5 (coverage 0.75) are screened out and left unranked;
# the others are normalised among themselves.
run_ce "$work/cov" rank "$D" -w "$P" --min-coverage 0.8 --no-bom -o "$work/cov.csv"
check "min-coverage: 3 ranked" grep -q "ranked 3 of 5 clusters (2 unranked)" "$work/cov.err"
check "min-coverage: A3 unranked with reason" grep -q "^,A3,丙集群,,no,0,,,,,0.7500,screened out: coverage 0.7500 below --min-coverage 0.8" "$work/cov.csv"
check "min-coverage: A1 rank 3" [ "$(grep '^[0-9]*,A1,' "$work/cov.csv" | cut -d, -f1)" = 3 ]

# --flatten: effective weights gdp 1/3, jobs 1/6, co2 1/4, waste 1/4; A3 (no waste):
# (66.667/3 + 33.333/6 + 25/4) / (3/4) = 45.370370.
run_ce "$work/flat" rank "$D" -w "$P" --flatten --missing skip --no-bom -o "$work/flat.csv"
check "flatten: A3 score 45.370370" [ "$(field "$work/flat.csv" A3 4)" = "45.370370" ]
check "flatten: A2 (complete) unchanged 47.222222" [ "$(field "$work/flat.csv" A2 4)" = "47.222222" ]

# --aggregate geometric: min-max range becomes 1..100. A2: gdp 34, jobs 67 ->
# econ (34^2 * 67)^(1/3) = 42.626291; env 50.5; score sqrt(42.626291 * 50.5) = 46.396419.
run_ce "$work/geo" rank "$D" -w "$P" --aggregate geometric --no-bom -o "$work/geo.csv"
check "geometric: A2 econ 42.626291" [ "$(field "$work/geo.csv" A2 7)" = "42.626291" ]
check "geometric: A2 score 46.396419" [ "$(field "$work/geo.csv" A2 4)" = "46.396419" ]
check "geometric: A1 (all minima) scores 1" [ "$(field "$work/geo.csv" A1 4)" = "1.000000" ]
# harmonic: econ 3 / (2/34 + 1/67) = 40.678571; score 2 / (1/40.678571 + 1/50.5) = 45.060321.
run_ce "$work/harm" rank "$D" -w "$P" --aggregate harmonic --no-bom -o "$work/harm.csv"
check "harmonic: A2 score 45.060321" [ "$(field "$work/harm.csv" A2 4)" = "45.060321" ]
# geometric with an explicit range including 0 is refused, naming cluster and indicator.
run_ce "$work/geo0" rank "$D" -w "$P" --aggregate geometric --range 0,100 -o "$work/geo0.csv"
check "geometric with 0 in range: exit 1" [ "$(rc_of "$work/geo0")" = 1 ]
check "geometric with 0: message names cluster and indicator" grep -q 'small.csv:2: cluster "A1": "gdp" is 0 after normalisation, but the geometric aggregation of econ needs positive values' "$work/geo0.err"
check "geometric with 0: no output file" [ ! -e "$work/geo0.csv" ]

# --aggregate copeland: econ by hand: A4 +4, A2 0, A3 0, A5 0, A1 -4.
run_ce "$work/cop" rank "$D" -w "$P" --aggregate copeland --missing skip --no-bom -o "$work/cop.csv"
check "copeland: econ scores" [ "$(for id in A1 A2 A3 A4 A5; do field "$work/cop.csv" $id 7; done | tr '\n' ' ')" = "-4.000000 0.000000 0.000000 4.000000 0.000000 " ]

# --normalize rank with --treat winsor on the sample: runs, 45 ranked, no nan.
run_ce "$work/rk" rank "$src/samples/clusters-2023.csv" --normalize rank --treat winsor --no-bom -o "$work/rk.csv"
check "sample with rank + winsor: exit 0" [ "$(rc_of "$work/rk")" = 0 ]
check "sample with rank + winsor: no nan" bash -c "! grep -qi nan '$work/rk.csv'"
# --normalize zscore --zscore 100,10: the mean score of a complete indicator is 100.
run_ce "$work/z" rank "$D" -w "$P" --normalize zscore --zscore 100,10 --flatten --no-bom -o "$work/z.csv"
check "zscore: exit 0" [ "$(rc_of "$work/z")" = 0 ]

# Per-group methods from the profile's aggregate column.
printf 'code,name,parent,weight,direction,unit,aggregate\necon,,,1,,,\nenv,,,1,,,geometric\ngdp,,econ,2,+,,\njobs,,econ,1,+,,\nco2,,env,1,-,,\nwaste,,env,1,+,,\n' >"$work/p-agg.csv"
run_ce "$work/pagg" rank "$D" -w "$work/p-agg.csv" --no-bom -o "$work/pagg.csv"
check "profile aggregate column: env geometric (range 1..100): A2 env 50.5" [ "$(field "$work/pagg.csv" A2 9)" = "50.500000" ]
printf 'code,name,parent,weight,direction,unit,aggregate\necon,,,1,,,\nenv,,,1,,,median\ngdp,,econ,2,+,,\njobs,,econ,1,+,,\nco2,,env,1,-,,\nwaste,,env,1,+,,\n' >"$work/p-bad.csv"
run_ce "$work/pbad" rank "$D" -w "$work/p-bad.csv" -o "$work/pbad.csv"
check "unknown aggregate in profile: exit 1 at its line" bash -c "[ \$(cat '$work/pbad.rc') = 1 ] && grep -q 'p-bad.csv:3: column \"aggregate\": \"median\" is not' '$work/pbad.err'"
e2e_done
