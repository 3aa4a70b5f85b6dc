#!/bin/sh
# static-deps.sh - zlib, libzip, libxml2 and ICU built as static, -fPIC
# archives from Debian's own source packages, for libraries that must carry
# them inside (the .oxt's libthidua.so: nothing from the host but glibc and
# LibreOffice's UNO libraries). ICU's data is cut down to what thidua uses
# (tools/icu-data.list).
#
# Usage: tools/static-deps.sh TARGET
#   TARGET: linux-x86_64 (the host's gcc), or windows-x86_64 (cross-built with
#           Debian's mingw-w64 -posix compilers; also cmocka, for the unit
#           tests run under wine)
# Prints the prefix on standard output (include/, lib/libz.a, libzip.a,
# libxml2.a, libicui18n.a, libicuuc.a, libicudata.a, licenses/; for Windows
# also libcmocka.a); the build's progress goes to standard error.
#
# The result is cached under THIDUA_DEPS_CACHE, by default
# /var/cache/thidua/deps when that can be written (root: CI, which runs as
# root in a fresh clone, reuses it), else ~/.cache/thidua/deps; one folder per
# target and key, the key made of the source package versions (those of the
# installed -dev packages, whose headers the library is compiled with), this
# script and the ICU data list. A cold build takes about 5 minutes on 2 cores.
#
# Sources come from deb.debian.org through a private apt configuration (the
# system's apt settings and lists stay untouched); needs dpkg-dev, cmake, g++,
# icu-devtools (tools/deps.sh build installs them).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
target=${1:-}
suite=${THIDUA_DEPS_SUITE:-bookworm}
mirror=${THIDUA_DEPS_MIRROR:-http://deb.debian.org/debian}
security=${THIDUA_DEPS_SECURITY:-http://deb.debian.org/debian-security}
jobs=${THIDUA_DEPS_JOBS:-2}

log() { echo "static-deps: $*" >&2; }
die() { log "$*"; exit 1; }

case "$target" in
  linux-x86_64)
    target_cc=gcc; target_cxx=g++; target_ar=ar
    target_cflags="-O2 -fPIC -ffunction-sections -fdata-sections"
    target_icu_configure=""
    target_genccode_asm=gcc
    target_host=""
    target_libxml2=""
    target_libxml2_cflags=""
    ;;
  windows-x86_64)
    # -posix: ICU needs std::mutex. ICU's headers must be told it is static
    # (else dllimport); so must libzip's and libxml2's consumers (ZIP_STATIC,
    # LIBXML_STATIC: the Makefile's windows flags).
    target_host=x86_64-w64-mingw32
    target_cc=$target_host-gcc-posix; target_cxx=$target_host-g++-posix; target_ar=$target_host-ar
    target_cflags="-O2 -ffunction-sections -fdata-sections -DU_STATIC_IMPLEMENTATION"
    target_icu_configure="--host=$target_host"
    target_genccode_asm=gcc-mingw64
    # no iconv on Windows: libxml2's own UTF-8, UTF-16 and Latin-1 remain
    # LIBXML_STATIC: else every libxml2 function is dllexport and a DLL
    # linking the archive exports them all
    target_libxml2="-DLIBXML2_WITH_ICONV=OFF"
    target_libxml2_cflags="-DLIBXML_STATIC"
    ;;
  *) echo "usage: $0 linux-x86_64|windows-x86_64" >&2; exit 2 ;;
esac

if [ -n "${THIDUA_DEPS_CACHE:-}" ]; then cache=$THIDUA_DEPS_CACHE
elif mkdir -p /var/cache/thidua/deps 2>/dev/null && [ -w /var/cache/thidua/deps ]; then
  cache=/var/cache/thidua/deps
else cache=${XDG_CACHE_HOME:-$HOME/.cache}/thidua/deps
fi
mkdir -p "$cache"

# Source package and version of each installed -dev package: the static
# archives are built from the very sources of the headers in use.
pins=""
devs="zlib1g-dev libzip-dev libxml2-dev libicu-dev"
[ -z "$target_host" ] || devs="$devs libcmocka-dev"
for dev in $devs; do
  p=$(dpkg-query -W -f='${source:Package}=${source:Version}' "$dev" 2>/dev/null) ||
    die "$dev is not installed (run tools/deps.sh build)"
  pins="$pins $p"
