#!/usr/bin/env bash
# verify_hostile.sh EXE SRC WORK - a manifest is untrusted input (issue 13 §2):
# verify re-runs the recorded command through the command's own option
# parser, so an abbreviated option (--outp, --htm, --xls, --compare-o) still
# names an output; every file the command would write must be a recorded
# output (it is written into a private temporary folder instead), every file
# it reads must be recorded, a voucher command must have its ledger recorded
# (it works on a copy). Anything else refuses the re-run before it starts:
# exit 1, and every real file stays byte for byte as it was.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
cp "$src/samples/clusters-2023.csv" "$work/data.csv"
cp "$src/weights/default.csv" "$work/profile.csv"
cp "$src/weights/voucher-policy.csv" "$work/vpolicy.csv"
cp "$src/weights/sme-standard-2011.csv" "$work/standard.csv"
mkdir -p "$work/tmp" "$work/outside"
export TMPDIR="$work/tmp"
printf 'precious\n' >"$work/victim.csv"
printf 'precious\n' >"$work/outside/victim.csv"
cp "$work/victim.csv" "$work/victim.orig"
cd "$work" || exit 1

# A real run to take the recorded output from.
run_ce "$work/good" rank data.csv -w profile.csv -o r.csv --top 5
check "setup: rank ran" test "$(rc_of "$work/good")" = 0

