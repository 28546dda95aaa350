#!/usr/bin/env bash
# asem_variants.sh EXE SRC WORK - the normalisation and aggregation methods of
# `rank` on COINr's ASEM data (tests/data/coinr-asem: 51 units x 49
# indicators, 63 missing values, 3 levels, all weights 1, 14 directions -)
# against ref_pipeline.awk, an independent awk implementation of COINr's
# published formulas (n_minmax, n_zscore, n_rank, n_prank, n_borda,
# n_dist2max, n_dist2targ, n_goalposts; a_amean, a_gmean, a_hmean). Every
# score, Conn and Sust must match to 1e-9 (relative above 1) and every rank,
# Conn_rank and Sust_rank exactly.
#
# profile-targets.csv is profile.csv plus `target` (COINr's metadata, copied
# from profile-full.csv; it was set for the denominated data, so on these raw
# values dist2target goes beyond 1 for some units, which is fine: no cap) and
# goalposts `lo`,`hi` = the observed 10th and 90th percentile (nearest rank)
# of each indicator rounded to 2 significant digits, so that goalpost
# clamps at both ends for either direction. No denominators, no imputation.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
ref="$data/coinr-asem"
prof="$ref/profile-targets.csv"
awkref="$src/tests/e2e/ref_pipeline.awk"
# The awk of a fresh Debian is mawk; prefer it so that the portability is tested.
AWK=${AWK:-$(command -v mawk || command -v awk)}
echo "reference awk: $AWK"

# variant NAME AWKVARS -- CLUSTEREVAL-OPTIONS...
variant() {
  local name=$1 vars=$2; shift 3
  run_ce "$work/$name" rank "$ref/data.csv" -w "$prof" --missing skip "$@" --digits 12 --no-bom \
    -o "$work/$name.csv"
  if [ "$(rc_of "$work/$name")" != 0 ]; then
    cat "$work/$name.err"
    fail "$name: rank $* exits 0"
    return
  fi
  # shellcheck disable=SC2086  # vars is a list of -v assignments
  if "$AWK" -f "$awkref" -v label="$name" $vars "$prof" "$ref/data.csv" "$work/$name.csv"; then
    pass "$name: every score, Conn, Sust and rank matches the awk reference"
  else
    fail "$name: every score, Conn, Sust and rank matches the awk reference"
  fi
}

variant minmax            "-v method=minmax"                      -- --normalize minmax
variant minmax-default    "-v method=minmax"                      --
variant minmax-range01    "-v method=minmax -v lo=0 -v hi=1"      -- --range 0,1
variant zscore            "-v method=zscore"                      -- --normalize zscore
variant zscore-100-10     "-v method=zscore -v zm=100 -v zs=10"   -- --normalize zscore --zscore 100,10
variant rank              "-v method=rank"                        -- --normalize rank
variant prank             "-v method=prank"                       -- --normalize prank
variant borda             "-v method=borda"                       -- --normalize borda
variant dist2max          "-v method=dist2max"                    -- --normalize dist2max
variant dist2target       "-v method=dist2target"                 -- --normalize dist2target
variant goalpost          "-v method=goalpost"                    -- --normalize goalpost
variant geometric         "-v method=minmax -v agg=geometric"     -- --normalize minmax --aggregate geometric
variant harmonic          "-v method=minmax -v agg=harmonic"      -- --normalize minmax --aggregate harmonic
variant arithmetic        "-v method=minmax -v agg=arithmetic"    -- --aggregate arithmetic

# The default pipeline with the extra profile columns is still COINr's result.
check "minmax with profile-targets.csv = profile.csv" \
  bash -c "'$exe' rank '$ref/data.csv' --missing skip -w '$ref/profile.csv' --digits 12 2>/dev/null |
           cmp -s - '$work/minmax-default.csv'"

# z-scores are negative for about half the units: geometric and harmonic
# aggregation refuse them (exit 1), name a cluster and an indicator whose
# z-score really is non-positive, and write no output.
"$AWK" -f "$awkref" -v method=zscore -v dump=1 "$prof" "$ref/data.csv" >"$work/z.txt"
for a in geometric harmonic; do
  run_ce "$work/z-$a" rank "$ref/data.csv" -w "$prof" --missing skip --normalize zscore --aggregate "$a" \
    -o "$work/z-$a.csv"
  check "zscore + $a: exit 1" [ "$(rc_of "$work/z-$a")" = 1 ]
  check "zscore + $a: no output file" [ ! -e "$work/z-$a.csv" ]
  msg=$(head -n 1 "$work/z-$a.err")
  echo "  $msg"
  cl=$(printf '%s\n' "$msg" | sed -n 's/.*cluster "\([^"]*\)".*/\1/p')
  ind=$(printf '%s\n' "$msg" | sed -n 's/.*cluster "[^"]*": "\([^"]*\)".*/\1/p')
  check "zscore + $a: message names the aggregation" grep -q "$a" "$work/z-$a.err"
  check "zscore + $a: message names a cluster and an indicator with a non-positive z-score" \
    awk -v c="$cl" -v i="$ind" '$1 == c && $2 == i && $3 <= 0 { ok = 1 } END { exit !ok }' \
    "$work/z.txt"
done
e2e_done
