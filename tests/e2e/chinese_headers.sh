#!/usr/bin/env bash
# chinese_headers.sh EXE SRC WORK - headers as people write them (issue 15
# §2): the sample as a bureau's Excel export (GB18030, CRLF, a title row, a
# merged dimension row, a 序号 column beside 集群编号, 集群名称, the
# indicators by their Chinese names with the unit in full-width brackets)
# ranks exactly like the clean CSV, with the skipped rows and the passed-over
# 序号 reported; --header-row and --id-column/--name-column (rank, weights,
# audit); a header that could be two indicators is refused naming both; a
# profile whose codes are the Chinese headers.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
S="$src/samples"
W="$src/weights/default.csv"

# ---- the export: 序号 + the sample's columns, renamed ----
# header: id -> 集群编号, name -> 集群名称, CODE -> NAME（UNIT）
zh_header() {
  awk -F, -v idh="$1" -v nameh="$2" 'NR == FNR { nm[$1] = $2; un[$1] = $6; next }
    FNR == 1 { out = "序号"
      for (i = 1; i <= NF; i++) {
        h = $i
        if (h == "id") h = idh
        else if (h == "name") h = nameh
        else if (h in nm) h = nm[h] (un[h] != "" ? "（" un[h] "）" : "")
        out = out "," h }
      print out; exit }' "$W" "$S/clusters-2023.csv"
}
# the merged dimension row: each dimension's title over its first indicator
dim_row() {
  awk -F, 'NR == FNR { if ($3 == "" && $1 != "code") dn[$1] = $2; else par[$1] = $3; next }
    FNR == 1 { out = ""
      for (i = 1; i <= NF; i++) { t = ""
        p = par[$i]
        if (p != "" && !(p in seen)) { t = dn[p]; seen[p] = 1 }
        out = out "," t }
      print out; exit }' "$W" "$S/clusters-2023.csv"
}
ncols=$(( $(head -1 "$S/clusters-2023.csv" | tr ',' '\n' | wc -l) + 1 ))
title="2023年特色产业集群数据$(printf '%*s' $((ncols - 1)) '' | tr ' ' ',')"
{
  echo "$title"
  dim_row
  zh_header 集群编号 集群名称
  tail -n +2 "$S/clusters-2023.csv" | awk '{ print NR "," $0 }'
} >"$work/export-utf8.csv"
iconv -f utf-8 -t gb18030 "$work/export-utf8.csv" | sed 's/$/\r/' >"$work/export.csv"
check "export: not UTF-8" bash -c "! iconv -f utf-8 -t utf-8 '$work/export.csv' >/dev/null 2>&1"
check "export: CRLF" grep -q $'\r$' "$work/export.csv"
check "export: header as written" grep -q "^序号,集群编号,集群名称,eligible,veto,主导产业产值（亿元）,主导产业占比（%）" "$work/export-utf8.csv"

run_ce "$work/clean" rank "$S/clusters-2023.csv" -w "$W"
run_ce "$work/zh" rank "$work/export.csv" -w "$W"
check "export: exit 0" [ "$(rc_of "$work/zh")" = 0 ]
check "export: ranks as the clean CSV" cmp "$work/clean.out" "$work/zh.out"
check "export: title row reported" \
  grep -qF "clustereval: warning: $work/export.csv: title row 1 skipped: \"2023年特色产业集群数据\"" "$work/zh.err"
check "export: dimension row reported" \
  grep -qF "$work/export.csv: title row 2 skipped: \"综合实力 | 创新活力 | 数字化水平 | 绿色低碳...\"" "$work/zh.err"
check "export: 序号 is not the id" \
  grep -qF "$work/export.csv: column \"序号\" (column 1) is not read as the id: \"集群编号\" (column 2) is (--id-column chooses another)" "$work/zh.err"
check "export: nothing ignored" bash -c "! grep -q 'ignored' '$work/zh.err'"

# an error in a data row names its physical line (row 4 is the first data row)
sed '4s/,247.14,/,24x7.14,/' "$work/export-utf8.csv" >"$work/bad.csv"
run_ce "$work/bad" rank "$work/bad.csv" -w "$W"
check "bad cell: exit 1" [ "$(rc_of "$work/bad")" = 1 ]
check "bad cell: the physical line" grep -qF "clustereval: $work/bad.csv:4: column \"s_output\": cannot parse as a number: \"24x7.14\"" "$work/bad.err"

