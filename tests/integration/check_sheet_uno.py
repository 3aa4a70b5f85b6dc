#!/usr/bin/python3
"""check_sheet_uno.py - a generated scoring sheet as LibreOffice sees it.

usage: /usr/bin/python3 tests/integration/check_sheet_uno.py SHEET.ods [--quiet]
           [--password=PW]

Opens the sheet in a private headless LibreOffice (python3-uno) and checks,
for every table:
  - the table is protected and the code column J is hidden;
  - the unit's entry cells (E of rows whose code cell J holds a criterion
    that takes entries) and the notes (I) are unprotected, every other cell
    of the table is locked: the head's entry cells (G) too, and the points
    F, H (formulas);
  - the protection has the head's password (--password, else the one in
    mat-khau-tham-dinh-*.txt beside the sheet): unprotect("wrong") is
    refused, unprotect(password) lifts it (the checks below then type into
    G as the head does; the table is protected again before the .xlsx
    round trip);
  - the score cells carry a custom validity rule (a number from 0 to the
    row's bound, in the cluster's step), with an error message that stops
    the input, and LibreOffice's "Mark invalid data" flags a value off the
    step or above the bound but not a good value;
  - typing values into the entry cells (self and verification; the sheets
    checked score every row directly, so points = entries) makes the
    points, the section subtotals and the =BASE/=BONUS/=DEDUCT/=TOTAL rows show what
    this script computes on its own (sum of the leaves; bonus capped by the
    section's cap; total = base + bonus - deductions);
  - print setup: A4, repeated column header row, one page wide, print area;
  - stored as .xlsx ("Calc MS Excel 2007 XML") and reloaded: identity text in
    J1, protection, hidden column J, unprotected score cells and validity
    rules survive.
Prints what it saw; exit status 0 when every check passed, 1 otherwise,
2 when LibreOffice cannot be used.
"""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lo  # noqa: E402

KEYS = ("=BASE", "=BONUS", "=DEDUCT", "=TOTAL")
# form/form.h: E and G the entries (self, verification), F and H their
# points (formulas), I the notes, J the hidden code column. The sheets this
# checks score every row DIRECT (the entry is the points).
COL_D, COL_E, COL_F, COL_G = 4, 6, 8, 9
PTS = {COL_D: 5, COL_E: 7}
failures = []
quiet = False


def say(msg):
    if not quiet:
        print(msg)


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL: " + msg)
    return cond


def a1(col, row):
    return "%s%d" % ("ABCDEFGHIJ"[col], row + 1)


def read_rows(sheet):
    """{row: key} from the code column, and the last used row."""
    cur = sheet.createCursor()
    cur.gotoEndOfUsedArea(False)
    last = cur.RangeAddress.EndRow
    keys = {}
    for r in range(last + 1):
        s = sheet.getCellByPosition(COL_G, r).getString()
        if s:
            keys[r] = s
    return keys, last


def circles(sheet):
    """Validity circles drawn by showInvalid() (comments are shapes too)."""
    sheet.clearArrows()
    sheet.showInvalid()
    page = sheet.DrawPage
    n = sum(1 for i in range(page.Count)
            if page.getByIndex(i).ShapeType == "com.sun.star.drawing.EllipseShape")
    sheet.clearArrows()
    return n


def is_formula(cell):
    return bool(cell.getFormula().startswith("="))


def step_bad_value(limit, step):
    """A value inside the bound that is off the step."""
    return min(limit, 1.0) - step / 2.0 if limit >= step else limit + step


