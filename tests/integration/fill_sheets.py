"""fill_sheets.py - fill a generated scoring sheet the way a person does, in
real LibreOffice over UNO: open the .ods in headless soffice, find each
criterion's row by the hidden code column (form/form.h: the last column holds
the criterion code, its first cell the identity) and the entry columns by
their headers ("Kết quả tự chấm" or, in a scoring body's table, "Kết quả
<body> chấm"; "Kết quả thẩm định"), type values into the entry cells, let
Calc recalculate, and save the result as .ods and as .xlsx.

Used by the integration tests (run with Debian's /usr/bin/python3, which has
the uno module):

    import lo, fill_sheets
    office = lo.Office()
    fill_sheets.fill(office, "bang-tu-cham-diem-2018-BHXH.ods", "out/bhxh",
                     {"I.1": 28.5, "I.2": "9,75", "V.1": "=2+2"},
                     cluster={"I.1": 28})
    # -> out/bhxh.ods, out/bhxh.xlsx

A value is typed as a person types it: a number (int/float) becomes a
number; a str starting with "=" becomes a formula; any other str is text
("8,5" typed into a text-formatted cell; "Đạt" chosen in a drop-down list is
text too). None clears the cell.

As a command:
    /usr/bin/python3 fill_sheets.py IN.ods OUT_PREFIX CODE=VALUE... \
        [--cluster CODE=VALUE...] [--table NAME]
VALUE: a number ("28.5"), "'text" for text, "=..." for a formula.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lo  # noqa: E402

ID_PREFIX = "thidua:"
MAX_ROWS = 2000    # a scoring sheet is a few dozen rows; rows beyond are not looked at
MAX_COLS = 16

FILTER_ODS = "calc8"
FILTER_XLSX = "Calc MS Excel 2007 XML"


class Table:
    """Where things are in one scoring table: code -> row, and the entry and
    points columns of the scorer and of the verification (None in a body's
    table)."""

    def __init__(self, rows, self_in, self_pts, cl_in, cl_pts, code_col):
        self.rows, self.self_in, self.self_pts = rows, self_in, self_pts
        self.cl_in, self.cl_pts, self.code_col = cl_in, cl_pts, code_col


def layout(sheet):
    """The Table of one sheet, or None when it has no identity (not a
    scoring table)."""
    code_col = None
    for c in range(MAX_COLS):
        if sheet.getCellByPosition(c, 0).getString().strip().startswith(ID_PREFIX):
            code_col = c
            break
    if code_col is None:
        return None
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    last = min(cursor.getRangeAddress().EndRow, MAX_ROWS)
    rows, header = {}, None
    for r in range(1, last + 1):
        s = sheet.getCellByPosition(code_col, r).getString().strip()
        if s:
            rows.setdefault(s, r)
        if s == "=HEADER" and header is None:
            header = r
    cols = {}
    for c in range(code_col):
        h = sheet.getCellByPosition(c, header).getString().strip() if header is not None else ""
        if h.startswith("Kết quả") and "thẩm định" not in h:
            cols.setdefault("self_in", c)
        elif h == "Kết quả thẩm định":
            cols["cl_in"] = c
        elif h.startswith("Điểm") and "thẩm định" in h:
            cols["cl_pts"] = c
        elif h.startswith("Điểm") and h != "Điểm chuẩn":
            cols.setdefault("self_pts", c)
    return Table(rows, cols.get("self_in"), cols.get("self_pts"), cols.get("cl_in"),
                 cols.get("cl_pts"), code_col)


def code_rows(sheet):
    """{code: row} of one table, from the hidden code column; None when the
    table has no identity (not a scoring table)."""
    t = layout(sheet)
    return t.rows if t else None


def type_into(cell, value):
    """Enter a value the way a person would."""
    if value is None:
        cell.setString("")
    elif isinstance(value, bool):
        cell.setValue(1.0 if value else 0.0)
    elif isinstance(value, (int, float)):
        cell.setValue(float(value))
    elif isinstance(value, str) and value.startswith("="):
        cell.setFormula(value)
    else:
        cell.setString(str(value))


def fill_doc(doc, scores, cluster=None, table=None):
    """Type the values into the score cells of every scoring table of an open
    document (or of the table named `table`). Raises KeyError when a code has
    no row. Returns the names of the tables filled."""
    filled = []
    sheets = doc.getSheets()
    for i in range(sheets.getCount()):
        sheet = sheets.getByIndex(i)
        if table is not None and sheet.getName() != table:
            continue
        t = layout(sheet)
        if t is None:
            continue
        for col, values in ((t.self_in, scores or {}), (t.cl_in, cluster or {})):
            if values and col is None:
                raise KeyError("%s: no such entry column" % sheet.getName())
            for code, value in values.items():
                if code not in t.rows:
                    raise KeyError("%s: no row for criterion %s" % (sheet.getName(), code))
                type_into(sheet.getCellByPosition(col, t.rows[code]), value)
        filled.append(sheet.getName())
    if not filled:
        raise KeyError("no scoring table%s" % (" named " + table if table else ""))
    doc.calculateAll()
    return filled


def fill(office, src, out_prefix, scores, cluster=None, table=None):
    """Open src (a generated .ods), fill it, save out_prefix + ".ods" and
    out_prefix + ".xlsx". Returns (ods path, xlsx path)."""
    doc = office.load(os.path.abspath(src))
    if doc is None:
        raise AssertionError("LibreOffice could not open %s" % src)
    try:
        fill_doc(doc, scores, cluster, table)
        ods = os.path.abspath(out_prefix + ".ods")
        xlsx = os.path.abspath(out_prefix + ".xlsx")
        office.store(doc, ods, FILTER_ODS)
        office.store(doc, xlsx, FILTER_XLSX)
    finally:
        doc.close(True)
    return ods, xlsx


def _parse_value(s):
    if s.startswith("'"):
        return s[1:]
    if s.startswith("="):
        return s
    if s == "":
        return None
    try:
        return float(s)
    except ValueError:
        return s


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    src, prefix = argv[1], argv[2]
    scores, cluster, table, target = {}, {}, None, None
    args = iter(argv[3:])
    target = scores
    for a in args:
        if a == "--cluster":
            target = cluster
            continue
        if a == "--self":
            target = scores
            continue
        if a == "--table":
            table = next(args)
            continue
        code, _, value = a.partition("=")
        target[code] = _parse_value(value)
    office = lo.Office()
    try:
        ods, xlsx = fill(office, src, prefix, scores, cluster, table)
    finally:
        office.close()
        lo.cleanup()
    print(ods)
    print(xlsx)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
