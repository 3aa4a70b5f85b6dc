"""test_rules.py - the new sheet kinds end to end, through real LibreOffice
and the `thidua` command, from cluster workbooks as users write them:

* tests/fixtures/rules-cluster.fods (every Cách chấm, rules under a
  criterion with a floor, targets, a leader row, a condition, a scoring body,
  empty bonus/deduction/condition cells counting 0): `thidua sheets` writes
  the sheets; each unit types counts, Đạt / Không đạt, Có / Không and actual
  values into its cells through UNO, the scoring body (Sở Tài chính) types
  into its own file; half the files are saved as .xlsx. LibreOffice
  recomputes; the points its formulas show must equal the points worked out
  by hand below; then `thidua tally` reads them. A sheet returned unscored is
  reported (exit 1, the file and the unit named), not ranked.
* examples/cum-so-nganh-tinh-2024.fods (the council-style example: decimal
  codes, a deduction inside a criterion scored by a body, a kept published
  total, a leader row per group, bands, a percentage quota, two groups),
  filled as `make demo` fills it (tools/demo-fill.py), tallied to totals,
  bands and awards worked out by hand.

Prints a closing "N passed, N failed" line."""
import json
import re
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fill_sheets  # noqa: E402
import lo  # noqa: E402

DATA = os.path.join(lo.ROOT, "tests", "fixtures", "rules-cluster.fods")
COUNCIL = os.path.join(lo.ROOT, "examples", "cum-so-nganh-tinh-2024.fods")

