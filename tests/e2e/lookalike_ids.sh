#!/usr/bin/env bash
# lookalike_ids.sh EXE SRC WORK - one cluster written as "A01", " A01",
# "a01", "Ａ01" (full-width A), "A\u200b01" (zero-width space), with a BOM,
# ideographic or no-break space around it, ... is one cluster: the data
# file is refused (exit 1) naming both lines, never ranked as separate
# clusters that could take several awards (issue 13 §3). The same for sme
# ids, training applicant_ids and a --previous ranking, whose ids also
# match the data's under the same key.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
P="$data/profile-small.csv"
H='id,name,eligible,veto,gdp,jobs,co2,waste'

# The issue's file: five spellings of A01 on lines 2, 4, 5, 6, 7.
printf '%s\nA01,甲,1,0,10,100,5,50\nB02,乙,1,0,20,300,3,70\n" A01",甲,1,0,11,100,5,50\na01,甲,1,0,12,100,5,50\n\xef\xbc\xa101,甲,1,0,13,100,5,50\nA\xe2\x80\x8b01,甲,1,0,14,100,5,50\n' "$H" >"$work/five.csv"
run_ce "$work/five" rank "$work/five.csv" -w "$P" -o "$work/five-out.csv"
check "five spellings of A01: exit 1" [ "$(rc_of "$work/five")" = 1 ]
check "five spellings of A01: lines 4 and 2 named" \
  grep -qF "five.csv:4: duplicate id \" A01\" (line 4) and \"A01\" (line 2) are the same cluster once case, full-width forms, spaces at either end and invisible characters are set aside" "$work/five.err"
check "five spellings of A01: no ranking written" [ ! -e "$work/five-out.csv" ]

# Each look-alike beside "A01" (line 2), on line 4: NAME|TEXT (printf escapes).
while IFS='|' read -r what text shown; do
  printf "%s\nA01,甲,1,0,10,100,5,50\nB02,乙,1,0,20,300,3,70\n$text,丙,1,0,30,200,4,60\n" "$H" >"$work/one.csv"
  run_ce "$work/one" rank "$work/one.csv" -w "$P"
  if [ "$(rc_of "$work/one")" = 1 ] &&
     grep -qF "one.csv:4: duplicate id \"$shown\" (line 4) and \"A01\" (line 2) are the same cluster" "$work/one.err"
  then pass "$what: refused, both lines named"
  else fail "$what: not refused as the same cluster"; cat "$work/one.err"
  fi
done <<'EOF_CASES'
lower case|a01|a01
leading space (quoted)|" A01"| A01
trailing space (quoted)|"A01 "|A01 
full-width A|\xef\xbc\xa101|Ａ01
all full-width, lower|\xef\xbd\x81\xef\xbc\x90\xef\xbc\x91|ａ０１
zero-width space|A\xe2\x80\x8b01|A<U+200B>01
zero-width non-joiner|A\xe2\x80\x8c01|A<U+200C>01
zero-width joiner|A\xe2\x80\x8d01|A<U+200D>01
word joiner|A01\xe2\x81\xa0|A01<U+2060>
BOM inside the file|\xef\xbb\xbfA01|<U+FEFF>A01
ideographic space|\xe3\x80\x80A01\xe3\x80\x80|<U+3000>A01<U+3000>
no-break space|\xc2\xa0A01|<U+00A0>A01
EOF_CASES

# Ids that only look close stay separate clusters: A01, A-01, A 01, AO1.
printf '%s\nA01,甲,1,0,10,100,5,50\nA-01,乙,1,0,20,300,3,70\nA 01,丙,1,0,30,200,4,60\nAO1,丁,1,0,5,50,6,40\n' "$H" >"$work/distinct.csv"
run_ce "$work/distinct" rank "$work/distinct.csv" -w "$P"
check "A01, A-01, A 01, AO1: four clusters ranked" \
  grep -q 'ranked 4 of 4 clusters' "$work/distinct.err"

# sme and training: the same check, with their column's name.
printf 'id,industry,employees,revenue,assets\nE01,other,1,,\nE02,other,2,,\n\xef\xbc\xa501,other,3,,\n' >"$work/sme.csv"
run_ce "$work/sme" sme "$work/sme.csv"
check "sme: Ｅ01 and E01 refused (exit 1)" [ "$(rc_of "$work/sme")" = 1 ]
check "sme: both lines named" \
  grep -qF 'sme.csv:4: duplicate id "Ｅ01" (line 4) and "E01" (line 2) are the same id' "$work/sme.err"
{ head -2 "$src/samples/training-2023.csv"; sed -n 3p "$src/samples/training-2023.csv" | sed 's/^T2023-002/t2023-001/'; } >"$work/training.csv"
run_ce "$work/training" training "$work/training.csv"
check "training: t2023-001 and T2023-001 refused (exit 1)" [ "$(rc_of "$work/training")" = 1 ]
check "training: both lines named" \
  grep -qF 'training.csv:3: duplicate applicant_id "t2023-001" (line 3) and "T2023-001" (line 2) are the same applicant_id' "$work/training.err"

# --previous: "a01" and "Ａ2" are the data's A01 and A2 (matched, none new
# or dropped); two spellings of one id in the previous file are refused.
printf '%s\nA01,甲,1,0,10,100,5,50\nA2,乙,1,0,20,300,3,70\n' "$H" >"$work/cur.csv"
printf 'id,rank\na01,2\n\xef\xbc\xa12,1\n' >"$work/prev.csv"
run_ce "$work/prev" rank "$work/cur.csv" -w "$P" --previous "$work/prev.csv"
check "--previous: exit 0" [ "$(rc_of "$work/prev")" = 0 ]
check "--previous: both matched, previous ranks 2 and 1" \
  [ "$(cut -d, -f2,7 "$work/prev.out" | tail -n +2 | sort | tr '\n' ' ')" = "A01,2 A2,1 " ]
check "--previous: 0 new, 0 dropped" grep -q 'vs previous: 0 new (not in the previous file), 0 dropped' "$work/prev.err"
printf 'id,rank\nA01,2\nA2,1\n a01 ,3\n' >"$work/prevdup.csv"
run_ce "$work/prevdup" rank "$work/cur.csv" -w "$P" --previous "$work/prevdup.csv"
check "--previous with A01 and \" a01 \": exit 1" [ "$(rc_of "$work/prevdup")" = 1 ]
check "--previous with A01 and \" a01 \": both lines named" \
  grep -qF 'prevdup.csv:4: duplicate id "a01" (line 4) and "A01" (line 2) are the same cluster' "$work/prevdup.err"
e2e_done
