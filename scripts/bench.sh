#!/usr/bin/env bash
# bench.sh - performance figures for clustereval (no thresholds: it only prints).
#
#   scripts/bench.sh [--rows N] [--cols M] [--runs K]
#
# Builds build-release/clustereval (Release) when missing or stale, builds the
# helpers in scripts/bench/ into build-release/bench/, generates a deterministic
# data set (seed 20231) if missing, then times each command K times (default 5)
# and prints the median wall time and the largest peak RSS.
#
# Add a benchmark with one line in the "benchmarks" section:
#   measure "label" CMD ARGS...
# Exits non-zero only if a build step or a measured command fails.
set -euo pipefail

ROWS=10000
COLS=120
RUNS=5
SEED=20231

usage() { echo "usage: $0 [--rows N] [--cols M] [--runs K]" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rows) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || usage; ROWS=$2; shift 2 ;;
        --cols) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || usage; COLS=$2; shift 2 ;;
        --runs) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || usage; RUNS=$2; shift 2 ;;
        -h|--help) usage ;;
        *) echo "$0: unknown argument '$1'" >&2; usage ;;
    esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
BUILD=build-release
BIN=$BUILD/clustereval
BENCH=$BUILD/bench

# ---- Release build of clustereval (only when missing or older than sources)
# A stamp file records the last successful build: a changed source that does not
# relink clustereval (a test, an unused header) then does not force a rebuild on
# every run.
STAMP=$BUILD/.bench-build-stamp
needs_build() {
    [[ -x $BIN && -e $STAMP ]] || return 0
    local newer
    newer=$(find . \( -path ./.git -o -path './build*' -o -path ./scripts \) -prune -o \
                 -type f \( -name '*.c' -o -name '*.h' -o -name CMakeLists.txt -o -name '*.cmake' \) \
                 -newer "$STAMP" -print -quit)
    [[ -n $newer ]]
}
if needs_build; then
    echo "building $BIN (Release) ..." >&2
    cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
    cmake --build "$BUILD" -j2 >/dev/null
    touch "$STAMP"
fi

# ---- helpers: gen, floor, peak
mkdir -p "$BENCH"
build_tool() {  # build_tool NAME [LIBS...]
    local name=$1; shift
    local src=scripts/bench/$name.c
    if [[ ! -x $BENCH/$name || $src -nt $BENCH/$name ]]; then
        cc -std=c11 -O2 -o "$BENCH/$name" "$src" "$@"
    fi
}
build_tool gen -lm
if [[ ! -x $BENCH/gen_vouchers || scripts/bench/gen_vouchers.c -nt $BENCH/gen_vouchers ||
      src/programmes/creditcode.c -nt $BENCH/gen_vouchers ]]; then
    cc -std=c11 -O2 -Iinclude -o "$BENCH/gen_vouchers" scripts/bench/gen_vouchers.c src/programmes/creditcode.c
fi
build_tool floor -lcsv
build_tool peak

# ---- data (deterministic; generated once per size)
DATA=$BENCH/clusters-${ROWS}x${COLS}.csv
PROFILE=$BENCH/profile-${COLS}.csv
if [[ ! -s $DATA || ! -s $PROFILE ]]; then
    echo "generating $DATA ..." >&2
    "$BENCH/gen" "$ROWS" "$COLS" "$SEED" "$DATA.tmp" "$PROFILE.tmp"
    mv "$DATA.tmp" "$DATA"
    mv "$PROFILE.tmp" "$PROFILE"
fi
bytes=$(stat -c %s "$DATA")
printf 'data: %s  %d rows x %d indicators  %s bytes (%.1f MB)\n' \
    "$DATA" "$ROWS" "$COLS" "$bytes" "$(awk -v b="$bytes" 'BEGIN{print b/1e6}')"
printf 'runs: %d per command (median wall time, max peak RSS)\n\n' "$RUNS"

# ---- measurement
row() { printf '%-32s %14s %10s\n' "$@"; }
row "command" "median_wall_s" "peak_mb"
row "--------------------------------" "-------------" "-------"

