#!/usr/bin/env bash
# small_things.sh EXE SRC WORK - issue 15 §4: the GB18030 note is said once
# per run, as a note, with a hint that fits each file it names; -o NAME.xlsx
# writes a workbook or is refused; weights -o writes a BOM (and honours
# --no-bom); --set CODE=40% is a share of the siblings.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
S="$src/samples/clusters-2023.csv"
P="$src/weights/default.csv"

# ---- 1. the GB18030 note --------------------------------------------------------------
iconv -f UTF-8 -t GB18030 "$S" >"$work/gb.csv"
iconv -f UTF-8 -t GB18030 "$P" >"$work/gbw.csv"
gbnotes() { grep -c 'GB18030' "$1"; }
run_ce "$work/g1" rank "$work/gb.csv" -w "$work/gbw.csv" -o "$work/g1.csv"
check "GB18030 data and profile: exit 0" [ "$(rc_of "$work/g1")" = 0 ]
check "GB18030 data and profile: one line says GB18030" [ "$(gbnotes "$work/g1.err")" = 1 ]
check "GB18030: a note, not a warning" \
  grep -qx "clustereval: note: read as GB18030 (not valid UTF-8): $work/gbw.csv (from line 2; its encoding is always detected: save it as UTF-8 to silence this note), $work/gb.csv (from line 2; --encoding gb18030 says so and silences this note)" "$work/g1.err"
check "GB18030: no warning about it" bash -c "! grep 'warning:.*GB18030' '$work/g1.err'"
run_ce "$work/g2" rank "$work/gb.csv" -w "$P" -o "$work/g2.csv"
check "GB18030 data only: the --encoding hint" \
  grep -qx "clustereval: note: read as GB18030 (not valid UTF-8): $work/gb.csv (from line 2; --encoding gb18030 says so and silences this note)" "$work/g2.err"
run_ce "$work/g3" rank "$S" -w "$work/gbw.csv" -o "$work/g3.csv"
check "GB18030 profile only: no --encoding hint" \
  grep -qx "clustereval: note: read as GB18030 (not valid UTF-8): $work/gbw.csv (from line 2; its encoding is always detected: save it as UTF-8 to silence this note)" "$work/g3.err"
check "GB18030 profile only: same ranking as the UTF-8 profile" cmp "$work/g3.csv" "$work/g2.csv"
# The baseline profile, and the data read again for the baseline: still one note.
run_ce "$work/g4" rank "$work/gb.csv" -w "$work/gbw.csv" --baseline "$work/gbw.csv" -o "$work/g4.csv"
check "--baseline: exit 0" [ "$(rc_of "$work/g4")" = 0 ]
check "--baseline: one line says GB18030" [ "$(gbnotes "$work/g4.err")" = 1 ]
check "--baseline: each file named once" [ "$(grep -o "$work/gb[w]*.csv (from" "$work/g4.err" | sort | uniq -d | wc -l)" = 0 ]
run_ce "$work/g5" rank "$work/gb.csv" -w "$work/gbw.csv" --encoding gb18030 -o "$work/g5.csv"
check "--encoding gb18030: only the profile noted" \
  grep -qx "clustereval: note: read as GB18030 (not valid UTF-8): $work/gbw.csv (from line 2; its encoding is always detected: save it as UTF-8 to silence this note)" "$work/g5.err"

e2e_done