# What each unit types in its own sheet (the self entries) and the format it
# returns. Targets: I.3 A 100, B 80, C 120, D 50; I.4 A 200, B 150, C 100,
# D 100 (tests/fixtures/rules-cluster.fods).
ENTRIES = {
    "A": ({"I.1": 18.5, "I.2": "Đạt", "I.3": 95, "I.4": 250, "I.5": 9, "I.5.1": 2, "I.5.2": 0.5,
           "II.1": 20, "II.2": 3, "III.1": 3, "III.2": 2, "IV.1": 0, "IV.2": "Không"},
          {"I.1": 17}, "xlsx"),
    "B": ({"I.1": 15, "I.2": "Không đạt", "I.3": 100, "I.4": 120, "I.5": 10, "I.5.1": 7,
           "I.5.2": 0, "II.1": 17.25, "II.2": 5, "III.1": 1, "III.2": 0, "IV.1": 1,
           "IV.2": "Không"}, None, "ods"),
    # C leaves its empty bonus and deduction cells empty: they count 0 here
    "C": ({"I.1": 20, "I.2": "Đạt", "I.3": 60, "I.4": 300, "I.5": 8.75, "I.5.2": 1,
           "II.1": 19.5, "II.2": 4, "III.1": 2, "III.2": 3, "IV.2": "Có"}, None, "xlsx"),
    "D": ({"I.1": 10, "I.2": "Đạt", "I.3": 33.33, "I.4": 100, "I.5": 6, "I.5.1": 3,
           "I.5.2": 0.25, "II.1": 12, "II.2": 1, "III.1": 0, "III.2": 0, "IV.1": 2,
           "IV.2": "Không"}, None, "ods"),
}
# What the sheet's formulas must show (Điểm tự chấm), worked by hand:
#  I.2  Đạt -> 10, Không đạt -> 0
#  I.3  min(10, round(10 x actual / target, 2)): A 10x95/100 = 9,5; B 100 >= 80 -> 10;
#       C 10x60/120 = 5; D 10x33,33/50 = 6,666 -> 6,67
#  I.4  below target 10 x actual / (2 x target), at or above 5 (the rest at the tally):
#       A 250 >= 200 -> 5; B 10x120/300 = 4; C 300 >= 100 -> 5; D 100 >= 100 -> 5
#  I.5  max(I.5 - deductions, min(I.5, floor 5)) + bonus, I.5.1 counts 1 point each:
#       A max(9-2, 5) + 0,5 = 7,5; B max(10-7, 5) + 0 = 5 (the floor); C 8,75 + 1 = 9,75;
#       D max(6-3, 5) + 0,25 = 5,25
#  II.2 min(20, 5 x count): A 15, B 20 (25 held to 20), C 20, D 5
#  III  min(5, min(4, 2 x count) + III.2): A min(5, 4+2) = 5; B 2; C min(5, 4+3) = 5; D 0
#  IV   3 x count: A 0, B 3, C 0 (empty counts 0), D 6
POINTS = {
    "A": {"I.1": 18.5, "I.2": 10, "I.3": 9.5, "I.4": 5, "I.5": 7.5, "I.5.1": 2, "I.5.2": 0.5,
          "I": 50.5, "II.2": 15, "II": 35, "III.1": 4, "III": 5, "IV": 0,
          "=BASE": 85.5, "=BONUS": 5, "=DEDUCT": 0, "=TOTAL": 90.5},
    "B": {"I.2": 0, "I.3": 10, "I.4": 4, "I.5": 5, "I.5.1": 7, "I": 34, "II.2": 20,
          "II": 37.25, "III": 2, "IV": 3, "=BASE": 71.25, "=BONUS": 2, "=DEDUCT": 3,
          "=TOTAL": 70.25},
    "C": {"I.3": 5, "I.4": 5, "I.5": 9.75, "I": 49.75, "II": 39.5, "III": 5, "IV": 0,
          "=BASE": 89.25, "=BONUS": 5, "=DEDUCT": 0, "=TOTAL": 94.25},
    "D": {"I.3": 6.67, "I.4": 5, "I.5": 5.25, "I": 36.92, "II": 17, "III": 0, "IV": 6,
          "=BASE": 53.92, "=BONUS": 0, "=DEDUCT": 6, "=TOTAL": 47.92},
}
# The scoring body's entries (its own file, one table per unit); C's bonus
# cell left empty (counts 0). Points: A max(8-1, 5) = 7; B 8 + 0,5 = 8,5;
# C 9; D max(5-1, 5) = 5.
BODY = {
    "A": {"I.5": 8, "I.5.1": 1, "I.5.2": 0},
    "B": {"I.5": 10, "I.5.1": 2, "I.5.2": 0.5},
    "C": {"I.5": 9, "I.5.1": 0},
    "D": {"I.5": 5, "I.5.1": 1, "I.5.2": 0},
}
BODY_POINTS = {"A": 7, "B": 8.5, "C": 9, "D": 5}
# The tally's totals by the rules of docs/tally.md (body > head > self; the
# leader row over the cluster: ratios A 1,25, B 0,8, C 3 (the leader), D 1:
# A 5 + 5 x 0,25/2 = 5,625 -> 5,63; B 4; C 10; D 5):
#  A: I.1 17 (the head's) + 10 + 9,5 + 5,63 + 7 (body) + 35 = 84,13 base, + 5 = 89,13
#  B: 15 + 0 + 10 + 4 + 8,5 + 37,25 = 74,75, + 2 - 3 = 73,75
#  C: 20 + 10 + 5 + 10 + 9 + 39,5 = 93,5, + 5 = 98,5 (Có on IV.2: barred from every award)
#  D: 10 + 10 + 6,67 + 5 + 5 + 17 = 53,67, - 6 = 47,67 (a deduction on IV.1: not the flag)
# Ranking C, A, B, D; awards: A the flag, B and D the certificate, C none.
FINAL = {"A": "89.13", "B": "73.75", "C": "98.5", "D": "47.67"}
RANK = {"C": 1, "A": 2, "B": 3, "D": 4}

results = []


def test(fn):
    results.append(fn)
    return fn


class State:
    pass


def run(*args):
    """`thidua ARGS --json --force`: (exit code, the JSON it printed)."""
    p = subprocess.run([lo.THIDUA] + list(args) + ["--json", "--force"], capture_output=True,
                       text=True, timeout=300)
    try:
        return p.returncode, json.loads(p.stdout)
    except ValueError:
        raise AssertionError("thidua %s: no JSON (rc %d): %s %s" %
                             (args[0], p.returncode, p.stdout[-2000:], p.stderr[-2000:]))


def tally(data, out, *inputs):
    return run("tally", data, *inputs, "-o", out)


