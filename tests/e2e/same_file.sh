#!/usr/bin/env bash
# same_file.sh EXE SRC WORK - no command writes over a file it reads or
# another file it writes (issue 13): an output (-o, --xlsx, --html,
# --compare-out, --remove-out, audit's tables, the OUT.manifest.json beside
# the main output, the ledger) that is the same file (same inode, or the same
# resolved path) as the ledger, an input, the profile, a policy, a standard or
# another output is refused with exit 2 before anything is read or written;
# the file stays byte for byte as it was.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
S="$src/samples/clusters-2023.csv"
V="$src/samples/vouchers-2023.csv"
C="$src/samples/voucher-claims-2023.csv"
cp "$S" "$work/data.csv"
cp "$src/weights/default.csv" "$work/profile.csv"
cp "$src/weights/voucher-policy.csv" "$work/vpolicy.csv"
cp "$src/weights/sme-standard-2011.csv" "$work/standard.csv"
cp "$src/weights/training-policy.csv" "$work/tpolicy.csv"
mkdir -p "$work/led"
run_ce "$work/setup" voucher issue "$V" --cycle 2023A --pool 4413500 -o "$work/led/v.csv"
check "setup: a ledger with a batch" test "$(rc_of "$work/setup")" = 0
cp "$work/led/vouchers.db" "$work/L.db"
# keep copies of every file a refusal must leave alone
for f in data.csv profile.csv vpolicy.csv standard.csv tpolicy.csv L.db led/vouchers.db led/v.csv; do
  cp "$work/$f" "$work/$f.orig"
done

# refused NAME FILE WHAT ARGS...: exit 2, nothing on stdout, FILE unchanged,
# the message says WHAT, and no OUT.manifest.json appeared.
refused() {
  local name=$1 file=$2 what=$3; shift 3
  local before
  before=$(find "$work" -name '*.manifest.json' | sort)
  run_ce "$work/$name" "$@"
  check "$name: exit 2" test "$(rc_of "$work/$name")" = 2
  check "$name: $file unchanged" cmp -s "$work/$file" "$work/$file.orig"
  check "$name: the message names both" grep -qF -- "$what" "$work/$name.err"
  check "$name: no new manifest" test "$(find "$work" -name '*.manifest.json' | sort)" = "$before"
}

# ---- voucher: the ledger --------------------------------------------------------------
(cd "$work/led" && "$exe" voucher status -o vouchers.db --as-of 2023-07-31 \
   >"$work/st1.out" 2>"$work/st1.err"; echo $? >"$work/st1.rc")
check "status -o the default ledger: exit 2" test "$(rc_of "$work/st1")" = 2
check "status -o the default ledger: the ledger unchanged" cmp -s "$work/led/vouchers.db" "$work/led/vouchers.db.orig"
check "status -o the default ledger: the message" \
  grep -qF -- '-o "vouchers.db" is the same file as the ledger (--ledger) "vouchers.db"' "$work/st1.err"
refused st2 led/vouchers.db 'is the same file as the ledger' \
  voucher status -o "$work/led/vouchers.db"
refused st3 L.db '--xlsx' voucher status --ledger "$work/L.db" --xlsx "$work/L.db"
refused redeem L.db 'is the same file as the ledger' \
  voucher redeem "$C" --ledger "$work/L.db" -o "$work/L.db" --as-of 2023-07-31
refused issue1 L.db 'is the same file as the ledger' \
  voucher issue "$V" --cycle 2023B --pool 100000 --ledger "$work/L.db" -o "$work/L.db"
refused issue2 led/vouchers.db '--xlsx' \
  voucher issue "$V" --cycle 2023B --pool 100000 -o "$work/led/v2.csv" --xlsx "$work/led/vouchers.db"
refused issue3 vpolicy.csv 'the policy (--policy)' \
  voucher issue "$V" --cycle 2023B --pool 100000 --ledger "$work/L.db" --policy "$work/vpolicy.csv" -o "$work/vpolicy.csv"
refused issue4 standard.csv 'the SME standard (--standard)' \
  voucher issue "$V" --cycle 2023B --pool 100000 --ledger "$work/L.db" --standard "$work/standard.csv" --xlsx "$work/standard.csv"
refused issue5 L.db 'the ledger' \
  voucher issue "$work/L.db" --cycle 2023B --pool 100000 --ledger "$work/L.db"
