#!/usr/bin/env bash
# stale_manifest.sh EXE SRC WORK - replacing an output removes its manifest
# (outfile.h): a later run that writes no manifest (data from a pipe or from
# standard input) leaves none beside the file it replaced, so that verify
# cannot certify the wrong file; a failed run keeps the old output and its
# manifest (verify still reproduces it); a manifest that cannot be removed
# stops the run before the output is replaced (exit 3); audit -o DIR removes
# DIR.manifest.json; a file written as a report removes the manifest it had
# as an earlier run's output.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
S="$src/samples/clusters-2023.csv"
cp "$S" "$work/data.csv"
M="$work/out.csv.manifest.json"

run_ce "$work/first" rank "$work/data.csv" -o "$work/out.csv"
check "first run: exit 0 and a manifest" test "$(rc_of "$work/first")" = 0 -a -s "$M"
cp "$work/out.csv" "$work/first.csv"

# ---- data from a pipe: the output is replaced, no manifest written ----------
head -n 20 "$work/data.csv" >"$work/part.csv"
"$exe" rank <(cat "$work/part.csv") -o "$work/out.csv" >"$work/pipe.out" 2>"$work/pipe.err"
echo $? >"$work/pipe.rc"
check "piped data: exit 0" test "$(rc_of "$work/pipe")" = 0
check "piped data: the output is replaced" bash -c '! cmp -s "$1/out.csv" "$1/first.csv"' _ "$work"
check "piped data: says no manifest is written" \
  grep -q '^clustereval: warning: no provenance manifest written: /dev/fd/[0-9]* is not a regular file$' "$work/pipe.err"
check "piped data: the earlier run's manifest is gone" test ! -e "$M"
run_ce "$work/verify" verify "$M"
check "piped data: verify has nothing to certify (exit 3)" test "$(rc_of "$work/verify")" = 3

# ---- data on standard input ---------------------------------------------------
run_ce "$work/again" rank "$work/data.csv" -o "$work/out.csv"
check "again: a manifest" test -s "$M"
cat "$work/part.csv" | "$exe" rank /dev/stdin -o "$work/out.csv" >"$work/stdin.out" 2>"$work/stdin.err"
check "standard input: exit 0" test $? = 0
check "standard input: says no manifest is written" \
  grep -q '^clustereval: warning: no provenance manifest written: ' "$work/stdin.err"
check "standard input: the earlier run's manifest is gone" test ! -e "$M"

# ---- a failed run keeps both ----------------------------------------------------
run_ce "$work/again2" rank "$work/data.csv" -o "$work/out.csv"
cp "$work/out.csv" "$work/good.csv"
cp "$M" "$work/good.manifest.json"
printf 'id,name\n' >"$work/bad.csv"
run_ce "$work/fail" rank "$work/bad.csv" -o "$work/out.csv"
check "failed run: exit 1" test "$(rc_of "$work/fail")" = 1
check "failed run: the output as it was" cmp -s "$work/out.csv" "$work/good.csv"
check "failed run: its manifest as it was" cmp -s "$M" "$work/good.manifest.json"
run_ce "$work/verify2" verify "$M"
check "failed run: verify still reproduces the output (exit 0)" test "$(rc_of "$work/verify2")" = 0

# ---- a manifest that cannot be removed: the output is not replaced ----------
rm -f "$M"
mkdir -p "$M/keep"
run_ce "$work/stuck" rank "$work/part.csv" -o "$work/out.csv"
check "manifest cannot be removed: exit 3" test "$(rc_of "$work/stuck")" = 3
check "manifest cannot be removed: message names it" \
  grep -qxF "clustereval: $M: cannot remove this manifest of the output being replaced: Is a directory" "$work/stuck.err"
check "manifest cannot be removed: the output as it was" cmp -s "$work/out.csv" "$work/good.csv"
check "manifest cannot be removed: no temporary file" test "$(find "$work" -name '*.tmp-*' | wc -l)" = 0
rm -rf "$M"

# ---- audit -o DIR -----------------------------------------------------------------
run_ce "$work/audit1" audit "$work/data.csv" -o "$work/au"
check "audit: DIR.manifest.json written" test -s "$work/au.manifest.json"
run_ce "$work/audit2" audit <(cat "$work/data.csv") -o "$work/au"
check "audit from a pipe: exit 0" test "$(rc_of "$work/audit2")" = 0
check "audit from a pipe: DIR.manifest.json gone" test ! -e "$work/au.manifest.json"

# ---- an output later replaced by a report ---------------------------------------
run_ce "$work/a" rank "$work/data.csv" -o "$work/a.csv"
check "a.csv has a manifest" test -s "$work/a.csv.manifest.json"
run_ce "$work/b" rank "$work/data.csv" -o "$work/b.csv" --html "$work/a.csv"
check "report over a.csv: exit 0" test "$(rc_of "$work/b")" = 0
check "report over a.csv: a.csv's manifest gone" test ! -e "$work/a.csv.manifest.json"
check "report over a.csv: b.csv's manifest written" test -s "$work/b.csv.manifest.json"
e2e_done
