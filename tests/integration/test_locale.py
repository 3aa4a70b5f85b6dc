"""test_locale.py - a scoring sheet filled and printed in an English
LibreOffice (issue 8: "48.25" printed; issue 9 item 8: decimals typed where
the office's decimal separator is "."), through real LibreOffice.

An office is started with a fresh profile whose locale is en-US (the
environment's LANG/LC_ALL and the profile's Locale setting). A control
shows it is English: in a new spreadsheet 9.25 shows as "9.25" and "9,25"
typed into a plain cell stays text. Then, in a generated sheet:

* entries are typed the way a person types them: the cell is selected and
  the text goes through the dispatcher (.uno:EnterString), which parses it
  as Calc parses typed input, by the cell's number format (the template's
  Vietnamese format): "28,5" is a number; "28.5" is not a number in that
  format (the same parser, asked directly), so as text LibreOffice's Mark
  Invalid Data flags it, and the rule's message says to type a comma;
  the points and totals the formulas show read "9,25", "90,75";
* the sheet saved as .ods and printed to PDF by an en-US office shows "9,25"
  and "90,75" and no "9.25"; the page number is printed at the top from
  page 2 on, not on page 1 (Nghị định 30);
* the tally reads the saved sheet to the hand-worked total exactly; a
  value pasted as text ("7,75") is read exactly with a warning naming its
  cell.

Prints a closing "N passed, N failed" line."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fill_sheets  # noqa: E402
import lo  # noqa: E402

DATA = os.path.join(lo.ROOT, "examples", "cum-xii-ha-noi-2018.fods")
UNIT = "BHXH"
# What the unit types (text, as typed on an en-US keyboard following the
# sheet's instruction), and the hand-worked points:
#   I   28,5 + 9,25 + 7,75 = 45,5        II  4,5 + 5 + 3,25 + 4 = 16,75
#   III 5 + 4,75 + 2,5 + 5 = 17,25       IV  4,25 + 3 = 7,25
#   A = 86,75; B: V.1 1 x 2 + V.2 2 x 1 + V.4 1 x 1 = 5; C: VI.2 1 x 1 = 1
#   TỔNG = 86,75 + 5 - 1 = 90,75
TYPED = {"I.1": "28,5", "I.2": "9,25", "I.3": "7,75", "II.1": "4,5", "II.2": "5",
         "II.3": "3,25", "II.4": "4", "III.1": "5", "III.2": "4,75", "III.3": "2,5",
         "III.4": "5", "IV.1": "4,25", "IV.2": "3", "V.1": "1", "V.2": "2", "V.3": "0",
         "V.4": "1", "VI.1": "0", "VI.2": "1", "VI.3": "0"}
TOTAL_H = 9075
SHOWN = {"I.2": "9,25", "I": "45,5", "=BASE": "86,75", "=TOTAL": "90,75"}

results = []


def case(name):
    def deco(fn):
        results.append((name, fn))
        return fn
    return deco


def dispatcher(office):
    return office.ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.DispatchHelper", office.ctx)


def type_text(office, doc, cell, text):
    """Select the cell and enter the text as typed input."""
    from com.sun.star.beans import PropertyValue
    ctrl = doc.getCurrentController()
    ctrl.select(cell)
    dispatcher(office).executeDispatch(ctrl.getFrame(), ".uno:EnterString", "", 0,
                                       (PropertyValue(Name="StringName", Value=text),))
    # back to a cell without a validity rule: a rule's help tip left open
    # over the document makes a headless LibreOffice 7.4 crash when the
    # document is closed
    ctrl.select(cell.getSpreadsheet().getCellByPosition(0, 0))


def close_typed(st, doc):
    """Close a document typed into through the dispatcher. A headless
    LibreOffice 7.4 now and then dies there, after the file is stored (seen
    under load); the office is then started anew (fresh profile) for what
    follows, and the stored file is what the checks read."""
    try:
        doc.close(True)
    except Exception:
        try:
            st["office"].close()
        except Exception:
            pass
        lo._profiles.pop("uno-en-US", None)
        st["office"] = lo.Office(locale="en-US")
        print("     (the office died closing the typed document; restarted)")


def circles(sheet):
    sheet.clearArrows()
    sheet.showInvalid()
    page = sheet.DrawPage
    n = sum(1 for i in range(page.Count)
            if page.getByIndex(i).ShapeType == "com.sun.star.drawing.EllipseShape")
    sheet.clearArrows()
    return n


def tally_json(work, sheet_path, name):
    out = os.path.join(work, name)
    rc, so, se = lo.thidua("tally", DATA, sheet_path, "-o", out, "--allow-incomplete", "--json")
    assert rc in (0, 1), (rc, se)
    j = json.loads(so)
    unit = [u for u in j["results"]["units"] if u["code"] == UNIT]
    assert len(unit) == 1, unit
    return j, unit[0]


def diag_list(j):
    return j.get("diagnostics") or j.get("problems") or []


def main():
    work = tempfile.mkdtemp(prefix="thidua-locale-")
    state = {"work": work}

    def setup():
        rc, out, err = lo.thidua("sheets", DATA, "-o", os.path.join(work, "sheets"))
        assert rc == 0, err
        state["src"] = os.path.join(work, "sheets", "bang-tu-cham-diem-2018-%s.ods" % UNIT)
        state["office"] = lo.Office(locale="en-US")
        return state

    def teardown(_st):
        if state.get("office"):
            state["office"].close()
        shutil.rmtree(work, ignore_errors=True)

    return lo.run_cases("locale", results, setup, teardown)


@case("the office is English: 9.25 shows as 9.25, 9,25 typed into a plain cell is text")
def office_is_english(st):
    from com.sun.star.beans import PropertyValue
    office = st["office"]
    doc = office.desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0,
                                              (PropertyValue(Name="Hidden", Value=True),))
    try:
        cell = doc.getSheets().getByIndex(0).getCellByPosition(0, 0)
        cell.setValue(9.25)
        assert cell.getString() == "9.25", cell.getString()
        type_text(office, doc, cell, "9,25")
        assert cell.getType().value == "TEXT", (cell.getType().value, cell.getString())
    finally:
        doc.close(True)


@case("typed in the sheet: 28,5 is a number, 28.5 is text and marked invalid, the message says how")
def typing(st):
    office = st["office"]
    doc = office.load(st["src"])
    try:
        sheet = doc.getSheets().getByIndex(0)
        t = fill_sheets.layout(sheet)
        assert sheet.isProtected()
        cell = sheet.getCellByPosition(t.self_in, t.rows["I.1"])
        # "28.5" is not a number in the cell's format (the parser Calc's
        # typing uses: SvNumberFormatter with the cell's format), so typed
        # it stays text; the rule marks that text invalid. (Not typed
        # through the dispatcher: the rule's error box, opened
        # asynchronously by a headless office, crashes it now and then.)
        fmt = office.ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.util.NumberFormatter", office.ctx)
        fmt.attachNumberFormatsSupplier(doc)
        assert fmt.convertStringToNumber(cell.NumberFormat, "28,5") == 28.5
        try:
            v = fmt.convertStringToNumber(cell.NumberFormat, "28.5")
            raise AssertionError("28.5 read as the number %r" % v)
        except AssertionError:
            raise
        except Exception:
            pass
        cell.setString("28.5")
        assert circles(sheet) == 1, "28.5 (text) not marked invalid"
        msg = cell.Validation.ErrorMessage
        assert "gõ dấu phẩy: 18,5" in msg, msg
        for code, text in TYPED.items():
            c = sheet.getCellByPosition(t.self_in, t.rows[code])
            type_text(office, doc, c, text)
            assert c.getType().value == "VALUE", (code, text, c.getType().value)
            want = float(text.replace(",", "."))
            assert abs(c.getValue() - want) < 1e-9, (code, c.getValue(), want)
            assert c.getString() == text, (code, c.getString(), text)
        assert circles(sheet) == 0, "valid entries marked invalid"
        # the points cell is locked under the protection (not typed into:
        # the refusal's message box is unsafe in a headless office)
        p = sheet.getCellByPosition(t.self_pts, t.rows["I.1"])
        assert p.CellProtection.IsLocked and p.getFormula().startswith("="), p.getFormula()
        doc.calculateAll()
        for code, shown in SHOWN.items():
            got = sheet.getCellByPosition(t.self_pts, t.rows[code]).getString()
            assert got == shown, (code, got, shown)
        ods = os.path.join(st["work"], "filled.ods")
        # (LibreOffice 7.4 over UNO dies storing a document while the cell
        # typed into by the dispatcher is still selected: deselect first)
        dispatcher(office).executeDispatch(doc.getCurrentController().getFrame(),
                                           ".uno:Deselect", "", 0, ())
        office.store(doc, ods, fill_sheets.FILTER_ODS)
        st["ods"] = ods
    finally:
        close_typed(st, doc)
    # a value pasted as text, bypassing the rule: read exactly, warned
    office = st["office"]
    doc = office.load(ods)
    try:
        sheet = doc.getSheets().getByIndex(0)
        t = fill_sheets.layout(sheet)
        c = sheet.getCellByPosition(t.self_in, t.rows["I.3"])
        c.setString("7,75")
        assert c.getType().value == "TEXT"
        st["text_cell"] = "E%d" % (t.rows["I.3"] + 1)
        st["pasted"] = os.path.join(st["work"], "pasted.ods")
        office.store(doc, st["pasted"], fill_sheets.FILTER_ODS)
    finally:
        doc.close(True)


@case("printed by the English office: 9,25 and 90,75, never 9.25; page number from page 2, at the top")
def printed(st):
    pdfdir = os.path.join(st["work"], "pdf")
    os.makedirs(pdfdir)
    st["pdf"] = lo.to_pdf(st["ods"], pdfdir, locale="en-US")
    pages = lo.pdf_pages(st["pdf"])
    text = " ".join(pages)
    for s in ("9,25", "90,75", "86,75", "28,5"):
        assert s in text, (s, text[:400])
    assert not re.search(r"\b\d+\.\d\d?\b", text), re.findall(r"\b\d+\.\d\d?\b", text)
    assert len(pages) >= 2, len(pages)
    top = []
    for i in (1, 2):
        bbox = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), "-bbox", st["pdf"], "-"],
                              capture_output=True, text=True).stdout
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                           r'yMax="([\d.]+)">([^<]*)</word>', bbox)
        # above 2 cm (56,7 pt): the header, where the page number goes
        top.append([(float(a), float(c), w) for a, b, c, d, w in words if float(b) < 50])
    assert top[0] == [], "page 1 has %r in its header" % top[0]
    assert [w for _, _, w in top[1]] == ["2"], top[1]
    x0, x1, _ = top[1][0]
    # centred between the margins: 3 cm and 29,7 - 1,5 cm (85 pt, 799 pt)
    assert abs((x0 + x1) / 2 - (85.0 + 799.4) / 2) < 15, (x0, x1)


@case("tallied: the typed sheet to 90,75 exactly; a pasted text 7,75 read exactly, warned at its cell")
def tallied(st):
    j, u = tally_json(st["work"], st["ods"], "t1")
    assert u["self_total_hundredths"] == TOTAL_H, u
    j, u = tally_json(st["work"], st["pasted"], "t2")
    assert u["self_total_hundredths"] == TOTAL_H, u
    text = json.dumps(j, ensure_ascii=False)
    assert "score.text-number" in text, text[:2000]
    warn = [d for d in diag_list(j) if d.get("code") == "score.text-number"]
    assert warn and st["text_cell"] in json.dumps(warn[0], ensure_ascii=False), warn


if __name__ == "__main__":
    sys.exit(main())
