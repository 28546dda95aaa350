# ref_pipeline.awk - an independent reference implementation of
# normalise -> aggregate -> rank, written from COINr's published formulas
# (n_minmax, n_zscore, n_rank, n_prank, n_borda, n_dist2max, n_dist2targ,
# n_goalposts, a_amean, a_gmean, a_hmean), not from clustereval's C code.
# Portable awk (mawk 1.3.4, gawk, busybox awk): no gawk extensions.
#
# usage:
#   awk -f ref_pipeline.awk -v method=M [-v agg=A] [-v lo=L -v hi=H]
#       [-v zm=M -v zs=S] [-v tol=1e-9] [-v label=TEXT] PROFILE DATA OUTPUT
#     computes every unit's composite, dimension scores and ranks and
#     compares them with OUTPUT (clustereval's ranked CSV, no BOM): scores to
#     tol * max(1, |expected|), ranks exactly. Prints the largest difference;
#     exits 1 on any mismatch.
#   awk -f ref_pipeline.awk -v method=M -v dump=1 ... PROFILE DATA
#     prints "id indicator value" for every normalised value instead.
#
# method: minmax zscore rank prank borda dist2max dist2target goalpost
# agg:    arithmetic (default) geometric harmonic, at every level
# lo, hi: minmax range (default 0,100; 1,100 under geometric/harmonic)
# zm, zs: zscore mean and standard deviation (default 0, 1)
#
# Conventions (COINr): every method works on x' = x * direction over the units
# with a value;
#   minmax       lo + (x'-min)/(max-min) * (hi-lo)     (constant: hi)
#   zscore       (x'-mean)/sd * zs + zm, sd with n-1   (constant: zm)
#   rank         rank of x' ascending, ties take the lowest rank
#   prank        (rank-1)/(n-1)
#   borda        rank-1
#   dist2max     1 - (max-x')/(max-min)                (constant: 1)
#   dist2target  1 - (t'-x')/(t'-min), t' = target * direction, no cap
#   goalpost     (x'-lo')/(hi'-lo') clamped to [0,1], * 100, with
#                lo',hi' = lo,hi (direction +) or -hi,-lo (direction -)
# Aggregation over the present children c of a node, weights w_c:
#   arithmetic   sum(w s)/sum(w)
#   geometric    exp(sum(w log s)/sum(w))   = prod(s^w)^(1/sum(w))
#   harmonic     sum(w)/sum(w/s)
# A node without a present child is missing. Ranks: competition ranking,
# descending; a and b tie when |a-b| <= 1e-9 max(1,|a|,|b|), a run of ties is
# judged against its best score.

function abs(v) { return v < 0 ? -v : v }
function max3(a, b, c) { return a > b ? (a > c ? a : c) : (b > c ? b : c) }

# Splits one CSV record (RFC 4180, no line breaks inside fields) into f[1..n],
# trimming spaces and tabs around unquoted fields; returns n.
function csvsplit(s, f,    n, i, c, q, cur, len) {
  n = 0; cur = ""; q = 0; len = length(s)
  sub(/\r$/, "", s); len = length(s)
  for (i = 1; i <= len; i++) {
    c = substr(s, i, 1)
    if (q) {
      if (c == "\"") {
        if (substr(s, i + 1, 1) == "\"") { cur = cur "\""; i++ } else q = 0
      } else cur = cur c
    } else if (c == "\"") q = 1
    else if (c == ",") { f[++n] = trim(cur); cur = "" }
    else cur = cur c
  }
  f[++n] = trim(cur)
  return n
}
function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
function missing(s) {
  return s == "" || s == "NA" || s == "N/A" || s == "n/a" || s == "null" || s == "-"
}
function die(msg) { print "ref_pipeline.awk: " msg > "/dev/stderr"; err = 1; exit 1 }

