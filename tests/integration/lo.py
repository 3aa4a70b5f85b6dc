"""lo.py - helpers for integration tests: run the thidua command, drive a
private headless LibreOffice (conversion, and UNO over a pipe), read PDFs."""
import os
import re
import shutil
import subprocess
import tempfile
import time
import unicodedata
import zipfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
THIDUA = os.environ.get("THIDUA", os.path.join(ROOT, "build", "thidua"))
SHARED = os.path.abspath(os.path.join(ROOT, "..", "shared"))
ODFCHECK = os.path.join(SHARED, "odf", "odfcheck")

_profiles = {}


def locale_env(locale):
    """The environment of an office whose locale is `locale` ("en-US")."""
    env = dict(os.environ)
    posix = locale.replace("-", "_") + ".UTF-8"
    for k in ("LC_ALL", "LANG", "LC_CTYPE", "LC_NUMERIC", "LC_MESSAGES"):
        env[k] = posix
    env["LANGUAGE"] = locale.replace("-", "_")
    return env


def profile_dir(purpose="convert", locale=None):
    """A LibreOffice user profile for this test run, initialised once per
    purpose (and locale). Conversions and the UNO office need different
    profiles: a second soffice on the profile of a running one hands its
    work to that office, which then quits, and the UNO bridge is gone.
    With a locale, the profile's Tools > Options > Languages > Locale
    setting is that locale (not the system's)."""
    key = purpose + ("-" + locale if locale else "")
    if key not in _profiles:
        p = tempfile.mkdtemp(prefix="thidua-lo-%s-" % key)
        subprocess.run(["soffice", "--headless", "--terminate_after_init",
                        "-env:UserInstallation=file://" + p],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180,
                       env=locale_env(locale) if locale else None)
        if locale:
            xcu = os.path.join(p, "user", "registrymodifications.xcu")
            with open(xcu, encoding="utf-8") as f:
                text = f.read()
            item = ('<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="%s" '
                    'oor:op="fuse"><value>%s</value></prop></item>\n')
            if "</oor:items>" not in text:
                raise AssertionError("unexpected LibreOffice profile: %s" % xcu)
            text = text.replace("</oor:items>", item % ("ooSetupSystemLocale", locale) +
                                item % ("ooLocale", locale) + "</oor:items>")
            with open(xcu, "w", encoding="utf-8") as f:
                f.write(text)
        _profiles[key] = p
    return _profiles[key]


def cleanup():
    for p in _profiles.values():
        shutil.rmtree(p, ignore_errors=True)
    _profiles.clear()


def run_cases(name, cases, setup=None, teardown=None, attempt=None):
    """The runner of every integration test file. Runs cases, (label, fn)
    pairs, in order, as fn(state): state is what setup() returned (None
    without a setup; a setup that fails fails every case). Prints "[ OK ]
    label" or "[FAIL] label" with the traceback, then runs teardown(state)
    and cleanup(), and prints "integration-NAME: P passed, F failed", the
    line tests/integration/run.sh adds up. attempt(fn, state), when given,
    makes each call (test_xlsx retries a case whose office died). Returns
    the exit status."""
    import sys
    import traceback
    passed = failed = 0
    state = None
    try:
        try:
            state = setup() if setup else None
        except Exception:  # noqa: BLE001
            traceback.print_exc(file=sys.stdout)
            failed = len(cases)
            cases = []
        for label, fn in cases:
            try:
                if attempt:
                    attempt(fn, state)
                else:
                    fn(state)
                passed += 1
                print("[ OK ] %s" % label)
            except Exception:  # noqa: BLE001
                failed += 1
                print("[FAIL] %s" % label)
                traceback.print_exc(file=sys.stdout)
            sys.stdout.flush()
    finally:
        if teardown:
            try:
                teardown(state)
            except Exception:  # noqa: BLE001
                traceback.print_exc(file=sys.stdout)
        cleanup()
    print("integration-%s: %d passed, %d failed" % (name, passed, failed))
    return 1 if failed else 0


def demo_fill():
    """tools/demo-fill.py (make demo's entries) as a module: its name has a
    hyphen."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "demo_fill", os.path.join(ROOT, "tools", "demo-fill.py"))
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def thidua(*args):
    """Run the command; returns (exit code, stdout, stderr)."""
    p = subprocess.run([THIDUA] + list(args), capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def to_pdf(path, outdir, locale=None):
    """Convert with headless LibreOffice (whose locale is `locale`, or the
    system's); returns the PDF path or raises."""
    p = subprocess.run(["soffice", "--headless", "--norestore",
                        "-env:UserInstallation=file://" + profile_dir("convert", locale),
                        "--convert-to", "pdf", "--outdir", outdir, path],
                       capture_output=True, text=True, timeout=300,
                       env=locale_env(locale) if locale else None)
    pdf = os.path.join(outdir, os.path.splitext(os.path.basename(path))[0] + ".pdf")
    if p.returncode != 0 or not os.path.exists(pdf):
        raise AssertionError("LibreOffice could not convert %s: %s %s" % (path, p.stdout, p.stderr))
    return pdf


def convert(path, outdir, fmt):
    p = subprocess.run(["soffice", "--headless", "--norestore",
                        "-env:UserInstallation=file://" + profile_dir(),
                        "--convert-to", fmt, "--outdir", outdir, path],
                       capture_output=True, text=True, timeout=300)
    ext = fmt.split(":")[0]
    out = os.path.join(outdir, os.path.splitext(os.path.basename(path))[0] + "." + ext)
    if p.returncode != 0 or not os.path.exists(out):
        raise AssertionError("LibreOffice could not convert %s to %s: %s" % (path, fmt, p.stderr))
    return out


def pdf_pages(pdf):
    """The text of each page, white space folded."""
    n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
    pages = []
    for i in range(1, n + 1):
        t = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), pdf, "-"],
                           capture_output=True, text=True).stdout
        pages.append(fold(t))
    return pages