# mkman NAME COMMAND-JSON ROLE:PATH...: NAME.json, a manifest written by hand, cwd = work,
# each file with its real size and SHA-256.
mkman() {
  local out=$1 cmd=$2 sep='' rp role p
  shift 2
  {
    printf '{"tool": "clustereval", "cwd": "%s", "command": %s, "files": [' "$work" "$cmd"
    for rp in "$@"; do
      role=${rp%%:*} p=${rp#*:}
      printf '%s{"role": "%s", "path": "%s", "size": %s, "sha256": "%s"}' "$sep" "$role" "$p" \
        "$(stat -c %s "$p")" "$(sha256sum "$p" | cut -c1-64)"
      sep=', '
    done
    printf ']}\n'
  } >"$work/$out.json"
}

# hostile NAME WHAT: verify NAME.json: exit 1, refused with WHAT, the victims
# unchanged, nothing left in TMPDIR.
hostile() {
  local name=$1 what=$2
  run_ce "$work/$name" verify "$work/$name.json"
  check "$name: exit 1" test "$(rc_of "$work/$name")" = 1
  check "$name: the re-run is refused" grep -qF -- "the re-run is refused: $what" "$work/$name.err"
  check "$name: the victim unchanged" cmp -s "$work/victim.csv" "$work/victim.orig"
  check "$name: the outside victim unchanged" cmp -s "$work/outside/victim.csv" "$work/victim.orig"
  check "$name: NOT reproduced" grep -q 'NOT reproduced' "$work/$name.err"
  check "$name: no temporary file left" test -z "$(ls -A "$work/tmp")"
}

GOOD='data:data.csv profile:profile.csv output:r.csv'
# shellcheck disable=SC2086
mkman h_outp '["rank", "data.csv", "-w", "profile.csv", "-o", "r.csv", "--top", "5", "--outp", "victim.csv"]' $GOOD
hostile h_outp 'the command writes "victim.csv", which is not an output recorded'
# shellcheck disable=SC2086
mkman h_htm '["rank", "data.csv", "-w", "profile.csv", "-o", "r.csv", "--top", "5", "--htm", "victim.csv"]' $GOOD
hostile h_htm 'the command writes "victim.csv"'
# shellcheck disable=SC2086
mkman h_xls '["rank", "data.csv", "-w", "profile.csv", "-o", "r.csv", "--top", "5", "--xls=victim.csv"]' $GOOD
hostile h_xls 'the command writes "victim.csv"'
# shellcheck disable=SC2086
mkman h_compare '["rank", "data.csv", "-w", "profile.csv", "-o", "r.csv", "--top", "5", "--baseline", "profile.csv", "--compare-o", "victim.csv"]' $GOOD baseline:profile.csv
hostile h_compare 'the command writes "victim.csv"'
# shellcheck disable=SC2086
mkman h_outside '["rank", "data.csv", "-w", "profile.csv", "-o", "r.csv", "--top", "5", "--xlsx", "outside/victim.csv"]' $GOOD
hostile h_outside 'the command writes "outside/victim.csv"'
# shellcheck disable=SC2086
mkman h_input '["rank", "data.csv", "-w", "profile.csv", "-o", "r.csv", "--top", "5", "--prev", "victim.csv"]' $GOOD
hostile h_input 'the command reads the previous file "victim.csv", which the manifest does not record'
# shellcheck disable=SC2086
mkman h_unwritten '["rank", "data.csv", "-w", "profile.csv", "-o", "r.csv", "--top", "5"]' $GOOD output:victim.csv
hostile h_unwritten 'the manifest records the output "victim.csv", which the command does not write'

# An output recorded where a real file lies outside: written into the
# temporary folder, never beside the real file; it differs, so exit 1.
mkman h_real '["rank", "data.csv", "-w", "profile.csv", "-o", "outside/victim.csv", "--top", "5"]' \
  data:data.csv profile:profile.csv output:outside/victim.csv
run_ce "$work/h_real" verify "$work/h_real.json"
check "h_real: exit 1 (the re-run differs)" test "$(rc_of "$work/h_real")" = 1
check "h_real: the real file unchanged" cmp -s "$work/outside/victim.csv" "$work/victim.orig"
check "h_real: nothing written beside it" test "$(ls -A "$work/outside")" = victim.csv
check "h_real: no temporary file left" test -z "$(ls -A "$work/tmp")"

# A command that only prints its help writes nothing: not "reproduced".
# shellcheck disable=SC2086
mkman h_help '["rank", "--help"]' $GOOD
run_ce "$work/h_help" verify "$work/h_help.json"
check "h_help: exit 1" test "$(rc_of "$work/h_help")" = 1
check "h_help: says the re-run ran no command" grep -q 're-run ran no command' "$work/h_help.err"

# ---- voucher: the ledger must be recorded; verify works on a copy -----------------------
run_ce "$work/vi" voucher issue "$src/samples/vouchers-2023.csv" --cycle 2023A --pool 4413500 \
  --policy vpolicy.csv --standard standard.csv --ledger real.db -o v.csv
check "setup: voucher issue ran" test "$(rc_of "$work/vi")" = 0
cp real.db real.orig
V="$src/samples/vouchers-2023.csv"
mkman h_ledger '["voucher", "issue", "'"$V"'", "--cycle", "2024Z", "--pool", "100", "--policy", "vpolicy.csv", "--standard", "standard.csv", "--led", "real.db", "-o", "v.csv"]' \
  data:"$V" policy:vpolicy.csv standard:standard.csv output:v.csv
hostile h_ledger 'the command uses the ledger "real.db", which the manifest does not record as "ledger"'
check "h_ledger: the real ledger unchanged" cmp -s real.db real.orig
cp real.db vouchers.db
cp real.db vouchers.orig
mkman h_default_ledger '["voucher", "status", "-o", "v.csv", "--as-of", "2023-07-31"]' output:v.csv
hostile h_default_ledger 'the command uses the ledger "vouchers.db"'
check "h_default_ledger: the default ledger unchanged" cmp -s vouchers.db vouchers.orig
# recorded, with an abbreviation: the copy is used and the real one stays as it was
mkman h_ledger_ok '["voucher", "issue", "'"$V"'", "--cycle", "2024Z", "--pool", "100", "--policy", "vpolicy.csv", "--standard", "standard.csv", "--led", "real.db", "-o", "v.csv"]' \
  data:"$V" policy:vpolicy.csv standard:standard.csv output:v.csv ledger:real.db
run_ce "$work/h_ledger_ok" verify "$work/h_ledger_ok.json"
check "h_ledger_ok: ran (and differs: another cycle)" test "$(rc_of "$work/h_ledger_ok")" = 1
check "h_ledger_ok: the re-run started" grep -q 'output v.csv: re-run differs' "$work/h_ledger_ok.err"
check "h_ledger_ok: the real ledger unchanged" cmp -s real.db real.orig
check "h_ledger_ok: no journal beside it" test ! -e real.db-journal
check "h_ledger_ok: no temporary file left" test -z "$(ls -A "$work/tmp")"

# ---- what verify now re-runs ------------------------------------------------------------
run_ce "$work/abbr" rank data.csv -w profile.csv --outp r2.csv --top 5
run_ce "$work/v_abbr" verify r2.csv.manifest.json
check "an abbreviated -o of a real run: reproduced" test "$(rc_of "$work/v_abbr")" = 0
run_ce "$work/aud" audit data.csv -w profile.csv
check "audit into the default folder: manifest" test -s audit.manifest.json
(cd / && "$exe" verify "$work/audit.manifest.json" >"$work/v_aud.out" 2>"$work/v_aud.err"; echo $? >"$work/v_aud.rc")
check "audit without -o, verified from another folder: reproduced" test "$(rc_of "$work/v_aud")" = 0
check "audit: the tables compared" grep -q 'output audit/pairs.csv: re-run identical' "$work/v_aud.err"
check "no temporary file left" test -z "$(ls -A "$work/tmp")"

e2e_done
