#!/usr/bin/env bash
# training.sh EXE SRC WORK - `clustereval training` on the 80 synthetic
# applicants of samples/training-2023.csv at both stages: byte-identical to
# tests/golden/training-{apply,accept}.csv (each row's decision, reasons,
# subsidy and reward checked by hand against the conditions of issue 6);
# stdout is the file without its BOM; the stderr summary agrees with the
# golden file; --policy with a stricter copy of the shipped policy changes
# exactly the rows it should; bad files, ids, stages and policies exit 1 or 2
# with FILE:LINE and write no output; the same data in GB18030 with CRLF line
# ends gives the same output.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
S="$src/samples/training-2023.csv"
G="$src/tests/golden"
P="$src/weights/training-policy.csv"

# summary STAGE CSV DATA: the stderr line the golden CSV implies, from its
# decision (4), subsidy (6) and reward (7) columns, summed in fen (the
# sample's names and reasons have no commas).
summary() {
  awk -F, -v stage="$1" -v data="$3" '
    NR == 1 { next }
    { n++; if ($4 == "pass") p++; else if ($4 == "fail") f++; else bad++
      s6 = $6; s7 = $7; sub(/\./, "", s6); sub(/\./, "", s7); subs += s6; rew += s7 }
    END {
      if (bad) exit 1
      printf "clustereval: training (%s): %d applicants in %s: %d pass, %d fail; " \
             "subsidy %d.%02d CNY, reward %d.%02d CNY\n", stage, n, data, p, f,
             int(subs / 100), subs % 100, int(rew / 100), rew % 100
    }' <(tail -c +4 "$2")
}

# ---- the sample, both stages ------------------------------------------------------
for stage in apply accept; do
  run_ce "$work/$stage" training "$S" --stage "$stage" -o "$work/$stage.csv"
  check "$stage: exit 0" test "$(rc_of "$work/$stage")" = 0
  check "$stage: matches tests/golden/training-$stage.csv" cmp "$work/$stage.csv" "$G/training-$stage.csv"
  check "$stage: BOM" test "$(head -c 3 "$work/$stage.csv" | od -An -tx1 | tr -d ' ')" = efbbbf
  check "$stage: nothing on stdout with -o" test ! -s "$work/$stage.out"
  check "$stage: 80 rows" test "$(tail -n +2 "$work/$stage.csv" | wc -l)" = 80
  summary "$stage" "$G/training-$stage.csv" "$S" >"$work/$stage.summary"
  check "$stage: stderr summary = the golden file's counts and sums" \
    grep -qxF -f "$work/$stage.summary" "$work/$stage.err"
  check "$stage: stderr has only the summary" test "$(wc -l <"$work/$stage.err")" = 1
  run_ce "$work/$stage-stdout" training "$S" --stage "$stage"
  check "$stage: stdout = the file without BOM" \
    cmp <(tail -c +4 "$G/training-$stage.csv") "$work/$stage-stdout.out"
  run_ce "$work/$stage-nobom" training "$S" --stage "$stage" --no-bom -o "$work/$stage-nobom.csv"
  check "$stage: --no-bom = stdout" cmp "$work/$stage-nobom.csv" "$work/$stage-stdout.out"
done
check "apply: the summary figures" grep -qx \
  "clustereval: training (apply): 80 applicants in $S: 40 pass, 40 fail; subsidy 10510000.50 CNY, reward 0.00 CNY" \
  "$work/apply.err"
check "accept: the summary figures" grep -qx \
  "clustereval: training (accept): 80 applicants in $S: 32 pass, 48 fail; subsidy 8390000.50 CNY, reward 600000.00 CNY" \
  "$work/accept.err"
run_ce "$work/default" training "$S" -o "$work/default.csv"
check "no --stage: apply" cmp "$work/default.csv" "$G/training-apply.csv"

# A few rows spelled out (the golden files hold them all).
A="$work/apply-stdout.out" C="$work/accept-stdout.out"
check "requested 350000: capped at 300000" \
  grep -qx 'T2023-003,申请35万元封顶测试有限公司,enterprise,pass,,300000.00,0.00' "$A"
check "accept: 优秀 and passing: reward 300000; 120000.50 kept to the fen" \
  grep -qx 'T2023-004,申请12万元绩效优秀测试职业学院,college,pass,,120000.50,300000.00' "$C"
