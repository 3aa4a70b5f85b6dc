#!/bin/sh
# deps.sh - make sure the Debian packages thidua needs are installed.
# Installs what is missing when run as root (or with sudo available without a
# password); otherwise prints the exact apt-get line and fails.
# Usage: tools/deps.sh [build|check|demo|windows]   (default: check)
#   build  what `make` needs; check, demo  also LibreOffice and the test tools
#   windows  also wine (make check-windows)
set -eu
what=${1:-check}

# build: the library, the command and the extension (its libthidua.so carries
# zlib, libzip, libxml2 and ICU built from Debian's sources by
# tools/static-deps.sh: cmake, g++, dpkg-dev, xz-utils, icu-devtools), and
# the component for Windows in the same .oxt (tools/windows.mk: mingw-w64's
# -posix compilers, as ICU needs std::mutex)
build_pkgs="gcc g++ make pkg-config libxml2-dev libxml2-utils libzip-dev libicu-dev zlib1g-dev libcmocka-dev zip unzip binutils python3 libreoffice-dev cmake dpkg-dev xz-utils icu-devtools gcc-mingw-w64-x86-64-posix g++-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64"
office_pkgs="libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-dev python3-uno fonts-liberation fonts-liberation2 poppler-utils xsltproc binutils util-linux"
# windows: wine, to run the Windows build's tests (and LibreOffice, which
# fills the sheets they tally)
windows_pkgs="wine wine64"
case "$what" in
  build) pkgs="$build_pkgs" ;;
  windows) pkgs="$build_pkgs $office_pkgs $windows_pkgs" ;;
  check|demo) pkgs="$build_pkgs $office_pkgs" ;;
  *) echo "usage: $0 [build|check|demo|windows]" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "thidua: thiếu gói / missing packages:$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"
else
  echo "thidua: hãy cài đặt / please install them:" >&2
  echo "  sudo apt-get install -y --no-install-recommends$missing" >&2
  exit 1
fi
echo "thidua: apt-get install$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q || true
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
