#!/usr/bin/env bash
# stderr_escape.sh EXE SRC WORK - control characters in untrusted text never
# reach the terminal raw (cli.h, ce_cli_escape): a cluster named
# ESC[2J ESC]0;pwned BEL (clear the screen, retitle the window) in the
# summary, a column header with ESC in a warning, a cell with ESC in an error,
# a path and an option with ESC, C1 controls and a bidi override in a name,
# and a file name printed by a plain printf (the escaping stderr). Each
# stderr holds no byte below 0x20 but LF, no DEL, no C1 control, and shows
# the escapes as visible text.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
P="$data/profile-small.csv"
export LC_ALL=C

# No C0 control but LF, no DEL, no UTF-8 C1 (C2 80-9F) in file $1.
clean() {
  [ "$(tr -d '\n\040-\176\200-\377' <"$1" | wc -c)" = 0 ] &&
    ! grep -q $'\xc2[\x80-\x9f]' "$1" && ! grep -q $'\xe2\x80[\xaa-\xae]' "$1"
}

# ---- a cluster's name in the summary, a column header in a warning ----------
{
  printf 'id,name,eligible,veto,gdp,jobs,co2,waste,re\033[5mmark\n'
  printf 'B1,\033[2J\033]0;pwned\007,1,0,90,900,1,90,x\n'
  printf 'B2,"two\nlines\tand\rCR",1,0,80,800,2,80,x\n'
  printf 'B3,c1 \302\233 bidi \342\200\256 del \177 end,1,0,70,700,3,70,x\n'
  tail -n +4 "$data/small.csv" | sed 's/$/,y/'
} >"$work/esc.csv"
run_ce "$work/rank" rank "$work/esc.csv" -w "$P" -o "$work/out.csv"
check "rank: exit 0" test "$(rc_of "$work/rank")" = 0
check "rank: stderr holds no control character" clean "$work/rank.err"
check "rank: the name in the summary, escaped" \
  grep -qF 'B1  ' "$work/rank.err"
check "rank: ESC and BEL shown as \\x1B and \\x07" \
  grep -qF '\x1B[2J\x1B]0;pwned\x07' "$work/rank.err"
check "rank: LF, TAB and CR in a name become spaces on its summary line" \
  grep -qF 'two lines and CR' "$work/rank.err"
check "rank: C1, the bidi override and DEL shown as \\u009B, \\u202E, \\x7F" \
  grep -qF 'c1 \u009B bidi \u202E del \x7F end' "$work/rank.err"
check "rank: the warning names the column, escaped" \
  grep -qxF 'clustereval: warning: '"$work"'/esc.csv: 1 column not in the profile, ignored: re\x1B[5mmark' "$work/rank.err"
check "rank: the output keeps the name as it is (only stderr is escaped)" \
  grep -q $'\033\\[2J\033\\]0;pwned\007' "$work/out.csv"

# ---- a bad cell quoted in an error ------------------------------------------------
printf 'id,name,eligible,veto,gdp,jobs,co2,waste\nA1,x,1,0,1\0332,100,5,50\n' >"$work/bad.csv"
run_ce "$work/bad" rank "$work/bad.csv" -w "$P" -o "$work/bad-out.csv"
check "bad cell: exit 1" test "$(rc_of "$work/bad")" = 1
check "bad cell: stderr holds no control character" clean "$work/bad.err"
check "bad cell: the cell quoted with \\x1B" \
  grep -qxF 'clustereval: '"$work"'/bad.csv:2: column "gdp": cannot parse as a number: "1\x1B2" (row 2, cluster "A1 x")' "$work/bad.err"

# ---- a path and an option --------------------------------------------------------
run_ce "$work/path" rank "$work/no"$'\033]0;pwned\007'".csv" -w "$P"
check "missing file: exit 3" test "$(rc_of "$work/path")" = 3
check "missing file: stderr holds no control character" clean "$work/path.err"
check "missing file: the path escaped" grep -qF 'no\x1B]0;pwned\x07.csv: ' "$work/path.err"
run_ce "$work/opt" rank "$work/esc.csv" --bogus$'\033[31m\302\233'
check "unknown option: exit 2" test "$(rc_of "$work/opt")" = 2
check "unknown option: stderr holds no control character" clean "$work/opt.err"
check "unknown option: escaped" \
  grep -qxF 'clustereval rank: unknown option --bogus\x1B[31m\u009B' "$work/opt.err"
run_ce "$work/cmd" $'\033[2Jrank'
check "unknown command: exit 2 and escaped" \
  bash -c '[ "$(cat "$1.rc")" = 2 ] && grep -qF "unknown command \"\\x1B[2Jrank\"" "$1.err"' _ "$work/cmd"
check "unknown command: stderr holds no control character" clean "$work/cmd.err"

# ---- a file name printed by a plain printf: the escaping stderr ----------------
ent="$work/ent"$'\033[7m\t'".csv"
cp "$src/samples/enterprises-2024.csv" "$ent"
run_ce "$work/sme" sme "$ent" -o "$work/sme.csv"
check "sme: exit 0" test "$(rc_of "$work/sme")" = 0
check "sme: stderr holds no control character" clean "$work/sme.err"
check "sme: the file name escaped in its summary" \
  grep -qF "enterprises in $work/ent\\x1B[7m\\x09.csv:" "$work/sme.err"
e2e_done
