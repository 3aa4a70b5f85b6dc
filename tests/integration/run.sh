#!/bin/sh
# run.sh - integration tests that need real LibreOffice: generated files open
# in headless soffice and convert to PDF, templates re-saved by LibreOffice
# still fill, bad input is refused; scoring sheets filled through UNO (saved as
# .ods and .xlsx) are tallied. Uses Debian's /usr/bin/python3 (for uno).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${THIDUA:?set THIDUA to the thidua binary}"
if ! command -v soffice >/dev/null 2>&1; then
  echo "integration: LibreOffice (soffice) is missing: sudo apt-get install libreoffice-writer-nogui libreoffice-calc-nogui python3-uno" >&2
  echo "integration: 0 passed, 1 failed"
  exit 1
fi
passed=0; failed=0; status=0
for t in test_generate.py test_tally.py test_rules.py test_locale.py test_xlsx.py; do
  out=$(/usr/bin/python3 "$here/$t" 2>&1); rc=$?
  printf '%s\n' "$out"
  line=$(printf '%s\n' "$out" | sed -n 's/^integration[a-z-]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' | tail -n 1)
  if [ -n "$line" ]; then
    passed=$((passed + ${line%% *})); failed=$((failed + ${line##* }))
  else
    failed=$((failed + 1)); echo "$t: no result line (exit $rc)"
  fi
  [ $rc -ne 0 ] && status=1
done
echo "integration: $passed passed, $failed failed"
exit $status