# Competition ranks (descending) of val[1..nu] where pres[] is set, into rk[].
# Uses the globals ord[] and ties.
function comp_rank(val, pres, rk,    m, i, j, u, lead, a, b) {
  m = 0
  for (i = 1; i <= nu; i++) {
    rk[i] = ""
    if (!(i in pres)) continue
    # insertion sort, descending
    j = ++m
    while (j > 1 && val[ord[j - 1]] < val[i]) { ord[j] = ord[j - 1]; j-- }
    ord[j] = i
  }
  for (j = 1; j <= m; j++) {
    u = ord[j]
    if (j > 1) {
      a = val[lead]; b = val[u]
      if (abs(a - b) <= 1e-9 * max3(1, abs(a), abs(b))) { rk[u] = rk[lead]; ties++; continue }
    }
    lead = u; rk[u] = j
  }
}

BEGIN {
  if (method == "") method = "minmax"
  if (agg == "") agg = "arithmetic"
  if (tol == "") tol = 1e-9
  if (lo == "" && hi == "") {
    lo = (agg == "geometric" || agg == "harmonic") ? 1 : 0; hi = 100
  }
  if (zm == "") zm = 0
  if (zs == "") zs = 1
  if (label == "") label = method "/" agg
  lo += 0; hi += 0; zm += 0; zs += 0; tol += 0
  if (method !~ /^(minmax|zscore|rank|prank|borda|dist2max|dist2target|goalpost)$/)
    die("unknown method " method)
  if (agg !~ /^(arithmetic|geometric|harmonic)$/) die("unknown aggregation " agg)
}

FNR == 1 { file++ }

# ---- the profile ----------------------------------------------------------
file == 1 && FNR == 1 {
  nh = csvsplit($0, h)
  for (i = 1; i <= nh; i++) pcol[h[i]] = i
  if (!("code" in pcol) || !("parent" in pcol) || !("weight" in pcol) || !("direction" in pcol))
    die("profile lacks code/parent/weight/direction")
  next
}
file == 1 {
  if ($0 ~ /^[ \t\r]*$/) next
  csvsplit($0, f)
  k = ++nn
  code[k] = f[pcol["code"]]; par[k] = f[pcol["parent"]]; w[k] = f[pcol["weight"]] + 0
  d = f[pcol["direction"]]
  dir[k] = (d == "+" || d == "1") ? 1 : (d == "-" || d == "-1") ? -1 : 0
  tgt[k] = ("target" in pcol) ? f[pcol["target"]] : ""
  glo[k] = ("lo" in pcol) ? f[pcol["lo"]] : ""
  ghi[k] = ("hi" in pcol) ? f[pcol["hi"]] : ""
  idx[code[k]] = k
  next
}

# ---- the data -------------------------------------------------------------
file == 2 && FNR == 1 {
  # the profile is complete: children, leaves, depths
  for (k = 1; k <= nn; k++) {
    if (par[k] == "") { ndim++; dim[ndim] = k; continue }
    if (!(par[k] in idx)) die("unknown parent " par[k])
    p = idx[par[k]]; nch[p]++; ch[p, nch[p]] = k
  }
  maxdepth = 0
  for (k = 1; k <= nn; k++) {
    depth[k] = 1
    for (p = k; par[p] != ""; p = idx[par[p]]) depth[k]++
    if (depth[k] > maxdepth) maxdepth = depth[k]
  }
  ddn = csvsplit($0, h)
  for (i = 1; i <= ddn; i++) dcol[h[i]] = i
  if (!("id" in dcol)) die("data has no id column")
  for (k = 1; k <= nn; k++) if (!(k in nch)) {
    nl++; leaf[nl] = k
    if (!(code[k] in dcol)) die("indicator " code[k] " is not a column of the data")
    if (dir[k] == 0) die("indicator " code[k] " has no direction")
  }
  next
}
file == 2 {
  if ($0 ~ /^[ \t\r]*$/) next
  csvsplit($0, f)
  i = ++nu; uid[i] = f[dcol["id"]]; unit[uid[i]] = i
  for (j = 1; j <= nl; j++) {
    s = f[dcol[code[leaf[j]]]]
    if (!missing(s)) { x[i, j] = s * dir[leaf[j]]; ncells++ } else nmiss++
  }
  next
}

