#!/usr/bin/env bash
# faults.sh EXE SRC WORK - clustereval when the system fails it: stdout on a
# full device; -o into a folder that cannot be written (chmod 555, or for root,
# on whom chmod has no effect, an immutable folder or a parent that is a
# regular file: the method used is printed), a write that fails midway (the
# file-size limit), a FIFO given as -o, --html or --xlsx (it stands in for
# /dev/null or /dev/full, which root must never risk replacing in a test: the
# output goes through it, it stays a FIFO, a failed run writes nothing into
# it), data read from a pipe (the same ranking as from the file); runs killed with
# SIGKILL at random moments while writing a 55 MB ranking (the old output stays
# byte for byte or the new one is complete; a kill leaves no temporary file);
# a voucher ledger that is corrupt, locked by another process
# (the sqlite3 CLI when installed, else a tiny C program against libsqlite3
# built here; CE_TEST_NO_SQLITE3_CLI=1 forces it) or from a newer schema: a
# clear error and the ledger byte for byte as it was.
. "$(dirname "$0")/../e2e/lib.sh"
e2e_init "$@"
case $exe in /*) ;; *) exe=$PWD/$exe ;; esac # the script changes folders
case $src in /*) ;; *) src=$PWD/$src data=$PWD/$data ;; esac
S="$src/samples/clusters-2023.csv"
P="$data/profile-small.csv"
export LC_ALL=C

# r NAME ARGS...: clustereval ARGS within 120 s; $work/NAME.{out,err}, rc.
r() {
  local p="$work/$1"
  shift
  timeout -k 10 120 "$exe" "$@" >"$p.out" 2>"$p.err"
  rc=$?
  echo "-- $(basename "$p"): exit $rc: $(grep -v '^ ' "$p.err" | tail -n 1 | cut -c 1-200)"
  if grep -Eq 'Sanitizer|runtime error:' "$p.err"; then
    fail "$(basename "$p"): sanitizer report"
    head -c 4000 "$p.err"
  fi
}
has() { grep -qF -- "$2" "$work/$1.err"; }
tmps() { find "$work" -name '*.tmp-*' | wc -l; }
# The size of a temporary file that PID has open in $work (unnamed, O_TMPFILE,
# or named), or nothing: seen through /proc, as it has no name while written.
tmp_size() {
  local f
  for f in /proc/"$1"/fd/*; do
    case $(readlink "$f" 2>/dev/null) in
      "$work/#"*" (deleted)" | "$work/"*.tmp-*) stat -L -c %s "$f" 2>/dev/null && return ;;
    esac
  done
}

# ---- stdout on a full device: exit 3, never a silent loss -----------------
mkdir -p "$work/full"
cd "$work/full" || exit 1
for c in "rank|rank $S" "sme|sme $src/samples/enterprises-2024.csv" \
  "training|training $src/samples/training-2023.csv" \
  "weights|weights $S --method equal" "uncertainty|uncertainty $S --draws 20" \
  "issue|voucher issue $src/samples/vouchers-2023.csv --cycle 2023A --pool 4413500 --ledger $work/full/new.db"; do
  name=${c%%|*}
  # shellcheck disable=SC2086  # the argument list is split on purpose
  timeout -k 10 120 "$exe" ${c#*|} >/dev/full 2>"$work/full-$name.err"
  rc=$?
  echo "-- full-$name: exit $rc: $(grep -v '^ ' "$work/full-$name.err" | tail -n 1 | cut -c 1-200)"
  check "$name > /dev/full: exit 3" test "$rc" = 3
  check "$name > /dev/full: says the device is full" has "full-$name" "No space left on device"
done
check "rank > /dev/full: message" has full-rank "clustereval: cannot write the report: No space left on device"
check "voucher issue > /dev/full: the ledger it created is removed" test ! -e "$work/full/new.db"
cd "$work" || exit 1

# ---- -o into a folder that cannot be written --------------------------------
mkdir -p "$work/ro"
printf 'previous ranking\n' >"$work/ro/existing.csv"
chmod 555 "$work/ro"
method=
if ! touch "$work/ro/probe" 2>/dev/null; then
  method="chmod 555"
else
  rm -f "$work/ro/probe"
  chmod 755 "$work/ro"
  if chattr +i "$work/ro" 2>/dev/null && ! touch "$work/ro/probe" 2>/dev/null; then
    method="chattr +i (root ignores chmod 555; an immutable folder stops root)"
  else
    chattr -i "$work/ro" 2>/dev/null
    rm -f "$work/ro/probe"
  fi
fi
if [ -n "$method" ]; then
  echo "read-only folder: $method"
  r ro rank "$S" -o "$work/ro/out.csv"
  check "-o into a read-only folder: exit 3" test "$rc" = 3
  check "-o into a read-only folder: message" has ro "ro/out.csv: cannot write: "
  check "-o into a read-only folder: no file" test ! -e "$work/ro/out.csv"
  r roexisting rank "$S" -o "$work/ro/existing.csv"
  check "-o onto a file in a read-only folder: exit 3" test "$rc" = 3
  check "-o onto a file in a read-only folder: the file untouched" \
    test "$(cat "$work/ro/existing.csv")" = "previous ranking"
  chattr -i "$work/ro" 2>/dev/null
  chmod 755 "$work/ro"
  check "-o into a read-only folder: no temporary file" test "$(find "$work/ro" | wc -l)" = 2
else
  echo "read-only folder: neither chmod 555 nor chattr +i stops this user; only the" \
    "parent-is-a-file case below is run"
fi
# Always: the parent of -o is a regular file (ENOTDIR, whoever runs the test).
printf 'not a folder\n' >"$work/afile"
r notdir rank "$S" -o "$work/afile/out.csv"
check "-o below a regular file: exit 3" test "$rc" = 3
check "-o below a regular file: message" has notdir "afile/out.csv: cannot write: Not a directory"
check "-o below a regular file: the file untouched" test "$(cat "$work/afile")" = "not a folder"

# ---- a write that fails midway: the file-size limit (EFBIG), root or not ----
r fsize-ref rank "$S" -o "$work/fsize-ref.csv"
printf 'previous ranking\n' >"$work/fsize.csv"
(
  trap '' XFSZ # ignored, so that write() fails with EFBIG instead of a signal
  exec timeout -k 10 120 prlimit --fsize=4096 "$exe" rank "$S" -o "$work/fsize.csv"
) >"$work/fsize.out" 2>"$work/fsize.err"
rc=$?
echo "-- fsize: exit $rc: $(grep -v '^ ' "$work/fsize.err" | tail -n 1)"
check "write fails at 4 KB (output $(wc -c <"$work/fsize-ref.csv") bytes): exit 3" test "$rc" = 3
check "write fails at 4 KB: message" has fsize "fsize.csv: cannot write the report: File too large"
check "write fails at 4 KB: the old file untouched" test "$(cat "$work/fsize.csv")" = "previous ranking"
check "write fails at 4 KB: no temporary file" test "$(tmps)" = 0

# ---- a FIFO as -o: written through, never replaced --------------------------
# (A FIFO stands in for /dev/null, /dev/stdout or a pipe to gzip.) The output
# is finished in a temporary file first, then copied into the FIFO, so a
# failed run writes nothing into it; no manifest is written beside it.
# fifo_run NAME ARGS...: clustereval ARGS with a reader on $work/fifo, whose
# bytes land in $work/NAME.got.
fifo_run() {
  local name=$1
  shift
  rm -f "$work/fifo"
  mkfifo "$work/fifo"
  timeout 60 cat "$work/fifo" >"$work/$name.got" &
  local reader=$!
  r "$name" "$@"
  kind=$(stat -c %F "$work/fifo")
  # A run that never opens the FIFO leaves the reader waiting: open it once.
  [ "$rc" = 0 ] || : >"$work/fifo"
  wait "$reader" 2>/dev/null
}
fifo_run fifo rank "$S" -o "$work/fifo"
check "-o FIFO: exit 0" test "$rc" = 0
r fifo-ref rank "$S" -o "$work/fifo-ref.csv"
check "-o FIFO: still a FIFO afterwards (it was: $kind)" test -p "$work/fifo"
check "-o FIFO: the ranking went through it" cmp "$work/fifo.got" "$work/fifo-ref.csv"
check "-o FIFO: no manifest beside it, said so" \
  bash -c '[ ! -e "$1/fifo.manifest.json" ] && grep -qF "no provenance manifest written: $1/fifo is not a regular file" "$1/fifo.err"' _ "$work"
fifo_run fifohtml rank "$S" --html "$work/fifo"
check "--html FIFO: a whole page went through it" \
  bash -c '[ -p "$1/fifo" ] && head -c 15 "$1/fifohtml.got" | grep -q "<!DOCTYPE html>" && tail -c 8 "$1/fifohtml.got" | grep -q "</html>"' _ "$work"
fifo_run fifoxlsx rank "$S" --xlsx "$work/fifo"
check "--xlsx FIFO: a whole workbook went through it" \
  bash -c '[ -p "$1/fifo" ] && unzip -tq "$1/fifoxlsx.got" >/dev/null' _ "$work"
printf 'id,name,gdp,jobs,co2,waste\nA,a,x,2,3,4\n' >"$work/bad.csv"
fifo_run fifobad rank "$work/bad.csv" -w "$P" -o "$work/fifo"
check "-o FIFO, bad data: exit 1" test "$rc" = 1
check "-o FIFO, bad data: nothing written into it" test ! -s "$work/fifobad.got"
check "-o FIFO, bad data: still a FIFO" test -p "$work/fifo"
check "no temporary file left in \$TMPDIR by the FIFO runs" \
  bash -c '! ls "${TMPDIR:-/tmp}"/clustereval-?????? 2>/dev/null | grep -q .'
rm -f "$work/fifo" "$work"/fifo*.got "$work/fifo-ref.csv"*

# ---- input from a pipe: read once, the same ranking ---------------------------
r pipein rank <(cat "$S") -o "$work/pipein.csv"
check "data from a pipe: exit 0" test "$rc" = 0
r pipein-ref rank "$S" -o "$work/pipein-ref.csv"
check "data from a pipe: the same ranking as from the file" cmp "$work/pipein.csv" "$work/pipein-ref.csv"
check "data from a pipe: no manifest (a pipe cannot be hashed again), said so" \
  bash -c '[ ! -e "$1/pipein.csv.manifest.json" ] && grep -qF "is not a regular file" "$1/pipein.err"' _ "$work"

# ---- SIGKILL at random moments while writing a 50 MB ranking -------------------
cc -O2 -o "$work/gen_big" "$src/tests/tools/gen_big.c" || { echo "FAIL: cannot build gen_big"; exit 1; }
# 100,000 clusters with long names (52 MB, a 55 MB ranking); 40,000 under
# ASan, where a run is four times slower, so that writing takes as long.
kill_rows=100000
grep -aq '__asan_init' "$exe" && kill_rows=40000
"$work/gen_big" rows "$kill_rows" 0 480 >"$work/kill.csv"
r kill-old rank "$work/kill.csv" -w "$P" --digits 3 -o "$work/kill-old.csv"
r kill-new rank "$work/kill.csv" -w "$P" -o "$work/kill-new.csv"
check "kill: a ranking of more than $((kill_rows * 400)) bytes" \
  test "$(wc -c <"$work/kill-old.csv")" -gt $((kill_rows * 400))
cmp -s "$work/kill-old.csv" "$work/kill-new.csv" && fail "kill: old and new outputs are the same"
echo "kill: data $(wc -c <"$work/kill.csv") bytes, output $(wc -c <"$work/kill-new.csv") bytes"
# Calibrate: when the temporary file appears (t0) and when the run ends (t1).
out="$work/out.csv"
cp "$work/kill-old.csv" "$out"
start=$(date +%s%N)
"$exe" rank "$work/kill.csv" -w "$P" -o "$out" >/dev/null 2>&1 &
pid=$!
t0=
while kill -0 "$pid" 2>/dev/null; do
  if [ -z "$t0" ] && [ -n "$(tmp_size "$pid")" ]; then t0=$(($(date +%s%N) - start)); fi
  sleep 0.005
done
wait "$pid"
t1=$(($(date +%s%N) - start))
t0=${t0:-$((t1 / 2))}
echo "kill: a run takes $((t1 / 1000000)) ms, writing from $((t0 / 1000000)) ms"
check "kill: calibration run gives the new output" cmp -s "$out" "$work/kill-new.csv"
rm -f "$out".*tmp-*
seed=${CE_TEST_SEED:-$$}
RANDOM=$seed
echo "kill: RANDOM seed $seed"
# Odd runs are killed at a random moment of the run; even runs once their
# temporary file holds a random share (up to 90 %) of the ranking, so that
# half of the kills land while writing whatever the machine's speed. The
# temporary files a kill leaves are counted and moved to left/ before the
# next run, so that the one beside the output is always this run's.
mkdir -p "$work/left"
size_new=$(wc -c <"$work/kill-new.csv")
shopt -s nullglob
olds=0 news=0 killed=0 in_write=0 bad=0 grew=0 left=0
for i in $(seq 1 20); do
  cp "$work/kill-old.csv" "$out"
  "$exe" rank "$work/kill.csv" -w "$P" -o "$out" >/dev/null 2>&1 &
  pid=$!
  if [ $((i % 2)) = 1 ]; then
    wait_ns=$((RANDOM * (t1 + t1 / 10) / 32767))
    sleep "$(awk -v n="$wait_ns" 'BEGIN { printf "%.3f", n / 1e9 }')"
    at="after $((wait_ns / 1000000)) ms"
  else
    target=$((1 + RANDOM * (size_new / 10 * 9) / 32767))
    while kill -0 "$pid" 2>/dev/null; do
      s=$(tmp_size "$pid")
      [ -n "$s" ] && [ "$s" -ge "$target" ] && break
      sleep 0.002
    done
    at="at $target bytes written"
  fi
  [ -n "$(tmp_size "$pid")" ] && in_write=$((in_write + 1)) # the ranking's or the manifest's
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  [ $? = 137 ] && killed=$((killed + 1))
  if cmp -s "$out" "$work/kill-old.csv"; then
    olds=$((olds + 1)) state=old
  elif cmp -s "$out" "$work/kill-new.csv"; then
    news=$((news + 1)) state=new
  else
    bad=$((bad + 1)) state=NEITHER
  fi
  t=("$work"/*.tmp-*)
  [ ${#t[@]} -gt 1 ] && grew=$((grew + 1))
  left=$((left + ${#t[@]}))
  [ ${#t[@]} -gt 0 ] && mv "${t[@]}" "$work/left/"
  echo "kill $i: $at: output $state, ${#t[@]} temporary file(s) left"
done
shopt -u nullglob
echo "kill: $killed of 20 runs killed ($in_write while writing); output old $olds, new $news," \
  "neither $bad; $left temporary file(s) left by the kills"
check "kill: the output is always the old or the new complete file" test "$bad" = 0
check "kill: a killed run leaves at most one temporary file" test "$grew" = 0
check "kill: a kill leaves no temporary file (outfile.h)" test "$left" = 0
check "kill: at least 8 kills landed while writing" test "$in_write" -ge 8
r kill-after rank "$work/kill.csv" -w "$P" -o "$out"
check "kill: a normal run afterwards writes the new output" cmp -s "$out" "$work/kill-new.csv"

# A FIFO whose reader goes away after 10 bytes of the 55 MB ranking: a broken
# pipe is a write error (exit 3), not a SIGPIPE that leaves the temporary file.
rm -f "$work/fifo"
mkfifo "$work/fifo"
timeout 60 head -c 10 "$work/fifo" >"$work/fifo-head.got" &
reader=$!
r fifohead rank "$work/kill.csv" -w "$P" -o "$work/fifo"
wait "$reader" 2>/dev/null
check "-o FIFO closed by its reader: exit 3" test "$rc" = 3
check "-o FIFO closed by its reader: says so" has fifohead "fifo: cannot write: Broken pipe"
check "-o FIFO closed by its reader: no temporary file left in \$TMPDIR" \
  bash -c '! ls "${TMPDIR:-/tmp}"/clustereval-?????? 2>/dev/null | grep -q .'
rm -f "$work"/kill* "$out"* "$work/gen_big" "$work"/fifo*

# ---- the voucher ledger: corrupt, locked, from a newer version ---------------
V="$src/samples/vouchers-2023.csv"
C="$src/samples/voucher-claims-2023.csv"
r ledger voucher issue "$V" --cycle 2023A --pool 4413500 --ledger "$work/ledger.db" -o "$work/dec.csv"
check "ledger: a valid ledger made" test "$rc" = 0
# A small C program holds the lock and sets user_version. (The sqlite3 CLI
# raced: with no busy timeout, its BEGIN EXCLUSIVE failed whenever the
# poller's read held a shared lock at that moment, and the lock was never
# taken; CI saw it once under load.) The holder waits for the lock and says
# "locked" only once it has it.
echo "ledger: lock and user_version with a C program built here against libsqlite3"
cat >"$work/ledger_tool.c" <<'EOF'
/* ledger_tool lock DB: holds BEGIN EXCLUSIVE, prints "locked", until stdin ends.
 * ledger_tool version DB N: sets PRAGMA user_version = N. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    sqlite3 *db;
    if (argc < 3 || sqlite3_open_v2(argv[2], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        return 2;
    sqlite3_busy_timeout(db, 30000);
    int rc = 0;
    if (strcmp(argv[1], "lock") == 0) {
        if (sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK)
            return 1;
        puts("locked");
        fflush(stdout);
        char buf[64];
        while (read(0, buf, sizeof buf) > 0)
            ;
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    } else if (strcmp(argv[1], "version") == 0 && argc > 3) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version=%d", atoi(argv[3]));
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK;
    } else {
        rc = 2;
    }
    sqlite3_close(db);
    return rc;
}
EOF
cc -o "$work/ledger_tool" "$work/ledger_tool.c" -lsqlite3 ||
  { echo "FAIL: cannot build ledger_tool"; exit 1; }

# ledger_runs TAG DB RC MESSAGE: status, a new batch and claims against DB;
# each must fail with RC and MESSAGE, write no output file and leave DB byte
# for byte.
ledger_runs() {
  local tag=$1 db=$2 want_rc=$3 want=$4
  cp "$db" "$work/$tag.orig"
  r "$tag-status" voucher status --ledger "$db" -o "$work/$tag-status.csv"
  check "$tag ledger, status: exit $want_rc" test "$rc" = "$want_rc"
  check "$tag ledger, status: message" \
    bash -c 'grep -qF "clustereval: $2: " "$1" && grep -qF "$3" "$1"' _ "$work/$tag-status.err" "$db" "$want"
  r "$tag-issue" voucher issue "$V" --cycle 2023B --pool 100000 --ledger "$db" -o "$work/$tag-dec.csv"
  check "$tag ledger, issue: exit $want_rc" test "$rc" = "$want_rc"
  check "$tag ledger, issue: message" \
    bash -c 'grep -qF "clustereval: $2: " "$1" && grep -qF "$3" "$1"' _ "$work/$tag-issue.err" "$db" "$want"
  r "$tag-redeem" voucher redeem "$C" --ledger "$db" --as-of 2023-07-31 -o "$work/$tag-paid.csv"
  check "$tag ledger, redeem: exit $want_rc" test "$rc" = "$want_rc"
  check "$tag ledger, redeem: message" \
    bash -c 'grep -qF "clustereval: $2: " "$1" && grep -qF "$3" "$1"' _ "$work/$tag-redeem.err" "$db" "$want"
  check "$tag ledger: byte for byte as before" cmp "$db" "$work/$tag.orig"
  check "$tag ledger: no output file" \
    bash -c '! ls "$1"-status.csv "$1"-dec.csv "$1"-paid.csv 2>/dev/null' _ "$work/$tag"
}

# Corrupt: deterministic noise over the middle half of the file.
cp "$work/ledger.db" "$work/corrupt.db"
size=$(stat -c %s "$work/corrupt.db")
cc -O2 -o "$work/gen_big" "$src/tests/tools/gen_big.c" &&
  "$work/gen_big" noise $((size / 2)) |
  dd of="$work/corrupt.db" bs=1 seek=$((size / 4)) conv=notrunc status=none
check "corrupt ledger: made" bash -c '! cmp -s "$1" "$2"' _ "$work/ledger.db" "$work/corrupt.db"
ledger_runs corrupt "$work/corrupt.db" 1 "database disk image is malformed"
check "corrupt ledger: no journal left" test ! -e "$work/corrupt.db-journal"

# Newer: PRAGMA user_version = 99 on a valid ledger.
cp "$work/ledger.db" "$work/newer.db"
"$work/ledger_tool" version "$work/newer.db" 99
check "newer ledger: made" bash -c '! cmp -s "$1" "$2"' _ "$work/ledger.db" "$work/newer.db"
ledger_runs newer "$work/newer.db" 1 \
  "a voucher ledger of a newer clustereval (schema version 99; this clustereval reads version 4): use that version, the ledger is left unchanged"
check "newer ledger: no journal left" test ! -e "$work/newer.db-journal"

# Locked: another process holds BEGIN EXCLUSIVE; each run waits 5 s, then fails.
cp "$work/ledger.db" "$work/locked.db"
mkfifo "$work/lock.fifo"
"$work/ledger_tool" lock "$work/locked.db" <"$work/lock.fifo" >"$work/lock.out" 2>&1 &
holder=$!
exec 7>"$work/lock.fifo"
locked=0
for _ in $(seq 1 600); do
  grep -q '^locked$' "$work/lock.out" && locked=1
  [ "$locked" = 1 ] && break
  sleep 0.05
done
check "locked ledger: the lock is held" test "$locked" = 1
started=$(date +%s)
ledger_runs locked "$work/locked.db" 3 "the ledger is busy (another clustereval run is writing it)"
check "locked ledger: each run waited about 5 s" test $(($(date +%s) - started)) -ge 14
exec 7>&-
wait "$holder"
check "locked ledger: the holder released it" test $? = 0
check "locked ledger: still byte for byte after the holder ended" cmp "$work/locked.db" "$work/locked.orig"
check "locked ledger: no journal left" test ! -e "$work/locked.db-journal"
r unlocked voucher status --ledger "$work/locked.db" --as-of 2023-07-31
check "locked ledger: readable once released" test "$rc" = 0
check "locked ledger: its cycle" grep -q '^2023A,4413500.00,126,4413500.00,' "$work/unlocked.out"

e2e_done
