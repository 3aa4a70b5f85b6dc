"""test_other_office.py - thidua.oxt in a LibreOffice other than the one it
was built against (Debian 13's, in a chroot: tests/uno/other-office.sh runs
this inside it as an ordinary user). Installs the .oxt with unopkg into a
private profile, then calls generateAgreement, generateSheets and tally
through UNO with good and bad data. The agreement must have the same content
as the one the command wrote on the build machine.
Usage: python3 test_other_office.py WORKDIR   (WORKDIR holds thidua.oxt,
examples/, tests/fixtures/data/, src/thidua.h, expected/*.odt)
Prints a closing "N passed, N failed" line."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import office  # noqa: E402
import uno  # noqa: E402

ROOT = sys.argv[1]
OXT = os.path.join(ROOT, "thidua.oxt")
EXAMPLE = os.path.join(ROOT, "examples", "cum-xii-ha-noi-2018.fods")
BAD_DATE = os.path.join(ROOT, "tests", "fixtures", "data", "bad-date--february-30.fods")
EXPECTED = os.path.join(ROOT, "expected")
CLUSTER = "Cụm thi đua số XII"
VERSION = re.search(r'#define THIDUA_VERSION "([^"]+)"',
                    open(os.path.join(ROOT, "src", "thidua.h"), encoding="utf-8").read()).group(1)

TESTS = []
state = {}


def test(fn):
    TESTS.append(fn)
    return fn


def tmp():
    return tempfile.mkdtemp(prefix="thidua-d13-")


def fold(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).casefold()


def thidua_exception():
    return uno.getClass("vn.thidua.ThiduaException")


def office_():
    if "office" not in state:
        raise AssertionError("no office (installation failed)")
    return state["office"]


def service():
    s = office_().create("vn.thidua.Thidua")
    assert s is not None, "vn.thidua.Thidua is not registered"
    return s


def unit_count():
    xml = open(os.path.join(ROOT, "examples", "cum-xii-ha-noi-2018.xml"), encoding="utf-8").read()
    return len(re.findall(r"<unit ", xml))


@test
def not_running_as_root():
    assert os.getuid() != 0, "the extension must be installed by an ordinary user"


@test
def install_with_unopkg():
    prof = office.Profile()
    state["profile"] = prof
    rc, out = prof.unopkg("add", "-s", OXT)
    assert rc == 0, out
    rc, out = prof.unopkg("list")
    assert "vn.thidua.extension" in out and "Version: " + VERSION in out, out
    assert "is registered: yes" in out, out
    # a UNO client must know the extension's types: take them from the .oxt
    d = tmp()
    with zipfile.ZipFile(OXT) as z:
        z.extract("thidua.rdb", d)
    office.insert_types(os.path.join(d, "thidua.rdb"))
    state["office"] = office.Office(prof)


@test
def this_is_another_libreoffice():
    o = office_()
    cp = o.create("com.sun.star.configuration.ConfigurationProvider")
    from com.sun.star.beans import PropertyValue
    node = cp.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationAccess",
        (PropertyValue(Name="nodepath", Value="/org.openoffice.Setup/Product"),))
    version = node.getByName("ooSetupVersionAboutBox")
    print("     LibreOffice " + version, flush=True)
    assert not version.startswith("7.4"), "this is Debian 12's LibreOffice: " + version
    state["lo_version"] = version


def package_part(path, name):
    with zipfile.ZipFile(path) as z:
        return z.read(name)


@test
def agreement_good_data():
    o = office_()
    s = service()
    out = tmp()
    path = s.generateAgreement(EXAMPLE, "", out, False)
    assert os.path.dirname(path) == out and os.path.exists(path), path
    assert fold(CLUSTER) in fold(o.text_of(path))
    # the same document as the command's on the build machine
    expected = os.path.join(EXPECTED, os.path.basename(path))
    assert os.path.exists(expected), (expected, os.listdir(EXPECTED))
    for part in ("content.xml", "styles.xml"):
        assert package_part(path, part) == package_part(expected, part), \
            part + " differs from the build machine's"
    # a file URL with Vietnamese in it
    d = os.path.join(tmp(), "dữ liệu cụm")
    os.makedirs(d)
    data = shutil.copy(EXAMPLE, os.path.join(d, "cụm xii.fods"))
    path2 = s.generateAgreement(uno.systemPathToFileUrl(data), "", uno.systemPathToFileUrl(d), False)
    assert os.path.exists(path2), path2


@test
def agreement_bad_data():
    s = service()
    out = tmp()
    try:
        s.generateAgreement(BAD_DATE, "", out, False)
        raise AssertionError("bad data accepted")
    except thidua_exception() as e:
        assert e.errorCode == -6, e.errorCode
        p = e.problems[0]
        assert p.severity == "error" and p.where == "Cụm!B6", (p.severity, p.where)
        assert p.messageVi and p.messageEn, p
        assert "30/02/2018" in e.Message, e.Message
    assert os.listdir(out) == [], os.listdir(out)


@test
def sheets_good_data():
    o = office_()
    s = service()
    out = tmp()
    paths = s.generateSheets(EXAMPLE, "", out, False)
    assert len(paths) == unit_count(), paths
    for p in paths:
        assert os.path.dirname(p) == out and p.endswith(".ods"), p
    assert fold(CLUSTER) in fold(o.text_of(paths[0])), paths[0]
    state["sheets"] = out


@test
def sheets_bad_data():
    s = service()
    out = tmp()
    try:
        s.generateSheets(BAD_DATE, "", out, False)
        raise AssertionError("bad data accepted")
    except thidua_exception() as e:
        assert e.problems[0].where == "Cụm!B6", e.problems[0].where
    assert os.listdir(out) == []


@test
def tally_good_data():
    """Sheets filled in LibreOffice as the units would, tallied strictly:
    the same totals and ranks as the build machine's command."""
    import json
    s = service()
    filled = os.path.join(ROOT, "filled")
    out = tmp()
    r = s.tally(EXAMPLE, (filled,), out, False, False)
    assert not r.provisional
    expected = json.load(open(os.path.join(EXPECTED, "tally.json"), encoding="utf-8"))
    want = [(u["code"], u["rank"], u["final_total_hundredths"])
            for u in expected["results"]["units"]]
    got = [(u.code, u.rank, u.finalTotal) for u in r.units]
    assert got == want, (got, want)
    assert want[0][1] == 1, want
    assert len(r.outputs) >= 1 and all(os.path.exists(p) for p in r.outputs), r.outputs
    o = office_()
    for p in r.outputs:
        text = o.text_of(p)
        assert fold(r.units[0].name) in fold(text) or fold(CLUSTER) in fold(text), p


