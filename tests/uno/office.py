"""office.py - a private LibreOffice profile with thidua.oxt installed by
unopkg, and a headless soffice on a pipe driven through python3-uno."""
import os
import shutil
import subprocess
import tempfile
import time

import uno  # Debian's python3-uno (/usr/bin/python3)


class Profile:
    """A LibreOffice user profile of its own, initialised before unopkg."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="thidua-uno-")
        self.url = "file://" + self.dir
        subprocess.run(["soffice", "--headless", "--terminate_after_init",
                        "-env:UserInstallation=" + self.url],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180,
                       check=True)

    def unopkg(self, *args, stdin=None):
        """Run unopkg on this profile; (exit code, output)."""
        lock = os.path.join(self.dir, ".lock")
        if os.path.exists(lock):
            os.remove(lock)
        p = subprocess.run(["unopkg"] + list(args) + ["-env:UserInstallation=" + self.url],
                           input=stdin, capture_output=True, text=True, timeout=180)
        return p.returncode, p.stdout + p.stderr

    def basic_module(self, source):
        """Replace the Standard library's Module1 in the profile's Basic."""
        d = os.path.join(self.dir, "user", "basic", "Standard")
        os.makedirs(d, exist_ok=True)
        esc = (source.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
               .replace('"', "&quot;"))
        with open(os.path.join(d, "Module1.xba"), "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN"'
                    ' "module.dtd">\n'
                    '<script:module xmlns:script="http://openoffice.org/2000/script" '
                    'script:name="Module1" script:language="StarBasic">' + esc +
                    '</script:module>\n')
        lib = os.path.join(d, "script.xlb")
        if not os.path.exists(lib):
            with open(lib, "w", encoding="utf-8") as f:
                f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                        '<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN"'
                        ' "library.dtd">\n'
                        '<library:library xmlns:library="http://openoffice.org/2000/library" '
                        'library:name="Standard" library:readonly="false" library:passwordprotected="false">'
                        '<library:element library:name="Module1"/></library:library>\n')

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)


_rdbs = set()


def insert_types(rdb):
    """Make the extension's types known to this Python process (once)."""
    if rdb in _rdbs:
        return
    local = uno.getComponentContext()
    tdm = local.getValueByName("/singletons/com.sun.star.reflection.theTypeDescriptionManager")
    tdm.insert(uno.systemPathToFileUrl(rdb))
    _rdbs.add(rdb)


class Office:
    """A headless soffice on a pipe, on the given profile."""

    def __init__(self, profile):
        self.profile = profile
        lock = os.path.join(profile.dir, ".lock")
        if os.path.exists(lock):
            os.remove(lock)
        self.pipe = "thidua-uno-%d-%d" % (os.getpid(), int(time.time() * 1000) % 100000)
        self.proc = subprocess.Popen(
            ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
             "-env:UserInstallation=" + profile.url,
             "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % self.pipe],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.time() + 90
        while True:
            try:
                self.ctx = resolver.resolve(
                    "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % self.pipe)
                break
            except Exception:
                if self.proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("soffice did not start (exit %s)" % self.proc.poll())
                time.sleep(0.2)
        self.smgr = self.ctx.ServiceManager
        self.desktop = self.create("com.sun.star.frame.Desktop")

    def create(self, name):
        return self.smgr.createInstanceWithContext(name, self.ctx)

    def load(self, path, hidden=True):
        from com.sun.star.beans import PropertyValue
        return self.desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(path), "_blank", 0,
            (PropertyValue(Name="Hidden", Value=hidden),))

    def text_of(self, path):
        """The text of a document LibreOffice opens (Writer text, or every
        cell of every sheet)."""
        doc = self.load(path)
        if doc is None:
            raise AssertionError("LibreOffice cannot open " + path)
        try:
            if hasattr(doc, "getText"):
                return doc.getText().getString()
            parts = []
            sheets = doc.getSheets()
            for i in range(sheets.getCount()):
                sh = sheets.getByIndex(i)
                cur = sh.createCursor()
                cur.gotoEndOfUsedArea(False)
                addr = cur.getRangeAddress()
                rng = sh.getCellRangeByPosition(0, 0, addr.EndColumn, addr.EndRow)
                for row in rng.getDataArray():
                    parts.extend(str(v) for v in row if v != "")
            return "\n".join(parts)
        finally:
            doc.close(True)

    def close(self):
        try:
            self.desktop.terminate()
        except Exception:
            pass
        try:
            self.proc.wait(timeout=30)
        except Exception:
            self.proc.kill()
            self.proc.wait()