# ---- clustereval's output ---------------------------------------------------
file == 3 && FNR == 1 {
  no = csvsplit($0, h)
  for (i = 1; i <= no; i++) ocol[h[i]] = i
  if (!("rank" in ocol) || !("id" in ocol) || !("score" in ocol)) die("output lacks rank/id/score")
  next
}
file == 3 {
  if ($0 ~ /^[ \t\r]*$/) next
  nrow++
  no = csvsplit($0, f)
  id = f[ocol["id"]]
  if (id in got_rank) { print label ": unit " id " listed twice"; bad++ }
  got_rank[id] = f[ocol["rank"]]; got_score[id] = f[ocol["score"]]
  for (q = 1; q <= ndim; q++) {
    c = code[dim[q]]
    if (!(c in ocol) || !((c "_rank") in ocol)) { print label ": output lacks column " c; bad++; continue }
    got_dim[id, q] = f[ocol[c]]; got_drank[id, q] = f[ocol[c "_rank"]]
  }
  next
}

END {
  if (err) exit 1
  if (file < 2) die("need PROFILE DATA [OUTPUT]")

  # ---- normalise, indicator by indicator (x[i,j] already holds x') -------
  for (j = 1; j <= nl; j++) {
    k = leaf[j]; n = 0; sum = 0
    for (i = 1; i <= nu; i++) if ((i, j) in x) {
      v = x[i, j]
      if (n == 0 || v < mn) mn = v
      if (n == 0 || v > mx) mx = v
      n++; sum += v
    }
    if (n == 0) continue
    if (method == "zscore") {
      mean = sum / n; ss = 0
      for (i = 1; i <= nu; i++) if ((i, j) in x) ss += (x[i, j] - mean) ^ 2
      sd = n > 1 ? sqrt(ss / (n - 1)) : 0
    }
    if (method == "dist2target") {
      if (tgt[k] == "") die("indicator " code[k] " has no target")
      tp = tgt[k] * dir[k]
    }
    if (method == "goalpost") {
      if (glo[k] == "" || ghi[k] == "") die("indicator " code[k] " has no goalposts")
      if (dir[k] > 0) { gl = glo[k] + 0; gh = ghi[k] + 0 } else { gl = -ghi[k]; gh = -glo[k] }
    }
    for (i = 1; i <= nu; i++) if ((i, j) in x) {
      v = x[i, j]
      if (method == "minmax") y = (mx == mn) ? hi : lo + (v - mn) / (mx - mn) * (hi - lo)
      else if (method == "zscore") y = (sd == 0) ? zm : (v - mean) / sd * zs + zm
      else if (method == "dist2max") y = (mx == mn) ? 1 : 1 - (mx - v) / (mx - mn)
      else if (method == "dist2target") y = 1 - (tp - v) / (tp - mn)
      else if (method == "goalpost") {
        y = (v - gl) / (gh - gl)
        if (y < 0) y = 0
        if (y > 1) y = 1
        y *= 100
      } else {
        r = 1   # rank, ties take the lowest rank: 1 + number of smaller values
        for (u = 1; u <= nu; u++) if ((u, j) in x && x[u, j] < v) r++
        if (method == "rank") y = r
        else if (method == "borda") y = r - 1
        else y = n > 1 ? (r - 1) / (n - 1) : 0   # prank
      }
      sc[i, k] = y
    }
  }

  if (dump) {
    for (i = 1; i <= nu; i++) for (j = 1; j <= nl; j++)
      if ((i, leaf[j]) in sc) printf "%s %s %.17g\n", uid[i], code[leaf[j]], sc[i, leaf[j]]
    exit 0
  }

  # ---- aggregate: deepest groups first, then the composite (node 0) ------
  for (dp = maxdepth; dp >= 0; dp--) {
    for (k = (dp == 0 ? 0 : 1); k <= (dp == 0 ? 0 : nn); k++) {
      if (k > 0 && (depth[k] != dp || !(k in nch))) continue
      m = (k == 0) ? ndim : nch[k]
      for (i = 1; i <= nu; i++) {
        sw = 0; acc = 0; any = 0
        for (c = 1; c <= m; c++) {
          cc = (k == 0) ? dim[c] : ch[k, c]
          if (!((i, cc) in sc)) continue
          s = sc[i, cc]; wc = w[cc]
          if (agg != "arithmetic" && s <= 0) {
            printf "%s: unit %s: %s = %.17g is not positive (%s aggregation)\n", \
              label, uid[i], code[cc], s, agg
            bad++; continue
          }
          any = 1; sw += wc
          if (agg == "arithmetic") acc += wc * s
          else if (agg == "geometric") acc += wc * log(s)
          else acc += wc / s
        }
        if (!any || sw == 0) continue
        if (agg == "arithmetic") y = acc / sw
        else if (agg == "geometric") y = exp(acc / sw)
        else y = sw / acc
        sc[i, k] = y
      }
    }
  }

  # ---- ranks ------------------------------------------------------------
  for (i = 1; i <= nu; i++) if ((i, 0) in sc) { cv[i] = sc[i, 0]; cp[i] = 1 }
  comp_rank(cv, cp, crk)
  for (q = 1; q <= ndim; q++) {
    for (i = 1; i <= nu; i++) { delete dp_[i]; if ((i, dim[q]) in sc) { dv[i] = sc[i, dim[q]]; dp_[i] = 1 } }
    comp_rank(dv, dp_, rtmp)
    for (i = 1; i <= nu; i++) drk[i, q] = rtmp[i]
  }
  # smallest relative gap between neighbouring composite scores (tie safety)
  mingap = -1
  for (i = 1; i <= nu; i++) if (i in cp) for (u = i + 1; u <= nu; u++) if (u in cp) {
    g = abs(cv[i] - cv[u]) / max3(1, abs(cv[i]), abs(cv[u]))
    if (mingap < 0 || g < mingap) mingap = g
  }

  # ---- compare --------------------------------------------------------------
  maxd = 0; maxr = 0
  for (i = 1; i <= nu; i++) {
    id = uid[i]
    if (!(id in got_rank)) { print label ": unit " id " missing from the output"; bad++; continue }
    cmp(id, "score", (i, 0) in sc, sc[i, 0], got_score[id])
    if (got_rank[id] != crk[i] "") {
      print label ": unit " id " rank: expected " crk[i] ", got " got_rank[id]; bad++
    }
    for (q = 1; q <= ndim; q++) {
      cmp(id, code[dim[q]], (i, dim[q]) in sc, sc[i, dim[q]], got_dim[id, q])
      if (got_drank[id, q] != drk[i, q] "") {
        print label ": unit " id " " code[dim[q]] "_rank: expected " drk[i, q] ", got " got_drank[id, q]
        bad++
      }
    }
  }
  if (nrow != nu) { print label ": output has " nrow " rows, data " nu " units"; bad++ }
  printf "%s: %d units x %d indicators (%d values, %d missing), largest difference %.3g (relative %.3g), %d tie(s), smallest relative gap between composites %.3g%s\n", \
    label, nu, nl, ncells, nmiss, maxd, maxr, ties, mingap, bad ? ", " bad " MISMATCH(ES)" : ", all match"
  exit (bad > 0)
}

# Compares one score: present/missing must agree, values to tol*max(1,|e|).
function cmp(id, what, present, e, g,    d, r) {
  if (!present) {
    if (g != "") { print label ": unit " id " " what ": expected missing, got " g; bad++ }
    return
  }
  if (g == "" || g !~ /^[-+]?[0-9]/) {
    print label ": unit " id " " what ": expected " sprintf("%.15g", e) ", got \"" g "\""; bad++; return
  }
  d = abs(g - e); r = d / max3(1, abs(e), 0)
  if (d > maxd) maxd = d
  if (r > maxr) maxr = r
  if (r > tol) {
    printf "%s: unit %s %s: expected %.15g, got %s (difference %.3g)\n", label, id, what, e, g, d
    bad++
  }
}