check "site 500 ㎡ exactly: pass" grep -q '^T2023-020,.*,college,pass,,280000.00,0.00$' "$A"
check "site 499 ㎡: fail" grep -q '^T2023-018,.*,enterprise,fail,site_area_below_500,0.00,0.00$' "$A"
check "accept: 优秀 but investment 499999: no reward" \
  grep -q '^T2023-054,.*,fail,investment_below_500000,0.00,0.00$' "$C"
check "apply: the same row passes" grep -q '^T2023-054,.*,pass,,250000.00,0.00$' "$A"
check "Jiangsu code, province column 37: pass" grep -q '^T2023-007,.*,pass,,250000.00,0.00$' "$A"
check "unknown kind: written as given" grep -q '^T2023-063,培训机构类别测试中心,培训机构,fail,invalid:kind,' "$A"
check "several reasons, data problems first" grep -q \
  '^T2023-080,.*,enterprise,fail,missing:site_area;instructors_below_10;fulltime_instructors_below_half;training_modes_not_covered,0.00,0.00$' "$C"

# ---- --policy: a copy of the shipped policy with min_site_area 600 ----------------
sed 's/^min_site_area,500,/min_site_area,600,/' "$P" >"$work/policy-600.csv"
check "policy copy: one line changed" test "$(diff "$P" "$work/policy-600.csv" | grep -c '^>')" = 1
# Only the rows with a site under 600 ㎡ change (018-021: 499, 499, 500, 501).
for stage in apply accept; do
  awk -F, -v OFS=, '
    NR > 1 && $1 ~ /^T2023-0(18|19|20|21)$/ { $4 = "fail"; $5 = "site_area_below_600"; $6 = "0.00"; $7 = "0.00" }
    { print }' "$G/training-$stage.csv" >"$work/expected-600-$stage.csv"
  run_ce "$work/p600-$stage" training "$S" --stage "$stage" --policy "$work/policy-600.csv" \
    -o "$work/p600-$stage.csv"
  check "--policy min_site_area 600 ($stage): exit 0" test "$(rc_of "$work/p600-$stage")" = 0
  check "--policy min_site_area 600 ($stage): rows 018-021 fail, others as the golden file" \
    cmp "$work/p600-$stage.csv" "$work/expected-600-$stage.csv"
  check "--policy min_site_area 600 ($stage): 4 rows differ from the golden file" \
    test "$(diff "$G/training-$stage.csv" "$work/p600-$stage.csv" | grep -c '^>')" = 4
done
check "--policy min_site_area 600: summary" grep -q ': 38 pass, 42 fail; subsidy 9980000.50 CNY' "$work/p600-apply.err"

# ---- errors: exit 1 or 2, FILE:LINE, no output file -------------------------------
# The file without the acceptance columns (investment, actual_trainees,
# performance are columns 18-20): enough to apply, not to accept.
cut -d, -f1-17,21 "$S" >"$work/apply-only.csv"
run_ce "$work/aponly" training "$work/apply-only.csv" -o "$work/aponly.csv"
check "apply-only columns, apply: same as the golden file" cmp "$work/aponly.csv" "$G/training-apply.csv"
run_ce "$work/noinv" training "$work/apply-only.csv" --stage accept -o "$work/noinv.csv"
check "missing column at accept: exit 1" test "$(rc_of "$work/noinv")" = 1
check "missing column at accept: message" \
  grep -q '^clustereval: .*apply-only.csv:1: missing column "investment"' "$work/noinv.err"
check "missing column at accept: no output file" test ! -e "$work/noinv.csv"

# T2023-005 (line 6) renamed T2023-002 (line 3).
sed '6s/^T2023-005,/T2023-002,/' "$S" >"$work/dup.csv"
run_ce "$work/dup" training "$work/dup.csv" -o "$work/dup-out.csv"
check "duplicate applicant_id: exit 1" test "$(rc_of "$work/dup")" = 1
check "duplicate applicant_id: message" \
  grep -qF 'dup.csv:6: duplicate applicant_id "T2023-002" (first on line 3)' "$work/dup.err"
check "duplicate applicant_id: no output file" test ! -e "$work/dup-out.csv"