def points_of(office, path):
    """{table: {code: points shown}} of a saved file, recomputed by LibreOffice."""
    doc = office.load(os.path.abspath(path))
    assert doc is not None, path
    try:
        doc.calculateAll()
        out = {}
        sheets = doc.getSheets()
        for i in range(sheets.getCount()):
            sh = sheets.getByIndex(i)
            t = fill_sheets.layout(sh)
            if t is None:
                continue
            out[sh.getName()] = {code: sh.getCellByPosition(t.self_pts, r).getValue()
                                 for code, r in t.rows.items()}
            out[sh.getName()]["#cluster"] = {
                code: sh.getCellByPosition(t.cl_pts, r).getValue()
                for code, r in t.rows.items()} if t.cl_pts is not None else None
            out[sh.getName()]["#lists"] = {
                code: sh.getCellByPosition(t.self_in, r).Validation.getFormula1()
                for code, r in t.rows.items()
                if sh.getCellByPosition(t.self_in, r).Validation.Type.value == "LIST"}
        return out
    finally:
        doc.close(True)


def setup(office):
    st = State()
    st.work = tempfile.mkdtemp(prefix="thidua-rules-")
    st.office = office
    gen = os.path.join(st.work, "phat-ra")
    os.mkdir(gen)
    rc, j = run("sheets", DATA, "-o", gen)
    assert rc == 0 and not j["diagnostics"], j
    st.issued = {}
    for p in j["outputs"]:
        name = os.path.basename(p)
        st.issued[name.rsplit("-", 1)[1][:-4]] = p
    assert sorted(st.issued) == ["A", "B", "C", "D", "STC"], sorted(st.issued)
    st.back = os.path.join(st.work, "nhan-ve")
    os.mkdir(st.back)
    st.saved = {}
    for code, (self_e, head_e, fmt) in ENTRIES.items():
        ods, xlsx = fill_sheets.fill(office, st.issued[code], os.path.join(st.work, "tmp-" + code),
                                     self_e, cluster=head_e)
        keep = xlsx if fmt == "xlsx" else ods
        dest = os.path.join(st.back, "don-vi-%s.%s" % (code, fmt))
        shutil.copy(keep, dest)
        st.saved[code] = dest
    # the body fills one table per unit of its own file
    src = st.issued["STC"]
    for code, e in BODY.items():
        ods, xlsx = fill_sheets.fill(office, src, os.path.join(st.work, "stc-" + code), e,
                                     table=code)
        src = ods
    st.body = os.path.join(st.back, "so-tai-chinh.ods")
    shutil.copy(src, st.body)
    return st


@test
def generated_files_are_valid_odf(st):
    for p in st.issued.values():
        res = lo.odfcheck(p)
        assert res is None or res[0], res and res[1]


@test
def formulas_show_the_hand_worked_points(st):
    for code, want in POINTS.items():
        got = points_of(st.office, st.saved[code])
        table = got["Tự chấm điểm"]
        for k, v in want.items():
            assert abs(table[k] - v) < 1e-9, (code, st.saved[code], k, table[k], v)
    # the head's verification of A's I.1 shows in its own column
    got = points_of(st.office, st.saved["A"])["Tự chấm điểm"]
    assert abs(got["#cluster"]["I.1"] - 17) < 1e-9, got["#cluster"]
    assert abs(got["#cluster"]["=TOTAL"] - 17) < 1e-9, got["#cluster"]


@test
def lists_survive_xlsx(st):
    for code in ("A", "C"):   # saved as .xlsx and reopened
        lists = points_of(st.office, st.saved[code])["Tự chấm điểm"]["#lists"]
        assert lists.get("I.2") == '"Đạt";"Không đạt"', lists
        assert lists.get("IV.2") == '"Có";"Không"', lists


@test
def body_file_computes_its_rows(st):
    got = points_of(st.office, st.body)
    assert sorted(got) == ["A", "B", "C", "D"], sorted(got)
    for code, v in BODY_POINTS.items():
        assert abs(got[code]["I.5"] - v) < 1e-9, (code, got[code]["I.5"], v)
        assert got[code]["#cluster"] is None      # no verification pair
        assert "I.1" not in got[code] and "=TOTAL" not in got[code], sorted(got[code])


def by_code(j):
    return {u["code"]: u for u in j["results"]["units"]}


