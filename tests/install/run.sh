#!/bin/sh
# run.sh - `make install` as a C project's: into a staging PREFIX (the
# installed command must find its templates there with nothing set), and into
# a DESTDIR; a C program built against the installed header and library
# through pkg-config; `make uninstall` leaves nothing. Prints the closing
# "N passed, N failed" line. Run by `make install-check` (make check).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
MAKE=${MAKE:-make}
tmp=$(mktemp -d /tmp/thidua-install.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     /'; }
check() { # NAME COMMAND...: passes when the command succeeds
  name=$1; shift
  if out=$("$@" 2>&1); then ok "$name"; else bad "$name" "$out"; fi
}
version=$(sed -n 's/^#define THIDUA_VERSION "\(.*\)"/\1/p' "$root/src/thidua.h")
major=${version%%.*}
data=$root/examples/cum-xii-ha-noi-2018.fods
unset THIDUA_TEMPLATE_DIR

# ---- a staging prefix --------------------------------------------------------
p=$tmp/prefix
check "make install PREFIX=staging" $MAKE --no-print-directory -C "$root" install PREFIX="$p"
for f in bin/thidua include/thidua.h lib/pkgconfig/thidua.pc share/man/man1/thidua.1 \
         share/thidua/agreement.fodt share/thidua/scoring-sheet.fods \
         lib/libthidua.so.$version; do
  [ -f "$p/$f" ] || bad "installed: $f" "missing"
done
[ -f "$p/bin/thidua" ] && ok "installed files"
check "libthidua.so.$major -> libthidua.so.$version" \
  test "$(readlink "$p/lib/libthidua.so.$major")" = "libthidua.so.$version"
check "libthidua.so -> libthidua.so.$major (for linking)" \
  test "$(readlink "$p/lib/libthidua.so")" = "libthidua.so.$major"
check "soname is libthidua.so.$major" \
  sh -c "readelf -d '$p/lib/libthidua.so.$version' | grep -q 'SONAME.*\[libthidua.so.$major\]'"
check "the command needs libthidua.so.$major" \
  sh -c "readelf -d '$p/bin/thidua' | grep -q 'NEEDED.*\[libthidua.so.$major\]'"
check "the library exports only thidua_*" \
  sh -c "! nm -D --defined-only '$p/lib/libthidua.so.$version' | awk '{print \$NF}' | grep -v '^thidua_'"
check "--version names libxml2, libzip and ICU" \
  sh -c "'$p/bin/thidua' --version | grep -q '^thidua $version' &&
         '$p/bin/thidua' --version | grep -q 'libxml2 [0-9]' &&
         '$p/bin/thidua' --version | grep -q 'libzip  [0-9]' &&
         '$p/bin/thidua' --version | grep -q 'ICU     [0-9]'"
# nothing set: the installed command takes the installed templates (the
# program below checks that the library's folder is PREFIX/share/thidua)
out=$(cd "$tmp" && "$p/bin/thidua" generate "$data" -o "$tmp/out" 2>&1); rc=$?
if [ $rc -eq 0 ] && [ -f "$tmp/out/ban-giao-uoc-thi-dua-2018.odt" ]; then
  ok "installed command finds its templates in PREFIX/share/thidua"
else bad "installed command finds its templates in PREFIX/share/thidua" "$out"; fi
check "man page renders" sh -c "! command -v man >/dev/null || man -l '$p/share/man/man1/thidua.1' | grep -q 'thidua generate'"

# a C program against the installed header and library, through pkg-config
cat >"$tmp/prog.c" <<'C'
#include <thidua.h>
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv)
{
	const char *dir = thidua_template_dir();
	(void)argc;
	printf("%s %s\n", THIDUA_VERSION, dir);
	return strcmp(dir, argv[1]) != 0;
}
C
export PKG_CONFIG_PATH="$p/lib/pkgconfig"
check "pkg-config knows thidua $version" test "$(pkg-config --modversion thidua)" = "$version"
# the library deflates parts itself: zlib is among what a static link needs
check "thidua.pc requires zlib privately" \
  sh -c "pkg-config --print-requires-private thidua | grep -qx 'zlib'"
if cc -std=c11 -Wall -Wextra -Werror $(pkg-config --cflags thidua) -o "$tmp/prog" "$tmp/prog.c" \
     $(pkg-config --libs thidua) >"$tmp/cc.log" 2>&1; then
  ok "a program compiles and links through pkg-config"
  check "the program runs against the installed library" \
    env LD_LIBRARY_PATH="$p/lib" "$tmp/prog" "$p/share/thidua"
  check "the program uses the installed libthidua.so.$major" \
    sh -c "LD_LIBRARY_PATH='$p/lib' ldd '$tmp/prog' | grep -q '$p/lib/libthidua.so.$major'"
else bad "a program compiles and links through pkg-config" "$(cat "$tmp/cc.log")"; fi
check "make uninstall PREFIX=staging" $MAKE --no-print-directory -C "$root" uninstall PREFIX="$p"
left=$(find "$p" ! -type d)
if [ -z "$left" ]; then ok "nothing left after uninstall"; else bad "nothing left after uninstall" "$left"; fi

# ---- DESTDIR -----------------------------------------------------------------
d=$tmp/destdir
check "make install DESTDIR=... PREFIX=/opt/thidua-test" \
  $MAKE --no-print-directory -C "$root" install DESTDIR="$d" PREFIX=/opt/thidua-test
check "everything under DESTDIR/PREFIX" \
  sh -c "[ -x '$d/opt/thidua-test/bin/thidua' ] && [ -f '$d/opt/thidua-test/lib/pkgconfig/thidua.pc' ] &&
         [ -z \"\$(find '$d' ! -type d ! -path '$d/opt/thidua-test/*')\" ] && [ ! -e /opt/thidua-test ]"
check "thidua.pc names the PREFIX, not the DESTDIR" \
  sh -c "grep -q '^prefix=/opt/thidua-test\$' '$d/opt/thidua-test/lib/pkgconfig/thidua.pc' &&
         ! grep -q '$d' '$d/opt/thidua-test/lib/pkgconfig/thidua.pc'"
check "make uninstall DESTDIR=..." \
  $MAKE --no-print-directory -C "$root" uninstall DESTDIR="$d" PREFIX=/opt/thidua-test
left=$(find "$d" ! -type d)
if [ -z "$left" ]; then ok "nothing left after uninstall (DESTDIR)"; else bad "nothing left after uninstall (DESTDIR)" "$left"; fi

echo "install: $passed passed, $failed failed"
[ $failed -eq 0 ]