check "issue: no ledger beside a refused -o" test ! -e "$work/vouchers.db"

# ---- rank -------------------------------------------------------------------------------
refused rank1 data.csv 'is the same file as the data file' rank "$work/data.csv" -o "$work/data.csv"
refused rank2 profile.csv 'the profile (-w)' rank "$work/data.csv" -w "$work/profile.csv" --html "$work/profile.csv"
ln "$work/data.csv" "$work/hardlink.csv"
refused rank3 data.csv '--xlsx "'"$work"'/hardlink.csv" is the same file as the data file' \
  rank "$work/data.csv" --xlsx "$work/hardlink.csv"
cp "$work/led/v.csv" "$work/r.csv"; cp "$work/r.csv" "$work/r.csv.orig"
refused rank4 r.csv '--html "'"$work"'/r.csv" is the same file as -o' \
  rank "$work/data.csv" -o "$work/r.csv" --html "$work/r.csv"
mkdir -p "$work/sub"
run_ce "$work/rank5" rank "$work/data.csv" -o "$work/new.csv" --html "$work/sub/../new.csv"
check "rank: two names of a file not yet there: exit 2" test "$(rc_of "$work/rank5")" = 2
check "rank: ... nothing written" test ! -e "$work/new.csv"
refused rank6 r.csv 'the manifest of -o' \
  rank "$work/data.csv" -o "$work/x.csv" --xlsx "$work/x.csv.manifest.json"
check "rank: ... the manifest's name not written" test ! -e "$work/x.csv.manifest.json"
refused rank7 profile.csv '--compare-out' \
  rank "$work/data.csv" --baseline "$work/profile.csv" --compare-out "$work/profile.csv"
ln -s "$work/data.csv" "$work/symlink.csv"
refused rank8 data.csv 'the previous ranking (--previous)' \
  rank "$work/data.csv" --previous "$work/r.csv" -o "$work/r.csv"
refused rank9 data.csv 'symlink.csv" is the same file as the data file' \
  rank "$work/data.csv" -o "$work/symlink.csv"

# ---- the other commands -------------------------------------------------------------------
mkdir -p "$work/aud"
ln "$work/profile.csv" "$work/aud/clusters.csv"
refused audit profile.csv '-o (clusters.csv) "'"$work"'/aud/clusters.csv" is the same file as the profile (-w)' \
  audit "$work/data.csv" -w "$work/profile.csv" -o "$work/aud/"
check "audit: no other table written" test ! -e "$work/aud/indicators.csv"
refused weights profile.csv 'the profile (-w)' \
  weights "$work/data.csv" --method entropy -w "$work/profile.csv" -o "$work/profile.csv"
refused uncertainty data.csv '--html' \
  uncertainty "$work/data.csv" --draws 10 --html "$work/data.csv"
refused sensitivity profile.csv '--remove-out' \
  sensitivity "$work/data.csv" -w "$work/profile.csv" --draws 16 --remove-out "$work/profile.csv"
run_ce "$work/sens2" sensitivity "$work/data.csv" --draws 16 -o "$work/s.csv" --remove-out "$work/s.csv"
check "sensitivity: -o and --remove-out one file: exit 2" test "$(rc_of "$work/sens2")" = 2
check "sensitivity: ... nothing written" test ! -e "$work/s.csv"
refused sme standard.csv 'the SME standard (--standard)' \
  sme "$src/samples/enterprises-2024.csv" --standard "$work/standard.csv" -o "$work/standard.csv"
refused training tpolicy.csv '--xlsx' \
  training "$src/samples/training-2023.csv" --policy "$work/tpolicy.csv" --xlsx "$work/tpolicy.csv"

# ---- what stays allowed ------------------------------------------------------------------
run_ce "$work/ok1" rank "$work/data.csv" -o "$work/ok.csv" --html "$work/ok.html" --baseline "$work/profile.csv" \
  -w "$work/profile.csv"
check "rank: the baseline and the profile one file: fine" test "$(rc_of "$work/ok1")" = 0
run_ce "$work/ok2" rank "$work/data.csv" --html /dev/null --xlsx /dev/null
check "rank: two reports to /dev/null: fine (a device is no file to protect)" test "$(rc_of "$work/ok2")" = 0

e2e_done