LAST_MEDIAN=   # median wall time of the most recent measure call
measure() {  # measure LABEL CMD ARGS...
    local label=$1; shift
    local errf=$BENCH/.measure.err
    local walls=() peak=0 line wall mb i
    for ((i = 0; i < RUNS; i++)); do
        if ! "$BENCH/peak" "$@" >/dev/null 2>"$errf"; then
            echo "$0: '$label' failed: $*" >&2
            cat "$errf" >&2
            exit 1
        fi
        line=$(grep '^wall_s=' "$errf" | tail -n 1)
        wall=${line#wall_s=}; wall=${wall%% *}
        mb=${line#*peak_mb=}; mb=${mb%% *}
        walls+=("$wall")
        peak=$(awk -v a="$peak" -v b="$mb" 'BEGIN{print (b > a) ? b : a}')
    done
    rm -f "$errf"
    LAST_MEDIAN=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{v[NR]=$1} END{
        if (NR % 2) print v[(NR+1)/2]; else printf "%.3f\n", (v[NR/2]+v[NR/2+1])/2 }')
    row "$label" "$LAST_MEDIAN" "$peak"
}
ratio() {  # ratio LABEL NUMERATOR DENOMINATOR
    row "$1" "$(awk -v a="$2" -v b="$3" 'BEGIN{ if (b > 0) printf "%.2fx", a/b; else print "n/a" }')" ""
}

# ---- benchmarks (add more lines here)
measure "floor (libcsv+strtod)" "$BENCH/floor" "$DATA"
floor_s=$LAST_MEDIAN

measure "clustereval rank" "$BIN" rank "$DATA" -w "$PROFILE" -o "$BENCH/out.csv"
rank_s=$LAST_MEDIAN

ratio "ratio rank/floor" "$rank_s" "$floor_s"

# issue 3: the audit and data-driven weights (target: each under 1 s)
measure "clustereval audit" "$BIN" audit "$DATA" -w "$PROFILE" -o "$BENCH/audit"
measure "weights --method entropy" "$BIN" weights "$DATA" -w "$PROFILE" --method entropy -o "$BENCH/w-entropy.csv"
measure "weights --method critic" "$BIN" weights "$DATA" -w "$PROFILE" --method critic -o "$BENCH/w-critic.csv"
measure "weights --method pca" "$BIN" weights "$DATA" -w "$PROFILE" --method pca -o "$BENCH/w-pca.csv"
measure "rank --treat winsor --impute mean" "$BIN" rank "$DATA" -w "$PROFILE" --treat winsor --impute mean -o "$BENCH/out2.csv"

# uncertainty: Monte Carlo over the weights, 300 clusters x 26 indicators,
# 10,000 draws (target: under 0.5 s); its own data set, generated once.
U_DATA=$BENCH/clusters-300x26.csv
U_PROFILE=$BENCH/profile-26.csv
if [[ ! -s $U_DATA || ! -s $U_PROFILE ]]; then
    echo "generating $U_DATA ..." >&2
    "$BENCH/gen" 300 26 "$SEED" "$U_DATA.tmp" "$U_PROFILE.tmp"
    mv "$U_DATA.tmp" "$U_DATA"
    mv "$U_PROFILE.tmp" "$U_PROFILE"
fi
measure "uncertainty 300x26 10k draws -j1" "$BIN" uncertainty "$U_DATA" -w "$U_PROFILE" --draws 10000 --jobs 1 -o "$BENCH/unc-j1.csv"
measure "uncertainty 300x26 10k draws -j2" "$BIN" uncertainty "$U_DATA" -w "$U_PROFILE" --draws 10000 --jobs 2 -o "$BENCH/unc-j2.csv"
measure "sensitivity 300x26 N=1000 -j2" "$BIN" sensitivity "$U_DATA" -w "$U_PROFILE" --draws 1000 --jobs 2 -o "$BENCH/sens.csv" --remove-out "$BENCH/sens-remove.csv"

# issue 5: 1,000,000 voucher applications through `voucher issue` with a
# fresh ledger each run (target: under 3 s, memory not growing with the
# file). The generator's file is shuffled (not in applied_at order: the queue
# is sorted in SQLite's sorter); the same rows in applied_at order take the
# path without a sort, as an export sorted by time does.
V_ROWS=${V_ROWS:-1000000}
V_DATA=$BENCH/vouchers-$V_ROWS.csv
V_SORTED=$BENCH/vouchers-$V_ROWS-sorted.csv
if [[ ! -s $V_DATA || ! -s $V_SORTED ]]; then
    echo "generating $V_DATA ..." >&2
    "$BENCH/gen_vouchers" "$V_ROWS" "$SEED" "$V_DATA.tmp"
    { head -n 1 "$V_DATA.tmp"; tail -n +2 "$V_DATA.tmp" | LC_ALL=C sort -t, -k2,2 -k1,1 -s; } >"$V_SORTED.tmp"
    mv "$V_DATA.tmp" "$V_DATA"
    mv "$V_SORTED.tmp" "$V_SORTED"
fi
V_POOL=50000000        # a provincial pool: about 1,500 vouchers, then pool_exhausted
V_POOL_BIG=10000000000 # enough for a third of the file: about 314,000 vouchers
v_issue() {  # v_issue FILE POOL: a fresh ledger per run
    rm -f "$BENCH/vouchers.db" "$BENCH/vouchers.db-journal"
    "$BIN" voucher issue "$1" --cycle 2023A --pool "$2" --ledger "$BENCH/vouchers.db" -o "$BENCH/decisions.csv"
}
export -f v_issue; export BIN BENCH
measure "voucher issue ${V_ROWS} shuffled" bash -c 'v_issue "$0" "$1"' "$V_DATA" "$V_POOL"
measure "voucher issue ${V_ROWS} in time order" bash -c 'v_issue "$0" "$1"' "$V_SORTED" "$V_POOL"
v_issue "$V_SORTED" "$V_POOL" 2>/dev/null  # the ledger of one batch, then the same batch again
measure "voucher issue re-run (replay)" "$BIN" voucher issue "$V_SORTED" --cycle 2023A --ledger "$BENCH/vouchers.db" -o "$BENCH/decisions.csv"
measure "voucher issue, 314k vouchers granted" bash -c 'v_issue "$0" "$1"' "$V_SORTED" "$V_POOL_BIG"