def check_table(doc, sheet, office_step, password):
    name = sheet.getName()
    say("table %r" % name)
    keys, last = read_rows(sheet)
    check(sheet.isProtected(), "%s: table not protected" % name)
    check(not sheet.getColumns().getByIndex(COL_G).IsVisible, "%s: column J visible" % name)
    ident = sheet.getCellByPosition(COL_G, 0).getString()
    check(ident.startswith("thidua:1|"), "%s: J1 holds no identity (%r)" % (name, ident))
    header = [r for r, k in keys.items() if k == "=HEADER"]
    check(len(header) == 1, "%s: no =HEADER row" % name)
    hrow = header[0] if header else 0
    heads = [sheet.getCellByPosition(c, hrow).getString() for c in range(9)]
    say("  header row %d: %s" % (hrow + 1, " | ".join(heads)))

    crit_rows = {r: k for r, k in keys.items() if not k.startswith("=") and r != 0}
    leaves, nodes = {}, {}
    for r, code in crit_rows.items():
        open_cell = not sheet.getCellByPosition(COL_D, r).CellProtection.IsLocked
        (leaves if open_cell else nodes)[r] = code
    say("  %d criterion rows: %d with score cells, %d subtotals" %
        (len(crit_rows), len(leaves), len(nodes)))

    # Protection of every cell of the printed columns, and of J: only the
    # unit's entries (E) and the notes (I) are open, the head's entries (G)
    # are locked.
    locked_wrong = []
    for r in range(last + 1):
        for c in range(10):
            locked = sheet.getCellByPosition(c, r).CellProtection.IsLocked
            want_open = (r in leaves and c == COL_D) or (r in crit_rows and c == COL_F)
            if locked == want_open:
                locked_wrong.append(a1(c, r))
    check(not locked_wrong, "%s: wrong protection at %s" % (name, ", ".join(locked_wrong[:10])))
    check(all(sheet.getCellByPosition(COL_E, r).CellProtection.IsLocked for r in leaves),
          "%s: a verification cell (G) is open to the unit" % name)
    say("  protection: %d open cells (the unit's scores + notes), %d verification cells locked, "
        "all others locked: %s" % (len(leaves) + len(crit_rows), len(leaves),
                                   "yes" if not locked_wrong else "NO"))

    # The head's password: a wrong one is refused, the right one lifts the
    # protection so that the head can type into G.
    if check(password is not None, "%s: no password to check the protection with" % name):
        try:
            sheet.unprotect(password + "x")
            check(False, "%s: a wrong password lifted the protection" % name)
        except Exception:  # noqa: BLE001  (IllegalArgumentException)
            check(sheet.isProtected(), "%s: a wrong password lifted the protection" % name)
        sheet.unprotect(password)
        check(not sheet.isProtected(), "%s: the password did not lift the protection" % name)
        say("  protection: a wrong password refused, the head's lifts it")

    # Validity rules.
    from com.sun.star.sheet.ValidationType import CUSTOM
    from com.sun.star.sheet.ValidationAlertStyle import STOP
    bounds, kinds = {}, {}
    for r in leaves:
        for c in (COL_D, COL_E):
            v = sheet.getCellByPosition(c, r).Validation
            ok = v.Type == CUSTOM and v.ShowErrorMessage and v.ErrorAlertStyle == STOP
            m = re.search(r"<=([0-9.]+)", v.getFormula1())
            check(ok and m, "%s!%s: no custom validity rule (%s %r)" %
                  (name, a1(c, r), v.Type.value, v.getFormula1()))
            check(v.IgnoreBlankCells, "%s!%s: blank cells not allowed" % (name, a1(c, r)))
            if m:
                bounds[r] = float(m.group(1))
            kinds[r] = v.InputTitle
    sample = sorted(leaves)[0]
    v = sheet.getCellByPosition(COL_D, sample).Validation
    say("  rule at %s: %s" % (a1(COL_D, sample), v.getFormula1()))
    say("  error message: %s" % v.ErrorMessage)

    def invalid_after(cell, value):
        cell.setValue(value)
        n = circles(sheet)
        cell.setString("")
        return n > 0

    # A rule may be shared by several cells (LibreOffice reports the
    # formula of its base cell): probe every score cell.
    probes, nprobe = [], 0
    for r in sorted(leaves):
        for c in (COL_D, COL_E):
            cell = sheet.getCellByPosition(c, r)
            lim = bounds.get(r, 0)
            for val, want_bad in ((lim, False), (lim + office_step, True),
                                  (step_bad_value(lim, office_step), True), (-office_step, True)):
                bad = invalid_after(cell, val)
                nprobe += 1
                if r in (sorted(leaves)[0], sorted(leaves)[-1]):
                    probes.append("%s=%g:%s" % (a1(c, r), val, "bad" if bad else "ok"))
                check(bad == want_bad, "%s!%s: value %g marked %s" %
                      (name, a1(c, r), val, "invalid" if bad else "valid"))
    say("  'mark invalid data' on %d probes, e.g. %s" % (nprobe, ", ".join(probes)))

    # Type scores and compare the formulas with our own arithmetic.
    def fill(col, scale):
        """Type entries; returns the points each must give: the entry for a
        row scored directly, min(cap, count x points per event) for a count
        row (its Cách tính says "n điểm/lần")."""
        vals = {}
        for i, r in enumerate(sorted(leaves)):
            k = (i * 3 + scale) % 4 + 1
            how = sheet.getCellByPosition(3, r).getString()
            per = re.search(r"([0-9]+(?:,[0-9]+)?) điểm/lần; nhập số lần", how)
            if per:
                pe = float(per.group(1).replace(",", "."))
                cap = sheet.getCellByPosition(2, r).getValue() or 1000
                sheet.getCellByPosition(col, r).setValue(k)
                vals[r] = min(cap, k * pe)
                continue
            lim = min(bounds.get(r, 0), 20)
            q = int(round(lim / office_step))
            val = round(q * k / 4) * office_step
            sheet.getCellByPosition(col, r).setValue(val)
            vals[r] = val
        return vals

    def expected(vals):
        sec_of = {}
        for r, code in crit_rows.items():
            sec_of[r] = code.split(".")[0]
        caps, sec_rows = {}, {}
        for r, code in crit_rows.items():
            if "." not in code:
                sec_rows[code] = r
                caps[code] = sheet.getCellByPosition(2, r).getValue()
        base = bonus = deduct = 0.0
        per_section = {}
        for r, val in vals.items():
            per_section[sec_of[r]] = per_section.get(sec_of[r], 0.0) + val
        section_cls = {}
        for r in vals:
            section_cls.setdefault(sec_of[r], kinds[r])
        for sec, total in per_section.items():
            cls = section_cls[sec]
            if "cộng" in cls:
                cap = caps.get(sec) or 0
                bonus += min(cap, total) if cap > 0 else total
            elif "trừ" in cls:
                deduct += total
            else:
                base += total
        return per_section, sec_rows, {"=BASE": base, "=BONUS": bonus, "=DEDUCT": deduct,
                                       "=TOTAL": base + bonus - deduct}

    key_row = {k: r for r, k in keys.items()}
    # No explicit recalculation: the formulas must follow the typing.
    check(doc.isAutomaticCalculationEnabled(), "automatic calculation is off")
    for col, scale in ((COL_D, 0), (COL_E, 1)):
        vals = fill(col, scale)
        per_section, sec_rows, totals = expected(vals)
        seen = []
        for sec, r in sorted(sec_rows.items(), key=lambda x: x[1]):
            got = sheet.getCellByPosition(PTS[col], r).getValue()
            cls = next((kinds[x] for x in vals if crit_rows[x].split(".")[0] == sec), "")
            want = per_section.get(sec, 0.0)
            if "cộng" in cls and sheet.getCellByPosition(2, r).getValue() > 0:
                want = min(want, sheet.getCellByPosition(2, r).getValue())
            check(abs(got - want) < 1e-9, "%s!%s: section %s shows %g, expected %g" %
                  (name, a1(PTS[col], r), sec, got, want))
            seen.append("%s=%g" % (sec, got))
        for k in KEYS:
            r = key_row.get(k)
            if not check(r is not None, "%s: no %s row" % (name, k)):
                continue
            got = sheet.getCellByPosition(PTS[col], r).getValue()
            check(abs(got - totals[k]) < 1e-9, "%s!%s: %s shows %g, expected %g" %
                  (name, a1(PTS[col], r), k, got, totals[k]))
            seen.append("%s=%g" % (k[1:], got))
        say("  typed %d scores in column %s -> %s" % (len(vals), "ABCDEFGHIJ"[col], ", ".join(seen)))
    if password is not None:
        sheet.protect(password)
    return keys


