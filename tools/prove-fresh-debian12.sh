#!/bin/sh
# prove-fresh-debian12.sh - the README's promise, checked: on a fresh Debian 12
# with only make and git, `make demo` and then `make check` succeed the first
# time. Builds a debootstrap chroot of bookworm (minbase, deb.debian.org, with
# bookworm-updates and -security as a new install has), installs make and git
# only, clones this repository's HEAD into it with that git, and runs both
# there as root (the tests switch to `nobody` for LibreOffice themselves).
# Everything else (compiler, LibreOffice, the static libraries of the .oxt) is
# installed or built by the repository's own make.
#
# Slow (about 20 to 30 minutes: some 1 GB of packages, the static libraries
# built from source), so not part of CI. Needs root. The chroot is made anew
# in DIR (default /var/tmp/thidua-fresh-debian12) and kept for inspection;
# remove it with rm -rf afterwards.
# Usage: sudo tools/prove-fresh-debian12.sh [DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
dir=${1:-/var/tmp/thidua-fresh-debian12}
# shellcheck source=chroot.sh
. "$here/chroot.sh"
chroot_need_root

t0=$(date +%s)
stamp() { echo "prove: [$(( $(date +%s) - t0 ))s] $*"; }
stamp "debootstrap bookworm into $dir"
chroot_create bookworm "$dir"
stamp "apt-get install make git (nothing else)"
chroot_apt "$dir" make git >/dev/null
# the repository as committed (HEAD), through the chroot's own git
rm -rf "$dir/tmp/thidua.git"
git -C "$repo" clone -q --bare "$repo" "$dir/tmp/thidua.git"
chroot_run "$dir" git clone -q /tmp/thidua.git /root/thidua
stamp "cloned $(git -C "$repo" rev-parse --short HEAD) into /root/thidua"

rc=0
stamp "make demo"
chroot_run "$dir" sh -c 'cd /root/thidua && make demo' >"$dir.demo.log" 2>&1 || rc=$?
tail -n 25 "$dir.demo.log"
if [ $rc -ne 0 ]; then stamp "make demo FAILED ($rc); log: $dir.demo.log"; exit 1; fi
stamp "make demo: ok"
stamp "make check"
chroot_run "$dir" sh -c 'cd /root/thidua && make check' >"$dir.check.log" 2>&1 || rc=$?
grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' "$dir.check.log" || true
if [ $rc -ne 0 ]; then stamp "make check FAILED ($rc); log: $dir.check.log"; exit 1; fi
stamp "make check: ok"
stamp "fresh Debian 12: make demo and make check succeeded the first time"
