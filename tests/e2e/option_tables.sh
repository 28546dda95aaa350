#!/bin/bash
# option_tables.sh - the option table of each command (src/cli/cli_opt.h)
# makes its getopt tables, its --help and, through the help, the man page:
# every option a help names is one the command's parser takes (never
# "unknown option"), an option no table has is refused, and the man page
# lists every option of every help.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

man="$(dirname "$exe")/clustereval.1.gz"
check "the man page is built beside the binary" test -s "$man"
zcat "$man" >"$work/man.txt" 2>/dev/null

total=0
cd "$work" || exit 1
# voucher redeem and status share the table of voucher issue
for cmd in rank audit weights uncertainty sensitivity sme training verify "voucher issue"; do
  tag=${cmd// /_}
  run_ce "$work/$tag.help" $cmd --help
  check "$cmd --help: exit 0" test "$(rc_of "$work/$tag.help")" = 0
  # the long options the help names ("--vary-..." is prose)
  opts=$(grep -oP -- '--[a-z][a-z0-9-]*[a-z0-9](?![-a-z0-9.])' "$work/$tag.help.out" | sort -u)
  n=0
  for o in $opts; do
    n=$((n + 1))
    [ "$o" = --help ] && continue
    run_ce "$work/$tag.opt" $cmd "$o"
    if grep -q 'unknown option' "$work/$tag.opt.err" || [ "$(rc_of "$work/$tag.opt")" != 2 ]; then
      fail "$cmd $o: named by the help but not taken by the parser: $(cat "$work/$tag.opt.err")"
    fi
    grep -qF -- "${o//-/\\-}" "$work/man.txt" || fail "$cmd $o: not in the man page"
  done
  total=$((total + n))
  check "$cmd: the help names options ($n)" test "$n" -gt 0
done
# the nine helps name 160 options in all (with --help; --drop-summary-rows in rank, uncertainty, sensitivity, audit and weights; --missing in rank, uncertainty and sensitivity)
check "every help names its options (160 in all, got $total)" test "$total" = 160

run_ce "$work/unknown" rank --no-such-option data.csv
check "an option of no table is refused: exit 2" test "$(rc_of "$work/unknown")" = 2
check "an option of no table is refused: message" \
  grep -qx "clustereval rank: unknown option --no-such-option" "$work/unknown.err"

run_ce "$work/other" sme --top 3 x.csv
check "an option of another command's table is refused" \
  grep -qx "clustereval sme: unknown option --top" "$work/other.err"
e2e_done
