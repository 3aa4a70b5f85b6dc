#!/bin/sh
# run.sh - integration tests that need real LibreOffice: generated files open
# in headless soffice and convert to PDF, templates re-saved by LibreOffice
# still fill, bad input is refused. Uses Debian's /usr/bin/python3 (for uno).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${THIDUA:?set THIDUA to the thidua binary}"
if ! command -v soffice >/dev/null 2>&1; then
  echo "integration: LibreOffice (soffice) is missing: sudo apt-get install libreoffice-writer-nogui libreoffice-calc-nogui python3-uno" >&2
  echo "integration: 0 passed, 1 failed"
  exit 1
fi
exec /usr/bin/python3 "$here/test_generate.py"
