#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz (clang, ASan + UBSan) in
# build-fuzz and runs each of them: first every input of its seed corpus
# (tests/fuzz/corpus/NAME) and of its regressions (tests/fuzz/regressions/NAME)
# once, then SECONDS of fuzzing (default 10) on a scratch copy of the corpus,
# so that nothing is written into tests/fuzz. Runs as many harnesses at once
# as there are cores. Prints per harness the executions, the coverage (cov:
# and ft: of libFuzzer's last status line) and any crash file, which is kept
# in build-fuzz/fuzz-artifacts/NAME/. Exits 1 when any harness crashed,
# leaked, hung or failed a sanitizer check.
#
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-10}
if ! [[ $secs =~ ^[0-9]+$ ]] || [ "$secs" -lt 1 ]; then
    echo "usage: scripts/fuzz.sh [SECONDS]" >&2
    exit 2
fi
harnesses=(csv xlsx numparse profile ranking voucher_row training_row creditcode dates manifest)
jobs=$(nproc)
build=build-fuzz
artifacts=$PWD/$build/fuzz-artifacts

echo "== build ($build: clang, libFuzzer, ASan + UBSan)"
work=$(mktemp -d "${TMPDIR:-/tmp}/clustereval-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
if ! { CC=clang cmake -S . -B "$build" -DCE_FUZZ=ON -DBUILD_TESTING=OFF \
           -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
       cmake --build "$build" --target fuzz -j"$jobs"; } >"$work/build.log" 2>&1; then
    cat "$work/build.log" >&2
    echo "fuzz.sh: the build failed (is clang installed? does CMakeLists.txt" \
         "add_subdirectory(tests/fuzz) when CE_FUZZ is ON?)" >&2
    exit 2
fi
bin=$PWD/$build/tests/fuzz
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

# Runs harness $1: replay, then fuzz. Writes $work/$1.replay.log,
# $work/$1.fuzz.log and $work/$1.status ("ok" or what failed).
run_harness() {
    local h=$1 status=ok
    local dirs=(tests/fuzz/corpus/"$h")
    [ -d tests/fuzz/regressions/"$h" ] && dirs+=(tests/fuzz/regressions/"$h")
    rm -rf "${artifacts:?}/$h"
    mkdir -p "$artifacts/$h" "$work/$h.corpus"
    if ! "$bin/fuzz_$h" -runs=0 -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="$artifacts/$h/" "${dirs[@]}" >"$work/$h.replay.log" 2>&1; then
        status="replay failed"
    fi
    cp -R tests/fuzz/corpus/"$h"/. "$work/$h.corpus/"
    if ! "$bin/fuzz_$h" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$artifacts/$h/" \
        "$work/$h.corpus" >"$work/$h.fuzz.log" 2>&1; then
        [ "$status" = ok ] && status="fuzzing failed" || status="$status, fuzzing failed"
    fi
    echo "$status" >"$work/$h.status"
}

echo "== replay corpus + regressions, then fuzz ${secs}s each ($jobs at a time)"
for h in "${harnesses[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
        wait -n || true
    done
    run_harness "$h" &
done
wait

failed=0
printf '%-13s %10s %8s %6s %7s  %s\n' harness execs exec/s cov ft result
for h in "${harnesses[@]}"; do
    log=$work/$h.fuzz.log
    status=$(cat "$work/$h.status" 2>/dev/null || echo "did not run")
    last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1 || true)
    cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
    ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
    execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log" | tail -n 1)
    rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$log" | tail -n 1)
    printf '%-13s %10s %8s %6s %7s  %s\n' "$h" "${execs:--}" "${rate:--}" "${cov:--}" \
        "${ft:--}" "$status"
    if [ "$status" != ok ]; then
        failed=1
    fi
done

for h in "${harnesses[@]}"; do
    status=$(cat "$work/$h.status" 2>/dev/null || echo "did not run")
    [ "$status" = ok ] && continue
    echo
    echo "== $h: $status"
    for f in "$artifacts/$h"/*; do
        [ -e "$f" ] && echo "crash file: $f"
    done
    for log in "$work/$h.replay.log" "$work/$h.fuzz.log"; do
        if grep -qE 'ERROR: |invariant failed|runtime error:|SUMMARY: ' "$log"; then
            echo "-- $(basename "$log"):"
            grep -E 'invariant failed|ERROR: |runtime error:|SUMMARY: |^ *#[0-9]+ 0x.* in (ce_|LLVMFuzzerTestOneInput)|Test unit written|^Running: ' \
                "$log" | head -n 25
        fi
    done
done
exit "$failed"