# ---- --header-row ----
run_ce "$work/hr3" rank "$work/export.csv" -w "$W" --header-row 3
check "--header-row 3: same ranking" cmp "$work/clean.out" "$work/hr3.out"
run_ce "$work/hr2" rank "$work/export.csv" -w "$W" --header-row 2
check "--header-row 2: exit 1" [ "$(rc_of "$work/hr2")" = 1 ]
check "--header-row 2: that row has no id" \
  grep -qF "clustereval: $work/export.csv:2: no \"id\" column (the header needs id and one column per indicator)" "$work/hr2.err"
run_ce "$work/hr0" rank "$work/export.csv" -w "$W" --header-row 0
check "--header-row 0: usage" [ "$(rc_of "$work/hr0")" = 2 ]
check "--header-row 0: says so" grep -qF -- "--header-row: \"0\" is not a row number" "$work/hr0.err"

# ---- --id-column / --name-column, for every command reading cluster data ----
{
  zh_header 统一编号 集群全称
  tail -n +2 "$S/clusters-2023.csv" | awk '{ print NR "," $0 }'
} >"$work/own-names.csv"
run_ce "$work/own0" rank "$work/own-names.csv" -w "$W"
check "own id header: 序号 is the id, said so" \
  grep -qF "own-names.csv: column \"序号\" (column 1) is read as the id: no column is named id, 集群编号, 集群代码, 编号 or 代码 (--id-column chooses another)" "$work/own0.err"
run_ce "$work/own" rank "$work/own-names.csv" -w "$W" --id-column 统一编号 --name-column 集群全称
check "--id-column: exit 0" [ "$(rc_of "$work/own")" = 0 ]
check "--id-column: same ranking" cmp "$work/clean.out" "$work/own.out"
check "--id-column: 序号 ignored" grep -qF "1 column not in the profile, ignored: 序号" "$work/own.err"
run_ce "$work/ownx" rank "$work/own-names.csv" -w "$W" --id-column 编码
check "--id-column absent: exit 1" [ "$(rc_of "$work/ownx")" = 1 ]
check "--id-column absent: says so" \
  grep -qF "clustereval: $work/own-names.csv:1: no \"编码\" column (named by --id-column)" "$work/ownx.err"
run_ce "$work/wclean" weights "$S/clusters-2023.csv" -w "$W" -m entropy
run_ce "$work/wown" weights "$work/own-names.csv" -w "$W" -m entropy --id-column 统一编号
check "weights --id-column: exit 0" [ "$(rc_of "$work/wown")" = 0 ]
check "weights --id-column: same weights" cmp "$work/wclean.out" "$work/wown.out"
run_ce "$work/wzh" weights "$work/export.csv" -w "$W" -m entropy --header-row 3
check "weights export --header-row: same weights" cmp "$work/wclean.out" "$work/wzh.out"
run_ce "$work/aud" audit "$work/own-names.csv" -w "$W" --id-column 统一编号 -o "$work/audit"
check "audit --id-column: exit 0" [ "$(rc_of "$work/aud")" = 0 ]

# ---- an ambiguous header is refused, naming both ----
{ head -1 "$W" | sed 's/$/,aliases/'; tail -n +2 "$W" | sed 's/$/,/' | sed 's/^s_share,\(.*\),$/s_share,\1,产业占比;主导产业产值（亿元）/'; } >"$work/ambig.csv"
check "ambiguous profile: the alias is there" grep -q "^s_share,.*,产业占比;主导产业产值（亿元）$" "$work/ambig.csv"
run_ce "$work/amb" rank "$work/export.csv" -w "$work/ambig.csv"
check "ambiguous: exit 1" [ "$(rc_of "$work/amb")" = 1 ]
check "ambiguous: names both" \
  grep -qF "clustereval: $work/export.csv:3: column \"主导产业产值（亿元）\" could be \"s_output\" or \"s_share\"" "$work/amb.err"

# ---- a profile whose codes are the Chinese headers (README) ----
awk -F, 'BEGIN { OFS = "," } NR == 1 { print; next }
  { nm[$1] = $2; if ($6 != "") $1 = $2 "（" $6 "）"; if ($3 in nm && $3 != "") $3 = $3; print }' "$W" >"$work/zh-codes.csv"
check "zh codes: a code is the header" grep -q "^主导产业产值（亿元）,主导产业产值,scale,1,+,亿元$" "$work/zh-codes.csv"
run_ce "$work/zc" rank "$work/export.csv" -w "$work/zh-codes.csv" --top 3
check "zh codes: exit 0" [ "$(rc_of "$work/zc")" = 0 ]
check "zh codes: the same first three" \
  bash -c "cut -d, -f1-4 '$work/zc.out' | sed -n 2,4p | diff - <(cut -d, -f1-4 '$work/clean.out' | sed -n 2,4p)"
e2e_done