done
key=$(printf '%s\n' "$target $suite $pins" | cat - "$0" "$here/icu-data.list" | sha256sum | cut -c1-16)
prefix=$cache/$target-$key
if [ -f "$prefix/.complete" ]; then
  echo "$prefix"
  exit 0
fi

for tool in dpkg-source cmake "$target_cc" "$target_cxx" icupkg genccode; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (run tools/deps.sh build)"
done

exec 9>"$cache/.lock"
flock 9
if [ -f "$prefix/.complete" ]; then echo "$prefix"; exit 0; fi
t0=$(date +%s)
log "building zlib, libzip, libxml2, ICU for $target ($pins ) into $prefix"
work=$cache/work-$target-$key
rm -rf "$work" "$prefix"
mkdir -p "$work/apt/lists/partial" "$work/apt/cache/archives/partial" "$work/src" \
  "$prefix/include" "$prefix/lib" "$prefix/licenses"
logf=$work/build.log
: >"$logf"
trap 'rc=$?; [ $rc -ne 0 ] && { tail -n 40 "$logf" >&2; log "failed (whole log: $logf)"; }; exit $rc' EXIT

# --- sources, from deb-src through a private apt configuration -------------
cat >"$work/apt/sources.list" <<EOF
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite-updates main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $security $suite-security main
EOF
apt_private() {
  apt-get -q -o Dir::Etc::SourceList="$work/apt/sources.list" \
    -o Dir::Etc::SourceParts=/nonexistent -o Dir::State::Lists="$work/apt/lists" \
    -o Dir::Cache="$work/apt/cache" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= \
    -o APT::Sandbox::User="$(id -un)" -o Debug::NoLocking=1 "$@"
}
apt_private update >>"$logf" 2>&1 || die "apt-get update (deb-src) failed"
cd "$work/src"
for pin in $pins; do
  name=${pin%%=*}
  # the exact version; else (gone from the archive, or listed but missing
  # from a mirror) the suite's updates, then its release
  got_src=""
  for want_src in "$pin" "$name/$suite-updates" "$name/$suite"; do
    if apt_private source --download-only "$want_src" >>"$logf" 2>&1; then got_src=$want_src; break; fi
    rm -f "$work/src/${name}"_*
  done
  [ -n "$got_src" ] || die "apt-get source $name failed"
  [ "$got_src" = "$pin" ] || log "warning: $pin cannot be downloaded: building $got_src"
  dsc=$(ls "$work/src/${name}"_*.dsc | head -n 1)
  echo "$name $(basename "$dsc" .dsc | sed "s/^${name}_//")" >>"$work/versions.txt"
  dpkg-source --no-check -x "$dsc" "$work/src/$name" >>"$logf" 2>&1 || die "dpkg-source -x $dsc failed"
  # upstream version must be that of the headers in use
  want=$(echo "${pin#*=}" | sed 's/^[0-9]*://; s/-[^-]*$//; s/[.+~]dfsg.*//')
  got=$(basename "$dsc" .dsc | sed "s/^${name}_//; s/-[^-]*\$//; s/[.+~]dfsg.*//")
  [ "$want" = "$got" ] || die "$name: source $got, installed headers $want"
done
S=$work/src

export CC="$target_cc" CXX="$target_cxx" AR="$target_ar"
cmake_common="-DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF
  -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DCMAKE_INSTALL_PREFIX=$prefix
  -DCMAKE_INSTALL_LIBDIR=lib -DCMAKE_C_FLAGS_RELEASE=-DNDEBUG"
if [ -n "$target_host" ]; then
  # a cross toolchain: libraries and headers from the prefix only
  cat >"$work/toolchain.cmake" <<EOF
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER $target_cc)
set(CMAKE_CXX_COMPILER $target_cxx)
set(CMAKE_RC_COMPILER $target_host-windres)
set(CMAKE_FIND_ROOT_PATH /usr/$target_host $prefix)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
EOF
  cmake_common="$cmake_common -DCMAKE_TOOLCHAIN_FILE=$work/toolchain.cmake"
