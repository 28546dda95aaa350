#!/usr/bin/env bash
# options.sh EXE SRC WORK - every option of `clustereval rank` on small,
# hand-checkable inputs (tests/data/tie.csv: T2 and T3 tie at 25 with econ
# 50/env 0 and econ 0/env 50; T1 scores 100, T4 10, T5 0, T6 has no data).
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
P="$data/profile-small.csv"
row() { grep "^[0-9]*,$2," "$1"; }            # row FILE ID
field() { row "$1" "$2" | cut -d, -f"$3"; }   # field FILE ID COLUMN

# Default award rule with a tie at place N.
run_ce "$work/tie" rank "$data/tie.csv" -w "$P" --top 2 --missing skip -o "$work/tie.csv"
check "tie: exit 0 (warnings allowed)" [ "$(rc_of "$work/tie")" = 0 ]
check "tie: T1 gets the award" [ "$(field "$work/tie.csv" T1 5)" = yes ]
check "tie: T2 and T3 share rank 2" [ "$(field "$work/tie.csv" T2 1),$(field "$work/tie.csv" T3 1)" = "2,2" ]
check "tie: T2 marked tie with amount 0" [ "$(field "$work/tie.csv" T2 5-6)" = "tie,0" ]
check "tie: T3 marked tie" [ "$(field "$work/tie.csv" T3 5)" = tie ]
check "tie: T4 (rank 4) gets no award" [ "$(field "$work/tie.csv" T4 1,5)" = "4,no" ]
check "tie: warning on stderr" grep -q "warning: 2 candidates are tied for place 2" "$work/tie.err"
check "tie: note tells the analyst" grep -q "^2,T2,.*tied for place 2: award undecided (use --tie-break)" "$work/tie.csv"
check "unranked T6 is listed last with an empty rank" [ "$(tail -n 1 "$work/tie.csv" | cut -d, -f1-5)" = ",T6,No data,,no" ]
check "unranked T6 note" grep -q "^,T6,.*unranked: no indicator value" "$work/tie.csv"

# --tie-break
run_ce "$work/tb" rank "$data/tie.csv" -w "$P" --top 2 --tie-break env -o "$work/tb.csv"
check "tie-break env: T3 (env 50) wins" [ "$(field "$work/tb.csv" T3 5-6)" = "yes,1000000" ]
check "tie-break env: T2 (env 0) loses" [ "$(field "$work/tb.csv" T2 5-6)" = "no,0" ]
check "tie-break env: note names the node" grep -q "^2,T3,.*tie at place 2 broken by env = 50.000000" "$work/tb.csv"
check "tie-break env: no tie warning" bash -c "! grep -q 'tied for place' '$work/tb.err'"
run_ce "$work/tb2" rank "$data/tie.csv" -w "$P" --top 2 --tie-break econ -o "$work/tb2.csv"
check "tie-break econ: T2 (econ 50) wins" [ "$(field "$work/tb2.csv" T2 5)$(field "$work/tb2.csv" T3 5)" = "yesno" ]
run_ce "$work/tb3" rank "$data/tie.csv" -w "$P" --top 2 --tie-break gdp -o "$work/tb3.csv"
check "tie-break gdp: T2 (gdp 50 -> 50) beats T3 (gdp 0)" [ "$(field "$work/tb3.csv" T2 5)" = yes ]

# --top: a tied group that fits entirely is awarded.
run_ce "$work/top3" rank "$data/tie.csv" -w "$P" --top 3 -o "$work/top3.csv"
check "--top 3: three awards, no tie" [ "$(grep -c ',yes,' "$work/top3.csv"),$(grep -c ',tie,' "$work/top3.csv")" = "3,0" ]
run_ce "$work/top0" rank "$data/tie.csv" -w "$P" --top 0 -o "$work/top0.csv"
check "--top 0: no award" [ "$(grep -c ',yes,' "$work/top0.csv")" = 0 ]

# --award
run_ce "$work/aw" rank "$data/tie.csv" -w "$P" --top 1 --award 500000 -o "$work/aw.csv"
check "--award 500000" [ "$(field "$work/aw.csv" T1 5-6)" = "yes,500000" ]
run_ce "$work/aw2" rank "$data/tie.csv" -w "$P" --top 1 --award "1,250,000.5" -o "$work/aw2.csv"
check "--award with separators and cents" [ "$(field "$work/aw2.csv" T1 6)" = "1250000.50" ]

# --set: with env weighted 0 the composite equals econ for every ranked row.
run_ce "$work/set" rank "$data/small.csv" -w "$P" --set env=0 --digits 9 -o "$work/set.csv"
check "--set env=0: exit 0" [ "$(rc_of "$work/set")" = 0 ]
check "--set env=0: score == econ in every row" \
  awk -F, 'NR > 1 && $1 != "" { n++; if ($4 != $7) bad++ } END { exit !(n == 5 && bad == 0) }' "$work/set.csv"
