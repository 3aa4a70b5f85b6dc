#!/bin/sh
# other-office.sh - thidua.oxt in another LibreOffice: a Debian 13 (trixie)
# chroot with its own LibreOffice, where an ordinary user installs the .oxt
# with unopkg and calls generateAgreement, generateSheets and tally through
# UNO with good and bad data (tests/uno/test_other_office.py). This is the
# proof that the extension needs nothing from the machine it was built on.
#
# The chroot is cached in THIDUA_TRIXIE_DIR (default /var/cache/thidua/trixie-lo)
# and rebuilt only when missing, when its recipe below changes, or when older
# than THIDUA_TRIXIE_MAX_DAYS (default 30) days. A cold build downloads about
# 400 MB and takes some 10 minutes; with the cache warm the test takes about a
# minute. Needs root (debootstrap, chroot). Fails loudly, never skips.
# Usage: THIDUA_OXT=build/thidua.oxt sh tests/uno/other-office.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${THIDUA_OXT:?set THIDUA_OXT (make check-other-office sets it)}"
: "${THIDUA_CLI:?set THIDUA_CLI (make check-other-office sets it)}"
dir=${THIDUA_TRIXIE_DIR:-/var/cache/thidua/trixie-lo}
max_days=${THIDUA_TRIXIE_MAX_DAYS:-30}
suite=trixie
user=tester
pkgs="libreoffice-writer-nogui libreoffice-calc-nogui python3-uno fonts-liberation fonts-liberation2"
# what the chroot is made of: a change rebuilds it
recipe="v1 $suite $pkgs user=$user"

fail() {
  echo "other-office: $*" >&2
  echo "other-office: 0 passed, 1 failed"
  exit 1
}

[ "$(id -u)" = 0 ] || fail "cần quyền root để dựng chroot Debian 13 / needs root (debootstrap, chroot)"
# shellcheck source=../../tools/chroot.sh
. "$root/tools/chroot.sh"

fresh() {
  [ -f "$dir/.thidua-recipe" ] && [ "$(cat "$dir/.thidua-recipe")" = "$recipe" ] &&
    [ -x "$dir/usr/bin/soffice" ] &&
    [ -z "$(find "$dir/.thidua-recipe" -mtime +"$max_days")" ]
}

mkdir -p "$(dirname "$dir")"
exec 9>"$dir.lock"
flock 9
if ! fresh; then
  t0=$(date +%s)
  echo "other-office: dựng chroot Debian 13 + LibreOffice / building the Debian 13 chroot in $dir"
  new=$dir.new
  chroot_create "$suite" "$new" || fail "debootstrap $suite failed"
  chroot_apt "$new" $pkgs >"$new.apt.log" 2>&1 || { tail -n 30 "$new.apt.log" >&2; fail "apt-get install in the chroot failed"; }
  rm -f "$new.apt.log"
  chroot_run "$new" useradd -m -s /bin/sh "$user" || fail "useradd failed"
  chroot_run "$new" apt-get clean
  echo "$recipe" >"$new/.thidua-recipe"
  rm -rf "$dir.old"
  [ -d "$dir" ] && mv "$dir" "$dir.old"
  mv "$new" "$dir"
  rm -rf "$dir.old"
  echo "other-office: chroot ready in $(( $(date +%s) - t0 ))s"
fi
[ -x "$dir/usr/bin/soffice" ] || fail "soffice is missing in $dir"

# what the test reads, in the user's home inside the chroot
work=/home/$user/thidua-test
rm -rf "$dir$work"
mkdir -p "$dir$work/tests/uno" "$dir$work/tests/fixtures" "$dir$work/src" "$dir$work/expected"
cp "$here/office.py" "$here/test_other_office.py" "$dir$work/tests/uno/"
cp -R "$root/examples" "$dir$work/"
cp -R "$root/tests/fixtures/data" "$dir$work/tests/fixtures/"
cp "$root/src/thidua.h" "$dir$work/src/"
cp "$THIDUA_OXT" "$dir$work/thidua.oxt"
# the agreement and the sheets as the command on this machine makes them:
# the extension in the other office must write the same content
"$THIDUA_CLI" generate "$root/examples/cum-xii-ha-noi-2018.fods" -o "$dir$work/expected" >/dev/null
# scoring sheets filled in this machine's LibreOffice as the units would
# (tools/demo-fill.py), and their tally by this machine's command
host=$(mktemp -d /tmp/thidua-other-office.XXXXXX)
"$THIDUA_CLI" sheets "$root/examples/cum-xii-ha-noi-2018.fods" -o "$host/sheets" >/dev/null
/usr/bin/python3 "$root/tools/demo-fill.py" "$host/sheets" "$dir$work/filled" >/dev/null ||
  { rm -rf "$host"; fail "filling the sample sheets failed"; }
"$THIDUA_CLI" tally "$root/examples/cum-xii-ha-noi-2018.fods" "$dir$work/filled" -o "$host/tally" \
  --json >"$dir$work/expected/tally.json" || { rm -rf "$host"; fail "tally of the sample sheets failed"; }
rm -rf "$host"
chroot_run "$dir" chown -R "$user:$user" "$work"
rc=0
chroot_run "$dir" --user "$user" /usr/bin/python3 "$work/tests/uno/test_other_office.py" "$work" || rc=$?
rm -rf "$dir$work"
exit $rc
