#!/usr/bin/env bash
# bad_input.sh EXE SRC WORK NAME - runs one case of bad_cases.txt and checks
# the exit code, the message on stderr, and that no output is written: an
# existing -o file keeps its content, a new -o path does not appear, and no
# temporary file is left behind.
set -u
exe=$1 src=$2 work=$3 name=$4
data="$src/tests/data"
line=$(grep -E "^${name}\|" "$src/tests/e2e/bad_cases.txt" | head -n 1)
[ -n "$line" ] || { echo "no case named $name"; exit 1; }
IFS='|' read -r _ want_rc want_re args <<<"$line"
args=${args//@D@/$data}

rm -rf "$work" && mkdir -p "$work" || exit 1
printf 'previous ranking, must survive\n' >"$work/existing.csv"
fail=0

# 1. Onto an existing output file.
# shellcheck disable=SC2086  # the argument list is split on purpose
"$exe" $args -o "$work/existing.csv" >"$work/stdout" 2>"$work/stderr"
rc=$?
if [ "$rc" != "$want_rc" ]; then
  echo "FAIL $name: exit code $rc, expected $want_rc"; fail=1
fi
if ! grep -Eq -- "$want_re" "$work/stderr"; then
  echo "FAIL $name: stderr does not match /$want_re/"; fail=1
fi
if [ "$want_rc" != 2 ] && ! grep -Eq "^clustereval: " "$work/stderr"; then
  echo "FAIL $name: message does not start with 'clustereval: '"; fail=1
fi
if [ "$(cat "$work/existing.csv")" != "previous ranking, must survive" ]; then
  echo "FAIL $name: the existing output file was changed"; fail=1
fi
if [ -s "$work/stdout" ]; then
  echo "FAIL $name: a failed run printed to stdout"; fail=1
fi

# 2. Onto a new output path.
# shellcheck disable=SC2086
"$exe" $args -o "$work/new.csv" >/dev/null 2>&1
if [ -e "$work/new.csv" ]; then
  echo "FAIL $name: a failed run created the output file"; fail=1
fi
leftovers=$(find "$work" -name '*.tmp-*' | wc -l)
if [ "$leftovers" != 0 ]; then
  echo "FAIL $name: temporary files left behind"; fail=1
fi

echo "--- stderr of $name:"; cat "$work/stderr"
[ $fail = 0 ] && echo "PASS $name"
exit $fail
