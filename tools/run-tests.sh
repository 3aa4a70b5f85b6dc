#!/bin/sh
# run-tests.sh - run cmocka test binaries, sum their results, print the
# closing "N passed, N failed" line, fail when any test failed.
#   TEST_RUNNER  a command to run each binary with (wine, for Windows' tests)
#   TEST_LABEL   the word before the closing line (default: unit)
passed=0; failed=0; status=0
# known leaks inside libxml2 on its out-of-memory paths (see the file)
LSAN_OPTIONS="suppressions=$(cd "$(dirname "$0")/.." && pwd)/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
for t in "$@"; do
  out=$(${TEST_RUNNER:-} "$t" 2>&1); rc=$?
  printf '%s\n' "$out"
  p=$(printf '%s\n' "$out" | sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
  f=$(printf '%s\n' "$out" | sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  if [ $rc -ne 0 ] && [ -z "$f" ]; then failed=$((failed + 1)); echo "$t: exited with $rc"; fi
  [ $rc -ne 0 ] && status=1
done
echo "${TEST_LABEL:-unit}: $passed passed, $failed failed"
exit $status
