#!/usr/bin/env bash
# check_layers.sh - checks the direction of every #include "..." of src/ and
# include/clustereval/ against the layers of DESIGN.md §2.1 (README "Layout"):
#
#   core <- pipeline <- analysis <- report <- cli
#   core <- programmes <- cli            (programmes use core only)
#
# A file may include the headers of its own layer and of the layers it stands
# on. The layer of src/<layer>/NAME.[ch] is <layer>; that of a public header
# include/clustereval/NAME.h is the folder of its module src/<layer>/NAME.c.
# Besides the direction: the CLI uses the public headers only (no
# library-private src/<layer>/NAME.h), a public header includes public
# headers only, and every source sits in a layer folder.
#
#   tests/check_layers.sh [ROOT]                 checks ROOT (default: this repository)
#   tests/check_layers.sh --self-test ROOT WORK  plants violations in copies of ROOT
#                                                made in WORK; each must be caught
#
# Prints one line per violation, "FILE:LINE: what is wrong", and exits 1 when
# there is any (2 on a usage error).
set -uo pipefail

layers=(core pipeline analysis programmes report cli)
declare -A may_use=(
    [core]="core"
    [pipeline]="core pipeline"
    [analysis]="core pipeline analysis"
    [programmes]="core programmes"
    [report]="core pipeline analysis report"
    [cli]="core pipeline analysis programmes report cli"
)