@test
def tally_unscored_sheets_refused():
    s = service()
    sheets = state.get("sheets")
    assert sheets, "no sheets (sheets_good_data failed)"
    out = tmp()
    try:
        s.tally(EXAMPLE, (sheets,), out, False, False)
        raise AssertionError("unscored sheets tallied")
    except thidua_exception() as e:
        errs = [p for p in e.problems if p.severity == "error"]
        assert errs and errs[0].file and errs[0].where, [(p.file, p.where) for p in e.problems]
        assert any(p.code == "score.unscored" for p in errs), [p.code for p in errs]
    assert os.listdir(out) == []
    r = s.tally(EXAMPLE, (sheets,), out, True, False)
    assert r.provisional and all(u.rank == 0 for u in r.units)


@test
def tally_bad_data():
    s = service()
    d = tmp()
    bad = os.path.join(d, "bang-tu-cham-diem-2018-BHXH.ods")
    with open(bad, "wb") as f:
        f.write(b"PK\x03\x04 truncated")
    out = tmp()
    try:
        s.tally(EXAMPLE, (bad,), out, False, False)
        raise AssertionError("a broken sheet was accepted")
    except thidua_exception() as e:
        assert any(p.file.endswith(".ods") for p in e.problems) or bad in e.Message, \
            (e.Message, [(p.file, p.where) for p in e.problems])
    assert os.listdir(out) == []
    try:
        s.tally(BAD_DATE, (state.get("sheets") or d,), out, False, False)
        raise AssertionError("bad cluster data accepted")
    except thidua_exception() as e:
        assert any(p.where == "Cụm!B6" for p in e.problems), [p.where for p in e.problems]


def main():
    for tool in ("soffice", "unopkg"):
        if not shutil.which(tool):
            print("other-office: %s is missing" % tool)
            print("other-office: 0 passed, 1 failed")
            return 1
    passed = failed = 0
    t0 = time.time()
    base = tempfile.mkdtemp(prefix="thidua-d13-run-")
    tempfile.tempdir = base
    try:
        for fn in TESTS:
            t = time.time()
            try:
                fn()
                passed += 1
                print("ok   %-45s %5.1fs" % (fn.__name__, time.time() - t), flush=True)
            except Exception:
                failed += 1
                print("FAIL %-45s %5.1fs" % (fn.__name__, time.time() - t), flush=True)
                traceback.print_exc(file=sys.stdout)
    finally:
        if "office" in state:
            state["office"].close()
        if "profile" in state:
            state["profile"].remove()
        shutil.rmtree(base, ignore_errors=True)
    print("other-office: LibreOffice %s, total %.1fs" % (state.get("lo_version", "?"),
                                                         time.time() - t0))
    print("other-office: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
