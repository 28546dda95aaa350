# lib.sh - helpers for the end-to-end scripts (sourced). Each script gets
# EXE SRC WORK, calls e2e_init, then check ...; e2e_done exits 1 if any failed.
e2e_init() {
  exe=$1 src=$2 work=$3
  data="$src/tests/data"
  failures=0
  rm -rf "$work" && mkdir -p "$work" || exit 1
}
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
  local what=$1; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
# run_ce OUTPREFIX ARGS...: runs clustereval, stdout/stderr/rc in OUTPREFIX.{out,err,rc}
run_ce() {
  local p=$1; shift
  "$exe" "$@" >"$p.out" 2>"$p.err"
  echo $? >"$p.rc"
}
rc_of() { cat "$1.rc"; }
e2e_done() {
  if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
  echo "all checks passed"
}
