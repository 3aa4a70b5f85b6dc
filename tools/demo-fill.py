"""demo-fill.py - for `make demo`: fill the generated scoring sheets with a
sample of scores the way the units would, in LibreOffice over UNO, and save
them as the units send them back (.ods, and every third one as .xlsx).
Usage: /usr/bin/python3 tools/demo-fill.py SHEETS_DIR RETURNED_DIR"""
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


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    src, dst = argv[1], argv[2]
    os.makedirs(dst, exist_ok=True)
    office = lo.Office()
    try:
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
