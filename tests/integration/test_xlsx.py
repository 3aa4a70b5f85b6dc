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
  the .ods sheet filled the same way;
* the head's verification column (.xlsx and .ods): locked, so the unit's
  typing there is refused and a wrong password does not lift the
  protection; the unit's file, saved by LibreOffice, opened by the head,
  unprotected with the password of mat-khau-tham-dinh-<year>.txt, typed
  into and tallied: the head's value is the final one;
* a scoring body's own .xlsx (one table per unit; tests/fixtures/
  rules-cluster.fods): typed into in LibreOffice table by table, saved as
  .xlsx and tallied with the units' sheets to the same results as the
  body's .ods filled the same way.

Prints a closing "N passed, N failed" line."""
import os
import re
import shutil
import sys
import tempfile
import zipfile

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
        # the head's entry cell: the same rule, locked to the unit
        v = sheet.getCellByPosition(t.cl_in, r)
        assert v.CellProtection.IsLocked, (code, "verification cell open to the unit")
        assert v.Validation.Type == sheet.getCellByPosition(t.self_in, r).Validation.Type, code
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
    assert_wrong_password_refused(sheet)


def password_of(folder):
    """The head's password: the "Mật khẩu: " line of the file thidua sheets
    wrote beside the sheets."""
    names = [f for f in os.listdir(folder) if re.match(r"mat-khau-tham-dinh-\d+\.txt$", f)]
    assert len(names) == 1, os.listdir(folder)
    with open(os.path.join(folder, names[0]), encoding="utf-8") as f:
        m = re.search(r"^Mật khẩu: (\S+)\r?$", f.read(), re.M)
    assert m, names[0]
    return m.group(1)


def assert_entry_refused(sheet, col, row):
    """LibreOffice refuses an entry into a protected cell. Checked through
    XCellRange.setDataArray, which applies the sheet protection as typing
    does, without the error box that typing opens (a headless 7.4 office
    now and then dies on it under load)."""
    rng = sheet.getCellRangeByPosition(col, row, col, row)
    try:
        rng.setDataArray(((20.0,),))
    except Exception as e:  # noqa: BLE001
        assert "RuntimeException" in type(e).__name__, repr(e)
        return
    raise AssertionError("an entry into a protected cell was taken")


def assert_wrong_password_refused(sheet):
    try:
        sheet.unprotect("mat-khau-sai")
    except Exception as e:  # noqa: BLE001
        assert "IllegalArgument" in type(e).__name__, repr(e)
    assert sheet.isProtected(), "a wrong password lifted the protection"


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


@case("the head's column: closed to the unit, typed by the head with the password and tallied "
      "as the head's score (.xlsx and .ods)")
def head_verifies(st):
    for fmt, filt in (("xlsx", fill_sheets.FILTER_XLSX), ("ods", fill_sheets.FILTER_ODS)):
        pw = password_of(os.path.join(st["work"], fmt))
        with zipfile.ZipFile(st[fmt]) as z:   # the unit's file never holds it
            for n in z.namelist():
                assert pw.encode() not in z.read(n), (fmt, n)
        work = tempfile.mkdtemp(prefix="head-", dir=st["work"])
        returned = os.path.join(work, "unit-returned." + fmt)
        verified = os.path.join(work, "head-verified." + fmt)
        # the unit: types its scores, cannot type into the head's column
        office = st["office"]
        doc = office.load(st[fmt])
        assert doc is not None, "LibreOffice could not open " + st[fmt]
        try:
            sheet = doc.getSheets().getByIndex(0)
            t = fill_sheets.layout(sheet)
            assert sheet.isProtected(), fmt
            # before any typing (a help tip left open by the typing is what a
            # headless 7.4 office now and then dies on)
            assert_wrong_password_refused(sheet)
            for code, text in tl.TYPED.items():
                tl.type_text(office, doc, sheet.getCellByPosition(t.self_in, t.rows[code]), text)
            g = sheet.getCellByPosition(t.cl_in, t.rows["I.1"])
            assert g.CellProtection.IsLocked, fmt
            assert_entry_refused(sheet, t.cl_in, t.rows["I.1"])
            assert g.getString() == "", (fmt, "the unit wrote into the head's column", g.getString())
            tl.dispatcher(office).executeDispatch(doc.getCurrentController().getFrame(),
                                                  ".uno:Deselect", "", 0, ())
            office.store(doc, returned, filt)
        finally:
            tl.close_typed(st, doc)
        # the head: the returned file, unprotected with the password, typed
        office = st["office"]
        doc = office.load(returned)
        assert doc is not None, "LibreOffice could not open " + returned
        try:
            sheet = doc.getSheets().getByIndex(0)
            t = fill_sheets.layout(sheet)
            assert sheet.isProtected(), (fmt, "LibreOffice saved the unit's file unprotected")
            assert_wrong_password_refused(sheet)
            sheet.unprotect(pw)
            assert not sheet.isProtected(), fmt
            # the control: the same entry is taken once the protection is off
            rng = sheet.getCellRangeByPosition(t.cl_in, t.rows["I.1"], t.cl_in, t.rows["I.1"])
            rng.setDataArray(((20.0,),))
            g = sheet.getCellByPosition(t.cl_in, t.rows["I.1"])
            assert g.getValue() == 20.0, (fmt, g.getString())
            tl.type_text(office, doc, g, "27,5")
            assert g.getType().value == "VALUE" and g.getValue() == 27.5, (fmt, g.getString())
            doc.calculateAll()
            got = sheet.getCellByPosition(t.cl_pts, t.rows["I.1"]).getString()
            assert got == "27,5", (fmt, got)
            tl.dispatcher(office).executeDispatch(doc.getCurrentController().getFrame(),
                                                  ".uno:Deselect", "", 0, ())
            office.store(doc, verified, filt)
        finally:
            tl.close_typed(st, doc)
        _, u = tl.tally_json(work, verified, "tally")
        crit = {c["code"]: c for c in u["criteria"]}
        assert crit["I.1"]["source"] == "head" and crit["I.1"]["final_hundredths"] == 2750, \
            (fmt, crit["I.1"])
        assert all(c["source"] == "self" for k, c in crit.items() if k != "I.1" and c["source"]), \
            (fmt, crit)
        # 28,5 self-scored, 27,5 verified: one point less
        assert u["self_total_hundredths"] == tl.TOTAL_H, (fmt, u)
        assert u["final_total_hundredths"] == tl.TOTAL_H - 100, (fmt, u)


@case("a scoring body's own .xlsx (a table per unit): filled in LibreOffice, saved as .xlsx, tallied like the .ods")
def body_xlsx(st):
    import test_rules as tr
    office = st["office"]
    work = tempfile.mkdtemp(prefix="body-", dir=st["work"])
    issued = {}
    for fmt in ("ods", "xlsx"):
        d = os.path.join(work, "issued-" + fmt)
        os.mkdir(d)
        rc, out, err = lo.thidua("sheets", tr.DATA, "-o", d, "--format", fmt)
        assert rc == 0, err
        issued[fmt] = d
    # the units' own sheets, the same for both routes (the API types here;
    # typing is what this case does for the body)
    units = os.path.join(work, "units")
    os.mkdir(units)
    for code, (self_e, head_e, _) in tr.ENTRIES.items():
        ods, _x = fill_sheets.fill(office, os.path.join(issued["ods"],
                                                        "bang-tu-cham-diem-2025-%s.ods" % code),
                                   os.path.join(work, "u-" + code), self_e, cluster=head_e)
        shutil.copy(ods, units)
    results = {}
    for fmt, filt in (("xlsx", fill_sheets.FILTER_XLSX), ("ods", fill_sheets.FILTER_ODS)):
        src = os.path.join(issued[fmt], "bang-cham-diem-2025-STC." + fmt)
        back = os.path.join(work, "back-" + fmt)
        shutil.copytree(units, back)
        dest = os.path.join(back, "so-tai-chinh." + fmt)
        doc = office.load(src)
        try:
            sheets = doc.getSheets()
            names = sorted(sheets.getByIndex(i).getName() for i in range(sheets.getCount()))
            assert names == sorted(tr.BODY), (fmt, names)
            for code, entries in tr.BODY.items():
                sh = sheets.getByName(code)
                assert sh.isProtected(), (fmt, code)
                # to the table first, as a person clicks its tab (selecting a
                # cell of another table makes a headless 7.4 fall over)
                doc.getCurrentController().setActiveSheet(sh)
                t = fill_sheets.layout(sh)
                assert t.cl_in is None, (fmt, code, "a body's table has no verification pair")
                for k, v in entries.items():
                    c = sh.getCellByPosition(t.self_in, t.rows[k])
                    assert not c.CellProtection.IsLocked, (fmt, code, k)
                    # set through the cell, not typed: typing through the
                    # dispatcher into a file of several protected tables
                    # makes a headless 7.4 die now and then, twice in a row
                    # under CI (the unit sheets' cases type, one table each)
                    c.setValue(v)
                    assert c.getType().value == "VALUE" and c.getValue() == v, \
                        (fmt, code, k, c.getString())
                # the points follow the typing (automatic calculation)
                got = sh.getCellByPosition(t.self_pts, t.rows["I.5"]).getValue()
                assert abs(got - tr.BODY_POINTS[code]) < 1e-9, (fmt, code, got)
            tl.dispatcher(office).executeDispatch(doc.getCurrentController().getFrame(),
                                                  ".uno:Deselect", "", 0, ())
            office.store(doc, dest, filt)
        finally:
            tl.close_typed(st, doc)
            office = st["office"]
        rc, j = tr.tally(tr.DATA, os.path.join(work, "kq-" + fmt), back)
        errors = [d for d in j["diagnostics"] if d["severity"] == "error"]
        assert rc == 0 and not errors, (fmt, rc, errors)
        results[fmt] = {u["code"]: (u["final_total"], u["rank"],
                                    [(c["code"], c["final_hundredths"], c["source"])
                                     for c in u["criteria"]])
                        for u in j["results"]["units"]}
    for code, total in tr.FINAL.items():
        assert results["xlsx"][code][0] == total and results["xlsx"][code][1] == tr.RANK[code], \
            (code, results["xlsx"][code][:2], total)
        i5 = [c for c in results["xlsx"][code][2] if c[0] == "I.5"]
        assert i5 and i5[0][2] == "body", (code, i5)
    assert results["xlsx"] == results["ods"], (results["xlsx"], results["ods"])


@case("the untouched generated .xlsx reads back as an unscored sheet of its unit")
def untouched(st):
    rc, out, err = lo.thidua("tally", tl.DATA, st["xlsx"], "-o", os.path.join(st["work"], "tu"),
                             "--allow-incomplete", "--json")
    assert "score.unscored" in out and "BHXH" in out, out[:1000]


def office_died(e):
    return "Disposed" in type(e).__name__ or "bridge disposed" in str(e)


def main():
    work = tempfile.mkdtemp(prefix="thidua-xlsx-")
    st = {"work": work}

    def setup():
        for fmt in ("xlsx", "ods"):
            rc, out, err = lo.thidua("sheets", tl.DATA, "-o", os.path.join(work, fmt),
                                     "--format", fmt)
            assert rc == 0, err
        name = "bang-tu-cham-diem-2018-%s" % tl.UNIT
        st.update({"xlsx": os.path.join(work, "xlsx", name + ".xlsx"),
                   "ods": os.path.join(work, "ods", name + ".ods"),
                   "xlsx_out": os.path.join(work, "filled.xlsx"),
                   "ods_out": os.path.join(work, "filled.ods")})
        st["office"] = lo.Office(locale="en-US")
        return st

    def clear_locks():
        # a dead office leaves its lock files (.~lock.NAME#) beside the
        # documents it had open; the next one would refuse to open them
        for top, _dirs, files in os.walk(work):
            for f in files:
                if f.startswith(".~lock."):
                    os.remove(os.path.join(top, f))

    def new_office():
        clear_locks()
        lo._profiles.pop("uno-en-US", None)
        st["office"] = lo.Office(locale="en-US")

    def attempt(fn, _st):
        try:
            st["office"].desktop.getFrames()
        except Exception:  # noqa: BLE001
            # an earlier case left the office dead: a new one first
            new_office()
        try:
            fn(st)
        except Exception as e:  # noqa: BLE001
            if not office_died(e):
                raise
            # the office died under us (headless 7.4, typing through the
            # dispatcher under load): once more in a new one
            print("     (the office died during the case; once more in a new one)")
            clear_locks()
            try:   # close_typed may have started a new one already
                st["office"].desktop.getFrames()
            except Exception:  # noqa: BLE001
                try:
                    st["office"].close()
                except Exception:  # noqa: BLE001
                    pass
                new_office()
            fn(st)

    def teardown(_st):
        if st.get("office"):
            st["office"].close()
        shutil.rmtree(work, ignore_errors=True)

    return lo.run_cases("xlsx", results, setup, teardown, attempt)


if __name__ == "__main__":
    sys.exit(main())
