"""test_xlsx.py - the scoring sheets written as .xlsx by thidua's own
writer (`thidua sheets --format xlsx`), through real LibreOffice in an
en-US office:

* opened, the sheet is protected, only the entry and note cells are
  unlocked, the key column is hidden and holds the identity, the print
  area, the repeated header row, A4 landscape and one page wide hold, and
  every entry cell has its validity rule with its messages;
* values typed into the cells (the dispatcher, as in test_locale.py) are
  numbers with a decimal comma (the [$-42A] formats), a value out of range
  is marked invalid, the points cells are the formulas read back in
  Calc syntax, and they recompute to the hand-worked points;
* saved as .xlsx by LibreOffice and tallied: the same total, exactly, as
  the .ods sheet filled the same way.

Prints a closing "N passed, N failed" line."""
import os
import shutil
import sys
import tempfile
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fill_sheets  # noqa: E402
import lo  # noqa: E402
import test_locale as tl  # noqa: E402

results = []


def case(name):
    def deco(fn):
        results.append((name, fn))
        return fn
    return deco


def fill_typed(office, src, dest, filt, checks=None, st=None):
    """Open src, type tl.TYPED into the unit's column, run checks(doc,
    sheet, table), save as dest with filter filt."""
    doc = office.load(src)
    assert doc is not None, "LibreOffice could not open %s" % src
    try:
        sheet = doc.getSheets().getByIndex(0)
        t = fill_sheets.layout(sheet)
        assert t is not None and t.self_in is not None, "no scoring table in %s" % src
        if checks:
            checks(doc, sheet, t)
        for code, text in tl.TYPED.items():
            c = sheet.getCellByPosition(t.self_in, t.rows[code])
            tl.type_text(office, doc, c, text)
            assert c.getType().value == "VALUE", (src, code, text, c.getString())
        doc.calculateAll()
        for code, shown in tl.SHOWN.items():
            got = sheet.getCellByPosition(t.self_pts, t.rows[code]).getString()
            assert got == shown, (src, code, got, shown)
        tl.dispatcher(office).executeDispatch(doc.getCurrentController().getFrame(),
                                              ".uno:Deselect", "", 0, ())
        office.store(doc, dest, filt)
    finally:
        if st is not None:
            tl.close_typed(st, doc)
        else:
            doc.close(True)


def structure(office, doc, sheet, t):
    from com.sun.star.sheet.ValidationType import CUSTOM
    assert sheet.isProtected(), "xlsx sheet not protected"
    ident = sheet.getCellByPosition(t.code_col, 0).getString()
    assert ident.startswith("thidua:1|") and "|BHXH|" in ident, ident
    assert not sheet.getColumns().getByIndex(t.code_col).IsVisible, "key column shown"
    areas = sheet.getPrintAreas()
    assert len(areas) == 1 and areas[0].EndColumn == 8 and areas[0].StartRow == 0, areas
    assert sheet.PrintTitleRows and sheet.TitleRows.StartRow == t.rows["=HEADER"], \
        (sheet.PrintTitleRows, sheet.TitleRows.StartRow)
    ps = doc.StyleFamilies.getByName("PageStyles").getByName(sheet.PageStyle)
    assert ps.Width > ps.Height and abs(ps.Width - 29700) < 20, (ps.Width, ps.Height)
    assert ps.ScaleToPagesX == 1, ps.ScaleToPagesX
    assert 2990 <= ps.LeftMargin <= 3500 and 1490 <= ps.RightMargin <= 2000, \
        (ps.LeftMargin, ps.RightMargin)
    nrule = 0
    for code, r in t.rows.items():
        if code.startswith("="):
            continue
        e = sheet.getCellByPosition(t.self_in, r)
        p = sheet.getCellByPosition(t.self_pts, r)
        assert p.CellProtection.IsLocked, (code, "points cell unlocked")
        if e.Validation.Type == CUSTOM:
            nrule += 1
            assert not e.CellProtection.IsLocked, (code, "entry cell locked")
            if "INT(" not in e.Validation.getFormula1():  # counts are whole
                assert "gõ dấu phẩy: 18,5" in e.Validation.ErrorMessage, e.Validation.ErrorMessage
            assert e.Validation.ShowErrorMessage and e.Validation.ShowInputMessage
            assert e.Validation.InputMessage, code
            assert sheet.getCellByPosition(8, r).CellProtection.IsLocked is False, \
                (code, "note cell locked")
    assert nrule == 20, nrule
    # out of range: marked invalid; the points cell holds its formula
    e = sheet.getCellByPosition(t.self_in, t.rows["I.1"])
    e.setValue(31)   # (not typed: a headless office's error box is unsafe)
    assert tl.circles(sheet) == 1, "31 not marked invalid"
    p = sheet.getCellByPosition(t.self_pts, t.rows["I.1"])
    assert p.getFormula() == "=MIN(MAX(E10;0);30)", p.getFormula()
    e.setString("")


@case("generated .xlsx as LibreOffice sees it; typed, saved as .xlsx; the .ods typed the same way")
def typed(st):
    office = st["office"]
    fill_typed(office, st["xlsx"], st["xlsx_out"], fill_sheets.FILTER_XLSX,
               lambda d, s, t: structure(office, d, s, t), st)
    fill_typed(st["office"], st["ods"], st["ods_out"], fill_sheets.FILTER_ODS, None, st)


@case("tallied: the .xlsx route and the .ods route give the same total, exactly")
def tallied(st):
    _, ux = tl.tally_json(st["work"], st["xlsx_out"], "tx")
    _, uo = tl.tally_json(st["work"], st["ods_out"], "to")
    assert ux["self_total_hundredths"] == tl.TOTAL_H, ux
    assert uo["self_total_hundredths"] == tl.TOTAL_H, uo
    rows = lambda u: [(c["code"], c["final_hundredths"]) for c in u["criteria"]]  # noqa: E731
    assert len(rows(ux)) == 26 and rows(ux) == rows(uo), (rows(ux), rows(uo))


@case("the untouched generated .xlsx reads back as an unscored sheet of its unit")
def untouched(st):
    rc, out, err = lo.thidua("tally", tl.DATA, st["xlsx"], "-o", os.path.join(st["work"], "tu"),
                             "--allow-incomplete", "--json")
    assert "score.unscored" in out and "BHXH" in out, out[:1000]


def main():
    work = tempfile.mkdtemp(prefix="thidua-xlsx-")
    office = None
    st = {}
    passed = failed = 0
    try:
        for fmt in ("xlsx", "ods"):
            rc, out, err = lo.thidua("sheets", tl.DATA, "-o", os.path.join(work, fmt),
                                     "--format", fmt)
            assert rc == 0, err
        name = "bang-tu-cham-diem-2018-%s" % tl.UNIT
        st.update({"work": work, "xlsx": os.path.join(work, "xlsx", name + ".xlsx"),
              "ods": os.path.join(work, "ods", name + ".ods"),
              "xlsx_out": os.path.join(work, "filled.xlsx"),
              "ods_out": os.path.join(work, "filled.ods")})
        office = lo.Office(locale="en-US")
        st["office"] = office
        for name, fn in results:
            try:
                fn(st)
                passed += 1
                print("ok   %s" % name)
            except Exception:
                failed += 1
                print("FAIL %s" % name)
                traceback.print_exc(file=sys.stdout)
    except Exception:
        failed += 1
        traceback.print_exc(file=sys.stdout)
    finally:
        if st.get("office"):
            st["office"].close()
        lo.cleanup()
        shutil.rmtree(work, ignore_errors=True)
    print("integration-xlsx: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