fi

# --- zlib --------------------------------------------------------------------
log "zlib"
(cd "$S/zlib" && CHOST="$target_host" CFLAGS="$target_cflags" ./configure --static --prefix="$prefix" &&
  make -j"$jobs" libz.a && make install) >>"$logf" 2>&1 || die "zlib failed"
cp "$S/zlib/README" "$prefix/licenses/zlib.txt"

# --- libzip: no crypto, bzip2, lzma or zstd; no arc4random (glibc 2.36) --------
log "libzip"
# shellcheck disable=SC2086
(cmake -S "$S/libzip" -B "$work/b-libzip" $cmake_common -DCMAKE_C_FLAGS="$target_cflags" \
   -DENABLE_COMMONCRYPTO=OFF -DENABLE_GNUTLS=OFF -DENABLE_MBEDTLS=OFF -DENABLE_OPENSSL=OFF \
   -DENABLE_WINDOWS_CRYPTO=OFF -DENABLE_BZIP2=OFF -DENABLE_LZMA=OFF -DENABLE_ZSTD=OFF \
   -DBUILD_TOOLS=OFF -DBUILD_REGRESS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF \
   -DHAVE_ARC4RANDOM=OFF -DZLIB_INCLUDE_DIR="$prefix/include" \
   -DZLIB_LIBRARY="$prefix/lib/libz.a" &&
 cmake --build "$work/b-libzip" -j "$jobs" && cmake --install "$work/b-libzip") >>"$logf" 2>&1 ||
  die "libzip failed"
cp "$S/libzip/LICENSE" "$prefix/licenses/libzip.txt"

# --- libxml2: cmake (Debian's patches make ./configure want automake) -------
log "libxml2"
# shellcheck disable=SC2086
(cmake -S "$S/libxml2" -B "$work/b-libxml2" $cmake_common \
   -DCMAKE_C_FLAGS="$target_cflags $target_libxml2_cflags" \
   -DLIBXML2_WITH_PYTHON=OFF -DLIBXML2_WITH_ICU=OFF -DLIBXML2_WITH_LZMA=OFF \
   -DLIBXML2_WITH_ZLIB=OFF -DLIBXML2_WITH_HTTP=OFF -DLIBXML2_WITH_FTP=OFF \
   -DLIBXML2_WITH_MODULES=OFF -DLIBXML2_WITH_TESTS=OFF -DLIBXML2_WITH_PROGRAMS=OFF \
   -DLIBXML2_WITH_THREADS=ON $target_libxml2 &&
 cmake --build "$work/b-libxml2" -j "$jobs" && cmake --install "$work/b-libxml2") >>"$logf" 2>&1 ||
  die "libxml2 failed"
cp "$S/libxml2/Copyright" "$prefix/licenses/libxml2.txt"

# --- ICU: common and i18n only; the data comes below ---------------------------
log "ICU (common, i18n)"
mkdir -p "$work/b-icu"
if [ -n "$target_host" ]; then
  # ICU cross-builds against a native build; common and i18n need none of
  # its tools, so the installed icu-devtools stand in for it
  x=$work/icu-native
  mkdir -p "$x/config" "$x/bin" "$x/lib"
  for t in icupkg genccode gencmn genrb pkgdata; do ln -sf "$(command -v $t)" "$x/bin/$t"; done
  v=$(sed -n 's/^#define U_ICU_VERSION "\(.*\)"/\1/p' "$S/icu/source/common/unicode/uvernum.h")
  printf 'CROSS_ICU_VERSION=%s\nTOOLEXEEXT=\nTOOLBINDIR=$(cross_buildroot)/bin\nTOOLLIBDIR=$(cross_buildroot)/lib\nINVOKE=\nPKGDATA_INVOKE=\n' \
    "$v" >"$x/config/icucross.mk"
  : >"$x/config/icucross.inc"
  target_icu_configure="$target_icu_configure --with-cross-build=$x"