@test
def tally_reads_every_entry(st):
    out = os.path.join(st.work, "ket-qua")
    rc, j = tally(DATA, out, st.back)
    errors = [d for d in j["diagnostics"] if d["severity"] == "error"]
    assert not errors, errors
    # LibreOffice's totals equal the reader's recomputation from the entries
    assert not [d for d in j["diagnostics"] if d["code"] == "score.total-differs"], \
        j["diagnostics"]
    assert rc == 0, j
    units = by_code(j)
    assert sorted(units) == ["A", "B", "C", "D"], sorted(units)
    for code, total in FINAL.items():
        assert units[code]["final_total"] == total, (code, units[code])
        assert units[code]["rank"] == RANK[code], (code, units[code])
    assert units["A"]["award"] and units["A"]["award"].startswith("Cờ"), units["A"]
    assert units["C"]["award"] is None, units["C"]
    assert units["D"]["award"] and units["D"]["award"].startswith("Bằng khen"), units["D"]


@test
def blank_sheet_is_reported_not_ranked(st):
    d = os.path.join(st.work, "chua-cham")
    os.mkdir(d)
    for code in ("A", "C", "D"):
        shutil.copy(st.saved[code], d)
    shutil.copy(st.body, d)
    shutil.copy(st.issued["B"], os.path.join(d, "B-tra-lai.ods"))  # returned as issued
    rc, j = tally(DATA, os.path.join(st.work, "kq-chua-cham"), d)
    assert rc == 1, j
    un = [x for x in j["diagnostics"] if x["code"] == "score.unscored"]
    assert len(un) == 1, j["diagnostics"]
    assert un[0]["file"].endswith("B-tra-lai.ods"), un[0]
    assert "Sở Tư pháp" in un[0]["message_vi"] and "B-tra-lai.ods" in un[0]["message_en"], un[0]
    assert un[0]["where"] == "Tự chấm điểm!E8", un[0]
    assert j["results"] is None and not j["outputs"], j


@test
def missing_body_sheet_and_bad_entries_are_located(st):
    d = os.path.join(st.work, "thieu-co-quan")
    os.mkdir(d)
    for code in ("A", "B", "C", "D"):
        shutil.copy(st.saved[code], d)
    rc, j = tally(DATA, os.path.join(st.work, "kq-thieu"), d)
    assert rc == 1, j
    miss = [x for x in j["diagnostics"] if x["code"] == "score.missing-body-sheet"]
    assert len(miss) == 1 and "Sở Tài chính" in miss[0]["message_vi"], j["diagnostics"]
    # bad entries typed over the drop-down and the whole-number rule
    ods, xlsx = fill_sheets.fill(st.office, st.issued["D"], os.path.join(st.work, "sai-D"),
                                 dict(ENTRIES["D"][0], **{"I.2": "Tốt", "II.2": 2.5,
                                                          "I.3": "nhiều"}))
    for f in (ods, xlsx):
        rc, j = tally(DATA, os.path.join(st.work, "kq-sai"), f, "--allow-incomplete")
        where = {x["code"]: x["where"] for x in j["diagnostics"] if x["severity"] == "error"}
        assert where.get("score.not-pass") == "Tự chấm điểm!E11", (f, where)
        assert where.get("score.not-a-count") == "Tự chấm điểm!E19", (f, where)
        assert where.get("score.not-a-number") == "Tự chấm điểm!E12", (f, where)


