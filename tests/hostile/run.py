#!/usr/bin/python3
"""run.py - the hostile shapes of issue 11 through the thidua command, each
refused or handled within a time and memory bound, with the file named and
no raw libxml2 line on the terminal.

  run.py THIDUA HOSTILE_DIR [--sanitized]

HOSTILE_DIR is written by tools/make-hostile.py. Time is wall clock; memory
is the peak resident set of the thidua process (wait4's ru_maxrss). Bounds:
2 s and 200 MB; under ASan (--sanitized) 10 s and 600 MB, ASan's shadow
memory and slower code counted in. Outside ASan the process also runs under
a 1 GiB address-space limit, so that a regression fails here instead of
taking the machine's memory. Prints 'hostile: N passed, N failed'.
"""
import os
import resource
import shutil
import signal
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, 'examples', 'cum-xii-ha-noi-2018.fods')
RAW = ('encoding error', 'parser error', 'I/O error', 'namespace error', 'validity error')

# (name, command after `thidua`, file that must be named, texts that must all
# appear in the output)
CASES = [
    ('ods: 1 MB cell × 16,000 columns (tally)', ['tally', EXAMPLE, '{H}/returned-repeat-cols.ods'],
     'returned-repeat-cols.ods', ['32 MiB', 'AH1']),
    ('ods: 1 MB cell × 5,000 rows (tally)', ['tally', EXAMPLE, '{H}/returned-repeat-rows.ods'],
     'returned-repeat-rows.ods', ['32 MiB', 'A34']),
    ('ods: 1 MB cell × 16,000 columns (cluster data)', ['generate', '{H}/data-repeat-cols.ods'],
     'data-repeat-cols.ods', ['32 MiB', 'data.too-large']),
    ('xlsx: 1 MB shared string × 5,000 cells', ['tally', EXAMPLE, '{H}/returned-shared-string.xlsx'],
     'returned-shared-string.xlsx', ['32 MiB', 'A34']),
    ('fods: 230 MB returned sheet', ['tally', EXAMPLE, '{H}/returned-huge.fods'],
     'returned-huge.fods', ['64 MiB']),
    ('fods: 190 MB cluster data', ['generate', '{H}/data-huge.fods'],
     'data-huge.fods', ['64 MiB']),
    ('fods: 60 MB returned sheet, streamed', ['tally', EXAMPLE, '{H}/returned-60mb.fods'],
     'returned-60mb.fods', ['200000']),
    ('encoding: UTF-7 flat returned sheet', ['tally', EXAMPLE, '{H}/returned-utf7.fods'],
     'returned-utf7.fods', ['UTF-7', 'line 1', 'dòng 1']),
    ('encoding: UTF-7 content.xml', ['tally', EXAMPLE, '{H}/returned-utf7.ods'],
     'returned-utf7.ods', ['UTF-7', 'line 1']),
    ('encoding: UTF-7 xlsx worksheet', ['tally', EXAMPLE, '{H}/returned-utf7.xlsx'],
     'returned-utf7.xlsx', ['UTF-7', 'sheet1.xml line 1']),
    ('encoding: windows-1258 content.xml', ['tally', EXAMPLE, '{H}/returned-cp1258.ods'],
     'returned-cp1258.ods', ['windows-1258', 'line 1']),
    ('encoding: UTF-7 cluster workbook', ['generate', '{H}/data-utf7.fods'],
     'data-utf7.fods', ['UTF-7', 'line 1']),
    ('encoding: UTF-7 cluster XML', ['generate', '{H}/data-utf7.xml'],
     'data-utf7.xml', ['UTF-7', 'dòng 1']),
    ('encoding: windows-1258 cluster XML', ['generate', '{H}/data-cp1258.xml'],
     'data-cp1258.xml', ['windows-1258']),
    ('template: seven nested loops', ['generate', EXAMPLE, '-t', '{H}/template-nested-loops.fodt'],
     'template-nested-loops.fodt', ['tmpl.too-large', 'paragraph 1', 'for v']),
]


def run(cmd, limit_as, timeout):
    """(exit code or None on timeout, seconds, peak RSS in MB, output)."""
    out = tempfile.TemporaryFile()

    def pre():
        if limit_as:
            resource.setrlimit(resource.RLIMIT_AS, (limit_as, limit_as))
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(out.fileno(), 1)
            os.dup2(out.fileno(), 2)
            pre()
            os.execv(cmd[0], cmd)
        finally:
            os._exit(127)
    code = None
    while True:
        wpid, status, ru = os.wait4(pid, os.WNOHANG)
        if wpid:
            code = os.waitstatus_to_exitcode(status)
            break
        if time.monotonic() - start > timeout:
            os.kill(pid, signal.SIGKILL)
            _, status, ru = os.wait4(pid, 0)
            break
        time.sleep(0.005)
    secs = time.monotonic() - start
    out.seek(0)
    text = out.read().decode('utf-8', 'replace')
    return code, secs, ru.ru_maxrss / 1024.0, text


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    thidua, hdir = argv[1], argv[2]
    sanitized = '--sanitized' in argv[3:]
    max_s, max_mb = (10.0, 600.0) if sanitized else (2.0, 200.0)
    passed = failed = 0
    for name, args, named, wants in CASES:
        outdir = tempfile.mkdtemp(prefix='thidua-hostile-')
        cmd = [thidua] + [a.replace('{H}', hdir) for a in args] + ['-o', outdir]
        code, secs, mb, text = run(cmd, None if sanitized else 1 << 30, max_s * 5)
        problems = []
        if code is None:
            problems.append('did not finish')
        elif code != 1:
            problems.append(f'exit code {code}, expected 1 (refused as bad input)')
        if secs > max_s:
            problems.append(f'took {secs:.2f} s (bound {max_s} s)')
        if mb > max_mb:
            problems.append(f'peak memory {mb:.0f} MB (bound {max_mb:.0f} MB)')
        if named not in text:
            problems.append(f'the output does not name {named}')
        for w in wants:
            if w not in text:
                problems.append(f'the output lacks «{w}»')
        for r in RAW:
            if r in text:
                problems.append(f'a raw libxml2 line reached the terminal («{r}»)')
        if 'Out of memory' in text:
            problems.append('ran out of memory')
        if os.listdir(outdir):
            problems.append(f'left files in the output folder: {os.listdir(outdir)}')
        shutil.rmtree(outdir, ignore_errors=True)
        if problems:
            failed += 1
            print(f'FAIL {name}: {secs:.2f} s, {mb:.0f} MB: ' + '; '.join(problems))
            print('    ' + '\n    '.join(text.strip().splitlines()[:6]))
        else:
            passed += 1
            print(f'ok   {name}: {secs:.2f} s, {mb:.0f} MB')
    print(f'hostile: {passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
