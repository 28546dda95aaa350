#!/usr/bin/env bash
# install.sh BUILD SRC WORK CC [CFLAGS] - the Debian package and the
# installed library, as a user gets them (ctest install_package):
#   * cpack -G DEB builds the package from BUILD; its Depends name the
#     package (dpkg -S) of every library the binary needs;
#   * dpkg-deb -x unpacks it into a temporary root (no root needed): the
#     binary, libclustereval.a, the headers, clustereval.pc, the weights and
#     the man page are where a Debian user finds them;
#   * the unpacked clustereval, run from another folder, finds the shipped
#     weights relative to itself (rank, sme, training, voucher with their
#     defaults give what the build tree gives with the files named), and
#     without them it stops naming where it looked; the binary holds no
#     path of the source tree's weights;
#   * the man page renders and holds every line of every --help;
#   * every installed header compiles on its own, and
#     tests/install/example.c compiles against the unpacked headers and
#     library through pkg-config and ranks the sample: the top cluster and
#     its score are the CLI's.
# CFLAGS: what the example needs besides (-fsanitize=... in the ASan build,
# whose library is instrumented).
source "$2/tests/e2e/lib.sh"
build=$1 cc=$4 extra_cflags=${5:-}
exe_build="$build/clustereval"
e2e_init "$exe_build" "$2" "$3"
export LC_ALL=C.UTF-8
start=$SECONDS

# --- the package
(cd "$work" && cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1)
check "cpack -G DEB succeeds" [ $? -eq 0 ]
deb=$(ls "$work"/pkg/clustereval_*.deb 2>/dev/null | head -n 1)
check "a .deb named clustereval_VERSION_ARCH.deb ($deb)" [ -f "$deb" ]
[ -f "$deb" ] || { cat "$work/cpack.log"; e2e_done; }
check "the package is called clustereval" [ "$(dpkg-deb -f "$deb" Package)" = clustereval ]
version=$("$exe_build" --version)
check "its version is the binary's ($version)" [ "$(dpkg-deb -f "$deb" Version)" = "${version#clustereval }" ]
depends=$(dpkg-deb -f "$deb" Depends)
# Every library the binary links is in a declared package (the sanitizer
# runtimes of the ASan build are not: that package is for the test only).
for lib in $(objdump -p "$exe_build" | awk '/NEEDED/ { print $2 }'); do
  case $lib in libasan.so* | libubsan.so* | libtsan.so*) continue ;; esac
  path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64|x86_64|64bit/ { print $NF; exit }')
  [ -n "$path" ] || path=$(ldconfig -p | awk -v l="$lib" '$1 == l { print $NF; exit }')
  pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -n 1 | cut -d: -f1)
  [ -n "$pkg" ] || pkg=$(dpkg -S "$path" 2>/dev/null | head -n 1 | cut -d: -f1)
  check "Depends names $pkg (for $lib)" \
    grep -Eq "(^|, )$pkg( \\(|,|\$)" <<<"$depends"
done
dpkg-deb -c "$deb" | awk '{ print $NF }' | sed 's|^\./||' >"$work/contents"
for f in usr/bin/clustereval usr/lib/libclustereval.a usr/lib/pkgconfig/clustereval.pc \
         usr/include/clustereval/pipeline.h usr/include/clustereval/status.h \
         usr/share/man/man1/clustereval.1.gz usr/share/clustereval/weights/default.csv \
         usr/share/clustereval/weights/sme-standard-2011.csv \
         usr/share/clustereval/weights/voucher-policy.csv \
         usr/share/clustereval/weights/training-policy.csv \
         usr/share/clustereval/weights/summary-labels.csv; do
  check "the package holds /$f" grep -qx "$f" "$work/contents"
done
check "the package holds no header of the CLI" \
  bash -c "! grep -E 'include/clustereval/(cli|cli_options|cli_plan|cli_reports|cli_paths|rerun)\\.h' '$work/contents'"