def check_print(doc, sheet):
    name = sheet.getName()
    ps = doc.StyleFamilies.getByName("PageStyles").getByName(sheet.PageStyle)
    check(abs(ps.Width - 29700) < 10 and abs(ps.Height - 21000) < 10,
          "%s: page is %dx%d, not A4 landscape" % (name, ps.Width, ps.Height))
    check(ps.ScaleToPagesX == 1, "%s: not scaled to one page wide" % name)
    # Nghị định 30, Phụ lục I: top and bottom 20-25 mm (LibreOffice puts
    # the header, with its gap, inside the top margin), left 30-35 mm,
    # right 15-20 mm; the page number in a header, centred.
    top = ps.TopMargin + (ps.HeaderHeight if ps.HeaderIsOn else 0)
    check(1990 <= top <= 2500, "%s: top margin %d mm, not 20-25" % (name, top / 100))
    bottom = ps.BottomMargin + (ps.FooterHeight if ps.FooterIsOn else 0)
    check(1990 <= bottom <= 2500, "%s: bottom margin %d mm, not 20-25" % (name, bottom / 100))
    check(2990 <= ps.LeftMargin <= 3500, "%s: left margin %d mm, not 30-35" % (name, ps.LeftMargin / 100))
    check(1490 <= ps.RightMargin <= 2000, "%s: right margin %d mm, not 15-20" % (name, ps.RightMargin / 100))
    check(ps.HeaderIsOn and not ps.FooterIsOn, "%s: the page number is not in the header" % name)
    check(sheet.PrintTitleRows, "%s: column header row not repeated on each page" % name)
    areas = sheet.getPrintAreas()
    check(len(areas) == 1 and areas[0].EndColumn == 8, "%s: print area %r" % (name, areas))
    say("  page %dx%d mm, margins L%d R%d T%d B%d mm, one page wide: %s, repeated row %d, "
        "print area A%d:I%d" % (ps.Width / 100, ps.Height / 100, ps.LeftMargin / 100,
                                ps.RightMargin / 100, ps.TopMargin / 100, ps.BottomMargin / 100,
                                ps.ScaleToPagesX == 1, sheet.TitleRows.StartRow + 1,
                                areas[0].StartRow + 1 if areas else 0,
                                areas[0].EndRow + 1 if areas else 0))