# --set on an indicator: gdp=0 makes econ equal jobs' normalised value (A2: jobs 300 -> 66.666667).
run_ce "$work/set2" rank "$data/small.csv" -w "$P" --set gdp=0 -o "$work/set2.csv"
check "--set gdp=0: A2 econ = 66.666667" [ "$(field "$work/set2.csv" A2 7)" = "66.666667" ]
run_ce "$work/set3" rank "$data/small.csv" -w "$P" --set gdp=1 --set jobs=1 -o "$work/set3.csv"
check "--set repeated: A2 econ = (33.333+66.667)/2 = 50" [ "$(field "$work/set3.csv" A2 7)" = "50.000000" ]

# --digits
run_ce "$work/dg" rank "$data/small.csv" -w "$P" --digits 2 -o "$work/dg.csv"
check "--digits 2" [ "$(field "$work/dg.csv" A2 4)" = "47.22" ]
run_ce "$work/dg0" rank "$data/small.csv" -w "$P" --digits 0 -o "$work/dg0.csv"
check "--digits 0" [ "$(field "$work/dg0.csv" A2 4)" = "47" ]

# BOM: files get one, --no-bom and stdout do not.
check "-o file starts with a UTF-8 BOM" [ "$(head -c 3 "$work/dg.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ]
run_ce "$work/nb" rank "$data/small.csv" -w "$P" --no-bom -o "$work/nb.csv"
check "--no-bom: starts with the header" [ "$(head -c 5 "$work/nb.csv")" = "rank," ]
run_ce "$work/so" rank "$data/small.csv" -w "$P"
check "stdout has no BOM" [ "$(head -c 5 "$work/so.out")" = "rank," ]
check "stdout equals the --no-bom file" cmp "$work/so.out" "$work/nb.csv"

# Header columns, exactly.
check "header columns" [ "$(head -n 1 "$work/nb.csv")" = "rank,id,name,score,award,award_amount,econ,econ_rank,env,env_rank,coverage,notes" ]

# Formula guard.
run_ce "$work/gd" rank "$data/guard.csv" -w "$P" --no-bom -o "$work/gd.csv"
check "guard: =HYPERLINK name is prefixed with '" grep -q "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" "$work/gd.csv"
check "guard: ids =1+1, @A, -B prefixed" [ "$(cut -d, -f2 "$work/gd.csv" | tail -n +2 | sort | tr '\n' ' ')" = "'-B '=1+1 '@A " ]
check "guard: +plus prefixed" grep -q ",'+plus," "$work/gd.csv"

# GB18030 input (as Chinese Excel saves CSV): same ranking, a note on stderr.
iconv -f UTF-8 -t GB18030 "$src/samples/clusters-2023.csv" >"$work/gb.csv"
run_ce "$work/gb" rank "$work/gb.csv" -w "$src/weights/default.csv" -o "$work/gb-out.csv"
run_ce "$work/u8" rank "$src/samples/clusters-2023.csv" -w "$src/weights/default.csv" -o "$work/u8-out.csv"
check "GB18030: exit 0" [ "$(rc_of "$work/gb")" = 0 ]
check "GB18030: identical output to the UTF-8 file" cmp "$work/gb-out.csv" "$work/u8-out.csv"
check "GB18030: note on stderr" grep -q "^clustereval: note: read as GB18030 (not valid UTF-8): $work/gb.csv (from line 2; --encoding gb18030 says so" "$work/gb.err"
run_ce "$work/gbf" rank "$work/gb.csv" -w "$src/weights/default.csv" --encoding gb18030 -o "$work/gbf-out.csv"
check "--encoding gb18030: identical output, no note" bash -c "cmp -s '$work/gbf-out.csv' '$work/u8-out.csv' && ! grep -q GB18030 '$work/gbf.err'"

# A successful run replaces an existing output file.
printf 'old\n' >"$work/replace.csv"
run_ce "$work/rp" rank "$data/small.csv" -w "$P" --no-bom -o "$work/replace.csv"
check "success replaces an existing file" cmp "$work/replace.csv" "$work/nb.csv"
check "no temporary file left" [ "$(find "$work" -name '*.tmp-*' | wc -l)" = 0 ]

# Writing into a folder that does not exist is an I/O error (exit 3).
run_ce "$work/io" rank "$data/small.csv" -w "$P" -o "$work/no/such/dir/out.csv"
check "unwritable output: exit 3" [ "$(rc_of "$work/io")" = 3 ]
check "unwritable output: message names the file" grep -q "clustereval: $work/no/such/dir/out.csv: cannot write: No such file or directory" "$work/io.err"

# Ignored columns: one warning listing them.
run_ce "$work/ig" rank "$src/tests/data/coinr-asem/data.csv" -w "$src/tests/data/coinr-asem/profile.csv" --top 1
check "extra data columns are not an error" [ "$(rc_of "$work/ig")" = 0 ]

# --help, --version, no arguments.
run_ce "$work/help" rank --help
check "rank --help exits 0 and lists every option" bash -c "[ \$(cat '$work/help.rc') = 0 ] && grep -q -- --tie-break '$work/help.out' && grep -q -- --no-bom '$work/help.out' && grep -q -- --encoding '$work/help.out'"
run_ce "$work/ver" --version
check "--version" grep -q "^clustereval [0-9]" "$work/ver.out"
run_ce "$work/none"
check "no arguments: usage, exit 2" [ "$(rc_of "$work/none")" = 2 ]
e2e_done