def rule_under(pdf, name, page=1, dpi=144):
    """The short rule under the lines of `name` (as printed, e.g. the
    issuing body in capitals) on a page of a PDF: {"line": the width of the
    name's longest line, "rule": the rule's width, "offset": the rule's
    centre minus the lines' centre}, all in mm; "rule" is None when no
    line is drawn within 8 mm below the name. The name's lines come from
    pdftotext's word boxes, the rule from the page rendered in grey."""
    import html
    xml = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox-layout", pdf, "-"],
                         capture_output=True, text=True).stdout
    want = fold(name).upper()
    lines = []
    for m in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
                         xml, re.S):
        words = [html.unescape(w) for w in re.findall(r"<word[^>]*>(.*?)</word>", m.group(5))]
        lines.append((float(m.group(1)), float(m.group(2)), float(m.group(3)), float(m.group(4)),
                      fold(" ".join(words)).upper()))
    found = None
    for i in range(len(lines)):   # the run of consecutive lines that spells the name
        text, j = "", i
        while j < len(lines) and len(text) < len(want):
            text = (text + " " + lines[j][4]).strip()
            j += 1
        if text == want:
            found = lines[i:j]
            break
    assert found, "%r not found on page %d of %s" % (name, page, pdf)
    left = min(l[0] for l in found)
    right = max(l[2] for l in found)
    bottom = max(l[3] for l in found)
    widest = max(l[2] - l[0] for l in found)
    centre = sum((l[0] + l[2]) / 2 for l in found) / len(found)
    prefix = tempfile.mktemp(prefix="thidua-rule-")
    subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi), "-gray", pdf,
                    prefix], check=True)
    pgm = [f for f in os.listdir(os.path.dirname(prefix))
           if f.startswith(os.path.basename(prefix)) and f.endswith(".pgm")]
    assert len(pgm) == 1, pgm
    with open(os.path.join(os.path.dirname(prefix), pgm[0]), "rb") as f:
        data = f.read()
    os.unlink(os.path.join(os.path.dirname(prefix), pgm[0]))
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    px = data[m.end():]
    pt = dpi / 72.0
    x0, x1 = max(0, int((left - 30) * pt)), min(w, int((right + 30) * pt))
    y0 = int(bottom * pt) + 1
    rule = None
    for y in range(y0, min(h, y0 + int(8 / 25.4 * dpi))):
        row = px[y * w + x0:y * w + x1]
        best, run, start, best_start = 0, 0, 0, 0
        for k, v in enumerate(row):
            if v < 128:
                if run == 0:
                    start = k
                run += 1
                if run > best:
                    best, best_start = run, start
            else:
                run = 0
        if best > 0.15 * (right - left) * pt:
            rule = (best, x0 + best_start)
            break
    mm = 25.4 / 72.0
    out = {"line": widest * mm, "rule": None, "offset": None}
    if rule:
        out["rule"] = rule[0] / pt * mm
        out["offset"] = ((rule[1] + rule[0] / 2.0) / pt - centre) * mm
    return out


def fold(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def odfcheck(path, extended=False):
    """(ok, output) from the reference checker; None when shared/ is absent."""
    if not os.path.exists(ODFCHECK):
        return None
    args = ["/usr/bin/python3", ODFCHECK] + (["--extended"] if extended else []) + [path]
    p = subprocess.run(args, capture_output=True, text=True, timeout=300)
    return p.returncode == 0, p.stdout + p.stderr


def part(path, name):
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


class Office:
    """A headless soffice listening on a pipe, for UNO calls."""

    def __init__(self, locale=None):
        """locale: None for the system's, or e.g. "en-US": an office whose
        locale setting and environment are that locale."""
        import uno  # noqa: F401  (Debian python3-uno)
        self.pipe = "thidua%d%s" % (os.getpid(), locale or "")
        self.proc = subprocess.Popen(
            ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
             "-env:UserInstallation=file://" + profile_dir("uno", locale),
             "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % self.pipe],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=locale_env(locale) if locale else None)
        import uno as u
        local = u.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.time() + 120
        while True:
            try:
                self.ctx = resolver.resolve(
                    "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % self.pipe)
                break
            except Exception:
                if time.time() > deadline:
                    raise
                time.sleep(0.3)
        self.desktop = self.ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", self.ctx)

    def load(self, path, **props):
        import uno
        from com.sun.star.beans import PropertyValue
        pv = [PropertyValue(Name="Hidden", Value=True)]
        for k, v in props.items():
            pv.append(PropertyValue(Name=k, Value=v))
        return self.desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, tuple(pv))

    def store(self, doc, path, filt, **props):
        import uno
        from com.sun.star.beans import PropertyValue
        pv = [PropertyValue(Name="FilterName", Value=filt), PropertyValue(Name="Overwrite", Value=True)]
        for k, v in props.items():
            pv.append(PropertyValue(Name=k, Value=v))
        doc.storeToURL(uno.systemPathToFileUrl(path), tuple(pv))

    def close(self):
        try:
            self.desktop.terminate()
        except Exception:
            pass
        try:
            self.proc.wait(timeout=30)
        except Exception:
            self.proc.kill()
