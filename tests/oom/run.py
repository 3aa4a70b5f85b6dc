#!/usr/bin/python3
"""run.py - out of memory at every point of a whole run of the command.

  run.py THIDUA_FAILALLOC [--first N] [--samples N]

THIDUA_FAILALLOC is the command built with test hooks: THIDUA_FAIL_ALLOC=k
makes the k-th allocation (0-based) of the run fail, and every later one,
through the library's allocator, which libxml2 uses too. libzip's and ICU's
own allocations cannot be hooked and never fail here.

For generate, sheets and tally of examples/cum-xii-ha-noi-2018.fods, the
number of allocations N of the whole run is found first (the smallest k that
lets the run succeed). Every k below --first (default 300) is tried, then
--samples (default 150) more k spread evenly over the rest of [0, N) -- a
whole run has tens of thousands of allocations, too many to try each under
ASan in a test suite. Each failing run must: exit with 4 (internal error),
say that memory ran out (Vietnamese and English), print nothing from a
sanitizer (no crash, no leak: run this under ASan, `make check SANITIZE=1`),
and leave nothing in the output folder. A run that ends before its failure
point (sheets are written on every core, each worker with caches of its own,
so the count varies a little from run to run) must be a normal complete run;
more than one in ten such runs fails the command's test. Prints
'oom: N passed, N failed'.
"""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, 'examples', 'cum-xii-ha-noi-2018.fods')


def run(cmd, k, outdir):
    env = dict(os.environ)
    env.pop('THIDUA_LANG', None)
    if k is not None:
        env['THIDUA_FAIL_ALLOC'] = str(k)
    # leaks count as failures; a sanitizer report has its own exit code
    env['ASAN_OPTIONS'] = 'exitcode=86:detect_leaks=1'
    env['LSAN_OPTIONS'] = 'exitcode=87'
    p = subprocess.run(cmd + ['-o', outdir], env=env, capture_output=True, timeout=120)
    return p.returncode, (p.stdout + p.stderr).decode('utf-8', 'replace')


def allocations(cmd):
    """The number of allocations of a successful run: the smallest k at
    which the run no longer fails."""
    lo, hi = 0, 1
    while True:
        d = tempfile.mkdtemp(prefix='thidua-oom-')
        code, _ = run(cmd, hi, d)
        shutil.rmtree(d)
        if code == 0:
            break
        lo, hi = hi, hi * 2
        if hi > 1 << 26:
            raise SystemExit('oom: the run never succeeds')
    while lo < hi:
        mid = (lo + hi) // 2
        d = tempfile.mkdtemp(prefix='thidua-oom-')
        code, _ = run(cmd, mid, d)
        shutil.rmtree(d)
        if code == 0:
            hi = mid
        else:
            lo = mid + 1
    return lo


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    exe = argv[1]
    first = int(argv[argv.index('--first') + 1]) if '--first' in argv else 300
    samples = int(argv[argv.index('--samples') + 1]) if '--samples' in argv else 150
    work = tempfile.mkdtemp(prefix='thidua-oom-in-')
    sheets_in = os.path.join(work, 'sheets')
    code, text = run([exe, 'sheets', EXAMPLE], None, sheets_in)
    if code != 0:
        print(text)
        raise SystemExit('oom: cannot make the returned sheets')
    commands = [
        ('generate', [exe, 'generate', EXAMPLE]),
        ('sheets', [exe, 'sheets', EXAMPLE]),
        ('tally', [exe, 'tally', EXAMPLE, sheets_in, '--allow-incomplete']),
    ]
    passed = failed = 0
    for name, cmd in commands:
        n = allocations(cmd)
        ks = list(range(min(first, n)))
        if n > first:
            step = max(1, (n - first) // samples)
            ks += list(range(first, n, step))
        bad = unreached = 0
        for k in ks:
            outdir = tempfile.mkdtemp(prefix='thidua-oom-')
            code, text = run(cmd, k, outdir)
            left = os.listdir(outdir)
            shutil.rmtree(outdir, ignore_errors=True)
            problems = []
            if code == 0 and 'no allocation failed' in text and k >= n // 2 and \
                    'Sanitizer' not in text and 'runtime error' not in text:
                # this run had fewer allocations than the one counted: the
                # sheets are written on every core, each worker with caches
                # of its own, so a run's count depends on how the work was
                # shared; a normal, complete run, counted apart
                unreached += 1
                continue
            if code != 4:
                problems.append(f'exit code {code}, expected 4')
            if 'Sanitizer' in text or 'runtime error' in text:
                problems.append('sanitizer report')
            low = text.lower()
            if 'out of memory' not in low or 'hết bộ nhớ' not in low:
                problems.append('no message saying that memory ran out')
            if left:
                problems.append(f'left in the output folder: {left}')
            if problems:
                bad += 1
                if bad <= 5:
                    print(f'FAIL {name}, allocation {k} of {n}: ' + '; '.join(problems))
                    print('    ' + '\n    '.join(text.strip().splitlines()[:12]))
        if unreached > len(ks) // 10:
            # most points must fail for real, or the test proves little
            bad += 1
            print(f'FAIL {name}: {unreached} of {len(ks)} runs never reached their failure point')
        print(f'{"ok  " if not bad else "FAIL"} {name}: {n} allocations, {len(ks)} failure points '
              f'tried (every one below {min(first, n)}, then every {max(1, (n - first) // samples) if n > first else 1}th)'
              + (f', {unreached} runs ended before theirs' if unreached else '')
              + (f', {bad} failed' if bad else ''))
        passed += len(ks) - bad
        failed += bad
    shutil.rmtree(work, ignore_errors=True)
    print(f'oom: {passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
