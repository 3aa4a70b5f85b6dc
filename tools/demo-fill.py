"""demo-fill.py - for `make demo`: fill the generated scoring sheets with a
sample of entries the way the units would, in LibreOffice over UNO, and save
them as the units send them back (.ods, and some as .xlsx).
Usage: /usr/bin/python3 tools/demo-fill.py [--council] SHEETS_DIR RETURNED_DIR

Without --council: the sheets of examples/cum-xii-ha-noi-2018.fods (every
third one returned as .xlsx). With --council: those of the council-style
example examples/cum-so-nganh-tinh-2024.fods, filled per Cách chấm (actual
values, Đạt / Không đạt, counts, Có / Không), the cluster head's check of one
entry, the scoring body's own file (one table per unit); every other unit
returns .xlsx."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "integration"))
import fill_sheets  # noqa: E402
import lo  # noqa: E402

# The base criteria at their maxima; each unit loses a little on I.1 and
# I.3 and claims some bonus (sample values, not real results).
FULL = {"I.1": 30, "I.2": 10, "I.3": 10, "II.1": 5, "II.2": 5, "II.3": 5, "II.4": 5,
        "III.1": 5, "III.2": 5, "III.3": 5, "III.4": 5, "IV.1": 5, "IV.2": 5}


def sample(i):
    s = dict(FULL)
    s["I.1"] = 30 - (i * 7 % 5) * 0.5
    s["I.3"] = 10 - (i % 3) * 0.25
    s["V.1"] = 2 * (i % 3)
    s["V.2"] = i % 4 if i % 4 <= 3 else 3
    if i == 4:
        s["VI.2"] = 1
    return s


# The council example, per unit: I.1.1 and I.1.2 actual values (hồ sơ, %),
# I.1.3 and II.1 Đạt / Không đạt, I.2.1, I.3.1, IV.x and V.1 counts, V.2
# Có / Không, the rest points. Sample values (ví dụ); the totals, bands and
# awards they give are worked out by hand in tests/integration/test_rules.py
# (COUNCIL_FINAL), which fills the sheets with this function too.
def council_self(i11, i12, i13, i2, i21, i3, i31, ii1, ii2, iii1, iii2, iv1, iv2, v1, v2):
    return {"I.1.1": i11, "I.1.2": i12, "I.1.3": i13, "I.2": i2, "I.2.1": i21, "I.3": i3,
            "I.3.1": i31, "II.1": ii1, "II.2": ii2, "III.1": iii1, "III.2": iii2, "IV.1": iv1,
            "IV.2": iv2, "V.1": v1, "V.2": v2}


COUNCIL = {
    "STP": council_self(1500, 97, "Đạt", 10, 0, 9, 1, "Đạt", 14, 10, 9, 1, 1, 0, "Không"),
    "SNV": council_self(800, 95, "Đạt", 10, 1, 8.5, 3, "Đạt", 15, 10, 10, 2, 0, 0, "Không"),
    "TTR": council_self(240, 90, "Không đạt", 9, 2, 7, 0, "Đạt", 12, 8, 8.5, 0, 0, 1, "Không"),
    "STC": council_self(2100, 98, "Đạt", 10, 0, 9.5, 2, "Đạt", 15, 10, 10, 3, 2, 0, "Không"),
    "SKH": council_self(1300, 99, "Đạt", 10, 0, 10, 1, "Đạt", 15, 10, 10, 1, 1, 1, "Không"),
    "SCT": council_self(900, 85.5, "Đạt", 10, 0, 9, 0, "Không đạt", 13, 9, 9, 0, 0, 0, "Có"),
}
# the cluster head (Sở Tư pháp) verifies Thanh tra's II.2
COUNCIL_HEAD = {"TTR": {"II.2": 11}}
# the scoring body (Văn phòng UBND tỉnh) scores I.2 and its late reports
COUNCIL_BODY = {"STP": {"I.2": 10, "I.2.1": 1}, "SNV": {"I.2": 10, "I.2.1": 3},
                "TTR": {"I.2": 10, "I.2.1": 4}, "STC": {"I.2": 10, "I.2.1": 0},
                "SKH": {"I.2": 9.5, "I.2.1": 1}, "SCT": {"I.2": 10, "I.2.1": 2}}


def fill_council(office, src, dst):
    names = sorted(os.listdir(src))
    units = [n for n in names if n.startswith("bang-tu-cham-diem-") and n.endswith(".ods")]
    bodies = [n for n in names if n.startswith("bang-cham-diem-") and n.endswith(".ods")]
    order = list(COUNCIL)
    for name in units:
        code = name[:-4].rsplit("-", 1)[1]
        base = os.path.join(dst, name[:-4])
        ods, xlsx = fill_sheets.fill(office, os.path.join(src, name), base, COUNCIL[code],
                                     cluster=COUNCIL_HEAD.get(code))
        as_xlsx = order.index(code) % 2 == 1
        os.remove(ods if as_xlsx else xlsx)
        print("demo: filled %s" % os.path.basename(xlsx if as_xlsx else ods))
    for name in bodies:
        cur = os.path.join(src, name)
        base = os.path.join(dst, name[:-4])
        for code, e in COUNCIL_BODY.items():
            ods, xlsx = fill_sheets.fill(office, cur, base, e, table=code)
            cur = ods
        os.remove(xlsx)
        print("demo: filled %s" % os.path.basename(ods))


def main(argv):
    council = "--council" in argv[1:]
    args = [a for a in argv[1:] if a != "--council"]
    if len(args) != 2:
        print(__doc__.strip().splitlines()[3], file=sys.stderr)
        return 2
    src, dst = args
    os.makedirs(dst, exist_ok=True)
    office = lo.Office()
    try:
        if council:
            fill_council(office, src, dst)
        else:
            for i, name in enumerate(sorted(f for f in os.listdir(src) if f.endswith(".ods"))):
                base = os.path.join(dst, os.path.splitext(name)[0])
                ods, xlsx = fill_sheets.fill(office, os.path.join(src, name), base, sample(i))
                os.remove(ods if i % 3 == 2 else xlsx)
                print("demo: filled %s" % os.path.basename(xlsx if i % 3 == 2 else ods))
    finally:
        office.close()
        lo.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
