#!/usr/bin/env bash
# cell_forms.sh EXE SRC WORK - the cell forms of Chinese exports (issue 15 §2):
# a data file written as a bureau's Excel export writes it (missing values as
# / ／ -- — —— - 无 不适用 N/A NA 未报送, accounting negatives (3,861) and
# （1,234）, thousands separators, the minus signs − and －, yes/no as
# 符合/不符合 有/无 是/否 √/× ✓/✗ Y/N true/false, percentages with %) and a
# profile whose directions read 正向/负向/正/－/− rank exactly like their
# clean twins, in UTF-8 and as GB18030 with CRLF; the training applicants'
# yes/no columns as √/× and 符合/不符合 give the golden file; a column that
# mixes % and plain cells is warned about once; "1,5", an unknown yes/no and
# an unknown direction are errors naming the cell.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

# ---- the clean twins ----
cat >"$work/profile.csv" <<'EOF'
code,name,parent,weight,direction,unit
econ,经济,,1,,
env,环境,,1,,
gdp,产值,econ,2,+,亿元
jobs,就业,econ,1,+,人
co2,排放,env,1,-,吨
waste,固废利用率,env,1,+,%
EOF
cat >"$work/clean.csv" <<'EOF'
id,name,eligible,veto,gdp,jobs,co2,waste
C01,甲集群,1,0,10,100,5,50
C02,乙集群,1,0,-3861,300,3,70
C03,丙集群,0,0,30,,4,65
C04,丁集群,1,1,40,400,1,90
C05,戊集群,1,0,,250,2,60
C06,己集群,1,0,1234.5,150,,55
C07,庚集群,0,0,25,180,2.5,
C08,辛集群,1,0,-2.5,220,6,40
C09,壬集群,1,1,15,,3.5,75
C10,癸集群,1,0,18,260,,80
C11,子集群,1,0,,310,4.5,45
C12,丑集群,0,0,22,190,5.5,
C13,寅集群,1,0,1500,205,7,58
C14,卯集群,1,0,33,,-1234,62
C15,辰集群,1,0,27,230,,68
C16,巳集群,1,0,,240,3,72
EOF

# ---- the same, as a Chinese export writes it ----
cat >"$work/profile-zh.csv" <<'EOF'
code,name,parent,weight,direction,unit
econ,经济,,1,,
env,环境,,1,,
gdp,产值,econ,2,正向,亿元
jobs,就业,econ,1,正,人
co2,排放,env,1,负向,吨
waste,固废利用率,env,1,＋,%
EOF
sed 's/,负向,/,－,/' "$work/profile-zh.csv" >"$work/profile-fwminus.csv"
sed 's/,负向,/,−,/' "$work/profile-zh.csv" >"$work/profile-minus.csv"
cat >"$work/messy.csv" <<'EOF'
id,name,eligible,veto,gdp,jobs,co2,waste
C01,甲集群,符合,无,10,100,5,50%
C02,乙集群,是,否,"(3,861)",300,3,70%
C03,丙集群,不符合,否,30,/,4,65%
C04,丁集群,√,有,40,400,1,90%
C05,戊集群,✓,×,／,250,2,60%
C06,己集群,Y,N,"1,234.5",150,--,55%
C07,庚集群,×,✗,25,180,2.5,—
C08,辛集群,true,false,−2.5,220,6,40%
C09,壬集群,1,是,15,——,3.5,75%
C10,癸集群,有,0,18,260,-,80%
C11,子集群,yes,no,无,310,4.5,45%
C12,丑集群,否,N,22,190,5.5,不适用
C13,寅集群,TRUE,FALSE,"1,500",205,7,58%
C14,卯集群,y,n,33,N/A,"（1,234）",62%
C15,辰集群,√,×,27,230,NA,68%
C16,巳集群,符合,不符合,未报送,240,3,72%
EOF

run_ce "$work/clean" rank "$work/clean.csv" -w "$work/profile.csv"
check "clean twin: exit 0" test "$(rc_of "$work/clean")" = 0
check "clean twin: 16 clusters ranked" test "$(grep -c '^[0-9]*,C[0-9][0-9],' "$work/clean.out")" = 16
for p in profile-zh profile-fwminus profile-minus; do
  run_ce "$work/messy-$p" rank "$work/messy.csv" -w "$work/$p.csv"
  check "$p: exit 0" test "$(rc_of "$work/messy-$p")" = 0
  check "$p: the same ranking as the clean twin" cmp "$work/clean.out" "$work/messy-$p.out"
done
check "messy: no warning about % (every number of waste carries one)" \
  bash -c "! grep -q 'with %' '$work/messy-profile-zh.err'"
# Each form really is read as the clean twin has it: rank the messy data with
# the clean profile, and each form against its clean value one at a time.
run_ce "$work/messy-clean-profile" rank "$work/messy.csv" -w "$work/profile.csv"
check "messy data, clean profile: the same ranking" cmp "$work/clean.out" "$work/messy-clean-profile.out"

# The same export as GB18030 with CRLF line ends.
iconv -f utf-8 -t gb18030 "$work/messy.csv" | sed 's/$/\r/' >"$work/messy-gb.csv"
check "GB18030 copy: not UTF-8" bash -c "! iconv -f utf-8 -t utf-8 '$work/messy-gb.csv' >/dev/null 2>&1"
iconv -f utf-8 -t gb18030 "$work/profile-zh.csv" >"$work/profile-zh-gb.csv"
run_ce "$work/gb" rank "$work/messy-gb.csv" -w "$work/profile-zh-gb.csv"
check "GB18030 + CRLF: exit 0" test "$(rc_of "$work/gb")" = 0
check "GB18030 + CRLF: the same ranking as the clean twin" cmp "$work/clean.out" "$work/gb.out"