# The council example as `make demo` fills it (tools/demo-fill.py COUNCIL),
# worked by hand by docs/tally.md's rules. Groups: tổng hợp STP, SNV, TTR;
# kinh tế STC, SKH, SCT. I.1.1 (20, leader per group): ratios STP 1500/1200 =
# 1,25 (leader), SNV 1, TTR 0,8; STC 2100/1500 = 1,4 (leader), SKH 1,3, SCT 1.
# I.1.2 (10, target 95 %): 10 x min(actual/95, 1). I.2 (10, Văn phòng UBND's
# entry, floor 0) - 0,5 per late report (the body's count). I.3 + 0,5 per
# initiative up to 1. III held to its published 15. IV: 2/lượt up to 4 +
# 1/lần up to 2, the part up to 5. V.1: 3 per case.
#  STP 20 + 10 + 10 + (10 - 0,5) + (9 + 0,5) + 10 + 14 + min(19, 15) = 98, + 2 + 1 = 101
#  SNV 10 + 10 + 10 + (10 - 1,5) + (8,5 + 1) + 10 + 15 + 15 = 88, + 4 = 92
#  TTR 20/2 x 0,8 = 8, + 10 x 90/95 = 9,47, + 0 + (10 - 2) + 7 + 10 + 11 (the head's) + 15
#      = 68,47, - 3 = 65,47
#  STC 20 + 10 + 10 + 10 + (9,5 + 1) + 25 + 15 = 100,5, + min(5, 4 + 2) = 105,5
#  SKH 10 + 10 x 0,3/0,4 = 17,5, + 10 + 10 + (9,5 - 0,5) + (10 + 0,5) + 25 + 15 = 97,
#      + 3 - 3 = 97 (a deduction on V.1: no Cờ)
#  SCT 10 + 10 x 85,5/95 = 9, + 10 + (10 - 1) + 9 + 0 + 13 + 15 = 75 (V.2 Có: no award)
# Bands (≥ 90 and no criterion below 85 %; ≥ 80 and none below 80 %; ≥ 70 and no
# part below 70 %; the rest): STP, STC, SKH the first; SNV (I.1.1 at 50 %) the
# third; TTR (65,47) and SCT (part II 13/25 = 52 %) the last. Awards per group:
# the Cờ (1, ≥ 95, first band) to STP and STC; the Bằng khen "không quá 20%" of
# 3 units is 0; the Giấy khen (no limit, third band or better) to SNV and SKH.
COUNCIL_FINAL = {"STP": ("101", 1, 0, "Cờ"), "SNV": ("92", 2, 2, "Giấy khen"),
                 "TTR": ("65.47", 3, 3, None), "STC": ("105.5", 1, 0, "Cờ"),
                 "SKH": ("97", 2, 0, "Giấy khen"), "SCT": ("75", 3, 3, None)}
COUNCIL_BANDS = ["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ",
                 "Không hoàn thành nhiệm vụ"]


@test
def council_example_through_the_command(st):
    gen = os.path.join(st.work, "hd-phat-ra")
    back = os.path.join(st.work, "hd-nhan-ve")
    os.mkdir(back)
    rc, j = run("sheets", COUNCIL, "-o", gen)
    assert rc == 0, j
    assert len(j["outputs"]) == 7, j["outputs"]   # six units and the body's file
    lo.demo_fill().fill_council(st.office, gen, back)
    names = sorted(os.listdir(back))
    assert sum(n.endswith(".xlsx") for n in names) == 3, names
    # the sheet's own formulas: part III held to 15 in STP's sheet (19 typed)
    stp = [n for n in names if n.endswith("-STP.ods")][0]
    assert abs(points_of(st.office, os.path.join(back, stp))["Tự chấm điểm"]["III"] - 15) < 1e-9
    rc, j = tally(COUNCIL, os.path.join(st.work, "hd-ket-qua"), back)
    assert rc == 0, j
    # nothing but the kept published total is reported: the sheets' totals
    # equal the reader's recomputation
    assert [d["code"] for d in j["diagnostics"]] == ["data.sum-kept"], j["diagnostics"]
    units = by_code(j)
    for code, (total, rank, band, award) in COUNCIL_FINAL.items():
        u = units[code]
        assert u["final_total"] == total and u["rank"] == rank, (code, u)
        assert u["band"] == COUNCIL_BANDS[band], (code, u["band"])
        assert (u["award"] is None) if award is None else u["award"].startswith(award), (code, u)
    # the report heads each group with its name as the data gives it
    report = [o for o in j["outputs"] if o.endswith(".odt")]
    assert len(report) == 1, j["outputs"]
    with zipfile.ZipFile(report[0]) as z:
        text = re.sub(r"<[^>]+>", "", z.read("content.xml").decode("utf-8"))
    for heading in ("Khối tổng hợp (3 đơn vị):", "Khối kinh tế (3 đơn vị):"):
        assert heading in text, heading
    assert "Nhóm Khối" not in text


def main():
    if not os.path.exists(lo.THIDUA):
        print("integration-rules: %s is missing (make cli)" % lo.THIDUA)
        print("integration-rules: 0 passed, 1 failed")
        return 1
    office = lo.Office()

    def teardown(st):
        office.close()
        if st:
            shutil.rmtree(st.work, ignore_errors=True)

    return lo.run_cases("rules", [(fn.__name__, fn) for fn in results],
                        lambda: setup(office), teardown)


if __name__ == "__main__":
    sys.exit(main())