def check_xlsx(office, doc, work, identities, password):
    from com.sun.star.sheet.ValidationType import CUSTOM
    path = os.path.join(work, "roundtrip.xlsx")
    office.store(doc, path, "Calc MS Excel 2007 XML")
    doc.close(True)
    x = office.load(path)
    try:
        sheets = x.Sheets
        check(sheets.Count == len(identities), "xlsx: %d tables, expected %d" %
              (sheets.Count, len(identities)))
        for i in range(sheets.Count):
            sh = sheets.getByIndex(i)
            name = sh.getName()
            ident = sh.getCellByPosition(COL_G, 0).getString()
            check(ident == identities.get(name), "xlsx %s: identity %r, expected %r" %
                  (name, ident, identities.get(name)))
            check(sh.isProtected(), "xlsx %s: protection lost" % name)
            if password is not None:
                # the head's password still lifts it (and the probes below
                # may then write into G)
                sh.unprotect(password)
                check(not sh.isProtected(), "xlsx %s: the password no longer lifts the "
                      "protection" % name)
            check(not sh.getColumns().getByIndex(COL_G).IsVisible, "xlsx %s: column J shown" % name)
            keys, _ = read_rows(sh)
            leaf = next(r for r, k in sorted(keys.items())
                        if not k.startswith("=") and r and
                        not sh.getCellByPosition(COL_D, r).CellProtection.IsLocked)
            cell = sh.getCellByPosition(COL_D, leaf)
            nrule = nbad = 0
            for r, k in keys.items():
                if k.startswith("=") or not r or \
                        sh.getCellByPosition(COL_D, r).CellProtection.IsLocked:
                    continue
                for c in (COL_D, COL_E):
                    sc = sh.getCellByPosition(c, r)
                    v = sc.Validation
                    m = re.search(r"<=([0-9.]+)", v.getFormula1())
                    # E open to the unit, G (the head's) locked
                    if not check(v.Type == CUSTOM and m and
                                 sc.CellProtection.IsLocked == (c == COL_E),
                                 "xlsx %s!%s: score cell protection or rule lost" %
                                 (name, a1(c, r))):
                        continue
                    nrule += 1
                    lim = float(m.group(1))
                    for val, want_bad in ((lim, False), (lim + 0.25, True)):
                        sc.setValue(val)
                        bad = circles(sh) > 0
                        sc.setString("")
                        nbad += bad
                        check(bad == want_bad, "xlsx %s!%s: value %g marked %s" %
                              (name, a1(c, r), val, "invalid" if bad else "valid"))
            say("xlsx %s: %d score cells with their rule (E open, G locked); %d of %d probes marked "
                "invalid (expected %d)" % (name, nrule, nbad, 2 * nrule, nrule))
            notes = sh.getAnnotations()
            shown = sum(1 for i in range(notes.Count) if notes.getByIndex(i).IsVisible)
            check(shown == 0, "xlsx %s: %d comments shown" % (name, shown))
            say("xlsx %s: identity %s, protected %s, J hidden %s, %s unlocked with rule %s" %
                (name, ident, sh.isProtected(), not sh.getColumns().getByIndex(COL_G).IsVisible,
                 a1(COL_D, leaf), cell.Validation.getFormula1()))
    finally:
        x.close(True)