# One form at a time against the clean cell (row C01's gdp, 10 in the clean
# twin): the rank output must equal the clean output with that one value.
one_form() { # FORM CLEANVALUE
  sed "s|^C01,甲集群,1,0,10,|C01,甲集群,1,0,$2,|" "$work/clean.csv" >"$work/one-clean.csv"
  sed "s|^C01,甲集群,1,0,10,|C01,甲集群,1,0,$1,|" "$work/clean.csv" >"$work/one-form.csv"
  run_ce "$work/one-clean" rank "$work/one-clean.csv" -w "$work/profile.csv"
  run_ce "$work/one-form" rank "$work/one-form.csv" -w "$work/profile.csv"
  check "gdp cell $1 reads as '$2': exit 0" test "$(rc_of "$work/one-form")" = 0
  check "gdp cell $1 reads as '$2': same ranking" cmp "$work/one-clean.out" "$work/one-form.out"
}
for m in / ／ -- — —— - ― 无 不适用 暂无 缺失 未报送 未填报 N/A NA na ＮＡ; do one_form "$m" ""; done
one_form '"(3,861)"' -3861
one_form '"（3,861）"' -3861
one_form '（３，８６１）' -3861   # full-width digits need no quotes: ， is not a separator
one_form '"1,234.5"' 1234.5
one_form '−3' -3
one_form '－3' -3
one_form '１２' 12

# ---- a column that mixes % and plain cells: one warning naming both kinds ----
sed -e 's/^C02,乙集群,1,0,-3861,300,3,70$/C02,乙集群,1,0,-3861,300,3,83.15%/' \
  -e 's/^C04,丁集群,1,1,40,400,1,90$/C04,丁集群,1,1,40,400,1,90%/' "$work/clean.csv" >"$work/mixed.csv"
run_ce "$work/mixed" rank "$work/mixed.csv" -w "$work/profile.csv"
check "mixed %: exit 0 (a warning, not an error)" test "$(rc_of "$work/mixed")" = 0
check "mixed %: exactly one warning for the column" test "$(grep -c 'column "waste": .* with %' "$work/mixed.err")" = 1
check "mixed %: it names the column and one row of each kind" grep -qF \
  "$work/mixed.csv: column \"waste\": 2 cells with % (first on line 3: \"83.15%\") and 12 without (first on line 2: \"50\")" \
  "$work/mixed.err"

# ---- errors that name the cell ----
sed 's/^C03,丙集群,0,0,30,/C03,丙集群,0,0,"1,5",/' "$work/clean.csv" >"$work/comma.csv"
run_ce "$work/comma" rank "$work/comma.csv" -w "$work/profile.csv"
check "\"1,5\": exit 1" test "$(rc_of "$work/comma")" = 1
check "\"1,5\": not 15, an error naming the cell" grep -qF \
  "clustereval: $work/comma.csv:4: column \"gdp\": cannot parse as a number: \"1,5\"" "$work/comma.err"
check "\"1,5\": no ranking written" test ! -s "$work/comma.out"

for bad in / 不适用 maybe x; do
  sed "s|^C05,戊集群,1,0,|C05,戊集群,$bad,0,|" "$work/clean.csv" >"$work/bool.csv"
  run_ce "$work/bool" rank "$work/bool.csv" -w "$work/profile.csv"
  check "eligible \"$bad\": exit 1" test "$(rc_of "$work/bool")" = 1
  check "eligible \"$bad\": an error naming the cell, never a silent no" grep -qF \
    "clustereval: $work/bool.csv:6: column \"eligible\": not a yes/no value (use 是/否, 1/0, yes/no, 符合/不符合, 有/无, √/×): \"$bad\"" \
    "$work/bool.err"
done

sed 's/,负向,/,向下,/' "$work/profile-zh.csv" >"$work/profile-bad.csv"
run_ce "$work/dir" rank "$work/clean.csv" -w "$work/profile-bad.csv"
check "direction 向下: exit 1" test "$(rc_of "$work/dir")" = 1
check "direction 向下: an error naming the cell" grep -qF \
  "clustereval: $work/profile-bad.csv:6: column \"direction\": \"向下\" is not a direction" "$work/dir.err"

# ---- applicants: the yes/no columns of training as √/× and 符合/不符合 ----
S="$src/samples/training-2023.csv"
sed -e 's/,是,/,√,/g; s/,是,/,√,/g; s/,否,/,×,/g; s/,否,/,×,/g' \
  -e 's/,yes,/,符合,/g; s/,yes,/,符合,/g; s/,no,/,不符合,/g; s/,no,/,不符合,/g' "$S" >"$work/training.csv"
check "training twin: the yes/no words were replaced" test "$(grep -c '√' "$work/training.csv")" -gt 10
run_ce "$work/training" training "$work/training.csv" --stage apply -o "$work/training-apply.csv"
check "training twin: exit 0" test "$(rc_of "$work/training")" = 0
check "training twin: the golden decisions" cmp "$work/training-apply.csv" "$src/tests/golden/training-apply.csv"

e2e_done
