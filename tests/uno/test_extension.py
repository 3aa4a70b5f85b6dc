"""test_extension.py - the LibreOffice extension end to end: the libraries'
ELF properties, the component loaded from C, then thidua.oxt installed with
unopkg into a private profile and driven through python3-uno in a headless
soffice: every XThidua method with good and bad data, every menu command URL
through XDispatch, a Basic macro, concurrent calls, and remove / reinstall /
upgrade. Run by tests/uno/run.sh (which sets the THIDUA_* paths); prints a
closing "N passed, N failed" line."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import unicodedata
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import office  # noqa: E402
import uno  # noqa: E402
import unohelper  # noqa: E402
from com.sun.star.beans import PropertyValue  # noqa: E402
from com.sun.star.awt import XCallback  # noqa: E402
from com.sun.star.frame import XDispatchResultListener  # noqa: E402

ROOT = os.environ.get("THIDUA_ROOT") or \
    os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OXT = os.environ["THIDUA_OXT"]
UNO_SO = os.environ["THIDUA_UNO_SO"]
LIB_SO = os.environ["THIDUA_UNO_LIBSO"]
LOAD = os.environ["THIDUA_UNO_LOAD"]
RDB = os.environ["THIDUA_RDB"]
UNO_CLI = os.environ["THIDUA_UNO_CLI"]     # the command on the .oxt's libthidua.so
CLI = os.environ["THIDUA_CLI"]             # the command on the system's libraries
EXAMPLE = os.path.join(ROOT, "examples", "cum-xii-ha-noi-2018.fods")
BAD_DATE = os.path.join(ROOT, "tests", "fixtures", "data", "bad-date--february-30.fods")
CLUSTER = "Cụm thi đua số XII"
COMMANDS = ["NewWorkbook", "OpenExample", "GenerateAgreement", "GenerateSheets", "Tally", "Help",
            "About"]
VERSION = re.search(r'#define THIDUA_VERSION "([^"]+)"',
                    open(os.path.join(ROOT, "src", "thidua.h"), encoding="utf-8").read()).group(1)
# XDispatchResultListener states
FAILURE, SUCCESS, DONTKNOW = 0, 1, 2

TESTS = []
state = {}


def test(fn):
    TESTS.append(fn)
    return fn


def tmp():
    return tempfile.mkdtemp(prefix="thidua-uno-t-")


def fold(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).casefold()


def thidua_exception():
    return uno.getClass("vn.thidua.ThiduaException")


def wait_for(path, seconds=600):
    """The example data is written by another part of the project: wait for it."""
    deadline = time.time() + seconds
    while not os.path.exists(path):
        if time.time() > deadline:
            raise AssertionError("missing " + path)
        time.sleep(5)


# ---- without an office ------------------------------------------------------

def readelf_needed(path):
    out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def dynamic_symbols(path, defined):
    args = ["nm", "-D"] + (["--defined-only"] if defined else ["--undefined-only"]) + [path]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return [line.split()[-1] for line in out.splitlines() if line.strip()]


@test
def component_needs_only_uno_and_libthidua():
    needed = set(readelf_needed(UNO_SO))
    assert needed <= {"libthidua.so", "libuno_cppu.so.3", "libuno_sal.so.3", "libc.so.6"}, needed
    assert {"libthidua.so", "libuno_cppu.so.3", "libuno_sal.so.3"} <= needed, needed
    out = subprocess.run(["readelf", "-d", UNO_SO], capture_output=True, text=True).stdout
    assert "[$ORIGIN]" in out, "no $ORIGIN run path:\n" + out


@test
def component_exports_only_the_entry_points():
    syms = set(dynamic_symbols(UNO_SO, True))
    assert syms == {"component_getFactory", "component_getImplementationEnvironment"}, syms


@test
def no_cxx_symbol_anywhere():
    for lib in (UNO_SO, LIB_SO):
        cxx = [s for s in dynamic_symbols(lib, True) + dynamic_symbols(lib, False)
               if s.startswith("_Z")]
        assert not cxx, "%s has C++ symbols: %s" % (lib, cxx[:5])
        assert not any("stdc++" in n for n in readelf_needed(lib)), lib
    # and none in the static symbol table of the component either
    out = subprocess.run(["nm", UNO_SO], capture_output=True, text=True).stdout
    assert not re.search(r"\s_Z\w+$", out, re.M), "C++ symbol in the component"


@test
def libthidua_exports_only_the_public_api():
    syms = dynamic_symbols(LIB_SO, True)
    assert syms and all(s.startswith("thidua_") for s in syms), \
        [s for s in syms if not s.startswith("thidua_")]
    header = open(os.path.join(ROOT, "src", "thidua.h"), encoding="utf-8").read()
    declared = set(re.findall(r"\b(thidua_\w+)\s*\(", header))
    assert set(syms) <= declared, set(syms) - declared
    needed = set(readelf_needed(LIB_SO))
    assert needed <= GLIBC, needed


# What a library in the .oxt may need from the host: glibc, and LibreOffice's
# own UNO libraries (and the .oxt's libthidua.so, next to the component).
GLIBC = {"libc.so.6", "libm.so.6", "ld-linux-x86-64.so.2", "libpthread.so.0", "libdl.so.2",
         "librt.so.1"}
UNO_LIBS = {"libuno_sal.so.3", "libuno_cppu.so.3"}


@test
def oxt_libraries_need_only_glibc_and_uno():
    d = tmp()
    with zipfile.ZipFile(OXT) as z:
        libs = [n for n in z.namelist() if n.startswith("lib/") and not n.endswith("/")]
        z.extractall(d, libs)
    assert sorted(libs) == ["lib/libthidua.so", "lib/libthidua_uno.so", "lib/thidua_uno.dll"], libs
    # the Windows component's imports and exports: make check-windows
    libs.remove("lib/thidua_uno.dll")
    for n in libs:
        path = os.path.join(d, n)
        out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True,
                             check=True).stdout
        print("     readelf -d %s: %s" % (n, ", ".join(readelf_needed(path))))
        needed = set(readelf_needed(path))
        allowed = GLIBC | (UNO_LIBS | {"libthidua.so"} if n.endswith("_uno.so") else set())
        assert needed <= allowed, (n, needed - allowed)
        runpath = re.findall(r"\((?:RUNPATH|RPATH)\)\s+Library r\w*path: \[([^\]]*)\]", out)
        assert all(r == "$ORIGIN" for r in runpath), (n, runpath)
        # no third-party symbol leaks out (libxml2, libzip, zlib, ICU, libstdc++)
        leaked = [s for s in dynamic_symbols(path, True)
                  if not s.startswith(("thidua_", "component_"))]
        assert not leaked, (n, leaked[:10])
        # nothing from OpenSSL, nor the system's copies of the static libraries
        undefined = dynamic_symbols(path, False)
        assert not [s for s in undefined if s.startswith(("xml", "zip_", "u_", "ucol_", "unum",
                                                          "deflate", "inflate", "SSL", "EVP_"))], n
    shutil.rmtree(d)


@test
def oxt_size_and_licences():
    size = os.path.getsize(OXT)
    print("     thidua.oxt: %d bytes (%.1f MB)" % (size, size / 1e6))
    assert size <= 8 * 1024 * 1024, size
    with zipfile.ZipFile(OXT) as z:
        names = set(z.namelist())
        for lib in ("libxml2", "libzip", "zlib", "icu"):
            n = "licenses/%s.txt" % lib
            assert n in names, "missing in the .oxt: " + n
            assert len(z.read(n)) > 200, n


def package_part(path, name):
    with zipfile.ZipFile(path) as z:
        return z.read(name)


@test
def oxt_library_makes_the_same_documents():
    """The .oxt's libthidua.so (static libraries, cut-down ICU data) against
    the command on the system's libraries: the same agreement, sheets and
    tally, part for part."""
    env = dict(os.environ, THIDUA_TEMPLATE_DIR=os.path.join(ROOT, "templates"))
    out = {}
    for name, cli in (("system", CLI), ("oxt", UNO_CLI)):
        d = tmp()
        if name == "oxt":
            # the same head's password (a run keeps the one of the folder's
            # password file), so that the sheets' protection keys agree
            os.mkdir(os.path.join(d, "s"))
            shutil.copy(os.path.join(out["system"], "s", "mat-khau-tham-dinh-2018.txt"),
                        os.path.join(d, "s"))
        # relative paths: the summary names the sheets it read
        for args in (["generate", EXAMPLE, "-o", "g"], ["sheets", EXAMPLE, "-o", "s"],
                     ["tally", EXAMPLE, "s", "-o", "t", "--allow-incomplete"]):
            p = subprocess.run([cli] + args, capture_output=True, text=True, env=env, timeout=120,
                               cwd=d)
            assert p.returncode == 0, (name, args[0], p.stdout + p.stderr)
        out[name] = d
    files = []
    for sub in ("g", "s", "t"):
        names = sorted(os.listdir(os.path.join(out["system"], sub)))
        assert names and names == sorted(os.listdir(os.path.join(out["oxt"], sub))), sub
        files += [os.path.join(sub, n) for n in names]
    for f in files:
        if f.endswith(".txt"):
            continue
        for part in ("content.xml", "styles.xml"):
            a = package_part(os.path.join(out["oxt"], f), part)
            b = package_part(os.path.join(out["system"], f), part)
            assert a == b, "%s %s differs between the .oxt's library and the system's" % (f, part)
    v = subprocess.run([UNO_CLI, "--version"], capture_output=True, text=True).stdout
    assert "ICU" in v and "libxml2" in v and "libzip" in v, v


@test
def component_loads_from_c():
    env = dict(os.environ, LD_LIBRARY_PATH="/usr/lib/libreoffice/program")
    p = subprocess.run([LOAD, UNO_SO], capture_output=True, text=True, env=env, timeout=60)
    assert p.returncode == 0, p.stdout + p.stderr
    assert re.search(r"\d+ passed, 0 failed", p.stdout), p.stdout


@test
def oxt_contents():
    with zipfile.ZipFile(OXT) as z:
        names = set(z.namelist())
        manifest = z.read("META-INF/manifest.xml").decode()
        desc = z.read("description.xml").decode()
        addons = z.read("Addons.xcu").decode()
    for n in ("description.xml", "META-INF/manifest.xml", "thidua.components", "thidua.rdb",
              "Addons.xcu", "ProtocolHandler.xcu", "lib/libthidua_uno.so", "lib/libthidua.so",
              "templates/agreement.fodt", "dialogs/problems.xdl",
              "dialogs/about.xdl", "icons/thidua-42.png", "LICENSE",
              "description/description-vi.txt", "description/description-en.txt",
              "release-notes/release-notes-vi.txt", "release-notes/release-notes-en.txt",
              "publisher/publisher-vi.txt", "publisher/publisher-en.txt"):
        assert n in names, "missing in the .oxt: " + n
    # every bundled template (agreement, scoring sheet, empty workbook,
    # summary, report)
    for n in os.listdir(os.path.join(ROOT, "templates")):
        if n.endswith((".fodt", ".fods")):
            assert "templates/" + n in names, "missing in the .oxt: templates/" + n
    for n in ("thidua.rdb", "thidua.components", "Addons.xcu", "ProtocolHandler.xcu"):
        assert 'manifest:full-path="%s"' % n in manifest, n
    # one .oxt for both platforms: a components file each
    assert re.search(r'uno-components;platform=Linux_x86_64"\s+manifest:full-path="thidua.components"',
                     manifest), manifest
    assert re.search(r'uno-components;platform=Windows_x86_64"\s+'
                     r'manifest:full-path="thidua-windows.components"', manifest), manifest
    with zipfile.ZipFile(OXT) as z:
        assert 'uri="lib/thidua_uno.dll"' in z.read("thidua-windows.components").decode()
        assert 'uri="lib/libthidua_uno.so"' in z.read("thidua.components").decode()
    assert '<identifier value="vn.thidua.extension"/>' in desc
    assert '<version value="%s"/>' % VERSION in desc
    assert '<platform value="linux_x86_64,windows_x86_64"/>' in desc
    assert 'LibreOffice-minimal-version value="7.4"' in desc
    for href in re.findall(r'xlink:href="([^"]+)"', desc):
        assert href in names, "description.xml names a file not in the .oxt: " + href
    assert "<publisher>" in desc and "<release-notes>" in desc
    assert 'release-notes-vi.txt" lang="vi"' in desc and 'release-notes-en.txt" lang="en"' in desc
    for c in COMMANDS:
        assert "vnd.thidua:" + c in addons, c
    assert 'xml:lang="vi">Thi đ~ua<' in addons


# ---- in LibreOffice ---------------------------------------------------------

@test
def install_with_unopkg():
    prof = office.Profile()
    state["profile"] = prof
    prof.basic_module(BASIC)
    t = time.time()
    rc, out = prof.unopkg("add", "-s", OXT)
    assert rc == 0, out
    rc, out = prof.unopkg("list")
    assert "vn.thidua.extension" in out and "Version: " + VERSION in out, out
    assert "is registered: yes" in out, out
    state["unopkg_add_s"] = time.time() - t
    office.insert_types(RDB)
    # the office must use the templates inside the extension, not the
    # library's compiled-in folder: point that folder nowhere
    os.environ["THIDUA_TEMPLATE_DIR"] = "/nonexistent/thidua-templates"
    t = time.time()
    state["office"] = office.Office(prof)
    state["start_s"] = time.time() - t


def office_():
    if "office" not in state:
        raise AssertionError("no office (installation failed)")
    return state["office"]


def service():
    s = office_().create("vn.thidua.Thidua")
    assert s is not None, "vn.thidua.Thidua is not registered"
    return s


@test
def service_info_and_types():
    s = service()
    assert s.getImplementationName() == "vn.thidua.ThiduaImpl"
    assert s.supportsService("vn.thidua.Thidua")
    assert not s.supportsService("com.sun.star.frame.ProtocolHandler")
    assert "vn.thidua.Thidua" in s.getSupportedServiceNames()
    names = [t.typeName for t in s.getTypes()]
    assert "vn.thidua.XThidua" in names, names


@test
def extension_manager_shows_the_publisher():
    o = office_()
    em = o.ctx.getValueByName("/singletons/com.sun.star.deployment.ExtensionManager")
    pkg = em.getDeployedExtension("user", "vn.thidua.extension", os.path.basename(OXT), None)
    assert pkg is not None, "not deployed"
    name, url = pkg.getPublisherInfo().First, pkg.getPublisherInfo().Second
    assert name in ("Dự án thidua", "The thidua project"), name
    assert re.search(r"publisher/publisher-(vi|en)\.txt$", url), url
    assert pkg.getVersion() == VERSION


@test
def agreement_from_path_and_url():
    wait_for(EXAMPLE)
    o = office_()
    s = service()
    out = tmp()
    path = s.generateAgreement(EXAMPLE, "", out, False)
    assert os.path.dirname(path) == out and os.path.exists(path), path
    assert path.endswith(".odt")
    assert fold(CLUSTER) in fold(o.text_of(path))
    # a file URL with percent-encoded Vietnamese, for data and folder
    d = os.path.join(tmp(), "dữ liệu cụm")
    os.makedirs(d)
    data = shutil.copy(EXAMPLE, os.path.join(d, "cụm xii.fods"))
    path2 = s.generateAgreement(uno.systemPathToFileUrl(data), "",
                                uno.systemPathToFileUrl(d), False)
    assert path2 == os.path.join(d, os.path.basename(path)), path2
    assert fold(CLUSTER) in fold(o.text_of(path2))
    # an explicit template
    tmpl = os.path.join(ROOT, "templates", "agreement.fodt")
    out3 = tmp()
    path3 = s.generateAgreement(EXAMPLE, tmpl, out3, False)
    assert os.path.exists(path3)
    shutil.rmtree(out)
    shutil.rmtree(out3)
    shutil.rmtree(os.path.dirname(d))


@test
def agreement_refuses_to_overwrite():
    s = service()
    out = tmp()
    s.generateAgreement(EXAMPLE, "", out, False)
    try:
        s.generateAgreement(EXAMPLE, "", out, False)
        raise AssertionError("overwrote without being asked")
    except thidua_exception() as e:
        assert e.errorCode == -7, e.errorCode
        assert "/" in e.Message, e.Message
    s.generateAgreement(EXAMPLE, "", out, True)
    shutil.rmtree(out)


@test
def agreement_bad_data_names_the_cell():
    s = service()
    out = tmp()
    try:
        s.generateAgreement(BAD_DATE, "", out, False)
        raise AssertionError("bad data accepted")
    except thidua_exception() as e:
        assert e.errorCode == -6, e.errorCode
        p = e.problems[0]
        assert p.severity == "error" and p.where == "Cụm!B6", (p.severity, p.where)
        assert p.code and p.messageVi and p.messageEn, p
        assert p.file.endswith("bad-date--february-30.fods"), p.file
        assert "30/02/2018" in e.Message, e.Message
    assert os.listdir(out) == [], os.listdir(out)
    shutil.rmtree(out)


@test
def agreement_bad_template_names_the_paragraph():
    s = service()
    d = tmp()
    src = open(os.path.join(ROOT, "templates", "agreement.fodt"), encoding="utf-8").read()
    bad = src.replace("{{", "{% if x %}{{", 1)  # a block left open
    assert bad != src
    tmpl = os.path.join(d, "bad.fodt")
    open(tmpl, "w", encoding="utf-8").write(bad)
    out = os.path.join(d, "out")
    os.mkdir(out)
    try:
        s.generateAgreement(EXAMPLE, tmpl, out, False)
        raise AssertionError("bad template accepted")
    except thidua_exception() as e:
        assert e.errorCode == -5, e.errorCode
        errs = [p for p in e.problems if p.severity == "error"]
        assert errs and errs[0].where, [(p.code, p.where) for p in e.problems]
        assert errs[0].file.endswith("bad.fodt"), errs[0].file
    assert os.listdir(out) == []
    shutil.rmtree(d)


@test
def bad_arguments_raise():
    s = service()
    for args in (("", "", "/tmp", False), (EXAMPLE, "", "", False),
                 ("http://example.invalid/x.ods", "", "/tmp", False)):
        try:
            s.generateAgreement(*args)
            raise AssertionError("accepted %r" % (args,))
        except thidua_exception() as e:
            assert e.errorCode == -10, (args, e.errorCode)
    try:
        s.generateAgreement(EXAMPLE, "", "/nonexistent/folder", False)
        raise AssertionError("wrote into a missing folder")
    except thidua_exception() as e:
        assert e.errorCode == -3, e.errorCode


def unit_count():
    """The units of the example, from its XML twin."""
    xml = open(os.path.join(ROOT, "examples", "cum-xii-ha-noi-2018.xml"), encoding="utf-8").read()
    return len(re.findall(r"<unit ", xml))


@test
def sheets_one_per_unit():
    o = office_()
    s = service()
    out = tmp()
    paths = s.generateSheets(EXAMPLE, "", out, False)
    assert len(paths) == unit_count(), paths
    for p in paths:
        assert os.path.dirname(p) == out and p.endswith(".ods"), p
        assert os.path.basename(p).startswith("bang-tu-cham-diem-2018-"), p
    assert fold(CLUSTER) in fold(o.text_of(paths[0])), paths[0]
    state["sheets"] = out


@test
def sheets_bad_data_names_the_cell():
    s = service()
    out = tmp()
    try:
        s.generateSheets(BAD_DATE, "", out, False)
        raise AssertionError("bad data accepted")
    except thidua_exception() as e:
        assert e.problems[0].where == "Cụm!B6", e.problems[0].where
    assert os.listdir(out) == []


@test
def tally_of_returned_sheets():
    s = service()
    sheets = state.get("sheets")
    if not sheets:
        sheets = tmp()
        s.generateSheets(EXAMPLE, "", sheets, False)
    out = tmp()
    # the sheets as sent out carry no scores yet: strict tallying refuses
    # them ("chưa chấm", located); allowIncomplete gives provisional results
    # in which no unscored unit is ranked
    try:
        s.tally(EXAMPLE, (sheets,), out, False, False)
        raise AssertionError("unscored sheets tallied")
    except thidua_exception() as e:
        errs = [p for p in e.problems if p.severity == "error"]
        assert errs and errs[0].file and errs[0].where, [(p.file, p.where) for p in e.problems]
        assert any(p.code == "score.unscored" for p in errs), [p.code for p in errs]
    r = s.tally(EXAMPLE, (sheets,), out, True, False)
    assert r.provisional
    assert len(r.units) == unit_count(), len(r.units)
    assert all(u.rank == 0 and u.code and u.name for u in r.units)
    assert all(isinstance(u.finalTotal, int) for u in r.units)
    assert len(r.outputs) >= 1 and all(os.path.exists(p) for p in r.outputs), r.outputs
    o = office_()
    for p in r.outputs:
        text = o.text_of(p)
        assert fold(r.units[0].name) in fold(text) or fold(CLUSTER) in fold(text), p
    assert all(u.unscored for u in r.units), [u.unscored for u in r.units]


@test
def tally_bad_sheet_names_the_file():
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
    try:
        s.tally(EXAMPLE, (), out, False, False)
        raise AssertionError("no inputs accepted")
    except thidua_exception() as e:
        assert e.errorCode == -10


@test
def concurrent_calls_from_threads():
    s = service()
    errors = []
    outs = []

    def good(n):
        try:
            for _ in range(n):
                d = tmp()
                outs.append(s.generateAgreement(EXAMPLE, "", d, False))
        except Exception:
            errors.append(traceback.format_exc())

    def bad(n):
        try:
            for _ in range(n):
                try:
                    s.generateAgreement(BAD_DATE, "", tmp(), False)
                    errors.append("bad data accepted")
                except thidua_exception() as e:
                    if e.problems[0].where != "Cụm!B6":
                        errors.append("wrong problem: " + e.problems[0].where)
        except Exception:
            errors.append(traceback.format_exc())

    threads = [threading.Thread(target=good, args=(5,)) for _ in range(4)]
    threads += [threading.Thread(target=bad, args=(5,)) for _ in range(2)]
    t = time.time()
    for th in threads:
        th.start()
    for th in threads:
        th.join(240)
    assert not any(th.is_alive() for th in threads), "a call hung"
    assert not errors, errors[:3]
    assert len(outs) == 20, len(outs)
    with zipfile.ZipFile(outs[0]) as z:
        first = z.read("content.xml")
    for p in outs[1:]:
        with zipfile.ZipFile(p) as z:
            assert z.read("content.xml") == first, "different output from " + p
    state["concurrent_s"] = time.time() - t


BASIC = '''Function ThiduaAgreement(sData As String, sOut As String) As String
	Dim oThidua As Object
	oThidua = CreateUnoService("vn.thidua.Thidua")
	ThiduaAgreement = oThidua.generateAgreement(sData, "", sOut, True)
End Function

Function ThiduaProblem(sData As String, sOut As String) As String
	On Error GoTo Failed
	CreateUnoService("vn.thidua.Thidua").generateAgreement(sData, "", sOut, False)
	ThiduaProblem = ""
	Exit Function
Failed:
	ThiduaProblem = Error$
End Function
'''


@test
def basic_macro_calls_the_service():
    o = office_()
    msp = o.create("com.sun.star.script.provider.MasterScriptProviderFactory")
    sp = msp.createScriptProvider("")
    out = tmp()
    script = sp.getScript("vnd.sun.star.script:Standard.Module1.ThiduaAgreement"
                          "?language=Basic&location=application")
    res = script.invoke((EXAMPLE, out), (), ())[0]
    assert res == os.path.join(out, "ban-giao-uoc-thi-dua-2018.odt"), res
    assert os.path.exists(res)
    script = sp.getScript("vnd.sun.star.script:Standard.Module1.ThiduaProblem"
                          "?language=Basic&location=application")
    msg = script.invoke((BAD_DATE, out), (), ())[0]
    assert "30/02/2018" in msg, msg


class Listener(unohelper.Base, XDispatchResultListener):
    def __init__(self):
        self.events = []

    def dispatchFinished(self, ev):
        self.events.append(ev)

    def disposing(self, ev):
        pass


def url(cmd):
    u = uno.createUnoStruct("com.sun.star.util.URL")
    u.Complete = "vnd.thidua:" + cmd
    tr = office_().create("com.sun.star.util.URLTransformer")
    ok, u = tr.parseStrict(u)
    return u


def props(**kw):
    out = []
    for k, v in kw.items():
        if isinstance(v, list):
            v = tuple(v)
        out.append(PropertyValue(Name=k, Value=v))
    return tuple(out)


def frame_with(path):
    doc = office_().load(path)
    return doc, doc.getCurrentController().getFrame()


class Callback(unohelper.Base, XCallback):
    def __init__(self, fn):
        self.fn = fn

    def notify(self, data):
        self.fn()


def dispatch(frame, cmd, timeout=120, main_thread=False, **kw):
    """dispatchWithNotification on the frame's handler; (state, result).
    main_thread: called from the office's main thread, as its menu does
    (com.sun.star.awt.AsyncCallback calls back there, and the bridge runs
    the nested dispatch on that thread), not from a bridge thread."""
    u = url(cmd)
    d = frame.queryDispatch(u, "_self", 0)
    assert d is not None, "no dispatch for " + u.Complete
    listener = Listener()
    done = []

    def run():
        try:
            d.dispatchWithNotification(u, props(**kw), listener)
        except Exception:
            done.append(traceback.format_exc())
        done.append(True)

    if main_thread:
        office_().create("com.sun.star.awt.AsyncCallback").addCallback(Callback(run), None)
        deadline = time.time() + timeout
        while not done and time.time() < deadline:
            time.sleep(0.05)
    else:
        th = threading.Thread(target=run)
        th.start()
        th.join(timeout)
    assert done, "%s did not return within %ds (a dialog blocked?)" % (cmd, timeout)
    assert done[-1] is True and len(done) == 1, done[0]
    assert len(listener.events) == 1, listener.events
    ev = listener.events[0]
    return ev.State, ev.Result


@test
def menu_commands_are_dispatchable():
    o = office_()
    # the menu is in the configuration, and every entry has a dispatch
    cp = o.create("com.sun.star.configuration.ConfigurationProvider")
    node = cp.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationAccess",
        (PropertyValue(Name="nodepath", Value="/org.openoffice.Office.Addons/AddonUI/OfficeMenuBar"),))
    assert node.hasByName("vn.thidua.menu"), node.getElementNames()
    sub = node.getByName("vn.thidua.menu").getByName("Submenu")
    urls = [sub.getByName(n).URL for n in sub.getElementNames()]
    cmds = [u for u in urls if u.startswith("vnd.thidua:")]
    assert sorted(cmds) == sorted("vnd.thidua:" + c for c in COMMANDS), urls
    doc, frame = frame_with(EXAMPLE)
    try:
        for c in COMMANDS:
            assert frame.queryDispatch(url(c), "_self", 0) is not None, c
        assert frame.queryDispatch(url("Nothing"), "_self", 0) is None
    finally:
        doc.close(True)


@test
def dispatch_new_workbook():
    o = office_()
    doc, frame = frame_with(EXAMPLE)
    try:
        d = tmp()
        target = os.path.join(d, "sổ mới.ods")
        st, res = dispatch(frame, "NewWorkbook", Target=target, Hidden=True, Open=False)
        assert st == SUCCESS and tuple(res) == (target,), (st, res)
        assert os.path.exists(target)
        with zipfile.ZipFile(target) as z:
            assert z.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        nb = o.load(target)
        try:
            names = nb.getSheets().getElementNames()
            assert "Cụm" in names and "Đơn vị" in names, names
        finally:
            nb.close(True)
        # existing target and no Overwrite: refused
        st, res = dispatch(frame, "NewWorkbook", Target=target, Hidden=True, Open=False)
        assert st == FAILURE, st
    finally:
        doc.close(True)


@test
def dispatch_agreement_from_the_open_workbook():
    o = office_()
    d = tmp()
    data = shutil.copy(EXAMPLE, os.path.join(d, "cum.fods"))
    doc, frame = frame_with(data)
    out = tmp()
    try:
        before = o.desktop.getComponents().createEnumeration()
        n_before = 0
        while before.hasMoreElements():
            before.nextElement()
            n_before += 1
        st, res = dispatch(frame, "GenerateAgreement", OutDir=out, Hidden=True)
        assert st == SUCCESS, (st, res)
        assert len(res) == 1 and os.path.exists(res[0]) and os.path.dirname(res[0]) == out, res
        # the result was opened in LibreOffice
        opened = None
        e = o.desktop.getComponents().createEnumeration()
        while e.hasMoreElements():
            c = e.nextElement()
            if c.getURL() == uno.systemPathToFileUrl(res[0]):
                opened = c
        assert opened is not None, "the agreement was not opened"
        assert fold(CLUSTER) in fold(opened.getText().getString())
        opened.close(True)
        # again: the output exists, Overwrite not given, the question is
        # cancelled (headless): the command is cancelled, nothing replaced
        before = os.stat(res[0]).st_mtime_ns
        st, res2 = dispatch(frame, "GenerateAgreement", OutDir=out, Open=False)
        assert st == DONTKNOW, (st, res2)
        assert os.stat(res[0]).st_mtime_ns == before
        # with no UI at all (Quiet) the macro gets the failure
        st, res2 = dispatch(frame, "GenerateAgreement", OutDir=out, Open=False, Quiet=True)
        assert st == FAILURE and res2.errorCode == -7, (st, res2)
        st, res3 = dispatch(frame, "GenerateAgreement", OutDir=out, Overwrite=True, Open=False)
        assert st == SUCCESS, st
    finally:
        doc.close(True)


@test
def dispatch_failure_carries_the_problems():
    doc, frame = frame_with(EXAMPLE)
    try:
        st, res = dispatch(frame, "GenerateAgreement", DataPath=BAD_DATE, OutDir=tmp(), Open=False)
        assert st == FAILURE, st
        assert res.problems[0].where == "Cụm!B6", res.problems[0].where
        # the problems dialog too (it returns at once in a headless office)
        st, res = dispatch(frame, "GenerateAgreement", DataPath=BAD_DATE, OutDir=tmp(),
                           Open=False, Quiet=False)
        assert st == FAILURE
    finally:
        doc.close(True)


@test
def dispatch_sheets_and_tally():
    doc, frame = frame_with(EXAMPLE)
    try:
        sheets = tmp()
        log = os.path.join(tmp(), "t.txt")
        st, res = dispatch(frame, "GenerateSheets", DataPath=EXAMPLE, OutDir=sheets, Quiet=True,
                           Transcript=log)
        assert st == SUCCESS and len(res) == unit_count(), (st, res)
        # the head is told where the verification column's password is
        pw = [n for n in os.listdir(sheets) if n.startswith("mat-khau-tham-dinh-")]
        assert len(pw) == 1 and pw[0] not in [os.path.basename(p) for p in res], (pw, res)
        assert ("tệp %s trong thư mục" % pw[0]) in transcript_of(log) or \
            ("is in %s" % pw[0]) in transcript_of(log), transcript_of(log)
        out = tmp()
        st, res = dispatch(frame, "Tally", DataPath=EXAMPLE, Inputs=[sheets], OutDir=out,
                           AllowIncomplete=True, Hidden=True, Open=False)
        assert st == SUCCESS and len(res) >= 1, (st, res)
        assert all(os.path.exists(p) for p in res), res
    finally:
        doc.close(True)


@test
def progress_counts_and_cancel():
    """Sheets and tally report each step (unit n of N, file n of N) in the
    transcript; a cancel (CancelAfter, as her Cancel would) writes nothing and
    leaves the earlier outputs as they were."""
    doc, frame = frame_with(EXAMPLE)
    log = os.path.join(tmp(), "t.txt")
    steps = lambda: [ln.split(" ")[1] for ln in transcript_of(log).splitlines()
                     if ln.startswith("PROGRESS: ")]
    try:
        n = unit_count()
        sheets = tmp()
        st, res = dispatch(frame, "GenerateSheets", DataPath=EXAMPLE, OutDir=sheets, Quiet=True,
                           Transcript=log)
        assert st == SUCCESS and len(res) == n, (st, res)
        assert steps() == ["%d/%d" % (i, n) for i in range(1, n + 1)], transcript_of(log)
        stamps = {p: os.stat(p).st_mtime_ns for p in res}
        open(log, "w").close()
        time.sleep(0.05)
        st, _ = dispatch(frame, "GenerateSheets", DataPath=EXAMPLE, OutDir=sheets, Quiet=True,
                         Overwrite=True, CancelAfter=2, Transcript=log)
        assert st == DONTKNOW, st
        assert steps() == ["1/%d" % n, "2/%d" % n, "3/%d" % n], transcript_of(log)
        assert "CANCELLED: " in transcript_of(log), transcript_of(log)
        assert {p: os.stat(p).st_mtime_ns for p in res} == stamps, "a cancel rewrote sheets"
        # the sheets, and the head's password of the verification column
        assert sorted(os.listdir(sheets)) == sorted([os.path.basename(p) for p in res] +
                                                    ["mat-khau-tham-dinh-2018.txt"])
        empty = tmp()
        st, _ = dispatch(frame, "GenerateSheets", DataPath=EXAMPLE, OutDir=empty, Quiet=True,
                         CancelAfter=1)
        assert st == DONTKNOW and os.listdir(empty) == [], (st, os.listdir(empty))
        # the tally: file n of N, the file's name shown
        out = tmp()
        open(log, "w").close()
        st, _ = dispatch(frame, "Tally", DataPath=EXAMPLE, Inputs=[sheets], OutDir=out,
                         AllowIncomplete=True, Open=False, Quiet=True, CancelAfter=2,
                         Transcript=log)
        assert st == DONTKNOW, st
        assert steps() == ["1/%d" % n, "2/%d" % n, "3/%d" % n], transcript_of(log)
        assert ".ods" in [ln for ln in transcript_of(log).splitlines()
                          if ln.startswith("PROGRESS: 1/")][0]
        assert os.listdir(out) == [], os.listdir(out)
        open(log, "w").close()
        st, res = dispatch(frame, "Tally", DataPath=EXAMPLE, Inputs=[sheets], OutDir=out,
                           AllowIncomplete=True, Open=False, Quiet=True, Transcript=log)
        assert st == SUCCESS and steps()[-1] == "%d/%d" % (n, n), (st, transcript_of(log))
    finally:
        doc.close(True)


@test
def dispatch_about_and_cancelled_pickers():
    doc, frame = frame_with(EXAMPLE)
    try:
        st, res = dispatch(frame, "About")
        assert st == SUCCESS and tuple(res) == (VERSION,), (st, res)
        # no arguments: the pickers come up; a headless office cancels them
        # at once, and the command ends as cancelled, writing nothing
        for c in ("NewWorkbook", "GenerateSheets", "Tally"):
            st, res = dispatch(frame, c)
            assert st == DONTKNOW, (c, st, res)
        # plain XDispatch.dispatch, without a listener
        out = tmp()
        u = url("GenerateAgreement")
        frame.queryDispatch(u, "_self", 0).dispatch(u, props(DataPath=EXAMPLE, OutDir=out,
                                                               Open=False))
        assert os.listdir(out) == ["ban-giao-uoc-thi-dua-2018.odt"], os.listdir(out)
    finally:
        doc.close(True)


# ---- the menu as an officer uses it ----------------------------------------

SETTINGS = "/vn.thidua.Settings/Options"


def folder_state(d):
    """Every entry of a folder (hidden ones too) with its size, time and content."""
    import hashlib
    out = {}
    for n in sorted(os.listdir(d)):
        p = os.path.join(d, n)
        st = os.lstat(p)
        digest = hashlib.sha256(open(p, "rb").read()).hexdigest() if os.path.isfile(p) else "dir"
        out[n] = (st.st_size, st.st_mtime_ns, digest)
    return out


@test
def progress_dialog_cancel_changes_no_file():
    """Not quiet, sheets and tally show the progress dialog; its Cancel button,
    pressed as she would (PressCancelAt: the button's own action, through the
    dialog's event to its handler), stops the command at that step: the folder
    is exactly as before, and she is told so."""
    doc, frame = frame_with(EXAMPLE)
    log = os.path.join(tmp(), "t.txt")
    steps = lambda: [ln.split(" ")[1] for ln in transcript_of(log).splitlines()
                     if ln.startswith("PROGRESS: ")]
    n = unit_count()
    language = settings().getByName("Language")
    try:
        set_setting("Language", "vi")
        sheets = tmp()
        st, res = dispatch(frame, "GenerateSheets", DataPath=EXAMPLE, OutDir=sheets, Quiet=True)
        assert st == SUCCESS and len(res) == n, (st, res)
        before = folder_state(sheets)
        time.sleep(0.05)
        st, _ = dispatch(frame, "GenerateSheets", DataPath=EXAMPLE, OutDir=sheets, Overwrite=True,
                         Answer="enter", PressCancelAt=2, Transcript=log)
        t = transcript_of(log)
        assert st == DONTKNOW, (st, t)
        assert "PROGRESS-DIALOG: Đang tạo các bảng tự chấm điểm (.ods)…" in t, t
        assert "PRESS: Cancel" in t and "CANCEL: button" in t, t
        assert steps() == ["1/%d" % n, "2/%d" % n], t
        assert "INFO: Đã hủy — không tệp nào thay đổi." in t, t
        assert folder_state(sheets) == before, "a cancel changed the folder"
        # into an empty folder: it stays empty
        empty = tmp()
        st, _ = dispatch(frame, "GenerateSheets", DataPath=EXAMPLE, OutDir=empty, Answer="enter",
                         PressCancelAt=1)
        assert st == DONTKNOW and os.listdir(empty) == [], (st, os.listdir(empty))
        # the tally: file n of N; nothing is written, no output folder asked
        out = tmp()
        open(log, "w").close()
        st, _ = dispatch(frame, "Tally", DataPath=EXAMPLE, Inputs=[sheets], OutDir=out,
                         AllowIncomplete=True, Open=False, Answer="enter", PressCancelAt=3,
                         Transcript=log)
        t = transcript_of(log)
        assert st == DONTKNOW, (st, t)
        assert "PROGRESS-DIALOG: Đang đọc các bảng chấm điểm đã gửi về…" in t, t
        assert steps() == ["%d/%d" % (i, n) for i in (1, 2, 3)], t
        assert "CANCEL: button" in t and "INFO: Đã hủy — không tệp nào thay đổi." in t, t
        assert os.listdir(out) == [] and folder_state(sheets) == before
        # in English
        set_setting("Language", "en")
        open(log, "w").close()
        st, _ = dispatch(frame, "GenerateSheets", DataPath=EXAMPLE, OutDir=sheets, Overwrite=True,
                         Answer="enter", PressCancelAt=1, Transcript=log)
        t = transcript_of(log)
        assert st == DONTKNOW and "INFO: Cancelled — no file was changed." in t, t
        assert "PROGRESS-DIALOG: Generating the scoring sheets (.ods)…" in t, t
        assert folder_state(sheets) == before
        # from the office's main thread, as from the menu: the command runs
        # there, and only the events handled at each step bring the click in
        open(log, "w").close()
        st, _ = dispatch(frame, "GenerateSheets", DataPath=EXAMPLE, OutDir=sheets, Overwrite=True,
                         Answer="enter", PressCancelAt=2, Transcript=log, main_thread=True)
        t = transcript_of(log)
        assert st == DONTKNOW and "CANCEL: button" in t, (st, t)
        assert steps() == ["1/%d" % n, "2/%d" % n], t
        assert folder_state(sheets) == before
        # a second long command while one runs (held at its first step): it
        # waits its turn and says so; the first one goes on to the end
        set_setting("Language", "vi")
        log2 = os.path.join(tmp(), "t2.txt")
        first = []
        th = threading.Thread(target=lambda: first.append(dispatch(
            frame, "GenerateSheets", DataPath=EXAMPLE, OutDir=tmp(), Answer="enter", HoldAt=1,
            HoldSeconds=4, Transcript=log2)))
        th.start()
        deadline = time.time() + 30
        while "PROGRESS-DIALOG" not in transcript_of(log2) and time.time() < deadline:
            time.sleep(0.05)
        open(log, "w").close()
        st, _ = dispatch(frame, "Tally", DataPath=EXAMPLE, Inputs=[sheets], OutDir=tmp(),
                         Answer="enter", Transcript=log)
        assert st == DONTKNOW, st
        assert "INFO: Thi đua đang làm một việc khác" in transcript_of(log), transcript_of(log)
        assert "PROGRESS:" not in transcript_of(log)
        th.join(60)
        assert first and first[0][0] == SUCCESS, (first, transcript_of(log2))
        # without a press the dialog comes and goes, and the work is done
        open(log, "w").close()
        st, res = dispatch(frame, "GenerateSheets", DataPath=EXAMPLE, OutDir=sheets,
                           Overwrite=True, Answer="enter", Transcript=log)
        assert st == SUCCESS and len(res) == n, (st, transcript_of(log))
        assert "PROGRESS-DIALOG: " in transcript_of(log)
        assert "CANCEL" not in transcript_of(log)
    finally:
        set_setting("Language", language)
        doc.close(True)


def settings(update=False):
    cp = office_().create("com.sun.star.configuration.ConfigurationProvider")
    svc = "com.sun.star.configuration.Configuration%sAccess" % ("Update" if update else "")
    return cp.createInstanceWithArguments(svc, (PropertyValue(Name="nodepath", Value=SETTINGS),))


def set_setting(name, value):
    node = settings(True)
    node.replaceByName(name, value)
    node.commitChanges()


def transcript_of(path):
    return open(path, encoding="utf-8").read() if os.path.exists(path) else ""


def copy_example(name="cum.fods"):
    return shutil.copy(EXAMPLE, os.path.join(tmp(), name))


def set_cluster_item(doc, item, value):
    """Write value next to item in the Cụm sheet (Mục | Giá trị)."""
    sh = doc.getSheets().getByName("Cụm")
    for r in range(60):
        if sh.getCellByPosition(0, r).getString() == item:
            sh.getCellByPosition(1, r).setString(value)
            return
    raise AssertionError("no item " + item)


def components_at(path):
    want = uno.systemPathToFileUrl(path)
    found = []
    e = office_().desktop.getComponents().createEnumeration()
    while e.hasMoreElements():
        c = e.nextElement()
        if hasattr(c, "getURL") and c.getURL() == want:
            found.append(c)
    return found


@test
def messages_follow_the_interface_language():
    # this office runs in English: "auto" shows English; the setting
    # chooses Vietnamese (the tests below read the Vietnamese texts)
    doc, frame = frame_with(EXAMPLE)
    log = os.path.join(tmp(), "t.txt")
    try:
        dispatch(frame, "GenerateAgreement", DataPath=BAD_DATE, Answer="enter", Transcript=log)
        assert "  • sheet Cụm, cell B6 — " in transcript_of(log), transcript_of(log)
    finally:
        doc.close(True)
    set_setting("Language", "vi")


@test
def questions_default_to_the_safe_answer():
    data = copy_example()
    doc, frame = frame_with(data)
    try:
        set_cluster_item(doc, "Tên", "Cụm thi đua số XII sửa lại")
        assert doc.isModified()
        # Escape on the save question: nothing is done, the changes stay
        out = tmp()
        log = os.path.join(tmp(), "t.txt")
        st, _ = dispatch(frame, "GenerateAgreement", OutDir=out, Open=False, Answer="escape",
                         Transcript=log)
        assert st == DONTKNOW and os.listdir(out) == [] and doc.isModified()
        t = transcript_of(log)
        assert "ASK: [Có/Không/Thôi; Enter: Có]" in t and "“cum.fods”" in t, t
        # Enter saves, and the agreement is made from what she sees
        st, res = dispatch(frame, "GenerateAgreement", OutDir=out, Open=False, Answer="enter",
                           Transcript=log)
        assert st == SUCCESS and not doc.isModified(), st
        assert "sửa lại" in fold(office_().text_of(res[0])), "made from the old saved file"
        # Enter on the overwrite question keeps the file; the question names it
        before = os.stat(res[0]).st_mtime_ns
        open(log, "w").close()
        st, _ = dispatch(frame, "GenerateAgreement", OutDir=out, Open=False, Answer="enter",
                         Transcript=log)
        t = transcript_of(log)
        assert st == DONTKNOW and os.stat(res[0]).st_mtime_ns == before, st
        assert "Enter: Không" in t and "ban-giao-uoc-thi-dua-2018.odt" in t and out in t, t
    finally:
        doc.close(True)


@test
def open_result_is_reloaded_not_opened_twice():
    doc, frame = frame_with(copy_example())
    out = tmp()
    try:
        st, res = dispatch(frame, "GenerateAgreement", OutDir=out, Hidden=True)
        assert st == SUCCESS, st
        first = components_at(res[0])
        assert len(first) == 1, first
        f1 = first[0].getCurrentController().getFrame()
        # the question says it is open and will be reloaded
        log = os.path.join(tmp(), "t.txt")
        st, _ = dispatch(frame, "GenerateAgreement", OutDir=out, Hidden=True, Answer="enter",
                         Transcript=log)
        assert st == DONTKNOW and "đang mở, sẽ được tải lại" in transcript_of(log)
        st, res2 = dispatch(frame, "GenerateAgreement", OutDir=out, Hidden=True, Overwrite=True)
        assert st == SUCCESS, st
        again = components_at(res[0])
        assert len(again) == 1, "opened a second window: %d" % len(again)
        assert again[0].getCurrentController().getFrame() == f1, "not reloaded in its window"
        assert again[0] != first[0], "the old document was kept, not reloaded"
        again[0].close(True)
    finally:
        doc.close(True)


@test
def provisional_results_never_replace_without_asking():
    s = service()
    inputs = tmp()
    s.generateSheets(EXAMPLE, "", inputs, False)
    with open(os.path.join(inputs, "bang-hong.ods"), "wb") as f:
        f.write(b"PK\x03\x04 truncated")
    out = tmp()
    doc, frame = frame_with(EXAMPLE)
    try:
        st, res = dispatch(frame, "Tally", DataPath=EXAMPLE, Inputs=[inputs], OutDir=out,
                           AllowIncomplete=True, Open=False)
        assert st == SUCCESS, st
        stamps = [os.stat(p).st_mtime_ns for p in res]
        log = os.path.join(tmp(), "t.txt")
        st, _ = dispatch(frame, "Tally", DataPath=EXAMPLE, Inputs=[inputs], OutDir=out,
                         AllowIncomplete=True, Open=False, Answer="enter", Transcript=log)
        t = transcript_of(log)
        assert st == DONTKNOW, st
        assert "TẠM TÍNH" in t and "bang-tong-hop-ket-qua-2018.ods" in t and "Enter: Không" in t, t
        assert [os.stat(p).st_mtime_ns for p in res] == stamps, "replaced without asking"
    finally:
        doc.close(True)


@test
def problems_are_grouped_placed_in_words_and_checked_first():
    doc, frame = frame_with(EXAMPLE)
    log = os.path.join(tmp(), "t.txt")
    try:
        # no OutDir: the data is checked first, so no folder is asked for
        st, res = dispatch(frame, "GenerateAgreement", DataPath=BAD_DATE, Answer="enter",
                           Transcript=log)
        t = transcript_of(log)
        assert st == FAILURE, st
        assert "FOLDER" not in t, "the output folder was asked before the data was checked"
        assert "Tệp bad-date--february-30.fods (trong thư mục " in t, t
        line = [ln for ln in t.splitlines() if "30/02/2018" in ln and ln.startswith("  • ")][0]
        assert line.startswith("  • trang tính Cụm, ô B6 — "), line
        assert line.rstrip().endswith("[data.bad-date]"), line
        # in English when the messages are set to English
        set_setting("Language", "en")
        open(log, "w").close()
        dispatch(frame, "GenerateAgreement", DataPath=BAD_DATE, Answer="enter", Transcript=log)
        t = transcript_of(log)
        assert "  • sheet Cụm, cell B6 — " in t and "File bad-date--february-30.fods" in t, t
    finally:
        set_setting("Language", "vi")
        doc.close(True)


@test
def empty_unit_name_is_reported_at_its_cell():
    o = office_()
    d = tmp()
    wb = o.load(EXAMPLE)
    try:
        cell = wb.getSheets().getByName("Đơn vị").getCellRangeByName("C5")
        assert cell.getString(), "the example has no name in C5"
        cell.setString("")
        bad = os.path.join(d, "ten-trong.fods")
        wb.storeToURL(uno.systemPathToFileUrl(bad),
                      (PropertyValue(Name="FilterName", Value="OpenDocument Spreadsheet Flat XML"),))
    finally:
        wb.close(True)
    try:
        service().generateAgreement(bad, "", tmp(), False)
        raise AssertionError("a unit without a name was accepted")
    except thidua_exception() as e:
        got = [(p.code, p.where) for p in e.problems if p.code == "data.empty-name"]
        assert got == [("data.empty-name", "Đơn vị!C5")], [(p.code, p.where) for p in e.problems]
    state["empty_name_file"] = bad


@test
def go_to_cell_selects_the_cell():
    data = state.get("empty_name_file") or copy_example("go.fods")
    assert not components_at(data)
    st, res = dispatch(frame_with(EXAMPLE)[1], "GoToCell", DataPath=data, Where="Đơn vị!C5",
                       Hidden=True)
    assert st == SUCCESS, (st, res)
    docs = components_at(data)
    assert len(docs) == 1, "the workbook was not opened"
    ctl = docs[0].getCurrentController()
    assert ctl.getActiveSheet().getName() == "Đơn vị"
    a = ctl.getSelection().getRangeAddress()
    assert (a.StartColumn, a.StartRow, a.EndColumn, a.EndRow) == (2, 4, 2, 4), a
    # again, now that it is open: the same window, another cell
    st, _ = dispatch(frame_with(EXAMPLE)[1], "GoToCell", DataPath=data, Where="Cụm!B6",
                     Hidden=True)
    assert st == SUCCESS and len(components_at(data)) == 1
    a = docs[0].getCurrentController().getSelection().getRangeAddress()
    assert (docs[0].getCurrentController().getActiveSheet().getName(), a.StartColumn,
            a.StartRow) == ("Cụm", 1, 5), a
    st, _ = dispatch(frame_with(EXAMPLE)[1], "GoToCell", DataPath=data, Where="Không có!A1",
                     Quiet=True)
    assert st == FAILURE
    docs[0].close(True)


@test
def pickers_start_in_the_last_folder():
    o = office_()
    documents = uno.fileUrlToSystemPath(o.create("com.sun.star.util.PathSettings").Work)
    doc, frame = frame_with(copy_example())
    log = os.path.join(tmp(), "t.txt")
    try:
        set_setting("LastFolder", "")
        st, _ = dispatch(frame, "GenerateAgreement", Answer="escape", Transcript=log)
        assert st == DONTKNOW
        assert "start: %s |" % documents in transcript_of(log), transcript_of(log)
        # a folder used is remembered, and the next picker starts there
        last = tmp()
        set_setting("LastFolder", last)
        open(log, "w").close()
        st, res = dispatch(frame, "GenerateAgreement", Answer="enter", Transcript=log, Open=False)
        assert st == SUCCESS and os.path.dirname(res[0]) == last, (st, res)
        assert "start: %s | -> %s" % (last, last) in transcript_of(log)
        assert settings().getByName("LastFolder") == last
        # a remembered folder that is gone: Documents again
        shutil.rmtree(last)
        open(log, "w").close()
        dispatch(frame, "GenerateAgreement", Answer="escape", Transcript=log)
        assert "start: %s |" % documents in transcript_of(log), transcript_of(log)
        # the default output folder of the options: no question at all
        fixed = tmp()
        set_setting("OutputFolder", fixed)
        open(log, "w").close()
        st, res = dispatch(frame, "GenerateAgreement", Answer="escape", Transcript=log, Open=False)
        assert st == SUCCESS and os.path.dirname(res[0]) == fixed, (st, res)
        assert "FOLDER:" not in transcript_of(log).replace("OUTPUT-FOLDER:", "")
    finally:
        set_setting("OutputFolder", "")
        set_setting("LastFolder", "")
        doc.close(True)


@test
def options_page_shows_and_stores_the_settings():
    o = office_()
    node = o.create("com.sun.star.configuration.ConfigurationProvider").createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationAccess",
        (PropertyValue(Name="nodepath",
                       Value="/org.openoffice.Office.OptionsDialog/Nodes/vn.thidua.options"),))
    leaf = node.getByName("Leaves").getByName("vn.thidua.options.general")
    # the Extension Manager's Options button needs the extension's identifier
    assert leaf.Id == "vn.thidua.extension", leaf.Id
    assert leaf.EventHandlerService == "vn.thidua.OptionsHandler"
    assert settings().getByName("SheetFormat") == "ods"
    handler = o.create("vn.thidua.OptionsHandler")
    assert handler is not None, "the options handler is not registered"
    assert "external_event" in handler.getSupportedMethodNames()
    pip = o.ctx.getValueByName(
        "/singletons/com.sun.star.deployment.PackageInformationProvider")
    page_url = pip.getPackageLocation("vn.thidua.extension") + "/dialogs/options.xdl"
    doc, frame = frame_with(EXAMPLE)
    try:
        cwp = o.create("com.sun.star.awt.ContainerWindowProvider")
        page = cwp.createContainerWindow(page_url, "", frame.getContainerWindow(), handler)
        set_setting("OutputFolder", "/srv/ket-qua")
        set_setting("Language", "auto")
        assert handler.callHandlerMethod(page, "initialize", "external_event")
        assert page.getControl("OutputFolder").getModel().Text == "/srv/ket-qua"
        assert page.getControl("LangAuto").getModel().State == 1
        assert page.getControl("FormatXlsx").getModel().Enabled, "xlsx not offered"
        assert page.getControl("FormatOds").getModel().State == 1
        assert page.getControl("FormatXlsx").getModel().State == 0
        page.getControl("OutputFolder").getModel().Text = "/srv/nam-2026"
        page.getControl("LangAuto").getModel().State = 0
        page.getControl("LangEn").getModel().State = 1
        assert handler.callHandlerMethod(page, "ok", "external_event")
        assert settings().getByName("OutputFolder") == "/srv/nam-2026"
        assert settings().getByName("Language") == "en"
        assert settings().getByName("SheetFormat") == "ods"
        # "back" shows the stored settings again, labels now in English
        page.getControl("OutputFolder").getModel().Text = "changed"
        assert handler.callHandlerMethod(page, "back", "external_event")
        assert page.getControl("OutputFolder").getModel().Text == "/srv/nam-2026"
        assert page.getControl("LangLabel").getModel().Label == "Language of the messages"
        assert "(.xlsx)" in page.getControl("FormatXlsx").getModel().Label
        # the sheet format: .xlsx chosen, stored, shown again
        page.getControl("FormatOds").getModel().State = 0
        page.getControl("FormatXlsx").getModel().State = 1
        assert handler.callHandlerMethod(page, "ok", "external_event")
        assert settings().getByName("SheetFormat") == "xlsx"
        page.getControl("FormatOds").getModel().State = 1
        page.getControl("FormatXlsx").getModel().State = 0
        assert handler.callHandlerMethod(page, "back", "external_event")
        assert page.getControl("FormatXlsx").getModel().State == 1
        assert page.getControl("FormatOds").getModel().State == 0
        page.dispose()
    finally:
        set_setting("OutputFolder", "")
        set_setting("Language", "vi")
        set_setting("SheetFormat", "ods")
        doc.close(True)


@test
def sheets_in_the_format_of_the_options():
    """SheetFormat xlsx in the options: GenerateSheets writes .xlsx sheets
    (an argument can still ask for .ods), LibreOffice opens them, and the
    tally reads them: strictly it names each unscored .xlsx sheet, with
    AllowIncomplete it reads every one of them."""
    o = office_()
    doc, frame = frame_with(EXAMPLE)
    log = os.path.join(tmp(), "t.txt")
    n = unit_count()
    try:
        set_setting("SheetFormat", "xlsx")
        sheets = tmp()
        st, res = dispatch(frame, "GenerateSheets", DataPath=EXAMPLE, OutDir=sheets, Quiet=True,
                           Transcript=log)
        assert st == SUCCESS and len(res) == n, (st, res)
        assert all(p.endswith(".xlsx") for p in res), res
        # the sheets, and the head's password of the verification column
        assert sorted(os.listdir(sheets)) == sorted([os.path.basename(p) for p in res] +
                                                    ["mat-khau-tham-dinh-2018.txt"])
        assert "(.xlsx)" in transcript_of(log), transcript_of(log)
        with zipfile.ZipFile(res[0]) as z:
            assert "xl/workbook.xml" in z.namelist(), z.namelist()
        assert fold(CLUSTER) in fold(o.text_of(res[0])), res[0]
        # strictly: every sheet read, each named as not yet scored
        st, fail = dispatch(frame, "Tally", DataPath=EXAMPLE, Inputs=[sheets], OutDir=tmp(),
                            Open=False, Quiet=True)
        assert st == FAILURE, st
        unscored = {os.path.basename(p.file) for p in fail.problems if p.code == "score.unscored"}
        assert unscored == {os.path.basename(p) for p in res}, \
            sorted((p.code, p.file) for p in fail.problems)[:12]
        out = tmp()
        open(log, "w").close()
        st, tally = dispatch(frame, "Tally", DataPath=EXAMPLE, Inputs=[sheets], OutDir=out,
                             AllowIncomplete=True, Open=False, Quiet=True, Transcript=log)
        assert st == SUCCESS and len(tally) >= 1, (st, tally)
        read = [ln for ln in transcript_of(log).splitlines() if ln.startswith("PROGRESS: ")]
        assert len(read) == n and all(ln.endswith(".xlsx") for ln in read), read
        # an argument overrides the options
        ods = tmp()
        st, res = dispatch(frame, "GenerateSheets", DataPath=EXAMPLE, OutDir=ods, Quiet=True,
                           SheetFormat="ods")
        assert st == SUCCESS and all(p.endswith(".ods") for p in res), (st, res)
    finally:
        set_setting("SheetFormat", "ods")
        doc.close(True)


@test
def new_workbook_has_drop_down_lists():
    o = office_()
    doc, frame = frame_with(EXAMPLE)
    target = os.path.join(tmp(), "moi.ods")
    try:
        st, res = dispatch(frame, "NewWorkbook", Target=target, Open=False)
        assert st == SUCCESS, st
    finally:
        doc.close(True)
    from com.sun.star.sheet.ValidationType import LIST
    wb = o.load(target)
    try:
        sheets = wb.getSheets()
        role = sheets.getByName("Đơn vị").getCellRangeByName("D2").Validation
        assert role.Type == LIST and "Cụm trưởng" in role.getFormula1(), role.getFormula1()
        assert role.ShowErrorMessage
        kind = sheets.getByName("Tiêu chí").getCellRangeByName("D40").Validation
        assert kind.Type == LIST and "Trừ" in kind.getFormula1()
        assert "Điều kiện" in kind.getFormula1(), kind.getFormula1()
        crit = sheets.getByName("Tiêu chí")
        head = [crit.getCellByPosition(c, 0).getString() for c in range(30)]
        method = crit.getCellByPosition(head.index("Cách chấm"), 9).Validation
        assert method.Type == LIST, method.Type
        for w in ("Chấm trực tiếp", "Định tính", "Chấm thẳng", "Định lượng", "Dẫn đầu cụm"):
            assert '"%s"' % w in method.getFormula1(), method.getFormula1()
        assert not method.ShowErrorMessage  # other spellings of the data stay allowed
        body = crit.getCellByPosition(head.index("Đơn vị chấm"), 9).Validation
        assert body.Type == LIST and "Đơn vị chấm" in body.getFormula1() and \
            "$A$2:$A$500" in body.getFormula1(), body.getFormula1()
        sh = sheets.getByName("Cụm")
        row = [r for r in range(40) if sh.getCellByPosition(0, r).getString() == "Loại"][0]
        v = sh.getCellByPosition(1, row).Validation
        assert v.Type == LIST and "Khối" in v.getFormula1(), v.getFormula1()
        row = [r for r in range(40) if sh.getCellByPosition(0, r).getString() == "Ô trống tính là 0"][0]
        v = sh.getCellByPosition(1, row).Validation
        assert v.Type == LIST and '"Điều kiện"' in v.getFormula1() and '"Cộng"' in v.getFormula1()
        vote = sheets.getByName("Khen thưởng").getCellRangeByName("D3").Validation
        assert vote.Type == LIST and "Không" in vote.getFormula1()
        assert "Hướng dẫn" in sheets.getElementNames()
    finally:
        wb.close(True)


@test
def example_opens_as_an_untitled_copy_and_help_is_bundled():
    o = office_()
    doc, frame = frame_with(EXAMPLE)
    try:
        def untitled():
            e = o.desktop.getComponents().createEnumeration()
            found = []
            while e.hasMoreElements():
                c = e.nextElement()
                if hasattr(c, "getSheets") and c.getURL() == "" and \
                        "Cụm" in c.getSheets().getElementNames():
                    found.append(c)
            return found
        before = untitled()
        st, res = dispatch(frame, "OpenExample", Hidden=True)
        assert st == SUCCESS, st
        copies = [c for c in untitled() if c not in before]
        assert len(copies) == 1, "no untitled copy of the example: %d" % len(copies)
        sh = copies[0].getSheets().getByName("Cụm")
        assert any(fold(CLUSTER) in fold(sh.getCellByPosition(1, r).getString())
                   for r in range(20)), "not the example"
        copies[0].close(True)
        set_setting("Language", "vi")
        st, res = dispatch(frame, "Help", Open=False)
        assert st == SUCCESS and res[0].endswith("help/guide-vi.html"), res
        assert "Hướng dẫn sử dụng thidua" in open(res[0], encoding="utf-8").read()
        set_setting("Language", "en")
        st, res = dispatch(frame, "Help", Open=False)
        assert res[0].endswith("help/guide-en.html"), res
    finally:
        set_setting("Language", "vi")
        doc.close(True)


@test
def remove_reinstall_and_upgrade():
    prof = state["profile"]
    state.pop("office").close()
    rc, out = prof.unopkg("remove", "vn.thidua.extension")
    assert rc == 0, out
    rc, out = prof.unopkg("list")
    assert "vn.thidua.extension" not in out, out
    o = office.Office(prof)
    try:
        assert o.create("vn.thidua.Thidua") is None, "still registered after removal"
    finally:
        o.close()
    rc, out = prof.unopkg("add", "-s", OXT)
    assert rc == 0, out
    # a newer version over the older one
    d = tmp()
    newer = os.path.join(d, "thidua-newer.oxt")
    parts = VERSION.split(".")
    bumped = ".".join(parts[:-1] + [str(int(parts[-1]) + 1)])
    with zipfile.ZipFile(OXT) as src, zipfile.ZipFile(newer, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "description.xml":
                data = data.replace(('<version value="%s"/>' % VERSION).encode(),
                                    ('<version value="%s"/>' % bumped).encode())
            dst.writestr(item, data)
    rc, out = prof.unopkg("add", "-s", newer, stdin="yes\n")
    assert rc == 0, out
    rc, out = prof.unopkg("list")
    assert out.count("Identifier: vn.thidua.extension") == 1, out
    assert "Version: " + bumped in out, out
    o = office.Office(prof)
    state["office"] = o
    s = o.create("vn.thidua.Thidua")
    assert s is not None, "not registered after the upgrade"
    assert os.path.exists(s.generateAgreement(EXAMPLE, "", tmp(), False))
    shutil.rmtree(d)


def main():
    for tool in ("soffice", "unopkg", "readelf", "nm"):
        if not shutil.which(tool):
            print("uno: %s is missing (install libreoffice-calc-nogui libreoffice-writer-nogui "
                  "libreoffice-dev binutils)" % tool)
            print("uno: 0 passed, 1 failed")
            return 1
    passed = failed = 0
    t0 = time.time()
    base = tempfile.mkdtemp(prefix="thidua-uno-run-")
    tempfile.tempdir = base
    only = [n for n in os.environ.get("THIDUA_UNO_ONLY", "").split(",") if n]
    try:
        for fn in TESTS:
            if only and fn.__name__ not in only and fn is not install_with_unopkg:
                continue
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
    timings = ", ".join("%s %.1fs" % (k, v) for k, v in state.items() if k.endswith("_s"))
    print("uno: total %.1fs (%s)" % (time.time() - t0, timings))
    print("uno: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
