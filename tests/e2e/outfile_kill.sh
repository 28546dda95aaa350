#!/usr/bin/env bash
# outfile_kill.sh EXE SRC WORK - a run killed (SIGKILL) while it writes
# leaves nothing behind (outfile.h): 10 kills of `rank -o out.csv --xlsx
# out.xlsx` over a 2 MB ranking (an earlier run's out.csv.manifest.json beside it), half of them while a temporary file is open
# (seen in /proc/PID/fd), half at a random moment; after each, the folder
# holds only out.csv, out.xlsx and at most out.csv.manifest.json, out.csv is
# the old file byte for byte or the new one complete, a manifest that is
# there describes the out.csv that is there, and no temporary file of
# ours (OUT.tmp-*) or of libxlsxwriter (tmp.*) is left. Then: a temporary
# file left by a dead writer of an older kind of open (PID in its name, lock
# free) is removed by the next run, one whose writer lives is kept.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
case $exe in /*) ;; *) exe=$PWD/$exe ;; esac
P="$data/profile-small.csv"
export LC_ALL=C

cc -O2 -o "$work/gen_big" "$src/tests/tools/gen_big.c" || { echo "FAIL: cannot build gen_big"; exit 1; }
"$work/gen_big" rows 8000 0 200 >"$work/kill.csv"
mkdir -p "$work/ref" "$work/out"
"$exe" rank "$work/kill.csv" -w "$P" --digits 3 -o "$work/ref/old.csv" --xlsx "$work/ref/old.xlsx" 2>/dev/null
"$exe" rank "$work/kill.csv" -w "$P" -o "$work/ref/new.csv" 2>/dev/null
check "the old and the new rankings differ" bash -c '! cmp -s "$1/old.csv" "$1/new.csv"' _ "$work/ref"
check "the ranking is more than 1 MB" test "$(wc -c <"$work/ref/new.csv")" -gt 1000000

# The size of the temporary file that PID is writing in $work/out, or nothing.
writing() {
  local f
  for f in /proc/"$1"/fd/*; do
    case $(readlink "$f" 2>/dev/null) in
      "$work/out/"*) stat -L -c %s "$f" 2>/dev/null && return ;;
    esac
  done
}

reset_out() {
  rm -rf "$work/out" && mkdir "$work/out"
  cp "$work/ref/old.csv" "$work/out/out.csv"
  cp "$work/ref/old.xlsx" "$work/out/out.xlsx"
  cp "$work/ref/old.csv.manifest.json" "$work/out/out.csv.manifest.json"
}

# Calibrate: how long a run takes.
reset_out
start=$(date +%s%N)
"$exe" rank "$work/kill.csv" -w "$P" -o "$work/out/out.csv" --xlsx "$work/out/out.xlsx" >/dev/null 2>&1
t1=$(($(date +%s%N) - start))
echo "a run takes $((t1 / 1000000)) ms"
check "calibration: the new ranking" cmp -s "$work/out/out.csv" "$work/ref/new.csv"

size_new=$(wc -c <"$work/ref/new.csv")
RANDOM=${CE_TEST_SEED:-$$}
killed=0 in_write=0 bad=0 left=0 wrong_manifest=0
# Up to 40 runs, until 10 of them were killed before they ended (on a loaded
# machine a run may finish before the kill lands; every run is checked).
runs=0
for i in $(seq 1 40); do
  [ "$killed" -ge 10 ] && break
  runs=$i
  reset_out
  "$exe" rank "$work/kill.csv" -w "$P" -o "$work/out/out.csv" --xlsx "$work/out/out.xlsx" \
    >/dev/null 2>&1 &
  pid=$!
  if [ $((i % 2)) = 0 ]; then
    want=$((1 + RANDOM * (size_new / 10 * 9) / 32767))
    while kill -0 "$pid" 2>/dev/null; do
      s=$(writing "$pid")
      [ -n "$s" ] && [ "$s" -ge "$want" ] && break
      sleep 0.002
    done
    at="with a temporary file of $want bytes or more"
  else
    wait_ns=$((RANDOM * (t1 / 10 * 9) / 32767))
    sleep "$(awk -v n="$wait_ns" 'BEGIN { printf "%.3f", n / 1e9 }')"
    at="after $((wait_ns / 1000000)) ms"
  fi
  [ -n "$(writing "$pid")" ] && in_write=$((in_write + 1))
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  [ $? = 137 ] && killed=$((killed + 1))
  if cmp -s "$work/out/out.csv" "$work/ref/old.csv"; then
    state=old
  elif cmp -s "$work/out/out.csv" "$work/ref/new.csv"; then
    state=new
  else
    state=NEITHER bad=$((bad + 1))
  fi
  others=$(ls -A "$work/out" | grep -vxE 'out\.csv|out\.xlsx|out\.csv\.manifest\.json')
  [ -n "$others" ] && left=$((left + $(printf '%s\n' "$others" | wc -l)))
  m="$work/out/out.csv.manifest.json"
  if [ -e "$m" ] && ! grep -q "\"sha256\": \"$(sha256sum "$work/out/out.csv" | cut -c1-64)\"" "$m"; then
    wrong_manifest=$((wrong_manifest + 1))
  fi
  unzip -tq "$work/out/out.xlsx" >/dev/null 2>&1 || bad=$((bad + 1))
  echo "kill $i $at: out.csv $state; left: ${others:-nothing}" | tr '\n' ' '
  echo
done
echo "$killed of $runs runs killed, $in_write while writing"
check "10 runs killed before they ended" test "$killed" -ge 10
check "at least 5 kills while a temporary file was open" test "$in_write" -ge 5
check "out.csv always the old or the new complete file, out.xlsx a whole zip" test "$bad" = 0
check "no temporary file or other leftover after any kill" test "$left" = 0
check "a manifest left beside out.csv always describes it" test "$wrong_manifest" = 0

# ---- stale temporaries from a named open (filesystems without O_TMPFILE) ----
reset_out
sleep 30 &
live=$!
( exit 0 ) &
dead=$!
wait "$dead"
printf 'dead writer\n' >"$work/out/out.csv.tmp-$dead-AbCd12"
printf 'live writer\n' >"$work/out/out.csv.tmp-$live-AbCd12"
printf 'older version\n' >"$work/out/out.csv.tmp-AbCd12"
run_ce "$work/stale" rank "$src/samples/clusters-2023.csv" -o "$work/out/out.csv"
check "stale: the run succeeds" test "$(rc_of "$work/stale")" = 0
check "stale: the dead writer's temporary file is removed" test ! -e "$work/out/out.csv.tmp-$dead-AbCd12"
check "stale: the live writer's is kept" test -e "$work/out/out.csv.tmp-$live-AbCd12"
check "stale: one without a PID is kept" test -e "$work/out/out.csv.tmp-AbCd12"
kill "$live"
wait "$live" 2>/dev/null
e2e_done
