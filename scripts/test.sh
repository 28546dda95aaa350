#!/usr/bin/env bash
# Every test: installs what is missing, builds with warnings as errors, runs
# the whole suite (ctest: unit, end-to-end, bad-input and stress tests), then
# builds and runs the whole suite again with AddressSanitizer +
# UndefinedBehaviorSanitizer (leaks fail the run), then the reentrancy
# test alone under ThreadSanitizer, then every libFuzzer
# harness over its corpus and regressions plus 20 s of fuzzing each
# (scripts/fuzz.sh), and then every end-to-end and bad-input test with the
# binary under valgrind memcheck (about 35-40 minutes on two cores).
#
#   scripts/test.sh              all four (what CI runs)
#   scripts/test.sh --quick      the plain build only
#   scripts/test.sh --valgrind   the valgrind part only
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

# Every end-to-end and bad-input test again with clustereval under valgrind
# memcheck: any error or definite/indirect leak fails (scripts/valgrind.supp
# holds the one suppression, SQLite's page writes).
valgrind_suite() {
  command -v valgrind >/dev/null || { echo "test.sh: valgrind is not installed" >&2; exit 3; }
  cmake -S . -B build-valgrind -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCE_WERROR=ON >/dev/null
  cmake --build build-valgrind -j"$jobs" --target clustereval manpage
  local wrapper=$PWD/build-valgrind/clustereval-valgrind
  printf '%s\n' '#!/bin/sh' \
    "exec valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect --suppressions=$PWD/scripts/valgrind.supp \"$PWD/build-valgrind/clustereval\" \"\$@\"" \
    >"$wrapper"
  chmod +x "$wrapper"
  cmake -S . -B build-valgrind -DCE_E2E_EXE="$wrapper" >/dev/null
  echo "== end-to-end and bad-input tests under valgrind memcheck"
  (cd build-valgrind && ctest --output-on-failure -j"$jobs" -R '^(e2e|bad)_' --timeout 7200)
}

if [ "${1:-}" = "--valgrind" ]; then
  scripts/setup.sh --test
  valgrind_suite
  echo "== valgrind: no errors, no leaks"
  exit 0
fi

scripts/setup.sh --test

echo "== build (warnings are errors) and test"
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCE_WERROR=ON >/dev/null
cmake --build build-test -j"$jobs"
(cd build-test && ctest --output-on-failure -j"$jobs")
if [ "${1:-}" = "--quick" ]; then
  echo "== all tests passed (plain build)"
  exit 0
fi

echo "== the same suite under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCE_SANITIZE=ON -DCE_WERROR=ON >/dev/null
cmake --build build-asan -j"$jobs"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure -j"$jobs")

# Two threads running different pipelines at once (tests/reentrant_jobs.c,
# as in test_reentrant) under ThreadSanitizer: any race report fails. Only
# that program is built (Criterion's runner cannot start under TSan).
echo "== the reentrancy check under ThreadSanitizer"
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCE_TSAN=ON -DCE_WERROR=ON >/dev/null
cmake --build build-tsan -j"$jobs" --target reentrant_tsan
(cd build-tsan && TSAN_OPTIONS=halt_on_error=1:exitcode=66 \
   ctest --output-on-failure -R '^tsan_reentrant$')

echo "== fuzzing: every harness over its corpus, then 20 s each"
scripts/fuzz.sh 20

valgrind_suite
echo "== all tests passed (plain, sanitized, fuzzed and valgrind)"
