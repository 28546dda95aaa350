#!/usr/bin/env bash
# set_labels.sh EXE SRC WORK - a refused what-if weight names the option
# that asked for it (--set or --baseline-set): the library takes the label
# as data (ce_profile_set_weight) and the CLI adds its context with
# ce_error_prefix; the texts are the ones clustereval has always printed.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
S="$src/samples/clusters-2023.csv"
P="$src/weights/default.csv"

# expect NAME WANT ARGS...: exit 2 and exactly WANT then the help hint on stderr.
expect() {
  local name=$1 want=$2; shift 2
  run_ce "$work/$name" rank "$S" -w "$P" "$@" -o "$work/$name.csv"
  check "$name: exit 2" [ "$(rc_of "$work/$name")" = 2 ]
  check "$name: message" [ "$(head -n 1 "$work/$name.err")" = "clustereval rank: $want" ]
  check "$name: no output" [ ! -e "$work/$name.csv" ]
}

expect set_unknown "--set: no node \"nope\" in $P" --set nope=2
expect bset_unknown "--baseline-set: no node \"nope\" in $P" --baseline-set nope=2
expect set_negative "--set green: weight must be >= 0" --set green=-1
expect bset_negative "--baseline-set green: weight must be >= 0" --baseline-set green=-1
expect bset_all_zero "--baseline-set gov=0: every weight of its group would be zero" \
  --baseline-set scale=0 --baseline-set innov=0 --baseline-set digital=0 \
  --baseline-set green=0 --baseline-set open=0 --baseline-set gov=0
ratio="weight 1 of \"innov\" is too small beside 1e+308 of its sibling \"scale\" (line 2): weights are relative within their group, and a ratio beyond 2^1022 (4e307) cannot be computed with (write 0 to leave it out)"
expect set_ratio "--set: $ratio" --set scale=1e308
expect bset_ratio "--baseline-set: $ratio" --baseline-set scale=1e308
expect bset_syntax "--baseline-set \"green\": expected CODE=WEIGHT or CODE=SHARE% with a number" --baseline-set green
e2e_done
