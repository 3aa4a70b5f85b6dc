#!/bin/sh
# run.sh - the extension's tests (tests/uno/test_extension.py) with Debian's
# /usr/bin/python3 (for uno). unopkg refuses to work for root on a user
# profile, so as root the tests run as the unprivileged user "nobody" with a
# home of their own. Fails loudly when LibreOffice is missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${THIDUA_OXT:?set THIDUA_OXT (make uno-check sets it)}"
for tool in soffice unopkg /usr/bin/python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "uno: $tool is missing: sudo apt-get install libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-dev python3-uno" >&2
    echo "uno: 0 passed, 1 failed"
    exit 1
  fi
done
if ! /usr/bin/python3 -c "import uno" 2>/dev/null; then
  echo "uno: python3-uno is missing: sudo apt-get install python3-uno" >&2
  echo "uno: 0 passed, 1 failed"
  exit 1
fi
if [ "$(id -u)" = 0 ]; then
  # nobody may not reach the work tree (a clone under /root): copy what the
  # tests read into a home of its own
  root=$(cd "$here/../.." && pwd)
  home=$(mktemp -d /tmp/thidua-uno-home.XXXXXX)
  stage=$home/root
  mkdir -p "$stage/tests/uno" "$stage/tests/fixtures" "$stage/src" "$stage/build"
  cp "$here"/*.py "$stage/tests/uno/"
  cp -R "$root/examples" "$root/templates" "$stage/"
  cp -R "$root/tests/fixtures/data" "$stage/tests/fixtures/"
  cp "$root/src/thidua.h" "$stage/src/"
  for v in THIDUA_OXT THIDUA_UNO_SO THIDUA_UNO_LIBSO THIDUA_UNO_LOAD THIDUA_RDB \
           THIDUA_UNO_CLI THIDUA_CLI; do
    eval "f=\$$v"
    cp "$f" "$stage/build/"
    eval "$v=\$stage/build/\$(basename \"\$f\")"
    export "$v"
  done
  chown -R nobody:nogroup "$home"
  rc=0
  (cd "$home" && setpriv --reuid=nobody --regid=nogroup --clear-groups \
    env HOME="$home" TMPDIR=/tmp THIDUA_ROOT="$stage" \
    /usr/bin/python3 "$stage/tests/uno/test_extension.py") || rc=$?
  rm -rf "$home"
  exit $rc
fi
exec /usr/bin/python3 "$here/test_extension.py"
