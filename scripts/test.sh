#!/usr/bin/env bash
# Every test: installs what is missing, builds with warnings as errors, runs
# the whole suite (ctest), then builds and runs the whole suite again with
# AddressSanitizer + UndefinedBehaviorSanitizer (leaks fail the run).
#
#   scripts/test.sh              the two builds above (what CI runs)
#   scripts/test.sh --valgrind   every end-to-end and bad-input test with the
#                                binary under valgrind memcheck (any error or
#                                definite/indirect leak fails); slow: not in CI
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

if [ "${1:-}" = "--valgrind" ]; then
  scripts/setup.sh --test
  command -v valgrind >/dev/null || { echo "test.sh: valgrind is not installed" >&2; exit 3; }
  cmake -S . -B build-valgrind -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCE_WERROR=ON >/dev/null
  cmake --build build-valgrind -j"$jobs" --target clustereval
  wrapper=$PWD/build-valgrind/clustereval-valgrind
  printf '%s\n' '#!/bin/sh' \
    "exec valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \"$PWD/build-valgrind/clustereval\" \"\$@\"" \
    >"$wrapper"
  chmod +x "$wrapper"
  cmake -S . -B build-valgrind -DCE_E2E_EXE="$wrapper" >/dev/null
  echo "== end-to-end and bad-input tests under valgrind memcheck"
  (cd build-valgrind && ctest --output-on-failure -j"$jobs" -R '^(e2e|bad)_' --timeout 7200)
  echo "== valgrind: no errors, no leaks"
  exit 0
fi

scripts/setup.sh --test

echo "== build (warnings are errors) and test"
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCE_WERROR=ON >/dev/null
cmake --build build-test -j"$jobs"
(cd build-test && ctest --output-on-failure -j"$jobs")

echo "== the same suite under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCE_SANITIZE=ON -DCE_WERROR=ON >/dev/null
cmake --build build-asan -j"$jobs"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure -j"$jobs")

echo "== all tests passed (plain and sanitized builds)"
