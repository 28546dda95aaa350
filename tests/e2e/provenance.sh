#!/usr/bin/env bash
# provenance.sh EXE SRC WORK - every command that writes -o OUT also writes
# OUT.manifest.json (version, command, files with SHA-256 as sha256sum sees
# them, counts), and `clustereval verify` re-hashes the inputs, re-runs the
# command and finds the output identical; a changed input is reported
# (exit 1); a failed run or a run to stdout writes no manifest.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
S="$src/samples/clusters-2023.csv"
cp "$S" "$work/data.csv"

# ---- rank ----------------------------------------------------------------------------
run_ce "$work/rank" rank "$work/data.csv" -o "$work/r.csv" --top 5
M="$work/r.csv.manifest.json"
check "rank: manifest beside the output" test -s "$M"
check "manifest: the tool and version" grep -q '"tool": "clustereval"' "$M"
check "manifest: the command line" grep -q "\"command\": \\[\"rank\", \"$work/data.csv\", \"-o\", \"$work/r.csv\", \"--top\", \"5\"\\]" "$M"
check "manifest: the data's SHA-256 as sha256sum computes it" \
  grep -q "{\"role\": \"data\", \"path\": \"$work/data.csv\", \"size\": $(stat -c %s "$work/data.csv"), \"sha256\": \"$(sha256sum "$work/data.csv" | cut -c1-64)\"}" "$M"
check "manifest: the output's SHA-256" grep -q "\"sha256\": \"$(sha256sum "$work/r.csv" | cut -c1-64)\"" "$M"
check "manifest: the options in effect" grep -q '"in_effect": "top 5, award 1000000.00 CNY, normalise minmax, aggregate arithmetic"' "$M"
check "manifest: counts" grep -q '"awarded": 5' "$M"
run_ce "$work/verify" verify "$M"
check "verify: exit 0" test "$(rc_of "$work/verify")" = 0
check "verify: reproduced" grep -q 'r.csv.manifest.json: reproduced' "$work/verify.err"
check "verify: leaves no temporary file" test "$(ls "$work" | grep -c verify-)" = 0
printf '\n' >>"$work/data.csv"
run_ce "$work/verify2" verify "$M"
check "verify after the data changed: exit 1" test "$(rc_of "$work/verify2")" = 1
check "verify: names the changed file" grep -q "data $work/data.csv: changed" "$work/verify2.err"

# ---- no manifest without a file, or when the run fails --------------------------------
run_ce "$work/stdout" rank "$S"
check "stdout run: no manifest anywhere" test "$(find "$work" -name '*.manifest.json' | wc -l)" = 1
run_ce "$work/fail" rank "$src/tests/data/bad/voucher-ragged.csv" -o "$work/f.csv"
check "failed run: no manifest" test ! -e "$work/f.csv.manifest.json"

# ---- audit: -o DIR gives DIR.manifest.json -------------------------------------------
run_ce "$work/audit" audit "$S" -o "$work/audit"
check "audit: DIR.manifest.json" test -s "$work/audit.manifest.json"
check "audit: every table listed" test "$(grep -c '"role": "output"' "$work/audit.manifest.json")" -ge 3
run_ce "$work/va" verify "$work/audit.manifest.json"
check "audit: verify reproduced" test "$(rc_of "$work/va")" = 0

# ---- the programmes -------------------------------------------------------------------
run_ce "$work/sme" sme "$src/samples/enterprises-2024.csv" -o "$work/sme.csv"
check "sme: counts" grep -q '"micro": 4' "$work/sme.csv.manifest.json"
run_ce "$work/vs" verify "$work/sme.csv.manifest.json"
check "sme: verify reproduced" test "$(rc_of "$work/vs")" = 0
run_ce "$work/tr" training "$src/samples/training-2023.csv" --stage accept -o "$work/t.csv"
check "training: the policy hashed" grep -q '"role": "policy"' "$work/t.csv.manifest.json"
run_ce "$work/vt" verify "$work/t.csv.manifest.json"
check "training: verify reproduced" test "$(rc_of "$work/vt")" = 0
run_ce "$work/vi" voucher issue "$src/samples/vouchers-2023.csv" --cycle 2023A --pool 4413500 \
  -o "$work/v.csv"
check "voucher: the ledger recorded" grep -q "\"role\": \"ledger\", \"path\": \"$work/vouchers.db\"" "$work/v.csv.manifest.json"
check "voucher: counts" grep -q '"granted": 126' "$work/v.csv.manifest.json"
cp "$work/vouchers.db" "$work/ledger-before-verify.db"
run_ce "$work/vv" verify "$work/v.csv.manifest.json"
check "voucher: verify reproduced (a replay of the batch)" test "$(rc_of "$work/vv")" = 0
check "voucher: verify left the ledger as it was" cmp "$work/vouchers.db" "$work/ledger-before-verify.db"

e2e_done
