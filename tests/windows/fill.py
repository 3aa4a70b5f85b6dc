"""fill.py - the returned sheets that `make check-windows` tallies with both
commands: the integration tests' set (tests/integration/test_tally.py: the
Linux command's sheets for the Hà Nội example, filled in LibreOffice over
UNO as the units do, saved as .ods or .xlsx), copied under Vietnamese names.

    /usr/bin/python3 tests/windows/fill.py DEST
    -> DEST/Cụm thi đua số XII.xml, DEST/Bảng đã chấm/Đơn vị số N.(ods|xlsx)
"""
import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import lo  # noqa: E402
import test_tally  # noqa: E402


def main():
    dest = sys.argv[1]
    office = lo.Office()
    try:
        st = test_tally.setup(office)
    finally:
        office.close()
    try:
        sheets = os.path.join(dest, "Bảng đã chấm")
        os.makedirs(sheets)
        shutil.copy(st.data, os.path.join(dest, "Cụm thi đua số XII.xml"))
        for i, f in enumerate(sorted(os.listdir(st.filled)), 1):
            ext = os.path.splitext(f)[1]
            shutil.copy(os.path.join(st.filled, f), os.path.join(sheets, "Đơn vị số %d%s" % (i, ext)))
    finally:
        shutil.rmtree(st.work, ignore_errors=True)


if __name__ == "__main__":
    main()