sed '10s/^T2023-009,/,/' "$S" >"$work/empty-id.csv"
run_ce "$work/emptyid" training "$work/empty-id.csv" --stage accept -o "$work/emptyid-out.csv"
check "empty applicant_id: exit 1" test "$(rc_of "$work/emptyid")" = 1
check "empty applicant_id: message" grep -q 'empty-id.csv:10: empty applicant_id' "$work/emptyid.err"
check "empty applicant_id: no output file" test ! -e "$work/emptyid-out.csv"

run_ce "$work/badstage" training "$S" --stage review -o "$work/badstage-out.csv"
check "bad --stage: exit 2" test "$(rc_of "$work/badstage")" = 2
check "bad --stage: message" grep -qF -- '--stage: "review" is not apply or accept' "$work/badstage.err"
check "bad --stage: no output file" test ! -e "$work/badstage-out.csv"

sed 's/^min_fulltime_share,0.5,/min_fulltime_share,1.5,/' "$P" >"$work/policy-share.csv"
run_ce "$work/badpol" training "$S" --policy "$work/policy-share.csv" -o "$work/badpol-out.csv"
check "bad policy (share 1.5): exit 1" test "$(rc_of "$work/badpol")" = 1
check "bad policy (share 1.5): file:line and message" grep -qF \
  'policy-share.csv:7: key "min_fulltime_share": "1.5" is not a number from 0 to 1' "$work/badpol.err"
check "bad policy: no output file" test ! -e "$work/badpol-out.csv"
sed 's/^reward_grade,优秀,/reward_grade,极好,/' "$P" >"$work/policy-grade.csv"
run_ce "$work/badgrade" training "$S" --stage accept --policy "$work/policy-grade.csv" -o "$work/badgrade-out.csv"
check "bad policy (grade 极好): exit 1" test "$(rc_of "$work/badgrade")" = 1
check "bad policy (grade 极好): file:line" grep -qF 'policy-grade.csv:18: key "reward_grade": "极好" is not a grade' "$work/badgrade.err"
check "bad policy (grade 极好): no output file" test ! -e "$work/badgrade-out.csv"
grep -v '^min_occupations,' "$P" >"$work/policy-nokey.csv"
run_ce "$work/nokey" training "$S" --policy "$work/policy-nokey.csv"
check "policy without min_occupations: exit 1" test "$(rc_of "$work/nokey")" = 1
check "policy without min_occupations: message" grep -qF 'policy-nokey.csv: missing key "min_occupations"' "$work/nokey.err"
check "policy without min_occupations: nothing on stdout" test ! -s "$work/nokey.out"

run_ce "$work/nofile" training "$work/absent.csv" -o "$work/absent-out.csv"
check "absent data file: exit 3" test "$(rc_of "$work/nofile")" = 3
check "absent data file: no output file" test ! -e "$work/absent-out.csv"
run_ce "$work/noarg" training
check "no data file: exit 2" test "$(rc_of "$work/noarg")" = 2

# ---- GB18030 with CRLF line ends: the same output ------------------------------------
iconv -f utf-8 -t gb18030 "$S" | sed 's/$/\r/' >"$work/gb.csv"
check "GB18030 copy: not UTF-8" bash -c "! iconv -f utf-8 -t utf-8 '$work/gb.csv' >/dev/null 2>&1"
check "GB18030 copy: CRLF" test "$(head -n 1 "$work/gb.csv" | od -An -c | tr -d ' \n' | tail -c 4)" = '\r\n'
for stage in apply accept; do
  run_ce "$work/gb-$stage" training "$work/gb.csv" --stage "$stage" -o "$work/gb-$stage.csv"
  check "GB18030 + CRLF ($stage): exit 0" test "$(rc_of "$work/gb-$stage")" = 0
  check "GB18030 + CRLF ($stage): same output" cmp "$work/gb-$stage.csv" "$G/training-$stage.csv"
  check "GB18030 + CRLF ($stage): the decoding is noted" \
    grep -q "^clustereval: note: read as GB18030 (not valid UTF-8): $work/gb.csv (from line 2; --encoding gb18030 says so" "$work/gb-$stage.err"
  run_ce "$work/gbx-$stage" training "$work/gb.csv" --stage "$stage" --encoding gb18030 -o "$work/gbx-$stage.csv"
  check "--encoding gb18030 ($stage): same output" cmp "$work/gbx-$stage.csv" "$G/training-$stage.csv"
done

e2e_done