check() {
    local root=$1 bad=0 f rel all
    all=$(IFS=,; echo "${layers[*]}")
    declare -A module_layer=() private_layer=()
    # Where each module and each private header lives.
    for f in "$root"/src/*; do
        rel=${f#"$root"/}
        if [ -f "$f" ]; then
            echo "$rel:1: a source outside the layer folders (src/{$all})"
            bad=1
        elif [ -d "$f" ] && [ -z "${may_use[${f##*/}]+x}" ]; then
            echo "$rel:1: a folder that is not a layer (src/{$all})"
            bad=1
        fi
    done
    local layer name
    for layer in "${layers[@]}"; do
        for f in "$root/src/$layer"/*.c "$root/src/$layer"/*.h; do
            [ -e "$f" ] || continue
            name=${f##*/}
            if [[ $f == *.c ]]; then
                module_layer[${name%.c}]=$layer
            elif [ -n "${private_layer[$name]+x}" ]; then
                echo "src/$layer/$name:1: a second header $name (also in src/${private_layer[$name]})"
                bad=1
            else
                private_layer[$name]=$layer
            fi
        done
    done
    for f in "$root"/include/clustereval/*.h; do
        name=${f##*/}
        name=${name%.h}
        if [ -z "${module_layer[$name]+x}" ]; then
            echo "include/clustereval/$name.h:1: a public header with no module src/<layer>/$name.c"
            bad=1
        fi
    done

    # Every #include "..." of every file.
    local from line target to kind
    while IFS= read -r hit; do
        f=${hit%%:*}
        hit=${hit#*:}
        line=${hit%%:*}
        [[ ${hit#*:} =~ \"([^\"]*)\" ]] && target=${BASH_REMATCH[1]}
        rel=${f#"$root"/}
        case $rel in
            src/*/*) from=${rel#src/}; from=${from%%/*}; kind=${from} ;;
            include/clustereval/*) name=${rel##*/}; from=${module_layer[${name%.h}]:-}
                                   kind=public ;;
        esac
        [ -n "$from" ] || continue   # a public header without a module: said above
        case $target in
            clustereval/*.h)
                name=${target#clustereval/}
                if [ ! -f "$root/include/$target" ]; then
                    echo "$rel:$line: includes \"$target\", which is not a public header"
                    bad=1
                    continue
                fi
                to=${module_layer[${name%.h}]:-}
                [ -n "$to" ] || continue
                ;;
            */*)
                echo "$rel:$line: includes \"$target\": spell a public header" \
                     "\"clustereval/NAME.h\" and a header beside the sources \"NAME.h\""
                bad=1
                continue
                ;;
            *)
                if [ -z "${private_layer[$target]+x}" ]; then
                    echo "$rel:$line: includes \"$target\", which is in no layer folder"
                    bad=1
                    continue
                fi
                to=${private_layer[$target]}
                if [ "$kind" = public ]; then
                    echo "$rel:$line: a public header includes \"$target\", which is private" \
                         "to src/$to"
                    bad=1
                    continue
                fi
                if [ "$from" = cli ] && [ "$to" != cli ]; then
                    echo "$rel:$line: the CLI includes \"$target\", which is private to the" \
                         "library (src/$to); the CLI uses the public headers only"
                    bad=1
                    continue
                fi
                ;;
        esac
        if [[ " ${may_use[$from]} " != *" $to "* ]]; then
            echo "$rel:$line: $from includes \"$target\" of $to; $from may include" \
                 "${may_use[$from]// /, } only"
            bad=1
        fi
    done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' \
                  "$root"/src/*/*.[ch] "$root"/include/clustereval/*.h 2>/dev/null)
    return "$bad"
}

self_test() {
    local root=$1 work=$2 failed=0
    rm -rf "$work"
    mkdir -p "$work"
    copy() {
        rm -rf "$work/tree"
        mkdir -p "$work/tree"
        cp -R "$root/src" "$root/include" "$work/tree/"
    }
    # plant NAME FILE LINE-TO-ADD EXPECTED-TEXT: adds the line after line 1
    # of FILE in a fresh copy; the check must fail and say EXPECTED-TEXT.
    plant() {
        local name=$1 file=$2 add=$3 expect=$4 out rc
        copy
        if [ -n "$add" ]; then
            sed -i "1a $add" "$work/tree/$file"
        fi
        out=$(check "$work/tree")
        rc=$?
        if [ "$rc" -ne 1 ] || ! grep -qF -- "$expect" <<<"$out"; then
            echo "FAIL: $name: exit $rc, expected 1 and \"$expect\"; output:"
            echo "$out"
            failed=1
        else
            echo "ok: $name: $(grep -F -- "$expect" <<<"$out" | head -n 1)"
        fi
    }
    copy
    if ! out=$(check "$work/tree"); then
        echo "FAIL: the unchanged copy does not pass:"
        echo "$out"
        failed=1
    fi
    plant "analysis includes report (audit.c before issue 14)" src/analysis/audit.c \
        '#include "clustereval/report.h"' \
        'src/analysis/audit.c:2: analysis includes "clustereval/report.h" of report'
    plant "core includes a CLI header" src/core/status.c '#include "cli.h"' \
        'src/core/status.c:2: core includes "cli.h" of cli'
    plant "pipeline includes programmes" src/pipeline/rank.c '#include "clustereval/ledger.h"' \
        'src/pipeline/rank.c:2: pipeline includes "clustereval/ledger.h" of programmes'
    plant "programmes include the pipeline" src/programmes/sme.c \
        '#include "clustereval/pipeline.h"' \
        'src/programmes/sme.c:2: programmes includes "clustereval/pipeline.h" of pipeline'
    plant "report includes programmes" src/report/xlsx.c '#include "clustereval/voucher.h"' \
        'src/report/xlsx.c:2: report includes "clustereval/voucher.h" of programmes'
    plant "the CLI includes a private header" src/cli/cmd_rank.c '#include "stats.h"' \
        'src/cli/cmd_rank.c:2: the CLI includes "stats.h", which is private'
    plant "a public header includes a private one" include/clustereval/table.h \
        '#include "textindex.h"' \
        'include/clustereval/table.h:2: a public header includes "textindex.h"'
    plant "a path into another folder" src/core/table.c '#include "../cli/cli.h"' \
        'src/core/table.c:2: includes "../cli/cli.h"'
    plant "a header that does not exist" src/core/table.c '#include "clustereval/nothing.h"' \
        'which is not a public header'
    copy
    : >"$work/tree/src/loose.c"
    if out=$(check "$work/tree") || ! grep -qF 'src/loose.c:1: a source outside' <<<"$out"; then
        echo "FAIL: a source directly in src/ is not caught; output:"
        echo "$out"
        failed=1
    else
        echo "ok: a source directly in src/"
    fi
    rm -rf "$work/tree"
    return "$failed"
}

case ${1:-} in
    --self-test)
        [ $# -eq 3 ] || { echo "usage: $0 --self-test ROOT WORK" >&2; exit 2; }
        self_test "$2" "$3"
        exit $?
        ;;
    -*)
        echo "usage: $0 [ROOT] | --self-test ROOT WORK" >&2
        exit 2
        ;;
esac
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
if ! check "$root"; then
    echo "check_layers: the includes above go against the layers (README \"Layout\")" >&2
    exit 1
fi
n_includes=$(cat "$root"/src/*/*.[ch] "$root"/include/clustereval/*.h |
             grep -cE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"')
n_files=$(ls "$root"/src/*/*.[ch] "$root"/include/clustereval/*.h | wc -l)
echo "check_layers: $n_includes includes in $n_files files follow the layers"
