#!/usr/bin/env bash
# check_html.sh FILE.html SHOT.png [BARS [AWARDS]] - renders an HTML report
# of `clustereval rank --html` / `uncertainty --html` in a real browser
# (headless Chromium) and checks what the browser made of it:
#   * the DOM (--dump-dom, after parsing and the inline script) ends in
#     </html>, has BARS <rect class="bar"> elements and AWARDS
#     <tr class="award"> rows (when given), and no NaN / undefined /
#     Infinity / inf / nan / null text;
#   * a screenshot (1280x2400) exists, is a PNG and is larger than 20 kB.
# Exit 0 when every check passes, 1 when one fails, 2 on bad arguments,
# 77 when no chromium is installed (the caller decides: skip or failure).
# Chromium runs with a fresh profile and HOME in a temporary folder, so it
# never touches the real home; each run is limited to $CE_CHROMIUM_TIMEOUT
# seconds (default 60).
set -uo pipefail

if [[ $# -lt 2 || $# -gt 4 ]]; then
    echo "usage: $0 FILE.html SHOT.png [BARS [AWARDS]]" >&2
    exit 2
fi
html=$1 shot=$2 bars=${3:-} awards=${4:-}
for n in "$bars" "$awards"; do
    if [[ -n $n && ! $n =~ ^[0-9]+$ ]]; then
        echo "$0: \"$n\" is not a count" >&2
        exit 2
    fi
done
if [[ ! -f $html ]]; then
    echo "$0: cannot open $html" >&2
    exit 1
fi

browser=
for b in chromium chromium-browser; do
    if command -v "$b" >/dev/null 2>&1; then
        browser=$b
        break
    fi
done
if [[ -z $browser ]]; then
    echo "$0: no chromium or chromium-browser on PATH: cannot check $html in a browser" >&2
    exit 77
fi

abs() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd -P)" "$(basename "$1")"); }
html_abs=$(abs "$html")
shot_dir=$(dirname "$shot")
if [[ ! -d $shot_dir ]]; then
    echo "$0: no folder $shot_dir for the screenshot" >&2
    exit 1
fi
shot_abs=$(abs "$shot")

work=$(mktemp -d "${TMPDIR:-/tmp}/ce_check_html_XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
mkdir "$work/home" "$work/profile"
timeout_s=${CE_CHROMIUM_TIMEOUT:-60}

# The flags that work with Chromium 120+ (the new headless mode) as root in a
# container: no sandbox, no GPU, no shared-memory files in a small /dev/shm.
run_browser() {
    HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache" \
        timeout "$timeout_s" "$browser" --headless --no-sandbox --disable-gpu \
        --disable-dev-shm-usage --no-first-run --no-default-browser-check \
        --disable-extensions --hide-scrollbars --user-data-dir="$work/profile" "$@"
}

failures=0
check() { # check DESCRIPTION CONDITION-EXIT-CODE
    if [[ $2 -eq 0 ]]; then
        echo "ok:   $1"
    else
        echo "FAIL: $1"
        failures=$((failures + 1))
    fi
}

echo "$0: $("$browser" --version 2>/dev/null | head -1) on $html_abs"

start=$(date +%s%N)
run_browser --dump-dom "file://$html_abs" >"$work/dom.html" 2>"$work/dom.err"
rc=$?
echo "      dump-dom: exit $rc, $(( ($(date +%s%N) - start) / 1000000 )) ms, $(wc -c <"$work/dom.html") bytes"
check "chromium --dump-dom ran (exit $rc)" "$rc"
if [[ $rc -ne 0 ]]; then
    grep -v -i dbus "$work/dom.err" | tail -5 >&2
fi

count() { grep -o -E "$1" "$work/dom.html" | wc -l; }
tail -c 64 "$work/dom.html" | grep -q '</html>'
check "the DOM is complete (ends in </html>)" $?
if [[ -n $bars ]]; then
    got=$(count '<rect [^>]*class="bar"')
    [[ $got -eq $bars ]]
    check "<rect class=\"bar\"> elements: $got, expected $bars" $?
fi
if [[ -n $awards ]]; then
    got=$(count '<tr [^>]*class="award"')
    [[ $got -eq $awards ]]
    check "<tr class=\"award\"> rows: $got, expected $awards" $?
fi
# A missing value leaking as text: NaN, undefined, Infinity anywhere; inf,
# nan, null as words ("provenance" is fine).
bad=$(grep -o -E 'NaN|undefined|Infinity|(^|[^A-Za-z])(-?inf|-?nan|null)([^A-Za-z]|$)' \
    "$work/dom.html" | head -3 | tr '\n' ' ')
[[ -z $bad ]]
check "no NaN/undefined/Infinity/inf/nan/null text${bad:+ (found: $bad)}" $?

rm -f "$shot_abs"
start=$(date +%s%N)
(cd "$work" && run_browser --window-size=1280,2400 --screenshot="$shot_abs" \
    "file://$html_abs" >"$work/shot.out" 2>"$work/shot.err")
rc=$?
echo "      screenshot: exit $rc, $(( ($(date +%s%N) - start) / 1000000 )) ms"
check "chromium --screenshot ran (exit $rc)" "$rc"
if [[ $rc -ne 0 ]]; then
    grep -v -i dbus "$work/shot.err" | tail -5 >&2
fi
size=0
[[ -f $shot_abs ]] && size=$(wc -c <"$shot_abs")
[[ -f $shot_abs && $(head -c 8 "$shot_abs" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]]
check "$shot is a PNG" $?
[[ $size -gt 20480 ]]
check "$shot is larger than 20 kB ($size bytes)" $?

if [[ $failures -gt 0 ]]; then
    echo "$0: $failures check(s) failed"
    exit 1
fi
echo "$0: all checks passed"
exit 0