root="$work/root"
mkdir -p "$root"
check "dpkg-deb -x unpacks it" dpkg-deb -x "$deb" "$root"
ce="$root/usr/bin/clustereval"
check "the shipped weights are the sources'" diff -r "$src/weights" "$root/usr/share/clustereval/weights"
check "the binary holds no path of the source tree's weights" \
  bash -c "! grep -aqF '$src/weights' '$ce'"

# --- the unpacked binary, run from another folder (no weights/ there)
elsewhere="$work/elsewhere"
mkdir -p "$elsewhere/b"
cd "$elsewhere" || exit 1
run_ce_at() { local p=$1 x=$2; shift 2; "$x" "$@" >"$p.out" 2>"$p.err"; echo $? >"$p.rc"; }
run_ce_at inst "$ce" rank "$src/samples/clusters-2023.csv" -o rank.csv
check "installed rank with the default profile: exit 0" [ "$(rc_of inst)" = 0 ]
run_ce_at bld "$exe_build" rank "$src/samples/clusters-2023.csv" -w "$src/weights/default.csv" \
  -o b/rank.csv
check "installed rank: the same summary on stderr, no warning" cmp inst.err bld.err
check "installed rank = build tree rank -w weights/default.csv" cmp rank.csv b/rank.csv
check "the manifest names the installed profile" \
  grep -qF "$root/usr/share/clustereval/weights/default.csv" rank.csv.manifest.json
run_ce_at inst-sme "$ce" sme "$src/samples/enterprises-2024.csv" -o sme.csv
run_ce_at bld-sme "$exe_build" sme "$src/samples/enterprises-2024.csv" \
  --standard "$src/weights/sme-standard-2011.csv" -o b/sme.csv
check "installed sme with the default standard = build tree --standard" \
  bash -c "[ \$(cat inst-sme.rc) = \$(cat bld-sme.rc) ] && cmp sme.csv b/sme.csv"
run_ce_at inst-tr "$ce" training "$src/samples/training-2023.csv" -o training.csv
run_ce_at bld-tr "$exe_build" training "$src/samples/training-2023.csv" \
  --policy "$src/weights/training-policy.csv" -o b/training.csv
check "installed training with the default policy = build tree --policy" \
  bash -c "[ \$(cat inst-tr.rc) = \$(cat bld-tr.rc) ] && cmp training.csv b/training.csv"
run_ce_at inst-v "$ce" voucher issue "$src/samples/vouchers-2023.csv" --cycle 2023A \
  --pool 4413500 --ledger v.db -o vouchers.csv
run_ce_at bld-v "$exe_build" voucher issue "$src/samples/vouchers-2023.csv" --cycle 2023A \
  --pool 4413500 --ledger b/v.db --policy "$src/weights/voucher-policy.csv" \
  --standard "$src/weights/sme-standard-2011.csv" -o b/vouchers.csv
check "installed voucher issue with the default policy and standard: exit 0" \
  [ "$(rc_of inst-v)" = 0 ]
check "installed voucher issue = build tree --policy --standard" cmp vouchers.csv b/vouchers.csv

# Without its weights folder the binary says where it looked.
mkdir -p lonely/bin
cp "$ce" lonely/bin/clustereval
run_ce_at lonely lonely/bin/clustereval rank "$src/samples/clusters-2023.csv" -o lonely.csv
check "no weights folder: exit 3" [ "$(rc_of lonely)" = 3 ]
check "no weights folder: the message names the installed place" \
  grep -qF "lonely/bin/../share/clustereval/weights/default.csv" lonely.err
check "no weights folder: no output" [ ! -e lonely.csv ]

# --- the man page
page="$root/usr/share/man/man1/clustereval.1.gz"
zcat "$page" >clustereval.1
check "man page: .TH CLUSTEREVAL 1" grep -q '^\.TH CLUSTEREVAL 1 ' clustereval.1
for s in NAME SYNOPSIS DESCRIPTION COMMANDS FILES; do
  check "man page: section $s" grep -qx "\\.SH $s" clustereval.1