def password_beside(sheet_path):
    """The head's password from the mat-khau-tham-dinh-*.txt file in the
    sheet's folder, or None."""
    d = os.path.dirname(os.path.abspath(sheet_path))
    for f in sorted(os.listdir(d)):
        if f.startswith("mat-khau-tham-dinh-") and f.endswith(".txt"):
            with open(os.path.join(d, f), encoding="utf-8") as fh:
                m = re.search(r"^Mật khẩu: (\S+)", fh.read(), re.M)
            if m:
                return m.group(1)
    return None


def main(argv):
    global quiet
    args = [a for a in argv[1:] if not a.startswith("--")]
    quiet = "--quiet" in argv
    password = next((a.split("=", 1)[1] for a in argv if a.startswith("--password=")), None)
    if password is None and len(args) == 1:
        password = password_beside(args[0])
    if len(args) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    work = tempfile.mkdtemp(prefix="thidua-sheet-uno-")
    src = os.path.join(work, os.path.basename(args[0]))
    shutil.copy(args[0], src)
    try:
        office = lo.Office()
    except Exception as e:  # noqa: BLE001
        print("cannot start LibreOffice: %s" % e, file=sys.stderr)
        return 2
    try:
        doc = office.load(src)
        if doc is None:
            print("LibreOffice could not open %s" % args[0], file=sys.stderr)
            return 1
        identities = {}
        for i in range(doc.Sheets.Count):
            sheet = doc.Sheets.getByIndex(i)
            step = 0.25
            m = None
            keys, _ = read_rows(sheet)
            for r, k in keys.items():
                if k.startswith("=") or r == 0:
                    continue
                f = sheet.getCellByPosition(COL_D, r).Validation.getFormula1()
                m = re.search(r"\*100/([0-9]+)", f)
                if m:
                    break
            if m:
                step = int(m.group(1)) / 100.0
            say("step %g" % step)
            identities[sheet.getName()] = sheet.getCellByPosition(COL_G, 0).getString()
            check_table(doc, sheet, step, password)
            check_print(doc, sheet)
        check_xlsx(office, doc, work, identities, password)
    finally:
        office.close()
        lo.cleanup()
        shutil.rmtree(work, ignore_errors=True)
    print("%s: %s" % (args[0], "ok" if not failures else "%d failures" % len(failures)))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
