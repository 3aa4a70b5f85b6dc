#!/bin/sh
# chroot.sh - Debian chroots for the tests that need another machine: a
# fresh Debian 12 (tools/prove-fresh-debian12.sh) and a Debian 13 with its
# LibreOffice (tests/uno/other-office.sh). Sourced, not run:
#   . tools/chroot.sh
#   chroot_create SUITE DIR          debootstrap (minbase) from deb.debian.org,
#                                    with SUITE-updates and -security in apt
#   chroot_run DIR [--user U] CMD... run CMD inside, with /proc, /dev, /dev/pts,
#                                    /dev/shm and /sys mounted in a private mount
#                                    namespace (gone when CMD ends, even on failure)
#   chroot_apt DIR PKG...            apt-get install inside, no recommends
# Needs root and debootstrap (installed when missing, as root). Variables of
# these functions start with _c (POSIX sh has no local variables).
CHROOT_MIRROR=${CHROOT_MIRROR:-http://deb.debian.org/debian}
CHROOT_SECURITY=${CHROOT_SECURITY:-http://deb.debian.org/debian-security}

chroot_need_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "chroot: cần quyền root / needs root (debootstrap, mount, chroot)" >&2
    return 1
  fi
  if ! command -v debootstrap >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap \
      >/dev/null || { apt-get update -q >/dev/null && \
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap; }
  fi
}

chroot_create() {
  _cc_suite=$1; _cc_dir=$2
  chroot_need_root || return 1
  rm -rf "$_cc_dir"
  mkdir -p "$_cc_dir"
  debootstrap --variant=minbase "$_cc_suite" "$_cc_dir" "$CHROOT_MIRROR" \
      >"$_cc_dir.debootstrap.log" 2>&1 || {
    tail -n 30 "$_cc_dir.debootstrap.log" >&2
    echo "chroot: debootstrap $_cc_suite failed (log: $_cc_dir.debootstrap.log)" >&2
    return 1
  }
  rm -f "$_cc_dir.debootstrap.log"
  cat >"$_cc_dir/etc/apt/sources.list" <<EOF
deb $CHROOT_MIRROR $_cc_suite main
deb $CHROOT_MIRROR $_cc_suite-updates main
deb $CHROOT_SECURITY $_cc_suite-security main
EOF
  # no service starts inside
  printf '#!/bin/sh\nexit 101\n' >"$_cc_dir/usr/sbin/policy-rc.d"
  chmod 755 "$_cc_dir/usr/sbin/policy-rc.d"
  chroot_run "$_cc_dir" apt-get update -q >/dev/null
}

chroot_run() {
  _cr_dir=$1; shift
  _cr_user=""
  if [ "${1:-}" = "--user" ]; then _cr_user=$2; shift 2; fi
  cp /etc/resolv.conf "$_cr_dir/etc/resolv.conf" 2>/dev/null || true
  # the mounts live in a mount namespace of their own: when the command ends
  # they are gone, and removing the chroot can never reach the host's /dev
  unshare --mount --propagation private /bin/sh -ec '
    d=$1; u=$2; shift 2
    mount -t proc proc "$d/proc"
    mount -t sysfs sysfs "$d/sys"
    mount --rbind /dev "$d/dev"
    mount -t tmpfs -o mode=1777 tmpfs "$d/dev/shm"
    if [ -n "$u" ]; then
      exec chroot --userspec="$u:$u" "$d" /usr/bin/env -i HOME="/home/$u" USER="$u" \
        LANG=C.UTF-8 PATH=/usr/local/bin:/usr/bin:/bin "$@"
    fi
    exec chroot "$d" /usr/bin/env -i HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
  ' chroot-run "$_cr_dir" "$_cr_user" "$@"
}

chroot_apt() {
  _ca_dir=$1; shift
  chroot_run "$_ca_dir" apt-get install -y -q --no-install-recommends "$@"
}