done
commands="rank audit weights uncertainty sensitivity sme voucher training verify"
for c in $commands; do
  check "man page: a subsection for $c" grep -qx "\\.SS $c" clustereval.1
done
if command -v man >/dev/null; then
  MANWIDTH=200 man -l "$page" >man.txt 2>man.err
  renderer="man -l"
elif command -v groff >/dev/null; then
  groff -k -man -Tutf8 clustereval.1 >man.txt 2>man.err
  renderer="groff"
else
  renderer=""
fi
if [ -n "$renderer" ]; then
  check "man page: $renderer renders it without a warning" [ ! -s man.err ]
  sed 's/\x1b\[[0-9;]*m//g; s/.\x08//g' man.txt >man.plain
  missing=0
  { "$exe_build" --help; for c in $commands; do "$exe_build" "$c" --help; done; } >helps.txt
  while IFS= read -r line; do
    line=$(sed 's/^ *//; s/ *$//' <<<"$line")
    [ -n "$line" ] || continue
    grep -qF -- "$line" man.plain || { missing=$((missing + 1)); echo "not in the page: $line"; }
  done <helps.txt
  check "man page: every line of every --help is in the rendered page ($(wc -l <helps.txt) lines)" \
    [ "$missing" = 0 ]
else
  pass "man page: neither man nor groff here; its structure was checked above"
fi

# --- the library through pkg-config
pc_dir="$root/usr/lib/pkgconfig"
pc() { PKG_CONFIG_PATH="$pc_dir" pkg-config --define-variable=prefix="$root/usr" "$@"; }
check "pkg-config knows clustereval" pc --exists clustereval
check "pkg-config --modversion is the binary's" [ "$(pc --modversion clustereval)" = "${version#clustereval }" ]
cflags=$(pc --cflags clustereval) libs=$(pc --libs clustereval)
check "pkg-config --cflags points into the unpacked root ($cflags)" \
  grep -qF -- "-I$root/usr/include" <<<"$cflags"
check "pkg-config --libs links the unpacked libclustereval.a" \
  grep -qF -- "-L$root/usr/lib" <<<"$libs"
# Every installed header stands alone: it compiles first in a file, with
# nothing but the installed include folder and pkg-config's flags.
bad_headers=""
n_headers=0
for h in "$root"/usr/include/clustereval/*.h; do
  n_headers=$((n_headers + 1))
  name=clustereval/$(basename "$h")
  # shellcheck disable=SC2086 # the flags are words
  printf '#include <%s>\n' "$name" |
    "$cc" -std=c11 -Wall -Wextra -Werror -fsyntax-only $cflags -x c - 2>>headers.err ||
    bad_headers="$bad_headers $name"
done
check "each of the $n_headers installed headers compiles on its own${bad_headers:+ (not:$bad_headers)}" \
  [ -z "$bad_headers" ]
check "the public headers are installed ($n_headers > 20)" [ "$n_headers" -gt 20 ]
# shellcheck disable=SC2086 # the flags are words
"$cc" -std=c11 -Wall -Wextra -Werror $extra_cflags "$src/tests/install/example.c" \
  $cflags $libs -o example 2>example.cc.err
check "example.c compiles and links through pkg-config" [ -x example ]
cat example.cc.err
./example "$src/samples/clusters-2023.csv" "$root/usr/share/clustereval/weights/default.csv" \
  >example.out 2>example.err
check "the example runs: exit 0" [ $? -eq 0 ]
top=$(sed -n 2p rank.csv | cut -d, -f2,4 | tr , ' ')
check "the example's top cluster is rank's first row ($top)" [ "$(cat example.out)" = "$top" ]
check "rank's first row is SD-2023-002 at 64.343631" [ "$top" = "SD-2023-002 64.343631" ]

echo "install.sh: $((SECONDS - start)) s"
e2e_done
