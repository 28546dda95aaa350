#!/usr/bin/env bash
# Installs the Debian packages clustereval needs to build and test (jansson
# for JSON, nettle for SHA-256 and utf8proc for comparing ids among them;
# libzip and expat for reading .xlsx workbooks), only
# those that are missing, and says what it installs. Safe to run again.
#   scripts/setup.sh          what building needs (demo.sh)
#   scripts/setup.sh --test   also what the tests need: Criterion, unzip (to
#                             read workbooks back), chromium and a CJK font (to
#                             render the HTML reports headless), valgrind,
#                             time (peak memory of the stress tests), clang
#                             and its libFuzzer runtime (scripts/fuzz.sh),
#                             man-db (install_package renders the man page
#                             with man -l), libreoffice-calc-nogui (e2e
#                             xlsx_input reads a workbook LibreOffice wrote;
#                             266 MB, under a minute to install) (test.sh)
set -euo pipefail

packages=(gcc make cmake pkg-config libc6-dev libcsv-dev libgsl-dev libsqlite3-dev
          libxlsxwriter-dev libcriterion-dev libjansson-dev nettle-dev
          libutf8proc-dev libzip-dev libexpat1-dev)
if [ "${1:-}" = "--test" ]; then
  packages+=(unzip chromium fonts-noto-cjk valgrind time clang libclang-rt-14-dev man-db
             libreoffice-calc-nogui)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all build packages are present"
  exit 0
fi

echo "setup: installing missing Debian packages: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "setup: need root (or sudo) to install: ${missing[*]}" >&2
    exit 3
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: installed ${missing[*]}"
