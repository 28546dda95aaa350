#!/usr/bin/env bash
# asem.sh EXE SRC WORK - external conformance: COINr's ASEM example
# (tests/data/coinr-asem, computed by COINr 1.1.14). Every score, Conn and
# COINr leaves missing values out: --missing skip (the default is worst, issue 15).
# Sust must match to 1e-9 and every rank exactly; the top ten are the award.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
ref="$data/coinr-asem"

run_ce "$work/asem" rank "$ref/data.csv" -w "$ref/profile.csv" --missing skip --digits 15 -o "$work/asem.csv"
check "rank exits 0 on the ASEM data" [ "$(rc_of "$work/asem")" = 0 ]

# Join on id and compare; strip the BOM of our file first.
sed '1s/^\xEF\xBB\xBF//' "$work/asem.csv" >"$work/got.csv"
awk -F, -v tol=1e-9 '
  function abs(x) { return x < 0 ? -x : x }
  NR == FNR { if (FNR > 1) { r[$2] = $1; s[$2] = $4; c[$2] = $5; u[$2] = $6; t[$2] = $7 } next }
  FNR == 1 {
    # our header: rank,id,name,score,award,award_amount,Conn,Conn_rank,Sust,Sust_rank,...
    if ($7 != "Conn" || $9 != "Sust") { print "unexpected header: " $0; bad++ }
    next
  }
  {
    id = $2; n++
    if (!(id in r)) { print "unexpected id " id; bad++; next }
    if ($1 != r[id]) { print id ": rank " $1 ", COINr " r[id]; bad++ }
    d = abs($4 - s[id]); if (d > maxd) maxd = d
    if (d > tol) { print id ": score " $4 ", COINr " s[id]; bad++ }
    d = abs($7 - c[id]); if (d > maxd) maxd = d
    if (d > tol) { print id ": Conn " $7 ", COINr " c[id]; bad++ }
    d = abs($9 - u[id]); if (d > maxd) maxd = d
    if (d > tol) { print id ": Sust " $9 ", COINr " u[id]; bad++ }
    if (($5 == "yes") != (t[id] == "yes")) { print id ": award " $5 ", COINr top10 " t[id]; bad++ }
  }
  END {
    printf "compared %d units, largest difference %.3g\n", n, maxd
    if (n != 51) { print "expected 51 units"; bad++ }
    exit (bad > 0)
  }' "$ref/expected-rank.csv" "$work/got.csv"
check "every ASEM score, dimension score, rank and top-10 matches COINr" [ $? = 0 ]
e2e_done