fi
# shellcheck disable=SC2086
(cd "$work/b-icu" && CFLAGS="$target_cflags" CXXFLAGS="$target_cflags" \
   "$S/icu/source/configure" --prefix="$prefix" --enable-static --disable-shared \
   --disable-tools --disable-tests --disable-samples --disable-extras --disable-icuio \
   --disable-layoutex $target_icu_configure && mkdir -p lib bin &&
 make -j"$jobs" -C common && make -j"$jobs" -C i18n) >>"$logf" 2>&1 || die "ICU failed"
# named libsicuuc.a and libsicuin.a on Windows
cp "$(ls "$work/b-icu/lib/"*icuuc.a | head -n 1)" "$prefix/lib/libicuuc.a"
cp "$(ls "$work/b-icu/lib/"*icui18n.a "$work/b-icu/lib/"*icuin.a 2>/dev/null | head -n 1)" \
  "$prefix/lib/libicui18n.a"
mkdir -p "$prefix/include/unicode"
cp "$S/icu/source/common/unicode/"*.h "$S/icu/source/i18n/unicode/"*.h "$prefix/include/unicode/"
cp "$S/icu/source/LICENSE" "$prefix/licenses/icu.txt" 2>/dev/null ||
  cp "$S/icu/LICENSE" "$prefix/licenses/icu.txt"

# --- ICU data: only the items thidua uses ------------------------------------
log "ICU data (tools/icu-data.list)"
dat=$(ls "$S/icu/source/data/in/"icudt*l.dat | head -n 1)
[ -f "$dat" ] || die "no ICU data archive in the source package"
name=$(basename "$dat" .dat)            # icudt72l
entry=$(echo "$name" | sed 's/l$//')    # icudt72
mkdir -p "$work/icu-data/x" "$work/icu-data/out"
grep -v '^#' "$here/icu-data.list" | sed '/^$/d' >"$work/icu-data/items.txt"
# icupkg reads its item lists by relative name: work inside the folder
(cd "$work/icu-data" &&
 icupkg -d x -x items.txt "$dat" &&
 cp items.txt x/ && icupkg -s x -a items.txt new "out/$name.dat" &&
 genccode -a "$target_genccode_asm" -e "$entry" -d . "out/$name.dat" &&
 $target_cc -DU_HIDE_DATA_SYMBOL -c -o icudata.o "${name}_dat.S" &&
 rm -f "$prefix/lib/libicudata.a" && $target_ar rcs "$prefix/lib/libicudata.a" icudata.o) \
  >>"$logf" 2>&1 || die "ICU data failed"
[ "$(icupkg -l "$work/icu-data/out/$name.dat" | wc -l)" = "$(wc -l <"$work/icu-data/items.txt")" ] ||
  die "ICU data: not every item of tools/icu-data.list is in $dat"
icupkg -l "$work/icu-data/out/$name.dat" >"$prefix/icu-data-items.txt" 2>>"$logf"

# --- cmocka, for the unit tests of a cross target (run under wine) ---------
if [ -n "$target_host" ]; then
  log "cmocka"
  # shellcheck disable=SC2086
  (cmake -S "$S/cmocka" -B "$work/b-cmocka" $cmake_common -DCMAKE_C_FLAGS="$target_cflags" \
     -DWITH_STATIC_LIB=ON -DWITH_EXAMPLES=OFF -DUNIT_TESTING=OFF -DPICKY_DEVELOPER=OFF &&
   cmake --build "$work/b-cmocka" -j "$jobs" && cmake --install "$work/b-cmocka") >>"$logf" 2>&1 ||
    die "cmocka failed"
  [ -f "$prefix/lib/libcmocka.a" ] ||
    cp "$(ls "$prefix/lib/"libcmocka*static*.a | head -n 1)" "$prefix/lib/libcmocka.a"
  cp "$S/cmocka/COPYING" "$prefix/licenses/cmocka.txt"
fi

cp "$work/versions.txt" "$prefix/versions.txt"
trap - EXIT
rm -rf "$work"
touch "$prefix/.complete"
log "done in $(( $(date +%s) - t0 ))s: $prefix"
echo "$prefix"
